/*
 * Shared by the media unit tests: the cmocka includes in the order cmocka
 * needs them, and pictures made in the test with libvips (a grey field with
 * a red square where the test wants it), so no binary fixture is needed and
 * each test says what its picture holds.
 */
#ifndef GAZETTE_TEST_MEDIA_SUPPORT_H
#define GAZETTE_TEST_MEDIA_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>
#include <zlib.h>

#include "base/base.h"

#include "media/media.h"

typedef struct {
    int left, top, size; /* the red square; size 0 for none */
} red_patch_t;

/* A width x height mid-grey sRGB picture with the red patch painted in. */
static inline VipsImage *grey_picture(int width, int height, red_patch_t patch)
{
    VipsImage *black = NULL, *grey = NULL, *painted = NULL;
    assert_int_equal(vips_black(&black, width, height, "bands", 3, NULL), 0);
    assert_int_equal(vips_linear1(black, &grey, 1.0, 128.0, "uchar", TRUE, NULL), 0);
    g_object_unref(black);
    assert_int_equal(vips_copy(grey, &painted, "interpretation", VIPS_INTERPRETATION_sRGB, NULL),
                     0);
    g_object_unref(grey);
    if (patch.size > 0) {
        double red[3] = {220.0, 20.0, 20.0};
        assert_int_equal(vips_draw_rect(painted, red, 3, patch.left, patch.top, patch.size,
                                        patch.size, "fill", TRUE, NULL),
                         0);
    }
    return painted;
}

/* The picture encoded by a libvips saver ("jpegsave_buffer" ...); the
 * caller frees the result with g_free. */
static inline void *encode_picture(VipsImage *image, const char *suffix, size_t *len)
{
    void *bytes = NULL;
    if (vips_image_write_to_buffer(image, suffix, &bytes, len, NULL))
        fail_msg("cannot encode %s: %s", suffix, vips_error_buffer());
    return bytes;
}

static inline void *grey_file(int width, int height, red_patch_t patch, const char *suffix,
                              size_t *len)
{
    VipsImage *image = grey_picture(width, height, patch);
    void *bytes = encode_picture(image, suffix, len);
    g_object_unref(image);
    return bytes;
}

/* Reads a file back, decoding every pixel (so a broken one fails here). */
static inline VipsImage *decode_picture(const void *bytes, size_t len)
{
    VipsImage *image = vips_image_new_from_buffer(bytes, len, "", NULL);
    if (!image)
        fail_msg("cannot decode: %s", vips_error_buffer());
    VipsImage *memory = vips_image_copy_memory(image);
    g_object_unref(image);
    if (!memory)
        fail_msg("cannot decode: %s", vips_error_buffer());
    return memory;
}

/* How many pixels are clearly red. */
static inline size_t count_red_pixels(VipsImage *image)
{
    size_t count = 0;
    int bands = image->Bands;
    assert_true(bands >= 3);
    assert_int_equal(image->BandFmt, VIPS_FORMAT_UCHAR);
    for (int y = 0; y < image->Ysize; y++) {
        const unsigned char *row = VIPS_IMAGE_ADDR(image, 0, y);
        for (int x = 0; x < image->Xsize; x++) {
            const unsigned char *pixel = row + (size_t)x * (size_t)bands;
            if (pixel[0] > 160 && pixel[1] < 90 && pixel[2] < 90)
                count++;
        }
    }
    return count;
}

/* A decompression bomb, written with zlib. */
static inline void append_png_chunk(gz_buf_t *png, const char *type, const unsigned char *data,
                             uint32_t len)
{
    unsigned char length[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
                               (unsigned char)(len >> 8), (unsigned char)len};
    gz_buf_append(png, length, 4);
    size_t start = png->len;
    gz_buf_append(png, type, 4);
    gz_buf_append(png, data, len);
    uLong crc = crc32(0L, (const Bytef *)png->data + start, (uInt)(len + 4));
    unsigned char check[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16),
                              (unsigned char)(crc >> 8), (unsigned char)crc};
    gz_buf_append(png, check, 4);
}

/* A 30000x30000 grey PNG (900 megapixels, 900 MB decoded) of a few KB:
 * its first rows of zeros deflated, enough for any decoder to start. */
static inline void make_png_bomb(gz_buf_t *png)
{
    gz_buf_append(png, "\x89PNG\r\n\x1a\n", 8);
    const uint32_t side = 30000;
    unsigned char header[13] = {(unsigned char)(side >> 24), (unsigned char)(side >> 16),
                                (unsigned char)(side >> 8), (unsigned char)side};
    memcpy(header + 4, header, 4);
    header[8] = 8; /* bit depth; colour type 0 (grey), no interlace */
    append_png_chunk(png, "IHDR", header, sizeof header);
    size_t rows_len = (size_t)(side + 1) * 64;
    unsigned char *rows = calloc(1, rows_len);
    uLongf packed_len = compressBound((uLong)rows_len);
    unsigned char *packed = malloc(packed_len);
    assert_int_equal(compress2(packed, &packed_len, rows, (uLong)rows_len, 9), Z_OK);
    append_png_chunk(png, "IDAT", packed, (uint32_t)packed_len);
    append_png_chunk(png, "IEND", NULL, 0);
    free(rows);
    free(packed);
}

static inline int media_test_setup(void **state)
{
    (void)state;
    assert_int_equal(media_init(), GZ_OK);
    return 0;
}

static inline int media_test_teardown(void **state)
{
    (void)state;
    media_shutdown();
    return 0;
}

#endif
