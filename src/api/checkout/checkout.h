/* checkout.h — the shopper-facing surface under /checkout/: the InLine checkout script, the
 * hosted cart and its public endpoints, the ConvertPlus buy-link signature API and signed
 * buy-links. A thin adapter: it decodes the wire format and calls the domain (buylink.h,
 * checkout.h, pricing.h, order.h); no rule lives here. Public endpoints take the merchant's
 * code, never its secret key. */
#ifndef KS_API_CHECKOUT_H
#define KS_API_CHECKOUT_H

#include "../request.h"

/* Everything under /checkout; rest is the path after it. */
void ks_checkout_handle(ks_request *req, ks_response *resp, const char *rest);

#endif
