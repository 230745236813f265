/*
 * sqlite_users.c: the SQLite side of the newsroom's tables: accounts,
 * sessions, the audit log and article revisions (schema step "newsroom"
 * in sqlite_schema.c, statements in sqlite_sql.c).
 *
 * Roles are stored by name ('admin', 'editor', 'writer') so the table
 * reads plainly in the sqlite3 shell; the C side uses store_role_t. Ending
 * an account's sessions happens in the same write as the change that
 * calls for it (a new password, disabling), so no stolen cookie outlives
 * the fix.
 */
#include "store/sqlite_private.h"

/* Steps a statement that returns no rows and resets it. */
static int step_done(store_t *store, sqlite3_stmt *stmt, int rc, const char *context)
{
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    int result = GZ_OK;
    if (rc != SQLITE_DONE) {
        int extended = rc; /* extended result codes are on (sqlite.c) */
        result = extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY
                     ? store_fail(store, GZ_ECONFLICT, "%s: already there", context)
                     : sqlite_fail(store, "%s", context);
    }
    sqlite_statement_done(stmt);
    return result;
}

/* ---- accounts ---------------------------------------------------------- */

static void user_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, store_user_t *out)
{
    out->id = sqlite3_column_int64(stmt, 0);
    out->name = sqlite_column_text(stmt, 1, pool);
    out->display_name = sqlite_column_text(stmt, 2, pool);
    const char *role = (const char *)sqlite3_column_text(stmt, 3);
    if (store_role_parse(role, &out->role) != GZ_OK)
        out->role = STORE_ROLE_WRITER;
    out->password_hash = sqlite_column_text(stmt, 4, pool);
    out->disabled = sqlite3_column_int(stmt, 5) != 0;
    out->created_at = sqlite3_column_int64(stmt, 6);
}

int sqlite_user_add(store_t *store, store_user_t *user)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_USER_ADD, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, user->name, &rc);
    sqlite_bind_text(stmt, 2, user->display_name ? user->display_name : "", &rc);
    sqlite_bind_text(stmt, 3, store_role_name(user->role), &rc);
    sqlite_bind_text(stmt, 4, user->password_hash, &rc);
    sqlite_bind_int64(stmt, 5, user->disabled, &rc);
    sqlite_bind_int64(stmt, 6, user->created_at, &rc);
    result = step_done(store, stmt, rc, "adding the account");
    if (result == GZ_ECONFLICT)
        return store_fail(store, GZ_ECONFLICT, "an account named '%s' exists already", user->name);
    if (result == GZ_OK)
        user->id = sqlite3_last_insert_rowid(sqlite_connection(store)->db);
    return result;
}

int sqlite_user_get(store_t *store, int64_t id, const char *name, gz_pool_t *pool,
                    store_user_t *out)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, id > 0 ? STMT_USER_BY_ID : STMT_USER_BY_NAME, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    if (id > 0)
        sqlite_bind_int64(stmt, 1, id, &rc);
    else
        sqlite_bind_text(stmt, 1, name, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        user_from_row(stmt, pool, out);
    else if (rc == SQLITE_DONE)
        result = store_fail(store, GZ_ENOTFOUND, "no such account");
    else
        result = sqlite_fail(store, "reading an account");
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_user_list(store_t *store, gz_pool_t *pool, store_user_t **out, size_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_USER_LIST, &stmt);
    if (result != GZ_OK)
        return result;
    size_t capacity = 0;
    int rc;
    while ((rc = sqlite_step(stmt)) == SQLITE_ROW) {
        *out = store_pool_grow(pool, *out, *count, &capacity, sizeof **out);
        user_from_row(stmt, pool, &(*out)[(*count)++]);
    }
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "listing accounts");
    sqlite_statement_done(stmt);
    return result;
}

static int end_sessions(store_t *store, int64_t user_id)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_USER_SESSIONS_END, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, user_id, &rc);
    return step_done(store, stmt, rc, "ending the account's sessions");
}

