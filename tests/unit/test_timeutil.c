/* test_timeutil.c — src/core/timeutil.c: the platform's date formats, written and strictly
 * read back (calendar-checked, with time zone offsets). */
#include "unit.h"

#include <time.h>

#include "core/timeutil.h"

static void test_format(void **state)
{
    (void)state;
    char s[KS_TIME_STR_MAX], d[11];
    ks_time_format(s, 0, 0);
    assert_string_equal(s, "1970-01-01 00:00:00");
    ks_time_format(s, 1273752732, 0);
    assert_string_equal(s, "2010-05-13 12:12:12");
    /* the API time zone of the platform is GMT+02:00 */
    ks_time_format(s, 1273752732, 7200);
    assert_string_equal(s, "2010-05-13 14:12:12");
    ks_time_format(s, 1273752732, -13 * 3600);
    assert_string_equal(s, "2010-05-12 23:12:12");
    ks_time_format(s, -1, 0);
    assert_string_equal(s, "1969-12-31 23:59:59");
    ks_time_format(s, 253402300799, 0);
    assert_string_equal(s, "9999-12-31 23:59:59");
    ks_time_format_date(d, 1273752732, 0);
    assert_string_equal(d, "2010-05-13");
    ks_time_format_date(d, 1273752732, 12 * 3600);
    assert_string_equal(d, "2010-05-14");
    ks_time_format_date(d, 951782400, 0);
    assert_string_equal(d, "2000-02-29");
}

/* Times beyond what "YYYY-MM-DD HH:MM:SS" can show (the sandbox clock can be moved that far)
 * are shown as the nearest time it can, never as a cut, unterminated string. */
static void test_format_out_of_range(void **state)
{
    (void)state;
    char s[KS_TIME_STR_MAX], d[11];
    static const ks_time late[] = {253402300800LL, 253402300800LL + 86400 * 400, 1LL << 40,
                                   1LL << 60, INT64_MAX};
    for (size_t i = 0; i < sizeof late / sizeof late[0]; i++) {
        memset(s, 'X', sizeof s);
        ks_time_format(s, late[i], 0);
        assert_string_equal(s, "9999-12-31 23:59:59");
        ks_time_format(s, late[i], 14 * 3600);
        assert_string_equal(s, "9999-12-31 23:59:59");
        memset(d, 'X', sizeof d);
        ks_time_format_date(d, late[i], 7200);
        assert_string_equal(d, "9999-12-31");
    }
    /* the last second that fits, reached through the time zone */
    ks_time_format(s, 253402300799LL - 7200, 7200);
    assert_string_equal(s, "9999-12-31 23:59:59");
    static const ks_time early[] = {-2208988801LL, -(1LL << 40), INT64_MIN};
    for (size_t i = 0; i < sizeof early / sizeof early[0]; i++) {
        ks_time_format(s, early[i], 0);
        assert_string_equal(s, "1900-01-01 00:00:00");
        ks_time_format(s, early[i], -12 * 3600);
        assert_string_equal(s, "1900-01-01 00:00:00");
        ks_time_format_date(d, early[i], 0);
        assert_string_equal(d, "1900-01-01");
    }
    /* what is shown can always be read back */
    ks_time t;
    ks_time_format(s, INT64_MAX, 0);
    assert_int_equal(ks_time_parse(&t, s, 0), 0);
    ks_time_format(s, INT64_MIN, 0);
    assert_int_equal(ks_time_parse(&t, s, 0), 0);
}

static void test_parse(void **state)
{
    (void)state;
    ks_time t = 0;
    assert_int_equal(ks_time_parse(&t, "2010-05-13 12:12:12", 0), 0);
    assert_int_equal(t, 1273752732);
    /* a local time at GMT+02:00 is two hours earlier in UTC */
    assert_int_equal(ks_time_parse(&t, "2010-05-13 14:12:12", 7200), 0);
    assert_int_equal(t, 1273752732);
    assert_int_equal(ks_time_parse(&t, "1970-01-01 00:00:00", 0), 0);
    assert_int_equal(t, 0);
    assert_int_equal(ks_time_parse(&t, "1900-01-01 00:00:00", 0), 0);
    assert_int_equal(t, -2208988800LL);
    assert_int_equal(ks_time_parse(&t, "9999-12-31 23:59:59", 0), 0);
    assert_int_equal(t, 253402300799LL);
    assert_int_equal(ks_time_parse(&t, "2024-02-29 23:59:59", 0), 0);
    assert_int_equal(t, 1709251199);

    assert_int_equal(ks_time_parse_date(&t, "2000-02-29", 0), 0);
    assert_int_equal(t, 951782400);
    /* midnight of the day in the given zone */
    assert_int_equal(ks_time_parse_date(&t, "2000-02-29", 7200), 0);
    assert_int_equal(t, 951782400 - 7200);
}

