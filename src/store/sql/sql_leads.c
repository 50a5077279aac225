/* sql_leads.c — leads: one row per lead (indexed columns + the opaque document),
 * its items (catalog codes for the ProductCode filter; names, quantities and prices for the
 * follow-up mails) and its follow-up schedule. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sql_int.h"

#define LEAD_COLS                                                                                  \
    "id, code, generated_from, currency, language, country, email, first_name, last_name, "        \
    "local_time, followed_up, used, used_success, stopped, created, updated, doc"

static int write_children(sq_conn *db, int64_t lead_id, const ks_lead *l)
{
    int rc = -1;
    sq_stmt *st = sq_prep(db, "INSERT INTO lead_items(lead_id, seq, code, name, quantity, "
                              "price, price_type) VALUES(?,?,?,?,?,?,?)");
    if (!st)
        return -1;
    for (size_t i = 0; i < l->n_items; i++) {
        const ks_lead_item *it = &l->items[i];
        sq_reset(st);
        sq_bind_int(st, 1, lead_id);
        sq_bind_int(st, 2, (int64_t)i);
        sq_bind_text(st, 3, it->is_dynamic ? NULL : it->code);
        sq_bind_text(st, 4, it->name);
        if (it->has_quantity)
            sq_bind_int(st, 5, it->quantity);
        else
            sq_bind_text(st, 5, NULL);
        if (it->price && it->price->has_amount)
            sq_bind_int(st, 6, it->price->amount);
        else
            sq_bind_text(st, 6, NULL);
        sq_bind_text(st, 7, it->price ? it->price->type : NULL);
        if (sq_step(st) != SQ_DONE)
            goto done;
    }
    sq_finish(st);
    st = sq_prep(db, "INSERT INTO lead_followups(lead_id, seq, due, state) VALUES(?,?,?,?)");
    if (!st)
        return -1;
    for (size_t i = 0; i < l->n_followups; i++) {
        sq_reset(st);
        sq_bind_int(st, 1, lead_id);
        sq_bind_int(st, 2, (int64_t)i);
        sq_bind_int(st, 3, l->followups[i].due);
        sq_bind_int(st, 4, (int)l->followups[i].state);
        if (sq_step(st) != SQ_DONE)
            goto done;
    }
    rc = 0;
done:
    sq_finish(st);
    return rc;
}

static void bind_lead_cols(sq_stmt *st, const ks_lead *l)
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
    sq_bind_int(st, 9, l->followed_up);
    sq_bind_int(st, 10, l->used);
    sq_bind_int(st, 11, l->used_success);
    sq_bind_int(st, 12, l->stopped);
    sq_bind_int(st, 13, l->created);
    sq_bind_int(st, 14, l->updated);
    sq_bind_text(st, 15, l->doc);
}

typedef struct {
    int64_t vendor_id;
    const ks_lead *l;
    const ks_job_list *jobs;
} lead_insert_arg;

static int lead_insert(sq_tx *tx, void *arg)
{
    lead_insert_arg *x = arg;
    sq_stmt *st =
        sq_prep(tx->db, "INSERT INTO leads(generated_from, currency, language, country, email, "
                        "first_name, last_name, local_time, followed_up, used, used_success, "
                        "stopped, created, updated, doc, vendor_id, code) "
                        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!st)
        return SQ_DB;
    bind_lead_cols(st, x->l);
    sq_bind_int(st, 16, x->vendor_id);
    sq_bind_text(st, 17, x->l->code);
    int64_t id = 0;
    int r = sq_step_id(st, &id);
    if (r == SQ_CONSTRAINT)
        return sq_refuse(tx, KS_E_LEAD_CODE_DUPLICATE,
                         "A lead with LeadCode '%.64s' already exists", x->l->code);
    if (r != SQ_ROW)
        return SQ_DB;
    sq_finish(st);
    if (write_children(tx->db, id, x->l) || sq_jobs_write(tx->db, x->jobs))
        return SQ_DB;
    return SQ_OK;
}

int sq_lead_insert(ks_store *base, int64_t vendor_id, const ks_lead *l, const ks_job_list *jobs,
                   ks_err *err)
{
    lead_insert_arg x = {vendor_id, l, jobs};
    return sq_write(base, NULL, "lead_insert", lead_insert, &x, err);
}

/* Overwrites row id with l, items and follow-ups included, inside the caller's transaction. */
static int write_lead(sq_conn *db, int64_t id, const ks_lead *l, ks_err *err)
{
    int rc = -1;
    char sql[128];
    sq_stmt *st =
        sq_prep(db, "UPDATE leads SET generated_from=?, currency=?, language=?, country=?, "
                    "email=?, first_name=?, last_name=?, local_time=?, followed_up=?, used=?, "
                    "used_success=?, stopped=?, created=?, updated=?, doc=? WHERE id=?");
    if (!st)
        goto done;
    bind_lead_cols(st, l);
    sq_bind_int(st, 16, id);
    if (sq_step(st) != SQ_DONE)
        goto done;
    snprintf(sql, sizeof sql,
             "DELETE FROM lead_items WHERE lead_id=%lld; DELETE FROM lead_followups WHERE "
             "lead_id=%lld;",
             (long long)id, (long long)id);
    if (sq_exec(db, sql, err) || write_children(db, id, l))
        goto done;
    rc = 0;
done:
    sq_finish(st);
    return rc;
}

