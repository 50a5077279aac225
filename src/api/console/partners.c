/* partners.c — the console's Channel Manager: the vendor's partners (the list with a text
 * filter, the partner page with its pricing lists, orders and proformas) and the proforma page
 * with its orders and the signed link to its PDF (the one getProforma answers). */
#include <string.h>

#include "../../domain/clock.h"
#include "../../domain/partner.h"
#include "console_int.h"

static void proforma_link(cs_page *p, const char *number)
{
    if (number)
        cs_link(p, "proformas", number);
    else
        cs_text(p, NULL);
}

static void active_badge(cs_page *p, int active)
{
    cs_badge(p, active ? "ok" : "neutral", active ? "active" : "inactive");
}

static void proforma_badge(cs_page *p, const ks_proforma *pf, ks_time now)
{
    const char *st = ks_proforma_status_name(pf, now);
    cs_badge(p,
             strcmp(st, "Paid") == 0       ? "ok"
             : strcmp(st, "Overdue") == 0  ? "bad"
             : strcmp(st, "Canceled") == 0 ? "neutral"
                                           : "info",
             st);
}

static void partner_order_badge(cs_page *p, const ks_partner_order *o)
{
    if (strcmp(o->status, "AWAITING_PAYMENT") == 0)
        cs_badge(p, "warn", o->status);
    else
        cs_status_badge(p, o->status);
}

void cs_partners(cs_page *p)
{
    ks_err err;
    ks_partner *list = NULL;
    size_t n = 0;
    int64_t page = cs_page_no(p);
    if (ks_partner_list(&list, &n, &p->ctx, cs_q(p, "text"), &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, "Partners", "partners");
    cs_puts(p, "<form class=\"filters\" method=\"get\" role=\"search\" "
               "aria-label=\"Search partners\">");
    cs_input(p, "text", "Code, company or email", "text");
    cs_printf(p, "<div class=\"actions\"><button type=\"submit\">Search</button>"
                 "<a class=\"button secondary\" href=\"%s/partners\">Clear</a></div></form>",
              p->base);
    size_t first = (size_t)((page - 1) * CS_PAGE_LIMIT);
    if (first >= n) {
        cs_puts(p, "<p class=\"empty\">No partner matches. Partners are created with "
                   "<code>kassa partner add</code> or the control API; the demo vendor has "
                   "DEMO-PARTNER.</p>");
        cs_pager(p, page, CS_PAGE_LIMIT, (int64_t)n);
        cs_close(p, 200);
        return;
    }
    cs_puts(p, "<div class=\"table-wrap\"><table id=\"partners\"><caption>Partners by code"
               "</caption><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Company</th>"
               "<th scope=\"col\">Email</th><th scope=\"col\">Currency</th>"
               "<th scope=\"col\">Business model</th><th scope=\"col\">State</th>"
               "<th scope=\"col\" class=\"num\">Credit limit</th>"
               "<th scope=\"col\" class=\"num\">Available credit</th></tr></thead><tbody>");
    for (size_t i = first; i < n && i < first + CS_PAGE_LIMIT; i++) {
        ks_partner *pa = &list[i];
        int64_t avail;
        if (ks_partner_available_credit(&avail, &p->ctx, pa, &err)) {
            cs_fail(p, &err);
            return;
        }
        cs_puts(p, "<tr><td>");
        cs_link(p, "partners", pa->code);
        cs_puts(p, "</td><td>");
        cs_text(p, pa->company);
        cs_puts(p, "</td><td>");
        cs_text(p, pa->email);
        cs_puts(p, "</td><td>");
        cs_text(p, pa->currency);
        cs_puts(p, "</td><td>");
        cs_text(p, ks_partner_model_name(pa->model));
        cs_puts(p, "</td><td>");
        active_badge(p, pa->active);
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, pa->credit_limit, pa->currency);
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, avail, pa->currency);
        cs_puts(p, "</td></tr>");
    }
    cs_puts(p, "</tbody></table></div>");
    cs_pager(p, page, CS_PAGE_LIMIT, (int64_t)n);
    cs_close(p, 200);
}

