/* checkout.c — the rules of the hosted cart. The cart reuses the engine whole: pricing
 * (ks_pricing_quote through getContents), orders (ks_order_place), leads (ks_lead_add,
 * ks_lead_update, ks_lead_mark); what is here is only what differs for a shopper. */
#include "checkout.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store.h"
#include "payment.h"

int ks_checkout_merchant(ks_ctx *ctx, const char *merchant, ks_err *err)
{
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    /* API: InLine checkout — the cart is opened with the merchant's public code ("merchant"),
     * never with its secret key */
    if (!merchant || !*merchant)
        return ks_err_setf(err, KS_E_VENDOR_NOT_FOUND, "The merchant code is required");
    if (ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, merchant, v, err))
        return -1;
    ctx->vendor = v;
    return 0;
}

int ks_checkout_cart_id_valid(const char *id)
{
    if (!id || strlen(id) != KS_CHECKOUT_CART_ID_LEN)
        return 0;
    for (const char *p = id; *p; p++)
        if (!isdigit((unsigned char)*p) && !(*p >= 'A' && *p <= 'F'))
            return 0;
    return 1;
}

int ks_checkout_save_lead(int *saved, ks_ctx *ctx, const char *cart_id, ks_lead *l,
                          ks_err *err)
{
    ks_lead old;
    ks_err lookup;
    *saved = 0;
    if (!ks_checkout_cart_id_valid(cart_id))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "The cart id must be %d upper-case hexadecimal characters",
                           KS_CHECKOUT_CART_ID_LEN);
    /* API: Leads — "Basic follow-up email 20 min after abandonment if first/last name + email
     * captured": a cart becomes a lead once the shopper has given a name and an email */
    const ks_address *b = l->billing;
    if (!b || !b->email || !*b->email ||
        (!(b->first_name && *b->first_name) && !(b->last_name && *b->last_name)))
        return 0;
    l->code = cart_id;
    l->generated_from = KS_LEAD_FROM_CART;
    if (ks_lead_get(&old, ctx, cart_id, &lookup) == 0) {
        /* a shopper's cart only ever updates its own lead */
        if (!old.generated_from || strcmp(old.generated_from, KS_LEAD_FROM_CART) != 0)
            return ks_err_setf(err, KS_E_LEAD_CODE_DUPLICATE,
                               "Lead %s was not made by a shopping cart", cart_id);
        if (ks_lead_update(ctx, cart_id, l, err))
            return -1;
    } else if (lookup.code != KS_E_LEAD_NOT_FOUND) {
        *err = lookup;
        return -1;
    } else if (ks_lead_add_from(ctx, l, KS_LEAD_FROM_CART, err)) {
        return -1;
    }
    *saved = 1;
    return 0;
}

/* Field k (0-based) of a ';'-separated list, arena-owned; NULL past its end. */
static const char *list_at(ks_arena *a, const char *list, size_t k)
{
    const char *p = list;
    for (size_t i = 0; p && i < k; i++) {
        p = strchr(p, ';');
        p = p ? p + 1 : NULL;
    }
    if (!p)
        return NULL;
    const char *end = strchr(p, ';');
    return end ? ks_arena_strndup(a, p, (size_t)(end - p)) : ks_arena_strdup(a, p);
}

/* The dynamic items of a cart against the signed link it was opened from. */
static int check_dynamic(ks_ctx *ctx, const ks_buylink *link, const ks_order_in *in,
                         ks_err *err)
{
    int dynamic = 0;
    for (size_t i = 0; i < in->cart.n_items; i++)
        dynamic |= in->cart.items[i].is_dynamic || !in->cart.items[i].code;
    if (!dynamic)
        return 0;
    /* API: InLine checkout — "TwoCoInlineCart.products.add({code, quantity, options})": a
     * shopper's cart holds the merchant's catalog products; dynamic products (a name and a
     * price of the caller's choosing) come from the API, or from a signed buy-link: "Some of
     * the ConvertPlus buy-link parameters require a signature, to prevent any interference in
     * the ordering process" */
    if (!link)
        return ks_err_setf(err, KS_E_CHECKOUT_DYNAMIC_PRODUCTS,
                           "The cart sells catalog products only; dynamic products need a "
                           "signed buy-link");
    const ks_vendor *cart_vendor = ctx->vendor;
    if (ks_buylink_verify(ctx, link->merchant, link->signature, link->params, link->n, err))
        return -1;
    if (ctx->vendor->id != cart_vendor->id)
        return ks_err_setf(err, KS_E_BUYLINK_SIGNATURE_INVALID,
                           "The buy-link belongs to another merchant");
    const char *prod = ks_buylink_get(link, "prod"), *price = ks_buylink_get(link, "price");
    const char *qty = ks_buylink_get(link, "qty"), *cur = ks_buylink_get(link, "currency");
    if (cur && (!in->cart.currency || strcasecmp(cur, in->cart.currency) != 0))
        return ks_err_setf(err, KS_E_CHECKOUT_DYNAMIC_PRODUCTS,
                           "The order's currency is not the buy-link's (%.8s)", cur);
    for (size_t i = 0; i < in->cart.n_items; i++) {
        const ks_cart_item *it = &in->cart.items[i];
        const char *name = list_at(ctx->arena, prod, i), *amount = list_at(ctx->arena, price, i);
        const char *q = list_at(ctx->arena, qty, i);
        ks_dec want;
        int64_t want_q = q && *q ? strtoll(q, NULL, 10) : 1;
        int64_t got_q = it->has_quantity ? it->quantity : 1;
        if (!it->is_dynamic || !name || !it->name || strcmp(name, it->name) != 0 || !amount ||
            ks_dec_parse(&want, amount) || !it->price || !it->price->has_amount ||
            it->price->amount != want || got_q != want_q)
            return ks_err_setf(err, KS_E_CHECKOUT_DYNAMIC_PRODUCTS,
                               "Items[%zu] is not the signed buy-link's product %zu", i, i + 1);
    }
    if (prod && list_at(ctx->arena, prod, in->cart.n_items))
        return ks_err_setf(err, KS_E_CHECKOUT_DYNAMIC_PRODUCTS,
                           "The order leaves out products of the signed buy-link");
    return 0;
}

int ks_checkout_place(ks_order *out, ks_ctx *ctx, const char *cart_id, const ks_buylink *link,
                      const ks_order_in *in, ks_err *err)
{
    if (check_dynamic(ctx, link, in, err))
        return -1;
    /* the hosted cart takes cards: the test cards in a test cart (setTest), real ones else */
    const char *type = in->payment ? in->payment->type : NULL;
    if (!type || (strcasecmp(type, "TEST") != 0 && strcasecmp(type, "CC") != 0))
        return ks_err_setf(err, KS_E_PAYMENT_TYPE_INVALID,
                           "The cart is paid by card: PaymentDetails.Type TEST or CC");
    if (ks_order_place(out, ctx, in, err))
        return -1;
    /* API: Leads — Type "UsedSuccess": the lead was used and its cart became an order */
    if (cart_id && ks_checkout_cart_id_valid(cart_id) && out->n_errors == 0) {
        ks_lead_mark_in m = {.code = cart_id, .set_used = 1, .used = 1, .used_success = 1};
        ks_lead l;
        ks_err lookup;
        if (ks_lead_get(&l, ctx, cart_id, &lookup) == 0 && l.generated_from &&
            strcmp(l.generated_from, KS_LEAD_FROM_CART) == 0)
            ks_lead_mark(ctx, &m, 1, &lookup); /* the order stands even if this fails */
    }
    return 0;
}
