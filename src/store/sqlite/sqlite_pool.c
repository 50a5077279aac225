/* sqlite_pool.c — the connection pool, the transaction wrapper (sq_read / sq_write) and the
 * statement helpers of the SQLite backend, and the fault injection its tests use. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/log.h"
#include "sqlite.h"
#include "sqlite_int.h"

/* --- connections ------------------------------------------------------------------------- */

static sqlite3 *acquire(sq_store *s)
{
    pthread_mutex_lock(&s->mu);
    while (s->nfree == 0)
        pthread_cond_wait(&s->cv, &s->mu);
    sqlite3 *db = s->conns[s->free_[--s->nfree]];
    pthread_mutex_unlock(&s->mu);
    return db;
}

static void release(sq_store *s, sqlite3 *db)
{
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < POOL_SIZE; i++)
        if (s->conns[i] == db) {
            s->free_[s->nfree++] = i;
            break;
        }
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* --- fault injection ----------------------------------------------------------------------- */

/* Statements left before the one that fails; 0: none fails. */
static atomic_int fault_countdown;

int ks_sqlite_fail_statement(int n)
{
    return atomic_exchange(&fault_countdown, n > 0 ? n : 0);
}

/* 1 when this statement is the one to fail. */
static int fault_now(void)
{
    int n = atomic_load(&fault_countdown);
    while (n > 0) {
        if (atomic_compare_exchange_weak(&fault_countdown, &n, n - 1))
            return n == 1;
    }
    return 0;
}

int ks_sqlite_idle(ks_store *base)
{
    sq_store *s = (sq_store *)base;
    int idle;
    pthread_mutex_lock(&s->mu);
    idle = s->nfree == POOL_SIZE;
    for (int i = 0; i < POOL_SIZE && idle; i++)
        idle = sqlite3_next_stmt(s->conns[i], NULL) == NULL && sqlite3_get_autocommit(s->conns[i]);
    pthread_mutex_unlock(&s->mu);
    return idle;
}

/* --- transactions -------------------------------------------------------------------------- */

static int run(ks_store *base, ks_arena *a, int write, const char *what, sq_body body,
               void *arg, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = acquire(s);
    sqlite3_stmt *st;
    ks_arena *scratch = a ? NULL : ks_arena_new();
    sq_tx tx = {db, a ? a : scratch, err};
    int rc;
    if (write)
        pthread_mutex_lock(&s->wmu);
    if (sq_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN", err)) {
        rc = SQ_REFUSED;
        goto done;
    }
    rc = body(&tx, arg);
    if (rc == SQ_DB)
        sq_db_error(db, what, err);
    /* what the body left open; a per-connection statement cache would reset them instead */
    while ((st = sqlite3_next_stmt(db, NULL)) != NULL)
        sqlite3_finalize(st);
    if (rc == SQ_OK && sq_exec(db, "COMMIT", err))
        rc = SQ_REFUSED;
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
done:
    if (write)
        pthread_mutex_unlock(&s->wmu);
    release(s, db);
    ks_arena_free(scratch);
    return rc == SQ_OK || rc == SQ_DISCARD ? 0 : -1;
}

int sq_read(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err)
{
    return run(base, a, 0, what, body, arg, err);
}

int sq_write(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err)
{
    return run(base, a, 1, what, body, arg, err);
}

int sq_refuse(sq_tx *tx, ks_errcode code, const char *fmt, ...)
{
    if (!fmt) {
        ks_err_set(tx->err, code);
        return SQ_REFUSED;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ks_err_setf(tx->err, code, "%s", msg);
    return SQ_REFUSED;
}

/* --- statements ---------------------------------------------------------------------------- */

int sq_db_error(sqlite3 *db, const char *what, ks_err *err)
{
    int rc = sqlite3_errcode(db);
    ks_log_error("sqlite: %s: %s", what, sqlite3_errmsg(db));
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return ks_err_set(err, KS_E_SERVICE_UNAVAILABLE);
    return ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
}

int sq_exec(sqlite3 *db, const char *sql, ks_err *err)
{
    char *msg = NULL;
    if (fault_now()) {
        ks_log_error("sqlite: injected fault: %s", sql);
        return ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
    }
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ks_log_error("sqlite: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return sq_db_error(db, "exec", err);
    }
    return 0;
}

sqlite3_stmt *sq_prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (fault_now()) {
        ks_log_error("sqlite: injected fault: %s", sql);
        return NULL;
    }
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        ks_log_error("sqlite: prepare: %s: %s", sqlite3_errmsg(db), sql);
        return NULL;
    }
    return st;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

const char *sq_col_text(ks_arena *a, sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
               ? NULL
               : ks_arena_strdup(a, (const char *)sqlite3_column_text(st, i));
}

int sq_step_done(sqlite3_stmt *st)
{
    int r = sqlite3_step(st);
    return r == SQLITE_DONE ? 0 : r == SQLITE_CONSTRAINT ? 1 : SQ_DB;
}
