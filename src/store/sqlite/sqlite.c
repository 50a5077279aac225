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
#include "../../domain/auth.h"
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
    sq_finish(st);
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
    sq_finish(st);
    if (rc)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static void sq_close(ks_store *base)
{
    sq_store *s = (sq_store *)base;
    for (int i = 0; i < POOL_SIZE; i++) {
        sq_cache_clear(s, i);
        sqlite3_close_v2(s->conns[i]);
    }
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->wmu);
    pthread_cond_destroy(&s->wcv);
    pthread_cond_destroy(&s->cv);
    free(s);
}

/* --- vendors ------------------------------------------------------------------------------- */

typedef struct {
    ks_vendor *v;
    const ks_tax_category *cats;
    size_t ncats;
} vendor_insert_arg;

static int vendor_insert(sq_tx *tx, void *arg)
{
    vendor_insert_arg *x = arg;
    ks_vendor *v = x->v;
    sqlite3_stmt *st = sq_prep(tx->db, "INSERT INTO vendors(code, secret, model, tz_offset, "
                                       "created, subscription_delay, secret_word) "
                                       "VALUES(?,?,?,?,?,?,?)");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, v->code);
    sq_bind_text(st, 2, v->secret);
    sq_bind_text(st, 3, ks_model_name(v->model));
    sqlite3_bind_int(st, 4, v->tz_offset);
    sqlite3_bind_int64(st, 5, v->created);
    sqlite3_bind_int(st, 6, v->subscription_delay_s);
    sq_bind_text(st, 7, v->secret_word);
    int r = sq_step_done(st);
    if (r == 1)
        return sq_refuse(tx, KS_E_VENDOR_EXISTS, "A vendor with code '%.64s' already exists",
                         v->code);
    if (r)
        return SQ_DB;
    v->id = sqlite3_last_insert_rowid(tx->db);
    return sq_tax_categories_write(tx->db, v->id, x->cats, x->ncats) ? SQ_DB : SQ_OK;
}

static int sq_vendor_insert(ks_store *base, ks_vendor *v, const ks_tax_category *cats,
                            size_t ncats, ks_err *err)
{
    vendor_insert_arg x = {v, cats, ncats};
    return sq_write(base, NULL, "vendor_insert", vendor_insert, &x, err);
}

#define VENDOR_COLS                                                                                \
    "id, code, secret, model, tz_offset, created, subscription_delay, ipn_urls, lcn_urls, "        \
    "notify_signatures, notify_test_orders, ipn_groups, secret_word"

static void read_vendor(ks_arena *a, sqlite3_stmt *st, void *elem)
{
    ks_vendor *v = elem;
    v->id = sqlite3_column_int64(st, 0);
    v->code = sq_col_text(a, st, 1);
    v->secret = sq_col_text(a, st, 2);
    if (ks_model_parse(&v->model, (const char *)sqlite3_column_text(st, 3)))
        v->model = KS_MODEL_MOR;
    v->tz_offset = sqlite3_column_int(st, 4);
    v->subscription_delay_s = sqlite3_column_int(st, 6);
    v->created = sqlite3_column_int64(st, 5);
    v->notify.ipn_urls = sq_col_text(a, st, 7);
    v->notify.lcn_urls = sq_col_text(a, st, 8);
    v->notify.signatures = sqlite3_column_int(st, 9);
    v->notify.test_orders = sqlite3_column_int(st, 10);
    v->notify.ipn_groups = sqlite3_column_int(st, 11);
    v->secret_word = sq_col_text(a, st, 12);
}

typedef struct {
    int64_t vendor_id;
    const ks_notify_settings *n;
} set_notify_arg;

