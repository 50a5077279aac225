/* crypto.c — libcrypto wrappers. */
#include "crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ks_hmac_algo_parse(ks_hmac_algo *out, const char *name)
{
    if (!name || !*name || strcasecmp(name, "md5") == 0)
        *out = KS_HMAC_MD5;
    else if (strcasecmp(name, "sha256") == 0)
        *out = KS_HMAC_SHA256;
    else if (strcasecmp(name, "sha3-256") == 0 || strcasecmp(name, "sha3_256") == 0)
        *out = KS_HMAC_SHA3_256;
    else
        return -1;
    return 0;
}

int ks_hmac(unsigned char *out, size_t *outlen, ks_hmac_algo algo, const char *key, size_t keylen,
            const void *msg, size_t msglen)
{
    const EVP_MD *md = algo == KS_HMAC_MD5      ? EVP_md5()
                       : algo == KS_HMAC_SHA256 ? EVP_sha256()
                       : algo == KS_HMAC_SHA512 ? EVP_sha512()
                                                : EVP_sha3_256();
    unsigned int n = 0;
    if (!HMAC(md, key, (int)keylen, msg, msglen, out, &n))
        return -1;
    *outlen = n;
    return 0;
}

int ks_hmac_hex(char *out, ks_hmac_algo algo, const char *key, size_t keylen, const void *msg,
                size_t msglen)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t maclen = 0;
    if (ks_hmac(mac, &maclen, algo, key, keylen, msg, msglen))
        return -1;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < maclen; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[2 * maclen] = '\0';
    return 0;
}

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void ks_base64url_encode(char *out, const unsigned char *in, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
                     (i + 2 < n ? in[i + 2] : 0);
        out[o++] = b64url[v >> 18 & 63];
        out[o++] = b64url[v >> 12 & 63];
        if (i + 1 < n)
            out[o++] = b64url[v >> 6 & 63];
        if (i + 2 < n)
            out[o++] = b64url[v & 63];
    }
    out[o] = '\0';
}

int ks_base64url_decode(unsigned char *out, size_t *outlen, const char *in, size_t len)
{
    while (len && in[len - 1] == '=')
        len--;
    if (len % 4 == 1)
        return -1;
    unsigned acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        const char *p = in[i] ? strchr(b64url, in[i]) : NULL;
        if (!p)
            return -1;
        acc = (acc << 6 | (unsigned)(p - b64url)) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits & 0xff);
        }
    }
    out[o] = '\0';
    *outlen = o;
    return 0;
}

int ks_jwt_hs512_valid(const char *signing_input, size_t len, const char *sig_b64,
                       const char *key, size_t keylen)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t maclen = 0;
    char expect[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    if (ks_hmac(mac, &maclen, KS_HMAC_SHA512, key, keylen, signing_input, len))
        return 0;
    ks_base64url_encode(expect, mac, maclen);
    /* some encoders pad the signature */
    size_t n = strlen(sig_b64);
    while (n && sig_b64[n - 1] == '=')
        n--;
    char sig[sizeof expect];
    if (n >= sizeof sig)
        return 0;
    memcpy(sig, sig_b64, n);
    sig[n] = '\0';
    return ks_ct_streq(expect, sig);
}

int ks_ct_streq(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = la != lb;
    size_t n = la < lb ? la : lb;
    for (size_t i = 0; i < n; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

static void fill_random(unsigned char *p, size_t n)
{
    if (RAND_bytes(p, (int)n) != 1)
        abort(); /* no entropy: nothing sensible to do */
}

void ks_random_hex(char *out, size_t nbytes)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char tmp[64];
    size_t done = 0;
    while (done < nbytes) {
        size_t k = nbytes - done > sizeof tmp ? sizeof tmp : nbytes - done;
        fill_random(tmp, k);
        for (size_t i = 0; i < k; i++) {
            out[2 * (done + i)] = hex[tmp[i] >> 4];
            out[2 * (done + i) + 1] = hex[tmp[i] & 15];
        }
        done += k;
    }
    out[2 * nbytes] = '\0';
}

void ks_random_chars(char *out, size_t n, const char *alphabet)
{
    size_t m = strlen(alphabet);
    size_t limit = 256 - 256 % m; /* reject to avoid modulo bias */
    size_t i = 0;
    unsigned char tmp[32];
    while (i < n) {
        fill_random(tmp, sizeof tmp);
        for (size_t j = 0; j < sizeof tmp && i < n; j++)
            if (tmp[j] < limit)
                out[i++] = alphabet[tmp[j] % m];
    }
    out[n] = '\0';
}
