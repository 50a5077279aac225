/* subscriptions.c — the subscriptions' operations: getSubscription, the lifecycle (enable,
 * cancel, automatic renewal on / off), renewal status and history, searchSubscriptions,
 * getSubscriptions, getCustomerSubscriptions, updateSubscription and the upgrades: bind, call the
 * domain, and shape the platform's Subscription object. */
#include <stdlib.h>
#include <string.h>

#include "../../domain/order.h"
#include "../../domain/page.h"
#include "../../domain/renewal.h"
#include "../../domain/subscription.h"
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
    json_t *person =
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "FirstName",
                  ks_shape_nonempty(u->first_name), "LastName", ks_shape_nonempty(u->last_name),
                  "CountryCode", ks_shape_nonempty(u->country_code), "State",
                  ks_shape_nonempty(u->state), "City", ks_shape_nonempty(u->city), "Address1",
                  ks_shape_nonempty(u->address1), "Address2", ks_shape_nonempty(u->address2), "Zip",
                  ks_shape_nonempty(u->zip), "Email", ks_shape_nonempty(u->email), "Phone",
                  ks_shape_nonempty(u->phone), "Company", ks_shape_nonempty(u->company));
    json_t *o = json_object();
    json_object_set_new(o, "SubscriptionReference", json_string(s->reference));
    json_object_set_new(o, "StartDate", json_string(date_of(ctx, s->start)));
    json_object_set_new(o, "ExpirationDate", json_string(date_of(ctx, s->expiration)));
    json_object_set_new(o, "RecurringEnabled", json_boolean(s->recurring_enabled));
    json_object_set_new(o, "SubscriptionEnabled", json_boolean(s->enabled));
    json_object_set_new(o, "Product",
                        json_pack("{s:o, s:I, s:s, s:I, s:o, s:o}", "ProductCode",
                                  ks_shape_nonempty(s->product_code), "ProductId",
                                  (json_int_t)s->product_id, "ProductName", s->product_name,
                                  "ProductQuantity", (json_int_t)s->quantity, "ProductVersion",
                                  ks_shape_nonempty(s->product_version), "PriceOptionCodes",
                                  codes));
    json_object_set_new(o, "EndUser",
                        json_pack("{s:o, s:o, s:o}", "Person", person, "Fax",
                                  ks_shape_nonempty(u->fax), "Language",
                                  ks_shape_nonempty(s->language)));
    json_object_set_new(o, "SKU", ks_shape_nonempty(s->sku));
    json_object_set_new(o, "DeliveryInfo",
                        json_pack("{s:n, s:[]}", "Description", "Codes"));
    json_object_set_new(o, "ReceiveNotifications", json_true());
    json_object_set_new(o, "Lifetime", json_boolean(s->lifetime));
    json_object_set_new(o, "PartnerCode", ks_shape_nonempty(s->partner_code));
    json_object_set_new(o, "AvangateCustomerReference", json_integer(s->customer_reference));
    json_object_set_new(o, "ExternalCustomerReference",
                        ks_shape_nonempty(s->external_customer_ref));
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

/* --- getSubscription ----------------------------------------------------------------------- */

const ks_param op_getSubscription_params[] = {
    {{"SubscriptionReference", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_ref_in, ref)},
     KS_SRC_PATH},
    KS_PARAMS_END};
const ks_field op_getSubscription_result = {"Subscription", KS_T_OBJECT,
                                            .obj = &ks_schema_Subscription};

int op_getSubscription(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                       ks_err *err)
{
    ks_ref_in in = {0};
    ks_subscription s;
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_subscription_get(&s, ctx, in.ref, err))
        return -1;
    *out = subscription_json(ctx, &s);
    return 0;
}

/* --- addSubscription ------------------------------------------------------------------------ */

const ks_param op_addSubscription_params[] = {
    {{"Subscription", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_SubscriptionImport},
     KS_SRC_BODY},
    KS_PARAMS_END};
const ks_field op_addSubscription_result = {"SubscriptionReference", KS_T_STRING};

int op_addSubscription(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                       ks_err *err)
{
    ks_subscription_import in;
    const char *ref;
    memset(&in, 0, sizeof in);
    if (ks_ops_bind(NULL, &in, ctx, op, args, 0, err) ||
        ks_order_import_subscription(&ref, ctx, &in, err))
        return -1;
    *out = json_string(ref);
    return 0;
}

/* --- subscription lifecycle: enable / disable, automatic renewal on / off ------------------- */

#define SUBREF_PARAM                                                                               \
    {{"SubscriptionReference", KS_T_STRING, KS_F_REQUIRED, .maxlen = 64, KS_BIND(ks_ref_in, ref)}, \
     KS_SRC_PATH}

static int set_flag(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out,
                    ks_subscription_flag flag, int on, ks_err *err)
{
    ks_ref_in in = {0};
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
    ks_ref_in in = {0};
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
    ks_ref_in in = {0};
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
                         ks_order_subscription_role(o), "PurchaseDate",
                         ks_ops_time(ctx, o->created), "Status", ks_order_status_name(o->status),
                         "Currency", o->currency, "NetPrice", ks_shape_money(o->net, o->currency),
                         "GrossPrice", ks_shape_money(o->gross, o->currency), "Errors", errors));
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
    q.page = ks_page_number(in.page.has_page ? &in.page : pg);
    q.limit = ks_page_limit(in.page.has_limit ? &in.page : pg);
    if (ks_search_date(&q.purchased_after, &q.has_purchased_after, in.purchased_after, 0, tz,
                           "PurchasedAfter", err) ||
        ks_search_date(&q.purchased_before, &q.has_purchased_before, in.purchased_before, 1, tz,
                           "PurchasedBefore", err) ||
        ks_search_date(&q.expire_after, &q.has_expire_after, in.expire_after, 0, tz,
                           "ExpireAfter", err) ||
        ks_search_date(&q.expire_before, &q.has_expire_before, in.expire_before, 1, tz,
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
    ks_ref_in ref = {0};
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
    ks_ref_in in = {0};
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
                json_array_append_new(opts,
                                      json_pack("{s:o, s:s}", "Name", ks_shape_nonempty(po->name),
                                                "Value", po->code));
            }
            json_array_append_new(
                groups, json_pack("{s:s, s:o, s:s, s:b, s:o}", "Code", g->code, "Name",
                                  ks_shape_nonempty(g->name), "Type", g->type ? g->type : "RADIO",
                                  "Required", g->required, "Options", opts));
        }
        json_array_append_new(a, json_pack("{s:{s:s, s:I, s:s, s:o, s:o}, s:I, s:o}", "ProductInfo",
                                           "ProductCode", p->code, "ProductId", (json_int_t)p->id,
                                           "ProductName", p->name, "ProductVersion",
                                           ks_shape_nonempty(p->version), "SKU",
                                           ks_shape_nonempty(p->sku), "Quantity",
                                           (json_int_t)s.quantity, "PriceOptions", groups));
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
