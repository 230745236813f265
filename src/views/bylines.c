/*
 * bylines: who an article is by, said the same way on its page, in its
 * structured data and in every feed. The byline is the editor's override
 * when there is one ("By our correspondent in Aleppo"), otherwise the
 * authors' names in order ("Jane Doe and Alalam"); each author links to
 * their page, /author/{slug}. Login names never reach a reader: authors
 * are profiles of their own (content_author_t).
 */
#include "views/views.h"

#include <string.h>

void views_author_path(gz_buf_t *out, const views_site_t *site, const char *slug)
{
    views_site_path(out, site, "/author/");
    gz_buf_append_cstr(out, slug);
}

/* What goes before the i-th of count names: "", ", " or " and ". */
static const char *separator_before(size_t i, size_t count)
{
    if (i == 0)
        return "";
    return i + 1 == count ? " and " : ", ";
}

static bool has_text(const char *text)
{
    return text != NULL && gz_str_trim(gz_str_from_cstr(text)).len > 0;
}

/* An author a byline can name (and, with a slug, link). */
static bool shown(const content_author_t *author, bool needs_slug)
{
    return author->name != NULL && (!needs_slug || author->slug != NULL);
}

static size_t shown_count(const content_article_t *article, bool needs_slug)
{
    size_t count = 0;
    for (size_t i = 0; i < article->author_count; i++)
        count += shown(&article->authors[i], needs_slug);
    return count;
}

void views_byline_append(gz_buf_t *out, const content_article_t *article)
{
    if (has_text(article->byline)) {
        gz_buf_append_cstr(out, article->byline);
        return;
    }
    size_t named = 0, total = shown_count(article, false);
    for (size_t i = 0; i < article->author_count; i++) {
        if (shown(&article->authors[i], false)) {
            gz_buf_printf(out, "%s%s", separator_before(named++, total),
                          article->authors[i].name);
        }
    }
}

json_t *views_byline(const views_site_t *site, const content_article_t *article)
{
    json_t *byline = json_object();
    json_t *authors = json_array();
    size_t linked = 0, total = shown_count(article, true);
    for (size_t i = 0; i < article->author_count; i++) {
        const content_author_t *author = &article->authors[i];
        if (!shown(author, true))
            continue;
        gz_buf_t url = GZ_BUF_INIT;
        views_author_path(&url, site, author->slug);
        json_array_append_new(authors,
                              json_pack("{s:s,s:s,s:s}", "name", author->name, "url",
                                        gz_buf_cstr(&url), "separator",
                                        separator_before(linked++, total)));
        gz_buf_free(&url);
    }
    bool overridden = has_text(article->byline);
    if (overridden)
        json_object_set_new(byline, "text", json_string(article->byline));
    json_object_set_new(byline, "authors", authors);
    json_object_set_new(byline, "shown", json_boolean(overridden || json_array_size(authors) > 0));
    return byline;
}
