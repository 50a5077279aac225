/* orders.c — the console's orders: the searchable list, the order page (items with prices and
 * VAT, the payment and its 3-D Secure step, the status history, refunds) and its refund button,
 * which calls the domain's refund as the API's issueRefund does. */
#include <string.h>

#include "../../domain/order.h"
#include "console_int.h"

static const char *const status_options[] = {
    "", "Any status", "PENDING", "PENDING", "AUTHRECEIVED", "AUTHRECEIVED",
    "COMPLETE", "COMPLETE", "REFUND", "REFUND", "REVERSED", "REVERSED",
    "CANCELED", "CANCELED", NULL};

static void order_link(cs_page *p, const char *ref_no)
{
    cs_link(p, "orders", ref_no);
}

static void customer_cell(cs_page *p, const ks_address *a)
{
    cs_puts(p, "<span class=\"who\">");
    if (a->first_name || a->last_name) {
        cs_text(p, a->first_name);
        cs_puts(p, " ");
        cs_text(p, a->last_name);
    } else {
        cs_text(p, NULL);
    }
    cs_puts(p, "</span>");
    if (a->email) {
        cs_puts(p, "<span class=\"sub\">");
        cs_text(p, a->email);
        cs_puts(p, "</span>");
    }
}

void cs_orders(cs_page *p)
{
    ks_err err;
    ks_order *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_order_query q;
    memset(&q, 0, sizeof q);
    q.page = cs_page_no(p);
    q.limit = CS_PAGE_LIMIT;
    q.test = KS_TEST_ORDERS_YES;
    const char *ref = cs_q(p, "refno");
    if (ref) {
        /* a RefNo names one order: go to it */
        ks_order o;
        if (ks_order_get(&o, &p->ctx, ref, &err)) {
            cs_fail(p, &err);
            return;
        }
        cs_redirect(p, ks_arena_printf(p->req->arena, "%s/orders/%s", p->base, o.ref_no));
        return;
    }
    const char *status = cs_q(p, "status");
    if (status) {
        if (ks_order_status_parse(&q.status, status)) {
            ks_err_setf(&err, KS_E_PARAMETER_INVALID, "Unknown status");
            cs_fail(p, &err);
            return;
        }
        q.has_status = 1;
    }
    q.email = cs_q(p, "email");
    q.external_ref = cs_q(p, "ext");
    if (cs_q_date(&q.start, &q.has_start, p, "from", 0, &err) ||
        cs_q_date(&q.end, &q.has_end, p, "to", 1, &err) ||
        ks_order_search(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, "Orders", "orders");
    cs_puts(p, "<form class=\"filters\" method=\"get\" role=\"search\" aria-label=\"Search orders\">");
    cs_input(p, "refno", "RefNo", "text");
    cs_select(p, "status", "Status", status_options);
    cs_input(p, "email", "Customer email", "email");
    cs_input(p, "ext", "External reference", "text");
    cs_input(p, "from", "Placed from", "date");
    cs_input(p, "to", "Placed to", "date");
    cs_printf(p, "<div class=\"actions\"><button type=\"submit\">Search</button>"
                 "<a class=\"button secondary\" href=\"%s/orders\">Clear</a></div></form>",
              p->base);
    if (!n) {
        cs_puts(p, "<p class=\"empty\">No order matches. Orders placed through the API appear "
                   "here at once.</p>");
        cs_close(p, 200);
        return;
    }
    cs_puts(p, "<div class=\"table-wrap\"><table id=\"orders\"><caption>Orders, newest first"
               "</caption><thead><tr><th scope=\"col\">RefNo</th><th scope=\"col\">Placed</th>"
               "<th scope=\"col\">Customer</th><th scope=\"col\">Items</th>"
               "<th scope=\"col\" class=\"num\">Total</th><th scope=\"col\">Status</th>"
               "<th scope=\"col\">External reference</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        ks_order *o = &list[i];
        cs_puts(p, "<tr><td>");
        order_link(p, o->ref_no);
        if (o->renewal_of)
            cs_badge(p, "info", ks_order_subscription_role(o));
        cs_puts(p, "</td><td>");
        cs_time(p, o->created);
        cs_puts(p, "</td><td>");
        customer_cell(p, &o->billing);
        cs_puts(p, "</td><td>");
        if (o->n_lines) {
            cs_text(p, o->lines[0].name);
            if (o->n_lines > 1)
                cs_printf(p, " <span class=\"sub\">+%zu more</span>", o->n_lines - 1);
        }
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, o->gross_discounted, o->currency);
        cs_puts(p, "</td><td>");
        cs_status_badge(p, ks_order_status_name(o->status));
        cs_puts(p, "</td><td>");
        cs_text(p, o->external_reference);
        cs_puts(p, "</td></tr>");
    }
    cs_puts(p, "</tbody></table></div>");
    cs_pager(p, q.page, q.limit, total);
    cs_close(p, 200);
}

