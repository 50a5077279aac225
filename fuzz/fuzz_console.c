/* fuzz_console.c — the sandbox console (api/console/) through ks_route, with the fixture's
 * console session: its routing, form and cookie parsing, filters and pages.
 *
 * Input: a request line, then the body (a form).
 *     METHOD TARGET\n
 *     body...
 * TARGET is a path with an optional ?query; a path outside /console gets /console in front.
 * "@CSRF@" in the body becomes the session's CSRF token, so that POSTs pass the check and reach
 * the pages behind it. An input without a newline is the body of a POST /console/login. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* body with every "@CSRF@" replaced by the token; malloc'd, *len updated. */
static char *with_csrf(const char *body, size_t *len)
{
    static const char mark[] = "@CSRF@";
    const char *csrf = ks_fuzz_console_csrf();
    size_t ml = sizeof mark - 1, cl = strlen(csrf), n = *len, o = 0;
    char *out = malloc(n / ml * cl + n + 1);
    if (!out)
        abort();
    for (size_t i = 0; i < n;) {
        if (i + ml <= n && memcmp(body + i, mark, ml) == 0) {
            memcpy(out + o, csrf, cl);
            o += cl;
            i += ml;
        } else {
            out[o++] = body[i++];
        }
    }
    *len = o;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    const char *nl = memchr(in, '\n', size);
    if (!nl) {
        ks_fuzz_route("POST", "/console/login", NULL, in, size, KS_FUZZ_AUTH_NONE, NULL, 0);
        return 0;
    }
    size_t line_len = (size_t)(nl - in);
    char *line = malloc(line_len + 1);
    if (!line)
        abort();
    memcpy(line, in, line_len);
    line[line_len] = '\0';
    char *method = line, *target = strchr(line, ' ');
    if (target)
        *target++ = '\0';
    else
        target = "/console/";
    char *query = strchr(target, '?');
    if (query)
        *query++ = '\0';
    char *path = target, *owned = NULL;
    if (strncmp(path, "/console", 8) != 0) {
        size_t n = strlen(path);
        if (!(owned = malloc(n + 9)))
            abort();
        memcpy(owned, "/console", 8);
        memcpy(owned + 8, path, n + 1);
        path = owned;
    }
    size_t body_len = size - line_len - 1;
    char *body = body_len ? with_csrf(nl + 1, &body_len) : NULL;
    ks_fuzz_route(method, path, query, body, body_len, KS_FUZZ_AUTH_NONE, NULL, 0);
    free(body);
    free(owned);
    free(line);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ks_fuzz_init();
    return 0;
}
