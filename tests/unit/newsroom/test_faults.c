/*
 * Every write path of the newsroom, all or nothing: import (a new article
 * with a stub, and an update), save (a new draft, an edit that publishes),
 * schedule, unpublish, delete, note, restore and the scheduled publisher,
 * each walked with its first statement failing, then its second, and so
 * on (support/fault_walk.h), until it succeeds. After each failure the
 * store holds exactly what it held before (every table, the change log,
 * the article as it read) and the error names the injected fault. The
 * same walk runs on SQLite and, with GAZETTE_TEST_PG set, on PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "newsroom/newsroom.h"
#include "support/temp_store.h"

#if GAZETTE_TEST_HOOKS

#include "support/fault_walk.h"

typedef struct {
    temp_store_t *temp;
    store_t *store;
    gz_pool_t pool;
    newsroom_actor_t editor, command;
    int64_t article_id; /* the stored article most walks change */
    int64_t based_on;   /* its current revision */
    newsroom_result_t result;
    newsroom_import_result_t imported;
    newsroom_author_result_t author;
    newsroom_front_result_t front;
    int64_t front_revision; /* the home front's, read before each walk */
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
    store_user_t user = {.name = "eddie", .display_name = "Eddie", .role = STORE_ROLE_CHIEF_EDITOR,
                         .password_hash = "x"};
    assert_int_equal(store_user_add(fixture->store, &user), GZ_OK);
    fixture->editor = (newsroom_actor_t){.user_id = user.id, .name = "Eddie",
                                         .role = STORE_ROLE_CHIEF_EDITOR};
    fixture->command = (newsroom_actor_t){.name = "gazette import", .role = STORE_ROLE_ADMIN,
                                          .file = "story.txt"};
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

static content_article_t *draft(fixture_t *fixture, const char *headline)
{
    content_article_t *article = gz_pool_calloc(&fixture->pool, 1, sizeof *article);
    article->headline = headline;
    article->summary = "What happened.";
    article->body_markdown = "First paragraph.\n\nSecond paragraph.";
    article->language = "en";
    article->section.name = "Politics";
    article->content_type.id = 1;
    return article;
}

/* A stored article with two revisions (so one can be restored). */
static void store_article(fixture_t *fixture)
{
    newsroom_edit_t edit = {.article = draft(fixture, "The first headline"),
                            .action = NEWSROOM_SAVE};
    assert_int_equal(
        newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, &fixture->result),
        GZ_OK);
    fixture->article_id = fixture->result.article_id;
    content_article_t *article = NULL;
    assert_int_equal(
        store_article_get(fixture->store, fixture->article_id, &fixture->pool, &article), GZ_OK);
    article->headline = "The second headline";
    edit = (newsroom_edit_t){.article = article, .based_on = 1, .action = NEWSROOM_SAVE};
    assert_int_equal(
        newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, &fixture->result),
        GZ_OK);
    fixture->based_on = fixture->result.revision;
}

static fault_walk_t walk_of(fixture_t *fixture)
{
    return (fault_walk_t){.temp = fixture->temp, .watched = {fixture->article_id}};
}

static const char *result_message(fixture_t *fixture)
{
    return fixture->result.message;
}

/* ---- the writes -------------------------------------------------------- */

static int save_new(void *context, const char **message)
{
    fixture_t *fixture = context;
    newsroom_edit_t edit = {.article = draft(fixture, "A new draft"), .action = NEWSROOM_SAVE};
    int code =
        newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, &fixture->result);
    *message = result_message(fixture);
    return code;
}

static int edit_and_publish(void *context, const char **message)
{
    fixture_t *fixture = context;
    content_article_t *article = NULL;
    int code = store_article_get(fixture->store, fixture->article_id, &fixture->pool, &article);
    if (code != GZ_OK)
        return code;
    article->headline = "An edited headline";
    newsroom_edit_t edit = {
        .article = article, .based_on = fixture->based_on, .action = NEWSROOM_PUBLISH};
    code = newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, &fixture->result);
    *message = result_message(fixture);
    return code;
}

static int move(fixture_t *fixture, newsroom_action_t action, gz_time_t at, const char **message)
{
    int code = newsroom_move(fixture->store, &fixture->editor, fixture->article_id,
                             fixture->based_on, action, NULL, at, &fixture->pool, &fixture->result);
    *message = result_message(fixture);
    return code;
}

