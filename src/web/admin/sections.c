/*
 * sections: the newsroom's sections and content types, editors and
 * admins only (a writer gets 403 on every page and form here).
 *
 *   GET  /admin/sections               the sections in navigation order, a form for a new one
 *   POST /admin/sections/new           add one
 *   GET  /admin/sections/ID            its form
 *   POST /admin/sections/ID            save it
 *   POST /admin/sections/ID/move       direction=up|down among its siblings (plain buttons)
 *   GET  /admin/content-types          the types, each with its form, and one for a new type
 *   POST /admin/content-types/new      add one
 *   POST /admin/content-types/ID       save it
 *
 * The newsroom checks and writes (newsroom_section_save and friends); a
 * refused form is shown again with what was typed and every problem. A
 * save waits for the change log to reach this node's page cache, so the
 * public navigation follows at once.
 */
#include <stdio.h>
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

static const char SECTIONS[] = "/admin/sections";
static const char TYPES[] = "/admin/content-types";

/* "/admin/sections/12" with suffix "" -> 12, ".../12/move" with "/move";
 * 0 otherwise. */
static int64_t id_in(const char *path, const char *prefix, const char *suffix)
{
    size_t len = strlen(prefix);
    if (strncmp(path, prefix, len) != 0 || path[len] != '/')
        return 0;
    const char *digits = path + len + 1;
    const char *end = digits + strcspn(digits, "/");
    int64_t id = 0;
    if (strcmp(end, suffix) != 0 ||
        gz_parse_int64((gz_str_t){digits, (size_t)(end - digits)}, &id) != GZ_OK || id <= 0)
        return 0;
    return id;
}

static bool editors_only(admin_request_t *r)
{
    if (newsroom_may_publish(&r->actor))
        return true;
    admin_send_message(r, 403, "Editors only",
                       "Only editors and admins manage sections, tags and content types.");
    return false;
}

static int status_of(int code, const newsroom_taxonomy_result_t *result)
{
    if (result->not_allowed)
        return 403;
    if (code == GZ_ENOTFOUND)
        return 404;
    return code == GZ_EINVAL || code == GZ_ECONFLICT ? 422 : 503;
}

/* ---- sections ------------------------------------------------------------------- */

static json_t *section_fields(const content_section_t *section,
                              const content_section_t *sections, size_t count)
{
    json_t *fields = json_object();
    json_object_set_new(fields, "id", json_integer((json_int_t)section->id));
    admin_set_text(fields, "name", section->name);
    admin_set_text(fields, "slug", section->slug);
    admin_set_text(fields, "description", section->description);
    admin_set_text(fields, "desk", section->desk);
    json_object_set_new(fields, "position", json_integer((json_int_t)section->position));
    json_object_set_new(fields, "hidden", json_boolean(section->hidden));
    json_object_set_new(fields, "is_child", json_boolean(section->parent_id > 0));
    json_t *parents = json_array();
    for (size_t i = 0; i < count; i++) {
        const content_section_t *other = &sections[i];
        if (other->parent_id > 0 || other->id == section->id)
            continue; /* only the top level can be a parent */
        json_array_append_new(parents, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)other->id,
                                                 "name", other->name, "selected",
                                                 other->id == section->parent_id));
        if (other->id == section->parent_id)
            admin_set_text(fields, "parent_name", other->name);
    }
    json_object_set_new(fields, "parents", parents);
    if (section->slug != NULL && section->slug[0] != '\0') {
        gz_buf_t url = GZ_BUF_INIT;
        views_section_path(&url, NULL, section->slug);
        admin_set_text(fields, "public_url", gz_buf_cstr(&url));
        gz_buf_free(&url);
    }
    return fields;
}

static bool read_sections(admin_request_t *r, content_section_t **sections, size_t *count)
{
    if (store_section_list(r->store, r->pool, sections, count) == GZ_OK)
        return true;
    admin_send_message(r, 503, "Try again", "The sections cannot be read right now.");
    return false;
}

