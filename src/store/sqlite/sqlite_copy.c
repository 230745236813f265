/*
 * sqlite_copy.c: the SQLite side of store_copy (store_copy.c): counting,
 * reading a page of a table in key order, clearing and inserting rows as
 * text. The SQL is built from store_copy.c's fixed list of table and
 * column names, never from input, and every value is bound.
 *
 * These statements are prepared for each call rather than kept in the
 * connection's cache: a call moves up to a thousand rows, which costs far
 * more than parsing one statement, and the cache stays for the queries a
 * server runs all day. Text bound to an INTEGER column is stored as an
 * integer (column affinity), so values come back with their types. The
 * one column of bytes (table->blob_column) is read and written as the hex
 * text PostgreSQL spells a bytea in (see store_copy.c).
 */
#include <stdint.h>
#include <string.h>

#include "store/sqlite/sqlite_private.h"

static int prepare(store_t *store, const gz_buf_t *sql, sqlite3_stmt **stmt, const char *what,
                   const store_copy_table_t *table)
{
    *stmt = NULL;
    if (sqlite3_prepare_v3(sqlite_connection(store)->db, gz_buf_cstr(sql), (int)sql->len, 0, stmt,
                           NULL) != SQLITE_OK)
        return sqlite_fail(store, "%s %s", what, table->name);
    return GZ_OK;
}

/* ---- the source's snapshot --------------------------------------------- */

int sqlite_copy_read_begin(store_t *store)
{
    if (!sqlite3_get_autocommit(sqlite_connection(store)->db))
        return store_fail(store, GZ_EINVAL, "cannot copy from inside a transaction");
    sqlite_read_t read;
    return sqlite_read_start(store, &read);
}

int sqlite_copy_read_end(store_t *store, int result)
{
    sqlite_read_t read = {.owned = true};
    return sqlite_read_finish(store, &read, result);
}

/* ---- counting and reading ---------------------------------------------- */

int sqlite_copy_count(store_t *store, const store_copy_table_t *table, int64_t *count)
{
    gz_buf_t sql = GZ_BUF_INIT;
    gz_buf_printf(&sql, "SELECT COUNT(*) FROM %s", table->name);
    sqlite3_stmt *stmt;
    int result = prepare(store, &sql, &stmt, "counting", table);
    if (result == GZ_OK) {
        if (sqlite_step(stmt) == SQLITE_ROW)
            *count = sqlite3_column_int64(stmt, 0);
        else
            result = sqlite_fail(store, "counting %s", table->name);
    }
    sqlite3_finalize(stmt);
    gz_buf_free(&sql);
    return result;
}

static int bind_page(sqlite3_stmt *stmt, const store_copy_table_t *table, const char *const *after,
                     size_t limit)
{
    int rc = SQLITE_OK;
    size_t keys = after ? table->key_count : 0;
    for (size_t i = 0; i < keys; i++)
        sqlite_bind_text(stmt, (int)i + 1, after[i], &rc);
    sqlite_bind_int64(stmt, (int)keys + 1, (int64_t)limit, &rc);
    return rc;
}

/* A blob as PostgreSQL's hex text of a bytea ("\x" then two lower-case
 * hex digits a byte), the form store_copy moves bytes in; NULL stays NULL. */
static const char *blob_as_hex(sqlite3_stmt *stmt, int column, gz_pool_t *pool)
{
    if (sqlite3_column_type(stmt, column) == SQLITE_NULL)
        return NULL;
    const unsigned char *bytes = sqlite3_column_blob(stmt, column);
    size_t len = (size_t)sqlite3_column_bytes(stmt, column);
    char *hex = gz_pool_calloc(pool, len + 2, 2); /* "\x", two digits a byte, NUL */
    static const char digits[] = "0123456789abcdef";
    hex[0] = '\\';
    hex[1] = 'x';
    for (size_t i = 0; i < len; i++) {
        hex[2 + 2 * i] = digits[bytes[i] >> 4];
        hex[3 + 2 * i] = digits[bytes[i] & 15];
    }
    return hex;
}

