/* partner.c — the Channel Manager's rules: partners and their pricing lists, the partner
 * session and cart, partner orders (orders of the vendor held until their invoice is paid) and
 * proformas, their payment through the test processor, and the invoice PDF. See partner.h and
 * docs/partners.md. */
#include "partner.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/crypto.h"
#include "../core/iso.h"
#include "../core/money.h"
#include "../core/pdf.h"
#include "clock.h"
#include "store.h"

/* --- names ------------------------------------------------------------------------------- */

const char *ks_partner_model_name(ks_partner_model m)
{
    return m == KS_PARTNER_DIRECT ? "SERVICE_PROVIDER" : "RESELLER";
}

int ks_partner_model_parse(ks_partner_model *out, const char *s)
{
    if (!s)
        return -1;
    if (strcasecmp(s, "RESELLER") == 0)
        *out = KS_PARTNER_RESELLER;
    else if (strcasecmp(s, "SERVICE_PROVIDER") == 0 || strcasecmp(s, "DIRECT") == 0)
        *out = KS_PARTNER_DIRECT;
    else
        return -1;
    return 0;
}

const char *ks_proforma_status_name(const ks_proforma *p, ks_time now)
{
    switch (p->status) {
    case KS_PROFORMA_PAID: return "Paid";
    case KS_PROFORMA_CANCELED: return "Canceled";
    default: break;
    }
    /* API: partner invoice — Status "Unpaid, Overdue, Paid, Canceled" */
    return now > p->due ? "Overdue" : "Unpaid";
}

static int has(const char *s)
{
    return s && *s;
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

/* --- management -------------------------------------------------------------------------- */

static int valid_code(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > KS_PARTNER_CODE_MAX)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
            return 0;
    return 1;
}

/* A pricing list of a partner whose currency is currency (the default of its prices). */
static int check_list(ks_ctx *ctx, ks_pricing_list *l, const char *currency, ks_err *err)
{
    if (!valid_code(l->code))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "A pricing list code is 1 to %d letters, digits, '-', '_' or '.'",
                           KS_PARTNER_CODE_MAX);
    for (size_t i = 0; i < l->n_items; i++) {
        ks_pricing_list_item *it = &l->items[i];
        ks_product p;
        if (!has(it->product_code) || ks_product_get(&p, ctx, it->product_code, err))
            return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                               "Pricing list %s: product '%.64s' is not in the catalog", l->code,
                               it->product_code ? it->product_code : "");
        if (it->discount < 0 || it->discount > 100 * KS_DEC_SCALE)
            return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                               "Pricing list %s: a discount is a percentage from 0 to 100",
                               l->code);
        if (it->has_price) {
            int64_t minor;
            const char *cur =
                ks_iso_currency(it->price.currency ? it->price.currency : currency, NULL);
            if (!cur || it->price.amount < 0 || ks_money_to_minor(&minor, it->price.amount, cur))
                return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                                   "Pricing list %s: a price is a non-negative amount of an "
                                   "ISO 4217 currency",
                                   l->code);
            it->price.currency = cur;
        }
    }
    return 0;
}

int ks_partner_create(ks_ctx *ctx, ks_partner *p, ks_err *err)
{
    ks_currency_settings cs;
    if (!valid_code(p->code))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "A partner code is 1 to %d letters, digits, '-', '_' or '.'",
                           KS_PARTNER_CODE_MAX);
    if (!has(p->company))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "CompanyName is required");
    if (!p->currency) {
        if (ks_currency_settings_get(&cs, ctx, err))
            return -1;
        p->currency = cs.base_currency ? cs.base_currency : "USD";
    }
    if (!(p->currency = ks_iso_currency(p->currency, NULL)))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "Currency is not an ISO 4217 code");
    if (!(p->language = ks_iso_language(p->language ? p->language : "en")))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "Language is not an ISO 639-1 code");
    if (!(p->country = ks_iso_country(p->country ? p->country : "US")))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID, "Country is not an ISO 3166 code");
    if (p->credit_limit_in < 0 ||
        ks_money_to_minor(&p->credit_limit, p->credit_limit_in, p->currency))
        return ks_err_setf(err, KS_E_PARAMETER_INVALID,
                           "CreditLimit is an amount of %s, at least 0", p->currency);
    for (size_t i = 0; i < p->n_lists; i++)
        if (check_list(ctx, &p->lists[i], p->currency, err))
            return -1;
    if (ks_clock_now(&p->created, ctx, err))
        return -1;
    return ctx->store->ops->partner_insert(ctx->store, ctx->vendor->id, p, err);
}

