/* server.c — libmicrohttpd glue. The only file that includes microhttpd.h.
 *
 * Per request: an arena (freed in the completion callback), the body accumulated up to
 * max_body (larger gets 413 and the rest is discarded), then one call to the router. One log
 * line per request: method, path, status, milliseconds, vendor — never a header value, a body
 * or a query string, so no secret or card number can reach the log. */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../core/buf.h"
#include "../core/log.h"
#include "../core/timeutil.h"
#include "metrics.h"
#include "router.h"

struct ks_server {
    struct MHD_Daemon *d;
    const ks_app *app;
    ks_server_opts opts;
    atomic_int active; /* requests between their headers and their completion */
    int port;
    pthread_mutex_t lock; /* guards fds */
    MHD_socket *fds;      /* the open client sockets, for the drain at stop */
    size_t nfds, fds_cap;
};

typedef struct {
    ks_request req;
    ks_buf body;
    int too_large;
    int status;
    uint64_t start_ns;
    ks_kv *query;
    size_t nquery, query_cap;
} conn_state;

static const char *get_header(const ks_request *r, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, name);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    conn_state *cs = cls;
    if (cs->nquery == 256)
        return MHD_NO; /* enough */
    if (cs->nquery == cs->query_cap) {
        size_t cap = cs->query_cap ? cs->query_cap * 2 : 8;
        ks_kv *q = ks_arena_alloc(cs->req.arena, cap * sizeof *q);
        if (cs->nquery)
            memcpy(q, cs->query, cs->nquery * sizeof *q);
        cs->query = q;
        cs->query_cap = cap;
    }
    cs->query[cs->nquery].key = ks_arena_strdup(cs->req.arena, key);
    cs->query[cs->nquery].value = ks_arena_strdup(cs->req.arena, value ? value : "");
    cs->nquery++;
    return MHD_YES;
}

