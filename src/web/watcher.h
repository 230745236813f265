/*
 * Private to src/web: the watcher that applies the store's change log to
 * the page cache (see watcher.c).
 */
#ifndef GAZETTE_WEB_WATCHER_H
#define GAZETTE_WEB_WATCHER_H

#include "web/cache.h"

typedef struct web_watcher web_watcher_t;

/* Opens a store connection of its own (and one to the read replica at
 * replica_url, NULL for none) and starts following the change log (when
 * there is a cache) and saving reads (every [reads] save_seconds). */
int web_watcher_start(web_cache_t *cache, struct web_reads *reads, const gz_config_t *config,
                      const char *replica_url, web_watcher_t **out, gz_buf_t *error);
void web_watcher_stop(web_watcher_t *watcher);

/* Applies every change logged so far, reading through store (the calling
 * thread's connection). Writers call it after their commit, so the next
 * request sees their change. Thread safe. */
int web_watcher_sync(web_watcher_t *watcher, store_t *store);

/* Adds the tally of reads to the store through store, and drops the cached
 * pages that show a most-read list. */
void web_watcher_save_reads(web_watcher_t *watcher, store_t *store);

#endif
