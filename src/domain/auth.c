/* auth.c — vendors, HMAC verification and sessions. */
#include "auth.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/crypto.h"
#include "../core/log.h"
#include "store.h"
#include "catalog.h"
#include "clock.h"
#include "common.h"

/* --- header parsing ---------------------------------------------------------------------- */

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == ',' || *p == ';')
        p++;
    return p;
}

int ks_auth_header_parse(ks_auth_header *out, ks_arena *a, const char *header, ks_err *err)
{
    memset(out, 0, sizeof *out);
    if (!header)
        return ks_err_set(err, KS_E_AUTHENTICATION_ERROR);
    const char *p = skip_ws(header);
    while (*p) {
        const char *k = p;
        while (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
            p++;
        size_t klen = (size_t)(p - k);
        while (*p == ' ')
            p++;
        if (klen == 0 || *p != '=')
            return ks_err_set(err, KS_E_AUTHENTICATION_ERROR);
        p++;
        while (*p == ' ')
            p++;
        char q = *p;
        if (q != '"' && q != '\'')
            return ks_err_set(err, KS_E_AUTHENTICATION_ERROR);
        const char *v = ++p;
        while (*p && *p != q)
            p++;
        if (*p != q)
            return ks_err_set(err, KS_E_AUTHENTICATION_ERROR);
        char *val = ks_arena_strndup(a, v, (size_t)(p - v));
        p = skip_ws(p + 1);
        const char **slot = NULL;
        if (klen == 4 && strncasecmp(k, "code", 4) == 0)
            slot = &out->code;
        else if (klen == 4 && strncasecmp(k, "date", 4) == 0)
            slot = &out->date;
        else if (klen == 4 && strncasecmp(k, "hash", 4) == 0)
            slot = &out->hash;
        else if (klen == 4 && strncasecmp(k, "algo", 4) == 0)
            slot = &out->algo;
        if (slot) {
            if (*slot) /* a part given twice is ambiguous */
                return ks_err_set(err, KS_E_AUTHENTICATION_ERROR);
            *slot = val;
        }
    }
    if (!out->code || !out->date || !out->hash)
        return ks_err_set(err, KS_E_AUTHENTICATION_ERROR);
    return 0;
}

/* --- vendors ----------------------------------------------------------------------------- */

const char *const ks_model_names[] = {"MOR", "PSP", NULL};

int ks_model_parse(ks_model *out, const char *s)
{
    int i = ks_name_find(ks_model_names, s, 1);
    if (i < 0)
        return -1;
    *out = (ks_model)i;
    return 0;
}

ks_model ks_model_or_default(const char *s)
{
    /* API: vendors — MOR (merchant of record) is the platform's default business model */
    ks_model m = KS_MODEL_MOR;
    ks_model_parse(&m, s);
    return m;
}

const char *ks_model_name(ks_model m) { return ks_name_of(ks_model_names, (int)m, "MOR"); }

static int valid_code(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > KS_VENDOR_CODE_MAX)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return 0;
    return 1;
}

