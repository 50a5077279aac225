/* bind.c — the one generic validator and binder: value tree + schema -> normalised tree and
 * C struct. Every protocol reaches the domain through here, so a string where an integer
 * belongs fails the same way over REST, JSON-RPC and SOAP. */
#include "bind.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../core/decimal.h"
#include "../../core/iso.h"
#include "../../core/timeutil.h"

__attribute__((format(printf, 4, 5))) static int fail(ks_err *err, const ks_field *f,
                                                      ks_errcode generic, const char *fmt, ...)
{
    char msg[KS_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ks_err_setf(err, f->err != KS_E_NONE ? f->err : generic, "%s", msg);
}

json_t *ks_json_get(json_t *obj, const char *name)
{
    if (!json_is_object(obj))
        return NULL;
    json_t *v = json_object_get(obj, name);
    if (v)
        return v;
    const char *k;
    json_object_foreach(obj, k, v)
        if (strcasecmp(k, name) == 0)
            return v;
    return NULL;
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    size_t n = strlen(s);
    if (!at || at == s || n > 254 || strchr(at + 1, '@'))
        return 0;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0')
        return 0;
    for (; *s; s++)
        if (isspace((unsigned char)*s) || *s == ',' || *s == '<' || *s == '>')
            return 0;
    return 1;
}

static void *slot_of(void *dst, size_t off) { return (char *)dst + off - 1; }

/* Strict integer from text: optional sign, digits, nothing else. */
static int parse_int(const char *s, int64_t *out)
{
    char *end;
    if (!*s || isspace((unsigned char)*s))
        return -1;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

/* 1 if d is a whole number that int64_t holds: converting any other double to it is undefined
 * behaviour, so the range is checked first. 2^63 is exact as a double; INT64_MAX is not. */
static int whole_int64(double d)
{
    return d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == (double)(int64_t)d;
}

static int bind_string(json_t **norm, void *dst, ks_arena *a, const ks_field *f, json_t *in,
                       const char *path, ks_err *err)
{
    /* strings are strings: a number or a boolean where text belongs is a client's mistake
     * ({"Code": 5}, "ExternalReference": 12.5); the leniency runs the other way (numbers sent
     * as strings, see bind_int and bind_decimal), save for the few text fields that the seeds'
     * own examples send as integers (KS_F_INT_AS_TEXT) */
    char num[32];
    const char *s = json_string_value(in);
    if (!s && json_is_integer(in) && (f->flags & KS_F_INT_AS_TEXT)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(in));
        s = num;
    }
    if (!s) {
        /* a formatted field keeps its own code: "Currency": 840 is no ISO 4217 code */
        static const ks_errcode fmt_code[] = {
            [KS_FMT_NONE] = KS_E_PARAMETER_INVALID,    [KS_FMT_CURRENCY] = KS_E_INVALID_CURRENCY,
            [KS_FMT_LANGUAGE] = KS_E_INVALID_LANGUAGE, [KS_FMT_COUNTRY] = KS_E_INVALID_COUNTRY,
            [KS_FMT_EMAIL] = KS_E_INVALID_EMAIL,       [KS_FMT_DATE] = KS_E_INVALID_DATE,
            [KS_FMT_DATETIME] = KS_E_INVALID_DATE};
        return fail(err, f, fmt_code[f->fmt], "%s must be a string", path);
    }
    if ((f->flags & KS_F_REQUIRED) && !*s)
        return fail(err, f, KS_E_PARAMETER_MISSING, "%s is required", path);
    if (f->maxlen && utf8_len(s) > (size_t)f->maxlen)
        return fail(err, f, KS_E_PARAMETER_TOO_LONG, "%s must be at most %d characters", path,
                    f->maxlen);
    const char *canon = s;
    ks_time t;
    switch (f->fmt) {
    case KS_FMT_NONE: break;
    case KS_FMT_CURRENCY:
        if (!(canon = ks_iso_currency(s, NULL)))
            return fail(err, f, KS_E_INVALID_CURRENCY, "%s is not an ISO 4217 currency code",
                        path);
        break;
    case KS_FMT_LANGUAGE:
        if (!(canon = ks_iso_language(s)))
            return fail(err, f, KS_E_INVALID_LANGUAGE, "%s is not an ISO 639-1 language code",
                        path);
        break;
    case KS_FMT_COUNTRY:
        if (!(canon = ks_iso_country(s)))
            return fail(err, f, KS_E_INVALID_COUNTRY,
                        "%s is not an ISO 3166-1 two-letter country code", path);
        break;
    case KS_FMT_EMAIL:
        if (!valid_email(s))
            return fail(err, f, KS_E_INVALID_EMAIL, "%s is not a valid email address", path);
        break;
    case KS_FMT_DATE:
        if (ks_time_parse_date(&t, s, 0))
            return fail(err, f, KS_E_INVALID_DATE, "%s must be a date formatted YYYY-MM-DD",
                        path);
        break;
    case KS_FMT_DATETIME:
        if (ks_time_parse(&t, s, 0))
            return fail(err, f, KS_E_INVALID_DATE,
                        "%s must be a date and time formatted YYYY-MM-DD HH:MM:SS", path);
        break;
    }
    if (f->enums) {
        const char *const *e = f->enums;
        for (; *e; e++)
            if (strcasecmp(*e, s) == 0)
                break;
        if (!*e) {
            char list[200] = "";
            size_t n = 0;
            for (e = f->enums; *e && n < sizeof list - 1; e++)
                n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", *e);
            return fail(err, f, KS_E_PARAMETER_INVALID, "%s must be one of: %s", path, list);
        }
        canon = *e;
    }
    if (norm)
        *norm = json_string(f->enums ? canon : s);
    if (dst && f->off)
        *(const char **)slot_of(dst, f->off) = ks_arena_strdup(a, canon);
    return 0;
}

static int bind_int(json_t **norm, void *dst, const ks_field *f, json_t *in, const char *path,
                    ks_err *err)
{
    int64_t v;
    if (json_is_integer(in)) {
        v = json_integer_value(in);
    } else if (json_is_real(in) && whole_int64(json_real_value(in))) {
        v = (int64_t)json_real_value(in);
    } else if (json_is_string(in) && parse_int(json_string_value(in), &v) == 0) {
        /* the platform's own examples send "Quantity": "1" */
    } else {
        return fail(err, f, KS_E_PARAMETER_INVALID, "%s must be an integer", path);
    }
    if (f->min < f->max && (v < f->min || v > f->max))
        return fail(err, f, KS_E_PARAMETER_INVALID, "%s must be between %lld and %lld", path,
                    (long long)f->min, (long long)f->max);
    if (norm)
        *norm = json_integer(v);
    if (dst && f->off)
        *(int64_t *)slot_of(dst, f->off) = v;
    return 0;
}

static int bind_decimal(json_t **norm, void *dst, const ks_field *f, json_t *in,
                        const char *path, ks_err *err)
{
    ks_dec v;
    if (json_is_integer(in)) {
        json_int_t i = json_integer_value(in);
        if (i > INT64_MAX / KS_DEC_SCALE / 100 || i < -(INT64_MAX / KS_DEC_SCALE / 100))
            return fail(err, f, KS_E_PARAMETER_INVALID, "%s is out of range", path);
        v = (ks_dec)i * KS_DEC_SCALE;
    } else if (json_is_real(in)) {
        if (ks_dec_from_double(&v, json_real_value(in)))
            return fail(err, f, KS_E_PARAMETER_INVALID, "%s is out of range", path);
    } else if (json_is_string(in)) {
        if (ks_dec_parse(&v, json_string_value(in)))
            return fail(err, f, KS_E_PARAMETER_INVALID,
                        "%s must be a number with at most 4 decimals", path);
    } else {
        return fail(err, f, KS_E_PARAMETER_INVALID, "%s must be a number", path);
    }
    if (norm)
        *norm = v % KS_DEC_SCALE == 0 ? json_integer(v / KS_DEC_SCALE)
                                      : json_real(ks_dec_to_double(v));
    if (dst && f->off)
        *(ks_dec *)slot_of(dst, f->off) = v;
    return 0;
}

static int bind_bool(json_t **norm, void *dst, const ks_field *f, json_t *in, const char *path,
                     ks_err *err)
{
    int v;
    const char *s = json_string_value(in);
    if (json_is_boolean(in))
        v = json_is_true(in);
    else if (json_is_integer(in) && (json_integer_value(in) == 0 || json_integer_value(in) == 1))
        v = json_integer_value(in) == 1;
    else if (s && (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0))
        v = 1;
    else if (s && (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 || !*s))
        v = 0;
    else
        return fail(err, f, KS_E_PARAMETER_INVALID, "%s must be true or false", path);
    if (norm)
        *norm = json_boolean(v);
    if (dst && f->off)
        *(int *)slot_of(dst, f->off) = v;
    return 0;
}

/* Arrays arrive as JSON arrays, as one scalar (ONE_OR_MANY), or PHP-style as an object keyed
 * "0", "1", ... — the shape the platform itself returns for lead Items. */
static json_t *as_array(json_t *in, const ks_field *f)
{
    if (json_is_array(in))
        return json_incref(in);
    if ((f->flags & KS_F_ONE_OR_MANY) && (json_is_string(in) || json_is_number(in))) {
        json_t *arr = json_array();
        json_array_append(arr, in);
        return arr;
    }
    if (json_is_object(in)) {
        size_t n = json_object_size(in);
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            char key[24];
            snprintf(key, sizeof key, "%zu", i);
            json_t *v = json_object_get(in, key);
            if (!v) {
                json_decref(arr);
                return NULL;
            }
            json_array_append(arr, v);
        }
        return arr;
    }
    return NULL;
}

