/* address.c — states of the six countries that require one (data in states.def), VAT ID
 * formats and check digits of the EU member states, and Brazilian CPF/CNPJ check digits. */
#include "address.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* --- states ------------------------------------------------------------------------------ */

static const struct {
    const char *country, *code, *name;
} states[] = {
#define KS_STATE(country, code, name) {country, code, name},
#include "states.def"
#undef KS_STATE
};

int ks_state_required(const char *country)
{
    static const char *const six[] = {"US", "CA", "BR", "TR", "IN", "RO"};
    for (size_t i = 0; country && i < sizeof six / sizeof six[0]; i++)
        if (strcasecmp(country, six[i]) == 0)
            return 1;
    return 0;
}

/* Base letters of U+00C0..U+00FF and U+0100..U+017F; '?' for signs that are not letters. */
static const char latin1[] = "aaaaaaaceeeeiiiidnooooo?ouuuuy?saaaaaaaceeeeiiiidnooooo?ouuuuy?y";
static const char latin_ext_a[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiii"
                                  "iiiijjkkklllllll"
                                  "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuu"
                                  "uuuuwwyyyzzzzzzs";

/* Folds a UTF-8 name for comparison: letters to their lower-case base letter (so that case and
 * diacritics do not matter: "São Paulo" = "SAO PAULO", "Bistrița-Năsăud" = "Bistrita
 * Nasaud"), digits kept, everything else dropped. Returns the length written (< n). */
static size_t fold(char *out, size_t n, const char *s)
{
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && k + 1 < n) {
        uint32_t cp;
        int len;
        if (*p < 0x80) {
            cp = *p;
            len = 1;
        } else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
            cp = ((uint32_t)(*p & 0x1F) << 6) | (p[1] & 0x3F);
            len = 2;
        } else {
            /* three- and four-byte sequences: no letter of these names lives there */
            len = (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 1;
            for (int i = 1; i < len; i++)
                if (!p[i]) {
                    len = i;
                    break;
                }
            p += len;
            continue;
        }
        p += len;
        char c = 0;
        if (cp < 0x80 && isalnum((int)cp))
            c = (char)tolower((int)cp);
        else if (cp >= 0xC0 && cp <= 0xFF)
            c = latin1[cp - 0xC0];
        else if (cp >= 0x100 && cp <= 0x17F)
            c = latin_ext_a[cp - 0x100];
        else if (cp >= 0x218 && cp <= 0x21B) /* Ș ș Ț ț (Romanian comma below) */
            c = cp < 0x21A ? 's' : 't';
        if (c && c != '?')
            out[k++] = c;
    }
    out[k] = '\0';
    return k;
}

const char *ks_state_code(const char *country, const char *state)
{
    char want[128], name[128];
    size_t cl;
    if (!country || !state || !ks_state_required(country))
        return NULL;
    /* "US-CA" as ISO 3166-2 writes it */
    cl = strlen(country);
    if (strncasecmp(state, country, cl) == 0 && state[cl] == '-')
        state += cl + 1;
    fold(want, sizeof want, state);
    if (!*want)
        return NULL;
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        if (strcasecmp(states[i].country, country) != 0)
            continue;
        if (strcasecmp(states[i].code, state) == 0)
            return states[i].code;
        fold(name, sizeof name, states[i].name);
        if (strcmp(name, want) == 0)
            return states[i].code;
    }
    return NULL;
}

/* --- VAT IDs ------------------------------------------------------------------------------- */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static int digit(const char *s, size_t i)
{
    return s[i] - '0';
}

/* ISO 7064 MOD 11,10 (DE, HR): the last digit checks the others. */
static int mod11_10(const char *d, size_t n)
{
    int p = 10;
    for (size_t i = 0; i + 1 < n; i++) {
        int s = (digit(d, i) + p) % 10;
        if (s == 0)
            s = 10;
        p = (2 * s) % 11;
    }
    int check = 11 - p;
    if (check == 10)
        check = 0;
    return check == digit(d, n - 1);
}

static int luhn(const char *d, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = digit(d, n - 1 - i);
        if (i % 2) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    return sum % 10 == 0;
}

/* sum of digit i times w[i], for the first n weights */
static int weighted(const char *d, const int *w, size_t n)
{
    int s = 0;
    for (size_t i = 0; i < n; i++)
        s += digit(d, i) * w[i];
    return s;
}

static int64_t number(const char *d, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + digit(d, i);
    return v;
}

