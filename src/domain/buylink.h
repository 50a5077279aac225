/* buylink.h — ConvertPlus buy-links: the signature the platform documents over a link's
 * signed parameters, the JWT (merchant-token) that authorizes a request for one, and the check
 * of a signed link before the hosted cart opens it.
 *
 * Signature: the signed parameters present in the link, sorted by name, each value written as
 * its length in bytes followed by the value, concatenated, then HMAC-SHA256 under the vendor's
 * buy-link secret word, 64 lowercase hex characters. */
#ifndef KS_BUYLINK_H
#define KS_BUYLINK_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"

#define KS_BUYLINK_SIG_LEN 64

/* A link parameter as it appears, decoded, in the link (numbers as their decimal text). */
typedef struct ks_buylink_param {
    const char *name, *value;
} ks_buylink_param;

/* A merchant-token as the adapter decoded it: the header's alg, the claims, and the raw parts
 * the signature covers. Strings may be NULL when absent. */
typedef struct ks_buylink_token {
    const char *alg;
    const char *sub, *merchant; /* sub, or the merchant claim some clients send instead */
    int has_iat, has_exp;       /* present as numbers or numeric strings */
    int64_t iat, exp;
    const char *signing_input;  /* "header.payload", exactly as received */
    size_t signing_len;
    const char *signature;      /* base64url */
} ks_buylink_token;

/* A signed link as the hosted cart received it: its merchant, signature and parameters. */
typedef struct ks_buylink {
    const char *merchant, *signature;
    const ks_buylink_param *params;
    size_t n;
} ks_buylink;

/* The value of parameter name in the link, or NULL. */
const char *ks_buylink_get(const ks_buylink *link, const char *name);

/* 1 if the parameter is one the signature covers. */
int ks_buylink_is_signed(const char *name);

/* The signature of the signed parameters among p[0..n) under secret_word, into out
 * (KS_BUYLINK_SIG_LEN + 1). Never fails. */
void ks_buylink_sign(char out[KS_BUYLINK_SIG_LEN + 1], const char *secret_word,
                     const ks_buylink_param *p, size_t n);

/* Verifies a merchant-token and sets ctx->vendor to the vendor it names (sub, else the
 * merchant claim, else body_merchant: the link's own merchant parameter). The token must be
 * HS512, signed with that vendor's secret word, issued (iat) no later than the auth window
 * ahead of the real clock, and not expired (exp, or iat + 30 minutes without one). A
 * body_merchant that names another vendor is refused. MERCHANT_TOKEN_INVALID. */
int ks_buylink_authorize(ks_ctx *ctx, const ks_buylink_token *t, const char *body_merchant,
                         ks_err *err);

/* Checks a signed link (/checkout/buy): sets ctx->vendor to merchant and verifies signature
 * over p[0..n) (the "signature" and "merchant" parameters themselves are never signed), and
 * its expiration against the real clock. VENDOR_NOT_FOUND, BUYLINK_SIGNATURE_INVALID,
 * BUYLINK_EXPIRED. */
int ks_buylink_verify(ks_ctx *ctx, const char *merchant, const char *signature,
                      const ks_buylink_param *p, size_t n, ks_err *err);

#endif
