/* payment.c — the test processor: card checks, the test card table and the outcome of a
 * payment. Nothing leaves the process; nothing is charged. The card number and CVV are read
 * here and nowhere else, and no message, log line or returned field ever quotes them. */
#include "payment.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../core/crypto.h"
#include "clock.h"

/* --- card networks ----------------------------------------------------------------------- */

/* A prefix range of a network: numbers whose first strlen(lo) digits lie in lo..hi. */
typedef struct {
    const char *type;
    const char *lo, *hi;
    int minlen, maxlen;
} bin_range;

/* Sources: the networks' published IIN ranges (ISO/IEC 7812 registrations as summarised by
 * the card schemes); Elo and Hipercard from their Brazilian acquirer documentation. Ranges
 * overlap on purpose (Elo inside 4 and 65, co-branded Carte Bleue and Dankort): a declared
 * type matches when any of its ranges holds the number. */
static const bin_range ranges[] = {
    {"amex", "34", "34", 15, 15},
    {"amex", "37", "37", 15, 15},
    {"elo", "401178", "401179", 16, 16},
    {"elo", "431274", "431274", 16, 16},
    {"elo", "438935", "438935", 16, 16},
    {"elo", "451416", "451416", 16, 16},
    {"elo", "457393", "457393", 16, 16},
    {"elo", "457631", "457632", 16, 16},
    {"elo", "504175", "504175", 16, 16},
    {"elo", "506699", "506778", 16, 16},
    {"elo", "509000", "509999", 16, 16},
    {"elo", "627780", "627780", 16, 16},
    {"elo", "636297", "636297", 16, 16},
    {"elo", "636368", "636368", 16, 16},
    {"elo", "650031", "650051", 16, 16},
    {"elo", "650405", "650439", 16, 16},
    {"elo", "650485", "650538", 16, 16},
    {"elo", "650541", "650598", 16, 16},
    {"elo", "650700", "650727", 16, 16},
    {"elo", "650901", "650920", 16, 16},
    {"elo", "651652", "651679", 16, 16},
    {"elo", "655000", "655058", 16, 16},
    {"hipercard", "606282", "606282", 13, 19},
    {"hipercard", "3841", "3841", 13, 19},
    {"hipercard", "637095", "637095", 16, 19},
    {"hipercard", "637568", "637568", 16, 19},
    {"hipercard", "637599", "637599", 16, 19},
    {"hipercard", "637609", "637612", 16, 19},
    {"jcb", "3528", "3589", 16, 19},
    {"discover", "6011", "6011", 16, 19},
    {"discover", "622126", "622925", 16, 19},
    {"discover", "644", "649", 16, 19},
    {"discover", "65", "65", 16, 19},
    {"mastercard", "51", "55", 16, 16},
    {"mastercard", "2221", "2720", 16, 16},
    {"visaelectron", "4026", "4026", 16, 16},
    {"visaelectron", "417500", "417500", 16, 16},
    {"visaelectron", "4405", "4405", 16, 16},
    {"visaelectron", "4508", "4508", 16, 16},
    {"visaelectron", "4844", "4844", 16, 16},
    {"visaelectron", "4913", "4913", 16, 16},
    {"visaelectron", "4917", "4917", 16, 16},
    {"visa", "4", "4", 13, 19},
    {"dankort", "5019", "5019", 16, 16},
    {"dankort", "4571", "4571", 16, 16},
    {"cartebleue", "4", "4", 16, 16},
    {"cartebleue", "51", "55", 16, 16},
    {"cartebleue", "2221", "2720", 16, 16},
    {"maestro", "50", "50", 12, 19},
    {"maestro", "56", "58", 12, 19},
    {"maestro", "6304", "6304", 12, 19},
    {"maestro", "639", "639", 12, 19},
    {"maestro", "67", "67", 12, 19},
};

static int in_range(const bin_range *r, const char *number, size_t len)
{
    size_t pl = strlen(r->lo);
    if (len < (size_t)r->minlen || len > (size_t)r->maxlen || len < pl)
        return 0;
    return strncmp(number, r->lo, pl) >= 0 && strncmp(number, r->hi, pl) <= 0;
}

