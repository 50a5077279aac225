/* sqlite_orders.c — orders, customers and subscriptions in SQLite (migration 6). An order is
 * one row (typed columns + the opaque document as sent) with its lines, status history,
 * Errors and refunds in child tables; its subscriptions and customer in their own tables.
 * Every write is one transaction, committed durably before the call returns. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../core/buf.h"
#include "sqlite_int.h"

/* --- column helpers: i counts the parameter or column, so that a list and its binding are
 * written in the same order, once ---------------------------------------------------------- */

static void b_text(sqlite3_stmt *st, int *i, const char *s)
{
    sq_bind_text(st, ++*i, s);
}

static void b_int(sqlite3_stmt *st, int *i, int64_t v)
{
    sqlite3_bind_int64(st, ++*i, v);
}

static const char *c_text(ks_arena *a, sqlite3_stmt *st, int *i)
{
    return sq_col_text(a, st, (*i)++);
}

static int64_t c_int(sqlite3_stmt *st, int *i)
{
    return sqlite3_column_int64(st, (*i)++);
}

/* "INSERT INTO table(cols) VALUES(?, ...)" with one parameter per column, prepared. */
static sqlite3_stmt *prep_insert(sqlite3 *db, const char *table, const char *cols)
{
    ks_buf b = KS_BUF_INIT;
    ks_buf_printf(&b, "INSERT INTO %s(%s) VALUES(?", table, cols);
    for (const char *p = cols; *p; p++)
        if (*p == ',')
            ks_buf_puts(&b, ",?");
    ks_buf_puts(&b, ")");
    sqlite3_stmt *st = sq_prep(db, b.data);
    ks_buf_free(&b);
    return st;
}

#define ADDRESS_COLS(p)                                                                            \
    p "first_name, " p "last_name, " p "company, " p "fiscal_code, " p "tax_office, " p          \
      "email, " p "phone, " p "fax, " p "address1, " p "address2, " p "city, " p "zip, " p       \
      "country, " p "state"

/* "col = ?" for each column of ADDRESS_COLS, in the same order. */
#define ADDRESS_SET(p)                                                                             \
    p "first_name = ?, " p "last_name = ?, " p "company = ?, " p "fiscal_code = ?, " p            \
      "tax_office = ?, " p "email = ?, " p "phone = ?, " p "fax = ?, " p "address1 = ?, " p      \
      "address2 = ?, " p "city = ?, " p "zip = ?, " p "country = ?, " p "state = ?"

static void bind_address(sqlite3_stmt *st, int *i, const ks_address *a)
{
    b_text(st, i, a->first_name);
    b_text(st, i, a->last_name);
    b_text(st, i, a->company);
    b_text(st, i, a->fiscal_code);
    b_text(st, i, a->tax_office);
    b_text(st, i, a->email);
    b_text(st, i, a->phone);
    b_text(st, i, a->fax);
    b_text(st, i, a->address1);
    b_text(st, i, a->address2);
    b_text(st, i, a->city);
    b_text(st, i, a->zip);
    b_text(st, i, a->country_code);
    b_text(st, i, a->state);
}

static void read_address(ks_arena *a, sqlite3_stmt *st, int *i, ks_address *out)
{
    out->first_name = c_text(a, st, i);
    out->last_name = c_text(a, st, i);
    out->company = c_text(a, st, i);
    out->fiscal_code = c_text(a, st, i);
    out->tax_office = c_text(a, st, i);
    out->email = c_text(a, st, i);
    out->phone = c_text(a, st, i);
    out->fax = c_text(a, st, i);
    out->address1 = c_text(a, st, i);
    out->address2 = c_text(a, st, i);
    out->city = c_text(a, st, i);
    out->zip = c_text(a, st, i);
    out->country_code = c_text(a, st, i);
    out->state = c_text(a, st, i);
}

/* ';'-joined list <-> array: the applied coupons of an order. */
static const char *join(ks_arena *a, const char **list, size_t n)
{
    ks_buf b = KS_BUF_INIT;
    if (!n)
        return NULL;
    for (size_t i = 0; i < n; i++)
        ks_buf_printf(&b, "%s%s", i ? ";" : "", list[i]);
    const char *s = ks_arena_strdup(a, b.data);
    ks_buf_free(&b);
    return s;
}

static void split(ks_arena *a, const char *s, const char ***out, size_t *n)
{
    size_t cnt = 0, cap = 1;
    *out = NULL;
    *n = 0;
    if (!s || !*s)
        return;
    for (const char *p = s; *p; p++)
        cap += *p == ';';
    const char **list = ks_arena_alloc(a, cap * sizeof *list);
    while (*s) {
        const char *e = strchr(s, ';');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        list[cnt++] = ks_arena_strndup(a, s, len);
        s += len + (e != NULL);
    }
    *out = list;
    *n = cnt;
}

/* --- customers ------------------------------------------------------------------------------ */

#define CUSTOMER_COLS(p)                                                                           \
    p "id, " p "reference, " p "external_ref, " ADDRESS_COLS(p) ", " p "language, " p "created"

