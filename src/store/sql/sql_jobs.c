/* sql_jobs.c — the job queue: one `jobs` table (migration 5) for every kind.
 *
 * A claim is one write transaction (serializable, driver.h: SQLite's one writer at a time,
 * PostgreSQL's SERIALIZABLE; across processes too) that picks the earliest claimable job and marks
 * it RUNNING with a lease, so two claimers never get the same job. A claim is told apart from the
 * next claim of the same job by its attempt count, which every claim increments: finishing matches
 * (id, attempts), so a claimer that lost its job (lease ended, another took it over) changes
 * nothing. */
#include <assert.h>
#include <string.h>

#include "../../core/timeutil.h"
#include "sql_int.h"

#define JOB_COLS                                                                                   \
    "id, vendor_id, kind, job_key, due, payload, state, attempts, owner, lease_until, last_error"

static void read_job(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_job *j = elem;
    memset(j, 0, sizeof *j);
    j->id = sq_col_int(st, 0);
    j->vendor_id = sq_col_int(st, 1);
    j->kind = sq_col_text(a, st, 2);
    j->key = sq_col_text(a, st, 3);
    j->due = sq_col_int(st, 4);
    j->payload = sq_col_text(a, st, 5);
    j->state = (ks_job_state)sq_col_int(st, 6);
    j->attempts = sq_col_int(st, 7);
    j->owner = sq_col_text(a, st, 8);
    j->lease_until = sq_col_int(st, 9);
    j->last_error = sq_col_text(a, st, 10);
}

/* " AND kind IN (?, ...)" for the names of n kinds. */
static void kinds_in(sq_query *q, const ks_job_kind *kinds, size_t n)
{
    const char **names = ks_arena_alloc(q->a, (n + 1) * sizeof *names);
    for (size_t k = 0; k < n; k++)
        names[k] = kinds[k].name;
    sq_q_in(q, "kind", names, n, NULL);
}

int sq_jobs_write(sq_conn *db, const ks_job_list *l)
{
    int rc = -1;
    sq_stmt *st;
    if (!l)
        return 0;
    if (sq_notices_write(db, l))
        return -1;
    if (l->n == 0)
        return 0;
    /* a keyed job that exists is re-planned, unless it is running: its claimer would finish
     * (delete) the re-planned job as if it were the one it ran */
    st = sq_prep(db, "INSERT INTO jobs(vendor_id, kind, job_key, due, payload, created) "
                     "VALUES(?,?,?,?,?,?) ON CONFLICT(vendor_id, kind, job_key) DO UPDATE SET "
                     "due = excluded.due, payload = excluded.payload, state = 0, attempts = 0, "
                     "owner = NULL, lease_until = NULL, last_error = NULL WHERE jobs.state <> 1");
    if (!st)
        return -1;
    for (size_t i = 0; i < l->n; i++) {
        const ks_job_new *j = &l->items[i];
        sq_reset(st);
        sq_bind_int(st, 1, j->vendor_id);
        sq_bind_text(st, 2, j->kind);
        sq_bind_text(st, 3, j->key);
        sq_bind_int(st, 4, j->due);
        sq_bind_text(st, 5, j->payload ? j->payload : "");
        sq_bind_int(st, 6, ks_time_real_now());
        if (sq_step(st) != SQ_DONE)
            goto done;
    }
    rc = 0;
done:
    sq_finish(st);
    return rc;
}

static int job_enqueue(sq_tx *tx, void *arg)
{
    return sq_jobs_write(tx->db, arg) ? SQ_DB : SQ_OK;
}

int sq_job_enqueue(ks_store *base, const ks_job_list *l, ks_err *err)
{
    return sq_write(base, NULL, "job_enqueue", job_enqueue, (void *)l, err);
}

typedef struct {
    const ks_job_kind *kinds;
    size_t n_kinds;
    ks_time until, real_now;
    int lease_s;
    const char *owner;
    ks_job *out;
    int *found;
} job_claim_arg;

