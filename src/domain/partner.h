/* partner.h — the Channel Manager: a vendor's partners (resellers), their pricing lists, the
 * partner session (setPartner), the partner cart, partner orders and proformas (partner
 * invoices), their payment and the PDF of an invoice.
 *
 * A partner order is an order of the vendor (order.h) with its PartnerCode, priced by the
 * pricing engine with the partner's pricing list, and held PENDING ("AWAITING_PAYMENT" to the
 * partner) until the proforma that holds it is paid: then it is released (COMPLETE) and
 * creates its subscriptions like any order. Strings are arena-owned. */
#ifndef KS_PARTNER_H
#define KS_PARTNER_H

#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/decimal.h"
#include "ctx.h"
#include "order.h"
#include "payment.h"

#define KS_PARTNER_CODE_MAX 64
#define KS_PROFORMA_NUMBER_LEN 10
/* a proforma falls due this long after it is created */
#define KS_PROFORMA_DUE_DAYS 30
/* a ProformaPDF link is valid this long (sandbox clock) */
#define KS_PROFORMA_PDF_TTL 3600

/* BusinessModel: RESELLER (payments made to the platform as master reseller) or
 * SERVICE_PROVIDER (the Direct model: the partner pays the vendor directly, by wire). */
typedef enum { KS_PARTNER_RESELLER, KS_PARTNER_DIRECT } ks_partner_model;

const char *ks_partner_model_name(ks_partner_model m);
/* "RESELLER", "SERVICE_PROVIDER" or "DIRECT" (any case). 0 or -1. */
int ks_partner_model_parse(ks_partner_model *out, const char *s);

/* One product of a pricing list: the partner pays price (in price.currency, by default the
 * partner's; converted by the pricing engine like any price) when has_price, else the vendor's
 * price less discount %. */
typedef struct ks_pricing_list_item {
    const char *product_code;
    int has_price;
    ks_money price;
    ks_dec discount; /* percent, 0..100 */
} ks_pricing_list_item;

typedef struct ks_pricing_list {
    int64_t id;
    const char *code, *name;
    ks_pricing_list_item *items;
    size_t n_items;
} ks_pricing_list;

typedef struct ks_partner {
    int64_t id;
    const char *code, *company, *email;
    const char *language; /* ISO 639-1, lower case */
    const char *currency; /* ISO 4217: the currency of its orders */
    const char *country;  /* ISO 3166: where it is established (VAT of its orders) */
    int active;
    ks_partner_model model;
    int64_t credit_limit; /* minor units of currency */
    ks_dec credit_limit_in; /* ks_partner_create's input: an amount of currency */
    ks_time created;
    ks_pricing_list *lists; /* the pricing lists assigned to it */
    size_t n_lists;
} ks_partner;

/* A line of the partner cart. */
typedef struct ks_partner_cart_line {
    const char *product_code;
    int64_t quantity;
    const char *options; /* price option codes, ';'-separated, or NULL */
    const char *list_code;
} ks_partner_cart_line;

/* What a session holds for the Channel Manager (see setPartner). */
typedef struct ks_partner_session {
    int64_t partner_id; /* 0: no partner set */
    const char *external_ref;
    const char *proforma; /* setProforma: the invoice to pay */
    /* setPaymentDetails: the processor's answer for that invoice, reduced to what may be kept */
    int has_payment;
    int pay_approved;
    const char *pay_type, *pay_card_type, *pay_last4, *pay_error;
    int pay_test;
    ks_partner_cart_line *cart;
    size_t n_cart;
} ks_partner_session;

typedef enum {
    KS_PROFORMA_UNPAID,
    KS_PROFORMA_PAID,
    KS_PROFORMA_CANCELED
} ks_proforma_status;

typedef struct ks_proforma {
    int64_t id;
    const char *number;
    int64_t partner_id;
    const char *currency;
    int64_t total; /* minor units */
    ks_proforma_status status;
    ks_time created, due, paid;
    const char *payment_method; /* NULL while unpaid */
    ks_partner_model model;     /* its partner's business model */
    const char **orders; /* RefNos */
    size_t n_orders;
} ks_proforma;

/* The Status of a proforma as the platform spells it: Unpaid, Overdue (unpaid past its due
 * date at now), Paid, Canceled. */
