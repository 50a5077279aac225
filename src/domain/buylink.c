/* buylink.c — ConvertPlus buy-link signatures and the merchant-token (JWT) that asks for one.
 * Every rule of the signature API lives here; the adapter only decodes the wire format. */
#include "buylink.h"

#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/crypto.h"
#include "../core/timeutil.h"
#include "store.h"

/* API: ConvertPlus buy-link signature — "General parameters included in the signature,
 * regardless of the type of checkout: return-url, return-type, expiration, order-ext-ref,
 * customer-ref, customer-ext-ref, lock. Parameters to be included in the signature for
 * dynamic products buy-links: currency, prod, price, qty, tangible, type, opt, description,
 * recurrence, duration, renewal-price, item-ext-ref"; for catalog products also coupon. "The
 * merchant parameter is never signed." Sorted, as the signature sorts them. */
static const char *const signed_params[] = {
    "coupon",      "currency", "customer-ext-ref", "customer-ref", "description",   "duration",
    "expiration",  "item-ext-ref", "lock",         "opt",          "order-ext-ref", "price",
    "prod",        "qty",      "recurrence",       "renewal-price", "return-type",  "return-url",
    "tangible",    "type",
};

#define TOKEN_DEFAULT_TTL (30 * 60)

const char *ks_buylink_get(const ks_buylink *link, const char *name)
{
    for (size_t i = 0; link && i < link->n; i++)
        if (link->params[i].name && strcmp(link->params[i].name, name) == 0)
            return link->params[i].value;
    return NULL;
}

int ks_buylink_is_signed(const char *name)
{
    for (size_t i = 0; i < sizeof signed_params / sizeof signed_params[0]; i++)
        if (strcmp(name, signed_params[i]) == 0)
            return 1;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    const ks_buylink_param *x = *(const ks_buylink_param *const *)a;
    const ks_buylink_param *y = *(const ks_buylink_param *const *)b;
    return strcmp(x->name, y->name);
}

void ks_buylink_sign(char out[KS_BUYLINK_SIG_LEN + 1], const char *secret_word,
                     const ks_buylink_param *p, size_t n)
{
    const ks_buylink_param **sel = calloc(n ? n : 1, sizeof *sel);
    size_t m = 0;
    if (!sel)
        abort();
    for (size_t i = 0; i < n; i++)
        if (p[i].name && p[i].value && ks_buylink_is_signed(p[i].name))
            sel[m++] = &p[i];
    /* API: ConvertPlus buy-link signature — "Sort the parameters that require a signature
     * alphabetically. Serialize the parameters and append to them the length of their values.
     * Concatenate the resulting values. Use the serialized string to generate an HMAC_SHA256
     * using your Buy link Secret Word" */
    qsort(sel, m, sizeof *sel, by_name);
    ks_buf b = KS_BUF_INIT;
    for (size_t i = 0; i < m; i++) {
        ks_buf_printf(&b, "%zu", strlen(sel[i]->value));
        ks_buf_puts(&b, sel[i]->value);
    }
    const char *word = secret_word ? secret_word : "";
    if (ks_hmac_hex(out, KS_HMAC_SHA256, word, strlen(word), b.data ? b.data : "", b.len))
        abort(); /* HMAC-SHA256 of memory we own cannot fail but for OOM */
    ks_buf_free(&b);
    free(sel);
}

static int refuse(ks_err *err, const char *why)
{
    return ks_err_setf(err, KS_E_MERCHANT_TOKEN_INVALID, "Invalid merchant-token: %s", why);
}

int ks_buylink_authorize(ks_ctx *ctx, const ks_buylink_token *t, const char *body_merchant,
                         ks_err *err)
{
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    ks_err lookup;
    /* API: merchant JWT — "alg: HS512 (string, required) - encryption algorithm" */
    if (!t->alg || strcmp(t->alg, "HS512") != 0)
        return refuse(err, "the algorithm must be HS512");
    /* API: merchant JWT — "sub: MERCH_CODE (string, required) - subject, the merchant code
     * whom the token refers"; some clients name it in a merchant claim, or only in the link */
    const char *code = t->sub && *t->sub ? t->sub : t->merchant && *t->merchant ? t->merchant
                                                                               : body_merchant;
    if (!code || !*code)
        return refuse(err, "no merchant code (sub)");
    if (body_merchant && *body_merchant && strcmp(body_merchant, code) != 0)
        return refuse(err, "the merchant parameter names another merchant");
    if (ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, code, v, &lookup))
        return refuse(err, "unknown merchant");
    if (!v->secret_word ||
        !ks_jwt_hs512_valid(t->signing_input, t->signing_len, t->signature, v->secret_word,
                            strlen(v->secret_word)))
        return refuse(err, "the signature does not match the buy-link secret word");
    /* API: merchant JWT — "iat (string, required) - issued at, must be current timestamp";
     * "exp (string, optional) - expiration time, must be in UNIX timestamp format from
     * future". Tokens are made with the real clock, so they are judged by it. */
    int64_t now = ks_time_real_now();
    if (!t->has_iat)
        return refuse(err, "iat is required");
    if (t->iat > now + ctx->cfg->auth_window_s)
        return refuse(err, "iat is in the future");
    int64_t exp = t->has_exp ? t->exp : t->iat + TOKEN_DEFAULT_TTL;
    if (exp <= now)
        return refuse(err, "the token has expired");
    ctx->vendor = v;
    return 0;
}

int ks_buylink_verify(ks_ctx *ctx, const char *merchant, const char *signature,
                      const ks_buylink_param *p, size_t n, ks_err *err)
{
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    char expect[KS_BUYLINK_SIG_LEN + 1];
    if (!merchant || !*merchant)
        return ks_err_setf(err, KS_E_VENDOR_NOT_FOUND, "The buy-link names no merchant");
    if (ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, merchant, v, err))
        return -1;
    ks_buylink_sign(expect, v->secret_word, p, n);
    if (!signature || !ks_ct_streq(expect, signature))
        return ks_err_setf(err, KS_E_BUYLINK_SIGNATURE_INVALID,
                           "The buy-link signature does not match its parameters");
    /* API: ConvertPlus buy-links — "expiration: Buy link expiry date. The link becomes invalid
     * after the date from this parameter. Send as a UTC timestamp." */
    for (size_t i = 0; i < n; i++)
        if (p[i].name && p[i].value && strcmp(p[i].name, "expiration") == 0) {
            char *end;
            long long e = strtoll(p[i].value, &end, 10);
            if (end == p[i].value || *end || e <= ks_time_real_now())
                return ks_err_setf(err, KS_E_BUYLINK_EXPIRED, "The buy-link has expired");
        }
    ctx->vendor = v;
    return 0;
}
