/* subscriptions.c — the console's subscriptions: the list, the subscription page (cycle, next
 * renewal, the orders that created, renewed and upgraded it) and its switches (enabled,
 * automatic renewal), which call the domain as the API's enable/cancel/recurring calls do. */
#include <string.h>

#include "../../domain/order.h"
#include "../../domain/subscription.h"
#include "console_int.h"

static const char *const state_options[] = {"",         "Any",      "enabled", "Enabled",
                                            "disabled", "Disabled", NULL};

static void sub_state(cs_page *p, const ks_subscription *s)
{
    cs_badge(p, s->enabled ? "ok" : "bad", s->enabled ? "enabled" : "disabled");
    if (s->trial)
        cs_badge(p, "info", "trial");
    if (s->lifetime)
        cs_badge(p, "neutral", "lifetime");
    else if (!s->recurring_enabled)
        cs_badge(p, "warn", "no automatic renewal");
}

/* The renewal price as the renewal order will use it (order.h: ks_order_renewal): a dynamic
 * item's CycleAmount, else the catalog's price or the first order's unit price. */
static void renewal_price(cs_page *p, const ks_subscription *s)
{
    if (s->renewal_price > 0)
        cs_money(p, s->renewal_price, s->currency);
    else
        cs_puts(p, s->product_code ? "<span class=\"sub\">catalog price</span>"
                                   : "<span class=\"sub\">first order's price</span>");
}

