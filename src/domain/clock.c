/* clock.c — business time: real UTC plus the sandbox offset kept in the store. Moving it
 * forward through the jobs that fall due is the job runner's (ks_jobs_advance, jobs.c). */
#include "clock.h"

#include "store.h"

int ks_clock_offset(int64_t *out, ks_ctx *ctx, ks_err *err)
{
    return ctx->store->ops->clock_get(ctx->store, out, err);
}

int ks_clock_read(ks_time *out, ks_ctx *ctx, ks_err *err)
{
    int64_t off;
    if (ks_clock_offset(&off, ctx, err))
        return -1;
    *out = ks_time_real_now() + off;
    return 0;
}

int ks_clock_now(ks_time *out, ks_ctx *ctx, ks_err *err)
{
    if (!ctx->have_now) {
        if (ks_clock_read(&ctx->now, ctx, err))
            return -1;
        ctx->have_now = 1;
    }
    *out = ctx->now;
    return 0;
}
