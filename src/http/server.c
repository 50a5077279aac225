/* server.c — libmicrohttpd glue. The only file that includes microhttpd.h.
 *
 * Per request: an arena (the connection's, reset in the completion callback), the body
 * accumulated up to max_body (larger gets 413 once the rest is read and discarded, up to a
 * bound), then one call to the router. One log line per request: method, path, status,
 * milliseconds, vendor — never a header value, a body or a query string, so no secret or card
 * number can reach the log.
 *
 * Per connection: a record in a list, from libmicrohttpd's "started" notification to its
 * "closed" one, with the phase the connection is in (waiting for headers, receiving a body,
 * being answered) and since when. A reaper thread walks the list fifty times a second and closes
 * what overstays: headers slower than --header-timeout, bodies slower than --min-body-rate (with
 * a 408 in the surface's error form). libmicrohttpd 0.9.75 has only an inactivity timeout, which
 * a client that trickles a byte now and then never meets. */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../core/buf.h"
#include "../core/log.h"
#include "../core/timeutil.h"
#include "metrics.h"
#include "router.h"

/* An over-long body is read and thrown away, up to this many bytes, before the 413 is sent: a
 * client that writes its whole body before reading (Python's http.client) would otherwise find
 * the connection reset and never see the answer. Beyond it, the 413 goes at once. */
#define DISCARD_MAX ((uint64_t)64 * 1024 * 1024)
/* The reaper's period, and how many connections it closes at most per pass: closing one is a
 * shutdown() under the list's lock, so a thousand attackers that expire together are closed
 * over a few passes (at up to 800 a second) rather than in one pass that holds every worker
 * waiting on the lock. */
#define REAP_NS  (20 * 1000000ull)
#define REAP_MAX 16

typedef enum { PH_HEADERS, PH_BODY, PH_ANSWER } phase;

/* One per TCP connection, guarded by ks_server.lock. */
typedef struct conn {
    struct conn *prev, *next; /* oldest first */
    MHD_socket fd;
    phase ph;
    uint64_t since_ns; /* when the phase began */
    uint64_t body_bytes;
    unsigned answered; /* requests answered on this connection */
    int reaped;        /* the server closed it: no more calls into the router */
    const char *path;  /* PH_BODY: the request's path (its arena), for the 408 */
    /* the arena its requests use in turn, reset between them: a request costs no malloc of
     * its own (only the connection's thread touches it, so not under the lock) */
    ks_arena *arena;
} conn;

struct ks_server {
    struct MHD_Daemon *d;
    const ks_app *app;
    ks_server_opts opts;
    atomic_int active; /* requests between their headers and their completion */
    int port;
    pthread_mutex_t lock; /* guards the connection list */
    conn *head, *tail;
    size_t nconns;
    pthread_t reaper;
    pthread_cond_t stop_cond;
    int stopping;
    atomic_int draining; /* stopping: new connections are closed as they are accepted */
};

typedef struct {
    ks_request req;
    ks_buf body;
    const char *raw_uri; /* as received, still percent-encoded, up to a NUL byte if any */
    const char *uri_at;  /* where libmicrohttpd's request line holds it */
    conn *cn;
    int too_large;
    int status;
    uint64_t start_ns, discarded;
} conn_state;

static const char *get_header(const ks_request *r, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, name);
}

/* --- connections ------------------------------------------------------------------------ */

static conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Moves a connection to a phase. Returns 1 if the reaper has closed it meanwhile. */
static int enter(ks_server *s, conn *cn, phase ph, const char *path)
{
    if (!cn)
        return 0;
    pthread_mutex_lock(&s->lock);
    if (cn->ph != ph || ph == PH_HEADERS) {
        cn->ph = ph;
        cn->since_ns = ks_time_mono_ns();
        cn->body_bytes = 0;
    }
    if (ph == PH_HEADERS)
        cn->answered++;
    cn->path = ph == PH_BODY ? path : NULL;
    int reaped = cn->reaped;
    pthread_mutex_unlock(&s->lock);
    return reaped;
}

/* Counts body bytes; returns 1 if the reaper has closed the connection. */
static int got_body(ks_server *s, conn *cn, size_t n)
{
    if (!cn)
        return 0;
    pthread_mutex_lock(&s->lock);
    cn->body_bytes += n;
    int reaped = cn->reaped;
    pthread_mutex_unlock(&s->lock);
    return reaped;
}

