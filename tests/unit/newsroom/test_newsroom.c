/*
 * Tests of the newsroom's operations on a real store, fresh for each test
 * (support/temp_store.h: SQLite, or PostgreSQL with GAZETTE_TEST_PG set):
 * each writes the article, its revision and its audit row together, a
 * stale save is refused with the newer version, the rules hold, the
 * modified time moves exactly when a reader could see a change, and a
 * step that fails leaves nothing behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "newsroom/newsroom.h"
#include "support/temp_store.h"

#define OLD_TIME 1000000000

typedef struct {
    temp_store_t *temp;
    store_t *store;
    gz_pool_t pool;
    newsroom_actor_t writer, editor;
} fixture_t;

static int64_t add_user(store_t *store, const char *name, store_role_t role)
{
    store_user_t user = {.name = name, .display_name = name, .role = role, .password_hash = "x"};
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
    fixture->writer = (newsroom_actor_t){.name = "wendy", .role = STORE_ROLE_AUTHOR};
    fixture->writer.user_id = add_user(fixture->store, "wendy", STORE_ROLE_AUTHOR);
    fixture->editor = (newsroom_actor_t){.name = "eddie", .role = STORE_ROLE_CHIEF_EDITOR};
    fixture->editor.user_id = add_user(fixture->store, "eddie", STORE_ROLE_CHIEF_EDITOR);
    int64_t politics = 0; /* editors add sections; the article editor only names them */
    assert_int_equal(store_section_ensure(fixture->store, "Politics", &politics), GZ_OK);
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

static int64_t count_for(fixture_t *fixture, const char *sql, int64_t id)
{
    char text[256];
    snprintf(text, sizeof text, sql, (long long)id);
    return count(fixture, text);
}

static content_article_t *draft(fixture_t *fixture, const char *headline)
{
    content_article_t *article = gz_pool_calloc(&fixture->pool, 1, sizeof *article);
    article->headline = headline;
    article->body_markdown = "First paragraph.";
    article->language = "en";
    article->section.name = "Politics";
    article->content_type.id = 1;
    return article;
}

/* Creates an article as actor; returns its id. */
static int64_t create(fixture_t *fixture, const newsroom_actor_t *actor, const char *headline)
{
    newsroom_edit_t edit = {.article = draft(fixture, headline), .action = NEWSROOM_SAVE};
    newsroom_result_t result;
    assert_int_equal(newsroom_save(fixture->store, actor, &edit, &fixture->pool, &result), GZ_OK);
    assert_int_equal(result.revision, 1);
    return result.article_id;
}

static content_article_t *load(fixture_t *fixture, int64_t id)
{
    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, id, &fixture->pool, &article), GZ_OK);
    return article;
}

/* An edit of the stored article, based on its current revision. */
static int save_headline(fixture_t *fixture, const newsroom_actor_t *actor, int64_t id,
                         const char *headline, int64_t based_on, newsroom_result_t *result)
{
    content_article_t *article = load(fixture, id);
    article->headline = headline;
    newsroom_edit_t edit = {.article = article, .based_on = based_on, .action = NEWSROOM_SAVE};
    return newsroom_save(fixture->store, actor, &edit, &fixture->pool, result);
}

static void age(fixture_t *fixture, int64_t id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE articles SET updated_at = %d WHERE id = %lld", OLD_TIME,
             (long long)id);
    assert_true(temp_store_exec(fixture->temp, sql));
}

static void test_create_writes_article_revision_and_audit(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->writer, "Council approves the budget");
    content_article_t *article = load(fixture, id);
    assert_int_equal(article->status, CONTENT_DRAFT);
    assert_string_equal(article->slug, "council-approves-the-budget");
    assert_int_equal(article->author_count, 1);
    assert_string_equal(article->authors[0].name, "wendy");
    store_revision_t revision;
    assert_int_equal(store_revision_get(fixture->store, id, 0, &fixture->pool, &revision), GZ_OK);
    assert_int_equal(revision.user_id, fixture->writer.user_id);
    assert_non_null(strstr(revision.snapshot, "\"headline\":\"Council approves the budget\""));
    assert_int_equal(
        count_for(fixture,
                  "SELECT count(*) FROM audit_log WHERE action = 'create' AND target = "
                  "'article:%lld'",
                  id),
        1);
    int64_t owner = 0;
    assert_int_equal(newsroom_owner(fixture->store, id, &fixture->pool, &owner), GZ_OK);
    assert_int_equal(owner, fixture->writer.user_id);
}

