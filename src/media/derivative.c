/*
 * Derivatives: one declared crop and size of an original, made by libvips.
 *
 * The crop is planned on the displayed picture (EXIF orientation applied):
 * the largest box of the declared ratio that fits, scaled to the declared
 * width, or kept at the original's resolution when that is narrower, since
 * an upscaled picture only looks worse and weighs more. The pixels then
 * come from vips_thumbnail_buffer, which shrinks on load (a JPEG is
 * decoded at 1/2, 1/4 or 1/8 straight from its DCT, a WebP or HEIF by its
 * own scaler) and rotates by the EXIF tag:
 *
 *  - without a focal point it also crops, with libvips' attention finder
 *    (skin, saturation and edges), in the same pass;
 *  - with one it only scales (to the width that makes the crop box the
 *    declared size) and the box is cut around the point, slid inward where
 *    the point is near an edge.
 *
 * Everything but the copyright (and the colour profile, without which
 * colours shift) is dropped before encoding: EXIF, XMP, IPTC, comments.
 * The encoder settings are tuned for news pictures: JPEG q82 progressive,
 * WebP q80, AVIF q50 at a low encoder effort so a 2048-pixel AVIF takes
 * well under a second on one core.
 */
#include "media/media.h"
#include "media/media_private.h"

#include <math.h>
#include <string.h>

typedef struct {
    uint32_t width, height;
} dimensions_t;

/* ---- metadata and encoding -------------------------------------------- */

static bool is_kept_field(const char *name)
{
    return strcmp(name, "exif-ifd0-Copyright") == 0 || strcmp(name, VIPS_META_ICC_NAME) == 0;
}

/* Removes every metadata field but the kept ones; the basic header
 * fields (width, bands ...) cannot be removed and stay. */
static void strip_metadata(VipsImage *image)
{
    char **fields = vips_image_get_fields(image);
    for (char **field = fields; *field; field++)
        if (!is_kept_field(*field))
            vips_image_remove(image, *field);
    g_strfreev(fields);
}

static int save(VipsImage *image, media_format_t format, void **bytes, size_t *len)
{
    switch (format) {
    case MEDIA_FORMAT_AVIF:
        return vips_heifsave_buffer(image, bytes, len, "Q", 50, "effort", 2, "compression",
                                    VIPS_FOREIGN_HEIF_COMPRESSION_AV1, NULL);
    case MEDIA_FORMAT_WEBP: return vips_webpsave_buffer(image, bytes, len, "Q", 80, NULL);
    case MEDIA_FORMAT_JPEG:
        return vips_jpegsave_buffer(image, bytes, len, "Q", 82, "optimize_coding", TRUE,
                                    "interlace", TRUE, NULL);
    default: return -1;
    }
}

/* JPEG has no alpha: a transparent PNG is laid on white, as a browser
 * shows it on the page. */
static VipsImage *flatten_for(VipsImage *image, media_format_t format)
{
    VipsImage *flat = NULL;
    if (format == MEDIA_FORMAT_JPEG && vips_image_hasalpha(image)) {
        VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
        int failed = vips_flatten(image, &flat, "background", white, NULL);
        vips_area_unref(VIPS_AREA(white));
        if (!failed)
            return flat;
    }
    g_object_ref(image);
    return image;
}

int media_encode(VipsImage *image, media_format_t format, gz_buf_t *out)
{
    VipsImage *flat = flatten_for(image, format);
    VipsImage *copy = NULL;
    if (vips_copy(flat, &copy, NULL)) {
        g_object_unref(flat);
        return GZ_EIO;
    }
    g_object_unref(flat);
    strip_metadata(copy);
    void *bytes = NULL;
    size_t len = 0;
    int failed = save(copy, format, &bytes, &len);
    g_object_unref(copy);
    if (failed)
        return GZ_EIO;
    gz_buf_append(out, bytes, len);
    g_free(bytes);
    return GZ_OK;
}

/* ---- planning the crop -------------------------------------------------- */

/* The original's size as shown: orientations 5 to 8 turn it a quarter. */
static dimensions_t displayed_dimensions(const media_info_t *info)
{
    bool turned = info->orientation >= 5 && info->orientation <= 8;
    return turned ? (dimensions_t){info->height, info->width}
                  : (dimensions_t){info->width, info->height};
}

/* The largest box of the ratio inside the picture. */
static dimensions_t largest_crop(dimensions_t picture, const media_size_t *size)
{
    uint64_t by_height = (uint64_t)picture.height * size->ratio_width / size->ratio_height;
    if (by_height <= picture.width)
        return (dimensions_t){(uint32_t)(by_height ? by_height : 1), picture.height};
    uint64_t by_width = (uint64_t)picture.width * size->ratio_height / size->ratio_width;
    return (dimensions_t){picture.width, (uint32_t)(by_width ? by_width : 1)};
}

