/* sql_int.h — what the store's bodies share, whatever the database: the statement calls over
 * the driver (driver.h), the transaction wrappers, the query builder and pagination
 * (sql_query.c), and the store functions of each file. Private to src/store/sql/.
 *
 * Every store function is one sq_read or sq_write around a body. The driver's wrapper borrows
 * a connection, opens the transaction, runs the body, commits when it returns SQ_OK and rolls
 * back otherwise, gives back the statements the body left open and the connection, and maps a
 * database error to the API's error, once. A body never begins, commits, rolls back or
 * releases anything itself, and (PostgreSQL aborts a transaction at its first error) runs no
 * further statement after a step returned SQ_CONSTRAINT or an error. */
#ifndef KS_STORE_SQL_INT_H
#define KS_STORE_SQL_INT_H

#include <stdatomic.h>
#include <stdint.h>

#include "../../domain/store.h"
#include "driver.h"

/* --- transactions ----------------------------------------------------------------------------
 * 0, or -1 with *err set; what (the store operation's name) goes in the log. */
static inline int sq_read(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg,
                          ks_err *err)
{
    return ((sq_store_base *)base)->drv->read(base, a, what, body, arg, err);
}

static inline int sq_write(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg,
                           ks_err *err)
{
    return ((sq_store_base *)base)->drv->write(base, a, what, body, arg, err);
}

