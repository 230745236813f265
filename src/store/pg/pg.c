/*
 * pg.c: the PostgreSQL backend's connection: opening, the prepared
 * statement cache, error mapping, reconnecting, transactions, the data
 * version, notifications and job locks, plus the table of functions
 * store.c calls. See pg_private.h for the rules every pg_*.c file keeps.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/pg/pg_private.h"

enum { BACKOFF_MAX_SECONDS = 8 };

/* Every write takes this transaction-level advisory lock first (one fixed
 * key of Gazette's own), so writers take turns and the change log is
 * numbered in commit order. */
#define WRITE_LOCK "SELECT pg_advisory_xact_lock(7449362239190626917)"
#define CHANGES_CHANNEL "gazette_changes"

static double monotonic_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* ---- parameters -------------------------------------------------------- */

/* A programming error, never input: stop at once rather than run a
 * statement with the wrong parameters. */
static void give_up(const char *what)
{
    gz_log(GZ_LOG_ERROR, "%s", what);
    abort();
}

static void add_param(pg_params_t *params, const char *value)
{
    if (params->count >= PG_MAX_PARAMS)
        give_up("a PostgreSQL statement has too many parameters");
    params->values[params->count++] = value;
}

void pg_param_text(pg_params_t *params, const char *text)
{
    add_param(params, text);
}

void pg_param_int64(pg_params_t *params, int64_t value)
{
    if (params->count >= PG_MAX_PARAMS)
        give_up("a PostgreSQL statement has too many parameters");
    char *number = params->numbers[params->count];
    snprintf(number, sizeof params->numbers[0], "%lld", (long long)value);
    add_param(params, number);
}

void pg_param_id_or_null(pg_params_t *params, int64_t id)
{
    if (id > 0)
        pg_param_int64(params, id);
    else
        add_param(params, NULL);
}

/* ---- array literals ---------------------------------------------------- */

void pg_array_add(gz_buf_t *literal, int64_t value)
{
    gz_buf_append_char(literal, literal->len == 0 ? '{' : ',');
    gz_buf_printf(literal, "%lld", (long long)value);
}

const char *pg_array_close(gz_buf_t *literal)
{
    gz_buf_append_cstr(literal, literal->len > 0 ? "}" : "{}");
    return gz_buf_cstr(literal);
}

const char *pg_array_of(gz_buf_t *literal, const int64_t *values, size_t count)
{
    for (size_t i = 0; i < count; i++)
        pg_array_add(literal, values[i]);
    return pg_array_close(literal);
}

/* ---- cells ------------------------------------------------------------- */

const char *pg_text(const PGresult *result, int row, int column, gz_pool_t *pool)
{
    if (PQgetisnull(result, row, column))
        return NULL;
    return gz_pool_strndup(pool, PQgetvalue(result, row, column),
                           (size_t)PQgetlength(result, row, column));
}

int64_t pg_number(const PGresult *result, int row, int column)
{
    if (PQgetisnull(result, row, column))
        return 0;
    const char *text = PQgetvalue(result, row, column);
    if (text[0] == 't' || text[0] == 'f') /* a boolean column */
        return text[0] == 't';
    return strtoll(text, NULL, 10);
}

bool pg_is_null(const PGresult *result, int row, int column)
{
    return PQgetisnull(result, row, column);
}

/* ---- errors ------------------------------------------------------------ */

static bool connection_lost(const PGconn *conn)
{
    return conn == NULL || PQstatus(conn) == CONNECTION_BAD;
}

/* The GZ_E* code for a SQLSTATE (NULL when the server sent none). */
static int map_sqlstate(const char *state)
{
    if (state == NULL)
        return GZ_EIO;
    if (strcmp(state, "23505") == 0)
        return GZ_ECONFLICT; /* unique_violation */
    if (strncmp(state, "23", 2) == 0)
        return GZ_EINVAL; /* other integrity constraints */
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
        strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
        strcmp(state, "25006") == 0 /* a write on a read-only replica */)
        return GZ_EUNAVAILABLE;
    return GZ_EIO;
}

/* libpq's messages span lines ("ERROR:  ...\nDETAIL:  ...\n"): every
 * message of the store is one line, so runs of white space become one
 * space and the end is trimmed. */
static void make_one_line(gz_buf_t *message)
{
    size_t kept = 0;
    for (size_t i = 0; i < message->len; i++) {
        char c = message->data[i];
        bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (space && (kept == 0 || message->data[kept - 1] == ' '))
            continue;
        message->data[kept++] = space ? ' ' : c;
    }
    while (kept > 0 && message->data[kept - 1] == ' ')
        kept--;
    message->len = kept;
    if (message->data != NULL)
        message->data[kept] = '\0';
}

