/* mailbox.c — reading the sandbox mailbox. Mails are written by the store operations of what
 * sends them (a follow-up is marked sent and its mail kept in one transaction). */
#include "mailbox.h"

#include "store.h"
#include "page.h"

int ks_mailbox_list(ks_mail **out, size_t *n, int64_t *total, ks_ctx *ctx, const ks_mail_query *q,
                    ks_err *err)
{
    ks_vendor *v;
    if (!q->vendor_code || !*q->vendor_code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Vendor is required");
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    v = ks_arena_alloc(ctx->arena, sizeof *v);
    if (ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, q->vendor_code, v, err))
        return -1;
    ctx->vendor = v;
    return ctx->store->ops->mail_list(ctx->store, ctx->arena, v->id, q->to, q->page, q->limit, out,
                                      n, total, err);
}
