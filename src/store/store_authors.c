/*
 * store_authors.c: author profiles and the articles under each byline,
 * written once for both databases over the driver (statements in
 * store_sql.c). A profile may belong to an account (user_id, at most one
 * author per account) or to no one (an agency, a guest, "Staff").
 *
 * The triggers of schema step 9 log "author:ID" for every change of a
 * profile and of an article's authors, so the author's page and the pages
 * that print the byline are refreshed with the write.
 */
#include <string.h>

#include "store/driver.h"

enum { DEFAULT_PAGE_SIZE = 20, AUTHOR_PAGE_MAX = 200 };

/* The columns of SQL_AUTHOR_COLUMNS, in order. */
static void author_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    content_author_t *author = out;
    author->id = store_sql_int64(store, row, 0);
    author->slug = store_sql_text_column(store, row, 1, pool);
    author->name = store_sql_text_column(store, row, 2, pool);
    author->role_line = store_sql_text_column(store, row, 3, pool);
    author->bio = store_sql_text_column(store, row, 4, pool);
    author->picture_id = store_sql_int64(store, row, 5);
    author->links = store_sql_text_column(store, row, 6, pool);
    author->language = store_sql_text_column(store, row, 7, pool);
    author->user_id = store_sql_int64(store, row, 8);
    author->updated_at = store_sql_int64(store, row, 9);
}

/* Reads the one author a number or a text names. */
static int read_author(store_t *store, store_sql_id_t id, int64_t number, const char *text,
                       gz_pool_t *pool, content_author_t *out, const char *missing)
{
    if (pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "reading an author needs a pool and out");
    return store_sql_read_by_key(store, id, number, text, author_from_row, pool, out, missing,
                                 "reading an author");
}

int store_author_get(store_t *store, int64_t id, gz_pool_t *pool, content_author_t *out)
{
    return read_author(store, SQL_AUTHOR_GET, id, NULL, pool, out, "no such author");
}

int store_author_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool,
                             content_author_t *out)
{
    if (slug == NULL)
        return store_fail(store, GZ_ENOTFOUND, "no such author");
    return read_author(store, SQL_AUTHOR_BY_SLUG, 0, slug, pool, out, "no such author");
}

int store_author_get_by_user(store_t *store, int64_t user_id, gz_pool_t *pool,
                             content_author_t *out)
{
    return read_author(store, SQL_AUTHOR_BY_USER, user_id, NULL, pool, out,
                       "no author writes for this account");
}

/* ---- the list ------------------------------------------------------------- */

static int count_authors(store_t *store, const char *pattern, size_t *total)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_AUTHOR_COUNT, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, pattern);
    int64_t count = 0;
    result = store_sql_read_one(store, statement, store_sql_int64_row, NULL, &count, NULL,
                                "counting authors");
    *total = (size_t)count;
    return result;
}

