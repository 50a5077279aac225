/* test_clock.c — src/domain/clock.c: the one business clock, real time plus the sandbox offset
 * kept in the store, read once per request and moved forward only. */
#include "unit.h"

#include <pthread.h>

#include "domain/clock.h"

static int setup(void **state)
{
    *state = unit_db_open();
    return 0;
}

static int teardown(void **state)
{
    unit_db_close(*state);
    return 0;
}

static void test_advance(void **state)
{
    unit_db *db = *state;
    unit_req r;
    ks_err e;
    int64_t off0, off1;
    ks_time t0, t1;
    unit_req_init(&r, db->store, NULL);
    assert_ok(ks_clock_offset(&off0, &r.ctx, &e), e);
    assert_ok(ks_clock_now(&t0, &r.ctx, &e), e);
    assert_true(t0 >= ks_time_real_now() + off0 - 1 && t0 <= ks_time_real_now() + off0);
    assert_ok(ks_jobs_advance(&r.ctx, 3600, &e), e);
    assert_ok(ks_clock_offset(&off1, &r.ctx, &e), e);
    assert_int_equal(off1, off0 + 3600);
    /* the request that moved the clock sees the new time */
    assert_ok(ks_clock_now(&t1, &r.ctx, &e), e);
    assert_true(t1 >= t0 + 3600 && t1 <= t0 + 3600 + 5);
    /* zero is a move too */
    assert_ok(ks_jobs_advance(&r.ctx, 0, &e), e);
    assert_ok(ks_clock_offset(&off1, &r.ctx, &e), e);
    assert_int_equal(off1, off0 + 3600);
    unit_req_done(&r);

    /* another request, another connection: the same offset */
    unit_req_init(&r, db->store, NULL);
    assert_ok(ks_clock_offset(&off1, &r.ctx, &e), e);
    assert_int_equal(off1, off0 + 3600);
    unit_req_done(&r);
}

static void test_advance_limits(void **state)
{
    unit_db *db = *state;
    unit_req r;
    ks_err e;
    int64_t off0, off1;
    unit_req_init(&r, db->store, NULL);
    assert_ok(ks_clock_offset(&off0, &r.ctx, &e), e);
    /* the clock only moves forward, by at most 100 years at a time */
    assert_err(ks_jobs_advance(&r.ctx, -1, &e), e, KS_E_PARAMETER_INVALID);
    assert_err(ks_jobs_advance(&r.ctx, INT64_MIN, &e), e, KS_E_PARAMETER_INVALID);
    assert_err(ks_jobs_advance(&r.ctx, INT64_MAX, &e), e, KS_E_PARAMETER_INVALID);
    assert_err(ks_jobs_advance(&r.ctx, 100LL * 366 * 86400 + 1, &e), e, KS_E_PARAMETER_INVALID);
    assert_ok(ks_clock_offset(&off1, &r.ctx, &e), e);
    assert_int_equal(off1, off0);
    unit_req_done(&r);
}

/* Business time is read once per request: a request sees one instant. */
static void test_now_once_per_request(void **state)
{
    unit_db *db = *state;
    unit_req r, other;
    ks_err e;
    ks_time t0, t1, t2;
    unit_req_init(&r, db->store, NULL);
    unit_req_init(&other, db->store, NULL);
    assert_ok(ks_clock_now(&t0, &r.ctx, &e), e);
    /* another request moves the clock: this one keeps its instant */
    assert_ok(ks_jobs_advance(&other.ctx, 86400, &e), e);
    assert_ok(ks_clock_now(&t1, &r.ctx, &e), e);
    assert_int_equal(t1, t0);
    assert_ok(ks_clock_now(&t2, &other.ctx, &e), e);
    assert_true(t2 >= t0 + 86400);
    unit_req_done(&r);
    unit_req_done(&other);
}

/* Several servers (here threads, each with its own connection) move the clock at once: no move
 * is lost. */
#define THREADS 8
#define MOVES   20

static void *mover(void *arg)
{
    unit_db *db = arg;
    uintptr_t failures = 0;
    for (int i = 0; i < MOVES; i++) {
        unit_req r;
        ks_err e;
        unit_req_init(&r, db->store, NULL);
        if (ks_jobs_advance(&r.ctx, 1, &e))
            failures++;
        unit_req_done(&r);
    }
    return (void *)failures;
}

static void test_concurrent_advances(void **state)
{
    unit_db *db = *state;
    unit_req r;
    ks_err e;
    int64_t off0, off1;
    pthread_t t[THREADS];
    unit_req_init(&r, db->store, NULL);
    assert_ok(ks_clock_offset(&off0, &r.ctx, &e), e);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, mover, db), 0);
    for (int i = 0; i < THREADS; i++) {
        void *failures;
        assert_int_equal(pthread_join(t[i], &failures), 0);
        assert_int_equal((uintptr_t)failures, 0);
    }
    assert_ok(ks_clock_offset(&off1, &r.ctx, &e), e);
    assert_int_equal(off1, off0 + THREADS * MOVES);
    unit_req_done(&r);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_advance),
        T(test_advance_limits),
        T(test_now_once_per_request),
        T(test_concurrent_advances),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
