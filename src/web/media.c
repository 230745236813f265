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
 * Derivatives of a new upload are queued right after it on the job
 * runner's threads, so readers rarely wait. The runner's callbacks keep one
 * store connection to the primary per thread (opened on first use, closed
 * when the thread ends), since a derivative is written, and a replica
 * cannot take writes.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/web_private.h"

/* Imported paths carry an old site's size code ("25f"), not a width. */
enum { LEGACY_WIDTH = 640, ORIGINAL_PART = STORE_MEDIA_PART_BYTES };

struct web_media {
    media_sizes_t sizes;
    media_jobs_t *jobs;
    char *store_url;
    gz_buf_t placeholder; /* the theme's static/placeholder.svg */
};

/* ---- one store connection per thread for the jobs ------------------------ */

static pthread_key_t job_store_key;
static pthread_once_t job_store_once = PTHREAD_ONCE_INIT;

static void close_job_store(void *store)
{
    store_close(store);
}

static void make_job_store_key(void)
{
    pthread_key_create(&job_store_key, close_job_store);
}

static store_t *job_store(const web_media_t *media)
{
    pthread_once(&job_store_once, make_job_store_key);
    store_t *store = pthread_getspecific(job_store_key);
    if (store == NULL) {
        gz_buf_t error = GZ_BUF_INIT;
        if (store_open(media->store_url, &store, &error) != GZ_OK) {
            gz_log(GZ_LOG_ERROR, "media jobs: %s", gz_buf_cstr(&error));
            store = NULL;
        } else {
            pthread_setspecific(job_store_key, store);
        }
        gz_buf_free(&error);
    }
    return store;
}

/* ---- job keys: "ID/VARIANT" ---------------------------------------------- */

static void variant_append(gz_buf_t *out, const media_size_t *size)
{
    gz_buf_printf(out, "%u_%ux%u.%s", size->width, size->ratio_width, size->ratio_height,
                  media_format_extension(size->format));
}

static void job_key_append(gz_buf_t *out, int64_t media_id, const media_size_t *size)
{
    gz_buf_printf(out, "%lld/", (long long)media_id);
    variant_append(out, size);
}

static bool job_key_split(gz_str_t key, int64_t *media_id, char *variant, size_t capacity)
{
    const char *slash = memchr(key.ptr, '/', key.len);
    if (slash == NULL || (size_t)(key.ptr + key.len - slash - 1) >= capacity) {
        return false;
    }
    *media_id = strtoll(key.ptr, NULL, 10);
    size_t len = (size_t)(key.ptr + key.len - slash - 1);
    memcpy(variant, slash + 1, len);
    variant[len] = '\0';
    return *media_id > 0;
}

static int job_lookup(void *context, gz_str_t key, gz_buf_t *out)
{
    store_t *store = job_store(context);
    int64_t media_id = 0;
    char variant[STORE_MEDIA_VARIANT_MAX + 1];
    if (store == NULL || !job_key_split(key, &media_id, variant, sizeof variant)) {
        return GZ_ENOTFOUND;
    }
    store_media_file_t file;
    int code = store_media_file_info(store, media_id, variant, &file);
    if (code == GZ_OK) {
        code = store_media_file_read(store, media_id, variant, 0, (uint64_t)file.byte_count, out);
    }
    return code == GZ_OK ? GZ_OK : GZ_ENOTFOUND;
}

/* Keeps a derivative; its size read back from its header (a narrow
 * original gives a narrower one than declared). */
static int job_store_result(void *context, gz_str_t key, gz_str_t bytes, const media_size_t *size)
{
    store_t *store = job_store(context);
    int64_t media_id = 0;
    char variant[STORE_MEDIA_VARIANT_MAX + 1];
    if (store == NULL || !job_key_split(key, &media_id, variant, sizeof variant)) {
        return GZ_EUNAVAILABLE;
    }
    media_info_t info = {0};
    if (media_sniff(bytes.ptr, bytes.len, NULL, &info, NULL) != GZ_OK) {
        return GZ_EIO;
    }
    int code = store_media_file_write(store, media_id, variant,
                                      media_type_mime(media_format_type(size->format)), info.width,
                                      info.height, bytes.ptr, bytes.len);
    if (code != GZ_OK) {
        gz_log(GZ_LOG_WARN, "media %lld: %s not stored: %s", (long long)media_id, variant,
               store_last_error(store));
    }
    return code;
}

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
    media->sizes = media_sizes_default();
    media->store_url = gz_strdup(config->store_url);
    gz_buf_t path = GZ_BUF_INIT;
    gz_buf_printf(&path, "%s/media.ini", config->theme_dir);
    int code = media_sizes_load_file(&media->sizes, gz_buf_cstr(&path), error);
    gz_buf_reset(&path);
    gz_buf_printf(&path, "%s/static/placeholder.svg", config->theme_dir);
    if (code == GZ_OK && read_whole_file(gz_buf_cstr(&path), 65536, &media->placeholder) != GZ_OK) {
        gz_buf_printf(error, "%s: the theme needs a placeholder picture", gz_buf_cstr(&path));
        code = GZ_ENOTFOUND;
    }
    gz_buf_free(&path);
    if (code == GZ_OK && media_init() != GZ_OK) {
        gz_buf_append_cstr(error, "libvips cannot start");
        code = GZ_EUNAVAILABLE;
    }
    if (code == GZ_OK) {
        media_jobs_config_t jobs = {.lookup = job_lookup,
                                    .store = job_store_result,
                                    .context = media,
                                    .threads = 1,
                                    .queue_capacity = 4096};
        media->jobs = media_jobs_create(&jobs);
        code = media->jobs != NULL ? GZ_OK : GZ_EUNAVAILABLE;
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
    media_jobs_destroy(media->jobs);
    gz_buf_free(&media->placeholder);
    free(media->store_url);
    free(media);
}

