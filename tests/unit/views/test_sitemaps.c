/* Unit tests of the sitemaps and robots.txt: the index, article sitemaps
 * with lastmod and image entries and their byte limit, the section
 * sitemap, the Google News sitemap's 48 hours, and robots.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "views/views_private.h"
#include "views_test_support.h"

static void index_lists_every_sitemap(void **state)
{
    (void)state;
    assert_int_equal(views_sitemap_article_pages(0), 0);
    assert_int_equal(views_sitemap_article_pages(1), 1);
    assert_int_equal(views_sitemap_article_pages(50000), 1);
    assert_int_equal(views_sitemap_article_pages(50001), 2);
    assert_int_equal(views_sitemap_article_pages(1000000), 20);
    views_site_t site = support_site();
    gz_buf_t out = GZ_BUF_INIT;
    views_sitemap_index(&site, 3, &out);
    const char *xml = gz_buf_cstr(&out);
    assert_non_null(
        strstr(xml, "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    assert_non_null(
        strstr(xml, "<sitemap><loc>https://News.Example:8443/sitemap-sections.xml</loc>"));
    assert_non_null(strstr(xml, "<loc>https://News.Example:8443/sitemap-articles-3.xml</loc>"));
    assert_null(strstr(xml, "sitemap-articles-4.xml"));
    assert_non_null(strstr(xml, "<loc>https://News.Example:8443/sitemap-news.xml</loc>"));
    assert_int_equal(count_of(xml, "<sitemap>"), 5);
    gz_buf_free(&out);
}

static void article_sitemap_has_lastmod_and_pictures(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t items[2] = {hard_article(), arabic_article()};
    content_article_list_t list = {.items = items, .count = 2, .total = 2};
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(views_sitemap_articles(&site, &list, VIEWS_SITEMAP_MAX_BYTES, &out), 2);
    const char *xml = gz_buf_cstr(&out);
    assert_non_null(strstr(xml, "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\""));
    assert_non_null(strstr(xml, "<url><loc>https://News.Example:8443/news/5/q-a-rates</loc>"
                                "<lastmod>2016-12-07T08:40:00Z</lastmod><image:image><image:loc>"
                                "https://News.Example:8443/media" PICTURE
                                "</image:loc></image:image></url>"));
    assert_non_null(strstr(xml, "<url><loc>https://News.Example:8443/news/7/" ARABIC_SLUG_ENCODED
                                "</loc><lastmod>2016-12-08T09:40:00Z</lastmod></url>"));
    gz_buf_free(&out);
}

static void scheduled_article_lastmod_is_its_publication(void **state)
{
    (void)state;
    content_article_t article = hard_article();
    article.updated_at = 1000; /* written long before it went out */
    assert_int_equal(views_modified_time(&article), article.published_at);
}

/* However small the limit, the output never exceeds it: entries lose their
 * picture first, then are left out. */
static void article_sitemap_never_exceeds_its_byte_limit(void **state)
{
    (void)state;
    views_site_t site = support_site();
    enum { COUNT = 40 };
    content_article_t items[COUNT];
    for (size_t i = 0; i < COUNT; i++) {
        items[i] = hard_article();
        items[i].id = (int64_t)i + 10; /* entries of one length */
    }
    content_article_list_t list = {.items = items, .count = COUNT, .total = COUNT};
    gz_buf_t whole = GZ_BUF_INIT;
    assert_int_equal(views_sitemap_articles(&site, &list, VIEWS_SITEMAP_MAX_BYTES, &whole), COUNT);
    size_t previous_written = COUNT;
    for (size_t limit = whole.len + 100; limit > 200; limit -= 97) {
        gz_buf_t out = GZ_BUF_INIT;
        size_t written = views_sitemap_articles(&site, &list, limit, &out);
        if (out.len > limit) {
            fail_msg("limit %zu: wrote %zu bytes", limit, out.len);
        }
        assert_true(written <= previous_written);
        assert_int_equal(count_of(gz_buf_cstr(&out), "<url>"), written);
        assert_non_null(strstr(gz_buf_cstr(&out), "</urlset>\n"));
        previous_written = written;
        gz_buf_free(&out);
    }
    gz_buf_t tight = GZ_BUF_INIT;
    size_t without_pictures = whole.len - COUNT * strlen("<image:image><image:loc>"
                                                         "https://News.Example:8443/media" PICTURE
                                                         "</image:loc></image:image>");
    assert_int_equal(views_sitemap_articles(&site, &list, without_pictures, &tight), COUNT);
    assert_null(strstr(gz_buf_cstr(&tight), "<image:image>"));
    assert_true(tight.len <= without_pictures);
    gz_buf_free(&tight);
    gz_buf_free(&whole);
}

static void section_sitemap_lists_home_and_sections(void **state)
{
    (void)state;
    views_site_t site = support_site();
    gz_time_t modified[3] = {1481190000, 0, 1481098187};
    gz_buf_t out = GZ_BUF_INIT;
    views_sitemap_sections(&site, modified, &out);
    const char *xml = gz_buf_cstr(&out);
    assert_non_null(strstr(xml, "<url><loc>https://News.Example:8443/</loc>"
                                "<lastmod>2016-12-08T09:40:00Z</lastmod></url>"));
    assert_non_null(strstr(xml, "<url><loc>https://News.Example:8443/section/world</loc></url>"));
    assert_non_null(strstr(xml, "<url><loc>https://News.Example:8443/section/syria</loc>"
                                "<lastmod>2016-12-07T08:09:47Z</lastmod></url>"));
    gz_buf_free(&out);
}

