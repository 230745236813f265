/* Unit tests of read counting: robots, repeats within the window, the
 * hand-over from threads to the tally, and saving the tally to a store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/temp_store.h"
#include "web/reads.h"

static void robots_and_empty_agents_do_not_count(void **state)
{
    (void)state;
    const char *robots[] = {"Googlebot/2.1 (+http://www.google.com/bot.html)",
                            "Mozilla/5.0 (compatible; bingbot/2.0)",
                            "curl/7.88.1",
                            "Wget/1.21",
                            "python-requests/2.31",
                            "Mozilla/5.0 HeadlessChrome/120",
                            ""};
    for (size_t i = 0; i < sizeof robots / sizeof robots[0]; i++) {
        if (!web_reads_is_robot(robots[i], strlen(robots[i]))) {
            fail_msg("'%s' should be a robot", robots[i]);
        }
    }
    const char *people[] = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari"};
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        assert_false(web_reads_is_robot(people[i], strlen(people[i])));
    }
    assert_true(web_reads_is_robot(NULL, 0));
}

typedef temp_store_t fixture_t;

/* Three published articles to read. */
static int open_store(void **state)
{
    if (temp_store_open(state) != 0)
        return -1;
    fixture_t *fixture = *state;
    int code = GZ_OK;
    for (int64_t id = 1; code == GZ_OK && id <= 3; id++) {
        content_article_t article = {.id = id, .headline = "Read me", .slug = "read-me",
                                     .language = "en", .status = CONTENT_PUBLISHED,
                                     .published_at = 1000 + id};
        code = store_article_put(fixture->store, &article);
    }
    if (code != GZ_OK) {
        fprintf(stderr, "store_article_put: %s\n", store_last_error(fixture->store));
        temp_store_close(state); /* cmocka tears down only what set up */
        return -1;
    }
    return 0;
}

static int64_t views_of(fixture_t *fixture, int64_t id)
{
    store_most_read_t list;
    assert_int_equal(
        store_most_read(fixture->store, gz_now() - 3600, 0, 10, 0, &fixture->pool, &list), GZ_OK);
    for (size_t i = 0; i < list.count; i++) {
        if (list.items[i].id == id)
            return list.views[i];
    }
    return 0;
}

static void repeats_count_once_and_threads_add_up(void **state)
{
    fixture_t *fixture = *state;
    web_reads_t *reads = web_reads_new();
    web_thread_reads_t *first = web_thread_reads_new();
    web_thread_reads_t *second = web_thread_reads_new();
    gz_time_t now = gz_now();
    web_thread_reads_count(first, 1, 111, now);
    web_thread_reads_count(first, 1, 111, now + 60);      /* a repeat */
    web_thread_reads_count(first, 1, 111, now + 31 * 60); /* after the window */
    web_thread_reads_count(first, 1, 222, now);
    web_thread_reads_count(second, 1, 333, now);
    web_thread_reads_count(second, 2, 111, now);
    for (uint64_t reader = 1000; reader < 6000; reader++) /* many articles: the table grows */
        web_thread_reads_count(second, 3, reader, now);
    web_reads_collect(reads, first);
    web_reads_collect(reads, second);
    web_reads_collect(reads, first); /* already handed over: nothing twice */
    bool written = false;
    assert_int_equal(web_reads_persist(reads, fixture->store, &written), GZ_OK);
    assert_true(written);
    assert_int_equal(views_of(fixture, 1), 4);
    assert_int_equal(views_of(fixture, 2), 1);
    assert_int_equal(views_of(fixture, 3), 5000);
    assert_int_equal(web_reads_persist(reads, fixture->store, &written), GZ_OK);
    assert_false(written); /* the tally was emptied */
    assert_int_equal(views_of(fixture, 1), 4);
    web_thread_reads_free(first);
    web_thread_reads_free(second);
    web_reads_free(reads);
}

/* Readers whose hashes differ only in low bits (as FNV of user agents
 * ending "Reader/1", "Reader/2") must not evict each other's memory. */
static void similar_readers_are_remembered_apart(void **state)
{
    fixture_t *fixture = *state;
    web_reads_t *reads = web_reads_new();
    web_thread_reads_t *local = web_thread_reads_new();
    gz_time_t now = gz_now();
    for (int round = 0; round < 2; round++) {
        for (uint64_t reader = 1; reader <= 300; reader++) {
            web_thread_reads_count(local, 2, 0xcbf29ce484222325ULL + reader, now);
        }
    }
    web_reads_collect(reads, local);
    bool written;
    assert_int_equal(web_reads_persist(reads, fixture->store, &written), GZ_OK);
    assert_int_equal(views_of(fixture, 2), 300);
    web_thread_reads_free(local);
    web_reads_free(reads);
}

static void the_most_read_list_follows_saved_views(void **state)
{
    fixture_t *fixture = *state;
    gz_time_t hour = gz_now() / 3600;
    store_view_count_t counts[] = {
        {2, hour, 7}, {3, hour, 9}, {1, hour - 48, 100}, {404, hour, 50} /* gone: dropped */};
    assert_int_equal(store_views_add(fixture->store, counts, 4), GZ_OK);
    store_most_read_t day, week;
    assert_int_equal(
        store_most_read(fixture->store, gz_now() - 86400, 0, 10, 0, &fixture->pool, &day), GZ_OK);
    assert_int_equal(day.count, 2);
    assert_int_equal(day.items[0].id, 3);
    assert_int_equal(day.views[0], 9);
    assert_int_equal(day.items[1].id, 2);
    assert_int_equal(
        store_most_read(fixture->store, gz_now() - 7 * 86400, 0, 10, 0, &fixture->pool, &week),
        GZ_OK);
    assert_int_equal(week.items[0].id, 1);
    assert_int_equal(week.views[0], 100);
    int64_t seq = 0;
    store_change_t *changes;
    size_t count;
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    assert_int_equal(
        store_changes_since(fixture->store, seq - 1, 10, &fixture->pool, &changes, &count), GZ_OK);
    assert_string_equal(changes[0].tags, "most-read");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(robots_and_empty_agents_do_not_count),
        cmocka_unit_test_setup_teardown(repeats_count_once_and_threads_add_up, open_store,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(similar_readers_are_remembered_apart, open_store,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(the_most_read_list_follows_saved_views, open_store,
                                        temp_store_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
