/*
 * Tests of the newsroom's pure parts, without a store: who may do what,
 * where each workflow step leads from each state, what a note may be, and
 * that an article survives the trip to the editor's fields and back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsroom/newsroom.h"

#define NOW 1800000000

static const newsroom_actor_t writer = {.user_id = 7, .name = "Wendy", .role = STORE_ROLE_AUTHOR};
static const newsroom_actor_t editor = {.user_id = 8, .name = "Eddie", .role = STORE_ROLE_EDITOR};

static void test_action_names_round_trip(void **state)
{
    (void)state;
    for (int action = NEWSROOM_SAVE; action < NEWSROOM_UNKNOWN; action++)
        assert_int_equal(newsroom_action_parse(newsroom_action_name((newsroom_action_t)action)),
                         action);
    assert_int_equal(newsroom_action_parse(NULL), NEWSROOM_SAVE);
    assert_int_equal(newsroom_action_parse("launch"), NEWSROOM_UNKNOWN);
    assert_null(newsroom_action_name(NEWSROOM_UNKNOWN));
}

static void test_writers_edit_only_their_own_drafts(void **state)
{
    (void)state;
    content_article_t draft = {.id = 1, .status = CONTENT_DRAFT};
    content_article_t in_review = {.id = 1, .status = CONTENT_IN_REVIEW};
    assert_true(newsroom_may_edit(&writer, NULL, 0));
    assert_true(newsroom_may_edit(&writer, &draft, 7));
    assert_false(newsroom_may_edit(&writer, &draft, 8));
    assert_false(newsroom_may_edit(&writer, &draft, 0)); /* imported */
    assert_false(newsroom_may_edit(&writer, &in_review, 7));
    assert_true(newsroom_may_edit(&editor, &in_review, 7));
    assert_false(newsroom_may_publish(&writer));
    assert_true(newsroom_may_publish(&editor));
}

/* The read-only editor says why, in the words of the rule that refuses. */
static void test_a_refusal_names_its_reason(void **state)
{
    (void)state;
    content_article_t published = {.id = 1, .status = CONTENT_PUBLISHED};
    content_article_t draft = {.id = 1, .status = CONTENT_DRAFT};
    content_article_t scheduled = {.id = 1, .status = CONTENT_SCHEDULED};
    content_article_t in_review = {.id = 1, .status = CONTENT_IN_REVIEW};
    content_article_t unpublished = {.id = 1, .status = CONTENT_UNPUBLISHED};
    assert_string_equal(newsroom_edit_refusal(&writer, &published, 7),
                        "You can read this article but not change it: it is published, and "
                        "only editors change published articles.");
    assert_non_null(strstr(newsroom_edit_refusal(&writer, &draft, 8), "not your draft"));
    assert_non_null(strstr(newsroom_edit_refusal(&writer, &draft, 0), "not your draft"));
    assert_non_null(strstr(newsroom_edit_refusal(&writer, &scheduled, 7), "it is scheduled"));
    assert_non_null(strstr(newsroom_edit_refusal(&writer, &in_review, 7), "in review"));
    assert_non_null(strstr(newsroom_edit_refusal(&writer, &unpublished, 7), "no longer a draft"));
    assert_null(newsroom_edit_refusal(&writer, &draft, 7));
    assert_null(newsroom_edit_refusal(&writer, NULL, 0));
    assert_null(newsroom_edit_refusal(&editor, &published, 7));
}

static const newsroom_actor_t contributor = {.user_id = 6, .role = STORE_ROLE_CONTRIBUTOR};
static const newsroom_actor_t chief = {.user_id = 9, .role = STORE_ROLE_CHIEF_EDITOR};
static const newsroom_actor_t admin = {.user_id = 10, .role = STORE_ROLE_ADMIN};

/* One permission decision: an actor's role, an action from a status. */
typedef struct {
    newsroom_action_t action;
    const char *to; /* a move's target */
    content_status_t from;
    const char *from_key;
    bool allowed[STORE_ROLE_COUNT + 1]; /* by role: contributor .. admin */
} decision_t;

