/*
 * save: the editor's form, sent. The form becomes an article (the stored
 * one with the form's fields over it, or a new one), which is checked
 * and handed to the newsroom: one transaction with the optimistic check
 * (the form says which revision it was based on; if another save came
 * first the save is refused with a 409 page showing both versions), the
 * article, its revision and the audit row. After the commit the watcher
 * applies the change log to the page cache before the response is sent,
 * so the next reader sees the change.
 *
 * The editor's script posts with format=json for autosave and live
 * preview, and reads JSON answers instead of pages.
 */
#include <stdlib.h>
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

/* The form's values as typed. */
static json_t *fields_of_form(admin_request_t *r)
{
    json_t *fields = json_object();
    for (size_t i = 0; i < NEWSROOM_TEXT_FIELD_COUNT; i++)
        admin_set_text(fields, newsroom_text_fields[i], admin_field(r, newsroom_text_fields[i]));
    return fields;
}

static void add_problem(gz_buf_t *problems, const char *message)
{
    gz_buf_printf(problems, "%s%s", problems->len ? "\n" : "", message);
}

static const char *form_field(void *context, const char *name)
{
    return admin_field(context, name);
}

/* Applies the form to article (a copy of the stored one, or a new one);
 * problems the model's validation cannot see go to problems. GZ_OK, or
 * the store's error when it could not answer. */
static int apply_form(admin_request_t *r, content_article_t *article, gz_buf_t *problems)
{
    return newsroom_apply_fields(r->store, article, form_field, r, r->site->config->site_language,
                                 r->pool, problems);
}

static int64_t form_revision(admin_request_t *r)
{
    int64_t revision = -1;
    const char *text = admin_field(r, "revision");
    if (text == NULL || gz_parse_int64(gz_str_from_cstr(text), &revision) != GZ_OK)
        return -1;
    return revision;
}

static void send_editor_json(admin_request_t *r, int status, const admin_editor_view_t *view,
                             int64_t id, int64_t revision)
{
    json_t *body = json_object();
    if (view->problems != NULL)
        json_object_set_new(body, "problems", views_admin_problem_list(view->problems));
    if (view->conflict != NULL) {
        admin_set_text(body, "by",
                       view->conflict->user_name ? view->conflict->user_name : "the system");
        views_admin_set_time(body, "at", view->conflict->at, "%Y-%m-%d %H:%M:%S");
    }
    if (view->preview)
        admin_set_preview(body, view->fields);
    gz_time_t other_seen = 0;
    const char *other = id > 0 ? admin_note_presence(r, id, &other_seen) : NULL;
    if (other != NULL)
        admin_set_text(body, "holder", other);
    if (id > 0) {
        json_object_set_new(body, "id", json_integer(id));
        admin_set_text(body, "url", gz_pool_printf(r->pool, "/admin/articles/%lld", (long long)id));
    }
    json_object_set_new(body, "revision", json_integer(revision));
    views_admin_set_time(body, "saved_at", status == 200 && !view->preview ? gz_now() : 0,
                         "%H:%M:%S");
    json_decref(view->fields);
    admin_send_json(r, status, body);
}

/* Answers a save the newsroom refused or could not do. */
static void send_save_failure(admin_request_t *r, int code, const newsroom_result_t *saved,
                              admin_editor_view_t *view, bool json_mode)
{
    int status = code == GZ_ECONFLICT                      ? 409
                 : code == GZ_EINVAL && saved->not_allowed ? 403
                 : code == GZ_EINVAL                       ? 422
                 : code == GZ_ENOTFOUND                    ? 404
                                                           : 503;
    if (status == 409) {
        view->conflict = &saved->conflict;
        view->revision = saved->conflict.revision;
        view->problems = "Someone else saved this article after you opened it. Your text is "
                         "kept below: compare, merge, then save again.";
    } else {
        view->problems = saved->message;
        view->revision = form_revision(r);
    }
    if (json_mode && status != 503 && status != 404) {
        send_editor_json(r, status, view, view->id, view->revision);
        return;
    }
    if (status == 409 || status == 422) {
        admin_send_editor(r, status, view);
        return;
    }
    json_decref(view->fields);
    if (status == 403)
        admin_send_message(r, 403, "Not allowed", saved->message);
    else
        admin_send_message(r, status, "Not saved",
                           "The article could not be saved right now; try again.");
}