/* Sets *tx->err to code (with the message fmt when not NULL): SQ_REFUSED. */
int sq_refuse(sq_tx *tx, ks_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* --- statements ------------------------------------------------------------------------------
 * The one place statements are prepared (and where tests make the Nth one fail: sq_fault,
 * driver.h). A body may leave its statements to the wrapper, which gives them back at the
 * end. */

/* Logs the connection's error and sets SERVICE_UNAVAILABLE (busy) or INTERNAL_ERROR. -1. */
static inline int sq_db_error(sq_conn *c, const char *what, ks_err *err)
{
    return c->drv->error(c, what, err);
}

/* Runs sql (no parameters, no rows). 0, or -1 with *err set (logged). */
static inline int sq_exec(sq_conn *c, const char *sql, ks_err *err)
{
    if (sq_fault(sql))
        return ks_err_setf(err, KS_E_INTERNAL_ERROR, "Internal storage error");
    return c->drv->exec(c, sql, err);
}

/* NULL on failure (logged). The statement may come from the connection's cache (preparing,
 * i.e. parsing and planning, cost a third of a GET): give it back with sq_finish, or leave it
 * to the wrapper. */
static inline sq_stmt *sq_prep(sq_conn *c, const char *sql)
{
    return sq_fault(sql) ? NULL : c->drv->prep(c, sql);
}

/* Gives a statement of sq_prep back (reset for its next use, or freed). NULL does nothing. */
static inline void sq_finish(sq_stmt *st)
{
    if (st)
        st->drv->finish(st);
}

/* Ready to be stepped again; the bindings stay until bound anew. */
static inline void sq_reset(sq_stmt *st)
{
    st->drv->reset(st);
}

static inline void sq_bind_int(sq_stmt *st, int i, int64_t v)
{
    st->drv->bind_int(st, i, v);
}

/* NULL binds SQL NULL. */
static inline void sq_bind_text(sq_stmt *st, int i, const char *s)
{
    st->drv->bind_text(st, i, s);
}

/* SQ_ROW, SQ_DONE, SQ_CONSTRAINT or SQ_STEP_ERROR. */
static inline int sq_step(sq_stmt *st)
{
    return st->drv->step(st);
}

static inline int sq_col_null(sq_stmt *st, int i)
{
    return st->drv->col_null(st, i);
}

static inline int64_t sq_col_int(sq_stmt *st, int i)
{
    return st->drv->col_int(st, i);
}

/* The column's text, valid until the next step, reset or finish; NULL for SQL NULL. */
static inline const char *sq_col_str(sq_stmt *st, int i)
{
    return st->drv->col_text(st, i);
}

/* Arena copy of a text column; NULL for SQL NULL. */
static inline const char *sq_col_text(ks_arena *a, sq_stmt *st, int i)
{
    const char *s = st->drv->col_text(st, i);
    return s ? ks_arena_strdup(a, s) : NULL;
}

/* Rows changed by the last write stepped to SQ_DONE on c. */
static inline int64_t sq_changes(sq_conn *c)
{
    return c->drv->changes(c);
}

/* Steps a statement that returns no row: 0 (SQ_DONE), 1 on a constraint violation (a UNIQUE
 * key taken: the body must return without another statement), SQ_DB otherwise. */
static inline int sq_step_done(sq_stmt *st)
{
    int r = sq_step(st);
    return r == SQ_DONE ? 0 : r == SQ_CONSTRAINT ? 1 : SQ_DB;
}

/* Steps an INSERT ... RETURNING id to its row: SQ_ROW with *id set, SQ_CONSTRAINT, or
 * SQ_STEP_ERROR. */
static inline int sq_step_id(sq_stmt *st, int64_t *id)
{
    int r = sq_step(st);
    if (r == SQ_ROW)
        *id = sq_col_int(st, 0);
    return r == SQ_ROW || r == SQ_CONSTRAINT ? r : SQ_STEP_ERROR;
}

/* --- queries and pages (sql_query.c) -------------------------------------------------------
 * A statement under construction: its SQL and the values of its ?s in the order they appear,
 * written side by side so that they cannot drift apart. Everything lives in the arena. */

typedef struct {
    const char *text; /* a text value (NULL: SQL NULL, when is_text) */
    int64_t num;
    int is_text;
} sq_val;

typedef struct {
    ks_arena *a;
    char *sql;
    sq_val *v;
    size_t n, cap;
} sq_query;

void sq_q_init(sq_query *q, ks_arena *a, const char *sql);
/* Appends sql (no ?). */
void sq_q_sql(sq_query *q, const char *sql);
/* Appends sql, which holds one ?, and its value. */
void sq_q_text(sq_query *q, const char *sql, const char *v);
void sq_q_int(sq_query *q, const char *sql, int64_t v);
/* Appends " AND col IN (?, ...)" with one ? per value, each followed by collate when not NULL
 * (" COLLATE NOCASE"); nothing when n is 0. The one IN (...) builder. */
void sq_q_in(sq_query *q, const char *col, const char *const *vals, size_t n, const char *collate);
/* Prepares prefix + q's SQL + suffix (either may be NULL) on db and binds q's values. */
sq_stmt *sq_q_prep(sq_conn *db, const char *prefix, const sq_query *q, const char *suffix);

/* The arena array list of *cap elements, grown (doubled) when n elements fill it. */
void *sq_grow(ks_arena *a, void *list, size_t *cap, size_t n, size_t elem);

/* Reads the current row of st into elem (zeroed), strings into a. */
typedef void (*sq_read_fn)(ks_arena *a, sq_stmt *st, void *elem);

/* Every row of st (prepared and bound; NULL: SQ_DB) into *out, an arena array of *n elements of
 * size elem (never NULL). SQ_OK or SQ_DB. The one loop that reads a list. */
int sq_rows(ks_arena *a, sq_stmt *st, size_t elem, sq_read_fn read, void **out, size_t *n);

/* sq_rows of sql with ?1 bound to owner (the child rows of one parent), finalized after. */
int sq_children(sq_conn *db, ks_arena *a, const char *sql, int64_t owner, size_t elem,
                sq_read_fn read, void **out, size_t *n);

/* Reads the row of st into elem (the element of the page being filled). SQ_OK or SQ_DB. */
typedef int (*sq_row_fn)(sq_tx *tx, ks_arena *a, sq_stmt *st, void *elem, void *arg);

/* One page of a search inside the caller's read transaction, so that the page and the total
 * see the same data: *total = count + where (count NULL: *total is the caller's, counted in
 * the same transaction some cheaper way); then, unless the page starts past the end (which
 * also keeps (page - 1) * limit from overflowing: any Page >= 1 is valid), select + where +
 * " ORDER BY " order " LIMIT ? OFFSET ?", each row read into the next element of *out (an
 * arena array of limit elements of size elem). SQ_OK or SQ_DB. */
int sq_page(sq_tx *tx, ks_arena *a, const char *count, const char *select, const sq_query *where,
            const char *order, int64_t page, int64_t limit, size_t elem, sq_row_fn read, void *arg,
            void **out, size_t *n, int64_t *total);

/* A search: sq_page in a read transaction of its own (where built beforehand, in a). */
int sq_search(ks_store *base, ks_arena *a, const char *what, const char *count, const char *select,
              const sq_query *where, const char *order, int64_t page, int64_t limit, size_t elem,
              sq_row_fn read, void **out, size_t *n, int64_t *total, ks_err *err);

/* Prepares sql (?1 the vendor, ?2 the code) and steps it to its row, *st left on it: SQ_OK,
 * SQ_DB, or refused with not_found ("<kind> '<code>' not found") when there is no row. */
int sq_row_by_code(sq_tx *tx, sq_stmt **st, const char *sql, int64_t vendor_id, const char *code,
                   ks_errcode not_found, const char *kind);

/* The id of the vendor's row of table with this code: 1 found, 0 not, -1 (database error). */
int sq_id_of(sq_conn *db, const char *table, int64_t vendor_id, const char *code, int64_t *id);

/* Vendors, API sessions and the sandbox clock (sql_vendors.c). */
int sq_vendor_insert(ks_store *base, ks_vendor *v, const ks_tax_category *cats, size_t ncats,
                     ks_err *err);
int sq_vendor_set_notify(ks_store *base, int64_t vendor_id, const ks_notify_settings *n,
                         ks_err *err);
int sq_vendor_by_code(ks_store *base, ks_arena *a, const char *code, ks_vendor *out, ks_err *err);
int sq_vendor_by_id(ks_store *base, ks_arena *a, int64_t id, ks_vendor *out, ks_err *err);
int sq_vendor_list(ks_store *base, ks_arena *a, ks_vendor **out, size_t *n, ks_err *err);
int sq_session_insert(ks_store *base, const char *id, int64_t vendor_id, ks_time expires,
                      ks_err *err);
int sq_session_get(ks_store *base, const char *id, int64_t *vendor_id, ks_time *expires,
                   ks_err *err);
int sq_clock_get(ks_store *base, int64_t *offset, ks_err *err);
int sq_clock_advance(ks_store *base, int64_t seconds, ks_err *err);

/* Leads (sql_leads.c). */
int sq_lead_insert(ks_store *base, int64_t vendor_id, const ks_lead *l, const ks_job_list *jobs,
                   ks_err *err);
int sq_lead_update(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                   ks_lead_merge_fn merge, void *arg, ks_err *err);
int sq_lead_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code, ks_lead *out,
                ks_err *err);
