/*
 * editor: the article editor's page, a server-rendered form that works
 * without JavaScript (admin.js adds live preview, autosave, a picker of
 * recent articles, the live word count, keyboard shortcuts and the
 * warning before leaving unsaved changes). The preview is the public page
 * in a frame (preview.c). Someone the newsroom's rules do not let change
 * the article gets it read-only, with the rule's reason, and no buttons:
 * typing into a form whose save can only be refused would lose the text.
 *
 * Each time someone opens or autosaves an article, this process notes it,
 * so the next person to open it sees who else is working on it. A small
 * table in memory behind one mutex (lost on restart, per process: it is a
 * courtesy; the revision check is what protects the text).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "web/admin/admin_private.h"

/* ---- who has an article open ------------------------------------------------------------ */

enum { PRESENCE_SLOTS = 256, PRESENCE_SECONDS = 10 * 60 };

typedef struct {
    int64_t article_id;
    int64_t user_id;
    char user_name[STORE_USER_NAME_MAX + 1];
    gz_time_t seen_at;
} presence_t;

static presence_t presence[PRESENCE_SLOTS];
static pthread_mutex_t presence_lock = PTHREAD_MUTEX_INITIALIZER;

/* Notes that the user has the article open, and returns (in pool memory)
 * the name of someone else seen on it recently, or NULL; *seen_at is when. */
const char *admin_note_presence(admin_request_t *r, int64_t article_id, gz_time_t *seen_at)
{
    gz_time_t now = gz_now();
    const char *other = NULL;
    presence_t *mine = NULL, *oldest = &presence[0];
    pthread_mutex_lock(&presence_lock);
    for (size_t i = 0; i < PRESENCE_SLOTS; i++) {
        presence_t *slot = &presence[i];
        if (slot->seen_at < oldest->seen_at)
            oldest = slot;
        if (slot->article_id != article_id || now - slot->seen_at >= PRESENCE_SECONDS)
            continue;
        if (slot->user_id == r->user.id) {
            mine = slot;
        } else if (other == NULL || slot->seen_at > *seen_at) {
            other = gz_pool_strdup(r->pool, slot->user_name);
            *seen_at = slot->seen_at;
        }
    }
    if (mine == NULL)
        mine = oldest;
    mine->article_id = article_id;
    mine->user_id = r->user.id;
    snprintf(mine->user_name, sizeof mine->user_name, "%s", r->user.name);
    mine->seen_at = now;
    pthread_mutex_unlock(&presence_lock);
    return other;
}

/* ---- the page ------------------------------------------------------------------ */

/* The newest published articles, for the related-article picker. */
static json_t *recent_articles(admin_request_t *r, int64_t except_id)
{
    store_newsroom_query_t query = {.status = CONTENT_PUBLISHED, .limit = 40};
    content_article_list_t list = {0};
    if (store_newsroom_list(r->store, &query, r->pool, &list) != GZ_OK)
        list.count = 0;
    return views_admin_recent_articles(&list, except_id);
}

static json_t *content_type_options(admin_request_t *r, const char *selected)
{
    content_type_t *types = NULL;
    size_t count = 0;
    store_content_type_list(r->store, r->pool, &types, &count);
    return views_admin_content_type_options(types, count, selected);
}

static json_t *revision_rows(admin_request_t *r, int64_t id)
{
    store_revision_t *revisions = NULL;
    size_t count = 0;
    if (id > 0)
        store_revision_list(r->store, id, r->pool, &revisions, &count);
    return views_admin_revision_rows(revisions, count);
}

/* Where the form posts, and where its preview goes. */
static void set_addresses(admin_request_t *r, json_t *model, int64_t id)
{
    const char *action =
        id ? gz_pool_printf(r->pool, "/admin/articles/%lld", (long long)id) : "/admin/articles/new";
    json_object_set_new(model, "action_url", json_string(action));
    json_object_set_new(model, "preview_url",
                        json_string(gz_pool_printf(r->pool, "%s/preview", action)));
}

/* Whether the user may delete the stored article (the workflow's rule,
 * before or after publication). */
static bool may_delete(admin_request_t *r, const admin_editor_view_t *view)
{
    const char *refusal = NULL;
    return view->current != NULL && view->read_only == NULL &&
           newsroom_delete_check(r->store, &r->actor, view->current, r->pool, &refusal) == GZ_OK &&
           refusal == NULL;
}

/* The article's status as the site names it (a key of another stage
 * reads as the stage's first status: newsroom_status_of). */
static void set_status(admin_request_t *r, json_t *model, const admin_editor_view_t *view)
{
    content_article_t shown = {.status = view->status,
                               .workflow_status =
                                   view->current ? view->current->workflow_status : NULL};
    const newsroom_status_t *status =
        newsroom_status_of(newsroom_actor_workflow(&r->actor), &shown);
    json_object_set_new(model, "status", json_string(content_status_name(view->status)));
    json_object_set_new(model, "status_label",
                        json_string(status ? status->label : content_status_name(view->status)));
}