/* The number part of a VAT ID (after the prefix) for member state cc; 1 if valid. */
static int vat_number_ok(const char *cc, const char *v)
{
    size_t n = strlen(v);
    if (strcmp(cc, "AT") == 0) { /* U + 8 digits */
        static const int w[] = {1, 2, 1, 2, 1, 2, 1};
        if (n != 9 || v[0] != 'U' || !all_digits(v + 1, 8))
            return 0;
        int s = 0;
        for (int i = 0; i < 7; i++) {
            int p = digit(v + 1, (size_t)i) * w[i];
            s += p > 9 ? p / 10 + p % 10 : p;
        }
        return (10 - (s + 4) % 10) % 10 == digit(v + 1, 7);
    }
    if (strcmp(cc, "BE") == 0) { /* 10 digits, 0 or 1 first; old 9-digit numbers get a 0 */
        char b[11];
        if (n == 9 && all_digits(v, 9)) {
            b[0] = '0';
            memcpy(b + 1, v, 10);
            v = b;
            n = 10;
        }
        if (n != 10 || !all_digits(v, 10) || (v[0] != '0' && v[0] != '1'))
            return 0;
        return 97 - number(v, 8) % 97 == number(v + 8, 2);
    }
    if (strcmp(cc, "BG") == 0)
        return (n == 9 || n == 10) && all_digits(v, n);
    if (strcmp(cc, "CY") == 0)
        return n == 9 && all_digits(v, 8) && isupper((unsigned char)v[8]);
    if (strcmp(cc, "CZ") == 0)
        return n >= 8 && n <= 10 && all_digits(v, n);
    if (strcmp(cc, "DE") == 0)
        return n == 9 && all_digits(v, 9) && v[0] != '0' && mod11_10(v, 9);
    if (strcmp(cc, "DK") == 0) {
        static const int w[] = {2, 7, 6, 5, 4, 3, 2, 1};
        return n == 8 && all_digits(v, 8) && weighted(v, w, 8) % 11 == 0;
    }
    if (strcmp(cc, "EE") == 0)
        return n == 9 && all_digits(v, 9);
    if (strcmp(cc, "EL") == 0) {
        if (n != 9 || !all_digits(v, 9))
            return 0;
        int s = 0;
        for (int i = 0; i < 8; i++)
            s += digit(v, (size_t)i) << (8 - i);
        return s % 11 % 10 == digit(v, 8);
    }
    if (strcmp(cc, "ES") == 0) /* a letter or digit, 7 digits, a letter or digit */
        return n == 9 && isalnum((unsigned char)v[0]) && all_digits(v + 1, 7) &&
               isalnum((unsigned char)v[8]);
    if (strcmp(cc, "FI") == 0) {
        static const int w[] = {7, 9, 10, 5, 8, 4, 2};
        if (n != 8 || !all_digits(v, 8))
            return 0;
        int r = weighted(v, w, 7) % 11;
        return r != 1 && (r == 0 ? 0 : 11 - r) == digit(v, 7);
    }
    if (strcmp(cc, "FR") == 0) { /* a 2-character key, then the 9-digit SIREN */
        if (n != 11 || !all_digits(v + 2, 9) || !isalnum((unsigned char)v[0]) ||
            !isalnum((unsigned char)v[1]))
            return 0;
        if (!all_digits(v, 2))
            return 1; /* letter keys: the new-style algorithm is not public */
        return (12 + 3 * (number(v + 2, 9) % 97)) % 97 == number(v, 2);
    }
    if (strcmp(cc, "HR") == 0)
        return n == 11 && all_digits(v, 11) && mod11_10(v, 11);
    if (strcmp(cc, "HU") == 0)
        return n == 8 && all_digits(v, 8);
    if (strcmp(cc, "IE") == 0) /* 1234567X, 1234567XW, 1X23456X */
        return (n == 8 || n == 9) && isdigit((unsigned char)v[0]) &&
               (isdigit((unsigned char)v[1]) || isupper((unsigned char)v[1]) || v[1] == '+' ||
                v[1] == '*') &&
               all_digits(v + 2, 5) && isupper((unsigned char)v[7]) &&
               (n == 8 || isupper((unsigned char)v[8]));
    if (strcmp(cc, "IT") == 0)
        return n == 11 && all_digits(v, 11) && luhn(v, 11);
    if (strcmp(cc, "LT") == 0)
        return (n == 9 || n == 12) && all_digits(v, n);
    if (strcmp(cc, "LU") == 0)
        return n == 8 && all_digits(v, 8) && number(v, 6) % 89 == number(v + 6, 2);
    if (strcmp(cc, "LV") == 0)
        return n == 11 && all_digits(v, 11);
    if (strcmp(cc, "MT") == 0)
        return n == 8 && all_digits(v, 8);
    if (strcmp(cc, "NL") == 0) /* 9 digits, B, 2 digits */
        return n == 12 && all_digits(v, 9) && v[9] == 'B' && all_digits(v + 10, 2);
    if (strcmp(cc, "PL") == 0) {
        static const int w[] = {6, 5, 7, 2, 3, 4, 5, 6, 7};
        return n == 10 && all_digits(v, 10) && weighted(v, w, 9) % 11 == digit(v, 9);
    }
    if (strcmp(cc, "PT") == 0) {
        static const int w[] = {9, 8, 7, 6, 5, 4, 3, 2};
        if (n != 9 || !all_digits(v, 9))
            return 0;
        int c = 11 - weighted(v, w, 8) % 11;
        return (c > 9 ? 0 : c) == digit(v, 8);
    }
    if (strcmp(cc, "RO") == 0) { /* 2-10 digits; weights 753217532 aligned to the right */
        static const int w[] = {7, 5, 3, 2, 1, 7, 5, 3, 2};
        if (n < 2 || n > 10 || !all_digits(v, n))
            return 0;
        int s = 0;
        for (size_t i = 0; i + 1 < n; i++)
            s += digit(v, i) * w[9 - (n - 1) + i];
        return s * 10 % 11 % 10 == digit(v, n - 1);
    }
    if (strcmp(cc, "SE") == 0) /* 10-digit organisation number (Luhn) + 01 */
        return n == 12 && all_digits(v, 12) && luhn(v, 10) && v[10] == '0' && v[11] == '1';
    if (strcmp(cc, "SI") == 0) {
        static const int w[] = {8, 7, 6, 5, 4, 3, 2};
        if (n != 8 || !all_digits(v, 8) || v[0] == '0')
            return 0;
        int c = 11 - weighted(v, w, 7) % 11;
        return c != 11 && (c == 10 ? 0 : c) == digit(v, 7);
    }
    if (strcmp(cc, "SK") == 0)
        return n == 10 && all_digits(v, 10) && number(v, 10) % 11 == 0;
    if (strcmp(cc, "XI") == 0 || strcmp(cc, "GB") == 0) /* UK: 9 or 12 digits, GD/HA + 3 */
        return ((n == 9 || n == 12) && all_digits(v, n)) ||
               (n == 5 && (strncmp(v, "GD", 2) == 0 || strncmp(v, "HA", 2) == 0) &&
                all_digits(v + 2, 3));
    return 0;
}

