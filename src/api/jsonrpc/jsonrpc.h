/* jsonrpc.h — the JSON-RPC 2.0 adapter (POST /rpc/6.0/).
 *
 * Error mapping (one function, rpc_error): protocol failures use the JSON-RPC 2.0 codes
 * (-32700 parse error, -32600 invalid request, -32601 method not found). API errors carry the
 * API code string in error.data.error_code and an integer code: 10000 for authentication
 * failures, 10001 for a missing/unknown/expired session, and otherwise the HTTP status of the
 * error's kind (400 invalid, 404 not found, 409 conflict, 402 payment, 500 internal...). */
#ifndef KS_JSONRPC_H
#define KS_JSONRPC_H

#include "../op.h"
#include "../request.h"

/* Serves the calls of endpoint ep (its method names, from the operation table). */
void ks_rpc_handle(ks_request *req, ks_response *resp, ks_endpoint ep);

/* An error answered before any call could be read (a body too large...), with id null and
 * the HTTP status of the error's kind. */
void ks_rpc_error(ks_response *resp, const ks_err *err);

#endif
