/* jobs.c — the job runner: running one claimed job at its own moment, running everything due
 * by a time, moving the business clock through the jobs that fall due, and the worker threads
 * of `kassa serve`. The kinds it runs are given to it (ks_config.job_kinds; job_kinds.h). */
#include "jobs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/log.h"
#include "store.h"
#include "clock.h"
#include "common.h"

#define DEFAULT_MAX_ATTEMPTS 10
#define RETRY_FIRST_S        60    /* a failed job runs again a minute later, */
#define RETRY_MAX_S          3600  /* then twice as late each time, at most an hour */
#define WAIT_OTHERS_US       20000 /* polling for the jobs that other claimers hold */

void ks_job_list_add(ks_job_list *l, ks_arena *a, const ks_job_new *j)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        ks_job_new *bigger = ks_arena_alloc(a, cap * sizeof *bigger);
        if (l->n)
            memcpy(bigger, l->items, l->n * sizeof *bigger);
        l->items = bigger;
        l->cap = cap;
    }
    l->items[l->n++] = *j;
}

void ks_job_list_add_notice(ks_job_list *l, ks_arena *a, const ks_notice_new *n)
{
    if (l->n_notices == l->cap_notices) {
        size_t cap = l->cap_notices ? 2 * l->cap_notices : 4;
        ks_notice_new *bigger = ks_arena_alloc(a, cap * sizeof *bigger);
        if (l->n_notices)
            memcpy(bigger, l->notices, l->n_notices * sizeof *bigger);
        l->notices = bigger;
        l->cap_notices = cap;
    }
    l->notices[l->n_notices++] = *n;
}

void ks_job_list_append(ks_job_list *l, ks_arena *a, const ks_job_list *from)
{
    if (!from)
        return;
    for (size_t i = 0; i < from->n; i++)
        ks_job_list_add(l, a, &from->items[i]);
    for (size_t i = 0; i < from->n_notices; i++)
        ks_job_list_add_notice(l, a, &from->notices[i]);
}

static void kinds_of(const ks_ctx *ctx, const ks_job_kind **kinds, size_t *n)
{
    /* the runner knows no kind itself: main registers them (job_kinds.h) */
    *kinds = ctx->cfg ? ctx->cfg->job_kinds : NULL;
    *n = ctx->cfg && ctx->cfg->job_kinds ? ctx->cfg->n_job_kinds : 0;
}

