/* sql_subscriptions.c — subscriptions (migration 6): one row per subscription,
 * written with the order that creates it (sq_subscription_write, inside sq_order_write); its
 * lifecycle changes, renewals and upgrades each one transaction. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sql_orders_int.h"

int sq_subscription_write(sq_conn *db, int64_t vendor_id, int64_t order_id, int64_t customer_id,
                          ks_subscription *s)
{
    int i = 0;
    sq_stmt *st = prep_insert_id(db, "subscriptions", "vendor_id, updated, " SUB_DATA_COLS(""));
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
    b_text(st, &i, s->partner_code);
    int r = sq_step_id(st, &s->id);
    sq_finish(st);
    if (r == SQ_CONSTRAINT)
        return 1;
    if (r != SQ_ROW)
        return -1;
    s->order_id = order_id;
    s->customer_id = customer_id;
    return 0;
}

void sq_subscription_read(ks_arena *a, sq_stmt *st, ks_subscription *s)
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
    s->partner_code = c_text(a, st, &i);
    s->ref_no = c_text(a, st, &i);
    s->customer_reference = c_int(st, &i);
    s->external_customer_ref = c_text(a, st, &i);
}

typedef struct {
    int64_t vendor_id;
    const char *reference;
    ks_subscription *out;
    ks_subscription_merge_fn merge;
    void *arg;
} sub_arg;

/* The vendor's subscription reference into *out, or SUBSCRIPTION_NOT_FOUND. */
static int read_one(sq_tx *tx, int64_t vendor_id, const char *reference, ks_subscription *out)
{
    sq_stmt *st;
    int rc = sq_row_by_code(tx, &st, SUB_SELECT "WHERE s.vendor_id = ? AND s.reference = ?",
                            vendor_id, reference, KS_E_SUBSCRIPTION_NOT_FOUND, "Subscription");
    if (rc)
        return rc;
    sq_subscription_read(tx->a, st, out);
    return SQ_OK;
}

static int subscription_get(sq_tx *tx, void *arg)
{
    sub_arg *x = arg;
    return read_one(tx, x->vendor_id, x->reference, x->out);
}

int sq_subscription_get(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                        ks_subscription *out, ks_err *err)
{
    sub_arg x = {vendor_id, reference, out, NULL, NULL};
    return sq_read(base, a, "subscription_get", subscription_get, &x, err);
}

static int subscription_update(sq_tx *tx, void *arg)
{
    sub_arg *x = arg;
    ks_subscription cur, next;
    ks_job_list jobs = {0};
    int r = read_one(tx, x->vendor_id, x->reference, &cur);
    if (r)
        return r;
    if (x->merge(&next, &jobs, &cur, x->arg, tx->err))
        return SQ_REFUSED;
    sq_stmt *st = sq_prep(tx->db, "UPDATE subscriptions SET enabled = ?, recurring_enabled "
                                  "= ?, updated = ?, expiration = ?, language = ?, "
                                  "ext_customer_ref = CASE WHEN CAST(? AS BIGINT) <> 0 THEN ? ELSE "
                                  "ext_customer_ref END, " ADDRESS_SET("eu_") " WHERE id = ?");
    if (!st)
        return SQ_DB;
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
    if (sq_step_done(st) || sq_jobs_write(tx->db, &jobs))
        return SQ_DB;
    return SQ_OK;
}

int sq_subscription_update(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                           ks_subscription_merge_fn merge, void *arg, ks_err *err)
{
    sub_arg x = {vendor_id, reference, NULL, merge, arg};
    return sq_write(base, a, "subscription_update", subscription_update, &x, err);
}

typedef struct {
    int64_t vendor_id;
    const char *reference;
    ks_time period, next;
    ks_order *o;
    int expire;
    int *stale;
} renew_arg;

