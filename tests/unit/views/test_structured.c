/* Unit tests of the structured data: JSON-LD that survives "</script>" in
 * a headline, NewsArticle's required properties and their fallbacks,
 * WebSite and BreadcrumbList, and the head of article pages, fronts and
 * tag fronts (discovery links, Open Graph, Twitter cards). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/json_path.h"

#include "views/views_private.h"
#include "views_test_support.h"

/* The n-th JSON-LD block of a page model, parsed back. */
static json_t *json_ld_of(json_t *model, size_t n)
{
    json_t *blocks = json_object_get(json_object_get(model, "page"), "structured_data");
    const char *text = json_string_value(json_object_get(json_array_get(blocks, n), "json"));
    assert_non_null(text);
    assert_null(strchr(text, '<'));
    return json_loads(text, 0, NULL);
}

/* The content of the meta tag whose attribute (property or name) is key. */
static const char *meta(json_t *model, const char *list, const char *attribute, const char *key)
{
    json_t *items = json_object_get(json_object_get(model, "page"), list);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *item = json_array_get(items, i);
        if (strcmp(json_string_value(json_object_get(item, attribute)), key) == 0) {
            return json_string_value(json_object_get(item, "content"));
        }
    }
    return NULL;
}

static void script_json_cannot_close_the_script(void **state)
{
    (void)state;
    json_t *value =
        json_pack("{s:s}", "headline", "</script><script>alert(1)</script> & \xE2\x80\xA8");
    gz_buf_t out = GZ_BUF_INIT;
    views_json_for_script(value, &out);
    assert_string_equal(gz_buf_cstr(&out),
                        "{\"headline\":\"\\u003c/script\\u003e\\u003cscript"
                        "\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u2028\"}");
    json_t *back = json_loads(gz_buf_cstr(&out), 0, NULL);
    assert_true(json_equal(back, value));
    json_decref(back);
    json_decref(value);
    gz_buf_free(&out);
}

static void news_article_has_every_property(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t article = hard_article();
    json_t *ld = views_article_structured_data(&site, &article);
    assert_string_equal(json_text_at(ld, "@context"), "https://schema.org");
    assert_string_equal(json_text_at(ld, "@type"), "NewsArticle");
    assert_string_equal(json_text_at(ld, "headline"), HARD_HEADLINE);
    assert_string_equal(json_text_at(ld, "description"), HARD_SUMMARY);
    assert_string_equal(json_text_at(ld, "datePublished"), "2016-12-07T08:09:47Z");
    assert_string_equal(json_text_at(ld, "dateModified"), "2016-12-07T08:40:00Z");
    assert_string_equal(json_text_at(ld, "author.0.@type"), "Person");
    assert_string_equal(json_text_at(ld, "author.0.name"), "Jane Doe & Co");
    assert_string_equal(json_text_at(ld, "author.0.url"), "https://News.Example:8443/author/jane-doe");
    assert_string_equal(json_text_at(ld, "publisher.name"), "Gazette & Sons");
    assert_string_equal(json_text_at(ld, "publisher.logo.@type"), "ImageObject");
    assert_string_equal(json_text_at(ld, "publisher.logo.url"),
                        "https://News.Example:8443/static/logo.png");
    assert_string_equal(json_text_at(ld, "image.0"), "https://News.Example:8443/media" PICTURE);
    assert_string_equal(json_text_at(ld, "articleSection"), "Syria");
    assert_string_equal(json_text_at(ld, "inLanguage"), "en");
    assert_string_equal(json_text_at(ld, "mainEntityOfPage.@id"),
                        "https://News.Example:8443/news/5/q-a-rates");
    assert_string_equal(json_text_at(ld, "keywords.0"), "Aleppo <old city>");
    /* A video with a picture is a NewsArticle with a VideoObject. */
    assert_string_equal(json_text_at(ld, "video.@type"), "VideoObject");
    assert_string_equal(json_text_at(ld, "video.name"), HARD_HEADLINE);
    assert_string_equal(json_text_at(ld, "video.thumbnailUrl.0"),
                        "https://News.Example:8443/media" PICTURE);
    assert_string_equal(json_text_at(ld, "video.uploadDate"), "2016-12-07T08:09:47Z");
    json_decref(ld);
}

