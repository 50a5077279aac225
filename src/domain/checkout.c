/* checkout.c — the rules of the hosted cart. The cart reuses the engine whole: pricing
 * (ks_pricing_quote through getContents), orders (ks_order_place), leads (ks_lead_add,
 * ks_lead_update, ks_lead_mark); what is here is only what differs for a shopper. */
#include "checkout.h"

#include <ctype.h>
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

int ks_checkout_place(ks_order *out, ks_ctx *ctx, const char *cart_id, const ks_order_in *in,
                      ks_err *err)
{
    /* API: InLine checkout — "TwoCoInlineCart.products.add({code, quantity, options})": a
     * shopper's cart holds the merchant's catalog products; dynamic products (a name and a
     * price of the caller's choosing) are the API's and signed buy-links' only */
    for (size_t i = 0; i < in->cart.n_items; i++)
        if (in->cart.items[i].is_dynamic || !in->cart.items[i].code)
            return ks_err_setf(err, KS_E_CHECKOUT_DYNAMIC_PRODUCTS,
                               "Items[%zu]: the cart sells catalog products only", i);
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
