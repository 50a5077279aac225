/* adapter.c — shared by the REST, JSON-RPC and SOAP adapters. */
#include "adapter.h"

#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "schema/conform.h"

void ks_adapter_ctx(ks_ctx *ctx, ks_request *req)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->store = req->app->store;
    ctx->arena = req->arena;
    ctx->cfg = &req->app->cfg;
    ctx->auth_cache = req->app->auth_cache;
    ctx->answers = req->app->answers;
    /* links Kassa hands out (3-D Secure, PayPal pages) point where the client reached it */
    const char *host = req->header ? req->header(req, "Host") : NULL;
    if (host && *host && strlen(host) < 256 && !strpbrk(host, " \t\r\n\"'<>/\\"))
        ctx->origin = ks_arena_printf(req->arena, "http://%s", host);
}

int ks_adapter_call(json_t **out, ks_ctx *ctx, ks_request *req, const ks_op *op,
                    json_t *const *args, ks_err *err)
{
    req->op_index = ks_op_index(op);
    *out = NULL;
    int rc = op->fn(ctx, op, args, out, err);
    if (ctx->vendor)
        req->vendor_code = ctx->vendor->code;
    if (rc) {
        json_decref(*out);
        *out = NULL;
    } else if (!*out) {
        *out = json_null();
    } else {
        /* the schema decides the JSON type of every field of the answer, on every protocol */
        *out = ks_schema_conform(*out, op->result);
    }
    return rc;
}

void ks_adapter_json(ks_response *resp, int status, json_t *v)
{
    size_t len;
    char *s = ks_json_dump(v, &len);
    if (!s) {
        s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        len = s ? strlen(s) : 0;
    }
    json_decref(v);
    if (!s)
        abort();
    ks_response_set(resp, status, "application/json", s, len);
}

int ks_adapter_parse_json(json_t **out, const char *body, size_t len, ks_err *err)
{
    json_error_t je;
    *out = NULL;
    size_t i = 0;
    while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
        i++;
    if (!body || i == len)
        return 0;
    *out = json_loadb(body, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    if (!*out)
        return ks_err_setf(err, KS_E_MALFORMED_REQUEST,
                           "The request body is not valid JSON: %s at line %d, column %d",
                           je.text, je.line, je.column);
    return 0;
}