int sqlite_copy_read(store_t *store, const store_copy_table_t *table, const char *const *after,
                     size_t limit, gz_pool_t *pool, store_copy_rows_t *out)
{
    out->row_count = 0;
    if (limit == 0 || limit > SIZE_MAX / table->column_count)
        return store_fail(store, GZ_EINVAL, "reading %s: bad page size", table->name);
    out->values = gz_pool_calloc(pool, limit * table->column_count, sizeof *out->values);
    gz_buf_t sql = GZ_BUF_INIT;
    store_copy_build_select(&sql, table, after != NULL, "?");
    sqlite3_stmt *stmt;
    int result = prepare(store, &sql, &stmt, "reading", table);
    if (result == GZ_OK && bind_page(stmt, table, after, limit) != SQLITE_OK)
        result = sqlite_fail(store, "reading %s", table->name);
    int rc = SQLITE_ROW;
    while (result == GZ_OK && out->row_count < limit && (rc = sqlite_step(stmt)) == SQLITE_ROW) {
        const char **row = &out->values[out->row_count++ * table->column_count];
        for (size_t column = 0; column < table->column_count; column++)
            row[column] = (int)column == table->blob_column
                              ? blob_as_hex(stmt, (int)column, pool)
                              : sqlite_column_text(stmt, (int)column, pool);
    }
    if (result == GZ_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        result = sqlite_fail(store, "reading %s", table->name);
    sqlite3_finalize(stmt);
    gz_buf_free(&sql);
    return result;
}

/* ---- writing ----------------------------------------------------------- */

int sqlite_copy_clear(store_t *store, const store_copy_table_t *table)
{
    gz_buf_t sql = GZ_BUF_INIT;
    gz_buf_printf(&sql, "DELETE FROM %s", table->name);
    sqlite3_stmt *stmt;
    int result = prepare(store, &sql, &stmt, "clearing", table);
    if (result == GZ_OK && sqlite_step(stmt) != SQLITE_DONE)
        result = sqlite_fail(store, "clearing %s", table->name);
    sqlite3_finalize(stmt);
    gz_buf_free(&sql);
    return result;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Binds the bytes that hex (blob_as_hex's form) spells, copied by SQLite;
 * SQLITE_MISMATCH for text of another form. */
static void bind_hex_blob(sqlite3_stmt *stmt, int index, const char *hex, int *rc)
{
    if (*rc != SQLITE_OK || hex == NULL) {
        sqlite_bind_text(stmt, index, NULL, rc);
        return;
    }
    size_t digits = strlen(hex) - (hex[0] == '\\' && hex[1] == 'x' ? 2 : 0);
    if (hex[0] != '\\' || hex[1] != 'x' || digits % 2 != 0) {
        *rc = SQLITE_MISMATCH;
        return;
    }
    gz_buf_t bytes = GZ_BUF_INIT;
    gz_buf_reserve(&bytes, digits / 2 + 1);
    for (size_t i = 0; i < digits && *rc == SQLITE_OK; i += 2) {
        int high = hex_digit(hex[2 + i]), low = hex_digit(hex[3 + i]);
        if (high < 0 || low < 0)
            *rc = SQLITE_MISMATCH;
        else
            gz_buf_append_char(&bytes, (char)(high << 4 | low));
    }
    if (*rc == SQLITE_OK)
        *rc = sqlite3_bind_blob64(stmt, index, bytes.len > 0 ? bytes.data : "", bytes.len,
                                  SQLITE_TRANSIENT);
    gz_buf_free(&bytes);
}

static int insert_row(store_t *store, sqlite3_stmt *stmt, const store_copy_table_t *table,
                      const char *const *row)
{
    int rc = SQLITE_OK;
    for (size_t column = 0; column < table->column_count; column++) {
        if ((int)column == table->blob_column)
            bind_hex_blob(stmt, (int)column + 1, row[column], &rc);
        else
            sqlite_bind_text(stmt, (int)column + 1, row[column], &rc);
    }
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    int result = GZ_OK;
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "copying %s (%s %s)", table->name, table->columns[0],
                             row[0] ? row[0] : "NULL");
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_copy_write(store_t *store, const store_copy_table_t *table,
                      const store_copy_rows_t *rows)
{
    gz_buf_t sql = GZ_BUF_INIT;
    gz_buf_printf(&sql, "INSERT INTO %s (", table->name);
    store_copy_append_columns(&sql, table, table->column_count);
    gz_buf_append_cstr(&sql, ") VALUES (");
    store_copy_append_placeholders(&sql, "?", 1, table->column_count);
    gz_buf_append_cstr(&sql, ")");
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK) {
        gz_buf_free(&sql);
        return result;
    }
    sqlite3_stmt *stmt;
    result = prepare(store, &sql, &stmt, "copying", table);
    for (size_t row = 0; result == GZ_OK && row < rows->row_count; row++)
        result = insert_row(store, stmt, table, &rows->values[row * table->column_count]);
    sqlite3_finalize(stmt);
    gz_buf_free(&sql);
    return sqlite_write_finish(store, &write, result);
}