/* Closes a connection under s->lock: shutting the socket down makes libmicrohttpd's next read
 * see the end and close it on its own thread; the descriptor stays valid until the "closed"
 * notification, which takes the same lock. */
static void reap(conn *cn, ks_close_reason why)
{
    cn->reaped = 1;
    shutdown(cn->fd, SHUT_RDWR);
    ks_metrics_closed(why);
}

/* The 408 of a body that stopped coming, in the error form of the surface it was sent to,
 * written straight to the socket: libmicrohttpd only sends what its request callback queues. */
static void reap_with_408(ks_server *s, conn *cn)
{
    ks_request req = {.app = s->app, .path = cn->path, .op_index = -1};
    ks_response resp = {0};
    ks_err err;
    ks_err_setf(&err, KS_E_REQUEST_TIMEOUT,
                "The request body did not arrive in time (at least %u bytes a second)",
                s->opts.min_body_rate);
    ks_route_error(&req, &resp, &err);
    char head[256];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                     "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
                     resp.content_type ? resp.content_type : "text/plain", resp.len);
    if (n > 0 && (size_t)n < sizeof head &&
        send(cn->fd, head, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL) == n && resp.len)
        (void)!send(cn->fd, resp.body, resp.len, MSG_DONTWAIT | MSG_NOSIGNAL);
    free(resp.body);
    reap(cn, KS_CLOSE_BODY_TIMEOUT);
}

static void *reaper_main(void *arg)
{
    ks_server *s = arg;
    const ks_server_opts *o = &s->opts;
    uint64_t header_ns = (uint64_t)o->header_timeout_s * 1000000000ull;
    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (long)REAP_NS;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->stop_cond, &s->lock, &ts);
        uint64_t now = ks_time_mono_ns();
        int n = 0;
        for (conn *cn = s->head; cn && !s->stopping && n < REAP_MAX; cn = cn->next) {
            if (cn->reaped)
                continue;
            uint64_t age = now - cn->since_ns;
            if (cn->ph == PH_HEADERS && age > header_ns) {
                reap(cn, KS_CLOSE_HEADER_TIMEOUT);
                n++;
            } else if (cn->ph == PH_BODY && o->min_body_rate &&
                       age > header_ns + cn->body_bytes * 1000000000ull / o->min_body_rate) {
                reap_with_408(s, cn);
                n++;
            }
        }
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Near the connection limit, connections waiting for their next request make room first, the
 * longest waiting first, as nginx does with its keep-alive connections. Under s->lock. */
static void evict_idle(ks_server *s)
{
    size_t high = (size_t)s->opts.max_connections * 9 / 10, low = high - high / 10;
    if (s->nconns < high)
        return;
    size_t open = s->nconns;
    for (conn *cn = s->head; cn && open > low; cn = cn->next)
        if (!cn->reaped && cn->ph == PH_HEADERS && cn->answered > 0) {
            reap(cn, KS_CLOSE_IDLE_EVICTED);
            open--;
        }
}

/* A TLS ClientHello (or SSLv2 hello) on the plain port would wait for a line end that never
 * comes: it is closed at once, so that the client reports its error at once. */
static int looks_like_tls(MHD_socket fd)
{
    unsigned char b;
    return recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 1 && (b == 0x16 || b == 0x80);
}

/* Once the server is stopping, a new connection is closed as soon as it is accepted. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)addr;
    (void)addrlen;
    ks_server *s = cls;
    return atomic_load(&s->draining) ? MHD_NO : MHD_YES;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    ks_server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        conn *cn = calloc(1, sizeof *cn);
        if (!cn || !ci)
            abort();
        cn->fd = ci->connect_fd;
        cn->since_ns = ks_time_mono_ns();
        pthread_mutex_lock(&s->lock);
        cn->prev = s->tail;
        if (s->tail)
            s->tail->next = cn;
        else
            s->head = cn;
        s->tail = cn;
        s->nconns++;
        if (looks_like_tls(cn->fd))
            reap(cn, KS_CLOSE_NOT_HTTP);
        evict_idle(s);
        pthread_mutex_unlock(&s->lock);
        *socket_context = cn;
        return;
    }
    conn *cn = *socket_context;
    if (!cn)
        return;
    pthread_mutex_lock(&s->lock);
    if (cn->prev)
        cn->prev->next = cn->next;
    else
        s->head = cn->next;
    if (cn->next)
        cn->next->prev = cn->prev;
    else
        s->tail = cn->prev;
    s->nconns--;
    pthread_mutex_unlock(&s->lock);
    ks_arena_free(cn->arena);
    free(cn);
    *socket_context = NULL;
}

/* --- requests --------------------------------------------------------------------------- */

