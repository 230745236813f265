/*
 * db.c: `gazette db migrate|status|copy`, the database administrator's
 * commands.
 *
 * migrate brings the schema up to date (what serve, import and init also
 * do on start) and says from which version to which, so a deploy can run
 * it as its own step before the new binaries start. status only reads: it
 * never creates a database or a table, and its exit status tells a script
 * whether migrations are pending (3) or the database is newer than this
 * program (4). copy moves a whole site to a new, empty store, typically
 * from SQLite to PostgreSQL when one machine is no longer enough: see
 * store_copy for what is copied, the snapshot and the count check; this
 * file adds the migration of the target first and the rebuild of what the
 * target derives (search index, related lists) afterwards.
 *
 * URLs are printed without their password, so the output can go to a log.
 * Progress goes to stderr on a terminal only, as for reindex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

/* Exit statuses of `db status` beyond the common ones (cli.h). */
enum { DB_EXIT_PENDING = 3, DB_EXIT_NEWER = 4 };

static const char *const db_flags[] = {"store", "log-level", NULL};

static const cli_command_t db_command = {
    .name = "db",
    .usage = "gazette db migrate [--store URL] [--config FILE]\n"
             "       gazette db status [--store URL] [--config FILE]\n"
             "       gazette db copy --from URL --to URL",
    .description =
        "migrate applies the schema steps the store lacks, each in its own transaction,\n"
        "and says from which version to which. Safe to run again, and from several\n"
        "nodes at once.\n"
        "\n"
        "status shows the store's backend, its URL (never its password), its schema\n"
        "version against this program's and what it holds. It changes nothing. Exit\n"
        "status: 0 up to date, 3 migrations are pending (run 'gazette db migrate'),\n"
        "4 the database is newer than this program, 1 the store cannot be read; a\n"
        "deploy script can check it before starting new nodes.\n"
        "\n"
        "copy moves a whole site into a new, empty store, for example\n"
        "  gazette db copy --from sqlite:var/gazette.db --to postgresql://host/gazette\n"
        "It migrates the target, copies every table in one transaction, counts the rows\n"
        "of each table on both sides before committing (any failure or difference\n"
        "leaves the target empty), then rebuilds the target's search index (the\n"
        "automatic related lists are copied: both backends compute them alike). It refuses a target that already holds articles, accounts or any other\n"
        "rows. The source is only read, in one snapshot: stop writes to it first (take\n"
        "the site offline or read-only), since changes made during the copy are not\n"
        "copied; a warning says when there were some.",
    .flags = db_flags,
    .min_arguments = 0, /* a missing action gets a one-line message of its own */
    .max_arguments = 1,
};

/* ---- small helpers ----------------------------------------------------- */

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool is_pg_url(const char *url)
{
    return starts_with(url, "postgresql://") || starts_with(url, "postgres://");
}

/* Appends the query string of a URL without its password= parameters. */
static void append_query_without_password(gz_buf_t *out, const char *query)
{
    bool first = true;
    while (*query != '\0') {
        size_t len = strcspn(query, "&");
        if (!starts_with(query, "password=")) {
            gz_buf_append_char(out, first ? '?' : '&');
            gz_buf_append(out, query, len);
            first = false;
        }
        query += len + (query[len] == '&');
    }
}

/* url as it may be shown: a PostgreSQL URL loses the password of its
 * user part ("user:secret@") and its password= parameter. */
static void append_shown_url(gz_buf_t *out, const char *url)
{
    if (!is_pg_url(url)) {
        gz_buf_append_cstr(out, url);
        return;
    }
    const char *authority = strstr(url, "://") + 3;
    size_t authority_len = strcspn(authority, "/?#");
    const char *at = NULL;
    for (const char *c = authority; c < authority + authority_len; c++)
        if (*c == '@')
            at = c;
    const char *colon = at ? memchr(authority, ':', (size_t)(at - authority)) : NULL;
    gz_buf_append(out, url, (size_t)((colon ? colon : authority) - url));
    if (colon != NULL)
        gz_buf_append(out, at, (size_t)(authority + authority_len - at));
    else
        gz_buf_append(out, authority, authority_len);
    const char *rest = authority + authority_len;
    size_t path_len = strcspn(rest, "?#");
    gz_buf_append(out, rest, path_len);
    if (rest[path_len] == '?') {
        size_t query_len = strcspn(rest + path_len + 1, "#");
        char *query = gz_strndup(rest + path_len + 1, query_len);
        append_query_without_password(out, query);
        free(query);
        path_len += 1 + query_len;
    }
    gz_buf_append_cstr(out, rest + path_len);
}

/* Shown URLs, for messages: two may be in use at once (from, to). */
static gz_buf_t shown_urls[2];

