/* Unit tests of the media views: <picture> sources, srcset entries and
 * their w descriptors, sizes, the box of the ratio, lead vs lazy, no
 * upscaling, the placeholder for a missing file, hostile alt and caption
 * escaped, the video element, click-to-load embeds with no frame and bad
 * ids refused, and the C markup equal to figure.mustache's. */
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

#define URL(width, ratio, ext) "/media/" STEM "_" #width "_" ratio "." ext

static views_picture_options_t options(views_picture_role_t role)
{
    return (views_picture_options_t){.role = role, .ratio_width = 16, .ratio_height = 9,
                                     .sizes = "(min-width: 44.5rem) 42rem, 100vw",
                                     .resolve = fixture_resolve};
}

static const char *const ALL_WIDTHS_JPEG =
    URL(320, "16x9", "jpg") " 320w, " URL(640, "16x9", "jpg") " 640w, " URL(
        1024, "16x9", "jpg") " 1024w, " URL(1200, "16x9", "jpg") " 1200w, " URL(1600, "16x9",
                                                                                  "jpg") " 1600w, " URL(2048, "16x9", "jpg") " 2048w";

static json_t *source_of_type(json_t *picture, const char *type)
{
    json_t *sources = json_object_get(picture, "sources");
    for (size_t i = 0; i < json_array_size(sources); i++) {
        if (strcmp(json_text_at(json_array_get(sources, i), "type"), type) == 0) {
            return json_array_get(sources, i);
        }
    }
    return NULL;
}

static void picture_has_a_source_per_format_and_every_width(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    views_picture_options_t body = options(VIEWS_PICTURE_BODY);
    json_t *picture = views_picture(&site, fixture_media(42), &body);
    assert_false(json_is_true(json_object_get(picture, "placeholder")));
    json_t *webp = source_of_type(picture, "image/webp");
    assert_non_null(webp);
    assert_string_equal(json_text_at(webp, "srcset"),
                        URL(320, "16x9", "webp") " 320w, " URL(640, "16x9", "webp") " 640w, " URL(
                            1024, "16x9", "webp") " 1024w, " URL(1200, "16x9", "webp") " 1200w, "
                            URL(1600, "16x9", "webp") " 1600w, " URL(2048, "16x9", "webp") " 2048w");
    assert_string_equal(json_text_at(webp, "sizes"), "(min-width: 44.5rem) 42rem, 100vw");
    json_t *avif = source_of_type(picture, "image/avif");
    if (media_format_available(MEDIA_FORMAT_AVIF)) {
        assert_non_null(avif);
        assert_non_null(strstr(json_text_at(avif, "srcset"), URL(2048, "16x9", "avif") " 2048w"));
        assert_ptr_equal(json_array_get(json_object_get(picture, "sources"), 0), avif);
    } else {
        assert_null(avif);
    }
    assert_null(source_of_type(picture, "image/jpeg"));
    assert_string_equal(json_text_at(picture, "src"), URL(1024, "16x9", "jpg"));
    assert_string_equal(json_text_at(picture, "srcset"), ALL_WIDTHS_JPEG);
    assert_string_equal(json_text_at(picture, "sizes"), "(min-width: 44.5rem) 42rem, 100vw");
    assert_int_equal(json_integer_value(json_object_get(picture, "width")), 1024);
    assert_int_equal(json_integer_value(json_object_get(picture, "height")), 576);
    assert_string_equal(json_text_at(picture, "alt"), "Rescuers " HOSTILE);
    assert_true(json_is_true(json_object_get(picture, "lazy")));
    assert_false(json_is_true(json_object_get(picture, "priority")));
    json_decref(picture);
}

static void without_known_formats_only_the_jpeg_is_offered(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    site.media_formats = NULL; /* the caller did not say what libvips writes */
    views_picture_options_t body = options(VIEWS_PICTURE_BODY);
    json_t *picture = views_picture(&site, fixture_media(42), &body);
    assert_int_equal(json_array_size(json_object_get(picture, "sources")), 0);
    assert_string_equal(json_text_at(picture, "srcset"), ALL_WIDTHS_JPEG);
    json_decref(picture);
}