const media_sizes_t *web_media_sizes(const web_media_t *media)
{
    return &media->sizes;
}

/* ---- queueing ------------------------------------------------------------ */

static media_focus_t focus_of(const content_media_t *item)
{
    return (media_focus_t){.set = item->focus_set,
                           .x = item->focus_x / 10000.0,
                           .y = item->focus_y / 10000.0};
}

/* The item's original, read whole, for the jobs; NULL when it is not
 * stored (or cannot be read now). */
static media_original_t *load_original(store_t *store, const content_media_t *item)
{
    store_media_file_t file;
    if (!item->has_original ||
        store_media_file_info(store, item->id, "original", &file) != GZ_OK) {
        return NULL;
    }
    gz_buf_t bytes = GZ_BUF_INIT;
    media_original_t *original = NULL;
    if (store_media_file_read(store, item->id, "original", 0, (uint64_t)file.byte_count, &bytes) ==
        GZ_OK) {
        original = media_original_create(bytes.data, bytes.len, focus_of(item));
    }
    gz_buf_free(&bytes);
    return original;
}

int web_media_queue_derivatives(const web_site_t *site, store_t *store, int64_t media_id)
{
    web_media_t *media = site->media;
    gz_pool_t pool = {0};
    content_media_t item;
    int code = store_media_get(store, media_id, &pool, &item);
    media_original_t *original =
        code == GZ_OK && item.kind == CONTENT_MEDIA_PICTURE ? load_original(store, &item) : NULL;
    if (original == NULL) {
        gz_pool_clear(&pool);
        return code == GZ_OK ? GZ_ENOTFOUND : code;
    }
    media_size_t sizes[MEDIA_SIZES_MAX_RATIOS * MEDIA_SIZES_MAX_WIDTHS * MEDIA_FORMAT_COUNT];
    size_t count = media_sizes_list(&media->sizes, sizes, sizeof sizes / sizeof sizes[0]);
    gz_buf_t key = GZ_BUF_INIT;
    for (size_t i = 0; i < count && code == GZ_OK; i++) {
        gz_buf_reset(&key);
        job_key_append(&key, media_id, &sizes[i]);
        code = media_jobs_submit(media->jobs, gz_buf_str(&key), original, &sizes[i]);
    }
    gz_buf_free(&key);
    media_original_release(original);
    gz_pool_clear(&pool);
    return code;
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
    return media_size_lookup(&media->sizes, size) && media_format_available(format);
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

/* The derivative's bytes: stored, being made (waits), or made here. */
static int derivative_bytes(const web_media_t *media, store_t *store, const content_media_t *item,
                            const media_size_t *size, gz_buf_t *out)
{
    gz_buf_t key = GZ_BUF_INIT, message = GZ_BUF_INIT;
    job_key_append(&key, item->id, size);
    int code = media_jobs_request(media->jobs, gz_buf_str(&key), NULL, size, out, &message);
    if (code == GZ_ENOTFOUND) {
        media_original_t *original = load_original(store, item);
        code = original != NULL ? media_jobs_request(media->jobs, gz_buf_str(&key), original, size,
                                                     out, &message)
                                : GZ_ENOTFOUND;
        media_original_release(original);
    }
    if (code != GZ_OK && code != GZ_ENOTFOUND) {
        gz_log(GZ_LOG_WARN, "media %s: %s", gz_buf_cstr(&key), gz_buf_cstr(&message));
    }
    gz_buf_free(&key);
    gz_buf_free(&message);
    return code;
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
        derivative_bytes(media, store, &item, &size, &response->body) == GZ_OK) {
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
