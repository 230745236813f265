/*
 * Private to src/web: the watcher that applies the store's change log to
 * the page cache (see watcher.c).
 */
#ifndef GAZETTE_WEB_WATCHER_H
#define GAZETTE_WEB_WATCHER_H

#include "web/cache.h"

typedef struct web_watcher web_watcher_t;

/* Opens a store connection of its own and starts polling. */
int web_watcher_start(web_cache_t *cache, const char *store_url, web_watcher_t **out,
                      gz_buf_t *error);
void web_watcher_stop(web_watcher_t *watcher);

/* Applies every change logged so far, reading through store (the calling
 * thread's connection). Writers call it after their commit, so the next
 * request sees their change. Thread safe. */
int web_watcher_sync(web_watcher_t *watcher, store_t *store);

#endif
