/* lead.c — the rules of leads: what a valid lead is, its code, its follow-up schedule and the
 * follow-up emails, and the meaning of the search Type filter. */
#include "lead.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/crypto.h"
#include "../core/log.h"
#include "store.h"
#include "catalog.h"
#include "clock.h"
#include "transport.h"
#include "page.h"

/* API: leads — "a first email 20 minutes after the cart is abandoned when a name and email are
 * known, then up to four more over 90 days". Offsets from the lead's creation. */
static const ks_time followup_offsets[KS_LEAD_FOLLOWUPS] = {
    20 * 60, 1 * 86400, 7 * 86400, 30 * 86400, 90 * 86400,
};

const char *const ks_lead_type_names[] = {"New", "Used", "UsedSuccess", "Stopped", "NotStopped",
                                          NULL};

int ks_lead_type_parse(ks_lead_type *out, const char *s)
{
    int i = ks_name_find(ks_lead_type_names, s, 0);
    if (i < 0)
        return -1;
    *out = (ks_lead_type)(KS_LEAD_TYPE_NEW + i);
    return 0;
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
        /* a recovered (used) or stopped lead gets no mail */
        l->followups[i].state =
            l->stopped || l->used ? KS_FOLLOWUP_CANCELED : KS_FOLLOWUP_SCHEDULED;
    }
    l->n_followups = KS_LEAD_FOLLOWUPS;
}

/* One job per follow-up that may still go out at its time: scheduled, or canceled but still
 * ahead (a stop may be lifted before then). The job decides at its due time, so restarting
 * follow-ups needs no new job. Enqueueing the same keys again (an update) re-plans them. */
static void followup_jobs(ks_job_list *jobs, ks_arena *a, int64_t vendor_id, const ks_lead *l,
                          ks_time now)
{
    for (size_t i = 0; i < l->n_followups; i++) {
        const ks_lead_followup *f = &l->followups[i];
        if (f->state == KS_FOLLOWUP_SENT || (f->state == KS_FOLLOWUP_CANCELED && f->due <= now))
            continue;
        const char *key = ks_arena_printf(a, "%s#%zu", l->code, i);
        ks_job_new j = {.vendor_id = vendor_id,
                        .kind = KS_LEAD_FOLLOWUP_JOB,
                        .key = key,
                        .due = l->followups[i].due,
                        .payload = key};
        ks_job_list_add(jobs, a, &j);
    }
}

/* API: addLead — catalog items name products of the vendor's catalog ("Requested product [%s]
 * was not found."). A vendor that keeps no catalog in Kassa (no product at all) may still
 * record carts of its own codes; a product disabled since the cart was left is no error. Runs
 * outside any store transaction: it reads through connections of its own. */
static int check_catalog(ks_ctx *ctx, const ks_lead *l, ks_err *err)
{
    ks_product_query q = {.page = 1, .limit = 1};
    ks_product *list, p;
    size_t n, i;
    int64_t total;
    ks_err e;
    for (i = 0; i < l->n_items && l->items[i].is_dynamic; i++)
        ;
    if (i == l->n_items)
        return 0; /* no catalog item */
    if (ks_product_search(&list, &n, &total, ctx, &q, err))
        return -1;
    if (total == 0)
        return 0;
    for (i = 0; i < l->n_items; i++) {
        if (l->items[i].is_dynamic || !l->items[i].code || !*l->items[i].code)
            continue; /* check_lead names what is missing */
        if (ks_product_get(&p, ctx, l->items[i].code, &e) == 0)
            continue;
        if (e.code != KS_E_PRODUCT_NOT_FOUND) {
            *err = e;
            return -1;
        }
        return ks_err_setf(err, KS_E_ORDER_PRODUCT_CODE_INVALID,
                           "Items[%zu]: Requested product [%.64s] was not found.", i,
                           l->items[i].code);
    }
    return 0;
}

int ks_lead_add(ks_ctx *ctx, ks_lead *l, ks_err *err)
{
    return ks_lead_add_from(ctx, l, "API", err);
}

