/* test_auth.c — src/domain/auth.c: the X-Avangate-Authentication header as every official SDK
 * sends it (reference §11), HMAC verification in md5, sha256 and sha3-256 against a real store,
 * the date window, and JSON-RPC/SOAP sessions that expire as the business clock moves. */
#include "unit.h"

#include <ctype.h>

#include "core/timeutil.h"
#include "domain/clock.h"

/* --- header parsing --------------------------------------------------------------------------- */

typedef struct {
    const char *header;
    const char *code, *date, *hash, *algo;
} header_case;

static void check_header(const header_case *c)
{
    ks_arena *a = ks_arena_new();
    ks_auth_header h;
    ks_err e;
    memset(&e, 0, sizeof e);
    if (ks_auth_header_parse(&h, a, c->header, &e) != 0)
        print_error("rejected [%s]: %s\n", c->header, e.msg);
    assert_int_equal(ks_auth_header_parse(&h, a, c->header, &e), 0);
    assert_string_equal(h.code, c->code);
    assert_string_equal(h.date, c->date);
    assert_string_equal(h.hash, c->hash);
    if (c->algo)
        assert_string_equal(h.algo, c->algo);
    else
        assert_null(h.algo);
    ks_arena_free(a);
}

#define D "2010-05-13 12:12:12"
#define H "bf763db7d333e9c3038698cf59ada3e6"

