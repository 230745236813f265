/*
 * sqlite_article.c: the tuned article reads on SQLite: one article with
 * everything it links to, and the pages of the fronts' lists, one
 * statement per access path (sqlite_sql.c). Writes are shared code
 * (store_articles.c).
 *
 * Reads made of several statements (an article and its authors, tags and
 * related items; a page and its total) run in one read transaction, so
 * they see one snapshot even while another process writes. Every string
 * is copied into the caller's pool; nothing points into SQLite's memory
 * after a statement is reset.
 */
#include <stdint.h>
#include <string.h>

#include <stdio.h>

#include "store/sqlite/sqlite_private.h"

/* ---- rows -------------------------------------------------------------- */

static void section_from_columns(sqlite3_stmt *stmt, gz_pool_t *pool, content_section_t *out)
{
    *out = (content_section_t){0};
    if (sqlite3_column_type(stmt, COLUMN_SECTION_ID) == SQLITE_NULL)
        return;
    out->id = sqlite3_column_int64(stmt, COLUMN_SECTION_ID);
    out->slug = sqlite_column_text(stmt, COLUMN_SECTION_SLUG, pool);
    out->name = sqlite_column_text(stmt, COLUMN_SECTION_NAME, pool);
    out->desk = sqlite_column_text(stmt, COLUMN_SECTION_DESK, pool);
}

static void content_type_from_columns(sqlite3_stmt *stmt, gz_pool_t *pool, content_type_t *out)
{
    *out = (content_type_t){0};
    if (sqlite3_column_type(stmt, COLUMN_TYPE_ID) == SQLITE_NULL)
        return;
    out->id = sqlite3_column_int64(stmt, COLUMN_TYPE_ID);
    out->slug = sqlite_column_text(stmt, COLUMN_TYPE_SLUG, pool);
    out->name = sqlite_column_text(stmt, COLUMN_TYPE_NAME, pool);
    out->headline_prefix = sqlite_column_text(stmt, COLUMN_TYPE_PREFIX, pool);
}

/* Fills out from a row of SQLITE_ARTICLE_COLUMNS; the body stays NULL. */
void sqlite_article_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, content_article_t *out)
{
    *out = (content_article_t){0};
    out->id = sqlite3_column_int64(stmt, COLUMN_ID);
    out->slug = sqlite_column_text(stmt, COLUMN_SLUG, pool);
    out->headline = sqlite_column_text(stmt, COLUMN_HEADLINE, pool);
    out->subtitle = sqlite_column_text(stmt, COLUMN_SUBTITLE, pool);
    out->summary = sqlite_column_text(stmt, COLUMN_SUMMARY, pool);
    out->dateline = sqlite_column_text(stmt, COLUMN_DATELINE, pool);
    out->language = sqlite_column_text(stmt, COLUMN_LANGUAGE, pool);
    out->editor_code = sqlite_column_text(stmt, COLUMN_EDITOR_CODE, pool);
    out->lead_image = sqlite_column_text(stmt, COLUMN_LEAD_IMAGE, pool);
    out->status = (content_status_t)sqlite3_column_int(stmt, COLUMN_STATUS);
    out->is_stub = sqlite3_column_int(stmt, COLUMN_IS_STUB) != 0;
    out->created_at = sqlite3_column_int64(stmt, COLUMN_CREATED_AT);
    out->updated_at = sqlite3_column_int64(stmt, COLUMN_UPDATED_AT);
    out->published_at = sqlite3_column_int64(stmt, COLUMN_PUBLISHED_AT);
    out->sort_key = sqlite3_column_int64(stmt, COLUMN_SORT_KEY);
    out->revision = sqlite3_column_int64(stmt, COLUMN_REVISION);
    out->source_ref = sqlite_column_text(stmt, COLUMN_SOURCE_REF, pool);
    section_from_columns(stmt, pool, &out->section);
    content_type_from_columns(stmt, pool, &out->content_type);
    out->byline = sqlite_column_text(stmt, COLUMN_BYLINE, pool);
    out->seo_title = sqlite_column_text(stmt, COLUMN_SEO_TITLE, pool);
    out->seo_description = sqlite_column_text(stmt, COLUMN_SEO_DESCRIPTION, pool);
    out->social_title = sqlite_column_text(stmt, COLUMN_SOCIAL_TITLE, pool);
    out->social_description = sqlite_column_text(stmt, COLUMN_SOCIAL_DESCRIPTION, pool);
    out->canonical_url = sqlite_column_text(stmt, COLUMN_CANONICAL_URL, pool);
    out->noindex = sqlite3_column_int(stmt, COLUMN_NOINDEX) != 0;
    out->workflow_status = sqlite_column_text(stmt, COLUMN_WORKFLOW_STATUS, pool);
}

static void author_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, void *element)
{
    content_author_t *author = element;
    author->id = sqlite3_column_int64(stmt, 0);
    author->slug = sqlite_column_text(stmt, 1, pool);
    author->name = sqlite_column_text(stmt, 2, pool);
}

