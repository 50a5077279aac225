/* renewal.c — renewals and upgrades: the renewal job, the renewal and upgrade orders, and the
 * prorated price of an upgrade. */
#include "renewal.h"

#include <stdio.h>
#include <string.h>

#include "../core/log.h"
#include "../core/money.h"
#include "catalog.h"
#include "clock.h"
#include "pricing.h"
#include "store.h"

/* --- the renewal order -------------------------------------------------------------------- */

/* The cart of a renewal: the subscription's product, quantity and options; a dynamic item at
 * its renewal price, in the price type of the first order's line. */
static int renewal_cart(ks_cart *cart, ks_ctx *ctx, const ks_subscription *s,
                        const ks_order *first, ks_err *err)
{
    ks_cart_item *it = ks_arena_alloc(ctx->arena, sizeof *it);
    memset(it, 0, sizeof *it);
    memset(cart, 0, sizeof *cart);
    it->quantity = s->quantity;
    it->has_quantity = 1;
    if (s->product_code) {
        it->code = s->product_code;
        ks_option_codes_split(&it->options, &it->n_options, ctx->arena, s->options);
    } else {
        if (s->line < 0 || (size_t)s->line >= first->n_lines)
            return ks_err_setf(err, KS_E_ORDER_NOT_FOUND, "The first order of subscription '%s' "
                               "has no line %lld", s->reference, (long long)s->line);
        const ks_order_line *fl = &first->lines[s->line];
        int net = fl->price_type && strcmp(fl->price_type, "NET") == 0;
        ks_cart_price *pr = ks_arena_alloc(ctx->arena, sizeof *pr);
        memset(pr, 0, sizeof *pr);
        /* API: dynamic products — "The surcharge defined in the pricing option is used for
         * calculating the order renewal price": without a CycleAmount, the unit price of the
         * first order, option surcharges included (before any promotion) */
        int64_t unit = s->renewal_price > 0 ? s->renewal_price
                                            : net ? fl->price.unit_net : fl->price.unit_gross;
        pr->amount = ks_money_to_dec(unit, s->currency);
        pr->has_amount = 1;
        pr->type = "CUSTOM";
        pr->price_type = fl->price_type;
        it->is_dynamic = it->has_is_dynamic = 1;
        it->name = s->product_name;
        it->tangible = fl->tangible;
        it->has_tangible = 1;
        it->price = pr;
        it->price_type = fl->price_type;
        it->purchase_type = fl->purchase_type;
    }
    cart->currency = s->currency;
    cart->billing = &s->end_user;
    cart->items = it;
    cart->n_items = 1;
    return 0;
}

int ks_order_renewal(ks_order *out, ks_ctx *ctx, const ks_subscription *s, ks_err *err)
{
    ks_order first;
    ks_order_in in;
    ks_err e;
    const char *holder_name, *card_first6;
    memset(&in, 0, sizeof in);
    memset(&first, 0, sizeof first);
    /* of the first order, a catalog item's renewal needs only who paid; a dynamic item's, its
     * line too */
    if (ctx->store->ops->order_payer(ctx->store, ctx->arena, ctx->vendor->id, s->ref_no,
                                     &holder_name, &card_first6, err) ||
        (!s->product_code && ks_order_get(&first, ctx, s->ref_no, err)))
        return -1;
    if (renewal_cart(&in.cart, ctx, s, &first, &e) || ks_order_charged(out, ctx, s, &in, &e)) {
        /* API: renewals — a renewal that cannot be priced or charged never leaves the
         * subscription in limbo: it is a failed renewal, retried and then expired like a
         * declined one; only a failure of Kassa itself is retried as a job */
        if (e.kind == KS_KIND_INTERNAL || e.kind == KS_KIND_UNAVAILABLE) {
            *err = e;
            return -1;
        }
        return ks_order_failed(out, ctx, s, &e, err);
    }
    out->holder_name = holder_name;
    out->card_first6 = card_first6;
    return 0;
}

