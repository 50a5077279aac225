/* demo.c — the demo vendor's catalog, created through the catalog and promotion modules so
 * that it obeys every rule a client's catalog does. */
#include "demo.h"

#include <string.h>

#include "catalog.h"
#include "partner.h"
#include "promotion.h"

#define DEC(units, hundredths) ((ks_dec)(units)*KS_DEC_SCALE + (hundredths)*100)

/* 1 if the lookup found the object, 0 if not (err holds `missing`), -1 on another error. */
static int found(int rc, const ks_err *e, ks_errcode missing, ks_err *err)
{
    if (rc == 0)
        return 1;
    if (e->code == missing)
        return 0;
    *err = *e;
    return -1;
}

static int seed_groups(int *created, ks_ctx *ctx, ks_err *err)
{
    ks_option_group g;
    ks_err e;
    int f;
    /* USERS: a scale, chosen as USERS=7 */
    ks_money six[] = {{DEC(10, 0), "USD"}, {DEC(9, 0), "EUR"}};
    ks_price_impact six_impact = {.method = "FIXED", .amounts = six, .n_amounts = 2};
    ks_price_impact many_impact = {.method = "PERCENT", .percent = DEC(50, 0)};
    ks_price_option users[] = {
        {.code = "USERS-1-5",
         .name = "1-5 users",
         .scale_min = 1,
         .scale_max = 5,
         .has_scale_min = 1,
         .has_scale_max = 1},
        {.code = "USERS-6-20",
         .name = "6-20 users",
         .scale_min = 6,
         .scale_max = 20,
         .has_scale_min = 1,
         .has_scale_max = 1,
         .impact = &six_impact},
        {.code = "USERS-21-100",
         .name = "21-100 users",
         .scale_min = 21,
         .scale_max = 100,
         .has_scale_min = 1,
         .has_scale_max = 1,
         .impact = &many_impact},
    };
    ks_option_group ug = {.code = "USERS",
                          .name = "Users",
                          .type = "INTERVAL",
                          .required = 1,
                          .options = users,
                          .n_options = 3,
                          .doc = "{}"};
    if ((f = found(ks_option_group_get(&g, ctx, ug.code, &e), &e, KS_E_PRICE_OPTION_GROUP_NOT_FOUND,
                   err)) < 0)
        return -1;
    if (!f && ks_option_group_add(ctx, &ug, err))
        return -1;
    *created += !f;
    /* SUPPORT: one of two, standard by default */
    ks_price_impact priority = {.method = "PERCENT", .percent = DEC(20, 0)};
    ks_price_option support[] = {
        {.code = "STANDARD", .name = "Standard support", .is_default = 1},
        {.code = "PRIORITY", .name = "Priority support", .impact = &priority},
    };
    ks_option_group sg = {.code = "SUPPORT",
                          .name = "Support",
                          .type = "RADIO",
                          .options = support,
                          .n_options = 2,
                          .doc = "{}"};
    if ((f = found(ks_option_group_get(&g, ctx, sg.code, &e), &e, KS_E_PRICE_OPTION_GROUP_NOT_FOUND,
                   err)) < 0)
        return -1;
    if (!f && ks_option_group_add(ctx, &sg, err))
        return -1;
    *created += !f;
    return 0;
}

/* Adds p unless the vendor has its code; tax names a default category by its code. */
static int seed_product(int *created, ks_ctx *ctx, ks_product *p, const char *tax, ks_err *err)
{
    ks_product old;
    ks_tax_category *cats;
    size_t n;
    ks_err e;
    int f = found(ks_product_get(&old, ctx, p->code, &e), &e, KS_E_PRODUCT_NOT_FOUND, err);
    if (f)
        return f < 0 ? -1 : 0;
    if (ks_tax_category_list(&cats, &n, ctx, err))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(cats[i].code, tax) == 0)
            p->tax_category = cats[i].uuid;
    if (ks_product_add(ctx, p, err))
        return -1;
    (*created)++;
    return 0;
}

