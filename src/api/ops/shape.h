/* shape.h — what the catalog, promotion and pricing handlers share to shape their results:
 * numbers for ks_dec and money, the documents objects are stored with, and search pages.
 *
 * jansson rule: every function returning json_t * returns a new reference. */
#ifndef KS_OPS_SHAPE_H
#define KS_OPS_SHAPE_H

#include <jansson.h>
#include <stdint.h>

#include "../../core/decimal.h"
#include "../../domain/pricing.h"
#include "ops.h"

/* A decimal as a JSON number: an integer when whole, else a real (10.5). */
json_t *ks_shape_dec(ks_dec v);

/* minor units of currency as a JSON number with the currency's decimals (JPY: an integer). */
json_t *ks_shape_money(int64_t minor, const char *currency);

/* A string, or null for NULL. */
json_t *ks_shape_str(const char *s);

/* A string, or null for NULL or "". */
json_t *ks_shape_nonempty(const char *s);

/* o (a new reference: a copy of sent, or an empty object when sent is not one) with every
 * field of s that sent lacks present and null, as the platform answers fields it has no value
 * for. */
json_t *ks_shape_with_nulls(json_t *sent, const ks_schema *s);

/* v as canonical JSON text (compact, keys sorted), arena-owned; "{}" for NULL: how a request
 * body is kept (the document stored with an object). */
const char *ks_shape_json_text(ks_ctx *ctx, const json_t *v);

/* Binds args[i] into dst like ks_ops_bind, and writes the normalised value as canonical JSON
 * text into *doc (arena-owned): the object as the client sent it, kept for its passthrough
 * fields. */
int ks_shape_bind_doc(const char **doc, void *dst, ks_ctx *ctx, const ks_op *op,
                      json_t *const *args, int i, ks_err *err);

/* A stored document as an object (an empty one when doc is NULL or not an object). */
json_t *ks_shape_doc(const char *doc);

/* The platform's Price object of an order line (currency in lower case, as it writes it). */
json_t *ks_shape_line_price(const ks_line_price *p, const char *currency);

/* Binds Items[i].PriceOptions of the normalised items array into cart->items[i]: strings are
 * option codes; objects are groups {Name, Options[{Name, Value, Surcharge}]}, "Name=Value"
 * choices for a catalog item and surcharges for a dynamic one (pricing.c). */
int ks_ops_bind_price_options(ks_cart *cart, ks_ctx *ctx, json_t *items, ks_err *err);

/* {"Items": items (stolen), "Pagination": {Page, Limit, Count}}. */
json_t *ks_shape_page(json_t *items, int64_t page, int64_t limit, int64_t total);

#endif
