/* catalog.c — the catalog operations: getTaxCategories; addProduct, getProductByCode,
 * updateProduct, disableProduct (REST DELETE), searchProducts; addPriceOptionGroup,
 * getPriceOptionGroup, updatePriceOptionGroup, searchPriceOptionGroups; getExchangeRates,
 * updateExchangeRates. Bind, call the domain, shape the platform's objects. */
#include <string.h>

#include "../../domain/catalog.h"
#include "../../domain/pricing.h"
#include "../../domain/page.h"
#include "ops.h"
#include "shape.h"

/* Scalar arguments bind into small structs like any other field. */
typedef struct {
    const char *code;
} code_in;

#define CODE_PARAM(name, flags)                                                                    \
    {                                                                                              \
        name, KS_T_STRING, flags, .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(code_in, code)            \
    }

/* --- tax categories ---------------------------------------------------------------------- */

const ks_param op_getTaxCategories_params[] = {KS_PARAMS_END};
const ks_field op_getTaxCategories_result = {"TaxCategories", KS_T_ARRAY,
                                             .obj = &ks_schema_TaxCategory};

int op_getTaxCategories(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                        ks_err *err)
{
    (void)op;
    (void)args;
    ks_tax_category *list;
    size_t n;
    if (ks_tax_category_list(&list, &n, ctx, err))
        return -1;
    *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(*out, json_pack("{s:s, s:s, s:s, s:o, s:b}", "UUID", list[i].uuid,
                                              "Code", list[i].code, "Name", list[i].name,
                                              "Description", ks_shape_str(list[i].description),
                                              "Default", list[i].is_default));
    return 0;
}

/* --- products ---------------------------------------------------------------------------- */

static json_t *tiers_json(const ks_price_tier *t, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            a,
            json_pack("{s:o, s:s, s:I, s:I}", "Amount", ks_shape_dec(t[i].amount), "Currency",
                      t[i].currency, "MinQuantity", (json_int_t)ks_tier_min_qty(&t[i]),
                      "MaxQuantity", (json_int_t)ks_tier_max_qty(&t[i])));
    return a;
}

static json_t *pricing_json(const ks_pricing_config *pc)
{
    json_t *opts = json_array();
    for (size_t i = 0; i < pc->n_options; i++)
        json_array_append_new(opts, json_pack("{s:s, s:b}", "Code", pc->options[i].code, "Required",
                                              pc->options[i].required));
    const ks_product_prices *pr = pc->prices;
    return json_pack("{s:o, s:b, s:s, s:s, s:{s:o, s:o}, s:o}", "Name", ks_shape_str(pc->name),
                     "Default", 1, "PriceType", pc->price_type, "DefaultCurrency",
                     pc->default_currency, "Prices", "Regular",
                     tiers_json(pr->regular, pr->n_regular), "Renewal",
                     tiers_json(pr->renewal, pr->n_renewal), "PriceOptions", opts);
}

static json_t *subscription_json(const ks_subscription_info *s)
{
    if (!s)
        return json_null();
    const ks_contract_period *c = s->contract;
    json_t *contract = c ? json_pack("{s:I, s:o, s:b, s:o}", "Period", (json_int_t)c->period,
                                     "PeriodUnits", ks_shape_str(c->units), "IsUnlimited",
                                     c->is_unlimited, "Action", ks_shape_str(c->action))
                         : json_null();
    return json_pack("{s:I, s:o, s:b, s:b, s:o, s:I, s:o}", "BillingCycle",
                     (json_int_t)s->billing_cycle, "BillingCycleUnits",
                     ks_shape_str(s->billing_cycle_units), "IsOneTimeFee", s->is_one_time_fee,
                     "Lifetime", s->lifetime, "ContractPeriod", contract, "TrialPeriod",
                     (json_int_t)s->trial_period, "TrialPrice",
                     s->has_trial_price ? ks_shape_dec(s->trial_price) : json_null());
}

/* The product as the platform returns it: what the client sent, with Kassa's own values of
 * every field it interprets. */
static json_t *product_json(ks_ctx *ctx, const ks_product *p)
{
    json_t *o = ks_shape_doc(p->doc);
    json_t *upgrades = json_array();
    for (size_t i = 0; i < p->n_upgrades; i++)
        json_array_append_new(upgrades, json_string(p->upgrades[i]));
    json_t *typed = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:s, s:s, s:b, s:[o], s:o, s:o, s:s, s:s}",
        "AvangateId", (json_int_t)p->id, "ProductCode", p->code, "ProductType", p->type,
        "ProductName", p->name, "ProductVersion", ks_shape_str(p->version), "SKU",
        ks_shape_str(p->sku), "Tangible", p->tangible, "Enabled", p->enabled, "TaxCategory",
        p->tax_category, "ProductTaxCategoryUUID", p->tax_category, "GeneratesSubscription",
        p->generates_subscription, "PricingConfigurations", pricing_json(&p->pricing[0]),
        "SubscriptionInformation", subscription_json(p->subscription), "UpgradeProducts", upgrades,
        "CreatedAt", ks_ops_time(ctx, p->created), "UpdatedAt", ks_ops_time(ctx, p->updated));
    json_object_update(o, typed);
    json_decref(typed);
    return o;
}