/* Records "context: the server's message" and returns the GZ_E* code. */
static int fail_with(store_t *store, const PGresult *result, const char *context)
{
    PGconn *conn = pg_connection(store)->conn;
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;
    const char *message = result ? PQresultErrorMessage(result) : "";
    if (message == NULL || message[0] == '\0')
        message = conn ? PQerrorMessage(conn) : "no connection";
    gz_buf_t *error = &store->last_error;
    gz_buf_reset(error);
    gz_buf_printf(error, "%s: %s", context, message);
    make_one_line(error);
    if (connection_lost(conn))
        return GZ_EUNAVAILABLE;
    return map_sqlstate(state);
}

int pg_fail_result(store_t *store, const PGresult *result, const char *context)
{
    return fail_with(store, result, context);
}

/* ---- the session ------------------------------------------------------- */

/* Server notices ("relation already exists, skipping") are not errors
 * and must not reach a command's output. */
static void ignore_notice(void *context, const char *message)
{
    (void)context;
    gz_log(GZ_LOG_DEBUG, "PostgreSQL: %s", message);
}

static int open_session(store_t *store)
{
    pg_connection_t *connection = pg_connection(store);
    /* Later keywords override what the URL says, earlier ones give way. */
    const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname",
                                "client_encoding", NULL};
    /* 2 s is the shortest connect_timeout libpq honours: a reconnect
     * attempt during an outage holds its thread no longer than that. */
    const char *const values[] = {"2", "gazette", connection->url, "UTF8", NULL};
    connection->conn = PQconnectdbParams(keys, values, 1);
    if (connection->conn != NULL && PQstatus(connection->conn) == CONNECTION_OK) {
        PQsetNoticeProcessor(connection->conn, ignore_notice, NULL);
        return GZ_OK;
    }
    gz_buf_reset(&store->last_error);
    gz_buf_printf(&store->last_error, "cannot connect to PostgreSQL: %s",
                  connection->conn ? PQerrorMessage(connection->conn) : "out of memory");
    make_one_line(&store->last_error);
    PQfinish(connection->conn);
    connection->conn = NULL;
    return GZ_EUNAVAILABLE;
}

static void forget_prepared(pg_connection_t *connection)
{
    memset(connection->prepared, 0, sizeof connection->prepared);
    connection->prepared_count = 0;
}

static void forget_session(pg_connection_t *connection)
{
    PQfinish(connection->conn);
    connection->conn = NULL;
    forget_prepared(connection);
    connection->listening = false;
}

/* No new session before the next back-off period (1 s, doubling). */
static void back_off(pg_connection_t *connection)
{
    int backoff = connection->backoff_seconds ? connection->backoff_seconds * 2 : 1;
    connection->backoff_seconds = backoff < BACKOFF_MAX_SECONDS ? backoff : BACKOFF_MAX_SECONDS;
    connection->retry_at = monotonic_seconds() + connection->backoff_seconds;
}

/* Replaces a lost session, at most once per back-off period. */
static int reconnect(store_t *store)
{
    pg_connection_t *connection = pg_connection(store);
    double now = monotonic_seconds();
    if (now < connection->retry_at)
        return store_fail(store, GZ_EUNAVAILABLE,
                          "the database is unreachable; next attempt in %.0f s",
                          connection->retry_at - now + 0.5);
    forget_session(connection);
    pg_search_disconnect(store); /* its state belonged to the old session */
    int result = open_session(store);
    if (result == GZ_OK) {
        connection->backoff_seconds = 0;
        connection->retry_at = 0;
        connection->reconnects++;
        gz_log(GZ_LOG_INFO, "reconnected to PostgreSQL");
        return GZ_OK;
    }
    back_off(connection);
    return result;
}

static int ensure_session(store_t *store)
{
    pg_connection_t *connection = pg_connection(store);
    if (!connection_lost(connection->conn))
        return GZ_OK;
    if (connection->transaction)
        return store_fail(store, GZ_EUNAVAILABLE,
                          "the connection to PostgreSQL was lost inside a transaction");
    return reconnect(store);
}

bool pg_in_transaction(store_t *store)
{
    return pg_connection(store)->transaction;
}

/* ---- waiting for answers, with a deadline -------------------------------- */

