/* crypto.h — HMAC (md5, sha256, sha3-256, sha512), base64url, JWT HS512 signatures,
 * constant-time comparison and random tokens.
 *
 * Thin wrappers over OpenSSL libcrypto so that the rest of Kassa never includes it. */
#ifndef KS_CRYPTO_H
#define KS_CRYPTO_H

#include <stddef.h>

/* KS_HMAC_SHA512 has no name for ks_hmac_algo_parse: it signs JWTs (HS512), never API calls. */
typedef enum { KS_HMAC_MD5, KS_HMAC_SHA256, KS_HMAC_SHA3_256, KS_HMAC_SHA512 } ks_hmac_algo;

/* Longest hex digest plus NUL. */
#define KS_HMAC_HEX_MAX 129

/* Parses "md5", "sha256", "sha3-256" (also "sha3_256"); NULL or "" means md5, as the platform's
 * API 5.0 did. Returns 0, or -1 for an unknown name. */
int ks_hmac_algo_parse(ks_hmac_algo *out, const char *name);

/* Lowercase hex HMAC of msg under key into out (KS_HMAC_HEX_MAX bytes). Returns 0 or -1. */
int ks_hmac_hex(char *out, ks_hmac_algo algo, const char *key, size_t keylen, const void *msg,
                size_t msglen);

/* The raw HMAC of msg under key into out (at least 64 bytes); *outlen its length. 0 or -1. */
int ks_hmac(unsigned char *out, size_t *outlen, ks_hmac_algo algo, const char *key, size_t keylen,
            const void *msg, size_t msglen);

/* Decodes unpadded base64url (RFC 4648 §5; '=' padding tolerated) of len chars into out
 * (at least len * 3 / 4 + 1 bytes), NUL-terminated; *outlen the decoded length. 0, or -1 for a
 * character outside the alphabet or an impossible length. */
int ks_base64url_decode(unsigned char *out, size_t *outlen, const char *in, size_t len);

/* Encodes n bytes as unpadded base64url into out (at least 4 * ((n + 2) / 3) + 1 bytes). */
void ks_base64url_encode(char *out, const unsigned char *in, size_t n);

/* 1 if sig_b64 (base64url) is the HS512 signature of the JWT signing input
 * "header.payload" (len bytes) under key, compared in constant time; 0 otherwise. */
int ks_jwt_hs512_valid(const char *signing_input, size_t len, const char *sig_b64,
                       const char *key, size_t keylen);

/* 1 if the two strings are equal, in time that depends only on their lengths. */
int ks_ct_streq(const char *a, const char *b);

/* nbytes of cryptographic randomness as 2*nbytes lowercase hex chars plus NUL. */
void ks_random_hex(char *out, size_t nbytes);
/* A random string of n characters from alphabet (upper-case letters and digits etc.). */
void ks_random_chars(char *out, size_t n, const char *alphabet);

#endif
