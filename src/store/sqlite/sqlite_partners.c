/* sqlite_partners.c — the Channel Manager's tables (migration 9): partners, pricing lists and
 * their items, what a session holds once a partner is set (its cart too), proformas and the
 * orders they hold. Partner orders themselves are orders (sqlite_orders.c) with a
 * partner_code. */
#include <stdlib.h>
#include <string.h>

#include "sqlite_int.h"

/* Runs body inside BEGIN IMMEDIATE ... COMMIT on a pooled connection. body returns 0, -1 for
 * a SQLite error (logged here as `what`), or 1 when it has set *err itself (rolled back). */
static int write_tx(sq_store *s, const char *what, int (*body)(sqlite3 *db, void *arg, ks_err *err),
                    void *arg, ks_err *err)
{
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    r = body(db, arg, err);
    if (r < 0)
        sq_db_error(db, what, err);
    if (r != 0) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto done;
    }
    if (sq_exec(db, "COMMIT", err)) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto done;
    }
    rc = 0;
done:
    sq_release(s, db);
    return rc;
}

static int step_done(sqlite3_stmt *st)
{
    int r = st ? sqlite3_step(st) : SQLITE_ERROR;
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? 0 : -1;
}

/* --- partners and pricing lists ---------------------------------------------------------- */

typedef struct {
    int64_t vendor_id;
    ks_partner *p;
} partner_arg;

