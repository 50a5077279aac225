/* notifications.c — the console's IPNs and LCNs: the list (channel, state, RefNo or
 * subscription), a notification's page (its signed body and every delivery attempt) with the
 * replay button, and the short tables the order and subscription pages show. All through the
 * domain's notify calls (notify.h), as the control API's. */
#include <stdlib.h>
#include <string.h>

#include "../../domain/notify.h"
#include "console_int.h"

static const char *const channel_options[] = {"", "IPN and LCN", "IPN", "IPN (orders)",
                                              "LCN", "LCN (subscriptions)", NULL};
static const char *const state_options[] = {"",       "Any",       "PENDING", "Pending",
                                            "DELIVERED", "Delivered", "FAILED", "Failed", NULL};

static void state_badge(cs_page *p, ks_notice_state s)
{
    cs_badge(p, s == KS_NOTICE_DELIVERED ? "ok" : s == KS_NOTICE_FAILED ? "bad" : "info",
             ks_notice_state_name(s));
}

/* The rows of a table of notices. */
static void rows(cs_page *p, const ks_notice *list, size_t n, int with_subject)
{
    for (size_t i = 0; i < n; i++) {
        const ks_notice *x = &list[i];
        cs_printf(p, "<tr><td><a href=\"%s/notifications/%lld\">", p->base, (long long)x->id);
        cs_text(p, x->channel);
        cs_printf(p, " #%lld</a></td><td>", (long long)x->id);
        cs_text(p, x->event);
        cs_puts(p, "</td>");
        if (with_subject) {
            cs_puts(p, "<td>");
            cs_text(p, x->subject);
            cs_puts(p, "</td>");
        }
        cs_puts(p, "<td>");
        cs_time(p, x->created);
        cs_puts(p, "</td><td>");
        state_badge(p, x->state);
        cs_printf(p, "</td><td class=\"num\">%d</td><td class=\"url\">", x->attempts);
        cs_text(p, x->url);
        cs_puts(p, "</td></tr>");
    }
}

static void table_head(cs_page *p, const char *id, const char *caption, int with_subject)
{
    cs_printf(p, "<div class=\"table-wrap\"><table id=\"%s\"><caption>%s</caption><thead><tr>"
                 "<th scope=\"col\">Notification</th><th scope=\"col\">Event</th>",
              id, caption);
    if (with_subject)
        cs_puts(p, "<th scope=\"col\">About</th>");
    cs_puts(p, "<th scope=\"col\">Created</th><th scope=\"col\">State</th><th scope=\"col\" "
               "class=\"num\">Attempts</th><th scope=\"col\">Listener</th></tr></thead><tbody>");
}

int cs_notices_of(cs_page *p, const char *channel, const char *subject, ks_err *err)
{
    ks_notice *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_notice_query q = {.channel = channel, .subject = subject, .page = 1, .limit = 50};
    if (ks_notify_list(&list, &n, &total, &p->ctx, &q, err))
        return -1;
    cs_printf(p, "<section aria-labelledby=\"h-%s\"><h2 id=\"h-%s\">%s sent</h2>", channel,
              channel, channel);
    if (!n) {
        cs_printf(p, "<p class=\"empty\">No %s: the vendor has no %s listener, or nothing "
                     "happened yet.</p></section>",
                  channel, channel);
        return 0;
    }
    table_head(p, strcmp(channel, "IPN") == 0 ? "ipns" : "lcns",
               strcmp(channel, "IPN") == 0 ? "Instant payment notifications, newest first"
                                           : "License change notifications, newest first",
               0);
    rows(p, list, n, 0);
    cs_puts(p, "</tbody></table></div>");
    if (total > (int64_t)n)
        cs_printf(p, "<p class=\"help\"><a href=\"%s/notifications?subject=", p->base);
    if (total > (int64_t)n) {
        cs_url(p, subject);
        cs_printf(p, "\">All %lld</a></p>", (long long)total);
    }
    cs_puts(p, "</section>");
    return 0;
}

