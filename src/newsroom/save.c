/*
 * save: creating and changing an article, with the optimistic check.
 *
 * An editor's form says which revision it was based on. Under the write
 * transaction the stored revision is read again: if another save came
 * first, nothing is written and the caller gets who saved, when, and the
 * article as it is now, to show both versions. Otherwise the article, its
 * revision and (for a creation, a save or a workflow step) an audit row
 * are written together.
 *
 * The modified time moves only when a reader could notice: the new
 * snapshot differs from the stored one (the status is part of it, so
 * publishing and unpublishing count). Saving an unchanged form keeps it,
 * so pages, feeds and conditional GETs do not claim a change that is not
 * there. A restore and a workflow step without edits are saves too.
 *
 * The address (slug): a typed one is kept as typed. Until the article has
 * been published, one never typed follows the headline (it is shown empty
 * in the editor). Once published (the store keeps every slug it went out
 * under, store_article_slugs), the address never changes by itself: a new
 * headline, an emptied field or a restore keep it, and only a new slug
 * typed by an editor changes it, the old one still answering with a
 * redirect. Links to a published article live on elsewhere for years.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

static const char *audit_action_of(newsroom_action_t action, bool is_new)
{
    if (is_new)
        return "create";
    return action == NEWSROOM_AUTOSAVE ? NULL : newsroom_action_name(action);
}

/* The section an article names must exist (the form's fields found it
 * already; a caller that only named it is checked here): a save never
 * makes one. */
static int resolve_section(store_t *store, content_article_t *article, gz_pool_t *pool,
                           newsroom_result_t *result)
{
    if (article->section.name == NULL || article->section.id > 0)
        return GZ_OK;
    content_section_t found;
    int code = newsroom_find_section(store, article->section.name, pool, &found);
    if (code == GZ_ENOTFOUND) {
        result->message = gz_pool_printf(pool, NEWSROOM_NO_SUCH_SECTION, article->section.name);
        return GZ_EINVAL;
    }
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The sections cannot be read: ");
    article->section = found;
    return GZ_OK;
}

/* Gives the tags their ids, and a new article without authors its
 * writer's. */
static int resolve_names(store_t *store, const newsroom_actor_t *actor, content_article_t *article,
                         bool is_new, gz_pool_t *pool)
{
    int code = GZ_OK;
    for (size_t i = 0; code == GZ_OK && i < article->tag_count; i++)
        code = store_tag_ensure(store, article->tags[i].name, &article->tags[i].id);
    if (code == GZ_OK && is_new && article->author_count == 0) {
        /* A new article is by whoever writes it: their profile, never their login. */
        content_author_t *own = gz_pool_calloc(pool, 1, sizeof *own);
        code = newsroom_author_of_actor(store, actor, pool, own);
        if (code == GZ_OK) {
            article->authors = own;
            article->author_count = 1;
        }
        code = code == GZ_ENOTFOUND ? GZ_OK : code;
    }
    return code;
}

/* The address: see newsroom_save. article->slug is what the edit holds
 * (typed, or the stored one when the edit did not touch it; NULL when
 * emptied). */
static int choose_slug(store_t *store, content_article_t *article, const content_article_t *latest,
                       gz_pool_t *pool)
{
    store_article_slug_t *kept = NULL;
    size_t kept_count = 0;
    int code = latest == NULL ? GZ_OK
                              : store_article_slugs(store, latest->id, pool, &kept, &kept_count);
    if (code != GZ_OK)
        return code;
    bool published_before = kept_count > 0;
    const char *slug = article->slug;
    bool unchanged = latest != NULL && slug != NULL && latest->slug != NULL &&
                     strcmp(slug, latest->slug) == 0;
    if (unchanged && !published_before && newsroom_slug_is_automatic(latest))
        slug = NULL; /* never typed: it follows the headline until the article goes out */
    if (slug == NULL && published_before)
        slug = latest->slug; /* a published address changes only when typed */
    if (slug == NULL) {
        gz_buf_t made = GZ_BUF_INIT;
        content_slug_append(&made, article->headline);
        slug = gz_pool_strdup(pool, gz_buf_cstr(&made));
        gz_buf_free(&made);
    }
    article->slug = slug;
    return GZ_OK;
}

