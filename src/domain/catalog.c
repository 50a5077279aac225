/* catalog.c — the rules of the catalog: the default tax categories of a vendor, what a valid
 * product and pricing option group are, and the vendor's currency settings. */
#include "catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/crypto.h"
#include "../core/iso.h"
#include "../core/money.h"
#include "store.h"
#include "clock.h"
#include "page.h"


/* API: Prices — MinQuantity "1" and MaxQuantity "99999" when a tier does not set them */
int64_t ks_tier_min_qty(const ks_price_tier *t) { return t->min_qty ? t->min_qty : 1; }
int64_t ks_tier_max_qty(const ks_price_tier *t) { return t->max_qty ? t->max_qty : 99999; }

/* --- tax categories ---------------------------------------------------------------------- */

/* API: ProductTaxCategoryUUID — "The UUID of the tax category used for the product. Must be a
 * category existent on your account." Every vendor starts with this set; the first is the
 * default of products that name none. */
static const struct {
    const char *code, *name, *description;
} default_categories[] = {
    {"SOFTWARE_DOWNLOAD", "Downloadable software", "Software delivered by download or license key"},
    {"SAAS", "Software as a Service", "Hosted software used online, usually by subscription"},
    {"EBOOK", "E-books", "Electronic books and publications"},
    {"DIGITAL_MEDIA", "Digital media", "Music, video, images and other downloadable media"},
    {"ELEARNING", "E-learning", "Online courses and training delivered electronically"},
    {"PHYSICAL_GOODS", "Physical goods", "Tangible products shipped to the customer"},
};
#define N_DEFAULT_CATEGORIES (sizeof default_categories / sizeof default_categories[0])

/* A random (version 4) UUID, lower-case. */
static const char *new_uuid(ks_arena *a)
{
    char hex[33];
    char *u = ks_arena_alloc(a, KS_UUID_LEN + 1);
    ks_random_hex(hex, 16);
    hex[12] = '4';
    hex[16] = "89ab"[(hex[16] - '0') & 3];
    snprintf(u, KS_UUID_LEN + 1, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16,
             hex + 20);
    return u;
}

void ks_tax_categories_default(ks_tax_category *out, ks_arena *a)
{
    _Static_assert(N_DEFAULT_CATEGORIES == KS_TAX_CATEGORIES_DEFAULT, "default set size");
    for (size_t i = 0; i < N_DEFAULT_CATEGORIES; i++) {
        out[i].uuid = new_uuid(a);
        out[i].code = default_categories[i].code;
        out[i].name = default_categories[i].name;
        out[i].description = default_categories[i].description;
        out[i].is_default = i == 0;
    }
}

int ks_tax_category_list(ks_tax_category **out, size_t *n, ks_ctx *ctx, ks_err *err)
{
    int rc = -1;
    const ks_store_ops *ops = ctx->store->ops;
    if (ops->tax_categories_list(ctx->store, ctx->arena, ctx->vendor->id, out, n, err))
        goto done;
    rc = 0;
done:
    return rc;
}

int ks_tax_category_resolve(ks_tax_category *out, ks_ctx *ctx, const char *uuid, ks_err *err)
{
    int rc = -1;
    ks_tax_category *list;
    size_t n;
    if (ks_tax_category_list(&list, &n, ctx, err))
        goto done;
    for (size_t i = 0; i < n; i++)
        if ((!uuid || !*uuid) ? list[i].is_default : strcasecmp(list[i].uuid, uuid) == 0) {
            *out = list[i];
            rc = 0;
            goto done;
        }
    ks_err_setf(err, KS_E_TAX_CATEGORY_INVALID,
                "Tax category '%.40s' is not one of the vendor's tax categories (see "
                "getTaxCategories)",
                uuid ? uuid : "");
done:
    return rc;
}

/* --- shared checks ----------------------------------------------------------------------- */

/* Codes that appear in REST paths: letters, digits, '_', '-', '.'. */
static int valid_code(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > KS_CATALOG_CODE_MAX)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return 0;
    return 1;
}

