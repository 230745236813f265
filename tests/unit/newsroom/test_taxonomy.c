/*
 * Tests of the newsroom's taxonomy (taxonomy.c) on a real store (SQLite,
 * or PostgreSQL with GAZETTE_TEST_PG): editors add, edit and order
 * sections, writers may not; bad input (overlong, invalid UTF-8, a taken
 * address, a parent cycle) is refused with every message and changes
 * nothing; the article editor refuses a section nobody added; tags are
 * renamed and merged with audit rows; content types are added and
 * edited; and, with the test hooks, each write is all or nothing.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "newsroom/newsroom.h"
#include "support/temp_store.h"
#if GAZETTE_TEST_HOOKS
#include "support/fault_walk.h"
#endif

typedef struct {
    temp_store_t *temp;
    store_t *store;
    gz_pool_t pool;
    newsroom_actor_t writer, editor;
    newsroom_taxonomy_result_t result;
} fixture_t;

static int64_t add_user(store_t *store, const char *name, store_role_t role)
{
    store_user_t user = {.name = name, .role = role, .password_hash = "x"};
    assert_int_equal(store_user_add(store, &user), GZ_OK);
    return user.id;
}

static int setup(void **state)
{
    fixture_t *fixture = gz_calloc(1, sizeof *fixture);
    fixture->temp = temp_store_new(true);
    if (fixture->temp == NULL) {
        free(fixture);
        return -1;
    }
    fixture->store = fixture->temp->store;
    fixture->writer = (newsroom_actor_t){.name = "wendy", .role = STORE_ROLE_AUTHOR};
    fixture->writer.user_id = add_user(fixture->store, "wendy", STORE_ROLE_AUTHOR);
    fixture->editor = (newsroom_actor_t){.name = "eddie", .role = STORE_ROLE_EDITOR};
    fixture->editor.user_id = add_user(fixture->store, "eddie", STORE_ROLE_EDITOR);
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

static int save(fixture_t *fixture, const newsroom_actor_t *actor, content_section_t section)
{
    return newsroom_section_save(fixture->store, actor, &section, &fixture->pool, &fixture->result);
}

static int64_t saved(fixture_t *fixture, content_section_t section)
{
    if (save(fixture, &fixture->editor, section) != GZ_OK)
        fail_msg("newsroom_section_save: %s", fixture->result.message);
    return fixture->result.id;
}

static void assert_message(fixture_t *fixture, const char *part)
{
    const char *message = fixture->result.message;
    if (message == NULL || strstr(message, part) == NULL)
        fail_msg("\"%s\" is not in the message \"%s\"", part, message ? message : "(none)");
}

static content_section_t section_at(fixture_t *fixture, int64_t id)
{
    content_section_t section;
    assert_int_equal(store_section_get(fixture->store, id, &fixture->pool, &section), GZ_OK);
    return section;
}

/* ---- sections ------------------------------------------------------------------ */

static void editors_add_sections_writers_may_not(void **state)
{
    fixture_t *fixture = *state;
    assert_int_equal(save(fixture, &fixture->writer, (content_section_t){.name = "Sport"}),
                     GZ_EINVAL);
    assert_true(fixture->result.not_allowed);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM sections"), 0);

    int64_t world = saved(fixture, (content_section_t){.name = "  World  "});
    int64_t sport = saved(
        fixture, (content_section_t){.name = "Sport", .desk = "Sport", .description = "Games."});
    int64_t football = saved(fixture, (content_section_t){.name = "Football", .parent_id = sport});
    content_section_t got = section_at(fixture, world);
    assert_string_equal(got.name, "World");
    assert_string_equal(got.slug, "world");
    assert_int_equal(got.position, 10); /* after the last sibling */
    assert_int_equal(section_at(fixture, sport).position, 20);
    assert_int_equal(section_at(fixture, football).position, 10);
    assert_string_equal(section_at(fixture, sport).desk, "Sport");
    assert_int_equal(
        count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'section-create'"), 3);

    got.hidden = true;
    got.description = "Everywhere.";
    assert_int_equal(save(fixture, &fixture->editor, got), GZ_OK);
    got = section_at(fixture, world);
    assert_true(got.hidden);
    assert_string_equal(got.description, "Everywhere.");
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'section-edit'"),
                     1);
}

