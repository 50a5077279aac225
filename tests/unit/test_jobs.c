/* test_jobs.c — src/domain/jobs.c and the job queue of the store: enqueue, claim in order,
 * leases that end, retries and failures, idempotent handlers, run_due at each job's own
 * moment, clock advances that step through the jobs, two processes on one database, the worker
 * threads, and the lead follow-up job with the sandbox mailbox.
 *
 * Every test gets a fresh database: the clock is global to one. Test kinds (probe, renew,
 * flaky) are given to the runner through cfg.job_kinds, as the server gives it ks_job_kinds. */
#include "unit.h"

#include <pthread.h>
#include <stdatomic.h>

#include "domain/clock.h"
#include "domain/jobs.h"
#include "domain/lead.h"
#include "domain/mailbox.h"

#define DAY 86400

/* --- test kinds ----------------------------------------------------------------------------- */

/* What the probe and renew handlers saw, in the order they ran. */
#define MAX_RUNS 64
static struct {
    int n;
    char key[MAX_RUNS][32];
    ks_time now[MAX_RUNS];    /* the clock of the job's context */
    ks_time stored[MAX_RUNS]; /* the clock in the store, read afresh */
    pthread_mutex_t mu;
} runs = {.mu = PTHREAD_MUTEX_INITIALIZER};

static int record(ks_ctx *ctx, const ks_job *job, ks_err *err)
{
    ks_time now, stored;
    if (ks_clock_now(&now, ctx, err) || ks_clock_read(&stored, ctx, err))
        return -1;
    pthread_mutex_lock(&runs.mu);
    if (runs.n < MAX_RUNS) {
        snprintf(runs.key[runs.n], sizeof runs.key[0], "%s", job->key ? job->key : "");
        runs.now[runs.n] = now;
        runs.stored[runs.n] = stored;
        runs.n++;
    }
    pthread_mutex_unlock(&runs.mu);
    return 0;
}

static int probe_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err)
{
    (void)again;
    assert_non_null(ctx->vendor);
    assert_int_equal(ctx->vendor->id, job->vendor_id);
    return record(ctx, job, err);
}

/* A monthly renewal: runs, then plans the next one 30 days after its own moment. */
static int renew_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err)
{
    ks_time now;
    if (record(ctx, job, err) || ks_clock_now(&now, ctx, err))
        return -1;
    *again = now + 30 * DAY;
    return 0;
}

/* Fails while its payload (a count) says so: "2" fails twice, then succeeds. */
static atomic_int flaky_calls;
static int flaky_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err)
{
    (void)ctx;
    (void)again;
    int calls = atomic_fetch_add(&flaky_calls, 1) + 1;
    if (calls <= atoi(job->payload))
        return ks_err_setf(err, KS_E_SERVICE_UNAVAILABLE, "flaky failure %d", calls);
    return 0;
}

static const ks_job_kind test_kinds[] = {
    {"probe", probe_run, 0},
    {"renew", renew_run, 0},
    {"batched", renew_run, 0, 1}, /* a renewal that may run in a batch */
    {"flaky", flaky_run, 3},
    {KS_LEAD_FOLLOWUP_JOB, ks_lead_followup_run, 0},
};

/* --- fixture -------------------------------------------------------------------------------- */

