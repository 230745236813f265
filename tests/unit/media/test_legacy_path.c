/* The legacy path scheme: the sample's two picture paths read exactly,
 * new uploads named the same way, malformed paths refused. */
#include "media_test_support.h"

static media_legacy_path_t parse_ok(const char *path)
{
    media_legacy_path_t parsed;
    gz_buf_t message = GZ_BUF_INIT;
    if (media_legacy_path_parse(gz_str_from_cstr(path), &parsed, &message))
        fail_msg("%s: %s", path, gz_buf_cstr(&message));
    gz_buf_free(&message);
    return parsed;
}

static void assert_text(gz_str_t text, const char *expected)
{
    assert_int_equal(text.len, strlen(expected));
    assert_memory_equal(text.ptr, expected, text.len);
}

static void assert_rfc3339(gz_time_t instant, const char *expected)
{
    gz_buf_t text = GZ_BUF_INIT;
    gz_time_append_rfc3339(&text, instant);
    assert_string_equal(gz_buf_cstr(&text), expected);
    gz_buf_free(&text);
}

/* 636163786258551197 ticks = 63616378625 s since 0001-01-01, less the
 * 62135596800 s to 1970 = 1480781825, and 8551197 ticks = .8551197 s. */
static void test_first_sample_path(void **state)
{
    (void)state;
    media_legacy_path_t parsed = parse_ok("/2016/12/03/alalam_636163786258551197_25f_4x3.jpg");
    assert_int_equal(parsed.year, 2016);
    assert_int_equal(parsed.month, 12);
    assert_int_equal(parsed.day, 3);
    assert_text(parsed.site, "alalam");
    assert_int_equal(parsed.ticks, 636163786258551197LL);
    assert_int_equal(parsed.instant, 1480781825);
    assert_int_equal(parsed.nanoseconds, 855119700);
    assert_rfc3339(parsed.instant, "2016-12-03T16:17:05Z"); /* the path's date */
    assert_text(parsed.size_code, "25f");
    assert_int_equal(parsed.ratio_width, 4);
    assert_int_equal(parsed.ratio_height, 3);
    assert_text(parsed.extension, "jpg");
}

static void test_second_sample_path(void **state)
{
    (void)state;
    media_legacy_path_t parsed = parse_ok("/2016/12/05/alalam_636165517958626126_25f_4x3.jpg");
    assert_int_equal(parsed.day, 5);
    assert_int_equal(parsed.ticks, 636165517958626126LL);
    assert_int_equal(parsed.instant, 1480954995);
    assert_int_equal(parsed.nanoseconds, 862612600);
    assert_rfc3339(parsed.instant, "2016-12-05T16:23:15Z");
    assert_text(parsed.size_code, "25f");
}

static void assert_malformed(const char *path, const char *expected)
{
    media_legacy_path_t parsed;
    gz_buf_t message = GZ_BUF_INIT;
    assert_int_equal(media_legacy_path_parse(gz_str_from_cstr(path), &parsed, &message), GZ_EPARSE);
    if (!strstr(gz_buf_cstr(&message), expected))
        fail_msg("%s: message '%s' lacks '%s'", path, gz_buf_cstr(&message), expected);
    gz_buf_free(&message);
}

