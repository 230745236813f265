/*
 * store_accounts.c: the newsroom's accounts and sessions, written once for
 * both databases over the driver (store/driver.h, statements in
 * store_sql.c). Roles are stored by name ('contributor', 'author', 'editor',
 * 'chief_editor', 'admin'; schema step 14 renamed 'writer' to 'author') so
 * the table reads plainly in either database's shell. Ending an account's
 * sessions happens in the same write as the change that calls for it (a
 * new password, disabling), so no stolen cookie outlives the fix. Every
 * write runs in a write bracket, even a single statement: on PostgreSQL it
 * then takes Gazette's write lock like any other writer.
 */
#include <string.h>

#include "store/driver.h"

/* Sessions older than 30 days, long dead (the web layer enforces 12 hours
 * at most), are dropped as new ones start, so the table does not grow
 * without end. */
enum { PRUNE_AFTER_SECONDS = 30 * 24 * 3600 };

static bool role_known(store_role_t role)
{
    return role >= STORE_ROLE_CONTRIBUTOR && role <= STORE_ROLE_ADMIN;
}

/* ---- accounts ---------------------------------------------------------- */

static void user_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_user_t *user = out;
    user->id = store_sql_int64(store, row, 0);
    user->name = store_sql_text_column(store, row, 1, pool);
    user->display_name = store_sql_text_column(store, row, 2, pool);
    if (store_role_parse(store_sql_text_column(store, row, 3, pool), &user->role) != GZ_OK)
        user->role = STORE_ROLE_CONTRIBUTOR; /* the least a known account can do */
    user->password_hash = store_sql_text_column(store, row, 4, pool);
    user->disabled = store_sql_int64(store, row, 5) != 0;
    user->created_at = store_sql_int64(store, row, 6);
    user->desks = store_sql_text_column(store, row, 7, pool);
}

static int insert_user(store_t *store, store_user_t *user, gz_pool_t *pool)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_USER_ADD, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, user->name);
    store_sql_bind_text(store, statement, 2, user->display_name ? user->display_name : "");
    store_sql_bind_text(store, statement, 3, store_role_name(user->role));
    store_sql_bind_text(store, statement, 4, user->password_hash);
    store_sql_bind_int64(store, statement, 5, user->disabled);
    store_sql_bind_int64(store, statement, 6, user->created_at);
    store_sql_bind_text(store, statement, 7, user->desks ? user->desks : "");
    result = store_sql_read_one(store, statement, store_sql_int64_row, pool, &user->id,
                                "no account id", "adding the account");
    if (result == GZ_ECONFLICT)
        return store_fail(store, GZ_ECONFLICT, "an account named '%s' exists already", user->name);
    return result;
}

int store_user_add(store_t *store, store_user_t *user)
{
    if (user == NULL || store_user_name_check(user->name, &store->last_error) != GZ_OK)
        return GZ_EINVAL;
    if (!role_known(user->role))
        return store_fail(store, GZ_EINVAL, "unknown role");
    if (user->password_hash == NULL || user->password_hash[0] == '\0')
        return store_fail(store, GZ_EINVAL, "an account needs a password");
    user->created_at = gz_now();
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    gz_pool_t pool = GZ_POOL_INIT;
    result = insert_user(store, user, &pool);
    gz_pool_clear(&pool);
    return store_write_finish(store, &write, result);
}

int store_user_get(store_t *store, int64_t id, const char *name, gz_pool_t *pool, store_user_t *out)
{
    if (pool == NULL || out == NULL || (id <= 0 && name == NULL))
        return store_fail(store, GZ_EINVAL, "store_user_get needs an id or a name");
    memset(out, 0, sizeof *out);
    store_statement_t *statement;
    int result = store_sql_prepare(store, id > 0 ? SQL_USER_BY_ID : SQL_USER_BY_NAME, &statement);
    if (result != GZ_OK)
        return result;
    if (id > 0)
        store_sql_bind_int64(store, statement, 1, id);
    else
        store_sql_bind_text(store, statement, 1, name);
    return store_sql_read_one(store, statement, user_from_row, pool, out, "no such account",
                              "reading an account");
}

int store_user_list(store_t *store, gz_pool_t *pool, store_user_t **out, size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_user_list needs a pool and out");
    return store_sql_read_list(store, SQL_USER_LIST, user_from_row, sizeof **out, pool,
                               (void **)out, count, "listing accounts");
}