static void the_ratio_sets_the_box_and_the_paths(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    views_picture_options_t square = options(VIEWS_PICTURE_LEAD);
    square.ratio_width = 4;
    square.ratio_height = 3;
    json_t *picture = views_picture(&site, fixture_media(42), &square);
    assert_string_equal(json_text_at(picture, "src"), URL(1024, "4x3", "jpg"));
    assert_int_equal(json_integer_value(json_object_get(picture, "height")), 768);
    assert_true(json_is_true(json_object_get(picture, "priority")));
    assert_false(json_is_true(json_object_get(picture, "lazy")));
    json_decref(picture);
    /* An undeclared ratio falls back to the theme's first, never to a
     * derivative nobody can make. */
    square.ratio_width = 3;
    square.ratio_height = 2;
    picture = views_picture(&site, fixture_media(42), &square);
    assert_string_equal(json_text_at(picture, "src"), URL(1024, "16x9", "jpg"));
    json_decref(picture);
}

static void widths_wider_than_the_original_are_left_out(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    views_picture_options_t body = options(VIEWS_PICTURE_BODY);
    const char *narrow = "/media/2016/12/04/alalam_636164000000000000";
    /* 700x700 allows a 16x9 crop 700 wide: 320 and 640 only. */
    json_t *picture = views_picture(&site, fixture_media(43), &body);
    char expected[512];
    snprintf(expected, sizeof expected, "%s_320_16x9.jpg 320w, %s_640_16x9.jpg 640w", narrow,
             narrow);
    assert_string_equal(json_text_at(picture, "srcset"), expected);
    snprintf(expected, sizeof expected, "%s_320_16x9.jpg", narrow);
    assert_string_equal(json_text_at(picture, "src"), expected);
    json_decref(picture);
    /* Narrower than the smallest width: the smallest stays. */
    content_media_t tiny = *fixture_media(43);
    tiny.width = 100;
    tiny.height = 80;
    picture = views_picture(&site, &tiny, &body);
    snprintf(expected, sizeof expected, "%s_320_16x9.jpg 320w", narrow);
    assert_string_equal(json_text_at(picture, "srcset"), expected);
    json_decref(picture);
}

static void a_missing_file_is_the_placeholder_in_the_same_box(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    views_picture_options_t body = options(VIEWS_PICTURE_BODY);
    gz_buf_t html = GZ_BUF_INIT;
    views_media_html(&site, fixture_media(44), &body, &html);
    assert_string_equal(gz_buf_cstr(&html),
                        "<figure class=\"media media-picture\">\n"
                        "<img class=\"placeholder\" src=\"/static/placeholder.svg\" alt=\"\""
                        " width=\"1024\" height=\"576\">\n"
                        "<figcaption>Arriving</figcaption>\n</figure>\n");
    gz_buf_free(&html);
    content_media_t bad_stem = *fixture_media(42);
    bad_stem.stem = "../../etc/passwd";
    json_t *picture = views_picture(&site, &bad_stem, &body);
    assert_true(json_is_true(json_object_get(picture, "placeholder")));
    json_decref(picture);
}