typedef struct {
    unit_db *db;
    ks_arena *a;
    ks_vendor *v;
    unit_req r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->v = unit_vendor(f->a, f->db->store, "JOB", "SECRET_KEY_J");
    unit_req_init(&f->r, f->db->store, f->v);
    f->r.cfg.job_kinds = test_kinds;
    f->r.cfg.n_job_kinds = sizeof test_kinds / sizeof test_kinds[0];
    f->r.cfg.public_url = "https://kassa.test/";
    pthread_mutex_lock(&runs.mu);
    runs.n = 0;
    pthread_mutex_unlock(&runs.mu);
    atomic_store(&flaky_calls, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unit_req_done(&f->r);
    ks_arena_free(f->a);
    unit_db_close(f->db);
    free(f);
    return 0;
}

static ks_store *store(fixture *f)
{
    return f->db->store;
}

/* Business now, read afresh. */
static ks_time now(fixture *f)
{
    ks_time t;
    ks_err e;
    assert_ok(ks_clock_read(&t, &f->r.ctx, &e), e);
    return t;
}

static void enqueue(fixture *f, const char *kind, const char *key, ks_time due, const char *payload)
{
    ks_err e;
    ks_job_list l = {0};
    ks_job_new j = {f->v->id, kind, key, due, payload};
    ks_job_list_add(&l, f->a, &j);
    assert_ok(ks_jobs_enqueue(&f->r.ctx, &l, &e), e);
}

static ks_job *jobs_of(fixture *f, size_t *n)
{
    ks_err e;
    ks_job *list;
    assert_ok(store(f)->ops->job_list(store(f), f->a, f->v->id, &list, n, &e), e);
    return list;
}

static int claim(fixture *f, ks_store *s, ks_job *out, ks_time until, ks_time real_now, int lease_s,
                 const char *owner)
{
    ks_err e;
    int found = -1;
    assert_ok(s->ops->job_claim(s, f->a, test_kinds, sizeof test_kinds / sizeof test_kinds[0],
                                until, real_now, lease_s, owner, out, &found, &e),
              e);
    return found;
}

static void finish(ks_store *s, const ks_job *j, ks_job_state to, ks_time due, const char *msg)
{
    ks_err e;
    assert_ok(s->ops->job_finish(s, j, to, due, msg, &e), e);
}

/* --- the queue in the store ----------------------------------------------------------------- */

static void test_claim_order_and_until(void **state)
{
    fixture *f = *state;
    ks_time t = now(f), r = ks_time_real_now();
    ks_job j;
    enqueue(f, "probe", "c", t + 30, "third");
    enqueue(f, "probe", "a", t + 10, "first");
    enqueue(f, "probe", NULL, t + 20, "second");
    enqueue(f, "probe", NULL, t + 20, "second, enqueued later");
    /* nothing is due before its time */
    assert_int_equal(claim(f, store(f), &j, t + 9, r, 60, "me"), 0);
    /* earliest due first, then enqueue order */
    static const char *const order[] = {"first", "second", "second, enqueued later", "third"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(claim(f, store(f), &j, t + 100, r, 60, "me"), 1);
        assert_string_equal(j.payload, order[i]);
        assert_string_equal(j.kind, "probe");
        assert_int_equal(j.vendor_id, f->v->id);
        assert_int_equal(j.state, KS_JOB_RUNNING);
        assert_int_equal(j.attempts, 1);
        assert_string_equal(j.owner, "me");
        assert_int_equal(j.lease_until, r + 60);
    }
    assert_int_equal(claim(f, store(f), &j, t + 100, r, 60, "me"), 0);
    size_t n;
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(list[i].state, KS_JOB_RUNNING);
}

static void test_finish(void **state)
{
    fixture *f = *state;
    ks_time t = now(f), r = ks_time_real_now();
    ks_job j;
    size_t n;
    enqueue(f, "probe", NULL, t, "x");
    /* done: gone */
    assert_int_equal(claim(f, store(f), &j, t, r, 60, "me"), 1);
    finish(store(f), &j, KS_JOB_DONE, 0, NULL);
    jobs_of(f, &n);
    assert_int_equal(n, 0);
    /* a retry keeps its attempts and error, at its new time */
    enqueue(f, "probe", NULL, t, "y");
    assert_int_equal(claim(f, store(f), &j, t, r, 60, "me"), 1);
    finish(store(f), &j, KS_JOB_PENDING, t + 60, "boom");
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, KS_JOB_PENDING);
    assert_int_equal(list[0].due, t + 60);
    assert_int_equal(list[0].attempts, 1);
    assert_string_equal(list[0].last_error, "boom");
    assert_int_equal(claim(f, store(f), &j, t + 59, r, 60, "me"), 0);
    assert_int_equal(claim(f, store(f), &j, t + 60, r, 60, "me"), 1);
    assert_int_equal(j.attempts, 2);
    /* a next run (no error) starts its attempts again */
    finish(store(f), &j, KS_JOB_PENDING, t + 120, NULL);
    list = jobs_of(f, &n);
    assert_int_equal(list[0].attempts, 0);
    assert_null(list[0].last_error);
    /* failed: kept, never claimed again */
    assert_int_equal(claim(f, store(f), &j, t + 120, r, 60, "me"), 1);
    finish(store(f), &j, KS_JOB_FAILED, 0, "gave up");
    list = jobs_of(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, KS_JOB_FAILED);
    assert_string_equal(list[0].last_error, "gave up");
    assert_int_equal(claim(f, store(f), &j, t + 10 * DAY, r + 10 * DAY, 60, "me"), 0);
}

/* A claimer that dies (kill -9) holds its job until the lease ends; then another takes it
 * over, and the first can no longer finish it. The lease is real time: moving the business
 * clock does not end it. */
static void test_lease_expiry(void **state)
{
    fixture *f = *state;
    ks_time t = now(f), r = ks_time_real_now();
    ks_job a, b, c;
    size_t n;
    enqueue(f, "probe", "k", t, "x");
    assert_int_equal(claim(f, store(f), &a, t, r, 10, "A"), 1);
    assert_int_equal(claim(f, store(f), &b, t + 365 * DAY, r + 9, 10, "B"), 0);
    assert_int_equal(claim(f, store(f), &b, t, r + 10, 10, "B"), 1);
    assert_int_equal(b.id, a.id);
    assert_int_equal(b.attempts, 2);
    assert_string_equal(b.owner, "B");
    /* A comes back: its finish changes nothing */
    finish(store(f), &a, KS_JOB_DONE, 0, NULL);
    finish(store(f), &a, KS_JOB_FAILED, 0, "late");
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, KS_JOB_RUNNING);
    assert_string_equal(list[0].owner, "B");
    assert_int_equal(claim(f, store(f), &c, t, r + 15, 10, "C"), 0);
    finish(store(f), &b, KS_JOB_DONE, 0, NULL);
    jobs_of(f, &n);
    assert_int_equal(n, 0);
}

/* A keyed job is unique: enqueueing it again re-plans it (a failed one is revived), except
 * while it runs. */
