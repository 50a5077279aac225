/* test_pricing.c — src/domain/pricing.c (the pricing engine) over a real SQLite store: unit
 * prices, price options (radio, checkbox, scale), NET and GROSS prices, VAT by country and the
 * reverse charge, currencies (JPY has no decimals, conversions through the vendor's rates),
 * promotions, cross-sell campaigns, dynamic items and every error of a cart.
 *
 * Expected amounts are computed by hand in the comments beside them; amounts are in minor
 * units (cents, yen). */
#include "unit.h"

#include "core/iso.h"
#include "domain/catalog.h"
#include "domain/clock.h"
#include "domain/pricing.h"
#include "domain/promotion.h"

typedef struct {
    unit_db *db;
    ks_arena *a;
    ks_vendor *v, *psp;
    unit_req r, rpsp;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ks_err e;
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->v = unit_vendor(f->a, f->db->store, "PR", "SECRET_KEY_A");
    unit_req_init(&f->r, f->db->store, f->v);
    /* a PSP vendor: the merchant handles its own taxes */
    ks_config cfg = {.auth_window_s = 600, .session_ttl_s = 600};
    ks_ctx c = {.store = f->db->store, .arena = f->a, .cfg = &cfg};
    char code[32], suffix[13];
    ks_random_hex(suffix, 6);
    snprintf(code, sizeof code, "PSP%s", suffix);
    f->psp = ks_arena_alloc(f->a, sizeof *f->psp);
    assert_ok(ks_vendor_create(f->psp, &c, code, "SECRET_KEY_P", NULL, KS_MODEL_PSP, KS_VENDOR_DELAY_DEFAULT, &e), e);
    unit_req_init(&f->rpsp, f->db->store, f->psp);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unit_req_done(&f->r);
    unit_req_done(&f->rpsp);
    ks_arena_free(f->a);
    unit_db_close(f->db);
    free(f);
    return 0;
}

/* --- building the catalog -------------------------------------------------------------------- */

static ks_dec dec(const char *s)
{
    ks_dec d;
    assert_int_equal(ks_dec_parse(&d, s), 0);
    return d;
}

/* prices "USD:10.00,EUR:9.50" or with quantities "USD:10.00:1:9,USD:8.00:10:0". */
static ks_price_tier *tiers(ks_arena *a, const char *spec, size_t *n)
{
    ks_price_tier *t = ks_arena_alloc(a, 16 * sizeof *t);
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", spec);
    *n = 0;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char cur[4] = "", amount[32] = "";
        long long mn = 0, mx = 0;
        sscanf(tok, "%3[^:]:%31[^:]:%lld:%lld", cur, amount, &mn, &mx);
        t[*n].currency = ks_arena_strdup(a, cur);
        t[*n].amount = dec(amount);
        t[*n].min_qty = mn;
        t[*n].max_qty = mx;
        (*n)++;
    }
    return t;
}

/* A product with one pricing configuration; options "GROUP,GROUP*" (* = required). */
static ks_product *product(fixture *f, const char *code, const char *price_type, const char *prices,
                           const char *groups)
{
    ks_product *p = ks_arena_alloc(f->a, sizeof *p);
    ks_pricing_config *pc = ks_arena_alloc(f->a, sizeof *pc);
    ks_product_prices *pr = ks_arena_alloc(f->a, sizeof *pr);
    p->code = code;
    p->name = ks_arena_printf(f->a, "Product %s", code);
    p->doc = "{}";
    p->pricing = pc;
    p->n_pricing = 1;
    pc->price_type = price_type;
    pc->prices = pr;
    pr->regular = tiers(f->a, prices, &pr->n_regular);
    if (groups) {
        char buf[128], *save = NULL;
        pc->options = ks_arena_alloc(f->a, 8 * sizeof *pc->options);
        snprintf(buf, sizeof buf, "%s", groups);
        for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            size_t l = strlen(tok);
            pc->options[pc->n_options].required = tok[l - 1] == '*';
            pc->options[pc->n_options++].code =
                ks_arena_strndup(f->a, tok, l - (tok[l - 1] == '*'));
        }
    }
    return p;
}

static void add_product(fixture *f, ks_product *p)
{
    ks_err e;
    assert_ok(ks_product_add(&f->r.ctx, p, &e), e);
}

/* An option: code, FIXED "USD:20.00,EUR:18.00" or PERCENT "10%" (leading '-' subtracts), and
 * for scales min..max. */
static void option(fixture *f, ks_price_option *o, const char *code, const char *impact,
                   int64_t smin, int64_t smax, int is_default)
{
    memset(o, 0, sizeof *o);
    o->code = code;
    o->is_default = is_default;
    o->scale_min = smin;
    o->scale_max = smax;
    o->has_scale_min = o->has_scale_max = smax > 0;
    if (!impact)
        return;
    ks_price_impact *im = ks_arena_alloc(f->a, sizeof *im);
    if (*impact == '-') {
        im->impact = "SUBTRACT";
        impact++;
    }
    size_t l = strlen(impact);
    if (impact[l - 1] == '%') {
        im->method = "PERCENT";
        im->percent = dec(ks_arena_strndup(f->a, impact, l - 1));
    } else {
        size_t n;
        ks_price_tier *t = tiers(f->a, impact, &n);
        im->method = "FIXED";
        im->amounts = ks_arena_alloc(f->a, n * sizeof *im->amounts);
        for (size_t i = 0; i < n; i++) {
            im->amounts[i].currency = t[i].currency;
            im->amounts[i].amount = t[i].amount;
        }
        im->n_amounts = n;
    }
    o->impact = im;
}

