/*
 * store/driver.h: the small interface a database driver implements, private
 * to src/store/. The store's operations that do not depend on the database
 * (store_accounts.c, store_audit.c, store_taxonomy.c, store_changes.c,
 * store_views.c, store_articles.c, store_users.c, store_media.c,
 * store_media_files.c, store_breaking.c, store_article_slugs.c, store_tags.c,
 * store_authors.c, store_fronts.c) are written once over it; each driver
 * (sqlite_driver.c, pg_driver.c) implements it beside the backend's own
 * files, which keep only what truly differs between the databases.
 *
 * Statements: every shared statement has an id (store_sql_id_t) and one
 * text in store_sql.c, written with ?1, ?2 placeholders. A connection
 * prepares a statement the first time it runs it and keeps it; the
 * PostgreSQL driver rewrites ?N to $N mechanically first (once per
 * process). Where the dialects truly differ, there are three ways, from
 * the smallest: a statement the driver spells in its own dialect (its
 * dialect text, the same C around it); a named override, a driver
 * operation of its own (below); or the backend's own code in its folder
 * (search, schema, notification and locks, bulk copy, the tuned article
 * reads).
 *
 * Running one: store_sql_prepare, bind by index (1-based), store_sql_step
 * until it answers STORE_DONE (or STORE_ROW for each row), read columns,
 * then store_sql_finish, which resets it and drops its bindings. Text is
 * bound without copying: it must outlive the steps. A statement counts
 * once for the test builds' fault hook, at its first step.
 *
 * Errors: each driver maps its database's errors to GZ_E* codes, the same
 * way (a unique violation GZ_ECONFLICT, another constraint GZ_EINVAL, a
 * busy or lost database GZ_EUNAVAILABLE, anything else GZ_EIO), and writes
 * a one-line message with store_fail, naming what the store was doing.
 *
 * Transactions: begin/commit/rollback are the caller's transactions
 * (store_begin...); write_start/write_finish make a write atomic on its own (a
 * transaction when none is open, a savepoint inside the caller's);
 * read_start/read_finish hold one snapshot for reads of several
 * statements. What a driver must keep there (PostgreSQL's write lock, its
 * rule never to reconnect inside a transaction, its deadline) is its own.
 */
#ifndef GAZETTE_STORE_DRIVER_H
#define GAZETTE_STORE_DRIVER_H

#include "store/backend.h"

