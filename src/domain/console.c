/* console.c — the web console's sessions, vendors and chart figures (console.h). */
#include "console.h"

#include <string.h>

#include "../core/crypto.h"
#include "store.h"

/* The store keeps HMAC(id) rather than the id: reading the database does not give a cookie
 * that opens the console. */
static void id_hash(char out[KS_HMAC_HEX_MAX], const char *sid)
{
    static const char key[] = "kassa-console-session";
    ks_hmac_hex(out, KS_HMAC_SHA256, key, sizeof key - 1, sid, strlen(sid));
}

int ks_console_login(char sid[KS_CONSOLE_SID_LEN + 1], ks_ctx *ctx, const char *admin_token,
                     const char *token, ks_err *err)
{
    char hash[KS_HMAC_HEX_MAX], csrf[KS_CONSOLE_SID_LEN + 1];
    /* API: console login — "the console opens with the admin token, and only with it" */
    if (!admin_token || !token || !ks_ct_streq(token, admin_token))
        return ks_err_setf(err, KS_E_AUTHENTICATION_FAILED, "That is not the admin token");
    ks_random_hex(sid, KS_CONSOLE_SID_LEN / 2);
    ks_random_hex(csrf, KS_CONSOLE_SID_LEN / 2);
    id_hash(hash, sid);
    ks_time now = ks_time_real_now();
    return ctx->store->ops->console_session_insert(ctx->store, hash, csrf,
                                                   now + KS_CONSOLE_SESSION_TTL, now, err);
}

int ks_console_session_get(ks_console_session *out, ks_ctx *ctx, const char *sid, ks_err *err)
{
    char hash[KS_HMAC_HEX_MAX];
    if (!sid || strlen(sid) != KS_CONSOLE_SID_LEN)
        return ks_err_set(err, KS_E_INVALID_SESSION);
    id_hash(hash, sid);
    if (ctx->store->ops->console_session_get(ctx->store, ctx->arena, hash, out, err))
        return -1;
    if (out->expires <= ks_time_real_now())
        return ks_err_set(err, KS_E_INVALID_SESSION);
    return 0;
}

int ks_console_logout(ks_ctx *ctx, const char *sid, ks_err *err)
{
    char hash[KS_HMAC_HEX_MAX];
    if (!sid || strlen(sid) != KS_CONSOLE_SID_LEN)
        return 0;
    id_hash(hash, sid);
    return ctx->store->ops->console_session_delete(ctx->store, hash, err);
}

int ks_console_csrf_ok(const ks_console_session *s, const char *token)
{
    return s && s->csrf && token && ks_ct_streq(token, s->csrf);
}

int ks_console_vendors(ks_vendor **out, size_t *n, ks_ctx *ctx, ks_err *err)
{
    return ctx->store->ops->vendor_list(ctx->store, ctx->arena, out, n, err);
}

int ks_console_use_vendor(ks_ctx *ctx, const char *code, ks_err *err)
{
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    if (!code || !*code || strlen(code) > 64)
        return ks_err_setf(err, KS_E_VENDOR_NOT_FOUND, "Unknown vendor");
    if (ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, code, v, err))
        return -1;
    ctx->vendor = v;
    return 0;
}

int ks_console_order_stats(ks_order_stats *out, ks_ctx *ctx, ks_time to, int64_t period_s,
                           size_t n, ks_err *err)
{
    ks_order_stat_row *rows;
    size_t nrows;
    if (n < 1 || n > 366 || period_s < 60)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "1 to 366 periods of at least a minute");
    memset(out, 0, sizeof *out);
    out->period_s = period_s;
    out->n = n;
    out->to = to;
    out->from = to - (int64_t)n * period_s;
    if (ctx->store->ops->order_stats(ctx->store, ctx->arena, ctx->vendor->id, out->from,
                                     period_s, (int64_t)n, &rows, &nrows, err))
        return -1;
    out->periods = ks_arena_alloc(ctx->arena, n * sizeof *out->periods);
    memset(out->periods, 0, n * sizeof *out->periods);
    for (size_t i = 0; i < n; i++)
        out->periods[i].start = out->from + (int64_t)i * period_s;
    /* revenue is charted in one currency: the one most paid orders used */
    int64_t best = 0, total_paid = 0;
    for (size_t i = 0; i < nrows; i++) {
        int64_t paid = 0;
        total_paid += rows[i].paid;
        for (size_t j = 0; j < nrows; j++)
            if (strcmp(rows[j].currency, rows[i].currency) == 0)
                paid += rows[j].paid;
        if (paid > best) {
            best = paid;
            out->currency = rows[i].currency;
        }
    }
    out->other_currency_orders = total_paid - best;
    for (size_t i = 0; i < nrows; i++) {
        if (rows[i].bucket < 0 || rows[i].bucket >= (int64_t)n)
            continue;
        ks_order_period *p = &out->periods[rows[i].bucket];
        p->orders += rows[i].orders;
        p->paid += rows[i].paid;
        p->renewals += rows[i].renewals;
        p->renewals_failed += rows[i].renewals_failed;
        if (out->currency && strcmp(rows[i].currency, out->currency) == 0)
            p->revenue += rows[i].revenue;
    }
    return 0;
}
