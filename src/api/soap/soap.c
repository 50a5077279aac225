/* soap.c — SOAP 1.1 envelopes in and out. libxml2 parses with no network access, no DTD
 * loading and no entity substitution; a document with a DTD is refused outright, so entity
 * expansion attacks never start. libxml2 rule: strings it returns are released with xmlFree. */
#include "soap.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../domain/auth.h"
#include "../adapter.h"
#include "../schema/bind.h"

#define MAX_PARAMS 8
#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

/* --- XML -> value tree ------------------------------------------------------------------- */

static int is_element(const xmlNode *n) { return n && n->type == XML_ELEMENT_NODE; }

static xmlNode *first_element(xmlNode *n)
{
    for (; n; n = n->next)
        if (is_element(n))
            return n;
    return NULL;
}

static int is_nil(xmlNode *n)
{
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"nil", (const xmlChar *)XSI_NS);
    int nil = v && (strcmp((char *)v, "true") == 0 || strcmp((char *)v, "1") == 0);
    xmlFree(v);
    return nil;
}

static json_t *text_of(xmlNode *n)
{
    xmlChar *s = xmlNodeGetContent(n);
    json_t *v = json_string(s ? (const char *)s : "");
    xmlFree(s);
    return v ? v : json_string(""); /* not UTF-8 cannot happen: libxml2 decodes to UTF-8 */
}

static json_t *to_json(xmlNode *n, const ks_field *f, int depth);

static const ks_field *field_named(const ks_schema *s, const char *name)
{
    if (!s)
        return NULL;
    for (const ks_field *f = s->fields; f->name; f++)
        if (strcasecmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* Without a schema field (free-form values): elements with children become objects, or
 * arrays when they are SOAP arrays (children named "item" or an arrayType attribute). */
static json_t *generic(xmlNode *n, int depth)
{
    xmlNode *c = first_element(n->children);
    if (!c)
        return text_of(n);
    int array = xmlHasProp(n, (const xmlChar *)"arrayType") != NULL;
    for (xmlNode *k = c; k && !array; k = first_element(k->next))
        if (strcmp((const char *)k->name, "item") == 0)
            array = 1;
    json_t *out = array ? json_array() : json_object();
    for (; c; c = first_element(c->next)) {
        json_t *v = to_json(c, NULL, depth + 1);
        if (!v)
            continue;
        if (array)
            json_array_append_new(out, v);
        else
            json_object_set_new(out, (const char *)c->name, v);
    }
    return out;
}

static json_t *to_json(xmlNode *n, const ks_field *f, int depth)
{
    if (depth > 32)
        return NULL; /* deeper than any API object */
    if (is_nil(n))
        return json_null();
    if (!f || f->type == KS_T_ANY)
        return generic(n, depth);
    switch (f->type) {
    case KS_T_OBJECT: {
        json_t *o = json_object();
        for (xmlNode *c = first_element(n->children); c; c = first_element(c->next)) {
            const ks_field *cf = field_named(f->obj, (const char *)c->name);
            json_t *v;
            if (cf && (v = to_json(c, cf, depth + 1)))
                json_object_set_new(o, cf->name, v);
        }
        return o;
    }
    case KS_T_ARRAY: {
        xmlNode *c = first_element(n->children);
        if (!c && (f->flags & KS_F_ONE_OR_MANY))
            return text_of(n);
        ks_field ef = *f;
        ef.type = f->obj ? KS_T_OBJECT : f->item;
        json_t *a = json_array();
        for (; c; c = first_element(c->next)) {
            json_t *v = to_json(c, &ef, depth + 1);
            if (v)
                json_array_append_new(a, v);
        }
        return a;
    }
    default:
        /* scalars travel as text; the binder turns "1" and "true" into numbers and booleans */
        return text_of(n);
    }
}

/* --- value tree -> SOAP-encoded XML ------------------------------------------------------ */

static void scalar_text(ks_buf *b, json_t *v)
{
    char num[64];
    if (json_is_string(v))
        ks_buf_xml_escape(b, json_string_value(v));
    else if (json_is_integer(v))
        ks_buf_printf(b, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) {
        snprintf(num, sizeof num, "%.15g", json_real_value(v));
        ks_buf_puts(b, num);
    } else if (json_is_boolean(v))
        ks_buf_puts(b, json_is_true(v) ? "true" : "false");
}

static const char *json_xsd(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_INTEGER: return "xsd:long";
    case JSON_REAL: return "xsd:double";
    case JSON_TRUE:
    case JSON_FALSE: return "xsd:boolean";
    default: return "xsd:string";
    }
}

static void to_xml(ks_buf *b, const char *name, json_t *v, const ks_field *f)
{
    char t[96];
    if (json_is_null(v)) {
        ks_buf_printf(b, "<%s xsi:nil=\"true\"/>", name);
        return;
    }
    if (json_is_object(v)) {
        if (f && f->type == KS_T_OBJECT) {
            ks_buf_printf(b, "<%s xsi:type=\"%s\">", name, ks_soap_type(t, sizeof t, f));
            for (const ks_field *cf = f->obj->fields; cf->name; cf++) {
                json_t *cv = json_object_get(v, cf->name);
                if (cv)
                    to_xml(b, cf->name, cv, cf);
            }
        } else {
            ks_buf_printf(b, "<%s xsi:type=\"SOAP-ENC:Struct\">", name);
            const char *k;
            json_t *cv;
            json_object_foreach(v, k, cv) {
                /* only names that are XML names can be elements */
                if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || *k == '_') ||
                    strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.") !=
                        strlen(k))
                    continue;
                to_xml(b, k, cv, NULL);
            }
        }
        ks_buf_printf(b, "</%s>", name);
        return;
    }
    if (json_is_array(v)) {
        ks_field ef = {0};
        const ks_field *efp = NULL;
        const char *item = "xsd:anyType";
        if (f && f->type == KS_T_ARRAY) {
            ef = *f;
            ef.type = f->obj ? KS_T_OBJECT : f->item;
            efp = &ef;
            item = ks_soap_type(t, sizeof t, &ef);
        }
        ks_buf_printf(b, "<%s xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"%s[%zu]\">", name,
                      item, json_array_size(v));
        size_t i;
        json_t *iv;
        json_array_foreach(v, i, iv) to_xml(b, "item", iv, efp);
        ks_buf_printf(b, "</%s>", name);
        return;
    }
    ks_buf_printf(b, "<%s xsi:type=\"%s\">", name,
                  f && f->type != KS_T_ANY && f->type != KS_T_OBJECT && f->type != KS_T_ARRAY
                      ? ks_soap_type(t, sizeof t, f)
                      : json_xsd(v));
    scalar_text(b, v);
    ks_buf_printf(b, "</%s>", name);
}

