/*
 * libFuzzer target for media's parsers: the legacy path scheme, a theme's
 * media.ini and the sniffer, all three fed straight from URLs or uploads.
 *
 * A path that parses must name itself again: written back from its parts
 * (site, ticks, size code, ratio, extension) it parses to the same parts.
 * The sizes parser must leave the sizes untouched when it refuses, and
 * every declared width must then be looked up as declared. The sniffer
 * must answer for any bytes without decoding them, and never accept markup.
 *
 * Build (not part of the meson build):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     tests/fuzz/media_fuzz.c src/base/[a-z]*.c src/media/[a-z]*.c \
 *     $(pkg-config --cflags --libs vips) -linih -lutf8proc -lm -o media_fuzz
 */
#include "base/base.h"
#include "media/media.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_text(gz_str_t a, gz_str_t b)
{
    return gz_str_eq(a, b);
}

static void check_path_names_itself(gz_str_t path)
{
    media_legacy_path_t parsed, again;
    if (media_legacy_path_parse(path, &parsed, NULL))
        return;
    gz_buf_t written = GZ_BUF_INIT;
    struct timespec instant = {(time_t)parsed.instant, (long)parsed.nanoseconds};
    if (media_legacy_path_append(&written, parsed.site, instant, parsed.size_code,
                                 parsed.ratio_width, parsed.ratio_height, parsed.extension) ||
        media_legacy_path_parse(gz_buf_str(&written), &again, NULL) ||
        again.ticks != parsed.ticks || !same_text(again.site, parsed.site) ||
        !same_text(again.size_code, parsed.size_code) ||
        !same_text(again.extension, parsed.extension) || again.ratio_width != parsed.ratio_width ||
        again.ratio_height != parsed.ratio_height)
        abort();
    gz_buf_free(&written);
}

static void check_sizes(const char *text)
{
    media_sizes_t sizes = media_sizes_default(), before = sizes;
    if (media_sizes_parse(&sizes, text, NULL)) {
        if (memcmp(&sizes, &before, sizeof sizes) != 0)
            abort();
        return;
    }
    for (size_t ratio = 0; ratio < sizes.ratio_count; ratio++)
        for (size_t width = 0; width < sizes.width_count; width++) {
            media_size_t size = {sizes.ratio_widths[ratio], sizes.ratio_heights[ratio],
                                 sizes.widths[width], MEDIA_FORMAT_JPEG};
            if (sizes.formats[MEDIA_FORMAT_JPEG] && !media_size_lookup(&sizes, &size))
                abort();
        }
}

static void check_sniff(const uint8_t *data, size_t size)
{
    media_info_t info;
    int status = media_sniff(data, size, NULL, &info, NULL);
    if (status == GZ_OK && (info.type == MEDIA_TYPE_UNKNOWN || info.refusal != MEDIA_ACCEPTED))
        abort();
    if (size > 0 && data[0] == '<' && status == GZ_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (media_init() != GZ_OK)
        abort();
    check_path_names_itself((gz_str_t){(const char *)data, size});
    char *text = gz_strndup((const char *)data, size);
    check_sizes(text);
    free(text);
    check_sniff(data, size);
    return 0;
}
