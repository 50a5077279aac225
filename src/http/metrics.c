/* metrics.c — fixed tables of atomic counters; no allocation on the request path. */
#include "metrics.h"

#include <stdatomic.h>

#include "../api/op.h"

#define MAX_OPS 256
static const int statuses[] = {200, 201, 204, 400, 401, 402, 403, 404,
                               405, 408, 409, 413, 414, 415, 431, 500, 501, 503, 0 /* other */};
#define NSTATUS (int)(sizeof statuses / sizeof statuses[0])
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,   0.25,   0.5,   1,    2.5};
#define NBUCKETS (int)(sizeof buckets / sizeof buckets[0])

static atomic_uint_fast64_t requests[MAX_OPS + 1][NSTATUS];
static atomic_uint_fast64_t hist[NBUCKETS + 1];
static atomic_uint_fast64_t hist_sum_us;
static atomic_uint_fast64_t closed[KS_CLOSE__COUNT];
static const char *const close_names[KS_CLOSE__COUNT] = {"header_timeout", "body_timeout",
                                                         "idle_evicted", "not_http"};

void ks_metrics_closed(ks_close_reason why)
{
    atomic_fetch_add_explicit(&closed[why], 1, memory_order_relaxed);
}

void ks_metrics_observe(int op_index, int status, uint64_t duration_ns)
{
    int o = op_index >= 0 && op_index < MAX_OPS ? op_index : MAX_OPS;
    int s = NSTATUS - 1;
    for (int i = 0; i < NSTATUS - 1; i++)
        if (statuses[i] == status) {
            s = i;
            break;
        }
    atomic_fetch_add_explicit(&requests[o][s], 1, memory_order_relaxed);
    double secs = (double)duration_ns / 1e9;
    int b = NBUCKETS;
    for (int i = 0; i < NBUCKETS; i++)
        if (secs <= buckets[i]) {
            b = i;
            break;
        }
    atomic_fetch_add_explicit(&hist[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&hist_sum_us, duration_ns / 1000, memory_order_relaxed);
}

void ks_metrics_render(ks_buf *out)
{
    ks_buf_puts(out, "# HELP kassa_requests_total HTTP requests by API operation and status.\n"
                     "# TYPE kassa_requests_total counter\n");
    for (int o = 0; o <= MAX_OPS; o++) {
        if (o < MAX_OPS && o >= ks_ops_count)
            continue;
        const char *name = o < MAX_OPS ? ks_ops[o].id : "other";
        for (int s = 0; s < NSTATUS; s++) {
            uint64_t v = atomic_load_explicit(&requests[o][s], memory_order_relaxed);
            if (!v)
                continue;
            if (statuses[s])
                ks_buf_printf(out, "kassa_requests_total{operation=\"%s\",status=\"%d\"} %llu\n",
                              name, statuses[s], (unsigned long long)v);
            else
                ks_buf_printf(out,
                              "kassa_requests_total{operation=\"%s\",status=\"other\"} %llu\n",
                              name, (unsigned long long)v);
        }
    }
    ks_buf_puts(out, "# HELP kassa_request_duration_seconds Time to answer a request.\n"
                     "# TYPE kassa_request_duration_seconds histogram\n");
    uint64_t cum = 0;
    for (int i = 0; i <= NBUCKETS; i++) {
        cum += atomic_load_explicit(&hist[i], memory_order_relaxed);
        if (i < NBUCKETS)
            ks_buf_printf(out, "kassa_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                          buckets[i], (unsigned long long)cum);
        else
            ks_buf_printf(out, "kassa_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                          (unsigned long long)cum);
    }
    ks_buf_printf(out, "kassa_request_duration_seconds_sum %.6f\n",
                  (double)atomic_load(&hist_sum_us) / 1e6);
    ks_buf_printf(out, "kassa_request_duration_seconds_count %llu\n", (unsigned long long)cum);
    ks_buf_puts(out, "# HELP kassa_connections_closed_total Connections the server closed on "
                     "its own, by reason.\n"
                     "# TYPE kassa_connections_closed_total counter\n");
    for (int i = 0; i < KS_CLOSE__COUNT; i++)
        ks_buf_printf(out, "kassa_connections_closed_total{reason=\"%s\"} %llu\n", close_names[i],
                      (unsigned long long)atomic_load_explicit(&closed[i], memory_order_relaxed));
}