static int seed_products(int *created, ks_ctx *ctx, ks_err *err)
{
    ks_option_ref cloud_opts[] = {{"USERS", 1}, {"SUPPORT", 0}};
    ks_subscription_info monthly = {.billing_cycle = 1,
                                    .billing_cycle_units = "M",
                                    .trial_period = 14,
                                    .trial_price = 0,
                                    .has_trial_price = 1};
    ks_subscription_info lifetime = {
        .is_one_time_fee = 1, .lifetime = 1, .billing_cycle_units = "Y"};

    /* CLOUD-PRO first: CLOUD-BASIC upgrades to it */
    ks_price_tier pro_prices[] = {{DEC(25, 0), "USD", 0, 0}, {DEC(23, 0), "EUR", 0, 0}};
    ks_product_prices pro_pr = {
        .regular = pro_prices, .n_regular = 2, .renewal = pro_prices, .n_renewal = 2};
    ks_pricing_config pro_pc = {.price_type = "NET",
                                .default_currency = "USD",
                                .prices = &pro_pr,
                                .options = cloud_opts,
                                .n_options = 2};
    ks_product pro = {.code = "CLOUD-PRO",
                      .name = "Cloud Pro (monthly)",
                      .version = "2025",
                      .sku = "CLD-PRO-M",
                      .pricing = &pro_pc,
                      .n_pricing = 1,
                      .subscription = &monthly,
                      .doc = "{\"ShortDescription\":\"Everything in Basic, plus API access\"}"};

    ks_price_tier basic_prices[] = {{DEC(10, 0), "USD", 0, 0}, {DEC(9, 0), "EUR", 0, 0}};
    ks_product_prices basic_pr = {
        .regular = basic_prices, .n_regular = 2, .renewal = basic_prices, .n_renewal = 2};
    ks_pricing_config basic_pc = {.price_type = "NET",
                                  .default_currency = "USD",
                                  .prices = &basic_pr,
                                  .options = cloud_opts,
                                  .n_options = 2};
    const char *upgrades[] = {"CLOUD-PRO"};
    ks_product basic = {.code = "CLOUD-BASIC",
                        .name = "Cloud Basic (monthly)",
                        .version = "2025",
                        .sku = "CLD-BAS-M",
                        .pricing = &basic_pc,
                        .n_pricing = 1,
                        .subscription = &monthly,
                        .upgrades = upgrades,
                        .n_upgrades = 1,
                        .doc = "{\"ShortDescription\":\"Hosted workspace for small teams\"}"};

    /* a one-time purchase (a lifetime subscription, no renewal), priced GROSS: VAT included */
    ks_price_tier desk_prices[] = {
        {DEC(49, 0), "USD", 0, 0}, {DEC(49, 0), "EUR", 0, 0}, {DEC(7500, 0), "JPY", 0, 0}};
    ks_product_prices desk_pr = {.regular = desk_prices, .n_regular = 3};
    ks_pricing_config desk_pc = {
        .price_type = "GROSS", .default_currency = "USD", .prices = &desk_pr};
    ks_product desk = {.code = "DESKTOP-LICENSE",
                       .name = "Desktop Editor (lifetime license)",
                       .version = "5.0",
                       .sku = "DSK-LIC",
                       .pricing = &desk_pc,
                       .n_pricing = 1,
                       .subscription = &lifetime,
                       .doc = "{\"ShortDescription\":\"One payment, yours forever\"}"};

    /* a tangible product, cheaper by ten */
    ks_price_tier usb_prices[] = {
        {DEC(15, 0), "USD", 1, 9}, {DEC(12, 50), "USD", 10, 0}, {DEC(14, 0), "EUR", 0, 0}};
    ks_product_prices usb_pr = {.regular = usb_prices, .n_regular = 3};
    ks_pricing_config usb_pc = {.price_type = "NET", .default_currency = "USD", .prices = &usb_pr};
    ks_product usb = {.code = "USB-KEY",
                      .name = "Backup USB key",
                      .sku = "USB-32G",
                      .tangible = 1,
                      .pricing = &usb_pc,
                      .n_pricing = 1,
                      .doc = "{\"ShortDescription\":\"The installer on a 32 GB USB key\"}"};

    if (seed_product(created, ctx, &pro, "SAAS", err) ||
        seed_product(created, ctx, &basic, "SAAS", err) ||
        seed_product(created, ctx, &desk, "SOFTWARE_DOWNLOAD", err) ||
        seed_product(created, ctx, &usb, "PHYSICAL_GOODS", err))
        return -1;
    return 0;
}

