/*
 * store_fronts.c: fronts arranged by editors, written once for both
 * databases over the driver (statements in store_sql.c). A front is a
 * layout (a JSON document the newsroom checks; the store keeps it as
 * text) under the key of the page it arranges ("home", "section:12"),
 * with a revision for the optimistic check, every version kept, and the
 * versions scheduled for later.
 *
 * The key is also the page's cache tag: a put logs it in the change log
 * in the same write, so the page is dropped on every node.
 */
#include <string.h>

#include "store/driver.h"

enum { REVISIONS_SHOWN = 50, DUE_AT_ONCE = 100 };

static void front_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_front_t *front = out;
    front->key = store_sql_text_column(store, row, 0, pool);
    front->layout = store_sql_text_column(store, row, 1, pool);
    front->revision = store_sql_int64(store, row, 2);
    front->updated_at = store_sql_int64(store, row, 3);
    front->updated_by = store_sql_int64(store, row, 4);
}

int store_front_get(store_t *store, const char *key, gz_pool_t *pool, store_front_t *out)
{
    if (key == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_front_get needs a key, pool and out");
    return store_sql_read_by_key(store, SQL_FRONT_GET, 0, key, front_from_row, pool, out,
                                 "no such front", "reading a front");
}

/* ---- writing ------------------------------------------------------------------- */

static int run_keyed(store_t *store, store_sql_id_t id, const char *key, int64_t *changed,
                     const char *context)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, key);
    return store_sql_run(store, statement, changed, context);
}

/* The row itself: inserted when based_on is 0, else updated only if it is
 * still at based_on. */
static int write_row(store_t *store, const char *key, const char *layout, int64_t user_id,
                     int64_t based_on)
{
    store_statement_t *statement;
    int result =
        store_sql_prepare(store, based_on == 0 ? SQL_FRONT_INSERT : SQL_FRONT_UPDATE, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, key);
    store_sql_bind_text(store, statement, 2, layout);
    store_sql_bind_int64(store, statement, 3, gz_now());
    store_sql_bind_id(store, statement, 4, user_id);
    if (based_on != 0)
        store_sql_bind_int64(store, statement, 5, based_on);
    int64_t changed = 0;
    result = store_sql_run(store, statement, &changed, "saving a front");
    if (result == GZ_ECONFLICT || (result == GZ_OK && changed == 0))
        return store_fail(store, GZ_ECONFLICT, "the front %s was changed by someone else", key);
    return result;
}

int store_front_put(store_t *store, const char *key, const char *layout, int64_t user_id,
                    int64_t based_on, int64_t *revision)
{
    if (key == NULL || layout == NULL || based_on < 0)
        return store_fail(store, GZ_EINVAL, "a front needs a key and a layout");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = write_row(store, key, layout, user_id, based_on);
    if (result == GZ_OK)
        result = run_keyed(store, SQL_FRONT_REVISION_ADD, key, NULL, "keeping a front's version");
    if (result == GZ_OK)
        result = run_keyed(store, SQL_FRONT_CHANGED, key, NULL, "logging a front's change");
    if (revision != NULL) /* the insert makes 1; the update succeeds only over based_on */
        *revision = result == GZ_OK ? based_on + 1 : 0;
    return store_write_finish(store, &write, result);
}

/* ---- versions ----------------------------------------------------------------------- */

static void revision_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_front_revision_t *revision = out;
    revision->revision = store_sql_int64(store, row, 0);
    revision->user_id = store_sql_int64(store, row, 1);
    revision->at = store_sql_int64(store, row, 2);
    revision->layout = store_sql_text_column(store, row, 3, pool);
}

int store_front_revisions(store_t *store, const char *key, gz_pool_t *pool,
                          store_front_revision_t **out, size_t *count)
{
    if (key == NULL || pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_front_revisions needs a key, pool and out");
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_FRONT_REVISIONS, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, key);
    store_sql_bind_size(store, statement, 2, REVISIONS_SHOWN);
    return store_sql_read_all(store, statement, revision_from_row, sizeof **out, pool, (void **)out,
                              count, "reading a front's versions");
}

/* ---- schedules --------------------------------------------------------------------- */

static void schedule_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_front_schedule_t *schedule = out;
    schedule->id = store_sql_int64(store, row, 0);
    schedule->key = store_sql_text_column(store, row, 1, pool);
    schedule->layout = store_sql_text_column(store, row, 2, pool);
    schedule->at = store_sql_int64(store, row, 3);
    schedule->user_id = store_sql_int64(store, row, 4);
    schedule->created_at = store_sql_int64(store, row, 5);
}

int store_front_schedule_add(store_t *store, const char *key, const char *layout, gz_time_t at,
                             int64_t user_id, int64_t *id)
{
    if (key == NULL || layout == NULL || at <= 0 || id == NULL)
        return store_fail(store, GZ_EINVAL, "a scheduled front needs a key, a layout and a time");
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_FRONT_SCHEDULE_ADD, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, key);
    store_sql_bind_text(store, statement, 2, layout);
    store_sql_bind_int64(store, statement, 3, at);
    store_sql_bind_id(store, statement, 4, user_id);
    store_sql_bind_int64(store, statement, 5, gz_now());
    return store_sql_read_one(store, statement, store_sql_int64_row, NULL, id, NULL,
                              "scheduling a front");
}

int store_front_schedules(store_t *store, const char *key, gz_time_t due_by, gz_pool_t *pool,
                          store_front_schedule_t **out, size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL || (key == NULL) == (due_by <= 0))
        return store_fail(store, GZ_EINVAL, "store_front_schedules needs a key or a time");
    store_statement_t *statement;
    int result = store_sql_prepare(
        store, key != NULL ? SQL_FRONT_SCHEDULES_OF : SQL_FRONT_SCHEDULES_DUE, &statement);
    if (result != GZ_OK)
        return result;
    if (key != NULL) {
        store_sql_bind_text(store, statement, 1, key);
    } else {
        store_sql_bind_int64(store, statement, 1, due_by);
        store_sql_bind_size(store, statement, 2, DUE_AT_ONCE);
    }
    return store_sql_read_all(store, statement, schedule_from_row, sizeof **out, pool, (void **)out,
                              count, "reading scheduled fronts");
}

int store_front_schedule_delete(store_t *store, int64_t id)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_FRONT_SCHEDULE_DELETE, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, id);
    int64_t changed = 0;
    result = store_sql_run(store, statement, &changed, "removing a scheduled front");
    if (result == GZ_OK && changed == 0)
        result = store_fail(store, GZ_ENOTFOUND, "no scheduled front %lld", (long long)id);
    return result;
}

int store_articles_of_type(store_t *store, int64_t type_id, gz_time_t now, size_t limit,
                           gz_pool_t *pool, content_article_list_t *out)
{
    if (pool == NULL || out == NULL || type_id <= 0)
        return store_fail(store, GZ_EINVAL, "store_articles_of_type needs a type, pool and out");
    memset(out, 0, sizeof *out);
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_ARTICLES_OF_TYPE, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, type_id);
    store_sql_bind_int64(store, statement, 2, now);
    store_sql_bind_size(store, statement, 3, limit == 0 ? 20 : limit);
    result = store_sql_read_all(store, statement, store_article_from_row, sizeof *out->items, pool,
                                (void **)&out->items, &out->count, "listing articles of a type");
    out->total = out->count;
    return result;
}
