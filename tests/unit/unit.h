/* unit.h — what the unit tests share: cmocka, and a fresh store for the tests that need one.
 *
 * Store tests open the backend named by $KS_TEST_STORE_URL, or else a SQLite file in a new
 * temporary directory that the test removes. A suite that only uses vendors it creates itself
 * (with unique codes, see unit_vendor) can run against any backend, shared or fresh. */
#ifndef KS_UNIT_H
#define KS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above */
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/log.h"
#include "domain/auth.h"
#include "domain/job_kinds.h"
#include "domain/jobs.h"
#include "domain/order.h"
#include "store/store.h"

typedef struct unit_db {
    ks_store *store;
    char dir[64];  /* the temporary directory, "" when $KS_TEST_STORE_URL is used */
    char path[96]; /* the SQLite file in it */
} unit_db;

/* Opens a fresh store; fails the test on error. */
static inline unit_db *unit_db_open(void)
{
    unit_db *db = calloc(1, sizeof *db);
    ks_err err;
    char url[128];
    const char *env = getenv("KS_TEST_STORE_URL");
    assert_non_null(db);
    ks_log_set_quiet(1);
    if (env && *env) {
        snprintf(url, sizeof url, "%s", env);
    } else {
        snprintf(db->dir, sizeof db->dir, "/tmp/kassa-unit-XXXXXX");
        assert_non_null(mkdtemp(db->dir));
        snprintf(db->path, sizeof db->path, "%s/kassa.db", db->dir);
        snprintf(url, sizeof url, "sqlite:%s", db->path);
    }
    if (ks_store_open(&db->store, url, &err)) {
        print_error("ks_store_open(%s): %s: %s\n", url, ks_err_name(err.code), err.msg);
        fail();
    }
    return db;
}

/* Closes the store and removes the temporary files. NULL does nothing. */
static inline void unit_db_close(unit_db *db)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[128];
    if (!db)
        return;
    ks_store_close(db->store);
    if (db->dir[0]) {
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            snprintf(p, sizeof p, "%s%s", db->path, suffixes[i]);
            unlink(p);
        }
        rmdir(db->dir);
    }
    free(db);
}

/* A ks_ctx for one "request": its own arena and no cached business time. */
typedef struct unit_req {
    ks_ctx ctx;
    ks_config cfg;
} unit_req;

static inline void unit_req_init(unit_req *r, ks_store *store, const ks_vendor *vendor)
{
    memset(r, 0, sizeof *r);
    r->cfg.auth_window_s = 600;
    r->cfg.session_ttl_s = 600;
    r->cfg.job_kinds = ks_job_kinds; /* as main gives them to the server */
    r->cfg.n_job_kinds = ks_job_kinds_count;
    r->ctx.store = store;
    r->ctx.arena = ks_arena_new();
    r->ctx.cfg = &r->cfg;
    r->ctx.vendor = vendor;
}

static inline void unit_req_done(unit_req *r)
{
    ks_arena_free(r->ctx.arena);
    r->ctx.arena = NULL;
}

/* Creates a vendor whose code is prefix plus a random suffix, so that suites can share a
 * database. The vendor's strings live in arena a. */
static inline ks_vendor *unit_vendor(ks_arena *a, ks_store *store, const char *prefix,
                                     const char *secret)
{
    ks_config cfg = {.auth_window_s = 600, .session_ttl_s = 600};
    ks_ctx ctx = {.store = store, .arena = a, .cfg = &cfg};
    ks_err err;
    char code[KS_VENDOR_CODE_MAX + 1], suffix[13];
    ks_vendor *v = ks_arena_alloc(a, sizeof *v);
    ks_random_hex(suffix, 6);
    snprintf(code, sizeof code, "%s%s", prefix, suffix);
    if (ks_vendor_create(v, &ctx, code, secret, NULL, KS_MODEL_MOR, 0, &err)) {
        print_error("ks_vendor_create(%s): %s: %s\n", code, ks_err_name(err.code), err.msg);
        fail();
    }
    return v;
}

/* Asserts that a call failed with the given API code. */
#define assert_err(call, e, code_)                                                                 \
    do {                                                                                           \
        memset(&(e), 0, sizeof(e));                                                                \
        int rc_ = (call);                                                                          \
        if (rc_ != -1 || (e).code != (code_))                                                      \
            print_error("%s: rc %d, code %s (%s), expected %s\n", #call, rc_,                      \
                        ks_err_name((e).code), (e).msg, ks_err_name(code_));                       \
        assert_int_equal(rc_, -1);                                                                 \
        assert_int_equal((e).code, (code_));                                                       \
    } while (0)

/* Asserts that a call succeeded, printing the error otherwise. */
#define assert_ok(call, e)                                                                         \
    do {                                                                                           \
        memset(&(e), 0, sizeof(e));                                                                \
        int rc_ = (call);                                                                          \
        if (rc_ != 0)                                                                              \
            print_error("%s: %s: %s\n", #call, ks_err_name((e).code), (e).msg);                    \
        assert_int_equal(rc_, 0);                                                                  \
    } while (0)

/* Places a paid test order of cart (its items, currency and promotions) for ctx->vendor, billed
 * to a complete US address, and asserts it completed: how a test makes an order use a coupon. */
static inline void unit_place_order(ks_ctx *ctx, const ks_cart *cart)
{
    static const ks_address john = {.first_name = "John", .last_name = "Doe",
                                    .email = "john@example.com", .address1 = "1 Main St",
                                    .city = "Springfield", .zip = "12345",
                                    .country_code = "US", .state = "IL"};
    ks_payment_method_in m = {.card_number = "4111111111111111", .exp_month = "12",
                              .exp_year = "2099", .holder_name = "John Doe",
                              .return_3ds = "https://shop.example.com/ok",
                              .cancel_3ds = "https://shop.example.com/no"};
    ks_payment_in p = {.type = "TEST", .currency = cart->currency, .method = &m};
    ks_order_in in;
    ks_order o;
    ks_err err;
    memset(&in, 0, sizeof in);
    in.cart = *cart;
    in.cart.billing = &john;
    in.payment = &p;
    in.local_time = "2025-01-01 12:00:00";
    in.doc = "{}";
    if (ks_order_place(&o, ctx, &in, &err)) {
        print_error("ks_order_place: %s: %s\n", ks_err_name(err.code), err.msg);
        fail();
    }
    assert_int_equal(o.status, KS_ORDER_COMPLETE);
}

#endif