static int check_code(const char *code, const char *field, ks_err *err)
{
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "%s is required", field);
    if (!valid_code(code))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "%s must be 1-%d letters, digits, '_', '-' or '.'", field,
                           KS_CATALOG_CODE_MAX);
    return 0;
}

/* API: PricingConfigurations — "Prices {Amount, Currency}": an amount is not negative and has
 * no more decimals than its currency (ISO 4217 minor units: none for JPY). */
static int check_amount(ks_dec amount, const char *currency, const char *path, ks_err *err)
{
    int64_t minor;
    if (amount < 0)
        return ks_err_setf(err, KS_E_PRICE_AMOUNT_INVALID, "%s must not be negative", path);
    if (ks_money_to_minor(&minor, amount, currency))
        return ks_err_setf(err, KS_E_PRICE_AMOUNT_INVALID,
                           "%s has more decimals than %s allows (%d)", path, currency,
                           ks_money_minor_units(currency));
    return 0;
}

/* A percentage 0-100 with at most two decimals. */
static int percent_ok(ks_dec p)
{
    return p >= 0 && p <= 100 * KS_DEC_SCALE && p % 100 == 0;
}

/* --- products ---------------------------------------------------------------------------- */

static int product_exists(ks_ctx *ctx, const char *code, ks_product *out, ks_err *err)
{
    ks_err e;
    if (ctx->store->ops->product_get(ctx->store, ctx->arena, ctx->vendor->id, code, out, &e) == 0)
        return 1;
    if (e.code != KS_E_PRODUCT_NOT_FOUND) {
        *err = e;
        return -1;
    }
    return 0;
}

static int check_tiers(const ks_price_tier *t, size_t n, const char *list, ks_err *err)
{
    char path[96];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "Prices.%s[%zu].Amount", list, i);
        if (check_amount(t[i].amount, t[i].currency, path, err))
            return -1;
        if (t[i].min_qty < 0 || t[i].max_qty < 0 ||
            (t[i].max_qty && t[i].max_qty < (t[i].min_qty ? t[i].min_qty : 1)))
            return ks_err_setf(err, KS_E_PRODUCT_PRICING_INVALID,
                               "Prices.%s[%zu]: MinQuantity and MaxQuantity must be positive, "
                               "MinQuantity <= MaxQuantity",
                               list, i);
        /* API: PricingConfigurations — one unit price per currency and quantity */
        for (size_t j = 0; j < i; j++) {
            int64_t lo1 = t[i].min_qty ? t[i].min_qty : 1,
                    hi1 = t[i].max_qty ? t[i].max_qty : INT64_MAX;
            int64_t lo2 = t[j].min_qty ? t[j].min_qty : 1,
                    hi2 = t[j].max_qty ? t[j].max_qty : INT64_MAX;
            if (strcmp(t[i].currency, t[j].currency) == 0 && lo1 <= hi2 && lo2 <= hi1)
                return ks_err_setf(err, KS_E_PRODUCT_PRICING_INVALID,
                                   "Prices.%s[%zu] and [%zu] overlap: one %s price per quantity",
                                   list, j, i, t[i].currency);
        }
    }
    return 0;
}

static int has_currency(const ks_price_tier *t, size_t n, const char *cur)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].currency, cur) == 0)
            return 1;
    return 0;
}

