/*
 * store_changes.c: reading the change log that the schema's triggers write
 * (migration 2 in each backend's schema), written once for both databases
 * over the driver. Readers poll it by seq, the table's key, so a poll that
 * finds nothing costs one index probe; on PostgreSQL a NOTIFY tells them
 * when to look (pg.c).
 */
#include "store/driver.h"

static void change_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_change_t *change = out;
    change->seq = store_sql_int64(store, row, 0);
    change->tags = store_sql_text_column(store, row, 1, pool);
}

int store_changes_since(store_t *store, int64_t after_seq, size_t limit, gz_pool_t *pool,
                        store_change_t **out, size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL || limit == 0)
        return store_fail(store, GZ_EINVAL, "store_changes_since needs a pool, out and a limit");
    *out = NULL;
    *count = 0;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_CHANGES_SINCE, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, after_seq);
    store_sql_bind_size(store, statement, 2, limit);
    return store_sql_read_all(store, statement, change_from_row, sizeof **out, pool, (void **)out,
                              count, "reading the change log");
}

int store_change_latest(store_t *store, int64_t *seq)
{
    if (seq == NULL)
        return store_fail(store, GZ_EINVAL, "store_change_latest needs seq");
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_CHANGE_LATEST, &statement);
    if (result != GZ_OK)
        return result;
    return store_sql_read_one(store, statement, store_sql_int64_row, NULL, seq,
                              "the change log is empty", "reading the change log's newest entry");
}
