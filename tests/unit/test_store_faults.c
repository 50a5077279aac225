/* test_store_faults.c — fault injection in the manner of SQLite's own tests: for each operation,
 * make the 1st, 2nd, ... Nth statement of the SQLite store fail, until the operation runs out
 * of statements and succeeds. Every failed run must answer a storage error, leave the database
 * exactly as it was (a hash of every row of every table) and leak nothing: every connection
 * back in the pool, no statement and no transaction left open (and, under ASan, no memory).
 *
 * The operations are those of the domain that write several tables at once — placeOrder
 * (customer, order, lines, history, subscriptions, renewal job), a renewal (the renewal order
 * and the subscription), a lead with its items, follow-ups and jobs, a product with its
 * children, a lifecycle change with its job, a vendor with its tax categories, the same order,
 * renewal and change with their IPNs and LCNs to two listeners (the outbox: a change is never
 * committed without its notifications) — and a search (its count and its page in one read
 * transaction). */
#include "unit.h"

#include "domain/catalog.h"
#include "domain/demo.h"
#include "domain/lead.h"
#include "domain/notify.h"
#include "domain/renewal.h"
#include "domain/subscription.h"
#include "store/sqlite/sqlite.h"
#include "store/store.h"

typedef struct {
    unit_db *db;
    ks_arena *a;
    ks_vendor *v;
    unit_req r;
    const char *sub; /* a subscription of the vendor */
} fixture;

static const ks_address john = {.first_name = "John",
                                .last_name = "Doe",
                                .email = "john@example.com",
                                .address1 = "1 Main St",
                                .city = "Springfield",
                                .zip = "12345",
                                .country_code = "US",
                                .state = "IL"};

/* Places an order of one monthly CLOUD-BASIC subscription paid with a test card. */
static int place(fixture *f, ks_order *o, ks_err *e)
{
    static const char *users[] = {"USERS=2"};
    ks_cart_item *it = ks_arena_alloc(f->r.ctx.arena, sizeof *it);
    ks_payment_method_in m = {.card_number = "4111111111111111", .exp_month = "12",
                              .exp_year = "2099", .holder_name = "John Doe",
                              .return_3ds = "https://shop.example.com/ok",
                              .cancel_3ds = "https://shop.example.com/no",
                              .recurring_enabled = 1, .has_recurring_enabled = 1};
    ks_payment_in p = {.type = "TEST", .currency = "USD", .method = &m};
    ks_order_in in;
    memset(it, 0, sizeof *it);
    it->code = "CLOUD-BASIC";
    it->quantity = 1;
    it->has_quantity = 1;
    it->options = users;
    it->n_options = 1;
    memset(&in, 0, sizeof in);
    in.cart.items = it;
    in.cart.n_items = 1;
    in.cart.billing = &john;
    in.payment = &p;
    in.local_time = "2025-01-01 12:00:00";
    in.doc = "{}";
    return ks_order_place(o, &f->r.ctx, &in, e);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *url = getenv("KS_TEST_STORE_URL");
    ks_err e;
    ks_order o;
    int created;
    if (url && *url && strncmp(url, "sqlite:", 7) != 0) {
        free(f);
        return -1; /* these faults are the SQLite backend's */
    }
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->v = unit_vendor(f->a, f->db->store, "FLT", "SECRET_KEY_A");
    unit_req_init(&f->r, f->db->store, f->v);
    assert_ok(ks_demo_seed(&created, &f->r.ctx, &e), e);
    assert_ok(place(f, &o, &e), e);
    assert_int_equal(o.n_subs, 1);
    f->sub = ks_arena_strdup(f->a, o.subs[0].reference);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unit_req_done(&f->r);
    ks_arena_free(f->a);
    unit_db_close(f->db);
    free(f);
    return 0;
}

static uint64_t fingerprint(fixture *f)
{
    uint64_t h;
    ks_err e;
    assert_ok(ks_sqlite_fingerprint(f->db->store, &h, &e), e);
    return h;
}

