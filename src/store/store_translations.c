/*
 * store_translations.c: articles linked as translations of one another,
 * written once over the driver (statements in store_sql.c).
 *
 * A group is a set of article ids sharing a group id (that of the first
 * article linked). Linking two articles puts both in one group, merging
 * the groups they were in, so linking is transitive the way editors mean
 * it: link the Arabic to the English and the Persian to the Arabic, and
 * all three are translations of one another. Every member's page shows
 * the others (hreflang), so a change to a group logs each member.
 */
#include "store/driver.h"

/* The article's group, 0 when it has none. */
static int group_of(store_t *store, int64_t article_id, int64_t *group)
{
    *group = 0;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_TRANSLATION_GROUP, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    bool found = false;
    return store_sql_read_maybe(store, statement, store_sql_int64_row, NULL, group, &found,
                                "reading the article's translations");
}

static int run_two(store_t *store, store_sql_id_t id, int64_t first, int64_t second,
                   const char *context)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, id, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, first);
    if (second != 0)
        store_sql_bind_int64(store, statement, 2, second);
    return store_sql_run(store, statement, NULL, context);
}

static int log_group(store_t *store, int64_t group)
{
    return run_two(store, SQL_TRANSLATION_CHANGED, group, 0, "refreshing the translations' pages");
}

static int require_article(store_t *store, int64_t id)
{
    bool exists = false, is_stub = false;
    int result = store_articles_exists(store, id, &exists, &is_stub);
    if (result == GZ_OK && (!exists || is_stub))
        return store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)id);
    return result;
}

/* Puts the article in group, moving the members of its old group too. */
static int join(store_t *store, int64_t article_id, int64_t old_group, int64_t group)
{
    if (old_group != 0 && old_group != group)
        return run_two(store, SQL_TRANSLATION_MERGE, old_group, group, "merging translations");
    return run_two(store, SQL_TRANSLATION_JOIN, article_id, group, "linking a translation");
}

static int link_in_write(store_t *store, int64_t article_id, int64_t other_id)
{
    int result = require_article(store, article_id);
    if (result == GZ_OK)
        result = require_article(store, other_id);
    int64_t mine = 0, theirs = 0;
    if (result == GZ_OK)
        result = group_of(store, article_id, &mine);
    if (result == GZ_OK)
        result = group_of(store, other_id, &theirs);
    int64_t group = mine != 0 ? mine : theirs != 0 ? theirs : article_id;
    if (result == GZ_OK)
        result = join(store, article_id, mine, group);
    if (result == GZ_OK)
        result = join(store, other_id, theirs, group);
    if (result == GZ_OK)
        result = log_group(store, group);
    return result;
}

int store_translation_link(store_t *store, int64_t article_id, int64_t other_id)
{
    if (article_id <= 0 || other_id <= 0)
        return store_fail(store, GZ_ENOTFOUND, "article %lld not found",
                          (long long)(article_id <= 0 ? article_id : other_id));
    if (article_id == other_id)
        return store_fail(store, GZ_EINVAL, "an article is not a translation of itself");
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    return store_write_finish(store, &write, link_in_write(store, article_id, other_id));
}

int store_translation_unlink(store_t *store, int64_t article_id)
{
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    int64_t group = 0;
    result = group_of(store, article_id, &group);
    if (result == GZ_OK && group != 0)
        result = log_group(store, group); /* before it leaves: its own page too */
    if (result == GZ_OK && group != 0)
        result = run_two(store, SQL_TRANSLATION_LEAVE, article_id, 0, "unlinking a translation");
    return store_write_finish(store, &write, result);
}

static void translation_from_row(store_t *store, store_statement_t *row, gz_pool_t *pool, void *out)
{
    content_article_t *article = out;
    article->id = store_sql_int64(store, row, 0);
    article->slug = store_sql_text_column(store, row, 1, pool);
    article->language = store_sql_text_column(store, row, 2, pool);
    article->headline = store_sql_text_column(store, row, 3, pool);
    article->status = (content_status_t)store_sql_int64(store, row, 4);
    article->published_at = store_sql_int64(store, row, 5);
    article->is_stub = store_sql_int64(store, row, 6) != 0;
}

int store_translations(store_t *store, int64_t article_id, gz_pool_t *pool, content_article_t **out,
                       size_t *count)
{
    if (pool == NULL || out == NULL || count == NULL)
        return store_fail(store, GZ_EINVAL, "store_translations needs a pool and out");
    *out = NULL;
    *count = 0;
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_TRANSLATION_LIST, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    return store_sql_read_all(store, statement, translation_from_row, sizeof **out, pool,
                              (void **)out, count, "reading the article's translations");
}
