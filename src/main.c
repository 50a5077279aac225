/* main.c — the kassa command line: serve, vendor, partner, clock, migrate. */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/money.h"
#include "domain/auth.h"
#include "domain/catalog.h"
#include "domain/clock.h"
#include "domain/demo.h"
#include "api/answers.h"
#include "api/ops/ops.h"
#include "domain/job_kinds.h"
#include "domain/jobs.h"
#include "domain/notify.h"
#include "domain/partner.h"
#include "http/server.h"
#include "net/curl_transport.h"
#include "store/store.h"

#define KASSA_VERSION "0.1.0"

static void usage(FILE *f)
{
    fputs("usage:\n"
          "  kassa serve [--db sqlite:PATH] [--listen HOST:PORT] [--admin-token TOKEN]\n"
          "              [--threads N] [--max-body BYTES] [--timeout SECONDS]\n"
          "              [--auth-window SECONDS] [--workers N] [--job-lease SECONDS]\n"
          "              [--max-connections N] [--max-connections-per-ip N]\n"
          "              [--header-timeout SECONDS] [--min-body-rate BYTES]\n"
          "              [--public-url URL] [--smtp smtp://HOST:PORT] [--mail-from ADDRESS]\n"
          "              [--notify-timeout SECONDS] [--quiet]\n"
          "  kassa vendor add  --db URL --code CODE [--secret SECRET] [--model mor|psp]\n"
          "                    [--secret-word WORD]   (buy-link secret word; generated when absent)\n"
          "                    [--subscription-delay SECONDS]\n"
          "  kassa vendor set  --db URL --code CODE [--ipn-url URL]... [--lcn-url URL]...\n"
          "                    [--no-ipn-urls] [--no-lcn-urls] [--signatures md5,sha256,sha3-256]\n"
          "                    [--test-orders yes|no] [--ipn-groups DELIVERY,LICENSE,PARTNER,CARD,FX]\n"
          "  kassa vendor list --db URL\n"
          "  kassa vendor show --db URL --code CODE [--reveal-secret]\n"
          "  kassa vendor seed-demo --db URL --code CODE   (a small demo catalog)\n"
          "  kassa partner add  --db URL --vendor CODE --code PARTNER --company NAME\n"
          "                     [--email EMAIL] [--currency USD] [--language en] [--country US]\n"
          "                     [--model reseller|direct] [--credit-limit AMOUNT] [--inactive]\n"
          "                     [--list CODE] [--discount PERCENT]   (a pricing list of the\n"
          "                     whole catalog at that discount; default PARTNER-LIST, 0%)\n"
          "  kassa partner list --db URL --vendor CODE\n"
          "  kassa partner show --db URL --vendor CODE --code PARTNER   (JSON)\n"
          "  kassa clock show    --db URL\n"
          "  kassa clock advance --db URL [--days N] [--hours N] [--minutes N] [--seconds N]\n"
          "                      [--public-url URL]   (runs the jobs that fall due on the way)\n"
          "  kassa notifications list   --db URL --code CODE [--channel IPN|LCN] [--subject REF]\n"
          "                             [--state PENDING|DELIVERED|FAILED] [--page N] [--limit N]\n"
          "  kassa notifications show   --db URL --code CODE --id N\n"
          "  kassa notifications replay --db URL --code CODE --id N\n"
          "  kassa migrate --db URL\n"
          "  kassa version\n"
          "Environment: KASSA_DB, KASSA_LISTEN, KASSA_ADMIN_TOKEN, KASSA_PUBLIC_URL stand for\n"
          "the options.\n",
          f);
}

/* --- options ----------------------------------------------------------------------------- */

#define MAX_URL_OPTS 10

typedef struct {
    const char *db, *listen, *admin_token, *code, *secret, *model, *public_url, *secret_word;
    const char *vendor, *company, *email, *currency, *language, *country, *list, *discount;
    const char *credit_limit;
    int inactive;
    long threads, max_body, timeout, auth_window, workers, job_lease; /* -1: not given */
    long subscription_delay;                                          /* -1: not given */
    long max_conns, max_per_ip, header_timeout, min_body_rate;        /* -1: not given */
    long days, hours, minutes, seconds;
    int quiet, reveal;
    /* notifications */
    const char *smtp, *mail_from, *signatures, *test_orders, *ipn_groups, *channel, *subject;
    const char *state;
    long notify_timeout, id, page, limit; /* -1: not given */
    const char *ipn_urls[MAX_URL_OPTS], *lcn_urls[MAX_URL_OPTS];
    int n_ipn_urls, n_lcn_urls, no_ipn_urls, no_lcn_urls;
    const ks_transport *transport;
} opts;

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !*s || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

