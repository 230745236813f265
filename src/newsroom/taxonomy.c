/*
 * taxonomy: the sections, tags and content types editors keep. Only
 * editors and admins change them (a writer's article may name them, never
 * make them). Each change is checked in full first, every problem told at
 * once in a sentence a line, and then written in one transaction with its
 * audit row ("section-create", "section-edit", "section-move", "tag-rename",
 * "tag-merge", "content-type-create", "content-type-edit"); the store's
 * triggers and its own fan-out log what readers must see again.
 *
 * Sections nest one level deep: a parent is a top-level section, and a
 * section with children stays at the top. That rule alone rules out a
 * cycle, and keeps the navigation a list with sub-lists. Positions order
 * siblings; moving one up or down renumbers its siblings 10, 20, 30 ... so
 * the numbers an editor sees stay round.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

enum { POSITION_STEP = 10, POSITION_MAX = 1000000 };

/* ---- checks ----------------------------------------------------------------- */

static size_t character_count(gz_str_t text)
{
    size_t count = 0;
    for (size_t i = 0; i < text.len; i++)
        count += ((unsigned char)text.ptr[i] & 0xC0) != 0x80;
    return count;
}

/* C0 and C1 controls and DEL; line breaks (and tabs) are allowed where
 * multiline says so. */
static bool has_control(gz_str_t text, bool multiline)
{
    const unsigned char *c = (const unsigned char *)text.ptr;
    for (size_t i = 0; i < text.len; i++) {
        if (multiline && (c[i] == '\n' || c[i] == '\r' || c[i] == '\t'))
            continue;
        if (c[i] < 0x20 || c[i] == 0x7F)
            return true;
        if (c[i] == 0xC2 && i + 1 < text.len && c[i + 1] >= 0x80 && c[i + 1] <= 0x9F)
            return true;
    }
    return false;
}

static void problem(gz_buf_t *problems, const char *sentence)
{
    gz_buf_printf(problems, "%s%s", problems->len > 0 ? "\n" : "", sentence);
}

/* Checks a typed text (trimmed into *out, NULL when empty): valid UTF-8,
 * no control characters (line breaks where multiline), at most max
 * characters, present when required. what names it in the sentences. */
static void check_text(const char *typed, const char *what, size_t max, bool required,
                       bool multiline, gz_pool_t *pool, const char **out, gz_buf_t *problems)
{
    gz_str_t text = gz_str_trim(gz_str_from_cstr(typed));
    *out = text.len > 0 ? gz_pool_strndup(pool, text.ptr, text.len) : NULL;
    if (text.len == 0 && required) {
        gz_buf_printf(problems, "%s%s is required.", problems->len > 0 ? "\n" : "", what);
    } else if (!gz_utf8_valid(text.ptr, text.len)) {
        gz_buf_printf(problems, "%s%s is not valid UTF-8.", problems->len > 0 ? "\n" : "", what);
        *out = NULL;
    } else if (has_control(text, multiline)) {
        gz_buf_printf(problems, "%s%s cannot hold %s.", problems->len > 0 ? "\n" : "", what,
                      multiline ? "control characters" : "line breaks or control characters");
    } else if (character_count(text) > max) {
        gz_buf_printf(problems, "%s%s is too long: at most %zu characters (it has %zu).",
                      problems->len > 0 ? "\n" : "", what, max, character_count(text));
    }
}

static const char *slug_of(gz_pool_t *pool, const char *text)
{
    gz_buf_t slug = GZ_BUF_INIT;
    if (text != NULL)
        gz_slug_append(&slug, text, strlen(text), NEWSROOM_SLUG_MAX);
    const char *made = gz_pool_strdup(pool, gz_buf_cstr(&slug));
    gz_buf_free(&slug);
    return made;
}

/* The address name: typed (it must be a slug already) or made from the
 * name. */
