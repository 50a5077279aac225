/* test_lead.c — src/domain/lead.c over a real store; also the store contract suite for leads.
 *
 * Everything here goes through the domain or the ks_store_ops table (store/store.h), never a
 * backend's own types, and each test works with vendors it creates under unique codes. So the
 * same file checks any backend: set KS_TEST_STORE_URL to run it against another database (by
 * default each test gets a fresh SQLite file). */
#include "unit.h"

#include <ctype.h>
#include <pthread.h>

#include "domain/clock.h"
#include "domain/lead.h"

typedef struct {
    unit_db *db;
    ks_arena *a;        /* vendors and test data */
    ks_vendor *va, *vb; /* two vendors: A does the work, B must not see it */
    unit_req ra, rb;    /* one request context per vendor; business time is read once per
                         * context, so "now" is fixed until the test moves the clock */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->va = unit_vendor(f->a, f->db->store, "LA", "SECRET_KEY_A");
    f->vb = unit_vendor(f->a, f->db->store, "LB", "SECRET_KEY_B");
    unit_req_init(&f->ra, f->db->store, f->va);
    unit_req_init(&f->rb, f->db->store, f->vb);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unit_req_done(&f->ra);
    unit_req_done(&f->rb);
    ks_arena_free(f->a);
    unit_db_close(f->db);
    free(f);
    return 0;
}

/* --- building leads --------------------------------------------------------------------------- */

/* A valid lead: one catalog item, a shopper with name and email. Arena-owned, ready to tweak. */
static ks_lead *new_lead(fixture *f)
{
    ks_lead *l = ks_arena_alloc(f->a, sizeof *l);
    ks_address *b = ks_arena_alloc(f->a, sizeof *b);
    l->items = ks_arena_alloc(f->a, 4 * sizeof *l->items);
    l->items[0].code = "PROD1";
    l->items[0].quantity = 1;
    l->items[0].has_quantity = 1;
    l->n_items = 1;
    l->currency = "USD";
    l->language = "en";
    b->first_name = "Jane";
    b->last_name = "Doe";
    b->email = "jane@example.com";
    b->country_code = "US";
    l->billing = b;
    l->doc = "{\"Currency\":\"USD\"}";
    return l;
}

static ks_address *billing_of(ks_lead *l)
{
    return (ks_address *)l->billing;
}

static const ks_item_price *price(fixture *f, ks_dec amount, int has_amount)
{
    ks_item_price *p = ks_arena_alloc(f->a, sizeof *p);
    p->amount = amount;
    p->has_amount = has_amount;
    p->type = "CUSTOM";
    return p;
}

static const char *add(fixture *f, ks_lead *l)
{
    ks_err e;
    assert_ok(ks_lead_add(&f->ra.ctx, l, &e), e);
    assert_non_null(l->code);
    return l->code;
}

static ks_lead get(fixture *f, const char *code)
{
    ks_err e;
    ks_lead l;
    assert_ok(ks_lead_get(&l, &f->ra.ctx, code, &e), e);
    return l;
}

static ks_time now(fixture *f)
{
    ks_time t;
    ks_err e;
    assert_ok(ks_clock_now(&t, &f->ra.ctx, &e), e);
    return t;
}

static void advance(fixture *f, int64_t seconds)
{
    ks_err e;
    assert_ok(ks_jobs_advance(&f->ra.ctx, seconds, &e), e);
    f->rb.ctx.have_now = 0;
}

/* Runs a search for vendor A; returns the page and fills *n and *total. */
static ks_lead *search(fixture *f, const ks_lead_query *q, size_t *n, int64_t *total)
{
    ks_err e;
    ks_lead *list = NULL;
    *n = (size_t)-1;
    *total = -1;
    assert_ok(ks_lead_search(&list, n, total, &f->ra.ctx, q, &e), e);
    assert_true(*n <= (size_t)q->limit);
    assert_true(*total >= (int64_t)*n);
    return list;
}

/* Total matches of q for vendor A. */
static int64_t count(fixture *f, ks_lead_query q)
{
    size_t n;
    int64_t total;
    q.page = 1;
    q.limit = 200;
    search(f, &q, &n, &total);
    /* the count (from lead_counts when no filter but the Type is set) agrees with the rows */
    if (total < 200)
        assert_int_equal((int64_t)n, total);
    return total;
}

static ks_lead_query all(void)
{
    ks_lead_query q;
    memset(&q, 0, sizeof q);
    q.page = 1;
    q.limit = 200;
    return q;
}

/* --- add -------------------------------------------------------------------------------------- */

/* IMP: reference §8 — "LeadCode (10 chars, e.g. 60E6C4B574)" */
static void test_add_generated_code(void **state)
{
    fixture *f = *state;
    const char *c1 = add(f, new_lead(f));
    const char *c2 = add(f, new_lead(f));
    assert_int_equal(strlen(c1), 10);
    for (const char *p = c1; *p; p++)
        assert_true(isdigit((unsigned char)*p) || (*p >= 'A' && *p <= 'F'));
    assert_string_not_equal(c1, c2);
    ks_lead l = get(f, c1);
    assert_string_equal(l.code, c1);
    assert_string_equal(l.generated_from, "API");
    assert_int_equal(l.created, now(f));
    assert_int_equal(l.updated, now(f));
    assert_int_equal(l.used, 0);
    assert_int_equal(l.used_success, 0);
    assert_int_equal(l.stopped, 0);
}

