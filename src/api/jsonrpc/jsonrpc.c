/* jsonrpc.c — JSON-RPC 2.0: single calls and batches, positional or named params, sessionID
 * first for every method but login. */
#include "jsonrpc.h"

#include <string.h>
#include <strings.h>

#include "../../domain/auth.h"
#include "../adapter.h"
#include "../schema/bind.h"

#define MAX_PARAMS 8
#define MAX_BATCH 100

static int rpc_code(const ks_err *err)
{
    switch (err->code) {
    case KS_E_MALFORMED_REQUEST: return -32700;
    case KS_E_INVALID_REQUEST: return -32600;
    case KS_E_UNKNOWN_METHOD: return -32601;
    case KS_E_INVALID_SESSION: return 10001;
    default: break;
    }
    if (err->kind == KS_KIND_AUTH)
        return 10000;
    return ks_err_http_status(err->kind);
}

/* The one mapping of a ks_err to the JSON-RPC error object. */
static json_t *rpc_error(json_t *id, const ks_err *err)
{
    return json_pack("{s:s, s:O, s:{s:i, s:s, s:{s:s}}}", "jsonrpc", "2.0", "id",
                     id ? id : json_null(), "error", "code", rpc_code(err), "message", err->msg,
                     "data", "error_code", ks_err_name(err->code));
}

void ks_rpc_error(ks_response *resp, const ks_err *err)
{
    ks_adapter_json(resp, ks_err_http_status(err->kind), rpc_error(NULL, err));
}

/* The argument for position i (0 = sessionID for non-login methods) or name. Borrowed. */
static json_t *param(json_t *params, size_t pos, const char *name)
{
    if (json_is_array(params))
        return json_array_get(params, pos);
    if (json_is_object(params))
        return ks_json_get(params, name);
    return NULL;
}

/* Runs one call object; returns the response object, or NULL for a notification. */
static json_t *rpc_one(ks_request *req, ks_endpoint ep, json_t *call)
{
    ks_err err;
    ks_ctx ctx;
    json_t *id = NULL, *out = NULL, *args[MAX_PARAMS] = {0}, *resp = NULL;
    const ks_op *op;

    ks_adapter_ctx(&ctx, req);
    if (!json_is_object(call)) {
        ks_err_setf(&err, KS_E_INVALID_REQUEST, "A call must be a JSON object");
        goto fail;
    }
    id = json_object_get(call, "id");
    const char *method = json_string_value(json_object_get(call, "method"));
    json_t *params = json_object_get(call, "params");
    if (!method) {
        ks_err_setf(&err, KS_E_INVALID_REQUEST, "The call has no method name");
        goto fail;
    }
    if (params && !json_is_array(params) && !json_is_object(params) && !json_is_null(params)) {
        ks_err_setf(&err, KS_E_INVALID_REQUEST, "params must be an array or an object");
        goto fail;
    }
    if (!(op = ks_op_by_rpc(ep, method))) {
        ks_err_setf(&err, KS_E_UNKNOWN_METHOD, "Unknown method '%.80s'", method);
        goto fail;
    }
    req->op_index = ks_op_index(op);
    size_t first = 0;
    if (!(op->flags & KS_OP_NOAUTH)) {
        json_t *sid = param(params, 0, "sessionID");
        if (ks_auth_session(&ctx, json_string_value(sid), &err))
            goto fail;
        req->vendor_code = ctx.vendor->code;
        first = 1;
    }
    int n = ks_op_nparams(op);
    if (json_is_array(params) && json_array_size(params) > first + (size_t)n) {
        ks_err_setf(&err, KS_E_PARAMETER_INVALID, "%s takes at most %zu parameters", op->names[ep],
                    first + (size_t)n);
        goto fail;
    }
    for (int i = 0; i < n && i < MAX_PARAMS; i++)
        args[i] = param(params, first + (size_t)i, op->params[i].f.name);
    if (ks_adapter_call(&out, &ctx, req, op, args, &err))
        goto fail;
    if (!id)
        goto done_ok; /* a notification gets no answer */
    resp = json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", out);
    return resp;
done_ok:
    json_decref(out);
    return NULL;
fail:
    /* JSON-RPC 2.0: errors of notifications are not reported, except malformed calls */
    if (!id && json_is_object(call) && err.code != KS_E_INVALID_REQUEST)
        return NULL;
    return rpc_error(id, &err);
}

void ks_rpc_handle(ks_request *req, ks_response *resp, ks_endpoint ep)
{
    ks_err err;
    json_t *body = NULL, *out = NULL;
    if (strcmp(req->method, "POST") != 0) {
        resp->allow = "POST";
        ks_err_setf(&err, KS_E_METHOD_NOT_ALLOWED, "JSON-RPC calls are POSTed");
        ks_adapter_json(resp, 405, rpc_error(NULL, &err));
        return;
    }
    if (ks_adapter_parse_json(&body, req->body, req->body_len, &err)) {
        err.code = KS_E_MALFORMED_REQUEST;
        ks_adapter_json(resp, 200, rpc_error(NULL, &err));
        return;
    }
    if (!body) {
        ks_err_setf(&err, KS_E_INVALID_REQUEST, "Empty request");
        ks_adapter_json(resp, 200, rpc_error(NULL, &err));
        return;
    }
    if (json_is_array(body)) {
        if (json_array_size(body) == 0 || json_array_size(body) > MAX_BATCH) {
            ks_err_setf(&err, KS_E_INVALID_REQUEST, "A batch holds 1 to %d calls", MAX_BATCH);
            out = rpc_error(NULL, &err);
        } else {
            out = json_array();
            size_t i;
            json_t *call;
            json_array_foreach(body, i, call) {
                json_t *r = rpc_one(req, ep, call);
                if (r)
                    json_array_append_new(out, r);
            }
            if (json_array_size(out) == 0) {
                json_decref(out);
                out = NULL;
            }
        }
    } else {
        out = rpc_one(req, ep, body);
    }
    json_decref(body);
    if (out)
        ks_adapter_json(resp, 200, out);
    else
        ks_response_set(resp, 204, "application/json", NULL, 0);
}