static void news_article_falls_back_for_author_and_image(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t article = hard_article();
    article.authors = NULL;
    article.author_count = 0;
    article.lead_image = "/not/in/the/media/store.jpg";
    json_t *ld = views_article_structured_data(&site, &article);
    assert_string_equal(json_text_at(ld, "author.0.@type"), "Organization");
    assert_string_equal(json_text_at(ld, "author.0.name"), "Alalam");
    assert_string_equal(json_text_at(ld, "image.0"), "https://News.Example:8443/static/logo.png");
    assert_null(json_object_get(ld, "video")); /* no thumbnail, no VideoObject */
    json_decref(ld);

    article.dateline = NULL;
    ld = views_article_structured_data(&site, &article);
    assert_string_equal(json_text_at(ld, "author.0.name"), "Gazette & Sons");
    json_decref(ld);

    content_article_t arabic = arabic_article();
    ld = views_article_structured_data(&site, &arabic);
    assert_string_equal(json_text_at(ld, "inLanguage"), "ar");
    assert_string_equal(json_text_at(ld, "headline"), ARABIC_HEADLINE);
    assert_null(json_object_get(ld, "articleSection"));
    json_decref(ld);
}

static void website_has_a_search_action(void **state)
{
    (void)state;
    views_site_t site = support_site();
    json_t *ld = views_website_structured_data(&site);
    assert_string_equal(json_text_at(ld, "@type"), "WebSite");
    assert_string_equal(json_text_at(ld, "url"), "https://News.Example:8443/");
    assert_string_equal(json_text_at(ld, "potentialAction.@type"), "SearchAction");
    assert_string_equal(json_text_at(ld, "potentialAction.target.urlTemplate"),
                        "https://News.Example:8443/search?q={search_term_string}");
    assert_string_equal(json_text_at(ld, "potentialAction.query-input"),
                        "required name=search_term_string");
    json_decref(ld);
}

static void article_page_head_has_cards_json_ld_and_feeds(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t article = hard_article();
    json_t *model = views_article_page(&site, &article);
    json_t *ld = json_ld_of(model, 0);
    assert_string_equal(json_text_at(ld, "headline"), HARD_HEADLINE);
    assert_string_equal(json_text_at(ld, "url"), json_text_at(model, "page.canonical"));
    json_decref(ld);
    json_t *crumbs = json_ld_of(model, 1);
    assert_string_equal(json_text_at(crumbs, "@type"), "BreadcrumbList");
    assert_string_equal(json_text_at(crumbs, "itemListElement.1.item"),
                        "https://News.Example:8443/section/syria");
    assert_string_equal(json_text_at(crumbs, "itemListElement.2.name"), HARD_HEADLINE);
    json_decref(crumbs);
    assert_string_equal(meta(model, "meta", "property", "og:type"), "article");
    assert_string_equal(meta(model, "meta", "property", "og:title"), HARD_HEADLINE);
    assert_string_equal(meta(model, "meta", "property", "og:url"),
                        json_text_at(model, "page.canonical"));
    assert_string_equal(meta(model, "meta", "property", "og:image"),
                        "https://News.Example:8443/media" PICTURE);
    assert_string_equal(meta(model, "meta", "property", "article:published_time"),
                        "2016-12-07T08:09:47Z");
    assert_string_equal(meta(model, "meta_names", "name", "twitter:card"), "summary_large_image");
    assert_string_equal(meta(model, "meta_names", "name", "twitter:description"), HARD_SUMMARY);
    assert_string_equal(json_text_at(model, "page.feeds.0.href"), "https://News.Example:8443/feed.rss");
    assert_string_equal(json_text_at(model, "page.feeds.0.type"), "application/rss+xml");
    assert_string_equal(json_text_at(model, "page.feeds.4.href"),
                        "https://News.Example:8443/section/syria/feed.atom");
    assert_string_equal(json_text_at(model, "page.feeds.4.title"),
                        "Syria \xC2\xB7 Gazette & Sons (Atom)");
    json_decref(model);
}

