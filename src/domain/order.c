/* order.c — the rules of placeOrder (catalog and dynamic items, billing and delivery details,
 * currencies, local time and fraud score), the status machine and its history, the birth of
 * subscriptions when an order completes, search, refunds, and the 3-D Secure / PayPal step.
 * Prices come from the pricing engine only; payments from the test processor only. */
#include "order.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/crypto.h"
#include "store.h"
#include "address.h"
#include "clock.h"
#include "page.h"

/* --- statuses ---------------------------------------------------------------------------- */

const char *const ks_order_status_names[] = {"PENDING",  "AUTHRECEIVED", "COMPLETE", "REVERSED",
                                             "REFUND",   "CANCELED",     NULL};
const char *const ks_approve_status_names[] = {"WAITING", "OK", "FRAUD", "INVALIDDATA", NULL};
const char *const ks_test_filter_names[] = {"YES", "NO", "ONLY", NULL};
const char *const ks_purchase_type_names[] = {"PRODUCT", "TAX", "SHIPPING", "COUPON", NULL};

int ks_order_has_shipping(const ks_order *o)
{
    /* API: Order — HasShipping: the order has a tangible item */
    for (size_t i = 0; i < o->n_lines; i++)
        if (o->lines[i].tangible)
            return 1;
    return 0;
}

ks_test_filter ks_test_filter_parse(const char *s)
{
    /* API: searchOrders — IncludeTestOrders "YES" (the default: test orders included), "NO"
     * or "ONLY" */
    int i = ks_name_find(ks_test_filter_names, s, 0);
    return i < 0 ? KS_TEST_ORDERS_YES : (ks_test_filter)i;
}

const char *ks_order_status_name(ks_order_status s)
{
    return ks_name_of(ks_order_status_names, (int)s, "?");
}

int ks_order_status_parse(ks_order_status *out, const char *name)
{
    int i = ks_name_find(ks_order_status_names, name, 1);
    if (i < 0)
        return -1;
    *out = (ks_order_status)i;
    return 0;
}

const char *ks_approve_status_name(ks_approve_status s)
{
    return ks_name_of(ks_approve_status_names, (int)s, "?");
}

int ks_approve_status_parse(ks_approve_status *out, const char *name)
{
    int i = ks_name_find(ks_approve_status_names, name, 1);
    if (i < 0)
        return -1;
    *out = (ks_approve_status)i;
    return 0;
}

int ks_order_status_can(ks_order_status from, ks_order_status to)
{
    /* API: order flow — "PENDING (amount not yet blocked) -> AUTHRECEIVED (amount blocked) ->
     * COMPLETE -> (REFUND, only after COMPLETE); exits REVERSED (authorization reversed as
     * potential fraud) and CANCELED" */
    switch (from) {
    case KS_ORDER_PENDING: return to == KS_ORDER_AUTHRECEIVED || to == KS_ORDER_CANCELED;
    case KS_ORDER_AUTHRECEIVED:
        return to == KS_ORDER_COMPLETE || to == KS_ORDER_REVERSED || to == KS_ORDER_CANCELED;
    case KS_ORDER_COMPLETE: return to == KS_ORDER_REFUND;
    default: return 0;
    }
}

/* Appends a step to o's history, in the arena; the move must be one of the machine's. This is
 * the one path of every status change: it also arms what the store calls when it writes the
 * order (ctx->cfg->order_written: the IPN of each step), with the vendor it acts for. */
static void move(ks_order *o, ks_ctx *ctx, ks_order_status to, ks_approve_status approve,
                 ks_time at)
{
    ks_arena *a = ctx->arena;
    o->written = ctx->cfg ? ctx->cfg->order_written : NULL;
    o->vendor = ctx->vendor;
    ks_order_event *h = ks_arena_alloc(a, (o->n_history + 1) * sizeof *h);
    if (o->n_history) {
        /* a programming error, not an API one: every caller moves along the machine */
        assert(ks_order_status_can(o->status, to));
        memcpy(h, o->history, o->n_history * sizeof *h);
    }
    h[o->n_history++] = (ks_order_event){to, approve, at};
    o->history = h;
    o->status = to;
    o->approve = approve;
}

static void add_error(ks_order *o, ks_arena *a, ks_errcode code, const char *msg)
{
    ks_order_error *e = ks_arena_alloc(a, (o->n_errors + 1) * sizeof *e);
    if (o->n_errors)
        memcpy(e, o->errors, o->n_errors * sizeof *e);
    e[o->n_errors++] = (ks_order_error){ks_err_name(code), msg ? msg : ks_err_default_msg(code)};
    o->errors = e;
}

/* --- small helpers ----------------------------------------------------------------------- */

