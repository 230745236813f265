/*
 * pg_taxonomy.c: the small tables that articles point to: sections,
 * content types, authors and tags, on PostgreSQL. The same rows in the
 * same order as sqlite_taxonomy.c; names sort by bytes on both because
 * the schema makes them COLLATE "C".
 *
 * Sections, authors and tags are found by the slug of their name and
 * created on first use ("ensure"). The lookup runs on its own, so naming
 * a known section costs one statement and no lock; only a missing name
 * opens a write, which inserts ON CONFLICT DO NOTHING and looks again:
 * under the write lock that second look sees the row whoever made it.
 * Every insert or update here is a write of its own (pg_write_start),
 * because the schema's triggers log it in the change log.
 */
#include "store/pg_private.h"

/* clang-format off: SQL laid out as SQL. */
static const pg_statement_t SECTION_BY_SLUG = {
    "SELECT id, slug, name FROM sections WHERE slug = $1"};
static const pg_statement_t SECTION_LIST = {
    "SELECT id, slug, name FROM sections ORDER BY name, id"};
static const pg_statement_t CONTENT_TYPE_GET = {
    "SELECT id, slug, name, headline_prefix FROM content_types WHERE id = $1"};
static const pg_statement_t CONTENT_TYPE_LIST = {
    "SELECT id, slug, name, headline_prefix FROM content_types ORDER BY id"};
static const pg_statement_t CONTENT_TYPE_PUT = {
    "INSERT INTO content_types (id, slug, name, headline_prefix) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, name = excluded.name,"
    " headline_prefix = excluded.headline_prefix"};
static const pg_statement_t TAG_BY_SLUG = {"SELECT id, slug, name FROM tags WHERE slug = $1"};

static const pg_statement_t SECTION_FIND = {"SELECT id FROM sections WHERE slug = $1"};
static const pg_statement_t SECTION_INSERT = {
    "INSERT INTO sections (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING"};
static const pg_statement_t AUTHOR_FIND = {"SELECT id FROM authors WHERE slug = $1"};
static const pg_statement_t AUTHOR_INSERT = {
    "INSERT INTO authors (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING"};
static const pg_statement_t TAG_FIND = {"SELECT id FROM tags WHERE slug = $1"};
static const pg_statement_t TAG_INSERT = {
    "INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING"};
/* clang-format on */

/* ---- rows -------------------------------------------------------------- */

static void section_from_row(const PGresult *rows, int row, gz_pool_t *pool, content_section_t *out)
{
    out->id = pg_number(rows, row, 0);
    out->slug = pg_text(rows, row, 1, pool);
    out->name = pg_text(rows, row, 2, pool);
}

static void content_type_from_row(const PGresult *rows, int row, gz_pool_t *pool,
                                  content_type_t *out)
{
    out->id = pg_number(rows, row, 0);
    out->slug = pg_text(rows, row, 1, pool);
    out->name = pg_text(rows, row, 2, pool);
    out->headline_prefix = pg_text(rows, row, 3, pool);
}

/* Runs a lookup of at most one row: GZ_ENOTFOUND, with no message yet,
 * when none came back. The caller clears *rows in every case. */
static int query_one(store_t *store, const pg_statement_t *statement, const pg_params_t *params,
                     PGresult **rows, const char *context)
{
    int result = pg_query(store, statement, params, rows, context);
    if (result == GZ_OK && PQntuples(*rows) == 0)
        result = GZ_ENOTFOUND;
    return result;
}

/* ---- sections ---------------------------------------------------------- */

int pg_section_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool,
                           content_section_t *out)
{
    pg_params_t params = {0};
    pg_param_text(&params, slug);
    PGresult *rows = NULL;
    int result = query_one(store, &SECTION_BY_SLUG, &params, &rows, "reading a section");
    if (result == GZ_OK)
        section_from_row(rows, 0, pool, out);
    else if (result == GZ_ENOTFOUND)
        store_fail(store, GZ_ENOTFOUND, "no section with slug \"%s\"", slug);
    PQclear(rows);
    return result;
}

int pg_section_list(store_t *store, gz_pool_t *pool, content_section_t **out, size_t *count)
{
    PGresult *rows = NULL;
    int result = pg_query(store, &SECTION_LIST, NULL, &rows, "listing sections");
    if (result != GZ_OK)
        return result;
    int found = PQntuples(rows);
    *out = found > 0 ? gz_pool_calloc(pool, (size_t)found, sizeof **out) : NULL;
    for (int i = 0; i < found; i++)
        section_from_row(rows, i, pool, &(*out)[i]);
    *count = (size_t)found;
    PQclear(rows);
    return GZ_OK;
}

