/* console.h — what the web console (src/api/console/) needs from the domain beyond the API's
 * own operations: its sessions (opened with the admin token, kept in the store so that every
 * server of a database knows them), the vendors it can show, and the figures of its charts.
 * See docs/console.md. Strings are arena-owned. */
#ifndef KS_CONSOLE_H
#define KS_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"

#define KS_CONSOLE_SID_LEN 64          /* hex characters of a session id (32 random bytes) */
#define KS_CONSOLE_SESSION_TTL (12 * 3600) /* real seconds: the sandbox clock may jump */

/* A console session as the store keeps it: its CSRF token, its end in real time. */
typedef struct ks_console_session {
    const char *csrf;
    ks_time expires;
} ks_console_session;

/* Opens a session when token is the admin token (compared in constant time): sid receives the
 * cookie's value (KS_CONSOLE_SID_LEN hex characters + NUL); the store keeps only a hash of it.
 * AUTHENTICATION_FAILED when token is wrong or admin_token NULL (the console is off). */
int ks_console_login(char sid[KS_CONSOLE_SID_LEN + 1], ks_ctx *ctx, const char *admin_token,
                     const char *token, ks_err *err);

/* The open session of sid. INVALID_SESSION when sid is missing, unknown or expired. */
int ks_console_session_get(ks_console_session *out, ks_ctx *ctx, const char *sid, ks_err *err);

/* Ends the session of sid (unknown: nothing to do). */
int ks_console_logout(ks_ctx *ctx, const char *sid, ks_err *err);

/* 1 when the form's CSRF token is the session's (constant time). */
int ks_console_csrf_ok(const ks_console_session *s, const char *token);

/* Every vendor, ordered by code (secrets included: the console never shows them). */
int ks_console_vendors(ks_vendor **out, size_t *n, ks_ctx *ctx, ks_err *err);

/* Acts as the vendor of code from now on in ctx (ctx->vendor). VENDOR_NOT_FOUND. */
int ks_console_use_vendor(ks_ctx *ctx, const char *code, ks_err *err);

/* One row of the store's order figures: orders created in bucket (from + bucket * size) in one
 * currency. Paid orders are COMPLETE or REFUND; revenue is what they kept (gross, less
 * refunds); renewals leave upgrades out. */
typedef struct ks_order_stat_row {
    int64_t bucket;
    const char *currency;
    int64_t orders, paid, revenue, renewals, renewals_failed;
} ks_order_stat_row;

/* The figures of one period of a chart. */
typedef struct ks_order_period {
    ks_time start;
    int64_t orders, paid, revenue, renewals, renewals_failed;
} ks_order_period;

typedef struct ks_order_stats {
    ks_time from, to;
    int64_t period_s;
    ks_order_period *periods; /* n periods of period_s seconds from `from` */
    size_t n;
    const char *currency;     /* of revenue: the currency most paid orders used; NULL: none */
    int64_t other_currency_orders; /* paid orders in other currencies, not in revenue */
} ks_order_stats;

/* ctx->vendor's orders created in [to - n * period_s, to), per period of period_s seconds.
 * PARAMETER_INVALID unless 1 <= n <= 366 and period_s >= 60. */
int ks_console_order_stats(ks_order_stats *out, ks_ctx *ctx, ks_time to, int64_t period_s,
                           size_t n, ks_err *err);

#endif