static void test_stale_save_is_a_conflict_and_writes_nothing(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "First headline");
    newsroom_result_t result;
    assert_int_equal(save_headline(fixture, &fixture->editor, id, "Second headline", 1, &result),
                     GZ_OK);
    assert_int_equal(result.revision, 2);
    assert_int_equal(save_headline(fixture, &fixture->writer, id, "Stale headline", 1, &result),
                     GZ_ECONFLICT);
    assert_int_equal(result.conflict.revision, 2);
    assert_string_equal(result.conflict.user_name, "eddie");
    assert_non_null(strstr(result.conflict.snapshot, "Second headline"));
    assert_string_equal(load(fixture, id)->headline, "Second headline");
    assert_int_equal(
        count_for(fixture, "SELECT count(*) FROM article_revisions WHERE article_id = %lld", id),
        2);
}

static void test_writer_cannot_change_anothers_article(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "The editor's draft");
    newsroom_result_t result;
    assert_int_equal(save_headline(fixture, &fixture->writer, id, "Mine now", 1, &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    int64_t own = create(fixture, &fixture->writer, "The writer's draft");
    assert_int_equal(save_headline(fixture, &fixture->writer, own, "Still mine", 1, &result),
                     GZ_OK);
    assert_int_equal(newsroom_move(fixture->store, &fixture->writer, own, 2, NEWSROOM_PUBLISH, NULL, 0,
                                   &fixture->pool, &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(newsroom_move(fixture->store, &fixture->writer, own, 2, NEWSROOM_SUBMIT, NULL, 0,
                                   &fixture->pool, &result),
                     GZ_OK);
    /* Submitted, it is out of the writer's hands. */
    assert_int_equal(save_headline(fixture, &fixture->writer, own, "Again", 3, &result), GZ_EINVAL);
    assert_int_equal(load(fixture, own)->status, CONTENT_IN_REVIEW);
}

static void test_invalid_article_is_refused(void **state)
{
    fixture_t *fixture = *state;
    content_article_t *article = draft(fixture, "");
    article->language = "not a language!";
    newsroom_edit_t edit = {.article = article, .action = NEWSROOM_SAVE};
    newsroom_result_t result;
    assert_int_equal(
        newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, &result), GZ_EINVAL);
    assert_false(result.not_allowed);
    assert_non_null(result.message);
    assert_int_equal(count(fixture, "SELECT count(*) FROM articles"), 0);
}

/* The bug of issue 11: an edit kept the old modified time. */
static void test_modified_time_moves_with_visible_changes_only(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "Bridge closes");
    age(fixture, id);
    newsroom_result_t result;
    assert_int_equal(save_headline(fixture, &fixture->editor, id, "Bridge closes", 1, &result),
                     GZ_OK);
    assert_int_equal(load(fixture, id)->updated_at, OLD_TIME);
    gz_time_t before = gz_now();
    assert_int_equal(
        save_headline(fixture, &fixture->editor, id, "Bridge closes for repairs", 2, &result),
        GZ_OK);
    assert_true(load(fixture, id)->updated_at >= before);
    age(fixture, id);
    assert_int_equal(newsroom_move(fixture->store, &fixture->editor, id, 3, NEWSROOM_PUBLISH, NULL, 0,
                                   &fixture->pool, &result),
                     GZ_OK);
    assert_true(result.updated_at >= before);
    assert_int_equal(load(fixture, id)->status, CONTENT_PUBLISHED);
    assert_int_equal(
        count_for(fixture,
                  "SELECT count(*) FROM audit_log WHERE action = 'publish' AND target = "
                  "'article:%lld'",
                  id),
        1);
    age(fixture, id);
    assert_int_equal(newsroom_move(fixture->store, &fixture->editor, id, 4, NEWSROOM_UNPUBLISH, NULL, 0,
                                   &fixture->pool, &result),
                     GZ_OK);
    assert_true(load(fixture, id)->updated_at >= before);
}

static void test_scheduled_article_is_published_once(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "Embargoed report");
    gz_time_t at = gz_now() + 3600;
    newsroom_result_t result;
    assert_int_equal(newsroom_move(fixture->store, &fixture->editor, id, 1, NEWSROOM_SCHEDULE, NULL, at,
                                   &fixture->pool, &result),
                     GZ_OK);
    assert_int_equal(newsroom_publish_due(fixture->store, at - 1), 0);
    age(fixture, id);
    assert_int_equal(newsroom_publish_due(fixture->store, at), 1);
    content_article_t *article = load(fixture, id);
    assert_int_equal(article->status, CONTENT_PUBLISHED);
    assert_int_equal(article->published_at, at);
    assert_true(article->updated_at > OLD_TIME);
    store_revision_t revision;
    assert_int_equal(store_revision_get(fixture->store, id, 0, &fixture->pool, &revision), GZ_OK);
    assert_int_equal(revision.revision, 3);
    assert_int_equal(revision.user_id, 0);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log WHERE action = 'publish' AND "
                                    "detail = 'scheduled'"),
                     1);
    assert_int_equal(newsroom_publish_due(fixture->store, at + 10), 0);
}

