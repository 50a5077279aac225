/* clock.h — the one business clock: real UTC plus the sandbox offset kept in the store.
 *
 * Session expiry, lead follow-ups, renewals and notification dates all read it, so moving it
 * moves the whole world at once. Authentication dates are checked against the real clock.
 * While a job runs, its ctx reads the job's due time; moving the clock forward runs the jobs that
 * fall due on the way (ks_jobs_advance, jobs.h). See docs/clock.md. */
#ifndef KS_CLOCK_H
#define KS_CLOCK_H

#include "ctx.h"

/* Business "now", read once per ctx (a request sees one instant). */
int ks_clock_now(ks_time *out, ks_ctx *ctx, ks_err *err);
/* Business now read afresh from the store, whatever ctx holds. */
int ks_clock_read(ks_time *out, ks_ctx *ctx, ks_err *err);
/* The current offset in seconds. */
int ks_clock_offset(int64_t *out, ks_ctx *ctx, ks_err *err);

#endif