/* The shared statements, in the order of store_sql.c's table. */
typedef enum {
    SQL_AUDIT_ADD,
    SQL_AUDIT_LIST,
    SQL_AUDIT_LIST_FOR_TARGET,
    SQL_REVISION_ADD,
    SQL_REVISION_LIST,
    SQL_REVISION_GET,
    SQL_REVISION_LATEST,
    SQL_USER_ADD,
    SQL_USER_BY_ID,
    SQL_USER_BY_NAME,
    SQL_USER_LIST,
    SQL_USER_UPDATE,
    SQL_USER_SESSIONS_END,
    SQL_SESSION_PRUNE,
    SQL_SESSION_ADD,
    SQL_SESSION_GET,
    SQL_SESSION_TOUCH,
    SQL_SESSION_DELETE,
    SQL_SECTION_BY_SLUG,
    SQL_SECTION_LIST,
    SQL_TAG_BY_SLUG,
    SQL_CONTENT_TYPE_GET,
    SQL_CONTENT_TYPE_LIST,
    SQL_CONTENT_TYPE_PUT,
    SQL_SECTION_FIND,
    SQL_SECTION_INSERT,
    SQL_AUTHOR_FIND,
    SQL_AUTHOR_INSERT,
    SQL_TAG_FIND,
    SQL_TAG_INSERT,
    SQL_CHANGES_SINCE,
    SQL_CHANGE_LATEST,
    SQL_NOTE_CHANGED,
    SQL_NOTE_ADD,
    SQL_VIEWS_LOGGED,
    SQL_VIEWS_PRUNE,
    SQL_MOST_READ,
    SQL_MOST_READ_SECTION,
    /* The newsroom's list, one statement per order (store_newsroom_sort_t
     * times two, descending first): SQL_NEWSROOM_BY + sort * 2 + ascending. */
    SQL_NEWSROOM_BY,
    SQL_NEWSROOM_BY_UPDATED_ASC,
    SQL_NEWSROOM_BY_HEADLINE_DESC,
    SQL_NEWSROOM_BY_HEADLINE_ASC,
    SQL_NEWSROOM_BY_STATUS_DESC,
    SQL_NEWSROOM_BY_STATUS_ASC,
    SQL_NEWSROOM_BY_SECTION_DESC,
    SQL_NEWSROOM_BY_SECTION_ASC,
    SQL_NEWSROOM_BY_AUTHOR_DESC,
    SQL_NEWSROOM_BY_AUTHOR_ASC,
    SQL_NEWSROOM_BY_PUBLISHED_DESC,
    SQL_NEWSROOM_BY_PUBLISHED_ASC,
    SQL_NEWSROOM_BY_DUE_DESC,
    SQL_NEWSROOM_BY_DUE_ASC,
    SQL_NEWSROOM_COUNT,
    SQL_NEWSROOM_DUE,
    SQL_NEWSROOM_TAGGED,
    SQL_NEWSROOM_AUTHORED,
    SQL_ARTICLE_EXISTS,
    SQL_ARTICLE_BY_SOURCE_REF,
    SQL_ARTICLE_DELETE,
    SQL_ARTICLE_UPSERT,
    SQL_ARTICLE_AUTHORS_CLEAR,
    SQL_ARTICLE_AUTHOR_ADD,
    SQL_ARTICLE_TAGS_CLEAR,
    SQL_ARTICLE_TAG_ADD,
    SQL_ARTICLE_RELATED_CLEAR,
    SQL_ARTICLE_RELATED_ADD,
    SQL_MEDIA_INSERT,
    SQL_MEDIA_UPDATE,
    SQL_MEDIA_GET,
    SQL_MEDIA_BY_STEM,
    SQL_MEDIA_EXISTS,
    SQL_MEDIA_LIST,
    SQL_MEDIA_COUNT,
    SQL_MEDIA_DELETE,
    SQL_MEDIA_POSTER_CHANGED,
    SQL_MEDIA_CHANGED,
    SQL_MEDIA_TOUCH,
    SQL_MEDIA_ORIGINAL_SET,
    SQL_MEDIA_ORIGINAL_CLEAR,
    SQL_MEDIA_FILE_PUT,
    SQL_MEDIA_FILE_INFO,
    SQL_MEDIA_FILE_LIST,
    SQL_MEDIA_FILE_DELETE,
    SQL_MEDIA_CHUNKS_CLEAR,
    SQL_MEDIA_CHUNK_ADD,
    SQL_MEDIA_CHUNKS_READ,
    SQL_ARTICLE_MEDIA_CLEAR,
    SQL_ARTICLE_MEDIA_ADD,
    SQL_MEDIA_USAGE,
    SQL_MEDIA_UNUSED,
    SQL_AUTHOR_GET,
    SQL_AUTHOR_BY_SLUG,
    SQL_AUTHOR_BY_USER,
    SQL_AUTHOR_LIST,
    SQL_AUTHOR_COUNT,
    SQL_AUTHOR_ADD,
    SQL_AUTHOR_UPDATE,
    SQL_AUTHOR_ARTICLES,
    SQL_AUTHOR_ARTICLES_COUNT,
    SQL_BREAKING_LOWER,
    SQL_BREAKING_INSERT,
    SQL_BREAKING_CHANGED,
    SQL_BREAKING_NEWEST,
    SQL_BREAKING_LIST,
    SQL_ARTICLES_OF_TYPE,
    SQL_FRONT_GET,
    SQL_FRONT_INSERT,
    SQL_FRONT_UPDATE,
    SQL_FRONT_REVISION_ADD,
    SQL_SETTING_GET,
    SQL_SETTING_PUT,
    SQL_DESK_LIST,
    SQL_STATUS_COUNTS,
    SQL_BUDGET,
    SQL_ASSIGNMENT_GET,
    SQL_ASSIGNMENT_PUT,
    SQL_ASSIGNMENT_DELETE,
    SQL_FRONT_CHANGED,
    SQL_FRONT_REVISIONS,
    SQL_FRONT_SCHEDULE_ADD,
    SQL_FRONT_SCHEDULES_OF,
    SQL_FRONT_SCHEDULES_DUE,
    SQL_FRONT_SCHEDULE_DELETE,
    SQL_ARTICLE_SLUG_KEEP,
    SQL_ARTICLE_SLUG_LIST,
    SQL_ARTICLE_SLUG_KNOWN,
    SQL_TRANSLATION_GROUP,
    SQL_TRANSLATION_JOIN,
    SQL_TRANSLATION_MERGE,
    SQL_TRANSLATION_LEAVE,
    SQL_TRANSLATION_CHANGED,
    SQL_TRANSLATION_LIST,
    SQL_SECTION_GET,
    SQL_SECTION_ADD,
    SQL_SECTION_UPDATE,
    SQL_TAG_GET,
    SQL_TAG_BY_OLD_SLUG,
    SQL_TAG_LIST,
    SQL_TAG_COUNT,
    SQL_TAG_RENAME,
    SQL_TAG_OLD_SLUG_ADD,
    SQL_TAG_OLD_SLUG_DROP,
    SQL_TAG_OLD_SLUGS_MOVE,
    SQL_TAG_ARTICLES_CHANGED,
    SQL_TAG_LINKS_MOVE,
    SQL_TAG_LINKS_CLEAR,
    SQL_TAG_DELETE,
    SQL_STATEMENT_COUNT
} store_sql_id_t;

