/* checkout.h — the hosted cart's rules (InLine checkout and ConvertPlus buy-links): who may
 * check out, what a shopper's cart may hold, when a cart becomes a lead, and the order placed
 * from a cart. The cart is public: a request names the merchant by its code only. */
#ifndef KS_CHECKOUT_H
#define KS_CHECKOUT_H

#include "buylink.h"
#include "ctx.h"
#include "lead.h"
#include "order.h"

/* GeneratedFrom of the leads of abandoned hosted carts. */
#define KS_LEAD_FROM_CART "shopping cart"
/* A cart's id is also its lead's LeadCode: 10 upper-case hex characters, like the platform's. */
#define KS_CHECKOUT_CART_ID_LEN 10

/* Sets ctx->vendor to the merchant a public checkout request names. VENDOR_NOT_FOUND. */
int ks_checkout_merchant(ks_ctx *ctx, const char *merchant, ks_err *err);

/* 1 if id has the shape of a cart id. */
int ks_checkout_cart_id_valid(const char *id);

/* Saves the cart cart_id of a shopper who gave a name and an email as a lead of ctx->vendor,
 * GeneratedFrom "shopping cart", with the follow-up schedule of every lead; later calls update
 * it. *saved says whether it was (0: no name or email yet, nothing stored). PARAMETER_INVALID
 * for a bad cart id, LEAD_CODE_DUPLICATE when the code belongs to a lead not made by a cart,
 * and the codes of ks_lead_add. */
int ks_checkout_save_lead(int *saved, ks_ctx *ctx, const char *cart_id, ks_lead *l,
                          ks_err *err);

/* Places the order of hosted cart cart_id (NULL: none known) for ctx->vendor, opened from the
 * signed ConvertPlus link (NULL: by the InLine script): the cart holds catalog products, or the
 * dynamic products of a valid signed link exactly as signed (CHECKOUT_DYNAMIC_PRODUCTS, and the
 * codes of ks_buylink_verify), and is paid by card (PAYMENT_TYPE_INVALID); then ks_order_place,
 * and the cart's lead, if any, becomes UsedSuccess. */
int ks_checkout_place(ks_order *out, ks_ctx *ctx, const char *cart_id, const ks_buylink *link,
                      const ks_order_in *in, ks_err *err);

#endif
