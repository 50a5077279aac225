/* test_crypto.c — src/core/crypto.c: the HMAC vectors of the platform's documentation (request
 * authentication, IPN and LCN read receipts), algorithm names, constant-time comparison and the
 * random token generators. */
#include "unit.h"

#include <ctype.h>

/* HMAC over a string message, hex into a static buffer. */
static const char *hmac(ks_hmac_algo algo, const char *key, const char *msg)
{
    static char out[KS_HMAC_HEX_MAX];
    memset(out, 'X', sizeof out);
    assert_int_equal(ks_hmac_hex(out, algo, key, strlen(key), msg, strlen(msg)), 0);
    return out;
}

/* LEN(s) s, the platform's length-prefixed concatenation, of n strings. */
static const char *len_prefixed(int n, ...)
{
    static char out[512];
    size_t used = 0;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const char *s = va_arg(ap, const char *);
        used += (size_t)snprintf(out + used, sizeof out - used, "%zu%s", strlen(s), s);
    }
    va_end(ap);
    return out;
}

/* IMP: reference §1.1 — code AVANGATE, date 2010-05-13 12:12:12, key SECRET_KEY */
static void test_auth_vector(void **state)
{
    (void)state;
    const char *msg = len_prefixed(2, "AVANGATE", "2010-05-13 12:12:12");
    assert_string_equal(msg, "8AVANGATE192010-05-13 12:12:12");
    assert_string_equal(hmac(KS_HMAC_MD5, "SECRET_KEY", msg), "bf763db7d333e9c3038698cf59ada3e6");
    assert_string_equal(hmac(KS_HMAC_SHA256, "SECRET_KEY", msg),
                        "29e85dbf92ce0113e7755c31c0438a7db98a4de9f910bf0a527e005f35e43739");
}

/* IMP: reference §7.3 — IPN read receipt over IPN_PID[0], IPN_PNAME[0], IPN_DATE, DATE */
static void test_ipn_receipt_vector(void **state)
{
    (void)state;
    const char *msg = len_prefixed(4, "1", "Software program", "20050303123434", "20050303123434");
    assert_string_equal(msg, "1116Software program14200503031234341420050303123434");
    assert_string_equal(hmac(KS_HMAC_MD5, "AABBCCDDEEFF", msg), "7bf97ed39681027d0c45aa45e3ea98f0");
    assert_string_equal(hmac(KS_HMAC_SHA256, "AABBCCDDEEFF", msg),
                        "ea6f44c39b3d204b59500998fcb9221c92744d9721a94b45fc6d5cda99980176");
    assert_string_equal(hmac(KS_HMAC_SHA3_256, "AABBCCDDEEFF", msg),
                        "85180497aaaa4844a278b52b1ce257d2820dbf5857470a5f678fef2266d0d4a8");
    /* the same source under the key of the webhooks samples */
    assert_string_equal(hmac(KS_HMAC_MD5, "test", msg), "3d7a5eb5557b70a80e5141c4fee0ed0d");
}

/* IMP: reference §7.4 — LCN read receipt over LICENSE_CODE, EXPIRATION_DATE, DATE */
static void test_lcn_receipt_vector(void **state)
{
    (void)state;
    assert_string_equal(
        hmac(KS_HMAC_MD5, "AABBCCDDEEFF", "103C343D0FAF102005-03-031420081117145935"),
        "cb34fe2991668eb82364edf62f845a34");
}

