/*
 * import.c: `gazette import FILE...` imports each file in its own
 * transaction, so one malformed file costs only itself: its error names
 * the file and line, nothing of it is stored, and the others go on. The
 * exit status is 1 when any file failed. On a terminal a progress line
 * counts the files; elsewhere (CI, cron) only results and errors print.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/ingest.h"
#include "store/store.h"

static const char *const import_flags[] = {"store", "log-level", NULL};

static const cli_command_t import_command = {
    .name = "import",
    .usage = "gazette import [--store URL] [--config FILE] FILE...",
    .description = "Imports articles from files in the sample's text format (headline, time,\n"
                   "lede, dateline, paragraphs, editor code, related items). Each file is one\n"
                   "transaction: a malformed file is reported with its line and stores nothing.\n"
                   "Importing a file again updates its article, or changes nothing.",
    .flags = import_flags,
    .min_arguments = 1,
    .max_arguments = -1,
};

typedef struct {
    size_t created, updated, unchanged, failed, stubs;
} import_totals_t;

static void count_result(import_totals_t *totals, const ingest_result_t *result)
{
    totals->stubs += result->stubs_created;
    if (result->outcome == INGEST_CREATED) {
        totals->created++;
    } else if (result->outcome == INGEST_UPDATED) {
        totals->updated++;
    } else {
        totals->unchanged++;
    }
}

static void import_one(store_t *store, const char *path, const ingest_options_t *options,
                       bool verbose, import_totals_t *totals)
{
    ingest_result_t result = {0};
    gz_buf_t error = GZ_BUF_INIT;
    if (ingest_import_file(store, path, options, &result, &error) != GZ_OK) {
        totals->failed++;
        cli_error(&import_command, "%s", gz_buf_cstr(&error));
    } else {
        count_result(totals, &result);
        if (verbose) {
            printf("%s: %s article %lld (%zu related stubs created)\n", path,
                   ingest_outcome_name(result.outcome), (long long)result.article_id,
                   result.stubs_created);
            /* Said only once committed, and at once: a log then holds
             * every file done even if the command dies on the next one. */
            fflush(stdout);
        }
    }
    gz_buf_free(&error);
}

static int import_all(store_t *store, const cli_invocation_t *invocation)
{
    gz_pool_t pool = GZ_POOL_INIT;
    gz_buf_t error = GZ_BUF_INIT;
    ingest_options_t options;
    int code =
        ingest_options_load(store, invocation->config.site_language, &pool, &options, &error);
    if (code != GZ_OK) {
        cli_error(&import_command, "%s", gz_buf_cstr(&error));
        gz_buf_free(&error);
        gz_pool_clear(&pool);
        return CLI_EXIT_FAILURE;
    }
    import_totals_t totals = {0};
    bool progress = isatty(STDERR_FILENO) && invocation->argument_count > 1;
    bool verbose = invocation->argument_count <= 20;
    for (int i = 0; i < invocation->argument_count; i++) {
        if (progress) {
            fprintf(stderr, "\rimporting %d/%d", i + 1, invocation->argument_count);
        }
        import_one(store, invocation->arguments[i], &options, verbose && !progress, &totals);
    }
    if (progress) {
        fputc('\n', stderr);
    }
    printf("imported %d files: %zu created, %zu updated, %zu unchanged, %zu failed; "
           "%zu related stubs created\n",
           invocation->argument_count, totals.created, totals.updated, totals.unchanged,
           totals.failed, totals.stubs);
    gz_buf_free(&error);
    gz_pool_clear(&pool);
    return totals.failed > 0 ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}

int cli_import_main(int argc, char **argv)
{
    cli_invocation_t invocation;
    int status = cli_start(&import_command, argc, argv, &invocation);
    if (status >= 0) {
        return status;
    }
    store_t *store = cli_open_store(&import_command, &invocation.config);
    status = store != NULL ? import_all(store, &invocation) : CLI_EXIT_FAILURE;
    store_close(store);
    cli_invocation_free(&invocation);
    return status;
}
