/*
 * tags: the newsroom's tags, editors and admins only (a writer gets 403).
 *
 *   GET  /admin/tags?q=&page=    the tags by name with their article counts, searched
 *   GET  /admin/tags/ID          its rename form and its merge form
 *   POST /admin/tags/ID/rename   name, slug (empty: made from the name)
 *   POST /admin/tags/ID/merge    into=the other tag's address name or name; without
 *                                confirm=yes it answers a confirmation page that says
 *                                what will happen, whose button sends confirm=yes
 *
 * A merge cannot be undone (the merged tag is gone), hence the
 * confirmation step; it works without JavaScript like every form here.
 */
#include <stdio.h>
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

enum { TAGS_PAGE_SIZE = 50 };

static const char TAGS[] = "/admin/tags";

/* "/admin/tags/12" + suffix -> 12; 0 otherwise. */
static int64_t tag_id_in(const char *path, const char *suffix)
{
    const char prefix[] = "/admin/tags/";
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *digits = path + sizeof prefix - 1;
    const char *end = digits + strcspn(digits, "/");
    int64_t id = 0;
    if (strcmp(end, suffix) != 0 ||
        gz_parse_int64((gz_str_t){digits, (size_t)(end - digits)}, &id) != GZ_OK || id <= 0)
        return 0;
    return id;
}

static json_t *tag_fields(const content_tag_t *tag, int64_t articles)
{
    json_t *fields = json_object();
    json_object_set_new(fields, "id", json_integer((json_int_t)tag->id));
    admin_set_text(fields, "name", tag->name);
    admin_set_text(fields, "slug", tag->slug);
    json_object_set_new(fields, "articles", json_integer((json_int_t)articles));
    return fields;
}

static void set_public_url(admin_request_t *r, json_t *fields, const content_tag_t *tag)
{
    admin_set_text(fields, "public_url", gz_pool_printf(r->pool, "/tag/%s", tag->slug));
}

/* ---- the list ----------------------------------------------------------------------- */

/* text as a query value: letters, digits and "-._~" kept, the rest %XX. */
static const char *query_escaped(gz_pool_t *pool, const char *text)
{
    gz_buf_t out = GZ_BUF_INIT;
    for (const char *c = text != NULL ? text : ""; *c; c++) {
        unsigned char byte = (unsigned char)*c;
        if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
            (byte >= '0' && byte <= '9') || strchr("-._~", byte) != NULL)
            gz_buf_append_char(&out, (char)byte);
        else
            gz_buf_printf(&out, "%%%02X", byte);
    }
    const char *escaped = gz_pool_strdup(pool, gz_buf_cstr(&out));
    gz_buf_free(&out);
    return escaped;
}