static int has(const char *s)
{
    return s && *s;
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *random_digits(ks_arena *a, size_t n)
{
    char *s = ks_arena_alloc(a, n + 1);
    ks_random_chars(s, 1, "123456789");
    ks_random_chars(s + 1, n - 1, "0123456789");
    return s;
}

static int64_t digits_value(const char *s)
{
    int64_t v = 0;
    for (; *s; s++)
        v = v * 10 + (*s - '0');
    return v;
}

static ks_time add_period(ks_time t, int64_t n, const char *unit)
{
    return ks_subscription_period_add(t, n, unit);
}

/* "DAY", "days", "D", "MONTH", ... -> "D", "M", "Y"; NULL when unknown. */
static const char *cycle_unit(const char *s)
{
    static const struct {
        const char *name, *unit;
    } units[] = {{"D", "D"},     {"DAY", "D"},  {"DAYS", "D"},   {"M", "M"},
                 {"MONTH", "M"}, {"MONTHS", "M"}, {"Y", "Y"},    {"YEAR", "Y"},
                 {"YEARS", "Y"}, {"WEEK", "W"}, {"WEEKS", "W"}};
    for (size_t i = 0; s && i < sizeof units / sizeof units[0]; i++)
        if (strcasecmp(s, units[i].name) == 0)
            return units[i].unit;
    return NULL;
}

/* --- the rules of an order ----------------------------------------------------------------- */

static int check_order_fields(const ks_order_in *in, ks_err *err)
{
    /* API: placeOrder — ExternalReference "Maximum 100 characters." */
    if (in->external_reference && utf8_len(in->external_reference) > 100)
        return ks_err_set(err, KS_E_ORDER_EXTERNAL_REFERENCE_INVALID);
    /* API: placeOrder — Source "Maximum length 255 characters." */
    if (in->source && utf8_len(in->source) > 255)
        return ks_err_set(err, KS_E_ORDER_SOURCE_INVALID);
    return 0;
}

/* The order currency: API: placeOrder — "The order currency must match the payment currency
 * otherwise, an error is thrown." Absent on the order, it is the payment's. */
static int resolve_currency(ks_order_in *in, ks_err *err)
{
    const ks_payment_in *p = in->payment;
    if (p && (p->type || p->method) && !p->currency)
        /* API: placeOrder — PaymentDetails.Currency "Required" */
        return ks_err_set(err, KS_E_PAYMENT_CURRENCY_INVALID);
    if (p && p->currency) {
        if (in->cart.currency && strcmp(in->cart.currency, p->currency) != 0)
            return ks_err_setf(err, KS_E_ORDER_CURRENCY_MISMATCH,
                               "The order currency (%s) must match the payment currency (%s)",
                               in->cart.currency, p->currency);
        in->cart.currency = p->currency;
    }
    return 0;
}

static int check_dynamic_item(const ks_cart_item *it, size_t i, ks_model model, ks_err *err)
{
    const struct ks_item_recurring *r = it->recurring;
    /* API: dynamic products — "Quantity | Required (Integer)" (its range: the pricing engine) */
    if (!it->has_quantity)
        return ks_err_setf(err, KS_E_ORDER_ITEMS_QUANTITY_INVALID,
                           "Items[%zu].Quantity is required for a dynamic product", i);
    /* API: dynamic products — "Tangible | Required (Boolean)" */
    if (!it->has_tangible)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_TANGIBLE_INVALID,
                           "Items[%zu].Tangible is required for a dynamic product", i);
    /* API: dynamic products — "PurchaseType | Required ... PRODUCT, TAX, SHIPPING, and COUPON" */
    if (ks_name_find(ks_purchase_type_names, it->purchase_type, 0) < 0)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_PURCHASE_TYPE_INVALID,
                           "Items[%zu].PurchaseType must be one of PRODUCT, TAX, SHIPPING, COUPON",
                           i);
    /* API: dynamic products — "For MoR business model, the purchase type can only be PRODUCT
     * and COUPON." */
    if (model == KS_MODEL_MOR && strcmp(it->purchase_type, "PRODUCT") != 0 &&
        strcmp(it->purchase_type, "COUPON") != 0)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_PURCHASE_TYPE_INVALID,
                           "Items[%zu].PurchaseType: a merchant-of-record vendor sells PRODUCT and "
                           "COUPON items only",
                           i);
    /* API: dynamic products — "Price | Required (Object)"; "Type ... Send CUSTOM for dynamic
     * pricing." */
    if (!it->price)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_PRICE_STRUCTURE_INVALID,
                           "Items[%zu].Price is required for a dynamic product", i);
    if (it->price->type && strcasecmp(it->price->type, "CUSTOM") != 0)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_PRICE_TYPE_INVALID,
                           "Items[%zu].Price.Type must be CUSTOM for a dynamic product", i);
    /* API: dynamic products — "Recurring options can be set only for purchase type PRODUCT and
     * TAX." */
    if (r && strcmp(it->purchase_type, "PRODUCT") != 0 && strcmp(it->purchase_type, "TAX") != 0)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_RECURRING_OPTIONS_INVALID,
                           "Items[%zu].RecurringOptions: only PRODUCT and TAX items recur", i);
    if (r && ((r->has_cycle_length && r->cycle_length < 1) ||
              (r->cycle_unit && !cycle_unit(r->cycle_unit)) ||
              (r->has_cycle_amount && r->cycle_amount < 0) ||
              (r->has_contract_length && r->contract_length < 0) ||
              (r->contract_unit && !cycle_unit(r->contract_unit))))
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_RECURRING_OPTIONS_INVALID,
                           "Items[%zu].RecurringOptions: CycleLength at least 1, CycleUnit and "
                           "ContractUnit DAY, WEEK, MONTH or YEAR, amounts not negative",
                           i);
    /* API: dynamic products — ProductTaxCategoryUUID "Must be passed as NULL on PSP business
     * model." (a category of the vendor otherwise: the pricing engine resolves it) */
    const char *tax = it->tax_category ? it->tax_category
                                       : it->price ? it->price->tax_category : NULL;
    if (model == KS_MODEL_PSP && has(tax))
        return ks_err_setf(err, KS_E_TAX_CATEGORY_INVALID,
                           "Items[%zu].ProductTaxCategoryUUID must be null for a PSP vendor", i);
    /* API: dynamic products — Trial {Period "length of the trial subscription lifetime in days",
     * Price}: a trial of a recurring item */
    if (it->trial && (!it->trial->has_period || it->trial->period < 1 || !r))
        return ks_err_setf(err, KS_E_INVALID_PRODUCT,
                           "Items[%zu].Trial needs a Period of at least 1 day and RecurringOptions",
                           i);
    return 0;
}

/* Items: what the pricing engine does not check. Dynamic items lose their Code. */
static int check_items(ks_order_in *in, ks_ctx *ctx, ks_err *err)
{
    for (size_t i = 0; i < in->cart.n_items; i++) {
        ks_cart_item *it = &in->cart.items[i];
        if (it->is_dynamic) {
            /* API: dynamic products — Code "Should be sent as NULL. Any other value is
             * ignored." */
            it->code = NULL;
            if (check_dynamic_item(it, i, ctx->vendor->model, err))
                return -1;
        } else if (!has(it->code) && (it->name || it->price || it->has_is_dynamic)) {
            /* API: dynamic products — "The isDynamic parameter of the Items object must be
             * true." */
            return ks_err_setf(err, KS_E_ORDER_PRODUCT_IS_DYNAMIC_INVALID,
                               "Items[%zu].IsDynamic must be true for a product with dynamic "
                               "information (Name, Price) and no Code",
                               i);
        } else if (it->purchase_type) {
            if (ks_name_find(ks_purchase_type_names, it->purchase_type, 0) < 0)
                return ks_err_setf(err, KS_E_ORDER_PRODUCT_PURCHASE_TYPE_INVALID,
                                   "Items[%zu].PurchaseType must be one of PRODUCT, TAX, "
                                   "SHIPPING, COUPON",
                                   i);
        }
    }
    return 0;
}

/* API: dynamic products — SubscriptionStartDate "Format 2016-07-02 22:22:22 (YYYY-MM-DD
 * HH:mm:ss) ... Send empty or NULL to activate subscriptions on the same date when customers
 * purchase them. You can exclude HH:mm:ss ... In this case, 2Checkout uses 00:00:01. Default
 * time zone GMT+02:00." — the vendor's API time zone, GMT+02:00 unless it was changed. */
static int start_date(int *has_start, ks_time *start, const char *s, int tz, size_t i, ks_err *err)
{
    *has_start = 0;
    if (!has(s))
        return 0;
    if (ks_time_parse(start, s, tz) == 0) {
        *has_start = 1;
        return 0;
    }
    if (ks_time_parse_date(start, s, tz) == 0) {
        *start += 1;
        *has_start = 1;
        return 0;
    }
    return ks_err_setf(err, KS_E_ORDER_PRODUCT_SUBSCRIPTION_START_DATE_INVALID,
                       "Items[%zu].SubscriptionStartDate must be YYYY-MM-DD HH:mm:ss or "
                       "YYYY-MM-DD",
                       i);
}

static int check_state(const ks_address *a, ks_errcode code, const char *what, ks_err *err)
{
    /* API: placeOrder — State "Mandatory when you set the Billing Country to US, Canada,
     * Brazil, Turkey, India and Romania. Use case insensitive utf8 strings for the full name,
     * or just the two-letter code." */
    if (!ks_state_required(a->country_code))
        return 0;
    if (!has(a->state))
        return ks_err_setf(err, code, "%s.State is required for country %s", what,
                           a->country_code);
    if (!ks_state_code(a->country_code, a->state))
        return ks_err_setf(err, code, "%s.State is not a state of %s: give its name or code",
                           what, a->country_code);
    return 0;
}

