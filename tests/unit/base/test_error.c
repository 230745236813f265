/* gz_strerror: one distinct message per code, and a fallback. */
#include "test_support.h"

static void test_each_code_has_its_own_message(void **state)
{
    (void)state;
    assert_string_equal(gz_strerror(GZ_OK), "success");
    assert_string_equal(gz_strerror(GZ_EINVAL), "invalid input");
    assert_string_equal(gz_strerror(GZ_ENOTFOUND), "not found");
    assert_string_equal(gz_strerror(GZ_EIO), "input/output error");
    assert_string_equal(gz_strerror(GZ_ECONFLICT), "conflict");
    assert_string_equal(gz_strerror(GZ_EPARSE), "malformed text");
    assert_string_equal(gz_strerror(GZ_EUNAVAILABLE), "service unavailable");
}

static void test_unknown_code_is_never_null(void **state)
{
    (void)state;
    assert_string_equal(gz_strerror(-1000), "unknown error");
    assert_string_equal(gz_strerror(7), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_code_has_its_own_message),
        cmocka_unit_test(test_unknown_code_is_never_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