/* The VAT prefix of an EU (or UK) country; NULL outside. Greece is EL. */
static const char *vat_prefix(const char *country)
{
    static const char *const eu[] = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
                                     "FI", "FR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
                                     "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI", "GB"};
    if (!country)
        return NULL;
    if (strcmp(country, "GR") == 0)
        return "EL";
    for (size_t i = 0; i < sizeof eu / sizeof eu[0]; i++)
        if (strcmp(country, eu[i]) == 0)
            return eu[i];
    return NULL;
}

int ks_vat_id_valid(const char *country, const char *vat_id)
{
    char v[40], cc[3] = "";
    size_t n = 0;
    if (!vat_id)
        return 0;
    for (const char *p = vat_id; *p; p++) {
        if (*p == ' ' || *p == '.' || *p == '-')
            continue;
        if (!isalnum((unsigned char)*p) && *p != '+' && *p != '*')
            return 0;
        if (n + 1 >= sizeof v)
            return 0;
        v[n++] = (char)toupper((unsigned char)*p);
    }
    v[n] = '\0';
    /* the prefix names the member state the number belongs to */
    if (n > 2 && isalpha((unsigned char)v[0]) && isalpha((unsigned char)v[1])) {
        cc[0] = v[0];
        cc[1] = v[1];
        cc[2] = '\0';
        const char *known = strcmp(cc, "GR") == 0 ? NULL : vat_prefix(cc);
        if (known || strcmp(cc, "EL") == 0)
            return vat_number_ok(cc, v + 2);
    }
    const char *pre = vat_prefix(country);
    if (pre)
        return vat_number_ok(pre, v);
    /* elsewhere, a tax number of the company's country: letters and digits */
    return n >= 4 && n <= 20;
}

/* --- Brazil -------------------------------------------------------------------------------- */

static int cpf_ok(const char *d)
{
    int same = 1;
    for (int i = 1; i < 11; i++)
        same &= d[i] == d[0];
    if (same)
        return 0; /* 000.000.000-00 and the like pass the sums but are not numbers */
    for (int k = 9; k <= 10; k++) {
        int s = 0;
        for (int i = 0; i < k; i++)
            s += digit(d, (size_t)i) * (k + 1 - i);
        int c = s * 10 % 11 % 10;
        if (c != digit(d, (size_t)k))
            return 0;
    }
    return 1;
}

static int cnpj_ok(const char *d)
{
    static const int w1[] = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    static const int w2[] = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    int same = 1;
    for (int i = 1; i < 14; i++)
        same &= d[i] == d[0];
    if (same)
        return 0;
    int r = weighted(d, w1, 12) % 11;
    if ((r < 2 ? 0 : 11 - r) != digit(d, 12))
        return 0;
    r = weighted(d, w2, 13) % 11;
    return (r < 2 ? 0 : 11 - r) == digit(d, 13);
}

int ks_br_fiscal_code_valid(const char *s)
{
    char d[16];
    size_t n = 0;
    if (!s)
        return 0;
    for (; *s; s++) {
        if (*s == '.' || *s == '-' || *s == '/' || *s == ' ')
            continue;
        if (!isdigit((unsigned char)*s) || n + 1 >= sizeof d)
            return 0;
        d[n++] = *s;
    }
    d[n] = '\0';
    return (n == 11 && cpf_ok(d)) || (n == 14 && cnpj_ok(d));
}
