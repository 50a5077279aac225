/* promotions.c — addPromotion, getPromotion, updatePromotion, searchPromotions, and the
 * cross-sell campaigns: createCrossSellCampaign, getCrossSellCampaign,
 * updateCrossSellCampaign, searchCrossSellCampaigns. Bind, call the domain, shape. */
#include <string.h>

#include "../../domain/promotion.h"
#include "../../domain/page.h"
#include "ops.h"
#include "shape.h"

typedef struct {
    const char *code;
} code_in;

#define CODE_PARAM(name, flags)                                                                    \
    {                                                                                              \
        name, KS_T_STRING, flags, .maxlen = KS_CATALOG_CODE_MAX, KS_BIND(code_in, code)            \
    }

/* --- promotions -------------------------------------------------------------------------- */

static json_t *codes_json(const char *const *codes, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(codes[i]));
    return a;
}

static json_t *promotion_json(const ks_promotion *p)
{
    const ks_coupon *c = p->coupon;
    const ks_discount *d = p->discount;
    json_t *o = ks_shape_doc(p->doc);
    json_t *discount;
    if (strcmp(d->type, "PERCENT") == 0) {
        discount = json_pack("{s:s, s:o}", "Type", d->type, "Value", ks_shape_dec(d->value));
    } else {
        json_t *values = json_array();
        for (size_t i = 0; i < d->n_values; i++)
            json_array_append_new(values, json_pack("{s:s, s:o}", "Currency", d->values[i].currency,
                                                    "Amount", ks_shape_dec(d->values[i].amount)));
        discount = json_pack("{s:s, s:o, s:o}", "Type", d->type, "Values", values,
                             "DefaultCurrency", ks_shape_str(d->default_currency));
    }
    json_t *products = json_array();
    for (size_t i = 0; i < p->n_products; i++)
        json_array_append_new(products, json_pack("{s:s}", "Code", p->products[i].code));
    json_t *coupon =
        strcmp(c->type, "SINGLE") == 0
            ? json_pack("{s:s, s:o}", "Type", c->type, "Code", ks_shape_str(c->code))
            : json_pack("{s:s, s:o}", "Type", c->type, "Codes", codes_json(c->codes, c->n_codes));
    json_t *typed = json_pack(
        "{s:s, s:s, s:o, s:s, s:s, s:b, s:o, s:o, s:I, s:I, s:o, s:o, s:o}", "Code", p->code,
        "Name", p->name, "Description", ks_shape_str(p->description), "Type", p->type,
        "ChannelType", p->channel_type, "Enabled", p->enabled, "StartDate",
        ks_shape_str(p->start_date), "EndDate", ks_shape_str(p->end_date), "MaximumOrdersNumber",
        (json_int_t)p->max_orders, "UsedOrdersNumber", (json_int_t)p->used_orders, "Coupon", coupon,
        "Discount", discount, "Products", products);
    json_object_update(o, typed);
    json_decref(typed);
    return o;
}

#define PROMOTION_PARAM                                                                            \
    {                                                                                              \
        "Promotion", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Promotion                       \
    }

const ks_param op_addPromotion_params[] = {{PROMOTION_PARAM, KS_SRC_BODY}, KS_PARAMS_END};
const ks_field op_addPromotion_result = {"Promotion", KS_T_OBJECT, .obj = &ks_schema_Promotion};

int op_addPromotion(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_promotion p;
    memset(&p, 0, sizeof p);
    if (ks_shape_bind_doc(&p.doc, &p, ctx, op, args, 0, err) || ks_promotion_add(ctx, &p, err))
        return -1;
    *out = promotion_json(&p);
    return 0;
}

