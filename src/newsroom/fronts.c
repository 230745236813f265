/*
 * fronts: the home page and section fronts as editors arrange them. A
 * layout is a small JSON document (what the admin's form, an API and a
 * scheduled version all speak):
 *
 *   {"top": [{"article": 12, "headline": "...", "summary": "...", "picture": "media:3"}, ...],
 *    "blocks": [{"name": "Syria", "rule": "tag", "slug": "syria", "count": 4},
 *               {"name": "Analysis", "rule": "hand", "items": [{"article": 5}]}]}
 *
 * The first top slot is the lead. Editors and admins change fronts; each
 * change is checked whole (every article there, every rule's section, tag
 * or type stored, every text within its size) and stored as a new
 * version with an audit row in one transaction, at once or at a time of
 * its own ("at 06:00 swap the lead"), which the scheduled publisher
 * applies.
 */
#include "newsroom/newsroom_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NAME_MAX = 60, HEADLINE_MAX = 300, SUMMARY_MAX = 1000, PICTURE_MAX = 1000 };

static void problem(gz_buf_t *problems, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(gz_buf_t *problems, const char *format, ...)
{
    if (problems->len > 0)
        gz_buf_append_char(problems, '\n');
    va_list arguments;
    va_start(arguments, format);
    char line[512];
    vsnprintf(line, sizeof line, format, arguments);
    va_end(arguments);
    gz_buf_append_cstr(problems, line);
}

/* ---- the document --------------------------------------------------------------- */

/* An optional text: NULL when absent or blank (its size is checked with
 * the rest, in newsroom_front_check). */
static const char *text_of(json_t *object, const char *key, const char *what, gz_pool_t *pool,
                           gz_buf_t *problems)
{
    json_t *value = json_object_get(object, key);
    if (value == NULL || json_is_null(value))
        return NULL;
    if (!json_is_string(value)) {
        problem(problems, "The %s must be text.", what);
        return NULL;
    }
    gz_str_t text = gz_str_trim(gz_str_from_cstr(json_string_value(value)));
    return text.len == 0 ? NULL : gz_pool_strndup(pool, text.ptr, text.len);
}

static void parse_slot(json_t *object, gz_pool_t *pool, content_front_slot_t *slot,
                       gz_buf_t *problems)
{
    json_t *article = json_object_get(object, "article");
    slot->article_id = json_is_integer(article) ? json_integer_value(article) : 0;
    if (slot->article_id <= 0)
        problem(problems, "Each slot needs an article number.");
    slot->headline = text_of(object, "headline", "headline", pool, problems);
    slot->summary = text_of(object, "summary", "summary", pool, problems);
    slot->picture = text_of(object, "picture", "picture", pool, problems);
}

static void parse_slots(json_t *list, size_t most, gz_pool_t *pool, content_front_slot_t *slots,
                        size_t *count, const char *what, gz_buf_t *problems)
{
    *count = 0;
    if (list != NULL && !json_is_array(list)) {
        problem(problems, "The %s must be a list.", what);
        return;
    }
    if (json_array_size(list) > most)
        problem(problems, "At most %zu %s.", most, what);
    for (size_t i = 0; i < json_array_size(list) && i < most; i++)
        parse_slot(json_array_get(list, i), pool, &slots[(*count)++], problems);
}

static void parse_block(json_t *object, gz_pool_t *pool, content_front_block_t *block,
                        gz_buf_t *problems)
{
    block->name = text_of(object, "name", "block's name", pool, problems);
    const char *rule = json_string_value(json_object_get(object, "rule"));
    if (content_front_rule_parse(rule != NULL ? rule : "hand", &block->rule) != GZ_OK)
        problem(problems, "A block is filled by hand or with the newest of a section, a tag or a "
                          "type.");
    if (block->rule == CONTENT_FRONT_BY_HAND) {
        block->slots = gz_pool_calloc(pool, CONTENT_FRONT_BLOCK_ITEMS_MAX, sizeof *block->slots);
        parse_slots(json_object_get(object, "items"), CONTENT_FRONT_BLOCK_ITEMS_MAX, pool,
                    block->slots, &block->slot_count, "articles in a block", problems);
        return;
    }
    block->rule_slug = text_of(object, "slug", "block's section, tag or type", pool, problems);
    json_t *count = json_object_get(object, "count");
    if (count != NULL && !json_is_integer(count))
        problem(problems, "A block's count is a number.");
    block->count = json_is_integer(count) && json_integer_value(count) > 0
                       ? (size_t)json_integer_value(count)
                       : count == NULL ? 4 : 0;
}

int newsroom_front_parse(const char *layout, gz_pool_t *pool, content_front_t *out,
                         gz_buf_t *problems)
{
    *out = (content_front_t){0};
    json_error_t error;
    json_t *root = layout != NULL ? json_loads(layout, JSON_REJECT_DUPLICATES, &error) : NULL;
    size_t before = problems->len;
    if (!json_is_object(root)) {
        problem(problems, "The layout is not a JSON object.");
        json_decref(root);
        return GZ_EINVAL;
    }
    parse_slots(json_object_get(root, "top"), CONTENT_FRONT_TOP_MAX, pool, out->top,
                &out->top_count, "top slots", problems);
    json_t *blocks = json_object_get(root, "blocks");
    if (json_array_size(blocks) > CONTENT_FRONT_BLOCKS_MAX)
        problem(problems, "At most %d blocks.", CONTENT_FRONT_BLOCKS_MAX);
    size_t count = json_array_size(blocks) < CONTENT_FRONT_BLOCKS_MAX ? json_array_size(blocks)
                                                                      : CONTENT_FRONT_BLOCKS_MAX;
    out->blocks = gz_pool_calloc(pool, count + 1, sizeof *out->blocks);
    for (size_t i = 0; i < count; i++)
        parse_block(json_array_get(blocks, i), pool, &out->blocks[out->block_count++], problems);
    json_decref(root);
    return problems->len > before ? GZ_EINVAL : GZ_OK;
}

/* ---- back to text ------------------------------------------------------------------- */

static void set_optional(json_t *object, const char *key, const char *value)
{
    if (value != NULL)
        json_object_set_new(object, key, json_string(value));
}

static json_t *slot_json(const content_front_slot_t *slot)
{
    json_t *object = json_pack("{s:I}", "article", (json_int_t)slot->article_id);
    set_optional(object, "headline", slot->headline);
    set_optional(object, "summary", slot->summary);
    set_optional(object, "picture", slot->picture);
    return object;
}

static json_t *slots_json(const content_front_slot_t *slots, size_t count)
{
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(list, slot_json(&slots[i]));
    return list;
}

char *newsroom_front_layout(const content_front_t *front, gz_pool_t *pool)
{
    json_t *blocks = json_array();
    for (size_t i = 0; i < front->block_count; i++) {
        const content_front_block_t *block = &front->blocks[i];
        json_t *object = json_pack("{s:s,s:s}", "name", block->name ? block->name : "", "rule",
                                   content_front_rule_name(block->rule));
        if (block->rule == CONTENT_FRONT_BY_HAND) {
            json_object_set_new(object, "items", slots_json(block->slots, block->slot_count));
        } else {
            set_optional(object, "slug", block->rule_slug);
            json_object_set_new(object, "count", json_integer((json_int_t)block->count));
        }
        json_array_append_new(blocks, object);
    }
    json_t *root = json_pack("{s:o,s:o}", "top", slots_json(front->top, front->top_count), "blocks",
                             blocks);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    char *copy = gz_pool_strdup(pool, text != NULL ? text : "{}");
    free(text);
    return copy;
}

/* ---- checked against the store --------------------------------------------------------- */

int newsroom_front_key_check(store_t *store, const char *key, gz_pool_t *pool,
                             content_section_t *section)
{
    *section = (content_section_t){0};
    if (key != NULL && strcmp(key, "home") == 0)
        return GZ_OK;
    long long id = 0;
    int end = 0;
    if (key == NULL || sscanf(key, "section:%lld%n", &id, &end) != 1 || key[end] != '\0' || id <= 0)
        return GZ_ENOTFOUND;
    return store_section_get(store, id, pool, section);
}

static int check_article(store_t *store, int64_t id, gz_pool_t *pool, gz_buf_t *problems)
{
    if (id <= 0)
        return GZ_OK; /* said already: not an article number */
    content_article_t *article = NULL;
    int code = newsroom_load(store, id, pool, &article); /* a stub is not there */
    if (code == GZ_ENOTFOUND) {
        problem(problems, "There is no article %lld.", (long long)id);
        return GZ_OK;
    }
    return code;
}

static int check_slots(store_t *store, const content_front_slot_t *slots, size_t count,
                       gz_pool_t *pool, gz_buf_t *problems)
{
    int code = GZ_OK;
    for (size_t i = 0; code == GZ_OK && i < count; i++)
        code = check_article(store, slots[i].article_id, pool, problems);
    return code;
}

static int check_rule(store_t *store, const content_front_block_t *block, gz_pool_t *pool,
                      gz_buf_t *problems)
{
    if (block->rule_slug == NULL)
        return GZ_OK;
    int code = GZ_OK;
    if (block->rule == CONTENT_FRONT_NEWEST_IN_SECTION) {
        content_section_t section;
        code = store_section_get_by_slug(store, block->rule_slug, pool, &section);
    } else if (block->rule == CONTENT_FRONT_NEWEST_WITH_TAG) {
        content_tag_t tag;
        code = store_tag_get_by_slug(store, block->rule_slug, pool, &tag);
    } else {
        content_type_t *types = NULL;
        size_t count = 0;
        code = store_content_type_list(store, pool, &types, &count);
        bool found = false;
        for (size_t i = 0; code == GZ_OK && i < count; i++)
            found = found || (types[i].slug != NULL && strcmp(types[i].slug, block->rule_slug) == 0);
        code = code == GZ_OK && !found ? GZ_ENOTFOUND : code;
    }
    if (code == GZ_ENOTFOUND) {
        problem(problems, "The block \"%s\" names no stored %s \"%s\".", block->name,
                content_front_rule_name(block->rule), block->rule_slug);
        return GZ_OK;
    }
    return code;
}

/* A text within its size, on one line. */
static void check_text(const char *text, size_t longest, const char *what, gz_buf_t *problems)
{
    if (text == NULL)
        return;
    size_t len = strlen(text);
    if (len > longest)
        problem(problems, "The %s is longer than %zu bytes.", what, longest);
    if (!gz_utf8_valid(text, len))
        problem(problems, "The %s is not valid UTF-8.", what);
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)text[i] < 0x20) {
            problem(problems, "The %s must be one line of text.", what);
            break;
        }
    }
}

