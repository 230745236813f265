/*
 * fronts: the newsroom's arranger of the home page and section fronts.
 *
 *   GET  /admin/fronts                       the fronts: home, then each section
 *   GET  /admin/fronts/home                  the arranger (or /admin/fronts/section/ID)
 *   POST /admin/fronts/home                  save now, or at a time ("Schedule")
 *   POST /admin/fronts/home/schedules/N/delete   drop a version waiting for its time
 *
 * The form has one row per top slot and per block, ordered by their
 * position numbers (static/admin-fronts.js renumbers them when rows are
 * dragged); an empty row is left out. The newsroom checks and writes
 * (newsroom_front_save); a refused form comes back with what was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

/* ---- addresses --------------------------------------------------------------- */

typedef struct {
    char key[48];      /* "home", "section:12" */
    char url[64];      /* "/admin/fronts/home", "/admin/fronts/section/12" */
    int64_t schedule;  /* with "/schedules/N/delete" */
} front_address_t;

static bool parse_address(const char *path, front_address_t *out)
{
    *out = (front_address_t){0};
    const char *rest = NULL;
    long long section = 0;
    int used = 0;
    if (strncmp(path, "/admin/fronts/home", 18) == 0) {
        snprintf(out->key, sizeof out->key, "home");
        snprintf(out->url, sizeof out->url, "/admin/fronts/home");
        rest = path + 18;
    } else if (sscanf(path, "/admin/fronts/section/%lld%n", &section, &used) == 1 && section > 0) {
        snprintf(out->key, sizeof out->key, "section:%lld", section);
        snprintf(out->url, sizeof out->url, "/admin/fronts/section/%lld", section);
        rest = path + used;
    } else {
        return false;
    }
    long long schedule = 0;
    used = 0;
    if (rest[0] == '\0')
        return true;
    if (sscanf(rest, "/schedules/%lld/delete%n", &schedule, &used) == 1 && rest[used] == '\0' &&
        schedule > 0) {
        out->schedule = schedule;
        return true;
    }
    return false;
}

/* ---- the form ----------------------------------------------------------------------- */

static const char *field(admin_request_t *r, const char *format, size_t index)
{
    char name[48];
    snprintf(name, sizeof name, format, index);
    return admin_field(r, name);
}

static bool blank(const char *text)
{
    return text == NULL || gz_str_trim(gz_str_from_cstr(text)).len == 0;
}

static long position_of(admin_request_t *r, const char *format, size_t index)
{
    const char *text = field(r, format, index);
    char *end = NULL;
    long position = text != NULL ? strtol(text, &end, 10) : 0;
    return end != NULL && end != text ? position : (long)index;
}

/* A number typed for an article; -1 when it is not one. */
static int64_t article_of(const char *text)
{
    int64_t id = 0;
    gz_str_t value = gz_str_trim(gz_str_from_cstr(text));
    return gz_parse_int64(value, &id) == GZ_OK && id > 0 ? id : -1;
}

typedef struct {
    long position;
    size_t index;
} ordered_t;

static int by_position(const void *a, const void *b)
{
    const ordered_t *x = a, *y = b;
    return x->position != y->position ? (x->position < y->position ? -1 : 1)
                                      : (x->index < y->index ? -1 : x->index > y->index);
}

/* The row indexes of a list in the order of their position fields. */
static void order_rows(admin_request_t *r, const char *position_format, size_t rows,
                       size_t *order)
{
    ordered_t ordered[CONTENT_FRONT_BLOCKS_MAX + CONTENT_FRONT_TOP_MAX];
    for (size_t i = 0; i < rows; i++)
        ordered[i] = (ordered_t){position_of(r, position_format, i + 1), i + 1};
    qsort(ordered, rows, sizeof *ordered, by_position);
    for (size_t i = 0; i < rows; i++)
        order[i] = ordered[i].index;
}

static const char *optional(admin_request_t *r, const char *format, size_t index)
{
    const char *text = field(r, format, index);
    return blank(text) ? NULL : text;
}

static void read_top(admin_request_t *r, content_front_t *front, gz_buf_t *problems)
{
    size_t order[CONTENT_FRONT_TOP_MAX];
    order_rows(r, "top_%zu_position", CONTENT_FRONT_TOP_MAX, order);
    for (size_t i = 0; i < CONTENT_FRONT_TOP_MAX; i++) {
        size_t n = order[i];
        const char *article = field(r, "top_%zu_article", n);
        if (blank(article))
            continue;
        content_front_slot_t *slot = &front->top[front->top_count++];
        slot->article_id = article_of(article);
        if (slot->article_id < 0)
            gz_buf_printf(problems, "%s\"%s\" is not an article number.", problems->len ? "\n" : "",
                          article);
        slot->headline = optional(r, "top_%zu_headline", n);
        slot->summary = optional(r, "top_%zu_summary", n);
        slot->picture = optional(r, "top_%zu_picture", n);
    }
}

