/* test_orders.c — src/domain/address.c (the states table, VAT IDs, Brazilian CPF/CNPJ) and
 * src/domain/order.c (the status machine, placeOrder over a real SQLite store: what is stored
 * and what is not, refunds, the 3-D Secure step, the customers and subscriptions orders
 * create). */
#include "unit.h"

#include "domain/address.h"
#include "domain/clock.h"
#include "domain/customer.h"
#include "domain/demo.h"
#include "domain/order.h"
#include "domain/renewal.h"
#include "domain/subscription.h"

/* --- states ---------------------------------------------------------------------------------- */

static void states(void **state)
{
    (void)state;
    static const char *const six[] = {"US", "CA", "BR", "TR", "IN", "RO"};
    for (size_t i = 0; i < 6; i++)
        assert_true(ks_state_required(six[i]));
    assert_false(ks_state_required("DE"));
    assert_false(ks_state_required(NULL));
    static const struct {
        const char *country, *state, *code;
    } ok[] = {
        {"US", "California", "CA"},   {"US", "california", "CA"},  {"US", "ca", "CA"},
        {"US", "US-NY", "NY"},        {"US", "District of Columbia", "DC"},
        {"US", "new   york", "NY"},   {"CA", "Québec", "QC"},      {"CA", "QUEBEC", "QC"},
        {"CA", "Newfoundland and Labrador", "NL"},
        {"BR", "São Paulo", "SP"},    {"BR", "SAO PAULO", "SP"},   {"BR", "são paulo", "SP"},
        {"BR", "Espírito Santo", "ES"}, {"BR", "df", "DF"},
        {"TR", "İstanbul", "34"},     {"TR", "istanbul", "34"},    {"TR", "34", "34"},
        {"TR", "Şanlıurfa", "63"},    {"TR", "sanliurfa", "63"},   {"TR", "Düzce", "81"},
        {"IN", "Karnataka", "KA"},    {"IN", "tamil nadu", "TN"},  {"IN", "Odisha", "OR"},
        {"IN", "OD", "OD"},           {"RO", "București", "B"},    {"RO", "Bucuresti", "B"},
        {"RO", "b", "B"},             {"RO", "Bistrița-Năsăud", "BN"},
        {"RO", "bistrita nasaud", "BN"}, {"RO", "Iași", "IS"},     {"RO", "CJ", "CJ"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        const char *c = ks_state_code(ok[i].country, ok[i].state);
        if (!c || strcmp(c, ok[i].code) != 0)
            print_error("%s %s -> %s, expected %s\n", ok[i].country, ok[i].state,
                        c ? c : "NULL", ok[i].code);
        assert_non_null(c);
        assert_string_equal(c, ok[i].code);
    }
    assert_null(ks_state_code("US", "Narnia"));
    assert_null(ks_state_code("US", "ZZ"));
    assert_null(ks_state_code("US", ""));
    assert_null(ks_state_code("US", "São Paulo")); /* a state of another country */
    assert_null(ks_state_code("DE", "Berlin"));  /* not one of the six */
    assert_null(ks_state_code("TR", "99"));
}

/* --- VAT IDs --------------------------------------------------------------------------------- */

static void vat_ids(void **state)
{
    (void)state;
    /* public examples of valid numbers, checksums included */
    static const char *const valid[] = {
        "ATU13585627",   "BE0403019261",  "BE403019261",   "DE136695976",   "DE 136 695 976",
        "DK13585628",    "EL094259216",   "FI20774740",    "FR40303265045", "FRXX303265045",
        "HR33392005961", "IT00743110157", "LU15027442",    "PL8567346215",  "PT501964843",
        "RO18547290",    "SE123456789701", "SI50223054",   "SK2022749619",  "NL004495445B01",
        "ESA13585625",   "CY10259033P",   "CZ25123891",    "EE100931558",   "HU12892312",
        "IE6433435F",    "IE6433435FW",   "LT119511515",   "LV40003521600", "MT11679112",
        "BG175074752",   "XI980780684",   "GB980780684",   "de136695976",   "DE-136.695.976",
    };
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        if (!ks_vat_id_valid("DE", valid[i]))
            print_error("%s should be valid\n", valid[i]);
        assert_true(ks_vat_id_valid("DE", valid[i]));
    }
    static const char *const invalid[] = {
        "ATU13585626",  "BE0403019262", "BE2403019261", "DE136695977", "DE036695976",
        "DE13669597",   "DK13585627",   "EL094259217",  "FI20774741",  "FR41303265045",
        "HR33392005962", "IT00743110158", "LU15027443", "PL8567346216", "PT501964844",
        "RO18547291",   "SE123456789702", "SE123456789801", "SI50223055", "SK2022749618",
        "NL004495445A01", "CY102590339", "IE643343", "DE", "DE!36695976", "",
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        if (ks_vat_id_valid("DE", invalid[i]))
            print_error("%s should be invalid\n", invalid[i]);
        assert_false(ks_vat_id_valid("DE", invalid[i]));
    }
    /* without a prefix, the billing country's format */
    assert_true(ks_vat_id_valid("DE", "136695976"));
    assert_true(ks_vat_id_valid("GR", "094259216"));
    assert_true(ks_vat_id_valid("IT", "00743110157"));
    assert_false(ks_vat_id_valid("IT", "136695976"));
    /* outside the EU: the company's tax number, letters and digits */
    assert_true(ks_vat_id_valid("US", "12-3456789"));
    assert_true(ks_vat_id_valid("IN", "27AAPFU0939F1ZV"));
    assert_false(ks_vat_id_valid("US", "123"));
    assert_false(ks_vat_id_valid("US", NULL));
}