/* Waits until libpq has a whole result to hand over, at most until
 * deadline (0: no limit). False on timeout or a broken socket. */
static bool wait_until_ready(PGconn *conn, double deadline)
{
    while (PQisBusy(conn)) {
        int wait_ms = -1;
        if (deadline > 0) {
            double left = deadline - monotonic_seconds();
            if (left <= 0)
                return false;
            wait_ms = (int)(left * 1000) + 1;
        }
        struct pollfd socket_ready = {.fd = PQsocket(conn), .events = POLLIN};
        int ready = poll(&socket_ready, 1, wait_ms);
        if (ready < 0 && errno != EINTR)
            return false;
        if (ready > 0 && !PQconsumeInput(conn))
            return false;
    }
    return true;
}

/* Collects the results of what was just sent (sent: the PQsend* call's
 * answer): the first failed one, or else the last. A server that does not
 * answer within the connection's timeout is treated as gone: the session
 * is dropped (a transaction of ours dies with it) and GZ_EUNAVAILABLE
 * returned, so a stalled database cannot hang a server thread. */
static int await_result(store_t *store, int sent, PGresult **out, const char *context)
{
    pg_connection_t *connection = pg_connection(store);
    *out = NULL;
    if (!sent)
        return fail_with(store, NULL, context);
    double deadline =
        connection->timeout_ms > 0 ? monotonic_seconds() + connection->timeout_ms / 1000.0 : 0;
    PGresult *kept = NULL;
    for (;;) {
        if (!wait_until_ready(connection->conn, deadline)) {
            PQclear(kept);
            bool timed_out = !connection_lost(connection->conn);
            int code = timed_out ? store_fail(store, GZ_EUNAVAILABLE,
                                              "%s: PostgreSQL did not answer within %d ms",
                                              context, connection->timeout_ms)
                                 : fail_with(store, NULL, context);
            forget_session(connection);
            if (timed_out)
                back_off(connection); /* the calls that follow fail at once */
            return code;
        }
        PGresult *next = PQgetResult(connection->conn);
        if (next == NULL)
            break;
        ExecStatusType status = PQresultStatus(kept);
        bool kept_failed = kept != NULL && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK;
        if (kept_failed) {
            PQclear(next);
        } else {
            PQclear(kept);
            kept = next;
        }
    }
    *out = kept;
    ExecStatusType status = PQresultStatus(kept);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return GZ_OK;
    return fail_with(store, kept, context);
}

/* ---- prepared statements ----------------------------------------------- */

static size_t slot_of(const pg_statement_t *statement)
{
    uintptr_t key = (uintptr_t)statement;
    return (size_t)((key >> 3) * 0x9E3779B97F4A7C15ull % PG_PREPARED_SLOTS);
}

static bool is_prepared(const pg_connection_t *connection, const pg_statement_t *statement)
{
    for (size_t i = slot_of(statement), n = 0; n < PG_PREPARED_SLOTS;
         i = (i + 1) % PG_PREPARED_SLOTS, n++) {
        if (connection->prepared[i] == statement)
            return true;
        if (connection->prepared[i] == NULL)
            return false;
    }
    return false;
}

static void remember_prepared(pg_connection_t *connection, const pg_statement_t *statement)
{
    if (connection->prepared_count + 1 >= PG_PREPARED_SLOTS)
        give_up("too many distinct PostgreSQL statements");
    size_t i = slot_of(statement);
    while (connection->prepared[i] != NULL)
        i = (i + 1) % PG_PREPARED_SLOTS;
    connection->prepared[i] = statement;
    connection->prepared_count++;
}

static void statement_name(const pg_statement_t *statement, char *name, size_t size)
{
    snprintf(name, size, "g%lx", (unsigned long)(uintptr_t)statement);
}

static int prepare(store_t *store, const pg_statement_t *statement, const char *context)
{
    pg_connection_t *connection = pg_connection(store);
    if (is_prepared(connection, statement))
        return GZ_OK;
    char name[32];
    statement_name(statement, name, sizeof name);
    PGresult *prepared = NULL;
    int sent = PQsendPrepare(connection->conn, name, statement->sql, 0, NULL);
    int result = await_result(store, sent, &prepared, context);
    if (result == GZ_OK)
        remember_prepared(connection, statement);
    PQclear(prepared);
    return result;
}

static bool statement_forgotten(const PGresult *rows);

/* Prepares (on first use) and runs statement. *forgotten: the server no
 * longer knew it; it is marked unprepared, so a second call prepares it. */
