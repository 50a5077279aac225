/* sqlite_pool.c — the connection pool and statement helpers of the SQLite backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/log.h"
#include "sqlite_int.h"

/* --- connections ------------------------------------------------------------------------- */

sqlite3 *sq_acquire(sq_store *s)
{
    pthread_mutex_lock(&s->mu);
    while (s->nfree == 0)
        pthread_cond_wait(&s->cv, &s->mu);
    sqlite3 *db = s->conns[s->free_[--s->nfree]];
    pthread_mutex_unlock(&s->mu);
    return db;
}

void sq_release(sq_store *s, sqlite3 *db)
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