static int check_pricing(ks_ctx *ctx, ks_product *p, ks_err *err)
{
    int rc = -1;
    ks_currency_settings cs;
    ks_option_group g;
    /* Kassa keeps one pricing configuration per product (the platform's default one) */
    if (p->n_pricing != 1) {
        ks_err_setf(err, KS_E_PRODUCT_PRICING_INVALID,
                    "PricingConfigurations must hold exactly one configuration");
        goto done;
    }
    ks_pricing_config *pc = &p->pricing[0];
    /* API: PricingConfigurations — "PriceType NET|GROSS"; NET unless said otherwise */
    if (!pc->price_type)
        pc->price_type = "NET";
    if (!pc->prices || pc->prices->n_regular == 0) {
        /* API: addProduct — "PricingConfigurations" is mandatory, with a regular price */
        ks_err_setf(err, KS_E_PRODUCT_PRICING_INVALID,
                    "PricingConfigurations[0].Prices.Regular needs at least one price");
        goto done;
    }
    const ks_product_prices *pr = pc->prices;
    if (check_tiers(pr->regular, pr->n_regular, "Regular", err) ||
        check_tiers(pr->renewal, pr->n_renewal, "Renewal", err))
        goto done;
    if (pc->default_currency) {
        if (!has_currency(pr->regular, pr->n_regular, pc->default_currency)) {
            ks_err_setf(err, KS_E_PRODUCT_PRICING_INVALID,
                        "DefaultCurrency %s has no regular price", pc->default_currency);
            goto done;
        }
    } else {
        /* API: PricingConfigurations — "DefaultCurrency": prices missing in an order's
         * currency are converted from it; absent, the vendor's base currency when the product
         * has a price in it, else the first price's */
        if (ks_currency_settings_get(&cs, ctx, err))
            goto done;
        pc->default_currency = has_currency(pr->regular, pr->n_regular, cs.base_currency)
                                   ? cs.base_currency
                                   : pr->regular[0].currency;
    }
    for (size_t i = 0; i < pc->n_options; i++) {
        if (!pc->options[i].code || !*pc->options[i].code) {
            ks_err_setf(err, KS_E_PRODUCT_PRICING_INVALID, "PriceOptions[%zu].Code is required", i);
            goto done;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(pc->options[i].code, pc->options[j].code) == 0) {
                ks_err_setf(err, KS_E_PRODUCT_PRICING_INVALID,
                            "PriceOptions: group '%.64s' is assigned twice", pc->options[i].code);
                goto done;
            }
        ks_err e;
        if (ctx->store->ops->option_group_get(ctx->store, ctx->arena, ctx->vendor->id,
                                              pc->options[i].code, &g, &e)) {
            if (e.code == KS_E_PRICE_OPTION_GROUP_NOT_FOUND)
                ks_err_setf(err, KS_E_PRODUCT_PRICING_INVALID,
                            "PriceOptions[%zu].Code '%.64s' is not a pricing option group", i,
                            pc->options[i].code);
            else
                *err = e;
            goto done;
        }
    }
    rc = 0;
done:
    return rc;
}

/* API: Subscription Lifetime — "False – the subscription has a recurring billing cycle less than
 * or equal to three years." */
int ks_cycle_beyond_three_years(int64_t length, const char *unit)
{
    if (!unit)
        return 0;
    switch (unit[0]) {
    case 'D': return length > 3 * 365;
    case 'W': return length > 3 * 52;
    case 'M': return length > 36;
    case 'Y': return length > 3;
    default: return 0;
    }
}

static int check_subscription(ks_product *p, ks_err *err)
{
    ks_subscription_info *s = (ks_subscription_info *)p->subscription;
    if (!p->has_generates_subscription)
        p->generates_subscription = s != NULL;
    if (!s)
        return 0;
    if (!s->billing_cycle_units)
        s->billing_cycle_units = "M";
    /* API: Subscription Lifetime — "TRUE for non-recurring, evergreen subscriptions" */
    if (s->lifetime && !s->is_one_time_fee)
        return ks_err_setf(err, KS_E_PRODUCT_SUBSCRIPTION_INVALID,
                           "Lifetime needs IsOneTimeFee: a lifetime subscription is not renewed");
    if (!s->is_one_time_fee) {
        /* API: Subscription Lifetime — "recurring subscriptions with a specific billing cycle
         * from 7 days to 36 months" */
        int64_t c = s->billing_cycle;
        char u = s->billing_cycle_units[0];
        int ok = ((u == 'D' && c >= 7) || ((u == 'M' || u == 'Y') && c >= 1)) &&
                 !ks_cycle_beyond_three_years(c, s->billing_cycle_units);
        if (!ok)
            return ks_err_setf(err, KS_E_PRODUCT_SUBSCRIPTION_INVALID,
                               "BillingCycle must be from 7 days to 36 months");
    }
    const ks_contract_period *cp = s->contract;
    if (cp && !cp->is_unlimited && (cp->period < 1 || !cp->units))
        return ks_err_setf(err, KS_E_PRODUCT_SUBSCRIPTION_INVALID,
                           "ContractPeriod needs Period >= 1 and PeriodUnits, or IsUnlimited");
    if (s->trial_period < 0 || s->trial_period > 365)
        return ks_err_setf(err, KS_E_PRODUCT_SUBSCRIPTION_INVALID,
                           "TrialPeriod must be 0-365 days");
    if (s->has_trial_price &&
        check_amount(s->trial_price, p->pricing[0].default_currency, "TrialPrice", err))
        return -1;
    return 0;
}

