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

static const newsroom_actor_t writer = {.user_id = 7, .name = "Wendy", .role = STORE_ROLE_WRITER};
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

/* Every role and action from every state: the move allowed or the reason. */
static void test_writers_cannot_publish_schedule_or_unpublish(void **state)
{
    (void)state;
    newsroom_action_t refused[] = {NEWSROOM_PUBLISH, NEWSROOM_SCHEDULE, NEWSROOM_UNPUBLISH};
    for (size_t i = 0; i < 3; i++) {
        content_article_t article = {.status = CONTENT_DRAFT};
        const char *why =
            newsroom_apply_action(&writer, refused[i], &article, false, NOW + 60, NOW);
        assert_non_null(strstr(why, "Writers cannot publish"));
        assert_int_equal(article.status, CONTENT_DRAFT);
    }
    content_article_t article = {.status = CONTENT_DRAFT};
    assert_null(newsroom_apply_action(&writer, NEWSROOM_SUBMIT, &article, false, 0, NOW));
    assert_int_equal(article.status, CONTENT_IN_REVIEW);
}

static void test_publish_sets_the_time_when_none_or_future(void **state)
{
    (void)state;
    content_article_t fresh = {.status = CONTENT_IN_REVIEW};
    assert_null(newsroom_apply_action(&editor, NEWSROOM_PUBLISH, &fresh, false, 0, NOW));
    assert_int_equal(fresh.status, CONTENT_PUBLISHED);
    assert_int_equal(fresh.published_at, NOW);
    content_article_t old = {.status = CONTENT_UNPUBLISHED, .published_at = NOW - 100};
    assert_null(newsroom_apply_action(&editor, NEWSROOM_PUBLISH, &old, false, 0, NOW));
    assert_int_equal(old.published_at, NOW - 100);
    content_article_t scheduled = {.status = CONTENT_SCHEDULED, .published_at = NOW + 100};
    assert_null(newsroom_apply_action(&editor, NEWSROOM_PUBLISH, &scheduled, false, 0, NOW));
    assert_int_equal(scheduled.published_at, NOW);
}

static void test_schedule_needs_a_future_time(void **state)
{
    (void)state;
    content_article_t article = {.status = CONTENT_DRAFT};
    assert_non_null(newsroom_apply_action(&editor, NEWSROOM_SCHEDULE, &article, false, NOW, NOW));
    assert_int_equal(article.status, CONTENT_DRAFT);
    assert_null(newsroom_apply_action(&editor, NEWSROOM_SCHEDULE, &article, false, NOW + 5, NOW));
    assert_int_equal(article.status, CONTENT_SCHEDULED);
    assert_int_equal(article.published_at, NOW + 5);
    /* A save of a scheduled article moves it to the time typed. */
    assert_null(newsroom_apply_action(&editor, NEWSROOM_SAVE, &article, false, NOW + 9, NOW));
    assert_int_equal(article.published_at, NOW + 9);
}

static void test_submit_and_unpublish_need_the_right_state(void **state)
{
    (void)state;
    content_article_t published = {.status = CONTENT_PUBLISHED, .published_at = NOW - 1};
    assert_non_null(newsroom_apply_action(&editor, NEWSROOM_SUBMIT, &published, false, 0, NOW));
    content_article_t draft = {.status = CONTENT_DRAFT};
    assert_non_null(newsroom_apply_action(&editor, NEWSROOM_UNPUBLISH, &draft, false, 0, NOW));
    assert_null(newsroom_apply_action(&editor, NEWSROOM_UNPUBLISH, &published, false, 0, NOW));
    assert_int_equal(published.status, CONTENT_UNPUBLISHED);
}

static void test_autosave_keeps_drafts_only(void **state)
{
    (void)state;
    content_article_t in_review = {.status = CONTENT_IN_REVIEW};
    assert_non_null(newsroom_apply_action(&writer, NEWSROOM_AUTOSAVE, &in_review, false, 0, NOW));
    content_article_t fresh = {.status = CONTENT_PUBLISHED};
    assert_null(newsroom_apply_action(&writer, NEWSROOM_AUTOSAVE, &fresh, true, 0, NOW));
    assert_int_equal(fresh.status, CONTENT_DRAFT);
    assert_non_null(newsroom_apply_action(&editor, NEWSROOM_UNKNOWN, &fresh, false, 0, NOW));
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
        cmocka_unit_test(test_writers_cannot_publish_schedule_or_unpublish),
        cmocka_unit_test(test_publish_sets_the_time_when_none_or_future),
        cmocka_unit_test(test_schedule_needs_a_future_time),
        cmocka_unit_test(test_submit_and_unpublish_need_the_right_state),
        cmocka_unit_test(test_autosave_keeps_drafts_only),
        cmocka_unit_test(test_note_problems),
        cmocka_unit_test(test_fields_round_trip),
        cmocka_unit_test(test_bad_fields_are_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
