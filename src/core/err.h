/* err.h — the one error type of Kassa.
 *
 * A ks_err carries an API code (declared in errcodes.def), its kind and a message. Fallible
 * functions return 0 on success or -1 after filling *err; callers pass the error up unchanged.
 * Each protocol adapter has exactly one function that turns a ks_err into its wire form. */
#ifndef KS_ERR_H
#define KS_ERR_H

#include <stdarg.h>

typedef enum {
    KS_KIND_INVALID,     /* 400: the request is wrong */
    KS_KIND_AUTH,        /* 401 */
    KS_KIND_FORBIDDEN,   /* 403 */
    KS_KIND_NOT_FOUND,   /* 404 */
    KS_KIND_METHOD,      /* 405 */
    KS_KIND_CONFLICT,    /* 409 */
    KS_KIND_TOO_LARGE,   /* 413 */
    KS_KIND_PAYMENT,     /* 402: a payment was refused */
    KS_KIND_UNAVAILABLE, /* 503 */
    KS_KIND_TIMEOUT,     /* 408: the request did not arrive in time */
    KS_KIND_URI_TOO_LONG, /* 414 */
    KS_KIND_HEADERS_TOO_LARGE, /* 431 */
    KS_KIND_NOT_IMPLEMENTED,   /* 501: an HTTP feature Kassa does not support */
    KS_KIND_INTERNAL     /* 500; the last kind */
} ks_errkind;

typedef enum {
#define KS_ERRCODE(name, kind, msg) KS_E_##name,
#include "errcodes.def"
#undef KS_ERRCODE
    KS_E__COUNT
} ks_errcode;

#define KS_ERR_MSG_MAX 320

typedef struct ks_err {
    ks_errcode code;
    ks_errkind kind;
    char msg[KS_ERR_MSG_MAX];
} ks_err;

/* Fills *err with code, its kind, and the code's default message. Returns -1, so that
 * `return ks_err_set(err, KS_E_X);` reads naturally. err may be NULL. */
int ks_err_set(ks_err *err, ks_errcode code);

/* Same with a printf-style message. */
int ks_err_setf(ks_err *err, ks_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The wire name of a code ("LEAD_NOT_FOUND"). */
const char *ks_err_name(ks_errcode code);

/* The kind and default message of a code. */
ks_errkind ks_err_kind(ks_errcode code);
const char *ks_err_default_msg(ks_errcode code);

/* HTTP status for a kind. */
int ks_err_http_status(ks_errkind kind);

/* Finds a code by wire name; returns -1 if unknown. */
int ks_err_lookup(const char *name);

#endif
