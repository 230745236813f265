/* Byte ranges and gz_parse_int64. */
#include "test_support.h"

static void test_from_cstr_and_null(void **state)
{
    (void)state;
    gz_str_t s = gz_str_from_cstr("Aleppo");
    assert_int_equal(s.len, 6);
    assert_memory_equal(s.ptr, "Aleppo", 6);
    gz_str_t empty = gz_str_from_cstr(NULL);
    assert_int_equal(empty.len, 0);
    assert_non_null(empty.ptr);
}

static void test_equality(void **state)
{
    (void)state;
    assert_true(gz_str_eq(GZ_STR("abc"), gz_str_from_cstr("abc")));
    assert_false(gz_str_eq(GZ_STR("abc"), GZ_STR("abd")));
    assert_false(gz_str_eq(GZ_STR("abc"), GZ_STR("ab")));
    assert_true(gz_str_eq(GZ_STR_NULL, GZ_STR("")));
    assert_true(gz_str_eq_cstr(GZ_STR("news"), "news"));
    assert_false(gz_str_eq_cstr(GZ_STR("news"), "new"));
    assert_true(gz_str_eq_cstr(GZ_STR_NULL, NULL));
    /* A range need not end in NUL. */
    gz_str_t middle = {"xnewsx" + 1, 4};
    assert_true(gz_str_eq_cstr(middle, "news"));
}

static void test_starts_with(void **state)
{
    (void)state;
    assert_true(gz_str_starts_with(GZ_STR("https://example.com"), "https://"));
    assert_false(gz_str_starts_with(GZ_STR("http://example.com"), "https://"));
    assert_false(gz_str_starts_with(GZ_STR("http"), "https"));
    assert_true(gz_str_starts_with(GZ_STR("anything"), ""));
    assert_true(gz_str_starts_with(GZ_STR_NULL, ""));
}

static void test_trim(void **state)
{
    (void)state;
    gz_str_t trimmed = gz_str_trim(GZ_STR(" \t\r\n headline \v\f\n"));
    assert_int_equal(trimmed.len, 8);
    assert_memory_equal(trimmed.ptr, "headline", 8);
    assert_int_equal(gz_str_trim(GZ_STR("   ")).len, 0);
    assert_int_equal(gz_str_trim(GZ_STR_NULL).len, 0);
    /* Non-ASCII space (U+00A0) is not trimmed. */
    assert_int_equal(gz_str_trim(GZ_STR("\xc2\xa0x")).len, 3);
}

static void test_parse_int64_accepts(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t value;
    } CASES[] = {
        {"0", 0},
        {"7", 7},
        {"-7", -7},
        {"007", 7},
        {"-0", 0},
        {"636163786258551197", 636163786258551197},
        {"9223372036854775807", INT64_MAX},
        {"-9223372036854775808", INT64_MIN},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        int64_t value = 12345;
        assert_int_equal(gz_parse_int64(gz_str_from_cstr(CASES[i].text), &value), GZ_OK);
        assert_true(value == CASES[i].value);
    }
}

static void test_parse_int64_rejects(void **state)
{
    (void)state;
    static const char *const CASES[] = {
        "",    "-",  "+7",   " 7",  "7 ",  "7a",   "0x10", "1e3", "--7", "1-",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "٣",
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        int64_t value = 12345;
        assert_int_equal(gz_parse_int64(gz_str_from_cstr(CASES[i]), &value), GZ_EINVAL);
        assert_true(value == 12345); /* untouched on error */
    }
    /* Only the range counts, not what follows it. */
    int64_t value = 0;
    assert_int_equal(gz_parse_int64((gz_str_t){"42abc", 2}, &value), GZ_OK);
    assert_true(value == 42);
    assert_int_equal(gz_parse_int64(GZ_STR_NULL, &value), GZ_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_cstr_and_null),
        cmocka_unit_test(test_equality),
        cmocka_unit_test(test_starts_with),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_parse_int64_accepts),
        cmocka_unit_test(test_parse_int64_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
