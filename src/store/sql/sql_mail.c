/* sql_mail.c — the sandbox mailbox: one `mails` row per mail (migration 5),
 * written inside the transaction of what sends it, listed newest first. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sql_int.h"

int sq_mail_write(sq_conn *db, int64_t vendor_id, const ks_mail *m)
{
    int rc = -1;
    sq_stmt *st = sq_prep(db, "INSERT INTO mails(vendor_id, to_addr, subject, body, sent_at) "
                              "VALUES(?,?,?,?,?)");
    if (!st)
        return -1;
    sq_bind_int(st, 1, vendor_id);
    sq_bind_text(st, 2, m->to);
    sq_bind_text(st, 3, m->subject);
    sq_bind_text(st, 4, m->body);
    sq_bind_int(st, 5, m->sent_at);
    if (sq_step(st) == SQ_DONE)
        rc = 0;
    sq_finish(st);
    return rc;
}

static int read_mail(sq_tx *tx, ks_arena *a, sq_stmt *st, void *elem, void *arg)
{
    ks_mail *m = elem;
    (void)tx;
    (void)arg;
    m->id = sq_col_int(st, 0);
    m->to = sq_col_text(a, st, 1);
    m->subject = sq_col_text(a, st, 2);
    m->body = sq_col_text(a, st, 3);
    m->sent_at = sq_col_int(st, 4);
    return SQ_OK;
}

int sq_mail_list(ks_store *base, ks_arena *a, int64_t vendor_id, const char *to, int64_t page,
                 int64_t limit, ks_mail **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_query w;
    sq_q_init(&w, a, NULL);
    sq_q_int(&w, " WHERE vendor_id = ?", vendor_id);
    /* the recipient filter only when given, so that mails_to can serve it */
    if (to)
        sq_q_text(&w, " AND to_addr = ?", to);
    return sq_search(base, a, "mail_list", "SELECT count(*) FROM mails",
                     "SELECT id, to_addr, subject, body, sent_at FROM mails", &w,
                     "sent_at DESC, id DESC", page, limit, sizeof **out, read_mail, (void **)out, n,
                     total, err);
}
