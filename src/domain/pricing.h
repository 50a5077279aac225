/* pricing.h — the pricing engine: the only place where Kassa computes a price, a tax or a
 * discount. getContents (REST PUT /orders/0/) shows its result; orders will charge it.
 *
 * Inside, every amount is an int64 count of the currency's minor units (JPY has none, USD
 * two, BHD three). Rounding is written down once, in pricing.c: half away from zero to the
 * minor unit, on each unit amount of a line; line amounts are unit amounts times the
 * quantity, and totals are sums of lines, so every figure adds up exactly. */
#ifndef KS_PRICING_H
#define KS_PRICING_H

#include <stddef.h>
#include <stdint.h>

#include "../core/decimal.h"
#include "../core/money.h"
#include "catalog.h"
#include "common.h"
#include "ctx.h"
#include "promotion.h"

/* The country the platform, as merchant of record, is established in: the origin of EU VAT
 * for MoR vendors (see pricing.c). */
#define KS_VAT_ESTABLISHMENT "NL"

/* A surcharge of a dynamic item's price option: PriceOptions[{Name, Options[{Name, Value,
 * Surcharge}]}], flattened. */
typedef struct ks_cart_surcharge {
    const char *group, *name, *value;
    ks_dec amount;
} ks_cart_surcharge;

/* Price of a dynamic item: {Amount, Type "CUSTOM"}; PriceType and ProductTaxCategoryUUID are
 * accepted here as well as on the item. */
typedef struct ks_cart_price {
    ks_dec amount;
    int has_amount;
    const char *type;
    const char *price_type;
    const char *tax_category;
} ks_cart_price;

typedef struct ks_cart_cross_sell {
    const char *parent_code;
    const char *campaign_code;
} ks_cart_cross_sell;

/* Items[].Trial {Period, Price}: a trial of the product, priced at its trial price (a dynamic
 * item's Price, in the order currency; a catalog product's TrialPrice). */
typedef struct ks_cart_trial {
    int64_t period; /* days */
    int has_period;
    ks_dec price;
    int has_price;
} ks_cart_trial;

struct ks_item_recurring; /* order.h */

/* The price a partner pays for a catalog item, from its pricing list (partner.h): price
 * instead of the vendor's price when has_price, else the vendor's price less discount %. */
typedef struct ks_list_price {
    const char *list; /* the pricing list's code */
    int has_price;
    ks_money price;
    ks_dec discount;
} ks_list_price;

typedef struct ks_cart_item {
    const char *code; /* catalog product code; NULL for dynamic items */
    int64_t quantity; /* absent (0): 1 */
    int has_quantity;
    int is_dynamic;
    const char *name;           /* dynamic */
    int tangible;               /* dynamic */
    const ks_cart_price *price; /* dynamic */
    const char *price_type;     /* dynamic: NET or GROSS (default GROSS) */
    const char *tax_category;   /* dynamic: ProductTaxCategoryUUID */
    /* catalog: chosen options, "OPTION" or "GROUP=OPTION" or "GROUP=value" for a scale */
    const char **options;
    size_t n_options;
    ks_cart_surcharge *surcharges; /* dynamic */
    size_t n_surcharges;
    const ks_cart_cross_sell *cross_sell;
    const ks_cart_trial *trial; /* NULL: not a trial */
    const ks_list_price *list_price; /* catalog, partner orders: NULL for everyone else */
    /* order lines (placeOrder reads these; the engine does not) */
    int has_is_dynamic, has_tangible;
    const char *purchase_type;
    const char *external_reference, *product_external_reference;
    const char *subscription_start;
    const struct ks_item_recurring *recurring;
} ks_cart_item;

typedef struct ks_cart {
    const char *currency; /* NULL: the vendor's base currency */
    const char *country;  /* order-level Country, used when BillingDetails has none */
    const ks_address *billing;
    ks_cart_item *items;
    size_t n_items;
    const char **promotions; /* coupon codes */
    size_t n_promotions;
} ks_cart;

/* The platform's Price object of a line, in minor units. */
typedef struct ks_line_price {
    int64_t unit_net, unit_gross, unit_vat, unit_discount;
    int64_t unit_net_discounted, unit_gross_discounted;
    int64_t item_unit_net, item_unit_gross, item_net, item_gross; /* before price options */
    int64_t net, gross, net_discounted, gross_discounted, discount, vat;
    int64_t vat_bp; /* VATPercent in hundredths of a percent */
} ks_line_price;