/* The derivative's size: the declared width, or the crop's own when that
 * is narrower; the height from the ratio, never taller than the crop. */
static dimensions_t output_dimensions(dimensions_t crop, const media_size_t *size)
{
    uint32_t width = size->width < crop.width ? size->width : crop.width;
    double exact = (double)width * size->ratio_height / size->ratio_width;
    uint32_t height = (uint32_t)lround(exact);
    if (height > crop.height)
        height = crop.height;
    return (dimensions_t){width, height ? height : 1};
}

static uint32_t centred_offset(double fraction, uint32_t whole, uint32_t part)
{
    if (!(fraction >= 0.0))
        fraction = 0.0; /* also NaN */
    if (fraction > 1.0)
        fraction = 1.0;
    double start = fraction * whole - part / 2.0;
    double last = (double)(whole - part);
    return (uint32_t)lround(start < 0.0 ? 0.0 : start > last ? last : start);
}

/* ---- making it ----------------------------------------------------------- */

static int make_attention_crop(const void *bytes, size_t len, dimensions_t output, VipsImage **out)
{
    return vips_thumbnail_buffer((void *)bytes, len, out, (int)output.width, "height",
                                 (int)output.height, "crop", VIPS_INTERESTING_ATTENTION, "size",
                                 VIPS_SIZE_DOWN, NULL);
}

static int make_focus_crop(const void *bytes, size_t len, dimensions_t picture, dimensions_t crop,
                           dimensions_t output, const media_focus_t *focus, VipsImage **out)
{
    double scale = (double)output.width / crop.width;
    int scaled_width = (int)lround(picture.width * scale);
    VipsImage *scaled = NULL;
    if (vips_thumbnail_buffer((void *)bytes, len, &scaled, scaled_width > 0 ? scaled_width : 1,
                              "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL))
        return -1;
    uint32_t whole_width = (uint32_t)scaled->Xsize, whole_height = (uint32_t)scaled->Ysize;
    uint32_t width = output.width < whole_width ? output.width : whole_width;
    uint32_t height = output.height < whole_height ? output.height : whole_height;
    uint32_t left = centred_offset(focus->x, whole_width, width);
    uint32_t top = centred_offset(focus->y, whole_height, height);
    int failed = vips_extract_area(scaled, out, (int)left, (int)top, (int)width, (int)height, NULL);
    g_object_unref(scaled);
    return failed;
}

static bool size_is_valid(const media_size_t *size)
{
    return size->ratio_width > 0 && size->ratio_height > 0 && size->ratio_width <= 100 &&
           size->ratio_height <= 100 && size->width > 0 && size->width <= 8192 &&
           size->format >= 0 && size->format < MEDIA_FORMAT_COUNT;
}

static int check_request(const void *original, size_t len, const media_limits_t *limits,
                         const media_size_t *size, media_info_t *info, gz_buf_t *message)
{
    if (!size_is_valid(size)) {
        if (message)
            gz_buf_append_cstr(message, "no such derivative size");
        return GZ_EINVAL;
    }
    int status = media_sniff(original, len, limits, info, message);
    if (status)
        return status;
    if (media_type_is_video(info->type)) {
        if (message)
            gz_buf_append_cstr(message, "a video has no picture derivatives: upload a poster");
        return GZ_EINVAL;
    }
    if (!media_format_available(size->format)) {
        if (message)
            gz_buf_printf(message, "this server cannot write %s", media_format_name(size->format));
        return GZ_EUNAVAILABLE;
    }
    return GZ_OK;
}

int media_derivative_make(const void *original, size_t len, const media_limits_t *limits,
                          const media_focus_t *focus, const media_size_t *size, gz_buf_t *out,
                          media_derivative_info_t *info, gz_buf_t *message)
{
    media_info_t sniffed;
    int status = check_request(original, len, limits, size, &sniffed, message);
    if (status)
        return status;
    dimensions_t picture = displayed_dimensions(&sniffed);
    dimensions_t crop = largest_crop(picture, size);
    dimensions_t output = output_dimensions(crop, size);
    VipsImage *image = NULL;
    int failed = focus && focus->set
                     ? make_focus_crop(original, len, picture, crop, output, focus, &image)
                     : make_attention_crop(original, len, output, &image);
    if (failed) {
        media_vips_error(message, "the picture cannot be resized");
        return GZ_EIO;
    }
    status = media_encode(image, size->format, out);
    if (info)
        *info =
            (media_derivative_info_t){(uint32_t)image->Xsize, (uint32_t)image->Ysize, size->format};
    g_object_unref(image);
    if (status)
        media_vips_error(message, "the derivative cannot be encoded");
    return status;
}
