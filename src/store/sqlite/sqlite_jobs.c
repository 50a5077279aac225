/* sqlite_jobs.c — the job queue in SQLite: one `jobs` table (migration 5) for every kind.
 *
 * A claim is one write transaction (BEGIN IMMEDIATE: SQLite's one writer at a time, across
 * processes too) that picks the earliest claimable job and marks it RUNNING with a lease, so
 * two claimers never get the same job. A claim is told apart from the next claim of the same
 * job by its attempt count, which every claim increments: finishing matches (id, attempts), so
 * a claimer that lost its job (lease ended, another took it over) changes nothing. */
#include <assert.h>
#include <string.h>

#include "../../core/buf.h"
#include "../../core/timeutil.h"
#include "sqlite_int.h"

#define JOB_COLS                                                                                   \
    "id, vendor_id, kind, job_key, due, payload, state, attempts, owner, lease_until, last_error"

static void read_job(ks_arena *a, sqlite3_stmt *st, ks_job *j)
{
    memset(j, 0, sizeof *j);
    j->id = sqlite3_column_int64(st, 0);
    j->vendor_id = sqlite3_column_int64(st, 1);
    j->kind = sq_col_text(a, st, 2);
    j->key = sq_col_text(a, st, 3);
    j->due = sqlite3_column_int64(st, 4);
    j->payload = sq_col_text(a, st, 5);
    j->state = (ks_job_state)sqlite3_column_int(st, 6);
    j->attempts = sqlite3_column_int(st, 7);
    j->owner = sq_col_text(a, st, 8);
    j->lease_until = sqlite3_column_int64(st, 9);
    j->last_error = sq_col_text(a, st, 10);
}

/* " AND kind IN (?,?,...)" for n kinds; bind_kinds binds them from parameter i on. */
static void kinds_clause(ks_buf *b, size_t n)
{
    ks_buf_puts(b, " AND kind IN (");
    for (size_t i = 0; i < n; i++)
        ks_buf_puts(b, i ? ",?" : "?");
    ks_buf_puts(b, ")");
}

static void bind_kinds(sqlite3_stmt *st, int i, const ks_job_kind *kinds, size_t n)
{
    for (size_t k = 0; k < n; k++)
        sq_bind_text(st, i++, kinds[k].name);
}

