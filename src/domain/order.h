/* order.h — orders: placeOrder for catalog and dynamic products, priced by the pricing engine
 * and paid through the test processor; the status lifecycle and its history; search; refunds;
 * the 3-D Secure and PayPal steps the shopper completes on Kassa's pages.
 *
 * The order as the client sent it (normalised, without card number nor CVV) travels as `doc`,
 * an opaque document the domain stores and returns; the fields the rules need are typed.
 * Strings are arena-owned. Money is int64 minor units of the order currency. */
#ifndef KS_ORDER_H
#define KS_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "ctx.h"
#include "customer.h"
#include "payment.h"
#include "pricing.h"
#include "subscription.h"

#define KS_REFNO_LEN 9
/* in the renewal key of an upgrade order */
#define KS_UPGRADE_KEY_MARK "@UPGRADE@"

/* Items[].RecurringOptions of a dynamic item. */
typedef struct ks_item_recurring {
    int64_t cycle_length;
    const char *cycle_unit; /* DAY, MONTH, YEAR (singular or plural, any case; D, M, Y) */
    ks_dec cycle_amount;
    int has_cycle_length, has_cycle_amount;
    int64_t contract_length;
    const char *contract_unit;
    int has_contract_length;
} ks_item_recurring;

/* The order as bound from the wire: the cart the pricing engine prices, and the rest. */
typedef struct ks_order_in {
    ks_cart cart; /* Currency, Country, BillingDetails, Items, Promotions */
    const ks_address *delivery;
    const ks_payment_in *payment;
    const char *ref_no; /* RefNo at the root: retry the payment of that order */
    const char *language, *external_reference, *source, *machine_id;
    /* CustomerReference: "External customer ID you can attach to the customer", an Integer */
    int64_t customer_reference;
    int has_customer_reference;
    const char *customer_ip, *local_time, *ws_order;
    const char *doc; /* canonical JSON of the order as sent, secrets left out */
} ks_order_in;

typedef enum {
    KS_ORDER_PENDING,      /* not authorized yet (3-D Secure, PayPal) */
    KS_ORDER_AUTHRECEIVED, /* the amount is blocked */
    KS_ORDER_COMPLETE,     /* collected */
    KS_ORDER_REVERSED,     /* the authorization was reversed (fraud) */
    KS_ORDER_REFUND,       /* refunded in full */
    KS_ORDER_CANCELED      /* never paid: declined, 3-D Secure failed, PayPal canceled */
} ks_order_status;

typedef enum {
    KS_APPROVE_WAITING,
    KS_APPROVE_OK,
    KS_APPROVE_FRAUD,
    KS_APPROVE_INVALIDDATA
} ks_approve_status;

/* THE names of the statuses (ks_order_status order), of the approval statuses, of the
 * IncludeTestOrders filter (ks_test_filter order) and of the purchase types: name tables
 * (common.h). */
extern const char *const ks_order_status_names[];
extern const char *const ks_approve_status_names[];
extern const char *const ks_test_filter_names[];
extern const char *const ks_purchase_type_names[];

const char *ks_order_status_name(ks_order_status s);
int ks_order_status_parse(ks_order_status *out, const char *name);
const char *ks_approve_status_name(ks_approve_status s);
int ks_approve_status_parse(ks_approve_status *out, const char *name);

/* API: order flow — the only moves: PENDING -> AUTHRECEIVED | CANCELED; AUTHRECEIVED ->
 * COMPLETE | REVERSED | CANCELED; COMPLETE -> REFUND. 1 if from -> to is one of them. */
int ks_order_status_can(ks_order_status from, ks_order_status to);

/* One step of the status history. */
typedef struct ks_order_event {
    ks_order_status status;
    ks_approve_status approve;
    ks_time at;
} ks_order_event;

/* A payment error of the order (its Errors map): the code's wire name and a message. */
typedef struct ks_order_error {
    const char *code, *message;
} ks_order_error;