static int check_billing(const ks_address *b, ks_err *err)
{
    static const struct {
        const char *name;
        size_t off;
    } required[] = {
        {"FirstName", offsetof(ks_address, first_name)},
        {"LastName", offsetof(ks_address, last_name)},
        {"CountryCode", offsetof(ks_address, country_code)},
        {"City", offsetof(ks_address, city)},
        {"Address1", offsetof(ks_address, address1)},
        {"Zip", offsetof(ks_address, zip)},
        {"Email", offsetof(ks_address, email)},
    };
    /* API: placeOrder — "BillingDetails | Required (Object)"; FirstName, LastName, CountryCode,
     * City, Address1, Zip, Email "Required" */
    if (!b)
        return ks_err_setf(err, KS_E_ORDER_BILLING_DETAILS_REQUIRED, "BillingDetails is required");
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        const char *v = *(const char *const *)((const char *)b + required[i].off);
        if (!has(v))
            return ks_err_setf(err, KS_E_ORDER_BILLING_DETAILS_REQUIRED,
                               "BillingDetails.%s is required", required[i].name);
    }
    if (check_state(b, KS_E_ORDER_BILLING_STATE_INVALID, "BillingDetails", err))
        return -1;
    int brazil = strcmp(b->country_code, "BR") == 0;
    if (brazil) {
        /* API: placeOrder — Phone "Mandatory when you set Brazil as the Billing Country." */
        if (!has(b->phone))
            return ks_err_set(err, KS_E_ORDER_BILLING_PHONE_REQUIRED);
        /* API: placeOrder — FiscalCode "Mandatory when you set Brazil as the Billing Country.
         * For Brazilian customers, it represents the Fiscal Code (CPF/CNPJ)." */
        if (!has(b->fiscal_code))
            return ks_err_setf(err, KS_E_ORDER_BILLING_FISCAL_CODE_REQUIRED,
                               "BillingDetails.FiscalCode (CPF or CNPJ) is required in Brazil");
        if (!ks_br_fiscal_code_valid(b->fiscal_code))
            return ks_err_set(err, KS_E_ORDER_BILLING_FISCAL_CODE_INVALID);
        return 0;
    }
    /* API: placeOrder — Company "When present, you also need to provide the FiscalCode." (and
     * FiscalCode "Mandatory when you set India as the Billing Country and purchase is made by a
     * Company") */
    if (has(b->company) && !has(b->fiscal_code))
        return ks_err_setf(err, KS_E_ORDER_BILLING_FISCAL_CODE_REQUIRED,
                           "BillingDetails.FiscalCode (the VAT ID) is required for a company");
    if (has(b->fiscal_code)) {
        /* API: placeOrder — FiscalCode "For companies, it needs to be the VAT ID. ... When
         * present, you also need to provide the Company name." */
        if (!has(b->company))
            return ks_err_set(err, KS_E_ORDER_BILLING_COMPANY_REQUIRED);
        /* API: placeOrder — "2Checkout will validate the value provided and throw an error if
         * the VAT ID is invalid/incorrect" */
        if (!ks_vat_id_valid(b->country_code, b->fiscal_code))
            return ks_err_setf(err, KS_E_ORDER_BILLING_VAT_ID_INVALID,
                               "BillingDetails.FiscalCode is not a valid VAT ID for %s",
                               b->country_code);
    }
    return 0;
}

/* DeliveryDetails: absent, the billing details stand for it. */
static int check_delivery(ks_order_in *in, ks_err *err)
{
    const ks_address *d = in->delivery;
    if (!d) {
        in->delivery = in->cart.billing;
        return 0;
    }
    /* API: placeOrder — DeliveryDetails FirstName, LastName "Required" */
    if (!has(d->first_name) || !has(d->last_name))
        return ks_err_set(err, KS_E_ORDER_DELIVERY_DETAILS_REQUIRED);
    /* API: placeOrder — DeliveryDetails.Phone "Mandatory when you set Brazil as the Billing
     * Country." */
    if (in->cart.billing && in->cart.billing->country_code &&
        strcmp(in->cart.billing->country_code, "BR") == 0 && !has(d->phone))
        return ks_err_set(err, KS_E_ORDER_DELIVERY_PHONE_REQUIRED);
    return check_state(d, KS_E_ORDER_DELIVERY_STATE_INVALID, "DeliveryDetails", err);
}

/* --- building the order ---------------------------------------------------------------------- */

/* API: placeOrder — LocalTime "Local shopper time in the following format: Y-m-d H:i:s. This
 * parameter can impact the fraud score of an order when it's missing, NULL or incorrectly
 * formatted." The score is Kassa's (docs/payments.md): 0-100, FRAUD from 80. */
#define FRAUD_LOCAL_TIME 30
#define FRAUD_THRESHOLD 80

static int fraud_score(const ks_order_in *in, const ks_charge *c)
{
    ks_time t;
    int score = c->fraud_points;
    if (!has(in->local_time) || ks_time_parse(&t, in->local_time, 0))
        score += FRAUD_LOCAL_TIME;
    return score > 100 ? 100 : score;
}

/* The subscription terms of a line: a catalog product with a billing cycle (or a lifetime
 * licence), or a dynamic item with RecurringOptions. */
static void line_terms(ks_order_line *l, const ks_priced_line *pl, const ks_cart_item *it)
{
    if (it->is_dynamic) {
        const struct ks_item_recurring *r = it->recurring;
        if (!r)
            return;
        l->recurring = 1;
        l->cycle_length = r->has_cycle_length ? r->cycle_length : 1;
        l->cycle_unit = r->cycle_unit ? cycle_unit(r->cycle_unit) : "M";
        if (strcmp(l->cycle_unit, "W") == 0) {
            l->cycle_length *= 7;
            l->cycle_unit = "D";
        }
        /* a cycle longer than three years is the platform's lifetime subscription: it never
         * expires and is not renewed */
        l->lifetime = ks_cycle_beyond_three_years(l->cycle_length, l->cycle_unit);
        if (r->has_contract_length && r->contract_length > 0) {
            l->contract_length = r->contract_length;
            l->contract_unit = r->contract_unit ? cycle_unit(r->contract_unit) : l->cycle_unit;
            if (strcmp(l->contract_unit, "W") == 0) {
                l->contract_length *= 7;
                l->contract_unit = "D";
            }
        }
        if (it->trial) {
            l->trial = 1;
            l->trial_days = it->trial->period;
        }
        return;
    }
    const ks_product *p = pl->product;
    const ks_subscription_info *s = p->subscription;
    if (!p->generates_subscription || !s)
        return;
    l->recurring = 1;
    l->lifetime = s->lifetime;
    l->cycle_length = s->billing_cycle;
    l->cycle_unit = s->billing_cycle_units;
    if (s->contract && !s->contract->is_unlimited && s->contract->period > 0) {
        l->contract_length = s->contract->period;
        l->contract_unit = s->contract->units;
    }
    if (it->trial) {
        l->trial = 1;
        l->trial_days = s->trial_period;
    }
}

