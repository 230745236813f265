/*
 * store_newsroom.c: the newsroom's article list, written once over the
 * driver: its filters, its search, its orders and its pages; and keeping
 * the newsroom's index in step when a tag or an author is renamed.
 *
 * The text filter is searched in the newsroom's own index (schema step
 * 15: every article, drafts and spiked ones too, with its authors' and
 * tags' names), read like the readers' search: content_query_parse and the
 * store's one tokenizer, then the backend writes the match in its own
 * index's language (an FTS5 expression, a tsquery) and the driver's list
 * statement binds it like any other filter. So a draft is found by a word
 * of its body in any form ("hospitals" finds "hospital"), by its tag or
 * by its author's name, the same way on both databases.
 *
 * The order is never text from the request: each of the fixed orders is a
 * statement of its own (driver.h's STORE_NEWSROOM_LISTS), chosen by number,
 * so each is prepared once and the default one (newest change first) reads
 * the index on updated_at and stops after a page.
 */
#include <string.h>

#include "store/driver.h"

_Static_assert(SQL_NEWSROOM_BY_DUE_ASC == SQL_NEWSROOM_BY + STORE_NEWSROOM_SORT_COUNT * 2 - 1,
               "one list statement per order and direction");

/* ---- rows ---------------------------------------------------------------- */

enum {
    COLUMN_AUTHORS = STORE_ARTICLE_COLUMN_COUNT,
    COLUMN_ASSIGNEE_ID,
    COLUMN_ASSIGNEE_NAME,
    COLUMN_DUE_AT,
};

static void newsroom_row(store_t *store, store_statement_t *statement, gz_pool_t *pool, void *out)
{
    store_newsroom_row_t *row = out;
    *row = (store_newsroom_row_t){0};
    store_article_from_row(store, statement, pool, &row->article);
    row->authors = store_sql_text_column(store, statement, COLUMN_AUTHORS, pool);
    row->assignee_id = store_sql_int64(store, statement, COLUMN_ASSIGNEE_ID);
    if (row->assignee_id > 0)
        row->assignee_name = store_sql_text_column(store, statement, COLUMN_ASSIGNEE_NAME, pool);
    row->due_at = store_sql_int64(store, statement, COLUMN_DUE_AT);
}

static const char *text_or_null(const char *text)
{
    return text != NULL && text[0] != '\0' ? text : NULL;
}

/* Binds ?1 to ?10, the filters shared by the lists and their count (see
 * store_sql.c); match is the backend's search expression, or NULL. */
static void bind_filters(store_t *store, store_statement_t *statement,
                         const store_newsroom_query_t *query, const char *match)
{
    store_sql_bind_int64(store, statement, 1, query->status);
    store_sql_bind_int64(store, statement, 2, query->section_id);
    store_sql_bind_text(store, statement, 3, text_or_null(query->author));
    store_sql_bind_text(store, statement, 4, match);
    store_sql_bind_int64(store, statement, 5, query->due_before);
    store_sql_bind_text(store, statement, 6, text_or_null(query->workflow_status));
    store_sql_bind_text(store, statement, 7, text_or_null(query->desk));
    store_sql_bind_int64(store, statement, 8, query->from);
    store_sql_bind_int64(store, statement, 9, query->to);
    store_sql_bind_int64(store, statement, 10, query->assignee);
}

static int count_matches(store_t *store, const store_newsroom_query_t *query, const char *match,
                         size_t *total)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_NEWSROOM_COUNT, &statement);
    if (result != GZ_OK)
        return result;
    bind_filters(store, statement, query, match);
    int64_t counted = 0;
    result = store_sql_read_one(store, statement, store_sql_int64_row, NULL, &counted,
                                "counting the newsroom's articles: no count",
                                "counting the newsroom's articles");
    *total = (size_t)counted;
    return result;
}

static int read_rows(store_t *store, const store_newsroom_query_t *query, const char *match,
                     gz_pool_t *pool, store_newsroom_page_t *out)
{
    store_sql_id_t id =
        (store_sql_id_t)(SQL_NEWSROOM_BY + (int)query->sort * 2 + (query->ascending ? 1 : 0));
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    bind_filters(store, statement, query, match);
    store_sql_bind_size(store, statement, 11, query->limit);
    store_sql_bind_size(store, statement, 12, query->offset);
    void *items = NULL;
    result = store_sql_read_all(store, statement, newsroom_row, sizeof *out->items, pool, &items,
                                &out->count, "listing the newsroom's articles");
    out->items = items;
    return result;
}

/* ---- the query ----------------------------------------------------------- */

