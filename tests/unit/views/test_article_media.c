/* Unit tests of an article page with its media: the lead figure, body
 * references resolved to figures (unknown ones rendering nothing), the
 * social and search engine pictures as absolute 1200-wide URLs, the robots
 * meta on every page, JSON-LD's image list and VideoObject parsed back,
 * and the whole page rendered by the theme. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/json_path.h"

#include "tmpl/tmpl.h"
#include "views/views_private.h"
#include "views_test_support.h"
#include "media_fixtures.h"

#define ABSOLUTE(width, ratio) "https://News.Example:8443/media/" STEM "_" #width "_" ratio ".jpg"

static views_article_media_t media_of(int64_t lead)
{
    return (views_article_media_t){.lead = fixture_media(lead), .resolve = fixture_resolve};
}

/* The n-th JSON-LD block of a page model, parsed back. */
static json_t *json_ld_of(json_t *model, size_t n)
{
    json_t *blocks = json_object_get(json_object_get(model, "page"), "structured_data");
    const char *text = json_string_value(json_object_get(json_array_get(blocks, n), "json"));
    assert_non_null(text);
    assert_null(strchr(text, '<'));
    json_error_t error;
    json_t *value = json_loads(text, 0, &error);
    assert_non_null(value);
    return value;
}

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

static void without_media_the_page_is_as_before(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    content_article_t article = hard_article();
    json_t *before = views_article_page(&site, &article);
    json_t *after = views_article_page_with_media(&site, &article, NULL);
    assert_true(json_equal(before, after));
    views_article_media_t none = {0};
    json_t *empty = views_article_page_with_media(&site, &article, &none);
    assert_true(json_equal(before, empty));
    assert_null(json_at(before, "article.lead_media"));
    assert_null(json_at(before, "page.embed_script"));
    json_decref(before);
    json_decref(after);
    json_decref(empty);
}

static void the_lead_picture_is_shown_first_and_at_once(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    content_article_t article = hard_article();
    views_article_media_t media = media_of(42);
    json_t *model = views_article_page_with_media(&site, &article, &media);
    assert_string_equal(json_text_at(model, "article.lead_media.kind"), "picture");
    assert_true(json_is_true(json_at(model, "article.lead_media.picture.priority")));
    assert_false(json_is_true(json_at(model, "article.lead_media.picture.lazy")));
    assert_string_equal(json_text_at(model, "article.lead_media.credit"), "Reuters/Jane Doe & Co");
    assert_null(json_at(model, "page.embed_script"));
    json_decref(model);
}

static void body_references_become_figures(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    content_article_t article = hard_article();
    article.body_markdown = "First.\n\n![The market at dawn](media:42)\n\n![gone](media:999)\n\n"
                            "![](media:60)\n\n<script>alert(1)</script>\n\nLast.";
    views_article_media_t media = media_of(0);
    json_t *model = views_article_page_with_media(&site, &article, &media);
    const char *body = json_text_at(model, "article.body_html");
    assert_non_null(strstr(body, "<p>First.</p>\n<figure class=\"media media-picture\">\n<picture>"));
    assert_non_null(strstr(body, " alt=\"The market at dawn\" loading=\"lazy\" decoding=\"async\">"));
    assert_non_null(strstr(body, "<figcaption>The market &quot;&gt;&lt;script&gt;"));
    assert_non_null(strstr(body, "data-embed-src=\"https://www.youtube-nocookie.com/embed/"));
    assert_null(strstr(body, "gone"));
    assert_null(strstr(body, "media:"));
    assert_null(strstr(body, "<script"));
    assert_null(strstr(body, "<iframe"));
    assert_non_null(strstr(body, "<p>Last.</p>"));
    assert_int_equal(count_of(body, "<figure"), 2);
    assert_true(json_is_true(json_at(model, "page.embed_script")));
    json_decref(model);
}

/* An allowed provider's address on a line of its own is its click-to-load
 * figure; in a sentence, behind words, or of another site it stays a link. */