static int job_claim(sq_tx *tx, void *arg)
{
    job_claim_arg *x = arg;
    sq_query q;
    /* jobs_open (due, id) WHERE state < 2 is read in claim order; running jobs whose lease
     * lasts are skipped */
    sq_q_init(&q, tx->a, NULL);
    sq_q_text(&q, "UPDATE jobs SET state = 1, owner = ?", x->owner);
    sq_q_int(&q, ", lease_until = ?", x->real_now + x->lease_s);
    sq_q_int(&q,
             ", attempts = attempts + 1 WHERE id = (SELECT id FROM jobs WHERE state < 2 "
             "AND due <= ?",
             x->until);
    sq_q_int(&q, " AND (state = 0 OR lease_until <= ?)", x->real_now);
    kinds_in(&q, x->kinds, x->n_kinds);
    sq_q_sql(&q, " ORDER BY due, id LIMIT 1) RETURNING " JOB_COLS);
    sq_stmt *st = sq_q_prep(tx->db, NULL, &q, NULL);
    if (!st)
        return SQ_DB;
    int r = sq_step(st);
    if (r == SQ_ROW) {
        read_job(tx->a, st, x->out);
        *x->found = 1;
        r = sq_step(st);
    }
    return r == SQ_DONE ? SQ_OK : SQ_DB;
}

typedef struct {
    job_claim_arg c;
    size_t max, *n;
} job_claim_many_arg;

static int job_claim_many(sq_tx *tx, void *arg)
{
    job_claim_many_arg *x = arg;
    const job_claim_arg *c = &x->c;
    sq_query q;
    int64_t *ids = ks_arena_alloc(tx->a, x->max * sizeof *ids);
    size_t n = 0;
    int r = SQ_DONE, alone = 0;
    *x->n = 0;
    /* the ids first, read in claim order from jobs_open (due, id) WHERE state < 2: claiming
     * them one by one with job_claim's statement would step over the ones just claimed again
     * each time */
    sq_q_init(&q, tx->a, NULL);
    sq_q_int(&q, "SELECT id, kind FROM jobs WHERE state < 2 AND due <= ?", c->until);
    sq_q_int(&q, " AND (state = 0 OR lease_until <= ?)", c->real_now);
    kinds_in(&q, c->kinds, c->n_kinds);
    sq_q_int(&q, " ORDER BY due, id LIMIT ?", (int64_t)x->max);
    sq_stmt *st = sq_q_prep(tx->db, NULL, &q, NULL);
    if (!st)
        return SQ_DB;
    while (!alone && (r = sq_step(st)) == SQ_ROW) {
        const char *kind = sq_col_str(st, 1);
        ids[n++] = sq_col_int(st, 0);
        alone = 1; /* a kind that may not be batched ends the claim */
        for (size_t k = 0; k < c->n_kinds; k++)
            if (kind && strcmp(c->kinds[k].name, kind) == 0)
                alone = !c->kinds[k].batch;
    }
    if (!alone && r != SQ_DONE)
        return SQ_DB;
    sq_finish(st);
    if (!(st = sq_prep(tx->db, "UPDATE jobs SET state = 1, owner = ?, lease_until = ?, attempts = "
                               "attempts + 1 WHERE id = ? RETURNING " JOB_COLS)))
        return SQ_DB;
    for (size_t i = 0; i < n; i++) {
        sq_reset(st);
        sq_bind_text(st, 1, c->owner);
        sq_bind_int(st, 2, c->real_now + c->lease_s);
        sq_bind_int(st, 3, ids[i]);
        if (sq_step(st) != SQ_ROW)
            return SQ_DB;
        read_job(tx->a, st, &c->out[*x->n]);
        ++*x->n;
        if (sq_step(st) != SQ_DONE)
            return SQ_DB;
    }
    sq_finish(st);
    return SQ_OK;
}

int sq_job_claim_many(ks_store *base, ks_arena *a, const ks_job_kind *kinds, size_t n_kinds,
                      ks_time until, ks_time real_now, int lease_s, const char *owner, size_t max,
                      ks_job *out, size_t *n, ks_err *err)
{
    job_claim_many_arg x = {{kinds, n_kinds, until, real_now, lease_s, owner, out, NULL}, max, n};
    *n = 0;
    if (n_kinds == 0 || max == 0)
        return 0;
    if (sq_write(base, a, "job_claim_many", job_claim_many, &x, err)) {
        *n = 0;
        return -1;
    }
    return 0;
}