typedef struct ks_refund {
    int64_t amount; /* minor units */
    const char *reason, *comment;
    ks_time at;
} ks_refund;

/* One priced item of an order, with what its subscription will need. */
typedef struct ks_order_line {
    const char *line_ref;  /* LineItemReference: 40 hex characters */
    const char *code;      /* catalog product code, NULL for a dynamic item */
    int64_t product_id;
    const char *name, *product_version, *sku, *short_description;
    int64_t quantity;
    int is_dynamic, tangible;
    const char *purchase_type; /* PRODUCT, TAX, SHIPPING, COUPON */
    const char *price_type;    /* NET, GROSS */
    const char *promotion;     /* coupon applied, or NULL */
    const char *campaign;      /* cross-sell campaign applied, or NULL */
    const char *options;       /* price option codes, ';'-separated, or NULL */
    ks_line_price price;
    /* subscription terms, when the item recurs */
    int recurring;
    int64_t cycle_length;
    const char *cycle_unit;    /* D, M, Y */
    int64_t contract_length;
    const char *contract_unit;
    int lifetime;
    int trial;
    int64_t trial_days;
    int64_t renewal_price;     /* gross minor units per unit and cycle */
    int has_start;
    ks_time start;             /* SubscriptionStartDate, when given */
} ks_order_line;

typedef struct ks_order {
    int64_t id;
    int64_t vendor_id;
    const char *ref_no;        /* 9 digits */
    int64_t order_no;          /* the vendor's order count */
    ks_order_status status;
    ks_approve_status approve;
    const char *currency;
    int test;
    const char *language, *external_reference, *source, *ws_order, *local_time, *customer_ip;
    int fraud_score;
    int64_t net, gross, vat, discount, net_discounted, gross_discounted; /* totals */
    int64_t refunded;          /* minor units refunded so far */
    ks_time created;           /* OrderDate */
    ks_time finished;          /* FinishDate: when it became COMPLETE; 0 before */
    ks_address billing;        /* BillingDetails: the subscriptions' end user */
    ks_customer customer;      /* the customer it belongs to */
    /* the payment, as it may be kept */
    const char *payment_type;  /* CC, TEST, PAYPAL, EES_TOKEN_PAYMENT, FREE */
    const char *card_type, *card_first6, *card_last4, *holder_name;
    int card_exp_month, card_exp_year;
    int recurring_enabled;
    int64_t installments;
    const char *payment_token; /* Kassa's token for renewals */
    const char *return_url, *cancel_url; /* where the shopper goes after 3DS or PayPal */
    const char *auth_token;    /* while PENDING: the 3-D Secure / PayPal page's token */
    const char *auth_kind;     /* "3DS" or "PAYPAL" while PENDING */
    ks_order_line *lines;
    size_t n_lines;
    ks_order_event *history;
    size_t n_history;
    ks_order_error *errors;    /* empty: Errors null */
    size_t n_errors;
    ks_refund *refunds;
    size_t n_refunds;
    ks_subscription *subs;     /* born when it became COMPLETE */
    size_t n_subs;
    const char **promotions;   /* coupons applied */
    size_t n_promotions;
    const char *doc;
    /* a renewal or upgrade order: the subscription it renews, and its key that makes it
     * unique (reference@period#attempt, or reference@UPGRADE@time@RefNo); NULL for others */
    const char *renewal_of, *renewal_key;
    const char *partner_code;  /* the Channel Manager partner it was placed by, or NULL */
    /* jobs to enqueue in the commit that stores the order (its subscriptions' renewals); not
     * read back */
    const ks_job_list *jobs;
    /* set by every status move from ctx (order.c): what the store calls inside the commit that
     * writes the order (its IPNs, ks_config.order_written), and the vendor it acts for; not
     * stored */
    ks_order_written_fn written;
    const ks_vendor *vendor;
} ks_order;

typedef enum { KS_TEST_ORDERS_YES, KS_TEST_ORDERS_NO, KS_TEST_ORDERS_ONLY } ks_test_filter;

