/* notify.h — notifications: IPN (orders) and LCN (subscriptions) webhooks, signed as the
 * platform signs them, kept in an outbox written in the same commit as the change that causes
 * them, delivered by jobs (one per listener URL) with the platform's read-receipt check and
 * retry schedule in business time. See docs/notifications.md.
 *
 * Building and signing are pure functions (ks_form_*, ks_notify_sign, ks_notify_receipt_*);
 * delivery goes through ctx->cfg->transport (transport.h). Strings are arena-owned. */
#ifndef KS_NOTIFY_H
#define KS_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "jobs.h"
#include "order.h"
#include "subscription.h"

#define KS_NOTIFY_JOB "notification_delivery"

/* --- form fields, signatures and read receipts ---------------------------------------------- */

typedef struct ks_form_field {
    const char *name; /* array fields end in "[]" and repeat */
    const char *value;
} ks_form_field;

/* An ordered list of fields: the order is the platform's and the signature's. Zero-initialise. */
typedef struct ks_form {
    ks_form_field *f;
    size_t n, cap;
} ks_form;

void ks_form_add(ks_form *f, ks_arena *a, const char *name, const char *value);
/* application/x-www-form-urlencoded, fields in order. */
char *ks_form_encode(ks_arena *a, const ks_form *f);
/* The first value of name ("IPN_PID[]" for an array), or NULL. */
const char *ks_form_get(const ks_form *f, const char *name);

/* API: IPN/LCN — "concatenate, in received order, the byte length and the value of every field
 * but HASH, SIGNATURE_SHA2_256 and SIGNATURE_SHA3_256; an empty value counts as 0". */
char *ks_notify_hash_source(ks_arena *a, const ks_form *f);
/* Appends HASH (HMAC-MD5), SIGNATURE_SHA2_256 and SIGNATURE_SHA3_256 (those of sigs,
 * KS_SIG_*) computed with secret over the fields already in f. */
void ks_notify_sign(ks_form *f, ks_arena *a, const char *secret, int sigs);

/* The read receipt a listener prints: base is the length-prefixed values it signs (IPN:
 * IPN_PID[0], IPN_PNAME[0], IPN_DATE; LCN: LICENSE_CODE, EXPIRATION_DATE), date its own time
 * YmdHis. algo KS_SIG_MD5 gives <EPAYMENT>DATE|HASH</EPAYMENT>, the others
 * <sig algo="sha256|sha3-256" date="DATE">HASH</sig>. */
char *ks_notify_receipt(ks_arena *a, const char *secret, const char *base, const char *date,
                        int algo);
/* 1 when answer carries, anywhere, a receipt of either form whose hash is right for base. */
int ks_notify_receipt_valid(const char *answer, const char *secret, const char *base);

/* API: IPN — the retry schedule when no valid receipt comes back: at once, 2 more within 5
 * minutes, 4 more 15 minutes apart, then hourly until 2 days after the first. The business time
 * of the attempt after the first `done` ones of a schedule started at start, or 0 when there is
 * none left. */
ks_time ks_notify_next_try(ks_time start, int done);

/* --- a vendor's settings --------------------------------------------------------------------- */

/* Settings to change; what is not given stays as it is. Arrays are borrowed. */
typedef struct ks_notify_in {
    const char **ipn_urls, **lcn_urls;
    size_t n_ipn_urls, n_lcn_urls;
    int has_ipn_urls, has_lcn_urls;
    const char **signatures; /* md5 | sha256 | sha3-256, or HASH | SIGNATURE_SHA2_256 | ... */
    size_t n_signatures;
    int has_signatures;
    int has_test_orders, test_orders;
    const char **ipn_groups; /* DELIVERY, LICENSE, PARTNER, CARD, FX */
    size_t n_ipn_groups;
    int has_ipn_groups;
} ks_notify_in;

/* Changes the given settings of v (in place) and stores them. NOTIFY_URL_INVALID (not an
 * http:// or https:// URL, or longer than 2048), PARAMETER_INVALID (an unknown signature or
 * group, no signature at all, more than 10 URLs). */
int ks_notify_configure(ks_ctx *ctx, ks_vendor *v, const ks_notify_in *in, ks_err *err);

