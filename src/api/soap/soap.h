/* soap.h — the SOAP 1.1 adapter (POST /soap/6.0/) and its WSDL (GET /soap/6.0/?wsdl).
 *
 * RPC style, SOAP encoding, as PHP's SoapClient in WSDL mode calls the platform: parts are the
 * operation's parameters (sessionID first for all but login). The XML body becomes the same
 * value tree the other adapters build, guided by the schema; the result goes back as
 * SOAP-encoded XML. Faults carry the API code as faultcode and the message as faultstring. */
#ifndef KS_SOAP_H
#define KS_SOAP_H

#include "../../core/buf.h"
#include "../op.h"
#include "../request.h"
#include "../schema/schema.h"

#define KS_SOAP_NS "urn:kassa:soap:6.0"

/* Serves endpoint ep: its operations, and its own WSDL on GET. */
void ks_soap_handle(ks_request *req, ks_response *resp, ks_endpoint ep);

/* The one mapping of an error to SOAP: a Fault with the API code as faultcode (HTTP 500). */
void ks_soap_fault(ks_response *resp, const ks_err *err);

/* The WSDL of endpoint ep: exactly its operations, under its names, with soap:address at
 * base_url. */
void ks_wsdl_render(ks_buf *out, ks_endpoint ep, const char *base_url);

/* The XSD type of a field as written in the WSDL and in xsi:type ("xsd:string", "tns:Lead",
 * "tns:ArrayOfLead"): buf, written, or for a scalar or anyType a constant string. */
const char *ks_soap_type(char *buf, size_t size, const ks_field *f);

#endif