static void test_malformed_paths_are_refused(void **state)
{
    (void)state;
    assert_malformed("/2016/02/30/alalam_636163786258551197_25f_4x3.jpg", "not a real day");
    assert_malformed("/2016/13/03/alalam_636163786258551197_25f_4x3.jpg", "not a real day");
    /* Dec 4 would be UTC+8 or more: a local date the old site may have written. */
    assert_malformed("/2016/12/05/alalam_636163786258551197_25f_4x3.jpg", "not on the path's date");
    assert_malformed("/2016/12/01/alalam_636163786258551197_25f_4x3.jpg", "not on the path's date");
    assert_malformed("/2016/12/03/alalam_63616378625855119x_25f_4x3.jpg", "ticks");
    assert_malformed("/2016/12/03/alalam_99999999999999999999_25f_4x3.jpg", "ticks");
    assert_malformed("/2016/12/03/../../etc/passwd", "may not leave");
    assert_malformed("/2016/12/03/..%2f_636163786258551197_25f_4x3.jpg", "may not leave");
    assert_malformed("/2016/12/03/a%2e_636163786258551197_25f_4x3.jpg", "site prefix");
    assert_malformed("/2016/12/03/Alalam_636163786258551197_25f_4x3.jpg", "site prefix");
    assert_malformed("//2016/12/03/alalam_636163786258551197_25f_4x3.jpg", "/YYYY/MM/DD/");
    assert_malformed("2016/12/03/alalam_636163786258551197_25f_4x3.jpg", "/YYYY/MM/DD/");
    assert_malformed("/2016/12/3/alalam_636163786258551197_25f_4x3.jpg", "/YYYY/MM/DD/");
    assert_malformed("/2016/12/03/alalam_636163786258551197_25f_4x3.jpg/x", "extension");
    assert_malformed("/2016/12/03/alalam_636163786258551197_25f_4x3.JPG", "extension");
    assert_malformed("/2016/12/03/alalam_636163786258551197_25f_4x3.", "extension");
    assert_malformed("/2016/12/03/alalam_636163786258551197_25f_0x3.jpg", "crop ratio");
    assert_malformed("/2016/12/03/alalam_636163786258551197_25f_43.jpg", "crop ratio");
    assert_malformed("/2016/12/03/alalam_636163786258551197_2\\5_4x3.jpg", "size code");
    gz_buf_t overlong = GZ_BUF_INIT;
    gz_buf_append_cstr(&overlong, "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg");
    while (overlong.len <= MEDIA_LEGACY_PATH_MAX)
        gz_buf_append_char(&overlong, 'g');
    assert_malformed(gz_buf_cstr(&overlong), "too long");
    gz_buf_free(&overlong);
    gz_str_t with_nul = {"/2016/12/03/a\0_636163786258551197_25f_4x3.jpg", 46};
    media_legacy_path_t parsed;
    assert_int_equal(media_legacy_path_parse(with_nul, &parsed, NULL), GZ_EPARSE);
}

/* The old site wrote its local date: Tehran's 00:30 on Dec 4 is still
 * Dec 3 in UTC, and that path is good. */
static void test_local_dates_near_midnight_are_accepted(void **state)
{
    (void)state;
    gz_time_t utc_evening = 1480804200; /* 2016-12-03T22:30:00Z */
    int64_t ticks = gz_time_to_dotnet_ticks(utc_evening);
    char path[128];
    snprintf(path, sizeof path, "/2016/12/04/alalam_%lld_25f_4x3.jpg", (long long)ticks);
    assert_int_equal(parse_ok(path).instant, utc_evening);
}

static void test_new_upload_is_named_in_the_scheme(void **state)
{
    (void)state;
    struct timespec uploaded_at = {1480781825, 855119700};
    gz_buf_t path = GZ_BUF_INIT;
    assert_int_equal(media_legacy_path_append(&path, GZ_STR("alalam"), uploaded_at, GZ_STR("25f"),
                                              4, 3, GZ_STR("jpg")),
                     GZ_OK);
    assert_string_equal(gz_buf_cstr(&path), "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg");
    /* And a new one reads back to the instant it was named from. */
    gz_buf_reset(&path);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    assert_int_equal(media_legacy_path_append(&path, GZ_STR("gazette-news"), now, GZ_STR("orig"),
                                              16, 9, GZ_STR("webp")),
                     GZ_OK);
    media_legacy_path_t parsed = parse_ok(gz_buf_cstr(&path));
    assert_int_equal(parsed.instant, now.tv_sec);
    assert_int_equal(parsed.nanoseconds, (uint32_t)(now.tv_nsec / 100 * 100));
    assert_text(parsed.site, "gazette-news");
    assert_int_equal(parsed.ratio_width, 16);
    gz_buf_free(&path);
}

static void test_bad_names_are_refused(void **state)
{
    (void)state;
    struct timespec uploaded_at = {1480781825, 0};
    gz_buf_t path = GZ_BUF_INIT;
    assert_int_equal(media_legacy_path_append(&path, GZ_STR("Al/alam"), uploaded_at, GZ_STR("25f"),
                                              4, 3, GZ_STR("jpg")),
                     GZ_EINVAL);
    assert_int_equal(media_legacy_path_append(&path, GZ_STR("alalam"), uploaded_at, GZ_STR(""), 4,
                                              3, GZ_STR("jpg")),
                     GZ_EINVAL);
    assert_int_equal(media_legacy_path_append(&path, GZ_STR("alalam"), uploaded_at, GZ_STR("25f"),
                                              0, 3, GZ_STR("jpg")),
                     GZ_EINVAL);
    assert_int_equal(media_legacy_path_append(&path, GZ_STR("alalam"), uploaded_at, GZ_STR("25f"),
                                              4, 3, GZ_STR("j.pg")),
                     GZ_EINVAL);
    assert_int_equal(path.len, 0);
    gz_buf_free(&path);
}

