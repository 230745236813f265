/*
 * media.c: everything under /media. Pictures live in the store with their
 * derivatives, so every node serves the same ones without a shared disk:
 *
 *  - a derivative, /media/{stem}_{width}_{ratio}.{ext} (the legacy scheme,
 *    whose size code is the width for new uploads and an old site's code
 *    such as "25f" for imported ones), is rendered like a page: read from
 *    the store, or made on the spot while other askers wait (made once,
 *    media/media.h's job runner), then kept in the page cache tagged
 *    "media:ID" and sent with Cache-Control immutable and a strong ETag,
 *    through the same path as cached pages;
 *  - when the item or its original is not in the store yet, a neutral
 *    placeholder is sent (never a broken image), revalidated by browsers
 *    and dropped from the cache by the "media:ID" the file's arrival logs;
 *  - the original file, /media/{stem}.{ext} (a video's), is streamed from
 *    the store part by part with byte ranges (206), never whole in memory;
 *  - any other path is a file of the media folder, as before the store
 *    kept pictures.
 *
 * Derivatives of a new upload are queued right after it on the newsroom's
 * runner (newsroom_derivatives_*), so readers rarely wait.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/web_private.h"

/* Imported paths carry an old site's size code ("25f"), not a width. */
enum { LEGACY_WIDTH = 640, ORIGINAL_PART = STORE_MEDIA_PART_BYTES };

struct web_media {
    newsroom_derivatives_t *derivatives; /* with the theme's sizes */
    gz_buf_t placeholder;                /* the theme's static/placeholder.svg */
};

/* ---- the site's media ---------------------------------------------------- */

static int read_whole_file(const char *path, size_t limit, gz_buf_t *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat info;
    if (fd < 0) {
        return GZ_ENOTFOUND;
    }
    int code = GZ_OK;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || (size_t)info.st_size > limit) {
        code = GZ_ENOTFOUND;
    } else {
        char chunk[65536];
        ssize_t got;
        while ((got = read(fd, chunk, sizeof chunk)) > 0) {
            gz_buf_append(out, chunk, (size_t)got);
        }
        code = got == 0 ? GZ_OK : GZ_EIO;
    }
    close(fd);
    return code;
}

web_media_t *web_media_new(const gz_config_t *config, gz_buf_t *error)
{
    web_media_t *media = gz_calloc(1, sizeof *media);
    media_sizes_t sizes = media_sizes_default();
    gz_buf_t path = GZ_BUF_INIT;
    gz_buf_printf(&path, "%s/media.ini", config->theme_dir);
    int code = media_sizes_load_file(&sizes, gz_buf_cstr(&path), error);
    gz_buf_reset(&path);
    gz_buf_printf(&path, "%s/static/placeholder.svg", config->theme_dir);
    if (code == GZ_OK && read_whole_file(gz_buf_cstr(&path), 65536, &media->placeholder) != GZ_OK) {
        gz_buf_printf(error, "%s: the theme needs a placeholder picture", gz_buf_cstr(&path));
        code = GZ_ENOTFOUND;
    }
    gz_buf_free(&path);
    if (code == GZ_OK) {
        /* One worker: readers' threads make what they ask for themselves. */
        media->derivatives = newsroom_derivatives_new(config->store_url, &sizes, 1);
        if (media->derivatives == NULL) {
            gz_buf_append_cstr(error, "libvips cannot start");
            code = GZ_EUNAVAILABLE;
        }
    }
    if (code != GZ_OK) {
        web_media_free(media);
        return NULL;
    }
    return media;
}

void web_media_free(web_media_t *media)
{
    if (media == NULL) {
        return;
    }
    newsroom_derivatives_free(media->derivatives);
    gz_buf_free(&media->placeholder);
    free(media);
}

const media_sizes_t *web_media_sizes(const web_media_t *media)
{
    return newsroom_derivatives_sizes(media->derivatives);
}

int web_media_queue_derivatives(const web_site_t *site, store_t *store, int64_t media_id)
{
    return newsroom_derivatives_queue(site->media->derivatives, store, media_id, NULL);
}

/* ---- what a path names ----------------------------------------------------- */

/* The size a derivative path asks for, when the theme declares it: the
 * size code is the width, or an old site's code, read as LEGACY_WIDTH. */
