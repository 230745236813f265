/*
 * store/sqlite/sqlite_private.h: what the files of the SQLite backend share
 * (sqlite.c, sqlite_schema.c, sqlite_sql.c, sqlite_article.c,
 * sqlite_driver.c). Nothing outside src/store/ includes it, except the
 * store's own unit test, which checks the query plans of the SQL below.
 *
 * Every statement the backend runs more than once is named here and its
 * text lives in one table (sqlite_sql.c); a connection prepares each one
 * the first time it is needed and keeps it (sqlite_prepared).
 */
#ifndef GAZETTE_STORE_SQLITE_PRIVATE_H
#define GAZETTE_STORE_SQLITE_PRIVATE_H

#include <sqlite3.h>

#include "store/driver.h"

typedef enum {
    STMT_BEGIN_READ,
    STMT_BEGIN_WRITE,
    STMT_COMMIT,
    STMT_ROLLBACK,
    STMT_SAVEPOINT,
    STMT_RELEASE,
    STMT_ROLLBACK_TO,
    STMT_DATA_VERSION,

    STMT_SCHEMA_TABLE_EXISTS,
    STMT_SCHEMA_VERSION,
    STMT_SCHEMA_RECORD,
    STMT_CONTENT_TYPE_SEED,

    STMT_ARTICLE_GET,
    STMT_ARTICLE_AUTHORS,
    STMT_ARTICLE_TAGS,
    STMT_ARTICLE_RELATED,

    /* Lists, one statement per access path so each uses its own index:
     * named parameters :now :section :tag :limit :offset. */
    STMT_LIST_ALL,
    STMT_LIST_LIVE,
    STMT_LIST_SECTION,
    STMT_LIST_SECTION_LIVE,
    STMT_LIST_TAG,
    STMT_LIST_TAG_LIVE,
    STMT_COUNT_ALL,
    STMT_COUNT_LIVE,
    STMT_COUNT_SECTION,
    STMT_COUNT_SECTION_LIVE,
    STMT_COUNT_TAG,
    STMT_COUNT_TAG_LIVE,
    STMT_COUNT_TAG_SECTION,
    STMT_COUNT_TAG_SECTION_LIVE,
    STMT_VIEWS_ADD,

    /* Feeds, sitemaps and tag pages. */
    STMT_ARTICLE_BODY,
    STMT_LIST_LIVE_SINCE, /* :after: the news sitemap's last 48 hours */
    STMT_COUNT_LIVE_SINCE,
    STMT_LIST_LIVE_OLDEST, /* article sitemaps, whose pages then stay put */
    STMT_LIST_EDITION,        /* one edition's live articles (a section's, or since) */
    STMT_LIST_EDITION_OLDEST, /* its article sitemaps */
    STMT_COUNT_EDITION,

    /* An article's notes. */
    STMT_ARTICLE_NOTES,

    STMT_COUNT_OF_STATEMENTS
} sqlite_statement_id_t;

/* The columns of an article row as list and get select them, in the order
 * of sqlite_article_column_t; get adds the two body columns at the end. */
#define SQLITE_ARTICLE_COLUMNS STORE_ARTICLE_COLUMNS

