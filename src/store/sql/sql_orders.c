/* sql_orders.c — orders and customers (migration 6). An order is one row (typed
 * columns + the opaque document as sent) with its lines, status history, Errors and refunds in
 * child tables; its subscriptions (sql_subscriptions.c) and customer in their own tables.
 * Every write is one transaction, committed durably before the call returns. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../core/buf.h"
#include "sql_orders_int.h"

/* --- customers ------------------------------------------------------------------------------ */

#define CUSTOMER_COLS(p)                                                                           \
    p "id, " p "reference, " p "external_ref, " ADDRESS_COLS(p) ", " p "language, " p "created"

static void read_customer(ks_arena *a, sq_stmt *st, int *i, ks_customer *c)
{
    c->id = c_int(st, i);
    c->reference = c_int(st, i);
    c->external_ref = c_text(a, st, i);
    read_address(a, st, i, &c->address);
    c->language = c_text(a, st, i);
    c->created = c_int(st, i);
}

/* The vendor's customer with o's external reference, else a new one. 0, 1 when the new
 * customer's reference is taken, -1 on a database error. */
static int write_customer(sq_conn *db, ks_arena *a, int64_t vendor_id, ks_order *o)
{
    int rc = -1, i = 0;
    sq_stmt *st = NULL;
    ks_customer *c = &o->customer;
    if (c->external_ref) {
        st = sq_prep(db, "SELECT " CUSTOMER_COLS(
                             "") " FROM customers WHERE vendor_id = ? AND external_ref = ?");
        if (!st)
            goto done;
        sq_bind_int(st, 1, vendor_id);
        sq_bind_text(st, 2, c->external_ref);
        int r = sq_step(st);
        if (r == SQ_ROW) {
            read_customer(a, st, &i, c);
            rc = 0;
            goto done;
        }
        if (r != SQ_DONE)
            goto done;
        sq_finish(st);
    }
    st = prep_insert_id(
        db, "customers",
        "vendor_id, reference, external_ref, " ADDRESS_COLS("") ", language, created");
    if (!st)
        goto done;
    b_int(st, &i, vendor_id);
    b_int(st, &i, c->reference);
    b_text(st, &i, c->external_ref);
    bind_address(st, &i, &c->address);
    b_text(st, &i, c->language);
    b_int(st, &i, c->created);
    int r = sq_step_id(st, &c->id);
    if (r == SQ_CONSTRAINT) {
        rc = 1;
        goto done;
    }
    if (r != SQ_ROW)
        goto done;
    rc = 0;
done:
    sq_finish(st);
    return rc;
}

typedef struct {
    int64_t vendor_id, reference;
    const char *external_ref;
    ks_customer *out;
} customer_get_arg;

static int customer_get(sq_tx *tx, void *arg)
{
    customer_get_arg *x = arg;
    int i = 0;
    sq_stmt *st =
        sq_prep(tx->db, "SELECT " CUSTOMER_COLS(
                            "") ", CASE WHEN EXISTS(SELECT 1 FROM "
                                "subscriptions WHERE customer_id = customers.id AND "
                                "enabled = 1) THEN 1 ELSE 0 END FROM customers WHERE "
                                "vendor_id = ?1 AND (CAST(?2 AS BIGINT) <= 0 OR reference = ?2) "
                                "AND (CAST(?3 AS TEXT) IS NULL OR external_ref = ?3)");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_int(st, 2, x->reference);
    sq_bind_text(st, 3, x->external_ref);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_CUSTOMER_NOT_FOUND, NULL);
    if (r != SQ_ROW)
        return SQ_DB;
    memset(x->out, 0, sizeof *x->out);
    read_customer(tx->a, st, &i, x->out);
    x->out->enabled = (int)c_int(st, &i);
    return SQ_OK;
}

int sq_customer_get(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t reference,
                    const char *external_ref, ks_customer *out, ks_err *err)
{
    customer_get_arg x = {vendor_id, reference, external_ref, out};
    return sq_read(base, a, "customer_get", customer_get, &x, err);
}

/* 1 when the vendor has another customer than id (0: any) with external reference ext. */
static int external_taken(sq_conn *db, int64_t vendor_id, int64_t id, const char *ext)
{
    sq_stmt *st = sq_prep(db, "SELECT 1 FROM customers WHERE vendor_id = ? AND "
                              "external_ref = ? AND id <> ?");
    if (!st)
        return -1;
    sq_bind_int(st, 1, vendor_id);
    sq_bind_text(st, 2, ext);
    sq_bind_int(st, 3, id);
    int r = sq_step(st);
    sq_finish(st);
    return r == SQ_ROW ? 1 : r == SQ_DONE ? 0 : -1;
}

typedef struct {
    int64_t vendor_id;
    ks_customer *c;
} customer_insert_arg;