typedef struct ks_priced_line {
    const ks_cart_item *item;
    int64_t quantity;
    const char *name;
    const ks_product *product; /* catalog items; NULL for dynamic ones */
    int tangible, is_dynamic;
    const char *price_type; /* NET or GROSS */
    const char *promotion;  /* coupon code of the promotion applied, or NULL */
    const char *campaign;   /* cross-sell campaign applied, or NULL */
    ks_line_price price;
} ks_priced_line;

typedef struct ks_priced_cart {
    const char *currency;
    int minor_units;     /* decimals of the currency */
    const char *country; /* the VAT country, or NULL */
    int reverse_charge;  /* a business customer self-accounts for VAT */
    ks_priced_line *lines;
    size_t n_lines;
    const char **promotions; /* coupons applied */
    size_t n_promotions;
    int64_t net, gross, vat, discount, net_discounted, gross_discounted;
} ks_priced_cart;

/* getAvailableCurrencies: the currencies ctx->vendor can price and sell in (its base currency
 * and every currency it has an exchange rate for), sorted; *out an arena array. country and
 * payment_method are given both or neither (the platform's rule), else PARAMETER_MISSING;
 * every payment method of the test processor takes every currency. */
int ks_currency_available(const char ***out, size_t *n, ks_ctx *ctx, const char *country,
                          const char *payment_method, ks_err *err);

/* The option codes of a ';'-separated string (setSubscriptionUpgrade's options, a
 * subscription's stored codes): each trimmed of white space, empty ones dropped. The one parser
 * of that form, so that what is checked is what is stored and renewed. *out is an arena array,
 * NULL when there are none. */
void ks_option_codes_split(const char ***out, size_t *n, ks_arena *a, const char *s);

/* codes joined with ';' (arena-owned), or NULL when n is 0. */
const char *ks_option_codes_join(ks_arena *a, const char *const *codes, size_t n);

/* Prices a cart for ctx->vendor; stores nothing. *out lives in ctx->arena. Codes:
 * ORDER_PRODUCTS_EMPTY, ORDER_ITEMS_INVALID, ORDER_ITEMS_QUANTITY_INVALID,
 * ORDER_PRODUCT_CODE_INVALID, ORDER_PRODUCT_DISABLED, ORDER_PRODUCT_NAME_INVALID,
 * ORDER_PRODUCT_PRICE_AMOUNT_INVALID, ORDER_PRODUCT_PRICE_TYPE_INVALID,
 * ORDER_PRODUCT_PRICE_NOT_AVAILABLE, PRICE_OPTION_INVALID, PRICE_OPTION_REQUIRED,
 * PRICE_OPTION_SCALE_INVALID, PROMOTION_CODE_INVALID, PROMOTION_DISABLED,
 * PROMOTION_NOT_STARTED, PROMOTION_EXPIRED, PROMOTION_LIMIT_REACHED, PROMOTION_NOT_APPLICABLE,
 * CROSSSELL_CAMPAIGN_INVALID, CROSSSELL_CAMPAIGN_INACTIVE, TAX_CATEGORY_INVALID,
 * CURRENCY_NOT_SUPPORTED, INVALID_PRODUCT (a trial of a product without one). */
int ks_pricing_quote(ks_priced_cart *out, ks_ctx *ctx, const ks_cart *cart, ks_err *err);

/* Standard VAT rate of a country in hundredths of a percent (2100 = 21%), from the table in
 * vat_rates.def; 0 where Kassa collects none. */
int64_t ks_vat_standard_rate(const char *country);

/* The shipped default exchange rate of a currency: units for one euro (ks_dec), from
 * fx_rates.def; 0 if the table has none. */
ks_dec ks_fx_default_rate(const char *currency);

/* Iterates the shipped table: the i-th currency and its rate per euro; NULL past the end. */
const char *ks_fx_default_at(size_t i, ks_dec *rate);

/* Every rate the vendor converts with, as units for one unit of its base currency: the shipped
 * table rebased on cs->base_currency, overridden by the vendor's own rates (is_default 0).
 * Rates are rounded to 4 decimals for display; conversions use the exact ratios. *out is an
 * arena array sorted by currency. */
void ks_fx_effective_rates(ks_fx_rate **out, size_t *n, ks_arena *a,
                           const ks_currency_settings *cs);

#endif