static enum MHD_Result send_response(struct MHD_Connection *c, conn_state *cs, ks_response *resp)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        resp->len, resp->body ? resp->body : (void *)"",
        resp->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
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

/* Answers err in the error form of the surface the request was sent to. */
static enum MHD_Result refuse(struct MHD_Connection *c, conn_state *cs, const ks_err *err)
{
    ks_response resp = {0};
    cs->req.op_index = -1;
    ks_route_error(&cs->req, &resp, err);
    return send_response(c, cs, &resp);
}

static enum MHD_Result too_large(struct MHD_Connection *c, conn_state *cs, size_t max)
{
    ks_err err;
    ks_err_setf(&err, KS_E_REQUEST_TOO_LARGE, "The request body is larger than %zu bytes", max);
    return refuse(c, cs, &err);
}

typedef struct {
    const ks_http_limits *limits;
    size_t total;
    ks_err *err;
    int bad;
    ks_http_header *h;
    size_t n, cap;
    ks_arena *arena;
} header_walk;

static enum MHD_Result check_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    header_walk *w = cls;
    if (ks_http_check_header(&w->total, key, key_size, value, value_size, w->limits, w->err)) {
        w->bad = 1;
        return MHD_NO;
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 32;
        ks_http_header *h = ks_arena_alloc(w->arena, cap * sizeof *h);
        if (w->n)
            memcpy(h, w->h, w->n * sizeof *h);
        w->h = h;
        w->cap = cap;
    }
    w->h[w->n++] = (ks_http_header){key, value, key_size, value_size};
    return MHD_YES;
}

/* What the HTTP layer refuses before routing: a bad URI, query or header, an unsupported
 * transfer coding. */
static int check_request(struct MHD_Connection *c, conn_state *cs, const char *method,
                         const char *version, const ks_server_opts *o, ks_err *err)
{
    ks_kv *q;
    size_t nq;
    header_walk w = {.limits = &o->limits, .err = err, .arena = cs->req.arena};
    /* a raw NUL byte in the request line: libmicrohttpd hands the URI over as a C string, cut
     * at the NUL, but the version after it still sits where the line ends ("GET /a\0junk
     * HTTP/1.1"); more bytes between the two than the URI's length are a NUL's tail */
    uintptr_t u = (uintptr_t)cs->uri_at, v = (uintptr_t)version;
    if (v > u && v - u <= o->limits.max_uri + 64 && v - u - 1 > strlen(cs->raw_uri))
        return ks_err_setf(err, KS_E_BAD_REQUEST, "The request line contains a NUL byte");
    if (ks_http_check_uri(cs->raw_uri, &o->limits, err))
        return -1;
    MHD_get_connection_values_n(c, MHD_HEADER_KIND, check_header, &w);
    if (w.bad)
        return -1;
    /* the block starts with the method, in libmicrohttpd's read buffer */
    const union MHD_ConnectionInfo *hs =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    if (hs && ks_http_check_header_block(method, hs->header_size, w.h, w.n, err))
        return -1;
    const char *te =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if (te && ks_http_check_transfer_encoding(te, err))
        return -1;
    if (ks_http_query_parse(&q, &nq, cs->req.arena, ks_http_query_of(cs->raw_uri), &o->limits, err))
        return -1;
    cs->req.query = q;
    cs->req.nquery = nq;
    return 0;
}

