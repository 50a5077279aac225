/* router.h — maps a path to its surface: REST, the control API, JSON-RPC, SOAP, the InLine
 * checkout and the operational endpoints. */
#ifndef KS_ROUTER_H
#define KS_ROUTER_H

#include "../api/request.h"

void ks_route(ks_request *req, ks_response *resp);

/* Answers err in the form of the surface the path belongs to (JSON for REST, a JSON-RPC error
 * object, a SOAP Fault), with the HTTP status of its kind: for failures found before any
 * adapter runs, such as a body over the size limit. */
void ks_route_error(ks_request *req, ks_response *resp, const ks_err *err);

#endif
