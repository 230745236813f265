/*
 * planning: the newsroom's planning pages. The budget at /admin/budget
 * lists, desk by desk, what is due on a day, what is in progress and
 * what is planned (?day=YYYY-MM-DD in the site's zone, today by default;
 * ?desk= for one desk); POST /admin/articles/ID/assign sets who writes a
 * story and by when; /admin/workflow shows the site's statuses and steps
 * in words, and lets admins change them as the JSON document the
 * newsroom checks whole (or go back to the built-in workflow).
 */
#include <stdlib.h>
#include <string.h>

#include "web/admin/admin_private.h"

/* ---- assignments ------------------------------------------------------------ */

void admin_assign_post(admin_request_t *r, int64_t id)
{
    gz_time_t due = admin_typed_time(admin_field(r, "due"));
    if (due < 0) {
        admin_send_message(r, 400, "Assignment not saved",
                           "The due time is not a date and time (such as 2026-12-07 08:30).");
        return;
    }
    newsroom_assignment_t edit = {.article_id = id,
                                  .assignee = admin_optional(r, "assignee"),
                                  .due_at = due,
                                  .note = admin_optional(r, "note")};
    newsroom_result_t result;
    int code = newsroom_assign(r->store, &r->actor, &edit, r->pool, &result);
    if (code != GZ_OK) {
        int status = code == GZ_ENOTFOUND ? 404
                     : result.not_allowed ? 403
                     : code == GZ_EINVAL  ? 400
                                          : 503;
        admin_send_message(r, status, "Assignment not saved",
                           result.message ? result.message : "Try again in a moment.");
        return;
    }
    admin_send_redirect(
        r, gz_pool_printf(r->pool, "/admin/articles/%lld?saved=assign#assignment", (long long)id));
}

/* ---- the budget -------------------------------------------------------------- */

static const char *day_text(admin_request_t *r, gz_time_t t, const char *format)
{
    gz_buf_t text = GZ_BUF_INIT;
    gz_time_append_local(&text, t, format);
    const char *copy = gz_pool_strdup(r->pool, gz_buf_cstr(&text));
    gz_buf_free(&text);
    return copy;
}

/* The desk select [{name, selected}], "All desks" being "". */
static json_t *desk_options(admin_request_t *r, const char *selected)
{
    const char **desks = NULL;
    size_t count = 0;
    json_t *options = json_array();
    if (store_desk_list(r->store, r->pool, &desks, &count) != GZ_OK)
        return options;
    for (size_t i = 0; i < count; i++)
        json_array_append_new(options, json_pack("{s:s, s:b}", "name", desks[i], "selected",
                                                 selected != NULL && strcmp(selected, desks[i]) == 0));
    return options;
}

/* Only the desk asked for, when one is. */
static json_t *only_desk(json_t *desks, const char *desk)
{
    if (desk == NULL)
        return desks;
    json_t *kept = json_array();
    size_t i;
    json_t *entry;
    json_array_foreach (desks, i, entry) {
        if (strcmp(json_string_value(json_object_get(entry, "desk")), desk) == 0)
            json_array_append(kept, entry);
    }
    json_decref(desks);
    return kept;
}

static void set_day_links(admin_request_t *r, json_t *model, gz_time_t start, gz_time_t end,
                          const char *desk)
{
    const char *const names[] = {"day", "desk"};
    struct {
        const char *key;
        gz_time_t at;
    } links[] = {{"previous_day", start - 12 * 3600}, {"next_day", end + 12 * 3600}};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        const char *values[] = {day_text(r, links[i].at, "%Y-%m-%d"), desk};
        gz_buf_t link = GZ_BUF_INIT;
        views_query_url(&link, "/admin/budget", names, values, 2);
        admin_set_text(model, links[i].key, gz_buf_cstr(&link));
        gz_buf_free(&link);
    }
}

