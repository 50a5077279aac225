/* sqlite_console.c — what the web console keeps and reads in SQLite: its sessions (table
 * console_sessions, migration 9) and the order figures of its charts, read from the covering
 * index orders_stats so that a year of 100,000 orders is one index range scan. */
#include <string.h>

#include "sqlite_int.h"

typedef struct {
    const char *id_hash, *csrf;
    ks_time expires, real_now;
} session_insert_arg;

static int console_session_insert(sq_tx *tx, void *arg)
{
    session_insert_arg *x = arg;
    sqlite3_stmt *st =
        sq_prep(tx->db, "INSERT INTO console_sessions(id, csrf, expires) VALUES(?,?,?)");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->id_hash);
    sq_bind_text(st, 2, x->csrf);
    sqlite3_bind_int64(st, 3, x->expires);
    if (sq_step_done(st))
        return SQ_DB;
    /* expired sessions are garbage */
    if (!(st = sq_prep(tx->db, "DELETE FROM console_sessions WHERE expires < ?")))
        return SQ_DB;
    sqlite3_bind_int64(st, 1, x->real_now);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_console_session_insert(ks_store *base, const char *id_hash, const char *csrf,
                              ks_time expires, ks_time real_now, ks_err *err)
{
    session_insert_arg x = {id_hash, csrf, expires, real_now};
    return sq_write(base, NULL, "console_session_insert", console_session_insert, &x, err);
}

typedef struct {
    const char *id_hash;
    ks_console_session *out;
} session_get_arg;

static int console_session_get(sq_tx *tx, void *arg)
{
    session_get_arg *x = arg;
    sqlite3_stmt *st = sq_prep(tx->db, "SELECT csrf, expires FROM console_sessions WHERE id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->id_hash);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE)
        return sq_refuse(tx, KS_E_INVALID_SESSION, NULL);
    if (r != SQLITE_ROW)
        return SQ_DB;
    x->out->csrf = sq_col_text(tx->a, st, 0);
    x->out->expires = sqlite3_column_int64(st, 1);
    return SQ_OK;
}

int sq_console_session_get(ks_store *base, ks_arena *a, const char *id_hash,
                           ks_console_session *out, ks_err *err)
{
    session_get_arg x = {id_hash, out};
    return sq_read(base, a, "console_session_get", console_session_get, &x, err);
}

static int console_session_delete(sq_tx *tx, void *arg)
{
    sqlite3_stmt *st = sq_prep(tx->db, "DELETE FROM console_sessions WHERE id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, arg);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_console_session_delete(ks_store *base, const char *id_hash, ks_err *err)
{
    return sq_write(base, NULL, "console_session_delete", console_session_delete,
                    (void *)id_hash, err);
}

typedef struct {
    int64_t vendor_id;
    ks_time from;
    int64_t bucket_s, n_buckets;
    ks_order_stat_row **out;
    size_t *n;
} order_stats_arg;

static void read_stat(ks_arena *a, sqlite3_stmt *st, void *elem)
{
    ks_order_stat_row *row = elem;
    row->bucket = sqlite3_column_int64(st, 0);
    row->currency = sq_col_text(a, st, 1);
    row->orders = sqlite3_column_int64(st, 2);
    row->paid = sqlite3_column_int64(st, 3);
    row->revenue = sqlite3_column_int64(st, 4);
    row->renewals = sqlite3_column_int64(st, 5);
    row->renewals_failed = sqlite3_column_int64(st, 6);
}

static int order_stats(sq_tx *tx, void *arg)
{
    order_stats_arg *x = arg;
    /* every column comes from orders_stats: no table row is read */
    sqlite3_stmt *st = sq_prep(
        tx->db, "SELECT (created - ?2) / ?3 AS b, currency, count(*),"
                "  sum(status IN ('COMPLETE','REFUND')),"
                "  sum(CASE WHEN status IN ('COMPLETE','REFUND') THEN gross_discounted - refunded"
                "      ELSE 0 END),"
                "  sum(renewal_of IS NOT NULL AND instr(renewal_key, '@UPGRADE@') = 0),"
                "  sum(renewal_of IS NOT NULL AND instr(renewal_key, '@UPGRADE@') = 0"
                "      AND status = 'CANCELED')"
                " FROM orders INDEXED BY orders_stats"
                " WHERE vendor_id = ?1 AND created >= ?2 AND created < ?4"
                " GROUP BY b, currency");
    if (!st)
        return SQ_DB;
    sqlite3_bind_int64(st, 1, x->vendor_id);
    sqlite3_bind_int64(st, 2, x->from);
    sqlite3_bind_int64(st, 3, x->bucket_s);
    sqlite3_bind_int64(st, 4, x->from + x->bucket_s * x->n_buckets);
    return sq_rows(tx->a, st, sizeof **x->out, read_stat, (void **)x->out, x->n);
}

int sq_order_stats(ks_store *base, ks_arena *a, int64_t vendor_id, ks_time from,
                   int64_t bucket_s, int64_t n_buckets, ks_order_stat_row **out, size_t *n,
                   ks_err *err)
{
    order_stats_arg x = {vendor_id, from, bucket_s, n_buckets, out, n};
    return sq_read(base, a, "order_stats", order_stats, &x, err);
}
