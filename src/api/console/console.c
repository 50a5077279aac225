/* console.c — the console's front door and frame: routes under /console, the login with the
 * admin token, the session cookie and CSRF checks, the static files, the vendor picker, and
 * the helpers every page writes with (layout, values, tables, pagers, forms). The pages
 * themselves are in the other files of this directory; none holds a business rule. */
#include "console.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/crypto.h"
#include "../../core/money.h"
#include "../../domain/auth.h"
#include "../../domain/clock.h"
#include "../adapter.h"
#include "../form.h"
#include "console_int.h"

#define COOKIE "kassa_console"
#define LOGIN_COOKIE "kassa_console_login" /* the login form's CSRF token (double submit) */

/* Every console page: no caching, nothing from elsewhere, never framed. */
static void security_headers(ks_response *resp)
{
    ks_response_header(resp, "Cache-Control", "no-store");
    ks_response_header(resp, "Content-Security-Policy",
                       "default-src 'none'; style-src 'self'; script-src 'self'; "
                       "img-src 'self'; connect-src 'self'; form-action 'self'; "
                       "frame-ancestors 'none'; base-uri 'none'");
    ks_response_header(resp, "X-Content-Type-Options", "nosniff");
    ks_response_header(resp, "Referrer-Policy", "same-origin");
}

static void answer_html(ks_response *resp, int status, ks_buf *b)
{
    size_t len = b->len;
    ks_response_set(resp, status, "text/html; charset=utf-8", ks_buf_steal(b), len);
    security_headers(resp);
}

/* --- request helpers ------------------------------------------------------------------------ */

const char *cs_q(cs_page *p, const char *name)
{
    const char *v = ks_query_value(p->req, name);
    while (v && (*v == ' ' || *v == '\t'))
        v++;
    return v && *v ? v : NULL;
}

const char *cs_f(cs_page *p, const char *name)
{
    return ks_form_value(p->req->arena, p->req->body, p->req->body_len, name);
}

int64_t cs_page_no(cs_page *p)
{
    const char *v = cs_q(p, "page");
    long long n = v ? strtoll(v, NULL, 10) : 1;
    return n >= 1 && n <= 1000000000 ? (int64_t)n : 1;
}

int cs_q_date(ks_time *out, int *has, cs_page *p, const char *name, int end_of_day, ks_err *err)
{
    const char *v = cs_q(p, name);
    *has = 0;
    if (!v)
        return 0;
    if (ks_time_parse_date(out, v, p->ctx.vendor->tz_offset))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "%s must be a date YYYY-MM-DD", name);
    if (end_of_day)
        *out += 86399;
    *has = 1;
    return 0;
}

/* --- writing -------------------------------------------------------------------------------- */

void cs_puts(cs_page *p, const char *s)
{
    ks_buf_puts(&p->b, s);
}

void cs_printf(cs_page *p, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof small) {
        ks_buf_add(&p->b, small, (size_t)n);
        return;
    }
    char *big = NULL;
    va_start(ap, fmt);
    n = vasprintf(&big, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    ks_buf_add(&p->b, big, (size_t)n);
    free(big);
}

void cs_text(cs_page *p, const char *s)
{
    if (!s || !*s)
        ks_buf_puts(&p->b, "<span class=\"none\">—</span>");
    else
        ks_buf_xml_escape(&p->b, s);
}

void cs_url(cs_page *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            strchr("-_.~", *c)) {
            ks_buf_putc(&p->b, (char)*c);
        } else {
            ks_buf_putc(&p->b, '%');
            ks_buf_putc(&p->b, hex[*c >> 4]);
            ks_buf_putc(&p->b, hex[*c & 15]);
        }
    }
}