static void test_add_explicit_code(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_lead *l = new_lead(f);
    l->code = "MY-LEAD_01";
    l->doc = "{\"first\":true}";
    add(f, l);
    assert_string_equal(get(f, "MY-LEAD_01").code, "MY-LEAD_01");

    /* the same code again: refused, and the first lead is untouched */
    ks_lead *dup = new_lead(f);
    dup->code = "MY-LEAD_01";
    dup->currency = "EUR";
    dup->doc = "{\"second\":true}";
    assert_err(ks_lead_add(&f->ra.ctx, dup, &e), e, KS_E_LEAD_CODE_DUPLICATE);
    assert_non_null(strstr(e.msg, "MY-LEAD_01"));
    ks_lead back = get(f, "MY-LEAD_01");
    assert_string_equal(back.currency, "USD");
    assert_string_equal(back.doc, "{\"first\":true}");
    assert_int_equal(count(f, all()), 1);

    /* codes are per vendor: B may use A's code */
    ks_lead *other = new_lead(f);
    other->code = "MY-LEAD_01";
    assert_ok(ks_lead_add(&f->rb.ctx, other, &e), e);

    /* malformed codes */
    static const char *const bad[] = {"", "has space", "semi;colon", "quote'", "ünï",
                                      /* 65 characters */
                                      ("0123456789012345678901234567890123456789"
                                       "0123456789012345678901234")};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ks_lead *x = new_lead(f);
        x->code = bad[i];
        assert_err(ks_lead_add(&f->ra.ctx, x, &e), e, KS_E_PARAMETER_INVALID);
    }
    /* 64 characters is the longest */
    ks_lead *longest = new_lead(f);
    longest->code = "0123456789012345678901234567890123456789012345678901234567890123";
    add(f, longest);
    assert_int_equal(count(f, all()), 2);
}

/* IMP: addLead — "Items ... Required" */
static void test_add_items_empty(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_lead *l = new_lead(f);
    l->n_items = 0;
    assert_err(ks_lead_add(&f->ra.ctx, l, &e), e, KS_E_LEAD_ITEMS_EMPTY);
    l->items = NULL;
    assert_err(ks_lead_add(&f->ra.ctx, l, &e), e, KS_E_LEAD_ITEMS_EMPTY);
    assert_int_equal(count(f, all()), 0);
}

/* IMP: addLead — catalog items by Code; dynamic items carry Name and Price */
static void test_add_item_invalid(void **state)
{
    fixture *f = *state;
    ks_err e;
    const ks_item_price *ten = price(f, 100000, 1);
    static const struct {
        const char *code, *name;
        int dynamic, price; /* price: 0 none, 1 ten, 2 without amount, 3 negative */
        int64_t quantity;
        const char *needle;
    } bad[] = {
        {NULL, NULL, 1, 1, 1, "Items[1].Name"},
        {NULL, "", 1, 1, 1, "Items[1].Name"},
        {NULL, "Support", 1, 0, 1, "Items[1].Price"},
        {NULL, "Support", 1, 2, 1, "Items[1].Price"},
        {NULL, "Support", 1, 3, 1, "Items[1].Price"},
        {NULL, NULL, 0, 0, 1, "Items[1].Code"},
        {"", NULL, 0, 0, 1, "Items[1].Code"},
        {"P", NULL, 0, 0, -1, "Items[1].Quantity"},
        {"P", NULL, 0, 0, 0, "Items[1].Quantity"},
        {"P", NULL, 0, 0, 100000, "Items[1].Quantity"},
        {NULL, "Support", 1, 1, 100000, "Items[1].Quantity"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ks_lead *l = new_lead(f);
        ks_lead_item *it = &l->items[1];
        l->n_items = 2;
        it->code = bad[i].code;
        it->name = bad[i].name;
        it->is_dynamic = bad[i].dynamic;
        it->quantity = bad[i].quantity;
        it->has_quantity = 1;
        it->price = bad[i].price == 1   ? ten
                    : bad[i].price == 2 ? price(f, 0, 0)
                    : bad[i].price == 3 ? price(f, -1, 1)
                                        : NULL;
        assert_err(ks_lead_add(&f->ra.ctx, l, &e), e, KS_E_LEAD_ITEM_INVALID);
        if (!strstr(e.msg, bad[i].needle))
            print_error("case %zu: \"%s\" does not name %s\n", i, e.msg, bad[i].needle);
        assert_non_null(strstr(e.msg, bad[i].needle));
    }
    assert_int_equal(count(f, all()), 0);

    /* valid edges: a free dynamic item, no quantity (means 1), 1 and 99999, a catalog item
     * with a price */
    ks_lead *l = new_lead(f);
    l->n_items = 3;
    l->items[0].has_quantity = 0;
    l->items[1] = (ks_lead_item){
        .name = "Free", .is_dynamic = 1, .price = price(f, 0, 1), .quantity = 1, .has_quantity = 1};
    l->items[2] = (ks_lead_item){.code = "P2", .quantity = 99999, .has_quantity = 1, .price = ten};
    add(f, l);
}

/* IMP: addLead — "LocalTime (YYYY-MM-DD HH:MM:SS)" */
static void test_add_local_time(void **state)
{
    fixture *f = *state;
    ks_err e;
    static const char *const bad[] = {"2019-11-05",          "2019-11-05 24:48:28",
                                      "2023-02-29 10:00:00", "2019-11-05T16:48:28",
                                      "yesterday",           ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ks_lead *l = new_lead(f);
        l->local_time = bad[i];
        assert_err(ks_lead_add(&f->ra.ctx, l, &e), e, KS_E_INVALID_DATE);
        assert_non_null(strstr(e.msg, "LocalTime"));
    }
    ks_lead *l = new_lead(f);
    l->local_time = "2019-11-05 16:48:28";
    ks_lead back = get(f, add(f, l));
    assert_string_equal(back.local_time, "2019-11-05 16:48:28");
    assert_int_equal(count(f, all()), 1);
}

static void test_add_round_trip(void **state)
{
    fixture *f = *state;
    ks_lead *l = new_lead(f);
    l->language = "ro";
    l->followed_up = 1;
    billing_of(l)->country_code = "RO";
    billing_of(l)->email = "ion@example.ro";
    billing_of(l)->first_name = "Ion";
    billing_of(l)->last_name = NULL;
    l->doc = "{\"Currency\":\"USD\",\"Items\":[{\"Code\":\"PROD1\"}],\"Note\":\"\\u00e9\"}";
    ks_lead back = get(f, add(f, l));
    assert_string_equal(back.currency, "USD");
    assert_string_equal(back.language, "ro");
    assert_int_equal(back.followed_up, 1);
    assert_non_null(back.billing);
    assert_string_equal(back.billing->country_code, "RO");
    assert_string_equal(back.billing->email, "ion@example.ro");
    assert_string_equal(back.billing->first_name, "Ion");
    assert_null(back.billing->last_name);
    /* the document comes back byte for byte */
    assert_string_equal(back.doc, l->doc);
    assert_null(back.local_time);

    /* optional fields absent */
    ks_lead *bare = new_lead(f);
    bare->language = NULL;
    bare->billing = NULL;
    back = get(f, add(f, bare));
    assert_null(back.language);
    assert_true(back.billing == NULL ||
                (back.billing->email == NULL && back.billing->country_code == NULL));
    assert_int_equal(back.n_followups, 0);
}

/* --- follow-ups ------------------------------------------------------------------------------- */

/* IMP: reference §8 — "Basic follow-up email 20 min after abandonment if first/last name +
 * email captured; up to 4 extra follow-ups scheduled up to 90 days" */
static void test_followup_schedule(void **state)
{
    fixture *f = *state;
    static const ks_time offsets[KS_LEAD_FOLLOWUPS] = {20 * 60, 86400, 7 * 86400, 30 * 86400,
                                                       90 * 86400};
    ks_lead *l = new_lead(f);
    const char *code = add(f, l);
    assert_int_equal(l->n_followups, KS_LEAD_FOLLOWUPS);
    ks_lead back = get(f, code);
    assert_int_equal(back.n_followups, KS_LEAD_FOLLOWUPS);
    for (int i = 0; i < KS_LEAD_FOLLOWUPS; i++) {
        assert_int_equal(back.followups[i].due, back.created + offsets[i]);
        assert_int_equal(back.followups[i].state, KS_FOLLOWUP_SCHEDULED);
    }

    /* a last name is enough, with the email */
    ks_lead *last = new_lead(f);
    billing_of(last)->first_name = NULL;
    assert_int_equal(get(f, add(f, last)).n_followups, KS_LEAD_FOLLOWUPS);

    /* nobody to write to, or no name to write to */
    static const struct {
        const char *email, *first, *last;
    } none[] = {{NULL, "Jane", "Doe"},
                {"", "Jane", "Doe"},
                {"jane@example.com", NULL, NULL},
                {"jane@example.com", "", ""},
                {NULL, NULL, NULL}};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        ks_lead *x = new_lead(f);
        billing_of(x)->email = none[i].email;
        billing_of(x)->first_name = none[i].first;
        billing_of(x)->last_name = none[i].last;
        assert_int_equal(get(f, add(f, x)).n_followups, 0);
    }
    ks_lead *nobill = new_lead(f);
    nobill->billing = NULL;
    assert_int_equal(get(f, add(f, nobill)).n_followups, 0);
}