static void test_keyed_enqueue(void **state)
{
    fixture *f = *state;
    ks_time t = now(f), r = ks_time_real_now();
    ks_job j;
    size_t n;
    enqueue(f, "probe", "k", t + 100, "one");
    enqueue(f, "probe", "k", t + 50, "two");
    enqueue(f, "renew", "k", t + 70, "other kind, same key");
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].payload, "two");
    assert_int_equal(list[0].due, t + 50);
    assert_int_equal(claim(f, store(f), &j, t + 50, r, 60, "me"), 1);
    enqueue(f, "probe", "k", t + 500, "while running");
    list = jobs_of(f, &n);
    assert_string_equal(list[0].payload, "two");
    assert_int_equal(list[0].state, KS_JOB_RUNNING);
    finish(store(f), &j, KS_JOB_FAILED, 0, "x");
    enqueue(f, "probe", "k", t + 500, "revived");
    list = jobs_of(f, &n);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].payload, "other kind, same key");
    assert_string_equal(list[1].payload, "revived");
    assert_int_equal(list[1].state, KS_JOB_PENDING);
    assert_int_equal(list[1].attempts, 0);
    assert_null(list[1].last_error);
}

/* Kinds the process cannot run are left to those that can. */
static void test_unknown_kind_left_alone(void **state)
{
    fixture *f = *state;
    ks_time t = now(f), due;
    ks_job j;
    ks_err e;
    int found;
    enqueue(f, "from_a_newer_kassa", NULL, t, "x");
    assert_int_equal(claim(f, store(f), &j, t, ks_time_real_now(), 60, "me"), 0);
    assert_ok(ks_jobs_next_due(&due, &found, &f->r.ctx, t, &e), e);
    assert_int_equal(found, 0);
    assert_ok(ks_jobs_run_due(&f->r.ctx, t + DAY, &e), e);
    size_t n;
    jobs_of(f, &n);
    assert_int_equal(n, 1);
}

/* Two processes (two store handles on one file, their own connection pools) claim from one
 * queue at once: every job is claimed exactly once. */
#define RACE_JOBS 150
typedef struct {
    fixture *f;
    ks_store *s;
    const char *owner;
    int claimed;
} racer;

static atomic_int race_claims[RACE_JOBS + 1];
static int64_t race_first_id;

static void *race(void *p)
{
    racer *rc = p;
    ks_arena *a = ks_arena_new();
    ks_err e;
    for (;;) {
        ks_job j;
        int found = 0;
        if (rc->s->ops->job_claim(rc->s, a, test_kinds, 1, INT64_MAX / 2, ks_time_real_now(), 600,
                                  rc->owner, &j, &found, &e))
            continue; /* busy: try again */
        if (!found)
            break;
        atomic_fetch_add(&race_claims[j.id - race_first_id], 1);
        rc->claimed++;
        while (rc->s->ops->job_finish(rc->s, &j, KS_JOB_DONE, 0, NULL, &e))
            ;
    }
    ks_arena_free(a);
    return NULL;
}

static void test_two_processes_never_share_a_job(void **state)
{
    fixture *f = *state;
    ks_time t = now(f);
    ks_err e;
    ks_store *second;
    char url[160];
    ks_job_list l = {0};
    if (!f->db->path[0])
        skip(); /* a shared test database: two handles are the backend's own business */
    for (int i = 0; i < RACE_JOBS; i++) {
        ks_job_new j = {f->v->id, "probe", NULL, t - i, "x"};
        ks_job_list_add(&l, f->a, &j);
    }
    assert_ok(ks_jobs_enqueue(&f->r.ctx, &l, &e), e);
    size_t n;
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, RACE_JOBS);
    race_first_id = list[0].id;
    for (size_t i = 0; i < n; i++) {
        if (list[i].id < race_first_id)
            race_first_id = list[i].id;
    }
    for (int i = 0; i <= RACE_JOBS; i++)
        atomic_store(&race_claims[i], 0);
    snprintf(url, sizeof url, "sqlite:%s", f->db->path);
    assert_ok(ks_store_open(&second, url, &e), e);
    racer ra[4] = {{f, store(f), "process 1 thread 1", 0},
                   {f, store(f), "process 1 thread 2", 0},
                   {f, second, "process 2 thread 1", 0},
                   {f, second, "process 2 thread 2", 0}};
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, race, &ra[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    ks_store_close(second);
    int total = 0;
    for (int i = 0; i < 4; i++)
        total += ra[i].claimed;
    assert_int_equal(total, RACE_JOBS);
    for (int i = 0; i < RACE_JOBS; i++)
        assert_int_equal(atomic_load(&race_claims[i]), 1);
    jobs_of(f, &n);
    assert_int_equal(n, 0);
}

/* --- the runner ----------------------------------------------------------------------------- */

/* run_due runs what is due by until, earliest first, each with the clock at its due time. */
static void test_run_due_at_each_jobs_moment(void **state)
{
    fixture *f = *state;
    ks_time t = now(f);
    ks_err e;
    size_t n;
    enqueue(f, "probe", "late", t - 3600, ""); /* overdue: still runs at its own moment */
    enqueue(f, "probe", "b", t + 600, "");
    enqueue(f, "probe", "a", t + 300, "");
    enqueue(f, "probe", "c", t + 900, "");
    assert_ok(ks_jobs_run_due(&f->r.ctx, t + 600, &e), e);
    assert_int_equal(runs.n, 3);
    assert_string_equal(runs.key[0], "late");
    assert_string_equal(runs.key[1], "a");
    assert_string_equal(runs.key[2], "b");
    assert_int_equal(runs.now[0], t - 3600);
    assert_int_equal(runs.now[1], t + 300);
    assert_int_equal(runs.now[2], t + 600);
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].key, "c");
}