static int customer_insert(sq_tx *tx, void *arg)
{
    customer_insert_arg *x = arg;
    ks_customer *c = x->c;
    int i = 0, r;
    if (c->external_ref && (r = external_taken(tx->db, x->vendor_id, 0, c->external_ref)) != 0)
        return r < 0 ? SQ_DB
                     : sq_refuse(tx, KS_E_CUSTOMER_EXTERNAL_REFERENCE_DUPLICATE,
                                 "A customer with ExternalCustomerReference '%.64s' exists",
                                 c->external_ref);
    sq_stmt *st = prep_insert_id(
        tx->db, "customers",
        "vendor_id, reference, external_ref, " ADDRESS_COLS("") ", language, created");
    if (!st)
        return SQ_DB;
    b_int(st, &i, x->vendor_id);
    b_int(st, &i, c->reference);
    b_text(st, &i, c->external_ref);
    bind_address(st, &i, &c->address);
    b_text(st, &i, c->language);
    b_int(st, &i, c->created);
    if ((r = sq_step_id(st, &c->id)) == SQ_CONSTRAINT)
        return sq_refuse(tx, KS_E_ORDER_REFERENCE_TAKEN, NULL);
    if (r != SQ_ROW)
        return SQ_DB;
    return SQ_OK;
}

int sq_customer_insert(ks_store *base, int64_t vendor_id, ks_customer *c, ks_err *err)
{
    customer_insert_arg x = {vendor_id, c};
    return sq_write(base, NULL, "customer_insert", customer_insert, &x, err);
}

typedef struct {
    int64_t vendor_id, reference;
    ks_customer_merge_fn merge;
    void *arg;
    int push;
} customer_update_arg;

