/* sqlite_leads.c — leads in SQLite: one row per lead (indexed columns + the opaque document),
 * its items (catalog codes for the ProductCode filter; names, quantities and prices for the
 * follow-up mails) and its follow-up schedule. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../core/buf.h"
#include "sqlite_int.h"

#define LEAD_COLS                                                                                  \
    "id, code, generated_from, currency, language, country, email, first_name, last_name, "        \
    "local_time, followed_up, used, used_success, stopped, created, updated, doc"

static int write_children(sqlite3 *db, int64_t lead_id, const ks_lead *l)
{
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "INSERT INTO lead_items(lead_id, seq, code, name, quantity, "
                                   "price, price_type) VALUES(?,?,?,?,?,?,?)");
    if (!st)
        return -1;
    for (size_t i = 0; i < l->n_items; i++) {
        const ks_lead_item *it = &l->items[i];
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_int64(st, 1, lead_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        sq_bind_text(st, 3, it->is_dynamic ? NULL : it->code);
        sq_bind_text(st, 4, it->name);
        if (it->has_quantity)
            sqlite3_bind_int64(st, 5, it->quantity);
        if (it->price && it->price->has_amount)
            sqlite3_bind_int64(st, 6, it->price->amount);
        if (it->price)
            sq_bind_text(st, 7, it->price->type);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    sqlite3_finalize(st);
    st = sq_prep(db, "INSERT INTO lead_followups(lead_id, seq, due, state) VALUES(?,?,?,?)");
    if (!st)
        return -1;
    for (size_t i = 0; i < l->n_followups; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, lead_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        sqlite3_bind_int64(st, 3, l->followups[i].due);
        sqlite3_bind_int(st, 4, (int)l->followups[i].state);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

static void bind_lead_cols(sqlite3_stmt *st, const ks_lead *l)
{
    /* parameters 1..15 in the order of the INSERT / UPDATE statements below */
    sq_bind_text(st, 1, l->generated_from);
    sq_bind_text(st, 2, l->currency);
    sq_bind_text(st, 3, l->language);
    const ks_address *b = l->billing;
    sq_bind_text(st, 4, b ? b->country_code : NULL);
    sq_bind_text(st, 5, b ? b->email : NULL);
    sq_bind_text(st, 6, b ? b->first_name : NULL);
    sq_bind_text(st, 7, b ? b->last_name : NULL);
    sq_bind_text(st, 8, l->local_time);
    sqlite3_bind_int(st, 9, l->followed_up);
    sqlite3_bind_int(st, 10, l->used);
    sqlite3_bind_int(st, 11, l->used_success);
    sqlite3_bind_int(st, 12, l->stopped);
    sqlite3_bind_int64(st, 13, l->created);
    sqlite3_bind_int64(st, 14, l->updated);
    sq_bind_text(st, 15, l->doc);
}

