/*
 * web: the HTTP server on libh2o. One event loop per thread, each with its
 * own SO_REUSEPORT listener, store connection and memory pool, so the hot
 * path shares nothing and takes no lock. Reader pages are rendered from
 * the store through views and the theme's templates.
 */
#ifndef GAZETTE_WEB_H
#define GAZETTE_WEB_H

#include "base/base.h"

/* Serves the site described by config until SIGINT or SIGTERM. Prints
 * "listening on http://HOST:PORT/" to stdout once connections are accepted
 * (with the real port when config asks for port 0). Returns GZ_OK after a
 * clean shutdown, or an error with a message in error when the server could
 * not start (port taken, theme missing, store unreachable). */
int web_serve(const gz_config_t *config, gz_buf_t *error);

#endif