/* What the user may do with the form: every button the rules allow, or
 * (read_only, the rule's reason) none. */
static void set_permissions(admin_request_t *r, json_t *model, const admin_editor_view_t *view)
{
    bool may_publish = newsroom_may_publish(&r->actor) && view->read_only == NULL;
    /* The workflow's steps from here; a new article is at the first draft
     * status. */
    const newsroom_status_t *first =
        newsroom_status_first_at(newsroom_actor_workflow(&r->actor), CONTENT_DRAFT);
    content_article_t blank = {.status = CONTENT_DRAFT,
                               .workflow_status = first ? first->key : NULL};
    const content_article_t *article = view->current != NULL ? view->current : &blank;
    const newsroom_status_t *moves[NEWSROOM_STATUS_MAX];
    size_t count = view->read_only != NULL
                       ? 0
                       : newsroom_moves_allowed(&r->actor, article, moves, NEWSROOM_STATUS_MAX);
    bool can_publish = false;
    for (size_t i = 0; i < count; i++)
        can_publish = can_publish || moves[i]->stage == CONTENT_PUBLISHED;
    json_object_set_new(model, "moves", views_admin_move_buttons(moves, count, article->status));
    json_object_set_new(model, "can_publish", json_boolean(can_publish));
    json_object_set_new(model, "can_delete", json_boolean(may_delete(r, view)));
    json_object_set_new(model, "can_note", json_boolean(view->id > 0 && may_publish));
    json_object_set_new(model, "autosave",
                        json_boolean(view->conflict == NULL && view->status == CONTENT_DRAFT &&
                                     view->read_only == NULL));
    if (view->read_only != NULL)
        json_object_set_new(model, "read_only", json_string(view->read_only));
}

/* The form, with the text's length. */
static void set_form(admin_request_t *r, json_t *model, const admin_editor_view_t *view)
{
    json_t *fields = view->fields;
    const char *language = json_string_value(json_object_get(fields, "language"));
    json_object_set_new(fields, "dir", json_string(views_text_direction(language ? language : "")));
    json_object_set_new(model, "length",
                        views_admin_length(json_string_value(json_object_get(fields, "summary")),
                                           json_string_value(json_object_get(fields, "body"))));
    json_object_set_new(fields, "search_fields", views_admin_search_fields(fields));
    json_object_set_new(model, "article", fields);
    json_object_set_new(model, "id", json_integer(view->id));
    json_object_set_new(model, "is_new", json_boolean(view->id == 0));
    set_addresses(r, model, view->id);
    json_object_set_new(model, "revision", json_integer(view->revision));
    set_status(r, model, view);
    set_permissions(r, model, view);
    json_object_set_new(
        model, "content_types",
        content_type_options(r, json_string_value(json_object_get(fields, "content_type"))));
}

/* Problems, the preview and a stale save's comparison. */
static void set_answer(json_t *model, const admin_editor_view_t *view)
{
    if (view->problems != NULL)
        json_object_set_new(model, "problems", views_admin_problem_list(view->problems));
    if (view->preview)
        admin_set_preview(model, view->fields);
    if (view->conflict != NULL)
        json_object_set_new(model, "conflict", views_admin_conflict(view->conflict, view->fields));
    if (view->flash != NULL)
        json_object_set_new(model, "flash", json_string(view->flash));
}

/* The authors' names, for the authors field's suggestions. */
static json_t *author_choices(admin_request_t *r)
{
    json_t *names = json_array();
    store_author_query_t query = {.page_size = 200};
    store_author_list_t list;
    if (store_author_list(r->store, &query, r->pool, &list) == GZ_OK) {
        for (size_t i = 0; i < list.count; i++)
            json_array_append_new(names, json_pack("{s:s}", "name", list.items[i].name));
    }
    return names;
}

/* The addresses the article went out under that are not its address
 * now: they redirect to it, which the editor should know before typing a
 * new one. */
static json_t *old_slugs(admin_request_t *r, const admin_editor_view_t *view)
{
    json_t *list = json_array();
    store_article_slug_t *slugs = NULL;
    size_t count = 0;
    if (view->id > 0 && store_article_slugs(r->store, view->id, r->pool, &slugs, &count) != GZ_OK)
        count = 0;
    const char *current = json_string_value(json_object_get(view->fields, "slug"));
    for (size_t i = 0; i < count; i++) {
        if (current == NULL || strcmp(slugs[i].slug, current) != 0)
            json_array_append_new(list, json_string(slugs[i].slug));
    }
    return list;
}

/* The sections' names, for the section field's suggestions: the field
 * takes only a section that exists, and works as plain text without
 * JavaScript. */
