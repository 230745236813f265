/*
 * translations.c: editors link articles that tell one story in several
 * editions' languages (store_translation_link), each link checked and
 * audited in one transaction.
 *
 * A group holds one article per language: an article belongs to the
 * edition of its language, so two in one language would be two pages of
 * one edition claiming to be each other's translation.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

/* Under the transaction: the refusal for linking other into article's
 * group, or NULL. */
static const char *link_problem(const content_article_t *article, const content_article_t *other,
                                const content_article_t *members, size_t member_count)
{
    if (gz_language_same_primary(article->language, other->language))
        return "A translation is in another language: both articles are in the same one.";
    for (size_t i = 0; i < member_count; i++) {
        if (members[i].id != other->id &&
            gz_language_same_primary(members[i].language, other->language))
            return "The article already has a translation in that language: unlink it first.";
    }
    return NULL;
}

static int link_in_transaction(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                               int64_t other_id, gz_pool_t *pool, newsroom_result_t *result)
{
    content_article_t *article = NULL, *other = NULL;
    int code = store_article_get(store, article_id, pool, &article);
    if (code != GZ_OK)
        return newsroom_fail_read(store, result, pool, code, "There is no such article.");
    code = store_article_get(store, other_id, pool, &other);
    if (code != GZ_OK || other->is_stub)
        return newsroom_fail_read(store, result, pool, code == GZ_OK ? GZ_ENOTFOUND : code,
                                  "There is no article with that number.");
    content_article_t *members = NULL;
    size_t member_count = 0;
    code = store_translations(store, article_id, pool, &members, &member_count);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The translations cannot be read: ");
    const char *problem = link_problem(article, other, members, member_count);
    if (problem != NULL) {
        result->message = problem;
        return GZ_EINVAL;
    }
    code = store_translation_link(store, article_id, other_id);
    if (code == GZ_OK)
        code = newsroom_audit(store, actor, "translation-link",
                              gz_pool_printf(pool, "article:%lld", (long long)article_id),
                              gz_pool_printf(pool, "article:%lld", (long long)other_id));
    if (code != GZ_OK)
        newsroom_fail(store, result, pool, code, "The translation cannot be linked: ");
    return code;
}

int newsroom_translation_link(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                              int64_t other_id, gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    if (article_id == other_id) {
        result->message = "An article is not a translation of itself.";
        return GZ_EINVAL;
    }
    int code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The store is busy: ");
    code = link_in_transaction(store, actor, article_id, other_id, pool, result);
    return newsroom_finish(store, code);
}

int newsroom_translation_unlink(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                                gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    int code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The store is busy: ");
    code = store_translation_unlink(store, article_id);
    if (code == GZ_OK)
        code = newsroom_audit(store, actor, "translation-unlink",
                              gz_pool_printf(pool, "article:%lld", (long long)article_id), NULL);
    if (code != GZ_OK)
        newsroom_fail(store, result, pool, code, "The translation cannot be unlinked: ");
    return newsroom_finish(store, code);
}