static void sections_show(admin_request_t *r, const content_section_t *typed, const char *flash,
                          int status)
{
    content_section_t *sections = NULL;
    size_t count = 0;
    if (!read_sections(r, &sections, &count))
        return;
    json_t *model = admin_page_model(r, "Sections");
    json_t *rows = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(rows, section_fields(&sections[i], sections, count));
    json_object_set_new(model, "sections", rows);
    content_section_t blank = {0};
    json_object_set_new(model, "new_section",
                        section_fields(typed != NULL ? typed : &blank, sections, count));
    if (flash != NULL)
        admin_set_text(model, "flash", flash);
    admin_send_page(r, status, "admin_sections", model);
}

static void section_show(admin_request_t *r, const content_section_t *section, const char *flash,
                         int status)
{
    content_section_t *sections = NULL;
    size_t count = 0;
    if (!read_sections(r, &sections, &count))
        return;
    json_t *model = admin_page_model(r, section->name != NULL ? section->name : "Section");
    json_object_set_new(model, "section", section_fields(section, sections, count));
    if (flash != NULL)
        admin_set_text(model, "flash", flash);
    admin_send_page(r, status, "admin_section", model);
}

static void section_get(admin_request_t *r, int64_t id)
{
    content_section_t section;
    int code = store_section_get(r->store, id, r->pool, &section);
    if (code != GZ_OK) {
        admin_send_message(r, code == GZ_ENOTFOUND ? 404 : 503,
                           code == GZ_ENOTFOUND ? "Not found" : "Try again",
                           "There is no such section, or it cannot be read now.");
        return;
    }
    section_show(r, &section, admin_query(r, "saved") ? "Saved." : NULL, 200);
}

/* A whole number, or *bad set; empty is 0. */
static int64_t number_of(const char *text, bool *bad)
{
    gz_str_t value = gz_str_trim(gz_str_from_cstr(text));
    int64_t number = 0;
    if (value.len > 0 && gz_parse_int64(value, &number) != GZ_OK)
        *bad = true;
    return number;
}

static void read_section_form(admin_request_t *r, content_section_t *section, bool *bad)
{
    section->name = admin_field(r, "name");
    section->slug = admin_field(r, "slug");
    section->description = admin_field(r, "description");
    section->desk = admin_field(r, "desk");
    section->position = number_of(admin_field(r, "position"), bad);
    section->parent_id = number_of(admin_field(r, "parent"), bad);
    section->hidden = admin_field(r, "hidden") != NULL;
}

/* Waits until this node's cache has dropped what the write changed. */
static void readers_follow(admin_request_t *r)
{
    web_watcher_sync(r->site->watcher, r->store);
}

static void section_post(admin_request_t *r, int64_t id)
{
    content_section_t section = {.id = id};
    bool bad = false;
    read_section_form(r, &section, &bad);
    newsroom_taxonomy_result_t result = {0};
    int code = GZ_EINVAL;
    if (bad)
        result.message = "The position and the parent are whole numbers.";
    else
        code = newsroom_section_save(r->store, &r->actor, &section, r->pool, &result);
    if (code != GZ_OK) {
        if (id > 0 && code != GZ_ENOTFOUND)
            section_show(r, &section, result.message, status_of(code, &result));
        else if (id > 0)
            admin_send_message(r, 404, "Not found", result.message);
        else
            sections_show(r, &section, result.message, status_of(code, &result));
        return;
    }
    readers_follow(r);
    admin_send_redirect(r, id > 0 ? gz_pool_printf(r->pool, "%s/%lld?saved=1", SECTIONS,
                                                   (long long)result.id)
                                  : gz_pool_printf(r->pool, "%s?added=%lld", SECTIONS,
                                                   (long long)result.id));
}

static void section_move(admin_request_t *r, int64_t id)
{
    const char *direction = admin_field(r, "direction");
    if (direction == NULL || (strcmp(direction, "up") != 0 && strcmp(direction, "down") != 0)) {
        admin_send_message(r, 400, "Bad form", "Move a section up or down.");
        return;
    }
    newsroom_taxonomy_result_t result = {0};
    int code = newsroom_section_move(r->store, &r->actor, id, strcmp(direction, "up") == 0 ? -1 : 1,
                                     r->pool, &result);
    if (code != GZ_OK) {
        admin_send_message(r, status_of(code, &result), "Not moved", result.message);
        return;
    }
    readers_follow(r);
    admin_send_redirect(r, gz_pool_printf(r->pool, "%s?moved=%lld", SECTIONS, (long long)id));
}

/* ---- content types ---------------------------------------------------------------- */

