/* form.c — form bodies, query values and cookies (form.h). */
#include "form.h"

#include <ctype.h>
#include <string.h>

static int hexval(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

const char *ks_form_value(ks_arena *a, const char *body, size_t len, const char *name)
{
    size_t nl = strlen(name);
    if (!body) /* no body: nothing to offset from */
        return NULL;
    const char *p = body, *end = body + len;
    while (p && p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        if ((size_t)(stop - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            char *out = ks_arena_alloc(a, (size_t)(stop - p) + 1), *o = out;
            for (const char *q = p + nl + 1; q < stop; q++) {
                if (*q == '+') {
                    *o++ = ' ';
                } else if (*q == '%' && q + 2 < stop && hexval((unsigned char)q[1]) >= 0 &&
                           hexval((unsigned char)q[2]) >= 0) {
                    *o++ = (char)(hexval((unsigned char)q[1]) * 16 + hexval((unsigned char)q[2]));
                    q += 2;
                } else {
                    *o++ = *q;
                }
            }
            *o = '\0';
            return out;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

const char *ks_query_value(const ks_request *req, const char *name)
{
    for (size_t i = 0; i < req->nquery; i++)
        if (strcmp(req->query[i].key, name) == 0)
            return req->query[i].value;
    return NULL;
}

const char *ks_cookie_value(const ks_request *req, const char *name)
{
    const char *h = req->header ? req->header(req, "Cookie") : NULL;
    size_t nl = strlen(name);
    while (h && *h) {
        while (*h == ' ' || *h == ';')
            h++;
        const char *stop = strchr(h, ';');
        size_t len = stop ? (size_t)(stop - h) : strlen(h);
        if (len > nl && strncmp(h, name, nl) == 0 && h[nl] == '=')
            return ks_arena_strndup(req->arena, h + nl + 1, len - nl - 1);
        h = stop;
    }
    return NULL;
}
