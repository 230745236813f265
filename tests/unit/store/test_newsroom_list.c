/* Unit tests of the newsroom's article list (store_newsroom_find): each
 * filter, each order both ways, and the newsroom's own search index, which
 * finds drafts by a word of the body, a tag or an author's name, follows
 * renames and deletions, is rebuilt with the readers' index, and is filled
 * for articles stored before schema step 15. Run on SQLite and, under
 * make check's second half, on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/temp_store.h"

typedef struct {
    temp_store_t *temp;
    int64_t world, sport, culture; /* sections; desks News, Sport, none */
    int64_t alice, bob;            /* accounts */
} fixture_t;

static int64_t add_user(fixture_t *fixture, const char *name, const char *shown)
{
    store_user_t user = {.name = name,
                         .display_name = shown,
                         .role = STORE_ROLE_AUTHOR,
                         .password_hash = "$argon2id$unused"};
    assert_int_equal(store_user_add(fixture->temp->store, &user), GZ_OK);
    return user.id;
}

static int64_t add_section(fixture_t *fixture, const char *name, const char *desk)
{
    int64_t id = 0;
    assert_int_equal(store_section_ensure(fixture->temp->store, name, &id), GZ_OK);
    content_section_t section;
    assert_int_equal(store_section_get(fixture->temp->store, id, &fixture->temp->pool, &section),
                     GZ_OK);
    section.desk = desk;
    assert_int_equal(store_section_put(fixture->temp->store, &section), GZ_OK);
    return id;
}

typedef struct {
    int64_t id;
    const char *headline;
    const char *body;
    content_status_t status;
    const char *workflow_status;
    gz_time_t published_at;
    gz_time_t updated_at;
    int64_t section_id;
    const char *author; /* a name, made when missing */
    const char *tag;
} seed_t;

static void put(fixture_t *fixture, const seed_t *seed)
{
    store_t *store = fixture->temp->store;
    content_article_t a = {.id = seed->id,
                           .headline = seed->headline,
                           .slug = "s",
                           .language = "en",
                           .body_markdown = seed->body,
                           .status = seed->status,
                           .workflow_status = seed->workflow_status,
                           .published_at = seed->published_at,
                           .updated_at = seed->updated_at};
    a.section.id = seed->section_id;
    content_author_t author = {.name = seed->author};
    content_tag_t tag = {.name = seed->tag};
    if (seed->author != NULL) {
        assert_int_equal(store_author_ensure(store, seed->author, &author.id), GZ_OK);
        a.authors = &author;
        a.author_count = 1;
    }
    if (seed->tag != NULL) {
        assert_int_equal(store_tag_ensure(store, seed->tag, &tag.id), GZ_OK);
        a.tags = &tag;
        a.tag_count = 1;
    }
    assert_int_equal(store_article_put(store, &a), GZ_OK);
}

static void assign(fixture_t *fixture, int64_t article_id, int64_t user_id, gz_time_t due_at)
{
    store_assignment_t assignment = {
        .article_id = article_id, .user_id = user_id, .due_at = due_at};
    assert_int_equal(store_assignment_put(fixture->temp->store, &assignment), GZ_OK);
}

/* Five articles: every status, three sections, two authors, two tags,
 * assignments with due times. */
