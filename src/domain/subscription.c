/* subscription.c — reading subscriptions, searching them, and their lifecycle (enable,
 * disable, automatic renewal, updates). They are born in order.c, when an order completes, in
 * the commit that completes it, with their renewal job; renewals and upgrades, which make
 * orders, are renewal.c's. */
#include "subscription.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/timeutil.h"
#include "store.h"
#include "clock.h"
#include "page.h"

/* API: Subscription — "Subscriptions can be retrieved starting with 5 minutes after their
 * orders are generated" (the vendor's subscription_delay_s, 300 unless it chose less). */
static ks_time retrievable_before(ks_time now, const ks_ctx *ctx)
{
    return now - ctx->vendor->subscription_delay_s;
}

void ks_subscription_changed(ks_job_list *jobs, ks_ctx *ctx, const ks_subscription *s,
                             const char *reason, const char *changed_by, ks_time at)
{
    if (ctx->cfg && ctx->cfg->subscription_changed)
        ctx->cfg->subscription_changed(jobs, ctx, s, reason, changed_by, at);
}

int ks_subscription_get(ks_subscription *out, ks_ctx *ctx, const char *reference, ks_err *err)
{
    ks_time now;
    if (!reference || !*reference)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "SubscriptionReference is required");
    if (ctx->store->ops->subscription_get(ctx->store, ctx->arena, ctx->vendor->id, reference, out,
                                          err) ||
        ks_clock_now(&now, ctx, err))
        return -1;
    if (out->created > retrievable_before(now, ctx))
        return ks_err_setf(err, KS_E_SUBSCRIPTION_NOT_FOUND,
                           "Subscription '%.64s' is not available yet: subscriptions can be "
                           "retrieved %d seconds after their order",
                           reference, ctx->vendor->subscription_delay_s);
    return 0;
}

ks_time ks_subscription_period_add(ks_time t, int64_t n, const char *unit)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    struct tm tm;
    time_t tt = (time_t)t;
    if (!unit || n <= 0)
        return t;
    if (unit[0] == 'D')
        return t + n * 86400;
    if (unit[0] != 'M' && unit[0] != 'Y')
        return t;
    gmtime_r(&tt, &tm);
    int64_t months = unit[0] == 'Y' ? n * 12 : n;
    int64_t total = (int64_t)tm.tm_year * 12 + tm.tm_mon + months;
    int day = tm.tm_mday;
    tm.tm_year = (int)(total / 12);
    tm.tm_mon = (int)(total % 12);
    int y = tm.tm_year + 1900;
    int last =
        mdays[tm.tm_mon] + (tm.tm_mon == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    tm.tm_mday = day > last ? last : day;
    return (ks_time)timegm(&tm);
}

/* API: subscriptions — RecurringEnabled "TRUE – recurring billing/automatic subscription
 * renewals enabled": only those are renewed by Kassa; a lifetime licence never is. */
int ks_subscription_renews(const ks_subscription *s)
{
    return s->recurring_enabled && s->enabled && !s->lifetime && s->cycle_length > 0 &&
           s->expiration != KS_LIFETIME_EXPIRATION;
}

/* Enabled and with an end: its expiration will either renew it or let it expire. */
int ks_subscription_has_end(const ks_subscription *s)
{
    return s->enabled && !s->lifetime && s->cycle_length > 0 &&
           s->expiration != KS_LIFETIME_EXPIRATION;
}

void ks_subscription_plan_renewal(ks_job_list *jobs, ks_arena *a, int64_t vendor_id,
                                  const ks_subscription *s)
{
    if (!ks_subscription_has_end(s))
        return;
    ks_job_new j = {vendor_id, KS_RENEWAL_JOB, s->reference, s->expiration, s->reference};
    ks_job_list_add(jobs, a, &j);
}

typedef struct {
    ks_ctx *ctx;
    ks_subscription_flag flag;
    int on;
    ks_time now;
} set_arg;

static int merge_set(ks_subscription *next, ks_job_list *jobs, const ks_subscription *cur,
                     void *arg, ks_err *err)
{
    set_arg *a = arg;
    *next = *cur;
    next->updated = a->now;
    if (a->flag == KS_SUB_ENABLED) {
        /* API: enableSubscription / cancelSubscription — the platform refuses to enable an
         * enabled subscription, or to disable a disabled one */
        if (cur->enabled == a->on)
            return ks_err_setf(err, KS_E_INVALID_SUBSCRIPTION_OPERATION,
                               "Subscription '%s' is already %s", cur->reference,
                               a->on ? "enabled" : "disabled");
        next->enabled = a->on;
    } else {
        if (a->on && cur->lifetime)
            return ks_err_set(err, KS_E_SUBSCRIPTION_LIFETIME_NOT_RECURRING);
        next->recurring_enabled = a->on;
    }
    /* enabled again with automatic renewal: the renewal is planned at the expiration, or now
     * when that has passed (then the period that ended is renewed at once, and the next ones
     * in turn until the subscription is current) */
    if (ks_subscription_renews(next) && !ks_subscription_renews(cur)) {
        ks_subscription planned = *next;
        if (planned.expiration < a->now)
            planned.expiration = a->now;
        ks_subscription_plan_renewal(jobs, a->ctx->arena, a->ctx->vendor->id, &planned);
    }
    if (next->enabled != cur->enabled || next->recurring_enabled != cur->recurring_enabled)
        /* API: LCN — "LICENCE_CHANGE ... canceling/reactivating the subscription" */
        ks_subscription_changed(jobs, a->ctx, next, "LICENCE_CHANGE", "VENDOR", a->now);
    return 0;
}

