/* test_buylink.c — ConvertPlus buy-link signatures and merchant-tokens (domain/buylink.c) and
 * the crypto primitives under them. Vectors were computed outside Kassa (Python's hmac and
 * `openssl dgst -sha256 -hmac`); tokens are signed here with OpenSSL directly. */
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/timeutil.h"
#include "domain/buylink.h"
#include "unit.h"

static void test_sign_vector(void **state)
{
    (void)state;
    char sig[KS_BUYLINK_SIG_LEN + 1];
    /* unsigned parameters (merchant, language, name) are left out; the others sorted */
    const ks_buylink_param p[] = {
        {"qty", "1;2"},        {"merchant", "ACME"}, {"prod", "Product A;Product B"},
        {"language", "en"},    {"price", "9.99;5"},  {"currency", "USD"},
        {"name", "Jane Doe"},
    };
    ks_buylink_sign(sig, "s3cr3t-w0rd", p, sizeof p / sizeof p[0]);
    /* HMAC-SHA256("s3cr3t-w0rd", "3USD69.99;519Product A;Product B31;2") */
    assert_string_equal(sig, "eebbd678573e12e2ebc89f1af2f8f818384f29c21c857ae68d26cce92d830578");
    /* nothing signed: the HMAC of the empty string */
    ks_buylink_sign(sig, "s3cr3t-w0rd", p + 1, 1);
    assert_string_equal(sig, "6315a0caf8a403f61ad4455b78a4b6fe31b5093de8c337423a0d127a5265fddb");
    assert_true(ks_buylink_is_signed("return-url"));
    assert_true(ks_buylink_is_signed("expiration"));
    assert_false(ks_buylink_is_signed("merchant"));
    assert_false(ks_buylink_is_signed("signature"));
}

static void test_base64url(void **state)
{
    (void)state;
    unsigned char out[64];
    size_t n;
    char enc[64];
    assert_int_equal(ks_base64url_decode(out, &n, "YW55IGNhcm5hbCBwbGVhcw", 22), 0);
    assert_int_equal(n, 16);
    assert_memory_equal(out, "any carnal pleas", 16);
    assert_int_equal(ks_base64url_decode(out, &n, "YW55IGNhcm5hbCBwbGVhcw==", 24), 0);
    assert_int_equal(n, 16);
    assert_int_equal(ks_base64url_decode(out, &n, "YW5+", 4), -1); /* '+' is not base64url */
    assert_int_equal(ks_base64url_decode(out, &n, "YW55I", 5), -1); /* impossible length */
    ks_base64url_encode(enc, (const unsigned char *)"any carnal pleas", 16);
    assert_string_equal(enc, "YW55IGNhcm5hbCBwbGVhcw");
    ks_base64url_encode(enc, (const unsigned char *)"\xfb\xff", 2);
    assert_string_equal(enc, "-_8");
}

static void test_jwt_vector(void **state)
{
    (void)state;
    /* {"alg":"HS512","typ":"JWT"}.{"sub":"ACME","iat":1700000000} under "jwt-word" */
    const char *in = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJBQ01FIiwiaWF0IjoxNzAwMDAwMDAwfQ";
    const char *sig = "PqRV63fbXO-CnvvIOQldRMy8WRn9IYmWqd3w9jS3KT5ga7gbZKbVgmXupZLTHRSm-EDy_bxKvLjr2BGJTVreEw";
    assert_true(ks_jwt_hs512_valid(in, strlen(in), sig, "jwt-word", 8));
    assert_false(ks_jwt_hs512_valid(in, strlen(in), sig, "jwt-wore", 8));
    assert_false(ks_jwt_hs512_valid(in, strlen(in) - 1, sig, "jwt-word", 8));
    assert_false(ks_jwt_hs512_valid(in, strlen(in), "PqRV", "jwt-word", 8));
}

/* --- authorize: a token signed here with OpenSSL's HMAC --------------------------------------- */

typedef struct fixture {
    unit_db *db;
    ks_arena *a;
    ks_vendor *v;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->v = unit_vendor(f->a, f->db->store, "BUY", "SECRET_KEY_BUY");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ks_arena_free(f->a);
    unit_db_close(f->db);
    free(f);
    return 0;
}