static ks_option_group *group(fixture *f, const char *code, const char *type, int required,
                              size_t n)
{
    ks_option_group *g = ks_arena_alloc(f->a, sizeof *g);
    g->code = code;
    g->name = code;
    g->type = type;
    g->required = required;
    g->doc = "{}";
    g->options = ks_arena_alloc(f->a, n * sizeof *g->options);
    g->n_options = n;
    return g;
}

static void add_group(fixture *f, ks_option_group *g)
{
    ks_err e;
    assert_ok(ks_option_group_add(&f->r.ctx, g, &e), e);
}

/* A promotion with one coupon; discount "20%" or "USD:5.00,EUR:4.00"; products "A,B". */
static ks_promotion *promotion(fixture *f, const char *coupon, const char *discount,
                               const char *products)
{
    ks_promotion *p = ks_arena_alloc(f->a, sizeof *p);
    ks_coupon *c = ks_arena_alloc(f->a, sizeof *c);
    ks_discount *d = ks_arena_alloc(f->a, sizeof *d);
    p->name = ks_arena_printf(f->a, "Promotion %s", coupon);
    p->doc = "{}";
    c->type = "SINGLE";
    c->code = coupon;
    p->coupon = c;
    size_t l = strlen(discount);
    if (discount[l - 1] == '%') {
        d->type = "PERCENT";
        d->value = dec(ks_arena_strndup(f->a, discount, l - 1));
        d->has_value = 1;
    } else {
        size_t n;
        ks_price_tier *t = tiers(f->a, discount, &n);
        d->type = "FIXED";
        d->values = ks_arena_alloc(f->a, n * sizeof *d->values);
        for (size_t i = 0; i < n; i++) {
            d->values[i].currency = t[i].currency;
            d->values[i].amount = t[i].amount;
        }
        d->n_values = n;
    }
    p->discount = d;
    if (products) {
        char buf[128], *save = NULL;
        snprintf(buf, sizeof buf, "%s", products);
        p->products = ks_arena_alloc(f->a, 8 * sizeof *p->products);
        for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
            p->products[p->n_products++].code = ks_arena_strdup(f->a, tok);
    }
    return p;
}

static void add_promotion(fixture *f, ks_promotion *p)
{
    ks_err e;
    assert_ok(ks_promotion_add(&f->r.ctx, p, &e), e);
}

/* A campaign: masters "A", recommended "B:25" (percent). */
static ks_crosssell *campaign(fixture *f, const char *master, const char *product,
                              const char *percent)
{
    ks_crosssell *c = ks_arena_alloc(f->a, sizeof *c);
    c->name = "Campaign";
    c->doc = "{}";
    c->masters = ks_arena_alloc(f->a, sizeof *c->masters);
    c->masters[0] = master;
    c->n_masters = 1;
    c->products = ks_arena_alloc(f->a, sizeof *c->products);
    c->products[0].product_code = product;
    c->products[0].discount = dec(percent);
    c->n_products = 1;
    return c;
}

/* --- building carts -------------------------------------------------------------------------- */

typedef struct {
    ks_cart cart;
    ks_address billing;
    ks_cart_item items[8];
} cart_buf;

static ks_cart *cart(cart_buf *b, const char *currency, const char *country)
{
    memset(b, 0, sizeof *b);
    b->cart.currency = currency;
    b->billing.country_code = country;
    b->cart.billing = &b->billing;
    b->cart.items = b->items;
    return &b->cart;
}

static ks_cart_item *item(cart_buf *b, const char *code, int64_t qty)
{
    ks_cart_item *it = &b->items[b->cart.n_items++];
    it->code = code;
    it->quantity = qty;
    it->has_quantity = qty != 0;
    return it;
}

static void options(ks_cart_item *it, const char **opts, size_t n)
{
    it->options = opts;
    it->n_options = n;
}

static ks_priced_cart *quote(unit_req *r, const ks_cart *c)
{
    ks_err e;
    ks_priced_cart *out = ks_arena_alloc(r->ctx.arena, sizeof *out);
    assert_ok(ks_pricing_quote(out, &r->ctx, c, &e), e);
    return out;
}

static void quote_fails(unit_req *r, const ks_cart *c, ks_errcode code)
{
    ks_err e;
    ks_priced_cart out;
    assert_err(ks_pricing_quote(&out, &r->ctx, c, &e), e, code);
}

/* Checks a line's unit figures: net, vat, gross before the discount, the discount (net), and
 * the totals of the line follow from the quantity. */
static void check_line(const ks_priced_line *l, int64_t unit_net, int64_t unit_gross,
                       int64_t unit_discount, int64_t unit_vat, int64_t vat_bp)
{
    const ks_line_price *p = &l->price;
    assert_int_equal(p->unit_net, unit_net);
    assert_int_equal(p->unit_gross, unit_gross);
    assert_int_equal(p->unit_discount, unit_discount);
    assert_int_equal(p->unit_vat, unit_vat);
    assert_int_equal(p->vat_bp, vat_bp);
    assert_int_equal(p->unit_net_discounted, unit_net - unit_discount);
    assert_int_equal(p->unit_gross_discounted, unit_net - unit_discount + unit_vat);
    int64_t q = l->quantity;
    assert_int_equal(p->net, unit_net * q);
    assert_int_equal(p->gross, unit_gross * q);
    assert_int_equal(p->discount, unit_discount * q);
    assert_int_equal(p->vat, unit_vat * q);
    assert_int_equal(p->net_discounted, (unit_net - unit_discount) * q);
    assert_int_equal(p->gross_discounted, (unit_net - unit_discount + unit_vat) * q);
}

