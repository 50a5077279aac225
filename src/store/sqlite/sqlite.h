/* sqlite.h — the SQLite backend of the store (the embedded default). */
#ifndef KS_STORE_SQLITE_H
#define KS_STORE_SQLITE_H

#include <stdint.h>

#include "../../domain/store.h"

/* Opens (creating if needed) the database file at path, in WAL mode with durable commits, and
 * applies pending migrations. */
int ks_sqlite_open(ks_store **out, const char *path, ks_err *err);

/* Fault injection, for tests in the manner of SQLite's own: the nth statement prepared from
 * now on, in any store of the process (each BEGIN and COMMIT counts as one), fails as a
 * database error would; 0 disarms. Returns what was left of the previous countdown: 0 when its
 * fault was hit (or none was set). */
int ks_sqlite_fail_statement(int n);

/* Tests: 1 when every connection is back in the pool, with no statement open and no
 * transaction left open. */
int ks_sqlite_idle(ks_store *s);

/* Tests: a hash of every row of every table, to prove that a failed call changed nothing. */
int ks_sqlite_fingerprint(ks_store *s, uint64_t *out, ks_err *err);

#endif