int sq_lead_insert(ks_store *base, int64_t vendor_id, const ks_lead *l, const ks_job_list *jobs,
                   ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0;
    sqlite3_stmt *st = NULL;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    st = sq_prep(db, "INSERT INTO leads(generated_from, currency, language, country, email, "
                     "first_name, last_name, local_time, followed_up, used, used_success, "
                     "stopped, created, updated, doc, vendor_id, code) "
                     "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        goto fail;
    bind_lead_cols(st, l);
    sqlite3_bind_int64(st, 16, vendor_id);
    sq_bind_text(st, 17, l->code);
    int r = sqlite3_step(st);
    if (r == SQLITE_CONSTRAINT) {
        ks_err_setf(err, KS_E_LEAD_CODE_DUPLICATE, "A lead with LeadCode '%.64s' already exists",
                    l->code);
        goto done;
    }
    if (r != SQLITE_DONE || write_children(db, sqlite3_last_insert_rowid(db), l) ||
        sq_jobs_write(db, jobs))
        goto fail;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "lead_insert", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

static int lead_id(sqlite3 *db, int64_t vendor_id, const char *code, int64_t *id)
{
    sqlite3_stmt *st = sq_prep(db, "SELECT id FROM leads WHERE vendor_id = ? AND code = ?");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, code);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return r == SQLITE_ROW ? 1 : r == SQLITE_DONE ? 0 : -1;
}

/* Overwrites row id with l, items and follow-ups included, inside the caller's transaction. */
static int write_lead(sqlite3 *db, int64_t id, const ks_lead *l, ks_err *err)
{
    int rc = -1;
    char sql[128];
    sqlite3_stmt *st =
        sq_prep(db, "UPDATE leads SET generated_from=?, currency=?, language=?, country=?, "
                    "email=?, first_name=?, last_name=?, local_time=?, followed_up=?, used=?, "
                    "used_success=?, stopped=?, created=?, updated=?, doc=? WHERE id=?");
    if (!st)
        goto done;
    bind_lead_cols(st, l);
    sqlite3_bind_int64(st, 16, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto done;
    snprintf(sql, sizeof sql,
             "DELETE FROM lead_items WHERE lead_id=%lld; DELETE FROM lead_followups WHERE "
             "lead_id=%lld;",
             (long long)id, (long long)id);
    if (sq_exec(db, sql, err) || write_children(db, id, l))
        goto done;
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

/* Reads one lead row (LEAD_COLS) and its follow-ups. */
static int read_lead(sqlite3 *db, ks_arena *a, sqlite3_stmt *st, ks_lead *l)
{
    memset(l, 0, sizeof *l);
    int64_t id = sqlite3_column_int64(st, 0);
    l->code = sq_col_text(a, st, 1);
    l->generated_from = sq_col_text(a, st, 2);
    l->currency = sq_col_text(a, st, 3);
    l->language = sq_col_text(a, st, 4);
    ks_address *b = ks_arena_alloc(a, sizeof *b);
    b->country_code = sq_col_text(a, st, 5);
    b->email = sq_col_text(a, st, 6);
    b->first_name = sq_col_text(a, st, 7);
    b->last_name = sq_col_text(a, st, 8);
    l->billing = b;
    l->local_time = sq_col_text(a, st, 9);
    l->followed_up = sqlite3_column_int(st, 10);
    l->used = sqlite3_column_int(st, 11);
    l->used_success = sqlite3_column_int(st, 12);
    l->stopped = sqlite3_column_int(st, 13);
    l->created = sqlite3_column_int64(st, 14);
    l->updated = sqlite3_column_int64(st, 15);
    l->doc = sq_col_text(a, st, 16);
    sqlite3_stmt *f = sq_prep(
        db, "SELECT due, state FROM lead_followups WHERE lead_id = ? ORDER BY seq LIMIT 5");
    if (!f)
        return -1;
    sqlite3_bind_int64(f, 1, id);
    int r;
    while ((r = sqlite3_step(f)) == SQLITE_ROW && l->n_followups < KS_LEAD_FOLLOWUPS) {
        l->followups[l->n_followups].due = sqlite3_column_int64(f, 0);
        l->followups[l->n_followups].state = (ks_followup_state)sqlite3_column_int(f, 1);
        l->n_followups++;
    }
    sqlite3_finalize(f);
    return r == SQLITE_DONE || r == SQLITE_ROW ? 0 : -1;
}

/* Reads the items of lead id into l (arena a). */
static int read_items(sqlite3 *db, ks_arena *a, int64_t id, ks_lead *l)
{
    int r, rc = -1;
    size_t cap = 4;
    sqlite3_stmt *st = sq_prep(db, "SELECT code, name, quantity, price, price_type FROM "
                                   "lead_items WHERE lead_id = ? ORDER BY seq");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    l->items = ks_arena_alloc(a, cap * sizeof *l->items);
    l->n_items = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (l->n_items == cap) {
            ks_lead_item *bigger = ks_arena_alloc(a, 2 * cap * sizeof *bigger);
            memcpy(bigger, l->items, cap * sizeof *bigger);
            l->items = bigger;
            cap *= 2;
        }
        ks_lead_item *it = &l->items[l->n_items++];
        it->code = sq_col_text(a, st, 0);
        it->is_dynamic = it->code == NULL;
        it->name = sq_col_text(a, st, 1);
        it->has_quantity = sqlite3_column_type(st, 2) != SQLITE_NULL;
        it->quantity = sqlite3_column_int64(st, 2);
        if (sqlite3_column_type(st, 3) != SQLITE_NULL ||
            sqlite3_column_type(st, 4) != SQLITE_NULL) {
            ks_item_price *p = ks_arena_alloc(a, sizeof *p);
            p->has_amount = sqlite3_column_type(st, 3) != SQLITE_NULL;
            p->amount = sqlite3_column_int64(st, 3);
            p->type = sq_col_text(a, st, 4);
            it->price = p;
        }
    }
    if (r == SQLITE_DONE)
        rc = 0;
    sqlite3_finalize(st);
    return rc;
}

int sq_lead_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code, ks_lead *out,
                ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st =
        sq_prep(db, "SELECT " LEAD_COLS " FROM leads WHERE vendor_id = ? AND code = ?");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, code);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_setf(err, KS_E_LEAD_NOT_FOUND, "Lead '%.64s' not found", code);
        goto done;
    }
    if (r != SQLITE_ROW || read_lead(db, a, st, out) ||
        read_items(db, a, sqlite3_column_int64(st, 0), out))
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "lead_get", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_lead_update(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                   ks_lead_merge_fn merge, void *arg, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0;
    int64_t id;
    ks_lead cur, next;
    ks_job_list jobs = {0};
    sqlite3_stmt *st = NULL;
    /* IMMEDIATE: the write lock is taken before the read, so nothing can change the lead
     * between what merge sees and what is written */
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    st = sq_prep(db, "SELECT " LEAD_COLS " FROM leads WHERE vendor_id = ? AND code = ?");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, code);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_setf(err, KS_E_LEAD_NOT_FOUND, "Lead '%.64s' not found", code);
        goto done;
    }
    if (r != SQLITE_ROW)
        goto fail;
    id = sqlite3_column_int64(st, 0);
    if (read_lead(db, a, st, &cur))
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    if (merge(&next, &jobs, &cur, arg, err))
        goto done;
    if (write_lead(db, id, &next, err) || sq_jobs_write(db, &jobs))
        goto fail;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "lead_update", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

