/* money.c — minor units per currency, from the ISO 4217 table. */
#include "money.h"

#include "iso.h"

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
