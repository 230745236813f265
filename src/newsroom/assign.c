/*
 * assign: who is to write or edit an article, by when, and what is
 * wanted. Editors assign the articles of their desks; the assignment is
 * planning kept beside the article (store_assignment_put), so it makes no
 * revision and moves no modified time: readers never see it. Each change
 * is one transaction with its audit row ("assign" on "article:ID").
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

/* The account named, GZ_EINVAL with the reason when there is none or it
 * cannot sign in; 0 for nobody (NULL or ""). */
static int assignee_of(store_t *store, const char *name, gz_pool_t *pool, int64_t *user_id,
                       newsroom_result_t *result)
{
    *user_id = 0;
    if (name == NULL || name[0] == '\0')
        return GZ_OK;
    store_user_t user;
    int code = store_user_name_check(name, NULL) == GZ_OK
                   ? store_user_get(store, 0, name, pool, &user)
                   : GZ_ENOTFOUND;
    if (code == GZ_ENOTFOUND) {
        result->message = "There is no account with that name.";
        return GZ_EINVAL;
    }
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The accounts cannot be read: ");
    if (user.disabled) {
        result->message = gz_pool_printf(pool, "The account %s is disabled.", name);
        return GZ_EINVAL;
    }
    *user_id = user.id;
    return GZ_OK;
}

static const char *note_problem(const char *note)
{
    size_t length = note != NULL ? strlen(note) : 0;
    if (length > STORE_ASSIGNMENT_NOTE_MAX)
        return "The assignment's note is too long (at most 500 bytes).";
    if (!gz_utf8_valid(note != NULL ? note : "", length))
        return "The assignment's note is not valid UTF-8 text.";
    return NULL;
}

static const char *describe(const char *name, gz_time_t due_at, gz_pool_t *pool)
{
    if ((name == NULL || name[0] == '\0') && due_at <= 0)
        return "nobody";
    gz_buf_t text = GZ_BUF_INIT;
    gz_buf_append_cstr(&text, name != NULL && name[0] ? name : "nobody");
    if (due_at > 0) {
        gz_buf_append_cstr(&text, ", due ");
        gz_time_append_local(&text, due_at, "%Y-%m-%d %H:%M");
    }
    const char *copy = gz_pool_strdup(pool, gz_buf_cstr(&text));
    gz_buf_free(&text);
    return copy;
}

static int write_assignment(store_t *store, const newsroom_actor_t *actor,
                            const newsroom_assignment_t *edit, gz_pool_t *pool,
                            newsroom_result_t *result)
{
    content_article_t *article = NULL;
    int code = newsroom_load(store, edit->article_id, pool, &article);
    if (code != GZ_OK)
        return newsroom_fail_read(store, result, pool, code, "There is no article with this number.");
    if (!newsroom_covers_desk(actor, article))
        return newsroom_refuse(result, "This article belongs to another desk's section.");
    store_assignment_t assignment = {.article_id = edit->article_id,
                                     .due_at = edit->due_at > 0 ? edit->due_at : 0,
                                     .note = edit->note,
                                     .assigned_by = actor->user_id};
    code = assignee_of(store, edit->assignee, pool, &assignment.user_id, result);
    if (code != GZ_OK)
        return code;
    code = store_assignment_put(store, &assignment);
    if (code == GZ_OK)
        code = newsroom_audit(store, actor, "assign",
                              gz_pool_printf(pool, "article:%lld", (long long)edit->article_id),
                              describe(edit->assignee, edit->due_at, pool));
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The assignment cannot be stored: ");
    result->article_id = edit->article_id;
    result->revision = article->revision;
    return GZ_OK;
}

int newsroom_assign(store_t *store, const newsroom_actor_t *actor,
                    const newsroom_assignment_t *edit, gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    if (actor == NULL || !newsroom_may_publish(actor))
        return newsroom_refuse(result, "Only editors assign articles.");
    const char *problem = note_problem(edit->note);
    if (problem != NULL) {
        result->message = problem;
        return GZ_EINVAL;
    }
    int code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The store is busy: ");
    code = write_assignment(store, actor, edit, pool, result);
    return newsroom_finish(store, code);
}
