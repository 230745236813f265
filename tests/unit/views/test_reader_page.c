/* The reader's article page as the theme renders it: each related item
 * carries its own type label (never the article's, which Mustache would
 * find further up the context), and a page in a language other than the
 * site's shows its dates in that language's words and digits (ICU). */
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

static void lacks(const char *page, const char *text)
{
    if (strstr(page, text) != NULL)
        fail_msg("unexpected %s", text);
}

/* The related widget's list items, one string each. */
static char *related_item(const char *page, int index)
{
    const char *at = strstr(page, "<ul class=\"related-list\">");
    assert_non_null(at);
    for (int i = 0; i <= index; i++) {
        at = strstr(at + 1, "<li class=\"related-item\">");
        assert_non_null(at);
    }
    const char *end = strstr(at, "</li>");
    assert_non_null(end);
    return strndup(at, (size_t)(end - at));
}

static void related_items_show_their_own_type_labels(void **state)
{
    (void)state;
    content_related_t related[] = {
        {.id = 11, .slug = "a-video", .headline = "A video", .content_type_id = 21,
         .content_type_slug = "video", .content_type_name = "Video"},
        {.id = 12, .slug = "a-story", .headline = "A plain story", .content_type_id = 1,
         .content_type_slug = "article", .content_type_name = "Article"},
        {.id = 13, .slug = "an-analysis", .headline = "An analysis", .content_type_id = 30,
         .content_type_slug = "analysis", .content_type_name = "Analysis"},
    };
    content_article_t article = hard_article(); /* a video */
    article.related = related;
    article.related_count = 3;
    char *page = page_of(&article);
    has(page, "<p class=\"kicker\">Video</p>");
    char *video = related_item(page, 0);
    char *plain = related_item(page, 1);
    char *analysis = related_item(page, 2);
    has(video, "<span class=\"kicker\">Video</span>");
    has(plain, "A plain story");
    lacks(plain, "kicker");
    has(analysis, "<span class=\"kicker\">Analysis</span>");
    free(video);
    free(plain);
    free(analysis);
    free(page);
}

static void an_arabic_page_dates_in_arabic(void **state)
{
    (void)state;
    content_article_t article = arabic_article(); /* 2016-12-08T09:40:00Z */
    char *page = page_of(&article);
    has(page, "<html lang=\"ar\" dir=\"rtl\"");
    has(page, "datetime=\"2016-12-08T09:40:00Z\"");
    /* Thursday ("الخميس"), 8 ("٨") December ("ديسمبر") 2016 ("٢٠١٦"). */
    has(page, "\u0627\u0644\u062e\u0645\u064a\u0633");
    has(page, "\u0668 \u062f\u064a\u0633\u0645\u0628\u0631 \u0662\u0660\u0661\u0666");
    has(page, "\u0660\u0669:\u0664\u0660");
    lacks(page, "Thu Dec");
    free(page);
}

static void the_site_language_keeps_the_site_format(void **state)
{
    (void)state;
    content_article_t article = hard_article();
    char *page = page_of(&article);
    has(page, ">Wed Dec 7, 2016 08:09:47</time>");
    free(page);
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
        cmocka_unit_test(related_items_show_their_own_type_labels),
        cmocka_unit_test(an_arabic_page_dates_in_arabic),
        cmocka_unit_test(the_site_language_keeps_the_site_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
