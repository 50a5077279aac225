/* lead.h — leads: abandoned carts that the vendor (or Kassa, by email) follows up.
 *
 * The domain interprets the fields its rules and searches need; the rest of the lead as the
 * client sent it travels as `doc`, an opaque canonical document that the domain stores and
 * returns untouched. All strings are arena-owned. */
#ifndef KS_LEAD_H
#define KS_LEAD_H

#include <stddef.h>
#include <stdint.h>

#include "../core/decimal.h"
#include "common.h"
#include "ctx.h"
#include "jobs.h"

#define KS_LEAD_CODE_MAX 64
#define KS_LEAD_FOLLOWUPS 5

typedef struct ks_lead_item {
    const char *code;    /* catalog product code, or NULL for a dynamic item */
    const char *name;    /* dynamic items */
    int is_dynamic;
    int64_t quantity;    /* when has_quantity; absent means 1 */
    int has_quantity;
    const ks_item_price *price;
} ks_lead_item;

typedef enum { KS_FOLLOWUP_SCHEDULED, KS_FOLLOWUP_SENT, KS_FOLLOWUP_CANCELED } ks_followup_state;

typedef struct ks_lead_followup {
    ks_time due;
    ks_followup_state state;
} ks_lead_followup;

typedef struct ks_lead {
    const char *code;           /* LeadCode; generated when the client sends none */
    const char *generated_from; /* "API" for leads added through the API */
    const char *currency;       /* canonical ISO 4217 */
    const char *language;       /* ISO 639-1 or NULL */
    const char *local_time;     /* "YYYY-MM-DD HH:MM:SS" or NULL */
    const ks_address *billing;  /* BillingDetails; the store keeps name, email and country */
    ks_lead_item *items;
    size_t n_items;
    int followed_up;            /* FollowedUp as the vendor last set it */
    int used, used_success, stopped;
    ks_time created, updated;
    ks_lead_followup followups[KS_LEAD_FOLLOWUPS];
    size_t n_followups;
    const char *doc;            /* the whole lead as received, canonical JSON text */
} ks_lead;

typedef enum {
    KS_LEAD_TYPE_ANY,
    KS_LEAD_TYPE_NEW,          /* not used */
    KS_LEAD_TYPE_USED,         /* marked used */
    KS_LEAD_TYPE_USED_SUCCESS, /* used, and the cart became a completed order */
    KS_LEAD_TYPE_STOPPED,      /* follow-ups stopped */
    KS_LEAD_TYPE_NOT_STOPPED   /* follow-ups active */
} ks_lead_type;

typedef struct ks_lead_query {
    const char **codes;
    size_t n_codes;
    const char *email;
    ks_lead_type type;
    int has_start, has_end;
    ks_time start, end;         /* inclusive bounds on creation time */
    const char **product_codes;
    size_t n_product_codes;
    const char *language, *country, *generated_from;
    int64_t page, limit;        /* page >= 1, 1 <= limit <= 200 */
} ks_lead_query;

typedef struct ks_lead_mark_in {
    const char *code;
    int set_used, used;         /* set_* says whether the field was given */
    int used_success;           /* with used: the cart became an order (UsedSuccess) */
    int set_stop, stop;
} ks_lead_mark_in;

/* Parses a Type filter name ("New", "Used", ...). Returns 0 or -1. */
int ks_lead_type_parse(ks_lead_type *out, const char *s);
/* THE names of the Type filter, from KS_LEAD_TYPE_NEW on (ANY has none): a name table
 * (common.h). */
extern const char *const ks_lead_type_names[];

/* Adds a lead for ctx->vendor. Generates l->code when NULL, sets created time, GeneratedFrom
 * ("API") and the follow-up schedule. Codes: LEAD_ITEMS_EMPTY, LEAD_ITEM_INVALID,
 * ORDER_PRODUCT_CODE_INVALID (a code not in a vendor's non-empty catalog), INVALID_DATE,
 * LEAD_CODE_DUPLICATE, PARAMETER_INVALID (a LeadCode other than 1-64 letters, digits, '_', '-'). */
int ks_lead_add(ks_ctx *ctx, ks_lead *l, ks_err *err);
/* The same, for the domain's own sources of leads: GeneratedFrom is from (checkout.c: "shopping
 * cart"). */
int ks_lead_add_from(ks_ctx *ctx, ks_lead *l, const char *from, ks_err *err);

/* LEAD_NOT_FOUND. */
int ks_lead_get(ks_lead *out, ks_ctx *ctx, const char *code, ks_err *err);

/* Replaces all of the lead's data with l (the platform's PUT semantics); the code, the creation
 * time and the used/stopped state stay, as they are at the moment of the write (one store
 * transaction: a concurrent markLeads is never undone). The follow-ups are planned again from
 * the creation time, keeping the state of those planned before, with their jobs. Same codes as add, plus LEAD_NOT_FOUND
 * and PARAMETER_MISSING for an empty code. */
int ks_lead_update(ks_ctx *ctx, const char *code, ks_lead *l, ks_err *err);

/* One page of matches and the total. INVALID_PAGINATION, LEAD_SEARCH_DATE_RANGE. */
int ks_lead_search(ks_lead **out, size_t *n, int64_t *total, ks_ctx *ctx, const ks_lead_query *q,
                   ks_err *err);

/* Marks leads used and/or stops their follow-ups, all or nothing. Follow-ups go out only while
 * a lead is neither used nor stopped: marking it so cancels the scheduled ones; unmarking it
 * schedules again the canceled ones still ahead. LEAD_NOT_FOUND names the first unknown code. */
int ks_lead_mark(ks_ctx *ctx, const ks_lead_mark_in *marks, size_t n, ks_err *err);

/* The job kind of a follow-up email: one job per planned follow-up, keyed and with the payload
 * "LEADCODE#SEQ", due at the follow-up's time (jobs.h). */
#define KS_LEAD_FOLLOWUP_JOB "lead_followup"

/* The handler of KS_LEAD_FOLLOWUP_JOB: when the follow-up is still SCHEDULED (the lead neither
 * used nor stopped), "sends" it: the mail (the cart's items and a link to resume it) goes to the
 * sandbox mailbox and the follow-up becomes SENT, at once. Idempotent. */
int ks_lead_followup_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err);

#endif
