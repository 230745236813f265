/*
 * Sniffing: what an uploaded file is, from its bytes alone, and whether it
 * is within the limits, before anything decodes it.
 *
 * The name and the Content-Type come from the uploader and prove nothing,
 * so only the leading bytes count: magic numbers for JPEG, PNG, GIF and
 * WebP, the ISO base media "ftyp" brands for AVIF, HEIC, MP4 and MOV, and
 * the EBML header's DocType for WebM. Anything that looks like markup (an
 * SVG, an HTML page, any XML) is refused by name, since SVG can carry
 * script and a browser may sniff HTML where a picture was promised.
 *
 * The checks run cheapest first: the byte count, then the type, then the
 * pixel count from the header. Dimensions come from libvips' lazy loaders,
 * which read the header and decode no pixels until asked, so a few
 * kilobytes declaring 30000x30000 pixels are refused in microseconds.
 */
#include "media/media.h"
#include "media/media_private.h"

#include <string.h>
#include <strings.h>

/* libvips' loader name prefix for each picture type we take. */
static const char *loader_of(media_type_t type)
{
    static const char *const LOADERS[] = {
        [MEDIA_TYPE_JPEG] = "jpegload", [MEDIA_TYPE_PNG] = "pngload",
        [MEDIA_TYPE_GIF] = "gifload",   [MEDIA_TYPE_WEBP] = "webpload",
        [MEDIA_TYPE_AVIF] = "heifload", [MEDIA_TYPE_HEIC] = "heifload",
    };
    if (type < 0 || (size_t)type >= sizeof LOADERS / sizeof LOADERS[0] || !LOADERS[type])
        return "";
    return LOADERS[type];
}

media_limits_t media_limits_default(void)
{
    return (media_limits_t){
        .max_picture_bytes = (size_t)40 << 20,
        .max_video_bytes = (size_t)2 << 30,
        .max_pixels = 100000000,
        .max_side = 30000,
    };
}

/* ---- magic numbers ----------------------------------------------------- */

static bool has_bytes_at(const unsigned char *bytes, size_t len, size_t offset, const char *magic,
                         size_t magic_len)
{
    return len >= offset + magic_len && memcmp(bytes + offset, magic, magic_len) == 0;
}

