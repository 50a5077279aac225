/* test_store_group.c — the SQLite store's group commit (sqlite_pool.c): writers of several
 * threads at once, whose bodies the leading writer runs in one transaction, each in its own
 * savepoint. Whatever groups form, each write must commit exactly its own work or, refused,
 * roll back alone, and every call answers for its own write. */
#include <pthread.h>

#include "unit.h"

#include "domain/lead.h"
#include "store/sqlite/sqlite.h"

#define THREADS 8
#define PER_THREAD 40
#define STRIDE 20 /* thread t writes codes STRIDE * t ...: each code is tried by two threads */
#define CODES (STRIDE * (THREADS - 1) + PER_THREAD)

typedef struct {
    ks_store *store;
    int64_t vendor_id;
    int t;
    int ok[PER_THREAD];         /* 1 written, 0 refused as a duplicate, -1 anything else */
} writer_arg;

static void *writer(void *p)
{
    writer_arg *w = p;
    ks_arena *a = ks_arena_new();
    for (int k = 0; k < PER_THREAD; k++) {
        ks_lead *l = ks_arena_alloc(a, sizeof *l);
        ks_address *b = ks_arena_alloc(a, sizeof *b);
        ks_err e;
        b->email = "group@example.com";
        b->country_code = "US";
        l->billing = b;
        l->code = ks_arena_printf(a, "G%04d", STRIDE * w->t + k);
        l->generated_from = "API";
        l->currency = "USD";
        l->created = l->updated = 1700000000;
        /* every third one used: the counts kept by triggers follow the commits too */
        l->used = (STRIDE * w->t + k) % 3 == 0;
        l->doc = "{\"Currency\":\"USD\"}";
        memset(&e, 0, sizeof e);
        int rc = w->store->ops->lead_insert(w->store, w->vendor_id, l, NULL, &e);
        w->ok[k] = rc == 0 ? 1 : e.code == KS_E_LEAD_CODE_DUPLICATE ? 0 : -1;
    }
    ks_arena_free(a);
    return NULL;
}

static void test_concurrent_writers(void **state)
{
    (void)state;
    unit_db *db = unit_db_open();
    ks_arena *a = ks_arena_new();
    ks_vendor *v = unit_vendor(a, db->store, "GC", "SECRET_KEY_GC");
    writer_arg args[THREADS];
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++) {
        memset(&args[t], 0, sizeof args[t]);
        args[t].store = db->store;
        args[t].vendor_id = v->id;
        args[t].t = t;
        assert_int_equal(pthread_create(&th[t], NULL, writer, &args[t]), 0);
    }
    for (int t = 0; t < THREADS; t++)
        pthread_join(th[t], NULL);

    /* each code written exactly once, by one of the two threads that tried it */
    int written[CODES] = {0}, total = 0, used = 0;
    for (int t = 0; t < THREADS; t++)
        for (int k = 0; k < PER_THREAD; k++) {
            assert_int_not_equal(args[t].ok[k], -1);
            written[STRIDE * t + k] += args[t].ok[k];
        }
    for (int c = 0; c < CODES; c++) {
        assert_int_equal(written[c], 1);
        total++;
        used += c % 3 == 0;
    }
    /* and each is in the store, once; the counts agree with the rows */
    unit_req r;
    ks_err e;
    unit_req_init(&r, db->store, v);
    for (int c = 0; c < CODES; c++) {
        ks_lead l;
        assert_ok(ks_lead_get(&l, &r.ctx, ks_arena_printf(a, "G%04d", c), &e), e);
    }
    ks_lead_query q;
    ks_lead *list;
    size_t n;
    int64_t count;
    memset(&q, 0, sizeof q);
    q.page = 1;
    q.limit = 200;
    assert_ok(db->store->ops->lead_search(db->store, r.ctx.arena, v->id, &q, &list, &n, &count,
                                          &e),
              e);
    assert_int_equal(count, total);
    assert_int_equal((int64_t)n, total);
    q.type = KS_LEAD_TYPE_USED;
    assert_ok(db->store->ops->lead_search(db->store, r.ctx.arena, v->id, &q, &list, &n, &count,
                                          &e),
              e);
    assert_int_equal(count, used);
    assert_int_equal((int64_t)n, used);
    unit_req_done(&r);
    assert_true(ks_sqlite_idle(db->store));
    ks_arena_free(a);
    unit_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