static int vendor_set_notify(sq_tx *tx, void *arg)
{
    set_notify_arg *x = arg;
    sqlite3_stmt *st = sq_prep(tx->db, "UPDATE vendors SET ipn_urls = ?, lcn_urls = ?, "
                                       "notify_signatures = ?, notify_test_orders = ?, "
                                       "ipn_groups = ? WHERE id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->n->ipn_urls);
    sq_bind_text(st, 2, x->n->lcn_urls);
    sqlite3_bind_int(st, 3, x->n->signatures);
    sqlite3_bind_int(st, 4, x->n->test_orders);
    sqlite3_bind_int(st, 5, x->n->ipn_groups);
    sqlite3_bind_int64(st, 6, x->vendor_id);
    if (sq_step_done(st))
        return SQ_DB;
    return sqlite3_changes(tx->db) ? SQ_OK : sq_refuse(tx, KS_E_VENDOR_NOT_FOUND, NULL);
}

static int sq_vendor_set_notify(ks_store *base, int64_t vendor_id, const ks_notify_settings *n,
                                ks_err *err)
{
    set_notify_arg x = {vendor_id, n};
    return sq_write(base, NULL, "vendor_set_notify", vendor_set_notify, &x, err);
}

typedef struct {
    const char *code; /* by code, else by id */
    int64_t id;
    ks_vendor *out;
} vendor_get_arg;

static int vendor_get(sq_tx *tx, void *arg)
{
    vendor_get_arg *x = arg;
    sqlite3_stmt *st = sq_prep(tx->db, x->code ? "SELECT " VENDOR_COLS " FROM vendors WHERE code = ?"
                                               : "SELECT " VENDOR_COLS " FROM vendors WHERE id = ?");
    if (!st)
        return SQ_DB;
    if (x->code)
        sq_bind_text(st, 1, x->code);
    else
        sqlite3_bind_int64(st, 1, x->id);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE)
        return sq_refuse(tx, KS_E_VENDOR_NOT_FOUND, NULL);
    if (r != SQLITE_ROW)
        return SQ_DB;
    read_vendor(tx->a, st, x->out);
    return SQ_OK;
}

static int sq_vendor_by_code(ks_store *base, ks_arena *a, const char *code, ks_vendor *out,
                             ks_err *err)
{
    vendor_get_arg x = {code, 0, out};
    return sq_read(base, a, "vendor_get", vendor_get, &x, err);
}

static int sq_vendor_by_id(ks_store *base, ks_arena *a, int64_t id, ks_vendor *out, ks_err *err)
{
    vendor_get_arg x = {NULL, id, out};
    return sq_read(base, a, "vendor_get", vendor_get, &x, err);
}

typedef struct {
    ks_vendor **out;
    size_t *n;
} vendor_list_arg;

static int vendor_list(sq_tx *tx, void *arg)
{
    vendor_list_arg *x = arg;
    return sq_rows(tx->a, sq_prep(tx->db, "SELECT " VENDOR_COLS " FROM vendors ORDER BY code"),
                   sizeof **x->out, read_vendor, (void **)x->out, x->n);
}

static int sq_vendor_list(ks_store *base, ks_arena *a, ks_vendor **out, size_t *n, ks_err *err)
{
    vendor_list_arg x = {out, n};
    return sq_read(base, a, "vendor_list", vendor_list, &x, err);
}

/* --- sessions and clock -------------------------------------------------------------------- */

typedef struct {
    const char *id;
    int64_t vendor_id;
    ks_time expires;
} session_arg;

static int session_insert(sq_tx *tx, void *arg)
{
    session_arg *x = arg;
    sqlite3_stmt *st = sq_prep(tx->db, "INSERT INTO sessions(id, vendor_id, expires) VALUES(?,?,?)");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->id);
    sqlite3_bind_int64(st, 2, x->vendor_id);
    sqlite3_bind_int64(st, 3, x->expires);
    if (sq_step_done(st))
        return SQ_DB;
    /* sessions expired for a day are garbage; collecting them may fail without harm */
    if ((st = sq_prep(tx->db, "DELETE FROM sessions WHERE expires < ?")) != NULL) {
        sqlite3_bind_int64(st, 1, x->expires - 86400);
        sqlite3_step(st);
    }
    return SQ_OK;
}

static int sq_session_insert(ks_store *base, const char *id, int64_t vendor_id, ks_time expires,
                             ks_err *err)
{
    session_arg x = {id, vendor_id, expires};
    return sq_write(base, NULL, "session_insert", session_insert, &x, err);
}

typedef struct {
    const char *id;
    int64_t *vendor_id;
    ks_time *expires;
} session_get_arg;

