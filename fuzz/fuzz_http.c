/* fuzz_http.c — the HTTP layer's own parsing (src/http/parse.c) on an arbitrary request head:
 * the request line's URI (NUL bytes, control characters, length), the query string (splitting,
 * '+' and %XX decoding, the argument limit), every header (NUL bytes, the size of the block),
 * the check of the block as libmicrohttpd leaves it after parsing in place, and the transfer
 * coding. The input is split the way libmicrohttpd splits it: lines at LF (a CR before it
 * dropped), the request line at its spaces, each header at its first ':' with the blanks after
 * it skipped — all in place, terminators overwritten with NULs. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "http/parse.h"

#define MAX_HEADERS 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ks_http_limits limits = KS_HTTP_LIMITS_DEFAULT;
    ks_http_header h[MAX_HEADERS];
    size_t nh = 0, total = 0;
    ks_err err;
    char *buf = malloc(size + 1);
    if (!buf)
        abort();
    memcpy(buf, data, size);
    buf[size] = '\0';
    ks_arena *a = ks_arena_new();

    /* the request line: METHOD SP URI [SP VERSION] */
    char *line = buf, *end = memchr(buf, '\n', size);
    char *uri = NULL;
    if (end) {
        *end = '\0';
        if (end > line && end[-1] == '\r')
            end[-1] = '\0';
        uri = strchr(line, ' ');
    }
    if (uri) {
        *uri++ = '\0';
        char *sp = strrchr(uri, ' ');
        if (sp)
            *sp = '\0';
        if (ks_http_check_uri(uri, &limits, &err) == 0) {
            assert(strlen(uri) <= limits.max_uri);
        } else {
            assert(err.code == KS_E_BAD_REQUEST || err.code == KS_E_URI_TOO_LONG);
        }
        ks_kv *q;
        size_t n;
        const char *query = ks_http_query_of(uri);
        if (ks_http_query_parse(&q, &n, a, query, &limits, &err) == 0) {
            assert(n <= limits.max_query_args);
            for (size_t i = 0; i < n; i++) {
                /* decoding never lengthens, and never yields an embedded NUL */
                assert(q[i].key && q[i].value);
                assert(strlen(q[i].key) + strlen(q[i].value) <= strlen(query));
            }
        } else {
            assert(err.code == KS_E_BAD_REQUEST || err.code == KS_E_URI_TOO_LONG);
        }
    }

    /* the headers, up to the empty line */
    char *block = end ? end + 1 : NULL;
    char *p = block;
    while (p && p < buf + size && nh < MAX_HEADERS) {
        char *e = memchr(p, '\n', (size_t)(buf + size - p));
        if (!e)
            break;
        *e = '\0';
        if (e > p && e[-1] == '\r')
            e[-1] = '\0';
        if (!*p) /* the empty line */
            break;
        char *colon = strchr(p, ':');
        if (colon) {
            *colon = '\0';
            char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            h[nh] = (ks_http_header){p, v, strlen(p), strlen(v)};
            if (ks_http_check_header(&total, p, h[nh].key_len, v, h[nh].value_len, &limits,
                                     &err))
                assert(err.code == KS_E_HEADERS_TOO_LARGE || err.code == KS_E_BAD_REQUEST);
            if (strcasecmp(p, "Transfer-Encoding") == 0 &&
                ks_http_check_transfer_encoding(v, &err))
                assert(err.code == KS_E_TRANSFER_ENCODING_UNSUPPORTED);
            nh++;
        }
        p = e + 1;
    }
    if (block && nh) {
        size_t len = (size_t)((p && p <= buf + size ? p : buf + size) - block);
        if (ks_http_check_header_block(block, len, h, nh, &err))
            assert(err.code == KS_E_BAD_REQUEST);
    }
    ks_arena_free(a);
    free(buf);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ks_log_set_quiet(1);
    return 0;
}
