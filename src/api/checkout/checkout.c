/* checkout.c — the /checkout surface: routes, the files of web/, the hosted cart's public
 * endpoints and pages, signed buy-links, the buy-link signature API.
 * Each handler decodes the request, calls the domain and encodes the answer; errors of the
 * JSON endpoints take the REST form ({"error_code", "message"}), those of pages the HTML form
 * of the shopper's pages. */
#include "checkout.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/crypto.h"
#include "../../domain/buylink.h"
#include "../../domain/checkout.h"
#include "../adapter.h"
#include "../form.h"
#include "../ops/ops.h"
#include "../rest/rest.h"
#include "../schema/conform.h"
#include "../web/web.h"
#include "assets.h"

static int method_is(ks_request *req, ks_response *resp, const char *method, ks_err *err)
{
    if (strcmp(req->method, method) == 0 ||
        (strcmp(method, "GET") == 0 && strcmp(req->method, "HEAD") == 0))
        return 1;
    resp->allow = method;
    ks_err_setf(err, KS_E_METHOD_NOT_ALLOWED, "Use %s", method);
    return 0;
}

/* Cache-Control of the files: the script and the stylesheet are cached a little (merchants'
 * pages load them on every visit; a new Kassa build may change them, so not for long); the
 * pages not at all. */
#define CACHED "public, max-age=300"
#define NO_STORE "no-store"

/* GET an embedded file of web/ with its content type and Cache-Control cache. */
static void asset(ks_request *req, ks_response *resp, const char *name, const char *cache)
{
    ks_err err;
    const ks_asset *a = ks_asset_find(name);
    if (!a) {
        ks_err_setf(&err, KS_E_NOT_FOUND, "No such file");
        ks_rest_error(resp, &err);
        return;
    }
    if (!method_is(req, resp, "GET", &err)) {
        ks_rest_error(resp, &err);
        return;
    }
    char *body = malloc(a->len + 1);
    if (!body)
        abort();
    memcpy(body, a->data, a->len + 1);
    ks_response_set(resp, 200, a->content_type, body, a->len);
    ks_response_header(resp, "Cache-Control", cache);
}

/* --- the buy-link signature API ------------------------------------------------------------ */

/* A JSON scalar as it reads in a link: strings as they are, numbers in decimal, booleans 1/0;
 * NULL for null (the parameter is absent). -1 for arrays and objects. */
static int scalar_text(const char **out, ks_arena *a, json_t *v)
{
    char tmp[64];
    *out = NULL;
    switch (json_typeof(v)) {
    case JSON_STRING:
        *out = ks_arena_strdup(a, json_string_value(v));
        return 0;
    case JSON_INTEGER:
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        snprintf(tmp, sizeof tmp, "%.15g", json_real_value(v));
        break;
    case JSON_TRUE:
        snprintf(tmp, sizeof tmp, "1");
        break;
    case JSON_FALSE:
        snprintf(tmp, sizeof tmp, "0");
        break;
    case JSON_NULL:
        return 0;
    default:
        return -1;
    }
    *out = ks_arena_strdup(a, tmp);
    return 0;
}

/* A NumericDate claim: a number, or a string of digits. */
static int numeric_claim(int64_t *out, json_t *v)
{
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return 1;
    }
    if (json_is_real(v) && json_real_value(v) > -9e15 && json_real_value(v) < 9e15) {
        *out = (int64_t)json_real_value(v);
        return 1;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        long long n = strtoll(s, &end, 10);
        if (end != s && *end == '\0') {
            *out = n;
            return 1;
        }
    }
    return 0;
}

static json_t *decode_part(ks_arena *a, const char *p, size_t len)
{
    unsigned char *buf = ks_arena_alloc(a, len * 3 / 4 + 2);
    size_t n;
    if (ks_base64url_decode(buf, &n, p, len))
        return NULL;
    return json_loadb((const char *)buf, n, JSON_REJECT_DUPLICATES, NULL);
}

/* Splits and decodes "header.payload.signature". The checks are the domain's. */
static int decode_token(ks_buylink_token *t, ks_arena *a, const char *tok, ks_err *err)
{
    memset(t, 0, sizeof *t);
    const char *d1 = tok ? strchr(tok, '.') : NULL;
    const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!tok || !*tok)
        return ks_err_setf(err, KS_E_MERCHANT_TOKEN_INVALID,
                           "The merchant-token header (a JWT) is required");
    if (!d2 || strchr(d2 + 1, '.'))
        return ks_err_setf(err, KS_E_MERCHANT_TOKEN_INVALID,
                           "Invalid merchant-token: not a JWT (header.payload.signature)");
    json_t *h = decode_part(a, tok, (size_t)(d1 - tok));
    json_t *c = decode_part(a, d1 + 1, (size_t)(d2 - d1 - 1));
    int rc = -1;
    if (!json_is_object(h) || !json_is_object(c)) {
        ks_err_setf(err, KS_E_MERCHANT_TOKEN_INVALID,
                    "Invalid merchant-token: its header and payload must be base64url JSON "
                    "objects");
        goto done;
    }
    json_t *v;
    if (json_is_string(v = json_object_get(h, "alg")))
        t->alg = ks_arena_strdup(a, json_string_value(v));
    if (json_is_string(v = json_object_get(c, "sub")))
        t->sub = ks_arena_strdup(a, json_string_value(v));
    if (json_is_string(v = json_object_get(c, "merchant")))
        t->merchant = ks_arena_strdup(a, json_string_value(v));
    if ((v = json_object_get(c, "iat")) && !(t->has_iat = numeric_claim(&t->iat, v))) {
        ks_err_setf(err, KS_E_MERCHANT_TOKEN_INVALID, "Invalid merchant-token: iat is not a date");
        goto done;
    }
    if ((v = json_object_get(c, "exp")) && !(t->has_exp = numeric_claim(&t->exp, v))) {
        ks_err_setf(err, KS_E_MERCHANT_TOKEN_INVALID, "Invalid merchant-token: exp is not a date");
        goto done;
    }
    t->signing_input = tok;
    t->signing_len = (size_t)(d2 - tok);
    t->signature = d2 + 1;
    rc = 0;
