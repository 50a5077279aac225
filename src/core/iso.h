/* iso.h — ISO 3166-1 countries, ISO 4217 currencies (with minor units) and ISO 639-1 languages.
 *
 * Look-ups ignore case. The canonical spelling is returned as a static string. */
#ifndef KS_ISO_H
#define KS_ISO_H

/* "us" -> "US"; NULL if unknown. */
const char *ks_iso_country(const char *code);
/* "usd" -> "USD"; NULL if unknown. *minor (may be NULL) gets the number of decimals. */
const char *ks_iso_currency(const char *code, int *minor);
/* "EN" -> "en"; NULL if unknown. */
const char *ks_iso_language(const char *code);

#endif
