/* sqlite_subscriptions.c — subscriptions in SQLite (migration 6): one row per subscription,
 * written with the order that creates it (sq_subscription_write, inside sq_order_write); its
 * lifecycle changes, renewals and upgrades each one transaction. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../core/buf.h"
#include "sqlite_orders_int.h"

int sq_subscription_write(sqlite3 *db, int64_t vendor_id, int64_t order_id, int64_t customer_id,
                          ks_subscription *s)
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

void sq_subscription_read(ks_arena *a, sqlite3_stmt *st, ks_subscription *s)
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
        sq_subscription_read(a, st, out);
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
    sq_subscription_read(a, st, &cur);
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
    if ((r = sq_order_write(db, a, vendor_id, o, err)) < 0)
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
        sq_subscription_read(a, st, &list[cnt++]);
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
    if ((r = sq_order_write(db, a, vendor_id, o, err)) < 0)
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
