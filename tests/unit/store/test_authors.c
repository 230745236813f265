/* Unit tests of author profiles in the store (store_authors.c, schema
 * step 9), on SQLite or on PostgreSQL with GAZETTE_TEST_PG: every field
 * round-trips, slugs and accounts are unique, the list searches, an
 * author's page lists only their live articles newest first, and every
 * change of a profile or of an article's authors logs author:ID. */
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

static content_author_t jane(void)
{
    return (content_author_t){.slug = "jane-doe",
                              .name = "Jane Doe",
                              .role_line = "Middle East correspondent",
                              .bio = "Reports from Aleppo and Beirut.",
                              .links = "https://example.org/jane\nhttps://social.example/@jane",
                              .language = "en"};
}

static int64_t put(fixture_t *fixture, content_author_t author)
{
    if (store_author_put(fixture->store, &author) != GZ_OK)
        fail_msg("store_author_put: %s", store_last_error(fixture->store));
    assert_true(author.id > 0);
    return author.id;
}

static const char *changes_after(fixture_t *fixture, int64_t seq)
{
    store_change_t *changes = NULL;
    size_t count = 0;
    assert_int_equal(
        store_changes_since(fixture->store, seq, 100, &fixture->pool, &changes, &count), GZ_OK);
    gz_buf_t joined = GZ_BUF_INIT;
    for (size_t i = 0; i < count; i++)
        gz_buf_printf(&joined, "%s%s", i > 0 ? "|" : "", changes[i].tags);
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&joined));
    gz_buf_free(&joined);
    return text;
}

static int64_t latest_change(fixture_t *fixture)
{
    int64_t seq = 0;
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    return seq;
}

