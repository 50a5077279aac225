/* fuzz_rest.c — the REST adapter and the operations behind it, through ks_route.
 *
 * Input: a request line, then the body.
 *     METHOD TARGET [AUTH]\n
 *     body...
 * TARGET is a path with an optional ?query (k=v&k[]=v, not decoded); a path outside /rest/6.0,
 * /control and /checkout gets /rest/6.0 in front. AUTH absent: a valid X-Avangate-Authentication
 * header for the fixture vendor, signed now; "-": no header; anything else: that text as the
 * header (and as the merchant-token of /checkout's signature API).
 * An input without a newline is the body of POST /rest/6.0/leads/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    const char *nl = memchr(in, '\n', size);
    if (!nl) {
        ks_fuzz_route("POST", "/rest/6.0/leads/", NULL, in, size, KS_FUZZ_AUTH_SIGNED, NULL, 0);
        return 0;
    }
    size_t line_len = (size_t)(nl - in);
    char *line = malloc(line_len + 1);
    if (!line)
        abort();
    memcpy(line, in, line_len);
    line[line_len] = '\0';
    /* METHOD SP TARGET [SP AUTH]; NUL bytes end the line early, as a server would refuse them */
    char *method = line, *target = strchr(line, ' '), *auth = NULL;
    if (target) {
        *target++ = '\0';
        if ((auth = strchr(target, ' ')))
            *auth++ = '\0';
    } else {
        target = "/rest/6.0/leads/";
    }
    char *query = strchr(target, '?');
    if (query)
        *query++ = '\0';
    char *path = target;
    char *owned = NULL;
    if (strncmp(path, "/rest/6.0", 9) != 0 && strncmp(path, "/control", 8) != 0 &&
        strncmp(path, "/checkout", 9) != 0) {
        size_t n = strlen(path);
        if (!(owned = malloc(n + 10)))
            abort();
        memcpy(owned, "/rest/6.0", 9);
        memcpy(owned + 9, path, n + 1);
        path = owned;
    }
    ks_fuzz_auth mode = !auth ? KS_FUZZ_AUTH_SIGNED
                        : strcmp(auth, "-") == 0 ? KS_FUZZ_AUTH_NONE
                                                 : KS_FUZZ_AUTH_RAW;
    const char *body = nl + 1;
    size_t body_len = size - line_len - 1;
    ks_fuzz_route(method, path, query, body_len ? body : NULL, body_len, mode, auth,
                  auth ? strlen(auth) : 0);
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
