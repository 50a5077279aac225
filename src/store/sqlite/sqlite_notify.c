/* sqlite_notify.c — the notification outbox in SQLite (migration 9): `notifications`, one row
 * per message and listener URL, and `notification_attempts`. A notice is written by
 * sq_notices_write inside the transaction of the change that causes it, with its delivery job;
 * an attempt is recorded by compare and set on (state, attempts), so a notice is never marked
 * delivered twice. */
#include <stdio.h>
#include <string.h>

#include "../../core/buf.h"
#include "../../core/timeutil.h"
#include "sqlite_int.h"

int sq_notices_write(sqlite3 *db, const ks_job_list *l)
{
    int rc = -1;
    sqlite3_stmt *st = NULL, *job = NULL;
    if (!l || l->n_notices == 0)
        return 0;
    st = sq_prep(db, "INSERT INTO notifications(vendor_id, channel, message_id, subject, event, "
                     "url, body, receipt_base, created, start, next_try) "
                     "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    job = sq_prep(db, "INSERT INTO jobs(vendor_id, kind, job_key, due, payload, created) "
                      "VALUES(?,?,?,?,?,?)");
    if (!st || !job)
        goto done;
    for (size_t i = 0; i < l->n_notices; i++) {
        const ks_notice_new *n = &l->notices[i];
        char id[24];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, n->vendor_id);
        sq_bind_text(st, 2, n->channel);
        sq_bind_text(st, 3, n->message_id);
        sq_bind_text(st, 4, n->subject);
        sq_bind_text(st, 5, n->event);
        sq_bind_text(st, 6, n->url);
        sq_bind_text(st, 7, n->body);
        sq_bind_text(st, 8, n->receipt_base);
        sqlite3_bind_int64(st, 9, n->due);
        sqlite3_bind_int64(st, 10, n->due);
        sqlite3_bind_int64(st, 11, n->due);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
        snprintf(id, sizeof id, "%lld", (long long)sqlite3_last_insert_rowid(db));
        sqlite3_reset(job);
        sqlite3_bind_int64(job, 1, n->vendor_id);
        sq_bind_text(job, 2, n->kind);
        sq_bind_text(job, 3, id); /* keyed by the notice: a replay re-plans the same job */
        sqlite3_bind_int64(job, 4, n->due);
        sq_bind_text(job, 5, id);
        sqlite3_bind_int64(job, 6, ks_time_real_now());
        if (sqlite3_step(job) != SQLITE_DONE)
            goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    sqlite3_finalize(job);
    return rc;
}

#define NOTICE_COLS                                                                                \
    "id, vendor_id, channel, message_id, subject, event, url, body, receipt_base, state, "         \
    "attempts, created, start, next_try"

static void read_notice(ks_arena *a, sqlite3_stmt *st, ks_notice *n)
{
    memset(n, 0, sizeof *n);
    n->id = sqlite3_column_int64(st, 0);
    n->vendor_id = sqlite3_column_int64(st, 1);
    n->channel = sq_col_text(a, st, 2);
    n->message_id = sq_col_text(a, st, 3);
    n->subject = sq_col_text(a, st, 4);
    n->event = sq_col_text(a, st, 5);
    n->url = sq_col_text(a, st, 6);
    n->body = sq_col_text(a, st, 7);
    n->receipt_base = sq_col_text(a, st, 8);
    n->state = (ks_notice_state)sqlite3_column_int(st, 9);
    n->attempts = sqlite3_column_int(st, 10);
    n->created = sqlite3_column_int64(st, 11);
    n->start = sqlite3_column_int64(st, 12);
    n->next_try = sqlite3_column_int64(st, 13);
}

int sq_notice_get(ks_store *base, ks_arena *a, int64_t vendor_id, int64_t id, ks_notice *out,
                  ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    sqlite3_stmt *st = NULL;
    if (sq_exec(db, "BEGIN", err))
        goto done;
    if (!(st = sq_prep(db, "SELECT " NOTICE_COLS " FROM notifications WHERE vendor_id = ? AND "
                           "id = ?")))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    sqlite3_bind_int64(st, 2, id);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        ks_err_setf(err, KS_E_NOTIFICATION_NOT_FOUND, "Notification %lld not found", (long long)id);
        goto end;
    }
    if (r != SQLITE_ROW)
        goto fail;
    read_notice(a, st, out);
    sqlite3_finalize(st);
    if (!(st = sq_prep(db, "SELECT n, at, outcome, http_status, answer, next_try FROM "
                           "notification_attempts WHERE notification_id = ? ORDER BY n")))
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 8;
    out->tries = ks_arena_alloc(a, cap * sizeof *out->tries);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n_tries == cap) {
            ks_notice_attempt *bigger = ks_arena_alloc(a, 2 * cap * sizeof *bigger);
            memcpy(bigger, out->tries, cap * sizeof *bigger);
            out->tries = bigger;
            cap *= 2;
        }
        ks_notice_attempt *t = &out->tries[out->n_tries++];
        t->n = sqlite3_column_int(st, 0);
        t->at = sqlite3_column_int64(st, 1);
        t->outcome = sq_col_text(a, st, 2);
        t->http_status = sqlite3_column_int(st, 3);
        t->answer = sq_col_text(a, st, 4);
        t->next_try = sqlite3_column_int64(st, 5);
    }
    if (r != SQLITE_DONE)
        goto fail;
    rc = 0;
    goto end;
fail:
    sq_db_error(db, "notice_get", err);
end:
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}