int store_author_list(store_t *store, const store_author_query_t *query, gz_pool_t *pool,
                      store_author_list_t *out)
{
    if (query == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_author_list needs a query, pool and out");
    memset(out, 0, sizeof *out);
    size_t page_size = query->page_size == 0 ? DEFAULT_PAGE_SIZE : query->page_size;
    size_t page = query->page == 0 ? 1 : query->page;
    if (page_size > AUTHOR_PAGE_MAX || page > SIZE_MAX / AUTHOR_PAGE_MAX)
        return store_fail(store, GZ_EINVAL, "a page of authors holds at most 200");
    const char *pattern = store_like_contains(pool, query->text);
    store_read_t read;
    int result = store_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    result = count_authors(store, pattern, &out->total);
    store_statement_t *statement = NULL;
    if (result == GZ_OK)
        result = store_sql_prepare(store, SQL_AUTHOR_LIST, &statement);
    if (result == GZ_OK) {
        store_sql_bind_text(store, statement, 1, pattern);
        store_sql_bind_size(store, statement, 2, page_size);
        store_sql_bind_size(store, statement, 3, (page - 1) * page_size);
        result = store_sql_read_all(store, statement, author_from_row, sizeof *out->items, pool,
                                    (void **)&out->items, &out->count, "listing authors");
    }
    return store_read_finish(store, &read, result);
}

/* ---- writing ----------------------------------------------------------------- */

/* The profile's fields as ?1 to ?9 (the update's ?10 is its id). */
static void bind_author(store_t *store, store_statement_t *statement,
                        const content_author_t *author)
{
    store_sql_bind_text(store, statement, 1, author->slug);
    store_sql_bind_text(store, statement, 2, author->name);
    store_sql_bind_text(store, statement, 3, author->role_line);
    store_sql_bind_text(store, statement, 4, author->bio);
    store_sql_bind_id(store, statement, 5, author->picture_id);
    store_sql_bind_text(store, statement, 6, author->links);
    store_sql_bind_text(store, statement, 7, author->language);
    store_sql_bind_id(store, statement, 8, author->user_id);
    store_sql_bind_int64(store, statement, 9, gz_now());
}

/* Inserts (id 0: a new id written back) or updates every field. */
static int put_row(store_t *store, content_author_t *author)
{
    store_statement_t *statement;
    int result =
        store_sql_prepare(store, author->id > 0 ? SQL_AUTHOR_UPDATE : SQL_AUTHOR_ADD, &statement);
    if (result != GZ_OK)
        return result;
    bind_author(store, statement, author);
    if (author->id > 0) {
        store_sql_bind_int64(store, statement, 10, author->id);
        int64_t changed = 0;
        result = store_sql_run(store, statement, &changed, "saving an author");
        if (result == GZ_OK && changed == 0)
            result = store_fail(store, GZ_ENOTFOUND, "no author %lld", (long long)author->id);
        return result;
    }
    return store_sql_read_one(store, statement, store_sql_int64_row, NULL, &author->id, NULL,
                              "adding an author");
}

/* A new name reaches the newsroom's index of the author's articles (a
 * bio or a picture does not touch it). */
static int put_row_following(store_t *store, content_author_t *author)
{
    if (author->id <= 0)
        return put_row(store, author);
    gz_pool_t pool = GZ_POOL_INIT;
    content_author_t stored;
    int result = store_author_get(store, author->id, &pool, &stored);
    if (result == GZ_OK)
        result = put_row(store, author);
    if (result == GZ_OK && strcmp(stored.name, author->name) != 0)
        result = store_newsroom_follow_linked(store, SQL_NEWSROOM_AUTHORED, author->id);
    gz_pool_clear(&pool);
    return result;
}

int store_author_put(store_t *store, content_author_t *author)
{
    if (author == NULL || author->slug == NULL || author->name == NULL || author->id < 0)
        return store_fail(store, GZ_EINVAL, "an author needs a slug and a name");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = put_row_following(store, author);
    if (result == GZ_ECONFLICT)
        result =
            store_fail(store, GZ_ECONFLICT, "another author has this address name or this account");
    return store_write_finish(store, &write, result);
}

/* ---- an author's articles ------------------------------------------------------- */

int store_author_articles(store_t *store, int64_t author_id, gz_time_t now, size_t limit,
                          size_t offset, gz_pool_t *pool, content_article_list_t *out)
{
    if (pool == NULL || out == NULL || author_id <= 0)
        return store_fail(store, GZ_EINVAL, "store_author_articles needs an author, pool and out");
    memset(out, 0, sizeof *out);
    store_read_t read;
    int result = store_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    store_statement_t *statement = NULL;
    int64_t total = 0;
    result = store_sql_prepare(store, SQL_AUTHOR_ARTICLES_COUNT, &statement);
    if (result == GZ_OK) {
        store_sql_bind_int64(store, statement, 1, author_id);
        store_sql_bind_int64(store, statement, 2, now);
        result = store_sql_read_one(store, statement, store_sql_int64_row, NULL, &total, NULL,
                                    "counting an author's articles");
    }
    if (result == GZ_OK)
        result = store_sql_prepare(store, SQL_AUTHOR_ARTICLES, &statement);
    if (result == GZ_OK) {
        store_sql_bind_int64(store, statement, 1, author_id);
        store_sql_bind_int64(store, statement, 2, now);
        store_sql_bind_size(store, statement, 3, limit == 0 ? DEFAULT_PAGE_SIZE : limit);
        store_sql_bind_size(store, statement, 4, offset);
        result =
            store_sql_read_all(store, statement, store_article_from_row, sizeof *out->items, pool,
                               (void **)&out->items, &out->count, "listing an author's articles");
    }
    out->total = (size_t)total;
    return store_read_finish(store, &read, result);
}