static int subscription_renew(sq_tx *tx, void *arg)
{
    renew_arg *x = arg;
    ks_order *o = x->o;
    sq_stmt *st = sq_prep(tx->db, "SELECT expiration FROM subscriptions WHERE vendor_id = ? "
                                  "AND reference = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_text(st, 2, x->reference);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_SUBSCRIPTION_NOT_FOUND, "Subscription '%.64s' not found",
                         x->reference);
    if (r != SQ_ROW)
        return SQ_DB;
    int64_t cur = sq_col_int(st, 0);
    sq_finish(st);
    if (cur != x->period) {
        *x->stale = 1;
        return SQ_OK;
    }
    /* the renewal key is the likelier collision: this attempt was stored already. Asked
     * before the write, since no statement may follow a refused one (driver.h) */
    if (!(st = sq_prep(tx->db, "SELECT 1 FROM orders WHERE vendor_id = ? AND renewal_key = ?")))
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_text(st, 2, o->renewal_key);
    r = sq_step(st);
    if (r == SQ_ROW) {
        *x->stale = 1;
        return SQ_DISCARD;
    }
    if (r != SQ_DONE)
        return SQ_DB;
    sq_finish(st);
    if ((r = sq_order_write(tx->db, tx->a, x->vendor_id, o, tx->err)) < 0)
        return SQ_DB;
    if (r == 2)
        return SQ_REFUSED;
    if (r == 1)
        return sq_refuse(tx, KS_E_ORDER_REFERENCE_TAKEN, NULL);
    /* a paid renewal also converts a trial into a paying subscription */
    if (!(st = sq_prep(tx->db,
                       "UPDATE subscriptions SET expiration = CASE WHEN CAST(?1 AS BIGINT) <> 0 "
                       "THEN ?2 ELSE expiration END, trial = CASE WHEN CAST(?1 AS BIGINT) "
                       "<> 0 THEN 0 ELSE trial END, enabled = CASE WHEN CAST(?3 AS "
                       "BIGINT) <> 0 THEN 0 ELSE enabled END, "
                       "updated = ?4 WHERE vendor_id = ?5 AND reference = ?6")))
        return SQ_DB;
    sq_bind_int(st, 1, o->status == KS_ORDER_COMPLETE);
    sq_bind_int(st, 2, x->next);
    sq_bind_int(st, 3, x->expire);
    sq_bind_int(st, 4, o->created);
    sq_bind_int(st, 5, x->vendor_id);
    sq_bind_text(st, 6, x->reference);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_subscription_renew(ks_store *base, ks_arena *a, int64_t vendor_id, const char *reference,
                          ks_time period, ks_order *o, ks_time next, int expire, int *stale,
                          ks_err *err)
{
    renew_arg x = {vendor_id, reference, period, next, o, expire, stale};
    *stale = 0;
    return sq_write(base, a, "subscription_renew", subscription_renew, &x, err);
}

static int read_sub_row(sq_tx *tx, ks_arena *a, sq_stmt *st, void *elem, void *arg)
{
    (void)tx;
    (void)arg;
    sq_subscription_read(a, st, elem);
    return SQ_OK;
}

int sq_subscription_search(ks_store *base, ks_arena *a, int64_t vendor_id,
                           const ks_subscription_query *q, ks_subscription **out, size_t *n,
                           int64_t *total, ks_err *err)
{
    sq_query w;
    sq_q_init(&w, a, NULL);
    sq_q_int(&w, "WHERE s.vendor_id = ?", vendor_id);
    sq_q_in(&w, "s.reference", q->references, q->n_references, NULL);
    if (q->email)
        sq_q_text(&w, " AND s.eu_email = ? COLLATE NOCASE", q->email);
    if (q->external_customer_ref)
        sq_q_text(&w, " AND coalesce(s.ext_customer_ref, c.external_ref) = ?",
                  q->external_customer_ref);
    if (q->customer_reference)
        sq_q_int(&w, " AND c.reference = ?", q->customer_reference);
    if (q->has_enabled)
        sq_q_int(&w, " AND s.enabled = ?", q->enabled ? 1 : 0);
    if (q->has_recurring)
        sq_q_int(&w, " AND s.recurring_enabled = ?", q->recurring ? 1 : 0);
    if (q->has_lifetime)
        sq_q_int(&w, " AND s.lifetime = ?", q->lifetime ? 1 : 0);
    if (q->has_test)
        sq_q_int(&w, " AND s.test = ?", q->test ? 1 : 0);
    sq_q_in(&w, "s.product_code", q->product_codes, q->n_product_codes, NULL);
    sq_q_in(&w, "s.eu_country", q->countries, q->n_countries, " COLLATE NOCASE");
    if (q->has_purchased_after)
        sq_q_int(&w, " AND s.created >= ?", q->purchased_after);
    if (q->has_purchased_before)
        sq_q_int(&w, " AND s.created <= ?", q->purchased_before);
    if (q->has_expire_after)
        sq_q_int(&w, " AND s.expiration >= ?", q->expire_after);
    if (q->has_expire_before)
        sq_q_int(&w, " AND s.expiration <= ?", q->expire_before);
    return sq_search(base, a, "subscription_search",
                     "SELECT count(*) FROM subscriptions s JOIN customers c ON c.id = "
                     "s.customer_id ",
                     SUB_SELECT, &w, "s.created DESC, s.id DESC", q->page, q->limit, sizeof **out,
                     read_sub_row, (void **)out, n, total, err);
}

typedef struct {
    int64_t vendor_id;
    const ks_subscription *cur, *next;
    ks_order *o;
    int *stale;
} upgrade_arg;

static int subscription_upgrade(sq_tx *tx, void *arg)
{
    upgrade_arg *x = arg;
    const ks_subscription *cur = x->cur, *next = x->next;
    int r, i = 0;
    /* compare and set: the subscription as the upgrade was priced */
    sq_stmt *st = sq_prep(tx->db, "SELECT 1 FROM subscriptions WHERE id = ? AND vendor_id = "
                                  "? AND product_code IS NOT DISTINCT FROM ? AND options IS "
                                  "NOT DISTINCT FROM ? AND expiration = ? AND enabled = 1 AND "
                                  "recurring_enabled = 1");
    if (!st)
        return SQ_DB;
    b_int(st, &i, cur->id);
    b_int(st, &i, x->vendor_id);
    b_text(st, &i, cur->product_code);
    b_text(st, &i, cur->options);
    b_int(st, &i, cur->expiration);
    r = sq_step(st);
    if (r == SQ_DONE) {
        *x->stale = 1;
        return SQ_OK;
    }
    if (r != SQ_ROW)
        return SQ_DB;
    sq_finish(st);
    if ((r = sq_order_write(tx->db, tx->a, x->vendor_id, x->o, tx->err)) < 0)
        return SQ_DB;
    if (r == 2)
        return SQ_REFUSED;
    if (r == 1)
        return sq_refuse(tx, KS_E_ORDER_REFERENCE_TAKEN, NULL);
    if (!(st = sq_prep(tx->db, "UPDATE subscriptions SET product_code = ?, product_id = ?, "
                               "product_name = ?, product_version = ?, sku = ?, options = ?, "
                               "updated = ? WHERE id = ?")))
        return SQ_DB;
    i = 0;
    b_text(st, &i, next->product_code);
    b_int(st, &i, next->product_id);
    b_text(st, &i, next->product_name);
    b_text(st, &i, next->product_version);
    b_text(st, &i, next->sku);
    b_text(st, &i, next->options);
    b_int(st, &i, next->updated);
    b_int(st, &i, cur->id);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_subscription_upgrade(ks_store *base, ks_arena *a, int64_t vendor_id,
                            const ks_subscription *cur, const ks_subscription *next, ks_order *o,
                            int *stale, ks_err *err)
{
    upgrade_arg x = {vendor_id, cur, next, o, stale};
    *stale = 0;
    return sq_write(base, a, "subscription_upgrade", subscription_upgrade, &x, err);
}