const char *ks_proforma_status_name(const ks_proforma *p, ks_time now);

/* A partner order as the Channel Manager shows it. */
typedef struct ks_partner_order {
    ks_order order;
    const char *status;      /* AWAITING_PAYMENT, COMPLETE, CANCELED... */
    const char *lock_reason; /* UNPAID_PROFORMA while it waits for its invoice; NULL after */
    const char *proforma;    /* number of the proforma holding it, or NULL */
} ks_partner_order;

/* --- management (CLI, control API) ------------------------------------------------------ */

/* Creates a partner of ctx->vendor with its pricing lists (each created, or replaced when the
 * vendor has one of that code). Defaults: language "en", currency the vendor's base (USD),
 * country "US". credit_limit is set from credit_limit_in. PARAMETER_INVALID (bad code,
 * currency, credit limit, discount, product not in the catalog), PARTNER_CODE_DUPLICATE. */
int ks_partner_create(ks_ctx *ctx, ks_partner *p, ks_err *err);

/* A pricing list named code holding every enabled product of the vendor's catalog at discount
 * percent off the vendor's prices (the CLI's and the demo's partners). */
int ks_pricing_list_of_catalog(ks_pricing_list *out, ks_ctx *ctx, const char *code,
                               ks_dec discount, ks_err *err);

/* NOT_FOUND_PARTNER. With its pricing lists. */
int ks_partner_get(ks_partner *out, ks_ctx *ctx, const char *code, ks_err *err);

/* What the partner may still order on credit: its credit limit less the totals of its orders
 * awaiting payment. */
int ks_partner_available_credit(int64_t *out, ks_ctx *ctx, const ks_partner *p, ks_err *err);

/* The vendor's partners by code, those whose code, company or email contain text (any case)
 * when text is not NULL. */
int ks_partner_list(ks_partner **out, size_t *n, ks_ctx *ctx, const char *text, ks_err *err);

/* --- the vendor's view (the console): always ctx->vendor's own partners ------------------- */

/* The partner's orders, newest first, as the Channel Manager shows them. */
int ks_partner_orders(ks_partner_order **out, size_t *n, ks_ctx *ctx, const ks_partner *p,
                      ks_err *err);

/* The partner's proformas, newest first, without their orders. */
int ks_partner_proformas(ks_proforma **out, size_t *n, ks_ctx *ctx, const ks_partner *p,
                         ks_err *err);

/* A proforma of the vendor by number, with its orders, and its partner (with its pricing
 * lists). INVALID_PROFORMA_NUMBER for an empty number, an unknown one or another vendor's. */
int ks_proforma_of_vendor(ks_proforma *out, ks_partner *partner, ks_ctx *ctx,
                          const char *number, ks_err *err);

/* --- the partner session ----------------------------------------------------------------- */

/* setPartner: the session's partner becomes code; its cart, external reference and payment
 * are reset. INVALID_PARTNER for an empty code, an unknown one or an inactive partner. */
int ks_partner_set(ks_ctx *ctx, const char *session_id, const char *code, ks_err *err);

/* The partner set in the session (with its pricing lists) and the session's state.
 * INVALID_PARTNER "No partner is set." */
int ks_partner_current(ks_partner *p, ks_partner_session *ps, ks_ctx *ctx,
                       const char *session_id, ks_err *err);

/* addProduct(productId, quantity, priceOptions, pricingListCode): quantity 0 means 1.
 * INVALID_PARTNER, PARTNER_PRICING_LISTS_NOT_FOUND (unknown list, or not the partner's),
 * PRODUCT_ERROR (no product of that id, or not in the list), ORDER_ITEMS_QUANTITY_INVALID. */
int ks_partner_cart_add(ks_ctx *ctx, const char *session_id, int64_t product_id,
                        int64_t quantity, const char *const *options, size_t n_options,
                        const char *list_code, ks_err *err);

/* The cart priced by the pricing engine (in the partner's currency). An empty cart gives an
 * empty quote. INVALID_PARTNER, the engine's codes. */
int ks_partner_cart_quote(ks_priced_cart *out, ks_partner_session *ps, ks_ctx *ctx,
                          const char *session_id, ks_err *err);

/* INVALID_PARTNER. */
int ks_partner_cart_clear(ks_ctx *ctx, const char *session_id, ks_err *err);

