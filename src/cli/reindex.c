/*
 * reindex.c: `gazette reindex [search|related]` rebuilds what the store
 * derives from the articles: the full-text index (one transaction, so the
 * site keeps searching the old index until the new one commits) and the
 * automatic related lists (a few hundred articles per transaction). With
 * no argument it does both, search first, since related lists are read
 * from the index. The index follows every write by itself; this is for a
 * changed tokenizer, a restored backup or a suspicion.
 *
 * On a terminal a progress line counts the articles; elsewhere (cron, CI)
 * only the result line is printed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static const char *const reindex_flags[] = {"store", "log-level", NULL};

static const cli_command_t reindex_command = {
    .name = "reindex",
    .usage = "gazette reindex [--store URL] [--config FILE] [search|related]",
    .description = "Rebuilds the full-text search index from the published articles, then\n"
                   "recomputes every article's automatic related list. 'search' or 'related'\n"
                   "does only that part. Readers keep the old index until the new one is\n"
                   "complete.",
    .flags = reindex_flags,
    .min_arguments = 0,
    .max_arguments = 1,
};

typedef struct {
    const char *what;
    bool on_terminal;
    size_t last_percent;
} progress_t;

static void show_progress(void *context, size_t done, size_t total)
{
    progress_t *progress = context;
    if (!progress->on_terminal) {
        return;
    }
    size_t percent = total > 0 ? done * 100 / total : 100;
    if (percent != progress->last_percent || done == total) {
        fprintf(stderr, "\r%s: %zu/%zu articles (%zu%%)", progress->what, done, total, percent);
        fflush(stderr);
        progress->last_percent = percent;
    }
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

typedef int (*rebuild_fn)(store_t *store, store_progress_fn progress, void *context);

static int run_step(store_t *store, const char *what, rebuild_fn rebuild)
{
    progress_t progress = {.what = what, .on_terminal = isatty(STDERR_FILENO), .last_percent = 101};
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int code = rebuild(store, show_progress, &progress);
    if (progress.on_terminal && progress.last_percent <= 100) {
        fputc('\n', stderr);
    }
    if (code != GZ_OK) {
        cli_error(&reindex_command, "%s: %s", what, store_last_error(store));
        return CLI_EXIT_FAILURE;
    }
    printf("%s rebuilt in %.1f s\n", what, seconds_since(&start));
    return CLI_EXIT_OK;
}

static int reindex(store_t *store, const char *part)
{
    bool search = part == NULL || strcmp(part, "search") == 0;
    bool related = part == NULL || strcmp(part, "related") == 0;
    int status = CLI_EXIT_OK;
    if (search) {
        status = run_step(store, "search index", store_search_rebuild);
    }
    if (status == CLI_EXIT_OK && related) {
        status = run_step(store, "related articles", store_related_rebuild);
    }
    return status;
}

int cli_reindex_main(int argc, char **argv)
{
    cli_invocation_t invocation;
    int status = cli_start(&reindex_command, argc, argv, &invocation);
    if (status >= 0) {
        return status;
    }
    const char *part = invocation.argument_count > 0 ? invocation.arguments[0] : NULL;
    if (part != NULL && strcmp(part, "search") != 0 && strcmp(part, "related") != 0) {
        cli_error(&reindex_command, "unknown part '%s' (use 'search' or 'related')", part);
        cli_invocation_free(&invocation);
        return CLI_EXIT_USAGE;
    }
    store_t *store = cli_open_store(&reindex_command, &invocation.config);
    status = store != NULL ? reindex(store, part) : CLI_EXIT_FAILURE;
    store_close(store);
    cli_invocation_free(&invocation);
    return status;
}
