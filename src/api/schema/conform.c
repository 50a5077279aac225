/* conform.c — brings an answer to the types of its schema (conform.h). */
#include "conform.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ks_field *member(const ks_schema *s, const char *name)
{
    for (const ks_field *f = s->fields; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* An integer written in decimal digits (an optional minus), within int64. */
static json_t *as_int(const char *s)
{
    char *end;
    if (!*s || strlen(s) > 19 || (s[0] == '0' && s[1]) || strspn(s + (*s == '-'), "0123456789") !=
                                                              strlen(s + (*s == '-')))
        return NULL;
    errno = 0;
    long long n = strtoll(s, &end, 10);
    return errno || *end ? NULL : json_integer(n);
}

static json_t *as_number(const char *s)
{
    char *end;
    if (!*s || strspn(s, "-0123456789.") != strlen(s))
        return NULL;
    errno = 0;
    double d = strtod(s, &end);
    return errno || *end ? NULL : json_real(d);
}

/* v converted to scalar type t, or NULL when it is already of t or cannot be converted. */
static json_t *scalar(json_t *v, ks_type t)
{
    char buf[64];
    switch (t) {
    case KS_T_STRING:
        if (json_is_integer(v)) {
            snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            return json_string(buf);
        }
        if (json_is_real(v)) {
            snprintf(buf, sizeof buf, "%.15g", json_real_value(v));
            return json_string(buf);
        }
        return NULL;
    case KS_T_INT:
        if (json_is_string(v))
            return as_int(json_string_value(v));
        if (json_is_real(v) && json_real_value(v) == (double)(json_int_t)json_real_value(v))
            return json_integer((json_int_t)json_real_value(v));
        return NULL;
    case KS_T_DECIMAL:
        return json_is_string(v) ? as_number(json_string_value(v)) : NULL;
    case KS_T_BOOL:
        if (json_is_string(v) && strcmp(json_string_value(v), "true") == 0)
            return json_true();
        if (json_is_string(v) && strcmp(json_string_value(v), "false") == 0)
            return json_false();
        if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1))
            return json_boolean(json_integer_value(v));
        return NULL;
    default: return NULL;
    }
}

static json_t *conform(json_t *v, ks_type t, const ks_schema *obj, ks_type item);

static void conform_object(json_t *o, const ks_schema *s)
{
    const char *k;
    json_t *x;
    void *it = json_object_iter(o);
    while (it) {
        k = json_object_iter_key(it);
        x = json_object_iter_value(it);
        const ks_field *f = member(s, k);
        if (f && !(f->flags & KS_F_ONE_OR_MANY)) {
            json_t *y = conform(json_incref(x), f->type, f->obj, f->item);
            if (y != x)
                json_object_iter_set_new(o, it, y);
            else
                json_decref(y);
        }
        it = json_object_iter_next(o, it);
    }
}

static json_t *conform(json_t *v, ks_type t, const ks_schema *obj, ks_type item)
{
    if (!v || json_is_null(v))
        return v;
    if (t == KS_T_OBJECT && obj && json_is_object(v)) {
        conform_object(v, obj);
    } else if (t == KS_T_ARRAY && json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *x = json_array_get(v, i);
            json_t *y = conform(json_incref(x), obj ? KS_T_OBJECT : item, obj, KS_T_ANY);
            if (y != x)
                json_array_set_new(v, i, y);
            else
                json_decref(y);
        }
    } else if (t != KS_T_OBJECT && t != KS_T_ARRAY && t != KS_T_ANY) {
        json_t *c = scalar(v, t);
        if (c) {
            json_decref(v);
            return c;
        }
    }
    return v;
}

json_t *ks_schema_conform(json_t *v, const ks_field *f)
{
    if (!f)
        return v;
    return conform(v, f->type, f->obj, f->item);
}
