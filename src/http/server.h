/* server.h — the HTTP server: libmicrohttpd with a thread pool over epoll; limits on body,
 * URI, query and header size; per-address and total connection limits; deadlines for a
 * request's headers and a minimum body rate, kept by a reaper thread; idle keep-alive
 * connections closed first near the connection limit; one log line per request; a clean stop.
 * docs/security.md describes every limit. */
#ifndef KS_SERVER_H
#define KS_SERVER_H

#include <stddef.h>

#include "../api/request.h"
#include "parse.h"

typedef struct ks_server_opts {
    const char *host;          /* "127.0.0.1" */
    int port;                  /* 0: pick a free port (reported by ks_server_port) */
    int threads;               /* pool size */
    size_t max_body;           /* bytes; larger bodies get 413 */
    ks_http_limits limits;     /* URI, query arguments, header block */
    unsigned max_connections;  /* in all */
    unsigned max_per_ip;       /* from one client address; 0: no limit */
    unsigned timeout_s;        /* a connection with no traffic at all is closed after this */
    unsigned header_timeout_s; /* request line and headers must arrive within this */
    unsigned min_body_rate;    /* bytes/s a body must keep up after --header-timeout of grace;
                                  0: no minimum */
} ks_server_opts;

typedef struct ks_server ks_server;

/* Starts serving app. Returns 0, or -1 with *err set (address in use...). Raises the process's
 * open-file limit (RLIMIT_NOFILE) to what max_connections needs, if the hard limit allows. */
int ks_server_start(ks_server **out, const ks_app *app, const ks_server_opts *o, ks_err *err);
int ks_server_port(const ks_server *s);
/* Stops accepting, lets requests in flight finish (up to grace_s), and frees the server. */
void ks_server_stop(ks_server *s, int grace_s);

#endif
