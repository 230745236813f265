/*
 * admin_planning: the newsroom's planning pages as view models. The
 * budget sorts a day's open and due stories into each desk's three
 * columns; the workflow page shows the site's statuses and steps in
 * words. Pure functions of what the store read.
 */
#include <string.h>

#include "views/views_private.h"

/* ---- the budget ------------------------------------------------------------ */

/* Where a story stands on the day: due within it (an assignment's time,
 * or the scheduled publication), planned for later (scheduled, or due
 * after the day), else in progress. */
static const char *budget_column(const store_budget_item_t *item, gz_time_t start, gz_time_t end)
{
    const content_article_t *article = &item->article;
    gz_time_t due = item->assignment.due_at;
    bool scheduled = article->status == CONTENT_SCHEDULED;
    if ((due >= start && due < end) ||
        (scheduled && article->published_at >= start && article->published_at < end))
        return "due";
    if (scheduled || due >= end)
        return "planned";
    return "in_progress";
}

static json_t *budget_row(const store_budget_item_t *item, const newsroom_workflow_t *workflow,
                          gz_time_t now)
{
    const content_article_t *article = &item->article;
    json_t *row = views_admin_article_row(article, now);
    const newsroom_status_t *status = newsroom_status_of(workflow, article);
    views_set_text(row, "status_label", status != NULL ? status->label
                                                       : content_status_name(article->status));
    bool done = article->status == CONTENT_PUBLISHED || article->status == CONTENT_UNPUBLISHED;
    json_object_set_new(row, "done", json_boolean(done));
    json_object_set_new(row, "scheduled", json_boolean(article->status == CONTENT_SCHEDULED));
    if (item->assignment.article_id != 0) {
        views_admin_set_assignment(row, &item->assignment);
        json_object_set_new(row, "late", json_boolean(!done && item->assignment.due_at > 0 &&
                                                      item->assignment.due_at < now));
    }
    return row;
}

/* The desk's entry, added to desks when it is not the last one. */
static json_t *desk_entry(json_t *desks, const char *desk)
{
    const char *name = desk != NULL && desk[0] ? desk : "";
    json_t *last = json_array_get(desks, json_array_size(desks) - 1);
    if (last != NULL && strcmp(json_string_value(json_object_get(last, "desk")), name) == 0)
        return last;
    json_t *entry = json_pack("{s:s, s:s, s:[], s:[], s:[], s:i}", "desk", name, "shown",
                              name[0] ? name : "No desk", "due", "in_progress", "planned",
                              "count", 0);
    json_array_append_new(desks, entry);
    return entry;
}

json_t *views_admin_budget(const store_budget_t *budget, const newsroom_workflow_t *workflow,
                           gz_time_t day_start, gz_time_t day_end, gz_time_t now)
{
    json_t *desks = json_array();
    for (size_t i = 0; i < budget->count; i++) {
        const store_budget_item_t *item = &budget->items[i];
        json_t *desk = desk_entry(desks, item->article.section.desk);
        json_array_append_new(json_object_get(desk, budget_column(item, day_start, day_end)),
                              budget_row(item, workflow, now));
        json_object_set_new(desk, "count",
                            json_integer(json_integer_value(json_object_get(desk, "count")) + 1));
    }
    return desks;
}

/* ---- the workflow ----------------------------------------------------------- */

/* "Editor, Chief editor, Admin", or "nobody". */
static json_t *role_labels(newsroom_roles_t roles)
{
    gz_buf_t text = GZ_BUF_INIT;
    for (int role = STORE_ROLE_CONTRIBUTOR; role <= STORE_ROLE_ADMIN; role++) {
        if ((roles & NEWSROOM_ROLE_BIT(role)) == 0)
            continue;
        gz_buf_append_cstr(&text, text.len > 0 ? ", " : "");
        gz_buf_append_cstr(&text, views_role_label((store_role_t)role));
    }
    json_t *labels = json_string(text.len > 0 ? gz_buf_cstr(&text) : "nobody");
    gz_buf_free(&text);
    return labels;
}

static int64_t articles_at(const char *key, const store_status_count_t *counts, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (counts[i].status != NULL && strcmp(counts[i].status, key) == 0)
            return counts[i].count;
    }
    return 0;
}

static const char *status_label(const newsroom_workflow_t *workflow, const char *key)
{
    const newsroom_status_t *status = newsroom_status_find(workflow, key);
    return status != NULL ? status->label : key;
}

json_t *views_admin_workflow(const newsroom_workflow_t *workflow,
                             const store_status_count_t *counts, size_t count)
{
    json_t *statuses = json_array(), *steps = json_array();
    for (size_t i = 0; i < workflow->status_count; i++) {
        const newsroom_status_t *status = &workflow->statuses[i];
        json_array_append_new(statuses, json_pack("{s:s, s:s, s:s, s:I}", "key", status->key,
                                                  "label", status->label, "stage",
                                                  content_status_name(status->stage), "articles",
                                                  (json_int_t)articles_at(status->key, counts,
                                                                          count)));
    }
    for (size_t i = 0; i < workflow->transition_count; i++) {
        const newsroom_transition_t *step = &workflow->transitions[i];
        json_array_append_new(steps, json_pack("{s:s, s:s, s:o}", "from",
                                               status_label(workflow, step->from), "to",
                                               status_label(workflow, step->to), "roles",
                                               role_labels(step->roles)));
    }
    return json_pack("{s:o, s:o, s:o, s:o}", "statuses", statuses, "steps", steps, "delete",
                     role_labels(workflow->delete_roles), "delete_published",
                     role_labels(workflow->delete_published_roles));
}