static uint32_t read_big_endian_32(const unsigned char *bytes)
{
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

static media_type_t type_of_brand(const unsigned char *brand)
{
    static const struct {
        char brand[5];
        media_type_t type;
    } BRANDS[] = {
        {"avif", MEDIA_TYPE_AVIF}, {"avis", MEDIA_TYPE_AVIF}, {"heic", MEDIA_TYPE_HEIC},
        {"heix", MEDIA_TYPE_HEIC}, {"heim", MEDIA_TYPE_HEIC}, {"heis", MEDIA_TYPE_HEIC},
        {"hevc", MEDIA_TYPE_HEIC}, {"mif1", MEDIA_TYPE_HEIC}, {"msf1", MEDIA_TYPE_HEIC},
        {"qt  ", MEDIA_TYPE_MOV},  {"isom", MEDIA_TYPE_MP4},  {"iso2", MEDIA_TYPE_MP4},
        {"iso4", MEDIA_TYPE_MP4},  {"iso5", MEDIA_TYPE_MP4},  {"iso6", MEDIA_TYPE_MP4},
        {"mp41", MEDIA_TYPE_MP4},  {"mp42", MEDIA_TYPE_MP4},  {"avc1", MEDIA_TYPE_MP4},
        {"dash", MEDIA_TYPE_MP4},  {"M4V ", MEDIA_TYPE_MP4},
    };
    for (size_t i = 0; i < sizeof BRANDS / sizeof BRANDS[0]; i++)
        if (memcmp(brand, BRANDS[i].brand, 4) == 0)
            return BRANDS[i].type;
    return MEDIA_TYPE_UNKNOWN;
}

/* An ISO base media file: a first box "ftyp" holding a major brand and
 * compatible brands. AVIF wins over the generic HEIF brands (an AVIF file
 * often says "mif1" first), then the major brand decides. */
static media_type_t sniff_ftyp(const unsigned char *bytes, size_t len)
{
    if (!has_bytes_at(bytes, len, 4, "ftyp", 4) || len < 16)
        return MEDIA_TYPE_UNKNOWN;
    size_t box = read_big_endian_32(bytes);
    if (box < 16 || box > 4096)
        return MEDIA_TYPE_UNKNOWN; /* no real ftyp box is that size */
    box = box < len ? box : len;
    for (size_t offset = 8; offset + 4 <= box; offset += 4)
        if (offset != 12 && type_of_brand(bytes + offset) == MEDIA_TYPE_AVIF)
            return MEDIA_TYPE_AVIF;
    media_type_t major = type_of_brand(bytes + 8);
    for (size_t offset = 16; major == MEDIA_TYPE_UNKNOWN && offset + 4 <= box; offset += 4)
        major = type_of_brand(bytes + offset);
    return major;
}

/* WebM is Matroska with DocType "webm", found in the EBML header. */
static media_type_t sniff_ebml(const unsigned char *bytes, size_t len)
{
    if (!has_bytes_at(bytes, len, 0, "\x1a\x45\xdf\xa3", 4))
        return MEDIA_TYPE_UNKNOWN;
    size_t window = len < 64 ? len : 64;
    for (size_t offset = 4; offset + 7 <= window; offset++)
        if (memcmp(bytes + offset, "\x42\x82", 2) == 0 && bytes[offset + 2] == 0x84 &&
            memcmp(bytes + offset + 3, "webm", 4) == 0)
            return MEDIA_TYPE_WEBM;
    return MEDIA_TYPE_UNKNOWN;
}

static media_type_t sniff_type(const unsigned char *bytes, size_t len)
{
    if (has_bytes_at(bytes, len, 0, "\xff\xd8\xff", 3))
        return MEDIA_TYPE_JPEG;
    if (has_bytes_at(bytes, len, 0, "\x89PNG\r\n\x1a\n", 8))
        return MEDIA_TYPE_PNG;
    if (has_bytes_at(bytes, len, 0, "GIF87a", 6) || has_bytes_at(bytes, len, 0, "GIF89a", 6))
        return MEDIA_TYPE_GIF;
    if (has_bytes_at(bytes, len, 0, "RIFF", 4) && has_bytes_at(bytes, len, 8, "WEBPVP8", 7))
        return MEDIA_TYPE_WEBP;
    media_type_t type = sniff_ftyp(bytes, len);
    return type != MEDIA_TYPE_UNKNOWN ? type : sniff_ebml(bytes, len);
}

/* Markup: after a UTF-8 byte order mark and white space, a '<'; or one of
 * the telling tags anywhere in the first kilobyte. */
static bool looks_like_markup(const unsigned char *bytes, size_t len)
{
    size_t offset = has_bytes_at(bytes, len, 0, "\xef\xbb\xbf", 3) ? 3 : 0;
    while (offset < len && strchr(" \t\r\n", bytes[offset]) && bytes[offset])
        offset++;
    if (offset < len && bytes[offset] == '<')
        return true;
    static const char *const TAGS[] = {"<svg", "<?xml", "<!doctype", "<html", "<script"};
    size_t window = len < 1024 ? len : 1024;
    for (size_t at = 0; at < window; at++)
        for (size_t tag = 0; tag < sizeof TAGS / sizeof TAGS[0]; tag++)
            if (window - at >= strlen(TAGS[tag]) &&
                strncasecmp((const char *)bytes + at, TAGS[tag], strlen(TAGS[tag])) == 0)
                return true;
    return false;
}

/* ---- the checks -------------------------------------------------------- */

static int refuse(media_info_t *info, media_refusal_t refusal, gz_buf_t *message, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));

