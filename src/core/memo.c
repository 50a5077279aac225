/* memo.c — the read-through cache of memo.h: open addressing on an FNV-1a hash, doubled when
 * half full. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *key; /* NULL: a free slot */
    uint32_t hash;
    void *value;
} slot;

struct ks_memo {
    ks_arena *a;
    slot *slots;
    size_t cap, n; /* cap a power of two */
};

static uint32_t hash_of(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

ks_memo *ks_memo_new(void)
{
    ks_memo *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    m->a = ks_arena_new();
    return m;
}

void ks_memo_free(ks_memo *m)
{
    if (!m)
        return;
    ks_arena_free(m->a);
    free(m->slots);
    free(m);
}

ks_arena *ks_memo_arena(ks_memo *m) { return m->a; }

static slot *find(const ks_memo *m, const char *key, uint32_t h)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
            return s;
    }
}

void *ks_memo_get(const ks_memo *m, const char *key)
{
    if (!m->n)
        return NULL;
    slot *s = find(m, key, hash_of(key));
    return s->key ? s->value : NULL;
}

void ks_memo_put(ks_memo *m, const char *key, void *value)
{
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        slot *old = m->slots;
        size_t old_cap = m->cap;
        m->slots = calloc(cap, sizeof *m->slots);
        if (!m->slots)
            abort();
        m->cap = cap;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].key)
                *find(m, old[i].key, old[i].hash) = old[i];
        free(old);
    }
    uint32_t h = hash_of(key);
    slot *s = find(m, key, h);
    if (!s->key) {
        s->key = ks_arena_strdup(m->a, key);
        s->hash = h;
        m->n++;
    }
    s->value = value;
}
