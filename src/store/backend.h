/*
 * store/backend.h: what a storage backend provides, private to src/store/.
 *
 * store.c owns the public entry points, the URL parsing and the checks that
 * do not depend on a database (arguments, slugs, self-links); a backend
 * (sqlite.c, pg.c) fills one store_backend_t with functions that
 * do the database work. Every dialect-specific thing (SQL text, pragmas,
 * locking, error codes of the driver) stays inside the backend's files, and
 * nothing here mentions a driver's types: a connection's state is a void
 * pointer that only its backend reads.
 *
 * Errors: a backend function returns GZ_OK or a negative GZ_E* code and, on
 * failure, writes a one-line message with store_fail, so store_last_error
 * works the same for every backend.
 */
#ifndef GAZETTE_STORE_BACKEND_H
#define GAZETTE_STORE_BACKEND_H

#include "store/store.h"

/* The things that are found or created by name (store_*_ensure). */
typedef enum { STORE_NAMED_SECTION, STORE_NAMED_AUTHOR, STORE_NAMED_TAG } store_named_kind_t;

/* A table that store_copy moves, from its fixed list (store_copy.c): the
 * names are never input, so backends may build SQL text from them. */
typedef struct {
    const char *name;
    const char *const *columns; /* the primary key's columns first */
    size_t column_count;
    size_t key_count;
    bool seeded; /* migrating fills it (content types): the target's rows give way */
    /* The index of the table's one column of bytes (media_chunks.bytes),
     * or -1. Its values travel as PostgreSQL's hex text ("\x0a1b..."),
     * which PostgreSQL reads and writes as it is and SQLite's copy turns
     * into bytes and back. */
    int blob_column;
    size_t page_rows; /* rows read and written at a time; 0: the default (1,000) */
} store_copy_table_t;

/* Rows as text: values[row * column_count + column], NULL for SQL NULL. */
typedef struct {
    const char **values;
    size_t row_count;
} store_copy_rows_t;

/* The small interface the shared operations run on (store/driver.h). */
typedef struct store_driver store_driver_t;

typedef struct {
    const char *name; /* "sqlite", for messages */
    const store_driver_t *driver;

    /* target is the URL without its scheme ("var/gazette.db" for sqlite).
     * Sets store->connection on success; on failure leaves nothing open. */
    int (*open)(store_t *store, const char *target);
    void (*close)(store_t *store);

    /* Migrating: store_migrate_to checks the versions and runs the missing
     * steps in order. prepare refuses inside a transaction and makes the
     * bookkeeping table; step applies schema step version unless another
     * process did so meanwhile (it looks again under the write lock); seed
     * adds the seed content types that are missing. */
    int (*migrate_prepare)(store_t *store);
    int (*migrate_step)(store_t *store, int version);
    int (*migrate_seed)(store_t *store);
    int (*schema_version)(store_t *store, int *current, int *latest);

    int (*data_version)(store_t *store, int64_t *version);
    /* See store_changes_wait, store_job_try_lock and store_set_timeout. */
    int (*changes_wait)(store_t *store, int timeout_ms, bool *woken, bool *reconnected);
    int (*job_try_lock)(store_t *store, const char *job, bool *acquired);
    int (*set_timeout)(store_t *store, int timeout_ms);

    int (*article_get)(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out);
    /* query arrives normalized: limit >= 1, now set when live_only. */
    int (*article_list)(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                        content_article_list_t *out);


    /* Search (store.c parsed the text: parsed->positive > 0; the query is
     * normalized: page >= 1, 1 <= page_size <= 100, now set, ids >= 0). */
    int (*search)(store_t *store, const store_search_query_t *query, const content_query_t *parsed,
                  gz_pool_t *pool, store_search_results_t *out);
    int (*search_rebuild)(store_t *store, store_progress_fn progress, void *context);
    /* The newsroom list's text filter in the dialect its statements bind
     * (an FTS5 MATCH expression, a tsquery), from pool; store.c parsed
     * the text: parsed->positive > 0. */
    const char *(*newsroom_match)(store_t *store, const content_query_t *parsed,
                                  gz_pool_t *pool);
    int (*related_rebuild)(store_t *store, store_progress_fn progress, void *context);

    /* Copying a whole store (store_copy.c). read_begin and read_end (which
     * returns result, or the end's own error) hold one snapshot around the
     * reads of the source. read fills out with at most limit rows of table
     * in key order, after the key values after (NULL: from the first row),
     * strings from pool. clear deletes every row of table. write inserts
     * rows as they are, atomic on its own (a savepoint inside the caller's
     * transaction), and keeps the table's id generator past the ids it
     * wrote. */
    int (*copy_read_begin)(store_t *store);
    int (*copy_read_end)(store_t *store, int result);
    int (*copy_count)(store_t *store, const store_copy_table_t *table, int64_t *count);
    int (*copy_read)(store_t *store, const store_copy_table_t *table, const char *const *after,
                     size_t limit, gz_pool_t *pool, store_copy_rows_t *out);
    int (*copy_clear)(store_t *store, const store_copy_table_t *table);
    int (*copy_write)(store_t *store, const store_copy_table_t *table,
                      const store_copy_rows_t *rows);
    /* Optional (NULL: nothing to do): called in the target's transaction
     * before the first write and after the last, for a backend whose
     * per-row triggers would cost too much in one long transaction and
     * that can do their work in bulk at the end instead. */
    int (*copy_load_start)(store_t *store);
    int (*copy_load_finish)(store_t *store);
} store_backend_t;