int ks_card_luhn_ok(const char *s)
{
    size_t n = strlen(s);
    int sum = 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[n - 1 - i];
        if (c < '0' || c > '9')
            return 0;
        int d = c - '0';
        if (i % 2) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

const char *ks_card_type_parse(const char *name)
{
    static const struct {
        const char *alias, *type;
    } names[] = {
        {"visa", "visa"},           {"visaelectron", "visaelectron"},
        {"electron", "visaelectron"}, {"mastercard", "mastercard"},
        {"maestro", "maestro"},     {"amex", "amex"},
        {"americanexpress", "amex"}, {"discover", "discover"},
        {"dankort", "dankort"},     {"cartebleue", "cartebleue"},
        {"cartebancaire", "cartebleue"}, {"jcb", "jcb"},
        {"hipercard", "hipercard"}, {"elo", "elo"},
    };
    char key[32];
    size_t k = 0;
    if (!name)
        return NULL;
    /* "Visa electron", "VISA_ELECTRON", "Carte-Bleue": case, spaces and separators differ */
    for (const char *p = name; *p; p++) {
        if (*p == ' ' || *p == '_' || *p == '-')
            continue;
        if (k + 1 >= sizeof key)
            return NULL;
        key[k++] = (char)tolower((unsigned char)*p);
    }
    key[k] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(key, names[i].alias) == 0)
            return names[i].type;
    return NULL;
}

int ks_card_type_matches(const char *type, const char *number)
{
    size_t len = strlen(number);
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (strcmp(ranges[i].type, type) == 0 && in_range(&ranges[i], number, len))
            return 1;
    /* a Visa Electron card is a Visa card: declaring the network is enough */
    if (strcmp(type, "visa") == 0 && ks_card_type_matches("visaelectron", number))
        return 1;
    return 0;
}

const char *ks_card_type_of(const char *number)
{
    /* the most specific networks first: Elo and Hipercard live inside other ranges */
    static const char *const order[] = {"amex",       "elo",  "hipercard", "jcb",
                                        "discover",   "mastercard", "visa", "dankort",
                                        "maestro"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (ks_card_type_matches(order[i], number))
            return order[i];
    return NULL;
}

/* --- the test cards ------------------------------------------------------------------------
 *
 * The platform publishes no outcome table, so Kassa defines one (docs/payments.md). The
 * numbers are the well-known test numbers of the networks; each passes the Luhn check. */

typedef enum { TC_APPROVE, TC_DECLINE, TC_NO_FUNDS, TC_3DS } tc_outcome;

static const struct {
    const char *number;
    tc_outcome outcome;
} test_cards[] = {
    {"4111111111111111", TC_APPROVE}, /* Visa: the platform's own test card */
    {"5555555555554444", TC_APPROVE}, /* MasterCard */
    {"378282246310005", TC_APPROVE},  /* American Express */
    {"6011111111111117", TC_APPROVE}, /* Discover */
    {"3530111333300000", TC_APPROVE}, /* JCB */
    {"6362970000457013", TC_APPROVE}, /* Elo */
    {"6062826786276634", TC_APPROVE}, /* Hipercard */
    {"4000000000000002", TC_DECLINE}, /* Visa: declined by the issuer */
    {"4000000000009995", TC_NO_FUNDS}, /* Visa: insufficient funds */
    {"4000000000003220", TC_3DS},     /* Visa: 3-D Secure required */
    {"5200000000001096", TC_3DS},     /* MasterCard: 3-D Secure required */
};

/* The test tokens stand for test cards in EES_TOKEN_PAYMENT / TEST token payments. */
static const struct {
    const char *token;
    tc_outcome outcome;
    const char *card; /* the card it stands for */
} test_tokens[] = {
    {"TEST-TOKEN-APPROVED", TC_APPROVE, "4111111111111111"},
    {"TEST-TOKEN-DECLINED", TC_DECLINE, "4000000000000002"},
    {"TEST-TOKEN-INSUFFICIENT-FUNDS", TC_NO_FUNDS, "4000000000009995"},
    {"TEST-TOKEN-3DS", TC_3DS, "4000000000003220"},
};

static int test_card(tc_outcome *out, const char *number)
{
    for (size_t i = 0; i < sizeof test_cards / sizeof test_cards[0]; i++)
        if (strcmp(test_cards[i].number, number) == 0) {
            *out = test_cards[i].outcome;
            return 1;
        }
    return 0;
}

/* --- checks ------------------------------------------------------------------------------ */

static int parse_small(const char *s, int *out, int maxdigits)
{
    int v = 0, n = 0;
    if (!s || !*s)
        return -1;
    for (; *s; s++, n++) {
        if (*s < '0' || *s > '9' || n >= maxdigits)
            return -1;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return 0;
}

/* The digits of a card number as shoppers type it: spaces and dashes between groups allowed. */
static const char *card_digits(ks_arena *a, const char *s)
{
    char buf[40];
    size_t n = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '-')
            continue;
        if (*s < '0' || *s > '9' || n + 1 >= sizeof buf)
            return NULL;
        buf[n++] = *s;
    }
    buf[n] = '\0';
    return n >= 12 && n <= 19 ? ks_arena_strdup(a, buf) : NULL;
}

