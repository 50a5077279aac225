/* promotion.c — the rules of promotions and cross-sell campaigns: what a valid one is, its
 * generated code, and when it may be used. */
#include "promotion.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/crypto.h"
#include "../core/money.h"
#include "store.h"
#include "clock.h"
#include "page.h"

#define CODE_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

static int valid_code(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return 0;
    return 1;
}

static const char *generate_code(ks_arena *a, size_t n)
{
    char *c = ks_arena_alloc(a, n + 1);
    ks_random_chars(c, n, CODE_ALPHABET);
    return c;
}

static int percent_ok(ks_dec p)
{
    return p > 0 && p <= 100 * KS_DEC_SCALE && p % 100 == 0;
}

/* 0 when a product of the vendor has this code, PRODUCT_NOT_FOUND when none has; other errors
 * pass through. */
static int product_known(ks_ctx *ctx, const char *code, ks_err *err)
{
    ks_product p;
    return ctx->store->ops->product_get(ctx->store, ctx->arena, ctx->vendor->id, code, &p, err);
}

/* Checks a list of product codes of a body; unknown ones are reported with the object's own
 * code, as a bad request. */
static int check_products(ks_ctx *ctx, const char *const *codes, size_t n, const char *field,
                          ks_errcode invalid, ks_err *err)
{
    ks_err e;
    for (size_t i = 0; i < n; i++) {
        if (!codes[i] || !*codes[i])
            return ks_err_setf(err, KS_E_PARAMETER_MISSING, "%s[%zu] is required", field, i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(codes[i], codes[j]) == 0)
                return ks_err_setf(err, invalid, "%s names '%.64s' twice", field, codes[i]);
        if (product_known(ctx, codes[i], &e)) {
            if (e.code != KS_E_PRODUCT_NOT_FOUND) {
                *err = e;
                return -1;
            }
            return ks_err_setf(err, invalid, "%s[%zu] '%.64s' is not a product of the catalog",
                               field, i, codes[i]);
        }
    }
    return 0;
}

/* Dates "YYYY-MM-DD" (the schema checked the format): start <= end. */
static int check_window(const char *start, const char *end, ks_errcode invalid, ks_err *err)
{
    if (start && end && strcmp(start, end) > 0)
        return ks_err_setf(err, invalid, "StartDate must not be after EndDate");
    return 0;
}

/* Today in the vendor's API time zone, "YYYY-MM-DD". */
static int today(char out[11], ks_ctx *ctx, ks_err *err)
{
    ks_time now;
    if (ks_clock_now(&now, ctx, err))
        return -1;
    ks_time_format_date(out, now, ctx->vendor->tz_offset);
    return 0;
}

/* --- promotions -------------------------------------------------------------------------- */

static int check_coupon(ks_ctx *ctx, ks_coupon *c, ks_err *err)
{
    if (!c)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Coupon is required");
    if (!c->type)
        c->type = c->n_codes ? "MULTIPLE" : "SINGLE";
    /* API: addPromotion — "Coupon {Type: SINGLE | MULTIPLE, Code: 'single_code' | Codes: [...]}" */
    if (strcmp(c->type, "SINGLE") == 0) {
        if (!c->code || !*c->code)
            return ks_err_setf(err, KS_E_PROMOTION_INVALID, "A SINGLE coupon needs Coupon.Code");
        const char **one = ks_arena_alloc(ctx->arena, sizeof *one);
        one[0] = c->code;
        c->codes = one;
        c->n_codes = 1;
    } else {
        if (c->n_codes == 0)
            return ks_err_setf(err, KS_E_PROMOTION_INVALID, "A MULTIPLE coupon needs Coupon.Codes");
        c->code = NULL;
    }
    for (size_t i = 0; i < c->n_codes; i++) {
        if (!valid_code(c->codes[i], KS_CATALOG_CODE_MAX))
            return ks_err_setf(err, KS_E_PROMOTION_INVALID,
                               "Coupon codes are 1-%d letters, digits, '_', '-' or '.'",
                               KS_CATALOG_CODE_MAX);
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(c->codes[i], c->codes[j]) == 0)
                return ks_err_setf(err, KS_E_PROMOTION_INVALID,
                                   "Coupon code '%.64s' is given twice", c->codes[i]);
    }
    return 0;
}

