/*
 * Tests of author profiles and bylines in the newsroom, on a real store
 * (SQLite, or PostgreSQL with GAZETTE_TEST_PG): editors keep profiles,
 * writers only their own; bad profiles are refused with a message and
 * change nothing; an account's first article is by its profile, never its
 * login; an article's authors are typed by name and must exist, in order,
 * with an optional byline override, and both are in the revision.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "newsroom/newsroom.h"
#include "support/temp_store.h"

typedef struct {
    temp_store_t *temp;
    store_t *store;
    gz_pool_t pool;
    newsroom_actor_t writer, editor;
} fixture_t;

static int64_t add_user(store_t *store, const char *name, const char *shown, store_role_t role)
{
    store_user_t user = {.name = name, .display_name = shown, .role = role, .password_hash = "x"};
    assert_int_equal(store_user_add(store, &user), GZ_OK);
    return user.id;
}

static int setup(void **state)
{
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    fixture_t *fixture = gz_calloc(1, sizeof *fixture);
    fixture->temp = temp_store_new(true);
    if (fixture->temp == NULL) {
        free(fixture);
        return -1;
    }
    fixture->store = fixture->temp->store;
    fixture->writer = (newsroom_actor_t){.name = "Wendy Writer", .role = STORE_ROLE_AUTHOR};
    fixture->writer.user_id = add_user(fixture->store, "wendy", "Wendy Writer", STORE_ROLE_AUTHOR);
    fixture->editor = (newsroom_actor_t){.name = "Eddie Editor", .role = STORE_ROLE_EDITOR};
    fixture->editor.user_id = add_user(fixture->store, "eddie", "Eddie Editor", STORE_ROLE_EDITOR);
    *state = fixture;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fixture = *state;
    int status = temp_store_delete(fixture->temp);
    gz_pool_clear(&fixture->pool);
    free(fixture);
    return status;
}

static int64_t count(fixture_t *fixture, const char *sql)
{
    return temp_store_count(fixture->temp, sql, 0, NULL);
}

static int save_author(fixture_t *fixture, const newsroom_actor_t *actor, content_author_t author,
                       newsroom_author_result_t *result)
{
    return newsroom_author_save(fixture->store, actor, &author, &fixture->pool, result);
}

static void editors_keep_profiles_writers_their_own(void **state)
{
    fixture_t *fixture = *state;
    newsroom_author_result_t result;
    content_author_t agency = {.name = "Alalam", .role_line = "News agency"};
    assert_int_equal(save_author(fixture, &fixture->editor, agency, &result), GZ_OK);
    content_author_t got;
    assert_int_equal(store_author_get(fixture->store, result.author_id, &fixture->pool, &got),
                     GZ_OK);
    assert_string_equal(got.slug, "alalam"); /* made from the name */
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = "
                                    "'author-create' AND target LIKE 'author:%'"),
                     1);

    /* A writer adds no one and changes no one else... */
    assert_int_equal(save_author(fixture, &fixture->writer, (content_author_t){.name = "Guest"},
                                 &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    got.bio = "Changed by a writer";
    assert_int_equal(save_author(fixture, &fixture->writer, got, &result), GZ_EINVAL);
    assert_true(result.not_allowed);
    /* ...but keeps their own profile. */
    content_author_t own;
    assert_int_equal(
        newsroom_author_of_actor(fixture->store, &fixture->writer, &fixture->pool, &own), GZ_OK);
    own.bio = "Covers the city council.";
    assert_int_equal(save_author(fixture, &fixture->writer, own, &result), GZ_OK);
    own.user_id = fixture->editor.user_id; /* but cannot hand it to another account */
    assert_int_equal(save_author(fixture, &fixture->writer, own, &result), GZ_EINVAL);
    assert_int_equal(store_author_get(fixture->store, own.id, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got.bio, "Covers the city council.");
    assert_int_equal(got.user_id, fixture->writer.user_id);
}

static void bad_profiles_change_nothing(void **state)
{
    fixture_t *fixture = *state;
    newsroom_author_result_t result;
    char long_name[200];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    const struct {
        content_author_t author;
        const char *says;
    } cases[] = {
        {{.name = "   "}, "needs a name"},
        {{.name = long_name}, "name is longer than 120 bytes"},
        {{.name = "Bad \xc3 byte"}, "not valid UTF-8"},
        {{.name = "Two\nlines"}, "one line"},
        {{.name = "Jane", .links = "javascript:alert(1)"}, "http:// or https://"},
        {{.name = "Jane", .links = "https://a.example/x y"}, "http:// or https://"},
        {{.name = "Jane", .slug = "Not A Slug"}, "address name"},
        {{.name = "Jane", .language = "english please"}, "language tag"},
        {{.name = "Jane", .picture_id = 4242}, "picture of the media library"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(save_author(fixture, &fixture->editor, cases[i].author, &result),
                         GZ_EINVAL);
        if (result.message == NULL || strstr(result.message, cases[i].says) == NULL)
            fail_msg("case %zu: '%s' does not say '%s'", i, result.message ? result.message : "",
                     cases[i].says);
    }
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM authors"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log"), 0);
}

static content_article_t *draft(fixture_t *fixture, const char *headline)
{
    content_article_t *article = gz_pool_calloc(&fixture->pool, 1, sizeof *article);
    article->headline = headline;
    article->body_markdown = "First paragraph.";
    article->language = "en";
    article->content_type.id = 1;
    return article;
}

static void a_first_article_is_by_the_profile_not_the_login(void **state)
{
    fixture_t *fixture = *state;
    newsroom_edit_t edit = {.article = draft(fixture, "Council meets"), .action = NEWSROOM_SAVE};
    newsroom_result_t result;
    assert_int_equal(newsroom_save(fixture->store, &fixture->writer, &edit, &fixture->pool,
                                   &result),
                     GZ_OK);
    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, result.article_id, &fixture->pool, &article),
                     GZ_OK);
    assert_int_equal(article->author_count, 1);
    assert_string_equal(article->authors[0].name, "Wendy Writer");
    assert_string_equal(article->authors[0].slug, "wendy-writer");
    /* The second article reuses the profile. */
    edit.article = draft(fixture, "Council meets again");
    assert_int_equal(newsroom_save(fixture->store, &fixture->writer, &edit, &fixture->pool,
                                   &result),
                     GZ_OK);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM authors"), 1);
}

