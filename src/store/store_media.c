/*
 * store_media.c: media items (their metadata, the newsroom's library) and
 * the articles that use them, written once for both databases over the
 * driver (store/driver.h, statements in store_sql.c); their files' bytes
 * are in store_media_files.c. An item is named by its stem, checked here
 * against the legacy scheme's shape (media/ parses the full paths; the
 * store sits below it and checks only what it stores).
 *
 * The library lists newest first from an index in that order, so a page
 * costs its rows; the count and the page are read in one snapshot, so
 * the total agrees with the page.
 *
 * Every write logs "media:ID" in the change log itself (no trigger: the
 * item's tables change in several statements per write, and one entry per
 * write is what the caches need), in the same write, so a failed write
 * logs nothing.
 */
#include <stdio.h>
#include <string.h>

#include "store/driver.h"

enum { DEFAULT_PAGE_SIZE = 20 };

/* ---- checking arguments ------------------------------------------------- */

static bool all_digits(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] < '0' || text[i] > '9')
            return false;
    return len > 0;
}

static int two_digits(const char *text)
{
    return (text[0] - '0') * 10 + (text[1] - '0');
}

/* NULL when stem has the shape YYYY/MM/DD/site_ticks, else what is wrong. */
static const char *stem_problem(const char *stem)
{
    if (stem == NULL || stem[0] == '\0')
        return "a media item needs a stem";
    size_t len = strlen(stem);
    if (len > STORE_MEDIA_STEM_MAX)
        return "the stem is longer than 200 bytes";
    const char *shape = "the stem is not of the shape YYYY/MM/DD/site_ticks (lower case)";
    if (len < 14 || !all_digits(stem, 4) || stem[4] != '/' || !all_digits(stem + 5, 2) ||
        stem[7] != '/' || !all_digits(stem + 8, 2) || stem[10] != '/')
        return shape;
    int month = two_digits(stem + 5), day = two_digits(stem + 8);
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return "the stem's date is not a real month and day";
    const char *site = stem + 11, *underscore = strchr(site, '_');
    if (underscore == NULL || underscore == site)
        return shape;
    for (const char *c = site; c < underscore; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
            return shape;
    if (!all_digits(underscore + 1, strlen(underscore + 1)))
        return shape;
    return NULL;
}

static bool text_valid(const char *text)
{
    return text == NULL || gz_utf8_valid(text, strlen(text));
}

/* NULL when the item may be stored, else what is wrong. */
static const char *item_problem(const content_media_t *item)
{
    if (item->kind < CONTENT_MEDIA_PICTURE || item->kind > CONTENT_MEDIA_EMBED)
        return "unknown media kind";
    const char *stem = stem_problem(item->stem);
    if (stem != NULL)
        return stem;
    const struct {
        const char *text, *problem;
    } texts[] = {
        {item->file_name, "the file name is not valid UTF-8"},
        {item->mime, "the type is not valid UTF-8"},
        {item->alt, "the alt text is not valid UTF-8"},
        {item->caption, "the caption is not valid UTF-8"},
        {item->credit, "the credit is not valid UTF-8"},
        {item->copyright, "the copyright is not valid UTF-8"},
        {item->embed_provider, "the embed provider is not valid UTF-8"},
        {item->embed_id, "the embed id is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!text_valid(texts[i].text))
            return texts[i].problem;
    if (item->focus_x > STORE_MEDIA_FOCUS_MAX || item->focus_y > STORE_MEDIA_FOCUS_MAX)
        return "the focus is past 10000 (it is in 1/10000 of the width and height)";
    if (item->byte_count < 0 || item->duration_ms < 0 || item->poster_id < 0)
        return "a media item's size, duration and poster are never negative";
    if (item->id > 0 && item->poster_id == item->id)
        return "a media item cannot be its own poster";
    return NULL;
}

/* ---- small runs ---------------------------------------------------------- */

/* Runs statement id with the whole numbers values[0..count) bound to ?1...;
 * *changed (when not NULL) tells how many rows it changed. */
static int run_numbers(store_t *store, store_sql_id_t id, const int64_t *values, size_t count,
                       int64_t *changed, const char *context)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    for (size_t i = 0; i < count; i++)
        store_sql_bind_int64(store, statement, (int)i + 1, values[i]);
    return store_sql_run(store, statement, changed, context);
}

int store_media_log_change(store_t *store, int64_t id)
{
    return run_numbers(store, SQL_MEDIA_CHANGED, &id, 1, NULL, "logging a media change");
}

int store_media_missing(store_t *store, int64_t id)
{
    return store_fail(store, GZ_ENOTFOUND, "no media item %lld", (long long)id);
}

/* ---- items --------------------------------------------------------------- */

static void media_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    content_media_t *item = out;
    item->id = store_sql_int64(store, row, 0);
    item->kind = (content_media_kind_t)store_sql_int64(store, row, 1);
    item->stem = store_sql_text_column(store, row, 2, pool);
    item->file_name = store_sql_text_column(store, row, 3, pool);
    item->mime = store_sql_text_column(store, row, 4, pool);
    item->width = (uint32_t)store_sql_int64(store, row, 5);
    item->height = (uint32_t)store_sql_int64(store, row, 6);
    item->byte_count = store_sql_int64(store, row, 7);
    item->has_original = store_sql_int64(store, row, 8) != 0;
    item->alt = store_sql_text_column(store, row, 9, pool);
    item->caption = store_sql_text_column(store, row, 10, pool);
    item->credit = store_sql_text_column(store, row, 11, pool);
    item->copyright = store_sql_text_column(store, row, 12, pool);
    item->focus_set = store_sql_int64(store, row, 13) != 0;
    item->focus_x = (uint16_t)store_sql_int64(store, row, 14);
    item->focus_y = (uint16_t)store_sql_int64(store, row, 15);
    item->duration_ms = store_sql_int64(store, row, 16);
    item->poster_id = store_sql_int64(store, row, 17);
    item->embed_provider = store_sql_text_column(store, row, 18, pool);
    item->embed_id = store_sql_text_column(store, row, 19, pool);
    item->created_at = store_sql_int64(store, row, 20);
    item->updated_at = store_sql_int64(store, row, 21);
}

/* The metadata columns, ?1 to ?17 of both SQL_MEDIA_INSERT and _UPDATE. */
static void bind_metadata(store_t *store, store_statement_t *statement, const content_media_t *item)
{
    store_sql_bind_int64(store, statement, 1, item->kind);
    store_sql_bind_text(store, statement, 2, item->stem);
    store_sql_bind_text(store, statement, 3, item->file_name);
    store_sql_bind_text(store, statement, 4, item->mime);
    store_sql_bind_int64(store, statement, 5, item->width);
    store_sql_bind_int64(store, statement, 6, item->height);
    store_sql_bind_text(store, statement, 7, item->alt);
    store_sql_bind_text(store, statement, 8, item->caption);
    store_sql_bind_text(store, statement, 9, item->credit);
    store_sql_bind_text(store, statement, 10, item->copyright);
    store_sql_bind_int64(store, statement, 11, item->focus_set);
    store_sql_bind_int64(store, statement, 12, item->focus_x);
    store_sql_bind_int64(store, statement, 13, item->focus_y);
    store_sql_bind_int64(store, statement, 14, item->duration_ms);
    store_sql_bind_id(store, statement, 15, item->poster_id);
    store_sql_bind_text(store, statement, 16, item->embed_provider);
    store_sql_bind_text(store, statement, 17, item->embed_id);
}

static int insert_item(store_t *store, content_media_t *item)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_MEDIA_INSERT, &statement);
    if (result != GZ_OK)
        return result;
    bind_metadata(store, statement, item);
    store_sql_bind_int64(store, statement, 18, item->byte_count);
    store_sql_bind_int64(store, statement, 19, item->has_original);
    store_sql_bind_int64(store, statement, 20, item->created_at);
    store_sql_bind_int64(store, statement, 21, item->updated_at);
    return store_sql_read_one(store, statement, store_sql_int64_row, NULL, &item->id,
                              "storing a media item returned no id", "storing a media item");
}

