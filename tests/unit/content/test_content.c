/* Unit tests of the content model: validation, status names, slugs and
 * Markdown rendering with raw HTML and unsafe links removed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "content/content.h"

static content_article_t valid_article(void)
{
    content_article_t article = {0};
    article.headline = "Militant Rocket Attacks Kill 7 in Syria\xe2\x80\x99s Aleppo";
    article.language = "en";
    article.status = CONTENT_PUBLISHED;
    return article;
}

static char *render(const char *markdown)
{
    static gz_buf_t out;
    gz_buf_reset(&out);
    content_markdown_to_html(&out, markdown, strlen(markdown));
    return out.data == NULL ? "" : out.data;
}

static void validate_accepts_a_complete_article(void **state)
{
    (void)state;
    content_article_t article = valid_article();
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(content_article_validate(&article, &error), GZ_OK);
    assert_int_equal(error.len, 0);
    gz_buf_free(&error);
}

static void validate_lists_every_problem(void **state)
{
    (void)state;
    content_article_t article = valid_article();
    article.headline = "   ";
    article.language = "e n";
    article.summary = "bad \xc3\x28 utf-8";
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(content_article_validate(&article, &error), GZ_EINVAL);
    assert_non_null(strstr(gz_buf_cstr(&error), "headline is required"));
    assert_non_null(strstr(gz_buf_cstr(&error), "summary is not valid UTF-8"));
    assert_non_null(strstr(gz_buf_cstr(&error), "language must be"));
    gz_buf_free(&error);
}

static void validate_rejects_self_relation_and_long_headline(void **state)
{
    (void)state;
    content_article_t article = valid_article();
    content_related_t related = {.id = 7};
    article.id = 7;
    article.related = &related;
    article.related_count = 1;
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(content_article_validate(&article, &error), GZ_EINVAL);
    assert_non_null(strstr(gz_buf_cstr(&error), "related item must be another article"));

    char headline[502];
    memset(headline, 'a', sizeof headline - 1);
    headline[sizeof headline - 1] = '\0';
    article = valid_article();
    article.headline = headline;
    gz_buf_reset(&error);
    assert_int_equal(content_article_validate(&article, &error), GZ_EINVAL);
    assert_non_null(strstr(gz_buf_cstr(&error), "headline is longer than 400 bytes"));
    gz_buf_free(&error);
}

static void status_names_round_trip(void **state)
{
    (void)state;
    for (int status = CONTENT_DRAFT; status <= CONTENT_UNPUBLISHED; status++) {
        content_status_t parsed;
        assert_int_equal(content_status_parse(content_status_name(status), &parsed), GZ_OK);
        assert_int_equal(parsed, status);
    }
    content_status_t parsed;
    assert_int_equal(content_status_parse("live", &parsed), GZ_EINVAL);
    assert_string_equal(content_status_name(CONTENT_IN_REVIEW), "in_review");
}

static void is_live_needs_published_status_and_past_time(void **state)
{
    (void)state;
    content_article_t article = valid_article();
    article.published_at = 1000;
    assert_true(content_article_is_live(&article, 1000));
    assert_false(content_article_is_live(&article, 999));
    article.status = CONTENT_SCHEDULED;
    assert_false(content_article_is_live(&article, 2000));
}

static void slug_falls_back_when_headline_has_no_letters(void **state)
{
    (void)state;
    gz_buf_t slug = GZ_BUF_INIT;
    content_slug_append(&slug, "Militant Rocket Attacks Kill 7 in Syria's Aleppo");
    assert_string_equal(gz_buf_cstr(&slug), "militant-rocket-attacks-kill-7-in-syria-s-aleppo");
    gz_buf_reset(&slug);
    content_slug_append(&slug, "?!");
    assert_string_equal(gz_buf_cstr(&slug), "article");
    gz_buf_free(&slug);
}

static void markdown_renders_paragraphs_and_keeps_typographic_quotes(void **state)
{
    (void)state;
    const char *html = render("One \xe2\x80\x9cquoted\xe2\x80\x9d.\n\nTwo & three.");
    assert_string_equal(html, "<p>One \xe2\x80\x9cquoted\xe2\x80\x9d.</p>\n<p>Two &amp; three.</p>\n");
}

static void markdown_removes_raw_html_and_script_links(void **state)
{
    (void)state;
    const char *html = render("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>b</b>");
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "javascript:"));
    assert_null(strstr(html, "<b>"));
    assert_non_null(strstr(html, "raw HTML omitted"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validate_accepts_a_complete_article),
        cmocka_unit_test(validate_lists_every_problem),
        cmocka_unit_test(validate_rejects_self_relation_and_long_headline),
        cmocka_unit_test(status_names_round_trip),
        cmocka_unit_test(is_live_needs_published_status_and_past_time),
        cmocka_unit_test(slug_falls_back_when_headline_has_no_letters),
        cmocka_unit_test(markdown_renders_paragraphs_and_keeps_typographic_quotes),
        cmocka_unit_test(markdown_removes_raw_html_and_script_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