#define ROLES(c, a, e, ce, ad) {false, c, a, e, ce, ad}

/* The built-in workflow, role by role: every role submits, editors and up
 * move and publish, and only the chief editor unpublishes what is out. */
static const decision_t decisions[] = {
    {NEWSROOM_SUBMIT, NULL, CONTENT_DRAFT, "draft", ROLES(true, true, true, true, true)},
    {NEWSROOM_PUBLISH, NULL, CONTENT_DRAFT, "draft", ROLES(false, false, true, true, true)},
    {NEWSROOM_SCHEDULE, NULL, CONTENT_IN_REVIEW, "ready", ROLES(false, false, true, true, true)},
    {NEWSROOM_MOVE, "copy_desk", CONTENT_IN_REVIEW, "in_review",
     ROLES(false, false, true, true, true)},
    {NEWSROOM_MOVE, "ready", CONTENT_IN_REVIEW, "copy_desk", ROLES(false, false, true, true, true)},
    {NEWSROOM_MOVE, "spiked", CONTENT_DRAFT, "draft", ROLES(false, false, true, true, true)},
    {NEWSROOM_UNPUBLISH, NULL, CONTENT_PUBLISHED, "published",
     ROLES(false, false, false, true, false)},
    {NEWSROOM_UNPUBLISH, NULL, CONTENT_SCHEDULED, "scheduled",
     ROLES(false, false, true, true, true)},
    {NEWSROOM_PUBLISH, NULL, CONTENT_UNPUBLISHED, "unpublished",
     ROLES(false, false, true, true, true)},
    {NEWSROOM_MOVE, "draft", CONTENT_PUBLISHED, "published", ROLES(false, false, false, false, false)},
};

static void test_each_role_and_action_is_decided_by_the_workflow(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    for (size_t i = 0; i < sizeof decisions / sizeof decisions[0]; i++) {
        for (int role = STORE_ROLE_CONTRIBUTOR; role <= STORE_ROLE_ADMIN; role++) {
            newsroom_actor_t actor = {.user_id = 5, .role = (store_role_t)role};
            content_article_t article = {.id = 1,
                                         .status = decisions[i].from,
                                         .workflow_status = decisions[i].from_key,
                                         .published_at = NOW - 10};
            const char *why = newsroom_apply_action(&actor, decisions[i].action, decisions[i].to,
                                                    &article, false, NOW + 60, NOW, &pool);
            if (decisions[i].allowed[role]) {
                if (why != NULL)
                    fail_msg("decision %zu, role %s: refused: %s", i,
                             store_role_name((store_role_t)role), why);
                assert_string_not_equal(article.workflow_status, decisions[i].from_key);
            } else {
                if (why == NULL)
                    fail_msg("decision %zu, role %s: allowed", i,
                             store_role_name((store_role_t)role));
                assert_string_equal(article.workflow_status, decisions[i].from_key);
                assert_int_equal(article.status, decisions[i].from);
            }
        }
    }
    gz_pool_clear(&pool);
}

static void test_a_refused_step_names_who_may_take_it(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    content_article_t out = {.status = CONTENT_PUBLISHED, .workflow_status = "published"};
    assert_string_equal(
        newsroom_apply_action(&editor, NEWSROOM_UNPUBLISH, NULL, &out, false, 0, NOW, &pool),
        "Only chief editors may move an article from Published to Unpublished.");
    content_article_t draft = {.status = CONTENT_DRAFT, .workflow_status = "draft"};
    assert_string_equal(
        newsroom_apply_action(&writer, NEWSROOM_PUBLISH, NULL, &draft, false, 0, NOW, &pool),
        "Only editors, chief editors and admins may move an article from Draft to Published.");
    assert_string_equal(
        newsroom_apply_action(&editor, NEWSROOM_MOVE, "ready", &out, false, 0, NOW, &pool),
        "An article cannot go from Published to Ready.");
    assert_string_equal(
        newsroom_apply_action(&editor, NEWSROOM_MOVE, "legal", &draft, false, 0, NOW, &pool),
        "The workflow has no such status.");
    gz_pool_clear(&pool);
}