/* "12 15, 18" into a block's slots. */
static void read_items(admin_request_t *r, content_front_block_t *block, const char *text,
                       gz_buf_t *problems)
{
    block->slots = gz_pool_calloc(r->pool, CONTENT_FRONT_BLOCK_ITEMS_MAX + 1, sizeof *block->slots);
    while (text != NULL && *text != '\0') {
        size_t len = strcspn(text, " ,");
        if (len > 0 && block->slot_count < CONTENT_FRONT_BLOCK_ITEMS_MAX + 1) {
            const char *item = gz_pool_strndup(r->pool, text, len);
            int64_t id = article_of(item);
            if (id < 0)
                gz_buf_printf(problems, "%s\"%s\" is not an article number.",
                              problems->len ? "\n" : "", item);
            if (block->slot_count < CONTENT_FRONT_BLOCK_ITEMS_MAX)
                block->slots[block->slot_count].article_id = id;
            block->slot_count++;
        }
        text += len + (text[len] != '\0');
    }
    if (block->slot_count > CONTENT_FRONT_BLOCK_ITEMS_MAX) {
        gz_buf_printf(problems, "%sA block holds at most %d articles.", problems->len ? "\n" : "",
                      CONTENT_FRONT_BLOCK_ITEMS_MAX);
        block->slot_count = CONTENT_FRONT_BLOCK_ITEMS_MAX;
    }
}

static void read_blocks(admin_request_t *r, content_front_t *front, gz_buf_t *problems)
{
    front->blocks = gz_pool_calloc(r->pool, CONTENT_FRONT_BLOCKS_MAX + 1, sizeof *front->blocks);
    size_t order[CONTENT_FRONT_BLOCKS_MAX];
    order_rows(r, "block_%zu_position", CONTENT_FRONT_BLOCKS_MAX, order);
    for (size_t i = 0; i < CONTENT_FRONT_BLOCKS_MAX; i++) {
        size_t n = order[i];
        const char *name = field(r, "block_%zu_name", n);
        if (blank(name))
            continue;
        content_front_block_t *block = &front->blocks[front->block_count++];
        block->name = name;
        if (content_front_rule_parse(field(r, "block_%zu_rule", n), &block->rule) != GZ_OK)
            block->rule = CONTENT_FRONT_BY_HAND;
        block->rule_slug = optional(r, "block_%zu_slug", n);
        const char *count = field(r, "block_%zu_count", n);
        block->count = count != NULL ? (size_t)strtoul(count, NULL, 10) : 4;
        if (block->rule == CONTENT_FRONT_BY_HAND)
            read_items(r, block, field(r, "block_%zu_items", n), problems);
    }
}

/* ---- pages ----------------------------------------------------------------------------- */

static json_t *schedule_rows(admin_request_t *r, const front_address_t *address)
{
    json_t *rows = json_array();
    store_front_schedule_t *schedules = NULL;
    size_t count = 0;
    if (store_front_schedules(r->store, address->key, 0, r->pool, &schedules, &count) != GZ_OK)
        return rows;
    for (size_t i = 0; i < count; i++) {
        gz_buf_t at = GZ_BUF_INIT;
        gz_time_append_local(&at, schedules[i].at, "%Y-%m-%d %H:%M:%S");
        json_array_append_new(rows, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)schedules[i].id,
                                              "at", gz_buf_cstr(&at), "url",
                                              gz_pool_printf(r->pool, "%s/schedules/%lld/delete",
                                                             address->url,
                                                             (long long)schedules[i].id)));
        gz_buf_free(&at);
    }
    return rows;
}

static json_t *version_rows(admin_request_t *r, const front_address_t *address)
{
    json_t *rows = json_array();
    store_front_revision_t *versions = NULL;
    size_t count = 0;
    if (store_front_revisions(r->store, address->key, r->pool, &versions, &count) != GZ_OK)
        return rows;
    for (size_t i = 0; i < count && i < 10; i++) {
        gz_buf_t at = GZ_BUF_INIT;
        gz_time_append_local(&at, versions[i].at, "%Y-%m-%d %H:%M:%S");
        json_array_append_new(rows, json_pack("{s:I,s:s}", "revision",
                                              (json_int_t)versions[i].revision, "at",
                                              gz_buf_cstr(&at)));
        gz_buf_free(&at);
    }
    return rows;
}

static void arranger_show(admin_request_t *r, const front_address_t *address,
                          const content_section_t *section, const content_front_t *front,
                          int64_t revision, const char *flash, int status)
{
    json_t *model = admin_page_model(r, section != NULL && section->name != NULL ? section->name
                                                                                : "Home page");
    json_object_set_new(model, "front", views_admin_front(front, revision));
    json_object_set_new(model, "front_name",
                        json_string(section != NULL && section->name ? section->name : "Home page"));
    json_object_set_new(model, "front_url", json_string(address->url));
    json_object_set_new(model, "public_url",
                        json_string(section != NULL && section->slug
                                        ? gz_pool_printf(r->pool, "/section/%s", section->slug)
                                        : "/"));
    json_object_set_new(model, "schedules", schedule_rows(r, address));
    json_object_set_new(model, "versions", version_rows(r, address));
    if (flash != NULL)
        json_object_set_new(model, "flash", json_string(flash));
    admin_send_page(r, status, "admin_front", model);
}

