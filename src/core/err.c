/* err.c — the error table expanded from errcodes.def, and the setters. */
#include "err.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    ks_errkind kind;
    const char *msg;
} codes[] = {
#define KS_ERRCODE(name, kind, msg) {#name, KS_KIND_##kind, msg},
#include "errcodes.def"
#undef KS_ERRCODE
};

const char *ks_err_name(ks_errcode code)
{
    return (unsigned)code < KS_E__COUNT ? codes[code].name : "INTERNAL_ERROR";
}

ks_errkind ks_err_kind(ks_errcode code)
{
    return (unsigned)code < KS_E__COUNT ? codes[code].kind : KS_KIND_INTERNAL;
}

const char *ks_err_default_msg(ks_errcode code)
{
    return (unsigned)code < KS_E__COUNT ? codes[code].msg : "Internal error";
}

/* Length of the well-formed UTF-8 sequence at s (as jansson checks it: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* overlong */
        hi = c == 0xED ? 0x9F : 0xBF; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80; /* overlong */
        hi = c == 0xF4 ? 0x8F : 0xBF; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

/* Messages quote client text (a path, a method name) and are cut at KS_ERR_MSG_MAX or a
 * "%.80s", possibly inside a character; every adapter must be able to send them (jansson
 * refuses invalid UTF-8), so each byte that is not part of a well-formed character becomes
 * '?'. */
static void scrub_utf8(char *msg)
{
    unsigned char *p = (unsigned char *)msg;
    while (*p) {
        size_t n = utf8_seq(p);
        if (n == 0) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}

int ks_err_set(ks_err *err, ks_errcode code)
{
    if (err) {
        err->code = code;
        err->kind = ks_err_kind(code);
        snprintf(err->msg, sizeof err->msg, "%s", ks_err_default_msg(code));
    }
    return -1;
}

int ks_err_setf(ks_err *err, ks_errcode code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        err->kind = ks_err_kind(code);
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        scrub_utf8(err->msg);
    }
    return -1;
}

int ks_err_http_status(ks_errkind kind)
{
    switch (kind) {
    case KS_KIND_INVALID: return 400;
    case KS_KIND_AUTH: return 401;
    case KS_KIND_PAYMENT: return 402;
    case KS_KIND_FORBIDDEN: return 403;
    case KS_KIND_NOT_FOUND: return 404;
    case KS_KIND_METHOD: return 405;
    case KS_KIND_CONFLICT: return 409;
    case KS_KIND_TOO_LARGE: return 413;
    case KS_KIND_UNAVAILABLE: return 503;
    case KS_KIND_INTERNAL: return 500;
    case KS_KIND_TIMEOUT: return 408;
    case KS_KIND_URI_TOO_LONG: return 414;
    case KS_KIND_HEADERS_TOO_LARGE: return 431;
    case KS_KIND_NOT_IMPLEMENTED: return 501;
    }
    return 500;
}

int ks_err_lookup(const char *name)
{
    for (int i = 0; i < KS_E__COUNT; i++)
        if (strcmp(codes[i].name, name) == 0)
            return i;
    return -1;
}
