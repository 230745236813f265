/*
 * store_articles.c: an article's writes, written once over the driver:
 * storing one (the row, its authors, tags and related links, and what the
 * driver does after, all in one write), deleting one, the two lookups an
 * import makes first, and the row every article list reads. The reads of
 * whole articles and of the fronts' lists are each backend's tuned code.
 *
 * Storing: the upsert chooses a new id when there is none, keeps
 * created_at and bumps the revision, and returns them; the links are then
 * rewritten row by row in the editor's order. The caller's struct is only
 * updated once the write has committed.
 */
#include <stdio.h>

#include "store/driver.h"

/* ---- the row of every list --------------------------------------------- */

enum {
    COLUMN_ID,
    COLUMN_SLUG,
    COLUMN_HEADLINE,
    COLUMN_SUBTITLE,
    COLUMN_SUMMARY,
    COLUMN_DATELINE,
    COLUMN_LANGUAGE,
    COLUMN_EDITOR_CODE,
    COLUMN_LEAD_IMAGE,
    COLUMN_STATUS,
    COLUMN_IS_STUB,
    COLUMN_CREATED_AT,
    COLUMN_UPDATED_AT,
    COLUMN_PUBLISHED_AT,
    COLUMN_SORT_KEY,
    COLUMN_REVISION,
    COLUMN_SOURCE_REF,
    COLUMN_SECTION_ID,
    COLUMN_SECTION_SLUG,
    COLUMN_SECTION_NAME,
    COLUMN_TYPE_ID,
    COLUMN_TYPE_SLUG,
    COLUMN_TYPE_NAME,
    COLUMN_TYPE_PREFIX,
    COLUMN_BYLINE,
    COLUMN_SEO_TITLE,
    COLUMN_SEO_DESCRIPTION,
    COLUMN_SOCIAL_TITLE,
    COLUMN_SOCIAL_DESCRIPTION,
    COLUMN_CANONICAL_URL,
    COLUMN_NOINDEX,
    COLUMN_WORKFLOW_STATUS,
    COLUMN_SECTION_DESK,
    COLUMN_COUNT
};
_Static_assert((int)COLUMN_COUNT == (int)STORE_ARTICLE_COLUMN_COUNT,
               "STORE_ARTICLE_COLUMNS has 33 columns");

static const char *text_at(store_t *store, store_statement_t *statement, int column,
                           gz_pool_t *pool)
{
    return store_sql_text_column(store, statement, column, pool);
}

/* A section or content type is absent (id 0) when the article has none:
 * ids are positive, and a NULL column reads as 0. */
static void section_from_row(store_t *store, store_statement_t *statement, gz_pool_t *pool,
                             content_section_t *out)
{
    *out = (content_section_t){.id = store_sql_int64(store, statement, COLUMN_SECTION_ID)};
    if (out->id <= 0)
        return;
    out->slug = text_at(store, statement, COLUMN_SECTION_SLUG, pool);
    out->name = text_at(store, statement, COLUMN_SECTION_NAME, pool);
    out->desk = text_at(store, statement, COLUMN_SECTION_DESK, pool);
}

static void content_type_from_row(store_t *store, store_statement_t *statement, gz_pool_t *pool,
                                  content_type_t *out)
{
    *out = (content_type_t){.id = store_sql_int64(store, statement, COLUMN_TYPE_ID)};
    if (out->id <= 0)
        return;
    out->slug = text_at(store, statement, COLUMN_TYPE_SLUG, pool);
    out->name = text_at(store, statement, COLUMN_TYPE_NAME, pool);
    out->headline_prefix = text_at(store, statement, COLUMN_TYPE_PREFIX, pool);
}

