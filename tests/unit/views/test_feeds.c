/* Unit tests of the feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1): articles with
 * troublesome text in, bytes out, checked by content: each text escaped
 * exactly once for where it lands, times in the format of each standard,
 * identities that survive a headline change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "views/views_private.h"
#include "views_test_support.h"

static const views_feed_t site_feed = {.title = NULL, .path = "/"};
static const views_feed_t syria_feed = {.title = "Syria", .path = "/section/syria"};

/* Renders both fixture articles in format; the caller frees *out. */
static void render(views_feed_format_t format, const views_feed_t *feed, gz_buf_t *out)
{
    content_article_t items[2] = {arabic_article(), hard_article()};
    content_article_list_t list = {.items = items, .count = 2, .total = 2};
    views_site_t site = support_site();
    *out = GZ_BUF_INIT;
    views_feed(&site, feed, format, &list, out);
}

static void feed_paths_and_types(void **state)
{
    (void)state;
    gz_buf_t path = GZ_BUF_INIT;
    views_feed_path(&path, "/", VIEWS_FEED_RSS);
    assert_string_equal(gz_buf_cstr(&path), "/feed.rss");
    gz_buf_reset(&path);
    views_feed_path(&path, "/section/syria", VIEWS_FEED_ATOM);
    assert_string_equal(gz_buf_cstr(&path), "/section/syria/feed.atom");
    gz_buf_reset(&path);
    views_feed_path(&path, "/tag/aleppo", VIEWS_FEED_JSON);
    assert_string_equal(gz_buf_cstr(&path), "/tag/aleppo/feed.json");
    gz_buf_free(&path);
    assert_string_equal(views_feed_content_type(VIEWS_FEED_RSS),
                        "application/rss+xml; charset=utf-8");
    assert_string_equal(views_feed_content_type(VIEWS_FEED_ATOM),
                        "application/atom+xml; charset=utf-8");
    assert_string_equal(views_feed_content_type(VIEWS_FEED_JSON),
                        "application/feed+json; charset=utf-8");
}

static void xml_text_is_escaped_once_and_forbidden_characters_dropped(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    views_xml_append_text(&out, "a & b <c> \"d\" 'e' \xE2\x80\x9C\xE2\x80\x9D\x01\x0b\t\n"
                                "\xEF\xBF\xBE\xEF\xBF\xBFz");
    assert_string_equal(gz_buf_cstr(&out), "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; "
                                           "\xE2\x80\x9C\xE2\x80\x9D\t\nz");
    gz_buf_free(&out);
}

static void urls_are_absolute_and_percent_encoded(void **state)
{
    (void)state;
    views_site_t site = support_site();
    gz_buf_t out = GZ_BUF_INIT;
    views_append_absolute_url(&out, &site, "/news/7/" ARABIC_SLUG);
    assert_string_equal(gz_buf_cstr(&out), "https://News.Example:8443/news/7/" ARABIC_SLUG_ENCODED);
    gz_buf_reset(&out);
    views_append_absolute_url(&out, &site, "/media/a b%&\"<.jpg");
    assert_string_equal(gz_buf_cstr(&out), "https://News.Example:8443/media/a%20b%25%26%22%3C.jpg");
    gz_buf_reset(&out);
    assert_false(views_append_image_url(&out, &site, "/not/there.jpg"));
    assert_int_equal(out.len, 0);
    assert_true(views_append_image_url(&out, &site, PICTURE));
    assert_string_equal(gz_buf_cstr(&out), "https://News.Example:8443/media" PICTURE);
    gz_buf_reset(&out);
    site.logo = "https://cdn.example/logo.png";
    views_append_logo_url(&out, &site);
    assert_string_equal(gz_buf_cstr(&out), "https://cdn.example/logo.png");
    gz_buf_free(&out);
}

static void rss_escapes_each_text_once(void **state)
{
    (void)state;
    gz_buf_t out;
    render(VIEWS_FEED_RSS, &site_feed, &out);
    const char *xml = gz_buf_cstr(&out);
    assert_non_null(
        strstr(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""));
    assert_non_null(strstr(xml, "<title>Gazette &amp; Sons</title>"));
    assert_non_null(strstr(xml, "<description>All the news &lt;fit&gt; to print</description>"));
    assert_non_null(strstr(xml, "<atom:link rel=\"self\" type=\"application/rss+xml\" "
                                "href=\"https://News.Example:8443/feed.rss\"/>"));
    /* Plain text: escaped once for XML. */
    assert_non_null(strstr(xml,
                           "<title>Q&amp;A: \xE2\x80\x9CRates &lt; 5%\xE2\x80\x9D say Smith "
                           "&amp; O\xE2\x80\x99Neil &quot;exactly&quot; &lt;/script&gt;</title>"));
    assert_non_null(strstr(xml, "<title>"
                                "حلب: «السوق» يفتح أبوابه &amp; &lt;اليوم&gt;"
                                "</title>"));
    assert_non_null(strstr(xml, "<dc:creator>Jane Doe &amp; Co</dc:creator>"));
    assert_non_null(strstr(xml, "<category>Syria</category>"));
    assert_non_null(strstr(xml, "<category>Aleppo &lt;old city&gt;</category>"));
    /* HTML content: the HTML, escaped for XML. The summary is text, so it
     * becomes HTML (escaped) before it is escaped for XML. */
    assert_non_null(strstr(xml, "<description>Tom &amp;amp; Jerry &amp;lt;b&amp;gt;say&amp;lt;/b"
                                "&amp;gt; \xE2\x80\x98hi\xE2\x80\x99</description>"));
    assert_non_null(strstr(xml,
                           "<content:encoded>&lt;p&gt;Fish &amp;amp; chips \xE2\x80\x9Cnow"
                           "\xE2\x80\x9D &amp;lt;cheap&amp;gt;&lt;/p&gt;\n</content:encoded>"));
    assert_null(strstr(xml, "<script"));
    assert_null(strstr(xml, "</script>"));
    gz_buf_free(&out);
}

