/* sql_vendors.c — vendors, API sessions and the sandbox clock. */
#include <stdint.h>

#include "../../domain/auth.h"
#include "sql_int.h"

/* --- vendors ------------------------------------------------------------------------------- */

typedef struct {
    ks_vendor *v;
    const ks_tax_category *cats;
    size_t ncats;
} vendor_insert_arg;

static int vendor_insert(sq_tx *tx, void *arg)
{
    vendor_insert_arg *x = arg;
    ks_vendor *v = x->v;
    sq_stmt *st = sq_prep(tx->db, "INSERT INTO vendors(code, secret, model, tz_offset, "
                                  "created, subscription_delay, secret_word) "
                                  "VALUES(?,?,?,?,?,?,?) RETURNING id");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, v->code);
    sq_bind_text(st, 2, v->secret);
    sq_bind_text(st, 3, ks_model_name(v->model));
    sq_bind_int(st, 4, v->tz_offset);
    sq_bind_int(st, 5, v->created);
    sq_bind_int(st, 6, v->subscription_delay_s);
    sq_bind_text(st, 7, v->secret_word);
    int r = sq_step_id(st, &v->id);
    if (r == SQ_CONSTRAINT)
        return sq_refuse(tx, KS_E_VENDOR_EXISTS, "A vendor with code '%.64s' already exists",
                         v->code);
    if (r != SQ_ROW)
        return SQ_DB;
    sq_finish(st);
    return sq_tax_categories_write(tx->db, v->id, x->cats, x->ncats) ? SQ_DB : SQ_OK;
}

int sq_vendor_insert(ks_store *base, ks_vendor *v, const ks_tax_category *cats, size_t ncats,
                     ks_err *err)
{
    vendor_insert_arg x = {v, cats, ncats};
    return sq_write(base, NULL, "vendor_insert", vendor_insert, &x, err);
}

#define VENDOR_COLS                                                                                \
    "id, code, secret, model, tz_offset, created, subscription_delay, ipn_urls, lcn_urls, "        \
    "notify_signatures, notify_test_orders, ipn_groups, secret_word"

static void read_vendor(ks_arena *a, sq_stmt *st, void *elem)
{
    ks_vendor *v = elem;
    v->id = sq_col_int(st, 0);
    v->code = sq_col_text(a, st, 1);
    v->secret = sq_col_text(a, st, 2);
    if (ks_model_parse(&v->model, sq_col_str(st, 3)))
        v->model = KS_MODEL_MOR;
    v->tz_offset = sq_col_int(st, 4);
    v->subscription_delay_s = sq_col_int(st, 6);
    v->created = sq_col_int(st, 5);
    v->notify.ipn_urls = sq_col_text(a, st, 7);
    v->notify.lcn_urls = sq_col_text(a, st, 8);
    v->notify.signatures = sq_col_int(st, 9);
    v->notify.test_orders = sq_col_int(st, 10);
    v->notify.ipn_groups = sq_col_int(st, 11);
    v->secret_word = sq_col_text(a, st, 12);
}

typedef struct {
    int64_t vendor_id;
    const ks_notify_settings *n;
} set_notify_arg;

static int vendor_set_notify(sq_tx *tx, void *arg)
{
    set_notify_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "UPDATE vendors SET ipn_urls = ?, lcn_urls = ?, "
                                  "notify_signatures = ?, notify_test_orders = ?, "
                                  "ipn_groups = ? WHERE id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->n->ipn_urls);
    sq_bind_text(st, 2, x->n->lcn_urls);
    sq_bind_int(st, 3, x->n->signatures);
    sq_bind_int(st, 4, x->n->test_orders);
    sq_bind_int(st, 5, x->n->ipn_groups);
    sq_bind_int(st, 6, x->vendor_id);
    if (sq_step_done(st))
        return SQ_DB;
    return sq_changes(tx->db) ? SQ_OK : sq_refuse(tx, KS_E_VENDOR_NOT_FOUND, NULL);
}

int sq_vendor_set_notify(ks_store *base, int64_t vendor_id, const ks_notify_settings *n,
                         ks_err *err)
{
    set_notify_arg x = {vendor_id, n};
    return sq_write(base, NULL, "vendor_set_notify", vendor_set_notify, &x, err);
}

typedef struct {
    const char *code; /* by code, else by id */
    int64_t id;
    ks_vendor *out;
} vendor_get_arg;

static int vendor_get(sq_tx *tx, void *arg)
{
    vendor_get_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, x->code ? "SELECT " VENDOR_COLS " FROM vendors WHERE code = ?"
                                          : "SELECT " VENDOR_COLS " FROM vendors WHERE id = ?");
    if (!st)
        return SQ_DB;
    if (x->code)
        sq_bind_text(st, 1, x->code);
    else
        sq_bind_int(st, 1, x->id);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_VENDOR_NOT_FOUND, NULL);
    if (r != SQ_ROW)
        return SQ_DB;
    read_vendor(tx->a, st, x->out);
    return SQ_OK;
}