typedef int (*op_fn)(fixture *f, ks_err *e);

/* Runs op with its 1st, 2nd... statement failing until it succeeds; returns how many runs
 * failed (the statements the operation executes). */
static int every_fault(fixture *f, const char *name, op_fn op)
{
    for (int n = 1; n < 1000; n++) {
        uint64_t before = fingerprint(f);
        ks_err e;
        memset(&e, 0, sizeof e);
        /* a fresh "request" each run: its own arena, the business time read again */
        unit_req_done(&f->r);
        unit_req_init(&f->r, f->db->store, f->v);
        ks_store_fail_statement(n);
        int rc = op(f, &e);
        int left = ks_store_fail_statement(0);
        if (!ks_sqlite_idle(f->db->store)) {
            print_error("%s, statement %d failing: a connection, statement or transaction was "
                        "left behind\n",
                        name, n);
            fail();
        }
        if (rc == 0 && left > 0)
            return n - 1; /* no statement failed: the operation is done */
        if (rc == 0)
            continue; /* the failed statement was one it may do without */
        if (e.code != KS_E_INTERNAL_ERROR && e.code != KS_E_SERVICE_UNAVAILABLE) {
            print_error("%s, statement %d failing: %s (%s)\n", name, n, ks_err_name(e.code),
                        e.msg);
            fail();
        }
        if (fingerprint(f) != before) {
            print_error("%s, statement %d failing: the database changed\n", name, n);
            fail();
        }
    }
    fail_msg("%s never succeeded", name);
    return 0;
}

/* --- the operations --------------------------------------------------------------------------- */

static int op_place(fixture *f, ks_err *e)
{
    ks_order o;
    return place(f, &o, e);
}

static int op_renew(fixture *f, ks_err *e)
{
    ks_subscription s;
    ks_time again = 0;
    ks_job job = {.kind = KS_RENEWAL_JOB};
    if (ks_subscription_get(&s, &f->r.ctx, f->sub, e))
        return -1;
    job.key = job.payload = f->sub;
    f->r.ctx.have_now = 1;
    f->r.ctx.now = s.expiration;
    return ks_subscription_renewal_run(&f->r.ctx, &job, &again, e);
}

static int op_lifecycle(fixture *f, ks_err *e)
{
    ks_subscription s;
    if (ks_subscription_get(&s, &f->r.ctx, f->sub, e))
        return -1;
    return ks_subscription_set(&f->r.ctx, f->sub, KS_SUB_RECURRING, !s.recurring_enabled, e);
}

static int op_lead(fixture *f, ks_err *e)
{
    ks_arena *a = f->r.ctx.arena;
    ks_lead *l = ks_arena_alloc(a, sizeof *l);
    ks_lead_item *it = ks_arena_alloc(a, sizeof *it);
    ks_address *b = ks_arena_alloc(a, sizeof *b);
    memset(l, 0, sizeof *l);
    memset(it, 0, sizeof *it);
    memset(b, 0, sizeof *b);
    it->code = "CLOUD-BASIC";
    it->quantity = 1;
    it->has_quantity = 1;
    b->first_name = "Jane";
    b->last_name = "Doe";
    b->email = "jane@example.com";
    b->country_code = "US";
    l->items = it;
    l->n_items = 1;
    l->currency = "USD";
    l->language = "en";
    l->billing = b;
    l->doc = "{\"Currency\":\"USD\"}";
    return ks_lead_add(&f->r.ctx, l, e);
}

static int op_product(fixture *f, ks_err *e)
{
    ks_product p;
    char code[32];
    if (ks_product_get(&p, &f->r.ctx, "CLOUD-BASIC", e))
        return -1;
    /* the same product under a new code: its prices, option groups and upgrades too */
    ks_random_hex(code, 8);
    p.code = ks_arena_strdup(f->r.ctx.arena, code);
    p.id = 0;
    return ks_product_add(&f->r.ctx, &p, e);
}