void admin_budget_get(admin_request_t *r)
{
    gz_time_t now = gz_now(), start = 0, end = 0;
    const char *day = admin_query(r, "day");
    if (day == NULL || day[0] == '\0')
        day = day_text(r, now, "%Y-%m-%d");
    if (!admin_typed_day(day, &start, &end)) {
        admin_send_message(r, 400, "Not a day", "The day is written YYYY-MM-DD, as 2026-12-07.");
        return;
    }
    const char *desk = admin_query(r, "desk");
    desk = desk != NULL && desk[0] ? desk : NULL;
    const newsroom_workflow_t *workflow = newsroom_actor_workflow(&r->actor);
    store_budget_t budget;
    store_status_count_t *counts = NULL;
    size_t count = 0;
    if (store_newsroom_budget(r->store, start, end, r->pool, &budget) != GZ_OK ||
        store_status_counts(r->store, r->pool, &counts, &count) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The budget cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Budget");
    json_object_set_new(model, "desks",
                        only_desk(views_admin_budget(&budget, workflow, start, end, now), desk));
    json_t *words = views_admin_workflow(workflow, counts, count);
    json_object_set(model, "statuses", json_object_get(words, "statuses"));
    json_decref(words);
    json_object_set_new(model, "desk_options", desk_options(r, desk));
    admin_set_text(model, "day", day);
    admin_set_text(model, "day_shown", day_text(r, start, "%A %-d %B %Y"));
    json_object_set_new(model, "is_today", json_boolean(now >= start && now < end));
    json_object_set_new(model, "full", json_boolean(budget.count >= STORE_BUDGET_MAX));
    set_day_links(r, model, start, end, desk);
    admin_send_page(r, 200, "admin_budget", model);
}

/* ---- the workflow ------------------------------------------------------------- */

/* The workflow's JSON laid out for reading and editing. */
static const char *readable_json(admin_request_t *r, const char *compact)
{
    json_t *root = json_loads(compact, 0, NULL);
    char *text = root != NULL ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    const char *copy = gz_pool_strdup(r->pool, text != NULL ? text : compact);
    free(text);
    json_decref(root);
    return copy;
}

/* The page with status, the document in the form (NULL: the site's), the
 * problems (newline-separated, or NULL) and a flash (or NULL). */
static void send_workflow(admin_request_t *r, int status, const char *typed, const char *problems,
                          const char *flash)
{
    const newsroom_workflow_t *workflow = NULL;
    store_status_count_t *counts = NULL;
    size_t count = 0;
    if (newsroom_workflow_load(r->store, r->pool, &workflow) != GZ_OK ||
        store_status_counts(r->store, r->pool, &counts, &count) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The workflow cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Workflow");
    json_object_set_new(model, "workflow", views_admin_workflow(workflow, counts, count));
    json_object_set_new(model, "may_change", json_boolean(r->user.role >= STORE_ROLE_ADMIN));
    json_object_set_new(model, "is_built_in",
                        json_boolean(workflow == newsroom_workflow_default()));
    admin_set_text(model, "document",
                   typed != NULL ? typed
                                 : readable_json(r, newsroom_workflow_json(workflow, r->pool)));
    json_object_set_new(model, "problems", views_admin_problem_list(problems));
    if (flash != NULL)
        admin_set_text(model, "flash", flash);
    admin_send_page(r, status, "admin_workflow", model);
}

static void workflow_post(admin_request_t *r)
{
    const char *action = admin_field(r, "action");
    bool reset = action != NULL && strcmp(action, "reset") == 0;
    const char *typed = reset ? newsroom_workflow_json(newsroom_workflow_default(), r->pool)
                              : admin_field(r, "workflow");
    newsroom_result_t result;
    int code = newsroom_workflow_save(r->store, &r->actor, typed ? typed : "", r->pool, &result);
    if (code == GZ_OK) {
        admin_send_redirect(r, reset ? "/admin/workflow?saved=reset" : "/admin/workflow?saved=1");
    } else if (result.not_allowed) {
        admin_send_message(r, 403, "Not allowed", result.message);
    } else if (code == GZ_EINVAL) {
        send_workflow(r, 422, reset ? NULL : typed, result.message, NULL);
    } else {
        admin_send_message(r, 503, "Try again", "The workflow cannot be stored right now.");
    }
}

void admin_workflow_route(admin_request_t *r, bool post)
{
    if (post) {
        workflow_post(r);
        return;
    }
    const char *saved = admin_query(r, "saved");
    const char *flash = saved == NULL                 ? NULL
                        : strcmp(saved, "reset") == 0 ? "The built-in workflow applies again."
                                                      : "Workflow saved.";
    send_workflow(r, 200, NULL, NULL, flash);
}
