/*
 * store_audit.c: the audit log and article revisions, written once for
 * both databases over the driver (store/driver.h, statements in
 * store_sql.c). Both are append-only records of who did what: rows are
 * added and read, never changed, and a revision's number is unique per
 * article, so recording one twice is a conflict, not a second copy.
 */
#include <string.h>

#include "store/driver.h"

/* Runs a bound write statement as a write of its own (a savepoint inside
 * the caller's transaction). */
static int write_statement(store_t *store, store_statement_t *statement, const char *context)
{
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK) {
        store_sql_finish(store, statement);
        return result;
    }
    return store_write_finish(store, &write, store_sql_run(store, statement, NULL, context));
}

/* ---- the audit log ----------------------------------------------------- */

int store_audit_add(store_t *store, const store_audit_entry_t *entry)
{
    if (entry == NULL || entry->action == NULL || entry->action[0] == '\0')
        return store_fail(store, GZ_EINVAL, "an audit entry needs an action");
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_AUDIT_ADD, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, entry->at > 0 ? entry->at : gz_now());
    store_sql_bind_id(store, statement, 2, entry->user_id);
    store_sql_bind_text(store, statement, 3, entry->action);
    store_sql_bind_text(store, statement, 4, entry->target);
    store_sql_bind_text(store, statement, 5, entry->detail);
    return write_statement(store, statement, "writing the audit log");
}

static void audit_entry_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool,
                                 void *out)
{
    store_audit_entry_t *entry = out;
    entry->id = store_sql_int64(store, row, 0);
    entry->at = store_sql_int64(store, row, 1);
    entry->user_id = store_sql_int64(store, row, 2);
    entry->user_name = store_sql_text_column(store, row, 3, pool);
    entry->action = store_sql_text_column(store, row, 4, pool);
    entry->target = store_sql_text_column(store, row, 5, pool);
    entry->detail = store_sql_text_column(store, row, 6, pool);
}

/* Checks a list's arguments and empties it. */
static int check_list(store_t *store, gz_pool_t *pool, void *out, size_t *count, const char *name)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "%s needs a pool and out", name);
    *(void **)out = NULL;
    *count = 0;
    return GZ_OK;
}

int store_audit_list(store_t *store, size_t limit, size_t offset, gz_pool_t *pool,
                     store_audit_entry_t **out, size_t *count)
{
    store_statement_t *statement;
    int result = check_list(store, pool, out, count, "store_audit_list");
    if (result == GZ_OK && limit == 0)
        result = store_fail(store, GZ_EINVAL, "store_audit_list needs a limit");
    if (result == GZ_OK)
        result = store_sql_prepare(store, SQL_AUDIT_LIST, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_size(store, statement, 1, limit);
    store_sql_bind_size(store, statement, 2, offset);
    return store_sql_read_all(store, statement, audit_entry_from_row, sizeof **out, pool,
                              (void **)out, count, "reading the audit log");
}

int store_audit_list_for_target(store_t *store, const char *target, size_t limit, gz_pool_t *pool,
                                store_audit_entry_t **out, size_t *count)
{
    store_statement_t *statement;
    int result = check_list(store, pool, out, count, "store_audit_list_for_target");
    if (result == GZ_OK && (target == NULL || limit == 0))
        result = store_fail(store, GZ_EINVAL, "store_audit_list_for_target needs a target and a limit");
    if (result == GZ_OK)
        result = store_sql_prepare(store, SQL_AUDIT_LIST_FOR_TARGET, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, target);
    store_sql_bind_size(store, statement, 2, limit);
    return store_sql_read_all(store, statement, audit_entry_from_row, sizeof **out, pool,
                              (void **)out, count, "reading the audit log");
}

/* ---- revisions --------------------------------------------------------- */

int store_revision_add(store_t *store, const store_revision_t *revision)
{
    if (revision == NULL || revision->article_id <= 0 || revision->revision <= 0 ||
        revision->snapshot == NULL)
        return store_fail(store, GZ_EINVAL, "a revision needs an article, a number and fields");
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_REVISION_ADD, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, revision->article_id);
    store_sql_bind_int64(store, statement, 2, revision->revision);
    store_sql_bind_id(store, statement, 3, revision->user_id);
    store_sql_bind_int64(store, statement, 4, revision->at > 0 ? revision->at : gz_now());
    store_sql_bind_text(store, statement, 5, revision->snapshot);
    return write_statement(store, statement, "recording a revision");
}

static void revision_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_revision_t *revision = out;
    revision->article_id = store_sql_int64(store, row, 0);
    revision->revision = store_sql_int64(store, row, 1);
    revision->user_id = store_sql_int64(store, row, 2);
    revision->user_name = store_sql_text_column(store, row, 3, pool);
    revision->at = store_sql_int64(store, row, 4);
    revision->snapshot = store_sql_text_column(store, row, 5, pool);
}

int store_revision_list(store_t *store, int64_t article_id, gz_pool_t *pool, store_revision_t **out,
                        size_t *count)
{
    store_statement_t *statement;
    int result = check_list(store, pool, out, count, "store_revision_list");
    if (result == GZ_OK)
        result = store_sql_prepare(store, SQL_REVISION_LIST, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    return store_sql_read_all(store, statement, revision_from_row, sizeof **out, pool,
                              (void **)out, count, "listing revisions");
}

int store_revision_get(store_t *store, int64_t article_id, int64_t revision, gz_pool_t *pool,
                       store_revision_t *out)
{
    if (pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_revision_get needs a pool and out");
    memset(out, 0, sizeof *out);
    store_statement_t *statement;
    int result =
        store_sql_prepare(store, revision > 0 ? SQL_REVISION_GET : SQL_REVISION_LATEST, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    if (revision > 0)
        store_sql_bind_int64(store, statement, 2, revision);
    return store_sql_read_one(store, statement, revision_from_row, pool, out, "no such revision",
                              "reading a revision");
}