static int setup(void **state)
{
    fixture_t *fixture = calloc(1, sizeof *fixture);
    fixture->temp = temp_store_new(true);
    if (fixture->temp == NULL)
        return -1;
    fixture->world = add_section(fixture, "World", "News");
    fixture->sport = add_section(fixture, "Sport", "Sport");
    fixture->culture = add_section(fixture, "Culture", NULL);
    fixture->alice = add_user(fixture, "alice", "Alice Adams");
    fixture->bob = add_user(fixture, "bob", "");
    const seed_t seeds[] = {
        {1, "Aleppo hospital reopens", "The surgeons returned on Monday.", CONTENT_DRAFT, "draft",
         0, 1000, fixture->world, "Rania Haddad", "Syria"},
        {2, "Derby ends level", "A late penalty was saved.", CONTENT_PUBLISHED, "published", 5000,
         2000, fixture->sport, "Tom Reed", "Football"},
        {3, "Budget vote delayed", "Parliament adjourned.", CONTENT_IN_REVIEW, "copy_desk", 0, 3000,
         fixture->world, "Tom Reed", NULL},
        {4, "Cup final tonight", "Tickets sold out within minutes.", CONTENT_SCHEDULED, "scheduled",
         9000, 4000, fixture->sport, NULL, "Football"},
        {5, "Exhibition of calligraphy", "Ink and paper from Damascus.", CONTENT_SPIKED, "spiked",
         0, 5000, fixture->culture, "Rania Haddad", NULL},
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
        put(fixture, &seeds[i]);
    assign(fixture, 1, fixture->alice, 7000);
    assign(fixture, 3, fixture->bob, 6000);
    assign(fixture, 4, 0, 8000); /* a due time for nobody yet */
    *state = fixture;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fixture = *state;
    int result = temp_store_delete(fixture->temp);
    free(fixture);
    return result;
}

/* The ids of the page, in order, as "1 2 3". */
static const char *ids_of(fixture_t *fixture, const store_newsroom_query_t *query)
{
    store_newsroom_page_t page;
    assert_int_equal(store_newsroom_find(fixture->temp->store, query, &fixture->temp->pool, &page),
                     GZ_OK);
    gz_buf_t ids = GZ_BUF_INIT;
    for (size_t i = 0; i < page.count; i++)
        gz_buf_printf(&ids, "%s%lld", i > 0 ? " " : "", (long long)page.items[i].article.id);
    const char *text = gz_pool_strdup(&fixture->temp->pool, gz_buf_cstr(&ids));
    gz_buf_free(&ids);
    assert_int_equal(page.total, page.count);
    return text;
}

static store_newsroom_query_t any(void)
{
    return (store_newsroom_query_t){.status = -1};
}

static void the_list_shows_every_article_newest_change_first(void **state)
{
    fixture_t *fixture = *state;
    store_newsroom_query_t query = any();
    assert_string_equal(ids_of(fixture, &query), "5 4 3 2 1");
    store_newsroom_page_t page;
    assert_int_equal(store_newsroom_find(fixture->temp->store, &query, &fixture->temp->pool, &page),
                     GZ_OK);
    /* Row 5 of the page is article 1: its author, its assignee and due time. */
    const store_newsroom_row_t *row = &page.items[4];
    assert_int_equal(row->article.id, 1);
    assert_string_equal(row->authors, "Rania Haddad");
    assert_int_equal(row->assignee_id, fixture->alice);
    assert_string_equal(row->assignee_name, "Alice Adams");
    assert_int_equal(row->due_at, 7000);
    assert_string_equal(page.items[2].assignee_name, "bob"); /* no shown name: the sign-in name */
    assert_null(page.items[1].assignee_name);                /* a due time for nobody */
    assert_int_equal(page.items[1].due_at, 8000);
    assert_null(page.items[1].authors);
}

static void each_filter_narrows_the_list(void **state)
{
    fixture_t *fixture = *state;
    store_newsroom_query_t query = any();
    query.status = CONTENT_SPIKED;
    assert_string_equal(ids_of(fixture, &query), "5");
    query = any();
    query.workflow_status = "copy_desk";
    assert_string_equal(ids_of(fixture, &query), "3");
    query = any();
    query.section_id = fixture->sport;
    assert_string_equal(ids_of(fixture, &query), "4 2");
    query = any();
    query.desk = "News";
    assert_string_equal(ids_of(fixture, &query), "3 1");
    query.desk = "Nobody's desk";
    assert_string_equal(ids_of(fixture, &query), "");
    query = any();
    query.author = "tom-reed";
    assert_string_equal(ids_of(fixture, &query), "3 2");
    query = any();
    query.from = 5000;
    assert_string_equal(ids_of(fixture, &query), "4 2");
    query.to = 8999;
    assert_string_equal(ids_of(fixture, &query), "2");
    query = any();
    query.to = 5000; /* drafts have no publication time: outside any range */
    assert_string_equal(ids_of(fixture, &query), "2");
    query = any();
    query.assignee = fixture->alice;
    assert_string_equal(ids_of(fixture, &query), "1");
    query.assignee = STORE_NEWSROOM_UNASSIGNED; /* 4 has a due time but nobody */
    assert_string_equal(ids_of(fixture, &query), "5 4 2");
    /* Filters together. */
    query = any();
    query.desk = "Sport";
    query.status = CONTENT_PUBLISHED;
    query.author = "tom-reed";
    assert_string_equal(ids_of(fixture, &query), "2");
}

static void each_order_sorts_both_ways(void **state)
{
    fixture_t *fixture = *state;
    static const struct {
        store_newsroom_sort_t sort;
        const char *descending, *ascending;
    } orders[] = {
        {STORE_NEWSROOM_SORT_UPDATED, "5 4 3 2 1", "1 2 3 4 5"},
        /* Aleppo, Budget, Cup, Derby, Exhibition */
        {STORE_NEWSROOM_SORT_HEADLINE, "5 2 4 3 1", "1 3 4 2 5"},
        /* draft 0, review 1, scheduled 2, published 3, spiked 5 */
        {STORE_NEWSROOM_SORT_STATUS, "5 2 4 3 1", "1 3 4 2 5"},
        /* Culture, Sport, World; ties newest change first */
        {STORE_NEWSROOM_SORT_SECTION, "3 1 4 2 5", "5 4 2 3 1"},
        /* Rania Haddad, Tom Reed, then none */
        {STORE_NEWSROOM_SORT_AUTHOR, "3 2 5 1 4", "5 1 3 2 4"},
        /* 9000, 5000, then none */
        {STORE_NEWSROOM_SORT_PUBLISHED, "4 2 5 3 1", "2 4 5 3 1"},
        /* 8000, 7000, 6000, then none */
        {STORE_NEWSROOM_SORT_DUE, "4 1 3 5 2", "3 1 4 5 2"},
    };
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        store_newsroom_query_t query = any();
        query.sort = orders[i].sort;
        assert_string_equal(ids_of(fixture, &query), orders[i].descending);
        query.ascending = true;
        assert_string_equal(ids_of(fixture, &query), orders[i].ascending);
    }
}