/* ---- content types ----------------------------------------------------- */

int pg_content_type_get(store_t *store, int64_t id, gz_pool_t *pool, content_type_t *out)
{
    pg_params_t params = {0};
    pg_param_int64(&params, id);
    PGresult *rows = NULL;
    int result = query_one(store, &CONTENT_TYPE_GET, &params, &rows, "reading a content type");
    if (result == GZ_OK)
        content_type_from_row(rows, 0, pool, out);
    else if (result == GZ_ENOTFOUND)
        store_fail(store, GZ_ENOTFOUND, "no content type %lld", (long long)id);
    PQclear(rows);
    return result;
}

int pg_content_type_list(store_t *store, gz_pool_t *pool, content_type_t **out, size_t *count)
{
    PGresult *rows = NULL;
    int result = pg_query(store, &CONTENT_TYPE_LIST, NULL, &rows, "listing content types");
    if (result != GZ_OK)
        return result;
    int found = PQntuples(rows);
    *out = found > 0 ? gz_pool_calloc(pool, (size_t)found, sizeof **out) : NULL;
    for (int i = 0; i < found; i++)
        content_type_from_row(rows, i, pool, &(*out)[i]);
    *count = (size_t)found;
    PQclear(rows);
    return GZ_OK;
}

int pg_content_type_put(store_t *store, const content_type_t *type)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    pg_params_t params = {0};
    pg_param_int64(&params, type->id);
    pg_param_text(&params, type->slug);
    pg_param_text(&params, type->name);
    pg_param_text(&params, type->headline_prefix);
    result = pg_run(store, &CONTENT_TYPE_PUT, &params, "storing a content type");
    return pg_write_finish(store, &write, result);
}

/* ---- sections, authors, tags by name ----------------------------------- */

static const struct {
    const pg_statement_t *find;
    const pg_statement_t *insert;
    const char *word;
} named_tables[] = {
    [STORE_NAMED_SECTION] = {&SECTION_FIND, &SECTION_INSERT, "section"},
    [STORE_NAMED_AUTHOR] = {&AUTHOR_FIND, &AUTHOR_INSERT, "author"},
    [STORE_NAMED_TAG] = {&TAG_FIND, &TAG_INSERT, "tag"},
};

/* GZ_ENOTFOUND, with no message, when there is no such slug. */
static int find_named(store_t *store, store_named_kind_t kind, const char *slug, int64_t *id)
{
    pg_params_t params = {0};
    pg_param_text(&params, slug);
    PGresult *rows = NULL;
    int result = query_one(store, named_tables[kind].find, &params, &rows, "finding a name");
    if (result == GZ_OK)
        *id = pg_number(rows, 0, 0);
    PQclear(rows);
    return result;
}

static int create_named(store_t *store, store_named_kind_t kind, const char *slug, const char *name,
                        int64_t *id)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    pg_params_t params = {0};
    pg_param_text(&params, slug);
    pg_param_text(&params, name);
    result = pg_run(store, named_tables[kind].insert, &params, "creating a name");
    if (result == GZ_OK)
        result = find_named(store, kind, slug, id);
    if (result == GZ_ENOTFOUND)
        result = store_fail(store, GZ_EIO, "%s \"%s\" vanished after it was created",
                            named_tables[kind].word, name);
    return pg_write_finish(store, &write, result);
}

int pg_named_ensure(store_t *store, store_named_kind_t kind, const char *slug, const char *name,
                    int64_t *id)
{
    int result = find_named(store, kind, slug, id);
    if (result != GZ_ENOTFOUND)
        return result;
    return create_named(store, kind, slug, name, id);
}

/* ---- tags -------------------------------------------------------------- */

int pg_tag_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool, content_tag_t *out)
{
    pg_params_t params = {0};
    pg_param_text(&params, slug);
    PGresult *rows = NULL;
    int result = query_one(store, &TAG_BY_SLUG, &params, &rows, "reading a tag");
    if (result == GZ_OK) {
        out->id = pg_number(rows, 0, 0);
        out->slug = pg_text(rows, 0, 1, pool);
        out->name = pg_text(rows, 0, 2, pool);
    } else if (result == GZ_ENOTFOUND) {
        store_fail(store, GZ_ENOTFOUND, "no tag with slug \"%s\"", slug);
    }
    PQclear(rows);
    return result;
}
