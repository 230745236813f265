/* Sniffing and limits: the type from the bytes, markup refused, the size
 * and pixel limits checked from the header before any decoding. */
#include "media_test_support.h"

#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

static media_info_t sniff_ok(const void *bytes, size_t len)
{
    media_info_t info;
    gz_buf_t message = GZ_BUF_INIT;
    int status = media_sniff(bytes, len, NULL, &info, &message);
    if (status)
        fail_msg("refused: %s", gz_buf_cstr(&message));
    gz_buf_free(&message);
    assert_int_equal(info.refusal, MEDIA_ACCEPTED);
    return info;
}

/* Refused with the refusal and a message containing expected. */
static void assert_refused(const void *bytes, size_t len, const media_limits_t *limits,
                           media_refusal_t refusal, const char *expected)
{
    media_info_t info;
    gz_buf_t message = GZ_BUF_INIT;
    assert_int_equal(media_sniff(bytes, len, limits, &info, &message), GZ_EINVAL);
    assert_int_equal(info.refusal, refusal);
    if (!strstr(gz_buf_cstr(&message), expected))
        fail_msg("message '%s' lacks '%s'", gz_buf_cstr(&message), expected);
    assert_null(memchr(gz_buf_cstr(&message), '\n', message.len)); /* one line */
    gz_buf_free(&message);
}

static void assert_picture_sniffed(const char *suffix, media_type_t type, const char *mime)
{
    size_t len;
    void *bytes = grey_file(123, 45, (red_patch_t){0}, suffix, &len);
    media_info_t info = sniff_ok(bytes, len);
    assert_int_equal(info.type, type);
    assert_int_equal(info.width, 123);
    assert_int_equal(info.height, 45);
    assert_int_equal(info.orientation, 1);
    assert_string_equal(media_type_mime(info.type), mime);
    assert_false(media_type_is_video(info.type));
    g_free(bytes);
}

static void test_pictures_are_told_by_their_bytes(void **state)
{
    (void)state;
    assert_picture_sniffed(".jpg", MEDIA_TYPE_JPEG, "image/jpeg");
    assert_picture_sniffed(".png", MEDIA_TYPE_PNG, "image/png");
    assert_picture_sniffed(".gif", MEDIA_TYPE_GIF, "image/gif");
    assert_picture_sniffed(".webp", MEDIA_TYPE_WEBP, "image/webp");
    if (media_format_available(MEDIA_FORMAT_AVIF))
        assert_picture_sniffed(".avif[compression=av1]", MEDIA_TYPE_AVIF, "image/avif");
}

/* The size as stored, and the EXIF orientation that turns it for show. */
static void test_orientation_is_read_from_the_header(void **state)
{
    (void)state;
    VipsImage *image = grey_picture(400, 200, (red_patch_t){0});
    vips_image_set_int(image, VIPS_META_ORIENTATION, 6);
    size_t len;
    void *bytes = encode_picture(image, ".jpg", &len);
    g_object_unref(image);
    media_info_t info = sniff_ok(bytes, len);
    assert_int_equal(info.width, 400);
    assert_int_equal(info.height, 200);
    assert_int_equal(info.orientation, 6);
    g_free(bytes);
}

static const unsigned char MP4_HEADER[] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm',
                                           0, 0, 2, 0,    'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
static const unsigned char MOV_HEADER[] = {0,   0,   0, 0x14, 'f', 't', 'y', 'p', 'q', 't',
                                           ' ', ' ', 0, 0,    2,   0,   'q', 't', ' ', ' '};
static const unsigned char WEBM_HEADER[] = {0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01,
                                            0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42,
                                            0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 'w',  'e',  'b',
                                            'm',  0x42, 0x87, 0x81, 0x02, 0x42, 0x85, 0x81, 0x02};
static const unsigned char HEIC_HEADER[] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c',
                                            0, 0, 0, 0,    'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
/* A Matroska file that is not WebM: DocType "matroska". */
static const unsigned char MKV_HEADER[] = {0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x82, 0x88,
                                           'm',  'a',  't',  'r',  'o',  's',  'k',  'a'};

static void test_videos_are_told_by_their_bytes(void **state)
{
    (void)state;
    media_info_t info = sniff_ok(MP4_HEADER, sizeof MP4_HEADER);
    assert_int_equal(info.type, MEDIA_TYPE_MP4);
    assert_string_equal(media_type_mime(info.type), "video/mp4");
    assert_true(media_type_is_video(info.type));
    assert_int_equal(sniff_ok(MOV_HEADER, sizeof MOV_HEADER).type, MEDIA_TYPE_MOV);
    info = sniff_ok(WEBM_HEADER, sizeof WEBM_HEADER);
    assert_int_equal(info.type, MEDIA_TYPE_WEBM);
    assert_string_equal(media_type_extension(info.type), "webm");
    assert_refused(MKV_HEADER, sizeof MKV_HEADER, NULL, MEDIA_REFUSED_TYPE, "not a picture");
}

/* Found by tests/fuzz/media_fuzz.c: "ftyp" behind a box size no real file
 * has (here "<i\0\0", which also reads as markup) is not a video. */
static void test_ftyp_with_an_impossible_box_size_is_not_a_video(void **state)
{
    (void)state;
    unsigned char header[sizeof MP4_HEADER];
    memcpy(header, MP4_HEADER, sizeof header);
    memcpy(header, "<i\0\0", 4);
    assert_refused(header, sizeof header, NULL, MEDIA_REFUSED_TYPE, "SVG");
    memcpy(header, "\0\0\0\x08", 4);
    assert_refused(header, sizeof header, NULL, MEDIA_REFUSED_TYPE, "not a picture");
}

