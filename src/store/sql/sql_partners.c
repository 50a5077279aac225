/* sql_partners.c — the Channel Manager's tables (migration 13): partners, pricing lists and
 * their items, what a session holds once a partner is set (its cart too), proformas and the
 * orders they hold. Partner orders themselves are orders (sql_orders.c) with a
 * partner_code. Every function is one sq_read or sq_write around a body (docs/store.md). */
#include <string.h>

#include "sql_int.h"

/* --- partners and pricing lists ---------------------------------------------------------- */

typedef struct {
    int64_t vendor_id;
    ks_partner *p;
} partner_arg;

static int write_list(sq_conn *db, int64_t vendor_id, int64_t partner_id, const ks_pricing_list *l)
{
    sq_stmt *st = sq_prep(db, "INSERT INTO pricing_lists(vendor_id, code, name) "
                              "VALUES(?,?,?) ON CONFLICT(vendor_id, code) DO UPDATE SET "
                              "name = excluded.name RETURNING id");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, vendor_id);
    sq_bind_text(st, 2, l->code);
    sq_bind_text(st, 3, l->name ? l->name : l->code);
    if (sq_step(st) != SQ_ROW)
        return SQ_DB;
    int64_t id = sq_col_int(st, 0);
    if (!(st = sq_prep(db, "DELETE FROM pricing_list_items WHERE list_id = ?")))
        return SQ_DB;
    sq_bind_int(st, 1, id);
    if (sq_step_done(st))
        return SQ_DB;
    for (size_t k = 0; k < l->n_items; k++) {
        const ks_pricing_list_item *it = &l->items[k];
        st = sq_prep(db, "INSERT INTO pricing_list_items(list_id, seq, product_code, price, "
                         "price_currency, discount) VALUES(?,?,?,?,?,?)");
        if (!st)
            return SQ_DB;
        sq_bind_int(st, 1, id);
        sq_bind_int(st, 2, (int64_t)k);
        sq_bind_text(st, 3, it->product_code);
        if (it->has_price) {
            sq_bind_int(st, 4, it->price.amount);
            sq_bind_text(st, 5, it->price.currency);
        }
        sq_bind_int(st, 6, it->discount);
        if (sq_step_done(st))
            return SQ_DB;
    }
    st = sq_prep(db, "INSERT INTO partner_pricing_lists(partner_id, list_id) VALUES(?,?) "
                     "ON CONFLICT DO NOTHING");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, partner_id);
    sq_bind_int(st, 2, id);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

static int partner_insert(sq_tx *tx, void *arg)
{
    partner_arg *pa = arg;
    ks_partner *p = pa->p;
    sq_stmt *st = sq_prep(tx->db, "INSERT INTO partners(vendor_id, code, company, email, "
                                  "language, currency, country, active, model, "
                                  "credit_limit, created) VALUES(?,?,?,?,?,?,?,?,?,?,?) "
                                  "RETURNING id");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, pa->vendor_id);
    sq_bind_text(st, 2, p->code);
    sq_bind_text(st, 3, p->company);
    sq_bind_text(st, 4, p->email);
    sq_bind_text(st, 5, p->language);
    sq_bind_text(st, 6, p->currency);
    sq_bind_text(st, 7, p->country);
    sq_bind_int(st, 8, p->active);
    sq_bind_text(st, 9, ks_partner_model_name(p->model));
    sq_bind_int(st, 10, p->credit_limit);
    sq_bind_int(st, 11, p->created);
    int r = sq_step_id(st, &p->id);
    if (r == SQ_CONSTRAINT)
        return sq_refuse(tx, KS_E_PARTNER_CODE_DUPLICATE,
                         "The vendor already has a partner '%.64s'", p->code);
    if (r != SQ_ROW)
        return SQ_DB;
    sq_finish(st);
    for (size_t i = 0; i < p->n_lists; i++)
        if (write_list(tx->db, pa->vendor_id, p->id, &p->lists[i]))
            return SQ_DB;
    return SQ_OK;
}