/* --- update ----------------------------------------------------------------------------------- */

/* IMP: updateLead — "all the existing data for that lead will be overwritten"; code, origin,
 * creation and used/stopped state are the platform's */
static void test_update(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_lead *l = new_lead(f);
    l->local_time = "2019-11-05 16:48:28";
    const char *code = add(f, l);
    ks_lead before = get(f, code);
    ks_lead_mark_in m = {.code = code, .set_used = 1, .used = 1, .set_stop = 1, .stop = 1};
    assert_ok(ks_lead_mark(&f->ra.ctx, &m, 1, &e), e);
    advance(f, 3600);

    ks_lead *u = new_lead(f);
    u->code = "IGNORED";
    u->currency = "EUR";
    u->language = "de";
    u->followed_up = 1;
    u->items[0].code = "PROD2";
    billing_of(u)->email = "max@example.de";
    billing_of(u)->country_code = "DE";
    u->doc = "{\"Currency\":\"EUR\"}";
    assert_ok(ks_lead_update(&f->ra.ctx, code, u, &e), e);

    ks_lead after = get(f, code);
    /* kept */
    assert_string_equal(after.code, code);
    assert_string_equal(after.generated_from, "API");
    assert_int_equal(after.created, before.created);
    assert_int_equal(after.used, 1);
    assert_int_equal(after.stopped, 1);
    assert_int_equal(after.n_followups, KS_LEAD_FOLLOWUPS);
    for (int i = 0; i < KS_LEAD_FOLLOWUPS; i++) {
        assert_int_equal(after.followups[i].due, before.followups[i].due);
        assert_int_equal(after.followups[i].state, KS_FOLLOWUP_CANCELED); /* still stopped */
    }
    /* replaced, all of it: LocalTime was not sent again */
    assert_int_equal(after.updated, now(f)); /* the business time of the update */
    assert_true(after.updated >= before.created + 3600);
    assert_string_equal(after.currency, "EUR");
    assert_string_equal(after.language, "de");
    assert_int_equal(after.followed_up, 1);
    assert_string_equal(after.billing->email, "max@example.de");
    assert_string_equal(after.billing->country_code, "DE");
    assert_null(after.local_time);
    assert_string_equal(after.doc, "{\"Currency\":\"EUR\"}");
    /* the product codes are the new ones */
    ks_lead_query q = all();
    const char *p1[] = {"PROD1"}, *p2[] = {"PROD2"};
    q.product_codes = p1;
    q.n_product_codes = 1;
    assert_int_equal(count(f, q), 0);
    q.product_codes = p2;
    assert_int_equal(count(f, q), 1);
    assert_int_equal(count(f, all()), 1);
    /* no lead under the code the update carried */
    assert_err(ks_lead_get(&after, &f->ra.ctx, "IGNORED", &e), e, KS_E_LEAD_NOT_FOUND);

    /* without a name any more: no follow-ups */
    ks_lead *anon = new_lead(f);
    billing_of(anon)->first_name = billing_of(anon)->last_name = NULL;
    assert_ok(ks_lead_update(&f->ra.ctx, code, anon, &e), e);
    assert_int_equal(get(f, code).n_followups, 0);
}