static void bad_sections_are_refused_with_every_message(void **state)
{
    fixture_t *fixture = *state;
    int64_t sport = saved(fixture, (content_section_t){.name = "Sport"});
    int64_t football = saved(fixture, (content_section_t){.name = "Football", .parent_id = sport});
    int64_t sections = count(fixture, "SELECT COUNT(*) FROM sections");
    int64_t audits = count(fixture, "SELECT COUNT(*) FROM audit_log");

    char long_name[130];
    memset(long_name, 'x', 121);
    long_name[121] = '\0';
    assert_int_equal(
        save(fixture, &fixture->editor,
             (content_section_t){.name = long_name, .slug = "Not A Slug", .desk = "Bad\xC3 byte"}),
        GZ_EINVAL);
    assert_false(fixture->result.not_allowed);
    assert_message(fixture, "The name is too long: at most 120 characters (it has 121).");
    assert_message(fixture, "The address name may hold only lower-case letters");
    assert_message(fixture, "The desk is not valid UTF-8.");
    assert_int_equal(save(fixture, &fixture->editor, (content_section_t){.name = "Bad\xC3 byte"}),
                     GZ_EINVAL);
    assert_message(fixture, "The name is not valid UTF-8.");
    assert_int_equal(save(fixture, &fixture->editor, (content_section_t){.name = "  "}), GZ_EINVAL);
    assert_message(fixture, "The name is required.");
    assert_int_equal(save(fixture, &fixture->editor, (content_section_t){.name = "Line\nbreak"}),
                     GZ_EINVAL);
    assert_message(fixture, "cannot hold line breaks");
    assert_int_equal(save(fixture, &fixture->editor, (content_section_t){.name = "SPORT"}),
                     GZ_EINVAL);
    assert_message(fixture, "Another section (Sport) already has the address name \"sport\".");

    /* A parent cycle, however it is tried. */
    content_section_t top = section_at(fixture, sport);
    top.parent_id = football;
    assert_int_equal(save(fixture, &fixture->editor, top), GZ_EINVAL);
    assert_message(fixture, "The parent must be a top-level section");
    top.parent_id = sport;
    assert_int_equal(save(fixture, &fixture->editor, top), GZ_EINVAL);
    assert_message(fixture, "A section cannot be its own parent.");
    int64_t tennis = saved(fixture, (content_section_t){.name = "Tennis"});
    top.parent_id = tennis;
    assert_int_equal(save(fixture, &fixture->editor, top), GZ_EINVAL);
    assert_message(fixture, "This section has sections under it");
    top.parent_id = 9999;
    assert_int_equal(save(fixture, &fixture->editor, top), GZ_EINVAL);
    assert_message(fixture, "The parent section does not exist.");
    content_section_t unknown = {.id = 9999, .name = "Ghost"};
    assert_int_equal(save(fixture, &fixture->editor, unknown), GZ_ENOTFOUND);

    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM sections"), sections + 1);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log"), audits + 1);
    assert_int_equal(section_at(fixture, sport).parent_id, 0);
}

static void moving_renumbers_the_siblings(void **state)
{
    fixture_t *fixture = *state;
    int64_t a = saved(fixture, (content_section_t){.name = "A", .position = 7});
    int64_t b = saved(fixture, (content_section_t){.name = "B", .position = 8});
    int64_t c = saved(fixture, (content_section_t){.name = "C", .position = 30});
    int64_t child = saved(fixture, (content_section_t){.name = "Child", .parent_id = b});
    assert_int_equal(newsroom_section_move(fixture->store, &fixture->editor, c, -1, &fixture->pool,
                                           &fixture->result),
                     GZ_OK);
    assert_int_equal(section_at(fixture, a).position, 10);
    assert_int_equal(section_at(fixture, c).position, 20);
    assert_int_equal(section_at(fixture, b).position, 30);
    assert_int_equal(section_at(fixture, child).position, 10);
    assert_int_equal(newsroom_section_move(fixture->store, &fixture->editor, a, -1, &fixture->pool,
                                           &fixture->result),
                     GZ_OK); /* first already: stays */
    assert_int_equal(section_at(fixture, a).position, 10);
    assert_int_equal(newsroom_section_move(fixture->store, &fixture->writer, a, 1, &fixture->pool,
                                           &fixture->result),
                     GZ_EINVAL);
    assert_true(fixture->result.not_allowed);
    assert_int_equal(section_at(fixture, a).position, 10);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'section-move'"),
                     2);
}

/* ---- the article editor -------------------------------------------------------------- */

