/* sqlite_pool.c — the connection pool, the transaction wrapper (sq_read / sq_write) and the
 * statement helpers of the SQLite backend, and the fault injection its tests use. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQ_POOL_FINALIZES /* the one file that finalizes statements (sqlite_int.h) */
#include "../../core/log.h"
#include "sqlite.h"
#include "sqlite_int.h"

/* --- connections ------------------------------------------------------------------------- */

/* The statement cache of the connection this thread holds in a transaction of the wrapper:
 * sq_prep's callers pass only the connection, and the helpers that write inside another
 * operation's transaction take only that. Set and cleared by run(); NULL outside. */
static _Thread_local sq_stmt_cache *bound;

/* Borrows a connection (waits while all are busy): its index. */
static int acquire(sq_store *s)
{
    pthread_mutex_lock(&s->mu);
    while (s->nfree == 0)
        pthread_cond_wait(&s->cv, &s->mu);
    int i = s->free_[--s->nfree];
    pthread_mutex_unlock(&s->mu);
    return i;
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
    for (int i = 0; i < POOL_SIZE && idle; i++) {
        /* the cache keeps statements prepared: none may be in use */
        for (int k = 0; k < s->cache[i].n; k++)
            idle = idle && !s->cache[i].e[k].busy && !sqlite3_stmt_busy(s->cache[i].e[k].st);
        int cached = 0;
        for (sqlite3_stmt *st = sqlite3_next_stmt(s->conns[i], NULL); st;
             st = sqlite3_next_stmt(s->conns[i], st))
            cached++;
        idle = idle && cached == s->cache[i].n && sqlite3_get_autocommit(s->conns[i]);
    }
    pthread_mutex_unlock(&s->mu);
    return idle;
}

/* --- transactions -------------------------------------------------------------------------- */

/* BEGIN, COMMIT, SAVEPOINT... through the statement cache: sqlite3_exec prepares its text
 * anew every time (4% of a GET). 0, or -1 with *err set (logged). */
static int tx_exec(sqlite3 *db, const char *sql, ks_err *err)
{
    sqlite3_stmt *st = sq_prep(db, sql);
    int r = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (!st)
        ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
    else if (r != SQLITE_DONE)
        sq_db_error(db, sql, err);
    sq_finish(st);
    return st && r == SQLITE_DONE ? 0 : -1;
}

/* Gives back what the body left open: the cached statements reset, the others finalized. */
static void finish_all(sqlite3 *db)
{
    sqlite3_stmt *st, *next;
    for (st = sqlite3_next_stmt(db, NULL); st; st = next) {
        next = sqlite3_next_stmt(db, st);
        sq_finish(st);
    }
}

int sq_read(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    int ci = acquire(s);
    sqlite3 *db = s->conns[ci];
    ks_arena *scratch = a ? NULL : ks_arena_new();
    sq_tx tx = {db, a ? a : scratch, err};
    int rc = SQ_REFUSED;
    sq_stmt_cache *outer = bound; /* a body may call the wrapper again, on another connection */
    bound = &s->cache[ci];
    if (tx_exec(db, "BEGIN", err) == 0) {
        rc = body(&tx, arg);
        if (rc == SQ_DB)
            sq_db_error(db, what, err);
        finish_all(db);
        if (rc == SQ_OK && tx_exec(db, "COMMIT", err))
            rc = SQ_REFUSED;
    }
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    bound = outer;
    release(s, db);
    ks_arena_free(scratch);
    return rc == SQ_OK || rc == SQ_DISCARD ? 0 : -1;
}

/* --- group commit ------------------------------------------------------------------------
 *
 * A durable commit costs an fsync; concurrent writers each paying for their own made
 * placeOrder from 32 connections a quarter of the disk's bare commit rate (bench/orders.sh).
 * So a writer queues its body; the first writer to find no leader leads: it takes the queue,
 * runs every body in one BEGIN IMMEDIATE transaction on its connection, each body in a
 * savepoint (a refused or failed body rolls back alone), and commits them all with one fsync.
 * Meanwhile the next writers queue, and the first of them still waiting leads the next group.
 * Every writer returns only after the commit that holds its work (or its failure): every
 * acknowledged write is as durable as before, at synchronous=FULL. A group of one runs
 * without savepoints, exactly as a lone transaction. */

typedef struct sq_writer {
    ks_arena *a;
    const char *what;
    sq_body body;
    void *arg;
    ks_err *err;
    int rc; /* the body's (SQ_*), then the outcome */
    int done;
    struct sq_writer *next;
} sq_writer;

/* Runs one body of a group in its savepoint. */
static void run_body(sqlite3 *db, sq_writer *w, int grouped)
{
    ks_arena *scratch = w->a ? NULL : ks_arena_new();
    sq_tx tx = {db, w->a ? w->a : scratch, w->err};
    if (grouped && tx_exec(db, "SAVEPOINT w", w->err)) {
        w->rc = SQ_REFUSED;
        goto done;
    }
    w->rc = w->body(&tx, w->arg);
    if (w->rc == SQ_DB)
        sq_db_error(db, w->what, w->err);
    finish_all(db);
    if (grouped && !sqlite3_get_autocommit(db)) {
        if (w->rc != SQ_OK || tx_exec(db, "RELEASE w", w->err)) {
            if (w->rc == SQ_OK)
                w->rc = SQ_REFUSED;
            sqlite3_exec(db, "ROLLBACK TO w", NULL, NULL, NULL);
            sqlite3_exec(db, "RELEASE w", NULL, NULL, NULL);
        }
    }
done:
    ks_arena_free(scratch);
}

