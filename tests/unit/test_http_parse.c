/* test_http_parse.c — src/http/parse.c: the HTTP layer's own checks of the URI, the query
 * string (decoded as libmicrohttpd decodes it), headers and the transfer coding. */
#include "unit.h"

#include "core/buf.h"
#include "http/parse.h"

static const ks_http_limits limits = KS_HTTP_LIMITS_DEFAULT;

static void test_uri(void **state)
{
    (void)state;
    ks_err e;
    assert_int_equal(ks_http_check_uri("/rest/6.0/leads/?a=%41", &limits, &e), 0);
    assert_int_equal(ks_http_check_uri("/rest/6.0/leads/%00", &limits, &e), -1);
    assert_int_equal(e.code, KS_E_BAD_REQUEST);
    assert_int_equal(ks_http_check_uri("/x?a=1%00", &limits, &e), -1);
    assert_int_equal(e.code, KS_E_BAD_REQUEST);
    assert_int_equal(ks_http_check_uri("/x\x01y", &limits, &e), -1);
    assert_int_equal(e.code, KS_E_BAD_REQUEST);
    char *big = malloc(limits.max_uri + 2);
    memset(big, 'a', limits.max_uri + 1);
    big[0] = '/';
    big[limits.max_uri + 1] = '\0';
    assert_int_equal(ks_http_check_uri(big, &limits, &e), -1);
    assert_int_equal(e.code, KS_E_URI_TOO_LONG);
    big[limits.max_uri] = '\0';
    assert_int_equal(ks_http_check_uri(big, &limits, &e), 0);
    free(big);
}

static void test_query(void **state)
{
    (void)state;
    ks_arena *a = ks_arena_new();
    ks_kv *q;
    size_t n;
    ks_err e;
    assert_string_equal(ks_http_query_of("/p?x=1"), "x=1");
    assert_string_equal(ks_http_query_of("/p"), "");
    assert_int_equal(ks_http_query_parse(&q, &n, a, "Email=a%40b.c&Name=J+D&flag&&x=%zz&y=1=2",
                                         &limits, &e),
                     0);
    assert_int_equal(n, 5);
    assert_string_equal(q[0].key, "Email");
    assert_string_equal(q[0].value, "a@b.c");
    assert_string_equal(q[1].value, "J D");
    assert_string_equal(q[2].key, "flag");
    assert_string_equal(q[2].value, "");
    assert_string_equal(q[3].value, "%zz"); /* a malformed escape stays as it is */
    assert_string_equal(q[4].key, "y");
    assert_string_equal(q[4].value, "1=2");
    assert_int_equal(ks_http_query_parse(&q, &n, a, "ProductCode%5B%5D=P1", &limits, &e), 0);
    assert_string_equal(q[0].key, "ProductCode[]");
    assert_int_equal(ks_http_query_parse(&q, &n, a, "", &limits, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(ks_http_query_parse(&q, &n, a, "a=b%00c", &limits, &e), -1);
    assert_int_equal(e.code, KS_E_BAD_REQUEST);
    /* the limit on arguments */
    ks_buf b = KS_BUF_INIT;
    for (size_t i = 0; i < limits.max_query_args; i++)
        ks_buf_printf(&b, "%sE%zu=a", i ? "&" : "", i);
    assert_int_equal(ks_http_query_parse(&q, &n, a, b.data, &limits, &e), 0);
    assert_int_equal(n, limits.max_query_args);
    ks_buf_puts(&b, "&one=more");
    assert_int_equal(ks_http_query_parse(&q, &n, a, b.data, &limits, &e), -1);
    assert_int_equal(e.code, KS_E_URI_TOO_LONG);
    ks_buf_free(&b);
    ks_arena_free(a);
}

static void test_headers(void **state)
{
    (void)state;
    ks_err e;
    size_t total = 0;
    assert_int_equal(ks_http_check_header(&total, "Host", 4, "x", 1, &limits, &e), 0);
    assert_int_equal(total, 9);
    /* a size counted past a NUL (a parser that counts on the line) */
    assert_int_equal(ks_http_check_header(&total, "A", 1, "b\0c", 3, &limits, &e), -1);
    assert_int_equal(e.code, KS_E_BAD_REQUEST);
    total = limits.max_headers - 8;
    assert_int_equal(ks_http_check_header(&total, "Host", 4, "x", 1, &limits, &e), -1);
    assert_int_equal(e.code, KS_E_HEADERS_TOO_LARGE);

    /* the block as libmicrohttpd leaves it: "Host\0 x\0\0Authorization\0 Bearer T\0junk\0\0\0\0" */
    static const char block[] = "Host\0 x\0\0Authorization\0 Bearer T\0junk\0\0\0";
    ks_http_header h[2] = {{block, block + 6, 4, 1}, {block + 9, block + 24, 13, 8}};
    assert_int_equal(ks_http_check_header_block(block, sizeof block - 1, h, 2, &e), -1);
    assert_int_equal(e.code, KS_E_BAD_REQUEST);
    static const char clean[] = "Host\0 x\0\0Authorization\0 Bearer T\0\0\0\0";
    ks_http_header c[2] = {{clean, clean + 6, 4, 1}, {clean + 9, clean + 24, 13, 8}};
    assert_int_equal(ks_http_check_header_block(clean, sizeof clean - 1, c, 2, &e), 0);
}

static void test_transfer_encoding(void **state)
{
    (void)state;
    ks_err e;
    assert_int_equal(ks_http_check_transfer_encoding("chunked", &e), 0);
    assert_int_equal(ks_http_check_transfer_encoding(" Chunked ", &e), 0);
    assert_int_equal(ks_http_check_transfer_encoding("gzip", &e), -1);
    assert_int_equal(e.code, KS_E_TRANSFER_ENCODING_UNSUPPORTED);
    assert_int_equal(ks_http_check_transfer_encoding("gzip, chunked", &e), -1);
    assert_int_equal(ks_http_check_transfer_encoding("", &e), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri),
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_transfer_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
