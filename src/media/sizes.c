/*
 * The sizes a theme declares: the only derivatives that can ever exist.
 *
 * A request for a derivative names a ratio, a width and a format; it is
 * made only when the theme declared all three, so nobody can make the
 * server render a 7919-pixel crop by typing a URL. The list is the cross
 * product of three short lists in the theme's media.ini, read with inih;
 * the defaults match the issue (three ratios, six widths, three formats;
 * 1200 is the width social cards and search engines ask for).
 * A theme that names a format this libvips cannot write keeps it declared
 * (the theme is portable) and media_sizes_list simply leaves it out.
 */
#include "media/media.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

media_sizes_t media_sizes_default(void)
{
    media_sizes_t sizes = {
        .ratio_count = 3,
        .ratio_widths = {16, 4, 1},
        .ratio_heights = {9, 3, 1},
        .width_count = 6,
        .widths = {320, 640, 1024, 1200, 1600, 2048},
        .formats = {true, true, true},
    };
    memcpy(sizes.embeds, media_embed_all(), sizeof sizes.embeds);
    return sizes;
}

/* ---- the three lists ----------------------------------------------------- */

typedef int (*item_parser_t)(media_sizes_t *sizes, gz_str_t item);

static int parse_number(gz_str_t text, uint32_t low, uint32_t high, uint32_t *out)
{
    int64_t value;
    if (text.len == 0 || text.ptr[0] == '-' || gz_parse_int64(text, &value) || value < low ||
        value > high)
        return GZ_EPARSE;
    *out = (uint32_t)value;
    return GZ_OK;
}

static int parse_ratio_item(media_sizes_t *sizes, gz_str_t item)
{
    const char *x = memchr(item.ptr, 'x', item.len);
    uint32_t width, height;
    if (!x || sizes->ratio_count == MEDIA_SIZES_MAX_RATIOS ||
        parse_number((gz_str_t){item.ptr, (size_t)(x - item.ptr)}, 1, 100, &width) ||
        parse_number((gz_str_t){x + 1, item.len - (size_t)(x + 1 - item.ptr)}, 1, 100, &height))
        return GZ_EPARSE;
    sizes->ratio_widths[sizes->ratio_count] = width;
    sizes->ratio_heights[sizes->ratio_count++] = height;
    return GZ_OK;
}

static int parse_width_item(media_sizes_t *sizes, gz_str_t item)
{
    uint32_t width;
    if (sizes->width_count == MEDIA_SIZES_MAX_WIDTHS || parse_number(item, 16, 8192, &width))
        return GZ_EPARSE;
    if (sizes->width_count > 0 && width <= sizes->widths[sizes->width_count - 1])
        return GZ_EPARSE; /* ascending, each once */
    sizes->widths[sizes->width_count++] = width;
    return GZ_OK;
}

static int parse_format_item(media_sizes_t *sizes, gz_str_t item)
{
    media_format_t format;
    if (media_format_parse(item, &format))
        return GZ_EPARSE;
    sizes->formats[format] = true;
    return GZ_OK;
}

static int parse_embed_item(media_sizes_t *sizes, gz_str_t item)
{
    char name[16];
    media_embed_t provider;
    if (item.len >= sizeof name)
        return GZ_EPARSE;
    memcpy(name, item.ptr, item.len);
    name[item.len] = '\0';
    if (media_embed_parse_name(name, &provider))
        return GZ_EPARSE;
    sizes->embeds[provider] = true;
    return GZ_OK;
}

/* Splits a comma-separated list and feeds each trimmed item to the parser. */
static int parse_list(media_sizes_t *sizes, const char *value, item_parser_t parse_item)
{
    gz_str_t rest = gz_str_from_cstr(value);
    int items = 0;
    while (rest.len > 0 || items == 0) {
        const char *comma = memchr(rest.ptr, ',', rest.len);
        size_t length = comma ? (size_t)(comma - rest.ptr) : rest.len;
        if (parse_item(sizes, gz_str_trim((gz_str_t){rest.ptr, length})))
            return GZ_EPARSE;
        items++;
        rest = comma ? (gz_str_t){comma + 1, rest.len - length - 1} : GZ_STR_NULL;
        if (comma && rest.len == 0)
            return GZ_EPARSE; /* a trailing comma */
    }
    return GZ_OK;
}

/* ---- the file ------------------------------------------------------------- */