static int customer_update(sq_tx *tx, void *arg)
{
    customer_update_arg *x = arg;
    ks_customer cur, next;
    customer_get_arg g = {x->vendor_id, x->reference, NULL, &cur};
    int i = 0, r;
    if ((r = customer_get(tx, &g)) != SQ_OK)
        return r;
    if (x->merge(&next, &cur, x->arg, tx->err))
        return SQ_REFUSED;
    if (next.external_ref &&
        (r = external_taken(tx->db, x->vendor_id, cur.id, next.external_ref)) != 0)
        return r < 0 ? SQ_DB
                     : sq_refuse(tx, KS_E_CUSTOMER_EXTERNAL_REFERENCE_DUPLICATE,
                                 "A customer with ExternalCustomerReference '%.64s' exists",
                                 next.external_ref);
    sq_stmt *st = sq_prep(tx->db, "UPDATE customers SET external_ref = ?, " ADDRESS_SET(
                                      "") ", language = ? WHERE id = ?");
    if (!st)
        return SQ_DB;
    b_text(st, &i, next.external_ref);
    bind_address(st, &i, &next.address);
    b_text(st, &i, next.language);
    b_int(st, &i, cur.id);
    if (sq_step_done(st))
        return SQ_DB;
    if (!x->push)
        return SQ_OK;
    i = 0;
    if (!(st = sq_prep(tx->db,
                       "UPDATE subscriptions SET " ADDRESS_SET(
                           "eu_") ", "
                                  "ext_customer_ref = ? WHERE vendor_id = ? AND customer_id = ?")))
        return SQ_DB;
    bind_address(st, &i, &next.address);
    b_text(st, &i, next.external_ref);
    b_int(st, &i, x->vendor_id);
    b_int(st, &i, cur.id);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_customer_update(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t reference,
                       ks_customer_merge_fn merge, void *arg, int push, ks_err *err)
{
    customer_update_arg x = {vendor_id, reference, merge, arg, push};
    return sq_write(base, a, "customer_update", customer_update, &x, err);
}

/* --- orders: children ----------------------------------------------------------------------- */

#define LINE_COLS                                                                                  \
    "line_ref, code, product_id, name, product_version, sku, short_description, quantity, "        \
    "is_dynamic, tangible, purchase_type, price_type, promotion, campaign, options, vat_bp, "      \
    "unit_net, unit_gross, unit_vat, unit_discount, unit_net_discounted, "                         \
    "unit_gross_discounted, item_unit_net, item_unit_gross, item_net, item_gross, net, gross, "    \
    "net_discounted, gross_discounted, discount, vat, recurring, cycle_length, cycle_unit, "       \
    "contract_length, contract_unit, lifetime, trial, trial_days, renewal_price, start"

static int insert_lines(sq_conn *db, int64_t order_id, const ks_order *o)
{
    int rc = -1;
    sq_stmt *st = prep_insert(db, "order_lines", "order_id, seq, " LINE_COLS);
    if (!st)
        return -1;
    for (size_t k = 0; k < o->n_lines; k++) {
        const ks_order_line *l = &o->lines[k];
        const ks_line_price *p = &l->price;
        int i = 0;
        sq_reset(st);
        b_int(st, &i, order_id);
        b_int(st, &i, (int64_t)k);
        b_text(st, &i, l->line_ref);
        b_text(st, &i, l->code);
        b_int(st, &i, l->product_id);
        b_text(st, &i, l->name);
        b_text(st, &i, l->product_version);
        b_text(st, &i, l->sku);
        b_text(st, &i, l->short_description);
        b_int(st, &i, l->quantity);
        b_int(st, &i, l->is_dynamic);
        b_int(st, &i, l->tangible);
        b_text(st, &i, l->purchase_type);
        b_text(st, &i, l->price_type);
        b_text(st, &i, l->promotion);
        b_text(st, &i, l->campaign);
        b_text(st, &i, l->options);
        b_int(st, &i, p->vat_bp);
        b_int(st, &i, p->unit_net);
        b_int(st, &i, p->unit_gross);
        b_int(st, &i, p->unit_vat);
        b_int(st, &i, p->unit_discount);
        b_int(st, &i, p->unit_net_discounted);
        b_int(st, &i, p->unit_gross_discounted);
        b_int(st, &i, p->item_unit_net);
        b_int(st, &i, p->item_unit_gross);
        b_int(st, &i, p->item_net);
        b_int(st, &i, p->item_gross);
        b_int(st, &i, p->net);
        b_int(st, &i, p->gross);
        b_int(st, &i, p->net_discounted);
        b_int(st, &i, p->gross_discounted);
        b_int(st, &i, p->discount);
        b_int(st, &i, p->vat);
        b_int(st, &i, l->recurring);
        b_int(st, &i, l->cycle_length);
        b_text(st, &i, l->cycle_unit);
        b_int(st, &i, l->contract_length);
        b_text(st, &i, l->contract_unit);
        b_int(st, &i, l->lifetime);
        b_int(st, &i, l->trial);
        b_int(st, &i, l->trial_days);
        b_int(st, &i, l->renewal_price);
        if (l->has_start)
            b_int(st, &i, l->start);
        else
            sq_bind_text(st, ++i, NULL);
        if (sq_step(st) != SQ_DONE)
            goto done;
    }
    rc = 0;
done:
    sq_finish(st);
    return rc;
}

static void read_line(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_order_line *l = elem;
    ks_line_price *p = &l->price;
    int i = 0;
    l->line_ref = c_text(a, st, &i);
    l->code = c_text(a, st, &i);
    l->product_id = c_int(st, &i);
    l->name = c_text(a, st, &i);
    l->product_version = c_text(a, st, &i);
    l->sku = c_text(a, st, &i);
    l->short_description = c_text(a, st, &i);
    l->quantity = c_int(st, &i);
    l->is_dynamic = (int)c_int(st, &i);
    l->tangible = (int)c_int(st, &i);
    l->purchase_type = c_text(a, st, &i);
    l->price_type = c_text(a, st, &i);
    l->promotion = c_text(a, st, &i);
    l->campaign = c_text(a, st, &i);
    l->options = c_text(a, st, &i);
    p->vat_bp = c_int(st, &i);
    p->unit_net = c_int(st, &i);
    p->unit_gross = c_int(st, &i);
    p->unit_vat = c_int(st, &i);
    p->unit_discount = c_int(st, &i);
    p->unit_net_discounted = c_int(st, &i);
    p->unit_gross_discounted = c_int(st, &i);
    p->item_unit_net = c_int(st, &i);
    p->item_unit_gross = c_int(st, &i);
    p->item_net = c_int(st, &i);
    p->item_gross = c_int(st, &i);
    p->net = c_int(st, &i);
    p->gross = c_int(st, &i);
    p->net_discounted = c_int(st, &i);
    p->gross_discounted = c_int(st, &i);
    p->discount = c_int(st, &i);
    p->vat = c_int(st, &i);
    l->recurring = (int)c_int(st, &i);
    l->cycle_length = c_int(st, &i);
    l->cycle_unit = c_text(a, st, &i);
    l->contract_length = c_int(st, &i);
    l->contract_unit = c_text(a, st, &i);
    l->lifetime = (int)c_int(st, &i);
    l->trial = (int)c_int(st, &i);
    l->trial_days = c_int(st, &i);
    l->renewal_price = c_int(st, &i);
    l->has_start = !sq_col_null(st, i);
    l->start = c_int(st, &i);
}

/* Appends the history steps, errors and refunds of o from index `from_*` on, and its
 * subscriptions not stored yet. 0, 1 when a subscription reference is taken, -1 on error. */
static int append_children(sq_conn *db, int64_t vendor_id, ks_order *o, size_t from_history,
                           size_t from_errors, size_t from_refunds)
{
    int rc = -1;
    sq_stmt *st = sq_prep(db, "INSERT INTO order_events(order_id, seq, status, "
                              "approve_status, at) VALUES(?,?,?,?,?)");
    if (!st)
        return -1;
    for (size_t k = from_history; k < o->n_history; k++) {
        int i = 0;
        sq_reset(st);
        b_int(st, &i, o->id);
        b_int(st, &i, (int64_t)k);
        b_text(st, &i, ks_order_status_name(o->history[k].status));
        b_text(st, &i, ks_approve_status_name(o->history[k].approve));
        b_int(st, &i, o->history[k].at);
        if (sq_step(st) != SQ_DONE)
            goto done;
    }
    sq_finish(st);
    st = sq_prep(db, "INSERT INTO order_errors(order_id, seq, code, message) VALUES(?,?,?,?)");
    if (!st)
        return -1;
    for (size_t k = from_errors; k < o->n_errors; k++) {
        int i = 0;
        sq_reset(st);
        b_int(st, &i, o->id);
        b_int(st, &i, (int64_t)k);
        b_text(st, &i, o->errors[k].code);
        b_text(st, &i, o->errors[k].message);
        if (sq_step(st) != SQ_DONE)
            goto done;
    }
    sq_finish(st);
    st = sq_prep(db, "INSERT INTO order_refunds(order_id, seq, amount, reason, comment, at) "
                     "VALUES(?,?,?,?,?,?)");
    if (!st)
        return -1;
    for (size_t k = from_refunds; k < o->n_refunds; k++) {
        int i = 0;
        sq_reset(st);
        b_int(st, &i, o->id);
        b_int(st, &i, (int64_t)k);
        b_int(st, &i, o->refunds[k].amount);
        b_text(st, &i, o->refunds[k].reason);
        b_text(st, &i, o->refunds[k].comment);
        b_int(st, &i, o->refunds[k].at);
        if (sq_step(st) != SQ_DONE)
            goto done;
    }
    for (size_t k = 0; k < o->n_subs; k++) {
        if (o->subs[k].id)
            continue;
        int r = sq_subscription_write(db, vendor_id, o->id, o->customer.id, &o->subs[k]);
        if (r) {
            rc = r;
            goto done;
        }
        o->subs[k].customer_reference = o->customer.reference;
        o->subs[k].external_customer_ref = o->customer.external_ref;
    }
    rc = 0;
done:
    sq_finish(st);
    return rc;
}

static void read_event(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_order_event *e = elem;
    (void)a;
    ks_order_status_parse(&e->status, sq_col_str(st, 0));
    ks_approve_status_parse(&e->approve, sq_col_str(st, 1));
    e->at = sq_col_int(st, 2);
}

static void read_error(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_order_error *e = elem;
    e->code = sq_col_text(a, st, 0);
    e->message = sq_col_text(a, st, 1);
}

static void read_refund(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_refund *f = elem;
    f->amount = sq_col_int(st, 0);
    f->reason = sq_col_text(a, st, 1);
    f->comment = sq_col_text(a, st, 2);
    f->at = sq_col_int(st, 3);
}

static void read_sub(ks_arena *a, sq_stmt *st, void *elem)
{
    sq_subscription_read(a, st, elem);
}

/* Loads the children of o (o->id set) from the database. */
static int load_children(sq_conn *db, ks_arena *a, ks_order *o)
{
    return sq_children(db, a,
                       "SELECT " LINE_COLS " FROM order_lines WHERE order_id = ? ORDER BY "
                       "seq",
                       o->id, sizeof *o->lines, read_line, (void **)&o->lines, &o->n_lines) ||
                   sq_children(db, a,
                               "SELECT status, approve_status, at FROM order_events WHERE "
                               "order_id = ? ORDER BY seq",
                               o->id, sizeof *o->history, read_event, (void **)&o->history,
                               &o->n_history) ||
                   sq_children(db, a,
                               "SELECT code, message FROM order_errors WHERE order_id = ? "
                               "ORDER BY seq",
                               o->id, sizeof *o->errors, read_error, (void **)&o->errors,
                               &o->n_errors) ||
                   sq_children(db, a,
                               "SELECT amount, reason, comment, at FROM order_refunds "
                               "WHERE order_id = ? ORDER BY seq",
                               o->id, sizeof *o->refunds, read_refund, (void **)&o->refunds,
                               &o->n_refunds) ||
                   sq_children(db, a, SUB_SELECT "WHERE s.order_id = ? ORDER BY s.line, s.id",
                               o->id, sizeof *o->subs, read_sub, (void **)&o->subs, &o->n_subs)
               ? -1
               : 0;
}

/* --- orders --------------------------------------------------------------------------------- */

/* The columns written once, at insert; the mutable ones (status...) are among them. */
#define ORDER_DATA_COLS(p)                                                                         \
    p "status, " p "approve_status, " p "currency, " p "test, " p "language, " p                   \
      "external_ref, " p "source, " p "ws_order, " p "local_time, " p "customer_ip, " p            \
      "fraud_score, " p "net, " p "gross, " p "vat, " p "discount, " p "net_discounted, " p        \
      "gross_discounted, " p "refunded, " p "created, " p "finished, " p "payment_type, " p        \
      "card_type, " p "card_first6, " p "card_last4, " p "holder_name, " p "card_exp_month, " p    \
      "card_exp_year, " p "recurring_enabled, " p "installments, " p "payment_token, " p           \
      "return_url, " p "cancel_url, " p "auth_token, " p                                           \
      "auth_kind, " ADDRESS_COLS(p "bill_") ", " p "bill_tax_exemption_id, " p "promotions, " p    \
                                            "doc, " p "partner_code"
static void bind_order(sq_stmt *st, int *i, ks_arena *a, const ks_order *o)
{
    b_text(st, i, ks_order_status_name(o->status));
    b_text(st, i, ks_approve_status_name(o->approve));
    b_text(st, i, o->currency);
    b_int(st, i, o->test);
    b_text(st, i, o->language);
    b_text(st, i, o->external_reference);
    b_text(st, i, o->source);
    b_text(st, i, o->ws_order);
    b_text(st, i, o->local_time);
    b_text(st, i, o->customer_ip);
    b_int(st, i, o->fraud_score);
    b_int(st, i, o->net);
    b_int(st, i, o->gross);
    b_int(st, i, o->vat);
    b_int(st, i, o->discount);
    b_int(st, i, o->net_discounted);
    b_int(st, i, o->gross_discounted);
    b_int(st, i, o->refunded);
    b_int(st, i, o->created);
    b_int(st, i, o->finished);
    b_text(st, i, o->payment_type);
    b_text(st, i, o->card_type);
    b_text(st, i, o->card_first6);
    b_text(st, i, o->card_last4);
    b_text(st, i, o->holder_name);
    b_int(st, i, o->card_exp_month);
    b_int(st, i, o->card_exp_year);
    b_int(st, i, o->recurring_enabled);
    b_int(st, i, o->installments);
    b_text(st, i, o->payment_token);
    b_text(st, i, o->return_url);
    b_text(st, i, o->cancel_url);
    b_text(st, i, o->auth_token);
    b_text(st, i, o->auth_kind);
    bind_address(st, i, &o->billing);
    b_text(st, i, o->billing.tax_exemption_id);
    b_text(st, i, join(a, o->promotions, o->n_promotions));
    b_text(st, i, o->doc ? o->doc : "{}");
    b_text(st, i, o->partner_code);
}

#define ORDER_SELECT                                                                               \
    "SELECT o.id, o.vendor_id, o.ref_no, o.order_no, " ORDER_DATA_COLS("o.") ", " CUSTOMER_COLS(   \
        "c.") ", o.renewal_of, o.renewal_key FROM orders o "                                       \
              "JOIN customers c ON c.id = o.customer_id "

static void read_order(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_order *o = elem;
    int i = 0;
    memset(o, 0, sizeof *o);
    o->id = c_int(st, &i);
    o->vendor_id = c_int(st, &i);
    o->ref_no = c_text(a, st, &i);
    o->order_no = c_int(st, &i);
    ks_order_status_parse(&o->status, sq_col_str(st, i++));
    ks_approve_status_parse(&o->approve, sq_col_str(st, i++));
    o->currency = c_text(a, st, &i);
    o->test = (int)c_int(st, &i);
    o->language = c_text(a, st, &i);
    o->external_reference = c_text(a, st, &i);
    o->source = c_text(a, st, &i);
    o->ws_order = c_text(a, st, &i);
    o->local_time = c_text(a, st, &i);
    o->customer_ip = c_text(a, st, &i);
    o->fraud_score = (int)c_int(st, &i);
    o->net = c_int(st, &i);
    o->gross = c_int(st, &i);
    o->vat = c_int(st, &i);
    o->discount = c_int(st, &i);
    o->net_discounted = c_int(st, &i);
    o->gross_discounted = c_int(st, &i);
    o->refunded = c_int(st, &i);
    o->created = c_int(st, &i);
    o->finished = c_int(st, &i);
    o->payment_type = c_text(a, st, &i);
    o->card_type = c_text(a, st, &i);
    o->card_first6 = c_text(a, st, &i);
    o->card_last4 = c_text(a, st, &i);
    o->holder_name = c_text(a, st, &i);
    o->card_exp_month = (int)c_int(st, &i);
    o->card_exp_year = (int)c_int(st, &i);
    o->recurring_enabled = (int)c_int(st, &i);
    o->installments = c_int(st, &i);
    o->payment_token = c_text(a, st, &i);
    o->return_url = c_text(a, st, &i);
    o->cancel_url = c_text(a, st, &i);
    o->auth_token = c_text(a, st, &i);
    o->auth_kind = c_text(a, st, &i);
    read_address(a, st, &i, &o->billing);
    o->billing.tax_exemption_id = c_text(a, st, &i);
    split(a, c_text(a, st, &i), &o->promotions, &o->n_promotions);
    o->doc = c_text(a, st, &i);
    o->partner_code = c_text(a, st, &i);
    read_customer(a, st, &i, &o->customer);
    o->renewal_of = c_text(a, st, &i);
    o->renewal_key = c_text(a, st, &i);
}

/* One more use of each coupon's promotion, within its limit: 0, 1 when a limit is reached. */
static int count_promotions(sq_conn *db, int64_t vendor_id, const ks_order *o, ks_err *err)
{
    int rc = -1;
    sq_stmt *st = sq_prep(db, "UPDATE promotions SET used_orders = used_orders + 1 WHERE id = "
                              "(SELECT promotion_id FROM promotion_coupons WHERE vendor_id = "
                              "? AND code = ?) AND (max_orders = 0 OR used_orders < "
                              "max_orders)");
    if (!st)
        return -1;
    for (size_t k = 0; k < o->n_promotions; k++) {
        sq_reset(st);
        sq_bind_int(st, 1, vendor_id);
        sq_bind_text(st, 2, o->promotions[k]);
        if (sq_step(st) != SQ_DONE)
            goto done;
        if (sq_changes(db) == 0) {
            ks_err_setf(err, KS_E_PROMOTION_LIMIT_REACHED,
                        "Promotion of coupon '%.64s' has reached its maximum number of orders",
                        o->promotions[k]);
            rc = 1;
            goto done;
        }
    }
    rc = 0;
done:
    sq_finish(st);
    return rc;
}

/* What o's written hook adds for its history steps from `from` on (its IPNs), once its id,
 * number and customer are set, written in the same transaction. 0 or -1. */
static int written_jobs(sq_conn *db, ks_arena *a, const ks_order *o, size_t from)
{
    ks_job_list jobs = {0};
    if (!o->written || o->n_history <= from)
        return 0;
    o->written(&jobs, a, o, from);
    return sq_jobs_write(db, &jobs);
}

/* Writes o inside the caller's write transaction: its customer (o->customer.id > 0: that one),
 * the row, its lines and children, its renewal key, the use of its promotions and its jobs.
 * 0, 1 when a reference (or the renewal key) is taken, -1 on a database error, 2 when
 * count_promotions refused it (*err set). */
int sq_order_write(sq_conn *db, ks_arena *a, int64_t vendor_id, ks_order *o, ks_err *err)
{
    int rc = -1, r, i = 0;
    sq_stmt *st = NULL;
    if (o->customer.id <= 0) {
        if ((r = write_customer(db, a, vendor_id, o)) != 0) {
            rc = r;
            goto done;
        }
    }
    /* the vendor's order count: the write is serializable (driver.h), so no other order can
     * take the same number */
    if (!(st = sq_prep(db, "SELECT coalesce(max(order_no), 0) + 1 FROM orders WHERE vendor_id = "
                           "?")))
        goto done;
    sq_bind_int(st, 1, vendor_id);
    if (sq_step(st) != SQ_ROW)
        goto done;
    o->order_no = sq_col_int(st, 0);
    sq_finish(st);
    if (!(st = prep_insert_id(
              db, "orders",
              "vendor_id, ref_no, order_no, customer_id, renewal_of, renewal_key, " ORDER_DATA_COLS(
                  ""))))
        goto done;
    b_int(st, &i, vendor_id);
    b_text(st, &i, o->ref_no);
    b_int(st, &i, o->order_no);
    b_int(st, &i, o->customer.id);
    b_text(st, &i, o->renewal_of);
    b_text(st, &i, o->renewal_key);
    bind_order(st, &i, a, o);
    r = sq_step_id(st, &o->id);
    if (r == SQ_CONSTRAINT) {
        rc = 1;
        goto done;
    }
    if (r != SQ_ROW)
        goto done;
    sq_finish(st);
    st = NULL;
    o->vendor_id = vendor_id;
    if (insert_lines(db, o->id, o))
        goto done;
    if ((r = append_children(db, vendor_id, o, 0, 0, 0)) != 0) {
        rc = r;
        goto done;
    }
    /* coupons count for an order whose payment did not fail (a retry that pays counts them) */
    if (o->status != KS_ORDER_CANCELED && o->n_errors == 0 &&
        (r = count_promotions(db, vendor_id, o, err)) != 0) {
        rc = r < 0 ? -1 : 2;
        goto done;
    }
    if (sq_jobs_write(db, o->jobs) || written_jobs(db, a, o, 0))
        goto done;
    rc = 0;
done:
    sq_finish(st);
    return rc;
}

typedef struct {
    int64_t vendor_id;
    ks_order *o;
    const char *ref_no, *token;
    ks_order_merge_fn merge;
    void *arg;
} order_arg;

static int order_insert(sq_tx *tx, void *arg)
{
    order_arg *x = arg;
    int r = sq_order_write(tx->db, tx->a, x->vendor_id, x->o, tx->err);
    if (r == 1)
        return sq_refuse(tx, KS_E_ORDER_REFERENCE_TAKEN, NULL);
    return r == 2 ? SQ_REFUSED : r < 0 ? SQ_DB : SQ_OK;
}

int sq_order_insert(ks_store *base, ks_arena *a, int64_t vendor_id, ks_order *o, ks_err *err)
{
    order_arg x = {vendor_id, o, NULL, NULL, NULL, NULL};
    return sq_write(base, a, "order_insert", order_insert, &x, err);
}

/* Finds and loads the order by vendor and RefNo, or by its page token. 1 found, 0 not, -1. */
static int find_order(sq_conn *db, ks_arena *a, int64_t vendor_id, const char *ref_no,
                      const char *token, ks_order *out)
{
    int rc = -1;
    sq_stmt *st = ref_no
                      ? sq_prep(db, ORDER_SELECT "WHERE o.vendor_id = ? AND o.ref_no = ?")
                      : sq_prep(db, ORDER_SELECT "WHERE o.auth_token = ? AND o.status = 'PENDING'");
    if (!st)
        return -1;
    if (ref_no) {
        sq_bind_int(st, 1, vendor_id);
        sq_bind_text(st, 2, ref_no);
    } else {
        sq_bind_text(st, 1, token);
    }
    int r = sq_step(st);
    if (r == SQ_ROW) {
        read_order(a, st, out);
        rc = load_children(db, a, out) ? -1 : 1;
    } else if (r == SQ_DONE) {
        rc = 0;
    }
    sq_finish(st);
    return rc;
}

/* find_order, with its not found refused. */
static int find_one(sq_tx *tx, const order_arg *x, ks_order *out)
{
    int r = find_order(tx->db, tx->a, x->vendor_id, x->ref_no, x->token, out);
    if (r < 0)
        return SQ_DB;
    if (r == 0 && x->ref_no)
        return sq_refuse(tx, KS_E_ORDER_NOT_FOUND, "Order '%.64s' not found", x->ref_no);
    if (r == 0)
        return sq_refuse(tx, KS_E_PAYMENT_AUTHORIZATION_NOT_FOUND, NULL);
    return SQ_OK;
}

static int order_get(sq_tx *tx, void *arg)
{
    order_arg *x = arg;
    return find_one(tx, x, x->o);
}

int sq_order_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                 const char *token, ks_order *out, ks_err *err)
{
    /* one read transaction: the row and its children from the same snapshot */
    order_arg x = {vendor_id, out, ref_no, token, NULL, NULL};
    return sq_read(base, a, "order_get", order_get, &x, err);
}