static void read_customer(ks_arena *a, sqlite3_stmt *st, int *i, ks_customer *c)
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
static int write_customer(sqlite3 *db, ks_arena *a, int64_t vendor_id, ks_order *o)
{
    int rc = -1, i = 0;
    sqlite3_stmt *st = NULL;
    ks_customer *c = &o->customer;
    if (c->external_ref) {
        st = sq_prep(db, "SELECT " CUSTOMER_COLS("")
                         " FROM customers WHERE vendor_id = ? AND external_ref = ?");
        if (!st)
            goto done;
        sqlite3_bind_int64(st, 1, vendor_id);
        sq_bind_text(st, 2, c->external_ref);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            read_customer(a, st, &i, c);
            rc = 0;
            goto done;
        }
        if (r != SQLITE_DONE)
            goto done;
        sqlite3_finalize(st);
    }
    st = prep_insert(db, "customers",
                     "vendor_id, reference, external_ref, " ADDRESS_COLS("") ", language, created");
    if (!st)
        goto done;
    b_int(st, &i, vendor_id);
    b_int(st, &i, c->reference);
    b_text(st, &i, c->external_ref);
    bind_address(st, &i, &c->address);
    b_text(st, &i, c->language);
    b_int(st, &i, c->created);
    int r = sqlite3_step(st);
    if (r == SQLITE_CONSTRAINT) {
        rc = 1;
        goto done;
    }
    if (r != SQLITE_DONE)
        goto done;
    c->id = sqlite3_last_insert_rowid(db);
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

/* --- subscriptions -------------------------------------------------------------------------- */

#define SUB_DATA_COLS(p)                                                                           \
    p "reference, " p "order_id, " p "line, " p "customer_id, " p "product_code, " p              \
      "product_id, " p "product_name, " p "product_version, " p "sku, " p "quantity, " p           \
      "options, " ADDRESS_COLS(p "eu_") ", " p "language, " p "start, " p "expiration, " p       \
      "lifetime, " p "recurring_enabled, " p "enabled, " p "test, " p "trial, " p                  \
      "cycle_length, " p "cycle_unit, " p "contract_length, " p "contract_unit, " p "currency, "   \
    p "renewal_price, " p "payment_token, " p "card_type, " p "card_last4, " p                    \
      "card_exp_month, " p "card_exp_year, " p "created"

static int insert_subscription(sqlite3 *db, int64_t vendor_id, int64_t order_id,
                               int64_t customer_id, ks_subscription *s)
{
    int i = 0;
    sqlite3_stmt *st = prep_insert(db, "subscriptions", "vendor_id, updated, " SUB_DATA_COLS(""));
    if (!st)
        return -1;
    b_int(st, &i, vendor_id);
    b_int(st, &i, s->created);
    b_text(st, &i, s->reference);
    b_int(st, &i, order_id);
    b_int(st, &i, s->line);
    b_int(st, &i, customer_id);
    b_text(st, &i, s->product_code);
    b_int(st, &i, s->product_id);
    b_text(st, &i, s->product_name);
    b_text(st, &i, s->product_version);
    b_text(st, &i, s->sku);
    b_int(st, &i, s->quantity);
    b_text(st, &i, s->options);
    bind_address(st, &i, &s->end_user);
    b_text(st, &i, s->language);
    b_int(st, &i, s->start);
    b_int(st, &i, s->expiration);
    b_int(st, &i, s->lifetime);
    b_int(st, &i, s->recurring_enabled);
    b_int(st, &i, s->enabled);
    b_int(st, &i, s->test);
    b_int(st, &i, s->trial);
    b_int(st, &i, s->cycle_length);
    b_text(st, &i, s->cycle_unit);
    b_int(st, &i, s->contract_length);
    b_text(st, &i, s->contract_unit);
    b_text(st, &i, s->currency);
    b_int(st, &i, s->renewal_price);
    b_text(st, &i, s->payment_token);
    b_text(st, &i, s->card_type);
    b_text(st, &i, s->card_last4);
    b_int(st, &i, s->card_exp_month);
    b_int(st, &i, s->card_exp_year);
    b_int(st, &i, s->created);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r == SQLITE_CONSTRAINT)
        return 1;
    if (r != SQLITE_DONE)
        return -1;
    s->id = sqlite3_last_insert_rowid(db);
    s->order_id = order_id;
    s->customer_id = customer_id;
    return 0;
}

#define SUB_SELECT                                                                                 \
    "SELECT s.id, " SUB_DATA_COLS("s.") ", o.ref_no, c.reference, coalesce(s.ext_customer_ref, c.external_ref) "     \
    "FROM subscriptions s " \
    "JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = s.customer_id "

static void read_subscription(ks_arena *a, sqlite3_stmt *st, ks_subscription *s)
{
    int i = 0;
    memset(s, 0, sizeof *s);
    s->id = c_int(st, &i);
    s->reference = c_text(a, st, &i);
    s->order_id = c_int(st, &i);
    s->line = c_int(st, &i);
    s->customer_id = c_int(st, &i);
    s->product_code = c_text(a, st, &i);
    s->product_id = c_int(st, &i);
    s->product_name = c_text(a, st, &i);
    s->product_version = c_text(a, st, &i);
    s->sku = c_text(a, st, &i);
    s->quantity = c_int(st, &i);
    s->options = c_text(a, st, &i);
    read_address(a, st, &i, &s->end_user);
    s->language = c_text(a, st, &i);
    s->start = c_int(st, &i);
    s->expiration = c_int(st, &i);
    s->lifetime = (int)c_int(st, &i);
    s->recurring_enabled = (int)c_int(st, &i);
    s->enabled = (int)c_int(st, &i);
    s->test = (int)c_int(st, &i);
    s->trial = (int)c_int(st, &i);
    s->cycle_length = c_int(st, &i);
    s->cycle_unit = c_text(a, st, &i);
    s->contract_length = c_int(st, &i);
    s->contract_unit = c_text(a, st, &i);
    s->currency = c_text(a, st, &i);
    s->renewal_price = c_int(st, &i);
    s->payment_token = c_text(a, st, &i);
    s->card_type = c_text(a, st, &i);
    s->card_last4 = c_text(a, st, &i);
    s->card_exp_month = (int)c_int(st, &i);
    s->card_exp_year = (int)c_int(st, &i);
    s->created = c_int(st, &i);
    s->ref_no = c_text(a, st, &i);
    s->customer_reference = c_int(st, &i);
    s->external_customer_ref = c_text(a, st, &i);
}

