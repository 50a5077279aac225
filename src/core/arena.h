/* arena.h — a per-request memory pool.
 *
 * Everything allocated from an arena lives until ks_arena_free(); nothing is freed piecemeal.
 * Allocation failure aborts (Kassa treats out-of-memory as fatal). An arena is used by one
 * thread at a time. */
#ifndef KS_ARENA_H
#define KS_ARENA_H

#include <stddef.h>

typedef struct ks_arena ks_arena;

ks_arena *ks_arena_new(void);
void ks_arena_free(ks_arena *a); /* NULL does nothing */
/* Frees everything allocated from a but keeps one block for what comes next: a server reuses
 * one arena for the requests of a connection, so a request costs no malloc of its own. */
void ks_arena_reset(ks_arena *a);

/* Zeroed, 16-byte aligned memory owned by the arena. */
void *ks_arena_alloc(ks_arena *a, size_t n);
/* Copies; the copy is arena-owned and NUL-terminated. NULL gives NULL. */
char *ks_arena_strdup(ks_arena *a, const char *s);
char *ks_arena_strndup(ks_arena *a, const char *s, size_t n);
char *ks_arena_printf(ks_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