int sq_lead_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_lead_query *q,
                   ks_lead **out, size_t *n, int64_t *total, ks_err *err);
int sq_lead_mark(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_lead_mark_in *marks,
                 size_t n, ks_lead_mark_fn apply, void *arg, ks_err *err);
int sq_lead_followup_sent(ks_store *base, int64_t vendor_id, const char *code, int seq,
                          const ks_mail *mail, int *sent, ks_err *err);

/* Jobs (sql_jobs.c). sq_jobs_write enqueues l (NULL or empty: nothing) inside the caller's
 * transaction, so that any store operation can enqueue what its change sets going: 0, or -1
 * (database error, on db). */
int sq_jobs_write(sq_conn *db, const ks_job_list *l);
int sq_job_enqueue(ks_store *base, const ks_job_list *l, ks_err *err);
int sq_job_claim(ks_store *base, ks_arena *a, const ks_job_kind *kinds, size_t n_kinds,
                 ks_time until, ks_time real_now, int lease_s, const char *owner, ks_job *out,
                 int *found, ks_err *err);
int sq_job_claim_many(ks_store *base, ks_arena *a, const ks_job_kind *kinds, size_t n_kinds,
                      ks_time until, ks_time real_now, int lease_s, const char *owner, size_t max,
                      ks_job *out, size_t *n, ks_err *err);
int sq_job_finish(ks_store *base, const ks_job *j, ks_job_state to, ks_time due, const char *error,
                  ks_err *err);
