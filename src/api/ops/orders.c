/* orders.c — placeOrder, getOrder, searchOrders, the refunds (REST and issueRefund) and
 * getCustomerInformation: bind, call the domain, and shape the platform's objects (the order as
 * sent, plus what Kassa knows of it). The subscriptions' operations are in subscriptions.c. */
#include <stdlib.h>
#include <string.h>

#include "../../domain/customer.h"
#include "../../domain/order.h"
#include "../../domain/page.h"
#include "ops.h"
#include "shape.h"

/* --- shaping -------------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* The base of links to Kassa's own pages: the configured public URL, else the address the
 * client reached us at. */
static const char *pages_base(ks_ctx *ctx)
{
    if (ctx->cfg && ctx->cfg->public_url)
        return ctx->cfg->public_url;
    return ctx->origin ? ctx->origin : "http://127.0.0.1:8080";
}

/* PaymentDetails of an order: what was sent, without the card, plus what may be shown of it. */
static json_t *payment_json(ks_ctx *ctx, const ks_order *o, json_t *sent)
{
    json_t *pd = json_is_object(sent) ? json_deep_copy(sent) : json_object();
    json_t *sent_pm = json_object_get(pd, "PaymentMethod");
    json_t *pm = json_is_object(sent_pm) ? json_incref(sent_pm) : json_object();
    json_object_set_new(pd, "Type", json_string(o->payment_type));
    json_object_set_new(pd, "Currency", json_string(o->currency));
    if (!json_object_get(pd, "CustomerIP"))
        json_object_set_new(pd, "CustomerIP", str_or_null(o->customer_ip));
    if (strcmp(o->payment_type, "FREE") == 0) {
        json_decref(pm);
        json_object_set_new(pd, "PaymentMethod", json_null());
        return pd;
    }
    if (o->card_last4) {
        /* shape: the platform shows a card by its first and last digits only */
        json_object_set_new(pm, "FirstDigits", json_stringn(o->card_first6, 4));
        json_object_set_new(pm, "LastDigits", json_string(o->card_last4));
        json_object_set_new(pm, "CardType", json_string(o->card_type));
    }
    if (o->card_exp_month) {
        json_object_set_new(pm, "ExpirationMonth",
                            json_string(ks_arena_printf(ctx->arena, "%02d", o->card_exp_month)));
        json_object_set_new(pm, "ExpirationYear",
                            json_string(ks_arena_printf(ctx->arena, "%d", o->card_exp_year)));
    }
    json_object_set_new(pm, "RecurringEnabled", json_boolean(o->recurring_enabled));
    if (strcmp(o->payment_type, "PAYPAL") != 0)
        json_object_set_new(pm, "InstallmentsNumber", json_integer(o->installments));
    if (o->auth_token && o->auth_kind && strcmp(o->auth_kind, "3DS") == 0)
        json_object_set_new(
            pm, "Authorize3DS",
            json_pack("{s:s, s:{s:s}}", "Href",
                      ks_arena_printf(ctx->arena, "%s/3ds/authorize", pages_base(ctx)), "Params",
                      "avng8apitoken", o->auth_token));
    else if (o->auth_token)
        json_object_set_new(pm, "RedirectURL",
                            json_string(ks_arena_printf(ctx->arena, "%s/paypal/approve?token=%s",
                                                        pages_base(ctx), o->auth_token)));
    json_object_set_new(pd, "PaymentMethod", pm);
    return pd;
}