int ks_vendor_create(ks_vendor *out, ks_ctx *ctx, const char *code, const char *secret,
                     const char *secret_word, ks_model model, int subscription_delay_s, ks_err *err)
{
    if (!valid_code(code))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "Vendor code must be 1-%d letters, digits, '_', '-' or '.'",
                           KS_VENDOR_CODE_MAX);
    /* a sandbox takes any secret key given explicitly (official SDK suites use short ones);
     * the ones Kassa generates are strong */
    if (secret && (!*secret || strlen(secret) > 256))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "Secret key must be 1-256 characters");
    if (secret && strlen(secret) < KS_SECRET_WEAK_BELOW)
        ks_log_warn("vendor %s: its secret key is weak (fewer than %d characters)", code,
                    KS_SECRET_WEAK_BELOW);
    if (secret_word && (!*secret_word || strlen(secret_word) > 256))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "The buy-link secret word must be 1-256 characters");
    if (subscription_delay_s < KS_VENDOR_DELAY_DEFAULT ||
        subscription_delay_s > KS_SUBSCRIPTION_DELAY_MAX)
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "The subscription delay must be 0-%d seconds",
                           KS_SUBSCRIPTION_DELAY_MAX);
    char gen[41];
    if (!secret) {
        /* 32 characters over 64 symbols: 192 bits */
        ks_random_chars(gen, 32,
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#@");
        secret = gen;
    }
    char word_gen[33];
    if (!secret_word) {
        ks_random_hex(word_gen, 16);
        secret_word = word_gen;
    }
    memset(out, 0, sizeof *out);
    out->code = ks_arena_strdup(ctx->arena, code);
    out->secret = ks_arena_strdup(ctx->arena, secret);
    out->secret_word = ks_arena_strdup(ctx->arena, secret_word);
    out->model = model;
    out->tz_offset = 2 * 3600; /* API time zone GMT+02:00, the platform's default */
    /* API: Subscription — "Subscriptions can be retrieved starting with 5 minutes after their
     * orders are generated"; a vendor may shorten that for fast test suites */
    out->subscription_delay_s = subscription_delay_s == KS_VENDOR_DELAY_DEFAULT
                                    ? KS_SUBSCRIPTION_DELAY_PLATFORM
                                    : subscription_delay_s;
    out->created = ks_time_real_now();
    /* the notification defaults (the columns' defaults in the store): every signature, test
     * orders notify, every IPN group; no listener yet */
    out->notify = (ks_notify_settings){NULL, NULL, KS_SIG_ALL, 1, KS_IPN_GROUP_ALL};
    /* every vendor starts with the default tax categories of its catalog, in the same commit */
    ks_tax_category cats[KS_TAX_CATEGORIES_DEFAULT];
    ks_tax_categories_default(cats, ctx->arena);
    return ctx->store->ops->vendor_insert(ctx->store, out, cats, KS_TAX_CATEGORIES_DEFAULT, err);
}

int ks_vendor_use(ks_ctx *ctx, const char *code, ks_err *err)
{
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    if (!code || !*code)
        return ks_err_setf(err, KS_E_PARAMETER_MISSING, "Vendor is required");
    if (ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, code, v, err))
        return -1;
    ctx->vendor = v;
    return 0;
}

/* --- the vendor cache --------------------------------------------------------------------- */

#define CACHE_SLOTS 64 /* by code, probing CACHE_PROBE slots from the code's own */
#define CACHE_PROBE 8  /* a vendor is replaced only when that many others share its slots */

typedef struct {
    ks_arena *arena; /* v's strings; NULL: the slot is empty */
    ks_vendor v;
    uint64_t read_ns; /* when v was read from the store (monotonic) */
    /* the last header v signed correctly (signed_ok) */
    int signed_ok;
    ks_hmac_algo algo;
    char date[KS_TIME_STR_MAX];
    char hash[KS_HMAC_HEX_MAX];
} cache_entry;

struct ks_auth_cache {
    pthread_mutex_t mu;
    uint64_t ttl_ns;
    cache_entry e[CACHE_SLOTS];
};

ks_auth_cache *ks_auth_cache_new(int ttl_ms)
{
    ks_auth_cache *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->ttl_ns = ttl_ms > 0 ? (uint64_t)ttl_ms * 1000000 : 0;
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void ks_auth_cache_free(ks_auth_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++)
        ks_arena_free(c->e[i].arena);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

void ks_auth_cache_forget(ks_auth_cache *c, int64_t vendor_id)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (c->e[i].arena && c->e[i].v.id == vendor_id) {
            ks_arena_free(c->e[i].arena);
            memset(&c->e[i], 0, sizeof c->e[i]);
        }
    pthread_mutex_unlock(&c->mu);
}

/* ks_vendor_copy must copy every string of ks_vendor: this stops the build when the struct
 * changes, so that whoever adds a field looks here. */
struct vendor_fields {
    int64_t id;
    const char *code, *secret, *secret_word;
    ks_model model;
    int tz_offset, subscription_delay_s;
    ks_notify_settings notify;
    ks_time created;
};
struct notify_fields {
    const char *ipn_urls, *lcn_urls;
    int signatures, test_orders, ipn_groups;
};
_Static_assert(sizeof(ks_vendor) == sizeof(struct vendor_fields),
               "ks_vendor changed: copy its new fields in ks_vendor_copy");
_Static_assert(sizeof(ks_notify_settings) == sizeof(struct notify_fields),
               "ks_notify_settings changed: copy its new fields in ks_vendor_copy");

