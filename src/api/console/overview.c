/* overview.c — the console's overview (counts and charts of orders, revenue and renewals over
 * sandbox time) and the clock page: the sandbox time, buttons that advance it through the
 * domain's clock advance (which runs the jobs due on the way), what ran in the window just
 * crossed, and the renewals coming up. */
#include <stdlib.h>
#include <string.h>

#include "../../domain/auth.h"
#include "../../domain/clock.h"
#include "../../domain/jobs.h"
#include "../../domain/lead.h"
#include "../../domain/mailbox.h"
#include "../../domain/notify.h"
#include "../../domain/order.h"
#include "../../domain/subscription.h"
#include "console_int.h"

static const struct {
    const char *id, *label;
    int64_t period_s;
    size_t n;
} ranges[] = {
    {"7d", "7 days", 6 * 3600, 28},
    {"30d", "30 days", 86400, 30},
    {"1y", "1 year", 7 * 86400, 53},
};

static void stat_tile(cs_page *p, const char *label, int64_t value, const char *href)
{
    cs_printf(p, "<li><a class=\"tile\" href=\"%s%s\"><span class=\"tile-value\">%lld</span>"
                 "<span class=\"tile-label\">%s</span></a></li>",
              p->base, href, (long long)value, label);
}

void cs_overview(cs_page *p)
{
    ks_err err;
    ks_time now;
    int64_t n_orders = 0, n_subs = 0, n_enabled = 0, n_leads = 0, n_mails = 0;
    size_t n;
    ks_order *orders;
    ks_subscription *subs;
    ks_lead *leads;
    ks_mail *mails;
    ks_order_query oq = {.page = 1, .limit = 1, .test = KS_TEST_ORDERS_YES};
    ks_subscription_query sq = {.page = 1, .limit = 1};
    ks_subscription_query eq = {.page = 1, .limit = 1, .has_enabled = 1, .enabled = 1};
    ks_lead_query lq = {.page = 1, .limit = 1};
    ks_mail_query mq = {.vendor_code = p->ctx.vendor->code, .page = 1, .limit = 1};
    size_t r = 1;
    const char *range = cs_q(p, "range");
    for (size_t i = 0; range && i < sizeof ranges / sizeof ranges[0]; i++)
        if (strcmp(range, ranges[i].id) == 0)
            r = i;
    ks_order_stats st;
    int64_t counts[2][3];
    if (ks_clock_now(&now, &p->ctx, &err) || cs_notice_counts(counts, p, &err) ||
        ks_order_search(&orders, &n, &n_orders, &p->ctx, &oq, &err) ||
        ks_subscription_search(&subs, &n, &n_subs, &p->ctx, &sq, &err) ||
        ks_subscription_search(&subs, &n, &n_enabled, &p->ctx, &eq, &err) ||
        ks_lead_search(&leads, &n, &n_leads, &p->ctx, &lq, &err) ||
        ks_mailbox_list(&mails, &n, &n_mails, &p->ctx, &mq, &err) ||
        ks_console_order_stats(&st, &p->ctx, now + 1, ranges[r].period_s, ranges[r].n, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, p->ctx.vendor->code, "overview");
    cs_printf(p, "<p class=\"subtitle\">%s vendor · API time zone UTC%+d:%02d</p>",
              ks_model_name(p->ctx.vendor->model), p->ctx.vendor->tz_offset / 3600,
              abs(p->ctx.vendor->tz_offset % 3600) / 60);
    cs_puts(p, "<ul class=\"tiles\">");
    stat_tile(p, "orders", n_orders, "/orders");
    stat_tile(p, "subscriptions", n_subs, "/subscriptions");
    stat_tile(p, "enabled subscriptions", n_enabled, "/subscriptions?state=enabled");
    stat_tile(p, "leads", n_leads, "/leads");
    stat_tile(p, "mails", n_mails, "/mailbox");
    cs_puts(p, "</ul>");

    cs_puts(p, "<section aria-labelledby=\"h-charts\"><div class=\"section-head\">"
               "<h2 id=\"h-charts\">Over sandbox time</h2><nav class=\"tabs small\" "
               "aria-label=\"Chart period\"><ul>");
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        cs_printf(p, "<li><a href=\"?range=%s\"%s>%s</a></li>", ranges[i].id,
                  i == r ? " aria-current=\"page\"" : "", ranges[i].label);
    cs_puts(p, "</ul></nav></div>");

    const char **labels = ks_arena_alloc(p->req->arena, st.n * sizeof *labels);
    int64_t *paid = ks_arena_alloc(p->req->arena, st.n * sizeof(int64_t));
    int64_t *unpaid = ks_arena_alloc(p->req->arena, st.n * sizeof(int64_t));
    int64_t *revenue = ks_arena_alloc(p->req->arena, st.n * sizeof(int64_t));
    int64_t *renewed = ks_arena_alloc(p->req->arena, st.n * sizeof(int64_t));
    int64_t *failed = ks_arena_alloc(p->req->arena, st.n * sizeof(int64_t));
    for (size_t i = 0; i < st.n; i++) {
        char s[KS_TIME_STR_MAX];
        const ks_order_period *op = &st.periods[i];
        ks_time_format(s, op->start, p->ctx.vendor->tz_offset);
        /* "MM-DD", or "MM-DD HH:00" for periods shorter than a day */
        labels[i] = st.period_s < 86400 ? ks_arena_printf(p->req->arena, "%.5s %.2s:00", s + 5,
                                                          s + 11)
                                        : ks_arena_printf(p->req->arena, "%.5s", s + 5);
        paid[i] = op->paid;
        unpaid[i] = op->orders - op->paid;
        revenue[i] = op->revenue;
        renewed[i] = op->renewals - op->renewals_failed;
        failed[i] = op->renewals_failed;
    }
    cs_puts(p, "<div class=\"charts\">");
    cs_series s_orders[] = {{"paid", "s-ok", paid}, {"not paid", "s-muted", unpaid}};
    cs_chart(p, "chart-orders", "Orders", labels, st.n, s_orders, 2, NULL);
    cs_series s_rev[] = {{"revenue kept", "s-info", revenue}};
    cs_chart(p, "chart-revenue",
             st.currency ? ks_arena_printf(p->req->arena, "Revenue (%s)", st.currency) : "Revenue",
             labels, st.n, s_rev, 1, st.currency ? st.currency : "USD");
    cs_series s_ren[] = {{"renewed", "s-ok", renewed}, {"charge declined", "s-bad", failed}};
    cs_chart(p, "chart-renewals", "Renewals", labels, st.n, s_ren, 2, NULL);
    /* notification outcomes: every notice of the vendor, by channel and state */
    static const char *const channels[] = {"IPN", "LCN"};
    int64_t delivered[2], pending[2], failed_n[2];
    for (int c = 0; c < 2; c++) {
        pending[c] = counts[c][KS_NOTICE_PENDING];
        delivered[c] = counts[c][KS_NOTICE_DELIVERED];
        failed_n[c] = counts[c][KS_NOTICE_FAILED];
    }
    cs_series s_notes[] = {{"delivered", "s-ok", delivered},
                           {"pending (retrying)", "s-info", pending},
                           {"failed", "s-bad", failed_n}};
    cs_chart(p, "chart-notifications", "Notification outcomes (all time)", channels, 2, s_notes,
             3, NULL);
    cs_puts(p, "</div>");
    if (st.other_currency_orders)
        cs_printf(p, "<p class=\"help\">%lld paid orders in other currencies are counted in "
                     "Orders but not in Revenue.</p>",
                  (long long)st.other_currency_orders);
    cs_puts(p, "</section>");
    cs_close(p, 200);
}

/* --- the clock ------------------------------------------------------------------------------ */

static const struct {
    int64_t seconds;
    const char *label;
} steps[] = {
    {3600, "+1 hour"},
    {86400, "+1 day"},
    {30 * 86400, "+30 days"},
    {365 * 86400, "+1 year"},
};

/* What ran between from and to: the orders placed (renewals among them) and the mails sent. */
static int ran(cs_page *p, ks_time from, ks_time to, ks_err *err)
{
    ks_order *orders;
    ks_mail *mails;
    size_t no = 0, nm = 0;
    int64_t total_o = 0, total_m = 0;
    ks_order_query oq = {.has_start = 1, .start = from + 1, .has_end = 1, .end = to,
                         .test = KS_TEST_ORDERS_YES, .page = 1, .limit = 50};
    ks_mail_query mq = {.vendor_code = p->ctx.vendor->code, .page = 1, .limit = 100};
    if (ks_order_search(&orders, &no, &total_o, &p->ctx, &oq, err) ||
        ks_mailbox_list(&mails, &nm, &total_m, &p->ctx, &mq, err))
        return -1;
    cs_printf(p, "<section id=\"ran\" class=\"card\" data-from=\"%lld\" data-to=\"%lld\" "
                 "aria-labelledby=\"h-ran\"><h2 id=\"h-ran\">What ran from ",
              (long long)from, (long long)to);
    cs_time(p, from);
    cs_puts(p, " to ");
    cs_time(p, to);
    cs_puts(p, "</h2><ul class=\"events\" id=\"ran-events\">");
    size_t shown = 0;
    for (size_t i = no; i-- > 0;) {
        const ks_order *o = &orders[i];
        const char *kind = o->renewal_of ? ks_order_subscription_role(o) : "ORDER";
        cs_puts(p, "<li class=\"event\">");
        cs_time(p, o->created);
        cs_puts(p, " ");
        cs_badge(p, o->renewal_of ? "info" : "neutral", kind);
        cs_printf(p, " <a href=\"%s/orders/", p->base);
        cs_url(p, o->ref_no);
        cs_puts(p, "\">");
        cs_text(p, o->ref_no);
        cs_puts(p, "</a> ");
        if (o->renewal_of) {
            cs_puts(p, "of ");
            cs_text(p, o->renewal_of);
            cs_puts(p, " ");
        }
        cs_status_badge(p, ks_order_status_name(o->status));
        cs_puts(p, " ");
        cs_money(p, o->gross_discounted, o->currency);
        cs_puts(p, "</li>");
        shown++;
    }
    for (size_t i = nm; i-- > 0;) {
        if (mails[i].sent_at <= from || mails[i].sent_at > to)
            continue;
        cs_puts(p, "<li class=\"event\">");
        cs_time(p, mails[i].sent_at);
        cs_puts(p, " ");
        cs_badge(p, "neutral", "mail");
        cs_puts(p, " ");
        cs_text(p, mails[i].subject);
        cs_puts(p, " <span class=\"sub\">to ");
        cs_text(p, mails[i].to);
        cs_puts(p, "</span></li>");
        shown++;
    }
    if (!shown)
        cs_puts(p, "<li class=\"event empty\">Nothing ran for this vendor.</li>");
    cs_puts(p, "</ul>");
    if (total_o > (int64_t)no)
        cs_printf(p, "<p class=\"help\">%lld orders in all: <a href=\"%s/orders\">see the list"
                     "</a>.</p>",
                  (long long)total_o, p->base);
    cs_puts(p, "</section>");
    return 0;
}

/* The enabled subscriptions that renew or lapse in the next 60 days. */
static int coming_up(cs_page *p, ks_time now, ks_err *err)
{
    ks_subscription *list;
    size_t n = 0;
    int64_t total = 0;
    ks_subscription_query q = {.has_enabled = 1, .enabled = 1, .has_expire_after = 1,
                               .expire_after = now, .has_expire_before = 1,
                               .expire_before = now + 60 * 86400, .page = 1, .limit = 10};
    if (ks_subscription_search(&list, &n, &total, &p->ctx, &q, err))
        return -1;
    cs_puts(p, "<section class=\"card\" aria-labelledby=\"h-next\"><h2 id=\"h-next\">Coming up "
               "in the next 60 days</h2>");
    if (!n) {
        cs_puts(p, "<p class=\"empty\">No subscription renews or lapses in the next 60 days."
                   "</p></section>");
        return 0;
    }
    cs_puts(p, "<ul class=\"events\" id=\"coming-up\">");
    for (size_t i = 0; i < n; i++) {
        cs_puts(p, "<li class=\"event\">");
        cs_time(p, list[i].expiration);
        cs_puts(p, " ");
        cs_badge(p, list[i].recurring_enabled ? "info" : "warn",
                 list[i].recurring_enabled ? "renews" : "lapses");
        cs_printf(p, " <a href=\"%s/subscriptions/", p->base);
        cs_url(p, list[i].reference);
        cs_puts(p, "\">");
        cs_text(p, list[i].reference);
        cs_puts(p, "</a> ");
        cs_text(p, list[i].product_name);
        cs_puts(p, "</li>");
    }
    cs_puts(p, "</ul>");
    if (total > (int64_t)n)
        cs_printf(p, "<p class=\"help\">%lld in all.</p>", (long long)total);
    cs_puts(p, "</section>");
    return 0;
}

void cs_clock(cs_page *p)
{
    ks_err err;
    ks_time now;
    int64_t offset;
    if (ks_clock_now(&now, &p->ctx, &err) || ks_clock_offset(&offset, &p->ctx, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, "Clock", "clock");
    cs_puts(p, "<div class=\"grid2\"><section class=\"card\" aria-labelledby=\"h-now\">"
               "<h2 id=\"h-now\">Sandbox time</h2><p class=\"big-time\" id=\"now\">");
    cs_time(p, now);
    cs_printf(p, "</p><p class=\"help\">%lld days %02lld:%02lld ahead of the real clock. The "
                 "sandbox clock is shared by every vendor of this server; moving it runs every "
                 "job that falls due on the way (renewals, follow-up mails), each at its own "
                 "moment.</p>",
              (long long)(offset / 86400), (long long)(offset % 86400 / 3600),
              (long long)(offset % 3600 / 60));
    cs_printf(p, "<form method=\"post\" action=\"%s/clock/advance\" class=\"advance\" "
                 "data-progress>",
              p->base);
    cs_csrf(p);
    cs_puts(p, "<fieldset><legend>Advance the clock</legend><div class=\"buttons\">");
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        cs_printf(p, "<button type=\"submit\" name=\"seconds\" value=\"%lld\">%s</button>",
                  (long long)steps[i].seconds, steps[i].label);
    cs_puts(p, "</div></fieldset><div class=\"progress\" hidden><progress max=\"100\" value=\"0\" "
               "aria-label=\"Clock advance\"></progress><p class=\"help\" role=\"status\" "
               "aria-live=\"polite\"></p></div></form></section>");
    if (coming_up(p, now, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_puts(p, "</div>");
    const char *from = cs_q(p, "from"), *to = cs_q(p, "to");
    if (from && to) {
        ks_time f = strtoll(from, NULL, 10), t = strtoll(to, NULL, 10);
        if (f > 0 && t >= f && ran(p, f, t, &err)) {
            cs_fail(p, &err);
            return;
        }
    }
    cs_close(p, 200);
}

void cs_clock_advance(cs_page *p)
{
    ks_err err;
    ks_time from, to;
    const char *s = cs_f(p, "seconds");
    char *end = NULL;
    long long seconds = s ? strtoll(s, &end, 10) : -1;
    if (!s || !*s || *end || seconds <= 0) {
        ks_err_setf(&err, KS_E_PARAMETER_INVALID, "seconds must be a positive whole number");
        cs_fail(p, &err);
        return;
    }
    if (ks_clock_read(&from, &p->ctx, &err) || ks_jobs_advance(&p->ctx, seconds, &err) ||
        ks_clock_read(&to, &p->ctx, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_redirect(p, ks_arena_printf(p->req->arena, "%s/clock?from=%lld&to=%lld", p->base,
                                   (long long)from, (long long)to));
}
