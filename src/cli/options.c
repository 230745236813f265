/*
 * options.c: one parser for every subcommand's options, so that all of
 * them read configuration the same way: gazette.ini, then GAZETTE_*
 * variables, then flags. Flags are collected first (to find --config) and
 * applied last (so they win). Every mistake is one line on stderr and
 * exit status 2, which scripts can tell apart from a failed run (1).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

typedef struct {
    const char *name;
    const char *value;
} flag_value_t;

void cli_error(const cli_command_t *command, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fprintf(stderr, "gazette %s: ", command->name);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
}

static void print_help(const cli_command_t *command)
{
    printf("usage: %s\n\n%s\n\noptions:\n", command->usage, command->description);
    printf("  --config FILE   read settings from FILE (default: ./gazette.ini if present)\n");
    for (const char *const *flag = command->flags; *flag != NULL; flag++) {
        printf("  --%s VALUE\n", *flag);
    }
    printf("  --help          show this help\n");
}

static bool command_takes_flag(const cli_command_t *command, const char *name)
{
    for (const char *const *flag = command->flags; *flag != NULL; flag++) {
        if (strcmp(*flag, name) == 0) {
            return true;
        }
    }
    return false;
}

/* Splits "--name=value" or "--name value"; advances *index past the value. */
static int read_flag(const cli_command_t *command, int argc, char **argv, int *index,
                     flag_value_t *out)
{
    char *arg = argv[*index] + 2;
    char *equals = strchr(arg, '=');
    char name[64];
    size_t name_len = equals != NULL ? (size_t)(equals - arg) : strlen(arg);
    if (name_len == 0 || name_len >= sizeof name) {
        cli_error(command, "unknown option '%s'", argv[*index]);
        return CLI_EXIT_USAGE;
    }
    memcpy(name, arg, name_len);
    name[name_len] = '\0';
    if (strcmp(name, "config") != 0 && !command_takes_flag(command, name)) {
        cli_error(command, "unknown option '--%s' (see 'gazette %s --help')", name, command->name);
        return CLI_EXIT_USAGE;
    }
    if (equals != NULL) {
        out->value = equals + 1;
    } else if (*index + 1 < argc) {
        out->value = argv[++*index];
    } else {
        cli_error(command, "option '--%s' needs a value", name);
        return CLI_EXIT_USAGE;
    }
    out->name = "config";
    for (const char *const *flag = command->flags; *flag != NULL; flag++) {
        if (strcmp(*flag, name) == 0) {
            out->name = *flag;
        }
    }
    return -1;
}

static int load_config(const cli_command_t *command, const char *config_file,
                       const flag_value_t *flags, int flag_count, gz_config_t *config)
{
    gz_buf_t error = GZ_BUF_INIT;
    gz_config_defaults(config);
    int code = gz_config_load_file(config, config_file != NULL ? config_file : "gazette.ini",
                                   config_file != NULL, &error);
    if (code == GZ_OK) {
        code = gz_config_load_env(config, &error);
    }
    for (int i = 0; code == GZ_OK && i < flag_count; i++) {
        code = gz_config_set(config, flags[i].name, flags[i].value, &error);
    }
    if (code != GZ_OK) {
        cli_error(command, "%s", gz_buf_cstr(&error));
    }
    gz_buf_free(&error);
    return code == GZ_OK ? -1 : CLI_EXIT_USAGE;
}

static int check_argument_count(const cli_command_t *command, int count)
{
    if (count < command->min_arguments) {
        cli_error(command, "missing argument (usage: %s)", command->usage);
        return CLI_EXIT_USAGE;
    }
    if (command->max_arguments >= 0 && count > command->max_arguments) {
        cli_error(command, "unexpected argument (usage: %s)", command->usage);
        return CLI_EXIT_USAGE;
    }
    return -1;
}

int cli_parse(const cli_command_t *command, int argc, char **argv, cli_invocation_t *out)
{
    memset(out, 0, sizeof *out);
    flag_value_t *flags = gz_calloc((size_t)argc, sizeof *flags);
    out->arguments = gz_calloc((size_t)argc + 1, sizeof *out->arguments);
    int flag_count = 0, status = -1;
    const char *config_file = NULL;
    bool only_arguments = false;
    for (int i = 1; status < 0 && i < argc; i++) {
        if (only_arguments || argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
            out->arguments[out->argument_count++] = argv[i];
        } else if (strcmp(argv[i], "--") == 0) {
            only_arguments = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help(command);
            status = CLI_EXIT_OK;
        } else if (strncmp(argv[i], "--", 2) != 0) {
            cli_error(command, "unknown option '%s' (see 'gazette %s --help')", argv[i],
                      command->name);
            status = CLI_EXIT_USAGE;
        } else if ((status = read_flag(command, argc, argv, &i, &flags[flag_count])) < 0) {
            if (strcmp(flags[flag_count].name, "config") == 0) {
                config_file = flags[flag_count].value;
            } else {
                flag_count++;
            }
        }
    }
    if (status < 0) {
        status = check_argument_count(command, out->argument_count);
    }
    if (status < 0) {
        status = load_config(command, config_file, flags, flag_count, &out->config);
    }
    free(flags);
    return status;
}

void cli_invocation_free(cli_invocation_t *invocation)
{
    gz_config_free(&invocation->config);
    free(invocation->arguments);
    invocation->arguments = NULL;
}

int cli_apply_config(const cli_command_t *command, const gz_config_t *config)
{
    static const char *const levels[] = {"debug", "info", "warn", "error"};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        if (strcmp(config->log_level, levels[i]) == 0) {
            gz_log_set_level((gz_log_level_t)i);
        }
    }
    if (gz_time_set_zone(config->time_zone) != GZ_OK) {
        cli_error(command, "unknown time zone '%s'", config->time_zone);
        return CLI_EXIT_USAGE;
    }
    return -1;
}

int cli_start(const cli_command_t *command, int argc, char **argv, cli_invocation_t *out)
{
    int status = cli_parse(command, argc, argv, out);
    if (status < 0) {
        status = cli_apply_config(command, &out->config);
    }
    if (status >= 0) {
        cli_invocation_free(out);
    }
    return status;
}

store_t *cli_open_store(const cli_command_t *command, const gz_config_t *config)
{
    gz_buf_t error = GZ_BUF_INIT;
    store_t *store = NULL;
    int code = store_open(config->store_url, &store, &error);
    if (code == GZ_OK && (code = store_migrate(store)) != GZ_OK) {
        gz_buf_append_cstr(&error, store_last_error(store));
    }
    if (code != GZ_OK) {
        cli_error(command, "%s", gz_buf_cstr(&error));
        store_close(store);
        store = NULL;
    }
    gz_buf_free(&error);
    return store;
}
