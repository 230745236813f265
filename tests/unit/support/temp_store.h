/*
 * Test support: a store, fresh for every test, removed with everything in
 * it afterwards. Tests of any module that need a real store include this
 * (and link core_dep).
 *
 * By default it is SQLite in a fresh mkdtemp folder. With GAZETTE_TEST_PG
 * set to the URL of a PostgreSQL database (make check starts a throwaway
 * cluster and sets it), it is a fresh schema in that database instead,
 * named after the folder and dropped afterwards, so the same tests check
 * both backends. The folder is made on both, for tests that need files.
 *
 * Tests that must look behind the store (count rows, plant a failing
 * trigger) use temp_store_exec and temp_store_count, which reach the same
 * database on either backend over a connection of their own.
 */
#ifndef GAZETTE_TEST_TEMP_STORE_H
#define GAZETTE_TEST_TEMP_STORE_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

#define TEMP_STORE_PREFIX "/tmp/gazette-test-"
#define TEMP_STORE_SQLITE_PREFIX "sqlite:"

typedef struct {
    char folder[64];
    char schema[64]; /* PostgreSQL only: the test's own schema */
    char url[512];   /* what store_open was given: open a second store with it */
    store_t *store;
    gz_pool_t pool;
} temp_store_t;

/* True when the tests run on PostgreSQL (GAZETTE_TEST_PG is set). */
static inline bool temp_store_is_pg(void)
{
    const char *pg = getenv("GAZETTE_TEST_PG");
    return pg != NULL && pg[0] != '\0';
}

/* The SQLite file behind a SQLite test store. */
static inline const char *temp_store_sqlite_path(const temp_store_t *temp)
{
    return temp->url + strlen(TEMP_STORE_SQLITE_PREFIX);
}

/* ---- PostgreSQL: a connection of the test's own ------------------------- */

static inline void temp_store_pg_quiet(void *context, const char *message)
{
    (void)context;
    (void)message; /* "drop cascades to ...": expected */
}

static inline PGconn *temp_store_pg_connect(const char *url)
{
    PGconn *conn = PQconnectdb(url);
    if (PQstatus(conn) != CONNECTION_OK)
        fprintf(stderr, "temp_store: %s", PQerrorMessage(conn));
    PQsetNoticeProcessor(conn, temp_store_pg_quiet, NULL);
    return conn;
}

/* Runs fixed SQL at url; false (with a message) on failure. */
static inline bool temp_store_pg_run(const char *url, const char *sql)
{
    PGconn *conn = temp_store_pg_connect(url);
    PGresult *result = PQexec(conn, sql);
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
    PQclear(result);
    PQfinish(conn);
    return ok;
}

/* The one integer a query returns, with int64 parameters $1, $2, ...;
 * -1 (with a message) on failure. */
static inline int64_t temp_store_pg_count(const char *url, const char *sql, int count,
                                          const int64_t *params)
{
    enum { MAX_PARAMS = 8, INT8_TYPE = 20 };
    char texts[MAX_PARAMS][24];
    const char *values[MAX_PARAMS];
    Oid types[MAX_PARAMS];
    if (count > MAX_PARAMS)
        return -1;
    for (int i = 0; i < count; i++) {
        snprintf(texts[i], sizeof texts[i], "%lld", (long long)params[i]);
        values[i] = texts[i];
        types[i] = INT8_TYPE;
    }
    PGconn *conn = temp_store_pg_connect(url);
    PGresult *result = PQexecParams(conn, sql, count, types, values, NULL, NULL, 0);
    int64_t number = -1;
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1)
        number = strtoll(PQgetvalue(result, 0, 0), NULL, 10);
    else
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
    PQclear(result);
    PQfinish(conn);
    return number;
}

/* ---- SQLite: a connection of the test's own ----------------------------- */

static inline sqlite3 *temp_store_sqlite_connect(const temp_store_t *temp)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(temp_store_sqlite_path(temp), &db) != SQLITE_OK)
        fprintf(stderr, "temp_store: %s\n", sqlite3_errmsg(db));
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static inline bool temp_store_sqlite_run(const temp_store_t *temp, const char *sql)
{
    sqlite3 *db = temp_store_sqlite_connect(temp);
    char *message = NULL;
    bool ok = sqlite3_exec(db, sql, NULL, NULL, &message) == SQLITE_OK;
    if (!ok)
        fprintf(stderr, "%s: %s\n", sql, message);
    sqlite3_free(message);
    sqlite3_close(db);
    return ok;
}

/* SQLite reads "$1" as a named parameter: bound by name, the same SQL
 * serves both backends. */
static inline int64_t temp_store_sqlite_count(const temp_store_t *temp, const char *sql, int count,
                                              const int64_t *params)
{
    sqlite3 *db = temp_store_sqlite_connect(temp);
    sqlite3_stmt *stmt = NULL;
    int64_t number = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        for (int i = 0; i < count; i++) {
            char name[8];
            snprintf(name, sizeof name, "$%d", i + 1);
            sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, name), params[i]);
        }
        if (sqlite3_step(stmt) == SQLITE_ROW)
            number = sqlite3_column_int64(stmt, 0);
    }
    if (number < 0)
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return number;
}

