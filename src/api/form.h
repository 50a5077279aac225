/* form.h — reading what a browser sends: application/x-www-form-urlencoded bodies, the query
 * string and cookies. Shared by Kassa's HTML pages (api/web/, api/console/). */
#ifndef KS_FORM_H
#define KS_FORM_H

#include <stddef.h>

#include "request.h"

/* The value of name in an application/x-www-form-urlencoded body, decoded, arena-owned; NULL
 * when absent. */
const char *ks_form_value(ks_arena *a, const char *body, size_t len, const char *name);

/* The first value of name in the query string (decoded by the server); NULL when absent. */
const char *ks_query_value(const ks_request *req, const char *name);

/* The value of cookie name in the request's Cookie header, arena-owned; NULL when absent. */
const char *ks_cookie_value(const ks_request *req, const char *name);

#endif
