/*
 * store_article_slugs.c: the addresses an article has been published
 * under, written once over the driver (statements in store_sql.c).
 *
 * Article URLs are /news/{id}/{slug}: the id finds the article, the slug
 * is there for people. Links to a published address live on elsewhere for
 * years, so every slug an article goes out under is kept when it is
 * stored as published, in the same write as the article (any writer: the
 * newsroom, an import, the scheduled publisher). Keeping it at
 * publication, rather than when the slug changes, is what makes the list
 * complete: an article unpublished, renamed and published again keeps
 * both, and one renamed before it ever went out keeps none of its drafts'
 * slugs. The reader's page asks whether a slug is one of them, which is a
 * read of the primary key (article id, slug).
 */
#include "store/driver.h"

int store_article_slug_keep(store_t *store, int64_t id, const content_article_t *article)
{
    if (article->status != CONTENT_PUBLISHED || article->is_stub || article->slug == NULL)
        return GZ_OK;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_ARTICLE_SLUG_KEEP, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, id);
    store_sql_bind_text(store, statement, 2, article->slug);
    store_sql_bind_int64(store, statement, 3, gz_now()); /* a rename goes out when stored */
    return store_sql_run(store, statement, NULL, "keeping the article's address");
}

static void slug_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    store_article_slug_t *slug = out;
    slug->slug = store_sql_text_column(store, row, 0, pool);
    slug->first_published_at = store_sql_int64(store, row, 1);
}

int store_article_slugs(store_t *store, int64_t article_id, gz_pool_t *pool,
                        store_article_slug_t **out, size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_article_slugs needs a pool and out");
    *out = NULL;
    *count = 0;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_ARTICLE_SLUG_LIST, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    return store_sql_read_all(store, statement, slug_from_row, sizeof **out, pool, (void **)out,
                              count, "reading the article's addresses");
}

int store_article_slug_known(store_t *store, int64_t article_id, const char *slug, bool *known)
{
    if (known == NULL)
        return store_fail(store, GZ_EINVAL, "store_article_slug_known needs known");
    *known = false;
    if (slug == NULL)
        return GZ_OK;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_ARTICLE_SLUG_KNOWN, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    store_sql_bind_text(store, statement, 2, slug);
    int64_t one = 0;
    return store_sql_read_maybe(store, statement, store_sql_int64_row, NULL, &one, known,
                                "looking up the article's address");
}