static int update_item(store_t *store, const content_media_t *item)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_MEDIA_UPDATE, &statement);
    if (result != GZ_OK)
        return result;
    bind_metadata(store, statement, item);
    store_sql_bind_int64(store, statement, 18, item->updated_at);
    store_sql_bind_int64(store, statement, 19, item->id);
    int64_t changed = 0;
    result = store_sql_run(store, statement, &changed, "updating a media item");
    if (result == GZ_OK && changed == 0)
        result = store_media_missing(store, item->id);
    return result;
}

/* The poster must be stored already (the schema checks it only at commit,
 * for copies, where the message would name no item). */
static int check_poster(store_t *store, int64_t poster_id)
{
    if (poster_id <= 0)
        return GZ_OK;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_MEDIA_EXISTS, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, poster_id);
    int64_t found = 0;
    result = store_sql_read_one(store, statement, store_sql_int64_row, NULL, &found,
                                "no such poster", "reading a poster");
    if (result == GZ_ENOTFOUND)
        result = store_fail(store, GZ_EINVAL, "poster %lld is not a stored media item",
                            (long long)poster_id);
    return result;
}

int store_media_put(store_t *store, content_media_t *item)
{
    if (item == NULL)
        return store_fail(store, GZ_EINVAL, "store_media_put needs an item");
    if (item->id < 0)
        return store_fail(store, GZ_EINVAL, "a media item's id is never negative");
    const char *problem = item_problem(item);
    if (problem != NULL)
        return store_fail(store, GZ_EINVAL, "%s", problem);
    content_media_t row = *item;
    gz_time_t now = gz_now();
    if (row.updated_at == 0)
        row.updated_at = now;
    if (row.id == 0 && row.created_at == 0)
        row.created_at = now;
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = check_poster(store, row.poster_id);
    if (result == GZ_OK)
        result = row.id == 0 ? insert_item(store, &row) : update_item(store, &row);
    if (result == GZ_ECONFLICT)
        result = store_fail(store, GZ_ECONFLICT, "a media item with stem %s is already stored",
                            row.stem); /* the stem was checked: plain ASCII */
    if (result == GZ_OK)
        result = store_media_log_change(store, row.id);
    result = store_write_finish(store, &write, result);
    if (result == GZ_OK) {
        item->id = row.id;
        item->updated_at = row.updated_at;
        if (item->created_at == 0 && row.created_at != 0)
            item->created_at = row.created_at;
    }
    return result;
}

