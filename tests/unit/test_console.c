/* test_console.c — src/domain/console.c over a real store: console sessions (only the admin
 * token opens one, the store keeps a hash of the id, logout ends it, CSRF tokens compared), the
 * vendor the console acts as, and the order figures of its charts, per period and currency. */
#include "unit.h"

#include "domain/clock.h"
#include "domain/console.h"
#include "domain/demo.h"
#include "domain/jobs.h"

static void sessions(void **state)
{
    (void)state;
    unit_db *db = unit_db_open();
    unit_req r;
    ks_err e;
    char sid[KS_CONSOLE_SID_LEN + 1], other[KS_CONSOLE_SID_LEN + 1];
    ks_console_session s, s2;
    unit_req_init(&r, db->store, NULL);
    assert_err(ks_console_login(sid, &r.ctx, "admin-token-1", "admin-token-2", &e), e,
               KS_E_AUTHENTICATION_FAILED);
    assert_err(ks_console_login(sid, &r.ctx, "admin-token-1", NULL, &e), e,
               KS_E_AUTHENTICATION_FAILED);
    assert_err(ks_console_login(sid, &r.ctx, NULL, "x", &e), e, KS_E_AUTHENTICATION_FAILED);
    assert_ok(ks_console_login(sid, &r.ctx, "admin-token-1", "admin-token-1", &e), e);
    assert_int_equal(strlen(sid), KS_CONSOLE_SID_LEN);
    assert_ok(ks_console_login(other, &r.ctx, "admin-token-1", "admin-token-1", &e), e);
    assert_string_not_equal(sid, other);
    assert_ok(ks_console_session_get(&s, &r.ctx, sid, &e), e);
    assert_ok(ks_console_session_get(&s2, &r.ctx, other, &e), e);
    assert_int_equal(strlen(s.csrf), KS_CONSOLE_SID_LEN);
    assert_string_not_equal(s.csrf, s2.csrf);
    assert_true(s.expires > ks_time_real_now());
    /* the CSRF token is the session's own */
    assert_true(ks_console_csrf_ok(&s, s.csrf));
    assert_false(ks_console_csrf_ok(&s, s2.csrf));
    assert_false(ks_console_csrf_ok(&s, NULL));
    assert_false(ks_console_csrf_ok(&s, ""));
    /* the store keeps a hash: the id itself opens nothing when looked up as stored */
    ks_console_session raw;
    assert_int_equal(db->store->ops->console_session_get(db->store, r.ctx.arena, sid, &raw, &e),
                     -1);
    /* unknown, malformed, missing */
    char bad[KS_CONSOLE_SID_LEN + 1];
    memcpy(bad, sid, sizeof bad);
    bad[0] = bad[0] == 'a' ? 'b' : 'a';
    assert_err(ks_console_session_get(&s, &r.ctx, bad, &e), e, KS_E_INVALID_SESSION);
    assert_err(ks_console_session_get(&s, &r.ctx, "short", &e), e, KS_E_INVALID_SESSION);
    assert_err(ks_console_session_get(&s, &r.ctx, NULL, &e), e, KS_E_INVALID_SESSION);
    /* logout ends one session, not the other */
    assert_ok(ks_console_logout(&r.ctx, sid, &e), e);
    assert_err(ks_console_session_get(&s, &r.ctx, sid, &e), e, KS_E_INVALID_SESSION);
    assert_ok(ks_console_session_get(&s2, &r.ctx, other, &e), e);
    assert_ok(ks_console_logout(&r.ctx, "unknown", &e), e);
    /* sessions live in real time: a year of sandbox time does not end them */
    assert_ok(ks_jobs_advance(&r.ctx, 365 * 86400, &e), e);
    assert_ok(ks_console_session_get(&s2, &r.ctx, other, &e), e);
    unit_req_done(&r);
    unit_db_close(db);
}