void admin_editor_post(admin_request_t *r, int64_t id)
{
    const char *format = admin_field(r, "format");
    bool json_mode = format != NULL && strcmp(format, "json") == 0;
    /* A step of the site's workflow is "move:KEY" (a button has one value). */
    const char *action_field = admin_field(r, "action");
    const char *to = action_field != NULL && strncmp(action_field, "move:", 5) == 0
                         ? action_field + 5
                         : NULL;
    newsroom_action_t action = to != NULL ? NEWSROOM_MOVE : newsroom_action_parse(action_field);
    content_article_t *current = NULL;
    if (id > 0) {
        int code = admin_load_article(r, id, &current);
        if (code != GZ_OK) {
            admin_send_message(r, code == GZ_ENOTFOUND ? 404 : 503, "Not saved",
                               code == GZ_ENOTFOUND ? "There is no article with this number."
                                                    : "The article cannot be read right now.");
            return;
        }
    }
    const char *refusal = admin_edit_refusal(r, current);
    if (refusal != NULL) {
        admin_send_message(r, 403, "Not allowed", refusal);
        return;
    }
    content_article_t *article = gz_pool_calloc(r->pool, 1, sizeof *article);
    if (current != NULL)
        *article = *current;
    else
        article->status = CONTENT_DRAFT;
    gz_buf_t problems = GZ_BUF_INIT;
    if (apply_form(r, article, &problems) != GZ_OK) {
        gz_buf_free(&problems);
        admin_send_message(r, 503, "Not saved", "The article could not be saved right now; try again.");
        return;
    }
    gz_time_t typed_time = admin_typed_time(admin_field(r, "publish_at"));
    if (typed_time < 0)
        add_problem(&problems, "The publication time is not a date and time.");
    admin_editor_view_t view = {.id = id,
                                .revision = current ? current->revision : 0,
                                .status = article->status,
                                .current = current,
                                .fields = fields_of_form(r),
                                .preview = action == NEWSROOM_PREVIEW};
    if (action == NEWSROOM_UNKNOWN) {
        add_problem(&problems, "Unknown action.");
    } else if (action != NEWSROOM_PREVIEW) {
        gz_buf_t invalid = GZ_BUF_INIT;
        if (content_article_validate(article, &invalid) != GZ_OK)
            add_problem(&problems, gz_buf_cstr(&invalid));
        gz_buf_free(&invalid);
    }
    int status = problems.len > 0 ? 422 : 200;
    if (problems.len > 0)
        view.problems = gz_pool_strdup(r->pool, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    if (status != 200 || action == NEWSROOM_PREVIEW) {
        if (id > 0 && form_revision(r) >= 0)
            view.revision = form_revision(r);
        if (json_mode)
            send_editor_json(r, status, &view, id, view.revision);
        else
            admin_send_editor(r, status, &view);
        return;
    }
    newsroom_edit_t edit = {.article = article,
                            .based_on = form_revision(r),
                            .action = action,
                            .to = to,
                            .typed_time = typed_time > 0 ? typed_time : 0};
    newsroom_result_t saved;
    int code = newsroom_save(r->store, &r->actor, &edit, r->pool, &saved);
    if (code != GZ_OK) {
        if (code != GZ_EINVAL && code != GZ_ECONFLICT)
            gz_log(GZ_LOG_ERROR, "admin: cannot save article: %s", saved.message);
        send_save_failure(r, code, &saved, &view, json_mode);
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    if (json_mode) {
        send_editor_json(r, 200, &view, saved.article_id, saved.revision);
        return;
    }
    json_decref(view.fields);
    admin_send_redirect(r,
                        gz_pool_printf(r->pool, "/admin/articles/%lld?saved=%s",
                                       (long long)saved.article_id, newsroom_action_name(action)));
}
