/* ctx.h — what every domain call receives: the store, the request's arena, the frozen
 * configuration, and (once authenticated) the vendor. The domain sees plain C types only. */
#ifndef KS_CTX_H
#define KS_CTX_H

#include <stdint.h>

#include "../core/arena.h"
#include "../core/err.h"
#include "../core/timeutil.h"

typedef struct ks_store ks_store;
typedef struct ks_job_kind ks_job_kind;

typedef enum { KS_MODEL_MOR, KS_MODEL_PSP } ks_model;

typedef struct ks_vendor {
    int64_t id;
    const char *code;
    const char *secret;
    ks_model model;
    int tz_offset;     /* seconds east of UTC for API dates; the platform's default is GMT+02:00 */
    int subscription_delay_s; /* a subscription is retrievable this long after its order */
    ks_time created;
} ks_vendor;

/* Configuration, frozen after start-up. */
typedef struct ks_config {
    int auth_window_s;   /* accepted distance of the auth date from the real clock */
    int session_ttl_s;   /* JSON-RPC/SOAP session lifetime */
    int job_lease_s;     /* real seconds a job claim lasts; 0: KS_JOB_LEASE_DEFAULT (jobs.h) */
    const char *public_url;         /* base of links in mails; NULL: http://127.0.0.1:8080 */
    const ks_job_kind *job_kinds;   /* the job kinds to run (main: ks_job_kinds, job_kinds.h) */
    size_t n_job_kinds;
} ks_config;

typedef struct ks_ctx {
    ks_store *store;
    ks_arena *arena;
    const ks_config *cfg;
    const ks_vendor *vendor; /* NULL until authenticated */
    int have_now;
    ks_time now;             /* business time, read once per request (see clock.h) */
    const char *origin;      /* "http://host:port" as the client reached this server (its Host
                              * header), for links handed out (3-D Secure pages); NULL outside
                              * requests */
} ks_ctx;

#endif
