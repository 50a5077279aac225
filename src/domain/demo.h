/* demo.h — the small catalog of the demo vendor that `make run` creates (kassa vendor
 * seed-demo): something to price and order right away. */
#ifndef KS_DEMO_H
#define KS_DEMO_H

#include "ctx.h"

#define KS_DEMO_PARTNER "DEMO-PARTNER"

/* Creates, for ctx->vendor and through the catalog's own rules: two option groups (a USERS
 * scale and a SUPPORT radio), a subscription product with an upgrade path (CLOUD-BASIC ->
 * CLOUD-PRO), a one-time product (DESKTOP-LICENSE), a tangible product (USB-KEY), a promotion
 * (coupon WELCOME10), a cross-sell campaign (DESKTOP-LICENSE recommends USB-KEY at 15%) and a
 * Channel Manager partner, KS_DEMO_PARTNER, with a pricing list of the catalog at 20% off.
 * What exists already is left alone, so running it twice changes nothing. *created receives
 * the number of objects created. */
int ks_demo_seed(int *created, ks_ctx *ctx, ks_err *err);

#endif
