/* Unit tests of the newsroom's planning in the store (store_settings.c):
 * site settings by name, the desks sections name, articles counted by
 * status, assignments (kept beside the article: no revision, no cache
 * change), the budget of open and due articles, and accounts' desks and
 * the five roles. On SQLite, and on PostgreSQL with GAZETTE_TEST_PG. */
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

static int64_t latest_change(fixture_t *fixture)
{
    int64_t seq = -1;
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    return seq;
}

static int64_t add_user(fixture_t *fixture, const char *name, const char *display_name,
                        store_role_t role, const char *desks)
{
    store_user_t user = {.name = name,
                         .display_name = display_name,
                         .role = role,
                         .password_hash = "x",
                         .desks = desks};
    assert_int_equal(store_user_add(fixture->store, &user), GZ_OK);
    return user.id;
}

static int64_t add_section(fixture_t *fixture, const char *name, const char *desk)
{
    content_section_t section = {.name = name, .desk = desk};
    gz_buf_t slug = GZ_BUF_INIT;
    content_slug_append(&slug, name);
    section.slug = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&slug));
    gz_buf_free(&slug);
    assert_int_equal(store_section_put(fixture->store, &section), GZ_OK);
    return section.id;
}

static int64_t add_article(fixture_t *fixture, const char *headline, content_status_t status,
                           const char *key, int64_t section_id)
{
    content_article_t article = {.headline = headline,
                                 .slug = "a",
                                 .body_markdown = "Text.",
                                 .body_html = "<p>Text.</p>",
                                 .language = "en",
                                 .status = status,
                                 .workflow_status = key,
                                 .published_at = status == CONTENT_PUBLISHED ? 1000 : 0,
                                 .section = {.id = section_id},
                                 .content_type = {.id = 1}};
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    return article.id;
}

static void settings_are_stored_by_name(void **state)
{
    fixture_t *fixture = *state;
    const char *value = "untouched";
    bool found = true;
    assert_int_equal(store_setting_get(fixture->store, "workflow", &fixture->pool, &value, &found),
                     GZ_OK);
    assert_false(found);
    assert_string_equal(value, "untouched");
    assert_int_equal(store_setting_put(fixture->store, "workflow", "{\"a\": 1}", 0), GZ_OK);
    assert_int_equal(store_setting_put(fixture->store, "workflow", "{\"a\": 2}", 0), GZ_OK);
    assert_int_equal(store_setting_get(fixture->store, "workflow", &fixture->pool, &value, &found),
                     GZ_OK);
    assert_true(found);
    assert_string_equal(value, "{\"a\": 2}");
    assert_int_equal(store_setting_put(fixture->store, "workflow", "\xff", 0), GZ_EINVAL);
    assert_int_equal(store_setting_put(fixture->store, "", "{}", 0), GZ_EINVAL);
    assert_int_equal(store_setting_get(fixture->store, "workflow", &fixture->pool, &value, &found),
                     GZ_OK);
    assert_string_equal(value, "{\"a\": 2}");
}