int sq_job_next(ks_store *base, const ks_job_kind *kinds, size_t n_kinds, ks_time until,
                ks_time *due, int *found, ks_err *err);
int sq_job_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_job **out, size_t *n,
                ks_err *err);

/* The notification outbox (sql_notify.c). sq_notices_write writes l's notices and their
 * delivery jobs inside the caller's transaction (sq_jobs_write calls it). */
int sq_notices_write(sq_conn *db, const ks_job_list *l);
int sq_notice_get(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t id, ks_notice *out,
                  ks_err *err);
int sq_notice_record(ks_store *base, int64_t vendor_id, int64_t id, int attempts,
                     const ks_notice_attempt *t, ks_notice_state to, int *recorded, ks_err *err);
int sq_notice_list(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_notice_query *q,
                   ks_notice **out, size_t *n, int64_t *total, ks_err *err);
int sq_notice_replay(ks_store *base, int64_t vendor_id, int64_t id, const char *kind, ks_time now,
                     ks_err *err);
int sq_notice_stats(ks_store *base, ks_arena *a, const char ***outcomes, int64_t **counts,
                    size_t *n, ks_err *err);

/* The mailbox (sql_mail.c). sq_mail_write keeps a mail inside the caller's transaction: 0,
 * or -1 (database error, on db). */
int sq_mail_write(sq_conn *db, int64_t vendor_id, const ks_mail *m);
int sq_mail_list(ks_store *base, ks_arena *a, int64_t vendor_id, const char *to, int64_t page,
                 int64_t limit, ks_mail **out, size_t *n, int64_t *total, ks_err *err);

/* Catalog (sql_catalog.c). */
/* Writes a vendor's tax categories inside the caller's transaction. 0 or -1 (database error). */
int sq_tax_categories_write(sq_conn *db, int64_t vendor_id, const ks_tax_category *list, size_t n);
int sq_tax_categories_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_tax_category **out,
                           size_t *n, ks_err *err);
int sq_currency_get(ks_store *base, ks_arena *a, int64_t vendor_id, ks_currency_settings *out,
                    ks_err *err);
int sq_currency_set(ks_store *base, int64_t vendor_id, const char *base_currency, int set_rates,
                    const ks_fx_rate *rates, size_t n, ks_err *err);
int sq_product_insert(ks_store *base, int64_t vendor_id, ks_product *p, ks_err *err);
int sq_product_replace(ks_store *base, int64_t vendor_id, const ks_product *p, ks_err *err);
int sq_product_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                   ks_product *out, ks_err *err);
int sq_product_set_enabled(ks_store *base, int64_t vendor_id, const char *code, int enabled,
                           ks_time now, ks_err *err);
int sq_product_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_product_query *q,
                      ks_product **out, size_t *n, int64_t *total, ks_err *err);
int sq_option_group_insert(ks_store *base, int64_t vendor_id, const ks_option_group *g,
                           ks_err *err);
int sq_option_group_replace(ks_store *base, int64_t vendor_id, const ks_option_group *g,
                            ks_err *err);
int sq_option_group_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                        ks_option_group *out, ks_err *err);
int sq_option_group_search(ks_store *base, ks_arena *a, int64_t vendor_id,
                           const ks_option_group_query *q, ks_option_group **out, size_t *n,
                           int64_t *total, ks_err *err);
int sq_promotion_insert(ks_store *base, int64_t vendor_id, const ks_promotion *p, ks_err *err);
int sq_promotion_replace(ks_store *base, int64_t vendor_id, const ks_promotion *p, ks_err *err);
int sq_promotion_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                     ks_promotion *out, ks_err *err);
int sq_promotion_by_coupon(ks_store *base, ks_arena *a, int64_t vendor_id, const char *coupon,
                           ks_promotion *out, ks_err *err);
int sq_promotion_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_promotion_query *q,
                        ks_promotion **out, size_t *n, int64_t *total, ks_err *err);
int sq_crosssell_insert(ks_store *base, int64_t vendor_id, const ks_crosssell *c, ks_err *err);
int sq_crosssell_replace(ks_store *base, int64_t vendor_id, const ks_crosssell *c, ks_err *err);
int sq_crosssell_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                     ks_crosssell *out, ks_err *err);
int sq_crosssell_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_crosssell_query *q,
                        ks_crosssell **out, size_t *n, int64_t *total, ks_err *err);

