/* test_catalog.c — src/domain/catalog.c and promotion.c over a real store: the default tax
 * categories (also for vendors created before the catalog existed), what replacing an object
 * keeps, and the store's catalog functions through ks_store_ops. The API-level validation of
 * every object is covered end to end in tests/e2e/test_catalog.py. */
#include "unit.h"

#include <ctype.h>

#include "domain/catalog.h"
#include "domain/pricing.h"
#include "domain/promotion.h"

typedef struct {
    unit_db *db;
    ks_arena *a;
    ks_vendor *v;
    unit_req r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->db = unit_db_open();
    f->a = ks_arena_new();
    f->v = unit_vendor(f->a, f->db->store, "CA", "SECRET_KEY_C");
    unit_req_init(&f->r, f->db->store, f->v);
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

static ks_product *product(fixture *f, const char *code, ks_dec usd)
{
    ks_product *p = ks_arena_alloc(f->a, sizeof *p);
    ks_pricing_config *pc = ks_arena_alloc(f->a, sizeof *pc);
    ks_product_prices *pr = ks_arena_alloc(f->a, sizeof *pr);
    ks_price_tier *t = ks_arena_alloc(f->a, 2 * sizeof *t);
    t[0].amount = usd;
    t[0].currency = "USD";
    t[1].amount = usd;
    t[1].currency = "EUR";
    pr->regular = t;
    pr->n_regular = 2;
    pc->prices = pr;
    p->pricing = pc;
    p->n_pricing = 1;
    p->code = code;
    p->name = code;
    p->doc = "{}";
    return p;
}

static void test_default_tax_categories(void **state)
{
    fixture *f = *state;
    ks_tax_category *list, tc;
    size_t n;
    ks_err e;
    assert_ok(ks_tax_category_list(&list, &n, &f->r.ctx, &e), e);
    assert_int_equal(n, 6);
    assert_true(list[0].is_default);
    assert_string_equal(list[0].code, "SOFTWARE_DOWNLOAD");
    assert_int_equal(strlen(list[0].uuid), KS_UUID_LEN);
    assert_int_equal(list[0].uuid[14], '4'); /* a version 4 UUID */
    /* resolving: by UUID in any case, NULL gives the default */
    char upper[KS_UUID_LEN + 1];
    for (size_t i = 0; i <= KS_UUID_LEN; i++)
        upper[i] = (char)toupper((unsigned char)list[3].uuid[i]);
    assert_ok(ks_tax_category_resolve(&tc, &f->r.ctx, upper, &e), e);
    assert_string_equal(tc.code, list[3].code);
    assert_ok(ks_tax_category_resolve(&tc, &f->r.ctx, NULL, &e), e);
    assert_true(tc.is_default);
    assert_err(ks_tax_category_resolve(&tc, &f->r.ctx, "nope", &e), e, KS_E_TAX_CATEGORY_INVALID);
    /* a duplicate vendor code writes neither a vendor nor categories */
    ks_vendor dup;
    assert_err(ks_vendor_create(&dup, &f->r.ctx, f->v->code, NULL, NULL, KS_MODEL_MOR, KS_VENDOR_DELAY_DEFAULT, &e), e,
               KS_E_VENDOR_EXISTS);
    ks_tax_category *again;
    assert_ok(ks_tax_category_list(&again, &n, &f->r.ctx, &e), e);
    assert_int_equal(n, 6);
    assert_string_equal(again[0].uuid, list[0].uuid);
}

static void test_product_replace_keeps_identity(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_product got;
    ks_product *p = product(f, "REPL", 10000);
    assert_ok(ks_product_add(&f->r.ctx, p, &e), e);
    assert_true(p->id > 0);
    assert_string_equal(p->pricing[0].default_currency, "USD"); /* the base currency */
    /* the new version has one price only: the old EUR price must not survive */
    ks_product *q = product(f, NULL, 20000);
    q->pricing[0].prices =
        &(ks_product_prices){.regular = q->pricing[0].prices->regular, .n_regular = 1};
    q->name = "Renamed";
    assert_ok(ks_product_update(&f->r.ctx, "REPL", q, &e), e);
    assert_ok(ks_product_get(&got, &f->r.ctx, "REPL", &e), e);
    assert_int_equal(got.id, p->id);
    assert_int_equal(got.created, p->created);
    assert_string_equal(got.name, "Renamed");
    assert_int_equal(got.pricing[0].prices->n_regular, 1);
    assert_int_equal(got.pricing[0].prices->regular[0].amount, 20000);
    assert_true(got.enabled);
    assert_ok(ks_product_disable(&f->r.ctx, "REPL", &e), e);
    assert_ok(ks_product_get(&got, &f->r.ctx, "REPL", &e), e);
    assert_false(got.enabled);
    assert_err(ks_product_update(&f->r.ctx, "NOPE", product(f, NULL, 1), &e), e,
               KS_E_PRODUCT_NOT_FOUND);
}

static void test_promotion_replace_keeps_uses(void **state)
{
    fixture *f = *state;
    ks_err e;
    ks_coupon c = {.type = "MULTIPLE", .codes = (const char *[]){"ONE", "TWO"}, .n_codes = 2};
    ks_discount d = {.type = "PERCENT", .value = 100000, .has_value = 1};
    ks_promotion p = {.name = "P", .coupon = &c, .discount = &d, .doc = "{}"};
    assert_ok(ks_promotion_add(&f->r.ctx, &p, &e), e);
    assert_int_equal(strlen(p.code), 10);
    /* two orders use it, one through each coupon */
    assert_ok(ks_product_add(&f->r.ctx, product(f, "USES", 100000), &e), e);
    const char *coupons[] = {"ONE", "TWO"};
    for (int k = 0; k < 2; k++) {
        ks_cart_item it = {.code = "USES", .quantity = 1, .has_quantity = 1};
        ks_cart cart = {.currency = "USD", .items = &it, .n_items = 1,
                        .promotions = &coupons[k], .n_promotions = 1};
        unit_place_order(&f->r.ctx, &cart);
    }
    /* the coupons change: the old ones are free again, the new one finds it, any case */
    ks_coupon c2 = {.type = "SINGLE", .code = "THREE"};
    ks_promotion p2 = {.name = "P2", .coupon = &c2, .discount = &d, .doc = "{}"};
    assert_ok(ks_promotion_update(&f->r.ctx, p.code, &p2, &e), e);
    ks_promotion got;
    assert_ok(ks_promotion_by_coupon(&got, &f->r.ctx, "three", &e), e);
    assert_string_equal(got.code, p.code);
    assert_int_equal(got.used_orders, 2);
    assert_string_equal(got.name, "P2");
    assert_err(ks_promotion_by_coupon(&got, &f->r.ctx, "ONE", &e), e, KS_E_PROMOTION_CODE_INVALID);
    ks_coupon c3 = {.type = "SINGLE", .code = "one"};
    ks_promotion p3 = {.name = "P3", .coupon = &c3, .discount = &d, .doc = "{}"};
    assert_ok(ks_promotion_add(&f->r.ctx, &p3, &e), e);
    /* a coupon of another promotion, in another case */
    ks_coupon c4 = {.type = "SINGLE", .code = "Three"};
    ks_promotion p4 = {.name = "P4", .coupon = &c4, .discount = &d, .doc = "{}"};
    assert_err(ks_promotion_add(&f->r.ctx, &p4, &e), e, KS_E_PROMOTION_COUPON_DUPLICATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_default_tax_categories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_product_replace_keeps_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_promotion_replace_keeps_uses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