int sq_partner_insert(ks_store *base, int64_t vendor_id, ks_partner *p, ks_err *err)
{
    partner_arg pa = {vendor_id, p};
    return sq_write(base, NULL, "partner_insert", partner_insert, &pa, err);
}

#define PARTNER_COLS                                                                               \
    "id, code, company, email, language, currency, country, active, model, credit_limit, created"

static void read_partner(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_partner *p = elem;
    p->id = sq_col_int(st, 0);
    p->code = sq_col_text(a, st, 1);
    p->company = sq_col_text(a, st, 2);
    p->email = sq_col_text(a, st, 3);
    p->language = sq_col_text(a, st, 4);
    p->currency = sq_col_text(a, st, 5);
    p->country = sq_col_text(a, st, 6);
    p->active = sq_col_int(st, 7);
    ks_partner_model_parse(&p->model, sq_col_str(st, 8));
    p->credit_limit = sq_col_int(st, 9);
    p->created = sq_col_int(st, 10);
}

static void read_list_item(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_pricing_list_item *x = elem;
    x->product_code = sq_col_text(a, st, 0);
    x->has_price = !sq_col_null(st, 1);
    x->price.amount = sq_col_int(st, 1);
    x->price.currency = sq_col_text(a, st, 2);
    x->discount = sq_col_int(st, 3);
}

static void read_list(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_pricing_list *l = elem;
    l->id = sq_col_int(st, 0);
    l->code = sq_col_text(a, st, 1);
    l->name = sq_col_text(a, st, 2);
}

/* The partner's pricing lists, each with its products. */
static int read_lists(sq_conn *db, ks_arena *a, ks_partner *p)
{
    if (sq_children(db, a,
                    "SELECT l.id, l.code, l.name FROM partner_pricing_lists pl JOIN "
                    "pricing_lists l ON l.id = pl.list_id WHERE pl.partner_id = ?1 "
                    "ORDER BY l.code",
                    p->id, sizeof *p->lists, read_list, (void **)&p->lists, &p->n_lists))
        return SQ_DB;
    for (size_t i = 0; i < p->n_lists; i++) {
        ks_pricing_list *l = &p->lists[i];
        if (sq_children(db, a,
                        "SELECT product_code, price, price_currency, discount FROM "
                        "pricing_list_items WHERE list_id = ?1 ORDER BY seq",
                        l->id, sizeof *l->items, read_list_item, (void **)&l->items, &l->n_items))
            return SQ_DB;
    }
    return SQ_OK;
}

typedef struct {
    int64_t vendor_id, id;
    const char *code;
    ks_partner *out;
    size_t *n;
    ks_partner **list;
} partner_get_arg;

static int partner_get(sq_tx *tx, void *arg)
{
    partner_get_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, x->id ? "SELECT " PARTNER_COLS " FROM partners WHERE "
                                          "vendor_id = ? AND id = ?"
                                        : "SELECT " PARTNER_COLS " FROM partners WHERE "
                                          "vendor_id = ? AND code = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    if (x->id)
        sq_bind_int(st, 2, x->id);
    else
        sq_bind_text(st, 2, x->code);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_NOT_FOUND_PARTNER, "Partner '%.64s' not found",
                         x->code ? x->code : "");
    if (r != SQ_ROW)
        return SQ_DB;
    memset(x->out, 0, sizeof *x->out);
    read_partner(tx->a, st, x->out);
    return read_lists(tx->db, tx->a, x->out);
}

int sq_partner_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code, int64_t id,
                   ks_partner *out, ks_err *err)
{
    partner_get_arg x = {vendor_id, id, code, out, NULL, NULL};
    return sq_read(base, a, "partner_get", partner_get, &x, err);
}