int ks_lead_add_from(ks_ctx *ctx, ks_lead *l, const char *from, ks_err *err)
{
    ks_time now;
    if (check_lead(l, err) || check_catalog(ctx, l, err) || ks_clock_now(&now, ctx, err))
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
    /* API: addLead — GeneratedFrom "API" for leads added through the API, whatever was sent */
    l->generated_from = from;
    l->created = l->updated = now;
    l->used = l->used_success = l->stopped = 0;
    schedule_followups(l);
    ks_job_list jobs = {0};
    followup_jobs(&jobs, ctx->arena, ctx->vendor->id, l, now);
    /* the lead and its follow-up jobs in one commit */
    return ctx->store->ops->lead_insert(ctx->store, ctx->vendor->id, l, &jobs, err);
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
    ks_ctx *ctx;
} update_arg;

/* Runs inside the store's transaction, on the lead as it is now. */
static int merge_update(ks_lead *next, ks_job_list *jobs, const ks_lead *old, void *arg,
                        ks_err *err)
{
    const update_arg *u = arg;
    ks_lead *l = u->l;
    if (check_lead(l, err))
        return -1;
    /* API: updateLead — "all the existing data for that lead will be overwritten"; what the
     * platform owns (code, creation, used/stopped state) is not lead data. GeneratedFrom is
     * one of the update's parameters: given, it replaces the source; absent, the source stays */
    l->code = old->code;
    if (!l->generated_from || !*l->generated_from)
        l->generated_from = old->generated_from;
    l->created = old->created;
    l->updated = u->now;
    l->used = old->used;
    l->used_success = old->used_success;
    l->stopped = old->stopped;
    schedule_followups(l);
    /* the schedule is re-planned from the creation time, so the follow-ups that were planned
     * already keep their state (sent, or canceled by a stop); one planned now (a name and an
     * email given only now) whose moment has passed is not sent late */
    for (size_t i = 0; i < l->n_followups; i++) {
        if (i < old->n_followups)
            l->followups[i].state = old->followups[i].state;
        else if (l->followups[i].due <= u->now)
            l->followups[i].state = KS_FOLLOWUP_CANCELED;
    }
    followup_jobs(jobs, u->ctx->arena, u->ctx->vendor->id, l, u->now);
    *next = *l;
    return 0;
}

int ks_lead_update(ks_ctx *ctx, const char *code, ks_lead *l, ks_err *err)
{
    update_arg u = {l, 0, ctx};
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "LeadCode is required");
    if (check_catalog(ctx, l, err) || ks_clock_now(&u.now, ctx, err))
        return -1;
    /* read, merge and write in one transaction, so a markLeads that lands in between is kept */
    return ctx->store->ops->lead_update(ctx->store, ctx->arena, ctx->vendor->id, code,
                                        merge_update, &u, err);
}

int ks_lead_search(ks_lead **out, size_t *n, int64_t *total, ks_ctx *ctx, const ks_lead_query *q,
                   ks_err *err)
{
    if (ks_page_check(q->page, q->limit, err))
        return -1;
    if (q->has_start && q->has_end && q->start > q->end)
        return ks_err_set(err, KS_E_LEAD_SEARCH_DATE_RANGE);
    return ctx->store->ops->lead_search(ctx->store, ctx->arena, ctx->vendor->id, q, out, n, total,
                                        err);
}

/* Runs inside the store's transaction, on each lead as it is now; arg is the time of the mark. */
static void apply_mark(ks_lead *l, const ks_lead_mark_in *m, void *arg)
{
    ks_time now = *(const ks_time *)arg;
    if (m->set_used) {
        l->used = m->used;
        l->used_success = m->used && (l->used_success || m->used_success);
    }
    if (m->set_stop)
        l->stopped = m->stop;
    if (m->set_used || m->set_stop)
        l->updated = now;
    /* API: markLeads — StopFollowups stops the follow-up emails; a used lead (the cart became
     * an order) is not followed up either. Restarting schedules again only what is still
     * ahead: a mail whose moment passed while stopped is not sent late. */
    int active = !l->used && !l->stopped;
    for (size_t i = 0; i < l->n_followups; i++) {
        ks_lead_followup *f = &l->followups[i];
        if (!active && f->state == KS_FOLLOWUP_SCHEDULED)
            f->state = KS_FOLLOWUP_CANCELED;
        else if (active && f->state == KS_FOLLOWUP_CANCELED && f->due > now)
            f->state = KS_FOLLOWUP_SCHEDULED;
    }
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
    return ctx->store->ops->lead_mark(ctx->store, ctx->arena, ctx->vendor->id, marks, n, apply_mark,
                                      &now, err);
}

/* --- follow-up emails --------------------------------------------------------------------- */