static void pages_keep_the_order_and_count_all(void **state)
{
    fixture_t *fixture = *state;
    store_newsroom_query_t query = any();
    query.sort = STORE_NEWSROOM_SORT_HEADLINE;
    query.ascending = true;
    query.limit = 2;
    query.offset = 2;
    store_newsroom_page_t page;
    assert_int_equal(store_newsroom_find(fixture->temp->store, &query, &fixture->temp->pool, &page),
                     GZ_OK);
    assert_int_equal(page.count, 2);
    assert_int_equal(page.total, 5);
    assert_int_equal(page.items[0].article.id, 4);
    assert_int_equal(page.items[1].article.id, 2);
}

static void the_search_finds_drafts_by_body_tag_and_author(void **state)
{
    fixture_t *fixture = *state;
    store_newsroom_query_t query = any();
    query.text = "surgeon"; /* the draft's body says "surgeons" */
    assert_string_equal(ids_of(fixture, &query), "1");
    query.text = "syria"; /* its tag */
    assert_string_equal(ids_of(fixture, &query), "1");
    query.text = "Haddad"; /* its author, and the spiked article's */
    assert_string_equal(ids_of(fixture, &query), "5 1");
    query.text = "haddad -calligraphy";
    assert_string_equal(ids_of(fixture, &query), "1");
    query.text = "football tickets"; /* a tag and a body word together */
    assert_string_equal(ids_of(fixture, &query), "4");
    query.text = "\"penalty was saved\"";
    assert_string_equal(ids_of(fixture, &query), "2");
    query.text = "budget OR calligraphy";
    assert_string_equal(ids_of(fixture, &query), "5 3");
    query.text = "haddad";
    query.status = CONTENT_DRAFT;
    assert_string_equal(ids_of(fixture, &query), "1");
}

static void a_text_with_no_word_finds_nothing(void **state)
{
    fixture_t *fixture = *state;
    store_newsroom_query_t query = any();
    query.text = "the of";
    store_newsroom_page_t page;
    assert_int_equal(store_newsroom_find(fixture->temp->store, &query, &fixture->temp->pool, &page),
                     GZ_OK);
    assert_false(page.searchable);
    assert_int_equal(page.count, 0);
    assert_int_equal(page.total, 0);
}