/* A failing step rolls back the steps before it. */
static void test_failed_revision_leaves_nothing(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "Original");
    char sql[160];
    snprintf(sql, sizeof sql,
             "INSERT INTO article_revisions (article_id, revision, at, snapshot) "
             "VALUES (%lld, 2, 1, '{}')",
             (long long)id);
    assert_true(temp_store_exec(fixture->temp, sql));
    newsroom_result_t result;
    assert_true(save_headline(fixture, &fixture->editor, id, "Changed", 1, &result) < 0);
    content_article_t *article = load(fixture, id);
    assert_string_equal(article->headline, "Original");
    assert_int_equal(article->revision, 1);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log WHERE action = 'save'"), 0);
}

static void test_vanished_article_is_not_found(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "Soon gone");
    content_article_t *article = load(fixture, id);
    newsroom_result_t result;
    assert_int_equal(newsroom_delete(fixture->store, &fixture->editor, id, &fixture->pool, &result),
                     GZ_OK);
    newsroom_edit_t edit = {.article = article, .based_on = 1, .action = NEWSROOM_PUBLISH};
    assert_int_equal(
        newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, &result),
        GZ_ENOTFOUND);
    assert_int_equal(newsroom_move(fixture->store, &fixture->editor, id, 1, NEWSROOM_PUBLISH, NULL, 0,
                                   &fixture->pool, &result),
                     GZ_ENOTFOUND);
    assert_int_equal(count(fixture, "SELECT count(*) FROM articles"), 0);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log WHERE action = 'publish'"), 0);
}

static void test_delete_keeps_revisions_and_audits(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "Mistaken story");
    newsroom_result_t result;
    assert_int_equal(newsroom_delete(fixture->store, &fixture->writer, id, &fixture->pool, &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(newsroom_delete(fixture->store, &fixture->editor, id, &fixture->pool, &result),
                     GZ_OK);
    bool exists = true, is_stub = false;
    assert_int_equal(store_article_exists(fixture->store, id, &exists, &is_stub), GZ_OK);
    assert_false(exists);
    assert_int_equal(
        count_for(fixture, "SELECT count(*) FROM article_revisions WHERE article_id = %lld", id),
        1);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log WHERE action = 'delete' AND "
                                    "detail = 'Mistaken story'"),
                     1);
    assert_int_equal(newsroom_delete(fixture->store, &fixture->editor, id, &fixture->pool, &result),
                     GZ_ENOTFOUND);
}

static void test_note_moves_the_modified_time(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "Harbour plan");
    age(fixture, id);
    newsroom_result_t result;
    assert_int_equal(newsroom_add_note(fixture->store, &fixture->writer, id,
                                       CONTENT_NOTE_CORRECTION, "Sneaky", &fixture->pool, &result),
                     GZ_EINVAL);
    assert_int_equal(newsroom_add_note(fixture->store, &fixture->editor, id, CONTENT_NOTE_UPDATE,
                                       "", &fixture->pool, &result),
                     GZ_EINVAL);
    assert_int_equal(newsroom_add_note(fixture->store, &fixture->editor, id,
                                       CONTENT_NOTE_CORRECTION, "The vote was 7-5.", &fixture->pool,
                                       &result),
                     GZ_OK);
    content_article_t *article = load(fixture, id);
    assert_int_equal(article->note_count, 1);
    assert_string_equal(article->notes[0].text, "The vote was 7-5.");
    assert_true(article->updated_at > OLD_TIME);
    assert_int_equal(article->revision, 2);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log WHERE action = "
                                    "'note-correction'"),
                     1);
    assert_int_equal(newsroom_add_note(fixture->store, &fixture->editor, id + 100,
                                       CONTENT_NOTE_UPDATE, "x", &fixture->pool, &result),
                     GZ_ENOTFOUND);
    assert_int_equal(count(fixture, "SELECT count(*) FROM article_notes"), 1);
}

