/* test_payment.c — src/domain/payment.c: the Luhn check, card types by number, the names
 * clients give card types, and the test processor's answers (test cards, live cards, tokens,
 * PayPal, free orders, expiry on the business clock, installments) over a real store (the
 * clock lives there). */
#include "unit.h"

#include "domain/clock.h"
#include "domain/payment.h"

typedef struct {
    unit_db *db;
    ks_arena *a;
    ks_vendor *v;
    unit_req r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->v = unit_vendor(f->a, f->db->store, "PAY", "SECRET_KEY_A");
    unit_req_init(&f->r, f->db->store, f->v);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unit_req_done(&f->r);
    ks_arena_free(f->a);
    unit_db_close(f->db);
    free(f);
    return 0;
}

/* --- pure checks --------------------------------------------------------------------------- */

static void luhn(void **state)
{
    (void)state;
    assert_true(ks_card_luhn_ok("4111111111111111"));
    assert_true(ks_card_luhn_ok("378282246310005"));
    assert_true(ks_card_luhn_ok("5555555555554444"));
    assert_true(ks_card_luhn_ok("0"));
    assert_false(ks_card_luhn_ok("4111111111111112"));
    assert_false(ks_card_luhn_ok("4111111111111121")); /* a transposition */
    assert_false(ks_card_luhn_ok(""));
    assert_false(ks_card_luhn_ok("4111 1111 1111 1111")); /* digits only here */
    assert_false(ks_card_luhn_ok("41111111111111a1"));
}

static void card_types_by_number(void **state)
{
    (void)state;
    static const struct {
        const char *number, *type;
    } cases[] = {
        {"4111111111111111", "visa"},     {"4000000000000002", "visa"},
        {"5555555555554444", "mastercard"}, {"2221000000000009", "mastercard"},
        {"378282246310005", "amex"},      {"371449635398431", "amex"},
        {"6011111111111117", "discover"}, {"6500000000000002", "discover"},
        {"3530111333300000", "jcb"},      {"6362970000457013", "elo"},
        {"6062826786276634", "hipercard"}, {"5019555544445555", "dankort"},
        {"6759649826438453", "maestro"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = ks_card_type_of(cases[i].number);
        if (!t || strcmp(t, cases[i].type) != 0)
            print_error("%s: %s, expected %s\n", cases[i].number, t ? t : "NULL",
                        cases[i].type);
        assert_non_null(t);
        assert_string_equal(t, cases[i].type);
    }
    assert_null(ks_card_type_of("9999999999999995"));
    /* declared types must match the number; co-brands and Electron count */
    assert_true(ks_card_type_matches("visa", "4111111111111111"));
    assert_true(ks_card_type_matches("visaelectron", "4026000000000002"));
    assert_true(ks_card_type_matches("visa", "4026000000000002"));
    assert_false(ks_card_type_matches("visaelectron", "4111111111111111"));
    assert_true(ks_card_type_matches("cartebleue", "4111111111111111"));
    assert_true(ks_card_type_matches("cartebleue", "5555555555554444"));
    assert_true(ks_card_type_matches("dankort", "4571000000000001"));
    assert_false(ks_card_type_matches("mastercard", "4111111111111111"));
    assert_false(ks_card_type_matches("amex", "3782822463100050")); /* 16 digits */
    assert_false(ks_card_type_matches("visa", "41111111111")); /* too short */
}

static void card_type_names(void **state)
{
    (void)state;
    assert_string_equal(ks_card_type_parse("VISA"), "visa");
    assert_string_equal(ks_card_type_parse("Visa electron"), "visaelectron");
    assert_string_equal(ks_card_type_parse("VISA_ELECTRON"), "visaelectron");
    assert_string_equal(ks_card_type_parse("MasterCard"), "mastercard");
    assert_string_equal(ks_card_type_parse("American Express"), "amex");
    assert_string_equal(ks_card_type_parse("Carte Bancaire"), "cartebleue");
    assert_string_equal(ks_card_type_parse("cartebleue"), "cartebleue");
    assert_string_equal(ks_card_type_parse("Hipercard"), "hipercard");
    assert_string_equal(ks_card_type_parse("ELO"), "elo");
    assert_null(ks_card_type_parse("Diners"));
    assert_null(ks_card_type_parse(""));
    assert_null(ks_card_type_parse(NULL));
}

/* --- the processor ------------------------------------------------------------------------- */

static ks_payment_method_in card(const char *number)
{
    ks_payment_method_in m = {0};
    m.card_number = number;
    m.exp_month = "12";
    m.exp_year = "2099";
    m.ccid = "123";
    m.holder_name = "John Doe";
    m.return_3ds = "https://shop.example.com/ok";
    m.cancel_3ds = "https://shop.example.com/no";
    return m;
}

static const ks_pay_order usd = {"USD", 1000, "US"};

static void authorize(ks_charge *c, fixture *f, const char *type, const ks_payment_method_in *m,
                      const ks_pay_order *o)
{
    ks_err e;
    ks_payment_in p = {.type = type, .currency = o->currency, .method = m};
    assert_ok(ks_payment_authorize(c, &f->r.ctx, &p, o, &e), e);
}

static void refuse(fixture *f, const char *type, const ks_payment_method_in *m,
                   const ks_pay_order *o, ks_errcode code)
{
    ks_err e;
    ks_charge c;
    ks_payment_in p = {.type = type, .currency = o->currency, .method = m};
    assert_err(ks_payment_authorize(&c, &f->r.ctx, &p, o, &e), e, code);
}

static void test_cards(void **state)
{
    fixture *f = *state;
    ks_charge c;
    ks_payment_method_in m = card("4111111111111111");
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.outcome, KS_PAY_APPROVED);
    assert_true(c.test);
    assert_string_equal(c.first6, "411111");
    assert_string_equal(c.last4, "1111");
    assert_string_equal(c.card_type, "visa");
    assert_non_null(c.token);
    assert_null(strstr(c.token, "4111111111111111"));
    m = card("4000000000000002");
    authorize(&c, f, "test", &m, &usd); /* any case */
    assert_int_equal(c.outcome, KS_PAY_DECLINED);
    assert_int_equal(c.decline, KS_E_PAYMENT_DECLINED);
    assert_null(c.token);
    m = card("4000000000009995");
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.decline, KS_E_PAYMENT_INSUFFICIENT_FUNDS);
    m = card("4000000000003220");
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.outcome, KS_PAY_NEEDS_3DS);
    /* the test card on a live order is refused; a real card on a test order too */
    m = card("4111111111111111");
    authorize(&c, f, "CC", &m, &usd);
    assert_int_equal(c.decline, KS_E_PAYMENT_TEST_CARD_NOT_ALLOWED);
    assert_false(c.test);
    m = card("4242424242424242");
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.decline, KS_E_PAYMENT_NOT_A_TEST_CARD);
    authorize(&c, f, "CC", &m, &usd);
    assert_int_equal(c.outcome, KS_PAY_APPROVED);
}

