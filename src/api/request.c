/* request.c — the response helper every adapter uses. */
#include "request.h"

#include <stdlib.h>

void ks_response_set(ks_response *resp, int status, const char *ctype, char *body, size_t len)
{
    free(resp->body);
    resp->status = status;
    resp->content_type = ctype;
    resp->body = body;
    resp->len = len;
}