static void brazil_fiscal_codes(void **state)
{
    (void)state;
    assert_true(ks_br_fiscal_code_valid("529.982.247-25"));
    assert_true(ks_br_fiscal_code_valid("52998224725"));
    assert_true(ks_br_fiscal_code_valid("123.456.789-09"));
    assert_true(ks_br_fiscal_code_valid("11.222.333/0001-81"));
    assert_true(ks_br_fiscal_code_valid("11222333000181"));
    assert_false(ks_br_fiscal_code_valid("529.982.247-24"));
    assert_false(ks_br_fiscal_code_valid("123.456.789-00"));
    assert_false(ks_br_fiscal_code_valid("111.111.111-11")); /* passes the sums, not a number */
    assert_false(ks_br_fiscal_code_valid("11.222.333/0001-82"));
    assert_false(ks_br_fiscal_code_valid("1234567890"));
    assert_false(ks_br_fiscal_code_valid("5299822472a"));
    assert_false(ks_br_fiscal_code_valid(NULL));
}

/* --- the status machine ---------------------------------------------------------------------- */

static void status_machine(void **state)
{
    (void)state;
    static const ks_order_status all[] = {KS_ORDER_PENDING,  KS_ORDER_AUTHRECEIVED,
                                          KS_ORDER_COMPLETE, KS_ORDER_REVERSED,
                                          KS_ORDER_REFUND,   KS_ORDER_CANCELED};
    /* the allowed moves, and no other */
    static const int allowed[6][6] = {
        /*              PEND AUTH COMP REV  REF  CANC */
        /* PENDING  */ {0, 1, 0, 0, 0, 1},
        /* AUTHREC  */ {0, 0, 1, 1, 0, 1},
        /* COMPLETE */ {0, 0, 0, 0, 1, 0},
        /* REVERSED */ {0, 0, 0, 0, 0, 0},
        /* REFUND   */ {0, 0, 0, 0, 0, 0},
        /* CANCELED */ {0, 0, 0, 0, 0, 0},
    };
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            assert_int_equal(ks_order_status_can(all[i], all[j]), allowed[i][j]);
    /* COMPLETE is only reached through AUTHRECEIVED */
    assert_false(ks_order_status_can(KS_ORDER_PENDING, KS_ORDER_COMPLETE));
    ks_order_status s;
    ks_approve_status a;
    assert_int_equal(ks_order_status_parse(&s, "authreceived"), 0);
    assert_int_equal(s, KS_ORDER_AUTHRECEIVED);
    assert_string_equal(ks_order_status_name(KS_ORDER_REFUND), "REFUND");
    assert_int_equal(ks_order_status_parse(&s, "DONE"), -1);
    assert_int_equal(ks_approve_status_parse(&a, "INVALIDDATA"), 0);
    assert_int_equal(a, KS_APPROVE_INVALIDDATA);
    assert_string_equal(ks_approve_status_name(KS_APPROVE_FRAUD), "FRAUD");
}