/* Reads one lead row (LEAD_COLS) and its follow-ups. */
static int read_lead(sq_conn *db, ks_arena *a, sq_stmt *st, ks_lead *l)
{
    memset(l, 0, sizeof *l);
    int64_t id = sq_col_int(st, 0);
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
    l->followed_up = sq_col_int(st, 10);
    l->used = sq_col_int(st, 11);
    l->used_success = sq_col_int(st, 12);
    l->stopped = sq_col_int(st, 13);
    l->created = sq_col_int(st, 14);
    l->updated = sq_col_int(st, 15);
    l->doc = sq_col_text(a, st, 16);
    sq_stmt *f =
        sq_prep(db, "SELECT due, state FROM lead_followups WHERE lead_id = ? ORDER BY seq LIMIT 5");
    if (!f)
        return -1;
    sq_bind_int(f, 1, id);
    int r;
    while ((r = sq_step(f)) == SQ_ROW && l->n_followups < KS_LEAD_FOLLOWUPS) {
        l->followups[l->n_followups].due = sq_col_int(f, 0);
        l->followups[l->n_followups].state = (ks_followup_state)sq_col_int(f, 1);
        l->n_followups++;
    }
    sq_finish(f);
    return r == SQ_DONE || r == SQ_ROW ? 0 : -1;
}

/* Reads the items of lead id into l (arena a). */
static void read_item(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_lead_item *it = elem;
    it->code = sq_col_text(a, st, 0);
    it->is_dynamic = it->code == NULL;
    it->name = sq_col_text(a, st, 1);
    it->has_quantity = !sq_col_null(st, 2);
    it->quantity = sq_col_int(st, 2);
    if (!sq_col_null(st, 3) || !sq_col_null(st, 4)) {
        ks_item_price *p = ks_arena_alloc(a, sizeof *p);
        p->has_amount = !sq_col_null(st, 3);
        p->amount = sq_col_int(st, 3);
        p->type = sq_col_text(a, st, 4);
        it->price = p;
    }
}

static int read_items(sq_conn *db, ks_arena *a, int64_t id, ks_lead *l)
{
    return sq_children(db, a,
                       "SELECT code, name, quantity, price, price_type FROM lead_items "
                       "WHERE lead_id = ? ORDER BY seq",
                       id, sizeof *l->items, read_item, (void **)&l->items, &l->n_items);
}

