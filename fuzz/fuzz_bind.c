/* fuzz_bind.c — the generic binder on arbitrary JSON: the input is parsed with jansson and
 * bound against the Lead schema (nested objects, arrays, PHP-style arrays, formats, secrets)
 * and the LeadSearchInput schema (one-or-many arrays, enumerations, dates, pagination). */
#include <assert.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/schema/bind.h"
#include "api/schema/objects.h"
#include "core/log.h"

static void bind_one(const ks_schema *s, void *dst, json_t *in)
{
    ks_arena *a = ks_arena_new();
    ks_err err;
    json_t *norm = NULL;
    memset(dst, 0, s->size);
    if (ks_bind_object(&norm, dst, a, s, in, "", &err) == 0) {
        /* what addLead stores: the normalised tree, serialised */
        char *doc = json_dumps(norm, JSON_COMPACT | JSON_REAL_PRECISION(15));
        assert(doc);
        free(doc);
    } else {
        assert(!norm);
        assert(err.msg[0]);
    }
    json_decref(norm);
    /* and the path without a normalised tree, as the getters bind */
    memset(dst, 0, s->size);
    ks_bind_object(NULL, dst, a, s, in, "Lead", &err);
    ks_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ks_lead lead;
    ks_lead_search_in search;
    json_error_t je;
    json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY, &je);
    if (!in)
        return 0;
    bind_one(&ks_schema_Lead, &lead, in);
    bind_one(&ks_schema_LeadSearchInput, &search, in);
    json_decref(in);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ks_log_set_quiet(1);
    return 0;
}