int ks_subscription_set(ks_ctx *ctx, const char *reference, ks_subscription_flag flag, int on,
                        ks_err *err)
{
    set_arg a = {ctx, flag, on ? 1 : 0, 0};
    if (!reference || !*reference)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "SubscriptionReference is required");
    if (ks_clock_now(&a.now, ctx, err))
        return -1;
    return ctx->store->ops->subscription_update(ctx->store, ctx->arena, ctx->vendor->id, reference,
                                                merge_set, &a, err);
}

int ks_subscription_search(ks_subscription **out, size_t *n, int64_t *total, ks_ctx *ctx,
                           const ks_subscription_query *q, ks_err *err)
{
    ks_time now;
    ks_subscription_query vq = *q;
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    if (ks_clock_now(&now, ctx, err))
        return -1;
    /* subscriptions not yet retrievable are not found either */
    if (!vq.has_purchased_before || vq.purchased_before > retrievable_before(now, ctx))
        vq.purchased_before = retrievable_before(now, ctx);
    vq.has_purchased_before = 1;
    return ctx->store->ops->subscription_search(ctx->store, ctx->arena, ctx->vendor->id, &vq, out,
                                                n, total, err);
}

typedef struct {
    ks_ctx *ctx;
    const ks_subscription_patch *p;
    ks_time now, expiration;
    int has_expiration;
} update_arg;

#define KEEP(field) next->end_user.field = u->field ? u->field : cur->end_user.field

static int merge_update(ks_subscription *next, ks_job_list *jobs, const ks_subscription *cur,
                        void *arg, ks_err *err)
{
    update_arg *a = arg;
    const ks_subscription_patch *p = a->p;
    *next = *cur;
    next->updated = a->now;
    if (p->end_user) {
        const ks_address *u = p->end_user;
        KEEP(first_name);
        KEEP(last_name);
        KEEP(company);
        KEEP(email);
        KEEP(phone);
        KEEP(address1);
        KEEP(address2);
        KEEP(city);
        KEEP(zip);
        KEEP(country_code);
        KEEP(state);
    }
    if (p->fax)
        next->end_user.fax = p->fax;
    if (p->language)
        next->language = p->language;
    if (p->external_customer_ref)
        next->external_customer_ref = p->external_customer_ref;
    if (p->has_enabled)
        next->enabled = p->enabled;
    if (p->has_recurring) {
        if (p->recurring && cur->lifetime)
            return ks_err_set(err, KS_E_SUBSCRIPTION_LIFETIME_NOT_RECURRING);
        next->recurring_enabled = p->recurring;
    }
    if (a->has_expiration) {
        /* API: subscriptions — ExpirationDate "Subscription expiration date"; a lifetime one
         * never expires, and a subscription cannot end before it starts */
        if (cur->lifetime)
            return ks_err_setf(err, KS_E_INVALID_EXPIRATION_DATE,
                               "A lifetime subscription's ExpirationDate cannot change");
        /* API: updateSubscription — an ExpirationDate in the past, or not after the start, is
         * INVALID_EXPIRATION_DATE (the platform's code, as its SDK tests expect) */
        if (a->expiration <= cur->start)
            return ks_err_setf(err, KS_E_INVALID_EXPIRATION_DATE,
                               "ExpirationDate must be after StartDate");
        if (a->expiration < a->now)
            return ks_err_setf(err, KS_E_INVALID_EXPIRATION_DATE,
                               "ExpirationDate must not be in the past");
        next->expiration = a->expiration;
    }
    if (ks_subscription_renews(next) &&
        (!ks_subscription_renews(cur) || next->expiration != cur->expiration)) {
        ks_subscription planned = *next;
        if (planned.expiration < a->now)
            planned.expiration = a->now;
        ks_subscription_plan_renewal(jobs, a->ctx->arena, a->ctx->vendor->id, &planned);
    }
    /* API: LCN — "LICENCE_CHANGE ... updating Subscription info ... updating End User details" */
    ks_subscription_changed(jobs, a->ctx, next, "LICENCE_CHANGE", "VENDOR", a->now);
    return 0;
}
#undef KEEP

int ks_subscription_update(ks_ctx *ctx, const char *reference, const ks_subscription_patch *p,
                           ks_err *err)
{
    update_arg a = {ctx, p, 0, 0, 0};
    if (!reference || !*reference)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "SubscriptionReference is required");
    if (p->expiration && *p->expiration) {
        a.has_expiration = 1;
        if (ks_time_parse(&a.expiration, p->expiration, ctx->vendor->tz_offset) &&
            ks_time_parse_date(&a.expiration, p->expiration, ctx->vendor->tz_offset))
            return ks_err_setf(err, KS_E_INVALID_DATE,
                               "ExpirationDate must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS");
    }
    if (ks_clock_now(&a.now, ctx, err))
        return -1;
    return ctx->store->ops->subscription_update(ctx->store, ctx->arena, ctx->vendor->id, reference,
                                                merge_update, &a, err);
}
