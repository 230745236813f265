/*
 * store_taxonomy.c: the small tables that articles point to (sections,
 * content types, authors and tags), written once for both databases over
 * the driver (store/driver.h, statements in store_sql.c). Names sort by
 * bytes on both, because the PostgreSQL schema makes them COLLATE "C".
 *
 * Sections, authors and tags are found by the slug of their name and
 * created on first use ("ensure"), so an importer can name them freely and
 * two spellings that slug alike ("Middle East", "middle-east") meet in one
 * row. The lookup runs on its own, so naming a known section costs one
 * statement and no lock; only a missing name opens a write, which inserts
 * ON CONFLICT DO NOTHING and looks again: under the write lock that
 * second look sees the row whoever made it. A tag's name also finds the
 * tag its slug was renamed or merged into, so an editor typing a merged
 * tag does not bring it back.
 *
 * Sections are also written whole by the newsroom (store_section_put);
 * only the importer still creates them by name.
 */
#include <string.h>

#include "store/driver.h"

enum { SLUG_MAX_BYTES = 80 };

/* ---- rows -------------------------------------------------------------- */

/* The columns of store_sql.c's SECTION_COLUMNS, in order. */
static void section_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    content_section_t *section = out;
    section->id = store_sql_int64(store, row, 0);
    section->slug = store_sql_text_column(store, row, 1, pool);
    section->name = store_sql_text_column(store, row, 2, pool);
    section->description = store_sql_text_column(store, row, 3, pool);
    section->position = store_sql_int64(store, row, 4);
    section->parent_id = store_sql_int64(store, row, 5);
    section->desk = store_sql_text_column(store, row, 6, pool);
    section->hidden = store_sql_int64(store, row, 7) != 0;
}

static void tag_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    content_tag_t *tag = out;
    tag->id = store_sql_int64(store, row, 0);
    tag->slug = store_sql_text_column(store, row, 1, pool);
    tag->name = store_sql_text_column(store, row, 2, pool);
}

static void content_type_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool,
                                  void *out)
{
    content_type_t *type = out;
    type->id = store_sql_int64(store, row, 0);
    type->slug = store_sql_text_column(store, row, 1, pool);
    type->name = store_sql_text_column(store, row, 2, pool);
    type->headline_prefix = store_sql_text_column(store, row, 3, pool);
}

/* ---- sections and tags ------------------------------------------------- */