static int check_discount(ks_discount *d, ks_err *err)
{
    int64_t minor;
    if (!d)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Discount is required");
    if (!d->type)
        d->type = d->n_values ? "FIXED" : "PERCENT";
    if (strcmp(d->type, "PERCENT") == 0) {
        /* API: addPromotion — "Discount {Type: PERCENT -> Value 0..100}" */
        if (!d->has_value || !percent_ok(d->value))
            return ks_err_setf(err, KS_E_PROMOTION_INVALID,
                               "A PERCENT discount needs Value above 0 and at most 100, with at "
                               "most 2 decimals");
        d->n_values = 0;
        d->default_currency = NULL;
        return 0;
    }
    if (d->n_values == 0)
        return ks_err_setf(err, KS_E_PROMOTION_INVALID,
                           "A FIXED discount needs Values [{Currency, Amount}]");
    int has_default = 0;
    for (size_t i = 0; i < d->n_values; i++) {
        if (d->values[i].amount <= 0 ||
            ks_money_to_minor(&minor, d->values[i].amount, d->values[i].currency))
            return ks_err_setf(err, KS_E_PRICE_AMOUNT_INVALID,
                               "Discount.Values[%zu].Amount must be positive, with at most the "
                               "decimals of %s",
                               i, d->values[i].currency);
        for (size_t j = 0; j < i; j++)
            if (strcmp(d->values[i].currency, d->values[j].currency) == 0)
                return ks_err_setf(err, KS_E_PROMOTION_INVALID, "Discount.Values: %s given twice",
                                   d->values[i].currency);
        if (d->default_currency && strcmp(d->default_currency, d->values[i].currency) == 0)
            has_default = 1;
    }
    if (d->default_currency && !has_default)
        return ks_err_setf(err, KS_E_PROMOTION_INVALID,
                           "Discount.DefaultCurrency %s has no amount in Values",
                           d->default_currency);
    if (!d->default_currency)
        d->default_currency = d->values[0].currency;
    d->has_value = 0;
    return 0;
}

static int check_promotion(ks_ctx *ctx, ks_promotion *p, ks_err *err)
{
    /* API: addPromotion — "Name (Required)", "ChannelType ... ECOMMERCE", "Enabled" */
    if (!p->name || !*p->name)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Name is required");
    if (!valid_code(p->code, 64))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "Code must be 1-64 letters, digits, '_', '-' or '.'");
    if (!p->type)
        p->type = "REGULAR";
    /* Kassa applies coupon promotions; global and special-price ones are not modelled */
    if (strcmp(p->type, "REGULAR") != 0)
        return ks_err_setf(err, KS_E_PROMOTION_INVALID,
                           "Only REGULAR (coupon) promotions are supported, not %s", p->type);
    if (!p->channel_type)
        p->channel_type = "ECOMMERCE";
    if (!p->has_enabled)
        p->enabled = 1;
    /* API: addPromotion — "MaximumOrdersNumber (NULL/0 = unlimited)" */
    if (p->max_orders < 0)
        return ks_err_setf(err, KS_E_PROMOTION_INVALID, "MaximumOrdersNumber must be >= 0");
    if (check_window(p->start_date, p->end_date, KS_E_PROMOTION_INVALID, err) ||
        check_coupon(ctx, (ks_coupon *)p->coupon, err) ||
        check_discount((ks_discount *)p->discount, err))
        return -1;
    const char **codes = ks_arena_alloc(ctx->arena, (p->n_products + 1) * sizeof *codes);
    for (size_t i = 0; i < p->n_products; i++)
        codes[i] = p->products[i].code;
    return check_products(ctx, codes, p->n_products, "Products", KS_E_PROMOTION_INVALID, err);
}

int ks_promotion_add(ks_ctx *ctx, ks_promotion *p, ks_err *err)
{
    int rc = -1;
    ks_time now;
    if (!p->code || !*p->code)
        p->code = generate_code(ctx->arena, 10);
    if (check_promotion(ctx, p, err) || ks_clock_now(&now, ctx, err))
        goto done;
    p->used_orders = 0;
    p->created = p->updated = now;
    rc = ctx->store->ops->promotion_insert(ctx->store, ctx->vendor->id, p, err);
done:
    return rc;
}

