/* Derivatives: every declared size decoded back and checked for its size,
 * format and ratio; the focal point's patch inside every crop; the
 * attention crop; EXIF orientation; metadata; never upscaled. */
#include "media_test_support.h"

/* A 1200x800 grey picture with a 60-pixel red square near its top right
 * corner, and the focal point on that square. */
static const red_patch_t PATCH = {1060, 60, 60};
static const media_focus_t ON_PATCH = {true, 1090.0 / 1200.0, 90.0 / 800.0};

typedef struct {
    VipsImage *image;
    media_derivative_info_t info;
} made_t;

static made_t make_ok(const void *original, size_t len, const media_focus_t *focus,
                      media_size_t size)
{
    gz_buf_t out = GZ_BUF_INIT, message = GZ_BUF_INIT;
    made_t made;
    if (media_derivative_make(original, len, NULL, focus, &size, &out, &made.info, &message))
        fail_msg("%ux%u %u %s: %s", size.ratio_width, size.ratio_height, size.width,
                 media_format_name(size.format), gz_buf_cstr(&message));
    media_info_t sniffed;
    assert_int_equal(media_sniff(out.data, out.len, NULL, &sniffed, NULL), GZ_OK);
    assert_int_equal(sniffed.type, media_format_type(size.format));
    made.image = decode_picture(out.data, out.len);
    const char *loader = NULL;
    assert_int_equal(vips_image_get_string(made.image, VIPS_META_LOADER, &loader), 0);
    const char *expected = size.format == MEDIA_FORMAT_JPEG   ? "jpegload"
                           : size.format == MEDIA_FORMAT_WEBP ? "webpload"
                                                              : "heifload";
    assert_int_equal(strncmp(loader, expected, strlen(expected)), 0);
    assert_int_equal(made.image->Xsize, made.info.width);
    assert_int_equal(made.image->Ysize, made.info.height);
    gz_buf_free(&out);
    gz_buf_free(&message);
    return made;
}

static void assert_ratio(const VipsImage *image, media_size_t size)
{
    long difference =
        (long)image->Xsize * size.ratio_height - (long)image->Ysize * size.ratio_width;
    long allowed =
        (long)(size.ratio_width > size.ratio_height ? size.ratio_width : size.ratio_height);
    if (labs(difference) > allowed)
        fail_msg("%dx%d is not %ux%u", image->Xsize, image->Ysize, size.ratio_width,
                 size.ratio_height);
}

/* The width of the largest crop of the ratio in the 1200x800 picture. */
static uint32_t largest_crop_width(media_size_t size)
{
    uint32_t by_height = 800 * size.ratio_width / size.ratio_height;
    return by_height <= 1200 ? by_height : 1200;
}

static void test_every_declared_size_honours_the_focal_point(void **state)
{
    (void)state;
    size_t len;
    void *original = grey_file(1200, 800, PATCH, ".jpg[Q=95]", &len);
    media_sizes_t sizes = media_sizes_default();
    media_size_t list[64];
    size_t count = media_sizes_list(&sizes, list, 64);
    assert_true(count >= 30);
    for (size_t i = 0; i < count; i++) {
        made_t made = make_ok(original, len, &ON_PATCH, list[i]);
        uint32_t crop_width = largest_crop_width(list[i]);
        uint32_t expected_width = list[i].width < crop_width ? list[i].width : crop_width;
        assert_int_equal(made.image->Xsize, expected_width); /* never upscaled */
        assert_ratio(made.image, list[i]);
        double scale = (double)expected_width / crop_width;
        double patch_pixels = (PATCH.size * scale) * (PATCH.size * scale);
        size_t red = count_red_pixels(made.image);
        if ((double)red < 0.4 * patch_pixels)
            fail_msg("%ux%u %u %s: %zu red pixels of %.0f", list[i].ratio_width,
                     list[i].ratio_height, list[i].width, media_format_name(list[i].format), red,
                     patch_pixels);
        g_object_unref(made.image);
    }
    g_free(original);
}

/* The same square crop, with the point at the far corner: no red. */
static void test_focal_point_moves_the_crop(void **state)
{
    (void)state;
    size_t len;
    void *original = grey_file(1200, 800, PATCH, ".png", &len);
    media_focus_t bottom_left = {true, 0.0, 1.0};
    made_t made =
        make_ok(original, len, &bottom_left, (media_size_t){1, 1, 320, MEDIA_FORMAT_WEBP});
    assert_int_equal(made.image->Xsize, 320);
    assert_int_equal(made.image->Ysize, 320);
    assert_int_equal(count_red_pixels(made.image), 0);
    g_object_unref(made.image);
    g_free(original);
}

/* Without a focal point libvips' attention finds the one saturated thing. */
static void test_attention_crop_finds_the_subject(void **state)
{
    (void)state;
    size_t len;
    void *original = grey_file(1600, 900, (red_patch_t){80, 700, 100}, ".jpg", &len);
    media_size_t size = {1, 1, 320, MEDIA_FORMAT_JPEG};
    made_t made = make_ok(original, len, NULL, size);
    assert_int_equal(made.image->Xsize, 320);
    assert_int_equal(made.image->Ysize, 320);
    assert_true(count_red_pixels(made.image) > 300);
    g_object_unref(made.image);
    media_focus_t unset = {false, 0.9, 0.1};
    made = make_ok(original, len, &unset, size);
    assert_true(count_red_pixels(made.image) > 300);
    g_object_unref(made.image);
    g_free(original);
}

/* Stored 400x200 with the red at its top left, shown turned a quarter
 * clockwise (orientation 6): 200x400 with the red at the top right. */