static void test_derivative_path_parses_back(void **state)
{
    (void)state;
    gz_buf_t path = GZ_BUF_INIT;
    gz_str_t stem = GZ_STR("2016/12/03/alalam_636163786258551197");
    assert_int_equal(media_derivative_path_append(&path, stem, 640, 16, 9, MEDIA_FORMAT_WEBP),
                     GZ_OK);
    assert_string_equal(gz_buf_cstr(&path), "/2016/12/03/alalam_636163786258551197_640_16x9.webp");
    media_legacy_path_t parsed = parse_ok(gz_buf_cstr(&path));
    assert_text(parsed.site, "alalam");
    assert_int_equal(parsed.ticks, 636163786258551197LL);
    assert_text(parsed.size_code, "640");
    assert_int_equal(parsed.ratio_width, 16);
    assert_int_equal(parsed.ratio_height, 9);
    assert_text(parsed.extension, "webp");
    gz_buf_reset(&path);
    assert_int_equal(media_derivative_path_append(&path, stem, 1200, 1, 1, MEDIA_FORMAT_JPEG),
                     GZ_OK);
    assert_string_equal(gz_buf_cstr(&path), "/2016/12/03/alalam_636163786258551197_1200_1x1.jpg");
    assert_text(parse_ok(gz_buf_cstr(&path)).size_code, "1200");
    gz_buf_reset(&path);
    assert_int_equal(media_original_path_append(&path, stem, GZ_STR("mp4")), GZ_OK);
    assert_string_equal(gz_buf_cstr(&path), "/2016/12/03/alalam_636163786258551197.mp4");
    gz_buf_free(&path);
}

static void test_bad_stems_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "/2016/12/03/a_1", "2016/12/03/", "2016//03/a_1",
                                      "2016/12/03/../a_1", "2016/12/03/A_1", "2016/12/03/a 1",
                                      "2016/12/03/a_1.jpg", "2016/12/03/a\\1", "2016/12/03/a\"1"};
    gz_buf_t path = GZ_BUF_INIT;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(media_stem_is_valid(gz_str_from_cstr(bad[i])));
        assert_int_equal(media_derivative_path_append(&path, gz_str_from_cstr(bad[i]), 640, 16, 9,
                                                      MEDIA_FORMAT_JPEG),
                         GZ_EINVAL);
        assert_int_equal(
            media_original_path_append(&path, gz_str_from_cstr(bad[i]), GZ_STR("mp4")), GZ_EINVAL);
    }
    gz_str_t stem = GZ_STR("2016/12/03/alalam_1");
    assert_true(media_stem_is_valid(stem));
    assert_int_equal(media_derivative_path_append(&path, stem, 0, 16, 9, MEDIA_FORMAT_JPEG),
                     GZ_EINVAL);
    assert_int_equal(media_derivative_path_append(&path, stem, 640, 0, 9, MEDIA_FORMAT_JPEG),
                     GZ_EINVAL);
    assert_int_equal(media_derivative_path_append(&path, stem, 640, 16, 9, MEDIA_FORMAT_COUNT),
                     GZ_EINVAL);
    assert_int_equal(media_original_path_append(&path, stem, GZ_STR("m.p4")), GZ_EINVAL);
    assert_int_equal(path.len, 0);
    assert_int_equal(media_type_from_mime("video/mp4"), MEDIA_TYPE_MP4);
    assert_int_equal(media_type_from_mime("VIDEO/WEBM"), MEDIA_TYPE_WEBM);
    assert_int_equal(media_type_from_mime("text/html"), MEDIA_TYPE_UNKNOWN);
    assert_int_equal(media_type_from_mime(NULL), MEDIA_TYPE_UNKNOWN);
    gz_buf_free(&path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_sample_path),
        cmocka_unit_test(test_second_sample_path),
        cmocka_unit_test(test_malformed_paths_are_refused),
        cmocka_unit_test(test_local_dates_near_midnight_are_accepted),
        cmocka_unit_test(test_new_upload_is_named_in_the_scheme),
        cmocka_unit_test(test_bad_names_are_refused),
        cmocka_unit_test(test_derivative_path_parses_back),
        cmocka_unit_test(test_bad_stems_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