static int session_get(sq_tx *tx, void *arg)
{
    session_get_arg *x = arg;
    sqlite3_stmt *st = sq_prep(tx->db, "SELECT vendor_id, expires FROM sessions WHERE id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->id);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE)
        return sq_refuse(tx, KS_E_INVALID_SESSION, NULL);
    if (r != SQLITE_ROW)
        return SQ_DB;
    *x->vendor_id = sqlite3_column_int64(st, 0);
    *x->expires = sqlite3_column_int64(st, 1);
    return SQ_OK;
}

static int sq_session_get(ks_store *base, const char *id, int64_t *vendor_id, ks_time *expires,
                          ks_err *err)
{
    session_get_arg x = {id, vendor_id, expires};
    return sq_read(base, NULL, "session_get", session_get, &x, err);
}

static int clock_get(sq_tx *tx, void *arg)
{
    sqlite3_stmt *st = sq_prep(tx->db, "SELECT offset_s FROM clock WHERE id = 1");
    if (!st || sqlite3_step(st) != SQLITE_ROW)
        return SQ_DB;
    *(int64_t *)arg = sqlite3_column_int64(st, 0);
    return SQ_OK;
}

static int sq_clock_get(ks_store *base, int64_t *offset, ks_err *err)
{
    return sq_read(base, NULL, "clock_get", clock_get, offset, err);
}

static int clock_advance(sq_tx *tx, void *arg)
{
    /* one statement, so no other connection's move can land between the read and the write */
    sqlite3_stmt *st = sq_prep(tx->db, "UPDATE clock SET offset_s = offset_s + ? WHERE id = 1");
    if (!st)
        return SQ_DB;
    sqlite3_bind_int64(st, 1, *(int64_t *)arg);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

static int sq_clock_advance(ks_store *base, int64_t seconds, ks_err *err)
{
    return sq_write(base, NULL, "clock_advance", clock_advance, &seconds, err);
}

/* --- fingerprint (tests) -------------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ c[i]) * 1099511628211u;
    return h;
}

static int fingerprint(sq_tx *tx, void *arg)
{
    uint64_t h = 14695981039346656037u;
    sqlite3_stmt *tables = sq_prep(tx->db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name");
    int r;
    if (!tables)
        return SQ_DB;
    while ((r = sqlite3_step(tables)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        h = fnv(h, name, strlen(name) + 1);
        sqlite3_stmt *st = sq_prep(tx->db, sql);
        if (!st)
            return SQ_DB;
        while ((r = sqlite3_step(st)) == SQLITE_ROW)
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const void *v = sqlite3_column_blob(st, i);
                h = fnv(h, v ? v : "", (size_t)sqlite3_column_bytes(st, i));
                h = fnv(h, "|", 1);
            }
        sq_finish(st);
        if (r != SQLITE_DONE)
            return SQ_DB;
    }
    *(uint64_t *)arg = h;
    return r == SQLITE_DONE ? SQ_OK : SQ_DB;
}

int ks_sqlite_fingerprint(ks_store *s, uint64_t *out, ks_err *err)
{
    return sq_read(s, NULL, "fingerprint", fingerprint, out, err);
}

/* --- open ---------------------------------------------------------------------------------- */

static const ks_store_ops sq_ops = {
    .name = "sqlite",
    .close = sq_close,
    .vendor_insert = sq_vendor_insert,
    .vendor_by_code = sq_vendor_by_code,
    .vendor_by_id = sq_vendor_by_id,
    .vendor_list = sq_vendor_list,
    .vendor_set_notify = sq_vendor_set_notify,
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
    .notice_get = sq_notice_get,
    .notice_record = sq_notice_record,
    .notice_list = sq_notice_list,
    .notice_replay = sq_notice_replay,
    .notice_stats = sq_notice_stats,
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
    .customer_insert = sq_customer_insert,
    .customer_update = sq_customer_update,
    .subscription_renew = sq_subscription_renew,
    .subscription_update = sq_subscription_update,
    .subscription_orders = sq_subscription_orders,
    .subscription_search = sq_subscription_search,
    .subscription_upgrade = sq_subscription_upgrade,
    .subscription_get = sq_subscription_get,
    .console_session_insert = sq_console_session_insert,
    .console_session_get = sq_console_session_get,
    .console_session_delete = sq_console_session_delete,
    .order_stats = sq_order_stats,
    .partner_insert = sq_partner_insert,
    .partner_get = sq_partner_get,
    .partner_list = sq_partner_list,
    .partner_session_get = sq_partner_session_get,
    .partner_session_set = sq_partner_session_set,
    .partner_session_save = sq_partner_session_save,
    .partner_orders = sq_partner_orders,
    .proforma_insert = sq_proforma_insert,
    .proforma_get = sq_proforma_get,
    .proforma_of_order = sq_proforma_of_order,
    .proforma_paid = sq_proforma_paid,
    .proforma_list = sq_proforma_list,
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
    pthread_cond_init(&s->wcv, NULL);
    pthread_cond_init(&s->cv, NULL);
    for (int i = 0; i < POOL_SIZE; i++) {
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(path, &s->conns[i], flags, NULL) != SQLITE_OK) {
            ks_err_setf(err, KS_E_INTERNAL_ERROR, "Cannot open database '%.200s': %s", path,
                        s->conns[i] ? sqlite3_errmsg(s->conns[i]) : "out of memory");
            goto fail;
        }
        s->cache[i].db = s->conns[i];
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
