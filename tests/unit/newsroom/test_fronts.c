/*
 * Tests of curated fronts in the newsroom on a real store (SQLite, or
 * PostgreSQL with GAZETTE_TEST_PG): a layout document read back as it was
 * written; every problem of a front told at once, nothing stored; saves
 * are versions with an audit row and the optimistic check; a scheduled
 * version goes live by itself once, and can be dropped.
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
    newsroom_actor_t editor, writer;
    int64_t article;
} fixture_t;

static int setup(void **state)
{
    fixture_t *fixture = gz_calloc(1, sizeof *fixture);
    fixture->temp = temp_store_new(true);
    if (fixture->temp == NULL) {
        free(fixture);
        return -1;
    }
    fixture->store = fixture->temp->store;
    store_user_t user = {.name = "eddie", .display_name = "Eddie", .role = STORE_ROLE_EDITOR,
                         .password_hash = "x"};
    assert_int_equal(store_user_add(fixture->store, &user), GZ_OK);
    fixture->editor = (newsroom_actor_t){.user_id = user.id, .name = "Eddie",
                                         .role = STORE_ROLE_EDITOR};
    fixture->writer = (newsroom_actor_t){.user_id = user.id, .name = "Eddie",
                                         .role = STORE_ROLE_AUTHOR};
    content_article_t article = {.headline = "Aleppo", .slug = "aleppo", .language = "en",
                                 .status = CONTENT_PUBLISHED, .published_at = 1000};
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    fixture->article = article.id;
    int64_t section = 0;
    assert_int_equal(store_section_ensure(fixture->store, "Syria", &section), GZ_OK);
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

static content_front_t parsed(fixture_t *fixture, const char *layout)
{
    content_front_t front;
    gz_buf_t problems = GZ_BUF_INIT;
    if (newsroom_front_parse(layout, &fixture->pool, &front, &problems) != GZ_OK)
        fail_msg("%s: %s", layout, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    return front;
}

static void a_layout_reads_back_as_written(void **state)
{
    fixture_t *fixture = *state;
    const char *layout = "{\"top\":[{\"article\":7,\"headline\":\"Back\",\"picture\":\"media:3\"}],"
                         "\"blocks\":[{\"name\":\"Syria\",\"rule\":\"section\",\"slug\":\"syria\","
                         "\"count\":4},{\"name\":\"Analysis\",\"rule\":\"hand\",\"items\":"
                         "[{\"article\":5},{\"article\":6}]}]}";
    content_front_t front = parsed(fixture, layout);
    assert_int_equal(front.top_count, 1);
    assert_string_equal(front.top[0].headline, "Back");
    assert_null(front.top[0].summary);
    assert_int_equal(front.block_count, 2);
    assert_int_equal(front.blocks[0].rule, CONTENT_FRONT_NEWEST_IN_SECTION);
    assert_int_equal(front.blocks[1].slot_count, 2);
    assert_string_equal(newsroom_front_layout(&front, &fixture->pool), layout);
    gz_buf_t problems = GZ_BUF_INIT;
    assert_int_equal(newsroom_front_parse("[1]", &fixture->pool, &front, &problems), GZ_EINVAL);
    assert_int_equal(newsroom_front_parse("{\"top\":[{}],\"blocks\":[{\"rule\":\"magic\"}]}",
                                          &fixture->pool, &front, &problems),
                     GZ_EINVAL);
    assert_non_null(strstr(gz_buf_cstr(&problems), "needs an article number"));
    assert_non_null(strstr(gz_buf_cstr(&problems), "filled by hand or with the newest"));
    gz_buf_free(&problems);
}

static void every_problem_is_told_and_nothing_stored(void **state)
{
    fixture_t *fixture = *state;
    char layout[1024];
    snprintf(layout, sizeof layout,
             "{\"top\":[{\"article\":%lld,\"headline\":\"%0301d\"},{\"article\":424242}],"
             "\"blocks\":[{\"name\":\"\",\"rule\":\"tag\",\"slug\":\"nope\",\"count\":99},"
             "{\"name\":\"Video\",\"rule\":\"type\",\"slug\":\"hologram\"}]}",
             (long long)fixture->article, 0);
    content_front_t front = parsed(fixture, layout);
    newsroom_front_result_t result;
    assert_int_equal(newsroom_front_save(fixture->store, &fixture->editor, "home", &front, 0, 0,
                                         &fixture->pool, &result),
                     GZ_EINVAL);
    const char *says[] = {"headline is longer than 300 bytes", "There is no article 424242",
                          "Each block needs a name", "1 to 12 articles",
                          "names no stored tag \"nope\"", "names no stored type \"hologram\""};
    for (size_t i = 0; i < sizeof says / sizeof says[0]; i++) {
        if (strstr(result.base.message, says[i]) == NULL)
            fail_msg("'%s' does not say '%s'", result.base.message, says[i]);
    }
    assert_int_equal(newsroom_front_save(fixture->store, &fixture->editor, "section:999", &front, 0,
                                         0, &fixture->pool, &result),
                     GZ_ENOTFOUND);
    assert_int_equal(newsroom_front_save(fixture->store, &fixture->writer, "home", &front, 0, 0,
                                         &fixture->pool, &result),
                     GZ_EINVAL);
    assert_true(result.base.not_allowed);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM fronts"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log"), 0);
}

static void saves_are_versions_and_schedules_go_live_once(void **state)
{
    fixture_t *fixture = *state;
    char layout[128];
    snprintf(layout, sizeof layout, "{\"top\":[{\"article\":%lld}]}", (long long)fixture->article);
    content_front_t front = parsed(fixture, layout);
    newsroom_front_result_t result;
    assert_int_equal(newsroom_front_save(fixture->store, &fixture->editor, "home", &front, 0, 0,
                                         &fixture->pool, &result),
                     GZ_OK);
    assert_int_equal(result.revision, 1);
    assert_int_equal(newsroom_front_save(fixture->store, &fixture->editor, "home", &front, 0, 0,
                                         &fixture->pool, &result),
                     GZ_ECONFLICT);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'front-save' "
                                    "AND target = 'front:home'"),
                     1);
    /* At a time: waits, then goes live once, however often the publisher asks. */
    front.top[0].headline = "Swapped at six";
    gz_time_t soon = gz_now() + 60;
    assert_int_equal(newsroom_front_save(fixture->store, &fixture->editor, "home", &front, 1, soon,
                                         &fixture->pool, &result),
                     GZ_OK);
    assert_true(result.schedule_id > 0);
    assert_int_equal(newsroom_fronts_publish_due(fixture->store, soon - 1), 0);
    assert_int_equal(newsroom_fronts_publish_due(fixture->store, soon), 1);
    assert_int_equal(newsroom_fronts_publish_due(fixture->store, soon + 5), 0);
    store_front_t stored;
    assert_int_equal(store_front_get(fixture->store, "home", &fixture->pool, &stored), GZ_OK);
    assert_int_equal(stored.revision, 2);
    assert_non_null(strstr(stored.layout, "Swapped at six"));
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'front-publish'"),
                     1);
    /* A past time is refused; a waiting version can be dropped. */
    assert_int_equal(newsroom_front_save(fixture->store, &fixture->editor, "home", &front, 2,
                                         gz_now() - 10, &fixture->pool, &result),
                     GZ_EINVAL);
    assert_int_equal(newsroom_front_save(fixture->store, &fixture->editor, "home", &front, 2,
                                         soon + 600, &fixture->pool, &result),
                     GZ_OK);
    int64_t waiting = result.schedule_id;
    assert_int_equal(newsroom_front_unschedule(fixture->store, &fixture->writer, "home", waiting,
                                               &fixture->pool, &result),
                     GZ_EINVAL);
    assert_int_equal(newsroom_front_unschedule(fixture->store, &fixture->editor, "home", waiting,
                                               &fixture->pool, &result),
                     GZ_OK);
    assert_int_equal(newsroom_fronts_publish_due(fixture->store, soon + 700), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM front_schedules"), 0);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(a_layout_reads_back_as_written),
        TEST(every_problem_is_told_and_nothing_stored),
        TEST(saves_are_versions_and_schedules_go_live_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