/* A follow-up email already sent stays sent when the lead is updated. */
static void test_update_keeps_sent(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_store *s = f->db->store;
    ks_lead *l = new_lead(f);
    l->code = "SENT01";
    l->generated_from = "API";
    l->created = l->updated = now(f) - 2 * 86400;
    l->n_followups = KS_LEAD_FOLLOWUPS;
    static const ks_time offsets[KS_LEAD_FOLLOWUPS] = {20 * 60, 86400, 7 * 86400, 30 * 86400,
                                                       90 * 86400};
    for (int i = 0; i < KS_LEAD_FOLLOWUPS; i++) {
        l->followups[i].due = l->created + offsets[i];
        l->followups[i].state = i < 2 ? KS_FOLLOWUP_SENT : KS_FOLLOWUP_SCHEDULED;
    }
    /* as the follow-up job will have stored it */
    assert_ok(s->ops->lead_insert(s, f->va->id, l, NULL, &e), e);
    ks_lead *u = new_lead(f);
    assert_ok(ks_lead_update(&f->ra.ctx, "SENT01", u, &e), e);
    ks_lead back = get(f, "SENT01");
    assert_int_equal(back.created, l->created);
    assert_int_equal(back.n_followups, KS_LEAD_FOLLOWUPS);
    for (int i = 0; i < KS_LEAD_FOLLOWUPS; i++) {
        assert_int_equal(back.followups[i].due, l->created + offsets[i]);
        assert_int_equal(back.followups[i].state, i < 2 ? KS_FOLLOWUP_SENT : KS_FOLLOWUP_SCHEDULED);
    }
    /* stopping cancels only what was still to send */
    ks_lead_mark_in m = {.code = "SENT01", .set_stop = 1, .stop = 1};
    assert_ok(ks_lead_mark(&f->ra.ctx, &m, 1, &e), e);
    back = get(f, "SENT01");
    for (int i = 0; i < KS_LEAD_FOLLOWUPS; i++)
        assert_int_equal(back.followups[i].state, i < 2 ? KS_FOLLOWUP_SENT : KS_FOLLOWUP_CANCELED);
    m.stop = 0;
    assert_ok(ks_lead_mark(&f->ra.ctx, &m, 1, &e), e);
    back = get(f, "SENT01");
    for (int i = 0; i < KS_LEAD_FOLLOWUPS; i++)
        assert_int_equal(back.followups[i].state, i < 2 ? KS_FOLLOWUP_SENT : KS_FOLLOWUP_SCHEDULED);
}

static void test_update_errors(void **state)
{
    fixture *f = *state;
    ks_err e;
    const char *code = add(f, new_lead(f));
    ks_lead *u = new_lead(f);
    assert_err(ks_lead_update(&f->ra.ctx, "NOSUCHLEAD", u, &e), e, KS_E_LEAD_NOT_FOUND);
    assert_err(ks_lead_update(&f->ra.ctx, "", u, &e), e, KS_E_PARAMETER_MISSING);
    /* invalid data: the same codes as add, and nothing changes */
    u->currency = "EUR";
    u->n_items = 0;
    assert_err(ks_lead_update(&f->ra.ctx, code, u, &e), e, KS_E_LEAD_ITEMS_EMPTY);
    u->n_items = 1;
    u->items[0].code = NULL;
    assert_err(ks_lead_update(&f->ra.ctx, code, u, &e), e, KS_E_LEAD_ITEM_INVALID);
    u->items[0].code = "P";
    u->local_time = "2019-11-05 25:00:00";
    assert_err(ks_lead_update(&f->ra.ctx, code, u, &e), e, KS_E_INVALID_DATE);
    assert_string_equal(get(f, code).currency, "USD");
    assert_int_equal(get(f, code).updated, get(f, code).created);
}

/* --- search ----------------------------------------------------------------------------------- */

static void test_search_filters(void **state)
{
    fixture *f = *state;
    ks_lead *l;
    /* L1: en/US jane, PROD1 — L2: ro/RO ion, PROD2 + PROD3 — L3: en/RO jane, PROD3 */
    l = new_lead(f);
    const char *c1 = add(f, l);
    l = new_lead(f);
    l->language = "ro";
    billing_of(l)->country_code = "RO";
    billing_of(l)->email = "ion@example.ro";
    l->n_items = 2;
    l->items[0].code = "PROD2";
    l->items[1].code = "PROD3";
    const char *c2 = add(f, l);
    l = new_lead(f);
    billing_of(l)->country_code = "RO";
    l->items[0].code = "PROD3";
    const char *c3 = add(f, l);
    /* a dynamic item has no product code to match */
    l = new_lead(f);
    l->items[0] = (ks_lead_item){.name = "PROD1", .is_dynamic = 1, .price = price(f, 10000, 1)};
    const char *c4 = add(f, l);
    (void)c4;

    ks_lead_query q;
    size_t n;
    int64_t total;
    ks_lead *list;

    assert_int_equal(count(f, all()), 4);

    /* LeadCode: one, several, unknown */
    q = all();
    const char *one[] = {c2};
    q.codes = one;
    q.n_codes = 1;
    list = search(f, &q, &n, &total);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].code, c2);
    const char *several[] = {c3, c1, "NOSUCHLEAD"};
    q.codes = several;
    q.n_codes = 3;
    list = search(f, &q, &n, &total);
    assert_int_equal(n, 2);
    /* creation order, whatever the order asked */
    assert_string_equal(list[0].code, c1);
    assert_string_equal(list[1].code, c3);
    const char *unknown[] = {"NOSUCHLEAD"};
    q.codes = unknown;
    q.n_codes = 1;
    assert_int_equal(count(f, q), 0);

    /* Email, ignoring case */
    q = all();
    q.email = "jane@example.com";
    assert_int_equal(count(f, q), 3);
    q.email = "ION@Example.RO";
    assert_int_equal(count(f, q), 1);
    q.email = "nobody@example.com";
    assert_int_equal(count(f, q), 0);

    /* Language, Country */
    q = all();
    q.language = "ro";
    assert_int_equal(count(f, q), 1);
    q.language = "en";
    assert_int_equal(count(f, q), 3);
    q = all();
    q.country = "RO";
    assert_int_equal(count(f, q), 2);
    q.country = "DE";
    assert_int_equal(count(f, q), 0);

    /* ProductCode: a lead matches if any of its catalog items does, once */
    q = all();
    const char *p3[] = {"PROD3"};
    q.product_codes = p3;
    q.n_product_codes = 1;
    list = search(f, &q, &n, &total);
    assert_int_equal(total, 2);
    assert_string_equal(list[0].code, c2);
    assert_string_equal(list[1].code, c3);
    const char *p12[] = {"PROD1", "PROD2", "PROD3"};
    q.product_codes = p12;
    q.n_product_codes = 3;
    assert_int_equal(count(f, q), 3);
    const char *p1[] = {"PROD1"};
    q.product_codes = p1;
    q.n_product_codes = 1;
    list = search(f, &q, &n, &total);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].code, c1);

    /* GeneratedFrom */
    q = all();
    q.generated_from = "API";
    assert_int_equal(count(f, q), 4);
    q.generated_from = "ConvertPlus";
    assert_int_equal(count(f, q), 0);

    /* filters combine with AND */
    q = all();
    q.country = "RO";
    q.language = "en";
    q.email = "jane@example.com";
    q.product_codes = p3;
    q.n_product_codes = 1;
    list = search(f, &q, &n, &total);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].code, c3);
    q.codes = one;
    q.n_codes = 1;
    assert_int_equal(count(f, q), 0);
}

