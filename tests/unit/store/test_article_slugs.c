/* Unit tests of an article's search and social columns and of the
 * addresses it was published under (store_article_slugs.c): the columns
 * round-trip through a get and a list, a draft's slugs are never kept,
 * each published slug is kept once with the time it first went out, an
 * unpublished article renamed keeps only what went out, a rolled back
 * write keeps nothing and a deleted article takes its addresses with it.
 * On SQLite, and on PostgreSQL with GAZETTE_TEST_PG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/temp_store.h"

typedef temp_store_t fixture_t;

enum { NOW = 1700000000 };

static content_article_t article_of(int64_t id, const char *slug, content_status_t status)
{
    content_article_t article = {0};
    article.id = id;
    article.headline = "A headline";
    article.slug = slug;
    article.language = "en";
    article.body_markdown = "Body.";
    article.body_html = "<p>Body.</p>\n";
    article.status = status;
    article.published_at = status == CONTENT_DRAFT ? 0 : NOW;
    return article;
}

static void put(fixture_t *fixture, int64_t id, const char *slug, content_status_t status)
{
    content_article_t article = article_of(id, slug, status);
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
}

/* The kept slugs of id, joined by '|'. */
static const char *kept(fixture_t *fixture, int64_t id)
{
    store_article_slug_t *slugs = NULL;
    size_t count = 0;
    assert_int_equal(store_article_slugs(fixture->store, id, &fixture->pool, &slugs, &count),
                     GZ_OK);
    gz_buf_t joined = GZ_BUF_INIT;
    for (size_t i = 0; i < count; i++)
        gz_buf_printf(&joined, "%s%s", i > 0 ? "|" : "", slugs[i].slug);
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&joined));
    gz_buf_free(&joined);
    return text;
}

static bool known(fixture_t *fixture, int64_t id, const char *slug)
{
    bool is_known = false;
    assert_int_equal(store_article_slug_known(fixture->store, id, slug, &is_known), GZ_OK);
    return is_known;
}

static void check_seo(const content_article_t *article)
{
    assert_string_equal(article->seo_title, "Search title");
    assert_string_equal(article->seo_description, "Search description \xC3\xA9");
    assert_string_equal(article->social_title, "Social title");
    assert_string_equal(article->social_description, "Social description");
    assert_string_equal(article->canonical_url, "https://example.org/original");
    assert_true(article->noindex);
}

static void the_search_and_social_columns_round_trip(void **state)
{
    fixture_t *fixture = *state;
    content_article_t article = article_of(5, "a-headline", CONTENT_PUBLISHED);
    article.seo_title = "Search title";
    article.seo_description = "Search description \xC3\xA9";
    article.social_title = "Social title";
    article.social_description = "Social description";
    article.canonical_url = "https://example.org/original";
    article.noindex = true;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    content_article_t *stored = NULL;
    assert_int_equal(store_article_get(fixture->store, 5, &fixture->pool, &stored), GZ_OK);
    check_seo(stored);
    store_article_query_t query = {.live_only = true, .now = NOW + 1};
    content_article_list_t list;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
    check_seo(&list.items[0]);
    query.oldest_first = true;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    check_seo(&list.items[0]);
}

static void unset_search_fields_read_back_as_null(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, 6, "plain", CONTENT_PUBLISHED);
    content_article_t *stored = NULL;
    assert_int_equal(store_article_get(fixture->store, 6, &fixture->pool, &stored), GZ_OK);
    assert_null(stored->seo_title);
    assert_null(stored->social_description);
    assert_null(stored->canonical_url);
    assert_false(stored->noindex);
}

static void a_drafts_slugs_are_not_kept(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, 7, "first-draft", CONTENT_DRAFT);
    put(fixture, 7, "second-draft", CONTENT_IN_REVIEW);
    put(fixture, 7, "scheduled", CONTENT_SCHEDULED);
    assert_string_equal(kept(fixture, 7), "");
    assert_false(known(fixture, 7, "first-draft"));
}

static void every_published_slug_is_kept_once(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, 8, "draft", CONTENT_DRAFT);
    put(fixture, 8, "first", CONTENT_PUBLISHED);
    put(fixture, 8, "first", CONTENT_PUBLISHED);
    put(fixture, 8, "second", CONTENT_PUBLISHED);
    put(fixture, 8, "third", CONTENT_PUBLISHED);
    assert_string_equal(kept(fixture, 8), "first|second|third");
    store_article_slug_t *slugs = NULL;
    size_t count = 0;
    assert_int_equal(store_article_slugs(fixture->store, 8, &fixture->pool, &slugs, &count), GZ_OK);
    assert_true(slugs[0].first_published_at > NOW); /* when it went out, not the article's time */
    assert_true(known(fixture, 8, "first"));
    assert_true(known(fixture, 8, "second"));
    assert_false(known(fixture, 8, "draft"));
    assert_false(known(fixture, 9, "first")); /* another article's slug is not its own */
    assert_false(known(fixture, 8, NULL));
}

static void a_renamed_unpublished_article_keeps_what_went_out(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, 10, "out", CONTENT_PUBLISHED);
    put(fixture, 10, "hidden-rename", CONTENT_UNPUBLISHED);
    assert_string_equal(kept(fixture, 10), "out");
    put(fixture, 10, "back", CONTENT_PUBLISHED);
    assert_string_equal(kept(fixture, 10), "back|out");
}

static void stubs_keep_no_slug(void **state)
{
    fixture_t *fixture = *state;
    content_article_t stub = article_of(11, "stub", CONTENT_PUBLISHED);
    stub.is_stub = true;
    assert_int_equal(store_article_put(fixture->store, &stub), GZ_OK);
    assert_string_equal(kept(fixture, 11), "");
}

static void a_rolled_back_write_keeps_no_slug(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, 12, "kept", CONTENT_PUBLISHED);
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    put(fixture, 12, "rolled-back", CONTENT_PUBLISHED);
    assert_int_equal(store_rollback(fixture->store), GZ_OK);
    assert_string_equal(kept(fixture, 12), "kept");
}

static void a_deleted_article_takes_its_slugs(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, 13, "gone", CONTENT_PUBLISHED);
    assert_int_equal(store_article_delete(fixture->store, 13), GZ_OK);
    assert_string_equal(kept(fixture, 13), "");
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
    const struct CMUnitTest tests[] = {
        TEST(the_search_and_social_columns_round_trip),
        TEST(unset_search_fields_read_back_as_null),
        TEST(a_drafts_slugs_are_not_kept),
        TEST(every_published_slug_is_kept_once),
        TEST(a_renamed_unpublished_article_keeps_what_went_out),
        TEST(stubs_keep_no_slug),
        TEST(a_rolled_back_write_keeps_no_slug),
        TEST(a_deleted_article_takes_its_slugs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