static void test_deleting_after_publication_is_the_chief_editors(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    content_article_t article = {.id = 1, .status = CONTENT_UNPUBLISHED};
    const newsroom_actor_t *actors[] = {&contributor, &writer, &editor, &chief, &admin};
    bool before[] = {false, false, true, true, true}, after[] = {false, false, false, true, false};
    for (size_t i = 0; i < 5; i++) {
        assert_true((newsroom_delete_refusal(actors[i], &article, false, &pool) == NULL) ==
                    before[i]);
        assert_true((newsroom_delete_refusal(actors[i], &article, true, &pool) == NULL) ==
                    after[i]);
    }
    assert_string_equal(newsroom_delete_refusal(&editor, &article, true, &pool),
                        "Only chief editors may delete an article that has been published.");
    gz_pool_clear(&pool);
}

static void test_the_buttons_are_the_steps_allowed(void **state)
{
    (void)state;
    const newsroom_status_t *moves[NEWSROOM_STATUS_MAX];
    content_article_t draft = {.status = CONTENT_DRAFT, .workflow_status = "draft"};
    size_t count = newsroom_moves_allowed(&contributor, &draft, moves, NEWSROOM_STATUS_MAX);
    assert_int_equal(count, 1);
    assert_string_equal(moves[0]->key, "in_review");
    content_article_t review = {.status = CONTENT_IN_REVIEW, .workflow_status = "copy_desk"};
    count = newsroom_moves_allowed(&editor, &review, moves, NEWSROOM_STATUS_MAX);
    const char *expected[] = {"draft", "in_review", "ready", "scheduled", "published", "spiked"};
    assert_int_equal(count, 6);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(moves[i]->key, expected[i]);
}

static void test_editors_are_held_to_their_desks(void **state)
{
    (void)state;
    newsroom_actor_t news = {.user_id = 8, .role = STORE_ROLE_EDITOR, .desks = "News, Arabic desk"};
    newsroom_actor_t news_admin = news;
    news_admin.role = STORE_ROLE_ADMIN;
    content_article_t sport = {.id = 1, .status = CONTENT_IN_REVIEW, .section = {.desk = "Sport"}};
    content_article_t arabic = {.id = 2, .status = CONTENT_IN_REVIEW,
                                .section = {.desk = "Arabic desk"}};
    content_article_t unowned = {.id = 3, .status = CONTENT_IN_REVIEW};
    content_article_t prefix = {.id = 4, .status = CONTENT_IN_REVIEW, .section = {.desk = "New"}};
    assert_false(newsroom_may_edit(&news, &sport, 0));
    assert_non_null(strstr(newsroom_edit_refusal(&news, &sport, 0), "another desk"));
    assert_true(newsroom_may_edit(&news, &arabic, 0));
    assert_true(newsroom_may_edit(&news, &unowned, 0));
    assert_false(newsroom_may_edit(&news, &prefix, 0));
    assert_true(newsroom_may_edit(&editor, &sport, 0)); /* no desks: every desk */
    assert_true(newsroom_may_edit(&news_admin, &sport, 0));
    gz_pool_t pool = GZ_POOL_INIT;
    assert_non_null(newsroom_delete_refusal(&news, &sport, false, &pool));
    assert_null(newsroom_delete_refusal(&news, &arabic, false, &pool));
    gz_pool_clear(&pool);
}

static void test_publish_sets_the_time_when_none_or_future(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    content_article_t fresh = {.status = CONTENT_IN_REVIEW};
    assert_null(newsroom_apply_action(&editor, NEWSROOM_PUBLISH, NULL, &fresh, false, 0, NOW, &pool));
    assert_int_equal(fresh.status, CONTENT_PUBLISHED);
    assert_string_equal(fresh.workflow_status, "published");
    assert_int_equal(fresh.published_at, NOW);
    content_article_t old = {.status = CONTENT_UNPUBLISHED, .published_at = NOW - 100};
    assert_null(newsroom_apply_action(&editor, NEWSROOM_PUBLISH, NULL, &old, false, 0, NOW, &pool));
    assert_int_equal(old.published_at, NOW - 100);
    content_article_t scheduled = {.status = CONTENT_SCHEDULED, .published_at = NOW + 100};
    assert_null(
        newsroom_apply_action(&editor, NEWSROOM_PUBLISH, NULL, &scheduled, false, 0, NOW, &pool));
    assert_int_equal(scheduled.published_at, NOW);
    gz_pool_clear(&pool);
}

