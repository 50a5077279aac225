/* store.h — opening a storage backend by its URL. The interface itself, ks_store_ops, is the
 * domain's (src/domain/store.h). */
#ifndef KS_STORE_OPEN_H
#define KS_STORE_OPEN_H

#include "../domain/store.h"

/* Opens the backend named by url ("sqlite:PATH"), running migrations. */
int ks_store_open(ks_store **out, const char *url, ks_err *err);
/* NULL does nothing. */
void ks_store_close(ks_store *s);

/* Fault injection, for tests in the manner of SQLite's own, whatever the backend: the nth
 * statement prepared from now on, in any store of the process (each BEGIN and COMMIT counts as
 * one), fails as a database error would; 0 disarms. Returns what was left of the previous
 * countdown: 0 when its fault was hit (or none was set). */
int ks_store_fail_statement(int n);

#endif