static json_t *section_choices(admin_request_t *r)
{
    json_t *names = json_array();
    content_section_t *sections = NULL;
    size_t count = 0;
    if (store_section_list(r->store, r->pool, &sections, &count) == GZ_OK) {
        for (size_t i = 0; i < count; i++)
            json_array_append_new(names, json_pack("{s:s}", "name", sections[i].name));
    }
    return names;
}

/* Who the article is assigned to, and (for its desk's editors) the form
 * to change it: the accounts that can sign in, by name. */
static json_t *assignment_model(admin_request_t *r, const admin_editor_view_t *view)
{
    store_assignment_t assignment;
    bool found = false;
    if (store_assignment_get(r->store, view->id, r->pool, &assignment, &found) != GZ_OK)
        found = false;
    json_t *model = json_object();
    if (found)
        views_admin_set_assignment(model, &assignment);
    bool may_assign =
        newsroom_may_publish(&r->actor) && newsroom_covers_desk(&r->actor, view->current);
    json_object_set_new(model, "may_assign", json_boolean(may_assign));
    store_user_t *users = NULL;
    size_t count = 0;
    if (may_assign && store_user_list(r->store, r->pool, &users, &count) == GZ_OK)
        json_object_set_new(
            model, "accounts",
            views_admin_assignee_options(users, count, found ? assignment.user_id : 0));
    return model;
}

/* The article's translations, each with the editor's link; an empty list
 * when there are none or they cannot be read (the form still links). */
static json_t *translations(admin_request_t *r, int64_t id)
{
    content_article_t *others = NULL;
    size_t count = 0;
    json_t *list = json_array();
    if (store_translations(r->store, id, r->pool, &others, &count) != GZ_OK)
        return list;
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_object();
        json_object_set_new(item, "id", json_integer(others[i].id));
        admin_set_text(item, "headline", others[i].headline);
        admin_set_text(item, "language", others[i].language);
        admin_set_text(item, "dir", views_text_direction(others[i].language));
        json_array_append_new(list, item);
    }
    return list;
}

/* Who else has it open, its history and the pickers. */
static void set_surroundings(admin_request_t *r, json_t *model, const admin_editor_view_t *view)
{
    json_object_set_new(model, "revisions", revision_rows(r, view->id));
    json_object_set_new(model, "recent", recent_articles(r, view->id));
    json_object_set_new(model, "author_choices", author_choices(r));
    json_object_set_new(model, "section_choices", section_choices(r));
    if (view->current != NULL)
        json_object_set_new(model, "assignment", assignment_model(r, view));
    gz_time_t other_seen = 0;
    const char *other = view->id > 0 ? admin_note_presence(r, view->id, &other_seen) : NULL;
    if (other != NULL) {
        json_t *holder = json_object();
        json_object_set_new(holder, "name", json_string(other));
        views_admin_set_time(holder, "at", other_seen, "%H:%M:%S");
        json_object_set_new(model, "holder", holder);
    }
    if (view->notes != NULL)
        json_object_set_new(model, "notes", view->notes);
    json_object_set_new(model, "old_slugs", old_slugs(r, view));
    if (view->id > 0)
        json_object_set_new(model, "translations", translations(r, view->id));
    /* The public page exists for readers only once published. */
    if (view->id > 0 && view->status == CONTENT_PUBLISHED)
        json_object_set_new(
            model, "public_url",
            json_string(gz_pool_printf(r->pool, "/news/%lld", (long long)view->id)));
}

void admin_send_editor(admin_request_t *r, int status, admin_editor_view_t *view)
{
    json_t *model = admin_page_model(r, view->id ? "Edit article" : "New article");
    set_answer(model, view);
    set_form(r, model, view);
    set_surroundings(r, model, view);
    admin_send_page(r, status, "admin_editor", model);
}

void admin_editor_get(admin_request_t *r, int64_t id)
{
    admin_editor_view_t view = {.id = id, .status = CONTENT_DRAFT};
    if (id == 0) {
        content_article_t blank = {.language = r->site->config->site_language,
                                   .content_type = {.id = 1}};
        view.fields = newsroom_fields_of_article(&blank);
    } else {
        content_article_t *article = NULL;
        int code = admin_load_article(r, id, &article);
        if (code == GZ_ENOTFOUND) {
            admin_send_message(r, 404, "Not found", "There is no article with this number.");
            return;
        }
        if (code != GZ_OK) {
            admin_send_message(r, 503, "Try again", "The article cannot be read right now.");
            return;
        }
        view.fields = newsroom_fields_of_article(article);
        view.revision = article->revision;
        view.status = article->status;
        view.current = article;
        view.notes = views_admin_note_rows(article);
        view.read_only = admin_edit_refusal(r, article);
    }
    const char *saved = admin_query(r, "saved");
    if (saved != NULL)
        view.flash = views_admin_saved_message(saved);
    admin_send_editor(r, 200, &view);
}