static int parse_opts(opts *o, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long *num = NULL;
        const char **str = NULL;
        if (strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
            continue;
        }
        if (strcmp(a, "--reveal-secret") == 0) {
            o->reveal = 1;
            continue;
        }
        if (strcmp(a, "--no-ipn-urls") == 0 || strcmp(a, "--no-lcn-urls") == 0) {
            *(a[5] == 'i' ? &o->no_ipn_urls : &o->no_lcn_urls) = 1;
            continue;
        }
        if ((strcmp(a, "--ipn-url") == 0 || strcmp(a, "--lcn-url") == 0) && v) {
            int ipn = a[2] == 'i';
            int *n = ipn ? &o->n_ipn_urls : &o->n_lcn_urls;
            if (*n == MAX_URL_OPTS) {
                fprintf(stderr, "kassa: at most %d %s options\n", MAX_URL_OPTS, a);
                return -1;
            }
            (ipn ? o->ipn_urls : o->lcn_urls)[(*n)++] = v;
            i++;
            continue;
        }
        if (strcmp(a, "--inactive") == 0) {
            o->inactive = 1;
            continue;
        }
        if (strcmp(a, "--db") == 0) str = &o->db;
        else if (strcmp(a, "--listen") == 0) str = &o->listen;
        else if (strcmp(a, "--admin-token") == 0) str = &o->admin_token;
        else if (strcmp(a, "--code") == 0) str = &o->code;
        else if (strcmp(a, "--secret") == 0) str = &o->secret;
        else if (strcmp(a, "--secret-word") == 0) str = &o->secret_word;
        else if (strcmp(a, "--model") == 0) str = &o->model;
        else if (strcmp(a, "--public-url") == 0) str = &o->public_url;
        else if (strcmp(a, "--smtp") == 0) str = &o->smtp;
        else if (strcmp(a, "--mail-from") == 0) str = &o->mail_from;
        else if (strcmp(a, "--signatures") == 0) str = &o->signatures;
        else if (strcmp(a, "--test-orders") == 0) str = &o->test_orders;
        else if (strcmp(a, "--ipn-groups") == 0) str = &o->ipn_groups;
        else if (strcmp(a, "--channel") == 0) str = &o->channel;
        else if (strcmp(a, "--subject") == 0) str = &o->subject;
        else if (strcmp(a, "--state") == 0) str = &o->state;
        else if (strcmp(a, "--notify-timeout") == 0) num = &o->notify_timeout;
        else if (strcmp(a, "--id") == 0) num = &o->id;
        else if (strcmp(a, "--page") == 0) num = &o->page;
        else if (strcmp(a, "--limit") == 0) num = &o->limit;
        else if (strcmp(a, "--vendor") == 0) str = &o->vendor;
        else if (strcmp(a, "--company") == 0) str = &o->company;
        else if (strcmp(a, "--email") == 0) str = &o->email;
        else if (strcmp(a, "--currency") == 0) str = &o->currency;
        else if (strcmp(a, "--language") == 0) str = &o->language;
        else if (strcmp(a, "--country") == 0) str = &o->country;
        else if (strcmp(a, "--list") == 0) str = &o->list;
        else if (strcmp(a, "--discount") == 0) str = &o->discount;
        else if (strcmp(a, "--credit-limit") == 0) str = &o->credit_limit;
        else if (strcmp(a, "--threads") == 0) num = &o->threads;
        else if (strcmp(a, "--max-body") == 0) num = &o->max_body;
        else if (strcmp(a, "--timeout") == 0) num = &o->timeout;
        else if (strcmp(a, "--auth-window") == 0) num = &o->auth_window;
        else if (strcmp(a, "--max-connections") == 0) num = &o->max_conns;
        else if (strcmp(a, "--max-connections-per-ip") == 0) num = &o->max_per_ip;
        else if (strcmp(a, "--header-timeout") == 0) num = &o->header_timeout;
        else if (strcmp(a, "--min-body-rate") == 0) num = &o->min_body_rate;
        else if (strcmp(a, "--workers") == 0) num = &o->workers;
        else if (strcmp(a, "--job-lease") == 0) num = &o->job_lease;
        else if (strcmp(a, "--subscription-delay") == 0) num = &o->subscription_delay;
        else if (strcmp(a, "--days") == 0) num = &o->days;
        else if (strcmp(a, "--hours") == 0) num = &o->hours;
        else if (strcmp(a, "--minutes") == 0) num = &o->minutes;
        else if (strcmp(a, "--seconds") == 0) num = &o->seconds;
        else {
            fprintf(stderr, "kassa: unknown option '%s'\n", a);
            return -1;
        }
        if (!v) {
            fprintf(stderr, "kassa: %s needs a value\n", a);
            return -1;
        }
        if (str)
            *str = v;
        else if (parse_long(v, num)) {
            fprintf(stderr, "kassa: %s needs a non-negative number\n", a);
            return -1;
        }
        i++;
    }
    if (!o->db)
        o->db = getenv("KASSA_DB");
    if (!o->listen)
        o->listen = getenv("KASSA_LISTEN");
    if (!o->admin_token)
        o->admin_token = getenv("KASSA_ADMIN_TOKEN");
    if (!o->public_url)
        o->public_url = getenv("KASSA_PUBLIC_URL");
    if (!o->smtp)
        o->smtp = getenv("KASSA_SMTP");
    return 0;
}

