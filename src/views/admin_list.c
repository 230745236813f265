/*
 * admin_list: the view models of the newsroom's lists: the common part of
 * every newsroom page, the article list with its filters, the audit log
 * and the accounts page.
 *
 * Like every view these are pure: the handler reads the store and hands
 * the rows in, so each model is tested without a server or a database.
 * Times are shown in the site's zone, to the minute in lists and to the
 * second where the order of events matters (the audit log).
 */
#include "views/views_private.h"

#include <string.h>

void views_admin_set_time(json_t *object, const char *key, gz_time_t t, const char *format)
{
    if (t <= 0)
        return;
    gz_buf_t text = GZ_BUF_INIT;
    gz_time_append_local(&text, t, format);
    json_object_set_new(object, key, json_string(gz_buf_cstr(&text)));
    gz_buf_free(&text);
}

json_t *views_admin_page(const char *title, const char *site_name, const store_user_t *user,
                         const char *csrf)
{
    json_t *model = json_object();
    views_set_text(model, "title", title);
    views_set_text(model, "site_name", site_name);
    if (user == NULL)
        return model;
    json_t *shown = json_object();
    views_set_text(shown, "name", user->name);
    views_set_text(shown, "display_name",
             user->display_name && user->display_name[0] ? user->display_name : user->name);
    views_set_text(shown, "role", store_role_name(user->role));
    json_object_set_new(shown, "is_editor", json_boolean(user->role >= STORE_ROLE_EDITOR));
    json_object_set_new(shown, "is_admin", json_boolean(user->role >= STORE_ROLE_ADMIN));
    json_object_set_new(model, "user", shown);
    views_set_text(model, "csrf", csrf);
    return model;
}

json_t *views_admin_article_row(const content_article_t *article, gz_time_t now)
{
    json_t *row = json_object();
    json_object_set_new(row, "id", json_integer(article->id));
    views_set_text(row, "headline", article->headline);
    views_set_text(row, "status", content_status_name(article->status));
    views_set_text(row, "section", article->section.name);
    json_object_set_new(row, "revision", json_integer(article->revision));
    gz_buf_t path = GZ_BUF_INIT;
    views_article_path(&path, NULL, article->id, article->slug ? article->slug : "");
    views_set_text(row, "public_url", gz_buf_cstr(&path));
    gz_buf_free(&path);
    json_object_set_new(row, "is_live", json_boolean(content_article_is_live(article, now)));
    views_admin_set_time(row, "updated", article->updated_at, "%Y-%m-%d %H:%M");
    views_admin_set_time(row, "published", article->published_at, "%Y-%m-%d %H:%M");
    return row;
}

json_t *views_admin_newsroom_row(const store_newsroom_row_t *row, const char *status_label,
                                 gz_time_t now)
{
    const content_article_t *article = &row->article;
    json_t *shown = views_admin_article_row(article, now);
    views_set_text(shown, "status_key",
             article->workflow_status ? article->workflow_status
                                      : content_status_name(article->status));
    views_set_text(shown, "status", status_label ? status_label : content_status_name(article->status));
    views_set_text(shown, "desk", article->section.desk);
    views_set_text(shown, "authors", row->authors);
    views_set_text(shown, "assignee", row->assignee_name);
    views_admin_set_time(shown, "due", row->due_at, "%Y-%m-%d %H:%M");
    return shown;
}

json_t *views_admin_status_options(const char *selected)
{
    json_t *options = json_array();
    for (int status = CONTENT_DRAFT; status <= CONTENT_UNPUBLISHED; status++) {
        const char *name = content_status_name((content_status_t)status);
        json_array_append_new(options, json_pack("{s:s, s:b}", "name", name, "selected",
                                                 selected != NULL && strcmp(selected, name) == 0));
    }
    return options;
}

json_t *views_admin_section_options(const content_section_t *sections, size_t count,
                                    const char *selected_slug)
{
    json_t *options = json_array();
    for (size_t i = 0; i < count; i++) {
        bool selected = selected_slug != NULL && strcmp(selected_slug, sections[i].slug) == 0;
        json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "slug", sections[i].slug,
                                                 "name", sections[i].name, "selected", selected));
    }
    return options;
}

json_t *views_admin_audit_rows(const store_audit_entry_t *entries, size_t count)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < count; i++) {
        json_t *row = json_object();
        views_admin_set_time(row, "at", entries[i].at, "%Y-%m-%d %H:%M:%S");
        views_set_text(row, "who", entries[i].user_name ? entries[i].user_name : "-");
        views_set_text(row, "action", entries[i].action);
        views_set_text(row, "target", entries[i].target);
        views_set_text(row, "detail", entries[i].detail);
        json_array_append_new(rows, row);
    }
    return rows;
}

const char *views_role_label(store_role_t role)
{
    static const char *const labels[] = {NULL,     "Contributor",  "Author",
                                         "Editor", "Chief editor", "Admin"};
    return role >= STORE_ROLE_CONTRIBUTOR && role <= STORE_ROLE_ADMIN ? labels[role] : "Unknown";
}

static json_t *role_options(store_role_t selected)
{
    json_t *roles = json_array();
    for (int role = STORE_ROLE_CONTRIBUTOR; role <= STORE_ROLE_ADMIN; role++)
        json_array_append_new(roles, json_pack("{s:s, s:s, s:b}", "name",
                                               store_role_name((store_role_t)role), "label",
                                               views_role_label((store_role_t)role), "selected",
                                               selected == (store_role_t)role));
    return roles;
}

json_t *views_admin_user_rows(const store_user_t *users, size_t count, int64_t self_id)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < count; i++) {
        json_t *row = json_object();
        views_set_text(row, "name", users[i].name);
        views_set_text(row, "display_name", users[i].display_name);
        views_set_text(row, "role", store_role_name(users[i].role));
        views_set_text(row, "desks", users[i].desks);
        json_object_set_new(row, "disabled", json_boolean(users[i].disabled));
        json_object_set_new(row, "is_self", json_boolean(users[i].id == self_id));
        json_object_set_new(row, "roles", role_options(users[i].role));
        json_array_append_new(rows, row);
    }
    return rows;
}
