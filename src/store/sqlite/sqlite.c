/*
 * sqlite.c: the SQLite backend's connection: opening, the statement cache,
 * error mapping, transactions and the data version, plus the table of
 * functions store.c calls. The queries themselves live in sqlite_article.c
 * and sqlite_taxonomy.c, their text in sqlite_sql.c, the schema in
 * sqlite_schema.c.
 *
 * Each connection runs in WAL mode (readers never wait for the writer),
 * with foreign keys on, synchronous=NORMAL (never corrupt; a power cut may
 * lose the last commits, the usual WAL trade) and a 5 s busy timeout, so
 * a second process writing at the same moment is waited for, not failed.
 *
 * Statements are prepared once per connection, lazily, with
 * SQLITE_PREPARE_PERSISTENT, then reset and reused: a page render does no
 * SQL parsing at all after warm-up. Writes start with BEGIN IMMEDIATE so
 * that lock conflicts surface (and are waited for) at the start, never
 * half-way through a transaction where they could not be retried.
 *
 * The data version adds SQLite's PRAGMA data_version (which moves when
 * another connection commits) to a count of this connection's own commits
 * (kept by a commit hook, which SQLite only calls for write transactions),
 * so it moves on every commit by anyone and costs one cached statement.
 */
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>

#include "store/sqlite/sqlite_private.h"

enum { BUSY_TIMEOUT_MS = 5000 };

/* ---- errors ------------------------------------------------------------ */

int sqlite_map_error(int sqlite_code)
{
    switch (sqlite_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return GZ_EUNAVAILABLE;
    case SQLITE_CONSTRAINT:
        if (sqlite_code == SQLITE_CONSTRAINT_UNIQUE || sqlite_code == SQLITE_CONSTRAINT_PRIMARYKEY)
            return GZ_ECONFLICT;
        return GZ_EINVAL;
    default: return GZ_EIO;
    }
}

int sqlite_fail(store_t *store, const char *format, ...)
{
    sqlite3 *db = sqlite_connection(store)->db;
    int sqlite_code = sqlite3_extended_errcode(db);
    uint64_t injected = store_fault_take();
    gz_buf_t *message = &store->last_error;
    va_list args;
    va_start(args, format);
    gz_buf_reset(message);
    gz_buf_vprintf(message, format, args);
    va_end(args);
    if (injected != 0) {
        gz_buf_printf(message, ": injected fault at statement %llu", (unsigned long long)injected);
        return GZ_EIO;
    }
    gz_buf_printf(message, ": %s", sqlite3_errmsg(db));
    return sqlite_code == SQLITE_OK ? GZ_EIO : sqlite_map_error(sqlite_code);
}

int sqlite_step(sqlite3_stmt *stmt)
{
    /* A statement counts once, at its first step; its later rows do not. */
    if (!sqlite3_stmt_busy(stmt) && store_fault_next() != 0)
        return SQLITE_IOERR;
    return sqlite3_step(stmt);
}

/* ---- statements -------------------------------------------------------- */

static int prepare_cached(sqlite_connection_t *connection, sqlite_statement_id_t id,
                          sqlite3_stmt **stmt)
{
    if (connection->statements[id] == NULL) {
        int rc = sqlite3_prepare_v3(connection->db, sqlite_statement_sql(id), -1,
                                    SQLITE_PREPARE_PERSISTENT, &connection->statements[id], NULL);
        if (rc != SQLITE_OK)
            return rc;
    }
    *stmt = connection->statements[id];
    return SQLITE_OK;
}

int sqlite_prepared(store_t *store, sqlite_statement_id_t id, sqlite3_stmt **stmt)
{
    if (prepare_cached(sqlite_connection(store), id, stmt) != SQLITE_OK)
        return sqlite_fail(store, "preparing statement %d", (int)id);
    return GZ_OK;
}

