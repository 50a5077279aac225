/* harness.c — the shared fixture of the request fuzzers: a store with a vendor, a session and a
 * lead, requests built as the server builds them, and a reset of the database after any input
 * that changed it, so that every input runs against the same data and the file stays small. */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/parse.h"
#include "http/router.h"

#include "core/crypto.h"
#include "core/log.h"
#include "domain/auth.h"
#include "domain/console.h"
#include "domain/demo.h"
#include "domain/job_kinds.h"
#include "domain/lead.h"
#include "http/router.h"
#include "store/store.h"

static ks_app app;
static sqlite3 *fixture_db; /* our own connection: snapshot and restore */
static int64_t data_version;
static char db_path[256];
static char console_cookie[256], console_csrf[KS_CONSOLE_SID_LEN + 1];
static int verbose; /* KS_FUZZ_VERBOSE=1: print each response, to read what an input reaches */

typedef struct {
    ks_fuzz_auth auth;
    const char *raw;
} conn_info;

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "fuzz harness: %s: %s\n", what, msg);
    abort();
}

static void remove_db(void)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    char p[300];
    ks_store_close(app.store);
    app.store = NULL;
    sqlite3_close(fixture_db);
    fixture_db = NULL;
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(p, sizeof p, "%s%s", db_path, suffix[i]);
        unlink(p);
    }
}

static void exec(const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(fixture_db, sql, NULL, NULL, &msg) != SQLITE_OK)
        die(sql, msg ? msg : "?");
}

static int64_t current_data_version(void)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(fixture_db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Runs fmt (SQL naming the table with up to three %s) for every data table of the schema,
 * whatever the migrations have added. */
static void for_each_table(const char *fmt)
{
    sqlite3_stmt *st = NULL;
    char *sql = NULL;
    size_t cap = 0, len = 0;
    if (sqlite3_prepare_v2(fixture_db,
                           "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite_%' AND name <> 'schema_version' ORDER BY name",
                           -1, &st, NULL) != SQLITE_OK)
        die("tables", sqlite3_errmsg(fixture_db));
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        int n = snprintf(NULL, 0, fmt, t, t, t);
        if (len + (size_t)n + 1 > cap) {
            cap = (len + (size_t)n + 1) * 2;
            if (!(sql = realloc(sql, cap)))
                abort();
        }
        snprintf(sql + len, cap - len, fmt, t, t, t);
        len += (size_t)n;
    }
    sqlite3_finalize(st);
    if (sql)
        exec(sql);
    free(sql);
}

/* Puts every table back as it was after ks_fuzz_init when some input committed a change. */
static void restore_if_changed(void)
{
    int64_t v = current_data_version();
    if (v == data_version)
        return;
    exec("BEGIN IMMEDIATE");
    for_each_table("DELETE FROM main.\"%s\"; INSERT INTO main.\"%s\" SELECT * FROM "
                   "temp.\"snap_%s\";");
    exec("COMMIT");
    data_version = current_data_version();
}

static void fixture(void)
{
    ks_arena *a = ks_arena_new();
    ks_err err;
    ks_vendor v;
    ks_lead l;
    ks_address billing = {0};
    ks_lead_item item = {0};
    ks_ctx ctx = {.store = app.store, .arena = a, .cfg = &app.cfg};

    if (ks_vendor_create(&v, &ctx, KS_FUZZ_VENDOR, KS_FUZZ_SECRET, NULL, KS_MODEL_MOR, KS_VENDOR_DELAY_DEFAULT, &err))
        die("vendor", err.msg);
    ctx.vendor = &v;
    /* ten years: the fuzzers cannot move the clock that far (the control API is off on RPC) */
    if (app.store->ops->session_insert(app.store, KS_FUZZ_SESSION, v.id,
                                       ks_time_real_now() + 10 * 366 * 86400LL, &err))
        die("session", err.msg);
    memset(&l, 0, sizeof l);
    billing.first_name = "Ana";
    billing.last_name = "Pop";
    billing.email = "ana@example.com";
    billing.country_code = "RO";
    item.code = "my_subscription_1";
    item.quantity = 1;
    l.code = KS_FUZZ_LEAD;
    l.currency = "EUR";
    l.language = "en";
    l.billing = &billing;
    l.items = &item;
    l.n_items = 1;
    l.doc = "{\"Currency\":\"EUR\",\"Language\":\"en\",\"Items\":[{\"Code\":\"my_subscription_1\","
            "\"Quantity\":1}],\"BillingDetails\":{\"FirstName\":\"Ana\",\"LastName\":\"Pop\","
            "\"Email\":\"ana@example.com\",\"CountryCode\":\"RO\"}}";
    if (ks_lead_add(&ctx, &l, &err))
        die("lead", err.msg);
    /* the console: the demo catalog to show, and a session with its cookie and CSRF token */
    int created;
    char sid[KS_CONSOLE_SID_LEN + 1];
    ks_console_session cs;
    if (ks_demo_seed(&created, &ctx, &err))
        die("demo", err.msg);
    if (ks_console_login(sid, &ctx, app.admin_token, app.admin_token, &err) ||
        ks_console_session_get(&cs, &ctx, sid, &err))
        die("console session", err.msg);
    snprintf(console_csrf, sizeof console_csrf, "%s", cs.csrf);
    snprintf(console_cookie, sizeof console_cookie,
             "kassa_console=%s; kassa_console_login=" KS_FUZZ_CONSOLE_LOGIN, sid);
    ks_arena_free(a);
}

