/* sql_notify.c — the notification outbox (migration 9): `notifications`, one row
 * per message and listener URL, and `notification_attempts`. A notice is written by
 * sq_notices_write inside the transaction of the change that causes it, with its delivery job;
 * an attempt is recorded by compare and set on (state, attempts), so a notice is never marked
 * delivered twice. */
#include <stdio.h>
#include <string.h>

#include "../../core/timeutil.h"
#include "sql_int.h"

int sq_notices_write(sq_conn *db, const ks_job_list *l)
{
    int rc = -1;
    sq_stmt *st = NULL, *job = NULL;
    if (!l || l->n_notices == 0)
        return 0;
    st = sq_prep(db, "INSERT INTO notifications(vendor_id, channel, message_id, subject, event, "
                     "url, body, receipt_base, created, start, next_try) "
                     "VALUES(?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    job = sq_prep(db, "INSERT INTO jobs(vendor_id, kind, job_key, due, payload, created) "
                      "VALUES(?,?,?,?,?,?)");
    if (!st || !job)
        goto done;
    for (size_t i = 0; i < l->n_notices; i++) {
        const ks_notice_new *n = &l->notices[i];
        char id[24];
        sq_reset(st);
        sq_bind_int(st, 1, n->vendor_id);
        sq_bind_text(st, 2, n->channel);
        sq_bind_text(st, 3, n->message_id);
        sq_bind_text(st, 4, n->subject);
        sq_bind_text(st, 5, n->event);
        sq_bind_text(st, 6, n->url);
        sq_bind_text(st, 7, n->body);
        sq_bind_text(st, 8, n->receipt_base);
        sq_bind_int(st, 9, n->due);
        sq_bind_int(st, 10, n->due);
        sq_bind_int(st, 11, n->due);
        int64_t nid;
        if (sq_step_id(st, &nid) != SQ_ROW)
            goto done;
        snprintf(id, sizeof id, "%lld", (long long)nid);
        sq_reset(job);
        sq_bind_int(job, 1, n->vendor_id);
        sq_bind_text(job, 2, n->kind);
        sq_bind_text(job, 3, id); /* keyed by the notice: a replay re-plans the same job */
        sq_bind_int(job, 4, n->due);
        sq_bind_text(job, 5, id);
        sq_bind_int(job, 6, ks_time_real_now());
        if (sq_step(job) != SQ_DONE)
            goto done;
    }
    rc = 0;
done:
    sq_finish(st);
    sq_finish(job);
    return rc;
}

#define NOTICE_COLS                                                                                \
    "id, vendor_id, channel, message_id, subject, event, url, body, receipt_base, state, "         \
    "attempts, created, start, next_try"

static void read_notice(ks_arena *a, sq_stmt *st, ks_notice *n)
{
    memset(n, 0, sizeof *n);
    n->id = sq_col_int(st, 0);
    n->vendor_id = sq_col_int(st, 1);
    n->channel = sq_col_text(a, st, 2);
    n->message_id = sq_col_text(a, st, 3);
    n->subject = sq_col_text(a, st, 4);
    n->event = sq_col_text(a, st, 5);
    n->url = sq_col_text(a, st, 6);
    n->body = sq_col_text(a, st, 7);
    n->receipt_base = sq_col_text(a, st, 8);
    n->state = (ks_notice_state)sq_col_int(st, 9);
    n->attempts = sq_col_int(st, 10);
    n->created = sq_col_int(st, 11);
    n->start = sq_col_int(st, 12);
    n->next_try = sq_col_int(st, 13);
}

typedef struct {
    int64_t vendor_id, id;
    ks_notice *out;
} notice_get_arg;

