/*
 * pg_article_write.c: articles on PostgreSQL, the writes: storing and
 * deleting one, and the two lookups an import makes before it writes.
 * Split from pg_article.c, which keeps the reads, so that each file
 * stays short; the same rows, order and errors as sqlite_article.c.
 *
 * Storing an article is one write (pg_write_start, which holds the write
 * lock): the upsert itself chooses a new id (above any id with history),
 * keeps created_at and bumps the revision, returning them; the authors,
 * tags and related links are then rewritten from id arrays, one statement
 * per kind (unnest WITH ORDINALITY keeps the given order), and the search
 * document and related queue follow in the same transaction. The caller's
 * struct is only updated once the write has committed.
 */
#include <stdio.h>
#include <string.h>

#include "store/pg/pg_private.h"

_Static_assert(CONTENT_PUBLISHED == 3, "the SQL below spells published as 3");

/* ---- SQL --------------------------------------------------------------- */

/* SQL laid out as SQL. */
/* clang-format off */
static const pg_statement_t ARTICLE_EXISTS = {"SELECT is_stub FROM articles WHERE id = $1"};
static const pg_statement_t ARTICLE_BY_SOURCE_REF = {
    "SELECT id FROM articles WHERE source_ref = $1"};
static const pg_statement_t ARTICLE_DELETE = {"DELETE FROM articles WHERE id = $1"};

/* The first related target (in the given order) that is not stored. */
static const pg_statement_t RELATED_MISSING = {
    "SELECT r.id FROM unnest($1::bigint[]) WITH ORDINALITY r(id, position)"
    " WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.id)"
    " ORDER BY r.position LIMIT 1"};
/* A new id ($1 NULL) is above any id ever used, deleted articles' kept
 * revisions included: a new article must never inherit an old one's
 * history. On update created_at is kept and the revision goes up by one.
 * An UPDATE in place, never a delete and insert, which would cascade away
 * other articles' links to this one. */
static const pg_statement_t ARTICLE_UPSERT = {
    "INSERT INTO articles (id, slug, headline, subtitle, summary, body_markdown,"
    " body_html, dateline, language, editor_code, lead_image, status, is_stub,"
    " created_at, updated_at, published_at, sort_key, revision, source_ref, section_id,"
    " content_type_id) VALUES (COALESCE($1::bigint, (SELECT GREATEST("
    "   (SELECT COALESCE(MAX(id), 0) FROM articles),"
    "   (SELECT COALESCE(MAX(article_id), 0) FROM article_revisions)) + 1)),"
    " $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1, $18, $19, $20)"
    " ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, headline = excluded.headline,"
    " subtitle = excluded.subtitle, summary = excluded.summary,"
    " body_markdown = excluded.body_markdown, body_html = excluded.body_html,"
    " dateline = excluded.dateline, language = excluded.language,"
    " editor_code = excluded.editor_code, lead_image = excluded.lead_image,"
    " status = excluded.status, is_stub = excluded.is_stub,"
    " updated_at = excluded.updated_at, published_at = excluded.published_at,"
    " sort_key = excluded.sort_key, revision = articles.revision + 1,"
    " source_ref = excluded.source_ref, section_id = excluded.section_id,"
    " content_type_id = excluded.content_type_id"
    " RETURNING id, created_at, revision"};

/* Links are written from an id array ($2), row by row in its order (the
 * triggers log them in that order too); a repeated author or tag keeps
 * its first position, as ON CONFLICT DO NOTHING row by row does on
 * SQLite. */
static const pg_statement_t AUTHORS_CLEAR = {"DELETE FROM article_authors WHERE article_id = $1"};
#define FIRST_POSITIONS                                                                            \
    "(SELECT DISTINCT ON (u.id) u.id, u.n - 1 AS position"                                         \
    " FROM unnest($2::bigint[]) WITH ORDINALITY u(id, n) ORDER BY u.id, u.n) l"
static const pg_statement_t AUTHORS_ADD = {
    "INSERT INTO article_authors (article_id, author_id, position)"
    " SELECT $1::bigint, l.id, l.position FROM " FIRST_POSITIONS " ORDER BY l.position"};
static const pg_statement_t TAGS_CLEAR = {"DELETE FROM article_tags WHERE article_id = $1"};
/* The ordering columns are copied from the article (and kept in step by a
 * trigger) so that tag pages read one index in order. */
