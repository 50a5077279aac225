/* test_memo.c — src/core/memo.c (the read-through cache of a batch of jobs), and the printing
 * of core/arena.c and core/buf.c: short texts through the stack buffer, long ones printed
 * again once measured. */
#include "unit.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/memo.h"

static void test_memo_keeps_values_by_key(void **state)
{
    (void)state;
    ks_memo *m = ks_memo_new();
    char key[32];
    assert_null(ks_memo_get(m, "product:1:A"));
    /* enough keys to grow the table several times */
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "product:1:%d", i);
        int *v = ks_arena_alloc(ks_memo_arena(m), sizeof *v);
        *v = i;
        ks_memo_put(m, key, v);
    }
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "product:1:%d", i);
        int *v = ks_memo_get(m, key);
        assert_non_null(v);
        assert_int_equal(*v, i);
    }
    assert_null(ks_memo_get(m, "product:2:1"));
    static int other = -1;
    ks_memo_put(m, "product:1:7", &other); /* replaces */
    assert_ptr_equal(ks_memo_get(m, "product:1:7"), &other);
    ks_memo_free(m);
    ks_memo_free(NULL);
}

static void test_printing_short_and_long(void **state)
{
    (void)state;
    ks_arena *a = ks_arena_new();
    char long_text[1001];
    memset(long_text, 'x', 1000);
    long_text[1000] = '\0';
    assert_string_equal(ks_arena_printf(a, "%s-%d", "renewal", 12), "renewal-12");
    char *p = ks_arena_printf(a, "<%s>", long_text);
    assert_int_equal(strlen(p), 1002);
    assert_int_equal(p[0], '<');
    assert_int_equal(p[1001], '>');
    ks_buf b = KS_BUF_INIT;
    ks_buf_printf(&b, "%d;", 1);
    for (int i = 0; i < 3; i++)
        ks_buf_printf(&b, "%s", long_text); /* past the room the buffer has */
    ks_buf_printf(&b, ";%s", "end");
    assert_int_equal(b.len, 2 + 3000 + 4);
    assert_int_equal(strlen(b.data), b.len);
    assert_string_equal(b.data + b.len - 4, ";end");
    ks_buf_free(&b);
    ks_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo_keeps_values_by_key),
        cmocka_unit_test(test_printing_short_and_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