static int open_store(ks_store **s, const opts *o)
{
    ks_err err;
    if (!o->db) {
        fprintf(stderr, "kassa: no database: give --db sqlite:PATH or set KASSA_DB\n");
        return -1;
    }
    if (ks_store_open(s, o->db, &err)) {
        fprintf(stderr, "kassa: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static ks_config default_config(const opts *o)
{
    ks_config c = {.auth_window_s = 600, .session_ttl_s = 600};
    c.job_kinds = ks_job_kinds; /* the kinds of every module (job_kinds.h) */
    c.n_job_kinds = ks_job_kinds_count;
    if (o->auth_window >= 0)
        c.auth_window_s = (int)o->auth_window;
    if (o->job_lease > 0)
        c.job_lease_s = (int)o->job_lease;
    c.public_url = o->public_url;
    /* orders notify (IPN) through the notification module, deliveries go through libcurl */
    c.order_written = ks_notify_order;
    c.subscription_changed = ks_notify_subscription;
    c.transport = o->transport;
    return c;
}

/* --- serve ------------------------------------------------------------------------------- */

static int cmd_serve(opts *o)
{
    ks_store *store = NULL;
    ks_server *srv = NULL;
    ks_job_workers *workers = NULL;
    ks_err err;
    sigset_t set;
    int n_workers = o->workers >= 0 ? (int)o->workers : 1;
    char public_url[96];
    int sig = 0;
    ks_server_opts so = {.host = "127.0.0.1",
                         .port = 8080,
                         .threads = o->threads >= 0 ? (int)o->threads : 4,
                         .max_body = o->max_body >= 0 ? (size_t)o->max_body : 1024 * 1024,
                         .limits = KS_HTTP_LIMITS_DEFAULT,
                         .max_connections = o->max_conns >= 0 ? (unsigned)o->max_conns : 4096,
                         .max_per_ip = o->max_per_ip >= 0 ? (unsigned)o->max_per_ip : 256,
                         .timeout_s = o->timeout >= 0 ? (unsigned)o->timeout : 30,
                         .header_timeout_s =
                             o->header_timeout >= 0 ? (unsigned)o->header_timeout : 10,
                         .min_body_rate =
                             o->min_body_rate >= 0 ? (unsigned)o->min_body_rate : 500};
    char host[64];
    if (o->listen) {
        const char *colon = strrchr(o->listen, ':');
        long port;
        if (!colon || (size_t)(colon - o->listen) >= sizeof host ||
            parse_long(colon + 1, &port) || port > 65535) {
            fprintf(stderr, "kassa: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
            return 2;
        }
        memcpy(host, o->listen, (size_t)(colon - o->listen));
        host[colon - o->listen] = '\0';
        so.host = host;
        so.port = (int)port;
    }
    if (so.threads < 1 || so.threads > 256 || so.max_body < 1 || so.timeout_s < 1 ||
        o->auth_window == 0 || so.header_timeout_s < 1) {
        fprintf(stderr, "kassa: --threads must be 1-256; --max-body, --timeout, "
                        "--header-timeout and --auth-window at least 1\n");
        return 2;
    }
    if (so.max_connections < 16 || so.max_connections > 1000000 || o->max_per_ip > 1000000 ||
        o->header_timeout > 86400 || o->timeout > 86400 || o->min_body_rate > 1000000000) {
        fprintf(stderr, "kassa: --max-connections must be 16-1000000, --max-connections-per-ip "
                        "at most 1000000 (0: no limit), the timeouts at most 86400\n");
        return 2;
    }
    if (n_workers > 16 || o->job_lease == 0 || o->job_lease > 86400) {
        fprintf(stderr, "kassa: --workers must be 0-16 and --job-lease 1-86400\n");
        return 2;
    }
    ks_log_set_quiet(o->quiet);
    if (open_store(&store, o))
        return 1;
    ks_app app = {.store = store, .cfg = default_config(o), .admin_token = o->admin_token};
    if (!app.cfg.public_url) {
        snprintf(public_url, sizeof public_url, "http://%s:%d", so.host, so.port);
        app.cfg.public_url = public_url;
    }
    if (app.admin_token && strlen(app.admin_token) < 8) {
        fprintf(stderr, "kassa: --admin-token must be at least 8 characters\n");
        ks_store_close(store);
        return 2;
    }
    /* the server's threads inherit this mask, so only sigwait below sees the signals */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    app.auth_cache = ks_auth_cache_new(KS_AUTH_CACHE_TTL_MS);
    app.answers = ks_answers_new(KS_ANSWERS_SLOTS);
    if (ks_server_start(&srv, &app, &so, &err)) {
        fprintf(stderr, "kassa: %s\n", err.msg);
        ks_auth_cache_free(app.auth_cache);
        ks_answers_free(app.answers);
        ks_store_close(store);
        return 1;
    }
    /* the workers run the jobs that fall due as real time passes (clock advances run theirs) */
    if (n_workers > 0 && ks_job_workers_start(&workers, store, &app.cfg, n_workers, 200, &err)) {
        fprintf(stderr, "kassa: %s\n", err.msg);
        ks_server_stop(srv, 0);
        ks_auth_cache_free(app.auth_cache);
        ks_answers_free(app.answers);
        ks_store_close(store);
        return 1;
    }
    ks_log_warn("kassa %s serving on http://%s:%d (store %s, %d threads, %d job worker%s%s)",
                KASSA_VERSION, so.host, ks_server_port(srv), store->ops->name, so.threads,
                n_workers, n_workers == 1 ? "" : "s", app.admin_token ? ", control API on" : "");
    sigwait(&set, &sig);
    ks_log_warn("kassa: %s received, finishing requests and jobs in flight",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
    ks_server_stop(srv, 30);
    ks_job_workers_stop(workers);
    ks_auth_cache_free(app.auth_cache);
    ks_answers_free(app.answers);
    ks_store_close(store);
    ks_log_warn("kassa: stopped");
    return 0;
}

/* --- vendor ------------------------------------------------------------------------------ */

static void print_json(json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2));
    puts(s);
    free(s);
    json_decref(j);
}

/* The vendor as JSON (ks_ops_vendor_json: with its notification settings), its secret masked
 * unless reveal (a short secret shows none of it), with its tax categories (the values of
 * ProductTaxCategoryUUID). */
static int print_vendor(ks_ctx *ctx, const ks_vendor *v, int reveal, ks_err *err)
{
    char masked[16];
    ks_tax_category *cats;
    size_t n;
    ctx->vendor = v;
    if (ks_tax_category_list(&cats, &n, ctx, err))
        return -1;
    int shown = (int)(strlen(v->secret) / 4);
    snprintf(masked, sizeof masked, "%.*s********", shown > 4 ? 4 : shown, v->secret);
    json_t *tax = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(tax, json_pack("{s:s, s:s, s:s, s:b}", "UUID", cats[i].uuid, "Code",
                                             cats[i].code, "Name", cats[i].name, "Default",
                                             cats[i].is_default));
    json_t *j = ks_ops_vendor_json(ctx->arena, v, reveal ? v->secret : masked);
    json_object_set_new(j, "TaxCategories", tax);
    print_json(j);
    return 0;
}

/* "a,b,c" as an arena array. Returns 1 (given). */
static int split_list(const char ***out, size_t *n, ks_arena *a, const char *s)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',';
    const char **list = ks_arena_alloc(a, cap * sizeof *list);
    *n = 0;
    for (const char *p = s;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len)
            list[(*n)++] = ks_arena_strndup(a, p, len);
        if (!e)
            break;
        p = e + 1;
    }
    *out = list;
    return 1;
}

static int cmd_vendor(const char *sub, opts *o)
{
    ks_store *store = NULL;
    ks_err err;
    int rc = 1;
    ks_arena *a = ks_arena_new();
    ks_config cfg = default_config(o);
    ks_ctx ctx = {.arena = a, .cfg = &cfg};
    if (open_store(&store, o))
        goto done;
    ctx.store = store;
    if (strcmp(sub, "add") == 0) {
        ks_model model = KS_MODEL_MOR;
        ks_vendor v;
        if (!o->code || (o->model && ks_model_parse(&model, o->model))) {
            fprintf(stderr, "kassa: vendor add needs --code CODE and --model mor|psp if any\n");
            rc = 2;
            goto done;
        }
        if (ks_vendor_create(&v, &ctx, o->code, o->secret, o->secret_word, model,
                             o->subscription_delay >= 0 ? (int)o->subscription_delay
                                                        : KS_VENDOR_DELAY_DEFAULT,
                             &err)) {
            fprintf(stderr, "kassa: %s\n", err.msg);
            goto done;
        }
        printf("merchant code: %s\nsecret key:    %s\nsecret word:   %s\nmodel:         %s\n",
               v.code, v.secret, v.secret_word, ks_model_name(v.model));
    } else if (strcmp(sub, "list") == 0) {
        ks_vendor *list;
        size_t n;
        if (store->ops->vendor_list(store, a, &list, &n, &err)) {
            fprintf(stderr, "kassa: %s\n", err.msg);
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s\n", list[i].code, ks_model_name(list[i].model));
    } else if (strcmp(sub, "show") == 0) {
        ks_vendor v;
        if (!o->code) {
            fprintf(stderr, "kassa: vendor show needs --code CODE\n");
            rc = 2;
            goto done;
        }
        if (store->ops->vendor_by_code(store, a, o->code, &v, &err)) {
            fprintf(stderr, "kassa: %s\n", err.msg);
            goto done;
        }
        if (print_vendor(&ctx, &v, o->reveal, &err)) {
            fprintf(stderr, "kassa: %s\n", err.msg);
            goto done;
        }
    } else if (strcmp(sub, "set") == 0) {
        ks_vendor v;
        ks_notify_in in = {0};
        if (!o->code) {
            fprintf(stderr, "kassa: vendor set needs --code CODE\n");
            rc = 2;
            goto done;
        }
        if (o->n_ipn_urls || o->no_ipn_urls) {
            in.has_ipn_urls = 1;
            in.ipn_urls = o->ipn_urls;
            in.n_ipn_urls = (size_t)o->n_ipn_urls;
        }
        if (o->n_lcn_urls || o->no_lcn_urls) {
            in.has_lcn_urls = 1;
            in.lcn_urls = o->lcn_urls;
            in.n_lcn_urls = (size_t)o->n_lcn_urls;
        }
        if (o->signatures)
            in.has_signatures = split_list(&in.signatures, &in.n_signatures, a, o->signatures);
        if (o->ipn_groups)
            in.has_ipn_groups = split_list(&in.ipn_groups, &in.n_ipn_groups, a, o->ipn_groups);
        if (o->test_orders) {
            if (strcmp(o->test_orders, "yes") && strcmp(o->test_orders, "no")) {
                fprintf(stderr, "kassa: --test-orders wants yes or no\n");
                rc = 2;
                goto done;
            }
            in.has_test_orders = 1;
            in.test_orders = strcmp(o->test_orders, "yes") == 0;
        }
        if (store->ops->vendor_by_code(store, a, o->code, &v, &err) ||
            ks_notify_configure(&ctx, &v, &in, &err)) {
            fprintf(stderr, "kassa: %s: %s\n", ks_err_name(err.code), err.msg);
            goto done;
        }
        if (print_vendor(&ctx, &v, 0, &err)) {
            fprintf(stderr, "kassa: %s\n", err.msg);
            goto done;
        }
    } else if (strcmp(sub, "seed-demo") == 0) {
        ks_vendor v;
        int created;
        if (!o->code) {
            fprintf(stderr, "kassa: vendor seed-demo needs --code CODE\n");
            rc = 2;
            goto done;
        }
        if (store->ops->vendor_by_code(store, a, o->code, &v, &err)) {
            fprintf(stderr, "kassa: %s\n", err.msg);
            goto done;
        }
        ctx.vendor = &v;
        if (ks_demo_seed(&created, &ctx, &err)) {
            fprintf(stderr, "kassa: %s: %s\n", ks_err_name(err.code), err.msg);
            goto done;
        }
        printf("demo catalog of %s: %d objects created\n", v.code, created);
    } else {
        usage(stderr);
        rc = 2;
        goto done;
    }
    rc = 0;
done:
    ks_store_close(store);
    ks_arena_free(a);
    return rc;
}

/* --- partners ---------------------------------------------------------------------------- */

static void print_partner(const ks_partner *p)
{
    char limit[32];
    ks_money_format(limit, p->credit_limit, p->currency);
    json_t *lists = json_array();
    for (size_t i = 0; i < p->n_lists; i++) {
        json_t *items = json_array();
        for (size_t k = 0; k < p->lists[i].n_items; k++) {
            const ks_pricing_list_item *it = &p->lists[i].items[k];
            char v[32];
            ks_dec_format(v, it->has_price ? it->price.amount : it->discount);
            json_array_append_new(items, it->has_price
                                             ? json_pack("{s:s, s:s, s:s}", "ProductCode",
                                                         it->product_code, "Price", v,
                                                         "Currency", it->price.currency)
                                             : json_pack("{s:s, s:s}", "ProductCode",
                                                         it->product_code, "Discount", v));
        }
        json_array_append_new(lists, json_pack("{s:s, s:s, s:o}", "Code", p->lists[i].code,
                                               "Name", p->lists[i].name, "Products", items));
    }
    json_t *j = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:b, s:s, s:s, s:o}", "PartnerCode",
                          p->code, "CompanyName", p->company, "Email", p->email,
                          "CommunicationLanguage", p->language, "Currency", p->currency,
                          "Country", p->country, "Active", p->active, "BusinessModel",
                          ks_partner_model_name(p->model), "CreditLimit", limit,
                          "PricingLists", lists);
    char *s = json_dumps(j, JSON_INDENT(2));
    puts(s);
    free(s);
    json_decref(j);
}

