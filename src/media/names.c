/*
 * Names: the MIME types and file extensions of the types Gazette takes,
 * and the names of the formats it writes. Kept apart from libvips on
 * purpose: the views and the web layer name files (media.h's paths and
 * these) without making a program that only renders pages or imports
 * text load libvips and its hundred libraries at start-up.
 */
#include "media/media.h"

#include <strings.h>

typedef struct {
    media_type_t type;
    const char *mime, *extension;
} type_entry_t;

static const type_entry_t TYPES[] = {
    {MEDIA_TYPE_UNKNOWN, "", ""},
    {MEDIA_TYPE_JPEG, "image/jpeg", "jpg"},
    {MEDIA_TYPE_PNG, "image/png", "png"},
    {MEDIA_TYPE_GIF, "image/gif", "gif"},
    {MEDIA_TYPE_WEBP, "image/webp", "webp"},
    {MEDIA_TYPE_AVIF, "image/avif", "avif"},
    {MEDIA_TYPE_HEIC, "image/heic", "heic"},
    {MEDIA_TYPE_MP4, "video/mp4", "mp4"},
    {MEDIA_TYPE_MOV, "video/quicktime", "mov"},
    {MEDIA_TYPE_WEBM, "video/webm", "webm"},
};

static const type_entry_t *type_entry(media_type_t type)
{
    if (type < MEDIA_TYPE_UNKNOWN || type > MEDIA_TYPE_WEBM)
        type = MEDIA_TYPE_UNKNOWN;
    return &TYPES[type];
}

const char *media_type_mime(media_type_t type)
{
    return type_entry(type)->mime;
}
const char *media_type_extension(media_type_t type)
{
    return type_entry(type)->extension;
}
media_type_t media_type_from_mime(const char *mime)
{
    for (size_t i = 1; mime && i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcasecmp(mime, TYPES[i].mime) == 0)
            return TYPES[i].type;
    return MEDIA_TYPE_UNKNOWN;
}
bool media_type_is_video(media_type_t type)
{
    return type >= MEDIA_TYPE_MP4 && type <= MEDIA_TYPE_WEBM;
}

/* ---- formats ----------------------------------------------------------- */

static const char *const FORMAT_NAMES[MEDIA_FORMAT_COUNT] = {"avif", "webp", "jpeg"};
static const char *const FORMAT_EXTENSIONS[MEDIA_FORMAT_COUNT] = {"avif", "webp", "jpg"};

const char *media_format_name(media_format_t format)
{
    return format >= 0 && format < MEDIA_FORMAT_COUNT ? FORMAT_NAMES[format] : "";
}

const char *media_format_extension(media_format_t format)
{
    return format >= 0 && format < MEDIA_FORMAT_COUNT ? FORMAT_EXTENSIONS[format] : "";
}

media_type_t media_format_type(media_format_t format)
{
    static const media_type_t FORMAT_TYPES[MEDIA_FORMAT_COUNT] = {
        MEDIA_TYPE_AVIF, MEDIA_TYPE_WEBP, MEDIA_TYPE_JPEG};
    return format >= 0 && format < MEDIA_FORMAT_COUNT ? FORMAT_TYPES[format] : MEDIA_TYPE_UNKNOWN;
}

int media_format_parse(gz_str_t name, media_format_t *format)
{
    for (int candidate = 0; candidate < MEDIA_FORMAT_COUNT; candidate++)
        if (gz_str_eq_cstr(name, FORMAT_NAMES[candidate]) ||
            gz_str_eq_cstr(name, FORMAT_EXTENSIONS[candidate])) {
            *format = (media_format_t)candidate;
            return GZ_OK;
        }
    return GZ_EINVAL;
}