static int update_row(store_t *store, const store_user_t *user)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_USER_UPDATE, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, user->id, &rc);
    sqlite_bind_text(stmt, 2, user->display_name ? user->display_name : "", &rc);
    sqlite_bind_text(stmt, 3, store_role_name(user->role), &rc);
    sqlite_bind_text(stmt, 4, user->password_hash, &rc);
    sqlite_bind_int64(stmt, 5, user->disabled, &rc);
    result = step_done(store, stmt, rc, "updating the account");
    if (result == GZ_OK && sqlite3_changes(sqlite_connection(store)->db) == 0)
        result = store_fail(store, GZ_ENOTFOUND, "no such account");
    return result;
}

int sqlite_user_update(store_t *store, const store_user_t *user)
{
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = update_row(store, user);
    if (result == GZ_OK && (user->password_hash != NULL || user->disabled))
        result = end_sessions(store, user->id);
    return sqlite_write_finish(store, &write, result);
}

/* ---- sessions ---------------------------------------------------------- */

/* The web layer enforces the session timeouts on every request (12 hours
 * at most); sessions older than 30 days, long dead, are dropped here as new
 * ones start, so the table does not grow without end. */
enum { PRUNE_AFTER_SECONDS = 30 * 24 * 3600 };

int sqlite_session_add(store_t *store, const store_session_t *session)
{
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    sqlite3_stmt *stmt;
    int rc = SQLITE_OK;
    if ((result = sqlite_prepared(store, STMT_SESSION_PRUNE, &stmt)) == GZ_OK) {
        sqlite_bind_int64(stmt, 1, session->created_at - PRUNE_AFTER_SECONDS, &rc);
        sqlite_bind_int64(stmt, 2, session->created_at - PRUNE_AFTER_SECONDS, &rc);
        result = step_done(store, stmt, rc, "dropping old sessions");
    }
    if (result == GZ_OK && (result = sqlite_prepared(store, STMT_SESSION_ADD, &stmt)) == GZ_OK) {
        rc = SQLITE_OK;
        sqlite_bind_text(stmt, 1, session->id_hash, &rc);
        sqlite_bind_int64(stmt, 2, session->user_id, &rc);
        sqlite_bind_int64(stmt, 3, session->created_at, &rc);
        sqlite_bind_int64(stmt, 4, session->last_seen_at, &rc);
        sqlite_bind_text(stmt, 5, session->csrf_token, &rc);
        result = step_done(store, stmt, rc, "starting a session");
    }
    return sqlite_write_finish(store, &write, result);
}

int sqlite_session_get(store_t *store, const char *id_hash, gz_pool_t *pool, store_session_t *out)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_SESSION_GET, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, id_hash, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW) {
        out->id_hash = sqlite_column_text(stmt, 0, pool);
        out->user_id = sqlite3_column_int64(stmt, 1);
        out->created_at = sqlite3_column_int64(stmt, 2);
        out->last_seen_at = sqlite3_column_int64(stmt, 3);
        out->csrf_token = sqlite_column_text(stmt, 4, pool);
    } else if (rc == SQLITE_DONE) {
        result = store_fail(store, GZ_ENOTFOUND, "no such session");
    } else {
        result = sqlite_fail(store, "reading a session");
    }
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_session_touch(store_t *store, const char *id_hash, gz_time_t last_seen_at)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_SESSION_TOUCH, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, id_hash, &rc);
    sqlite_bind_int64(stmt, 2, last_seen_at, &rc);
    return step_done(store, stmt, rc, "touching a session");
}

int sqlite_session_delete(store_t *store, const char *id_hash)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_SESSION_DELETE, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, id_hash, &rc);
    return step_done(store, stmt, rc, "ending a session");
}

/* ---- the audit log ----------------------------------------------------- */

int sqlite_audit_add(store_t *store, const store_audit_entry_t *entry)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_AUDIT_ADD, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, entry->at > 0 ? entry->at : gz_now(), &rc);
    sqlite_bind_id_or_null(stmt, 2, entry->user_id, &rc);
    sqlite_bind_text(stmt, 3, entry->action, &rc);
    sqlite_bind_text(stmt, 4, entry->target, &rc);
    sqlite_bind_text(stmt, 5, entry->detail, &rc);
    return step_done(store, stmt, rc, "writing the audit log");
}

