/* clock.h — the one business clock: real UTC plus the sandbox offset kept in the store.
 *
 * Session expiry, lead follow-ups, renewals and notification dates all read it, so moving it
 * moves the whole world at once. Authentication dates are checked against the real clock.
 * While a job runs, its ctx reads the job's due time (jobs.h). See docs/clock.md. */
#ifndef KS_CLOCK_H
#define KS_CLOCK_H

#include "ctx.h"

/* Business "now", read once per ctx (a request sees one instant). */
int ks_clock_now(ks_time *out, ks_ctx *ctx, ks_err *err);
/* Business now read afresh from the store, whatever ctx holds. */
int ks_clock_read(ks_time *out, ks_ctx *ctx, ks_err *err);
/* The current offset in seconds. */
int ks_clock_offset(int64_t *out, ks_ctx *ctx, ks_err *err);
/* Moves the clock forward by seconds (>= 0), stepping through the jobs that fall due on the
 * way: the clock stops at each one's due time while it runs (jobs.h), then goes on, and ends
 * seconds further than it started. The steps are additions to the stored offset, so moves made
 * at once by several processes all count. Returns once every job due by the target time has
 * run. PARAMETER_INVALID for a negative or huge move; a storage error leaves the clock where
 * the steps had taken it. */
int ks_clock_advance(ks_ctx *ctx, int64_t seconds, ks_err *err);

#endif
