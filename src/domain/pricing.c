/* pricing.c — the pricing engine: unit prices from the catalog (or the dynamic item), price
 * options, currency conversion, the best discount (promotion or cross-sell), VAT, and the
 * platform's Price object of each line and of the cart.
 *
 * Everything here counts minor units in int64; products of amounts and rates go through
 * __int128 and one rounding function. The tables (VAT rates, default exchange rates) are data
 * in vat_rates.def and fx_rates.def. */
#include "pricing.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/iso.h"
#include "clock.h"

/* --- data tables ------------------------------------------------------------------------- */

static const struct {
    const char *country;
    int64_t bp;
    const char *name;
} vat_rates[] = {
#define KS_VAT(country, bp, name) {country, bp, name},
#include "vat_rates.def"
#undef KS_VAT
};

static const struct {
    const char *currency;
    const char *rate;
} fx_rates[] = {
#define KS_FX(currency, rate) {currency, rate},
#include "fx_rates.def"
#undef KS_FX
};

int64_t ks_vat_standard_rate(const char *country)
{
    const char *c = country ? ks_iso_country(country) : NULL;
    for (size_t i = 0; c && i < sizeof vat_rates / sizeof vat_rates[0]; i++)
        if (strcmp(vat_rates[i].country, c) == 0)
            return vat_rates[i].bp;
    return 0;
}

const char *ks_fx_default_at(size_t i, ks_dec *rate)
{
    if (i >= sizeof fx_rates / sizeof fx_rates[0])
        return NULL;
    if (ks_dec_parse(rate, fx_rates[i].rate))
        *rate = 0; /* cannot happen: the table is checked by the unit tests */
    return fx_rates[i].currency;
}

ks_dec ks_fx_default_rate(const char *currency)
{
    ks_dec r;
    const char *c;
    for (size_t i = 0; currency && (c = ks_fx_default_at(i, &r)); i++)
        if (strcasecmp(c, currency) == 0)
            return r;
    return 0;
}

static const int64_t pow10_[] = {1, 10, 100, 1000, 10000};

/* --- the one rounding rule --------------------------------------------------------------- */

/* num / den rounded to the nearest integer, halves away from zero (den > 0). Every amount
 * Kassa derives (a percentage, a net from a gross, a conversion) is rounded here, once, to the
 * currency's minor unit. */
static int64_t div_round(__int128 num, __int128 den)
{
    __int128 q = num / den, r = num % den;
    if (r < 0)
        r = -r;
    if (2 * r >= den)
        q += num < 0 ? -1 : 1;
    return (int64_t)q;
}

/* pct (hundredths of a percent) of amount. */
static int64_t percent_of(int64_t amount, int64_t bp)
{
    return div_round((__int128)amount * bp, 10000);
}

/* A percentage declared as a ks_dec (at most 2 decimals, checked when saved) in hundredths. */
static int64_t bp_of(ks_dec pct)
{
    return pct / 100;
}

/* The net and gross of a unit amount given on the side its price type names. */
static void split(int64_t *net, int64_t *gross, int64_t amount, int is_gross, int64_t vat_bp)
{
    if (is_gross) {
        *gross = amount;
        *net = div_round((__int128)amount * 10000, 10000 + vat_bp);
    } else {
        *net = amount;
        *gross = amount + percent_of(amount, vat_bp);
    }
}

/* Amounts larger than this (in minor units) are refused, so that conversions, quantities and
 * sums stay far inside int64. */
#define MONEY_MAX 1000000000000000LL /* 10^15 */

static int too_large(ks_err *err)
{
    return ks_err_setf(err, KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID,
                       "The amounts of this order are too large");
}

/* --- a quote in progress ----------------------------------------------------------------- */

typedef struct {
    ks_ctx *ctx;
    const ks_cart *cart;
    ks_currency_settings fx;
    const char *currency;
    int64_t vat_bp;
    ks_promotion *promos;
    const char **coupons; /* as the shopper typed them */
    size_t n_promos;
    int *promo_used; /* covers at least one line */
} quote;

/* Units of cur for one unit of the vendor's base currency, as the ratio num/den. */
static int rate_of(int64_t *num, int64_t *den, const ks_currency_settings *s, const char *cur)
{
    if (strcmp(cur, s->base_currency) == 0) {
        *num = *den = 1;
        return 0;
    }
    for (size_t i = 0; i < s->n_rates; i++)
        if (strcmp(s->rates[i].currency, cur) == 0) {
            *num = s->rates[i].rate;
            *den = KS_DEC_SCALE;
            return 0;
        }
    /* the shipped table is per euro: rebase it on the vendor's base currency */
    *num = ks_fx_default_rate(cur);
    *den = ks_fx_default_rate(s->base_currency);
    return *num > 0 && *den > 0 ? 0 : -1;
}

