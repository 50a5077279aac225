/* catalog.c — the console's view of the vendor's catalog: products (with prices and billing
 * cycles), pricing option groups, promotions and cross-sell campaigns, one tab each. */
#include <string.h>

#include "../../domain/catalog.h"
#include "../../domain/promotion.h"
#include "console_int.h"

static const struct {
    const char *id, *label;
} tabs[] = {{"products", "Products"},
            {"options", "Option groups"},
            {"promotions", "Promotions"},
            {"crosssell", "Cross-sell campaigns"}};

static void dec(cs_page *p, ks_dec v)
{
    char s[32];
    ks_dec_format(s, v);
    cs_text(p, s);
}

static void products(cs_page *p, int64_t page)
{
    ks_err err;
    ks_product *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_product_query q = {.page = page, .limit = CS_PAGE_LIMIT};
    if (ks_product_search(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    if (!n)
        cs_puts(p, "<p class=\"empty\">No product yet (<code>kassa vendor seed-demo</code> adds "
                   "a demo catalog).</p>");
    else
        cs_puts(p, "<div class=\"table-wrap\"><table id=\"products\"><caption>Products</caption>"
                   "<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Name</th>"
                   "<th scope=\"col\">Type</th><th scope=\"col\">Billing</th>"
                   "<th scope=\"col\">Prices</th><th scope=\"col\">Option groups</th>"
                   "<th scope=\"col\">State</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        ks_product *pr = &list[i];
        cs_puts(p, "<tr><td><code>");
        cs_text(p, pr->code);
        cs_puts(p, "</code></td><td>");
        cs_text(p, pr->name);
        cs_puts(p, "</td><td>");
        cs_text(p, pr->type);
        cs_puts(p, "</td><td>");
        const ks_subscription_info *si = pr->subscription;
        if (!si || si->is_one_time_fee)
            cs_puts(p, si && si->lifetime ? "one-time fee, lifetime" : "one-time fee");
        else
            cs_printf(p, "every %lld %s", (long long)si->billing_cycle,
                      cs_unit(si->billing_cycle_units, si->billing_cycle));
        if (si && si->trial_period)
            cs_printf(p, " · %lld-day trial", (long long)si->trial_period);
        cs_puts(p, "</td><td>");
        for (size_t c = 0; c < pr->n_pricing; c++) {
            const ks_product_prices *pp = pr->pricing[c].prices;
            for (size_t k = 0; pp && k < pp->n_regular; k++) {
                if (k)
                    cs_puts(p, ", ");
                dec(p, pp->regular[k].amount);
                cs_puts(p, "&nbsp;");
                cs_text(p, pp->regular[k].currency);
                if (pp->regular[k].min_qty > 1)
                    cs_printf(p, " <span class=\"sub inline\">from %lld</span>",
                              (long long)pp->regular[k].min_qty);
            }
            if (pr->pricing[c].price_type)
                cs_printf(p, " <span class=\"sub\">%s</span>",
                          strcmp(pr->pricing[c].price_type, "GROSS") == 0 ? "gross" : "net");
        }
        cs_puts(p, "</td><td>");
        for (size_t c = 0; c < pr->n_pricing; c++)
            for (size_t k = 0; k < pr->pricing[c].n_options; k++) {
                if (k)
                    cs_puts(p, ", ");
                cs_text(p, pr->pricing[c].options[k].code);
            }
        cs_puts(p, "</td><td>");
        cs_badge(p, pr->enabled ? "ok" : "bad", pr->enabled ? "enabled" : "disabled");
        cs_puts(p, "</td></tr>");
    }
    if (n)
        cs_puts(p, "</tbody></table></div>");
    cs_pager(p, page, CS_PAGE_LIMIT, total);
}

static void option_groups(cs_page *p, int64_t page)
{
    ks_err err;
    ks_option_group *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_option_group_query q = {.page = page, .limit = CS_PAGE_LIMIT};
    if (ks_option_group_search(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    if (!n)
        cs_puts(p, "<p class=\"empty\">No pricing option group.</p>");
    else
        cs_puts(p, "<div class=\"table-wrap\"><table id=\"option-groups\"><caption>Pricing option "
                   "groups</caption><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Name"
                   "</th><th scope=\"col\">Type</th><th scope=\"col\">Required</th>"
                   "<th scope=\"col\">Options</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        ks_option_group *g = &list[i];
        cs_puts(p, "<tr><td><code>");
        cs_text(p, g->code);
        cs_puts(p, "</code></td><td>");
        cs_text(p, g->name);
        cs_puts(p, "</td><td>");
        cs_text(p, g->type);
        cs_printf(p, "</td><td>%s</td><td>", g->required ? "yes" : "no");
        for (size_t k = 0; k < g->n_options; k++) {
            if (k)
                cs_puts(p, ", ");
            cs_text(p, g->options[k].name ? g->options[k].name : g->options[k].code);
        }
        cs_puts(p, "</td></tr>");
    }
    if (n)
        cs_puts(p, "</tbody></table></div>");
    cs_pager(p, page, CS_PAGE_LIMIT, total);
}

static void promotions(cs_page *p, int64_t page)
{
    ks_err err;
    ks_promotion *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_promotion_query q = {.page = page, .limit = CS_PAGE_LIMIT};
    if (ks_promotion_search(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    if (!n)
        cs_puts(p, "<p class=\"empty\">No promotion.</p>");
    else
        cs_puts(p, "<div class=\"table-wrap\"><table id=\"promotions\"><caption>Promotions"
                   "</caption><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Name</th>"
                   "<th scope=\"col\">Coupons</th><th scope=\"col\">Discount</th>"
                   "<th scope=\"col\">Dates</th><th scope=\"col\" class=\"num\">Used</th>"
                   "<th scope=\"col\">State</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        ks_promotion *pr = &list[i];
        cs_puts(p, "<tr><td><code>");
        cs_text(p, pr->code);
        cs_puts(p, "</code></td><td>");
        cs_text(p, pr->name);
        cs_puts(p, "</td><td>");
        if (pr->coupon && pr->coupon->code)
            cs_text(p, pr->coupon->code);
        for (size_t k = 0; pr->coupon && k < pr->coupon->n_codes; k++) {
            if (k)
                cs_puts(p, ", ");
            cs_text(p, pr->coupon->codes[k]);
        }
        cs_puts(p, "</td><td>");
        if (pr->discount && pr->discount->type && strcmp(pr->discount->type, "PERCENT") == 0) {
            dec(p, pr->discount->value);
            cs_puts(p, "%");
        } else if (pr->discount) {
            for (size_t k = 0; k < pr->discount->n_values; k++) {
                if (k)
                    cs_puts(p, ", ");
                dec(p, pr->discount->values[k].amount);
                cs_puts(p, "&nbsp;");
                cs_text(p, pr->discount->values[k].currency);
            }
        }
        cs_puts(p, "</td><td>");
        cs_text(p, pr->start_date ? pr->start_date : "now");
        cs_puts(p, " → ");
        cs_text(p, pr->end_date ? pr->end_date : "no end");
        cs_printf(p, "</td><td class=\"num\">%lld", (long long)pr->used_orders);
        if (pr->max_orders)
            cs_printf(p, " / %lld", (long long)pr->max_orders);
        cs_puts(p, "</td><td>");
        cs_badge(p, pr->enabled ? "ok" : "bad", pr->enabled ? "enabled" : "disabled");
        cs_puts(p, "</td></tr>");
    }
    if (n)
        cs_puts(p, "</tbody></table></div>");
    cs_pager(p, page, CS_PAGE_LIMIT, total);
}

static void crosssells(cs_page *p, int64_t page)
{
    ks_err err;
    ks_crosssell *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_crosssell_query q = {.page = page, .limit = CS_PAGE_LIMIT};
    if (ks_crosssell_search(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    if (!n)
        cs_puts(p, "<p class=\"empty\">No cross-sell campaign.</p>");
    else
        cs_puts(p, "<div class=\"table-wrap\"><table id=\"crosssells\"><caption>Cross-sell "
                   "campaigns</caption><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">"
                   "Name</th><th scope=\"col\">When buying</th><th scope=\"col\">Recommends</th>"
                   "<th scope=\"col\">Dates</th><th scope=\"col\">Status</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        ks_crosssell *c = &list[i];
        cs_puts(p, "<tr><td><code>");
        cs_text(p, c->code);
        cs_puts(p, "</code></td><td>");
        cs_text(p, c->name);
        cs_puts(p, "</td><td>");
        for (size_t k = 0; k < c->n_masters; k++) {
            if (k)
                cs_puts(p, ", ");
            cs_text(p, c->masters[k]);
        }
        cs_puts(p, "</td><td>");
        for (size_t k = 0; k < c->n_products; k++) {
            if (k)
                cs_puts(p, ", ");
            cs_text(p, c->products[k].product_code);
            cs_puts(p, " (−");
            dec(p, c->products[k].discount);
            cs_puts(p, "%)");
        }
        cs_puts(p, "</td><td>");
        cs_text(p, c->start_date ? c->start_date : "now");
        cs_puts(p, " → ");
        cs_text(p, c->end_date ? c->end_date : "no end");
        cs_puts(p, "</td><td>");
        cs_badge(p, c->status && strcmp(c->status, "ACTIVE") == 0 ? "ok" : "neutral", c->status);
        cs_puts(p, "</td></tr>");
    }
    if (n)
        cs_puts(p, "</tbody></table></div>");
    cs_pager(p, page, CS_PAGE_LIMIT, total);
}

void cs_catalog(cs_page *p)
{
    const char *tab = cs_q(p, "tab");
    size_t t = 0;
    for (size_t i = 0; tab && i < sizeof tabs / sizeof tabs[0]; i++)
        if (strcmp(tab, tabs[i].id) == 0)
            t = i;
    cs_open(p, "Catalog", "catalog");
    cs_puts(p, "<nav class=\"tabs\" aria-label=\"Catalog sections\"><ul>");
    for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++)
        cs_printf(p, "<li><a href=\"?tab=%s\"%s>%s</a></li>", tabs[i].id,
                  i == t ? " aria-current=\"page\"" : "", tabs[i].label);
    cs_puts(p, "</ul></nav>");
    /* a failing search answers its error page itself (cs_fail resets the page) */
    int64_t page = cs_page_no(p);
    if (t == 0)
        products(p, page);
    else if (t == 1)
        option_groups(p, page);
    else if (t == 2)
        promotions(p, page);
    else
        crosssells(p, page);
    if (p->resp->status)
        return;
    cs_close(p, 200);
}
