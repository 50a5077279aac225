/* payment.h — the test processor: what a payment is (CC, TEST, PAYPAL, EES_TOKEN_PAYMENT,
 * FREE), card checks (Luhn, card type, expiry on the business clock, CVV shape), and the outcome
 * of a payment, decided by the table of test cards documented in docs/payments.md. There is no
 * network here, ever: nothing is charged.
 *
 * A card number and a CVV reach this module bound from the request (the schema marks them
 * secret) and never leave it: the charge keeps the first six and last four digits, the card
 * type and the expiry, and a Kassa-issued token that stands for the card in later renewals. */
#ifndef KS_PAYMENT_H
#define KS_PAYMENT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/decimal.h"
#include "ctx.h"

/* PaymentDetails.PaymentMethod, as bound; PaymentMethod.CardPayment (the seed's nesting of the
 * card) is bound into the same struct. Strings arena-owned, NULL when absent. */
typedef struct ks_payment_method_in {
    const char *card_number; /* secret */
    const char *card_type;
    const char *exp_year, *exp_month;
    const char *ccid; /* secret */
    const char *holder_name;
    ks_dec holder_name_time, card_number_time;
    int has_holder_name_time, has_card_number_time;
    int64_t installments;
    int has_installments;
    int recurring_enabled, has_recurring_enabled;
    const char *return_3ds, *cancel_3ds; /* Vendor3DSReturnURL, Vendor3DSCancelURL */
    const char *ws_order;                /* WSOrder (the seed's 3-D Secure table) */
    const struct ks_payment_method_in *card_payment; /* CardPayment: the card, nested */
    const char *ees_token; /* secret: a pre-tokenised card (2Pay.js) */
    const char *return_url, *cancel_url, *email; /* PayPal */
} ks_payment_method_in;

/* PaymentDetails, as bound. */
typedef struct ks_payment_in {
    const char *type;
    const char *currency; /* canonical ISO 4217 */
    int recurring_enabled, has_recurring_enabled;
    const ks_payment_method_in *method;
    const char *customer_ip;
} ks_payment_in;

typedef enum {
    KS_PAY_CC,     /* a live card payment: approved by the simulator, never charged */
    KS_PAY_TEST,   /* a test order paid with a test card */
    KS_PAY_PAYPAL, /* approved on Kassa's simulated PayPal page */
    KS_PAY_TOKEN,  /* EES_TOKEN_PAYMENT: a pre-tokenised card */
    KS_PAY_FREE    /* a zero total, no payment details */
} ks_pay_type;

typedef enum {
    KS_PAY_APPROVED,   /* authorized now */
    KS_PAY_DECLINED,   /* refused: the order is kept with its Errors */
    KS_PAY_NEEDS_3DS,  /* the shopper must pass 3-D Secure first */
    KS_PAY_NEEDS_PAYPAL /* the shopper must approve on the PayPal page first */
} ks_pay_outcome;

/* The processor's answer: the payment as it may be kept. */
typedef struct ks_charge {
    ks_pay_type type;
    const char *type_name; /* as the platform spells it: "CC", "TEST", ... */
    int test;              /* a test order (and test subscriptions) */
    ks_pay_outcome outcome;
    ks_errcode decline;    /* DECLINED: the Errors key */
    const char *decline_msg;
    /* the card, reduced to what may be kept; "" when there is no card */
    char first6[7], last4[5];
    const char *card_type; /* canonical lower case ("visa"), or NULL */
    int exp_month, exp_year;
    const char *holder_name;
    const char *token;     /* Kassa's token for the payment method (renewals), or NULL */
    int recurring_enabled;
    int64_t installments;  /* 1 for a full payment */
    const char *return_3ds, *cancel_3ds;
    const char *return_url, *cancel_url; /* PayPal */
    int fraud_points;      /* what the typing times add to the order's fraud score */
    const char *ws_order;  /* PaymentMethod.WSOrder, when given there */
} ks_charge;

/* --- card checks (exported for the unit tests) ------------------------------------------- */

/* 1 if s is all digits and passes the Luhn check. */
int ks_card_luhn_ok(const char *s);

/* The canonical card type name ("visa", "visaelectron", "mastercard", "maestro", "amex",
 * "discover", "dankort", "cartebleue", "jcb", "hipercard", "elo") of a name as clients send it
 * ("VISA", "Visa electron", "MasterCard", "Carte Bancaire"...), or NULL if unknown. */
const char *ks_card_type_parse(const char *name);

/* 1 if a card numbered `number` can be of canonical type `type` (by prefix and length). */
int ks_card_type_matches(const char *type, const char *number);

/* The most likely canonical type of a number, or NULL when no network has its prefix. */
const char *ks_card_type_of(const char *number);

/* --- the processor ----------------------------------------------------------------------- */

/* What an order passes to the processor besides its PaymentDetails. */
typedef struct ks_pay_order {
    const char *currency;        /* the order currency */
    int64_t total;               /* minor units the shopper pays */
    const char *billing_country; /* canonical ISO 3166, or NULL */
} ks_pay_order;

/* Validates p for the order and decides the outcome, by the test card table. p may be NULL
 * (no PaymentDetails: a free order). Returns -1 for a request the platform refuses outright
 * (PAYMENT_DETAILS_REQUIRED, PAYMENT_TYPE_INVALID, PAYMENT_CURRENCY_INVALID,
 * ORDER_CURRENCY_MISMATCH, PAYMENT_METHOD_REQUIRED, PAYMENT_CARD_NUMBER_INVALID,
 * PAYMENT_CARD_TYPE_INVALID, PAYMENT_CARD_EXPIRATION_INVALID, PAYMENT_CARD_CVV_INVALID,
 * PAYMENT_HOLDER_NAME_INVALID, PAYMENT_HOLDER_NAME_TIME_INVALID,
 * PAYMENT_CARD_NUMBER_TIME_INVALID, PAYMENT_INSTALLMENTS_INVALID, PAYMENT_3DS_URL_REQUIRED,
 * PAYMENT_RETURN_URL_REQUIRED, PAYMENT_TOKEN_INVALID); 0 with *out filled otherwise, a declined
 * payment included (out->outcome DECLINED, out->decline one of PAYMENT_DECLINED,
 * PAYMENT_INSUFFICIENT_FUNDS, PAYMENT_CARD_EXPIRED, PAYMENT_TEST_CARD_NOT_ALLOWED,
 * PAYMENT_NOT_A_TEST_CARD). Strings of *out live in ctx->arena. */
int ks_payment_authorize(ks_charge *out, ks_ctx *ctx, const ks_payment_in *p,
                         const ks_pay_order *o, ks_err *err);

/* A payment method kept for renewals (a subscription's): Kassa's token and what may be shown
 * of the card. Strings borrowed. */
typedef struct ks_stored_method {
    const char *token;
    int test; /* a test subscription: charged as a TEST payment */
    const char *card_type, *last4;
    int exp_month, exp_year;
} ks_stored_method;

/* Charges total minor units to a stored method on the business clock's date (a renewal). A
 * total of 0 is approved without a card. Declined (out->outcome DECLINED, not an error):
 * PAYMENT_METHOD_REQUIRED (no token), PAYMENT_CARD_EXPIRED (the card's expiry month has ended).
 * -1 only when the clock cannot be read. */
int ks_payment_renew(ks_charge *out, ks_ctx *ctx, const ks_stored_method *m, int64_t total,
                     ks_err *err);

#endif
