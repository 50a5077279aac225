/* sql_query.c — statements built with their values (sq_query), the one IN (...) builder,
 * and the one pagination of searches (sq_page). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sql_int.h"

void *sq_grow(ks_arena *a, void *list, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return list;
    size_t ncap = *cap ? 2 * *cap : 8;
    void *bigger = ks_arena_alloc(a, ncap * elem);
    if (n)
        memcpy(bigger, list, n * elem);
    *cap = ncap;
    return bigger;
}

int sq_rows(ks_arena *a, sq_stmt *st, size_t elem, sq_read_fn read, void **out, size_t *n)
{
    size_t cap = 0, cnt = 0;
    char *list = NULL;
    int r;
    if (!st)
        return SQ_DB;
    while ((r = sq_step(st)) == SQ_ROW) {
        list = sq_grow(a, list, &cap, cnt, elem);
        memset(list + cnt * elem, 0, elem);
        read(a, st, list + cnt++ * elem);
    }
    if (r != SQ_DONE)
        return SQ_DB;
    *out = list ? list : ks_arena_alloc(a, elem);
    *n = cnt;
    return SQ_OK;
}

int sq_children(sq_conn *db, ks_arena *a, const char *sql, int64_t owner, size_t elem,
                sq_read_fn read, void **out, size_t *n)
{
    sq_stmt *st = sq_prep(db, sql);
    if (st)
        sq_bind_int(st, 1, owner);
    int rc = sq_rows(a, st, elem, read, out, n);
    sq_finish(st);
    return rc;
}

void sq_q_init(sq_query *q, ks_arena *a, const char *sql)
{
    memset(q, 0, sizeof *q);
    q->a = a;
    q->sql = ks_arena_strdup(a, sql ? sql : "");
}

void sq_q_sql(sq_query *q, const char *sql)
{
    q->sql = ks_arena_printf(q->a, "%s%s", q->sql, sql);
}

static void add(sq_query *q, sq_val v)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 16;
        sq_val *bigger = ks_arena_alloc(q->a, cap * sizeof *bigger);
        if (q->n)
            memcpy(bigger, q->v, q->n * sizeof *bigger);
        q->v = bigger;
        q->cap = cap;
    }
    q->v[q->n++] = v;
}

void sq_q_text(sq_query *q, const char *sql, const char *v)
{
    sq_q_sql(q, sql);
    add(q, (sq_val){v, 0, 1});
}

void sq_q_int(sq_query *q, const char *sql, int64_t v)
{
    sq_q_sql(q, sql);
    add(q, (sq_val){NULL, v, 0});
}

void sq_q_in(sq_query *q, const char *col, const char *const *vals, size_t n, const char *collate)
{
    if (!n)
        return;
    sq_q_sql(q, " AND ");
    sq_q_sql(q, col);
    sq_q_sql(q, " IN (");
    for (size_t k = 0; k < n; k++) {
        sq_q_text(q, k ? ", ?" : "?", vals[k]);
        if (collate)
            sq_q_sql(q, collate);
    }
    sq_q_sql(q, ")");
}

sq_stmt *sq_q_prep(sq_conn *db, const char *prefix, const sq_query *q, const char *suffix)
{
    ks_arena *a = q->a;
    const char *sql =
        ks_arena_printf(a, "%s%s%s", prefix ? prefix : "", q->sql, suffix ? suffix : "");
    sq_stmt *st = sq_prep(db, sql);
    if (!st)
        return NULL;
    for (size_t k = 0; k < q->n; k++) {
        if (q->v[k].is_text)
            sq_bind_text(st, (int)k + 1, q->v[k].text);
        else
            sq_bind_int(st, (int)k + 1, q->v[k].num);
    }
    return st;
}

int sq_page(sq_tx *tx, ks_arena *a, const char *count, const char *select, const sq_query *where,
            const char *order, int64_t page, int64_t limit, size_t elem, sq_row_fn read, void *arg,
            void **out, size_t *n, int64_t *total)
{
    sq_stmt *st = NULL;
    char *list = ks_arena_alloc(a, ((limit > 0 ? (size_t)limit : 0) + 1) * elem);
    size_t cnt = 0;
    int r;
    *out = list;
    *n = 0;
    if (count) {
        if (!(st = sq_q_prep(tx->db, count, where, NULL)) || sq_step(st) != SQ_ROW)
            return SQ_DB;
        *total = sq_col_int(st, 0);
        sq_finish(st);
    }
    /* any Page >= 1 is valid: far past the end there is nothing to read, and (page - 1) *
     * limit would overflow */
    if (limit < 1 || *total == 0 || page < 1 || page - 1 > (*total - 1) / limit)
        return SQ_OK;
    /* the page's own copy of the query: LIMIT and OFFSET are values too, so that the SQL of a
     * search is the same text for every page */
    sq_query q = *where;
    sq_q_sql(&q, " ORDER BY ");
    sq_q_sql(&q, order);
    sq_q_int(&q, " LIMIT ?", limit);
    sq_q_int(&q, " OFFSET ?", (page - 1) * limit);
    if (!(st = sq_q_prep(tx->db, select, &q, NULL)))
        return SQ_DB;
    while ((r = sq_step(st)) == SQ_ROW && cnt < (size_t)limit)
        if (read(tx, a, st, list + cnt++ * elem, arg))
            return SQ_DB;
    if (r != SQ_DONE && r != SQ_ROW)
        return SQ_DB;
    *n = cnt;
    return SQ_OK;
}

typedef struct {
    const char *count, *select, *order;
    const sq_query *where;
    int64_t page, limit;
    size_t elem;
    sq_row_fn read;
    void **out;
    size_t *n;
    int64_t *total;
} search_arg;

static int search(sq_tx *tx, void *arg)
{
    search_arg *x = arg;
    return sq_page(tx, tx->a, x->count, x->select, x->where, x->order, x->page, x->limit, x->elem,
                   x->read, NULL, x->out, x->n, x->total);
}

int sq_search(ks_store *base, ks_arena *a, const char *what, const char *count, const char *select,
              const sq_query *where, const char *order, int64_t page, int64_t limit, size_t elem,
              sq_row_fn read, void **out, size_t *n, int64_t *total, ks_err *err)
{
    search_arg x = {count, select, order, where, page, limit, elem, read, out, n, total};
    return sq_read(base, a, what, search, &x, err);
}

int sq_row_by_code(sq_tx *tx, sq_stmt **st, const char *sql, int64_t vendor_id, const char *code,
                   ks_errcode not_found, const char *kind)
{
    if (!(*st = sq_prep(tx->db, sql)))
        return SQ_DB;
    sq_bind_int(*st, 1, vendor_id);
    sq_bind_text(*st, 2, code);
    int r = sq_step(*st);
    if (r == SQ_DONE)
        return sq_refuse(tx, not_found, "%s '%.64s' not found", kind, code);
    return r == SQ_ROW ? SQ_OK : SQ_DB;
}

int sq_id_of(sq_conn *db, const char *table, int64_t vendor_id, const char *code, int64_t *id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE vendor_id = ? AND code = ?", table);
    sq_stmt *st = sq_prep(db, sql);
    if (!st)
        return -1;
    sq_bind_int(st, 1, vendor_id);
    sq_bind_text(st, 2, code);
    int r = sq_step(st);
    if (r == SQ_ROW)
        *id = sq_col_int(st, 0);
    sq_finish(st);
    return r == SQ_ROW ? 1 : r == SQ_DONE ? 0 : -1;
}
