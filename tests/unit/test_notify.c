/* test_notify.c — src/domain/notify.c: the signature source of IPN/LCN fields, the documented
 * read-receipt vectors, the retry schedule, and delivery through a fake transport over a real
 * store (an attempt recorded once, never delivered twice). */
#include "unit.h"

#include "domain/clock.h"
#include "domain/job_kinds.h"
#include "domain/jobs.h"
#include "domain/notify.h"
#include "domain/transport.h"

/* IMP: the .NET SDK's TestArrayExpand — array values are length-prefixed one by one */
static void test_hash_source(void **state)
{
    (void)state;
    ks_arena *a = ks_arena_new();
    ks_form f = {0};
    ks_form_add(&f, a, "IPN_PNAME[]", "Cart_000001070");
    ks_form_add(&f, a, "IPN_PNAME[]", "Cart_0000001071");
    assert_string_equal(ks_notify_hash_source(a, &f), "14Cart_00000107015Cart_0000001071");
    /* API: IPN — an empty value counts as 0; the value 0 as 10; signatures are left out */
    ks_form_add(&f, a, "EMPTY", "");
    ks_form_add(&f, a, "ZERO", "0");
    ks_form_add(&f, a, "HASH", "whatever");
    assert_string_equal(ks_notify_hash_source(a, &f), "14Cart_00000107015Cart_0000001071010");
    /* lengths are bytes, not characters */
    ks_form g = {0};
    ks_form_add(&g, a, "NAME", "\xc3\xa9t\xc3\xa9");
    assert_string_equal(ks_notify_hash_source(a, &g), "5\xc3\xa9t\xc3\xa9");
    ks_arena_free(a);
}

static void test_sign_and_encode(void **state)
{
    (void)state;
    ks_arena *a = ks_arena_new();
    ks_form f = {0};
    ks_form_add(&f, a, "IPN_PID[]", "1");
    ks_form_add(&f, a, "IPN_PNAME[]", "Software program");
    ks_form_add(&f, a, "IPN_DATE", "20050303123434");
    ks_notify_sign(&f, a, "AABBCCDDEEFF", KS_SIG_MD5 | KS_SIG_SHA3);
    assert_int_equal(f.n, 5);
    assert_string_equal(f.f[3].name, "HASH");
    assert_string_equal(f.f[4].name, "SIGNATURE_SHA3_256");
    /* HMAC-MD5 of "1116Software program1420050303123434" */
    char hex[KS_HMAC_HEX_MAX];
    const char *src = "1116Software program1420050303123434";
    assert_int_equal(ks_hmac_hex(hex, KS_HMAC_MD5, "AABBCCDDEEFF", 12, src, strlen(src)), 0);
    assert_string_equal(f.f[3].value, hex);
    assert_string_equal(ks_form_encode(a, &f),
                        ks_arena_printf(a,
                                        "IPN_PID%%5B%%5D=1&IPN_PNAME%%5B%%5D=Software+program&"
                                        "IPN_DATE=20050303123434&HASH=%s&SIGNATURE_SHA3_256=%s",
                                        f.f[3].value, f.f[4].value));
    ks_arena_free(a);
}

