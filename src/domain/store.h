/* store.h — the storage interface the domain uses; backends (src/store/) implement
 * ks_store_ops. It belongs to the domain: the domain says what it needs stored, and the
 * backends, above it, provide it.
 *
 * Every function is atomic: it commits durably before returning 0, or changes nothing and
 * returns -1 with *err set. Strings a function returns are copied into the caller's arena.
 * Backends live in src/store/<name>/ and nothing outside them sees their types or dialect. */
#ifndef KS_STORE_H
#define KS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/err.h"
#include "catalog.h"
#include "console.h"
#include "ctx.h"
#include "jobs.h"
#include "lead.h"
#include "mailbox.h"
#include "notify.h"
#include "order.h"
#include "partner.h"
#include "promotion.h"

typedef struct ks_store_ops ks_store_ops;

/* Builds *next, the new state of a lead, from cur, its state in the store (see lead_update),
 * and adds to *jobs what the change enqueues. Returns 0, or -1 with *err set to refuse it. */
typedef int (*ks_lead_merge_fn)(ks_lead *next, ks_job_list *jobs, const ks_lead *cur, void *arg,
                                ks_err *err);
/* Applies mark to l, a lead as it is in the store (see lead_mark): its used, used_success and
 * stopped flags, updated time and follow-up states. */
typedef void (*ks_lead_mark_fn)(ks_lead *l, const ks_lead_mark_in *mark, void *arg);

struct ks_store {
    const ks_store_ops *ops;
};

struct ks_store_ops {
    const char *name;
    void (*close)(ks_store *s);

    /* Vendors. insert sets v->id and writes the vendor with its tax categories in one commit;
     * VENDOR_EXISTS if the code is taken. */
    int (*vendor_insert)(ks_store *s, ks_vendor *v, const ks_tax_category *cats, size_t ncats,
                         ks_err *err);
    /* VENDOR_NOT_FOUND if unknown. */
    int (*vendor_by_code)(ks_store *s, ks_arena *a, const char *code, ks_vendor *out, ks_err *err);
    int (*vendor_by_id)(ks_store *s, ks_arena *a, int64_t id, ks_vendor *out, ks_err *err);
    /* All vendors ordered by code; *out is an arena array. */
    int (*vendor_list)(ks_store *s, ks_arena *a, ks_vendor **out, size_t *n, ks_err *err);
    /* Replaces the vendor's notification settings. VENDOR_NOT_FOUND. */
    int (*vendor_set_notify)(ks_store *s, int64_t vendor_id, const ks_notify_settings *n,
                             ks_err *err);

    /* Sessions of JSON-RPC/SOAP. get: INVALID_SESSION if unknown. */
    int (*session_insert)(ks_store *s, const char *id, int64_t vendor_id, ks_time expires,
                          ks_err *err);
    int (*session_get)(ks_store *s, const char *id, int64_t *vendor_id, ks_time *expires,
                       ks_err *err);

    /* The sandbox clock offset in seconds (0 when never set). advance adds seconds to it in
     * one atomic step, so that moves made at once by several servers all count. */
    int (*clock_get)(ks_store *s, int64_t *offset, ks_err *err);
    int (*clock_advance)(ks_store *s, int64_t seconds, ks_err *err);

