/*
 * store.c: the public face of the store. It chooses a backend from the URL
 * scheme and then forwards every call through the backend's table of
 * functions (backend.h), so callers never learn which database answers.
 *
 * What does not need a database is done here once, for every backend:
 * argument checks, slugs of section/author/tag names, normalizing list
 * queries, refusing an article related to itself. That keeps each backend
 * to the SQL of its dialect and makes the rules identical on SQLite and
 * PostgreSQL.
 */
#include "store/store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/driver.h"

enum { LIST_DEFAULT_LIMIT = 20 };

/* ---- helpers shared with the backends ---------------------------------- */

const content_type_t store_seed_content_types[] = {
    {1, "article", "Article", NULL},       {21, "video", "Video", "VIDEO"},
    {22, "photo", "Photos", "PHOTOS"},     {23, "audio", "Audio", "AUDIO"},
    {24, "opinion", "Opinion", "OPINION"},
};
const size_t store_seed_content_type_count =
    sizeof store_seed_content_types / sizeof store_seed_content_types[0];

int store_fail(store_t *store, int code, const char *format, ...)
{
    /* Written aside first: an argument may be the last error itself
     * ("reading the target: %s", store_last_error(store)). */
    gz_buf_t message = GZ_BUF_INIT;
    va_list args;
    va_start(args, format);
    gz_buf_vprintf(&message, format, args);
    va_end(args);
    gz_buf_free(&store->last_error);
    store->last_error = message;
    return code;
}

void *store_pool_grow(gz_pool_t *pool, void *items, size_t count, size_t *capacity,
                      size_t element_size)
{
    if (count < *capacity)
        return items;
    size_t larger = *capacity ? *capacity * 2 : 8;
    void *copy = gz_pool_calloc(pool, larger, element_size);
    if (count > 0)
        memcpy(copy, items, count * element_size);
    *capacity = larger;
    return copy;
}

/* ---- opening ----------------------------------------------------------- */

static void set_error(gz_buf_t *error, const char *message)
{
    if (error) {
        gz_buf_reset(error);
        gz_buf_append_cstr(error, message);
    }
}

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* A bare path has no ':' before its first '/' ("var/gazette.db",
 * "/srv/a:b.db"); a URL starts with "scheme:". */
static bool looks_like_path(const char *url)
{
    const char *colon = strchr(url, ':');
    const char *slash = strchr(url, '/');
    return colon == NULL || (slash != NULL && slash < colon);
}

/* Creates the folder that will hold path when it is missing (one level: the
 * default "var/gazette.db" needs "var/"). */
static int ensure_parent_folder(const char *path, gz_buf_t *error)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL || slash == path)
        return GZ_OK;
    char *folder = gz_strndup(path, (size_t)(slash - path));
    int result = GZ_OK;
    if (mkdir(folder, 0755) != 0 && errno != EEXIST) {
        if (error) {
            gz_buf_reset(error);
            gz_buf_printf(error, "cannot create folder %s: %s", folder, strerror(errno));
        }
        result = GZ_EIO;
    }
    free(folder);
    return result;
}

/* Picks the backend for url and the part of it the backend reads. */
static int resolve_url(const char *url, const store_backend_t **backend, const char **target,
                       gz_buf_t *error)
{
    if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
        *backend = &store_pg_backend;
        *target = url; /* libpq reads the whole URL */
        return GZ_OK;
    }
    if (starts_with(url, "sqlite:"))
        *target = url + strlen("sqlite:");
    else if (looks_like_path(url))
        *target = url;
    else {
        set_error(error, "unknown store URL scheme");
        return GZ_EINVAL;
    }
    if (**target == '\0') {
        set_error(error, "the store URL names no database file");
        return GZ_EINVAL;
    }
    *backend = &store_sqlite_backend;
    return GZ_OK;
}

int store_open(const char *url, store_t **out, gz_buf_t *error)
{
    if (url == NULL || out == NULL) {
        set_error(error, "no store URL given");
        return GZ_EINVAL;
    }
    *out = NULL;
    store_fault_read_environment();
    const store_backend_t *backend = NULL;
    const char *target = NULL;
    int result = resolve_url(url, &backend, &target, error);
    if (result == GZ_OK && backend == &store_sqlite_backend && strcmp(target, ":memory:") != 0)
        result = ensure_parent_folder(target, error);
    if (result != GZ_OK)
        return result;

    store_t *store = gz_calloc(1, sizeof *store);
    store->backend = backend;
    store->last_error = GZ_BUF_INIT;
    result = backend->open(store, target);
    if (result != GZ_OK) {
        set_error(error, gz_buf_cstr(&store->last_error));
        gz_buf_free(&store->last_error);
        free(store);
        return result;
    }
    *out = store;
    return GZ_OK;
}