static enum MHD_Result send_response(struct MHD_Connection *c, conn_state *cs, ks_response *resp)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        resp->len, resp->body ? resp->body : (void *)"", resp->body ? MHD_RESPMEM_MUST_FREE
                                                                      : MHD_RESPMEM_PERSISTENT);
    resp->body = NULL; /* MHD owns it now */
    if (!r)
        return MHD_NO;
    if (resp->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    if (resp->allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, resp->allow);
    if (resp->location)
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, resp->location);
    for (size_t i = 0; i < resp->nheaders; i++)
        MHD_add_response_header(r, resp->headers[i].key, resp->headers[i].value);
    cs->status = resp->status;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result too_large(struct MHD_Connection *c, conn_state *cs, size_t max)
{
    ks_response resp = {0};
    ks_err err;
    ks_err_setf(&err, KS_E_REQUEST_TOO_LARGE, "The request body is larger than %zu bytes", max);
    cs->req.op_index = -1;
    ks_route_error(&cs->req, &resp, &err);
    return send_response(c, cs, &resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    ks_server *s = cls;
    conn_state *cs = *con_cls;
    if (!cs) {
        cs = calloc(1, sizeof *cs);
        if (!cs)
            abort();
        cs->start_ns = ks_time_mono_ns();
        cs->req.arena = ks_arena_new();
        cs->req.app = s->app;
        cs->req.method = ks_arena_strdup(cs->req.arena, method);
        cs->req.path = ks_arena_strdup(cs->req.arena, url);
        cs->req.header = get_header;
        cs->req.conn = c;
        cs->req.op_index = -1;
        *con_cls = cs;
        atomic_fetch_add(&s->active, 1);
        /* refuse early when the client announces a body that is too large */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->opts.max_body) {
            cs->too_large = 1;
            return too_large(c, cs, s->opts.max_body);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!cs->too_large && cs->body.len + *upload_size > s->opts.max_body) {
            cs->too_large = 1;
            ks_buf_free(&cs->body);
        }
        if (!cs->too_large)
            ks_buf_add(&cs->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (cs->too_large)
        return cs->status ? MHD_YES : too_large(c, cs, s->opts.max_body);

    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, cs);
    cs->req.query = cs->query;
    cs->req.nquery = cs->nquery;
    cs->req.body = cs->body.data;
    cs->req.body_len = cs->body.len;
    ks_response resp = {0};
    ks_route(&cs->req, &resp);
    return send_response(c, cs, &resp);
}

/* Copies s into out[n] for the request log, percent-encoding control characters, spaces,
 * '%' and non-ASCII bytes: the path arrives URL-decoded and the vendor code unverified, so
 * either could otherwise split a line ("%0A") or forge a field ("X vendor=Y"). Truncates. */
static const char *log_escape(char *out, size_t n, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (; s && *s && o + 4 <= n; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch <= ' ' || ch >= 0x7f || ch == '%') {
            out[o++] = '%';
            out[o++] = hex[ch >> 4];
            out[o++] = hex[ch & 15];
        } else {
            out[o++] = (char)ch;
        }
    }
    out[o] = '\0';
    return out;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    ks_server *s = cls;
    conn_state *cs = *con_cls;
    char method[24], path[256], vendor[96];
    if (!cs)
        return;
    uint64_t ns = ks_time_mono_ns() - cs->start_ns;
    log_escape(method, sizeof method, cs->req.method);
    log_escape(path, sizeof path, cs->req.path);
    if (cs->status) {
        ks_metrics_observe(cs->req.op_index, cs->status, ns);
        ks_log_info("%s %s %d %.3fms vendor=%s%s", method, path, cs->status, (double)ns / 1e6,
                    cs->req.vendor_code ? log_escape(vendor, sizeof vendor, cs->req.vendor_code)
                                        : "-",
                    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    } else {
        ks_log_info("%s %s closed before an answer (%s)", method, path,
                    toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timeout" : "client gone");
    }
    ks_buf_free(&cs->body);
    ks_arena_free(cs->req.arena);
    free(cs);
    *con_cls = NULL;
    atomic_fetch_sub(&s->active, 1);
}

/* Keeps the list of open client sockets (libmicrohttpd notifies before it closes one). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)socket_context;
    ks_server *s = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci)
        return;
    pthread_mutex_lock(&s->lock);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        if (s->nfds == s->fds_cap) {
            s->fds_cap = s->fds_cap ? s->fds_cap * 2 : 64;
            s->fds = realloc(s->fds, s->fds_cap * sizeof *s->fds);
            if (!s->fds)
                abort();
        }
        s->fds[s->nfds++] = ci->connect_fd;
    } else {
        for (size_t i = 0; i < s->nfds; i++)
            if (s->fds[i] == ci->connect_fd) {
                s->fds[i] = s->fds[--s->nfds];
                break;
            }
    }
    pthread_mutex_unlock(&s->lock);
}

/* 1 while a request is in flight: being served, or sent by a client and still unread in its
 * socket (a keep-alive client may have sent it just before the stop signal). */
static int busy(ks_server *s)
{
    int b = atomic_load(&s->active) > 0;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nfds && !b; i++) {
        int n = 0;
        b = ioctl(s->fds[i], FIONREAD, &n) == 0 && n > 0;
    }
    pthread_mutex_unlock(&s->lock);
    return b;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && line[n - 1] == '\n')
        line[--n] = '\0';
    ks_log_warn("http: %s", line);
}

int ks_server_start(ks_server **out, const ks_app *app, const ks_server_opts *o, ks_err *err)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->host, &addr.sin_addr) != 1)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "Cannot listen on '%.64s': not an IPv4 address",
                           o->host);
    ks_server *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->app = app;
    s->opts = *o;
    pthread_mutex_init(&s->lock, NULL);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG;
    /* No MHD_OPTION_LISTENING_ADDRESS_REUSE: its "yes" is SO_REUSEPORT, with which a second
     * kassa (perhaps on another database) silently shares the port instead of failing. Left
     * unset, libmicrohttpd uses plain SO_REUSEADDR, enough to restart over TIME_WAIT. */
    s->d = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
        NULL, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads, MHD_OPTION_CONNECTION_LIMIT,
        o->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, o->max_header, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_END);
    if (!s->d) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        return ks_err_setf(err, KS_E_INTERNAL_ERROR, "Cannot listen on %s:%d (address in use?)",
                           o->host, o->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    *out = s;
    return 0;
}

int ks_server_port(const ks_server *s) { return s->port; }

void ks_server_stop(ks_server *s, int grace_s)
{
    if (!s)
        return;
    MHD_socket l = MHD_quiesce_daemon(s->d); /* no new connections from here on */
    if (l != MHD_INVALID_SOCKET)
        close(l);
    /* Idle three checks in a row: a worker that has just read a request out of its socket
     * takes a moment to count it as active. */
    int idle = 0;
    for (int i = 0; i < grace_s * 100 && idle < 3; i++) {
        idle = busy(s) ? 0 : idle + 1;
        usleep(10000);
    }
    MHD_stop_daemon(s->d);
    pthread_mutex_destroy(&s->lock);
    free(s->fds);
    free(s);
}
