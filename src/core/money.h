/* money.h — amounts of money as integer minor units of an ISO 4217 currency.
 *
 * Conversions between the wire's decimals (ks_dec) and minor units, exact or refused; no
 * arithmetic on prices happens here (that is the pricing engine's, with its one rounding
 * rule). */
#ifndef KS_MONEY_H
#define KS_MONEY_H

#include <stdint.h>

#include "decimal.h"

/* Decimals of an ISO 4217 currency (any case), or -1 if unknown. */
int ks_money_minor_units(const char *currency);

/* amount as minor units of currency; -1 if it has more decimals than the currency allows or
 * is out of range. */
int ks_money_to_minor(int64_t *out, ks_dec amount, const char *currency);

/* minor units of currency as text with all the currency's decimals: "10.50", "1050" for JPY
 * (an unknown currency: the bare number). */
void ks_money_format(char out[32], int64_t minor, const char *currency);

/* minor units of currency as a ks_dec (exact: currencies have at most 4 decimals). */
ks_dec ks_money_to_dec(int64_t minor, const char *currency);

#endif
