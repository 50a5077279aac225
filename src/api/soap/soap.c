/* soap.c — SOAP 1.1 envelopes in and out. libxml2 parses with no network access, no DTD
 * loading and no entity substitution; a document type declaration stops the parser before its
 * internal subset is read, so entity expansion attacks never start. libxml2 rule: strings it
 * returns are released with xmlFree. */
#include "soap.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../domain/auth.h"
#include "../adapter.h"
#include "../schema/bind.h"

#define MAX_PARAMS 8
#define MAX_DEPTH  32    /* deeper than any API object */
#define MAX_NODES  50000 /* elements decoded per request, references included */
#define XSI_NS     "http://www.w3.org/2001/XMLSchema-instance"
#define XSD_NS     "http://www.w3.org/2001/XMLSchema"
#define SOAPENC_NS "http://schemas.xmlsoap.org/soap/encoding/"
#define APACHE_NS  "http://xml.apache.org/xml-soap" /* PHP's Map of associative arrays */

/* --- XML -> value tree -------------------------------------------------------------------
 *
 * What PHP's SoapClient (and other SOAP 1.1 encoders) send, and what becomes of it:
 *   stdClass / typed struct    children named after the fields      -> object (schema names)
 *   indexed array              SOAP-ENC:Array (or ArrayOfX) of <item> -> array, empty ones too
 *   associative array          xsi:type="ns2:Map", <item><key/><value/></item>  -> object
 *   the same object twice      id="ref1" on the first, href="#ref1" on the others
 *   null                       xsi:nil="true"                        -> null
 * Scalars of schema fields stay text: the binder turns "1" and "true" into numbers and
 * booleans exactly as it does for JSON. Free-form (ANY) values keep the xsi:type they came
 * with, since no binder will look at them again. */

typedef struct {
    const char *id;
    xmlNode *node;
} id_entry;

/* Decoding state of one request. References may only point inside the Body, and every
 * decoded element, referenced or not, spends the budget: a few hrefs cannot multiply a small
 * document into a huge tree. */
typedef struct {
    xmlNode *body;
    ks_arena *arena;
    id_entry *ids; /* arena; sorted by id, built on the first href */
    size_t nids;
    int indexed;
    long budget;
    int failed;
    ks_err *err;
} decoder;

typedef enum { XT_NONE, XT_ARRAY, XT_STRUCT, XT_MAP, XT_INT, XT_BOOL, XT_REAL } xtype;

static int is_element(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE;
}

static xmlNode *first_element(xmlNode *n)
{
    for (; n; n = n->next)
        if (is_element(n))
            return n;
    return NULL;
}

__attribute__((format(printf, 2, 3))) static json_t *decode_fail(decoder *d, const char *fmt, ...)
{
    char msg[KS_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!d->failed)
        ks_err_setf(d->err, KS_E_INVALID_REQUEST, "%s", msg);
    d->failed = 1;
    return NULL;
}

static int is_nil(xmlNode *n)
{
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"nil", (const xmlChar *)XSI_NS);
    int nil = v && (strcmp((char *)v, "true") == 0 || strcmp((char *)v, "1") == 0);
    xmlFree(v);
    return nil;
}

/* The xsi:type of n, by namespace URI and local name, as far as decoding cares. */
static xtype xsi_type(xmlNode *n)
{
    /* the XSD (and SOAP-ENC) integer types, each between spaces */
    static const char ints[] = " int integer long short byte unsignedInt unsignedLong "
                               "unsignedShort unsignedByte nonNegativeInteger positiveInteger ";
    xtype t = XT_NONE;
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"type", (const xmlChar *)XSI_NS);
    if (!v)
        goto done;
    const char *local = strchr((const char *)v, ':');
    xmlNs *ns = NULL;
    if (local) {
        char prefix[64];
        size_t plen = (size_t)(local - (const char *)v);
        if (plen < sizeof prefix) {
            memcpy(prefix, v, plen);
            prefix[plen] = '\0';
            ns = xmlSearchNs(n->doc, n, (const xmlChar *)prefix);
        }
        local++;
    } else {
        local = (const char *)v;
        ns = xmlSearchNs(n->doc, n, NULL);
    }
    const char *uri = ns ? (const char *)ns->href : "";
    if (strncmp(local, "ArrayOf", 7) == 0) {
        t = XT_ARRAY; /* the WSDL's own array types, whatever prefix the client gave them */
    } else if (strcmp(uri, SOAPENC_NS) == 0 && strcmp(local, "Array") == 0) {
        t = XT_ARRAY;
    } else if (strcmp(uri, SOAPENC_NS) == 0 && strcmp(local, "Struct") == 0) {
        t = XT_STRUCT;
    } else if (strcmp(uri, APACHE_NS) == 0 && strcmp(local, "Map") == 0) {
        t = XT_MAP;
    } else if (strcmp(uri, XSD_NS) == 0 || strcmp(uri, SOAPENC_NS) == 0) {
        char word[72];
        int wn = snprintf(word, sizeof word, " %s ", local);
        if (wn > 0 && (size_t)wn < sizeof word && strstr(ints, word))
            t = XT_INT;
        else if (strcmp(local, "boolean") == 0)
            t = XT_BOOL;
        else if (strcmp(local, "double") == 0 || strcmp(local, "float") == 0 ||
                 strcmp(local, "decimal") == 0)
            t = XT_REAL;
    }
