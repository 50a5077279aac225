/* test_iso.c — src/core/iso.c: country, currency and language look-ups. The generated tables
 * are included here too, to prove that every entry is found: the look-up is a binary search,
 * which silently misses entries of a table that is not sorted. */
#include "unit.h"

#include <ctype.h>

#include "core/iso.h"
#include "core/iso_tables.inc"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static void flip_case(char *out, const char *in)
{
    for (; *in; in++)
        *out++ = (char)(isupper((unsigned char)*in) ? tolower((unsigned char)*in)
                                                    : toupper((unsigned char)*in));
    *out = '\0';
}

static void test_country(void **state)
{
    (void)state;
    assert_string_equal(ks_iso_country("US"), "US");
    assert_string_equal(ks_iso_country("us"), "US");
    assert_string_equal(ks_iso_country("Ro"), "RO");
    assert_string_equal(ks_iso_country("gB"), "GB");
    assert_string_equal(ks_iso_country("AD"), "AD"); /* first and last entries */
    assert_string_equal(ks_iso_country("zw"), "ZW");
    static const char *const unknown[] = {"XX", "UK", "ZZ",  "AA",  "USA", "U", "",
                                          "U1", "1A", " US", "US ", "U-",  "ÜS"};
    for (size_t i = 0; i < COUNT(unknown); i++)
        assert_null(ks_iso_country(unknown[i]));
    assert_null(ks_iso_country(NULL));
}

static void test_currency(void **state)
{
    (void)state;
    int minor = -1;
    assert_string_equal(ks_iso_currency("USD", &minor), "USD");
    assert_int_equal(minor, 2);
    assert_string_equal(ks_iso_currency("eur", &minor), "EUR");
    assert_int_equal(minor, 2);
    /* currencies without and with three minor units */
    assert_string_equal(ks_iso_currency("jpy", &minor), "JPY");
    assert_int_equal(minor, 0);
    assert_string_equal(ks_iso_currency("KWD", &minor), "KWD");
    assert_int_equal(minor, 3);
    assert_string_equal(ks_iso_currency("Bhd", &minor), "BHD");
    assert_int_equal(minor, 3);
    assert_string_equal(ks_iso_currency("KRW", &minor), "KRW");
    assert_int_equal(minor, 0);
    assert_string_equal(ks_iso_currency("AED", &minor), "AED");
    assert_string_equal(ks_iso_currency("zwl", &minor), "ZWL");
    /* minor may be NULL */
    assert_string_equal(ks_iso_currency("ron", NULL), "RON");

    minor = 42;
    static const char *const unknown[] = {"XYZ", "US",  "USDD", "",  "US1", "EU",
                                          "AAA", "ZZZ", "US ",  "€", "BTC"};
    for (size_t i = 0; i < COUNT(unknown); i++)
        assert_null(ks_iso_currency(unknown[i], &minor));
    assert_null(ks_iso_currency(NULL, &minor));
    assert_int_equal(minor, 42); /* untouched when unknown */
}

static void test_language(void **state)
{
    (void)state;
    assert_string_equal(ks_iso_language("en"), "en");
    assert_string_equal(ks_iso_language("EN"), "en");
    assert_string_equal(ks_iso_language("Ro"), "ro");
    assert_string_equal(ks_iso_language("aa"), "aa");
    assert_string_equal(ks_iso_language("ZU"), "zu");
    static const char *const unknown[] = {"xx", "eng", "e", "", "e1", "en-US", "qq", "zz"};
    for (size_t i = 0; i < COUNT(unknown); i++)
        assert_null(ks_iso_language(unknown[i]));
    assert_null(ks_iso_language(NULL));
}

/* Every entry of every table is found under its own spelling and with its case flipped. */
static void test_tables_complete(void **state)
{
    (void)state;
    char flipped[8];
    assert_true(COUNT(iso_countries) >= 240);
    for (size_t i = 0; i < COUNT(iso_countries); i++) {
        if (i)
            assert_true(strcmp(iso_countries[i - 1], iso_countries[i]) < 0);
        assert_string_equal(ks_iso_country(iso_countries[i]), iso_countries[i]);
        flip_case(flipped, iso_countries[i]);
        assert_string_equal(ks_iso_country(flipped), iso_countries[i]);
    }
    assert_true(COUNT(iso_currencies) >= 150);
    for (size_t i = 0; i < COUNT(iso_currencies); i++) {
        int minor = -1;
        if (i)
            assert_true(strcmp(iso_currencies[i - 1].code, iso_currencies[i].code) < 0);
        assert_string_equal(ks_iso_currency(iso_currencies[i].code, &minor),
                            iso_currencies[i].code);
        assert_int_equal(minor, iso_currencies[i].minor);
        assert_true(minor >= 0 && minor <= 4);
        flip_case(flipped, iso_currencies[i].code);
        assert_string_equal(ks_iso_currency(flipped, NULL), iso_currencies[i].code);
    }
    assert_true(COUNT(iso_languages) >= 180);
    for (size_t i = 0; i < COUNT(iso_languages); i++) {
        if (i)
            assert_true(strcmp(iso_languages[i - 1], iso_languages[i]) < 0);
        assert_string_equal(ks_iso_language(iso_languages[i]), iso_languages[i]);
        flip_case(flipped, iso_languages[i]);
        assert_string_equal(ks_iso_language(flipped), iso_languages[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_country),
        cmocka_unit_test(test_currency),
        cmocka_unit_test(test_language),
        cmocka_unit_test(test_tables_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
