/*
 * pg_copy.c: the PostgreSQL side of store_copy (store_copy.c): counting,
 * reading a page of a table in key order, clearing, and writing rows.
 *
 * Rows go in with COPY ... FROM STDIN in its text format, one COPY per
 * page: one round trip for a thousand rows instead of a thousand, and
 * the values travel as data, escaped for COPY's format, never inside SQL
 * text. The SQL text here is built from store_copy.c's fixed list of
 * table and column names; reads bind their values as parameters. These
 * statements run unprepared (PQexecParams): each moves a whole page, and
 * they stay out of the connection's cache of prepared statements.
 *
 * The schema's per-row triggers that count articles (article_counts)
 * and log changes (change_log) are fine one write at a time but
 * quadratic in one long transaction on PostgreSQL: every count update
 * leaves a row version the next one must walk past, and the change log's
 * pruning rescans the entries it deleted, neither of which can be cleaned
 * up before the transaction ends. So the load turns those four triggers
 * off for its transaction (ALTER TABLE is transactional: a failed copy
 * leaves them on), computes the counters in one statement at the end, as
 * the triggers would have, and logs one "all" change so every node drops
 * its cache. This needs the role that owns the tables.
 *
 * Ids written as they are leave an identity column's sequence behind
 * them, so after each page the table's sequence (when it has one) is set
 * to its largest id: the next section or account made on this database
 * gets a new id, not a duplicate-key error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_private.h"

enum { COPY_CHUNK_BYTES = 256 * 1024 };

/* Runs SQL built from the fixed names, with values as parameters. */
static int query(store_t *store, const gz_buf_t *sql, int count, const char *const *values,
                 PGresult **out, const char *context)
{
    *out = NULL;
    PGconn *conn = pg_connection(store)->conn;
    if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
        return store_fail(store, GZ_EUNAVAILABLE, "%s: the connection to PostgreSQL was lost",
                          context);
    uint64_t injected = store_fault_next();
    if (injected != 0)
        return store_fault_fail(store, injected, context);
    PGresult *rows = PQexecParams(conn, gz_buf_cstr(sql), count, NULL, values, NULL, NULL, 0);
    ExecStatusType status = PQresultStatus(rows);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
        *out = rows;
        return GZ_OK;
    }
    int result = pg_fail_result(store, rows, context);
    PQclear(rows);
    return result;
}

static void name_context(char *context, size_t size, const char *what,
                         const store_copy_table_t *table)
{
    snprintf(context, size, "%s %s", what, table->name);
}

/* ---- the source's snapshot --------------------------------------------- */

int pg_copy_read_begin(store_t *store)
{
    if (pg_in_transaction(store))
        return store_fail(store, GZ_EINVAL, "cannot copy from inside a transaction");
    pg_read_t read;
    return pg_read_start(store, &read);
}

int pg_copy_read_end(store_t *store, int result)
{
    pg_read_t read = {.owned = true};
    return pg_read_finish(store, &read, result);
}

/* ---- counting and reading ---------------------------------------------- */

int pg_copy_count(store_t *store, const store_copy_table_t *table, int64_t *count)
{
    char context[96];
    name_context(context, sizeof context, "counting", table);
    gz_buf_t sql = GZ_BUF_INIT;
    gz_buf_printf(&sql, "SELECT COUNT(*) FROM %s", table->name);
    PGresult *rows = NULL;
    int result = query(store, &sql, 0, NULL, &rows, context);
    if (result == GZ_OK)
        *count = pg_number(rows, 0, 0);
    PQclear(rows);
    gz_buf_free(&sql);
    return result;
}

/* Bytes travel in a bytea's hex text (store_copy.c), PostgreSQL's output
 * unless a session set bytea_output = escape: that is refused rather than
 * copied in a form the other side would misread. */
static int check_hex_blobs(store_t *store, const store_copy_table_t *table,
                           const store_copy_rows_t *rows)
{
    if (table->blob_column < 0)
        return GZ_OK;
    for (size_t row = 0; row < rows->row_count; row++) {
        const char *value = rows->values[row * table->column_count + (size_t)table->blob_column];
        if (value != NULL && strncmp(value, "\\x", 2) != 0)
            return store_fail(store, GZ_EINVAL,
                              "reading %s: bytes arrive escaped, not in hex: set bytea_output"
                              " to hex",
                              table->name);
    }
    return GZ_OK;
}

