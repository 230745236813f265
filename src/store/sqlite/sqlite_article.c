/*
 * sqlite_article.c: articles on SQLite: reading one with everything it
 * links to, listing pages of them, storing and deleting them.
 *
 * Reads made of several statements (an article and its authors, tags and
 * related items; a page and its total) run in one read transaction, so
 * they see one snapshot even while another process writes. Every string
 * is copied into the caller's pool; nothing points into SQLite's memory
 * after a statement is reset.
 *
 * Storing an article is one atomic write (sqlite_write_start): check the
 * related targets, choose created_at, updated_at and revision, upsert the
 * row (an UPDATE in place, never a REPLACE, which would delete the row and
 * cascade away other articles' links to it), then rewrite its authors,
 * tags and related links in the given order. Any failure undoes it all,
 * and the caller's struct is only updated once the write has succeeded.
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
            result = load_rows(store, STMT_ARTICLE_AUTHORS, article->id, pool,
                               sizeof(content_author_t), author_from_row, &authors,
                               &article->author_count);
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

/* ---- small lookups ----------------------------------------------------- */

int sqlite_article_exists(store_t *store, int64_t id, bool *exists, bool *is_stub)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_ARTICLE_EXISTS, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    *exists = rc == SQLITE_ROW;
    *is_stub = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0) != 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        result = sqlite_fail(store, "looking up article %lld", (long long)id);
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_article_find_by_source_ref(store_t *store, const char *source_ref, int64_t *id)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_ARTICLE_BY_SOURCE_REF, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, source_ref, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(stmt, 0);
    else if (rc == SQLITE_DONE)
        result = store_fail(store, GZ_ENOTFOUND, "no article imported from \"%s\"", source_ref);
    else
        result = sqlite_fail(store, "looking up source \"%s\"", source_ref);
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_article_delete(store_t *store, int64_t id)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_ARTICLE_DELETE, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "deleting article %lld", (long long)id);
    else if (sqlite3_changes(sqlite_connection(store)->db) == 0)
        result = store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)id);
    sqlite_statement_done(stmt);
    return result;
}

/* ---- storing ----------------------------------------------------------- */

typedef struct {
    gz_time_t created_at;
    gz_time_t updated_at;
    int64_t revision;
} article_stamps_t;

static int check_related_targets(store_t *store, const content_article_t *article)
{
    for (size_t i = 0; i < article->related_count; i++) {
        bool exists = false, is_stub = false;
        int64_t target = article->related[i].id;
        if (article->related[i].automatic)
            continue;
        int result = sqlite_article_exists(store, target, &exists, &is_stub);
        if (result != GZ_OK)
            return result;
        if (!exists)
            return store_fail(store, GZ_EINVAL, "related article %lld does not exist",
                              (long long)target);
    }
    return GZ_OK;
}

/* created_at and revision of the stored row, if there is one. */
static int read_stamps(store_t *store, int64_t id, bool *exists, article_stamps_t *stored)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_ARTICLE_STAMPS, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    *exists = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) {
        stored->created_at = sqlite3_column_int64(stmt, 0);
        stored->revision = sqlite3_column_int64(stmt, 1);
    } else if (rc != SQLITE_DONE) {
        result = sqlite_fail(store, "reading article %lld", (long long)id);
    }
    sqlite_statement_done(stmt);
    return result;
}

/* created_at: the stored one, else the caller's, else now. updated_at: the
 * caller's (an importer keeps the source's), else now. revision: +1. */
static int choose_stamps(store_t *store, const content_article_t *article, article_stamps_t *stamps)
{
    gz_time_t now = gz_now();
    article_stamps_t stored = {0};
    bool exists = false;
    int result = article->id > 0 ? read_stamps(store, article->id, &exists, &stored) : GZ_OK;
    if (result != GZ_OK)
        return result;
    stamps->created_at = exists                ? stored.created_at
                         : article->created_at ? article->created_at
                                               : now;
    stamps->updated_at = article->updated_at ? article->updated_at : now;
    stamps->revision = exists ? stored.revision + 1 : 1;
    return GZ_OK;
}