static bool requested_size(const web_media_t *media, const media_legacy_path_t *parsed,
                           media_size_t *size)
{
    uint32_t width = 0;
    for (size_t i = 0; i < parsed->size_code.len; i++) {
        char c = parsed->size_code.ptr[i];
        if (c < '0' || c > '9' || width > 100000) {
            width = LEGACY_WIDTH;
            break;
        }
        width = width * 10 + (uint32_t)(c - '0');
    }
    media_format_t format = MEDIA_FORMAT_JPEG;
    if (media_format_parse(parsed->extension, &format) != GZ_OK) {
        format = MEDIA_FORMAT_JPEG; /* .png, .gif of old sites: a JPEG of the same crop */
    }
    *size = (media_size_t){.ratio_width = parsed->ratio_width,
                           .ratio_height = parsed->ratio_height,
                           .width = width,
                           .format = format};
    return media_size_lookup(web_media_sizes(media), size) && media_format_available(format);
}

static const char *stem_of(const media_legacy_path_t *parsed, gz_pool_t *pool)
{
    return gz_pool_printf(pool, "%04d/%02d/%02d/%.*s_%lld", parsed->year, parsed->month,
                          parsed->day, (int)parsed->site.len, parsed->site.ptr,
                          (long long)parsed->ticks);
}

/* ---- rendering a derivative ------------------------------------------------- */

static void send_placeholder(const web_media_t *media, const content_media_t *item, gz_pool_t *pool,
                             web_response_t *response)
{
    response->status = 200;
    response->content_type = "image/svg+xml";
    gz_buf_append_str(&response->body, gz_buf_str(&media->placeholder));
    if (item != NULL && item->id > 0) {
        response->policy = WEB_POLICY_MEDIA_PENDING;
        web_response_tag(response, pool, "media:%lld", (long long)item->id);
    }
}

/* A file of the media folder, as pages linked them before the store kept
 * pictures; not kept in the page cache (the folder can change under it). */
static bool render_folder_file(const web_site_t *site, const char *path, web_response_t *response)
{
    if (strstr(path, "..") != NULL || path[0] != '/') {
        return false;
    }
    gz_buf_t file = GZ_BUF_INIT;
    gz_buf_printf(&file, "%s%s", site->media_dir, path);
    gz_buf_t bytes = GZ_BUF_INIT;
    bool found = read_whole_file(gz_buf_cstr(&file), 64u * 1024 * 1024, &bytes) == GZ_OK;
    gz_buf_free(&file);
    media_info_t info = {0};
    if (found && media_sniff(bytes.data, bytes.len, NULL, &info, NULL) == GZ_OK &&
        info.type != MEDIA_TYPE_UNKNOWN) {
        response->status = 200;
        response->content_type = media_type_mime(info.type);
        response->policy = WEB_POLICY_PAGE;
        gz_buf_append(&response->body, bytes.data, bytes.len);
    } else if (found) {
        /* Sniffed as nothing we serve: never sent as it is. */
        found = false;
    }
    gz_buf_free(&bytes);
    return found;
}

void web_render_media(const web_site_t *site, store_t *store, const web_route_t *route,
                      gz_pool_t *pool, web_response_t *response)
{
    const web_media_t *media = site->media;
    media_legacy_path_t parsed;
    media_size_t size;
    if (media_legacy_path_parse(gz_str_from_cstr(route->media_path), &parsed, NULL) != GZ_OK) {
        if (!render_folder_file(site, route->media_path, response)) {
            web_render_error(site, 404, "There is no such picture.", response);
        }
        return;
    }
    content_media_t item = {0};
    int code = store_media_find_by_stem(store, stem_of(&parsed, pool), pool, &item);
    if (code != GZ_OK && code != GZ_ENOTFOUND) {
        web_render_error(site, 503, "The pictures cannot be read just now.", response);
        response->retry_after = 5;
        return;
    }
    bool declared = requested_size(media, &parsed, &size);
    if (code == GZ_OK && item.has_original && declared &&
        newsroom_derivative_get(media->derivatives, store, &item, &size, &response->body) == GZ_OK) {
        response->status = 200;
        response->content_type = media_type_mime(media_format_type(size.format));
        response->policy = WEB_POLICY_MEDIA;
        response->last_modified = item.updated_at;
        web_response_tag(response, pool, "media:%lld", (long long)item.id);
        return;
    }
    gz_buf_reset(&response->body);
    if (code == GZ_OK && item.has_original && !declared) {
        web_render_error(site, 404, "This size of the picture is not made.", response);
    } else if (!render_folder_file(site, route->media_path, response)) {
        send_placeholder(media, code == GZ_OK ? &item : NULL, pool, response);
    }
}
