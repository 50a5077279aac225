/* auth.h — vendors, request authentication (HMAC) and JSON-RPC/SOAP sessions.
 *
 * The hash the platform expects is HMAC(secret, LEN(code) code LEN(date) date), lengths in
 * bytes, with md5 (no algo), sha256 or sha3-256. Failures say only "Authentication failed":
 * nothing tells a caller which part was wrong. */
#ifndef KS_AUTH_H
#define KS_AUTH_H

#include <stddef.h>

#include "ctx.h"

#define KS_VENDOR_CODE_MAX 64
#define KS_SESSION_ID_LEN 32

/* The parts of an X-Avangate-Authentication header. Pointers are into the caller's arena. */
typedef struct ks_auth_header {
    const char *code, *date, *hash, *algo; /* algo NULL when absent */
} ks_auth_header;

/* Parses `code="C" date="D" hash="H" algo="A"` in any order, double or single quotes, with or
 * without spaces between parts. Returns 0, or -1 (AUTHENTICATION_ERROR) when code, date or
 * hash is missing or the header is malformed. */
int ks_auth_header_parse(ks_auth_header *out, ks_arena *a, const char *header, ks_err *err);

/* The platform's delay before a new subscription can be retrieved, in seconds. */
#define KS_VENDOR_DELAY_DEFAULT (-1)
#define KS_SUBSCRIPTION_DELAY_PLATFORM 300
#define KS_SUBSCRIPTION_DELAY_MAX 86400

/* An explicit secret key shorter than this is accepted with a warning in the log. */
#define KS_SECRET_WEAK_BELOW 16

/* Creates a vendor, with the default tax categories of its catalog (catalog.h). secret NULL
 * generates a strong one; any other non-empty secret (at most 256 characters) is taken, with a
 * warning when it is weak; out->secret holds it either way; so does secret_word (the buy-link
 * secret word, 1-256 characters). subscription_delay_s is how long
 * after its order a subscription becomes retrievable: KS_VENDOR_DELAY_DEFAULT for the
 * platform's 5 minutes, 0 for fast test suites. PARAMETER_INVALID for a bad code, secret or
 * delay, VENDOR_EXISTS. */
int ks_vendor_create(ks_vendor *out, ks_ctx *ctx, const char *code, const char *secret,
                     const char *secret_word, ks_model model, int subscription_delay_s, ks_err *err);

/* Looks the vendor up by its code and makes it ctx->vendor (arena-owned), for the sandbox
 * control calls that name a vendor. PARAMETER_MISSING, VENDOR_NOT_FOUND. */
int ks_vendor_use(ks_ctx *ctx, const char *code, ks_err *err);

/* THE names of the business models (ks_model order): a name table (common.h). */
extern const char *const ks_model_names[];
/* Parses "mor" / "psp" (any case). Returns 0 or -1. */
int ks_model_parse(ks_model *out, const char *s);
/* The model named s; the platform's default when s is NULL or no model's name. */
ks_model ks_model_or_default(const char *s);
const char *ks_model_name(ks_model m);

/* A process's cache of the vendors that authenticated (by header or session), and of the last
 * header each signed correctly: a client reuses one signed header for many calls (it stays
 * valid for the auth window), so the vendor read and the HMAC are done once, not per request.
 *
 * Several processes may share one database, and a vendor may change in any of them: an entry
 * is read again from the store once it is ttl_ms old (the server uses KS_AUTH_CACHE_TTL_MS), which bounds how long a
 * change made elsewhere goes unseen; a change made through this process calls
 * ks_auth_cache_forget and is seen at once. A failed lookup or signature is never cached, so a
 * new vendor is found at once. Thread-safe. A ctx with no cache (NULL: command line, tests)
 * reads the store every time. */
typedef struct ks_auth_cache ks_auth_cache;
#define KS_AUTH_CACHE_TTL_MS 200
ks_auth_cache *ks_auth_cache_new(int ttl_ms);
void ks_auth_cache_free(ks_auth_cache *c); /* NULL does nothing */
/* Drops what c knows of vendor id: every store function that changes a vendor is followed by
 * this call. NULL c does nothing. */
void ks_auth_cache_forget(ks_auth_cache *c, int64_t vendor_id);

/* A deep copy of v (strings into a). Copies every field: a new one is added here too. */
void ks_vendor_copy(ks_vendor *dst, ks_arena *a, const ks_vendor *v);

/* Verifies a signed request and sets ctx->vendor (through ctx->auth_cache when there is one).
 * AUTHENTICATION_ERROR on any failure. */
int ks_auth_verify(ks_ctx *ctx, const ks_auth_header *h, ks_err *err);

/* login(merchantCode, date, hash[, algo]): verifies like ks_auth_verify and opens a session
 * valid for cfg->session_ttl_s of business time. sid receives KS_SESSION_ID_LEN chars + NUL.
 * AUTHENTICATION_FAILED on any failure. */
int ks_auth_login(char sid[KS_SESSION_ID_LEN + 1], ks_ctx *ctx, const ks_auth_header *h,
                  ks_err *err);

/* Resolves a session id and sets ctx->vendor and ctx->session_id. INVALID_SESSION when
 * missing, unknown or expired. */
int ks_auth_session(ks_ctx *ctx, const char *sid, ks_err *err);

#endif