static int update_row(store_t *store, const store_user_t *user)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_USER_UPDATE, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, user->id);
    store_sql_bind_text(store, statement, 2, user->display_name ? user->display_name : "");
    store_sql_bind_text(store, statement, 3, store_role_name(user->role));
    store_sql_bind_text(store, statement, 4, user->password_hash);
    store_sql_bind_int64(store, statement, 5, user->disabled);
    store_sql_bind_text(store, statement, 6, user->desks ? user->desks : "");
    int64_t changed = 0;
    result = store_sql_run(store, statement, &changed, "updating the account");
    if (result == GZ_OK && changed == 0)
        result = store_fail(store, GZ_ENOTFOUND, "no such account");
    return result;
}

static int end_sessions(store_t *store, int64_t user_id)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_USER_SESSIONS_END, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, user_id);
    return store_sql_run(store, statement, NULL, "ending the account's sessions");
}

int store_user_update(store_t *store, const store_user_t *user)
{
    if (user == NULL || user->id <= 0)
        return store_fail(store, GZ_EINVAL, "store_user_update needs an account id");
    if (!role_known(user->role))
        return store_fail(store, GZ_EINVAL, "unknown role");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = update_row(store, user);
    if (result == GZ_OK && (user->password_hash != NULL || user->disabled))
        result = end_sessions(store, user->id);
    return store_write_finish(store, &write, result);
}

/* ---- sessions ---------------------------------------------------------- */

/* Runs one statement whose parameters are a text key and, when number is
 * not NULL, a number, as a write of its own. */
static int write_keyed(store_t *store, store_sql_id_t id, const char *key, const int64_t *number,
                       const char *context)
{
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    store_statement_t *statement;
    result = store_sql_prepare(store, id, &statement);
    if (result == GZ_OK) {
        store_sql_bind_text(store, statement, 1, key);
        if (number != NULL)
            store_sql_bind_int64(store, statement, 2, *number);
        result = store_sql_run(store, statement, NULL, context);
    }
    return store_write_finish(store, &write, result);
}

static int prune_sessions(store_t *store, gz_time_t now)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_SESSION_PRUNE, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, now - PRUNE_AFTER_SECONDS);
    return store_sql_run(store, statement, NULL, "dropping old sessions");
}

static int insert_session(store_t *store, const store_session_t *session)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_SESSION_ADD, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, session->id_hash);
    store_sql_bind_int64(store, statement, 2, session->user_id);
    store_sql_bind_int64(store, statement, 3, session->created_at);
    store_sql_bind_int64(store, statement, 4, session->last_seen_at);
    store_sql_bind_text(store, statement, 5, session->csrf_token);
    return store_sql_run(store, statement, NULL, "starting a session");
}

int store_session_add(store_t *store, const store_session_t *session)
{
    if (session == NULL || session->id_hash == NULL || session->csrf_token == NULL ||
        session->user_id <= 0)
        return store_fail(store, GZ_EINVAL, "a session needs an id hash, a user and a token");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = prune_sessions(store, session->created_at);
    if (result == GZ_OK)
        result = insert_session(store, session);
    return store_write_finish(store, &write, result);
}

static void session_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_session_t *session = out;
    session->id_hash = store_sql_text_column(store, row, 0, pool);
    session->user_id = store_sql_int64(store, row, 1);
    session->created_at = store_sql_int64(store, row, 2);
    session->last_seen_at = store_sql_int64(store, row, 3);
    session->csrf_token = store_sql_text_column(store, row, 4, pool);
}

int store_session_get(store_t *store, const char *id_hash, gz_pool_t *pool, store_session_t *out)
{
    if (id_hash == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_session_get needs an id hash");
    memset(out, 0, sizeof *out);
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_SESSION_GET, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, id_hash);
    return store_sql_read_one(store, statement, session_from_row, pool, out, "no such session",
                              "reading a session");
}

int store_session_touch(store_t *store, const char *id_hash, gz_time_t last_seen_at)
{
    if (id_hash == NULL)
        return store_fail(store, GZ_EINVAL, "store_session_touch needs an id hash");
    int64_t seen = last_seen_at;
    return write_keyed(store, SQL_SESSION_TOUCH, id_hash, &seen, "touching a session");
}

int store_session_delete(store_t *store, const char *id_hash)
{
    if (id_hash == NULL)
        return store_fail(store, GZ_EINVAL, "store_session_delete needs an id hash");
    return write_keyed(store, SQL_SESSION_DELETE, id_hash, NULL, "ending a session");
}
