/* Unit tests of the newsroom's security pieces (web/auth.c): form parsing,
 * tokens, session id hashing, CSRF comparison, session timeouts and the
 * sign-in limiter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/admin.h"

static void forms_are_decoded(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    web_form_t form;
    const char *error = NULL;
    const char body[] =
        "name=alice&password=a+b%26c%3D&empty=&flag&headline=%D8%B3%D9%84%D8%A7%D9%85"
        "&body=line%0D%0Aline";
    assert_int_equal(web_form_parse(body, strlen(body), &pool, &form, &error), GZ_OK);
    assert_string_equal(web_form_get(&form, "name"), "alice");
    assert_string_equal(web_form_get(&form, "password"), "a b&c=");
    assert_string_equal(web_form_get(&form, "empty"), "");
    assert_string_equal(web_form_get(&form, "flag"), "");
    assert_string_equal(web_form_get(&form, "headline"), "سلام");
    assert_string_equal(web_form_get(&form, "body"), "line\r\nline");
    assert_null(web_form_get(&form, "missing"));
    assert_int_equal(web_form_parse("", 0, &pool, &form, &error), GZ_OK);
    assert_int_equal(form.count, 0);
    gz_pool_clear(&pool);
}

static void bad_forms_are_refused(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    web_form_t form;
    const char *error = NULL;
    const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%00", "a=%ff%fe", "%C3=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        error = NULL;
        assert_int_equal(web_form_parse(bad[i], strlen(bad[i]), &pool, &form, &error), GZ_EINVAL);
        assert_non_null(error);
    }
    char *large = gz_calloc(WEB_FORM_MAX_BYTES + 2, 1);
    memset(large, 'a', WEB_FORM_MAX_BYTES + 1);
    assert_int_equal(web_form_parse(large, WEB_FORM_MAX_BYTES + 1, &pool, &form, &error),
                     GZ_EINVAL);
    assert_non_null(strstr(error, "too large"));
    memset(large, '&', WEB_FORM_MAX_FIELDS + 1);
    assert_int_equal(web_form_parse(large, WEB_FORM_MAX_FIELDS + 1, &pool, &form, &error),
                     GZ_EINVAL);
    assert_non_null(strstr(error, "too many"));
    free(large);
    gz_pool_clear(&pool);
}

static void tokens_are_random_and_hashes_stable(void **state)
{
    (void)state;
    char a[WEB_AUTH_TOKEN_HEX + 1], b[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_random_hex(a);
    web_auth_random_hex(b);
    assert_int_equal(strlen(a), 64);
    assert_string_not_equal(a, b);
    char hash_a[WEB_AUTH_TOKEN_HEX + 1], again[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_session_hash(a, strlen(a), hash_a);
    web_auth_session_hash(a, strlen(a), again);
    assert_string_equal(hash_a, again);
    assert_string_not_equal(hash_a, a);
    web_auth_session_hash(b, strlen(b), again);
    assert_string_not_equal(hash_a, again);
}

static void csrf_tokens_compare_exactly(void **state)
{
    (void)state;
    assert_true(web_auth_token_equal("abcdef", "abcdef"));
    assert_false(web_auth_token_equal("abcdef", "abcdeg"));
    assert_false(web_auth_token_equal("abcdef", "abcde"));
    assert_false(web_auth_token_equal("abcdef", "abcdefg"));
    assert_false(web_auth_token_equal("abcdef", ""));
    assert_false(web_auth_token_equal("abcdef", NULL));
    assert_false(web_auth_token_equal(NULL, "abcdef"));
    assert_false(web_auth_token_equal("", ""));
}

static void sessions_time_out(void **state)
{
    (void)state;
    gz_time_t start = 1000000;
    assert_true(web_auth_session_fresh(start, start, start + 10));
    assert_true(web_auth_session_fresh(start, start + 3600, start + 3600 + 29 * 60));
    assert_false(web_auth_session_fresh(start, start, start + 30 * 60));
    /* Busy all day: still out after 12 hours. */
    assert_false(web_auth_session_fresh(start, start + 12 * 3600 - 5, start + 12 * 3600));
}

static void the_limiter_slows_then_stops(void **state)
{
    (void)state;
    web_limiter_t *limiter = web_limiter_new(1024);
    gz_time_t now = 5000;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(web_limiter_wait(limiter, "account:alice", WEB_LIMIT_ACCOUNT, now), 0);
        web_limiter_failed(limiter, "account:alice", now);
    }
    /* From the third failure on, a growing wait. */
    assert_int_equal(web_limiter_wait(limiter, "account:alice", WEB_LIMIT_ACCOUNT, now), 1);
    assert_int_equal(web_limiter_wait(limiter, "account:alice", WEB_LIMIT_ACCOUNT, now + 1), 0);
    web_limiter_failed(limiter, "account:alice", now + 1);
    assert_int_equal(web_limiter_wait(limiter, "account:alice", WEB_LIMIT_ACCOUNT, now + 1), 2);
    /* Others are not affected. */
    assert_int_equal(web_limiter_wait(limiter, "account:bob", WEB_LIMIT_ACCOUNT, now + 1), 0);
    for (int i = 0; i < 6; i++)
        web_limiter_failed(limiter, "account:alice", now + 100);
    /* Ten failures: locked until the window ends. */
    int wait = web_limiter_wait(limiter, "account:alice", WEB_LIMIT_ACCOUNT, now + 100);
    assert_int_equal(wait, WEB_LIMIT_WINDOW_SECONDS - 100);
    assert_int_equal(web_limiter_wait(limiter, "account:alice", WEB_LIMIT_ACCOUNT,
                                      now + WEB_LIMIT_WINDOW_SECONDS),
                     0);
    /* A success clears the count. */
    for (int i = 0; i < 5; i++)
        web_limiter_failed(limiter, "account:carol", now);
    assert_true(web_limiter_wait(limiter, "account:carol", WEB_LIMIT_ACCOUNT, now) > 0);
    web_limiter_clear(limiter, "account:carol", now);
    assert_int_equal(web_limiter_wait(limiter, "account:carol", WEB_LIMIT_ACCOUNT, now), 0);
    web_limiter_free(limiter);
}

static void a_full_limiter_forgets_the_stalest(void **state)
{
    (void)state;
    web_limiter_t *limiter = web_limiter_new(8);
    char key[32];
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "address:%d", i);
        web_limiter_failed(limiter, key, 100 + i);
    }
    for (int i = 0; i < 15; i++)
        web_limiter_failed(limiter, "address:last", 300);
    /* An address is slowed from its 15th failure (people may share one). */
    assert_true(web_limiter_wait(limiter, "address:last", WEB_LIMIT_ADDRESS, 300) > 0);
    web_limiter_free(limiter);
    limiter = web_limiter_new(1024);
    for (int i = 0; i < 14; i++)
        web_limiter_failed(limiter, "address:shared", 300);
    assert_int_equal(web_limiter_wait(limiter, "address:shared", WEB_LIMIT_ADDRESS, 300), 0);
    web_limiter_free(limiter);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forms_are_decoded),
        cmocka_unit_test(bad_forms_are_refused),
        cmocka_unit_test(tokens_are_random_and_hashes_stable),
        cmocka_unit_test(csrf_tokens_compare_exactly),
        cmocka_unit_test(sessions_time_out),
        cmocka_unit_test(the_limiter_slows_then_stops),
        cmocka_unit_test(a_full_limiter_forgets_the_stalest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