/* The totals are the sums of the lines, and add up. */
static void check_totals(const ks_priced_cart *c)
{
    int64_t net = 0, gross = 0, vat = 0, disc = 0, nd = 0, gd = 0;
    for (size_t i = 0; i < c->n_lines; i++) {
        net += c->lines[i].price.net;
        gross += c->lines[i].price.gross;
        vat += c->lines[i].price.vat;
        disc += c->lines[i].price.discount;
        nd += c->lines[i].price.net_discounted;
        gd += c->lines[i].price.gross_discounted;
    }
    assert_int_equal(c->net, net);
    assert_int_equal(c->gross, gross);
    assert_int_equal(c->vat, vat);
    assert_int_equal(c->discount, disc);
    assert_int_equal(c->net_discounted, nd);
    assert_int_equal(c->gross_discounted, gd);
    assert_int_equal(c->net_discounted + c->vat, c->gross_discounted);
    assert_int_equal(c->net - c->discount, c->net_discounted);
}

/* --- NET, GROSS and VAT ------------------------------------------------------------------- */

static void test_net_price_no_vat_in_us(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "NET1", "NET", "USD:100.00,EUR:90.00", NULL));
    ks_cart *c = cart(&b, "USD", "US");
    item(&b, "NET1", 2);
    ks_priced_cart *q = quote(&f->r, c);
    /* US: no VAT collected. 2 x 100.00 = 200.00 */
    assert_string_equal(q->currency, "USD");
    assert_int_equal(q->minor_units, 2);
    check_line(&q->lines[0], 10000, 10000, 0, 0, 0);
    assert_int_equal(q->gross_discounted, 20000);
    check_totals(q);
}

static void test_net_price_adds_vat(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "NET2", "NET", "EUR:100.00", NULL));
    ks_cart *c = cart(&b, "EUR", "DE");
    item(&b, "NET2", 3);
    ks_priced_cart *q = quote(&f->r, c);
    /* DE 19%: net 100.00, VAT 19.00, gross 119.00; x3: 300.00 + 57.00 = 357.00 */
    check_line(&q->lines[0], 10000, 11900, 0, 1900, 1900);
    assert_int_equal(q->net, 30000);
    assert_int_equal(q->vat, 5700);
    assert_int_equal(q->gross_discounted, 35700);
    /* ItemUnit* are the product's own price, before options: the same here */
    assert_int_equal(q->lines[0].price.item_unit_net, 10000);
    assert_int_equal(q->lines[0].price.item_unit_gross, 11900);
    assert_int_equal(q->lines[0].price.item_net, 30000);
    check_totals(q);
}

static void test_gross_price_includes_vat(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "GR1", "GROSS", "EUR:12.10", NULL));
    add_product(f, product(f, "GR2", "GROSS", "EUR:9.99", NULL));
    ks_cart *c = cart(&b, "EUR", "NL");
    item(&b, "GR1", 1);
    ks_priced_cart *q = quote(&f->r, c);
    /* NL 21%: gross 12.10 includes VAT: net = 12.10 / 1.21 = 10.00, VAT 2.10 */
    check_line(&q->lines[0], 1000, 1210, 0, 210, 2100);

    c = cart(&b, "EUR", "DE");
    item(&b, "GR2", 3);
    q = quote(&f->r, c);
    /* DE 19%: net = 999 / 1.19 = 839.4958 -> 839 (8.39), VAT = 9.99 - 8.39 = 1.60;
     * x3: net 25.17, VAT 4.80, gross 29.97 (the shopper pays 3 x 9.99 exactly) */
    check_line(&q->lines[0], 839, 999, 0, 160, 1900);
    assert_int_equal(q->gross_discounted, 2997);
    assert_int_equal(q->vat, 480);
    check_totals(q);

    /* outside the VAT area a gross price is the whole price: US pays 9.99, net 9.99 */
    c = cart(&b, "EUR", "US");
    item(&b, "GR2", 1);
    q = quote(&f->r, c);
    check_line(&q->lines[0], 999, 999, 0, 0, 0);
}

static void test_rounding_half_up_per_unit(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "HALF", "NET", "EUR:0.50", NULL));
    ks_cart *c = cart(&b, "EUR", "NL");
    item(&b, "HALF", 3);
    ks_priced_cart *q = quote(&f->r, c);
    /* NL 21% of 0.50 = 0.105 -> 0.11 (half away from zero), gross 0.61 per unit;
     * the line is 3 x the unit: net 1.50, VAT 0.33, gross 1.83 (Kassa rounds each unit, so
     * that Unit* x Quantity = line, always) */
    check_line(&q->lines[0], 50, 61, 0, 11, 2100);
    assert_int_equal(q->gross_discounted, 183);
    check_totals(q);

    /* Finland 25.5%: 0.50 x 0.255 = 0.1275 -> 0.13 */
    c = cart(&b, "EUR", "FI");
    item(&b, "HALF", 1);
    q = quote(&f->r, c);
    check_line(&q->lines[0], 50, 63, 0, 13, 2550);
}

static void test_reverse_charge(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "B2B", "NET", "EUR:100.00", NULL));
    add_product(f, product(f, "B2BG", "GROSS", "EUR:121.00", NULL));
    ks_cart *c = cart(&b, "EUR", "DE");
    b.billing.company = "Muster GmbH";
    b.billing.fiscal_code = "DE123456789";
    item(&b, "B2B", 2);
    item(&b, "B2BG", 1);
    ks_priced_cart *q = quote(&f->r, c);
    /* a German company with a VAT number buys from the Dutch merchant of record: reverse
     * charge, 0% VAT. 2 x 100.00 + 121.00 (gross price, nothing to take out) = 321.00 */
    assert_true(q->reverse_charge);
    check_line(&q->lines[0], 10000, 10000, 0, 0, 0);
    check_line(&q->lines[1], 12100, 12100, 0, 0, 0);
    assert_int_equal(q->gross_discounted, 32100);
    check_totals(q);

    /* a company without a fiscal code is taxed as a consumer: 19% */
    b.billing.fiscal_code = NULL;
    q = quote(&f->r, c);
    assert_false(q->reverse_charge);
    check_line(&q->lines[0], 10000, 11900, 0, 1900, 1900);

    /* a Dutch company pays Dutch VAT: the seller is established in NL */
    c = cart(&b, "EUR", "NL");
    b.billing.company = "Voorbeeld BV";
    b.billing.fiscal_code = "NL123456789B01";
    item(&b, "B2B", 1);
    q = quote(&f->r, c);
    assert_false(q->reverse_charge);
    check_line(&q->lines[0], 10000, 12100, 0, 2100, 2100);
}

