/* store.h — opening a storage backend by its URL. The interface itself, ks_store_ops, is the
 * domain's (src/domain/store.h). */
#ifndef KS_STORE_OPEN_H
#define KS_STORE_OPEN_H

#include "../domain/store.h"

/* Opens the backend named by url ("sqlite:PATH"), running migrations. */
int ks_store_open(ks_store **out, const char *url, ks_err *err);
/* NULL does nothing. */
void ks_store_close(ks_store *s);

#endif