int sq_subscription_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                        ks_subscription *out, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, SUB_SELECT "WHERE s.vendor_id = ? AND s.reference = ?");
    if (!st) {
        sq_db_error(db, "subscription_get", err);
        goto done;
    }
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, reference);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        read_subscription(a, st, out);
        rc = 0;
    } else if (r == SQLITE_DONE) {
        ks_err_setf(err, KS_E_SUBSCRIPTION_NOT_FOUND, "Subscription '%.64s' not found", reference);
    } else {
        sq_db_error(db, "subscription_get", err);
    }
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_subscription_update(ks_store *base, ks_arena *a, int64_t vendor_id,
                           const char *reference, ks_subscription_merge_fn merge, void *arg,
                           ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0, r;
    sqlite3_stmt *st = NULL;
    ks_subscription cur, next;
    ks_job_list jobs = {0};
    pthread_mutex_lock(&s->wmu);
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if (!(st = sq_prep(db, SUB_SELECT "WHERE s.vendor_id = ? AND s.reference = ?")))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, reference);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_setf(err, KS_E_SUBSCRIPTION_NOT_FOUND, "Subscription '%.64s' not found", reference);
        goto done;
    }
    if (r != SQLITE_ROW)
        goto fail;
    read_subscription(a, st, &cur);
    sqlite3_finalize(st);
    st = NULL;
    if (merge(&next, &jobs, &cur, arg, err))
        goto done;
    if (!(st = sq_prep(db, "UPDATE subscriptions SET enabled = ?, recurring_enabled = ?, "
                           "updated = ?, expiration = ?, language = ?, ext_customer_ref = "
                           "CASE WHEN ? THEN ? ELSE ext_customer_ref END, "
                           ADDRESS_SET("eu_") " WHERE id = ?")))
        goto fail;
    int i = 0;
    b_int(st, &i, next.enabled);
    b_int(st, &i, next.recurring_enabled);
    b_int(st, &i, next.updated);
    b_int(st, &i, next.expiration);
    b_text(st, &i, next.language);
    b_int(st, &i, next.external_customer_ref != cur.external_customer_ref);
    b_text(st, &i, next.external_customer_ref);
    bind_address(st, &i, &next.end_user);
    b_int(st, &i, cur.id);
    if (sqlite3_step(st) != SQLITE_DONE || sq_jobs_write(db, &jobs))
        goto fail;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "subscription_update", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&s->wmu);
    sq_release(s, db);
    return rc;
}

int sq_customer_get(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t reference,
                    const char *external_ref, ks_customer *out, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, i = 0;
    sqlite3_stmt *st = sq_prep(db, "SELECT " CUSTOMER_COLS("") ", EXISTS(SELECT 1 FROM subscriptions "
                                   "WHERE customer_id = customers.id AND enabled) FROM customers "
                                   "WHERE vendor_id = ?1 AND (?2 <= 0 OR reference = ?2) AND "
                                   "(?3 IS NULL OR external_ref = ?3)");
    if (!st) {
        sq_db_error(db, "customer_get", err);
        goto done;
    }
    sqlite3_bind_int64(st, 1, vendor_id);
    sqlite3_bind_int64(st, 2, reference);
    sq_bind_text(st, 3, external_ref);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        read_customer(a, st, &i, out);
        out->enabled = (int)c_int(st, &i);
        rc = 0;
    } else if (r == SQLITE_DONE) {
        ks_err_set(err, KS_E_CUSTOMER_NOT_FOUND);
    } else {
        sq_db_error(db, "customer_get", err);
    }
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

/* --- orders: children ----------------------------------------------------------------------- */

#define LINE_COLS                                                                                  \
    "line_ref, code, product_id, name, product_version, sku, short_description, quantity, "        \
    "is_dynamic, tangible, purchase_type, price_type, promotion, campaign, options, vat_bp, "      \
    "unit_net, unit_gross, unit_vat, unit_discount, unit_net_discounted, "                         \
    "unit_gross_discounted, item_unit_net, item_unit_gross, item_net, item_gross, net, gross, "    \
    "net_discounted, gross_discounted, discount, vat, recurring, cycle_length, cycle_unit, "       \
    "contract_length, contract_unit, lifetime, trial, trial_days, renewal_price, start"