/* --- placeOrder over a real store ------------------------------------------------------------- */

typedef struct {
    unit_db *db;
    ks_arena *a;
    ks_vendor *v;
    unit_req r;
    ks_arena *done[16]; /* arenas of earlier "requests": what they returned stays readable */
    int n_done;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ks_err e;
    int created;
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->v = unit_vendor(f->a, f->db->store, "ORD", "SECRET_KEY_A");
    unit_req_init(&f->r, f->db->store, f->v);
    assert_ok(ks_demo_seed(&created, &f->r.ctx, &e), e);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unit_req_done(&f->r);
    for (int i = 0; i < f->n_done; i++)
        ks_arena_free(f->done[i]);
    ks_arena_free(f->a);
    unit_db_close(f->db);
    free(f);
    return 0;
}

/* A new "request" (its own arena, business time read again); the last one's results stay. */
static void next_request(fixture *f)
{
    assert_true(f->n_done < 16);
    f->done[f->n_done++] = f->r.ctx.arena;
    unit_req_init(&f->r, f->db->store, f->v);
}

static const ks_address john = {.first_name = "John",
                                .last_name = "Doe",
                                .email = "john@example.com",
                                .address1 = "1 Main St",
                                .city = "Springfield",
                                .zip = "12345",
                                .country_code = "US",
                                .state = "IL"};

/* An order of items (arena arrays) paid with a test card. */
static ks_order_in order_of(fixture *f, ks_cart_item *items, size_t n, const char *number)
{
    ks_order_in in;
    ks_payment_method_in *m = ks_arena_alloc(f->r.ctx.arena, sizeof *m);
    ks_payment_in *p = ks_arena_alloc(f->r.ctx.arena, sizeof *p);
    memset(&in, 0, sizeof in);
    m->card_number = number;
    m->exp_month = "12";
    m->exp_year = "2099";
    m->holder_name = "John Doe";
    m->return_3ds = "https://shop.example.com/ok";
    m->cancel_3ds = "https://shop.example.com/no";
    m->recurring_enabled = 1;
    m->has_recurring_enabled = 1;
    p->type = "TEST";
    p->currency = "USD";
    p->method = m;
    in.cart.items = items;
    in.cart.n_items = n;
    in.cart.billing = &john;
    in.payment = p;
    in.local_time = "2025-01-01 12:00:00";
    in.doc = "{}";
    return in;
}

static int64_t count_orders(fixture *f)
{
    ks_order *list;
    size_t n;
    int64_t total;
    ks_err e;
    ks_order_query q = {.page = 1, .limit = 1};
    assert_ok(ks_order_search(&list, &n, &total, &f->r.ctx, &q, &e), e);
    return total;
}

static void place_and_read(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_order o, got;
    ks_cart_item items[] = {{.code = "USB-KEY", .quantity = 2, .has_quantity = 1}};
    ks_order_in in = order_of(f, items, 1, "4111111111111111");
    assert_ok(ks_order_place(&o, &f->r.ctx, &in, &e), e);
    assert_int_equal(strlen(o.ref_no), KS_REFNO_LEN);
    assert_int_equal(o.status, KS_ORDER_COMPLETE);
    assert_int_equal(o.n_history, 3);
    assert_int_equal(o.history[0].status, KS_ORDER_PENDING);
    assert_int_equal(o.history[1].status, KS_ORDER_AUTHRECEIVED);
    assert_int_equal(o.history[2].status, KS_ORDER_COMPLETE);
    assert_int_equal(o.gross_discounted, 3000); /* 2 x 15.00 USD */
    assert_string_equal(o.card_last4, "1111");
    assert_true(o.test);
    next_request(f);
    assert_ok(ks_order_get(&got, &f->r.ctx, o.ref_no, &e), e);
    assert_int_equal(got.status, KS_ORDER_COMPLETE);
    assert_int_equal(got.n_lines, 1);
    assert_int_equal(got.lines[0].price.gross, 3000);
    assert_int_equal(got.n_history, 3);
    assert_int_equal(got.customer.reference, o.customer.reference);
    assert_err(ks_order_get(&got, &f->r.ctx, "000000000", &e), e, KS_E_ORDER_NOT_FOUND);
}

