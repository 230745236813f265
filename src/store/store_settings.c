/*
 * store_settings.c: site settings (JSON documents by name, checked by
 * the newsroom before they reach here), the desks sections name, how many
 * articles sit at each status, and the newsroom's budget, written once
 * for both databases over the driver.
 */
#include <string.h>

#include "store/driver.h"

static void text_row(store_t *store, store_statement_t *statement, gz_pool_t *pool, void *out)
{
    *(const char **)out = store_sql_text_column(store, statement, 0, pool);
}

int store_setting_get(store_t *store, const char *name, gz_pool_t *pool, const char **value,
                      bool *found)
{
    if (name == NULL || pool == NULL || value == NULL || found == NULL)
        return store_fail(store, GZ_EINVAL, "store_setting_get needs name, pool, value, found");
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_SETTING_GET, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, name);
    return store_sql_read_maybe(store, statement, text_row, pool, value, found,
                                "reading a site setting");
}

int store_setting_put(store_t *store, const char *name, const char *value, int64_t user_id)
{
    size_t length = value != NULL ? strlen(value) : 0;
    if (name == NULL || name[0] == '\0' || value == NULL)
        return store_fail(store, GZ_EINVAL, "a setting needs a name and a value");
    if (length > STORE_SETTING_MAX_BYTES || !gz_utf8_valid(value, length))
        return store_fail(store, GZ_EINVAL, "a setting is at most 64 KiB of UTF-8");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    store_statement_t *statement;
    result = store_sql_prepare(store, SQL_SETTING_PUT, &statement);
    if (result == GZ_OK) {
        store_sql_bind_text(store, statement, 1, name);
        store_sql_bind_text(store, statement, 2, value);
        store_sql_bind_int64(store, statement, 3, gz_now());
        store_sql_bind_id(store, statement, 4, user_id);
        result = store_sql_run(store, statement, NULL, "storing a site setting");
    }
    return store_write_finish(store, &write, result);
}

int store_desk_list(store_t *store, gz_pool_t *pool, const char ***names, size_t *count)
{
    if (pool == NULL || names == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_desk_list needs pool, names and count");
    return store_sql_read_list(store, SQL_DESK_LIST, text_row, sizeof **names, pool,
                               (void **)names, count, "listing desks");
}

static void status_count_row(store_t *store, store_statement_t *statement, gz_pool_t *pool,
                             void *out)
{
    store_status_count_t *row = out;
    row->status = store_sql_text_column(store, statement, 0, pool);
    row->count = store_sql_int64(store, statement, 1);
}

int store_status_counts(store_t *store, gz_pool_t *pool, store_status_count_t **out,
                        size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_status_counts needs pool, out and count");
    return store_sql_read_list(store, SQL_STATUS_COUNTS, status_count_row, sizeof **out, pool,
                               (void **)out, count, "counting articles by status");
}

/* ---- assignments ---------------------------------------------------------- */

/* Reads ASSIGNMENT_COLUMNS from column first on. */
static void assignment_at(store_t *store, store_statement_t *statement, int first,
                          gz_pool_t *pool, store_assignment_t *out)
{
    out->article_id = store_sql_int64(store, statement, first);
    out->user_id = store_sql_int64(store, statement, first + 1);
    out->user_name = out->user_id > 0 ? store_sql_text_column(store, statement, first + 2, pool)
                                      : NULL;
    out->due_at = store_sql_int64(store, statement, first + 3);
    out->note = store_sql_text_column(store, statement, first + 4, pool);
    out->assigned_by = store_sql_int64(store, statement, first + 5);
    out->assigned_at = store_sql_int64(store, statement, first + 6);
}

static void assignment_row(store_t *store, store_statement_t *statement, gz_pool_t *pool,
                           void *out)
{
    assignment_at(store, statement, 0, pool, out);
}

int store_assignment_get(store_t *store, int64_t article_id, gz_pool_t *pool,
                         store_assignment_t *out, bool *found)
{
    if (pool == NULL || out == NULL || found == NULL)
        return store_fail(store, GZ_EINVAL, "store_assignment_get needs pool, out and found");
    *out = (store_assignment_t){.article_id = article_id};
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_ASSIGNMENT_GET, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    return store_sql_read_maybe(store, statement, assignment_row, pool, out, found,
                                "reading an assignment");
}

static int write_assignment(store_t *store, const store_assignment_t *assignment)
{
    bool empty = assignment->user_id <= 0 && assignment->due_at <= 0 &&
                 (assignment->note == NULL || assignment->note[0] == '\0');
    store_statement_t *statement;
    int result =
        store_sql_prepare(store, empty ? SQL_ASSIGNMENT_DELETE : SQL_ASSIGNMENT_PUT, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, assignment->article_id);
    if (!empty) {
        store_sql_bind_id(store, statement, 2, assignment->user_id);
        store_sql_bind_id(store, statement, 3, assignment->due_at); /* 0: no time, NULL */
        store_sql_bind_text(store, statement, 4,
                            assignment->note && assignment->note[0] ? assignment->note : NULL);
        store_sql_bind_id(store, statement, 5, assignment->assigned_by);
        store_sql_bind_int64(store, statement, 6, gz_now());
    }
    return store_sql_run(store, statement, NULL, "storing an assignment");
}

int store_assignment_put(store_t *store, const store_assignment_t *assignment)
{
    if (assignment == NULL || assignment->article_id <= 0)
        return store_fail(store, GZ_EINVAL, "an assignment needs an article");
    size_t note_length = assignment->note != NULL ? strlen(assignment->note) : 0;
    if (note_length > STORE_ASSIGNMENT_NOTE_MAX ||
        !gz_utf8_valid(assignment->note ? assignment->note : "", note_length))
        return store_fail(store, GZ_EINVAL, "an assignment's note is at most 500 bytes of UTF-8");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result == GZ_OK)
        result = write_assignment(store, assignment);
    return store_write_finish(store, &write, result);
}

/* ---- the budget ------------------------------------------------------------- */

static void budget_row(store_t *store, store_statement_t *statement, gz_pool_t *pool, void *out)
{
    store_budget_item_t *item = out;
    store_article_from_row(store, statement, pool, &item->article);
    assignment_at(store, statement, STORE_ARTICLE_COLUMN_COUNT, pool, &item->assignment);
}

int store_newsroom_budget(store_t *store, gz_time_t from, gz_time_t to, gz_pool_t *pool,
                          store_budget_t *out)
{
    if (pool == NULL || out == NULL || to < from)
        return store_fail(store, GZ_EINVAL, "store_newsroom_budget needs a day, pool and out");
    *out = (store_budget_t){0};
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_BUDGET, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, from);
    store_sql_bind_int64(store, statement, 2, to);
    store_sql_bind_size(store, statement, 3, STORE_BUDGET_MAX);
    void *items = NULL;
    result = store_sql_read_all(store, statement, budget_row, sizeof *out->items, pool, &items,
                                &out->count, "reading the newsroom's budget");
    out->items = items;
    return result;
}