static int write_list(sqlite3 *db, int64_t vendor_id, int64_t partner_id,
                      const ks_pricing_list *l)
{
    sqlite3_stmt *st = sq_prep(db, "INSERT INTO pricing_lists(vendor_id, code, name) "
                                   "VALUES(?,?,?) ON CONFLICT(vendor_id, code) DO UPDATE SET "
                                   "name = excluded.name RETURNING id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, l->code);
    sq_bind_text(st, 3, l->name ? l->name : l->code);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return -1;
    }
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = sq_prep(db, "DELETE FROM pricing_list_items WHERE list_id = ?");
    if (st)
        sqlite3_bind_int64(st, 1, id);
    if (step_done(st))
        return -1;
    for (size_t k = 0; k < l->n_items; k++) {
        const ks_pricing_list_item *it = &l->items[k];
        st = sq_prep(db, "INSERT INTO pricing_list_items(list_id, seq, product_code, price, "
                         "price_currency, discount) VALUES(?,?,?,?,?,?)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (int64_t)k);
        sq_bind_text(st, 3, it->product_code);
        if (it->has_price) {
            sqlite3_bind_int64(st, 4, it->price.amount);
            sq_bind_text(st, 5, it->price.currency);
        }
        sqlite3_bind_int64(st, 6, it->discount);
        if (step_done(st))
            return -1;
    }
    st = sq_prep(db, "INSERT OR IGNORE INTO partner_pricing_lists(partner_id, list_id) "
                     "VALUES(?,?)");
    if (st) {
        sqlite3_bind_int64(st, 1, partner_id);
        sqlite3_bind_int64(st, 2, id);
    }
    return step_done(st);
}

static int partner_insert_body(sqlite3 *db, void *arg, ks_err *err)
{
    partner_arg *pa = arg;
    ks_partner *p = pa->p;
    sqlite3_stmt *st = sq_prep(db, "INSERT INTO partners(vendor_id, code, company, email, "
                                   "language, currency, country, active, model, credit_limit, "
                                   "created) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pa->vendor_id);
    sq_bind_text(st, 2, p->code);
    sq_bind_text(st, 3, p->company);
    sq_bind_text(st, 4, p->email);
    sq_bind_text(st, 5, p->language);
    sq_bind_text(st, 6, p->currency);
    sq_bind_text(st, 7, p->country);
    sqlite3_bind_int(st, 8, p->active);
    sq_bind_text(st, 9, ks_partner_model_name(p->model));
    sqlite3_bind_int64(st, 10, p->credit_limit);
    sqlite3_bind_int64(st, 11, p->created);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r == SQLITE_CONSTRAINT) {
        ks_err_setf(err, KS_E_PARTNER_CODE_DUPLICATE, "The vendor already has a partner '%.64s'",
                    p->code);
        return 1;
    }
    if (r != SQLITE_DONE)
        return -1;
    p->id = sqlite3_last_insert_rowid(db);
    for (size_t i = 0; i < p->n_lists; i++)
        if (write_list(db, pa->vendor_id, p->id, &p->lists[i]))
            return -1;
    return 0;
}

int sq_partner_insert(ks_store *base, int64_t vendor_id, ks_partner *p, ks_err *err)
{
    partner_arg pa = {vendor_id, p};
    return write_tx((sq_store *)base, "partner_insert", partner_insert_body, &pa, err);
}

#define PARTNER_COLS                                                                               \
    "id, code, company, email, language, currency, country, active, model, credit_limit, created"

static void read_partner(ks_arena *a, sqlite3_stmt *st, ks_partner *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->code = sq_col_text(a, st, 1);
    p->company = sq_col_text(a, st, 2);
    p->email = sq_col_text(a, st, 3);
    p->language = sq_col_text(a, st, 4);
    p->currency = sq_col_text(a, st, 5);
    p->country = sq_col_text(a, st, 6);
    p->active = sqlite3_column_int(st, 7);
    ks_partner_model_parse(&p->model, (const char *)sqlite3_column_text(st, 8));
    p->credit_limit = sqlite3_column_int64(st, 9);
    p->created = sqlite3_column_int64(st, 10);
}

static int read_lists(sqlite3 *db, ks_arena *a, ks_partner *p)
{
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "SELECT l.id, l.code, l.name, (SELECT count(*) FROM "
                                   "pricing_list_items i WHERE i.list_id = l.id) FROM "
                                   "partner_pricing_lists pl JOIN pricing_lists l ON l.id = "
                                   "pl.list_id WHERE pl.partner_id = ? ORDER BY l.code");
    sqlite3_stmt *it = sq_prep(db, "SELECT product_code, price, price_currency, discount FROM "
                                   "pricing_list_items WHERE list_id = ? ORDER BY seq");
    size_t cap = 4;
    if (!st || !it)
        goto done;
    p->lists = ks_arena_alloc(a, cap * sizeof *p->lists);
    sqlite3_bind_int64(st, 1, p->id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (p->n_lists == cap) {
            ks_pricing_list *bigger = ks_arena_alloc(a, 2 * cap * sizeof *bigger);
            memcpy(bigger, p->lists, cap * sizeof *bigger);
            p->lists = bigger;
            cap *= 2;
        }
        ks_pricing_list *l = &p->lists[p->n_lists++];
        memset(l, 0, sizeof *l);
        l->id = sqlite3_column_int64(st, 0);
        l->code = sq_col_text(a, st, 1);
        l->name = sq_col_text(a, st, 2);
        size_t n = (size_t)sqlite3_column_int64(st, 3);
        l->items = ks_arena_alloc(a, (n + 1) * sizeof *l->items);
        sqlite3_reset(it);
        sqlite3_bind_int64(it, 1, l->id);
        while (l->n_items < n && sqlite3_step(it) == SQLITE_ROW) {
            ks_pricing_list_item *x = &l->items[l->n_items++];
            x->product_code = sq_col_text(a, it, 0);
            x->has_price = sqlite3_column_type(it, 1) != SQLITE_NULL;
            x->price.amount = sqlite3_column_int64(it, 1);
            x->price.currency = sq_col_text(a, it, 2);
            x->discount = sqlite3_column_int64(it, 3);
        }
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    sqlite3_finalize(it);
    return rc;
}

int sq_partner_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                          int64_t id, ks_partner *out, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, id ? "SELECT " PARTNER_COLS " FROM partners WHERE vendor_id "
                                        "= ? AND id = ?"
                                      : "SELECT " PARTNER_COLS " FROM partners WHERE vendor_id "
                                        "= ? AND code = ?");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    if (id)
        sqlite3_bind_int64(st, 2, id);
    else
        sq_bind_text(st, 2, code);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_setf(err, KS_E_NOT_FOUND_PARTNER, "Partner '%.64s' not found", code ? code : "");
        goto done;
    }
    if (r != SQLITE_ROW)
        goto fail;
    read_partner(a, st, out);
    if (read_lists(db, a, out))
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "partner_get", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_partner_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_partner **out,
                           size_t *n, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    size_t cap = 8;
    *n = 0;
    *out = ks_arena_alloc(a, cap * sizeof **out);
    sqlite3_stmt *st = sq_prep(db, "SELECT " PARTNER_COLS " FROM partners WHERE vendor_id = ? "
                                   "ORDER BY code");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            ks_partner *bigger = ks_arena_alloc(a, 2 * cap * sizeof *bigger);
            memcpy(bigger, *out, cap * sizeof *bigger);
            *out = bigger;
            cap *= 2;
        }
        read_partner(a, st, &(*out)[(*n)++]);
    }
    if (r != SQLITE_DONE)
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "partner_list", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

