/* sqlite_int.h — what the SQLite backend's files share: the store struct, the connection pool
 * and small statement helpers. Private to src/store/sqlite/. */
#ifndef KS_STORE_SQLITE_INT_H
#define KS_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>

#include "../../domain/store.h"

#define POOL_SIZE 8
#define SQ_CACHE_SIZE 128 /* statements kept per connection */
#define SQ_GROUP_MAX 64   /* writes committed together at most */

/* A connection's prepared statements, by SQL text (sqlite_pool.c). */
typedef struct {
    char *sql;
    uint32_t hash;
    sqlite3_stmt *st;
    int busy; /* handed out by sq_prep, not yet given back */
} sq_cached;

typedef struct {
    sqlite3 *db;
    sq_cached e[SQ_CACHE_SIZE];
    int n;
    int hand; /* the next entry a full cache considers replacing */
} sq_stmt_cache;

typedef struct {
    ks_store base;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* Group commit (sq_write, sqlite_pool.c): the writers of this process queue on wq; one of
     * them at a time leads, running every body queued in one BEGIN IMMEDIATE transaction and
     * committing them together (one fsync) while the next ones queue. Queueing here is fair
     * and immediate, where SQLite's busy handler makes colliding writers sleep and poll;
     * other processes still meet the busy handler. wmu guards wq and leading. */
    pthread_mutex_t wmu;
    pthread_cond_t wcv;
    struct sq_writer *wq;
    int leading;
    sqlite3 *conns[POOL_SIZE];
    sq_stmt_cache cache[POOL_SIZE]; /* cache[i] holds what was prepared on conns[i] */
    int free_[POOL_SIZE];
    int nfree;
} sq_store;

/* --- transactions (sqlite_pool.c) -----------------------------------------------------------
 *
 * Every store function is one sq_read or sq_write around a body. The wrapper borrows a
 * connection, opens the transaction (a write first queues on the writer mutex, then BEGIN
 * IMMEDIATE; a read is BEGIN, one snapshot), runs the body, commits when it returns SQ_OK and
 * rolls back otherwise, finalizes the statements the body left open, gives the connection
 * back, and maps a database error to the API's error, once. A body never begins, commits,
 * rolls back or releases anything itself. */

typedef struct {
    sqlite3 *db;
    ks_arena *a; /* the caller's arena, or (given NULL) a scratch one the wrapper frees */
    ks_err *err;
} sq_tx;

/* What a body returns. */
#define SQ_OK 0
#define SQ_DB (-1)      /* a database error: the wrapper logs the connection's error, sets *err */
#define SQ_REFUSED (-2) /* the body set *err itself (NOT_FOUND, a merge's refusal...) */
#define SQ_DISCARD 1    /* success, but what the body wrote is rolled back (a stale retry) */

typedef int (*sq_body)(sq_tx *tx, void *arg);

/* 0, or -1 with *err set; what (the store operation's name) goes in the log. */
int sq_read(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err);
int sq_write(ks_store *base, ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err);

