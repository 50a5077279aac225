/* metrics.h — request counters by operation and status, and a latency histogram, rendered in
 * the Prometheus text format. Lock-free (atomics); safe from every server thread. */
#ifndef KS_METRICS_H
#define KS_METRICS_H

#include <stdint.h>

#include "../core/buf.h"

/* op_index is an index into ks_ops, or -1 for requests that are not API operations. */
void ks_metrics_observe(int op_index, int status, uint64_t duration_ns);
void ks_metrics_render(ks_buf *out);

/* Why the server closed a connection on its own (docs/security.md, "Limits"). */
typedef enum {
    KS_CLOSE_HEADER_TIMEOUT, /* its request line and headers took longer than --header-timeout */
    KS_CLOSE_BODY_TIMEOUT,   /* its body came slower than --min-body-rate (answered 408) */
    KS_CLOSE_IDLE_EVICTED,   /* idle keep-alive, closed to make room near --max-connections */
    KS_CLOSE_NOT_HTTP,       /* it opened with a TLS handshake on the plain-HTTP port */
    KS_CLOSE__COUNT
} ks_close_reason;

void ks_metrics_closed(ks_close_reason why);

#endif
