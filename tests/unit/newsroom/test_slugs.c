/*
 * Tests of an article's address and search fields in the newsroom, on a
 * real store (SQLite, or PostgreSQL with GAZETTE_TEST_PG): before it goes
 * out the slug follows the headline unless typed; once published it
 * changes only when typed, every published slug is kept (two renames keep
 * both), a new headline, an emptied field, a restore and the scheduled
 * publisher keep it; the editor's fields show and read the address and
 * the search and social fields; a bad slug changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "newsroom/newsroom.h"
#include "support/temp_store.h"

typedef struct {
    temp_store_t *temp;
    store_t *store;
    gz_pool_t pool;
    newsroom_actor_t editor;
} fixture_t;

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
    store_user_t user = {
        .name = "eddie", .display_name = "Eddie", .role = STORE_ROLE_CHIEF_EDITOR, .password_hash = "x"};
    assert_int_equal(store_user_add(fixture->store, &user), GZ_OK);
    fixture->editor = (newsroom_actor_t){.user_id = user.id, .name = "Eddie", .role = user.role};
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

static content_article_t *load(fixture_t *fixture, int64_t id)
{
    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, id, &fixture->pool, &article), GZ_OK);
    return article;
}

static const char *field_of(void *context, const char *name)
{
    return json_string_value(json_object_get(context, name));
}

/* Saves the stored article (a new one for id 0) with the editor's form as
 * fields holds it over it, as the admin page does; returns the code. */
static int save_form(fixture_t *fixture, int64_t id, json_t *fields, newsroom_action_t action,
                     newsroom_result_t *result)
{
    content_article_t *article = NULL;
    if (id > 0) {
        article = load(fixture, id);
    } else {
        article = gz_pool_calloc(&fixture->pool, 1, sizeof *article);
        article->content_type.id = 1;
    }
    gz_buf_t problems = GZ_BUF_INIT;
    assert_int_equal(newsroom_apply_fields(fixture->store, article, field_of, fields, "en",
                                           &fixture->pool, &problems),
                     GZ_OK);
    assert_int_equal(problems.len, 0);
    gz_buf_free(&problems);
    newsroom_edit_t edit = {
        .article = article, .based_on = id > 0 ? article->revision : 0, .action = action};
    int code = newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, result);
    json_decref(fields);
    return code;
}

/* The form of the stored article, as the editor shows it, with one field
 * changed. */
static json_t *form_with(fixture_t *fixture, int64_t id, const char *name, const char *value)
{
    json_t *fields = newsroom_fields_of_article(load(fixture, id));
    json_object_set_new(fields, name, json_string(value));
    return fields;
}

static int64_t create(fixture_t *fixture, const char *headline, const char *slug)
{
    json_t *fields = json_pack("{s:s, s:s, s:s}", "headline", headline, "body", "Text.", "slug",
                               slug != NULL ? slug : "");
    newsroom_result_t result;
    assert_int_equal(save_form(fixture, 0, fields, NEWSROOM_SAVE, &result), GZ_OK);
    return result.article_id;
}

static void change(fixture_t *fixture, int64_t id, const char *name, const char *value,
                   newsroom_action_t action)
{
    newsroom_result_t result;
    assert_int_equal(save_form(fixture, id, form_with(fixture, id, name, value), action, &result),
                     GZ_OK);
}

/* The slugs the store kept for id, joined by '|'. */
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

static const char *shown_slug(fixture_t *fixture, int64_t id)
{
    json_t *fields = newsroom_fields_of_article(load(fixture, id));
    const char *slug = gz_pool_strdup(&fixture->pool, field_of(fields, "slug"));
    json_decref(fields);
    return slug;
}

static void test_a_drafts_slug_follows_its_headline(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Bridge closes", NULL);
    assert_string_equal(load(fixture, id)->slug, "bridge-closes");
    assert_string_equal(shown_slug(fixture, id), ""); /* shown empty: made from the headline */
    change(fixture, id, "headline", "Bridge reopens", NEWSROOM_SAVE);
    assert_string_equal(load(fixture, id)->slug, "bridge-reopens");
    assert_string_equal(kept(fixture, id), "");
}

static void test_a_typed_slug_stays_until_emptied(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Bridge closes", "bridge");
    assert_string_equal(shown_slug(fixture, id), "bridge");
    change(fixture, id, "headline", "Bridge reopens", NEWSROOM_SAVE);
    assert_string_equal(load(fixture, id)->slug, "bridge");
    change(fixture, id, "slug", "", NEWSROOM_SAVE);
    assert_string_equal(load(fixture, id)->slug, "bridge-reopens");
}

static void test_a_published_address_survives_a_new_headline(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Bridge closes", NULL);
    change(fixture, id, "headline", "Bridge closes", NEWSROOM_PUBLISH);
    assert_string_equal(shown_slug(fixture, id), "bridge-closes"); /* out: shown as it is */
    change(fixture, id, "headline", "Bridge closes for a month", NEWSROOM_SAVE);
    assert_string_equal(load(fixture, id)->slug, "bridge-closes");
    change(fixture, id, "slug", "", NEWSROOM_SAVE); /* emptied: still the published one */
    assert_string_equal(load(fixture, id)->slug, "bridge-closes");
    change(fixture, id, "headline", "Bridge closes again", NEWSROOM_UNPUBLISH);
    assert_string_equal(load(fixture, id)->slug, "bridge-closes");
    assert_string_equal(kept(fixture, id), "bridge-closes");
}