static int cmd_partner(const char *sub, opts *o)
{
    ks_store *store = NULL;
    ks_err err;
    int rc = 1;
    ks_arena *a = ks_arena_new();
    ks_config cfg = default_config(o);
    ks_ctx ctx = {.arena = a, .cfg = &cfg};
    ks_partner p;
    memset(&p, 0, sizeof p);
    if (!o->vendor) {
        fprintf(stderr, "kassa: partner %s needs --vendor CODE\n", sub);
        rc = 2;
        goto done;
    }
    if (open_store(&store, o))
        goto done;
    ctx.store = store;
    if (ks_vendor_use(&ctx, o->vendor, &err))
        goto fail;
    if (strcmp(sub, "add") == 0) {
        ks_dec discount = 0, limit = 0;
        ks_pricing_list *l = ks_arena_alloc(a, sizeof *l);
        if (!o->code || !o->company || (o->model && ks_partner_model_parse(&p.model, o->model)) ||
            (o->discount && ks_dec_parse(&discount, o->discount)) ||
            (o->credit_limit && ks_dec_parse(&limit, o->credit_limit))) {
            fprintf(stderr, "kassa: partner add needs --code and --company; --model is reseller "
                            "or direct, --discount and --credit-limit are numbers\n");
            rc = 2;
            goto done;
        }
        p.code = o->code;
        p.company = o->company;
        p.email = o->email;
        p.currency = o->currency;
        p.language = o->language;
        p.country = o->country;
        p.active = !o->inactive;
        const char *list = o->list ? o->list : ks_arena_printf(a, "%s-LIST", o->code);
        if (ks_pricing_list_of_catalog(l, &ctx, list, discount, &err))
            goto fail;
        p.lists = l;
        p.n_lists = 1;
        p.credit_limit_in = limit;
        if (ks_partner_create(&ctx, &p, &err) || ks_partner_get(&p, &ctx, o->code, &err))
            goto fail;
        print_partner(&p);
    } else if (strcmp(sub, "list") == 0) {
        ks_partner *list;
        size_t n;
        if (ks_partner_list(&list, &n, &ctx, NULL, &err))
            goto fail;
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s\t%s\t%s\t%s\n", list[i].code, list[i].company, list[i].currency,
                   ks_partner_model_name(list[i].model), list[i].active ? "active" : "inactive");
    } else if (strcmp(sub, "show") == 0) {
        if (!o->code) {
            fprintf(stderr, "kassa: partner show needs --code PARTNER\n");
            rc = 2;
            goto done;
        }
        if (ks_partner_get(&p, &ctx, o->code, &err))
            goto fail;
        print_partner(&p);
    } else {
        usage(stderr);
        rc = 2;
        goto done;
    }
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "kassa: %s: %s\n", ks_err_name(err.code), err.msg);
done:
    ks_store_close(store);
    ks_arena_free(a);
    return rc;
}

