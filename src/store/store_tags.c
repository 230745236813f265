/*
 * store_tags.c: the newsroom's management of tags, written once for both
 * databases over the driver (statements in store_sql.c): a paged list
 * with article counts, rename and merge.
 *
 * Addresses of tags are by slug, so a tag keeps every slug it had in
 * tag_old_slugs (schema step 13): a rename keeps the slug it leaves, a
 * merge hands the merged tag's slugs to the survivor, and readers' old
 * links answer 301. A slug that becomes live again (a rename back, say)
 * leaves the old-slug table, so the two never disagree.
 *
 * Article pages print their tags' names (keywords, article:tag), so a
 * rename or merge logs every article that shows the tag, besides the
 * trigger's "tag:ID feeds"; past STORE_TAG_FANOUT_MAX articles it logs
 * "all" instead, one entry rather than a flood that pushes newer changes
 * out of the log.
 */
#include <string.h>

#include "store/driver.h"

enum { DEFAULT_PAGE_SIZE = 50 };

static void tag_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    content_tag_t *tag = out;
    tag->id = store_sql_int64(store, row, 0);
    tag->slug = store_sql_text_column(store, row, 1, pool);
    tag->name = store_sql_text_column(store, row, 2, pool);
}

/* A list row: the tag, then its article count. */
typedef struct {
    content_tag_t tag;
    int64_t articles;
} tag_row_t;

static void tag_count_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    tag_row_t *item = out;
    tag_from_row(store, row, pool, &item->tag);
    item->articles = store_sql_int64(store, row, 3);
}

static int read_tag(store_t *store, store_sql_id_t id, int64_t number, const char *text,
                    gz_pool_t *pool, content_tag_t *out, const char *missing)
{
    if (pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "reading a tag needs a pool and out");
    return store_sql_read_by_key(store, id, number, text, tag_from_row, pool, out, missing,
                                 "reading a tag");
}

int store_tag_get(store_t *store, int64_t id, gz_pool_t *pool, content_tag_t *out)
{
    return read_tag(store, SQL_TAG_GET, id, NULL, pool, out, "no such tag");
}

int store_tag_get_by_old_slug(store_t *store, const char *slug, gz_pool_t *pool, content_tag_t *out)
{
    if (slug == NULL)
        return store_fail(store, GZ_ENOTFOUND, "no such old slug");
    return read_tag(store, SQL_TAG_BY_OLD_SLUG, 0, slug, pool, out, "no such old slug");
}

/* ---- the list --------------------------------------------------------------- */

static int count_tags(store_t *store, const char *pattern, size_t *total)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_TAG_COUNT, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, pattern);
    int64_t count = 0;
    result = store_sql_read_one(store, statement, store_sql_int64_row, NULL, &count, NULL,
                                "counting tags");
    *total = (size_t)count;
    return result;
}

static int read_page(store_t *store, const char *pattern, size_t page, size_t page_size,
                     gz_pool_t *pool, store_tag_list_t *out)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_TAG_LIST, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, pattern);
    store_sql_bind_size(store, statement, 2, page_size);
    store_sql_bind_size(store, statement, 3, (page - 1) * page_size);
    tag_row_t *rows = NULL;
    result = store_sql_read_all(store, statement, tag_count_from_row, sizeof *rows, pool,
                                (void **)&rows, &out->count, "listing tags");
    if (result != GZ_OK)
        return result;
    out->items = gz_pool_calloc(pool, out->count + 1, sizeof *out->items);
    out->article_counts = gz_pool_calloc(pool, out->count + 1, sizeof *out->article_counts);
    for (size_t i = 0; i < out->count; i++) {
        out->items[i] = rows[i].tag;
        out->article_counts[i] = rows[i].articles;
    }
    return GZ_OK;
}

int store_tag_list(store_t *store, const store_tag_query_t *query, gz_pool_t *pool,
                   store_tag_list_t *out)
{
    if (query == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_tag_list needs a query, pool and out");
    memset(out, 0, sizeof *out);
    size_t page_size = query->page_size == 0 ? DEFAULT_PAGE_SIZE : query->page_size;
    size_t page = query->page == 0 ? 1 : query->page;
    if (page_size > STORE_TAG_PAGE_MAX || page > SIZE_MAX / STORE_TAG_PAGE_MAX)
        return store_fail(store, GZ_EINVAL, "a page of tags holds at most %d", STORE_TAG_PAGE_MAX);
    const char *pattern = store_like_contains(pool, query->text);
    store_read_t read;
    int result = store_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    result = count_tags(store, pattern, &out->total);
    if (result == GZ_OK)
        result = read_page(store, pattern, page, page_size, pool, out);
    return store_read_finish(store, &read, result);
}

/* ---- statements of the writes -------------------------------------------------- */

/* Runs statement id with ?1 and ?2 bound to the numbers a and b. */
static int run_numbers(store_t *store, store_sql_id_t id, int64_t a, int64_t b, const char *context)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, a);
    store_sql_bind_int64(store, statement, 2, b);
    return store_sql_run(store, statement, NULL, context);
}