static void failures_store_nothing(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_order o;
    ks_cart_item items[] = {{.code = "USB-KEY", .quantity = 1, .has_quantity = 1}};
    ks_order_in in = order_of(f, items, 1, "4111111111111112");
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e, KS_E_PAYMENT_CARD_NUMBER_INVALID);
    in = order_of(f, items, 1, "4111111111111111");
    ks_address no_state = john;
    no_state.state = NULL;
    in.cart.billing = &no_state;
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e, KS_E_ORDER_BILLING_STATE_INVALID);
    in = order_of(f, items, 1, "4111111111111111");
    in.cart.currency = "EUR";
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e, KS_E_ORDER_CURRENCY_MISMATCH);
    in = order_of(f, items, 1, "4111111111111111");
    in.external_reference = "0123456789012345678901234567890123456789012345678901234567890123"
                            "4567890123456789012345678901234567890"; /* 101 */
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e, KS_E_ORDER_EXTERNAL_REFERENCE_INVALID);
    assert_int_equal(count_orders(f), 0);
    /* a refused payment is stored, PENDING with its Errors */
    in = order_of(f, items, 1, "4000000000000002");
    assert_ok(ks_order_place(&o, &f->r.ctx, &in, &e), e);
    assert_int_equal(o.status, KS_ORDER_PENDING);
    assert_int_equal(o.n_errors, 1);
    assert_string_equal(o.errors[0].code, "PAYMENT_DECLINED");
    assert_int_equal(count_orders(f), 1);
    /* its payment retried with a good card: the same order completes, its Errors gone */
    const char *ref_no = o.ref_no;
    ks_order_in retry = order_of(f, items, 1, "4111111111111111");
    retry.ref_no = ref_no;
    assert_ok(ks_order_place(&o, &f->r.ctx, &retry, &e), e);
    assert_string_equal(o.ref_no, ref_no);
    assert_int_equal(o.status, KS_ORDER_COMPLETE);
    assert_int_equal(o.n_errors, 0);
    assert_int_equal(count_orders(f), 1);
    /* paid: no second payment; an unknown RefNo is not found */
    assert_err(ks_order_place(&o, &f->r.ctx, &retry, &e), e,
               KS_E_ORDER_PAYMENT_RETRY_NOT_ALLOWED);
    retry.ref_no = "999999999";
    assert_err(ks_order_place(&o, &f->r.ctx, &retry, &e), e, KS_E_ORDER_NOT_FOUND);
}

static void dynamic_rules(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_order o;
    ks_cart_price price = {.amount = 20 * KS_DEC_SCALE, .has_amount = 1};
    ks_cart_item it = {.quantity = 1, .has_quantity = 1, .is_dynamic = 1, .has_is_dynamic = 1,
                       .name = "Thing", .tangible = 0, .has_tangible = 1,
                       .purchase_type = "PRODUCT", .price = &price, .code = "IGNORED"};
    ks_cart_item items[1] = {it};
    ks_order_in in = order_of(f, items, 1, "4111111111111111");
    assert_ok(ks_order_place(&o, &f->r.ctx, &in, &e), e);
    assert_null(o.lines[0].code);
    assert_true(o.lines[0].is_dynamic);
    items[0] = it;
    items[0].purchase_type = "TAX"; /* a MoR vendor sells PRODUCT and COUPON */
    in = order_of(f, items, 1, "4111111111111111");
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e,
               KS_E_ORDER_PRODUCT_PURCHASE_TYPE_INVALID);
    items[0] = it;
    items[0].has_tangible = 0;
    in = order_of(f, items, 1, "4111111111111111");
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e, KS_E_ORDER_PRODUCT_TANGIBLE_INVALID);
    items[0] = it;
    items[0].is_dynamic = 0;
    items[0].code = NULL;
    in = order_of(f, items, 1, "4111111111111111");
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e,
               KS_E_ORDER_PRODUCT_IS_DYNAMIC_INVALID);
    ks_item_recurring rec = {.cycle_length = 1, .has_cycle_length = 1, .cycle_unit = "MONTH"};
    items[0] = it;
    items[0].purchase_type = "COUPON";
    items[0].recurring = &rec;
    in = order_of(f, items, 1, "4111111111111111");
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e,
               KS_E_ORDER_PRODUCT_RECURRING_OPTIONS_INVALID);
    items[0] = it;
    items[0].subscription_start = "2030-02-30";
    in = order_of(f, items, 1, "4111111111111111");
    assert_err(ks_order_place(&o, &f->r.ctx, &in, &e), e,
               KS_E_ORDER_PRODUCT_SUBSCRIPTION_START_DATE_INVALID);
}

