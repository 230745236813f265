/*
 * pg_users.c: the PostgreSQL side of the newsroom's tables: accounts,
 * sessions, the audit log, article revisions, corrections and update
 * notes, and the newsroom's article list. Statement for statement the
 * same as sqlite_users.c and its SQL in sqlite_sql.c, so both backends
 * give the same rows in the same order with the same error codes.
 *
 * Every write runs inside pg_write_start/pg_write_finish, even a single
 * statement: it then takes Gazette's write lock like any other writer, and
 * a failure rolls back everything the write did (ending an account's
 * sessions happens in the same write as the new password that calls for
 * it, so no stolen cookie outlives the fix).
 *
 * Reads share two helpers, one for "exactly this row or GZ_ENOTFOUND" and
 * one for "every row into a pool array", each given a function that reads
 * one row into its C struct.
 */
#include <stdlib.h>

#include "store/pg_private.h"

/* ---- reading rows ------------------------------------------------------ */

/* Reads row of rows into *out (a struct of the caller's type). */
typedef void (*row_reader_fn)(const PGresult *rows, int row, gz_pool_t *pool, void *out);

/* Runs a statement that finds at most one row and reads it into out;
 * GZ_ENOTFOUND with the message missing when there is none. */
static int read_one_row(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
                        row_reader_fn reader, gz_pool_t *pool, void *out, const char *missing,
                        const char *context)
{
    PGresult *rows = NULL;
    int result = pg_query(store, statement, params, &rows, context);
    if (result == GZ_OK && PQntuples(rows) == 0)
        result = store_fail(store, GZ_ENOTFOUND, "%s", missing);
    else if (result == GZ_OK)
        reader(rows, 0, pool, out);
    PQclear(rows);
    return result;
}

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

/* Runs a write statement and tells how many rows it changed. */
static int run_counted(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
                       int64_t *changed, const char *context)
{
    PGresult *rows = NULL;
    int result = pg_query(store, statement, params, &rows, context);
    if (result == GZ_OK)
        *changed = strtoll(PQcmdTuples(rows), NULL, 10);
    PQclear(rows);
    return result;
}

/* Runs one statement as a write of its own. */
static int write_one(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
                     const char *context)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = pg_run(store, statement, params, context);
    return pg_write_finish(store, &write, result);
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

/* ---- accounts ---------------------------------------------------------- */

/* clang-format off: SQL laid out as SQL. */
#define USER_COLUMNS "SELECT id, name, display_name, role, password_hash, disabled, created_at"
static const pg_statement_t USER_ADD = {
    "INSERT INTO users (name, display_name, role, password_hash, disabled, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
static const pg_statement_t USER_BY_ID = {USER_COLUMNS " FROM users WHERE id = $1"};
static const pg_statement_t USER_BY_NAME = {USER_COLUMNS " FROM users WHERE name = $1"};
static const pg_statement_t USER_LIST = {USER_COLUMNS " FROM users ORDER BY name"};
static const pg_statement_t USER_UPDATE = {
    "UPDATE users SET display_name = $2, role = $3,"
    " password_hash = COALESCE($4, password_hash), disabled = $5 WHERE id = $1"};
static const pg_statement_t USER_SESSIONS_END = {"DELETE FROM sessions WHERE user_id = $1"};
/* clang-format on */

static void user_from_row(const PGresult *rows, int row, gz_pool_t *pool, void *out)
{
    store_user_t *user = out;
    user->id = pg_number(rows, row, 0);
    user->name = pg_text(rows, row, 1, pool);
    user->display_name = pg_text(rows, row, 2, pool);
    if (store_role_parse(PQgetvalue(rows, row, 3), &user->role) != GZ_OK)
        user->role = STORE_ROLE_WRITER;
    user->password_hash = pg_text(rows, row, 4, pool);
    user->disabled = pg_number(rows, row, 5) != 0;
    user->created_at = pg_number(rows, row, 6);
}

static int insert_user(store_t *store, store_user_t *user)
{
    pg_params_t params = {0};
    pg_param_text(&params, user->name);
    pg_param_text(&params, user->display_name ? user->display_name : "");
    pg_param_text(&params, store_role_name(user->role));
    pg_param_text(&params, user->password_hash);
    pg_param_int64(&params, user->disabled);
    pg_param_int64(&params, user->created_at);
    int64_t id = 0;
    int result = pg_query_number(store, &USER_ADD, &params, &id, "adding the account");
    if (result == GZ_ECONFLICT)
        return store_fail(store, GZ_ECONFLICT, "an account named '%s' exists already", user->name);
    if (result == GZ_OK)
        user->id = id;
    return result;
}

int pg_user_add(store_t *store, store_user_t *user)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = insert_user(store, user);
    return pg_write_finish(store, &write, result);
}

