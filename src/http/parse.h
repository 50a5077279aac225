/* parse.h — what the HTTP layer checks and parses itself, before a request reaches the router:
 * the raw request URI (NUL bytes, length), the query string (decoded here, with a limit on the
 * number of arguments, rather than by libmicrohttpd inside its fixed per-connection pool), header
 * values (embedded NUL bytes), the total size of the headers and the transfer coding. Pure
 * functions, no libmicrohttpd types, so that they can be fuzzed and unit-tested alone. */
#ifndef KS_HTTP_PARSE_H
#define KS_HTTP_PARSE_H

#include <stddef.h>

#include "../api/request.h"
#include "../core/err.h"

/* What a request may carry: beyond these the server answers 414 or 431 in the surface's error
 * form (see docs/security.md). */
typedef struct ks_http_limits {
    size_t max_uri;        /* bytes of the raw request URI, query included */
    size_t max_query_args; /* arguments in the query string */
    size_t max_headers;    /* bytes of the header block: names, values and separators */
} ks_http_limits;

/* The limits the server runs with (docs/security.md). */
#define KS_HTTP_LIMITS_DEFAULT {.max_uri = 16 * 1024, .max_query_args = 1000, .max_headers = 32 * 1024}

/* Checks a raw (still percent-encoded) request URI: a "%00" anywhere, a control character or
 * a length above limits->max_uri are refused. Sets BAD_REQUEST or URI_TOO_LONG. */
int ks_http_check_uri(const char *raw_uri, const ks_http_limits *limits, ks_err *err);

/* The query string of a raw URI: what follows its first '?', or "". */
const char *ks_http_query_of(const char *raw_uri);

/* Decodes a query string (without its '?') as libmicrohttpd would: arguments split at '&'
 * (empty ones skipped), key and value at the first '=', '+' is a space, %XX a byte. *out and
 * the strings are arena-owned; a key without '=' has the value "". More than
 * limits->max_query_args arguments is URI_TOO_LONG; a decoded NUL is BAD_REQUEST. */
int ks_http_query_parse(ks_kv **out, size_t *n, ks_arena *a, const char *query,
                        const ks_http_limits *limits, ks_err *err);

/* Checks one header as received: value_len is the length libmicrohttpd counted on the line, so
 * a value whose strlen is shorter carries a NUL byte (BAD_REQUEST). Adds the header's size to
 * *total and sets HEADERS_TOO_LARGE once it passes limits->max_headers. */
int ks_http_check_header(size_t *total, const char *name, size_t name_len, const char *value,
                         size_t value_len, const ks_http_limits *limits, ks_err *err);

/* A header as libmicrohttpd parsed it, in place, inside the received header block. */
typedef struct ks_http_header {
    const char *key, *value;
    size_t key_len, value_len;
} ks_http_header;

/* libmicrohttpd 0.9.75 parses the header block in place and ends every name and value at the
 * first NUL byte, so "Authorization: Bearer T\0junk" reads as "Bearer T". What lies between the
 * end of one value and the start of the next header (or of the block's end) must be what the
 * parser overwrote: NULs, CR, LF, spaces and tabs. Anything else is a NUL byte's tail:
 * BAD_REQUEST. h[] is in the order received; block[0..len) is the raw header block. Headers
 * that do not lie inside the block are skipped. */
int ks_http_check_header_block(const char *block, size_t len, const ks_http_header *h, size_t n,
                               ks_err *err);

/* 0 if a Transfer-Encoding header value names only the chunked coding (the one HTTP/1.1
 * coding the server decodes); TRANSFER_ENCODING_UNSUPPORTED otherwise (gzip, compress...). */
int ks_http_check_transfer_encoding(const char *value, ks_err *err);

#endif