int pg_copy_read(store_t *store, const store_copy_table_t *table, const char *const *after,
                 size_t limit, gz_pool_t *pool, store_copy_rows_t *out)
{
    out->row_count = 0;
    out->values = NULL;
    if (limit == 0 || limit > SIZE_MAX / table->column_count || table->key_count >= PG_MAX_PARAMS)
        return store_fail(store, GZ_EINVAL, "reading %s: bad page size", table->name);
    char context[96], limit_text[24];
    name_context(context, sizeof context, "reading", table);
    snprintf(limit_text, sizeof limit_text, "%zu", limit);
    const char *params[PG_MAX_PARAMS];
    int count = 0;
    for (size_t i = 0; after != NULL && i < table->key_count; i++)
        params[count++] = after[i];
    params[count++] = limit_text;
    gz_buf_t sql = GZ_BUF_INIT;
    store_copy_build_select(&sql, table, after != NULL, "$");
    PGresult *rows = NULL;
    int result = query(store, &sql, count, params, &rows, context);
    gz_buf_free(&sql);
    if (result != GZ_OK)
        return result;
    size_t row_count = (size_t)PQntuples(rows);
    if (row_count > limit)
        row_count = limit;
    out->values = gz_pool_calloc(pool, row_count * table->column_count + 1, sizeof *out->values);
    for (size_t row = 0; row < row_count; row++)
        for (size_t column = 0; column < table->column_count; column++)
            out->values[row * table->column_count + column] =
                pg_text(rows, (int)row, (int)column, pool);
    out->row_count = row_count;
    PQclear(rows);
    return check_hex_blobs(store, table, out);
}

/* ---- writing ----------------------------------------------------------- */

int pg_copy_clear(store_t *store, const store_copy_table_t *table)
{
    char context[96];
    name_context(context, sizeof context, "clearing", table);
    gz_buf_t sql = GZ_BUF_INIT;
    gz_buf_printf(&sql, "DELETE FROM %s", table->name);
    PGresult *rows = NULL;
    int result = query(store, &sql, 0, NULL, &rows, context);
    PQclear(rows);
    gz_buf_free(&sql);
    return result;
}

/* A value in COPY's text format: \N for NULL; backslash, tab, newline and
 * carriage return escaped, everything else as it is. */
static void append_copy_value(gz_buf_t *out, const char *value)
{
    if (value == NULL) {
        gz_buf_append_cstr(out, "\\N");
        return;
    }
    while (*value != '\0') {
        size_t plain = strcspn(value, "\\\t\n\r");
        gz_buf_append(out, value, plain);
        value += plain;
        if (*value == '\0')
            break;
        const char *escape = *value == '\\'   ? "\\\\"
                             : *value == '\t' ? "\\t"
                             : *value == '\n' ? "\\n"
                                              : "\\r";
        gz_buf_append_cstr(out, escape);
        value++;
    }
}

static void append_copy_row(gz_buf_t *out, const store_copy_table_t *table, const char *const *row)
{
    for (size_t column = 0; column < table->column_count; column++) {
        if (column > 0)
            gz_buf_append_char(out, '\t');
        append_copy_value(out, row[column]);
    }
    gz_buf_append_char(out, '\n');
}

/* Sends the rows, in chunks; false when the connection failed. */
static bool send_rows(PGconn *conn, const store_copy_table_t *table, const store_copy_rows_t *rows)
{
    gz_buf_t data = GZ_BUF_INIT;
    bool sent = true;
    for (size_t row = 0; sent && row < rows->row_count; row++) {
        append_copy_row(&data, table, &rows->values[row * table->column_count]);
        if (data.len >= COPY_CHUNK_BYTES || row + 1 == rows->row_count) {
            sent = PQputCopyData(conn, data.data, (int)data.len) == 1;
            gz_buf_reset(&data);
        }
    }
    gz_buf_free(&data);
    return sent;
}

/* Reads what the server answered to the COPY: every result, so the
 * connection is ready for the next statement. */