static int insert_lines(sqlite3 *db, int64_t order_id, const ks_order *o)
{
    int rc = -1;
    sqlite3_stmt *st = prep_insert(db, "order_lines", "order_id, seq, " LINE_COLS);
    if (!st)
        return -1;
    for (size_t k = 0; k < o->n_lines; k++) {
        const ks_order_line *l = &o->lines[k];
        const ks_line_price *p = &l->price;
        int i = 0;
        sqlite3_reset(st);
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
            sqlite3_bind_null(st, ++i);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

static void read_line(ks_arena *a, sqlite3_stmt *st, ks_order_line *l)
{
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
    l->has_start = sqlite3_column_type(st, i) != SQLITE_NULL;
    l->start = c_int(st, &i);
}

/* Appends the history steps, errors and refunds of o from index `from_*` on, and its
 * subscriptions not stored yet. 0, 1 when a subscription reference is taken, -1 on error. */
static int append_children(sqlite3 *db, int64_t vendor_id, ks_order *o, size_t from_history,
                           size_t from_errors, size_t from_refunds)
{
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "INSERT INTO order_events(order_id, seq, status, "
                                   "approve_status, at) VALUES(?,?,?,?,?)");
    if (!st)
        return -1;
    for (size_t k = from_history; k < o->n_history; k++) {
        int i = 0;
        sqlite3_reset(st);
        b_int(st, &i, o->id);
        b_int(st, &i, (int64_t)k);
        b_text(st, &i, ks_order_status_name(o->history[k].status));
        b_text(st, &i, ks_approve_status_name(o->history[k].approve));
        b_int(st, &i, o->history[k].at);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    sqlite3_finalize(st);
    st = sq_prep(db, "INSERT INTO order_errors(order_id, seq, code, message) VALUES(?,?,?,?)");
    if (!st)
        return -1;
    for (size_t k = from_errors; k < o->n_errors; k++) {
        int i = 0;
        sqlite3_reset(st);
        b_int(st, &i, o->id);
        b_int(st, &i, (int64_t)k);
        b_text(st, &i, o->errors[k].code);
        b_text(st, &i, o->errors[k].message);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    sqlite3_finalize(st);
    st = sq_prep(db, "INSERT INTO order_refunds(order_id, seq, amount, reason, comment, at) "
                     "VALUES(?,?,?,?,?,?)");
    if (!st)
        return -1;
    for (size_t k = from_refunds; k < o->n_refunds; k++) {
        int i = 0;
        sqlite3_reset(st);
        b_int(st, &i, o->id);
        b_int(st, &i, (int64_t)k);
        b_int(st, &i, o->refunds[k].amount);
        b_text(st, &i, o->refunds[k].reason);
        b_text(st, &i, o->refunds[k].comment);
        b_int(st, &i, o->refunds[k].at);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
    }
    for (size_t k = 0; k < o->n_subs; k++) {
        if (o->subs[k].id)
            continue;
        int r = insert_subscription(db, vendor_id, o->id, o->customer.id, &o->subs[k]);
        if (r) {
            rc = r;
            goto done;
        }
        o->subs[k].customer_reference = o->customer.reference;
        o->subs[k].external_customer_ref = o->customer.external_ref;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

/* Loads the children of o (o->id set) from the database. */
static int load_children(sqlite3 *db, ks_arena *a, ks_order *o)
{
    int rc = -1, r;
    size_t cap;
    sqlite3_stmt *st = NULL;
    char sql[256];

#define COUNT(table, out)                                                                          \
    do {                                                                                           \
        snprintf(sql, sizeof sql, "SELECT count(*) FROM " table " WHERE order_id = %lld",         \
                 (long long)o->id);                                                                \
        sqlite3_finalize(st);                                                                      \
        if (!(st = sq_prep(db, sql)) || sqlite3_step(st) != SQLITE_ROW)                            \
            goto done;                                                                             \
        out = (size_t)sqlite3_column_int64(st, 0);                                                 \
    } while (0)

    COUNT("order_lines", cap);
    o->lines = ks_arena_alloc(a, (cap + 1) * sizeof *o->lines);
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, "SELECT " LINE_COLS " FROM order_lines WHERE order_id = ? ORDER BY seq")))
        goto done;
    sqlite3_bind_int64(st, 1, o->id);
    o->n_lines = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && o->n_lines < cap)
        read_line(a, st, &o->lines[o->n_lines++]);

    COUNT("order_events", cap);
    o->history = ks_arena_alloc(a, (cap + 1) * sizeof *o->history);
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, "SELECT status, approve_status, at FROM order_events WHERE order_id = "
                           "? ORDER BY seq")))
        goto done;
    sqlite3_bind_int64(st, 1, o->id);
    o->n_history = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && o->n_history < cap) {
        ks_order_event *e = &o->history[o->n_history++];
        ks_order_status_parse(&e->status, (const char *)sqlite3_column_text(st, 0));
        ks_approve_status_parse(&e->approve, (const char *)sqlite3_column_text(st, 1));
        e->at = sqlite3_column_int64(st, 2);
    }

    COUNT("order_errors", cap);
    o->errors = ks_arena_alloc(a, (cap + 1) * sizeof *o->errors);
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, "SELECT code, message FROM order_errors WHERE order_id = ? ORDER BY "
                           "seq")))
        goto done;
    sqlite3_bind_int64(st, 1, o->id);
    o->n_errors = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && o->n_errors < cap) {
        o->errors[o->n_errors].code = sq_col_text(a, st, 0);
        o->errors[o->n_errors++].message = sq_col_text(a, st, 1);
    }

    COUNT("order_refunds", cap);
    o->refunds = ks_arena_alloc(a, (cap + 1) * sizeof *o->refunds);
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, "SELECT amount, reason, comment, at FROM order_refunds WHERE order_id "
                           "= ? ORDER BY seq")))
        goto done;
    sqlite3_bind_int64(st, 1, o->id);
    o->n_refunds = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && o->n_refunds < cap) {
        ks_refund *f = &o->refunds[o->n_refunds++];
        f->amount = sqlite3_column_int64(st, 0);
        f->reason = sq_col_text(a, st, 1);
        f->comment = sq_col_text(a, st, 2);
        f->at = sqlite3_column_int64(st, 3);
    }

    COUNT("subscriptions", cap);
    o->subs = ks_arena_alloc(a, (cap + 1) * sizeof *o->subs);
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, SUB_SELECT "WHERE s.order_id = ? ORDER BY s.line, s.id")))
        goto done;
    sqlite3_bind_int64(st, 1, o->id);
    o->n_subs = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && o->n_subs < cap)
        read_subscription(a, st, &o->subs[o->n_subs++]);
#undef COUNT
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

/* --- orders --------------------------------------------------------------------------------- */

