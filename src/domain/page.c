/* page.c — what every search shares besides its page (page.h): its dates. */
#include "page.h"

int ks_search_date(ks_time *out, int *has, const char *s, int end, int tz, const char *name,
                   ks_err *err)
{
    if (!s || !*s)
        return 0;
    *has = 1;
    if (ks_time_parse(out, s, tz) == 0)
        return 0;
    /* API: searches — a date alone is the whole day, in the vendor's time zone: from its first
     * second (StartDate, PurchasedAfter...) to its last (EndDate, PurchasedBefore...) */
    if (ks_time_parse_date(out, s, tz) == 0) {
        if (end)
            *out += 86400 - 1;
        return 0;
    }
    return ks_err_setf(err, KS_E_INVALID_DATE, "%s must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS",
                       name);
}