static void test_restore_makes_a_new_revision(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "Bridge closes for repairs");
    newsroom_result_t result;
    assert_int_equal(save_headline(fixture, &fixture->editor, id, "Bridge reopens", 1, &result),
                     GZ_OK);
    assert_int_equal(
        newsroom_restore(fixture->store, &fixture->editor, id, 1, 1, &fixture->pool, &result),
        GZ_ECONFLICT);
    assert_int_equal(
        newsroom_restore(fixture->store, &fixture->editor, id, 9, 2, &fixture->pool, &result),
        GZ_ENOTFOUND);
    assert_int_equal(
        newsroom_restore(fixture->store, &fixture->editor, id, 1, 2, &fixture->pool, &result),
        GZ_OK);
    assert_int_equal(result.revision, 3);
    assert_string_equal(load(fixture, id)->headline, "Bridge closes for repairs");
}

static void test_import_writes_revision_and_audit_once(void **state)
{
    fixture_t *fixture = *state;
    newsroom_actor_t command = {
        .name = "gazette import", .role = STORE_ROLE_ADMIN, .file = "story.txt"};
    content_article_t *article = draft(fixture, "Imported story");
    article->status = CONTENT_PUBLISHED;
    article->published_at = OLD_TIME;
    article->source_ref = "text:0123456789abcdef";
    article->slug = "imported-story";
    article->body_html = "<p>First paragraph.</p>";
    newsroom_import_result_t result;
    assert_int_equal(newsroom_import_article(fixture->store, &command, article, NULL, 0,
                                             &fixture->pool, &result),
                     GZ_OK);
    assert_int_equal(result.outcome, NEWSROOM_IMPORT_CREATED);
    int64_t id = result.article_id;
    store_revision_t revision;
    assert_int_equal(store_revision_get(fixture->store, id, 0, &fixture->pool, &revision), GZ_OK);
    assert_int_equal(revision.user_id, 0);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log WHERE action = 'import' AND "
                                    "detail = 'gazette import story.txt'"),
                     1);
    assert_int_equal(newsroom_import_article(fixture->store, &command, article, NULL, 0,
                                             &fixture->pool, &result),
                     GZ_OK);
    assert_int_equal(result.outcome, NEWSROOM_IMPORT_UNCHANGED);
    assert_int_equal(count(fixture, "SELECT count(*) FROM article_revisions"), 1);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log"), 1);
    article->summary = "Now with a lede.";
    assert_int_equal(newsroom_import_article(fixture->store, &command, article, NULL, 0,
                                             &fixture->pool, &result),
                     GZ_OK);
    assert_int_equal(result.outcome, NEWSROOM_IMPORT_UPDATED);
    assert_int_equal(count(fixture, "SELECT count(*) FROM article_revisions"), 2);
}

/* Assigning: editors only, a known account that can sign in, a short
 * note; audited; no revision and no new modified time. */
