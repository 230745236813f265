/*
 * sqlite_taxonomy.c: the small tables that articles point to: sections,
 * content types, authors and tags, on SQLite.
 *
 * Sections, authors and tags are found by the slug of their name and
 * created on first use ("ensure"), so an importer can name them freely and
 * two spellings that slug alike ("Middle East", "middle-east") meet in one
 * row. The insert is ON CONFLICT DO NOTHING followed by a second lookup,
 * which stays right when another process creates the same name at the same
 * moment, without holding a transaction open.
 */
#include "store/sqlite_private.h"

/* ---- rows -------------------------------------------------------------- */

static void section_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, content_section_t *out)
{
    out->id = sqlite3_column_int64(stmt, 0);
    out->slug = sqlite_column_text(stmt, 1, pool);
    out->name = sqlite_column_text(stmt, 2, pool);
}

static void content_type_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, content_type_t *out)
{
    out->id = sqlite3_column_int64(stmt, 0);
    out->slug = sqlite_column_text(stmt, 1, pool);
    out->name = sqlite_column_text(stmt, 2, pool);
    out->headline_prefix = sqlite_column_text(stmt, 3, pool);
}

/* ---- sections ---------------------------------------------------------- */

int sqlite_section_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool,
                               content_section_t *out)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_SECTION_BY_SLUG, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, slug, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        section_from_row(stmt, pool, out);
    else if (rc == SQLITE_DONE)
        result = store_fail(store, GZ_ENOTFOUND, "no section with slug \"%s\"", slug);
    else
        result = sqlite_fail(store, "reading section \"%s\"", slug);
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_section_list(store_t *store, gz_pool_t *pool, content_section_t **out, size_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_SECTION_LIST, &stmt);
    if (result != GZ_OK)
        return result;
    size_t capacity = 0;
    int rc;
    while ((rc = sqlite_step(stmt)) == SQLITE_ROW) {
        *out = store_pool_grow(pool, *out, *count, &capacity, sizeof **out);
        section_from_row(stmt, pool, &(*out)[(*count)++]);
    }
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "listing sections");
    sqlite_statement_done(stmt);
    return result;
}

/* ---- content types ----------------------------------------------------- */

int sqlite_content_type_get(store_t *store, int64_t id, gz_pool_t *pool, content_type_t *out)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_CONTENT_TYPE_GET, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        content_type_from_row(stmt, pool, out);
    else if (rc == SQLITE_DONE)
        result = store_fail(store, GZ_ENOTFOUND, "no content type %lld", (long long)id);
    else
        result = sqlite_fail(store, "reading content type %lld", (long long)id);
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_content_type_list(store_t *store, gz_pool_t *pool, content_type_t **out, size_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_CONTENT_TYPE_LIST, &stmt);
    if (result != GZ_OK)
        return result;
    size_t capacity = 0;
    int rc;
    while ((rc = sqlite_step(stmt)) == SQLITE_ROW) {
        *out = store_pool_grow(pool, *out, *count, &capacity, sizeof **out);
        content_type_from_row(stmt, pool, &(*out)[(*count)++]);
    }
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "listing content types");
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_content_type_put(store_t *store, const content_type_t *type)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_CONTENT_TYPE_PUT, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, type->id, &rc);
    sqlite_bind_text(stmt, 2, type->slug, &rc);
    sqlite_bind_text(stmt, 3, type->name, &rc);
    sqlite_bind_text(stmt, 4, type->headline_prefix, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "storing content type %lld", (long long)type->id);
    sqlite_statement_done(stmt);
    return result;
}

/* ---- sections, authors, tags by name ----------------------------------- */

static const struct {
    sqlite_statement_id_t find;
    sqlite_statement_id_t insert;
    const char *word;
} named_tables[] = {
    [STORE_NAMED_SECTION] = {STMT_SECTION_FIND, STMT_SECTION_INSERT, "section"},
    [STORE_NAMED_AUTHOR] = {STMT_AUTHOR_FIND, STMT_AUTHOR_INSERT, "author"},
    [STORE_NAMED_TAG] = {STMT_TAG_FIND, STMT_TAG_INSERT, "tag"},
};

static int find_named(store_t *store, store_named_kind_t kind, const char *slug, int64_t *id)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, named_tables[kind].find, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, slug, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(stmt, 0);
    else if (rc == SQLITE_DONE)
        result = GZ_ENOTFOUND;
    else
        result = sqlite_fail(store, "finding %s \"%s\"", named_tables[kind].word, slug);
    sqlite_statement_done(stmt);
    return result;
}

static int insert_named(store_t *store, store_named_kind_t kind, const char *slug, const char *name)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, named_tables[kind].insert, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, slug, &rc);
    sqlite_bind_text(stmt, 2, name, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "creating %s \"%s\"", named_tables[kind].word, name);
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_named_ensure(store_t *store, store_named_kind_t kind, const char *slug, const char *name,
                        int64_t *id)
{
    int result = find_named(store, kind, slug, id);
    if (result != GZ_ENOTFOUND)
        return result;
    result = insert_named(store, kind, slug, name);
    if (result != GZ_OK)
        return result;
    result = find_named(store, kind, slug, id);
    if (result == GZ_ENOTFOUND)
        return store_fail(store, GZ_EIO, "%s \"%s\" vanished after it was created",
                          named_tables[kind].word, name);
    return result;
}

/* ---- tags -------------------------------------------------------------- */

int sqlite_tag_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool, content_tag_t *out)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_TAG_BY_SLUG, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, slug, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(stmt, 0);
        out->slug = sqlite_column_text(stmt, 1, pool);
        out->name = sqlite_column_text(stmt, 2, pool);
    } else if (rc == SQLITE_DONE) {
        result = store_fail(store, GZ_ENOTFOUND, "no tag with slug \"%s\"", slug);
    } else {
        result = sqlite_fail(store, "reading tag \"%s\"", slug);
    }
    sqlite_statement_done(stmt);
    return result;
}
