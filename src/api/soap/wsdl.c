/* wsdl.c — the WSDL, generated from the operation table and the schema, so that every
 * operation and type PHP's SoapClient may call is declared and cannot drift from the code. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../op.h"
#include "soap.h"

#define MAX_TYPES 512 /* distinct objects, and distinct array types, in the whole API */

static const char *scalar_xsd(ks_type t)
{
    switch (t) {
    case KS_T_INT: return "xsd:long";
    case KS_T_BOOL: return "xsd:boolean";
    case KS_T_DECIMAL: return "xsd:double";
    case KS_T_ANY: return "xsd:anyType";
    default: return "xsd:string";
    }
}

static const char *scalar_name(ks_type t)
{
    switch (t) {
    case KS_T_INT: return "Long";
    case KS_T_BOOL: return "Boolean";
    case KS_T_DECIMAL: return "Double";
    case KS_T_ANY: return "AnyType";
    default: return "String";
    }
}

const char *ks_soap_type(char *buf, size_t size, const ks_field *f)
{
    /* "String/Array of strings": declared as an array, PHP would encode a lone string as an
     * empty array and lose it; as anyType it sends whichever the caller gave */
    if (f->type == KS_T_ARRAY && (f->flags & KS_F_ONE_OR_MANY))
        return "xsd:anyType";
    if (f->type == KS_T_OBJECT)
        snprintf(buf, size, "tns:%s", f->obj->name);
    else if (f->type == KS_T_ARRAY)
        snprintf(buf, size, "tns:ArrayOf%s", f->obj ? f->obj->name : scalar_name(f->item));
    else
        return scalar_xsd(f->type); /* a scalar's type is a constant: no copy (answers write
                                     * one per field) */
    return buf;
}

typedef struct {
    const ks_schema *objs[MAX_TYPES];
    int nobjs;
    char arrays[MAX_TYPES][64]; /* names of ArrayOfX types */
    char arr_item[MAX_TYPES][64];
    int narrays;
} registry;

static void collect_field(registry *r, const ks_field *f);

static void collect_schema(registry *r, const ks_schema *s)
{
    for (int i = 0; i < r->nobjs; i++)
        if (r->objs[i] == s || strcmp(r->objs[i]->name, s->name) == 0)
            return;
    /* a type left out would make SoapClient refuse every call that names it */
    assert(r->nobjs < MAX_TYPES);
    if (r->nobjs == MAX_TYPES)
        return; /* NDEBUG builds: a short WSDL rather than a write past the array */
    r->objs[r->nobjs++] = s;
    for (const ks_field *f = s->fields; f->name; f++)
        collect_field(r, f);
}

static void collect_field(registry *r, const ks_field *f)
{
    if (f->type == KS_T_OBJECT)
        collect_schema(r, f->obj);
    if (f->type != KS_T_ARRAY)
        return;
    if (f->flags & KS_F_ONE_OR_MANY) {
        if (f->obj)
            collect_schema(r, f->obj);
        return; /* anyType: no array type of its own */
    }
    char name[64], item[64];
    ks_soap_type(name, sizeof name, f);
    if (f->obj) {
        collect_schema(r, f->obj);
        snprintf(item, sizeof item, "tns:%s", f->obj->name);
    } else {
        snprintf(item, sizeof item, "%s", scalar_xsd(f->item));
    }
    for (int i = 0; i < r->narrays; i++)
        if (strcmp(r->arrays[i], name + 4) == 0)
            return;
    assert(r->narrays < MAX_TYPES);
    if (r->narrays == MAX_TYPES)
        return;
    snprintf(r->arrays[r->narrays], 64, "%s", name + 4);
    snprintf(r->arr_item[r->narrays], 64, "%s", item);
    r->narrays++;
}

