/* catalog.h — the vendor's catalog: tax categories, products, pricing option groups, and the
 * currency settings (base currency, exchange rates) that pricing converts prices with.
 *
 * Structs are what the schema binds from the wire and what the store returns. Amounts are
 * ks_dec as given (exact decimals), checked against the currency's minor units when an object
 * is saved; the pricing engine turns them into minor units. Percentages are ks_dec too, with
 * at most two decimals. Strings are arena-owned, NULL when absent. */
#ifndef KS_CATALOG_H
#define KS_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "../core/decimal.h"
#include "ctx.h"

#define KS_CATALOG_CODE_MAX 100
#define KS_UUID_LEN         36

/* --- tax categories ---------------------------------------------------------------------- */

typedef struct ks_tax_category {
    const char *uuid; /* 36 characters, lower-case, random (v4) */
    const char *code; /* stable name of the default set, e.g. "SOFTWARE_DOWNLOAD" */
    const char *name, *description;
    int is_default; /* the category of products that name none */
} ks_tax_category;

#define KS_TAX_CATEGORIES_DEFAULT 6

/* Fills out[KS_TAX_CATEGORIES_DEFAULT] with the default set every new vendor starts with,
 * with fresh UUIDs (arena-owned); the first is the default category. */
void ks_tax_categories_default(ks_tax_category *out, ks_arena *a);

/* The vendor's tax categories, default first; *out is an arena array. */
int ks_tax_category_list(ks_tax_category **out, size_t *n, ks_ctx *ctx, ks_err *err);

/* The category with this UUID (any case), or the default one when uuid is NULL or empty.
 * TAX_CATEGORY_INVALID. */
int ks_tax_category_resolve(ks_tax_category *out, ks_ctx *ctx, const char *uuid, ks_err *err);

/* --- money as declared ------------------------------------------------------------------- */

/* {Currency, Amount} */
typedef struct ks_money {
    ks_dec amount;
    const char *currency; /* canonical ISO 4217 */
} ks_money;

/* --- products ---------------------------------------------------------------------------- */

/* One price of PricingConfigurations[].Prices.Regular / .Renewal: a unit price in a currency
 * for quantities MinQuantity..MaxQuantity (0 or absent: no bound). */
typedef struct ks_price_tier {
    ks_dec amount;
    const char *currency;
    int64_t min_qty, max_qty;
} ks_price_tier;

/* A tier's bounds as the platform shows them: MinQuantity 1 and MaxQuantity 99999 when unset. */
int64_t ks_tier_min_qty(const ks_price_tier *t);
int64_t ks_tier_max_qty(const ks_price_tier *t);

typedef struct ks_product_prices {
    ks_price_tier *regular;
    size_t n_regular;
    ks_price_tier *renewal;
    size_t n_renewal;
} ks_product_prices;

/* A pricing option group assigned to a product: PriceOptions[{Code, Required}]. */
typedef struct ks_option_ref {
    const char *code;
    int required;
} ks_option_ref;

typedef struct ks_pricing_config {
    const char *name;
    const char *price_type;       /* "NET" (default) or "GROSS" */
    const char *default_currency; /* NULL: the vendor's base currency */
    const ks_product_prices *prices;
    ks_option_ref *options;
    size_t n_options;
} ks_pricing_config;

typedef struct ks_contract_period {
    int64_t period;
    const char *units; /* D, M or Y */
    int is_unlimited;
    const char *action; /* RESTART, LOCK, ... as given */
} ks_contract_period;

typedef struct ks_subscription_info {
    int64_t billing_cycle;           /* with units: the renewal period */
    const char *billing_cycle_units; /* D, M or Y */
    int is_one_time_fee;             /* charged once, never renewed */
    int lifetime;                    /* the subscription never expires (one-time fee only) */
    const ks_contract_period *contract;
    int64_t trial_period; /* days; 0: no trial */
    ks_dec trial_price;   /* in the default currency */
    int has_trial_price;
} ks_subscription_info;

/* 1 when a billing cycle of length units (D, M, W or Y) is longer than three years (1095 days,
 * 156 weeks, 36 months): the platform's Lifetime subscription. */
int ks_cycle_beyond_three_years(int64_t length, const char *unit);

typedef struct ks_product {
    int64_t id;       /* AvangateId, set by the store */
    const char *code; /* ProductCode, unique per vendor */
    const char *name, *type, *version, *sku;
    int tangible;
    int enabled, has_enabled;      /* default: enabled */
    const char *tax_category;      /* TaxCategory: a tax category UUID */
    const char *tax_category_uuid; /* ProductTaxCategoryUUID, the orders' name for it */
    int generates_subscription, has_generates_subscription;
    ks_pricing_config *pricing; /* exactly one */
    size_t n_pricing;
    const ks_subscription_info *subscription;
    const char **upgrades; /* UpgradeProducts: codes a subscription may upgrade to */
    size_t n_upgrades;
    ks_time created, updated;
    const char *doc; /* the product as received, canonical JSON text */
} ks_product;