static void check_slot_texts(const content_front_slot_t *slots, size_t count, gz_buf_t *problems)
{
    for (size_t i = 0; i < count; i++) {
        check_text(slots[i].headline, HEADLINE_MAX, "headline", problems);
        check_text(slots[i].summary, SUMMARY_MAX, "summary", problems);
        check_text(slots[i].picture, PICTURE_MAX, "picture", problems);
    }
}

static void check_block_shape(const content_front_block_t *block, gz_buf_t *problems)
{
    if (block->name == NULL || gz_str_trim(gz_str_from_cstr(block->name)).len == 0)
        problem(problems, "Each block needs a name.");
    check_text(block->name, NAME_MAX, "block's name", problems);
    check_slot_texts(block->slots, block->slot_count, problems);
    if (block->rule == CONTENT_FRONT_BY_HAND)
        return;
    if (block->rule_slug == NULL)
        problem(problems, "The block \"%s\" needs the section, tag or type it shows.",
                block->name != NULL ? block->name : "");
    if (block->count < 1 || block->count > CONTENT_FRONT_BLOCK_ITEMS_MAX)
        problem(problems, "A block shows 1 to %d articles.", CONTENT_FRONT_BLOCK_ITEMS_MAX);
}

/* What needs no store: sizes, names, counts, how many by hand. */
static void check_shape(const content_front_t *front, gz_buf_t *problems)
{
    check_slot_texts(front->top, front->top_count, problems);
    size_t by_hand = front->top_count;
    for (size_t i = 0; i < front->block_count; i++) {
        check_block_shape(&front->blocks[i], problems);
        by_hand += front->blocks[i].slot_count;
    }
    if (by_hand > CONTENT_FRONT_HAND_MAX)
        problem(problems, "A front holds at most %d articles picked by hand; let a rule fill "
                          "some blocks.", CONTENT_FRONT_HAND_MAX);
}

