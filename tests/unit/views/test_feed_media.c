/* Unit tests of feeds given their articles' media: media:content for the
 * lead picture (url, medium, type, width, height), the same picture as
 * Atom's enclosure and JSON Feed's image, and body references as figures
 * whose every address is absolute. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "views/views_private.h"
#include "views_test_support.h"
#include "media_fixtures.h"

#define ABSOLUTE_PREFIX "https://News.Example:8443/media/" STEM
#define LEAD ABSOLUTE_PREFIX "_1200_16x9.jpg"

static void feed_of(views_feed_format_t format, const views_article_media_t *media,
                    gz_buf_t *out)
{
    views_site_t site = with_media(support_site());
    content_article_t items[2] = {hard_article(), arabic_article()};
    items[0].body_markdown = "Before.\n\n![The market](media:42)\n\n![](media:999)\n\n"
                             "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nAfter.";
    content_article_list_t list = {.items = items, .count = 2, .total = 2};
    views_feed_t feed = {.path = "/", .media = media};
    views_feed(&site, &feed, format, &list, out);
}

static void rss_carries_the_lead_and_absolute_body_pictures(void **state)
{
    (void)state;
    views_article_media_t media[2] = {{.lead = fixture_media(42), .resolve = fixture_resolve},
                                      {0}};
    gz_buf_t out = GZ_BUF_INIT;
    feed_of(VIEWS_FEED_RSS, media, &out);
    const char *rss = gz_buf_cstr(&out);
    assert_non_null(strstr(rss, "<media:content medium=\"image\" url=\"" LEAD
                                "\" type=\"image/jpeg\" width=\"1200\" height=\"675\"/>"));
    assert_int_equal(count_of(rss, "<media:content"), 1);
    /* The body's figure, escaped for XML once: absolute addresses only. */
    assert_non_null(strstr(rss, "&lt;figure class=&quot;media media-picture&quot;&gt;"));
    assert_non_null(strstr(rss, "srcset=&quot;" ABSOLUTE_PREFIX "_320_16x9.jpg 320w, "));
    assert_non_null(strstr(rss, "src=&quot;" ABSOLUTE_PREFIX "_1024_16x9.jpg&quot;"));
    assert_null(strstr(rss, "=&quot;/media"));
    assert_null(strstr(rss, "media:999"));
    assert_non_null(strstr(rss, "&lt;p&gt;After.&lt;/p&gt;"));
    /* Feeds get no frames: a pasted address stays a link. */
    assert_non_null(strstr(rss, "&lt;p&gt;&lt;a href=&quot;https://www.youtube.com/watch?v="
                                "dQw4w9WgXcQ&quot;&gt;"));
    assert_null(strstr(rss, "embed-poster"));
    gz_buf_free(&out);
}

static void atom_and_json_feed_use_the_same_picture(void **state)
{
    (void)state;
    views_article_media_t media[2] = {{.lead = fixture_media(50), .resolve = fixture_resolve},
                                      {0}};
    gz_buf_t out = GZ_BUF_INIT;
    feed_of(VIEWS_FEED_ATOM, media, &out);
    assert_non_null(strstr(gz_buf_cstr(&out), "<link rel=\"enclosure\" type=\"image/jpeg\" href=\""
                                              LEAD "\"/>"));
    gz_buf_reset(&out);
    feed_of(VIEWS_FEED_JSON, media, &out);
    json_t *root = json_loads(gz_buf_cstr(&out), 0, NULL);
    assert_non_null(root);
    json_t *item = json_array_get(json_object_get(root, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(item, "image")), LEAD);
    const char *html = json_string_value(json_object_get(item, "content_html"));
    assert_non_null(strstr(html, "src=\"" ABSOLUTE_PREFIX "_1024_16x9.jpg\""));
    json_decref(root);
    gz_buf_free(&out);
}

static void without_media_feeds_are_as_before(void **state)
{
    (void)state;
    gz_buf_t before = GZ_BUF_INIT, after = GZ_BUF_INIT;
    views_article_media_t none[2] = {{0}, {0}};
    feed_of(VIEWS_FEED_RSS, NULL, &before);
    feed_of(VIEWS_FEED_RSS, none, &after);
    assert_string_equal(gz_buf_cstr(&before), gz_buf_cstr(&after));
    assert_non_null(strstr(gz_buf_cstr(&before), "<media:content medium=\"image\" url=\""
                                                 "https://News.Example:8443/media" PICTURE
                                                 "\" type=\"image/jpeg\"/>"));
    gz_buf_free(&before);
    gz_buf_free(&after);
}

static int setup(void **state)
{
    (void)state;
    return media_init() == GZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    media_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rss_carries_the_lead_and_absolute_body_pictures),
        cmocka_unit_test(atom_and_json_feed_use_the_same_picture),
        cmocka_unit_test(without_media_feeds_are_as_before),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