void ks_fx_effective_rates(ks_fx_rate **out, size_t *n, ks_arena *a, const ks_currency_settings *cs)
{
    size_t cap = cs->n_rates + sizeof fx_rates / sizeof fx_rates[0] + 1, cnt = 0;
    ks_fx_rate *list = ks_arena_alloc(a, cap * sizeof *list);
    int64_t num, den;
    ks_dec r;
    const char *cur;
    for (size_t i = 0; i < cs->n_rates; i++)
        list[cnt++] = (ks_fx_rate){.currency = cs->rates[i].currency, .rate = cs->rates[i].rate};
    for (size_t i = 0; (cur = ks_fx_default_at(i, &r)); i++) {
        int overridden = 0;
        for (size_t k = 0; k < cs->n_rates; k++)
            overridden |= strcmp(cs->rates[k].currency, cur) == 0;
        if (overridden || rate_of(&num, &den, cs, cur))
            continue;
        list[cnt++] = (ks_fx_rate){
            .currency = cur, .rate = div_round((__int128)num * KS_DEC_SCALE, den), .is_default = 1};
    }
    if (!ks_fx_default_rate(cs->base_currency)) {
        int listed = 0;
        for (size_t k = 0; k < cnt; k++)
            listed |= strcmp(list[k].currency, cs->base_currency) == 0;
        if (!listed)
            list[cnt++] =
                (ks_fx_rate){.currency = cs->base_currency, .rate = KS_DEC_SCALE, .is_default = 1};
    }
    for (size_t i = 1; i < cnt; i++) /* insertion sort: a few dozen entries */
        for (size_t j = i; j > 0 && strcmp(list[j - 1].currency, list[j].currency) > 0; j--) {
            ks_fx_rate t = list[j];
            list[j] = list[j - 1];
            list[j - 1] = t;
        }
    *out = list;
    *n = cnt;
}

/* amount minor units of from, in minor units of to. */
static int convert(int64_t *out, const quote *q, int64_t amount, const char *from, const char *to,
                   ks_err *err)
{
    int64_t nf, df, nt, dt;
    if (strcmp(from, to) == 0) {
        *out = amount;
        return 0;
    }
    if (rate_of(&nf, &df, &q->fx, from) || rate_of(&nt, &dt, &q->fx, to))
        return ks_err_setf(err, KS_E_CURRENCY_NOT_SUPPORTED,
                           "No exchange rate between %s and %s: set one with "
                           "updateExchangeRates",
                           from, to);
    if (amount > MONEY_MAX || amount < -MONEY_MAX)
        return too_large(err);
    /* amount / 10^mf * (nt/dt) / (nf/df) * 10^mt */
    __int128 num = (__int128)amount * nt * df * pow10_[ks_money_minor_units(to)];
    __int128 den = (__int128)dt * nf * pow10_[ks_money_minor_units(from)];
    *out = div_round(num, den);
    return 0;
}

/* An amount from a list of {Currency, Amount}: the one in the order currency, else the one in
 * fallback (or the first) converted. */
static int pick_money(int64_t *out, const quote *q, const ks_money *list, size_t n,
                      const char *fallback, ks_err *err)
{
    const ks_money *m = NULL;
    int64_t minor;
    for (size_t i = 0; i < n && !m; i++)
        if (strcmp(list[i].currency, q->currency) == 0)
            m = &list[i];
    for (size_t i = 0; i < n && !m && fallback; i++)
        if (strcmp(list[i].currency, fallback) == 0)
            m = &list[i];
    if (!m)
        m = &list[0];
    if (ks_money_to_minor(&minor, m->amount, m->currency))
        return ks_err_setf(err, KS_E_PRICE_AMOUNT_INVALID, "Invalid %s amount", m->currency);
    return convert(out, q, minor, m->currency, q->currency, err);
}

/* --- VAT --------------------------------------------------------------------------------- */

static void decide_vat(quote *q, ks_priced_cart *out)
{
    const ks_address *b = q->cart->billing;
    const char *country = b && b->country_code ? b->country_code : q->cart->country;
    out->country = country;
    q->vat_bp = 0;
    /* API: getContents — "prices and taxes ... honoring the shopper location": as merchant of
     * record the platform collects VAT; for PSP vendors the merchant handles its own taxes */
    if (q->ctx->vendor->model != KS_MODEL_MOR || !country)
        return;
    int64_t rate = ks_vat_standard_rate(country);
    if (rate == 0)
        return; /* no VAT collected there (e.g. US sales tax is out of scope) */
    /* API: getContents — "a company with a fiscal code in another country than the seller's
     * is reverse-charged" (EU VAT Directive art. 196; B2B supplies are not taxed by a foreign
     * seller in the UK, NO, CH... either). The merchant of record is taken to be established
     * in the Netherlands (KS_VAT_ESTABLISHMENT): a Dutch company pays Dutch VAT. */
    if (b && b->company && *b->company && b->fiscal_code && *b->fiscal_code &&
        strcmp(country, KS_VAT_ESTABLISHMENT) != 0) {
        out->reverse_charge = 1;
        return;
    }
    q->vat_bp = rate;
}