/* A crashing input ends the process without atexit handlers: the databases of fuzzers that
 * are gone (named kassa-fuzz-<pid>-...) are removed by the next one. */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    long pid;
    if (!d)
        return;
    while ((e = readdir(d)))
        if (sscanf(e->d_name, "kassa-fuzz-%ld-", &pid) == 1 && pid > 0 &&
            kill((pid_t)pid, 0) == -1 && errno == ESRCH) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    closedir(d);
}

void ks_fuzz_init(void)
{
    if (app.store)
        return;
    ks_err err;
    char url[300];
    /* tmpfs: every commit is synchronous=FULL, and fsync on a disk would be the fuzzers'
     * bottleneck; scripts/fuzz.sh points KS_FUZZ_DB_DIR at its own temporary directory */
    const char *dir = getenv("KS_FUZZ_DB_DIR");
    if (!dir || !*dir)
        dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    remove_stale(dir);
    snprintf(db_path, sizeof db_path, "%s/kassa-fuzz-%ld-XXXXXX", dir, (long)getpid());
    int fd = mkstemp(db_path);
    if (fd < 0)
        die("mkstemp", db_path);
    close(fd);
    ks_log_set_quiet(1);
    verbose = getenv("KS_FUZZ_VERBOSE") && *getenv("KS_FUZZ_VERBOSE") == '1';
    snprintf(url, sizeof url, "sqlite:%s", db_path);
    if (ks_store_open(&app.store, url, &err))
        die("store", err.msg);
    atexit(remove_db);
    app.cfg.auth_window_s = 600;
    app.cfg.session_ttl_s = 600;
    app.cfg.job_kinds = ks_job_kinds;
    app.cfg.n_job_kinds = ks_job_kinds_count;
    app.admin_token = KS_FUZZ_ADMIN_TOKEN;
    fixture();
    if (sqlite3_open(db_path, &fixture_db) != SQLITE_OK)
        die("open", db_path);
    sqlite3_busy_timeout(fixture_db, 10000);
    exec("PRAGMA synchronous=OFF");
    for_each_table("CREATE TEMP TABLE \"snap_%s\" AS SELECT * FROM main.\"%s\";");
    data_version = current_data_version();
}

const char *ks_fuzz_console_csrf(void)
{
    return console_csrf;
}

/* --- requests ---------------------------------------------------------------------------- */

static const char *signed_header(void)
{
    static char header[256];
    static ks_time signed_at;
    ks_time now = ks_time_real_now();
    if (now == signed_at)
        return header;
    char date[KS_TIME_STR_MAX], msg[128], mac[KS_HMAC_HEX_MAX];
    ks_time_format(date, now, 0);
    int n = snprintf(msg, sizeof msg, "%zu%s%zu%s", strlen(KS_FUZZ_VENDOR), KS_FUZZ_VENDOR,
                     strlen(date), date);
    if (ks_hmac_hex(mac, KS_HMAC_SHA256, KS_FUZZ_SECRET, strlen(KS_FUZZ_SECRET), msg,
                    (size_t)n))
        abort();
    snprintf(header, sizeof header, "code=\"%s\" date=\"%s\" hash=\"%s\" algo=\"sha256\"",
             KS_FUZZ_VENDOR, date, mac);
    signed_at = now;
    return header;
}

static const char *get_header(const ks_request *r, const char *name)
{
    const conn_info *c = r->conn;
    if (strcasecmp(name, "X-Avangate-Authentication") == 0)
        return c->auth == KS_FUZZ_AUTH_SIGNED ? signed_header()
               : c->auth == KS_FUZZ_AUTH_RAW  ? c->raw
                                              : NULL;
    if (strcasecmp(name, "Authorization") == 0)
        return "Bearer " KS_FUZZ_ADMIN_TOKEN;
    /* the buy-link signature API's JWT: the raw text too */
    if (strcasecmp(name, "merchant-token") == 0)
        return c->auth == KS_FUZZ_AUTH_RAW ? c->raw : NULL;
    if (strcasecmp(name, "Host") == 0)
        return "127.0.0.1:8080";
    if (strcasecmp(name, "Cookie") == 0)
        return console_cookie;
    return NULL;
}

void ks_fuzz_route(const char *method, const char *path, const char *query, const char *body,
                   size_t len, ks_fuzz_auth auth, const char *raw, size_t raw_len)
{
    ks_request req = {0};
    ks_response resp = {0};
    conn_info conn = {auth, NULL};
    char *copy = NULL;

    req.arena = ks_arena_new();
    req.app = &app;
    req.method = method;
    req.path = path;
    req.header = get_header;
    req.conn = &conn;
    req.op_index = -1;
    if (auth == KS_FUZZ_AUTH_RAW)
        conn.raw = ks_arena_strndup(req.arena, raw, raw_len);
    /* the query is parsed as the server parses it, with the server's limits */
    ks_kv *q = NULL;
    ks_err qerr;
    static const ks_http_limits limits = KS_HTTP_LIMITS_DEFAULT;
    if (query && ks_http_query_parse(&q, &req.nquery, req.arena, query, &limits, &qerr)) {
        ks_route_error(&req, &resp, &qerr);
        goto done;
    }
    req.query = q;
    if (body) {
        /* like the server, a NUL-terminated copy; malloc'd to its size, so that AddressSanitizer
         * sees a read past its end */
        if (!(copy = malloc(len + 1)))
            abort();
        memcpy(copy, body, len);
        copy[len] = '\0';
        req.body = copy;
        req.body_len = len;
    }
    ks_route(&req, &resp);
done:
    if (verbose)
        fprintf(stderr, "%s %s -> %d %.*s\n", method, path, resp.status,
                (int)(resp.len > 600 ? 600 : resp.len), resp.body ? resp.body : "");
    free(resp.body);
    free(copy);
    ks_arena_free(req.arena);
    restore_if_changed();
}