static int partner_list(sq_tx *tx, void *arg)
{
    partner_get_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "SELECT " PARTNER_COLS " FROM partners WHERE "
                                  "vendor_id = ? ORDER BY code");
    if (st)
        sq_bind_int(st, 1, x->vendor_id);
    return sq_rows(tx->a, st, sizeof **x->list, read_partner, (void **)x->list, x->n);
}

int sq_partner_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_partner **out, size_t *n,
                    ks_err *err)
{
    partner_get_arg x = {vendor_id, 0, NULL, NULL, n, out};
    return sq_read(base, a, "partner_list", partner_list, &x, err);
}

/* --- the partner session and its cart ---------------------------------------------------- */

typedef struct {
    const char *sid;
    int64_t vendor_id, partner_id;
    const ks_partner_session *ps;
    ks_partner_session *out;
    int clear_cart;
    const ks_partner_cart_line *add;
} session_arg;

static void read_cart_line(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_partner_cart_line *l = elem;
    l->product_code = sq_col_text(a, st, 0);
    l->quantity = sq_col_int(st, 1);
    l->options = sq_col_text(a, st, 2);
    l->list_code = sq_col_text(a, st, 3);
}

static int session_get(sq_tx *tx, void *arg)
{
    session_arg *x = arg;
    ks_partner_session *out = x->out;
    memset(out, 0, sizeof *out);
    sq_stmt *st = sq_prep(tx->db, "SELECT partner_id, external_ref, proforma, has_payment, "
                                  "pay_approved, pay_type, pay_card_type, pay_last4, "
                                  "pay_error, pay_test FROM partner_sessions WHERE "
                                  "session_id = ? AND vendor_id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->sid);
    sq_bind_int(st, 2, x->vendor_id);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return SQ_OK;
    if (r != SQ_ROW)
        return SQ_DB;
    out->partner_id = sq_col_int(st, 0);
    out->external_ref = sq_col_text(tx->a, st, 1);
    out->proforma = sq_col_text(tx->a, st, 2);
    out->has_payment = sq_col_int(st, 3);
    out->pay_approved = sq_col_int(st, 4);
    out->pay_type = sq_col_text(tx->a, st, 5);
    out->pay_card_type = sq_col_text(tx->a, st, 6);
    out->pay_last4 = sq_col_text(tx->a, st, 7);
    out->pay_error = sq_col_text(tx->a, st, 8);
    out->pay_test = sq_col_int(st, 9);
    st = sq_prep(tx->db, "SELECT product_code, quantity, options, list_code FROM partner_cart "
                         "WHERE session_id = ? ORDER BY seq");
    if (st)
        sq_bind_text(st, 1, x->sid);
    return sq_rows(tx->a, st, sizeof *out->cart, read_cart_line, (void **)&out->cart, &out->n_cart);
}

int sq_partner_session_get(ks_store *base, ks_arena *a, const char *sid, int64_t vendor_id,
                           ks_partner_session *out, ks_err *err)
{
    session_arg x = {.sid = sid, .vendor_id = vendor_id, .out = out};
    return sq_read(base, a, "partner_session_get", session_get, &x, err);
}

static int run(sq_conn *db, const char *sql, const char *sid)
{
    sq_stmt *st = sq_prep(db, sql);
    if (!st)
        return SQ_DB;
    if (sid)
        sq_bind_text(st, 1, sid);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

static int session_set(sq_tx *tx, void *arg)
{
    session_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "INSERT INTO partner_sessions(session_id, vendor_id, "
                                  "partner_id) VALUES(?,?,?) ON CONFLICT(session_id) DO UPDATE "
                                  "SET vendor_id = excluded.vendor_id, partner_id = "
                                  "excluded.partner_id, external_ref = NULL, proforma = NULL, "
                                  "has_payment = 0, pay_approved = 0, pay_type = NULL, "
                                  "pay_card_type = NULL, pay_last4 = NULL, pay_error = NULL, "
                                  "pay_test = 0");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->sid);
    sq_bind_int(st, 2, x->vendor_id);
    sq_bind_int(st, 3, x->partner_id);
    if (sq_step_done(st) || run(tx->db, "DELETE FROM partner_cart WHERE session_id = ?", x->sid) ||
        /* the state of sessions gone from the sessions table is garbage */
        run(tx->db,
            "DELETE FROM partner_sessions WHERE session_id NOT IN (SELECT id FROM "
            "sessions)",
            NULL) ||
        run(tx->db,
            "DELETE FROM partner_cart WHERE session_id NOT IN (SELECT session_id FROM "
            "partner_sessions)",
            NULL))
        return SQ_DB;
    return SQ_OK;
}

