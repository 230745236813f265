/* Unit tests of an article's search and social fields in its page head
 * (seo.c), through the theme's own templates: the search title as the
 * whole <title>, the descriptions, the cards falling back from social to
 * search to headline and summary, the canonical override repeated in
 * og:url, noindex in the one robots meta, and noindex articles left out
 * of the article and news sitemaps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tmpl/tmpl.h"
#include "views/views_private.h"
#include "views_test_support.h"

static tmpl_set_t *templates;

/* The article page as the theme renders it; the caller frees it. */
static char *page_of(const content_article_t *article)
{
    views_site_t site = support_site();
    json_t *model = views_article_page(&site, article);
    gz_buf_t html = GZ_BUF_INIT;
    assert_int_equal(tmpl_render(templates, "article", model, &html), GZ_OK);
    json_decref(model);
    char *text = strdup(gz_buf_cstr(&html));
    gz_buf_free(&html);
    return text;
}

static void has(const char *page, const char *text)
{
    if (strstr(page, text) == NULL)
        fail_msg("missing %s", text);
}

static void without_fields_the_head_says_headline_and_summary(void **state)
{
    (void)state;
    content_article_t article = arabic_article();
    article.headline = "Plain headline";
    article.summary = "Plain summary.";
    char *page = page_of(&article);
    has(page, "<title>Plain headline · Gazette &amp; Sons</title>");
    has(page, "<meta name=\"description\" content=\"Plain summary.\">");
    has(page, "<meta property=\"og:title\" content=\"Plain headline\">");
    has(page, "<meta name=\"twitter:description\" content=\"Plain summary.\">");
    has(page, "<link rel=\"canonical\" href=\"https://News.Example:8443/news/7/");
    has(page, "<meta name=\"robots\" content=\"max-image-preview:large\">");
    free(page);
}

static void search_fields_lead_the_head_and_the_cards(void **state)
{
    (void)state;
    content_article_t article = arabic_article();
    article.headline = "Plain headline";
    article.summary = "Plain summary.";
    article.seo_title = "Search <title> & more";
    article.seo_description = "Search \"description\".";
    char *page = page_of(&article);
    has(page, "<title>Search &lt;title&gt; &amp; more</title>"); /* as written, no site name */
    has(page, "<meta name=\"description\" content=\"Search &quot;description&quot;.\">");
    has(page, "<meta property=\"og:title\" content=\"Search &lt;title&gt; &amp; more\">");
    has(page, "<meta property=\"og:description\" content=\"Search &quot;description&quot;.\">");
    has(page, "<meta name=\"twitter:title\" content=\"Search &lt;title&gt; &amp; more\">");
    free(page);
}

static void social_fields_lead_the_cards_only(void **state)
{
    (void)state;
    content_article_t article = arabic_article();
    article.headline = "Plain headline";
    article.summary = "Plain summary.";
    article.seo_title = "Search title";
    article.social_title = "Social title";
    article.social_description = "Social description.";
    char *page = page_of(&article);
    has(page, "<title>Search title</title>");
    has(page, "<meta name=\"description\" content=\"Plain summary.\">");
    has(page, "<meta property=\"og:title\" content=\"Social title\">");
    has(page, "<meta property=\"og:description\" content=\"Social description.\">");
    has(page, "<meta name=\"twitter:title\" content=\"Social title\">");
    has(page, "<meta name=\"twitter:description\" content=\"Social description.\">");
    free(page);
}

static void a_canonical_override_replaces_the_link_and_og_url(void **state)
{
    (void)state;
    content_article_t article = arabic_article();
    article.canonical_url = "https://origin.example/story?a=1&b=2";
    char *page = page_of(&article);
    has(page, "<link rel=\"canonical\" href=\"https://origin.example/story?a=1&amp;b=2\">");
    has(page, "<meta property=\"og:url\" content=\"https://origin.example/story?a=1&amp;b=2\">");
    assert_int_equal(count_of(page, "rel=\"canonical\""), 1);
    free(page);
}

static void noindex_is_said_once_in_the_robots_meta(void **state)
{
    (void)state;
    content_article_t article = arabic_article();
    article.noindex = true;
    char *page = page_of(&article);
    has(page, "<meta name=\"robots\" content=\"noindex, max-image-preview:large\">");
    assert_int_equal(count_of(page, "name=\"robots\""), 1);
    free(page);
}

static void noindex_articles_are_left_out_of_the_sitemaps(void **state)
{
    (void)state;
    views_site_t site = support_site();
    content_article_t items[2] = {arabic_article(), arabic_article()};
    items[1].id = 8;
    items[1].noindex = true;
    content_article_list_t list = {.items = items, .count = 2, .total = 2};
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(views_sitemap_articles(&site, &list, VIEWS_SITEMAP_MAX_BYTES, &out), 1);
    assert_non_null(strstr(gz_buf_cstr(&out), "/news/7/"));
    assert_null(strstr(gz_buf_cstr(&out), "/news/8/"));
    gz_buf_reset(&out);
    views_sitemap_news(&site, &list, &out);
    assert_non_null(strstr(gz_buf_cstr(&out), "/news/7/"));
    assert_null(strstr(gz_buf_cstr(&out), "/news/8/"));
    gz_buf_free(&out);
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/themes/default/templates", getenv("GAZETTE_SOURCE_ROOT"));
    templates = tmpl_set_new();
    return tmpl_set_load_dir(templates, dir, NULL) == GZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tmpl_set_free(templates);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(without_fields_the_head_says_headline_and_summary),
        cmocka_unit_test(search_fields_lead_the_head_and_the_cards),
        cmocka_unit_test(social_fields_lead_the_cards_only),
        cmocka_unit_test(a_canonical_override_replaces_the_link_and_og_url),
        cmocka_unit_test(noindex_is_said_once_in_the_robots_meta),
        cmocka_unit_test(noindex_articles_are_left_out_of_the_sitemaps),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