typedef enum {
    COLUMN_ID,
    COLUMN_SLUG,
    COLUMN_HEADLINE,
    COLUMN_SUBTITLE,
    COLUMN_SUMMARY,
    COLUMN_DATELINE,
    COLUMN_LANGUAGE,
    COLUMN_EDITOR_CODE,
    COLUMN_LEAD_IMAGE,
    COLUMN_STATUS,
    COLUMN_IS_STUB,
    COLUMN_CREATED_AT,
    COLUMN_UPDATED_AT,
    COLUMN_PUBLISHED_AT,
    COLUMN_SORT_KEY,
    COLUMN_REVISION,
    COLUMN_SOURCE_REF,
    COLUMN_SECTION_ID,
    COLUMN_SECTION_SLUG,
    COLUMN_SECTION_NAME,
    COLUMN_TYPE_ID,
    COLUMN_TYPE_SLUG,
    COLUMN_TYPE_NAME,
    COLUMN_TYPE_PREFIX,
    COLUMN_BYLINE,
    COLUMN_SEO_TITLE,
    COLUMN_SEO_DESCRIPTION,
    COLUMN_SOCIAL_TITLE,
    COLUMN_SOCIAL_DESCRIPTION,
    COLUMN_CANONICAL_URL,
    COLUMN_NOINDEX,
    COLUMN_WORKFLOW_STATUS,
    COLUMN_SECTION_DESK,
    COLUMN_BODY_MARKDOWN,
    COLUMN_BODY_HTML
} sqlite_article_column_t;

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *statements[STMT_COUNT_OF_STATEMENTS];
    int64_t own_commits;            /* counted by a commit hook, for store_data_version */
    struct sqlite_search *search;   /* search statements, see sqlite_search_index.c */
    struct store_statement *shared; /* the shared statements, see sqlite_driver.c */
} sqlite_connection_t;

/* Finalizes the connection's shared statements (sqlite_driver.c). */
void sqlite_driver_close(sqlite_connection_t *connection);

/* ---- sqlite_sql.c ---- */

/* The SQL text of a statement (also read by the unit test). */
const char *sqlite_statement_sql(sqlite_statement_id_t id);

/* ---- sqlite.c: connection, statements, errors, transactions ---- */

static inline sqlite_connection_t *sqlite_connection(store_t *store)
{
    return store->connection;
}

/* Sets *stmt to the connection's prepared statement for id, prepared on
 * first use with SQLITE_PREPARE_PERSISTENT and kept until close. Returns
 * GZ_OK, or a GZ_E* code with the error recorded. */
int sqlite_prepared(store_t *store, sqlite_statement_id_t id, sqlite3_stmt **stmt);
/* Resets a statement after use and drops its bindings, so no pointer into
 * a caller's strings outlives the call. */
void sqlite_statement_done(sqlite3_stmt *stmt);

/* Records "context: sqlite's message" as the last error and returns the
 * GZ_E* code for the connection's last SQLite error. */