void sqlite_statement_done(sqlite3_stmt *stmt)
{
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

void sqlite_bind_text(sqlite3_stmt *stmt, int index, const char *text, int *rc)
{
    if (*rc != SQLITE_OK)
        return;
    *rc = text ? sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC)
               : sqlite3_bind_null(stmt, index);
}

void sqlite_bind_int64(sqlite3_stmt *stmt, int index, int64_t value, int *rc)
{
    if (*rc == SQLITE_OK)
        *rc = sqlite3_bind_int64(stmt, index, value);
}

void sqlite_bind_id_or_null(sqlite3_stmt *stmt, int index, int64_t id, int *rc)
{
    if (*rc == SQLITE_OK)
        *rc = id > 0 ? sqlite3_bind_int64(stmt, index, id) : sqlite3_bind_null(stmt, index);
}

void sqlite_bind_named_int64(sqlite3_stmt *stmt, const char *name, int64_t value, int *rc)
{
    int index = sqlite3_bind_parameter_index(stmt, name);
    if (index > 0)
        sqlite_bind_int64(stmt, index, value, rc);
}

const char *sqlite_column_text(sqlite3_stmt *stmt, int column, gz_pool_t *pool)
{
    if (sqlite3_column_type(stmt, column) == SQLITE_NULL)
        return NULL;
    const char *text = (const char *)sqlite3_column_text(stmt, column);
    int bytes = sqlite3_column_bytes(stmt, column);
    return gz_pool_strndup(pool, text ? text : "", text ? (size_t)bytes : 0);
}

int sqlite_run(store_t *store, sqlite_statement_id_t id, const char *context)
{
    return sqlite_run_with(store, id, NULL, 0, context);
}

int sqlite_run_with(store_t *store, sqlite_statement_id_t id, const int64_t *values, size_t count,
                    const char *context)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, id, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    for (size_t i = 0; i < count; i++)
        sqlite_bind_int64(stmt, (int)i + 1, values[i], &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = sqlite_fail(store, "%s", context);
    sqlite_statement_done(stmt);
    return result;
}

/* Runs a cached statement and ignores failure: for undoing after an error,
 * whose message must stay the one the caller sees. */
static void run_quietly(store_t *store, sqlite_statement_id_t id)
{
    sqlite3_stmt *stmt;
    if (prepare_cached(sqlite_connection(store), id, &stmt) != SQLITE_OK)
        return;
    sqlite3_step(stmt); /* not counted: undoing never fails (store_fault.c) */
    sqlite_statement_done(stmt);
}

static int step_all(sqlite3_stmt *stmt)
{
    int rc;
    do
        rc = sqlite_step(stmt);
    while (rc == SQLITE_ROW);
    return rc;
}

int sqlite_run_script(store_t *store, const char *sql, const char *context)
{
    sqlite3 *db = sqlite_connection(store)->db;
    const char *rest = sql;
    while (rest && *rest) {
        sqlite3_stmt *stmt = NULL;
        if (sqlite3_prepare_v3(db, rest, -1, 0, &stmt, &rest) != SQLITE_OK)
            return sqlite_fail(store, "%s", context);
        if (stmt == NULL) /* only white space or comments were left */
            break;
        int rc = step_all(stmt);
        int result = rc == SQLITE_DONE ? GZ_OK : sqlite_fail(store, "%s", context);
        sqlite3_finalize(stmt);
        if (result != GZ_OK)
            return result;
    }
    return GZ_OK;
}

/* ---- transactions ------------------------------------------------------ */

static bool in_transaction(store_t *store)
{
    return !sqlite3_get_autocommit(sqlite_connection(store)->db);
}

int sqlite_begin(store_t *store)
{
    if (in_transaction(store))
        return store_fail(store, GZ_EINVAL, "a transaction is already open");
    return sqlite_run(store, STMT_BEGIN_WRITE, "starting a transaction");
}