static void test_psp_vendor_collects_no_vat(void **state)
{
    fixture *f = *state;
    cart_buf b;
    ks_err e;
    ks_product *p = product(f, "PSP1", "NET", "EUR:100.00", NULL);
    assert_ok(ks_product_add(&f->rpsp.ctx, p, &e), e);
    ks_cart *c = cart(&b, "EUR", "DE");
    item(&b, "PSP1", 1);
    ks_priced_cart *q = quote(&f->rpsp, c);
    check_line(&q->lines[0], 10000, 10000, 0, 0, 0);
}

/* --- currencies ---------------------------------------------------------------------------- */

static void test_jpy_has_no_decimals(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "JP1", "NET", "JPY:1000,USD:10.00", NULL));
    ks_cart *c = cart(&b, "JPY", "JP");
    item(&b, "JP1", 2);
    ks_priced_cart *q = quote(&f->r, c);
    /* JP 10%: 1000 yen + 100 yen VAT = 1100; x2 = 2200. Minor units are yen. */
    assert_int_equal(q->minor_units, 0);
    check_line(&q->lines[0], 1000, 1100, 0, 100, 1000);
    assert_int_equal(q->gross_discounted, 2200);
    check_totals(q);
}

static void test_conversion_default_rates(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "USDONLY", "NET", "USD:10.00", NULL));
    ks_cart *c = cart(&b, "JPY", "JP");
    item(&b, "USDONLY", 1);
    ks_priced_cart *q = quote(&f->r, c);
    /* no JPY price: 10.00 USD converted with the default table (per euro: USD 1.17,
     * JPY 170): 10 x 170 / 1.17 = 1452.99 -> 1453 yen; JP 10%: 145.3 -> 145; gross 1598 */
    check_line(&q->lines[0], 1453, 1598, 0, 145, 1000);

    c = cart(&b, "EUR", "US");
    item(&b, "USDONLY", 1);
    q = quote(&f->r, c);
    /* 10.00 USD / 1.17 = 8.547 EUR -> 8.55 */
    check_line(&q->lines[0], 855, 855, 0, 0, 0);
}

static void test_vendor_rates_and_base_currency(void **state)
{
    fixture *f = *state;
    cart_buf b;
    ks_err e;
    ks_fx_rate rates[] = {{.currency = "USD", .rate = 12500}}; /* 1 EUR = 1.25 USD */
    assert_ok(ks_currency_settings_update(&f->r.ctx, "EUR", 1, rates, 1, &e), e);
    add_product(f, product(f, "EURONLY", "NET", "EUR:10.00", NULL));
    ks_cart *c = cart(&b, "USD", "US");
    item(&b, "EURONLY", 1);
    ks_priced_cart *q = quote(&f->r, c);
    /* the vendor's own rate: 10.00 EUR x 1.25 = 12.50 USD */
    check_line(&q->lines[0], 1250, 1250, 0, 0, 0);

    /* no Currency: the vendor's base currency, EUR */
    c = cart(&b, NULL, "US");
    item(&b, "EURONLY", 1);
    q = quote(&f->r, c);
    assert_string_equal(q->currency, "EUR");
    check_line(&q->lines[0], 1000, 1000, 0, 0, 0);

    /* GBP from the default table, rebased on EUR: 10.00 x 0.86 = 8.60 GBP */
    c = cart(&b, "GBP", "US");
    item(&b, "EURONLY", 1);
    q = quote(&f->r, c);
    check_line(&q->lines[0], 860, 860, 0, 0, 0);

    /* a currency without a price or a rate */
    c = cart(&b, "XAF", "US");
    item(&b, "EURONLY", 1);
    quote_fails(&f->r, c, KS_E_CURRENCY_NOT_SUPPORTED);

    /* a new base currency voids the vendor's rates (they were per EUR) */
    ks_currency_settings cs;
    assert_ok(ks_currency_settings_update(&f->r.ctx, "USD", 0, NULL, 0, &e), e);
    assert_ok(ks_currency_settings_get(&cs, &f->r.ctx, &e), e);
    assert_string_equal(cs.base_currency, "USD");
    assert_int_equal(cs.n_rates, 0);
    /* bad rates */
    ks_fx_rate bad[] = {{.currency = "GBP", .rate = 0}};
    assert_err(ks_currency_settings_update(&f->r.ctx, NULL, 1, bad, 1, &e), e,
               KS_E_PARAMETER_INVALID);
}

static void test_quantity_tiers(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "TIER", "NET", "USD:10.00:1:9,USD:8.00:10:0", NULL));
    add_product(f, product(f, "TIER2", "NET", "USD:10.00:1:5", NULL));
    ks_cart *c = cart(&b, "USD", "US");
    item(&b, "TIER", 9);
    item(&b, "TIER", 10);
    ks_priced_cart *q = quote(&f->r, c);
    /* 9 x 10.00 = 90.00; from 10 units 8.00 each: 10 x 8.00 = 80.00 */
    check_line(&q->lines[0], 1000, 1000, 0, 0, 0);
    check_line(&q->lines[1], 800, 800, 0, 0, 0);
    assert_int_equal(q->net, 17000);
    c = cart(&b, "USD", "US");
    item(&b, "TIER2", 6);
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCT_PRICE_NOT_AVAILABLE);
}

