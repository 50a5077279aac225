/* page.h — the pagination of every search, written once.
 *
 * API: search pagination — "default page 1 x 10, max 200 per page"; the answer's Pagination
 * gives Page, Limit and Count (the total matches). */
#ifndef KS_PAGE_H
#define KS_PAGE_H

#include <stdint.h>

#include "../core/err.h"

#define KS_PAGE_DEFAULT_LIMIT 10
#define KS_PAGE_MAX_LIMIT 200

/* Page and Limit as the client gave them (has), or the defaults. */
static inline int64_t ks_page_number(int has, int64_t page) { return has ? page : 1; }
static inline int64_t ks_page_limit(int has, int64_t limit)
{
    return has ? limit : KS_PAGE_DEFAULT_LIMIT;
}

/* 0, or INVALID_PAGINATION unless page >= 1 and 1 <= limit <= 200. */
static inline int ks_page_check(int64_t page, int64_t limit, ks_err *err)
{
    if (page < 1 || limit < 1 || limit > KS_PAGE_MAX_LIMIT)
        return ks_err_set(err, KS_E_INVALID_PAGINATION);
    return 0;
}

#endif