int newsroom_front_check(store_t *store, const content_front_t *front, gz_pool_t *pool,
                         gz_buf_t *problems)
{
    check_shape(front, problems);
    int code = check_slots(store, front->top, front->top_count, pool, problems);
    for (size_t i = 0; code == GZ_OK && i < front->block_count; i++) {
        const content_front_block_t *block = &front->blocks[i];
        code = block->rule == CONTENT_FRONT_BY_HAND
                   ? check_slots(store, block->slots, block->slot_count, pool, problems)
                   : check_rule(store, block, pool, problems);
    }
    return code;
}

/* ---- saving --------------------------------------------------------------------------- */

static int audit_front(store_t *store, const newsroom_actor_t *actor, const char *key,
                       const char *action, const char *detail, gz_pool_t *pool)
{
    return newsroom_audit(store, actor, action, gz_pool_printf(pool, "front:%s", key), detail);
}

static int store_version(store_t *store, const newsroom_actor_t *actor, const char *key,
                         const char *layout, int64_t based_on, gz_time_t at, gz_pool_t *pool,
                         newsroom_front_result_t *result)
{
    if (at > 0) {
        int code = store_front_schedule_add(store, key, layout, at, actor->user_id,
                                            &result->schedule_id);
        return code == GZ_OK ? audit_front(store, actor, key, "front-schedule",
                                           gz_pool_printf(pool, "at %lld", (long long)at), pool)
                             : code;
    }
    int code = store_front_put(store, key, layout, actor->user_id, based_on, &result->revision);
    if (code == GZ_ECONFLICT) {
        result->base.message = "Someone else changed this front after you opened it: reload it to "
                          "see their version.";
        return code;
    }
    return code == GZ_OK ? audit_front(store, actor, key, "front-save",
                                       gz_pool_printf(pool, "revision %lld",
                                                      (long long)result->revision),
                                       pool)
                         : code;
}

