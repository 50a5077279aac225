/* sqlite_int.h — what the SQLite backend's files share: the store struct, the connection pool
 * and small statement helpers. Private to src/store/sqlite/. */
#ifndef KS_STORE_SQLITE_INT_H
#define KS_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>

#include "../store.h"

#define POOL_SIZE 8

typedef struct {
    ks_store base;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* Writers of this process queue here before BEGIN IMMEDIATE (sq_order_insert and
     * sq_order_update so far): waiting on a mutex is fair and immediate, where SQLite's busy
     * handler makes colliding writers sleep and poll. Other processes still meet the busy
     * handler. */
    pthread_mutex_t wmu;
    sqlite3 *conns[POOL_SIZE];
    int free_[POOL_SIZE];
    int nfree;
} sq_store;

/* Borrows a connection (waits while all are busy) and gives it back. */
sqlite3 *sq_acquire(sq_store *s);
void sq_release(sq_store *s, sqlite3 *db);
/* Logs the connection's error and sets SERVICE_UNAVAILABLE (busy) or INTERNAL_ERROR. -1. */
int sq_db_error(sqlite3 *db, const char *what, ks_err *err);
int sq_exec(sqlite3 *db, const char *sql, ks_err *err);
/* NULL on failure (logged). */
sqlite3_stmt *sq_prep(sqlite3 *db, const char *sql);
/* NULL binds SQL NULL. */
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Arena copy of a text column; NULL for SQL NULL. */
const char *sq_col_text(ks_arena *a, sqlite3_stmt *st, int i);

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

#endif