static int op_vendor(fixture *f, ks_err *e)
{
    ks_vendor v;
    char code[24];
    snprintf(code, sizeof code, "FLTV");
    ks_random_hex(code + 4, 6);
    return ks_vendor_create(&v, &f->r.ctx, code, "SECRET_KEY_B", NULL, KS_MODEL_MOR, 0, e);
}

static int op_search(fixture *f, ks_err *e)
{
    ks_order *list;
    size_t n;
    int64_t total;
    ks_order_query q = {.page = 1, .limit = 10};
    if (ks_order_search(&list, &n, &total, &f->r.ctx, &q, e))
        return -1;
    return total >= 1 && n >= 1 ? 0 : -1;
}

/* The vendor notifies two IPN and two LCN listeners; orders and subscriptions call the hooks
 * main registers. Then op runs, and must have written notifications when it succeeds. */
static int notifying(fixture *f, ks_err *e, int (*op)(fixture *f, ks_err *e))
{
    ks_notice *list;
    size_t n;
    int64_t before, after;
    ks_notice_query q = {.page = 1, .limit = 1};
    f->v->notify.ipn_urls = "http://127.0.0.1:9/ipn\nhttp://127.0.0.1:9/ipn2";
    f->v->notify.lcn_urls = "http://127.0.0.1:9/lcn\nhttp://127.0.0.1:9/lcn2";
    f->r.cfg.order_written = ks_notify_order;
    f->r.cfg.subscription_changed = ks_notify_subscription;
    if (ks_notify_list(&list, &n, &before, &f->r.ctx, &q, e) || op(f, e))
        return -1;
    /* the check reads outside the faults (a fault there would come after the commit) */
    int left = ks_store_fail_statement(0);
    if (ks_notify_list(&list, &n, &after, &f->r.ctx, &q, e))
        fail_msg("notice_list: %s", e->msg);
    if (after <= before)
        fail_msg("the change was committed without its notifications");
    ks_store_fail_statement(left);
    return 0;
}

static int op_place_notifying(fixture *f, ks_err *e)
{
    return notifying(f, e, op_place);
}

static int op_renew_notifying(fixture *f, ks_err *e)
{
    return notifying(f, e, op_renew);
}

static int op_lifecycle_notifying(fixture *f, ks_err *e)
{
    return notifying(f, e, op_lifecycle);
}

/* --- tests ------------------------------------------------------------------------------------- */

#define FAULTS(test, op, at_least)                                                                 \
    static void test(void **state)                                                                 \
    {                                                                                              \
        int n = every_fault(*state, #op, op);                                                      \
        if (n < (at_least))                                                                        \
            print_error("%s: only %d statements\n", #op, n);                                       \
        assert_true(n >= (at_least));                                                              \
    }

/* the least number of statements each runs, so that the loop is known to have gone deep */
FAULTS(place_order, op_place, 10)
FAULTS(renewal, op_renew, 10)
FAULTS(lifecycle, op_lifecycle, 4)
FAULTS(lead, op_lead, 5)
FAULTS(product, op_product, 5)
FAULTS(vendor, op_vendor, 4)
FAULTS(search, op_search, 4)
FAULTS(place_order_notifying, op_place_notifying, 12)
FAULTS(renewal_notifying, op_renew_notifying, 12)
FAULTS(lifecycle_notifying, op_lifecycle_notifying, 6)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(place_order, setup, teardown),
        cmocka_unit_test_setup_teardown(renewal, setup, teardown),
        cmocka_unit_test_setup_teardown(lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(lead, setup, teardown),
        cmocka_unit_test_setup_teardown(product, setup, teardown),
        cmocka_unit_test_setup_teardown(vendor, setup, teardown),
        cmocka_unit_test_setup_teardown(search, setup, teardown),
        cmocka_unit_test_setup_teardown(place_order_notifying, setup, teardown),
        cmocka_unit_test_setup_teardown(renewal_notifying, setup, teardown),
        cmocka_unit_test_setup_teardown(lifecycle_notifying, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