int newsroom_front_save(store_t *store, const newsroom_actor_t *actor, const char *key,
                        const content_front_t *front, int64_t based_on, gz_time_t at,
                        gz_pool_t *pool, newsroom_front_result_t *result)
{
    *result = (newsroom_front_result_t){0};
    if (actor == NULL || !newsroom_may_publish(actor))
        return newsroom_refuse(&result->base, "Only editors and admins arrange fronts.");
    if (at > 0 && at <= gz_now()) {
        result->base.message = "A scheduled version needs a time in the future.";
        return GZ_EINVAL;
    }
    content_section_t section;
    gz_buf_t problems = GZ_BUF_INIT;
    int code = newsroom_front_key_check(store, key, pool, &section);
    if (code == GZ_ENOTFOUND)
        problem(&problems, "There is no such front.");
    if (code == GZ_OK)
        code = newsroom_front_check(store, front, pool, &problems);
    if (code == GZ_OK && problems.len > 0)
        code = GZ_EINVAL;
    if (problems.len > 0)
        result->base.message = gz_pool_strdup(pool, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    if (code != GZ_OK)
        return code == GZ_EINVAL || code == GZ_ENOTFOUND
                   ? code
                   : newsroom_fail(store, &result->base, pool, code, "The store is busy: ");
    code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, &result->base, pool, code, "The front was not saved: ");
    code = store_version(store, actor, key, newsroom_front_layout(front, pool), based_on, at, pool,
                         result);
    code = newsroom_finish(store, code);
    if (code != GZ_OK && result->base.message == NULL)
        return newsroom_fail(store, &result->base, pool, code, "The front was not saved: ");
    return code;
}

int newsroom_front_unschedule(store_t *store, const newsroom_actor_t *actor, const char *key,
                              int64_t schedule_id, gz_pool_t *pool, newsroom_front_result_t *result)
{
    *result = (newsroom_front_result_t){.schedule_id = schedule_id};
    if (actor == NULL || !newsroom_may_publish(actor))
        return newsroom_refuse(&result->base, "Only editors and admins arrange fronts.");
    int code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, &result->base, pool, code, "Not removed: ");
    code = store_front_schedule_delete(store, schedule_id);
    if (code == GZ_OK)
        code = audit_front(store, actor, key, "front-unschedule",
                           gz_pool_printf(pool, "scheduled version %lld", (long long)schedule_id),
                           pool);
    code = newsroom_finish(store, code);
    if (code == GZ_ENOTFOUND)
        result->base.message = "This version is no longer waiting: it went live or was removed.";
    else if (code != GZ_OK)
        return newsroom_fail(store, &result->base, pool, code, "Not removed: ");
    return code;
}

/* One scheduled version, made live over whatever the front holds now.
 * Its row goes first: under the write lock, a version another node has
 * already applied is gone, and is not applied twice. */
static int apply_schedule(store_t *store, const store_front_schedule_t *schedule, gz_pool_t *pool,
                          bool *applied)
{
    *applied = false;
    int code = store_front_schedule_delete(store, schedule->id);
    if (code == GZ_ENOTFOUND)
        return GZ_OK;
    store_front_t current;
    if (code == GZ_OK)
        code = store_front_get(store, schedule->key, pool, &current);
    int64_t based_on = code == GZ_OK ? current.revision : 0;
    code = code == GZ_ENOTFOUND ? GZ_OK : code;
    if (code == GZ_OK)
        code = store_front_put(store, schedule->key, schedule->layout, schedule->user_id,
                               based_on, NULL);
    if (code == GZ_OK)
        code = audit_front(store, NULL, schedule->key, "front-publish",
                           gz_pool_printf(pool, "scheduled by user %lld",
                                          (long long)schedule->user_id),
                           pool);
    *applied = code == GZ_OK;
    return code;
}

int newsroom_fronts_publish_due(store_t *store, gz_time_t now)
{
    gz_pool_t pool = GZ_POOL_INIT;
    store_front_schedule_t *due = NULL;
    size_t count = 0;
    int code = store_front_schedules(store, NULL, now, &pool, &due, &count);
    int applied = 0;
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        bool one = false;
        code = store_begin(store);
        if (code != GZ_OK)
            break;
        code = apply_schedule(store, &due[i], &pool, &one);
        code = newsroom_finish(store, code);
        applied += code == GZ_OK && one;
    }
    gz_pool_clear(&pool);
    return code == GZ_OK ? applied : -1;
}