/* IMP: reference §7.3 — the documented read-receipt vectors */
static void test_ipn_receipt_vectors(void **state)
{
    (void)state;
    ks_arena *a = ks_arena_new();
    const char *base = "1116Software program1420050303123434", *date = "20050303123434";
    assert_string_equal(ks_notify_receipt(a, "AABBCCDDEEFF", base, date, KS_SIG_MD5),
                        "<EPAYMENT>20050303123434|7bf97ed39681027d0c45aa45e3ea98f0</EPAYMENT>");
    assert_string_equal(ks_notify_receipt(a, "AABBCCDDEEFF", base, date, KS_SIG_SHA256),
                        "<sig algo=\"sha256\" date=\"20050303123434\">"
                        "ea6f44c39b3d204b59500998fcb9221c92744d9721a94b45fc6d5cda99980176</sig>");
    assert_string_equal(ks_notify_receipt(a, "AABBCCDDEEFF", base, date, KS_SIG_SHA3),
                        "<sig algo=\"sha3-256\" date=\"20050303123434\">"
                        "85180497aaaa4844a278b52b1ce257d2820dbf5857470a5f678fef2266d0d4a8</sig>");
    /* read back, anywhere in the answer */
    assert_true(ks_notify_receipt_valid(
        "<html><body>OK <EPAYMENT>20050303123434|7bf97ed39681027d0c45aa45e3ea98f0</EPAYMENT>"
        "</body></html>",
        "AABBCCDDEEFF", base));
    assert_true(ks_notify_receipt_valid(
        "x<sig algo=\"sha3_256\" date=\"20050303123434\">"
        "85180497aaaa4844a278b52b1ce257d2820dbf5857470a5f678fef2266d0d4a8</sig>",
        "AABBCCDDEEFF", base));
    assert_true(ks_notify_receipt_valid(
        "<sig algo=\"sha256\" date=\"20050303123434\">"
        "ea6f44c39b3d204b59500998fcb9221c92744d9721a94b45fc6d5cda99980176</sig>",
        "AABBCCDDEEFF", base));
    /* wrong key, wrong hash, another date, md5 in a sig, nothing */
    assert_false(ks_notify_receipt_valid(
        "<EPAYMENT>20050303123434|7bf97ed39681027d0c45aa45e3ea98f0</EPAYMENT>", "other", base));
    assert_false(ks_notify_receipt_valid(
        "<EPAYMENT>20050303123434|7bf97ed39681027d0c45aa45e3ea98f1</EPAYMENT>", "AABBCCDDEEFF",
        base));
    assert_false(ks_notify_receipt_valid(
        "<EPAYMENT>20050303123435|7bf97ed39681027d0c45aa45e3ea98f0</EPAYMENT>", "AABBCCDDEEFF",
        base));
    assert_false(ks_notify_receipt_valid(
        "<sig algo=\"md5\" date=\"20050303123434\">7bf97ed39681027d0c45aa45e3ea98f0</sig>",
        "AABBCCDDEEFF", base));
    assert_false(ks_notify_receipt_valid("<EPAYMENT>|</EPAYMENT><sig", "AABBCCDDEEFF", base));
    assert_false(ks_notify_receipt_valid("", "AABBCCDDEEFF", base));
    assert_false(ks_notify_receipt_valid(NULL, "AABBCCDDEEFF", base));
    ks_arena_free(a);
}

/* IMP: reference §7.4 — LCN receipt over LICENSE_CODE, EXPIRATION_DATE, DATE */
static void test_lcn_receipt_vector(void **state)
{
    (void)state;
    ks_arena *a = ks_arena_new();
    ks_form f = {0};
    ks_form_add(&f, a, "LICENSE_CODE", "3C343D0FAF");
    ks_form_add(&f, a, "EXPIRATION_DATE", "2005-03-03");
    const char *base = ks_notify_hash_source(a, &f);
    assert_string_equal(ks_notify_receipt(a, "AABBCCDDEEFF", base, "20081117145935", KS_SIG_MD5),
                        "<EPAYMENT>20081117145935|cb34fe2991668eb82364edf62f845a34</EPAYMENT>");
    ks_arena_free(a);
}

/* API: IPN — at once, 2 more within 5 minutes, 4 more 15 minutes apart, hourly up to 2 days */
static void test_schedule(void **state)
{
    (void)state;
    const ks_time t0 = 1700000000;
    const int first[] = {0, 150, 300, 1200, 2100, 3000, 3900, 7500, 11100};
    for (int i = 0; i < 9; i++)
        assert_int_equal(ks_notify_next_try(t0, i) - t0, first[i]);
    int n = 0;
    while (ks_notify_next_try(t0, n))
        n++;
    assert_int_equal(n, 7 + 46);
    assert_true(ks_notify_next_try(t0, n - 1) - t0 <= 2 * 86400);
    assert_true(ks_notify_next_try(t0, n - 1) - t0 > 2 * 86400 - 3600);
}

/* --- delivery through a fake transport ------------------------------------------------------ */

typedef struct {
    int calls;
    int status;
    int valid; /* answer with a valid receipt */
    const char *secret, *base;
} fake;