/* --- price options ------------------------------------------------------------------------- */

static void make_option_catalog(fixture *f)
{
    ks_option_group *ed = group(f, "EDITION", "RADIO", 0, 3);
    option(f, &ed->options[0], "STD", NULL, 0, 0, 1);
    option(f, &ed->options[1], "PRO", "USD:20.00,EUR:18.00", 0, 0, 0);
    option(f, &ed->options[2], "LITE", "-10%", 0, 0, 0);
    add_group(f, ed);
    ks_option_group *ex = group(f, "EXTRAS", "CHECKBOX", 0, 2);
    option(f, &ex->options[0], "SUPPORT", "10%", 0, 0, 0);
    option(f, &ex->options[1], "BACKUP", "USD:5.00", 0, 0, 0);
    add_group(f, ex);
    ks_option_group *us = group(f, "USERS", "INTERVAL", 1, 3);
    option(f, &us->options[0], "U1", NULL, 1, 5, 0);
    option(f, &us->options[1], "U6", "USD:50.00", 6, 10, 0);
    option(f, &us->options[2], "U11", "100%", 11, 100, 0);
    add_group(f, us);
    add_product(f, product(f, "OPT", "NET", "USD:100.00", "EDITION,EXTRAS,USERS*"));
}

static void test_options_radio_checkbox_scale(void **state)
{
    fixture *f = *state;
    cart_buf b;
    make_option_catalog(f);
    const char *all[] = {"EDITION=PRO", "SUPPORT", "BACKUP", "USERS=7"};
    ks_cart *c = cart(&b, "USD", "US");
    options(item(&b, "OPT", 2), all, 4);
    ks_priced_cart *q = quote(&f->r, c);
    /* 100.00 base + PRO 20.00 + SUPPORT 10% of base 10.00 + BACKUP 5.00 + USERS 6-10 50.00
     * = 185.00 a unit; the base price alone is the ItemUnitNetPrice */
    check_line(&q->lines[0], 18500, 18500, 0, 0, 0);
    assert_int_equal(q->lines[0].price.item_unit_net, 10000);
    assert_int_equal(q->lines[0].price.item_net, 20000);

    /* defaults: EDITION falls back to STD (Default), scale 3 is in 1-5 (no impact) */
    const char *few[] = {"USERS=3"};
    c = cart(&b, "USD", "US");
    options(item(&b, "OPT", 1), few, 1);
    q = quote(&f->r, c);
    check_line(&q->lines[0], 10000, 10000, 0, 0, 0);

    /* SUBTRACT: LITE takes 10% off; the 11-100 users option doubles the base:
     * 100.00 - 10.00 + 100.00 = 190.00 */
    const char *lite[] = {"LITE", "USERS=50"};
    c = cart(&b, "USD", "US");
    options(item(&b, "OPT", 1), lite, 2);
    q = quote(&f->r, c);
    check_line(&q->lines[0], 19000, 19000, 0, 0, 0);

    /* in EUR the fixed impact has its own amount: PRO 18.00 EUR; the base 100.00 USD is
     * converted (100 / 1.17 = 85.47 EUR); with NL VAT 21%:
     * 85.47 + 18.00 = 103.47 net, VAT 21.7287 -> 21.73, gross 125.20 */
    const char *pro[] = {"EDITION=PRO", "USERS=1"};
    c = cart(&b, "EUR", "NL");
    options(item(&b, "OPT", 1), pro, 2);
    q = quote(&f->r, c);
    check_line(&q->lines[0], 10347, 12520, 0, 2173, 2100);
    assert_int_equal(q->lines[0].price.item_unit_net, 8547);
}

static void test_option_errors(void **state)
{
    fixture *f = *state;
    cart_buf b;
    make_option_catalog(f);
    struct {
        const char *opts[2];
        size_t n;
        ks_errcode code;
    } cases[] = {
        {{"NOPE", "USERS=1"}, 2, KS_E_PRICE_OPTION_INVALID},         /* unknown option */
        {{"EDITION=GOLD", "USERS=1"}, 2, KS_E_PRICE_OPTION_INVALID}, /* not in the group */
        {{"COLOR=RED", "USERS=1"}, 2, KS_E_PRICE_OPTION_INVALID},    /* not a group of it */
        {{"STD", "PRO"}, 2, KS_E_PRICE_OPTION_INVALID},              /* RADIO: one choice */
        {{"USERS=500"}, 1, KS_E_PRICE_OPTION_SCALE_INVALID},         /* outside 1-100 */
        {{"USERS=0"}, 1, KS_E_PRICE_OPTION_SCALE_INVALID},
        {{"USERS=abc"}, 1, KS_E_PRICE_OPTION_SCALE_INVALID},
        {{"PRO"}, 1, KS_E_PRICE_OPTION_REQUIRED}, /* USERS is required */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ks_cart *c = cart(&b, "USD", "US");
        options(item(&b, "OPT", 1), cases[i].opts, cases[i].n);
        quote_fails(&f->r, c, cases[i].code);
    }
}

/* --- promotions ---------------------------------------------------------------------------- */

