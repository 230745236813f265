/*
 * init.c: `gazette init` creates the store and brings its schema to the
 * newest version. Running it again is harmless: migrations are versioned.
 * It also creates the newsroom's first admin when given a password (from
 * GAZETTE_ADMIN_PASSWORD or a prompt on a terminal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

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

/* The first admin, named by GAZETTE_ADMIN_USER (default "admin"), with the
 * password from GAZETTE_ADMIN_PASSWORD or a prompt on a terminal. With
 * neither, or when the account exists already, nothing is created and init
 * still succeeds. */
static int create_first_admin(store_t *store)
{
    const char *name = getenv("GAZETTE_ADMIN_USER");
    if (name == NULL || name[0] == '\0')
        name = "admin";
    gz_pool_t pool = GZ_POOL_INIT;
    store_user_t existing;
    bool exists = store_user_get(store, 0, name, &pool, &existing) == GZ_OK;
    gz_pool_clear(&pool);
    if (exists) {
        printf("the admin account '%s' exists already\n", name);
        return GZ_OK;
    }
    gz_buf_t password = GZ_BUF_INIT, error = GZ_BUF_INIT;
    bool given = false;
    if (isatty(STDIN_FILENO) && getenv("GAZETTE_ADMIN_PASSWORD") == NULL)
        printf("Choose a password for the first admin '%s' (empty: add one later).\n", name);
    int code = cli_password_read(name, false, "GAZETTE_ADMIN_PASSWORD", &password, &given);
    if (code == GZ_OK && given && password.len > 0) {
        code = cli_user_create(store, name, STORE_ROLE_ADMIN, NULL, gz_buf_cstr(&password), &error);
        if (code == GZ_OK)
            printf("created the admin account '%s'\n", name);
        else
            cli_error(&init_command, "cannot create the admin '%s': %s", name, gz_buf_cstr(&error));
    } else if (code == GZ_OK) {
        printf("no admin account created; add one later with\n"
               "  gazette user add %s --role admin\n"
               "(or run init again with GAZETTE_ADMIN_PASSWORD set)\n",
               name);
    } else {
        cli_error(&init_command, "no admin password read");
    }
    if (password.len > 0)
        sodium_memzero(password.data, password.len);
    gz_buf_free(&password);
    gz_buf_free(&error);
    return code;
}

int cli_init_main(int argc, char **argv)
{
    cli_invocation_t invocation;
    int status = cli_start(&init_command, argc, argv, &invocation);
    if (status >= 0) {
        return status;
    }
    store_t *store = cli_open_store(&init_command, &invocation.config);
    int code = store != NULL ? GZ_OK : GZ_EIO;
    if (store != NULL) {
        int current = 0, latest = 0;
        store_schema_version(store, &current, &latest);
        printf("store %s is ready (schema version %d)\n", invocation.config.store_url, current);
        code = create_first_admin(store);
    }
    store_close(store);
    cli_invocation_free(&invocation);
    return code == GZ_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