static void subscriptions_and_customers(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_order a, b;
    ks_subscription s;
    ks_customer c;
    const char *users[] = {"USERS=2"};
    ks_cart_item items[] = {{.code = "CLOUD-BASIC", .quantity = 1, .has_quantity = 1,
                             .options = users, .n_options = 1}};
    ks_order_in in = order_of(f, items, 1, "4111111111111111");
    in.customer_reference = 9;
    in.has_customer_reference = 1;
    in.language = "en";
    assert_ok(ks_order_place(&a, &f->r.ctx, &in, &e), e);
    assert_int_equal(a.n_subs, 1);
    next_request(f);
    in = order_of(f, items, 1, "4111111111111111");
    in.customer_reference = 9;
    in.has_customer_reference = 1;
    assert_ok(ks_order_place(&b, &f->r.ctx, &in, &e), e);
    /* the customer is found again by the vendor's reference */
    assert_int_equal(a.customer.reference, b.customer.reference);
    assert_true(a.customer.reference >= 100000000 && a.customer.reference <= 999999999);
    next_request(f);
    assert_ok(ks_customer_get(&c, &f->r.ctx, a.customer.reference, NULL, &e), e);
    assert_string_equal(c.external_ref, "9");
    assert_string_equal(c.address.email, "john@example.com");
    assert_true(c.enabled);
    assert_ok(ks_customer_get(&c, &f->r.ctx, 0, "9", &e), e);
    assert_err(ks_customer_get(&c, &f->r.ctx, a.customer.reference, "OTHER", &e), e,
               KS_E_CUSTOMER_NOT_FOUND);
    assert_err(ks_customer_get(&c, &f->r.ctx, 0, NULL, &e), e, KS_E_PARAMETER_MISSING);
    /* the subscription: monthly, recurring as the card said, a test one */
    assert_ok(ks_subscription_get(&s, &f->r.ctx, a.subs[0].reference, &e), e);
    assert_int_equal(strlen(s.reference), KS_SUBSCRIPTION_REF_LEN);
    assert_string_equal(s.product_code, "CLOUD-BASIC");
    assert_string_equal(s.options, "USERS=2");
    assert_true(s.recurring_enabled);
    assert_true(s.test);
    assert_false(s.trial);
    assert_string_equal(s.cycle_unit, "M");
    assert_int_equal(s.customer_reference, a.customer.reference);
    assert_string_equal(s.end_user.first_name, "John");
    assert_non_null(s.payment_token);
    assert_string_equal(s.card_last4, "1111");
    assert_true(s.expiration > s.start + 27 * 86400 && s.expiration <= s.start + 31 * 86400);
    assert_err(ks_subscription_get(&s, &f->r.ctx, "NOPE", &e), e, KS_E_SUBSCRIPTION_NOT_FOUND);
}

/* A renewal job run twice (a claimer died after its commit) charges one renewal; a renewal of
 * a period already renewed is refused by the store's compare-and-set. */