static void test_promotion_percent_and_fixed(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "PA", "NET", "EUR:100.00", NULL));
    add_product(f, product(f, "PB", "GROSS", "EUR:12.10", NULL));
    add_promotion(f, promotion(f, "SAVE20", "20%", NULL));
    add_promotion(f, promotion(f, "FIVE", "EUR:5.00", "PA"));
    ks_cart *c = cart(&b, "EUR", "DE");
    item(&b, "PA", 1);
    item(&b, "PB", 2);
    const char *coupons[] = {"save20"}; /* coupons match in any case */
    c->promotions = coupons;
    c->n_promotions = 1;
    ks_priced_cart *q = quote(&f->r, c);
    /* PA NET 100.00, 20% off: discounted net 80.00, DE 19% VAT 15.20, gross 95.20;
     * the undiscounted gross stays 119.00 */
    check_line(&q->lines[0], 10000, 11900, 2000, 1520, 1900);
    /* PB GROSS 12.10 (DE 19%: net 1210 / 1.19 = 10.168 -> 10.17), 20% off the gross price:
     * 12.10 - 2.42 = 9.68 gross, net 968 / 1.19 = 8.134 -> 8.13, VAT 1.55;
     * discount (net) 10.17 - 8.13 = 2.04 */
    check_line(&q->lines[1], 1017, 1210, 204, 155, 1900);
    assert_string_equal(q->lines[0].promotion, "save20");
    assert_int_equal(q->n_promotions, 1);
    check_totals(q);
    /* 95.20 + 2 x 9.68 = 114.56 */
    assert_int_equal(q->gross_discounted, 11456);

    /* both coupons: each line gets the best one; FIVE (5.00) only covers PA, where 20% is
     * more; alone on PA it gives 5.00 off */
    const char *one[] = {"FIVE"};
    c = cart(&b, "EUR", "US");
    item(&b, "PA", 1);
    c->promotions = one;
    c->n_promotions = 1;
    q = quote(&f->r, c);
    check_line(&q->lines[0], 10000, 10000, 500, 0, 0);
    const char *both[] = {"FIVE", "SAVE20"};
    c->promotions = both;
    c->n_promotions = 2;
    q = quote(&f->r, c);
    check_line(&q->lines[0], 10000, 10000, 2000, 0, 0);
    assert_string_equal(q->lines[0].promotion, "SAVE20");

    /* FIXED in another currency: converted from its default (EUR): 5.00 EUR x 1.17 / 1 with
     * base USD -> 5.85 USD */
    add_product(f, product(f, "PU", "NET", "USD:50.00", NULL));
    add_promotion(f, promotion(f, "FIVEU", "EUR:5.00", "PU"));
    const char *fu[] = {"FIVEU"};
    c = cart(&b, "USD", "US");
    item(&b, "PU", 1);
    c->promotions = fu;
    c->n_promotions = 1;
    q = quote(&f->r, c);
    check_line(&q->lines[0], 5000, 5000, 585, 0, 0);

    /* a fixed discount never exceeds the price: 5.00 off a 0.50 product is 0.50 */
    add_product(f, product(f, "CHEAP", "NET", "EUR:0.50", NULL));
    add_promotion(f, promotion(f, "BIG", "EUR:5.00", "CHEAP"));
    const char *big[] = {"BIG"};
    c = cart(&b, "EUR", "US");
    item(&b, "CHEAP", 1);
    c->promotions = big;
    c->n_promotions = 1;
    q = quote(&f->r, c);
    check_line(&q->lines[0], 50, 50, 50, 0, 0);
}