/* The columns written once, at insert; the mutable ones (status...) are among them. */
#define ORDER_DATA_COLS(p)                                                                         \
    p "status, " p "approve_status, " p "currency, " p "test, " p "language, " p "external_ref, " \
    p "source, " p "ws_order, " p "local_time, " p "customer_ip, " p "fraud_score, " p "net, "     \
    p "gross, " p "vat, " p "discount, " p "net_discounted, " p "gross_discounted, " p             \
      "refunded, " p "created, " p "finished, " p "payment_type, " p "card_type, " p               \
      "card_first6, " p "card_last4, " p "holder_name, " p "card_exp_month, " p                    \
      "card_exp_year, " p "recurring_enabled, " p "installments, " p "payment_token, " p           \
      "return_url, " p "cancel_url, " p "auth_token, " p "auth_kind, " ADDRESS_COLS(p "bill_")   \
      ", " p "bill_tax_exemption_id, " p "promotions, " p "doc"
static void bind_order(sqlite3_stmt *st, int *i, ks_arena *a, const ks_order *o)
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
}

#define ORDER_SELECT                                                                               \
    "SELECT o.id, o.vendor_id, o.ref_no, o.order_no, " ORDER_DATA_COLS("o.") ", "                  \
    CUSTOMER_COLS("c.") " FROM orders o JOIN customers c ON c.id = o.customer_id "

static void read_order(ks_arena *a, sqlite3_stmt *st, ks_order *o)
{
    int i = 0;
    memset(o, 0, sizeof *o);
    o->id = c_int(st, &i);
    o->vendor_id = c_int(st, &i);
    o->ref_no = c_text(a, st, &i);
    o->order_no = c_int(st, &i);
    ks_order_status_parse(&o->status, (const char *)sqlite3_column_text(st, i++));
    ks_approve_status_parse(&o->approve, (const char *)sqlite3_column_text(st, i++));
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
    read_customer(a, st, &i, &o->customer);
}

/* One more use of each coupon's promotion, within its limit: 0, 1 when a limit is reached. */
static int count_promotions(sqlite3 *db, int64_t vendor_id, const ks_order *o, ks_err *err)
{
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "UPDATE promotions SET used_orders = used_orders + 1 WHERE id = "
                                   "(SELECT promotion_id FROM promotion_coupons WHERE vendor_id = "
                                   "? AND code = ?) AND (max_orders = 0 OR used_orders < "
                                   "max_orders)");
    if (!st)
        return -1;
    for (size_t k = 0; k < o->n_promotions; k++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, vendor_id);
        sq_bind_text(st, 2, o->promotions[k]);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
        if (sqlite3_changes(db) == 0) {
            ks_err_setf(err, KS_E_PROMOTION_LIMIT_REACHED,
                        "Promotion of coupon '%.64s' has reached its maximum number of orders",
                        o->promotions[k]);
            rc = 1;
            goto done;
        }
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

/* Writes o inside the caller's write transaction: its customer (o->customer.id > 0: that one),
 * the row, its lines and children, its renewal key, the use of its promotions and its jobs.
 * 0, 1 when a reference (or the renewal key) is taken, -1 on a database error, 2 when
 * count_promotions refused it (*err set). */
static int write_order(sqlite3 *db, ks_arena *a, int64_t vendor_id, ks_order *o, ks_err *err)
{
    int rc = -1, r, i = 0;
    sqlite3_stmt *st = NULL;
    if (o->customer.id <= 0) {
        if ((r = write_customer(db, a, vendor_id, o)) != 0) {
            rc = r;
            goto done;
        }
    }
    /* the vendor's order count: BEGIN IMMEDIATE holds the write lock, so no other order can
     * take the same number */
    if (!(st = sq_prep(db, "SELECT coalesce(max(order_no), 0) + 1 FROM orders WHERE vendor_id = "
                           "?")))
        goto done;
    sqlite3_bind_int64(st, 1, vendor_id);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto done;
    o->order_no = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!(st = prep_insert(db, "orders",
                           "vendor_id, ref_no, order_no, customer_id, renewal_of, renewal_key, "
                           ORDER_DATA_COLS(""))))
        goto done;
    b_int(st, &i, vendor_id);
    b_text(st, &i, o->ref_no);
    b_int(st, &i, o->order_no);
    b_int(st, &i, o->customer.id);
    b_text(st, &i, o->renewal_of);
    b_text(st, &i, o->renewal_key);
    bind_order(st, &i, a, o);
    r = sqlite3_step(st);
    if (r == SQLITE_CONSTRAINT) {
        rc = 1;
        goto done;
    }
    if (r != SQLITE_DONE)
        goto done;
    o->id = sqlite3_last_insert_rowid(db);
    o->vendor_id = vendor_id;
    if (insert_lines(db, o->id, o))
        goto done;
    if ((r = append_children(db, vendor_id, o, 0, 0, 0)) != 0) {
        rc = r;
        goto done;
    }
    if (o->status != KS_ORDER_CANCELED && (r = count_promotions(db, vendor_id, o, err)) != 0) {
        rc = r < 0 ? -1 : 2;
        goto done;
    }
    if (sq_jobs_write(db, o->jobs))
        goto done;
    rc = 0;
done:
    sqlite3_finalize(st);
    return rc;
}

int sq_order_insert(ks_store *base, ks_arena *a, int64_t vendor_id, ks_order *o, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0, r;
    pthread_mutex_lock(&s->wmu);
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if ((r = write_order(db, a, vendor_id, o, err)) < 0)
        goto fail;
    if (r == 1)
        goto taken;
    if (r == 2)
        goto done;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
taken:
    ks_err_set(err, KS_E_ORDER_REFERENCE_TAKEN);
    goto done;
fail:
    sq_db_error(db, "order_insert", err);
done:
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&s->wmu);
    sq_release(s, db);
    return rc;
}