static void test_schedule_needs_a_future_time(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    content_article_t article = {.status = CONTENT_DRAFT};
    assert_non_null(
        newsroom_apply_action(&editor, NEWSROOM_SCHEDULE, NULL, &article, false, NOW, NOW, &pool));
    assert_int_equal(article.status, CONTENT_DRAFT);
    assert_null(newsroom_apply_action(&editor, NEWSROOM_SCHEDULE, NULL, &article, false, NOW + 5,
                                      NOW, &pool));
    assert_int_equal(article.status, CONTENT_SCHEDULED);
    assert_int_equal(article.published_at, NOW + 5);
    /* A save of a scheduled article moves it to the time typed. */
    assert_null(
        newsroom_apply_action(&editor, NEWSROOM_SAVE, NULL, &article, false, NOW + 9, NOW, &pool));
    assert_int_equal(article.published_at, NOW + 9);
    gz_pool_clear(&pool);
}

static void test_autosave_keeps_drafts_only(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    content_article_t in_review = {.status = CONTENT_IN_REVIEW};
    assert_non_null(newsroom_apply_action(&writer, NEWSROOM_AUTOSAVE, NULL, &in_review, false, 0,
                                          NOW, &pool));
    content_article_t fresh = {.status = CONTENT_PUBLISHED};
    assert_null(
        newsroom_apply_action(&writer, NEWSROOM_AUTOSAVE, NULL, &fresh, true, 0, NOW, &pool));
    assert_int_equal(fresh.status, CONTENT_DRAFT);
    assert_string_equal(fresh.workflow_status, "draft");
    assert_non_null(
        newsroom_apply_action(&editor, NEWSROOM_UNKNOWN, NULL, &fresh, false, 0, NOW, &pool));
    gz_pool_clear(&pool);
}

/* ---- the site's own workflow ------------------------------------------------ */

static const char custom_workflow[] =
    "{\"statuses\": ["
    " {\"key\": \"idea\", \"label\": \"Idea\", \"stage\": \"draft\"},"
    " {\"key\": \"legal\", \"label\": \"Legal check\", \"stage\": \"in_review\"},"
    " {\"key\": \"live\", \"label\": \"Live\", \"stage\": \"published\"}],"
    " \"transitions\": ["
    " {\"from\": \"idea\", \"to\": \"legal\", \"roles\": [\"author\", \"editor\"]},"
    " {\"from\": \"legal\", \"to\": \"live\", \"roles\": [\"chief_editor\"]}],"
    " \"delete\": [\"admin\"], \"delete_published\": []}";