static void hostile_alt_and_caption_are_escaped(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    views_picture_options_t body = options(VIEWS_PICTURE_BODY);
    gz_buf_t html = GZ_BUF_INIT;
    views_media_html(&site, fixture_media(42), &body, &html);
    const char *text = gz_buf_cstr(&html);
    assert_null(strstr(text, "<script"));
    assert_non_null(strstr(text, " alt=\"Rescuers &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    assert_non_null(strstr(text, "<figcaption>The market &quot;&gt;&lt;script&gt;"));
    assert_non_null(strstr(text, "<span class=\"credit\">Reuters/Jane Doe &amp; Co</span></figcaption>"));
    assert_non_null(strstr(text, " loading=\"lazy\" decoding=\"async\">"));
    assert_null(strstr(text, "fetchpriority"));
    gz_buf_free(&html);
}

static void a_video_file_plays_nothing_until_asked(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    views_picture_options_t lead = options(VIEWS_PICTURE_LEAD);
    json_t *figure = views_media(&site, fixture_media(50), &lead);
    assert_string_equal(json_text_at(figure, "kind"), "video");
    assert_null(json_object_get(figure, "picture"));
    assert_string_equal(json_text_at(figure, "video.src"),
                        "/media/2016/12/06/alalam_636166000000000000.mp4");
    assert_string_equal(json_text_at(figure, "video.type"), "video/mp4");
    assert_string_equal(json_text_at(figure, "video.poster"), URL(1024, "16x9", "jpg"));
    assert_int_equal(json_integer_value(json_at(figure, "video.width")), 1024);
    assert_int_equal(json_integer_value(json_at(figure, "video.height")), 576);
    gz_buf_t html = GZ_BUF_INIT;
    views_figure_html(figure, &html);
    assert_non_null(strstr(gz_buf_cstr(&html),
                           "<video controls preload=\"none\" poster=\"" URL(1024, "16x9", "jpg")
                           "\" width=\"1024\" height=\"576\"><source src=\"/media/2016/12/06/"
                           "alalam_636166000000000000.mp4\" type=\"video/mp4\"></video>"));
    json_decref(figure);
    /* Without its file: the poster, not a broken player. */
    content_media_t waiting = *fixture_media(50);
    waiting.has_original = false;
    figure = views_media(&site, &waiting, &lead);
    assert_null(json_object_get(figure, "video"));
    assert_string_equal(json_text_at(figure, "picture.src"), URL(1024, "16x9", "jpg"));
    json_decref(figure);
    gz_buf_free(&html);
}

static void an_embed_is_a_poster_until_clicked(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    views_picture_options_t lead = options(VIEWS_PICTURE_LEAD);
    gz_buf_t html = GZ_BUF_INIT;
    views_media_html(&site, fixture_media(60), &lead, &html);
    const char *text = gz_buf_cstr(&html);
    assert_non_null(strstr(text, "<a class=\"embed-poster\" href=\"https://www.youtube.com/watch?v="
                                 "dQw4w9WgXcQ\" data-embed-src=\"https://www.youtube-nocookie.com/"
                                 "embed/dQw4w9WgXcQ?autoplay=1\" data-embed-title=\"Interview\" "
                                 "data-embed-kind=\"video\" data-embed-provider=\"youtube\">"
                                 "<picture>"));
    assert_non_null(strstr(text, "<span class=\"visually-hidden\">Play the video: Interview</span></a>"));
    assert_non_null(strstr(text, "src=\"" URL(1024, "16x9", "jpg") "\""));
    assert_non_null(strstr(text, " alt=\"Interview\""));
    assert_null(strstr(text, "<iframe"));
    assert_null(strstr(text, "<script"));
    gz_buf_free(&html);
}

static void bad_embeds_are_refused(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    views_picture_options_t lead = options(VIEWS_PICTURE_LEAD);
    assert_null(views_media(&site, fixture_media(61), &lead)); /* id with quotes */
    assert_null(views_media(&site, fixture_media(62), &lead)); /* unknown provider */
    views_site_t strict = support_site(); /* no provider allowed */
    assert_null(views_media(&strict, fixture_media(60), &lead));
    gz_buf_t html = GZ_BUF_INIT, page = GZ_BUF_INIT;
    views_media_html(&site, fixture_media(61), &lead, &html);
    assert_int_equal(html.len, 0);
    assert_int_equal(views_embed_url(&site, "vimeo", "76979871", &html, &page), GZ_OK);
    assert_string_equal(gz_buf_cstr(&html), "https://player.vimeo.com/video/76979871?autoplay=1");
    assert_string_equal(gz_buf_cstr(&page), "https://vimeo.com/76979871");
    gz_buf_reset(&html);
    assert_int_equal(views_embed_url(&site, "dailymotion", "x7tgad0", &html, NULL), GZ_OK);
    assert_string_equal(gz_buf_cstr(&html),
                        "https://www.dailymotion.com/embed/video/x7tgad0?autoplay=1");
    gz_buf_reset(&html);
    assert_int_equal(views_embed_url(&site, "vimeo", "7697a", &html, NULL), GZ_EINVAL);
    assert_int_equal(views_embed_url(&site, "youtube", "dQw4w9WgXc", &html, NULL), GZ_EINVAL);
    assert_int_equal(views_embed_url(&site, "youtube", "dQw4w9WgXc/", &html, NULL), GZ_EINVAL);
    assert_int_equal(views_embed_url(&site, "dailymotion", "x7t/d0", &html, NULL), GZ_EINVAL);
    assert_int_equal(views_embed_url(&site, NULL, "x", &html, NULL), GZ_EINVAL);
    assert_int_equal(html.len, 0);
    gz_buf_free(&html);
    gz_buf_free(&page);
}

/* One pasted address of every provider (an X post, a Spotify album, a map, ...). */
static const char *const PASTED[] = {
    "https://youtu.be/dQw4w9WgXcQ",
    "https://vimeo.com/76979871",
    "https://dai.ly/x7tgad0",
    "https://x.com/AP/status/1790001234567890123",
    "https://www.instagram.com/p/C8aBc1xYz9Q/",
    "https://www.facebook.com/bbcnews/posts/10161234567890123",
    "https://www.tiktok.com/@scout2015/video/6718335390845095173",
    "https://soundcloud.com/forss/flickermood",
    "https://open.spotify.com/album/1DFixLWuPkv3KT3TnV35m3",
    "https://www.google.com/maps/place/Tour+Eiffel/@48.85,2.29,17z",
    "https://datawrapper.dwcdn.net/Ab1Cd/3/",
    "https://public.flourish.studio/visualisation/1234567/",
};

/* A pasted address is words and a link: no picture, so nothing is fetched
 * from the provider; what a click loads is said on the placeholder. */
static void a_pasted_address_is_a_placeholder_with_words(void **state)
{
    (void)state;
    views_site_t site = with_media(support_site());
    static const char *const actions[] = {
        "Load the YouTube video", "Load the Vimeo video", "Load the Dailymotion video",
        "Load the X post", "Load the Instagram post", "Load the Facebook post",
        "Load the TikTok video", "Load the SoundCloud player", "Load the Spotify player",
        "Load the map", "Load the chart", "Load the chart"};
    static const char *const kinds[] = {"video", "video", "video", "post", "post", "post",
                                        "video", "audio", "audio", "map", "chart", "chart"};
    for (size_t i = 0; i < sizeof PASTED / sizeof PASTED[0]; i++) {
        json_t *figure = views_pasted_embed(&site, PASTED[i]);
        assert_non_null(figure);
        assert_null(json_object_get(figure, "picture"));
        assert_string_equal(json_text_at(figure, "embed.action"), actions[i]);
        assert_string_equal(json_text_at(figure, "embed.kind"), kinds[i]);
        assert_string_equal(json_text_at(figure, "embed.action_class"), "embed-label");
        gz_buf_t html = GZ_BUF_INIT;
        views_figure_html(figure, &html);
        assert_null(strstr(gz_buf_cstr(&html), "<img"));
        assert_null(strstr(gz_buf_cstr(&html), "<iframe"));
        gz_buf_free(&html);
        json_decref(figure);
    }
    json_t *figure = views_pasted_embed(&site, "https://x.com/AP/status/20");
    gz_buf_t html = GZ_BUF_INIT;
    views_figure_html(figure, &html);
    assert_string_equal(gz_buf_cstr(&html),
                        "<figure class=\"media media-embed\">\n<a class=\"embed-poster\" "
                        "href=\"https://x.com/i/status/20\" data-embed-src=\"https://"
                        "platform.twitter.com/embed/Tweet.html?id=20&amp;dnt=true\" "
                        "data-embed-title=\"X post\" data-embed-kind=\"post\" "
                        "data-embed-provider=\"twitter\"><span class=\"embed-play\" "
                        "aria-hidden=\"true\"></span><span class=\"embed-label\">Load the X "
                        "post</span><span class=\"embed-note\">From X, loaded only if you "
                        "click</span></a>\n\n</figure>\n");
    json_decref(figure);
    gz_buf_free(&html);
    /* Not allowed by the theme, not a provider, or a crafted id: nothing. */
    static const bool only_youtube[MEDIA_EMBED_COUNT] = {[MEDIA_EMBED_YOUTUBE] = true};
    views_site_t strict = site;
    strict.embeds = only_youtube;
    assert_null(views_pasted_embed(&strict, "https://x.com/AP/status/20"));
    assert_non_null(figure = views_pasted_embed(&strict, "https://youtu.be/dQw4w9WgXcQ"));
    json_decref(figure);
    assert_null(views_pasted_embed(&site, "https://example.com/AP/status/20"));
    assert_null(views_pasted_embed(&site, "https://x.com/AP/status/20%22"));
    views_site_t none = support_site(); /* no provider allowed */
    assert_null(views_pasted_embed(&none, "https://youtu.be/dQw4w9WgXcQ"));
}

/* figure.mustache and views_figure_html give the same bytes. */
static void the_template_and_the_c_markup_agree(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/themes/default/templates", getenv("GAZETTE_SOURCE_ROOT"));
    tmpl_set_t *set = tmpl_set_new();
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(tmpl_set_load_dir(set, dir, &error), GZ_OK);
    views_site_t site = with_media(support_site());
    static const int64_t ids[] = {42, 43, 44, 50, 60};
    static const views_picture_role_t roles[] = {VIEWS_PICTURE_LEAD, VIEWS_PICTURE_BODY};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        for (size_t r = 0; r < 2; r++) {
            views_picture_options_t o = options(roles[r]);
            json_t *figure = views_media(&site, fixture_media(ids[i]), &o);
            gz_buf_t from_template = GZ_BUF_INIT, from_c = GZ_BUF_INIT;
            assert_int_equal(tmpl_render(set, "figure", figure, &from_template), GZ_OK);
            views_figure_html(figure, &from_c);
            assert_string_equal(gz_buf_cstr(&from_template), gz_buf_cstr(&from_c));
            gz_buf_free(&from_template);
            gz_buf_free(&from_c);
            json_decref(figure);
        }
    }
    for (size_t i = 0; i < sizeof PASTED / sizeof PASTED[0]; i++) {
        json_t *figure = views_pasted_embed(&site, PASTED[i]);
        assert_non_null(figure);
        gz_buf_t from_template = GZ_BUF_INIT, from_c = GZ_BUF_INIT;
        assert_int_equal(tmpl_render(set, "figure", figure, &from_template), GZ_OK);
        views_figure_html(figure, &from_c);
        assert_string_equal(gz_buf_cstr(&from_template), gz_buf_cstr(&from_c));
        gz_buf_free(&from_template);
        gz_buf_free(&from_c);
        json_decref(figure);
    }
    tmpl_set_free(set);
    gz_buf_free(&error);
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
        cmocka_unit_test(picture_has_a_source_per_format_and_every_width),
        cmocka_unit_test(without_known_formats_only_the_jpeg_is_offered),
        cmocka_unit_test(the_ratio_sets_the_box_and_the_paths),
        cmocka_unit_test(widths_wider_than_the_original_are_left_out),
        cmocka_unit_test(a_missing_file_is_the_placeholder_in_the_same_box),
        cmocka_unit_test(hostile_alt_and_caption_are_escaped),
        cmocka_unit_test(a_video_file_plays_nothing_until_asked),
        cmocka_unit_test(an_embed_is_a_poster_until_clicked),
        cmocka_unit_test(bad_embeds_are_refused),
        cmocka_unit_test(a_pasted_address_is_a_placeholder_with_words),
        cmocka_unit_test(the_template_and_the_c_markup_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
