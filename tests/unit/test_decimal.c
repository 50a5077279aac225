/* test_decimal.c — src/core/decimal.c: exact money amounts in ten-thousandths, parsed strictly
 * from text, converted from wire doubles and printed back in the shortest form. */
#include "unit.h"

#include <math.h>

#include "core/decimal.h"

static void test_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        ks_dec v;
    } good[] = {
        {"10.36", 103600},
        {"12", 120000},
        {"0", 0},
        {"-0", 0},
        {"0.0001", 1},
        {"-0.0001", -1},
        {"-3.5", -35000},
        {"+2", 20000},
        {"1.2345", 12345},
        /* trailing zeros beyond the 4th decimal lose nothing */
        {"1.23450", 12345},
        {"1.2345000000", 12345},
        {"007.10", 71000},
        {"-10.36", -103600},
        {"9223372036854", 92233720368540000LL}, /* the largest integer part */
        {"-9223372036854.9999", -92233720368549999LL},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        ks_dec v = -42;
        if (ks_dec_parse(&v, good[i].s) != 0)
            print_error("rejected \"%s\"\n", good[i].s);
        assert_int_equal(ks_dec_parse(&v, good[i].s), 0);
        assert_int_equal(v, good[i].v);
    }
}

static void test_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "-",
        "+",
        ".",
        "5.",
        "1.23456", /* precision */
        "1.00001",
        "1e3",
        "1E3",
        " 1",
        "1 ",
        "1,5",
        "1.2.3",
        "--1",
        "+-1",
        "abc",
        "0x10",
        "1..2",
        "12a",
        "NaN",
        "inf",
        "9223372036855", /* integer part too large */
        "99999999999999999999999999",
        "-99999999999999999999999999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ks_dec v = 42;
        if (ks_dec_parse(&v, bad[i]) != -1)
            print_error("accepted \"%s\"\n", bad[i]);
        assert_int_equal(ks_dec_parse(&v, bad[i]), -1);
        assert_int_equal(v, 42); /* untouched on failure */
    }
    ks_dec v;
    assert_int_equal(ks_dec_parse(&v, NULL), -1);
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        ks_dec v;
        const char *s;
    } cases[] = {
        {103600, "10.36"},
        {120000, "12"},
        {0, "0"},
        {1, "0.0001"},
        {-1, "-0.0001"},
        {-35000, "-3.5"},
        {12345, "1.2345"},
        {10010, "1.001"},
        {-103600, "-10.36"},
        {INT64_MAX, "922337203685477.5807"},
        {INT64_MIN, "-922337203685477.5808"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[32];
        memset(out, 'X', sizeof out);
        ks_dec_format(out, cases[i].v);
        assert_string_equal(out, cases[i].s);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    for (ks_dec v = -2000003; v <= 2000003; v += 37) {
        char out[32];
        ks_dec back;
        ks_dec_format(out, v);
        assert_int_equal(ks_dec_parse(&back, out), 0);
        assert_int_equal(back, v);
    }
}

static void test_double(void **state)
{
    (void)state;
    ks_dec v = 0;
    /* 10.36 is 10.3599999... in binary; the nearest ten-thousandth is still 10.36 */
    assert_int_equal(ks_dec_from_double(&v, 10.36), 0);
    assert_int_equal(v, 103600);
    assert_int_equal(ks_dec_from_double(&v, 0.1 + 0.2), 0);
    assert_int_equal(v, 3000);
    assert_int_equal(ks_dec_from_double(&v, -2.5), 0);
    assert_int_equal(v, -25000);
    assert_int_equal(ks_dec_from_double(&v, 1.23456), 0);
    assert_int_equal(v, 12346);
    assert_int_equal(ks_dec_from_double(&v, 0), 0);
    assert_int_equal(v, 0);

    v = 42;
    assert_int_equal(ks_dec_from_double(&v, NAN), -1);
    assert_int_equal(ks_dec_from_double(&v, INFINITY), -1);
    assert_int_equal(ks_dec_from_double(&v, -INFINITY), -1);
    assert_int_equal(ks_dec_from_double(&v, 1e20), -1);
    assert_int_equal(ks_dec_from_double(&v, -1e20), -1);
    assert_int_equal(v, 42);

    assert_true(ks_dec_to_double(103600) == 10.36);
    assert_true(ks_dec_to_double(-35000) == -3.5);
    assert_true(ks_dec_to_double(0) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),  cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_format), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
