/* Unit tests of the store's taxonomy management (store_taxonomy.c,
 * store_tags.c, schema step 13), on SQLite or on PostgreSQL with
 * GAZETTE_TEST_PG: sections round-trip every field and list in navigation
 * order with hidden ones flagged; a section's bad parent or taken slug is
 * refused; a tag's rename keeps its old slug (and a name typed later
 * finds it); a merge moves every article's link once, hands over the
 * slugs and logs every page that showed the merged tag; a content type's
 * slug is unique; and, with the test hooks, a rename and a merge are all
 * or nothing. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/temp_store.h"
#if GAZETTE_TEST_HOOKS
#include "support/fault_walk.h"
#endif

typedef temp_store_t fixture_t;

static int64_t put_section(fixture_t *fixture, content_section_t section)
{
    if (store_section_put(fixture->store, &section) != GZ_OK)
        fail_msg("store_section_put: %s", store_last_error(fixture->store));
    assert_true(section.id > 0);
    return section.id;
}

static int64_t tag(fixture_t *fixture, const char *name)
{
    int64_t id = 0;
    assert_int_equal(store_tag_ensure(fixture->store, name, &id), GZ_OK);
    return id;
}

static void put_article(fixture_t *fixture, int64_t id, const int64_t *tags, size_t count)
{
    content_tag_t links[4] = {{0}};
    for (size_t i = 0; i < count; i++)
        links[i].id = tags[i];
    content_article_t article = {.id = id,
                                 .headline = "A story",
                                 .slug = "a-story",
                                 .language = "en",
                                 .status = CONTENT_PUBLISHED,
                                 .published_at = gz_now() - 100 + id,
                                 .tags = links,
                                 .tag_count = count};
    if (store_article_put(fixture->store, &article) != GZ_OK)
        fail_msg("store_article_put: %s", store_last_error(fixture->store));
}

static int64_t latest_change(fixture_t *fixture)
{
    int64_t seq = 0;
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    return seq;
}

/* Every entry after seq, joined with " ", with a space at each end so a
 * test can look for " tag:3 ". */
static const char *changes_after(fixture_t *fixture, int64_t seq)
{
    store_change_t *changes = NULL;
    size_t count = 0;
    assert_int_equal(
        store_changes_since(fixture->store, seq, 1000, &fixture->pool, &changes, &count), GZ_OK);
    gz_buf_t joined = GZ_BUF_INIT;
    gz_buf_append_char(&joined, ' ');
    for (size_t i = 0; i < count; i++)
        gz_buf_printf(&joined, "%s ", changes[i].tags);
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&joined));
    gz_buf_free(&joined);
    return text;
}

static void assert_logged(const char *log, const char *format, long long id)
{
    char wanted[64];
    snprintf(wanted, sizeof wanted, format, id);
    if (strstr(log, wanted) == NULL)
        fail_msg("\"%s\" is not in the change log:%s", wanted, log);
}

/* The tags of article id, by slug, joined with ",". */
static const char *tags_of(fixture_t *fixture, int64_t id)
{
    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, id, &fixture->pool, &article), GZ_OK);
    gz_buf_t joined = GZ_BUF_INIT;
    for (size_t i = 0; i < article->tag_count; i++)
        gz_buf_printf(&joined, "%s%s", i > 0 ? "," : "", article->tags[i].slug);
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&joined));
    gz_buf_free(&joined);
    return text;
}

/* ---- sections ------------------------------------------------------------------ */