static int schedule(void *context, const char **message)
{
    return move(context, NEWSROOM_SCHEDULE, gz_now() + 3600, message);
}

static int publish(void *context, const char **message)
{
    return move(context, NEWSROOM_PUBLISH, 0, message);
}

static int unpublish(void *context, const char **message)
{
    return move(context, NEWSROOM_UNPUBLISH, 0, message);
}

static int delete_article(void *context, const char **message)
{
    fixture_t *fixture = context;
    int code = newsroom_delete(fixture->store, &fixture->editor, fixture->article_id,
                               &fixture->pool, &fixture->result);
    *message = result_message(fixture);
    return code;
}

static int add_note(void *context, const char **message)
{
    fixture_t *fixture = context;
    int code = newsroom_add_note(fixture->store, &fixture->editor, fixture->article_id,
                                 CONTENT_NOTE_CORRECTION, "The first headline was wrong.",
                                 &fixture->pool, &fixture->result);
    *message = result_message(fixture);
    return code;
}

static int restore(void *context, const char **message)
{
    fixture_t *fixture = context;
    int code = newsroom_restore(fixture->store, &fixture->editor, fixture->article_id, 1,
                                fixture->based_on, &fixture->pool, &fixture->result);
    *message = result_message(fixture);
    return code;
}

static int publish_due(void *context, const char **message)
{
    fixture_t *fixture = context;
    (void)message;
    int published = newsroom_publish_due(fixture->store, gz_now() + 7200);
    if (published < 0)
        return published;
    return published == 1 ? GZ_OK : GZ_EINVAL;
}

static content_article_t *imported_article(fixture_t *fixture, const char *summary)
{
    content_article_t *article = draft(fixture, "An imported story");
    article->summary = summary;
    article->status = CONTENT_PUBLISHED;
    article->published_at = 1481098187;
    article->source_ref = "text:00112233445566778";
    article->slug = "an-imported-story";
    article->body_html = "<p>First paragraph.</p>\n<p>Second paragraph.</p>\n";
    content_related_t *related = gz_pool_calloc(&fixture->pool, 1, sizeof *related);
    related->id = 900;
    article->related = related;
    article->related_count = 1;
    return article;
}

static int import_with_summary(fixture_t *fixture, const char *summary, const char **message)
{
    content_article_t *stub = gz_pool_calloc(&fixture->pool, 1, sizeof *stub);
    stub->id = 900;
    stub->headline = "Background";
    stub->slug = "background";
    stub->language = "en";
    stub->status = CONTENT_PUBLISHED;
    stub->is_stub = true;
    stub->published_at = 1481000000;
    int code = newsroom_import_article(fixture->store, &fixture->command,
                                       imported_article(fixture, summary), stub, 1,
                                       &fixture->pool, &fixture->imported);
    *message = fixture->imported.message;
    return code;
}

static int import_new(void *context, const char **message)
{
    return import_with_summary(context, "What happened.", message);
}

static int import_update(void *context, const char **message)
{
    return import_with_summary(context, "What happened next.", message);
}

static int raise_banner(void *context, const char **message)
{
    fixture_t *fixture = context;
    newsroom_breaking_t banner = {.text = "Quake hits Aleppo", .link = "/live",
                                  .expires_at = gz_now() + 3600};
    int code = newsroom_breaking_raise(fixture->store, &fixture->editor, &banner, &fixture->pool,
                                       NULL, &fixture->result);
    *message = result_message(fixture);
    return code;
}

static int lower_banner(void *context, const char **message)
{
    fixture_t *fixture = context;
    int code =
        newsroom_breaking_lower(fixture->store, &fixture->editor, 0, &fixture->pool, &fixture->result);
    *message = result_message(fixture);
    return code;
}

static int save_author(void *context, const char **message)
{
    fixture_t *fixture = context;
    content_author_t author = {.name = "Jane Doe", .role_line = "Correspondent",
                               .links = "https://jane.example/"};
    int code = newsroom_author_save(fixture->store, &fixture->editor, &author, &fixture->pool,
                                    &fixture->author);
    *message = fixture->author.message;
    return code;
}

