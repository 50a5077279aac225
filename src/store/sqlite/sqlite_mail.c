/* sqlite_mail.c — the sandbox mailbox in SQLite: one `mails` row per mail (migration 5),
 * written inside the transaction of what sends it, listed newest first. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sqlite_int.h"

int sq_mail_write(sqlite3 *db, int64_t vendor_id, const ks_mail *m)
{
    int rc = -1;
    sqlite3_stmt *st = sq_prep(db, "INSERT INTO mails(vendor_id, to_addr, subject, body, sent_at) "
                                   "VALUES(?,?,?,?,?)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, vendor_id);
    sq_bind_text(st, 2, m->to);
    sq_bind_text(st, 3, m->subject);
    sq_bind_text(st, 4, m->body);
    sqlite3_bind_int64(st, 5, m->sent_at);
    if (sqlite3_step(st) == SQLITE_DONE)
        rc = 0;
    sqlite3_finalize(st);
    return rc;
}

int sq_mail_list(ks_store *base, ks_arena *a, int64_t vendor_id, const char *to, int64_t page,
                 int64_t limit, ks_mail **out, size_t *n, int64_t *total, ks_err *err)
{
    sq_store *s = (sq_store *)base;
    sqlite3 *db = sq_acquire(s);
    int rc = -1, r;
    size_t cnt = 0;
    ks_mail *list = ks_arena_alloc(a, (size_t)limit * sizeof *list);
    sqlite3_stmt *st = NULL;
    char sql[256];
    /* the recipient filter only when given, so that mails_to can serve it */
    const char *where = to ? "vendor_id = ?1 AND to_addr = ?2" : "vendor_id = ?1";
    /* any Page >= 1 is valid: far past the end, (page - 1) * limit would overflow */
    int64_t offset = page - 1 > INT64_MAX / limit ? INT64_MAX : (page - 1) * limit;
    /* one read transaction: the page and the count see the same mails */
    if (sq_exec(db, "BEGIN", err))
        goto done;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM mails WHERE %s", where);
    if (!(st = sq_prep(db, sql)))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    if (to)
        sq_bind_text(st, 2, to);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    snprintf(sql, sizeof sql,
             "SELECT id, to_addr, subject, body, sent_at FROM mails WHERE %s "
             "ORDER BY sent_at DESC, id DESC LIMIT ?3 OFFSET ?4",
             where);
    if (!(st = sq_prep(db, sql)))
        goto fail;
    sqlite3_bind_int64(st, 1, vendor_id);
    if (to)
        sq_bind_text(st, 2, to);
    sqlite3_bind_int64(st, 3, limit);
    sqlite3_bind_int64(st, 4, offset);
    while ((r = sqlite3_step(st)) == SQLITE_ROW && cnt < (size_t)limit) {
        ks_mail *m = &list[cnt++];
        m->id = sqlite3_column_int64(st, 0);
        m->to = sq_col_text(a, st, 1);
        m->subject = sq_col_text(a, st, 2);
        m->body = sq_col_text(a, st, 3);
        m->sent_at = sqlite3_column_int64(st, 4);
    }
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        goto fail;
    *out = list;
    *n = cnt;
    rc = 0;
    goto done;
fail:
    sq_db_error(db, "mail_list", err);
done:
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sq_release(s, db);
    return rc;
}