static int copy_outcome(store_t *store, PGconn *conn, size_t expected, const char *context)
{
    int result = GZ_OK;
    PGresult *answer;
    while ((answer = PQgetResult(conn)) != NULL) {
        if (result == GZ_OK && PQresultStatus(answer) != PGRES_COMMAND_OK)
            result = pg_fail_result(store, answer, context);
        else if (result == GZ_OK && strtoull(PQcmdTuples(answer), NULL, 10) != expected)
            result = store_fail(store, GZ_EIO, "%s: the server stored %s of %zu rows", context,
                                PQcmdTuples(answer), expected);
        PQclear(answer);
    }
    return result;
}

static int copy_in(store_t *store, const store_copy_table_t *table, const store_copy_rows_t *rows,
                   const char *context)
{
    PGconn *conn = pg_connection(store)->conn;
    uint64_t injected = store_fault_next();
    if (injected != 0)
        return store_fault_fail(store, injected, context);
    gz_buf_t sql = GZ_BUF_INIT;
    gz_buf_printf(&sql, "COPY %s (", table->name);
    store_copy_append_columns(&sql, table, table->column_count);
    gz_buf_append_cstr(&sql, ") FROM STDIN");
    PGresult *started = conn ? PQexec(conn, gz_buf_cstr(&sql)) : NULL;
    gz_buf_free(&sql);
    if (PQresultStatus(started) != PGRES_COPY_IN) {
        int result = pg_fail_result(store, started, context);
        PQclear(started);
        return result;
    }
    PQclear(started);
    bool sent = send_rows(conn, table, rows);
    if (PQputCopyEnd(conn, sent ? NULL : "gazette could not send every row") != 1)
        sent = false;
    int result = copy_outcome(store, conn, rows->row_count, context);
    if (result == GZ_OK && !sent)
        result = pg_fail_result(store, NULL, context);
    return result;
}

/* Moves the table's identity sequence, if it has one, to its largest id. */
static int advance_sequence(store_t *store, const store_copy_table_t *table, const char *context)
{
    if (table->key_count != 1 || strcmp(table->columns[0], "id") != 0)
        return GZ_OK;
    gz_buf_t sql = GZ_BUF_INIT;
    gz_buf_printf(&sql, "SELECT setval(pg_get_serial_sequence($1, 'id'), MAX(id)) FROM %s",
                  table->name);
    const char *params[] = {table->name};
    PGresult *rows = NULL;
    int result = query(store, &sql, 1, params, &rows, context);
    PQclear(rows);
    gz_buf_free(&sql);
    return result;
}

int pg_copy_write(store_t *store, const store_copy_table_t *table, const store_copy_rows_t *rows)
{
    char context[96];
    name_context(context, sizeof context, "copying", table);
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    if (rows->row_count > 0)
        result = copy_in(store, table, rows, context);
    if (result == GZ_OK)
        result = advance_sequence(store, table, context);
    return pg_write_finish(store, &write, result);
}

/* ---- the load as a whole ------------------------------------------------ */

/* The triggers named in pg_schema.c that do per-row bookkeeping on insert. */
#define LOAD_TRIGGERS(action)                                                                      \
    "ALTER TABLE articles " action " TRIGGER articles_count, " action " TRIGGER articles_changed;" \
    "ALTER TABLE article_tags " action " TRIGGER article_tags_count, " action                      \
    " TRIGGER article_tags_changed;"

/* What articles_count and article_tags_count would have counted. */
static const char recount[] =
    "DELETE FROM article_counts;"
    "INSERT INTO article_counts (scope, scope_id, live, total)"
    "  SELECT 0, 0, (status = 3 AND is_stub = 0)::integer, COUNT(*) FROM articles GROUP BY 3"
    "  UNION ALL"
    "  SELECT 1, section_id, (status = 3 AND is_stub = 0)::integer, COUNT(*) FROM articles"
    "    WHERE section_id IS NOT NULL GROUP BY 2, 3"
    "  UNION ALL"
    "  SELECT 2, tag_id, live, COUNT(*) FROM article_tags GROUP BY 2, 3;"
    "INSERT INTO change_log (tags) VALUES ('all');";

int pg_copy_load_start(store_t *store)
{
    return pg_run_script(store, LOAD_TRIGGERS("DISABLE"), "setting the per-row triggers aside");
}

int pg_copy_load_finish(store_t *store)
{
    int result = pg_run_script(store, recount, "counting the copied articles");
    if (result == GZ_OK)
        result = pg_run_script(store, LOAD_TRIGGERS("ENABLE"), "turning the triggers back on");
    return result;
}
