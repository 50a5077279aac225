/* subscription.h — subscriptions, born from the recurring items of COMPLETE orders (a catalog
 * product with a billing cycle, or a dynamic item with RecurringOptions), and their renewals:
 * a job per subscription with automatic renewal, due at its expiration, places a renewal order
 * charged to the stored payment method and extends the subscription by one cycle, retrying a
 * declined charge on a fixed schedule before the subscription expires (docs/subscriptions.md). */
#ifndef KS_SUBSCRIPTION_H
#define KS_SUBSCRIPTION_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "common.h"
#include "ctx.h"
#include "jobs.h"

#define KS_SUBSCRIPTION_REF_LEN 10
/* the platform's expiration of subscriptions that never expire */
#define KS_LIFETIME_EXPIRATION ((ks_time)253402300799LL) /* 9999-12-31 23:59:59 UTC */

typedef struct ks_subscription {
    int64_t id;               /* the store's; 0 until stored */
    const char *reference;    /* SubscriptionReference: 10 characters */
    int64_t order_id;         /* the order that created it */
    int64_t line;             /* index of the item in that order */
    const char *ref_no;       /* RefNo of that order */
    const char *product_code; /* NULL for a dynamic item */
    int64_t product_id;       /* AvangateId, 0 for a dynamic item */
    const char *product_name, *product_version, *sku;
    int64_t quantity;
    const char *options; /* price option codes, ';'-separated, or NULL */
    ks_address end_user; /* from the order's billing details */
    const char *language;
    ks_time start, expiration; /* expiration KS_LIFETIME_EXPIRATION for a lifetime one */
    int lifetime;
    int recurring_enabled; /* automatic renewal */
    int enabled;           /* SubscriptionEnabled */
    int test;              /* TestSubscription: born from a test order */
    int trial;             /* IsTrial */
    int64_t cycle_length;  /* the renewal cycle: length and unit D, M or Y */
    const char *cycle_unit;
    int64_t contract_length; /* 0: no contract */
    const char *contract_unit;
    const char *currency;  /* of the renewal price */
    int64_t renewal_price; /* gross minor units per cycle, for every unit */
    int64_t customer_id;
    int64_t customer_reference; /* AvangateCustomerReference */
    const char *external_customer_ref;
    /* the payment method renewals will charge: Kassa's token and what may be shown of the
     * card; never the card number */
    const char *payment_token;
    const char *card_type, *card_last4;
    int card_exp_month, card_exp_year;
    const char *partner_code; /* the partner whose order created it, or NULL */
    ks_time created;
    ks_time updated; /* set by a change (subscription_update); not read back */
} ks_subscription;

/* SUBSCRIPTION_NOT_FOUND. */
/* The one path of what a subscription change causes: calls ctx->cfg->subscription_changed
 * (its LCN) with s as the change leaves it, adding to *jobs, written in the change's commit. */
void ks_subscription_changed(ks_job_list *jobs, ks_ctx *ctx, const ks_subscription *s,
                             const char *reason, const char *changed_by, ks_time at);

int ks_subscription_get(ks_subscription *out, ks_ctx *ctx, const char *reference, ks_err *err);

/* Builds *next from cur, the subscription as stored, inside the store's transaction
 * (subscription_update in store.h), and adds to jobs what the change enqueues. 0, or -1 with
 * *err to change nothing. */
typedef int (*ks_subscription_merge_fn)(ks_subscription *next, ks_job_list *jobs,
                                        const ks_subscription *cur, void *arg, ks_err *err);

/* Filters of searchSubscriptions; absent ones match all. Strings borrowed. */
typedef struct ks_subscription_query {
    const char **references; /* getSubscriptions: these references only */
    size_t n_references;
    const char *email; /* CustomerEmail: the end user's, exact, any case */
    const char *external_customer_ref;
    int64_t customer_reference; /* AvangateCustomerReference; 0: any */
    int has_enabled, enabled, has_recurring, recurring, has_lifetime, lifetime;
    int has_test, test;
    const char **product_codes;
    size_t n_product_codes;
    const char **countries; /* CountryCodes: the end user's country */
    size_t n_countries;
    int has_purchased_after, has_purchased_before, has_expire_after, has_expire_before;
    ks_time purchased_after, purchased_before, expire_after, expire_before; /* inclusive */
    int64_t page, limit; /* page >= 1, 1 <= limit <= 200 */
} ks_subscription_query;

/* One page of the vendor's subscriptions (newest first) and the total. INVALID_PAGINATION. */
int ks_subscription_search(ks_subscription **out, size_t *n, int64_t *total, ks_ctx *ctx,
                           const ks_subscription_query *q, ks_err *err);

/* What ks_subscription_set changes. */
typedef enum {
    KS_SUB_ENABLED,  /* SubscriptionEnabled: enableSubscription / cancelSubscription */
    KS_SUB_RECURRING /* RecurringEnabled: enableRecurringBilling / disableRecurringBilling */
} ks_subscription_flag;

/* Sets a flag of the subscription to on (1) or off (0), in one commit with its renewal job:
 * an enabled subscription has its job planned at its expiration (or now, when that has
 * passed), where it renews or, without automatic renewal, lapses. Setting
 * a flag to the value it has is not an error. SUBSCRIPTION_NOT_FOUND, PARAMETER_MISSING;
 * SUBSCRIPTION_LIFETIME_NOT_RECURRING (automatic renewal of a lifetime subscription). */
int ks_subscription_set(ks_ctx *ctx, const char *reference, ks_subscription_flag flag, int on,
                        ks_err *err);

/* updateSubscription: what to change; absent fields (NULL, has_* 0) keep their value. */
typedef struct ks_subscription_patch {
    const ks_address *end_user; /* EndUser.Person: the fields given replace the stored ones */
    const char *fax, *language; /* EndUser.Fax, EndUser.Language */
    const char *external_customer_ref;
    int has_enabled, enabled, has_recurring, recurring;
    const char *expiration; /* ExpirationDate: YYYY-MM-DD (or with HH:MM:SS), vendor's zone */
} ks_subscription_patch;

/* Applies p to the subscription in one commit, re-planning its renewal at the new expiration.
 * SUBSCRIPTION_NOT_FOUND, PARAMETER_MISSING, INVALID_DATE (ExpirationDate malformed or not
 * after StartDate; a lifetime subscription's cannot change), SUBSCRIPTION_LIFETIME_NOT_RECURRING.
 */
int ks_subscription_update(ks_ctx *ctx, const char *reference, const ks_subscription_patch *p,
                           ks_err *err);

/* t plus n units (D, M or Y) on the calendar, in UTC: a month after 31 January is the last day
 * of February. Unknown unit or n <= 0: t. */
ks_time ks_subscription_period_add(ks_time t, int64_t n, const char *unit);

/* The job kind of renewals: one job per subscription, keyed by its reference, due at its
 * expiration (then at each retry). */
#define KS_RENEWAL_JOB "subscription_renewal"

/* Adds to jobs the renewal job of s (strings borrowed from s), when s is enabled and has an
 * end (not lifetime): at its expiration the job renews it when automatic renewal is on, and
 * lets it expire (SubscriptionEnabled false) when it is off. */
void ks_subscription_plan_renewal(ks_job_list *jobs, ks_arena *a, int64_t vendor_id,
                                  const ks_subscription *s);

/* Whether s renews by itself: enabled, with automatic renewal, and an end (not lifetime). */
int ks_subscription_renews(const ks_subscription *s);
/* Whether s is enabled and has an end: its expiration either renews it or lets it expire. */
int ks_subscription_has_end(const ks_subscription *s);

#endif
