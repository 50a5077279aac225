/* customer.c — reading customers. They are created by their first order (order.c, in the same
 * commit as the order). */
#include "customer.h"

#include "store.h"

int ks_customer_get(ks_customer *out, ks_ctx *ctx, int64_t reference, const char *external_ref,
                    ks_err *err)
{
    if (external_ref && !*external_ref)
        external_ref = NULL;
    /* API: getCustomerInformation — AvangateCustomerReference "Required unless you prefer to
     * use ExternalCustomerReference"; ExternalCustomerReference "If you include it, it needs
     * to belong to the same customer as the AvangateCustomerReference." */
    if (reference <= 0 && !external_ref)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING,
                           "AvangateCustomerReference or ExternalCustomerReference is required");
    return ctx->store->ops->customer_get(ctx->store, ctx->arena, ctx->vendor->id, reference,
                                         external_ref, out, err);
}