static void test_promotion_errors(void **state)
{
    fixture *f = *state;
    cart_buf b;
    add_product(f, product(f, "PX", "NET", "USD:10.00", NULL));
    add_product(f, product(f, "PY", "NET", "USD:10.00", NULL));
    ks_promotion *old = promotion(f, "OLD", "10%", NULL);
    old->end_date = "2001-01-31";
    add_promotion(f, old);
    ks_promotion *later = promotion(f, "LATER", "10%", NULL);
    later->start_date = "2999-01-01";
    add_promotion(f, later);
    ks_promotion *off = promotion(f, "OFF", "10%", NULL);
    off->has_enabled = 1;
    off->enabled = 0;
    add_promotion(f, off);
    ks_promotion *once = promotion(f, "ONCE", "10%", NULL);
    once->max_orders = 1;
    add_promotion(f, once);
    add_promotion(f, promotion(f, "ONLYPY", "10%", "PY"));

    struct {
        const char *coupon;
        ks_errcode code;
    } cases[] = {
        {"NOSUCH", KS_E_PROMOTION_CODE_INVALID},   {"OLD", KS_E_PROMOTION_EXPIRED},
        {"LATER", KS_E_PROMOTION_NOT_STARTED},     {"OFF", KS_E_PROMOTION_DISABLED},
        {"ONLYPY", KS_E_PROMOTION_NOT_APPLICABLE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ks_cart *c = cart(&b, "USD", "US");
        item(&b, "PX", 1);
        c->promotions = &cases[i].coupon;
        c->n_promotions = 1;
        quote_fails(&f->r, c, cases[i].code);
    }
    /* ONCE works until one order used it (the orders module counts uses) */
    const char *once_c[] = {"ONCE"};
    ks_cart *c = cart(&b, "USD", "US");
    item(&b, "PX", 1);
    c->promotions = once_c;
    c->n_promotions = 1;
    ks_priced_cart *q = quote(&f->r, c);
    check_line(&q->lines[0], 1000, 1000, 100, 0, 0);
    unit_place_order(&f->r.ctx, c);
    quote_fails(&f->r, c, KS_E_PROMOTION_LIMIT_REACHED);
}

/* --- cross-sell ---------------------------------------------------------------------------- */

static void test_crosssell(void **state)
{
    fixture *f = *state;
    cart_buf b;
    ks_err e;
    add_product(f, product(f, "MASTER", "NET", "USD:100.00", NULL));
    add_product(f, product(f, "REC", "NET", "USD:40.00", NULL));
    add_product(f, product(f, "OTHER", "NET", "USD:40.00", NULL));
    ks_crosssell *cs = campaign(f, "MASTER", "REC", "25");
    assert_ok(ks_crosssell_add(&f->r.ctx, cs, &e), e);
    assert_int_equal(strlen(cs->code), 24);
    ks_cart_cross_sell xs = {.parent_code = " MASTER ", .campaign_code = cs->code};

    /* seed 003: the master in the cart, the recommended product with CrossSell{ParentCode,
     * CampaignCode} gets the campaign's 25%: 40.00 - 10.00 = 30.00 */
    ks_cart *c = cart(&b, "USD", "US");
    item(&b, "MASTER", 1);
    item(&b, "REC", 1)->cross_sell = &xs;
    ks_priced_cart *q = quote(&f->r, c);
    check_line(&q->lines[0], 10000, 10000, 0, 0, 0);
    check_line(&q->lines[1], 4000, 4000, 1000, 0, 0);
    assert_string_equal(q->lines[1].campaign, cs->code);
    assert_int_equal(q->gross_discounted, 13000);

    /* without the parent in the cart: no discount */
    c = cart(&b, "USD", "US");
    item(&b, "REC", 1)->cross_sell = &xs;
    q = quote(&f->r, c);
    check_line(&q->lines[0], 4000, 4000, 0, 0, 0);
    assert_null(q->lines[0].campaign);

    /* a product the campaign does not recommend: no discount */
    c = cart(&b, "USD", "US");
    item(&b, "MASTER", 1);
    item(&b, "OTHER", 1)->cross_sell = &xs;
    q = quote(&f->r, c);
    check_line(&q->lines[1], 4000, 4000, 0, 0, 0);

    /* a ParentCode that is not a master of the campaign: no discount */
    ks_cart_cross_sell wrong = {.parent_code = "OTHER", .campaign_code = cs->code};
    c = cart(&b, "USD", "US");
    item(&b, "OTHER", 1);
    item(&b, "REC", 1)->cross_sell = &wrong;
    q = quote(&f->r, c);
    check_line(&q->lines[1], 4000, 4000, 0, 0, 0);

    /* a better promotion wins over the campaign, they do not add up */
    add_promotion(f, promotion(f, "HALF", "50%", "REC"));
    const char *half[] = {"HALF"};
    c = cart(&b, "USD", "US");
    item(&b, "MASTER", 1);
    item(&b, "REC", 1)->cross_sell = &xs;
    c->promotions = half;
    c->n_promotions = 1;
    q = quote(&f->r, c);
    check_line(&q->lines[1], 4000, 4000, 2000, 0, 0);
    assert_null(q->lines[1].campaign);

    /* unknown campaign, inactive campaign, campaign outside its dates */
    ks_cart_cross_sell unknown = {.parent_code = "MASTER", .campaign_code = "NOPE"};
    c = cart(&b, "USD", "US");
    item(&b, "MASTER", 1);
    item(&b, "REC", 1)->cross_sell = &unknown;
    quote_fails(&f->r, c, KS_E_CROSSSELL_CAMPAIGN_INVALID);
    cs->status = "INACTIVE";
    assert_ok(ks_crosssell_update(&f->r.ctx, NULL, cs, &e), e);
    c = cart(&b, "USD", "US");
    item(&b, "MASTER", 1);
    item(&b, "REC", 1)->cross_sell = &xs;
    quote_fails(&f->r, c, KS_E_CROSSSELL_CAMPAIGN_INACTIVE);
    cs->status = "ACTIVE";
    cs->end_date = "2001-12-31";
    assert_ok(ks_crosssell_update(&f->r.ctx, NULL, cs, &e), e);
    quote_fails(&f->r, c, KS_E_CROSSSELL_CAMPAIGN_INACTIVE);
}

/* --- dynamic items ------------------------------------------------------------------------- */

static ks_cart_item *dynamic(cart_buf *b, const char *name, ks_cart_price *pr, const char *amount,
                             int64_t qty)
{
    ks_cart_item *it = item(b, NULL, qty);
    it->is_dynamic = 1;
    it->name = name;
    memset(pr, 0, sizeof *pr);
    if (amount) {
        pr->amount = dec(amount);
        pr->has_amount = 1;
    }
    pr->type = "CUSTOM";
    it->price = pr;
    return it;
}

static void test_dynamic_items(void **state)
{
    fixture *f = *state;
    cart_buf b;
    ks_cart_price p1, p2;
    ks_tax_category *cats;
    size_t ncat;
    ks_err e;
    assert_ok(ks_tax_category_list(&cats, &ncat, &f->r.ctx, &e), e);

    /* GROSS by default: 12.10 EUR in NL is 10.00 + 2.10 VAT */
    ks_cart *c = cart(&b, "EUR", "NL");
    dynamic(&b, "Dynamic", &p1, "12.10", 1)->tax_category = cats[1].uuid;
    /* PriceType NET with a surcharge: 10.00 + 2.00 = 12.00 net, VAT 2.52, gross 14.52 */
    ks_cart_item *n = dynamic(&b, "Net one", &p2, "10.00", 2);
    ks_cart_surcharge s = {
        .group = "Support", .name = "Premium", .value = "P", .amount = dec("2.00")};
    n->price_type = "NET";
    n->surcharges = &s;
    n->n_surcharges = 1;
    ks_priced_cart *q = quote(&f->r, c);
    check_line(&q->lines[0], 1000, 1210, 0, 210, 2100);
    check_line(&q->lines[1], 1200, 1452, 0, 252, 2100);
    assert_int_equal(q->lines[1].price.item_unit_net, 1000);
    assert_true(q->lines[0].is_dynamic);
    check_totals(q);

    /* a promotion without products covers dynamic items too: 10% of 12.10 gross = 1.21,
     * gross 10.89, net 1089 / 1.21 = 9.00, discount (net) 1.00 */
    add_promotion(f, promotion(f, "DYN10", "10%", NULL));
    const char *coupon[] = {"DYN10"};
    c = cart(&b, "EUR", "NL");
    dynamic(&b, "Dynamic", &p1, "12.10", 1);
    c->promotions = coupon;
    c->n_promotions = 1;
    q = quote(&f->r, c);
    check_line(&q->lines[0], 1000, 1210, 100, 189, 2100);

    /* JPY: no decimals allowed */
    c = cart(&b, "JPY", "US");
    dynamic(&b, "Yen", &p1, "1500", 1);
    q = quote(&f->r, c);
    check_line(&q->lines[0], 1500, 1500, 0, 0, 0);
    c = cart(&b, "JPY", "US");
    dynamic(&b, "Yen", &p1, "1500.5", 1);
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID);

    /* errors */
    c = cart(&b, "EUR", "NL");
    dynamic(&b, NULL, &p1, "1.00", 1);
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCT_NAME_INVALID);
    c = cart(&b, "EUR", "NL");
    dynamic(&b, "No price", &p1, NULL, 1);
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID);
    c = cart(&b, "EUR", "NL");
    dynamic(&b, "Too precise", &p1, "1.005", 1);
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCT_PRICE_AMOUNT_INVALID);
    c = cart(&b, "EUR", "NL");
    dynamic(&b, "Bad tax", &p1, "1.00", 1)->tax_category = "00000000-0000-4000-8000-000000000000";
    quote_fails(&f->r, c, KS_E_TAX_CATEGORY_INVALID);
    /* catalog and dynamic products cannot be mixed */
    add_product(f, product(f, "MIX", "NET", "EUR:1.00", NULL));
    c = cart(&b, "EUR", "NL");
    dynamic(&b, "Dynamic", &p1, "1.00", 1);
    item(&b, "MIX", 1);
    quote_fails(&f->r, c, KS_E_ORDER_ITEMS_INVALID);
}

