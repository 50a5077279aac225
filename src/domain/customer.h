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

/* The customer by AvangateCustomerReference (when reference > 0) and/or by external
 * reference; when both are given they must name the same customer. CUSTOMER_NOT_FOUND,
 * PARAMETER_MISSING when neither is given. */
int ks_customer_get(ks_customer *out, ks_ctx *ctx, int64_t reference, const char *external_ref,
                    ks_err *err);

#endif
