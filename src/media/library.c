/*
 * Starting libvips, and what this build of it can read and write.
 *
 * libvips is started once per process, under pthread_once, because
 * vips_init is not safe to race. Right after, every loader is blocked and
 * only those of the types Gazette takes are let back in: a crafted file
 * can then never reach the SVG, PDF, TIFF or matrix loaders, whatever its
 * bytes say, even through vips_thumbnail_buffer's own sniffing.
 *
 * Which formats can be written is not a build-time fact: Debian loads the
 * HEIF saver as a module at run time, and libheif may lack an AV1
 * encoder. So each saver is looked up and given a 16x16 trial save; a
 * format that fails is reported unavailable, never attempted per request.
 */
#include "media/media.h"
#include "media/media_private.h"

#include <pthread.h>
#include <vips/vips.h>

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int start_result = GZ_EUNAVAILABLE;
static bool format_available[MEDIA_FORMAT_COUNT];

/* The loader classes of the picture types media_sniff accepts. */
static const char *const ALLOWED_LOADERS[] = {
    "VipsForeignLoadJpeg", "VipsForeignLoadPng",  "VipsForeignLoadNsgif",
    "VipsForeignLoadWebp", "VipsForeignLoadHeif",
};

static bool trial_save(media_format_t format)
{
    VipsImage *image = NULL;
    if (vips_black(&image, 16, 16, "bands", 3, NULL))
        return false;
    gz_buf_t out = GZ_BUF_INIT;
    bool saved = media_encode(image, format, &out) == GZ_OK && out.len > 0;
    g_object_unref(image);
    gz_buf_free(&out);
    vips_error_clear();
    return saved;
}

static void find_available_formats(void)
{
    static const char *const SAVERS[MEDIA_FORMAT_COUNT] = {
        [MEDIA_FORMAT_AVIF] = "heifsave_buffer",
        [MEDIA_FORMAT_WEBP] = "webpsave_buffer",
        [MEDIA_FORMAT_JPEG] = "jpegsave_buffer",
    };
    for (int format = 0; format < MEDIA_FORMAT_COUNT; format++)
        format_available[format] = vips_type_find("VipsOperation", SAVERS[format]) != 0 &&
                                   trial_save((media_format_t)format);
}

static void start(void)
{
    if (VIPS_INIT("gazette")) {
        gz_log(GZ_LOG_ERROR, "media: libvips cannot start: %s", vips_error_buffer());
        return;
    }
    /* Every derivative is a new pipeline over new bytes: libvips' cache of
     * operations would only hold decoded pixels nobody asks for again. */
    vips_cache_set_max(0);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    for (size_t i = 0; i < sizeof ALLOWED_LOADERS / sizeof ALLOWED_LOADERS[0]; i++)
        vips_operation_block_set(ALLOWED_LOADERS[i], FALSE);
    find_available_formats();
    start_result = GZ_OK;
}

int media_init(void)
{
    pthread_once(&start_once, start);
    return start_result;
}

void media_shutdown(void)
{
    if (start_result == GZ_OK)
        vips_shutdown();
}

bool media_format_available(media_format_t format)
{
    return media_init() == GZ_OK && format >= 0 && format < MEDIA_FORMAT_COUNT &&
           format_available[format];
}

void media_vips_error(gz_buf_t *message, const char *what)
{
    if (message) {
        gz_buf_append_cstr(message, what);
        const char *detail = vips_error_buffer();
        size_t length = strcspn(detail, "\n");
        if (length > 0) {
            gz_buf_append_cstr(message, ": ");
            gz_buf_append(message, detail, length);
        }
    }
    vips_error_clear();
}

/* The declared sizes this libvips can make (sizes.c holds the declaring,
 * which needs no libvips). */
size_t media_sizes_list(const media_sizes_t *sizes, media_size_t *list, size_t capacity)
{
    size_t count = 0;
    for (size_t ratio = 0; ratio < sizes->ratio_count; ratio++)
        for (size_t width = 0; width < sizes->width_count; width++)
            for (int format = 0; format < MEDIA_FORMAT_COUNT; format++) {
                if (!sizes->formats[format] || !media_format_available((media_format_t)format))
                    continue;
                if (count < capacity)
                    list[count] =
                        (media_size_t){sizes->ratio_widths[ratio], sizes->ratio_heights[ratio],
                                       sizes->widths[width], (media_format_t)format};
                count++;
            }
    return count;
}