void ks_vendor_copy(ks_vendor *dst, ks_arena *a, const ks_vendor *v)
{
    *dst = *v;
    dst->code = ks_arena_strdup(a, v->code);
    dst->secret = ks_arena_strdup(a, v->secret);
    dst->secret_word = ks_arena_strdup(a, v->secret_word);
    dst->notify.ipn_urls = ks_arena_strdup(a, v->notify.ipn_urls);
    dst->notify.lcn_urls = ks_arena_strdup(a, v->notify.lcn_urls);
}

static unsigned slot_of(const char *code)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *code; code++)
        h = (h ^ (unsigned char)*code) * 16777619u;
    return h % CACHE_SLOTS;
}

/* The fresh entry of vendor code (or, code NULL, of vendor id), under c->mu; NULL if none. */
static cache_entry *cache_find(ks_auth_cache *c, const char *code, int64_t id)
{
    cache_entry *e = NULL;
    if (code) {
        for (unsigned i = 0, at = slot_of(code); i < CACHE_PROBE && !e; i++) {
            cache_entry *x = &c->e[(at + i) % CACHE_SLOTS];
            if (x->arena && strcmp(x->v.code, code) == 0)
                e = x;
        }
    } else {
        for (int i = 0; i < CACHE_SLOTS && !e; i++)
            if (c->e[i].arena && c->e[i].v.id == id)
                e = &c->e[i];
    }
    if (e && ks_time_mono_ns() - e->read_ns >= c->ttl_ns)
        e = NULL;
    return e;
}

/* Copies the cached vendor (by code, or by id when code is NULL) into *v (strings in a) and
 * sets *read_ns; *signed_before is 1 when hash, compared in constant time, is the one this
 * vendor last signed with algo and date. Returns 1 on a hit, 0 on a miss (or no cache). */
static int cache_get(ks_auth_cache *c, ks_arena *a, const char *code, int64_t id,
                     ks_hmac_algo algo, const char *date, const char *hash, ks_vendor *v,
                     uint64_t *read_ns, int *signed_before)
{
    *signed_before = 0;
    if (!c)
        return 0;
    pthread_mutex_lock(&c->mu);
    cache_entry *e = cache_find(c, code, id);
    if (e) {
        ks_vendor_copy(v, a, &e->v);
        *read_ns = e->read_ns;
        *signed_before = hash && e->signed_ok && e->algo == algo && strcmp(e->date, date) == 0 &&
                         ks_ct_streq(e->hash, hash);
    }
    pthread_mutex_unlock(&c->mu);
    return e != NULL;
}

/* Keeps v, read from the store at read_ns, and (hash not NULL) the header it signed. */
static void cache_put(ks_auth_cache *c, const ks_vendor *v, uint64_t read_ns, ks_hmac_algo algo,
                      const char *date, const char *hash)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    /* v's own entry among its slots, else an empty one, else the one read the longest ago */
    cache_entry *e = NULL, *empty = NULL, *oldest = NULL;
    for (unsigned i = 0, at = slot_of(v->code); i < CACHE_PROBE && !e; i++) {
        cache_entry *x = &c->e[(at + i) % CACHE_SLOTS];
        if (x->arena && x->v.id == v->id)
            e = x;
        else if (!x->arena && !empty)
            empty = x;
        else if (x->arena && (!oldest || x->read_ns < oldest->read_ns))
            oldest = x;
    }
    if (!e)
        e = empty ? empty : oldest;
    if (!e->arena || e->v.id != v->id || e->read_ns != read_ns) {
        ks_arena_free(e->arena);
        memset(e, 0, sizeof *e);
        e->arena = ks_arena_new();
        ks_vendor_copy(&e->v, e->arena, v);
        e->read_ns = read_ns;
    }
    if (hash && strlen(date) < sizeof e->date && strlen(hash) < sizeof e->hash) {
        e->algo = algo;
        snprintf(e->date, sizeof e->date, "%s", date);
        snprintf(e->hash, sizeof e->hash, "%s", hash);
        e->signed_ok = 1;
    }
    pthread_mutex_unlock(&c->mu);
}

/* --- HMAC -------------------------------------------------------------------------------- */

/* The key of the HMAC computed for a merchant code that is not a vendor's: a random value of
 * the length of a generated secret, drawn once. */
static char decoy[65];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;

static void draw_decoy(void) { ks_random_hex(decoy, 32); }

static const char *decoy_secret(void)
{
    pthread_once(&decoy_once, draw_decoy);
    return decoy;
}