typedef struct {
    int64_t vendor_id;
    const char *ref_no;
    const char **holder_name, **card_first6;
} payer_arg;

static int order_payer(sq_tx *tx, void *arg)
{
    payer_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "SELECT holder_name, card_first6 FROM orders WHERE "
                                  "vendor_id = ? AND ref_no = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_text(st, 2, x->ref_no);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_ORDER_NOT_FOUND, "Order '%.64s' not found", x->ref_no);
    if (r != SQ_ROW)
        return SQ_DB;
    *x->holder_name = sq_col_text(tx->a, st, 0);
    *x->card_first6 = sq_col_text(tx->a, st, 1);
    sq_finish(st);
    return SQ_OK;
}

int sq_order_payer(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                   const char **holder_name, const char **card_first6, ks_err *err)
{
    payer_arg x = {vendor_id, ref_no, holder_name, card_first6};
    return sq_read(base, a, "order_payer", order_payer, &x, err);
}

static int order_update(sq_tx *tx, void *arg)
{
    order_arg *x = arg;
    int i = 0, r;
    ks_order cur, next;
    if ((r = find_one(tx, x, &cur)) != SQ_OK)
        return r;
    if (x->merge(&next, &cur, x->arg, tx->err))
        return SQ_REFUSED;
    /* the whole row as the merge made it (a payment retried changes the payment's columns and
     * the document), and its Errors as they are now */
    sq_stmt *st = prep_update(tx->db, "orders", ORDER_DATA_COLS(""));
    if (!st)
        return SQ_DB;
    bind_order(st, &i, tx->a, &next);
    b_int(st, &i, cur.id);
    if (sq_step_done(st))
        return SQ_DB;
    if (next.n_errors != cur.n_errors || next.errors != cur.errors) {
        if (!(st = sq_prep(tx->db, "DELETE FROM order_errors WHERE order_id = ?")))
            return SQ_DB;
        sq_bind_int(st, 1, cur.id);
        if (sq_step_done(st))
            return SQ_DB;
    }
    next.id = cur.id;
    next.customer = cur.customer;
    if ((r = append_children(tx->db, cur.vendor_id, &next, cur.n_history,
                             next.errors != cur.errors ? 0 : cur.n_errors, cur.n_refunds)) < 0)
        return SQ_DB;
    if (r > 0)
        return sq_refuse(tx, KS_E_ORDER_REFERENCE_TAKEN, NULL);
    /* a failed payment paid at last: its coupons count now */
    if (cur.n_errors > 0 && next.n_errors == 0 && next.status != KS_ORDER_CANCELED &&
        (r = count_promotions(tx->db, cur.vendor_id, &next, tx->err)) != 0)
        return r < 0 ? SQ_DB : SQ_REFUSED;
    next.order_no = cur.order_no;
    return sq_jobs_write(tx->db, next.jobs) || written_jobs(tx->db, tx->a, &next, cur.n_history)
               ? SQ_DB
               : SQ_OK;
}