static int execute(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
                   PGresult **out, const char *context, bool *forgotten)
{
    *out = NULL;
    *forgotten = false;
    int result = prepare(store, statement, context);
    if (result != GZ_OK)
        return result;
    uint64_t injected = store_fault_next();
    if (injected != 0)
        return store_fault_fail(store, injected, context);
    char name[32];
    statement_name(statement, name, sizeof name);
    int sent = PQsendQueryPrepared(pg_connection(store)->conn, name, params ? params->count : 0,
                                   params ? params->values : NULL, params ? params->lengths : NULL,
                                   params ? params->formats : NULL,
                                   params && params->binary_results ? 1 : 0);
    PGresult *rows = NULL;
    result = await_result(store, sent, &rows, context);
    if (result == GZ_OK) {
        *out = rows;
        return GZ_OK;
    }
    if (rows != NULL && statement_forgotten(rows)) {
        *forgotten = true;
        forget_prepared(pg_connection(store));
    }
    PQclear(rows);
    return result;
}

/* The server no longer has the statement (26000: a pooler's DISCARD ALL,
 * say). */
static bool statement_forgotten(const PGresult *rows)
{
    const char *state = PQresultErrorField(rows, PG_DIAG_SQLSTATE);
    return state != NULL && strcmp(state, "26000") == 0;
}

int pg_query(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
             PGresult **out, const char *context)
{
    int result = ensure_session(store);
    if (result != GZ_OK) {
        *out = NULL;
        return result;
    }
    bool was_in_transaction = pg_in_transaction(store);
    bool forgotten = false;
    result = execute(store, statement, params, out, context, &forgotten);
    /* Inside a transaction the error has already aborted it: only a lone
     * statement is tried again, prepared anew. */
    if (forgotten && !was_in_transaction)
        result = execute(store, statement, params, out, context, &forgotten);
    /* A statement outside a transaction changed nothing if its session was
     * gone (writes always run inside one): try once on a new session. */
    if (result == GZ_EUNAVAILABLE && !was_in_transaction &&
        connection_lost(pg_connection(store)->conn) && reconnect(store) == GZ_OK)
        result = execute(store, statement, params, out, context, &forgotten);
    return result;
}

int pg_run(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
           const char *context)
{
    PGresult *rows = NULL;
    int result = pg_query(store, statement, params, &rows, context);
    PQclear(rows);
    return result;
}

int pg_query_number(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
                   int64_t *value, const char *context)
{
    PGresult *rows = NULL;
    int result = pg_query(store, statement, params, &rows, context);
    if (result == GZ_OK && PQntuples(rows) == 0)
        result = store_fail(store, GZ_ENOTFOUND, "%s: no row", context);
    else if (result == GZ_OK)
        *value = pg_number(rows, 0, 0);
    PQclear(rows);
    return result;
}

int pg_run_script(store_t *store, const char *sql, const char *context)
{
    int result = ensure_session(store);
    if (result != GZ_OK)
        return result;
    uint64_t injected = store_fault_next();
    if (injected != 0)
        return store_fault_fail(store, injected, context);
    PGresult *rows = NULL;
    result = await_result(store, PQsendQuery(pg_connection(store)->conn, sql), &rows, context);
    PQclear(rows);
    return result;
}

/* ---- transactions ------------------------------------------------------ */

/* Runs fixed SQL and ignores failure: for undoing after an error, whose
 * message must stay the one the caller sees. */
static void run_quietly(store_t *store, const char *sql)
{
    PGconn *conn = pg_connection(store)->conn;
    if (connection_lost(conn))
        return;
    gz_buf_t message = GZ_BUF_INIT; /* the caller's error message stays */
    gz_buf_append_str(&message, gz_buf_str(&store->last_error));
    PGresult *rows = NULL;
    await_result(store, PQsendQuery(conn, sql), &rows, "undoing");
    PQclear(rows);
    gz_buf_reset(&store->last_error);
    gz_buf_append_str(&store->last_error, gz_buf_str(&message));
    gz_buf_free(&message);
}

/* Runs BEGIN (and what follows it in sql) as one round trip; on failure
 * after BEGIN, rolls back, so no aborted transaction is left open. */