/* The shared text of a statement, ?N placeholders (store_sql.c); NULL for
 * one that each driver spells in its own dialect. */
const char *store_sql_text(store_sql_id_t id);
/* Each driver's own spelling of a statement whose text differs (the
 * newsroom's list with its search filter, SQLite's index hint for the
 * most-read list): NULL when it reads the shared text as it is. The C that
 * binds and reads it is the shared code's, the same for both. */
const char *store_sqlite_dialect_text(store_sql_id_t id);
const char *store_pg_dialect_text(store_sql_id_t id);

/* The columns every article list reads (no body), in the order of
 * store_article_from_row, and the joins they need. */
#define STORE_ARTICLE_COLUMNS                                                                      \
    "a.id, a.slug, a.headline, a.subtitle, a.summary, a.dateline, a.language, a.editor_code, "     \
    "a.lead_image, a.status, a.is_stub, a.created_at, a.updated_at, a.published_at, "              \
    "a.sort_key, a.revision, a.source_ref, s.id, s.slug, s.name, t.id, t.slug, t.name, "           \
    "t.headline_prefix, a.byline, a.seo_title, a.seo_description, a.social_title, "               \
    "a.social_description, a.canonical_url, a.noindex, a.workflow_status, s.desk"
#define STORE_ARTICLE_FROM                                                                         \
    " FROM articles a LEFT JOIN sections s ON s.id = a.section_id"                                 \
    " LEFT JOIN content_types t ON t.id = a.content_type_id"
enum { STORE_ARTICLE_COLUMN_COUNT = 33 };

/* The newsroom's list (store_newsroom.c): the columns after
 * STORE_ARTICLE_COLUMNS (the authors' names as each dialect joins them,
 * the assignee and the due time) come from these joins, and the orders
 * are this fixed set, the same text in both dialects. Each driver spells
 * its statements with STORE_NEWSROOM_LISTS(ITS_LIST_MACRO), the macro
 * taking the ORDER BY clause. Missing values sort last either way. */
#define STORE_NEWSROOM_FROM                                                                        \
    STORE_ARTICLE_FROM " LEFT JOIN article_assignments g ON g.article_id = a.id"                   \
                       " LEFT JOIN users w ON w.id = g.user_id"
#define STORE_NEWSROOM_ASSIGNEE_COLUMNS                                                            \
    ", g.user_id, COALESCE(NULLIF(w.display_name, ''), w.name), g.due_at"
#define STORE_NEWSROOM_FIRST_AUTHOR                                                                \
    "(SELECT u.name FROM article_authors x JOIN authors u ON u.id = x.author_id"                   \
    " WHERE x.article_id = a.id ORDER BY x.position LIMIT 1)"
