/* leads.c — the console's leads (the list with the filters of searchLeads, the lead page with
 * its follow-up schedule and the mails sent to its shopper) and the sandbox mailbox. */
#include <string.h>

#include "../../domain/lead.h"
#include "../../domain/mailbox.h"
#include "console_int.h"

static const char *const type_options[] = {
    "", "Any", "New", "New", "Used", "Used", "UsedSuccess", "Used, order completed",
    "Stopped", "Follow-ups stopped", "NotStopped", "Follow-ups active", NULL};

static void lead_state(cs_page *p, const ks_lead *l)
{
    if (l->used_success)
        cs_badge(p, "ok", "used, order completed");
    else if (l->used)
        cs_badge(p, "info", "used");
    else
        cs_badge(p, "neutral", "new");
    if (l->stopped)
        cs_badge(p, "warn", "follow-ups stopped");
}

static const char *followup_state(ks_followup_state s)
{
    return s == KS_FOLLOWUP_SENT ? "sent" : s == KS_FOLLOWUP_CANCELED ? "canceled" : "scheduled";
}

void cs_leads(cs_page *p)
{
    ks_err err;
    ks_lead *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_lead_query q;
    memset(&q, 0, sizeof q);
    q.page = cs_page_no(p);
    q.limit = CS_PAGE_LIMIT;
    const char *code = cs_q(p, "code"), *product = cs_q(p, "product"), *type = cs_q(p, "type");
    if (code) {
        q.codes = &code;
        q.n_codes = 1;
    }
    if (product) {
        q.product_codes = &product;
        q.n_product_codes = 1;
    }
    q.email = cs_q(p, "email");
    q.language = cs_q(p, "language");
    q.country = cs_q(p, "country");
    q.generated_from = cs_q(p, "from_source");
    if (type && ks_lead_type_parse(&q.type, type)) {
        ks_err_setf(&err, KS_E_PARAMETER_INVALID, "Unknown lead type");
        cs_fail(p, &err);
        return;
    }
    if (cs_q_date(&q.start, &q.has_start, p, "from", 0, &err) ||
        cs_q_date(&q.end, &q.has_end, p, "to", 1, &err) ||
        ks_lead_search(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, "Leads", "leads");
    cs_puts(p, "<form class=\"filters\" method=\"get\" role=\"search\" aria-label=\"Search leads\">");
    cs_input(p, "code", "Lead code", "text");
    cs_input(p, "email", "Email", "email");
    cs_select(p, "type", "Type", type_options);
    cs_input(p, "product", "Product code", "text");
    cs_input(p, "country", "Country", "text");
    cs_input(p, "language", "Language", "text");
    cs_input(p, "from_source", "Generated from", "text");
    cs_input(p, "from", "Created from", "date");
    cs_input(p, "to", "Created to", "date");
    cs_printf(p, "<div class=\"actions\"><button type=\"submit\">Search</button>"
                 "<a class=\"button secondary\" href=\"%s/leads\">Clear</a></div></form>",
              p->base);
    if (!n) {
        cs_puts(p, "<p class=\"empty\">No lead matches. Leads added through the API (addLead) "
                   "appear here.</p>");
        cs_close(p, 200);
        return;
    }
    cs_puts(p, "<div class=\"table-wrap\"><table id=\"leads\"><caption>Leads</caption><thead><tr>"
               "<th scope=\"col\">Lead code</th><th scope=\"col\">Created</th>"
               "<th scope=\"col\">Shopper</th><th scope=\"col\">Items</th>"
               "<th scope=\"col\">Follow-ups sent</th><th scope=\"col\">State</th></tr></thead>"
               "<tbody>");
    for (size_t i = 0; i < n; i++) {
        ks_lead *l = &list[i];
        size_t sent = 0;
        for (size_t f = 0; f < l->n_followups; f++)
            sent += l->followups[f].state == KS_FOLLOWUP_SENT;
        cs_printf(p, "<tr><td><a href=\"%s/leads/", p->base);
        cs_url(p, l->code);
        cs_puts(p, "\">");
        cs_text(p, l->code);
        cs_puts(p, "</a></td><td>");
        cs_time(p, l->created);
        cs_puts(p, "</td><td>");
        cs_text(p, l->billing ? l->billing->email : NULL);
        cs_puts(p, "</td><td>");
        for (size_t k = 0; k < l->n_items; k++) {
            if (k)
                cs_puts(p, ", ");
            cs_text(p, l->items[k].code ? l->items[k].code : l->items[k].name);
        }
        cs_printf(p, "</td><td>%zu of %zu</td><td>", sent, l->n_followups);
        lead_state(p, l);
        cs_puts(p, "</td></tr>");
    }
    cs_puts(p, "</tbody></table></div>");
    cs_pager(p, q.page, q.limit, total);
    cs_close(p, 200);
}

/* Mails as disclosures: subject and date, the body inside. */
static void mail_list(cs_page *p, const ks_mail *list, size_t n, const char *id)
{
    cs_printf(p, "<ul class=\"mails\" id=\"%s\">", id);
    for (size_t i = 0; i < n; i++) {
        cs_puts(p, "<li><details><summary><span class=\"who\">");
        cs_text(p, list[i].subject);
        cs_puts(p, "</span><span class=\"sub\">to ");
        cs_text(p, list[i].to);
        cs_puts(p, " · ");
        cs_time(p, list[i].sent_at);
        cs_puts(p, "</span></summary><pre class=\"mail-body\">");
        cs_text(p, list[i].body);
        cs_puts(p, "</pre></details></li>");
    }
    cs_puts(p, "</ul>");
}

void cs_lead(cs_page *p, const char *code)
{
    ks_err err;
    ks_lead l;
    ks_mail *mails = NULL;
    size_t nm = 0;
    int64_t total = 0;
    if (ks_lead_get(&l, &p->ctx, code, &err)) {
        cs_fail(p, &err);
        return;
    }
    if (l.billing && l.billing->email) {
        ks_mail_query mq = {.vendor_code = p->ctx.vendor->code,
                            .to = l.billing->email,
                            .page = 1,
                            .limit = 50};
        if (ks_mailbox_list(&mails, &nm, &total, &p->ctx, &mq, &err)) {
            cs_fail(p, &err);
            return;
        }
    }
    cs_open(p, ks_arena_printf(p->req->arena, "Lead %s", l.code), "leads");
    cs_puts(p, "<p class=\"subtitle\">");
    lead_state(p, &l);
    cs_puts(p, " created ");
    cs_time(p, l.created);
    cs_puts(p, "</p><div class=\"grid2\"><section class=\"card\" aria-labelledby=\"h-shopper\">"
               "<h2 id=\"h-shopper\">Shopper and cart</h2><dl><dt>Name</dt><dd>");
    cs_text(p, l.billing ? l.billing->first_name : NULL);
    cs_puts(p, " ");
    cs_text(p, l.billing ? l.billing->last_name : NULL);
    cs_puts(p, "</dd><dt>Email</dt><dd>");
    cs_text(p, l.billing ? l.billing->email : NULL);
    cs_puts(p, "</dd><dt>Country</dt><dd>");
    cs_text(p, l.billing ? l.billing->country_code : NULL);
    cs_puts(p, "</dd><dt>Currency</dt><dd>");
    cs_text(p, l.currency);
    cs_puts(p, "</dd><dt>Language</dt><dd>");
    cs_text(p, l.language);
    cs_puts(p, "</dd><dt>Generated from</dt><dd>");
    cs_text(p, l.generated_from);
    cs_puts(p, "</dd><dt>Items</dt><dd><ul class=\"plain\">");
    for (size_t k = 0; k < l.n_items; k++) {
        cs_puts(p, "<li>");
        cs_text(p, l.items[k].code ? l.items[k].code : l.items[k].name);
        cs_printf(p, " × %lld</li>", (long long)(l.items[k].has_quantity ? l.items[k].quantity : 1));
    }
    cs_puts(p, "</ul></dd></dl></section>");
    cs_puts(p, "<section class=\"card\" aria-labelledby=\"h-followups\"><h2 id=\"h-followups\">"
               "Follow-up schedule</h2><ol class=\"timeline\" id=\"followups\">");
    for (size_t f = 0; f < l.n_followups; f++) {
        const char *st = followup_state(l.followups[f].state);
        cs_printf(p, "<li>#%zu ", f + 1);
        cs_badge(p, strcmp(st, "sent") == 0 ? "ok" : strcmp(st, "canceled") == 0 ? "bad" : "info",
                 st);
        cs_puts(p, " ");
        cs_time(p, l.followups[f].due);
        cs_puts(p, "</li>");
    }
    if (!l.n_followups)
        cs_puts(p, "<li>No follow-up planned.</li>");
    cs_puts(p, "</ol></section></div><section aria-labelledby=\"h-mails\"><h2 id=\"h-mails\">"
               "Mails to this shopper</h2>");
    if (!nm)
        cs_puts(p, "<p class=\"empty\">None yet: follow-ups go out as the clock reaches them "
                   "(move it on the Clock page).</p>");
    else
        mail_list(p, mails, nm, "lead-mails");
    cs_puts(p, "</section>");
    cs_close(p, 200);
}

void cs_mailbox(cs_page *p)
{
    ks_err err;
    ks_mail *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_mail_query q = {.vendor_code = p->ctx.vendor->code,
                       .to = cs_q(p, "to"),
                       .page = cs_page_no(p),
                       .limit = CS_PAGE_LIMIT};
    if (ks_mailbox_list(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, "Mailbox", "mailbox");
    cs_puts(p, "<p class=\"lead\">Kassa sends no real email: every mail it would send for this "
               "vendor is kept here, newest first.</p>");
    cs_puts(p, "<form class=\"filters\" method=\"get\" role=\"search\" aria-label=\"Filter mails\">");
    cs_input(p, "to", "Recipient", "email");
    cs_printf(p, "<div class=\"actions\"><button type=\"submit\">Filter</button>"
                 "<a class=\"button secondary\" href=\"%s/mailbox\">Clear</a></div></form>",
              p->base);
    if (!n)
        cs_puts(p, "<p class=\"empty\">No mail.</p>");
    else
        mail_list(p, list, n, "mailbox");
    cs_pager(p, q.page, q.limit, total);
    cs_close(p, 200);
}
