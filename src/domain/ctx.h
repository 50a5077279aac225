/* ctx.h — what every domain call receives: the store, the request's arena, the frozen
 * configuration, and (once authenticated) the vendor. The domain sees plain C types only. */
#ifndef KS_CTX_H
#define KS_CTX_H

#include <stdint.h>

#include "../core/arena.h"
#include "../core/err.h"
#include "../core/memo.h"
#include "../core/timeutil.h"

typedef struct ks_store ks_store;
typedef struct ks_job_kind ks_job_kind;
typedef struct ks_transport ks_transport;
typedef struct ks_order ks_order;
typedef struct ks_job_list ks_job_list;
typedef struct ks_vendor ks_vendor;

/* What the store calls inside the commit that writes order o, once its id, number and customer
 * are set: adds to *jobs what the steps of its status history from `from` on cause (its IPNs).
 * Registered in the configuration by main (notify.c's ks_notify_order), so that the order module
 * does not depend on the notification module. */
typedef void (*ks_order_written_fn)(ks_job_list *jobs, ks_arena *a, const ks_order *o,
                                    size_t from);

typedef struct ks_subscription ks_subscription;
typedef struct ks_ctx ks_ctx;
/* What a subscription change calls with the subscription as it leaves it, inside the commit
 * that writes it: adds to *jobs what the change causes (its LCN: reason is the DISPATCH_REASON,
 * changed_by VENDOR or SYSTEM, at business time). Registered by main (notify.c's
 * ks_notify_subscription), so that the subscription module does not depend on notifications. */
typedef void (*ks_subscription_changed_fn)(ks_job_list *jobs, ks_ctx *ctx,
                                           const ks_subscription *s, const char *reason,
                                           const char *changed_by, ks_time at);
typedef struct ks_auth_cache ks_auth_cache;

typedef enum { KS_MODEL_MOR, KS_MODEL_PSP } ks_model;

/* Signatures an IPN or LCN carries (a set of bits). */
#define KS_SIG_MD5    1 /* HASH */
#define KS_SIG_SHA256 2 /* SIGNATURE_SHA2_256 */
#define KS_SIG_SHA3   4 /* SIGNATURE_SHA3_256 */
#define KS_SIG_ALL    7

/* The IPN's optional groups of fields (a set of bits; docs/notifications.md). */
#define KS_IPN_GROUP_DELIVERY 1 /* the delivery address: FIRSTNAME_D ... EMAIL_D */
#define KS_IPN_GROUP_LICENSE  2 /* IPN_LICENSE_*[]: the subscription of each product */
#define KS_IPN_GROUP_PARTNER  4 /* IPN_PARTNER_CODE and the partner margins */
#define KS_IPN_GROUP_CARD     8 /* CARD_TYPE, CARD_LAST_DIGITS, CARD_EXPIRATION_DATE, ... */
#define KS_IPN_GROUP_FX       16 /* FX_RATE, FX_MARKUP, PAYABLE_AMOUNT, PAYOUT_CURRENCY */
#define KS_IPN_GROUP_ALL      31

/* A vendor's notification settings (IPN and LCN webhooks). */
typedef struct ks_notify_settings {
    const char *ipn_urls; /* listener URLs, one per line; NULL or "": no IPN */
    const char *lcn_urls; /* the same for LCN */
    int signatures;       /* KS_SIG_* bits; the default KS_SIG_ALL */
    int test_orders;      /* 1: test orders and subscriptions notify too (the default) */
    int ipn_groups;       /* KS_IPN_GROUP_* bits; the default KS_IPN_GROUP_ALL */
} ks_notify_settings;

typedef struct ks_vendor {
    int64_t id;
    const char *code;
    const char *secret;
    const char *secret_word; /* the buy-link secret word: signs ConvertPlus links (buylink.h) */
    ks_model model;
    int tz_offset;     /* seconds east of UTC for API dates; the platform's default is GMT+02:00 */
    int subscription_delay_s; /* a subscription is retrievable this long after its order */
    ks_notify_settings notify;
    ks_time created;
    /* a new field must be copied in ks_vendor_copy (auth.c), which the vendor cache uses */
} ks_vendor;

/* Configuration, frozen after start-up. */
typedef struct ks_config {
    int auth_window_s;   /* accepted distance of the auth date from the real clock */
    int session_ttl_s;   /* JSON-RPC/SOAP session lifetime */
    int job_lease_s;     /* real seconds a job claim lasts; 0: KS_JOB_LEASE_DEFAULT (jobs.h) */
    const char *public_url;         /* base of links in mails; NULL: http://127.0.0.1:8080 */
    const ks_job_kind *job_kinds;   /* the job kinds to run (main: ks_job_kinds, job_kinds.h) */
    size_t n_job_kinds;
    ks_order_written_fn order_written; /* NULL: orders notify nothing */
    ks_subscription_changed_fn subscription_changed; /* NULL: subscriptions notify nothing */
    const ks_transport *transport;  /* delivers webhooks and mail (transport.h); NULL: webhooks
                                     * fail their attempts, mail stays in the sandbox mailbox */
    /* Told how far a clock advance has come, at most once a second of real time (the command
     * line prints it): the business time its jobs have reached, its target, the jobs run so
     * far. NULL: no one is told. */
    void (*advance_progress)(ks_time reached, ks_time target, int64_t jobs_run);
} ks_config;

typedef struct ks_ctx {
    ks_store *store;
    ks_arena *arena;
    const ks_config *cfg;
    const ks_vendor *vendor; /* NULL until authenticated */
    ks_auth_cache *auth_cache; /* the process's verified vendors (auth.h); NULL: none */
    struct ks_answers *answers; /* the adapters' cache of built answers (api/answers.h), not
                                 * used by the domain; NULL: none */
    int have_now;
    ks_time now;             /* business time, read once per request (see clock.h) */
    const char *session_id;  /* the JSON-RPC/SOAP session the call came with (ks_auth_session),
                              * or NULL: the Channel Manager keeps its state there */
    const char *origin;      /* "http://host:port" as the client reached this server (its Host
                              * header), for links handed out (3-D Secure pages); NULL outside
                              * requests */
    ks_memo *memo;           /* what a batch of jobs reads more than once (the catalog), kept
                              * while the batch holds the store's write lock (jobs.c); NULL:
                              * every read goes to the store */
} ks_ctx;

#endif