static int check_upgrades(ks_ctx *ctx, const ks_product *p, ks_err *err)
{
    ks_product t;
    if (p->n_upgrades && !p->generates_subscription)
        return ks_err_setf(err, KS_E_PRODUCT_UPGRADE_INVALID,
                           "Only products that generate subscriptions have upgrade paths");
    for (size_t i = 0; i < p->n_upgrades; i++) {
        const char *c = p->upgrades[i];
        if (strcmp(c, p->code) == 0)
            return ks_err_setf(err, KS_E_PRODUCT_UPGRADE_INVALID,
                               "A product cannot be upgraded to itself");
        for (size_t j = 0; j < i; j++)
            if (strcmp(c, p->upgrades[j]) == 0)
                return ks_err_setf(err, KS_E_PRODUCT_UPGRADE_INVALID,
                                   "UpgradeProducts names '%.64s' twice", c);
        int found = product_exists(ctx, c, &t, err);
        if (found < 0)
            return -1;
        /* API: setSubscriptionUpgrade — a subscription is upgraded to another subscription
         * product */
        if (!found || !t.generates_subscription)
            return ks_err_setf(err, KS_E_PRODUCT_UPGRADE_INVALID,
                               "UpgradeProducts[%zu] '%.64s' is not a subscription product", i, c);
    }
    return 0;
}

static int check_product(ks_ctx *ctx, ks_product *p, ks_err *err)
{
    int rc = -1;
    ks_tax_category tc;
    if (check_code(p->code, "ProductCode", err))
        goto done;
    /* API: addProduct — "mandatory: ProductName, ProductCode, PricingConfigurations" */
    if (!p->name || !*p->name) {
        ks_err_setf(err, KS_E_PARAMETER_MISSING, "ProductName is required");
        goto done;
    }
    /* API: Product — "ProductType (REGULAR|BUNDLE, default REGULAR)"; a new product is
     * enabled unless it says otherwise */
    if (!p->type)
        p->type = "REGULAR";
    if (!p->has_enabled)
        p->enabled = 1;
    /* the products' TaxCategory and the orders' ProductTaxCategoryUUID name the same thing */
    if (p->tax_category && p->tax_category_uuid && *p->tax_category && *p->tax_category_uuid &&
        strcasecmp(p->tax_category, p->tax_category_uuid) != 0) {
        ks_err_setf(err, KS_E_PRODUCT_INVALID,
                    "TaxCategory and ProductTaxCategoryUUID name different categories");
        goto done;
    }
    if (ks_tax_category_resolve(
            &tc, ctx, p->tax_category && *p->tax_category ? p->tax_category : p->tax_category_uuid,
            err))
        goto done;
    p->tax_category = p->tax_category_uuid = tc.uuid;
    if (check_pricing(ctx, p, err) || check_subscription(p, err) || check_upgrades(ctx, p, err))
        goto done;
    rc = 0;
done:
    return rc;
}

int ks_product_add(ks_ctx *ctx, ks_product *p, ks_err *err)
{
    int rc = -1;
    ks_time now;
    if (check_product(ctx, p, err) || ks_clock_now(&now, ctx, err))
        goto done;
    p->created = p->updated = now;
    rc = ctx->store->ops->product_insert(ctx->store, ctx->vendor->id, p, err);
done:
    return rc;
}

