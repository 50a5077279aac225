/* parse.c — the HTTP layer's own checks of the request line, the query and the headers. */
#include "parse.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int hexval(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

int ks_http_check_uri(const char *raw_uri, const ks_http_limits *limits, ks_err *err)
{
    size_t n = 0;
    for (const char *p = raw_uri; *p; p++, n++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return ks_err_setf(err, KS_E_BAD_REQUEST, "The request URI contains a control "
                                                      "character");
        if (p[0] == '%' && p[1] == '0' && p[2] == '0')
            return ks_err_setf(err, KS_E_BAD_REQUEST, "The request URI contains a NUL byte "
                                                      "(%%00)");
    }
    if (n > limits->max_uri)
        return ks_err_setf(err, KS_E_URI_TOO_LONG, "The request URI is longer than %zu bytes",
                           limits->max_uri);
    return 0;
}

/* Decodes s[0..n) into the arena: '+' is a space, %XX a byte (a malformed escape stays as it
 * is, as in libmicrohttpd). Returns NULL when the result would hold a NUL byte. */
static char *unescape(ks_arena *a, const char *s, size_t n)
{
    char *out = ks_arena_alloc(a, n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '+') {
            *o++ = ' ';
        } else if (s[i] == '%' && i + 2 < n &&
                   (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
                   (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            if (hi == 0 && lo == 0)
                return NULL;
            *o++ = (char)(hi << 4 | lo);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

const char *ks_http_query_of(const char *raw_uri)
{
    const char *q = strchr(raw_uri, '?');
    return q ? q + 1 : "";
}

int ks_http_query_parse(ks_kv **out, size_t *n, ks_arena *a, const char *query,
                        const ks_http_limits *limits, ks_err *err)
{
    const char *q = query;
    *out = NULL;
    *n = 0;
    if (!*q)
        return 0;
    size_t count = 1;
    for (const char *p = q; *p; p++)
        count += *p == '&';
    if (count > limits->max_query_args)
        return ks_err_setf(err, KS_E_URI_TOO_LONG,
                           "The query string has more than %zu arguments",
                           limits->max_query_args);
    ks_kv *kv = ks_arena_alloc(a, count * sizeof *kv);
    size_t k = 0;
    while (*q) {
        size_t len = strcspn(q, "&");
        if (len) { /* "a&&b": the empty argument is skipped */
            const char *eq = memchr(q, '=', len);
            size_t kl = eq ? (size_t)(eq - q) : len;
            kv[k].key = unescape(a, q, kl);
            kv[k].value = eq ? unescape(a, eq + 1, len - kl - 1) : "";
            if (!kv[k].key || !kv[k].value)
                return ks_err_setf(err, KS_E_BAD_REQUEST,
                                   "The query string contains a NUL byte (%%00)");
            k++;
        }
        q += len;
        if (*q == '&')
            q++;
    }
    *out = kv;
    *n = k;
    return 0;
}

int ks_http_check_header(size_t *total, const char *name, size_t name_len, const char *value,
                         size_t value_len, const ks_http_limits *limits, ks_err *err)
{
    if (strlen(name) != name_len || (value && strlen(value) != value_len))
        return ks_err_setf(err, KS_E_BAD_REQUEST, "A request header contains a NUL byte");
    *total += name_len + value_len + 4; /* ": " and CRLF */
    if (*total > limits->max_headers)
        return ks_err_setf(err, KS_E_HEADERS_TOO_LARGE,
                           "The request headers are larger than %zu bytes", limits->max_headers);
    return 0;
}

int ks_http_check_header_block(const char *block, size_t len, const ks_http_header *h, size_t n,
                               ks_err *err)
{
    const char *end_of_block = block + len;
    for (size_t i = 0; i < n; i++) {
        const char *end = h[i].value ? h[i].value + h[i].value_len : h[i].key + h[i].key_len;
        const char *next = i + 1 < n ? h[i + 1].key : end_of_block;
        if (end < block || end > next || next > end_of_block)
            continue;
        for (const char *p = end; p < next; p++)
            if (*p != '\0' && *p != '\r' && *p != '\n' && *p != ' ' && *p != '\t')
                return ks_err_setf(err, KS_E_BAD_REQUEST, "A request header contains a NUL "
                                                          "byte");
    }
    return 0;
}

int ks_http_check_transfer_encoding(const char *value, ks_err *err)
{
    const char *p = value;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n == 7 && strncasecmp(p, "chunked", 7) == 0)
        return 0;
    return ks_err_setf(err, KS_E_TRANSFER_ENCODING_UNSUPPORTED,
                       "Only the chunked transfer coding is supported: send the body as it is "
                       "or chunked");
}
