/* test_answers.c — src/api/answers.c: an answer comes back only under exactly the bytes it was
 * kept under, as a new reference to the same tree; a newer key replaces an older one in its
 * slot; a NULL cache keeps nothing; threads reading and replacing at once stay consistent. */
#include "unit.h"

#include <jansson.h>
#include <pthread.h>

#include "api/answers.h"

static void test_hit_and_miss(void **state)
{
    (void)state;
    ks_answers *c = ks_answers_new(4);
    json_t *a = json_pack("{s:s}", "LeadCode", "A");
    assert_null(ks_answers_get(c, "key-a", 5));
    ks_answers_put(c, "key-a", 5, a);
    json_t *got = ks_answers_get(c, "key-a", 5);
    assert_ptr_equal(got, a);
    assert_int_equal(a->refcount, 3); /* ours, the cache's, the one returned */
    json_decref(got);
    assert_null(ks_answers_get(c, "key-b", 5));
    assert_null(ks_answers_get(c, "key-a", 4)); /* a prefix is another key */
    assert_null(ks_answers_get(c, "key-a\0", 6));
    json_decref(a);
    ks_answers_free(c);
}

static void test_replaced_in_its_slot(void **state)
{
    (void)state;
    ks_answers *c = ks_answers_new(1); /* one slot: every key shares it */
    json_t *a = json_string("a"), *b = json_string("b");
    ks_answers_put(c, "a", 1, a);
    ks_answers_put(c, "b", 1, b);
    assert_null(ks_answers_get(c, "a", 1));
    json_t *got = ks_answers_get(c, "b", 1);
    assert_ptr_equal(got, b);
    json_decref(got);
    assert_int_equal(a->refcount, 1); /* the cache let go of it */
    json_decref(a);
    json_decref(b);
    ks_answers_free(c);
}

static void test_null_cache(void **state)
{
    (void)state;
    json_t *a = json_true();
    ks_answers_put(NULL, "a", 1, a);
    assert_null(ks_answers_get(NULL, "a", 1));
    ks_answers_free(NULL);
}

typedef struct {
    ks_answers *c;
    int id;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *w = p;
    for (int i = 0; i < 20000; i++) {
        char key[32];
        int n = snprintf(key, sizeof key, "k%d", (i * 7 + w->id) % 50);
        json_t *got = ks_answers_get(w->c, key, (size_t)n);
        if (got) {
            /* the answer kept under a key is the one built for it */
            if (strcmp(json_string_value(got), key) != 0)
                abort();
            json_decref(got);
        } else {
            json_t *v = json_string(key);
            ks_answers_put(w->c, key, (size_t)n, v);
            json_decref(v);
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    ks_answers *c = ks_answers_new(16);
    pthread_t t[4];
    worker_arg a[4];
    for (int i = 0; i < 4; i++) {
        a[i] = (worker_arg){c, i};
        assert_int_equal(pthread_create(&t[i], NULL, worker, &a[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    ks_answers_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hit_and_miss),
        cmocka_unit_test(test_replaced_in_its_slot),
        cmocka_unit_test(test_null_cache),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