static const char *check_slug(const char *typed, const char *name, gz_pool_t *pool,
                              gz_buf_t *problems)
{
    gz_str_t text = gz_str_trim(gz_str_from_cstr(typed));
    if (text.len == 0) {
        const char *made = slug_of(pool, name);
        if (name != NULL && made[0] == '\0')
            problem(problems, "The name needs a letter or a digit, to make its address from.");
        return made;
    }
    const char *slug = gz_pool_strndup(pool, text.ptr, text.len);
    if (text.len > NEWSROOM_SLUG_MAX || !gz_utf8_valid(text.ptr, text.len) ||
        strcmp(slug_of(pool, slug), slug) != 0)
        problem(problems, "The address name may hold only lower-case letters, digits and '-' "
                          "(at most 80 bytes), as in \"middle-east\".");
    return slug;
}

/* ---- shared steps ------------------------------------------------------------ */

static int refuse(newsroom_taxonomy_result_t *result, const char *message)
{
    result->not_allowed = true;
    result->message = message;
    return GZ_EINVAL;
}

static int refused(const newsroom_actor_t *actor, newsroom_taxonomy_result_t *result,
                   const char *what)
{
    *result = (newsroom_taxonomy_result_t){0};
    if (actor != NULL && newsroom_may_publish(actor))
        return GZ_OK;
    return refuse(result, what);
}

static int invalid(newsroom_taxonomy_result_t *result, gz_buf_t *problems, gz_pool_t *pool)
{
    result->message = gz_pool_strdup(pool, gz_buf_cstr(problems));
    gz_buf_free(problems);
    return GZ_EINVAL;
}

static int begin(store_t *store, gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    int code = store_begin(store);
    if (code != GZ_OK)
        result->message = gz_pool_printf(pool, "The store is busy: %s", store_last_error(store));
    return code;
}

/* Ends the transaction; a failure without a sentence of its own gets the
 * store's. */
static int finish(store_t *store, int code, const char *what, gz_pool_t *pool,
                  newsroom_taxonomy_result_t *result)
{
    code = newsroom_finish(store, code);
    if (code != GZ_OK && result->message == NULL)
        result->message = gz_pool_printf(pool, "%s: %s", what, store_last_error(store));
    return code;
}

/* ---- sections ------------------------------------------------------------------ */

static const content_section_t *find_by_id(const content_section_t *sections, size_t count,
                                           int64_t id)
{
    for (size_t i = 0; i < count; i++)
        if (sections[i].id == id)
            return &sections[i];
    return NULL;
}

static bool has_children(const content_section_t *sections, size_t count, int64_t id)
{
    for (size_t i = 0; id > 0 && i < count; i++)
        if (sections[i].parent_id == id)
            return true;
    return false;
}

/* The rules that need the other sections: the parent, the slug. */
static void check_place(const content_section_t *section, const content_section_t *sections,
                        size_t count, gz_buf_t *problems)
{
    for (size_t i = 0; i < count; i++)
        if (sections[i].id != section->id && strcmp(sections[i].slug, section->slug) == 0)
            gz_buf_printf(problems, "%sAnother section (%s) already has the address name \"%s\".",
                          problems->len > 0 ? "\n" : "", sections[i].name, section->slug);
    if (section->parent_id <= 0)
        return;
    const content_section_t *parent = find_by_id(sections, count, section->parent_id);
    if (section->parent_id == section->id)
        problem(problems, "A section cannot be its own parent.");
    else if (parent == NULL)
        problem(problems, "The parent section does not exist.");
    else if (parent->parent_id > 0)
        problem(problems, "The parent must be a top-level section: sections nest one level "
                          "deep, so a section cannot go under one of its own or another's "
                          "children.");
    else if (has_children(sections, count, section->id))
        problem(problems, "This section has sections under it, so it cannot go under another "
                          "one.");
}

/* After its last sibling. */
static int64_t next_position(const content_section_t *section, const content_section_t *sections,
                             size_t count)
{
    int64_t last = 0;
    for (size_t i = 0; i < count; i++)
        if (sections[i].parent_id == section->parent_id && sections[i].position > last)
            last = sections[i].position;
    return last + POSITION_STEP;
}

