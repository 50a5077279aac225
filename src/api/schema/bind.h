/* bind.h — validates a value tree against a schema, normalises it, and binds it into C structs.
 *
 * jansson rule: the caller keeps its reference to `in`; *norm is a new reference the caller
 * must json_decref. Bound strings and structs are arena-owned. */
#ifndef KS_BIND_H
#define KS_BIND_H

#include <jansson.h>

#include "../../core/arena.h"
#include "schema.h"

/* Checks `in` (may be NULL: absent) against field f, named `path` in messages. On success
 * *norm (if not NULL) receives the normalised value (numbers given as strings become numbers,
 * unknown members dropped, secret members left out; NULL when absent) and, if dst is not NULL
 * and f is bound, dst + f->off - 1 receives the C value. Codes: PARAMETER_MISSING,
 * PARAMETER_INVALID, PARAMETER_TOO_LONG, INVALID_CURRENCY/LANGUAGE/COUNTRY/EMAIL/DATE, or f->err.
 * Messages name the field, never its value. */
int ks_bind_field(json_t **norm, void *dst, ks_arena *a, const ks_field *f, json_t *in,
                  const char *path, ks_err *err);

/* The same for a whole object: binds into a struct of s->size bytes at dst. */
int ks_bind_object(json_t **norm, void *dst, ks_arena *a, const ks_schema *s, json_t *in,
                   const char *path, ks_err *err);

/* Finds a member ignoring case (exact match first). Borrowed reference or NULL. */
json_t *ks_json_get(json_t *obj, const char *name);

#endif