static void test_search_dates(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_lead *list;
    size_t n;
    int64_t total;
    const char *c1 = add(f, new_lead(f));
    ks_time t1 = now(f);
    advance(f, 2 * 86400);
    const char *c2 = add(f, new_lead(f));
    ks_time t2 = now(f);
    advance(f, 2 * 86400);
    const char *c3 = add(f, new_lead(f));
    ks_time t3 = now(f);
    assert_true(t1 < t2 && t2 < t3);

    ks_lead_query q = all();
    /* inclusive bounds on the creation time */
    q.has_start = q.has_end = 1;
    q.start = q.end = t2;
    list = search(f, &q, &n, &total);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].code, c2);
    q = all();
    q.has_start = 1;
    q.start = t2;
    list = search(f, &q, &n, &total);
    assert_int_equal(total, 2);
    assert_string_equal(list[0].code, c2);
    assert_string_equal(list[1].code, c3);
    q = all();
    q.has_end = 1;
    q.end = t2 - 1;
    list = search(f, &q, &n, &total);
    assert_int_equal(total, 1);
    assert_string_equal(list[0].code, c1);
    q.has_start = 1;
    q.start = t3 + 1;
    q.end = t3 + 86400;
    assert_int_equal(count(f, q), 0);

    /* StartDate after EndDate */
    q = all();
    q.has_start = q.has_end = 1;
    q.start = t2;
    q.end = t2 - 1;
    assert_err(ks_lead_search(&list, &n, &total, &f->ra.ctx, &q, &e), e,
               KS_E_LEAD_SEARCH_DATE_RANGE);
}

/* IMP: reference §8 — Pagination{Page, Limit, Count}, "Count = total results"; "default page
 * 1 × 10, max 200 per page" */
static void test_search_pagination(void **state)
{
    fixture *f = *state;
    ks_err e;
    const char *codes[25];
    for (int i = 0; i < 25; i++)
        codes[i] = add(f, new_lead(f));
    ks_lead_query q = all();
    ks_lead *list;
    size_t n;
    int64_t total;

    q.limit = 10;
    for (int page = 1; page <= 3; page++) {
        q.page = page;
        list = search(f, &q, &n, &total);
        assert_int_equal(total, 25);
        assert_int_equal(n, page < 3 ? 10 : 5);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(list[i].code, codes[(page - 1) * 10 + (int)i]);
    }
    /* past the end: no items, the right Count */
    q.page = 4;
    search(f, &q, &n, &total);
    assert_int_equal(n, 0);
    assert_int_equal(total, 25);
    q.page = 1000000;
    search(f, &q, &n, &total);
    assert_int_equal(n, 0);
    assert_int_equal(total, 25);
    /* a page number so large that page * limit overflows */
    q.page = INT64_MAX;
    q.limit = 200;
    search(f, &q, &n, &total);
    assert_int_equal(n, 0);
    assert_int_equal(total, 25);
    q.page = INT64_MAX / 200 + 2;
    search(f, &q, &n, &total);
    assert_int_equal(n, 0);
    assert_int_equal(total, 25);
    /* limits */
    q.page = 1;
    q.limit = 1;
    list = search(f, &q, &n, &total);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].code, codes[0]);
    q.limit = 200;
    search(f, &q, &n, &total);
    assert_int_equal(n, 25);
    q.page = 25;
    q.limit = 1;
    list = search(f, &q, &n, &total);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].code, codes[24]);

    static const int64_t bad[][2] = {{0, 10},  {-1, 10},        {1, 0},        {1, -5},
                                     {1, 201}, {INT64_MIN, 10}, {1, INT64_MAX}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        q.page = bad[i][0];
        q.limit = bad[i][1];
        assert_err(ks_lead_search(&list, &n, &total, &f->ra.ctx, &q, &e), e,
                   KS_E_INVALID_PAGINATION);
    }
    /* a filter that matches nothing */
    q = all();
    q.email = "nobody@example.com";
    search(f, &q, &n, &total);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
}