static json_t *item_json(ks_ctx *ctx, const ks_order *o, size_t i, json_t *sent)
{
    const ks_order_line *l = &o->lines[i];
    json_t *it = json_is_object(sent) ? json_deep_copy(sent) : json_object();
    json_t *subs = json_array();
    for (size_t k = 0; k < o->n_subs; k++) {
        const ks_subscription *s = &o->subs[k];
        if (s->line != (int64_t)i)
            continue;
        json_array_append_new(
            subs, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:n, s:n}", "SubscriptionReference",
                            s->reference, "PurchaseDate", ks_ops_time(ctx, s->created),
                            "SubscriptionStartDate", ks_ops_time(ctx, s->start), "ExpirationDate",
                            s->lifetime ? "9999-12-31 23:59:59" : ks_ops_time(ctx, s->expiration),
                            "Lifetime", s->lifetime, "Trial", s->trial, "LicenseCode",
                            "PartnerCode"));
    }
    json_t *details = json_pack(
        "{s:s, s:o, s:b, s:b, s:n, s:b, s:o, s:{s:s, s:n, s:s, s:s, s:[]}}", "Name", l->name,
        "ShortDescription", str_or_null(l->short_description), "Tangible", l->tangible,
        "IsDynamic", l->is_dynamic, "ExtraInfo", "RenewalStatus", 0, "Subscriptions", subs,
        "DeliveryInformation", "Delivery", "NO_DELIVERY", "DownloadFile", "DeliveryDescription",
        "", "CodesDescription", "", "Codes");
    json_t *typed = json_pack(
        "{s:o, s:I, s:o, s:s, s:b, s:b, s:s, s:o, s:o, s:o}", "Code", str_or_null(l->code),
        "Quantity", (json_int_t)l->quantity, "SKU", str_or_null(l->sku), "PurchaseType",
        l->purchase_type, "IsDynamic", l->is_dynamic, "Tangible", l->tangible,
        "LineItemReference", l->line_ref, "ProductDetails", details, "Price",
        ks_shape_line_price(&l->price, o->currency), "Promotion", str_or_null(l->promotion));
    json_object_update(it, typed);
    json_decref(typed);
    /* the seed's item fields that were not sent are there, null, as the platform answers them */
    json_t *unsent = json_pack("{s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n}",
                               "ProductExternalReference", "CrossSell", "Trial",
                               "AdditionalFields", "RecurringOptions", "SubscriptionStartDate",
                               "ExternalReference", "PriceOptions", "ProductTaxCategoryUUID",
                               "PriceType");
    json_object_update_missing(it, unsent);
    json_decref(unsent);
    return it;
}

