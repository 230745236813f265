/*
 * watcher.c: keeps the page cache in step with writes made by anyone:
 * this server's threads, `gazette import` in another process, or (with
 * PostgreSQL) another node. Every write leaves its cache tags in the
 * store's change log (store.h); syncing reads the entries after the last
 * one applied and drops the cached responses carrying those tags.
 *
 * A thread of its own, with its own store connection, waits for changes:
 * on PostgreSQL it is woken by NOTIFY at every commit on any node, on
 * SQLite it polls every 250 ms; it also checks every 250 ms in any case,
 * so a lost notification costs at most that. The check first asks for the
 * store's data version, which costs one indexed read when nothing changed.
 * A writer in this process calls web_watcher_sync right after its commit,
 * so its own change is visible on the very next request.
 *
 * With a read replica, readers' pages are rendered from the replica, which
 * may lag behind the primary by a moment: a page dropped before the
 * replica has the change would be rendered again from old data and
 * cached. So the change log is read from the replica, which receives it
 * with the data, and a writer's sync drops the pages at once from the
 * primary's log without moving the replica's place in it, so they are
 * dropped again when the replica has the change. While the replica cannot
 * be reached, the primary's log is read (readers' pages fall back to the
 * primary too, see handler.c).
 *
 * While the store cannot be reached, cached pages go on being served; when
 * it answers again on a new session (notifications may have been missed,
 * the database may even have been restored from a backup), the whole
 * cache is dropped and the log is read from its newest entry on.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "web/cache.h"
#include "web/reads.h"
#include "web/watcher.h"

enum {
    POLL_INTERVAL_MS = 250,
    REPLICA_RETRY_MS = 20, /* after a notification the replica may lag a little */
    REPLICA_RETRIES = 25,
    STATEMENT_TIMEOUT_MS = 5000,
    CHANGES_PER_READ = 500,
    MAX_READS_PER_SYNC = 20
};

