/* answers.h — answers kept by the exact bytes they were built from, for handlers whose answer
 * is a pure function of what the store returned (getLead and searchLeads: lead_json). A lead
 * read again unchanged is answered with the tree built the first time, without parsing its
 * stored document again; anything changed in it gives other bytes, a miss, so nothing is ever
 * invalidated. Bounded: a fixed number of slots, each key in one slot (a newer key replaces
 * the older). Thread-safe. */
#ifndef KS_ANSWERS_H
#define KS_ANSWERS_H

#include <jansson.h>
#include <stddef.h>

/* The server's size: a few MiB at most (a lead's answer tree is a few KiB). */
#define KS_ANSWERS_SLOTS 256

typedef struct ks_answers ks_answers;

/* A cache of slots entries (rounded up to a power of two). */
ks_answers *ks_answers_new(size_t slots);
/* Frees the cache and its references; NULL does nothing. */
void ks_answers_free(ks_answers *c);

/* The answer kept under the len bytes of key: a new reference the caller owns, or NULL (a miss,
 * or c is NULL). The tree is shared with other requests and threads: it must not be changed. */
json_t *ks_answers_get(ks_answers *c, const void *key, size_t len);
/* Keeps a reference to answer under key (copied). The caller must not change answer from
 * here on. Does nothing when c is NULL. */
void ks_answers_put(ks_answers *c, const void *key, size_t len, json_t *answer);

#endif