/* Orders and customers (sql_orders.c, with sq_subscription_orders: the orders of a
 * subscription) and subscriptions (sql_subscriptions.c). */
int sq_order_insert(ks_store *base, ks_arena *a, int64_t vendor_id, ks_order *o, ks_err *err);
int sq_order_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                 const char *token, ks_order *out, ks_err *err);
int sq_order_payer(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                   const char **holder_name, const char **card_first6, ks_err *err);
int sq_order_update(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                    const char *token, ks_order_merge_fn merge, void *arg, ks_err *err);
int sq_order_search(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_order_query *q,
                    ks_order **out, size_t *n, int64_t *total, ks_err *err);
int sq_customer_get(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t reference,
                    const char *external_ref, ks_customer *out, ks_err *err);
int sq_customer_insert(ks_store *base, int64_t vendor_id, ks_customer *c, ks_err *err);
int sq_customer_update(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t reference,
                       ks_customer_merge_fn merge, void *arg, int push, ks_err *err);
int sq_subscription_renew(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                          ks_time period, ks_order *o, ks_time next, int expire, int *stale,
                          ks_err *err);
int sq_subscription_update(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                           ks_subscription_merge_fn merge, void *arg, ks_err *err);
int sq_subscription_orders(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                           ks_order **out, size_t *n, ks_err *err);
int sq_subscription_search(ks_store *base, ks_arena *a, int64_t vendor_id,
                           const ks_subscription_query *q, ks_subscription **out, size_t *n,
                           int64_t *total, ks_err *err);
int sq_subscription_upgrade(ks_store *base, ks_arena *a, int64_t vendor_id,
                            const ks_subscription *cur, const ks_subscription *next, ks_order *o,
                            int *stale, ks_err *err);
int sq_subscription_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                        ks_subscription *out, ks_err *err);

/* The web console's sessions and the order figures of its charts (sql_console.c). */
int sq_console_session_insert(ks_store *base, const char *id_hash, const char *csrf,
                              ks_time expires, ks_time real_now, ks_err *err);
int sq_console_session_get(ks_store *base, ks_arena *a, const char *id_hash,
                           ks_console_session *out, ks_err *err);
int sq_console_session_delete(ks_store *base, const char *id_hash, ks_err *err);
int sq_order_stats(ks_store *base, ks_arena *a, int64_t vendor_id, ks_time from, int64_t bucket_s,
                   int64_t n_buckets, ks_order_stat_row **out, size_t *n, ks_err *err);
/* The Channel Manager (sql_partners.c). */
int sq_partner_insert(ks_store *base, int64_t vendor_id, ks_partner *p, ks_err *err);
int sq_partner_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code, int64_t id,
                   ks_partner *out, ks_err *err);
int sq_partner_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_partner **out, size_t *n,
                    ks_err *err);
int sq_partner_session_get(ks_store *base, ks_arena *a, const char *sid, int64_t vendor_id,
                           ks_partner_session *out, ks_err *err);
int sq_partner_session_set(ks_store *base, const char *sid, int64_t vendor_id, int64_t partner_id,
                           ks_err *err);
int sq_partner_session_save(ks_store *base, const char *sid, const ks_partner_session *ps,
                            int clear, const ks_partner_cart_line *add, ks_err *err);
int sq_partner_orders(ks_store *base, ks_arena *a, int64_t vendor_id, const char *partner_code,
                      const char *ext, const char ***out, size_t *n, ks_err *err);
int sq_proforma_insert(ks_store *base, int64_t vendor_id, ks_proforma *p, ks_err *err);
int sq_proforma_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *number,
                    ks_proforma *out, ks_err *err);
int sq_proforma_of_order(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                         const char **number, ks_err *err);
int sq_proforma_list(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t partner_id,
                     ks_proforma **out, size_t *n, ks_err *err);
int sq_proforma_paid(ks_store *base, int64_t vendor_id, const char *number, ks_time at,
                     const char *method, int *changed, ks_err *err);

#endif