static int begin_with(store_t *store, const char *sql, const char *context)
{
    int result = pg_run_script(store, sql, context);
    /* A session the server dropped (a restart) is found out here: BEGIN
     * changed nothing, so it is tried once more on a new session. */
    if (result == GZ_EUNAVAILABLE && connection_lost(pg_connection(store)->conn) &&
        reconnect(store) == GZ_OK)
        result = pg_run_script(store, sql, context);
    PGconn *conn = pg_connection(store)->conn;
    bool open = !connection_lost(conn) && PQtransactionStatus(conn) != PQTRANS_IDLE;
    if (result != GZ_OK && open)
        run_quietly(store, "ROLLBACK");
    pg_connection(store)->transaction = result == GZ_OK;
    return result;
}

/* Ends the transaction we began with COMMIT or ROLLBACK. A lost session
 * took its transaction with it: the commit fails, the rollback is done. */
static int end_transaction(store_t *store, bool commit)
{
    pg_connection_t *connection = pg_connection(store);
    connection->transaction = false;
    if (connection_lost(connection->conn))
        return commit ? store_fail(store, GZ_EUNAVAILABLE,
                                   "committing: the connection to PostgreSQL was lost")
                      : GZ_OK;
    uint64_t injected = commit ? store_fault_next() : 0;
    PGresult *rows = NULL;
    if (injected != 0) { /* refused as the server refuses: the transaction ends undone */
        await_result(store, PQsendQuery(connection->conn, "ROLLBACK"), &rows, "rolling back");
        PQclear(rows);
        return store_fault_fail(store, injected, "committing");
    }
    int sent = PQsendQuery(connection->conn, commit ? "COMMIT" : "ROLLBACK");
    int result = await_result(store, sent, &rows, commit ? "committing" : "rolling back");
    if (result == GZ_OK && commit && strcmp(PQcmdStatus(rows), "COMMIT") != 0)
        /* COMMIT of a failed transaction answers "ROLLBACK". */
        result = store_fail(store, GZ_EIO, "committing: the transaction had failed");
    PQclear(rows);
    return result;
}

static int begin_write(store_t *store)
{
    return begin_with(store, "BEGIN; " WRITE_LOCK, "starting a transaction");
}

int pg_begin(store_t *store)
{
    if (pg_in_transaction(store))
        return store_fail(store, GZ_EINVAL, "a transaction is already open");
    return begin_write(store);
}

int pg_commit(store_t *store)
{
    if (!pg_in_transaction(store))
        return store_fail(store, GZ_EINVAL, "no transaction is open");
    int result = pg_related_before_commit(store);
    if (result == GZ_OK)
        return end_transaction(store, true);
    /* Over either way (store.h): undone, with the failure's message. */
    gz_buf_t message = GZ_BUF_INIT;
    gz_buf_append_cstr(&message, store_last_error(store));
    end_transaction(store, false);
    store_fail(store, result, "%s", gz_buf_cstr(&message));
    gz_buf_free(&message);
    return result;
}

int pg_rollback(store_t *store)
{
    if (!pg_in_transaction(store))
        return store_fail(store, GZ_EINVAL, "no transaction is open");
    return end_transaction(store, false);
}

int pg_write_start(store_t *store, pg_write_t *write)
{
    write->savepoint = pg_in_transaction(store);
    if (write->savepoint)
        return pg_run_script(store, "SAVEPOINT store_write", "starting a savepoint");
    return begin_write(store);
}

int pg_write_finish(store_t *store, pg_write_t *write, int result)
{
    if (result == GZ_OK && !write->savepoint)
        result = pg_related_before_commit(store);
    if (result == GZ_OK)
        result = write->savepoint
                     ? pg_run_script(store, "RELEASE store_write", "releasing a savepoint")
                     : end_transaction(store, true);
    if (result == GZ_OK)
        return GZ_OK;
    if (write->savepoint)
        run_quietly(store, "ROLLBACK TO store_write; RELEASE store_write");
    else if (pg_in_transaction(store))
        end_transaction(store, false);
    return result;
}

int pg_read_start(store_t *store, pg_read_t *read)
{
    read->owned = !pg_in_transaction(store);
    if (!read->owned)
        return GZ_OK;
    return begin_with(store, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                      "starting a read");
}

int pg_read_finish(store_t *store, pg_read_t *read, int result)
{
    if (!read->owned || !pg_in_transaction(store))
        return result;
    if (result != GZ_OK) {
        end_transaction(store, false);
        return result;
    }
    return end_transaction(store, true);
}

/* ---- data version, notifications, job locks ---------------------------- */

static const pg_statement_t DATA_VERSION = {"SELECT COALESCE(MAX(seq), 0) FROM change_log"};

/* Every change to what readers see is in the change log, so its newest
 * seq is the data version. */
