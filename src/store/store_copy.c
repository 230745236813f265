/*
 * store_copy.c: moving a whole site from one store to another (`gazette db
 * copy`), whatever the two backends, through six backend operations that
 * know nothing of articles: count, read a page, clear, write a page.
 *
 * The tables and their columns are a fixed list here, parents before the
 * tables that refer to them, so foreign keys hold at every insert. Only
 * the site's own rows are copied, and the automatic related lists, which
 * both backends compute alike and which would take long to compute again
 * for a large archive; the rest of what the store derives is rebuilt:
 * counters and the change log by the target's triggers as the rows
 * arrive, the search index by the caller afterwards (the PostgreSQL index
 * is a different structure from SQLite's, so copying it would not even be
 * possible).
 *
 * Reading pages by key (WHERE key > last key ORDER BY key LIMIT n) costs
 * the same for the last page as for the first, unlike OFFSET, and keeps
 * memory to one page; the source's snapshot makes the pages agree with
 * each other and with the counts. All the writes are one transaction of
 * the target, so a failure, or a count that does not match at the end,
 * leaves the target as empty as it was: there is never half a site.
 *
 * Values travel as text, which both backends read back into their column
 * types. The one column of bytes (media_chunks.bytes) travels as
 * PostgreSQL's hex text of a bytea ("\x" and two hex digits a byte):
 * PostgreSQL reads and writes that form as it is, SQLite's copy
 * (sqlite_copy.c) turns it into bytes and back. Its pages are a few
 * parts, so a page of a site full of video stays a few megabytes.
 */
#include <string.h>

#include "store/backend.h"

enum { COPY_PAGE_ROWS = 1000 };

/* ---- the tables, in the order they are copied -------------------------- */

#define COLUMNS(...)                                                                               \
    .columns = (const char *const[]){__VA_ARGS__},                                                 \
    .column_count = sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *)
#define TABLE(table_name, keys, ...)                                                               \
    {                                                                                              \
        .name = table_name, COLUMNS(__VA_ARGS__), .key_count = keys, .blob_column = -1             \
    }

/* A media file's bytes are copied a few parts (of 1 MiB, twice that as
 * hex) at a time, not a thousand. */
enum { CHUNK_PAGE_ROWS = 4 };