void store_close(store_t *store)
{
    if (store == NULL)
        return;
    store->backend->close(store);
    content_tokenizer_free(store->tokenizer);
    gz_buf_free(&store->last_error);
    free(store);
}

const char *store_last_error(store_t *store)
{
    if (store == NULL)
        return "no store";
    return gz_buf_cstr(&store->last_error);
}

/* ---- schema and transactions ------------------------------------------- */

/* Migrates to version, or to the newest one when version is LATEST, with
 * the one version read that store_migrate always made (the fault walks of
 * the test builds count the statements of opening and migrating). */
enum { LATEST = -1 };

static int migrate(store_t *store, int version)
{
    const store_backend_t *backend = store->backend;
    int current = 0, latest = 0;
    int result = backend->migrate_prepare(store);
    if (result == GZ_OK)
        result = backend->schema_version(store, &current, &latest);
    if (result != GZ_OK)
        return result;
    if (current > latest)
        return store_fail(store, GZ_ECONFLICT,
                          "the database has schema version %d, newer than this program's %d",
                          current, latest);
    if (version == LATEST)
        version = latest;
    if (version > latest || version < current)
        return store_fail(store, GZ_EINVAL,
                          "cannot migrate to schema version %d: the database has %d, this "
                          "program knows %d at most",
                          version, current, latest);
    for (int step = current + 1; result == GZ_OK && step <= version; step++)
        result = backend->migrate_step(store, step);
    if (result == GZ_OK && version == latest)
        result = backend->migrate_seed(store);
    return result;
}

int store_migrate(store_t *store)
{
    return migrate(store, LATEST);
}

int store_migrate_to(store_t *store, int version)
{
    if (version < 0)
        return store_fail(store, GZ_EINVAL, "no schema version %d", version);
    return migrate(store, version);
}

int store_schema_version(store_t *store, int *current, int *latest)
{
    if (current == NULL || latest == NULL)
        return store_fail(store, GZ_EINVAL, "store_schema_version needs two out-parameters");
    return store->backend->schema_version(store, current, latest);
}

int store_begin(store_t *store)
{
    return store->backend->driver->begin(store);
}

int store_commit(store_t *store)
{
    return store->backend->driver->commit(store);
}

int store_rollback(store_t *store)
{
    return store->backend->driver->rollback(store);
}

int store_data_version(store_t *store, int64_t *version)
{
    if (version == NULL)
        return store_fail(store, GZ_EINVAL, "store_data_version needs an out-parameter");
    return store->backend->data_version(store, version);
}

int store_changes_wait(store_t *store, int timeout_ms, bool *woken, bool *reconnected)
{
    if (woken == NULL || reconnected == NULL || timeout_ms < 0)
        return store_fail(store, GZ_EINVAL, "store_changes_wait needs a timeout and two outs");
    return store->backend->changes_wait(store, timeout_ms, woken, reconnected);
}

int store_job_try_lock(store_t *store, const char *job, bool *acquired)
{
    if (job == NULL || job[0] == '\0' || acquired == NULL)
        return store_fail(store, GZ_EINVAL, "store_job_try_lock needs a job name and an out");
    *acquired = false;
    return store->backend->job_try_lock(store, job, acquired);
}

int store_set_timeout(store_t *store, int timeout_ms)
{
    if (timeout_ms < 0)
        return store_fail(store, GZ_EINVAL, "a timeout cannot be negative");
    return store->backend->set_timeout(store, timeout_ms);
}

/* ---- reads ------------------------------------------------------------- */

int store_article_get(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out)
{
    if (pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_article_get needs a pool and an out-parameter");
    *out = NULL;
    if (id <= 0)
        return store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)id);
    return store->backend->article_get(store, id, pool, out);
}

