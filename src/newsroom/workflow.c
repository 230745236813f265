/*
 * workflow: the changes that are not an edit of the article's fields:
 * deleting, appending a correction or update note, and the scheduled
 * publisher.
 *
 * A note is something readers see under the article, so it moves the
 * article's modified time and makes a revision (the same snapshot: notes
 * are not fields) next to the note row and the audit row. A deletion keeps
 * the revisions, so a deleted article's text can still be read.
 *
 * The publisher runs on every node. The job lock lets one node publish an
 * article, and the status read again under the write lock (another node
 * may have published it a moment ago, or an editor changed it) makes sure
 * it is published once.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

int newsroom_delete_check(store_t *store, const newsroom_actor_t *actor,
                          const content_article_t *article, gz_pool_t *pool,
                          const char **refusal)
{
    store_article_slug_t *kept = NULL;
    size_t kept_count = 0;
    *refusal = NULL;
    int code = store_article_slugs(store, article->id, pool, &kept, &kept_count);
    if (code == GZ_OK)
        *refusal = newsroom_delete_refusal(actor, article, kept_count > 0, pool);
    return code;
}

/* Under the transaction: the same check, as the operation's answer. */
static int check_delete(store_t *store, const newsroom_actor_t *actor,
                        const content_article_t *article, gz_pool_t *pool,
                        newsroom_result_t *result)
{
    const char *refusal = NULL;
    int code = newsroom_delete_check(store, actor, article, pool, &refusal);
    if (code != GZ_OK)
        return code;
    return refusal != NULL ? newsroom_refuse(result, refusal) : GZ_OK;
}

int newsroom_delete(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                    gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    if (!newsroom_may_publish(actor))
        return newsroom_refuse(result, "Only editors delete articles.");
    int code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The article cannot be deleted: ");
    content_article_t *article = NULL;
    if ((code = newsroom_load(store, article_id, pool, &article)) == GZ_OK)
        code = check_delete(store, actor, article, pool, result);
    if (code == GZ_OK)
        code = store_article_delete(store, article_id);
    store_audit_entry_t entry = {.user_id = actor->user_id,
                                 .action = "delete",
                                 .target =
                                     gz_pool_printf(pool, "article:%lld", (long long)article_id),
                                 .detail = article != NULL ? article->headline : NULL};
    if (code == GZ_OK)
        code = store_audit_add(store, &entry);
    if (code != GZ_OK && result->message == NULL)
        newsroom_fail(store, result, pool, code,
                      code == GZ_ENOTFOUND ? "There is no article with this number."
                                           : "The article cannot be deleted: ");
    result->article_id = article_id;
    return newsroom_finish(store, code);
}

/* Under the transaction: the note, then the article's new modified time
 * and revision, then the audit row. */
static int write_note(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                      content_note_kind_t kind, const char *text, gz_pool_t *pool,
                      newsroom_result_t *result)
{
    content_article_t *article = NULL;
    int code = newsroom_load(store, article_id, pool, &article);
    if (code != GZ_OK)
        return newsroom_fail_read(store, result, pool, code, "There is no article with this number.");
    if (!newsroom_covers_desk(actor, article))
        return newsroom_refuse(result, "This article belongs to another desk's section.");
    code = store_article_note_add(store, article_id, kind, text, actor->user_id);
    if (code == GZ_OK) {
        article->updated_at = gz_now();
        code = store_article_put(store, article);
    }
    const char *action = kind == CONTENT_NOTE_UPDATE ? "note-update" : "note-correction";
    if (code == GZ_OK)
        code = newsroom_record(store, actor, article, action, text, pool);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The note cannot be added: ");
    result->article_id = article_id;
    result->revision = article->revision;
    result->updated_at = article->updated_at;
    return GZ_OK;
}

int newsroom_add_note(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                      content_note_kind_t kind, const char *text, gz_pool_t *pool,
                      newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    if (!newsroom_may_publish(actor))
        return newsroom_refuse(result, "Only editors add corrections.");
    const char *problem =
        newsroom_note_problem(kind == CONTENT_NOTE_UPDATE ? "update" : "correction", text);
    if (problem != NULL) {
        result->message = problem;
        return GZ_EINVAL;
    }
    int code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The store is busy: ");
    code = write_note(store, actor, article_id, kind, text, pool, result);
    return newsroom_finish(store, code);
}

/* ---- the scheduled publisher -------------------------------------------- */

/* Publishes one article if it is still due; 1 when it did, 0 when another
 * node holds the lock or the article is no longer due, or an error. */
static int publish_one(store_t *store, gz_pool_t *pool, int64_t id, const char *published_key,
                       gz_time_t now)
{
    int code = store_begin(store);
    if (code != GZ_OK)
        return code; /* nothing to roll back: the message stays the store's */
    bool mine = false;
    code = store_job_try_lock(store, "publish-due", &mine);
    content_article_t *article = NULL;
    if (code == GZ_OK && mine)
        code = store_article_get(store, id, pool, &article);
    bool due = code == GZ_OK && mine && article->status == CONTENT_SCHEDULED &&
               article->published_at <= now;
    if (due) {
        article->status = CONTENT_PUBLISHED;
        article->workflow_status = published_key;
        article->updated_at = gz_now();
        code = store_article_put(store, article);
    }
    if (due && code == GZ_OK) {
        /* The same full snapshot as an editor's save, so differences
         * between revisions stay meaningful. */
        newsroom_actor_t server = {0};
        code = newsroom_record(store, &server, article, "publish", "scheduled", pool);
    }
    code = newsroom_finish(store, code);
    return code == GZ_OK && due ? 1 : code;
}

int newsroom_publish_due(store_t *store, gz_time_t now)
{
    gz_pool_t pool = GZ_POOL_INIT;
    store_newsroom_query_t query = {.status = CONTENT_SCHEDULED, .due_before = now, .limit = 100};
    content_article_list_t due;
    int code = store_newsroom_list(store, &query, &pool, &due);
    const newsroom_workflow_t *workflow = NULL;
    if (code == GZ_OK && due.count > 0)
        code = newsroom_workflow_load(store, &pool, &workflow);
    const newsroom_status_t *published_status =
        workflow != NULL ? newsroom_status_first_at(workflow, CONTENT_PUBLISHED) : NULL;
    const char *key = published_status != NULL ? published_status->key : NULL;
    int published = 0;
    for (size_t i = 0; code == GZ_OK && i < due.count; i++) {
        int one = publish_one(store, &pool, due.items[i].id, key, now);
        if (one < 0)
            code = one;
        else
            published += one;
    }
    gz_pool_clear(&pool);
    return code == GZ_OK ? published : code;
}