typedef struct {
    const char *names[4], *values[4];
} form_t;

static const char *form_field(void *context, const char *name)
{
    form_t *form = context;
    for (size_t i = 0; i < 4 && form->names[i] != NULL; i++)
        if (strcmp(form->names[i], name) == 0)
            return form->values[i];
    return NULL;
}

static void typed_authors_must_exist_and_keep_their_order(void **state)
{
    fixture_t *fixture = *state;
    newsroom_author_result_t saved;
    assert_int_equal(save_author(fixture, &fixture->editor,
                                 (content_author_t){.name = "Jane Doe"}, &saved),
                     GZ_OK);
    assert_int_equal(save_author(fixture, &fixture->editor, (content_author_t){.name = "Alalam"},
                                 &saved),
                     GZ_OK);
    content_article_t *article = draft(fixture, "Aleppo");
    form_t form = {{"headline", "authors", "byline", NULL},
                   {"Aleppo", "alalam, Jane Doe, ALALAM, Nobody Known",
                    "  By our correspondent in Aleppo  ", NULL}};
    gz_buf_t problems = GZ_BUF_INIT;
    assert_int_equal(newsroom_apply_fields(fixture->store, article, form_field, &form, "en",
                                           &fixture->pool, &problems),
                     GZ_OK);
    assert_non_null(strstr(gz_buf_cstr(&problems), "There is no author named \"Nobody Known\""));
    assert_int_equal(article->author_count, 2); /* ALALAM is alalam again */
    assert_string_equal(article->authors[0].slug, "alalam");
    assert_string_equal(article->authors[1].slug, "jane-doe");
    assert_string_equal(article->byline, "By our correspondent in Aleppo");

    gz_buf_reset(&problems);
    form.values[1] = "Jane Doe, Alalam";
    assert_int_equal(newsroom_apply_fields(fixture->store, article, form_field, &form, "en",
                                           &fixture->pool, &problems),
                     GZ_OK);
    assert_int_equal(problems.len, 0);
    gz_buf_free(&problems);
    newsroom_edit_t edit = {.article = article, .action = NEWSROOM_SAVE};
    newsroom_result_t result;
    assert_int_equal(newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool,
                                   &result),
                     GZ_OK);
    content_article_t *stored = NULL;
    assert_int_equal(store_article_get(fixture->store, result.article_id, &fixture->pool, &stored),
                     GZ_OK);
    assert_int_equal(stored->author_count, 2);
    assert_string_equal(stored->authors[0].name, "Jane Doe");
    assert_string_equal(stored->authors[1].name, "Alalam");
    assert_string_equal(stored->byline, "By our correspondent in Aleppo");
    const char *snapshot = newsroom_snapshot(stored, &fixture->pool);
    assert_non_null(strstr(snapshot, "\"authors\":\"Jane Doe, Alalam\""));
    assert_non_null(strstr(snapshot, "\"byline\":\"By our correspondent in Aleppo\""));
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(editors_keep_profiles_writers_their_own),
        TEST(bad_profiles_change_nothing),
        TEST(a_first_article_is_by_the_profile_not_the_login),
        TEST(typed_authors_must_exist_and_keep_their_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