int sq_order_update(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                    const char *token, ks_order_merge_fn merge, void *arg, ks_err *err)
{
    order_arg x = {vendor_id, NULL, ref_no, token, merge, arg};
    return sq_write(base, a, "order_update", order_update, &x, err);
}

/* An order of a page, with its children: one read transaction, one snapshot. */
static int read_order_row(sq_tx *tx, ks_arena *a, sq_stmt *st, void *elem, void *arg)
{
    (void)arg;
    read_order(a, st, elem);
    return load_children(tx->db, a, elem) ? SQ_DB : SQ_OK;
}

int sq_order_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_order_query *q,
                    ks_order **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_query w;
    sq_q_init(&w, a, NULL);
    sq_q_int(&w, "WHERE o.vendor_id = ?", vendor_id);
    if (q->has_status)
        sq_q_text(&w, " AND o.status = ?", ks_order_status_name(q->status));
    if (q->has_approve)
        sq_q_text(&w, " AND o.approve_status = ?", ks_approve_status_name(q->approve));
    if (q->has_start)
        sq_q_int(&w, " AND o.created >= ?", q->start);
    if (q->has_end)
        sq_q_int(&w, " AND o.created <= ?", q->end);
    if (q->external_ref)
        sq_q_text(&w, " AND o.external_ref = ?", q->external_ref);
    if (q->email)
        sq_q_text(&w, " AND o.bill_email = ? COLLATE NOCASE", q->email);
    if (q->test == KS_TEST_ORDERS_NO)
        sq_q_sql(&w, " AND o.test = 0");
    else if (q->test == KS_TEST_ORDERS_ONLY)
        sq_q_sql(&w, " AND o.test = 1");
    return sq_search(base, a, "order_search", "SELECT count(*) FROM orders o ", ORDER_SELECT, &w,
                     "o.created DESC, o.id DESC", q->page, q->limit, sizeof **out, read_order_row,
                     (void **)out, n, total, err);
}