typedef struct {
    int64_t vendor_id;
    const char *code;
    ks_lead *out;
    ks_lead_merge_fn merge;
    void *arg;
} lead_one_arg;

/* The vendor's lead code into *out (follow-ups, and items when items is set); *id its row. */
static int lead_read(sq_tx *tx, const lead_one_arg *x, int items, int64_t *id)
{
    sq_stmt *st;
    int rc = sq_row_by_code(tx, &st,
                            "SELECT " LEAD_COLS " FROM leads WHERE vendor_id = ? AND "
                            "code = ?",
                            x->vendor_id, x->code, KS_E_LEAD_NOT_FOUND, "Lead");
    if (rc)
        return rc;
    *id = sq_col_int(st, 0);
    if (read_lead(tx->db, tx->a, st, x->out) || (items && read_items(tx->db, tx->a, *id, x->out)))
        return SQ_DB;
    return SQ_OK;
}

static int lead_get(sq_tx *tx, void *arg)
{
    int64_t id;
    return lead_read(tx, arg, 1, &id);
}

int sq_lead_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code, ks_lead *out,
                ks_err *err)
{
    lead_one_arg x = {vendor_id, code, out, NULL, NULL};
    return sq_read(base, a, "lead_get", lead_get, &x, err);
}

static int lead_update(sq_tx *tx, void *arg)
{
    lead_one_arg *x = arg;
    int64_t id;
    ks_lead next;
    ks_job_list jobs = {0};
    /* sq_write is serializable (driver.h): nothing can change
     * the lead between what merge sees and what is written */
    int rc = lead_read(tx, x, 0, &id);
    if (rc)
        return rc;
    if (x->merge(&next, &jobs, x->out, x->arg, tx->err))
        return SQ_REFUSED;
    if (write_lead(tx->db, id, &next, tx->err) || sq_jobs_write(tx->db, &jobs))
        return SQ_DB;
    return SQ_OK;
}

int sq_lead_update(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                   ks_lead_merge_fn merge, void *arg, ks_err *err)
{
    ks_lead cur;
    lead_one_arg x = {vendor_id, code, &cur, merge, arg};
    return sq_write(base, a, "lead_update", lead_update, &x, err);
}

/* The WHERE clause of a search, with its values. */
static void where_clause(sq_query *w, int64_t vendor_id, const ks_lead_query *q)
{
    sq_q_int(w, " WHERE vendor_id = ?", vendor_id);
    sq_q_in(w, "code", q->codes, q->n_codes, NULL);
    if (q->email)
        sq_q_text(w, " AND email = ?", q->email);
    if (q->language)
        sq_q_text(w, " AND language = ?", q->language);
    if (q->country)
        sq_q_text(w, " AND country = ?", q->country);
    if (q->generated_from)
        sq_q_text(w, " AND generated_from = ?", q->generated_from);
    if (q->has_start)
        sq_q_int(w, " AND created >= ?", q->start);
    if (q->has_end)
        sq_q_int(w, " AND created <= ?", q->end);
    switch (q->type) {
    case KS_LEAD_TYPE_ANY: break;
    case KS_LEAD_TYPE_NEW: sq_q_sql(w, " AND used = 0"); break;
    case KS_LEAD_TYPE_USED: sq_q_sql(w, " AND used = 1"); break;
    case KS_LEAD_TYPE_USED_SUCCESS: sq_q_sql(w, " AND used_success = 1"); break;
    case KS_LEAD_TYPE_STOPPED: sq_q_sql(w, " AND stopped = 1"); break;
    case KS_LEAD_TYPE_NOT_STOPPED: sq_q_sql(w, " AND stopped = 0"); break;
    }
    if (q->n_product_codes) {
        sq_q_sql(w, " AND id IN (SELECT lead_id FROM lead_items WHERE 1 = 1");
        sq_q_in(w, "code", q->product_codes, q->n_product_codes, NULL);
        sq_q_sql(w, ")");
    }
}