/* --- the partner session and its cart ---------------------------------------------------- */

int sq_partner_session_get(ks_store *base, ks_arena *a, const char *sid,
                                  int64_t vendor_id, ks_partner_session *out, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = sq_prep(db, "SELECT partner_id, external_ref, proforma, has_payment, "
                                   "pay_approved, pay_type, pay_card_type, pay_last4, "
                                   "pay_error, pay_test, (SELECT count(*) FROM partner_cart c "
                                   "WHERE c.session_id = p.session_id) FROM partner_sessions p "
                                   "WHERE session_id = ? AND vendor_id = ?");
    if (!st)
        goto fail;
    sq_bind_text(st, 1, sid);
    sqlite3_bind_int64(st, 2, vendor_id);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        rc = 0;
        goto done;
    }
    if (r != SQLITE_ROW)
        goto fail;
    out->partner_id = sqlite3_column_int64(st, 0);
    out->external_ref = sq_col_text(a, st, 1);
    out->proforma = sq_col_text(a, st, 2);
    out->has_payment = sqlite3_column_int(st, 3);
    out->pay_approved = sqlite3_column_int(st, 4);
    out->pay_type = sq_col_text(a, st, 5);
    out->pay_card_type = sq_col_text(a, st, 6);
    out->pay_last4 = sq_col_text(a, st, 7);
    out->pay_error = sq_col_text(a, st, 8);
    out->pay_test = sqlite3_column_int(st, 9);
    size_t n = (size_t)sqlite3_column_int64(st, 10);
    sqlite3_finalize(st);
    out->cart = ks_arena_alloc(a, (n + 1) * sizeof *out->cart);
    st = sq_prep(db, "SELECT product_code, quantity, options, list_code FROM partner_cart "
                     "WHERE session_id = ? ORDER BY seq");
    if (!st)
        goto fail;
    sq_bind_text(st, 1, sid);
    while (out->n_cart < n && (r = sqlite3_step(st)) == SQLITE_ROW) {
        ks_partner_cart_line *l = &out->cart[out->n_cart++];
        l->product_code = sq_col_text(a, st, 0);
        l->quantity = sqlite3_column_int64(st, 1);
        l->options = sq_col_text(a, st, 2);
        l->list_code = sq_col_text(a, st, 3);
    }
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "partner_session_get", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

typedef struct {
    const char *sid;
    int64_t vendor_id, partner_id;
    const ks_partner_session *ps;
    int clear_cart;
    const ks_partner_cart_line *add;
} session_arg;

static int clear_cart(sqlite3 *db, const char *sid)
{
    sqlite3_stmt *st = sq_prep(db, "DELETE FROM partner_cart WHERE session_id = ?");
    if (st)
        sq_bind_text(st, 1, sid);
    return step_done(st);
}

static int session_set_body(sqlite3 *db, void *arg, ks_err *err)
{
    session_arg *sa = arg;
    (void)err;
    sqlite3_stmt *st = sq_prep(db, "INSERT OR REPLACE INTO partner_sessions(session_id, "
                                   "vendor_id, partner_id) VALUES(?,?,?)");
    if (!st)
        return -1;
    sq_bind_text(st, 1, sa->sid);
    sqlite3_bind_int64(st, 2, sa->vendor_id);
    sqlite3_bind_int64(st, 3, sa->partner_id);
    if (step_done(st) || clear_cart(db, sa->sid))
        return -1;
    /* the state of sessions gone from the sessions table is garbage */
    st = sq_prep(db, "DELETE FROM partner_sessions WHERE session_id NOT IN (SELECT id FROM "
                     "sessions)");
    if (step_done(st))
        return -1;
    st = sq_prep(db, "DELETE FROM partner_cart WHERE session_id NOT IN (SELECT session_id "
                     "FROM partner_sessions)");
    return step_done(st);
}

int sq_partner_session_set(ks_store *base, const char *sid, int64_t vendor_id,
                                  int64_t partner_id, ks_err *err)
{
    session_arg sa = {sid, vendor_id, partner_id, NULL, 0, NULL};
    return write_tx((sq_store *)base, "partner_session_set", session_set_body, &sa, err);
}