void store_article_from_row(store_t *store, store_statement_t *statement, gz_pool_t *pool,
                            void *out)
{
    content_article_t *article = out;
    *article = (content_article_t){0};
    article->id = store_sql_int64(store, statement, COLUMN_ID);
    article->slug = text_at(store, statement, COLUMN_SLUG, pool);
    article->headline = text_at(store, statement, COLUMN_HEADLINE, pool);
    article->subtitle = text_at(store, statement, COLUMN_SUBTITLE, pool);
    article->summary = text_at(store, statement, COLUMN_SUMMARY, pool);
    article->dateline = text_at(store, statement, COLUMN_DATELINE, pool);
    article->language = text_at(store, statement, COLUMN_LANGUAGE, pool);
    article->editor_code = text_at(store, statement, COLUMN_EDITOR_CODE, pool);
    article->lead_image = text_at(store, statement, COLUMN_LEAD_IMAGE, pool);
    article->status = (content_status_t)store_sql_int64(store, statement, COLUMN_STATUS);
    article->is_stub = store_sql_int64(store, statement, COLUMN_IS_STUB) != 0;
    article->created_at = store_sql_int64(store, statement, COLUMN_CREATED_AT);
    article->updated_at = store_sql_int64(store, statement, COLUMN_UPDATED_AT);
    article->published_at = store_sql_int64(store, statement, COLUMN_PUBLISHED_AT);
    article->sort_key = store_sql_int64(store, statement, COLUMN_SORT_KEY);
    article->revision = store_sql_int64(store, statement, COLUMN_REVISION);
    article->source_ref = text_at(store, statement, COLUMN_SOURCE_REF, pool);
    article->byline = text_at(store, statement, COLUMN_BYLINE, pool);
    article->seo_title = text_at(store, statement, COLUMN_SEO_TITLE, pool);
    article->seo_description = text_at(store, statement, COLUMN_SEO_DESCRIPTION, pool);
    article->social_title = text_at(store, statement, COLUMN_SOCIAL_TITLE, pool);
    article->social_description = text_at(store, statement, COLUMN_SOCIAL_DESCRIPTION, pool);
    article->canonical_url = text_at(store, statement, COLUMN_CANONICAL_URL, pool);
    article->noindex = store_sql_int64(store, statement, COLUMN_NOINDEX) != 0;
    article->workflow_status = text_at(store, statement, COLUMN_WORKFLOW_STATUS, pool);
    section_from_row(store, statement, pool, &article->section);
    content_type_from_row(store, statement, pool, &article->content_type);
}

/* ---- small lookups ----------------------------------------------------- */

static void stub_flag_row(store_t *store, store_statement_t *statement, gz_pool_t *pool, void *out)
{
    (void)pool;
    *(bool *)out = store_sql_int64(store, statement, 0) != 0;
}

int store_articles_exists(store_t *store, int64_t id, bool *exists, bool *is_stub)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_ARTICLE_EXISTS, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, id);
    char context[64];
    snprintf(context, sizeof context, "looking up article %lld", (long long)id);
    return store_sql_read_maybe(store, statement, stub_flag_row, NULL, is_stub, exists, context);
}

int store_articles_find_by_source_ref(store_t *store, const char *source_ref, int64_t *id)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_ARTICLE_BY_SOURCE_REF, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_text(store, statement, 1, source_ref);
    char missing[160];
    snprintf(missing, sizeof missing, "no article imported from \"%.100s\"", source_ref);
    return store_sql_read_one(store, statement, store_sql_int64_row, NULL, id, missing,
                              "looking up a source");
}

/* A write of its own: the schema's triggers log the deletion. */
int store_articles_delete(store_t *store, int64_t id)
{
    store_write_t write;
    int result = store_write_start(store, &write);
    store_statement_t *statement = NULL;
    if (result == GZ_OK)
        result = store_sql_prepare(store, SQL_ARTICLE_DELETE, &statement);
    if (result != GZ_OK)
        return store_write_finish(store, &write, result);
    store_sql_bind_int64(store, statement, 1, id);
    char context[64];
    snprintf(context, sizeof context, "deleting article %lld", (long long)id);
    int64_t deleted = 0;
    result = store_sql_run(store, statement, &deleted, context);
    if (result == GZ_OK && deleted == 0)
        result = store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)id);
    return store_write_finish(store, &write, result);
}