/* IMP: reference §8 — Type ∈ New, Used, UsedSuccess, Stopped, NotStopped */
static void test_search_type(void **state)
{
    fixture *f = *state;
    ks_err e;
    const char *fresh = add(f, new_lead(f));
    const char *used = add(f, new_lead(f));
    const char *stopped = add(f, new_lead(f));
    ks_lead_mark_in m[] = {{.code = used, .set_used = 1, .used = 1},
                           {.code = stopped, .set_stop = 1, .stop = 1}};
    assert_ok(ks_lead_mark(&f->ra.ctx, m, 2, &e), e);
    /* a lead whose cart became an order, as the order flow will store it */
    ks_lead *l = new_lead(f);
    l->code = "SUCCESS01";
    l->generated_from = "API";
    l->created = l->updated = now(f);
    l->used = l->used_success = 1;
    assert_ok(f->db->store->ops->lead_insert(f->db->store, f->va->id, l, NULL, &e), e);

    static const struct {
        ks_lead_type type;
        const char *name;
        int64_t count;
    } cases[] = {
        {KS_LEAD_TYPE_ANY, NULL, 4},          {KS_LEAD_TYPE_NEW, "New", 2},
        {KS_LEAD_TYPE_USED, "Used", 2},       {KS_LEAD_TYPE_USED_SUCCESS, "UsedSuccess", 1},
        {KS_LEAD_TYPE_STOPPED, "Stopped", 1}, {KS_LEAD_TYPE_NOT_STOPPED, "NotStopped", 3}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ks_lead_query q = all();
        if (cases[i].name) {
            assert_int_equal(ks_lead_type_parse(&q.type, cases[i].name), 0);
            assert_int_equal(q.type, cases[i].type);
        }
        if (count(f, q) != cases[i].count)
            print_error("Type %s\n", cases[i].name ? cases[i].name : "(any)");
        assert_int_equal(count(f, q), cases[i].count);
    }
    ks_lead_query q = all();
    q.type = KS_LEAD_TYPE_NEW;
    const char *codes[] = {fresh, stopped};
    size_t n;
    int64_t total;
    ks_lead *list = search(f, &q, &n, &total);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].code, codes[0]);
    assert_string_equal(list[1].code, codes[1]);

    /* marked back: every count follows */
    ks_lead_mark_in back[] = {{.code = used, .set_used = 1, .used = 0},
                              {.code = stopped, .set_stop = 1, .stop = 0}};
    assert_ok(ks_lead_mark(&f->ra.ctx, back, 2, &e), e);
    static const struct {
        ks_lead_type type;
        int64_t count;
    } after[] = {{KS_LEAD_TYPE_ANY, 4},          {KS_LEAD_TYPE_NEW, 3},
                 {KS_LEAD_TYPE_USED, 1},         {KS_LEAD_TYPE_USED_SUCCESS, 1},
                 {KS_LEAD_TYPE_STOPPED, 0},      {KS_LEAD_TYPE_NOT_STOPPED, 4}};
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
        q = all();
        q.type = after[i].type;
        assert_int_equal(count(f, q), after[i].count);
    }

    ks_lead_type t;
    assert_int_equal(ks_lead_type_parse(&t, "Abandoned"), -1);
    assert_int_equal(ks_lead_type_parse(&t, ""), -1);
}

/* --- mark ------------------------------------------------------------------------------------- */

static void test_mark(void **state)
{
    fixture *f = *state;
    ks_err e;
    const char *a = add(f, new_lead(f));
    const char *b = add(f, new_lead(f));
    advance(f, 60);

    ks_lead_mark_in used = {.code = a, .set_used = 1, .used = 1};
    assert_ok(ks_lead_mark(&f->ra.ctx, &used, 1, &e), e);
    ks_lead la = get(f, a);
    assert_int_equal(la.used, 1);
    assert_int_equal(la.stopped, 0);
    assert_int_equal(la.updated, now(f));
    assert_true(la.updated >= la.created + 60);
    /* a used lead (its cart became an order) gets no more follow-ups */
    for (size_t i = 0; i < la.n_followups; i++)
        assert_int_equal(la.followups[i].state, KS_FOLLOWUP_CANCELED);
    assert_int_equal(get(f, b).used, 0);

    /* stopping cancels what is scheduled; restarting schedules it again */
    ks_lead_mark_in stop = {.code = b, .set_stop = 1, .stop = 1};
    assert_ok(ks_lead_mark(&f->ra.ctx, &stop, 1, &e), e);
    ks_lead lb = get(f, b);
    assert_int_equal(lb.stopped, 1);
    assert_int_equal(lb.used, 0);
    assert_int_equal(lb.n_followups, KS_LEAD_FOLLOWUPS);
    for (size_t i = 0; i < lb.n_followups; i++)
        assert_int_equal(lb.followups[i].state, KS_FOLLOWUP_CANCELED);
    stop.stop = 0;
    assert_ok(ks_lead_mark(&f->ra.ctx, &stop, 1, &e), e);
    lb = get(f, b);
    assert_int_equal(lb.stopped, 0);
    for (size_t i = 0; i < lb.n_followups; i++)
        assert_int_equal(lb.followups[i].state, KS_FOLLOWUP_SCHEDULED);

    /* un-using schedules them again; a mark that sets nothing changes nothing */
    used.used = 0;
    assert_ok(ks_lead_mark(&f->ra.ctx, &used, 1, &e), e);
    assert_int_equal(get(f, a).used, 0);
    la = get(f, a);
    for (size_t i = 0; i < la.n_followups; i++)
        assert_int_equal(la.followups[i].state, KS_FOLLOWUP_SCHEDULED);
    ks_lead_mark_in nothing = {.code = a};
    assert_ok(ks_lead_mark(&f->ra.ctx, &nothing, 1, &e), e);
    assert_int_equal(get(f, a).used, 0);
    assert_int_equal(get(f, a).stopped, 0);

    /* both at once, on several leads */
    ks_lead_mark_in both[] = {{.code = a, .set_used = 1, .used = 1, .set_stop = 1, .stop = 1},
                              {.code = b, .set_used = 1, .used = 1}};
    assert_ok(ks_lead_mark(&f->ra.ctx, both, 2, &e), e);
    assert_int_equal(get(f, a).used, 1);
    assert_int_equal(get(f, a).stopped, 1);
    assert_int_equal(get(f, b).used, 1);
    assert_int_equal(get(f, b).stopped, 0);

    /* nothing to mark */
    assert_err(ks_lead_mark(&f->ra.ctx, both, 0, &e), e, KS_E_PARAMETER_MISSING);
    ks_lead_mark_in nocode[] = {{.code = a, .set_used = 1}, {.code = "", .set_used = 1}};
    assert_err(ks_lead_mark(&f->ra.ctx, nocode, 2, &e), e, KS_E_PARAMETER_MISSING);
    nocode[1].code = NULL;
    assert_err(ks_lead_mark(&f->ra.ctx, nocode, 2, &e), e, KS_E_PARAMETER_MISSING);
    assert_int_equal(get(f, a).used, 1);
}

