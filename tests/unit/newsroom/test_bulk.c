/*
 * Tests of the newsroom's bulk changes (bulk.c) on a real store: each
 * article gets the revision and audit row its single operation writes, an
 * article already as asked is left alone, one refused article (another
 * desk's, a step the role may not take) changes nothing at all and is
 * named, and bad input (an unknown status or section, an overlong tag,
 * too many articles) is refused before anything is read.
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
    newsroom_actor_t chief, news_editor, contributor;
    int64_t world, sport; /* desks News and Sport */
    int64_t ids[4];       /* drafts: 0 and 1 in World, 2 and 3 in Sport */
} fixture_t;

static int64_t add_user(store_t *store, const char *name, store_role_t role)
{
    store_user_t user = {.name = name, .display_name = name, .role = role, .password_hash = "x"};
    assert_int_equal(store_user_add(store, &user), GZ_OK);
    return user.id;
}

static int64_t add_section(fixture_t *fixture, const char *name, const char *desk)
{
    int64_t id = 0;
    assert_int_equal(store_section_ensure(fixture->store, name, &id), GZ_OK);
    content_section_t section;
    assert_int_equal(store_section_get(fixture->store, id, &fixture->pool, &section), GZ_OK);
    section.desk = desk;
    assert_int_equal(store_section_put(fixture->store, &section), GZ_OK);
    return id;
}

static int64_t create(fixture_t *fixture, const char *headline, const char *section)
{
    content_article_t *article = gz_pool_calloc(&fixture->pool, 1, sizeof *article);
    article->headline = headline;
    article->body_markdown = "First paragraph.";
    article->language = "en";
    article->section.name = section;
    article->content_type.id = 1;
    newsroom_edit_t edit = {.article = article, .action = NEWSROOM_SAVE};
    newsroom_result_t result;
    assert_int_equal(newsroom_save(fixture->store, &fixture->chief, &edit, &fixture->pool, &result),
                     GZ_OK);
    return result.article_id;
}

static int setup(void **state)
{
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    fixture_t *fixture = gz_calloc(1, sizeof *fixture);
    fixture->temp = temp_store_new(true);
    if (fixture->temp == NULL) {
        free(fixture);
        return -1;
    }
    fixture->store = fixture->temp->store;
    fixture->chief = (newsroom_actor_t){.name = "chief", .role = STORE_ROLE_CHIEF_EDITOR};
    fixture->chief.user_id = add_user(fixture->store, "chief", STORE_ROLE_CHIEF_EDITOR);
    fixture->news_editor =
        (newsroom_actor_t){.name = "nina", .role = STORE_ROLE_EDITOR, .desks = "News"};
    fixture->news_editor.user_id = add_user(fixture->store, "nina", STORE_ROLE_EDITOR);
    fixture->contributor = (newsroom_actor_t){.name = "carl", .role = STORE_ROLE_CONTRIBUTOR};
    fixture->contributor.user_id = add_user(fixture->store, "carl", STORE_ROLE_CONTRIBUTOR);
    fixture->world = add_section(fixture, "World", "News");
    fixture->sport = add_section(fixture, "Sport", "Sport");
    fixture->ids[0] = create(fixture, "Ceasefire talks", "World");
    fixture->ids[1] = create(fixture, "Election called", "World");
    fixture->ids[2] = create(fixture, "Derby report", "Sport");
    fixture->ids[3] = create(fixture, "Transfer news", "Sport");
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

static content_article_t *load(fixture_t *fixture, int64_t id)
{
    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, id, &fixture->pool, &article), GZ_OK);
    return article;
}

static int bulk(fixture_t *fixture, const newsroom_actor_t *actor, newsroom_bulk_kind_t kind,
                const int64_t *ids, size_t n, const char *value, newsroom_bulk_result_t *result)
{
    newsroom_bulk_t change = {.kind = kind, .ids = ids, .count = n, .value = value};
    return newsroom_bulk_apply(fixture->store, actor, &change, &fixture->pool, result);
}

/* The revisions and audit rows written since setup (four creations). */
static int64_t revisions(fixture_t *fixture)
{
    return count(fixture, "SELECT count(*) FROM article_revisions") - 4;
}

static int64_t audits(fixture_t *fixture, const char *action)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE action = '%s'", action);
    return count(fixture, sql);
}