static const char *shown(const char *url, int slot)
{
    gz_buf_reset(&shown_urls[slot]);
    append_shown_url(&shown_urls[slot], url);
    return gz_buf_cstr(&shown_urls[slot]);
}

static void free_shown(void)
{
    for (int slot = 0; slot < 2; slot++)
        gz_buf_free(&shown_urls[slot]);
}

/* Prints a store's message (always one line) after its context. */
static void fail_line(const char *context, const char *message)
{
    if (context != NULL)
        cli_error(&db_command, "%s: %s", context, message);
    else
        cli_error(&db_command, "%s", message);
}

/* A SQLite store that is not there yet is an error for the commands that
 * must not create one (status, and copy's source). */
static bool sqlite_file_missing(const char *url)
{
    if (is_pg_url(url))
        return false;
    const char *path = starts_with(url, "sqlite:") ? url + strlen("sqlite:") : url;
    if (path[0] == '\0' || strcmp(path, ":memory:") == 0 || access(path, F_OK) == 0)
        return false;
    cli_error(&db_command, "no store at %s (gazette init or gazette db migrate creates one)", path);
    return true;
}

/* Opens url without migrating it. */
static store_t *open_store(const char *url)
{
    gz_buf_t error = GZ_BUF_INIT;
    store_t *store = NULL;
    if (store_open(url, &store, &error) != GZ_OK)
        fail_line(shown(url, 0), gz_buf_cstr(&error));
    gz_buf_free(&error);
    return store;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* ---- migrate ----------------------------------------------------------- */

static int db_migrate(const char *url)
{
    store_t *store = open_store(url);
    if (store == NULL)
        return CLI_EXIT_FAILURE;
    int before = 0, after = 0, latest = 0;
    int status = CLI_EXIT_FAILURE;
    if (store_schema_version(store, &before, &latest) != GZ_OK)
        fail_line(shown(url, 0), store_last_error(store));
    else if (store_migrate(store) != GZ_OK)
        fail_line(shown(url, 0), store_last_error(store));
    else if (store_schema_version(store, &after, &latest) != GZ_OK)
        fail_line(shown(url, 0), store_last_error(store));
    else
        status = CLI_EXIT_OK;
    if (status == CLI_EXIT_OK && before == after)
        printf("%s is up to date (schema version %d)\n", shown(url, 0), after);
    else if (status == CLI_EXIT_OK)
        printf("migrated %s from schema version %d to %d\n", shown(url, 0), before, after);
    store_close(store);
    return status;
}

/* ---- status ------------------------------------------------------------ */

static int64_t rows_of(const store_copy_report_t *counts, const char *table)
{
    for (size_t i = 0; i < counts->table_count; i++)
        if (strcmp(counts->tables[i].table, table) == 0)
            return counts->tables[i].source_rows;
    return 0;
}

static int print_contents(store_t *store)
{
    store_copy_report_t counts;
    gz_pool_t pool = GZ_POOL_INIT;
    content_article_list_t live = {0};
    store_article_query_t query = {.live_only = true, .now = gz_now(), .limit = 1};
    int code = store_count_rows(store, &counts);
    if (code == GZ_OK)
        code = store_article_list(store, &query, &pool, &live);
    gz_pool_clear(&pool);
    if (code != GZ_OK) {
        fail_line("counting", store_last_error(store));
        return CLI_EXIT_FAILURE;
    }
    printf("articles:  %lld (%zu live)\n", (long long)rows_of(&counts, "articles"), live.total);
    printf("sections:  %lld, tags: %lld, authors: %lld\n", (long long)rows_of(&counts, "sections"),
           (long long)rows_of(&counts, "tags"), (long long)rows_of(&counts, "authors"));
    printf("accounts:  %lld, revisions: %lld, audit entries: %lld\n",
           (long long)rows_of(&counts, "users"), (long long)rows_of(&counts, "article_revisions"),
           (long long)rows_of(&counts, "audit_log"));
    return CLI_EXIT_OK;
}

static int db_status(const char *url)
{
    if (sqlite_file_missing(url))
        return CLI_EXIT_FAILURE;
    store_t *store = open_store(url);
    if (store == NULL)
        return CLI_EXIT_FAILURE;
    int current = 0, latest = 0;
    int status = CLI_EXIT_OK;
    if (store_schema_version(store, &current, &latest) != GZ_OK) {
        fail_line(shown(url, 0), store_last_error(store));
        store_close(store);
        return CLI_EXIT_FAILURE;
    }
    printf("store:     %s\n", shown(url, 0));
    printf("backend:   %s\n", is_pg_url(url) ? "postgresql" : "sqlite");
    if (current == latest) {
        printf("schema:    version %d, up to date\n", current);
        status = print_contents(store);
    } else if (current < latest) {
        printf("schema:    version %d, this program's is %d: %d migration%s pending "
               "(run 'gazette db migrate')\n",
               current, latest, latest - current, latest - current == 1 ? "" : "s");
        status = DB_EXIT_PENDING;
    } else {
        printf("schema:    version %d, newer than this program's %d: run a newer gazette\n",
               current, latest);
        status = DB_EXIT_NEWER;
    }
    store_close(store);
    return status;
}

/* ---- copy -------------------------------------------------------------- */

typedef struct {
    const char *what; /* "search index", "related articles"; NULL while copying */
    bool on_terminal;
    size_t last_percent;
    const char *last_table;
} progress_t;

static void show_line(progress_t *progress, const char *label, size_t done, size_t total,
                      const char *unit)
{
    size_t percent = total > 0 ? done * 100 / total : 100;
    if (percent == progress->last_percent && done != total)
        return;
    fprintf(stderr, "\r%-26s %zu/%zu %s (%zu%%)", label, done, total, unit, percent);
    fflush(stderr);
    progress->last_percent = percent;
}

static void show_copy_progress(void *context, const char *table, size_t done, size_t total)
{
    progress_t *progress = context;
    if (!progress->on_terminal)
        return;
    char label[64];
    snprintf(label, sizeof label, "copying %s:", table);
    if (progress->last_table != table)
        progress->last_percent = 101; /* a new label: show it at once */
    progress->last_table = table;
    show_line(progress, label, done, total, "rows");
}

static void show_rebuild_progress(void *context, size_t done, size_t total)
{
    progress_t *progress = context;
    if (!progress->on_terminal)
        return;
    char label[64];
    snprintf(label, sizeof label, "%s:", progress->what);
    show_line(progress, label, done, total, "articles");
}

static void end_progress_line(const progress_t *progress)
{
    if (progress->on_terminal && progress->last_percent <= 100)
        fputc('\n', stderr);
}

static void print_counts(const store_copy_report_t *report)
{
    printf("%-18s %12s %12s\n", "table", "source", "target");
    for (size_t i = 0; i < report->table_count; i++) {
        const store_copy_count_t *count = &report->tables[i];
        printf("%-18s %12lld %12lld\n", count->table, (long long)count->source_rows,
               (long long)count->target_rows);
    }
    printf("count check: every table matches (%lld rows)\n", (long long)report->rows);
}

typedef int (*rebuild_fn)(store_t *store, store_progress_fn progress, void *context);

static int rebuild(store_t *target, const char *to, const char *what, rebuild_fn function)
{
    progress_t progress = {.what = what, .on_terminal = isatty(STDERR_FILENO), .last_percent = 101};
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int code = function(target, show_rebuild_progress, &progress);
    end_progress_line(&progress);
    if (code != GZ_OK) {
        gz_buf_t context = GZ_BUF_INIT;
        gz_buf_printf(&context,
                      "the rows are copied, but rebuilding the %s failed (run 'gazette "
                      "reindex --store %s' once the cause is fixed)",
                      what, to);
        fail_line(gz_buf_cstr(&context), store_last_error(target));
        gz_buf_free(&context);
        return CLI_EXIT_FAILURE;
    }
    printf("%s rebuilt in %.1f s\n", what, seconds_since(&start));
    fflush(stdout);
    return CLI_EXIT_OK;
}

static int copy_rows(store_t *source, store_t *target, const char *from, const char *to)
{
    progress_t progress = {.on_terminal = isatty(STDERR_FILENO), .last_percent = 101};
    store_copy_report_t report;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    printf("copying %s to %s\n", shown(from, 0), shown(to, 1));
    fflush(stdout);
    int code = store_copy(source, target, show_copy_progress, &progress, &report);
    end_progress_line(&progress);
    if (code != GZ_OK) {
        fail_line(NULL, store_last_error(target));
        return CLI_EXIT_FAILURE;
    }
    print_counts(&report);
    printf("copied in %.1f s\n", seconds_since(&start));
    fflush(stdout); /* the rebuilds take a while: a log shows this much already */
    if (report.source_changed)
        cli_error(&db_command, "warning: the source changed during the copy and those changes are "
                               "not in the target; stop writes to the source and copy again into "
                               "a new, empty store to have them");
    return CLI_EXIT_OK;
}

/* Opens the target and migrates it, unless it has an older schema than
 * this program's but not none: that is a store in use somewhere (or a
 * mistyped URL), which copy must not be the one to migrate. */
static store_t *open_target(const char *to)
{
    store_t *target = open_store(to);
    int current = 0, latest = 0;
    if (target != NULL && store_schema_version(target, &current, &latest) != GZ_OK) {
        fail_line(shown(to, 0), store_last_error(target));
    } else if (target != NULL && current > 0 && current < latest) {
        cli_error(&db_command,
                  "the target %s has schema version %d, older than this program's %d: copy only "
                  "into a new, empty store (or run 'gazette db migrate' on it first)",
                  shown(to, 0), current, latest);
    } else if (target != NULL && store_migrate(target) != GZ_OK) {
        fail_line(shown(to, 0), store_last_error(target));
    } else {
        return target;
    }
    store_close(target);
    return NULL;
}

static int db_copy(const char *from, const char *to)
{
    if (sqlite_file_missing(from))
        return CLI_EXIT_FAILURE;
    store_t *source = open_store(from);
    store_t *target = source ? open_target(to) : NULL;
    int status = target ? copy_rows(source, target, from, to) : CLI_EXIT_FAILURE;
    gz_buf_t shown_to = GZ_BUF_INIT;
    append_shown_url(&shown_to, to);
    if (status == CLI_EXIT_OK)
        status = rebuild(target, gz_buf_cstr(&shown_to), "search index", store_search_rebuild);
    if (status == CLI_EXIT_OK)
        printf("done: point the site's store URL at %s\n", gz_buf_cstr(&shown_to));
    gz_buf_free(&shown_to);
    store_close(target);
    store_close(source);
    return status;
}

/* ---- options and dispatch ---------------------------------------------- */

typedef struct {
    const char *from;
    const char *to;
    bool store_given;
} db_options_t;

/* Takes --from and --to out of argv (into options), leaving the rest for
 * cli_parse; kept has room for argc. Notes whether --store was given,
 * which copy does not take. */
static int take_own_options(int argc, char **argv, char **kept, int *kept_count,
                            db_options_t *options)
{
    *kept_count = 0;
    for (int i = 0; i < argc; i++) {
        const char **value = NULL;
        size_t name_len = 0;
        if (starts_with(argv[i], "--from") && (argv[i][6] == '\0' || argv[i][6] == '='))
            value = &options->from, name_len = 6;
        else if (starts_with(argv[i], "--to") && (argv[i][4] == '\0' || argv[i][4] == '='))
            value = &options->to, name_len = 4;
        options->store_given = options->store_given || starts_with(argv[i], "--store");
        if (value == NULL) {
            kept[(*kept_count)++] = argv[i];
        } else if (argv[i][name_len] == '=') {
            *value = argv[i] + name_len + 1;
        } else if (i + 1 < argc) {
            *value = argv[++i];
        } else {
            cli_error(&db_command, "option '%.*s' needs a value", (int)name_len, argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    return -1;
}

static int check_copy_options(const db_options_t *options)
{
    if (options->store_given) {
        cli_error(&db_command, "copy takes --from URL and --to URL, not --store");
        return CLI_EXIT_USAGE;
    }
    if (options->from == NULL || options->to == NULL || !options->from[0] || !options->to[0]) {
        cli_error(&db_command, "copy needs --from URL and --to URL");
        return CLI_EXIT_USAGE;
    }
    if (strcmp(options->from, options->to) == 0) {
        cli_error(&db_command, "--from and --to name the same store");
        return CLI_EXIT_USAGE;
    }
    return -1;
}

static int run(const char *action, const gz_config_t *config, const db_options_t *options)
{
    bool copy = strcmp(action, "copy") == 0;
    if (!copy && strcmp(action, "migrate") != 0 && strcmp(action, "status") != 0) {
        cli_error(&db_command, "unknown action '%s' (migrate, status or copy)", action);
        return CLI_EXIT_USAGE;
    }
    if (!copy && (options->from != NULL || options->to != NULL)) {
        cli_error(&db_command, "only copy takes --from and --to (%s uses --store)", action);
        return CLI_EXIT_USAGE;
    }
    if (copy) {
        int status = check_copy_options(options);
        return status >= 0 ? status : db_copy(options->from, options->to);
    }
    if (strcmp(action, "migrate") == 0)
        return db_migrate(config->store_url);
    return db_status(config->store_url);
}

int cli_db_main(int argc, char **argv)
{
    db_options_t options = {0};
    char **kept = gz_calloc((size_t)argc + 1, sizeof *kept);
    int kept_count = 0;
    cli_invocation_t invocation = {0};
    int status = take_own_options(argc, argv, kept, &kept_count, &options);
    if (status < 0)
        status = cli_start(&db_command, kept_count, kept, &invocation);
    if (status >= 0) {
        free(kept);
        return status;
    }
    if (invocation.argument_count == 0) {
        cli_error(&db_command, "missing action (migrate, status or copy; see 'gazette db --help')");
        status = CLI_EXIT_USAGE;
    } else {
        status = run(invocation.arguments[0], &invocation.config, &options);
    }
    free_shown();
    cli_invocation_free(&invocation);
    free(kept);
    return status;
}
