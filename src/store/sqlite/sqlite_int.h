/* sqlite_int.h — the SQLite driver's own types: the store, its connection pool and each
 * connection's statement cache. Private to src/store/sqlite/ (the bodies see driver.h). */
#ifndef KS_STORE_SQLITE_INT_H
#define KS_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>

#include "../sql/driver.h"

#define POOL_SIZE     8
#define SQ_CACHE_SIZE 128 /* statements kept per connection */
#define SQ_GROUP_MAX  64  /* writes committed together at most */

typedef struct sl_conn sl_conn;

/* A statement: one of its connection's cache entries, or (cache full of busy ones) a loose one
 * finalized when given back. */
typedef struct sl_stmt {
    sq_stmt base;
    sqlite3_stmt *st;
    sl_conn *c;
    char *sql; /* cached: the text it was prepared from */
    const char *from; /* cached: where that text was when it was prepared (most are literals:
                       * found again at the same address, compared without hashing) */
    uint32_t hash;
    int cached;
    int busy;             /* cached: handed out by prep, not yet given back */
    struct sl_stmt *next; /* loose: the connection's other loose statements */
} sl_stmt;

struct sl_conn {
    sq_conn base;
    sqlite3 *db;
    sl_stmt cache[SQ_CACHE_SIZE]; /* prepared statements, by SQL text */
    int n;
    int hand; /* the next entry a full cache considers replacing */
    sl_stmt *loose;
};

typedef struct {
    sq_store_base base;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* Group commit (sqlite_pool.c): the writers of this process queue on wq; one of them at a
     * time leads, running every body queued in one BEGIN IMMEDIATE transaction and committing
     * them together (one fsync) while the next ones queue. Queueing here is fair and
     * immediate, where SQLite's busy handler makes colliding writers sleep and poll; other
     * processes still meet the busy handler. wmu guards wq and leading. */
    pthread_mutex_t wmu;
    pthread_cond_t wcv;
    struct sq_writer *wq;
    int leading;
    sl_conn conns[POOL_SIZE];
    int free_[POOL_SIZE];
    int nfree;
} sq_store;

/* The driver (sqlite_pool.c). */
extern const sq_driver sq_sqlite_driver;

/* Finalizes connection c's statements (before it closes). */
void sl_cache_clear(sl_conn *c);

/* Logs the connection's error and sets SERVICE_UNAVAILABLE (busy) or INTERNAL_ERROR. -1. */
int sl_db_error(sqlite3 *db, const char *what, ks_err *err);

#endif