static void news_sitemap_holds_the_last_48_hours(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t items[4] = {arabic_article(), hard_article(), hard_article(), hard_article()};
    items[2].id = 8;
    items[2].published_at = NOW - 48 * 3600; /* exactly 48 hours: out */
    items[3].id = 9;
    items[3].published_at = NOW + 60; /* scheduled: out */
    content_article_list_t list = {.items = items, .count = 4, .total = 4};
    gz_buf_t out = GZ_BUF_INIT;
    views_sitemap_news(&site, &list, &out);
    const char *xml = gz_buf_cstr(&out);
    assert_non_null(strstr(xml, "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""));
    assert_int_equal(count_of(xml, "<url>"), 2);
    assert_null(strstr(xml, "/news/8/"));
    assert_null(strstr(xml, "/news/9/"));
    assert_non_null(strstr(
        xml,
        "<url><loc>https://News.Example:8443/news/5/q-a-rates</loc><news:news>"
        "<news:publication><news:name>Gazette &amp; Sons</news:name>"
        "<news:language>en</news:language></news:publication>"
        "<news:publication_date>2016-12-07T08:09:47Z</news:publication_date>"
        "<news:title>Q&amp;A: \xE2\x80\x9CRates &lt; 5%\xE2\x80\x9D say Smith &amp; "
        "O\xE2\x80\x99Neil &quot;exactly&quot; &lt;/script&gt;</news:title></news:news></url>"));
    assert_non_null(strstr(xml, "<news:language>ar</news:language>"));
    assert_non_null(strstr(xml, "<news:title>"
                                "حلب: «السوق» يفتح أبوابه &amp; &lt;اليوم&gt;"));
    gz_buf_free(&out);
}

static void news_languages_are_what_google_news_takes(void **state)
{
    (void)state;
    const char *cases[][2] = {{"ar-SY", "ar"},      {"EN-gb", "en"},    {"zh-CN", "zh-cn"},
                              {"zh-Hans", "zh-cn"}, {"zh-TW", "zh-tw"}, {"zh-Hant-HK", "zh-tw"},
                              {"zh", "zh"},         {"fil", "fil"},     {"x", "en"}};
    views_site_t site = support_site();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        content_article_t article = arabic_article();
        article.language = cases[i][0];
        content_article_list_t list = {.items = &article, .count = 1, .total = 1};
        gz_buf_t out = GZ_BUF_INIT, expected = GZ_BUF_INIT;
        views_sitemap_news(&site, &list, &out);
        gz_buf_printf(&expected, "<news:language>%s</news:language>", cases[i][1]);
        if (strstr(gz_buf_cstr(&out), gz_buf_cstr(&expected)) == NULL) {
            fail_msg("%s: expected %s in %s", cases[i][0], gz_buf_cstr(&expected),
                     gz_buf_cstr(&out));
        }
        gz_buf_free(&out);
        gz_buf_free(&expected);
    }
}

static void news_sitemap_stops_at_1000(void **state)
{
    (void)state;
    views_site_t site = support_site();
    enum { COUNT = 1200 };
    content_article_t *items = calloc(COUNT, sizeof *items);
    for (size_t i = 0; i < COUNT; i++) {
        items[i] = arabic_article();
        items[i].id = (int64_t)i + 1;
    }
    content_article_list_t list = {.items = items, .count = COUNT, .total = COUNT};
    gz_buf_t out = GZ_BUF_INIT;
    views_sitemap_news(&site, &list, &out);
    assert_int_equal(count_of(gz_buf_cstr(&out), "<url>"), 1000);
    gz_buf_free(&out);
    free(items);
}

static void robots_points_at_the_index(void **state)
{
    (void)state;
    views_site_t site = support_site();
    gz_buf_t out = GZ_BUF_INIT;
    views_robots_txt(&site, &out);
    const char *text = gz_buf_cstr(&out);
    assert_non_null(strstr(text, "User-agent: *\n"));
    assert_non_null(strstr(text, "Disallow: /admin/\n"));
    assert_non_null(strstr(text, "\nSitemap: https://News.Example:8443/sitemap.xml\n"));
    assert_null(strstr(text, "Disallow: /\n"));
    gz_buf_free(&out);
}

int main(void)
{
    gz_time_set_zone("UTC");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_lists_every_sitemap),
        cmocka_unit_test(article_sitemap_has_lastmod_and_pictures),
        cmocka_unit_test(scheduled_article_lastmod_is_its_publication),
        cmocka_unit_test(article_sitemap_never_exceeds_its_byte_limit),
        cmocka_unit_test(section_sitemap_lists_home_and_sections),
        cmocka_unit_test(news_sitemap_holds_the_last_48_hours),
        cmocka_unit_test(news_languages_are_what_google_news_takes),
        cmocka_unit_test(news_sitemap_stops_at_1000),
        cmocka_unit_test(robots_points_at_the_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
