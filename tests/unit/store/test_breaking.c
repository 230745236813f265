/* Unit tests of the breaking-news banner in the store (store_breaking.c):
 * one banner up at a time, raising lowers the one before, an expired one
 * is down with nobody writing, lowering by hand, the history, the change
 * log's "breaking" entry in the same write, and bad arguments that store
 * nothing. On SQLite, and on PostgreSQL with GAZETTE_TEST_PG. */
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

enum { NOW = 1700000000 };

static int64_t latest_change(fixture_t *fixture)
{
    int64_t seq = -1;
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    return seq;
}

/* The tags logged after seq, joined by '|'. */
static const char *changes_after(fixture_t *fixture, int64_t seq)
{
    store_change_t *changes;
    size_t count;
    assert_int_equal(
        store_changes_since(fixture->store, seq, 100, &fixture->pool, &changes, &count), GZ_OK);
    gz_buf_t joined = GZ_BUF_INIT;
    for (size_t i = 0; i < count; i++)
        gz_buf_printf(&joined, "%s%s", i > 0 ? "|" : "", changes[i].tags);
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&joined));
    gz_buf_free(&joined);
    return text;
}

static int64_t add_user(fixture_t *fixture, const char *name)
{
    store_user_t user = {.name = name, .role = STORE_ROLE_EDITOR, .password_hash = "x"};
    assert_int_equal(store_user_add(fixture->store, &user), GZ_OK);
    return user.id;
}

static int64_t raise_banner(fixture_t *fixture, const char *text, int64_t by, gz_time_t at,
                            gz_time_t expires_at)
{
    store_breaking_t banner = {.text = text,
                               .link = "https://example.com/live",
                               .raised_by = by,
                               .raised_at = at,
                               .expires_at = expires_at};
    assert_int_equal(store_breaking_raise(fixture->store, &banner), GZ_OK);
    assert_true(banner.id > 0);
    return banner.id;
}

/* The banner up at now, or NULL. */
static const store_breaking_t *current(fixture_t *fixture, gz_time_t now)
{
    store_breaking_t *banner = gz_pool_calloc(&fixture->pool, 1, sizeof *banner);
    bool found = true;
    assert_int_equal(store_breaking_current(fixture->store, now, &fixture->pool, banner, &found),
                     GZ_OK);
    return found ? banner : NULL;
}

static size_t history_count(fixture_t *fixture)
{
    store_breaking_t *banners = NULL;
    size_t count = 0;
    assert_int_equal(store_breaking_list(fixture->store, 100, &fixture->pool, &banners, &count),
                     GZ_OK);
    return count;
}

static void no_banner_is_up_at_first(void **state)
{
    fixture_t *fixture = *state;
    assert_null(current(fixture, NOW));
    assert_int_equal(history_count(fixture), 0);
}

static void a_raised_banner_is_up_with_its_fields(void **state)
{
    fixture_t *fixture = *state;
    int64_t editor = add_user(fixture, "eve");
    int64_t before = latest_change(fixture);
    int64_t id =
        raise_banner(fixture, "Quake hits \xd8\xad\xd9\x84\xd8\xa8", editor, NOW, NOW + 600);
    assert_string_equal(changes_after(fixture, before), "breaking");
    const store_breaking_t *up = current(fixture, NOW + 1);
    assert_non_null(up);
    assert_int_equal(up->id, id);
    assert_string_equal(up->text, "Quake hits \xd8\xad\xd9\x84\xd8\xa8");
    assert_string_equal(up->link, "https://example.com/live");
    assert_int_equal(up->raised_by, editor);
    assert_string_equal(up->raised_by_name, "eve");
    assert_int_equal(up->raised_at, NOW);
    assert_int_equal(up->expires_at, NOW + 600);
    assert_int_equal(up->lowered_at, 0);
    assert_null(up->lowered_by_name);
}

