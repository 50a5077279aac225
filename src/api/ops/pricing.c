/* pricing.c — getContents (JSON-RPC and SOAP) and PUT /rest/6.0/orders/0/ (REST): binds an
 * order, prices it through the domain's pricing engine, and returns the order with each
 * line's Price object and the totals. Nothing is stored. */
#include <ctype.h>
#include <string.h>

#include "../../domain/pricing.h"
#include "ops.h"
#include "shape.h"

/* The PriceOptions of item i of the normalised order: strings are option codes; objects are
 * groups {Name, Options[{Name, Value, Surcharge}]}, "Name=Value" choices for a catalog item and
 * surcharges for a dynamic one. */
static int bind_price_options(ks_cart_item *it, ks_ctx *ctx, json_t *po, size_t i, ks_err *err)
{
    size_t n = json_array_size(po), cap = 0, nopt = 0, nsur = 0;
    ks_cart_option_group_in *groups = ks_arena_alloc(ctx->arena, (n + 1) * sizeof *groups);
    /* bind every group first: the binder decides how many options each one holds */
    for (size_t k = 0; k < n; k++) {
        json_t *el = json_array_get(po, k);
        char path[64];
        snprintf(path, sizeof path, "Items[%zu].PriceOptions[%zu]", i, k);
        if (json_is_string(el)) {
            cap++;
            continue;
        }
        if (ks_bind_object(NULL, &groups[k], ctx->arena, &ks_schema_CartPriceOptionGroup, el, path,
                           err))
            return -1;
        cap += groups[k].n_options;
    }
    const char **specs = ks_arena_alloc(ctx->arena, (cap + 1) * sizeof *specs);
    ks_cart_surcharge *sur = ks_arena_alloc(ctx->arena, (cap + 1) * sizeof *sur);
    for (size_t k = 0; k < n; k++) {
        json_t *el = json_array_get(po, k);
        const ks_cart_option_group_in *g = &groups[k];
        if (json_is_string(el)) {
            specs[nopt++] = ks_arena_strdup(ctx->arena, json_string_value(el));
            continue;
        }
        for (size_t o = 0; o < g->n_options; o++) {
            const ks_cart_option_value_in *v = &g->options[o];
            const char *val = v->value ? v->value : v->name;
            if (it->is_dynamic) {
                sur[nsur++] = (ks_cart_surcharge){
                    .group = g->name, .name = v->name, .value = v->value, .amount = v->surcharge};
            } else if (val) {
                specs[nopt++] =
                    g->name && *g->name ? ks_arena_printf(ctx->arena, "%s=%s", g->name, val) : val;
            }
        }
    }
    it->options = specs;
    it->n_options = nopt;
    it->surcharges = sur;
    it->n_surcharges = nsur;
    return 0;
}

int ks_ops_bind_price_options(ks_cart *cart, ks_ctx *ctx, json_t *items, ks_err *err)
{
    for (size_t i = 0; i < cart->n_items; i++) {
        json_t *po = json_object_get(json_array_get(items, i), "PriceOptions");
        if (json_is_array(po) && bind_price_options(&cart->items[i], ctx, po, i, err))
            return -1;
    }
    return 0;
}

/* The ShortDescription of a catalog product, from the document it was added with. */
static json_t *short_description(const ks_product *p)
{
    json_t *doc = p ? ks_shape_doc(p->doc) : NULL;
    json_t *s = json_object_get(doc, "ShortDescription");
    json_t *out = json_is_string(s) ? json_incref(s) : json_null();
    json_decref(doc);
    return out;
}

const ks_param op_getContents_params[] = {
    {{"Order", KS_T_OBJECT, KS_F_REQUIRED, .obj = &ks_schema_Order}, KS_SRC_BODY}, KS_PARAMS_END};
const ks_field op_getContents_result = {"Contents", KS_T_OBJECT, .obj = &ks_schema_OrderContents};

int op_getContents(ks_ctx *ctx, const ks_op *op, json_t *const *args, json_t **out, ks_err *err)
{
    int rc = -1;
    ks_order_in order;
    ks_cart *cart = &order.cart;
    ks_priced_cart pc;
    json_t *norm = NULL, *items_in, *items = NULL;
    memset(&order, 0, sizeof order);
    if (ks_ops_bind(&norm, &order, ctx, op, args, 0, err))
        goto done;
    items_in = json_object_get(norm, "Items");
    if (ks_ops_bind_price_options(cart, ctx, items_in, err) ||
        ks_pricing_quote(&pc, ctx, cart, err))
        goto done;
    items = json_array();
    for (size_t i = 0; i < pc.n_lines; i++) {
        const ks_priced_line *l = &pc.lines[i];
        json_t *it = json_deep_copy(json_array_get(items_in, i));
        json_t *typed =
            json_pack("{s:o, s:I, s:b, s:{s:s, s:o, s:b, s:b, s:n, s:b}, s:o}", "Code",
                      ks_shape_str(l->is_dynamic ? NULL : l->product->code), "Quantity",
                      (json_int_t)l->quantity, "IsDynamic", l->is_dynamic, "ProductDetails", "Name",
                      l->name, "ShortDescription", short_description(l->product), "Tangible",
                      l->tangible, "IsDynamic", l->is_dynamic, "ExtraInfo", "RenewalStatus", 0,
                      "Price", ks_shape_line_price(&l->price, pc.currency));
        json_object_update(it, typed);
        json_decref(typed);
        json_array_append_new(items, it);
    }
    json_t *promos = json_array();
    for (size_t i = 0; i < pc.n_promotions; i++)
        json_array_append_new(promos, json_string(pc.promotions[i]));
    /* the order as sent, priced: the payment details play no part in it */
    json_object_del(norm, "PaymentDetails");
    json_t *typed = json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:n}", "Currency", pc.currency, "Items",
        items, "Promotions", promos, "NetPrice", ks_shape_money(pc.net, pc.currency), "GrossPrice",
        ks_shape_money(pc.gross, pc.currency), "NetDiscountedPrice",
        ks_shape_money(pc.net_discounted, pc.currency), "GrossDiscountedPrice",
        ks_shape_money(pc.gross_discounted, pc.currency), "Discount",
        ks_shape_money(pc.discount, pc.currency), "VAT", ks_shape_money(pc.vat, pc.currency),
        "Errors");
    items = NULL;
    json_object_update(norm, typed);
    json_decref(typed);
    *out = norm;
    norm = NULL;
    rc = 0;
done:
    json_decref(items);
    json_decref(norm);
    return rc;
}