int sq_partner_session_set(ks_store *base, const char *sid, int64_t vendor_id, int64_t partner_id,
                           ks_err *err)
{
    session_arg x = {.sid = sid, .vendor_id = vendor_id, .partner_id = partner_id};
    return sq_write(base, NULL, "partner_session_set", session_set, &x, err);
}

static int session_save(sq_tx *tx, void *arg)
{
    session_arg *x = arg;
    const ks_partner_session *ps = x->ps;
    sq_stmt *st = sq_prep(tx->db, "UPDATE partner_sessions SET external_ref = ?, "
                                  "proforma = ?, has_payment = ?, pay_approved = ?, "
                                  "pay_type = ?, pay_card_type = ?, pay_last4 = ?, "
                                  "pay_error = ?, pay_test = ? WHERE session_id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, ps->external_ref);
    sq_bind_text(st, 2, ps->proforma);
    sq_bind_int(st, 3, ps->has_payment);
    sq_bind_int(st, 4, ps->pay_approved);
    sq_bind_text(st, 5, ps->pay_type);
    sq_bind_text(st, 6, ps->pay_card_type);
    sq_bind_text(st, 7, ps->pay_last4);
    sq_bind_text(st, 8, ps->pay_error);
    sq_bind_int(st, 9, ps->pay_test);
    sq_bind_text(st, 10, x->sid);
    if (sq_step_done(st) ||
        (x->clear_cart && run(tx->db, "DELETE FROM partner_cart WHERE session_id = ?", x->sid)))
        return SQ_DB;
    if (!x->add)
        return SQ_OK;
    st = sq_prep(tx->db, "INSERT INTO partner_cart(session_id, seq, product_code, quantity, "
                         "options, list_code) VALUES(?1, (SELECT coalesce(max(seq), -1) + 1 "
                         "FROM partner_cart WHERE session_id = ?1),?2,?3,?4,?5)");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->sid);
    sq_bind_text(st, 2, x->add->product_code);
    sq_bind_int(st, 3, x->add->quantity);
    sq_bind_text(st, 4, x->add->options);
    sq_bind_text(st, 5, x->add->list_code);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_partner_session_save(ks_store *base, const char *sid, const ks_partner_session *ps,
                            int clear, const ks_partner_cart_line *add, ks_err *err)
{
    session_arg x = {.sid = sid, .ps = ps, .clear_cart = clear, .add = add};
    return sq_write(base, NULL, "partner_session_save", session_save, &x, err);
}

/* --- partner orders and proformas -------------------------------------------------------- */

typedef struct {
    int64_t vendor_id;
    const char *partner_code, *ext;
    const char ***out;
    size_t *n;
} orders_arg;

static void read_text(ks_arena *a, sq_stmt *st, void *elem)
{
    *(const char **)elem = sq_col_text(a, st, 0);
}

static int partner_orders(sq_tx *tx, void *arg)
{
    orders_arg *x = arg;
    sq_stmt *st =
        sq_prep(tx->db, "SELECT ref_no FROM orders WHERE vendor_id = ? AND "
                        "partner_code = ? AND (CAST(?3 AS TEXT) IS NULL OR external_ref = ?3) "
                        "ORDER BY created DESC, id DESC");
    if (st) {
        sq_bind_int(st, 1, x->vendor_id);
        sq_bind_text(st, 2, x->partner_code);
        sq_bind_text(st, 3, x->ext);
    }
    return sq_rows(tx->a, st, sizeof **x->out, read_text, (void **)x->out, x->n);
}

int sq_partner_orders(ks_store *base, ks_arena *a, int64_t vendor_id, const char *partner_code,
                      const char *ext, const char ***out, size_t *n, ks_err *err)
{
    orders_arg x = {vendor_id, partner_code, ext, out, n};
    return sq_read(base, a, "partner_orders", partner_orders, &x, err);
}

static const char *const proforma_status_col[] = {"UNPAID", "PAID", "CANCELED"};

typedef struct {
    int64_t vendor_id;
    ks_proforma *p;
    const char *number, *ref_no, *method;
    const char **found;
    ks_time at;
    int *changed;
} proforma_arg;

static int proforma_insert(sq_tx *tx, void *arg)
{
    proforma_arg *x = arg;
    ks_proforma *p = x->p;
    sq_stmt *st = sq_prep(tx->db, "INSERT INTO proformas(vendor_id, partner_id, number, "
                                  "currency, total, status, created, due) "
                                  "VALUES(?,?,?,?,?,?,?,?) RETURNING id");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_int(st, 2, p->partner_id);
    sq_bind_text(st, 3, p->number);
    sq_bind_text(st, 4, p->currency);
    sq_bind_int(st, 5, p->total);
    sq_bind_text(st, 6, proforma_status_col[p->status]);
    sq_bind_int(st, 7, p->created);
    sq_bind_int(st, 8, p->due);
    int r = sq_step_id(st, &p->id);
    if (r == SQ_CONSTRAINT)
        return sq_refuse(tx, KS_E_ORDER_REFERENCE_TAKEN, "Proforma number %s exists", p->number);
    if (r != SQ_ROW)
        return SQ_DB;
    sq_finish(st);
    for (size_t k = 0; k < p->n_orders; k++) {
        st = sq_prep(tx->db, "INSERT INTO proforma_orders(vendor_id, ref_no, proforma_id, seq) "
                             "VALUES(?,?,?,?)");
        if (!st)
            return SQ_DB;
        sq_bind_int(st, 1, x->vendor_id);
        sq_bind_text(st, 2, p->orders[k]);
        sq_bind_int(st, 3, p->id);
        sq_bind_int(st, 4, (int64_t)k);
        r = sq_step_done(st);
        if (r == 1)
            return sq_refuse(tx, KS_E_INVALID_PROFORMA, "Order %s is in a partner invoice already",
                             p->orders[k]);
        if (r)
            return SQ_DB;
    }
    return SQ_OK;
}

int sq_proforma_insert(ks_store *base, int64_t vendor_id, ks_proforma *p, ks_err *err)
{
    proforma_arg x = {.vendor_id = vendor_id, .p = p};
    return sq_write(base, NULL, "proforma_insert", proforma_insert, &x, err);
}

#define PROFORMA_COLS                                                                              \
    "id, number, partner_id, currency, total, status, created, due, paid, payment_method"

static void read_proforma(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_proforma *out = elem;
    memset(out, 0, sizeof *out);
    out->id = sq_col_int(st, 0);
    out->number = sq_col_text(a, st, 1);
    out->partner_id = sq_col_int(st, 2);
    out->currency = sq_col_text(a, st, 3);
    out->total = sq_col_int(st, 4);
    const char *status = sq_col_str(st, 5);
    for (int k = 0; k < 3; k++)
        if (status && strcmp(status, proforma_status_col[k]) == 0)
            out->status = (ks_proforma_status)k;
    out->created = sq_col_int(st, 6);
    out->due = sq_col_int(st, 7);
    out->paid = sq_col_int(st, 8);
    out->payment_method = sq_col_text(a, st, 9);
}

static int proforma_get(sq_tx *tx, void *arg)
{
    proforma_arg *x = arg;
    ks_proforma *out = x->p;
    memset(out, 0, sizeof *out);
    sq_stmt *st = sq_prep(tx->db, "SELECT " PROFORMA_COLS " FROM proformas WHERE "
                                  "vendor_id = ? AND number = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_text(st, 2, x->number);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_INVALID_PROFORMA_NUMBER, NULL);
    if (r != SQ_ROW)
        return SQ_DB;
    read_proforma(tx->a, st, out);
    return sq_children(tx->db, tx->a,
                       "SELECT ref_no FROM proforma_orders WHERE proforma_id = "
                       "?1 ORDER BY seq",
                       out->id, sizeof *out->orders, read_text, (void **)&out->orders,
                       &out->n_orders);
}

int sq_proforma_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *number,
                    ks_proforma *out, ks_err *err)
{
    proforma_arg x = {.vendor_id = vendor_id, .p = out, .number = number};
    return sq_read(base, a, "proforma_get", proforma_get, &x, err);
}

static int proforma_of_order(sq_tx *tx, void *arg)
{
    proforma_arg *x = arg;
    *x->found = NULL;
    sq_stmt *st = sq_prep(tx->db, "SELECT p.number FROM proforma_orders o JOIN proformas p "
                                  "ON p.id = o.proforma_id WHERE o.vendor_id = ? AND "
                                  "o.ref_no = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_text(st, 2, x->ref_no);
    int r = sq_step(st);
    if (r == SQ_ROW)
        *x->found = sq_col_text(tx->a, st, 0);
    return r == SQ_ROW || r == SQ_DONE ? SQ_OK : SQ_DB;
}

int sq_proforma_of_order(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                         const char **number, ks_err *err)
{
    proforma_arg x = {.vendor_id = vendor_id, .ref_no = ref_no, .found = number};
    return sq_read(base, a, "proforma_of_order", proforma_of_order, &x, err);
}

static int proforma_paid(sq_tx *tx, void *arg)
{
    proforma_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "UPDATE proformas SET status = 'PAID', paid = ?, "
                                  "payment_method = ? WHERE vendor_id = ? AND number = ? "
                                  "AND status = 'UNPAID'");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->at);
    sq_bind_text(st, 2, x->method);
    sq_bind_int(st, 3, x->vendor_id);
    sq_bind_text(st, 4, x->number);
    if (sq_step_done(st))
        return SQ_DB;
    *x->changed = sq_changes(tx->db) > 0;
    return SQ_OK;
}