/* --- clock ------------------------------------------------------------------------------- */

/* How far `clock advance` is: a year of renewals takes a while. */
static void print_advance(ks_time reached, ks_time target, int64_t jobs_run)
{
    char r[KS_TIME_STR_MAX], t[KS_TIME_STR_MAX];
    ks_time_format(r, reached, 0);
    ks_time_format(t, target, 0);
    fprintf(stderr, "kassa: clock advance: %s of %s, jobs run: %lld\n", r, t, (long long)jobs_run);
}

static int cmd_clock(const char *sub, opts *o)
{
    ks_store *store = NULL;
    ks_err err;
    int rc = 1;
    ks_arena *a = ks_arena_new();
    ks_config cfg = default_config(o);
    ks_ctx ctx = {.arena = a, .cfg = &cfg};
    ks_time now;
    int64_t off;
    cfg.advance_progress = print_advance;
    char s[KS_TIME_STR_MAX];
    if (open_store(&store, o))
        goto done;
    ctx.store = store;
    if (strcmp(sub, "advance") == 0) {
        int64_t secs = o->days * 86400 + o->hours * 3600 + o->minutes * 60 + o->seconds;
        if (ks_jobs_advance(&ctx, secs, &err)) {
            fprintf(stderr, "kassa: %s\n", err.msg);
            goto done;
        }
    } else if (strcmp(sub, "show") != 0) {
        usage(stderr);
        rc = 2;
        goto done;
    }
    if (ks_clock_now(&now, &ctx, &err) || ks_clock_offset(&off, &ctx, &err)) {
        fprintf(stderr, "kassa: %s\n", err.msg);
        goto done;
    }
    ks_time_format(s, now, 0);
    printf("now (UTC): %s\noffset:    %lld seconds\n", s, (long long)off);
    rc = 0;
done:
    ks_store_close(store);
    ks_arena_free(a);
    return rc;
}