typedef struct {
    media_sizes_t sizes;
    gz_buf_t *message;
    const char *source;
    bool failed;
} parse_state_t;

static void append_key_help(gz_buf_t *out, const char *key)
{
    if (strcmp(key, "ratios") == 0)
        gz_buf_append_cstr(out, "wants ratios like 16x9, 4x3, 1x1 (each side 1 to 100)");
    else if (strcmp(key, "widths") == 0)
        gz_buf_append_cstr(out, "wants ascending widths like 320, 640, 1024 (16 to 8192 pixels)");
    else if (strcmp(key, "embeds") == 0)
        gz_buf_printf(out, "wants providers among %s, or none", media_embed_names());
    else
        gz_buf_append_cstr(out, "wants formats among avif, webp, jpeg");
}

static int on_ini_value(void *user, const char *section, const char *key, const char *value)
{
    parse_state_t *state = user;
    if (state->failed || strcmp(section, "media") != 0)
        return 1;
    media_sizes_t *sizes = &state->sizes;
    int status;
    if (strcmp(key, "ratios") == 0) {
        sizes->ratio_count = 0;
        status = parse_list(sizes, value, parse_ratio_item);
    } else if (strcmp(key, "widths") == 0) {
        sizes->width_count = 0;
        status = parse_list(sizes, value, parse_width_item);
    } else if (strcmp(key, "formats") == 0) {
        memset(sizes->formats, 0, sizeof sizes->formats);
        status = parse_list(sizes, value, parse_format_item);
    } else if (strcmp(key, "embeds") == 0) {
        memset(sizes->embeds, 0, sizeof sizes->embeds);
        status = strcmp(value, "none") == 0 ? GZ_OK : parse_list(sizes, value, parse_embed_item);
    } else {
        return 1; /* other keys of [media] belong to the site's config */
    }
    state->failed = status != GZ_OK;
    if (status && state->message) {
        gz_buf_printf(state->message, "%s: %s ", state->source, key);
        append_key_help(state->message, key);
        gz_buf_printf(state->message, ", not '%s'", value);
    }
    return 1;
}

static int parse_text(media_sizes_t *sizes, const char *text, const char *source, gz_buf_t *message)
{
    parse_state_t state = {.sizes = *sizes, .message = message, .source = source};
    int line = ini_parse_string(text, on_ini_value, &state);
    if (line != 0 && !state.failed) {
        if (message)
            gz_buf_printf(message, "%s:%d: not an INI line", source, line);
        return GZ_EPARSE;
    }
    if (state.failed)
        return GZ_EPARSE;
    *sizes = state.sizes;
    return GZ_OK;
}

int media_sizes_parse(media_sizes_t *sizes, const char *text, gz_buf_t *message)
{
    return parse_text(sizes, text, "media.ini", message);
}

int media_sizes_load_file(media_sizes_t *sizes, const char *path, gz_buf_t *message)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        if (errno == ENOENT)
            return GZ_OK;
        if (message)
            gz_buf_printf(message, "%s: cannot open: %s", path, strerror(errno));
        return GZ_EIO;
    }
    gz_buf_t text = GZ_BUF_INIT;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0 && text.len < 65536)
        gz_buf_append(&text, chunk, got);
    bool failed = ferror(file);
    fclose(file);
    int status = failed ? GZ_EIO : parse_text(sizes, gz_buf_cstr(&text), path, message);
    if (failed && message)
        gz_buf_printf(message, "%s: cannot read", path);
    gz_buf_free(&text);
    return status;
}

/* ---- asking ----------------------------------------------------------------- */

static bool ratio_declared(const media_sizes_t *sizes, uint32_t width, uint32_t height)
{
    for (size_t i = 0; i < sizes->ratio_count; i++)
        if (sizes->ratio_widths[i] == width && sizes->ratio_heights[i] == height)
            return true;
    return false;
}

static bool width_declared(const media_sizes_t *sizes, uint32_t width)
{
    for (size_t i = 0; i < sizes->width_count; i++)
        if (sizes->widths[i] == width)
            return true;
    return false;
}

bool media_size_lookup(const media_sizes_t *sizes, const media_size_t *size)
{
    return size->format >= 0 && size->format < MEDIA_FORMAT_COUNT && sizes->formats[size->format] &&
           ratio_declared(sizes, size->ratio_width, size->ratio_height) &&
           width_declared(sizes, size->width);
}
