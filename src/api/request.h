/* request.h — a request and a response as the protocol adapters see them: plain C, no
 * libmicrohttpd types. The server fills ks_request; an adapter fills ks_response. */
#ifndef KS_REQUEST_H
#define KS_REQUEST_H

#include <stddef.h>

#include "../core/arena.h"
#include "../domain/ctx.h"

typedef struct ks_kv {
    const char *key, *value;
} ks_kv;

/* What every request can reach: frozen at start-up, shared by all threads. */
typedef struct ks_app {
    ks_store *store;
    ks_config cfg;
    const char *admin_token; /* NULL: the control API is off */
    ks_auth_cache *auth_cache; /* the server's verified vendors (domain/auth.h); NULL: none */
    struct ks_answers *answers; /* answers kept by what they were built from (answers.h); NULL:
                                 * none */
} ks_app;

typedef struct ks_request {
    const ks_app *app;
    ks_arena *arena;          /* freed when the request completes */
    const char *method;
    const char *path;         /* decoded, without the query string */
    const ks_kv *query;       /* decoded query arguments, in order */
    size_t nquery;
    const char *body;         /* NUL-terminated; NULL when there is none */
    size_t body_len;
    const char *(*header)(const struct ks_request *r, const char *name); /* case-insensitive */
    void *conn;               /* the server's handle, for header() */
    /* filled by the adapter, read by the request log and the metrics */
    int op_index;             /* -1: not an API operation */
    const char *vendor_code;
} ks_request;

#define KS_RESPONSE_HEADERS_MAX 8

typedef struct ks_response {
    int status;
    const char *content_type; /* static string */
    char *body;               /* malloc-owned, freed by the server */
    size_t len;
    const char *allow;        /* Allow header of a 405, static or arena */
    const char *location;     /* Location header of a redirect, static or arena */
    ks_kv headers[KS_RESPONSE_HEADERS_MAX]; /* more headers (Set-Cookie...), static or arena */
    size_t nheaders;
} ks_response;

/* Adds a header (name and value static or arena-owned); beyond KS_RESPONSE_HEADERS_MAX it is
 * a programming mistake (asserted). */
void ks_response_header(ks_response *resp, const char *name, const char *value);

/* Sets a response from a malloc-owned body. */
void ks_response_set(ks_response *resp, int status, const char *ctype, char *body, size_t len);

#endif
