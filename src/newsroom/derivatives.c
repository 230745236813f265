/*
 * derivatives: the sizes of a picture that a theme declares, made by
 * media's job runner off the readers' path and kept in the store, where
 * every node finds them. The server queues an upload's derivatives right
 * after it; `gazette media import` queues those of what it brought in and
 * waits for them; a reader asking for one not made yet waits for that one
 * job (or has it made on their thread while others wait).
 *
 * A derivative is written from whichever thread made it, so each thread
 * keeps its own store connection to the primary (a replica cannot take
 * writes), opened on first use and closed when the thread ends.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsroom/newsroom_private.h"

struct newsroom_derivatives {
    media_sizes_t sizes;
    media_jobs_t *jobs;
    char *store_url;
};

/* ---- one store connection per thread ---------------------------------------- */

static pthread_key_t thread_store_key;
static pthread_once_t thread_store_once = PTHREAD_ONCE_INIT;

static void close_thread_store(void *store)
{
    store_close(store);
}

static void make_thread_store_key(void)
{
    pthread_key_create(&thread_store_key, close_thread_store);
}

/* The calling thread's connection to the primary. Every runner of a
 * process writes to the same store, the server's or the command's. */
static store_t *thread_store(const newsroom_derivatives_t *runner)
{
    pthread_once(&thread_store_once, make_thread_store_key);
    store_t *store = pthread_getspecific(thread_store_key);
    if (store == NULL) {
        gz_buf_t error = GZ_BUF_INIT;
        if (store_open(runner->store_url, &store, &error) != GZ_OK) {
            gz_log(GZ_LOG_ERROR, "media derivatives: %s", gz_buf_cstr(&error));
            store = NULL;
        } else {
            pthread_setspecific(thread_store_key, store);
        }
        gz_buf_free(&error);
    }
    return store;
}

/* ---- names: a stored variant "640_16x9.webp", a job "ID/640_16x9.webp" -------- */

void newsroom_derivative_variant_append(gz_buf_t *out, const media_size_t *size)
{
    gz_buf_printf(out, "%u_%ux%u.%s", size->width, size->ratio_width, size->ratio_height,
                  media_format_extension(size->format));
}

bool newsroom_derivative_variant_parse(const char *variant, media_size_t *size)
{
    unsigned width = 0, ratio_width = 0, ratio_height = 0;
    char extension[8] = "";
    int end = 0;
    if (sscanf(variant, "%u_%ux%u.%7[a-z]%n", &width, &ratio_width, &ratio_height, extension,
               &end) != 4 ||
        variant[end] != '\0')
        return false;
    *size = (media_size_t){.width = width, .ratio_width = ratio_width, .ratio_height = ratio_height};
    return media_format_parse(gz_str_from_cstr(extension), &size->format) == GZ_OK;
}

static void job_key_append(gz_buf_t *out, int64_t media_id, const media_size_t *size)
{
    gz_buf_printf(out, "%lld/", (long long)media_id);
    newsroom_derivative_variant_append(out, size);
}

static bool job_key_split(gz_str_t key, int64_t *media_id, char *variant, size_t capacity)
{
    const char *slash = memchr(key.ptr, '/', key.len);
    if (slash == NULL || (size_t)(key.ptr + key.len - slash - 1) >= capacity)
        return false;
    *media_id = strtoll(key.ptr, NULL, 10);
    size_t len = (size_t)(key.ptr + key.len - slash - 1);
    memcpy(variant, slash + 1, len);
    variant[len] = '\0';
    return *media_id > 0;
}

/* ---- what the job runner calls ---------------------------------------------- */

static int job_lookup(void *context, gz_str_t key, gz_buf_t *out)
{
    store_t *store = thread_store(context);
    int64_t media_id = 0;
    char variant[STORE_MEDIA_VARIANT_MAX + 1];
    if (store == NULL || !job_key_split(key, &media_id, variant, sizeof variant))
        return GZ_ENOTFOUND;
    store_media_file_t file;
    int code = store_media_file_info(store, media_id, variant, &file);
    if (code == GZ_OK)
        code = store_media_file_read(store, media_id, variant, 0, (uint64_t)file.byte_count, out);
    return code == GZ_OK ? GZ_OK : GZ_ENOTFOUND;
}

/* Keeps a derivative; its size read back from its header (a narrow
 * original gives a narrower one than declared). */
static int job_store_result(void *context, gz_str_t key, gz_str_t bytes, const media_size_t *size)
{
    store_t *store = thread_store(context);
    int64_t media_id = 0;
    char variant[STORE_MEDIA_VARIANT_MAX + 1];
    if (store == NULL || !job_key_split(key, &media_id, variant, sizeof variant))
        return GZ_EUNAVAILABLE;
    media_info_t info = {0};
    if (media_sniff(bytes.ptr, bytes.len, NULL, &info, NULL) != GZ_OK)
        return GZ_EIO;
    int code = store_media_file_write(store, media_id, variant,
                                      media_type_mime(media_format_type(size->format)), info.width,
                                      info.height, bytes.ptr, bytes.len);
    if (code != GZ_OK)
        gz_log(GZ_LOG_WARN, "media %lld: %s not stored: %s", (long long)media_id, variant,
               store_last_error(store));
    return code;
}

