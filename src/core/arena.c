/* arena.c — bump allocator over a chain of blocks; large requests get their own block.
 *
 * Under AddressSanitizer the free part of each block is poisoned and every allocation is
 * followed by a poisoned red zone, so that an overflow of one arena string into the next is
 * reported as it would be between two mallocs (the fuzzers rely on this). */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define KS_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KS_ARENA_ASAN 1
#endif
#endif

#ifdef KS_ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define REDZONE 16
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define REDZONE 0
#endif

#define BLOCK_SIZE 8192

struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

struct ks_arena {
    struct block *head;
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        abort();
    return p;
}

ks_arena *ks_arena_new(void)
{
    ks_arena *a = xmalloc(sizeof *a);
    a->head = NULL;
    return a;
}

void ks_arena_free(ks_arena *a)
{
    if (!a)
        return;
    for (struct block *b = a->head, *n; b; b = n) {
        n = b->next;
        ASAN_UNPOISON_MEMORY_REGION(b->data, b->cap);
        free(b);
    }
    free(a);
}

void ks_arena_reset(ks_arena *a)
{
    struct block *keep = NULL;
    for (struct block *b = a->head, *n; b; b = n) {
        n = b->next;
        if (!keep && b->cap == BLOCK_SIZE) {
            keep = b;
            continue;
        }
        ASAN_UNPOISON_MEMORY_REGION(b->data, b->cap);
        free(b);
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
        ASAN_POISON_MEMORY_REGION(keep->data, keep->cap);
    }
    a->head = keep;
}

/* n bytes, not zeroed */
static void *alloc_raw(ks_arena *a, size_t n)
{
    size_t want = n;
    n = ((n + 15) & ~(size_t)15) + REDZONE;
    if (n == 0)
        n = 16;
    struct block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > BLOCK_SIZE / 2 ? n : BLOCK_SIZE;
        struct block *nb = xmalloc(sizeof *nb + cap);
        nb->used = 0;
        nb->cap = cap;
        ASAN_POISON_MEMORY_REGION(nb->data, cap);
        if (b && n > BLOCK_SIZE / 2) {
            /* keep bumping in the current block; hang the big one behind it */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    ASAN_UNPOISON_MEMORY_REGION(p, want);
    return p;
}

void *ks_arena_alloc(ks_arena *a, size_t n)
{
    void *p = alloc_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *ks_arena_strndup(ks_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = alloc_raw(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ks_arena_strdup(ks_arena *a, const char *s)
{
    return s ? ks_arena_strndup(a, s, strlen(s)) : NULL;
}

char *ks_arena_printf(ks_arena *a, const char *fmt, ...)
{
    va_list ap, aq;
    char tmp[256];
    va_start(ap, fmt);
    va_copy(aq, ap);
    /* most texts fit the stack buffer: printed once, then copied; measuring first
     * (vsnprintf(NULL, 0)) costs more than printing */
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    char *d = alloc_raw(a, (size_t)n + 1);
    if ((size_t)n < sizeof tmp)
        memcpy(d, tmp, (size_t)n + 1);
    else
        vsnprintf(d, (size_t)n + 1, fmt, aq);
    va_end(aq);
    return d;
}
