/* metrics.h — request counters by operation and status, and a latency histogram, rendered in
 * the Prometheus text format. Lock-free (atomics); safe from every server thread. */
#ifndef KS_METRICS_H
#define KS_METRICS_H

#include <stdint.h>

#include "../core/buf.h"

/* op_index is an index into ks_ops, or -1 for requests that are not API operations. */
void ks_metrics_observe(int op_index, int status, uint64_t duration_ns);
void ks_metrics_render(ks_buf *out);

#endif