static void tag_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, void *element)
{
    content_tag_t *tag = element;
    tag->id = sqlite3_column_int64(stmt, 0);
    tag->slug = sqlite_column_text(stmt, 1, pool);
    tag->name = sqlite_column_text(stmt, 2, pool);
}

static void related_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, void *element)
{
    content_related_t *related = element;
    related->id = sqlite3_column_int64(stmt, 0);
    related->sort_key = sqlite3_column_int64(stmt, 1);
    related->content_type_id = sqlite3_column_int64(stmt, 2); /* NULL reads as 0 */
    related->slug = sqlite_column_text(stmt, 3, pool);
    related->headline = sqlite_column_text(stmt, 4, pool);
    related->lead_image = sqlite_column_text(stmt, 5, pool);
    related->content_type_slug = sqlite_column_text(stmt, 6, pool);
    related->content_type_name = sqlite_column_text(stmt, 7, pool);
}

/* ---- reading one article ----------------------------------------------- */

static int load_article_row(store_t *store, int64_t id, gz_pool_t *pool, content_article_t *out)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_ARTICLE_GET, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW) {
        sqlite_article_from_row(stmt, pool, out);
        out->body_markdown = sqlite_column_text(stmt, COLUMN_BODY_MARKDOWN, pool);
        out->body_html = sqlite_column_text(stmt, COLUMN_BODY_HTML, pool);
    } else if (rc == SQLITE_DONE) {
        result = store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)id);
    } else {
        result = sqlite_fail(store, "reading article %lld", (long long)id);
    }
    sqlite_statement_done(stmt);
    return result;
}

static void note_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, void *element)
{
    content_note_t *note = element;
    const char *kind = (const char *)sqlite3_column_text(stmt, 0);
    note->kind =
        kind != NULL && strcmp(kind, "update") == 0 ? CONTENT_NOTE_UPDATE : CONTENT_NOTE_CORRECTION;
    note->text = sqlite_column_text(stmt, 1, pool);
    note->created_at = sqlite3_column_int64(stmt, 2);
}

typedef void (*row_reader_t)(sqlite3_stmt *stmt, gz_pool_t *pool, void *element);

/* Reads the rows of a statement taking an article id (?1) into a pool
 * array of elements made by read_row. */
static int load_rows(store_t *store, sqlite_statement_id_t id, int64_t article_id, gz_pool_t *pool,
                     size_t element_size, row_reader_t read_row, void **items, size_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, id, &stmt);
    if (result != GZ_OK)
        return result;
    size_t capacity = 0;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, article_id, &rc);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite_step(stmt);
        if (rc != SQLITE_ROW)
            break;
        *items = store_pool_grow(pool, *items, *count, &capacity, element_size);
        read_row(stmt, pool, (char *)*items + *count * element_size);
        (*count)++;
    }
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "reading the links of article %lld", (long long)article_id);
    sqlite_statement_done(stmt);
    return result;
}

static int load_links(store_t *store, gz_pool_t *pool, content_article_t *article)
{
    void *authors = NULL, *tags = NULL, *related = NULL, *notes = NULL;
    int result = load_rows(store, STMT_ARTICLE_AUTHORS, article->id, pool, sizeof(content_author_t),
                           author_from_row, &authors, &article->author_count);
    if (result == GZ_OK)
        result = load_rows(store, STMT_ARTICLE_TAGS, article->id, pool, sizeof(content_tag_t),
                           tag_from_row, &tags, &article->tag_count);
    if (result == GZ_OK)
        result =
            load_rows(store, STMT_ARTICLE_RELATED, article->id, pool, sizeof(content_related_t),
                      related_from_row, &related, &article->related_count);
    if (result == GZ_OK)
        result = load_rows(store, STMT_ARTICLE_NOTES, article->id, pool, sizeof(content_note_t),
                           note_from_row, &notes, &article->note_count);
    article->notes = notes;
    article->authors = authors;
    article->tags = tags;
    article->related = related;
    if (result == GZ_OK)
        result = sqlite_related_load(store, pool, article); /* the automatic ones after */
    return result;
}

int sqlite_article_get(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out)
{
    sqlite_read_t read;
    int result = sqlite_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    content_article_t *article = gz_pool_calloc(pool, 1, sizeof *article);
    result = load_article_row(store, id, pool, article);
    if (result == GZ_OK)
        result = load_links(store, pool, article);
    result = sqlite_read_finish(store, &read, result);
    if (result == GZ_OK)
        *out = article;
    return result;
}

/* ---- listing ----------------------------------------------------------- */

/* The statement for the query's access path: everything, one section, one
 * tag, or one tag within a section, each live or not. */