/* --- cart errors --------------------------------------------------------------------------- */

static void test_cart_errors(void **state)
{
    fixture *f = *state;
    cart_buf b;
    ks_err e;
    add_product(f, product(f, "OK", "NET", "USD:1.00", NULL));
    add_product(f, product(f, "GONE", "NET", "USD:1.00", NULL));
    assert_ok(ks_product_disable(&f->r.ctx, "GONE", &e), e);

    ks_cart *c = cart(&b, "USD", "US");
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCTS_EMPTY);
    c = cart(&b, "USD", "US");
    item(&b, "NOSUCH", 1);
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCT_CODE_INVALID);
    c = cart(&b, "USD", "US");
    item(&b, NULL, 1);
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCT_CODE_INVALID);
    c = cart(&b, "USD", "US");
    item(&b, "GONE", 1);
    quote_fails(&f->r, c, KS_E_ORDER_PRODUCT_DISABLED);
    c = cart(&b, "USD", "US");
    item(&b, "OK", 1)->quantity = 0;
    quote_fails(&f->r, c, KS_E_ORDER_ITEMS_QUANTITY_INVALID);
    c = cart(&b, "USD", "US");
    item(&b, "OK", 100000);
    quote_fails(&f->r, c, KS_E_ORDER_ITEMS_QUANTITY_INVALID);
    /* no Quantity means one */
    c = cart(&b, "USD", "US");
    item(&b, "OK", 0);
    ks_priced_cart *q = quote(&f->r, c);
    assert_int_equal(q->lines[0].quantity, 1);
}

/* --- the tables ---------------------------------------------------------------------------- */

static void test_tables(void **state)
{
    (void)state;
    ks_dec r;
    const char *cur;
    /* every default rate parses and is positive; the list is sorted and ISO */
    const char *prev = "";
    for (size_t i = 0; (cur = ks_fx_default_at(i, &r)); i++) {
        assert_true(r > 0);
        assert_non_null(ks_iso_currency(cur, NULL));
        assert_true(strcmp(prev, cur) < 0);
        prev = cur;
    }
    assert_int_equal(ks_fx_default_rate("EUR"), KS_DEC_SCALE);
    assert_int_equal(ks_vat_standard_rate("de"), 1900);
    assert_int_equal(ks_vat_standard_rate("FI"), 2550);
    assert_int_equal(ks_vat_standard_rate("CH"), 810);
    assert_int_equal(ks_vat_standard_rate("US"), 0);
    assert_int_equal(ks_money_minor_units("JPY"), 0);
    assert_int_equal(ks_money_minor_units("BHD"), 3);
    int64_t m;
    assert_int_equal(ks_money_to_minor(&m, 12345, "BHD"), -1); /* 1.2345 BHD: too precise */
    assert_int_equal(ks_money_to_minor(&m, 12340, "BHD"), 0);
    assert_int_equal(m, 1234);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_net_price_no_vat_in_us, setup, teardown),
        cmocka_unit_test_setup_teardown(test_net_price_adds_vat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gross_price_includes_vat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rounding_half_up_per_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reverse_charge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_psp_vendor_collects_no_vat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jpy_has_no_decimals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conversion_default_rates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vendor_rates_and_base_currency, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quantity_tiers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_radio_checkbox_scale, setup, teardown),
        cmocka_unit_test_setup_teardown(test_option_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_promotion_percent_and_fixed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_promotion_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crosssell, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dynamic_items, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cart_errors, setup, teardown),
        cmocka_unit_test(test_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
