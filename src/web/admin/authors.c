/*
 * authors: the newsroom's author profiles under /admin/authors.
 *
 *   GET  /admin/authors          the list: search by name or role, pages, a form for a new one
 *   GET  /admin/authors.json?q=  names for the editor's authors field
 *   POST /admin/authors/new      add a profile (editors and admins)
 *   GET  /admin/authors/ID       the profile's form
 *   POST /admin/authors/ID       save it (editors and admins; anyone their own)
 *
 * The newsroom checks and writes (newsroom_author_save); a refused form is
 * shown again with what was typed and why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

enum { AUTHORS_PAGE_SIZE = 50, PICKER_SIZE = 200 };

/* "/admin/authors/12" -> 12; 0 otherwise. */
static int64_t author_id_of(const char *path)
{
    const char prefix[] = "/admin/authors/";
    int64_t id = 0;
    if (strncmp(path, prefix, sizeof prefix - 1) != 0 ||
        gz_parse_int64(gz_str_from_cstr(path + sizeof prefix - 1), &id) != GZ_OK || id <= 0)
        return 0;
    return id;
}

static void set_text(json_t *object, const char *key, const char *value)
{
    json_object_set_new(object, key, json_string(value != NULL ? value : ""));
}

/* The form's fields of a profile (as stored, or as typed). */
static json_t *profile_fields(const content_author_t *author)
{
    json_t *fields = json_object();
    json_object_set_new(fields, "id", json_integer((json_int_t)author->id));
    set_text(fields, "name", author->name);
    set_text(fields, "slug", author->slug);
    set_text(fields, "role_line", author->role_line);
    set_text(fields, "bio", author->bio);
    set_text(fields, "links", author->links);
    set_text(fields, "language", author->language);
    char picture[32] = "";
    if (author->picture_id > 0)
        snprintf(picture, sizeof picture, "media:%lld", (long long)author->picture_id);
    set_text(fields, "picture", picture);
    if (author->slug != NULL && author->slug[0] != '\0') {
        gz_buf_t url = GZ_BUF_INIT;
        views_author_path(&url, NULL, author->slug);
        set_text(fields, "public_url", gz_buf_cstr(&url));
        gz_buf_free(&url);
    }
    json_object_set_new(fields, "has_account", json_boolean(author->user_id > 0));
    return fields;
}

/* ---- the list ------------------------------------------------------------- */

/* Another page of the list, with the same search. */
static const char *list_link(admin_request_t *r, size_t page)
{
    char number[32];
    snprintf(number, sizeof number, "%zu", page);
    const char *const names[] = {"page", "q"};
    const char *values[] = {number, admin_query(r, "q")};
    gz_buf_t link = GZ_BUF_INIT;
    views_query_url(&link, "/admin/authors", names, values, 2);
    const char *text = gz_pool_strdup(r->pool, gz_buf_cstr(&link));
    gz_buf_free(&link);
    return text;
}

static void list_show(admin_request_t *r, const content_author_t *typed, const char *flash,
                      int status)
{
    size_t page = admin_page_number(admin_query(r, "page"));
    store_author_query_t query = {.text = admin_query(r, "q"),
                                  .page = page,
                                  .page_size = AUTHORS_PAGE_SIZE};
    store_author_list_t list;
    if (store_author_list(r->store, &query, r->pool, &list) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The authors cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Authors");
    json_t *rows = json_array();
    for (size_t i = 0; i < list.count; i++)
        json_array_append_new(rows, profile_fields(&list.items[i]));
    json_object_set_new(model, "authors", rows);
    json_object_set_new(model, "total", json_integer((json_int_t)list.total));
    set_text(model, "q", admin_query(r, "q"));
    json_object_set_new(model, "may_add", json_boolean(newsroom_may_publish(&r->actor)));
    content_author_t blank = {0};
    json_object_set_new(model, "new_author", profile_fields(typed != NULL ? typed : &blank));
    if (flash != NULL)
        set_text(model, "flash", flash);
    if (page > 1)
        set_text(model, "previous", list_link(r, page - 1));
    if (page * AUTHORS_PAGE_SIZE < list.total)
        set_text(model, "next", list_link(r, page + 1));
    admin_send_page(r, status, "admin_authors", model);
}

static void list_json(admin_request_t *r)
{
    store_author_query_t query = {.text = admin_query(r, "q"), .page_size = PICKER_SIZE};
    store_author_list_t list;
    if (store_author_list(r->store, &query, r->pool, &list) != GZ_OK) {
        admin_send_json(r, 503, json_pack("{s:s}", "error", "The authors cannot be read now."));
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < list.count; i++)
        json_array_append_new(items, json_pack("{s:I,s:s,s:s}", "id",
                                               (json_int_t)list.items[i].id, "name",
                                               list.items[i].name, "slug", list.items[i].slug));
    admin_send_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total",
                                      (json_int_t)list.total));
}

