/* crypto.h — HMAC (md5, sha256, sha3-256), constant-time comparison and random tokens.
 *
 * Thin wrappers over OpenSSL libcrypto so that the rest of Kassa never includes it. */
#ifndef KS_CRYPTO_H
#define KS_CRYPTO_H

#include <stddef.h>

typedef enum { KS_HMAC_MD5, KS_HMAC_SHA256, KS_HMAC_SHA3_256 } ks_hmac_algo;

/* Longest hex digest plus NUL. */
#define KS_HMAC_HEX_MAX 129

/* Parses "md5", "sha256", "sha3-256" (also "sha3_256"); NULL or "" means md5, as the platform's
 * API 5.0 did. Returns 0, or -1 for an unknown name. */
int ks_hmac_algo_parse(ks_hmac_algo *out, const char *name);

/* Lowercase hex HMAC of msg under key into out (KS_HMAC_HEX_MAX bytes). Returns 0 or -1. */
int ks_hmac_hex(char *out, ks_hmac_algo algo, const char *key, size_t keylen, const void *msg,
                size_t msglen);

/* 1 if the two strings are equal, in time that depends only on their lengths. */
int ks_ct_streq(const char *a, const char *b);

/* nbytes of cryptographic randomness as 2*nbytes lowercase hex chars plus NUL. */
void ks_random_hex(char *out, size_t nbytes);
/* A random string of n characters from alphabet (upper-case letters and digits etc.). */
void ks_random_chars(char *out, size_t n, const char *alphabet);

#endif
