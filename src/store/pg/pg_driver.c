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
#include <stdint.h>
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

/* The newsroom's list searches search_newsroom_documents (schema step
 * 15) with the tsquery pg_newsroom_match writes. Parameters are cast
 * where PostgreSQL could not tell their type from "?1 < 0" alone. */
#define NEWSROOM_FILTER                                                                            \
    " a.is_stub = 0 AND (CAST(?1 AS INTEGER) < 0 OR a.status = CAST(?1 AS INTEGER))"               \
    " AND (CAST(?2 AS BIGINT) = 0 OR a.section_id = CAST(?2 AS BIGINT))"                           \
    " AND (CAST(?3 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM article_authors x JOIN authors u"     \
    " ON u.id = x.author_id WHERE x.article_id = a.id AND u.slug = CAST(?3 AS TEXT)))"             \
    " AND (CAST(?4 AS TEXT) IS NULL OR a.id IN (SELECT n.id FROM search_newsroom_documents n"      \
    " WHERE n.document @@ CAST(?4 AS TEXT)::tsquery))"                                             \
    " AND (CAST(?5 AS BIGINT) = 0 OR a.published_at <= CAST(?5 AS BIGINT))"                        \
    " AND (CAST(?6 AS TEXT) IS NULL OR a.workflow_status = CAST(?6 AS TEXT))"                      \
    " AND (CAST(?7 AS TEXT) IS NULL OR a.section_id IN (SELECT id FROM sections"                   \
    " WHERE desk = CAST(?7 AS TEXT)))"                                                             \
    " AND (CAST(?8 AS BIGINT) = 0 OR a.published_at >= CAST(?8 AS BIGINT))"                        \
    " AND (CAST(?9 AS BIGINT) = 0 OR (a.published_at > 0"                                          \
    " AND a.published_at <= CAST(?9 AS BIGINT)))"                                                  \
    " AND (CAST(?10 AS BIGINT) = 0 OR (CAST(?10 AS BIGINT) < 0 AND NOT EXISTS (SELECT 1"           \
    " FROM article_assignments h WHERE h.article_id = a.id AND h.user_id IS NOT NULL))"            \
    " OR EXISTS (SELECT 1 FROM article_assignments h WHERE h.article_id = a.id"                    \
    " AND h.user_id = CAST(?10 AS BIGINT)))"
#define NEWSROOM_AUTHORS                                                                           \
    ", (SELECT string_agg(u.name, ', ' ORDER BY x.position) FROM article_authors x"                \
    " JOIN authors u ON u.id = x.author_id WHERE x.article_id = a.id)"
#define NEWSROOM_LIST(order)                                                                       \
    "SELECT " STORE_ARTICLE_COLUMNS NEWSROOM_AUTHORS STORE_NEWSROOM_ASSIGNEE_COLUMNS               \
        STORE_NEWSROOM_FROM " WHERE" NEWSROOM_FILTER order " LIMIT ?11 OFFSET ?12"

/* clang-format off: SQL laid out as SQL. */
static const char *const dialect_sql[SQL_STATEMENT_COUNT] = {
    STORE_NEWSROOM_LISTS(NEWSROOM_LIST),
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

/* The driver's article_stored: the readers' search document and the
 * newsroom's follow the row, and the related lists are queued, in the
 * same transaction. */
static int article_stored(store_t *store, int64_t id)
{
    int result = pg_search_follow(store, id);
    if (result == GZ_OK)
        result = pg_newsroom_follow(store, id);
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
    int slot = param_slot(statement, index);
    statement->params.values[slot] = text;
    statement->params.formats[slot] = 0;
}

static void driver_bind_null(store_statement_t *statement, int index)
{
    int slot = param_slot(statement, index);
    statement->params.values[slot] = NULL;
    statement->params.formats[slot] = 0;
}

/* A bytea in binary (see pg_params_t): its length must fit libpq's int,
 * which a store's chunk (1 MiB) always does. */
static void driver_bind_blob(store_statement_t *statement, int index, const void *bytes, size_t len)
{
    if (len > INT32_MAX) {
        fprintf(stderr, "gazette: a bound blob of %zu bytes is too large\n", len);
        abort();
    }
    int slot = param_slot(statement, index);
    statement->params.values[slot] = len > 0 ? bytes : "";
    statement->params.lengths[slot] = (int)len;
    statement->params.formats[slot] = 1;
}

static void driver_want_blobs(store_statement_t *statement)
{
    statement->params.binary_results = true;
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

/* A whole number in binary results: big-endian, of its type's width
 * (boolean 1, smallint 2, integer 4, bigint 8 bytes). */
static int64_t binary_number(const PGresult *rows, int row, int column)
{
    const unsigned char *bytes = (const unsigned char *)PQgetvalue(rows, row, column);
    int len = PQgetlength(rows, row, column);
    uint64_t value = 0;
    for (int i = 0; i < len && i < 8; i++)
        value = value << 8 | bytes[i];
    if (len > 1 && len < 8 && (bytes[0] & 0x80) != 0)
        value |= ~(uint64_t)0 << (8 * len); /* sign-extend a negative smallint or integer */
    return (int64_t)value;
}

static int64_t driver_column_int64(store_statement_t *statement, int column)
{
    if (PQfformat(statement->rows, column) == 1) {
        if (PQgetisnull(statement->rows, statement->row, column))
            return 0;
        return binary_number(statement->rows, statement->row, column);
    }
    return pg_number(statement->rows, statement->row, column);
}

static const void *driver_column_blob(store_statement_t *statement, int column, size_t *len)
{
    *len = 0;
    if (PQgetisnull(statement->rows, statement->row, column))
        return NULL;
    if (PQfformat(statement->rows, column) != 1) {
        fprintf(stderr, "gazette: a blob column read without want_blobs\n");
        abort(); /* a programming error in a shared operation, never input */
    }
    *len = (size_t)PQgetlength(statement->rows, statement->row, column);
    return PQgetvalue(statement->rows, statement->row, column);
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
    .bind_blob = driver_bind_blob,
    .want_blobs = driver_want_blobs,
    .step = driver_step,
    .column_int64 = driver_column_int64,
    .column_text = driver_column_text,
    .column_blob = driver_column_blob,
    .changes = driver_changes,
    .finish = driver_finish,
    .script = driver_script,
    .views_add_counts = pg_views_add_counts,
    .article_stored = article_stored,
    .newsroom_follow = pg_newsroom_follow,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .write_start = pg_write_start,
    .write_finish = pg_write_finish,
    .read_start = pg_read_start,
    .read_finish = pg_read_finish,
};