static void raising_lowers_the_banner_before(void **state)
{
    fixture_t *fixture = *state;
    int64_t editor = add_user(fixture, "eve");
    int64_t first = raise_banner(fixture, "First", editor, NOW, 0);
    int64_t second = raise_banner(fixture, "Second", editor, NOW + 10, 0);
    assert_int_equal(current(fixture, NOW + 11)->id, second);
    store_breaking_t *banners = NULL;
    size_t count = 0;
    assert_int_equal(store_breaking_list(fixture->store, 20, &fixture->pool, &banners, &count),
                     GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(banners[0].id, second); /* newest first */
    assert_int_equal(banners[1].id, first);
    assert_int_equal(banners[1].lowered_at, NOW + 10);
    assert_int_equal(banners[1].lowered_by, editor);
    assert_string_equal(banners[1].lowered_by_name, "eve");
    assert_int_equal(banners[0].lowered_at, 0);
}

static void an_expired_banner_is_down_without_a_write(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = raise_banner(fixture, "Short", 0, NOW, NOW + 3);
    assert_int_equal(current(fixture, NOW + 2)->id, id);
    int64_t before = latest_change(fixture);
    assert_null(current(fixture, NOW + 3));
    assert_null(current(fixture, NOW + 100));
    assert_int_equal(latest_change(fixture), before);
    /* Expired is down: there is nothing to lower, and raising another
     * keeps the old one as expired (not lowered by hand). */
    assert_int_equal(store_breaking_lower(fixture->store, id, 0, NOW + 4), GZ_ENOTFOUND);
    raise_banner(fixture, "Next", 0, NOW + 5, 0);
    store_breaking_t *banners = NULL;
    size_t count = 0;
    assert_int_equal(store_breaking_list(fixture->store, 1, &fixture->pool, &banners, &count),
                     GZ_OK);
    assert_int_equal(count, 1);
    assert_string_equal(banners[0].text, "Next");
    assert_int_equal(store_breaking_list(fixture->store, 2, &fixture->pool, &banners, &count),
                     GZ_OK);
    assert_int_equal(banners[1].lowered_at, 0);
}

static void lowering_by_hand_takes_it_down_once(void **state)
{
    fixture_t *fixture = *state;
    int64_t editor = add_user(fixture, "eve");
    int64_t id = raise_banner(fixture, "Up", 0, NOW, 0);
    int64_t before = latest_change(fixture);
    assert_int_equal(store_breaking_lower(fixture->store, id + 1, editor, NOW + 1), GZ_ENOTFOUND);
    assert_int_equal(store_breaking_lower(fixture->store, id, editor, NOW + 1), GZ_OK);
    assert_string_equal(changes_after(fixture, before), "breaking");
    assert_null(current(fixture, NOW + 2));
    before = latest_change(fixture);
    assert_int_equal(store_breaking_lower(fixture->store, id, editor, NOW + 2), GZ_ENOTFOUND);
    assert_int_equal(store_breaking_lower(fixture->store, 0, editor, NOW + 2), GZ_ENOTFOUND);
    assert_int_equal(latest_change(fixture), before); /* nothing lowered, nothing logged */
    assert_non_null(strstr(store_last_error(fixture->store), "no banner is up"));
    raise_banner(fixture, "Again", 0, NOW + 3, 0);
    assert_int_equal(store_breaking_lower(fixture->store, 0, editor, NOW + 4), GZ_OK);
    assert_null(current(fixture, NOW + 4));
}

static void bad_banners_store_nothing(void **state)
{
    fixture_t *fixture = *state;
    char too_long[STORE_BREAKING_TEXT_MAX + 2];
    memset(too_long, 'x', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    const store_breaking_t bad[] = {
        {.text = NULL, .raised_at = NOW},
        {.text = "", .raised_at = NOW},
        {.text = too_long, .raised_at = NOW},
        {.text = "bad \xff byte", .raised_at = NOW},
        {.text = "ok", .link = "/bad\xc3", .raised_at = NOW},
        {.text = "ok", .raised_at = 0},
        {.text = "ok", .raised_at = NOW, .expires_at = NOW},
    };
    int64_t before = latest_change(fixture);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        store_breaking_t banner = bad[i];
        assert_int_equal(store_breaking_raise(fixture->store, &banner), GZ_EINVAL);
        assert_int_equal(banner.id, 0);
    }
    assert_int_equal(history_count(fixture), 0);
    assert_int_equal(latest_change(fixture), before);
    store_breaking_t *banners = NULL;
    size_t count = 0;
    assert_int_equal(store_breaking_list(fixture->store, 0, &fixture->pool, &banners, &count),
                     GZ_EINVAL);
}

static void a_rolled_back_raise_leaves_the_old_banner_up(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = raise_banner(fixture, "Old", 0, NOW, 0);
    int64_t before = latest_change(fixture);
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    raise_banner(fixture, "New", 0, NOW + 1, 0);
    assert_int_equal(store_rollback(fixture->store), GZ_OK);
    assert_int_equal(current(fixture, NOW + 2)->id, id);
    assert_int_equal(history_count(fixture), 1);
    assert_int_equal(latest_change(fixture), before);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
    const struct CMUnitTest tests[] = {
        TEST(no_banner_is_up_at_first),
        TEST(a_raised_banner_is_up_with_its_fields),
        TEST(raising_lowers_the_banner_before),
        TEST(an_expired_banner_is_down_without_a_write),
        TEST(lowering_by_hand_takes_it_down_once),
        TEST(bad_banners_store_nothing),
        TEST(a_rolled_back_raise_leaves_the_old_banner_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