int store_section_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool,
                              content_section_t *out)
{
    if (slug == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_section_get_by_slug needs slug, pool, out");
    char *missing = gz_pool_printf(pool, "no section with slug \"%s\"", slug);
    return store_sql_read_by_key(store, SQL_SECTION_BY_SLUG, 0, slug, section_from_row, pool, out,
                                 missing, "reading a section");
}

int store_section_get(store_t *store, int64_t id, gz_pool_t *pool, content_section_t *out)
{
    if (pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_section_get needs a pool and out");
    char *missing = gz_pool_printf(pool, "no section %lld", (long long)id);
    return store_sql_read_by_key(store, SQL_SECTION_GET, id, NULL, section_from_row, pool, out,
                                 missing, "reading a section");
}

int store_section_list(store_t *store, gz_pool_t *pool, content_section_t **out, size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_section_list needs pool, out and count");
    return store_sql_read_list(store, SQL_SECTION_LIST, section_from_row, sizeof **out, pool,
                               (void **)out, count, "listing sections");
}

int store_tag_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool, content_tag_t *out)
{
    if (slug == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_tag_get_by_slug needs slug, pool, out");
    char *missing = gz_pool_printf(pool, "no tag with slug \"%s\"", slug);
    return store_sql_read_by_key(store, SQL_TAG_BY_SLUG, 0, slug, tag_from_row, pool, out, missing,
                                 "reading a tag");
}

/* Inserts (id 0: the new id written back) or updates every field. */
static int put_section_row(store_t *store, content_section_t *section)
{
    bool is_new = section->id == 0;
    store_statement_t *statement;
    int result =
        store_sql_prepare(store, is_new ? SQL_SECTION_ADD : SQL_SECTION_UPDATE, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, section->slug);
    store_sql_bind_text(store, statement, 2, section->name);
    store_sql_bind_text(store, statement, 3, section->description);
    store_sql_bind_int64(store, statement, 4, section->position);
    store_sql_bind_id(store, statement, 5, section->parent_id);
    store_sql_bind_text(store, statement, 6, section->desk);
    store_sql_bind_int64(store, statement, 7, section->hidden ? 1 : 0);
    if (is_new)
        return store_sql_read_one(store, statement, store_sql_int64_row, NULL, &section->id, NULL,
                                  "adding a section");
    store_sql_bind_int64(store, statement, 8, section->id);
    int64_t changed = 0;
    result = store_sql_run(store, statement, &changed, "saving a section");
    if (result == GZ_OK && changed == 0)
        result = store_fail(store, GZ_ENOTFOUND, "no section %lld", (long long)section->id);
    return result;
}

/* The parent must be stored: the key is checked only at commit (so a copy
 * may bring children first), too late for a clear message. */
static int check_parent(store_t *store, const content_section_t *section)
{
    if (section->parent_id <= 0)
        return GZ_OK;
    if (section->parent_id == section->id)
        return store_fail(store, GZ_EINVAL, "a section cannot be its own parent");
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_SECTION_GET, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, section->parent_id);
    bool found = false;
    int64_t parent_id = 0;
    result = store_sql_read_maybe(store, statement, store_sql_int64_row, NULL, &parent_id, &found,
                                  "reading a section's parent");
    if (result == GZ_OK && !found)
        result = store_fail(store, GZ_EINVAL, "there is no section %lld to be the parent",
                            (long long)section->parent_id);
    return result;
}

int store_section_put(store_t *store, content_section_t *section)
{
    if (section == NULL || section->id < 0 || section->slug == NULL || section->slug[0] == '\0' ||
        section->name == NULL || section->name[0] == '\0')
        return store_fail(store, GZ_EINVAL, "a section needs a slug and a name");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = check_parent(store, section);
    if (result == GZ_OK)
        result = put_section_row(store, section);
    if (result == GZ_ECONFLICT)
        result =
            store_fail(store, GZ_ECONFLICT, "another section has the slug \"%s\"", section->slug);
    return store_write_finish(store, &write, result);
}

/* ---- content types ----------------------------------------------------- */

int store_content_type_get(store_t *store, int64_t id, gz_pool_t *pool, content_type_t *out)
{
    if (pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_content_type_get needs a pool and out");
    char *missing = gz_pool_printf(pool, "no content type %lld", (long long)id);
    return store_sql_read_by_key(store, SQL_CONTENT_TYPE_GET, id, NULL, content_type_from_row, pool,
                                 out, missing, "reading a content type");
}

int store_content_type_list(store_t *store, gz_pool_t *pool, content_type_t **out, size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_content_type_list needs pool, out and count");
    return store_sql_read_list(store, SQL_CONTENT_TYPE_LIST, content_type_from_row, sizeof **out,
                               pool, (void **)out, count, "listing content types");
}

int store_content_type_put(store_t *store, const content_type_t *type)
{
    if (type == NULL || type->id <= 0)
        return store_fail(store, GZ_EINVAL, "a content type needs a positive id");
    if (type->slug == NULL || type->slug[0] == '\0' || type->name == NULL || type->name[0] == '\0')
        return store_fail(store, GZ_EINVAL, "content type %lld needs a slug and a name",
                          (long long)type->id);
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    store_statement_t *statement;
    result = store_sql_prepare(store, SQL_CONTENT_TYPE_PUT, &statement);
    if (result == GZ_OK) {
        store_sql_bind_int64(store, statement, 1, type->id);
        store_sql_bind_text(store, statement, 2, type->slug);
        store_sql_bind_text(store, statement, 3, type->name);
        store_sql_bind_text(store, statement, 4, type->headline_prefix);
        result = store_sql_run(store, statement, NULL, "storing a content type");
    }
    return store_write_finish(store, &write, result);
}

/* ---- sections, authors, tags by name ----------------------------------- */

static const struct {
    store_sql_id_t find;
    store_sql_id_t insert;
    const char *word;
} named_tables[] = {
    [STORE_NAMED_SECTION] = {SQL_SECTION_FIND, SQL_SECTION_INSERT, "section"},
    [STORE_NAMED_AUTHOR] = {SQL_AUTHOR_FIND, SQL_AUTHOR_INSERT, "author"},
    [STORE_NAMED_TAG] = {SQL_TAG_FIND, SQL_TAG_INSERT, "tag"},
};

/* GZ_ENOTFOUND when there is no such slug. */
static int find_named(store_t *store, store_named_kind_t kind, const char *slug, int64_t *id)
{
    return store_sql_read_by_key(store, named_tables[kind].find, 0, slug, store_sql_int64_row, NULL,
                                 id, "no such name", "finding a name");
}

static int create_named(store_t *store, store_named_kind_t kind, const char *slug, const char *name,
                        int64_t *id)
{
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    store_statement_t *statement;
    result = store_sql_prepare(store, named_tables[kind].insert, &statement);
    if (result == GZ_OK) {
        store_sql_bind_text(store, statement, 1, slug);
        store_sql_bind_text(store, statement, 2, name);
        result = store_sql_run(store, statement, NULL, "creating a name");
    }
    if (result == GZ_OK)
        result = find_named(store, kind, slug, id);
    if (result == GZ_ENOTFOUND)
        result = store_fail(store, GZ_EIO, "%s \"%s\" vanished after it was created",
                            named_tables[kind].word, name);
    return store_write_finish(store, &write, result);
}

static int named_ensure(store_t *store, store_named_kind_t kind, const char *name, int64_t *id)
{
    if (name == NULL || id == NULL)
        return store_fail(store, GZ_EINVAL, "a %s needs a name", named_tables[kind].word);
    gz_buf_t slug = GZ_BUF_INIT;
    gz_slug_append(&slug, name, strlen(name), SLUG_MAX_BYTES);
    int result;
    if (slug.len == 0)
        result = store_fail(store, GZ_EINVAL, "%s name \"%s\" has no letter or digit",
                            named_tables[kind].word, name);
    else if ((result = find_named(store, kind, gz_buf_cstr(&slug), id)) == GZ_ENOTFOUND)
        result = create_named(store, kind, gz_buf_cstr(&slug), name, id);
    gz_buf_free(&slug);
    return result;
}

int store_section_ensure(store_t *store, const char *name, int64_t *id)
{
    return named_ensure(store, STORE_NAMED_SECTION, name, id);
}

int store_author_ensure(store_t *store, const char *name, int64_t *id)
{
    return named_ensure(store, STORE_NAMED_AUTHOR, name, id);
}

int store_tag_ensure(store_t *store, const char *name, int64_t *id)
{
    return named_ensure(store, STORE_NAMED_TAG, name, id);
}