int sqlite_audit_list(store_t *store, size_t limit, size_t offset, gz_pool_t *pool,
                      store_audit_entry_t **out, size_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_AUDIT_LIST, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, (int64_t)limit, &rc);
    sqlite_bind_int64(stmt, 2, (int64_t)offset, &rc);
    size_t capacity = 0;
    while (rc == SQLITE_OK && (rc = sqlite_step(stmt)) == SQLITE_ROW) {
        *out = store_pool_grow(pool, *out, *count, &capacity, sizeof **out);
        store_audit_entry_t *entry = &(*out)[(*count)++];
        entry->id = sqlite3_column_int64(stmt, 0);
        entry->at = sqlite3_column_int64(stmt, 1);
        entry->user_id = sqlite3_column_int64(stmt, 2);
        entry->user_name = sqlite_column_text(stmt, 3, pool);
        entry->action = sqlite_column_text(stmt, 4, pool);
        entry->target = sqlite_column_text(stmt, 5, pool);
        entry->detail = sqlite_column_text(stmt, 6, pool);
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        result = sqlite_fail(store, "reading the audit log");
    sqlite_statement_done(stmt);
    return result;
}

/* ---- revisions --------------------------------------------------------- */

static void revision_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, store_revision_t *out)
{
    out->article_id = sqlite3_column_int64(stmt, 0);
    out->revision = sqlite3_column_int64(stmt, 1);
    out->user_id = sqlite3_column_int64(stmt, 2);
    out->user_name = sqlite_column_text(stmt, 3, pool);
    out->at = sqlite3_column_int64(stmt, 4);
    out->snapshot = sqlite_column_text(stmt, 5, pool);
}

int sqlite_revision_add(store_t *store, const store_revision_t *revision)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_REVISION_ADD, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, revision->article_id, &rc);
    sqlite_bind_int64(stmt, 2, revision->revision, &rc);
    sqlite_bind_id_or_null(stmt, 3, revision->user_id, &rc);
    sqlite_bind_int64(stmt, 4, revision->at > 0 ? revision->at : gz_now(), &rc);
    sqlite_bind_text(stmt, 5, revision->snapshot, &rc);
    return step_done(store, stmt, rc, "recording a revision");
}