/* Sets *tx->err to code (with the message fmt when not NULL): SQ_REFUSED. */
int sq_refuse(sq_tx *tx, ks_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* --- statements (sqlite_pool.c) --------------------------------------------------------------
 * The one place statements are prepared (and where tests make the Nth one fail). A body may
 * leave its statements to the wrapper, which finalizes them at the end. */

/* Logs the connection's error and sets SERVICE_UNAVAILABLE (busy) or INTERNAL_ERROR. -1. */
int sq_db_error(sqlite3 *db, const char *what, ks_err *err);
int sq_exec(sqlite3 *db, const char *sql, ks_err *err);
/* NULL on failure (logged). Inside a transaction of the wrapper the statement comes from the
 * connection's cache when it was prepared there before (preparing, i.e. parsing and planning,
 * cost a third of a GET): give it back with sq_finish, or leave it to the wrapper. */
sqlite3_stmt *sq_prep(sqlite3 *db, const char *sql);
/* Gives a statement of sq_prep back: a cached one is reset for its next use, another is
 * finalized. NULL does nothing. Never sqlite3_finalize a statement of sq_prep: the cache
 * would hand it out again (sqlite3_finalize is poisoned in the store's files for that). */
void sq_finish(sqlite3_stmt *st);
/* Finalizes connection i's cached statements (before it closes). */
void sq_cache_clear(sq_store *s, int i);
/* NULL binds SQL NULL. */
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Arena copy of a text column; NULL for SQL NULL. */
const char *sq_col_text(ks_arena *a, sqlite3_stmt *st, int i);
/* Steps a statement that returns no row: 0 (SQLITE_DONE), 1 on a constraint violation (a
 * UNIQUE key taken), SQ_DB otherwise. */
int sq_step_done(sqlite3_stmt *st);

/* --- queries and pages (sqlite_query.c) -------------------------------------------------------
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
void sq_q_in(sq_query *q, const char *col, const char *const *vals, size_t n,
             const char *collate);
/* Prepares prefix + q's SQL + suffix (either may be NULL) on db and binds q's values. */
sqlite3_stmt *sq_q_prep(sqlite3 *db, const char *prefix, const sq_query *q, const char *suffix);

/* The arena array list of *cap elements, grown (doubled) when n elements fill it. */
void *sq_grow(ks_arena *a, void *list, size_t *cap, size_t n, size_t elem);

/* Reads the current row of st into elem (zeroed), strings into a. */
typedef void (*sq_read_fn)(ks_arena *a, sqlite3_stmt *st, void *elem);

/* Every row of st (prepared and bound; NULL: SQ_DB) into *out, an arena array of *n elements of
 * size elem (never NULL). SQ_OK or SQ_DB. The one loop that reads a list. */
int sq_rows(ks_arena *a, sqlite3_stmt *st, size_t elem, sq_read_fn read, void **out, size_t *n);

/* sq_rows of sql with ?1 bound to owner (the child rows of one parent), finalized after. */
int sq_children(sqlite3 *db, ks_arena *a, const char *sql, int64_t owner, size_t elem,
                sq_read_fn read, void **out, size_t *n);

/* Reads the row of st into elem (the element of the page being filled). SQ_OK or SQ_DB. */
typedef int (*sq_row_fn)(sq_tx *tx, ks_arena *a, sqlite3_stmt *st, void *elem, void *arg);

/* One page of a search inside the caller's read transaction, so that the page and the total
 * see the same data: *total = count + where (count NULL: *total is the caller's, counted in
 * the same transaction some cheaper way); then, unless the page starts past the end (which
 * also keeps (page - 1) * limit from overflowing: any Page >= 1 is valid), select + where +
 * " ORDER BY " order " LIMIT ? OFFSET ?", each row read into the next element of *out (an
 * arena array of limit elements of size elem). SQ_OK or SQ_DB. */
int sq_page(sq_tx *tx, ks_arena *a, const char *count, const char *select, const sq_query *where,
            const char *order, int64_t page, int64_t limit, size_t elem, sq_row_fn read,
            void *arg, void **out, size_t *n, int64_t *total);

/* A search: sq_page in a read transaction of its own (where built beforehand, in a). */
int sq_search(ks_store *base, ks_arena *a, const char *what, const char *count,
              const char *select, const sq_query *where, const char *order, int64_t page,
              int64_t limit, size_t elem, sq_row_fn read, void **out, size_t *n, int64_t *total,
              ks_err *err);

/* Prepares sql (?1 the vendor, ?2 the code) and steps it to its row, *st left on it: SQ_OK,
 * SQ_DB, or refused with not_found ("<kind> '<code>' not found") when there is no row. */
int sq_row_by_code(sq_tx *tx, sqlite3_stmt **st, const char *sql, int64_t vendor_id,
                   const char *code, ks_errcode not_found, const char *kind);

/* The id of the vendor's row of table with this code: 1 found, 0 not, -1 (SQLite error). */
int sq_id_of(sqlite3 *db, const char *table, int64_t vendor_id, const char *code, int64_t *id);

/* Leads (sqlite_leads.c). */
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

/* Jobs (sqlite_jobs.c). sq_jobs_write enqueues l (NULL or empty: nothing) inside the caller's
 * transaction, so that any store operation can enqueue what its change sets going: 0, or -1
 * (SQLite error, on db). */
int sq_jobs_write(sqlite3 *db, const ks_job_list *l);
int sq_job_enqueue(ks_store *base, const ks_job_list *l, ks_err *err);
int sq_job_claim(ks_store *base, ks_arena *a, const ks_job_kind *kinds, size_t n_kinds,
                 ks_time until, ks_time real_now, int lease_s, const char *owner, ks_job *out,
                 int *found, ks_err *err);
int sq_job_finish(ks_store *base, const ks_job *j, ks_job_state to, ks_time due,
                  const char *error, ks_err *err);
int sq_job_next(ks_store *base, const ks_job_kind *kinds, size_t n_kinds, ks_time until,
                ks_time *due, int *found, ks_err *err);
int sq_job_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_job **out, size_t *n,
                ks_err *err);

/* The notification outbox (sqlite_notify.c). sq_notices_write writes l's notices and their
 * delivery jobs inside the caller's transaction (sq_jobs_write calls it). */