/* A monthly subscription advanced 100 days renews three times, on three dates, each computed
 * from the one before; the clock ends 100 days on, and while each renewal ran the stored clock
 * stood at its moment (other servers saw the same time). */
static void test_advance_steps_through_renewals(void **state)
{
    fixture *f = *state;
    ks_err e;
    int64_t off0, off1;
    assert_ok(ks_clock_offset(&off0, &f->r.ctx, &e), e);
    ks_time t0 = now(f);
    enqueue(f, "renew", "sub-1", t0 + 30 * DAY, "");
    assert_ok(ks_jobs_advance(&f->r.ctx, 100 * DAY, &e), e);
    assert_int_equal(runs.n, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(runs.now[i], t0 + 30 * DAY * (i + 1));
        assert_true(runs.stored[i] >= runs.now[i] && runs.stored[i] <= runs.now[i] + 5);
    }
    assert_ok(ks_clock_offset(&off1, &f->r.ctx, &e), e);
    assert_int_equal(off1 - off0, 100 * DAY);
    /* the next renewal waits at day 120 */
    size_t n;
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].due, t0 + 120 * DAY);
    assert_int_equal(list[0].state, KS_JOB_PENDING);
    /* no job: one plain step */
    assert_ok(ks_jobs_advance(&f->r.ctx, 5, &e), e);
    assert_ok(ks_clock_offset(&off1, &f->r.ctx, &e), e);
    assert_int_equal(off1 - off0, 100 * DAY + 5);
    assert_int_equal(runs.n, 3);
    assert_err(ks_jobs_advance(&f->r.ctx, -1, &e), e, KS_E_PARAMETER_INVALID);
}

/* job_claim_many claims the earliest jobs in order, at most max, and stops after the first of
 * a kind that may not be batched. */
static void test_claim_many(void **state)
{
    fixture *f = *state;
    ks_time t = now(f);
    ks_job out[8];
    size_t n = 99;
    ks_err e;
    const size_t nk = sizeof test_kinds / sizeof test_kinds[0];
    enqueue(f, "batched", "b1", t + 1, "");
    enqueue(f, "batched", "b2", t + 2, "");
    enqueue(f, "probe", "p3", t + 3, "");
    enqueue(f, "batched", "b4", t + 4, "");
    enqueue(f, "batched", "b5", t + 5, "");
    enqueue(f, "batched", "b6", t + 100, "");
    assert_ok(store(f)->ops->job_claim_many(store(f), f->a, test_kinds, nk, t + 10,
                                            ks_time_real_now(), 60, "me", 8, out, &n, &e),
              e);
    assert_int_equal(n, 3);
    assert_string_equal(out[0].key, "b1");
    assert_string_equal(out[1].key, "b2");
    assert_string_equal(out[2].key, "p3"); /* the lone one ends the claim */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(out[i].state, KS_JOB_RUNNING);
        assert_int_equal(out[i].attempts, 1);
        assert_string_equal(out[i].owner, "me");
    }
    /* at most max, and never one held (b1...p3) or due later (b6) */
    assert_ok(store(f)->ops->job_claim_many(store(f), f->a, test_kinds, nk, t + 10,
                                            ks_time_real_now(), 60, "me", 1, out, &n, &e),
              e);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].key, "b4");
    assert_ok(store(f)->ops->job_claim_many(store(f), f->a, test_kinds, nk, t + 10,
                                            ks_time_real_now(), 60, "me", 8, out, &n, &e),
              e);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].key, "b5");
    assert_ok(store(f)->ops->job_claim_many(store(f), f->a, test_kinds, nk, t + 10,
                                            ks_time_real_now(), 60, "me", 8, out, &n, &e),
              e);
    assert_int_equal(n, 0);
}

/* What a batch of the store does: one transaction for every call of its function, committed
 * when it returns 0 and not at all otherwise; a refused write inside rolls back alone; a read
 * inside sees what the batch wrote. */
typedef struct {
    fixture *f;
    int fail;
    size_t seen;     /* jobs the batch read back */
    int refused_rc;  /* what the refused write returned, */
    ks_errcode code; /* and its error (asserted after the batch: a failed assertion would leave
                      * it open) */
} batch_arg;

static int batch_fn(void *arg, ks_err *err)
{
    batch_arg *b = arg;
    fixture *f = b->f;
    ks_job_list l = {0};
    ks_job_new j = {f->v->id, "probe", "in-batch", now(f) + DAY, "x"};
    ks_job *list;
    ks_vendor v = {.code = f->v->code, .secret = "SECRET_KEY_J_AGAIN"};
    ks_err refused;
    ks_job_list_add(&l, f->a, &j);
    if (ks_jobs_enqueue(&f->r.ctx, &l, err))
        return -1;
    /* the vendor's code is taken: refused, and the batch goes on */
    b->refused_rc = store(f)->ops->vendor_insert(store(f), &v, NULL, 0, &refused);
    b->code = refused.code;
    if (store(f)->ops->job_list(store(f), f->a, f->v->id, &list, &b->seen, err))
        return -1;
    if (b->fail)
        return ks_err_setf(err, KS_E_INTERNAL_ERROR, "the batch gives up");
    return 0;
}