#define STORE_NEWSROOM_TIES ", a.updated_at DESC, a.id DESC"
#define STORE_NEWSROOM_LISTS(LIST)                                                                 \
    [SQL_NEWSROOM_BY] = LIST(" ORDER BY a.updated_at DESC, a.id DESC"),                            \
    [SQL_NEWSROOM_BY_UPDATED_ASC] = LIST(" ORDER BY a.updated_at, a.id"),                          \
    [SQL_NEWSROOM_BY_HEADLINE_DESC] = LIST(" ORDER BY lower(a.headline) DESC" STORE_NEWSROOM_TIES), \
    [SQL_NEWSROOM_BY_HEADLINE_ASC] = LIST(" ORDER BY lower(a.headline)" STORE_NEWSROOM_TIES),      \
    [SQL_NEWSROOM_BY_STATUS_DESC] =                                                                \
        LIST(" ORDER BY a.status DESC, a.workflow_status DESC" STORE_NEWSROOM_TIES),               \
    [SQL_NEWSROOM_BY_STATUS_ASC] = LIST(" ORDER BY a.status, a.workflow_status" STORE_NEWSROOM_TIES), \
    [SQL_NEWSROOM_BY_SECTION_DESC] =                                                               \
        LIST(" ORDER BY (s.name IS NULL), lower(s.name) DESC" STORE_NEWSROOM_TIES),                \
    [SQL_NEWSROOM_BY_SECTION_ASC] =                                                                \
        LIST(" ORDER BY (s.name IS NULL), lower(s.name)" STORE_NEWSROOM_TIES),                     \
    [SQL_NEWSROOM_BY_AUTHOR_DESC] =                                                                \
        LIST(" ORDER BY (" STORE_NEWSROOM_FIRST_AUTHOR " IS NULL), lower("                         \
             STORE_NEWSROOM_FIRST_AUTHOR ") DESC" STORE_NEWSROOM_TIES),                            \
    [SQL_NEWSROOM_BY_AUTHOR_ASC] =                                                                 \
        LIST(" ORDER BY (" STORE_NEWSROOM_FIRST_AUTHOR " IS NULL), lower("                         \
             STORE_NEWSROOM_FIRST_AUTHOR ")" STORE_NEWSROOM_TIES),                                 \
    [SQL_NEWSROOM_BY_PUBLISHED_DESC] =                                                             \
        LIST(" ORDER BY (a.published_at IS NULL OR a.published_at = 0), a.published_at DESC"       \
             STORE_NEWSROOM_TIES),                                                                 \
    [SQL_NEWSROOM_BY_PUBLISHED_ASC] =                                                              \
        LIST(" ORDER BY (a.published_at IS NULL OR a.published_at = 0), a.published_at"            \
             STORE_NEWSROOM_TIES),                                                                 \
    [SQL_NEWSROOM_BY_DUE_DESC] =                                                                   \
        LIST(" ORDER BY (g.due_at IS NULL), g.due_at DESC" STORE_NEWSROOM_TIES),                   \
    [SQL_NEWSROOM_BY_DUE_ASC] = LIST(" ORDER BY (g.due_at IS NULL), g.due_at" STORE_NEWSROOM_TIES)

/* A driver's prepared statement, opaque to the shared code. */
typedef struct store_statement store_statement_t;

/* What a step answers besides a negative GZ_E* code. */
enum { STORE_DONE = 0, STORE_ROW = 1 };

/* A write held open: a savepoint inside the caller's transaction, or a
 * transaction of its own. */
typedef struct {
    bool savepoint;
} store_write_t;

/* A read held open: owned when this read began the snapshot (no
 * transaction was open), so its finish ends it. */
typedef struct {
    bool owned;
} store_read_t;

struct store_driver {
    /* Statements. prepare returns GZ_OK or a recorded error. step answers
     * STORE_ROW, STORE_DONE or a recorded error whose message begins with
     * context. changes: the rows the statement changed. */
    int (*prepare)(store_t *store, store_sql_id_t id, store_statement_t **out);
    void (*bind_int64)(store_statement_t *statement, int index, int64_t value);
    void (*bind_text)(store_statement_t *statement, int index, const char *text);
    void (*bind_null)(store_statement_t *statement, int index);
    /* Bytes (len may be 0), bound without copying like text. */
    void (*bind_blob)(store_statement_t *statement, int index, const void *bytes, size_t len);
    /* Before the first step: the rows will be read with column_blob, so a
     * driver that sends results as text (PostgreSQL) asks for them in
     * binary instead. column_int64 and column_text still work then. */
    void (*want_blobs)(store_statement_t *statement);
    int (*step)(store_t *store, store_statement_t *statement, const char *context);
    int64_t (*column_int64)(store_statement_t *statement, int column);
    /* NULL for SQL NULL; otherwise a copy in pool. */
    const char *(*column_text)(store_statement_t *statement, int column, gz_pool_t *pool);
    /* The bytes of a column (*len of them; NULL for SQL NULL), valid until
     * the next step or finish: the caller copies what it keeps. */
    const void *(*column_blob)(store_statement_t *statement, int column, size_t *len);
    int64_t (*changes)(store_t *store, store_statement_t *statement);
    void (*finish)(store_statement_t *statement);
    /* Fixed SQL, several statements allowed, no parameters, not cached. */
    int (*script)(store_t *store, const char *sql, const char *context);