typedef struct ks_product_query {
    const char *name; /* substring, any case */
    const char **codes;
    size_t n_codes;
    const char **types;
    size_t n_types;
    int has_enabled, enabled;
    int64_t page, limit;
} ks_product_query;

/* Adds a product for ctx->vendor. Fills defaults (type REGULAR, enabled, price type NET, the
 * default tax category, the default currency) and sets created. Codes: PARAMETER_MISSING,
 * PARAMETER_INVALID, PRODUCT_INVALID, PRODUCT_PRICING_INVALID (also for an option group that
 * does not exist), PRICE_AMOUNT_INVALID, PRODUCT_SUBSCRIPTION_INVALID, PRODUCT_UPGRADE_INVALID,
 * TAX_CATEGORY_INVALID, PRODUCT_CODE_DUPLICATE. */
int ks_product_add(ks_ctx *ctx, ks_product *p, ks_err *err);

/* Replaces the product named code (or p->code when code is NULL) with p: all of its data is
 * overwritten, as the platform's updateProduct does; the code, id and creation stay. Same
 * codes as add, plus PRODUCT_NOT_FOUND, PARAMETER_INVALID when both codes differ. */
int ks_product_update(ks_ctx *ctx, const char *code, ks_product *p, ks_err *err);

/* PRODUCT_NOT_FOUND. */
int ks_product_get(ks_product *out, ks_ctx *ctx, const char *code, ks_err *err);

/* Disables a product (REST DELETE): it stays in the catalog and can no longer be sold.
 * PRODUCT_NOT_FOUND. */
int ks_product_disable(ks_ctx *ctx, const char *code, ks_err *err);

/* One page of matches, ordered by creation, and the total. INVALID_PAGINATION. */
int ks_product_search(ks_product **out, size_t *n, int64_t *total, ks_ctx *ctx,
                      const ks_product_query *q, ks_err *err);

/* --- pricing option groups --------------------------------------------------------------- */

/* PriceImpact of an option: FIXED amounts per currency or a PERCENT of the base price, added
 * or subtracted. */
typedef struct ks_price_impact {
    const char *impact_on; /* BASE */
    const char *method;    /* FIXED or PERCENT */
    ks_dec percent;
    ks_money *amounts;
    size_t n_amounts;
    const char *impact; /* ADD (default) or SUBTRACT */
} ks_price_impact;

typedef struct ks_price_option {
    const char *code; /* Code; requests may call it Value */
    const char *value;
    const char *name, *description;
    int is_default;
    int64_t scale_min, scale_max; /* INTERVAL groups: the values this option covers */
    int has_scale_min, has_scale_max;
    const ks_price_impact *impact; /* NULL: no price change */
} ks_price_option;

typedef struct ks_option_group {
    const char *code, *name, *description;
    const char *type; /* RADIO (default), CHECKBOX, INTERVAL, COMBO */
    int required, has_required;
    ks_price_option *options;
    size_t n_options;
    ks_time created, updated;
    const char *doc;
} ks_option_group;

typedef struct ks_option_group_query {
    const char *name;
    const char **types;
    size_t n_types;
    int64_t page, limit;
} ks_option_group_query;

/* Adds a group. PARAMETER_MISSING, PRICE_OPTION_GROUP_INVALID, PRICE_AMOUNT_INVALID,
 * PRICE_OPTION_GROUP_DUPLICATE. */
int ks_option_group_add(ks_ctx *ctx, ks_option_group *g, ks_err *err);
/* Replaces a group; its Code and Required cannot change. Same codes plus
 * PRICE_OPTION_GROUP_NOT_FOUND. */
int ks_option_group_update(ks_ctx *ctx, const char *code, ks_option_group *g, ks_err *err);
/* PRICE_OPTION_GROUP_NOT_FOUND. */
int ks_option_group_get(ks_option_group *out, ks_ctx *ctx, const char *code, ks_err *err);
int ks_option_group_search(ks_option_group **out, size_t *n, int64_t *total, ks_ctx *ctx,
                           const ks_option_group_query *q, ks_err *err);

/* --- currencies -------------------------------------------------------------------------- */

/* An exchange rate: units of currency for one unit of the base currency. */
typedef struct ks_fx_rate {
    const char *currency;
    ks_dec rate;
    int is_default; /* from the shipped table (1) or set by the vendor (0) */
} ks_fx_rate;

typedef struct ks_currency_settings {
    const char *base_currency; /* USD for new vendors */
    ks_fx_rate *rates;         /* the vendor's own rates (get: every known rate) */
    size_t n_rates;
} ks_currency_settings;

/* The vendor's base currency and its own exchange rates (overrides only). */
int ks_currency_settings_get(ks_currency_settings *out, ks_ctx *ctx, ks_err *err);

/* Sets the base currency (when not NULL) and, when set_rates, replaces the vendor's own rates.
 * PARAMETER_INVALID for a rate that is not positive or a currency given twice. */
int ks_currency_settings_update(ks_ctx *ctx, const char *base_currency, int set_rates,
                                const ks_fx_rate *rates, size_t n, ks_err *err);

#endif