/* Builds the WHERE clause of a search; binds happen in the same order in bind_query(). */
static void where_clause(ks_buf *b, const ks_lead_query *q)
{
    ks_buf_puts(b, " WHERE vendor_id = ?");
    if (q->n_codes) {
        ks_buf_puts(b, " AND code IN (");
        for (size_t i = 0; i < q->n_codes; i++)
            ks_buf_puts(b, i ? ",?" : "?");
        ks_buf_puts(b, ")");
    }
    if (q->email)
        ks_buf_puts(b, " AND email = ?");
    if (q->language)
        ks_buf_puts(b, " AND language = ?");
    if (q->country)
        ks_buf_puts(b, " AND country = ?");
    if (q->generated_from)
        ks_buf_puts(b, " AND generated_from = ?");
    if (q->has_start)
        ks_buf_puts(b, " AND created >= ?");
    if (q->has_end)
        ks_buf_puts(b, " AND created <= ?");
    switch (q->type) {
    case KS_LEAD_TYPE_ANY: break;
    case KS_LEAD_TYPE_NEW: ks_buf_puts(b, " AND used = 0"); break;
    case KS_LEAD_TYPE_USED: ks_buf_puts(b, " AND used = 1"); break;
    case KS_LEAD_TYPE_USED_SUCCESS: ks_buf_puts(b, " AND used_success = 1"); break;
    case KS_LEAD_TYPE_STOPPED: ks_buf_puts(b, " AND stopped = 1"); break;
    case KS_LEAD_TYPE_NOT_STOPPED: ks_buf_puts(b, " AND stopped = 0"); break;
    }
    if (q->n_product_codes) {
        ks_buf_puts(b, " AND id IN (SELECT lead_id FROM lead_items WHERE code IN (");
        for (size_t i = 0; i < q->n_product_codes; i++)
            ks_buf_puts(b, i ? ",?" : "?");
        ks_buf_puts(b, "))");
    }
}

static int bind_query(sqlite3_stmt *st, int64_t vendor_id, const ks_lead_query *q)
{
    int i = 1;
    sqlite3_bind_int64(st, i++, vendor_id);
    for (size_t k = 0; k < q->n_codes; k++)
        sq_bind_text(st, i++, q->codes[k]);
    if (q->email)
        sq_bind_text(st, i++, q->email);
    if (q->language)
        sq_bind_text(st, i++, q->language);
    if (q->country)
        sq_bind_text(st, i++, q->country);
    if (q->generated_from)
        sq_bind_text(st, i++, q->generated_from);
    if (q->has_start)
        sqlite3_bind_int64(st, i++, q->start);
    if (q->has_end)
        sqlite3_bind_int64(st, i++, q->end);
    for (size_t k = 0; k < q->n_product_codes; k++)
        sq_bind_text(st, i++, q->product_codes[k]);
    return i;
}

int sq_lead_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_lead_query *q,
                   ks_lead **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    ks_buf where = KS_BUF_INIT, sql = KS_BUF_INIT;
    sqlite3_stmt *st = NULL;
    where_clause(&where, q);

    /* one read transaction, so the page and the count see the same data */
    if (sq_exec(db, "BEGIN", err))
        goto done;
    ks_buf_printf(&sql, "SELECT count(*) FROM leads%s", where.data);
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    bind_query(st, vendor_id, q);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;

    ks_lead *list = ks_arena_alloc(a, (size_t)q->limit * sizeof *list);
    size_t cnt = 0;
    /* any Page >= 1 is valid: far past the end, (page - 1) * limit would overflow */
    int64_t offset =
        q->page - 1 > INT64_MAX / q->limit ? INT64_MAX : (q->page - 1) * q->limit;
    if (*total > offset) {
        ks_buf_reset(&sql);
        ks_buf_printf(&sql, "SELECT " LEAD_COLS " FROM leads%s ORDER BY id LIMIT ? OFFSET ?",
                      where.data);
        if (!(st = sq_prep(db, sql.data)))
            goto fail;
        int i = bind_query(st, vendor_id, q);
        sqlite3_bind_int64(st, i, q->limit);
        sqlite3_bind_int64(st, i + 1, offset);
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW && cnt < (size_t)q->limit)
            if (read_lead(db, a, st, &list[cnt++]))
                goto fail;
        if (r != SQLITE_DONE && r != SQLITE_ROW)
            goto fail;
    }
    *out = list;
    *n = cnt;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "lead_search", err);
