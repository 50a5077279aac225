/* timeutil.h — UTC timestamps and the platform's date formats.
 *
 * Times are int64 seconds since the Unix epoch, UTC. The business clock (real time plus the
 * sandbox offset) lives in the domain (clock.h); this file only reads the real clock. */
#ifndef KS_TIMEUTIL_H
#define KS_TIMEUTIL_H

#include <stdint.h>

typedef int64_t ks_time;

#define KS_TIME_STR_MAX 20 /* "YYYY-MM-DD HH:MM:SS" + NUL */

ks_time ks_time_real_now(void);
/* Monotonic clock in nanoseconds, for measuring durations. */
uint64_t ks_time_mono_ns(void);

/* "YYYY-MM-DD HH:MM:SS" of t shifted by tz_offset seconds; times outside 1900-9999 are shown
 * as the first or last second of that range. */
void ks_time_format(char out[KS_TIME_STR_MAX], ks_time t, int tz_offset);
/* "YYYY-MM-DD". */
void ks_time_format_date(char out[11], ks_time t, int tz_offset);

/* Strict "YYYY-MM-DD HH:MM:SS" (calendar-checked), read as local time at tz_offset seconds east
 * of UTC. Returns 0 or -1. */
int ks_time_parse(ks_time *out, const char *s, int tz_offset);
/* Strict "YYYY-MM-DD"; *out is 00:00:00 of that day at tz_offset. Returns 0 or -1. */
int ks_time_parse_date(ks_time *out, const char *s, int tz_offset);

#endif
