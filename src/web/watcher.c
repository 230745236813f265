/*
 * watcher.c: keeps the page cache in step with writes made by anyone:
 * this server's threads, `gazette import` in another process, or (with
 * PostgreSQL) another node. Every write leaves its cache tags in the
 * store's change log (store.h); syncing reads the entries after the last
 * one applied and drops the cached responses carrying those tags.
 *
 * A thread of its own, with its own store connection, syncs every 250 ms,
 * so a change made elsewhere reaches readers within a second. The poll
 * first asks for the store's data version, which costs no query when
 * nothing changed. A writer in this process calls web_watcher_sync right
 * after its commit, so its own change is visible on the very next request.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "web/cache.h"
#include "web/reads.h"
#include "web/watcher.h"

enum { POLL_INTERVAL_MS = 250, CHANGES_PER_READ = 500, MAX_READS_PER_SYNC = 20 };

struct web_watcher {
    web_cache_t *cache; /* NULL when the page cache is off */
    web_reads_t *reads;
    int save_seconds;
    store_t *store;
    pthread_t thread;
    pthread_mutex_t lock; /* one sync at a time; guards applied_seq */
    int64_t applied_seq;
    int64_t data_version;
    atomic_bool stopping;
};

/* Applies the changes after applied_seq; with too many to read, drops the
 * whole cache and skips to the newest. Called with the lock held. */
static int apply_changes(web_watcher_t *watcher, store_t *store)
{
    gz_pool_t pool = GZ_POOL_INIT;
    int code = GZ_OK;
    for (int read = 0; code == GZ_OK; read++) {
        store_change_t *changes;
        size_t count = 0;
        code = store_changes_since(store, watcher->applied_seq, CHANGES_PER_READ, &pool, &changes,
                                   &count);
        if (code != GZ_OK || count == 0) {
            break;
        }
        if (read == MAX_READS_PER_SYNC) {
            web_cache_clear(watcher->cache);
            code = store_change_latest(store, &watcher->applied_seq);
            break;
        }
        gz_buf_t tags = GZ_BUF_INIT;
        for (size_t i = 0; i < count; i++) {
            gz_buf_printf(&tags, "%s ", changes[i].tags);
        }
        web_cache_invalidate(watcher->cache, gz_buf_cstr(&tags));
        watcher->applied_seq = changes[count - 1].seq;
        gz_buf_free(&tags);
        gz_pool_clear(&pool);
    }
    gz_pool_clear(&pool);
    return code;
}

int web_watcher_sync(web_watcher_t *watcher, store_t *store)
{
    if (watcher->cache == NULL) {
        return GZ_OK;
    }
    pthread_mutex_lock(&watcher->lock);
    int code = apply_changes(watcher, store);
    pthread_mutex_unlock(&watcher->lock);
    return code;
}

static void sleep_ms(long ms)
{
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

void web_watcher_save_reads(web_watcher_t *watcher, store_t *store)
{
    bool written = false;
    if (web_reads_persist(watcher->reads, store, &written) != GZ_OK) {
        gz_log(GZ_LOG_WARN, "reads: saving failed, will retry: %s", store_last_error(store));
    } else if (written && watcher->cache != NULL) {
        web_cache_invalidate(watcher->cache, "most-read");
    }
}

static void *watch(void *argument)
{
    web_watcher_t *watcher = argument;
    gz_time_t saved = gz_now();
    while (!atomic_load(&watcher->stopping)) {
        sleep_ms(POLL_INTERVAL_MS);
        if (gz_now() - saved >= watcher->save_seconds) {
            web_watcher_save_reads(watcher, watcher->store);
            saved = gz_now();
        }
        int64_t version;
        if (watcher->cache == NULL) {
            continue;
        }
        if (store_data_version(watcher->store, &version) != GZ_OK) {
            /* The store is unreachable: what we cached may be stale by
             * the time it answers again. */
            web_cache_clear(watcher->cache);
            continue;
        }
        if (version != watcher->data_version) {
            watcher->data_version = version;
            if (web_watcher_sync(watcher, watcher->store) != GZ_OK) {
                gz_log(GZ_LOG_WARN, "cache: reading the change log failed: %s",
                       store_last_error(watcher->store));
            }
        }
    }
    return NULL;
}

int web_watcher_start(web_cache_t *cache, web_reads_t *reads, const gz_config_t *config,
                      web_watcher_t **out, gz_buf_t *error)
{
    web_watcher_t *watcher = gz_calloc(1, sizeof *watcher);
    watcher->cache = cache;
    watcher->reads = reads;
    watcher->save_seconds = config->reads_save_seconds;
    pthread_mutex_init(&watcher->lock, NULL);
    int code = store_open(config->store_url, &watcher->store, error);
    if (code == GZ_OK) {
        code = store_change_latest(watcher->store, &watcher->applied_seq);
    }
    if (code == GZ_OK) {
        code = store_data_version(watcher->store, &watcher->data_version);
    }
    if (code == GZ_OK && pthread_create(&watcher->thread, NULL, watch, watcher) != 0) {
        code = GZ_EIO;
    }
    if (code != GZ_OK) {
        if (watcher->store != NULL) {
            gz_buf_printf(error, "cache watcher: %s", store_last_error(watcher->store));
            store_close(watcher->store);
        }
        pthread_mutex_destroy(&watcher->lock);
        free(watcher);
        return code;
    }
    *out = watcher;
    return GZ_OK;
}

void web_watcher_stop(web_watcher_t *watcher)
{
    if (watcher == NULL) {
        return;
    }
    atomic_store(&watcher->stopping, true);
    pthread_join(watcher->thread, NULL);
    store_close(watcher->store);
    pthread_mutex_destroy(&watcher->lock);
    free(watcher);
}
