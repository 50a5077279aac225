/* json_out.h — the JSON text of every answer: compact, byte for byte what jansson's
 * json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) writes, in a fraction
 * of its time (no loop check through a hash table, no callback per fragment, no printf for
 * integers). The trees it writes are built by the handlers and never cyclic. */
#ifndef KS_JSON_OUT_H
#define KS_JSON_OUT_H

#include <jansson.h>
#include <stddef.h>

/* The text of v (malloc'd, NUL-terminated; *len its length), or NULL when v is NULL or nested
 * deeper than any answer is (the caller then falls back to json_dumps). */
char *ks_json_dump(const json_t *v, size_t *len);

#endif