static int session_save_body(sqlite3 *db, void *arg, ks_err *err)
{
    session_arg *sa = arg;
    const ks_partner_session *ps = sa->ps;
    (void)err;
    sqlite3_stmt *st = sq_prep(db, "UPDATE partner_sessions SET external_ref = ?, proforma = ?, "
                                   "has_payment = ?, pay_approved = ?, pay_type = ?, "
                                   "pay_card_type = ?, pay_last4 = ?, pay_error = ?, pay_test = ? "
                                   "WHERE session_id = ?");
    if (!st)
        return -1;
    sq_bind_text(st, 1, ps->external_ref);
    sq_bind_text(st, 2, ps->proforma);
    sqlite3_bind_int(st, 3, ps->has_payment);
    sqlite3_bind_int(st, 4, ps->pay_approved);
    sq_bind_text(st, 5, ps->pay_type);
    sq_bind_text(st, 6, ps->pay_card_type);
    sq_bind_text(st, 7, ps->pay_last4);
    sq_bind_text(st, 8, ps->pay_error);
    sqlite3_bind_int(st, 9, ps->pay_test);
    sq_bind_text(st, 10, sa->sid);
    if (step_done(st) || (sa->clear_cart && clear_cart(db, sa->sid)))
        return -1;
    if (!sa->add)
        return 0;
    st = sq_prep(db, "INSERT INTO partner_cart(session_id, seq, product_code, quantity, options, "
                     "list_code) VALUES(?1, (SELECT coalesce(max(seq), -1) + 1 FROM partner_cart "
                     "WHERE session_id = ?1),?2,?3,?4,?5)");
    if (!st)
        return -1;
    sq_bind_text(st, 1, sa->sid);
    sq_bind_text(st, 2, sa->add->product_code);
    sqlite3_bind_int64(st, 3, sa->add->quantity);
    sq_bind_text(st, 4, sa->add->options);
    sq_bind_text(st, 5, sa->add->list_code);
    return step_done(st);
}

int sq_partner_session_save(ks_store *base, const char *sid, const ks_partner_session *ps,
                                   int clear, const ks_partner_cart_line *add, ks_err *err)
{
    session_arg sa = {sid, 0, 0, ps, clear, add};
    return write_tx((sq_store *)base, "partner_session_save", session_save_body, &sa, err);
}

/* --- partner orders and proformas -------------------------------------------------------- */

int sq_partner_orders(ks_store *base, ks_arena *a, int64_t vendor_id,
                             const char *partner_code, const char *ext, const char ***out,
                             size_t *n, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    size_t cap = 16;
    *n = 0;
    *out = ks_arena_alloc(a, cap * sizeof **out);
    sqlite3_stmt *st = sq_prep(db, "SELECT ref_no FROM orders WHERE vendor_id = ? AND "
                                   "partner_code = ? AND (?3 IS NULL OR external_ref = ?3) "
                                   "ORDER BY created DESC, id DESC");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, partner_code);
    sq_bind_text(st, 3, ext);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            const char **bigger = ks_arena_alloc(a, 2 * cap * sizeof *bigger);
            memcpy(bigger, *out, cap * sizeof *bigger);
            *out = bigger;
            cap *= 2;
        }
        (*out)[(*n)++] = sq_col_text(a, st, 0);
    }
    if (r != SQLITE_DONE)
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "partner_orders", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

static const char *const proforma_status_col[] = {"UNPAID", "PAID", "CANCELED"};

typedef struct {
    int64_t vendor_id;
    ks_proforma *p;
} proforma_arg;

static int proforma_insert_body(sqlite3 *db, void *arg, ks_err *err)
{
    proforma_arg *pa = arg;
    ks_proforma *p = pa->p;
    sqlite3_stmt *st = sq_prep(db, "INSERT INTO proformas(vendor_id, partner_id, number, "
                                   "currency, total, status, created, due) VALUES(?,?,?,?,?,?,?,?)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pa->vendor_id);
    sqlite3_bind_int64(st, 2, p->partner_id);
    sq_bind_text(st, 3, p->number);
    sq_bind_text(st, 4, p->currency);
    sqlite3_bind_int64(st, 5, p->total);
    sq_bind_text(st, 6, proforma_status_col[p->status]);
    sqlite3_bind_int64(st, 7, p->created);
    sqlite3_bind_int64(st, 8, p->due);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r == SQLITE_CONSTRAINT) {
        ks_err_setf(err, KS_E_ORDER_REFERENCE_TAKEN, "Proforma number %s exists", p->number);
        return 1;
    }
    if (r != SQLITE_DONE)
        return -1;
    p->id = sqlite3_last_insert_rowid(db);
    for (size_t k = 0; k < p->n_orders; k++) {
        st = sq_prep(db, "INSERT INTO proforma_orders(vendor_id, ref_no, proforma_id, seq) "
                         "VALUES(?,?,?,?)");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, pa->vendor_id);
        sq_bind_text(st, 2, p->orders[k]);
        sqlite3_bind_int64(st, 3, p->id);
        sqlite3_bind_int64(st, 4, (int64_t)k);
        r = sqlite3_step(st);
        sqlite3_finalize(st);
        if (r == SQLITE_CONSTRAINT) {
            ks_err_setf(err, KS_E_INVALID_PROFORMA, "Order %s is in a partner invoice already",
                        p->orders[k]);
            return 1;
        }
        if (r != SQLITE_DONE)
            return -1;
    }
    return 0;
}

