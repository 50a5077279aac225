/* orders.c — placeOrder, getOrder, searchOrders, the refunds (REST and issueRefund),
 * getCustomerInformation and getSubscription: bind, call the domain, and shape the platform's
 * objects (the order as sent, plus what Kassa knows of it). */
#include <stdlib.h>
#include <string.h>

#include "../../domain/customer.h"
#include "../../domain/order.h"
#include "../../domain/subscription.h"
#include "../../domain/page.h"
#include "ops.h"
#include "shape.h"

/* --- shaping -------------------------------------------------------------------------------- */

static const char *date_of(ks_ctx *ctx, ks_time t)
{
    char *s = ks_arena_alloc(ctx->arena, 11);
    if (t >= KS_LIFETIME_EXPIRATION)
        memcpy(s, "9999-12-31", 11);
    else
        ks_time_format_date(s, t, ctx->vendor ? ctx->vendor->tz_offset : 0);
    return s;
}

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

static json_t *subscription_json(ks_ctx *ctx, const ks_subscription *s)
{
    json_t *codes = json_array();
    if (s->options) {
        const char *p = s->options;
        while (*p) {
            const char *e = strchr(p, ';');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            json_array_append_new(codes, json_stringn(p, n));
            p += n + (e != NULL);
        }
    }
    const ks_address *u = &s->end_user;
    json_t *person = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "FirstName",
        str_or_null(u->first_name), "LastName", str_or_null(u->last_name), "CountryCode",
        str_or_null(u->country_code), "State", str_or_null(u->state), "City", str_or_null(u->city),
        "Address1", str_or_null(u->address1), "Address2", str_or_null(u->address2), "Zip",
        str_or_null(u->zip), "Email", str_or_null(u->email), "Phone", str_or_null(u->phone),
        "Company", str_or_null(u->company));
    json_t *o = json_object();
    json_object_set_new(o, "SubscriptionReference", json_string(s->reference));
    json_object_set_new(o, "StartDate", json_string(date_of(ctx, s->start)));
    json_object_set_new(o, "ExpirationDate", json_string(date_of(ctx, s->expiration)));
    json_object_set_new(o, "RecurringEnabled", json_boolean(s->recurring_enabled));
    json_object_set_new(o, "SubscriptionEnabled", json_boolean(s->enabled));
    json_object_set_new(o, "Product",
                        json_pack("{s:o, s:I, s:s, s:I, s:o, s:o}", "ProductCode",
                                  str_or_null(s->product_code), "ProductId",
                                  (json_int_t)s->product_id, "ProductName", s->product_name,
                                  "ProductQuantity", (json_int_t)s->quantity, "ProductVersion",
                                  str_or_null(s->product_version), "PriceOptionCodes", codes));
    json_object_set_new(o, "EndUser",
                        json_pack("{s:o, s:o, s:o}", "Person", person, "Fax",
                                  str_or_null(u->fax), "Language", str_or_null(s->language)));
    json_object_set_new(o, "SKU", str_or_null(s->sku));
    json_object_set_new(o, "DeliveryInfo",
                        json_pack("{s:n, s:[]}", "Description", "Codes"));
    json_object_set_new(o, "ReceiveNotifications", json_true());
    json_object_set_new(o, "Lifetime", json_boolean(s->lifetime));
    json_object_set_new(o, "PartnerCode", json_null());
    json_object_set_new(o, "AvangateCustomerReference", json_integer(s->customer_reference));
    json_object_set_new(o, "ExternalCustomerReference", str_or_null(s->external_customer_ref));
    json_object_set_new(o, "TestSubscription", json_boolean(s->test));
    json_object_set_new(o, "IsTrial", json_boolean(s->trial));
    json_object_set_new(o, "MerchantCode", json_string(ctx->vendor->code));
    return o;
}

