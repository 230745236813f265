/* Unit tests of curated fronts in the store (store_fronts.c), on SQLite
 * or on PostgreSQL with GAZETTE_TEST_PG: versions with the optimistic
 * check, every version kept, the page's tag logged, schedules. */
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

static void versions_are_checked_kept_and_logged(void **state)
{
    fixture_t *fixture = *state;
    gz_pool_t *pool = &fixture->pool;
    store_front_t front;
    assert_int_equal(store_front_get(fixture->store, "home", pool, &front), GZ_ENOTFOUND);
    int64_t seq = 0, revision = 0;
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    assert_int_equal(store_front_put(fixture->store, "home", "{\"v\":1}", 0, 0, &revision), GZ_OK);
    assert_int_equal(revision, 1);
    assert_string_equal(changes_after(fixture, seq), "home");
    /* A second first version, or one based on an old revision, is stale. */
    assert_int_equal(store_front_put(fixture->store, "home", "{\"v\":9}", 0, 0, NULL), GZ_ECONFLICT);
    assert_int_equal(store_front_put(fixture->store, "home", "{\"v\":2}", 0, 1, &revision), GZ_OK);
    assert_int_equal(store_front_put(fixture->store, "home", "{\"v\":9}", 0, 1, NULL), GZ_ECONFLICT);
    assert_int_equal(store_front_get(fixture->store, "home", pool, &front), GZ_OK);
    assert_string_equal(front.layout, "{\"v\":2}");
    assert_int_equal(front.revision, 2);
    store_front_revision_t *versions = NULL;
    size_t count = 0;
    assert_int_equal(store_front_revisions(fixture->store, "home", pool, &versions, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(versions[0].revision, 2); /* newest first */
    assert_string_equal(versions[1].layout, "{\"v\":1}");
    assert_int_equal(store_front_put(fixture->store, "section:4", "{}", 0, 0, NULL), GZ_OK);
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    assert_int_equal(store_front_put(fixture->store, "section:4", "{\"a\":1}", 0, 1, NULL), GZ_OK);
    assert_string_equal(changes_after(fixture, seq), "section:4");
}

static void schedules_wait_for_their_time(void **state)
{
    fixture_t *fixture = *state;
    gz_pool_t *pool = &fixture->pool;
    int64_t early = 0, late = 0, other = 0;
    assert_int_equal(store_front_schedule_add(fixture->store, "home", "{\"late\":1}", 2000, 0, &late),
                     GZ_OK);
    assert_int_equal(store_front_schedule_add(fixture->store, "home", "{\"early\":1}", 1000, 0, &early),
                     GZ_OK);
    assert_int_equal(store_front_schedule_add(fixture->store, "section:2", "{}", 1500, 0, &other),
                     GZ_OK);
    store_front_schedule_t *due = NULL;
    size_t count = 0;
    assert_int_equal(store_front_schedules(fixture->store, NULL, 1600, pool, &due, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(due[0].id, early);
    assert_string_equal(due[1].key, "section:2");
    assert_int_equal(store_front_schedules(fixture->store, "home", 0, pool, &due, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_string_equal(due[1].layout, "{\"late\":1}");
    assert_int_equal(store_front_schedule_delete(fixture->store, early), GZ_OK);
    assert_int_equal(store_front_schedule_delete(fixture->store, early), GZ_ENOTFOUND);
    assert_int_equal(store_front_schedules(fixture->store, NULL, 1600, pool, &due, &count), GZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(store_front_schedules(fixture->store, NULL, 0, pool, &due, &count), GZ_EINVAL);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
    const struct CMUnitTest tests[] = {
        TEST(versions_are_checked_kept_and_logged),
        TEST(schedules_wait_for_their_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