/* --- notifications ----------------------------------------------------------------------- */

static int cmd_notifications(const char *sub, opts *o)
{
    ks_store *store = NULL;
    ks_err err;
    int rc = 1;
    ks_arena *a = ks_arena_new();
    ks_config cfg = default_config(o);
    ks_ctx ctx = {.arena = a, .cfg = &cfg};
    if (open_store(&store, o))
        goto done;
    ctx.store = store;
    if (!o->code) {
        fprintf(stderr, "kassa: notifications %s needs --code CODE\n", sub);
        rc = 2;
        goto done;
    }
    if (ks_vendor_use(&ctx, o->code, &err))
        goto fail;
    if (strcmp(sub, "list") == 0) {
        ks_notice *list;
        size_t n;
        int64_t total;
        ks_notice_query q = {.channel = o->channel,
                             .subject = o->subject,
                             .page = o->page >= 0 ? o->page : 1,
                             .limit = o->limit >= 0 ? o->limit : 50};
        if (o->state && ks_notice_state_parse(&q.state, o->state)) {
            fprintf(stderr, "kassa: --state wants PENDING, DELIVERED or FAILED\n");
            rc = 2;
            goto done;
        }
        q.has_state = o->state != NULL;
        if (ks_notify_list(&list, &n, &total, &ctx, &q, &err))
            goto fail;
        for (size_t i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", (long long)list[i].id, list[i].channel,
                   list[i].message_id, list[i].subject ? list[i].subject : "",
                   list[i].event ? list[i].event : "", ks_notice_state_name(list[i].state),
                   list[i].attempts, list[i].url);
        printf("(%zu of %lld)\n", n, (long long)total);
    } else if (strcmp(sub, "show") == 0 || strcmp(sub, "replay") == 0) {
        ks_notice n;
        if (o->id <= 0) {
            fprintf(stderr, "kassa: notifications %s needs --id N\n", sub);
            rc = 2;
            goto done;
        }
        if ((sub[0] == 'r' && ks_notify_replay(&ctx, o->id, &err)) ||
            ks_notify_get(&n, &ctx, o->id, &err))
            goto fail;
        char created[KS_TIME_STR_MAX];
        ks_time_format(created, n.created, 0);
        printf("id:         %lld\nchannel:    %s\nmessage id: %s\nsubject:    %s\nevent:      "
               "%s\nurl:        %s\nstate:      %s\ncreated:    %s (UTC)\nbody:       %s\n",
               (long long)n.id, n.channel, n.message_id, n.subject ? n.subject : "",
               n.event ? n.event : "", n.url, ks_notice_state_name(n.state), created, n.body);
        for (size_t i = 0; i < n.n_tries; i++) {
            char at[KS_TIME_STR_MAX];
            ks_time_format(at, n.tries[i].at, 0);
            printf("attempt %d:  %s  %s  HTTP %d  %.80s\n", n.tries[i].n, at, n.tries[i].outcome,
                   n.tries[i].http_status, n.tries[i].answer ? n.tries[i].answer : "");
        }
    } else {
        usage(stderr);
        rc = 2;
        goto done;
    }
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "kassa: %s: %s\n", ks_err_name(err.code), err.msg);
done:
    ks_store_close(store);
    ks_arena_free(a);
    return rc;
}