int sqlite_commit(store_t *store)
{
    if (!in_transaction(store))
        return store_fail(store, GZ_EINVAL, "no transaction is open");
    int result = sqlite_related_before_commit(store);
    if (result == GZ_OK)
        result = sqlite_run(store, STMT_COMMIT, "committing");
    /* A commit that fails ends the transaction undone, as on PostgreSQL,
     * so no caller is left holding it open (store.h). */
    if (result != GZ_OK && in_transaction(store))
        run_quietly(store, STMT_ROLLBACK);
    return result;
}

int sqlite_rollback(store_t *store)
{
    if (!in_transaction(store))
        return store_fail(store, GZ_EINVAL, "no transaction is open");
    return sqlite_run(store, STMT_ROLLBACK, "rolling back");
}

int sqlite_write_start(store_t *store, sqlite_write_t *write)
{
    write->savepoint = in_transaction(store);
    if (write->savepoint)
        return sqlite_run(store, STMT_SAVEPOINT, "starting a savepoint");
    return sqlite_run(store, STMT_BEGIN_WRITE, "starting a transaction");
}

static void undo_write(store_t *store, const sqlite_write_t *write)
{
    if (write->savepoint) {
        run_quietly(store, STMT_ROLLBACK_TO);
        run_quietly(store, STMT_RELEASE);
    } else if (in_transaction(store)) {
        run_quietly(store, STMT_ROLLBACK);
    }
}

int sqlite_write_finish(store_t *store, sqlite_write_t *write, int result)
{
    if (result == GZ_OK && !write->savepoint)
        result = sqlite_related_before_commit(store);
    if (result == GZ_OK)
        result = sqlite_run(store, write->savepoint ? STMT_RELEASE : STMT_COMMIT, "committing");
    if (result != GZ_OK)
        undo_write(store, write);
    return result;
}

int sqlite_read_start(store_t *store, sqlite_read_t *read)
{
    read->owned = !in_transaction(store);
    if (!read->owned)
        return GZ_OK;
    return sqlite_run(store, STMT_BEGIN_READ, "starting a read");
}

int sqlite_read_finish(store_t *store, sqlite_read_t *read, int result)
{
    if (!read->owned || !in_transaction(store))
        return result;
    if (result != GZ_OK) {
        run_quietly(store, STMT_ROLLBACK);
        return result;
    }
    result = sqlite_run(store, STMT_COMMIT, "ending a read");
    if (result != GZ_OK && in_transaction(store))
        run_quietly(store, STMT_ROLLBACK); /* no snapshot outlives a failed end */
    return result;
}

/* ---- data version ------------------------------------------------------ */

static int count_commit(void *argument)
{
    sqlite_connection_t *connection = argument;
    connection->own_commits++;
    return 0; /* 0 lets the commit go ahead */
}

static int sqlite_data_version(store_t *store, int64_t *version)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_DATA_VERSION, &stmt);
    if (result != GZ_OK)
        return result;
    if (sqlite_step(stmt) == SQLITE_ROW)
        *version = sqlite3_column_int64(stmt, 0) + sqlite_connection(store)->own_commits;
    else
        result = sqlite_fail(store, "reading the data version");
    sqlite_statement_done(stmt);
    return result;
}

/* ---- notifications and job locks --------------------------------------- */

/* SQLite cannot notify another process: sleep and let the caller poll. */
static int sqlite_changes_wait(store_t *store, int timeout_ms, bool *woken, bool *reconnected)
{
    (void)store;
    *woken = false;
    *reconnected = false;
    poll(NULL, 0, timeout_ms);
    return GZ_OK;
}

/* A write transaction (BEGIN IMMEDIATE) already holds the only write lock. */
static int sqlite_job_try_lock(store_t *store, const char *job, bool *acquired)
{
    (void)job;
    if (!in_transaction(store))
        return store_fail(store, GZ_EINVAL, "a job lock needs a transaction");
    *acquired = true;
    return GZ_OK;
}

/* A local file answers at once; waiting for another writer's lock is
 * bounded by the busy timeout already. */