static void dl_row(cs_page *p, const char *label, const char *value)
{
    cs_printf(p, "<dt>%s</dt><dd>", label);
    cs_text(p, value);
    cs_puts(p, "</dd>");
}

static void vat_percent(cs_page *p, int64_t bp)
{
    cs_printf(p, "%lld", (long long)(bp / 100));
    if (bp % 100)
        cs_printf(p, ".%02lld", (long long)(bp % 100));
    cs_puts(p, "%");
}

void cs_order(cs_page *p, const char *ref_no)
{
    ks_err err;
    ks_order o;
    if (ks_order_get(&o, &p->ctx, ref_no, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, ks_arena_printf(p->req->arena, "Order %s", o.ref_no), "orders");
    cs_puts(p, "<p class=\"subtitle\">");
    cs_status_badge(p, ks_order_status_name(o.status));
    cs_puts(p, " placed ");
    cs_time(p, o.created);
    cs_puts(p, " · ");
    cs_money(p, o.gross_discounted, o.currency);
    if (o.test)
        cs_badge(p, "neutral", "test order");
    cs_puts(p, "</p>");

    const char *notice = cs_q(p, "done");
    if (notice && strcmp(notice, "refund") == 0)
        cs_puts(p, "<p class=\"notice notice-ok\" role=\"status\">Refund recorded.</p>");

    cs_puts(p, "<div class=\"grid2\"><section class=\"card\" aria-labelledby=\"h-customer\">"
               "<h2 id=\"h-customer\">Customer</h2><dl>");
    dl_row(p, "Name",
           ks_arena_printf(p->req->arena, "%s %s", o.billing.first_name ? o.billing.first_name : "",
                           o.billing.last_name ? o.billing.last_name : ""));
    dl_row(p, "Email", o.billing.email);
    dl_row(p, "Company", o.billing.company);
    dl_row(p, "Country", o.billing.country_code);
    cs_printf(p, "<dt>Customer reference</dt><dd>%lld</dd>", (long long)o.customer.reference);
    dl_row(p, "External customer reference", o.customer.external_ref);
    dl_row(p, "External order reference", o.external_reference);
    dl_row(p, "Language", o.language);
    cs_puts(p, "</dl></section><section class=\"card\" aria-labelledby=\"h-payment\">"
               "<h2 id=\"h-payment\">Payment</h2><dl>");
    dl_row(p, "Method", o.payment_type);
    if (o.card_last4) {
        cs_puts(p, "<dt>Card</dt><dd>");
        cs_text(p, o.card_type);
        cs_puts(p, " ");
        cs_text(p, o.card_first6);
        cs_puts(p, "…");
        cs_text(p, o.card_last4);
        cs_printf(p, " · expires %02d/%d</dd>", o.card_exp_month, o.card_exp_year);
    }
    dl_row(p, "Holder", o.holder_name);
    dl_row(p, "Approval", ks_approve_status_name(o.approve));
    /* the 3-D Secure or PayPal step, while the order waits on it or when it failed (the
     * store keeps no trace of a step that passed) */
    const char *step = NULL;
    for (size_t i = 0; i < o.n_errors; i++)
        if (strcmp(o.errors[i].code, "PAYMENT_3DS_FAILED") == 0 ||
            strcmp(o.errors[i].code, "PAYMENT_PAYPAL_CANCELED") == 0)
            step = "failed or canceled by the shopper";
    if (o.auth_kind)
        step = strcmp(o.auth_kind, "3DS") == 0 ? "waiting for the shopper on the 3-D Secure page"
                                               : "waiting for the shopper on the PayPal page";
    if (step) {
        cs_puts(p, "<dt>3-D Secure / PayPal</dt><dd id=\"threeds\">");
        cs_text(p, step);
        cs_puts(p, "</dd>");
    }
    cs_printf(p, "<dt>Installments</dt><dd>%lld</dd>", (long long)o.installments);
    dl_row(p, "Automatic renewal", o.recurring_enabled ? "on" : "off");
    cs_puts(p, "<dt>Finished</dt><dd>");
    cs_time(p, o.finished);
    cs_puts(p, "</dd>");
    if (o.n_errors) {
        cs_puts(p, "<dt>Errors</dt><dd><ul class=\"plain\">");
        for (size_t i = 0; i < o.n_errors; i++) {
            cs_puts(p, "<li><code>");
            cs_text(p, o.errors[i].code);
            cs_puts(p, "</code> ");
            cs_text(p, o.errors[i].message);
            cs_puts(p, "</li>");
        }
        cs_puts(p, "</ul></dd>");
    }
    cs_puts(p, "</dl></section></div>");

    /* items */
    cs_puts(p, "<section aria-labelledby=\"h-items\"><h2 id=\"h-items\">Items</h2>"
               "<div class=\"table-wrap\"><table id=\"items\"><caption>Items, with prices in ");
    cs_text(p, o.currency);
    cs_puts(p, "</caption><thead><tr><th scope=\"col\">Product</th><th scope=\"col\" "
               "class=\"num\">Qty</th><th scope=\"col\" class=\"num\">Unit net</th>"
               "<th scope=\"col\" class=\"num\">Discount</th><th scope=\"col\" "
               "class=\"num\">VAT</th><th scope=\"col\" class=\"num\">Net</th><th scope=\"col\" "
               "class=\"num\">VAT amount</th><th scope=\"col\" class=\"num\">Gross</th></tr>"
               "</thead><tbody>");
    for (size_t i = 0; i < o.n_lines; i++) {
        const ks_order_line *l = &o.lines[i];
        cs_puts(p, "<tr><td><span class=\"who\">");
        cs_text(p, l->name);
        cs_puts(p, "</span><span class=\"sub\">");
        cs_text(p, l->code ? l->code : "dynamic item");
        if (l->options) {
            cs_puts(p, " · options ");
            cs_text(p, l->options);
        }
        if (l->promotion) {
            cs_puts(p, " · coupon ");
            cs_text(p, l->promotion);
        }
        if (l->recurring)
            cs_printf(p, " · renews every %lld %s", (long long)l->cycle_length,
                      l->cycle_unit ? l->cycle_unit : "");
        cs_printf(p, "</span></td><td class=\"num\">%lld</td><td class=\"num\">",
                  (long long)l->quantity);
        cs_money(p, l->price.unit_net, o.currency);
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, l->price.discount, o.currency);
        cs_puts(p, "</td><td class=\"num\">");
        vat_percent(p, l->price.vat_bp);
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, l->price.net_discounted, o.currency);
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, l->price.vat, o.currency);
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, l->price.gross_discounted, o.currency);
        cs_puts(p, "</td></tr>");
    }
    cs_puts(p, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"5\">Total</th><td class=\"num\">");
    cs_money(p, o.net_discounted, o.currency);
    cs_puts(p, "</td><td class=\"num\">");
    cs_money(p, o.vat, o.currency);
    cs_puts(p, "</td><td class=\"num\">");
    cs_money(p, o.gross_discounted, o.currency);
    cs_puts(p, "</td></tr></tfoot></table></div></section>");

    /* subscriptions it created */
    if (o.n_subs) {
        cs_puts(p, "<section aria-labelledby=\"h-subs\"><h2 id=\"h-subs\">Subscriptions</h2>"
                   "<ul class=\"plain\">");
        for (size_t i = 0; i < o.n_subs; i++) {
            cs_printf(p, "<li><a href=\"%s/subscriptions/", p->base);
            cs_url(p, o.subs[i].reference);
            cs_puts(p, "\">");
            cs_text(p, o.subs[i].reference);
            cs_puts(p, "</a> · ");
            cs_text(p, o.subs[i].product_name);
            cs_puts(p, "</li>");
        }
        cs_puts(p, "</ul></section>");
    }
    if (o.renewal_of) {
        cs_printf(p, "<p>This order (%s) is of subscription <a href=\"%s/subscriptions/",
                  ks_order_subscription_role(&o), p->base);
        cs_url(p, o.renewal_of);
        cs_puts(p, "\">");
        cs_text(p, o.renewal_of);
        cs_puts(p, "</a>.</p>");
    }

    /* history */
    cs_puts(p, "<div class=\"grid2\"><section aria-labelledby=\"h-history\">"
               "<h2 id=\"h-history\">Status history</h2><ol class=\"timeline\" id=\"history\">");
    for (size_t i = 0; i < o.n_history; i++) {
        cs_puts(p, "<li>");
        cs_status_badge(p, ks_order_status_name(o.history[i].status));
        cs_puts(p, " <span class=\"sub\">approval ");
        cs_text(p, ks_approve_status_name(o.history[i].approve));
        cs_puts(p, "</span> ");
        cs_time(p, o.history[i].at);
        cs_puts(p, "</li>");
    }
    cs_puts(p, "</ol></section>");

    /* refunds */
    cs_puts(p, "<section aria-labelledby=\"h-refunds\"><h2 id=\"h-refunds\">Refunds</h2>");
    if (!o.n_refunds)
        cs_puts(p, "<p class=\"empty\">No refund.</p>");
    else {
        cs_puts(p, "<table id=\"refunds\" class=\"compact\"><caption>Refunds of this order"
                   "</caption><thead><tr><th scope=\"col\">When</th><th scope=\"col\" "
                   "class=\"num\">Amount</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
        for (size_t i = 0; i < o.n_refunds; i++) {
            cs_puts(p, "<tr><td>");
            cs_time(p, o.refunds[i].at);
            cs_puts(p, "</td><td class=\"num\">");
            cs_money(p, o.refunds[i].amount, o.currency);
            cs_puts(p, "</td><td>");
            cs_text(p, o.refunds[i].reason);
            if (o.refunds[i].comment) {
                cs_puts(p, "<span class=\"sub\">");
                cs_text(p, o.refunds[i].comment);
                cs_puts(p, "</span>");
            }
            cs_puts(p, "</td></tr>");
        }
        cs_puts(p, "</tbody></table>");
    }
    if (o.status == KS_ORDER_COMPLETE && o.gross_discounted > o.refunded) {
        cs_printf(p, "<form class=\"card refund\" method=\"post\" action=\"%s/orders/", p->base);
        cs_url(p, o.ref_no);
        cs_puts(p, "/refund\" data-confirm=\"Refund this order?\">");
        cs_csrf(p);
        cs_puts(p, "<h3>Refund</h3><div class=\"field\"><label for=\"amount\">Amount (");
        cs_text(p, o.currency);
        cs_puts(p, ")</label><input id=\"amount\" name=\"amount\" inputmode=\"decimal\" "
                   "aria-describedby=\"amount-help\"><p id=\"amount-help\" class=\"help\">Empty "
                   "refunds all that is left: ");
        cs_money(p, o.gross_discounted - o.refunded, o.currency);
        cs_puts(p, ".</p></div><div class=\"field\"><label for=\"reason\">Reason</label>"
                   "<input id=\"reason\" name=\"reason\" value=\"Other\"></div>"
                   "<div class=\"field\"><label for=\"comment\">Comment</label>"
                   "<input id=\"comment\" name=\"comment\"></div>"
                   "<button type=\"submit\" class=\"danger\">Refund</button></form>");
    }
    cs_puts(p, "</section></div>");
    if (cs_notices_of(p, "IPN", o.ref_no, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_close(p, 200);
}

void cs_order_refund(cs_page *p, const char *ref_no)
{
    ks_err err;
    ks_dec amount = 0;
    const char *a = cs_f(p, "amount"), *reason = cs_f(p, "reason"), *comment = cs_f(p, "comment");
    int has_amount = a && *a;
    if (has_amount && ks_dec_parse(&amount, a)) {
        ks_err_setf(&err, KS_E_ORDER_REFUND_AMOUNT_INVALID, "The amount must be a number");
        cs_fail(p, &err);
        return;
    }
    if (ks_order_refund(&p->ctx, ref_no, has_amount, amount, reason && *reason ? reason : NULL,
                        comment && *comment ? comment : NULL, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_redirect(p, ks_arena_printf(p->req->arena, "%s/orders/%s?done=refund", p->base, ref_no));
}