int sq_subscription_renew(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                          ks_time period, ks_order *o, ks_time next, int expire, int *stale,
                          ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0, r;
    sqlite3_stmt *st = NULL;
    *stale = 0;
    pthread_mutex_lock(&s->wmu);
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if (!(st = sq_prep(db, "SELECT expiration FROM subscriptions WHERE vendor_id = ? AND "
                           "reference = ?")))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, reference);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_setf(err, KS_E_SUBSCRIPTION_NOT_FOUND, "Subscription '%.64s' not found", reference);
        goto done;
    }
    if (r != SQLITE_ROW)
        goto fail;
    int64_t cur = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (cur != period) {
        *stale = 1;
        rc = 0;
        goto done;
    }
    if ((r = write_order(db, a, vendor_id, o, err)) < 0)
        goto fail;
    if (r == 2)
        goto done;
    if (r == 1) {
        /* the renewal key is the likelier collision: this attempt was stored already */
        if (!(st = sq_prep(db, "SELECT 1 FROM orders WHERE vendor_id = ? AND renewal_key = ?")))
            goto fail;
        sqlite3_bind_int64(st, 1, vendor_id);
        sq_bind_text(st, 2, o->renewal_key);
        r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            *stale = 1;
            rc = 0;
        } else if (r == SQLITE_DONE) {
            ks_err_set(err, KS_E_ORDER_REFERENCE_TAKEN);
        } else {
            goto fail;
        }
        goto done;
    }
    /* a paid renewal also converts a trial into a paying subscription */
    if (!(st = sq_prep(db, "UPDATE subscriptions SET expiration = CASE WHEN ?1 THEN ?2 ELSE "
                           "expiration END, trial = CASE WHEN ?1 THEN 0 ELSE trial END, "
                           "enabled = CASE WHEN ?3 THEN 0 ELSE enabled END, "
                           "updated = ?4 WHERE vendor_id = ?5 AND reference = ?6")))
        goto fail;
    sqlite3_bind_int(st, 1, o->status == KS_ORDER_COMPLETE);
    sqlite3_bind_int64(st, 2, next);
    sqlite3_bind_int(st, 3, expire);
    sqlite3_bind_int64(st, 4, o->created);
    sqlite3_bind_int64(st, 5, vendor_id);
    sq_bind_text(st, 6, reference);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "subscription_renew", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&s->wmu);
    sq_release(s, db);
    return rc;
}

/* Finds and loads the order by vendor and RefNo, or by its page token. 1 found, 0 not, -1. */
static int find_order(sqlite3 *db, ks_arena *a, int64_t vendor_id, const char *ref_no,
                      const char *token, ks_order *out)
{
    int rc = -1;
    sqlite3_stmt *st =
        ref_no ? sq_prep(db, ORDER_SELECT "WHERE o.vendor_id = ? AND o.ref_no = ?")
               : sq_prep(db, ORDER_SELECT "WHERE o.auth_token = ? AND o.status = 'PENDING'");
    if (!st)
        return -1;
    if (ref_no) {
        sqlite3_bind_int64(st, 1, vendor_id);
        sq_bind_text(st, 2, ref_no);
    } else {
        sq_bind_text(st, 1, token);
    }
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        read_order(a, st, out);
        rc = load_children(db, a, out) ? -1 : 1;
    } else if (r == SQLITE_DONE) {
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

static void not_found(ks_err *err, const char *ref_no)
{
    if (ref_no)
        ks_err_setf(err, KS_E_ORDER_NOT_FOUND, "Order '%.64s' not found", ref_no);
    else
        ks_err_set(err, KS_E_PAYMENT_AUTHORIZATION_NOT_FOUND);
}

int sq_order_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                 const char *token, ks_order *out, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    /* one read transaction: the row and its children from the same snapshot */
    if (sq_exec(db, "BEGIN", err))
        goto done;
    r = find_order(db, a, vendor_id, ref_no, token, out);
    if (r < 0)
        sq_db_error(db, "order_get", err);
    else if (r == 0)
        not_found(err, ref_no);
    else
        rc = 0;
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
done:
    sq_release(s, db);
    return rc;
}

int sq_order_update(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                    const char *token, ks_order_merge_fn merge, void *arg, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0, r, i = 0;
    sqlite3_stmt *st = NULL;
    ks_order cur, next;
    pthread_mutex_lock(&s->wmu);
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if ((r = find_order(db, a, vendor_id, ref_no, token, &cur)) < 0)
        goto fail;
    if (r == 0) {
        not_found(err, ref_no);
        goto done;
    }
    if (merge(&next, &cur, arg, err))
        goto done;
    if (!(st = sq_prep(db, "UPDATE orders SET status = ?, approve_status = ?, finished = ?, "
                           "refunded = ?, auth_token = ?, auth_kind = ? WHERE id = ?")))
        goto fail;
    b_text(st, &i, ks_order_status_name(next.status));
    b_text(st, &i, ks_approve_status_name(next.approve));
    b_int(st, &i, next.finished);
    b_int(st, &i, next.refunded);
    b_text(st, &i, next.auth_token);
    b_text(st, &i, next.auth_kind);
    b_int(st, &i, cur.id);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    next.id = cur.id;
    next.customer = cur.customer;
    if ((r = append_children(db, cur.vendor_id, &next, cur.n_history, cur.n_errors,
                             cur.n_refunds)) < 0)
        goto fail;
    if (r > 0) {
        ks_err_set(err, KS_E_ORDER_REFERENCE_TAKEN);
        goto done;
    }
    if (sq_jobs_write(db, next.jobs))
        goto fail;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "order_update", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&s->wmu);
    sq_release(s, db);
    return rc;
}

