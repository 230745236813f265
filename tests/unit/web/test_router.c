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
    const char *bad[] = {"/news/%zz",  "/a%",     "/a%4",  "/%00",     "/%ff", "/%c0%af",
                         "/%ed%a0%80", "/?q=%ff", "/?q=%", "no-slash", "",     "/%e2%82"};
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

static void feeds_tags_and_sitemaps(void **state)
{
    (void)state;
    web_route_t r = route("/feed.atom");
    assert_int_equal(r.kind, WEB_ROUTE_FEED);
    assert_int_equal(r.feed_format, WEB_FEED_ATOM);
    assert_int_equal(route("/feed.rss").feed_format, WEB_FEED_RSS);
    assert_int_equal(route("/feed.json?utm_source=x").feed_format, WEB_FEED_JSON);
    assert_int_equal(route("/feed.xml").kind, WEB_ROUTE_NOT_FOUND);
    r = route("/section/syria/feed.json");
    assert_int_equal(r.kind, WEB_ROUTE_SECTION_FEED);
    assert_string_equal(r.slug, "syria");
    assert_int_equal(r.feed_format, WEB_FEED_JSON);
    assert_int_equal(route("/section/syria/other").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/section//feed.rss").kind, WEB_ROUTE_NOT_FOUND);
    r = route("/tag/%D8%AD%D9%84%D8%A8?page=2");
    assert_int_equal(r.kind, WEB_ROUTE_TAG);
    assert_string_equal(r.slug, "\xd8\xad\xd9\x84\xd8\xa8");
    assert_int_equal(r.page, 2);
    r = route("/tag/aleppo/feed.rss");
    assert_int_equal(r.kind, WEB_ROUTE_TAG_FEED);
    assert_string_equal(r.slug, "aleppo");
    assert_int_equal(route("/tag").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/tag/a/b/c").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/robots.txt").kind, WEB_ROUTE_ROBOTS);
    assert_int_equal(route("/breaking.json").kind, WEB_ROUTE_BREAKING);
    assert_int_equal(route("/breaking.json/x").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/breaking").kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route("/sitemap.xml").kind, WEB_ROUTE_SITEMAP_INDEX);
    assert_int_equal(route("/sitemap-sections.xml").kind, WEB_ROUTE_SITEMAP_SECTIONS);
    assert_int_equal(route("/sitemap-news.xml").kind, WEB_ROUTE_SITEMAP_NEWS);
    r = route("/sitemap-articles-12.xml");
    assert_int_equal(r.kind, WEB_ROUTE_SITEMAP_ARTICLES);
    assert_int_equal(r.page, 12);
    const char *not_pages[] = {"/sitemap-articles-0.xml",
                               "/sitemap-articles-01.xml",
                               "/sitemap-articles-.xml",
                               "/sitemap-articles-x.xml",
                               "/sitemap-articles-1.xm",
                               "/sitemap-articles--1.xml",
                               "/sitemap-articles-99999999999999999999.xml"};
    for (size_t i = 0; i < sizeof not_pages / sizeof not_pages[0]; i++) {
        if (route(not_pages[i]).kind != WEB_ROUTE_NOT_FOUND) {
            fail_msg("'%s' should be a 404", not_pages[i]);
        }
    }
}

/* The cache key of a target on host "example.org", as a C string. */
static const char *key_of(const char *target)
{
    web_route_t r = route(target);
    gz_str_t key = web_route_cache_key(&r, GZ_STR("Example.ORG"), &pool);
    return key.ptr == NULL ? NULL : gz_pool_strndup(&pool, key.ptr, key.len);
}

static void same_page_same_key(const char *a, const char *b)
{
    const char *key_a = key_of(a), *key_b = key_of(b);
    assert_non_null(key_a);
    if (key_b == NULL || strcmp(key_a, key_b) != 0) {
        fail_msg("'%s' and '%s' should share a cache key", a, b);
    }
}

static void different_keys(const char *a, const char *b)
{
    const char *key_a = key_of(a), *key_b = key_of(b);
    if (key_a == NULL || key_b == NULL || strcmp(key_a, key_b) == 0) {
        fail_msg("'%s' and '%s' should have cache keys of their own", a, b);
    }
}

static void tracking_and_unknown_parameters_share_the_key(void **state)
{
    (void)state;
    same_page_same_key("/", "/?utm_source=x");
    same_page_same_key("/", "/?fbclid=IwAR0abc&gclid=xyz&utm_medium=social&utm_campaign=c");
    same_page_same_key("/", "/?n=1&whatever=2&");
    same_page_same_key("/?page=1", "/");
    same_page_same_key("/section/syria?page=2&utm_source=x", "/section/syria?fbclid=a&page=2");
    same_page_same_key("/news/12/slug", "/news/12/slug?page=2&q=ignored&section=x");
    same_page_same_key("/search?q=aleppo&section=syria&page=2",
                       "/search?page=2&section=syria&q=aleppo&utm_source=t");
    same_page_same_key("/search?q=old+city", "/search?q=old%20city");
    same_page_same_key("/api/v1/most-read", "/api/v1/most-read?period=24h&fbclid=1");
    same_page_same_key("/feed.rss?utm_source=rss", "/feed.rss");
    same_page_same_key("/sitemap.xml?x=1", "/sitemap.xml");
    /* One entry for the banner, whatever a script or a visitor appends. */
    same_page_same_key("/breaking.json?t=1700000000", "/breaking.json");
}

static void what_a_route_reads_changes_the_key(void **state)
{
    (void)state;
    different_keys("/", "/?page=2");
    different_keys("/section/syria", "/section/world");
    different_keys("/search?q=aleppo", "/search?q=aleppo+hospital");
    different_keys("/search?q=aleppo", "/search?q=aleppo&section=syria");
    different_keys("/search?q=a&type=b", "/search?q=a&lang=b");
    different_keys("/search?q=", "/search");
    different_keys("/news/12/slug", "/news/12/other");
    different_keys("/news/12/slug", "/news/12");
    different_keys("/news/12", "/api/v1/articles/12");
    different_keys("/api/v1/articles/12", "/api/v1/articles/12/related");
    different_keys("/feed.rss", "/feed.atom");
    different_keys("/section/a/feed.rss", "/tag/a/feed.rss");
    different_keys("/api/v1/most-read", "/api/v1/most-read?period=7d");
    different_keys("/sitemap-articles-1.xml", "/sitemap-articles-2.xml");
    different_keys("/breaking.json", "/robots.txt");
    /* Length-prefixed strings: no value can spell another field. */
    different_keys("/search?q=a&type=b", "/search?q=a;1:b");
}

static void the_host_is_part_of_the_key_without_case(void **state)
{
    (void)state;
    web_route_t r = route("/?utm_source=x");
    gz_str_t upper = web_route_cache_key(&r, GZ_STR("EXAMPLE.org"), &pool);
    gz_str_t lower = web_route_cache_key(&r, GZ_STR("example.org"), &pool);
    gz_str_t other = web_route_cache_key(&r, GZ_STR("other.org"), &pool);
    assert_true(gz_str_eq(upper, lower));
    assert_false(gz_str_eq(upper, other));
}

/* The tidy-up never sends a reader to another host: each of these, minus
 * its slash, is what a browser reads as a scheme-relative URL. */
static void redirects_never_leave_the_site(void **state)
{
    (void)state;
    const char *hostile[] = {"//evil.example/",   "///evil.example/",  "/\\evil.example/",
                             "/\\/evil.example/", "/\t/evil.example/", "/\n/evil.example/"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        web_route_t r = route(hostile[i]);
        assert_int_not_equal(r.kind, WEB_ROUTE_REDIRECT);
        assert_null(r.location);
    }
    /* Encoded slashes stay encoded in the Location, a path on this site. */
    web_route_t r = route("/%2F%2Fevil.example/");
    assert_int_equal(r.kind, WEB_ROUTE_REDIRECT);
    assert_string_equal(r.location, "/%2F%2Fevil.example");
    assert_true(web_location_is_local(r.location));
}

static void only_paths_on_the_site_are_local(void **state)
{
    (void)state;
    assert_true(web_location_is_local("/"));
    assert_true(web_location_is_local("/news/5/a-slug"));
    assert_true(web_location_is_local("/admin/?saved=1"));
    assert_false(web_location_is_local(NULL));
    assert_false(web_location_is_local(""));
    assert_false(web_location_is_local("news/5"));
    assert_false(web_location_is_local("//evil.example"));
    assert_false(web_location_is_local("/\\evil.example"));
    assert_false(web_location_is_local("/a\\b"));
    assert_false(web_location_is_local("/\t/evil.example"));
    assert_false(web_location_is_local("/a\r\nSet-Cookie: x=1"));
    assert_false(web_location_is_local("https://evil.example/"));
    assert_false(web_location_is_local("javascript:alert(1)"));
}

static void errors_and_spelling_redirects_are_not_keyed(void **state)
{
    (void)state;
    assert_null(key_of("/nowhere"));
    assert_null(key_of("/news/0/x"));
    assert_null(key_of("/section/syria/"));
    assert_null(key_of("/healthz"));
    assert_null(key_of("/?page=0"));
    assert_null(key_of("/%zz"));
}

static void variety_is_kept_apart_from_readers_pages(void **state)
{
    (void)state;
    web_route_t r = route("/search?q=x");
    assert_int_equal(web_route_cache_class(&r), WEB_CACHE_CLASS_VARIETY);
    r = route("/api/v1/search?q=x");
    assert_int_equal(web_route_cache_class(&r), WEB_CACHE_CLASS_VARIETY);
    r = route("/?page=4");
    assert_int_equal(web_route_cache_class(&r), WEB_CACHE_CLASS_VARIETY);
    r = route("/?page=3");
    assert_int_equal(web_route_cache_class(&r), WEB_CACHE_CLASS_READER);
    r = route("/news/1/x?page=9");
    assert_int_equal(web_route_cache_class(&r), WEB_CACHE_CLASS_READER);
    r = route("/sitemap-articles-9.xml");
    assert_int_equal(web_route_cache_class(&r), WEB_CACHE_CLASS_READER);
}

static int clear_pool(void **state)
{
    (void)state;
    gz_pool_clear(&pool);
    return 0;
}

/* ---- editions ---------------------------------------------------------- */

static const gz_edition_t EDITIONS[] = {
    {.key = "en", .language = "en", .prefix = "", .host = ""},
    {.key = "ar", .language = "ar", .prefix = "/ar", .host = ""},
    {.key = "fa", .language = "fa", .prefix = "/fa", .host = "fa.example.org"},
};

static web_route_t route_on(const char *host, const char *target)
{
    web_route_t out;
    web_route_parse_for(EDITIONS, 3, gz_str_from_cstr(host), target, strlen(target), &pool, &out);
    return out;
}

static void editions_by_prefix_and_host(void **state)
{
    (void)state;
    web_route_t r = route_on("example.org", "/ar/news/12/slug");
    assert_int_equal(r.kind, WEB_ROUTE_ARTICLE);
    assert_int_equal(r.edition, 1);
    assert_int_equal(r.id, 12);
    assert_string_equal(r.slug, "slug");
    r = route_on("example.org", "/ar");
    assert_int_equal(r.kind, WEB_ROUTE_HOME);
    assert_int_equal(r.edition, 1);
    r = route_on("example.org", "/ar?page=2");
    assert_int_equal(r.kind, WEB_ROUTE_HOME);
    assert_int_equal(r.page, 2);
    r = route_on("example.org", "/ar/section/world/feed.rss");
    assert_int_equal(r.kind, WEB_ROUTE_SECTION_FEED);
    assert_int_equal(r.edition, 1);
    r = route_on("example.org", "/fa/sitemap-news.xml");
    assert_int_equal(r.kind, WEB_ROUTE_SITEMAP_NEWS);
    assert_int_equal(r.edition, 2);
    /* Not a prefix: "/arabic" and "/section/ar" are the default's. */
    r = route_on("example.org", "/arabic");
    assert_int_equal(r.edition, 0);
    assert_int_equal(r.kind, WEB_ROUTE_NOT_FOUND);
    assert_int_equal(route_on("example.org", "/news/12/slug").edition, 0);
    /* Its own host, any case, with a port: the edition, from the root. */
    r = route_on("FA.Example.org:8443", "/news/7/x");
    assert_int_equal(r.edition, 2);
    assert_int_equal(r.kind, WEB_ROUTE_ARTICLE);
    assert_int_equal(route_on("fa.example.org", "/").edition, 2);
    assert_int_equal(route_on("fa.example.org.evil", "/").edition, 0);
    /* A trailing slash keeps the prefix in its redirect. */
    r = route_on("example.org", "/ar/section/world/");
    assert_int_equal(r.kind, WEB_ROUTE_REDIRECT);
    assert_string_equal(r.location, "/ar/section/world");
    r = route_on("example.org", "/ar/");
    assert_int_equal(r.kind, WEB_ROUTE_REDIRECT);
    assert_string_equal(r.location, "/ar");
    /* Bad bytes after a prefix are as bad as anywhere. */
    assert_int_equal(route_on("example.org", "/ar/news/%C3").status, 400);
}

static void editions_have_cache_keys_of_their_own(void **state)
{
    (void)state;
    web_route_t en = route_on("example.org", "/");
    web_route_t ar = route_on("example.org", "/ar");
    gz_str_t en_key = web_route_cache_key(&en, GZ_STR("example.org"), &pool);
    gz_str_t ar_key = web_route_cache_key(&ar, GZ_STR("example.org"), &pool);
    assert_false(en_key.len == ar_key.len && memcmp(en_key.ptr, ar_key.ptr, en_key.len) == 0);
    web_route_t again = route_on("example.org", "/ar?utm_source=x");
    gz_str_t again_key = web_route_cache_key(&again, GZ_STR("example.org"), &pool);
    assert_int_equal(again_key.len, ar_key.len);
    assert_memory_equal(again_key.ptr, ar_key.ptr, ar_key.len);
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
        cmocka_unit_test_teardown(feeds_tags_and_sitemaps, clear_pool),
        cmocka_unit_test_teardown(tracking_and_unknown_parameters_share_the_key, clear_pool),
        cmocka_unit_test_teardown(what_a_route_reads_changes_the_key, clear_pool),
        cmocka_unit_test_teardown(the_host_is_part_of_the_key_without_case, clear_pool),
        cmocka_unit_test_teardown(redirects_never_leave_the_site, clear_pool),
        cmocka_unit_test_teardown(only_paths_on_the_site_are_local, clear_pool),
        cmocka_unit_test_teardown(errors_and_spelling_redirects_are_not_keyed, clear_pool),
        cmocka_unit_test_teardown(variety_is_kept_apart_from_readers_pages, clear_pool),
        cmocka_unit_test_teardown(editions_by_prefix_and_host, clear_pool),
        cmocka_unit_test_teardown(editions_have_cache_keys_of_their_own, clear_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