/* --- promotions -------------------------------------------------------------------------- */

static int load_promotions(quote *q, ks_err *err)
{
    const ks_cart *c = q->cart;
    ks_arena *a = q->ctx->arena;
    q->promos = ks_arena_alloc(a, (c->n_promotions + 1) * sizeof *q->promos);
    q->coupons = ks_arena_alloc(a, (c->n_promotions + 1) * sizeof *q->coupons);
    q->promo_used = ks_arena_alloc(a, (c->n_promotions + 1) * sizeof *q->promo_used);
    for (size_t i = 0; i < c->n_promotions; i++) {
        ks_promotion *p = &q->promos[q->n_promos];
        if (ks_promotion_by_coupon(p, q->ctx, c->promotions[i], err) ||
            ks_promotion_check_usable(q->ctx, p, err))
            return -1;
        int dup = 0;
        for (size_t j = 0; j < q->n_promos; j++)
            dup |= strcmp(q->promos[j].code, p->code) == 0;
        if (!dup)
            q->coupons[q->n_promos++] = c->promotions[i];
    }
    return 0;
}

/* The discount of one unit priced `unit` (on its price type's side), per promotion p. */
static int promotion_discount(int64_t *out, const quote *q, const ks_promotion *p, int64_t unit,
                              ks_err *err)
{
    const ks_discount *d = p->discount;
    if (strcmp(d->type, "PERCENT") == 0) {
        *out = percent_of(unit, bp_of(d->value));
        return 0;
    }
    /* API: addPromotion — "FIXED -> Values [{Currency, Amount}] + DefaultCurrency": an amount
     * off each unit, never more than the unit's price */
    if (pick_money(out, q, d->values, d->n_values, d->default_currency, err))
        return -1;
    if (*out > unit)
        *out = unit;
    return 0;
}

/* --- catalog items ----------------------------------------------------------------------- */

/* The regular unit price for quantity qty in currency cur, or NULL. */
static const ks_price_tier *tier_for(const ks_product_prices *pr, const char *cur, int64_t qty)
{
    for (size_t i = 0; i < pr->n_regular; i++) {
        const ks_price_tier *t = &pr->regular[i];
        if (strcmp(t->currency, cur) == 0 && qty >= (t->min_qty ? t->min_qty : 1) &&
            (!t->max_qty || qty <= t->max_qty))
            return t;
    }
    return NULL;
}

static int base_price(int64_t *out, const quote *q, const ks_product *p, int64_t qty, ks_err *err)
{
    const ks_pricing_config *pc = &p->pricing[0];
    /* API: getContents — "root Currency switches currency": the product's price in that
     * currency, else its price in the default currency converted */
    const ks_price_tier *t = tier_for(pc->prices, q->currency, qty);
    if (!t)
        t = tier_for(pc->prices, pc->default_currency, qty);
    if (!t)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_PRICE_NOT_AVAILABLE,
                           "Product '%.64s' has no price for quantity %lld", p->code,
                           (long long)qty);
    int64_t minor;
    if (ks_money_to_minor(&minor, t->amount, t->currency))
        return ks_err_setf(err, KS_E_PRICE_AMOUNT_INVALID, "Invalid price of '%.64s'", p->code);
    return convert(out, q, minor, t->currency, q->currency, err);
}

/* A product's option group, loaded once per line. */
typedef struct {
    ks_option_group g;
    int required;
    int chosen;    /* options chosen in it */
    int *picked;   /* per option: chosen */
    int64_t scale; /* INTERVAL: the value chosen */
} group_state;

static int is_single_choice(const ks_option_group *g)
{
    return strcmp(g->type, "CHECKBOX") != 0;
}

static int pick(group_state *gs, size_t opt, const char *spec, ks_err *err)
{
    if (gs->picked[opt])
        return 0; /* the same option twice is one choice */
    /* API: pricing options — RADIO and INTERVAL groups take one option, CHECKBOX several */
    if (gs->chosen && is_single_choice(&gs->g))
        return ks_err_setf(err, KS_E_PRICE_OPTION_INVALID,
                           "'%.64s': option group '%.64s' takes a single option", spec, gs->g.code);
    gs->picked[opt] = 1;
    gs->chosen++;
    return 0;
}

