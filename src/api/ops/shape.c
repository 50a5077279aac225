/* shape.c — result-shaping helpers of the catalog, promotion and pricing handlers. */
#include "shape.h"

#include <stdlib.h>

#include "../../domain/pricing.h"

json_t *ks_shape_dec(ks_dec v)
{
    /* the wire shows decimals; this double only carries an exact decimal to the encoder */
    return v % KS_DEC_SCALE == 0 ? json_integer(v / KS_DEC_SCALE) : json_real(ks_dec_to_double(v));
}

json_t *ks_shape_money(int64_t minor, const char *currency)
{
    return ks_shape_dec(ks_money_to_dec(minor, currency));
}

json_t *ks_shape_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

int ks_shape_bind_doc(const char **doc, void *dst, ks_ctx *ctx, const ks_op *op,
                      json_t *const *args, int i, ks_err *err)
{
    json_t *norm = NULL;
    if (ks_ops_bind(&norm, dst, ctx, op, args, i, err))
        return -1;
    char *s = json_dumps(norm, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    *doc = ks_arena_strdup(ctx->arena, s ? s : "{}");
    free(s);
    json_decref(norm);
    return 0;
}

json_t *ks_shape_doc(const char *doc)
{
    json_t *o = doc ? json_loads(doc, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        o = json_object();
    }
    return o;
}

json_t *ks_shape_page(json_t *items, int64_t page, int64_t limit, int64_t total)
{
    return json_pack("{s:o, s:{s:I, s:I, s:I}}", "Items", items, "Pagination", "Page",
                     (json_int_t)page, "Limit", (json_int_t)limit, "Count", (json_int_t)total);
}