int sq_order_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_order_query *q,
                    ks_order **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    ks_buf where = KS_BUF_INIT, sql = KS_BUF_INIT;
    sqlite3_stmt *st = NULL;
    size_t cnt = 0;
    ks_order *list = NULL;
    int in_tx = 0;
    /* one read transaction: the count, the page and its children from the same snapshot */
    if (sq_exec(db, "BEGIN", err))
        goto done;
    in_tx = 1;
    /* ?1 vendor, ?2 status, ?3 approval, ?4 start, ?5 end, ?6 external reference */
    ks_buf_puts(&where, "WHERE o.vendor_id = ?1");
    if (q->has_status)
        ks_buf_puts(&where, " AND o.status = ?2");
    if (q->has_approve)
        ks_buf_puts(&where, " AND o.approve_status = ?3");
    if (q->has_start)
        ks_buf_puts(&where, " AND o.created >= ?4");
    if (q->has_end)
        ks_buf_puts(&where, " AND o.created <= ?5");
    if (q->external_ref)
        ks_buf_puts(&where, " AND o.external_ref = ?6");
    if (q->test == KS_TEST_ORDERS_NO)
        ks_buf_puts(&where, " AND o.test = 0");
    else if (q->test == KS_TEST_ORDERS_ONLY)
        ks_buf_puts(&where, " AND o.test = 1");

#define BIND_FILTERS(st)                                                                           \
    do {                                                                                           \
        sqlite3_bind_int64(st, 1, vendor_id);                                                      \
        sq_bind_text(st, 2, ks_order_status_name(q->status));                                     \
        sq_bind_text(st, 3, ks_approve_status_name(q->approve));                                  \
        sqlite3_bind_int64(st, 4, q->start);                                                       \
        sqlite3_bind_int64(st, 5, q->end);                                                         \
        sq_bind_text(st, 6, q->external_ref);                                                      \
    } while (0)

    ks_buf_printf(&sql, "SELECT count(*) FROM orders o %s", where.data);
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    BIND_FILTERS(st);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sql.len = 0;
    ks_buf_printf(&sql, ORDER_SELECT "%s ORDER BY o.created DESC, o.id DESC LIMIT ?7 OFFSET ?8",
                  where.data);
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    BIND_FILTERS(st);
#undef BIND_FILTERS
    sqlite3_bind_int64(st, 7, q->limit);
    sqlite3_bind_int64(st, 8, (q->page - 1) * q->limit);
    list = ks_arena_alloc(a, ((size_t)q->limit + 1) * sizeof *list);
    while ((r = sqlite3_step(st)) == SQLITE_ROW && cnt < (size_t)q->limit)
        read_order(a, st, &list[cnt++]);
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        goto fail;
    for (size_t k = 0; k < cnt; k++)
        if (load_children(db, a, &list[k]))
            goto fail;
    *out = list;
    *n = cnt;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "order_search", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    ks_buf_free(&where);
    ks_buf_free(&sql);
    sq_release(s, db);
    return rc;
}

int sq_subscription_orders(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                           ks_order **out, size_t *n, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0, r;
    sqlite3_stmt *st = NULL;
    size_t cnt = 0, cap = 8;
    ks_order *list = NULL;
    if (sq_exec(db, "BEGIN", err))
        goto done;
    in_tx = 1;
    if (!(st = sq_prep(db, "SELECT order_id FROM subscriptions WHERE vendor_id = ? AND "
                           "reference = ?")))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, reference);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_setf(err, KS_E_SUBSCRIPTION_NOT_FOUND, "Subscription '%.64s' not found", reference);
        goto done;
    }
    if (r != SQLITE_ROW)
        goto fail;
    int64_t first = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, ORDER_SELECT "WHERE o.vendor_id = ?1 AND (o.id = ?2 OR o.renewal_of = "
                                        "?3) ORDER BY o.created, o.id")))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sqlite3_bind_int64(st, 2, first);
    sq_bind_text(st, 3, reference);
    list = ks_arena_alloc(a, cap * sizeof *list);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap) {
            ks_order *bigger = ks_arena_alloc(a, 2 * cap * sizeof *bigger);
            memcpy(bigger, list, cnt * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        read_order(a, st, &list[cnt++]);
    }
    if (r != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, "SELECT renewal_of, renewal_key FROM orders WHERE id = ?")))
        goto fail;
    for (size_t k = 0; k < cnt; k++) {
        if (load_children(db, a, &list[k]))
            goto fail;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, list[k].id);
        if (sqlite3_step(st) != SQLITE_ROW)
            goto fail;
        int i = 0;
        list[k].renewal_of = c_text(a, st, &i);
        list[k].renewal_key = c_text(a, st, &i);
    }
    *out = list;
    *n = cnt;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "subscription_orders", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

/* A value to bind to the next ? of a search. */
typedef struct {
    const char *s; /* text, or NULL for an integer */
    int64_t i;
} sub_bind;

static void in_list(ks_buf *w, sub_bind *b, size_t *nb, const char *col, const char **vals,
                    size_t n, int nocase)
{
    ks_buf_printf(w, " AND %s IN (", col);
    for (size_t k = 0; k < n; k++) {
        ks_buf_puts(w, k ? ", ?" : "?");
        if (nocase)
            ks_buf_puts(w, " COLLATE NOCASE");
        b[(*nb)++] = (sub_bind){vals[k] ? vals[k] : "", 0};
    }
    ks_buf_putc(w, ')');
}