static void vendors(void **state)
{
    (void)state;
    unit_db *db = unit_db_open();
    ks_arena *a = ks_arena_new();
    ks_vendor *v = unit_vendor(a, db->store, "CON", NULL);
    unit_req r;
    ks_err e;
    ks_vendor *list;
    size_t n;
    unit_req_init(&r, db->store, NULL);
    assert_ok(ks_console_vendors(&list, &n, &r.ctx, &e), e);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].code, v->code);
    assert_err(ks_console_use_vendor(&r.ctx, "NOPE", &e), e, KS_E_VENDOR_NOT_FOUND);
    assert_err(ks_console_use_vendor(&r.ctx, "", &e), e, KS_E_VENDOR_NOT_FOUND);
    assert_null(r.ctx.vendor);
    assert_ok(ks_console_use_vendor(&r.ctx, v->code, &e), e);
    assert_int_equal(r.ctx.vendor->id, v->id);
    unit_req_done(&r);
    ks_arena_free(a);
    unit_db_close(db);
}

static void order_stats(void **state)
{
    (void)state;
    unit_db *db = unit_db_open();
    ks_arena *a = ks_arena_new();
    ks_vendor *v = unit_vendor(a, db->store, "STA", NULL);
    ks_vendor *w = unit_vendor(a, db->store, "STB", NULL);
    unit_req r;
    ks_err e;
    ks_order_stats st;
    ks_time now;
    int created;
    unit_req_init(&r, db->store, v);
    assert_ok(ks_demo_seed(&created, &r.ctx, &e), e);
    ks_cart_item usb = {.code = "USB-KEY", .quantity = 2, .has_quantity = 1};
    ks_cart cart = {.currency = "USD", .items = &usb, .n_items = 1};
    unit_place_order(&r.ctx, &cart);
    unit_place_order(&r.ctx, &cart);
    ks_cart eur = {.currency = "EUR", .items = &usb, .n_items = 1};
    unit_place_order(&r.ctx, &eur);
    /* the other vendor's orders are not counted */
    unit_req_done(&r);
    unit_req_init(&r, db->store, w);
    assert_ok(ks_demo_seed(&created, &r.ctx, &e), e);
    unit_place_order(&r.ctx, &cart);
    unit_req_done(&r);
    unit_req_init(&r, db->store, v);
    assert_ok(ks_clock_now(&now, &r.ctx, &e), e);
    assert_ok(ks_console_order_stats(&st, &r.ctx, now + 1, 86400, 7, &e), e);
    assert_int_equal(st.n, 7);
    assert_int_equal(st.period_s, 86400);
    assert_int_equal(st.from, now + 1 - 7 * 86400);
    int64_t orders = 0, paid = 0;
    for (size_t i = 0; i < st.n; i++) {
        assert_int_equal(st.periods[i].start, st.from + (int64_t)i * 86400);
        orders += st.periods[i].orders;
        paid += st.periods[i].paid;
        assert_int_equal(st.periods[i].renewals, 0);
    }
    assert_int_equal(orders, 3);
    assert_int_equal(paid, 3);
    /* everything fell in the last period; revenue in USD, the currency most orders used */
    assert_int_equal(st.periods[6].orders, 3);
    assert_non_null(st.currency);
    assert_string_equal(st.currency, "USD");
    assert_int_equal(st.other_currency_orders, 1);
    assert_true(st.periods[6].revenue > 0);
    /* a window before the orders is empty */
    assert_ok(ks_console_order_stats(&st, &r.ctx, now - 86400, 3600, 24, &e), e);
    for (size_t i = 0; i < st.n; i++)
        assert_int_equal(st.periods[i].orders, 0);
    assert_null(st.currency);
    assert_err(ks_console_order_stats(&st, &r.ctx, now, 86400, 0, &e), e,
               KS_E_PARAMETER_INVALID);
    assert_err(ks_console_order_stats(&st, &r.ctx, now, 86400, 367, &e), e,
               KS_E_PARAMETER_INVALID);
    assert_err(ks_console_order_stats(&st, &r.ctx, now, 59, 10, &e), e, KS_E_PARAMETER_INVALID);
    unit_req_done(&r);
    ks_arena_free(a);
    unit_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sessions),
        cmocka_unit_test(vendors),
        cmocka_unit_test(order_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