static void test_store_batch(void **state)
{
    fixture *f = *state;
    batch_arg b = {f, 1, 0, 0, 0};
    size_t n;
    ks_err e;
    assert_err(store(f)->ops->batch(store(f), batch_fn, &b, &e), e, KS_E_INTERNAL_ERROR);
    assert_int_equal(b.seen, 1);
    assert_int_equal(b.refused_rc, -1);
    assert_int_equal(b.code, KS_E_VENDOR_EXISTS);
    jobs_of(f, &n);
    assert_int_equal(n, 0); /* rolled back */
    b.fail = 0;
    assert_ok(store(f)->ops->batch(store(f), batch_fn, &b, &e), e);
    assert_int_equal(b.seen, 1);
    assert_int_equal(b.refused_rc, -1);
    jobs_of(f, &n);
    assert_int_equal(n, 1);
}

/* An advance runs batchable jobs in batches, each still at its own moment, the clock never
 * behind the job that runs; every job runs once per period. */
static void test_advance_in_batches(void **state)
{
    fixture *f = *state;
    ks_err e;
    int64_t off0, off1;
    char key[16];
    assert_ok(ks_clock_offset(&off0, &f->r.ctx, &e), e);
    ks_time t0 = now(f);
    for (int i = 0; i < 30; i++) {
        snprintf(key, sizeof key, "sub-%d", i);
        enqueue(f, "batched", key, t0 + DAY + i * 3600, "");
    }
    assert_ok(ks_jobs_advance(&f->r.ctx, 40 * DAY, &e), e);
    assert_int_equal(runs.n, 60); /* day 1 + i hours, and 30 days later */
    for (int r = 0; r < runs.n; r++) {
        int i = atoi(runs.key[r] + 4);
        ks_time due = t0 + DAY + i * 3600 + (r >= 30 ? 30 * DAY : 0);
        assert_int_equal(runs.now[r], due);
        assert_true(runs.stored[r] >= runs.now[r]);
    }
    assert_ok(ks_clock_offset(&off1, &f->r.ctx, &e), e);
    assert_int_equal(off1 - off0, 40 * DAY);
    size_t n;
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 30);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(list[i].state, KS_JOB_PENDING);
}

/* A failing job is retried later and failed after its kind's attempts; one that succeeds on a
 * retry is done. */
static void test_retry_then_fail(void **state)
{
    fixture *f = *state;
    ks_time t = now(f);
    ks_err e;
    size_t n;
    enqueue(f, "flaky", "twice", t, "2");
    assert_ok(ks_jobs_run_due(&f->r.ctx, t, &e), e);
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, KS_JOB_PENDING);
    assert_int_equal(list[0].attempts, 1);
    assert_true(list[0].due >= t + 60);
    assert_non_null(strstr(list[0].last_error, "flaky failure 1"));
    /* the retries fall due as the clock moves: the second fails, the third succeeds */
    assert_ok(ks_jobs_advance(&f->r.ctx, 3600, &e), e);
    assert_int_equal(atomic_load(&flaky_calls), 3);
    jobs_of(f, &n);
    assert_int_equal(n, 0);

    atomic_store(&flaky_calls, 0);
    t = now(f);
    enqueue(f, "flaky", "always", t, "1000");
    assert_ok(ks_jobs_advance(&f->r.ctx, DAY, &e), e);
    assert_int_equal(atomic_load(&flaky_calls), 3); /* max_attempts of the kind */
    list = jobs_of(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, KS_JOB_FAILED);
    assert_int_equal(list[0].attempts, 3);
    assert_non_null(strstr(list[0].last_error, "SERVICE_UNAVAILABLE: flaky failure 3"));
    /* the control API's view (GET /control/jobs/?Vendor=): the job that gave up, and why */
    ks_job *shown;
    size_t n_shown;
    assert_ok(ks_jobs_list(&shown, &n_shown, &f->r.ctx, f->v->code, &e), e);
    assert_int_equal(n_shown, 1);
    assert_string_equal(ks_job_state_name(shown[0].state), "FAILED");
    assert_non_null(strstr(shown[0].last_error, "flaky failure 3"));
    assert_err(ks_jobs_list(&shown, &n_shown, &f->r.ctx, "NOSUCHVENDOR", &e), e,
               KS_E_VENDOR_NOT_FOUND);
    assert_err(ks_jobs_list(&shown, &n_shown, &f->r.ctx, "", &e), e, KS_E_PARAMETER_MISSING);
}

/* A claimer died holding a job: run_due waits for its lease to end and takes it over. */
static void test_run_due_takes_over_a_dead_claim(void **state)
{
    fixture *f = *state;
    ks_time t = now(f);
    ks_err e;
    ks_job j;
    size_t n;
    f->r.cfg.job_lease_s = 1;
    enqueue(f, "probe", "k", t, "");
    assert_int_equal(claim(f, store(f), &j, t, ks_time_real_now(), 1, "dead"), 1);
    assert_ok(ks_jobs_run_due(&f->r.ctx, t, &e), e);
    assert_int_equal(runs.n, 1);
    jobs_of(f, &n);
    assert_int_equal(n, 0);
}