static int read_lead_row(sq_tx *tx, ks_arena *a, sq_stmt *st, void *elem, void *arg)
{
    (void)arg;
    return read_lead(tx->db, a, st, elem) ? SQ_DB : SQ_OK;
}

/* The count of a search that filters on nothing but the Type: a column of lead_counts
 * (migration 11), which triggers keep exact in every change's transaction, where counting a
 * vendor's million leads took 25 ms even through an index. NULL when another filter is set. */
static const char *counts_column(ks_arena *a, int64_t vendor_id, const ks_lead_query *q)
{
    ks_lead_query bare = *q, none;
    sq_query w, v;
    bare.type = KS_LEAD_TYPE_ANY;
    memset(&none, 0, sizeof none);
    sq_q_init(&w, a, NULL);
    sq_q_init(&v, a, NULL);
    where_clause(&w, vendor_id, &bare);
    where_clause(&v, vendor_id, &none);
    if (strcmp(w.sql, v.sql) != 0)
        return NULL;
    switch (q->type) {
    case KS_LEAD_TYPE_ANY: return "total";
    case KS_LEAD_TYPE_NEW: return "total - used";
    case KS_LEAD_TYPE_USED: return "used";
    case KS_LEAD_TYPE_USED_SUCCESS: return "used_success";
    case KS_LEAD_TYPE_STOPPED: return "stopped";
    case KS_LEAD_TYPE_NOT_STOPPED: return "total - stopped";
    }
    return NULL;
}

typedef struct {
    int64_t vendor_id;
    const ks_lead_query *q;
    ks_lead **out;
    size_t *n;
    int64_t *total;
} lead_search_arg;

static int lead_search(sq_tx *tx, void *arg)
{
    lead_search_arg *x = arg;
    sq_query w;
    const char *counted = counts_column(tx->a, x->vendor_id, x->q);
    if (counted) {
        sq_stmt *st =
            sq_prep(tx->db, ks_arena_printf(tx->a, "SELECT %s FROM lead_counts WHERE vendor_id = ?",
                                            counted));
        if (!st)
            return SQ_DB;
        sq_bind_int(st, 1, x->vendor_id);
        int r = sq_step(st);
        if (r != SQ_ROW && r != SQ_DONE)
            return SQ_DB;
        *x->total = r == SQ_ROW ? sq_col_int(st, 0) : 0; /* none: no lead yet */
        sq_finish(st);
    }
    sq_q_init(&w, tx->a, NULL);
    where_clause(&w, x->vendor_id, x->q);
    return sq_page(tx, tx->a, counted ? NULL : "SELECT count(*) FROM leads",
                   "SELECT " LEAD_COLS " FROM leads", &w, "id", x->q->page, x->q->limit,
                   sizeof **x->out, read_lead_row, NULL, (void **)x->out, x->n, x->total);
}

int sq_lead_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_lead_query *q,
                   ks_lead **out, size_t *n, int64_t *total, ks_err *err)
{
    lead_search_arg x = {vendor_id, q, out, n, total};
    return sq_read(base, a, "lead_search", lead_search, &x, err);
}

typedef struct {
    int64_t vendor_id;
    const ks_lead_mark_in *marks;
    size_t n;
    ks_lead_mark_fn apply;
    void *arg;
} lead_mark_arg;