static void arranger_get(admin_request_t *r, const front_address_t *address,
                         const content_section_t *section)
{
    store_front_t stored;
    content_front_t front = {0};
    int code = store_front_get(r->store, address->key, r->pool, &stored);
    gz_buf_t problems = GZ_BUF_INIT;
    if (code == GZ_OK)
        newsroom_front_parse(stored.layout, r->pool, &front, &problems);
    gz_buf_free(&problems);
    if (code != GZ_OK && code != GZ_ENOTFOUND) {
        admin_send_message(r, 503, "Try again", "The front cannot be read right now.");
        return;
    }
    const char *flash = admin_query(r, "saved") ? "Saved: readers see it now."
                        : admin_query(r, "scheduled") ? "Scheduled."
                                                      : NULL;
    arranger_show(r, address, section, &front, code == GZ_OK ? stored.revision : 0, flash, 200);
}

static void arranger_post(admin_request_t *r, const front_address_t *address,
                          const content_section_t *section)
{
    content_front_t front = {.key = address->key};
    gz_buf_t problems = GZ_BUF_INIT;
    read_top(r, &front, &problems);
    read_blocks(r, &front, &problems);
    int64_t based_on = 0;
    const char *revision = admin_field(r, "revision");
    if (revision != NULL)
        gz_parse_int64(gz_str_from_cstr(revision), &based_on);
    gz_time_t at = 0;
    bool scheduling = admin_field(r, "schedule") != NULL;
    const char *typed_at = admin_field(r, "at");
    if (scheduling && (blank(typed_at) || (at = admin_typed_time(typed_at)) <= 0))
        gz_buf_printf(&problems, "%sSay when the version goes live.", problems.len ? "\n" : "");
    newsroom_front_result_t result = {0};
    int code = GZ_EINVAL;
    if (problems.len == 0)
        code = newsroom_front_save(r->store, &r->actor, address->key, &front, based_on, at,
                                   r->pool, &result);
    else
        result.base.message = gz_pool_strdup(r->pool, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    if (code != GZ_OK) {
        int status = result.base.not_allowed ? 403 : code == GZ_ECONFLICT ? 409 : 422;
        arranger_show(r, address, section, &front, based_on, result.base.message, status);
        return;
    }
    web_watcher_sync(r->site->watcher, r->store); /* the page drops before the answer */
    admin_send_redirect(r, gz_pool_printf(r->pool, "%s?%s", address->url,
                                          at > 0 ? "scheduled=1" : "saved=1"));
}

static void schedule_delete(admin_request_t *r, const front_address_t *address)
{
    newsroom_front_result_t result;
    int code = newsroom_front_unschedule(r->store, &r->actor, address->key, address->schedule,
                                         r->pool, &result);
    if (code == GZ_OK || code == GZ_ENOTFOUND) {
        admin_send_redirect(r, address->url);
        return;
    }
    admin_send_message(r, result.base.not_allowed ? 403 : 503, "Not removed", result.base.message);
}

static void list_get(admin_request_t *r)
{
    content_section_t *sections = NULL;
    size_t count = 0;
    if (store_section_list(r->store, r->pool, &sections, &count) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The sections cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Fronts");
    json_t *fronts = json_array();
    json_array_append_new(fronts, json_pack("{s:s,s:s}", "name", "Home page", "url",
                                            "/admin/fronts/home"));
    for (size_t i = 0; i < count; i++)
        json_array_append_new(fronts, json_pack("{s:s,s:s}", "name", sections[i].name, "url",
                                                gz_pool_printf(r->pool, "/admin/fronts/section/%lld",
                                                               (long long)sections[i].id)));
    json_object_set_new(model, "fronts", fronts);
    admin_send_page(r, 200, "admin_fronts", model);
}

bool admin_fronts_route(admin_request_t *r, bool post)
{
    if (strcmp(r->path, "/admin/fronts") == 0 && !post) {
        list_get(r);
        return true;
    }
    front_address_t address;
    if (strncmp(r->path, "/admin/fronts/", 14) != 0 || !parse_address(r->path, &address))
        return false;
    content_section_t section;
    int code = newsroom_front_key_check(r->store, address.key, r->pool, &section);
    if (code == GZ_ENOTFOUND) {
        admin_send_message(r, 404, "Not found", "There is no such front.");
    } else if (code != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The front cannot be read right now.");
    } else if (address.schedule > 0 && post) {
        schedule_delete(r, &address);
    } else if (address.schedule > 0) {
        return false;
    } else if (post) {
        arranger_post(r, &address, section.id > 0 ? &section : NULL);
    } else {
        arranger_get(r, &address, section.id > 0 ? &section : NULL);
    }
    return true;
}
