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

#include "views/views_private.h"
#include "theme_test_support.h"

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
    char *page = theme_article_page(&article);
    theme_has(page, "<p class=\"kicker\">Video</p>");
    char *video = related_item(page, 0);
    char *plain = related_item(page, 1);
    char *analysis = related_item(page, 2);
    theme_has(video, "<span class=\"kicker\">Video</span>");
    /* Its language is unknown here: the browser finds its direction. */
    theme_has(video, "<span class=\"related-headline\" dir=\"auto\">A video</span>");
    theme_has(plain, "A plain story");
    theme_lacks(plain, "kicker");
    theme_has(analysis, "<span class=\"kicker\">Analysis</span>");
    free(video);
    free(plain);
    free(analysis);
    free(page);
}

static void an_arabic_page_dates_in_arabic(void **state)
{
    (void)state;
    content_article_t article = arabic_article(); /* 2016-12-08T09:40:00Z */
    char *page = theme_article_page(&article);
    theme_has(page, "<html lang=\"ar\" dir=\"rtl\"");
    theme_has(page, "datetime=\"2016-12-08T09:40:00Z\"");
    /* Thursday ("الخميس"), 8 ("٨") December ("ديسمبر") 2016 ("٢٠١٦"). */
    theme_has(page, "\u0627\u0644\u062e\u0645\u064a\u0633");
    theme_has(page, "\u0668 \u062f\u064a\u0633\u0645\u0628\u0631 \u0662\u0660\u0661\u0666");
    theme_has(page, "\u0660\u0669:\u0664\u0660");
    theme_lacks(page, "Thu Dec");
    free(page);
}

/* A Latin name in an Arabic byline is isolated, so the names and the
 * punctuation between them keep their order. */
static void names_in_another_script_are_isolated(void **state)
{
    (void)state;
    content_author_t authors[] = {{.id = 2, .slug = "john-smith", .name = "John Smith"},
                                  {.id = 3, .slug = "alalam", .name = "العالم"}};
    content_article_t article = arabic_article();
    article.authors = authors;
    article.author_count = 2;
    char *page = theme_article_page(&article);
    theme_has(page, "<a class=\"author\" rel=\"author\" href=\"/author/john-smith\"><bdi>John Smith</bdi></a>");
    theme_has(page, "<bdi>العالم</bdi></a>");
    free(page);
}

/* The text of the page's "Updated" line, or "" when it has none. */
static char *updated_line(const content_article_t *article)
{
    char *page = theme_article_page(article);
    const char *at = strstr(page, "<span class=\"updated\">");
    char *line = strdup("");
    if (at != NULL) {
        free(line);
        line = strndup(at, (size_t)(strstr(at, "</span>") - at));
    }
    free(page);
    return line;
}

static void an_update_shows_its_time_with_the_zone(void **state)
{
    (void)state;
    content_article_t article = hard_article(); /* published 08:09:47, changed 08:40 */
    assert_int_equal(gz_time_set_zone("Europe/London"), GZ_OK);
    char *line = updated_line(&article);
    assert_string_equal(line, "<span class=\"updated\">Updated <time datetime=\"2016-12-07T08:40:00Z\">08:40 GMT</time>");
    free(line);
    article.updated_at = article.published_at + 86400; /* the next day: with its date */
    line = updated_line(&article);
    theme_has(line, ">December 8, 2016 at 08:09 GMT</time>");
    free(line);
    article.updated_at = article.published_at + 30; /* a fix at publication is no update */
    line = updated_line(&article);
    assert_string_equal(line, "");
    free(line);
    content_article_t arabic = arabic_article();
    arabic.updated_at = arabic.published_at + 2 * 3600; /* 11:40 */
    line = updated_line(&arabic);
    theme_has(line, "\u0661\u0661:\u0664\u0660"); /* Arabic digits */
    free(line);
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
}

static void the_site_language_keeps_the_site_format(void **state)
{
    (void)state;
    content_article_t article = hard_article();
    char *page = theme_article_page(&article);
    theme_has(page, ">Wed Dec 7, 2016 08:09:47</time>");
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(related_items_show_their_own_type_labels),
        cmocka_unit_test(an_arabic_page_dates_in_arabic),
        cmocka_unit_test(names_in_another_script_are_isolated),
        cmocka_unit_test(an_update_shows_its_time_with_the_zone),
        cmocka_unit_test(the_site_language_keeps_the_site_format),
    };
    return cmocka_run_group_tests(tests, theme_setup, theme_teardown);
}
