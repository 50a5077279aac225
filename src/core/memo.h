/* memo.h — a read-through cache of what one unit of work reads more than once: values by text
 * key, in the memo's own arena, all dropped together with ks_memo_free. Whoever opens one says
 * why nothing it keeps can change while it lives (the job runner's batches hold the store's
 * write lock). Not thread-safe: one per thread of work. */
#ifndef KS_MEMO_H
#define KS_MEMO_H

#include "arena.h"

typedef struct ks_memo ks_memo;

ks_memo *ks_memo_new(void);
void ks_memo_free(ks_memo *m); /* NULL does nothing */
/* Where a value to keep is allocated: it lives as long as the memo. */
ks_arena *ks_memo_arena(ks_memo *m);
/* The value kept under key, or NULL. */
void *ks_memo_get(const ks_memo *m, const char *key);
/* Keeps value (in the memo's arena, or static) under key (copied), replacing any before. */
void ks_memo_put(ks_memo *m, const char *key, void *value);

#endif