static void check_section_fields(content_section_t *section, gz_pool_t *pool, gz_buf_t *problems)
{
    check_text(section->name, "The name", NEWSROOM_NAME_MAX, true, false, pool, &section->name,
               problems);
    section->slug = check_slug(section->slug, section->name, pool, problems);
    check_text(section->description, "The description", NEWSROOM_DESCRIPTION_MAX, false, true, pool,
               &section->description, problems);
    check_text(section->desk, "The desk", NEWSROOM_NAME_MAX, false, false, pool, &section->desk,
               problems);
    if (section->position < -POSITION_MAX || section->position > POSITION_MAX)
        problem(problems, "The position is a whole number from -1000000 to 1000000.");
}

static int write_section(store_t *store, const newsroom_actor_t *actor, content_section_t *section,
                         gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    content_section_t *sections = NULL;
    size_t count = 0;
    int code = store_section_list(store, pool, &sections, &count);
    if (code != GZ_OK)
        return code;
    bool is_new = section->id == 0;
    if (!is_new && find_by_id(sections, count, section->id) == NULL) {
        result->message = "There is no such section.";
        return GZ_ENOTFOUND;
    }
    gz_buf_t problems = GZ_BUF_INIT;
    check_place(section, sections, count, &problems);
    if (problems.len > 0)
        return invalid(result, &problems, pool);
    gz_buf_free(&problems);
    if (is_new && section->position == 0)
        section->position = next_position(section, sections, count);
    code = store_section_put(store, section);
    if (code == GZ_OK)
        code = newsroom_audit(store, actor, is_new ? "section-create" : "section-edit",
                     gz_pool_printf(pool, "section:%lld", (long long)section->id), section->name);
    return code;
}

int newsroom_section_save(store_t *store, const newsroom_actor_t *actor, content_section_t *section,
                          gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    int code = refused(actor, result, "Only editors and admins change sections.");
    if (code != GZ_OK)
        return code;
    gz_buf_t problems = GZ_BUF_INIT;
    check_section_fields(section, pool, &problems);
    if (problems.len > 0)
        return invalid(result, &problems, pool);
    gz_buf_free(&problems);
    code = begin(store, pool, result);
    if (code != GZ_OK)
        return code;
    code = write_section(store, actor, section, pool, result);
    code = finish(store, code, "The section could not be saved", pool, result);
    if (code == GZ_OK)
        result->id = section->id;
    return code;
}

/* Swaps the section with its sibling before (direction < 0) or after it,
 * then numbers the siblings in steps; only the changed ones are written. */
static int move_section(store_t *store, const newsroom_actor_t *actor, int64_t id, int direction,
                        gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    content_section_t *sections = NULL;
    size_t count = 0;
    int code = store_section_list(store, pool, &sections, &count);
    const content_section_t *moved = code == GZ_OK ? find_by_id(sections, count, id) : NULL;
    if (code == GZ_OK && moved == NULL) {
        result->message = "There is no such section.";
        return GZ_ENOTFOUND;
    }
    content_section_t **siblings = gz_pool_calloc(pool, count + 1, sizeof *siblings);
    size_t sibling_count = 0, at = 0;
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        if (sections[i].parent_id != moved->parent_id)
            continue;
        at = sections[i].id == id ? sibling_count : at;
        siblings[sibling_count++] = &sections[i];
    }
    size_t other = direction < 0 ? at - 1 : at + 1;
    if (code == GZ_OK && (direction < 0 ? at > 0 : at + 1 < sibling_count)) {
        content_section_t *swap = siblings[at];
        siblings[at] = siblings[other];
        siblings[other] = swap;
    }
    for (size_t i = 0; code == GZ_OK && i < sibling_count; i++) {
        int64_t position = (int64_t)(i + 1) * POSITION_STEP;
        if (siblings[i]->position == position)
            continue;
        siblings[i]->position = position;
        code = store_section_put(store, siblings[i]);
    }
    if (code == GZ_OK)
        code =
            newsroom_audit(store, actor, "section-move", gz_pool_printf(pool, "section:%lld", (long long)id),
                  direction < 0 ? "up" : "down");
    return code;
}