/* A job whose every claimer died (it crashes the process that runs it) is failed, not run
 * again, once its claims exceed its kind's attempts. */
static void test_poison_job_is_failed(void **state)
{
    fixture *f = *state;
    ks_time t = now(f), r = ks_time_real_now();
    ks_err e;
    ks_job j;
    size_t n;
    enqueue(f, "flaky", "poison", t, "0");
    for (int i = 0; i < 3; i++) /* three claimers, each gone with its lease long over */
        assert_int_equal(claim(f, store(f), &j, t, r - 300 + 100 * i, 10, "dead"), 1);
    assert_ok(ks_jobs_run_due(&f->r.ctx, t, &e), e);
    assert_int_equal(atomic_load(&flaky_calls), 0);
    ks_job *list = jobs_of(f, &n);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].state, KS_JOB_FAILED);
    assert_int_equal(list[0].attempts, 4);
    assert_non_null(strstr(list[0].last_error, "stopped 3 times"));
}

/* The worker threads run what falls due, and stop cleanly. */
static void test_workers(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_job_workers *w;
    size_t n = 0;
    enqueue(f, "probe", "now", now(f), "");
    enqueue(f, "probe", "later", now(f) + 2, "");
    enqueue(f, "probe", "next year", now(f) + 365 * DAY, "");
    assert_ok(ks_job_workers_start(&w, store(f), &f->r.cfg, 2, 20, &e), e);
    for (int i = 0; i < 500; i++) {
        jobs_of(f, &n);
        if (n == 1)
            break;
        usleep(10000);
    }
    ks_job_workers_stop(w);
    assert_int_equal(n, 1);
    assert_int_equal(runs.n, 2);
    assert_string_equal(runs.key[0], "now");
    assert_string_equal(runs.key[1], "later");
    assert_err(ks_job_workers_start(&w, store(f), &f->r.cfg, 0, 20, &e), e, KS_E_PARAMETER_INVALID);
    ks_job_workers_stop(NULL);
}

/* --- lead follow-ups and the mailbox -------------------------------------------------------- */

static void update_email(fixture *f, const char *code, const char *email);

static const char *add_lead(fixture *f, const char *email)
{
    ks_err e;
    ks_lead *l = ks_arena_alloc(f->a, sizeof *l);
    ks_address *b = ks_arena_alloc(f->a, sizeof *b);
    ks_item_price *p = ks_arena_alloc(f->a, sizeof *p);
    l->items = ks_arena_alloc(f->a, 2 * sizeof *l->items);
    l->items[0].code = "PROD1";
    l->items[0].quantity = 3;
    l->items[0].has_quantity = 1;
    l->items[1].is_dynamic = 1;
    l->items[1].name = "Support plan";
    p->amount = 199900; /* 19.99 */
    p->has_amount = 1;
    p->type = "CUSTOM";
    l->items[1].price = p;
    l->n_items = 2;
    l->currency = "EUR";
    b->first_name = "Jane";
    b->last_name = "Doe";
    b->email = email;
    l->billing = b;
    l->doc = "{}";
    f->r.ctx.have_now = 0;
    assert_ok(ks_lead_add(&f->r.ctx, l, &e), e);
    return l->code;
}

static ks_mail *mails(fixture *f, const char *to, size_t *n, int64_t *total)
{
    ks_err e;
    ks_mail *list;
    ks_mail_query q = {f->v->code, to, 1, 200};
    assert_ok(ks_mailbox_list(&list, n, total, &f->r.ctx, &q, &e), e);
    return list;
}

static ks_lead lead(fixture *f, const char *code)
{
    ks_err e;
    ks_lead l;
    assert_ok(ks_lead_get(&l, &f->r.ctx, code, &e), e);
    return l;
}

static void test_lead_followups_are_mailed(void **state)
{
    fixture *f = *state;
    ks_err e;
    size_t n;
    int64_t total;
    const char *code = add_lead(f, "jane@example.com");
    const char *other = add_lead(f, "john@example.com");
    ks_lead l = lead(f, code);
    assert_ok(ks_jobs_advance(&f->r.ctx, 21 * 60, &e), e);
    ks_mail *m = mails(f, "JANE@example.com", &n, &total);
    assert_int_equal(total, 1);
    assert_string_equal(m[0].to, "jane@example.com");
    assert_int_equal(m[0].sent_at, l.followups[0].due);
    assert_non_null(strstr(m[0].body, "Hello Jane Doe,"));
    assert_non_null(strstr(m[0].body, "3 x PROD1\n"));
    assert_non_null(strstr(m[0].body, "1 x Support plan, 19.99 EUR\n"));
    char *link = ks_arena_printf(f->a, "https://kassa.test/checkout/buy?merchant=%s&lead=%s",
                                 f->v->code, code);
    assert_non_null(strstr(m[0].body, link));
    l = lead(f, code);
    assert_int_equal(l.followups[0].state, KS_FOLLOWUP_SENT);
    assert_int_equal(l.followups[1].state, KS_FOLLOWUP_SCHEDULED);
    mails(f, NULL, &n, &total);
    assert_int_equal(total, 2);

    /* 90 days: all five, newest first, each at its own time */
    assert_ok(ks_jobs_advance(&f->r.ctx, 90 * DAY, &e), e);
    m = mails(f, "jane@example.com", &n, &total);
    assert_int_equal(total, 5);
    l = lead(f, code);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(l.followups[i].state, KS_FOLLOWUP_SENT);
        assert_int_equal(m[4 - i].sent_at, l.followups[i].due);
    }
    mails(f, "john@example.com", &n, &total);
    assert_int_equal(total, 5);
    (void)other;
    size_t nj;
    jobs_of(f, &nj);
    assert_int_equal(nj, 0);
}

