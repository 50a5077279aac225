/* buf.c — growable buffer. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(ks_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        abort();
    b->data = p;
    b->cap = cap;
}

void ks_buf_add(ks_buf *b, const void *p, size_t n)
{
    grow(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ks_buf_puts(ks_buf *b, const char *s) { ks_buf_add(b, s, strlen(s)); }

void ks_buf_putc(ks_buf *b, char c) { ks_buf_add(b, &c, 1); }

void ks_buf_printf(ks_buf *b, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    /* printed into the room there is, and again only when it did not fit: measuring first
     * (vsnprintf(NULL, 0)) costs more than printing, glibc's counting goes a chunk at a time */
    grow(b, 64);
    size_t room = b->cap - b->len;
    int n = vsnprintf(b->data + b->len, room, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    if ((size_t)n >= room) {
        grow(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, aq);
    }
    va_end(aq);
    b->len += (size_t)n;
}

void ks_buf_xml_escape(ks_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': ks_buf_puts(b, "&lt;"); break;
        case '>': ks_buf_puts(b, "&gt;"); break;
        case '&': ks_buf_puts(b, "&amp;"); break;
        case '"': ks_buf_puts(b, "&quot;"); break;
        case '\'': ks_buf_puts(b, "&apos;"); break;
        default:
            /* XML 1.0 forbids most control characters even escaped */
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
                ks_buf_putc(b, '?');
            else
                ks_buf_putc(b, *s);
        }
    }
}

void ks_buf_reset(ks_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *ks_buf_steal(ks_buf *b)
{
    if (!b->data)
        grow(b, 0), b->data[0] = '\0';
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void ks_buf_free(ks_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