/* Whether the order ships something (HasShipping). */
int ks_order_has_shipping(const ks_order *o);

/* IncludeTestOrders (NULL when absent) as a filter. */
ks_test_filter ks_test_filter_parse(const char *s);

typedef struct ks_order_query {
    int has_status, has_approve;
    ks_order_status status;
    ks_approve_status approve;
    int has_start, has_end;
    ks_time start, end;        /* inclusive bounds on OrderDate */
    const char *external_ref;
    const char *email;         /* the billing email, any case; NULL: any */
    ks_test_filter test;
    int64_t page, limit;
} ks_order_query;

/* Builds *next from cur, the order as stored, inside the store's transaction (see
 * order_update in store.h). 0, or -1 with *err to change nothing. */
typedef int (*ks_order_merge_fn)(ks_order *next, const ks_order *cur, void *arg, ks_err *err);

/* Places an order for ctx->vendor: checks it, prices it (ks_pricing_quote), pays it (the test
 * processor), and stores it with its customer and, once COMPLETE, its subscriptions, in one
 * durable commit. A declined payment is not an error: the order is stored PENDING with its
 * Errors, and placing it again with in->ref_no and new PaymentDetails retries its payment (the
 * rest of in is then ignored): paid, it completes; declined, it stays PENDING with the new
 * Errors. Retry codes: ORDER_NOT_FOUND, ORDER_PAYMENT_RETRY_NOT_ALLOWED (not waiting for a
 * payment), the payment's. Codes: those of ks_pricing_quote and ks_payment_authorize, ORDER_PRODUCT_*
 * (IS_DYNAMIC, PURCHASE_TYPE, TANGIBLE, PRICE_STRUCTURE, PRICE_TYPE, RECURRING_OPTIONS,
 * SUBSCRIPTION_START_DATE), ORDER_ITEMS_QUANTITY_INVALID, INVALID_PRODUCT,
 * TAX_CATEGORY_INVALID, ORDER_CURRENCY_MISMATCH, PAYMENT_CURRENCY_INVALID,
 * ORDER_EXTERNAL_REFERENCE_INVALID, ORDER_SOURCE_INVALID, ORDER_BILLING_* and
 * ORDER_DELIVERY_*. Nothing is stored when it fails. *out lives in ctx->arena. */
int ks_order_place(ks_order *out, ks_ctx *ctx, const ks_order_in *in, ks_err *err);

/* addSubscription: a subscription of the vendor's catalog product imported from elsewhere. */
typedef struct ks_import_product {
    const char *code; /* ProductCode: a product of the catalog that generates subscriptions */
    int64_t quantity; /* ProductQuantity; absent: 1 */
    int has_quantity;
    const char **options; /* PriceOptionCodes */
    size_t n_options;
} ks_import_product;

typedef struct ks_subscription_import {
    const char *start, *expiration; /* StartDate, ExpirationDate: YYYY-MM-DD, required */
    int recurring_enabled, has_recurring_enabled;
    const char *external_customer_ref;
    const ks_customer *end_user; /* EndUser: the person and Language */
    const struct ks_payment_method_in *payment; /* Payment: the card renewals will charge */
    const ks_import_product *product;
    ks_dec next_renewal_price; /* NextRenewalPrice, in NextRenewalPriceCurrency */
    int has_next_renewal_price;
    const char *next_renewal_currency;
    int test; /* Test: a test subscription */
} ks_subscription_import;

/* Imports a subscription: stored with an import order of its own (COMPLETE, nothing charged,
 * Source "IMPORT") so that it has a customer, a history and the payment method renewals
 * charge, and renewed from its ExpirationDate like any other. *reference receives its
 * SubscriptionReference. PARAMETER_MISSING (StartDate, ExpirationDate, Product.ProductCode,
 * EndUser FirstName/LastName/Email), INVALID_DATE, INVALID_EXPIRATION_DATE,
 * ORDER_PRODUCT_CODE_INVALID (not a product of the catalog that generates subscriptions), the
 * payment's codes. */
