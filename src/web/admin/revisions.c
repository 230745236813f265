/*
 * revisions: an article's history and the changes that are not the
 * editor's form: a revision with what changed since the one before,
 * restoring one into the editor, deleting an article, and appending a
 * correction or update note.
 *
 * Restoring fills the editor's form with the old fields, based on the
 * current revision: nothing is stored until the editor saves, so a
 * restore is checked and saved like any edit. Deleting and notes go
 * through the newsroom (one transaction with the audit row), and the
 * watcher applies the change log before the answer, so the next reader
 * sees the change.
 */
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

void admin_revision_get(admin_request_t *r, int64_t id, int64_t number)
{
    store_revision_t revision, previous = {0};
    if (store_revision_get(r->store, id, number, r->pool, &revision) != GZ_OK) {
        admin_send_message(r, 404, "Not found", "This article has no such revision.");
        return;
    }
    bool has_previous = false;
    store_revision_t *all = NULL;
    size_t count = 0;
    store_revision_list(r->store, id, r->pool, &all, &count);
    for (size_t i = 0; i < count && !has_previous; i++) {
        if (all[i].revision < number) {
            previous = all[i];
            has_previous = true;
        }
    }
    json_t *fields =
        views_admin_revision_fields(has_previous ? previous.snapshot : NULL, revision.snapshot);
    json_t *model = admin_page_model(r, "Revision");
    json_object_set_new(model, "id", json_integer(id));
    json_object_set_new(model, "revision", json_integer(number));
    if (has_previous)
        json_object_set_new(model, "previous", json_integer(previous.revision));
    admin_set_text(model, "by", revision.user_name ? revision.user_name : "the system");
    views_admin_set_time(model, "at", revision.at, "%Y-%m-%d %H:%M:%S");
    json_object_set_new(model, "fields", fields);
    admin_send_page(r, 200, "admin_revision", model);
}

/* Restoring fills the editor with the old fields, based on the current
 * revision; nothing is stored until the editor saves. */
void admin_revision_restore(admin_request_t *r, int64_t id, int64_t number)
{
    content_article_t *current = NULL;
    store_revision_t revision;
    if (admin_load_article(r, id, &current) != GZ_OK ||
        store_revision_get(r->store, id, number, r->pool, &revision) != GZ_OK) {
        admin_send_message(r, 404, "Not found", "This article has no such revision.");
        return;
    }
    const char *refusal = admin_edit_refusal(r, current);
    if (refusal != NULL) {
        admin_send_message(r, 403, "Not allowed", refusal);
        return;
    }
    json_t *fields = views_admin_snapshot_fields(revision.snapshot);
    admin_editor_view_t view = {.id = id,
                                .revision = current->revision,
                                .status = current->status,
                                .current = current,
                                .fields = fields,
                                .flash =
                                    gz_pool_printf(r->pool,
                                                   "Revision %lld is loaded in the form: check it "
                                                   "and save to restore it.",
                                                   (long long)number)};
    admin_send_editor(r, 200, &view);
}

/* The article for an editor's or admin's action, or NULL when this user may
 * not (403, with refusal) or there is none (404): then it is answered. */
static content_article_t *editor_only_article(admin_request_t *r, int64_t id, const char *refusal)
{
    content_article_t *article = NULL;
    if (!newsroom_may_publish(&r->actor)) {
        admin_send_message(r, 403, "Not allowed", refusal);
        return NULL;
    }
    int code = admin_load_article(r, id, &article);
    if (code == GZ_ENOTFOUND)
        admin_send_message(r, 404, "Not found", "There is no article with this number.");
    else if (code != GZ_OK)
        admin_send_message(r, 503, "Try again", "The article cannot be read right now.");
    return code == GZ_OK ? article : NULL;
}

