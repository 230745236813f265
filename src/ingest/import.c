/*
 * import: writes what text_format parsed into the store, all or nothing,
 * through the newsroom like every other writer.
 *
 * One file is one transaction (newsroom_import_article): the comparison
 * with what an earlier import stored (an unchanged file writes nothing),
 * the section, the stubs the related list needs, the article, its
 * revision and an audit row naming the command and the file. This file
 * reads files, names them in messages ("FILE: what went wrong") and turns
 * the newsroom's outcome into the importer's.
 */
#include "ingest/ingest.h"

#include "newsroom/newsroom.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *ingest_outcome_name(ingest_outcome_t outcome)
{
    switch (outcome) {
    case INGEST_CREATED: return "created";
    case INGEST_UPDATED: return "updated";
    case INGEST_UNCHANGED: return "unchanged";
    }
    return "unknown";
}

/* The command's name in revisions and the audit log. */
#define IMPORT_COMMAND "gazette import"

static ingest_outcome_t outcome_of(newsroom_import_outcome_t outcome)
{
    switch (outcome) {
    case NEWSROOM_IMPORT_CREATED: return INGEST_CREATED;
    case NEWSROOM_IMPORT_UPDATED: return INGEST_UPDATED;
    case NEWSROOM_IMPORT_UNCHANGED: break;
    }
    return INGEST_UNCHANGED;
}

int ingest_store_parsed(store_t *store, const ingest_parsed_t *parsed, ingest_result_t *result,
                        gz_buf_t *error)
{
    *result = (ingest_result_t){0};
    gz_pool_t pool = GZ_POOL_INIT;
    newsroom_actor_t actor = {
        .name = IMPORT_COMMAND, .role = STORE_ROLE_ADMIN, .file = parsed->file_name};
    newsroom_import_result_t written;
    int rc = newsroom_import_article(store, &actor, &parsed->article, parsed->stubs,
                                     parsed->stub_count, &pool, &written);
    if (rc == GZ_OK) {
        result->outcome = outcome_of(written.outcome);
        result->article_id = written.article_id;
        result->stubs_created = written.stubs_created;
    } else {
        gz_buf_printf(error, "%s: %s", parsed->file_name, written.message);
    }
    gz_pool_clear(&pool);
    return rc;
}

/* ---- whole files ------------------------------------------------------ */

int ingest_import_text(store_t *store, const char *file_name, const char *bytes, size_t len,
                       const ingest_options_t *options, ingest_result_t *result, gz_buf_t *error)
{
    *result = (ingest_result_t){0};
    gz_pool_t pool = GZ_POOL_INIT;
    ingest_parsed_t parsed;
    int rc = ingest_text_parse(file_name, bytes, len, options, &pool, &parsed, error);
    if (rc == GZ_OK)
        rc = ingest_store_parsed(store, &parsed, result, error);
    gz_pool_clear(&pool);
    return rc;
}

/* Reads at most INGEST_MAX_FILE_BYTES + 1 bytes, so a larger file is
 * refused without reading it all. */
static int read_file(const char *path, gz_buf_t *contents, gz_buf_t *error)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        gz_buf_printf(error, "%s: cannot open: %s", path, strerror(errno));
        return GZ_EIO;
    }
    char chunk[65536];
    size_t got;
    while (contents->len <= INGEST_MAX_FILE_BYTES &&
           (got = fread(chunk, 1, sizeof chunk, file)) > 0)
        gz_buf_append(contents, chunk, got);
    int failed = ferror(file);
    int saved_errno = errno;
    fclose(file);
    if (failed) {
        gz_buf_printf(error, "%s: cannot read: %s", path, strerror(saved_errno));
        return GZ_EIO;
    }
    if (contents->len > INGEST_MAX_FILE_BYTES) {
        gz_buf_printf(error, "%s: file is larger than %zu MiB", path, INGEST_MAX_FILE_BYTES >> 20);
        return GZ_EPARSE;
    }
    return GZ_OK;
}

int ingest_import_file(store_t *store, const char *path, const ingest_options_t *options,
                       ingest_result_t *result, gz_buf_t *error)
{
    *result = (ingest_result_t){0};
    gz_buf_t contents = GZ_BUF_INIT;
    int rc = read_file(path, &contents, error);
    if (rc == GZ_OK)
        rc = ingest_import_text(store, path, contents.data, contents.len, options, result, error);
    gz_buf_free(&contents);
    return rc;
}

int ingest_options_load(store_t *store, const char *site_language, gz_pool_t *pool,
                        ingest_options_t *out, gz_buf_t *error)
{
    content_type_t *types = NULL;
    size_t count = 0;
    int rc = store_content_type_list(store, pool, &types, &count);
    if (rc != GZ_OK) {
        gz_buf_printf(error, "could not load the content types: %s (%s)", store_last_error(store),
                      gz_strerror(rc));
        return rc;
    }
    *out = (ingest_options_t){
        .site_language = gz_pool_strdup(pool, site_language),
        .content_types = types,
        .content_type_count = count,
    };
    return GZ_OK;
}
