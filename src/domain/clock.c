/* clock.c — business time. */
#include "clock.h"

#include "../store/store.h"

int ks_clock_offset(int64_t *out, ks_ctx *ctx, ks_err *err)
{
    return ctx->store->ops->clock_get(ctx->store, out, err);
}

int ks_clock_now(ks_time *out, ks_ctx *ctx, ks_err *err)
{
    if (!ctx->have_now) {
        int64_t off;
        if (ks_clock_offset(&off, ctx, err))
            return -1;
        ctx->now = ks_time_real_now() + off;
        ctx->have_now = 1;
    }
    *out = ctx->now;
    return 0;
}

int ks_clock_advance(ks_ctx *ctx, int64_t seconds, ks_err *err)
{
    if (seconds < 0 || seconds > 100LL * 366 * 86400)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "The clock only moves forward, by at most 100 years");
    /* the store adds: reading the offset here and writing back the sum would lose the moves
     * that other servers make in between */
    if (ctx->store->ops->clock_advance(ctx->store, seconds, err))
        return -1;
    ctx->have_now = 0;
    return 0;
}
