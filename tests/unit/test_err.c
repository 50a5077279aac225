/* test_err.c — src/core/err.c and errcodes.def: the error table (every code has a wire name, a
 * kind and a message; names are unique and found again by ks_err_lookup), the setters and the
 * HTTP status of each kind. */
#include "unit.h"

#include <ctype.h>

#include "core/err.h"

static void test_table(void **state)
{
    (void)state;
    assert_true(KS_E__COUNT > 1);
    for (int c = 0; c < KS_E__COUNT; c++) {
        const char *name = ks_err_name((ks_errcode)c);
        const char *msg = ks_err_default_msg((ks_errcode)c);
        ks_errkind kind = ks_err_kind((ks_errcode)c);
        assert_non_null(name);
        assert_true(*name);
        /* wire names are the platform's style: upper case, digits and underscores */
        for (const char *p = name; *p; p++)
            assert_true(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_');
        assert_non_null(msg);
        assert_true(*msg);
        assert_true(strlen(msg) < KS_ERR_MSG_MAX);
        assert_true(kind >= KS_KIND_INVALID && kind <= KS_KIND_INTERNAL);
        /* round trip, which also proves the names unique */
        assert_int_equal(ks_err_lookup(name), c);
    }
}

static void test_known_codes(void **state)
{
    (void)state;
    assert_string_equal(ks_err_name(KS_E_LEAD_NOT_FOUND), "LEAD_NOT_FOUND");
    assert_int_equal(ks_err_kind(KS_E_LEAD_NOT_FOUND), KS_KIND_NOT_FOUND);
    assert_string_equal(ks_err_name(KS_E_AUTHENTICATION_ERROR), "AUTHENTICATION_ERROR");
    assert_int_equal(ks_err_kind(KS_E_AUTHENTICATION_ERROR), KS_KIND_AUTH);
    assert_int_equal(ks_err_kind(KS_E_AUTHENTICATION_FAILED), KS_KIND_AUTH);
    assert_int_equal(ks_err_kind(KS_E_INVALID_SESSION), KS_KIND_AUTH);
    assert_int_equal(ks_err_kind(KS_E_LEAD_CODE_DUPLICATE), KS_KIND_CONFLICT);
    assert_int_equal(ks_err_kind(KS_E_PARAMETER_MISSING), KS_KIND_INVALID);
    assert_int_equal(ks_err_kind(KS_E_INTERNAL_ERROR), KS_KIND_INTERNAL);
    assert_int_equal(ks_err_lookup("INVALID_CURRENCY"), KS_E_INVALID_CURRENCY);
}

static void test_lookup_unknown(void **state)
{
    (void)state;
    assert_int_equal(ks_err_lookup("NO_SUCH_CODE"), -1);
    assert_int_equal(ks_err_lookup(""), -1);
    /* wire names are exact */
    assert_int_equal(ks_err_lookup("lead_not_found"), -1);
    assert_int_equal(ks_err_lookup("LEAD_NOT_FOUND "), -1);
    assert_int_equal(ks_err_lookup("LEAD_NOT"), -1);
}

static void test_out_of_range(void **state)
{
    (void)state;
    assert_string_equal(ks_err_name(KS_E__COUNT), "INTERNAL_ERROR");
    assert_string_equal(ks_err_name((ks_errcode)-1), "INTERNAL_ERROR");
    assert_int_equal(ks_err_kind(KS_E__COUNT), KS_KIND_INTERNAL);
    assert_string_equal(ks_err_default_msg(KS_E__COUNT), "Internal error");
}

static void test_set(void **state)
{
    (void)state;
    ks_err e;
    memset(&e, 0, sizeof e);
    assert_int_equal(ks_err_set(&e, KS_E_LEAD_NOT_FOUND), -1);
    assert_int_equal(e.code, KS_E_LEAD_NOT_FOUND);
    assert_int_equal(e.kind, KS_KIND_NOT_FOUND);
    assert_string_equal(e.msg, ks_err_default_msg(KS_E_LEAD_NOT_FOUND));

    assert_int_equal(ks_err_setf(&e, KS_E_PARAMETER_MISSING, "%s is required", "Items"), -1);
    assert_int_equal(e.code, KS_E_PARAMETER_MISSING);
    assert_int_equal(e.kind, KS_KIND_INVALID);
    assert_string_equal(e.msg, "Items is required");

    /* err may be NULL: the return value alone is wanted */
    assert_int_equal(ks_err_set(NULL, KS_E_INTERNAL_ERROR), -1);
    assert_int_equal(ks_err_setf(NULL, KS_E_INTERNAL_ERROR, "x%d", 1), -1);

    /* a long message is cut, still terminated */
    char big[2 * KS_ERR_MSG_MAX];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(ks_err_setf(&e, KS_E_INVALID_REQUEST, "%s", big), -1);
    assert_int_equal(strlen(e.msg), KS_ERR_MSG_MAX - 1);
}

static void test_http_status(void **state)
{
    (void)state;
    static const struct {
        ks_errkind kind;
        int status;
    } cases[] = {
        {KS_KIND_INVALID, 400},   {KS_KIND_AUTH, 401},      {KS_KIND_PAYMENT, 402},
        {KS_KIND_FORBIDDEN, 403}, {KS_KIND_NOT_FOUND, 404}, {KS_KIND_METHOD, 405},
        {KS_KIND_CONFLICT, 409},  {KS_KIND_TOO_LARGE, 413}, {KS_KIND_UNAVAILABLE, 503},
        {KS_KIND_INTERNAL, 500},  {KS_KIND_TIMEOUT, 408},   {KS_KIND_URI_TOO_LONG, 414},
        {KS_KIND_HEADERS_TOO_LARGE, 431}, {KS_KIND_NOT_IMPLEMENTED, 501},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(ks_err_http_status(cases[i].kind), cases[i].status);
    assert_int_equal(ks_err_http_status((ks_errkind)99), 500);
    /* and every code maps to an error status */
    for (int c = 0; c < KS_E__COUNT; c++) {
        int s = ks_err_http_status(ks_err_kind((ks_errcode)c));
        assert_true(s >= 400 && s <= 599);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_known_codes),
        cmocka_unit_test(test_lookup_unknown),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_http_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