const ks_param op_getPromotion_params[] = {
    {CODE_PARAM("PromotionCode", KS_F_REQUIRED), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_getPromotion_result = {"Promotion", KS_T_OBJECT, .obj = &ks_schema_Promotion};

int op_getPromotion(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    code_in in = {0};
    ks_promotion p;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_promotion_get(&p, ctx, in.code, err))
        return -1;
    *out = promotion_json(&p);
    return 0;
}

/* updatePromotion(sessionID, Promotion); REST PUT /promotions/{PromotionCode}. */
const ks_param op_updatePromotion_params[] = {
    {PROMOTION_PARAM, KS_SRC_BODY}, {CODE_PARAM("PromotionCode", 0), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_updatePromotion_result = {"Promotion", KS_T_OBJECT, .obj = &ks_schema_Promotion};

int op_updatePromotion(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_promotion p;
    code_in in = {0};
    memset(&p, 0, sizeof p);
    if (ks_shape_bind_doc(&p.doc, &p, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err) || ks_promotion_update(ctx, in.code, &p, err))
        return -1;
    *out = promotion_json(&p);
    return 0;
}

/* Coupons arrive as a list or, as in the platform's samples, comma-separated in one string. */
static void split_coupons(ks_promotion_query *q, ks_arena *a, const char **in, size_t n)
{
    size_t cap = 0, cnt = 0;
    for (size_t i = 0; i < n; i++)
        for (const char *s = in[i]; *s; s++)
            cap += *s == ',';
    cap += n;
    const char **out = ks_arena_alloc(a, (cap + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const char *s = in[i];
        while (*s) {
            size_t l = strcspn(s, ",");
            while (l && *s == ' ') {
                s++;
                l--;
            }
            size_t t = l;
            while (t && s[t - 1] == ' ')
                t--;
            if (t)
                out[cnt++] = ks_arena_strndup(a, s, t);
            s += l;
            if (*s == ',')
                s++;
        }
    }
    q->coupons = out;
    q->n_coupons = cnt;
}

const ks_param op_searchPromotions_params[] = {
    {{"SearchOptions", KS_T_OBJECT, .obj = &ks_schema_PromotionSearchInput}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_searchPromotions_result = {"Result", KS_T_OBJECT,
                                             .obj = &ks_schema_PromotionSearchResult};

int op_searchPromotions(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                        ks_err *err)
{
    ks_promotion_search_in in;
    ks_promotion_query q;
    ks_promotion *list;
    size_t n;
    int64_t total;
    memset(&in, 0, sizeof in);
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    q.product_code = in.product_code;
    split_coupons(&q, ctx->arena, in.coupons, in.n_coupons);
    q.has_enabled = in.has_enabled;
    q.enabled = in.enabled;
    q.page = ks_page_number(&in.page);
    q.limit = ks_page_limit(&in.page);
    if (ks_promotion_search(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, promotion_json(&list[i]));
    *out = ks_shape_page(items, q.page, q.limit, total);
    return 0;
}

/* --- cross-sell campaigns ---------------------------------------------------------------- */

static json_t *crosssell_json(const ks_crosssell *c)
{
    json_t *o = ks_shape_doc(c->doc);
    json_t *products = json_array();
    for (size_t i = 0; i < c->n_products; i++)
        json_array_append_new(products, json_pack("{s:s, s:o, s:s}", "ProductCode",
                                                  c->products[i].product_code, "Discount",
                                                  ks_shape_dec(c->products[i].discount),
                                                  "DiscountType", c->products[i].discount_type));
    json_t *typed =
        json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:o}", "CampaignCode", c->code,
                  "Name", c->name, "CampaignStatus", c->status, "DisplayType", c->display_type,
                  "DisplayInEmail", c->display_in_email, "CampaignOwnerType", c->owner_type,
                  "MasterProducts", codes_json(c->masters, c->n_masters), "Products", products,
                  "StartDate", ks_shape_str(c->start_date), "EndDate", ks_shape_str(c->end_date));
    json_object_update(o, typed);
    json_decref(typed);
    return o;
}

#define CAMPAIGN_PARAM                                                                             \
    {                                                                                              \
        "CrossSellCampaign", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_CrossSellCampaign       \
    }

const ks_param op_createCrossSellCampaign_params[] = {{CAMPAIGN_PARAM, KS_SRC_BODY}, KS_PARAMS_END};
const ks_field op_createCrossSellCampaign_result = {"CrossSellCampaign", KS_T_OBJECT,
                                                    .obj = &ks_schema_CrossSellCampaign};

int op_createCrossSellCampaign(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                               ks_err *err)
{
    ks_crosssell c;
    memset(&c, 0, sizeof c);
    if (ks_shape_bind_doc(&c.doc, &c, ctx, op, args, 0, err) || ks_crosssell_add(ctx, &c, err))
        return -1;
    *out = crosssell_json(&c);
    return 0;
}

const ks_param op_getCrossSellCampaign_params[] = {
    {CODE_PARAM("CampaignCode", KS_F_REQUIRED), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_getCrossSellCampaign_result = {"CrossSellCampaign", KS_T_OBJECT,
                                                 .obj = &ks_schema_CrossSellCampaign};

int op_getCrossSellCampaign(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                            ks_err *err)
{
    code_in in = {0};
    ks_crosssell c;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_crosssell_get(&c, ctx, in.code, err))
        return -1;
    *out = crosssell_json(&c);
    return 0;
}

const ks_param op_updateCrossSellCampaign_params[] = {
    {CAMPAIGN_PARAM, KS_SRC_BODY}, {CODE_PARAM("CampaignCode", 0), KS_SRC_PATH}, KS_PARAMS_END};
const ks_field op_updateCrossSellCampaign_result = {"CrossSellCampaign", KS_T_OBJECT,
                                                    .obj = &ks_schema_CrossSellCampaign};

int op_updateCrossSellCampaign(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                               ks_err *err)
{
    ks_crosssell c;
    code_in in = {0};
    memset(&c, 0, sizeof c);
    if (ks_shape_bind_doc(&c.doc, &c, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err) || ks_crosssell_update(ctx, in.code, &c, err))
        return -1;
    *out = crosssell_json(&c);
    return 0;
}

const ks_param op_searchCrossSellCampaigns_params[] = {
    {{"SearchOptions", KS_T_OBJECT, .obj = &ks_schema_CrossSellSearchInput}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_searchCrossSellCampaigns_result = {"Result", KS_T_OBJECT,
                                                     .obj = &ks_schema_CrossSellSearchResult};

int op_searchCrossSellCampaigns(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                                ks_err *err)
{
    ks_crosssell_search_in in;
    ks_crosssell_query q;
    ks_crosssell *list;
    size_t n;
    int64_t total;
    memset(&in, 0, sizeof in);
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    q.name = in.name;
    q.statuses = in.statuses;
    q.n_statuses = in.n_statuses;
    q.owner_type = in.type;
    q.products = in.products;
    q.n_products = in.n_products;
    q.recommended = in.recommended;
    q.n_recommended = in.n_recommended;
    q.start_date = in.start_date;
    q.end_date = in.end_date;
    q.page = ks_page_number(&in.page);
    q.limit = ks_page_limit(&in.page);
    if (ks_crosssell_search(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, crosssell_json(&list[i]));
    *out = ks_shape_page(items, q.page, q.limit, total);
    return 0;
}