int sq_notice_record(ks_store *base, int64_t vendor_id, int64_t id, int attempts,
                     const ks_notice_attempt *t, ks_notice_state to, int *recorded, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0;
    sqlite3_stmt *st = NULL;
    *recorded = 0;
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if (!(st = sq_prep(db, "UPDATE notifications SET state = ?, attempts = attempts + 1, "
                           "next_try = ? WHERE vendor_id = ? AND id = ? AND state = 0 AND "
                           "attempts = ?")))
        goto fail;
    sqlite3_bind_int(st, 1, (int)to);
    if (t->next_try)
        sqlite3_bind_int64(st, 2, t->next_try);
    sqlite3_bind_int64(st, 3, vendor_id);
    sqlite3_bind_int64(st, 4, id);
    sqlite3_bind_int(st, 5, attempts);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    if (sqlite3_changes(db) == 1) {
        sqlite3_finalize(st);
        if (!(st = sq_prep(db, "INSERT INTO notification_attempts(notification_id, n, at, "
                               "outcome, http_status, answer, next_try) VALUES(?,?,?,?,?,?,?)")))
            goto fail;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, attempts + 1);
        sqlite3_bind_int64(st, 3, t->at);
        sq_bind_text(st, 4, t->outcome);
        sqlite3_bind_int(st, 5, t->http_status);
        sq_bind_text(st, 6, t->answer);
        if (t->next_try)
            sqlite3_bind_int64(st, 7, t->next_try);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto fail;
        *recorded = 1;
    }
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "notice_record", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

int sq_notice_list(ks_store *base, ks_arena *a, int64_t vendor_id, const ks_notice_query *q,
                   ks_notice **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r, i;
    ks_buf where = KS_BUF_INIT, sql = KS_BUF_INIT;
    sqlite3_stmt *st = NULL;
    *n = 0;
    *out = NULL;
    ks_buf_puts(&where, " FROM notifications WHERE vendor_id = ?");
    if (q->channel)
        ks_buf_puts(&where, " AND channel = ?");
    if (q->subject)
        ks_buf_puts(&where, " AND subject = ?");
    if (q->has_state)
        ks_buf_puts(&where, " AND state = ?");
#define BIND_WHERE()                                                                               \
    do {                                                                                           \
        i = 1;                                                                                     \
        sqlite3_bind_int64(st, i++, vendor_id);                                                    \
        if (q->channel)                                                                            \
            sq_bind_text(st, i++, q->channel);                                                     \
        if (q->subject)                                                                            \
            sq_bind_text(st, i++, q->subject);                                                     \
        if (q->has_state)                                                                          \
            sqlite3_bind_int(st, i++, (int)q->state);                                              \
    } while (0)
    if (sq_exec(db, "BEGIN", err))
        goto done;
    ks_buf_printf(&sql, "SELECT count(*)%s", where.data);
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    BIND_WHERE();
    if (sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    ks_buf_reset(&sql);
    ks_buf_printf(&sql, "SELECT " NOTICE_COLS "%s ORDER BY id DESC LIMIT ? OFFSET ?", where.data);
    if (!(st = sq_prep(db, sql.data)))
        goto fail;
    BIND_WHERE();
#undef BIND_WHERE
    sqlite3_bind_int64(st, i++, q->limit);
    /* ks_page_check bounds page and limit: the offset cannot overflow */
    sqlite3_bind_int64(st, i++, (q->page - 1) * q->limit);
    *out = ks_arena_alloc(a, (size_t)q->limit * sizeof **out);
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        read_notice(a, st, &(*out)[(*n)++]);
    if (r != SQLITE_DONE)
        goto fail;
    rc = 0;
    goto end;
fail:
    sq_db_error(db, "notice_list", err);
end:
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
done:
    sqlite3_finalize(st);
    ks_buf_free(&where);
    ks_buf_free(&sql);
    sq_release(s, db);
    return rc;
}

int sq_notice_replay(ks_store *base, int64_t vendor_id, int64_t id, const char *kind, ks_time now,
                     ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, in_tx = 0;
    sqlite3_stmt *st = NULL;
    char key[24];
    if (sq_exec(db, "BEGIN IMMEDIATE", err))
        goto done;
    in_tx = 1;
    if (!(st = sq_prep(db, "UPDATE notifications SET state = 0, start = ?, next_try = ? WHERE "
                           "vendor_id = ? AND id = ?")))
        goto fail;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, vendor_id);
    sqlite3_bind_int64(st, 4, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    if (sqlite3_changes(db) == 0) {
        ks_err_setf(err, KS_E_NOTIFICATION_NOT_FOUND, "Notification %lld not found", (long long)id);
        goto done;
    }
    snprintf(key, sizeof key, "%lld", (long long)id);
    ks_job_new j = {vendor_id, kind, key, now, key};
    ks_job_list l = {.items = &j, .n = 1, .cap = 1};
    if (sq_jobs_write(db, &l))
        goto fail;
    if (sq_exec(db, "COMMIT", err))
        goto done;
    in_tx = 0;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "notice_replay", err);
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}

int sq_notice_stats(ks_store *base, ks_arena *a, const char ***outcomes, int64_t **counts,
                    size_t *n, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    size_t cap = 16;
    *n = 0;
    *outcomes = ks_arena_alloc(a, cap * sizeof **outcomes);
    *counts = ks_arena_alloc(a, cap * sizeof **counts);
    sqlite3_stmt *st = sq_prep(db, "SELECT outcome, count(*) FROM notification_attempts "
                                   "GROUP BY outcome ORDER BY outcome");
    if (!st)
        goto fail;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && *n < cap) {
        (*outcomes)[*n] = sq_col_text(a, st, 0);
        (*counts)[(*n)++] = sqlite3_column_int64(st, 1);
    }
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        goto fail;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "notice_stats", err);
done:
    sqlite3_finalize(st);
    sq_release(s, db);
    return rc;
}
