/* customer.c — customers: created by their first order (order.c, in the same commit as the
 * order) or by createCustomer, read, and updated. */
#include "customer.h"

#include <stdlib.h>

#include "../core/crypto.h"
#include "clock.h"
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

static int has(const char *s)
{
    return s && *s;
}

int ks_customer_create(int64_t *reference, ks_ctx *ctx, const ks_customer *c, ks_err *err)
{
    ks_customer n = *c;
    /* API: createCustomer — a customer is a person to bill: a name and an email */
    if (!has(c->address.first_name) || !has(c->address.last_name) || !has(c->address.email))
        return ks_err_setf(err, KS_E_PARAMETER_MISSING,
                           "FirstName, LastName and Email are required");
    if (ks_clock_now(&n.created, ctx, err))
        return -1;
    n.id = 0;
    n.external_ref = has(c->external_ref) ? c->external_ref : NULL;
    /* a drawn reference that exists already is drawn again */
    for (int attempt = 0;; attempt++) {
        ks_err e;
        char digits[10];
        ks_random_chars(digits, 9, "0123456789");
        if (digits[0] == '0')
            digits[0] = '1';
        n.reference = strtoll(digits, NULL, 10);
        if (ctx->store->ops->customer_insert(ctx->store, ctx->vendor->id, &n, &e) == 0)
            break;
        if (e.code != KS_E_ORDER_REFERENCE_TAKEN || attempt == 4) {
            *err = e;
            return -1;
        }
    }
    *reference = n.reference;
    return 0;
}

#define KEEP(f) next->address.f = has(p->address.f) ? p->address.f : cur->address.f

static int merge_customer(ks_customer *next, const ks_customer *cur, void *arg, ks_err *err)
{
    const ks_customer *p = arg;
    (void)err;
    *next = *cur;
    KEEP(first_name);
    KEEP(last_name);
    KEEP(company);
    KEEP(fiscal_code);
    KEEP(tax_office);
    KEEP(email);
    KEEP(phone);
    KEEP(fax);
    KEEP(address1);
    KEEP(address2);
    KEEP(city);
    KEEP(zip);
    KEEP(country_code);
    KEEP(state);
    if (has(p->language))
        next->language = p->language;
    if (has(p->external_ref))
        next->external_ref = p->external_ref;
    return 0;
}
#undef KEEP

int ks_customer_update(ks_ctx *ctx, const ks_customer *c, int push, ks_err *err)
{
    if (c->reference <= 0)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "AvangateCustomerReference is required");
    /* API: updateCustomerInformation — UpdateEndUserSubscriptions "push the changes made on the
     * customer info to the end-user details for all subscriptions belonging to this customer" */
    return ctx->store->ops->customer_update(ctx->store, ctx->arena, ctx->vendor->id, c->reference,
                                            merge_customer, (void *)c, push, err);
}