/* IMP: reference §11 "auth header" — what the SDKs send, none of it an error on the platform */
static void test_header_sdks(void **state)
{
    (void)state;
    static const header_case cases[] = {
        /* PHP SDK */
        {"code=\"AVANGATE\" date=\"" D "\" hash=\"" H "\" algo=\"sha3-256\"", "AVANGATE", D, H,
         "sha3-256"},
        /* Python, Ruby, Java SDKs */
        {"code=\"AVANGATE\" date=\"" D "\" hash=\"" H "\" algo=\"sha256\"", "AVANGATE", D, H,
         "sha256"},
        /* Node SDK: single quotes, no algo (MD5) */
        {"code='AVANGATE' date='" D "' hash='" H "'", "AVANGATE", D, H, NULL},
        /* Node SDK with algo and no space before it */
        {"code='AVANGATE' date='" D "' hash='" H "'algo='sha256'", "AVANGATE", D, H, "sha256"},
        /* .NET SDK: no space before algo */
        {"code=\"AVANGATE\" date=\"" D "\" hash=\"" H "\"algo=\"sha256\"", "AVANGATE", D, H,
         "sha256"},
        /* older documented samples: no algo */
        {"code=\"AVANGATE\" date=\"" D "\" hash=\"" H "\"", "AVANGATE", D, H, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_header(&cases[i]);
}

static void test_header_tolerance(void **state)
{
    (void)state;
    static const header_case cases[] = {
        /* any order */
        {"hash=\"" H "\" algo=\"sha256\" date=\"" D "\" code=\"AVANGATE\"", "AVANGATE", D, H,
         "sha256"},
        {"algo=\"md5\" date=\"" D "\" code=\"C\" hash=\"" H "\"", "C", D, H, "md5"},
        /* extra spaces and tabs, around '=' too */
        {"   code = \"C\"\t\tdate=  \"" D "\"   hash =\"" H "\"   ", "C", D, H, NULL},
        /* mixed quotes; a quote of the other kind inside a value is data */
        {"code=\"C\" date='" D "' hash=\"" H "\"", "C", D, H, NULL},
        {"code=\"it's\" date=\"" D "\" hash=\"" H "\"", "it's", D, H, NULL},
        /* commas or semicolons between parts */
        {"code=\"C\", date=\"" D "\", hash=\"" H "\"", "C", D, H, NULL},
        {"code=\"C\";date=\"" D "\";hash=\"" H "\"", "C", D, H, NULL},
        /* no separator at all */
        {"code=\"C\"date=\"" D "\"hash=\"" H "\"algo=\"sha3-256\"", "C", D, H, "sha3-256"},
        /* part names in any case */
        {"CODE=\"C\" Date=\"" D "\" HASH=\"" H "\" Algo=\"sha256\"", "C", D, H, "sha256"},
        /* unknown parts are ignored */
        {"code=\"C\" date=\"" D "\" hash=\"" H "\" nonce=\"x\" v_2=\"y\"", "C", D, H, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_header(&cases[i]);
}

static void test_header_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "   ",
        "garbage",
        "Bearer abc.def",
        /* missing parts */
        "date=\"" D "\" hash=\"" H "\"",
        "code=\"C\" hash=\"" H "\"",
        "code=\"C\" date=\"" D "\"",
        "algo=\"sha256\"",
        /* a part given twice is ambiguous */
        "code=\"C\" date=\"" D "\" hash=\"" H "\" code=\"D\"",
        "code=\"C\" date=\"" D "\" hash=\"" H "\" hash=\"" H "\"",
        "code=\"C\" date=\"" D "\" hash=\"" H "\" algo=\"md5\" algo=\"sha256\"",
        "code=\"C\" date=\"" D "\" date=\"" D "\" hash=\"" H "\"",
        /* unquoted, unterminated, mismatched quotes */
        "code=C date=\"" D "\" hash=\"" H "\"",
        "code=\"C\" date=\"" D "\" hash=\"" H,
        "code=\"C\" date=\"" D "\" hash='" H "\"",
        "code=\"C\" date=\"" D "\" hash=\"" H "\" algo=",
        "code \"C\" date=\"" D "\" hash=\"" H "\"",
        "=\"C\" date=\"" D "\" hash=\"" H "\"",
        "code=\"C\" date=\"" D "\" hash=\"" H "\" =",
        "code=\"C\" date=\"" D "\" hash=\"" H "\" x",
        "\"C\" \"" D "\" \"" H "\"",
        "code:\"C\" date:\"" D "\" hash:\"" H "\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ks_arena *a = ks_arena_new();
        ks_auth_header h;
        ks_err e;
        memset(&e, 0, sizeof e);
        int rc = ks_auth_header_parse(&h, a, bad[i], &e);
        if (rc != -1)
            print_error("accepted [%s]\n", bad[i]);
        assert_int_equal(rc, -1);
        assert_int_equal(e.code, KS_E_AUTHENTICATION_ERROR);
        ks_arena_free(a);
    }
    ks_arena *a = ks_arena_new();
    ks_auth_header h;
    ks_err e;
    assert_err(ks_auth_header_parse(&h, a, NULL, &e), e, KS_E_AUTHENTICATION_ERROR);
    ks_arena_free(a);
}

/* --- verification against a store ------------------------------------------------------------- */

typedef struct {
    unit_db *db;
    ks_arena *a;      /* holds the vendors */
    ks_vendor *v, *w; /* two vendors */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->v = unit_vendor(f->a, f->db->store, "V", "SECRET_KEY_V");
    f->w = unit_vendor(f->a, f->db->store, "W", "SECRET_KEY_W");
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

/* A header signed with secret, dated now + skew (real clock, UTC). Strings in arena a. */
static ks_auth_header sign(ks_arena *a, const char *code, const char *secret, const char *algo,
                           ks_hmac_algo with, ks_time skew)
{
    ks_auth_header h = {0};
    char date[KS_TIME_STR_MAX], mac[KS_HMAC_HEX_MAX];
    ks_time_format(date, ks_time_real_now() + skew, 0);
    const char *msg = ks_arena_printf(a, "%zu%s%zu%s", strlen(code), code, strlen(date), date);
    assert_int_equal(ks_hmac_hex(mac, with, secret, strlen(secret), msg, strlen(msg)), 0);
    h.code = ks_arena_strdup(a, code);
    h.date = ks_arena_strdup(a, date);
    h.hash = ks_arena_strdup(a, mac);
    h.algo = algo ? ks_arena_strdup(a, algo) : NULL;
    return h;
}

/* ks_auth_verify in a fresh request: 0 and the vendor, or -1 and the code. */
static int verify(fixture *f, const ks_auth_header *h, const ks_vendor *expect, ks_err *e)
{
    unit_req r;
    unit_req_init(&r, f->db->store, NULL);
    memset(e, 0, sizeof *e);
    int rc = ks_auth_verify(&r.ctx, h, e);
    if (rc == 0) {
        assert_non_null(r.ctx.vendor);
        if (expect) {
            assert_int_equal(r.ctx.vendor->id, expect->id);
            assert_string_equal(r.ctx.vendor->code, expect->code);
        }
    } else {
        assert_null(r.ctx.vendor);
        assert_int_equal(e->code, KS_E_AUTHENTICATION_ERROR);
    }
    unit_req_done(&r);
    return rc;
}

static void test_verify_algorithms(void **state)
{
    fixture *f = *state;
    ks_arena *a = ks_arena_new();
    ks_err e;
    static const struct {
        const char *name;
        ks_hmac_algo algo;
    } algos[] = {
        {NULL, KS_HMAC_MD5},        {"md5", KS_HMAC_MD5},           {"sha256", KS_HMAC_SHA256},
        {"SHA256", KS_HMAC_SHA256}, {"sha3-256", KS_HMAC_SHA3_256}, {"sha3_256", KS_HMAC_SHA3_256}};
    for (size_t i = 0; i < sizeof algos / sizeof algos[0]; i++) {
        ks_auth_header h = sign(a, f->v->code, "SECRET_KEY_V", algos[i].name, algos[i].algo, 0);
        assert_int_equal(verify(f, &h, f->v, &e), 0);
        /* clients may send the hash in upper case */
        char *up = ks_arena_strdup(a, h.hash);
        for (char *p = up; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        h.hash = up;
        assert_int_equal(verify(f, &h, f->v, &e), 0);
    }
    /* the second vendor with its own secret */
    ks_auth_header h = sign(a, f->w->code, "SECRET_KEY_W", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, f->w, &e), 0);
    ks_arena_free(a);
}

static void test_verify_wrong(void **state)
{
    fixture *f = *state;
    ks_arena *a = ks_arena_new();
    ks_err e;
    ks_auth_header h;

    /* wrong secret, another vendor's secret */
    h = sign(a, f->v->code, "NOT_THE_SECRET", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    h = sign(a, f->v->code, "SECRET_KEY_W", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    /* the algorithm named is not the one used */
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha3-256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    h = sign(a, f->v->code, "SECRET_KEY_V", NULL, KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    h = sign(a, f->v->code, "SECRET_KEY_V", "md5", KS_HMAC_SHA3_256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    /* unknown algorithm */
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha1", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    /* one hex digit changed, one missing, one more, empty */
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    char *bad = ks_arena_strdup(a, h.hash);
    bad[10] = bad[10] == '0' ? '1' : '0';
    ks_auth_header h2 = h;
    h2.hash = bad;
    assert_int_equal(verify(f, &h2, NULL, &e), -1);
    h2.hash = ks_arena_strndup(a, h.hash, strlen(h.hash) - 1);
    assert_int_equal(verify(f, &h2, NULL, &e), -1);
    h2.hash = ks_arena_printf(a, "%s0", h.hash);
    assert_int_equal(verify(f, &h2, NULL, &e), -1);
    h2.hash = "";
    assert_int_equal(verify(f, &h2, NULL, &e), -1);
    /* a hash longer than any digest */
    char huge[600];
    memset(huge, 'a', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    h2.hash = huge;
    assert_int_equal(verify(f, &h2, NULL, &e), -1);
    /* the right hash, correctly signed, for a code that is not a vendor */
    h = sign(a, "NO_SUCH_VENDOR", "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    h = sign(a, "", "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    /* the vendor code is exact */
    char *lower = ks_arena_strdup(a, f->v->code);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    h = sign(a, lower, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    ks_arena_free(a);
}

/* Every HMAC computed in this binary passes here (linked with --wrap=ks_hmac_hex). */
int __real_ks_hmac_hex(char *out, ks_hmac_algo algo, const char *key, size_t keylen,
                       const void *msg, size_t msglen);
int __wrap_ks_hmac_hex(char *out, ks_hmac_algo algo, const char *key, size_t keylen,
                       const void *msg, size_t msglen);
static int hmacs;
int __wrap_ks_hmac_hex(char *out, ks_hmac_algo algo, const char *key, size_t keylen,
                       const void *msg, size_t msglen)
{
    hmacs++;
    return __real_ks_hmac_hex(out, algo, key, keylen, msg, msglen);
}

/* An unknown merchant code is answered after the same work as a known one: one HMAC each, so
 * that the time of the answer does not tell whether a code exists (the timing itself is
 * measured in bench/, not asserted here). */
static void test_verify_unknown_code_computes_an_hmac(void **state)
{
    fixture *f = *state;
    ks_arena *a = ks_arena_new();
    ks_err e;
    const char *codes[] = {f->v->code, "NO_SUCH_VENDOR", "bad code!"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        ks_auth_header h = sign(a, codes[i], "WRONG_SECRET", "sha256", KS_HMAC_SHA256, 0);
        hmacs = 0;
        assert_int_equal(verify(f, &h, NULL, &e), -1);
        assert_int_equal(hmacs, 1);
    }
    /* a correct signature under the decoy's rules cannot exist: the decoy is random, and an
     * unknown code fails even when the MACs were to match */
    ks_auth_header h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    hmacs = 0;
    assert_int_equal(verify(f, &h, f->v, &e), 0);
    assert_int_equal(hmacs, 1);
    ks_arena_free(a);
}

static void test_verify_date_window(void **state)
{
    fixture *f = *state;
    ks_arena *a = ks_arena_new();
    ks_err e;
    ks_auth_header h;
    /* the window is 600 s either side of the real clock */
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, -590);
    assert_int_equal(verify(f, &h, f->v, &e), 0);
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 590);
    assert_int_equal(verify(f, &h, f->v, &e), 0);
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, -610);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 610);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, -86400);
    assert_int_equal(verify(f, &h, NULL, &e), -1);

    /* a date that is not "YYYY-MM-DD HH:MM:SS", signed as it is */
    static const char *const dates[] = {"", "now", "2010-05-13T12:12:12", "2010-05-13"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char mac[KS_HMAC_HEX_MAX];
        const char *msg = ks_arena_printf(a, "%zu%s%zu%s", strlen(f->v->code), f->v->code,
                                          strlen(dates[i]), dates[i]);
        ks_hmac_hex(mac, KS_HMAC_SHA256, "SECRET_KEY_V", 12, msg, strlen(msg));
        h.code = f->v->code;
        h.date = dates[i];
        h.hash = mac;
        h.algo = "sha256";
        assert_int_equal(verify(f, &h, NULL, &e), -1);
    }

    /* the business clock does not move the window: it checks real time */
    unit_req r;
    unit_req_init(&r, f->db->store, NULL);
    assert_ok(ks_jobs_advance(&r.ctx, 86400, &e), e);
    unit_req_done(&r);
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, f->v, &e), 0);
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 86400);
    assert_int_equal(verify(f, &h, NULL, &e), -1);
    ks_arena_free(a);
}

/* IMP: reference §1.1 — the documented example, end to end: vendor AVANGATE, key SECRET_KEY,
 * date 2010-05-13 12:12:12, with a window wide enough to reach 2010. */
static void test_verify_documented_vector(void **state)
{
    fixture *f = *state;
    ks_err e;
    unit_req r;
    ks_vendor v;
    unit_req_init(&r, f->db->store, NULL);
    if (ks_vendor_create(&v, &r.ctx, "AVANGATE", "SECRET_KEY", NULL, KS_MODEL_MOR, KS_VENDOR_DELAY_DEFAULT, &e)) {
        /* a shared database that already ran this suite */
        assert_int_equal(e.code, KS_E_VENDOR_EXISTS);
        unit_req_done(&r);
        skip();
    }
    r.cfg.auth_window_s = (int)(ks_time_real_now() - 1273752732 + 3600);
    ks_auth_header h = {"AVANGATE", D, H, NULL};
    assert_ok(ks_auth_verify(&r.ctx, &h, &e), e);
    assert_string_equal(r.ctx.vendor->code, "AVANGATE");
    r.ctx.vendor = NULL;
    h.hash = "29e85dbf92ce0113e7755c31c0438a7db98a4de9f910bf0a527e005f35e43739";
    h.algo = "sha256";
    assert_ok(ks_auth_verify(&r.ctx, &h, &e), e);
    r.ctx.vendor = NULL;
    /* the md5 digest announced as sha256 */
    h.hash = H;
    assert_err(ks_auth_verify(&r.ctx, &h, &e), e, KS_E_AUTHENTICATION_ERROR);
    unit_req_done(&r);
}

/* --- sessions --------------------------------------------------------------------------------- */

static int login(fixture *f, char sid[KS_SESSION_ID_LEN + 1], const ks_auth_header *h,
                 const ks_vendor *expect, ks_err *e)
{
    unit_req r;
    unit_req_init(&r, f->db->store, NULL);
    memset(e, 0, sizeof *e);
    int rc = ks_auth_login(sid, &r.ctx, h, e);
    if (rc == 0) {
        assert_int_equal(strlen(sid), KS_SESSION_ID_LEN);
        for (const char *p = sid; *p; p++)
            assert_true(isdigit((unsigned char)*p) || (*p >= 'a' && *p <= 'f'));
        assert_non_null(r.ctx.vendor);
        assert_int_equal(r.ctx.vendor->id, expect->id);
    } else {
        assert_null(r.ctx.vendor);
        assert_int_equal(e->code, KS_E_AUTHENTICATION_FAILED);
    }
    unit_req_done(&r);
    return rc;
}

/* ks_auth_session in a fresh request (so that it reads the clock anew). */
static int session(fixture *f, const char *sid, const ks_vendor *expect, ks_err *e)
{
    unit_req r;
    unit_req_init(&r, f->db->store, NULL);
    memset(e, 0, sizeof *e);
    int rc = ks_auth_session(&r.ctx, sid, e);
    if (rc == 0) {
        assert_non_null(r.ctx.vendor);
        assert_int_equal(r.ctx.vendor->id, expect->id);
        assert_string_equal(r.ctx.vendor->code, expect->code);
        assert_string_equal(r.ctx.vendor->secret, expect->secret);
    } else {
        assert_null(r.ctx.vendor);
    }
    unit_req_done(&r);
    return rc;
}

static void advance(fixture *f, int64_t seconds)
{
    unit_req r;
    ks_err e;
    unit_req_init(&r, f->db->store, NULL);
    assert_ok(ks_jobs_advance(&r.ctx, seconds, &e), e);
    unit_req_done(&r);
}

static void test_login(void **state)
{
    fixture *f = *state;
    ks_arena *a = ks_arena_new();
    ks_err e;
    char sid1[KS_SESSION_ID_LEN + 1], sid2[KS_SESSION_ID_LEN + 1], sid3[KS_SESSION_ID_LEN + 1];

    static const struct {
        const char *name;
        ks_hmac_algo algo;
    } algos[] = {{NULL, KS_HMAC_MD5}, {"sha256", KS_HMAC_SHA256}, {"sha3-256", KS_HMAC_SHA3_256}};
    for (size_t i = 0; i < sizeof algos / sizeof algos[0]; i++) {
        ks_auth_header h = sign(a, f->v->code, "SECRET_KEY_V", algos[i].name, algos[i].algo, 0);
        assert_int_equal(login(f, sid1, &h, f->v, &e), 0);
        assert_int_equal(session(f, sid1, f->v, &e), 0);
    }
    ks_auth_header h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(login(f, sid2, &h, f->v, &e), 0);
    assert_string_not_equal(sid1, sid2);
    /* a session resolves to its own vendor */
    h = sign(a, f->w->code, "SECRET_KEY_W", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(login(f, sid3, &h, f->w, &e), 0);
    assert_int_equal(session(f, sid3, f->w, &e), 0);
    assert_int_equal(session(f, sid2, f->v, &e), 0);

    /* login fails with AUTHENTICATION_FAILED whatever is wrong */
    h = sign(a, f->v->code, "SECRET_KEY_W", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(login(f, sid1, &h, f->v, &e), -1);
    h = sign(a, "NO_SUCH_VENDOR", "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(login(f, sid1, &h, f->v, &e), -1);
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, -3600);
    assert_int_equal(login(f, sid1, &h, f->v, &e), -1);
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha512", KS_HMAC_SHA256, 0);
    assert_int_equal(login(f, sid1, &h, f->v, &e), -1);
    ks_arena_free(a);
}

static void test_session_unknown(void **state)
{
    fixture *f = *state;
    ks_err e;
    /* right length, never issued */
    assert_int_equal(session(f, "0123456789abcdef0123456789abcdef", NULL, &e), -1);
    assert_int_equal(e.code, KS_E_INVALID_SESSION);
    /* wrong lengths, missing */
    assert_int_equal(session(f, "0123456789abcdef", NULL, &e), -1);
    assert_int_equal(e.code, KS_E_INVALID_SESSION);
    assert_int_equal(session(f, "", NULL, &e), -1);
    assert_int_equal(e.code, KS_E_INVALID_SESSION);
    assert_int_equal(session(f, NULL, NULL, &e), -1);
    assert_int_equal(e.code, KS_E_INVALID_SESSION);
    assert_int_equal(session(f, "0123456789abcdef0123456789abcdef0", NULL, &e), -1);
    assert_int_equal(e.code, KS_E_INVALID_SESSION);
}

/* IMP: reference §1.2 — the session "expires in 10 minutes", of business time */
static void test_session_expiry(void **state)
{
    fixture *f = *state;
    ks_arena *a = ks_arena_new();
    ks_err e;
    char sid[KS_SESSION_ID_LEN + 1], late[KS_SESSION_ID_LEN + 1];
    ks_auth_header h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(login(f, sid, &h, f->v, &e), 0);
    /* the real clock moves too while the test runs: keep a margin of a few seconds */
    advance(f, 590);
    assert_int_equal(session(f, sid, f->v, &e), 0);
    advance(f, 15);
    assert_int_equal(session(f, sid, NULL, &e), -1);
    assert_int_equal(e.code, KS_E_INVALID_SESSION);
    /* logging in again works (the auth date is real time) and gives a new 10 minutes */
    h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(login(f, late, &h, f->v, &e), 0);
    assert_int_equal(session(f, late, f->v, &e), 0);
    assert_int_equal(session(f, sid, NULL, &e), -1);
    advance(f, 86400);
    assert_int_equal(session(f, late, NULL, &e), -1);
    assert_int_equal(e.code, KS_E_INVALID_SESSION);
    ks_arena_free(a);
}

/* --- vendors ---------------------------------------------------------------------------------- */

/* --- the vendor cache ------------------------------------------------------------------------ */

/* A store that counts vendor reads and forwards what authentication calls to the real one. */
typedef struct {
    ks_store base;
    ks_store *inner;
    int vendor_reads;
} counting_store;

static int count_by_code(ks_store *s, ks_arena *a, const char *code, ks_vendor *out, ks_err *err)
{
    counting_store *c = (counting_store *)s;
    c->vendor_reads++;
    return c->inner->ops->vendor_by_code(c->inner, a, code, out, err);
}

static int count_by_id(ks_store *s, ks_arena *a, int64_t id, ks_vendor *out, ks_err *err)
{
    counting_store *c = (counting_store *)s;
    c->vendor_reads++;
    return c->inner->ops->vendor_by_id(c->inner, a, id, out, err);
}

static int fwd_session_insert(ks_store *s, const char *id, int64_t vendor_id, ks_time expires,
                              ks_err *err)
{
    ks_store *in = ((counting_store *)s)->inner;
    return in->ops->session_insert(in, id, vendor_id, expires, err);
}

static int fwd_session_get(ks_store *s, const char *id, int64_t *vendor_id, ks_time *expires,
                           ks_err *err)
{
    ks_store *in = ((counting_store *)s)->inner;
    return in->ops->session_get(in, id, vendor_id, expires, err);
}

static int fwd_clock_get(ks_store *s, int64_t *offset, ks_err *err)
{
    ks_store *in = ((counting_store *)s)->inner;
    return in->ops->clock_get(in, offset, err);
}

static const ks_store_ops counting_ops = {.name = "counting",
                                          .vendor_by_code = count_by_code,
                                          .vendor_by_id = count_by_id,
                                          .session_insert = fwd_session_insert,
                                          .session_get = fwd_session_get,
                                          .clock_get = fwd_clock_get};

/* ks_auth_verify through cache c in a fresh request: 0, or -1. */
static int verify_cached(counting_store *cs, ks_auth_cache *c, const ks_auth_header *h,
                         const ks_vendor *expect)
{
    unit_req r;
    ks_err e;
    unit_req_init(&r, &cs->base, NULL);
    r.ctx.auth_cache = c;
    int rc = ks_auth_verify(&r.ctx, h, &e);
    if (rc == 0) {
        assert_int_equal(r.ctx.vendor->id, expect->id);
        assert_string_equal(r.ctx.vendor->code, expect->code);
        assert_string_equal(r.ctx.vendor->secret, expect->secret);
        assert_int_equal(r.ctx.vendor->tz_offset, expect->tz_offset);
    } else {
        assert_int_equal(e.code, KS_E_AUTHENTICATION_ERROR);
    }
    unit_req_done(&r);
    return rc;
}

/* A header verified once is answered from the cache (no store read, no HMAC); anything else
 * is checked in full; failures are never cached; forgetting a vendor reads it again. */
static void test_verify_cache(void **state)
{
    fixture *f = *state;
    ks_arena *a = ks_arena_new();
    counting_store cs = {.base = {.ops = &counting_ops}, .inner = f->db->store};
    /* a day: the test does not depend on how fast it runs */
    ks_auth_cache *c = ks_auth_cache_new(86400 * 1000);
    ks_err e;

    ks_auth_header h = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify_cached(&cs, c, &h, f->v), 0);
    assert_int_equal(cs.vendor_reads, 1);
    assert_int_equal(verify_cached(&cs, c, &h, f->v), 0);
    assert_int_equal(cs.vendor_reads, 1);
    /* the same hash in upper case is the same signature */
    ks_auth_header up = h;
    char *u = ks_arena_strdup(a, h.hash);
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    up.hash = u;
    assert_int_equal(verify_cached(&cs, c, &up, f->v), 0);
    /* a wrong hash for the cached date, or the right one under another algorithm, fails, and
     * reads the store as a failure for an unknown code does (the same time) */
    ks_auth_header bad = h;
    char *b = ks_arena_strdup(a, h.hash);
    b[3] = b[3] == '0' ? '1' : '0';
    bad.hash = b;
    assert_int_equal(verify_cached(&cs, c, &bad, NULL), -1);
    bad = h;
    bad.algo = "sha3-256";
    assert_int_equal(verify_cached(&cs, c, &bad, NULL), -1);
    bad = h;
    bad.algo = NULL;
    assert_int_equal(verify_cached(&cs, c, &bad, NULL), -1);
    assert_int_equal(cs.vendor_reads, 4);
    /* a new date is signed with the cached secret: an HMAC, no store read */
    ks_auth_header h2 = sign(a, f->v->code, "SECRET_KEY_V", "md5", KS_HMAC_MD5, -5);
    assert_int_equal(verify_cached(&cs, c, &h2, f->v), 0);
    h2 = sign(a, f->v->code, "NOT_THE_SECRET", "md5", KS_HMAC_MD5, -6);
    assert_int_equal(verify_cached(&cs, c, &h2, NULL), -1);
    assert_int_equal(cs.vendor_reads, 5);
    /* a date out of the window fails before the cache is asked */
    h2 = sign(a, f->v->code, "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, -700);
    assert_int_equal(verify_cached(&cs, c, &h2, NULL), -1);
    assert_int_equal(cs.vendor_reads, 5);
    /* the other vendor has its own entry */
    ks_auth_header hw = sign(a, f->w->code, "SECRET_KEY_W", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify_cached(&cs, c, &hw, f->w), 0);
    assert_int_equal(verify_cached(&cs, c, &hw, f->w), 0);
    assert_int_equal(cs.vendor_reads, 6);
    assert_int_equal(verify_cached(&cs, c, &h, f->v), 0);
    assert_int_equal(cs.vendor_reads, 6);
    /* an unknown vendor is asked for every time: a vendor created later is found at once */
    ks_auth_header hn = sign(a, "NO_SUCH_VENDOR", "SECRET_KEY_V", "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify_cached(&cs, c, &hn, NULL), -1);
    assert_int_equal(verify_cached(&cs, c, &hn, NULL), -1);
    assert_int_equal(cs.vendor_reads, 8);
    /* a forgotten vendor is read again; the other stays */
    ks_auth_cache_forget(c, f->v->id);
    assert_int_equal(verify_cached(&cs, c, &h, f->v), 0);
    assert_int_equal(cs.vendor_reads, 9);
    assert_int_equal(verify_cached(&cs, c, &hw, f->w), 0);
    assert_int_equal(cs.vendor_reads, 9);

    /* sessions find their vendor by id in the same cache */
    char sid[KS_SESSION_ID_LEN + 1];
    unit_req r;
    unit_req_init(&r, &cs.base, NULL);
    r.ctx.auth_cache = c;
    assert_ok(ks_auth_login(sid, &r.ctx, &hw, &e), e);
    unit_req_done(&r);
    for (int i = 0; i < 2; i++) {
        unit_req_init(&r, &cs.base, NULL);
        r.ctx.auth_cache = c;
        assert_ok(ks_auth_session(&r.ctx, sid, &e), e);
        assert_int_equal(r.ctx.vendor->id, f->w->id);
        assert_string_equal(r.ctx.vendor->code, f->w->code);
        unit_req_done(&r);
    }
    assert_int_equal(cs.vendor_reads, 9);
    ks_auth_cache_forget(c, f->w->id);
    unit_req_init(&r, &cs.base, NULL);
    r.ctx.auth_cache = c;
    assert_ok(ks_auth_session(&r.ctx, sid, &e), e);
    unit_req_done(&r);
    assert_int_equal(cs.vendor_reads, 10);

    ks_auth_cache_free(c);

    /* entries older than the cache's lifetime (here 0) are read again */
    c = ks_auth_cache_new(0);
    assert_int_equal(verify_cached(&cs, c, &h, f->v), 0);
    assert_int_equal(verify_cached(&cs, c, &h, f->v), 0);
    assert_int_equal(cs.vendor_reads, 12);
    ks_auth_cache_free(c);
    ks_auth_cache_free(NULL);
    ks_auth_cache_forget(NULL, 1);
    ks_arena_free(a);
}

/* The cache's slot of a code: FNV-1a modulo 64, as src/domain/auth.c computes it. */
static unsigned cache_slot(const char *code)
{
    uint32_t h = 2166136261u;
    for (; *code; code++)
        h = (h ^ (unsigned char)*code) * 16777619u;
    return h % 64;
}

/* Vendors whose codes fall in the same slot of the cache keep an entry each: a direct-mapped
 * cache made them replace each other, and a test whose random codes collided (1 in 64) saw
 * a store read it did not expect. */
static void test_verify_cache_slot_collisions(void **state)
{
    fixture *f = *state;
    ks_arena *a = ks_arena_new();
    counting_store cs = {.base = {.ops = &counting_ops}, .inner = f->db->store};
    ks_auth_cache *c = ks_auth_cache_new(86400 * 1000);
    ks_config cfg = {.auth_window_s = 600, .session_ttl_s = 600};
    ks_ctx ctx = {.store = f->db->store, .arena = a, .cfg = &cfg};
    char prefix[7], code[32];
    ks_random_hex(prefix, 3);
    ks_vendor v[3];
    ks_auth_header h[3];
    int n = 0;
    unsigned slot = 0;
    for (int i = 0; n < 3 && i < 100000; i++) {
        snprintf(code, sizeof code, "C%s%d", prefix, i);
        if (n == 0)
            slot = cache_slot(code);
        else if (cache_slot(code) != slot)
            continue;
        ks_err e;
        assert_ok(ks_vendor_create(&v[n], &ctx, code, "SECRET_KEY_C", NULL, KS_MODEL_MOR, 0, &e),
                  e);
        h[n] = sign(a, v[n].code, "SECRET_KEY_C", "sha256", KS_HMAC_SHA256, 0);
        n++;
    }
    assert_int_equal(n, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(verify_cached(&cs, c, &h[i], &v[i]), 0);
    assert_int_equal(cs.vendor_reads, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(verify_cached(&cs, c, &h[i], &v[i]), 0);
    assert_int_equal(cs.vendor_reads, 3);
    ks_auth_cache_free(c);
    ks_arena_free(a);
}

static void test_vendor_create(void **state)
{
    fixture *f = *state;
    unit_req r;
    ks_err e;
    ks_vendor v;
    unit_req_init(&r, f->db->store, NULL);
    /* the code is taken */
    assert_err(ks_vendor_create(&v, &r.ctx, f->v->code, "ANOTHER_SECRET", NULL, KS_MODEL_PSP, KS_VENDOR_DELAY_DEFAULT, &e), e,
               KS_E_VENDOR_EXISTS);
    assert_err(ks_vendor_create(&v, &r.ctx, "", "ANOTHER_SECRET", NULL, KS_MODEL_MOR, KS_VENDOR_DELAY_DEFAULT, &e), e,
               KS_E_PARAMETER_INVALID);
    assert_err(ks_vendor_create(&v, &r.ctx, "bad code", "ANOTHER_SECRET", NULL, KS_MODEL_MOR, KS_VENDOR_DELAY_DEFAULT, &e), e,
               KS_E_PARAMETER_INVALID);
    assert_err(ks_vendor_create(&v, &r.ctx, "EMPTYSECRET", "", NULL, KS_MODEL_MOR, KS_VENDOR_DELAY_DEFAULT, &e), e,
               KS_E_PARAMETER_INVALID);
    /* a short secret given explicitly is taken (with a warning in the log) */
    assert_ok(ks_vendor_create(&v, &r.ctx, "SHORTSECRET", "bar", NULL, KS_MODEL_MOR, KS_VENDOR_DELAY_DEFAULT, &e), e);
    assert_string_equal(v.secret, "bar");
    /* a generated secret is strong, and works */
    ks_vendor *g = unit_vendor(r.ctx.arena, f->db->store, "GEN", NULL);
    assert_int_equal(strlen(g->secret), 32);
    ks_vendor back;
    assert_ok(f->db->store->ops->vendor_by_code(f->db->store, r.ctx.arena, g->code, &back, &e), e);
    assert_int_equal(back.id, g->id);
    assert_string_equal(back.secret, g->secret);
    assert_int_equal(back.model, KS_MODEL_MOR);
    assert_int_equal(back.tz_offset, 7200);
    ks_auth_header h = sign(r.ctx.arena, g->code, g->secret, "sha256", KS_HMAC_SHA256, 0);
    assert_int_equal(verify(f, &h, g, &e), 0);

    /* the store's vendor look-ups */
    ks_store *s = f->db->store;
    assert_ok(s->ops->vendor_by_id(s, r.ctx.arena, f->w->id, &back, &e), e);
    assert_string_equal(back.code, f->w->code);
    assert_string_equal(back.secret, "SECRET_KEY_W");
    assert_err(s->ops->vendor_by_code(s, r.ctx.arena, "NO_SUCH_VENDOR", &back, &e), e,
               KS_E_VENDOR_NOT_FOUND);
    assert_err(s->ops->vendor_by_id(s, r.ctx.arena, -1, &back, &e), e, KS_E_VENDOR_NOT_FOUND);
    ks_vendor *list;
    size_t n;
    int seen = 0;
    for (int i = 0; i < 20; i++) /* more than the first page of the list's buffer */
        unit_vendor(r.ctx.arena, f->db->store, "MANY", NULL);
    assert_ok(s->ops->vendor_list(s, r.ctx.arena, &list, &n, &e), e);
    for (size_t i = 0; i < n; i++) {
        if (i)
            assert_true(strcmp(list[i - 1].code, list[i].code) < 0);
        seen += list[i].id == f->v->id || list[i].id == f->w->id || list[i].id == g->id;
    }
    assert_int_equal(seen, 3);
    unit_req_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_sdks),
        cmocka_unit_test(test_header_tolerance),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test_setup_teardown(test_verify_algorithms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_wrong, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_date_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_unknown_code_computes_an_hmac, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_verify_documented_vector, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_cache_slot_collisions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vendor_create, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
