/* router.h — maps a path to its surface: REST, the control API, JSON-RPC, SOAP, the InLine
 * checkout and the operational endpoints. */
#ifndef KS_ROUTER_H
#define KS_ROUTER_H

#include "request.h"

void ks_route(ks_request *req, ks_response *resp);

#endif