/* Parses an integer scale value, strictly. */
static int parse_scale(int64_t *out, const char *s)
{
    int64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 1000000000000LL)
            return -1;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return 0;
}

/* One chosen option: "OPTION", "GROUP=OPTION", or "GROUP=value" for an INTERVAL group. */
static int choose(group_state *gs, size_t ng, const ks_product *p, const char *spec, ks_err *err)
{
    const char *eq = strchr(spec, '=');
    if (eq) {
        size_t gl = (size_t)(eq - spec);
        const char *v = eq + 1;
        for (size_t i = 0; i < ng; i++) {
            ks_option_group *g = &gs[i].g;
            if (strlen(g->code) != gl || strncmp(g->code, spec, gl) != 0)
                continue;
            if (strcmp(g->type, "INTERVAL") == 0) {
                /* API: pricing options — a scale is chosen as GroupCode=value, e.g. Users=7,
                 * and prices as the option whose ScaleMin..ScaleMax holds the value */
                int64_t val;
                if (parse_scale(&val, v))
                    return ks_err_setf(err, KS_E_PRICE_OPTION_SCALE_INVALID,
                                       "'%.64s': the value of scale group '%.64s' must be a "
                                       "whole number",
                                       spec, g->code);
                for (size_t k = 0; k < g->n_options; k++)
                    if (val >= g->options[k].scale_min && val <= g->options[k].scale_max) {
                        gs[i].scale = val;
                        return pick(&gs[i], k, spec, err);
                    }
                return ks_err_setf(err, KS_E_PRICE_OPTION_SCALE_INVALID,
                                   "'%.64s': %lld is outside the intervals of group '%.64s'", spec,
                                   (long long)val, g->code);
            }
            for (size_t k = 0; k < g->n_options; k++)
                if (strcmp(g->options[k].code, v) == 0)
                    return pick(&gs[i], k, spec, err);
            return ks_err_setf(err, KS_E_PRICE_OPTION_INVALID,
                               "'%.64s': '%.64s' is not an option of group '%.64s'", spec, v,
                               g->code);
        }
        return ks_err_setf(err, KS_E_PRICE_OPTION_INVALID,
                           "'%.64s': '%.*s' is not one of the option groups of product '%.64s'",
                           spec, (int)(gl > 64 ? 64 : gl), spec, p->code);
    }
    for (size_t i = 0; i < ng; i++) {
        ks_option_group *g = &gs[i].g;
        if (strcmp(g->type, "INTERVAL") == 0)
            continue;
        for (size_t k = 0; k < g->n_options; k++)
            if (strcmp(g->options[k].code, spec) == 0)
                return pick(&gs[i], k, spec, err);
    }
    return ks_err_setf(err, KS_E_PRICE_OPTION_INVALID,
                       "'%.64s' is not an option of product '%.64s'", spec, p->code);
}

/* Applies the chosen options to the base unit price: *unit = base + impacts. */
static int apply_options(int64_t *unit, const quote *q, const ks_product *p, const ks_cart_item *it,
                         int64_t base, ks_err *err)
{
    const ks_pricing_config *pc = &p->pricing[0];
    size_t ng = pc->n_options;
    group_state *gs = ks_arena_alloc(q->ctx->arena, (ng + 1) * sizeof *gs);
    *unit = base;
    for (size_t i = 0; i < ng; i++) {
        if (ks_option_group_get(&gs[i].g, q->ctx, pc->options[i].code, err))
            return -1;
        gs[i].required = pc->options[i].required || gs[i].g.required;
        gs[i].picked = ks_arena_alloc(q->ctx->arena, (gs[i].g.n_options + 1) * sizeof(int));
    }
    for (size_t i = 0; i < it->n_options; i++)
        if (choose(gs, ng, p, it->options[i], err))
            return -1;
    for (size_t i = 0; i < ng; i++) {
        ks_option_group *g = &gs[i].g;
        /* a group left alone takes its Default options, as the cart pre-selects them */
        if (!gs[i].chosen)
            for (size_t k = 0; k < g->n_options; k++)
                if (g->options[k].is_default) {
                    gs[i].picked[k] = 1;
                    gs[i].chosen++;
                }
        if (!gs[i].chosen && gs[i].required)
            return ks_err_setf(err, KS_E_PRICE_OPTION_REQUIRED,
                               "Option group '%.64s' of product '%.64s' is required", g->code,
                               p->code);
        for (size_t k = 0; k < g->n_options; k++) {
            const ks_price_impact *im = g->options[k].impact;
            int64_t delta;
            if (!gs[i].picked[k] || !im)
                continue;
            /* API: PriceImpact — "{ImpactOn BASE, Method FIXED|PERCENT, Amounts, Percent,
             * Impact ADD|SUBTRACT}": a percentage is of the product's base price */
            if (strcmp(im->method, "PERCENT") == 0)
                delta = percent_of(base, bp_of(im->percent));
            else if (pick_money(&delta, q, im->amounts, im->n_amounts, pc->default_currency, err))
                return -1;
            *unit += strcmp(im->impact, "SUBTRACT") == 0 ? -delta : delta;
        }
    }
    if (*unit < 0)
        *unit = 0; /* options never make a price negative */
    return 0;
}