static void desks_are_the_ones_sections_name(void **state)
{
    fixture_t *fixture = *state;
    add_section(fixture, "Football", "Sport");
    add_section(fixture, "Syria", "News");
    add_section(fixture, "Tennis", "Sport");
    add_section(fixture, "Weather", NULL);
    const char **desks = NULL;
    size_t count = 0;
    assert_int_equal(store_desk_list(fixture->store, &fixture->pool, &desks, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_string_equal(desks[0], "News");
    assert_string_equal(desks[1], "Sport");
}

static void accounts_keep_their_role_and_desks(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = add_user(fixture, "chief", "The Chief", STORE_ROLE_CHIEF_EDITOR, "News, Sport");
    add_user(fixture, "casey", NULL, STORE_ROLE_CONTRIBUTOR, NULL);
    store_user_t user;
    assert_int_equal(store_user_get(fixture->store, id, NULL, &fixture->pool, &user), GZ_OK);
    assert_int_equal(user.role, STORE_ROLE_CHIEF_EDITOR);
    assert_string_equal(user.desks, "News, Sport");
    user.desks = "Sport";
    user.password_hash = NULL;
    assert_int_equal(store_user_update(fixture->store, &user), GZ_OK);
    assert_int_equal(store_user_get(fixture->store, 0, "chief", &fixture->pool, &user), GZ_OK);
    assert_string_equal(user.desks, "Sport");
    assert_int_equal(store_user_get(fixture->store, 0, "casey", &fixture->pool, &user), GZ_OK);
    assert_int_equal(user.role, STORE_ROLE_CONTRIBUTOR);
    assert_string_equal(user.desks, "");
    assert_int_equal(temp_store_count(fixture,
                                      "SELECT count(*) FROM users WHERE role = 'chief_editor'", 0,
                                      NULL),
                     1);
}

static void an_article_keeps_its_status_key(void **state)
{
    fixture_t *fixture = *state;
    int64_t copy = add_article(fixture, "At the copy desk", CONTENT_IN_REVIEW, "copy_desk", 0);
    int64_t plain = add_article(fixture, "Plain", CONTENT_DRAFT, NULL, 0);
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, copy, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got->workflow_status, "copy_desk");
    assert_int_equal(got->status, CONTENT_IN_REVIEW);
    assert_int_equal(store_article_get(fixture->store, plain, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got->workflow_status, "draft"); /* the stage's name when none given */
    store_status_count_t *counts = NULL;
    size_t count = 0;
    assert_int_equal(store_status_counts(fixture->store, &fixture->pool, &counts, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_string_equal(counts[0].status, "copy_desk");
    assert_int_equal(counts[0].count, 1);
    assert_string_equal(counts[1].status, "draft");
}

/* Assigning a reporter is planning: it makes no revision and drops no
 * cached page. */
static void assignments_change_no_page(void **state)
{
    fixture_t *fixture = *state;
    int64_t user = add_user(fixture, "rana", "Rana Reporter", STORE_ROLE_AUTHOR, NULL);
    int64_t id = add_article(fixture, "Floods in the north", CONTENT_DRAFT, NULL, 0);
    int64_t before = latest_change(fixture);
    store_assignment_t assignment = {
        .article_id = id, .user_id = user, .due_at = 5000, .note = "600 words", .assigned_by = user};
    assert_int_equal(store_assignment_put(fixture->store, &assignment), GZ_OK);
    assert_int_equal(latest_change(fixture), before);
    store_assignment_t got;
    bool found = false;
    assert_int_equal(store_assignment_get(fixture->store, id, &fixture->pool, &got, &found), GZ_OK);
    assert_true(found);
    assert_int_equal(got.user_id, user);
    assert_string_equal(got.user_name, "Rana Reporter");
    assert_int_equal(got.due_at, 5000);
    assert_string_equal(got.note, "600 words");
    assert_true(got.assigned_at > 0);
    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, id, &fixture->pool, &article), GZ_OK);
    assert_int_equal(article->revision, 1);
    /* Nobody, no time and no note: the assignment is gone. */
    store_assignment_t none = {.article_id = id};
    assert_int_equal(store_assignment_put(fixture->store, &none), GZ_OK);
    assert_int_equal(store_assignment_get(fixture->store, id, &fixture->pool, &got, &found), GZ_OK);
    assert_false(found);
    char long_note[STORE_ASSIGNMENT_NOTE_MAX + 2];
    memset(long_note, 'x', sizeof long_note - 1);
    long_note[sizeof long_note - 1] = '\0';
    store_assignment_t bad = {.article_id = id, .note = long_note};
    assert_int_equal(store_assignment_put(fixture->store, &bad), GZ_EINVAL);
    assert_int_equal(store_assignment_get(fixture->store, id, &fixture->pool, &got, &found), GZ_OK);
    assert_false(found);
}

static void the_budget_lists_open_and_due_articles_by_desk(void **state)
{
    fixture_t *fixture = *state;
    int64_t sport = add_section(fixture, "Football", "Sport");
    int64_t news = add_section(fixture, "Syria", "News");
    int64_t user = add_user(fixture, "rana", NULL, STORE_ROLE_AUTHOR, NULL);
    int64_t match = add_article(fixture, "Match report", CONTENT_DRAFT, NULL, sport);
    int64_t talks = add_article(fixture, "Talks resume", CONTENT_IN_REVIEW, "copy_desk", news);
    int64_t due = add_article(fixture, "Due and out", CONTENT_PUBLISHED, NULL, news);
    add_article(fixture, "Old and out", CONTENT_PUBLISHED, NULL, news);
    int64_t loose = add_article(fixture, "No section", CONTENT_DRAFT, NULL, 0);
    store_assignment_t assignment = {.article_id = due, .user_id = user, .due_at = 2000};
    assert_int_equal(store_assignment_put(fixture->store, &assignment), GZ_OK);
    assignment = (store_assignment_t){.article_id = talks, .user_id = user, .due_at = 9000};
    assert_int_equal(store_assignment_put(fixture->store, &assignment), GZ_OK);
    store_budget_t budget;
    assert_int_equal(store_newsroom_budget(fixture->store, 1000, 3000, &fixture->pool, &budget),
                     GZ_OK);
    assert_int_equal(budget.count, 4);
    /* No desk first, then News (due first), then Sport. */
    assert_int_equal(budget.items[0].article.id, loose);
    assert_int_equal(budget.items[1].article.id, due);
    assert_int_equal(budget.items[1].assignment.due_at, 2000);
    assert_string_equal(budget.items[1].assignment.user_name, "rana");
    assert_string_equal(budget.items[1].article.section.desk, "News");
    assert_int_equal(budget.items[2].article.id, talks);
    assert_int_equal(budget.items[3].article.id, match);
    assert_int_equal(budget.items[3].assignment.article_id, 0);
    assert_int_equal(store_newsroom_budget(fixture->store, 3000, 1000, &fixture->pool, &budget),
                     GZ_EINVAL);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
    const struct CMUnitTest tests[] = {
        TEST(settings_are_stored_by_name),
        TEST(desks_are_the_ones_sections_name),
        TEST(accounts_keep_their_role_and_desks),
        TEST(an_article_keeps_its_status_key),
        TEST(assignments_change_no_page),
        TEST(the_budget_lists_open_and_due_articles_by_desk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
