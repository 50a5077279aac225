/* answers.c — the answer cache (answers.h): a direct-mapped table under one mutex, held only to
 * compare a key and take a reference; trees are built and freed outside it. */
#include "answers.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t hash;
    char *key;
    size_t len;
    json_t *answer;
} slot;

struct ks_answers {
    pthread_mutex_t mu;
    size_t mask;
    slot *slots;
};

/* Eight bytes a step (a lead's key is most of a kilobyte), each mixed in by a multiply and
 * a shift; the tail byte by byte. Only picks the slot: a hit is confirmed by memcmp. */
static uint64_t hash_of(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint64_t h = 0xcbf29ce484222325ull ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    for (; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h ^ (h >> 32);
}

ks_answers *ks_answers_new(size_t slots)
{
    size_t n = 1;
    while (n < slots)
        n *= 2;
    ks_answers *c = calloc(1, sizeof *c);
    if (!c || !(c->slots = calloc(n, sizeof *c->slots)))
        abort();
    c->mask = n - 1;
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void ks_answers_free(ks_answers *c)
{
    if (!c)
        return;
    for (size_t i = 0; i <= c->mask; i++) {
        free(c->slots[i].key);
        json_decref(c->slots[i].answer);
    }
    free(c->slots);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

json_t *ks_answers_get(ks_answers *c, const void *key, size_t len)
{
    if (!c)
        return NULL;
    uint64_t h = hash_of(key, len);
    json_t *answer = NULL;
    pthread_mutex_lock(&c->mu);
    slot *s = &c->slots[h & c->mask];
    if (s->answer && s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
        answer = json_incref(s->answer);
    pthread_mutex_unlock(&c->mu);
    return answer;
}

void ks_answers_put(ks_answers *c, const void *key, size_t len, json_t *answer)
{
    if (!c || !answer)
        return;
    uint64_t h = hash_of(key, len);
    char *copy = malloc(len ? len : 1);
    if (!copy)
        abort();
    memcpy(copy, key, len);
    json_incref(answer);
    pthread_mutex_lock(&c->mu);
    slot *s = &c->slots[h & c->mask];
    slot old = *s;
    *s = (slot){h, copy, len, answer};
    pthread_mutex_unlock(&c->mu);
    free(old.key);
    json_decref(old.answer);
}