/* ---- storing ----------------------------------------------------------- */

/* What the upsert chose. */
typedef struct {
    int64_t id;
    gz_time_t created_at;
    gz_time_t updated_at;
    int64_t revision;
} article_stamps_t;

/* store.c has checked that every target is a positive id other than the
 * article's own; here each must be stored. */
static int check_related_targets(store_t *store, const content_article_t *article)
{
    for (size_t i = 0; i < article->related_count; i++) {
        if (article->related[i].automatic)
            continue;
        int64_t target = article->related[i].id;
        bool exists = false, is_stub = false;
        int result = store_articles_exists(store, target, &exists, &is_stub);
        if (result != GZ_OK)
            return result;
        if (!exists)
            return store_fail(store, GZ_EINVAL, "related article %lld does not exist",
                              (long long)target);
    }
    return GZ_OK;
}

static void bind_article(store_t *store, store_statement_t *statement,
                         const content_article_t *article, gz_time_t created_at,
                         gz_time_t updated_at)
{
    int index = 1;
    store_sql_bind_id(store, statement, index++, article->id);
    store_sql_bind_text(store, statement, index++, article->slug);
    store_sql_bind_text(store, statement, index++, article->headline);
    store_sql_bind_text(store, statement, index++, article->subtitle);
    store_sql_bind_text(store, statement, index++, article->summary);
    store_sql_bind_text(store, statement, index++,
                        article->body_markdown ? article->body_markdown : "");
    store_sql_bind_text(store, statement, index++, article->body_html ? article->body_html : "");
    store_sql_bind_text(store, statement, index++, article->dateline);
    store_sql_bind_text(store, statement, index++, article->language);
    store_sql_bind_text(store, statement, index++, article->editor_code);
    store_sql_bind_text(store, statement, index++, article->lead_image);
    store_sql_bind_int64(store, statement, index++, (int64_t)article->status);
    store_sql_bind_int64(store, statement, index++, article->is_stub ? 1 : 0);
    store_sql_bind_int64(store, statement, index++, created_at);
    store_sql_bind_int64(store, statement, index++, updated_at);
    store_sql_bind_int64(store, statement, index++, article->published_at);
    store_sql_bind_int64(store, statement, index++, article->sort_key);
    store_sql_bind_text(store, statement, index++, article->source_ref);
    store_sql_bind_id(store, statement, index++, article->section.id);
    store_sql_bind_id(store, statement, index++, article->content_type.id);
    store_sql_bind_text(store, statement, index++, article->byline);
    store_sql_bind_text(store, statement, index++, article->seo_title);
    store_sql_bind_text(store, statement, index++, article->seo_description);
    store_sql_bind_text(store, statement, index++, article->social_title);
    store_sql_bind_text(store, statement, index++, article->social_description);
    store_sql_bind_text(store, statement, index++, article->canonical_url);
    store_sql_bind_int64(store, statement, index++, article->noindex ? 1 : 0);
    /* Every stored article names its status: the stage's own name when
     * the caller set none (an import, an old snapshot). */
    store_sql_bind_text(store, statement, index++,
                        article->workflow_status != NULL && article->workflow_status[0]
                            ? article->workflow_status
                            : content_status_name(article->status));
}

static void stamps_row(store_t *store, store_statement_t *statement, gz_pool_t *pool, void *out)
{
    (void)pool;
    article_stamps_t *stamps = out;
    stamps->id = store_sql_int64(store, statement, 0);
    stamps->created_at = store_sql_int64(store, statement, 1);
    stamps->revision = store_sql_int64(store, statement, 2);
}

/* created_at: the stored one, else the caller's, else now. updated_at: the
 * caller's (an importer keeps the source's), else now. revision: +1. */
