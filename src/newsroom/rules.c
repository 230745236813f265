/*
 * rules: who may do what to an article, and where each workflow step
 * leads, by the site's workflow (statuses.c).
 *
 * These are pure functions of the actor (their role, desks and the
 * site's workflow), the article and the clock, so they are tested without
 * a store and asked twice: by the pages, to show only the buttons that
 * work, and by the operations, which enforce them. Contributors and
 * authors write and submit their own drafts; editors do everything else
 * to the articles of their desks, as far as the workflow's steps allow.
 */
#include "newsroom/newsroom.h"

#include <string.h>

static const char *const action_names[] = {"save",     "preview",   "submit",   "publish",
                                           "schedule", "unpublish", "autosave", "move"};
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

const newsroom_workflow_t *newsroom_actor_workflow(const newsroom_actor_t *actor)
{
    return actor->workflow != NULL ? actor->workflow : newsroom_workflow_default();
}

/* Whether name is one of the ", "-separated names in list. */
static bool listed(const char *list, const char *name)
{
    size_t length = strlen(name);
    for (const char *at = list; at != NULL && *at;) {
        const char *end = strstr(at, ", ");
        size_t item = end != NULL ? (size_t)(end - at) : strlen(at);
        if (item == length && memcmp(at, name, length) == 0)
            return true;
        at = end != NULL ? end + 2 : NULL;
    }
    return false;
}

bool newsroom_covers_desk(const newsroom_actor_t *actor, const content_article_t *article)
{
    const char *desk = article != NULL ? article->section.desk : NULL;
    if (actor->role >= STORE_ROLE_ADMIN || actor->desks == NULL || actor->desks[0] == '\0' ||
        desk == NULL || desk[0] == '\0')
        return true;
    return listed(actor->desks, desk);
}