/* IMP: markLeads — all or nothing: the unknown code is named, nothing is marked */
static void test_mark_all_or_nothing(void **state)
{
    fixture *f = *state;
    ks_err e;
    const char *a = add(f, new_lead(f));
    const char *b = add(f, new_lead(f));
    ks_lead before_a = get(f, a);
    advance(f, 60);
    ks_lead_mark_in m[] = {{.code = a, .set_used = 1, .used = 1, .set_stop = 1, .stop = 1},
                           {.code = "NOSUCHLEAD", .set_used = 1, .used = 1},
                           {.code = b, .set_used = 1, .used = 1}};
    assert_err(ks_lead_mark(&f->ra.ctx, m, 3, &e), e, KS_E_LEAD_NOT_FOUND);
    assert_non_null(strstr(e.msg, "NOSUCHLEAD"));
    ks_lead la = get(f, a), lb = get(f, b);
    assert_int_equal(la.used, 0);
    assert_int_equal(la.stopped, 0);
    assert_int_equal(la.updated, before_a.updated);
    for (size_t i = 0; i < la.n_followups; i++)
        assert_int_equal(la.followups[i].state, KS_FOLLOWUP_SCHEDULED);
    assert_int_equal(lb.used, 0);
    ks_lead_query q = all();
    q.type = KS_LEAD_TYPE_USED;
    assert_int_equal(count(f, q), 0);
}

/* --- vendors ---------------------------------------------------------------------------------- */

/* Every row belongs to one vendor; no call can read or change another vendor's data. */
static void test_vendor_isolation(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_lead l;
    const char *code = add(f, new_lead(f));
    ks_lead before = get(f, code);

    assert_err(ks_lead_get(&l, &f->rb.ctx, code, &e), e, KS_E_LEAD_NOT_FOUND);
    ks_lead *u = new_lead(f);
    u->currency = "EUR";
    assert_err(ks_lead_update(&f->rb.ctx, code, u, &e), e, KS_E_LEAD_NOT_FOUND);
    ks_lead_mark_in m = {.code = code, .set_used = 1, .used = 1, .set_stop = 1, .stop = 1};
    assert_err(ks_lead_mark(&f->rb.ctx, &m, 1, &e), e, KS_E_LEAD_NOT_FOUND);

    ks_lead_query q = all();
    const char *codes[] = {code};
    ks_lead *list;
    size_t n;
    int64_t total;
    assert_ok(ks_lead_search(&list, &n, &total, &f->rb.ctx, &q, &e), e);
    assert_int_equal(total, 0);
    q.codes = codes;
    q.n_codes = 1;
    assert_ok(ks_lead_search(&list, &n, &total, &f->rb.ctx, &q, &e), e);
    assert_int_equal(total, 0);
    assert_int_equal(n, 0);

    /* A's lead is as it was */
    ks_lead after = get(f, code);
    assert_string_equal(after.currency, before.currency);
    assert_int_equal(after.used, 0);
    assert_int_equal(after.stopped, 0);
    assert_int_equal(after.updated, before.updated);

    /* B's lead under the same code is B's alone */
    ks_lead *mine = new_lead(f);
    mine->code = code;
    mine->currency = "GBP";
    assert_ok(ks_lead_add(&f->rb.ctx, mine, &e), e);
    assert_ok(ks_lead_mark(&f->rb.ctx, &m, 1, &e), e);
    assert_ok(ks_lead_get(&l, &f->rb.ctx, code, &e), e);
    assert_string_equal(l.currency, "GBP");
    assert_int_equal(l.used, 1);
    after = get(f, code);
    assert_string_equal(after.currency, "USD");
    assert_int_equal(after.used, 0);
    assert_int_equal(count(f, all()), 1);
}

/* --- the store table directly ----------------------------------------------------------------- */

/* What a backend must keep of a lead, every field set. */
/* A merge that replaces the stored lead with arg, keeping only its code. */
static int replace_with(ks_lead *next, ks_job_list *jobs, const ks_lead *cur, void *arg,
                        ks_err *err)
{
    (void)err;
    (void)jobs;
    *next = *(const ks_lead *)arg;
    next->code = cur->code;
    return 0;
}

static void test_store_round_trip(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_store *s = f->db->store;
    ks_lead *l = new_lead(f);
    l->code = "STORE01";
    l->generated_from = "shopping cart";
    l->local_time = "2019-11-05 16:48:28";
    l->followed_up = 1;
    l->used = 1;
    l->used_success = 1;
    l->stopped = 1;
    l->created = 1600000000;
    l->updated = 1600000100;
    l->doc = "{\"x\":[1,2,3],\"s\":\"\\\"quoted\\\" and 'single'\"}";
    l->n_followups = 3;
    l->followups[0] = (ks_lead_followup){1600001200, KS_FOLLOWUP_SENT};
    l->followups[1] = (ks_lead_followup){1600086400, KS_FOLLOWUP_CANCELED};
    l->followups[2] = (ks_lead_followup){1600604800, KS_FOLLOWUP_SCHEDULED};
    assert_ok(s->ops->lead_insert(s, f->va->id, l, NULL, &e), e);

    ks_lead b;
    assert_ok(s->ops->lead_get(s, f->ra.ctx.arena, f->va->id, "STORE01", &b, &e), e);
    assert_string_equal(b.code, "STORE01");
    assert_string_equal(b.generated_from, "shopping cart");
    assert_string_equal(b.currency, "USD");
    assert_string_equal(b.language, "en");
    assert_string_equal(b.local_time, "2019-11-05 16:48:28");
    assert_string_equal(b.billing->email, "jane@example.com");
    assert_string_equal(b.billing->first_name, "Jane");
    assert_string_equal(b.billing->last_name, "Doe");
    assert_string_equal(b.billing->country_code, "US");
    assert_int_equal(b.followed_up, 1);
    assert_int_equal(b.used, 1);
    assert_int_equal(b.used_success, 1);
    assert_int_equal(b.stopped, 1);
    assert_int_equal(b.created, 1600000000);
    assert_int_equal(b.updated, 1600000100);
    assert_string_equal(b.doc, l->doc);
    assert_int_equal(b.n_followups, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(b.followups[i].due, l->followups[i].due);
        assert_int_equal(b.followups[i].state, l->followups[i].state);
    }

    /* search returns the same */
    ks_lead_query q = all();
    ks_lead *list;
    size_t n;
    int64_t total;
    assert_ok(s->ops->lead_search(s, f->ra.ctx.arena, f->va->id, &q, &list, &n, &total, &e), e);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].doc, l->doc);
    assert_int_equal(list[0].n_followups, 3);
    assert_int_equal(list[0].followups[0].state, KS_FOLLOWUP_SENT);

    /* replace keeps nothing of the old row but its identity */
    ks_lead *r = new_lead(f);
    r->code = "STORE01";
    r->generated_from = "API";
    r->created = 1700000000;
    r->updated = 1700000001;
    r->doc = "{}";
    r->language = NULL;
    assert_ok(s->ops->lead_update(s, f->ra.ctx.arena, f->va->id, r->code, replace_with, r, &e),
              e);
    assert_ok(s->ops->lead_get(s, f->ra.ctx.arena, f->va->id, "STORE01", &b, &e), e);
    assert_string_equal(b.generated_from, "API");
    assert_null(b.language);
    assert_null(b.local_time);
    assert_int_equal(b.used, 0);
    assert_int_equal(b.created, 1700000000);
    assert_int_equal(b.n_followups, 0);
    assert_string_equal(b.doc, "{}");
}