    /* The caller's transactions (store_begin, store_commit, store_rollback
     * in store.h): a write transaction holding the driver's write lock;
     * commit computes what the driver does before a write commits (the
     * related lists) and, failing, rolls back by itself. */
    int (*begin)(store_t *store);
    int (*commit)(store_t *store);
    int (*rollback)(store_t *store);

    /* Named overrides: operations whose SQL truly differs, inside a write
     * the shared code holds open. views_add_counts adds a batch of page
     * views (PostgreSQL in one statement of arrays, SQLite one upsert per
     * count), dropping counts for articles that no longer exist. */
    int (*views_add_counts)(store_t *store, const store_view_count_t *counts, size_t count);
    /* What follows an article's write in the same transaction: the
     * related list's queue and the newsroom's index on both, and on
     * PostgreSQL the readers' search document (SQLite's follows by
     * trigger). */
    int (*article_stored)(store_t *store, int64_t id);
    /* The newsroom's index (every article, drafts too) writes the row of
     * article id again, after a rename of one of its tags or authors
     * (article_stored does it after the article's own writes). */
    int (*newsroom_follow)(store_t *store, int64_t id);

    /* Brackets: see above. finish commits (result GZ_OK) or undoes (any
     * other result) and returns result or the commit's error. */
    int (*write_start)(store_t *store, store_write_t *write);
    int (*write_finish)(store_t *store, store_write_t *write, int result);
    int (*read_start)(store_t *store, store_read_t *read);
    int (*read_finish)(store_t *store, store_read_t *read, int result);
};

extern const store_driver_t store_sqlite_driver;
extern const store_driver_t store_pg_driver;

/* ---- store_driver.c: written once over the driver ---------------------- */

int store_sql_prepare(store_t *store, store_sql_id_t id, store_statement_t **out);
void store_sql_bind_int64(store_t *store, store_statement_t *statement, int index, int64_t value);
/* NULL text binds SQL NULL. */
void store_sql_bind_text(store_t *store, store_statement_t *statement, int index, const char *text);
/* Bytes, not copied: they must outlive the steps. */
void store_sql_bind_blob(store_t *store, store_statement_t *statement, int index, const void *bytes,
                         size_t len);
/* Call before the first step of a statement whose blobs will be read. */
void store_sql_want_blobs(store_t *store, store_statement_t *statement);
/* id <= 0 binds SQL NULL (an optional reference). */
void store_sql_bind_id(store_t *store, store_statement_t *statement, int index, int64_t id);
/* A LIMIT or OFFSET: sizes past INT64_MAX mean no limit. */
void store_sql_bind_size(store_t *store, store_statement_t *statement, int index, size_t size);
int64_t store_sql_int64(store_t *store, store_statement_t *statement, int column);
const char *store_sql_text_column(store_t *store, store_statement_t *statement, int column,
                                  gz_pool_t *pool);
/* A blob column's bytes, valid until the next step (see column_blob). */
const void *store_sql_blob_column(store_t *store, store_statement_t *statement, int column,
                                  size_t *len);
/* One step (STORE_ROW, STORE_DONE or a recorded error), for readers that
 * check each row as it comes. */
int store_sql_step(store_t *store, store_statement_t *statement, const char *context);
/* Resets a statement that will not be stepped (its write never began). */
void store_sql_finish(store_t *store, store_statement_t *statement);

/* Runs a bound statement that returns no rows and finishes it; *changed
 * (when not NULL) tells how many rows it changed. GZ_ECONFLICT with
 * "context: already there" on a unique violation. */
