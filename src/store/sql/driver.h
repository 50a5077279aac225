/* driver.h — what a database driver gives the store's bodies (src/store/sql/).
 *
 * The store's functions are written once, as bodies over this interface, in the SQL that
 * SQLite and PostgreSQL both speak (`?` placeholders, RETURNING, ON CONFLICT, coalesce...).
 * A driver (src/store/sqlite/, src/store/postgres/) owns everything of its database: its
 * connections and their pool, its transactions (and how writers are ordered, grouped or
 * retried), its statement cache, its migrations, its error codes. Nothing of a driver's
 * library (sqlite3_*, PG*) appears outside its directory.
 *
 * The statement calls have the shape of SQLite's, because the bodies were written for it:
 * parameters are numbered from 1, columns from 0, and sq_step returns one row at a time. */
#ifndef KS_STORE_SQL_DRIVER_H
#define KS_STORE_SQL_DRIVER_H

#include <stdint.h>

#include "../../core/arena.h"
#include "../../core/err.h"
#include "../../domain/store.h"

typedef struct sq_driver sq_driver;

/* A connection and a statement of a driver. Each driver's own structs begin with these. */
typedef struct sq_conn {
    const sq_driver *drv;
} sq_conn;

typedef struct sq_stmt {
    const sq_driver *drv;
} sq_stmt;

/* What sq_step returns. */
#define SQ_ROW        100 /* a row is ready: read it with sq_col_* */
#define SQ_DONE       101 /* no more rows; a write is done */
#define SQ_CONSTRAINT 19  /* a UNIQUE (or other) constraint refused the write */
#define SQ_STEP_ERROR 1   /* any other failure: the transaction is lost (SQ_DB) */

/* A transaction, as a body sees it. */
typedef struct {
    sq_conn *db;
    ks_arena *a; /* the caller's arena, or (given NULL) a scratch one the wrapper frees */
    ks_err *err;
} sq_tx;

/* What a body returns. */
#define SQ_OK      0
#define SQ_DB      (-1) /* a database error: the wrapper logs the connection's error, sets *err */
#define SQ_REFUSED (-2) /* the body set *err itself (NOT_FOUND, a merge's refusal...) */
#define SQ_DISCARD 1    /* success, but what the body wrote is rolled back (a stale retry) */

typedef int (*sq_body)(sq_tx *tx, void *arg);

struct sq_driver {
    const char *name; /* "sqlite", "postgresql" */

    /* Transactions. read: one snapshot, no write. write: every write of every server is
     * serializable with every other (SQLite: BEGIN IMMEDIATE; PostgreSQL: SERIALIZABLE, the
     * body run again on a serialization failure). Both: commit when the body returns SQ_OK,
     * roll back otherwise (and on SQ_DISCARD), map database errors to the API's once. A body
     * may therefore run more than once: it must not keep state between runs except in *arg's
     * outputs, which it sets afresh. 0, or -1 with *err set. */
    int (*read)(ks_store *s, ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err);
    int (*write)(ks_store *s, ks_arena *a, const char *what, sq_body body, void *arg, ks_err *err);
    /* ks_store_ops.batch (store.h): fn with every read and write it makes through the store
     * from this thread in one write transaction, each write in a savepoint of its own, each
     * read in that transaction; committed when fn returns 0. NULL: fn runs without one, every
     * write committed alone (correct, only slower). */
    int (*batch)(ks_store *s, int (*fn)(void *arg, ks_err *err), void *arg, ks_err *err);

    /* Statements. prep: NULL on failure (logged); the statement may come from a cache.
     * finish gives it back (reset for its next use, or freed). reset makes it ready to be
     * stepped again with new bindings. */
    sq_stmt *(*prep)(sq_conn *c, const char *sql);
    void (*finish)(sq_stmt *st);
    void (*reset)(sq_stmt *st); /* the bindings stay until bound anew */
    void (*bind_int)(sq_stmt *st, int i, int64_t v);
    /* NULL binds SQL NULL. The text is copied. */
    void (*bind_text)(sq_stmt *st, int i, const char *s);
    /* SQ_ROW, SQ_DONE, SQ_CONSTRAINT or SQ_STEP_ERROR. After SQ_CONSTRAINT or
     * SQ_STEP_ERROR a body runs no further statement and returns (PostgreSQL has aborted the
     * transaction): a write that may find its key taken and go on is written
     * INSERT ... ON CONFLICT DO NOTHING, then sq_changes tells. */
    int (*step)(sq_stmt *st);
    int (*col_count)(sq_stmt *st);
    int (*col_null)(sq_stmt *st, int i);
    int64_t (*col_int)(sq_stmt *st, int i);
    /* The column as text (a number as its decimal digits); NULL for SQL NULL. Valid until
     * the next step, reset or finish. */
    const char *(*col_text)(sq_stmt *st, int i);
    /* Rows changed by the last write statement stepped to SQ_DONE on c. */
    int64_t (*changes)(sq_conn *c);
    /* Runs sql (no parameters, no rows wanted). 0, or -1 with *err set (logged). */
    int (*exec)(sq_conn *c, const char *sql, ks_err *err);
    /* Logs c's last error with what and sets *err: SERVICE_UNAVAILABLE when the database was
     * busy, INTERNAL_ERROR otherwise. -1. */
    int (*error)(sq_conn *c, const char *what, ks_err *err);
};

/* The store of any driver begins with this. */
typedef struct {
    ks_store base;
    const sq_driver *drv;
    ks_store_ops ops; /* the bodies' table (sql_store.c), with the driver's name and close */
} sq_store_base;

/* Sets s up as a store of drv: base.ops = the bodies' operations, named drv->name, closed by
 * close (the driver's: it frees s). A driver's open calls it first. */
void sq_store_init(sq_store_base *s, const sq_driver *drv, void (*close)(ks_store *s));

/* Fault injection for tests (ks_store_fail_statement, store.h): 1 when the statement about to
 * be prepared or run is the one that must fail (then logged). The bodies' sq_prep and sq_exec
 * call it; a driver calls it before each BEGIN, COMMIT, SAVEPOINT... it runs of its own, so
 * that each counts as one statement, and fails that one as a database error would. */
int sq_fault(const char *sql);

#endif
