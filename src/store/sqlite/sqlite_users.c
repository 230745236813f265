/*
 * sqlite_users.c: the SQLite side of what the newsroom's tables still
 * need of each backend: the newsroom's article list (statements in
 * sqlite_sql.c), whose rows are the backend's own article rows. Accounts, sessions, the
 * audit log and revisions are written once over the driver
 * (store_accounts.c, store_audit.c).
 */
#include "store/sqlite/sqlite_private.h"

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