int ks_product_update(ks_ctx *ctx, const char *code, ks_product *p, ks_err *err)
{
    int rc = -1;
    ks_product old;
    ks_time now;
    if (code && p->code && *p->code && strcmp(code, p->code) != 0) {
        ks_err_setf(err, KS_E_PARAMETER_INVALID,
                    "ProductCode '%.64s' of the body is not the product '%.64s' of the path",
                    p->code, code);
        goto done;
    }
    if (!code)
        code = p->code;
    if (ks_product_get(&old, ctx, code, err))
        goto done;
    /* API: updateProduct — the product sent replaces the stored one; what the platform owns
     * (code, AvangateId, creation) stays */
    p->code = old.code;
    p->id = old.id;
    if (check_product(ctx, p, err) || ks_clock_now(&now, ctx, err))
        goto done;
    p->created = old.created;
    p->updated = now;
    rc = ctx->store->ops->product_replace(ctx->store, ctx->vendor->id, p, err);
done:
    return rc;
}

/* The value kept in ctx->memo for (kind, the vendor, code), or NULL; *key its key. */
static void *memo_get(const char **key, ks_ctx *ctx, const char *kind, const char *code)
{
    if (!ctx->memo)
        return NULL;
    *key = ks_arena_printf(ctx->arena, "%s:%lld:%s", kind, (long long)ctx->vendor->id, code);
    return ks_memo_get(ctx->memo, *key);
}

int ks_product_get(ks_product *out, ks_ctx *ctx, const char *code, ks_err *err)
{
    const char *key = NULL;
    ks_product *kept;
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "ProductCode is required");
    if ((kept = memo_get(&key, ctx, "product", code))) {
        *out = *kept; /* read only: its arrays are the memo's */
        return 0;
    }
    if (!ctx->memo)
        return ctx->store->ops->product_get(ctx->store, ctx->arena, ctx->vendor->id, code, out,
                                            err);
    kept = ks_arena_alloc(ks_memo_arena(ctx->memo), sizeof *kept);
    if (ctx->store->ops->product_get(ctx->store, ks_memo_arena(ctx->memo), ctx->vendor->id, code,
                                     kept, err))
        return -1;
    ks_memo_put(ctx->memo, key, kept);
    *out = *kept;
    return 0;
}

int ks_product_disable(ks_ctx *ctx, const char *code, ks_err *err)
{
    int rc = -1;
    ks_time now;
    if (!code || !*code) {
        ks_err_setf(err, KS_E_PARAMETER_MISSING, "ProductCode is required");
        goto done;
    }
    if (ks_clock_now(&now, ctx, err))
        goto done;
    rc = ctx->store->ops->product_set_enabled(ctx->store, ctx->vendor->id, code, 0, now, err);
done:
    return rc;
}

/* API: search pagination — "default page 1 x 10, max 200 per page" */

int ks_product_search(ks_product **out, size_t *n, int64_t *total, ks_ctx *ctx,
                      const ks_product_query *q, ks_err *err)
{
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    return ctx->store->ops->product_search(ctx->store, ctx->arena, ctx->vendor->id, q, out, n,
                                           total, err);
}

/* --- pricing option groups --------------------------------------------------------------- */

static int check_impact(ks_price_impact *im, size_t i, ks_err *err)
{
    char path[96];
    if (!im->impact_on)
        im->impact_on = "BASE";
    if (!im->impact)
        im->impact = "ADD";
    if (!im->method)
        im->method = im->n_amounts ? "FIXED" : "PERCENT";
    /* API: PriceImpact — "Method FIXED (Amounts per currency) | PERCENT (Percent)" */
    if (strcmp(im->method, "PERCENT") == 0) {
        if (!percent_ok(im->percent))
            return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                               "Options[%zu].PriceImpact.Percent must be 0-100 with at most 2 "
                               "decimals",
                               i);
        im->n_amounts = 0;
        return 0;
    }
    if (im->n_amounts == 0)
        return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                           "Options[%zu].PriceImpact: a FIXED impact needs Amounts", i);
    for (size_t k = 0; k < im->n_amounts; k++) {
        snprintf(path, sizeof path, "Options[%zu].PriceImpact.Amounts[%zu].Amount", i, k);
        if (check_amount(im->amounts[k].amount, im->amounts[k].currency, path, err))
            return -1;
        for (size_t j = 0; j < k; j++)
            if (strcmp(im->amounts[k].currency, im->amounts[j].currency) == 0)
                return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                                   "Options[%zu].PriceImpact.Amounts: %s given twice", i,
                                   im->amounts[k].currency);
    }
    im->percent = 0;
    return 0;
}