static size_t scalar_size(ks_type t)
{
    switch (t) {
    case KS_T_INT: return sizeof(int64_t);
    case KS_T_BOOL: return sizeof(int);
    case KS_T_DECIMAL: return sizeof(ks_dec);
    default: return sizeof(const char *);
    }
}

static int bind_array(json_t **norm, void *dst, ks_arena *a, const ks_field *f, json_t *in,
                      const char *path, ks_err *err)
{
    int rc = -1;
    json_t *arr = as_array(in, f), *out = NULL;
    if (!arr)
        return fail(err, f, KS_E_PARAMETER_INVALID, "%s must be an array", path);
    size_t n = json_array_size(arr);
    size_t elem = f->obj ? f->obj->size : scalar_size(f->item);
    int bound = dst && f->off && elem;
    char *items = bound && n ? ks_arena_alloc(a, n * elem) : NULL;
    /* an element is described by the array's own field, with the element type */
    ks_field ef = *f;
    ef.type = f->obj ? KS_T_OBJECT : f->item;
    ef.flags = KS_F_REQUIRED;
    ef.off = bound ? 1 : 0;
    /* the presence flag and the count belong to the array, in the parent struct: applied to an
     * element they would write past it */
    ef.present_off = 0;
    ef.count_off = 0;
    out = json_array();
    for (size_t i = 0; i < n; i++) {
        char p[256];
        json_t *nv = NULL;
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        void *edst = bound ? items + i * elem : NULL;
        int r = f->obj ? ks_bind_object(&nv, edst, a, f->obj, json_array_get(arr, i), p, err)
                       : ks_bind_field(&nv, edst, a, &ef, json_array_get(arr, i), p, err);
        if (r)
            goto done;
        json_array_append_new(out, nv);
    }
    if (bound) {
        *(void **)slot_of(dst, f->off) = items;
        if (f->count_off)
            *(size_t *)slot_of(dst, f->count_off) = n;
    }
    if (norm) {
        *norm = out;
        out = NULL;
    }
    rc = 0;
done:
    json_decref(out);
    json_decref(arr);
    return rc;
}