static void a_status_change_moves_each_with_its_revision_and_audit_row(void **state)
{
    fixture_t *fixture = *state;
    newsroom_bulk_result_t result;
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_STATUS, fixture->ids, 3,
                          "in_review", &result),
                     GZ_OK);
    assert_int_equal(result.changed, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(load(fixture, fixture->ids[i])->workflow_status, "in_review");
    assert_string_equal(load(fixture, fixture->ids[3])->workflow_status, "draft");
    assert_int_equal(revisions(fixture), 3);
    assert_int_equal(audits(fixture, "move"), 3);
    assert_int_equal(count(fixture, "SELECT count(*) FROM audit_log WHERE action = 'move'"
                                    " AND detail LIKE '%bulk status of 3'"),
                     3);
    /* Again: all three are there already, and the fourth moves. */
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_STATUS, fixture->ids, 4,
                          "in_review", &result),
                     GZ_OK);
    assert_int_equal(result.changed, 1);
    assert_int_equal(result.unchanged, 3);
    assert_int_equal(revisions(fixture), 4);
}

static void one_refused_article_changes_nothing_and_is_named(void **state)
{
    fixture_t *fixture = *state;
    newsroom_bulk_result_t result;
    /* The News desk's editor selects two World stories and a Sport one. */
    const int64_t ids[] = {fixture->ids[0], fixture->ids[2], fixture->ids[1]};
    assert_int_equal(bulk(fixture, &fixture->news_editor, NEWSROOM_BULK_STATUS, ids, 3, "spiked",
                          &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(result.refused_count, 1);
    assert_int_equal(result.refused[0].article_id, fixture->ids[2]);
    assert_string_equal(result.refused[0].headline, "Derby report");
    assert_non_null(strstr(result.refused[0].reason, "desk"));
    assert_non_null(strstr(result.message, "Nothing was changed"));
    assert_int_equal(result.changed, 0);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(load(fixture, fixture->ids[i])->workflow_status, "draft");
    assert_int_equal(revisions(fixture), 0);
    assert_int_equal(audits(fixture, "move"), 0);
    /* A contributor may submit but not spike: every article is named. */
    assert_int_equal(bulk(fixture, &fixture->contributor, NEWSROOM_BULK_STATUS, fixture->ids, 2,
                          "spiked", &result),
                     GZ_EINVAL);
    assert_int_equal(result.refused_count, 2);
    assert_int_equal(revisions(fixture), 0);
}

static void a_section_change_respects_desks(void **state)
{
    fixture_t *fixture = *state;
    newsroom_bulk_result_t result;
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_SECTION, fixture->ids, 3,
                          "sport", &result),
                     GZ_OK);
    assert_int_equal(result.changed, 2); /* the third is in Sport already */
    assert_int_equal(result.unchanged, 1);
    assert_int_equal(load(fixture, fixture->ids[0])->section.id, fixture->sport);
    assert_int_equal(load(fixture, fixture->ids[1])->section.id, fixture->sport);
    assert_int_equal(revisions(fixture), 2);
    assert_int_equal(audits(fixture, "save"), 2);
    /* The News editor cannot move a story into Sport. */
    const int64_t back[] = {fixture->ids[3]};
    assert_int_equal(bulk(fixture, &fixture->news_editor, NEWSROOM_BULK_SECTION, back, 1, "world",
                          &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(load(fixture, fixture->ids[3])->section.id, fixture->sport);
}

static void tags_are_added_and_removed(void **state)
{
    fixture_t *fixture = *state;
    newsroom_bulk_result_t result;
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_ADD_TAGS, fixture->ids, 2,
                          "Syria, Aleppo", &result),
                     GZ_OK);
    content_article_t *first = load(fixture, fixture->ids[0]);
    assert_int_equal(first->tag_count, 2);
    assert_string_equal(first->tags[0].name, "Syria");
    assert_string_equal(first->tags[1].name, "Aleppo");
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_REMOVE_TAGS, fixture->ids, 3,
                          "syria", &result),
                     GZ_OK);
    assert_int_equal(result.changed, 2);
    assert_int_equal(result.unchanged, 1); /* the third never had it */
    first = load(fixture, fixture->ids[0]);
    assert_int_equal(first->tag_count, 1);
    assert_string_equal(first->tags[0].name, "Aleppo");
    assert_int_equal(revisions(fixture), 4);
}