    /* Leads. insert: LEAD_CODE_DUPLICATE if the vendor already has the code; jobs (NULL: none)
     * are enqueued in the same transaction. get: LEAD_NOT_FOUND; it fills items (code, name,
     * quantity, price), which searches leave empty. */
    int (*lead_insert)(ks_store *s, int64_t vendor_id, const ks_lead *l, const ks_job_list *jobs,
                       ks_err *err);
    /* Reads the vendor's lead code (strings in a), lets merge build its new state and the jobs
     * to enqueue, and writes both, in one transaction: no change made meanwhile (lead_mark) is
     * lost between the read and the write. LEAD_NOT_FOUND, or merge's error; either way
     * nothing changes. */
    int (*lead_update)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                       ks_lead_merge_fn merge, void *arg, ks_err *err);
    int (*lead_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code, ks_lead *out,
                    ks_err *err);
    /* Matches in a stable order (creation order), one page, and the total count. */
    int (*lead_search)(ks_store *s, ks_arena *a, int64_t vendor_id, const ks_lead_query *q,
                       ks_lead **out, size_t *n, int64_t *total, ks_err *err);
    /* Reads each marked lead (strings in a), lets apply change its state and writes it back,
     * all in one transaction. All-or-nothing: LEAD_NOT_FOUND naming the first unknown code,
     * and nothing changes. */
    int (*lead_mark)(ks_store *s, ks_arena *a, int64_t vendor_id, const ks_lead_mark_in *marks,
                     size_t n, ks_lead_mark_fn apply, void *arg, ks_err *err);
    /* Follow-up seq of the vendor's lead code goes from SCHEDULED to SENT and mail is kept in
     * the mailbox, in one transaction; when it is no longer SCHEDULED (sent already, canceled
     * meanwhile) nothing changes and *sent = 0. LEAD_NOT_FOUND. */
    int (*lead_followup_sent)(ks_store *s, int64_t vendor_id, const char *code, int seq,
                              const ks_mail *mail, int *sent, ks_err *err);

    /* The job queue (domain/jobs.h). Jobs are claimed in (due, id) order; times named until
     * and due are business time, real_now and leases real time (a lease must not end when
     * the sandbox clock jumps). kinds lists the kinds the caller can run: other jobs are left
     * to the processes that can.
     * enqueue: all of l, atomically (keyed jobs are re-planned as jobs.h says). */
    int (*job_enqueue)(ks_store *s, const ks_job_list *l, ks_err *err);
    /* Claims the earliest job due by until: a PENDING one, or a RUNNING one whose lease ended
     * by real_now (its claimer is gone). It becomes RUNNING, held by owner until real_now +
     * lease_s, its attempts counted. *found = 0 when there is none. One job is never held by
     * two claims at once. */
    int (*job_claim)(ks_store *s, ks_arena *a, const ks_job_kind *kinds, size_t n_kinds,
                     ks_time until, ks_time real_now, int lease_s, const char *owner,
                     ks_job *out, int *found, ks_err *err);
    /* Claims as job_claim does, in one transaction, the earliest jobs due by until, at most
     * max, into out (*n of them, in (due, id) order); it stops after the first job of a kind
     * not marked batch (jobs.h), which its claimer runs alone. */
    int (*job_claim_many)(ks_store *s, ks_arena *a, const ks_job_kind *kinds, size_t n_kinds,
                          ks_time until, ks_time real_now, int lease_s, const char *owner,
                          size_t max, ks_job *out, size_t *n, ks_err *err);
    /* Ends the claim j (the job as claimed: id and attempts), unless it was lost (its lease
     * ended and another claimed it: then nothing changes). to: KS_JOB_DONE deletes the job,
     * KS_JOB_PENDING plans it again at due, KS_JOB_FAILED keeps it with error. */
    int (*job_finish)(ks_store *s, const ks_job *j, ks_job_state to, ks_time due,
                      const char *error, ks_err *err);
    /* The earliest due time among the open (PENDING or RUNNING) jobs of kinds due by until;
     * *found = 0 when there is none. Reads only. */
    int (*job_next)(ks_store *s, const ks_job_kind *kinds, size_t n_kinds, ks_time until,
                    ks_time *due, int *found, ks_err *err);
    /* All jobs of a vendor in (due, id) order, for tests and inspection. */
    int (*job_list)(ks_store *s, ks_arena *a, int64_t vendor_id, ks_job **out, size_t *n,
                    ks_err *err);
    /* Runs fn(arg, err) with every call it makes on this store from this thread (the others'
     * are not concerned) joined into one write transaction, committed once (one durable commit
     * for many small writes: the renewals of a clock advance) when fn returns 0 and rolled back
     * otherwise. Inside, each write is a savepoint of its own (a refused or failed one rolls
     * back alone, as it would have alone) and each read sees what the batch wrote. A batch holds
     * the database's write lock while fn runs: nothing that waits on the outside (an HTTP call)
     * belongs in one. Within a batch, a batch joins the one open. Batching is only faster:
     * every write is as correct alone, so a driver may run fn without one (NULL here: the
     * domain's ks_store_batch calls fn). 0, or -1 with *err set (fn's, or the commit's). */
    int (*batch)(ks_store *s, int (*fn)(void *arg, ks_err *err), void *arg, ks_err *err);

    /* The notification outbox (notify.h): notices are written by any operation that takes a
     * ks_job_list, with the job that delivers each. get: with its attempts, oldest first;
     * NOTIFICATION_NOT_FOUND. */
    int (*notice_get)(ks_store *s, ks_arena *a, int64_t vendor_id, int64_t id, ks_notice *out,
                      ks_err *err);
    /* Records attempt t of the notice and moves it to state `to`, in one commit, only if it is
     * still PENDING with `attempts` attempts (compare and set); *recorded = 0 when it was not. */
    int (*notice_record)(ks_store *s, int64_t vendor_id, int64_t id, int attempts,
                         const ks_notice_attempt *t, ks_notice_state to, int *recorded,
                         ks_err *err);
    /* Newest first (id), one page, and the total count. */
    int (*notice_list)(ks_store *s, ks_arena *a, int64_t vendor_id, const ks_notice_query *q,
                       ks_notice **out, size_t *n, int64_t *total, ks_err *err);
    /* Makes the notice PENDING on a new schedule starting at now and enqueues its delivery job
     * (kind) at now, in one commit. NOTIFICATION_NOT_FOUND. */
    int (*notice_replay)(ks_store *s, int64_t vendor_id, int64_t id, const char *kind,
                         ks_time now, ks_err *err);
    /* Attempts of every vendor counted by outcome: *outcomes and *counts are arena arrays. */
    int (*notice_stats)(ks_store *s, ks_arena *a, const char ***outcomes, int64_t **counts,
                        size_t *n, ks_err *err);

    /* The sandbox mailbox: a vendor's mails newest first (sent_at, then id), only those to
     * `to` (any case) when not NULL; one page and the total count. */
    int (*mail_list)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *to, int64_t page,
                     int64_t limit, ks_mail **out, size_t *n, int64_t *total, ks_err *err);

    /* Tax categories (written with the vendor): default first, then in insertion order. */
    int (*tax_categories_list)(ks_store *s, ks_arena *a, int64_t vendor_id,
                               ks_tax_category **out, size_t *n, ks_err *err);

    /* Products (with their prices, option groups and upgrade paths). insert sets p->id;
     * PRODUCT_CODE_DUPLICATE. replace, get, set_enabled: PRODUCT_NOT_FOUND. search: matches in
     * creation order, one page, and the total count. */
    int (*product_insert)(ks_store *s, int64_t vendor_id, ks_product *p, ks_err *err);
    int (*product_replace)(ks_store *s, int64_t vendor_id, const ks_product *p, ks_err *err);
    int (*product_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                       ks_product *out, ks_err *err);
    int (*product_set_enabled)(ks_store *s, int64_t vendor_id, const char *code, int enabled,
                               ks_time now, ks_err *err);
    int (*product_search)(ks_store *s, ks_arena *a, int64_t vendor_id, const ks_product_query *q,
                          ks_product **out, size_t *n, int64_t *total, ks_err *err);

    /* Pricing option groups: PRICE_OPTION_GROUP_DUPLICATE, PRICE_OPTION_GROUP_NOT_FOUND. */
    int (*option_group_insert)(ks_store *s, int64_t vendor_id, const ks_option_group *g,
                               ks_err *err);
    int (*option_group_replace)(ks_store *s, int64_t vendor_id, const ks_option_group *g,
                                ks_err *err);
    int (*option_group_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                            ks_option_group *out, ks_err *err);
    int (*option_group_search)(ks_store *s, ks_arena *a, int64_t vendor_id,
                               const ks_option_group_query *q, ks_option_group **out, size_t *n,
                               int64_t *total, ks_err *err);

    /* Promotions: PROMOTION_CODE_DUPLICATE, PROMOTION_COUPON_DUPLICATE (a coupon of another
     * promotion of the vendor, any case), PROMOTION_NOT_FOUND. by_coupon:
     * PROMOTION_CODE_INVALID. replace keeps the used count. */
    int (*promotion_insert)(ks_store *s, int64_t vendor_id, const ks_promotion *p, ks_err *err);
    int (*promotion_replace)(ks_store *s, int64_t vendor_id, const ks_promotion *p,
                             ks_err *err);
    int (*promotion_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                         ks_promotion *out, ks_err *err);
    int (*promotion_by_coupon)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *coupon,
                               ks_promotion *out, ks_err *err);
    int (*promotion_search)(ks_store *s, ks_arena *a, int64_t vendor_id,
                            const ks_promotion_query *q, ks_promotion **out, size_t *n,
                            int64_t *total, ks_err *err);

    /* Cross-sell campaigns: CROSSSELL_CAMPAIGN_DATA_INVALID for a duplicate code,
     * CROSSSELL_CAMPAIGN_NOT_FOUND. */
    int (*crosssell_insert)(ks_store *s, int64_t vendor_id, const ks_crosssell *c, ks_err *err);
    int (*crosssell_replace)(ks_store *s, int64_t vendor_id, const ks_crosssell *c,
                             ks_err *err);
    int (*crosssell_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                         ks_crosssell *out, ks_err *err);
    int (*crosssell_search)(ks_store *s, ks_arena *a, int64_t vendor_id,
                            const ks_crosssell_query *q, ks_crosssell **out, size_t *n,
                            int64_t *total, ks_err *err);

    /* Currency settings: base currency (NULL when never set) and the vendor's own rates. set:
     * base when not NULL; the rates replaced when set_rates. */
    int (*currency_get)(ks_store *s, ks_arena *a, int64_t vendor_id, ks_currency_settings *out,
                        ks_err *err);
    int (*currency_set)(ks_store *s, int64_t vendor_id, const char *base, int set_rates,
                        const ks_fx_rate *rates, size_t n, ks_err *err);

    /* Orders (sql_orders.c), with their lines, status history, Errors, refunds and the
     * subscriptions they created.
     * insert: in one commit, the order's customer (the vendor's customer with
     * o->customer.external_ref when there is one, else a new customer with
     * o->customer.reference), the order, its lines, history, errors and subscriptions, and,
     * unless it is CANCELED, one more use of each promotion of o->promotions (coupons). Sets
     * o->id, o->order_no (the vendor's count), o->customer and the subscriptions' customer.
     * ORDER_REFERENCE_TAKEN when o->ref_no, the new customer's or a subscription's reference
     * exists already; PROMOTION_LIMIT_REACHED; either way nothing is written. */
    int (*order_insert)(ks_store *s, ks_arena *a, int64_t vendor_id, ks_order *o, ks_err *err);
    /* The vendor's order ref_no, or (ref_no NULL, vendor_id 0) the PENDING order holding the
     * 3-D Secure / PayPal token. ORDER_NOT_FOUND, PAYMENT_AUTHORIZATION_NOT_FOUND. */
    int (*order_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *ref_no,
                     const char *token, ks_order *out, ks_err *err);
    /* Of the vendor's order ref_no, only who paid: the card holder's name and the card's
     * first six digits (each NULL when the order has none), what a renewal order repeats of
     * the first order without reading it whole. ORDER_NOT_FOUND. */
    int (*order_payer)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *ref_no,
                       const char **holder_name, const char **card_first6, ks_err *err);
    /* Reads the order (as order_get finds it), lets merge build its next state and writes it,
     * in one transaction: status, approval, finish time, refunded amount, token, errors, and
     * what merge appended (history steps, refunds, subscriptions with id 0). Nothing changes
     * when merge fails. */
    int (*order_update)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *ref_no,
                        const char *token, ks_order_merge_fn merge, void *arg, ks_err *err);
    /* Matches newest first (OrderDate, then id), one page, and the total count. */
    int (*order_search)(ks_store *s, ks_arena *a, int64_t vendor_id, const ks_order_query *q,
                        ks_order **out, size_t *n, int64_t *total, ks_err *err);
    /* By AvangateCustomerReference (> 0) and/or external reference: CUSTOMER_NOT_FOUND. */
    int (*customer_get)(ks_store *s, ks_arena *a, int64_t vendor_id, int64_t reference,
                        const char *external_ref, ks_customer *out, ks_err *err);
    /* A new customer c (c->id set). ORDER_REFERENCE_TAKEN (a generated reference in use) when
     * c->reference exists, CUSTOMER_EXTERNAL_REFERENCE_DUPLICATE when the vendor has
     * c->external_ref already. */
    int (*customer_insert)(ks_store *s, int64_t vendor_id, ks_customer *c, ks_err *err);
    /* Reads the vendor's customer reference, lets merge build its next state, and writes it; with
     * push, its address becomes the end user of each of its subscriptions; one transaction.
     * CUSTOMER_NOT_FOUND, CUSTOMER_EXTERNAL_REFERENCE_DUPLICATE, merge's code. */
    int (*customer_update)(ks_store *s, ks_arena *a, int64_t vendor_id, int64_t reference,
                           ks_customer_merge_fn merge, void *arg, int push, ks_err *err);
    /* Stores the renewal order o of subscription reference for the period ending at period, in
     * one commit: o (the subscription's customer's: o->customer.id), then, when o is COMPLETE,
     * the subscription's expiration set to next, and, when expire, the subscription disabled.
     * *stale = 1 and nothing is written when the subscription's expiration is no longer period
     * (renewed meanwhile) or an order with o->renewal_key exists (stored already).
     * ORDER_REFERENCE_TAKEN as order_insert; SUBSCRIPTION_NOT_FOUND. */
    int (*subscription_renew)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *reference,
                              ks_time period, ks_order *o, ks_time next, int expire, int *stale,
                              ks_err *err);
    /* Reads the vendor's subscription, lets merge build its next state and the jobs to enqueue,
     * and writes enabled, recurring_enabled and the jobs in one transaction. Nothing changes
     * when merge fails. SUBSCRIPTION_NOT_FOUND. */
    int (*subscription_update)(ks_store *s, ks_arena *a, int64_t vendor_id,
                               const char *reference, ks_subscription_merge_fn merge, void *arg,
                               ks_err *err);
    /* Matches newest first (created, then id), one page, and the total count. */
    int (*subscription_search)(ks_store *s, ks_arena *a, int64_t vendor_id,
                               const ks_subscription_query *q, ks_subscription **out, size_t *n,
                               int64_t *total, ks_err *err);
    /* An upgrade, in one commit: unless the subscription's product, options or expiration differ
     * from cur's (changed meanwhile: *stale = 1, nothing written), inserts the upgrade order o
     * and writes next's product (code, id, name, version, SKU) and options. */
    int (*subscription_upgrade)(ks_store *s, ks_arena *a, int64_t vendor_id,
                                const ks_subscription *cur, const ks_subscription *next,
                                ks_order *o, int *stale, ks_err *err);
    /* The orders of a subscription, oldest first: the one that created it and its renewals.
     * SUBSCRIPTION_NOT_FOUND. */
    int (*subscription_orders)(ks_store *s, ks_arena *a, int64_t vendor_id,
                               const char *reference, ks_order **out, size_t *n, ks_err *err);
    /* SUBSCRIPTION_NOT_FOUND. */
    int (*subscription_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *reference,
                            ks_subscription *out, ks_err *err);

    /* Web console sessions (console.h), by the hash of their id; expires is real time.
     * insert also drops the sessions that have expired. get: INVALID_SESSION if unknown. */
    int (*console_session_insert)(ks_store *s, const char *id_hash, const char *csrf,
                                  ks_time expires, ks_time real_now, ks_err *err);
    int (*console_session_get)(ks_store *s, ks_arena *a, const char *id_hash,
                               ks_console_session *out, ks_err *err);
    int (*console_session_delete)(ks_store *s, const char *id_hash, ks_err *err);
    /* The vendor's orders created in [from, from + n_buckets * bucket_s), counted per bucket
     * and currency (ks_order_stat_row); rows in any order. */
    int (*order_stats)(ks_store *s, ks_arena *a, int64_t vendor_id, ks_time from,
                       int64_t bucket_s, int64_t n_buckets, ks_order_stat_row **out, size_t *n,
                       ks_err *err);
    /* Channel Manager (sql_partners.c, docs/partners.md).
     * partner_insert: in one commit, the partner and its pricing lists (each created, or its
     * items replaced when the vendor has a list of that code), assigned to it; sets p->id.
     * PARTNER_CODE_DUPLICATE, and nothing is written. */
    int (*partner_insert)(ks_store *s, int64_t vendor_id, ks_partner *p, ks_err *err);
    /* The vendor's partner code (id 0) or id, with its pricing lists. NOT_FOUND_PARTNER. */
    int (*partner_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code, int64_t id,
                       ks_partner *out, ks_err *err);
    /* All the vendor's partners by code, without their lists. */
    int (*partner_list)(ks_store *s, ks_arena *a, int64_t vendor_id, ks_partner **out,
                        size_t *n, ks_err *err);
    /* What session sid of the vendor holds, with its cart; partner_id 0 when none is set. */
    int (*partner_session_get)(ks_store *s, ks_arena *a, const char *sid, int64_t vendor_id,
                               ks_partner_session *out, ks_err *err);
    /* The session's partner becomes partner_id; all the rest is reset, the cart emptied. */
    int (*partner_session_set)(ks_store *s, const char *sid, int64_t vendor_id,
                               int64_t partner_id, ks_err *err);
    /* Writes ps's external reference, proforma and payment answer, empties the cart when
     * clear_cart and appends add (when not NULL), in one commit. */
    int (*partner_session_save)(ks_store *s, const char *sid, const ks_partner_session *ps,
                                int clear_cart, const ks_partner_cart_line *add, ks_err *err);
    /* RefNos of the partner's orders, newest first; those with external reference ext when not
     * NULL. */
    int (*partner_orders)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *partner_code,
                          const char *ext, const char ***out, size_t *n, ks_err *err);
    /* Stores p with its orders (sets p->id). INVALID_PROFORMA when one of them is in a
     * proforma already; ORDER_REFERENCE_TAKEN when the number is; nothing written either way. */
    int (*proforma_insert)(ks_store *s, int64_t vendor_id, ks_proforma *p, ks_err *err);
    /* With its orders. INVALID_PROFORMA_NUMBER. */
    int (*proforma_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *number,
                        ks_proforma *out, ks_err *err);
    /* The number of the proforma holding order ref_no, or NULL. */
    int (*proforma_of_order)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *ref_no,
                             const char **number, ks_err *err);
    /* The partner's proformas, newest first, without their orders. */
    int (*proforma_list)(ks_store *s, ks_arena *a, int64_t vendor_id, int64_t partner_id,
                         ks_proforma **out, size_t *n, ks_err *err);
    /* An UNPAID proforma becomes PAID at `at` by method; *changed = 0 when it was not UNPAID. */
    int (*proforma_paid)(ks_store *s, int64_t vendor_id, const char *number, ks_time at,
                         const char *method, int *changed, ks_err *err);
};

#endif
