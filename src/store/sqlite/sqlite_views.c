/*
 * sqlite_views.c: the SQLite side of page views: a batch of counts added
 * one upsert per article and hour (the driver's override; store_views.c
 * holds the write, logs it and prunes). The most-read lists are shared
 * code (store_views.c) reading SQLite's spelling of them (sqlite_sql.c).
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
