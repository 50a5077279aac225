/* sqlite.h — the SQLite backend of the store (the embedded default). */
#ifndef KS_STORE_SQLITE_H
#define KS_STORE_SQLITE_H

#include "../store.h"

/* Opens (creating if needed) the database file at path, in WAL mode with durable commits, and
 * applies pending migrations. */
int ks_sqlite_open(ks_store **out, const char *path, ks_err *err);

#endif