static int build_lines(ks_order *o, ks_ctx *ctx, const ks_order_in *in, const ks_priced_cart *pc,
                       ks_err *err)
{
    o->lines = ks_arena_alloc(ctx->arena, (pc->n_lines + 1) * sizeof *o->lines);
    o->n_lines = pc->n_lines;
    for (size_t i = 0; i < pc->n_lines; i++) {
        const ks_priced_line *pl = &pc->lines[i];
        const ks_cart_item *it = &in->cart.items[i];
        ks_order_line *l = &o->lines[i];
        char ref[41];
        ks_random_hex(ref, 20);
        l->line_ref = ks_arena_strdup(ctx->arena, ref);
        l->code = pl->is_dynamic ? NULL : pl->product->code;
        l->product_id = pl->is_dynamic ? 0 : pl->product->id;
        l->name = pl->name;
        l->product_version = pl->is_dynamic ? NULL : pl->product->version;
        l->sku = pl->is_dynamic ? NULL : pl->product->sku;
        l->quantity = pl->quantity;
        l->is_dynamic = pl->is_dynamic;
        l->tangible = pl->tangible;
        l->purchase_type = it->purchase_type ? it->purchase_type : "PRODUCT";
        l->price_type = pl->price_type;
        l->promotion = pl->promotion;
        l->campaign = pl->campaign;
        l->options = ks_option_codes_join(ctx->arena, it->options, it->n_options);
        l->price = pl->price;
        if (start_date(&l->has_start, &l->start, it->subscription_start, ctx->vendor->tz_offset,
                       i, err))
            return -1;
        line_terms(l, pl, it);
        /* API: dynamic products — CycleAmount "The amount to be billed on each renewal" */
        if (it->is_dynamic && it->recurring && it->recurring->has_cycle_amount &&
            ks_money_to_minor(&l->renewal_price, it->recurring->cycle_amount, o->currency))
            return ks_err_setf(err, KS_E_ORDER_PRODUCT_RECURRING_OPTIONS_INVALID,
                               "Items[%zu].RecurringOptions.CycleAmount has more decimals than "
                               "%s allows",
                               i, o->currency);
    }
    return 0;
}

/* The renewal jobs of o's subscriptions, enqueued in the commit that stores them. */
static void plan_renewals(ks_order *o, ks_ctx *ctx)
{
    ks_job_list *jobs = ks_arena_alloc(ctx->arena, sizeof *jobs);
    memset(jobs, 0, sizeof *jobs);
    for (size_t i = 0; i < o->n_subs; i++)
        ks_subscription_plan_renewal(jobs, ctx->arena, o->vendor_id, &o->subs[i]);
    o->jobs = jobs;
}

/* The references of o's subscriptions, drawn once per attempt to store them, and their renewal
 * jobs, keyed by those references. */
static void subscription_references(ks_order *o, ks_ctx *ctx)
{
    for (size_t i = 0; i < o->n_subs; i++) {
        char *ref = ks_arena_alloc(ctx->arena, KS_SUBSCRIPTION_REF_LEN + 1);
        ks_random_chars(ref, KS_SUBSCRIPTION_REF_LEN, "0123456789ABCDEF");
        o->subs[i].reference = ref;
        o->subs[i].ref_no = o->ref_no;
    }
    if (o->n_subs)
        plan_renewals(o, ctx);
}

/* API: subscriptions — each recurring item of a COMPLETE order creates a subscription: product,
 * quantity, price options, the end user from the billing details, start and expiration from
 * the cycle (or the trial), automatic renewal as PaymentDetails.PaymentMethod.RecurringEnabled
 * says, test and trial flags, the customer, and the tokenised payment method. */
static void make_subscriptions(ks_order *o, ks_ctx *ctx, ks_time now)
{
    size_t n = 0;
    for (size_t i = 0; i < o->n_lines; i++)
        n += o->lines[i].recurring;
    o->subs = ks_arena_alloc(ctx->arena, (n + 1) * sizeof *o->subs);
    o->n_subs = 0;
    for (size_t i = 0; i < o->n_lines; i++) {
        const ks_order_line *l = &o->lines[i];
        if (!l->recurring)
            continue;
        ks_subscription *s = &o->subs[o->n_subs++];
        s->line = (int64_t)i;
        s->ref_no = o->ref_no;
        s->product_code = l->code;
        s->product_id = l->product_id;
        s->product_name = l->name;
        s->product_version = l->product_version;
        s->sku = l->sku;
        s->quantity = l->quantity;
        s->options = l->options;
        s->end_user = o->billing;
        s->language = o->language;
        /* API: dynamic products — "Send empty or NULL to activate subscriptions on the same
         * date when customers purchase them." */
        s->start = l->has_start ? l->start : now;
        s->lifetime = l->lifetime;
        s->trial = l->trial;
        if (l->lifetime)
            s->expiration = KS_LIFETIME_EXPIRATION;
        else if (l->trial)
            s->expiration = add_period(s->start, l->trial_days, "D");
        else
            s->expiration = add_period(s->start, l->cycle_length, l->cycle_unit);
        /* a lifetime licence is never renewed */
        s->recurring_enabled = o->recurring_enabled && !l->lifetime;
        s->enabled = 1;
        s->test = o->test;
        s->cycle_length = l->cycle_length;
        s->cycle_unit = l->cycle_unit;
        s->contract_length = l->contract_length;
        s->contract_unit = l->contract_unit;
        s->currency = o->currency;
        s->renewal_price = l->renewal_price;
        s->customer_reference = o->customer.reference;
        s->external_customer_ref = o->customer.external_ref;
        s->payment_token = o->payment_token;
        s->card_type = o->card_type;
        s->card_last4 = o->card_last4;
        s->card_exp_month = o->card_exp_month;
        s->card_exp_year = o->card_exp_year;
        /* API: Subscription object — PartnerCode: the partner whose order created it */
        s->partner_code = o->partner_code;
        s->created = now;
    }
}

/* The move an authorized order makes: AUTHRECEIVED, then COMPLETE with its subscriptions, or
 * REVERSED when its fraud score is too high. */
static void authorized(ks_order *o, ks_ctx *ctx, ks_time now)
{
    move(o, ctx, KS_ORDER_AUTHRECEIVED, KS_APPROVE_WAITING, now);
    if (o->fraud_score >= FRAUD_THRESHOLD) {
        move(o, ctx, KS_ORDER_REVERSED, KS_APPROVE_FRAUD, now);
        return;
    }
    move(o, ctx, KS_ORDER_COMPLETE, KS_APPROVE_OK, now);
    o->finished = now;
    make_subscriptions(o, ctx, now);
}

static void keep_payment(ks_order *o, ks_ctx *ctx, const ks_charge *c)
{
    o->payment_type = c->type_name;
    o->test = c->test;
    if (c->card_type) {
        o->card_type = c->card_type;
        o->card_first6 = ks_arena_strdup(ctx->arena, c->first6);
        o->card_last4 = ks_arena_strdup(ctx->arena, c->last4);
    }
    o->holder_name = c->holder_name;
    o->card_exp_month = c->exp_month;
    o->card_exp_year = c->exp_year;
    o->recurring_enabled = c->recurring_enabled;
    o->installments = c->installments;
    o->payment_token = c->token;
    if (c->outcome == KS_PAY_NEEDS_PAYPAL) {
        o->return_url = c->return_url;
        o->cancel_url = c->cancel_url;
    } else {
        o->return_url = c->return_3ds;
        o->cancel_url = c->cancel_3ds;
    }
}

