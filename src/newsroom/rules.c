/*
 * rules: who may do what to an article, and where each workflow step
 * leads (draft -> in review -> scheduled or published -> unpublished).
 *
 * These are pure functions of the actor, the article and the clock, so
 * they are tested without a store and asked twice: by the pages, to show
 * only the buttons that work, and by the operations, which enforce them.
 * A writer writes and submits their own drafts; editors and admins do
 * everything else.
 */
#include "newsroom/newsroom.h"

#include <string.h>

static const char *const action_names[] = {"save",     "preview",   "submit",  "publish",
                                           "schedule", "unpublish", "autosave"};

const char *newsroom_action_name(newsroom_action_t action)
{
    return action < NEWSROOM_UNKNOWN ? action_names[action] : NULL;
}

newsroom_action_t newsroom_action_parse(const char *name)
{
    if (name == NULL)
        return NEWSROOM_SAVE;
    for (int i = NEWSROOM_SAVE; i < NEWSROOM_UNKNOWN; i++) {
        if (strcmp(name, action_names[i]) == 0)
            return (newsroom_action_t)i;
    }
    return NEWSROOM_UNKNOWN;
}

bool newsroom_may_publish(const newsroom_actor_t *actor)
{
    return actor->role >= STORE_ROLE_EDITOR;
}

/* The reason is the rule: newsroom_may_edit asks this, so the editor's
 * read-only page and the refused save can never disagree. */
const char *newsroom_edit_refusal(const newsroom_actor_t *actor, const content_article_t *current,
                                  int64_t owner_id)
{
    if (actor->role >= STORE_ROLE_EDITOR || current == NULL)
        return NULL;
    switch (current->status) {
    case CONTENT_DRAFT:
        if (owner_id == actor->user_id && owner_id != 0)
            return NULL;
        return "You can read this article but not change it: it is not your draft, and writers "
               "change only their own drafts.";
    case CONTENT_IN_REVIEW:
        return "You can read this article but not change it: it is in review, and only editors "
               "change articles in review.";
    case CONTENT_SCHEDULED:
        return "You can read this article but not change it: it is scheduled, and only editors "
               "change scheduled articles.";
    case CONTENT_PUBLISHED:
        return "You can read this article but not change it: it is published, and only editors "
               "change published articles.";
    default:
        return "You can read this article but not change it: it is no longer a draft, and only "
               "editors change it.";
    }
}

bool newsroom_may_edit(const newsroom_actor_t *actor, const content_article_t *current,
                       int64_t owner_id)
{
    return newsroom_edit_refusal(actor, current, owner_id) == NULL;
}

static const char *apply_save(newsroom_action_t action, content_article_t *article, bool is_new,
                              gz_time_t typed_time, gz_time_t now)
{
    /* Autosave keeps drafts only: nothing readers see changes unasked. */
    if (action == NEWSROOM_AUTOSAVE && !is_new && article->status != CONTENT_DRAFT)
        return "Autosave keeps drafts only: save this article with a button.";
    if (is_new)
        article->status = CONTENT_DRAFT;
    if (article->status == CONTENT_SCHEDULED && typed_time > now)
        article->published_at = typed_time;
    return NULL;
}

const char *newsroom_apply_action(const newsroom_actor_t *actor, newsroom_action_t action,
                                  content_article_t *article, bool is_new, gz_time_t typed_time,
                                  gz_time_t now)
{
    bool publishing =
        action == NEWSROOM_PUBLISH || action == NEWSROOM_SCHEDULE || action == NEWSROOM_UNPUBLISH;
    if (publishing && !newsroom_may_publish(actor))
        return "Writers cannot publish, schedule or unpublish: submit the article for review.";
    switch (action) {
    case NEWSROOM_AUTOSAVE:
    case NEWSROOM_SAVE:
    case NEWSROOM_PREVIEW: return apply_save(action, article, is_new, typed_time, now);
    case NEWSROOM_SUBMIT:
        if (article->status == CONTENT_PUBLISHED || article->status == CONTENT_SCHEDULED)
            return "This article is already published or scheduled.";
        article->status = CONTENT_IN_REVIEW;
        return NULL;
    case NEWSROOM_PUBLISH:
        if (article->published_at <= 0 || article->published_at > now ||
            article->status == CONTENT_SCHEDULED)
            article->published_at = now;
        article->status = CONTENT_PUBLISHED;
        return NULL;
    case NEWSROOM_SCHEDULE:
        if (typed_time <= now)
            return "To schedule, give a publication time in the future.";
        article->published_at = typed_time;
        article->status = CONTENT_SCHEDULED;
        return NULL;
    case NEWSROOM_UNPUBLISH:
        if (article->status != CONTENT_PUBLISHED && article->status != CONTENT_SCHEDULED)
            return "Only a published or scheduled article can be unpublished.";
        article->status = CONTENT_UNPUBLISHED;
        return NULL;
    case NEWSROOM_UNKNOWN: break;
    }
    return "Unknown action.";
}

const char *newsroom_note_problem(const char *kind, const char *text)
{
    if (kind == NULL || (strcmp(kind, "correction") != 0 && strcmp(kind, "update") != 0))
        return "Choose whether the note is a correction or an update.";
    size_t length = text == NULL ? 0 : strlen(text);
    if (length == 0)
        return "The note needs some text.";
    if (length > STORE_NOTE_MAX_BYTES)
        return "The note is too long (at most 2000 bytes).";
    if (!gz_utf8_valid(text, length))
        return "The note is not valid UTF-8 text.";
    return NULL;
}
