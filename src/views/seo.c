/*
 * seo.c: what an article's page head tells search engines and social
 * networks when its editors say something other than the headline and
 * summary: the search title and description (<title>, meta description),
 * the social ones (Open Graph and Twitter cards, falling back to the
 * search ones, then to the headline and summary), a canonical override,
 * and noindex.
 *
 * A search title is used as written, without " · Site" after it: the
 * editor's counter measures it against what Google shows, so adding to
 * it would make the counter lie. noindex goes into the robots meta the
 * site gives every page, so that a page never says two things to one
 * crawler; such an article is also left out of the sitemaps (sitemaps.c).
 */
#include <string.h>

#include "views/views_private.h"

static const char *set_or(const char *text, const char *otherwise)
{
    return text != NULL && text[0] != '\0' ? text : otherwise;
}

const char *views_article_search_title(const content_article_t *article)
{
    return set_or(article->seo_title, article->headline);
}

const char *views_article_search_description(const content_article_t *article)
{
    return set_or(article->seo_description, article->summary);
}

const char *views_article_social_title(const content_article_t *article)
{
    return set_or(article->social_title, views_article_search_title(article));
}

const char *views_article_social_description(const content_article_t *article)
{
    return set_or(article->social_description, views_article_search_description(article));
}

bool views_article_is_indexed(const content_article_t *article)
{
    return !article->noindex;
}

/* The robots meta views_head_site put on the page says noindex too. */
static void add_noindex(json_t *page)
{
    json_t *names = json_object_get(page, "meta_names");
    size_t index;
    json_t *meta;
    json_array_foreach(names, index, meta)
    {
        const char *name = json_string_value(json_object_get(meta, "name"));
        if (name != NULL && strcmp(name, "robots") == 0) {
            json_object_set_new(meta, "content", json_string("noindex, max-image-preview:large"));
            return;
        }
    }
    json_array_append_new(names, json_pack("{s:s,s:s}", "name", "robots", "content",
                                           "noindex, max-image-preview:large"));
}

void views_head_article_search(json_t *page, const content_article_t *article)
{
    if (set_or(article->seo_title, NULL) != NULL) {
        json_object_set_new(page, "title", json_string(article->seo_title));
        json_object_set_new(page, "title_as_is", json_true());
    }
    const char *description = views_article_search_description(article);
    if (description != NULL)
        json_object_set_new(page, "description", json_string(description));
    if (set_or(article->canonical_url, NULL) != NULL)
        json_object_set_new(page, "canonical", json_string(article->canonical_url));
    if (article->noindex)
        add_noindex(page);
}