typedef struct {
    const char *names[4];
    const char *values[4];
} form_t;

static const char *form_field(void *context, const char *name)
{
    form_t *form = context;
    for (size_t i = 0; i < 4 && form->names[i] != NULL; i++)
        if (strcmp(form->names[i], name) == 0)
            return form->values[i];
    return NULL;
}

static void the_editor_never_makes_a_section(void **state)
{
    fixture_t *fixture = *state;
    int64_t region = saved(fixture, (content_section_t){.name = "Middle East", .slug = "mideast"});
    content_article_t *article = gz_pool_calloc(&fixture->pool, 1, sizeof *article);
    form_t form = {{"headline", "section", "body", NULL},
                   {"Aleppo", "Nowhere Land", "Text.", NULL}};
    gz_buf_t problems = GZ_BUF_INIT;
    assert_int_equal(newsroom_apply_fields(fixture->store, article, form_field, &form, "en",
                                           &fixture->pool, &problems),
                     GZ_OK);
    assert_string_equal(gz_buf_cstr(&problems),
                        "There is no section named \"Nowhere Land\": ask an editor to add it "
                        "under Sections, or pick one.");
    const char *typed[] = {"mideast", "Middle East", "middle east"};
    for (size_t i = 0; i < 3; i++) {
        gz_buf_reset(&problems);
        form.values[1] = typed[i];
        assert_int_equal(newsroom_apply_fields(fixture->store, article, form_field, &form, "en",
                                               &fixture->pool, &problems),
                         GZ_OK);
        assert_int_equal(problems.len, 0);
        assert_int_equal(article->section.id, region);
    }
    gz_buf_free(&problems);

    /* A caller that only names a section is refused too, and nothing is stored. */
    article->section = (content_section_t){.name = "Nowhere Land"};
    article->content_type.id = 1;
    newsroom_edit_t edit = {.article = article, .action = NEWSROOM_SAVE};
    newsroom_result_t result;
    assert_int_equal(
        newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, &result), GZ_EINVAL);
    assert_non_null(strstr(result.message, "There is no section named \"Nowhere Land\""));
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM articles"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM sections"), 1);
}

/* ---- tags and content types ------------------------------------------------------------- */

