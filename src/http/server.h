/* server.h — the HTTP server: libmicrohttpd with a thread pool over epoll, limits on body and
 * header size, connections and idle clients, one log line per request, and a clean stop. */
#ifndef KS_SERVER_H
#define KS_SERVER_H

#include <stddef.h>

#include "../api/request.h"

typedef struct ks_server_opts {
    const char *host;          /* "127.0.0.1" */
    int port;                  /* 0: pick a free port (reported by ks_server_port) */
    int threads;               /* pool size */
    size_t max_body;           /* bytes; larger bodies get 413 */
    size_t max_header;         /* bytes of request line + headers */
    unsigned max_connections;
    unsigned timeout_s;        /* idle connections are closed after this */
} ks_server_opts;

typedef struct ks_server ks_server;

/* Starts serving app. Returns 0, or -1 with *err set (address in use...). */
int ks_server_start(ks_server **out, const ks_app *app, const ks_server_opts *o, ks_err *err);
int ks_server_port(const ks_server *s);
/* Stops accepting, lets requests in flight finish (up to grace_s), and frees the server. */
void ks_server_stop(ks_server *s, int grace_s);

#endif