int sq_jobs_write(sqlite3 *db, const ks_job_list *l)
{
    int rc = -1;
    sqlite3_stmt *st;
    if (!l || l->n == 0)
        return 0;
    /* a keyed job that exists is re-planned, unless it is running: its claimer would finish
     * (delete) the re-planned job as if it were the one it ran */
    st = sq_prep(db, "INSERT INTO jobs(vendor_id, kind, job_key, due, payload, created) "
                     "VALUES(?,?,?,?,?,?) ON CONFLICT(vendor_id, kind, job_key) DO UPDATE SET "
                     "due = excluded.due, payload = excluded.payload, state = 0, attempts = 0, "
                     "owner = NULL, lease_until = NULL, last_error = NULL WHERE state <> 1");
    if (!st)
        return -1;
    for (size_t i = 0; i < l->n; i++) {
        const ks_job_new *j = &l->items[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, j->vendor_id);
        sq_bind_text(st, 2, j->kind);
        sq_bind_text(st, 3, j->key);
        sqlite3_bind_int64(st, 4, j->due);
        sq_bind_text(st, 5, j->payload ? j->payload : "");
        sqlite3_bind_int64(st, 6, ks_time_real_now());
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

int sq_job_enqueue(ks_store *base, const ks_job_list *l, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if (sq_jobs_write(db, l)) {
        sq_db_error(db, "job_enqueue", err);
        goto done;
    }
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
done:
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

int sq_job_claim(ks_store *base, ks_arena *a, const ks_job_kind *kinds, size_t n_kinds,
                 ks_time until, ks_time real_now, int lease_s, const char *owner, ks_job *out,
                 int *found, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0, r;
    ks_buf sql = KS_BUF_INIT;
    sqlite3_stmt *st = NULL;
    *found = 0;
    if (n_kinds == 0) {
        rc = 0;
        goto done;
    }
    /* jobs_open (due, id) WHERE state < 2 is read in claim order; running jobs whose lease
     * lasts are skipped */
    ks_buf_puts(&sql, "UPDATE jobs SET state = 1, owner = ?, lease_until = ?, "
                      "attempts = attempts + 1 WHERE id = (SELECT id FROM jobs WHERE state < 2 "
                      "AND due <= ? AND (state = 0 OR lease_until <= ?)");
    kinds_clause(&sql, n_kinds);
    ks_buf_puts(&sql, " ORDER BY due, id LIMIT 1) RETURNING " JOB_COLS);
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    sq_bind_text(st, 1, owner);
    sqlite3_bind_int64(st, 2, real_now + lease_s);
    sqlite3_bind_int64(st, 3, until);
    sqlite3_bind_int64(st, 4, real_now);
    bind_kinds(st, 5, kinds, n_kinds);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        read_job(a, st, out);
        *found = 1;
        r = sqlite3_step(st);
    }
    if (r != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "job_claim", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (rc)
        *found = 0;
    ks_buf_free(&sql);
    sq_release(s, db);
    return rc;
}

int sq_job_finish(ks_store *base, const ks_job *j, ks_job_state to, ks_time due, const char *error,
                  ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = NULL;
    /* each statement matches the claim (id, attempts) while it is still running: a claim that
     * was taken over changes nothing */
    switch (to) {
    case KS_JOB_DONE:
        st = sq_prep(db, "DELETE FROM jobs WHERE id = ?1 AND attempts = ?2 AND state = 1");
        break;
    case KS_JOB_PENDING:
        /* a retry (error given) keeps its attempts; a next run starts them again */
        st = sq_prep(db, "UPDATE jobs SET state = 0, due = ?3, owner = NULL, lease_until = NULL, "
                         "last_error = ?4, attempts = CASE WHEN ?4 IS NULL THEN 0 ELSE attempts "
                         "END WHERE id = ?1 AND attempts = ?2 AND state = 1");
        break;
    case KS_JOB_FAILED:
        st = sq_prep(db, "UPDATE jobs SET state = 2, lease_until = NULL, last_error = ?4 "
                         "WHERE id = ?1 AND attempts = ?2 AND state = 1");
        break;
    case KS_JOB_RUNNING: assert(!"a claim ends DONE, PENDING or FAILED"); break;
    }
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, j->id);
    sqlite3_bind_int(st, 2, j->attempts);
    if (to != KS_JOB_DONE) {
        sqlite3_bind_int64(st, 3, due);
        sq_bind_text(st, 4, error);
    }
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "job_finish", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_job_next(ks_store *base, const ks_job_kind *kinds, size_t n_kinds, ks_time until,
                ks_time *due, int *found, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    ks_buf sql = KS_BUF_INIT;
    sqlite3_stmt *st = NULL;
    *found = 0;
    if (n_kinds == 0) {
        rc = 0;
        goto done;
    }
    ks_buf_puts(&sql, "SELECT due FROM jobs WHERE state < 2 AND due <= ?");
    kinds_clause(&sql, n_kinds);
    ks_buf_puts(&sql, " ORDER BY due, id LIMIT 1");
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    sqlite3_bind_int64(st, 1, until);
    bind_kinds(st, 2, kinds, n_kinds);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *due = sqlite3_column_int64(st, 0);
        *found = 1;
    } else if (r != SQLITE_DONE) {
        goto fail;
    }
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "job_next", err);
done:
    sqlite3_finalize(st);
    ks_buf_free(&sql);
    sq_release(s, db);
    return rc;
}

int sq_job_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_job **out, size_t *n,
                ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    size_t cap = 16, cnt = 0;
    ks_job *list = ks_arena_alloc(a, cap * sizeof *list);
    sqlite3_stmt *st =
        sq_prep(db, "SELECT " JOB_COLS " FROM jobs WHERE vendor_id = ? ORDER BY due, id");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            ks_job *bigger = ks_arena_alloc(a, 2 * cap * sizeof *list);
            memcpy(bigger, list, cnt * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        read_job(a, st, &list[cnt++]);
    }
    if (r != SQLITE_DONE)
        goto fail;
    *out = list;
    *n = cnt;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "job_list", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}
