/* partners.c — the Channel Manager's operations: bind the arguments, call the domain
 * (domain/partner.h), shape the platform's objects (Partner, PricingList, the cart, the partner
 * order, Proforma). The session's partner lives in the store, keyed by ctx->session_id. */
#include <string.h>

#include "../../domain/auth.h"
#include "../../domain/catalog.h"
#include "../../domain/clock.h"
#include "../../domain/partner.h"
#include "ops.h"
#include "shape.h"

/* The scalar and array arguments of these operations, bound by name. */
typedef struct {
    const char *code, *number, *list, *ref;
    int64_t product_id, quantity;
    const char **options, **refs;
    size_t n_options, n_refs;
    int flag;
} cm_args;

#define ARG_STR(name, member, max)                                                                 \
    {{name, KS_T_STRING, .maxlen = max, KS_BIND(cm_args, member)}, KS_SRC_BODY}

static int bind_all(cm_args *a, ks_ctx *ctx, const ks_op *op, json_t *const *args, ks_err *err)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; op->params[i].f.name; i++)
        if (ks_ops_bind(NULL, a, ctx, op, args, i, err))
            return -1;
    return 0;
}

static json_t *money(int64_t minor, const char *currency)
{
    return ks_shape_money(minor, currency);
}

static json_t *options_array(const char *options)
{
    json_t *a = json_array();
    for (const char *s = options; s && *s;) {
        const char *semi = strchr(s, ';');
        size_t len = semi ? (size_t)(semi - s) : strlen(s);
        if (len)
            json_array_append_new(a, json_stringn(s, len));
        s += len + (semi != NULL);
    }
    return a;
}

static json_t *pricing_list_json(ks_ctx *ctx, const ks_pricing_list *l)
{
    json_t *items = json_array();
    for (size_t i = 0; i < l->n_items; i++) {
        const ks_pricing_list_item *it = &l->items[i];
        ks_product p;
        ks_err e;
        int known = ks_product_get(&p, ctx, it->product_code, &e) == 0;
        json_array_append_new(
            items,
            json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "ProductCode", it->product_code,
                      "ProductId", known ? json_integer(p.id) : json_null(), "ProductName",
                      ks_shape_str(known ? p.name : NULL), "Price",
                      it->has_price ? ks_shape_dec(it->price.amount) : json_null(), "Currency",
                      ks_shape_str(it->has_price ? it->price.currency : NULL), "Discount",
                      ks_shape_dec(it->discount)));
    }
    return json_pack("{s:s, s:s, s:o}", "Code", l->code, "Name", l->name ? l->name : l->code,
                     "Products", items);
}

static int partner_json(json_t **out, ks_ctx *ctx, const ks_partner *p, ks_err *err)
{
    int64_t available;
    if (ks_partner_available_credit(&available, ctx, p, err))
        return -1;
    json_t *lists = json_array();
    for (size_t i = 0; i < p->n_lists; i++)
        json_array_append_new(lists, pricing_list_json(ctx, &p->lists[i]));
    *out = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:o}", "PartnerCode",
                     p->code, "CompanyName", p->company, "Email", ks_shape_str(p->email),
                     "CommunicationLanguage", p->language, "Currency", p->currency, "Country",
                     p->country, "Active", p->active, "BusinessModel",
                     ks_partner_model_name(p->model), "CreditLimit",
                     money(p->credit_limit, p->currency), "AvailableCreditLimit",
                     money(available, p->currency), "PricingLists", lists);
    return 0;
}

static json_t *partner_order_json(ks_ctx *ctx, const ks_partner_order *po)
{
    const ks_order *o = &po->order;
    json_t *items = json_array();
    int64_t subs = 0;
    for (size_t i = 0; i < o->n_lines; i++) {
        const ks_order_line *l = &o->lines[i];
        subs += l->recurring;
        json_array_append_new(items, json_pack("{s:I, s:o, s:s, s:I, s:o, s:o}", "ProductId",
                                               (json_int_t)l->product_id, "ProductCode",
                                               ks_shape_str(l->code), "ProductName", l->name,
                                               "Quantity", (json_int_t)l->quantity,
                                               "PriceOptions", ks_shape_str(l->options), "Total",
                                               money(l->price.gross_discounted, o->currency)));
    }
    if (o->status == KS_ORDER_COMPLETE)
        subs = (int64_t)o->n_subs;
    json_t *lock = json_array();
    if (po->lock_reason)
        json_array_append_new(lock, json_string(po->lock_reason));
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:s, s:I, s:o, s:o, s:s, s:o}", "RefNo",
                     o->ref_no, "Status", po->status, "OrderLockReason", lock, "ProformaNumber",
                     ks_shape_str(po->proforma), "TotalAmount",
                     money(o->gross_discounted, o->currency), "Currency", o->currency,
                     "TotalSubbscriptionsNumber", (json_int_t)subs, "ExternalRefNo",
                     ks_shape_str(o->external_reference), "PartnerCode",
                     ks_shape_str(o->partner_code), "OrderDate", ks_ops_time(ctx, o->created),
                     "Items", items);
}