static sqlite_statement_id_t list_statement(const store_article_query_t *query, bool count)
{
    static const sqlite_statement_id_t rows[4][2] = {
        {STMT_LIST_ALL, STMT_LIST_LIVE},
        {STMT_LIST_SECTION, STMT_LIST_SECTION_LIVE},
        {STMT_LIST_TAG, STMT_LIST_TAG_LIVE},
        {STMT_LIST_TAG, STMT_LIST_TAG_LIVE},
    };
    static const sqlite_statement_id_t counts[4][2] = {
        {STMT_COUNT_ALL, STMT_COUNT_LIVE},
        {STMT_COUNT_SECTION, STMT_COUNT_SECTION_LIVE},
        {STMT_COUNT_TAG, STMT_COUNT_TAG_LIVE},
        {STMT_COUNT_TAG_SECTION, STMT_COUNT_TAG_SECTION_LIVE},
    };
    if (query->languages != NULL)
        return count                 ? STMT_COUNT_EDITION
               : query->oldest_first ? STMT_LIST_EDITION_OLDEST
                                     : STMT_LIST_EDITION;
    /* store.c allows these two only on the whole site's live list. */
    if (query->published_after > 0)
        return count ? STMT_COUNT_LIVE_SINCE : STMT_LIST_LIVE_SINCE;
    if (query->oldest_first)
        return count ? STMT_COUNT_LIVE : STMT_LIST_LIVE_OLDEST;
    int path = query->tag_id > 0 ? (query->section_id > 0 ? 3 : 2) : query->section_id > 0 ? 1 : 0;
    int live = query->live_only ? 1 : 0;
    return count ? counts[path][live] : rows[path][live];
}

static int64_t clamp_to_int64(size_t value)
{
    return value > (size_t)INT64_MAX ? INT64_MAX : (int64_t)value;
}

static void bind_query(sqlite3_stmt *stmt, const store_article_query_t *query, int *rc)
{
    sqlite_bind_named_int64(stmt, ":now", query->now, rc);
    sqlite_bind_named_int64(stmt, ":section", query->section_id > 0 ? query->section_id : 0, rc);
    sqlite_bind_named_int64(stmt, ":tag", query->tag_id, rc);
    sqlite_bind_named_int64(stmt, ":limit", clamp_to_int64(query->limit), rc);
    sqlite_bind_named_int64(stmt, ":offset", clamp_to_int64(query->offset), rc);
    sqlite_bind_named_int64(stmt, ":after", query->published_after, rc);
    int languages = sqlite3_bind_parameter_index(stmt, ":langs");
    if (languages > 0)
        sqlite_bind_text(stmt, languages, query->languages, rc);
    sqlite_bind_named_int64(stmt, ":exclude", query->languages_excluded ? 1 : 0, rc);
}

static int count_matching(store_t *store, const store_article_query_t *query, size_t *total)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, list_statement(query, true), &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    bind_query(stmt, query, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        *total = (size_t)sqlite3_column_int64(stmt, 0);
    else
        result = sqlite_fail(store, "counting articles");
    sqlite_statement_done(stmt);
    return result;
}

static int read_page(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                     content_article_list_t *out)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, list_statement(query, false), &stmt);
    if (result != GZ_OK)
        return result;
    size_t capacity = 0;
    int rc = SQLITE_OK;
    bind_query(stmt, query, &rc);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite_step(stmt);
        if (rc != SQLITE_ROW)
            break;
        out->items = store_pool_grow(pool, out->items, out->count, &capacity, sizeof *out->items);
        sqlite_article_from_row(stmt, pool, &out->items[out->count++]);
    }
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "listing articles");
    sqlite_statement_done(stmt);
    return result;
}

/* The body of one listed article, for full-content feeds: a lookup by
 * primary key, so the list statements keep their narrow rows. */
static int load_body(store_t *store, gz_pool_t *pool, content_article_t *article)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_ARTICLE_BODY, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, article->id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        article->body_html = sqlite_column_text(stmt, 0, pool);
    else if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "reading the body of article %lld", (long long)article->id);
    sqlite_statement_done(stmt);
    return result;
}

/* What a feed shows besides the list's columns: body, authors and tags. */
static int load_list_extras(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                            content_article_list_t *list)
{
    int result = GZ_OK;
    for (size_t i = 0; result == GZ_OK && i < list->count; i++) {
        content_article_t *article = &list->items[i];
        void *authors = NULL, *tags = NULL;
        if (query->with_body)
            result = load_body(store, pool, article);
        if (result == GZ_OK && query->with_authors_and_tags)
            result =
                load_rows(store, STMT_ARTICLE_AUTHORS, article->id, pool, sizeof(content_author_t),
                          author_from_row, &authors, &article->author_count);
        if (result == GZ_OK && query->with_authors_and_tags)
            result = load_rows(store, STMT_ARTICLE_TAGS, article->id, pool, sizeof(content_tag_t),
                               tag_from_row, &tags, &article->tag_count);
        article->authors = authors;
        article->tags = tags;
    }
    return result;
}

int sqlite_article_list(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                        content_article_list_t *out)
{
    sqlite_read_t read;
    int result = sqlite_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    result = count_matching(store, query, &out->total);
    if (result == GZ_OK && query->offset < out->total)
        result = read_page(store, query, pool, out);
    if (result == GZ_OK && (query->with_body || query->with_authors_and_tags))
        result = load_list_extras(store, query, pool, out);
    return sqlite_read_finish(store, &read, result);
}