static int check_hmac(ks_ctx *ctx, const ks_auth_header *h, ks_vendor *v)
{
    ks_hmac_algo algo;
    ks_time t;
    ks_err e;
    uint64_t read_ns = 0;
    int signed_before = 0;
    if (ks_hmac_algo_parse(&algo, h->algo))
        return -1;
    /* the platform's date is UTC "YYYY-MM-DD HH:MM:SS" */
    if (ks_time_parse(&t, h->date, 0))
        return -1;
    ks_time now = ks_time_real_now();
    if (t < now - ctx->cfg->auth_window_s || t > now + ctx->cfg->auth_window_s)
        return -1;
    char given[KS_HMAC_HEX_MAX];
    size_t gl = strlen(h->hash);
    if (gl >= sizeof given)
        return -1;
    for (size_t i = 0; i <= gl; i++) /* clients may send upper-case hex */
        given[i] = (char)tolower((unsigned char)h->hash[i]);
    int cached = valid_code(h->code) && cache_get(ctx->auth_cache, ctx->arena, h->code, 0, algo,
                                                  h->date, given, v, &read_ns, &signed_before);
    if (signed_before)
        return 0;
    /* API: authentication — an unknown merchant code costs the same HMAC as a known one, so
     * that the time of the answer does not tell whether a code exists */
    int known = cached;
    if (!cached) {
        read_ns = ks_time_mono_ns();
        known = valid_code(h->code) &&
                ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, h->code, v, &e) == 0;
    }
    const char *secret = known ? v->secret : decoy_secret();
    char msg[512], mac[KS_HMAC_HEX_MAX];
    int n = snprintf(msg, sizeof msg, "%zu%s%zu%s", strlen(h->code), h->code, strlen(h->date),
                     h->date);
    if (n < 0 || (size_t)n >= sizeof msg)
        return -1;
    if (ks_hmac_hex(mac, algo, secret, strlen(secret), msg, (size_t)n))
        return -1;
    if (ks_ct_streq(mac, given) && known) {
        cache_put(ctx->auth_cache, v, read_ns, algo, h->date, given);
        return 0;
    }
    if (cached) {
        /* a wrong signature for a cached vendor reads the store as one for an unknown code
         * does, so that the time of a failure does not tell either whether a code exists */
        ks_vendor ignored;
        ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, h->code, &ignored, &e);
    }
    return -1;
}

int ks_auth_verify(ks_ctx *ctx, const ks_auth_header *h, ks_err *err)
{
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    if (check_hmac(ctx, h, v))
        return ks_err_set(err, KS_E_AUTHENTICATION_ERROR);
    ctx->vendor = v;
    return 0;
}

int ks_auth_login(char sid[KS_SESSION_ID_LEN + 1], ks_ctx *ctx, const ks_auth_header *h,
                  ks_err *err)
{
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    ks_time now;
    if (check_hmac(ctx, h, v))
        return ks_err_set(err, KS_E_AUTHENTICATION_FAILED);
    if (ks_clock_now(&now, ctx, err))
        return -1;
    ks_random_hex(sid, KS_SESSION_ID_LEN / 2);
    if (ctx->store->ops->session_insert(ctx->store, sid, v->id, now + ctx->cfg->session_ttl_s,
                                        err))
        return -1;
    ctx->vendor = v;
    return 0;
}

int ks_auth_session(ks_ctx *ctx, const char *sid, ks_err *err)
{
    int64_t vid;
    ks_time expires, now;
    if (!sid || strlen(sid) != KS_SESSION_ID_LEN)
        return ks_err_set(err, KS_E_INVALID_SESSION);
    if (ctx->store->ops->session_get(ctx->store, sid, &vid, &expires, err))
        return -1;
    if (ks_clock_now(&now, ctx, err))
        return -1;
    if (now >= expires)
        return ks_err_setf(err, KS_E_INVALID_SESSION, "Session expired; call login again");
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    uint64_t read_ns;
    int unused;
    if (!cache_get(ctx->auth_cache, ctx->arena, NULL, vid, KS_HMAC_MD5, NULL, NULL, v, &read_ns,
                   &unused)) {
        read_ns = ks_time_mono_ns();
        if (ctx->store->ops->vendor_by_id(ctx->store, ctx->arena, vid, v, err))
            return -1;
        cache_put(ctx->auth_cache, v, read_ns, KS_HMAC_MD5, NULL, NULL);
    }
    ctx->vendor = v;
    ctx->session_id = ks_arena_strdup(ctx->arena, sid);
    return 0;
}
