/* common.h — value types several domain modules share: addresses and item prices. */
#ifndef KS_COMMON_H
#define KS_COMMON_H

#include "../core/decimal.h"

/* BillingDetails / DeliveryDetails / an end user. Strings are arena-owned, NULL when absent;
 * country_code is canonical ISO 3166-1 alpha-2 when set. */
typedef struct ks_address {
    const char *first_name, *last_name, *company, *fiscal_code, *tax_office;
    const char *email, *phone, *fax;
    const char *address1, *address2, *city, *zip, *country_code, *state;
    const char *tax_exemption_id;
} ks_address;

/* An item's Price {Amount, Type}. */
typedef struct ks_item_price {
    ks_dec amount;
    int has_amount;
    const char *type;
} ks_item_price;

#endif