int store_sql_run(store_t *store, store_statement_t *statement, int64_t *changed,
                  const char *context);

/* Reads one row into out (a struct of the caller's type), from pool. */
typedef void (*store_row_reader_fn)(store_t *store, store_statement_t *statement,
                                    gz_pool_t *pool, void *out);
/* Steps a bound statement to its one row and reads it; GZ_ENOTFOUND with
 * the message missing when there is none. Finishes the statement. */
int store_sql_read_one(store_t *store, store_statement_t *statement, store_row_reader_fn reader,
                       gz_pool_t *pool, void *out, const char *missing, const char *context);
/* Prepares statement id, binds its one parameter ?1 (text when not NULL,
 * else number), and reads its one row as store_sql_read_one does: the
 * lookups by id, slug or key. */
int store_sql_read_by_key(store_t *store, store_sql_id_t id, int64_t number, const char *text,
                          store_row_reader_fn reader, gz_pool_t *pool, void *out,
                          const char *missing, const char *context);
/* The same for a row that may be missing: *found says whether it was
 * there (out is untouched when not). */
int store_sql_read_maybe(store_t *store, store_statement_t *statement, store_row_reader_fn reader,
                         gz_pool_t *pool, void *out, bool *found, const char *context);
/* A reader for a row whose first column is a whole number: out is an
 * int64_t. */
void store_sql_int64_row(store_t *store, store_statement_t *statement, gz_pool_t *pool,
                         void *out);
/* Steps a bound statement and reads every row into a pool array of
 * element_size items (*out NULL and *count 0 when there are none). */
int store_sql_read_all(store_t *store, store_statement_t *statement, store_row_reader_fn reader,
                       size_t element_size, gz_pool_t *pool, void **out, size_t *count,
                       const char *context);

/* Prepares statement id, which has no parameters, and reads every row as
 * store_sql_read_all does. */
int store_sql_read_list(store_t *store, store_sql_id_t id, store_row_reader_fn reader,
                        size_t element_size, gz_pool_t *pool, void **out, size_t *count,
                        const char *context);

/* The driver's brackets (see above). */
int store_write_start(store_t *store, store_write_t *write);
int store_write_finish(store_t *store, store_write_t *write, int result);
int store_read_start(store_t *store, store_read_t *read);
int store_read_finish(store_t *store, store_read_t *read, int result);

/* ---- written once over the driver, for store.c ------------------------- */

/* store_articles.c: store.c has checked the arguments (store.h). */
int store_articles_put(store_t *store, content_article_t *article);
int store_articles_exists(store_t *store, int64_t id, bool *exists, bool *is_stub);
int store_articles_find_by_source_ref(store_t *store, const char *source_ref, int64_t *id);
int store_articles_delete(store_t *store, int64_t id);
/* store_article_slugs.c: keeps the slug of an article stored as published
 * (not a stub) among its addresses; nothing for any other. */
int store_article_slug_keep(store_t *store, int64_t id, const content_article_t *article);
/* store_newsroom.c: writes the newsroom's index row again (the driver's
 * newsroom_follow) of every article that statement id (SQL_NEWSROOM_TAGGED,
 * SQL_NEWSROOM_AUTHORED) names for linked_id, after a tag's or an
 * author's name changed, in the caller's write. */
int store_newsroom_follow_linked(store_t *store, store_sql_id_t id, int64_t linked_id);
/* store_views.c: the most-read list (limit >= 1, now set). */
int store_views_most_read(store_t *store, gz_time_t since, int64_t section_id, size_t limit,
                          gz_time_t now, gz_pool_t *pool, store_most_read_t *out);

/* Reads a row of STORE_ARTICLE_COLUMNS into out (a content_article_t;
 * the body stays NULL), from pool (store_articles.c). */
void store_article_from_row(store_t *store, store_statement_t *statement, gz_pool_t *pool,
                            void *out);
/* store_media.c, for store_media_files.c: logs "media:ID" in the change
 * log; records "no media item ID" and returns GZ_ENOTFOUND. */
int store_media_log_change(store_t *store, int64_t id);
int store_media_missing(store_t *store, int64_t id);

/* Copies sql to out with every ?N placeholder outside quoted text
 * spelled $N, for dialects that spell them so. */
void store_sql_dollar_placeholders(const char *sql, gz_buf_t *out);

#endif