static void every_field_round_trips(void **state)
{
    fixture_t *fixture = *state;
    store_user_t user = {.name = "jane", .display_name = "Jane", .role = STORE_ROLE_AUTHOR,
                         .password_hash = "x"};
    assert_int_equal(store_user_add(fixture->store, &user), GZ_OK);
    content_author_t author = jane();
    author.user_id = user.id;
    int64_t id = put(fixture, author);
    content_author_t got;
    assert_int_equal(store_author_get(fixture->store, id, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got.slug, "jane-doe");
    assert_string_equal(got.name, "Jane Doe");
    assert_string_equal(got.role_line, "Middle East correspondent");
    assert_string_equal(got.bio, "Reports from Aleppo and Beirut.");
    assert_string_equal(got.links, "https://example.org/jane\nhttps://social.example/@jane");
    assert_string_equal(got.language, "en");
    assert_int_equal(got.user_id, user.id);
    assert_int_equal(got.picture_id, 0);
    assert_true(got.updated_at > 0);
    assert_int_equal(store_author_get_by_slug(fixture->store, "jane-doe", &fixture->pool, &got),
                     GZ_OK);
    assert_int_equal(got.id, id);
    assert_int_equal(store_author_get_by_user(fixture->store, user.id, &fixture->pool, &got),
                     GZ_OK);
    assert_int_equal(got.id, id);
    assert_int_equal(store_author_get(fixture->store, id + 1, &fixture->pool, &got), GZ_ENOTFOUND);
    assert_int_equal(store_author_get_by_slug(fixture->store, "nobody", &fixture->pool, &got),
                     GZ_ENOTFOUND);

    /* An update replaces every field; an agency has no account. */
    got.name = "Jane Doe-Smith";
    got.role_line = NULL;
    got.user_id = 0;
    assert_int_equal(store_author_put(fixture->store, &got), GZ_OK);
    assert_int_equal(store_author_get(fixture->store, id, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got.name, "Jane Doe-Smith");
    assert_null(got.role_line);
    assert_int_equal(got.user_id, 0);
}

static void slugs_and_accounts_are_unique(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, jane());
    content_author_t twin = jane();
    twin.name = "Another Jane";
    assert_int_equal(store_author_put(fixture->store, &twin), GZ_ECONFLICT);
    assert_non_null(strstr(store_last_error(fixture->store), "address name"));
    assert_int_equal(temp_store_count(fixture, "SELECT COUNT(*) FROM authors", 0, NULL), 1);
    content_author_t missing = jane();
    missing.id = 999;
    missing.slug = "someone";
    assert_int_equal(store_author_put(fixture->store, &missing), GZ_ENOTFOUND);
}

static void the_list_searches_names_and_roles(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, jane());
    put(fixture, (content_author_t){.slug = "alalam", .name = "Alalam"});
    put(fixture, (content_author_t){.slug = "staff", .name = "Staff", .role_line = "The desk"});
    gz_pool_t *pool = &fixture->pool;
    store_author_list_t list;
    assert_int_equal(store_author_list(fixture->store, &(store_author_query_t){0}, pool, &list),
                     GZ_OK);
    assert_int_equal(list.total, 3);
    assert_string_equal(list.items[0].name, "Alalam"); /* by name */
    assert_string_equal(list.items[2].name, "Staff");
    store_author_query_t query = {.text = "CORRESPONDENT"};
    assert_int_equal(store_author_list(fixture->store, &query, pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].slug, "jane-doe");
    query = (store_author_query_t){.text = "50%_"};
    assert_int_equal(store_author_list(fixture->store, &query, pool, &list), GZ_OK);
    assert_int_equal(list.total, 0);
    query = (store_author_query_t){.page = 2, .page_size = 2};
    assert_int_equal(store_author_list(fixture->store, &query, pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.total, 3);
}

static void put_article(fixture_t *fixture, int64_t id, content_status_t status,
                        gz_time_t published_at, content_author_t *authors, size_t count)
{
    content_article_t article = {.id = id,
                                 .headline = "A story",
                                 .slug = "a-story",
                                 .language = "en",
                                 .status = status,
                                 .published_at = published_at,
                                 .byline = "By our correspondent in Aleppo",
                                 .authors = authors,
                                 .author_count = count};
    if (store_article_put(fixture->store, &article) != GZ_OK)
        fail_msg("store_article_put: %s", store_last_error(fixture->store));
}

static void an_authors_page_lists_their_live_articles(void **state)
{
    fixture_t *fixture = *state;
    content_author_t both[2] = {{.id = put(fixture, jane())},
                                {.id = put(fixture, (content_author_t){.slug = "alalam",
                                                                        .name = "Alalam"})}};
    gz_time_t now = gz_now();
    put_article(fixture, 1, CONTENT_PUBLISHED, now - 300, both, 2);
    put_article(fixture, 2, CONTENT_PUBLISHED, now - 100, both, 1);
    put_article(fixture, 3, CONTENT_DRAFT, 0, both, 2);
    put_article(fixture, 4, CONTENT_PUBLISHED, now + 3600, both, 2); /* not yet */
    put_article(fixture, 5, CONTENT_PUBLISHED, now - 50, &both[1], 1);
    content_article_list_t list;
    assert_int_equal(
        store_author_articles(fixture->store, both[0].id, now, 10, 0, &fixture->pool, &list),
        GZ_OK);
    assert_int_equal(list.total, 2);
    assert_int_equal(list.count, 2);
    assert_int_equal(list.items[0].id, 2); /* newest first */
    assert_int_equal(list.items[1].id, 1);
    assert_string_equal(list.items[0].byline, "By our correspondent in Aleppo");
    assert_int_equal(
        store_author_articles(fixture->store, both[1].id, now, 1, 1, &fixture->pool, &list),
        GZ_OK);
    assert_int_equal(list.total, 2);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.items[0].id, 1);

    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, 1, &fixture->pool, &article), GZ_OK);
    assert_string_equal(article->byline, "By our correspondent in Aleppo");
    assert_int_equal(article->author_count, 2);
    assert_string_equal(article->authors[0].slug, "jane-doe");
    assert_string_equal(article->authors[1].slug, "alalam");
}

static void changes_log_the_author(void **state)
{
    fixture_t *fixture = *state;
    content_author_t author = jane();
    author.id = put(fixture, author);
    int64_t seq = latest_change(fixture);
    author.bio = "New bio.";
    assert_int_equal(store_author_put(fixture->store, &author), GZ_OK);
    char expected[64];
    snprintf(expected, sizeof expected, "author:%lld", (long long)author.id);
    assert_string_equal(changes_after(fixture, seq), expected);

    seq = latest_change(fixture);
    content_author_t link = {.id = author.id};
    put_article(fixture, 7, CONTENT_PUBLISHED, gz_now(), &link, 1);
    assert_non_null(strstr(changes_after(fixture, seq), expected));
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
    const struct CMUnitTest tests[] = {
        TEST(every_field_round_trips),
        TEST(slugs_and_accounts_are_unique),
        TEST(the_list_searches_names_and_roles),
        TEST(an_authors_page_lists_their_live_articles),
        TEST(changes_log_the_author),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