static void new_references(ks_order *o, ks_ctx *ctx)
{
    o->ref_no = random_digits(ctx->arena, KS_REFNO_LEN);
    o->customer.reference = digits_value(random_digits(ctx->arena, 9));
    subscription_references(o, ctx);
}

typedef struct {
    ks_ctx *ctx;
    const ks_charge *charge;
    const char *doc;
    ks_time now;
} retry_arg;

/* An order waits for a payment when its last one was declined: PENDING, with Errors. */
static int waits_for_payment(const ks_order *o)
{
    return o->status == KS_ORDER_PENDING && o->n_errors > 0 && !o->auth_token;
}

/* The retry applied to the order as stored, inside the store's transaction: checked again, so
 * that two retries at once never both pay. */
static int merge_retry(ks_order *next, const ks_order *cur, void *arg, ks_err *err)
{
    const retry_arg *r = arg;
    if (!waits_for_payment(cur))
        return ks_err_setf(err, KS_E_ORDER_PAYMENT_RETRY_NOT_ALLOWED,
                           "Order %s is %s and does not wait for a payment", cur->ref_no,
                           ks_order_status_name(cur->status));
    *next = *cur;
    keep_payment(next, r->ctx, r->charge);
    next->fraud_score = cur->fraud_score + r->charge->fraud_points > 100
                            ? 100
                            : cur->fraud_score + r->charge->fraud_points;
    if (r->doc)
        next->doc = r->doc;
    next->errors = NULL;
    next->n_errors = 0;
    switch (r->charge->outcome) {
    case KS_PAY_APPROVED:
        authorized(next, r->ctx, r->now);
        subscription_references(next, r->ctx);
        break;
    case KS_PAY_DECLINED:
        add_error(next, r->ctx->arena, r->charge->decline, r->charge->decline_msg);
        break;
    case KS_PAY_NEEDS_3DS:
    case KS_PAY_NEEDS_PAYPAL: {
        char tok[33];
        ks_random_hex(tok, 16);
        next->auth_token = ks_arena_strdup(r->ctx->arena, tok);
        next->auth_kind = r->charge->outcome == KS_PAY_NEEDS_3DS ? "3DS" : "PAYPAL";
        break;
    }
    }
    return 0;
}

/* API: placeOrder — "To retry a payment for an already placed order, provide the order
 * reference number in the Place Order API call in the RefNo parameter placed in the root of
 * the request object": the order's total charged to the new PaymentDetails. */
static int retry_payment(ks_order *out, ks_ctx *ctx, const ks_order_in *in, ks_err *err)
{
    ks_order cur;
    ks_charge charge;
    retry_arg r = {ctx, &charge, in->doc, 0};
    if (ks_order_get(&cur, ctx, in->ref_no, err))
        return -1;
    if (!waits_for_payment(&cur))
        return ks_err_setf(err, KS_E_ORDER_PAYMENT_RETRY_NOT_ALLOWED,
                           "Order %s is %s and does not wait for a payment", cur.ref_no,
                           ks_order_status_name(cur.status));
    ks_pay_order po = {cur.currency, cur.gross_discounted, cur.billing.country_code};
    if (ks_clock_now(&r.now, ctx, err) || ks_payment_authorize(&charge, ctx, in->payment, &po, err) ||
        ctx->store->ops->order_update(ctx->store, ctx->arena, ctx->vendor->id, in->ref_no, NULL,
                                      merge_retry, &r, err))
        return -1;
    return ks_order_get(out, ctx, in->ref_no, err);
}

int ks_order_place(ks_order *out, ks_ctx *ctx, const ks_order_in *in_const, ks_err *err)
{
    int rc = -1;
    if (has(in_const->ref_no))
        return retry_payment(out, ctx, in_const, err);
    ks_order_in in = *in_const;
    ks_priced_cart pc;
    /* the rules normalise the items (a dynamic item loses its Code): work on a copy */
    ks_cart_item *items = ks_arena_alloc(ctx->arena, (in.cart.n_items + 1) * sizeof *items);
    if (in.cart.n_items)
        memcpy(items, in.cart.items, in.cart.n_items * sizeof *items);
    in.cart.items = items;
    ks_charge charge;
    ks_time now;
    ks_order *o = out;
    memset(o, 0, sizeof *o);
    if (check_order_fields(&in, err) || resolve_currency(&in, err) ||
        check_items(&in, ctx, err) || ks_pricing_quote(&pc, ctx, &in.cart, err) ||
        check_billing(in.cart.billing, err) || check_delivery(&in, err) ||
        ks_clock_now(&now, ctx, err))
        goto done;
    ks_pay_order po = {pc.currency, pc.gross_discounted, in.cart.billing->country_code};
    if (ks_payment_authorize(&charge, ctx, in.payment, &po, err))
        goto done;
    o->vendor_id = ctx->vendor->id;
    o->currency = pc.currency;
    o->language = in.language;
    o->external_reference = in.external_reference;
    o->source = in.source;
    /* API: placeOrder — WSOrder, at the order's root or in PaymentMethod (the seed's 3-D Secure
     * table) */
    o->ws_order = in.ws_order ? in.ws_order : charge.ws_order;
    o->local_time = in.local_time;
    o->customer_ip = in.customer_ip ? in.customer_ip : in.payment ? in.payment->customer_ip : NULL;
    o->net = pc.net;
    o->gross = pc.gross;
    o->vat = pc.vat;
    o->discount = pc.discount;
    o->net_discounted = pc.net_discounted;
    o->gross_discounted = pc.gross_discounted;
    o->promotions = pc.promotions;
    o->n_promotions = pc.n_promotions;
    o->created = now;
    o->doc = in.doc;
    o->customer.external_ref =
        in.has_customer_reference
            ? ks_arena_printf(ctx->arena, "%lld", (long long)in.customer_reference)
            : NULL;
    o->billing = *in.cart.billing;
    o->customer.address = *in.cart.billing;
    o->customer.language = in.language;
    o->customer.created = now;
    keep_payment(o, ctx, &charge);
    o->fraud_score = fraud_score(&in, &charge);
    if (build_lines(o, ctx, &in, &pc, err))
        goto done;
    move(o, ctx, KS_ORDER_PENDING, KS_APPROVE_WAITING, now);
    switch (charge.outcome) {
    case KS_PAY_APPROVED: authorized(o, ctx, now); break;
    case KS_PAY_DECLINED:
        /* API: placeOrder — a failed payment returns the order with its RefNo and a non-null
         * Errors map (the official SDKs' _testPlaceFail); it stays PENDING: "Customers can
         * retry making a payment if the initial payment fails, without placing a new order" */
        add_error(o, ctx->arena, charge.decline, charge.decline_msg);
        break;
    case KS_PAY_NEEDS_3DS:
    case KS_PAY_NEEDS_PAYPAL: {
        /* API: 3-D Secure / PayPal — the order stays PENDING until the shopper is back */
        char tok[33];
        ks_random_hex(tok, 16);
        o->auth_token = ks_arena_strdup(ctx->arena, tok);
        o->auth_kind = charge.outcome == KS_PAY_NEEDS_3DS ? "3DS" : "PAYPAL";
        break;
    }
    }
    /* one commit; a generated reference that happens to exist already is drawn again */
    for (int attempt = 0;; attempt++) {
        ks_err e;
        new_references(o, ctx);
        if (ctx->store->ops->order_insert(ctx->store, ctx->arena, ctx->vendor->id, o, &e) == 0)
            break;
        if (e.code != KS_E_ORDER_REFERENCE_TAKEN || attempt == 4) {
            *err = e;
            goto done;
        }
    }
    rc = 0;
done:
    return rc;
}

