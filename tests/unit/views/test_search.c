/* Unit tests of the search views (views/search.c): the page model in its
 * three states (help, results, nothing found), the JSON answer, and the
 * links to other pages, whose values must be percent-encoded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/json_path.h"

#include "views/views.h"

static const content_section_t sections[] = {{.id = 3, .slug = "syria", .name = "Syria"}};

static views_site_t site(void)
{
    return (views_site_t){.name = "Gazette",
                          .url = "https://news.example",
                          .language = "en",
                          .time_format = "%Y-%m-%d",
                          .sections = sections,
                          .section_count = 1,
                          .now = 1481098187};
}

static content_article_t article = {
    .id = 5,
    .slug = "rockets",
    .headline = "Rockets <hit> Aleppo",
    .summary = "A summary",
    .language = "ar",
    .published_at = 1481098187,
    .section = {.id = 3, .slug = "syria", .name = "Syria"},
    .content_type = {.id = 21, .slug = "video", .name = "Video"},
};

static const views_search_hit_t hits[] = {
    {&article, "Rockets &lt;hit&gt; <mark>Aleppo</mark>", "in <mark>Aleppo</mark>"}};

static views_search_t results(void)
{
    return (views_search_t){.text = "aleppo & <b>",
                            .searchable = true,
                            .section = "syria",
                            .hits = hits,
                            .hit_count = 1,
                            .total = 45,
                            .page = 2,
                            .page_size = 20};
}

static void query_urls_encode_every_value(void **state)
{
    (void)state;
    gz_buf_t url = GZ_BUF_INIT;
    const char *names[] = {"q", "section", "page"};
    const char *values[] = {"\"old city\" & <b>/?#", NULL, "2"};
    views_query_url(&url, "/search", names, values, 3);
    assert_string_equal(gz_buf_cstr(&url),
                        "/search?q=%22old%20city%22%20%26%20%3Cb%3E%2F%3F%23&page=2");
    gz_buf_reset(&url);
    const char *arabic[] = {"حلب", "", ""};
    views_query_url(&url, "/search", names, arabic, 3);
    assert_string_equal(gz_buf_cstr(&url), "/search?q=%D8%AD%D9%84%D8%A8");
    gz_buf_free(&url);
}

static void the_page_lists_results_with_pages_and_filters(void **state)
{
    (void)state;
    views_site_t view = site();
    views_search_t search = results();
    json_t *model = views_search_page(&view, &search);
    assert_string_equal(json_text_at(model, "page.title"), "aleppo & <b>: search");
    assert_string_equal(json_text_at(model, "page.meta_names.0.content"), "noindex, follow");
    assert_string_equal(json_text_at(model, "search.query"), "aleppo & <b>");
    assert_string_equal(json_text_at(model, "search.count_text"), "45 results");
    assert_string_equal(json_text_at(model, "search.results.0.headline_html"),
                        "Rockets &lt;hit&gt; <mark>Aleppo</mark>");
    assert_string_equal(json_text_at(model, "search.results.0.dir"), "rtl");
    assert_string_equal(json_text_at(model, "search.pagination.previous_url"),
                        "/search?q=aleppo%20%26%20%3Cb%3E&section=syria");
    assert_string_equal(json_text_at(model, "search.pagination.next_url"),
                        "/search?q=aleppo%20%26%20%3Cb%3E&section=syria&page=3");
    assert_true(json_is_true(json_object_get(
        json_array_get(json_object_get(json_object_get(model, "search"), "sections"), 0),
        "selected")));
    assert_true(json_is_false(json_object_get(json_object_get(model, "search"), "help")));
    json_decref(model);
}

static void without_a_word_the_page_shows_help(void **state)
{
    (void)state;
    views_site_t view = site();
    views_search_t search = {.page = 1, .page_size = 20};
    json_t *model = views_search_page(&view, &search);
    json_t *object = json_object_get(model, "search");
    assert_true(json_is_true(json_object_get(object, "help")));
    assert_true(json_is_false(json_object_get(object, "has_query")));
    assert_null(json_object_get(object, "results"));
    assert_string_equal(json_text_at(model, "page.title"), "Search");
    json_decref(model);
}

static void counts_read_well(void **state)
{
    (void)state;
    views_site_t view = site();
    views_search_t search = {
        .text = "x", .searchable = true, .total = 1, .page = 1, .page_size = 20};
    json_t *model = views_search_page(&view, &search);
    assert_string_equal(json_text_at(model, "search.count_text"), "1 result");
    assert_true(json_is_true(json_object_get(json_object_get(model, "search"), "none_found")));
    json_decref(model);
    search.total = 100000;
    search.total_is_lower_bound = true;
    model = views_search_page(&view, &search);
    assert_string_equal(json_text_at(model, "search.count_text"), "More than 100,000 results");
    json_decref(model);
}

static void the_json_answer(void **state)
{
    (void)state;
    views_site_t view = site();
    views_search_t search = results();
    json_t *body = views_search_json(&view, &search);
    assert_string_equal(json_text_at(body, "query"), "aleppo & <b>");
    assert_int_equal(json_integer_value(json_object_get(body, "total")), 45);
    assert_string_equal(json_text_at(body, "filters.section"), "syria");
    assert_true(json_is_null(json_object_get(json_object_get(body, "filters"), "type")));
    assert_string_equal(json_text_at(body, "results.0.url"), "https://news.example/news/5/rockets");
    assert_string_equal(json_text_at(body, "results.0.published"), "2016-12-07T08:09:47Z");
    assert_string_equal(json_text_at(body, "results.0.section.slug"), "syria");
    assert_string_equal(json_text_at(body, "results.0.content_type"), "video");
    assert_string_equal(json_text_at(body, "results.0.snippet_html"), "in <mark>Aleppo</mark>");
    assert_string_equal(json_text_at(body, "next"),
                        "https://news.example/api/v1/search?q=aleppo%20%26%20%3Cb%3E&section=syria"
                        "&page=3");
    json_decref(body);
    search.page = 3;
    body = views_search_json(&view, &search);
    assert_null(json_object_get(body, "next"));
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(query_urls_encode_every_value),
        cmocka_unit_test(the_page_lists_results_with_pages_and_filters),
        cmocka_unit_test(without_a_word_the_page_shows_help),
        cmocka_unit_test(counts_read_well),
        cmocka_unit_test(the_json_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
