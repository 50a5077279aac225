/* transport.h — how the domain reaches the outside world: an HTTP POST of a form (webhooks)
 * and a mail to an SMTP server. The domain sees only this table of functions; the
 * implementation (libcurl, src/net/) lives outside it, like the store, and tests give their own.
 *
 * A transport must bound every call: a connect and a total timeout, a cap on the answer read,
 * no redirect followed. It is called from job workers, never from an API request. */
#ifndef KS_TRANSPORT_H
#define KS_TRANSPORT_H

#include <stddef.h>

#include "../core/arena.h"
#include "../core/err.h"

/* How a POST ended. */
typedef enum {
    KS_POST_ANSWERED = 0, /* an HTTP answer came back (any status): see status and answer */
    KS_POST_TIMEOUT,      /* no complete answer within the timeouts */
    KS_POST_REFUSED,      /* could not connect (refused, unreachable, unknown host) */
    KS_POST_TOO_LARGE,    /* the answer was longer than the cap: not read further */
    KS_POST_FAILED        /* any other transport error (malformed URL, TLS...) */
} ks_post_outcome;

typedef struct ks_post_result {
    ks_post_outcome outcome;
    int status;         /* HTTP status when ANSWERED (3xx included: redirects are not followed) */
    const char *answer; /* the answer body (at most the cap), NUL-terminated, arena-owned */
    const char *error;  /* a short description when not ANSWERED, arena-owned */
} ks_post_result;

typedef struct ks_transport ks_transport;

struct ks_transport {
    void *self;
    /* POSTs body (application/x-www-form-urlencoded) to url. Returns 0 with *out filled
     * whatever the outcome (a failed delivery is an outcome, not an error). */
    int (*post_form)(void *self, ks_arena *a, const char *url, const char *body,
                     ks_post_result *out);
    /* Sends a mail (UTF-8 text) from `from` to `to`; NULL when no SMTP server is configured.
     * 0, or -1 with *err set (SERVICE_UNAVAILABLE) when the server refused or did not answer. */
    int (*send_mail)(void *self, const char *from, const char *to, const char *subject,
                     const char *body, ks_err *err);
};

#endif
