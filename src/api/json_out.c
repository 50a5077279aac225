/* json_out.c — the compact JSON writer of the answers (json_out.h). Every detail follows
 * jansson 2.14's dump.c for the flags the adapters use: strings escape '"', '\\' and the
 * control characters (\b \f \n \r \t by name, the rest as \u00XX in upper-case hex) and nothing
 * else; reals are "%.15g" with ".0" added when the text has neither '.' nor 'e', and the
 * exponent without '+' or leading zeros; objects in their insertion order. */
#include "json_out.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* deeper than the parser accepts (2048) and than any answer: not written here */
#define MAX_DEPTH 4096

typedef struct {
    char *p;
    size_t len, cap;
} out;

static void reserve(out *o, size_t n)
{
    if (o->len + n <= o->cap)
        return;
    size_t cap = o->cap ? o->cap : 1024;
    while (cap < o->len + n)
        cap *= 2;
    char *p = realloc(o->p, cap);
    if (!p)
        abort();
    o->p = p;
    o->cap = cap;
}

static void put(out *o, const char *s, size_t n)
{
    reserve(o, n);
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void putc1(out *o, char c)
{
    reserve(o, 1);
    o->p[o->len++] = c;
}

static void put_string(out *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    /* at most 6 bytes out per byte in, and the quotes */
    reserve(o, n * 6 + 2);
    char *w = o->p + o->len;
    *w++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *w++ = (char)c;
            continue;
        }
        *w++ = '\\';
        switch (c) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '\b': *w++ = 'b'; break;
        case '\f': *w++ = 'f'; break;
        case '\n': *w++ = 'n'; break;
        case '\r': *w++ = 'r'; break;
        case '\t': *w++ = 't'; break;
        default:
            *w++ = 'u';
            *w++ = '0';
            *w++ = '0';
            *w++ = hex[c >> 4];
            *w++ = hex[c & 15];
        }
    }
    *w++ = '"';
    o->len = (size_t)(w - o->p);
}

static void put_integer(out *o, json_int_t v)
{
    char buf[24], *e = buf + sizeof buf, *s = e;
    /* in unsigned arithmetic, so that the smallest integer has a magnitude */
    unsigned long long m = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--s = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    if (v < 0)
        *--s = '-';
    put(o, s, (size_t)(e - s));
}

/* jansson's jsonp_dtostr with precision 15 */
static void put_real(out *o, double v)
{
    char buf[64];
    int r = snprintf(buf, sizeof buf - 3, "%.15g", v);
    if (r < 0 || (size_t)r >= sizeof buf - 3)
        abort(); /* "%.15g" of a double is at most 24 bytes */
    size_t len = (size_t)r;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == ',')
            buf[i] = '.'; /* a locale's decimal comma, as jansson undoes it */
    if (!memchr(buf, '.', len) && !memchr(buf, 'e', len)) {
        buf[len++] = '.';
        buf[len++] = '0';
        buf[len] = '\0';
    }
    char *start = memchr(buf, 'e', len);
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - buf) + 1);
            len -= (size_t)(end - start);
        }
    }
    put(o, buf, len);
}

static int put_value(out *o, const json_t *v, int depth)
{
    if (depth > MAX_DEPTH)
        return -1;
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        putc1(o, '{');
        int first = 1;
        for (void *it = json_object_iter((json_t *)v); it;
             it = json_object_iter_next((json_t *)v, it)) {
            if (!first)
                putc1(o, ',');
            first = 0;
            put_string(o, json_object_iter_key(it), json_object_iter_key_len(it));
            putc1(o, ':');
            if (put_value(o, json_object_iter_value(it), depth + 1))
                return -1;
        }
        putc1(o, '}');
        return 0;
    }
    case JSON_ARRAY: {
        putc1(o, '[');
        size_t n = json_array_size(v);
        for (size_t i = 0; i < n; i++) {
            if (i)
                putc1(o, ',');
            if (put_value(o, json_array_get(v, i), depth + 1))
                return -1;
        }
        putc1(o, ']');
        return 0;
    }
    case JSON_STRING:
        put_string(o, json_string_value(v), json_string_length(v));
        return 0;
    case JSON_INTEGER: put_integer(o, json_integer_value(v)); return 0;
    case JSON_REAL: put_real(o, json_real_value(v)); return 0;
    case JSON_TRUE: put(o, "true", 4); return 0;
    case JSON_FALSE: put(o, "false", 5); return 0;
    case JSON_NULL: put(o, "null", 4); return 0;
    }
    return -1;
}

char *ks_json_dump(const json_t *v, size_t *len)
{
    out o = {0};
    if (!v || put_value(&o, v, 0)) {
        free(o.p);
        return NULL;
    }
    putc1(&o, '\0');
    *len = o.len - 1;
    return o.p;
}
