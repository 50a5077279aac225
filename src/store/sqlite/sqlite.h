/* sqlite.h — the SQLite backend of the store (the embedded default). */
#ifndef KS_STORE_SQLITE_H
#define KS_STORE_SQLITE_H

#include <stdint.h>

#include "../../domain/store.h"

/* Opens (creating if needed) the database file at path, in WAL mode with durable commits, and
 * applies pending migrations. */
int ks_sqlite_open(ks_store **out, const char *path, ks_err *err);

/* Tests: 1 when every connection is back in the pool, with no statement open and no
 * transaction left open. */
int ks_sqlite_idle(ks_store *s);

/* Tests: a hash of every row of every table, to prove that a failed call changed nothing. */
int ks_sqlite_fingerprint(ks_store *s, uint64_t *out, ks_err *err);

#endif