static void a_deletion_is_all_or_nothing(void **state)
{
    fixture_t *fixture = *state;
    newsroom_bulk_result_t result;
    assert_int_equal(bulk(fixture, &fixture->contributor, NEWSROOM_BULK_DELETE, fixture->ids, 2,
                          NULL, &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    const int64_t mixed[] = {fixture->ids[0], fixture->ids[3]};
    assert_int_equal(bulk(fixture, &fixture->news_editor, NEWSROOM_BULK_DELETE, mixed, 2, NULL,
                          &result),
                     GZ_EINVAL);
    assert_int_equal(result.refused_count, 1);
    assert_int_equal(result.refused[0].article_id, fixture->ids[3]);
    assert_int_equal(count(fixture, "SELECT count(*) FROM articles"), 4);
    assert_int_equal(audits(fixture, "delete"), 0);

    content_article_t *articles[2];
    newsroom_bulk_t check = {.kind = NEWSROOM_BULK_DELETE, .ids = fixture->ids, .count = 2};
    assert_int_equal(newsroom_bulk_check_delete(fixture->store, &fixture->chief, &check,
                                                &fixture->pool, articles, &result),
                     GZ_OK);
    assert_string_equal(articles[1]->headline, "Election called");
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_DELETE, fixture->ids, 2, NULL,
                          &result),
                     GZ_OK);
    assert_int_equal(result.changed, 2);
    assert_int_equal(count(fixture, "SELECT count(*) FROM articles"), 2);
    assert_int_equal(audits(fixture, "delete"), 2);
    assert_int_equal(revisions(fixture), 0); /* the creations' revisions are kept */
}

static void bad_input_is_refused_before_anything(void **state)
{
    fixture_t *fixture = *state;
    newsroom_bulk_result_t result;
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_STATUS, fixture->ids, 2,
                          "nowhere", &result),
                     GZ_EINVAL);
    assert_false(result.not_allowed);
    assert_non_null(strstr(result.message, "no status"));
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_SECTION, fixture->ids, 2,
                          "Atlantis", &result),
                     GZ_EINVAL);
    assert_non_null(strstr(result.message, "There is no section named \"Atlantis\""));
    char tag[200];
    memset(tag, 'x', sizeof tag - 1);
    tag[sizeof tag - 1] = '\0';
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_ADD_TAGS, fixture->ids, 2, tag,
                          &result),
                     GZ_EINVAL);
    assert_non_null(strstr(result.message, "longer than 120 characters"));
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_ADD_TAGS, fixture->ids, 2, " , ",
                          &result),
                     GZ_EINVAL);
    int64_t many[NEWSROOM_BULK_MAX + 1];
    for (size_t i = 0; i < NEWSROOM_BULK_MAX + 1; i++)
        many[i] = (int64_t)i + 1;
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_STATUS, many,
                          NEWSROOM_BULK_MAX + 1, "in_review", &result),
                     GZ_EINVAL);
    assert_non_null(strstr(result.message, "at most 200"));
    const int64_t twice[] = {fixture->ids[0], fixture->ids[0]};
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_STATUS, twice, 2, "in_review",
                          &result),
                     GZ_EINVAL);
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_STATUS, fixture->ids, 0,
                          "in_review", &result),
                     GZ_EINVAL);
    const int64_t missing[] = {fixture->ids[0], 999};
    assert_int_equal(bulk(fixture, &fixture->chief, NEWSROOM_BULK_STATUS, missing, 2, "in_review",
                          &result),
                     GZ_EINVAL);
    assert_int_equal(result.refused_count, 1);
    assert_int_equal(result.refused[0].article_id, 999);
    assert_int_equal(revisions(fixture), 0);
    assert_string_equal(load(fixture, fixture->ids[0])->workflow_status, "draft");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            a_status_change_moves_each_with_its_revision_and_audit_row, setup, teardown),
        cmocka_unit_test_setup_teardown(one_refused_article_changes_nothing_and_is_named, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_section_change_respects_desks, setup, teardown),
        cmocka_unit_test_setup_teardown(tags_are_added_and_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_deletion_is_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input_is_refused_before_anything, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
