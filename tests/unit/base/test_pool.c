/* Memory pools and the aborting malloc family. */
#include "test_support.h"

#include <stdalign.h>

static void test_allocations_are_aligned_and_distinct(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    enum { COUNT = 3000 };
    unsigned char *slices[COUNT];
    size_t sizes[COUNT];
    for (size_t i = 0; i < COUNT; i++) {
        sizes[i] = (i * 7) % 61;
        slices[i] = gz_pool_alloc(&pool, sizes[i]);
        assert_non_null(slices[i]);
        assert_int_equal((uintptr_t)slices[i] % alignof(max_align_t), 0);
        memset(slices[i], (int)(i & 0xff), sizes[i]);
    }
    /* Nothing overlapped: every slice still holds its own pattern. */
    for (size_t i = 0; i < COUNT; i++) {
        for (size_t j = 0; j < sizes[i]; j++)
            assert_int_equal(slices[i][j], i & 0xff);
    }
    gz_pool_clear(&pool);
    assert_null(pool.chunks);
}

static void test_zero_size_gives_distinct_pointers(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    void *a = gz_pool_alloc(&pool, 0);
    void *b = gz_pool_alloc(&pool, 0);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    gz_pool_clear(&pool);
}

static void test_big_allocation_gets_its_own_chunk(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    char *small_before = gz_pool_alloc(&pool, 16);
    char *big = gz_pool_alloc(&pool, 1024 * 1024);
    memset(big, 'x', 1024 * 1024);
    char *small_after = gz_pool_alloc(&pool, 16);
    /* The current chunk keeps filling after the big one. */
    assert_ptr_equal(small_after, small_before + 16);
    assert_int_equal((uintptr_t)big % alignof(max_align_t), 0);
    assert_int_equal(big[1024 * 1024 - 1], 'x');
    /* A big allocation into an empty pool works too. */
    gz_pool_t other = GZ_POOL_INIT;
    char *alone = gz_pool_alloc(&other, 100000);
    memset(alone, 'y', 100000);
    char *next = gz_pool_alloc(&other, 8);
    assert_non_null(next);
    gz_pool_clear(&other);
    gz_pool_clear(&pool);
}

static void test_calloc_zeroes(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    /* Dirty the chunk first so zeroing is really checked. */
    gz_pool_clear(&pool);
    for (int round = 0; round < 2; round++) {
        unsigned char *dirty = gz_pool_alloc(&pool, 4096);
        memset(dirty, 0xAB, 4096);
        gz_pool_clear(&pool);
    }
    int64_t *numbers = gz_pool_calloc(&pool, 300, sizeof(int64_t));
    for (size_t i = 0; i < 300; i++)
        assert_true(numbers[i] == 0);
    assert_non_null(gz_pool_calloc(&pool, 0, 8));
    assert_non_null(gz_pool_calloc(&pool, 8, 0));
    gz_pool_clear(&pool);
}

static void calloc_overflow(void *argument)
{
    (void)argument;
    gz_pool_t pool = GZ_POOL_INIT;
    gz_pool_calloc(&pool, SIZE_MAX / 2, 4);
}

static void alloc_overflow(void *argument)
{
    (void)argument;
    gz_pool_t pool = GZ_POOL_INIT;
    gz_pool_alloc(&pool, SIZE_MAX - 3);
}

static void malloc_calloc_overflow(void *argument)
{
    (void)argument;
    gz_calloc(SIZE_MAX / 8, 16);
}

static void test_overflows_are_fatal(void **state)
{
    (void)state;
    expect_fatal(calloc_overflow, NULL, "pool allocation size overflow");
    expect_fatal(alloc_overflow, NULL, "pool allocation size overflow");
    expect_fatal(malloc_calloc_overflow, NULL, "allocation size overflow");
}

static void test_string_copies(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    char source[] = "Militant Rocket Attacks";
    char *copy = gz_pool_strdup(&pool, source);
    source[0] = 'X';
    assert_string_equal(copy, "Militant Rocket Attacks");
    assert_null(gz_pool_strdup(&pool, NULL));
    assert_string_equal(gz_pool_strndup(&pool, "Aleppo, Syria", 6), "Aleppo");
    assert_string_equal(gz_pool_strndup(&pool, "ab\0cd", 5), "ab");

    gz_str_t range = gz_pool_str(&pool, (gz_str_t){"a\0bc", 4});
    assert_int_equal(range.len, 4);
    assert_memory_equal(range.ptr, "a\0bc\0", 5);
    gz_str_t empty = gz_pool_str(&pool, GZ_STR_NULL);
    assert_int_equal(empty.len, 0);
    assert_string_equal(empty.ptr, "");

    char *printed = gz_pool_printf(&pool, "/news/%d/%s", 42, "slug");
    assert_string_equal(printed, "/news/42/slug");
    char *large = gz_pool_printf(&pool, "%05000d", 7);
    assert_int_equal(strlen(large), 5000);
    assert_int_equal(large[4999], '7');
    gz_pool_clear(&pool);
}

static void test_pool_is_reusable_after_clear(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    for (int round = 0; round < 50; round++) {
        for (int i = 0; i < 500; i++)
            gz_pool_printf(&pool, "round %d item %d", round, i);
        gz_pool_clear(&pool);
        assert_null(pool.chunks);
    }
    gz_pool_clear(&pool); /* clearing an empty pool is fine */
}

/* A recycled pool keeps one chunk: the next small allocations reuse it. */
static void test_recycle_keeps_one_chunk(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    char *first = gz_pool_alloc(&pool, 100);
    gz_pool_alloc(&pool, 200000); /* a chunk of its own, freed by recycling */
    for (int i = 0; i < 100; i++) {
        gz_pool_alloc(&pool, 1000); /* more standard chunks */
    }
    gz_pool_recycle(&pool);
    assert_non_null(pool.chunks);
    char *again = gz_pool_alloc(&pool, 100);
    memset(again, 'x', 100);
    assert_non_null(again);
    gz_pool_recycle(&pool);
    assert_ptr_equal(gz_pool_alloc(&pool, 100), again);
    gz_pool_clear(&pool);
    assert_null(pool.chunks);
    (void)first;
}

static void test_malloc_family(void **state)
{
    (void)state;
    char *text = gz_strdup("sample");
    assert_string_equal(text, "sample");
    text = gz_realloc(text, 100);
    assert_string_equal(text, "sample");
    free(text);
    assert_null(gz_strdup(NULL));
    char *cut = gz_strndup("sample", 3);
    assert_string_equal(cut, "sam");
    free(cut);
    cut = gz_strndup("ab", 10);
    assert_string_equal(cut, "ab");
    free(cut);
    int *zeroes = gz_calloc(10, sizeof(int));
    for (int i = 0; i < 10; i++)
        assert_int_equal(zeroes[i], 0);
    free(zeroes);
    free(gz_malloc(0));
    free(gz_calloc(0, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocations_are_aligned_and_distinct),
        cmocka_unit_test(test_zero_size_gives_distinct_pointers),
        cmocka_unit_test(test_big_allocation_gets_its_own_chunk),
        cmocka_unit_test(test_calloc_zeroes),
        cmocka_unit_test(test_overflows_are_fatal),
        cmocka_unit_test(test_string_copies),
        cmocka_unit_test(test_pool_is_reusable_after_clear),
        cmocka_unit_test(test_recycle_keeps_one_chunk),
        cmocka_unit_test(test_malloc_family),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
