/* console_int.h — what the console's page files share: the page being written (its request,
 * session, vendor and HTML buffer) and the helpers that write the layout, values, tables,
 * pagers and forms. Private to src/api/console/. */
#ifndef KS_CONSOLE_INT_H
#define KS_CONSOLE_INT_H

#include <stdint.h>

#include "../../core/buf.h"
#include "../../domain/console.h"
#include "../request.h"

#define CS_PAGE_LIMIT 25 /* rows per page of a list */

typedef struct cs_page {
    ks_request *req;
    ks_response *resp;
    ks_ctx ctx;              /* ctx.vendor: the vendor shown (NULL on the vendor picker) */
    ks_console_session sess; /* the session (its CSRF token) */
    const char *base;        /* "/console/v/CODE": the vendor's pages */
    const char *path;        /* the page's path under base ("/orders/123...") */
    ks_buf b;                /* the HTML written so far */
} cs_page;

/* --- request ------------------------------------------------------------------------------ */

/* A query parameter, NULL when absent or blank. */
const char *cs_q(cs_page *p, const char *name);
/* A form field of the POST body, NULL when absent. */
const char *cs_f(cs_page *p, const char *name);
/* The query's "page" (>= 1). */
int64_t cs_page_no(cs_page *p);
/* A YYYY-MM-DD query parameter as the start (end_of_day 0) or the last second (1) of that day in
 * the vendor's zone; *has = 0 when absent. -1 with PARAMETER_INVALID when malformed. */
int cs_q_date(ks_time *out, int *has, cs_page *p, const char *name, int end_of_day, ks_err *err);

/* --- writing ------------------------------------------------------------------------------ */

/* The page's head, header (vendor picker, sandbox time, log out), navigation with `section`
 * marked current, and <main> with its <h1>. */
void cs_open(cs_page *p, const char *title, const char *section);
/* Closes the page and answers it with status. */
void cs_close(cs_page *p, int status);
/* Answers a 303 redirect to location (arena or static). */
void cs_redirect(cs_page *p, const char *location);
/* An error page in the layout (or the bare error page before a vendor is chosen). */
void cs_fail(cs_page *p, const ks_err *err);

void cs_puts(cs_page *p, const char *s); /* raw HTML */
void cs_printf(cs_page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text, escaped; NULL or "" writes an em dash. */
void cs_text(cs_page *p, const char *s);
/* Text escaped for a URL's query value. */
void cs_url(cs_page *p, const char *s);
/* An amount of minor units of currency: "1,234.50 USD". */
void cs_money(cs_page *p, int64_t minor, const char *currency);
/* A business time in the vendor's API zone, in a <time> element; 0 writes an em dash. */
void cs_time(cs_page *p, ks_time t);
/* A status badge: <span class="badge badge-KIND">TEXT</span>; kind picks its colour. */
void cs_badge(cs_page *p, const char *kind, const char *text);
/* The badge of an order status. */
void cs_status_badge(cs_page *p, const char *status);
/* The name of a period unit (D, M or Y) for n of them: "day", "months"... */
const char *cs_unit(const char *unit, int64_t n);
/* A link to the vendor's page base/section/key, key as its text. */
void cs_link(cs_page *p, const char *section, const char *key);
/* The hidden CSRF field every form carries. */
void cs_csrf(cs_page *p);
/* "Page N of M" with previous / next links keeping the query's other parameters. */
void cs_pager(cs_page *p, int64_t page, int64_t limit, int64_t total);
/* A labelled input of a filter form (value from the query). type: "text", "date", "email". */
void cs_input(cs_page *p, const char *name, const char *label, const char *type);
/* A labelled select of a filter form: options is a NULL-terminated list of value, label pairs. */
void cs_select(cs_page *p, const char *name, const char *label, const char *const *options);

/* --- charts (charts.c) ---------------------------------------------------------------------- */

/* One series of a bar chart: a value per period and its CSS class (its colour). */
typedef struct cs_series {
    const char *name, *cls;
    const int64_t *values;
} cs_series;

/* An inline SVG bar chart with its title, the series stacked per period, axis labels from
 * labels[] and, for screen readers and the curious, the same figures in a table. money: the
 * values are minor units of currency. */
void cs_chart(cs_page *p, const char *id, const char *title, const char *const *labels, size_t n,
              const cs_series *series, size_t nseries, const char *currency);

/* --- pages ---------------------------------------------------------------------------------- */

void cs_overview(cs_page *p);
void cs_orders(cs_page *p);
void cs_order(cs_page *p, const char *ref_no);
void cs_order_refund(cs_page *p, const char *ref_no);
void cs_subscriptions(cs_page *p);
void cs_subscription(cs_page *p, const char *reference);
void cs_subscription_set(cs_page *p, const char *reference);
void cs_leads(cs_page *p);
void cs_lead(cs_page *p, const char *code);
void cs_partners(cs_page *p);
void cs_partner(cs_page *p, const char *code);
void cs_proforma(cs_page *p, const char *number);
void cs_catalog(cs_page *p);
void cs_mailbox(cs_page *p);
void cs_clock(cs_page *p);
void cs_clock_advance(cs_page *p);
void cs_notifications(cs_page *p);
void cs_notification(cs_page *p, const char *id);
void cs_notification_replay(cs_page *p, const char *id);
/* The page's section of the notifications of channel ("IPN", "LCN") about subject. */
int cs_notices_of(cs_page *p, const char *channel, const char *subject, ks_err *err);
/* counts[channel IPN, LCN][state PENDING, DELIVERED, FAILED] of the vendor's notifications. */
int cs_notice_counts(int64_t counts[2][3], cs_page *p, ks_err *err);

/* The embedded static files (assets.c, generated at build time). */
typedef struct cs_asset {
    const char *name, *content_type;
    const unsigned char *data;
    size_t len;
} cs_asset;
extern const cs_asset cs_assets[];
extern const size_t cs_assets_count;

#endif