int cs_notice_counts(int64_t counts[2][3], cs_page *p, ks_err *err)
{
    static const char *const channels[2] = {"IPN", "LCN"};
    for (int c = 0; c < 2; c++)
        for (int s = 0; s < 3; s++) {
            ks_notice *list;
            size_t n;
            ks_notice_query q = {.channel = channels[c], .has_state = 1,
                                 .state = (ks_notice_state)s, .page = 1, .limit = 1};
            if (ks_notify_list(&list, &n, &counts[c][s], &p->ctx, &q, err))
                return -1;
        }
    return 0;
}

void cs_notifications(cs_page *p)
{
    ks_err err;
    ks_notice *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    ks_notice_query q = {.page = cs_page_no(p), .limit = CS_PAGE_LIMIT};
    q.channel = cs_q(p, "channel");
    q.subject = cs_q(p, "subject");
    const char *state = cs_q(p, "state");
    if (state) {
        if (ks_notice_state_parse(&q.state, state)) {
            ks_err_setf(&err, KS_E_PARAMETER_INVALID, "Unknown state");
            cs_fail(p, &err);
            return;
        }
        q.has_state = 1;
    }
    if (q.channel && strcmp(q.channel, "IPN") != 0 && strcmp(q.channel, "LCN") != 0) {
        ks_err_setf(&err, KS_E_PARAMETER_INVALID, "channel must be IPN or LCN");
        cs_fail(p, &err);
        return;
    }
    if (ks_notify_list(&list, &n, &total, &p->ctx, &q, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, "Notifications", "notifications");
    cs_puts(p, "<p class=\"lead\">The IPNs (orders) and LCNs (subscriptions) Kassa sent to the "
               "vendor's listeners, signed as the platform signs them, with every attempt.</p>");
    cs_puts(p, "<form class=\"filters\" method=\"get\" role=\"search\" "
               "aria-label=\"Filter notifications\">");
    cs_select(p, "channel", "Channel", channel_options);
    cs_select(p, "state", "State", state_options);
    cs_input(p, "subject", "RefNo or subscription", "text");
    cs_printf(p, "<div class=\"actions\"><button type=\"submit\">Filter</button>"
                 "<a class=\"button secondary\" href=\"%s/notifications\">Clear</a></div></form>",
              p->base);
    if (!n) {
        cs_puts(p, "<p class=\"empty\">No notification. Set the vendor's listeners with "
                   "<code>PUT /control/vendors/CODE/</code> (IpnUrls, LcnUrls).</p>");
        cs_close(p, 200);
        return;
    }
    table_head(p, "notifications", "Notifications, newest first", 1);
    rows(p, list, n, 1);
    cs_puts(p, "</tbody></table></div>");
    cs_pager(p, q.page, q.limit, total);
    cs_close(p, 200);
}

void cs_notification(cs_page *p, const char *id_s)
{
    ks_err err;
    ks_notice x;
    char *end = NULL;
    long long id = strtoll(id_s, &end, 10);
    if (!*id_s || *end || id <= 0) {
        ks_err_setf(&err, KS_E_NOTIFICATION_NOT_FOUND, "No such notification");
        cs_fail(p, &err);
        return;
    }
    if (ks_notify_get(&x, &p->ctx, id, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_open(p, ks_arena_printf(p->req->arena, "%s #%lld", x.channel, id), "notifications");
    cs_puts(p, "<p class=\"subtitle\" id=\"notice-state\">");
    state_badge(p, x.state);
    cs_puts(p, " ");
    cs_text(p, x.event);
    cs_puts(p, " · created ");
    cs_time(p, x.created);
    cs_puts(p, "</p>");
    if (cs_q(p, "done"))
        cs_puts(p, "<p class=\"notice notice-ok\" role=\"status\">Sent again on a new schedule."
                   "</p>");
    cs_printf(p, "<div class=\"toolbar\"><form method=\"post\" action=\"%s/notifications/%lld/"
                 "replay\">",
              p->base, id);
    cs_csrf(p);
    cs_puts(p, "<button type=\"submit\">Replay</button></form></div>");
    cs_puts(p, "<div class=\"grid2\"><section class=\"card\" aria-labelledby=\"h-about\">"
               "<h2 id=\"h-about\">About</h2><dl><dt>Channel</dt><dd>");
    cs_text(p, x.channel);
    cs_puts(p, "</dd><dt>About</dt><dd>");
    if (x.subject && strcmp(x.channel, "IPN") == 0) {
        cs_printf(p, "<a href=\"%s/orders/", p->base);
        cs_url(p, x.subject);
        cs_puts(p, "\">");
        cs_text(p, x.subject);
        cs_puts(p, "</a>");
    } else if (x.subject) {
        cs_printf(p, "<a href=\"%s/subscriptions/", p->base);
        cs_url(p, x.subject);
        cs_puts(p, "\">");
        cs_text(p, x.subject);
        cs_puts(p, "</a>");
    } else {
        cs_text(p, NULL);
    }
    cs_puts(p, "</dd><dt>Listener</dt><dd class=\"url\">");
    cs_text(p, x.url);
    cs_puts(p, "</dd><dt>MESSAGE_ID</dt><dd><code>");
    cs_text(p, x.message_id);
    cs_printf(p, "</code></dd><dt>Attempts</dt><dd>%d</dd><dt>Next try</dt><dd>", x.attempts);
    cs_time(p, x.next_try);
    cs_puts(p, "</dd></dl></section><section class=\"card\" aria-labelledby=\"h-body\">"
               "<h2 id=\"h-body\">Signed body</h2><pre class=\"mail-body\" id=\"notice-body\">");
    /* one field a line, as sent (form-encoded), as a person reads a form body */
    for (const char *s = x.body ? x.body : ""; *s;) {
        size_t len = strcspn(s, "&");
        ks_buf_xml_escape(&p->b, ks_arena_strndup(p->req->arena, s, len));
        cs_puts(p, "\n");
        s += len + (s[len] == '&');
    }
    cs_puts(p, "</pre></section></div>");
    cs_puts(p, "<section aria-labelledby=\"h-attempts\"><h2 id=\"h-attempts\">Attempts</h2>");
    if (!x.n_tries)
        cs_puts(p, "<p class=\"empty\">None yet: the first goes out when its job runs.</p>");
    else {
        cs_puts(p, "<div class=\"table-wrap\"><table id=\"attempts\"><caption>Delivery attempts"
                   "</caption><thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">"
                   "When</th><th scope=\"col\">Outcome</th><th scope=\"col\" class=\"num\">HTTP"
                   "</th><th scope=\"col\">Answer</th><th scope=\"col\">Next try</th></tr>"
                   "</thead><tbody>");
        for (size_t i = 0; i < x.n_tries; i++) {
            const ks_notice_attempt *t = &x.tries[i];
            cs_printf(p, "<tr><td class=\"num\">%d</td><td>", t->n);
            cs_time(p, t->at);
            cs_puts(p, "</td><td>");
            cs_badge(p, strcmp(t->outcome, "DELIVERED") == 0 ? "ok" : "bad", t->outcome);
            cs_puts(p, "</td><td class=\"num\">");
            if (t->http_status)
                cs_printf(p, "%d", t->http_status);
            else
                cs_text(p, NULL);
            cs_puts(p, "</td><td><code>");
            cs_text(p, t->answer);
            cs_puts(p, "</code></td><td>");
            cs_time(p, t->next_try);
            cs_puts(p, "</td></tr>");
        }
        cs_puts(p, "</tbody></table></div>");
    }
    cs_puts(p, "</section>");
    cs_close(p, 200);
}

void cs_notification_replay(cs_page *p, const char *id_s)
{
    ks_err err;
    char *end = NULL;
    long long id = strtoll(id_s, &end, 10);
    if (!*id_s || *end || id <= 0) {
        ks_err_setf(&err, KS_E_NOTIFICATION_NOT_FOUND, "No such notification");
        cs_fail(p, &err);
        return;
    }
    if (ks_notify_replay(&p->ctx, id, &err)) {
        cs_fail(p, &err);
        return;
    }
    cs_redirect(p, ks_arena_printf(p->req->arena, "%s/notifications/%lld?done=1", p->base, id));
}
