/*
 * import: an article that comes from another system, written the way the
 * newsroom writes everything: one transaction with a revision and an
 * audit row.
 *
 * Find the article by its source_ref and compare first: imports are
 * repeated (a nightly re-run over the same folder), and an unchanged
 * source writes nothing, no revision, no modified time, no cache
 * invalidation. The comparison covers only the fields the source carries;
 * what editors added in Gazette (status changes, subtitle, authors, tags,
 * a lead image) is neither compared nor overwritten. Then ensure the
 * section, create the stubs the related list needs and put the article.
 * Any failure rolls it all back, so a reader never sees an article whose
 * related items are missing, nor stubs without the article that pointed
 * at them.
 *
 * The revision's author is user 0 (the command line); the audit row's
 * detail names the command and its file.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

/* ---- comparison ------------------------------------------------------- */

static bool same_text(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static bool same_section(const content_section_t *stored, const content_section_t *source)
{
    if (stored->id == 0)
        return false;
    if (stored->slug != NULL && source->slug != NULL)
        return strcmp(stored->slug, source->slug) == 0;
    return same_text(stored->name, source->name);
}

/* The editor's links only: the store appends automatic ones after them. */
static bool same_related(const content_article_t *stored, const content_article_t *source)
{
    size_t manual = 0;
    while (manual < stored->related_count && !stored->related[manual].automatic)
        manual++;
    if (manual != source->related_count)
        return false;
    for (size_t i = 0; i < source->related_count; i++)
        if (stored->related[i].id != source->related[i].id)
            return false;
    return true;
}

/* True when every field the source carries already has the source's value. */
static bool article_unchanged(const content_article_t *stored, const content_article_t *source)
{
    return !stored->is_stub && same_text(stored->headline, source->headline) &&
           same_text(stored->summary, source->summary) &&
           same_text(stored->body_markdown, source->body_markdown) &&
           same_text(stored->dateline, source->dateline) &&
           same_section(&stored->section, &source->section) &&
           stored->content_type.id == source->content_type.id &&
           same_text(stored->language, source->language) &&
           same_text(stored->editor_code, source->editor_code) &&
           (source->lead_image == NULL || same_text(stored->lead_image, source->lead_image)) &&
           stored->published_at == source->published_at && same_related(stored, source);
}

/* The article to put: the source's fields over the stored article's, so
 * what the newsroom added survives an update. The modified time is the
 * source's when it gives one, else now (the store's default). */
static content_article_t merge(const content_article_t *stored, const content_article_t *source)
{
    content_article_t article = *source;
    if (stored == NULL)
        return article;
    article.id = stored->id;
    article.status = stored->status;
    article.subtitle = stored->subtitle;
    if (source->lead_image == NULL)
        article.lead_image = stored->lead_image;
    article.authors = stored->authors;
    article.author_count = stored->author_count;
    article.tags = stored->tags;
    article.tag_count = stored->tag_count;
    article.created_at = stored->created_at;
    return article;
}

/* ---- writing ---------------------------------------------------------- */

static int import_fail(store_t *store, newsroom_import_result_t *result, gz_pool_t *pool, int code,
                       const char *what)
{
    result->message = gz_pool_printf(pool, "could not %s: %s (%s)", what, store_last_error(store),
                                     gz_strerror(code));
    return code;
}

/* Loads the article imported from the same source before, or sets *stored
 * to NULL. */
static int load_previous(store_t *store, const content_article_t *source, gz_pool_t *pool,
                         content_article_t **stored, newsroom_import_result_t *result)
{
    *stored = NULL;
    int64_t id;
    int code = store_article_find_by_source_ref(store, source->source_ref, &id);
    if (code == GZ_ENOTFOUND)
        return GZ_OK;
    if (code == GZ_OK)
        code = store_article_get(store, id, pool, stored);
    if (code != GZ_OK)
        return import_fail(store, result, pool, code, "read the article stored before");
    return GZ_OK;
}

static int create_missing_stubs(store_t *store, const content_article_t *stubs, size_t stub_count,
                                gz_pool_t *pool, newsroom_import_result_t *result)
{
    for (size_t i = 0; i < stub_count; i++) {
        bool exists = false;
        bool is_stub = false;
        int code = store_article_exists(store, stubs[i].id, &exists, &is_stub);
        if (code != GZ_OK)
            return import_fail(store, result, pool, code, "look up a related item");
        if (exists)
            continue;
        content_article_t stub = stubs[i];
        code = store_article_put(store, &stub);
        if (code == GZ_OK)
            code = newsroom_media_record_uses(store, &stub, pool);
        if (code != GZ_OK)
            return import_fail(store, result, pool, code, "store a related item");
        result->stubs_created++;
    }
    return GZ_OK;
}

/* The source's article was validated by its parser; once merged with the
 * stored one it has an id, and may for instance list itself as related. */
static int validate_merged(const content_article_t *article, gz_pool_t *pool,
                           newsroom_import_result_t *result)
{
    gz_buf_t problems = GZ_BUF_INIT;
    int code = content_article_validate(article, &problems);
    if (code != GZ_OK) {
        gz_str_t text = gz_str_trim(gz_buf_str(&problems));
        result->message =
            gz_pool_printf(pool, "the article is not valid: %.*s", (int)text.len, text.ptr);
    }
    gz_buf_free(&problems);
    return code;
}

static int write_article(store_t *store, const newsroom_actor_t *actor,
                         const content_article_t *source, const content_article_t *stored,
                         const content_article_t *stubs, size_t stub_count, gz_pool_t *pool,
                         newsroom_import_result_t *result)
{
    content_article_t article = merge(stored, source);
    int code = validate_merged(&article, pool, result);
    if (code != GZ_OK)
        return code;
    code = store_section_ensure(store, source->section.name, &article.section.id);
    if (code != GZ_OK)
        return import_fail(store, result, pool, code, "store the section");
    code = create_missing_stubs(store, stubs, stub_count, pool, result);
    if (code != GZ_OK)
        return code;
    code = store_article_put(store, &article);
    if (code != GZ_OK)
        return import_fail(store, result, pool, code, "store the article");
    const char *detail = gz_pool_printf(pool, "%s%s%s", actor->name ? actor->name : "import",
                                        actor->file ? " " : "", actor->file ? actor->file : "");
    code = newsroom_record(store, actor, &article, "import", detail, pool);
    if (code != GZ_OK)
        return import_fail(store, result, pool, code, "store the revision");
    result->article_id = article.id;
    result->outcome = stored != NULL ? NEWSROOM_IMPORT_UPDATED : NEWSROOM_IMPORT_CREATED;
    return GZ_OK;
}

int newsroom_import_article(store_t *store, const newsroom_actor_t *actor,
                            const content_article_t *article, const content_article_t *stubs,
                            size_t stub_count, gz_pool_t *pool, newsroom_import_result_t *result)
{
    *result = (newsroom_import_result_t){0};
    int code = store_begin(store);
    if (code != GZ_OK)
        return import_fail(store, result, pool, code, "start a transaction");
    content_article_t *stored;
    code = load_previous(store, article, pool, &stored, result);
    if (code == GZ_OK && stored != NULL && article_unchanged(stored, article)) {
        result->article_id = stored->id;
        result->outcome = NEWSROOM_IMPORT_UNCHANGED;
        code = store_rollback(store);
        return code == GZ_OK
                   ? code
                   : import_fail(store, result, pool, code, "end a read-only transaction");
    }
    if (code == GZ_OK)
        code = write_article(store, actor, article, stored, stubs, stub_count, pool, result);
    if (code != GZ_OK)
        store_rollback(store);
    else if ((code = store_commit(store)) != GZ_OK) /* it rolls back by itself */
        import_fail(store, result, pool, code, "commit");
    if (code != GZ_OK) {
        const char *message = result->message;
        *result = (newsroom_import_result_t){.message = message};
    }
    return code;
}
