/*
 * init.c: `gazette init` creates the store and brings its schema to the
 * newest version. Running it again is harmless: migrations are versioned.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

static const char *const init_flags[] = {"store", "log-level", NULL};

static const cli_command_t init_command = {
    .name = "init",
    .usage = "gazette init [--store URL] [--config FILE]",
    .description = "Creates the store (sqlite:var/gazette.db unless configured otherwise) and\n"
                   "applies every schema migration it lacks. Safe to run again.",
    .flags = init_flags,
    .min_arguments = 0,
    .max_arguments = 0,
};

int cli_init_main(int argc, char **argv)
{
    cli_invocation_t invocation;
    int status = cli_parse(&init_command, argc, argv, &invocation);
    if (status < 0) {
        status = cli_apply_config(&init_command, &invocation.config);
    }
    if (status >= 0) {
        cli_invocation_free(&invocation);
        return status;
    }
    gz_buf_t error = GZ_BUF_INIT;
    store_t *store = NULL;
    int current = 0, latest = 0;
    int code = store_open(invocation.config.store_url, &store, &error);
    if (code == GZ_OK && (code = store_migrate(store)) != GZ_OK) {
        gz_buf_append_cstr(&error, store_last_error(store));
    }
    if (code == GZ_OK) {
        store_schema_version(store, &current, &latest);
        printf("store %s is ready (schema version %d)\n", invocation.config.store_url, current);
    } else {
        cli_error(&init_command, "%s", gz_buf_cstr(&error));
    }
    store_close(store);
    gz_buf_free(&error);
    cli_invocation_free(&invocation);
    return code == GZ_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