int sq_vendor_by_code(ks_store *base, ks_arena *a, const char *code, ks_vendor *out, ks_err *err)
{
    vendor_get_arg x = {code, 0, out};
    return sq_read(base, a, "vendor_get", vendor_get, &x, err);
}

int sq_vendor_by_id(ks_store *base, ks_arena *a, int64_t id, ks_vendor *out, ks_err *err)
{
    vendor_get_arg x = {NULL, id, out};
    return sq_read(base, a, "vendor_get", vendor_get, &x, err);
}

typedef struct {
    ks_vendor **out;
    size_t *n;
} vendor_list_arg;

static int vendor_list(sq_tx *tx, void *arg)
{
    vendor_list_arg *x = arg;
    return sq_rows(tx->a, sq_prep(tx->db, "SELECT " VENDOR_COLS " FROM vendors ORDER BY code"),
                   sizeof **x->out, read_vendor, (void **)x->out, x->n);
}

int sq_vendor_list(ks_store *base, ks_arena *a, ks_vendor **out, size_t *n, ks_err *err)
{
    vendor_list_arg x = {out, n};
    return sq_read(base, a, "vendor_list", vendor_list, &x, err);
}

/* --- sessions and clock -------------------------------------------------------------------- */

typedef struct {
    const char *id;
    int64_t vendor_id;
    ks_time expires;
} session_arg;

static int session_insert(sq_tx *tx, void *arg)
{
    session_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "INSERT INTO sessions(id, vendor_id, expires) VALUES(?,?,?)");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->id);
    sq_bind_int(st, 2, x->vendor_id);
    sq_bind_int(st, 3, x->expires);
    if (sq_step_done(st))
        return SQ_DB;
    /* sessions expired for a day are garbage; collecting them may fail without harm */
    if ((st = sq_prep(tx->db, "DELETE FROM sessions WHERE expires < ?")) != NULL) {
        sq_bind_int(st, 1, x->expires - 86400);
        sq_step(st);
    }
    return SQ_OK;
}

int sq_session_insert(ks_store *base, const char *id, int64_t vendor_id, ks_time expires,
                      ks_err *err)
{
    session_arg x = {id, vendor_id, expires};
    return sq_write(base, NULL, "session_insert", session_insert, &x, err);
}

typedef struct {
    const char *id;
    int64_t *vendor_id;
    ks_time *expires;
} session_get_arg;

static int session_get(sq_tx *tx, void *arg)
{
    session_get_arg *x = arg;
    sq_stmt *st = sq_prep(tx->db, "SELECT vendor_id, expires FROM sessions WHERE id = ?");
    if (!st)
        return SQ_DB;
    sq_bind_text(st, 1, x->id);
    int r = sq_step(st);
    if (r == SQ_DONE)
        return sq_refuse(tx, KS_E_INVALID_SESSION, NULL);
    if (r != SQ_ROW)
        return SQ_DB;
    *x->vendor_id = sq_col_int(st, 0);
    *x->expires = sq_col_int(st, 1);
    return SQ_OK;
}

int sq_session_get(ks_store *base, const char *id, int64_t *vendor_id, ks_time *expires,
                   ks_err *err)
{
    session_get_arg x = {id, vendor_id, expires};
    return sq_read(base, NULL, "session_get", session_get, &x, err);
}

static int clock_get(sq_tx *tx, void *arg)
{
    sq_stmt *st = sq_prep(tx->db, "SELECT offset_s FROM clock WHERE id = 1");
    if (!st || sq_step(st) != SQ_ROW)
        return SQ_DB;
    *(int64_t *)arg = sq_col_int(st, 0);
    return SQ_OK;
}

int sq_clock_get(ks_store *base, int64_t *offset, ks_err *err)
{
    return sq_read(base, NULL, "clock_get", clock_get, offset, err);
}

static int clock_advance(sq_tx *tx, void *arg)
{
    /* one statement, so no other connection's move can land between the read and the write */
    sq_stmt *st = sq_prep(tx->db, "UPDATE clock SET offset_s = offset_s + ? WHERE id = 1");
    if (!st)
        return SQ_DB;
    sq_bind_int(st, 1, *(int64_t *)arg);
    return sq_step_done(st) ? SQ_DB : SQ_OK;
}

int sq_clock_advance(ks_store *base, int64_t seconds, ks_err *err)
{
    return sq_write(base, NULL, "clock_advance", clock_advance, &seconds, err);
}