/* An array of Subscription objects. */
static json_t *subscriptions_json(ks_ctx *ctx, const ks_subscription *list, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, subscription_json(ctx, &list[i]));
    return a;
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
    int shipping = 0;
    for (size_t i = 0; i < o->n_lines; i++) {
        json_array_append_new(items, item_json(ctx, o, i, json_array_get(items_sent, i)));
        shipping |= o->lines[i].tangible;
    }
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
    SET("HasShipping", json_boolean(shipping));
    SET("BillingDetails", json_is_object(billing) ? json_incref(billing) : json_null());
    /* absent, the delivery details are the billing details */
    SET("DeliveryDetails", json_is_object(delivery)  ? json_incref(delivery)
                           : json_is_object(billing) ? json_incref(billing)
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
    SET("PartnerCode", json_null());
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

typedef struct {
    const char *ref;
} ref_in;

const ks_param op_placeOrder_params[] = {
    {{"Order", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Order}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_placeOrder_result = {"Order", KS_T_OBJECT, .obj = &ks_schema_OrderInformation};

int op_placeOrder(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    int rc = -1;
    ks_order_in in;
    ks_order o;
    json_t *norm = NULL;
    memset(&in, 0, sizeof in);
    if (ks_ops_bind(&norm, &in, ctx, op, args, 0, err) ||
        ks_ops_bind_price_options(&in.cart, ctx, json_object_get(norm, "Items"), err))
        goto done;
    /* the order as sent, for what Kassa echoes; the binder left the card number and CVV out */
    char *doc = json_dumps(norm, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    in.doc = ks_arena_strdup(ctx->arena, doc ? doc : "{}");
    free(doc);
    if (ks_order_place(&o, ctx, &in, err))
        goto done;
    *out = order_json(ctx, &o);
    rc = 0;
done:
    json_decref(norm);
    return rc;
}

#define REFNO_PARAM(src)                                                                           \
    {{"RefNo", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ref_in, ref)}, src}

const ks_param op_getOrder_params[] = {REFNO_PARAM(KS_SRC_PATH), KS_PARAMS_END};
const ks_field op_getOrder_result = {"Order", KS_T_OBJECT, .obj = &ks_schema_OrderInformation};

int op_getOrder(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    ref_in in = {0};
    ks_order o;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) || ks_order_get(&o, ctx, in.ref, err))
        return -1;
    *out = order_json(ctx, &o);
    return 0;
}

/* A search date: "YYYY-MM-DD" (the whole day) or "YYYY-MM-DD HH:MM:SS". */
static int search_date(ks_time *out, int *has, const char *s, int end, int tz, const char *name,
                       ks_err *err)
{
    if (!s || !*s)
        return 0;
    *has = 1;
    if (ks_time_parse(out, s, tz) == 0)
        return 0;
    if (ks_time_parse_date(out, s, tz) == 0) {
        if (end)
            *out += 86400 - 1;
        return 0;
    }
    return ks_err_setf(err, KS_E_INVALID_DATE, "%s must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS",
                       name);
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
    q.test = !in.include_test                        ? KS_TEST_ORDERS_YES
             : strcmp(in.include_test, "NO") == 0   ? KS_TEST_ORDERS_NO
             : strcmp(in.include_test, "ONLY") == 0 ? KS_TEST_ORDERS_ONLY
                                                    : KS_TEST_ORDERS_YES;
    q.page = ks_page_number(in.has_page, in.page);
    q.limit = ks_page_limit(in.has_limit, in.limit);
    if (search_date(&q.start, &q.has_start, in.start_date, 0, tz, "StartDate", err) ||
        search_date(&q.end, &q.has_end, in.end_date, 1, tz, "EndDate", err) ||
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
    ref_in ref = {0};
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
    ref_in ref = {0};
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

const ks_param op_getSubscription_params[] = {
    {{"SubscriptionReference", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ref_in, ref)},
     KS_SRC_PATH},
    KS_PARAMS_END};
const ks_field op_getSubscription_result = {"Subscription", KS_T_OBJECT,
                                            .obj = &ks_schema_Subscription};

int op_getSubscription(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                       ks_err *err)
{
    ref_in in = {0};
    ks_subscription s;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_subscription_get(&s, ctx, in.ref, err))
        return -1;
    *out = subscription_json(ctx, &s);
    return 0;
}

/* --- subscription lifecycle: enable / disable, automatic renewal on / off ------------------- */

#define SUBREF_PARAM                                                                               \
    {{"SubscriptionReference", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ref_in, ref)}, \
     KS_SRC_PATH}

