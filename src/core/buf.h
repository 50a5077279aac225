/* buf.h — a growable byte buffer, always NUL-terminated.
 *
 * The buffer owns its memory (malloc); ks_buf_free() releases it, ks_buf_steal() hands it to
 * the caller, who frees it with free(). Allocation failure aborts. */
#ifndef KS_BUF_H
#define KS_BUF_H

#include <stddef.h>

typedef struct ks_buf {
    char *data;
    size_t len, cap;
} ks_buf;

#define KS_BUF_INIT {NULL, 0, 0}

void ks_buf_add(ks_buf *b, const void *p, size_t n);
void ks_buf_puts(ks_buf *b, const char *s);
void ks_buf_putc(ks_buf *b, char c);
void ks_buf_printf(ks_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with XML special characters escaped. */
void ks_buf_xml_escape(ks_buf *b, const char *s);
void ks_buf_reset(ks_buf *b);
char *ks_buf_steal(ks_buf *b);
void ks_buf_free(ks_buf *b);

#endif
