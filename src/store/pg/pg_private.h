/*
 * store/pg/pg_private.h: what the files of the PostgreSQL backend share
 * (pg.c, pg_schema.c, pg_article.c, pg_driver.c, pg_views.c,
 * pg_search.c, pg_search_index.c, pg_related.c, pg_copy.c). Nothing
 * outside src/store/ includes it.
 *
 * Statements: every file declares the statements it runs as
 * `static const pg_statement_t NAME = {"SQL with $1, $2"};` and runs them
 * with pg_query or pg_run. A connection prepares each statement (PQprepare,
 * named after the statement's address) the first time it runs one and
 * keeps it until the connection is lost, so a page render parses no SQL
 * after warm-up. Values are always parameters, sent as text (bytes in
 * binary: see pg_params_t).
 *
 * Writes: pg_write_start opens a transaction (or a savepoint inside the
 * caller's) and takes Gazette's write lock, a transaction-level advisory
 * lock, so writers take turns as they do on SQLite: change-log entries
 * are then numbered in commit order, which is what lets every node read
 * the log by seq without missing a change that committed late.
 *
 * A lost connection: the failing call returns GZ_EUNAVAILABLE; later calls
 * reconnect, at most once per back-off period (1 s doubling to 30 s), and
 * fail fast with GZ_EUNAVAILABLE in between, so a request during an outage
 * is answered at once (503) instead of hanging. A read outside any
 * transaction is retried once on a fresh connection; inside a transaction
 * nothing reconnects until the caller has rolled back, so a transaction
 * is never half applied. A statement the server no longer knows (after a
 * pooler's DISCARD ALL, say) is prepared again.
 */
#ifndef GAZETTE_STORE_PG_PRIVATE_H
#define GAZETTE_STORE_PG_PRIVATE_H

#include <libpq-fe.h>

#include "store/driver.h"

/* One statement; its address names it on the connection. */
typedef struct {
    const char *sql;
} pg_statement_t;

enum { PG_MAX_PARAMS = 32, PG_PREPARED_SLOTS = 512 };

/* Parameters $1, $2, ... in the order they are added, as text, except
 * the bytes of a bytea (the shared driver's bind_blob), which go in
 * binary (formats[i] 1, lengths[i] their length) rather than spelled out
 * in hex at twice the size. binary_results asks for every column of the
 * result in binary (the driver's want_blobs): a 1 MiB bytea then arrives
 * as it is, where the text format doubles it in hex and needs decoding
 * (PQunescapeBytea). Measured on a local PostgreSQL 15 socket, reading a
 * 1 MiB chunk took 1.1 ms in binary and 6.5 ms as text decoded. */
typedef struct {
    int count;
    const char *values[PG_MAX_PARAMS];
    int lengths[PG_MAX_PARAMS];
    int formats[PG_MAX_PARAMS];
    bool binary_results;
    char numbers[PG_MAX_PARAMS][24];
} pg_params_t;

void pg_param_text(pg_params_t *params, const char *text); /* NULL: SQL NULL */
void pg_param_int64(pg_params_t *params, int64_t value);
void pg_param_id_or_null(pg_params_t *params, int64_t id); /* id <= 0: SQL NULL */

/* A list as one parameter ($1::bigint[]): a PostgreSQL array literal of
 * whole numbers ("{3,1,2}") built in literal, one element at a time (add,
 * then close) or at once (of); close and of return the text to bind. */
void pg_array_add(gz_buf_t *literal, int64_t value);
const char *pg_array_close(gz_buf_t *literal);
const char *pg_array_of(gz_buf_t *literal, const int64_t *values, size_t count);

typedef struct {
    PGconn *conn;
    char *url;
    /* Statements prepared on this session: an open-addressing set of
     * statement addresses, emptied when the connection is replaced. */
    const pg_statement_t *prepared[PG_PREPARED_SLOTS];
    size_t prepared_count;
    /* Reconnecting: not before retry_at (monotonic seconds). */
    double retry_at;
    int backoff_seconds;
    uint64_t reconnects;      /* sessions replaced so far */
    uint64_t reconnects_seen; /* as of the last changes_wait */
    bool listening;           /* LISTEN issued on this session */
    /* A transaction we began is open. If the session is lost meanwhile,
     * nothing reconnects until the caller ends it (rollback), so no later
     * statement of the transaction runs, and commits, on its own. */
    bool transaction;
    int timeout_ms;           /* how long one answer may take; 0: no limit (store_set_timeout) */
    struct pg_search *search; /* pg_search_index.c's per-connection state, may be NULL */
    struct store_statement *shared; /* the shared statements' handles, see pg_driver.c */
} pg_connection_t;

/* Frees the connection's handles of shared statements (pg_driver.c). */
void pg_driver_close(pg_connection_t *connection);

static inline pg_connection_t *pg_connection(store_t *store)
{
    return store->connection;
}

/* ---- pg.c: running statements ---- */

/* Runs statement with params (NULL: none). On success *result holds the
 * rows (PQclear it); on failure the error is recorded with context and a
 * GZ_E* code returned (unique violation GZ_ECONFLICT, other constraint
 * GZ_EINVAL, lost connection, deadlock or serialization GZ_EUNAVAILABLE,
 * anything else GZ_EIO). */
int pg_query(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
             PGresult **result, const char *context);
/* The same for a statement whose rows are not needed. */
int pg_run(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
           const char *context);