static int notice_get(sq_tx *tx, void *arg)
{
    notice_get_arg *x = arg;
    ks_notice *out = x->out;
    ks_arena *a = tx->a;
    int r;
    sq_stmt *st = sq_prep(tx->db, "SELECT " NOTICE_COLS " FROM notifications WHERE "
                                  "vendor_id = ? AND id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->vendor_id);
    sq_bind_int(st, 2, x->id);
    r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_NOTIFICATION_NOT_FOUND, "Notification %lld not found",
                         (long long)x->id);
    if (r != SQ_ROW)
        return SQ_DB;
    read_notice(a, st, out);
    if (!(st = sq_prep(tx->db, "SELECT n, at, outcome, http_status, answer, next_try FROM "
                               "notification_attempts WHERE notification_id = ? ORDER BY n")))
        return SQ_DB;
    sq_bind_int(st, 1, x->id);
    size_t cap = 8;
    out->tries = ks_arena_alloc(a, cap * sizeof *out->tries);
    while ((r = sq_step(st)) == SQ_ROW) {
        out->tries = sq_grow(a, out->tries, &cap, out->n_tries, sizeof *out->tries);
        ks_notice_attempt *t = &out->tries[out->n_tries++];
        t->n = sq_col_int(st, 0);
        t->at = sq_col_int(st, 1);
        t->outcome = sq_col_text(a, st, 2);
        t->http_status = sq_col_int(st, 3);
        t->answer = sq_col_text(a, st, 4);
        t->next_try = sq_col_int(st, 5);
    }
    return r == SQ_DONE ? SQ_OK : SQ_DB;
}

int sq_notice_get(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t id, ks_notice *out,
                  ks_err *err)
{
    notice_get_arg x = {vendor_id, id, out};
    return sq_read(base, a, "notice_get", notice_get, &x, err);
}

typedef struct {
    int64_t vendor_id, id;
    int attempts;
    const ks_notice_attempt *t;
    ks_notice_state to;
    int *recorded;
} notice_record_arg;

