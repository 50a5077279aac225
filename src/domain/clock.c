/* clock.c — business time, and moving it forward through the jobs that fall due. */
#include "clock.h"

#include "../store/store.h"
#include "jobs.h"

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

int ks_clock_advance(ks_ctx *ctx, int64_t seconds, ks_err *err)
{
    int rc = -1, found;
    int64_t left = seconds;
    ks_time now, target, due;
    if (seconds < 0 || seconds > 100LL * 366 * 86400)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "The clock only moves forward, by at most 100 years");
    if (ks_clock_read(&now, ctx, err))
        goto done;
    target = now + seconds;
    /* Step to the next due job, run what is due by then, and again, until none is left before
     * the target. Each step is an addition (the store adds: reading the offset here and
     * writing back the sum would lose the moves other servers make in between), and the steps
     * add up to seconds. Real time passes meanwhile, so a step is never more than what is
     * left; a job already due (overdue, or reached by another server's move) needs none. */
    for (;;) {
        if (ks_jobs_next_due(&due, &found, ctx, target, err))
            goto done;
        if (!found)
            break;
        if (ks_clock_read(&now, ctx, err))
            goto done;
        if (due > now) {
            int64_t step = due - now < left ? due - now : left;
            if (ctx->store->ops->clock_advance(ctx->store, step, err))
                goto done;
            left -= step;
        }
        if (ks_jobs_run_due(ctx, due, err))
            goto done;
    }
    if (left > 0 && ctx->store->ops->clock_advance(ctx->store, left, err))
        goto done;
    rc = 0;
done:
    ctx->have_now = 0;
    return rc;
}
