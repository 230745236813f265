/*
 * page_media.c: what pages show of the media library, read from the store
 * at render time. Every item a page shows tags it "media:ID", so when a
 * file arrives, a picture is replaced or its focal point moves, the page
 * is dropped from every node's cache with the item's change-log entry.
 *
 * Picture paths come in three kinds: "media:ID" (chosen from the library
 * in the editor), a path in the legacy scheme (kept from an import; its
 * item waits for the file, see newsroom_media_reference), and any other
 * path, a file of the media folder as before the store kept pictures.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "web/web_private.h"

/* The formats this libvips writes, found once. */
static bool writable_formats[MEDIA_FORMAT_COUNT];
static pthread_once_t formats_once = PTHREAD_ONCE_INIT;

static void find_writable_formats(void)
{
    for (int format = 0; format < MEDIA_FORMAT_COUNT; format++) {
        writable_formats[format] = media_format_available((media_format_t)format);
    }
}

void web_media_site_view(const web_site_t *site, views_site_t *view)
{
    pthread_once(&formats_once, find_writable_formats);
    view->media_sizes = site->media != NULL ? web_media_sizes(site->media) : NULL;
    view->media_formats = writable_formats;
    view->embeds = web_media_site_embeds(site);
}

const bool *web_media_site_embeds(const web_site_t *site)
{
    return site->media != NULL ? web_media_sizes(site->media)->embeds : media_embed_all();
}

/* ---- finding items ---------------------------------------------------------- */

static const content_media_t *shown(web_media_lookup_t *lookup, content_media_t *item)
{
    if (lookup->response != NULL) {
        web_response_tag(lookup->response, lookup->pool, "media:%lld", (long long)item->id);
    }
    return item;
}

const content_media_t *web_media_resolve(void *context, int64_t id)
{
    web_media_lookup_t *lookup = context;
    content_media_t *item = gz_pool_calloc(lookup->pool, 1, sizeof *item);
    if (id <= 0 || store_media_get(lookup->store, id, lookup->pool, item) != GZ_OK) {
        return NULL;
    }
    return shown(lookup, item);
}

/* The item a legacy path names, or NULL (the path is no such name, or
 * the store has no item for it). */
static const content_media_t *by_legacy_path(web_media_lookup_t *lookup, const char *path)
{
    media_legacy_path_t parsed;
    if (media_legacy_path_parse(gz_str_from_cstr(path), &parsed, NULL) != GZ_OK) {
        return NULL;
    }
    const char *stem = gz_pool_printf(lookup->pool, "%04d/%02d/%02d/%.*s_%lld", parsed.year,
                                      parsed.month, parsed.day, (int)parsed.site.len,
                                      parsed.site.ptr, (long long)parsed.ticks);
    content_media_t *item = gz_pool_calloc(lookup->pool, 1, sizeof *item);
    if (store_media_find_by_stem(lookup->store, stem, lookup->pool, item) != GZ_OK) {
        return NULL;
    }
    return shown(lookup, item);
}

const content_media_t *web_media_lead(web_media_lookup_t *lookup, const char *lead_image)
{
    if (lead_image == NULL || lead_image[0] == '\0') {
        return NULL;
    }
    if (strncmp(lead_image, "media:", 6) == 0) {
        char *end = NULL;
        long long id = strtoll(lead_image + 6, &end, 10);
        return *end == '\0' ? web_media_resolve(lookup, id) : NULL;
    }
    return by_legacy_path(lookup, lead_image);
}

/* ---- small pictures by path (related items, cards) -------------------------- */

bool web_media_in_folder(const web_site_t *site, const char *path)
{
    if (strstr(path, "..") != NULL || path[0] != '/') {
        return false;
    }
    gz_buf_t file = GZ_BUF_INIT;
    gz_buf_printf(&file, "%s%s", site->media_dir, path);
    struct stat info;
    bool found = stat(gz_buf_cstr(&file), &info) == 0 && S_ISREG(info.st_mode);
    gz_buf_free(&file);
    return found;
}

void web_media_image_url(void *context, const char *picture_path, gz_buf_t *out)
{
    web_media_lookup_t *lookup = context;
    const content_media_t *item = NULL;
    if (strncmp(picture_path, "media:", 6) == 0) {
        item = web_media_lead(lookup, picture_path);
        gz_buf_t path = GZ_BUF_INIT;
        if (item != NULL && item->has_original &&
            media_derivative_path_append(&path, gz_str_from_cstr(item->stem), 640, 4, 3,
                                         MEDIA_FORMAT_JPEG) == GZ_OK) {
            gz_buf_printf(out, "%s%s?v=%lld", VIEWS_MEDIA_URL_PREFIX, gz_buf_cstr(&path),
                          (long long)item->updated_at);
        }
        gz_buf_free(&path);
        return;
    }
    if (lookup->store != NULL) {
        item = by_legacy_path(lookup, picture_path);
    }
    if ((item != NULL && item->has_original) || web_media_in_folder(lookup->site, picture_path)) {
        gz_buf_printf(out, "%s%s", VIEWS_MEDIA_URL_PREFIX, picture_path);
    }
}
