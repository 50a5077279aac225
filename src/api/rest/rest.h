/* rest.h — the REST 6.0 adapter (/rest/6.0/...) and the sandbox control API (/control/...). */
#ifndef KS_REST_H
#define KS_REST_H

#include "../request.h"

/* path is what follows the prefix. control: 1 for /control (admin token, ADMIN ops). */
void ks_rest_handle(ks_request *req, ks_response *resp, const char *path, int control);

/* The one mapping of an error to REST: its HTTP status and {"error_code", "message"}. */
void ks_rest_error(ks_response *resp, const ks_err *err);

/* The OpenAPI 3 document of the REST surface, generated from the table and the schema. */
void ks_openapi_handle(ks_request *req, ks_response *resp);

#endif