static void render(content_article_t *article, gz_pool_t *pool)
{
    gz_buf_t html = GZ_BUF_INIT;
    content_markdown_to_html(&html, article->body_markdown, strlen(article->body_markdown));
    article->body_html = gz_pool_strdup(pool, gz_buf_cstr(&html));
    gz_buf_free(&html);
}

/* Fills result->conflict from the article as it is now. */
static void describe_conflict(store_t *store, const content_article_t *latest, gz_pool_t *pool,
                              newsroom_result_t *result)
{
    store_revision_t *newer = &result->conflict;
    /* Who saved last comes from the revision row when it is the newest
     * change (an old import left none); the text always from the article. */
    if (store_revision_get(store, latest->id, 0, pool, newer) != GZ_OK ||
        newer->revision != latest->revision) {
        memset(newer, 0, sizeof *newer);
        newer->article_id = latest->id;
        newer->at = latest->updated_at;
    }
    newer->revision = latest->revision;
    newer->snapshot = newsroom_snapshot(latest, pool);
    result->message = "Someone else saved this article after you opened it.";
}

/* Under the transaction: the article as stored, checked against the edit. */
static int check_stored(store_t *store, const newsroom_actor_t *actor, const newsroom_edit_t *edit,
                        gz_pool_t *pool, content_article_t **latest, newsroom_result_t *result)
{
    int code = newsroom_load(store, edit->article->id, pool, latest);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The article cannot be read: ");
    if ((*latest)->revision != edit->based_on) {
        describe_conflict(store, *latest, pool, result);
        return GZ_ECONFLICT;
    }
    int64_t owner = 0;
    code = newsroom_owner(store, (*latest)->id, pool, &owner);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The article cannot be read: ");
    const char *refusal = newsroom_edit_refusal(actor, *latest, owner);
    return refusal != NULL ? newsroom_refuse(result, refusal) : GZ_OK;
}

static gz_time_t modified_time(const content_article_t *article, const content_article_t *latest,
                               gz_pool_t *pool)
{
    if (latest == NULL)
        return 0; /* the store stamps a new article now */
    bool changed = strcmp(newsroom_snapshot(article, pool), newsroom_snapshot(latest, pool)) != 0;
    return changed ? gz_now() : latest->updated_at;
}

/* Readers who cannot see a picture hear its alt text: an article goes out
 * (published or scheduled) only when every picture it shows has some. */
static int check_alt_text(store_t *store, const content_article_t *article, gz_pool_t *pool,
                          newsroom_result_t *result)
{
    if (article->status != CONTENT_PUBLISHED && article->status != CONTENT_SCHEDULED)
        return GZ_OK;
    const char *missing = NULL;
    int code = newsroom_media_missing_alt(store, article, pool, &missing);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The pictures cannot be read: ");
    if (missing == NULL)
        return GZ_OK;
    result->message =
        gz_pool_printf(pool, "Add alt text to these pictures before publishing: %s.", missing);
    return GZ_EINVAL;
}

static int write_edit(store_t *store, const newsroom_actor_t *actor, const newsroom_edit_t *edit,
                      const char *note, gz_pool_t *pool, newsroom_result_t *result)
{
    content_article_t *article = edit->article;
    bool is_new = article->id == 0;
    content_article_t *latest = NULL;
    int code = is_new ? GZ_OK : check_stored(store, actor, edit, pool, &latest, result);
    if (code != GZ_OK)
        return code;
    code = resolve_section(store, article, pool, result);
    if (code != GZ_OK)
        return code;
    if (!newsroom_covers_desk(actor, article))
        return newsroom_refuse(result, "You cannot put an article in a section of another desk.");
    code = resolve_names(store, actor, article, is_new, pool);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The names cannot be stored: ");
    code = choose_slug(store, article, latest, pool);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The article's addresses cannot be read: ");
    render(article, pool);
    code = check_alt_text(store, article, pool, result);
    if (code != GZ_OK)
        return code;
    article->updated_at = modified_time(article, latest, pool);
    code = store_article_put(store, article);
    if (code == GZ_EINVAL) /* a related item that does not exist, say */
        result->message = gz_pool_strdup(pool, store_last_error(store));
    if (code != GZ_OK)
        return code == GZ_EINVAL ? code : newsroom_fail(store, result, pool, code, "Not saved: ");
    const char *detail = gz_pool_printf(pool, "revision %lld%s%s", (long long)article->revision,
                                        note != NULL ? ", " : "", note != NULL ? note : "");
    code = newsroom_record(store, actor, article, audit_action_of(edit->action, is_new), detail,
                           pool);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The revision cannot be stored: ");
    return GZ_OK;
}