static void sections_list_in_navigation_order(void **state)
{
    fixture_t *fixture = *state;
    int64_t world =
        put_section(fixture, (content_section_t){.slug = "world", .name = "World", .position = 20});
    int64_t sport = put_section(
        fixture,
        (content_section_t){.slug = "sport", .name = "Sport", .position = 10, .desk = "Sport"});
    put_section(fixture,
                (content_section_t){
                    .slug = "football", .name = "Football", .position = 5, .parent_id = sport});
    put_section(
        fixture,
        (content_section_t){.slug = "tennis", .name = "Tennis", .position = 1, .parent_id = sport});
    int64_t archive =
        put_section(fixture, (content_section_t){.slug = "archive",
                                                 .name = "Archive",
                                                 .position = 30,
                                                 .description = "Old \"stories\"\nkept.",
                                                 .hidden = true});
    put_section(fixture, (content_section_t){
                             .slug = "old-sport", .name = "Old sport", .parent_id = archive});
    int64_t asia = 0; /* the importer's: after the last top-level section */
    assert_int_equal(store_section_ensure(fixture->store, "Asia", &asia), GZ_OK);

    content_section_t *sections = NULL;
    size_t count = 0;
    assert_int_equal(store_section_list(fixture->store, &fixture->pool, &sections, &count), GZ_OK);
    const char *order[] = {"sport", "tennis", "football", "world", "archive", "old-sport", "asia"};
    assert_int_equal(count, 7);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(sections[i].slug, order[i]);
    assert_true(content_section_is_listed(&sections[1], sections, count));
    assert_false(content_section_is_listed(&sections[4], sections, count));
    /* Its parent is hidden. */
    assert_false(content_section_is_listed(&sections[5], sections, count));
    assert_int_equal(sections[6].position, 40);
    assert_int_equal(sections[0].id, sport);
    assert_string_equal(sections[0].desk, "Sport");
    assert_int_equal(sections[2].parent_id, sport);

    content_section_t got;
    assert_int_equal(store_section_get_by_slug(fixture->store, "archive", &fixture->pool, &got),
                     GZ_OK);
    assert_string_equal(got.description, "Old \"stories\"\nkept.");
    assert_true(got.hidden);
    assert_int_equal(got.position, 30);
    assert_int_equal(got.parent_id, 0);
    assert_null(got.desk);
    assert_int_equal(store_section_get(fixture->store, world, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got.name, "World");
    assert_int_equal(store_section_get(fixture->store, 9999, &fixture->pool, &got), GZ_ENOTFOUND);
}

static void a_section_edit_is_logged_and_bad_ones_refused(void **state)
{
    fixture_t *fixture = *state;
    content_section_t world = {.slug = "world", .name = "World"};
    world.id = put_section(fixture, world);
    put_section(fixture, (content_section_t){.slug = "sport", .name = "Sport"});
    int64_t seq = latest_change(fixture);
    world.description = "News from everywhere.";
    world.hidden = true;
    assert_int_equal(store_section_put(fixture->store, &world), GZ_OK);
    assert_logged(changes_after(fixture, seq), " sections section:%lld ", (long long)world.id);

    seq = latest_change(fixture);
    content_section_t taken = world;
    taken.slug = "sport";
    assert_int_equal(store_section_put(fixture->store, &taken), GZ_ECONFLICT);
    assert_non_null(strstr(store_last_error(fixture->store), "sport"));
    content_section_t own = world;
    own.parent_id = world.id;
    assert_int_equal(store_section_put(fixture->store, &own), GZ_EINVAL);
    content_section_t orphan = world;
    orphan.parent_id = 9999;
    assert_int_equal(store_section_put(fixture->store, &orphan), GZ_EINVAL);
    content_section_t unknown = {.id = 9999, .slug = "x", .name = "X"};
    assert_int_equal(store_section_put(fixture->store, &unknown), GZ_ENOTFOUND);
    content_section_t nameless = {.slug = "x", .name = ""};
    assert_int_equal(store_section_put(fixture->store, &nameless), GZ_EINVAL);
    assert_string_equal(changes_after(fixture, seq), " ");
    content_section_t got;
    assert_int_equal(store_section_get(fixture->store, world.id, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got.slug, "world");
    assert_int_equal(got.parent_id, 0);
}

/* ---- tags ------------------------------------------------------------------------- */

static void a_rename_keeps_the_old_slug(void **state)
{
    fixture_t *fixture = *state;
    int64_t aleppo = tag(fixture, "Aleppo"), war = tag(fixture, "War");
    put_article(fixture, 1, &aleppo, 1);
    put_article(fixture, 2, (int64_t[]){war, aleppo}, 2);
    put_article(fixture, 3, &war, 1);
    int64_t seq = latest_change(fixture);
    assert_int_equal(store_tag_rename(fixture->store, aleppo, "Aleppo city", "aleppo-city"), GZ_OK);
    const char *log = changes_after(fixture, seq);
    assert_logged(log, " tag:%lld feeds ", (long long)aleppo);
    assert_logged(log, " article:%lld ", 1);
    assert_logged(log, " article:%lld ", 2);
    assert_null(strstr(log, " article:3 "));

    content_tag_t got;
    assert_int_equal(store_tag_get_by_slug(fixture->store, "aleppo", &fixture->pool, &got),
                     GZ_ENOTFOUND);
    assert_int_equal(store_tag_get_by_old_slug(fixture->store, "aleppo", &fixture->pool, &got),
                     GZ_OK);
    assert_int_equal(got.id, aleppo);
    assert_string_equal(got.slug, "aleppo-city");
    assert_string_equal(got.name, "Aleppo city");
    assert_string_equal(tags_of(fixture, 2), "war,aleppo-city");
    /* Typing the old name finds the renamed tag rather than making another. */
    assert_int_equal(tag(fixture, "Aleppo"), aleppo);

    assert_int_equal(store_tag_rename(fixture->store, aleppo, "Aleppo", "war"), GZ_ECONFLICT);
    assert_int_equal(store_tag_rename(fixture->store, 9999, "X", "x"), GZ_ENOTFOUND);
    /* Back to the first slug: it is live again, and the second one is old. */
    assert_int_equal(store_tag_rename(fixture->store, aleppo, "Aleppo", "aleppo"), GZ_OK);
    assert_int_equal(store_tag_get_by_old_slug(fixture->store, "aleppo", &fixture->pool, &got),
                     GZ_ENOTFOUND);
    assert_int_equal(store_tag_get_by_old_slug(fixture->store, "aleppo-city", &fixture->pool, &got),
                     GZ_OK);
    assert_int_equal(got.id, aleppo);
    /* A name change alone keeps the slug and adds no old one. */
    assert_int_equal(store_tag_rename(fixture->store, war, "The war", "war"), GZ_OK);
    assert_int_equal(store_tag_get_by_old_slug(fixture->store, "war", &fixture->pool, &got),
                     GZ_ENOTFOUND);
}

static void a_merge_moves_every_link_once(void **state)
{
    fixture_t *fixture = *state;
    int64_t city = tag(fixture, "Aleppo city"), aleppo = tag(fixture, "Aleppo");
    int64_t war = tag(fixture, "War");
    put_article(fixture, 1, &city, 1);
    put_article(fixture, 2, (int64_t[]){city, war, aleppo}, 3);
    put_article(fixture, 3, &aleppo, 1);
    assert_int_equal(store_tag_rename(fixture->store, city, "Aleppo city", "aleppo-old-city"),
                     GZ_OK);
    int64_t seq = latest_change(fixture);
    assert_int_equal(store_tag_merge(fixture->store, city, aleppo), GZ_OK);

    const char *log = changes_after(fixture, seq);
    assert_logged(log, " article:%lld ", 1);
    assert_logged(log, " article:%lld ", 2);
    assert_logged(log, " tag:%lld ", (long long)city);
    assert_logged(log, " tag:%lld ", (long long)aleppo);
    assert_non_null(strstr(log, " feeds "));
    assert_string_equal(tags_of(fixture, 1), "aleppo");
    assert_string_equal(tags_of(fixture, 2), "war,aleppo");
    assert_string_equal(tags_of(fixture, 3), "aleppo");

    content_tag_t got;
    assert_int_equal(store_tag_get(fixture->store, city, &fixture->pool, &got), GZ_ENOTFOUND);
    const char *old[] = {"aleppo-city", "aleppo-old-city"};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(store_tag_get_by_old_slug(fixture->store, old[i], &fixture->pool, &got),
                         GZ_OK);
        assert_int_equal(got.id, aleppo);
    }
    store_article_query_t query = {.tag_id = aleppo, .live_only = true, .now = gz_now() + 10};
    content_article_list_t list;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 3); /* the tag's counter followed */
    assert_int_equal(list.count, 3);

    assert_int_equal(store_tag_merge(fixture->store, aleppo, aleppo), GZ_EINVAL);
    assert_int_equal(store_tag_merge(fixture->store, city, war), GZ_ENOTFOUND);
    assert_int_equal(store_tag_merge(fixture->store, war, 9999), GZ_ENOTFOUND);
    assert_string_equal(tags_of(fixture, 2), "war,aleppo");
}

