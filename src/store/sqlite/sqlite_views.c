/*
 * sqlite_views.c: page views by article and hour, and the most-read lists
 * made from them. The server counts views in memory and adds them here in
 * batches, one upsert per article and hour, so reading an article costs
 * the store nothing on the hot path. Views older than the longest list
 * (7 days, plus one) are pruned as new ones arrive, so the lists' range
 * scan of the hour index stays short however old the site is.
 */
#include "store/sqlite/sqlite_private.h"

/* Lists look back at most 7 days; a day more is kept for time zones. */
enum { KEEP_HOURS = 8 * 24 };

static int prune(store_t *store, int64_t before_hour)
{
    return sqlite_run_with(store, STMT_VIEWS_PRUNE, &before_hour, 1, "pruning old views");
}

static int add_one(store_t *store, const store_view_count_t *count)
{
    const int64_t values[] = {count->article_id, count->hour, count->views};
    return sqlite_run_with(store, STMT_VIEWS_ADD, values, 3, "adding views");
}

int sqlite_views_add(store_t *store, const store_view_count_t *counts, size_t count)
{
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    for (size_t i = 0; result == GZ_OK && i < count; i++)
        result = add_one(store, &counts[i]);
    /* One change-log entry per batch, so every node's cache drops the
     * pages that show a most-read list. */
    if (result == GZ_OK)
        result = sqlite_run(store, STMT_VIEWS_LOGGED, "logging new views");
    if (result == GZ_OK)
        result = prune(store, gz_now() / 3600 - KEEP_HOURS);
    return sqlite_write_finish(store, &write, result);
}

int sqlite_most_read(store_t *store, gz_time_t since, int64_t section_id, size_t limit,
                     gz_time_t now, gz_pool_t *pool, store_most_read_t *out)
{
    sqlite3_stmt *stmt;
    int result =
        sqlite_prepared(store, section_id > 0 ? STMT_MOST_READ_SECTION : STMT_MOST_READ, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_named_int64(stmt, ":hour", since / 3600, &rc);
    sqlite_bind_named_int64(stmt, ":now", now, &rc);
    sqlite_bind_named_int64(stmt, ":section", section_id, &rc);
    sqlite_bind_named_int64(stmt, ":limit", (int64_t)limit, &rc);
    out->items = gz_pool_calloc(pool, limit, sizeof *out->items);
    out->views = gz_pool_calloc(pool, limit, sizeof *out->views);
    while (rc == SQLITE_OK && out->count < limit && (rc = sqlite_step(stmt)) == SQLITE_ROW) {
        sqlite_article_from_row(stmt, pool, &out->items[out->count]);
        out->views[out->count++] = sqlite3_column_int64(stmt, sqlite3_column_count(stmt) - 1);
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        result = sqlite_fail(store, "reading the most-read list");
    sqlite_statement_done(stmt);
    return result;
}