int main(int argc, char **argv)
{
    opts o = {.subscription_delay = -1,
              .threads = -1,
              .max_body = -1,
              .timeout = -1,
              .auth_window = -1,
              .workers = -1,
              .job_lease = -1,
              .max_conns = -1,
              .max_per_ip = -1,
              .header_timeout = -1,
              .min_body_rate = -1,
              .notify_timeout = -1,
              .id = -1,
              .page = -1,
              .limit = -1};
    ks_transport transport;
    int rc = 2;
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        puts("kassa " KASSA_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    int sub = strcmp(cmd, "vendor") == 0 || strcmp(cmd, "clock") == 0 ||
              strcmp(cmd, "notifications") == 0 || strcmp(cmd, "partner") == 0;
    if (sub && argc < 3) {
        usage(stderr);
        return 2;
    }
    if (parse_opts(&o, argc - 2 - sub, argv + 2 + sub))
        return 2;
    /* webhooks and mail leave through libcurl: serve and clock advance deliver what falls due */
    ks_curl_options co = {.timeout_ms = o.notify_timeout > 0 ? o.notify_timeout * 1000 : 0,
                          .smtp_url = o.smtp,
                          .mail_from = o.mail_from};
    co.connect_timeout_ms = co.timeout_ms && co.timeout_ms < 5000 ? co.timeout_ms : 0;
    if (ks_curl_transport_init(&transport, &co)) {
        fprintf(stderr, "kassa: cannot initialise libcurl\n");
        return 1;
    }
    o.transport = &transport;
    if (strcmp(cmd, "serve") == 0)
        rc = cmd_serve(&o);
    else if (strcmp(cmd, "migrate") == 0) {
        ks_store *s;
        rc = 1;
        if (open_store(&s, &o) == 0) {
            ks_store_close(s);
            puts("database is up to date");
            rc = 0;
        }
    } else if (strcmp(cmd, "vendor") == 0)
        rc = cmd_vendor(argv[2], &o);
    else if (strcmp(cmd, "clock") == 0)
        rc = cmd_clock(argv[2], &o);
    else if (strcmp(cmd, "partner") == 0)
        rc = cmd_partner(argv[2], &o);
    else if (strcmp(cmd, "notifications") == 0)
        rc = cmd_notifications(argv[2], &o);
    else
        usage(stderr);
    ks_curl_transport_cleanup(&transport);
    return rc;
}