static int set_flag(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                    ks_subscription_flag flag, int on, ks_err *err)
{
    ref_in in = {0};
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_subscription_set(ctx, in.ref, flag, on, err))
        return -1;
    *out = json_true();
    return 0;
}

const ks_param op_enableSubscription_params[] = {SUBREF_PARAM, KS_PARAMS_END};
const ks_field op_enableSubscription_result = {"Result", KS_T_BOOL};
int op_enableSubscription(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                          ks_err *err)
{
    return set_flag(ctx, op, args, out, KS_SUB_ENABLED, 1, err);
}

const ks_param op_cancelSubscription_params[] = {
    SUBREF_PARAM,
    {{"ChurnReasons", KS_T_ANY, .doc = "Accepted and ignored"}, KS_SRC_QUERY},
    {{"ChurnReasonOther", KS_T_ANY, .doc = "Accepted and ignored"}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_cancelSubscription_result = {"Result", KS_T_BOOL};
int op_cancelSubscription(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                          ks_err *err)
{
    return set_flag(ctx, op, args, out, KS_SUB_ENABLED, 0, err);
}

const ks_param op_enableRecurringBilling_params[] = {SUBREF_PARAM, KS_PARAMS_END};
const ks_field op_enableRecurringBilling_result = {"Result", KS_T_BOOL};
int op_enableRecurringBilling(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                              ks_err *err)
{
    return set_flag(ctx, op, args, out, KS_SUB_RECURRING, 1, err);
}

const ks_param op_disableRecurringBilling_params[] = {SUBREF_PARAM, KS_PARAMS_END};
const ks_field op_disableRecurringBilling_result = {"Result", KS_T_BOOL};
int op_disableRecurringBilling(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                               ks_err *err)
{
    return set_flag(ctx, op, args, out, KS_SUB_RECURRING, 0, err);
}

const ks_param op_getRenewalStatus_params[] = {SUBREF_PARAM, KS_PARAMS_END};
const ks_field op_getRenewalStatus_result = {"Result", KS_T_BOOL};
int op_getRenewalStatus(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                        ks_err *err)
{
    ref_in in = {0};
    ks_subscription s;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_subscription_get(&s, ctx, in.ref, err))
        return -1;
    *out = json_boolean(s.recurring_enabled);
    return 0;
}

const ks_param op_getSubscriptionHistory_params[] = {SUBREF_PARAM, KS_PARAMS_END};
const ks_field op_getSubscriptionHistory_result = {"History", KS_T_ARRAY,
                                                   .obj = &ks_schema_SubscriptionHistory};
int op_getSubscriptionHistory(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                              ks_err *err)
{
    ref_in in = {0};
    ks_order *list;
    size_t n;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_order_of_subscription(&list, &n, ctx, in.ref, err))
        return -1;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const ks_order *o = &list[i];
        json_t *errors = json_null();
        if (o->n_errors) {
            errors = json_object();
            for (size_t k = 0; k < o->n_errors; k++)
                json_object_set_new(errors, o->errors[k].code, json_string(o->errors[k].message));
        }
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "RefNo", o->ref_no, "Type",
                         ks_order_subscription_role(o), "PurchaseDate", ks_ops_time(ctx, o->created),
                         "Status", ks_order_status_name(o->status), "Currency", o->currency,
                         "NetPrice", ks_shape_money(o->net, o->currency), "GrossPrice",
                         ks_shape_money(o->gross, o->currency), "Errors", errors));
    }
    *out = a;
    return 0;
}

/* --- searchSubscriptions, getSubscriptions --------------------------------------------------- */

