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

/* The problems of article with one field changed, or "" when valid. */
static const char *problems_of(const content_article_t *article)
{
    static gz_buf_t error;
    gz_buf_reset(&error);
    int code = content_article_validate(article, &error);
    assert_int_equal(code, error.len == 0 ? GZ_OK : GZ_EINVAL);
    return error.data == NULL ? "" : error.data;
}

static void validate_accepts_search_and_social_fields(void **state)
{
    (void)state;
    content_article_t article = valid_article();
    article.slug = "\xd8\xb3\xd9\x88\xd8\xb1\xd9\x8a\xd8\xa7-2016"; /* Arabic letters are slug letters */
    article.seo_title = "Aleppo: seven killed";
    article.seo_description = "What happened in Aleppo on Wednesday.";
    article.social_title = "Seven killed in Aleppo";
    article.social_description = "Rockets hit the city.";
    article.canonical_url = "https://example.org/original/story?id=1";
    article.noindex = true;
    assert_string_equal(problems_of(&article), "");
    char title[201 * 2 + 1]; /* 200 two-byte characters are not over the limit */
    for (size_t i = 0; i < 200; i++)
        memcpy(title + 2 * i, "\xd8\xb3", 2);
    title[400] = '\0';
    article.seo_title = title;
    assert_string_equal(problems_of(&article), "");
}

static void validate_refuses_a_malformed_slug(void **state)
{
    (void)state;
    content_article_t article = valid_article();
    article.slug = "Not A Slug";
    assert_non_null(strstr(problems_of(&article), "the address (slug) must be"));
    assert_non_null(strstr(problems_of(&article), "\"not-a-slug\""));
    char slug[82];
    memset(slug, 'a', 81);
    slug[81] = '\0';
    article.slug = slug;
    assert_non_null(strstr(problems_of(&article), "at most 80 bytes"));
    article.slug = "bad\xc3\x28";
    assert_non_null(strstr(problems_of(&article), "address (slug) is not valid UTF-8"));
    article.slug = "trailing-";
    assert_non_null(strstr(problems_of(&article), "the address (slug) must be"));
}

static void validate_refuses_overlong_or_broken_search_fields(void **state)
{
    (void)state;
    content_article_t article = valid_article();
    char long_title[202];
    memset(long_title, 'x', 201);
    long_title[201] = '\0';
    article.seo_title = long_title;
    article.social_description = "bad \xc3\x28 byte";
    article.social_title = "two\nlines";
    const char *problems = problems_of(&article);
    assert_non_null(strstr(problems, "the search title is longer than 200 characters"));
    assert_non_null(strstr(problems, "social description is not valid UTF-8"));
    assert_non_null(strstr(problems, "social title must be one line of text"));
    char long_description[602];
    memset(long_description, 'x', 601);
    long_description[601] = '\0';
    article = valid_article();
    article.seo_description = long_description;
    assert_non_null(strstr(problems_of(&article), "search description is longer than 600"));
}

static void validate_refuses_a_canonical_that_is_not_absolute_http(void **state)
{
    (void)state;
    static const char *const bad[] = {"javascript:alert(1)", "/news/1/local", "https://",
                                      "ftp://example.org/x", "https://exa mple.org/",
                                      "https://example.org/\"onmouseover=x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        content_article_t article = valid_article();
        article.canonical_url = bad[i];
        assert_non_null(strstr(problems_of(&article), "the canonical address must be an absolute"));
    }
    content_article_t article = valid_article();
    article.canonical_url = "http://example.org/x";
    assert_string_equal(problems_of(&article), "");
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
        cmocka_unit_test(validate_accepts_search_and_social_fields),
        cmocka_unit_test(validate_refuses_a_malformed_slug),
        cmocka_unit_test(validate_refuses_overlong_or_broken_search_fields),
        cmocka_unit_test(validate_refuses_a_canonical_that_is_not_absolute_http),
        cmocka_unit_test(status_names_round_trip),
        cmocka_unit_test(is_live_needs_published_status_and_past_time),
        cmocka_unit_test(slug_falls_back_when_headline_has_no_letters),
        cmocka_unit_test(markdown_renders_paragraphs_and_keeps_typographic_quotes),
        cmocka_unit_test(markdown_removes_raw_html_and_script_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