static void the_list_counts_articles_and_searches(void **state)
{
    fixture_t *fixture = *state;
    int64_t aleppo = tag(fixture, "Aleppo"), war = tag(fixture, "War");
    tag(fixture, "Beirut");
    put_article(fixture, 1, &aleppo, 1);
    put_article(fixture, 2, (int64_t[]){war, aleppo}, 2);
    store_tag_list_t list;
    store_tag_query_t query = {0};
    assert_int_equal(store_tag_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 3);
    assert_string_equal(list.items[0].name, "Aleppo");
    assert_int_equal(list.article_counts[0], 2);
    assert_string_equal(list.items[1].name, "Beirut");
    assert_int_equal(list.article_counts[1], 0);
    assert_int_equal(list.article_counts[2], 1);
    query = (store_tag_query_t){.text = "ALEP"};
    assert_int_equal(store_tag_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 1);
    assert_int_equal(list.items[0].id, aleppo);
    query = (store_tag_query_t){.text = "%", .page = 1, .page_size = 2};
    assert_int_equal(store_tag_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 0); /* a wildcard is a plain character */
    query = (store_tag_query_t){.page = 2, .page_size = 2};
    assert_int_equal(store_tag_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.total, 3);
    query.page_size = STORE_TAG_PAGE_MAX + 1;
    assert_int_equal(store_tag_list(fixture->store, &query, &fixture->pool, &list), GZ_EINVAL);
}

