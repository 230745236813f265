/*
 * list: the newsroom's article list, with filters (status, section,
 * author, words of the headline) and pages, and the admins' audit log.
 * Both read the store and hand the rows to the views (views/admin_list.c).
 */
#include <stdio.h>
#include <string.h>

#include "web/admin/admin_private.h"

/* The link to another page of the list, with the same filters. */
static const char *list_link(admin_request_t *r, size_t page)
{
    char number[32];
    snprintf(number, sizeof number, "%zu", page);
    const char *const names[] = {"page", "status", "section", "author", "q"};
    const char *values[] = {number, admin_query(r, "status"), admin_query(r, "section"),
                            admin_query(r, "author"), admin_query(r, "q")};
    gz_buf_t link = GZ_BUF_INIT;
    views_query_url(&link, "/admin/", names, values, sizeof names / sizeof names[0]);
    const char *text = gz_pool_strdup(r->pool, gz_buf_cstr(&link));
    gz_buf_free(&link);
    return text;
}

static json_t *section_options(admin_request_t *r, const char *selected_slug)
{
    content_section_t *sections = NULL;
    size_t count = 0;
    store_section_list(r->store, r->pool, &sections, &count);
    return views_admin_section_options(sections, count, selected_slug);
}

void admin_list_get(admin_request_t *r)
{
    const char *status_name = admin_query(r, "status");
    const char *section_slug = admin_query(r, "section");
    const char *author = admin_query(r, "author");
    const char *text = admin_query(r, "q");
    size_t page = admin_page_number(admin_query(r, "page"));
    store_newsroom_query_t query = {.status = -1,
                                    .author = author,
                                    .text = text,
                                    .limit = ADMIN_LIST_PAGE_SIZE,
                                    .offset = (page - 1) * ADMIN_LIST_PAGE_SIZE};
    content_status_t status;
    if (status_name != NULL && status_name[0] &&
        content_status_parse(status_name, &status) == GZ_OK)
        query.status = (int)status;
    content_section_t section;
    if (section_slug != NULL && section_slug[0]) {
        query.section_id =
            store_section_get_by_slug(r->store, section_slug, r->pool, &section) == GZ_OK
                ? section.id
                : -1;
    }
    content_article_list_t list;
    if (store_newsroom_list(r->store, &query, r->pool, &list) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The article list cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Articles");
    json_t *rows = json_array();
    gz_time_t now = gz_now();
    for (size_t i = 0; i < list.count; i++)
        json_array_append_new(rows, views_admin_article_row(&list.items[i], now));
    json_object_set_new(model, "articles", rows);
    json_object_set_new(model, "total", json_integer((json_int_t)list.total));
    json_object_set_new(model, "statuses", views_admin_status_options(status_name));
    json_object_set_new(model, "sections", section_options(r, section_slug));
    json_object_set_new(model, "author", json_string(author ? author : ""));
    json_object_set_new(model, "q", json_string(text ? text : ""));
    json_object_set_new(model, "page", json_integer((json_int_t)page));
    if (page > 1)
        json_object_set_new(model, "previous", json_string(list_link(r, page - 1)));
    if (page * ADMIN_LIST_PAGE_SIZE < list.total)
        json_object_set_new(model, "next", json_string(list_link(r, page + 1)));
    /* "?saved=deleted+ID" after a deletion; nothing else is shown, since
     * anyone can craft the link. */
    const char *saved = admin_query(r, "saved");
    int64_t deleted = 0;
    if (saved != NULL && strncmp(saved, "deleted ", 8) == 0 &&
        gz_parse_int64(gz_str_from_cstr(saved + 8), &deleted) == GZ_OK && deleted > 0)
        json_object_set_new(
            model, "flash",
            json_string(gz_pool_printf(r->pool, "Article %lld deleted.", (long long)deleted)));
    admin_send_page(r, 200, "admin_list", model);
}

void admin_audit_get(admin_request_t *r)
{
    if (r->user.role < STORE_ROLE_ADMIN) {
        admin_send_message(r, 403, "Not allowed", "Only admins read the audit log.");
        return;
    }
    size_t page = admin_page_number(admin_query(r, "page"));
    store_audit_entry_t *entries = NULL;
    size_t count = 0;
    if (store_audit_list(r->store, ADMIN_LIST_PAGE_SIZE + 1, (page - 1) * ADMIN_LIST_PAGE_SIZE,
                         r->pool, &entries, &count) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The audit log cannot be read right now.");
        return;
    }
    json_t *rows = views_admin_audit_rows(
        entries, count < ADMIN_LIST_PAGE_SIZE ? count : ADMIN_LIST_PAGE_SIZE);
    json_t *model = admin_page_model(r, "Audit log");
    json_object_set_new(model, "entries", rows);
    json_object_set_new(model, "page", json_integer((json_int_t)page));
    if (page > 1)
        json_object_set_new(
            model, "previous",
            json_string(gz_pool_printf(r->pool, "/admin/audit?page=%zu", page - 1)));
    if (count > ADMIN_LIST_PAGE_SIZE)
        json_object_set_new(
            model, "next", json_string(gz_pool_printf(r->pool, "/admin/audit?page=%zu", page + 1)));
    admin_send_page(r, 200, "admin_audit", model);
}