int sq_job_claim(ks_store *base, ks_arena *a, const ks_job_kind *kinds, size_t n_kinds,
                 ks_time until, ks_time real_now, int lease_s, const char *owner, ks_job *out,
                 int *found, ks_err *err)
{
    job_claim_arg x = {kinds, n_kinds, until, real_now, lease_s, owner, out, found};
    *found = 0;
    if (n_kinds == 0)
        return 0;
    if (sq_write(base, a, "job_claim", job_claim, &x, err)) {
        *found = 0;
        return -1;
    }
    return 0;
}

typedef struct {
    const ks_job *j;
    ks_job_state to;
    ks_time due;
    const char *error;
} job_finish_arg;

static int job_finish(sq_tx *tx, void *arg)
{
    job_finish_arg *x = arg;
    sq_stmt *st = NULL;
    /* each statement matches the claim (id, attempts) while it is still running: a claim that
     * was taken over changes nothing */
    switch (x->to) {
    case KS_JOB_DONE:
        st = sq_prep(tx->db, "DELETE FROM jobs WHERE id = ?1 AND attempts = ?2 AND state = 1");
        break;
    case KS_JOB_PENDING:
        /* a retry (error given) keeps its attempts; a next run starts them again */
        st = sq_prep(
            tx->db,
            "UPDATE jobs SET state = 0, due = ?3, owner = NULL, lease_until = "
            "NULL, last_error = ?4, attempts = CASE WHEN CAST(?4 AS TEXT) IS NULL THEN 0 ELSE "
            "attempts END WHERE id = ?1 AND attempts = ?2 AND state = 1");
        break;
    case KS_JOB_FAILED:
        st = sq_prep(tx->db, "UPDATE jobs SET state = 2, lease_until = NULL, last_error = ?4 "
                             "WHERE id = ?1 AND attempts = ?2 AND state = 1");
        break;
    case KS_JOB_RUNNING: assert(!"a claim ends DONE, PENDING or FAILED"); break;
    }
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->j->id);
    sq_bind_int(st, 2, x->j->attempts);
    if (x->to != KS_JOB_DONE) {
        sq_bind_int(st, 3, x->due);
        sq_bind_text(st, 4, x->error);
    }
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_job_finish(ks_store *base, const ks_job *j, ks_job_state to, ks_time due, const char *error,
                  ks_err *err)
{
    job_finish_arg x = {j, to, due, error};
    return sq_write(base, NULL, "job_finish", job_finish, &x, err);
}

typedef struct {
    const ks_job_kind *kinds;
    size_t n_kinds;
    ks_time until;
    ks_time *due;
    int *found;
} job_next_arg;

static int job_next(sq_tx *tx, void *arg)
{
    job_next_arg *x = arg;
    sq_query q;
    sq_q_init(&q, tx->a, NULL);
    sq_q_int(&q, "SELECT due FROM jobs WHERE state < 2 AND due <= ?", x->until);
    kinds_in(&q, x->kinds, x->n_kinds);
    sq_q_sql(&q, " ORDER BY due, id LIMIT 1");
    sq_stmt *st = sq_q_prep(tx->db, NULL, &q, NULL);
    if (!st)
        return SQ_DB;
    int r = sq_step(st);
    if (r == SQ_ROW) {
        *x->due = sq_col_int(st, 0);
        *x->found = 1;
    } else if (r != SQ_DONE) {
        return SQ_DB;
    }
    return SQ_OK;
}

int sq_job_next(ks_store *base, const ks_job_kind *kinds, size_t n_kinds, ks_time until,
                ks_time *due, int *found, ks_err *err)
{
    *found = 0;
    if (n_kinds == 0)
        return 0;
    job_next_arg x = {kinds, n_kinds, until, due, found};
    return sq_read(base, NULL, "job_next", job_next, &x, err);
}

typedef struct {
    int64_t vendor_id;
    ks_job **out;
    size_t *n;
} job_list_arg;

static int job_list(sq_tx *tx, void *arg)
{
    job_list_arg *x = arg;
    return sq_children(tx->db, tx->a,
                       "SELECT " JOB_COLS " FROM jobs WHERE vendor_id = ? ORDER BY due, id",
                       x->vendor_id, sizeof **x->out, read_job, (void **)x->out, x->n);
}

int sq_job_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_job **out, size_t *n,
                ks_err *err)
{
    job_list_arg x = {vendor_id, out, n};
    return sq_read(base, a, "job_list", job_list, &x, err);
}