static int check_edit(const newsroom_actor_t *actor, const newsroom_edit_t *edit, gz_pool_t *pool,
                      newsroom_result_t *result)
{
    content_article_t *article = edit->article;
    const char *refusal = newsroom_apply_action(actor, edit->action, edit->to, article,
                                                article->id == 0, edit->typed_time, gz_now(), pool);
    if (refusal != NULL)
        return newsroom_refuse(result, refusal);
    gz_buf_t problems = GZ_BUF_INIT;
    int code = content_article_validate(article, &problems);
    if (code != GZ_OK)
        result->message = gz_pool_strdup(pool, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    return code;
}

int newsroom_save_in(store_t *store, const newsroom_actor_t *actor, const newsroom_edit_t *edit,
                     const char *note, gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    int code = check_edit(actor, edit, pool, result);
    return code == GZ_OK ? write_edit(store, actor, edit, note, pool, result) : code;
}

int newsroom_save(store_t *store, const newsroom_actor_t *actor, const newsroom_edit_t *edit,
                  gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    int code = check_edit(actor, edit, pool, result);
    if (code != GZ_OK)
        return code;
    code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The store is busy: ");
    code = write_edit(store, actor, edit, NULL, pool, result);
    code = newsroom_finish(store, code);
    if (code != GZ_OK && result->message == NULL)
        result->message = gz_pool_strdup(pool, store_last_error(store));
    if (code == GZ_OK) {
        result->article_id = edit->article->id;
        result->revision = edit->article->revision;
        result->updated_at = edit->article->updated_at;
    }
    return code;
}

int newsroom_move(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                  int64_t based_on, newsroom_action_t action, const char *to,
                  gz_time_t typed_time, gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    content_article_t *article = NULL;
    int code = newsroom_load(store, article_id, pool, &article);
    if (code != GZ_OK)
        return newsroom_fail_read(store, result, pool, code, "There is no article with this number.");
    newsroom_edit_t edit = {.article = article,
                            .based_on = based_on,
                            .action = action,
                            .to = to,
                            .typed_time = typed_time};
    return newsroom_save(store, actor, &edit, pool, result);
}

static const char *snapshot_field(void *context, const char *name)
{
    return json_string_value(json_object_get(context, name));
}

int newsroom_restore(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                     int64_t number, int64_t based_on, gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    content_article_t *article = NULL;
    store_revision_t revision;
    int code = newsroom_load(store, article_id, pool, &article);
    if (code == GZ_OK)
        code = store_revision_get(store, article_id, number, pool, &revision);
    if (code != GZ_OK)
        return newsroom_fail_read(store, result, pool, code, "This article has no such revision.");
    json_t *snapshot = json_loads(revision.snapshot, 0, NULL);
    /* A restore brings back the words, not an address: the article keeps
     * its slug (which still follows the headline if it never went out). */
    json_object_del(snapshot, "slug");
    gz_buf_t problems = GZ_BUF_INIT;
    code = newsroom_apply_fields(store, article, snapshot_field, snapshot, article->language, pool,
                                 &problems);
    json_decref(snapshot);
    if (code != GZ_OK) {
        gz_buf_free(&problems);
        return newsroom_fail(store, result, pool, code, "The store could not be read: ");
    }
    if (problems.len > 0) {
        result->message = gz_pool_strdup(pool, gz_buf_cstr(&problems));
        gz_buf_free(&problems);
        return GZ_EINVAL;
    }
    gz_buf_free(&problems);
    newsroom_edit_t edit = {.article = article, .based_on = based_on, .action = NEWSROOM_SAVE};
    return newsroom_save(store, actor, &edit, pool, result);
}