int ks_order_upgrade(ks_order *out, ks_ctx *ctx, const ks_subscription *s, const char *name,
                     int64_t gross, ks_err *err)
{
    ks_order_in in;
    ks_cart_item *it = ks_arena_alloc(ctx->arena, sizeof *it);
    ks_cart_price *pr = ks_arena_alloc(ctx->arena, sizeof *pr);
    memset(&in, 0, sizeof in);
    memset(it, 0, sizeof *it);
    memset(pr, 0, sizeof *pr);
    pr->amount = ks_money_to_dec(gross, s->currency);
    pr->has_amount = 1;
    pr->type = "CUSTOM";
    pr->price_type = "GROSS";
    it->is_dynamic = it->has_is_dynamic = 1;
    it->name = ks_arena_printf(ctx->arena, "Upgrade to %s", name);
    it->quantity = 1;
    it->has_quantity = 1;
    it->has_tangible = 1;
    it->price = pr;
    it->price_type = "GROSS";
    it->purchase_type = "PRODUCT";
    in.cart.currency = s->currency;
    in.cart.billing = &s->end_user;
    in.cart.items = it;
    in.cart.n_items = 1;
    return ks_order_charged(out, ctx, s, &in, err);
}

/* --- the renewal job ------------------------------------------------------------------------ */

static const int64_t retry_days[] = KS_RENEWAL_RETRY_DAYS;
#define N_RETRIES ((int)(sizeof retry_days / sizeof retry_days[0]))

/* Which attempt of the renewal of the period ending at exp runs at now: 0 the charge on the
 * expiration date, k the k-th retry (KS_RENEWAL_RETRY_DAYS after it). */
static int attempt_at(ks_time exp, ks_time now)
{
    int k = 0;
    for (int i = 0; i < N_RETRIES; i++)
        if (now - exp >= retry_days[i] * 86400)
            k = i + 1;
    return k;
}

typedef struct {
    ks_ctx *ctx;
    ks_time now;
} expire_arg;

/* Expires cur if it still has no automatic renewal and its expiration has come. */
static int merge_expire(ks_subscription *next, ks_job_list *jobs, const ks_subscription *cur,
                        void *arg, ks_err *err)
{
    const expire_arg *a = arg;
    (void)err;
    *next = *cur;
    if (cur->enabled && !cur->recurring_enabled && cur->expiration <= a->now) {
        next->enabled = 0;
        next->updated = a->now;
        /* API: LCN — "LICENCE_EXPIRATION - Licence expiration" */
        ks_subscription_changed(jobs, a->ctx, next, "LICENCE_EXPIRATION", "SYSTEM", a->now);
    }
    return 0;
}