static int check_query(store_t *store, const store_newsroom_query_t *query)
{
    if (query->status < -1 || query->status > CONTENT_SPIKED)
        return store_fail(store, GZ_EINVAL, "unknown status");
    if ((int)query->sort < 0 || query->sort >= STORE_NEWSROOM_SORT_COUNT)
        return store_fail(store, GZ_EINVAL, "unknown order");
    if (query->assignee < STORE_NEWSROOM_UNASSIGNED)
        return store_fail(store, GZ_EINVAL, "unknown assignee");
    size_t len = query->text != NULL ? strlen(query->text) : 0;
    if (len > STORE_NEWSROOM_TEXT_MAX || (len > 0 && !gz_utf8_valid(query->text, len)))
        return store_fail(store, GZ_EINVAL, "the text to search is too long or not UTF-8");
    return GZ_OK;
}

/* The backend's match for the text (NULL for none); *searchable false
 * when the text holds no word to look for. */
static int search_match(store_t *store, const char *text, gz_pool_t *pool, const char **match,
                        bool *searchable)
{
    *match = NULL;
    *searchable = true;
    if (text == NULL || text[0] == '\0')
        return GZ_OK;
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    if (tokenizer == NULL)
        return store_fail(store, GZ_EIO, "the Snowball stemmers are missing");
    content_query_t parsed;
    content_query_parse(tokenizer, text, strlen(text), pool, &parsed);
    *searchable = parsed.positive > 0;
    if (*searchable)
        *match = store->backend->newsroom_match(store, &parsed, pool);
    return GZ_OK;
}

int store_newsroom_find(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                        store_newsroom_page_t *out)
{
    if (query == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_newsroom_find needs a query, pool and out");
    *out = (store_newsroom_page_t){.searchable = true};
    int result = check_query(store, query);
    if (result != GZ_OK)
        return result;
    store_newsroom_query_t normalized = *query;
    if (normalized.limit == 0)
        normalized.limit = 20;
    if (normalized.limit > STORE_NEWSROOM_PAGE_MAX)
        normalized.limit = STORE_NEWSROOM_PAGE_MAX;
    const char *match = NULL;
    result = search_match(store, normalized.text, pool, &match, &out->searchable);
    if (result != GZ_OK || !out->searchable)
        return result;
    store_read_t read;
    result = store_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    result = count_matches(store, &normalized, match, &out->total);
    if (result == GZ_OK)
        result = read_rows(store, &normalized, match, pool, out);
    return store_read_finish(store, &read, result);
}

/* ---- as a plain list ----------------------------------------------------- */

/* The server's every-second look for due articles reads the partial index
 * of scheduled ones and needs no count. */
static bool asks_only_due(const store_newsroom_query_t *q)
{
    return q->status == CONTENT_SCHEDULED && q->due_before > 0 && q->section_id == 0 &&
           text_or_null(q->workflow_status) == NULL && text_or_null(q->desk) == NULL &&
           text_or_null(q->author) == NULL && text_or_null(q->text) == NULL && q->from == 0 &&
           q->to == 0 && q->assignee == 0 && q->offset == 0 && q->sort == STORE_NEWSROOM_SORT_UPDATED &&
           !q->ascending;
}

static int list_due(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                    content_article_list_t *out)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_NEWSROOM_DUE, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, query->due_before);
    store_sql_bind_size(store, statement, 2, query->limit > 0 ? query->limit : 20);
    void *items = NULL;
    result = store_sql_read_all(store, statement, store_article_from_row, sizeof *out->items, pool,
                                &items, &out->count, "listing the articles due");
    out->items = items;
    out->total = out->count;
    return result;
}

int store_newsroom_list(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                        content_article_list_t *out)
{
    if (query == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_newsroom_list needs a query, pool and out");
    memset(out, 0, sizeof *out);
    if (asks_only_due(query))
        return list_due(store, query, pool, out);
    store_newsroom_page_t page;
    int result = store_newsroom_find(store, query, pool, &page);
    if (result != GZ_OK)
        return result;
    out->items = page.count > 0 ? gz_pool_calloc(pool, page.count, sizeof *out->items) : NULL;
    for (size_t i = 0; i < page.count; i++)
        out->items[i] = page.items[i].article;
    out->count = page.count;
    out->total = page.total;
    return GZ_OK;
}

/* ---- renames ------------------------------------------------------------- */

int store_newsroom_follow_linked(store_t *store, store_sql_id_t id, int64_t linked_id)
{
    gz_pool_t pool = GZ_POOL_INIT;
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    void *ids = NULL;
    size_t count = 0;
    if (result == GZ_OK) {
        store_sql_bind_int64(store, statement, 1, linked_id);
        result = store_sql_read_all(store, statement, store_sql_int64_row, sizeof(int64_t), &pool,
                                    &ids, &count, "reading the articles of a name");
    }
    const int64_t *articles = ids;
    for (size_t i = 0; result == GZ_OK && i < count; i++)
        result = store->backend->driver->newsroom_follow(store, articles[i]);
    gz_pool_clear(&pool);
    return result;
}