void ks_wsdl_render(ks_buf *b, ks_endpoint ep, const char *base_url)
{
    registry *rp = calloc(1, sizeof *rp); /* ~70 KB: not for a server thread's stack */
    char t[96];
    if (!rp)
        abort();
    for (int i = 0; i < ks_ops_count; i++) {
        if (!ks_ops[i].names[ep])
            continue;
        for (const ks_param *p = ks_ops[i].params; p->f.name; p++)
            collect_field(rp, &p->f);
        collect_field(rp, ks_ops[i].result);
    }

    ks_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<definitions name=\"Kassa\" targetNamespace=\"" KS_SOAP_NS "\"\n"
                   "  xmlns=\"http://schemas.xmlsoap.org/wsdl/\"\n"
                   "  xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\"\n"
                   "  xmlns:tns=\"" KS_SOAP_NS "\"\n"
                   "  xmlns:soap=\"http://schemas.xmlsoap.org/wsdl/soap/\"\n"
                   "  xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"\n"
                   "  xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\">\n"
                   "<types>\n<xsd:schema targetNamespace=\"" KS_SOAP_NS "\">\n"
                   "<xsd:import namespace=\"http://schemas.xmlsoap.org/soap/encoding/\"/>\n"
                   "<xsd:import namespace=\"http://schemas.xmlsoap.org/wsdl/\"/>\n");
    for (int i = 0; i < rp->nobjs; i++) {
        ks_buf_printf(b, "<xsd:complexType name=\"%s\"><xsd:all>\n", rp->objs[i]->name);
        for (const ks_field *f = rp->objs[i]->fields; f->name; f++)
            ks_buf_printf(b,
                          "  <xsd:element name=\"%s\" type=\"%s\" minOccurs=\"0\" "
                          "nillable=\"true\"/>\n",
                          f->name, ks_soap_type(t, sizeof t, f));
        ks_buf_puts(b, "</xsd:all></xsd:complexType>\n");
    }
    for (int i = 0; i < rp->narrays; i++)
        ks_buf_printf(b,
                      "<xsd:complexType name=\"%s\"><xsd:complexContent>"
                      "<xsd:restriction base=\"soapenc:Array\">"
                      "<xsd:attribute ref=\"soapenc:arrayType\" wsdl:arrayType=\"%s[]\"/>"
                      "</xsd:restriction></xsd:complexContent></xsd:complexType>\n",
                      rp->arrays[i], rp->arr_item[i]);
    ks_buf_puts(b, "</xsd:schema>\n</types>\n");

    for (int i = 0; i < ks_ops_count; i++) {
        const ks_op *op = &ks_ops[i];
        const char *name = op->names[ep];
        if (!name)
            continue;
        ks_buf_printf(b, "<message name=\"%sInput\">\n", name);
        if (!(op->flags & KS_OP_NOAUTH))
            ks_buf_puts(b, "  <part name=\"sessionID\" type=\"xsd:string\"/>\n");
        for (const ks_param *p = op->params; p->f.name; p++)
            ks_buf_printf(b, "  <part name=\"%s\" type=\"%s\"/>\n", p->f.name,
                          ks_soap_type(t, sizeof t, &p->f));
        ks_buf_printf(b,
                      "</message>\n<message name=\"%sOutput\">\n"
                      "  <part name=\"return\" type=\"%s\"/>\n</message>\n",
                      name, ks_soap_type(t, sizeof t, op->result));
    }
    ks_buf_puts(b, "<portType name=\"KassaPortType\">\n");
    for (int i = 0; i < ks_ops_count; i++) {
        const char *name = ks_ops[i].names[ep];
        if (!name)
            continue;
        ks_buf_printf(b, "  <operation name=\"%s\"><documentation>", name);
        ks_buf_xml_escape(b, ks_ops[i].summary ? ks_ops[i].summary : "");
        ks_buf_printf(b,
                      "</documentation><input message=\"tns:%sInput\"/>"
                      "<output message=\"tns:%sOutput\"/></operation>\n",
                      name, name);
    }
    ks_buf_puts(b, "</portType>\n<binding name=\"KassaBinding\" type=\"tns:KassaPortType\">\n"
                   "  <soap:binding style=\"rpc\" "
                   "transport=\"http://schemas.xmlsoap.org/soap/http\"/>\n");
    for (int i = 0; i < ks_ops_count; i++)
        if (ks_ops[i].names[ep])
            ks_buf_printf(b,
                          "  <operation name=\"%s\"><soap:operation soapAction=\"" KS_SOAP_NS
                          "#%s\" "
                          "style=\"rpc\"/>"
                          "<input><soap:body use=\"encoded\" namespace=\"" KS_SOAP_NS "\" "
                          "encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"/></input>"
                          "<output><soap:body use=\"encoded\" namespace=\"" KS_SOAP_NS "\" "
                          "encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"/></output>"
                          "</operation>\n",
                          ks_ops[i].names[ep], ks_ops[i].names[ep]);
    ks_buf_puts(b, "</binding>\n<service name=\"KassaService\">\n"
                   "  <port name=\"KassaPort\" binding=\"tns:KassaBinding\">\n"
                   "    <soap:address location=\"");
    ks_buf_xml_escape(b, base_url);
    ks_buf_puts(b, "\"/>\n  </port>\n</service>\n</definitions>\n");
    free(rp);
}