/* --- cross-sell -------------------------------------------------------------------------- */

/* Trimmed copy: the platform's own example sends ParentCode " NIQRPI0GTU ". */
static const char *trim(ks_arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return ks_arena_strndup(a, s, n);
}

/* The cross-sell discount of the line at index li (0 when it gets none). */
static int crosssell_discount(int64_t *out, const char **campaign, const quote *q, size_t li,
                              int64_t unit, ks_err *err)
{
    const ks_cart_item *it = &q->cart->items[li];
    const ks_cart_cross_sell *xs = it->cross_sell;
    ks_crosssell c;
    int running, parent_ok = 0;
    *out = 0;
    *campaign = NULL;
    if (!xs)
        return 0;
    if (!xs->campaign_code || !*xs->campaign_code)
        return ks_err_setf(err, KS_E_CROSSSELL_CAMPAIGN_INVALID,
                           "Items[%zu].CrossSell.CampaignCode is required", li);
    /* API: CrossSell object — "ParentCode | String | Required | Product code of the product to
     * be recommended" */
    if (!xs->parent_code || !*trim(q->ctx->arena, xs->parent_code))
        return ks_err_setf(err, KS_E_CROSSSELL_PARENT_CODE_REQUIRED,
                           "Items[%zu].CrossSell.ParentCode is required", li);
    ks_err e;
    if (ks_crosssell_get(&c, q->ctx, xs->campaign_code, &e)) {
        if (e.code != KS_E_CROSSSELL_CAMPAIGN_NOT_FOUND) {
            *err = e;
            return -1;
        }
        return ks_err_setf(err, KS_E_CROSSSELL_CAMPAIGN_INVALID,
                           "Items[%zu].CrossSell.CampaignCode '%.64s' is not a cross-sell "
                           "campaign",
                           li, xs->campaign_code);
    }
    if (ks_crosssell_running(&running, q->ctx, &c, err))
        return -1;
    if (!running)
        return ks_err_setf(err, KS_E_CROSSSELL_CAMPAIGN_INACTIVE,
                           "Cross-sell campaign '%.64s' is not active today", c.code);
    /* API: placeOrder with cross-sell — the recommended product gets the campaign's discount
     * only when its ParentCode, a master product of the campaign, is in the same cart */
    const char *parent = trim(q->ctx->arena, xs->parent_code ? xs->parent_code : "");
    for (size_t i = 0; i < c.n_masters; i++)
        parent_ok |= strcmp(c.masters[i], parent) == 0;
    int in_cart = 0;
    for (size_t i = 0; i < q->cart->n_items; i++)
        in_cart |= i != li && q->cart->items[i].code &&
                   strcmp(trim(q->ctx->arena, q->cart->items[i].code), parent) == 0;
    if (!parent_ok || !in_cart)
        return 0;
    for (size_t i = 0; i < c.n_products; i++)
        if (strcmp(c.products[i].product_code, it->code) == 0) {
            *out = percent_of(unit, bp_of(c.products[i].discount));
            *campaign = c.code;
            return 0;
        }
    return 0;
}

/* --- lines ------------------------------------------------------------------------------- */