/* Leap years: divisible by 4, except centuries, except those divisible by 400. */
static void test_leap_years(void **state)
{
    (void)state;
    ks_time t;
    static const char *const valid[] = {"2024-02-29", "2000-02-29", "1904-02-29", "2400-02-29",
                                        "2023-02-28", "2023-12-31", "2023-01-31", "2023-04-30"};
    static const char *const invalid[] = {"2023-02-29", "1900-02-29", "2100-02-29",
                                          "2024-02-30", "2023-04-31", "2023-06-31",
                                          "2023-09-31", "2023-11-31", "2023-01-32"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        char dt[32];
        assert_int_equal(ks_time_parse_date(&t, valid[i], 0), 0);
        snprintf(dt, sizeof dt, "%s 12:00:00", valid[i]);
        assert_int_equal(ks_time_parse(&t, dt, 0), 0);
    }
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        char dt[32];
        assert_int_equal(ks_time_parse_date(&t, invalid[i], 0), -1);
        snprintf(dt, sizeof dt, "%s 12:00:00", invalid[i]);
        assert_int_equal(ks_time_parse(&t, dt, 0), -1);
    }
}

static void test_parse_strict(void **state)
{
    (void)state;
    ks_time t = 42;
    static const char *const bad_dt[] = {
        "",
        "2023-01-01 24:00:00", /* 24:00 is tomorrow's 00:00 */
        "2023-01-01 23:60:00",
        "2023-01-01 23:59:60", /* no leap seconds */
        "2023-00-01 00:00:00",
        "2023-13-01 00:00:00",
        "2023-01-00 00:00:00",
        "2023-01-01T00:00:00",
        "2023-01-01  00:00:00",
        "2023/01/01 00:00:00",
        "2023-01-01 00:00",
        "2023-01-01 00:00:00Z",
        "2023-01-01 00:00:00 ",
        " 2023-01-01 00:00:00",
        "2023-1-01 00:00:000",
        "23-01-01 00:00:00",
        "2023-01-01 0:00:000",
        "+023-01-01 00:00:00",
        "2023-01-01 -1:00:00",
        "2023-01-01 00:-1:00",
        "2023-01-01 00:00:+1",
        "1899-12-31 23:59:59", /* before the supported range */
        "abcd-ef-gh ij:kl:mn",
        "2023-01-01",
    };
    for (size_t i = 0; i < sizeof bad_dt / sizeof bad_dt[0]; i++) {
        if (ks_time_parse(&t, bad_dt[i], 0) != -1)
            print_error("accepted \"%s\"\n", bad_dt[i]);
        assert_int_equal(ks_time_parse(&t, bad_dt[i], 0), -1);
    }
    assert_int_equal(ks_time_parse(&t, NULL, 0), -1);
    assert_int_equal(t, 42); /* untouched on failure */

    static const char *const bad_d[] = {"",
                                        "2023-1-1",
                                        "2023-01-1",
                                        "20230101",
                                        "2023-01-01 ",
                                        " 2023-01-01",
                                        "2023.01.01",
                                        "2023-01-01T",
                                        "0000-01-01",
                                        "2023-001-01",
                                        "2023-01-01 00:00:00"};
    for (size_t i = 0; i < sizeof bad_d / sizeof bad_d[0]; i++) {
        if (ks_time_parse_date(&t, bad_d[i], 0) != -1)
            print_error("accepted \"%s\"\n", bad_d[i]);
        assert_int_equal(ks_time_parse_date(&t, bad_d[i], 0), -1);
    }
    assert_int_equal(ks_time_parse_date(&t, NULL, 0), -1);
    assert_int_equal(t, 42);
}

/* Every day from 1900 to 2100 at several times: parse(format(t)) == t and agrees with timegm. */
static void test_round_trip(void **state)
{
    (void)state;
    for (ks_time t = -2208988800LL; t < 4102444800LL; t += 86400 - 37) {
        char s[KS_TIME_STR_MAX], d[11];
        ks_time back, day;
        ks_time_format(s, t, 0);
        assert_int_equal(ks_time_parse(&back, s, 0), 0);
        assert_int_equal(back, t);
        ks_time_format(s, t, 7200);
        assert_int_equal(ks_time_parse(&back, s, 7200), 0);
        assert_int_equal(back, t);
        ks_time_format_date(d, t, 0);
        assert_int_equal(ks_time_parse_date(&day, d, 0), 0);
        assert_true(day <= t && t < day + 86400);
        assert_int_equal(day % 86400, 0);

        struct tm tm = {0};
        assert_non_null(strptime(s, "%Y-%m-%d %H:%M:%S", &tm));
        assert_int_equal((ks_time)timegm(&tm) - 7200, t);
    }
}

static void test_clocks(void **state)
{
    (void)state;
    ks_time now = ks_time_real_now();
    time_t sys = time(NULL);
    assert_true(now >= sys - 1 && now <= sys + 1);
    uint64_t a = ks_time_mono_ns(), b = ks_time_mono_ns();
    assert_true(b >= a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),       cmocka_unit_test(test_format_out_of_range),
        cmocka_unit_test(test_parse),        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_parse_strict), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_clocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