done:
    json_decref(h);
    json_decref(c);
    return rc;
}

/* POST /checkout/api/encrypt/generate/signature: merchant-token header, the link's
 * parameters as a JSON object; answers {"signature": "<64 hex>"}. */
static void signature(ks_request *req, ks_response *resp)
{
    ks_ctx ctx;
    ks_err err;
    json_t *body = NULL;
    ks_buylink_token t;
    ks_adapter_ctx(&ctx, req);
    if (!method_is(req, resp, "POST", &err) ||
        ks_adapter_parse_json(&body, req->body, req->body_len, &err))
        goto fail;
    if (!json_is_object(body)) {
        ks_err_setf(&err, KS_E_MALFORMED_REQUEST,
                    "The body must be a JSON object of buy-link parameters");
        goto fail;
    }
    size_t n = json_object_size(body), i = 0;
    ks_buylink_param *p = ks_arena_alloc(req->arena, (n ? n : 1) * sizeof *p);
    const char *key, *merchant = NULL;
    json_t *v;
    json_object_foreach(body, key, v) {
        const char *text;
        if (scalar_text(&text, req->arena, v)) {
            ks_err_setf(&err, KS_E_PARAMETER_INVALID,
                        "Buy-link parameter '%.64s' must be a string, a number or a boolean",
                        key);
            goto fail;
        }
        if (!text)
            continue;
        if (strcmp(key, "merchant") == 0)
            merchant = text;
        p[i].name = ks_arena_strdup(req->arena, key);
        p[i++].value = text;
    }
    if (decode_token(&t, req->arena, req->header(req, "merchant-token"), &err) ||
        ks_buylink_authorize(&ctx, &t, merchant, &err))
        goto fail;
    req->vendor_code = ctx.vendor->code;
    char sig[KS_BUYLINK_SIG_LEN + 1];
    ks_buylink_sign(sig, ctx.vendor->secret_word, p, i);
    ks_adapter_json(resp, 200, json_pack("{s:s}", "signature", sig));
    json_decref(body);
    return;
fail:
    json_decref(body);
    ks_rest_error(resp, &err);
}

/* --- the hosted cart's public endpoints ----------------------------------------------------- */

/* POST /checkout/api/cart/{contents,lead,order}?merchant=CODE[&cart=ID]: the JSON body is the
 * API's own object (an Order, a Lead), bound and shaped by the API's own handlers. */
typedef enum { CART_CONTENTS, CART_LEAD, CART_ORDER } cart_call;

typedef struct {
    const char *cart;
    const ks_buylink *link;
} place_arg;

static int checkout_place(ks_order *out, ks_ctx *ctx, const ks_order_in *in, void *arg,
                          ks_err *err)
{
    const place_arg *p = arg;
    return ks_checkout_place(out, ctx, p->cart, p->link, in, err);
}

/* The signed link a cart was opened from, as the cart sends it back: link={"merchant": ...,
 * "signature": ..., every other parameter} (JSON, in the query). NULL link: none. */
static int decode_link(ks_buylink **out, ks_arena *a, const char *text, ks_err *err)
{
    json_t *o = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
    int rc = -1;
    *out = NULL;
    if (!text) {
        rc = 0;
        goto done;
    }
    if (!json_is_object(o)) {
        ks_err_setf(err, KS_E_PARAMETER_INVALID, "link must be the buy-link's parameters (JSON)");
        goto done;
    }
    ks_buylink *l = ks_arena_alloc(a, sizeof *l);
    ks_buylink_param *p = ks_arena_alloc(a, (json_object_size(o) + 1) * sizeof *p);
    const char *k;
    json_t *v;
    memset(l, 0, sizeof *l);
    json_object_foreach(o, k, v) {
        if (!json_is_string(v)) {
            ks_err_setf(err, KS_E_PARAMETER_INVALID, "link.%.64s must be a string", k);
            goto done;
        }
        const char *s = ks_arena_strdup(a, json_string_value(v));
        if (strcmp(k, "merchant") == 0)
            l->merchant = s;
        else if (strcmp(k, "signature") == 0)
            l->signature = s;
        p[l->n++] = (ks_buylink_param){ks_arena_strdup(a, k), s};
    }
    l->params = p;
    *out = l;
    rc = 0;
done:
    json_decref(o);
    return rc;
}

