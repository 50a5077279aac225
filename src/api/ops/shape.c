/* shape.c — result-shaping helpers of the catalog, promotion and pricing handlers. */
#include "shape.h"

#include <ctype.h>
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

json_t *ks_shape_nonempty(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *ks_shape_with_nulls(json_t *sent, const ks_schema *s)
{
    json_t *o = json_is_object(sent) ? json_deep_copy(sent) : json_object();
    for (const ks_field *f = s->fields; f->name; f++)
        if (!json_object_get(o, f->name))
            json_object_set_new(o, f->name, json_null());
    return o;
}

const char *ks_shape_json_text(ks_ctx *ctx, const json_t *v)
{
    char *s = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;
    const char *out = ks_arena_strdup(ctx->arena, s ? s : "{}");
    free(s);
    return out;
}

int ks_shape_bind_doc(const char **doc, void *dst, ks_ctx *ctx, const ks_op *op,
                      json_t *const *args, int i, ks_err *err)
{
    json_t *norm = NULL;
    if (ks_ops_bind(&norm, dst, ctx, op, args, i, err))
        return -1;
    *doc = ks_shape_json_text(ctx, norm);
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

json_t *ks_shape_line_price(const ks_line_price *p, const char *cur)
{
    char lower[4] = "";
    for (int i = 0; i < 3 && cur[i]; i++)
        lower[i] = (char)tolower((unsigned char)cur[i]);
    json_t *o = json_object();
#define MONEY(name, v) json_object_set_new(o, name, ks_shape_money(v, cur))
    MONEY("UnitNetPrice", p->unit_net);
    MONEY("UnitGrossPrice", p->unit_gross);
    MONEY("UnitVAT", p->unit_vat);
    MONEY("UnitDiscount", p->unit_discount);
    MONEY("UnitNetDiscountedPrice", p->unit_net_discounted);
    MONEY("UnitGrossDiscountedPrice", p->unit_gross_discounted);
    MONEY("UnitAffiliateCommission", 0);
    MONEY("ItemUnitNetPrice", p->item_unit_net);
    MONEY("ItemUnitGrossPrice", p->item_unit_gross);
    MONEY("ItemNetPrice", p->item_net);
    MONEY("ItemGrossPrice", p->item_gross);
    json_object_set_new(o, "VATPercent", ks_shape_dec(p->vat_bp * 100));
    MONEY("HandlingFeeNetPrice", 0);
    MONEY("HandlingFeeGrossPrice", 0);
    /* the platform's Price objects name the currency in lower case ("usd") */
    json_object_set_new(o, "Currency", json_string(lower));
    MONEY("NetPrice", p->net);
    MONEY("GrossPrice", p->gross);
    MONEY("NetDiscountedPrice", p->net_discounted);
    MONEY("GrossDiscountedPrice", p->gross_discounted);
    MONEY("Discount", p->discount);
    MONEY("VAT", p->vat);
    MONEY("AffiliateCommission", 0);
#undef MONEY
    return o;
}
