/* money.c — minor units per currency, from the ISO 4217 table. */
#include "money.h"

#include "iso.h"

#include <inttypes.h>
#include <stdio.h>

static const int64_t pow10_[] = {1, 10, 100, 1000, 10000};

int ks_money_minor_units(const char *currency)
{
    int m;
    return currency && ks_iso_currency(currency, &m) && m >= 0 && m <= 4 ? m : -1;
}

int ks_money_to_minor(int64_t *out, ks_dec amount, const char *currency)
{
    int m = ks_money_minor_units(currency);
    if (m < 0)
        return -1;
    int64_t step = KS_DEC_SCALE / pow10_[m];
    if (amount % step)
        return -1;
    *out = amount / step;
    return 0;
}

ks_dec ks_money_to_dec(int64_t minor, const char *currency)
{
    int m = ks_money_minor_units(currency);
    return m < 0 ? 0 : minor * (KS_DEC_SCALE / pow10_[m]);
}

void ks_money_format(char out[32], int64_t minor, const char *currency)
{
    int m = ks_money_minor_units(currency);
    if (m <= 0) {
        snprintf(out, 32, "%" PRId64, minor);
        return;
    }
    uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t p = (uint64_t)pow10_[m];
    char frac[8];
    /* the fraction, zero-padded to m digits: p + a % p has m + 1 digits, the first a 1 */
    snprintf(frac, sizeof frac, "%" PRIu64, p + a % p);
    snprintf(out, 32, "%s%" PRIu64 ".%s", minor < 0 ? "-" : "", a / p, frac + 1);
}
