/* test_fuzz_regressions.c — the bugs the fuzzers found (fuzz/corpus/<target>/crash_*), each
 * with the test that would have caught it, run through the same entry points as the inputs
 * that found them. */
#include "unit.h"

#include <jansson.h>

#include <strings.h>

#include "core/err.h"
#include "api/form.h"
#include "http/router.h"

/* req->conn is the X-Avangate-Authentication value, or NULL. */
static const char *auth_header(const ks_request *r, const char *name)
{
    return strcasecmp(name, "X-Avangate-Authentication") == 0 ? r->conn : NULL;
}

/* Routes one request, signed for vendor v when it is not NULL; the caller frees resp->body. */
static void route_as(ks_response *resp, ks_store *store, const ks_vendor *v, const char *method,
                     const char *path, const ks_kv *query, size_t nquery)
{
    ks_app app = {.store = store, .cfg = {.auth_window_s = 600, .session_ttl_s = 600}};
    ks_request req = {.app = &app, .method = method, .path = path, .query = query,
                      .nquery = nquery, .header = auth_header, .op_index = -1};
    char header[256], date[KS_TIME_STR_MAX], msg[128], mac[KS_HMAC_HEX_MAX];
    if (v) {
        ks_time_format(date, ks_time_real_now(), 0);
        int n = snprintf(msg, sizeof msg, "%zu%s%zu%s", strlen(v->code), v->code, strlen(date),
                         date);
        assert_int_equal(ks_hmac_hex(mac, KS_HMAC_SHA256, v->secret, strlen(v->secret), msg,
                                     (size_t)n),
                         0);
        snprintf(header, sizeof header, "code=\"%s\" date=\"%s\" hash=\"%s\" algo=\"sha256\"",
                 v->code, date, mac);
        req.conn = header;
    }
    req.arena = ks_arena_new();
    memset(resp, 0, sizeof *resp);
    ks_route(&req, resp);
    ks_arena_free(req.arena);
}

static void route(ks_response *resp, ks_store *store, const char *method, const char *path)
{
    route_as(resp, store, NULL, method, path, NULL, 0);
}

/* fuzz_rest crash_invalid_utf8_path: an unknown REST path that is not UTF-8 (the server
 * percent-decodes paths, so "/rest/6.0/%94" is one) went into the NOT_FOUND message; jansson
 * refused the message and ks_adapter_json aborted the server. */
static void test_rest_path_not_utf8(void **state)
{
    unit_db *db = unit_db_open();
    ks_response resp;
    json_error_t je;
    (void)state;
    route(&resp, db->store, "GET", "/control/c\x94\x90\x9c\x9c");
    assert_int_equal(resp.status, 404);
    free(resp.body);
    route(&resp, db->store, "GET", "/rest/6.0/\x94");
    assert_int_equal(resp.status, 404);
    json_t *body = json_loadb(resp.body, resp.len, 0, &je);
    assert_non_null(body);
    assert_string_equal(json_string_value(json_object_get(body, "error_code")), "NOT_FOUND");
    json_decref(body);
    free(resp.body);
    unit_db_close(db);
}

/* fuzz_rest crash_utf8_cut_by_precision: "%.200s" cut a valid path inside a character. */
static void test_message_cut_inside_a_character(void **state)
{
    ks_err err;
    (void)state;
    /* "é" is C3 A9: a precision of 6 keeps "aaaaa" and the C3 alone */
    ks_err_setf(&err, KS_E_NOT_FOUND, "%.6s|", "aaaaa\xc3\xa9");
    assert_string_equal(err.msg, "aaaaa?|");
    json_t *s = json_string(err.msg);
    assert_non_null(s);
    json_decref(s);
}

/* Every byte of a message that is not part of a well-formed character becomes '?', and
 * well-formed characters of every length stay. */
static void test_message_scrubbed_to_utf8(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"},
        {"\x80x", "?x"},                     /* lone continuation byte */
        {"\xc0\xaf", "??"},                  /* overlong '/' */
        {"\xed\xa0\x80", "???"},             /* UTF-16 surrogate */
        {"\xf4\x90\x80\x80", "????"},        /* above U+10FFFF */
        {"\xe2\x82", "??"},                  /* truncated at the end */
        {"\xff\xfe", "??"},
    };
    ks_err err;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ks_err_setf(&err, KS_E_PARAMETER_INVALID, "%s", cases[i].in);
        assert_string_equal(err.msg, cases[i].out);
        json_t *s = json_string(err.msg);
        assert_non_null(s);
        json_decref(s);
    }
}

/* fuzz_rest crash_page_overflow_crosssells: any Page >= 1 is valid, and far past the end
 * (page - 1) * limit overflowed int64_t in the catalog's searches (sql_catalog.c) as it had
 * in the leads' (crash_page_overflow). A page past the end is empty, with the total. */
static void test_search_page_far_past_the_end(void **state)
{
    static const char *const paths[] = {"/rest/6.0/leads/", "/rest/6.0/products/",
                                        "/rest/6.0/crosssells/"};
    static const ks_kv query[] = {{"Page", "1553255926290448382"}, {"Limit", "10"}};
    unit_db *db = unit_db_open();
    ks_arena *a = ks_arena_new();
    ks_vendor *v = unit_vendor(a, db->store, "FUZZREG", "fuzz-regression-secret");
    ks_response resp;
    json_error_t je;
    (void)state;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        route_as(&resp, db->store, v, "GET", paths[i], query, 2);
        if (resp.status != 200)
            print_error("%s: %d %.*s\n", paths[i], resp.status, (int)resp.len, resp.body);
        assert_int_equal(resp.status, 200);
        json_t *body = json_loadb(resp.body, resp.len, 0, &je);
        assert_non_null(body);
        json_t *items = json_object_get(body, "Items");
        assert_true(json_is_array(items));
        assert_int_equal(json_array_size(items), 0);
        json_decref(body);
        free(resp.body);
    }
    ks_arena_free(a);
    unit_db_close(db);
}

/* fuzz/corpus/fuzz_console/crash_form_without_body: a POST without a body made the form reader
 * offset a NULL pointer (UBSan) */
static void test_form_without_body(void **state)
{
    (void)state;
    ks_arena *a = ks_arena_new();
    ks_request req = {.arena = a};
    assert_null(ks_form_value(a, NULL, 0, "csrf"));
    assert_null(ks_form_value(a, "", 0, "csrf"));
    assert_string_equal(ks_form_value(a, "a=1&csrf=x%41+y", 15, "csrf"), "xA y");
    assert_null(ks_cookie_value(&req, "kassa_console"));
    ks_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rest_path_not_utf8),
        cmocka_unit_test(test_message_cut_inside_a_character),
        cmocka_unit_test(test_message_scrubbed_to_utf8),
        cmocka_unit_test(test_search_page_far_past_the_end),
        cmocka_unit_test(test_form_without_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
