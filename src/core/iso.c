/* iso.c — binary search over the generated ISO tables. */
#include "iso.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "iso_tables.inc"

static int canon(char *out, const char *in, size_t n, int upper)
{
    if (!in || strlen(in) != n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!isalpha((unsigned char)in[i]))
            return -1;
        out[i] = (char)(upper ? toupper((unsigned char)in[i]) : tolower((unsigned char)in[i]));
    }
    out[n] = '\0';
    return 0;
}

#define BSEARCH(table, key, field)                                                                 \
    do {                                                                                           \
        size_t lo = 0, hi = sizeof table / sizeof table[0];                                        \
        while (lo < hi) {                                                                          \
            size_t mid = (lo + hi) / 2;                                                            \
            int c = strcmp(key, table[mid] field);                                                 \
            if (c == 0) {                                                                          \
                found = mid;                                                                       \
                break;                                                                             \
            }                                                                                      \
            if (c < 0)                                                                             \
                hi = mid;                                                                          \
            else                                                                                   \
                lo = mid + 1;                                                                      \
        }                                                                                          \
    } while (0)

const char *ks_iso_country(const char *code)
{
    char k[3];
    size_t found = (size_t)-1;
    if (canon(k, code, 2, 1))
        return NULL;
    BSEARCH(iso_countries, k, );
    return found == (size_t)-1 ? NULL : iso_countries[found];
}

const char *ks_iso_currency(const char *code, int *minor)
{
    char k[4];
    size_t found = (size_t)-1;
    if (canon(k, code, 3, 1))
        return NULL;
    BSEARCH(iso_currencies, k, .code);
    if (found == (size_t)-1)
        return NULL;
    if (minor)
        *minor = iso_currencies[found].minor;
    return iso_currencies[found].code;
}

const char *ks_iso_language(const char *code)
{
    char k[3];
    size_t found = (size_t)-1;
    if (canon(k, code, 2, 0))
        return NULL;
    BSEARCH(iso_languages, k, );
    return found == (size_t)-1 ? NULL : iso_languages[found];
}
