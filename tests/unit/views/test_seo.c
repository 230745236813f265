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

#include "views/views_private.h"
#include "theme_test_support.h"

static void without_fields_the_head_says_headline_and_summary(void **state)
{
    (void)state;
    content_article_t article = arabic_article();
    article.headline = "Plain headline";
    article.summary = "Plain summary.";
    char *page = theme_article_page(&article);
    theme_has(page, "<title>Plain headline · Gazette &amp; Sons</title>");
    theme_has(page, "<meta name=\"description\" content=\"Plain summary.\">");
    theme_has(page, "<meta property=\"og:title\" content=\"Plain headline\">");
    theme_has(page, "<meta name=\"twitter:description\" content=\"Plain summary.\">");
    theme_has(page, "<link rel=\"canonical\" href=\"https://News.Example:8443/news/7/");
    theme_has(page, "<meta name=\"robots\" content=\"max-image-preview:large\">");
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
    char *page = theme_article_page(&article);
    theme_has(page, "<title>Search &lt;title&gt; &amp; more</title>"); /* as written, no site name */
    theme_has(page, "<meta name=\"description\" content=\"Search &quot;description&quot;.\">");
    theme_has(page, "<meta property=\"og:title\" content=\"Search &lt;title&gt; &amp; more\">");
    theme_has(page, "<meta property=\"og:description\" content=\"Search &quot;description&quot;.\">");
    theme_has(page, "<meta name=\"twitter:title\" content=\"Search &lt;title&gt; &amp; more\">");
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
    char *page = theme_article_page(&article);
    theme_has(page, "<title>Search title</title>");
    theme_has(page, "<meta name=\"description\" content=\"Plain summary.\">");
    theme_has(page, "<meta property=\"og:title\" content=\"Social title\">");
    theme_has(page, "<meta property=\"og:description\" content=\"Social description.\">");
    theme_has(page, "<meta name=\"twitter:title\" content=\"Social title\">");
    theme_has(page, "<meta name=\"twitter:description\" content=\"Social description.\">");
    free(page);
}

static void a_canonical_override_replaces_the_link_and_og_url(void **state)
{
    (void)state;
    content_article_t article = arabic_article();
    article.canonical_url = "https://origin.example/story?a=1&b=2";
    char *page = theme_article_page(&article);
    theme_has(page, "<link rel=\"canonical\" href=\"https://origin.example/story?a=1&amp;b=2\">");
    theme_has(page, "<meta property=\"og:url\" content=\"https://origin.example/story?a=1&amp;b=2\">");
    assert_int_equal(count_of(page, "rel=\"canonical\""), 1);
    free(page);
}

static void noindex_is_said_once_in_the_robots_meta(void **state)
{
    (void)state;
    content_article_t article = arabic_article();
    article.noindex = true;
    char *page = theme_article_page(&article);
    theme_has(page, "<meta name=\"robots\" content=\"noindex, max-image-preview:large\">");
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
    return cmocka_run_group_tests(tests, theme_setup, theme_teardown);
}
