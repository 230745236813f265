/*
 * user.c: `gazette user add|passwd|list|disable` manages the newsroom's
 * accounts from the command line, and lends init.c the first admin.
 *
 * A password never travels on the command line (where `ps` and shell
 * history would show it): it is typed at a prompt with echo off (twice,
 * to catch a typo), or read from standard input with --password-stdin for
 * automation. It is checked (length, UTF-8), hashed with argon2id and
 * wiped from memory; nothing prints or logs it. Every change is written
 * to the audit log with no user (the command line), like the server's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "store/store.h"

static const char *const user_flags[] = {"store", "log-level", NULL};

static const cli_command_t user_command = {
    .name = "user",
    .usage = "gazette user add NAME [--role contributor|author|editor|chief_editor|admin] [--display-name TEXT]\n"
             "                      [--password-stdin]\n"
             "       gazette user passwd NAME [--password-stdin]\n"
             "       gazette user list\n"
             "       gazette user disable NAME\n"
             "       gazette user enable NAME",
    .description = "Manages the newsroom's accounts. Roles: writer (writes and submits their own\n"
                   "articles), editor (edits and publishes any article), admin (also manages\n"
                   "accounts). The password is asked twice on a terminal with echo off, or read\n"
                   "from the first line of standard input with --password-stdin; it needs at\n"
                   "least 12 characters. A new password or disabling signs the account out.",
    .flags = user_flags,
    .min_arguments = 1,
    .max_arguments = 2,
};

/* The options only this command has, taken out of argv before cli_parse. */
typedef struct {
    const char *role;
    const char *display_name;
    bool password_stdin;
} user_options_t;

/* ---- reading a password ------------------------------------------------ */

static void strip_newline(char *line)
{
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
}

/* Reads one line from stream; false at end of input or when too long. */
static bool read_line(FILE *stream, char *line, size_t size)
{
    if (fgets(line, (int)size, stream) == NULL)
        return false;
    if (strchr(line, '\n') == NULL && !feof(stream))
        return false;
    strip_newline(line);
    return true;
}

static bool prompt_without_echo(const char *prompt, char *line, size_t size)
{
    struct termios saved, quiet;
    fputs(prompt, stderr);
    fflush(stderr);
    bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        quiet = saved;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = read_line(stdin, line, size);
    if (terminal)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fputc('\n', stderr);
    return ok;
}

int cli_password_read(const char *for_whom, bool from_stdin, const char *env_name, gz_buf_t *out,
                      bool *given)
{
    char first[STORE_PASSWORD_MAX_BYTES + 2], second[STORE_PASSWORD_MAX_BYTES + 2];
    const char *env = env_name != NULL ? getenv(env_name) : NULL;
    int result = GZ_OK;
    *given = true;
    gz_buf_reset(out);
    if (from_stdin) {
        if (!read_line(stdin, first, sizeof first))
            result = GZ_EINVAL;
        else
            gz_buf_append_cstr(out, first);
    } else if (env != NULL && env[0] != '\0') {
        gz_buf_append_cstr(out, env);
    } else if (isatty(STDIN_FILENO)) {
        char prompt[160];
        snprintf(prompt, sizeof prompt, "New password for %s: ", for_whom);
        bool ok = prompt_without_echo(prompt, first, sizeof first);
        /* An empty answer is returned as such: init reads it as "later". */
        if (ok && first[0] != '\0')
            ok = prompt_without_echo("Repeat it: ", second, sizeof second) &&
                 strcmp(first, second) == 0;
        if (!ok) {
            fprintf(stderr, "the two passwords differ\n");
            result = GZ_EINVAL;
        } else {
            gz_buf_append_cstr(out, first);
        }
    } else {
        *given = false;
    }
    sodium_memzero(first, sizeof first);
    sodium_memzero(second, sizeof second);
    return result;
}

/* Wipes and frees a buffer that held a password. */
static void forget_password(gz_buf_t *password)
{
    if (password->len > 0)
        sodium_memzero(password->data, password->len);
    gz_buf_free(password);
}

static void audit(store_t *store, const char *action, const char *name, const char *detail)
{
    char target[96];
    snprintf(target, sizeof target, "user:%s", name);
    store_audit_entry_t entry = {.action = action, .target = target, .detail = detail};
    store_audit_add(store, &entry);
}