static void editors_rename_and_merge_tags(void **state)
{
    fixture_t *fixture = *state;
    int64_t city = 0, aleppo = 0;
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo city", &city), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &aleppo), GZ_OK);
    newsroom_taxonomy_result_t *result = &fixture->result;
    assert_int_equal(newsroom_tag_rename(fixture->store, &fixture->writer, city, "X", "",
                                         &fixture->pool, result),
                     GZ_EINVAL);
    assert_true(result->not_allowed);
    assert_int_equal(newsroom_tag_rename(fixture->store, &fixture->editor, city, "Bad\xC3 byte", "",
                                         &fixture->pool, result),
                     GZ_EINVAL);
    assert_message(fixture, "The name is not valid UTF-8.");
    assert_int_equal(newsroom_tag_rename(fixture->store, &fixture->editor, city, "Aleppo", "",
                                         &fixture->pool, result),
                     GZ_ECONFLICT);
    assert_message(fixture, "merge the two instead");
    assert_int_equal(newsroom_tag_rename(fixture->store, &fixture->editor, city,
                                         "Old city of Aleppo", "", &fixture->pool, result),
                     GZ_OK);
    content_tag_t got;
    assert_int_equal(store_tag_get(fixture->store, city, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got.slug, "old-city-of-aleppo");

    assert_int_equal(
        newsroom_tag_merge(fixture->store, &fixture->editor, city, city, &fixture->pool, result),
        GZ_EINVAL);
    assert_message(fixture, "cannot be merged into itself");
    assert_int_equal(
        newsroom_tag_merge(fixture->store, &fixture->writer, city, aleppo, &fixture->pool, result),
        GZ_EINVAL);
    assert_true(result->not_allowed);
    assert_int_equal(
        newsroom_tag_merge(fixture->store, &fixture->editor, city, aleppo, &fixture->pool, result),
        GZ_OK);
    assert_int_equal(result->id, aleppo);
    assert_int_equal(store_tag_get_by_old_slug(fixture->store, "aleppo-city", &fixture->pool, &got),
                     GZ_OK);
    assert_int_equal(got.id, aleppo);
    assert_int_equal(
        newsroom_tag_merge(fixture->store, &fixture->editor, city, aleppo, &fixture->pool, result),
        GZ_ENOTFOUND);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'tag-%'"), 2);
}

static void editors_add_and_edit_content_types(void **state)
{
    fixture_t *fixture = *state;
    newsroom_taxonomy_result_t *result = &fixture->result;
    content_type_t gallery = {.name = "Gallery", .headline_prefix = " PHOTOS "};
    assert_int_equal(newsroom_content_type_save(fixture->store, &fixture->writer, &gallery, true,
                                                &fixture->pool, result),
                     GZ_EINVAL);
    assert_true(result->not_allowed);
    assert_int_equal(newsroom_content_type_save(fixture->store, &fixture->editor, &gallery, true,
                                                &fixture->pool, result),
                     GZ_OK);
    content_type_t got;
    assert_int_equal(store_content_type_get(fixture->store, result->id, &fixture->pool, &got),
                     GZ_OK);
    assert_true(got.id > 21); /* after the seeded ones */
    assert_string_equal(got.slug, "gallery");
    assert_string_equal(got.headline_prefix, "PHOTOS");

    content_type_t clash = {.id = 50, .name = "Clips", .slug = "video"};
    assert_int_equal(newsroom_content_type_save(fixture->store, &fixture->editor, &clash, true,
                                                &fixture->pool, result),
                     GZ_ECONFLICT);
    assert_message(fixture, "already has the address name \"video\"");
    content_type_t taken = {.id = 21, .name = "Clips"};
    assert_int_equal(newsroom_content_type_save(fixture->store, &fixture->editor, &taken, true,
                                                &fixture->pool, result),
                     GZ_ECONFLICT);
    content_type_t video = {.id = 21, .name = "Videos", .slug = "video", .headline_prefix = ""};
    assert_int_equal(newsroom_content_type_save(fixture->store, &fixture->editor, &video, false,
                                                &fixture->pool, result),
                     GZ_OK);
    assert_int_equal(store_content_type_get(fixture->store, 21, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got.name, "Videos");
    assert_null(got.headline_prefix);
    content_type_t ghost = {.id = 999, .name = "Ghost"};
    assert_int_equal(newsroom_content_type_save(fixture->store, &fixture->editor, &ghost, false,
                                                &fixture->pool, result),
                     GZ_ENOTFOUND);
}

/* ---- all or nothing ---------------------------------------------------------------------- */

#if GAZETTE_TEST_HOOKS
typedef struct {
    fixture_t *fixture;
    int kind;
    int64_t a, b;
} write_t;

static int taxonomy_write(void *context, const char **message)
{
    write_t *write = context;
    fixture_t *fixture = write->fixture;
    int code = GZ_OK;
    if (write->kind == 0) {
        content_section_t section = {.name = "Later", .parent_id = write->a};
        code = newsroom_section_save(fixture->store, &fixture->editor, &section, &fixture->pool,
                                     &fixture->result);
    } else if (write->kind == 1) {
        code = newsroom_section_move(fixture->store, &fixture->editor, write->b, -1, &fixture->pool,
                                     &fixture->result);
    } else {
        code = newsroom_tag_merge(fixture->store, &fixture->editor, write->a, write->b,
                                  &fixture->pool, &fixture->result);
    }
    *message = fixture->result.message;
    return code;
}

static void every_write_is_all_or_nothing(void **state)
{
    fixture_t *fixture = *state;
    int64_t a = saved(fixture, (content_section_t){.name = "A"});
    int64_t b = saved(fixture, (content_section_t){.name = "B"});
    int64_t war = 0, aleppo = 0;
    assert_int_equal(store_tag_ensure(fixture->store, "War", &war), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &aleppo), GZ_OK);
    fault_walk_t walk = {.temp = fixture->temp};
    for (int kind = 0; kind < 3; kind++) {
        write_t write = {fixture, kind, kind == 2 ? war : a, kind == 2 ? aleppo : b};
        assert_true(fault_walk(&walk, taxonomy_write, &write) > 0);
    }
    assert_int_equal(section_at(fixture, b).position, 10);
}
#endif

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(editors_add_sections_writers_may_not),
        TEST(bad_sections_are_refused_with_every_message),
        TEST(moving_renumbers_the_siblings),
        TEST(the_editor_never_makes_a_section),
        TEST(editors_rename_and_merge_tags),
        TEST(editors_add_and_edit_content_types),
#if GAZETTE_TEST_HOOKS
        TEST(every_write_is_all_or_nothing),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