int sqlite_fail(store_t *store, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* The GZ_E* code for an (extended) SQLite result code. */
int sqlite_map_error(int sqlite_code);

/* sqlite3_step, counted by the test builds' fault hook (store_fault.c):
 * a planned fault answers SQLITE_IOERR without running the statement, and
 * the sqlite_fail that follows reports it. Every statement of the backend
 * runs through here, except the undoing of a failed write. */
int sqlite_step(sqlite3_stmt *stmt);

/* Binding helpers: each does nothing once *rc is not SQLITE_OK, so a run of
 * bindings is checked once. Text is bound without copying (SQLITE_STATIC):
 * the statement must be stepped and reset before the text goes away.
 * NULL text binds SQL NULL; named binds skip parameters the SQL lacks. */
void sqlite_bind_text(sqlite3_stmt *stmt, int index, const char *text, int *rc);
void sqlite_bind_int64(sqlite3_stmt *stmt, int index, int64_t value, int *rc);
void sqlite_bind_id_or_null(sqlite3_stmt *stmt, int index, int64_t id, int *rc);
void sqlite_bind_named_int64(sqlite3_stmt *stmt, const char *name, int64_t value, int *rc);

/* Runs one statement that returns no rows; context names it in errors. */
int sqlite_run(store_t *store, sqlite_statement_id_t id, const char *context);
/* The same with whole numbers bound to ?1, ?2, ... in order. */
int sqlite_run_with(store_t *store, sqlite_statement_id_t id, const int64_t *values, size_t count,
                    const char *context);
/* Runs a fixed script (several statements, no parameters) once, without
 * caching: for migrations and connection set-up. */
int sqlite_run_script(store_t *store, const char *sql, const char *context);

/* Copies a text column into the pool; NULL stays NULL. */
const char *sqlite_column_text(sqlite3_stmt *stmt, int column, gz_pool_t *pool);

/* The caller's transactions (store_begin...), for the driver's table. */
int sqlite_begin(store_t *store);
int sqlite_commit(store_t *store);
int sqlite_rollback(store_t *store);

/* A write that is atomic on its own: a transaction of its own when none is
 * open, a savepoint inside the caller's transaction otherwise. finish
 * commits (result GZ_OK) or undoes (any other result) and returns result,
 * or the commit's error. */
typedef store_write_t sqlite_write_t;
int sqlite_write_start(store_t *store, sqlite_write_t *write);
int sqlite_write_finish(store_t *store, sqlite_write_t *write, int result);

/* A consistent snapshot for reads made of several statements: a read
 * transaction when none is open, nothing otherwise. */
typedef store_read_t sqlite_read_t;
int sqlite_read_start(store_t *store, sqlite_read_t *read);
int sqlite_read_finish(store_t *store, sqlite_read_t *read, int result);

/* ---- sqlite_schema.c ---- */

int sqlite_migrate_prepare(store_t *store);
int sqlite_migrate_step(store_t *store, int version);
int sqlite_migrate_seed(store_t *store);
int sqlite_schema_version(store_t *store, int *current, int *latest);

/* ---- sqlite_article.c ---- */

int sqlite_article_get(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out);
int sqlite_article_list(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                        content_article_list_t *out);

/* Fills out from a row of SQLITE_ARTICLE_COLUMNS (no body), strings from
 * pool. Defined in sqlite_article.c. */
void sqlite_article_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, content_article_t *out);

/* ---- sqlite_views.c: page views (the driver's override) ---- */

int sqlite_views_add_counts(store_t *store, const store_view_count_t *counts, size_t count);

/* ---- sqlite_search.c, sqlite_search_index.c, sqlite_related.c: search, related ---- */

/* Their statements live apart from the table above (they are prepared
 * with text built from the schema's facet names and are not list
 * queries): one cache per connection, freed by sqlite_search_disconnect. */
typedef enum {
    SEARCH_RANK,
    SEARCH_RANK_ALL,
    SEARCH_TAIL,
    SEARCH_COUNT,
    SEARCH_HIT,
    SEARCH_HIT_BODY,
    SEARCH_LIVE_TOTAL,
    SEARCH_BATCH_END,
    SEARCH_CLEAR_INDEX,
    SEARCH_CLEAR_DOCUMENTS,
    SEARCH_INDEX_BATCH,
    SEARCH_DOCUMENTS_BATCH,
    SEARCH_OPTIMIZE,
    RELATED_SOURCE,
    SEARCH_COUNT_CAPPED,
    RELATED_CANDIDATES,
    RELATED_HEADLINE,
    SEARCH_PUBLISHED_TOTAL,
    RELATED_MANUAL_TARGETS,
    RELATED_CURRENT,
    RELATED_CLEAR,
    RELATED_ADD,
    RELATED_LOG_CHANGE,
    RELATED_PENDING_ADD,
    RELATED_PENDING_TAKE,
    RELATED_PENDING_DONE,
    RELATED_READ,
    RELATED_LIVE_IDS,
    NEWSROOM_FORGET,
    NEWSROOM_INDEX,
    NEWSROOM_TOTAL,
    NEWSROOM_BATCH_END,
    NEWSROOM_CLEAR,
    NEWSROOM_INDEX_BATCH,
    NEWSROOM_OPTIMIZE,
    SEARCH_STATEMENT_COUNT
} sqlite_search_statement_t;

/* Registers the "gazette" FTS5 tokenizer (content/text.c) and the
 * search_recency() SQL function on the connection; called when it opens,
 * before migrations, since the schema's full-text table names the
 * tokenizer. */