/* The order as the platform returns it. */
static json_t *order_json(ks_ctx *ctx, const ks_order *o)
{
    json_t *doc = ks_shape_doc(o->doc);
    json_t *items_sent = json_object_get(doc, "Items");
    json_t *billing = json_object_get(doc, "BillingDetails");
    json_t *delivery = json_object_get(doc, "DeliveryDetails");
    json_t *items = json_array(), *promos = json_array(), *refunds = json_array();
    json_t *history = json_array(), *errors = json_null();
    const char *cur = o->currency;
    for (size_t i = 0; i < o->n_lines; i++)
        json_array_append_new(items, item_json(ctx, o, i, json_array_get(items_sent, i)));
    for (size_t i = 0; i < o->n_promotions; i++)
        json_array_append_new(promos, json_string(o->promotions[i]));
    for (size_t i = 0; i < o->n_refunds; i++)
        json_array_append_new(refunds, json_pack("{s:o, s:s, s:o, s:o, s:s}", "Amount",
                                                 ks_shape_money(o->refunds[i].amount, cur),
                                                 "Currency", cur, "Reason",
                                                 str_or_null(o->refunds[i].reason), "Comment",
                                                 str_or_null(o->refunds[i].comment), "Date",
                                                 ks_ops_time(ctx, o->refunds[i].at)));
    for (size_t i = 0; i < o->n_history; i++)
        json_array_append_new(history,
                              json_pack("{s:s, s:s, s:s}", "Status",
                                        ks_order_status_name(o->history[i].status),
                                        "ApproveStatus",
                                        ks_approve_status_name(o->history[i].approve), "Date",
                                        ks_ops_time(ctx, o->history[i].at)));
    if (o->n_errors) {
        /* shape: for a refused payment the platform maps each error code to its message */
        json_decref(errors);
        errors = json_object();
        for (size_t i = 0; i < o->n_errors; i++)
            json_object_set_new(errors, o->errors[i].code, json_string(o->errors[i].message));
    }
    json_t *out = json_object();
#define SET(k, v) json_object_set_new(out, k, v)
    SET("RefNo", json_string(o->ref_no));
    SET("OrderNo", json_integer(o->order_no));
    SET("ExternalReference", str_or_null(o->external_reference));
    SET("ShopperRefNo", json_null());
    SET("Status", json_string(ks_order_status_name(o->status)));
    SET("ApproveStatus", json_string(ks_approve_status_name(o->approve)));
    SET("VendorApproveStatus", json_string("OK"));
    SET("MerchantCode", json_string(ctx->vendor->code));
    SET("Language", str_or_null(o->language));
    SET("OrderDate", json_string(ks_ops_time(ctx, o->created)));
    SET("FinishDate", o->finished ? json_string(ks_ops_time(ctx, o->finished)) : json_null());
    SET("Source", str_or_null(o->source));
    SET("WSOrder", str_or_null(o->ws_order));
    SET("Affiliate", json_null());
    SET("HasShipping", json_boolean(ks_order_has_shipping(o)));
    SET("BillingDetails", json_is_object(billing)
                              ? ks_shape_with_nulls(billing, &ks_schema_Address)
                              : json_null());
    /* absent, the delivery details are the billing details */
    SET("DeliveryDetails", json_is_object(delivery)  ? ks_shape_with_nulls(delivery, &ks_schema_Address)
                           : json_is_object(billing) ? ks_shape_with_nulls(billing, &ks_schema_Address)
                                                     : json_null());
    SET("PaymentDetails", payment_json(ctx, o, json_object_get(doc, "PaymentDetails")));
    SET("DeliveryInformation", json_incref(json_object_get(doc, "DeliveryInformation")
                                               ? json_object_get(doc, "DeliveryInformation")
                                               : json_null()));
    SET("CustomerDetails", json_null());
    SET("Origin", json_string("API"));
    SET("AvangateCommission", json_integer(0));
    SET("OrderFlow", json_string("REGULAR"));
    SET("GiftDetails", json_null());
    SET("PODetails", json_null());
    SET("ExtraInformation", json_null());
    SET("PartnerCode", str_or_null(o->partner_code));
    SET("PartnerMargin", json_null());
    SET("PartnerMarginPercent", json_null());
    SET("ExtraMargin", json_null());
    SET("ExtraMarginPercent", json_null());
    SET("ExtraDiscount", json_null());
    SET("ExtraDiscountPercent", json_null());
    SET("LocalTime", str_or_null(o->local_time));
    SET("TestOrder", json_boolean(o->test));
    SET("FxRate", json_integer(1));
    SET("FxMarkup", json_integer(0));
    SET("PayoutCurrency", json_string(cur));
    SET("DeliveryFinalized", json_false());
    SET("Errors", errors);
    SET("Items", items);
    SET("Promotions", promos);
    SET("AdditionalFields", json_incref(json_object_get(doc, "AdditionalFields")
                                            ? json_object_get(doc, "AdditionalFields")
                                            : json_null()));
    SET("Currency", json_string(cur));
    SET("NetPrice", ks_shape_money(o->net, cur));
    SET("GrossPrice", ks_shape_money(o->gross, cur));
    SET("NetDiscountedPrice", ks_shape_money(o->net_discounted, cur));
    SET("GrossDiscountedPrice", ks_shape_money(o->gross_discounted, cur));
    SET("Discount", ks_shape_money(o->discount, cur));
    SET("VAT", ks_shape_money(o->vat, cur));
    SET("AffiliateCommission", json_integer(0));
    SET("CustomParameters", json_incref(json_object_get(doc, "CustomParameters")
                                            ? json_object_get(doc, "CustomParameters")
                                            : json_null()));
    SET("Refunds", refunds);
    SET("ChargebackResolution", json_string("NONE"));
    SET("ChargebackReasonCode", json_null());
    SET("CustomerReference", str_or_null(o->customer.external_ref));
    SET("ExternalCustomerReference", str_or_null(o->customer.external_ref));
    SET("AvangateCustomerReference", json_integer(o->customer.reference));
    SET("MachineId", json_incref(json_object_get(doc, "MachineId")
                                     ? json_object_get(doc, "MachineId")
                                     : json_null()));
    SET("CustomerIP", str_or_null(o->customer_ip));
    SET("FraudScore", json_integer(o->fraud_score));
    SET("StatusHistory", history);
#undef SET
    json_decref(doc);
    return out;
}

/* --- placeOrder, getOrder, searchOrders ----------------------------------------------------- */

const ks_param op_placeOrder_params[] = {
    {{"Order", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Order}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_placeOrder_result = {"Order", KS_T_OBJECT, .obj = &ks_schema_OrderInformation};

static int place(ks_order *out, ks_ctx *ctx, const ks_order_in *in, void *arg, ks_err *err)
{
    (void)arg;
    return ks_order_place(out, ctx, in, err);
}

int op_placeOrder(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    return ks_ops_place_order(out, ctx, op, args, place, NULL, err);
}

int ks_ops_place_order(json_t **out, ks_ctx *ctx, const ks_op *op, json_t *const *args,
                       ks_ops_place_fn place_fn, void *arg, ks_err *err)
{
    int rc = -1;
    ks_order_in in;
    ks_order o;
    json_t *norm = NULL;
    memset(&in, 0, sizeof in);
    if (ks_ops_bind(&norm, &in, ctx, op, args, 0, err) ||
        ks_ops_bind_price_options(&in.cart, ctx, json_object_get(norm, "Items"), err))
        goto done;
    if (in.ref_no && *in.ref_no) {
        /* a payment retried: the order as first sent stands, with the new PaymentDetails */
        ks_order cur;
        if (ks_order_get(&cur, ctx, in.ref_no, err))
            goto done;
        json_t *doc = ks_shape_doc(cur.doc);
        json_object_set(doc, "PaymentDetails", json_object_get(norm, "PaymentDetails"));
        json_decref(norm);
        norm = doc;
    }
    /* the order as sent, for what Kassa echoes; the binder left the card number and CVV out */
    in.doc = ks_shape_json_text(ctx, norm);
    if (place_fn(&o, ctx, &in, arg, err))
        goto done;
    *out = order_json(ctx, &o);
    rc = 0;
done:
    json_decref(norm);
    return rc;
}

#define REFNO_PARAM(src)                                                                           \
    {{"RefNo", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_ref_in, ref)}, src}

const ks_param op_getOrder_params[] = {REFNO_PARAM(KS_SRC_PATH), KS_PARAMS_END};
const ks_field op_getOrder_result = {"Order", KS_T_OBJECT, .obj = &ks_schema_OrderInformation};

int op_getOrder(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_ref_in in = {0};
    ks_order o;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_order_get(&o, ctx, in.ref, err))
        return -1;
    *out = order_json(ctx, &o);
    return 0;
}