static json_t *type_fields(const content_type_t *type)
{
    json_t *fields = json_object();
    json_object_set_new(fields, "id", json_integer((json_int_t)type->id));
    if (type->id == 0)
        admin_set_text(fields, "id", "");
    admin_set_text(fields, "name", type->name);
    admin_set_text(fields, "slug", type->slug);
    admin_set_text(fields, "headline_prefix", type->headline_prefix);
    return fields;
}

static void types_show(admin_request_t *r, const content_type_t *typed, bool typed_is_new,
                       const char *flash, int status)
{
    content_type_t *types = NULL;
    size_t count = 0;
    if (store_content_type_list(r->store, r->pool, &types, &count) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The content types cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Content types");
    json_t *rows = json_array();
    for (size_t i = 0; i < count; i++) {
        bool is_typed = typed != NULL && !typed_is_new && typed->id == types[i].id;
        json_t *row = type_fields(is_typed ? typed : &types[i]);
        if (is_typed)
            admin_set_text(row, "problem", flash);
        json_array_append_new(rows, row);
    }
    json_object_set_new(model, "types", rows);
    content_type_t blank = {0};
    json_object_set_new(model, "new_type", type_fields(typed_is_new ? typed : &blank));
    if (flash != NULL)
        admin_set_text(model, "flash", flash);
    admin_send_page(r, status, "admin_content_types", model);
}

static void type_post(admin_request_t *r, int64_t id)
{
    bool is_new = id == 0, bad = false;
    content_type_t type = {.id = id,
                           .name = admin_field(r, "name"),
                           .slug = admin_field(r, "slug"),
                           .headline_prefix = admin_field(r, "headline_prefix")};
    if (is_new)
        type.id = number_of(admin_field(r, "id"), &bad);
    newsroom_taxonomy_result_t result = {0};
    int code = GZ_EINVAL;
    if (bad || type.id < 0)
        result.message = "The number is a whole number from 1 to 1000000, or empty for the next.";
    else
        code = newsroom_content_type_save(r->store, &r->actor, &type, is_new, r->pool, &result);
    if (code != GZ_OK) {
        types_show(r, &type, is_new, result.message, status_of(code, &result));
        return;
    }
    readers_follow(r);
    admin_send_redirect(r, gz_pool_printf(r->pool, "%s?saved=%lld", TYPES, (long long)result.id));
}

/* ---- routing ------------------------------------------------------------------------ */

static const char *flash_of(admin_request_t *r)
{
    if (admin_query(r, "added") != NULL)
        return "Section added.";
    if (admin_query(r, "moved") != NULL)
        return "Moved.";
    return admin_query(r, "saved") != NULL ? "Saved." : NULL;
}

static bool sections_route(admin_request_t *r, bool post)
{
    const char *path = r->path;
    int64_t id = id_in(path, SECTIONS, ""), moved = id_in(path, SECTIONS, "/move");
    if (strcmp(path, SECTIONS) == 0 && !post)
        sections_show(r, NULL, flash_of(r), 200);
    else if (strcmp(path, "/admin/sections/new") == 0 && post)
        section_post(r, 0);
    else if (id > 0 && post)
        section_post(r, id);
    else if (id > 0)
        section_get(r, id);
    else if (moved > 0 && post)
        section_move(r, moved);
    else
        admin_send_message(r, 404, "Not found", "There is no such page in the newsroom.");
    return true;
}

static bool types_route(admin_request_t *r, bool post)
{
    int64_t id = id_in(r->path, TYPES, "");
    if (strcmp(r->path, TYPES) == 0 && !post)
        types_show(r, NULL, false, flash_of(r), 200);
    else if (strcmp(r->path, "/admin/content-types/new") == 0 && post)
        type_post(r, 0);
    else if (id > 0 && post)
        type_post(r, id);
    else
        admin_send_message(r, 404, "Not found", "There is no such page in the newsroom.");
    return true;
}

static bool under(const char *path, const char *prefix)
{
    size_t len = strlen(prefix);
    return strncmp(path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

bool admin_sections_route(admin_request_t *r, bool post)
{
    bool sections = under(r->path, SECTIONS), types = under(r->path, TYPES);
    if (!sections && !types)
        return false;
    if (!editors_only(r))
        return true;
    return sections ? sections_route(r, post) : types_route(r, post);
}