static int fake_post(void *self, ks_arena *a, const char *url, const char *body,
                     ks_post_result *out)
{
    fake *f = self;
    (void)url;
    (void)body;
    f->calls++;
    memset(out, 0, sizeof *out);
    out->outcome = KS_POST_ANSWERED;
    out->status = f->status;
    out->answer = f->valid
                      ? ks_notify_receipt(a, f->secret, f->base, "20250101000000", KS_SIG_SHA256)
                      : "nothing";
    return 0;
}

static void test_delivery_records_once(void **state)
{
    (void)state;
    unit_db *db = unit_db_open();
    ks_arena *va = ks_arena_new();
    ks_vendor *v = unit_vendor(va, db->store, "NOTIFY", "secret-of-the-test");
    fake f = {0, 500, 0, "secret-of-the-test", "110Product A"};
    ks_transport t = {.self = &f, .post_form = fake_post};
    unit_req r;
    ks_err e;
    ks_time now;
    unit_req_init(&r, db->store, v);
    r.cfg.transport = &t;
    r.cfg.job_kinds = ks_job_kinds;
    r.cfg.n_job_kinds = ks_job_kinds_count;
    assert_int_equal(ks_clock_now(&now, &r.ctx, &e), 0);
    ks_job_list l = {0};
    ks_notice_new n = {.vendor_id = v->id,
                       .kind = KS_NOTIFY_JOB,
                       .channel = "IPN",
                       .message_id = "123456789012",
                       .subject = "100000001",
                       .event = "COMPLETE",
                       .url = "http://127.0.0.1:9/ipn",
                       .body = "A=1",
                       .receipt_base = f.base,
                       .due = now};
    ks_job_list_add_notice(&l, r.ctx.arena, &n);
    assert_int_equal(ks_jobs_enqueue(&r.ctx, &l, &e), 0);
    /* the first attempt fails (HTTP 500): retried 150 s later */
    assert_int_equal(ks_jobs_run_due(&r.ctx, now, &e), 0);
    assert_int_equal(f.calls, 1);
    ks_notice got;
    assert_int_equal(ks_notify_get(&got, &r.ctx, 1, &e), 0);
    assert_int_equal(got.state, KS_NOTICE_PENDING);
    assert_int_equal(got.n_tries, 1);
    assert_string_equal(got.tries[0].outcome, "HTTP_ERROR");
    assert_int_equal(got.next_try - now, 150);
    /* a claimer that lost the race records nothing */
    int recorded = 1;
    ks_notice_attempt late = {.n = 1, .at = now, .outcome = "DELIVERED", .http_status = 200};
    assert_int_equal(db->store->ops->notice_record(db->store, v->id, 1, 0, &late,
                                                   KS_NOTICE_DELIVERED, &recorded, &e),
                     0);
    assert_int_equal(recorded, 0);
    /* a valid receipt 150 s later: delivered, and never again */
    f.status = 200;
    f.valid = 1;
    assert_int_equal(ks_jobs_advance(&r.ctx, 150, &e), 0);
    assert_int_equal(f.calls, 2);
    assert_int_equal(ks_notify_get(&got, &r.ctx, 1, &e), 0);
    assert_int_equal(got.state, KS_NOTICE_DELIVERED);
    assert_string_equal(got.tries[1].outcome, "DELIVERED");
    assert_int_equal(ks_jobs_advance(&r.ctx, 86400, &e), 0);
    assert_int_equal(f.calls, 2);
    /* a replay sends it again */
    assert_int_equal(ks_notify_replay(&r.ctx, 1, &e), 0);
    assert_int_equal(ks_jobs_advance(&r.ctx, 1, &e), 0);
    assert_int_equal(f.calls, 3);
    assert_err(ks_notify_replay(&r.ctx, 99, &e), e, KS_E_NOTIFICATION_NOT_FOUND);
    unit_req_done(&r);
    ks_arena_free(va);
    unit_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_source),
        cmocka_unit_test(test_sign_and_encode),
        cmocka_unit_test(test_ipn_receipt_vectors),
        cmocka_unit_test(test_lcn_receipt_vector),
        cmocka_unit_test(test_schedule),
        cmocka_unit_test(test_delivery_records_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