static void list_show(admin_request_t *r)
{
    size_t page = admin_page_number(admin_query(r, "page"));
    const char *text = admin_query(r, "q");
    store_tag_query_t query = {.text = text, .page = page, .page_size = TAGS_PAGE_SIZE};
    store_tag_list_t list;
    if (store_tag_list(r->store, &query, r->pool, &list) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The tags cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Tags");
    json_t *rows = json_array();
    for (size_t i = 0; i < list.count; i++) {
        json_t *row = tag_fields(&list.items[i], list.article_counts[i]);
        set_public_url(r, row, &list.items[i]);
        json_array_append_new(rows, row);
    }
    json_object_set_new(model, "tags", rows);
    json_object_set_new(model, "total", json_integer((json_int_t)list.total));
    admin_set_text(model, "q", text);
    const char *q = query_escaped(r->pool, text);
    if (page > 1)
        admin_set_text(model, "previous",
                       gz_pool_printf(r->pool, "%s?page=%zu&q=%s", TAGS, page - 1, q));
    if (page * TAGS_PAGE_SIZE < list.total)
        admin_set_text(model, "next", gz_pool_printf(r->pool, "%s?page=%zu&q=%s", TAGS, page + 1, q));
    if (admin_query(r, "merged") != NULL)
        admin_set_text(model, "flash", "Merged.");
    admin_send_page(r, 200, "admin_tags", model);
}

/* ---- one tag ------------------------------------------------------------------------- */

/* The tag's article count, read from the list filtered by its slug. */
static int64_t articles_of(admin_request_t *r, const content_tag_t *tag)
{
    store_tag_query_t query = {.text = tag->slug, .page_size = STORE_TAG_PAGE_MAX};
    store_tag_list_t list;
    if (store_tag_list(r->store, &query, r->pool, &list) != GZ_OK)
        return 0;
    for (size_t i = 0; i < list.count; i++)
        if (list.items[i].id == tag->id)
            return list.article_counts[i];
    return 0;
}

typedef struct {
    const char *name, *slug; /* the rename form as typed */
    const char *into;        /* the merge form as typed */
    const char *flash;
    const content_tag_t *confirm_into; /* set: the confirmation page */
} tag_view_t;

static void tag_show(admin_request_t *r, const content_tag_t *tag, const tag_view_t *view,
                     int status)
{
    json_t *model = admin_page_model(r, tag->name);
    json_t *fields = tag_fields(tag, articles_of(r, tag));
    set_public_url(r, fields, tag);
    admin_set_text(fields, "typed_name", view->name != NULL ? view->name : tag->name);
    admin_set_text(fields, "typed_slug", view->slug != NULL ? view->slug : tag->slug);
    admin_set_text(fields, "into", view->into);
    json_object_set_new(model, "tag", fields);
    if (view->confirm_into != NULL) {
        json_t *into = tag_fields(view->confirm_into, articles_of(r, view->confirm_into));
        set_public_url(r, into, view->confirm_into);
        json_object_set_new(model, "confirm", into);
    }
    if (view->flash != NULL)
        admin_set_text(model, "flash", view->flash);
    admin_send_page(r, status, "admin_tag", model);
}

static bool load_tag(admin_request_t *r, int64_t id, content_tag_t *tag)
{
    int code = store_tag_get(r->store, id, r->pool, tag);
    if (code == GZ_OK)
        return true;
    admin_send_message(r, code == GZ_ENOTFOUND ? 404 : 503,
                       code == GZ_ENOTFOUND ? "Not found" : "Try again",
                       "There is no such tag (it may have been merged into another), or it "
                       "cannot be read now.");
    return false;
}

static void tag_get(admin_request_t *r, int64_t id)
{
    content_tag_t tag;
    if (!load_tag(r, id, &tag))
        return;
    tag_view_t view = {.flash = admin_query(r, "saved") != NULL ? "Renamed." : NULL};
    if (admin_query(r, "merged") != NULL)
        view.flash = "Merged: the other tag's articles and addresses are this one's now.";
    tag_show(r, &tag, &view, 200);
}

static int status_of(int code, const newsroom_taxonomy_result_t *result)
{
    if (result->not_allowed)
        return 403;
    if (code == GZ_ENOTFOUND)
        return 404;
    return code == GZ_EINVAL || code == GZ_ECONFLICT ? 422 : 503;
}

static void rename_post(admin_request_t *r, int64_t id)
{
    content_tag_t tag;
    if (!load_tag(r, id, &tag))
        return;
    tag_view_t view = {.name = admin_field(r, "name"), .slug = admin_field(r, "slug")};
    newsroom_taxonomy_result_t result = {0};
    int code =
        newsroom_tag_rename(r->store, &r->actor, id, view.name, view.slug, r->pool, &result);
    if (code != GZ_OK) {
        view.flash = result.message;
        tag_show(r, &tag, &view, status_of(code, &result));
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    admin_send_redirect(r, gz_pool_printf(r->pool, "%s/%lld?saved=1", TAGS, (long long)id));
}

/* The tag typed in the merge form: its address name, or the address its
 * name makes. */
static int find_into(admin_request_t *r, const char *typed, content_tag_t *out)
{
    gz_str_t text = gz_str_trim(gz_str_from_cstr(typed));
    if (text.len == 0)
        return GZ_ENOTFOUND;
    const char *value = gz_pool_strndup(r->pool, text.ptr, text.len);
    int code = store_tag_get_by_slug(r->store, value, r->pool, out);
    if (code != GZ_ENOTFOUND)
        return code;
    gz_buf_t slug = GZ_BUF_INIT;
    gz_slug_append(&slug, value, strlen(value), NEWSROOM_SLUG_MAX);
    code = slug.len > 0 ? store_tag_get_by_slug(r->store, gz_buf_cstr(&slug), r->pool, out)
                        : GZ_ENOTFOUND;
    gz_buf_free(&slug);
    return code;
}

static void merge_post(admin_request_t *r, int64_t id)
{
    content_tag_t from, into;
    if (!load_tag(r, id, &from))
        return;
    tag_view_t view = {.into = admin_field(r, "into")};
    int code = find_into(r, view.into, &into);
    if (code != GZ_OK) {
        view.flash = code == GZ_ENOTFOUND
                         ? "There is no tag with that name or address name to merge into."
                         : "The tags cannot be read right now.";
        tag_show(r, &from, &view, code == GZ_ENOTFOUND ? 422 : 503);
        return;
    }
    const char *confirm = admin_field(r, "confirm");
    if (confirm == NULL || strcmp(confirm, "yes") != 0 || into.id == from.id) {
        /* Nothing happens until the confirmation page's button says so. */
        view.confirm_into = into.id != from.id ? &into : NULL;
        if (into.id == from.id)
            view.flash = "A tag cannot be merged into itself: pick another tag.";
        tag_show(r, &from, &view, into.id == from.id ? 422 : 200);
        return;
    }
    newsroom_taxonomy_result_t result = {0};
    code = newsroom_tag_merge(r->store, &r->actor, from.id, into.id, r->pool, &result);
    if (code != GZ_OK) {
        view.flash = result.message;
        tag_show(r, &from, &view, status_of(code, &result));
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    admin_send_redirect(r, gz_pool_printf(r->pool, "%s/%lld?merged=%lld", TAGS,
                                          (long long)into.id, (long long)from.id));
}

bool admin_tags_route(admin_request_t *r, bool post)
{
    const char *path = r->path;
    if (strncmp(path, TAGS, sizeof TAGS - 1) != 0 ||
        (path[sizeof TAGS - 1] != '\0' && path[sizeof TAGS - 1] != '/'))
        return false;
    if (!newsroom_may_publish(&r->actor)) {
        admin_send_message(r, 403, "Editors only",
                           "Only editors and admins manage sections, tags and content types.");
        return true;
    }
    int64_t id = tag_id_in(path, "");
    if (strcmp(path, TAGS) == 0 && !post)
        list_show(r);
    else if (id > 0 && !post)
        tag_get(r, id);
    else if (tag_id_in(path, "/rename") > 0 && post)
        rename_post(r, tag_id_in(path, "/rename"));
    else if (tag_id_in(path, "/merge") > 0 && post)
        merge_post(r, tag_id_in(path, "/merge"));
    else
        admin_send_message(r, 404, "Not found", "There is no such page in the newsroom.");
    return true;
}