/* Runs fixed SQL with no parameters (several statements allowed), for
 * migrations and session set-up only. */
int pg_run_script(store_t *store, const char *sql, const char *context);
/* Records a failed result (NULL: the connection's own error) as
 * pg_query does and returns its GZ_E* code: for the few calls that use
 * libpq directly (pg_copy.c's COPY). */
int pg_fail_result(store_t *store, const PGresult *result, const char *context);

/* A cell as pool text (NULL stays NULL), as a number (NULL is 0), as a bool. */
const char *pg_text(const PGresult *result, int row, int column, gz_pool_t *pool);
int64_t pg_number(const PGresult *result, int row, int column);
bool pg_is_null(const PGresult *result, int row, int column);

/* Runs a one-row, one-column query and reads it as a number;
 * GZ_ENOTFOUND when there is no row. */
int pg_query_number(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
                    int64_t *value, const char *context);

/* True while a transaction (the caller's or a write's) is open. */
bool pg_in_transaction(store_t *store);

/* The caller's transactions (store_begin...), for the driver's table. */
int pg_begin(store_t *store);
int pg_commit(store_t *store);
int pg_rollback(store_t *store);

/* A write that is atomic on its own, as sqlite_write_t: a transaction
 * holding the write lock when none is open, a savepoint otherwise. finish
 * commits (result GZ_OK; the related lists of queued articles are
 * computed first, see pg_related_before_commit) or undoes, and returns
 * result or the commit's error. */
typedef store_write_t pg_write_t;
int pg_write_start(store_t *store, pg_write_t *write);
int pg_write_finish(store_t *store, pg_write_t *write, int result);

/* A consistent snapshot for reads made of several statements: a
 * REPEATABLE READ, READ ONLY transaction when none is open. */
typedef store_read_t pg_read_t;
int pg_read_start(store_t *store, pg_read_t *read);
int pg_read_finish(store_t *store, pg_read_t *read, int result);

/* ---- pg_schema.c ---- */

int pg_migrate_prepare(store_t *store);
int pg_migrate_step(store_t *store, int version);
int pg_migrate_seed(store_t *store);
int pg_schema_version(store_t *store, int *current, int *latest);

/* ---- pg_article.c, pg_views.c: the tuned article reads, the views override ---- */

/* The columns of an article row as lists select them (no body), in the
 * order of the sqlite backend's article columns; see pg_article_from_row. */
#define PG_ARTICLE_COLUMNS STORE_ARTICLE_COLUMNS
#define PG_ARTICLE_FROM STORE_ARTICLE_FROM
enum { PG_ARTICLE_COLUMN_COUNT = STORE_ARTICLE_COLUMN_COUNT };

/* Fills out from row of a PG_ARTICLE_COLUMNS result starting at column
 * first, strings from pool. */
void pg_article_from_row(const PGresult *result, int row, int first, gz_pool_t *pool,
                         content_article_t *out);

int pg_article_get(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out);
int pg_article_list(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                    content_article_list_t *out);
int pg_views_add_counts(store_t *store, const store_view_count_t *counts, size_t count);

/* ---- pg_search.c, pg_search_index.c and pg_related.c ---- */

/* Brings the article's search document in step with its stored row
 * (indexed when live, removed otherwise); the driver's article_stored
 * calls it after every write of an article, in the same transaction. */
int pg_search_follow(store_t *store, int64_t article_id);
void pg_search_disconnect(store_t *store);
int pg_search(store_t *store, const store_search_query_t *query, const content_query_t *parsed,
              gz_pool_t *pool, store_search_results_t *out);
int pg_search_rebuild(store_t *store, store_progress_fn progress, void *context);
/* The newsroom's index (search_newsroom_documents, schema step 15): the
 * article's document written again from its stored row, its tags' and
 * its authors' names (removed for a stub or a deleted article), in the
 * caller's write; the driver's article_stored and newsroom_follow. */
int pg_newsroom_follow(store_t *store, int64_t article_id);
/* Writes the document of every article (after clearing them all), in the
 * caller's write: schema step 15 and the rebuild. */
int pg_newsroom_index_all(store_t *store, store_progress_fn progress, void *context);
/* The newsroom's text filter as a tsquery of the tokenizer's terms, from
 * pool (parsed->positive > 0). */
const char *pg_newsroom_match(store_t *store, const content_query_t *parsed, gz_pool_t *pool);

/* As in the SQLite backend: put queues the article, the commit of a
 * write computes a few queued lists in the same transaction (reading
 * them is part of pg_article_get's one statement). */
int pg_related_mark(store_t *store, int64_t article_id);
int pg_related_before_commit(store_t *store);
int pg_related_rebuild(store_t *store, store_progress_fn progress, void *context);

/* ---- pg_copy.c: store_copy's reading and writing of rows ---- */

int pg_copy_read_begin(store_t *store);
int pg_copy_read_end(store_t *store, int result);
int pg_copy_count(store_t *store, const store_copy_table_t *table, int64_t *count);
int pg_copy_read(store_t *store, const store_copy_table_t *table, const char *const *after,
                 size_t limit, gz_pool_t *pool, store_copy_rows_t *out);
int pg_copy_clear(store_t *store, const store_copy_table_t *table);
int pg_copy_write(store_t *store, const store_copy_table_t *table, const store_copy_rows_t *rows);
int pg_copy_load_start(store_t *store);
int pg_copy_load_finish(store_t *store);

#endif