typedef struct {
    int64_t vendor_id;
    const char *reference;
    ks_order **out;
    size_t *n;
} subscription_orders_arg;

static int subscription_orders(sq_tx *tx, void *arg)
{
    subscription_orders_arg *x = arg;
    ks_arena *a = tx->a;
    int r;
    size_t cnt = 0;
    ks_order *list = NULL;
    sq_stmt *st = sq_prep(tx->db, "SELECT order_id FROM subscriptions WHERE vendor_id = ? "
                                  "AND reference = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_text(st, 2, x->reference);
    r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_SUBSCRIPTION_NOT_FOUND, "Subscription '%.64s' not found",
                         x->reference);
    if (r != SQ_ROW)
        return SQ_DB;
    int64_t first = sq_col_int(st, 0);
    sq_finish(st);
    if (!(st = sq_prep(tx->db, ORDER_SELECT "WHERE o.vendor_id = ?1 AND (o.id = ?2 OR "
                                            "o.renewal_of = ?3) ORDER BY o.created, o.id")))
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_int(st, 2, first);
    sq_bind_text(st, 3, x->reference);
    if (sq_rows(a, st, sizeof *list, read_order, (void **)&list, &cnt))
        return SQ_DB;
    for (size_t k = 0; k < cnt; k++)
        if (load_children(tx->db, a, &list[k]))
            return SQ_DB;
    *x->out = list;
    *x->n = cnt;
    return SQ_OK;
}

int sq_subscription_orders(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                           ks_order **out, size_t *n, ks_err *err)
{
    subscription_orders_arg x = {vendor_id, reference, out, n};
    return sq_read(base, a, "subscription_orders", subscription_orders, &x, err);
}
