/*
 * cli: the gazette command's subcommands, one file each, and the option
 * parsing they share. Private to src/cli.
 */
#ifndef GAZETTE_CLI_H
#define GAZETTE_CLI_H

#include "base/base.h"
#include "store/store.h"

/* Exit statuses, as the README documents them. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

typedef struct {
    const char *name;        /* "import" */
    const char *usage;       /* "gazette import [options] FILE..." */
    const char *description; /* one paragraph */
    const char *const *flags; /* config flags this command takes, NULL-terminated */
    int min_arguments;       /* positional arguments */
    int max_arguments;       /* -1: any number */
} cli_command_t;

typedef struct {
    gz_config_t config;
    char **arguments; /* positional arguments, pointing into argv */
    int argument_count;
} cli_invocation_t;

/* Parses argv (argv[0] is the subcommand's name) for command: --config
 * FILE, --help and the command's config flags, as "--flag value" or
 * "--flag=value". Loads gazette.ini (or --config FILE), then GAZETTE_*
 * variables, then the flags. Returns -1 when the command should run, or
 * the exit status to end with (help printed, or a one-line error). */
int cli_parse(const cli_command_t *command, int argc, char **argv, cli_invocation_t *out);
void cli_invocation_free(cli_invocation_t *invocation);

/* Prints "gazette NAME: message" to stderr. */
void cli_error(const cli_command_t *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Applies the config's process-wide settings (log level, time zone). */
int cli_apply_config(const cli_command_t *command, const gz_config_t *config);

/* cli_parse, then cli_apply_config: the start of every command. Returns -1
 * when the command should run, or the exit status to end with (the
 * invocation already freed). */
int cli_start(const cli_command_t *command, int argc, char **argv, cli_invocation_t *out);

/* Opens the configured store and brings its schema up to date. On failure
 * prints "gazette NAME: message" and returns NULL. */
store_t *cli_open_store(const cli_command_t *command, const gz_config_t *config);

int cli_init_main(int argc, char **argv);
int cli_serve_main(int argc, char **argv);
int cli_import_main(int argc, char **argv);
int cli_reindex_main(int argc, char **argv);
int cli_db_main(int argc, char **argv);
int cli_media_main(int argc, char **argv);

/* ---- newsroom accounts (user.c), shared with init.c ---- */

#include "store/store.h"

/* Reads a password: the first line of stdin when from_stdin, else the
 * environment variable env_name (may be NULL) when set, else a prompt on
 * the terminal with echo off, asked twice. *given is false when there was
 * no way to ask (no terminal, nothing set). GZ_EINVAL when nothing could
 * be read or the two typed passwords differ. out must be wiped after use. */
int cli_password_read(const char *for_whom, bool from_stdin, const char *env_name,
                      gz_buf_t *out, bool *given);
/* Checks, hashes and adds an account, with an audit entry; a message in
 * error on failure. */
int cli_user_create(store_t *store, const char *name, store_role_t role, const char *display_name,
                    const char *password, gz_buf_t *error);

int cli_user_main(int argc, char **argv);

#endif