#define PRODUCT_PARAM                                                                              \
    {                                                                                              \
        "Product", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Product                           \
    }

const ks_param op_addProduct_params[] = {{PRODUCT_PARAM, KS_SRC_BODY}, KS_PARAMS_END};
const ks_field op_addProduct_result = {"Result", KS_T_BOOL};

int op_addProduct(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_product p;
    memset(&p, 0, sizeof p);
    if (ks_shape_bind_doc(&p.doc, &p, ctx, op, args, 0, err) || ks_product_add(ctx, &p, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_getProductByCode_params[] = {
    {CODE_PARAM("ProductCode", KS_F_REQUIRED), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_getProductByCode_result = {"Product", KS_T_OBJECT, .obj = &ks_schema_Product};

int op_getProductByCode(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                        ks_err *err)
{
    code_in in = {0};
    ks_product p;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_product_get(&p, ctx, in.code, err))
        return -1;
    *out = product_json(ctx, &p);
    return 0;
}

/* updateProduct(sessionID, Product) on JSON-RPC and SOAP; PUT /products/{ProductCode} on REST,
 * where the path names the product. */
const ks_param op_updateProduct_params[] = {
    {PRODUCT_PARAM, KS_SRC_BODY}, {CODE_PARAM("ProductCode", 0), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_updateProduct_result = {"Result", KS_T_BOOL};

int op_updateProduct(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_product p;
    code_in in = {0};
    memset(&p, 0, sizeof p);
    if (ks_shape_bind_doc(&p.doc, &p, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err) || ks_product_update(ctx, in.code, &p, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_disableProduct_params[] = {
    {CODE_PARAM("ProductCode", KS_F_REQUIRED), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_disableProduct_result = {"Result", KS_T_BOOL};

int op_disableProduct(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    code_in in = {0};
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_product_disable(ctx, in.code, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_searchProducts_params[] = {
    {{"SearchOptions", KS_T_OBJECT, .obj = &ks_schema_ProductSearchInput}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_searchProducts_result = {"Result", KS_T_OBJECT,
                                           .obj = &ks_schema_ProductSearchResult};

int op_searchProducts(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_product_search_in in;
    ks_product_query q;
    ks_product *list;
    size_t n;
    int64_t total;
    memset(&in, 0, sizeof in);
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    q.name = in.name;
    q.codes = in.codes;
    q.n_codes = in.n_codes;
    q.types = in.types;
    q.n_types = in.n_types;
    q.has_enabled = in.has_enabled;
    q.enabled = in.enabled;
    q.page = ks_page_number(&in.page);
    q.limit = ks_page_limit(&in.page);
    if (ks_product_search(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, product_json(ctx, &list[i]));
    *out = ks_shape_page(items, q.page, q.limit, total);
    return 0;
}

/* --- pricing option groups --------------------------------------------------------------- */

static json_t *impact_json(const ks_price_impact *im)
{
    if (!im)
        return json_null();
    json_t *amounts = json_array();
    for (size_t i = 0; i < im->n_amounts; i++)
        json_array_append_new(amounts, json_pack("{s:s, s:o}", "Currency", im->amounts[i].currency,
                                                 "Amount", ks_shape_dec(im->amounts[i].amount)));
    return json_pack("{s:s, s:s, s:o, s:o, s:s}", "ImpactOn", im->impact_on, "Method", im->method,
                     "Percent", ks_shape_dec(im->percent), "Amounts", amounts, "Impact",
                     im->impact);
}

static json_t *group_json(const ks_option_group *g)
{
    json_t *o = ks_shape_doc(g->doc);
    json_t *sent = json_object_get(o, "Options"); /* borrowed: each option's passthrough */
    json_t *opts = json_array();
    for (size_t i = 0; i < g->n_options; i++) {
        const ks_price_option *p = &g->options[i];
        json_t *base = json_array_get(sent, i);
        json_t *po = json_is_object(base) ? json_deep_copy(base) : json_object();
        json_t *typed =
            json_pack("{s:s, s:s, s:o, s:o, s:b, s:I, s:I, s:o}", "Code", p->code, "Value", p->code,
                      "Name", ks_shape_str(p->name), "Description", ks_shape_str(p->description),
                      "Default", p->is_default, "ScaleMin", (json_int_t)p->scale_min, "ScaleMax",
                      (json_int_t)p->scale_max, "PriceImpact", impact_json(p->impact));
        json_object_update(po, typed);
        json_decref(typed);
        json_array_append_new(opts, po);
    }
    json_t *typed = json_pack("{s:s, s:s, s:o, s:s, s:b, s:o}", "Code", g->code, "Name", g->name,
                              "Description", ks_shape_str(g->description), "Type", g->type,
                              "Required", g->required, "Options", opts);
    json_object_update(o, typed);
    json_decref(typed);
    return o;
}

#define GROUP_PARAM                                                                                \
    {                                                                                              \
        "PriceOptionGroup", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_PriceOptionsGroup        \
    }

const ks_param op_addPriceOptionGroup_params[] = {{GROUP_PARAM, KS_SRC_BODY}, KS_PARAMS_END};
const ks_field op_addPriceOptionGroup_result = {"Result", KS_T_BOOL};

int op_addPriceOptionGroup(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                           ks_err *err)
{
    ks_option_group g;
    memset(&g, 0, sizeof g);
    if (ks_shape_bind_doc(&g.doc, &g, ctx, op, args, 0, err) || ks_option_group_add(ctx, &g, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_getPriceOptionGroup_params[] = {
    {CODE_PARAM("GroupCode", KS_F_REQUIRED), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_getPriceOptionGroup_result = {"PriceOptionGroup", KS_T_OBJECT,
                                                .obj = &ks_schema_PriceOptionsGroup};

int op_getPriceOptionGroup(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                           ks_err *err)
{
    code_in in = {0};
    ks_option_group g;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_option_group_get(&g, ctx, in.code, err))
        return -1;
    *out = group_json(&g);
    return 0;
}

const ks_param op_updatePriceOptionGroup_params[] = {
    {GROUP_PARAM, KS_SRC_BODY}, {CODE_PARAM("GroupCode", 0), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_updatePriceOptionGroup_result = {"Result", KS_T_BOOL};

int op_updatePriceOptionGroup(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                              ks_err *err)
{
    ks_option_group g;
    code_in in = {0};
    memset(&g, 0, sizeof g);
    if (ks_shape_bind_doc(&g.doc, &g, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err) ||
        ks_option_group_update(ctx, in.code, &g, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_searchPriceOptionGroups_params[] = {
    {{"SearchOptions", KS_T_OBJECT, .obj = &ks_schema_PriceOptionGroupSearchInput}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_searchPriceOptionGroups_result = {"Result", KS_T_OBJECT,
                                                    .obj = &ks_schema_PriceOptionGroupSearchResult};

int op_searchPriceOptionGroups(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                               ks_err *err)
{
    ks_option_group_search_in in;
    ks_option_group_query q;
    ks_option_group *list;
    size_t n;
    int64_t total;
    memset(&in, 0, sizeof in);
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    q.name = in.name;
    q.types = in.types;
    q.n_types = in.n_types;
    q.page = ks_page_number(&in.page);
    q.limit = ks_page_limit(&in.page);
    if (ks_option_group_search(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, group_json(&list[i]));
    *out = ks_shape_page(items, q.page, q.limit, total);
    return 0;
}

/* --- exchange rates ---------------------------------------------------------------------- */

static int rates_json(json_t **out, ks_ctx *ctx, ks_err *err)
{
    ks_currency_settings cs;
    ks_fx_rate *list;
    size_t n;
    if (ks_currency_settings_get(&cs, ctx, err))
        return -1;
    ks_fx_effective_rates(&list, &n, ctx->arena, &cs);
    json_t *rates = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rates, json_pack("{s:s, s:o, s:s}", "Currency", list[i].currency,
                                               "Rate", ks_shape_dec(list[i].rate), "Source",
                                               list[i].is_default ? "DEFAULT" : "VENDOR"));
    *out = json_pack("{s:s, s:o}", "BaseCurrency", cs.base_currency, "ExchangeRates", rates);
    return 0;
}

const ks_param op_getExchangeRates_params[] = {KS_PARAMS_END};
const ks_field op_getExchangeRates_result = {"ExchangeRates", KS_T_OBJECT,
                                             .obj = &ks_schema_ExchangeRates};

int op_getExchangeRates(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                        ks_err *err)
{
    (void)op;
    (void)args;
    return rates_json(out, ctx, err);
}

typedef struct {
    const char *country, *payment_method;
} currencies_in;

const ks_param op_getAvailableCurrencies_params[] = {
    {{"countryCode", KS_T_STRING, .fmt = KS_FMT_COUNTRY, KS_BIND(currencies_in, country)},
     KS_SRC_QUERY},
    {{"paymentMethod", KS_T_STRING, .maxlen = 64, KS_BIND(currencies_in, payment_method)},
     KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_getAvailableCurrencies_result = {"Currencies", KS_T_ARRAY,
                                                   .item = KS_T_STRING};

int op_getAvailableCurrencies(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                              ks_err *err)
{
    currencies_in in = {0};
    const char **list;
    size_t n;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err) ||
        ks_currency_available(&list, &n, ctx, in.country, in.payment_method, err))
        return -1;
    *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(*out, json_string(list[i]));
    return 0;
}

const ks_param op_updateExchangeRates_params[] = {
    {{"ExchangeRates", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_ExchangeRates}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_updateExchangeRates_result = {"ExchangeRates", KS_T_OBJECT,
                                                .obj = &ks_schema_ExchangeRates};

int op_updateExchangeRates(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                           ks_err *err)
{
    ks_exchange_in in;
    memset(&in, 0, sizeof in);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_currency_settings_update(ctx, in.base_currency, in.has_rates, in.rates, in.n_rates, err))
        return -1;
    return rates_json(out, ctx, err);
}