static int proforma_json(json_t **out, ks_ctx *ctx, const ks_proforma *p, ks_err *err)
{
    ks_time now;
    char total[32], created[11], due[11];
    if (ks_clock_now(&now, ctx, err))
        return -1;
    ks_money_format(total, p->total, p->currency);
    ks_time_format_date(created, p->created, ctx->vendor->tz_offset);
    ks_time_format_date(due, p->due, ctx->vendor->tz_offset);
    json_t *orders = json_array();
    for (size_t i = 0; i < p->n_orders; i++)
        json_array_append_new(orders, json_string(p->orders[i]));
    *out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "Number", p->number,
                     "CreateDate", created, "DueDate", due, "Status",
                     ks_proforma_status_name(p, now), "Currency", p->currency, "Total", total,
                     "PaymentMethod", ks_shape_str(p->payment_method), "Orders", orders,
                     "BusinessModel", ks_partner_model_name(p->model), "ProformaPDF",
                     ks_proforma_pdf_link(ctx, p, now));
    return 0;
}

/* --- partners ---------------------------------------------------------------------------- */

const ks_param op_setPartner_params[] = {ARG_STR("partnerCode", code, 64), KS_PARAMS_END};
const ks_field op_setPartner_result = {"Result", KS_T_BOOL};

int op_setPartner(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    cm_args a;
    if (bind_all(&a, ctx, op, args, err) || ks_partner_set(ctx, ctx->session_id, a.code, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_getPartnerByCode_params[] = {ARG_STR("partnerCode", code, 64), KS_PARAMS_END};
const ks_field op_getPartnerByCode_result = {"Partner", KS_T_OBJECT, .obj = &ks_schema_Partner};

int op_getPartnerByCode(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                        ks_err *err)
{
    cm_args a;
    ks_partner p;
    if (bind_all(&a, ctx, op, args, err) || ks_partner_get(&p, ctx, a.code, err))
        return -1;
    return partner_json(out, ctx, &p, err);
}

typedef struct {
    const char *text;
} search_in;

const ks_param op_searchPartners_params[] = {
    {{"SearchOptions", KS_T_OBJECT, .obj = &ks_schema_PartnerSearchOptions}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_searchPartners_result = {"Partners", KS_T_ARRAY, .obj = &ks_schema_Partner};

int op_searchPartners(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                      ks_err *err)
{
    json_t *norm = NULL;
    ks_partner *list;
    size_t n;
    (void)op;
    if (ks_ops_bind(&norm, NULL, ctx, op, args, 0, err))
        return -1;
    const char *text = json_string_value(json_object_get(norm, "Text"));
    int rc = ks_partner_list(&list, &n, ctx, text, err);
    json_decref(norm);
    if (rc)
        return -1;
    *out = json_array();
    for (size_t i = 0; i < n; i++) {
        ks_partner p;
        json_t *j;
        /* with their pricing lists, as getPartnerByCode shows them */
        if (ks_partner_get(&p, ctx, list[i].code, err) || partner_json(&j, ctx, &p, err))
            return -1;
        json_array_append_new(*out, j);
    }
    return 0;
}

const ks_param op_getPartnerPricingLists_params[] = {KS_PARAMS_END};
const ks_field op_getPartnerPricingLists_result = {"PricingLists", KS_T_ARRAY,
                                                   .obj = &ks_schema_PricingList};

int op_getPartnerPricingLists(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                              ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    (void)op;
    (void)args;
    if (ks_partner_current(&p, &ps, ctx, ctx->session_id, err))
        return -1;
    *out = json_array();
    for (size_t i = 0; i < p.n_lists; i++)
        json_array_append_new(*out, pricing_list_json(ctx, &p.lists[i]));
    return 0;
}

const ks_param op_getPricingListInformation_params[] = {
    ARG_STR("pricingListCode", list, 64), KS_PARAMS_END};
const ks_field op_getPricingListInformation_result = {"PricingList", KS_T_OBJECT,
                                                      .obj = &ks_schema_PricingList};

int op_getPricingListInformation(ks_ctx *ctx, const ks_op *op, json_t *const *args,
                                 json_t **out, ks_err *err)
{
    cm_args a;
    ks_partner p;
    ks_partner_session ps;
    if (bind_all(&a, ctx, op, args, err) || ks_partner_current(&p, &ps, ctx, ctx->session_id, err))
        return -1;
    for (size_t i = 0; i < p.n_lists; i++)
        if (a.list && strcmp(p.lists[i].code, a.list) == 0) {
            *out = pricing_list_json(ctx, &p.lists[i]);
            return 0;
        }
    return ks_err_setf(err, KS_E_PARTNER_PRICING_LISTS_NOT_FOUND,
                       "Pricing list '%.64s' is not one of partner %s's", a.list ? a.list : "",
                       p.code);
}

/* --- the partner cart -------------------------------------------------------------------- */

const ks_param op_addPartnerProduct_params[] = {
    {{"productId", KS_T_INT, KS_F_REQUIRED, .err = KS_E_PRODUCT_ERROR,
      KS_BIND(cm_args, product_id)},
     KS_SRC_BODY},
    {{"quantity", KS_T_INT, .err = KS_E_ORDER_ITEMS_QUANTITY_INVALID, KS_BIND(cm_args, quantity)},
     KS_SRC_BODY},
    {{"priceOptions", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 255,
      KS_BIND(cm_args, options), KS_BIND_COUNT(cm_args, n_options)},
     KS_SRC_BODY},
    ARG_STR("pricingListCode", list, 64),
    KS_PARAMS_END};
const ks_field op_addPartnerProduct_result = {"Result", KS_T_BOOL};

int op_addPartnerProduct(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                         ks_err *err)
{
    cm_args a;
    if (bind_all(&a, ctx, op, args, err) ||
        ks_partner_cart_add(ctx, ctx->session_id, a.product_id, a.quantity, a.options,
                            a.n_options, a.list, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_getCart_params[] = {KS_PARAMS_END};
const ks_field op_getCart_result = {"Cart", KS_T_OBJECT, .obj = &ks_schema_PartnerCart};

int op_getCart(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_priced_cart pc;
    ks_partner_session ps;
    (void)op;
    (void)args;
    if (ks_partner_cart_quote(&pc, &ps, ctx, ctx->session_id, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < pc.n_lines && i < ps.n_cart; i++) {
        const ks_priced_line *l = &pc.lines[i];
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:s, s:I, s:o, s:s, s:o, s:o, s:o, s:o}", "ProductId",
                      (json_int_t)(l->product ? l->product->id : 0), "ProductCode",
                      ps.cart[i].product_code, "ProductName", l->name, "Quantity",
                      (json_int_t)l->quantity, "PriceOptions", options_array(ps.cart[i].options),
                      "PricingListCode", ps.cart[i].list_code, "UnitPrice",
                      money(l->price.unit_gross_discounted, pc.currency), "Discount",
                      money(l->price.discount, pc.currency), "VAT",
                      money(l->price.vat, pc.currency), "Total",
                      money(l->price.gross_discounted, pc.currency)));
    }
    *out = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "Currency", pc.currency,
                     "ExternalReference", ks_shape_str(ps.external_ref), "Items", items,
                     "NetPrice", money(pc.net_discounted, pc.currency), "Discount",
                     money(pc.discount, pc.currency), "VAT", money(pc.vat, pc.currency),
                     "TotalAmount", money(pc.gross_discounted, pc.currency));
    return 0;
}

const ks_param op_clearCart_params[] = {KS_PARAMS_END};
const ks_field op_clearCart_result = {"Result", KS_T_BOOL};

int op_clearCart(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    (void)op;
    (void)args;
    if (ks_partner_cart_clear(ctx, ctx->session_id, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_setExternalRef_params[] = {ARG_STR("externalRef", ref, 0), KS_PARAMS_END};
const ks_field op_setExternalRef_result = {"Result", KS_T_BOOL};

int op_setExternalRef(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                      ks_err *err)
{
    cm_args a;
    if (bind_all(&a, ctx, op, args, err) ||
        ks_partner_set_external_ref(ctx, ctx->session_id, a.ref, err))
        return -1;
    *out = json_true();
    return 0;
}

/* --- partner orders ---------------------------------------------------------------------- */

const ks_param op_placePartnerOrder_params[] = {KS_PARAMS_END};
const ks_field op_placePartnerOrder_result = {"Order", KS_T_OBJECT,
                                              .obj = &ks_schema_PartnerOrder};

int op_placePartnerOrder(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                         ks_err *err)
{
    ks_partner_order po;
    (void)op;
    (void)args;
    if (ks_partner_order_place(&po, ctx, ctx->session_id, err))
        return -1;
    *out = partner_order_json(ctx, &po);
    return 0;
}

const ks_param op_getPartnerOrder_params[] = {ARG_STR("refNo", ref, 64), KS_PARAMS_END};
const ks_field op_getPartnerOrder_result = {"Order", KS_T_OBJECT,
                                            .obj = &ks_schema_PartnerOrder};

int op_getPartnerOrder(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                       ks_err *err)
{
    cm_args a;
    ks_partner_order po;
    if (bind_all(&a, ctx, op, args, err) ||
        ks_partner_order_get(&po, ctx, ctx->session_id, a.ref, err))
        return -1;
    *out = partner_order_json(ctx, &po);
    return 0;
}

const ks_param op_searchPartnerOrders_params[] = {ARG_STR("ExternalRefNo", ref, 100),
                                                  KS_PARAMS_END};
const ks_field op_searchPartnerOrders_result = {"Orders", KS_T_ARRAY,
                                                .obj = &ks_schema_PartnerOrder};

int op_searchPartnerOrders(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                           ks_err *err)
{
    cm_args a;
    ks_partner_order *list;
    size_t n;
    if (bind_all(&a, ctx, op, args, err) ||
        ks_partner_order_search(&list, &n, ctx, ctx->session_id, a.ref, err))
        return -1;
    *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(*out, partner_order_json(ctx, &list[i]));
    return 0;
}

/* --- proformas --------------------------------------------------------------------------- */

const ks_param op_createProforma_params[] = {
    {{"Sales", KS_T_ARRAY, KS_F_ONE_OR_MANY, .item = KS_T_STRING, .maxlen = 64,
      KS_BIND(cm_args, refs), KS_BIND_COUNT(cm_args, n_refs)},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_createProforma_result = {"Proforma", KS_T_OBJECT, .obj = &ks_schema_Proforma};

int op_createProforma(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                      ks_err *err)
{
    cm_args a;
    ks_proforma p;
    if (bind_all(&a, ctx, op, args, err) ||
        ks_proforma_create(&p, ctx, ctx->session_id, a.refs, a.n_refs, err))
        return -1;
    return proforma_json(out, ctx, &p, err);
}

const ks_param op_getProforma_params[] = {
    ARG_STR("proformaNumber", number, 64),
    /* the platform's own sample passes a third argument (True); the link is always given */
    {{"includePDF", KS_T_BOOL, KS_BIND(cm_args, flag),
      .doc = "accepted for the platform's samples; ProformaPDF is always set"},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_getProforma_result = {"Proforma", KS_T_OBJECT, .obj = &ks_schema_Proforma};

int op_getProforma(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                   ks_err *err)
{
    cm_args a;
    ks_proforma p;
    if (bind_all(&a, ctx, op, args, err) ||
        ks_proforma_get(&p, ctx, ctx->session_id, a.number, err))
        return -1;
    return proforma_json(out, ctx, &p, err);
}

const ks_param op_setProforma_params[] = {ARG_STR("proformaNumber", number, 64), KS_PARAMS_END};
const ks_field op_setProforma_result = {"Result", KS_T_BOOL};

int op_setProforma(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                   ks_err *err)
{
    cm_args a;
    if (bind_all(&a, ctx, op, args, err) || ks_proforma_set(ctx, ctx->session_id, a.number, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_setPaymentDetails_params[] = {
    {{"PaymentDetails", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_PaymentDetails},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_setPaymentDetails_result = {"Result", KS_T_BOOL};

int op_setPaymentDetails(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                         ks_err *err)
{
    ks_payment_in pay;
    memset(&pay, 0, sizeof pay);
    if (ks_ops_bind(NULL, &pay, ctx, op, args, 0, err) ||
        ks_proforma_payment_details(ctx, ctx->session_id, &pay, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_payProforma_params[] = {KS_PARAMS_END};
const ks_field op_payProforma_result = {"Result", KS_T_BOOL};

int op_payProforma(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                   ks_err *err)
{
    (void)op;
    (void)args;
    if (ks_proforma_pay(ctx, ctx->session_id, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_confirmInvoicePayment_params[] = {
    ARG_STR("partnerCode", code, 64), ARG_STR("proformaNumber", number, 64), KS_PARAMS_END};
const ks_field op_confirmInvoicePayment_result = {"Result", KS_T_BOOL};

int op_confirmInvoicePayment(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                             ks_err *err)
{
    cm_args a;
    if (bind_all(&a, ctx, op, args, err) ||
        ks_proforma_confirm_payment(ctx, a.code, a.number, err))
        return -1;
    *out = json_true();
    return 0;
}

/* --- sandbox control --------------------------------------------------------------------- */

const ks_param op_createPartner_params[] = {
    {{"Partner", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_PartnerInput}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_createPartner_result = {"Partner", KS_T_OBJECT, .obj = &ks_schema_Partner};

int op_createPartner(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                     ks_err *err)
{
    ks_partner_in in;
    ks_partner p;
    memset(&in, 0, sizeof in);
    memset(&p, 0, sizeof p);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_vendor_use(ctx, in.vendor, err))
        return -1;
    p.code = in.code;
    p.company = in.company;
    p.email = in.email;
    p.language = in.language;
    p.currency = in.currency;
    p.country = in.country;
    p.active = in.has_active ? in.active : 1;
    p.credit_limit_in = in.credit_limit;
    if (in.model)
        ks_partner_model_parse(&p.model, in.model);
    p.lists = ks_arena_alloc(ctx->arena, (in.n_lists + 1) * sizeof *p.lists);
    p.n_lists = in.n_lists;
    for (size_t i = 0; i < in.n_lists; i++) {
        ks_pricing_list *l = &p.lists[i];
        const ks_pricing_list_in *li = &in.lists[i];
        l->code = li->code;
        l->name = li->name;
        l->items = ks_arena_alloc(ctx->arena, (li->n_items + 1) * sizeof *l->items);
        l->n_items = li->n_items;
        for (size_t k = 0; k < li->n_items; k++) {
            const ks_pricing_item_in *x = &li->items[k];
            l->items[k].product_code = x->product_code;
            l->items[k].discount = x->discount;
            l->items[k].has_price = x->has_price;
            l->items[k].price.amount = x->price;
            l->items[k].price.currency = x->currency;
        }
    }
    if (ks_partner_create(ctx, &p, err) || ks_partner_get(&p, ctx, p.code, err))
        return -1;
    return partner_json(out, ctx, &p, err);
}

typedef struct {
    const char *vendor;
} vendor_query;

static const ks_field vendor_query_fields[] = {
    {"Vendor", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(vendor_query, vendor)},
    {.name = NULL}};
static const ks_schema vendor_query_schema = {"PartnerListQuery", sizeof(vendor_query),
                                              vendor_query_fields, NULL};

const ks_param op_listPartners_params[] = {
    {{"Query", KS_T_OBJECT, KS_F_REQUIRED, .obj = &vendor_query_schema}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_listPartners_result = {"Partners", KS_T_ARRAY, .obj = &ks_schema_Partner};

int op_listPartners(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                    ks_err *err)
{
    vendor_query q = {0};
    ks_partner *list;
    size_t n;
    if (ks_ops_bind(NULL, &q, ctx, op, args, 0, err) || ks_vendor_use(ctx, q.vendor, err) ||
        ks_partner_list(&list, &n, ctx, NULL, err))
        return -1;
    *out = json_array();
    for (size_t i = 0; i < n; i++) {
        ks_partner p;
        json_t *j;
        if (ks_partner_get(&p, ctx, list[i].code, err) || partner_json(&j, ctx, &p, err))
            return -1;
        json_array_append_new(*out, j);
    }
    return 0;
}