static int notice_record(sq_tx *tx, void *arg)
{
    notice_record_arg *x = arg;
    const ks_notice_attempt *t = x->t;
    sq_stmt *st = sq_prep(tx->db, "UPDATE notifications SET state = ?, attempts = attempts "
                                  "+ 1, next_try = ? WHERE vendor_id = ? AND id = ? AND "
                                  "state = 0 AND attempts = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, (int)x->to);
    if (t->next_try)
        sq_bind_int(st, 2, t->next_try);
    sq_bind_int(st, 3, x->vendor_id);
    sq_bind_int(st, 4, x->id);
    sq_bind_int(st, 5, x->attempts);
    if (sq_step_done(st))
        return SQ_DB;
    if (sq_changes(tx->db) != 1)
        return SQ_OK; /* no longer pending, or recorded by another run: nothing changes */
    if (!(st = sq_prep(tx->db, "INSERT INTO notification_attempts(notification_id, n, at, "
                               "outcome, http_status, answer, next_try) VALUES(?,?,?,?,?,?,?)")))
        return SQ_DB;
    sq_bind_int(st, 1, x->id);
    sq_bind_int(st, 2, x->attempts + 1);
    sq_bind_int(st, 3, t->at);
    sq_bind_text(st, 4, t->outcome);
    sq_bind_int(st, 5, t->http_status);
    sq_bind_text(st, 6, t->answer);
    if (t->next_try)
        sq_bind_int(st, 7, t->next_try);
    if (sq_step_done(st))
        return SQ_DB;
    *x->recorded = 1;
    return SQ_OK;
}

int sq_notice_record(ks_store *base, int64_t vendor_id, int64_t id, int attempts,
                     const ks_notice_attempt *t, ks_notice_state to, int *recorded, ks_err *err)
{
    notice_record_arg x = {vendor_id, id, attempts, t, to, recorded};
    *recorded = 0;
    if (sq_write(base, NULL, "notice_record", notice_record, &x, err)) {
        *recorded = 0;
        return -1;
    }
    return 0;
}

typedef struct {
    int64_t vendor_id;
    const ks_notice_query *q;
    ks_notice **out;
    size_t *n;
    int64_t *total;
} notice_list_arg;

static int read_notice_row(sq_tx *tx, ks_arena *a, sq_stmt *st, void *elem, void *arg)
{
    (void)tx;
    (void)arg;
    read_notice(a, st, elem);
    return SQ_OK;
}

static int notice_list(sq_tx *tx, void *arg)
{
    notice_list_arg *x = arg;
    const ks_notice_query *q = x->q;
    sq_query w;
    sq_q_init(&w, tx->a, NULL);
    sq_q_int(&w, " WHERE vendor_id = ?", x->vendor_id);
    if (q->channel)
        sq_q_text(&w, " AND channel = ?", q->channel);
    if (q->subject)
        sq_q_text(&w, " AND subject = ?", q->subject);
    if (q->has_state)
        sq_q_int(&w, " AND state = ?", (int64_t)q->state);
    return sq_page(tx, tx->a, "SELECT count(*) FROM notifications",
                   "SELECT " NOTICE_COLS " FROM notifications", &w, "id DESC", q->page, q->limit,
                   sizeof **x->out, read_notice_row, NULL, (void **)x->out, x->n, x->total);
}

int sq_notice_list(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_notice_query *q,
                   ks_notice **out, size_t *n, int64_t *total, ks_err *err)
{
    notice_list_arg x = {vendor_id, q, out, n, total};
    return sq_read(base, a, "notice_list", notice_list, &x, err);
}

typedef struct {
    int64_t vendor_id, id;
    const char *kind;
    ks_time now;
} notice_replay_arg;

static int notice_replay(sq_tx *tx, void *arg)
{
    notice_replay_arg *x = arg;
    char key[24];
    sq_stmt *st = sq_prep(tx->db, "UPDATE notifications SET state = 0, start = ?, "
                                  "next_try = ? WHERE vendor_id = ? AND id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, x->now);
    sq_bind_int(st, 2, x->now);
    sq_bind_int(st, 3, x->vendor_id);
    sq_bind_int(st, 4, x->id);
    if (sq_step_done(st))
        return SQ_DB;
    if (sq_changes(tx->db) == 0)
        return sq_refuse(tx, KS_E_NOTIFICATION_NOT_FOUND, "Notification %lld not found",
                         (long long)x->id);
    snprintf(key, sizeof key, "%lld", (long long)x->id);
    ks_job_new j = {x->vendor_id, x->kind, key, x->now, key};
    ks_job_list l = {.items = &j, .n = 1, .cap = 1};
    return sq_jobs_write(tx->db, &l) ? SQ_DB : SQ_OK;
}

int sq_notice_replay(ks_store *base, int64_t vendor_id, int64_t id, const char *kind, ks_time now,
                     ks_err *err)
{
    notice_replay_arg x = {vendor_id, id, kind, now};
    return sq_write(base, NULL, "notice_replay", notice_replay, &x, err);
}

typedef struct {
    const char ***outcomes;
    int64_t **counts;
    size_t *n;
} notice_stats_arg;

static int notice_stats(sq_tx *tx, void *arg)
{
    notice_stats_arg *x = arg;
    size_t cap = 8;
    int r;
    *x->n = 0;
    *x->outcomes = ks_arena_alloc(tx->a, cap * sizeof **x->outcomes);
    *x->counts = ks_arena_alloc(tx->a, cap * sizeof **x->counts);
    sq_stmt *st = sq_prep(tx->db, "SELECT outcome, count(*) FROM notification_attempts "
                                  "GROUP BY outcome ORDER BY outcome");
    if (!st)
        return SQ_DB;
    while ((r = sq_step(st)) == SQ_ROW) {
        size_t c = cap;
        *x->outcomes = sq_grow(tx->a, *x->outcomes, &c, *x->n, sizeof **x->outcomes);
        *x->counts = sq_grow(tx->a, *x->counts, &cap, *x->n, sizeof **x->counts);
        (*x->outcomes)[*x->n] = sq_col_text(tx->a, st, 0);
        (*x->counts)[(*x->n)++] = sq_col_int(st, 1);
    }
    return r == SQ_DONE ? SQ_OK : SQ_DB;
}

int sq_notice_stats(ks_store *base, ks_arena *a, const char ***outcomes, int64_t **counts,
                    size_t *n, ks_err *err)
{
    notice_stats_arg x = {outcomes, counts, n};
    return sq_read(base, a, "notice_stats", notice_stats, &x, err);
}
