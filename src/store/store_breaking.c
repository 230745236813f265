/*
 * store_breaking.c: the breaking-news banner, written once for both
 * databases over the driver (store/driver.h, statements in store_sql.c).
 *
 * Every banner ever raised is a row; raising lowers the one that is up in
 * the same write, so only the newest row can ever be up and "the current
 * banner" is one read of the primary key, checked here against the clock
 * (an expired banner is down without anyone writing anything). Each write
 * logs "breaking" in the change log itself, in the same write, so a failed
 * write logs nothing and a lowering that lowered nothing logs nothing.
 */
#include <string.h>

#include "store/driver.h"

/* ---- checking arguments ------------------------------------------------- */

static bool text_fits(const char *text, size_t max, bool required)
{
    if (text == NULL)
        return !required;
    size_t length = strlen(text);
    return (length > 0 || !required) && length <= max && gz_utf8_valid(text, length);
}

/* NULL when the banner may be stored, else what is wrong. */
/* The messages name the limits: they must move together. */
_Static_assert(STORE_BREAKING_TEXT_MAX == 1120 && STORE_BREAKING_LINK_MAX == 2048,
               "update banner_problem's messages");

static const char *banner_problem(const store_breaking_t *banner)
{
    if (!text_fits(banner->text, STORE_BREAKING_TEXT_MAX, true))
        return "a banner needs 1 to 1120 bytes of UTF-8 text";
    if (!text_fits(banner->link, STORE_BREAKING_LINK_MAX, false))
        return "a banner's link is at most 2048 bytes of UTF-8";
    if (banner->raised_at <= 0)
        return "a banner needs the time it is raised";
    if (banner->expires_at != 0 && banner->expires_at <= banner->raised_at)
        return "a banner's expiry must come after it is raised";
    return NULL;
}

/* ---- writes --------------------------------------------------------------- */

static int log_change(store_t *store)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_BREAKING_CHANGED, &statement);
    if (result != GZ_OK)
        return result;
    return store_sql_run(store, statement, NULL, "logging a banner change");
}

/* Lowers banner id (0: the newest) if it is up at now; *lowered tells. */
static int lower_if_up(store_t *store, int64_t id, int64_t user_id, gz_time_t now, bool *lowered)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_BREAKING_LOWER, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_id(store, statement, 1, id);
    store_sql_bind_int64(store, statement, 2, now);
    store_sql_bind_id(store, statement, 3, user_id);
    int64_t changed = 0;
    result = store_sql_run(store, statement, &changed, "lowering the banner");
    *lowered = changed > 0;
    return result;
}

static int insert_banner(store_t *store, store_breaking_t *banner)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_BREAKING_INSERT, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, banner->text);
    store_sql_bind_text(store, statement, 2, banner->link);
    store_sql_bind_id(store, statement, 3, banner->raised_by);
    store_sql_bind_int64(store, statement, 4, banner->raised_at);
    store_sql_bind_id(store, statement, 5, banner->expires_at);
    return store_sql_read_one(store, statement, store_sql_int64_row, NULL, &banner->id,
                              "raising the banner returned no id", "raising the banner");
}

int store_breaking_raise(store_t *store, store_breaking_t *banner)
{
    const char *problem = banner == NULL ? "no banner" : banner_problem(banner);
    if (problem != NULL)
        return store_fail(store, GZ_EINVAL, "%s", problem);
    store_breaking_t row = *banner;
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    bool lowered = false;
    result = lower_if_up(store, 0, row.raised_by, row.raised_at, &lowered);
    if (result == GZ_OK)
        result = insert_banner(store, &row);
    if (result == GZ_OK)
        result = log_change(store);
    result = store_write_finish(store, &write, result);
    if (result == GZ_OK)
        banner->id = row.id;
    return result;
}

int store_breaking_lower(store_t *store, int64_t id, int64_t user_id, gz_time_t now)
{
    if (id < 0 || now <= 0)
        return store_fail(store, GZ_EINVAL, "lowering a banner needs an id (or 0) and a time");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    bool lowered = false;
    result = lower_if_up(store, id, user_id, now, &lowered);
    if (result == GZ_OK && !lowered)
        result = store_fail(store, GZ_ENOTFOUND, "no banner is up");
    if (result == GZ_OK)
        result = log_change(store);
    return store_write_finish(store, &write, result);
}

/* ---- reads ------------------------------------------------------------------ */

static void banner_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_breaking_t *banner = out;
    banner->id = store_sql_int64(store, row, 0);
    banner->text = store_sql_text_column(store, row, 1, pool);
    banner->link = store_sql_text_column(store, row, 2, pool);
    banner->raised_by = store_sql_int64(store, row, 3);
    banner->raised_by_name = store_sql_text_column(store, row, 4, pool);
    banner->raised_at = store_sql_int64(store, row, 5);
    banner->expires_at = store_sql_int64(store, row, 6);
    banner->lowered_at = store_sql_int64(store, row, 7);
    banner->lowered_by = store_sql_int64(store, row, 8);
    banner->lowered_by_name = store_sql_text_column(store, row, 9, pool);
}

int store_breaking_current(store_t *store, gz_time_t now, gz_pool_t *pool, store_breaking_t *out,
                           bool *found)
{
    if (pool == NULL || out == NULL || found == NULL)
        return store_fail(store, GZ_EINVAL, "store_breaking_current needs a pool and out");
    memset(out, 0, sizeof *out);
    *found = false;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_BREAKING_NEWEST, &statement);
    if (result != GZ_OK)
        return result;
    store_breaking_t newest = {0};
    bool any = false;
    result = store_sql_read_maybe(store, statement, banner_from_row, pool, &newest, &any,
                                  "reading the banner");
    if (result == GZ_OK && any && newest.lowered_at == 0 &&
        (newest.expires_at == 0 || newest.expires_at > now)) {
        *out = newest;
        *found = true;
    }
    return result;
}

int store_breaking_list(store_t *store, size_t limit, gz_pool_t *pool, store_breaking_t **out,
                        size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL || limit == 0 ||
        limit > STORE_BREAKING_HISTORY_MAX)
        return store_fail(store, GZ_EINVAL, "store_breaking_list needs a pool, out and a limit");
    *out = NULL;
    *count = 0;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_BREAKING_LIST, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_size(store, statement, 1, limit);
    return store_sql_read_all(store, statement, banner_from_row, sizeof **out, pool, (void **)out,
                              count, "reading the banners");
}