int sq_notices_write(sqlite3 *db, const ks_job_list *l);
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

/* The mailbox (sqlite_mail.c). sq_mail_write keeps a mail inside the caller's transaction: 0,
 * or -1 (SQLite error, on db). */
int sq_mail_write(sqlite3 *db, int64_t vendor_id, const ks_mail *m);
int sq_mail_list(ks_store *base, ks_arena *a, int64_t vendor_id, const char *to, int64_t page,
                 int64_t limit, ks_mail **out, size_t *n, int64_t *total, ks_err *err);

/* Catalog (sqlite_catalog.c). */
/* Writes a vendor's tax categories inside the caller's transaction. 0 or -1 (SQLite error). */
int sq_tax_categories_write(sqlite3 *db, int64_t vendor_id, const ks_tax_category *list,
                            size_t n);
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
int sq_promotion_search(ks_store *base, ks_arena *a, int64_t vendor_id,
                        const ks_promotion_query *q, ks_promotion **out, size_t *n,
                        int64_t *total, ks_err *err);
int sq_crosssell_insert(ks_store *base, int64_t vendor_id, const ks_crosssell *c, ks_err *err);
int sq_crosssell_replace(ks_store *base, int64_t vendor_id, const ks_crosssell *c, ks_err *err);
int sq_crosssell_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                     ks_crosssell *out, ks_err *err);
int sq_crosssell_search(ks_store *base, ks_arena *a, int64_t vendor_id,
                        const ks_crosssell_query *q, ks_crosssell **out, size_t *n,
                        int64_t *total, ks_err *err);

/* Orders and customers (sqlite_orders.c, with sq_subscription_orders: the orders of a
 * subscription) and subscriptions (sqlite_subscriptions.c). */
int sq_order_insert(ks_store *base, ks_arena *a, int64_t vendor_id, ks_order *o, ks_err *err);
int sq_order_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *ref_no,
                 const char *token, ks_order *out, ks_err *err);
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
int sq_subscription_update(ks_store *base, ks_arena *a, int64_t vendor_id,
                           const char *reference, ks_subscription_merge_fn merge, void *arg,
                           ks_err *err);
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

/* The web console's sessions and the order figures of its charts (sqlite_console.c). */
int sq_console_session_insert(ks_store *base, const char *id_hash, const char *csrf,
                              ks_time expires, ks_time real_now, ks_err *err);
int sq_console_session_get(ks_store *base, ks_arena *a, const char *id_hash,
                           ks_console_session *out, ks_err *err);
int sq_console_session_delete(ks_store *base, const char *id_hash, ks_err *err);
int sq_order_stats(ks_store *base, ks_arena *a, int64_t vendor_id, ks_time from,
                   int64_t bucket_s, int64_t n_buckets, ks_order_stat_row **out, size_t *n,
                   ks_err *err);
/* The Channel Manager (sqlite_partners.c). */
int sq_partner_insert(ks_store *base, int64_t vendor_id, ks_partner *p, ks_err *err);
int sq_partner_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *code,
                          int64_t id, ks_partner *out, ks_err *err);
int sq_partner_list(ks_store *base, ks_arena *a, int64_t vendor_id, ks_partner **out,
                           size_t *n, ks_err *err);
int sq_partner_session_get(ks_store *base, ks_arena *a, const char *sid,
                                  int64_t vendor_id, ks_partner_session *out, ks_err *err);
int sq_partner_session_set(ks_store *base, const char *sid, int64_t vendor_id,
                                  int64_t partner_id, ks_err *err);
int sq_partner_session_save(ks_store *base, const char *sid, const ks_partner_session *ps,
                                   int clear, const ks_partner_cart_line *add, ks_err *err);
int sq_partner_orders(ks_store *base, ks_arena *a, int64_t vendor_id,
                             const char *partner_code, const char *ext, const char ***out,
                             size_t *n, ks_err *err);
int sq_proforma_insert(ks_store *base, int64_t vendor_id, ks_proforma *p, ks_err *err);
int sq_proforma_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *number,
                           ks_proforma *out, ks_err *err);
int sq_proforma_of_order(ks_store *base, ks_arena *a, int64_t vendor_id,
                                const char *ref_no, const char **number, ks_err *err);
int sq_proforma_list(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t partner_id,
                     ks_proforma **out, size_t *n, ks_err *err);
int sq_proforma_paid(ks_store *base, int64_t vendor_id, const char *number, ks_time at,
                            const char *method, int *changed, ks_err *err);

/* Statements go back through sq_finish (above); only the pool itself finalizes. */
#ifndef SQ_POOL_FINALIZES
#pragma GCC poison sqlite3_finalize
#endif

#endif