/* A HEIC brand is recognised; with no pixels behind the header it is a
 * corrupt HEIC, not some other type. */
static void test_heic_brand_is_recognised(void **state)
{
    (void)state;
    media_info_t info;
    assert_int_equal(media_sniff(HEIC_HEADER, sizeof HEIC_HEADER, NULL, &info, NULL), GZ_EINVAL);
    assert_int_equal(info.type, MEDIA_TYPE_HEIC);
    assert_int_equal(info.refusal, MEDIA_REFUSED_CORRUPT);
}

static void test_svg_and_markup_are_refused(void **state)
{
    (void)state;
    static const char *const MARKUP[] = {
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        "\xef\xbb\xbf \n<?xml version=\"1.0\"?><svg/>",
        "<!DOCTYPE html><html><body>hi</body></html>",
        "garbage first, then <SVG onload=alert(1)>",
    };
    for (size_t i = 0; i < sizeof MARKUP / sizeof MARKUP[0]; i++)
        assert_refused(MARKUP[i], strlen(MARKUP[i]), NULL, MEDIA_REFUSED_TYPE, "SVG");
}

/* The name a file came with plays no part: text named photo.jpg is text,
 * and a PNG is a PNG whatever it was called (the API takes no name). */
static void test_unknown_bytes_are_refused(void **state)
{
    (void)state;
    const char *text = "this is photo.jpg, honestly";
    assert_refused(text, strlen(text), NULL, MEDIA_REFUSED_TYPE, "JPEG, PNG");
    assert_refused("", 0, NULL, MEDIA_REFUSED_TYPE, "not a picture");
    assert_refused("%PDF-1.7\n", 9, NULL, MEDIA_REFUSED_TYPE, "not a picture");
}

static void test_corrupt_header_is_refused(void **state)
{
    (void)state;
    static const unsigned char FAKE_JPEG[] = {0xff, 0xd8, 0xff, 0xe0, 'n', 'o', 'p', 'e', 0, 0};
    assert_refused(FAKE_JPEG, sizeof FAKE_JPEG, NULL, MEDIA_REFUSED_CORRUPT,
                   "cannot be read as one");
}

static void test_size_limit_comes_first(void **state)
{
    (void)state;
    size_t len;
    void *bytes = grey_file(64, 64, (red_patch_t){0}, ".png", &len);
    media_limits_t limits = media_limits_default();
    limits.max_picture_bytes = len - 1;
    assert_refused(bytes, len, &limits, MEDIA_REFUSED_SIZE, "the limit is");
    limits.max_picture_bytes = len;
    media_info_t info;
    assert_int_equal(media_sniff(bytes, len, &limits, &info, NULL), GZ_OK);
    /* Over every limit: refused for its size before its type is looked at. */
    limits.max_video_bytes = 8;
    limits.max_picture_bytes = 8;
    const char *svg = "<svg></svg>";
    assert_refused(svg, strlen(svg), &limits, MEDIA_REFUSED_SIZE, "MB");
    g_free(bytes);
}

static void test_pixel_limits(void **state)
{
    (void)state;
    size_t len;
    void *bytes = grey_file(400, 300, (red_patch_t){0}, ".jpg", &len);
    media_limits_t limits = media_limits_default();
    limits.max_pixels = 400 * 300 - 1;
    assert_refused(bytes, len, &limits, MEDIA_REFUSED_PIXELS, "400x300");
    limits = media_limits_default();
    limits.max_side = 399;
    assert_refused(bytes, len, &limits, MEDIA_REFUSED_PIXELS, "pixels a side");
    g_free(bytes);
}

/* ---- a decompression bomb (make_png_bomb: media_test_support.h) ------- */

static long peak_kilobytes(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static void test_decompression_bomb_is_refused_undecoded(void **state)
{
    (void)state;
    gz_buf_t png = GZ_BUF_INIT;
    make_png_bomb(&png);
    assert_true(png.len < 16384);
    long peak_before = peak_kilobytes();
    double started = seconds_now();
    assert_refused(png.data, png.len, NULL, MEDIA_REFUSED_PIXELS, "30000x30000");
    /* Nor can a derivative be asked of it. */
    media_size_t size = {4, 3, 320, MEDIA_FORMAT_JPEG};
    gz_buf_t out = GZ_BUF_INIT, message = GZ_BUF_INIT;
    assert_int_equal(
        media_derivative_make(png.data, png.len, NULL, NULL, &size, &out, NULL, &message),
        GZ_EINVAL);
    assert_non_null(strstr(gz_buf_cstr(&message), "megapixels"));
    assert_int_equal(out.len, 0);
    /* Decoding would take 900 MB and seconds; the header takes neither. */
    assert_true(peak_kilobytes() - peak_before < 100 * 1024);
    assert_true(seconds_now() - started < 2.0);
    gz_buf_free(&png);
    gz_buf_free(&out);
    gz_buf_free(&message);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pictures_are_told_by_their_bytes),
        cmocka_unit_test(test_orientation_is_read_from_the_header),
        cmocka_unit_test(test_videos_are_told_by_their_bytes),
        cmocka_unit_test(test_ftyp_with_an_impossible_box_size_is_not_a_video),
        cmocka_unit_test(test_heic_brand_is_recognised),
        cmocka_unit_test(test_svg_and_markup_are_refused),
        cmocka_unit_test(test_unknown_bytes_are_refused),
        cmocka_unit_test(test_corrupt_header_is_refused),
        cmocka_unit_test(test_size_limit_comes_first),
        cmocka_unit_test(test_pixel_limits),
        cmocka_unit_test(test_decompression_bomb_is_refused_undecoded),
    };
    return cmocka_run_group_tests(tests, media_test_setup, media_test_teardown);
}
