/* subscription.h — subscriptions, born from the recurring items of COMPLETE orders (a catalog
 * product with a billing cycle, or a dynamic item with RecurringOptions). This issue creates
 * and reads them; their lifecycle (renewals, upgrades, expiry) comes later, so the record keeps
 * what those will need: the cycle, the renewal price and the tokenised payment method. */
#ifndef KS_SUBSCRIPTION_H
#define KS_SUBSCRIPTION_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "ctx.h"

#define KS_SUBSCRIPTION_REF_LEN 10
/* the platform's expiration of subscriptions that never expire */
#define KS_LIFETIME_EXPIRATION ((ks_time)253402300799LL) /* 9999-12-31 23:59:59 UTC */

typedef struct ks_subscription {
    int64_t id;                  /* the store's; 0 until stored */
    const char *reference;       /* SubscriptionReference: 10 characters */
    int64_t order_id;            /* the order that created it */
    int64_t line;                /* index of the item in that order */
    const char *ref_no;          /* RefNo of that order */
    const char *product_code;    /* NULL for a dynamic item */
    int64_t product_id;          /* AvangateId, 0 for a dynamic item */
    const char *product_name, *product_version, *sku;
    int64_t quantity;
    const char *options;         /* price option codes, ';'-separated, or NULL */
    ks_address end_user;         /* from the order's billing details */
    const char *language;
    ks_time start, expiration;   /* expiration KS_LIFETIME_EXPIRATION for a lifetime one */
    int lifetime;
    int recurring_enabled;       /* automatic renewal */
    int enabled;                 /* SubscriptionEnabled */
    int test;                    /* TestSubscription: born from a test order */
    int trial;                   /* IsTrial */
    int64_t cycle_length;        /* the renewal cycle: length and unit D, M or Y */
    const char *cycle_unit;
    int64_t contract_length;     /* 0: no contract */
    const char *contract_unit;
    const char *currency;        /* of the renewal price */
    int64_t renewal_price;       /* gross minor units per cycle, for every unit */
    int64_t customer_id;
    int64_t customer_reference;  /* AvangateCustomerReference */
    const char *external_customer_ref;
    /* the payment method renewals will charge: Kassa's token and what may be shown of the
     * card; never the card number */
    const char *payment_token;
    const char *card_type, *card_last4;
    int card_exp_month, card_exp_year;
    ks_time created;
} ks_subscription;

/* SUBSCRIPTION_NOT_FOUND. */
int ks_subscription_get(ks_subscription *out, ks_ctx *ctx, const char *reference, ks_err *err);

#endif
