/* curl_transport.c — libcurl behind the domain's transport table. Each call uses its own easy
 * handle (job workers call it from several threads at once) and is bounded in time and size:
 * a listener that is slow, answers without end or redirects in a loop costs at most the total
 * timeout of one job worker, never an API request. */
#include "curl_transport.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"

typedef struct {
    ks_curl_options o;
} transport;

typedef struct {
    ks_buf b;
    size_t max;
    int too_large;
} answer;

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
    answer *a = arg;
    size_t len = size * n;
    if (a->b.len + len > a->max) {
        a->too_large = 1;
        return 0; /* stops the transfer: CURLE_WRITE_ERROR */
    }
    ks_buf_add(&a->b, p, len);
    return len;
}

static int post_form(void *self, ks_arena *ar, const char *url, const char *body,
                     ks_post_result *out)
{
    transport *t = self;
    answer ans = {KS_BUF_INIT, t->o.max_answer, 0};
    struct curl_slist *hdrs = NULL;
    long status = 0;
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    if (!c) {
        out->outcome = KS_POST_FAILED;
        out->error = "curl_easy_init failed";
        return 0;
    }
    hdrs = curl_slist_append(hdrs, "Content-Type: application/x-www-form-urlencoded");
    hdrs = curl_slist_append(hdrs, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, t->o.connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, t->o.timeout_ms);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "Kassa IPN/LCN");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &ans);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OK) {
        out->outcome = KS_POST_ANSWERED;
        out->status = (int)status;
        out->answer = ks_arena_strndup(ar, ans.b.len ? ans.b.data : "", ans.b.len);
    } else {
        out->outcome = ans.too_large                    ? KS_POST_TOO_LARGE
                       : rc == CURLE_OPERATION_TIMEDOUT ? KS_POST_TIMEOUT
                       : rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST
                           ? KS_POST_REFUSED
                           : KS_POST_FAILED;
        out->status = (int)status;
        out->error = ks_arena_strdup(ar, ans.too_large ? "Answer larger than the cap"
                                                       : curl_easy_strerror(rc));
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    ks_buf_free(&ans.b);
    return 0;
}

typedef struct {
    const char *p;
    size_t left;
} upload;

static size_t on_read(char *p, size_t size, size_t n, void *arg)
{
    upload *u = arg;
    size_t len = size * n < u->left ? size * n : u->left;
    memcpy(p, u->p, len);
    u->p += len;
    u->left -= len;
    return len;
}

/* Header values come from the vendor's data: line breaks would inject headers. */
static void header_value(ks_buf *b, const char *s)
{
    for (; s && *s; s++)
        ks_buf_putc(b, *s == '\r' || *s == '\n' ? ' ' : *s);
}

static int send_mail(void *self, const char *from, const char *to, const char *subject,
                     const char *body, ks_err *err)
{
    transport *t = self;
    ks_buf msg = KS_BUF_INIT;
    struct curl_slist *rcpt = NULL;
    int rc = -1;
    char rcpt_addr[512];
    if (!from)
        from = t->o.mail_from;
    ks_buf_puts(&msg, "From: ");
    header_value(&msg, from);
    ks_buf_puts(&msg, "\r\nTo: ");
    header_value(&msg, to);
    ks_buf_puts(&msg, "\r\nSubject: ");
    header_value(&msg, subject);
    ks_buf_puts(&msg, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    for (const char *p = body; p && *p; p++) {
        /* CRLF line ends; a line starting with '.' is escaped by curl itself */
        if (*p == '\n' && (p == body || p[-1] != '\r'))
            ks_buf_putc(&msg, '\r');
        ks_buf_putc(&msg, *p);
    }
    ks_buf_puts(&msg, "\r\n");
    upload u = {msg.data, msg.len};
    snprintf(rcpt_addr, sizeof rcpt_addr, "<%s>", to);
    rcpt = curl_slist_append(rcpt, rcpt_addr);
    CURL *c = curl_easy_init();
    if (!c) {
        ks_err_setf(err, KS_E_SERVICE_UNAVAILABLE, "SMTP: cannot start");
        goto done;
    }
    curl_easy_setopt(c, CURLOPT_URL, t->o.smtp_url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, t->o.connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, t->o.timeout_ms);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    CURLcode r = curl_easy_perform(c);
    if (r != CURLE_OK) {
        ks_err_setf(err, KS_E_SERVICE_UNAVAILABLE, "SMTP: %s", curl_easy_strerror(r));
        goto done;
    }
    rc = 0;
done:
    if (c)
        curl_easy_cleanup(c);
    curl_slist_free_all(rcpt);
    ks_buf_free(&msg);
    return rc;
}

int ks_curl_transport_init(ks_transport *out, const ks_curl_options *opts)
{
    transport *t;
    memset(out, 0, sizeof *out);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    if (!(t = calloc(1, sizeof *t)))
        abort();
    t->o = *opts;
    if (t->o.connect_timeout_ms <= 0)
        t->o.connect_timeout_ms = 5000;
    if (t->o.timeout_ms <= 0)
        t->o.timeout_ms = 10000;
    if (t->o.max_answer == 0)
        t->o.max_answer = 65536;
    if (!t->o.mail_from)
        t->o.mail_from = "kassa@localhost";
    out->self = t;
    out->post_form = post_form;
    out->send_mail = t->o.smtp_url ? send_mail : NULL;
    return 0;
}

void ks_curl_transport_cleanup(ks_transport *t)
{
    if (!t || !t->self)
        return;
    free(t->self);
    t->self = NULL;
    curl_global_cleanup();
}