static const store_copy_table_t copy_tables[] = {
    TABLE("sections", 1, "id", "slug", "name", "description", "position", "parent_id", "desk",
          "hidden"),
    {.name = "content_types",
     COLUMNS("id", "slug", "name", "headline_prefix"),
     .key_count = 1,
     .seeded = true,
     .blob_column = -1},
    TABLE("authors", 1, "id", "slug", "name", "role_line", "bio", "picture_id", "links", "language",
          "user_id", "updated_at"),
    TABLE("tags", 1, "id", "slug", "name"),
    TABLE("tag_old_slugs", 1, "slug", "tag_id", "created_at"),
    TABLE("articles", 1, "id", "slug", "headline", "subtitle", "summary", "body_markdown",
          "body_html", "dateline", "language", "editor_code", "lead_image", "status", "is_stub",
          "created_at", "updated_at", "published_at", "sort_key", "revision", "source_ref",
          "section_id", "content_type_id", "byline", "seo_title", "seo_description", "social_title",
          "social_description", "canonical_url", "noindex", "workflow_status"),
    TABLE("article_authors", 2, "article_id", "author_id", "position"),
    TABLE("article_tags", 2, "article_id", "tag_id", "position", "published_at", "sort_key",
          "live"),
    TABLE("related_links", 2, "article_id", "position", "target_id"),
    TABLE("related_auto", 2, "article_id", "position", "target_id"),
    TABLE("related_pending", 1, "article_id"),
    TABLE("article_views", 2, "article_id", "hour", "views"),
    TABLE("users", 1, "id", "name", "display_name", "role", "password_hash", "disabled",
          "created_at", "desks"),
    TABLE("site_settings", 1, "name", "value", "updated_at", "updated_by"),
    TABLE("article_assignments", 1, "article_id", "user_id", "due_at", "note", "assigned_by",
          "assigned_at"),
    TABLE("sessions", 1, "id_hash", "user_id", "created_at", "last_seen_at", "csrf_token"),
    TABLE("audit_log", 1, "id", "at", "user_id", "action", "target", "detail"),
    TABLE("article_revisions", 2, "article_id", "revision", "user_id", "at", "snapshot"),
    TABLE("article_notes", 1, "id", "article_id", "kind", "text", "created_at", "user_id"),
    TABLE("media", 1, "id", "kind", "stem", "file_name", "mime", "width", "height", "byte_count",
          "has_original", "alt", "caption", "credit", "copyright", "focus_set", "focus_x",
          "focus_y", "duration_ms", "poster_id", "embed_provider", "embed_id", "created_at",
          "updated_at"),
    TABLE("media_files", 2, "media_id", "variant", "mime", "width", "height", "byte_count", "etag",
          "made_at"),
    {.name = "media_chunks",
     COLUMNS("media_id", "variant", "part", "bytes"),
     .key_count = 3,
     .blob_column = 3,
     .page_rows = CHUNK_PAGE_ROWS},
    TABLE("article_media", 3, "article_id", "media_id", "role", "position"),
    TABLE("fronts", 1, "key", "layout", "revision", "updated_at", "updated_by"),
    TABLE("front_revisions", 2, "key", "revision", "layout", "user_id", "at"),
    TABLE("front_schedules", 1, "id", "key", "layout", "at", "user_id", "created_at"),
    TABLE("article_slugs", 2, "article_id", "slug", "first_published_at"),
    TABLE("article_translations", 1, "article_id", "group_id"),
    TABLE("breaking_news", 1, "id", "text", "link", "raised_by", "raised_at", "expires_at",
          "lowered_at", "lowered_by"),
};
enum { COPY_TABLE_COUNT = sizeof copy_tables / sizeof copy_tables[0] };
_Static_assert((int)COPY_TABLE_COUNT <= (int)STORE_COPY_MAX_TABLES, "raise STORE_COPY_MAX_TABLES");

const store_copy_table_t *store_copy_tables(size_t *count)
{
    *count = COPY_TABLE_COUNT;
    return copy_tables;
}

/* ---- SQL pieces for the backends --------------------------------------- */

void store_copy_append_columns(gz_buf_t *sql, const store_copy_table_t *table, size_t count)
{
    for (size_t i = 0; i < count && i < table->column_count; i++) {
        if (i > 0)
            gz_buf_append_cstr(sql, ", ");
        gz_buf_append_cstr(sql, table->columns[i]);
    }
}

void store_copy_append_placeholders(gz_buf_t *sql, const char *prefix, size_t first, size_t count)
{
    for (size_t i = 0; i < count; i++)
        gz_buf_printf(sql, "%s%s%zu", i > 0 ? ", " : "", prefix, first + i);
}

void store_copy_build_select(gz_buf_t *sql, const store_copy_table_t *table, bool after,
                             const char *prefix)
{
    gz_buf_append_cstr(sql, "SELECT ");
    store_copy_append_columns(sql, table, table->column_count);
    gz_buf_printf(sql, " FROM %s", table->name);
    if (after) {
        gz_buf_append_cstr(sql, " WHERE (");
        store_copy_append_columns(sql, table, table->key_count);
        gz_buf_append_cstr(sql, ") > (");
        store_copy_append_placeholders(sql, prefix, 1, table->key_count);
        gz_buf_append_cstr(sql, ")");
    }
    gz_buf_append_cstr(sql, " ORDER BY ");
    store_copy_append_columns(sql, table, table->key_count);
    gz_buf_printf(sql, " LIMIT %s%zu", prefix, (after ? table->key_count : 0) + 1);
}

/* ---- counting ---------------------------------------------------------- */

static void report_tables(store_copy_report_t *report)
{
    memset(report, 0, sizeof *report);
    report->table_count = COPY_TABLE_COUNT;
    for (size_t i = 0; i < COPY_TABLE_COUNT; i++)
        report->tables[i].table = copy_tables[i].name;
}