void cs_money(cs_page *p, int64_t minor, const char *currency)
{
    char dec[32], out[48];
    int units = ks_money_minor_units(currency);
    ks_dec_format(dec, ks_money_to_dec(minor, currency));
    /* thousands separators and the currency's decimals, as people read amounts */
    const char *dot = strchr(dec, '.');
    size_t int_len = dot ? (size_t)(dot - dec) : strlen(dec);
    size_t o = 0, start = dec[0] == '-' ? 1 : 0;
    if (start)
        out[o++] = '-';
    for (size_t i = start; i < int_len; i++) {
        if (i > start && (int_len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = dec[i];
    }
    if (units > 0) {
        out[o++] = '.';
        const char *frac = dot ? dot + 1 : "";
        for (int i = 0; i < units; i++)
            out[o++] = *frac ? *frac++ : '0';
    }
    out[o] = '\0';
    cs_printf(p, "<span class=\"money\">%s&nbsp;", out);
    cs_text(p, currency);
    cs_puts(p, "</span>");
}

void cs_time(cs_page *p, ks_time t)
{
    char s[KS_TIME_STR_MAX];
    if (!t) {
        cs_text(p, NULL);
        return;
    }
    ks_time_format(s, t, p->ctx.vendor ? p->ctx.vendor->tz_offset : 0);
    cs_printf(p, "<time datetime=\"%lld\">%s</time>", (long long)t, s);
}

void cs_badge(cs_page *p, const char *kind, const char *text)
{
    cs_printf(p, "<span class=\"badge badge-%s\">", kind);
    cs_text(p, text);
    cs_puts(p, "</span>");
}

void cs_link(cs_page *p, const char *section, const char *key)
{
    cs_printf(p, "<a href=\"%s/%s/", p->base, section);
    cs_url(p, key);
    cs_puts(p, "\">");
    cs_text(p, key);
    cs_puts(p, "</a>");
}

void cs_status_badge(cs_page *p, const char *status)
{
    const char *kind = "neutral";
    if (!status)
        kind = "neutral";
    else if (strcmp(status, "COMPLETE") == 0)
        kind = "ok";
    else if (strcmp(status, "CANCELED") == 0 || strcmp(status, "REVERSED") == 0)
        kind = "bad";
    else if (strcmp(status, "REFUND") == 0)
        kind = "warn";
    else if (strcmp(status, "PENDING") == 0 || strcmp(status, "AUTHRECEIVED") == 0)
        kind = "info";
    cs_badge(p, kind, status);
}

const char *cs_unit(const char *u, int64_t n)
{
    if (!u)
        return "";
    switch (u[0]) {
    case 'D':
        return n == 1 ? "day" : "days";
    case 'M':
        return n == 1 ? "month" : "months";
    case 'Y':
        return n == 1 ? "year" : "years";
    }
    return u;
}

void cs_csrf(cs_page *p)
{
    cs_puts(p, "<input type=\"hidden\" name=\"csrf\" value=\"");
    cs_text(p, p->sess.csrf);
    cs_puts(p, "\">");
}

/* The current query without `page`, each pair followed by '&'. */
static void query_but_page(cs_page *p)
{
    for (size_t i = 0; i < p->req->nquery; i++) {
        const ks_kv *kv = &p->req->query[i];
        if (strcmp(kv->key, "page") == 0 || !kv->value || !*kv->value)
            continue;
        cs_url(p, kv->key);
        cs_puts(p, "=");
        cs_url(p, kv->value);
        cs_puts(p, "&amp;");
    }
}

void cs_pager(cs_page *p, int64_t page, int64_t limit, int64_t total)
{
    int64_t pages = total ? (total + limit - 1) / limit : 1;
    cs_puts(p, "<nav class=\"pager\" aria-label=\"Pages\">");
    if (page > 1) {
        cs_puts(p, "<a rel=\"prev\" href=\"?");
        query_but_page(p);
        cs_printf(p, "page=%lld\">← Previous</a>", (long long)(page - 1));
    }
    cs_printf(p, "<span>Page %lld of %lld · %lld in all</span>", (long long)page,
              (long long)pages, (long long)total);
    if (page < pages) {
        cs_puts(p, "<a rel=\"next\" href=\"?");
        query_but_page(p);
        cs_printf(p, "page=%lld\">Next →</a>", (long long)(page + 1));
    }
    cs_puts(p, "</nav>\n");
}

void cs_input(cs_page *p, const char *name, const char *label, const char *type)
{
    cs_printf(p, "<div class=\"field\"><label for=\"f-%s\">%s</label>"
                 "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"",
              name, label, name, name, type);
    const char *v = cs_q(p, name);
    if (v)
        ks_buf_xml_escape(&p->b, v);
    cs_puts(p, "\"></div>");
}

void cs_select(cs_page *p, const char *name, const char *label, const char *const *options)
{
    const char *v = cs_q(p, name);
    cs_printf(p, "<div class=\"field\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" "
                 "name=\"%s\">",
              name, label, name, name);
    for (size_t i = 0; options[i]; i += 2) {
        int sel = v ? strcmp(v, options[i]) == 0 : !*options[i];
        cs_puts(p, "<option value=\"");
        ks_buf_xml_escape(&p->b, options[i]);
        cs_printf(p, "\"%s>", sel ? " selected" : "");
        ks_buf_xml_escape(&p->b, options[i + 1]);
        cs_puts(p, "</option>");
    }
    cs_puts(p, "</select></div>");
}

static void head(ks_buf *b, const char *title)
{
    ks_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>");
    ks_buf_xml_escape(b, title);
    ks_buf_puts(b, " · Kassa console</title>"
                   "<link rel=\"stylesheet\" href=\"/console/assets/console.css\">"
                   "<script src=\"/console/assets/console.js\" defer></script></head>\n");
}

static const struct {
    const char *section, *path, *label;
} nav[] = {
    {"overview", "/", "Overview"},
    {"orders", "/orders", "Orders"},
    {"subscriptions", "/subscriptions", "Subscriptions"},
    {"leads", "/leads", "Leads"},
    {"partners", "/partners", "Partners"},
    {"catalog", "/catalog", "Catalog"},
    {"mailbox", "/mailbox", "Mailbox"},
    {"notifications", "/notifications", "Notifications"},
    {"clock", "/clock", "Clock"},
};

/* The header's vendor picker: a GET form, so it works without script (which submits it on
 * change). */
static void picker(cs_page *p)
{
    ks_vendor *list = NULL;
    size_t n = 0;
    ks_err err;
    if (ks_console_vendors(&list, &n, &p->ctx, &err))
        n = 0;
    cs_puts(p, "<form class=\"picker\" method=\"get\" action=\"/console/pick\">"
               "<label for=\"vendor-pick\">Vendor</label>"
               "<select id=\"vendor-pick\" name=\"vendor\" data-autosubmit>");
    if (!p->ctx.vendor)
        cs_puts(p, "<option value=\"\" selected>Choose…</option>");
    for (size_t i = 0; i < n; i++) {
        int sel = p->ctx.vendor && strcmp(p->ctx.vendor->code, list[i].code) == 0;
        cs_puts(p, "<option value=\"");
        cs_text(p, list[i].code);
        cs_printf(p, "\"%s>", sel ? " selected" : "");
        cs_text(p, list[i].code);
        cs_puts(p, "</option>");
    }
    cs_puts(p, "</select><button type=\"submit\" class=\"secondary\">Open</button></form>");
}

void cs_open(cs_page *p, const char *title, const char *section)
{
    ks_err err;
    ks_time now = 0;
    head(&p->b, title);
    cs_puts(p, "<body><a class=\"skip\" href=\"#main\">Skip to content</a>"
               "<header class=\"top\"><a class=\"brand\" href=\"/console/\">"
               "<span class=\"logo\" aria-hidden=\"true\">◆</span> Kassa <span>console</span></a>");
    picker(p);
    if (!ks_clock_now(&now, &p->ctx, &err)) {
        cs_puts(p, "<a class=\"sandbox-time\" href=\"");
        if (p->base) {
            cs_puts(p, p->base);
            cs_puts(p, "/clock");
        } else {
            cs_puts(p, "/console/");
        }
        cs_puts(p, "\" title=\"The sandbox clock\"><span>Sandbox time</span> ");
        cs_time(p, now);
        cs_puts(p, "</a>");
    }
    cs_puts(p, "<form class=\"logout\" method=\"post\" action=\"/console/logout\">");
    cs_csrf(p);
    cs_puts(p, "<button type=\"submit\" class=\"link\">Log out</button></form></header>\n");
    if (p->base) {
        cs_puts(p, "<nav class=\"sections\" aria-label=\"Sections\"><ul>");
        for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
            cs_printf(p, "<li><a href=\"%s%s\"%s>%s</a></li>", p->base, nav[i].path,
                      section && strcmp(section, nav[i].section) == 0
                          ? " aria-current=\"page\""
                          : "",
                      nav[i].label);
        }
        cs_puts(p, "</ul></nav>\n");
    }
    cs_puts(p, "<main id=\"main\" tabindex=\"-1\"><h1>");
    cs_text(p, title);
    cs_puts(p, "</h1>\n");
}

void cs_close(cs_page *p, int status)
{
    cs_puts(p, "</main><footer>Kassa sandbox console · times in the vendor's API zone");
    if (p->ctx.vendor)
        cs_printf(p, " (UTC%+d:%02d)", p->ctx.vendor->tz_offset / 3600,
                  abs(p->ctx.vendor->tz_offset % 3600) / 60);
    cs_puts(p, "</footer></body></html>\n");
    answer_html(p->resp, status, &p->b);
}

void cs_redirect(cs_page *p, const char *location)
{
    ks_buf_reset(&p->b);
    ks_buf_puts(&p->b, "<!DOCTYPE html><html lang=\"en\"><title>Redirecting</title><a href=\"");
    ks_buf_xml_escape(&p->b, location);
    ks_buf_puts(&p->b, "\">Continue</a></html>\n");
    p->resp->location = location;
    answer_html(p->resp, 303, &p->b);
}

void cs_fail(cs_page *p, const ks_err *err)
{
    ks_buf_reset(&p->b);
    cs_open(p, ks_err_http_status(err->kind) == 404 ? "Not found" : "Something went wrong", NULL);
    cs_puts(p, "<p class=\"notice notice-bad\" role=\"alert\" data-code=\"");
    ks_buf_xml_escape(&p->b, ks_err_name(err->code));
    cs_puts(p, "\"><strong>");
    ks_buf_xml_escape(&p->b, ks_err_name(err->code));
    cs_puts(p, "</strong> ");
    ks_buf_xml_escape(&p->b, err->msg);
    cs_puts(p, "</p>");
    if (p->base)
        cs_printf(p, "<p><a href=\"%s/\">Back to the overview</a></p>", p->base);
    cs_close(p, ks_err_http_status(err->kind));
}

void ks_console_error(ks_response *resp, const ks_err *err)
{
    ks_buf b = KS_BUF_INIT;
    head(&b, "Kassa console");
    ks_buf_puts(&b, "<body class=\"bare\"><main id=\"main\"><h1>Kassa console</h1>"
                    "<p class=\"notice notice-bad\" role=\"alert\" data-code=\"");
    ks_buf_xml_escape(&b, ks_err_name(err->code));
    ks_buf_puts(&b, "\">");
    ks_buf_xml_escape(&b, err->msg);
    ks_buf_puts(&b, "</p><p><a href=\"/console/\">Go to the console</a></p></main></body></html>\n");
    answer_html(resp, ks_err_http_status(err->kind), &b);
}

/* --- login ---------------------------------------------------------------------------------- */

/* The login page: the token field and the form's CSRF token, which is also set as a cookie
 * (double submit), so that another site cannot post a login of its choosing. */
static void login_page(ks_request *req, ks_response *resp, int status, const char *message)
{
    char token[65];
    ks_buf b = KS_BUF_INIT;
    ks_random_hex(token, 32);
    head(&b, "Log in");
    ks_buf_puts(&b, "<body class=\"bare\"><main id=\"main\" class=\"login\">"
                    "<h1><span class=\"logo\" aria-hidden=\"true\">◆</span> Kassa console</h1>"
                    "<p>See and steer the sandbox: orders, subscriptions, leads, mail and time."
                    "</p>");
    if (message) {
        ks_buf_puts(&b, "<p class=\"notice notice-bad\" role=\"alert\">");
        ks_buf_xml_escape(&b, message);
        ks_buf_puts(&b, "</p>");
    }
    ks_buf_puts(&b, "<form method=\"post\" action=\"/console/login\" class=\"card\">"
                    "<div class=\"field\"><label for=\"token\">Admin token</label>"
                    "<input id=\"token\" name=\"token\" type=\"password\" required "
                    "autocomplete=\"current-password\" autofocus aria-describedby=\"token-help\">"
                    "<p id=\"token-help\" class=\"help\">The <code>--admin-token</code> the "
                    "server was started with (<code>make run</code> prints it).</p></div>"
                    "<input type=\"hidden\" name=\"csrf\" value=\"");
    ks_buf_puts(&b, token);
    ks_buf_puts(&b, "\"><button type=\"submit\">Log in</button></form></main></body></html>\n");
    answer_html(resp, status, &b);
    ks_response_header(resp, "Set-Cookie",
                       ks_arena_printf(req->arena,
                                       LOGIN_COOKIE "=%s; Path=/console; HttpOnly; "
                                                    "SameSite=Strict",
                                       token));
}

static void login(ks_request *req, ks_response *resp, ks_ctx *ctx)
{
    char sid[KS_CONSOLE_SID_LEN + 1];
    ks_err err;
    const char *form = ks_form_value(req->arena, req->body, req->body_len, "csrf");
    const char *cookie = ks_cookie_value(req, LOGIN_COOKIE);
    const char *token = ks_form_value(req->arena, req->body, req->body_len, "token");
    if (!form || !cookie || strlen(form) != 64 || !ks_ct_streq(form, cookie)) {
        ks_err_setf(&err, KS_E_FORBIDDEN,
                    "The login form expired or came from elsewhere: open the console again");
        ks_console_error(resp, &err);
        return;
    }
    if (ks_console_login(sid, ctx, req->app->admin_token, token, &err)) {
        if (err.kind == KS_KIND_AUTH) {
            login_page(req, resp, 401, err.msg);
        } else {
            ks_console_error(resp, &err);
        }
        return;
    }
    ks_buf b = KS_BUF_INIT;
    ks_buf_puts(&b, "<!DOCTYPE html><html lang=\"en\"><title>Logged in</title>"
                    "<a href=\"/console/\">Continue</a></html>\n");
    resp->location = "/console/";
    answer_html(resp, 303, &b);
    ks_response_header(resp, "Set-Cookie",
                       ks_arena_printf(req->arena,
                                       COOKIE "=%s; Path=/console; HttpOnly; SameSite=Strict",
                                       sid));
    ks_response_header(resp, "Set-Cookie",
                       LOGIN_COOKIE "=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0");
}

/* --- static files ---------------------------------------------------------------------------- */

static void asset(ks_request *req, ks_response *resp, const char *name)
{
    ks_err err;
    (void)req;
    for (size_t i = 0; i < cs_assets_count; i++) {
        if (strcmp(cs_assets[i].name, name) != 0)
            continue;
        char *body = malloc(cs_assets[i].len + 1);
        if (!body)
            abort();
        memcpy(body, cs_assets[i].data, cs_assets[i].len);
        ks_response_set(resp, 200, cs_assets[i].content_type, body, cs_assets[i].len);
        ks_response_header(resp, "Cache-Control", "no-cache");
        ks_response_header(resp, "X-Content-Type-Options", "nosniff");
        return;
    }
    ks_err_setf(&err, KS_E_NOT_FOUND, "No such file");
    ks_console_error(resp, &err);
}

/* --- routing ---------------------------------------------------------------------------------- */

/* rest after "/console/v/CODE": the vendor's pages. */
static void vendor_pages(cs_page *p, const char *rest)
{
    ks_err err;
    int get = strcmp(p->req->method, "GET") == 0, post = strcmp(p->req->method, "POST") == 0;
    char seg[3][128] = {{0}};
    int nseg = 0;
    for (const char *s = rest; *s && nseg <= 3;) {
        while (*s == '/')
            s++;
        if (!*s)
            break;
        size_t len = strcspn(s, "/");
        if (nseg == 3 || len >= sizeof seg[0]) {
            nseg = 4;
            break;
        }
        memcpy(seg[nseg++], s, len);
        s += len;
    }
    p->path = rest;
#define IS(i, name) (strcmp(seg[i], name) == 0)
    if (get && nseg == 0)
        cs_overview(p);
    else if (get && nseg == 1 && IS(0, "orders"))
        cs_orders(p);
    else if (get && nseg == 2 && IS(0, "orders"))
        cs_order(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (post && nseg == 3 && IS(0, "orders") && IS(2, "refund"))
        cs_order_refund(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (get && nseg == 1 && IS(0, "subscriptions"))
        cs_subscriptions(p);
    else if (get && nseg == 2 && IS(0, "subscriptions"))
        cs_subscription(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (post && nseg == 3 && IS(0, "subscriptions") && IS(2, "set"))
        cs_subscription_set(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (get && nseg == 1 && IS(0, "leads"))
        cs_leads(p);
    else if (get && nseg == 2 && IS(0, "leads"))
        cs_lead(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (get && nseg == 1 && IS(0, "partners"))
        cs_partners(p);
    else if (get && nseg == 2 && IS(0, "partners"))
        cs_partner(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (get && nseg == 2 && IS(0, "proformas"))
        cs_proforma(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (get && nseg == 1 && IS(0, "catalog"))
        cs_catalog(p);
    else if (get && nseg == 1 && IS(0, "mailbox"))
        cs_mailbox(p);
    else if (get && nseg == 1 && IS(0, "notifications"))
        cs_notifications(p);
    else if (get && nseg == 2 && IS(0, "notifications"))
        cs_notification(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (post && nseg == 3 && IS(0, "notifications") && IS(2, "replay"))
        cs_notification_replay(p, ks_arena_strdup(p->req->arena, seg[1]));
    else if (get && nseg == 1 && IS(0, "clock"))
        cs_clock(p);
    else if (post && nseg == 2 && IS(0, "clock") && IS(1, "advance"))
        cs_clock_advance(p);
    else {
        ks_err_setf(&err, KS_E_NOT_FOUND, "No such page in the console");
        cs_fail(p, &err);
    }
#undef IS
}

/* The vendor picker's landing page: every vendor, with links. */
static void vendors_page(cs_page *p)
{
    ks_vendor *list = NULL;
    size_t n = 0;
    ks_err err;
    if (ks_console_vendors(&list, &n, &p->ctx, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, "Vendors", NULL);
    cs_puts(p, "<p class=\"lead\">The console shows one vendor at a time. Choose one.</p>");
    if (!n)
        cs_puts(p, "<p class=\"empty\">No vendor yet: create one with <code>kassa vendor add"
                   "</code> or <code>POST /control/vendors/</code>.</p>");
    else
        cs_puts(p, "<ul class=\"vendors\">");
    for (size_t i = 0; i < n; i++) {
        cs_puts(p, "<li><a class=\"card\" href=\"/console/v/");
        cs_url(p, list[i].code);
        cs_puts(p, "/\"><strong>");
        cs_text(p, list[i].code);
        cs_printf(p, "</strong><span>%s · since ", ks_model_name(list[i].model));
        cs_time(p, list[i].created);
        cs_puts(p, "</span></a></li>");
    }
    if (n)
        cs_puts(p, "</ul>");
    cs_close(p, 200);
}

void ks_console_handle(ks_request *req, ks_response *resp, const char *rest)
{
    ks_err err;
    cs_page pg;
    memset(&pg, 0, sizeof pg);
    pg.req = req;
    pg.resp = resp;
    ks_adapter_ctx(&pg.ctx, req);
    int get = strcmp(req->method, "GET") == 0, post = strcmp(req->method, "POST") == 0;
    if (!req->app->admin_token) {
        ks_err_setf(&err, KS_E_NOT_FOUND, "The console is off: start kassa with --admin-token");
        ks_console_error(resp, &err);
        return;
    }
    if (strncmp(rest, "/assets/", 8) == 0 && get) {
        asset(req, resp, rest + 8);
        return;
    }
    if (!get && !post) {
        resp->allow = "GET, POST";
        ks_err_setf(&err, KS_E_METHOD_NOT_ALLOWED, "Use GET or POST");
        ks_console_error(resp, &err);
        return;
    }
    if (post && strcmp(rest, "/login") == 0) {
        login(req, resp, &pg.ctx);
        return;
    }
    const char *sid = ks_cookie_value(req, COOKIE);
    if (ks_console_session_get(&pg.sess, &pg.ctx, sid, &err)) {
        if (err.kind != KS_KIND_AUTH)
            ks_console_error(resp, &err);
        else if (get) /* the console's address itself is its login page */
            login_page(req, resp, strcmp(rest, "") == 0 || strcmp(rest, "/") == 0 ? 200 : 401,
                       NULL);
        else {
            ks_err_setf(&err, KS_E_INVALID_SESSION, "Log in to the console first");
            ks_console_error(resp, &err);
        }
        return;
    }
    /* every change is a POST that carries the session's CSRF token (ks_console_csrf_ok) */
    if (post && !ks_console_csrf_ok(&pg.sess, ks_form_value(req->arena, req->body,
                                                            req->body_len, "csrf"))) {
        ks_err_setf(&err, KS_E_FORBIDDEN, "The form's CSRF token is missing or wrong: reload "
                                          "the page and try again");
        ks_console_error(resp, &err);
        return;
    }
    if (post && strcmp(rest, "/logout") == 0) {
        if (ks_console_logout(&pg.ctx, sid, &err)) {
            ks_console_error(resp, &err);
            return;
        }
        ks_response_header(resp, "Set-Cookie",
                           COOKIE "=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0");
        cs_redirect(&pg, "/console/");
        return;
    }
    if (get && (strcmp(rest, "") == 0 || strcmp(rest, "/") == 0)) {
        vendors_page(&pg);
        return;
    }
    if (get && strcmp(rest, "/pick") == 0) {
        const char *code = cs_q(&pg, "vendor");
        if (!code) {
            cs_redirect(&pg, "/console/");
            return;
        }
        ks_buf loc = KS_BUF_INIT;
        cs_page tmp = pg;
        tmp.b = loc;
        cs_puts(&tmp, "/console/v/");
        cs_url(&tmp, code);
        cs_puts(&tmp, "/");
        const char *where = ks_arena_strdup(req->arena, tmp.b.data);
        ks_buf_free(&tmp.b);
        cs_redirect(&pg, where);
        return;
    }
    if (strncmp(rest, "/v/", 3) == 0) {
        const char *code = rest + 3;
        size_t len = strcspn(code, "/");
        const char *vcode = ks_arena_strndup(req->arena, code, len);
        if (ks_console_use_vendor(&pg.ctx, vcode, &err)) {
            cs_fail(&pg, &err);
            return;
        }
        req->vendor_code = pg.ctx.vendor->code;
        ks_buf base = KS_BUF_INIT;
        cs_page tmp = pg;
        tmp.b = base;
        cs_puts(&tmp, "/console/v/");
        cs_url(&tmp, vcode);
        pg.base = ks_arena_strdup(req->arena, tmp.b.data);
        ks_buf_free(&tmp.b);
        vendor_pages(&pg, code + len);
        ks_buf_free(&pg.b);
        return;
    }
    ks_err_setf(&err, KS_E_NOT_FOUND, "No such page in the console");
    cs_fail(&pg, &err);
}