static void bad_queries_are_refused(void **state)
{
    fixture_t *fixture = *state;
    store_newsroom_page_t page;
    store_newsroom_query_t query = any();
    query.text = "\xff\xfe";
    assert_int_equal(store_newsroom_find(fixture->temp->store, &query, &fixture->temp->pool, &page),
                     GZ_EINVAL);
    char long_text[STORE_NEWSROOM_TEXT_MAX + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    query.text = long_text;
    assert_int_equal(store_newsroom_find(fixture->temp->store, &query, &fixture->temp->pool, &page),
                     GZ_EINVAL);
    query = any();
    query.sort = STORE_NEWSROOM_SORT_COUNT;
    assert_int_equal(store_newsroom_find(fixture->temp->store, &query, &fixture->temp->pool, &page),
                     GZ_EINVAL);
    query = any();
    query.status = 9;
    assert_int_equal(store_newsroom_find(fixture->temp->store, &query, &fixture->temp->pool, &page),
                     GZ_EINVAL);
}

static void the_index_follows_edits_renames_and_deletions(void **state)
{
    fixture_t *fixture = *state;
    store_t *store = fixture->temp->store;
    store_newsroom_query_t query = any();
    /* An edit: the old words go, the new ones come. */
    put(fixture, &(seed_t){1, "Aleppo clinic reopens", "Nurses came back.", CONTENT_DRAFT, "draft",
                           0, 1000, fixture->world, "Rania Haddad", "Syria"});
    query.text = "surgeons";
    assert_string_equal(ids_of(fixture, &query), "");
    query.text = "nurse";
    assert_string_equal(ids_of(fixture, &query), "1");
    /* A tag renamed: found by its new name only. */
    content_tag_t syria;
    assert_int_equal(store_tag_get_by_slug(store, "syria", &fixture->temp->pool, &syria), GZ_OK);
    assert_int_equal(store_tag_rename(store, syria.id, "Levant", "levant"), GZ_OK);
    query.text = "levant";
    assert_string_equal(ids_of(fixture, &query), "1");
    query.text = "syria";
    assert_string_equal(ids_of(fixture, &query), "");
    /* Tags merged: the survivor's name finds the merged tag's articles. */
    content_tag_t football;
    assert_int_equal(store_tag_get_by_slug(store, "football", &fixture->temp->pool, &football),
                     GZ_OK);
    assert_int_equal(store_tag_merge(store, football.id, syria.id), GZ_OK);
    query.text = "levant";
    assert_string_equal(ids_of(fixture, &query), "4 2 1");
    /* An author renamed. */
    content_author_t tom;
    assert_int_equal(store_author_get_by_slug(store, "tom-reed", &fixture->temp->pool, &tom),
                     GZ_OK);
    tom.name = "Thomas Reed";
    assert_int_equal(store_author_put(store, &tom), GZ_OK);
    query.text = "thomas";
    assert_string_equal(ids_of(fixture, &query), "3 2");
    /* A deletion. */
    assert_int_equal(store_article_delete(store, 3), GZ_OK);
    assert_string_equal(ids_of(fixture, &query), "2");
}

static void a_rebuild_keeps_the_newsroom_index(void **state)
{
    fixture_t *fixture = *state;
    assert_int_equal(store_search_rebuild(fixture->temp->store, NULL, NULL), GZ_OK);
    store_newsroom_query_t query = any();
    query.text = "haddad";
    assert_string_equal(ids_of(fixture, &query), "5 1");
    query.text = "football";
    assert_string_equal(ids_of(fixture, &query), "4 2");
}

/* A database from before schema step 15: its articles are indexed by the
 * step itself. */
static void schema_step_15_indexes_the_articles_already_stored(void **state)
{
    fixture_t *fixture = *state;
    /* SQLite cannot drop an FTS5 table without its tokenizer, which only
     * the store's connections have: its catalog row goes by hand. */
    const char *undo =
        temp_store_is_pg()
            ? "DROP TABLE search_newsroom_documents; DROP TABLE article_translations;"
              " DELETE FROM schema_migrations WHERE version >= 15"
            : "PRAGMA writable_schema = ON;"
              " DELETE FROM sqlite_master WHERE name = 'search_newsroom';"
              " PRAGMA writable_schema = OFF;"
              " DROP TABLE search_newsroom_config; DROP TABLE search_newsroom_content;"
              " DROP TABLE search_newsroom_data; DROP TABLE search_newsroom_docsize;"
              " DROP TABLE search_newsroom_idx; DROP TRIGGER search_newsroom_forget;"
              " DROP VIEW search_newsroom_source; DROP TABLE article_translations;"
              " DELETE FROM schema_migrations WHERE version >= 15";
    assert_true(temp_store_exec(fixture->temp, undo));
    int current = 0, latest = 0;
    assert_int_equal(store_schema_version(fixture->temp->store, &current, &latest), GZ_OK);
    assert_int_equal(current, 14);
    assert_int_equal(store_migrate(fixture->temp->store), GZ_OK);
    assert_int_equal(store_schema_version(fixture->temp->store, &current, &latest), GZ_OK);
    assert_int_equal(current, latest); /* step 15, and the steps after it */
    store_newsroom_query_t query = any();
    query.text = "haddad";
    assert_string_equal(ids_of(fixture, &query), "5 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_list_shows_every_article_newest_change_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(each_filter_narrows_the_list, setup, teardown),
        cmocka_unit_test_setup_teardown(each_order_sorts_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(pages_keep_the_order_and_count_all, setup, teardown),
        cmocka_unit_test_setup_teardown(the_search_finds_drafts_by_body_tag_and_author, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_text_with_no_word_finds_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_queries_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(the_index_follows_edits_renames_and_deletions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_rebuild_keeps_the_newsroom_index, setup, teardown),
        cmocka_unit_test_setup_teardown(schema_step_15_indexes_the_articles_already_stored, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