/* ---- behind the store, on either backend ---------------------------------- */

/* Runs SQL (several statements allowed) on the test's database, outside
 * the store; false (with a message) on failure. */
static inline bool temp_store_exec(const temp_store_t *temp, const char *sql)
{
    return temp_store_is_pg() ? temp_store_pg_run(temp->url, sql)
                              : temp_store_sqlite_run(temp, sql);
}

/* The one integer a query returns on the test's database, with int64
 * parameters written $1, $2, ... (both backends read that); -1 on failure.
 * The SQL must mean the same in both dialects. */
static inline int64_t temp_store_count(const temp_store_t *temp, const char *sql, int count,
                                       const int64_t *params)
{
    return temp_store_is_pg() ? temp_store_pg_count(temp->url, sql, count, params)
                              : temp_store_sqlite_count(temp, sql, count, params);
}

/* ---- making and removing -------------------------------------------------- */

/* The URL of the store for the folder just made: a file in it, or a
 * PostgreSQL schema named after it (made here). The schema name spells
 * the folder's random letters in hex: two folders may differ only in case,
 * and PostgreSQL folds unquoted names to lower case. */
static inline bool temp_store_make_url(temp_store_t *temp)
{
    if (!temp_store_is_pg()) {
        snprintf(temp->url, sizeof temp->url, TEMP_STORE_SQLITE_PREFIX "%s/test.db", temp->folder);
        return true;
    }
    const char *pg = getenv("GAZETTE_TEST_PG");
    size_t used = (size_t)snprintf(temp->schema, sizeof temp->schema, "test_");
    for (const char *c = temp->folder + strlen(TEMP_STORE_PREFIX); *c; c++)
        used += (size_t)snprintf(temp->schema + used, sizeof temp->schema - used, "%02x",
                                 (unsigned char)*c);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", temp->schema);
    snprintf(temp->url, sizeof temp->url, "%s%soptions=-csearch_path%%3D%s", pg,
             strchr(pg, '?') ? "&" : "?", temp->schema);
    return temp_store_pg_run(pg, sql);
}

/* Removes the test's schema (PostgreSQL) and folder; 0 or -1. */
static inline int temp_store_remove(temp_store_t *temp)
{
    int status = 0;
    if (temp->schema[0] != '\0') {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", temp->schema);
        if (!temp_store_pg_run(getenv("GAZETTE_TEST_PG"), sql))
            status = -1;
    }
    if (temp->folder[0] != '\0') {
        char command[128];
        snprintf(command, sizeof command, "rm -rf '%s'", temp->folder);
        if (system(command) != 0)
            status = -1;
    }
    return status;
}

/* Closes the store and removes everything; 0 or -1. */
static inline int temp_store_delete(temp_store_t *temp)
{
    if (temp == NULL)
        return 0;
    store_close(temp->store);
    gz_pool_clear(&temp->pool);
    int status = temp_store_remove(temp);
    free(temp);
    return status;
}

/* A fresh store, migrated or not; NULL (with a message) on failure, when
 * nothing is left behind. */
static inline temp_store_t *temp_store_new(bool migrate)
{
    temp_store_t *temp = calloc(1, sizeof *temp);
    if (temp == NULL)
        return NULL;
    snprintf(temp->folder, sizeof temp->folder, TEMP_STORE_PREFIX "XXXXXX");
    if (mkdtemp(temp->folder) == NULL) {
        temp->folder[0] = '\0';
        temp_store_delete(temp);
        return NULL;
    }
    if (!temp_store_make_url(temp)) {
        temp_store_delete(temp);
        return NULL;
    }
    gz_buf_t error = GZ_BUF_INIT;
    int code = store_open(temp->url, &temp->store, &error);
    if (code != GZ_OK)
        fprintf(stderr, "store_open: %s\n", gz_buf_cstr(&error));
    gz_buf_free(&error);
    if (code == GZ_OK && migrate && (code = store_migrate(temp->store)) != GZ_OK)
        fprintf(stderr, "store_migrate: %s\n", store_last_error(temp->store));
    if (code != GZ_OK) {
        temp_store_delete(temp);
        return NULL;
    }
    return temp;
}

/* A cmocka setup: *state becomes a temp_store_t with a migrated store. */
static inline int temp_store_open(void **state)
{
    *state = temp_store_new(true);
    return *state != NULL ? 0 : -1;
}

/* A cmocka setup for tests of migrating: the store is opened, not migrated. */
static inline int temp_store_open_unmigrated(void **state)
{
    *state = temp_store_new(false);
    return *state != NULL ? 0 : -1;
}

/* The matching cmocka teardown. */
static inline int temp_store_close(void **state)
{
    return temp_store_delete(*state);
}

#endif