static int refuse(media_info_t *info, media_refusal_t refusal, gz_buf_t *message, const char *fmt,
                  ...)
{
    info->refusal = refusal;
    if (message) {
        va_list arguments;
        va_start(arguments, fmt);
        gz_buf_vprintf(message, fmt, arguments);
        va_end(arguments);
    }
    return GZ_EINVAL;
}

static int check_dimensions(media_info_t *info, const media_limits_t *limits, gz_buf_t *message)
{
    uint64_t pixels = (uint64_t)info->width * info->height;
    uint32_t side = info->width > info->height ? info->width : info->height;
    if (pixels > limits->max_pixels || side > limits->max_side)
        return refuse(info, MEDIA_REFUSED_PIXELS, message,
                      "the picture is %ux%u pixels: the limit is %.0f megapixels and %u pixels "
                      "a side",
                      info->width, info->height, (double)limits->max_pixels / 1e6,
                      limits->max_side);
    if (info->width == 0 || info->height == 0)
        return refuse(info, MEDIA_REFUSED_CORRUPT, message, "the picture has no pixels");
    return GZ_OK;
}

/* The header through libvips' loader for the sniffed type: sequential
 * access makes it read the header only. The loader it chose must be the
 * one the bytes named, or the file is not what it claims. */
static int read_dimensions(const void *bytes, size_t len, media_info_t *info, gz_buf_t *message)
{
    if (media_init() != GZ_OK)
        return refuse(info, MEDIA_REFUSED_CORRUPT, message, "pictures cannot be read here");
    VipsImage *image =
        vips_image_new_from_buffer(bytes, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    const char *loader = NULL;
    const char *expected = loader_of(info->type);
    if (!image || vips_image_get_string(image, VIPS_META_LOADER, &loader) ||
        strncmp(loader, expected, strlen(expected)) != 0) {
        if (image)
            g_object_unref(image);
        vips_error_clear();
        return refuse(info, MEDIA_REFUSED_CORRUPT, message,
                      "the file starts like a %s picture but cannot be read as one",
                      media_type_extension(info->type));
    }
    info->width = (uint32_t)vips_image_get_width(image);
    info->height = (uint32_t)vips_image_get_page_height(image);
    info->orientation = vips_image_get_orientation(image);
    g_object_unref(image);
    return GZ_OK;
}

int media_sniff(const void *bytes, size_t len, const media_limits_t *limits, media_info_t *info,
                gz_buf_t *message)
{
    media_limits_t defaults = media_limits_default();
    limits = limits ? limits : &defaults;
    *info = (media_info_t){0};
    size_t largest = limits->max_video_bytes > limits->max_picture_bytes
                         ? limits->max_video_bytes
                         : limits->max_picture_bytes;
    if (len > largest)
        return refuse(info, MEDIA_REFUSED_SIZE, message,
                      "the file is %.1f MB: the limit is %.1f MB", (double)len / 1048576.0,
                      (double)largest / 1048576.0);
    info->type = sniff_type(bytes, len);
    if (info->type == MEDIA_TYPE_UNKNOWN) {
        if (looks_like_markup(bytes, len))
            return refuse(info, MEDIA_REFUSED_TYPE, message,
                          "SVG, HTML and XML files are not accepted: upload a JPEG, PNG, WebP "
                          "or AVIF picture instead");
        return refuse(info, MEDIA_REFUSED_TYPE, message,
                      "this is not a picture or video Gazette takes (JPEG, PNG, GIF, WebP, "
                      "AVIF, HEIC, MP4, MOV, WebM)");
    }
    if (media_type_is_video(info->type))
        return GZ_OK;
    if (len > limits->max_picture_bytes)
        return refuse(info, MEDIA_REFUSED_SIZE, message,
                      "the picture is %.1f MB: the limit is %.1f MB", (double)len / 1048576.0,
                      (double)limits->max_picture_bytes / 1048576.0);
    int status = read_dimensions(bytes, len, info, message);
    return status ? status : check_dimensions(info, limits, message);
}
