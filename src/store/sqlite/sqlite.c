/* sqlite.c — the SQLite backend: a pool of connections over one WAL database file, running
 * the store's bodies (src/store/sql/) through its driver (sqlite_pool.c).
 *
 * Each store call borrows one connection for its duration, so calls from several server
 * threads run side by side (readers never wait in WAL mode; writers queue on the busy
 * timeout). synchronous=FULL makes every COMMIT durable before the call returns.
 * SQLite rule: column pointers die at the next step/reset, so every string is copied into the
 * caller's arena before that. */
#include "sqlite.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/log.h"
#include "migrations.h"
#include "sqlite_int.h"

/* --- open, migrate, close ------------------------------------------------------------------ */

/* Runs sql on db: 0, or -1 with *err set (logged). */
static int exec_sql(sqlite3 *db, const char *sql, ks_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ks_log_error("sqlite: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return sl_db_error(db, "exec", err);
    }
    return 0;
}

static int configure(sqlite3 *db, ks_err *err)
{
    sqlite3_busy_timeout(db, 10000);
    return exec_sql(db,
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA temp_store=MEMORY;",
                    err);
}

static int migrate(sqlite3 *db, ks_err *err)
{
    int rc = -1, version = 0;
    sqlite3_stmt *st = NULL;
    if (exec_sql(db, "BEGIN IMMEDIATE", err))
        return -1;
    if (exec_sql(db, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)", err))
        goto done;
    if (sqlite3_prepare_v2(db, "SELECT max(version) FROM schema_version", -1, &st, NULL)) {
        sl_db_error(db, "migrate", err);
        goto done;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version > ks_sqlite_migration_count) {
        ks_err_setf(err, KS_E_INTERNAL_ERROR,
                    "Database schema version %d is newer than this kassa (%d)", version,
                    ks_sqlite_migration_count);
        goto done;
    }
    for (int v = version; v < ks_sqlite_migration_count; v++) {
        char sql[96];
        if (exec_sql(db, ks_sqlite_migrations[v], err))
            goto done;
        snprintf(sql, sizeof sql, "INSERT INTO schema_version VALUES(%d)", v + 1);
        if (exec_sql(db, sql, err))
            goto done;
        ks_log_info("store: applied migration %d", v + 1);
    }
    if (exec_sql(db, "COMMIT", err))
        goto done;
    return 0;
done:
    if (rc)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static void sq_close(ks_store *base)
{
    sq_store *s = (sq_store *)base;
    for (int i = 0; i < POOL_SIZE; i++) {
        sl_cache_clear(&s->conns[i]);
        sqlite3_close_v2(s->conns[i].db);
    }
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->wmu);
    pthread_cond_destroy(&s->wcv);
    pthread_cond_destroy(&s->cv);
    free(s);
}

/* --- fingerprint (tests) -------------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ c[i]) * 1099511628211u;
    return h;
}

/* A body of this driver's own: it reads SQLite's catalogue and raw column bytes. */
static int fingerprint(sq_tx *tx, void *arg)
{
    sqlite3 *db = ((sl_conn *)tx->db)->db;
    uint64_t h = 14695981039346656037u;
    sqlite3_stmt *tables = NULL, *st = NULL;
    int r, rc = SQ_DB;
    if (sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                           -1, &tables, NULL))
        return SQ_DB;
    while ((r = sqlite3_step(tables)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        h = fnv(h, name, strlen(name) + 1);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
            goto done;
        while ((r = sqlite3_step(st)) == SQLITE_ROW)
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const void *v = sqlite3_column_blob(st, i);
                h = fnv(h, v ? v : "", (size_t)sqlite3_column_bytes(st, i));
                h = fnv(h, "|", 1);
            }
        sqlite3_finalize(st);
        st = NULL;
        if (r != SQLITE_DONE)
            goto done;
    }
    *(uint64_t *)arg = h;
    rc = r == SQLITE_DONE ? SQ_OK : SQ_DB;
done:
    sqlite3_finalize(tables);
    return rc;
}

int ks_sqlite_fingerprint(ks_store *s, uint64_t *out, ks_err *err)
{
    return sq_sqlite_driver.read(s, NULL, "fingerprint", fingerprint, out, err);
}

/* --- open ---------------------------------------------------------------------------------- */

int ks_sqlite_open(ks_store **out, const char *path, ks_err *err)
{
    *out = NULL;
    /* Memory statistics put one process-wide mutex around every sqlite3_malloc and free; the
     * server threads queued on it (bench/README.md). Only possible before SQLite initialises,
     * i.e. for the first store a process opens; later calls fail harmlessly. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sq_store *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    sq_store_init(&s->base, &sq_sqlite_driver, sq_close);
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->wmu, NULL);
    pthread_cond_init(&s->wcv, NULL);
    pthread_cond_init(&s->cv, NULL);
    for (int i = 0; i < POOL_SIZE; i++) {
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        sl_conn *c = &s->conns[i];
        c->base.drv = &sq_sqlite_driver;
        if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
            ks_err_setf(err, KS_E_INTERNAL_ERROR, "Cannot open database '%.200s': %s", path,
                        c->db ? sqlite3_errmsg(c->db) : "out of memory");
            goto fail;
        }
        if (configure(c->db, err))
            goto fail;
        if (i == 0 && migrate(c->db, err))
            goto fail;
        s->free_[s->nfree++] = i;
    }
    *out = &s->base.base;
    return 0;
fail:
    sq_close(&s->base.base);
    return -1;
}