struct web_watcher {
    web_cache_t *cache; /* NULL when the page cache is off */
    web_reads_t *reads;
    int save_seconds;
    store_t *store;   /* the primary: notifications and saving reads */
    store_t *replica; /* readers' pages come from here; NULL: the primary. Under lock. */
    pthread_t thread;
    pthread_mutex_t lock; /* one sync at a time; guards applied_seq, data_version, replica */
    int64_t applied_seq;
    int64_t data_version;
    bool store_failed; /* a check failed: drop the cache once the store answers */
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

static void sleep_ms(long ms)
{
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

int web_watcher_sync(web_watcher_t *watcher, store_t *store)
{
    if (watcher->cache == NULL) {
        return GZ_OK;
    }
    pthread_mutex_lock(&watcher->lock);
    int64_t replica_seq = watcher->applied_seq;
    int code = apply_changes(watcher, store);
    if (watcher->replica != NULL) {
        /* Dropped now; dropped again when the replica has the change. */
        watcher->applied_seq = replica_seq;
    }
    pthread_mutex_unlock(&watcher->lock);
    return code;
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

/* Drops every cached page and goes on from the newest entry of the log:
 * after a reconnect, nothing said before can be trusted. Lock held. */
static void start_over(web_watcher_t *watcher, store_t *source, const char *why)
{
    gz_log(GZ_LOG_INFO, "cache: %s; dropping every cached page", why);
    web_cache_clear(watcher->cache);
    if (store_change_latest(source, &watcher->applied_seq) != GZ_OK ||
        store_data_version(source, &watcher->data_version) != GZ_OK) {
        watcher->store_failed = true;
    }
}

/* Where readers' pages come from: the replica, or the primary when there
 * is none or it does not answer (its data version is then in *version). */
static store_t *readers_source(web_watcher_t *watcher, int64_t *version)
{
    if (watcher->replica != NULL && store_data_version(watcher->replica, version) == GZ_OK) {
        return watcher->replica;
    }
    return store_data_version(watcher->store, version) == GZ_OK ? watcher->store : NULL;
}

/* Applies what changed where readers' pages come from; true when the data
 * version moved. Lock held. */
static bool check_for_changes(web_watcher_t *watcher)
{
    int64_t version;
    store_t *source = readers_source(watcher, &version);
    if (source == NULL) {
        watcher->store_failed = true;
        return false;
    }
    if (watcher->store_failed) {
        watcher->store_failed = false;
        start_over(watcher, source, "the store answers again");
        return true;
    }
    if (version == watcher->data_version) {
        return false;
    }
    if (apply_changes(watcher, source) != GZ_OK) {
        gz_log(GZ_LOG_WARN, "cache: reading the change log failed: %s", store_last_error(source));
        return false; /* data_version unchanged: the next check reads again */
    }
    watcher->data_version = version;
    return true;
}

/* After a notification, a replica may not have the change yet: look
 * again every REPLICA_RETRY_MS for a while. */
static void check_after_wait(web_watcher_t *watcher, bool woken)
{
    pthread_mutex_lock(&watcher->lock);
    bool changed = check_for_changes(watcher);
    int retries = woken && watcher->replica != NULL ? REPLICA_RETRIES : 0;
    for (int i = 0; !changed && i < retries; i++) {
        pthread_mutex_unlock(&watcher->lock);
        sleep_ms(REPLICA_RETRY_MS);
        pthread_mutex_lock(&watcher->lock);
        changed = check_for_changes(watcher);
    }
    pthread_mutex_unlock(&watcher->lock);
}

/* Waits for a notification or the poll interval; true when woken. */
static bool wait_for_changes(web_watcher_t *watcher)
{
    bool woken = false, reconnected = false;
    if (store_changes_wait(watcher->store, POLL_INTERVAL_MS, &woken, &reconnected) != GZ_OK) {
        sleep_ms(POLL_INTERVAL_MS); /* unreachable: the wait returned at once */
        return false;
    }
    if (reconnected && watcher->cache != NULL) {
        pthread_mutex_lock(&watcher->lock);
        watcher->store_failed = true; /* the next check starts over */
        pthread_mutex_unlock(&watcher->lock);
    }
    return woken;
}

static void *watch(void *argument)
{
    web_watcher_t *watcher = argument;
    gz_time_t saved = gz_now();
    while (!atomic_load(&watcher->stopping)) {
        bool woken = wait_for_changes(watcher);
        if (gz_now() - saved >= watcher->save_seconds) {
            web_watcher_save_reads(watcher, watcher->store);
            saved = gz_now();
        }
        if (watcher->cache != NULL) {
            check_after_wait(watcher, woken);
        }
    }
    return NULL;
}

static int open_stores(web_watcher_t *watcher, const gz_config_t *config, const char *replica_url,
                       gz_buf_t *error)
{
    int code = store_open(config->store_url, &watcher->store, error);
    if (code == GZ_OK && replica_url != NULL) {
        code = store_open(replica_url, &watcher->replica, error);
    }
    if (code == GZ_OK) {
        store_set_timeout(watcher->store, STATEMENT_TIMEOUT_MS);
        store_set_timeout(watcher->replica != NULL ? watcher->replica : watcher->store,
                          STATEMENT_TIMEOUT_MS);
    }
    return code;
}

int web_watcher_start(web_cache_t *cache, web_reads_t *reads, const gz_config_t *config,
                      const char *replica_url, web_watcher_t **out, gz_buf_t *error)
{
    web_watcher_t *watcher = gz_calloc(1, sizeof *watcher);
    watcher->cache = cache;
    watcher->reads = reads;
    watcher->save_seconds = config->reads_save_seconds;
    pthread_mutex_init(&watcher->lock, NULL);
    int code = open_stores(watcher, config, replica_url, error);
    store_t *source = watcher->replica != NULL ? watcher->replica : watcher->store;
    if (code == GZ_OK && (store_change_latest(source, &watcher->applied_seq) != GZ_OK ||
                          store_data_version(source, &watcher->data_version) != GZ_OK)) {
        gz_buf_printf(error, "cache watcher: %s", store_last_error(source));
        code = GZ_EUNAVAILABLE;
    }
    if (code == GZ_OK && pthread_create(&watcher->thread, NULL, watch, watcher) != 0) {
        gz_buf_printf(error, "cannot start the cache watcher's thread");
        code = GZ_EIO;
    }
    if (code != GZ_OK) {
        store_close(watcher->store);
        store_close(watcher->replica);
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
    store_close(watcher->replica);
    pthread_mutex_destroy(&watcher->lock);
    free(watcher);
}
