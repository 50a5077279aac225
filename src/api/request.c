/* request.c — the response helper every adapter uses. */
#include "request.h"

#include <assert.h>
#include <stdlib.h>

void ks_response_set(ks_response *resp, int status, const char *ctype, char *body, size_t len)
{
    free(resp->body);
    resp->status = status;
    resp->content_type = ctype;
    resp->body = body;
    resp->len = len;
}

void ks_response_header(ks_response *resp, const char *name, const char *value)
{
    assert(resp->nheaders < KS_RESPONSE_HEADERS_MAX);
    resp->headers[resp->nheaders].key = name;
    resp->headers[resp->nheaders].value = value;
    resp->nheaders++;
}