const ks_param op_searchSubscriptions_params[] = {
    {{"SearchOptions", KS_T_OBJECT, .obj = &ks_schema_SubscriptionSearchInput}, KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_searchSubscriptions_result = {"Result", KS_T_OBJECT,
                                                .obj = &ks_schema_SubscriptionSearchResult};

int op_searchSubscriptions(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                           ks_err *err)
{
    ks_subscription_search_in in;
    ks_subscription_query q;
    ks_subscription *list;
    size_t n;
    int64_t total;
    int tz = ctx->vendor->tz_offset;
    memset(&in, 0, sizeof in);
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    q.email = in.email;
    q.external_customer_ref = in.external_ref;
    q.customer_reference = in.has_customer_ref ? in.customer_ref : 0;
    q.has_enabled = in.has_enabled;
    q.enabled = in.enabled;
    q.has_recurring = in.has_recurring;
    q.recurring = in.recurring;
    q.has_lifetime = in.has_lifetime;
    q.lifetime = in.lifetime;
    q.has_test = in.has_test;
    q.test = in.test;
    q.product_codes = in.product_codes;
    q.n_product_codes = in.n_product_codes;
    q.countries = in.countries;
    q.n_countries = in.n_countries;
    const ks_page_in *pg = in.pagination;
    /* Page and Limit, flat or in a Pagination object (JSON-RPC) */
    q.page = in.has_page ? in.page : ks_page_number(pg && pg->has_page, pg ? pg->page : 0);
    q.limit = in.has_limit ? in.limit : ks_page_limit(pg && pg->has_limit, pg ? pg->limit : 0);
    if (search_date(&q.purchased_after, &q.has_purchased_after, in.purchased_after, 0, tz,
                    "PurchasedAfter", err) ||
        search_date(&q.purchased_before, &q.has_purchased_before, in.purchased_before, 1, tz,
                    "PurchasedBefore", err) ||
        search_date(&q.expire_after, &q.has_expire_after, in.expire_after, 0, tz, "ExpireAfter",
                    err) ||
        search_date(&q.expire_before, &q.has_expire_before, in.expire_before, 1, tz,
                    "ExpireBefore", err) ||
        ks_subscription_search(&list, &n, &total, ctx, &q, err))
        return -1;
    json_t *items = subscriptions_json(ctx, list, n);
    *out = ks_shape_page(items, q.page, q.limit, total);
    return 0;
}

typedef struct {
    const char **refs;
    size_t n_refs;
} refs_in;

const ks_param op_getSubscriptions_params[] = {
    {{"SubscriptionReferences", KS_T_ARRAY, KS_F_REQUIRED | KS_F_ONE_OR_MANY, .item = KS_T_STRING,
      .maxlen = 64, KS_BIND(refs_in, refs), KS_BIND_COUNT(refs_in, n_refs)},
     KS_SRC_BODY},
    {{"Aggregate", KS_T_ANY, .doc = "Accepted and ignored"}, KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_getSubscriptions_result = {"Subscriptions", KS_T_ARRAY,
                                             .obj = &ks_schema_Subscription};

int op_getSubscriptions(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                        ks_err *err)
{
    refs_in in = {0};
    ks_subscription_query q;
    ks_subscription *list;
    size_t n;
    int64_t total;
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err))
        return -1;
    q.references = in.refs;
    q.n_references = in.n_refs;
    q.page = 1;
    q.limit = 200;
    if (!in.n_refs) {
        *out = json_array();
        return 0;
    }
    if (ks_subscription_search(&list, &n, &total, ctx, &q, err))
        return -1;
    *out = subscriptions_json(ctx, list, n);
    return 0;
}

/* --- getCustomerSubscriptions --------------------------------------------------------------- */

typedef struct {
    int64_t reference;
    const char *external;
} customer_in;

const ks_param op_getCustomerSubscriptions_params[] = {
    {{"AvangateCustomerReference", KS_T_INT, KS_BIND(customer_in, reference)}, KS_SRC_PATH},
    {{"ExternalCustomerReference", KS_T_STRING, .maxlen = 255, KS_BIND(customer_in, external)},
     KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_getCustomerSubscriptions_result = {"Subscriptions", KS_T_ARRAY,
                                                     .obj = &ks_schema_Subscription};

int op_getCustomerSubscriptions(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                                ks_err *err)
{
    customer_in in = {0};
    ks_subscription_query q;
    ks_subscription *list;
    size_t n;
    int64_t total;
    memset(&q, 0, sizeof q);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err))
        return -1;
    if (!in.reference && !in.external)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING,
                           "AvangateCustomerReference or ExternalCustomerReference is required");
    q.customer_reference = in.reference;
    q.external_customer_ref = in.external;
    q.page = 1;
    q.limit = 200;
    if (ks_subscription_search(&list, &n, &total, ctx, &q, err))
        return -1;
    *out = subscriptions_json(ctx, list, n);
    return 0;
}

/* --- updateSubscription ------------------------------------------------------------------- */

const ks_param op_updateSubscription_params[] = {
    SUBREF_PARAM,
    {{"Subscription", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_SubscriptionUpdate},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_updateSubscription_result = {"Result", KS_T_BOOL};

int op_updateSubscription(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                          ks_err *err)
{
    ref_in ref = {0};
    ks_subscription_update_in in;
    ks_subscription_patch p;
    memset(&in, 0, sizeof in);
    memset(&p, 0, sizeof p);
    if (ks_ops_bind(NULL, &ref, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &in, ctx, op, args, 1, err))
        return -1;
    if (in.end_user) {
        p.end_user = in.end_user->person;
        p.fax = in.end_user->fax;
        p.language = in.end_user->language;
    }
    p.external_customer_ref = in.external_customer_ref;
    p.has_enabled = in.has_enabled;
    p.enabled = in.enabled;
    p.has_recurring = in.has_recurring;
    p.recurring = in.recurring;
    p.expiration = in.expiration;
    if (ks_subscription_update(ctx, ref.ref, &p, err))
        return -1;
    *out = json_true();
    return 0;
}

/* --- upgrades --------------------------------------------------------------------------------- */

const ks_param op_getProductUpgradeOptions_params[] = {SUBREF_PARAM, KS_PARAMS_END};
const ks_field op_getProductUpgradeOptions_result = {"UpgradeOptions", KS_T_ARRAY,
                                                     .obj = &ks_schema_UpgradeOption};

int op_getProductUpgradeOptions(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                                ks_err *err)
{
    ref_in in = {0};
    ks_upgrade_target *t;
    size_t n;
    ks_subscription s;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_subscription_get(&s, ctx, in.ref, err) ||
        ks_subscription_upgrade_targets(&t, &n, ctx, in.ref, err))
        return -1;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const ks_product *p = &t[i].product;
        json_t *groups = json_array();
        for (size_t k = 0; k < t[i].n_groups; k++) {
            const ks_option_group *g = &t[i].groups[k];
            json_t *opts = json_array();
            for (size_t j = 0; j < g->n_options; j++) {
                const ks_price_option *po = &g->options[j];
                json_array_append_new(opts, json_pack("{s:o, s:s}", "Name",
                                                      str_or_null(po->name), "Value", po->code));
            }
            json_array_append_new(
                groups, json_pack("{s:s, s:o, s:s, s:b, s:o}", "Code", g->code, "Name",
                                  str_or_null(g->name), "Type", g->type ? g->type : "RADIO",
                                  "Required", g->required, "Options", opts));
        }
        json_array_append_new(
            a, json_pack("{s:{s:s, s:I, s:s, s:o, s:o}, s:I, s:o}", "ProductInfo", "ProductCode",
                         p->code, "ProductId", (json_int_t)p->id, "ProductName", p->name,
                         "ProductVersion", str_or_null(p->version), "SKU", str_or_null(p->sku),
                         "Quantity", (json_int_t)s.quantity, "PriceOptions", groups));
    }
    *out = a;
    return 0;
}

typedef struct {
    const char *ref, *product, *currency, *options;
    ks_dec custom_price;
    int has_custom_price;
} upgrade_in;

const ks_param op_getProductUpgradeOptionsPrice_params[] = {
    {{"SubscriptionReference", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64,
      KS_BIND(upgrade_in, ref)},
     KS_SRC_PATH},
    {{"ProductCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = 255, KS_BIND(upgrade_in, product)},
     KS_SRC_PATH},
    {{"Currency", KS_T_STRING, .fmt = KS_FMT_CURRENCY, KS_BIND(upgrade_in, currency),
      .doc = "Empty: the currency of the last payment"},
     KS_SRC_PATH},
    {{"Options", KS_T_STRING, .maxlen = 2000, KS_BIND(upgrade_in, options),
      .doc = "';'-separated option codes, scale groups as CODE=value"},
     KS_SRC_QUERY},
    KS_PARAMS_END};
const ks_field op_getProductUpgradeOptionsPrice_result = {"UpgradePrice", KS_T_OBJECT,
                                                          .obj = &ks_schema_UpgradePrice};

int op_getProductUpgradeOptionsPrice(ks_ctx *ctx, const ks_op *op, json_t *const *args,
                                     json_t **out, ks_err *err)
{
    upgrade_in in;
    ks_upgrade_price p;
    memset(&in, 0, sizeof in);
    for (int i = 0; i < 4; i++)
        if (ks_ops_bind(NULL, &in, ctx, op, args, i, err))
            return -1;
    if (ks_subscription_upgrade_price(&p, ctx, in.ref, in.product, in.currency, in.options, err))
        return -1;
    *out = json_pack("{s:o, s:o, s:s, s:I, s:o, s:o, s:s}", "BillingPrice",
                     ks_shape_money(p.net, p.currency), "BillingGrossPrice",
                     ks_shape_money(p.gross, p.currency), "BillingCurrency", p.currency,
                     "Quantity", (json_int_t)p.quantity, "DisplayPrice",
                     ks_shape_money(p.net, p.currency), "DisplayGrossPrice",
                     ks_shape_money(p.gross, p.currency), "DisplayCurrency", p.currency);
    return 0;
}

const ks_param op_setSubscriptionUpgrade_params[] = {
    {{"subscriptionReference", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64,
      KS_BIND(upgrade_in, ref)},
     KS_SRC_PATH},
    {{"productCode", KS_T_STRING, KS_F_REQUIRED, .maxlen = 255, KS_BIND(upgrade_in, product)},
     KS_SRC_BODY},
    {{"options", KS_T_STRING, .maxlen = 2000, KS_BIND(upgrade_in, options)}, KS_SRC_BODY},
    {{"customPrice", KS_T_DECIMAL, .err = KS_E_SUBSCRIPTION_UPGRADE_PRICE_INVALID,
      KS_BIND(upgrade_in, custom_price), KS_BIND_PRESENT(upgrade_in, has_custom_price)},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_setSubscriptionUpgrade_result = {"Result", KS_T_BOOL};

static int do_upgrade(ks_ctx *ctx, const upgrade_in *in, json_t **out, ks_err *err)
{
    const char *ref_no;
    /* an empty options string is "no options" */
    if (ks_subscription_upgrade(&ref_no, ctx, in->ref, in->product,
                                in->options && *in->options ? in->options : NULL,
                                in->has_custom_price, in->custom_price, err))
        return -1;
    *out = json_true();
    return 0;
}

int op_setSubscriptionUpgrade(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                              ks_err *err)
{
    upgrade_in in;
    memset(&in, 0, sizeof in);
    for (int i = 0; i < 4; i++)
        if (ks_ops_bind(NULL, &in, ctx, op, args, i, err))
            return -1;
    return do_upgrade(ctx, &in, out, err);
}

const ks_param op_upgradeSubscription_params[] = {
    {{"SubscriptionReference", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64,
      KS_BIND(upgrade_in, ref)},
     KS_SRC_PATH},
    {{"Upgrade", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_SubscriptionUpgrade},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_upgradeSubscription_result = {"Result", KS_T_BOOL};

int op_upgradeSubscription(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                           ks_err *err)
{
    upgrade_in in;
    ks_subscription_upgrade_in body;
    memset(&in, 0, sizeof in);
    memset(&body, 0, sizeof body);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_ops_bind(NULL, &body, ctx, op, args, 1, err))
        return -1;
    in.product = body.product;
    in.options = body.options;
    in.custom_price = body.custom_price;
    in.has_custom_price = body.has_custom_price;
    return do_upgrade(ctx, &in, out, err);
}