static int bind_value(json_t **norm, void *dst, ks_arena *a, const ks_field *f, json_t *in,
                      const char *path, ks_err *err);

int ks_bind_field(json_t **norm, void *dst, ks_arena *a, const ks_field *f, json_t *in,
                  const char *path, ks_err *err)
{
    if (bind_value(norm, dst, a, f, in, path, err))
        return -1;
    if (dst && f->present_off && in && !json_is_null(in))
        *(int *)slot_of(dst, f->present_off) = 1;
    return 0;
}

static int bind_value(json_t **norm, void *dst, ks_arena *a, const ks_field *f, json_t *in,
                      const char *path, ks_err *err)
{
    if (norm)
        *norm = NULL;
    if (!in || json_is_null(in)) {
        if (f->flags & KS_F_REQUIRED)
            return fail(err, f, KS_E_PARAMETER_MISSING, "%s is required", path);
        if (in && (f->flags & KS_F_NOT_NULL))
            return fail(err, f, KS_E_PARAMETER_INVALID, "%s must not be null", path);
        if (in && norm)
            *norm = json_null();
        return 0;
    }
    switch (f->type) {
    case KS_T_STRING: return bind_string(norm, dst, a, f, in, path, err);
    case KS_T_INT: return bind_int(norm, dst, f, in, path, err);
    case KS_T_DECIMAL: return bind_decimal(norm, dst, f, in, path, err);
    case KS_T_BOOL: return bind_bool(norm, dst, f, in, path, err);
    case KS_T_ARRAY: return bind_array(norm, dst, a, f, in, path, err);
    case KS_T_ANY:
        if (norm)
            *norm = json_incref(in);
        return 0;
    case KS_T_OBJECT: {
        void *sub = NULL;
        /* PHP's empty array stands for an empty object, which a required object is not */
        if ((f->flags & KS_F_REQUIRED) && json_is_array(in) && json_array_size(in) == 0)
            return fail(err, f, KS_E_PARAMETER_MISSING, "%s is required", path);
        if (dst && f->off && f->obj->size) {
            sub = ks_arena_alloc(a, f->obj->size);
            /* for an element of an array of objects, dst already is the struct */
        }
        if (ks_bind_object(norm, sub, a, f->obj, in, path, err))
            return -1;
        if (sub)
            *(void **)slot_of(dst, f->off) = sub;
        return 0;
    }
    }
    return fail(err, f, KS_E_PARAMETER_INVALID, "%s has an unsupported type", path);
}

int ks_bind_object(json_t **norm, void *dst, ks_arena *a, const ks_schema *s, json_t *in,
                   const char *path, ks_err *err)
{
    if (norm)
        *norm = NULL;
    /* PHP's json_encode writes an empty array for an empty object */
    if (json_is_array(in) && json_array_size(in) == 0)
        in = NULL;
    else if (!json_is_object(in)) {
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "%s must be an object",
                           *path ? path : s->name);
    }
    json_t *out = json_object();
    for (const ks_field *f = s->fields; f->name; f++) {
        if (f->flags & KS_F_OUTPUT)
            continue;
        char p[256];
        json_t *nv = NULL;
        snprintf(p, sizeof p, "%s%s%s", path, *path ? "." : "", f->name);
        if (ks_bind_field(&nv, dst, a, f, in ? ks_json_get(in, f->name) : NULL, p, err)) {
            json_decref(out);
            return -1;
        }
        if (nv && !(f->flags & KS_F_SECRET))
            json_object_set_new(out, f->name, nv);
        else
            json_decref(nv);
    }
    if (norm)
        *norm = out;
    else
        json_decref(out);
    return 0;
}