int ks_promotion_update(ks_ctx *ctx, const char *code, ks_promotion *p, ks_err *err)
{
    int rc = -1;
    ks_promotion old;
    ks_time now;
    if (code && p->code && *p->code && strcmp(code, p->code) != 0) {
        ks_err_setf(err, KS_E_PARAMETER_INVALID,
                    "Code '%.64s' of the body is not the promotion '%.64s' of the path", p->code,
                    code);
        goto done;
    }
    if (ks_promotion_get(&old, ctx, code ? code : p->code, err))
        goto done;
    p->code = old.code;
    if (check_promotion(ctx, p, err) || ks_clock_now(&now, ctx, err))
        goto done;
    /* the use count belongs to the orders that used it, not to the promotion's data */
    p->used_orders = old.used_orders;
    p->created = old.created;
    p->updated = now;
    rc = ctx->store->ops->promotion_replace(ctx->store, ctx->vendor->id, p, err);
done:
    return rc;
}

int ks_promotion_get(ks_promotion *out, ks_ctx *ctx, const char *code, ks_err *err)
{
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "PromotionCode is required");
    return ctx->store->ops->promotion_get(ctx->store, ctx->arena, ctx->vendor->id, code, out, err);
}

int ks_promotion_search(ks_promotion **out, size_t *n, int64_t *total, ks_ctx *ctx,
                        const ks_promotion_query *q, ks_err *err)
{
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    return ctx->store->ops->promotion_search(ctx->store, ctx->arena, ctx->vendor->id, q, out, n,
                                             total, err);
}

int ks_promotion_by_coupon(ks_promotion *out, ks_ctx *ctx, const char *coupon, ks_err *err)
{
    if (!coupon || !*coupon)
        return ks_err_setf(err, KS_E_PROMOTION_CODE_INVALID, "Empty promotion coupon code");
    return ctx->store->ops->promotion_by_coupon(ctx->store, ctx->arena, ctx->vendor->id, coupon,
                                                out, err);
}

int ks_promotion_check_usable(ks_ctx *ctx, const ks_promotion *p, ks_err *err)
{
    char day[11];
    if (!p->enabled)
        return ks_err_setf(err, KS_E_PROMOTION_DISABLED, "Promotion '%.64s' is disabled", p->code);
    if (today(day, ctx, err))
        return -1;
    /* API: addPromotion — "StartDate/EndDate (Y-m-d, NULL = immediate / indefinite)" */
    if (p->start_date && strcmp(day, p->start_date) < 0)
        return ks_err_setf(err, KS_E_PROMOTION_NOT_STARTED, "Promotion '%.64s' starts on %s",
                           p->code, p->start_date);
    if (p->end_date && strcmp(day, p->end_date) > 0)
        return ks_err_setf(err, KS_E_PROMOTION_EXPIRED, "Promotion '%.64s' ended on %s", p->code,
                           p->end_date);
    /* API: addPromotion — "MaximumOrdersNumber (NULL/0 = unlimited)" */
    if (p->max_orders > 0 && p->used_orders >= p->max_orders)
        return ks_err_setf(err, KS_E_PROMOTION_LIMIT_REACHED,
                           "Promotion '%.64s' has been used by its %lld orders", p->code,
                           (long long)p->max_orders);
    return 0;
}

int ks_promotion_covers(const ks_promotion *p, const char *product_code)
{
    /* API: addPromotion — "Products" the promotion applies to; none listed: every product */
    if (p->n_products == 0)
        return 1;
    for (size_t i = 0; product_code && i < p->n_products; i++)
        if (strcmp(p->products[i].code, product_code) == 0)
            return 1;
    return 0;
}

/* --- cross-sell campaigns ---------------------------------------------------------------- */

