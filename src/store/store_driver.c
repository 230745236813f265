/*
 * store_driver.c: what the shared operations use of a driver, written once:
 * thin calls through the driver's table, the run-and-read helpers every
 * operation would otherwise repeat (one row or GZ_ENOTFOUND, every row
 * into a pool array, a write that counts its rows), the brackets, and the
 * rewriting of ?N placeholders for dialects that spell them $N.
 */
#include <string.h>

#include "store/driver.h"

static const store_driver_t *driver_of(store_t *store)
{
    return store->backend->driver;
}

/* ---- statements -------------------------------------------------------- */

int store_sql_prepare(store_t *store, store_sql_id_t id, store_statement_t **out)
{
    return driver_of(store)->prepare(store, id, out);
}

void store_sql_bind_int64(store_t *store, store_statement_t *statement, int index, int64_t value)
{
    driver_of(store)->bind_int64(statement, index, value);
}

void store_sql_bind_text(store_t *store, store_statement_t *statement, int index, const char *text)
{
    if (text == NULL)
        driver_of(store)->bind_null(statement, index);
    else
        driver_of(store)->bind_text(statement, index, text);
}

void store_sql_bind_blob(store_t *store, store_statement_t *statement, int index, const void *bytes,
                         size_t len)
{
    driver_of(store)->bind_blob(statement, index, bytes, len);
}

void store_sql_want_blobs(store_t *store, store_statement_t *statement)
{
    driver_of(store)->want_blobs(statement);
}

void store_sql_bind_id(store_t *store, store_statement_t *statement, int index, int64_t id)
{
    if (id > 0)
        driver_of(store)->bind_int64(statement, index, id);
    else
        driver_of(store)->bind_null(statement, index);
}

void store_sql_bind_size(store_t *store, store_statement_t *statement, int index, size_t size)
{
    int64_t value = size > (size_t)INT64_MAX ? INT64_MAX : (int64_t)size;
    driver_of(store)->bind_int64(statement, index, value);
}

int64_t store_sql_int64(store_t *store, store_statement_t *statement, int column)
{
    return driver_of(store)->column_int64(statement, column);
}

const char *store_sql_text_column(store_t *store, store_statement_t *statement, int column,
                                  gz_pool_t *pool)
{
    return driver_of(store)->column_text(statement, column, pool);
}

const void *store_sql_blob_column(store_t *store, store_statement_t *statement, int column,
                                  size_t *len)
{
    return driver_of(store)->column_blob(statement, column, len);
}

int store_sql_step(store_t *store, store_statement_t *statement, const char *context)
{
    return driver_of(store)->step(store, statement, context);
}

void store_sql_finish(store_t *store, store_statement_t *statement)
{
    driver_of(store)->finish(statement);
}

/* ---- running and reading ----------------------------------------------- */

int store_sql_run(store_t *store, store_statement_t *statement, int64_t *changed,
                  const char *context)
{
    const store_driver_t *driver = driver_of(store);
    int result = driver->step(store, statement, context);
    if (result == STORE_ROW || result == STORE_DONE) {
        if (changed != NULL)
            *changed = driver->changes(store, statement);
        result = GZ_OK;
    } else if (result == GZ_ECONFLICT) {
        result = store_fail(store, GZ_ECONFLICT, "%s: already there", context);
    }
    driver->finish(statement);
    return result;
}

int store_sql_read_one(store_t *store, store_statement_t *statement, store_row_reader_fn reader,
                       gz_pool_t *pool, void *out, const char *missing, const char *context)
{
    const store_driver_t *driver = driver_of(store);
    int result = driver->step(store, statement, context);
    if (result == STORE_ROW) {
        reader(store, statement, pool, out);
        result = GZ_OK;
    } else if (result == STORE_DONE) {
        result = store_fail(store, GZ_ENOTFOUND, "%s", missing);
    }
    driver->finish(statement);
    return result;
}

int store_sql_read_by_key(store_t *store, store_sql_id_t id, int64_t number, const char *text,
                          store_row_reader_fn reader, gz_pool_t *pool, void *out,
                          const char *missing, const char *context)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    if (text != NULL)
        store_sql_bind_text(store, statement, 1, text);
    else
        store_sql_bind_int64(store, statement, 1, number);
    return store_sql_read_one(store, statement, reader, pool, out, missing, context);
}

int store_sql_read_maybe(store_t *store, store_statement_t *statement, store_row_reader_fn reader,
                         gz_pool_t *pool, void *out, bool *found, const char *context)
{
    const store_driver_t *driver = driver_of(store);
    int result = driver->step(store, statement, context);
    *found = result == STORE_ROW;
    if (result == STORE_ROW)
        reader(store, statement, pool, out);
    driver->finish(statement);
    return result == STORE_ROW || result == STORE_DONE ? GZ_OK : result;
}

void store_sql_int64_row(store_t *store, store_statement_t *statement, gz_pool_t *pool, void *out)
{
    (void)pool;
    *(int64_t *)out = store_sql_int64(store, statement, 0);
}

int store_sql_read_all(store_t *store, store_statement_t *statement, store_row_reader_fn reader,
                       size_t element_size, gz_pool_t *pool, void **out, size_t *count,
                       const char *context)
{
    const store_driver_t *driver = driver_of(store);
    char *items = NULL;
    size_t found = 0, capacity = 0;
    int result;
    while ((result = driver->step(store, statement, context)) == STORE_ROW) {
        items = store_pool_grow(pool, items, found, &capacity, element_size);
        reader(store, statement, pool, items + found++ * element_size);
    }
    driver->finish(statement);
    if (result != STORE_DONE)
        return result;
    *out = items;
    *count = found;
    return GZ_OK;
}

int store_sql_read_list(store_t *store, store_sql_id_t id, store_row_reader_fn reader,
                        size_t element_size, gz_pool_t *pool, void **out, size_t *count,
                        const char *context)
{
    *out = NULL;
    *count = 0;
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    return store_sql_read_all(store, statement, reader, element_size, pool, out, count, context);
}

/* ---- brackets ---------------------------------------------------------- */

int store_write_start(store_t *store, store_write_t *write)
{
    return driver_of(store)->write_start(store, write);
}

int store_write_finish(store_t *store, store_write_t *write, int result)
{
    return driver_of(store)->write_finish(store, write, result);
}

int store_read_start(store_t *store, store_read_t *read)
{
    return driver_of(store)->read_start(store, read);
}

int store_read_finish(store_t *store, store_read_t *read, int result)
{
    return driver_of(store)->read_finish(store, read, result);
}

/* ---- placeholders ------------------------------------------------------ */

void store_sql_dollar_placeholders(const char *sql, gz_buf_t *out)
{
    char quote = 0; /* inside '...' or "..." */
    for (const char *c = sql; *c != '\0'; c++) {
        if (quote != 0 && *c == quote)
            quote = 0;
        else if (quote == 0 && (*c == '\'' || *c == '"'))
            quote = *c;
        gz_buf_append_char(out, quote == 0 && *c == '?' ? '$' : *c);
    }
}