static void cart_api(ks_request *req, ks_response *resp, cart_call call)
{
    ks_ctx ctx;
    ks_err err;
    json_t *body = NULL, *out = NULL;
    const char *cart = ks_query_value(req, "cart");
    int status = 200;
    ks_adapter_ctx(&ctx, req);
    if (!method_is(req, resp, "POST", &err) ||
        ks_checkout_merchant(&ctx, ks_query_value(req, "merchant"), &err) ||
        ks_adapter_parse_json(&body, req->body, req->body_len, &err))
        goto fail;
    req->vendor_code = ctx.vendor->code;
    json_t *args[1] = {body};
    if (call == CART_CONTENTS) {
        if (ks_adapter_call(&out, &ctx, req, ks_op_by_rpc(KS_EP_V6, "getContents"), args, &err))
            goto fail;
    } else if (call == CART_ORDER) {
        const ks_op *op = ks_op_by_rpc(KS_EP_V6, "placeOrder");
        place_arg pa = {cart, NULL};
        ks_buylink *link;
        req->op_index = ks_op_index(op);
        if (decode_link(&link, req->arena, ks_query_value(req, "link"), &err))
            goto fail;
        pa.link = link;
        if (ks_ops_place_order(&out, &ctx, op, args, checkout_place, &pa, &err))
            goto fail;
        /* the API's own types, as ks_adapter_call gives every answer */
        out = ks_schema_conform(out, op->result);
        status = 201;
    } else {
        ks_lead l;
        int saved;
        if (ks_ops_bind_lead(&l, &ctx, ks_op_by_rpc(KS_EP_V6, "addLead"), args, 0, &err) ||
            ks_checkout_save_lead(&saved, &ctx, cart, &l, &err))
            goto fail;
        out = json_pack("{s:b, s:s?}", "Saved", saved, "LeadCode", saved ? cart : NULL);
    }
    json_decref(body);
    ks_adapter_json(resp, status, out);
    return;
fail:
    json_decref(body);
    ks_rest_error(resp, &err);
}

/* --- pages --------------------------------------------------------------------------------- */

/* GET /checkout/buy?merchant=CODE&...&signature=SIG: a ConvertPlus link. The signature is
 * checked here, before the cart opens; the cart reads the link's parameters itself. */
static void buy_link(ks_request *req, ks_response *resp)
{
    ks_ctx ctx;
    ks_err err;
    ks_buylink_param *p = ks_arena_alloc(req->arena, (req->nquery + 1) * sizeof *p);
    size_t n = 0;
    ks_adapter_ctx(&ctx, req);
    for (size_t i = 0; i < req->nquery; i++)
        p[n++] = (ks_buylink_param){req->query[i].key, req->query[i].value};
    if (!method_is(req, resp, "GET", &err) ||
        ks_buylink_verify(&ctx, ks_query_value(req, "merchant"),
                          ks_query_value(req, "signature"), p, n, &err)) {
        ks_web_error(resp, &err);
        return;
    }
    req->vendor_code = ctx.vendor->code;
    asset(req, resp, "cart.html", NO_STORE);
}

static void page(ks_request *req, ks_response *resp, const char *name)
{
    asset(req, resp, name, NO_STORE);
}

/* --- routes -------------------------------------------------------------------------------- */

static int path_is(const char *rest, const char *p)
{
    size_t n = strlen(p);
    return strncmp(rest, p, n) == 0 && (rest[n] == '\0' || strcmp(rest + n, "/") == 0);
}

void ks_checkout_handle(ks_request *req, ks_response *resp, const char *rest)
{
    ks_err err;
    if (path_is(rest, "/api/encrypt/generate/signature"))
        signature(req, resp);
    else if (path_is(rest, "/api/cart/contents"))
        cart_api(req, resp, CART_CONTENTS);
    else if (path_is(rest, "/api/cart/lead"))
        cart_api(req, resp, CART_LEAD);
    else if (path_is(rest, "/api/cart/order"))
        cart_api(req, resp, CART_ORDER);
    else if (path_is(rest, "/client/twoCoInlineCart.js"))
        asset(req, resp, "twoCoInlineCart.js", CACHED);
    else if (path_is(rest, "/cart"))
        page(req, resp, "cart.html");
    else if (path_is(rest, "/finish"))
        page(req, resp, "finish.html");
    else if (path_is(rest, "/demo"))
        page(req, resp, "demo.html");
    else if (path_is(rest, "/buy"))
        buy_link(req, resp);
    else if (strncmp(rest, "/static/", 8) == 0 && !strchr(rest + 8, '/'))
        asset(req, resp, rest + 8, CACHED);
    else {
        ks_err_setf(&err, KS_E_NOT_FOUND, "No such resource");
        ks_rest_error(resp, &err);
    }
}