static const pg_statement_t TAGS_ADD = {
    "INSERT INTO article_tags (article_id, tag_id, position, published_at, sort_key, live)"
    " SELECT a.id, l.id, l.position, a.published_at, a.sort_key,"
    " (a.status = 3 AND a.is_stub = 0)::integer"
    " FROM articles a CROSS JOIN " FIRST_POSITIONS " WHERE a.id = $1 ORDER BY l.position"};
static const pg_statement_t RELATED_CLEAR = {"DELETE FROM related_links WHERE article_id = $1"};
static const pg_statement_t RELATED_ADD = {
    "INSERT INTO related_links (article_id, target_id, position)"
    " SELECT $1::bigint, l.id, l.n - 1 FROM unnest($2::bigint[]) WITH ORDINALITY l(id, n)"
    " ORDER BY l.n"};
/* clang-format on */

/* ---- small lookups ----------------------------------------------------- */

int pg_article_exists(store_t *store, int64_t id, bool *exists, bool *is_stub)
{
    pg_params_t params = {0};
    pg_param_int64(&params, id);
    char context[64];
    snprintf(context, sizeof context, "looking up article %lld", (long long)id);
    PGresult *rows = NULL;
    int result = pg_query(store, &ARTICLE_EXISTS, &params, &rows, context);
    *exists = result == GZ_OK && PQntuples(rows) > 0;
    *is_stub = *exists && pg_number(rows, 0, 0) != 0;
    PQclear(rows);
    return result;
}

int pg_article_find_by_source_ref(store_t *store, const char *source_ref, int64_t *id)
{
    pg_params_t params = {0};
    pg_param_text(&params, source_ref);
    PGresult *rows = NULL;
    int result = pg_query(store, &ARTICLE_BY_SOURCE_REF, &params, &rows, "looking up a source");
    if (result == GZ_OK && PQntuples(rows) == 0)
        result = store_fail(store, GZ_ENOTFOUND, "no article imported from \"%s\"", source_ref);
    else if (result == GZ_OK)
        *id = pg_number(rows, 0, 0);
    PQclear(rows);
    return result;
}

/* A write of its own: the schema's triggers log the deletion. */
int pg_article_delete(store_t *store, int64_t id)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    pg_params_t params = {0};
    pg_param_int64(&params, id);
    char context[64];
    snprintf(context, sizeof context, "deleting article %lld", (long long)id);
    PGresult *rows = NULL;
    result = pg_query(store, &ARTICLE_DELETE, &params, &rows, context);
    if (result == GZ_OK && strcmp(PQcmdTuples(rows), "0") == 0)
        result = store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)id);
    PQclear(rows);
    return pg_write_finish(store, &write, result);
}

/* ---- storing ----------------------------------------------------------- */

/* The ids an article links to, as PostgreSQL array literals ("{3,1,2}"),
 * in the given order; automatic related items are not stored. */
typedef struct {
    gz_buf_t authors;
    gz_buf_t tags;
    gz_buf_t related;
} link_ids_t;

static void link_ids_make(const content_article_t *article, link_ids_t *ids)
{
    *ids = (link_ids_t){GZ_BUF_INIT, GZ_BUF_INIT, GZ_BUF_INIT};
    for (size_t i = 0; i < article->author_count; i++)
        pg_array_add(&ids->authors, article->authors[i].id);
    for (size_t i = 0; i < article->tag_count; i++)
        pg_array_add(&ids->tags, article->tags[i].id);
    for (size_t i = 0; i < article->related_count; i++) {
        if (!article->related[i].automatic)
            pg_array_add(&ids->related, article->related[i].id);
    }
    pg_array_close(&ids->authors);
    pg_array_close(&ids->tags);
    pg_array_close(&ids->related);
}

static void link_ids_free(link_ids_t *ids)
{
    gz_buf_free(&ids->authors);
    gz_buf_free(&ids->tags);
    gz_buf_free(&ids->related);
}

static bool ids_empty(const gz_buf_t *literal)
{
    return literal->len <= 2; /* "{}" */
}

static int check_related_targets(store_t *store, const link_ids_t *ids)
{
    if (ids_empty(&ids->related))
        return GZ_OK;
    pg_params_t params = {0};
    pg_param_text(&params, gz_buf_cstr(&ids->related));
    PGresult *rows = NULL;
    int result =
        pg_query(store, &RELATED_MISSING, &params, &rows, "looking up the related articles");
    if (result == GZ_OK && PQntuples(rows) > 0)
        result = store_fail(store, GZ_EINVAL, "related article %lld does not exist",
                            (long long)pg_number(rows, 0, 0));
    PQclear(rows);
    return result;
}