static void fronts_carry_website_or_breadcrumbs(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t items[1] = {hard_article()};
    content_article_list_t list = {.items = items, .count = 1, .total = 1};
    json_t *model = views_front_page(&site, NULL, &list, 1, 20);
    json_t *ld = json_ld_of(model, 0);
    assert_string_equal(json_text_at(ld, "@type"), "WebSite");
    json_decref(ld);
    assert_string_equal(json_text_at(model, "page.description"), "All the news <fit> to print");
    assert_string_equal(meta(model, "meta", "property", "og:type"), "website");
    assert_string_equal(meta(model, "meta_names", "name", "twitter:card"), "summary");
    assert_int_equal(json_array_size(json_object_get(json_object_get(model, "page"), "feeds")), 3);
    json_decref(model);

    content_section_t syria = {.id = 3, .slug = "syria", .name = "Syria"};
    model = views_front_page(&site, &syria, &list, 1, 20);
    ld = json_ld_of(model, 0);
    assert_string_equal(json_text_at(ld, "@type"), "BreadcrumbList");
    assert_string_equal(json_text_at(ld, "itemListElement.0.name"), "Gazette & Sons");
    assert_string_equal(json_text_at(ld, "itemListElement.1.item"),
                        "https://News.Example:8443/section/syria");
    json_decref(ld);
    assert_string_equal(json_text_at(model, "page.feeds.3.href"),
                        "https://News.Example:8443/section/syria/feed.rss");
    json_decref(model);
}

static void tag_front_is_a_front_of_its_own(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t items[2] = {hard_article(), arabic_article()};
    content_article_list_t list = {.items = items, .count = 2, .total = 5};
    content_tag_t tag = {4, "aleppo", "Aleppo <old city>"};
    json_t *model = views_tag_front_page(&site, &tag, &list, 1, 2);
    assert_string_equal(json_text_at(model, "tag.name"), "Aleppo <old city>");
    assert_string_equal(json_text_at(model, "tag.url"), "/tag/aleppo");
    assert_string_equal(json_text_at(model, "page.title"), "Aleppo <old city>");
    assert_string_equal(json_text_at(model, "page.canonical"), "https://News.Example:8443/tag/aleppo");
    assert_string_equal(json_text_at(model, "pagination.next_url"), "/tag/aleppo?page=2");
    assert_string_equal(json_text_at(model, "lead.headline"), HARD_HEADLINE);
    assert_null(json_object_get(model, "section"));
    assert_null(json_object_get(model, "is_home"));
    assert_string_equal(json_text_at(model, "page.feeds.5.href"),
                        "https://News.Example:8443/tag/aleppo/feed.json");
    json_decref(model);
}

static void error_pages_still_link_the_feeds(void **state)
{
    (void)state;
    views_site_t site = support_site();
    json_t *model = views_error_page(&site, 404, "Nothing here.");
    assert_string_equal(json_text_at(model, "page.feeds.1.href"), "https://News.Example:8443/feed.atom");
    json_decref(model);
}

int main(void)
{
    gz_time_set_zone("UTC");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(script_json_cannot_close_the_script),
        cmocka_unit_test(news_article_has_every_property),
        cmocka_unit_test(news_article_falls_back_for_author_and_image),
        cmocka_unit_test(website_has_a_search_action),
        cmocka_unit_test(article_page_head_has_cards_json_ld_and_feeds),
        cmocka_unit_test(fronts_carry_website_or_breadcrumbs),
        cmocka_unit_test(tag_front_is_a_front_of_its_own),
        cmocka_unit_test(error_pages_still_link_the_feeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
