/* log.h — one line per event on stderr, with a UTC timestamp.
 *
 * Never pass a secret, a session id, a card number or a CVV to these functions. */
#ifndef KS_LOG_H
#define KS_LOG_H

void ks_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ks_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ks_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silences info lines (tests and benchmarks). */
void ks_log_set_quiet(int quiet);

#endif
