/* customer.h — the customers of a vendor: every order belongs to one. A customer is created by
 * its first purchase, from the order's billing details, and found again by the order's
 * CustomerReference (the vendor's own id for it, ExternalCustomerReference on the wire). */
#ifndef KS_CUSTOMER_H
#define KS_CUSTOMER_H

#include <stdint.h>

#include "common.h"
#include "ctx.h"

typedef struct ks_customer {
    int64_t id;                /* the store's */
    int64_t reference;         /* AvangateCustomerReference: 9 digits, unique */
    const char *external_ref;  /* ExternalCustomerReference, or NULL */
    ks_address address;        /* from the billing details of its first order */
    const char *language;      /* ISO 639-1 or NULL */
    int enabled;               /* it holds an enabled subscription */
    ks_time created;
} ks_customer;

/* Builds *next from cur inside the store's transaction (customer_update in store.h). */
typedef int (*ks_customer_merge_fn)(ks_customer *next, const ks_customer *cur, void *arg,
                                    ks_err *err);

/* The customer by AvangateCustomerReference (when reference > 0) and/or by external
 * reference; when both are given they must name the same customer. CUSTOMER_NOT_FOUND,
 * PARAMETER_MISSING when neither is given. */
int ks_customer_get(ks_customer *out, ks_ctx *ctx, int64_t reference, const char *external_ref,
                    ks_err *err);

/* createCustomer: a customer of ctx->vendor from c (FirstName, LastName and Email required;
 * ExternalCustomerReference, when given, unique for the vendor), with a new random 9-digit
 * AvangateCustomerReference, returned in *reference. PARAMETER_MISSING,
 * CUSTOMER_EXTERNAL_REFERENCE_DUPLICATE. */
int ks_customer_create(int64_t *reference, ks_ctx *ctx, const ks_customer *c, ks_err *err);

/* updateCustomerInformation: the customer c->reference, the fields c gives replacing its own
 * (ExternalCustomerReference included, unique for the vendor); with push, the customer's
 * details become the end user of each of its subscriptions, in the same commit.
 * PARAMETER_MISSING (no AvangateCustomerReference), CUSTOMER_NOT_FOUND,
 * CUSTOMER_EXTERNAL_REFERENCE_DUPLICATE. */
int ks_customer_update(ks_ctx *ctx, const ks_customer *c, int push, ks_err *err);

#endif