/* Runs the group g (n writers) in one transaction on a connection and commits it. */
static void run_group(sq_store *s, sq_writer **g, int n)
{
    int ci = acquire(s), i = 0, ok = 0;
    sqlite3 *db = s->conns[ci];
    sq_stmt_cache *outer = bound;
    ks_err gerr;
    bound = &s->cache[ci];
    int alive = tx_exec(db, "BEGIN IMMEDIATE", &gerr) == 0;
    for (; alive && i < n; i++) {
        run_body(db, g[i], n > 1);
        ok += g[i]->rc == SQ_OK;
        alive = !sqlite3_get_autocommit(db);
    }
    if (alive && ok) {
        alive = tx_exec(db, "COMMIT", &gerr) == 0;
    } else if (!alive && i > 0) {
        /* an error of body i - 1 ended the transaction, and with it what the others did */
        ks_err_setf(&gerr, KS_E_INTERNAL_ERROR, "Internal storage error");
    }
    if (!alive)
        /* the bodies not run, and those whose work was lost, fail: none is half done */
        for (int k = 0; k < n; k++)
            if (k >= i || g[k]->rc == SQ_OK) {
                *g[k]->err = gerr;
                g[k]->rc = SQ_REFUSED;
            }
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    bound = outer;
    release(s, db);
}

int sq_write(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sq_writer me = {a, what, body, arg, err, SQ_REFUSED, 0, NULL}, **tail;
    sq_writer *g[SQ_GROUP_MAX];
    pthread_mutex_lock(&s->wmu);
    for (tail = &s->wq; *tail; tail = &(*tail)->next)
        ;
    *tail = &me;
    while (!me.done) {
        if (s->leading) {
            pthread_cond_wait(&s->wcv, &s->wmu);
            continue;
        }
        /* lead: take the queue (this writer is in it), up to SQ_GROUP_MAX */
        int n = 0;
        while (s->wq && n < SQ_GROUP_MAX) {
            g[n++] = s->wq;
            s->wq = s->wq->next;
        }
        s->leading = 1;
        pthread_mutex_unlock(&s->wmu);
        run_group(s, g, n);
        pthread_mutex_lock(&s->wmu);
        for (int i = 0; i < n; i++)
            g[i]->done = 1;
        s->leading = 0;
        pthread_cond_broadcast(&s->wcv);
    }
    pthread_mutex_unlock(&s->wmu);
    return me.rc == SQ_OK || me.rc == SQ_DISCARD ? 0 : -1;
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

static uint32_t sql_hash(const char *sql)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *sql; sql++)
        h = (h ^ (unsigned char)*sql) * 16777619u;
    return h;
}

sqlite3_stmt *sq_prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    sq_stmt_cache *c = bound && bound->db == db ? bound : NULL;
    uint32_t h = c ? sql_hash(sql) : 0;
    if (fault_now()) {
        ks_log_error("sqlite: injected fault: %s", sql);
        return NULL;
    }
    for (int i = 0; c && i < c->n; i++) {
        sq_cached *e = &c->e[i];
        /* one in use (a helper preparing what its caller still steps) gets a copy */
        if (e->hash == h && !e->busy && strcmp(e->sql, sql) == 0) {
            e->busy = 1;
            return e->st;
        }
    }
    /* the slot it will take: a free one, or else (searches build many texts) the next
     * entry not in use, round the cache */
    sq_cached *slot = NULL;
    if (c && c->n < SQ_CACHE_SIZE)
        slot = &c->e[c->n];
    for (int k = 0; c && !slot && k < SQ_CACHE_SIZE; k++) {
        sq_cached *e = &c->e[(c->hand + k) % SQ_CACHE_SIZE];
        if (!e->busy)
            slot = e;
    }
    unsigned flags = slot ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(db, sql, -1, flags, &st, NULL) != SQLITE_OK) {
        ks_log_error("sqlite: prepare: %s: %s", sqlite3_errmsg(db), sql);
        return NULL;
    }
    if (slot) {
        char *copy = strdup(sql);
        if (!copy)
            abort();
        if (slot == &c->e[c->n]) {
            c->n++;
        } else {
            sqlite3_finalize(slot->st);
            free(slot->sql);
            c->hand = (int)(slot - c->e + 1) % SQ_CACHE_SIZE;
        }
        *slot = (sq_cached){copy, h, st, 1};
    }
    return st;
}

/* The cache entry of st in the bound cache, or NULL. */
static sq_cached *cached(sqlite3_stmt *st)
{
    for (int i = 0; bound && i < bound->n; i++)
        if (bound->e[i].st == st)
            return &bound->e[i];
    return NULL;
}

void sq_finish(sqlite3_stmt *st)
{
    sq_cached *e = st ? cached(st) : NULL;
    if (e) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        e->busy = 0;
    } else {
        sqlite3_finalize(st);
    }
}

void sq_cache_clear(sq_store *s, int i)
{
    sq_stmt_cache *c = &s->cache[i];
    for (int k = 0; k < c->n; k++) {
        sqlite3_finalize(c->e[k].st);
        free(c->e[k].sql);
    }
    c->n = 0;
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