static int sqlite_set_timeout(store_t *store, int timeout_ms)
{
    (void)store;
    (void)timeout_ms;
    return GZ_OK;
}

/* ---- opening and closing ----------------------------------------------- */

/* journal_mode answers with the mode it got: a file that cannot do WAL
 * (some network file systems) must not silently run without it. */
static int set_wal_mode(store_t *store, const char *path)
{
    sqlite3_stmt *stmt = NULL;
    sqlite3 *db = sqlite_connection(store)->db;
    if (sqlite3_prepare_v3(db, "PRAGMA journal_mode = WAL", -1, 0, &stmt, NULL) != SQLITE_OK)
        return sqlite_fail(store, "opening %s", path);
    int result = GZ_OK;
    if (sqlite_step(stmt) != SQLITE_ROW) {
        result = sqlite_fail(store, "opening %s", path);
    } else {
        const char *mode = (const char *)sqlite3_column_text(stmt, 0);
        if (mode == NULL ||
            (sqlite3_stricmp(mode, "wal") != 0 && sqlite3_stricmp(mode, "memory") != 0))
            result = store_fail(store, GZ_EIO, "opening %s: cannot use WAL (journal mode %s)", path,
                                mode ? mode : "unknown");
    }
    sqlite3_finalize(stmt);
    return result;
}

static int configure(store_t *store, const char *path)
{
    sqlite3 *db = sqlite_connection(store)->db;
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    sqlite3_commit_hook(db, count_commit, sqlite_connection(store));
    int result = set_wal_mode(store, path);
    if (result == GZ_OK)
        result = sqlite_run_script(store, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                                   "configuring the connection");
    if (result == GZ_OK)
        result = sqlite_search_connect(store);
    return result;
}

static void sqlite_close(store_t *store)
{
    sqlite_connection_t *connection = sqlite_connection(store);
    if (connection == NULL)
        return;
    for (size_t i = 0; i < STMT_COUNT_OF_STATEMENTS; i++)
        sqlite3_finalize(connection->statements[i]);
    sqlite_search_disconnect(store);
    sqlite_driver_close(connection);
    sqlite3_close_v2(connection->db); /* rolls back an open transaction */
    free(connection);
    store->connection = NULL;
}

static int sqlite_open(store_t *store, const char *path)
{
    sqlite_connection_t *connection = gz_calloc(1, sizeof *connection);
    store->connection = connection;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &connection->db, flags, NULL);
    int result;
    if (rc != SQLITE_OK && connection->db == NULL)
        result = store_fail(store, GZ_EIO, "opening %s: %s", path, sqlite3_errstr(rc));
    else if (rc != SQLITE_OK)
        result = sqlite_fail(store, "opening %s", path);
    else
        result = configure(store, path);
    if (result != GZ_OK)
        sqlite_close(store);
    return result;
}

const store_backend_t store_sqlite_backend = {
    .name = "sqlite",
    .driver = &store_sqlite_driver,
    .open = sqlite_open,
    .close = sqlite_close,
    .migrate_prepare = sqlite_migrate_prepare,
    .migrate_step = sqlite_migrate_step,
    .migrate_seed = sqlite_migrate_seed,
    .schema_version = sqlite_schema_version,
    .data_version = sqlite_data_version,
    .changes_wait = sqlite_changes_wait,
    .job_try_lock = sqlite_job_try_lock,
    .set_timeout = sqlite_set_timeout,
    .article_get = sqlite_article_get,
    .article_list = sqlite_article_list,
    .search = sqlite_search,
    .search_rebuild = sqlite_search_rebuild,
    .newsroom_match = sqlite_newsroom_match,
    .related_rebuild = sqlite_related_rebuild,
    .copy_read_begin = sqlite_copy_read_begin,
    .copy_read_end = sqlite_copy_read_end,
    .copy_count = sqlite_copy_count,
    .copy_read = sqlite_copy_read,
    .copy_clear = sqlite_copy_clear,
    .copy_write = sqlite_copy_write,
};