int sq_proforma_paid(ks_store *base, int64_t vendor_id, const char *number, ks_time at,
                     const char *method, int *changed, ks_err *err)
{
    proforma_arg x = {
        .vendor_id = vendor_id, .number = number, .method = method, .at = at, .changed = changed};
    *changed = 0;
    return sq_write(base, NULL, "proforma_paid", proforma_paid, &x, err);
}

typedef struct {
    int64_t vendor_id, partner_id;
    ks_proforma **out;
    size_t *n;
} proformas_arg;

static int proforma_list(sq_tx *tx, void *arg)
{
    proformas_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "SELECT " PROFORMA_COLS " FROM proformas WHERE "
                                  "vendor_id = ? AND partner_id = ? "
                                  "ORDER BY created DESC, id DESC");
    if (st) {
        sq_bind_int(st, 1, x->vendor_id);
        sq_bind_int(st, 2, x->partner_id);
    }
    return sq_rows(tx->a, st, sizeof **x->out, read_proforma, (void **)x->out, x->n);
}

int sq_proforma_list(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t partner_id,
                     ks_proforma **out, size_t *n, ks_err *err)
{
    proformas_arg x = {vendor_id, partner_id, out, n};
    return sq_read(base, a, "proforma_list", proforma_list, &x, err);
}
