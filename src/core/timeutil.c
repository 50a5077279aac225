/* timeutil.c — strict parsing and formatting of the platform's date strings. */
#include "timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

ks_time ks_time_real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (ks_time)ts.tv_sec;
}

uint64_t ks_time_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The first and last second that "YYYY-MM-DD HH:MM:SS" can show and ks_time_parse reads. */
#define SHOWN_MIN (-2208988800LL) /* 1900-01-01 00:00:00 */
#define SHOWN_MAX 253402300799LL  /* 9999-12-31 23:59:59 */

/* Broken-down time of t + tz_offset. The sandbox clock can be moved past year 9999, where
 * the four-digit year would overflow the fixed-size output (and far enough,
 * t + tz_offset overflows): such times are shown as the nearest one the format can hold. */
static void civil(struct tm *tm, ks_time t, int tz_offset)
{
    time_t tt;
    if (t > SHOWN_MAX - tz_offset)
        tt = (time_t)SHOWN_MAX;
    else if (t < SHOWN_MIN - tz_offset)
        tt = (time_t)SHOWN_MIN;
    else
        tt = (time_t)(t + tz_offset);
    gmtime_r(&tt, tm);
}

/* Writes v as n decimal digits and returns the end: every response carries dates, and
 * strftime (locale, format parsing) cost more than the rest of their formatting. */
static char *put(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + n;
}

/* "YYYY-MM-DD" at out; returns the end (not terminated). */
static char *put_date(char *out, const struct tm *tm)
{
    char *p = put(out, tm->tm_year + 1900, 4);
    *p++ = '-';
    p = put(p, tm->tm_mon + 1, 2);
    *p++ = '-';
    return put(p, tm->tm_mday, 2);
}

void ks_time_format(char out[KS_TIME_STR_MAX], ks_time t, int tz_offset)
{
    struct tm tm;
    civil(&tm, t, tz_offset);
    char *p = put_date(out, &tm);
    *p++ = ' ';
    p = put(p, tm.tm_hour, 2);
    *p++ = ':';
    p = put(p, tm.tm_min, 2);
    *p++ = ':';
    p = put(p, tm.tm_sec, 2);
    *p = '\0';
}

void ks_time_format_date(char out[11], ks_time t, int tz_offset)
{
    struct tm tm;
    civil(&tm, t, tz_offset);
    *put_date(out, &tm) = '\0';
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm) */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' ||
        digits(s + 8, 2, d))
        return -1;
    if (*y < 1900 || *y > 9999 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

int ks_time_parse_date(ks_time *out, const char *s, int tz_offset)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || parse_ymd(s, &y, &m, &d))
        return -1;
    *out = days_from_civil(y, m, d) * 86400 - tz_offset;
    return 0;
}

int ks_time_parse(ks_time *out, const char *s, int tz_offset)
{
    int y, m, d, hh, mm, ss;
    if (!s || strlen(s) != 19 || parse_ymd(s, &y, &m, &d) || s[10] != ' ' ||
        digits(s + 11, 2, &hh) || s[13] != ':' || digits(s + 14, 2, &mm) || s[16] != ':' ||
        digits(s + 17, 2, &ss))
        return -1;
    if (hh > 23 || mm > 59 || ss > 59)
        return -1;
    *out = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - tz_offset;
    return 0;
}
