/* schema.h — API objects declared once.
 *
 * A ks_schema lists an object's fields: wire name, type, flags, format, limits and, when the
 * field is bound, where it goes in a plain C struct of the domain. From these declarations
 * come the validation and binding of input on every protocol (bind.c), the WSDL (soap/wsdl.c)
 * and the OpenAPI document (rest/openapi.c). */
#ifndef KS_SCHEMA_H
#define KS_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "../../core/err.h"

typedef enum {
    KS_T_STRING,
    KS_T_INT,
    KS_T_BOOL,
    KS_T_DECIMAL, /* money and other decimals: bound as ks_dec */
    KS_T_OBJECT,
    KS_T_ARRAY,
    KS_T_ANY      /* free-form value, passed through */
} ks_type;

enum {
    KS_F_REQUIRED = 1u << 0,
    KS_F_ONE_OR_MANY = 1u << 1, /* an ARRAY that also accepts one scalar */
    KS_F_OUTPUT = 1u << 2,      /* appears in responses only; ignored in requests */
    KS_F_SECRET = 1u << 3,      /* bound, but never kept in the stored document nor echoed */
    KS_F_NOT_NULL = 1u << 4,    /* may be left out (the domain's default applies) but not
                                   sent as null, which would silently take that default */
    KS_F_INT_AS_TEXT = 1u << 5, /* a STRING the seeds' own examples send as an integer
                                   ("MachineId": 132): an integer is taken as its digits */
};

typedef enum {
    KS_FMT_NONE,
    KS_FMT_CURRENCY, /* ISO 4217, any case */
    KS_FMT_LANGUAGE, /* ISO 639-1, any case */
    KS_FMT_COUNTRY,  /* ISO 3166-1 alpha-2, any case */
    KS_FMT_EMAIL,
    KS_FMT_DATE,     /* YYYY-MM-DD */
    KS_FMT_DATETIME  /* YYYY-MM-DD HH:MM:SS */
} ks_format;

typedef struct ks_schema ks_schema;

typedef struct ks_field {
    const char *name;
    ks_type type;
    unsigned flags;
    const ks_schema *obj;     /* OBJECT, or ARRAY of OBJECT */
    ks_type item;             /* ARRAY of scalars: the element type */
    ks_format fmt;
    int maxlen;               /* STRING: characters (UTF-8); 0 = no limit */
    int64_t min, max;         /* INT: inclusive range when min < max */
    const char *const *enums; /* STRING: allowed values, NULL-terminated */
    ks_errcode err;           /* code for any invalid value; KS_E_NONE = the generic ones */
    size_t off;               /* bound: offsetof + 1 in the C struct; 0 = not bound */
    size_t count_off;         /* bound ARRAY: offsetof + 1 of its size_t count */
    size_t present_off;       /* optional: offsetof + 1 of an int set to 1 when given */
    const char *doc;
} ks_field;

struct ks_schema {
    const char *name;         /* type name in the WSDL and the OpenAPI document */
    size_t size;              /* sizeof the bound C struct; 0 = not bound */
    const ks_field *fields;   /* terminated by an entry whose name is NULL */
    const char *doc;
};

#define KS_BIND(T, m) .off = offsetof(T, m) + 1
#define KS_BIND_COUNT(T, m) .count_off = offsetof(T, m) + 1
#define KS_BIND_PRESENT(T, m) .present_off = offsetof(T, m) + 1

/* Binding C representation, by type:
 *   STRING  const char *      (arena; canonical spelling for ISO formats)
 *   INT     int64_t           BOOL  int            DECIMAL  ks_dec
 *   OBJECT  T *               (arena; NULL when absent or null)
 *   ARRAY   T * / const char ** plus a size_t count at count_off */

#endif
