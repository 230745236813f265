/*
 * record: the steps every newsroom operation shares.
 *
 * An operation is begin, its own reads and writes, then newsroom_record
 * (the revision row with the article's snapshot and the audit row) and
 * newsroom_finish, which commits or rolls everything back. Keeping these
 * in one place is what makes "every change has its revision and its audit
 * row, or nothing happened" true of every writer.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

int newsroom_load(store_t *store, int64_t article_id, gz_pool_t *pool, content_article_t **out)
{
    int code = store_article_get(store, article_id, pool, out);
    if (code == GZ_OK && (*out)->is_stub)
        code = GZ_ENOTFOUND;
    return code;
}

int newsroom_record(store_t *store, const newsroom_actor_t *actor, const content_article_t *article,
                    const char *audit_action, const char *detail, gz_pool_t *pool)
{
    store_revision_t revision = {.article_id = article->id,
                                 .revision = article->revision,
                                 .user_id = actor->user_id,
                                 .snapshot = newsroom_snapshot(article, pool)};
    int code = store_revision_add(store, &revision);
    if (code == GZ_OK)
        code = newsroom_media_record_uses(store, article, pool);
    if (code != GZ_OK || audit_action == NULL)
        return code;
    return newsroom_audit(store, actor, audit_action,
                          gz_pool_printf(pool, "article:%lld", (long long)article->id), detail);
}

int newsroom_audit(store_t *store, const newsroom_actor_t *actor, const char *action,
                   const char *target, const char *detail)
{
    store_audit_entry_t entry = {.user_id = actor != NULL ? actor->user_id : 0,
                                 .action = action,
                                 .target = target,
                                 .detail = detail};
    return store_audit_add(store, &entry);
}

int newsroom_finish(store_t *store, int code)
{
    if (code == GZ_OK)
        return store_commit(store); /* a failed commit rolls back by itself */
    store_rollback(store);
    return code;
}

int newsroom_fail(store_t *store, newsroom_result_t *result, gz_pool_t *pool, int code,
                  const char *text)
{
    size_t len = strlen(text);
    bool with_cause = len >= 2 && strcmp(text + len - 2, ": ") == 0;
    result->message =
        with_cause ? gz_pool_printf(pool, "%s%s", text, store_last_error(store)) : text;
    return code;
}

int newsroom_fail_read(store_t *store, newsroom_result_t *result, gz_pool_t *pool, int code,
                       const char *missing)
{
    return newsroom_fail(store, result, pool, code,
                         code == GZ_ENOTFOUND ? missing : "The store could not be read: ");
}

int newsroom_refuse(newsroom_result_t *result, const char *message)
{
    result->not_allowed = true;
    result->message = message;
    return GZ_EINVAL;
}