/* ---- the runner --------------------------------------------------------------- */

newsroom_derivatives_t *newsroom_derivatives_new(const char *store_url, const media_sizes_t *sizes,
                                                 unsigned threads)
{
    if (store_url == NULL || sizes == NULL || media_init() != GZ_OK)
        return NULL;
    newsroom_derivatives_t *runner = gz_calloc(1, sizeof *runner);
    runner->sizes = *sizes;
    runner->store_url = gz_strdup(store_url);
    media_jobs_config_t jobs = {.lookup = job_lookup,
                                .store = job_store_result,
                                .context = runner,
                                .threads = threads < 1 ? 1 : threads > 16 ? 16 : threads,
                                .queue_capacity = 4096};
    runner->jobs = media_jobs_create(&jobs);
    if (runner->jobs == NULL) {
        newsroom_derivatives_free(runner);
        return NULL;
    }
    return runner;
}

void newsroom_derivatives_free(newsroom_derivatives_t *runner)
{
    if (runner == NULL)
        return;
    media_jobs_destroy(runner->jobs);
    free(runner->store_url);
    free(runner);
}

const media_sizes_t *newsroom_derivatives_sizes(const newsroom_derivatives_t *runner)
{
    return &runner->sizes;
}

void newsroom_derivatives_drain(newsroom_derivatives_t *runner)
{
    media_jobs_drain(runner->jobs);
}

/* ---- queueing and asking --------------------------------------------------------- */

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
    if (!item->has_original || store_media_file_info(store, item->id, "original", &file) != GZ_OK)
        return NULL;
    gz_buf_t bytes = GZ_BUF_INIT;
    media_original_t *original = NULL;
    if (store_media_file_read(store, item->id, "original", 0, (uint64_t)file.byte_count, &bytes) ==
        GZ_OK)
        original = media_original_create(bytes.data, bytes.len, focus_of(item));
    gz_buf_free(&bytes);
    return original;
}

/* Whether the item has this variant stored already. */
static bool is_stored(store_t *store, int64_t media_id, const media_size_t *size)
{
    gz_buf_t variant = GZ_BUF_INIT;
    newsroom_derivative_variant_append(&variant, size);
    store_media_file_t file;
    bool stored = store_media_file_info(store, media_id, gz_buf_cstr(&variant), &file) == GZ_OK;
    gz_buf_free(&variant);
    return stored;
}

int newsroom_derivatives_queue(newsroom_derivatives_t *runner, store_t *store, int64_t media_id,
                               size_t *queued)
{
    gz_pool_t pool = GZ_POOL_INIT;
    content_media_t item;
    int code = store_media_get(store, media_id, &pool, &item);
    media_original_t *original =
        code == GZ_OK && item.kind == CONTENT_MEDIA_PICTURE ? load_original(store, &item) : NULL;
    if (queued != NULL)
        *queued = 0;
    if (original == NULL) {
        gz_pool_clear(&pool);
        return code == GZ_OK ? GZ_ENOTFOUND : code;
    }
    media_size_t sizes[MEDIA_SIZES_MAX_RATIOS * MEDIA_SIZES_MAX_WIDTHS * MEDIA_FORMAT_COUNT];
    size_t count = media_sizes_list(&runner->sizes, sizes, sizeof sizes / sizeof sizes[0]);
    gz_buf_t key = GZ_BUF_INIT;
    for (size_t i = 0; i < count && code == GZ_OK; i++) {
        if (is_stored(store, media_id, &sizes[i]))
            continue;
        gz_buf_reset(&key);
        job_key_append(&key, media_id, &sizes[i]);
        code = media_jobs_submit(runner->jobs, gz_buf_str(&key), original, &sizes[i]);
        if (code == GZ_OK && queued != NULL)
            (*queued)++;
    }
    gz_buf_free(&key);
    media_original_release(original);
    gz_pool_clear(&pool);
    return code;
}

int newsroom_derivative_get(newsroom_derivatives_t *runner, store_t *store,
                            const content_media_t *item, const media_size_t *size, gz_buf_t *out)
{
    gz_buf_t key = GZ_BUF_INIT, message = GZ_BUF_INIT;
    job_key_append(&key, item->id, size);
    int code = media_jobs_request(runner->jobs, gz_buf_str(&key), NULL, size, out, &message);
    if (code == GZ_ENOTFOUND) {
        media_original_t *original = load_original(store, item);
        code = original != NULL ? media_jobs_request(runner->jobs, gz_buf_str(&key), original,
                                                     size, out, &message)
                                : GZ_ENOTFOUND;
        media_original_release(original);
    }
    if (code != GZ_OK && code != GZ_ENOTFOUND)
        gz_log(GZ_LOG_WARN, "media %s: %s", gz_buf_cstr(&key), gz_buf_cstr(&message));
    gz_buf_free(&key);
    gz_buf_free(&message);
    return code;
}