/* The settings as lists of names (arena arrays), for display. */
size_t ks_notify_urls(const char ***out, ks_arena *a, const char *urls);
size_t ks_notify_signature_names(const char ***out, ks_arena *a, int sigs);
size_t ks_notify_group_names(const char ***out, ks_arena *a, int groups);

/* --- what causes notifications -------------------------------------------------------------- */

/* ks_order_written_fn: one IPN per step of o's history from `from` on (its ORDERSTATUS that
 * step's), to each of the vendor's IPN URLs, unless the vendor has none or o is a test order
 * and the vendor's test orders do not notify. */
void ks_notify_order(ks_job_list *jobs, ks_arena *a, const ks_order *o, size_t from);

/* One LCN of subscription s (its state after the change) for reason (DISPATCH_REASON:
 * LICENCE_CHANGE, LICENCE_EXPIRATION, LICENCE_PASTDUE...) by changed_by (VENDOR, SYSTEM,
 * CUSTOMER) at business time at, to each of ctx->vendor's LCN URLs. */
void ks_notify_subscription(ks_job_list *jobs, ks_ctx *ctx, const ks_subscription *s,
                            const char *reason, const char *changed_by, ks_time at);

/* --- the outbox ----------------------------------------------------------------------------- */

typedef enum {
    KS_NOTICE_PENDING = 0,   /* waiting for its next attempt */
    KS_NOTICE_DELIVERED = 1, /* a valid read receipt came back: never sent again by itself */
    KS_NOTICE_FAILED = 2     /* the schedule ran out */
} ks_notice_state;

/* THE names of the states (a name table, common.h), also the enumeration of the control API. */
extern const char *const ks_notice_state_names[];
const char *ks_notice_state_name(ks_notice_state s);
int ks_notice_state_parse(ks_notice_state *out, const char *name);

/* One attempt: its outcome DELIVERED, BAD_RECEIPT, HTTP_ERROR, TIMEOUT, REFUSED, TOO_LARGE,
 * FAILED or NO_TRANSPORT. */
typedef struct ks_notice_attempt {
    int n;      /* 1, 2, ... */
    ks_time at; /* business time */
    const char *outcome;
    int http_status;    /* 0 when no answer */
    const char *answer; /* the start of the answer, or the transport's error */
    ks_time next_try;   /* 0: none */
} ks_notice_attempt;

typedef struct ks_notice {
    int64_t id, vendor_id;
    const char *channel, *message_id, *subject, *event, *url, *body, *receipt_base;
    ks_notice_state state;
    int attempts;
    ks_time created, start;   /* start: of the retry schedule (a replay starts a new one) */
    ks_time next_try;         /* 0 when none */
    ks_notice_attempt *tries; /* notice_get only */
    size_t n_tries;
} ks_notice;

typedef struct ks_notice_query {
    const char *channel; /* IPN, LCN; NULL: both */
    const char *subject; /* RefNo or subscription reference; NULL: any */
    int has_state;
    ks_notice_state state;
    int64_t page, limit;
} ks_notice_query;

/* The job handler of KS_NOTIFY_JOB (payload: the notice id): one attempt, recorded with its
 * outcome; the job runs again at the next try of the schedule while none succeeded. A notice
 * that is no longer pending is left alone, so one is never marked delivered twice. */
int ks_notify_deliver_run(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err);

/* Delivery attempts of every vendor by outcome (for /metrics): arena arrays. */
int ks_notify_stats(const char ***outcomes, int64_t **counts, size_t *n, ks_ctx *ctx, ks_err *err);

/* ctx->vendor's notices, newest first. INVALID_PAGINATION. */
int ks_notify_list(ks_notice **out, size_t *n, int64_t *total, ks_ctx *ctx,
                   const ks_notice_query *q, ks_err *err);
/* With its attempts. NOTIFICATION_NOT_FOUND. */
int ks_notify_get(ks_notice *out, ks_ctx *ctx, int64_t id, ks_err *err);
/* Sends the notice again, the same body and MESSAGE_ID, on a new schedule starting now.
 * NOTIFICATION_NOT_FOUND. */
int ks_notify_replay(ks_ctx *ctx, int64_t id, ks_err *err);

#endif