int pg_user_get(store_t *store, int64_t id, const char *name, gz_pool_t *pool, store_user_t *out)
{
    pg_params_t params = {0};
    if (id > 0)
        pg_param_int64(&params, id);
    else
        pg_param_text(&params, name);
    return read_one_row(store, id > 0 ? &USER_BY_ID : &USER_BY_NAME, &params, user_from_row, pool,
                        out, "no such account", "reading an account");
}

int pg_user_list(store_t *store, gz_pool_t *pool, store_user_t **out, size_t *count)
{
    void *users = NULL;
    int result = read_rows(store, &USER_LIST, NULL, user_from_row, sizeof **out, pool, &users,
                           count, "listing accounts");
    *out = users;
    return result;
}

static int update_row(store_t *store, const store_user_t *user)
{
    pg_params_t params = {0};
    pg_param_int64(&params, user->id);
    pg_param_text(&params, user->display_name ? user->display_name : "");
    pg_param_text(&params, store_role_name(user->role));
    pg_param_text(&params, user->password_hash);
    pg_param_int64(&params, user->disabled);
    int64_t changed = 0;
    int result = run_counted(store, &USER_UPDATE, &params, &changed, "updating the account");
    if (result == GZ_OK && changed == 0)
        result = store_fail(store, GZ_ENOTFOUND, "no such account");
    return result;
}

static int end_sessions(store_t *store, int64_t user_id)
{
    pg_params_t params = {0};
    pg_param_int64(&params, user_id);
    return pg_run(store, &USER_SESSIONS_END, &params, "ending the account's sessions");
}

int pg_user_update(store_t *store, const store_user_t *user)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = update_row(store, user);
    if (result == GZ_OK && (user->password_hash != NULL || user->disabled))
        result = end_sessions(store, user->id);
    return pg_write_finish(store, &write, result);
}

/* ---- sessions ---------------------------------------------------------- */

/* The web layer enforces the session timeouts on every request (12 hours
 * at most); sessions older than 30 days, long dead, are dropped here as new
 * ones start, so the table does not grow without end. */
enum { PRUNE_AFTER_SECONDS = 30 * 24 * 3600 };

/* clang-format off: SQL laid out as SQL. */
static const pg_statement_t SESSION_PRUNE = {
    "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $1"};
static const pg_statement_t SESSION_ADD = {
    "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, csrf_token)"
    " VALUES ($1, $2, $3, $4, $5)"};
static const pg_statement_t SESSION_GET = {
    "SELECT id_hash, user_id, created_at, last_seen_at, csrf_token"
    " FROM sessions WHERE id_hash = $1"};
static const pg_statement_t SESSION_TOUCH = {
    "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1"};
static const pg_statement_t SESSION_DELETE = {"DELETE FROM sessions WHERE id_hash = $1"};
/* clang-format on */

static int prune_sessions(store_t *store, gz_time_t now)
{
    pg_params_t params = {0};
    pg_param_int64(&params, now - PRUNE_AFTER_SECONDS);
    return pg_run(store, &SESSION_PRUNE, &params, "dropping old sessions");
}

static int insert_session(store_t *store, const store_session_t *session)
{
    pg_params_t params = {0};
    pg_param_text(&params, session->id_hash);
    pg_param_int64(&params, session->user_id);
    pg_param_int64(&params, session->created_at);
    pg_param_int64(&params, session->last_seen_at);
    pg_param_text(&params, session->csrf_token);
    return pg_run(store, &SESSION_ADD, &params, "starting a session");
}

