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