static void bind_article(sqlite3_stmt *stmt, const content_article_t *article,
                         const article_stamps_t *stamps, int *rc)
{
    sqlite_bind_id_or_null(stmt, 1, article->id, rc);
    sqlite_bind_text(stmt, 2, article->slug, rc);
    sqlite_bind_text(stmt, 3, article->headline, rc);
    sqlite_bind_text(stmt, 4, article->subtitle, rc);
    sqlite_bind_text(stmt, 5, article->summary, rc);
    sqlite_bind_text(stmt, 6, article->body_markdown ? article->body_markdown : "", rc);
    sqlite_bind_text(stmt, 7, article->body_html ? article->body_html : "", rc);
    sqlite_bind_text(stmt, 8, article->dateline, rc);
    sqlite_bind_text(stmt, 9, article->language, rc);
    sqlite_bind_text(stmt, 10, article->editor_code, rc);
    sqlite_bind_text(stmt, 11, article->lead_image, rc);
    sqlite_bind_int64(stmt, 12, (int64_t)article->status, rc);
    sqlite_bind_int64(stmt, 13, article->is_stub ? 1 : 0, rc);
    sqlite_bind_int64(stmt, 14, stamps->created_at, rc);
    sqlite_bind_int64(stmt, 15, stamps->updated_at, rc);
    sqlite_bind_int64(stmt, 16, article->published_at, rc);
    sqlite_bind_int64(stmt, 17, article->sort_key, rc);
    sqlite_bind_int64(stmt, 18, stamps->revision, rc);
    sqlite_bind_text(stmt, 19, article->source_ref, rc);
    sqlite_bind_id_or_null(stmt, 20, article->section.id, rc);
    sqlite_bind_id_or_null(stmt, 21, article->content_type.id, rc);
}

/* Writes the row; *id is the article's id afterwards (new when it was 0). */
static int next_article_id(store_t *store, int64_t *id)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_ARTICLE_NEXT_ID, &stmt);
    if (result != GZ_OK)
        return result;
    if (sqlite_step(stmt) == SQLITE_ROW)
        *id = sqlite3_column_int64(stmt, 0);
    else
        result = sqlite_fail(store, "choosing a new article id");
    sqlite_statement_done(stmt);
    return result;
}

static int upsert_row(store_t *store, const content_article_t *article,
                      const article_stamps_t *stamps, int64_t *id)
{
    content_article_t row = *article;
    int result = row.id > 0 ? GZ_OK : next_article_id(store, &row.id);
    sqlite3_stmt *stmt;
    if (result == GZ_OK)
        result = sqlite_prepared(store, STMT_ARTICLE_UPSERT, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    bind_article(stmt, &row, stamps, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "storing article %lld", (long long)row.id);
    else
        *id = row.id;
    sqlite_statement_done(stmt);
    return result;
}

static int clear_links(store_t *store, sqlite_statement_id_t id, int64_t article_id)
{
    char context[64];
    snprintf(context, sizeof context, "clearing the links of article %lld", (long long)article_id);
    return sqlite_run_with(store, id, &article_id, 1, context);
}

/* One link row: (?1 article, ?2 the linked id, ?3 its position). */
static int add_link(store_t *store, sqlite_statement_id_t id, int64_t article_id, int64_t other_id,
                    size_t position, const char *what)
{
    const int64_t values[] = {article_id, other_id, (int64_t)position};
    char context[96];
    snprintf(context, sizeof context, "linking article %lld to %s %lld", (long long)article_id,
             what, (long long)other_id);
    return sqlite_run_with(store, id, values, 3, context);
}

static int replace_links(store_t *store, int64_t id, const content_article_t *article)
{
    int result = clear_links(store, STMT_ARTICLE_AUTHORS_CLEAR, id);
    for (size_t i = 0; result == GZ_OK && i < article->author_count; i++)
        result = add_link(store, STMT_ARTICLE_AUTHOR_ADD, id, article->authors[i].id, i, "author");
    if (result == GZ_OK)
        result = clear_links(store, STMT_ARTICLE_TAGS_CLEAR, id);
    for (size_t i = 0; result == GZ_OK && i < article->tag_count; i++)
        result = add_link(store, STMT_ARTICLE_TAG_ADD, id, article->tags[i].id, i, "tag");
    if (result == GZ_OK)
        result = clear_links(store, STMT_ARTICLE_RELATED_CLEAR, id);
    size_t position = 0;
    for (size_t i = 0; result == GZ_OK && i < article->related_count; i++) {
        if (!article->related[i].automatic)
            result = add_link(store, STMT_ARTICLE_RELATED_ADD, id, article->related[i].id,
                              position++, "related article");
    }
    return result;
}

int sqlite_article_put(store_t *store, content_article_t *article)
{
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    article_stamps_t stamps = {0};
    int64_t id = 0;
    result = check_related_targets(store, article);
    if (result == GZ_OK)
        result = choose_stamps(store, article, &stamps);
    if (result == GZ_OK)
        result = upsert_row(store, article, &stamps, &id);
    if (result == GZ_OK)
        result = replace_links(store, id, article);
    if (result == GZ_OK)
        result = sqlite_related_mark(store, id);
    result = sqlite_write_finish(store, &write, result);
    if (result == GZ_OK) {
        article->id = id;
        article->created_at = stamps.created_at;
        article->updated_at = stamps.updated_at;
        article->revision = stamps.revision;
    }
    return result;
}