int ks_subscription_renewal_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err)
{
    int rc = -1, stale = 0;
    ks_subscription s;
    ks_order o;
    ks_time now;
    ks_err e;
    if (ks_clock_now(&now, ctx, err))
        goto done;
    if (ctx->store->ops->subscription_get(ctx->store, ctx->arena, ctx->vendor->id, job->payload, &s,
                                          &e)) {
        if (e.code != KS_E_SUBSCRIPTION_NOT_FOUND) {
            *err = e;
            goto done;
        }
        rc = 0; /* gone: nothing to renew */
        goto done;
    }
    /* disabled, or lifetime: nothing now; enabling it again plans the job again */
    if (!ks_subscription_has_end(&s)) {
        rc = 0;
        goto done;
    }
    if (now < s.expiration) {
        *again = s.expiration; /* the expiration moved (a renewal, an extension): follow it */
        rc = 0;
        goto done;
    }
    if (!s.recurring_enabled) {
        /* API: subscriptions — without automatic renewal, a subscription (a trial too) lapses
         * at its expiration date */
        expire_arg ea = {ctx, now};
        rc = ctx->store->ops->subscription_update(ctx->store, ctx->arena, ctx->vendor->id,
                                                  s.reference, merge_expire, &ea, err);
        goto done;
    }
    int attempt = attempt_at(s.expiration, now);
    if (ks_order_renewal(&o, ctx, &s, err))
        goto done;
    o.renewal_key =
        ks_arena_printf(ctx->arena, "%s@%lld#%d", s.reference, (long long)s.expiration, attempt);
    int paid = o.status == KS_ORDER_COMPLETE;
    /* API: renewals — a declined charge is tried again on a schedule; after the last, the
     * subscription expires */
    int expire = !paid && attempt >= N_RETRIES;
    ks_time next = ks_subscription_period_add(s.expiration, s.cycle_length, s.cycle_unit);
    /* the subscription as this renewal leaves it, and its LCN in the same commit: renewed (a
     * trial converted), past due, or expired after the last retry */
    ks_subscription after = s;
    ks_job_list *jobs = ks_arena_alloc(ctx->arena, sizeof *jobs);
    memset(jobs, 0, sizeof *jobs);
    ks_job_list_append(jobs, ctx->arena, o.jobs);
    if (paid) {
        after.expiration = next;
        after.trial = 0;
    } else if (expire) {
        after.enabled = 0;
    }
    /* API: LCN — "LICENCE_CHANGE", "LICENCE_PASTDUE - Licence past due", "LICENCE_EXPIRATION" */
    ks_subscription_changed(jobs, ctx, &after,
                           paid     ? "LICENCE_CHANGE"
                           : expire ? "LICENCE_EXPIRATION"
                                    : "LICENCE_PASTDUE",
                           "SYSTEM", now);
    o.jobs = jobs;
    if (ctx->store->ops->subscription_renew(ctx->store, ctx->arena, ctx->vendor->id, s.reference,
                                            s.expiration, &o, next, expire, &stale, err))
        goto done;
    if (stale) {
        /* this renewal ran before (a claimer died after its commit): go on from what it did */
        ks_subscription cur;
        if (ks_subscription_get(&cur, ctx, s.reference, err))
            goto done;
        if (ks_subscription_renews(&cur) && cur.expiration > now)
            *again = cur.expiration;
        else if (ks_subscription_renews(&cur) && attempt < N_RETRIES)
            *again = cur.expiration + retry_days[attempt] * 86400;
        rc = 0;
        goto done;
    }
    if (paid)
        *again = next;
    else if (!expire)
        *again = s.expiration + retry_days[attempt] * 86400;
    ks_log_info("renewal of %s (%s): order %s %s", s.reference, attempt ? "retry" : "due", o.ref_no,
                paid     ? "paid"
                : expire ? "declined, subscription expired"
                         : "declined");
    rc = 0;
done:
    return rc;
}

/* --- upgrades ------------------------------------------------------------------------------ */

/* One cycle of code with options, for quantity units, in currency, for the end user. */
static int cycle_price(ks_priced_cart *pc, ks_ctx *ctx, const ks_subscription *s, const char *code,
                       const char *const *options, size_t n_options, const char *currency,
                       ks_err *err)
{
    ks_cart_item it;
    ks_cart cart;
    memset(&it, 0, sizeof it);
    memset(&cart, 0, sizeof cart);
    it.code = code;
    it.quantity = s->quantity;
    it.has_quantity = 1;
    it.options = (const char **)options;
    it.n_options = n_options;
    cart.currency = currency;
    cart.billing = &s->end_user;
    cart.items = &it;
    cart.n_items = 1;
    return ks_pricing_quote(pc, ctx, &cart, err);
}

/* The start of the subscription's current period: its start, moved by whole cycles while the
 * next one still ends before the expiration. */
static ks_time period_start(const ks_subscription *s)
{
    ks_time p = s->start;
    for (int i = 0; i < 100000; i++) {
        ks_time next = ks_subscription_period_add(p, s->cycle_length, s->cycle_unit);
        if (next <= p || next >= s->expiration)
            break;
        p = next;
    }
    return p;
}

/* x * num / den, rounded half up, without overflow: den > 0 (seconds of a period, far below
 * 2^31 x 100), 0 <= num <= den, x >= 0. */