static const ks_job_kind *kind_named(const ks_ctx *ctx, const char *name)
{
    const ks_job_kind *kinds;
    size_t n;
    kinds_of(ctx, &kinds, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

int ks_jobs_enqueue(ks_ctx *ctx, const ks_job_list *l, ks_err *err)
{
    return ctx->store->ops->job_enqueue(ctx->store, l, err);
}

int ks_jobs_next_due(ks_time *due, int *found, ks_ctx *ctx, ks_time until, ks_err *err)
{
    const ks_job_kind *kinds;
    size_t n;
    kinds_of(ctx, &kinds, &n);
    return ctx->store->ops->job_next(ctx->store, kinds, n, until, due, found, err);
}

static ks_time retry_delay(int attempts)
{
    ks_time d = RETRY_FIRST_S;
    for (int i = 1; i < attempts && d < RETRY_MAX_S; i++)
        d *= 2;
    return d < RETRY_MAX_S ? d : RETRY_MAX_S;
}

/* Runs the claimed job j (strings in a) at its own moment and ends the claim: done, again
 * later, retried later or failed. Only a storage error in ending the claim fails. */
static int run_claimed(ks_ctx *ctx, ks_arena *a, const ks_job *j, ks_err *err)
{
    ks_vendor v;
    ks_err herr;
    ks_time again = 0, now;
    int hr = -1;
    const ks_job_kind *k = kind_named(ctx, j->kind); /* the claim only takes kinds we run */
    int max = k && k->max_attempts > 0 ? k->max_attempts : DEFAULT_MAX_ATTEMPTS;
    /* the job's own context: its vendor, its arena, and the clock at its due time */
    ks_ctx jc = {.store = ctx->store, .arena = a, .cfg = ctx->cfg, .have_now = 1, .now = j->due,
                 .memo = ctx->memo};
    memset(&herr, 0, sizeof herr);
    if (!k)
        ks_err_setf(&herr, KS_E_INTERNAL_ERROR, "Unknown job kind '%.64s'", j->kind);
    else if (j->attempts > max)
        /* every claim before this one ended with its claimer gone: a job that kills the
         * process that runs it is not run again */
        ks_err_setf(&herr, KS_E_INTERNAL_ERROR, "Its claimers stopped %d times", j->attempts - 1);
    else if (ctx->store->ops->vendor_by_id(ctx->store, a, j->vendor_id, &v, &herr) == 0) {
        jc.vendor = &v;
        hr = k->run(&jc, j, &again, &herr);
    }
    if (hr == 0)
        return again ? ctx->store->ops->job_finish(ctx->store, j, KS_JOB_PENDING, again, NULL, err)
                     : ctx->store->ops->job_finish(ctx->store, j, KS_JOB_DONE, 0, NULL, err);
    const char *msg = ks_arena_printf(a, "%s: %s", ks_err_name(herr.code), herr.msg);
    if (j->attempts >= max) {
        ks_log_warn("jobs: %s job %lld failed after %d attempts: %s", j->kind, (long long)j->id,
                    j->attempts, msg);
        return ctx->store->ops->job_finish(ctx->store, j, KS_JOB_FAILED, 0, msg, err);
    }
    /* retried later than now, which may be long after its own moment (the server was down) */
    if (ks_clock_read(&now, ctx, err))
        return -1;
    ks_log_info("jobs: %s job %lld attempt %d failed, will retry: %s", j->kind, (long long)j->id,
                j->attempts, msg);
    return ctx->store->ops->job_finish(ctx->store, j, KS_JOB_PENDING,
                                       (now > j->due ? now : j->due) + retry_delay(j->attempts),
                                       msg, err);
}

int ks_jobs_run_one(int *ran, ks_ctx *ctx, const char *owner, ks_time until, ks_err *err)
{
    int rc = -1, found = 0;
    const ks_job_kind *kinds;
    size_t n;
    ks_job j;
    ks_arena *a = ks_arena_new();
    int lease =
        ctx->cfg && ctx->cfg->job_lease_s > 0 ? ctx->cfg->job_lease_s : KS_JOB_LEASE_DEFAULT;
    *ran = 0;
    kinds_of(ctx, &kinds, &n);
    if (ctx->store->ops->job_claim(ctx->store, a, kinds, n, until, ks_time_real_now(), lease, owner,
                                   &j, &found, err))
        goto done;
    if (found && run_claimed(ctx, a, &j, err))
        goto done;
    *ran = found;
    rc = 0;
done:
    ks_arena_free(a);
    return rc;
}

/* --- batches ------------------------------------------------------------------------------
 *
 * A job of a kind marked batch (job_kinds.c: renewals) only reads and writes the store. The
 * runner claims the earliest jobs due in one transaction of the store (ks_store_ops.batch: one
 * commit for BATCH_MAX claims), then runs those jobs and ends their claims in a second one, with
 * the clock step of an advance: a year of renewals costs two durable commits per BATCH_MAX
 * renewals instead of three per renewal. A claim takes jobs in (due, id) order and stops after
 * the first job that may not be batched: that one runs alone, after the batch, as before. Each
 * job stays what it was alone: claimed with its lease (a crash between the two commits leaves
 * claims that end with their lease), run at its own moment, idempotent by its own compare and
 * set; the batch only shares the commits. */

#define BATCH_MAX 256 /* jobs claimed and run in one transaction */

static int store_batch(ks_ctx *ctx, int (*fn)(void *arg, ks_err *err), void *arg, ks_err *err)
{
    if (!ctx->store->ops->batch)
        return fn(arg, err);
    return ctx->store->ops->batch(ctx->store, fn, arg, err);
}

/* A clock advance under way (ks_jobs_advance): the seconds still to add, and how far it is for
 * ks_config.advance_progress. */
typedef struct {
    int64_t left;
    ks_time target, reached, told_at; /* told_at: real time of the last report */
    int64_t jobs;
} advance_state;

static void advance_told(const ks_ctx *ctx, advance_state *adv, int final)
{
    ks_time real = ks_time_real_now();
    if (!ctx->cfg || !ctx->cfg->advance_progress || (!final && real == adv->told_at))
        return;
    adv->told_at = real;
    ctx->cfg->advance_progress(adv->reached, adv->target, adv->jobs);
}

typedef struct {
    ks_ctx *ctx;
    ks_arena *a; /* the claims */
    const char *owner;
    ks_time until;
    advance_state *adv; /* NULL: the clock is not moved */
    ks_job *jobs;
    size_t n;
    int last_alone; /* jobs[n - 1] may not be batched */
} job_batch;

/* Claims the next jobs (one transaction). */
static int claim_batch(job_batch *b, ks_err *err)
{
    const ks_job_kind *kinds, *k;
    size_t n_kinds;
    int lease = b->ctx->cfg && b->ctx->cfg->job_lease_s > 0 ? b->ctx->cfg->job_lease_s
                                                            : KS_JOB_LEASE_DEFAULT;
    kinds_of(b->ctx, &kinds, &n_kinds);
    b->last_alone = 0;
    if (b->ctx->store->ops->job_claim_many(b->ctx->store, b->a, kinds, n_kinds, b->until,
                                           ks_time_real_now(), lease, b->owner, BATCH_MAX,
                                           b->jobs, &b->n, err))
        return -1;
    k = b->n ? kind_named(b->ctx, b->jobs[b->n - 1].kind) : NULL;
    b->last_alone = b->n && (!k || !k->batch);
    return 0;
}

/* Moves an advance's clock to the moment of the last job claimed, if it is ahead: the step is
 * committed with the jobs of the batch, so no one sees the clock past jobs not run. */
static int advance_to(ks_ctx *ctx, advance_state *adv, ks_time due, ks_err *err)
{
    ks_time now;
    if (!adv || ks_clock_read(&now, ctx, err))
        return adv ? -1 : 0;
    if (due <= now)
        return 0;
    int64_t step = due - now < adv->left ? due - now : adv->left;
    if (ctx->store->ops->clock_advance(ctx->store, step, err))
        return -1;
    adv->left -= step;
    return 0;
}

static int run_batch(void *arg, ks_err *err)
{
    job_batch *b = arg;
    size_t n = b->n - (size_t)b->last_alone;
    ks_arena *a = ks_arena_new();
    int rc = -1;
    /* the batch holds the store's write lock: what its jobs read of the catalog cannot change
     * under them, and is read once */
    ks_ctx bc = *b->ctx;
    bc.memo = ks_memo_new();
    if (n && advance_to(b->ctx, b->adv, b->jobs[n - 1].due, err))
        goto done;
    for (size_t i = 0; i < n; i++) {
        ks_arena_reset(a);
        if (run_claimed(&bc, a, &b->jobs[i], err))
            goto done;
    }
    rc = 0;
done:
    ks_memo_free(bc.memo);
    ks_arena_free(a);
    return rc;
}

/* Claims the next jobs due by until and runs them; *ran: how many (0: there was none). */
static int run_some(int *ran, ks_ctx *ctx, const char *owner, ks_time until,
                    advance_state *adv, ks_err *err)
{
    ks_arena *a = ks_arena_new();
    job_batch b = {ctx, a, owner, until, adv, NULL, 0, 0};
    int rc = -1;
    b.jobs = ks_arena_alloc(a, BATCH_MAX * sizeof *b.jobs);
    *ran = 0;
    if (claim_batch(&b, err))
        goto done;
    if (b.n > (size_t)b.last_alone && store_batch(ctx, run_batch, &b, err))
        goto done;
    if (b.last_alone) {
        ks_job *j = &b.jobs[b.n - 1];
        if (advance_to(ctx, adv, j->due, err) || run_claimed(ctx, a, j, err))
            goto done;
    }
    *ran = (int)b.n;
    if (adv && b.n)
        adv->reached = b.jobs[b.n - 1].due;
    rc = 0;
done:
    ks_arena_free(a);
    return rc;
}

/* Runs what is due by until (jobs.h); with adv, moves the clock with the batches. */
static int run_due(ks_ctx *ctx, ks_time until, advance_state *adv, ks_err *err)
{
    char owner[48];
    int ran, found;
    ks_time due;
    snprintf(owner, sizeof owner, "pid %ld", (long)getpid());
    for (;;) {
        if (run_some(&ran, ctx, owner, until, adv, err))
            return -1;
        if (ran && adv) {
            adv->jobs += ran;
            advance_told(ctx, adv, 0);
        }
        if (ran)
            continue;
        /* nothing to claim: what is still open by until is held by other claimers, which
         * finish it, or whose lease ends and hands it to us */
        if (ks_jobs_next_due(&due, &found, ctx, until, err))
            return -1;
        if (!found)
            return 0;
        /* an advance's clock goes to the held job's moment, as it would for its own */
        if (advance_to(ctx, adv, due, err))
            return -1;
        usleep(WAIT_OTHERS_US);
    }
}

int ks_jobs_run_due(ks_ctx *ctx, ks_time until, ks_err *err)
{
    return run_due(ctx, until, NULL, err);
}

/* --- worker threads -------------------------------------------------------------------------- */

typedef struct {
    ks_job_workers *w;
    int index; /* from 1, for the owner name */
} worker_arg;

struct ks_job_workers {
    ks_store *store;
    const ks_config *cfg;
    int n, poll_ms;
    pthread_t *threads;
    worker_arg *args;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* CLOCK_MONOTONIC */
    int stopping;
};

static int stopping(ks_job_workers *w)
{
    pthread_mutex_lock(&w->mu);
    int s = w->stopping;
    pthread_mutex_unlock(&w->mu);
    return s;
}

/* Runs what is due by the business clock, one job at a time, until nothing is left or the
 * workers stop. A storage error is logged; the next round tries again. */
static void run_round(ks_job_workers *w, ks_ctx *ctx, const char *owner)
{
    ks_err err;
    ks_time now, due;
    int found, ran = 1;
    while (ran && !stopping(w)) {
        ctx->have_now = 0;
        /* a read first: an idle round takes no write lock */
        if (ks_clock_now(&now, ctx, &err) || ks_jobs_next_due(&due, &found, ctx, now, &err) ||
            (found && ks_jobs_run_one(&ran, ctx, owner, now, &err))) {
            ks_log_warn("jobs: %s: %s", owner, err.msg);
            return;
        }
        ran = found && ran;
    }
}

static void *worker_thread(void *p)
{
    worker_arg *wa = p;
    ks_job_workers *w = wa->w;
    char owner[48];
    ks_arena *a = ks_arena_new();
    ks_ctx ctx = {.store = w->store, .arena = a, .cfg = w->cfg};
    snprintf(owner, sizeof owner, "pid %ld worker %d", (long)getpid(), wa->index);
    for (;;) {
        run_round(w, &ctx, owner);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += (long)(w->poll_ms % 1000) * 1000000L;
        until.tv_sec += w->poll_ms / 1000 + until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_mutex_lock(&w->mu);
        while (!w->stopping && pthread_cond_timedwait(&w->cv, &w->mu, &until) == 0)
            ;
        int stop = w->stopping;
        pthread_mutex_unlock(&w->mu);
        if (stop)
            break;
    }
    ks_arena_free(a);
    return NULL;
}

int ks_job_workers_start(ks_job_workers **out, ks_store *store, const ks_config *cfg, int n,
                         int poll_ms, ks_err *err)
{
    pthread_condattr_t ca;
    ks_job_workers *w = NULL;
    int rc = -1;
    *out = NULL;
    if (n < 1) {
        ks_err_setf(err, KS_E_PARAMETER_INVALID, "At least one job worker is needed");
        goto done;
    }
    if (!(w = calloc(1, sizeof *w)))
        abort();
    w->store = store;
    w->cfg = cfg;
    w->poll_ms = poll_ms > 0 ? poll_ms : 200;
    w->threads = calloc((size_t)n, sizeof *w->threads);
    w->args = calloc((size_t)n, sizeof *w->args);
    if (!w->threads || !w->args)
        abort();
    pthread_mutex_init(&w->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cv, &ca);
    pthread_condattr_destroy(&ca);
    for (int i = 0; i < n; i++) {
        w->args[i].w = w;
        w->args[i].index = i + 1;
        if (pthread_create(&w->threads[i], NULL, worker_thread, &w->args[i]) != 0) {
            ks_err_setf(err, KS_E_INTERNAL_ERROR, "Cannot start job worker %d", i + 1);
            goto done;
        }
        w->n = i + 1;
    }
    *out = w;
    w = NULL;
    rc = 0;
done:
    ks_job_workers_stop(w); /* the ones started, when one could not be */
    return rc;
}

void ks_job_workers_stop(ks_job_workers *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    for (int i = 0; i < w->n; i++)
        pthread_join(w->threads[i], NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w->threads);
    free(w->args);
    free(w);
}

int ks_jobs_list(ks_job **out, size_t *n, ks_ctx *ctx, const char *vendor_code, ks_err *err)
{
    ks_vendor *v;
    if (!vendor_code || !*vendor_code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Vendor is required");
    v = ks_arena_alloc(ctx->arena, sizeof *v);
    if (ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, vendor_code, v, err))
        return -1;
    ctx->vendor = v;
    return ctx->store->ops->job_list(ctx->store, ctx->arena, v->id, out, n, err);
}

const char *const ks_job_state_names[] = {"PENDING", "RUNNING", "FAILED", NULL};

const char *ks_job_state_name(ks_job_state s)
{
    /* DONE is no state a job is seen in: it is deleted */
    return ks_name_of(ks_job_state_names, (int)s, s == KS_JOB_DONE ? "DONE" : "PENDING");
}

/* --- moving the business clock ------------------------------------------------------------- */

int ks_jobs_advance(ks_ctx *ctx, int64_t seconds, ks_err *err)
{
    int rc = -1;
    advance_state adv = {.left = seconds, .told_at = ks_time_real_now()};
    ks_time now;
    if (seconds < 0 || seconds > 100LL * 366 * 86400)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "The clock only moves forward, by at most 100 years");
    if (ks_clock_read(&now, ctx, err))
        goto done;
    /* Run what is due by the target, earliest first, moving the clock to each batch's last
     * moment as it goes (advance_to), then add what is left. Each step is an addition (the
     * store adds: reading the offset here and writing back the sum would lose the moves other
     * servers make in between), and the steps add up to seconds. Real time passes meanwhile,
     * so a step is never more than what is left; a job already due (overdue, or reached by
     * another server's move) needs none. */
    adv.target = now + seconds;
    adv.reached = now;
    if (run_due(ctx, adv.target, &adv, err))
        goto done;
    if (adv.left > 0 && ctx->store->ops->clock_advance(ctx->store, adv.left, err))
        goto done;
    if (adv.jobs) {
        adv.reached = adv.target;
        advance_told(ctx, &adv, 1);
    }
    rc = 0;
done:
    ctx->have_now = 0;
    return rc;
}