static int get_by(store_t *store, store_sql_id_t id, int64_t number, const char *text,
                  gz_pool_t *pool, content_media_t *out, const char *missing)
{
    if (pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "reading a media item needs a pool and out");
    memset(out, 0, sizeof *out);
    return store_sql_read_by_key(store, id, number, text, media_from_row, pool, out, missing,
                                 "reading a media item");
}

int store_media_get(store_t *store, int64_t id, gz_pool_t *pool, content_media_t *out)
{
    char missing[64];
    snprintf(missing, sizeof missing, "no media item %lld", (long long)id);
    return get_by(store, SQL_MEDIA_GET, id, NULL, pool, out, missing);
}

int store_media_find_by_stem(store_t *store, const char *stem, gz_pool_t *pool,
                             content_media_t *out)
{
    if (stem == NULL)
        return store_fail(store, GZ_EINVAL, "store_media_find_by_stem needs a stem");
    return get_by(store, SQL_MEDIA_BY_STEM, 0, stem, pool, out, "no media item with that stem");
}

int store_media_delete(store_t *store, int64_t id)
{
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    int64_t changed = 0;
    result = run_numbers(store, SQL_MEDIA_POSTER_CHANGED, &id, 1, NULL,
                         "logging the items a poster's deletion changes");
    if (result == GZ_OK)
        result = run_numbers(store, SQL_MEDIA_DELETE, &id, 1, &changed, "deleting a media item");
    if (result == GZ_OK && changed == 0)
        result = store_media_missing(store, id);
    if (result == GZ_OK)
        result = store_media_log_change(store, id);
    return store_write_finish(store, &write, result);
}

/* ---- the library --------------------------------------------------------- */

/* ?1 to ?4 of MEDIA_FILTER (store_sql.c). pattern: NULL or lower case. */
static void bind_filter(store_t *store, store_statement_t *statement,
                        const store_media_query_t *query, const char *pattern)
{
    store_sql_bind_int64(store, statement, 1, query->kind);
    store_sql_bind_int64(store, statement, 2, query->created_from);
    store_sql_bind_int64(store, statement, 3, query->created_to);
    store_sql_bind_text(store, statement, 4, pattern);
}

static int count_items(store_t *store, const store_media_query_t *query, const char *pattern,
                       size_t *total)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_MEDIA_COUNT, &statement);
    if (result != GZ_OK)
        return result;
    bind_filter(store, statement, query, pattern);
    int64_t count = 0;
    result = store_sql_read_one(store, statement, store_sql_int64_row, NULL, &count,
                                "counting media items returned nothing", "counting media items");
    *total = (size_t)count;
    return result;
}