static int64_t prorate(int64_t x, int64_t num, int64_t den)
{
    int64_t q = x / den, r = x % den;
    return q * num + (r * num + den / 2) / den;
}

typedef struct {
    ks_subscription sub;
    ks_product target;
    const char **options;
    size_t n_options;
    ks_upgrade_price price;
    const char *options_joined;
} upgrade_plan;

static int plan_upgrade(upgrade_plan *u, ks_ctx *ctx, const char *reference,
                        const char *product_code, const char *currency, const char *options,
                        ks_err *err)
{
    ks_priced_cart now_pc, new_pc;
    ks_time now;
    ks_err e;
    size_t i;
    memset(u, 0, sizeof *u);
    if (ks_subscription_get(&u->sub, ctx, reference, err) || ks_clock_now(&now, ctx, err))
        return -1;
    const ks_subscription *s = &u->sub;
    if (!s->enabled)
        return ks_err_set(err, KS_E_SUBSCRIPTION_DISABLED);
    /* API: setSubscriptionUpgrade — "You can only upgrade subscriptions with automatic renewal
     * enabled." */
    if (!s->recurring_enabled || s->lifetime)
        return ks_err_set(err, KS_E_SUBSCRIPTION_NOT_RECURRING);
    if (!product_code || !*product_code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "productCode is required");
    ks_product cur;
    int found = 0;
    if (s->product_code && ks_product_get(&cur, ctx, s->product_code, &e) == 0)
        for (i = 0; i < cur.n_upgrades; i++)
            found |= strcmp(cur.upgrades[i], product_code) == 0;
    if (!found || ks_product_get(&u->target, ctx, product_code, &e))
        return ks_err_setf(err, KS_E_SUBSCRIPTION_UPGRADE_PRODUCT_INVALID,
                           "'%.64s' is not an upgrade of the subscription's product", product_code);
    /* API: setSubscriptionUpgrade — options: "';' separated list of 'OptionValue' ... scale:
     * [option group unique code] + "=" + value e.g. Users=7"; case sensitive */
    ks_option_codes_split(&u->options, &u->n_options, ctx->arena, options);
    const char **old_opts;
    size_t n_old;
    ks_option_codes_split(&old_opts, &n_old, ctx->arena, s->options);
    /* API: getProductUpgradeOptionsPrice — in "the currency of the last payment" unless asked */
    const char *cur_code = currency && *currency ? currency : s->currency;
    if (cycle_price(&new_pc, ctx, s, product_code, u->options, u->n_options, cur_code, err) ||
        cycle_price(&now_pc, ctx, s, s->product_code, old_opts, n_old, cur_code, err))
        return -1;
    ks_time from = period_start(s);
    int64_t len = s->expiration - from, left = s->expiration - now;
    if (left < 0)
        left = 0;
    if (left > len)
        left = len;
    int64_t dg = new_pc.gross_discounted - now_pc.gross_discounted;
    int64_t dn = new_pc.net_discounted - now_pc.net_discounted;
    u->price.currency = new_pc.currency;
    u->price.quantity = s->quantity;
    /* API: upgrade price — prorated "for the rest of the current period" */
    u->price.gross = len > 0 && dg > 0 ? prorate(dg, left, len) : 0;
    u->price.net = len > 0 && dn > 0 ? prorate(dn, left, len) : 0;
    /* stored as checked: normalised, so that every renewal prices the same options */
    u->options_joined = ks_option_codes_join(ctx->arena, u->options, u->n_options);
    return 0;
}

int ks_subscription_upgrade_price(ks_upgrade_price *out, ks_ctx *ctx, const char *reference,
                                  const char *product_code, const char *currency,
                                  const char *options, ks_err *err)
{
    upgrade_plan u;
    if (plan_upgrade(&u, ctx, reference, product_code, currency, options, err))
        return -1;
    *out = u.price;
    return 0;
}

