/* subscription.c — reading subscriptions. They are born in order.c, when an order completes,
 * in the commit that completes it. */
#include "subscription.h"

#include "../store/store.h"

int ks_subscription_get(ks_subscription *out, ks_ctx *ctx, const char *reference, ks_err *err)
{
    if (!reference || !*reference)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "SubscriptionReference is required");
    return ctx->store->ops->subscription_get(ctx->store, ctx->arena, ctx->vendor->id, reference,
                                             out, err);
}