/* A token over a fixed header and payload text, signed with HMAC-SHA512 under word. */
static ks_buylink_token token(ks_arena *a, const char *word, const char *sub, int64_t iat,
                              int has_exp, int64_t exp)
{
    ks_buylink_token t = {.alg = "HS512", .sub = sub, .has_iat = 1, .iat = iat,
                          .has_exp = has_exp, .exp = exp};
    const char *input = "aGVhZGVy.cGF5bG9hZA"; /* the claims are given decoded above */
    unsigned char mac[64];
    unsigned int n = 0;
    unsigned char b64[100];
    HMAC(EVP_sha512(), word, (int)strlen(word), (const unsigned char *)input, strlen(input), mac,
         &n);
    int len = EVP_EncodeBlock(b64, mac, (int)n);
    char *s = ks_arena_alloc(a, (size_t)len + 1);
    for (int i = 0; i < len; i++)
        s[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : (char)b64[i];
    s[len] = '\0';
    while (len && s[len - 1] == '=')
        s[--len] = '\0';
    t.signing_input = input;
    t.signing_len = strlen(input);
    t.signature = s;
    return t;
}

static void test_authorize(void **state)
{
    fixture *f = *state;
    unit_req r;
    ks_err e;
    int64_t now = ks_time_real_now();
    unit_req_init(&r, f->db->store, NULL);
    ks_buylink_token t = token(f->a, f->v->secret_word, f->v->code, now, 1, now + 60);
    assert_ok(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e);
    assert_string_equal(r.ctx.vendor->code, f->v->code);
    /* the merchant may be named by the merchant claim or the link only */
    t.sub = NULL;
    t.merchant = f->v->code;
    assert_ok(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e);
    t.merchant = NULL;
    assert_ok(ks_buylink_authorize(&r.ctx, &t, f->v->code, &e), e);
    assert_err(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e, KS_E_MERCHANT_TOKEN_INVALID);
    t.sub = f->v->code;
    assert_err(ks_buylink_authorize(&r.ctx, &t, "SOMEONEELSE", &e), e,
               KS_E_MERCHANT_TOKEN_INVALID);
    /* HS512 only */
    t.alg = "HS256";
    assert_err(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e, KS_E_MERCHANT_TOKEN_INVALID);
    t.alg = "HS512";
    /* expired; no exp: 30 minutes after iat */
    t = token(f->a, f->v->secret_word, f->v->code, now - 120, 1, now - 1);
    assert_err(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e, KS_E_MERCHANT_TOKEN_INVALID);
    t = token(f->a, f->v->secret_word, f->v->code, now - 29 * 60, 0, 0);
    assert_ok(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e);
    t = token(f->a, f->v->secret_word, f->v->code, now - 31 * 60, 0, 0);
    assert_err(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e, KS_E_MERCHANT_TOKEN_INVALID);
    /* iat required, not ahead of the auth window */
    t = token(f->a, f->v->secret_word, f->v->code, now, 0, 0);
    t.has_iat = 0;
    assert_err(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e, KS_E_MERCHANT_TOKEN_INVALID);
    t = token(f->a, f->v->secret_word, f->v->code, now + 3600, 0, 0);
    assert_err(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e, KS_E_MERCHANT_TOKEN_INVALID);
    /* signed with the secret key instead of the secret word */
    t = token(f->a, f->v->secret, f->v->code, now, 1, now + 60);
    assert_err(ks_buylink_authorize(&r.ctx, &t, NULL, &e), e, KS_E_MERCHANT_TOKEN_INVALID);
    unit_req_done(&r);
}

static void test_verify_link(void **state)
{
    fixture *f = *state;
    unit_req r;
    ks_err e;
    char sig[KS_BUYLINK_SIG_LEN + 1], exp_s[32], past_s[32];
    unit_req_init(&r, f->db->store, NULL);
    snprintf(exp_s, sizeof exp_s, "%lld", (long long)ks_time_real_now() + 3600);
    snprintf(past_s, sizeof past_s, "%lld", (long long)ks_time_real_now() - 1);
    ks_buylink_param p[] = {{"prod", "USB-KEY"}, {"qty", "2"}, {"expiration", exp_s}};
    ks_buylink_sign(sig, f->v->secret_word, p, 3);
    assert_ok(ks_buylink_verify(&r.ctx, f->v->code, sig, p, 3, &e), e);
    assert_string_equal(r.ctx.vendor->code, f->v->code);
    p[1].value = "20"; /* tampered */
    assert_err(ks_buylink_verify(&r.ctx, f->v->code, sig, p, 3, &e), e,
               KS_E_BUYLINK_SIGNATURE_INVALID);
    assert_err(ks_buylink_verify(&r.ctx, f->v->code, NULL, p, 3, &e), e,
               KS_E_BUYLINK_SIGNATURE_INVALID);
    p[1].value = "2";
    p[2].value = past_s;
    ks_buylink_sign(sig, f->v->secret_word, p, 3);
    assert_err(ks_buylink_verify(&r.ctx, f->v->code, sig, p, 3, &e), e, KS_E_BUYLINK_EXPIRED);
    assert_err(ks_buylink_verify(&r.ctx, "NOSUCHVENDOR", sig, p, 3, &e), e,
               KS_E_VENDOR_NOT_FOUND);
    unit_req_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign_vector),
        cmocka_unit_test(test_base64url),
        cmocka_unit_test(test_jwt_vector),
        cmocka_unit_test_setup_teardown(test_authorize, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_link, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