static const char *writer_refusal(const content_article_t *current, int64_t owner_id,
                                  int64_t user_id)
{
    switch (current->status) {
    case CONTENT_DRAFT:
        if (owner_id == user_id && owner_id != 0)
            return NULL;
        return "You can read this article but not change it: it is not your draft, and "
               "contributors and authors change only their own drafts.";
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

/* The reason is the rule: newsroom_may_edit asks this, so the editor's
 * read-only page and the refused save can never disagree. */
const char *newsroom_edit_refusal(const newsroom_actor_t *actor, const content_article_t *current,
                                  int64_t owner_id)
{
    if (current == NULL)
        return NULL;
    if (actor->role < STORE_ROLE_EDITOR)
        return writer_refusal(current, owner_id, actor->user_id);
    if (!newsroom_covers_desk(actor, current))
        return "You can read this article but not change it: it belongs to another desk's "
               "section, and you edit for your own desks.";
    return NULL;
}

bool newsroom_may_edit(const newsroom_actor_t *actor, const content_article_t *current,
                       int64_t owner_id)
{
    return newsroom_edit_refusal(actor, current, owner_id) == NULL;
}

/* The roles of a set, as "editors and chief editors". */
static const char *role_list(newsroom_roles_t roles, gz_pool_t *pool)
{
    static const char *const plural[] = {NULL,      "contributors",  "authors",
                                         "editors", "chief editors", "admins"};
    gz_buf_t text = GZ_BUF_INIT;
    int named = 0, total = __builtin_popcount(roles);
    for (int role = STORE_ROLE_CONTRIBUTOR; role <= STORE_ROLE_ADMIN; role++) {
        if (!(roles & NEWSROOM_ROLE_BIT(role)))
            continue;
        named++;
        if (named > 1)
            gz_buf_append_cstr(&text, named == total ? " and " : ", ");
        gz_buf_append_cstr(&text, plural[role]);
    }
    const char *list = gz_pool_strdup(pool, named ? gz_buf_cstr(&text) : "nobody");
    gz_buf_free(&text);
    return list;
}

const char *newsroom_move_refusal(const newsroom_actor_t *actor, const content_article_t *article,
                                  const newsroom_status_t *to, gz_pool_t *pool)
{
    const newsroom_workflow_t *workflow = newsroom_actor_workflow(actor);
    const newsroom_status_t *from = newsroom_status_of(workflow, article);
    if (from == NULL || to == NULL)
        return "The workflow has no such status.";
    const newsroom_transition_t *step = newsroom_transition_find(workflow, from->key, to->key);
    if (step == NULL)
        return gz_pool_printf(pool, "An article cannot go from %s to %s.", from->label,
                              to->label);
    if (!(step->roles & NEWSROOM_ROLE_BIT(actor->role)))
        return gz_pool_printf(pool, "Only %s may move an article from %s to %s.",
                              role_list(step->roles, pool), from->label, to->label);
    return NULL;
}

size_t newsroom_moves_allowed(const newsroom_actor_t *actor, const content_article_t *article,
                              const newsroom_status_t **out, size_t max)
{
    const newsroom_workflow_t *workflow = newsroom_actor_workflow(actor);
    const newsroom_status_t *from = newsroom_status_of(workflow, article);
    size_t count = 0;
    for (size_t i = 0; from != NULL && i < workflow->status_count && count < max; i++) {
        const newsroom_status_t *to = &workflow->statuses[i];
        const newsroom_transition_t *step = newsroom_transition_find(workflow, from->key, to->key);
        if (step != NULL && (step->roles & NEWSROOM_ROLE_BIT(actor->role)))
            out[count++] = to;
    }
    return count;
}

const char *newsroom_delete_refusal(const newsroom_actor_t *actor,
                                    const content_article_t *article, bool published_before,
                                    gz_pool_t *pool)
{
    const newsroom_workflow_t *workflow = newsroom_actor_workflow(actor);
    newsroom_roles_t roles =
        published_before ? workflow->delete_published_roles : workflow->delete_roles;
    if (!(roles & NEWSROOM_ROLE_BIT(actor->role)))
        return gz_pool_printf(pool, "Only %s may delete an article %s.", role_list(roles, pool),
                              published_before ? "that has been published"
                                               : "that has not been published");
    if (!newsroom_covers_desk(actor, article))
        return "This article belongs to another desk's section.";
    return NULL;
}

/* The status a named action goes to: the first at its stage the actor
 * may reach from here, else the first at its stage (to say why not). */
static const newsroom_status_t *target_of(const newsroom_actor_t *actor,
                                          const content_article_t *article,
                                          newsroom_action_t action, const char *to)
{
    const newsroom_workflow_t *workflow = newsroom_actor_workflow(actor);
    if (action == NEWSROOM_MOVE)
        return newsroom_status_find(workflow, to);
    content_status_t stage = action == NEWSROOM_SUBMIT     ? CONTENT_IN_REVIEW
                             : action == NEWSROOM_PUBLISH  ? CONTENT_PUBLISHED
                             : action == NEWSROOM_SCHEDULE ? CONTENT_SCHEDULED
                                                           : CONTENT_UNPUBLISHED;
    const newsroom_status_t *allowed[NEWSROOM_STATUS_MAX];
    size_t count = newsroom_moves_allowed(actor, article, allowed, NEWSROOM_STATUS_MAX);
    for (size_t i = 0; i < count; i++) {
        if (allowed[i]->stage == stage)
            return allowed[i];
    }
    return newsroom_status_first_at(workflow, stage);
}

static const char *apply_save(const newsroom_actor_t *actor, newsroom_action_t action,
                              content_article_t *article, bool is_new, gz_time_t typed_time,
                              gz_time_t now)
{
    /* Autosave keeps drafts only: nothing readers see changes unasked. */
    if (action == NEWSROOM_AUTOSAVE && !is_new && article->status != CONTENT_DRAFT)
        return "Autosave keeps drafts only: save this article with a button.";
    if (is_new) {
        const newsroom_status_t *first =
            newsroom_status_first_at(newsroom_actor_workflow(actor), CONTENT_DRAFT);
        article->status = CONTENT_DRAFT;
        article->workflow_status = first != NULL ? first->key : NULL;
    }
    if (article->status == CONTENT_SCHEDULED && typed_time > now)
        article->published_at = typed_time;
    return NULL;
}

/* What reaching a status does to the publication time. */
static const char *arrive(content_article_t *article, const newsroom_status_t *to,
                          gz_time_t typed_time, gz_time_t now)
{
    if (to->stage == CONTENT_SCHEDULED) {
        if (typed_time <= now)
            return "To schedule, give a publication time in the future.";
        article->published_at = typed_time;
    } else if (to->stage == CONTENT_PUBLISHED) {
        if (article->published_at <= 0 || article->published_at > now ||
            article->status == CONTENT_SCHEDULED)
            article->published_at = now;
    }
    article->status = to->stage;
    article->workflow_status = to->key;
    return NULL;
}

const char *newsroom_apply_action(const newsroom_actor_t *actor, newsroom_action_t action,
                                  const char *to, content_article_t *article, bool is_new,
                                  gz_time_t typed_time, gz_time_t now, gz_pool_t *pool)
{
    if (action == NEWSROOM_UNKNOWN || (unsigned)action > NEWSROOM_UNKNOWN)
        return "Unknown action.";
    const char *refusal = apply_save(actor, action == NEWSROOM_AUTOSAVE ? action : NEWSROOM_SAVE,
                                     article, is_new, typed_time, now);
    if (refusal != NULL || action == NEWSROOM_SAVE || action == NEWSROOM_PREVIEW ||
        action == NEWSROOM_AUTOSAVE)
        return refusal;
    const newsroom_status_t *target = target_of(actor, article, action, to);
    if (target == NULL)
        return action == NEWSROOM_MOVE ? "The workflow has no such status."
                                       : "The workflow has no status for this step.";
    refusal = newsroom_move_refusal(actor, article, target, pool);
    return refusal != NULL ? refusal : arrive(article, target, typed_time, now);
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