static void pasted_addresses_become_placeholders(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    content_article_t article = hard_article();
    article.body_markdown =
        "First.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
        "<https://x.com/AP/status/20>\n\n"
        "https://open.spotify.com/episode/512ojhOuo1ktJprKbVcKyQ\n\n"
        "https://maps.google.com/maps?q=Beirut+port&z=14\n\n"
        "https://datawrapper.dwcdn.net/Ab1Cd/3/\n\n"
        "See https://vimeo.com/76979871 too.\n\n"
        "[the chart](https://public.flourish.studio/visualisation/1234567/)\n\n"
        "https://example.com/watch?v=dQw4w9WgXcQ\n\n"
        "https://www.youtube.com/watch?v=dQw4w9WgX%22Q\n\n"
        "- https://dai.ly/x7tgad0\n\nLast.";
    views_article_media_t media = media_of(0);
    json_t *model = views_article_page_with_media(&site, &article, &media);
    const char *body = json_text_at(model, "article.body_html");
    assert_int_equal(count_of(body, "<figure class=\"media media-embed\">"), 5);
    assert_non_null(strstr(body, "data-embed-src=\"https://www.youtube-nocookie.com/embed/"
                                 "dQw4w9WgXcQ?autoplay=1\""));
    assert_non_null(strstr(body, ">Load the X post</span>"));
    assert_non_null(strstr(body, "data-embed-src=\"https://open.spotify.com/embed/episode/"));
    assert_non_null(strstr(body, "data-embed-src=\"https://www.google.com/maps?q=Beirut+port&amp;"
                                 "z=14&amp;output=embed\""));
    assert_non_null(strstr(body, ">Load the map</span>"));
    assert_non_null(strstr(body, "data-embed-src=\"https://datawrapper.dwcdn.net/Ab1Cd/3/\""));
    assert_non_null(strstr(body, "<p>See <a href=\"https://vimeo.com/76979871\">"));
    assert_non_null(strstr(body, "<a href=\"https://public.flourish.studio/visualisation/1234567/\">"
                                 "the chart</a>"));
    assert_non_null(strstr(body, "<p><a href=\"https://example.com/watch?v=dQw4w9WgXcQ\">"));
    assert_non_null(strstr(body, "<p><a href=\"https://www.youtube.com/watch?v=dQw4w9WgX%22Q\">"));
    assert_non_null(strstr(body, "<li><a href=\"https://dai.ly/x7tgad0\">"));
    assert_null(strstr(body, "<iframe"));
    assert_null(strstr(body, "<img"));
    assert_non_null(strstr(body, "<p>First.</p>\n<figure"));
    assert_true(json_is_true(json_at(model, "page.embed_script")));
    json_decref(model);
    /* A theme that allows only YouTube: the others are links. */
    static const bool only_youtube[MEDIA_EMBED_COUNT] = {[MEDIA_EMBED_YOUTUBE] = true};
    site.embeds = only_youtube;
    model = views_article_page_with_media(&site, &article, &media);
    body = json_text_at(model, "article.body_html");
    assert_int_equal(count_of(body, "<figure"), 1);
    assert_non_null(strstr(body, "<p><a href=\"https://x.com/AP/status/20\">"));
    assert_non_null(strstr(body, "<p><a href=\"https://datawrapper.dwcdn.net/Ab1Cd/3/\">"));
    json_decref(model);
}

static void social_cards_point_at_the_1200_wide_jpeg(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    content_article_t article = hard_article();
    views_article_media_t media = media_of(42);
    json_t *model = views_article_page_with_media(&site, &article, &media);
    assert_string_equal(meta(model, "meta", "property", "og:image"), ABSOLUTE(1200, "16x9"));
    assert_string_equal(meta(model, "meta", "property", "og:image:width"), "1200");
    assert_string_equal(meta(model, "meta", "property", "og:image:height"), "675");
    assert_string_equal(meta(model, "meta", "property", "og:image:alt"), "Rescuers " HOSTILE);
    assert_string_equal(meta(model, "meta_names", "name", "twitter:image"), ABSOLUTE(1200, "16x9"));
    assert_string_equal(meta(model, "meta_names", "name", "twitter:image:alt"), "Rescuers " HOSTILE);
    assert_string_equal(meta(model, "meta_names", "name", "twitter:card"), "summary_large_image");
    assert_string_equal(meta(model, "meta_names", "name", "robots"), "max-image-preview:large");
    json_decref(model);
    /* A video's poster stands for it; a narrow original is not upscaled. */
    content_media_t narrow = *fixture_media(43);
    media.lead = &narrow;
    model = views_article_page_with_media(&site, &article, &media);
    assert_string_equal(meta(model, "meta", "property", "og:image:width"), "700");
    assert_string_equal(meta(model, "meta", "property", "og:image:height"), "394");
    json_decref(model);
    /* A lead whose file is not there: the article's picture as before. */
    media.lead = fixture_media(44);
    model = views_article_page_with_media(&site, &article, &media);
    assert_string_equal(meta(model, "meta", "property", "og:image"),
                        "https://News.Example:8443/media" PICTURE);
    assert_null(meta(model, "meta", "property", "og:image:width"));
    json_decref(model);
}

static void every_page_lets_search_engines_show_large_pictures(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t items[1] = {hard_article()};
    content_article_list_t list = {.items = items, .count = 1, .total = 1};
    json_t *models[] = {views_article_page(&site, &items[0]),
                        views_front_page(&site, NULL, &list, 1, 20),
                        views_error_page(&site, 404, "gone")};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(meta(models[i], "meta_names", "name", "robots"),
                            "max-image-preview:large");
        json_decref(models[i]);
    }
}

