/*
 * import: writes what text_format parsed into the store, all or nothing.
 *
 * One file is one transaction: find the article by its source_ref, compare,
 * then ensure the section, create the stubs the related list needs and put
 * the article. Any failure rolls the whole file back, so a reader never
 * sees an article whose related items are missing, nor stubs without the
 * article that pointed at them.
 *
 * Imports are repeated (a nightly re-run over the same folder), so the
 * comparison comes first and an unchanged file writes nothing: no new
 * revision, no updated_at change, no cache invalidation. The comparison
 * covers only the fields the file carries; what editors added in Gazette
 * (status changes, subtitle, authors, tags, a lead image) is neither
 * compared nor overwritten.
 */
#include "ingest/ingest.h"

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

static int store_failure(store_t *store, const ingest_parsed_t *parsed, int rc, const char *what,
                         gz_buf_t *error)
{
    gz_buf_printf(error, "%s: could not %s: %s (%s)", parsed->file_name, what,
                  store_last_error(store), gz_strerror(rc));
    return rc;
}

/* ---- comparison ------------------------------------------------------- */

static bool same_text(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static bool same_section(const content_section_t *stored, const content_section_t *parsed)
{
    if (stored->id == 0)
        return false;
    if (stored->slug != NULL && parsed->slug != NULL)
        return strcmp(stored->slug, parsed->slug) == 0;
    return same_text(stored->name, parsed->name);
}

/* The editor's links only: the store appends automatic ones after them. */
static bool same_related(const content_article_t *stored, const content_article_t *parsed)
{
    size_t manual = 0;
    while (manual < stored->related_count && !stored->related[manual].automatic)
        manual++;
    if (manual != parsed->related_count)
        return false;
    for (size_t i = 0; i < parsed->related_count; i++)
        if (stored->related[i].id != parsed->related[i].id)
            return false;
    return true;
}

/* True when every field the file carries already has the file's value. */
static bool article_unchanged(const content_article_t *stored, const content_article_t *parsed)
{
    return !stored->is_stub && same_text(stored->headline, parsed->headline) &&
           same_text(stored->summary, parsed->summary) &&
           same_text(stored->body_markdown, parsed->body_markdown) &&
           same_text(stored->dateline, parsed->dateline) &&
           same_section(&stored->section, &parsed->section) &&
           stored->content_type.id == parsed->content_type.id &&
           same_text(stored->language, parsed->language) &&
           same_text(stored->editor_code, parsed->editor_code) &&
           (parsed->lead_image == NULL || same_text(stored->lead_image, parsed->lead_image)) &&
           stored->published_at == parsed->published_at && same_related(stored, parsed);
}

/* The article to put: the file's fields over the stored article's, so
 * what the newsroom added survives an update. */
static content_article_t merge(const content_article_t *stored, const content_article_t *parsed)
{
    content_article_t article = *parsed;
    if (stored == NULL)
        return article;
    article.id = stored->id;
    article.status = stored->status;
    article.subtitle = stored->subtitle;
    if (parsed->lead_image == NULL)
        article.lead_image = stored->lead_image;
    article.authors = stored->authors;
    article.author_count = stored->author_count;
    article.tags = stored->tags;
    article.tag_count = stored->tag_count;
    article.created_at = stored->created_at;
    return article;
}

/* ---- writing ---------------------------------------------------------- */

/* Loads the article imported from the same source before, or sets *stored
 * to NULL. */
static int load_previous(store_t *store, const ingest_parsed_t *parsed, gz_pool_t *pool,
                         content_article_t **stored, gz_buf_t *error)
{
    *stored = NULL;
    int64_t id;
    int rc = store_article_find_by_source_ref(store, parsed->article.source_ref, &id);
    if (rc == GZ_ENOTFOUND)
        return GZ_OK;
    if (rc == GZ_OK)
        rc = store_article_get(store, id, pool, stored);
    if (rc != GZ_OK)
        return store_failure(store, parsed, rc, "read the article stored before", error);
    return GZ_OK;
}

static int create_missing_stubs(store_t *store, const ingest_parsed_t *parsed,
                                ingest_result_t *result, gz_buf_t *error)
{
    for (size_t i = 0; i < parsed->stub_count; i++) {
        bool exists = false;
        bool is_stub = false;
        int rc = store_article_exists(store, parsed->stubs[i].id, &exists, &is_stub);
        if (rc != GZ_OK)
            return store_failure(store, parsed, rc, "look up a related item", error);
        if (exists)
            continue;
        content_article_t stub = parsed->stubs[i];
        rc = store_article_put(store, &stub);
        if (rc != GZ_OK)
            return store_failure(store, parsed, rc, "store a related item", error);
        result->stubs_created++;
    }
    return GZ_OK;
}

/* The parser validated the file's article; once merged with the stored
 * one it has an id, and may for instance list itself as related. */
static int validate_merged(const ingest_parsed_t *parsed, const content_article_t *article,
                           gz_buf_t *error)
{
    gz_buf_t problems = GZ_BUF_INIT;
    int rc = content_article_validate(article, &problems);
    if (rc != GZ_OK) {
        gz_str_t text = gz_str_trim(gz_buf_str(&problems));
        gz_buf_printf(error, "%s: the article is not valid: %.*s", parsed->file_name, (int)text.len,
                      text.ptr);
    }
    gz_buf_free(&problems);
    return rc;
}

static int write_article(store_t *store, const ingest_parsed_t *parsed,
                         const content_article_t *stored, ingest_result_t *result, gz_buf_t *error)
{
    content_article_t article = merge(stored, &parsed->article);
    int rc = validate_merged(parsed, &article, error);
    if (rc != GZ_OK)
        return rc;
    rc = store_section_ensure(store, parsed->article.section.name, &article.section.id);
    if (rc != GZ_OK)
        return store_failure(store, parsed, rc, "store the section", error);
    rc = create_missing_stubs(store, parsed, result, error);
    if (rc != GZ_OK)
        return rc;
    rc = store_article_put(store, &article);
    if (rc != GZ_OK)
        return store_failure(store, parsed, rc, "store the article", error);
    result->article_id = article.id;
    result->outcome = stored != NULL ? INGEST_UPDATED : INGEST_CREATED;
    return GZ_OK;
}

/* Runs inside the transaction; sets result->outcome. */
static int import_in_transaction(store_t *store, const ingest_parsed_t *parsed,
                                 ingest_result_t *result, gz_buf_t *error)
{
    gz_pool_t pool = GZ_POOL_INIT;
    content_article_t *stored;
    int rc = load_previous(store, parsed, &pool, &stored, error);
    if (rc == GZ_OK && stored != NULL && article_unchanged(stored, &parsed->article)) {
        result->article_id = stored->id;
        result->outcome = INGEST_UNCHANGED;
    } else if (rc == GZ_OK) {
        rc = write_article(store, parsed, stored, result, error);
    }
    gz_pool_clear(&pool);
    return rc;
}

int ingest_store_parsed(store_t *store, const ingest_parsed_t *parsed, ingest_result_t *result,
                        gz_buf_t *error)
{
    *result = (ingest_result_t){0};
    int rc = store_begin(store);
    if (rc != GZ_OK)
        return store_failure(store, parsed, rc, "start a transaction", error);
    rc = import_in_transaction(store, parsed, result, error);
    if (rc == GZ_OK && result->outcome == INGEST_UNCHANGED) {
        rc = store_rollback(store);
        if (rc != GZ_OK)
            store_failure(store, parsed, rc, "end a read-only transaction", error);
    } else if (rc == GZ_OK) {
        rc = store_commit(store);
        if (rc != GZ_OK) {
            store_failure(store, parsed, rc, "commit", error);
            store_rollback(store);
        }
    } else {
        store_rollback(store);
    }
    if (rc != GZ_OK)
        *result = (ingest_result_t){0};
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