static void test_two_renames_keep_both_old_addresses(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Bridge closes", NULL);
    change(fixture, id, "headline", "Bridge closes", NEWSROOM_PUBLISH);
    change(fixture, id, "slug", "bridge-shut", NEWSROOM_SAVE);
    change(fixture, id, "slug", "bridge-closed-for-repairs", NEWSROOM_SAVE);
    assert_string_equal(load(fixture, id)->slug, "bridge-closed-for-repairs");
    bool known = false;
    const char *const old[] = {"bridge-closes", "bridge-shut", "bridge-closed-for-repairs"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(store_article_slug_known(fixture->store, id, old[i], &known), GZ_OK);
        assert_true(known);
    }
    store_revision_t revision;
    assert_int_equal(store_revision_get(fixture->store, id, 0, &fixture->pool, &revision), GZ_OK);
    assert_non_null(strstr(revision.snapshot, "\"slug\":\"bridge-closed-for-repairs\""));
}

static void test_a_restore_keeps_the_published_address(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Bridge closes", "first-address");
    change(fixture, id, "headline", "Bridge closes", NEWSROOM_PUBLISH);
    change(fixture, id, "slug", "second-address", NEWSROOM_SAVE);
    content_article_t *now = load(fixture, id);
    newsroom_result_t result;
    assert_int_equal(newsroom_restore(fixture->store, &fixture->editor, id, 1, now->revision,
                                      &fixture->pool, &result),
                     GZ_OK);
    assert_string_equal(load(fixture, id)->slug, "second-address");
}

static void test_scheduled_publication_keeps_the_slug(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Embargoed report", "embargo");
    gz_time_t at = gz_now() + 3600;
    newsroom_result_t result;
    assert_int_equal(newsroom_move(fixture->store, &fixture->editor, id, 1, NEWSROOM_SCHEDULE, NULL, at,
                                   &fixture->pool, &result),
                     GZ_OK);
    assert_string_equal(kept(fixture, id), "");
    assert_int_equal(newsroom_publish_due(fixture->store, at), 1);
    assert_string_equal(kept(fixture, id), "embargo");
}

static void test_a_bad_slug_changes_nothing(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Bridge closes", NULL);
    change(fixture, id, "headline", "Bridge closes", NEWSROOM_PUBLISH);
    int64_t revision = load(fixture, id)->revision;
    newsroom_result_t result;
    assert_int_equal(
        save_form(fixture, id, form_with(fixture, id, "slug", "Bad Slug!"), NEWSROOM_SAVE, &result),
        GZ_EINVAL);
    assert_non_null(strstr(result.message, "\"bad-slug\""));
    assert_string_equal(load(fixture, id)->slug, "bridge-closes");
    assert_int_equal(load(fixture, id)->revision, revision);
    assert_string_equal(kept(fixture, id), "bridge-closes");
}

static void test_the_search_fields_are_editor_fields(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Bridge closes", NULL);
    json_t *fields = form_with(fixture, id, "seo_title", "  Bridge closed: what to know ");
    json_object_set_new(fields, "seo_description", json_string("Detours and dates."));
    json_object_set_new(fields, "social_title", json_string("The bridge is closed"));
    json_object_set_new(fields, "social_description", json_string("Plan your trip."));
    json_object_set_new(fields, "canonical_url", json_string("https://example.org/bridge"));
    json_object_set_new(fields, "noindex", json_string("yes"));
    newsroom_result_t result;
    assert_int_equal(save_form(fixture, id, fields, NEWSROOM_SAVE, &result), GZ_OK);
    content_article_t *article = load(fixture, id);
    assert_string_equal(article->seo_title, "Bridge closed: what to know");
    assert_string_equal(article->seo_description, "Detours and dates.");
    assert_string_equal(article->social_title, "The bridge is closed");
    assert_string_equal(article->social_description, "Plan your trip.");
    assert_string_equal(article->canonical_url, "https://example.org/bridge");
    assert_true(article->noindex);
    json_t *shown = newsroom_fields_of_article(article);
    assert_string_equal(field_of(shown, "noindex"), "yes");
    assert_string_equal(field_of(shown, "canonical_url"), "https://example.org/bridge");
    json_decref(shown);
    /* An unticked box is not sent at all. */
    fields = newsroom_fields_of_article(article);
    json_object_del(fields, "noindex");
    json_object_set_new(fields, "seo_title", json_string(""));
    assert_int_equal(save_form(fixture, id, fields, NEWSROOM_SAVE, &result), GZ_OK);
    article = load(fixture, id);
    assert_false(article->noindex);
    assert_null(article->seo_title);
}

static void test_a_javascript_canonical_changes_nothing(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, "Bridge closes", NULL);
    int64_t revision = load(fixture, id)->revision;
    newsroom_result_t result;
    assert_int_equal(save_form(fixture, id,
                               form_with(fixture, id, "canonical_url", "javascript:alert(1)"),
                               NEWSROOM_SAVE, &result),
                     GZ_EINVAL);
    assert_non_null(strstr(result.message, "canonical address must be an absolute"));
    assert_null(load(fixture, id)->canonical_url);
    assert_int_equal(load(fixture, id)->revision, revision);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(test_a_drafts_slug_follows_its_headline),
        TEST(test_a_typed_slug_stays_until_emptied),
        TEST(test_a_published_address_survives_a_new_headline),
        TEST(test_two_renames_keep_both_old_addresses),
        TEST(test_a_restore_keeps_the_published_address),
        TEST(test_scheduled_publication_keeps_the_slug),
        TEST(test_a_bad_slug_changes_nothing),
        TEST(test_the_search_fields_are_editor_fields),
        TEST(test_a_javascript_canonical_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