/* setExternalRef. INVALID_PARTNER; INVALID_SOURCE "The provided external reference is empty."
 * for an empty or whitespace-only reference. */
int ks_partner_set_external_ref(ks_ctx *ctx, const char *session_id, const char *ref,
                                ks_err *err);

/* placeOrder: the cart becomes a partner order awaiting its proforma; the cart and the
 * external reference are cleared. INVALID_PARTNER, ORDER_PRODUCTS_EMPTY, the engine's codes. */
int ks_partner_order_place(ks_partner_order *out, ks_ctx *ctx, const char *session_id,
                           ks_err *err);

/* getOrder: one of the session partner's orders. INVALID_PARTNER; INVALID_REFERENCE for an
 * empty RefNo, one unknown or of another partner. */
int ks_partner_order_get(ks_partner_order *out, ks_ctx *ctx, const char *session_id,
                         const char *ref_no, ks_err *err);

/* The partner's orders, newest first, those with external reference ext when not NULL.
 * INVALID_PARTNER. */
int ks_partner_order_search(ks_partner_order **out, size_t *n, ks_ctx *ctx,
                            const char *session_id, const char *ext, ks_err *err);

/* createProforma(Sales): a proforma of the partner's orders awaiting payment, all of one
 * currency, none in another proforma. INVALID_PARTNER; INVALID_REFERENCE (empty list, unknown
 * order or of another partner); INVALID_PROFORMA (an order not awaiting payment or already in
 * a proforma, currencies that differ). */
int ks_proforma_create(ks_proforma *out, ks_ctx *ctx, const char *session_id,
                       const char *const *refs, size_t n, ks_err *err);

/* getProforma. INVALID_PARTNER; INVALID_PROFORMA_NUMBER "Invalid partner invoice number." for
 * an unknown number or another partner's. Releases the orders of a paid proforma that are not
 * released yet (a payment interrupted half-way). */
int ks_proforma_get(ks_proforma *out, ks_ctx *ctx, const char *session_id, const char *number,
                    ks_err *err);

/* setProforma: the invoice setPaymentDetails and payProforma work on. INVALID_PARTNER,
 * INVALID_PROFORMA_NUMBER; PAYMENT_PROFORMA "This is a paid partner invoice." */
int ks_proforma_set(ks_ctx *ctx, const char *session_id, const char *number, ks_err *err);

/* setPaymentDetails: checks the payment through the test processor for the set invoice's
 * total and keeps its answer (never the card). INVALID_PARTNER; INVALID_PROFORMA ("use
 * setProforma first"); the processor's codes for a payment it refuses outright. */
int ks_proforma_payment_details(ks_ctx *ctx, const char *session_id, const ks_payment_in *p,
                                ks_err *err);

/* payProforma: pays the set invoice with the payment details given, then releases its orders.
 * INVALID_PARTNER; PAYMENT_PROFORMA "You must use setPaymentDetails first." or "This is a paid
 * partner invoice."; PAYMENT_ERROR "Authorization error." when the card was declined. */
int ks_proforma_pay(ks_ctx *ctx, const char *session_id, ks_err *err);

/* confirmInvoicePayment(partnerCode, proformaNumber): the vendor records a wire payment of a
 * Direct-model partner's invoice, which releases its orders. NOT_FOUND_PARTNER; INVALID_METHOD
 * for a partner not on the Direct model; INVALID_PROFORMA_NUMBER; PAYMENT_PROFORMA when paid. */
int ks_proforma_confirm_payment(ks_ctx *ctx, const char *partner_code, const char *number,
                                ks_err *err);

/* The ProformaPDF link: base + "/partner-invoices/<vendor>/<number>.pdf?expires=T&signature=S",
 * signed with the vendor's secret, valid KS_PROFORMA_PDF_TTL seconds of the sandbox clock. */
const char *ks_proforma_pdf_link(ks_ctx *ctx, const ks_proforma *p, ks_time now);

/* The PDF of a proforma behind a link (no session: the signature is the proof). The body goes
 * into *out. NOT_FOUND for an unknown vendor or number; FORBIDDEN for a bad signature or a link
 * past its time. */
int ks_proforma_pdf(ks_buf *out, ks_ctx *ctx, const char *vendor_code, const char *number,
                    const char *expires, const char *signature, ks_err *err);

#endif