static int has(const char *s)
{
    return s && *s;
}

static void keep_card(ks_charge *c, const char *digits, const char *type)
{
    size_t n = strlen(digits);
    memcpy(c->first6, digits, 6);
    c->first6[6] = '\0';
    memcpy(c->last4, digits + n - 4, 4);
    c->last4[4] = '\0';
    c->card_type = type;
}

static void decline(ks_charge *c, ks_errcode code)
{
    c->outcome = KS_PAY_DECLINED;
    c->decline = code;
    c->decline_msg = ks_err_default_msg(code);
}

static void apply(ks_charge *c, tc_outcome t)
{
    switch (t) {
    case TC_APPROVE: c->outcome = KS_PAY_APPROVED; break;
    case TC_DECLINE: decline(c, KS_E_PAYMENT_DECLINED); break;
    case TC_NO_FUNDS: decline(c, KS_E_PAYMENT_INSUFFICIENT_FUNDS); break;
    case TC_3DS: c->outcome = KS_PAY_NEEDS_3DS; break;
    }
}

/* The URL the shopper's browser is sent to: s itself when it is an absolute http(s) URL; a URL
 * without a scheme ("www.success.com", as every official SDK's order fixture sends) is
 * completed with http://, as the platform redirects to it. NULL for anything else (another
 * scheme, spaces or control characters). */