static int seed_marketing(int *created, ks_ctx *ctx, ks_err *err)
{
    ks_promotion old;
    ks_err e;
    int f =
        found(ks_promotion_get(&old, ctx, "DEMO-WELCOME", &e), &e, KS_E_PROMOTION_NOT_FOUND, err);
    if (f < 0)
        return -1;
    if (!f) {
        ks_coupon coupon = {.type = "SINGLE", .code = "WELCOME10"};
        ks_discount discount = {.type = "PERCENT", .value = DEC(10, 0), .has_value = 1};
        ks_promotion p = {.code = "DEMO-WELCOME",
                          .name = "Welcome: 10% off everything",
                          .coupon = &coupon,
                          .discount = &discount,
                          .doc = "{}"};
        if (ks_promotion_add(ctx, &p, err))
            return -1;
        (*created)++;
    }
    ks_crosssell *list;
    size_t n;
    int64_t total;
    ks_crosssell_query q = {
        .name = "Demo: USB key with the desktop license", .page = 1, .limit = 1};
    if (ks_crosssell_search(&list, &n, &total, ctx, &q, err))
        return -1;
    if (total == 0) {
        const char *masters[] = {"DESKTOP-LICENSE"};
        ks_crosssell_product rec[] = {{"USB-KEY", DEC(15, 0), "PERCENT"}};
        ks_crosssell c = {.name = q.name,
                          .masters = masters,
                          .n_masters = 1,
                          .products = rec,
                          .n_products = 1,
                          .doc = "{}"};
        if (ks_crosssell_add(ctx, &c, err))
            return -1;
        (*created)++;
    }
    return 0;
}

/* The Channel Manager's demo partner: DEMO-PARTNER, a reseller paying in USD, with a pricing
 * list of the whole demo catalog at 20% off. */
static int seed_partner(int *created, ks_ctx *ctx, ks_err *err)
{
    ks_partner p;
    ks_err e;
    int f = found(ks_partner_get(&p, ctx, KS_DEMO_PARTNER, &e), &e, KS_E_NOT_FOUND_PARTNER, err);
    if (f)
        return f < 0 ? -1 : 0;
    ks_pricing_list *l = ks_arena_alloc(ctx->arena, sizeof *l);
    if (ks_pricing_list_of_catalog(l, ctx, "DEMO-LIST", DEC(20, 0), err))
        return -1;
    l->name = "Demo resellers: the catalog at 20% off";
    memset(&p, 0, sizeof p);
    p.code = KS_DEMO_PARTNER;
    p.company = "Demo Reseller Ltd";
    p.email = "reseller@example.com";
    p.currency = "USD";
    p.active = 1;
    p.model = KS_PARTNER_RESELLER;
    p.credit_limit_in = DEC(10000, 0);
    p.lists = l;
    p.n_lists = 1;
    if (ks_partner_create(ctx, &p, err))
        return -1;
    (*created)++;
    return 0;
}

int ks_demo_seed(int *created, ks_ctx *ctx, ks_err *err)
{
    *created = 0;
    if (seed_groups(created, ctx, err) || seed_products(created, ctx, err) ||
        seed_marketing(created, ctx, err) || seed_partner(created, ctx, err))
        return -1;
    return 0;
}
