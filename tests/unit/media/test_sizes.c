/* The declared sizes: defaults, the theme's media.ini, bad values refused,
 * and nothing undeclared looked up as declared. */
#include "media_test_support.h"

static media_size_t size_of(uint32_t ratio_width, uint32_t ratio_height, uint32_t width,
                            media_format_t format)
{
    return (media_size_t){ratio_width, ratio_height, width, format};
}

static bool declared(const media_sizes_t *sizes, uint32_t ratio_width, uint32_t ratio_height,
                     uint32_t width, media_format_t format)
{
    media_size_t size = size_of(ratio_width, ratio_height, width, format);
    return media_size_lookup(sizes, &size);
}

static void test_defaults_are_the_issues(void **state)
{
    (void)state;
    media_sizes_t sizes = media_sizes_default();
    assert_true(declared(&sizes, 16, 9, 320, MEDIA_FORMAT_AVIF));
    assert_true(declared(&sizes, 4, 3, 1024, MEDIA_FORMAT_WEBP));
    assert_true(declared(&sizes, 1, 1, 2048, MEDIA_FORMAT_JPEG));
    assert_true(declared(&sizes, 16, 9, 1200, MEDIA_FORMAT_JPEG)); /* social cards */
    assert_int_equal(sizes.width_count, 6);
    assert_false(declared(&sizes, 4, 3, 1000, MEDIA_FORMAT_JPEG));
    assert_false(declared(&sizes, 3, 2, 640, MEDIA_FORMAT_JPEG));
    assert_false(declared(&sizes, 8, 6, 640, MEDIA_FORMAT_JPEG)); /* 4x3 by another name */
    assert_false(declared(&sizes, 4, 3, 640, MEDIA_FORMAT_COUNT));
}

static void test_theme_file_declares_the_defaults(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/themes/default/media.ini", getenv("GAZETTE_SOURCE_ROOT"));
    media_sizes_t sizes = {0};
    gz_buf_t message = GZ_BUF_INIT;
    assert_int_equal(media_sizes_load_file(&sizes, path, &message), GZ_OK);
    media_sizes_t defaults = media_sizes_default();
    assert_memory_equal(&sizes, &defaults, sizeof sizes);
    gz_buf_free(&message);
}

static void test_missing_file_keeps_the_sizes(void **state)
{
    (void)state;
    media_sizes_t sizes = media_sizes_default();
    assert_int_equal(media_sizes_load_file(&sizes, "/nonexistent/media.ini", NULL), GZ_OK);
    assert_true(declared(&sizes, 16, 9, 640, MEDIA_FORMAT_JPEG));
}

static void test_a_theme_declares_its_own(void **state)
{
    (void)state;
    media_sizes_t sizes = media_sizes_default();
    const char *text = "[site]\nratios = 9x9\n[media]\n; a narrow theme\nratios = 3x2\n"
                       "widths = 480, 960\nformats = webp\ndir = var/media\n";
    assert_int_equal(media_sizes_parse(&sizes, text, NULL), GZ_OK);
    assert_true(declared(&sizes, 3, 2, 960, MEDIA_FORMAT_WEBP));
    assert_false(declared(&sizes, 3, 2, 960, MEDIA_FORMAT_JPEG));
    assert_false(declared(&sizes, 16, 9, 480, MEDIA_FORMAT_WEBP));
    assert_false(declared(&sizes, 3, 2, 640, MEDIA_FORMAT_WEBP));
    assert_false(declared(&sizes, 9, 9, 480, MEDIA_FORMAT_WEBP));
    media_size_t list[8];
    assert_int_equal(media_sizes_list(&sizes, list, 8), 2);
    assert_int_equal(list[0].width, 480);
    assert_int_equal(list[1].width, 960);
    assert_int_equal(list[1].ratio_width, 3);
    assert_int_equal(list[1].format, MEDIA_FORMAT_WEBP);
    assert_true(sizes.embeds[MEDIA_EMBED_YOUTUBE]); /* not named: the defaults stay */
    assert_int_equal(media_sizes_parse(&sizes, "[media]\nembeds = vimeo\n", NULL), GZ_OK);
    assert_false(sizes.embeds[MEDIA_EMBED_YOUTUBE]);
    assert_true(sizes.embeds[MEDIA_EMBED_VIMEO]);
    assert_false(sizes.embeds[MEDIA_EMBED_DAILYMOTION]);
    assert_int_equal(media_sizes_parse(&sizes, "[media]\nembeds = none\n", NULL), GZ_OK);
    assert_false(sizes.embeds[MEDIA_EMBED_VIMEO]);
}

static void assert_bad(const char *text, const char *expected)
{
    media_sizes_t sizes = media_sizes_default();
    media_sizes_t before = sizes;
    gz_buf_t message = GZ_BUF_INIT;
    assert_int_equal(media_sizes_parse(&sizes, text, &message), GZ_EPARSE);
    if (!strstr(gz_buf_cstr(&message), expected))
        fail_msg("'%s' gave '%s', not '%s'", text, gz_buf_cstr(&message), expected);
    assert_memory_equal(&sizes, &before, sizeof sizes); /* all or nothing */
    gz_buf_free(&message);
}

static void test_bad_values_are_refused(void **state)
{
    (void)state;
    assert_bad("[media]\nwidths = 320, 640, 999999\n", "widths wants ascending");
    assert_bad("[media]\nwidths = 640, 320\n", "widths");
    assert_bad("[media]\nwidths = 640, 640\n", "widths");
    assert_bad("[media]\nwidths = 640,\n", "widths");
    assert_bad("[media]\nwidths =\n", "widths");
    assert_bad("[media]\nratios = 16:9\n", "ratios wants");
    assert_bad("[media]\nratios = 0x9\n", "ratios");
    assert_bad("[media]\nratios = -4x3\n", "ratios");
    assert_bad("[media]\nformats = jpeg, tiff\n", "formats wants formats among");
    assert_bad("[media]\nembeds = youtube, myspace\n", "embeds wants providers among");
    assert_bad("[media]\nratios = 16x9\nwidths = 1x\n", "media.ini: widths");
    assert_bad("[media]\nthis is not ini\n", "media.ini:2: not an INI line");
}

static void test_list_leaves_out_formats_not_writable(void **state)
{
    (void)state;
    media_sizes_t sizes = media_sizes_default();
    size_t available = 0;
    for (int format = 0; format < MEDIA_FORMAT_COUNT; format++)
        available += media_format_available((media_format_t)format);
    assert_true(media_format_available(MEDIA_FORMAT_JPEG));
    assert_true(media_format_available(MEDIA_FORMAT_WEBP));
    media_size_t list[64];
    size_t count = media_sizes_list(&sizes, list, 64);
    assert_int_equal(count, 3 * 6 * available);
    for (size_t i = 0; i < count; i++) {
        assert_true(media_size_lookup(&sizes, &list[i]));
        assert_true(media_format_available(list[i].format));
    }
    assert_int_equal(media_sizes_list(&sizes, list, 2), count); /* counts past capacity */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_the_issues),
        cmocka_unit_test(test_theme_file_declares_the_defaults),
        cmocka_unit_test(test_missing_file_keeps_the_sizes),
        cmocka_unit_test(test_a_theme_declares_its_own),
        cmocka_unit_test(test_bad_values_are_refused),
        cmocka_unit_test(test_list_leaves_out_formats_not_writable),
    };
    return cmocka_run_group_tests(tests, media_test_setup, media_test_teardown);
}