/* One connection, whatever the backend. */
struct store {
    const store_backend_t *backend;
    void *connection; /* the backend's own state */
    gz_buf_t last_error;
    content_tokenizer_t *tokenizer; /* made on first use, see store_tokenizer */
};

/* The content types every new store starts with, as in the sample (21 is
 * video); seeded by each backend's migration without overwriting edits. */
extern const content_type_t store_seed_content_types[];
extern const size_t store_seed_content_type_count;

extern const store_backend_t store_sqlite_backend;
extern const store_backend_t store_pg_backend;

/* The connection's search tokenizer (content/text.c), made on first use;
 * NULL when the stemmers are missing. */
content_tokenizer_t *store_tokenizer(store_t *store);

/* Replaces the connection's last error message and returns code, so a
 * backend can write `return store_fail(store, GZ_EINVAL, "...")`. */
int store_fail(store_t *store, int code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Makes room for one more element in a pool-allocated array: returns items
 * itself while count < *capacity, otherwise a copy twice as large (the old
 * one stays in the pool until it is cleared). */
void *store_pool_grow(gz_pool_t *pool, void *items, size_t count, size_t *capacity,
                      size_t element_size);

/* For the backends' copy SQL (store_copy.c): appends the first count
 * column names of table ("id, slug, name"), or count placeholders
 * numbered from first with the dialect's prefix ("?1, ?2" or "$1, $2"). */
void store_copy_append_columns(gz_buf_t *sql, const store_copy_table_t *table, size_t count);
void store_copy_append_placeholders(gz_buf_t *sql, const char *prefix, size_t first, size_t count);
/* SELECT columns FROM table [WHERE (key) > (after...)] ORDER BY key LIMIT n,
 * the after values and the limit as placeholders with prefix. */
void store_copy_build_select(gz_buf_t *sql, const store_copy_table_t *table, bool after,
                             const char *prefix);
/* The tables store_copy moves, in order (for the unit test that checks
 * the list against the schema). */
const store_copy_table_t *store_copy_tables(size_t *count);

/* text with LIKE's wildcards ('%', '_') and backslash each preceded by a
 * backslash, so a LIKE whose escape is backslash matches them literally
 * (the newsroom's headline filter); from pool. NULL when text is NULL or
 * empty. */
const char *store_like_escape(gz_pool_t *pool, const char *text);
/* "%text%", escaped as above, ASCII letters in lower case: for a
 * lower(column) LIKE ?N ESCAPE '\' that finds text anywhere, in any case
 * (the media library's and the authors' searches); NULL for no text. */
const char *store_like_contains(gz_pool_t *pool, const char *text);

/* ---- store_fault.c: the test builds' fault hook (see store.h) ---------- */

#if GAZETTE_TEST_HOOKS
/* Counts one statement about to be handed to the database: 0 to go ahead,
 * or its number N when it must fail instead (then remembered for this
 * thread until store_fault_take or the next statement). */
uint64_t store_fault_next(void);
/* The fault this thread raised and did not report yet (0: none), cleared. */
uint64_t store_fault_take(void);
/* Records "context: injected fault at statement N"; returns GZ_EIO. */
int store_fault_fail(store_t *store, uint64_t n, const char *context);
/* Reads GAZETTE_TEST_FAIL_STATEMENT, once per process (store_open). */
void store_fault_read_environment(void);
#else
static inline uint64_t store_fault_next(void) { return 0; }
static inline uint64_t store_fault_take(void) { return 0; }
static inline int store_fault_fail(store_t *store, uint64_t n, const char *context)
{
    (void)n;
    return store_fail(store, GZ_EIO, "%s: injected fault", context);
}
static inline void store_fault_read_environment(void) {}
#endif

#endif