int pg_session_add(store_t *store, const store_session_t *session)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = prune_sessions(store, session->created_at);
    if (result == GZ_OK)
        result = insert_session(store, session);
    return pg_write_finish(store, &write, result);
}

static void session_from_row(const PGresult *rows, int row, gz_pool_t *pool, void *out)
{
    store_session_t *session = out;
    session->id_hash = pg_text(rows, row, 0, pool);
    session->user_id = pg_number(rows, row, 1);
    session->created_at = pg_number(rows, row, 2);
    session->last_seen_at = pg_number(rows, row, 3);
    session->csrf_token = pg_text(rows, row, 4, pool);
}

int pg_session_get(store_t *store, const char *id_hash, gz_pool_t *pool, store_session_t *out)
{
    pg_params_t params = {0};
    pg_param_text(&params, id_hash);
    return read_one_row(store, &SESSION_GET, &params, session_from_row, pool, out,
                        "no such session", "reading a session");
}

int pg_session_touch(store_t *store, const char *id_hash, gz_time_t last_seen_at)
{
    pg_params_t params = {0};
    pg_param_text(&params, id_hash);
    pg_param_int64(&params, last_seen_at);
    return write_one(store, &SESSION_TOUCH, &params, "touching a session");
}

int pg_session_delete(store_t *store, const char *id_hash)
{
    pg_params_t params = {0};
    pg_param_text(&params, id_hash);
    return write_one(store, &SESSION_DELETE, &params, "ending a session");
}

/* ---- the audit log ----------------------------------------------------- */

/* clang-format off: SQL laid out as SQL. */
static const pg_statement_t AUDIT_ADD = {
    "INSERT INTO audit_log (at, user_id, action, target, detail) VALUES ($1, $2, $3, $4, $5)"};
static const pg_statement_t AUDIT_LIST = {
    "SELECT l.id, l.at, l.user_id, u.name, l.action, l.target, l.detail"
    " FROM audit_log l LEFT JOIN users u ON u.id = l.user_id"
    " ORDER BY l.id DESC LIMIT $1 OFFSET $2"};
/* clang-format on */

int pg_audit_add(store_t *store, const store_audit_entry_t *entry)
{
    pg_params_t params = {0};
    pg_param_int64(&params, entry->at > 0 ? entry->at : gz_now());
    pg_param_id_or_null(&params, entry->user_id);
    pg_param_text(&params, entry->action);
    pg_param_text(&params, entry->target);
    pg_param_text(&params, entry->detail);
    return write_one(store, &AUDIT_ADD, &params, "writing the audit log");
}

static void audit_entry_from_row(const PGresult *rows, int row, gz_pool_t *pool, void *out)
{
    store_audit_entry_t *entry = out;
    entry->id = pg_number(rows, row, 0);
    entry->at = pg_number(rows, row, 1);
    entry->user_id = pg_number(rows, row, 2);
    entry->user_name = pg_text(rows, row, 3, pool);
    entry->action = pg_text(rows, row, 4, pool);
    entry->target = pg_text(rows, row, 5, pool);
    entry->detail = pg_text(rows, row, 6, pool);
}

int pg_audit_list(store_t *store, size_t limit, size_t offset, gz_pool_t *pool,
                  store_audit_entry_t **out, size_t *count)
{
    pg_params_t params = {0};
    param_size(&params, limit);
    param_size(&params, offset);
    void *entries = NULL;
    int result = read_rows(store, &AUDIT_LIST, &params, audit_entry_from_row, sizeof **out, pool,
                           &entries, count, "reading the audit log");
    *out = entries;
    return result;
}

/* ---- revisions --------------------------------------------------------- */

/* clang-format off: SQL laid out as SQL. */
#define REVISION_COLUMNS                                                                           \
    "SELECT r.article_id, r.revision, r.user_id, u.name, r.at, r.snapshot"                         \
    " FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id"
static const pg_statement_t REVISION_ADD = {
    "INSERT INTO article_revisions (article_id, revision, user_id, at, snapshot)"
    " VALUES ($1, $2, $3, $4, $5)"};