void admin_delete_route(admin_request_t *r, int64_t id, bool post)
{
    content_article_t *article = editor_only_article(r, id, "Only editors delete articles.");
    if (article == NULL)
        return;
    /* The workflow's rule, asked before the confirmation is offered (and
     * again under the deletion's transaction). */
    const char *refusal = NULL;
    if (newsroom_delete_check(r->store, &r->actor, article, r->pool, &refusal) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The article cannot be read right now.");
        return;
    }
    if (refusal != NULL) {
        admin_send_message(r, 403, "Not allowed", refusal);
        return;
    }
    if (!post) {
        json_t *model = admin_page_model(r, "Delete article");
        json_object_set_new(model, "id", json_integer(id));
        admin_set_text(model, "headline", article->headline);
        admin_send_page(r, 200, "admin_delete", model);
        return;
    }
    newsroom_result_t deleted;
    int code = newsroom_delete(r->store, &r->actor, id, r->pool, &deleted);
    if (code != GZ_OK) {
        bool refused = code == GZ_EINVAL && deleted.not_allowed;
        admin_send_message(r, refused ? 403 : 503, "Not deleted",
                           refused ? deleted.message
                                   : "The article could not be deleted right now.");
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    admin_send_redirect(r, gz_pool_printf(r->pool, "/admin/?saved=deleted+%lld", (long long)id));
}

/* An editor appends a dated correction or update; the public page shows
 * it on the next request. Notes cannot be changed afterwards: a wrong one
 * is corrected by another. */
void admin_note_post(admin_request_t *r, int64_t id)
{
    if (editor_only_article(r, id, "Only editors add corrections.") == NULL)
        return;
    const char *kind = admin_field(r, "kind");
    const char *text = admin_optional(r, "text");
    const char *problem = newsroom_note_problem(kind, text);
    if (problem != NULL) {
        admin_send_message(r, 400, "Note not added", problem);
        return;
    }
    content_note_kind_t note_kind =
        strcmp(kind, "update") == 0 ? CONTENT_NOTE_UPDATE : CONTENT_NOTE_CORRECTION;
    newsroom_result_t added;
    int code = newsroom_add_note(r->store, &r->actor, id, note_kind, text, r->pool, &added);
    if (code != GZ_OK) {
        bool refused = code == GZ_EINVAL && added.not_allowed; /* another desk's story */
        admin_send_message(r, refused ? 403 : 503, "Note not added",
                           refused ? added.message : "The note could not be added right now.");
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    admin_send_redirect(
        r, gz_pool_printf(r->pool, "/admin/articles/%lld?saved=%s", (long long)id,
                          note_kind == CONTENT_NOTE_UPDATE ? "update+added" : "correction+added"));
}

/* An editor links the article to its translation in another edition (by
 * the other's number) or takes it out of its translations. */
void admin_translations_post(admin_request_t *r, int64_t id)
{
    if (editor_only_article(r, id, "Only editors link translations.") == NULL)
        return;
    const char *action = admin_optional(r, "action");
    bool unlink = action != NULL && strcmp(action, "unlink") == 0;
    int64_t other = 0;
    const char *number = admin_optional(r, "other");
    if (!unlink &&
        (number == NULL || gz_parse_int64(gz_str_trim(gz_str_from_cstr(number)), &other) != GZ_OK ||
         other <= 0)) {
        admin_send_message(r, 400, "Translation not linked",
                           "Give the number of the article in the other language (as in its "
                           "address: /admin/articles/NUMBER).");
        return;
    }
    newsroom_result_t done;
    int code = unlink ? newsroom_translation_unlink(r->store, &r->actor, id, r->pool, &done)
                      : newsroom_translation_link(r->store, &r->actor, id, other, r->pool, &done);
    if (code != GZ_OK) {
        int status = code == GZ_EINVAL ? 422 : code == GZ_ENOTFOUND ? 404 : 503;
        admin_send_message(
            r, status, unlink ? "Translation not unlinked" : "Translation not linked",
            done.message != NULL ? done.message
                                 : "The translation could not be changed right now.");
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    admin_send_redirect(r, gz_pool_printf(r->pool, "/admin/articles/%lld?saved=%s", (long long)id,
                                          unlink ? "translation+unlinked" : "translation+linked"));
}