static void renewals_are_idempotent(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_order a, r;
    ks_order *hist;
    size_t n;
    ks_subscription s, s2;
    ks_job *jobs;
    size_t n_jobs;
    int stale = 0;
    const char *users[] = {"USERS=2"};
    ks_cart_item items[] = {{.code = "CLOUD-BASIC", .quantity = 1, .has_quantity = 1,
                             .options = users, .n_options = 1}};
    ks_order_in in = order_of(f, items, 1, "4111111111111111");
    assert_ok(ks_order_place(&a, &f->r.ctx, &in, &e), e);
    next_request(f);
    assert_ok(ks_subscription_get(&s, &f->r.ctx, a.subs[0].reference, &e), e);
    /* the renewal job was enqueued with the subscription, due at its expiration */
    assert_ok(f->r.ctx.store->ops->job_list(f->r.ctx.store, f->r.ctx.arena, f->r.ctx.vendor->id,
                                            &jobs, &n_jobs, &e),
              e);
    assert_int_equal(n_jobs, 1);
    assert_string_equal(jobs[0].kind, KS_RENEWAL_JOB);
    assert_string_equal(jobs[0].key, s.reference);
    assert_int_equal(jobs[0].due, s.expiration);
    /* the job at its own moment */
    ks_ctx jc = f->r.ctx;
    jc.have_now = 1;
    jc.now = s.expiration;
    ks_time again = 0, next = ks_subscription_period_add(s.expiration, 1, "M");
    assert_ok(ks_subscription_renewal_run(&jc, &jobs[0], &again, &e), e);
    assert_int_equal(again, next);
    again = 0;
    assert_ok(ks_subscription_renewal_run(&jc, &jobs[0], &again, &e), e);
    assert_int_equal(again, next); /* renewed already: it follows the expiration */
    assert_ok(ks_order_of_subscription(&hist, &n, &f->r.ctx, s.reference, &e), e);
    assert_int_equal(n, 2);
    assert_int_equal(hist[1].status, KS_ORDER_COMPLETE);
    assert_int_equal(hist[1].gross, a.gross);
    assert_ok(ks_subscription_get(&s2, &f->r.ctx, s.reference, &e), e);
    assert_int_equal(s2.expiration, next);
    /* the store refuses a second renewal of the same period */
    assert_ok(ks_order_renewal(&r, &jc, &s, &e), e);
    r.renewal_key = "again";
    assert_ok(f->r.ctx.store->ops->subscription_renew(f->r.ctx.store, f->r.ctx.arena,
                                                      f->r.ctx.vendor->id, s.reference,
                                                      s.expiration, &r, next, 0, &stale, &e),
              e);
    assert_true(stale);
    assert_ok(ks_order_of_subscription(&hist, &n, &f->r.ctx, s.reference, &e), e);
    assert_int_equal(n, 2);
    /* calendar months */
    ks_time jan31 = 1801353600; /* 2027-01-31 00:00:00 UTC */
    assert_int_equal(ks_subscription_period_add(jan31, 1, "M"), jan31 + 28 * 86400);
    assert_int_equal(ks_subscription_period_add(jan31, 1, "Y"), jan31 + 365 * 86400);
    assert_int_equal(ks_subscription_period_add(jan31, 3, "D"), jan31 + 3 * 86400);
    assert_int_equal(ks_subscription_period_add(jan31, 0, "M"), jan31);
}

static void refunds(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_order o, got;
    ks_cart_item items[] = {{.code = "USB-KEY", .quantity = 2, .has_quantity = 1}};
    ks_order_in in = order_of(f, items, 1, "4111111111111111");
    assert_ok(ks_order_place(&o, &f->r.ctx, &in, &e), e);
    assert_err(ks_order_refund(&f->r.ctx, o.ref_no, 1, 31 * KS_DEC_SCALE, "r", "c", &e), e,
               KS_E_ORDER_REFUND_AMOUNT_INVALID);
    assert_err(ks_order_refund(&f->r.ctx, o.ref_no, 1, 1, "r", "c", &e), e, /* 0.0001 USD */
               KS_E_ORDER_REFUND_AMOUNT_INVALID);
    assert_ok(ks_order_refund(&f->r.ctx, o.ref_no, 1, 10 * KS_DEC_SCALE, "r", "c", &e), e);
    next_request(f);
    assert_ok(ks_order_get(&got, &f->r.ctx, o.ref_no, &e), e);
    assert_int_equal(got.status, KS_ORDER_COMPLETE);
    assert_int_equal(got.refunded, 1000);
    assert_int_equal(got.n_refunds, 1);
    assert_ok(ks_order_refund(&f->r.ctx, o.ref_no, 0, 0, NULL, NULL, &e), e); /* the rest */
    next_request(f);
    assert_ok(ks_order_get(&got, &f->r.ctx, o.ref_no, &e), e);
    assert_int_equal(got.status, KS_ORDER_REFUND);
    assert_int_equal(got.refunded, 3000);
    assert_int_equal(got.history[got.n_history - 1].status, KS_ORDER_REFUND);
    assert_err(ks_order_refund(&f->r.ctx, o.ref_no, 1, KS_DEC_SCALE, NULL, NULL, &e), e,
               KS_E_ORDER_REFUND_NOT_ALLOWED);
    /* older than a year: no refund */
    in = order_of(f, items, 1, "4111111111111111");
    assert_ok(ks_order_place(&o, &f->r.ctx, &in, &e), e);
    assert_ok(ks_jobs_advance(&f->r.ctx, 366 * 86400, &e), e);
    next_request(f);
    assert_err(ks_order_refund(&f->r.ctx, o.ref_no, 0, 0, NULL, NULL, &e), e,
               KS_E_ORDER_REFUND_NOT_ALLOWED);
}