static const pg_statement_t REVISION_LIST = {REVISION_COLUMNS
                                             " WHERE r.article_id = $1 ORDER BY r.revision DESC"};
static const pg_statement_t REVISION_GET = {REVISION_COLUMNS
                                            " WHERE r.article_id = $1 AND r.revision = $2"};
static const pg_statement_t REVISION_LATEST = {
    REVISION_COLUMNS " WHERE r.article_id = $1 ORDER BY r.revision DESC LIMIT 1"};
/* clang-format on */

static void revision_from_row(const PGresult *rows, int row, gz_pool_t *pool, void *out)
{
    store_revision_t *revision = out;
    revision->article_id = pg_number(rows, row, 0);
    revision->revision = pg_number(rows, row, 1);
    revision->user_id = pg_number(rows, row, 2);
    revision->user_name = pg_text(rows, row, 3, pool);
    revision->at = pg_number(rows, row, 4);
    revision->snapshot = pg_text(rows, row, 5, pool);
}

int pg_revision_add(store_t *store, const store_revision_t *revision)
{
    pg_params_t params = {0};
    pg_param_int64(&params, revision->article_id);
    pg_param_int64(&params, revision->revision);
    pg_param_id_or_null(&params, revision->user_id);
    pg_param_int64(&params, revision->at > 0 ? revision->at : gz_now());
    pg_param_text(&params, revision->snapshot);
    int result = write_one(store, &REVISION_ADD, &params, "recording a revision");
    if (result == GZ_ECONFLICT)
        return store_fail(store, GZ_ECONFLICT, "recording a revision: already there");
    return result;
}

int pg_revision_list(store_t *store, int64_t article_id, gz_pool_t *pool, store_revision_t **out,
                     size_t *count)
{
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    void *revisions = NULL;
    int result = read_rows(store, &REVISION_LIST, &params, revision_from_row, sizeof **out, pool,
                           &revisions, count, "listing revisions");
    *out = revisions;
    return result;
}

int pg_revision_get(store_t *store, int64_t article_id, int64_t revision, gz_pool_t *pool,
                    store_revision_t *out)
{
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    if (revision > 0)
        pg_param_int64(&params, revision);
    return read_one_row(store, revision > 0 ? &REVISION_GET : &REVISION_LATEST, &params,
                        revision_from_row, pool, out, "no such revision", "reading a revision");
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

/* ---- corrections and update notes -------------------------------------- */

/* clang-format off: SQL laid out as SQL. */
/* The change_log row that refreshes the article's pages; it inserts
 * nothing when there is no such article. */
static const pg_statement_t NOTE_CHANGED = {
    "INSERT INTO change_log (tags) SELECT 'article:' || id FROM articles"
    " WHERE id = $1 AND is_stub = 0"};
static const pg_statement_t NOTE_ADD = {
    "INSERT INTO article_notes (article_id, kind, text, created_at, user_id)"
    " VALUES ($1, $2, $3, $4, $5)"};
/* clang-format on */

static int mark_article_changed(store_t *store, int64_t article_id)
{
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    int64_t changed = 0;
    int result =
        run_counted(store, &NOTE_CHANGED, &params, &changed, "marking the article changed");
    if (result == GZ_OK && changed == 0)
        result = store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)article_id);
    return result;
}

static int insert_note(store_t *store, int64_t article_id, content_note_kind_t kind,
                       const char *text, int64_t user_id)
{
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    pg_param_text(&params, kind == CONTENT_NOTE_UPDATE ? "update" : "correction");
    pg_param_text(&params, text);
    pg_param_int64(&params, gz_now());
    pg_param_id_or_null(&params, user_id);
    return pg_run(store, &NOTE_ADD, &params, "adding the note");
}

/* The change_log row goes first: when it inserts nothing there is no such
 * article, and the write is undone before any note is written. */
int pg_article_note_add(store_t *store, int64_t article_id, content_note_kind_t kind,
                        const char *text, int64_t user_id)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = mark_article_changed(store, article_id);
    if (result == GZ_OK)
        result = insert_note(store, article_id, kind, text, user_id);
    return pg_write_finish(store, &write, result);
}
