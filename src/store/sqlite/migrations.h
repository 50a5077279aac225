/* migrations.h — the SQLite schema, as numbered migrations (index + 1 is the version). */
#ifndef KS_STORE_SQLITE_MIGRATIONS_H
#define KS_STORE_SQLITE_MIGRATIONS_H

extern const char *const ks_sqlite_migrations[];
extern const int ks_sqlite_migration_count;

#endif
