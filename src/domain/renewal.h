/* renewal.h — the orders a subscription makes after its first: renewals, run as jobs at each
 * expiration, and upgrades. A module above orders and subscriptions: it builds orders
 * (order.h) for subscriptions (subscription.h), so that neither of those needs the other's
 * functions both ways. See docs/subscriptions.md. */
#ifndef KS_RENEWAL_H
#define KS_RENEWAL_H

#include "catalog.h"
#include "ctx.h"
#include "jobs.h"
#include "order.h"
#include "subscription.h"

/* Days after the expiration at which a declined renewal charge is tried again; after the
 * last one fails, the subscription expires. */
#define KS_RENEWAL_RETRY_DAYS                                                                      \
    {                                                                                              \
        1, 3, 7                                                                                    \
    }

/* Builds, without storing it, the renewal order of s for the period ending at its expiration:
 * one item, the subscription's product, quantity and price options (a dynamic item at its
 * renewal price: CycleAmount, else the first order's unit price with its option surcharges),
 * priced by the pricing engine in the subscription's currency for its end user, and charged to
 * the stored payment method on the business clock's date. out->status is COMPLETE when paid,
 * CANCELED with its Errors when declined. Codes of ks_pricing_quote; ORDER_NOT_FOUND when the
 * first order is gone. *out lives in ctx->arena. */
int ks_order_renewal(ks_order *out, ks_ctx *ctx, const ks_subscription *s, ks_err *err);

/* Builds, without storing it, the order of an upgrade of s: one item "Upgrade to <name>" at
 * gross minor units (VAT included) of the subscription's currency, priced by the pricing engine
 * and charged to the stored payment method; COMPLETE, or CANCELED with its Errors. */
int ks_order_upgrade(ks_order *out, ks_ctx *ctx, const ks_subscription *s, const char *name,
                     int64_t gross, ks_err *err);

/* The handler of KS_RENEWAL_JOB (jobs.h): at the subscription's expiration places the renewal
 * order (ks_order_renewal), and extends the subscription by one cycle when it is paid; a
 * declined charge is tried again KS_RENEWAL_RETRY_DAYS after the expiration, and after the last
 * the subscription expires (disabled). Idempotent: a renewal order is keyed by subscription,
 * period and attempt, and the extension is a compare-and-set on the expiration. */
int ks_subscription_renewal_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err);


/* --- upgrades ---------------------------------------------------------------------------- */

/* An upgrade target of a subscription: the product (arena-owned) and its option groups. */
typedef struct ks_upgrade_target {
    ks_product product;
    ks_option_group *groups;
    size_t n_groups;
} ks_upgrade_target;

/* getProductUpgradeOptions: the products the subscription's product upgrades to (the enabled
 * ones), with their option groups. SUBSCRIPTION_NOT_FOUND, PARAMETER_MISSING. */
int ks_subscription_upgrade_targets(ks_upgrade_target **out, size_t *n, ks_ctx *ctx,
                                    const char *reference, ks_err *err);

/* The price of an upgrade, in minor units of currency. */
typedef struct ks_upgrade_price {
    const char *currency;
    int64_t net, gross; /* prorated: what the upgrade order charges */
    int64_t quantity;
} ks_upgrade_price;

/* getProductUpgradeOptionsPrice: the price of upgrading the subscription to product_code with
 * options (';'-separated option codes, scale groups as CODE=value; NULL or "" for none), for the
 * rest of the current period: (price of the new product for a cycle - price of the current one
 * for a cycle, both from the pricing engine, not below 0) x time left / period length, rounded
 * half up to the minor unit; in currency (NULL: the currency of the last payment).
 * SUBSCRIPTION_NOT_FOUND, SUBSCRIPTION_DISABLED, SUBSCRIPTION_NOT_RECURRING,
 * SUBSCRIPTION_UPGRADE_PRODUCT_INVALID, the pricing engine's (PRICE_OPTION_INVALID,
 * PRICE_OPTION_SCALE_INVALID, PRICE_OPTION_REQUIRED, CURRENCY_NOT_SUPPORTED...). */
int ks_subscription_upgrade_price(ks_upgrade_price *out, ks_ctx *ctx, const char *reference,
                                  const char *product_code, const char *currency,
                                  const char *options, ks_err *err);

/* setSubscriptionUpgrade: checks as ks_subscription_upgrade_price, then places a paid upgrade
 * order (at the prorated price, or custom_price in the last payment's currency when
 * has_custom_price) and moves the subscription to the new product and options, in one commit;
 * it renews at the new product's price from then on. *ref_no receives the upgrade order's
 * RefNo. A declined charge stores nothing and fails with the processor's code (PAYMENT_*).
 * SUBSCRIPTION_UPGRADE_PRICE_INVALID for a negative custom price. */
int ks_subscription_upgrade(const char **ref_no, ks_ctx *ctx, const char *reference,
                            const char *product_code, const char *options, int has_custom_price,
                            ks_dec custom_price, ks_err *err);

#endif
