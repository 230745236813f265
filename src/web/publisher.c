/*
 * publisher.c: a thread of its own that publishes the scheduled articles
 * and fronts' versions whose time has come (newsroom_publish_due,
 * newsroom_fronts_publish_due), once a second, with its own
 * store connection, then lets the watcher drop the cached pages they
 * change. Scheduled articles are stored, so a restart loses none: the
 * first tick after start publishes what fell due meanwhile.
 *
 * It is not an event loop's timer because publishing writes: on
 * PostgreSQL a write waits for the write lock, which another node's long
 * job (a reindex, say) may hold for minutes, and no reader's request may
 * wait behind that. Every node runs a publisher; the job lock and the
 * status read again under the write lock make each article go live once.
 */
#include "web/publisher.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "newsroom/newsroom.h"

enum { PUBLISH_EVERY_MS = 1000, STOP_CHECK_MS = 50, STATEMENT_TIMEOUT_MS = 30000 };

struct web_publisher {
    store_t *store;
    web_watcher_t *watcher;
    pthread_t thread;
    atomic_bool stopping;
};

/* Fronts' versions scheduled for now ("at 06:00 swap the lead"). */
static int publish_due_fronts(web_publisher_t *publisher)
{
    int applied = newsroom_fronts_publish_due(publisher->store, gz_now());
    if (applied > 0)
        gz_log(GZ_LOG_INFO, "applied %d scheduled front version%s", applied,
               applied == 1 ? "" : "s");
    else if (applied < 0)
        gz_log(GZ_LOG_ERROR, "cannot apply scheduled fronts: %s",
               store_last_error(publisher->store));
    return applied;
}

static void publish_due(web_publisher_t *publisher)
{
    if (publish_due_fronts(publisher) > 0 && publisher->watcher != NULL)
        web_watcher_sync(publisher->watcher, publisher->store);
    int published = newsroom_publish_due(publisher->store, gz_now());
    if (published > 0) {
        gz_log(GZ_LOG_INFO, "published %d scheduled article%s", published,
               published == 1 ? "" : "s");
        if (publisher->watcher != NULL)
            web_watcher_sync(publisher->watcher, publisher->store);
    } else if (published < 0) {
        gz_log(GZ_LOG_ERROR, "cannot publish scheduled articles: %s",
               store_last_error(publisher->store));
    }
}

static void *run(void *argument)
{
    web_publisher_t *publisher = argument;
    struct timespec pause = {0, STOP_CHECK_MS * 1000000L};
    int waited_ms = PUBLISH_EVERY_MS; /* the first tick comes at once */
    while (!atomic_load(&publisher->stopping)) {
        if (waited_ms >= PUBLISH_EVERY_MS) {
            publish_due(publisher);
            waited_ms = 0;
        }
        nanosleep(&pause, NULL);
        waited_ms += STOP_CHECK_MS;
    }
    return NULL;
}

int web_publisher_start(const gz_config_t *config, web_watcher_t *watcher, web_publisher_t **out,
                        gz_buf_t *error)
{
    web_publisher_t *publisher = gz_calloc(1, sizeof *publisher);
    publisher->watcher = watcher;
    int code = store_open(config->store_url, &publisher->store, error);
    if (code == GZ_OK)
        code = store_set_timeout(publisher->store, STATEMENT_TIMEOUT_MS);
    if (code == GZ_OK && pthread_create(&publisher->thread, NULL, run, publisher) != 0) {
        gz_buf_printf(error, "cannot start the publisher thread");
        code = GZ_EIO;
    }
    if (code != GZ_OK) {
        store_close(publisher->store);
        free(publisher);
        return code;
    }
    *out = publisher;
    return GZ_OK;
}

void web_publisher_stop(web_publisher_t *publisher)
{
    if (publisher == NULL)
        return;
    atomic_store(&publisher->stopping, true);
    pthread_join(publisher->thread, NULL);
    store_close(publisher->store);
    free(publisher);
}