/* A lead_mark apply function of the test: sets used and the time given. */
static void mark_used(ks_lead *l, const ks_lead_mark_in *m, void *arg)
{
    l->used = m->used;
    l->updated = *(const ks_time *)arg;
}

static void test_store_errors(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_store *s = f->db->store;
    ks_lead b;
    ks_lead *l = new_lead(f);
    l->code = "STORE02";
    l->generated_from = "API";
    assert_ok(s->ops->lead_insert(s, f->va->id, l, NULL, &e), e);
    assert_err(s->ops->lead_insert(s, f->va->id, l, NULL, &e), e, KS_E_LEAD_CODE_DUPLICATE);
    assert_err(s->ops->lead_get(s, f->ra.ctx.arena, f->va->id, "NOSUCH", &b, &e), e,
               KS_E_LEAD_NOT_FOUND);
    assert_err(s->ops->lead_get(s, f->ra.ctx.arena, f->vb->id, "STORE02", &b, &e), e,
               KS_E_LEAD_NOT_FOUND);
    assert_err(s->ops->lead_update(s, f->ra.ctx.arena, f->va->id, "NOSUCH", replace_with, l, &e),
               e, KS_E_LEAD_NOT_FOUND);
    assert_err(s->ops->lead_update(s, f->ra.ctx.arena, f->vb->id, "STORE02", replace_with, l, &e),
               e, KS_E_LEAD_NOT_FOUND);
    ks_lead_mark_in m = {.code = "STORE02", .set_used = 1, .used = 1};
    ks_time t = 1234;
    assert_err(s->ops->lead_mark(s, f->ra.ctx.arena, f->vb->id, &m, 1, mark_used, &t, &e), e,
               KS_E_LEAD_NOT_FOUND);
    assert_ok(s->ops->lead_mark(s, f->ra.ctx.arena, f->va->id, &m, 1, mark_used, &t, &e), e);
    assert_ok(s->ops->lead_get(s, f->ra.ctx.arena, f->va->id, "STORE02", &b, &e), e);
    assert_int_equal(b.used, 1);
    assert_int_equal(b.updated, 1234);
    /* the failed calls left no transaction open: a write still goes through */
    l->code = "STORE03";
    assert_ok(s->ops->lead_insert(s, f->va->id, l, NULL, &e), e);
}

/* Several servers (here threads, each request on its own connection) add and search at once:
 * every add lands, under its own code, and every search sees a consistent page. */
#define THREADS 6
#define ADDS    15

typedef struct {
    fixture *f;
    int failures;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *w = p;
    for (int i = 0; i < ADDS; i++) {
        unit_req r;
        ks_err e;
        ks_lead l;
        ks_lead *list;
        size_t n;
        int64_t total;
        ks_lead_query q = all();
        unit_req_init(&r, w->f->db->store, w->f->va);
        memset(&l, 0, sizeof l);
        l.currency = "USD";
        l.items = ks_arena_alloc(r.ctx.arena, sizeof *l.items);
        l.items[0].code = "PROD1";
        l.n_items = 1;
        l.doc = "{}";
        if (ks_lead_add(&r.ctx, &l, &e) || ks_lead_search(&list, &n, &total, &r.ctx, &q, &e) ||
            (int64_t)n != total)
            w->failures++;
        unit_req_done(&r);
    }
    return NULL;
}

static void test_concurrent_adds(void **state)
{
    fixture *f = *state;
    pthread_t t[THREADS];
    worker_arg args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (worker_arg){f, 0};
        assert_int_equal(pthread_create(&t[i], NULL, worker, &args[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(args[i].failures, 0);
    }
    size_t n;
    int64_t total;
    ks_lead_query q = all();
    ks_lead *list = search(f, &q, &n, &total);
    assert_int_equal(total, THREADS * ADDS);
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(list[i].code, list[j].code);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_add_generated_code),
        T(test_add_explicit_code),
        T(test_add_items_empty),
        T(test_add_item_invalid),
        T(test_add_local_time),
        T(test_add_round_trip),
        T(test_followup_schedule),
        T(test_update),
        T(test_update_keeps_sent),
        T(test_update_errors),
        T(test_search_filters),
        T(test_search_dates),
        T(test_search_pagination),
        T(test_search_type),
        T(test_mark),
        T(test_mark_all_or_nothing),
        T(test_vendor_isolation),
        T(test_store_round_trip),
        T(test_store_errors),
        T(test_concurrent_adds),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