int newsroom_section_move(store_t *store, const newsroom_actor_t *actor, int64_t id, int direction,
                          gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    int code = refused(actor, result, "Only editors and admins change sections.");
    if (code != GZ_OK)
        return code;
    code = begin(store, pool, result);
    if (code != GZ_OK)
        return code;
    code = move_section(store, actor, id, direction, pool, result);
    code = finish(store, code, "The section could not be moved", pool, result);
    if (code == GZ_OK)
        result->id = id;
    return code;
}

/* The section typed in an article's section field: by its address name,
 * its exact name, or the address the typed name makes, compared with the
 * section's address and its name's ("middle east" finds "Middle East"
 * at mideast). Sections are few, so the list is read whole. */
int newsroom_find_section(store_t *store, const char *typed, gz_pool_t *pool,
                          content_section_t *out)
{
    gz_str_t text = gz_str_trim(gz_str_from_cstr(typed));
    if (text.len == 0)
        return GZ_ENOTFOUND;
    const char *name = gz_pool_strndup(pool, text.ptr, text.len);
    content_section_t *sections = NULL;
    size_t count = 0;
    int code = store_section_list(store, pool, &sections, &count);
    if (code != GZ_OK)
        return code;
    const char *slug = slug_of(pool, name);
    const content_section_t *found = NULL;
    for (size_t i = 0; i < count && found == NULL; i++)
        if (strcmp(sections[i].slug, name) == 0 || strcmp(sections[i].name, name) == 0)
            found = &sections[i];
    for (size_t i = 0; i < count && found == NULL && slug[0] != '\0'; i++)
        if (strcmp(sections[i].slug, slug) == 0 ||
            strcmp(slug_of(pool, sections[i].name), slug) == 0)
            found = &sections[i];
    if (found == NULL)
        return GZ_ENOTFOUND;
    *out = *found;
    return GZ_OK;
}

/* ---- tags ------------------------------------------------------------------------ */

static int read_tag(store_t *store, int64_t id, gz_pool_t *pool, content_tag_t *tag,
                    newsroom_taxonomy_result_t *result)
{
    int code = store_tag_get(store, id, pool, tag);
    if (code == GZ_ENOTFOUND)
        result->message = "There is no such tag: it may have been merged into another.";
    return code;
}

static int rename_tag(store_t *store, const newsroom_actor_t *actor, int64_t id, const char *name,
                      const char *slug, gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    content_tag_t tag;
    int code = read_tag(store, id, pool, &tag, result);
    if (code == GZ_OK)
        code = store_tag_rename(store, id, name, slug);
    if (code == GZ_ECONFLICT)
        result->message = gz_pool_printf(
            pool, "Another tag already has the address name \"%s\": merge the two instead.", slug);
    if (code == GZ_OK)
        code = newsroom_audit(store, actor, "tag-rename", gz_pool_printf(pool, "tag:%lld", (long long)id),
                     gz_pool_printf(pool, "%s (%s) -> %s (%s)", tag.name, tag.slug, name, slug));
    return code;
}

int newsroom_tag_rename(store_t *store, const newsroom_actor_t *actor, int64_t id, const char *name,
                        const char *slug, gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    int code = refused(actor, result, "Only editors and admins rename tags.");
    if (code != GZ_OK)
        return code;
    gz_buf_t problems = GZ_BUF_INIT;
    check_text(name, "The name", NEWSROOM_NAME_MAX, true, false, pool, &name, &problems);
    slug = check_slug(slug, name, pool, &problems);
    if (problems.len > 0)
        return invalid(result, &problems, pool);
    gz_buf_free(&problems);
    code = begin(store, pool, result);
    if (code != GZ_OK)
        return code;
    code = rename_tag(store, actor, id, name, slug, pool, result);
    code = finish(store, code, "The tag could not be renamed", pool, result);
    if (code == GZ_OK)
        result->id = id;
    return code;
}

