/*
 * sqlite_changes.c: reading the change log that the schema's triggers
 * write (see migration 2 in sqlite_schema.c). Readers poll it by seq, which
 * is the table's integer key, so a poll that finds nothing costs one index
 * probe.
 */
#include "store/sqlite_private.h"

int sqlite_changes_since(store_t *store, int64_t after_seq, size_t limit, gz_pool_t *pool,
                         store_change_t **out, size_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_CHANGES_SINCE, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, after_seq, &rc);
    sqlite_bind_int64(stmt, 2, (int64_t)limit, &rc);
    size_t capacity = 0;
    store_change_t *changes = NULL;
    while (rc == SQLITE_OK && (rc = sqlite_step(stmt)) == SQLITE_ROW) {
        changes = store_pool_grow(pool, changes, *count, &capacity, sizeof *changes);
        changes[*count].seq = sqlite3_column_int64(stmt, 0);
        changes[*count].tags = sqlite_column_text(stmt, 1, pool);
        ++*count;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "reading the change log");
    sqlite_statement_done(stmt);
    *out = changes;
    return result;
}

int sqlite_change_latest(store_t *store, int64_t *seq)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_CHANGE_LATEST, &stmt);
    if (result != GZ_OK)
        return result;
    if (sqlite_step(stmt) == SQLITE_ROW)
        *seq = sqlite3_column_int64(stmt, 0);
    else
        result = sqlite_fail(store, "reading the change log's newest entry");
    sqlite_statement_done(stmt);
    return result;
}