void cs_subscriptions(cs_page *p)
{
    ks_err err;
    ks_subscription *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_subscription_query q;
    memset(&q, 0, sizeof q);
    q.page = cs_page_no(p);
    q.limit = CS_PAGE_LIMIT;
    q.email = cs_q(p, "email");
    const char *product = cs_q(p, "product"), *state = cs_q(p, "state");
    if (product) {
        q.product_codes = &product;
        q.n_product_codes = 1;
    }
    if (state) {
        q.has_enabled = 1;
        q.enabled = strcmp(state, "enabled") == 0;
    }
    if (ks_subscription_search(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, "Subscriptions", "subscriptions");
    cs_puts(p, "<form class=\"filters\" method=\"get\" role=\"search\" "
               "aria-label=\"Search subscriptions\">");
    cs_input(p, "email", "Customer email", "email");
    cs_input(p, "product", "Product code", "text");
    cs_select(p, "state", "State", state_options);
    cs_printf(p, "<div class=\"actions\"><button type=\"submit\">Search</button>"
                 "<a class=\"button secondary\" href=\"%s/subscriptions\">Clear</a></div></form>",
              p->base);
    if (!n) {
        cs_puts(p, "<p class=\"empty\">No subscription matches. A paid order of a recurring "
                   "product creates one.</p>");
        cs_close(p, 200);
        return;
    }
    cs_puts(p, "<div class=\"table-wrap\"><table id=\"subscriptions\"><caption>Subscriptions, "
               "newest first</caption><thead><tr><th scope=\"col\">Reference</th>"
               "<th scope=\"col\">Product</th><th scope=\"col\">Customer</th>"
               "<th scope=\"col\">Cycle</th><th scope=\"col\">Expires</th>"
               "<th scope=\"col\" class=\"num\">Renewal price</th><th scope=\"col\">State</th>"
               "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        ks_subscription *s = &list[i];
        cs_printf(p, "<tr><td><a href=\"%s/subscriptions/", p->base);
        cs_url(p, s->reference);
        cs_puts(p, "\">");
        cs_text(p, s->reference);
        cs_puts(p, "</a></td><td>");
        cs_text(p, s->product_name);
        cs_puts(p, "</td><td>");
        cs_text(p, s->end_user.email);
        cs_printf(p, "</td><td>%lld %s</td><td>", (long long)s->cycle_length,
                  cs_unit(s->cycle_unit, s->cycle_length));
        if (s->lifetime)
            cs_puts(p, "never");
        else
            cs_time(p, s->expiration);
        cs_puts(p, "</td><td class=\"num\">");
        renewal_price(p, s);
        cs_puts(p, "</td><td>");
        sub_state(p, s);
        cs_puts(p, "</td></tr>");
    }
    cs_puts(p, "</tbody></table></div>");
    cs_pager(p, q.page, q.limit, total);
    cs_close(p, 200);
}

/* A POST button that sets one flag of the subscription. */
static void switch_form(cs_page *p, const ks_subscription *s, const char *flag, int on,
                        const char *label, const char *cls)
{
    cs_printf(p, "<form method=\"post\" action=\"%s/subscriptions/", p->base);
    cs_url(p, s->reference);
    cs_puts(p, "/set\">");
    cs_csrf(p);
    cs_printf(p, "<input type=\"hidden\" name=\"flag\" value=\"%s\"><input type=\"hidden\" "
                 "name=\"on\" value=\"%d\"><button type=\"submit\" class=\"%s\">%s</button>"
                 "</form>",
              flag, on, cls, label);
}

void cs_subscription(cs_page *p, const char *reference)
{
    ks_err err;
    ks_subscription s;
    ks_order *orders = NULL;
    size_t n = 0;
    if (ks_subscription_get(&s, &p->ctx, reference, &err) ||
        ks_order_of_subscription(&orders, &n, &p->ctx, reference, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, ks_arena_printf(p->req->arena, "Subscription %s", s.reference), "subscriptions");
    cs_puts(p, "<p class=\"subtitle\" id=\"state\">");
    sub_state(p, &s);
    cs_puts(p, " ");
    cs_text(p, s.product_name);
    cs_printf(p, " × %lld</p>", (long long)s.quantity);
    const char *done = cs_q(p, "done");
    if (done)
        cs_puts(p, "<p class=\"notice notice-ok\" role=\"status\">Saved.</p>");
    cs_puts(p, "<div class=\"toolbar\">");
    if (s.enabled)
        switch_form(p, &s, "enabled", 0, "Disable subscription", "danger");
    else
        switch_form(p, &s, "enabled", 1, "Enable subscription", "");
    if (!s.lifetime) {
        if (s.recurring_enabled)
            switch_form(p, &s, "recurring", 0, "Turn automatic renewal off", "secondary");
        else
            switch_form(p, &s, "recurring", 1, "Turn automatic renewal on", "secondary");
    }
    cs_puts(p, "</div>");

    cs_puts(p, "<div class=\"grid2\"><section class=\"card\" aria-labelledby=\"h-terms\">"
               "<h2 id=\"h-terms\">Terms</h2><dl>");
    cs_printf(p, "<dt>Cycle</dt><dd>every %lld %s</dd>", (long long)s.cycle_length,
              cs_unit(s.cycle_unit, s.cycle_length));
    cs_puts(p, "<dt>Started</dt><dd>");
    cs_time(p, s.start);
    cs_puts(p, "</dd><dt>Expires</dt><dd>");
    if (s.lifetime)
        cs_puts(p, "never (lifetime)");
    else
        cs_time(p, s.expiration);
    /* what the renewal job will do at the expiration (subscription.h) */
    cs_puts(p, "</dd><dt>Next renewal</dt><dd id=\"next-renewal\">");
    if (s.lifetime || !s.enabled)
        cs_puts(p, "none");
    else if (!s.recurring_enabled)
        cs_puts(p, "none: it lapses at its expiration");
    else
        cs_time(p, s.expiration);
    cs_puts(p, "</dd><dt>Renewal price</dt><dd>");
    renewal_price(p, &s);
    cs_puts(p, "</dd>");
    if (s.contract_length)
        cs_printf(p, "<dt>Contract</dt><dd>%lld %s</dd>", (long long)s.contract_length,
                  cs_unit(s.contract_unit, s.contract_length));
    cs_puts(p, "<dt>Product</dt><dd>");
    cs_text(p, s.product_code ? s.product_code : "dynamic item");
    if (s.options) {
        cs_puts(p, " · options ");
        cs_text(p, s.options);
    }
    cs_puts(p, "</dd></dl></section><section class=\"card\" aria-labelledby=\"h-user\">"
               "<h2 id=\"h-user\">End user</h2><dl>");
    cs_puts(p, "<dt>Name</dt><dd>");
    cs_text(p, s.end_user.first_name);
    cs_puts(p, " ");
    cs_text(p, s.end_user.last_name);
    cs_puts(p, "</dd><dt>Email</dt><dd>");
    cs_text(p, s.end_user.email);
    cs_puts(p, "</dd><dt>Country</dt><dd>");
    cs_text(p, s.end_user.country_code);
    cs_printf(p, "</dd><dt>Customer reference</dt><dd>%lld</dd><dt>Card</dt><dd>",
              (long long)s.customer_reference);
    if (s.card_last4) {
        cs_text(p, s.card_type);
        cs_puts(p, " ending in ");
        cs_text(p, s.card_last4);
    } else {
        cs_text(p, NULL);
    }
    cs_puts(p, "</dd></dl></section></div>");

    cs_puts(p, "<section aria-labelledby=\"h-history\"><h2 id=\"h-history\">History</h2>"
               "<div class=\"table-wrap\"><table id=\"sub-history\"><caption>The orders that "
               "created, renewed and upgraded it, oldest first</caption><thead><tr>"
               "<th scope=\"col\">Order</th><th scope=\"col\">Kind</th><th scope=\"col\">Placed"
               "</th><th scope=\"col\" class=\"num\">Total</th><th scope=\"col\">Status</th>"
               "<th scope=\"col\">Errors</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const ks_order *o = &orders[i];
        cs_printf(p, "<tr><td><a href=\"%s/orders/", p->base);
        cs_url(p, o->ref_no);
        cs_puts(p, "\">");
        cs_text(p, o->ref_no);
        cs_puts(p, "</a></td><td>");
        cs_text(p, ks_order_subscription_role(o));
        cs_puts(p, "</td><td>");
        cs_time(p, o->created);
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, o->gross_discounted, o->currency);
        cs_puts(p, "</td><td>");
        cs_status_badge(p, ks_order_status_name(o->status));
        cs_puts(p, "</td><td>");
        for (size_t e = 0; e < o->n_errors; e++) {
            cs_puts(p, "<code>");
            cs_text(p, o->errors[e].code);
            cs_puts(p, "</code> ");
        }
        cs_puts(p, "</td></tr>");
    }
    cs_puts(p, "</tbody></table></div></section>");
    if (cs_notices_of(p, "LCN", s.reference, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_close(p, 200);
}

void cs_subscription_set(cs_page *p, const char *reference)
{
    ks_err err;
    const char *flag = cs_f(p, "flag"), *on = cs_f(p, "on");
    ks_subscription_flag f;
    if (flag && strcmp(flag, "enabled") == 0)
        f = KS_SUB_ENABLED;
    else if (flag && strcmp(flag, "recurring") == 0)
        f = KS_SUB_RECURRING;
    else {
        ks_err_setf(&err, KS_E_PARAMETER_INVALID, "flag must be enabled or recurring");
        cs_fail(p, &err);
        return;
    }
    if (!on || (strcmp(on, "0") != 0 && strcmp(on, "1") != 0)) {
        ks_err_setf(&err, KS_E_PARAMETER_INVALID, "on must be 0 or 1");
        cs_fail(p, &err);
        return;
    }
    if (ks_subscription_set(&p->ctx, reference, f, on[0] == '1', &err)) {
        cs_fail(p, &err);
        return;
    }
    ks_subscription s;
    if (ks_subscription_get(&s, &p->ctx, reference, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_redirect(p,
                ks_arena_printf(p->req->arena, "%s/subscriptions/%s?done=1", p->base, s.reference));
}
