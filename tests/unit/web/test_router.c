/* Unit tests of the router: every spelling of every route, and the
 * malformed targets that must become a 400 or 414 rather than a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/web_private.h"

static gz_pool_t pool;

static web_route_t route(const char *target)
{
    web_route_t out;
    web_route_parse(target, strlen(target), &pool, &out);
    return out;
}

static void home_and_pages(void **state)
{
    (void)state;
    assert_int_equal(route("/").kind, WEB_ROUTE_HOME);
    assert_int_equal(route("/").page, 1);
    assert_int_equal(route("/?page=3").page, 3);
    assert_int_equal(route("/?utm_source=x&page=2&x=").page, 2);
    assert_int_equal(route("/?page=0").kind, WEB_ROUTE_BAD_REQUEST);
    assert_int_equal(route("/?page=10001").kind, WEB_ROUTE_BAD_REQUEST);
    assert_int_equal(route("/?page=-1").kind, WEB_ROUTE_BAD_REQUEST);
    assert_int_equal(route("/?page=2x").status, 400);
}

static void articles(void **state)
{
    (void)state;
    web_route_t r = route("/news/1892278/russia-delivers");
    assert_int_equal(r.kind, WEB_ROUTE_ARTICLE);
    assert_int_equal(r.id, 1892278);
    assert_string_equal(r.slug, "russia-delivers");
    r = route("/news/42");
    assert_int_equal(r.kind, WEB_ROUTE_ARTICLE);
    assert_null(r.slug);
    assert_int_equal(route("/news/0/x").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/news/-3/x").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/news/12abc").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/news/99999999999999999999/x").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/news/1/a/b").kind, WEB_ROUTE_NOT_FOUND);
}

static void arabic_slug_is_decoded(void **state)
{
    (void)state;
    web_route_t r = route("/news/7/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7");
    assert_int_equal(r.kind, WEB_ROUTE_ARTICLE);
    assert_string_equal(r.slug, "\xd8\xb3\xd9\x88\xd8\xb1\xd9\x8a\xd8\xa7");
}

static void sections_api_and_health(void **state)
{
    (void)state;
    web_route_t r = route("/section/world");
    assert_int_equal(r.kind, WEB_ROUTE_SECTION);
    assert_string_equal(r.slug, "world");
    assert_int_equal(route("/section/").kind, WEB_ROUTE_REDIRECT);
    assert_int_equal(route("/section").kind, WEB_ROUTE_NOT_FOUND);
    r = route("/api/v1/articles/5");
    assert_int_equal(r.kind, WEB_ROUTE_ARTICLE_JSON);
    assert_int_equal(r.id, 5);
    assert_int_equal(route("/api/v1/articles/5/related").kind, WEB_ROUTE_RELATED_JSON);
    assert_int_equal(route("/api/v1/articles/5/other").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/api/v2/articles/5").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/healthz").kind, WEB_ROUTE_HEALTH);
}

static void trailing_slash_redirects_keep_the_encoding(void **state)
{
    (void)state;
    web_route_t r = route("/section/world/");
    assert_int_equal(r.kind, WEB_ROUTE_REDIRECT);
    assert_string_equal(r.location, "/section/world");
    r = route("/news/7/%D8%B3//?page=2");
    assert_int_equal(r.kind, WEB_ROUTE_REDIRECT);
    assert_string_equal(r.location, "/news/7/%D8%B3");
}

static void malformed_targets(void **state)
{
    (void)state;
    const char *bad[] = {"/news/%zz",  "/a%",       "/a%4",       "/%00",
                         "/%ff",       "/%c0%af",   "/%ed%a0%80", "/?q=%ff",
                         "/?q=%",      "no-slash",  "",           "/%e2%82"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        web_route_t r = route(bad[i]);
        if (r.kind != WEB_ROUTE_BAD_REQUEST || r.status != 400 || r.error == NULL) {
            fail_msg("'%s' should be a 400", bad[i]);
        }
    }
    char long_target[WEB_MAX_TARGET_BYTES + 2];
    memset(long_target, 'a', sizeof long_target - 1);
    long_target[0] = '/';
    long_target[sizeof long_target - 1] = '\0';
    assert_int_equal(route(long_target).status, 414);
}

static int clear_pool(void **state)
{
    (void)state;
    gz_pool_clear(&pool);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(home_and_pages, clear_pool),
        cmocka_unit_test_teardown(articles, clear_pool),
        cmocka_unit_test_teardown(arabic_slug_is_decoded, clear_pool),
        cmocka_unit_test_teardown(sections_api_and_health, clear_pool),
        cmocka_unit_test_teardown(trailing_slash_redirects_keep_the_encoding, clear_pool),
        cmocka_unit_test_teardown(malformed_targets, clear_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