static void card_checks(void **state)
{
    fixture *f = *state;
    ks_payment_method_in m = card("4111111111111112");
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_CARD_NUMBER_INVALID);
    m = card("4111-1111-1111-1111"); /* groups are fine */
    ks_charge c;
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.outcome, KS_PAY_APPROVED);
    m = card("4111111111111111");
    m.card_type = "amex";
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_CARD_TYPE_INVALID);
    m = card("4111111111111111");
    m.exp_month = "0";
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_CARD_EXPIRATION_INVALID);
    m = card("4111111111111111");
    m.exp_year = "20a9";
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_CARD_EXPIRATION_INVALID);
    m = card("4111111111111111");
    m.ccid = "1234";
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_CARD_CVV_INVALID);
    m = card("378282246310005");
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_CARD_CVV_INVALID); /* amex: 4 digits */
    m.ccid = "1234";
    authorize(&c, f, "TEST", &m, &usd);
    assert_string_equal(c.card_type, "amex");
    m = card("4111111111111111");
    m.holder_name = NULL;
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_HOLDER_NAME_INVALID);
    m = card("4111111111111111");
    m.cancel_3ds = NULL;
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_3DS_URL_REQUIRED);
    m = card("4111111111111111");
    m.return_3ds = "ftp://x";
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_3DS_URL_REQUIRED);
    m = card("4111111111111111");
    m.holder_name_time = -1;
    m.has_holder_name_time = 1;
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_HOLDER_NAME_TIME_INVALID);
    m = card("4111111111111111");
    m.card_number_time = -1;
    m.has_card_number_time = 1;
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_CARD_NUMBER_TIME_INVALID);
    /* short typing times count toward the fraud score */
    m = card("4111111111111111");
    m.holder_name_time = 5000; /* 0.5 s */
    m.has_holder_name_time = 1;
    m.card_number_time = 10000; /* 1 s */
    m.has_card_number_time = 1;
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.fraud_points, 50);
}

static void expiry_on_the_business_clock(void **state)
{
    fixture *f = *state;
    ks_charge c;
    ks_time now;
    ks_err e;
    char date[11];
    assert_ok(ks_clock_now(&now, &f->r.ctx, &e), e);
    ks_time_format_date(date, now, 0);
    char year[5], month[3];
    memcpy(year, date, 4);
    year[4] = '\0';
    memcpy(month, date + 5, 2);
    month[2] = '\0';
    /* valid to the end of its month */
    ks_payment_method_in m = card("4111111111111111");
    m.exp_year = year;
    m.exp_month = month;
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.outcome, KS_PAY_APPROVED);
    /* two months on, the same card has expired */
    assert_ok(ks_jobs_advance(&f->r.ctx, 62 * 86400, &e), e);
    unit_req_done(&f->r);
    unit_req_init(&f->r, f->db->store, f->v);
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.outcome, KS_PAY_DECLINED);
    assert_int_equal(c.decline, KS_E_PAYMENT_CARD_EXPIRED);
    m.exp_year = "99"; /* two digits: 2099 */
    m.exp_month = "1";
    authorize(&c, f, "TEST", &m, &usd);
    assert_int_equal(c.exp_year, 2099);
    assert_int_equal(c.exp_month, 1);
}