int ks_pricing_list_of_catalog(ks_pricing_list *out, ks_ctx *ctx, const char *code,
                               ks_dec discount, ks_err *err)
{
    ks_product_query q = {.has_enabled = 1, .enabled = 1, .page = 1, .limit = 200};
    ks_product *list;
    size_t n, cap = 0;
    int64_t total;
    memset(out, 0, sizeof *out);
    out->code = code;
    out->name = code;
    do {
        if (ks_product_search(&list, &n, &total, ctx, &q, err))
            return -1;
        if (!out->items) {
            cap = (size_t)total + 1;
            out->items = ks_arena_alloc(ctx->arena, cap * sizeof *out->items);
        }
        for (size_t i = 0; i < n && out->n_items < cap; i++) {
            ks_pricing_list_item *it = &out->items[out->n_items++];
            it->product_code = list[i].code;
            it->discount = discount;
        }
        q.page++;
    } while (n && (int64_t)out->n_items < total);
    return 0;
}

int ks_partner_get(ks_partner *out, ks_ctx *ctx, const char *code, ks_err *err)
{
    if (!has(code))
        return ks_err_setf(err, KS_E_NOT_FOUND_PARTNER, "A partner code is required");
    return ctx->store->ops->partner_get(ctx->store, ctx->arena, ctx->vendor->id, code, 0, out,
                                        err);
}

