/*
 * pg_users.c: the PostgreSQL side of what the newsroom's tables still
 * need of each backend: the newsroom's article list, whose headline filter
 * differs (ILIKE in the "C" collation, where SQLite's LIKE folds ASCII) and
 * whose rows are the backend's own article rows. Accounts, sessions, the
 * audit log, revisions and notes are written once over the driver
 * (store_accounts.c, store_audit.c, store_users.c).
 *
 * Reads share a helper that reads every row into a pool array, given a
 * function that reads one row into its C struct.
 */

#include "store/pg/pg_private.h"

/* ---- reading rows ------------------------------------------------------ */

/* Reads row of rows into *out (a struct of the caller's type). */
typedef void (*row_reader_fn)(const PGresult *rows, int row, gz_pool_t *pool, void *out);

/* Runs a statement and reads every row into a new pool array of
 * element_size items (NULL when there are none). */
static int read_rows(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
                     row_reader_fn reader, size_t element_size, gz_pool_t *pool, void **out,
                     size_t *count, const char *context)
{
    PGresult *rows = NULL;
    int result = pg_query(store, statement, params, &rows, context);
    if (result != GZ_OK)
        return result;
    size_t found = (size_t)PQntuples(rows);
    char *items = found > 0 ? gz_pool_calloc(pool, found, element_size) : NULL;
    for (size_t i = 0; i < found; i++)
        reader(rows, (int)i, pool, items + i * element_size);
    *out = items;
    *count = found;
    PQclear(rows);
    return GZ_OK;
}

/* A LIMIT or OFFSET; one too large for a bigint means no limit, as a
 * negative one does on SQLite (LIMIT NULL is LIMIT ALL, OFFSET NULL 0). */
static void param_size(pg_params_t *params, size_t size)
{
    if (size > (size_t)INT64_MAX)
        pg_param_text(params, NULL);
    else
        pg_param_int64(params, (int64_t)size);
}

/* ---- the newsroom's article list --------------------------------------- */

/* The filters of the list and its count, parameters $1 to $5 in the order
 * of add_newsroom_filters. The headline match compares in the "C"
 * collation, where ILIKE folds ASCII letters only, as SQLite's LIKE does,
 * whatever locale the cluster has; backslash, which escapes the user's
 * wildcards, is LIKE's default escape in PostgreSQL. */
#define NEWSROOM_FILTER                                                                            \
    " a.is_stub = 0 AND ($1::integer < 0 OR a.status = $1::integer)"                               \
    " AND ($2::bigint = 0 OR a.section_id = $2::bigint)"                                           \
    " AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM article_authors x JOIN authors u"             \
    " ON u.id = x.author_id WHERE x.article_id = a.id AND u.slug = $3::text))"                     \
    " AND ($4::text IS NULL OR a.headline COLLATE \"C\" ILIKE '%' || $4::text || '%')"             \
    " AND ($5::bigint = 0 OR a.published_at <= $5::bigint)"

/* clang-format off: SQL laid out as SQL. */
static const pg_statement_t NEWSROOM_LIST = {
    "SELECT " PG_ARTICLE_COLUMNS PG_ARTICLE_FROM " WHERE" NEWSROOM_FILTER
    " ORDER BY a.updated_at DESC, a.id DESC LIMIT $6 OFFSET $7"};
static const pg_statement_t NEWSROOM_COUNT = {
    "SELECT COUNT(*) FROM articles a WHERE" NEWSROOM_FILTER};
/* The status is in the text so the partial index of scheduled articles
 * serves it. */
static const pg_statement_t NEWSROOM_DUE = {
    "SELECT " PG_ARTICLE_COLUMNS PG_ARTICLE_FROM
    " WHERE a.status = 2 AND a.published_at <= $1 ORDER BY a.published_at LIMIT $2"};
/* clang-format on */

static void add_newsroom_filters(pg_params_t *params, const store_newsroom_query_t *query,
                                 const char *like_text)
{
    pg_param_int64(params, query->status);
    pg_param_int64(params, query->section_id);
    pg_param_text(params, query->author && query->author[0] ? query->author : NULL);
    pg_param_text(params, like_text);
    pg_param_int64(params, query->due_before);
}

static void article_from_row(const PGresult *rows, int row, gz_pool_t *pool, void *out)
{
    pg_article_from_row(rows, row, 0, pool, out);
}

static int newsroom_count(store_t *store, const store_newsroom_query_t *query,
                          const char *like_text, size_t *total)
{
    pg_params_t params = {0};
    add_newsroom_filters(&params, query, like_text);
    int64_t counted = 0;
    int result = pg_query_number(store, &NEWSROOM_COUNT, &params, &counted,
                                 "counting the newsroom's articles");
    *total = (size_t)counted;
    return result;
}

static int newsroom_rows(store_t *store, const store_newsroom_query_t *query, const char *like_text,
                         bool due_only, gz_pool_t *pool, content_article_list_t *out)
{
    pg_params_t params = {0};
    if (due_only)
        pg_param_int64(&params, query->due_before);
    else
        add_newsroom_filters(&params, query, like_text);
    param_size(&params, query->limit);
    if (!due_only)
        param_size(&params, query->offset);
    void *items = NULL;
    int result =
        read_rows(store, due_only ? &NEWSROOM_DUE : &NEWSROOM_LIST, &params, article_from_row,
                  sizeof *out->items, pool, &items, &out->count, "listing the newsroom's articles");
    out->items = items;
    return result;
}

int pg_newsroom_list(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                     content_article_list_t *out)
{
    const char *like_text = store_like_escape(pool, query->text);
    /* The server's every-second look for due articles reads the partial
     * index of scheduled ones and needs no count. */
    bool due_only = query->status == CONTENT_SCHEDULED && query->due_before > 0 &&
                    query->section_id == 0 && like_text == NULL &&
                    (query->author == NULL || query->author[0] == '\0') && query->offset == 0;
    pg_read_t read;
    int result = pg_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    if (!due_only)
        result = newsroom_count(store, query, like_text, &out->total);
    if (result == GZ_OK)
        result = newsroom_rows(store, query, like_text, due_only, pool, out);
    if (result == GZ_OK && due_only)
        out->total = out->count;
    return pg_read_finish(store, &read, result);
}
