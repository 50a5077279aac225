/* rest.c — REST 6.0: routes from the operation table's path templates, authentication by the
 * X-Avangate-Authentication header, arguments from the path, the query and the JSON body, and
 * errors as an HTTP status with {"error_code", "message"}. */
#include "rest.h"

#include <stdio.h>
#include <string.h>

#include "../../core/crypto.h"
#include "../../domain/auth.h"
#include "../adapter.h"
#include "../schema/bind.h"

#define MAX_SEGS 16
#define MAX_PARAMS 8

typedef struct {
    const char *seg[MAX_SEGS];
    int n;
} segments;

/* Splits on '/', skipping empty segments: "/orders", "/orders/" and "/orders//" are one path. */
static int split(segments *out, ks_arena *a, const char *path)
{
    out->n = 0;
    while (*path) {
        while (*path == '/')
            path++;
        if (!*path)
            break;
        const char *e = strchr(path, '/');
        size_t len = e ? (size_t)(e - path) : strlen(path);
        if (out->n == MAX_SEGS)
            return -1;
        out->seg[out->n++] = ks_arena_strndup(a, path, len);
        path += len;
    }
    return 0;
}

/* 1 if the template matches; path parameters are read later by name. */
static int match(const segments *tpl, const segments *p)
{
    if (tpl->n != p->n)
        return 0;
    for (int i = 0; i < p->n; i++)
        if (tpl->seg[i][0] != '{' && strcmp(tpl->seg[i], p->seg[i]) != 0)
            return 0;
    return 1;
}

static const char *path_param(const segments *tpl, const segments *p, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < tpl->n; i++)
        if (tpl->seg[i][0] == '{' && strncmp(tpl->seg[i] + 1, name, n) == 0 &&
            tpl->seg[i][n + 1] == '}')
            return p->seg[i];
    return NULL;
}

/* The query string as an object: repeated keys and "key[]" / "key[0]" become arrays. */
static json_t *query_object(const ks_request *req)
{
    json_t *o = json_object();
    for (size_t i = 0; i < req->nquery; i++) {
        char key[128];
        const char *k = req->query[i].key;
        size_t kl = strcspn(k, "[");
        int is_array = k[kl] == '[';
        if (kl == 0 || kl >= sizeof key)
            continue;
        memcpy(key, k, kl);
        key[kl] = '\0';
        json_t *v = json_string(req->query[i].value ? req->query[i].value : "");
        if (!v)
            continue; /* not UTF-8: dropped, as an unknown field would be */
        json_t *old = json_object_get(o, key);
        if (json_is_array(old)) {
            json_array_append_new(old, v);
        } else if (old) {
            json_t *arr = json_array();
            json_array_append(arr, old);
            json_array_append_new(arr, v);
            json_object_set_new(o, key, arr);
        } else if (is_array) {
            json_t *arr = json_array();
            json_array_append_new(arr, v);
            json_object_set_new(o, key, arr);
        } else {
            json_object_set_new(o, key, v);
        }
    }
    return o;
}

void ks_rest_error(ks_response *resp, const ks_err *err)
{
    ks_adapter_json(resp, ks_err_http_status(err->kind),
                    json_pack("{s:s, s:s}", "error_code", ks_err_name(err->code), "message",
                              err->msg));
}

static int authenticate(ks_ctx *ctx, ks_request *req, const ks_op *op, int control, ks_err *err)
{
    if (control) {
        const char *h = req->header(req, "Authorization");
        if (!h || strncmp(h, "Bearer ", 7) != 0 || !ks_ct_streq(h + 7, req->app->admin_token))
            return ks_err_setf(err, KS_E_AUTHENTICATION_ERROR,
                               "The control API needs 'Authorization: Bearer <admin token>'");
        return 0;
    }
    if (op->flags & KS_OP_NOAUTH)
        return 0;
    ks_auth_header h;
    if (ks_auth_header_parse(&h, req->arena, req->header(req, "X-Avangate-Authentication"), err))
        return -1;
    req->vendor_code = h.code; /* for the request log, even when the hash is wrong */
    return ks_auth_verify(ctx, &h, err);
}

void ks_rest_handle(ks_request *req, ks_response *resp, const char *path, int control)
{
    ks_err err;
    ks_ctx ctx;
    segments p, tpl;
    const ks_op *op = NULL;
    json_t *args[MAX_PARAMS] = {0}, *body = NULL, *out = NULL;
    char allow[64] = "";

    ks_adapter_ctx(&ctx, req);
    if (control && !req->app->admin_token) {
        ks_err_setf(&err, KS_E_NOT_FOUND, "The control API is off: start kassa with --admin-token");
        goto fail;
    }
    if (split(&p, req->arena, path)) {
        ks_err_set(&err, KS_E_NOT_FOUND);
        goto fail;
    }
    for (int i = 0; i < ks_ops_count; i++) {
        const ks_op *o = &ks_ops[i];
        if (!o->rest_method || !!(o->flags & KS_OP_ADMIN) != control)
            continue;
        split(&tpl, req->arena, o->rest_path);
        if (!match(&tpl, &p))
            continue;
        if (strcmp(o->rest_method, req->method) == 0) {
            op = o;
            break;
        }
        size_t n = strlen(allow);
        snprintf(allow + n, sizeof allow - n, "%s%s", n ? ", " : "", o->rest_method);
    }
    if (!op && *allow) {
        resp->allow = ks_arena_strdup(req->arena, allow);
        ks_err_setf(&err, KS_E_METHOD_NOT_ALLOWED, "Method %s is not allowed here; use %s",
                    req->method, allow);
        goto fail;
    }
    if (!op) {
        ks_err_setf(&err, KS_E_NOT_FOUND, "No such resource: %.200s", path);
        goto fail;
    }
    req->op_index = ks_op_index(op);
    if (authenticate(&ctx, req, op, control, &err))
        goto fail;
    for (int i = 0; op->params[i].f.name && i < MAX_PARAMS; i++) {
        const ks_param *prm = &op->params[i];
        switch (prm->src) {
        case KS_SRC_PATH: {
            const char *v = path_param(&tpl, &p, prm->f.name);
            args[i] = v ? json_string(v) : NULL;
            break;
        }
        case KS_SRC_QUERY:
            args[i] = query_object(req);
            if (prm->f.type != KS_T_OBJECT) {
                json_t *one = json_incref(ks_json_get(args[i], prm->f.name));
                json_decref(args[i]);
                args[i] = one;
            }
            break;
        case KS_SRC_BODY:
            if (!body && ks_adapter_parse_json(&body, req->body, req->body_len, &err))
                goto fail;
            args[i] = json_incref(body);
            break;
        }
    }
    if (ks_adapter_call(&out, &ctx, req, op, args, &err))
        goto fail;
    ks_adapter_json(resp, op->rest_status, out);
    goto done;
fail:
    ks_rest_error(resp, &err);
done:
    for (int i = 0; i < MAX_PARAMS; i++)
        json_decref(args[i]);
    json_decref(body);
}