static void three_d_secure(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_order o, got;
    const char *redirect = NULL;
    const char *users[] = {"USERS=1"};
    ks_cart_item items[] = {{.code = "CLOUD-PRO", .quantity = 1, .has_quantity = 1,
                             .options = users, .n_options = 1}};
    ks_order_in in = order_of(f, items, 1, "4000000000003220");
    assert_ok(ks_order_place(&o, &f->r.ctx, &in, &e), e);
    assert_int_equal(o.status, KS_ORDER_PENDING);
    assert_non_null(o.auth_token);
    assert_int_equal(o.n_subs, 0);
    const char *token = ks_arena_strdup(f->a, o.auth_token);
    next_request(f);
    assert_ok(ks_order_by_auth_token(&got, &f->r.ctx, token, &e), e);
    assert_string_equal(got.ref_no, o.ref_no);
    assert_ok(ks_order_authorize(&redirect, &f->r.ctx, token, KS_AUTH_PASS, &e), e);
    assert_string_equal(redirect, "https://shop.example.com/ok");
    next_request(f);
    assert_ok(ks_order_get(&got, &f->r.ctx, o.ref_no, &e), e);
    assert_int_equal(got.status, KS_ORDER_COMPLETE);
    assert_int_equal(got.n_history, 3);
    assert_int_equal(got.n_subs, 1);
    assert_null(got.auth_token);
    /* a used token is gone */
    assert_err(ks_order_authorize(&redirect, &f->r.ctx, token, KS_AUTH_PASS, &e), e,
               KS_E_PAYMENT_AUTHORIZATION_NOT_FOUND);
    assert_err(ks_order_by_auth_token(&got, &f->r.ctx, token, &e), e,
               KS_E_PAYMENT_AUTHORIZATION_NOT_FOUND);
    /* failing cancels the order */
    in = order_of(f, items, 1, "4000000000003220");
    assert_ok(ks_order_place(&o, &f->r.ctx, &in, &e), e);
    token = ks_arena_strdup(f->a, o.auth_token);
    next_request(f);
    assert_ok(ks_order_authorize(&redirect, &f->r.ctx, token, KS_AUTH_FAIL, &e), e);
    assert_string_equal(redirect, "https://shop.example.com/no");
    assert_ok(ks_order_get(&got, &f->r.ctx, o.ref_no, &e), e);
    assert_int_equal(got.status, KS_ORDER_CANCELED);
    assert_int_equal(got.n_errors, 1);
    assert_string_equal(got.errors[0].code, "PAYMENT_3DS_FAILED");
    assert_int_equal(got.n_subs, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(states),
        cmocka_unit_test(vat_ids),
        cmocka_unit_test(brazil_fiscal_codes),
        cmocka_unit_test(status_machine),
        cmocka_unit_test_setup_teardown(place_and_read, setup, teardown),
        cmocka_unit_test_setup_teardown(failures_store_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(dynamic_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(subscriptions_and_customers, setup, teardown),
        cmocka_unit_test_setup_teardown(renewals_are_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(refunds, setup, teardown),
        cmocka_unit_test_setup_teardown(three_d_secure, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