int sq_proforma_insert(ks_store *base, int64_t vendor_id, ks_proforma *p, ks_err *err)
{
    proforma_arg pa = {vendor_id, p};
    return write_tx((sq_store *)base, "proforma_insert", proforma_insert_body, &pa, err);
}

int sq_proforma_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *number,
                           ks_proforma *out, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = sq_prep(db, "SELECT id, number, partner_id, currency, total, status, "
                                   "created, due, paid, payment_method, (SELECT count(*) FROM "
                                   "proforma_orders o WHERE o.proforma_id = p.id) FROM "
                                   "proformas p WHERE vendor_id = ? AND number = ?");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, number);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_set(err, KS_E_INVALID_PROFORMA_NUMBER);
        goto done;
    }
    if (r != SQLITE_ROW)
        goto fail;
    out->id = sqlite3_column_int64(st, 0);
    out->number = sq_col_text(a, st, 1);
    out->partner_id = sqlite3_column_int64(st, 2);
    out->currency = sq_col_text(a, st, 3);
    out->total = sqlite3_column_int64(st, 4);
    const char *status = (const char *)sqlite3_column_text(st, 5);
    for (int k = 0; k < 3; k++)
        if (status && strcmp(status, proforma_status_col[k]) == 0)
            out->status = (ks_proforma_status)k;
    out->created = sqlite3_column_int64(st, 6);
    out->due = sqlite3_column_int64(st, 7);
    out->paid = sqlite3_column_int64(st, 8);
    out->payment_method = sq_col_text(a, st, 9);
    size_t n = (size_t)sqlite3_column_int64(st, 10);
    sqlite3_finalize(st);
    out->orders = ks_arena_alloc(a, (n + 1) * sizeof *out->orders);
    st = sq_prep(db, "SELECT ref_no FROM proforma_orders WHERE proforma_id = ? ORDER BY seq");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, out->id);
    while (out->n_orders < n && sqlite3_step(st) == SQLITE_ROW)
        out->orders[out->n_orders++] = sq_col_text(a, st, 0);
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "proforma_get", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_proforma_of_order(ks_store *base, ks_arena *a, int64_t vendor_id,
                                const char *ref_no, const char **number, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    *number = NULL;
    sqlite3_stmt *st = sq_prep(db, "SELECT p.number FROM proforma_orders o JOIN proformas p ON "
                                   "p.id = o.proforma_id WHERE o.vendor_id = ? AND o.ref_no = ?");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, ref_no);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *number = sq_col_text(a, st, 0);
    else if (r != SQLITE_DONE)
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "proforma_of_order", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

typedef struct {
    int64_t vendor_id;
    const char *number, *method;
    ks_time at;
    int *changed;
} paid_arg;

static int proforma_paid_body(sqlite3 *db, void *arg, ks_err *err)
{
    paid_arg *pa = arg;
    (void)err;
    sqlite3_stmt *st = sq_prep(db, "UPDATE proformas SET status = 'PAID', paid = ?, "
                                   "payment_method = ? WHERE vendor_id = ? AND number = ? AND "
                                   "status = 'UNPAID'");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pa->at);
    sq_bind_text(st, 2, pa->method);
    sqlite3_bind_int64(st, 3, pa->vendor_id);
    sq_bind_text(st, 4, pa->number);
    if (step_done(st))
        return -1;
    *pa->changed = sqlite3_changes(db) > 0;
    return 0;
}

int sq_proforma_paid(ks_store *base, int64_t vendor_id, const char *number, ks_time at,
                            const char *method, int *changed, ks_err *err)
{
    paid_arg pa = {vendor_id, number, method, at, changed};
    *changed = 0;
    return write_tx((sq_store *)base, "proforma_paid", proforma_paid_body, &pa, err);
}
