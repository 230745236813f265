/*
 * serve.c: `gazette serve` migrates the store (so a new binary can run on
 * an old database) and serves the site until SIGINT or SIGTERM.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"
#include "web/web.h"

/* Every option of the site and the server; see the README's table. */
// clang-format off
static const char *const serve_flags[] = {
    "store", "store-replica", "listen", "threads", "theme", "media-dir", "media-prefix",
    "site-url", "site-name", "site-logo", "site-description", "language", "time-zone", "time-format", "page-size", "feed-items",
    "cache-mb", "cache-article", "cache-front", "cache-feed", "cache-api", "cache-breaking", "tls-certificate",
    "tls-key", "reads-save-seconds", "search-recency-days", "log-level", NULL};
// clang-format on

static const cli_command_t serve_command = {
    .name = "serve",
    .usage = "gazette serve [--listen HOST:PORT] [--threads N] [--store URL]\n"
             "              [--store-replica URL] [--config FILE]",
    .description = "Serves the site over HTTP (default http://127.0.0.1:8080/) with one event\n"
                   "loop per thread (default: one per core). Prints 'listening on URL' once\n"
                   "it accepts connections; stops cleanly on SIGINT or SIGTERM. With\n"
                   "--store-replica (a PostgreSQL streaming replica), readers' pages read\n"
                   "from the replica; writes and signed-in editors use --store.",
    .flags = serve_flags,
    .min_arguments = 0,
    .max_arguments = 0,
};

int cli_serve_main(int argc, char **argv)
{
    cli_invocation_t invocation;
    int status = cli_start(&serve_command, argc, argv, &invocation);
    if (status >= 0) {
        return status;
    }
    /* Migrate first, so a new binary can serve an old database. */
    store_t *store = cli_open_store(&serve_command, &invocation.config);
    if (store == NULL) {
        cli_invocation_free(&invocation);
        return CLI_EXIT_FAILURE;
    }
    store_close(store);
    gz_buf_t error = GZ_BUF_INIT;
    int code = web_serve(&invocation.config, &error);
    if (code != GZ_OK) {
        cli_error(&serve_command, "%s", gz_buf_cstr(&error));
    }
    gz_buf_free(&error);
    cli_invocation_free(&invocation);
    return code == GZ_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