static int pg_data_version(store_t *store, int64_t *version)
{
    return pg_query_number(store, &DATA_VERSION, NULL, version, "reading the data version");
}

static int listen_for_changes(store_t *store)
{
    pg_connection_t *connection = pg_connection(store);
    if (connection->listening)
        return GZ_OK;
    int result = pg_run_script(store, "LISTEN " CHANGES_CHANNEL, "listening for changes");
    connection->listening = result == GZ_OK;
    return result;
}

/* Drains the notifications that arrived; true when there was one. */
static bool take_notifications(PGconn *conn)
{
    bool any = false;
    PGnotify *notify;
    while ((notify = PQnotifies(conn)) != NULL) {
        any = true;
        PQfreemem(notify);
    }
    return any;
}

static int pg_changes_wait(store_t *store, int timeout_ms, bool *woken, bool *reconnected)
{
    pg_connection_t *connection = pg_connection(store);
    *woken = false;
    int result = ensure_session(store);
    if (result == GZ_OK)
        result = listen_for_changes(store);
    if (result != GZ_OK)
        return result; /* a reconnect is reported by the first call that succeeds */
    *reconnected = connection->reconnects != connection->reconnects_seen;
    connection->reconnects_seen = connection->reconnects;
    PGconn *conn = connection->conn;
    if (PQconsumeInput(conn) && take_notifications(conn)) {
        *woken = true;
        return GZ_OK;
    }
    struct pollfd waiting = {.fd = PQsocket(conn), .events = POLLIN};
    if (poll(&waiting, 1, timeout_ms) > 0) {
        if (!PQconsumeInput(conn))
            return fail_with(store, NULL, "waiting for changes");
        *woken = take_notifications(conn);
    }
    return GZ_OK;
}

static int pg_set_timeout(store_t *store, int timeout_ms)
{
    pg_connection(store)->timeout_ms = timeout_ms;
    return GZ_OK;
}

static const pg_statement_t JOB_TRY_LOCK = {
    "SELECT pg_try_advisory_xact_lock(hashtextextended('gazette job ' || $1, 0))"};

static int pg_job_try_lock(store_t *store, const char *job, bool *acquired)
{
    if (!pg_in_transaction(store))
        return store_fail(store, GZ_EINVAL, "a job lock needs a transaction");
    pg_params_t params = {0};
    pg_param_text(&params, job);
    int64_t got = 0;
    int result = pg_query_number(store, &JOB_TRY_LOCK, &params, &got, "taking a job lock");
    *acquired = result == GZ_OK && got != 0;
    return result;
}

/* ---- opening and closing ----------------------------------------------- */

static void pg_close(store_t *store)
{
    pg_connection_t *connection = pg_connection(store);
    if (connection == NULL)
        return;
    pg_search_disconnect(store);
    pg_driver_close(connection);
    PQfinish(connection->conn); /* the server rolls back an open transaction */
    free(connection->url);
    free(connection);
    store->connection = NULL;
}

/* target is the whole URL: libpq reads postgresql:// URLs itself. */
static int pg_open(store_t *store, const char *target)
{
    pg_connection_t *connection = gz_calloc(1, sizeof *connection);
    connection->url = gz_strdup(target);
    store->connection = connection;
    int result = open_session(store);
    if (result != GZ_OK)
        pg_close(store);
    return result;
}

const store_backend_t store_pg_backend = {
    .name = "postgresql",
    .driver = &store_pg_driver,
    .open = pg_open,
    .close = pg_close,
    .migrate_prepare = pg_migrate_prepare,
    .migrate_step = pg_migrate_step,
    .migrate_seed = pg_migrate_seed,
    .schema_version = pg_schema_version,
    .data_version = pg_data_version,
    .changes_wait = pg_changes_wait,
    .job_try_lock = pg_job_try_lock,
    .set_timeout = pg_set_timeout,
    .article_get = pg_article_get,
    .article_list = pg_article_list,
    .search = pg_search,
    .search_rebuild = pg_search_rebuild,
    .newsroom_match = pg_newsroom_match,
    .related_rebuild = pg_related_rebuild,
    .copy_read_begin = pg_copy_read_begin,
    .copy_read_end = pg_copy_read_end,
    .copy_count = pg_copy_count,
    .copy_read = pg_copy_read,
    .copy_clear = pg_copy_clear,
    .copy_write = pg_copy_write,
    .copy_load_start = pg_copy_load_start,
    .copy_load_finish = pg_copy_load_finish,
};