static void test_hmac_lengths(void **state)
{
    (void)state;
    assert_int_equal(strlen(hmac(KS_HMAC_MD5, "k", "")), 32);
    assert_int_equal(strlen(hmac(KS_HMAC_SHA256, "k", "")), 64);
    assert_int_equal(strlen(hmac(KS_HMAC_SHA3_256, "k", "")), 64);
    /* lowercase hex only */
    const char *h = hmac(KS_HMAC_SHA3_256, "key", "message");
    for (const char *p = h; *p; p++)
        assert_true(isdigit((unsigned char)*p) || (*p >= 'a' && *p <= 'f'));
    /* the key and the message are byte strings: an embedded NUL counts */
    char a[KS_HMAC_HEX_MAX], b[KS_HMAC_HEX_MAX];
    assert_int_equal(ks_hmac_hex(a, KS_HMAC_SHA256, "k\0x", 3, "m", 1), 0);
    assert_int_equal(ks_hmac_hex(b, KS_HMAC_SHA256, "k", 1, "m", 1), 0);
    assert_string_not_equal(a, b);
    /* a key longer than the block size is hashed first, as RFC 2104 says: still works */
    char longkey[300];
    memset(longkey, 'K', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    assert_int_equal(strlen(hmac(KS_HMAC_SHA256, longkey, "m")), 64);
}

static void test_algo_parse(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        ks_hmac_algo algo;
    } good[] = {
        {NULL, KS_HMAC_MD5},
        {"", KS_HMAC_MD5},
        {"md5", KS_HMAC_MD5},
        {"MD5", KS_HMAC_MD5},
        {"sha256", KS_HMAC_SHA256},
        {"SHA256", KS_HMAC_SHA256},
        {"sha3-256", KS_HMAC_SHA3_256},
        {"SHA3-256", KS_HMAC_SHA3_256},
        /* the Python SDK's spelling */
        {"sha3_256", KS_HMAC_SHA3_256},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        ks_hmac_algo a = (ks_hmac_algo)-1;
        assert_int_equal(ks_hmac_algo_parse(&a, good[i].name), 0);
        assert_int_equal(a, good[i].algo);
    }
    static const char *const bad[] = {"sha1",    "sha512",  "sha-256", "sha3",     "sha3-512",
                                      " sha256", "sha256 ", "md5x",    "hmac-md5", "256"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ks_hmac_algo a;
        assert_int_equal(ks_hmac_algo_parse(&a, bad[i]), -1);
    }
}

static void test_ct_streq(void **state)
{
    (void)state;
    assert_true(ks_ct_streq("", ""));
    assert_true(ks_ct_streq("abc", "abc"));
    assert_false(ks_ct_streq("abc", "abd"));
    assert_false(ks_ct_streq("abc", "Abc"));
    assert_false(ks_ct_streq("abc", "ab"));
    assert_false(ks_ct_streq("ab", "abc"));
    assert_false(ks_ct_streq("", "a"));
    assert_false(ks_ct_streq("a", ""));
    assert_true(
        ks_ct_streq("bf763db7d333e9c3038698cf59ada3e6", "bf763db7d333e9c3038698cf59ada3e6"));
    assert_false(
        ks_ct_streq("bf763db7d333e9c3038698cf59ada3e6", "bf763db7d333e9c3038698cf59ada3e7"));
}

static void test_random_hex(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 5, 16, 63, 64, 65, 200};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        /* exactly 2n + 1 bytes, so that ASan catches a write past the end */
        char *out = malloc(2 * n + 1);
        assert_non_null(out);
        ks_random_hex(out, n);
        assert_int_equal(strlen(out), 2 * n);
        for (size_t i = 0; i < 2 * n; i++)
            assert_true(isdigit((unsigned char)out[i]) || (out[i] >= 'a' && out[i] <= 'f'));
        free(out);
    }
    char a[33], b[33];
    ks_random_hex(a, 16);
    ks_random_hex(b, 16);
    assert_string_not_equal(a, b);
}

static void test_random_chars(void **state)
{
    (void)state;
    static const char secret_alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#@";
    static const char *const alphabets[] = {"0123456789ABCDEF", "A", secret_alphabet, "XYZ"};
    static const size_t sizes[] = {0, 1, 10, 31, 32, 33, 4096};
    for (size_t ai = 0; ai < sizeof alphabets / sizeof alphabets[0]; ai++) {
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t n = sizes[k];
            char *out = malloc(n + 1);
            assert_non_null(out);
            ks_random_chars(out, n, alphabets[ai]);
            assert_int_equal(strlen(out), n);
            for (size_t i = 0; i < n; i++)
                assert_non_null(strchr(alphabets[ai], out[i]));
            /* with 4096 draws every symbol shows up (a miss has odds below 1e-100) */
            if (n == 4096)
                for (const char *c = alphabets[ai]; *c; c++)
                    assert_non_null(memchr(out, *c, n));
            free(out);
        }
    }
    char a[11], b[11];
    ks_random_chars(a, 10, "0123456789ABCDEF");
    ks_random_chars(b, 10, "0123456789ABCDEF");
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth_vector),        cmocka_unit_test(test_ipn_receipt_vector),
        cmocka_unit_test(test_lcn_receipt_vector), cmocka_unit_test(test_hmac_lengths),
        cmocka_unit_test(test_algo_parse),         cmocka_unit_test(test_ct_streq),
        cmocka_unit_test(test_random_hex),         cmocka_unit_test(test_random_chars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
