/*
 * sqlite_driver.c: the SQLite side of the small driver interface
 * (store/driver.h) that the store's shared operations run on. A shared
 * statement is prepared once per connection (SQLITE_PREPARE_PERSISTENT)
 * from store_sql.c's text, which SQLite reads as it is (?N placeholders),
 * or from SQLite's own spelling of it (sqlite_sql.c),
 * and kept until the connection closes. Steps go through sqlite_step, so
 * the test builds' fault hook counts them like the backend's own.
 */
#include <stdlib.h>

#include "store/sqlite/sqlite_private.h"

struct store_statement {
    sqlite3_stmt *stmt;
    int rc; /* the first failed bind, reported by the step */
};

static struct store_statement *shared_statements(sqlite_connection_t *connection)
{
    if (connection->shared == NULL)
        connection->shared = gz_calloc(SQL_STATEMENT_COUNT, sizeof *connection->shared);
    return connection->shared;
}

void sqlite_driver_close(sqlite_connection_t *connection)
{
    if (connection->shared == NULL)
        return;
    for (size_t i = 0; i < SQL_STATEMENT_COUNT; i++)
        sqlite3_finalize(connection->shared[i].stmt);
    free(connection->shared);
    connection->shared = NULL;
}

static int driver_prepare(store_t *store, store_sql_id_t id, store_statement_t **out)
{
    sqlite_connection_t *connection = sqlite_connection(store);
    struct store_statement *statement = &shared_statements(connection)[id];
    const char *sql = store_sqlite_dialect_text(id);
    if (sql == NULL)
        sql = store_sql_text(id);
    if (statement->stmt == NULL &&
        sqlite3_prepare_v3(connection->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement->stmt,
                           NULL) != SQLITE_OK)
        return sqlite_fail(store, "preparing shared statement %d", (int)id);
    statement->rc = SQLITE_OK;
    *out = statement;
    return GZ_OK;
}

static void driver_bind_int64(store_statement_t *statement, int index, int64_t value)
{
    sqlite_bind_int64(statement->stmt, index, value, &statement->rc);
}

static void driver_bind_text(store_statement_t *statement, int index, const char *text)
{
    sqlite_bind_text(statement->stmt, index, text, &statement->rc);
}

static void driver_bind_null(store_statement_t *statement, int index)
{
    if (statement->rc == SQLITE_OK)
        statement->rc = sqlite3_bind_null(statement->stmt, index);
}

static void driver_bind_blob(store_statement_t *statement, int index, const void *bytes, size_t len)
{
    if (statement->rc == SQLITE_OK)
        statement->rc =
            sqlite3_bind_blob64(statement->stmt, index, len > 0 ? bytes : "", len, SQLITE_STATIC);
}

/* SQLite hands blobs over as they are stored: nothing to ask for. */
static void driver_want_blobs(store_statement_t *statement)
{
    (void)statement;
}

static int driver_step(store_t *store, store_statement_t *statement, const char *context)
{
    int rc = statement->rc == SQLITE_OK ? sqlite_step(statement->stmt) : statement->rc;
    if (rc == SQLITE_ROW)
        return STORE_ROW;
    if (rc == SQLITE_DONE)
        return STORE_DONE;
    return sqlite_fail(store, "%s", context);
}

static int64_t driver_column_int64(store_statement_t *statement, int column)
{
    return sqlite3_column_int64(statement->stmt, column);
}

static const char *driver_column_text(store_statement_t *statement, int column, gz_pool_t *pool)
{
    return sqlite_column_text(statement->stmt, column, pool);
}

static const void *driver_column_blob(store_statement_t *statement, int column, size_t *len)
{
    const void *bytes = sqlite3_column_blob(statement->stmt, column);
    *len = (size_t)sqlite3_column_bytes(statement->stmt, column);
    if (bytes == NULL && sqlite3_column_type(statement->stmt, column) != SQLITE_NULL)
        bytes = ""; /* an empty blob is not SQL NULL */
    return bytes;
}

static int64_t driver_changes(store_t *store, store_statement_t *statement)
{
    (void)statement;
    return sqlite3_changes64(sqlite_connection(store)->db);
}

static void driver_finish(store_statement_t *statement)
{
    sqlite_statement_done(statement->stmt);
}

static int driver_script(store_t *store, const char *sql, const char *context)
{
    if (store_fault_next() != 0 ||
        sqlite3_exec(sqlite_connection(store)->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return sqlite_fail(store, "%s", context);
    return GZ_OK;
}

const store_driver_t store_sqlite_driver = {
    .prepare = driver_prepare,
    .bind_int64 = driver_bind_int64,
    .bind_text = driver_bind_text,
    .bind_null = driver_bind_null,
    .bind_blob = driver_bind_blob,
    .want_blobs = driver_want_blobs,
    .step = driver_step,
    .column_int64 = driver_column_int64,
    .column_text = driver_column_text,
    .column_blob = driver_column_blob,
    .changes = driver_changes,
    .finish = driver_finish,
    .script = driver_script,
    .views_add_counts = sqlite_views_add_counts,
    .article_stored = sqlite_article_stored,
    .newsroom_follow = sqlite_newsroom_follow,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .write_start = sqlite_write_start,
    .write_finish = sqlite_write_finish,
    .read_start = sqlite_read_start,
    .read_finish = sqlite_read_finish,
};
