/* sql_console.c — what the web console keeps and reads: its sessions (table
 * console_sessions, migration 9) and the order figures of its charts, read from the covering
 * index orders_stats so that a year of 100,000 orders is one index range scan. */
#include <string.h>

#include "sql_int.h"

typedef struct {
    const char *id_hash, *csrf;
    ks_time expires, real_now;
} session_insert_arg;

static int console_session_insert(sq_tx *tx, void *arg)
{
    session_insert_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "INSERT INTO console_sessions(id, csrf, expires) VALUES(?,?,?)");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->id_hash);
    sq_bind_text(st, 2, x->csrf);
    sq_bind_int(st, 3, x->expires);
    if (sq_step_done(st))
        return SQ_DB;
    /* expired sessions are garbage */
    if (!(st = sq_prep(tx->db, "DELETE FROM console_sessions WHERE expires < ?")))
        return SQ_DB;
    sq_bind_int(st, 1, x->real_now);
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
    sq_stmt *st = sq_prep(tx->db, "SELECT csrf, expires FROM console_sessions WHERE id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->id_hash);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_INVALID_SESSION, NULL);
    if (r != SQ_ROW)
        return SQ_DB;
    x->out->csrf = sq_col_text(tx->a, st, 0);
    x->out->expires = sq_col_int(st, 1);
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
    sq_stmt *st = sq_prep(tx->db, "DELETE FROM console_sessions WHERE id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, arg);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_console_session_delete(ks_store *base, const char *id_hash, ks_err *err)
{
    return sq_write(base, NULL, "console_session_delete", console_session_delete, (void *)id_hash,
                    err);
}

typedef struct {
    int64_t vendor_id;
    ks_time from;
    int64_t bucket_s, n_buckets;
    ks_order_stat_row **out;
    size_t *n;
} order_stats_arg;

static int order_stats(sq_tx *tx, void *arg)
{
    order_stats_arg *x = arg;
    size_t cnt = 0, cap = 0, first = 0; /* rows of the current bucket start at first */
    ks_order_stat_row *list = NULL;
    int r;
    /* every column comes from orders_stats, in its order (created): no table row is read and
     * nothing is sorted; the rows are summed here, one bucket after the other */
    sq_stmt *st = sq_prep(tx->db, "SELECT created, currency, status, gross_discounted - refunded,"
                                  "  CASE WHEN renewal_of IS NOT NULL AND"
                                  "  instr(coalesce(renewal_key, ''), '@UPGRADE@') = 0"
                                  "  THEN 1 ELSE 0 END"
                                  " FROM orders"
                                  " WHERE vendor_id = ?1 AND created >= ?2 AND created < ?3"
                                  " ORDER BY vendor_id, created");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_int(st, 2, x->from);
    sq_bind_int(st, 3, x->from + x->bucket_s * x->n_buckets);
    while ((r = sq_step(st)) == SQ_ROW) {
        int64_t bucket = (sq_col_int(st, 0) - x->from) / x->bucket_s;
        const char *cur = sq_col_str(st, 1);
        const char *status = sq_col_str(st, 2);
        ks_order_stat_row *row = NULL;
        if (!cur || !status)
            continue;
        if (cnt && list[cnt - 1].bucket != bucket)
            first = cnt;
        for (size_t k = first; k < cnt && !row; k++)
            if (strcmp(list[k].currency, cur) == 0)
                row = &list[k];
        if (!row) {
            list = sq_grow(tx->a, list, &cap, cnt, sizeof *list);
            row = &list[cnt++];
            memset(row, 0, sizeof *row);
            row->bucket = bucket;
            row->currency = ks_arena_strdup(tx->a, cur);
        }
        int paid = strcmp(status, "COMPLETE") == 0 || strcmp(status, "REFUND") == 0;
        int renewal = sq_col_int(st, 4);
        row->orders++;
        row->paid += paid;
        if (paid)
            row->revenue += sq_col_int(st, 3);
        row->renewals += renewal;
        row->renewals_failed += renewal && strcmp(status, "CANCELED") == 0;
    }
    if (r != SQ_DONE)
        return SQ_DB;
    *x->out = list;
    *x->n = cnt;
    return SQ_OK;
}

int sq_order_stats(ks_store *base, ks_arena *a, int64_t vendor_id, ks_time from, int64_t bucket_s,
                   int64_t n_buckets, ks_order_stat_row **out, size_t *n, ks_err *err)
{
    order_stats_arg x = {vendor_id, from, bucket_s, n_buckets, out, n};
    return sq_read(base, a, "order_stats", order_stats, &x, err);
}
