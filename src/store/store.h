/* store.h — the storage interface the domain uses; backends implement ks_store_ops.
 *
 * Every function is atomic: it commits durably before returning 0, or changes nothing and
 * returns -1 with *err set. Strings a function returns are copied into the caller's arena.
 * Backends live in src/store/<name>/ and nothing outside them sees their types or dialect. */
#ifndef KS_STORE_H
#define KS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/err.h"
#include "../domain/ctx.h"
#include "../domain/lead.h"

typedef struct ks_store_ops ks_store_ops;

struct ks_store {
    const ks_store_ops *ops;
};

struct ks_store_ops {
    const char *name;
    void (*close)(ks_store *s);

    /* Vendors. insert sets v->id; VENDOR_EXISTS if the code is taken. */
    int (*vendor_insert)(ks_store *s, ks_vendor *v, ks_err *err);
    /* VENDOR_NOT_FOUND if unknown. */
    int (*vendor_by_code)(ks_store *s, ks_arena *a, const char *code, ks_vendor *out, ks_err *err);
    int (*vendor_by_id)(ks_store *s, ks_arena *a, int64_t id, ks_vendor *out, ks_err *err);
    /* All vendors ordered by code; *out is an arena array. */
    int (*vendor_list)(ks_store *s, ks_arena *a, ks_vendor **out, size_t *n, ks_err *err);

    /* Sessions of JSON-RPC/SOAP. get: INVALID_SESSION if unknown. */
    int (*session_insert)(ks_store *s, const char *id, int64_t vendor_id, ks_time expires,
                          ks_err *err);
    int (*session_get)(ks_store *s, const char *id, int64_t *vendor_id, ks_time *expires,
                       ks_err *err);

    /* The sandbox clock offset in seconds (0 when never set). */
    int (*clock_get)(ks_store *s, int64_t *offset, ks_err *err);
    int (*clock_set)(ks_store *s, int64_t offset, ks_err *err);

    /* Leads. insert: LEAD_CODE_DUPLICATE if the vendor already has the code. replace:
     * LEAD_NOT_FOUND. get: LEAD_NOT_FOUND. */
    int (*lead_insert)(ks_store *s, int64_t vendor_id, const ks_lead *l, ks_err *err);
    int (*lead_replace)(ks_store *s, int64_t vendor_id, const ks_lead *l, ks_err *err);
    int (*lead_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code, ks_lead *out,
                    ks_err *err);
    /* Matches in a stable order (creation order), one page, and the total count. */
    int (*lead_search)(ks_store *s, ks_arena *a, int64_t vendor_id, const ks_lead_query *q,
                       ks_lead **out, size_t *n, int64_t *total, ks_err *err);
    /* All-or-nothing: LEAD_NOT_FOUND naming the first unknown code, and nothing changes. */
    int (*lead_mark)(ks_store *s, int64_t vendor_id, const ks_lead_mark_in *marks, size_t n,
                     ks_time now, ks_err *err);
};

/* Opens the backend named by url ("sqlite:PATH"), running migrations. */
int ks_store_open(ks_store **out, const char *url, ks_err *err);
/* NULL does nothing. */
void ks_store_close(ks_store *s);

#endif