/* The table of a partner's proformas. */
static void proforma_table(cs_page *p, const ks_proforma *list, size_t n, ks_time now)
{
    cs_puts(p, "<div class=\"table-wrap\"><table id=\"proformas\"><caption>Proformas, newest "
               "first</caption><thead><tr><th scope=\"col\">Number</th>"
               "<th scope=\"col\">Created</th><th scope=\"col\">Due</th>"
               "<th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Total</th>"
               "<th scope=\"col\">Payment method</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        cs_puts(p, "<tr><td>");
        proforma_link(p, list[i].number);
        cs_puts(p, "</td><td>");
        cs_time(p, list[i].created);
        cs_puts(p, "</td><td>");
        cs_time(p, list[i].due);
        cs_puts(p, "</td><td>");
        proforma_badge(p, &list[i], now);
        cs_puts(p, "</td><td class=\"num\">");
        cs_money(p, list[i].total, list[i].currency);
        cs_puts(p, "</td><td>");
        cs_text(p, list[i].payment_method);
        cs_puts(p, "</td></tr>");
    }
    cs_puts(p, "</tbody></table></div>");
}

void cs_partner(cs_page *p, const char *code)
{
    ks_err err;
    ks_partner pa;
    ks_partner_order *orders = NULL;
    ks_proforma *pfs = NULL;
    size_t no = 0, npf = 0;
    int64_t avail;
    ks_time now;
    if (ks_partner_get(&pa, &p->ctx, code, &err) ||
        ks_partner_available_credit(&avail, &p->ctx, &pa, &err) ||
        ks_partner_orders(&orders, &no, &p->ctx, &pa, &err) ||
        ks_partner_proformas(&pfs, &npf, &p->ctx, &pa, &err) ||
        ks_clock_now(&now, &p->ctx, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, ks_arena_printf(p->req->arena, "Partner %s", pa.code), "partners");
    cs_puts(p, "<p class=\"subtitle\">");
    active_badge(p, pa.active);
    cs_puts(p, " ");
    cs_text(p, pa.company);
    cs_puts(p, "</p><div class=\"grid2\"><section class=\"card\" aria-labelledby=\"h-partner\">"
               "<h2 id=\"h-partner\">Partner</h2><dl><dt>Code</dt><dd>");
    cs_text(p, pa.code);
    cs_puts(p, "</dd><dt>Company</dt><dd>");
    cs_text(p, pa.company);
    cs_puts(p, "</dd><dt>Email</dt><dd>");
    cs_text(p, pa.email);
    cs_puts(p, "</dd><dt>Country</dt><dd>");
    cs_text(p, pa.country);
    cs_puts(p, "</dd><dt>Language</dt><dd>");
    cs_text(p, pa.language);
    cs_puts(p, "</dd><dt>Currency</dt><dd>");
    cs_text(p, pa.currency);
    cs_puts(p, "</dd><dt>Business model</dt><dd>");
    cs_text(p, ks_partner_model_name(pa.model));
    cs_puts(p, "</dd><dt>Credit limit</dt><dd>");
    cs_money(p, pa.credit_limit, pa.currency);
    cs_puts(p, "</dd><dt>Available credit</dt><dd id=\"available-credit\">");
    cs_money(p, avail, pa.currency);
    cs_puts(p, "</dd><dt>Created</dt><dd>");
    cs_time(p, pa.created);
    cs_puts(p, "</dd></dl></section>");
    cs_puts(p, "<section class=\"card\" aria-labelledby=\"h-lists\"><h2 id=\"h-lists\">"
               "Pricing lists</h2>");
    if (!pa.n_lists)
        cs_puts(p, "<p class=\"empty\">No pricing list assigned.</p>");
    cs_puts(p, "<ul class=\"plain\" id=\"pricing-lists\">");
    for (size_t l = 0; l < pa.n_lists; l++) {
        const ks_pricing_list *pl = &pa.lists[l];
        cs_puts(p, "<li><details><summary><span class=\"who\">");
        cs_text(p, pl->code);
        cs_puts(p, "</span> <span class=\"sub\">");
        cs_text(p, pl->name);
        cs_printf(p, " · %zu product%s</span></summary><ul class=\"plain\">", pl->n_items,
                  pl->n_items == 1 ? "" : "s");
        for (size_t k = 0; k < pl->n_items; k++) {
            char d[32];
            cs_puts(p, "<li>");
            cs_text(p, pl->items[k].product_code);
            cs_puts(p, ": ");
            if (pl->items[k].has_price) {
                ks_dec_format(d, pl->items[k].price.amount);
                cs_text(p, d);
                cs_puts(p, " ");
                cs_text(p, pl->items[k].price.currency);
            } else {
                ks_dec_format(d, pl->items[k].discount);
                cs_text(p, d);
                cs_puts(p, "% off");
            }
            cs_puts(p, "</li>");
        }
        cs_puts(p, "</ul></details></li>");
    }
    cs_puts(p, "</ul></section></div>");

    cs_puts(p, "<section aria-labelledby=\"h-orders\"><h2 id=\"h-orders\">Orders</h2>");
    if (!no) {
        cs_puts(p, "<p class=\"empty\">No partner order yet: the partner places them through "
                   "JSON-RPC or SOAP (setPartner, addProduct, placeOrder).</p>");
    } else {
        cs_puts(p, "<div class=\"table-wrap\"><table id=\"partner-orders\"><caption>Orders, "
                   "newest first</caption><thead><tr><th scope=\"col\">RefNo</th>"
                   "<th scope=\"col\">Placed</th><th scope=\"col\">Status</th>"
                   "<th scope=\"col\">External reference</th><th scope=\"col\">Proforma</th>"
                   "<th scope=\"col\" class=\"num\">Total</th></tr></thead><tbody>");
        for (size_t i = 0; i < no; i++) {
            const ks_partner_order *o = &orders[i];
            cs_puts(p, "<tr><td>");
            cs_link(p, "orders", o->order.ref_no);
            cs_puts(p, "</td><td>");
            cs_time(p, o->order.created);
            cs_puts(p, "</td><td>");
            partner_order_badge(p, o);
            cs_puts(p, "</td><td>");
            cs_text(p, o->order.external_reference);
            cs_puts(p, "</td><td>");
            proforma_link(p, o->proforma);
            cs_puts(p, "</td><td class=\"num\">");
            cs_money(p, o->order.gross_discounted, o->order.currency);
            cs_puts(p, "</td></tr>");
        }
        cs_puts(p, "</tbody></table></div>");
    }
    cs_puts(p, "</section><section aria-labelledby=\"h-proformas\"><h2 id=\"h-proformas\">"
               "Proformas</h2>");
    if (!npf)
        cs_puts(p, "<p class=\"empty\">No proforma yet: the partner creates them with "
                   "createProforma.</p>");
    else
        proforma_table(p, pfs, npf, now);
    cs_puts(p, "</section>");
    cs_close(p, 200);
}

void cs_proforma(cs_page *p, const char *number)
{
    ks_err err;
    ks_proforma pf;
    ks_partner pa;
    ks_time now;
    if (ks_proforma_of_vendor(&pf, &pa, &p->ctx, number, &err) ||
        ks_clock_now(&now, &p->ctx, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, ks_arena_printf(p->req->arena, "Proforma %s", pf.number), "partners");
    cs_puts(p, "<p class=\"subtitle\">");
    proforma_badge(p, &pf, now);
    cs_puts(p, " of partner ");
    cs_link(p, "partners", pa.code);
    cs_puts(p, "</p><div class=\"grid2\"><section class=\"card\" aria-labelledby=\"h-proforma\">"
               "<h2 id=\"h-proforma\">Proforma</h2><dl><dt>Number</dt><dd>");
    cs_text(p, pf.number);
    cs_puts(p, "</dd><dt>Created</dt><dd>");
    cs_time(p, pf.created);
    cs_puts(p, "</dd><dt>Due</dt><dd>");
    cs_time(p, pf.due);
    cs_puts(p, "</dd><dt>Paid</dt><dd>");
    cs_time(p, pf.status == KS_PROFORMA_PAID ? pf.paid : 0);
    cs_puts(p, "</dd><dt>Status</dt><dd>");
    proforma_badge(p, &pf, now);
    cs_puts(p, "</dd><dt>Currency</dt><dd>");
    cs_text(p, pf.currency);
    cs_puts(p, "</dd><dt>Total</dt><dd id=\"proforma-total\">");
    cs_money(p, pf.total, pf.currency);
    cs_puts(p, "</dd><dt>Payment method</dt><dd>");
    cs_text(p, pf.payment_method);
    cs_puts(p, "</dd><dt>Business model</dt><dd>");
    cs_text(p, ks_partner_model_name(pf.model));
    cs_puts(p, "</dd><dt>PDF</dt><dd><a id=\"proforma-pdf\" href=\"");
    cs_text(p, ks_proforma_pdf_link(&p->ctx, &pf, now));
    cs_puts(p, "\">Proforma ");
    cs_text(p, pf.number);
    cs_printf(p, " (PDF)</a> <span class=\"sub\">link valid %d minutes of sandbox time</span>"
                 "</dd></dl></section>",
              KS_PROFORMA_PDF_TTL / 60);
    cs_puts(p, "<section class=\"card\" aria-labelledby=\"h-pf-orders\"><h2 id=\"h-pf-orders\">"
               "Orders</h2><ul class=\"plain\" id=\"proforma-orders\">");
    for (size_t i = 0; i < pf.n_orders; i++) {
        cs_puts(p, "<li>");
        cs_link(p, "orders", pf.orders[i]);
        cs_puts(p, "</li>");
    }
    cs_puts(p, "</ul></section></div>");
    cs_close(p, 200);
}
