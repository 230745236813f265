/*
 * store_views.c: adding page views, written once for both databases over
 * the driver. The server counts views in memory and adds them here in
 * batches, so reading an article costs the store nothing on the hot path.
 * A batch is one write: the counts (the driver's named override, since
 * the databases upsert a batch differently), one change-log entry so that
 * every node's cache drops the pages that show a most-read list, and the
 * pruning of views older than the longest list (7 days, plus one for time
 * zones), so the lists' range scan of the hour index stays short however
 * old the site is. The most-read lists are read here too, in SQL that
 * SQLite spells with its index hint (sqlite_sql.c).
 */
#include "store/driver.h"

enum { KEEP_HOURS = 8 * 24 };

static int run_plain(store_t *store, store_sql_id_t id, const int64_t *value, const char *context)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    if (value != NULL)
        store_sql_bind_int64(store, statement, 1, *value);
    return store_sql_run(store, statement, NULL, context);
}

int store_views_add(store_t *store, const store_view_count_t *counts, size_t count)
{
    if (count == 0)
        return GZ_OK;
    if (counts == NULL)
        return store_fail(store, GZ_EINVAL, "store_views_add needs counts");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = store->backend->driver->views_add_counts(store, counts, count);
    if (result == GZ_OK)
        result = run_plain(store, SQL_VIEWS_LOGGED, NULL, "logging new views");
    int64_t oldest_hour = gz_now() / 3600 - KEEP_HOURS;
    if (result == GZ_OK)
        result = run_plain(store, SQL_VIEWS_PRUNE, &oldest_hour, "pruning old views");
    return store_write_finish(store, &write, result);
}

/* ---- the most-read lists ----------------------------------------------- */

typedef struct {
    content_article_t article;
    int64_t views;
} most_read_row_t;

static void most_read_row(store_t *store, store_statement_t *statement, gz_pool_t *pool, void *out)
{
    most_read_row_t *row = out;
    store_article_from_row(store, statement, pool, &row->article);
    row->views = store_sql_int64(store, statement, STORE_ARTICLE_COLUMN_COUNT);
}

int store_views_most_read(store_t *store, gz_time_t since, int64_t section_id, size_t limit,
                          gz_time_t now, gz_pool_t *pool, store_most_read_t *out)
{
    store_statement_t *statement;
    int result =
        store_sql_prepare(store, section_id > 0 ? SQL_MOST_READ_SECTION : SQL_MOST_READ, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, since / 3600);
    store_sql_bind_int64(store, statement, 2, now);
    store_sql_bind_size(store, statement, 3, limit);
    if (section_id > 0)
        store_sql_bind_int64(store, statement, 4, section_id);
    void *rows = NULL;
    size_t found = 0;
    result = store_sql_read_all(store, statement, most_read_row, sizeof(most_read_row_t), pool,
                                &rows, &found, "reading the most-read list");
    if (result != GZ_OK)
        return result;
    out->items = gz_pool_calloc(pool, found > 0 ? found : 1, sizeof *out->items);
    out->views = gz_pool_calloc(pool, found > 0 ? found : 1, sizeof *out->views);
    for (size_t i = 0; i < found; i++) {
        out->items[i] = ((most_read_row_t *)rows)[i].article;
        out->views[i] = ((most_read_row_t *)rows)[i].views;
    }
    out->count = found;
    return GZ_OK;
}