done:
    xmlFree(v);
    return t;
}

/* An array by its type or by SOAP-ENC:arrayType, which some encoders send without xsi:type. */
static int is_array(xmlNode *n, xtype t)
{
    return t == XT_ARRAY ||
           xmlHasNsProp(n, (const xmlChar *)"arrayType", (const xmlChar *)SOAPENC_NS) != NULL;
}

static json_t *text_of(xmlNode *n)
{
    xmlChar *s = xmlNodeGetContent(n);
    json_t *v = json_string(s ? (const char *)s : "");
    xmlFree(s);
    return v ? v : json_string(""); /* not UTF-8 cannot happen: libxml2 decodes to UTF-8 */
}

static int is_blank(xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            for (const xmlChar *p = c->content; p && *p; p++)
                if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
                    return 0;
    return 1;
}

static int id_cmp(const void *a, const void *b)
{
    return strcmp(((const id_entry *)a)->id, ((const id_entry *)b)->id);
}

static void collect_ids(decoder *d, xmlNode *n, size_t *cap)
{
    for (; n; n = n->next) {
        if (!is_element(n))
            continue;
        xmlChar *id = xmlGetNoNsProp(n, (const xmlChar *)"id");
        if (id) {
            if (d->nids == *cap) {
                size_t ncap = *cap ? *cap * 2 : 16;
                id_entry *grown = ks_arena_alloc(d->arena, ncap * sizeof *grown);
                if (d->nids)
                    memcpy(grown, d->ids, d->nids * sizeof *grown);
                d->ids = grown;
                *cap = ncap;
            }
            d->ids[d->nids].id = ks_arena_strdup(d->arena, (const char *)id);
            d->ids[d->nids++].node = n;
            xmlFree(id);
        }
        collect_ids(d, n->children, cap); /* libxml2 has already capped the depth at 256 */
    }
}

/* The element n stands for: itself, or the target of its href="#id" (SOAP 1.1 multi-ref). */
static xmlNode *deref(decoder *d, xmlNode *n)
{
    xmlChar *href = xmlGetNoNsProp(n, (const xmlChar *)"href");
    xmlNode *target = n;
    if (!href)
        return n;
    if (!d->indexed) {
        size_t cap = 0;
        collect_ids(d, d->body->children, &cap);
        if (d->nids)
            qsort(d->ids, d->nids, sizeof *d->ids, id_cmp);
        d->indexed = 1;
    }
    id_entry key = {(const char *)href + 1, NULL}, *hit = NULL;
    if (href[0] == '#' && d->nids)
        hit = bsearch(&key, d->ids, d->nids, sizeof *d->ids, id_cmp);
    if (hit) {
        target = hit->node;
    } else {
        decode_fail(d, "The SOAP reference '%.80s' has no target in the Body", (const char *)href);
        target = NULL;
    }
    xmlFree(href);
    return target;
}

static json_t *decode(decoder *d, xmlNode *n, const ks_field *f, int depth);