static int check_items(const ks_cart *c, ks_err *err)
{
    int catalog = 0, dynamic = 0;
    /* API: placeOrder — "ORDER_PRODUCTS_EMPTY (no products)" */
    if (c->n_items == 0)
        return ks_err_set(err, KS_E_ORDER_PRODUCTS_EMPTY);
    for (size_t i = 0; i < c->n_items; i++) {
        const ks_cart_item *it = &c->items[i];
        /* API: placeOrder — "Item quantity must be between 1 and 99999." */
        if (it->has_quantity && (it->quantity < 1 || it->quantity > 99999))
            return ks_err_setf(err, KS_E_ORDER_ITEMS_QUANTITY_INVALID,
                               "Items[%zu]: item quantity must be between 1 and 99999.", i);
        if (it->is_dynamic) {
            dynamic = 1;
            /* API: placeOrder — "ORDER_PRODUCT_NAME_INVALID (Name required when IsDynamic)" */
            if (!it->name || !*it->name)
                return ks_err_setf(err, KS_E_ORDER_PRODUCT_NAME_INVALID,
                                   "Items[%zu].Name is required for a dynamic product", i);
        } else {
            catalog = 1;
            if (!it->code || !*it->code)
                return ks_err_setf(err, KS_E_ORDER_PRODUCT_CODE_INVALID,
                                   "Items[%zu]: invalid product code.", i);
        }
    }
    /* API: placeOrder — "Placing an order with both catalog and dynamic product information is
     * not possible." */
    if (catalog && dynamic)
        return ks_err_set(err, KS_E_ORDER_ITEMS_INVALID);
    return 0;
}

/* A catalog product's trial: its TrialPrice (in its default currency, converted), options
 * aside. */
static int trial_unit(int64_t *base, int64_t *unit, const quote *q, const ks_product *p,
                      ks_err *err)
{
    const ks_subscription_info *s = p->subscription;
    const char *cur = p->pricing[0].default_currency ? p->pricing[0].default_currency
                                                     : q->fx.base_currency;
    int64_t minor = 0;
    /* API: placeOrder, Item: Trial — INVALID_PRODUCT for a product without a trial */
    if (!s || s->trial_period <= 0)
        return ks_err_setf(err, KS_E_INVALID_PRODUCT, "Invalid product: '%.64s' has no trial",
                           p->code);
    if (s->has_trial_price && ks_money_to_minor(&minor, s->trial_price, cur))
        return ks_err_setf(err, KS_E_PRICE_AMOUNT_INVALID, "Invalid trial price of '%.64s'",
                           p->code);
    if (convert(base, q, minor, cur, q->currency, err))
        return -1;
    *unit = *base;
    return 0;
}

/* The unit price (on the price type's side) and base price of a catalog item. */
static int catalog_unit(ks_priced_line *l, int64_t *base, int64_t *unit, const quote *q,
                        const ks_cart_item *it, ks_err *err)
{
    ks_product *p = ks_arena_alloc(q->ctx->arena, sizeof *p);
    ks_err e;
    if (ks_product_get(p, q->ctx, it->code, &e)) {
        if (e.code != KS_E_PRODUCT_NOT_FOUND) {
            *err = e;
            return -1;
        }
        /* API: placeOrder — ORDER_PRODUCT_CODE_INVALID "Requested product [%s] was not
         * found." */
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_CODE_INVALID,
                           "Requested product [%.64s] was not found.", it->code);
    }
    if (!p->enabled)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_DISABLED,
                           "Product '%.64s' is disabled and cannot be sold", p->code);
    l->product = p;
    l->name = p->name;
    l->tangible = p->tangible;
    l->price_type = p->pricing[0].price_type;
    if (it->trial)
        return trial_unit(base, unit, q, p, err);
    /* API: Channel Manager pricing lists — a partner price replaces the vendor's price; its
     * pricing options still add their surcharges */
    if (it->list_price && it->list_price->has_price) {
        if (pick_money(base, q, &it->list_price->price, 1, NULL, err))
            return -1;
    } else if (base_price(base, q, p, l->quantity, err)) {
        return -1;
    }
    if (apply_options(unit, q, p, it, *base, err))
        return -1;
    return 0;
}

