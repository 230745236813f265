/*
 * pg_driver.c: the PostgreSQL side of the small driver interface
 * (store/driver.h) that the store's shared operations run on. The shared
 * texts (store_sql.c) are rewritten once per process, ?N to $N, into
 * statements with a fixed address, so pg_query prepares each one once per
 * session like the backend's own and keeps every rule of pg.c: the
 * deadline, re-preparing a statement the server forgot, never reconnecting
 * inside a transaction, the fault hook's count. A step runs the statement
 * at the first call and then walks its rows.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/pg/pg_private.h"

struct store_statement {
    const pg_statement_t *statement;
    pg_params_t params;
    PGresult *rows;
    int row; /* the row the columns read; -1 before the first step */
};

static pg_statement_t shared_statements[SQL_STATEMENT_COUNT];
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

/* The newsroom's headline filter compares in the "C" collation, where
 * ILIKE folds ASCII letters only, as SQLite's LIKE does, whatever locale
 * the cluster has; backslash, which escapes the user's wildcards, is
 * LIKE's default escape here. Parameters are cast where PostgreSQL could
 * not tell their type from "?1 < 0" alone. */
#define NEWSROOM_FILTER                                                                            \
    " a.is_stub = 0 AND (CAST(?1 AS INTEGER) < 0 OR a.status = CAST(?1 AS INTEGER))"               \
    " AND (CAST(?2 AS BIGINT) = 0 OR a.section_id = CAST(?2 AS BIGINT))"                           \
    " AND (CAST(?3 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM article_authors x JOIN authors u"     \
    " ON u.id = x.author_id WHERE x.article_id = a.id AND u.slug = CAST(?3 AS TEXT)))"             \
    " AND (CAST(?4 AS TEXT) IS NULL OR a.headline COLLATE \"C\" ILIKE '%' || CAST(?4 AS TEXT) || '%')" \
    " AND (CAST(?5 AS BIGINT) = 0 OR a.published_at <= CAST(?5 AS BIGINT))"

/* clang-format off: SQL laid out as SQL. */
static const char *const dialect_sql[SQL_STATEMENT_COUNT] = {
    [SQL_NEWSROOM_LIST] = "SELECT " STORE_ARTICLE_COLUMNS STORE_ARTICLE_FROM " WHERE" NEWSROOM_FILTER
                          " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?6 OFFSET ?7",
    [SQL_NEWSROOM_COUNT] = "SELECT COUNT(*) FROM articles a WHERE" NEWSROOM_FILTER,
};
/* clang-format on */

const char *store_pg_dialect_text(store_sql_id_t id)
{
    return dialect_sql[id];
}

static void rewrite_shared(void)
{
    for (size_t id = 0; id < SQL_STATEMENT_COUNT; id++) {
        const char *text = store_pg_dialect_text((store_sql_id_t)id);
        gz_buf_t sql = GZ_BUF_INIT;
        store_sql_dollar_placeholders(text ? text : store_sql_text((store_sql_id_t)id), &sql);
        shared_statements[id].sql = gz_strdup(gz_buf_cstr(&sql)); /* kept for the process */
        gz_buf_free(&sql);
    }
}

/* The driver's article_stored: the search document follows the row, and
 * the related lists are queued, in the same transaction. */
static int article_stored(store_t *store, int64_t id)
{
    int result = pg_search_follow(store, id);
    return result == GZ_OK ? pg_related_mark(store, id) : result;
}

void pg_driver_close(pg_connection_t *connection)
{
    if (connection->shared == NULL)
        return;
    for (size_t i = 0; i < SQL_STATEMENT_COUNT; i++)
        PQclear(connection->shared[i].rows);
    free(connection->shared);
    connection->shared = NULL;
}

static int driver_prepare(store_t *store, store_sql_id_t id, store_statement_t **out)
{
    pthread_once(&shared_once, rewrite_shared);
    pg_connection_t *connection = pg_connection(store);
    if (connection->shared == NULL)
        connection->shared = gz_calloc(SQL_STATEMENT_COUNT, sizeof *connection->shared);
    struct store_statement *statement = &connection->shared[id];
    PQclear(statement->rows);
    *statement = (struct store_statement){.statement = &shared_statements[id], .row = -1};
    *out = statement;
    return GZ_OK;
}

/* Parameters are positional ($1 is values[0]); binding may skip none.
 * Returns index's slot, after checking it: a shared statement with more
 * parameters than PG_MAX_PARAMS is a programming error. */
static int param_slot(store_statement_t *statement, int index)
{
    if (index < 1 || index > PG_MAX_PARAMS) {
        fprintf(stderr, "gazette: shared statement parameter %d out of range\n", index);
        abort();
    }
    if (statement->params.count < index)
        statement->params.count = index;
    return index - 1;
}

static void driver_bind_int64(store_statement_t *statement, int index, int64_t value)
{
    int slot = param_slot(statement, index);
    char *number = statement->params.numbers[slot];
    snprintf(number, sizeof statement->params.numbers[0], "%lld", (long long)value);
    statement->params.values[slot] = number;
}

static void driver_bind_text(store_statement_t *statement, int index, const char *text)
{
    statement->params.values[param_slot(statement, index)] = text;
}

static void driver_bind_null(store_statement_t *statement, int index)
{
    statement->params.values[param_slot(statement, index)] = NULL;
}

static int driver_step(store_t *store, store_statement_t *statement, const char *context)
{
    if (statement->row < 0) {
        int result =
            pg_query(store, statement->statement, &statement->params, &statement->rows, context);
        if (result != GZ_OK)
            return result;
    }
    statement->row++;
    return statement->row < PQntuples(statement->rows) ? STORE_ROW : STORE_DONE;
}

static int64_t driver_column_int64(store_statement_t *statement, int column)
{
    return pg_number(statement->rows, statement->row, column);
}

static const char *driver_column_text(store_statement_t *statement, int column, gz_pool_t *pool)
{
    return pg_text(statement->rows, statement->row, column, pool);
}

static int64_t driver_changes(store_t *store, store_statement_t *statement)
{
    (void)store;
    return statement->rows != NULL ? strtoll(PQcmdTuples(statement->rows), NULL, 10) : 0;
}

static void driver_finish(store_statement_t *statement)
{
    PQclear(statement->rows);
    statement->rows = NULL;
    statement->row = -1;
}

static int driver_script(store_t *store, const char *sql, const char *context)
{
    return pg_run_script(store, sql, context);
}

const store_driver_t store_pg_driver = {
    .prepare = driver_prepare,
    .bind_int64 = driver_bind_int64,
    .bind_text = driver_bind_text,
    .bind_null = driver_bind_null,
    .step = driver_step,
    .column_int64 = driver_column_int64,
    .column_text = driver_column_text,
    .changes = driver_changes,
    .finish = driver_finish,
    .script = driver_script,
    .views_add_counts = pg_views_add_counts,
    .article_stored = article_stored,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .write_start = pg_write_start,
    .write_finish = pg_write_finish,
    .read_start = pg_read_start,
    .read_finish = pg_read_finish,
};