static int add_embed(void *context, const char **message)
{
    fixture_t *fixture = context;
    newsroom_media_config_t config = newsroom_media_config_default();
    newsroom_embed_t embed = {.url = "https://youtu.be/dQw4w9WgXcQ", .alt = "The storm"};
    newsroom_media_result_t result;
    int code = newsroom_media_embed(fixture->store, &fixture->editor, &config, &embed,
                                    &fixture->pool, &result);
    *message = result.message;
    return code;
}

/* The front puts the stored article in the lead, now or in an hour. */
static int save_front_at(fixture_t *fixture, gz_time_t at, const char **message)
{
    content_front_t front = {.top_count = 1};
    front.top[0] = (content_front_slot_t){.article_id = fixture->article_id, .headline = "Lead"};
    int code = newsroom_front_save(fixture->store, &fixture->editor, "home", &front,
                                   fixture->front_revision, at, &fixture->pool, &fixture->front);
    *message = fixture->front.base.message;
    return code;
}

static int save_front(void *context, const char **message)
{
    return save_front_at(context, 0, message);
}

static int schedule_front(void *context, const char **message)
{
    return save_front_at(context, gz_now() + 3600, message);
}

static int publish_due_fronts(void *context, const char **message)
{
    fixture_t *fixture = context;
    *message = NULL;
    int applied = newsroom_fronts_publish_due(fixture->store, gz_now() + 7200);
    return applied < 0 ? GZ_EIO : GZ_OK;
}

/* ---- the tests ----------------------------------------------------------- */

static void walked(fixture_t *fixture, fault_write_fn write, const char *name)
{
    fault_walk_t walk = walk_of(fixture);
    uint64_t statements = fault_walk(&walk, write, fixture);
    print_message("%s: %" PRIu64 " statements, each failed in turn\n", name, statements);
    assert_true(statements >= 3);
}

static void test_save_new(void **state)
{
    fixture_t *fixture = *state;
    store_article(fixture);
    walked(fixture, save_new, "save of a new draft");
}

static void test_edit_and_publish(void **state)
{
    fixture_t *fixture = *state;
    store_article(fixture);
    walked(fixture, edit_and_publish, "edit and publish");
}

static void test_schedule_then_publish_due(void **state)
{
    fixture_t *fixture = *state;
    store_article(fixture);
    walked(fixture, schedule, "schedule");
    walked(fixture, publish_due, "scheduled publication");
}

static void test_publish_then_unpublish(void **state)
{
    fixture_t *fixture = *state;
    store_article(fixture);
    walked(fixture, publish, "publish");
    fixture->based_on = fixture->result.revision;
    walked(fixture, unpublish, "unpublish");
}

static void test_delete(void **state)
{
    fixture_t *fixture = *state;
    store_article(fixture);
    walked(fixture, delete_article, "delete");
}

static void test_note(void **state)
{
    fixture_t *fixture = *state;
    store_article(fixture);
    walked(fixture, add_note, "note");
}

static void test_restore(void **state)
{
    fixture_t *fixture = *state;
    store_article(fixture);
    walked(fixture, restore, "restore");
}

static void test_import(void **state)
{
    fixture_t *fixture = *state;
    walked(fixture, import_new, "import of a new article and its stub");
    fixture->article_id = fixture->imported.article_id;
    walked(fixture, import_update, "import of an update");
}

static void test_breaking_banner(void **state)
{
    fixture_t *fixture = *state;
    walked(fixture, raise_banner, "raise the breaking-news banner");
    walked(fixture, raise_banner, "raise another, lowering the first");
    walked(fixture, lower_banner, "lower the banner");
}

static void test_author_and_front(void **state)
{
    fixture_t *fixture = *state;
    store_article(fixture);
    walked(fixture, save_author, "add an author");
    walked(fixture, add_embed, "add an embedded video to the library");
    walked(fixture, save_front, "arrange the home page");
    fixture->front_revision = 1;
    walked(fixture, schedule_front, "schedule a version of it");
    walked(fixture, publish_due_fronts, "the scheduled version goes live");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_author_and_front, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_new, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_and_publish, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schedule_then_publish_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_publish_then_unpublish, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_breaking_banner, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

int main(void)
{
    printf("newsroom/faults: skipped (needs -Dtest_hooks=true)\n");
    return 77;
}

#endif
