/*
 * Private to src/web: the thread that publishes scheduled articles when
 * their time comes (see publisher.c).
 */
#ifndef GAZETTE_WEB_PUBLISHER_H
#define GAZETTE_WEB_PUBLISHER_H

#include "web/watcher.h"

typedef struct web_publisher web_publisher_t;

/* Opens a store connection of its own and starts publishing due articles
 * every second, syncing watcher (NULL: none) after each publish. */
int web_publisher_start(const gz_config_t *config, web_watcher_t *watcher, web_publisher_t **out,
                        gz_buf_t *error);
void web_publisher_stop(web_publisher_t *publisher);

#endif