static void test_a_site_workflow_replaces_the_built_in_one(void **state)
{
    (void)state;
    gz_pool_t pool = GZ_POOL_INIT;
    gz_buf_t problems = GZ_BUF_INIT;
    newsroom_workflow_t workflow;
    assert_int_equal(newsroom_workflow_parse(custom_workflow, &pool, &workflow, &problems), GZ_OK);
    newsroom_actor_t author = {.user_id = 7, .role = STORE_ROLE_AUTHOR, .workflow = &workflow};
    newsroom_actor_t boss = {.user_id = 9, .role = STORE_ROLE_CHIEF_EDITOR, .workflow = &workflow};
    newsroom_actor_t eddie = {.user_id = 8, .role = STORE_ROLE_EDITOR, .workflow = &workflow};
    content_article_t article = {.status = CONTENT_PUBLISHED};
    /* New articles start at the first draft status: "idea". */
    assert_null(newsroom_apply_action(&author, NEWSROOM_SUBMIT, NULL, &article, true, 0, NOW, &pool));
    assert_string_equal(article.workflow_status, "legal");
    assert_int_equal(article.status, CONTENT_IN_REVIEW);
    assert_non_null(
        newsroom_apply_action(&eddie, NEWSROOM_PUBLISH, NULL, &article, false, 0, NOW, &pool));
    assert_null(newsroom_apply_action(&boss, NEWSROOM_MOVE, "live", &article, false, 0, NOW, &pool));
    assert_int_equal(article.status, CONTENT_PUBLISHED);
    assert_non_null(newsroom_delete_refusal(&boss, &article, true, &pool));
    assert_string_equal(newsroom_delete_refusal(&boss, &article, true, &pool),
                        "Only nobody may delete an article that has been published.");
    /* Its JSON reads back to the same workflow. */
    const char *json = newsroom_workflow_json(&workflow, &pool);
    newsroom_workflow_t again;
    assert_int_equal(newsroom_workflow_parse(json, &pool, &again, &problems), GZ_OK);
    assert_string_equal(newsroom_workflow_json(&again, &pool), json);
    const char *built_in = newsroom_workflow_json(newsroom_workflow_default(), &pool);
    assert_int_equal(newsroom_workflow_parse(built_in, &pool, &again, &problems), GZ_OK);
    assert_int_equal(again.status_count, 8);
    gz_buf_free(&problems);
    gz_pool_clear(&pool);
}

static void test_a_bad_workflow_is_refused_with_every_problem(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *problem;
    } cases[] = {
        {"[1]", "not a JSON object"},
        {"{\"statuses\": []}", "1 to 24 statuses"},
        {"{\"statuses\": [{\"key\": \"Draft!\", \"label\": \"D\", \"stage\": \"draft\"}]}",
         "a-z, 0-9 and _"},
        {"{\"statuses\": [{\"key\": \"d\", \"label\": \"D\", \"stage\": \"pending\"}]}",
         "needs a stage"},
        {"{\"statuses\": [{\"key\": \"d\", \"label\": \"\xff\", \"stage\": \"draft\"}]}",
         "not a JSON object"},
        {"{\"statuses\": [{\"key\": \"d\", \"label\": \"D\", \"stage\": \"draft\"},"
         " {\"key\": \"d\", \"label\": \"E\", \"stage\": \"published\"}]}",
         "named twice"},
        {"{\"statuses\": [{\"key\": \"d\", \"label\": \"D\", \"stage\": \"draft\"}],"
         " \"transitions\": [], \"delete\": [], \"delete_published\": []}",
         "at the published stage"},
        {"{\"statuses\": [{\"key\": \"d\", \"label\": \"D\", \"stage\": \"draft\"},"
         " {\"key\": \"p\", \"label\": \"P\", \"stage\": \"published\"}],"
         " \"transitions\": [{\"from\": \"d\", \"to\": \"x\", \"roles\": [\"editor\"]},"
         " {\"from\": \"d\", \"to\": \"p\", \"roles\": [\"boss\"]}],"
         " \"delete\": [], \"delete_published\": []}",
         "names a status that does not exist.\nThe step from \"d\" to \"p\" names a role"},
    };
    gz_pool_t pool = GZ_POOL_INIT;
    gz_buf_t problems = GZ_BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        newsroom_workflow_t workflow;
        assert_int_equal(newsroom_workflow_parse(cases[i].json, &pool, &workflow, &problems),
                         GZ_EINVAL);
        if (strstr(gz_buf_cstr(&problems), cases[i].problem) == NULL)
            fail_msg("case %zu: %s", i, gz_buf_cstr(&problems));
    }
    gz_buf_free(&problems);
    gz_pool_clear(&pool);
}

static void test_note_problems(void **state)
{
    (void)state;
    char long_text[STORE_NOTE_MAX_BYTES + 2];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_null(newsroom_note_problem("correction", "The vote was 7-5."));
    assert_null(newsroom_note_problem("update", "Work starts in May."));
    assert_non_null(newsroom_note_problem("erratum", "x"));
    assert_non_null(newsroom_note_problem(NULL, "x"));
    assert_non_null(newsroom_note_problem("update", ""));
    assert_non_null(newsroom_note_problem("update", long_text));
    assert_non_null(newsroom_note_problem("update", "\xff\xfe"));
}