static int dynamic_unit(ks_priced_line *l, int64_t *base, int64_t *unit, const quote *q,
                        const ks_cart_item *it, size_t i, ks_err *err)
{
    const ks_cart_price *pr = it->price;
    ks_tax_category tc;
    int64_t minor;
    l->name = it->name;
    l->tangible = it->tangible;
    l->is_dynamic = 1;
    /* API: dynamic products — "PriceType ... If parameter is not sent, the default PriceType
     * applied is GROSS." */
    l->price_type = it->price_type         ? it->price_type
                    : pr && pr->price_type ? pr->price_type
                                           : "GROSS";
    const char *tax = it->tax_category ? it->tax_category : pr ? pr->tax_category : NULL;
    /* API: dynamic products — ProductTaxCategoryUUID "Must be a category existent on your
     * account." */
    if (tax && *tax && ks_tax_category_resolve(&tc, q->ctx, tax, err))
        return -1;
    /* API: dynamic products — "Price.Amount Required"; in the order currency */
    if (!pr || !pr->has_amount)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID,
                           "Items[%zu].Price.Amount is required for a dynamic product", i);
    if (pr->amount < 0 || ks_money_to_minor(&minor, pr->amount, q->currency) || minor > MONEY_MAX)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID,
                           "Items[%zu].Price.Amount must be a non-negative %s amount with at "
                           "most %d decimals",
                           i, q->currency, ks_money_minor_units(q->currency));
    *base = *unit = minor;
    /* API: dynamic products — Trial.Price "Total trial price in the payment currency": a trial
     * is charged its trial price; Price.Amount stays the price of the renewals */
    if (it->trial && it->trial->has_price) {
        if (it->trial->price < 0 || ks_money_to_minor(&minor, it->trial->price, q->currency) ||
            minor > MONEY_MAX)
            return ks_err_setf(err, KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID,
                               "Items[%zu].Trial.Price must be a non-negative %s amount", i,
                               q->currency);
        *base = *unit = minor;
        return 0;
    }
    /* API: dynamic products — "Surcharge of the pricing option", added to the price */
    for (size_t k = 0; k < it->n_surcharges; k++) {
        int64_t s;
        if (ks_money_to_minor(&s, it->surcharges[k].amount, q->currency) || s > MONEY_MAX ||
            s < -MONEY_MAX)
            return ks_err_setf(err, KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID,
                               "Items[%zu].PriceOptions: a Surcharge has more decimals than %s "
                               "allows",
                               i, q->currency);
        *unit += s;
    }
    if (*unit < 0)
        *unit = 0;
    return 0;
}

static int times(int64_t *out, int64_t v, int64_t n, ks_err *err)
{
    return __builtin_mul_overflow(v, n, out) ? too_large(err) : 0;
}

static int price_line(ks_priced_line *l, quote *q, size_t i, ks_err *err)
{
    const ks_cart_item *it = &q->cart->items[i];
    int64_t base = 0, unit = 0, best = 0, d;
    const char *campaign = NULL;
    l->item = it;
    l->quantity = it->has_quantity ? it->quantity : 1;
    if (it->is_dynamic ? dynamic_unit(l, &base, &unit, q, it, i, err)
                       : catalog_unit(l, &base, &unit, q, it, err))
        return -1;
    if (base > MONEY_MAX || unit > MONEY_MAX)
        return too_large(err);
    /* API: getContents — one discount per line: the best of the promotions that cover the
     * product and of its cross-sell campaign; they do not add up */
    for (size_t k = 0; k < q->n_promos; k++) {
        if (!ks_promotion_covers(&q->promos[k], it->is_dynamic ? NULL : it->code))
            continue;
        q->promo_used[k] = 1;
        if (promotion_discount(&d, q, &q->promos[k], unit, err))
            return -1;
        if (d > best) {
            best = d;
            l->promotion = q->coupons[k];
        }
    }
    /* API: Channel Manager pricing lists — the list's discount off the vendor's price is the
     * line's discount, like any other (the best one applies) */
    if (it->list_price && !it->list_price->has_price && it->list_price->discount > 0) {
        d = percent_of(unit, bp_of(it->list_price->discount));
        if (d > best) {
            best = d;
            l->promotion = NULL;
        }
    }
    if (!it->is_dynamic) {
        if (crosssell_discount(&d, &campaign, q, i, unit, err))
            return -1;
        if (d > best) {
            best = d;
            l->promotion = NULL;
            l->campaign = campaign;
        }
    }
    int gross = strcmp(l->price_type, "GROSS") == 0;
    ks_line_price *p = &l->price;
    p->vat_bp = q->vat_bp;
    split(&p->item_unit_net, &p->item_unit_gross, base, gross, q->vat_bp);
    split(&p->unit_net, &p->unit_gross, unit, gross, q->vat_bp);
    split(&p->unit_net_discounted, &p->unit_gross_discounted, unit - best, gross, q->vat_bp);
    p->unit_discount = p->unit_net - p->unit_net_discounted;
    p->unit_vat = p->unit_gross_discounted - p->unit_net_discounted;
    int64_t n = l->quantity;
    if (times(&p->item_net, p->item_unit_net, n, err) ||
        times(&p->item_gross, p->item_unit_gross, n, err) || times(&p->net, p->unit_net, n, err) ||
        times(&p->gross, p->unit_gross, n, err) ||
        times(&p->net_discounted, p->unit_net_discounted, n, err) ||
        times(&p->gross_discounted, p->unit_gross_discounted, n, err) ||
        times(&p->discount, p->unit_discount, n, err) || times(&p->vat, p->unit_vat, n, err))
        return -1;
    return 0;
}

static int add(int64_t *acc, int64_t v, ks_err *err)
{
    return __builtin_add_overflow(*acc, v, acc) ? too_large(err) : 0;
}