static int merge_tags(store_t *store, const newsroom_actor_t *actor, int64_t from_id,
                      int64_t into_id, gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    content_tag_t from, into;
    int code = read_tag(store, from_id, pool, &from, result);
    if (code == GZ_OK)
        code = read_tag(store, into_id, pool, &into, result);
    if (code == GZ_OK)
        code = store_tag_merge(store, from_id, into_id);
    if (code == GZ_OK)
        code =
            newsroom_audit(store, actor, "tag-merge", gz_pool_printf(pool, "tag:%lld", (long long)into_id),
                  gz_pool_printf(pool, "%s (%s, tag:%lld) merged into %s (%s)", from.name,
                                 from.slug, (long long)from_id, into.name, into.slug));
    return code;
}

int newsroom_tag_merge(store_t *store, const newsroom_actor_t *actor, int64_t from_id,
                       int64_t into_id, gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    int code = refused(actor, result, "Only editors and admins merge tags.");
    if (code != GZ_OK)
        return code;
    if (from_id == into_id) {
        result->message = "A tag cannot be merged into itself: pick another tag.";
        return GZ_EINVAL;
    }
    code = begin(store, pool, result);
    if (code != GZ_OK)
        return code;
    code = merge_tags(store, actor, from_id, into_id, pool, result);
    code = finish(store, code, "The tags could not be merged", pool, result);
    if (code == GZ_OK)
        result->id = into_id;
    return code;
}

/* ---- content types ------------------------------------------------------------------ */

static int write_content_type(store_t *store, const newsroom_actor_t *actor, content_type_t *type,
                              bool is_new, gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    content_type_t *types = NULL;
    size_t count = 0;
    int code = store_content_type_list(store, pool, &types, &count);
    bool exists = false;
    int64_t last = 0;
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        exists = exists || types[i].id == type->id;
        last = types[i].id > last ? types[i].id : last;
    }
    if (code == GZ_OK && is_new && type->id == 0)
        type->id = last + 1;
    else if (code == GZ_OK && is_new && exists)
        result->message =
            gz_pool_printf(pool, "There is a content type %lld already.", (long long)type->id);
    else if (code == GZ_OK && !is_new && !exists)
        result->message = "There is no such content type.";
    if (result->message != NULL)
        return exists ? GZ_ECONFLICT : GZ_ENOTFOUND;
    if (code == GZ_OK)
        code = store_content_type_put(store, type);
    if (code == GZ_ECONFLICT)
        result->message = gz_pool_printf(
            pool, "Another content type already has the address name \"%s\".", type->slug);
    if (code == GZ_OK)
        code = newsroom_audit(store, actor, is_new ? "content-type-create" : "content-type-edit",
                     gz_pool_printf(pool, "content-type:%lld", (long long)type->id), type->name);
    return code;
}

int newsroom_content_type_save(store_t *store, const newsroom_actor_t *actor, content_type_t *type,
                               bool is_new, gz_pool_t *pool, newsroom_taxonomy_result_t *result)
{
    int code = refused(actor, result, "Only editors and admins change content types.");
    if (code != GZ_OK)
        return code;
    gz_buf_t problems = GZ_BUF_INIT;
    check_text(type->name, "The name", NEWSROOM_NAME_MAX, true, false, pool, &type->name,
               &problems);
    type->slug = check_slug(type->slug, type->name, pool, &problems);
    check_text(type->headline_prefix, "The headline prefix", NEWSROOM_PREFIX_MAX, false, false,
               pool, &type->headline_prefix, &problems);
    if (type->id < 0 || type->id > POSITION_MAX || (!is_new && type->id == 0))
        problem(&problems, "The number is a whole number from 1 to 1000000.");
    if (problems.len > 0)
        return invalid(result, &problems, pool);
    gz_buf_free(&problems);
    code = begin(store, pool, result);
    if (code != GZ_OK)
        return code;
    code = write_content_type(store, actor, type, is_new, pool, result);
    code = finish(store, code, "The content type could not be saved", pool, result);
    if (code == GZ_OK)
        result->id = type->id;
    return code;
}