int sqlite_revision_list(store_t *store, int64_t article_id, gz_pool_t *pool,
                         store_revision_t **out, size_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_REVISION_LIST, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, article_id, &rc);
    size_t capacity = 0;
    while (rc == SQLITE_OK && (rc = sqlite_step(stmt)) == SQLITE_ROW) {
        *out = store_pool_grow(pool, *out, *count, &capacity, sizeof **out);
        revision_from_row(stmt, pool, &(*out)[(*count)++]);
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        result = sqlite_fail(store, "listing revisions");
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_revision_get(store_t *store, int64_t article_id, int64_t revision, gz_pool_t *pool,
                        store_revision_t *out)
{
    sqlite3_stmt *stmt;
    int result =
        sqlite_prepared(store, revision > 0 ? STMT_REVISION_GET : STMT_REVISION_LATEST, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, article_id, &rc);
    if (revision > 0)
        sqlite_bind_int64(stmt, 2, revision, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        revision_from_row(stmt, pool, out);
    else if (rc == SQLITE_DONE)
        result = store_fail(store, GZ_ENOTFOUND, "no such revision");
    else
        result = sqlite_fail(store, "reading a revision");
    sqlite_statement_done(stmt);
    return result;
}

/* ---- the newsroom's article list --------------------------------------- */

static void bind_named_text(sqlite3_stmt *stmt, const char *name, const char *text, int *rc)
{
    int index = sqlite3_bind_parameter_index(stmt, name);
    if (index > 0)
        sqlite_bind_text(stmt, index, text, rc);
}

/* Binds the filters shared by the list and its count; like_text is the
 * text with LIKE's wildcards escaped (or NULL). */
static void bind_newsroom_filters(sqlite3_stmt *stmt, const store_newsroom_query_t *query,
                                  const char *like_text, int *rc)
{
    sqlite_bind_named_int64(stmt, ":status", query->status, rc);
    sqlite_bind_named_int64(stmt, ":section", query->section_id, rc);
    bind_named_text(stmt, ":author", query->author && query->author[0] ? query->author : NULL, rc);
    bind_named_text(stmt, ":text", like_text, rc);
    sqlite_bind_named_int64(stmt, ":due", query->due_before, rc);
}

static int newsroom_count(store_t *store, const store_newsroom_query_t *query,
                          const char *like_text, size_t *total)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_NEWSROOM_COUNT, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    bind_newsroom_filters(stmt, query, like_text, &rc);
    if (rc == SQLITE_OK && (rc = sqlite_step(stmt)) == SQLITE_ROW)
        *total = (size_t)sqlite3_column_int64(stmt, 0);
    else
        result = sqlite_fail(store, "counting the newsroom's articles");
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_newsroom_list(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                         content_article_list_t *out)
{
    const char *like_text = store_like_escape(pool, query->text);
    sqlite_read_t read;
    int result = sqlite_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    /* The server's every-second look for due articles reads the partial
     * index of scheduled ones instead of scanning. */
    bool due_only = query->status == CONTENT_SCHEDULED && query->due_before > 0 &&
                    query->section_id == 0 && like_text == NULL &&
                    (query->author == NULL || query->author[0] == '\0') && query->offset == 0;
    if (!due_only)
        result = newsroom_count(store, query, like_text, &out->total);
    sqlite3_stmt *stmt = NULL;
    if (result == GZ_OK)
        result = sqlite_prepared(store, due_only ? STMT_NEWSROOM_DUE : STMT_NEWSROOM_LIST, &stmt);
    if (result == GZ_OK) {
        int rc = SQLITE_OK;
        bind_newsroom_filters(stmt, query, like_text, &rc);
        sqlite_bind_named_int64(stmt, ":limit", (int64_t)query->limit, &rc);
        sqlite_bind_named_int64(stmt, ":offset", (int64_t)query->offset, &rc);
        out->items = gz_pool_calloc(pool, query->limit, sizeof *out->items);
        while (rc == SQLITE_OK && out->count < query->limit &&
               (rc = sqlite_step(stmt)) == SQLITE_ROW) {
            sqlite_article_from_row(stmt, pool, &out->items[out->count++]);
            rc = SQLITE_OK;
        }
        if (rc != SQLITE_DONE && rc != SQLITE_OK)
            result = sqlite_fail(store, "listing the newsroom's articles");
        if (due_only)
            out->total = out->count;
        sqlite_statement_done(stmt);
    }
    return sqlite_read_finish(store, &read, result);
}

/* ---- corrections and update notes -------------------------------------- */

/* The change_log row goes first: when it inserts nothing there is no such
 * article, and the transaction is rolled back before any note is written. */
int sqlite_article_note_add(store_t *store, int64_t article_id, content_note_kind_t kind,
                            const char *text, int64_t user_id)
{
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    sqlite3_stmt *stmt;
    int rc = SQLITE_OK;
    if ((result = sqlite_prepared(store, STMT_NOTE_CHANGED, &stmt)) == GZ_OK) {
        sqlite_bind_int64(stmt, 1, article_id, &rc);
        result = step_done(store, stmt, rc, "marking the article changed");
    }
    if (result == GZ_OK && sqlite3_changes(sqlite_connection(store)->db) == 0)
        result = store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)article_id);
    if (result == GZ_OK && (result = sqlite_prepared(store, STMT_NOTE_ADD, &stmt)) == GZ_OK) {
        rc = SQLITE_OK;
        sqlite_bind_int64(stmt, 1, article_id, &rc);
        sqlite_bind_text(stmt, 2, kind == CONTENT_NOTE_UPDATE ? "update" : "correction", &rc);
        sqlite_bind_text(stmt, 3, text, &rc);
        sqlite_bind_int64(stmt, 4, gz_now(), &rc);
        sqlite_bind_id_or_null(stmt, 5, user_id, &rc);
        result = step_done(store, stmt, rc, "adding the note");
    }
    return sqlite_write_finish(store, &write, result);
}