static void *turned_file(size_t *len)
{
    VipsImage *image = grey_picture(400, 200, (red_patch_t){0, 0, 40});
    vips_image_set_int(image, VIPS_META_ORIENTATION, 6);
    void *bytes = encode_picture(image, ".jpg", len);
    g_object_unref(image);
    return bytes;
}

static void test_exif_orientation_is_applied(void **state)
{
    (void)state;
    size_t len;
    void *original = turned_file(&len);
    media_focus_t top_right = {true, 1.0, 0.0}, bottom = {true, 0.5, 1.0};
    made_t made = make_ok(original, len, &top_right, (media_size_t){1, 1, 320, MEDIA_FORMAT_JPEG});
    assert_int_equal(made.image->Xsize, 200); /* the displayed width, not upscaled */
    assert_int_equal(made.image->Ysize, 200);
    assert_true(count_red_pixels(made.image) > 800);
    assert_false(vips_image_get_typeof(made.image, VIPS_META_ORIENTATION) &&
                 vips_image_get_orientation(made.image) != 1);
    g_object_unref(made.image);
    made = make_ok(original, len, &bottom, (media_size_t){1, 1, 320, MEDIA_FORMAT_JPEG});
    assert_int_equal(count_red_pixels(made.image), 0);
    g_object_unref(made.image);
    made = make_ok(original, len, &top_right, (media_size_t){16, 9, 320, MEDIA_FORMAT_WEBP});
    assert_int_equal(made.image->Xsize, 200);
    assert_int_equal(made.image->Ysize, 112);
    g_object_unref(made.image);
    g_free(original);
}

static bool has_field(VipsImage *image, const char *name)
{
    return vips_image_get_typeof(image, name) != 0;
}

static void test_metadata_is_stripped_but_the_copyright(void **state)
{
    (void)state;
    VipsImage *image = grey_picture(640, 480, (red_patch_t){0});
    vips_image_set_string(image, "exif-ifd0-Copyright", "Gazette Photo Desk");
    vips_image_set_string(image, "exif-ifd0-Artist", "Secret Source");
    vips_image_set_string(image, "exif-ifd0-ImageDescription", "taken at the safe house");
    size_t len;
    void *original = encode_picture(image, ".jpg", &len);
    g_object_unref(image);
    VipsImage *check = decode_picture(original, len);
    assert_true(has_field(check, "exif-ifd0-Artist")); /* the original has it */
    g_object_unref(check);
    for (int format = MEDIA_FORMAT_WEBP; format <= MEDIA_FORMAT_JPEG; format++) {
        made_t made =
            make_ok(original, len, NULL, (media_size_t){4, 3, 320, (media_format_t)format});
        assert_false(has_field(made.image, "exif-ifd0-Artist"));
        assert_false(has_field(made.image, "exif-ifd0-ImageDescription"));
        assert_false(has_field(made.image, VIPS_META_XMP_NAME));
        const char *copyright = NULL;
        assert_int_equal(vips_image_get_string(made.image, "exif-ifd0-Copyright", &copyright), 0);
        assert_non_null(strstr(copyright, "Gazette Photo Desk"));
        g_object_unref(made.image);
    }
    g_free(original);
}

static void test_bad_requests_are_refused(void **state)
{
    (void)state;
    size_t len;
    void *original = grey_file(64, 64, (red_patch_t){0}, ".png", &len);
    gz_buf_t out = GZ_BUF_INIT, message = GZ_BUF_INIT;
    media_size_t zero_ratio = {0, 3, 320, MEDIA_FORMAT_JPEG};
    assert_int_equal(
        media_derivative_make(original, len, NULL, NULL, &zero_ratio, &out, NULL, &message),
        GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&message), "no such derivative size");
    gz_buf_reset(&message);
    const char *svg = "<svg/>";
    media_size_t size = {4, 3, 320, MEDIA_FORMAT_JPEG};
    assert_int_equal(
        media_derivative_make(svg, strlen(svg), NULL, NULL, &size, &out, NULL, &message),
        GZ_EINVAL);
    assert_non_null(strstr(gz_buf_cstr(&message), "SVG"));
    assert_int_equal(out.len, 0);
    gz_buf_free(&out);
    gz_buf_free(&message);
    g_free(original);
}

/* A transparent PNG becomes a JPEG on white, not on black. */
static void test_transparency_is_flattened_on_white(void **state)
{
    (void)state;
    VipsImage *black = NULL, *transparent = NULL;
    assert_int_equal(vips_black(&black, 200, 200, "bands", 4, NULL), 0);
    assert_int_equal(
        vips_copy(black, &transparent, "interpretation", VIPS_INTERPRETATION_sRGB, NULL), 0);
    size_t len;
    void *original = encode_picture(transparent, ".png", &len);
    made_t made = make_ok(original, len, NULL, (media_size_t){1, 1, 320, MEDIA_FORMAT_JPEG});
    double average = 0;
    assert_int_equal(vips_avg(made.image, &average, NULL), 0);
    assert_true(average > 250.0);
    g_object_unref(made.image);
    g_object_unref(black);
    g_object_unref(transparent);
    g_free(original);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_declared_size_honours_the_focal_point),
        cmocka_unit_test(test_focal_point_moves_the_crop),
        cmocka_unit_test(test_attention_crop_finds_the_subject),
        cmocka_unit_test(test_exif_orientation_is_applied),
        cmocka_unit_test(test_metadata_is_stripped_but_the_copyright),
        cmocka_unit_test(test_bad_requests_are_refused),
        cmocka_unit_test(test_transparency_is_flattened_on_white),
    };
    return cmocka_run_group_tests(tests, media_test_setup, media_test_teardown);
}