int ks_order_import_subscription(const char **reference, ks_ctx *ctx,
                                 const ks_subscription_import *in, ks_err *err);

/* Prices in->cart, charges the total to s's stored payment method and fills *o: COMPLETE when
 * paid, CANCELED with its Errors when declined; not stored. The order of a renewal or an
 * upgrade (renewal.h). */
int ks_order_charged(ks_order *o, ks_ctx *ctx, const ks_subscription *s, ks_order_in *in,
                     ks_err *err);

/* Stores an order placed by a Channel Manager partner (partner_code): checked and priced like
 * any order (the cart's items carry the partner's list prices), with no payment: it stays
 * PENDING until ks_order_release. Codes of ks_pricing_quote, ORDER_EXTERNAL_REFERENCE_INVALID.
 * *out lives in ctx->arena. */
int ks_order_place_unpaid(ks_order *out, ks_ctx *ctx, const ks_order_in *in,
                          const char *partner_code, ks_err *err);

/* Releases a PENDING order paid by other means (a partner invoice): AUTHRECEIVED, then
 * COMPLETE with its subscriptions, as an order paid at once. *released is 1 when it moved, 0
 * when it was not PENDING (released already). ORDER_NOT_FOUND. */
int ks_order_release(ks_order *out, int *released, ks_ctx *ctx, const char *ref_no,
                     ks_err *err);

/* The renewal of s that could not be priced or charged (why): a CANCELED order without lines
 * carrying the reason in its Errors; not stored. */
int ks_order_failed(ks_order *o, ks_ctx *ctx, const ks_subscription *s, const ks_err *why,
                    ks_err *err);

/* The orders of subscription reference, oldest first: the order that created it, then its
 * renewals (paid or declined).
 * SUBSCRIPTION_NOT_FOUND, PARAMETER_MISSING. */
int ks_order_of_subscription(ks_order **out, size_t *n, ks_ctx *ctx, const char *reference,
                             ks_err *err);

/* What an order of ks_order_of_subscription is to the subscription: "NEW" (it created it),
 * "RENEWAL" or "UPGRADE". */
const char *ks_order_subscription_role(const ks_order *o);

/* ORDER_NOT_FOUND. */
int ks_order_get(ks_order *out, ks_ctx *ctx, const char *ref_no, ks_err *err);

/* One page, newest first, and the total. INVALID_PAGINATION, ORDER_SEARCH_DATE_RANGE. */
int ks_order_search(ks_order **out, size_t *n, int64_t *total, ks_ctx *ctx,
                    const ks_order_query *q, ks_err *err);

/* Refunds amount minor units of a COMPLETE order (has_amount 0: all that is left); the order
 * becomes REFUND when nothing is left. ORDER_NOT_FOUND, ORDER_REFUND_NOT_ALLOWED,
 * ORDER_REFUND_AMOUNT_INVALID. */
int ks_order_refund(ks_ctx *ctx, const char *ref_no, int has_amount, ks_dec amount,
                    const char *reason, const char *comment, ks_err *err);

/* What the shopper did on the 3-D Secure or PayPal page. */
typedef enum { KS_AUTH_PASS, KS_AUTH_FAIL } ks_auth_result;

/* The PENDING order waiting on the page with this token (no vendor needed: the token is the
 * shopper's proof). PAYMENT_AUTHORIZATION_NOT_FOUND. */
int ks_order_by_auth_token(ks_order *out, ks_ctx *ctx, const char *token, ks_err *err);

/* Completes the 3-D Secure or PayPal step: PASS authorizes the order and completes it
 * (AUTHRECEIVED, then COMPLETE with its subscriptions); FAIL cancels it with the error in its
 * Errors. *redirect receives the vendor's URL to send the shopper to (return or cancel).
 * PAYMENT_AUTHORIZATION_NOT_FOUND when the token is unknown or already used. */
int ks_order_authorize(const char **redirect, ks_ctx *ctx, const char *token,
                       ks_auth_result result, ks_err *err);

#endif
