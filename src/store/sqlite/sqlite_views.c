/*
 * sqlite_views.c: the SQLite side of page views: a batch of counts added
 * one upsert per article and hour (the driver's override; store_views.c
 * holds the write, logs it and prunes), and the most-read lists, which
 * read this backend's article rows through the hour index.
 */
#include "store/sqlite/sqlite_private.h"

static int add_one(store_t *store, const store_view_count_t *count)
{
    const int64_t values[] = {count->article_id, count->hour, count->views};
    return sqlite_run_with(store, STMT_VIEWS_ADD, values, 3, "adding views");
}

/* The driver's override (store_views.c holds the write open). */
int sqlite_views_add_counts(store_t *store, const store_view_count_t *counts, size_t count)
{
    int result = GZ_OK;
    for (size_t i = 0; result == GZ_OK && i < count; i++)
        result = add_one(store, &counts[i]);
    return result;
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