static void test_lead_stopped_or_used_gets_no_mail(void **state)
{
    fixture *f = *state;
    ks_err e;
    size_t n;
    int64_t total;
    const char *stopped = add_lead(f, "stopped@example.com");
    const char *used = add_lead(f, "used@example.com");
    const char *later = add_lead(f, "later@example.com");
    ks_lead_mark_in m[] = {{.code = stopped, .set_stop = 1, .stop = 1},
                           {.code = used, .set_used = 1, .used = 1},
                           {.code = later, .set_stop = 1, .stop = 1}};
    f->r.ctx.have_now = 0;
    assert_ok(ks_lead_mark(&f->r.ctx, m, 3, &e), e);
    assert_ok(ks_jobs_advance(&f->r.ctx, 2 * DAY, &e), e);
    mails(f, NULL, &n, &total);
    assert_int_equal(total, 0);
    /* restarted after two days: the three follow-ups still ahead go out, the two whose time
     * passed while stopped stay canceled */
    ks_lead_mark_in restart = {.code = later, .set_stop = 1, .stop = 0};
    f->r.ctx.have_now = 0;
    assert_ok(ks_lead_mark(&f->r.ctx, &restart, 1, &e), e);
    update_email(f, later, "later@example.com"); /* re-plans, and keeps the two canceled */
    assert_ok(ks_jobs_advance(&f->r.ctx, 90 * DAY, &e), e);
    mails(f, "later@example.com", &n, &total);
    assert_int_equal(total, 3);
    ks_lead l = lead(f, later);
    static const ks_followup_state want[] = {KS_FOLLOWUP_CANCELED, KS_FOLLOWUP_CANCELED,
                                             KS_FOLLOWUP_SENT, KS_FOLLOWUP_SENT, KS_FOLLOWUP_SENT};
    for (int i = 0; i < 5; i++)
        assert_int_equal(l.followups[i].state, want[i]);
    mails(f, NULL, &n, &total);
    assert_int_equal(total, 3);
    l = lead(f, used);
    for (int i = 0; i < 5; i++)
        assert_int_equal(l.followups[i].state, KS_FOLLOWUP_CANCELED);
}

/* The follow-up job runs at least once: running it again (after a crash between sending and
 * finishing it, or re-planned by an update) sends nothing more. */
static void test_followup_job_is_idempotent(void **state)
{
    fixture *f = *state;
    ks_err e;
    size_t n;
    int64_t total;
    const char *code = add_lead(f, "jane@example.com");
    ks_lead l = lead(f, code);
    ks_time t = l.followups[0].due, again = 0;
    ks_job j = {.id = 0,
                .vendor_id = f->v->id,
                .kind = KS_LEAD_FOLLOWUP_JOB,
                .payload = ks_arena_printf(f->a, "%s#0", code),
                .due = t};
    unit_req jr;
    unit_req_init(&jr, store(f), f->v);
    jr.ctx.cfg = &f->r.cfg;
    jr.ctx.now = t;
    jr.ctx.have_now = 1;
    for (int i = 0; i < 3; i++)
        assert_ok(ks_lead_followup_run(&jr.ctx, &j, &again, &e), e);
    assert_int_equal(again, 0);
    mails(f, NULL, &n, &total);
    assert_int_equal(total, 1);
    /* an update re-plans the jobs of what is not sent; the sent one is not sent again */
    ks_lead *u = ks_arena_alloc(f->a, sizeof *u);
    *u = l;
    u->code = NULL;
    u->items = l.items;
    f->r.ctx.have_now = 0;
    assert_ok(ks_lead_update(&f->r.ctx, code, u, &e), e);
    assert_ok(ks_jobs_advance(&f->r.ctx, 21 * 60, &e), e);
    mails(f, NULL, &n, &total);
    assert_int_equal(total, 1);
    /* a job for a follow-up not yet due plans itself again at its time; a bad payload or an
     * unknown lead is nothing to do */
    j.payload = ks_arena_printf(f->a, "%s#1", code);
    assert_ok(ks_lead_followup_run(&jr.ctx, &j, &again, &e), e);
    assert_int_equal(again, l.followups[1].due);
    again = 0;
    j.payload = "NOSUCHLEAD#0";
    assert_ok(ks_lead_followup_run(&jr.ctx, &j, &again, &e), e);
    j.payload = "garbage";
    assert_ok(ks_lead_followup_run(&jr.ctx, &j, &again, &e), e);
    j.payload = ks_arena_printf(f->a, "%s#9", code);
    assert_ok(ks_lead_followup_run(&jr.ctx, &j, &again, &e), e);
    assert_int_equal(again, 0);
    mails(f, NULL, &n, &total);
    assert_int_equal(total, 1);
    unit_req_done(&jr);
}