static const ks_field *field_named(const ks_schema *s, const char *name)
{
    if (!s)
        return NULL;
    for (const ks_field *f = s->fields; f->name; f++)
        if (strcasecmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* A scalar with the type it was sent with; values that do not parse stay text. */
static json_t *typed_scalar(xmlNode *n, xtype t)
{
    json_t *v = text_of(n);
    const char *s = json_string_value(v);
    char *end;
    json_t *out = NULL;
    errno = 0;
    if (t == XT_INT && *s) {
        long long i = strtoll(s, &end, 10);
        if (!errno && !*end)
            out = json_integer(i);
    } else if (t == XT_BOOL) {
        if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
            out = json_true();
        else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
            out = json_false();
    } else if (t == XT_REAL && *s) {
        double r = strtod(s, &end);
        if (!errno && !*end && isfinite(r))
            out = json_real(r);
    }
    if (!out)
        return v;
    json_decref(v);
    return out;
}

/* A value with no schema field to guide it (free-form, or a scalar field that received a
 * structure): its own markup decides. */
static json_t *generic(decoder *d, xmlNode *n, int depth)
{
    xtype t = xsi_type(n);
    xmlNode *c = first_element(n->children);
    if (t == XT_MAP) {
        json_t *o = json_object();
        for (; c; c = first_element(c->next)) {
            xmlNode *k = NULL, *v = NULL;
            for (xmlNode *kv = first_element(c->children); kv; kv = first_element(kv->next))
                if (strcmp((const char *)kv->name, "key") == 0)
                    k = kv;
                else if (strcmp((const char *)kv->name, "value") == 0)
                    v = kv;
            if (!k)
                continue;
            xmlChar *key = xmlNodeGetContent(k);
            json_t *val = v ? decode(d, v, NULL, depth + 1) : json_null();
            if (val && key)
                json_object_set_new(o, (const char *)key, val);
            else
                json_decref(val);
            xmlFree(key);
        }
        return o;
    }
    int array = is_array(n, t);
    if (!c && !array && t != XT_STRUCT)
        return typed_scalar(n, t);
    if (!array && t != XT_STRUCT)
        for (xmlNode *k = c; k && !array; k = first_element(k->next))
            array = strcmp((const char *)k->name, "item") == 0;
    json_t *out = array ? json_array() : json_object();
    for (; c; c = first_element(c->next)) {
        json_t *v = decode(d, c, NULL, depth + 1);
        if (!v)
            continue;
        if (array)
            json_array_append_new(out, v);
        else
            json_object_set_new(out, (const char *)c->name, v);
    }
    return out;
}

static json_t *decode(decoder *d, xmlNode *n, const ks_field *f, int depth)
{
    if (d->failed)
        return NULL;
    if (depth > MAX_DEPTH)
        return decode_fail(d, "The SOAP request is nested more than %d levels deep", MAX_DEPTH);
    if (--d->budget < 0)
        return decode_fail(d, "The SOAP request holds more than %d values", MAX_NODES);
    if (!(n = deref(d, n)))
        return NULL;
    if (is_nil(n))
        return json_null();
    if (!f || f->type == KS_T_ANY)
        return generic(d, n, depth);
    xmlNode *c = first_element(n->children);
    switch (f->type) {
    case KS_T_OBJECT: {
        xtype t = xsi_type(n);
        /* a PHP associative array where a struct belongs is one; an array or a scalar goes to
         * the binder as what it is, to be refused there as over JSON */
        if (t == XT_MAP || is_array(n, t))
            return generic(d, n, depth);
        if (!c && !is_blank(n))
            return text_of(n);
        json_t *o = json_object();
        for (; c; c = first_element(c->next)) {
            const ks_field *cf = field_named(f->obj, (const char *)c->name);
            json_t *v;
            if (cf && (v = decode(d, c, cf, depth + 1)))
                json_object_set_new(o, cf->name, v);
        }
        return o;
    }
    case KS_T_ARRAY: {
        if (!c) {
            /* "String/Array of strings": one scalar is sent as such; anything else without
             * items is an empty array (PHP sends [] as an empty SOAP-ENC:Array) */
            if (is_array(n, xsi_type(n)) || (!(f->flags & KS_F_ONE_OR_MANY) && is_blank(n)))
                return json_array();
            return text_of(n); /* the binder accepts it (ONE_OR_MANY) or says "an array" */
        }
        ks_field ef = *f;
        ef.type = f->obj ? KS_T_OBJECT : f->item;
        json_t *a = json_array();
        for (; c; c = first_element(c->next)) {
            json_t *v = decode(d, c, &ef, depth + 1);
            if (v)
                json_array_append_new(a, v);
        }
        return a;
    }
    default:
        /* a structure where a scalar belongs goes to the binder as one, to be refused */
        return c ? generic(d, n, depth) : text_of(n);
    }
}

/* --- value tree -> SOAP-encoded XML ------------------------------------------------------ */

/* The tags of an answer are written piece by piece, not through printf: formatting them was
 * a quarter of a SOAP getLead's instructions. */
static void open_tag(ks_buf *b, const char *name, const char *type)
{
    ks_buf_putc(b, '<');
    ks_buf_puts(b, name);
    ks_buf_puts(b, " xsi:type=\"");
    ks_buf_puts(b, type);
    ks_buf_puts(b, "\">");
}

static void close_tag(ks_buf *b, const char *name)
{
    ks_buf_puts(b, "</");
    ks_buf_puts(b, name);
    ks_buf_putc(b, '>');
}

static void scalar_text(ks_buf *b, json_t *v)
{
    char num[64];
    if (json_is_string(v))
        ks_buf_xml_escape(b, json_string_value(v));
    else if (json_is_integer(v)) {
        /* in unsigned arithmetic, so that the smallest integer has a magnitude */
        long long n = (long long)json_integer_value(v);
        unsigned long long m = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
        char *e = num + sizeof num, *d = e;
        do {
            *--d = (char)('0' + m % 10);
            m /= 10;
        } while (m);
        if (n < 0)
            *--d = '-';
        ks_buf_add(b, d, (size_t)(e - d));
    } else if (json_is_real(v)) {
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

/* The schema's type for a scalar, unless the value does not fit it: PHP refuses a whole
 * response ("Violation of encoding rules") over one xsd:long that is not a number. */
static const char *scalar_xsd(char *buf, size_t size, const ks_field *f, json_t *v)
{
    int fits = 0;
    if (f) {
        switch (f->type) {
        case KS_T_STRING: fits = 1; break;
        case KS_T_INT: fits = json_is_integer(v); break;
        case KS_T_DECIMAL: fits = json_is_number(v); break;
        case KS_T_BOOL: fits = json_is_boolean(v); break;
        default: break;
        }
    }
    return fits ? ks_soap_type(buf, size, f) : json_xsd(v);
}

static int xml_name(const char *k)
{
    return ((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || *k == '_') &&
           strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.") ==
               strlen(k);
}

/* An array field sent PHP-style as an object keyed "0", "1", ...: its values, in order, or
 * NULL when the keys are not exactly those. New reference. */
static json_t *keyed_array(json_t *v)
{
    size_t n = json_object_size(v);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        char key[24];
        snprintf(key, sizeof key, "%zu", i);
        json_t *iv = json_object_get(v, key);
        if (!iv) {
            json_decref(a);
            return NULL;
        }
        json_array_append(a, iv);
    }
    return a;
}

static void to_xml(ks_buf *b, const char *name, json_t *v, const ks_field *f);

static void array_xml(ks_buf *b, const char *name, json_t *v, const ks_field *f)
{
    char t[96];
    ks_field ef = {0};
    const ks_field *efp = NULL;
    const char *item = "xsd:anyType";
    if (f && f->type == KS_T_ARRAY) {
        ef = *f;
        ef.type = f->obj ? KS_T_OBJECT : f->item;
        efp = &ef;
        item = ks_soap_type(t, sizeof t, &ef);
    }
    ks_buf_printf(b, "<%s xsi:type=\"SOAP-ENC:Array\" SOAP-ENC:arrayType=\"%s[%zu]\">", name, item,
                  json_array_size(v));
    size_t i;
    json_t *iv;
    json_array_foreach(v, i, iv) to_xml(b, "item", iv, efp);
    close_tag(b, name);
}

/* A free-form object: a SOAP-ENC:Struct, or, when a key cannot be an element name, the Map
 * that PHP decodes into an associative array. */
static void free_object_xml(ks_buf *b, const char *name, json_t *v)
{
    const char *k;
    json_t *cv;
    int map = 0;
    json_object_foreach(v, k, cv) map |= !xml_name(k);
    if (!map) {
        open_tag(b, name, "SOAP-ENC:Struct");
        json_object_foreach(v, k, cv) to_xml(b, k, cv, NULL);
    } else {
        open_tag(b, name, "apache:Map");
        json_object_foreach(v, k, cv)
        {
            ks_buf_puts(b, "<item><key xsi:type=\"xsd:string\">");
            ks_buf_xml_escape(b, k);
            ks_buf_puts(b, "</key>");
            to_xml(b, "value", cv, NULL);
            ks_buf_puts(b, "</item>");
        }
    }
    close_tag(b, name);
}

static void to_xml(ks_buf *b, const char *name, json_t *v, const ks_field *f)
{
    char t[96];
    if (json_is_null(v)) {
        ks_buf_printf(b, "<%s xsi:nil=\"true\"/>", name);
        return;
    }
    if (f && f->type == KS_T_OBJECT &&
        (json_is_object(v) || (json_is_array(v) && json_array_size(v) == 0))) {
        /* an empty [] stands for an empty object in PHP-made JSON */
        open_tag(b, name, ks_soap_type(t, sizeof t, f));
        for (const ks_field *cf = f->obj->fields; cf->name && json_is_object(v); cf++) {
            json_t *cv = json_object_get(v, cf->name);
            if (cv && !(cf->flags & KS_F_SECRET))
                to_xml(b, cf->name, cv, cf);
        }
        close_tag(b, name);
        return;
    }
    if (json_is_object(v)) {
        json_t *a = f && f->type == KS_T_ARRAY ? keyed_array(v) : NULL;
        if (a)
            array_xml(b, name, a, f);
        else
            free_object_xml(b, name, v);
        json_decref(a);
        return;
    }
    if (json_is_array(v)) {
        array_xml(b, name, v, f);
        return;
    }
    open_tag(b, name, scalar_xsd(t, sizeof t, f, v));
    scalar_text(b, v);
    close_tag(b, name);
}

static const char envelope_open[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" "
    "xmlns:ns1=\"" KS_SOAP_NS "\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
    "xmlns:xsi=\"" XSI_NS "\" xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" "
    "xmlns:tns=\"" KS_SOAP_NS "\" xmlns:apache=\"" APACHE_NS "\" "
    "SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><SOAP-ENV:Body>";
static const char envelope_close[] = "</SOAP-ENV:Body></SOAP-ENV:Envelope>\n";

static void respond(ks_response *resp, int status, ks_buf *b)
{
    size_t len = b->len;
    ks_response_set(resp, status, "text/xml; charset=utf-8", ks_buf_steal(b), len);
}

/* The one mapping of a ks_err to a SOAP Fault (HTTP 500, as SOAP 1.1 requires). */
void ks_soap_fault(ks_response *resp, const ks_err *err)
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

/* SAX hook: a DOCTYPE is reported before its internal subset is read; stopping here means no
 * entity declaration is ever seen, let alone expanded. */
static void refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *ext_id, const xmlChar *sys_id)
{
    (void)name, (void)ext_id, (void)sys_id;
    xmlParserCtxt *pc = ctx;
    pc->_private = pc; /* remembered for the error message */
    xmlStopParser(pc);
}

/* libxml2 must be initialised once, before threads use it; its lazy initialisation inside the
 * first parse is not thread-safe. A constructor keeps that inside the adapter that uses it. */
__attribute__((constructor)) static void init_libxml2(void)
{
    xmlInitParser();
}

/* libxml2 reports some errors (bad encodings) through its generic handler whatever the
 * parse options; a client must not be able to write to the server's log that way. */
static void ignore_xml_error(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

static xmlDoc *parse(const char *body, size_t len, ks_err *err)
{
    if (!body || len == 0 || len > INT32_MAX) {
        ks_err_setf(err, KS_E_MALFORMED_REQUEST, "Empty SOAP request");
        return NULL;
    }
    xmlParserCtxt *pc = xmlNewParserCtxt();
    if (!pc)
        abort();
    xmlSetGenericErrorFunc(NULL, ignore_xml_error); /* per thread in libxml2 */
    pc->sax->internalSubset = refuse_dtd;
    /* no XML_PARSE_NOENT (no entity substitution), no DTDLOAD, no network, no HUGE (libxml2
     * keeps its limits on depth and text size) */
    xmlDoc *doc = xmlCtxtReadMemory(pc, body, (int)len, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    int well_formed = pc->wellFormed, dtd = pc->_private != NULL;
    xmlFreeParserCtxt(pc);
    if (dtd || (doc && (doc->intSubset || doc->extSubset))) {
        xmlFreeDoc(doc);
        ks_err_setf(err, KS_E_MALFORMED_REQUEST, "Document type declarations are not allowed");
        return NULL;
    }
    if (!doc || !well_formed) {
        xmlFreeDoc(doc);
        ks_err_setf(err, KS_E_MALFORMED_REQUEST, "The request body is not well-formed XML");
        return NULL;
    }
    return doc;
}

/* Finds the operation element: Envelope > Body > first element (multi-ref values, when a
 * client sends them apart, follow it). *body_out receives the Body. */
static xmlNode *operation_element(xmlNode **body_out, xmlDoc *doc, ks_err *err)
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
    *body_out = body;
    return call;
}

/* Whether the client names its parts after the WSDL (PHP's SoapClient, zeep) rather than by
 * position (param0, arg0... of some stacks): one rule per call, so that a part left out never
 * shifts the others into the wrong parameters. */
static int parts_named(xmlNode *call, const ks_op *op)
{
    for (xmlNode *c = first_element(call->children); c; c = first_element(c->next)) {
        if (strcasecmp((const char *)c->name, "sessionID") == 0)
            return 1;
        for (const ks_param *p = op->params; p->f.name; p++)
            if (strcasecmp((const char *)c->name, p->f.name) == 0)
                return 1;
    }
    return 0;
}

/* The part named name, or the one at position pos when the call's parts are positional. */
static xmlNode *part(xmlNode *call, int named, int pos, const char *name)
{
    int i = 0;
    for (xmlNode *c = first_element(call->children); c; c = first_element(c->next), i++)
        if (named ? strcasecmp((const char *)c->name, name) == 0 : i == pos)
            return c;
    return NULL;
}

static void wsdl(ks_request *req, ks_response *resp, ks_endpoint ep)
{
    ks_buf b = KS_BUF_INIT;
    const char *host = req->header(req, "Host");
    char *base = ks_arena_printf(req->arena, "http://%s%s", host ? host : "127.0.0.1",
                                 ks_endpoint_soap_path(ep));
    ks_wsdl_render(&b, ep, base);
    respond(resp, 200, &b);
}

void ks_soap_handle(ks_request *req, ks_response *resp, ks_endpoint ep)
{
    ks_err err;
    ks_ctx ctx;
    xmlDoc *doc = NULL;
    json_t *args[MAX_PARAMS] = {0}, *out = NULL;
    const ks_op *op;

    if (strcmp(req->method, "GET") == 0) {
        wsdl(req, resp, ep);
        return;
    }
    if (strcmp(req->method, "POST") != 0) {
        resp->allow = "GET, POST";
        ks_err_setf(&err, KS_E_METHOD_NOT_ALLOWED, "SOAP calls are POSTed; GET gives the WSDL");
        ks_soap_fault(resp, &err);
        resp->status = 405;
        return;
    }
    ks_adapter_ctx(&ctx, req);
    if (!(doc = parse(req->body, req->body_len, &err)))
        goto fail;
    xmlNode *body = NULL, *call = operation_element(&body, doc, &err);
    if (!call)
        goto fail;
    if (!(op = ks_op_by_rpc(ep, (const char *)call->name))) {
        ks_err_setf(&err, KS_E_UNKNOWN_METHOD, "Unknown operation '%.80s'",
                    (const char *)call->name);
        goto fail;
    }
    req->op_index = ks_op_index(op);
    decoder d = {.body = body, .arena = req->arena, .budget = MAX_NODES, .err = &err};
    int first = 0, named = parts_named(call, op);
    if (!(op->flags & KS_OP_NOAUTH)) {
        xmlNode *sid = part(call, named, 0, "sessionID");
        if (sid && !(sid = deref(&d, sid)))
            goto fail;
        xmlChar *s = sid ? xmlNodeGetContent(sid) : NULL;
        int rc = ks_auth_session(&ctx, (const char *)s, &err);
        xmlFree(s);
        if (rc)
            goto fail;
        req->vendor_code = ctx.vendor->code;
        first = 1;
    }
    for (int i = 0; i < MAX_PARAMS && op->params[i].f.name; i++) {
        xmlNode *p = part(call, named, first + i, op->params[i].f.name);
        if (p)
            args[i] = decode(&d, p, &op->params[i].f, 0);
        if (d.failed)
            goto fail; /* a partial tree must not reach the operation */
    }
    if (ks_adapter_call(&out, &ctx, req, op, args, &err))
        goto fail;
    ks_buf b = KS_BUF_INIT;
    ks_buf_puts(&b, envelope_open);
    ks_buf_printf(&b, "<ns1:%sResponse>", op->names[ep]);
    to_xml(&b, "return", out, op->result);
    ks_buf_printf(&b, "</ns1:%sResponse>", op->names[ep]);
    ks_buf_puts(&b, envelope_close);
    respond(resp, 200, &b);
    goto done;
fail:
    ks_soap_fault(resp, &err);
done:
    for (int i = 0; i < MAX_PARAMS; i++)
        json_decref(args[i]);
    json_decref(out);
    xmlFreeDoc(doc);
}
