/* test_json_out.c — src/api/json_out.c writes, byte for byte, what jansson's json_dumps writes
 * with the adapters' flags: for chosen values (escapes, control characters, UTF-8, NUL bytes,
 * the extremes of integers, reals of every shape) and for ten thousand random trees. */
#include "unit.h"

#include <jansson.h>
#include <math.h>

#include "api/json_out.h"

#define FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

static void assert_same(json_t *v)
{
    char *want = json_dumps(v, FLAGS);
    size_t len = 0;
    char *got = ks_json_dump(v, &len);
    assert_non_null(want);
    assert_non_null(got);
    assert_int_equal(len, strlen(want));
    assert_string_equal(got, want);
    free(want);
    free(got);
    json_decref(v);
}

static void test_scalars(void **state)
{
    (void)state;
    assert_same(json_null());
    assert_same(json_true());
    assert_same(json_false());
    assert_same(json_integer(0));
    assert_same(json_integer(-1));
    assert_same(json_integer(INT64_MAX));
    assert_same(json_integer(INT64_MIN));
    assert_same(json_string(""));
    assert_same(json_string("plain"));
    assert_same(json_string("quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f"));
    assert_same(json_string("\x01\x02\x1f\x7f del and controls"));
    assert_same(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe2\x80\xa8"));
    assert_same(json_stringn("nul\0inside", 10));
}

static void test_reals(void **state)
{
    (void)state;
    static const double v[] = {0.0,    -0.0,   1.0,     -1.0,    0.1,       23.0,
                               23.45,  1e20,   1e21,    1e-5,    1.5e-7,    123456789012345.0,
                               1e15,   1e16,   1.23e100, -4.5e-100, 3.14159265358979,
                               2.0 / 3, 1e308, 5e-324,  100.0,   99999.99};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        assert_same(json_real(v[i]));
}

static void test_containers(void **state)
{
    (void)state;
    assert_same(json_object());
    assert_same(json_array());
    assert_same(json_pack("{s:[], s:{}, s:[{}, []]}", "a", "b", "c"));
    json_t *o = json_object();
    json_object_setn_new(o, "key\0nul", 7, json_integer(1));
    json_object_set_new(o, "z first", json_string("insertion order"));
    json_object_set_new(o, "a second", json_real(2.5));
    json_object_set_new(o, "esc\"aped\n", json_null());
    assert_same(o);
    json_t *deep = json_array();
    for (int i = 0; i < 2000; i++)
        deep = json_pack("[o]", deep);
    assert_same(deep);
}

/* a deterministic generator, so that a failure can be replayed */
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static json_t *random_string(void)
{
    static const char *const pieces[] = {"a",  "Z",  "0",  " ",  "\"", "\\", "/",  "\n",
                                         "\t", "\x01", "\x1f", "\x7f", "\xc3\xa9",
                                         "\xe2\x82\xac", "\xf0\x9f\x98\x80", "LeadCode"};
    char buf[128] = "";
    size_t n = next() % 12;
    for (size_t i = 0; i < n; i++)
        strcat(buf, pieces[next() % (sizeof pieces / sizeof *pieces)]);
    return json_string(buf);
}

static json_t *random_value(int depth)
{
    switch (next() % (depth > 4 ? 6 : 8)) {
    case 0: return json_null();
    case 1: return json_boolean(next() % 2);
    case 2: return json_integer((json_int_t)next() >> (next() % 64));
    case 3: {
        double d = (double)(int64_t)next() / (double)(1ull << (next() % 60));
        return json_real(next() % 4 ? d : d * pow(10, (double)(next() % 600) - 300));
    }
    case 4:
    case 5: return random_string();
    case 6: {
        json_t *a = json_array();
        for (size_t i = next() % 5; i > 0; i--)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (size_t i = next() % 5; i > 0; i--) {
            json_t *k = random_string();
            json_object_set_new(o, json_string_value(k), random_value(depth + 1));
            json_decref(k);
        }
        return o;
    }
    }
}

static void test_random_trees(void **state)
{
    (void)state;
    for (int i = 0; i < 10000; i++) {
        json_t *v = random_value(0);
        if (v)
            assert_same(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_reals),
        cmocka_unit_test(test_containers),
        cmocka_unit_test(test_random_trees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