int store_article_list(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                       content_article_list_t *out)
{
    if (query == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_article_list needs a query, a pool and out");
    *out = (content_article_list_t){0};
    bool whole_site_live = query->live_only && query->section_id <= 0 && query->tag_id <= 0;
    if ((query->published_after > 0 || query->oldest_first) &&
        (!whole_site_live || (query->published_after > 0 && query->oldest_first)))
        return store_fail(store, GZ_EINVAL, "published_after and oldest_first apply, one at a "
                                            "time, to the whole site's live list only");
    if (query->languages != NULL && (!query->live_only || query->tag_id > 0))
        return store_fail(store, GZ_EINVAL, "an edition's languages filter live lists without "
                                            "a tag only");
    store_article_query_t normalized = *query;
    if (normalized.limit == 0)
        normalized.limit = LIST_DEFAULT_LIMIT;
    if (normalized.live_only && normalized.now == 0)
        normalized.now = gz_now();
    return store->backend->article_list(store, &normalized, pool, out);
}

/* ---- writes ------------------------------------------------------------ */

/* The checks of an article's links that need no database. */
static int check_related(store_t *store, const content_article_t *article)
{
    if (article->related_count > 0 && article->related == NULL)
        return store_fail(store, GZ_EINVAL, "related_count is set but related is NULL");
    for (size_t i = 0; i < article->related_count; i++) {
        int64_t target = article->related[i].id;
        if (article->related[i].automatic)
            continue; /* chosen by the store, not stored as a link */
        if (target <= 0)
            return store_fail(store, GZ_EINVAL, "related article %lld does not exist",
                              (long long)target);
        if (target == article->id)
            return store_fail(store, GZ_EINVAL, "article %lld may not be related to itself",
                              (long long)target);
    }
    return GZ_OK;
}

int store_article_put(store_t *store, content_article_t *article)
{
    if (article == NULL)
        return store_fail(store, GZ_EINVAL, "no article given");
    if (article->id < 0)
        return store_fail(store, GZ_EINVAL, "article id %lld is negative", (long long)article->id);
    if ((article->author_count > 0 && article->authors == NULL) ||
        (article->tag_count > 0 && article->tags == NULL))
        return store_fail(store, GZ_EINVAL, "an article's author or tag count has no array");
    int result = check_related(store, article);
    if (result != GZ_OK)
        return result;
    return store_articles_put(store, article);
}

int store_article_exists(store_t *store, int64_t id, bool *exists, bool *is_stub)
{
    if (exists == NULL)
        return store_fail(store, GZ_EINVAL, "store_article_exists needs an out-parameter");
    bool stub = false;
    *exists = false;
    int result = id > 0 ? store_articles_exists(store, id, exists, &stub) : GZ_OK;
    if (is_stub)
        *is_stub = stub;
    return result;
}

int store_article_find_by_source_ref(store_t *store, const char *source_ref, int64_t *id)
{
    if (source_ref == NULL || id == NULL)
        return store_fail(store, GZ_EINVAL, "store_article_find_by_source_ref needs ref and id");
    return store_articles_find_by_source_ref(store, source_ref, id);
}

int store_article_delete(store_t *store, int64_t id)
{
    if (id <= 0)
        return store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)id);
    return store_articles_delete(store, id);
}

int store_most_read(store_t *store, gz_time_t since, int64_t section_id, size_t limit,
                    gz_time_t now, gz_pool_t *pool, store_most_read_t *out)
{
    if (pool == NULL || out == NULL || limit == 0)
        return store_fail(store, GZ_EINVAL, "store_most_read needs a pool, out and a limit");
    out->items = NULL;
    out->views = NULL;
    out->count = 0;
    return store_views_most_read(store, since, section_id, limit, now > 0 ? now : gz_now(), pool,
                                 out);
}

/* ---- search and related articles ---------------------------------------- */

enum { SEARCH_DEFAULT_PAGE_SIZE = 20, SEARCH_MAX_PAGE_SIZE = 100, SEARCH_MAX_PAGE = 10000 };

content_tokenizer_t *store_tokenizer(store_t *store)
{
    if (store->tokenizer == NULL)
        store->tokenizer = content_tokenizer_new();
    return store->tokenizer;
}

static void normalize_search(const store_search_query_t *query, store_search_query_t *out)
{
    *out = *query;
    if (out->page == 0)
        out->page = 1;
    if (out->page > SEARCH_MAX_PAGE)
        out->page = SEARCH_MAX_PAGE;
    if (out->page_size == 0)
        out->page_size = SEARCH_DEFAULT_PAGE_SIZE;
    if (out->page_size > SEARCH_MAX_PAGE_SIZE)
        out->page_size = SEARCH_MAX_PAGE_SIZE;
    if (out->now == 0)
        out->now = gz_now();
    if (out->recency_days < 0)
        out->recency_days = 0;
}

int store_search(store_t *store, const store_search_query_t *query, gz_pool_t *pool,
                 store_search_results_t *out)
{
    if (query == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_search needs a query, a pool and out");
    *out = (store_search_results_t){0};
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    if (tokenizer == NULL)
        return store_fail(store, GZ_EIO, "the Snowball stemmers are missing");
    const char *text = query->text != NULL ? query->text : "";
    content_query_t parsed;
    content_query_parse(tokenizer, text, strlen(text), pool, &parsed);
    out->searchable = parsed.positive > 0;
    bool unknown_filter = query->section_id < 0 || query->content_type_id < 0;
    if (!out->searchable || unknown_filter)
        return GZ_OK;
    store_search_query_t normalized;
    normalize_search(query, &normalized);
    return store->backend->search(store, &normalized, &parsed, pool, out);
}

int store_search_rebuild(store_t *store, store_progress_fn progress, void *context)
{
    return store->backend->search_rebuild(store, progress, context);
}

int store_related_rebuild(store_t *store, store_progress_fn progress, void *context)
{
    return store->backend->related_rebuild(store, progress, context);
}
