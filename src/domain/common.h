/* common.h — what several domain modules share: addresses, item prices, and name tables. */
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

/* A name table: the names of an enumeration in the order of its values, NULL-terminated. Each
 * enumeration the wire spells has one, exported by its module: the schema's enums, the store's
 * columns and the rules all point at it, so that a name is written once. */

/* The name of value v (an index of names), or fallback when v is out of range. */
const char *ks_name_of(const char *const *names, int v, const char *fallback);
/* The value (index) whose name is s, ignoring case when nocase; -1 when none is. */
int ks_name_find(const char *const *names, const char *s, int nocase);

#endif
