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

int ks_hmac_hex(char *out, ks_hmac_algo algo, const char *key, size_t keylen, const void *msg,
                size_t msglen)
{
    const EVP_MD *md = algo == KS_HMAC_MD5      ? EVP_md5()
                       : algo == KS_HMAC_SHA256 ? EVP_sha256()
                                                : EVP_sha3_256();
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    if (!HMAC(md, key, (int)keylen, msg, msglen, mac, &maclen))
        return -1;
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < maclen; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[2 * maclen] = '\0';
    return 0;
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