static int upsert_row(store_t *store, const content_article_t *article, article_stamps_t *stamps)
{
    gz_time_t now = gz_now();
    stamps->updated_at = article->updated_at ? article->updated_at : now;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_ARTICLE_UPSERT, &statement);
    if (result != GZ_OK)
        return result;
    bind_article(store, statement, article, article->created_at ? article->created_at : now,
                 stamps->updated_at);
    char context[64];
    snprintf(context, sizeof context, "storing article %lld", (long long)article->id);
    return store_sql_read_one(store, statement, stamps_row, NULL, stamps, context, context);
}

/* Runs a statement of the link family with its first count of
 * (article, linked id, position). */
static int run_link(store_t *store, store_sql_id_t id, const int64_t *values, int count,
                    const char *context)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    for (int i = 0; i < count; i++)
        store_sql_bind_int64(store, statement, i + 1, values[i]);
    return store_sql_run(store, statement, NULL, context);
}

/* One kind of link: cleared, then each linked id in order. */
typedef struct {
    store_sql_id_t clear, add;
    const char *what;
} link_kind_t;

static const link_kind_t AUTHORS = {SQL_ARTICLE_AUTHORS_CLEAR, SQL_ARTICLE_AUTHOR_ADD, "authors"};
static const link_kind_t TAGS = {SQL_ARTICLE_TAGS_CLEAR, SQL_ARTICLE_TAG_ADD, "tags"};
static const link_kind_t RELATED = {SQL_ARTICLE_RELATED_CLEAR, SQL_ARTICLE_RELATED_ADD,
                                    "related links"};

static int clear_links(store_t *store, const link_kind_t *kind, int64_t article_id)
{
    char context[96];
    snprintf(context, sizeof context, "writing the %s of article %lld", kind->what,
             (long long)article_id);
    return run_link(store, kind->clear, &article_id, 1, context);
}

static int add_link(store_t *store, const link_kind_t *kind, int64_t article_id, int64_t other_id,
                    size_t position)
{
    const int64_t values[] = {article_id, other_id, (int64_t)position};
    char context[96];
    snprintf(context, sizeof context, "writing the %s of article %lld", kind->what,
             (long long)article_id);
    return run_link(store, kind->add, values, 3, context);
}

static int replace_links(store_t *store, int64_t id, const content_article_t *article)
{
    int result = clear_links(store, &AUTHORS, id);
    for (size_t i = 0; result == GZ_OK && i < article->author_count; i++)
        result = add_link(store, &AUTHORS, id, article->authors[i].id, i);
    if (result == GZ_OK)
        result = clear_links(store, &TAGS, id);
    for (size_t i = 0; result == GZ_OK && i < article->tag_count; i++)
        result = add_link(store, &TAGS, id, article->tags[i].id, i);
    if (result == GZ_OK)
        result = clear_links(store, &RELATED, id);
    size_t position = 0;
    for (size_t i = 0; result == GZ_OK && i < article->related_count; i++) {
        if (!article->related[i].automatic)
            result = add_link(store, &RELATED, id, article->related[i].id, position++);
    }
    return result;
}

static int write_article(store_t *store, const content_article_t *article, article_stamps_t *stamps)
{
    int result = check_related_targets(store, article);
    if (result == GZ_OK)
        result = upsert_row(store, article, stamps);
    if (result == GZ_OK)
        result = replace_links(store, stamps->id, article);
    if (result == GZ_OK)
        result = store_article_slug_keep(store, stamps->id, article);
    if (result == GZ_OK)
        result = store->backend->driver->article_stored(store, stamps->id);
    return result;
}

int store_articles_put(store_t *store, content_article_t *article)
{
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    article_stamps_t stamps = {0};
    result = store_write_finish(store, &write, write_article(store, article, &stamps));
    if (result == GZ_OK) {
        article->id = stamps.id;
        article->created_at = stamps.created_at;
        article->updated_at = stamps.updated_at;
        article->revision = stamps.revision;
    }
    return result;
}