static const char *json_field(void *context, const char *name)
{
    return json_string_value(json_object_get(context, name));
}

/* An article, to the editor's fields and back, makes the same snapshot. */
static void test_fields_round_trip(void **state)
{
    (void)state;
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    content_tag_t tags[] = {{.name = "budget"}, {.name = "council"}};
    content_related_t related[] = {{.id = 12}, {.id = 99, .automatic = true}, {.id = 13}};
    content_article_t article = {.headline = "Council approves the budget",
                                 .summary = "A long debate ends.",
                                 .body_markdown = "First.\n\nSecond.",
                                 .language = "en",
                                 .dateline = "Alalam",
                                 .section = {.name = "Politics"},
                                 .content_type = {.id = 21},
                                 .tags = tags,
                                 .tag_count = 2,
                                 .related = related,
                                 .related_count = 3,
                                 .published_at = NOW};
    json_t *fields = newsroom_fields_of_article(&article);
    assert_string_equal(json_string_value(json_object_get(fields, "tags")), "budget, council");
    assert_string_equal(json_string_value(json_object_get(fields, "related")), "12 13");
    assert_string_equal(json_string_value(json_object_get(fields, "publish_at")),
                        "2027-01-15T08:00:00");
    assert_string_equal(json_string_value(json_object_get(fields, "status")), "draft");
    gz_pool_t pool = GZ_POOL_INIT;
    gz_buf_t problems = GZ_BUF_INIT;
    content_article_t back = {.published_at = NOW};
    newsroom_apply_fields(NULL, &back, json_field, fields, "ar", &pool, &problems);
    assert_int_equal(problems.len, 0);
    assert_null(back.subtitle);
    assert_int_equal(back.content_type.id, 21);
    assert_string_equal(newsroom_snapshot(&back, &pool), newsroom_snapshot(&article, &pool));
    json_decref(fields);
    gz_buf_free(&problems);
    gz_pool_clear(&pool);
}

static void test_bad_fields_are_problems(void **state)
{
    (void)state;
    json_t *fields = json_pack("{s:s, s:s, s:s}", "headline", "  Spaced  ", "related", "12 x",
                               "content_type", "video");
    gz_pool_t pool = GZ_POOL_INIT;
    gz_buf_t problems = GZ_BUF_INIT;
    content_article_t article = {0};
    newsroom_apply_fields(NULL, &article, json_field, fields, "en", &pool, &problems);
    assert_string_equal(article.headline, "Spaced");
    assert_string_equal(article.language, "en");
    assert_non_null(strstr(gz_buf_cstr(&problems), "content type is unknown"));
    assert_non_null(strstr(gz_buf_cstr(&problems), "Related articles are article numbers"));
    json_decref(fields);
    gz_buf_free(&problems);
    gz_pool_clear(&pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_action_names_round_trip),
        cmocka_unit_test(test_writers_edit_only_their_own_drafts),
        cmocka_unit_test(test_a_refusal_names_its_reason),
        cmocka_unit_test(test_each_role_and_action_is_decided_by_the_workflow),
        cmocka_unit_test(test_a_refused_step_names_who_may_take_it),
        cmocka_unit_test(test_deleting_after_publication_is_the_chief_editors),
        cmocka_unit_test(test_the_buttons_are_the_steps_allowed),
        cmocka_unit_test(test_editors_are_held_to_their_desks),
        cmocka_unit_test(test_publish_sets_the_time_when_none_or_future),
        cmocka_unit_test(test_schedule_needs_a_future_time),
        cmocka_unit_test(test_autosave_keeps_drafts_only),
        cmocka_unit_test(test_a_site_workflow_replaces_the_built_in_one),
        cmocka_unit_test(test_a_bad_workflow_is_refused_with_every_problem),
        cmocka_unit_test(test_note_problems),
        cmocka_unit_test(test_fields_round_trip),
        cmocka_unit_test(test_bad_fields_are_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
