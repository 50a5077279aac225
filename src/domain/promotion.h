/* promotion.h — promotions (coupon discounts) and cross-sell campaigns: what a discount is,
 * when it may apply and to which products. The pricing engine applies them.
 *
 * Same conventions as catalog.h: bound structs, ks_dec amounts and percentages, arena-owned
 * strings. Dates are "YYYY-MM-DD" in the vendor's API time zone, both ends inclusive. */
#ifndef KS_PROMOTION_H
#define KS_PROMOTION_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "ctx.h"

/* --- promotions -------------------------------------------------------------------------- */

typedef struct ks_coupon {
    const char *type;   /* SINGLE or MULTIPLE */
    const char *code;   /* SINGLE */
    const char **codes; /* MULTIPLE */
    size_t n_codes;
} ks_coupon;

typedef struct ks_discount {
    const char *type; /* PERCENT or FIXED */
    ks_dec value;     /* PERCENT: 0 < Value <= 100 */
    int has_value;
    ks_money *values; /* FIXED: off each unit, per currency */
    size_t n_values;
    const char *default_currency; /* FIXED: converted from when the order's is not listed */
} ks_discount;

typedef struct ks_promotion_product {
    const char *code;
} ks_promotion_product;

typedef struct ks_promotion {
    const char *code; /* generated when absent */
    const char *name, *description;
    const char *type;                  /* REGULAR */
    const char *channel_type;          /* ECOMMERCE (default), CHANNEL_MANAGER, ALL */
    int enabled, has_enabled;          /* default: enabled */
    const char *start_date, *end_date; /* NULL: from now on / no end */
    int64_t max_orders;                /* MaximumOrdersNumber; 0: unlimited */
    int64_t used_orders;               /* orders that used it (incremented by orders) */
    const ks_coupon *coupon;
    const ks_discount *discount;
    ks_promotion_product *products; /* empty: every product */
    size_t n_products;
    ks_time created, updated;
    const char *doc;
} ks_promotion;

typedef struct ks_promotion_query {
    const char *product_code;
    const char **coupons;
    size_t n_coupons;
    int has_enabled, enabled;
    int64_t page, limit;
} ks_promotion_query;

/* Adds a promotion; p->code is generated when NULL. PARAMETER_MISSING, PARAMETER_INVALID,
 * PROMOTION_INVALID (also for a product code that is not in the catalog),
 * PRICE_AMOUNT_INVALID, PROMOTION_CODE_DUPLICATE, PROMOTION_COUPON_DUPLICATE. */
int ks_promotion_add(ks_ctx *ctx, ks_promotion *p, ks_err *err);
/* Replaces a promotion (code from the path, or p->code); its used count stays. Same codes plus
 * PROMOTION_NOT_FOUND. */
int ks_promotion_update(ks_ctx *ctx, const char *code, ks_promotion *p, ks_err *err);
/* PROMOTION_NOT_FOUND. */
int ks_promotion_get(ks_promotion *out, ks_ctx *ctx, const char *code, ks_err *err);
int ks_promotion_search(ks_promotion **out, size_t *n, int64_t *total, ks_ctx *ctx,
                        const ks_promotion_query *q, ks_err *err);
/* The promotion one of whose coupons is coupon (any case): PROMOTION_CODE_INVALID. */
int ks_promotion_by_coupon(ks_promotion *out, ks_ctx *ctx, const char *coupon, ks_err *err);
/* Checks that p can be used now: PROMOTION_DISABLED, PROMOTION_NOT_STARTED,
 * PROMOTION_EXPIRED, PROMOTION_LIMIT_REACHED. */
int ks_promotion_check_usable(ks_ctx *ctx, const ks_promotion *p, ks_err *err);
/* 1 when p applies to the catalog product code (NULL: a dynamic item). */
int ks_promotion_covers(const ks_promotion *p, const char *product_code);
/* --- cross-sell campaigns ---------------------------------------------------------------- */

typedef struct ks_crosssell_product {
    const char *product_code;  /* a recommended product */
    ks_dec discount;           /* percent */
    const char *discount_type; /* PERCENT */
} ks_crosssell_product;

typedef struct ks_crosssell {
    const char *code; /* CampaignCode, generated */
    const char *name;
    const char *status;       /* ACTIVE (default) or INACTIVE */
    const char *display_type; /* cart (default), review, finish */
    int display_in_email;
    const char *owner_type; /* MERCH (default) or AFF */
    const char **masters;   /* MasterProducts: the products that trigger it */
    size_t n_masters;
    ks_crosssell_product *products;
    size_t n_products;
    const char *start_date, *end_date;
    ks_time created, updated;
    const char *doc;
} ks_crosssell;

typedef struct ks_crosssell_query {
    const char *name; /* substring, any case */
    const char **statuses;
    size_t n_statuses;
    const char *owner_type;
    const char **products; /* campaigns with one of these master products */
    size_t n_products;
    const char **recommended; /* campaigns recommending one of these */
    size_t n_recommended;
    const char *start_date, *end_date; /* campaigns running at some time in this window */
    int64_t page, limit;
} ks_crosssell_query;

/* Creates a campaign; c->code is generated. PARAMETER_MISSING,
 * CROSSSELL_CAMPAIGN_DATA_INVALID (also for a product code that is not in the catalog). */
int ks_crosssell_add(ks_ctx *ctx, ks_crosssell *c, ks_err *err);
/* Replaces a campaign. Same codes plus CROSSSELL_CAMPAIGN_NOT_FOUND. */
int ks_crosssell_update(ks_ctx *ctx, const char *code, ks_crosssell *c, ks_err *err);
/* CROSSSELL_CAMPAIGN_NOT_FOUND. */
int ks_crosssell_get(ks_crosssell *out, ks_ctx *ctx, const char *code, ks_err *err);
int ks_crosssell_search(ks_crosssell **out, size_t *n, int64_t *total, ks_ctx *ctx,
                        const ks_crosssell_query *q, ks_err *err);
/* *out = 1 when the campaign runs now: ACTIVE, and today inside its dates. */
int ks_crosssell_running(int *out, ks_ctx *ctx, const ks_crosssell *c, ks_err *err);

#endif