/* updateLead with the lead as it is but for the email. */
static void update_email(fixture *f, const char *code, const char *email)
{
    ks_err e;
    ks_lead l = lead(f, code);
    ks_lead *u = ks_arena_alloc(f->a, sizeof *u);
    ks_address *b = ks_arena_alloc(f->a, sizeof *b);
    *u = l;
    *b = *l.billing;
    b->email = email;
    u->billing = b;
    f->r.ctx.have_now = 0;
    assert_ok(ks_lead_update(&f->r.ctx, code, u, &e), e);
}

/* Adding a name and email by updateLead plans the follow-ups and their jobs; those whose
 * moment has passed already are not sent late. */
static void test_update_plans_followup_jobs(void **state)
{
    fixture *f = *state;
    ks_err e;
    size_t n;
    int64_t total;
    const char *code = add_lead(f, NULL);
    const char *late = add_lead(f, NULL);
    jobs_of(f, &n);
    assert_int_equal(n, 0);
    update_email(f, code, "soon@example.com");
    jobs_of(f, &n);
    assert_int_equal(n, 5);
    assert_ok(ks_jobs_advance(&f->r.ctx, DAY + 60, &e), e);
    mails(f, "soon@example.com", &n, &total);
    assert_int_equal(total, 2);

    update_email(f, late, "late@example.com");
    ks_lead l = lead(f, late);
    static const ks_followup_state want[] = {KS_FOLLOWUP_CANCELED, KS_FOLLOWUP_CANCELED,
                                             KS_FOLLOWUP_SCHEDULED, KS_FOLLOWUP_SCHEDULED,
                                             KS_FOLLOWUP_SCHEDULED};
    for (int i = 0; i < 5; i++)
        assert_int_equal(l.followups[i].state, want[i]);
    assert_ok(ks_jobs_advance(&f->r.ctx, 90 * DAY, &e), e);
    mails(f, "late@example.com", &n, &total);
    assert_int_equal(total, 3);
    /* an update keeps what was sent and canceled */
    update_email(f, late, "late@example.com");
    l = lead(f, late);
    for (int i = 0; i < 5; i++)
        assert_int_equal(l.followups[i].state,
                         want[i] == KS_FOLLOWUP_CANCELED ? KS_FOLLOWUP_CANCELED : KS_FOLLOWUP_SENT);
    assert_ok(ks_jobs_advance(&f->r.ctx, DAY, &e), e);
    mails(f, NULL, &n, &total);
    assert_int_equal(total, 5 + 3);
}

static void test_mailbox_errors_and_pages(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_mail *list;
    size_t n;
    int64_t total;
    ks_mail_query q = {f->v->code, NULL, 1, 10};
    add_lead(f, "a@example.com");
    assert_ok(ks_jobs_advance(&f->r.ctx, 8 * DAY, &e), e); /* three mails */
    q.limit = 2;
    assert_ok(ks_mailbox_list(&list, &n, &total, &f->r.ctx, &q, &e), e);
    assert_int_equal(n, 2);
    assert_int_equal(total, 3);
    assert_true(list[0].sent_at > list[1].sent_at);
    q.page = 2;
    assert_ok(ks_mailbox_list(&list, &n, &total, &f->r.ctx, &q, &e), e);
    assert_int_equal(n, 1);
    q.page = INT64_MAX;
    assert_ok(ks_mailbox_list(&list, &n, &total, &f->r.ctx, &q, &e), e);
    assert_int_equal(n, 0);
    q.page = 0;
    assert_err(ks_mailbox_list(&list, &n, &total, &f->r.ctx, &q, &e), e, KS_E_INVALID_PAGINATION);
    q.page = 1;
    q.limit = 201;
    assert_err(ks_mailbox_list(&list, &n, &total, &f->r.ctx, &q, &e), e, KS_E_INVALID_PAGINATION);
    q.limit = 10;
    q.vendor_code = "NOSUCHVENDOR";
    assert_err(ks_mailbox_list(&list, &n, &total, &f->r.ctx, &q, &e), e, KS_E_VENDOR_NOT_FOUND);
    q.vendor_code = "";
    assert_err(ks_mailbox_list(&list, &n, &total, &f->r.ctx, &q, &e), e, KS_E_PARAMETER_MISSING);
    /* another vendor's mailbox is its own */
    ks_vendor *other = unit_vendor(f->a, store(f), "JOBO", "SECRET_KEY_O");
    q.vendor_code = other->code;
    assert_ok(ks_mailbox_list(&list, &n, &total, &f->r.ctx, &q, &e), e);
    assert_int_equal(total, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_claim_order_and_until),
        T(test_finish),
        T(test_lease_expiry),
        T(test_keyed_enqueue),
        T(test_unknown_kind_left_alone),
        T(test_two_processes_never_share_a_job),
        T(test_run_due_at_each_jobs_moment),
        T(test_advance_steps_through_renewals),
        T(test_claim_many),
        T(test_store_batch),
        T(test_advance_in_batches),
        T(test_retry_then_fail),
        T(test_run_due_takes_over_a_dead_claim),
        T(test_poison_job_is_failed),
        T(test_workers),
        T(test_lead_followups_are_mailed),
        T(test_lead_stopped_or_used_gets_no_mail),
        T(test_followup_job_is_idempotent),
        T(test_update_plans_followup_jobs),
        T(test_mailbox_errors_and_pages),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