static void rss_items_have_permalinks_dates_and_pictures(void **state)
{
    (void)state;
    gz_buf_t out;
    render(VIEWS_FEED_RSS, &site_feed, &out);
    const char *xml = gz_buf_cstr(&out);
    assert_non_null(strstr(xml,
                           "<link>https://News.Example:8443/news/5/q-a-rates</link>\n"
                           "<guid isPermaLink=\"true\">https://News.Example:8443/news/5</guid>\n"
                           "<pubDate>Wed, 07 Dec 2016 08:09:47 GMT</pubDate>"));
    assert_non_null(
        strstr(xml, "<link>https://News.Example:8443/news/7/" ARABIC_SLUG_ENCODED "</link>"));
    assert_non_null(strstr(xml, "<lastBuildDate>Thu, 08 Dec 2016 09:40:00 GMT</lastBuildDate>"));
    assert_non_null(strstr(xml, "<media:content medium=\"image\" url=\"https://News.Example:8443"
                                "/media" PICTURE "\" type=\"image/jpeg\"/>"));
    assert_int_equal(count_of(xml, "<item>"), 2);
    assert_int_equal(count_of(xml, "<media:content"), 1);
    /* Newest first, as listed. */
    assert_true(strstr(xml, "/news/7/") < strstr(xml, "/news/5/"));
    gz_buf_free(&out);
}