static int contains(const char *hay, const char *needle)
{
    if (!hay)
        return 0;
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

int ks_partner_list(ks_partner **out, size_t *n, ks_ctx *ctx, const char *text, ks_err *err)
{
    ks_partner *all;
    size_t m;
    if (ctx->store->ops->partner_list(ctx->store, ctx->arena, ctx->vendor->id, &all, &m, err))
        return -1;
    *out = all;
    *n = 0;
    for (size_t i = 0; i < m; i++)
        if (!has(text) || contains(all[i].code, text) || contains(all[i].company, text) ||
            contains(all[i].email, text))
            (*out)[(*n)++] = all[i];
    return 0;
}

int ks_partner_available_credit(int64_t *out, ks_ctx *ctx, const ks_partner *p, ks_err *err)
{
    const char **refs;
    size_t n;
    *out = p->credit_limit;
    if (ctx->store->ops->partner_orders(ctx->store, ctx->arena, ctx->vendor->id, p->code, NULL,
                                        &refs, &n, err))
        return -1;
    for (size_t i = 0; i < n; i++) {
        ks_order o;
        if (ks_order_get(&o, ctx, refs[i], err))
            return -1;
        if (o.status == KS_ORDER_PENDING && strcmp(o.currency, p->currency) == 0)
            *out -= o.gross_discounted;
    }
    return 0;
}

/* --- the partner session ----------------------------------------------------------------- */

int ks_partner_set(ks_ctx *ctx, const char *session_id, const char *code, ks_err *err)
{
    ks_partner p;
    ks_err e;
    /* API: setPartner — INVALID_PARTNER "Partner code is mandatory." */
    if (blank(code))
        return ks_err_setf(err, KS_E_INVALID_PARTNER, "Partner code is mandatory.");
    /* API: setPartner — INVALID_PARTNER for a code "not associated with an active partner
     * account" */
    if (ctx->store->ops->partner_get(ctx->store, ctx->arena, ctx->vendor->id, code, 0, &p, &e)) {
        if (e.code != KS_E_NOT_FOUND_PARTNER) {
            *err = e;
            return -1;
        }
        p.active = 0;
    }
    if (!p.active)
        return ks_err_setf(err, KS_E_INVALID_PARTNER,
                           "The partner code '%.64s' is not associated with an active partner "
                           "account.",
                           code);
    return ctx->store->ops->partner_session_set(ctx->store, session_id, ctx->vendor->id, p.id,
                                                err);
}

int ks_partner_current(ks_partner *p, ks_partner_session *ps, ks_ctx *ctx,
                       const char *session_id, ks_err *err)
{
    ks_err e;
    if (ctx->store->ops->partner_session_get(ctx->store, ctx->arena, session_id,
                                             ctx->vendor->id, ps, err))
        return -1;
    /* API: Channel Manager — "setPartner is mandatory before all CM methods except login,
     * getPartnerByCode, searchPartners": INVALID_PARTNER "No partner is set." */
    if (!ps->partner_id)
        return ks_err_set(err, KS_E_INVALID_PARTNER);
    if (ctx->store->ops->partner_get(ctx->store, ctx->arena, ctx->vendor->id, NULL,
                                     ps->partner_id, p, &e)) {
        *err = e;
        return -1;
    }
    if (!p->active)
        return ks_err_setf(err, KS_E_INVALID_PARTNER,
                           "The partner code '%.64s' is not associated with an active partner "
                           "account.",
                           p->code);
    return 0;
}

static const ks_pricing_list *list_of(const ks_partner *p, const char *code)
{
    for (size_t i = 0; code && i < p->n_lists; i++)
        if (strcmp(p->lists[i].code, code) == 0)
            return &p->lists[i];
    return NULL;
}

static const ks_pricing_list_item *list_item(const ks_pricing_list *l, const char *product)
{
    for (size_t i = 0; l && i < l->n_items; i++)
        if (strcmp(l->items[i].product_code, product) == 0)
            return &l->items[i];
    return NULL;
}

/* The partner's address: the billing details of its orders (and the VAT country). */
static ks_address *partner_address(ks_ctx *ctx, const ks_partner *p)
{
    ks_address *a = ks_arena_alloc(ctx->arena, sizeof *a);
    a->company = p->company;
    a->first_name = p->company;
    a->last_name = p->code;
    a->email = p->email;
    a->country_code = p->country;
    return a;
}

/* The cart's lines as the pricing engine's cart: the partner's currency and address, each
 * item with the price of its pricing list. */
static void build_cart(ks_cart *cart, ks_ctx *ctx, const ks_partner *p,
                       const ks_partner_cart_line *lines, size_t n)
{
    memset(cart, 0, sizeof *cart);
    cart->currency = p->currency;
    cart->billing = partner_address(ctx, p);
    cart->items = ks_arena_alloc(ctx->arena, (n + 1) * sizeof *cart->items);
    cart->n_items = n;
    for (size_t i = 0; i < n; i++) {
        ks_cart_item *it = &cart->items[i];
        const ks_partner_cart_line *l = &lines[i];
        it->code = l->product_code;
        it->quantity = l->quantity;
        it->has_quantity = 1;
        it->purchase_type = "PRODUCT";
        if (has(l->options)) {
            size_t k = 1;
            for (const char *s = l->options; *s; s++)
                k += *s == ';';
            it->options = ks_arena_alloc(ctx->arena, k * sizeof *it->options);
            for (const char *s = l->options; *s;) {
                const char *semi = strchr(s, ';');
                size_t len = semi ? (size_t)(semi - s) : strlen(s);
                if (len)
                    it->options[it->n_options++] = ks_arena_strndup(ctx->arena, s, len);
                s += len + (semi != NULL);
            }
        }
        const ks_pricing_list_item *x = list_item(list_of(p, l->list_code), l->product_code);
        if (x) {
            ks_list_price *lp = ks_arena_alloc(ctx->arena, sizeof *lp);
            lp->list = l->list_code;
            lp->has_price = x->has_price;
            lp->price = x->price;
            lp->discount = x->discount;
            it->list_price = lp;
        }
    }
}

int ks_partner_cart_add(ks_ctx *ctx, const char *session_id, int64_t product_id,
                        int64_t quantity, const char *const *options, size_t n_options,
                        const char *list_code, ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    ks_priced_cart pc;
    ks_cart cart;
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    /* API: addProduct — pricingListCode must be one of the partner's pricing lists */
    const ks_pricing_list *l = list_of(&p, list_code);
    if (!l)
        return ks_err_setf(err, KS_E_PARTNER_PRICING_LISTS_NOT_FOUND,
                           "Pricing list '%.64s' is not one of partner %s's",
                           list_code ? list_code : "", p.code);
    /* API: addProduct — the product (by its id) must be in the pricing list */
    const char *code = NULL;
    for (size_t i = 0; i < l->n_items && !code; i++) {
        ks_product prod;
        if (ks_product_get(&prod, ctx, l->items[i].product_code, err) == 0 &&
            prod.id == product_id)
            code = prod.code;
    }
    if (!code)
        return ks_err_setf(err, KS_E_PRODUCT_ERROR,
                           "Product %lld is not in pricing list %s", (long long)product_id,
                           l->code);
    /* API: addProduct — "quantity: null means 1" */
    if (quantity == 0)
        quantity = 1;
    if (quantity < 1 || quantity > 99999)
        return ks_err_setf(err, KS_E_ORDER_ITEMS_QUANTITY_INVALID,
                           "quantity must be from 1 to 99999");
    ks_buf opts = KS_BUF_INIT;
    for (size_t i = 0; i < n_options; i++) {
        if (!has(options[i]))
            continue;
        if (opts.len)
            ks_buf_putc(&opts, ';');
        ks_buf_puts(&opts, options[i]);
    }
    ks_partner_cart_line line = {code, quantity,
                                 opts.len ? ks_arena_strndup(ctx->arena, opts.data, opts.len)
                                          : NULL,
                                 l->code};
    ks_buf_free(&opts);
    /* the engine refuses bad price options now rather than at placeOrder */
    build_cart(&cart, ctx, &p, &line, 1);
    if (ks_pricing_quote(&pc, ctx, &cart, err))
        return -1;
    return ctx->store->ops->partner_session_save(ctx->store, session_id, &ps, 0, &line, err);
}

int ks_partner_cart_quote(ks_priced_cart *out, ks_partner_session *ps, ks_ctx *ctx,
                          const char *session_id, ks_err *err)
{
    ks_partner p;
    ks_cart cart;
    if (ks_partner_current(&p, ps, ctx, session_id, err))
        return -1;
    if (!ps->n_cart) {
        memset(out, 0, sizeof *out);
        out->currency = p.currency;
        return 0;
    }
    build_cart(&cart, ctx, &p, ps->cart, ps->n_cart);
    return ks_pricing_quote(out, ctx, &cart, err);
}

int ks_partner_cart_clear(ks_ctx *ctx, const char *session_id, ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    return ctx->store->ops->partner_session_save(ctx->store, session_id, &ps, 1, NULL, err);
}

int ks_partner_set_external_ref(ks_ctx *ctx, const char *session_id, const char *ref,
                                ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    /* API: setExternalRef — INVALID_SOURCE "The provided external reference is empty." */
    if (blank(ref))
        return ks_err_set(err, KS_E_INVALID_SOURCE);
    /* API: placeOrder — ExternalReference "Maximum 100 characters." */
    if (strlen(ref) > 100)
        return ks_err_set(err, KS_E_ORDER_EXTERNAL_REFERENCE_INVALID);
    ps.external_ref = ref;
    return ctx->store->ops->partner_session_save(ctx->store, session_id, &ps, 0, NULL, err);
}

/* --- partner orders ---------------------------------------------------------------------- */

/* What the partner sees of an order: API: Channel Manager order — Status AWAITING_PAYMENT
 * with OrderLockReason UNPAID_PROFORMA until its invoice is paid, then COMPLETE. */
static int partner_view(ks_partner_order *out, ks_ctx *ctx, ks_err *err)
{
    const ks_order *o = &out->order;
    if (ctx->store->ops->proforma_of_order(ctx->store, ctx->arena, ctx->vendor->id, o->ref_no,
                                           &out->proforma, err))
        return -1;
    out->lock_reason = NULL;
    if (o->status == KS_ORDER_PENDING) {
        out->status = "AWAITING_PAYMENT";
        out->lock_reason = "UNPAID_PROFORMA";
    } else {
        out->status = ks_order_status_name(o->status);
    }
    return 0;
}

int ks_partner_order_place(ks_partner_order *out, ks_ctx *ctx, const char *session_id,
                           ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    ks_order_in in;
    memset(out, 0, sizeof *out);
    memset(&in, 0, sizeof in);
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    /* API: placeOrder — ORDER_PRODUCTS_EMPTY when there are no products */
    if (!ps.n_cart)
        return ks_err_setf(err, KS_E_ORDER_PRODUCTS_EMPTY,
                           "The cart is empty: add products with addProduct first");
    build_cart(&in.cart, ctx, &p, ps.cart, ps.n_cart);
    in.language = p.language;
    in.external_reference = ps.external_ref;
    in.source = "CHANNEL_MANAGER";
    if (ks_order_place_unpaid(&out->order, ctx, &in, p.code, err))
        return -1;
    /* the cart and the external reference were this order's */
    ps.external_ref = NULL;
    if (ctx->store->ops->partner_session_save(ctx->store, session_id, &ps, 1, NULL, err))
        return -1;
    return partner_view(out, ctx, err);
}

/* One of the partner's orders. INVALID_REFERENCE for anything else: another partner's order
 * is as unknown as one that does not exist. */
static int own_order(ks_partner_order *out, ks_ctx *ctx, const ks_partner *p, const char *ref,
                     ks_err *err)
{
    ks_err e;
    memset(out, 0, sizeof *out);
    if (blank(ref))
        return ks_err_setf(err, KS_E_INVALID_REFERENCE, "An order reference is required");
    if (ks_order_get(&out->order, ctx, ref, &e)) {
        if (e.code != KS_E_ORDER_NOT_FOUND) {
            *err = e;
            return -1;
        }
        out->order.partner_code = NULL;
    }
    if (!out->order.partner_code || strcmp(out->order.partner_code, p->code) != 0)
        return ks_err_setf(err, KS_E_INVALID_REFERENCE, "Order '%.64s' not found", ref);
    return partner_view(out, ctx, err);
}

int ks_partner_order_get(ks_partner_order *out, ks_ctx *ctx, const char *session_id,
                         const char *ref_no, ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    return own_order(out, ctx, &p, ref_no, err);
}

/* The partner's orders (those with external reference ext when not NULL), newest first. */
static int orders_of(ks_partner_order **out, size_t *n, ks_ctx *ctx, const ks_partner *p,
                     const char *ext, ks_err *err)
{
    const char **refs;
    size_t m;
    if (ctx->store->ops->partner_orders(ctx->store, ctx->arena, ctx->vendor->id, p->code, ext,
                                        &refs, &m, err))
        return -1;
    *out = ks_arena_alloc(ctx->arena, (m + 1) * sizeof **out);
    *n = 0;
    for (size_t i = 0; i < m; i++)
        if (own_order(&(*out)[(*n)++], ctx, p, refs[i], err))
            return -1;
    return 0;
}

int ks_partner_order_search(ks_partner_order **out, size_t *n, ks_ctx *ctx,
                            const char *session_id, const char *ext, ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    return orders_of(out, n, ctx, &p, has(ext) ? ext : NULL, err);
}

int ks_partner_orders(ks_partner_order **out, size_t *n, ks_ctx *ctx, const ks_partner *p,
                      ks_err *err)
{
    return orders_of(out, n, ctx, p, NULL, err);
}

/* --- proformas --------------------------------------------------------------------------- */

/* The one place a partner order's status changes after it is placed: AWAITING_PAYMENT ->
 * COMPLETE when its invoice is paid (the order's subscriptions are born then, with its
 * PartnerCode). Whatever must follow a partner order's change of status hooks in here. */
static int release_order(ks_ctx *ctx, const char *ref_no, ks_err *err)
{
    ks_order o;
    int released;
    return ks_order_release(&o, &released, ctx, ref_no, err);
}

static int release_orders(ks_ctx *ctx, const ks_proforma *pf, ks_err *err)
{
    for (size_t i = 0; i < pf->n_orders; i++)
        if (release_order(ctx, pf->orders[i], err))
            return -1;
    return 0;
}

int ks_proforma_create(ks_proforma *out, ks_ctx *ctx, const char *session_id,
                       const char *const *refs, size_t n, ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    ks_partner_order po;
    memset(out, 0, sizeof *out);
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    if (!n)
        return ks_err_setf(err, KS_E_INVALID_REFERENCE, "Sales must name at least one order");
    out->orders = ks_arena_alloc(ctx->arena, n * sizeof *out->orders);
    for (size_t i = 0; i < n; i++) {
        if (own_order(&po, ctx, &p, refs[i], err))
            return -1;
        for (size_t k = 0; k < out->n_orders; k++)
            if (strcmp(out->orders[k], po.order.ref_no) == 0)
                return ks_err_setf(err, KS_E_INVALID_PROFORMA,
                                   "Order %s is named twice", po.order.ref_no);
        /* API: createProforma — "You can include only confirmed/approved orders in partner
         * invoices": orders awaiting payment, in no other invoice */
        if (po.order.status != KS_ORDER_PENDING || po.proforma)
            return ks_err_setf(err, KS_E_INVALID_PROFORMA,
                               "Order %s is not awaiting a partner invoice", po.order.ref_no);
        /* API: createProforma — "To include multiple orders in the same partner invoice, they
         * must share the same currency." */
        if (out->currency && strcmp(out->currency, po.order.currency) != 0)
            return ks_err_setf(err, KS_E_INVALID_PROFORMA,
                               "The orders of a partner invoice share one currency (%s, %s)",
                               out->currency, po.order.currency);
        out->currency = po.order.currency;
        if (__builtin_add_overflow(out->total, po.order.gross_discounted, &out->total))
            return ks_err_setf(err, KS_E_INVALID_PROFORMA, "The total is too large");
        out->orders[out->n_orders++] = po.order.ref_no;
    }
    out->partner_id = p.id;
    out->model = p.model;
    out->status = KS_PROFORMA_UNPAID;
    if (ks_clock_now(&out->created, ctx, err))
        return -1;
    out->due = out->created + (ks_time)KS_PROFORMA_DUE_DAYS * 86400;
    for (int attempt = 0;; attempt++) {
        ks_err e;
        char *num = ks_arena_alloc(ctx->arena, KS_PROFORMA_NUMBER_LEN + 1);
        ks_random_chars(num, 1, "123456789");
        ks_random_chars(num + 1, KS_PROFORMA_NUMBER_LEN - 1, "0123456789");
        out->number = num;
        if (ctx->store->ops->proforma_insert(ctx->store, ctx->vendor->id, out, &e) == 0)
            return 0;
        if (e.code != KS_E_ORDER_REFERENCE_TAKEN || attempt == 4) {
            *err = e;
            return -1;
        }
    }
}

/* The partner's proforma number. INVALID_PROFORMA_NUMBER for another partner's too. */
static int own_proforma(ks_proforma *out, ks_ctx *ctx, const ks_partner *p, const char *number,
                        ks_err *err)
{
    /* API: getProforma — INVALID_PROFORMA_NUMBER "Invalid partner invoice number." */
    if (blank(number))
        return ks_err_set(err, KS_E_INVALID_PROFORMA_NUMBER);
    if (ctx->store->ops->proforma_get(ctx->store, ctx->arena, ctx->vendor->id, number, out, err))
        return -1;
    if (out->partner_id != p->id)
        return ks_err_set(err, KS_E_INVALID_PROFORMA_NUMBER);
    out->model = p->model;
    return 0;
}

int ks_proforma_get(ks_proforma *out, ks_ctx *ctx, const char *session_id, const char *number,
                    ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    if (ks_partner_current(&p, &ps, ctx, session_id, err) ||
        own_proforma(out, ctx, &p, number, err))
        return -1;
    /* a payment interrupted between the invoice and its orders is finished here */
    if (out->status == KS_PROFORMA_PAID && release_orders(ctx, out, err))
        return -1;
    return 0;
}

int ks_partner_proformas(ks_proforma **out, size_t *n, ks_ctx *ctx, const ks_partner *p,
                         ks_err *err)
{
    if (ctx->store->ops->proforma_list(ctx->store, ctx->arena, ctx->vendor->id, p->id, out, n,
                                       err))
        return -1;
    for (size_t i = 0; i < *n; i++)
        (*out)[i].model = p->model;
    return 0;
}

int ks_proforma_of_vendor(ks_proforma *out, ks_partner *partner, ks_ctx *ctx,
                          const char *number, ks_err *err)
{
    if (blank(number))
        return ks_err_set(err, KS_E_INVALID_PROFORMA_NUMBER);
    if (ctx->store->ops->proforma_get(ctx->store, ctx->arena, ctx->vendor->id, number, out,
                                      err) ||
        ctx->store->ops->partner_get(ctx->store, ctx->arena, ctx->vendor->id, NULL,
                                     out->partner_id, partner, err))
        return -1;
    out->model = partner->model;
    return 0;
}

int ks_proforma_set(ks_ctx *ctx, const char *session_id, const char *number, ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    ks_proforma pf;
    if (ks_partner_current(&p, &ps, ctx, session_id, err) ||
        own_proforma(&pf, ctx, &p, number, err))
        return -1;
    /* API: setProforma — PAYMENT_PROFORMA "This is a paid partner invoice." */
    if (pf.status == KS_PROFORMA_PAID)
        return ks_err_setf(err, KS_E_PAYMENT_PROFORMA, "This is a paid partner invoice.");
    if (pf.status == KS_PROFORMA_CANCELED)
        return ks_err_setf(err, KS_E_INVALID_PROFORMA, "This partner invoice is canceled.");
    /* API: setProforma — "You can pay only a single partner invoice at a time." */
    ps.proforma = pf.number;
    ps.has_payment = 0;
    return ctx->store->ops->partner_session_save(ctx->store, session_id, &ps, 0, NULL, err);
}

int ks_proforma_payment_details(ks_ctx *ctx, const char *session_id, const ks_payment_in *pay,
                                ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    ks_proforma pf;
    ks_charge c;
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    /* API: setPaymentDetails — setProforma comes first */
    if (!ps.proforma)
        return ks_err_setf(err, KS_E_INVALID_PROFORMA,
                           "Mark the partner invoice to pay with setProforma first.");
    if (own_proforma(&pf, ctx, &p, ps.proforma, err))
        return -1;
    /* the same processor as orders: its checks, its test cards */
    ks_pay_order po = {pf.currency, pf.total, p.country};
    if (ks_payment_authorize(&c, ctx, pay, &po, err))
        return -1;
    ps.has_payment = 1;
    ps.pay_approved = c.outcome == KS_PAY_APPROVED;
    ps.pay_type = c.type_name;
    ps.pay_card_type = c.card_type;
    ps.pay_last4 = c.last4[0] ? ks_arena_strdup(ctx->arena, c.last4) : NULL;
    ps.pay_test = c.test;
    /* a card that would need the shopper (3-D Secure, PayPal) cannot pay an invoice by API */
    ps.pay_error = c.outcome == KS_PAY_DECLINED ? ks_err_name(c.decline)
                   : ps.pay_approved            ? NULL
                                                : ks_err_name(KS_E_PAYMENT_ERROR);
    return ctx->store->ops->partner_session_save(ctx->store, session_id, &ps, 0, NULL, err);
}

/* Marks the invoice paid by method, then releases its orders. */
static int settle(ks_ctx *ctx, ks_proforma *pf, const char *method, ks_err *err)
{
    ks_time now;
    int changed;
    if (ks_clock_now(&now, ctx, err) ||
        ctx->store->ops->proforma_paid(ctx->store, ctx->vendor->id, pf->number, now, method,
                                       &changed, err))
        return -1;
    if (!changed)
        return ks_err_setf(err, KS_E_PAYMENT_PROFORMA, "This is a paid partner invoice.");
    pf->status = KS_PROFORMA_PAID;
    pf->paid = now;
    pf->payment_method = method;
    return release_orders(ctx, pf, err);
}

int ks_proforma_pay(ks_ctx *ctx, const char *session_id, ks_err *err)
{
    ks_partner p;
    ks_partner_session ps;
    ks_proforma pf;
    if (ks_partner_current(&p, &ps, ctx, session_id, err))
        return -1;
    /* API: payProforma — PAYMENT_PROFORMA "You must use setPaymentDetails first." */
    if (!ps.proforma || !ps.has_payment)
        return ks_err_set(err, KS_E_PAYMENT_PROFORMA);
    if (own_proforma(&pf, ctx, &p, ps.proforma, err))
        return -1;
    /* API: payProforma — PAYMENT_PROFORMA "This is a paid partner invoice." */
    if (pf.status == KS_PROFORMA_PAID)
        return ks_err_setf(err, KS_E_PAYMENT_PROFORMA, "This is a paid partner invoice.");
    /* API: payProforma — PAYMENT_ERROR "Authorization error." */
    if (!ps.pay_approved)
        return ks_err_setf(err, KS_E_PAYMENT_ERROR, "Authorization error. (%s)",
                           ps.pay_error ? ps.pay_error : "declined");
    const char *method = ps.pay_card_type
                             ? ks_arena_printf(ctx->arena, "%s %s ending in %s", ps.pay_type,
                                               ps.pay_card_type, ps.pay_last4 ? ps.pay_last4 : "")
                             : ps.pay_type;
    if (settle(ctx, &pf, method, err))
        return -1;
    ps.proforma = NULL;
    ps.has_payment = 0;
    return ctx->store->ops->partner_session_save(ctx->store, session_id, &ps, 0, NULL, err);
}

int ks_proforma_confirm_payment(ks_ctx *ctx, const char *partner_code, const char *number,
                                ks_err *err)
{
    ks_partner p;
    ks_proforma pf;
    if (ks_partner_get(&p, ctx, partner_code, err))
        return -1;
    /* API: confirmInvoicePayment — INVALID_METHOD for a partner not on the Direct model */
    if (p.model != KS_PARTNER_DIRECT)
        return ks_err_setf(err, KS_E_INVALID_METHOD,
                           "Partner %s is on the %s business model, not the Direct one", p.code,
                           ks_partner_model_name(p.model));
    if (own_proforma(&pf, ctx, &p, number, err))
        return -1;
    if (pf.status == KS_PROFORMA_PAID)
        return ks_err_setf(err, KS_E_PAYMENT_PROFORMA, "This is a paid partner invoice.");
    return settle(ctx, &pf, "WIRE_TRANSFER", err);
}

/* --- the invoice PDF --------------------------------------------------------------------- */

static void pdf_signature(char out[KS_HMAC_HEX_MAX], const ks_vendor *v, const char *number,
                          long long expires)
{
    char msg[256];
    int n = snprintf(msg, sizeof msg, "%s|%s|%lld", v->code, number, expires);
    if (n < 0 || (size_t)n >= sizeof msg || ks_hmac_hex(out, KS_HMAC_SHA256, v->secret,
                                                        strlen(v->secret), msg, (size_t)n))
        out[0] = '\0';
}

const char *ks_proforma_pdf_link(ks_ctx *ctx, const ks_proforma *p, ks_time now)
{
    char sig[KS_HMAC_HEX_MAX];
    long long expires = (long long)now + KS_PROFORMA_PDF_TTL;
    const char *base = ctx->origin                ? ctx->origin
                       : ctx->cfg->public_url     ? ctx->cfg->public_url
                                                  : "http://127.0.0.1:8080";
    pdf_signature(sig, ctx->vendor, p->number, expires);
    return ks_arena_printf(ctx->arena, "%s/partner-invoices/%s/%s.pdf?expires=%lld&signature=%s",
                           base, ctx->vendor->code, p->number, expires, sig);
}

static const char *money_text(ks_ctx *ctx, int64_t minor, const char *currency)
{
    char d[32];
    ks_money_format(d, minor, currency);
    return ks_arena_printf(ctx->arena, "%s %s", d, currency);
}

int ks_proforma_pdf(ks_buf *out, ks_ctx *ctx, const char *vendor_code, const char *number,
                    const char *expires, const char *signature, ks_err *err)
{
    ks_vendor *v = ks_arena_alloc(ctx->arena, sizeof *v);
    ks_err e;
    ks_proforma pf;
    ks_partner p;
    ks_time now;
    char sig[KS_HMAC_HEX_MAX], *end = NULL;
    if (!has(vendor_code) || strlen(vendor_code) > 64 || !has(number) ||
        ctx->store->ops->vendor_by_code(ctx->store, ctx->arena, vendor_code, v, &e))
        return ks_err_setf(err, KS_E_NOT_FOUND, "No such partner invoice");
    ctx->vendor = v;
    long long exp = expires ? strtoll(expires, &end, 10) : 0;
    if (!end || *end || !has(signature))
        return ks_err_setf(err, KS_E_FORBIDDEN, "The link is not valid");
    pdf_signature(sig, v, number, exp);
    if (!sig[0] || !ks_ct_streq(sig, signature))
        return ks_err_setf(err, KS_E_FORBIDDEN, "The link is not valid");
    if (ks_clock_now(&now, ctx, err))
        return -1;
    /* API: partner invoice — ProformaPDF "Valid for 1 hour." */
    if (now > exp)
        return ks_err_setf(err, KS_E_FORBIDDEN, "The link has expired: call getProforma again");
    if (ctx->store->ops->proforma_get(ctx->store, ctx->arena, v->id, number, &pf, &e) ||
        ctx->store->ops->partner_get(ctx->store, ctx->arena, v->id, NULL, pf.partner_id, &p,
                                     &e))
        return ks_err_setf(err, KS_E_NOT_FOUND, "No such partner invoice");
    char created[11], due[11];
    ks_time_format_date(created, pf.created, v->tz_offset);
    ks_time_format_date(due, pf.due, v->tz_offset);
    size_t n = 0, cap = pf.n_orders + 16;
    ks_pdf_line *lines = ks_arena_alloc(ctx->arena, cap * sizeof *lines);
#define LINE(sz, ...) lines[n++] = (ks_pdf_line){sz, ks_arena_printf(ctx->arena, __VA_ARGS__)}
    LINE(18, "Partner invoice %s", pf.number);
    LINE(0, "Vendor: %s", v->code);
    LINE(0, "Partner: %s (%s)", p.company, p.code);
    LINE(0, "Business model: %s", ks_partner_model_name(p.model));
    LINE(0, "Created: %s    Due: %s", created, due);
    LINE(0, "Status: %s", ks_proforma_status_name(&pf, now));
    if (pf.payment_method)
        LINE(0, "Paid with: %s", pf.payment_method);
    LINE(0, " ");
    LINE(12, "Orders");
    for (size_t i = 0; i < pf.n_orders; i++) {
        ks_order o;
        if (ks_order_get(&o, ctx, pf.orders[i], &e) == 0)
            LINE(0, "Order %s    %s", o.ref_no, money_text(ctx, o.gross_discounted, o.currency));
        else
            LINE(0, "Order %s", pf.orders[i]);
    }
    LINE(0, " ");
    LINE(14, "Total: %s", money_text(ctx, pf.total, pf.currency));
#undef LINE
    ks_pdf_text_page(out, lines, n);
    return 0;
}
