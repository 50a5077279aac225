/* clock.h — the one business clock: real UTC plus the sandbox offset kept in the store.
 *
 * Session expiry, lead follow-ups, renewals and notification dates all read it, so moving it
 * moves the whole world at once. Authentication dates are checked against the real clock. */
#ifndef KS_CLOCK_H
#define KS_CLOCK_H

#include "ctx.h"

/* Business "now", read once per ctx (a request sees one instant). */
int ks_clock_now(ks_time *out, ks_ctx *ctx, ks_err *err);
/* The current offset in seconds. */
int ks_clock_offset(int64_t *out, ks_ctx *ctx, ks_err *err);
/* Moves the clock forward by seconds (>= 0): PARAMETER_INVALID otherwise. */
int ks_clock_advance(ks_ctx *ctx, int64_t seconds, ks_err *err);

#endif