int store_count_rows(store_t *store, store_copy_report_t *out)
{
    if (out == NULL)
        return store_fail(store, GZ_EINVAL, "store_count_rows needs an out-parameter");
    report_tables(out);
    for (size_t i = 0; i < COPY_TABLE_COUNT; i++) {
        int result =
            store->backend->copy_count(store, &copy_tables[i], &out->tables[i].source_rows);
        if (result != GZ_OK)
            return result;
    }
    return GZ_OK;
}

/* ---- checks before copying --------------------------------------------- */

static int check_version(store_t *store, store_t *to, const char *which)
{
    int current = 0, latest = 0;
    if (store_schema_version(store, &current, &latest) != GZ_OK)
        return store_fail(to, GZ_EIO, "reading the %s's schema version: %s", which,
                          store_last_error(store));
    if (current != latest)
        return store_fail(to, GZ_EINVAL,
                          "the %s has schema version %d, this program's is %d: run 'gazette db "
                          "migrate' on it with the matching program first",
                          which, current, latest);
    return GZ_OK;
}

/* The target may hold only what migrating put there (seeded tables). */
static int check_target_empty(store_t *to)
{
    for (size_t i = 0; i < COPY_TABLE_COUNT; i++) {
        const store_copy_table_t *table = &copy_tables[i];
        int64_t rows = 0;
        int result = to->backend->copy_count(to, table, &rows);
        if (result != GZ_OK)
            return result;
        if (!table->seeded && rows > 0)
            return store_fail(to, GZ_ECONFLICT,
                              "the target is not empty (%s has %lld rows): copy only into a new, "
                              "empty store",
                              table->name, (long long)rows);
    }
    return GZ_OK;
}

/* ---- copying ----------------------------------------------------------- */

typedef struct {
    store_t *from, *to;
    store_copy_progress_fn progress;
    void *context;
    store_copy_report_t *report;
    size_t total;      /* rows in all tables of the source */
    bool source_open;  /* the source's snapshot is still held */
    int64_t seq_after; /* the source's newest change once its snapshot ended */
} copy_job_t;

/* Moves one table, a page at a time. Two pools take turns, so the last
 * row of a page (the key the next page starts after) outlives the page. */
static int copy_table(copy_job_t *job, size_t index)
{
    const store_copy_table_t *table = &copy_tables[index];
    store_t *from = job->from, *to = job->to;
    int result = table->seeded ? to->backend->copy_clear(to, table) : GZ_OK;
    gz_pool_t pools[2] = {GZ_POOL_INIT, GZ_POOL_INIT};
    const char *const *after = NULL;
    size_t page_rows = table->page_rows > 0 ? table->page_rows : COPY_PAGE_ROWS;
    for (size_t page = 0; result == GZ_OK; page++) {
        gz_pool_t *pool = &pools[page % 2];
        store_copy_rows_t rows = {0};
        result = from->backend->copy_read(from, table, after, page_rows, pool, &rows);
        if (result != GZ_OK) {
            result = store_fail(to, result, "reading %s from the source: %s", table->name,
                                store_last_error(from));
            break;
        }
        if (rows.row_count == 0)
            break;
        result = to->backend->copy_write(to, table, &rows);
        if (result != GZ_OK)
            break;
        job->report->rows += (int64_t)rows.row_count;
        if (job->progress != NULL)
            job->progress(job->context, table->name, (size_t)job->report->rows, job->total);
        after = &rows.values[(rows.row_count - 1) * table->column_count];
        gz_pool_clear(&pools[(page + 1) % 2]);
        if (rows.row_count < page_rows)
            break;
    }
    gz_pool_clear(&pools[0]);
    gz_pool_clear(&pools[1]);
    return result;
}

/* Counts both sides of every table; the first difference is an error. */
static int check_counts(copy_job_t *job)
{
    for (size_t i = 0; i < COPY_TABLE_COUNT; i++) {
        store_copy_count_t *count = &job->report->tables[i];
        int result = job->to->backend->copy_count(job->to, &copy_tables[i], &count->target_rows);
        if (result != GZ_OK)
            return result;
        if (count->target_rows != count->source_rows)
            return store_fail(job->to, GZ_EIO,
                              "count check failed: %s has %lld rows in the source but %lld in "
                              "the target; nothing was copied",
                              count->table, (long long)count->source_rows,
                              (long long)count->target_rows);
    }
    return GZ_OK;
}

