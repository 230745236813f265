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
 * With a read replica, readers' pages are rendered from the replica, so a
 * page must not be dropped before the replica has the change, or it would
 * be rendered again from old data and cached: the change log is read from
 * the replica (which receives it with the data), and a writer's sync
 * waits (up to two seconds) for the replica to catch up with the primary.
 *
 * While the store cannot be reached, cached pages go on being served; when
 * the connection comes back (a new session: notifications may have been
 * missed), the whole cache is dropped.
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
    REPLICA_RETRY_MS = 20,      /* after a notification the replica may lag a little */
    REPLICA_RETRIES = 25,
    REPLICA_WAIT_MS = 2000,     /* how long a writer's sync waits for the replica */
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
    bool store_failed; /* the last check failed: drop the cache once it answers */
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

/* Waits until the replica has every change the primary has logged so far;
 * false when it is still behind after REPLICA_WAIT_MS. */
static bool replica_caught_up(web_watcher_t *watcher, store_t *primary)
{
    int64_t target = 0, reached = 0;
    if (store_change_latest(primary, &target) != GZ_OK) {
        return false;
    }
    for (int waited = 0; waited <= REPLICA_WAIT_MS; waited += REPLICA_RETRY_MS) {
        if (store_change_latest(watcher->replica, &reached) == GZ_OK && reached >= target) {
            return true;
        }
        sleep_ms(REPLICA_RETRY_MS);
    }
    return false;
}

int web_watcher_sync(web_watcher_t *watcher, store_t *store)
{
    if (watcher->cache == NULL) {
        return GZ_OK;
    }
    pthread_mutex_lock(&watcher->lock);
    int code;
    if (watcher->replica == NULL) {
        code = apply_changes(watcher, store);
    } else if (replica_caught_up(watcher, store)) {
        code = apply_changes(watcher, watcher->replica);
    } else {
        /* Drop the pages now and again when the replica has the change:
         * applied_seq stays where the replica is. */
        int64_t replica_seq = watcher->applied_seq;
        gz_log(GZ_LOG_WARN, "cache: the read replica is more than %d ms behind",
               REPLICA_WAIT_MS);
        code = apply_changes(watcher, store);
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

/* Applies what changed where readers' pages come from; true when the
 * data version moved. Called with the lock held. */
static bool check_for_changes(web_watcher_t *watcher)
{
    store_t *source = watcher->replica != NULL ? watcher->replica : watcher->store;
    int64_t version;
    if (store_data_version(source, &version) != GZ_OK) {
        watcher->store_failed = true;
        return false;
    }
    if (watcher->store_failed) {
        gz_log(GZ_LOG_INFO, "cache: the store answers again; dropping every cached page");
        web_cache_clear(watcher->cache);
        watcher->store_failed = false;
    }
    if (version == watcher->data_version) {
        return false;
    }
    watcher->data_version = version;
    if (apply_changes(watcher, source) != GZ_OK) {
        gz_log(GZ_LOG_WARN, "cache: reading the change log failed: %s", store_last_error(source));
    }
    return true;
}

/* After a notification, a replica may not have the change yet: look
 * again every REPLICA_RETRY_MS for a while. */
static void follow_notification(web_watcher_t *watcher)
{
    pthread_mutex_lock(&watcher->lock);
    bool changed = check_for_changes(watcher);
    for (int i = 0; !changed && watcher->replica != NULL && i < REPLICA_RETRIES; i++) {
        pthread_mutex_unlock(&watcher->lock);
        sleep_ms(REPLICA_RETRY_MS);
        pthread_mutex_lock(&watcher->lock);
        changed = check_for_changes(watcher);
    }
    pthread_mutex_unlock(&watcher->lock);
}

static void wait_for_changes(web_watcher_t *watcher)
{
    bool woken = false, reconnected = false;
    if (store_changes_wait(watcher->store, POLL_INTERVAL_MS, &woken, &reconnected) != GZ_OK) {
        sleep_ms(POLL_INTERVAL_MS); /* unreachable: the wait returned at once */
        return;
    }
    if (reconnected && watcher->cache != NULL) {
        gz_log(GZ_LOG_INFO, "cache: reconnected to the store; dropping every cached page");
        web_cache_clear(watcher->cache);
    }
}

static void *watch(void *argument)
{
    web_watcher_t *watcher = argument;
    gz_time_t saved = gz_now();
    while (!atomic_load(&watcher->stopping)) {
        wait_for_changes(watcher);
        if (gz_now() - saved >= watcher->save_seconds) {
            web_watcher_save_reads(watcher, watcher->store);
            saved = gz_now();
        }
        if (watcher->cache != NULL) {
            follow_notification(watcher);
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
    if (code == GZ_OK && config->store_replica_url[0] != '\0') {
        code = store_open(config->store_replica_url, &watcher->replica, error);
    }
    store_t *source = watcher->replica != NULL ? watcher->replica : watcher->store;
    if (code == GZ_OK) {
        code = store_change_latest(source, &watcher->applied_seq);
    }
    if (code == GZ_OK) {
        code = store_data_version(source, &watcher->data_version);
    }
    if (code == GZ_OK && pthread_create(&watcher->thread, NULL, watch, watcher) != 0) {
        code = GZ_EIO;
    }
    if (code != GZ_OK) {
        if (watcher->store != NULL) {
            gz_buf_printf(error, "cache watcher: %s", store_last_error(source));
            store_close(watcher->store);
            store_close(watcher->replica);
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
    store_close(watcher->replica);
    pthread_mutex_destroy(&watcher->lock);
    free(watcher);
}
