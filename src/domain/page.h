/* page.h — the pagination of every search, written once.
 *
 * API: search pagination — "default page 1 x 10, max 200 per page"; the answer's Pagination
 * gives Page, Limit and Count (the total matches). */
#ifndef KS_PAGE_H
#define KS_PAGE_H

#include <stdint.h>

#include "../core/err.h"
#include "../core/timeutil.h"

#define KS_PAGE_DEFAULT_LIMIT 10
#define KS_PAGE_MAX_LIMIT 200

/* Page and Limit as a client gives them (has_*: whether it did), the same in every search
 * input; the schema declares its two fields once (KS_PAGE_FIELDS, api/schema/objects.c). */
typedef struct ks_page_in {
    int64_t page, limit;
    int has_page, has_limit;
} ks_page_in;

/* Page and Limit as the client gave them (p may be NULL), or the defaults. */
static inline int64_t ks_page_number(const ks_page_in *p) { return p && p->has_page ? p->page : 1; }
static inline int64_t ks_page_limit(const ks_page_in *p)
{
    return p && p->has_limit ? p->limit : KS_PAGE_DEFAULT_LIMIT;
}

/* A search date s ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS", in time zone tz): *out and *has = 1;
 * a day stands for its first second, or for its last when end is set. Absent (NULL or ""):
 * nothing changes. INVALID_DATE naming name otherwise. (page.c) */
int ks_search_date(ks_time *out, int *has, const char *s, int end, int tz, const char *name,
                   ks_err *err);

/* 0, or INVALID_PAGINATION unless page >= 1 and 1 <= limit <= 200. */
static inline int ks_page_check(int64_t page, int64_t limit, ks_err *err)
{
    if (page < 1 || limit < 1 || limit > KS_PAGE_MAX_LIMIT)
        return ks_err_set(err, KS_E_INVALID_PAGINATION);
    return 0;
}

#endif