static int run_one(store_t *store, store_sql_id_t id, int64_t a, const char *context)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, a);
    return store_sql_run(store, statement, NULL, context);
}

/* Keeps slug as an old slug of tag_id (taking it over from any other). */
static int keep_old_slug(store_t *store, const char *slug, int64_t tag_id)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_TAG_OLD_SLUG_ADD, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, slug);
    store_sql_bind_int64(store, statement, 2, tag_id);
    store_sql_bind_int64(store, statement, 3, gz_now());
    return store_sql_run(store, statement, NULL, "keeping a tag's old slug");
}

/* A live slug is no old one any more. */
static int drop_old_slug(store_t *store, const char *slug)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_TAG_OLD_SLUG_DROP, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, slug);
    return store_sql_run(store, statement, NULL, "dropping an old slug");
}

static int log_articles(store_t *store, int64_t tag_id)
{
    return run_numbers(store, SQL_TAG_ARTICLES_CHANGED, tag_id, STORE_TAG_FANOUT_MAX,
                       "logging the pages that show a tag");
}

/* ---- rename ------------------------------------------------------------------------ */

static int rename_row(store_t *store, int64_t id, const char *name, const char *slug)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_TAG_RENAME, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, id);
    store_sql_bind_text(store, statement, 2, name);
    store_sql_bind_text(store, statement, 3, slug);
    result = store_sql_run(store, statement, NULL, "renaming a tag");
    if (result == GZ_ECONFLICT)
        result = store_fail(store, GZ_ECONFLICT, "another tag has the slug \"%s\"", slug);
    return result;
}

static int rename_in_write(store_t *store, int64_t id, const char *name, const char *slug)
{
    gz_pool_t pool = GZ_POOL_INIT;
    content_tag_t stored;
    int result = store_tag_get(store, id, &pool, &stored);
    if (result == GZ_OK)
        result = rename_row(store, id, name, slug);
    if (result == GZ_OK && strcmp(stored.slug, slug) != 0)
        result = drop_old_slug(store, slug);
    if (result == GZ_OK && strcmp(stored.slug, slug) != 0)
        result = keep_old_slug(store, stored.slug, id);
    if (result == GZ_OK)
        result = log_articles(store, id);
    if (result == GZ_OK) /* the newsroom finds its articles by the new name */
        result = store_newsroom_follow_linked(store, SQL_NEWSROOM_TAGGED, id);
    gz_pool_clear(&pool);
    return result;
}

int store_tag_rename(store_t *store, int64_t id, const char *name, const char *slug)
{
    if (name == NULL || name[0] == '\0' || slug == NULL || slug[0] == '\0')
        return store_fail(store, GZ_EINVAL, "a tag needs a name and a slug");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = rename_in_write(store, id, name, slug);
    return store_write_finish(store, &write, result);
}

/* ---- merge ---------------------------------------------------------------------------- */

static int merge_in_write(store_t *store, int64_t from_id, int64_t into_id)
{
    gz_pool_t pool = GZ_POOL_INIT;
    content_tag_t from, into;
    int result = store_tag_get(store, from_id, &pool, &from);
    if (result == GZ_OK)
        result = store_tag_get(store, into_id, &pool, &into);
    /* Logged before the move: these are the pages that show the old name. */
    if (result == GZ_OK)
        result = log_articles(store, from_id);
    if (result == GZ_OK)
        result = run_numbers(store, SQL_TAG_LINKS_MOVE, from_id, into_id, "moving a tag's links");
    if (result == GZ_OK)
        result = run_one(store, SQL_TAG_LINKS_CLEAR, from_id, "removing a merged tag's links");
    if (result == GZ_OK)
        result = run_numbers(store, SQL_TAG_OLD_SLUGS_MOVE, from_id, into_id,
                             "moving a tag's old slugs");
    if (result == GZ_OK)
        result = run_one(store, SQL_TAG_DELETE, from_id, "deleting a merged tag");
    if (result == GZ_OK)
        result = keep_old_slug(store, from.slug, into_id);
    if (result == GZ_OK)
        result = store_newsroom_follow_linked(store, SQL_NEWSROOM_TAGGED, into_id);
    gz_pool_clear(&pool);
    return result;
}

int store_tag_merge(store_t *store, int64_t from_id, int64_t into_id)
{
    if (from_id <= 0 || into_id <= 0)
        return store_fail(store, GZ_EINVAL, "a merge needs two tags");
    if (from_id == into_id)
        return store_fail(store, GZ_EINVAL, "a tag cannot be merged into itself");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = merge_in_write(store, from_id, into_id);
    return store_write_finish(store, &write, result);
}