int cli_user_create(store_t *store, const char *name, store_role_t role, const char *display_name,
                    const char *password, gz_buf_t *error)
{
    int code = store_user_name_check(name, error);
    if (code == GZ_OK)
        code = store_password_check(password, error);
    gz_buf_t hash = GZ_BUF_INIT;
    if (code == GZ_OK && (code = store_password_hash(password, &hash)) != GZ_OK)
        gz_buf_append_cstr(error, "cannot hash the password (out of memory?)");
    store_user_t user = {.name = name,
                         .display_name = display_name,
                         .role = role,
                         .password_hash = gz_buf_cstr(&hash)};
    if (code == GZ_OK && (code = store_user_add(store, &user)) != GZ_OK)
        gz_buf_append_cstr(error, store_last_error(store));
    if (code == GZ_OK)
        audit(store, "user-add", name, store_role_name(role));
    gz_buf_free(&hash);
    return code;
}

/* ---- the subcommands --------------------------------------------------- */

static int user_add(store_t *store, const char *name, const user_options_t *options)
{
    store_role_t role = STORE_ROLE_AUTHOR;
    if (options->role != NULL && store_role_parse(options->role, &role) != GZ_OK) {
        cli_error(&user_command, "unknown role '%s' (contributor, author, editor, chief_editor or admin)", options->role);
        return CLI_EXIT_USAGE;
    }
    gz_buf_t password = GZ_BUF_INIT, error = GZ_BUF_INIT;
    bool given = false;
    int code = cli_password_read(name, options->password_stdin, NULL, &password, &given);
    if (code == GZ_OK && !given) {
        gz_buf_append_cstr(&error, "no password: run on a terminal or pass --password-stdin");
        code = GZ_EINVAL;
    } else if (code != GZ_OK) {
        gz_buf_append_cstr(&error, "no password read");
    }
    if (code == GZ_OK)
        code = cli_user_create(store, name, role, options->display_name, gz_buf_cstr(&password),
                               &error);
    forget_password(&password);
    if (code == GZ_OK)
        printf("added %s (%s)\n", name, store_role_name(role));
    else
        cli_error(&user_command, "%s", gz_buf_cstr(&error));
    gz_buf_free(&error);
    return code == GZ_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

static int user_passwd(store_t *store, gz_pool_t *pool, const char *name,
                       const user_options_t *options)
{
    store_user_t user;
    gz_buf_t password = GZ_BUF_INIT, error = GZ_BUF_INIT, hash = GZ_BUF_INIT;
    int code = store_user_get(store, 0, name, pool, &user);
    if (code != GZ_OK)
        gz_buf_printf(&error, "no account named '%s'", name);
    bool given = false;
    if (code == GZ_OK &&
        (code = cli_password_read(name, options->password_stdin, NULL, &password, &given)) ==
            GZ_OK &&
        !given) {
        gz_buf_append_cstr(&error, "no password: run on a terminal or pass --password-stdin");
        code = GZ_EINVAL;
    }
    if (code == GZ_OK)
        code = store_password_check(gz_buf_cstr(&password), &error);
    if (code == GZ_OK && (code = store_password_hash(gz_buf_cstr(&password), &hash)) != GZ_OK)
        gz_buf_append_cstr(&error, "cannot hash the password");
    user.password_hash = gz_buf_cstr(&hash);
    if (code == GZ_OK && (code = store_user_update(store, &user)) != GZ_OK)
        gz_buf_append_cstr(&error, store_last_error(store));
    if (code == GZ_OK) {
        audit(store, "user-password", name, NULL);
        printf("changed the password of %s; its sessions have ended\n", name);
    } else {
        cli_error(&user_command, "%s", error.len > 0 ? gz_buf_cstr(&error) : "no password read");
    }
    forget_password(&password);
    gz_buf_free(&hash);
    gz_buf_free(&error);
    return code == GZ_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

static int user_set_disabled(store_t *store, gz_pool_t *pool, const char *name, bool disabled)
{
    store_user_t user;
    int code = store_user_get(store, 0, name, pool, &user);
    if (code != GZ_OK) {
        cli_error(&user_command, "no account named '%s'", name);
        return CLI_EXIT_FAILURE;
    }
    user.disabled = disabled;
    user.password_hash = NULL;
    if ((code = store_user_update(store, &user)) != GZ_OK) {
        cli_error(&user_command, "%s", store_last_error(store));
        return CLI_EXIT_FAILURE;
    }
    audit(store, disabled ? "user-disable" : "user-enable", name, NULL);
    printf("%s %s\n", disabled ? "disabled" : "enabled", name);
    return CLI_EXIT_OK;
}

static int user_list(store_t *store, gz_pool_t *pool)
{
    store_user_t *users;
    size_t count;
    if (store_user_list(store, pool, &users, &count) != GZ_OK) {
        cli_error(&user_command, "%s", store_last_error(store));
        return CLI_EXIT_FAILURE;
    }
    for (size_t i = 0; i < count; i++) {
        printf("%-24s %-7s %s%s\n", users[i].name, store_role_name(users[i].role),
               users[i].disabled ? "disabled " : "", users[i].display_name);
    }
    if (count == 0)
        printf("no accounts yet: add one with 'gazette user add NAME --role admin'\n");
    return CLI_EXIT_OK;
}

/* Takes --role, --display-name and --password-stdin out of argv (into
 * options), leaving the rest for cli_parse; kept has room for argc. */
static int take_own_options(int argc, char **argv, char **kept, int *kept_count,
                            user_options_t *options)
{
    *kept_count = 0;
    for (int i = 0; i < argc; i++) {
        const char **value = NULL;
        const char *name = NULL;
        if (strcmp(argv[i], "--password-stdin") == 0) {
            options->password_stdin = true;
            continue;
        }
        if (strncmp(argv[i], "--role", 6) == 0 && (argv[i][6] == '\0' || argv[i][6] == '='))
            value = &options->role, name = "--role";
        else if (strncmp(argv[i], "--display-name", 14) == 0 &&
                 (argv[i][14] == '\0' || argv[i][14] == '='))
            value = &options->display_name, name = "--display-name";
        if (value == NULL) {
            kept[(*kept_count)++] = argv[i];
        } else if (argv[i][strlen(name)] == '=') {
            *value = argv[i] + strlen(name) + 1;
        } else if (i + 1 < argc) {
            *value = argv[++i];
        } else {
            cli_error(&user_command, "option '%s' needs a value", name);
            return CLI_EXIT_USAGE;
        }
    }
    return -1;
}

static int run(store_t *store, gz_pool_t *pool, const cli_invocation_t *invocation,
               const user_options_t *options)
{
    const char *action = invocation->arguments[0];
    const char *name = invocation->argument_count > 1 ? invocation->arguments[1] : NULL;
    bool needs_name = strcmp(action, "list") != 0;
    if (needs_name != (name != NULL)) {
        cli_error(&user_command, "usage: %s", user_command.usage);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(action, "add") == 0)
        return user_add(store, name, options);
    if (strcmp(action, "passwd") == 0)
        return user_passwd(store, pool, name, options);
    if (strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0)
        return user_set_disabled(store, pool, name, strcmp(action, "disable") == 0);
    if (strcmp(action, "list") == 0)
        return user_list(store, pool);
    cli_error(&user_command, "unknown action '%s' (add, passwd, list, disable, enable)", action);
    return CLI_EXIT_USAGE;
}

int cli_user_main(int argc, char **argv)
{
    user_options_t options = {0};
    char **kept = gz_calloc((size_t)argc + 1, sizeof *kept);
    int kept_count = 0;
    cli_invocation_t invocation = {0};
    int status = take_own_options(argc, argv, kept, &kept_count, &options);
    if (status < 0)
        status = cli_start(&user_command, kept_count, kept, &invocation);
    if (status >= 0) {
        free(kept);
        return status;
    }
    store_t *store = cli_open_store(&user_command, &invocation.config);
    status = CLI_EXIT_FAILURE;
    if (store != NULL) {
        gz_pool_t pool = GZ_POOL_INIT;
        status = run(store, &pool, &invocation, &options);
        gz_pool_clear(&pool);
    }
    store_close(store);
    cli_invocation_free(&invocation);
    free(kept);
    return status;
}