int sqlite_search_connect(store_t *store);
void sqlite_search_disconnect(store_t *store);
/* The cached statement id, prepared on first use. */
int sqlite_search_prepared(store_t *store, sqlite_search_statement_t id, sqlite3_stmt **stmt);
/* Appends to out an FTS5 string literal of text ("..." with " doubled). */
void sqlite_search_quote(gz_buf_t *out, const char *text, size_t len);
/* Appends the FTS5 MATCH expression of a parsed query and its filters;
 * language may be NULL. Every reader's item is a quoted string. Returns
 * how many filter phrases come first. */
size_t sqlite_search_match(gz_buf_t *out, const content_query_t *query, int64_t section_id,
                           int64_t content_type_id, const char *language);

/* The weights of a query's phrases (BM25 IDF), in the order they appear
 * in the MATCH expression, handed to search_rank() as a pointer. */
typedef struct {
    int count;
    double *idf;
} sqlite_search_idf_t;
#define SQLITE_SEARCH_IDF_TYPE "gazette_idf"
/* Where counting the articles that hold a phrase stops, for search_rank
 * (sqlite_search_index.c) and the phrase weights (sqlite_search.c). */
enum { SEARCH_FREQUENCY_CAP = 5000 };
/* Counts the articles matching an FTS5 expression, up to cap. */
int sqlite_search_count(store_t *store, const char *match, int64_t cap, int64_t *count);
/* The number of published articles (the store's counter). */
int sqlite_search_total(store_t *store, int64_t *total);

int sqlite_search(store_t *store, const store_search_query_t *query, const content_query_t *parsed,
                  gz_pool_t *pool, store_search_results_t *out);
int sqlite_search_rebuild(store_t *store, store_progress_fn progress, void *context);
/* The newsroom's index (search_newsroom, schema step 15): writes the row
 * of one article again from the article as stored (none for a stub or a
 * deleted one), in the caller's write. */
int sqlite_newsroom_follow(store_t *store, int64_t article_id);
/* The driver's article_stored: the newsroom's row, then the related
 * list's queue. */
int sqlite_article_stored(store_t *store, int64_t article_id);
/* The newsroom's text filter as an FTS5 MATCH expression over every
 * column of search_newsroom, from pool (parsed->positive > 0). */
const char *sqlite_newsroom_match(store_t *store, const content_query_t *parsed, gz_pool_t *pool);

/* Whether this connection queued related lists since its last commit. */
bool sqlite_search_pending(store_t *store);
void sqlite_search_set_pending(store_t *store, bool pending);

/* sqlite_related.c: the automatic related lists. Storing an article marks
 * it (the driver's article_stored) (a queue row); every commit of a write first computes the
 * lists of a few queued articles (before_commit, in the same transaction).
 * load appends the live automatic items to article->related after the
 * editor's, up to STORE_RELATED_SHOWN. */
int sqlite_related_mark(store_t *store, int64_t article_id);
int sqlite_related_before_commit(store_t *store);
int sqlite_related_load(store_t *store, gz_pool_t *pool, content_article_t *article);
int sqlite_related_rebuild(store_t *store, store_progress_fn progress, void *context);

/* ---- sqlite_copy.c: store_copy's reading and writing of rows ---- */

int sqlite_copy_read_begin(store_t *store);
int sqlite_copy_read_end(store_t *store, int result);
int sqlite_copy_count(store_t *store, const store_copy_table_t *table, int64_t *count);
int sqlite_copy_read(store_t *store, const store_copy_table_t *table, const char *const *after,
                     size_t limit, gz_pool_t *pool, store_copy_rows_t *out);
int sqlite_copy_clear(store_t *store, const store_copy_table_t *table);
int sqlite_copy_write(store_t *store, const store_copy_table_t *table,
                      const store_copy_rows_t *rows);

#endif