static int check_group(ks_option_group *g, ks_err *err)
{
    int defaults = 0;
    /* API: addPriceOptionGroup — "Code, Name, Type RADIO|CHECKBOX|INTERVAL|COMBO, Options" */
    if (check_code(g->code, "Code", err))
        return -1;
    if (!g->name || !*g->name)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Name is required");
    if (!g->type)
        g->type = "RADIO";
    int interval = strcmp(g->type, "INTERVAL") == 0;
    if (g->n_options == 0)
        return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                           "A pricing option group needs at least one option");
    for (size_t i = 0; i < g->n_options; i++) {
        ks_price_option *o = &g->options[i];
        /* API: addPriceOptionGroup — requests name an option's code Value, responses Code */
        if (o->code && o->value && *o->code && *o->value && strcmp(o->code, o->value) != 0)
            return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                               "Options[%zu]: Code and Value differ", i);
        if (!o->code || !*o->code)
            o->code = o->value;
        if (!o->code || !*o->code)
            return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Options[%zu].Code is required", i);
        if (strchr(o->code, '=') || strlen(o->code) > KS_CATALOG_CODE_MAX)
            return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                               "Options[%zu].Code must be at most %d characters, without '='", i,
                               KS_CATALOG_CODE_MAX);
        o->value = o->code;
        if (!o->name || !*o->name)
            o->name = o->code;
        for (size_t j = 0; j < i; j++)
            if (strcmp(o->code, g->options[j].code) == 0)
                return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                                   "Option code '%.64s' is used twice", o->code);
        defaults += o->is_default;
        if (interval) {
            /* API: pricing options — "ScaleMin, ScaleMax (INTERVAL only)": the values chosen
             * as GroupCode=value fall in exactly one option's interval */
            if (!o->has_scale_min || !o->has_scale_max || o->scale_min < 0 ||
                o->scale_min > o->scale_max)
                return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                                   "Options[%zu] of an INTERVAL group needs 0 <= ScaleMin <= "
                                   "ScaleMax",
                                   i);
            for (size_t j = 0; j < i; j++)
                if (o->scale_min <= g->options[j].scale_max &&
                    g->options[j].scale_min <= o->scale_max)
                    return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                                       "The intervals of Options[%zu] and [%zu] overlap", j, i);
        } else {
            o->scale_min = o->scale_max = 0;
            o->has_scale_min = o->has_scale_max = 0;
        }
        if (o->impact && check_impact((ks_price_impact *)o->impact, i, err))
            return -1;
    }
    /* single-choice groups have at most one default option */
    if (strcmp(g->type, "CHECKBOX") != 0 && defaults > 1)
        return ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                           "A %s group has at most one Default option", g->type);
    return 0;
}

int ks_option_group_add(ks_ctx *ctx, ks_option_group *g, ks_err *err)
{
    int rc = -1;
    ks_time now;
    if (check_group(g, err) || ks_clock_now(&now, ctx, err))
        goto done;
    g->created = g->updated = now;
    rc = ctx->store->ops->option_group_insert(ctx->store, ctx->vendor->id, g, err);
done:
    return rc;
}

int ks_option_group_update(ks_ctx *ctx, const char *code, ks_option_group *g, ks_err *err)
{
    int rc = -1;
    ks_option_group old;
    ks_time now;
    if (code && g->code && *g->code && strcmp(code, g->code) != 0) {
        ks_err_setf(err, KS_E_PARAMETER_INVALID,
                    "Code '%.64s' of the body is not the group '%.64s' of the path", g->code, code);
        goto done;
    }
    if (ks_option_group_get(&old, ctx, code ? code : g->code, err))
        goto done;
    /* API: updatePriceOptionGroup — "cannot change Code and Required" */
    if (g->has_required && g->required != old.required) {
        ks_err_setf(err, KS_E_PRICE_OPTION_GROUP_INVALID,
                    "Required cannot be changed on an existing group");
        goto done;
    }
    g->code = old.code;
    g->required = old.required;
    if (check_group(g, err) || ks_clock_now(&now, ctx, err))
        goto done;
    g->created = old.created;
    g->updated = now;
    rc = ctx->store->ops->option_group_replace(ctx->store, ctx->vendor->id, g, err);
done:
    return rc;
}