int ks_order_place_unpaid(ks_order *out, ks_ctx *ctx, const ks_order_in *in_const,
                          const char *partner_code, ks_err *err)
{
    ks_order_in in = *in_const;
    ks_priced_cart pc;
    ks_time now;
    ks_order *o = out;
    memset(o, 0, sizeof *o);
    if (check_order_fields(&in, err) || check_items(&in, ctx, err) ||
        ks_pricing_quote(&pc, ctx, &in.cart, err) || ks_clock_now(&now, ctx, err))
        return -1;
    o->vendor_id = ctx->vendor->id;
    o->partner_code = partner_code;
    /* paid through its partner invoice (proforma), not by a payment of its own */
    o->payment_type = "PROFORMA";
    o->currency = pc.currency;
    o->language = in.language;
    o->external_reference = in.external_reference;
    o->source = in.source;
    o->net = pc.net;
    o->gross = pc.gross;
    o->vat = pc.vat;
    o->discount = pc.discount;
    o->net_discounted = pc.net_discounted;
    o->gross_discounted = pc.gross_discounted;
    o->created = now;
    o->doc = in.doc;
    o->billing = *in.cart.billing;
    o->customer.address = *in.cart.billing;
    o->customer.language = in.language;
    o->customer.created = now;
    if (build_lines(o, ctx, &in, &pc, err))
        return -1;
    /* API: Channel Manager order — AWAITING_PAYMENT until its partner invoice is paid */
    move(o, ctx, KS_ORDER_PENDING, KS_APPROVE_WAITING, now);
    for (int attempt = 0;; attempt++) {
        ks_err e;
        new_references(o, ctx);
        if (ctx->store->ops->order_insert(ctx->store, ctx->arena, ctx->vendor->id, o, &e) == 0)
            return 0;
        if (e.code != KS_E_ORDER_REFERENCE_TAKEN || attempt == 4) {
            *err = e;
            return -1;
        }
    }
}

typedef struct {
    ks_ctx *ctx;
    ks_time now;
    int released;
} release_arg;

static int merge_release(ks_order *next, const ks_order *cur, void *arg, ks_err *err)
{
    release_arg *ra = arg;
    (void)err;
    *next = *cur;
    ra->released = 0;
    /* only a partner order waits for its invoice; any other PENDING order waits for the
     * shopper (3-D Secure, PayPal) or a payment retry */
    if (cur->status != KS_ORDER_PENDING || cur->auth_token || !cur->partner_code ||
        cur->n_errors)
        return 0;
    next->n_subs = 0;
    move(next, ra->ctx, KS_ORDER_AUTHRECEIVED, KS_APPROVE_WAITING, ra->now);
    move(next, ra->ctx, KS_ORDER_COMPLETE, KS_APPROVE_OK, ra->now);
    next->finished = ra->now;
    make_subscriptions(next, ra->ctx, ra->now);
    subscription_references(next, ra->ctx);
    ra->released = 1;
    return 0;
}

int ks_order_release(ks_order *out, int *released, ks_ctx *ctx, const char *ref_no,
                     ks_err *err)
{
    release_arg ra = {ctx, 0, 0};
    *released = 0;
    if (ks_clock_now(&ra.now, ctx, err) ||
        ctx->store->ops->order_update(ctx->store, ctx->arena, ctx->vendor->id, ref_no, NULL,
                                      merge_release, &ra, err) ||
        ks_order_get(out, ctx, ref_no, err))
        return -1;
    *released = ra.released;
    return 0;
}

/* Prices in->cart, charges the total to s's stored payment method and fills *o: COMPLETE when
 * paid, CANCELED with its Errors when declined; not stored. */
int ks_order_charged(ks_order *o, ks_ctx *ctx, const ks_subscription *s, ks_order_in *in,
                     ks_err *err)
{
    ks_priced_cart pc;
    ks_charge charge;
    ks_time now;
    memset(o, 0, sizeof *o);
    if (ks_clock_now(&now, ctx, err) || ks_pricing_quote(&pc, ctx, &in->cart, err))
        return -1;
    /* API: renewals — charged "using a recurring billing process": the payment method kept
     * with the subscription, never a card number */
    ks_stored_method m = {s->payment_token, s->test, s->card_type, s->card_last4,
                          s->card_exp_month, s->card_exp_year};
    if (ks_payment_renew(&charge, ctx, &m, pc.gross_discounted, err))
        return -1;
    o->vendor_id = ctx->vendor->id;
    o->currency = pc.currency;
    o->language = s->language;
    o->net = pc.net;
    o->gross = pc.gross;
    o->vat = pc.vat;
    o->discount = pc.discount;
    o->net_discounted = pc.net_discounted;
    o->gross_discounted = pc.gross_discounted;
    o->created = now;
    o->billing = s->end_user;
    o->customer.id = s->customer_id;
    o->customer.reference = s->customer_reference;
    o->customer.external_ref = s->external_customer_ref;
    keep_payment(o, ctx, &charge);
    if (build_lines(o, ctx, in, &pc, err))
        return -1;
    o->renewal_of = s->reference;
    o->ref_no = random_digits(ctx->arena, KS_REFNO_LEN);
    move(o, ctx, KS_ORDER_PENDING, KS_APPROVE_WAITING, now);
    if (charge.outcome == KS_PAY_APPROVED) {
        move(o, ctx, KS_ORDER_AUTHRECEIVED, KS_APPROVE_WAITING, now);
        move(o, ctx, KS_ORDER_COMPLETE, KS_APPROVE_OK, now);
        o->finished = now;
    } else {
        add_error(o, ctx->arena, charge.decline, charge.decline_msg);
        move(o, ctx, KS_ORDER_CANCELED, KS_APPROVE_WAITING, now);
    }
    return 0;
}

/* A renewal that could not be priced or charged (a product or option gone, a payment method
 * refused outright): a CANCELED order without lines that carries the reason in its Errors, so
 * that the subscription takes the path of a declined renewal (retries, then expiry) and the
 * history shows why. */