static void installments(void **state)
{
    fixture *f = *state;
    ks_charge c;
    static const ks_pay_order brl = {"BRL", 1000, "BR"};
    ks_payment_method_in m = card("4111111111111111");
    m.installments = 6;
    m.has_installments = 1;
    refuse(f, "TEST", &m, &usd, KS_E_PAYMENT_INSTALLMENTS_INVALID);
    authorize(&c, f, "TEST", &m, &brl);
    assert_int_equal(c.installments, 6);
    m.installments = 13;
    refuse(f, "TEST", &m, &brl, KS_E_PAYMENT_INSTALLMENTS_INVALID);
    m = card("378282246310005");
    m.ccid = "1234";
    m.installments = 2;
    m.has_installments = 1;
    refuse(f, "TEST", &m, &brl, KS_E_PAYMENT_INSTALLMENTS_INVALID);
    m.installments = 1; /* a full payment is fine with any card */
    authorize(&c, f, "TEST", &m, &brl);
    assert_int_equal(c.installments, 1);
}

static void other_types(void **state)
{
    fixture *f = *state;
    ks_charge c;
    ks_err e;
    static const ks_pay_order zero = {"USD", 0, "US"};
    /* no payment details: a free order, only when nothing is to be paid */
    assert_ok(ks_payment_authorize(&c, &f->r.ctx, NULL, &zero, &e), e);
    assert_int_equal(c.type, KS_PAY_FREE);
    assert_int_equal(c.outcome, KS_PAY_APPROVED);
    assert_err(ks_payment_authorize(&c, &f->r.ctx, NULL, &usd, &e), e,
               KS_E_PAYMENT_DETAILS_REQUIRED);
    ks_payment_in p = {.type = "FREE", .currency = "USD"};
    assert_err(ks_payment_authorize(&c, &f->r.ctx, &p, &usd, &e), e, KS_E_PAYMENT_TYPE_INVALID);
    p.type = "WIRE";
    assert_err(ks_payment_authorize(&c, &f->r.ctx, &p, &usd, &e), e, KS_E_PAYMENT_TYPE_INVALID);
    p.type = "CC";
    assert_err(ks_payment_authorize(&c, &f->r.ctx, &p, &usd, &e), e,
               KS_E_PAYMENT_METHOD_REQUIRED);
    /* PayPal waits on its page */
    ks_payment_method_in pp = {.return_url = "https://shop.example.com/back"};
    authorize(&c, f, "PAYPAL", &pp, &usd);
    assert_int_equal(c.outcome, KS_PAY_NEEDS_PAYPAL);
    assert_string_equal(c.cancel_url, "https://shop.example.com/back");
    pp.return_url = NULL;
    refuse(f, "PAYPAL", &pp, &usd, KS_E_PAYMENT_RETURN_URL_REQUIRED);
    /* tokens */
    ks_payment_method_in t = {.ees_token = "TEST-TOKEN-APPROVED",
                              .return_3ds = "https://a.example/ok",
                              .cancel_3ds = "https://a.example/no"};
    authorize(&c, f, "TEST", &t, &usd);
    assert_int_equal(c.outcome, KS_PAY_APPROVED);
    assert_string_equal(c.last4, "1111");
    authorize(&c, f, "EES_TOKEN_PAYMENT", &t, &usd);
    assert_int_equal(c.decline, KS_E_PAYMENT_TEST_CARD_NOT_ALLOWED);
    t.ees_token = "TEST-TOKEN-3DS";
    authorize(&c, f, "TEST", &t, &usd);
    assert_int_equal(c.outcome, KS_PAY_NEEDS_3DS);
    t.ees_token = "opaque-live-token";
    authorize(&c, f, "EES_TOKEN_PAYMENT", &t, &usd);
    assert_int_equal(c.outcome, KS_PAY_APPROVED);
    assert_null(c.card_type);
    t.ees_token = NULL;
    refuse(f, "EES_TOKEN_PAYMENT", &t, &usd, KS_E_PAYMENT_TOKEN_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(luhn),
        cmocka_unit_test(card_types_by_number),
        cmocka_unit_test(card_type_names),
        cmocka_unit_test_setup_teardown(test_cards, setup, teardown),
        cmocka_unit_test_setup_teardown(card_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(expiry_on_the_business_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(installments, setup, teardown),
        cmocka_unit_test_setup_teardown(other_types, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