/* What the upsert chose. */
typedef struct {
    int64_t id;
    gz_time_t created_at;
    gz_time_t updated_at;
    int64_t revision;
} article_stamps_t;

static void add_article_params(pg_params_t *params, const content_article_t *article,
                               gz_time_t created_at, gz_time_t updated_at)
{
    pg_param_id_or_null(params, article->id);
    pg_param_text(params, article->slug);
    pg_param_text(params, article->headline);
    pg_param_text(params, article->subtitle);
    pg_param_text(params, article->summary);
    pg_param_text(params, article->body_markdown ? article->body_markdown : "");
    pg_param_text(params, article->body_html ? article->body_html : "");
    pg_param_text(params, article->dateline);
    pg_param_text(params, article->language);
    pg_param_text(params, article->editor_code);
    pg_param_text(params, article->lead_image);
    pg_param_int64(params, (int64_t)article->status);
    pg_param_int64(params, article->is_stub ? 1 : 0);
    pg_param_int64(params, created_at);
    pg_param_int64(params, updated_at);
    pg_param_int64(params, article->published_at);
    pg_param_int64(params, article->sort_key);
    pg_param_text(params, article->source_ref);
    pg_param_id_or_null(params, article->section.id);
    pg_param_id_or_null(params, article->content_type.id);
}

/* created_at: the stored one, else the caller's, else now. updated_at: the
 * caller's (an importer keeps the source's), else now. revision: +1. */
static int upsert_row(store_t *store, const content_article_t *article, article_stamps_t *stamps)
{
    gz_time_t now = gz_now();
    stamps->updated_at = article->updated_at ? article->updated_at : now;
    pg_params_t params = {0};
    add_article_params(&params, article, article->created_at ? article->created_at : now,
                       stamps->updated_at);
    char context[64];
    snprintf(context, sizeof context, "storing article %lld", (long long)article->id);
    PGresult *rows = NULL;
    int result = pg_query(store, &ARTICLE_UPSERT, &params, &rows, context);
    if (result == GZ_OK) {
        stamps->id = pg_number(rows, 0, 0);
        stamps->created_at = pg_number(rows, 0, 1);
        stamps->revision = pg_number(rows, 0, 2);
    }
    PQclear(rows);
    return result;
}

/* Clears one kind of link and writes the new ones (ids, in order). */
static int rewrite_links(store_t *store, const pg_statement_t *clear, const pg_statement_t *add,
                         int64_t article_id, const gz_buf_t *ids, const char *what)
{
    char context[96];
    snprintf(context, sizeof context, "writing the %s of article %lld", what,
             (long long)article_id);
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    int result = pg_run(store, clear, &params, context);
    if (result != GZ_OK || ids_empty(ids))
        return result;
    pg_param_text(&params, gz_buf_cstr(ids));
    return pg_run(store, add, &params, context);
}

static int replace_links(store_t *store, int64_t id, const link_ids_t *ids)
{
    int result = rewrite_links(store, &AUTHORS_CLEAR, &AUTHORS_ADD, id, &ids->authors, "authors");
    if (result == GZ_OK)
        result = rewrite_links(store, &TAGS_CLEAR, &TAGS_ADD, id, &ids->tags, "tags");
    if (result == GZ_OK)
        result =
            rewrite_links(store, &RELATED_CLEAR, &RELATED_ADD, id, &ids->related, "related links");
    return result;
}

static int store_article(store_t *store, const content_article_t *article, const link_ids_t *ids,
                         article_stamps_t *stamps)
{
    int result = check_related_targets(store, ids);
    if (result == GZ_OK)
        result = upsert_row(store, article, stamps);
    if (result == GZ_OK)
        result = replace_links(store, stamps->id, ids);
    if (result == GZ_OK)
        result = pg_search_follow(store, stamps->id);
    if (result == GZ_OK)
        result = pg_related_mark(store, stamps->id);
    return result;
}

int pg_article_put(store_t *store, content_article_t *article)
{
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    link_ids_t ids;
    link_ids_make(article, &ids);
    article_stamps_t stamps = {0};
    result = store_article(store, article, &ids, &stamps);
    link_ids_free(&ids);
    result = pg_write_finish(store, &write, result);
    if (result == GZ_OK) {
        article->id = stamps.id;
        article->created_at = stamps.created_at;
        article->updated_at = stamps.updated_at;
        article->revision = stamps.revision;
    }
    return result;
}
