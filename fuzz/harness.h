/* harness.h — what the request fuzzers (fuzz_rest, fuzz_jsonrpc, fuzz_soap) share: one ks_app
 * over a SQLite database in a temporary file, with a vendor, a session and a lead in it, so that
 * the handlers behind authentication are reached; and one call that routes a request.
 *
 * Not part of Kassa: linked into the fuzz targets only. */
#ifndef KS_FUZZ_HARNESS_H
#define KS_FUZZ_HARNESS_H

#include <stddef.h>

#include "api/request.h"

/* The fixtures the corpora refer to. */
#define KS_FUZZ_VENDOR "FUZZVENDOR"
#define KS_FUZZ_SECRET "fuzz-secret-key-0123456789"
#define KS_FUZZ_SESSION "0123456789abcdef0123456789abcdef" /* never expires */
#define KS_FUZZ_LEAD "FUZZLEAD01"
#define KS_FUZZ_ADMIN_TOKEN "fuzz-admin-token"
/* every request carries a Cookie header with the fixture's console session and this login
 * form token */
#define KS_FUZZ_CONSOLE_LOGIN "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/* How the X-Avangate-Authentication header of a request is made. */
typedef enum {
    KS_FUZZ_AUTH_SIGNED, /* a valid header for KS_FUZZ_VENDOR, signed now (sha256) */
    KS_FUZZ_AUTH_NONE,   /* no header */
    KS_FUZZ_AUTH_RAW     /* the given text, as is */
} ks_fuzz_auth;

/* Opens the store (once per process; aborts on failure) and silences the log. The database
 * file is removed at exit. */
void ks_fuzz_init(void);

/* The CSRF token of the fixture's console session. */
const char *ks_fuzz_console_csrf(void);

/* Routes one request and frees everything it allocated. body (len bytes, need not be
 * NUL-terminated) is copied; NULL means no body. query is "k=v&k2=v2" without decoding, or
 * NULL. raw is the header text for KS_FUZZ_AUTH_RAW (len raw_len). */
void ks_fuzz_route(const char *method, const char *path, const char *query, const char *body,
                   size_t len, ks_fuzz_auth auth, const char *raw, size_t raw_len);

#endif