static void a_content_type_slug_is_unique(void **state)
{
    fixture_t *fixture = *state;
    content_type_t gallery = {
        .id = 40, .slug = "gallery", .name = "Gallery", .headline_prefix = "PHOTOS"};
    assert_int_equal(store_content_type_put(fixture->store, &gallery), GZ_OK);
    content_type_t got;
    assert_int_equal(store_content_type_get(fixture->store, 40, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got.headline_prefix, "PHOTOS");
    content_type_t clash = {.id = 41, .slug = "video", .name = "Clips"};
    assert_int_equal(store_content_type_put(fixture->store, &clash), GZ_ECONFLICT);
    assert_int_equal(store_content_type_get(fixture->store, 41, &fixture->pool, &got),
                     GZ_ENOTFOUND);
}

/* ---- all or nothing ----------------------------------------------------------------- */

#if GAZETTE_TEST_HOOKS
typedef struct {
    fixture_t *fixture;
    int64_t from, into;
    bool merge;
} tag_write_t;

static int tag_write(void *context, const char **message)
{
    tag_write_t *write = context;
    *message = NULL;
    if (write->merge)
        return store_tag_merge(write->fixture->store, write->from, write->into);
    return store_tag_rename(write->fixture->store, write->from, "Renamed", "renamed");
}

static void renames_and_merges_are_all_or_nothing(void **state)
{
    fixture_t *fixture = *state;
    int64_t aleppo = tag(fixture, "Aleppo"), war = tag(fixture, "War");
    put_article(fixture, 1, &aleppo, 1);
    put_article(fixture, 2, (int64_t[]){war, aleppo}, 2);
    fault_walk_t walk = {.temp = fixture, .watched = {1, 2}};
    tag_write_t rename = {fixture, aleppo, 0, false};
    assert_true(fault_walk(&walk, tag_write, &rename) > 0);
    tag_write_t merge = {fixture, aleppo, war, true};
    assert_true(fault_walk(&walk, tag_write, &merge) > 0);
    assert_string_equal(tags_of(fixture, 2), "war");
    content_tag_t got;
    assert_int_equal(store_tag_get_by_old_slug(fixture->store, "renamed", &fixture->pool, &got),
                     GZ_OK);
    assert_int_equal(got.id, war);
}
#endif

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
    const struct CMUnitTest tests[] = {
        TEST(sections_list_in_navigation_order),
        TEST(a_section_edit_is_logged_and_bad_ones_refused),
        TEST(a_rename_keeps_the_old_slug),
        TEST(a_merge_moves_every_link_once),
        TEST(the_list_counts_articles_and_searches),
        TEST(a_content_type_slug_is_unique),
#if GAZETTE_TEST_HOOKS
        TEST(renames_and_merges_are_all_or_nothing),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
