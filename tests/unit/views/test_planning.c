/*
 * Tests of the planning pages' view models (views/admin_planning.c): the
 * budget's desks and columns (due on the day, in progress, planned) with
 * the row's status label, assignment and lateness, and the workflow in
 * words with each status's article count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "support/json_path.h"
#include "views/views.h"

#define DAY_START ((gz_time_t)1900000000) /* some day's first second (UTC) */
#define DAY_END (DAY_START + 86400)
#define NOW (DAY_START + 3600)

static int setup(void **state)
{
    (void)state;
    return gz_time_set_zone("UTC") == GZ_OK ? 0 : -1;
}

static store_budget_item_t item(int64_t id, const char *desk, content_status_t status,
                                gz_time_t published_at, gz_time_t due_at)
{
    store_budget_item_t made = {.article = {.id = id,
                                            .headline = "A story",
                                            .status = status,
                                            .published_at = published_at,
                                            .section = {.name = "Politics", .desk = desk}}};
    if (due_at > 0)
        made.assignment = (store_assignment_t){
            .article_id = id, .user_id = 3, .user_name = "rana", .due_at = due_at, .note = "The vote"};
    return made;
}

static const char *string_at(json_t *root, const char *path)
{
    json_t *value = json_at(root, path);
    assert_non_null(value);
    return json_string_value(value);
}

static void the_budget_sorts_each_desk_into_three_columns(void **state)
{
    (void)state;
    store_budget_item_t items[] = {
        item(1, NULL, CONTENT_DRAFT, 0, 0),                                    /* no desk, open */
        item(2, "News", CONTENT_DRAFT, 0, DAY_START + 7200),                   /* due on the day */
        item(3, "News", CONTENT_IN_REVIEW, 0, DAY_END + 60),                   /* due later */
        item(4, "News", CONTENT_DRAFT, 0, DAY_START - 60),                     /* overdue */
        item(5, "Sport", CONTENT_SCHEDULED, DAY_START + 600, 0),               /* goes out today */
        item(6, "Sport", CONTENT_SCHEDULED, DAY_END + 600, 0),                 /* goes out later */
        item(7, "Sport", CONTENT_PUBLISHED, DAY_START + 900, DAY_START + 60), /* done, was due */
    };
    store_budget_t budget = {.items = items, .count = sizeof items / sizeof items[0]};
    json_t *desks =
        views_admin_budget(&budget, newsroom_workflow_default(), DAY_START, DAY_END, NOW);
    assert_int_equal(json_array_size(desks), 3);
    assert_string_equal(string_at(desks, "0.shown"), "No desk");
    assert_string_equal(string_at(desks, "0.desk"), "");
    assert_int_equal(json_integer_value(json_at(desks, "0.count")), 1);
    assert_int_equal(json_integer_value(json_at(desks, "0.in_progress.0.id")), 1);
    assert_string_equal(string_at(desks, "1.desk"), "News");
    assert_int_equal(json_integer_value(json_at(desks, "1.due.0.id")), 2);
    assert_int_equal(json_integer_value(json_at(desks, "1.planned.0.id")), 3);
    assert_int_equal(json_integer_value(json_at(desks, "1.in_progress.0.id")), 4);
    assert_true(json_is_true(json_at(desks, "1.in_progress.0.late")));
    assert_true(json_is_false(json_at(desks, "1.due.0.late")));
    assert_string_equal(string_at(desks, "1.due.0.assignee"), "rana");
    assert_string_equal(string_at(desks, "1.due.0.note"), "The vote");
    assert_string_equal(string_at(desks, "1.due.0.status_label"), "Draft");
    assert_string_equal(string_at(desks, "1.planned.0.status_label"), "In review");
    assert_int_equal(json_integer_value(json_at(desks, "2.due.0.id")), 5);
    assert_true(json_is_true(json_at(desks, "2.due.0.scheduled")));
    assert_int_equal(json_integer_value(json_at(desks, "2.planned.0.id")), 6);
    assert_int_equal(json_integer_value(json_at(desks, "2.due.1.id")), 7);
    assert_true(json_is_true(json_at(desks, "2.due.1.done")));
    assert_true(json_is_false(json_at(desks, "2.due.1.late"))); /* done is never late */
    assert_int_equal(json_array_size(json_at(desks, "2.in_progress")), 0);
    json_decref(desks);
}

static void an_empty_budget_has_no_desk(void **state)
{
    (void)state;
    store_budget_t budget = {0};
    json_t *desks =
        views_admin_budget(&budget, newsroom_workflow_default(), DAY_START, DAY_END, NOW);
    assert_int_equal(json_array_size(desks), 0);
    json_decref(desks);
}

static void the_workflow_in_words(void **state)
{
    (void)state;
    store_status_count_t counts[] = {{"draft", 4}, {"spiked", 1}, {"gone", 9}};
    json_t *words = views_admin_workflow(newsroom_workflow_default(), counts, 3);
    assert_int_equal(json_array_size(json_at(words, "statuses")), 8);
    assert_string_equal(string_at(words, "statuses.0.label"), "Draft");
    assert_int_equal(json_integer_value(json_at(words, "statuses.0.articles")), 4);
    assert_string_equal(string_at(words, "statuses.2.key"), "copy_desk");
    assert_string_equal(string_at(words, "statuses.2.stage"), "in_review");
    assert_int_equal(json_integer_value(json_at(words, "statuses.2.articles")), 0);
    assert_int_equal(json_integer_value(json_at(words, "statuses.7.articles")), 1);
    assert_string_equal(string_at(words, "steps.0.from"), "Draft");
    assert_string_equal(string_at(words, "steps.0.to"), "In review");
    assert_string_equal(string_at(words, "steps.0.roles"),
                        "Contributor, Author, Editor, Chief editor, Admin");
    assert_string_equal(string_at(words, "delete"), "Editor, Chief editor, Admin");
    assert_string_equal(string_at(words, "delete_published"), "Chief editor");
    json_decref(words);
}

static void a_step_nobody_may_take_says_so(void **state)
{
    (void)state;
    const newsroom_status_t statuses[] = {{"draft", "Draft", CONTENT_DRAFT},
                                          {"live", "Live", CONTENT_PUBLISHED}};
    const newsroom_transition_t steps[] = {{"draft", "live", 0}};
    newsroom_workflow_t workflow = {.statuses = statuses,
                                    .status_count = 2,
                                    .transitions = steps,
                                    .transition_count = 1};
    json_t *words = views_admin_workflow(&workflow, NULL, 0);
    assert_string_equal(string_at(words, "steps.0.to"), "Live");
    assert_string_equal(string_at(words, "steps.0.roles"), "nobody");
    assert_string_equal(string_at(words, "delete"), "nobody");
    json_decref(words);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_budget_sorts_each_desk_into_three_columns),
        cmocka_unit_test(an_empty_budget_has_no_desk),
        cmocka_unit_test(the_workflow_in_words),
        cmocka_unit_test(a_step_nobody_may_take_says_so),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