int ks_order_failed(ks_order *o, ks_ctx *ctx, const ks_subscription *s, const ks_err *why,
                    ks_err *err)
{
    ks_time now;
    memset(o, 0, sizeof *o);
    if (ks_clock_now(&now, ctx, err))
        return -1;
    o->vendor_id = ctx->vendor->id;
    o->currency = s->currency;
    o->language = s->language;
    o->created = now;
    o->billing = s->end_user;
    o->customer.id = s->customer_id;
    o->customer.reference = s->customer_reference;
    o->customer.external_ref = s->external_customer_ref;
    o->test = s->test;
    o->payment_type = s->test ? "TEST" : "CC";
    o->renewal_of = s->reference;
    o->ref_no = random_digits(ctx->arena, KS_REFNO_LEN);
    move(o, ctx, KS_ORDER_PENDING, KS_APPROVE_WAITING, now);
    add_error(o, ctx->arena, why->code, ks_arena_strdup(ctx->arena, why->msg));
    move(o, ctx, KS_ORDER_CANCELED, KS_APPROVE_WAITING, now);
    return 0;
}

int ks_order_of_subscription(ks_order **out, size_t *n, ks_ctx *ctx, const char *reference,
                             ks_err *err)
{
    if (!has(reference))
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "SubscriptionReference is required");
    return ctx->store->ops->subscription_orders(ctx->store, ctx->arena, ctx->vendor->id,
                                                reference, out, n, err);
}

const char *ks_order_subscription_role(const ks_order *o)
{
    if (!o->renewal_of)
        return "NEW";
    return o->renewal_key && strstr(o->renewal_key, KS_UPGRADE_KEY_MARK) ? "UPGRADE" : "RENEWAL";
}

int ks_order_get(ks_order *out, ks_ctx *ctx, const char *ref_no, ks_err *err)
{
    if (!has(ref_no))
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "RefNo is required");
    return ctx->store->ops->order_get(ctx->store, ctx->arena, ctx->vendor->id, ref_no, NULL, out,
                                      err);
}

int ks_order_search(ks_order **out, size_t *n, int64_t *total, ks_ctx *ctx,
                    const ks_order_query *q, ks_err *err)
{
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    if (q->has_start && q->has_end && q->start > q->end)
        return ks_err_set(err, KS_E_ORDER_SEARCH_DATE_RANGE);
    return ctx->store->ops->order_search(ctx->store, ctx->arena, ctx->vendor->id, q, out, n,
                                         total, err);
}

/* --- refunds ------------------------------------------------------------------------------- */

typedef struct {
    ks_ctx *ctx;
    int has_amount;
    ks_dec amount;
    const char *reason, *comment;
    ks_time now;
} refund_arg;

static int merge_refund(ks_order *next, const ks_order *cur, void *arg, ks_err *err)
{
    const refund_arg *r = arg;
    int64_t left = cur->gross_discounted - cur->refunded, amount = left;
    /* API: issueRefund — "The order's status must be 'COMPLETE' and it should have a
     * TotalPrice > 0. The OrderDate cannot be older than a year from the current date." */
    if (cur->status != KS_ORDER_COMPLETE || cur->gross_discounted <= 0 ||
        r->now - cur->created > 365 * 86400)
        return ks_err_setf(err, KS_E_ORDER_REFUND_NOT_ALLOWED,
                           "Order %s is %s: only a COMPLETE order with a total, placed less than "
                           "a year ago, can be refunded",
                           cur->ref_no, ks_order_status_name(cur->status));
    /* API: issueRefund — "You cannot issue a refund for an amount higher than the total order
     * amount." (what was refunded before counts) */
    if (r->has_amount && (r->amount <= 0 || ks_money_to_minor(&amount, r->amount, cur->currency) ||
                          amount > left))
        return ks_err_setf(err, KS_E_ORDER_REFUND_AMOUNT_INVALID,
                           "The refund amount must be a positive %s amount of at most what is "
                           "left to refund",
                           cur->currency);
    *next = *cur;
    ks_refund *list = ks_arena_alloc(r->ctx->arena, (cur->n_refunds + 1) * sizeof *list);
    if (cur->n_refunds)
        memcpy(list, cur->refunds, cur->n_refunds * sizeof *list);
    list[cur->n_refunds] = (ks_refund){amount, r->reason, r->comment, r->now};
    next->refunds = list;
    next->n_refunds = cur->n_refunds + 1;
    next->refunded = cur->refunded + amount;
    if (next->refunded == cur->gross_discounted)
        move(next, r->ctx, KS_ORDER_REFUND, cur->approve, r->now);
    return 0;
}

int ks_order_refund(ks_ctx *ctx, const char *ref_no, int has_amount, ks_dec amount,
                    const char *reason, const char *comment, ks_err *err)
{
    refund_arg r = {ctx, has_amount, amount, reason, comment, 0};
    if (!has(ref_no))
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "RefNo is required");
    if (ks_clock_now(&r.now, ctx, err))
        return -1;
    return ctx->store->ops->order_update(ctx->store, ctx->arena, ctx->vendor->id, ref_no, NULL,
                                         merge_refund, &r, err);
}

/* --- 3-D Secure and PayPal ----------------------------------------------------------------- */

int ks_order_by_auth_token(ks_order *out, ks_ctx *ctx, const char *token, ks_err *err)
{
    if (!has(token))
        return ks_err_set(err, KS_E_PAYMENT_AUTHORIZATION_NOT_FOUND);
    return ctx->store->ops->order_get(ctx->store, ctx->arena, 0, NULL, token, out, err);
}

typedef struct {
    ks_ctx *ctx;
    ks_auth_result result;
    ks_time now;
    const char *redirect;
} auth_arg;

static int merge_auth(ks_order *next, const ks_order *cur, void *arg, ks_err *err)
{
    auth_arg *a = arg;
    if (cur->status != KS_ORDER_PENDING || !cur->auth_token)
        return ks_err_set(err, KS_E_PAYMENT_AUTHORIZATION_NOT_FOUND);
    int paypal = cur->auth_kind && strcmp(cur->auth_kind, "PAYPAL") == 0;
    *next = *cur;
    next->auth_token = NULL;
    next->auth_kind = NULL;
    if (a->result == KS_AUTH_PASS) {
        /* API: 3-D Secure — "redirected to ... Vendor3DSReturnURL after the 3DS details get
         * validated by the bank and the order is successfully authorized"; PayPal: "2Checkout
         * also authorizes the order and updates the status to AUTHRECEIVED" */
        authorized(next, a->ctx, a->now);
        subscription_references(next, a->ctx);
        a->redirect = cur->return_url;
    } else {
        /* API: 3-D Secure — "Vendor3DSCancelURL ... if the 3DS details were not validated or
         * the order could not be authorized" */
        add_error(next, a->ctx->arena,
                  paypal ? KS_E_PAYMENT_PAYPAL_CANCELED : KS_E_PAYMENT_3DS_FAILED, NULL);
        move(next, a->ctx, KS_ORDER_CANCELED, cur->approve, a->now);
        a->redirect = cur->cancel_url;
    }
    return 0;
}

