/* fuzz_auth_header.c — ks_auth_header_parse on arbitrary bytes: the X-Avangate-Authentication
 * header is the first thing Kassa reads from an unauthenticated client. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "domain/auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ks_auth_header h;
    ks_err err;
    /* the server hands the parser a NUL-terminated header; a copy of exactly that size lets
     * AddressSanitizer see any read past the terminator */
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    ks_arena *a = ks_arena_new();
    if (ks_auth_header_parse(&h, a, s, &err) == 0) {
        /* the contract: on success the three required parts are there */
        assert(h.code && h.date && h.hash);
        assert(strlen(h.code) <= size && strlen(h.date) <= size && strlen(h.hash) <= size);
    } else {
        assert(err.code == KS_E_AUTHENTICATION_ERROR);
    }
    ks_arena_free(a);
    free(s);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ks_log_set_quiet(1);
    return 0;
}
