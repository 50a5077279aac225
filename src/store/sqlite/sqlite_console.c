/* sqlite_console.c — what the web console keeps and reads in SQLite: its sessions (table
 * console_sessions, migration 9) and the order figures of its charts, read from the covering
 * index orders_stats so that a year of 100,000 orders is one index range scan. */
#include <string.h>

#include "sqlite_int.h"

int sq_console_session_insert(ks_store *base, const char *id_hash, const char *csrf,
                              ks_time expires, ks_time real_now, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "INSERT INTO console_sessions(id, csrf, expires) VALUES(?,?,?)");
    if (!st)
        goto fail;
    sq_bind_text(st, 1, id_hash);
    sq_bind_text(st, 2, csrf);
    sqlite3_bind_int64(st, 3, expires);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    /* expired sessions are garbage; a failure here only leaves them for the next login */
    st = sq_prep(db, "DELETE FROM console_sessions WHERE expires < ?");
    if (st) {
        sqlite3_bind_int64(st, 1, real_now);
        sqlite3_step(st);
    }
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "console_session_insert", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_console_session_get(ks_store *base, ks_arena *a, const char *id_hash,
                           ks_console_session *out, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "SELECT csrf, expires FROM console_sessions WHERE id = ?");
    if (!st) {
        sq_db_error(db, "console_session_get", err);
        goto done;
    }
    sq_bind_text(st, 1, id_hash);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        out->csrf = sq_col_text(a, st, 0);
        out->expires = sqlite3_column_int64(st, 1);
        rc = 0;
    } else if (r == SQLITE_DONE) {
        ks_err_set(err, KS_E_INVALID_SESSION);
    } else {
        sq_db_error(db, "console_session_get", err);
    }
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_console_session_delete(ks_store *base, const char *id_hash, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "DELETE FROM console_sessions WHERE id = ?");
    if (st) {
        sq_bind_text(st, 1, id_hash);
        if (sqlite3_step(st) == SQLITE_DONE)
            rc = 0;
    }
    if (rc)
        sq_db_error(db, "console_session_delete", err);
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_order_stats(ks_store *base, ks_arena *a, int64_t vendor_id, ks_time from,
                   int64_t bucket_s, int64_t n_buckets, ks_order_stat_row **out, size_t *n,
                   ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    size_t cnt = 0, cap = 16;
    ks_order_stat_row *list = ks_arena_alloc(a, cap * sizeof *list);
    /* every column comes from orders_stats: no table row is read */
    sqlite3_stmt *st = sq_prep(
        db, "SELECT (created - ?2) / ?3 AS b, currency, count(*),"
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
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, bucket_s);
    sqlite3_bind_int64(st, 4, from + bucket_s * n_buckets);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            ks_order_stat_row *bigger = ks_arena_alloc(a, 2 * cap * sizeof *bigger);
            memcpy(bigger, list, cnt * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        ks_order_stat_row *row = &list[cnt++];
        row->bucket = sqlite3_column_int64(st, 0);
        row->currency = sq_col_text(a, st, 1);
        row->orders = sqlite3_column_int64(st, 2);
        row->paid = sqlite3_column_int64(st, 3);
        row->revenue = sqlite3_column_int64(st, 4);
        row->renewals = sqlite3_column_int64(st, 5);
        row->renewals_failed = sqlite3_column_int64(st, 6);
    }
    if (r != SQLITE_DONE)
        goto fail;
    *out = list;
    *n = cnt;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "order_stats", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}