static int list_items(store_t *store, const store_media_query_t *query, const char *pattern,
                      gz_pool_t *pool, store_media_list_t *out)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_MEDIA_LIST, &statement);
    if (result != GZ_OK)
        return result;
    bind_filter(store, statement, query, pattern);
    store_sql_bind_size(store, statement, 5, query->page_size);
    store_sql_bind_size(store, statement, 6, (query->page - 1) * query->page_size);
    return store_sql_read_all(store, statement, media_from_row, sizeof *out->items, pool,
                              (void **)&out->items, &out->count, "listing media items");
}

int store_media_list(store_t *store, const store_media_query_t *query, gz_pool_t *pool,
                     store_media_list_t *out)
{
    if (query == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_media_list needs a query, pool and out");
    memset(out, 0, sizeof *out);
    store_media_query_t normalized = *query;
    if (normalized.kind < 0 || normalized.kind > CONTENT_MEDIA_EMBED)
        return store_fail(store, GZ_EINVAL, "unknown media kind %d", normalized.kind);
    if (normalized.page_size > STORE_MEDIA_PAGE_MAX)
        return store_fail(store, GZ_EINVAL, "a page of media items holds at most 100");
    if (normalized.page_size == 0)
        normalized.page_size = DEFAULT_PAGE_SIZE;
    if (normalized.page == 0)
        normalized.page = 1;
    if (normalized.page > SIZE_MAX / STORE_MEDIA_PAGE_MAX)
        return store_fail(store, GZ_EINVAL, "no such page of media items");
    const char *pattern = store_like_contains(pool, normalized.text);
    store_read_t read;
    int result = store_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    result = count_items(store, &normalized, pattern, &out->total);
    if (result == GZ_OK)
        result = list_items(store, &normalized, pattern, pool, out);
    return store_read_finish(store, &read, result);
}

/* ---- the articles that use an item --------------------------------------- */

static const char *uses_problem(const store_media_use_t *uses, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (uses[i].role != STORE_MEDIA_LEAD && uses[i].role != STORE_MEDIA_BODY)
            return "unknown media role (1 lead, 2 body)";
        if (uses[i].media_id <= 0)
            return "a media use needs an item";
        for (size_t j = 0; j < i; j++)
            if (uses[j].media_id == uses[i].media_id && uses[j].role == uses[i].role)
                return "an article uses an item at most once in each role";
    }
    return NULL;
}

static int add_use(store_t *store, int64_t article_id, const store_media_use_t *use)
{
    int64_t values[] = {article_id, use->media_id, use->role, use->position};
    int result = run_numbers(store, SQL_ARTICLE_MEDIA_ADD, values, 4, NULL,
                             "recording where an article uses media");
    if (result == GZ_EINVAL) /* a foreign key: the article or the item is missing */
        result = store_fail(store, GZ_EINVAL, "article %lld or media item %lld is not stored",
                            (long long)article_id, (long long)use->media_id);
    return result;
}

int store_article_media_replace(store_t *store, int64_t article_id, const store_media_use_t *uses,
                                size_t count)
{
    const char *problem = count > 0 && uses == NULL ? "store_article_media_replace needs uses"
                                                    : uses_problem(uses, count);
    if (problem != NULL)
        return store_fail(store, GZ_EINVAL, "%s", problem);
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = run_numbers(store, SQL_ARTICLE_MEDIA_CLEAR, &article_id, 1, NULL,
                         "clearing where an article uses media");
    for (size_t i = 0; result == GZ_OK && i < count; i++)
        result = add_use(store, article_id, &uses[i]);
    return store_write_finish(store, &write, result);
}

/* Reads the ids statement id answers for its one number ?1. */
static int read_ids(store_t *store, store_sql_id_t id, int64_t value, gz_pool_t *pool,
                    int64_t **out, size_t *count, const char *context)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "%s needs a pool, out and count", context);
    *out = NULL;
    *count = 0;
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, value);
    return store_sql_read_all(store, statement, store_sql_int64_row, sizeof **out, pool,
                              (void **)out, count, context);
}

int store_media_usage(store_t *store, int64_t media_id, gz_pool_t *pool, int64_t **out,
                      size_t *count)
{
    return read_ids(store, SQL_MEDIA_USAGE, media_id, pool, out, count, "reading media usage");
}

int store_media_list_unused(store_t *store, gz_time_t unused_since, gz_pool_t *pool, int64_t **out,
                            size_t *count)
{
    return read_ids(store, SQL_MEDIA_UNUSED, unused_since, pool, out, count,
                    "listing unused media");
}