const ks_param op_searchOrders_params[] = {
    {{"SearchOptions", KS_T_OBJECT, .obj = &ks_schema_OrderSearchInput}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_searchOrders_result = {"Result", KS_T_OBJECT,
                                         .obj = &ks_schema_OrderSearchResult};

int op_searchOrders(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_order_search_in in;
    ks_order_query q;
    ks_order *list;
    size_t n;
    int64_t total;
    int tz = ctx->vendor->tz_offset;
    memset(&in, 0, sizeof in);
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    /* the schema admitted only the names of the enumerations */
    q.has_status = in.status && ks_order_status_parse(&q.status, in.status) == 0;
    q.has_approve = in.approve_status && ks_approve_status_parse(&q.approve, in.approve_status) == 0;
    q.external_ref = in.external_ref;
    q.test = ks_test_filter_parse(in.include_test);
    q.page = ks_page_number(&in.page);
    q.limit = ks_page_limit(&in.page);
    if (ks_search_date(&q.start, &q.has_start, in.start_date, 0, tz, "StartDate", err) ||
        ks_search_date(&q.end, &q.has_end, in.end_date, 1, tz, "EndDate", err) ||
        ks_order_search(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, order_json(ctx, &list[i]));
    *out = ks_shape_page(items, q.page, q.limit, total);
    return 0;
}

/* --- refunds -------------------------------------------------------------------------------- */

const ks_param op_refundOrder_params[] = {
    REFNO_PARAM(KS_SRC_PATH),
    {{"Refund", KS_T_OBJECT, .obj = &ks_schema_RefundInput}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_refundOrder_result = {"Result", KS_T_BOOL};

int op_refundOrder(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_ref_in ref = {0};
    ks_refund_in in;
    memset(&in, 0, sizeof in);
    if (ks_ops_bind(NULL, &ref, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err) ||
        ks_order_refund(ctx, ref.ref, in.has_amount, in.amount, in.reason, in.comment, err))
        return -1;
    *out = json_true();
    return 0;
}

/* issueRefund(sessionID, RefNo, Amount, Items, Comment, Reason), as the platform's samples
 * call it. */
typedef struct {
    ks_dec amount;
    int has_amount;
    const char *text;
} refund_arg_in;

const ks_param op_issueRefund_params[] = {
    REFNO_PARAM(KS_SRC_BODY),
    {{"Amount", KS_T_DECIMAL, KS_BIND(refund_arg_in, amount),
      KS_BIND_PRESENT(refund_arg_in, has_amount)},
     KS_SRC_BODY},
    {{"Items", KS_T_ANY, .doc = "Line items (accepted; the amount decides)"}, KS_SRC_BODY},
    {{"Comment", KS_T_STRING, .maxlen = 1024, KS_BIND(refund_arg_in, text)}, KS_SRC_BODY},
    {{"Reason", KS_T_STRING, .maxlen = 255, KS_BIND(refund_arg_in, text)}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_issueRefund_result = {"Result", KS_T_BOOL};

int op_issueRefund(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ks_ref_in ref = {0};
    refund_arg_in amount = {0}, comment = {0}, reason = {0};
    if (ks_ops_bind(NULL, &ref, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &amount, ctx, op, args, 1, err) ||
        ks_ops_bind(NULL, NULL, ctx, op, args, 2, err) ||
        ks_ops_bind(NULL, &comment, ctx, op, args, 3, err) ||
        ks_ops_bind(NULL, &reason, ctx, op, args, 4, err) ||
        ks_order_refund(ctx, ref.ref, amount.has_amount, amount.amount, reason.text, comment.text,
                        err))
        return -1;
    *out = json_true();
    return 0;
}

/* --- customers and subscriptions ------------------------------------------------------------ */

typedef struct {
    int64_t reference;
    const char *external;
} customer_ref_in;

const ks_param op_getCustomerInformation_params[] = {
    {{"AvangateCustomerReference", KS_T_INT, KS_BIND(customer_ref_in, reference)}, KS_SRC_PATH},
    {{"ExternalCustomerReference", KS_T_STRING, .maxlen = 255,
      KS_BIND(customer_ref_in, external),
      .doc = "Optional: it must belong to the same customer (REST: ?ExternalCustomerReference=)"},
     KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_getCustomerInformation_result = {"Customer", KS_T_OBJECT,
                                                   .obj = &ks_schema_Customer};

int op_getCustomerInformation(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                              ks_err *err)
{
    customer_ref_in in = {0};
    ks_customer c;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err) ||
        ks_customer_get(&c, ctx, in.reference, in.external, err))
        return -1;
    const ks_address *a = &c.address;
    json_t *o = json_object();
#define SET(k, v) json_object_set_new(o, k, v)
    SET("AvangateCustomerReference", json_integer(c.reference));
    SET("ExternalCustomerReference", str_or_null(c.external_ref));
    SET("FirstName", str_or_null(a->first_name));
    SET("LastName", str_or_null(a->last_name));
    SET("Company", str_or_null(a->company));
    SET("FiscalCode", str_or_null(a->fiscal_code));
    SET("Address1", str_or_null(a->address1));
    SET("Address2", str_or_null(a->address2));
    SET("City", str_or_null(a->city));
    SET("State", str_or_null(a->state));
    SET("Zip", str_or_null(a->zip));
    SET("CountryCode", str_or_null(a->country_code));
    SET("Phone", str_or_null(a->phone));
    SET("Fax", str_or_null(a->fax));
    SET("Email", str_or_null(a->email));
    SET("ExistingCards", json_array());
    SET("Enabled", json_boolean(c.enabled));
    SET("Trial", json_false());
    SET("Language", str_or_null(c.language));
#undef SET
    *out = o;
    return 0;
}

const ks_param op_createCustomer_params[] = {
    {{"Customer", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Customer}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_createCustomer_result = {"AvangateCustomerReference", KS_T_INT};

int op_createCustomer(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                      ks_err *err)
{
    ks_customer c;
    int64_t reference;
    memset(&c, 0, sizeof c);
    if (ks_ops_bind(NULL, &c, ctx, op, args, 0, err) ||
        ks_customer_create(&reference, ctx, &c, err))
        return -1;
    *out = json_integer(reference);
    return 0;
}

typedef struct {
    int push;
} push_in;

const ks_param op_updateCustomerInformation_params[] = {
    {{"Customer", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Customer}, KS_SRC_BODY},
    {{"UpdateEndUserSubscriptions", KS_T_BOOL, KS_BIND(push_in, push),
      .doc = "true: the customer's details become the end user of its subscriptions"},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_updateCustomerInformation_result = {"Result", KS_T_BOOL};

int op_updateCustomerInformation(ks_ctx *ctx, const ks_op *op, json_t *const *args,
                                 json_t **out, ks_err *err)
{
    ks_customer c;
    push_in p = {0};
    memset(&c, 0, sizeof c);
    if (ks_ops_bind(NULL, &c, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &p, ctx, op, args, 1, err) || ks_customer_update(ctx, &c, p.push, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_updateCustomer_params[] = {
    {{"AvangateCustomerReference", KS_T_INT, KS_BIND(ks_customer, reference)}, KS_SRC_PATH},
    {{"Customer", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Customer}, KS_SRC_BODY},
    {{"UpdateEndUserSubscriptions", KS_T_BOOL, KS_BIND(push_in, push)}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_updateCustomer_result = {"Result", KS_T_BOOL};

int op_updateCustomer(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                      ks_err *err)
{
    ks_customer c, path;
    push_in p = {0};
    memset(&c, 0, sizeof c);
    memset(&path, 0, sizeof path);
    if (ks_ops_bind(NULL, &path, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &c, ctx, op, args, 1, err) ||
        ks_ops_bind(NULL, &p, ctx, op, args, 2, err))
        return -1;
    c.reference = path.reference; /* the path names the customer */
    if (ks_customer_update(ctx, &c, p.push, err))
        return -1;
    *out = json_true();
    return 0;
}