/* ---- one profile ------------------------------------------------------------ */

static void profile_show(admin_request_t *r, const content_author_t *author, const char *flash,
                         int status)
{
    json_t *model = admin_page_model(r, author->name != NULL ? author->name : "Author");
    json_object_set_new(model, "author", profile_fields(author));
    if (flash != NULL)
        set_text(model, "flash", flash);
    admin_send_page(r, status, "admin_author", model);
}

static void profile_get(admin_request_t *r, int64_t id)
{
    content_author_t author;
    int code = store_author_get(r->store, id, r->pool, &author);
    if (code == GZ_ENOTFOUND) {
        admin_send_message(r, 404, "Not found", "There is no such author.");
        return;
    }
    if (code != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The author cannot be read right now.");
        return;
    }
    profile_show(r, &author, admin_query(r, "saved") ? "Saved." : NULL, 200);
}

/* The form over the stored profile (or a new one); the account link is
 * not a field: it stays as it was. */
static void read_form(admin_request_t *r, content_author_t *author)
{
    author->name = admin_field(r, "name");
    author->slug = admin_field(r, "slug");
    author->role_line = admin_field(r, "role_line");
    author->bio = admin_field(r, "bio");
    author->links = admin_field(r, "links");
    author->language = admin_field(r, "language");
    author->picture_id = admin_media_reference(admin_field(r, "picture"));
    static const char *const optional[] = {"role_line", "bio", "links", "language"};
    const char **fields[] = {&author->role_line, &author->bio, &author->links, &author->language};
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
        if (*fields[i] != NULL && gz_str_trim(gz_str_from_cstr(*fields[i])).len == 0)
            *fields[i] = NULL;
    }
}

static void profile_post(admin_request_t *r, int64_t id)
{
    content_author_t author = {0};
    if (id > 0) {
        int code = store_author_get(r->store, id, r->pool, &author);
        if (code != GZ_OK) {
            admin_send_message(r, code == GZ_ENOTFOUND ? 404 : 503,
                               code == GZ_ENOTFOUND ? "Not found" : "Try again",
                               "There is no such author, or it cannot be read now.");
            return;
        }
    }
    read_form(r, &author);
    newsroom_author_result_t result = {0};
    int code = GZ_EINVAL;
    if (author.picture_id < 0)
        result.message = "The picture is a library reference like media:12, or nothing.";
    else
        code = newsroom_author_save(r->store, &r->actor, &author, r->pool, &result);
    if (code != GZ_OK) {
        bool form_mistake = code == GZ_EINVAL || code == GZ_ECONFLICT;
        int status = result.not_allowed ? 403 : form_mistake ? 422 : 503;
        if (id > 0)
            profile_show(r, &author, result.message, status);
        else
            list_show(r, &author, result.message, status);
        return;
    }
    /* The pages that print the name drop before the answer, not 250 ms later. */
    web_watcher_sync(r->site->watcher, r->store);
    admin_send_redirect(r, gz_pool_printf(r->pool, "/admin/authors/%lld?saved=1",
                                          (long long)result.author_id));
}

bool admin_authors_route(admin_request_t *r, bool post)
{
    const char *path = r->path;
    if (strncmp(path, "/admin/authors", 14) != 0)
        return false;
    int64_t id = author_id_of(path);
    if (strcmp(path, "/admin/authors") == 0 && !post)
        list_show(r, NULL, NULL, 200);
    else if (strcmp(path, "/admin/authors.json") == 0 && !post)
        list_json(r);
    else if (strcmp(path, "/admin/authors/new") == 0 && post)
        profile_post(r, 0);
    else if (id > 0 && post)
        profile_post(r, id);
    else if (id > 0)
        profile_get(r, id);
    else
        return false;
    return true;
}