done:
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    ks_buf_free(&where);
    ks_buf_free(&sql);
    sq_release(s, db);
    return rc;
}

int sq_lead_mark(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_lead_mark_in *marks,
                 size_t n, ks_lead_mark_fn apply, void *arg, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0;
    sqlite3_stmt *get = NULL, *flags = NULL, *fu = NULL;
    /* IMMEDIATE: what apply sees is what it changes */
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    get = sq_prep(db, "SELECT " LEAD_COLS " FROM leads WHERE vendor_id = ? AND code = ?");
    flags = sq_prep(db, "UPDATE leads SET used = ?, used_success = ?, stopped = ?, updated = ? "
                        "WHERE id = ?");
    fu = sq_prep(db, "UPDATE lead_followups SET state = ? WHERE lead_id = ? AND seq = ?");
    if (!get || !flags || !fu)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        ks_lead l;
        sqlite3_reset(get);
        sqlite3_bind_int64(get, 1, vendor_id);
        sq_bind_text(get, 2, marks[i].code);
        int r = sqlite3_step(get);
        if (r == SQLITE_DONE) {
            /* API: markLeads — all or nothing: the unknown code is named, nothing is marked */
            ks_err_setf(err, KS_E_LEAD_NOT_FOUND, "Lead '%.64s' not found; no lead was marked",
                        marks[i].code);
            goto done;
        }
        if (r != SQLITE_ROW)
            goto fail;
        int64_t id = sqlite3_column_int64(get, 0);
        if (read_lead(db, a, get, &l))
            goto fail;
        apply(&l, &marks[i], arg);
        sqlite3_reset(flags);
        sqlite3_bind_int(flags, 1, l.used);
        sqlite3_bind_int(flags, 2, l.used_success);
        sqlite3_bind_int(flags, 3, l.stopped);
        sqlite3_bind_int64(flags, 4, l.updated);
        sqlite3_bind_int64(flags, 5, id);
        if (sqlite3_step(flags) != SQLITE_DONE)
            goto fail;
        for (size_t k = 0; k < l.n_followups; k++) {
            sqlite3_reset(fu);
            sqlite3_bind_int(fu, 1, (int)l.followups[k].state);
            sqlite3_bind_int64(fu, 2, id);
            sqlite3_bind_int64(fu, 3, (int64_t)k);
            if (sqlite3_step(fu) != SQLITE_DONE)
                goto fail;
        }
    }
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "lead_mark", err);
done:
    sqlite3_finalize(get);
    sqlite3_finalize(flags);
    sqlite3_finalize(fu);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

int sq_lead_followup_sent(ks_store *base, int64_t vendor_id, const char *code, int seq,
                          const ks_mail *mail, int *sent, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0, found;
    int64_t id = 0;
    sqlite3_stmt *st = NULL;
    *sent = 0;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if ((found = lead_id(db, vendor_id, code, &id)) < 0)
        goto fail;
    if (!found) {
        ks_err_setf(err, KS_E_LEAD_NOT_FOUND, "Lead '%.64s' not found", code);
        goto done;
    }
    /* compare and set: only a follow-up still SCHEDULED becomes SENT, so a job that runs again
     * (after a crash) or a markLeads that canceled it meanwhile sends nothing */
    st = sq_prep(db, "UPDATE lead_followups SET state = ? WHERE lead_id = ? AND seq = ? AND "
                     "state = ?");
    if (!st)
        goto fail;
    sqlite3_bind_int(st, 1, KS_FOLLOWUP_SENT);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int(st, 3, seq);
    sqlite3_bind_int(st, 4, KS_FOLLOWUP_SCHEDULED);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    if (sqlite3_changes(db) == 1) {
        if (sq_mail_write(db, vendor_id, mail))
            goto fail;
        *sent = 1;
    }
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "lead_followup_sent", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (rc)
        *sent = 0;
    sq_release(s, db);
    return rc;
}