static void test_assign_is_planning_not_an_edit(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->writer, "Floods in the north");
    gz_time_t updated = load(fixture, id)->updated_at;
    newsroom_result_t result;
    newsroom_assignment_t edit = {.article_id = id, .assignee = "wendy", .due_at = 1800000000,
                                  .note = "600 words"};
    assert_int_equal(newsroom_assign(fixture->store, &fixture->writer, &edit, &fixture->pool, &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(newsroom_assign(fixture->store, &fixture->editor, &edit, &fixture->pool, &result),
                     GZ_OK);
    store_assignment_t got;
    bool found = false;
    assert_int_equal(store_assignment_get(fixture->store, id, &fixture->pool, &got, &found), GZ_OK);
    assert_true(found);
    assert_int_equal(got.user_id, fixture->writer.user_id);
    assert_int_equal(got.assigned_by, fixture->editor.user_id);
    assert_int_equal(load(fixture, id)->revision, 1);
    assert_int_equal(load(fixture, id)->updated_at, updated);
    assert_int_equal(count_for(fixture,
                               "SELECT count(*) FROM audit_log WHERE action = 'assign' AND target = "
                               "'article:%lld' AND detail = 'wendy, due 2027-01-15 08:00'",
                               id),
                     1);
    newsroom_assignment_t unknown = {.article_id = id, .assignee = "nobody-here"};
    assert_int_equal(
        newsroom_assign(fixture->store, &fixture->editor, &unknown, &fixture->pool, &result),
        GZ_EINVAL);
    assert_string_equal(result.message, "There is no account with that name.");
    newsroom_assignment_t bad_note = {.article_id = id, .assignee = "wendy", .note = "\xff"};
    assert_int_equal(
        newsroom_assign(fixture->store, &fixture->editor, &bad_note, &fixture->pool, &result),
        GZ_EINVAL);
    newsroom_actor_t sport = fixture->editor;
    sport.role = STORE_ROLE_EDITOR;
    sport.desks = "Sport";
    assert_int_equal(store_section_ensure(fixture->store, "Politics", &(int64_t){0}), GZ_OK);
    assert_int_equal(count(fixture, "UPDATE sections SET desk = 'News' RETURNING 0") >= 0, 1);
    assert_int_equal(newsroom_assign(fixture->store, &sport, &edit, &fixture->pool, &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(store_assignment_get(fixture->store, id, &fixture->pool, &got, &found), GZ_OK);
    assert_string_equal(got.note, "600 words");
}

/* A stored workflow rules the operations; one that drops a status an
 * article holds is refused whole. */
static void test_the_site_workflow_rules_saves(void **state)
{
    fixture_t *fixture = *state;
    const char *workflow =
        "{\"statuses\": [{\"key\": \"idea\", \"label\": \"Idea\", \"stage\": \"draft\"},"
        " {\"key\": \"live\", \"label\": \"Live\", \"stage\": \"published\"}],"
        " \"transitions\": [{\"from\": \"idea\", \"to\": \"live\", \"roles\": [\"author\"]}],"
        " \"delete\": [], \"delete_published\": []}";
    newsroom_result_t result;
    assert_int_equal(
        newsroom_workflow_save(fixture->store, &fixture->editor, workflow, &fixture->pool, &result),
        GZ_EINVAL);
    assert_true(result.not_allowed); /* a chief editor is no admin */
    newsroom_actor_t admin = {.user_id = fixture->editor.user_id, .role = STORE_ROLE_ADMIN};
    int64_t id = create(fixture, &fixture->writer, "Held at draft");
    assert_int_equal(newsroom_workflow_save(fixture->store, &admin, workflow, &fixture->pool, &result),
                     GZ_EINVAL);
    assert_string_equal(result.message,
                        "1 article is at status \"draft\": move it before removing it.");
    assert_int_equal(count(fixture, "SELECT count(*) FROM site_settings"), 0);
    assert_int_equal(count(fixture, "UPDATE articles SET workflow_status = 'idea' RETURNING 0") >= 0,
                     1);
    assert_int_equal(newsroom_workflow_save(fixture->store, &admin, workflow, &fixture->pool, &result),
                     GZ_OK);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log WHERE action = 'workflow-change'"),
                     1);
    const newsroom_workflow_t *loaded = NULL;
    assert_int_equal(newsroom_workflow_load(fixture->store, &fixture->pool, &loaded), GZ_OK);
    assert_int_equal(loaded->status_count, 2);
    newsroom_actor_t author = fixture->writer;
    author.workflow = loaded;
    assert_int_equal(newsroom_move(fixture->store, &author, id, 1, NEWSROOM_PUBLISH, NULL, 0,
                                   &fixture->pool, &result),
                     GZ_OK);
    content_article_t *article = load(fixture, id);
    assert_int_equal(article->status, CONTENT_PUBLISHED);
    assert_string_equal(article->workflow_status, "live");
    /* Nobody may delete under this workflow. */
    assert_int_equal(newsroom_delete(fixture->store, &admin, id, &fixture->pool, &result), GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(count_for(fixture, "SELECT count(*) FROM articles WHERE id = %lld", id), 1);
}

/* The publisher gives a scheduled article the workflow's published status. */
static void test_the_publisher_uses_the_published_status(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = create(fixture, &fixture->editor, "Due soon");
    newsroom_result_t result;
    gz_time_t soon = gz_now() + 60;
    assert_int_equal(newsroom_move(fixture->store, &fixture->editor, id, 1, NEWSROOM_SCHEDULE, NULL,
                                   soon, &fixture->pool, &result),
                     GZ_OK);
    assert_string_equal(load(fixture, id)->workflow_status, "scheduled");
    assert_int_equal(newsroom_publish_due(fixture->store, soon + 1), 1);
    assert_string_equal(load(fixture, id)->workflow_status, "published");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_writes_article_revision_and_audit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stale_save_is_a_conflict_and_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_writer_cannot_change_anothers_article, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_invalid_article_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_modified_time_moves_with_visible_changes_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scheduled_article_is_published_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_revision_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vanished_article_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_keeps_revisions_and_audits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_moves_the_modified_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_makes_a_new_revision, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assign_is_planning_not_an_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_site_workflow_rules_saves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_publisher_uses_the_published_status, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_import_writes_revision_and_audit_once, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
