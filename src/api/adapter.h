/* adapter.h — what the three protocol adapters share: a domain context per request, the call
 * through the operation table, and JSON responses. */
#ifndef KS_ADAPTER_H
#define KS_ADAPTER_H

#include <jansson.h>

#include "request.h"
#include "op.h"

/* A fresh domain context for the request (no vendor yet). */
void ks_adapter_ctx(ks_ctx *ctx, ks_request *req);

/* Calls op with args (op->params order) and records the operation for the log and metrics.
 * The caller has authenticated ctx unless op is NOAUTH. */
int ks_adapter_call(json_t **out, ks_ctx *ctx, ks_request *req, const ks_op *op,
                    json_t *const *args, ks_err *err);

/* Serialises v (reference stolen) as the response body. */
void ks_adapter_json(ks_response *resp, int status, json_t *v);

/* Parses a JSON request body; an absent or blank body gives *out = NULL. MALFORMED_REQUEST. */
int ks_adapter_parse_json(json_t **out, const char *body, size_t len, ks_err *err);

#endif