static int count_source(copy_job_t *job)
{
    for (size_t i = 0; i < COPY_TABLE_COUNT; i++) {
        int64_t *rows = &job->report->tables[i].source_rows;
        int result = job->from->backend->copy_count(job->from, &copy_tables[i], rows);
        if (result != GZ_OK)
            return store_fail(job->to, result, "counting %s in the source: %s", copy_tables[i].name,
                              store_last_error(job->from));
        job->total += (size_t)*rows;
    }
    return GZ_OK;
}

/* The newest change-log entry of the source, to tell whether it moved. */
static int source_change(copy_job_t *job, int64_t *seq)
{
    int result = store_change_latest(job->from, seq);
    if (result != GZ_OK)
        return store_fail(job->to, result, "reading the source's change log: %s",
                          store_last_error(job->from));
    return GZ_OK;
}

/* Ends the read of the source (once), as the copy's outcome. */
static int end_source_read(copy_job_t *job)
{
    if (!job->source_open)
        return GZ_OK;
    job->source_open = false;
    if (job->from->backend->copy_read_end(job->from, GZ_OK) != GZ_OK)
        return store_fail(job->to, GZ_EIO, "ending the read of the source: %s",
                          store_last_error(job->from));
    return GZ_OK;
}

/* Everything written to the target, in its one transaction. */
static int write_target(copy_job_t *job)
{
    int result = store_begin(job->to);
    if (result != GZ_OK)
        return result;
    const store_backend_t *backend = job->to->backend;
    result = check_target_empty(job->to);
    if (result == GZ_OK && backend->copy_load_start != NULL)
        result = backend->copy_load_start(job->to);
    for (size_t i = 0; result == GZ_OK && i < COPY_TABLE_COUNT; i++)
        result = copy_table(job, i);
    if (result == GZ_OK && backend->copy_load_finish != NULL)
        result = backend->copy_load_finish(job->to);
    if (result == GZ_OK)
        result = check_counts(job);
    /* The source's snapshot ends before the target commits, and the
     * source's newest change is read then (changes after the snapshot
     * are the ones not copied), so a failure of either still leaves the
     * target empty. */
    if (result == GZ_OK)
        result = end_source_read(job);
    if (result == GZ_OK)
        result = source_change(job, &job->seq_after);
    if (result == GZ_OK)
        result = store_commit(job->to);
    if (result == GZ_OK)
        return GZ_OK;
    /* The failure's message must survive the rollback (a failed commit
     * can leave the transaction open: it is rolled back too). */
    gz_buf_t message = GZ_BUF_INIT;
    gz_buf_append_cstr(&message, store_last_error(job->to));
    store_rollback(job->to);
    store_fail(job->to, result, "%s", gz_buf_cstr(&message));
    gz_buf_free(&message);
    return result;
}

int store_copy(store_t *from, store_t *to, store_copy_progress_fn progress, void *context,
               store_copy_report_t *report)
{
    if (from == NULL || to == NULL || report == NULL || from == to)
        return to ? store_fail(to, GZ_EINVAL, "store_copy needs two stores and a report")
                  : GZ_EINVAL;
    report_tables(report);
    copy_job_t job = {from, to, progress, context, report, 0, false, 0};
    int result = check_version(from, to, "source");
    if (result == GZ_OK)
        result = check_version(to, to, "target");
    if (result != GZ_OK)
        return result;
    if ((result = from->backend->copy_read_begin(from)) != GZ_OK)
        return store_fail(to, result, "reading the source: %s", store_last_error(from));
    job.source_open = true;
    int64_t seq_before = 0;
    result = source_change(&job, &seq_before);
    if (result == GZ_OK)
        result = count_source(&job);
    if (result == GZ_OK)
        result = write_target(&job);
    if (job.source_open) /* a failure came first: its message stays */
        from->backend->copy_read_end(from, result);
    if (result == GZ_OK)
        report->source_changed = job.seq_after != seq_before;
    return result;
}
