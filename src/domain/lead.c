/* lead.c — the rules of leads: what a valid lead is, its code, its follow-up schedule, and the
 * meaning of the search Type filter. */
#include "lead.h"

#include <ctype.h>
#include <string.h>

#include "../core/crypto.h"
#include "../store/store.h"
#include "clock.h"

/* API: leads — "a first email 20 minutes after the cart is abandoned when a name and email are
 * known, then up to four more over 90 days". Offsets from the lead's creation. */
static const ks_time followup_offsets[KS_LEAD_FOLLOWUPS] = {
    20 * 60, 1 * 86400, 7 * 86400, 30 * 86400, 90 * 86400,
};

int ks_lead_type_parse(ks_lead_type *out, const char *s)
{
    static const struct {
        const char *name;
        ks_lead_type t;
    } names[] = {{"New", KS_LEAD_TYPE_NEW},
                 {"Used", KS_LEAD_TYPE_USED},
                 {"UsedSuccess", KS_LEAD_TYPE_USED_SUCCESS},
                 {"Stopped", KS_LEAD_TYPE_STOPPED},
                 {"NotStopped", KS_LEAD_TYPE_NOT_STOPPED}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].t;
            return 0;
        }
    return -1;
}

static int valid_lead_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > KS_LEAD_CODE_MAX)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return 0;
    return 1;
}

static int check_lead(const ks_lead *l, ks_err *err)
{
    ks_time t;
    /* API: addLead — "Items ... Required" */
    if (l->n_items == 0)
        return ks_err_set(err, KS_E_LEAD_ITEMS_EMPTY);
    for (size_t i = 0; i < l->n_items; i++) {
        const ks_lead_item *it = &l->items[i];
        /* API: addLead — catalog items are named by Code, dynamic items carry Name and Price */
        if (it->is_dynamic) {
            if (!it->name || !*it->name)
                return ks_err_setf(err, KS_E_LEAD_ITEM_INVALID,
                                   "Items[%zu].Name is required for a dynamic item", i);
            if (!it->price || !it->price->has_amount)
                return ks_err_setf(err, KS_E_LEAD_ITEM_INVALID,
                                   "Items[%zu].Price.Amount is required for a dynamic item", i);
            if (it->price->amount < 0)
                return ks_err_setf(err, KS_E_LEAD_ITEM_INVALID,
                                   "Items[%zu].Price.Amount must not be negative", i);
        } else if (!it->code || !*it->code) {
            return ks_err_setf(err, KS_E_LEAD_ITEM_INVALID,
                               "Items[%zu].Code is required for a catalog item", i);
        }
        /* API: placeOrder — "Quantity 1-99999", the same cart rule */
        if (it->has_quantity && (it->quantity < 1 || it->quantity > 99999))
            return ks_err_setf(err, KS_E_LEAD_ITEM_INVALID,
                               "Items[%zu].Quantity must be between 1 and 99999", i);
    }
    /* API: addLead — "LocalTime (YYYY-MM-DD HH:MM:SS)" */
    if (l->local_time && ks_time_parse(&t, l->local_time, 0))
        return ks_err_setf(err, KS_E_INVALID_DATE,
                           "LocalTime must be formatted YYYY-MM-DD HH:MM:SS");
    return 0;
}

static void schedule_followups(ks_lead *l)
{
    const ks_address *b = l->billing;
    l->n_followups = 0;
    if (!b || !b->email || !*b->email ||
        !((b->first_name && *b->first_name) || (b->last_name && *b->last_name)))
        return;
    for (int i = 0; i < KS_LEAD_FOLLOWUPS; i++) {
        l->followups[i].due = l->created + followup_offsets[i];
        l->followups[i].state = l->stopped ? KS_FOLLOWUP_CANCELED : KS_FOLLOWUP_SCHEDULED;
    }
    l->n_followups = KS_LEAD_FOLLOWUPS;
}