static int check_crosssell(ks_ctx *ctx, ks_crosssell *c, ks_err *err)
{
    const ks_errcode bad = KS_E_CROSSSELL_CAMPAIGN_DATA_INVALID;
    /* API: cross-sell — "Name", "CampaignStatus (ACTIVE/INACTIVE)", "DisplayType cart |
     * review | finish", "CampaignOwnerType MERCH|AFF" */
    if (!c->name || !*c->name)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Name is required");
    if (!c->status)
        c->status = "ACTIVE";
    if (!c->display_type)
        c->display_type = "cart";
    if (!c->owner_type)
        c->owner_type = "MERCH";
    /* API: cross-sell — "MasterProducts[] (trigger product codes)" and the recommended
     * "Products[{ProductCode, Discount (percent), DiscountType=PERCENT}]" */
    if (c->n_masters == 0)
        return ks_err_setf(err, bad, "MasterProducts needs at least one product code");
    if (c->n_products == 0)
        return ks_err_setf(err, bad, "Products needs at least one recommended product");
    if (check_products(ctx, c->masters, c->n_masters, "MasterProducts", bad, err))
        return -1;
    const char **codes = ks_arena_alloc(ctx->arena, c->n_products * sizeof *codes);
    for (size_t i = 0; i < c->n_products; i++) {
        ks_crosssell_product *p = &c->products[i];
        codes[i] = p->product_code;
        if (!p->discount_type)
            p->discount_type = "PERCENT";
        if (p->discount < 0 || p->discount > 100 * KS_DEC_SCALE || p->discount % 100 != 0)
            return ks_err_setf(err, bad,
                               "Products[%zu].Discount must be a percent 0-100 with at most 2 "
                               "decimals",
                               i);
    }
    if (check_products(ctx, codes, c->n_products, "Products", bad, err))
        return -1;
    return check_window(c->start_date, c->end_date, bad, err);
}

int ks_crosssell_add(ks_ctx *ctx, ks_crosssell *c, ks_err *err)
{
    int rc = -1;
    ks_time now;
    /* API: cross-sell — "CampaignCode (system)": generated, whatever the request says */
    c->code = generate_code(ctx->arena, 24);
    if (check_crosssell(ctx, c, err) || ks_clock_now(&now, ctx, err))
        goto done;
    c->created = c->updated = now;
    rc = ctx->store->ops->crosssell_insert(ctx->store, ctx->vendor->id, c, err);
done:
    return rc;
}

int ks_crosssell_update(ks_ctx *ctx, const char *code, ks_crosssell *c, ks_err *err)
{
    int rc = -1;
    ks_crosssell old;
    ks_time now;
    if (code && c->code && *c->code && strcmp(code, c->code) != 0) {
        ks_err_setf(err, KS_E_PARAMETER_INVALID,
                    "CampaignCode '%.64s' of the body is not the campaign '%.64s' of the path",
                    c->code, code);
        goto done;
    }
    if (ks_crosssell_get(&old, ctx, code ? code : c->code, err))
        goto done;
    c->code = old.code;
    if (check_crosssell(ctx, c, err) || ks_clock_now(&now, ctx, err))
        goto done;
    c->created = old.created;
    c->updated = now;
    rc = ctx->store->ops->crosssell_replace(ctx->store, ctx->vendor->id, c, err);
done:
    return rc;
}

int ks_crosssell_get(ks_crosssell *out, ks_ctx *ctx, const char *code, ks_err *err)
{
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "CampaignCode is required");
    return ctx->store->ops->crosssell_get(ctx->store, ctx->arena, ctx->vendor->id, code, out, err);
}

int ks_crosssell_search(ks_crosssell **out, size_t *n, int64_t *total, ks_ctx *ctx,
                        const ks_crosssell_query *q, ks_err *err)
{
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    if (check_window(q->start_date, q->end_date, KS_E_PARAMETER_INVALID, err))
        return -1;
    return ctx->store->ops->crosssell_search(ctx->store, ctx->arena, ctx->vendor->id, q, out, n,
                                             total, err);
}

int ks_crosssell_running(int *out, ks_ctx *ctx, const ks_crosssell *c, ks_err *err)
{
    char day[11];
    if (today(day, ctx, err))
        return -1;
    /* API: cross-sell — "CampaignStatus (ACTIVE/INACTIVE)", "StartDate/EndDate (YYYY-MM-DD)" */
    *out = strcmp(c->status, "ACTIVE") == 0 &&
           (!c->start_date || strcmp(day, c->start_date) >= 0) &&
           (!c->end_date || strcmp(day, c->end_date) <= 0);
    return 0;
}
