/* sqlite.c — the SQLite backend: a pool of connections over one WAL database file.
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

#include "../../core/buf.h"
#include "../../core/log.h"
#include "migrations.h"
#include "sqlite_int.h"

/* --- open, migrate, close ------------------------------------------------------------------ */

static int configure(sqlite3 *db, ks_err *err)
{
    sqlite3_busy_timeout(db, 10000);
    return sq_exec(db,
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
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        return -1;
    if (sq_exec(db, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)", err))
        goto done;
    if (!(st = sq_prep(db, "SELECT max(version) FROM schema_version")))
        goto fail;
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (version > ks_sqlite_migration_count) {
        ks_err_setf(err, KS_E_INTERNAL_ERROR,
                    "Database schema version %d is newer than this kassa (%d)", version,
                    ks_sqlite_migration_count);
        goto done;
    }
    for (int v = version; v < ks_sqlite_migration_count; v++) {
        char sql[96];
        if (sq_exec(db, ks_sqlite_migrations[v], err))
            goto done;
        snprintf(sql, sizeof sql, "INSERT INTO schema_version VALUES(%d)", v + 1);
        if (sq_exec(db, sql, err))
            goto done;
        ks_log_info("store: applied migration %d", v + 1);
    }
    if (sq_exec(db, "COMMIT", err))
        goto done;
    return 0;
fail:
    sq_db_error(db, "migrate", err);
done:
    sqlite3_finalize(st);
    if (rc)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static void sq_close(ks_store *base)
{
    sq_store *s = (sq_store *)base;
    for (int i = 0; i < POOL_SIZE; i++)
        sqlite3_close_v2(s->conns[i]);
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->wmu);
    pthread_cond_destroy(&s->cv);
    free(s);
}

/* --- vendors ------------------------------------------------------------------------------- */

static int sq_vendor_insert(ks_store *base, ks_vendor *v, const ks_tax_category *cats,
                            size_t ncats, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0;
    sqlite3_stmt *st = NULL;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if (!(st = sq_prep(db, "INSERT INTO vendors(code, secret, model, tz_offset, created, "
                           "subscription_delay) VALUES(?,?,?,?,?,?)")))
        goto fail;
    sq_bind_text(st, 1, v->code);
    sq_bind_text(st, 2, v->secret);
    sq_bind_text(st, 3, v->model == KS_MODEL_PSP ? "PSP" : "MOR");
    sqlite3_bind_int(st, 4, v->tz_offset);
    sqlite3_bind_int64(st, 5, v->created);
    sqlite3_bind_int(st, 6, v->subscription_delay_s);
    int r = sqlite3_step(st);
    if (r == SQLITE_CONSTRAINT) {
        ks_err_setf(err, KS_E_VENDOR_EXISTS, "A vendor with code '%.64s' already exists",
                    v->code);
        goto done;
    }
    if (r != SQLITE_DONE)
        goto fail;
    v->id = sqlite3_last_insert_rowid(db);
    if (sq_tax_categories_write(db, v->id, cats, ncats))
        goto fail;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "vendor_insert", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

#define VENDOR_COLS "id, code, secret, model, tz_offset, created, subscription_delay"

static void read_vendor(ks_arena *a, sqlite3_stmt *st, ks_vendor *v)
{
    v->id = sqlite3_column_int64(st, 0);
    v->code = sq_col_text(a, st, 1);
    v->secret = sq_col_text(a, st, 2);
    const char *m = (const char *)sqlite3_column_text(st, 3);
    v->model = m && strcmp(m, "PSP") == 0 ? KS_MODEL_PSP : KS_MODEL_MOR;
    v->tz_offset = sqlite3_column_int(st, 4);
    v->subscription_delay_s = sqlite3_column_int(st, 6);
    v->created = sqlite3_column_int64(st, 5);
}

static int vendor_one(sq_store *s, ks_arena *a, const char *sql, const char *code, int64_t id,
                      ks_vendor *out, ks_err *err)
{
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, sql);
    if (!st) {
        sq_db_error(db, "vendor_get", err);
        goto done;
    }
    if (code)
        sq_bind_text(st, 1, code);
    else
        sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        read_vendor(a, st, out);
        rc = 0;
    } else if (r == SQLITE_DONE) {
        ks_err_set(err, KS_E_VENDOR_NOT_FOUND);
    } else {
        sq_db_error(db, "vendor_get", err);
    }
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

static int sq_vendor_by_code(ks_store *base, ks_arena *a, const char *code, ks_vendor *out,
                             ks_err *err)
{
    return vendor_one((sq_store *)base, a, "SELECT " VENDOR_COLS " FROM vendors WHERE code = ?",
                      code, 0, out, err);
}

static int sq_vendor_by_id(ks_store *base, ks_arena *a, int64_t id, ks_vendor *out, ks_err *err)
{
    return vendor_one((sq_store *)base, a, "SELECT " VENDOR_COLS " FROM vendors WHERE id = ?",
                      NULL, id, out, err);
}

static int sq_vendor_list(ks_store *base, ks_arena *a, ks_vendor **out, size_t *n, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    size_t cap = 16, cnt = 0;
    ks_vendor *list = ks_arena_alloc(a, cap * sizeof *list);
    sqlite3_stmt *st = sq_prep(db, "SELECT " VENDOR_COLS " FROM vendors ORDER BY code");
    if (!st) {
        sq_db_error(db, "vendor_list", err);
        goto done;
    }
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            ks_vendor *bigger = ks_arena_alloc(a, 2 * cap * sizeof *list);
            memcpy(bigger, list, cnt * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        read_vendor(a, st, &list[cnt++]);
    }
    if (r != SQLITE_DONE) {
        sq_db_error(db, "vendor_list", err);
        goto done;
    }
    *out = list;
    *n = cnt;
    rc = 0;
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

/* --- sessions and clock -------------------------------------------------------------------- */

static int sq_session_insert(ks_store *base, const char *id, int64_t vendor_id, ks_time expires,
                             ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "INSERT INTO sessions(id, vendor_id, expires) VALUES(?,?,?)");
    if (!st)
        goto fail;
    sq_bind_text(st, 1, id);
    sqlite3_bind_int64(st, 2, vendor_id);
    sqlite3_bind_int64(st, 3, expires);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    /* sessions expired for a day are garbage */
    st = sq_prep(db, "DELETE FROM sessions WHERE expires < ?");
    if (st) {
        sqlite3_bind_int64(st, 1, expires - 86400);
        sqlite3_step(st);
    }
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "session_insert", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

static int sq_session_get(ks_store *base, const char *id, int64_t *vendor_id, ks_time *expires,
                          ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "SELECT vendor_id, expires FROM sessions WHERE id = ?");
    if (!st) {
        sq_db_error(db, "session_get", err);
        goto done;
    }
    sq_bind_text(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *vendor_id = sqlite3_column_int64(st, 0);
        *expires = sqlite3_column_int64(st, 1);
        rc = 0;
    } else if (r == SQLITE_DONE) {
        ks_err_set(err, KS_E_INVALID_SESSION);
    } else {
        sq_db_error(db, "session_get", err);
    }
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

static int sq_clock_get(ks_store *base, int64_t *offset, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "SELECT offset_s FROM clock WHERE id = 1");
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        *offset = sqlite3_column_int64(st, 0);
        rc = 0;
    } else {
        sq_db_error(db, "clock_get", err);
    }
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

static int sq_clock_advance(ks_store *base, int64_t seconds, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    /* one statement, so no other connection's move can land between the read and the write */
    sqlite3_stmt *st = sq_prep(db, "UPDATE clock SET offset_s = offset_s + ? WHERE id = 1");
    if (st) {
        sqlite3_bind_int64(st, 1, seconds);
        if (sqlite3_step(st) == SQLITE_DONE)
            rc = 0;
    }
    if (rc)
        sq_db_error(db, "clock_advance", err);
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

/* --- open ---------------------------------------------------------------------------------- */

static const ks_store_ops sq_ops = {
    .name = "sqlite",
    .close = sq_close,
    .vendor_insert = sq_vendor_insert,
    .vendor_by_code = sq_vendor_by_code,
    .vendor_by_id = sq_vendor_by_id,
    .vendor_list = sq_vendor_list,
    .session_insert = sq_session_insert,
    .session_get = sq_session_get,
    .clock_get = sq_clock_get,
    .clock_advance = sq_clock_advance,
    .lead_insert = sq_lead_insert,
    .lead_update = sq_lead_update,
    .lead_get = sq_lead_get,
    .lead_search = sq_lead_search,
    .lead_mark = sq_lead_mark,
    .lead_followup_sent = sq_lead_followup_sent,
    .job_enqueue = sq_job_enqueue,
    .job_claim = sq_job_claim,
    .job_finish = sq_job_finish,
    .job_next = sq_job_next,
    .job_list = sq_job_list,
    .mail_list = sq_mail_list,
    .tax_categories_list = sq_tax_categories_list,
    .product_insert = sq_product_insert,
    .product_replace = sq_product_replace,
    .product_get = sq_product_get,
    .product_set_enabled = sq_product_set_enabled,
    .product_search = sq_product_search,
    .option_group_insert = sq_option_group_insert,
    .option_group_replace = sq_option_group_replace,
    .option_group_get = sq_option_group_get,
    .option_group_search = sq_option_group_search,
    .promotion_insert = sq_promotion_insert,
    .promotion_replace = sq_promotion_replace,
    .promotion_get = sq_promotion_get,
    .promotion_by_coupon = sq_promotion_by_coupon,
    .promotion_search = sq_promotion_search,
    .crosssell_insert = sq_crosssell_insert,
    .crosssell_replace = sq_crosssell_replace,
    .crosssell_get = sq_crosssell_get,
    .crosssell_search = sq_crosssell_search,
    .currency_get = sq_currency_get,
    .currency_set = sq_currency_set,
    .order_insert = sq_order_insert,
    .order_get = sq_order_get,
    .order_update = sq_order_update,
    .order_search = sq_order_search,
    .customer_get = sq_customer_get,
    .subscription_renew = sq_subscription_renew,
    .subscription_update = sq_subscription_update,
    .subscription_orders = sq_subscription_orders,
    .subscription_search = sq_subscription_search,
    .subscription_upgrade = sq_subscription_upgrade,
    .subscription_get = sq_subscription_get,
};

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
    s->base.ops = &sq_ops;
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->wmu, NULL);
    pthread_cond_init(&s->cv, NULL);
    for (int i = 0; i < POOL_SIZE; i++) {
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(path, &s->conns[i], flags, NULL) != SQLITE_OK) {
            ks_err_setf(err, KS_E_INTERNAL_ERROR, "Cannot open database '%.200s': %s", path,
                        s->conns[i] ? sqlite3_errmsg(s->conns[i]) : "out of memory");
            goto fail;
        }
        if (configure(s->conns[i], err))
            goto fail;
        if (i == 0 && migrate(s->conns[0], err))
            goto fail;
        s->free_[s->nfree++] = i;
    }
    *out = &s->base;
    return 0;
fail:
    sq_close(&s->base);
    return -1;
}