int sq_subscription_search(ks_store *base, ks_arena *a, int64_t vendor_id,
                           const ks_subscription_query *q, ks_subscription **out, size_t *n,
                           int64_t *total, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r, in_tx = 0;
    ks_buf where = KS_BUF_INIT, sql = KS_BUF_INIT;
    sqlite3_stmt *st = NULL;
    size_t cnt = 0, nb = 0;
    ks_subscription *list = NULL;
    sub_bind *b = ks_arena_alloc(a, (16 + q->n_references + q->n_product_codes + q->n_countries) *
                                        sizeof *b);
    /* one read transaction: the count and the page from the same snapshot */
    if (sq_exec(db, "BEGIN", err))
        goto done;
    in_tx = 1;
    ks_buf_puts(&where, "WHERE s.vendor_id = ?");
    b[nb++] = (sub_bind){NULL, vendor_id};
    if (q->n_references)
        in_list(&where, b, &nb, "s.reference", q->references, q->n_references, 0);
    if (q->email) {
        ks_buf_puts(&where, " AND s.eu_email = ? COLLATE NOCASE");
        b[nb++] = (sub_bind){q->email, 0};
    }
    if (q->external_customer_ref) {
        ks_buf_puts(&where, " AND coalesce(s.ext_customer_ref, c.external_ref) = ?");
        b[nb++] = (sub_bind){q->external_customer_ref, 0};
    }
    if (q->customer_reference) {
        ks_buf_puts(&where, " AND c.reference = ?");
        b[nb++] = (sub_bind){NULL, q->customer_reference};
    }
#define FLAG(has, col, v)                                                                          \
    if (has) {                                                                                     \
        ks_buf_puts(&where, " AND " col " = ?");                                                  \
        b[nb++] = (sub_bind){NULL, (v) ? 1 : 0};                                                   \
    }
    FLAG(q->has_enabled, "s.enabled", q->enabled)
    FLAG(q->has_recurring, "s.recurring_enabled", q->recurring)
    FLAG(q->has_lifetime, "s.lifetime", q->lifetime)
    FLAG(q->has_test, "s.test", q->test)
#undef FLAG
    if (q->n_product_codes)
        in_list(&where, b, &nb, "s.product_code", q->product_codes, q->n_product_codes, 0);
    if (q->n_countries)
        in_list(&where, b, &nb, "s.eu_country", q->countries, q->n_countries, 1);
#define BOUND(has, expr, v)                                                                        \
    if (has) {                                                                                     \
        ks_buf_puts(&where, " AND " expr " ?");                                                   \
        b[nb++] = (sub_bind){NULL, v};                                                             \
    }
    BOUND(q->has_purchased_after, "s.created >=", q->purchased_after)
    BOUND(q->has_purchased_before, "s.created <=", q->purchased_before)
    BOUND(q->has_expire_after, "s.expiration >=", q->expire_after)
    BOUND(q->has_expire_before, "s.expiration <=", q->expire_before)
#undef BOUND

#define BIND_ALL(st)                                                                               \
    for (size_t k = 0; k < nb; k++) {                                                              \
        if (b[k].s)                                                                                \
            sq_bind_text(st, (int)k + 1, b[k].s);                                                  \
        else                                                                                       \
            sqlite3_bind_int64(st, (int)k + 1, b[k].i);                                            \
    }
    ks_buf_printf(&sql,
                  "SELECT count(*) FROM subscriptions s JOIN customers c ON c.id = s.customer_id "
                  "%s",
                  where.data);
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    BIND_ALL(st)
    if (sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sql.len = 0;
    ks_buf_printf(&sql, SUB_SELECT "%s ORDER BY s.created DESC, s.id DESC LIMIT %lld OFFSET %lld",
                  where.data, (long long)q->limit, (long long)((q->page - 1) * q->limit));
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    BIND_ALL(st)
#undef BIND_ALL
    list = ks_arena_alloc(a, ((size_t)q->limit + 1) * sizeof *list);
    while ((r = sqlite3_step(st)) == SQLITE_ROW && cnt < (size_t)q->limit)
        read_subscription(a, st, &list[cnt++]);
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        goto fail;
    *out = list;
    *n = cnt;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "subscription_search", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    ks_buf_free(&where);
    ks_buf_free(&sql);
    sq_release(s, db);
    return rc;
}

int sq_subscription_upgrade(ks_store *base, ks_arena *a, int64_t vendor_id,
                            const ks_subscription *cur, const ks_subscription *next, ks_order *o,
                            int *stale, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0, r, i = 0;
    sqlite3_stmt *st = NULL;
    *stale = 0;
    pthread_mutex_lock(&s->wmu);
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    /* compare and set: the subscription as the upgrade was priced */
    if (!(st = sq_prep(db, "SELECT 1 FROM subscriptions WHERE id = ? AND vendor_id = ? AND "
                           "product_code IS ? AND options IS ? AND expiration = ? AND enabled "
                           "AND recurring_enabled")))
        goto fail;
    b_int(st, &i, cur->id);
    b_int(st, &i, vendor_id);
    b_text(st, &i, cur->product_code);
    b_text(st, &i, cur->options);
    b_int(st, &i, cur->expiration);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        *stale = 1;
        rc = 0;
        goto done;
    }
    if (r != SQLITE_ROW)
        goto fail;
    sqlite3_finalize(st);
    st = NULL;
    if ((r = write_order(db, a, vendor_id, o, err)) < 0)
        goto fail;
    if (r == 2)
        goto done;
    if (r == 1) {
        ks_err_set(err, KS_E_ORDER_REFERENCE_TAKEN);
        goto done;
    }
    if (!(st = sq_prep(db, "UPDATE subscriptions SET product_code = ?, product_id = ?, "
                           "product_name = ?, product_version = ?, sku = ?, options = ?, "
                           "updated = ? WHERE id = ?")))
        goto fail;
    i = 0;
    b_text(st, &i, next->product_code);
    b_int(st, &i, next->product_id);
    b_text(st, &i, next->product_name);
    b_text(st, &i, next->product_version);
    b_text(st, &i, next->sku);
    b_text(st, &i, next->options);
    b_int(st, &i, next->updated);
    b_int(st, &i, cur->id);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "subscription_upgrade", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&s->wmu);
    sq_release(s, db);
    return rc;
}
