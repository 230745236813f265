/* Unit tests of the change log: every write leaves the cache tags of what
 * it changed, in its own transaction, readable by seq. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/temp_store.h"

typedef temp_store_t fixture_t;

/* The tags of every change after seq, joined by '|'. */
static const char *changes_after(fixture_t *fixture, int64_t seq)
{
    store_change_t *changes;
    size_t count;
    assert_int_equal(store_changes_since(fixture->store, seq, 1000, &fixture->pool, &changes,
                                         &count),
                     GZ_OK);
    gz_buf_t joined = GZ_BUF_INIT;
    for (size_t i = 0; i < count; i++) {
        gz_buf_printf(&joined, "%s%s", i > 0 ? "|" : "", changes[i].tags);
        assert_true(changes[i].seq > seq);
    }
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&joined));
    gz_buf_free(&joined);
    return text;
}

static int64_t latest(fixture_t *fixture)
{
    int64_t seq = -1;
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    return seq;
}

static content_article_t article(int64_t id, int64_t section_id)
{
    content_article_t a = {.id = id, .headline = "Headline", .slug = "headline",
                           .language = "en", .status = CONTENT_PUBLISHED, .published_at = 1000};
    a.section.id = section_id;
    return a;
}

static void writes_record_their_tags(void **state)
{
    fixture_t *fixture = *state;
    int64_t world, sport;
    int64_t start = latest(fixture);
    assert_int_equal(store_section_ensure(fixture->store, "World", &world), GZ_OK);
    assert_string_equal(changes_after(fixture, start), "sections section:1");
    assert_int_equal(store_section_ensure(fixture->store, "Sport", &sport), GZ_OK);

    int64_t before_put = latest(fixture);
    content_article_t a = article(7, world);
    assert_int_equal(store_article_put(fixture->store, &a), GZ_OK);
    assert_string_equal(changes_after(fixture, before_put), "article:7 section:1 home feeds");

    int64_t before_move = latest(fixture);
    a.section.id = sport;
    assert_int_equal(store_article_put(fixture->store, &a), GZ_OK);
    assert_string_equal(changes_after(fixture, before_move),
                        "article:7 section:2 section:1 home feeds");

    int64_t before_delete = latest(fixture);
    assert_int_equal(store_article_delete(fixture->store, 7), GZ_OK);
    assert_string_equal(changes_after(fixture, before_delete), "article:7 section:2 home feeds");
}

static void tags_and_unsectioned_articles(void **state)
{
    fixture_t *fixture = *state;
    int64_t tag;
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &tag), GZ_OK);
    content_tag_t tags[] = {{.id = tag}};
    content_article_t a = article(9, 0);
    a.tags = tags;
    a.tag_count = 1;
    int64_t before = latest(fixture);
    assert_int_equal(store_article_put(fixture->store, &a), GZ_OK);
    assert_string_equal(changes_after(fixture, before), "article:9 home feeds|tag:1");
}

static void a_failed_write_leaves_no_change(void **state)
{
    fixture_t *fixture = *state;
    content_related_t missing = {.id = 404};
    content_article_t a = article(11, 0);
    a.related = &missing;
    a.related_count = 1;
    int64_t before = latest(fixture);
    assert_int_not_equal(store_article_put(fixture->store, &a), GZ_OK);
    assert_int_equal(latest(fixture), before);
    assert_string_equal(changes_after(fixture, before), "");
}

static void reads_are_limited_and_ordered(void **state)
{
    fixture_t *fixture = *state;
    int64_t before = latest(fixture);
    for (int64_t id = 1; id <= 5; id++) {
        content_article_t a = article(id, 0);
        assert_int_equal(store_article_put(fixture->store, &a), GZ_OK);
    }
    store_change_t *changes;
    size_t count;
    assert_int_equal(store_changes_since(fixture->store, before, 2, &fixture->pool, &changes,
                                         &count),
                     GZ_OK);
    assert_int_equal(count, 2);
    assert_string_equal(changes[0].tags, "article:1 home feeds");
    assert_string_equal(changes[1].tags, "article:2 home feeds");
    assert_true(changes[1].seq > changes[0].seq);
    assert_int_equal(latest(fixture) - before, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(writes_record_their_tags, temp_store_open, temp_store_close),
        cmocka_unit_test_setup_teardown(tags_and_unsectioned_articles, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(a_failed_write_leaves_no_change, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(reads_are_limited_and_ordered, temp_store_open,
                                        temp_store_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