static void json_ld_lists_three_1200_wide_pictures(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    content_article_t article = hard_article();
    article.content_type = (content_type_t){.id = 1, .slug = "article", .name = "Article"};
    views_article_media_t media = media_of(42);
    json_t *model = views_article_page_with_media(&site, &article, &media);
    json_t *ld = json_ld_of(model, 0);
    json_t *images = json_object_get(ld, "image");
    assert_int_equal(json_array_size(images), 3);
    assert_string_equal(json_text_at(ld, "image.0"), ABSOLUTE(1200, "16x9"));
    assert_string_equal(json_text_at(ld, "image.1"), ABSOLUTE(1200, "4x3"));
    assert_string_equal(json_text_at(ld, "image.2"), ABSOLUTE(1200, "1x1"));
    assert_null(json_object_get(ld, "video"));
    json_decref(ld);
    json_decref(model);
}

static void a_lead_video_is_a_video_object(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    content_article_t article = hard_article();
    views_article_media_t media = media_of(50);
    json_t *model = views_article_page_with_media(&site, &article, &media);
    json_t *ld = json_ld_of(model, 0);
    assert_string_equal(json_text_at(ld, "video.@type"), "VideoObject");
    assert_string_equal(json_text_at(ld, "video.name"), HARD_HEADLINE);
    assert_string_equal(json_text_at(ld, "video.description"), "Convoy </script> \"leaves\"");
    assert_string_equal(json_text_at(ld, "video.thumbnailUrl.0"), ABSOLUTE(1200, "16x9"));
    assert_string_equal(json_text_at(ld, "video.uploadDate"), "2016-12-07T08:06:40Z");
    assert_string_equal(json_text_at(ld, "video.duration"), "PT1M30S");
    assert_string_equal(json_text_at(ld, "video.contentUrl"),
                        "https://News.Example:8443/media/2016/12/06/alalam_636166000000000000.mp4");
    assert_null(json_object_get(json_object_get(ld, "video"), "embedUrl"));
    json_decref(ld);
    assert_string_equal(json_text_at(model, "article.lead_media.video.type"), "video/mp4");
    json_decref(model);

    media = media_of(60);
    model = views_article_page_with_media(&site, &article, &media);
    ld = json_ld_of(model, 0);
    assert_string_equal(json_text_at(ld, "video.embedUrl"),
                        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
    assert_string_equal(json_text_at(ld, "video.duration"), "PT1H2M3S");
    assert_null(json_object_get(json_object_get(ld, "video"), "contentUrl"));
    json_decref(ld);
    assert_true(json_is_true(json_at(model, "page.embed_script")));
    json_decref(model);
}

static void the_theme_renders_the_page_with_its_media(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/themes/default/templates", getenv("GAZETTE_SOURCE_ROOT"));
    tmpl_set_t *set = tmpl_set_new();
    assert_int_equal(tmpl_set_load_dir(set, dir, NULL), GZ_OK);
    views_site_t site = with_media(support_site());
    content_article_t article = hard_article();
    views_article_media_t media = media_of(60);
    json_t *model = views_article_page_with_media(&site, &article, &media);
    /* The theme files' fingerprinted addresses, as web adds them. */
    json_object_set_new(model, "assets", json_pack("{s:s}", "embed_js", "/static/embed.0123456789ab.js"));
    gz_buf_t html = GZ_BUF_INIT;
    assert_int_equal(tmpl_render(set, "article", model, &html), GZ_OK);
    const char *page = gz_buf_cstr(&html);
    assert_non_null(strstr(page, "<meta name=\"robots\" content=\"max-image-preview:large\">"));
    assert_non_null(strstr(page, "<script src=\"/static/embed.0123456789ab.js\" defer></script>"));
    assert_non_null(strstr(page, "<figure class=\"media media-embed\">"));
    assert_non_null(strstr(page, " fetchpriority=\"high\""));
    assert_non_null(strstr(page, "<figcaption>The interview</figcaption>"));
    assert_null(strstr(page, "<iframe"));
    assert_null(strstr(page, "youtube.com/iframe_api"));
    json_decref(model);
    gz_buf_free(&html);
    tmpl_set_free(set);
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
        cmocka_unit_test(without_media_the_page_is_as_before),
        cmocka_unit_test(the_lead_picture_is_shown_first_and_at_once),
        cmocka_unit_test(body_references_become_figures),
        cmocka_unit_test(pasted_addresses_become_placeholders),
        cmocka_unit_test(social_cards_point_at_the_1200_wide_jpeg),
        cmocka_unit_test(every_page_lets_search_engines_show_large_pictures),
        cmocka_unit_test(json_ld_lists_three_1200_wide_pictures),
        cmocka_unit_test(a_lead_video_is_a_video_object),
        cmocka_unit_test(the_theme_renders_the_page_with_its_media),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
