/* sql_orders_int.h — what sql_orders.c and sql_subscriptions.c share: the column
 * helpers, the subscription columns, and the writers each calls in the other. Private to these
 * two files. */
#ifndef KS_STORE_SQL_ORDERS_INT_H
#define KS_STORE_SQL_ORDERS_INT_H

#include <stdint.h>
#include <string.h>

#include "../../core/buf.h"
#include "sql_int.h"

/* --- column helpers: i counts the parameter or column, so that a list and its binding are
 * written in the same order, once ---------------------------------------------------------- */

static inline void b_text(sq_stmt *st, int *i, const char *s)
{
    sq_bind_text(st, ++*i, s);
}

static inline void b_int(sq_stmt *st, int *i, int64_t v)
{
    sq_bind_int(st, ++*i, v);
}

static inline const char *c_text(ks_arena *a, sq_stmt *st, int *i)
{
    return sq_col_text(a, st, (*i)++);
}

static inline int64_t c_int(sq_stmt *st, int *i)
{
    return sq_col_int(st, (*i)++);
}

/* "INSERT INTO table(cols) VALUES(?, ...)" with one parameter per column, and then tail
 * (" RETURNING id", or ""), prepared. */
static inline sq_stmt *prep_insert_tail(sq_conn *db, const char *table, const char *cols,
                                        const char *tail)
{
    ks_buf b = KS_BUF_INIT;
    ks_buf_printf(&b, "INSERT INTO %s(%s) VALUES(?", table, cols);
    for (const char *p = cols; *p; p++)
        if (*p == ',')
            ks_buf_puts(&b, ",?");
    ks_buf_puts(&b, ")");
    ks_buf_puts(&b, tail);
    sq_stmt *st = sq_prep(db, b.data);
    ks_buf_free(&b);
    return st;
}

static inline sq_stmt *prep_insert(sq_conn *db, const char *table, const char *cols)
{
    return prep_insert_tail(db, table, cols, "");
}

/* prep_insert of an INSERT ... RETURNING id (step it with sq_step_id). */
static inline sq_stmt *prep_insert_id(sq_conn *db, const char *table, const char *cols)
{
    return prep_insert_tail(db, table, cols, " RETURNING id");
}

/* "UPDATE table SET (cols) = (?, ...) WHERE id = ?" with one parameter per column, then the id,
 * prepared. */
static inline sq_stmt *prep_update(sq_conn *db, const char *table, const char *cols)
{
    ks_buf b = KS_BUF_INIT;
    ks_buf_printf(&b, "UPDATE %s SET (%s) = (?", table, cols);
    for (const char *p = cols; *p; p++)
        if (*p == ',')
            ks_buf_puts(&b, ",?");
    ks_buf_puts(&b, ") WHERE id = ?");
    sq_stmt *st = sq_prep(db, b.data);
    ks_buf_free(&b);
    return st;
}

#define ADDRESS_COLS(p)                                                                            \
    p "first_name, " p "last_name, " p "company, " p "fiscal_code, " p "tax_office, " p            \
      "email, " p "phone, " p "fax, " p "address1, " p "address2, " p "city, " p "zip, " p         \
      "country, " p "state"

/* "col = ?" for each column of ADDRESS_COLS, in the same order. */
#define ADDRESS_SET(p)                                                                             \
    p "first_name = ?, " p "last_name = ?, " p "company = ?, " p "fiscal_code = ?, " p             \
      "tax_office = ?, " p "email = ?, " p "phone = ?, " p "fax = ?, " p "address1 = ?, " p        \
      "address2 = ?, " p "city = ?, " p "zip = ?, " p "country = ?, " p "state = ?"

static inline void bind_address(sq_stmt *st, int *i, const ks_address *a)
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

static inline void read_address(ks_arena *a, sq_stmt *st, int *i, ks_address *out)
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
static inline const char *join(ks_arena *a, const char **list, size_t n)
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

static inline void split(ks_arena *a, const char *s, const char ***out, size_t *n)
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

/* --- subscriptions -------------------------------------------------------------------------- */

#define SUB_DATA_COLS(p)                                                                           \
    p "reference, " p "order_id, " p "line, " p "customer_id, " p "product_code, " p               \
      "product_id, " p "product_name, " p "product_version, " p "sku, " p "quantity, " p           \
      "options, " ADDRESS_COLS(p "eu_") ", " p "language, " p "start, " p "expiration, " p         \
                                        "lifetime, " p "recurring_enabled, " p "enabled, " p       \
                                        "test, " p "trial, " p "cycle_length, " p "cycle_unit, " p \
                                        "contract_length, " p "contract_unit, " p "currency, " p   \
                                        "renewal_price, " p "payment_token, " p "card_type, " p    \
                                        "card_last4, " p "card_exp_month, " p "card_exp_year, " p  \
                                        "created, " p "partner_code"

#define SUB_SELECT                                                                                 \
    "SELECT s.id, " SUB_DATA_COLS(                                                                 \
        "s.") ", o.ref_no, c.reference, coalesce(s.ext_customer_ref, c.external_ref) "             \
              "FROM subscriptions s "                                                              \
              "JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = s.customer_id "

/* Inserts s, a new subscription of the order order_id, inside the caller's transaction. 0, 1 when
 * its reference is taken, -1 on a database error. Sets s->id, order_id and customer_id. */
int sq_subscription_write(sq_conn *db, int64_t vendor_id, int64_t order_id, int64_t customer_id,
                          ks_subscription *s);
/* The row of a SUB_SELECT into *s. */
void sq_subscription_read(ks_arena *a, sq_stmt *st, ks_subscription *s);

/* Writes o inside the caller's write transaction: its customer (o->customer.id > 0: that one),
 * the row, its lines and children, its renewal key, the use of its promotions and its jobs.
 * 0, 1 when a reference (or the renewal key) is taken, -1 on a database error, 2 when the use of
 * its promotions was refused (*err set). */
int sq_order_write(sq_conn *db, ks_arena *a, int64_t vendor_id, ks_order *o, ks_err *err);

#endif