int ks_option_group_get(ks_option_group *out, ks_ctx *ctx, const char *code, ks_err *err)
{
    const char *key = NULL;
    ks_option_group *kept;
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Code is required");
    if ((kept = memo_get(&key, ctx, "option_group", code))) {
        *out = *kept; /* read only: its arrays are the memo's */
        return 0;
    }
    if (!ctx->memo)
        return ctx->store->ops->option_group_get(ctx->store, ctx->arena, ctx->vendor->id, code,
                                                 out, err);
    kept = ks_arena_alloc(ks_memo_arena(ctx->memo), sizeof *kept);
    if (ctx->store->ops->option_group_get(ctx->store, ks_memo_arena(ctx->memo), ctx->vendor->id,
                                          code, kept, err))
        return -1;
    ks_memo_put(ctx->memo, key, kept);
    *out = *kept;
    return 0;
}

int ks_option_group_search(ks_option_group **out, size_t *n, int64_t *total, ks_ctx *ctx,
                           const ks_option_group_query *q, ks_err *err)
{
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    return ctx->store->ops->option_group_search(ctx->store, ctx->arena, ctx->vendor->id, q, out, n,
                                                total, err);
}

/* --- currencies -------------------------------------------------------------------------- */

/* The platform's accounts default to US dollars. */
#define DEFAULT_BASE_CURRENCY "USD"

int ks_currency_settings_get(ks_currency_settings *out, ks_ctx *ctx, ks_err *err)
{
    if (ctx->store->ops->currency_get(ctx->store, ctx->arena, ctx->vendor->id, out, err))
        return -1;
    if (!out->base_currency)
        out->base_currency = DEFAULT_BASE_CURRENCY;
    return 0;
}

int ks_currency_settings_update(ks_ctx *ctx, const char *base_currency, int set_rates,
                                const ks_fx_rate *rates, size_t n, ks_err *err)
{
    int rc = -1;
    ks_currency_settings cur;
    if (ks_currency_settings_get(&cur, ctx, err))
        goto done;
    const char *base = base_currency ? base_currency : cur.base_currency;
    /* the vendor's rates are relative to its base currency: a new base voids the old ones */
    if (!set_rates && strcmp(base, cur.base_currency) != 0) {
        set_rates = 1;
        n = 0;
    }
    for (size_t i = 0; set_rates && i < n; i++) {
        if (!rates[i].currency || !ks_iso_currency(rates[i].currency, NULL)) {
            ks_err_setf(err, KS_E_INVALID_CURRENCY, "ExchangeRates[%zu].Currency is unknown", i);
            goto done;
        }
        /* the upper bound keeps conversions exact in 128-bit arithmetic */
        if (rates[i].rate <= 0 || rates[i].rate > 1000000 * (ks_dec)KS_DEC_SCALE) {
            ks_err_setf(err, KS_E_PARAMETER_INVALID,
                        "ExchangeRates[%zu].Rate must be above 0 and at most 1000000", i);
            goto done;
        }
        /* a rate is units of the currency for one unit of the base: the base's own is 1 */
        if (strcmp(rates[i].currency, base) == 0 && rates[i].rate != KS_DEC_SCALE) {
            ks_err_setf(err, KS_E_PARAMETER_INVALID,
                        "ExchangeRates[%zu]: the rate of the base currency %s is 1", i, base);
            goto done;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(rates[i].currency, rates[j].currency) == 0) {
                ks_err_setf(err, KS_E_PARAMETER_INVALID, "ExchangeRates: %s given twice",
                            rates[i].currency);
                goto done;
            }
    }
    rc = ctx->store->ops->currency_set(ctx->store, ctx->vendor->id, base_currency, set_rates, rates,
                                       n, err);
done:
    return rc;
}
