/* address.h — the rules of a shopper's address that placeOrder checks: the states of the
 * countries whose addresses must name one, VAT IDs of companies, and Brazilian fiscal codes.
 * Pure functions over strings (unit-tested in tests/unit/test_orders.c). */
#ifndef KS_ADDRESS_H
#define KS_ADDRESS_H

/* 1 for the countries whose BillingDetails must carry a State: US, CA, BR, TR, IN, RO. */
int ks_state_required(const char *country);

/* The code of country's state named `state` — its full name in any case, with or without its
 * diacritics ("São Paulo", "sao paulo"), or its code ("SP", "sp") — or NULL when the country
 * has no such state (or is not one of the six). Static string. */
const char *ks_state_code(const char *country, const char *state);

/* 1 if vat_id is a well-formed VAT identification number for a company billed in country
 * (canonical ISO 3166): the format of the EU member state named by its prefix ("DE123...",
 * "EL..." for Greece, "XI" for Northern Ireland) or, without a prefix, of the billing country,
 * with the check digits where the member state's algorithm is public and simple (AT, BE, DE,
 * DK, EL, FI, FR, HR, IT, LU, PL, PT, RO, SE, SI, SK). Spaces, dots and dashes are ignored.
 * Outside the EU (and the UK) any 4-20 letters and digits are accepted. */
int ks_vat_id_valid(const char *country, const char *vat_id);

/* 1 if s is a valid Brazilian CPF (11 digits) or CNPJ (14 digits), punctuation allowed
 * ("123.456.789-09", "11.222.333/0001-81"), check digits verified. */
int ks_br_fiscal_code_valid(const char *s);

#endif