static void atom_has_tag_uris_text_titles_and_html_content(void **state)
{
    (void)state;
    gz_buf_t out;
    render(VIEWS_FEED_ATOM, &syria_feed, &out);
    const char *xml = gz_buf_cstr(&out);
    assert_non_null(strstr(xml, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    assert_non_null(strstr(xml, "<id>https://News.Example:8443/section/syria/feed.atom</id>"));
    assert_non_null(strstr(xml, "<title type=\"text\">Syria \xC2\xB7 Gazette &amp; Sons</title>"));
    assert_non_null(strstr(xml, "<updated>2016-12-08T09:40:00Z</updated>"));
    assert_non_null(strstr(xml, "<link rel=\"self\" type=\"application/atom+xml\" "
                                "href=\"https://News.Example:8443/section/syria/feed.atom\"/>"));
    assert_non_null(strstr(xml, "<link rel=\"alternate\" type=\"text/html\" "
                                "href=\"https://News.Example:8443/section/syria\"/>"));
    assert_non_null(strstr(xml, "<author>\n<name>Gazette &amp; Sons</name>"));
    assert_non_null(strstr(xml, "<logo>https://News.Example:8443/static/logo.png</logo>"));
    assert_non_null(
        strstr(xml, "<entry xml:lang=\"en\">\n<id>tag:news.example,2016:article:5</id>"));
    assert_non_null(
        strstr(xml, "<entry xml:lang=\"ar\">\n<id>tag:news.example,2016:article:7</id>"));
    assert_non_null(strstr(xml, "<title type=\"text\">Q&amp;A: \xE2\x80\x9CRates &lt; 5%"));
    assert_non_null(strstr(xml, "<published>2016-12-07T08:09:47Z</published>\n"
                                "<updated>2016-12-07T08:40:00Z</updated>"));
    assert_non_null(strstr(xml, "<author><name>Jane Doe &amp; Co</name>\n"
                                "<uri>https://News.Example:8443/author/jane-doe</uri>\n</author>"));
    assert_non_null(strstr(xml, "<category term=\"Aleppo &lt;old city&gt;\"/>"));
    assert_non_null(strstr(xml, "<summary type=\"text\">Tom &amp; Jerry &lt;b&gt;say&lt;/b&gt; "));
    assert_non_null(strstr(xml, "<content type=\"html\">&lt;p&gt;Fish &amp;amp; chips"));
    assert_non_null(strstr(xml, "<link rel=\"enclosure\" type=\"image/jpeg\" "
                                "href=\"https://News.Example:8443/media" PICTURE "\"/>"));
    assert_null(strstr(xml, "</script>"));
    gz_buf_free(&out);
}

static void atom_id_keeps_the_creation_year(void **state)
{
    (void)state;
    content_article_t article = hard_article();
    article.created_at = 1300000000;   /* 2011 */
    article.published_at = 1700000000; /* 2023: rescheduling does not change the id */
    article.slug = "a-new-headline-gives-a-new-slug";
    content_article_list_t list = {.items = &article, .count = 1, .total = 1};
    views_site_t site = support_site();
    gz_buf_t out = GZ_BUF_INIT;
    views_feed(&site, &site_feed, VIEWS_FEED_ATOM, &list, &out);
    assert_non_null(strstr(gz_buf_cstr(&out), "<id>tag:news.example,2011:article:5</id>"));
    gz_buf_free(&out);
}

static json_t *render_json(void)
{
    gz_buf_t out;
    render(VIEWS_FEED_JSON, &site_feed, &out);
    json_error_t error;
    json_t *root = json_loads(gz_buf_cstr(&out), 0, &error);
    if (root == NULL) {
        fail_msg("JSON Feed does not parse: %s", error.text);
    }
    gz_buf_free(&out);
    return root;
}

static void json_feed_has_the_required_members_and_exact_text(void **state)
{
    (void)state;
    json_t *root = render_json();
    assert_string_equal(json_string_value(json_object_get(root, "version")),
                        "https://jsonfeed.org/version/1.1");
    assert_string_equal(json_string_value(json_object_get(root, "title")), "Gazette & Sons");
    assert_string_equal(json_string_value(json_object_get(root, "home_page_url")),
                        "https://News.Example:8443/");
    assert_string_equal(json_string_value(json_object_get(root, "feed_url")),
                        "https://News.Example:8443/feed.json");
    json_t *items = json_object_get(root, "items");
    assert_int_equal(json_array_size(items), 2);
    json_t *arabic = json_array_get(items, 0), *hard = json_array_get(items, 1);
    assert_string_equal(json_string_value(json_object_get(arabic, "title")), ARABIC_HEADLINE);
    assert_string_equal(json_string_value(json_object_get(arabic, "language")), "ar");
    assert_string_equal(json_string_value(json_object_get(arabic, "url")),
                        "https://News.Example:8443/news/7/" ARABIC_SLUG_ENCODED);
    assert_string_equal(json_string_value(json_object_get(hard, "id")),
                        "https://News.Example:8443/news/5");
    assert_string_equal(json_string_value(json_object_get(hard, "title")), HARD_HEADLINE);
    assert_string_equal(json_string_value(json_object_get(hard, "summary")), HARD_SUMMARY);
    assert_string_equal(json_string_value(json_object_get(hard, "content_html")), HARD_BODY);
    assert_string_equal(json_string_value(json_object_get(hard, "date_published")),
                        "2016-12-07T08:09:47Z");
    assert_string_equal(json_string_value(json_object_get(hard, "date_modified")),
                        "2016-12-07T08:40:00Z");
    assert_string_equal(json_string_value(json_object_get(hard, "image")),
                        "https://News.Example:8443/media" PICTURE);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(hard, "authors"), 0), "name")),
                        "Jane Doe & Co");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(hard, "authors"), 0), "url")),
                        "https://News.Example:8443/author/jane-doe");
    assert_string_equal(json_string_value(json_array_get(json_object_get(hard, "tags"), 1)),
                        "Aleppo <old city>");
    assert_null(json_object_get(arabic, "image"));
    json_decref(root);
}

static void an_empty_feed_is_still_a_feed(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_list_t empty = {0};
    for (int format = VIEWS_FEED_RSS; format <= VIEWS_FEED_JSON; format++) {
        gz_buf_t out = GZ_BUF_INIT;
        views_feed(&site, &site_feed, (views_feed_format_t)format, &empty, &out);
        const char *text = gz_buf_cstr(&out);
        if (format == VIEWS_FEED_RSS) {
            assert_non_null(strstr(text, "</channel>\n</rss>\n"));
        } else if (format == VIEWS_FEED_ATOM) {
            assert_non_null(strstr(text, "<updated>2016-12-08T12:26:40Z</updated>"));
        } else {
            assert_non_null(strstr(text, "\"items\":[]"));
        }
        gz_buf_free(&out);
    }
}

int main(void)
{
    gz_time_set_zone("UTC");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(feed_paths_and_types),
        cmocka_unit_test(xml_text_is_escaped_once_and_forbidden_characters_dropped),
        cmocka_unit_test(urls_are_absolute_and_percent_encoded),
        cmocka_unit_test(rss_escapes_each_text_once),
        cmocka_unit_test(rss_items_have_permalinks_dates_and_pictures),
        cmocka_unit_test(atom_has_tag_uris_text_titles_and_html_content),
        cmocka_unit_test(atom_id_keeps_the_creation_year),
        cmocka_unit_test(json_feed_has_the_required_members_and_exact_text),
        cmocka_unit_test(an_empty_feed_is_still_a_feed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