static const char *redirect_url(ks_arena *a, const char *s)
{
    const char *p;
    for (p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return NULL;
    if (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0)
        return s[strncasecmp(s, "http://", 7) == 0 ? 7 : 8] ? s : NULL;
    if (!*s || strstr(s, "://") || s[0] == '/')
        return NULL; /* another scheme, or a relative path */
    /* "javascript:...", "mailto:...": a scheme; "host:8080/..." is a port */
    for (p = s; isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.'; p++)
        ;
    if (*p == ':' && !isdigit((unsigned char)p[1]))
        return NULL;
    return ks_arena_printf(a, "http://%s", s);
}

/* API: placeOrder — "Vendor3DSReturnURL ... Vendor3DSCancelURL | Required" for card payments:
 * "URL address to which customers are redirected" */
static int check_3ds_urls(ks_charge *c, ks_ctx *ctx, const ks_payment_method_in *m, ks_err *err)
{
    if (!has(m->return_3ds) || !has(m->cancel_3ds))
        return ks_err_set(err, KS_E_PAYMENT_3DS_URL_REQUIRED);
    c->return_3ds = redirect_url(ctx->arena, m->return_3ds);
    c->cancel_3ds = redirect_url(ctx->arena, m->cancel_3ds);
    if (!c->return_3ds || !c->cancel_3ds)
        return ks_err_setf(err, KS_E_PAYMENT_3DS_URL_REQUIRED,
                           "Vendor3DSReturnURL and Vendor3DSCancelURL must be http(s) URLs");
    return 0;
}

/* API: placeOrder — HolderNameTime and CardNumberTime "Can be NULL, but not a negative number";
 * "An abnormally short interval is usually a red flag for fraud attempts." */
static int check_typing_times(ks_charge *c, const ks_payment_method_in *m, ks_err *err)
{
    if (m->has_holder_name_time && m->holder_name_time < 0)
        return ks_err_set(err, KS_E_PAYMENT_HOLDER_NAME_TIME_INVALID);
    if (m->has_card_number_time && m->card_number_time < 0)
        return ks_err_set(err, KS_E_PAYMENT_CARD_NUMBER_TIME_INVALID);
    if (m->has_holder_name_time && m->holder_name_time < 1 * KS_DEC_SCALE)
        c->fraud_points += 25;
    if (m->has_card_number_time && m->card_number_time < 2 * KS_DEC_SCALE)
        c->fraud_points += 25;
    return 0;
}

/* API: placeOrder — InstallmentsNumber "Available only when customers in Brazil pay with Visa
 * or MasterCard using Brazilian Real as the order currency. Use 1 or exclude the parameter for
 * full payments." */
static int check_installments(ks_charge *c, const ks_payment_method_in *m, const ks_pay_order *o,
                              ks_err *err)
{
    int64_t n = 1;
    if (m->has_installments)
        n = m->installments;
    if (n < 1 || n > 12)
        return ks_err_setf(err, KS_E_PAYMENT_INSTALLMENTS_INVALID,
                           "InstallmentsNumber must be between 1 and 12");
    if (n > 1 && !(o->billing_country && strcmp(o->billing_country, "BR") == 0 &&
                   strcmp(o->currency, "BRL") == 0 && c->card_type &&
                   (strcmp(c->card_type, "visa") == 0 || strcmp(c->card_type, "mastercard") == 0)))
        return ks_err_set(err, KS_E_PAYMENT_INSTALLMENTS_INVALID);
    c->installments = n;
    return 0;
}

/* 1 when the card's last valid day (the end of its expiry month, UTC) is before now. */
static int card_expired(ks_ctx *ctx, int month, int year, int *expired, ks_err *err)
{
    ks_time now;
    struct tm tm;
    if (ks_clock_now(&now, ctx, err))
        return -1;
    time_t t = (time_t)now;
    gmtime_r(&t, &tm);
    int cur = (tm.tm_year + 1900) * 12 + tm.tm_mon; /* months since year 0 */
    *expired = year * 12 + (month - 1) < cur;
    return 0;
}

static int card_payment(ks_charge *c, ks_ctx *ctx, const ks_payment_method_in *m,
                        const ks_pay_order *o, ks_err *err)
{
    const char *digits, *type;
    int month, year, expired;
    /* API: placeOrder — CardPayment: "CardNumber | Required" */
    if (!has(m->card_number) || !(digits = card_digits(ctx->arena, m->card_number)) ||
        !ks_card_luhn_ok(digits))
        return ks_err_set(err, KS_E_PAYMENT_CARD_NUMBER_INVALID);
    /* API: placeOrder — "CardType | visa, visaelectron, mastercard, maestro, amex, discover,
     * dankort, cartebleue, jcb, hipercard, elo": it must be the card's network; when absent
     * (the platform's test flow marks it optional) it is read off the number */
    if (has(m->card_type)) {
        if (!(type = ks_card_type_parse(m->card_type)) || !ks_card_type_matches(type, digits))
            return ks_err_set(err, KS_E_PAYMENT_CARD_TYPE_INVALID);
    } else if (!(type = ks_card_type_of(digits))) {
        return ks_err_set(err, KS_E_PAYMENT_CARD_TYPE_INVALID);
    }
    keep_card(c, digits, type);
    /* API: placeOrder — "ExpirationYear | Required", "ExpirationMonth | Required" */
    if (parse_small(m->exp_month, &month, 2) || month < 1 || month > 12 ||
        parse_small(m->exp_year, &year, 4) || (strlen(m->exp_year) != 2 && year < 1000))
        return ks_err_set(err, KS_E_PAYMENT_CARD_EXPIRATION_INVALID);
    if (year < 100)
        year += 2000;
    c->exp_month = month;
    c->exp_year = year;
    /* API: placeOrder — "CCID ... usually a 3-4 digit number, the CVC2/CVV2" */
    if (m->ccid) {
        size_t want = strcmp(type, "amex") == 0 ? 4 : 3;
        int v;
        if (strlen(m->ccid) != want || parse_small(m->ccid, &v, 4))
            return ks_err_set(err, KS_E_PAYMENT_CARD_CVV_INVALID);
    }
    /* the issuer's answer comes first: a card it refuses (expired, a test card on a live
     * order, a real card on a test order, a declining test card) makes an order with Errors,
     * whatever else the request lacks (the seeds' own cross-sell sample, a live payment with
     * the test card expired in 2020, has no HolderName) */
    if (card_expired(ctx, month, year, &expired, err))
        return -1;
    tc_outcome t;
    int is_test = test_card(&t, digits);
    if (expired)
        decline(c, KS_E_PAYMENT_CARD_EXPIRED);
    else if (c->test && !is_test)
        decline(c, KS_E_PAYMENT_NOT_A_TEST_CARD);
    else if (!c->test && is_test)
        /* API: test orders — the platform's test card sent with Type CC is refused with a
         * RefNo and Errors (the official PHP SDK's _testPlaceFail) */
        decline(c, KS_E_PAYMENT_TEST_CARD_NOT_ALLOWED);
    else if (c->test)
        apply(c, t);
    else
        c->outcome = KS_PAY_APPROVED; /* a live card: approved by the simulator, never charged */
    if (c->outcome == KS_PAY_DECLINED)
        return 0;
    /* API: placeOrder — "HolderName | Required" */
    if (!has(m->holder_name))
        return ks_err_set(err, KS_E_PAYMENT_HOLDER_NAME_INVALID);
    c->holder_name = m->holder_name;
    if (check_typing_times(c, m, err) || check_3ds_urls(c, ctx, m, err) ||
        check_installments(c, m, o, err))
        return -1;
    return 0;
}

static int token_payment(ks_charge *c, ks_ctx *ctx, const ks_payment_method_in *m,
                         const ks_pay_order *o, ks_err *err)
{
    if (!has(m->ees_token))
        return ks_err_set(err, KS_E_PAYMENT_TOKEN_INVALID);
    if (check_typing_times(c, m, err) || check_3ds_urls(c, ctx, m, err))
        return -1;
    c->holder_name = m->holder_name;
    c->installments = 1;
    (void)o;
    (void)ctx;
    for (size_t i = 0; i < sizeof test_tokens / sizeof test_tokens[0]; i++)
        if (strcmp(test_tokens[i].token, m->ees_token) == 0) {
            keep_card(c, test_tokens[i].card, ks_card_type_of(test_tokens[i].card));
            if (!c->test)
                decline(c, KS_E_PAYMENT_TEST_CARD_NOT_ALLOWED);
            else
                apply(c, test_tokens[i].outcome);
            return 0;
        }
    if (c->test)
        decline(c, KS_E_PAYMENT_NOT_A_TEST_CARD);
    else
        c->outcome = KS_PAY_APPROVED; /* a live token: the simulator approves it */
    return 0;
}

#define TAKE(f)                                                                                    \
    if (!out->f)                                                                                   \
    out->f = c->f
#define TAKE_PRESENT(f, has)                                                                       \
    if (!out->has && c->has) {                                                                     \
        out->f = c->f;                                                                             \
        out->has = 1;                                                                              \
    }

/* API: placeOrder — the card flat in PaymentMethod (the official SDKs) or nested in
 * PaymentMethod.CardPayment {CardNumber, CardType, ...} (the seed's parameter table): one card,
 * each field taken flat when given there, else from CardPayment. */
static const ks_payment_method_in *one_card(ks_arena *a, const ks_payment_method_in *m)
{
    if (!m || !m->card_payment)
        return m;
    const ks_payment_method_in *c = m->card_payment;
    ks_payment_method_in *out = ks_arena_alloc(a, sizeof *out);
    *out = *m;
    TAKE(card_number);
    TAKE(card_type);
    TAKE(exp_year);
    TAKE(exp_month);
    TAKE(ccid);
    TAKE(holder_name);
    TAKE(return_3ds);
    TAKE(cancel_3ds);
    TAKE(ws_order);
    TAKE_PRESENT(holder_name_time, has_holder_name_time);
    TAKE_PRESENT(card_number_time, has_card_number_time);
    TAKE_PRESENT(installments, has_installments);
    return out;
}
#undef TAKE
#undef TAKE_PRESENT

int ks_payment_authorize(ks_charge *out, ks_ctx *ctx, const ks_payment_in *p,
                         const ks_pay_order *o, ks_err *err)
{
    static const struct {
        const char *name;
        ks_pay_type type;
    } types[] = {{"CC", KS_PAY_CC},
                 {"TEST", KS_PAY_TEST},
                 {"PAYPAL", KS_PAY_PAYPAL},
                 {"EES_TOKEN_PAYMENT", KS_PAY_TOKEN},
                 {"FREE", KS_PAY_FREE}};
    const ks_payment_method_in *m = p ? one_card(ctx->arena, p->method) : NULL;
    int rc = -1;
    memset(out, 0, sizeof *out);
    out->installments = 1;
    out->ws_order = m ? m->ws_order : NULL;
    /* API: placeOrder — PaymentMethod "NULL for 0 value orders for which you're not requiring
     * customers to enter payment details" */
    if (!p || (!p->type && !m)) {
        if (o->total != 0) {
            ks_err_set(err, KS_E_PAYMENT_DETAILS_REQUIRED);
            goto done;
        }
        out->type = KS_PAY_FREE;
        out->type_name = "FREE";
        out->outcome = KS_PAY_APPROVED;
        rc = 0;
        goto done;
    }
    size_t i = 0;
    for (; p->type && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(types[i].name, p->type) == 0)
            break;
    if (!p->type || i == sizeof types / sizeof types[0]) {
        ks_err_set(err, KS_E_PAYMENT_TYPE_INVALID);
        goto done;
    }
    out->type = types[i].type;
    out->type_name = types[i].name;
    out->test = out->type == KS_PAY_TEST;
    out->recurring_enabled = m && m->has_recurring_enabled ? m->recurring_enabled
                                                           : p->recurring_enabled;
    switch (out->type) {
    case KS_PAY_FREE:
        if (o->total != 0) {
            ks_err_setf(err, KS_E_PAYMENT_TYPE_INVALID, "FREE is only for orders whose total is 0");
            goto done;
        }
        out->outcome = KS_PAY_APPROVED;
        break;
    case KS_PAY_PAYPAL:
        /* API: PayPal — "ReturnURL | Mandatory" */
        if (!m || !has(m->return_url) ||
            !(out->return_url = redirect_url(ctx->arena, m->return_url)) ||
            !(out->cancel_url = has(m->cancel_url) ? redirect_url(ctx->arena, m->cancel_url)
                                                   : out->return_url)) {
            ks_err_set(err, KS_E_PAYMENT_RETURN_URL_REQUIRED);
            goto done;
        }
        out->outcome = KS_PAY_NEEDS_PAYPAL;
        break;
    case KS_PAY_CC:
    case KS_PAY_TEST:
    case KS_PAY_TOKEN:
        if (!m) {
            ks_err_set(err, KS_E_PAYMENT_METHOD_REQUIRED);
            goto done;
        }
        /* TEST pays with a test card or a test token (2Pay.js in test mode) */
        if (out->type == KS_PAY_TOKEN || (out->type == KS_PAY_TEST && has(m->ees_token) &&
                                          !has(m->card_number))) {
            if (token_payment(out, ctx, m, o, err))
                goto done;
        } else if (card_payment(out, ctx, m, o, err)) {
            goto done;
        }
        break;
    }
    if (out->outcome != KS_PAY_DECLINED && out->type != KS_PAY_FREE) {
        /* the payment method as renewals will charge it: a token of Kassa's, never the card */
        char tok[33];
        ks_random_hex(tok, 16);
        out->token = ks_arena_printf(ctx->arena, "KT%s", tok);
    }
    rc = 0;
done:
    return rc;
}

int ks_payment_renew(ks_charge *out, ks_ctx *ctx, const ks_stored_method *m, int64_t total,
                     ks_err *err)
{
    int expired = 0;
    memset(out, 0, sizeof *out);
    out->installments = 1;
    out->test = m->test;
    out->type = m->test ? KS_PAY_TEST : KS_PAY_CC;
    out->type_name = m->test ? "TEST" : "CC";
    out->token = m->token;
    out->card_type = m->card_type;
    if (m->last4)
        snprintf(out->last4, sizeof out->last4, "%s", m->last4);
    out->exp_month = m->exp_month;
    out->exp_year = m->exp_year;
    out->recurring_enabled = 1;
    if (total == 0) {
        /* nothing to charge: a free renewal needs no card */
        out->outcome = KS_PAY_APPROVED;
        return 0;
    }
    if (!m->token || !*m->token) {
        decline(out, KS_E_PAYMENT_METHOD_REQUIRED);
        return 0;
    }
    /* API: renewals — the stored card is charged as it is on the renewal date: a card whose
     * expiry month has ended by then is refused by the issuer (docs/payments.md) */
    if (m->exp_year && card_expired(ctx, m->exp_month, m->exp_year, &expired, err))
        return -1;
    if (expired)
        decline(out, KS_E_PAYMENT_CARD_EXPIRED);
    else
        out->outcome = KS_PAY_APPROVED;
    return 0;
}