/* libmicrohttpd calls this with the request URI as received, before it splits off and decodes
 * the query string into its per-connection pool (whose exhaustion, in 0.9.75, queues a 431
 * that is never sent). The server parses the query itself from this copy, with its own limit,
 * and empties what libmicrohttpd would parse: the query starts after the '?' that
 * libmicrohttpd has already found, in its own buffer. The result becomes *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    ks_server *s = cls;
    conn_state *cs = calloc(1, sizeof *cs);
    if (!cs)
        abort();
    cs->start_ns = ks_time_mono_ns();
    conn *cn = conn_of(c);
    if (cn && cn->arena) {
        cs->req.arena = cn->arena; /* the request borrows it until its completion */
        cn->arena = NULL;
    } else {
        cs->req.arena = ks_arena_new();
    }
    cs->req.app = s->app;
    cs->req.header = get_header;
    cs->req.conn = c;
    cs->req.op_index = -1;
    cs->raw_uri = ks_arena_strdup(cs->req.arena, uri);
    cs->uri_at = uri;
    char *qm = strchr(uri, '?');
    if (qm)
        qm[1] = '\0';
    return cs;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    ks_server *s = cls;
    conn_state *cs = *con_cls;
    ks_err err;
    if (!cs)
        return MHD_NO; /* the URI callback runs first, always */
    if (!cs->req.method) {
        /* the headers are in */
        cs->req.method = ks_arena_strdup(cs->req.arena, method);
        cs->req.path = ks_arena_strdup(cs->req.arena, url);
        cs->cn = conn_of(c);
        atomic_fetch_add(&s->active, 1);
        if (enter(s, cs->cn, PH_BODY, cs->req.path))
            return MHD_NO;
        if (check_request(c, cs, method, version, &s->opts, &err))
            return refuse(c, cs, &err);
        /* refuse early when the client announces a body that is too large: at once if it waits
         * for a 100 Continue or the body is beyond what is worth reading, else after reading */
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        const char *expect =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
        uint64_t announced = cl ? strtoull(cl, NULL, 10) : 0;
        if (announced > s->opts.max_body) {
            cs->too_large = 1;
            if ((expect && strcasecmp(expect, "100-continue") == 0) || announced > DISCARD_MAX)
                return too_large(c, cs, s->opts.max_body);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (got_body(s, cs->cn, *upload_size))
            return MHD_NO;
        if (!cs->too_large && cs->body.len + *upload_size > s->opts.max_body) {
            cs->too_large = 1;
            ks_buf_free(&cs->body);
        }
        if (cs->too_large) {
            cs->discarded += *upload_size;
            *upload_size = 0;
            if (cs->discarded > DISCARD_MAX && !cs->status)
                return too_large(c, cs, s->opts.max_body);
            return MHD_YES;
        }
        ks_buf_add(&cs->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (cs->status) /* answered already */
        return MHD_YES;
    if (enter(s, cs->cn, PH_ANSWER, NULL))
        return MHD_NO;
    if (cs->too_large)
        return too_large(c, cs, s->opts.max_body);
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
    ks_server *s = cls;
    conn_state *cs = *con_cls;
    char method[24], path[256], vendor[96];
    if (!cs)
        return;
    if (cs->cn && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        enter(s, cs->cn, PH_HEADERS, NULL);
    else if (cs->cn)
        enter(s, cs->cn, PH_ANSWER, NULL); /* the connection is closing: no deadline */
    uint64_t ns = ks_time_mono_ns() - cs->start_ns;
    log_escape(method, sizeof method, cs->req.method ? cs->req.method : "-");
    log_escape(path, sizeof path, cs->req.path ? cs->req.path : "-");
    if (cs->status) {
        ks_metrics_observe(cs->req.op_index, cs->status, ns);
        ks_log_info("%s %s %d %.3fms vendor=%s%s", method, path, cs->status, (double)ns / 1e6,
                    cs->req.vendor_code ? log_escape(vendor, sizeof vendor, cs->req.vendor_code)
                                        : "-",
                    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    } else if (cs->req.method) {
        ks_log_info("%s %s closed before an answer (%s)", method, path,
                    toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timeout" : "client gone");
    }
    if (cs->req.method)
        atomic_fetch_sub(&s->active, 1);
    ks_buf_free(&cs->body);
    conn *cn = cs->cn ? cs->cn : conn_of(c);
    if (cn && !cn->arena) {
        ks_arena_reset(cs->req.arena);
        cn->arena = cs->req.arena; /* back to its connection, for the next request */
    } else {
        ks_arena_free(cs->req.arena);
    }
    free(cs);
    *con_cls = NULL;
}

/* 1 while a request is in flight: being served, or sent by a client and still unread in its
 * socket (a keep-alive client may have sent it just before the stop signal). */
static int busy(ks_server *s)
{
    int b = atomic_load(&s->active) > 0;
    pthread_mutex_lock(&s->lock);
    for (conn *cn = s->head; cn && !b; cn = cn->next) {
        int n = 0;
        b = !cn->reaped && ioctl(cn->fd, FIONREAD, &n) == 0 && n > 0;
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

/* Each connection holds a socket; the store, the log and the threads need a few more. */
static void raise_nofile(unsigned max_connections)
{
    struct rlimit rl;
    rlim_t need = (rlim_t)max_connections + 256;
    if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= need)
        return;
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur < need)
        ks_log_warn("kassa: the open-file limit (%llu) is below the %llu that %u connections "
                    "need: raise it (ulimit -n) or lower --max-connections",
                    (unsigned long long)rl.rlim_cur, (unsigned long long)need, max_connections);
}

int ks_server_start(ks_server **out, const ks_app *app, const ks_server_opts *o, ks_err *err)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->host, &addr.sin_addr) != 1)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "Cannot listen on '%.64s': not an IPv4 address", o->host);
    raise_nofile(o->max_connections);
    ks_server *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->app = app;
    s->opts = *o;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->stop_cond, NULL);
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    /* The pool of each connection holds its request line, its headers and libmicrohttpd's
     * records of them; sized above the limits the server checks itself, so that those are
     * answered by Kassa, in the surface's error form. Past the pool, libmicrohttpd answers. */
    size_t pool = o->limits.max_uri + o->limits.max_headers + 64 * 1024;
    /* No MHD_OPTION_LISTENING_ADDRESS_REUSE: its "yes" is SO_REUSEPORT, with which a second
     * kassa (perhaps on another database) silently shares the port instead of failing. Left
     * unset, libmicrohttpd uses plain SO_REUSEADDR, enough to restart over TIME_WAIT. */
    s->d = MHD_start_daemon(
        flags, (uint16_t)o->port, on_accept, s, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
        NULL, MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
        MHD_OPTION_CONNECTION_LIMIT, o->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        o->max_per_ip, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool, MHD_OPTION_LISTEN_BACKLOG_SIZE, 4096u,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_END);
    if (!s->d) {
        pthread_cond_destroy(&s->stop_cond);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return ks_err_setf(err, KS_E_INTERNAL_ERROR, "Cannot listen on %s:%d (address in use?)",
                           o->host, o->port);
    }
    /* A connection is handed over only once its first bytes are in (or --header-timeout has
     * passed): a client that connects and says nothing holds no slot until then, and the
     * first byte is there to be looked at (looks_like_tls). */
    const union MHD_DaemonInfo *lfd = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_LISTEN_FD);
    int defer = (int)o->header_timeout_s;
    if (lfd && setsockopt(lfd->listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer, sizeof defer))
        ks_log_warn("http: TCP_DEFER_ACCEPT not set; idle connections take a slot at once");
    if (pthread_create(&s->reaper, NULL, reaper_main, s))
        abort();
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    *out = s;
    return 0;
}

int ks_server_port(const ks_server *s)
{
    return s->port;
}

void ks_server_stop(ks_server *s, int grace_s)
{
    if (!s)
        return;
    /* No new connections from here on. Not MHD_quiesce_daemon: on an epoll daemon with worker
     * threads, libmicrohttpd 0.9.75 races its own workers to take the listening socket out of
     * their epoll sets, and the loser aborts the process ("Failed to remove listen FD from
     * epoll set") — which a worker at its connection limit reaches. The accept policy refuses
     * instead. */
    atomic_store(&s->draining, 1);
    /* Idle three checks in a row: a worker that has just read a request out of its socket
     * takes a moment to count it as active. */
    int idle = 0;
    for (int i = 0; i < grace_s * 100 && idle < 3; i++) {
        idle = busy(s) ? 0 : idle + 1;
        usleep(10000);
    }
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    pthread_cond_signal(&s->stop_cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->reaper, NULL);
    MHD_stop_daemon(s->d);
    pthread_cond_destroy(&s->stop_cond);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