static int lead_mark(sq_tx *tx, void *arg)
{
    lead_mark_arg *x = arg;
    sq_stmt *get, *flags, *fu;
    /* sq_write is serializable (driver.h): what apply sees is what it changes */
    get = sq_prep(tx->db, "SELECT " LEAD_COLS " FROM leads WHERE vendor_id = ? AND code = ?");
    flags = sq_prep(tx->db, "UPDATE leads SET used = ?, used_success = ?, stopped = ?, "
                            "updated = ? WHERE id = ?");
    fu = sq_prep(tx->db, "UPDATE lead_followups SET state = ? WHERE lead_id = ? AND seq = ?");
    if (!get || !flags || !fu)
        return SQ_DB;
    for (size_t i = 0; i < x->n; i++) {
        ks_lead l;
        sq_reset(get);
        sq_bind_int(get, 1, x->vendor_id);
        sq_bind_text(get, 2, x->marks[i].code);
        int r = sq_step(get);
        if (r == SQ_DONE)
            /* API: markLeads — all or nothing: the unknown code is named, nothing is marked */
            return sq_refuse(tx, KS_E_LEAD_NOT_FOUND, "Lead '%.64s' not found; no lead was marked",
                             x->marks[i].code);
        if (r != SQ_ROW)
            return SQ_DB;
        int64_t id = sq_col_int(get, 0);
        if (read_lead(tx->db, tx->a, get, &l))
            return SQ_DB;
        x->apply(&l, &x->marks[i], x->arg);
        sq_reset(flags);
        sq_bind_int(flags, 1, l.used);
        sq_bind_int(flags, 2, l.used_success);
        sq_bind_int(flags, 3, l.stopped);
        sq_bind_int(flags, 4, l.updated);
        sq_bind_int(flags, 5, id);
        if (sq_step(flags) != SQ_DONE)
            return SQ_DB;
        for (size_t k = 0; k < l.n_followups; k++) {
            sq_reset(fu);
            sq_bind_int(fu, 1, (int)l.followups[k].state);
            sq_bind_int(fu, 2, id);
            sq_bind_int(fu, 3, (int64_t)k);
            if (sq_step(fu) != SQ_DONE)
                return SQ_DB;
        }
    }
    return SQ_OK;
}

int sq_lead_mark(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_lead_mark_in *marks,
                 size_t n, ks_lead_mark_fn apply, void *arg, ks_err *err)
{
    lead_mark_arg x = {vendor_id, marks, n, apply, arg};
    return sq_write(base, a, "lead_mark", lead_mark, &x, err);
}

typedef struct {
    int64_t vendor_id;
    const char *code;
    int seq;
    const ks_mail *mail;
    int *sent;
} followup_sent_arg;

static int lead_followup_sent(sq_tx *tx, void *arg)
{
    followup_sent_arg *x = arg;
    int64_t id = 0;
    int found = sq_id_of(tx->db, "leads", x->vendor_id, x->code, &id);
    if (found < 0)
        return SQ_DB;
    if (!found)
        return sq_refuse(tx, KS_E_LEAD_NOT_FOUND, "Lead '%.64s' not found", x->code);
    /* compare and set: only a follow-up still SCHEDULED becomes SENT, so a job that runs again
     * (after a crash) or a markLeads that canceled it meanwhile sends nothing */
    sq_stmt *st = sq_prep(tx->db, "UPDATE lead_followups SET state = ? WHERE lead_id = ? "
                                  "AND seq = ? AND state = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, KS_FOLLOWUP_SENT);
    sq_bind_int(st, 2, id);
    sq_bind_int(st, 3, x->seq);
    sq_bind_int(st, 4, KS_FOLLOWUP_SCHEDULED);
    if (sq_step_done(st))
        return SQ_DB;
    if (sq_changes(tx->db) == 1) {
        if (sq_mail_write(tx->db, x->vendor_id, x->mail))
            return SQ_DB;
        *x->sent = 1;
    }
    return SQ_OK;
}

int sq_lead_followup_sent(ks_store *base, int64_t vendor_id, const char *code, int seq,
                          const ks_mail *mail, int *sent, ks_err *err)
{
    followup_sent_arg x = {vendor_id, code, seq, mail, sent};
    *sent = 0;
    if (sq_write(base, NULL, "lead_followup_sent", lead_followup_sent, &x, err)) {
        *sent = 0;
        return -1;
    }
    return 0;
}
