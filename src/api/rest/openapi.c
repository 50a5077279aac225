/* openapi.c — the OpenAPI 3 document of the REST surface, generated from the operation table
 * and the schema (the same declarations that validate requests and write the WSDL). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../adapter.h"
#include "rest.h"

static json_t *field_schema(json_t *components, const ks_field *f);

static json_t *object_schema(json_t *components, const ks_schema *s)
{
    json_t *schemas = json_object_get(components, "schemas");
    if (!json_object_get(schemas, s->name)) {
        json_t *o = json_object(), *props = json_object(), *req = json_array();
        json_object_set_new(schemas, s->name, o); /* before recursing: objects may nest */
        json_object_set_new(o, "type", json_string("object"));
        if (s->doc)
            json_object_set_new(o, "description", json_string(s->doc));
        for (const ks_field *f = s->fields; f->name; f++) {
            json_t *fs = field_schema(components, f);
            if (f->flags & KS_F_OUTPUT)
                json_object_set_new(fs, "readOnly", json_true());
            if (f->flags & KS_F_SECRET)
                json_object_set_new(fs, "writeOnly", json_true());
            json_object_set_new(props, f->name, fs);
            if (f->flags & KS_F_REQUIRED)
                json_array_append_new(req, json_string(f->name));
        }
        json_object_set_new(o, "properties", props);
        if (json_array_size(req))
            json_object_set_new(o, "required", req);
        else
            json_decref(req);
    }
    char ref[160];
    snprintf(ref, sizeof ref, "#/components/schemas/%s", s->name);
    return json_pack("{s:s}", "$ref", ref);
}

static json_t *scalar_schema(ks_type t, const ks_field *f)
{
    json_t *o = json_object();
    switch (t) {
    case KS_T_INT: json_object_set_new(o, "type", json_string("integer")); break;
    case KS_T_BOOL: json_object_set_new(o, "type", json_string("boolean")); break;
    case KS_T_DECIMAL: json_object_set_new(o, "type", json_string("number")); break;
    case KS_T_ANY: break;
    default: json_object_set_new(o, "type", json_string("string")); break;
    }
    if (t == KS_T_STRING && f->maxlen)
        json_object_set_new(o, "maxLength", json_integer(f->maxlen));
    if (t == KS_T_INT && f->min < f->max) {
        json_object_set_new(o, "minimum", json_integer(f->min));
        json_object_set_new(o, "maximum", json_integer(f->max));
    }
    static const char *const fmts[] = {NULL,    "iso-4217", "iso-639-1", "iso-3166-alpha-2",
                                       "email", "date",     "date-time-platform"};
    if (t == KS_T_STRING && f->fmt)
        json_object_set_new(o, "format", json_string(fmts[f->fmt]));
    if (t == KS_T_STRING && f->enums) {
        json_t *e = json_array();
        for (const char *const *v = f->enums; *v; v++)
            json_array_append_new(e, json_string(*v));
        json_object_set_new(o, "enum", e);
    }
    if (f->doc)
        json_object_set_new(o, "description", json_string(f->doc));
    return o;
}

static json_t *field_schema(json_t *components, const ks_field *f)
{
    if (f->type == KS_T_OBJECT)
        return object_schema(components, f->obj);
    if (f->type == KS_T_ARRAY)
        return json_pack("{s:s, s:o}", "type", "array", "items",
                         f->obj ? object_schema(components, f->obj) : scalar_schema(f->item, f));
    return scalar_schema(f->type, f);
}

static json_t *operation(json_t *components, const ks_op *op)
{
    json_t *o = json_object(), *params = json_array();
    json_object_set_new(o, "operationId", json_string(op->id));
    json_object_set_new(o, "summary", json_string(op->summary));
    for (const ks_param *p = op->params; p->f.name; p++) {
        if (p->src == KS_SRC_PATH) {
            json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:o}", "name", p->f.name,
                                                    "in", "path", "required", 1, "schema",
                                                    field_schema(components, &p->f)));
        } else if (p->src == KS_SRC_QUERY && p->f.type != KS_T_OBJECT) {
            json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:o}", "name", p->f.name,
                                                    "in", "query", "required", 0, "schema",
                                                    field_schema(components, &p->f)));
        } else if (p->src == KS_SRC_QUERY) {
            for (const ks_field *f = p->f.obj->fields; f->name; f++)
                json_array_append_new(
                    params, json_pack("{s:s, s:s, s:b, s:o}", "name", f->name, "in", "query",
                                      "required", 0, "schema", field_schema(components, f)));
        } else {
            json_object_set_new(
                o, "requestBody",
                json_pack("{s:b, s:{s:{s:o}}}", "required", !!(p->f.flags & KS_F_REQUIRED),
                          "content", "application/json", "schema",
                          field_schema(components, &p->f)));
        }
    }
    json_object_set_new(o, "parameters", params);
    char status[8];
    snprintf(status, sizeof status, "%d", op->rest_status);
    json_t *responses = json_object();
    json_object_set_new(responses, status,
                        json_pack("{s:s, s:{s:{s:o}}}", "description", "Success", "content",
                                  "application/json", "schema",
                                  field_schema(components, op->result)));
    json_object_set_new(responses, "default",
                        json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
                                  "Error: an HTTP status with the API error code", "content",
                                  "application/json", "schema", "$ref",
                                  "#/components/schemas/Error"));
    json_object_set_new(o, "responses", responses);
    return o;
}

void ks_openapi_handle(ks_request *req, ks_response *resp)
{
    (void)req;
    json_t *components = json_pack(
        "{s:{s:{s:s, s:{s:{s:s}, s:{s:s}}, s:[s,s]}}, s:{s:{s:s, s:s, s:s, s:s}}}", "schemas",
        "Error", "type", "object", "properties", "error_code", "type", "string", "message",
        "type", "string", "required", "error_code", "message", "securitySchemes", "avangate",
        "type", "apiKey", "in", "header", "name", "X-Avangate-Authentication", "description",
        "code=\"MERCHANT\" date=\"YYYY-MM-DD HH:MM:SS\" hash=\"HMAC\" algo=\"sha256\"");
    json_t *paths = json_object();
    for (int i = 0; i < ks_ops_count; i++) {
        const ks_op *op = &ks_ops[i];
        if (!op->rest_method || (op->flags & KS_OP_ADMIN))
            continue;
        json_t *item = json_object_get(paths, op->rest_path);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, op->rest_path, item);
        }
        char m[8];
        size_t n = strlen(op->rest_method);
        for (size_t k = 0; k <= n && k < sizeof m; k++)
            m[k] = (char)tolower((unsigned char)op->rest_method[k]);
        m[sizeof m - 1] = '\0';
        json_object_set_new(item, m, operation(components, op));
    }
    /* the result of every operation of the table by its id, JSON-RPC, SOAP and control ones
     * included: what tests check every answer against */
    json_t *results = json_object();
    for (int i = 0; i < ks_ops_count; i++)
        json_object_set_new(results, ks_ops[i].id, field_schema(components, ks_ops[i].result));
    json_object_set_new(components, "x-kassa-results", results);
    json_t *doc = json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:[{s:[]}], s:o, s:o}",
                            "openapi", "3.0.3", "info", "title", "Kassa REST API 6.0", "version",
                            "6.0", "description",
                            "The 2Checkout (Avangate) REST API 6.0 as served by Kassa.",
                            "servers", "url", "/rest/6.0", "security", "avangate", "paths",
                            paths, "components", components);
    ks_adapter_json(resp, 200, doc);
}
