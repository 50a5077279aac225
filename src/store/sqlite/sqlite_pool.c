/* sqlite_pool.c — the SQLite driver (driver.h): the connection pool, the transactions (reads
 * in BEGIN, writes grouped in BEGIN IMMEDIATE with a savepoint each), the statement cache and
 * the mapping of SQLite's errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/log.h"
#include "sqlite.h"
#include "sqlite_int.h"

/* --- connections ------------------------------------------------------------------------- */

/* Borrows a connection (waits while all are busy). */
static sl_conn *acquire(sq_store *s)
{
    pthread_mutex_lock(&s->mu);
    while (s->nfree == 0)
        pthread_cond_wait(&s->cv, &s->mu);
    int i = s->free_[--s->nfree];
    pthread_mutex_unlock(&s->mu);
    return &s->conns[i];
}

static void release(sq_store *s, sl_conn *c)
{
    pthread_mutex_lock(&s->mu);
    s->free_[s->nfree++] = (int)(c - s->conns);
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

int ks_sqlite_idle(ks_store *base)
{
    sq_store *s = (sq_store *)base;
    int idle;
    pthread_mutex_lock(&s->mu);
    idle = s->nfree == POOL_SIZE;
    for (int i = 0; i < POOL_SIZE && idle; i++) {
        sl_conn *c = &s->conns[i];
        /* the cache keeps statements prepared: none may be in use */
        for (int k = 0; k < c->n; k++)
            idle = idle && !c->cache[k].busy && !sqlite3_stmt_busy(c->cache[k].st);
        int prepared = 0;
        for (sqlite3_stmt *st = sqlite3_next_stmt(c->db, NULL); st;
             st = sqlite3_next_stmt(c->db, st))
            prepared++;
        idle = idle && !c->loose && prepared == c->n && sqlite3_get_autocommit(c->db);
    }
    pthread_mutex_unlock(&s->mu);
    return idle;
}

/* --- statements ---------------------------------------------------------------------------- */

int sl_db_error(sqlite3 *db, const char *what, ks_err *err)
{
    int rc = sqlite3_errcode(db);
    ks_log_error("sqlite: %s: %s", what, sqlite3_errmsg(db));
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return ks_err_set(err, KS_E_SERVICE_UNAVAILABLE);
    return ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
}

static int drv_error(sq_conn *c, const char *what, ks_err *err)
{
    return sl_db_error(((sl_conn *)c)->db, what, err);
}

static int drv_exec(sq_conn *c, const char *sql, ks_err *err)
{
    sqlite3 *db = ((sl_conn *)c)->db;
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ks_log_error("sqlite: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return sl_db_error(db, "exec", err);
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

static sq_stmt *drv_prep(sq_conn *conn, const char *sql)
{
    sl_conn *c = (sl_conn *)conn;
    sqlite3_stmt *st = NULL;
    /* the same address first: hashing a statement's text (FNV, a byte at a time) cost more
     * than the lookup it serves; the text is still compared, an address may be reused */
    for (int i = 0; i < c->n; i++) {
        sl_stmt *e = &c->cache[i];
        if (e->from == sql && !e->busy && strcmp(e->sql, sql) == 0) {
            e->busy = 1;
            return &e->base;
        }
    }
    uint32_t h = sql_hash(sql);
    for (int i = 0; i < c->n; i++) {
        sl_stmt *e = &c->cache[i];
        /* one in use (a helper preparing what its caller still steps) gets a copy */
        if (e->hash == h && !e->busy && strcmp(e->sql, sql) == 0) {
            e->busy = 1;
            e->from = sql;
            return &e->base;
        }
    }
    /* the slot it will take: a free one, or else (searches build many texts) the next
     * entry not in use, round the cache */
    sl_stmt *slot = NULL;
    if (c->n < SQ_CACHE_SIZE)
        slot = &c->cache[c->n];
    for (int k = 0; !slot && k < SQ_CACHE_SIZE; k++) {
        sl_stmt *e = &c->cache[(c->hand + k) % SQ_CACHE_SIZE];
        if (!e->busy)
            slot = e;
    }
    unsigned flags = slot ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(c->db, sql, -1, flags, &st, NULL) != SQLITE_OK) {
        ks_log_error("sqlite: prepare: %s: %s", sqlite3_errmsg(c->db), sql);
        return NULL;
    }
    if (!slot) {
        sl_stmt *l = calloc(1, sizeof *l);
        if (!l)
            abort();
        *l = (sl_stmt){{&sq_sqlite_driver}, st, c, NULL, NULL, 0, 0, 0, c->loose};
        c->loose = l;
        return &l->base;
    }
    char *copy = strdup(sql);
    if (!copy)
        abort();
    if (slot == &c->cache[c->n]) {
        c->n++;
    } else {
        sqlite3_finalize(slot->st);
        free(slot->sql);
        c->hand = (int)(slot - c->cache + 1) % SQ_CACHE_SIZE;
    }
    *slot = (sl_stmt){{&sq_sqlite_driver}, st, c, copy, sql, h, 1, 1, NULL};
    return &slot->base;
}

static void drv_finish(sq_stmt *s)
{
    sl_stmt *st = (sl_stmt *)s;
    if (st->cached) {
        sqlite3_reset(st->st);
        sqlite3_clear_bindings(st->st);
        st->busy = 0;
        return;
    }
    sl_stmt **p = &st->c->loose;
    while (*p != st)
        p = &(*p)->next;
    *p = st->next;
    sqlite3_finalize(st->st);
    free(st);
}

void sl_cache_clear(sl_conn *c)
{
    while (c->loose)
        drv_finish(&c->loose->base);
    for (int k = 0; k < c->n; k++) {
        sqlite3_finalize(c->cache[k].st);
        free(c->cache[k].sql);
    }
    c->n = 0;
}

static void drv_reset(sq_stmt *s)
{
    sqlite3_reset(((sl_stmt *)s)->st);
}

static void drv_bind_int(sq_stmt *s, int i, int64_t v)
{
    sqlite3_bind_int64(((sl_stmt *)s)->st, i, v);
}

static void drv_bind_text(sq_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(((sl_stmt *)s)->st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(((sl_stmt *)s)->st, i);
}

static int drv_step(sq_stmt *s)
{
    int r = sqlite3_step(((sl_stmt *)s)->st);
    switch (r) {
    case SQLITE_ROW: return SQ_ROW;
    case SQLITE_DONE: return SQ_DONE;
    case SQLITE_CONSTRAINT: return SQ_CONSTRAINT;
    default: return SQ_STEP_ERROR;
    }
}

static int drv_col_count(sq_stmt *s)
{
    return sqlite3_column_count(((sl_stmt *)s)->st);
}

static int drv_col_null(sq_stmt *s, int i)
{
    return sqlite3_column_type(((sl_stmt *)s)->st, i) == SQLITE_NULL;
}

static int64_t drv_col_int(sq_stmt *s, int i)
{
    return sqlite3_column_int64(((sl_stmt *)s)->st, i);
}

static const char *drv_col_text(sq_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(((sl_stmt *)s)->st, i);
}

static int64_t drv_changes(sq_conn *c)
{
    return sqlite3_changes(((sl_conn *)c)->db);
}

/* --- transactions -------------------------------------------------------------------------- */

/* BEGIN, COMMIT, SAVEPOINT... through the statement cache: sqlite3_exec prepares its text
 * anew every time (4% of a GET). Each counts as a statement for the fault injection. 0, or -1
 * with *err set (logged). */
static int tx_exec(sl_conn *c, const char *sql, ks_err *err)
{
    sq_stmt *st = sq_fault(sql) ? NULL : drv_prep(&c->base, sql);
    int r = st ? sqlite3_step(((sl_stmt *)st)->st) : SQLITE_ERROR;
    if (!st)
        ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
    else if (r != SQLITE_DONE)
        sl_db_error(c->db, sql, err);
    if (st)
        drv_finish(st);
    return st && r == SQLITE_DONE ? 0 : -1;
}

/* Gives back what the body left open: the cached statements reset, the loose ones
 * finalized. */
static void finish_all(sl_conn *c)
{
    for (int i = 0; i < c->n; i++)
        if (c->cache[i].busy)
            drv_finish(&c->cache[i].base);
    while (c->loose)
        drv_finish(&c->loose->base);
}

/* The batch this thread has open (drv_batch, below), or NULL. */
typedef struct sl_batch sl_batch;
static _Thread_local sl_batch *open_batch;
static int in_batch(sq_store *s);
static int batch_run(ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err,
                     int write);

static int drv_read(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg,
                    ks_err *err)
{
    sq_store *s = (sq_store *)base;
    if (in_batch(s))
        return batch_run(a, what, body, arg, err, 0);
    sl_conn *c = acquire(s);
    ks_arena *scratch = a ? NULL : ks_arena_new();
    sq_tx tx = {&c->base, a ? a : scratch, err};
    int rc = SQ_REFUSED;
    if (tx_exec(c, "BEGIN", err) == 0) {
        rc = body(&tx, arg);
        if (rc == SQ_DB)
            sl_db_error(c->db, what, err);
        finish_all(c);
        if (rc == SQ_OK && tx_exec(c, "COMMIT", err))
            rc = SQ_REFUSED;
    }
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    release(s, c);
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
static void run_body(sl_conn *c, sq_writer *w, int grouped)
{
    ks_arena *scratch = w->a ? NULL : ks_arena_new();
    sq_tx tx = {&c->base, w->a ? w->a : scratch, w->err};
    if (grouped && tx_exec(c, "SAVEPOINT w", w->err)) {
        w->rc = SQ_REFUSED;
        goto done;
    }
    w->rc = w->body(&tx, w->arg);
    if (w->rc == SQ_DB)
        sl_db_error(c->db, w->what, w->err);
    finish_all(c);
    if (grouped && !sqlite3_get_autocommit(c->db)) {
        if (w->rc != SQ_OK || tx_exec(c, "RELEASE w", w->err)) {
            if (w->rc == SQ_OK)
                w->rc = SQ_REFUSED;
            sqlite3_exec(c->db, "ROLLBACK TO w", NULL, NULL, NULL);
            sqlite3_exec(c->db, "RELEASE w", NULL, NULL, NULL);
        }
    }
done:
    ks_arena_free(scratch);
}

/* Runs the group g (n writers) in one transaction on a connection and commits it. */
static void run_group(sq_store *s, sq_writer **g, int n)
{
    sl_conn *c = acquire(s);
    int i = 0, ok = 0;
    ks_err gerr;
    int alive = tx_exec(c, "BEGIN IMMEDIATE", &gerr) == 0;
    for (; alive && i < n; i++) {
        run_body(c, g[i], n > 1);
        ok += g[i]->rc == SQ_OK;
        alive = !sqlite3_get_autocommit(c->db);
    }
    if (alive && ok) {
        alive = tx_exec(c, "COMMIT", &gerr) == 0;
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
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    release(s, c);
}

/* --- batches -------------------------------------------------------------------------------
 *
 * ks_store_ops.batch: many small writes, one durable commit. The thread that opens a batch
 * takes the writers' lead (the writers of this process queue behind it as behind a group, and
 * other processes meet the busy handler), opens BEGIN IMMEDIATE on one connection, and runs
 * fn; every read and write fn makes on this store from this thread runs there, a write in its
 * savepoint as in a group (run_body), a read in the open transaction (so it sees what the batch
 * wrote). A wrapper call made by a body of the batch goes its usual way. A failure that ends
 * the transaction (the connection is back in autocommit) breaks the batch: every later call
 * fails and nothing is committed. */

struct sl_batch {
    sq_store *s;
    sl_conn *c;
    int inside; /* a body of the batch is running */
    int broken;
};

static int in_batch(sq_store *s)
{
    return open_batch && open_batch->s == s && !open_batch->inside;
}

static int batch_run(ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err,
                     int write)
{
    sl_batch *b = open_batch;
    sq_writer w = {a, what, body, arg, err, SQ_REFUSED, 0, NULL};
    if (b->broken)
        return ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
    b->inside = 1;
    run_body(b->c, &w, write);
    b->inside = 0;
    if (sqlite3_get_autocommit(b->c->db)) {
        /* the transaction is gone, and with it what the batch did before */
        b->broken = 1;
        if (w.rc == SQ_OK || w.rc == SQ_DISCARD) {
            w.rc = SQ_REFUSED;
            ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
        }
    }
    return w.rc == SQ_OK || w.rc == SQ_DISCARD ? 0 : -1;
}

static int drv_batch(ks_store *base, int (*fn)(void *arg, ks_err *err), void *arg, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    if (open_batch) /* one is open: fn joins it (or, for another store, writes alone) */
        return fn(arg, err);
    pthread_mutex_lock(&s->wmu);
    while (s->leading)
        pthread_cond_wait(&s->wcv, &s->wmu);
    s->leading = 1;
    pthread_mutex_unlock(&s->wmu);
    sl_batch b = {s, acquire(s), 0, 0};
    int rc = tx_exec(b.c, "BEGIN IMMEDIATE", err);
    if (rc == 0) {
        open_batch = &b;
        rc = fn(arg, err);
        open_batch = NULL;
        if (rc == 0 && b.broken)
            rc = ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
        if (rc == 0 && tx_exec(b.c, "COMMIT", err))
            rc = -1;
    }
    if (!sqlite3_get_autocommit(b.c->db))
        sqlite3_exec(b.c->db, "ROLLBACK", NULL, NULL, NULL);
    release(s, b.c);
    pthread_mutex_lock(&s->wmu);
    s->leading = 0;
    pthread_cond_broadcast(&s->wcv);
    pthread_mutex_unlock(&s->wmu);
    return rc ? -1 : 0;
}

static int drv_write(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg,
                     ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sq_writer me = {a, what, body, arg, err, SQ_REFUSED, 0, NULL}, **tail;
    sq_writer *g[SQ_GROUP_MAX];
    if (in_batch(s))
        return batch_run(a, what, body, arg, err, 1);
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

const sq_driver sq_sqlite_driver = {
    .name = "sqlite",
    .read = drv_read,
    .write = drv_write,
    .batch = drv_batch,
    .prep = drv_prep,
    .finish = drv_finish,
    .reset = drv_reset,
    .bind_int = drv_bind_int,
    .bind_text = drv_bind_text,
    .step = drv_step,
    .col_count = drv_col_count,
    .col_null = drv_col_null,
    .col_int = drv_col_int,
    .col_text = drv_col_text,
    .changes = drv_changes,
    .exec = drv_exec,
    .error = drv_error,
};