static const char envelope_open[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" "
    "xmlns:ns1=\"" KS_SOAP_NS "\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
    "xmlns:xsi=\"" XSI_NS "\" xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" "
    "xmlns:tns=\"" KS_SOAP_NS "\" "
    "SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><SOAP-ENV:Body>";
static const char envelope_close[] = "</SOAP-ENV:Body></SOAP-ENV:Envelope>\n";

static void respond(ks_response *resp, int status, ks_buf *b)
{
    size_t len = b->len;
    ks_response_set(resp, status, "text/xml; charset=utf-8", ks_buf_steal(b), len);
}

/* The one mapping of a ks_err to a SOAP Fault (HTTP 500, as SOAP 1.1 requires). */
static void soap_fault(ks_response *resp, const ks_err *err)
{
    ks_buf b = KS_BUF_INIT;
    ks_buf_puts(&b, envelope_open);
    ks_buf_printf(&b, "<SOAP-ENV:Fault><faultcode>%s</faultcode><faultstring>",
                  ks_err_name(err->code));
    ks_buf_xml_escape(&b, err->msg);
    ks_buf_puts(&b, "</faultstring></SOAP-ENV:Fault>");
    ks_buf_puts(&b, envelope_close);
    respond(resp, 500, &b);
}

/* --- requests ---------------------------------------------------------------------------- */

static xmlDoc *parse(const char *body, size_t len, ks_err *err)
{
    if (!body || len == 0 || len > INT32_MAX) {
        ks_err_setf(err, KS_E_MALFORMED_REQUEST, "Empty SOAP request");
        return NULL;
    }
    xmlParserCtxt *pc = xmlNewParserCtxt();
    if (!pc)
        abort();
    /* no XML_PARSE_NOENT (no entity substitution), no DTDLOAD, no network */
    xmlDoc *doc = xmlCtxtReadMemory(pc, body, (int)len, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    int well_formed = pc->wellFormed;
    xmlFreeParserCtxt(pc);
    if (!doc || !well_formed) {
        xmlFreeDoc(doc);
        ks_err_setf(err, KS_E_MALFORMED_REQUEST, "The request body is not well-formed XML");
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        xmlFreeDoc(doc);
        ks_err_setf(err, KS_E_MALFORMED_REQUEST, "Document type declarations are not allowed");
        return NULL;
    }
    return doc;
}

/* Finds the operation element: Envelope > Body > first element. */
static xmlNode *operation_element(xmlDoc *doc, ks_err *err)
{
    xmlNode *env = xmlDocGetRootElement(doc);
    if (!env || strcmp((const char *)env->name, "Envelope") != 0) {
        ks_err_setf(err, KS_E_INVALID_REQUEST, "The XML is not a SOAP Envelope");
        return NULL;
    }
    xmlNode *body = first_element(env->children);
    while (body && strcmp((const char *)body->name, "Body") != 0)
        body = first_element(body->next); /* skip a Header */
    xmlNode *call = body ? first_element(body->children) : NULL;
    if (!call) {
        ks_err_setf(err, KS_E_INVALID_REQUEST, "The SOAP Body holds no call");
        return NULL;
    }
    return call;
}

/* The part for position i or name: by name first (as SoapClient sends them), then position. */
static xmlNode *part(xmlNode *call, int pos, const char *name)
{
    int i = 0;
    for (xmlNode *c = first_element(call->children); c; c = first_element(c->next))
        if (strcasecmp((const char *)c->name, name) == 0)
            return c;
    for (xmlNode *c = first_element(call->children); c; c = first_element(c->next), i++)
        if (i == pos)
            return c;
    return NULL;
}

static void wsdl(ks_request *req, ks_response *resp)
{
    ks_buf b = KS_BUF_INIT;
    const char *host = req->header(req, "Host");
    char *base = ks_arena_printf(req->arena, "http://%s/soap/6.0/", host ? host : "127.0.0.1");
    ks_wsdl_render(&b, base);
    respond(resp, 200, &b);
}

void ks_soap_handle(ks_request *req, ks_response *resp)
{
    ks_err err;
    ks_ctx ctx;
    xmlDoc *doc = NULL;
    json_t *args[MAX_PARAMS] = {0}, *out = NULL;
    const ks_op *op;

    if (strcmp(req->method, "GET") == 0) {
        wsdl(req, resp);
        return;
    }
    if (strcmp(req->method, "POST") != 0) {
        resp->allow = "GET, POST";
        ks_err_setf(&err, KS_E_METHOD_NOT_ALLOWED, "SOAP calls are POSTed; GET gives the WSDL");
        soap_fault(resp, &err);
        resp->status = 405;
        return;
    }
    ks_adapter_ctx(&ctx, req);
    if (!(doc = parse(req->body, req->body_len, &err)))
        goto fail;
    xmlNode *call = operation_element(doc, &err);
    if (!call)
        goto fail;
    if (!(op = ks_op_by_rpc((const char *)call->name))) {
        ks_err_setf(&err, KS_E_UNKNOWN_METHOD, "Unknown operation '%.80s'",
                    (const char *)call->name);
        goto fail;
    }
    req->op_index = ks_op_index(op);
    int first = 0;
    if (!(op->flags & KS_OP_NOAUTH)) {
        xmlNode *sid = part(call, 0, "sessionID");
        xmlChar *s = sid ? xmlNodeGetContent(sid) : NULL;
        int rc = ks_auth_session(&ctx, (const char *)s, &err);
        xmlFree(s);
        if (rc)
            goto fail;
        req->vendor_code = ctx.vendor->code;
        first = 1;
    }
    for (int i = 0; op->params[i].f.name && i < MAX_PARAMS; i++) {
        xmlNode *p = part(call, first + i, op->params[i].f.name);
        if (p)
            args[i] = to_json(p, &op->params[i].f, 0);
    }
    if (ks_adapter_call(&out, &ctx, req, op, args, &err))
        goto fail;
    ks_buf b = KS_BUF_INIT;
    ks_buf_puts(&b, envelope_open);
    ks_buf_printf(&b, "<ns1:%sResponse>", op->id);
    to_xml(&b, "return", out, op->result);
    ks_buf_printf(&b, "</ns1:%sResponse>", op->id);
    ks_buf_puts(&b, envelope_close);
    respond(resp, 200, &b);
    goto done;
fail:
    soap_fault(resp, &err);
done:
    for (int i = 0; i < MAX_PARAMS; i++)
        json_decref(args[i]);
    json_decref(out);
    xmlFreeDoc(doc);
}
