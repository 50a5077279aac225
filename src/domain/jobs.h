/* jobs.h — the one durable job queue and its runner: lead follow-ups now, and later webhook
 * deliveries, renewals and trial ends, all in one table, run by one runner.
 *
 * A job is (vendor, kind, due time in business time, payload). It runs at least once; its
 * handler must be idempotent. While it runs, the business clock reads its due time (its "own
 * moment"), so a handler that plans the next job computes from the right instant however late
 * the job is run. Kinds and their handlers are a table (jobs.c). See docs/jobs.md. */
#ifndef KS_JOBS_H
#define KS_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"

/* States of a job in the store. A job that is done is deleted. */
typedef enum {
    KS_JOB_PENDING = 0, /* waiting for its due time */
    KS_JOB_RUNNING = 1, /* claimed: owned until its lease ends */
    KS_JOB_FAILED = 2,  /* gave up after its kind's attempts; kept with its last error */
    KS_JOB_DONE = 3     /* only as the outcome given to job_finish: the job is deleted */
} ks_job_state;

/* A job to enqueue. With a key, the job is unique per (vendor, kind, key): enqueueing it again
 * re-plans the one that exists (new due time and payload, attempts from zero, a failed one
 * revived) unless it is running, which is left alone. Strings are borrowed. */
typedef struct ks_job_new {
    int64_t vendor_id;
    const char *kind;
    const char *key;     /* NULL: always a new job */
    ks_time due;         /* business time */
    const char *payload; /* kind-specific text; NULL is "" */
} ks_job_new;

/* A notification for the outbox (an IPN or an LCN to one listener URL): the store keeps it,
 * with its attempts, and enqueues the job of kind `kind` that delivers it (payload: its id), in
 * the transaction that writes the change causing it. Strings are borrowed. See notify.h. */
typedef struct ks_notice_new {
    int64_t vendor_id;
    const char *kind;         /* the job kind that delivers it */
    const char *channel;      /* "IPN" or "LCN" */
    const char *message_id;   /* MESSAGE_ID: the same for every listener and every attempt */
    const char *subject;      /* the order's RefNo or the subscription's reference */
    const char *event;        /* what caused it: the ORDERSTATUS, or the LCN's DISPATCH_REASON */
    const char *url;
    const char *body;         /* form-encoded and signed */
    const char *receipt_base; /* the length-prefixed values a read receipt signs, before DATE */
    ks_time due;              /* business time of the first attempt */
} ks_notice_new;

/* Jobs (and notices) to enqueue together, most often in the transaction of another store
 * operation (a lead insert enqueues its follow-ups, an order its IPNs). Zero-initialise; grows
 * in an arena. */
typedef struct ks_job_list {
    ks_job_new *items;
    size_t n, cap;
    ks_notice_new *notices;
    size_t n_notices, cap_notices;
} ks_job_list;

/* Appends a copy of *j (the strings stay borrowed). */
void ks_job_list_add(ks_job_list *l, ks_arena *a, const ks_job_new *j);
/* Appends a copy of *n (the strings stay borrowed). */
void ks_job_list_add_notice(ks_job_list *l, ks_arena *a, const ks_notice_new *n);
/* Appends the jobs and notices of from to l. from may be NULL. */
void ks_job_list_append(ks_job_list *l, ks_arena *a, const ks_job_list *from);

/* A job as the store holds it. Strings in the caller's arena. */
typedef struct ks_job {
    int64_t id, vendor_id;
    const char *kind, *key, *payload;
    ks_time due;
    ks_job_state state;
    int attempts;           /* claims so far, this one included */
    const char *owner;      /* who holds (or last held) the claim */
    ks_time lease_until;    /* real time */
    const char *last_error; /* NULL when none */
} ks_job;

/* A handler runs job in ctx (its own arena, ctx->vendor the job's vendor, the business clock at
 * job->due). Returns 0 when the job is done, or with *again set to a business time to run the
 * same job again then; -1 with *err set to retry it later (and fail it after the kind's
 * attempts). It must be idempotent: after a crash it may run again. */
typedef int (*ks_job_fn)(ks_ctx *ctx, const ks_job *job, ks_time *again, ks_err *err);

typedef struct ks_job_kind {
    const char *name;
    ks_job_fn run;
    int max_attempts; /* then FAILED; 0 means 10 */
    /* 1: the handler only reads and writes the store (nothing leaves the process), so the
     * runner may run many such jobs in one write transaction of the store (jobs.c) */
    int batch;
} ks_job_kind;


#define KS_JOB_LEASE_DEFAULT 60 /* seconds of real time a claim lasts */

/* Enqueues the jobs of l for ctx->store, in one transaction. */
int ks_jobs_enqueue(ks_ctx *ctx, const ks_job_list *l, ks_err *err);

/* Runs every job due at or before until (business time), earliest first, each at its own
 * moment, and returns when none is left: also the ones other threads or processes hold, which
 * it waits for (or takes over when their lease ends). Jobs that fall due while it runs (a
 * renewal planning the next one) are run too when due by until. A failing job is retried
 * later or failed; only storage errors make this fail. */
int ks_jobs_run_due(ks_ctx *ctx, ks_time until, ks_err *err);

/* The earliest due time of the open (pending or running) jobs due at or before until, with
 * *found = 0 when there is none. */
int ks_jobs_next_due(ks_time *due, int *found, ks_ctx *ctx, ks_time until, ks_err *err);

/* Claims the next job due by until and runs it; *ran = 0 when there was none to claim. owner
 * names the claimer in the store (for the operator; claims are told apart by their attempt). */
int ks_jobs_run_one(int *ran, ks_ctx *ctx, const char *owner, ks_time until, ks_err *err);

/* The jobs of the vendor named vendor_code, in (due, id) order, failed ones with their last
 * error: the control API shows them, so that a job that gave up is not visible only in the
 * server log. Sets ctx->vendor. PARAMETER_MISSING, VENDOR_NOT_FOUND. */
int ks_jobs_list(ks_job **out, size_t *n, ks_ctx *ctx, const char *vendor_code, ks_err *err);

/* PENDING, RUNNING or FAILED. */
const char *ks_job_state_name(ks_job_state s);
/* THE names of the states a job is seen in (PENDING, RUNNING, FAILED): a name table
 * (common.h). */
extern const char *const ks_job_state_names[];

/* Moves the business clock (clock.h) forward by seconds (>= 0), stepping through the jobs that fall due on the
 * way: the clock stops at each one's due time while it runs (jobs.h), then goes on, and ends
 * seconds further than it started. The steps are additions to the stored offset, so moves made
 * at once by several processes all count. Returns once every job due by the target time has
 * run. PARAMETER_INVALID for a negative or huge move; a storage error leaves the clock where
 * the steps had taken it. */
int ks_jobs_advance(ks_ctx *ctx, int64_t seconds, ks_err *err);

/* --- worker threads -------------------------------------------------------------------------- */

typedef struct ks_job_workers ks_job_workers;

/* Starts n (>= 1, else PARAMETER_INVALID) threads that, every poll_ms (200 when 0), run the
 * jobs due by the business clock. A clock advance runs its jobs itself, so the workers only
 * need to notice what real time brings due. cfg and store must outlive the workers. */
int ks_job_workers_start(ks_job_workers **out, ks_store *store, const ks_config *cfg, int n,
                         int poll_ms, ks_err *err);
/* Lets each worker finish the job in hand, joins them and frees w. NULL does nothing. */
void ks_job_workers_stop(ks_job_workers *w);

#endif
