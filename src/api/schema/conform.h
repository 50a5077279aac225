/* conform.h — answers brought to the types their schema declares: the one place where the JSON
 * type of each field of a result is decided, so that REST, JSON-RPC and SOAP (whose encoder
 * writes the declared xsi:type) follow the schema and a type cannot drift in one handler. */
#ifndef KS_CONFORM_H
#define KS_CONFORM_H

#include <jansson.h>

#include "schema.h"

/* Returns v (reference stolen) with every member the schema of f declares brought to its
 * declared type, recursively: a string of digits becomes an integer, an integer or a real a
 * string, a numeric string a number, "true"/"false" a boolean. Only lossless conversions; a
 * value that cannot be converted, null, and members the schema does not declare are left as
 * they are (tests/e2e/test_schema_types.py proves there are none). f NULL: v unchanged. */
json_t *ks_schema_conform(json_t *v, const ks_field *f);

#endif