int ks_order_authorize(const char **redirect, ks_ctx *ctx, const char *token,
                       ks_auth_result result, ks_err *err)
{
    auth_arg a = {ctx, result, 0, NULL};
    ks_order pending;
    ks_vendor *v;
    if (!has(token))
        return ks_err_set(err, KS_E_PAYMENT_AUTHORIZATION_NOT_FOUND);
    if (!ctx->vendor) {
        /* the shopper's page knows no vendor: the order's, whose IPN settings its steps need */
        v = ks_arena_alloc(ctx->arena, sizeof *v);
        if (ks_order_by_auth_token(&pending, ctx, token, err) ||
            ctx->store->ops->vendor_by_id(ctx->store, ctx->arena, pending.vendor_id, v, err))
            return -1;
        ctx->vendor = v;
    }
    if (ks_clock_now(&a.now, ctx, err) ||
        ctx->store->ops->order_update(ctx->store, ctx->arena, 0, NULL, token, merge_auth, &a, err))
        return -1;
    *redirect = a.redirect;
    return 0;
}

/* --- addSubscription ------------------------------------------------------------------------- */

/* API: Subscription — "StartDate is mandatory when importing subscription data",
 * "ExpirationDate is mandatory when importing subscription data" (in the vendor's API zone). */
static int import_dates(ks_time *start, ks_time *expiration, ks_ctx *ctx,
                        const ks_subscription_import *in, ks_err *err)
{
    int tz = ctx->vendor->tz_offset;
    if (!has(in->start) || !has(in->expiration))
        return ks_err_setf(err, KS_E_PARAMETER_MISSING,
                           "StartDate and ExpirationDate are mandatory when importing");
    if ((ks_time_parse_date(start, in->start, tz) && ks_time_parse(start, in->start, tz)) ||
        (ks_time_parse_date(expiration, in->expiration, tz) &&
         ks_time_parse(expiration, in->expiration, tz)))
        return ks_err_setf(err, KS_E_INVALID_DATE,
                           "StartDate and ExpirationDate must be YYYY-MM-DD");
    if (*expiration <= *start)
        return ks_err_setf(err, KS_E_INVALID_EXPIRATION_DATE,
                           "ExpirationDate must be after StartDate");
    return 0;
}

int ks_order_import_subscription(const char **reference, ks_ctx *ctx,
                                 const ks_subscription_import *in, ks_err *err)
{
    ks_time start, expiration, now;
    ks_product p;
    ks_charge charge;
    ks_order o;
    const ks_customer *eu = in->end_user;
    memset(&o, 0, sizeof o);
    memset(&charge, 0, sizeof charge);
    if (!in->product || !has(in->product->code))
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Product.ProductCode is required");
    if (!eu || !has(eu->address.first_name) || !has(eu->address.last_name) ||
        !has(eu->address.email))
        return ks_err_setf(err, KS_E_PARAMETER_MISSING,
                           "EndUser needs FirstName, LastName and Email");
    if (import_dates(&start, &expiration, ctx, in, err) || ks_clock_now(&now, ctx, err))
        return -1;
    ks_err e;
    if (ks_product_get(&p, ctx, in->product->code, &e) || !p.generates_subscription ||
        !p.subscription || p.subscription->lifetime || p.subscription->billing_cycle <= 0)
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_CODE_INVALID,
                           "'%.64s' is not a product of the catalog that generates subscriptions",
                           in->product->code);
    ks_currency_settings cs;
    if (ks_currency_settings_get(&cs, ctx, err))
        return -1;
    const char *currency = has(in->next_renewal_currency) ? in->next_renewal_currency
                                                          : cs.base_currency;
    int64_t renewal = 0;
    if (in->has_next_renewal_price &&
        (in->next_renewal_price < 0 || ks_money_to_minor(&renewal, in->next_renewal_price,
                                                        currency)))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "NextRenewalPrice must be an amount of %s", currency);
    /* the card renewals will charge, checked and tokenised by the test processor; nothing is
     * charged now */
    if (in->payment) {
        ks_payment_in pay = {.type = in->test ? "TEST" : "CC", .currency = currency,
                             .method = in->payment};
        ks_payment_method_in m = *in->payment;
        /* an imported card has no shopper at a browser: no 3-D Secure redirect */
        m.return_3ds = m.return_3ds ? m.return_3ds : "http://localhost/";
        m.cancel_3ds = m.cancel_3ds ? m.cancel_3ds : "http://localhost/";
        pay.method = &m;
        ks_pay_order po = {currency, 0, eu->address.country_code};
        if (ks_payment_authorize(&charge, ctx, &pay, &po, err))
            return -1;
        if (charge.outcome == KS_PAY_DECLINED)
            return ks_err_set(err, charge.decline);
    } else {
        charge.type_name = in->test ? "TEST" : "CC";
        charge.test = in->test;
        charge.installments = 1;
    }
    o.vendor_id = ctx->vendor->id;
    o.currency = currency;
    o.language = eu->language;
    o.source = "IMPORT";
    o.created = now;
    o.billing = eu->address;
    o.customer.address = eu->address;
    o.customer.language = eu->language;
    o.customer.created = now;
    o.customer.external_ref = has(in->external_customer_ref) ? in->external_customer_ref : NULL;
    o.doc = "{}";
    keep_payment(&o, ctx, &charge);
    o.test = in->test;
    o.recurring_enabled = in->has_recurring_enabled ? in->recurring_enabled : 1;
    /* the order's one line: the product, quantity and options, nothing to pay */
    o.lines = ks_arena_alloc(ctx->arena, sizeof *o.lines);
    memset(o.lines, 0, sizeof *o.lines);
    o.n_lines = 1;
    ks_order_line *l = &o.lines[0];
    char ref[41];
    ks_random_hex(ref, 20);
    l->line_ref = ks_arena_strdup(ctx->arena, ref);
    l->code = p.code;
    l->product_id = p.id;
    l->name = p.name;
    l->product_version = p.version;
    l->sku = p.sku;
    l->quantity = in->product->has_quantity && in->product->quantity > 0 ? in->product->quantity
                                                                         : 1;
    l->purchase_type = "PRODUCT";
    l->price_type = p.n_pricing && p.pricing[0].price_type ? p.pricing[0].price_type : "NET";
    l->options = ks_option_codes_join(ctx->arena, in->product->options, in->product->n_options);
    l->recurring = 1;
    l->cycle_length = p.subscription->billing_cycle;
    l->cycle_unit = p.subscription->billing_cycle_units;
    l->renewal_price = renewal;
    move(&o, ctx, KS_ORDER_PENDING, KS_APPROVE_WAITING, now);
    move(&o, ctx, KS_ORDER_AUTHRECEIVED, KS_APPROVE_WAITING, now);
    move(&o, ctx, KS_ORDER_COMPLETE, KS_APPROVE_OK, now);
    o.finished = now;
    make_subscriptions(&o, ctx, now);
    /* the subscription as it was elsewhere: its own start and expiration */
    o.subs[0].start = start;
    o.subs[0].expiration = expiration;
    o.subs[0].created = start < now ? start : now;
    for (int attempt = 0;; attempt++) {
        new_references(&o, ctx);
        if (ctx->store->ops->order_insert(ctx->store, ctx->arena, ctx->vendor->id, &o, &e) == 0)
            break;
        if (e.code != KS_E_ORDER_REFERENCE_TAKEN || attempt == 4) {
            *err = e;
            return -1;
        }
    }
    *reference = o.subs[0].reference;
    return 0;
}