int ks_subscription_upgrade_targets(ks_upgrade_target **out, size_t *n, ks_ctx *ctx,
                                    const char *reference, ks_err *err)
{
    ks_subscription s;
    ks_product cur;
    ks_err e;
    *n = 0;
    *out = NULL;
    if (ks_subscription_get(&s, ctx, reference, err))
        return -1;
    if (!s.product_code || ks_product_get(&cur, ctx, s.product_code, &e))
        return 0; /* a dynamic item, or a product gone: nothing to upgrade to */
    *out = ks_arena_alloc(ctx->arena, (cur.n_upgrades + 1) * sizeof **out);
    for (size_t i = 0; i < cur.n_upgrades; i++) {
        ks_upgrade_target *t = &(*out)[*n];
        memset(t, 0, sizeof *t);
        if (ks_product_get(&t->product, ctx, cur.upgrades[i], &e) ||
            (t->product.has_enabled && !t->product.enabled))
            continue;
        const ks_pricing_config *pc = t->product.n_pricing ? &t->product.pricing[0] : NULL;
        size_t ng = pc ? pc->n_options : 0;
        t->groups = ks_arena_alloc(ctx->arena, (ng + 1) * sizeof *t->groups);
        for (size_t k = 0; k < ng; k++)
            if (ks_option_group_get(&t->groups[t->n_groups], ctx, pc->options[k].code, &e) == 0)
                t->n_groups++;
        (*n)++;
    }
    return 0;
}

int ks_subscription_upgrade(const char **ref_no, ks_ctx *ctx, const char *reference,
                            const char *product_code, const char *options, int has_custom_price,
                            ks_dec custom_price, ks_err *err)
{
    upgrade_plan u;
    ks_order o;
    int stale = 0;
    if (plan_upgrade(&u, ctx, reference, product_code, NULL, options, err))
        return -1;
    /* API: setSubscriptionUpgrade — customPrice "The price you want to charge customers for
     * the upgrade. The currency used by default is the same as in the previous payment" */
    int64_t gross = u.price.gross;
    if (has_custom_price &&
        (custom_price < 0 || ks_money_to_minor(&gross, custom_price, u.sub.currency)))
        return ks_err_set(err, KS_E_SUBSCRIPTION_UPGRADE_PRICE_INVALID);
    if (ks_order_upgrade(&o, ctx, &u.sub, u.target.name, gross, err))
        return -1;
    if (o.status != KS_ORDER_COMPLETE) {
        /* the issuer refused the stored card: nothing is stored, the call fails with its code */
        int code = ks_err_lookup(o.errors[0].code);
        return ks_err_setf(err, code >= 0 ? (ks_errcode)code : KS_E_PAYMENT_DECLINED, "%s",
                           o.errors[0].message);
    }
    o.renewal_key = ks_arena_printf(ctx->arena, "%s" KS_UPGRADE_KEY_MARK "%lld@%s", u.sub.reference,
                                    (long long)o.created, o.ref_no);
    ks_subscription next = u.sub;
    next.product_code = u.target.code;
    next.product_id = u.target.id;
    next.product_name = u.target.name;
    next.product_version = u.target.version;
    next.sku = u.target.sku;
    next.options = u.options_joined;
    next.updated = o.created;
    ks_job_list *jobs = ks_arena_alloc(ctx->arena, sizeof *jobs);
    memset(jobs, 0, sizeof *jobs);
    ks_job_list_append(jobs, ctx->arena, o.jobs);
    /* API: LCN — an upgrade changes the subscription's product: "LICENCE_CHANGE" */
    ks_subscription_changed(jobs, ctx, &next, "LICENCE_CHANGE", "VENDOR", o.created);
    o.jobs = jobs;
    if (ctx->store->ops->subscription_upgrade(ctx->store, ctx->arena, ctx->vendor->id, &u.sub,
                                              &next, &o, &stale, err))
        return -1;
    if (stale)
        return ks_err_setf(err, KS_E_SUBSCRIPTION_UPGRADE_PRODUCT_INVALID,
                           "The subscription changed meanwhile: try again");
    *ref_no = o.ref_no;
    return 0;
}