/* The mail of follow-up seq of lead l, sent at now. */
static void followup_mail(ks_mail *m, ks_ctx *ctx, const ks_lead *l, size_t seq, ks_time now)
{
    const ks_address *b = l->billing;
    const char *base =
        ctx->cfg && ctx->cfg->public_url ? ctx->cfg->public_url : "http://127.0.0.1:8080";
    size_t nb = strlen(base);
    ks_buf body = KS_BUF_INIT;
    char amount[32];
    while (nb && base[nb - 1] == '/')
        nb--;
    if (b->first_name && *b->first_name)
        ks_buf_printf(&body, "Hello %s%s%s,\n\n", b->first_name,
                      b->last_name && *b->last_name ? " " : "",
                      b->last_name && *b->last_name ? b->last_name : "");
    else
        ks_buf_printf(&body, "Hello %s,\n\n", b->last_name);
    ks_buf_puts(&body, "You left these items in your shopping cart:\n\n");
    for (size_t i = 0; i < l->n_items; i++) {
        const ks_lead_item *it = &l->items[i];
        ks_buf_printf(&body, "  %lld x ", (long long)(it->has_quantity ? it->quantity : 1));
        if (it->is_dynamic || !it->code)
            ks_buf_puts(&body, it->name ? it->name : "(item)");
        else if (it->name && *it->name)
            ks_buf_printf(&body, "%s (%s)", it->name, it->code);
        else
            ks_buf_puts(&body, it->code);
        if (it->price && it->price->has_amount) {
            ks_dec_format(amount, it->price->amount);
            ks_buf_printf(&body, ", %s %s", amount, l->currency);
        }
        ks_buf_putc(&body, '\n');
    }
    /* codes of vendors and leads are letters, digits and "-_.": nothing to escape in a URL */
    ks_buf_printf(&body, "\nComplete your order: %.*s/checkout/buy?merchant=%s&lead=%s\n", (int)nb,
                  base, ctx->vendor->code, l->code);
    m->to = b->email;
    m->subject = seq == 0 ? "You left items in your shopping cart"
                          : "Your shopping cart is still waiting for you";
    m->body = ks_arena_strdup(ctx->arena, body.data);
    m->sent_at = now;
    ks_buf_free(&body);
}

int ks_lead_followup_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err)
{
    ks_lead l;
    ks_mail mail;
    ks_err gerr;
    ks_time now;
    int sent;
    const char *hash = job->payload ? strrchr(job->payload, '#') : NULL;
    char *end;
    long seq = hash ? strtol(hash + 1, &end, 10) : -1;
    if (!hash || hash == job->payload || *end || seq < 0 || seq >= KS_LEAD_FOLLOWUPS) {
        ks_log_warn("jobs: %s job %lld: bad payload, dropped", job->kind, (long long)job->id);
        return 0;
    }
    const char *code = ks_arena_strndup(ctx->arena, job->payload, (size_t)(hash - job->payload));
    if (ks_clock_now(&now, ctx, err))
        return -1;
    if (ctx->store->ops->lead_get(ctx->store, ctx->arena, ctx->vendor->id, code, &l, &gerr)) {
        if (gerr.code == KS_E_LEAD_NOT_FOUND)
            return 0; /* nothing to follow up */
        *err = gerr;
        return -1;
    }
    /* an update may have removed the follow-ups (no name or email any more) */
    if ((size_t)seq >= l.n_followups)
        return 0;
    const ks_lead_followup *f = &l.followups[seq];
    /* API: leads — follow-up emails go to abandoned carts only: not once the lead is used
     * (the cart became an order) or its follow-ups are stopped */
    if (f->state != KS_FOLLOWUP_SCHEDULED || l.used || l.stopped || !l.billing->email)
        return 0;
    if (f->due > now) {
        *again = f->due;
        return 0;
    }
    followup_mail(&mail, ctx, &l, (size_t)seq, now);
    /* with an SMTP server configured, the mail goes out first (a failure retries the job); a
     * crash between the sending and the commit below sends it again: at least once */
    const ks_transport *t = ctx->cfg ? ctx->cfg->transport : NULL;
    if (t && t->send_mail && t->send_mail(t->self, NULL, mail.to, mail.subject, mail.body, err))
        return -1;
    /* marked SENT only if still SCHEDULED, with the mail, in one commit: run twice, sent once */
    return ctx->store->ops->lead_followup_sent(ctx->store, ctx->vendor->id, code, (int)seq, &mail,
                                               &sent, err);
}
