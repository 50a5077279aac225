/* decimal.c — fixed-point decimal parsing and printing. */
#include "decimal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define DEC_LIMIT (INT64_MAX / 100)

int ks_dec_parse(ks_dec *out, const char *s)
{
    if (!s || !*s)
        return -1;
    int neg = 0;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    int64_t ip = 0, fp = 0;
    int nd = 0, fd = 0;
    for (; *s >= '0' && *s <= '9'; s++, nd++) {
        ip = ip * 10 + (*s - '0');
        if (ip > DEC_LIMIT / KS_DEC_SCALE)
            return -1;
    }
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++, fd++) {
            if (fd >= 4) {
                if (*s != '0')
                    return -1; /* more precision than we keep */
                continue;
            }
            fp = fp * 10 + (*s - '0');
        }
        if (fd == 0)
            return -1;
    }
    if (*s || (nd == 0 && fd == 0))
        return -1;
    for (int i = fd < 4 ? fd : 4; i < 4; i++)
        fp *= 10;
    int64_t v = ip * KS_DEC_SCALE + fp;
    *out = neg ? -v : v;
    return 0;
}

int ks_dec_from_double(ks_dec *out, double d)
{
    if (!isfinite(d) || fabs(d) > (double)(DEC_LIMIT / KS_DEC_SCALE))
        return -1;
    *out = (ks_dec)llround(d * KS_DEC_SCALE);
    return 0;
}

void ks_dec_format(char out[32], ks_dec v)
{
    int neg = v < 0;
    uint64_t a = neg ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    uint64_t ip = a / KS_DEC_SCALE, fp = a % KS_DEC_SCALE;
    int n = snprintf(out, 32, "%s%llu", neg ? "-" : "", (unsigned long long)ip);
    if (fp) {
        char f[8];
        snprintf(f, sizeof f, "%04llu", (unsigned long long)fp);
        for (int i = 3; i > 0 && f[i] == '0'; i--)
            f[i] = '\0';
        snprintf(out + n, (size_t)(32 - n), ".%s", f);
    }
}

double ks_dec_to_double(ks_dec v) { return (double)v / KS_DEC_SCALE; }