int ks_pricing_quote(ks_priced_cart *out, ks_ctx *ctx, const ks_cart *cart, ks_err *err)
{
    int rc = -1;
    quote q;
    memset(out, 0, sizeof *out);
    memset(&q, 0, sizeof q);
    q.ctx = ctx;
    q.cart = cart;
    if (check_items(cart, err) || ks_currency_settings_get(&q.fx, ctx, err))
        goto done;
    /* API: getContents — "root Currency switches currency"; none: the vendor's base */
    q.currency = cart->currency ? cart->currency : q.fx.base_currency;
    out->currency = q.currency;
    out->minor_units = ks_money_minor_units(q.currency);
    if (out->minor_units < 0) {
        ks_err_setf(err, KS_E_INVALID_CURRENCY, "Currency is not an ISO 4217 currency code");
        goto done;
    }
    decide_vat(&q, out);
    if (load_promotions(&q, err))
        goto done;
    out->lines = ks_arena_alloc(ctx->arena, cart->n_items * sizeof *out->lines);
    out->n_lines = cart->n_items;
    for (size_t i = 0; i < cart->n_items; i++) {
        const ks_line_price *p = &out->lines[i].price;
        if (price_line(&out->lines[i], &q, i, err) || add(&out->net, p->net, err) ||
            add(&out->gross, p->gross, err) || add(&out->vat, p->vat, err) ||
            add(&out->discount, p->discount, err) ||
            add(&out->net_discounted, p->net_discounted, err) ||
            add(&out->gross_discounted, p->gross_discounted, err))
            goto done;
    }
    /* API: getContents — a coupon that discounts none of the cart's products is an error, not
     * a silent no-op */
    for (size_t k = 0; k < q.n_promos; k++)
        if (!q.promo_used[k]) {
            ks_err_setf(err, KS_E_PROMOTION_NOT_APPLICABLE,
                        "Promotion '%.64s' applies to none of the products in the cart",
                        q.coupons[k]);
            goto done;
        }
    out->promotions = q.coupons;
    out->n_promotions = q.n_promos;
    rc = 0;
done:
    return rc;
}

/* API: setSubscriptionUpgrade — options: "';' separated list of 'OptionValue'"; "include only
 * price options codes (exclude spaces)" */
void ks_option_codes_split(const char ***out, size_t *n, ks_arena *a, const char *s)
{
    size_t cap = 1;
    *n = 0;
    *out = NULL;
    if (!s || !*s)
        return;
    for (const char *p = s; *p; p++)
        cap += *p == ';';
    *out = ks_arena_alloc(a, cap * sizeof **out);
    while (*s) {
        const char *semi = strchr(s, ';');
        size_t len = semi ? (size_t)(semi - s) : strlen(s), skip = len + (semi != NULL);
        const char *p = s;
        while (len && isspace((unsigned char)*p))
            p++, len--;
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        if (len)
            (*out)[(*n)++] = ks_arena_strndup(a, p, len);
        s += skip;
    }
}

const char *ks_option_codes_join(ks_arena *a, const char *const *codes, size_t n)
{
    size_t len = 0;
    if (!n)
        return NULL;
    for (size_t i = 0; i < n; i++)
        len += strlen(codes[i]) + 1;
    char *s = ks_arena_alloc(a, len), *p = s;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(codes[i]);
        if (i)
            *p++ = ';';
        memcpy(p, codes[i], k);
        p += k;
    }
    *p = '\0';
    return s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ks_currency_available(const char ***out, size_t *n, ks_ctx *ctx, const char *country,
                          const char *payment_method, ks_err *err)
{
    ks_currency_settings cs;
    ks_fx_rate *rates;
    size_t nr;
    /* API: getAvailableCurrencies — "If the countryCode parameter is used, the paymentMethod
     * parameter must be used as well and both parameters are mandatory" */
    if ((country && *country) != (payment_method && *payment_method))
        return ks_err_setf(err, KS_E_PARAMETER_MISSING,
                           "countryCode and paymentMethod go together: give both or neither");
    if (ks_currency_settings_get(&cs, ctx, err))
        return -1;
    ks_fx_effective_rates(&rates, &nr, ctx->arena, &cs);
    const char **list = ks_arena_alloc(ctx->arena, (nr + 2) * sizeof *list);
    size_t k = 0;
    list[k++] = cs.base_currency;
    for (size_t i = 0; i < nr; i++)
        list[k++] = rates[i].currency;
    qsort(list, k, sizeof *list, cmp_str);
    *n = 0;
    for (size_t i = 0; i < k; i++)
        if (*n == 0 || strcmp(list[*n - 1], list[i]) != 0)
            list[(*n)++] = list[i];
    *out = list;
    return 0;
}
