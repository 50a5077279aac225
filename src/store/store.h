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
#include "../domain/catalog.h"
#include "../domain/lead.h"
#include "../domain/promotion.h"

typedef struct ks_store_ops ks_store_ops;

/* Builds *next, the new state of a lead, from cur, its state in the store (see lead_update).
 * Returns 0, or -1 with *err set to refuse the change. */
typedef int (*ks_lead_merge_fn)(ks_lead *next, const ks_lead *cur, void *arg, ks_err *err);

struct ks_store {
    const ks_store_ops *ops;
};

struct ks_store_ops {
    const char *name;
    void (*close)(ks_store *s);

    /* Vendors. insert sets v->id and writes the vendor with its tax categories in one commit;
     * VENDOR_EXISTS if the code is taken. */
    int (*vendor_insert)(ks_store *s, ks_vendor *v, const ks_tax_category *cats, size_t ncats,
                         ks_err *err);
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

    /* The sandbox clock offset in seconds (0 when never set). advance adds seconds to it in
     * one atomic step, so that moves made at once by several servers all count. */
    int (*clock_get)(ks_store *s, int64_t *offset, ks_err *err);
    int (*clock_advance)(ks_store *s, int64_t seconds, ks_err *err);

    /* Leads. insert: LEAD_CODE_DUPLICATE if the vendor already has the code. get:
     * LEAD_NOT_FOUND. */
    int (*lead_insert)(ks_store *s, int64_t vendor_id, const ks_lead *l, ks_err *err);
    /* Reads the vendor's lead code (strings in a), lets merge build its new state and writes
     * that, in one transaction: no change made meanwhile (lead_mark) is lost between the read
     * and the write. LEAD_NOT_FOUND, or merge's error; either way nothing changes. */
    int (*lead_update)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                       ks_lead_merge_fn merge, void *arg, ks_err *err);
    int (*lead_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code, ks_lead *out,
                    ks_err *err);
    /* Matches in a stable order (creation order), one page, and the total count. */
    int (*lead_search)(ks_store *s, ks_arena *a, int64_t vendor_id, const ks_lead_query *q,
                       ks_lead **out, size_t *n, int64_t *total, ks_err *err);
    /* All-or-nothing: LEAD_NOT_FOUND naming the first unknown code, and nothing changes. */
    int (*lead_mark)(ks_store *s, int64_t vendor_id, const ks_lead_mark_in *marks, size_t n,
                     ks_time now, ks_err *err);

    /* Tax categories (written with the vendor): default first, then in insertion order. */
    int (*tax_categories_list)(ks_store *s, ks_arena *a, int64_t vendor_id,
                               ks_tax_category **out, size_t *n, ks_err *err);

    /* Products (with their prices, option groups and upgrade paths). insert sets p->id;
     * PRODUCT_CODE_DUPLICATE. replace, get, set_enabled: PRODUCT_NOT_FOUND. search: matches in
     * creation order, one page, and the total count. */
    int (*product_insert)(ks_store *s, int64_t vendor_id, ks_product *p, ks_err *err);
    int (*product_replace)(ks_store *s, int64_t vendor_id, const ks_product *p, ks_err *err);
    int (*product_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                       ks_product *out, ks_err *err);
    int (*product_set_enabled)(ks_store *s, int64_t vendor_id, const char *code, int enabled,
                               ks_time now, ks_err *err);
    int (*product_search)(ks_store *s, ks_arena *a, int64_t vendor_id, const ks_product_query *q,
                          ks_product **out, size_t *n, int64_t *total, ks_err *err);

    /* Pricing option groups: PRICE_OPTION_GROUP_DUPLICATE, PRICE_OPTION_GROUP_NOT_FOUND. */
    int (*option_group_insert)(ks_store *s, int64_t vendor_id, const ks_option_group *g,
                               ks_err *err);
    int (*option_group_replace)(ks_store *s, int64_t vendor_id, const ks_option_group *g,
                                ks_err *err);
    int (*option_group_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                            ks_option_group *out, ks_err *err);
    int (*option_group_search)(ks_store *s, ks_arena *a, int64_t vendor_id,
                               const ks_option_group_query *q, ks_option_group **out, size_t *n,
                               int64_t *total, ks_err *err);

    /* Promotions: PROMOTION_CODE_DUPLICATE, PROMOTION_COUPON_DUPLICATE (a coupon of another
     * promotion of the vendor, any case), PROMOTION_NOT_FOUND. by_coupon:
     * PROMOTION_CODE_INVALID. replace keeps the used count. */
    int (*promotion_insert)(ks_store *s, int64_t vendor_id, const ks_promotion *p, ks_err *err);
    int (*promotion_replace)(ks_store *s, int64_t vendor_id, const ks_promotion *p,
                             ks_err *err);
    int (*promotion_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                         ks_promotion *out, ks_err *err);
    int (*promotion_by_coupon)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *coupon,
                               ks_promotion *out, ks_err *err);
    int (*promotion_search)(ks_store *s, ks_arena *a, int64_t vendor_id,
                            const ks_promotion_query *q, ks_promotion **out, size_t *n,
                            int64_t *total, ks_err *err);
    int (*promotion_count_use)(ks_store *s, int64_t vendor_id, const char *code, ks_err *err);

    /* Cross-sell campaigns: CROSSSELL_CAMPAIGN_DATA_INVALID for a duplicate code,
     * CROSSSELL_CAMPAIGN_NOT_FOUND. */
    int (*crosssell_insert)(ks_store *s, int64_t vendor_id, const ks_crosssell *c, ks_err *err);
    int (*crosssell_replace)(ks_store *s, int64_t vendor_id, const ks_crosssell *c,
                             ks_err *err);
    int (*crosssell_get)(ks_store *s, ks_arena *a, int64_t vendor_id, const char *code,
                         ks_crosssell *out, ks_err *err);
    int (*crosssell_search)(ks_store *s, ks_arena *a, int64_t vendor_id,
                            const ks_crosssell_query *q, ks_crosssell **out, size_t *n,
                            int64_t *total, ks_err *err);

    /* Currency settings: base currency (NULL when never set) and the vendor's own rates. set:
     * base when not NULL; the rates replaced when set_rates. */
    int (*currency_get)(ks_store *s, ks_arena *a, int64_t vendor_id, ks_currency_settings *out,
                        ks_err *err);
    int (*currency_set)(ks_store *s, int64_t vendor_id, const char *base, int set_rates,
                        const ks_fx_rate *rates, size_t n, ks_err *err);
};

/* Opens the backend named by url ("sqlite:PATH"), running migrations. */
int ks_store_open(ks_store **out, const char *url, ks_err *err);
/* NULL does nothing. */
void ks_store_close(ks_store *s);

#endif