int ks_lead_add(ks_ctx *ctx, ks_lead *l, ks_err *err)
{
    ks_time now;
    if (check_lead(l, err) || ks_clock_now(&now, ctx, err))
        return -1;
    if (l->code) {
        if (!valid_lead_code(l->code))
            return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                               "LeadCode must be 1-%d letters, digits, '_' or '-'",
                               KS_LEAD_CODE_MAX);
    } else {
        /* the platform's lead codes are 10 upper-case hex characters ("60E6C4B574") */
        char *code = ks_arena_alloc(ctx->arena, 11);
        ks_random_chars(code, 10, "0123456789ABCDEF");
        l->code = code;
    }
    l->generated_from = "API";
    l->created = l->updated = now;
    l->used = l->used_success = l->stopped = 0;
    schedule_followups(l);
    return ctx->store->ops->lead_insert(ctx->store, ctx->vendor->id, l, err);
}

int ks_lead_get(ks_lead *out, ks_ctx *ctx, const char *code, ks_err *err)
{
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "LeadCode is required");
    return ctx->store->ops->lead_get(ctx->store, ctx->arena, ctx->vendor->id, code, out, err);
}

typedef struct {
    ks_lead *l;
    ks_time now;
} update_arg;

/* Runs inside the store's transaction, on the lead as it is now. */
static int merge_update(ks_lead *next, const ks_lead *old, void *arg, ks_err *err)
{
    const update_arg *u = arg;
    ks_lead *l = u->l;
    if (check_lead(l, err))
        return -1;
    /* API: updateLead — "all the existing data for that lead will be overwritten"; what the
     * platform owns (code, origin, creation, used/stopped state) is not lead data */
    l->code = old->code;
    l->generated_from = old->generated_from;
    l->created = old->created;
    l->updated = u->now;
    l->used = old->used;
    l->used_success = old->used_success;
    l->stopped = old->stopped;
    schedule_followups(l);
    for (size_t i = 0; i < l->n_followups && i < old->n_followups; i++)
        if (old->followups[i].state == KS_FOLLOWUP_SENT)
            l->followups[i].state = KS_FOLLOWUP_SENT;
    *next = *l;
    return 0;
}

int ks_lead_update(ks_ctx *ctx, const char *code, ks_lead *l, ks_err *err)
{
    update_arg u = {l, 0};
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "LeadCode is required");
    if (ks_clock_now(&u.now, ctx, err))
        return -1;
    /* read, merge and write in one transaction, so a markLeads that lands in between is kept */
    return ctx->store->ops->lead_update(ctx->store, ctx->arena, ctx->vendor->id, code,
                                        merge_update, &u, err);
}

int ks_lead_search(ks_lead **out, size_t *n, int64_t *total, ks_ctx *ctx, const ks_lead_query *q,
                   ks_err *err)
{
    /* API: search pagination — "default page 1 x 10, max 200 per page" */
    if (q->page < 1 || q->limit < 1 || q->limit > 200)
        return ks_err_set(err, KS_E_INVALID_PAGINATION);
    if (q->has_start && q->has_end && q->start > q->end)
        return ks_err_set(err, KS_E_LEAD_SEARCH_DATE_RANGE);
    return ctx->store->ops->lead_search(ctx->store, ctx->arena, ctx->vendor->id, q, out, n, total,
                                        err);
}

int ks_lead_mark(ks_ctx *ctx, const ks_lead_mark_in *marks, size_t n, ks_err *err)
{
    ks_time now;
    if (n == 0)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "At least one lead to mark is required");
    for (size_t i = 0; i < n; i++)
        if (!marks[i].code || !*marks[i].code)
            return ks_err_setf(err, KS_E_PARAMETER_MISSING, "[%zu].LeadCode is required", i);
    if (ks_clock_now(&now, ctx, err))
        return -1;
    return ctx->store->ops->lead_mark(ctx->store, ctx->vendor->id, marks, n, now, err);
}
