/* Unit tests of the store: each test gets a fresh store from
 * support/temp_store.h, a SQLite file in its own mkdtemp folder or, with
 * GAZETTE_TEST_PG set, a PostgreSQL schema of its own. Where a test needs
 * to look behind the store (row counts, a bookkeeping row) it goes through
 * temp_store_count and temp_store_exec, on either backend; the tests of
 * SQLite itself (files, locks, pragmas, query plans) open the file with
 * sqlite3 directly and skip on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite_private.h"
#include "store/store.h"
#include "support/temp_store.h"

#define ARABIC_HEADLINE                                                                            \
    "\xd8\xa7\xd9\x84\xd8\xac\xd9\x8a\xd8\xb4 \xd8\xa7\xd9\x84\xd8\xb3\xd9\x88\xd8\xb1\xd9"        \
    "\x8a \xd9\x8a\xd8\xaa\xd9\x82\xd8\xaf\xd9\x85" /* "الجيش السوري يتقدم" */
/* “حلب” اليوم */
#define ARABIC_BODY                                                                                \
    "\xe2\x80\x9c\xd8\xad\xd9\x84\xd8\xa8\xe2\x80\x9d \xd8\xa7\xd9\x84\xd9\x8a\xd9\x88\xd9\x85"

typedef temp_store_t fixture_t;

/* ---- fixture ----------------------------------------------------------- */

/* The tests that look at SQLite itself (its files, locks, pragmas and query
 * plans) have no PostgreSQL counterpart here: they skip on PostgreSQL. */
#define SQLITE_ONLY()                                                                              \
    do {                                                                                           \
        if (temp_store_is_pg())                                                                    \
            skip();                                                                                \
    } while (0)

/* ---- helpers ----------------------------------------------------------- */

/* A SQLite connection of the test's own, for the SQLite-only tests. */
static sqlite3 *open_raw(const fixture_t *fixture)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(temp_store_sqlite_path(fixture), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

/* A count read behind the store's back, on either backend. */
static int64_t raw_count(const fixture_t *fixture, const char *sql)
{
    int64_t count = temp_store_count(fixture, sql, 0, NULL);
    assert_true(count >= 0);
    return count;
}

/* The store's last error holds the database's own words for a broken
 * constraint, which differ between the backends. */
static void assert_error_mentions(fixture_t *fixture, const char *sqlite_words,
                                  const char *pg_words)
{
    const char *message = store_last_error(fixture->store);
    const char *words = temp_store_is_pg() ? pg_words : sqlite_words;
    if (strstr(message, words) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", words, message);
}

static content_article_t simple_article(int64_t id, const char *headline, gz_time_t published_at)
{
    content_article_t article = {0};
    article.id = id;
    article.headline = headline;
    article.slug = "simple";
    article.language = "en";
    article.body_markdown = "Body.";
    article.body_html = "<p>Body.</p>\n";
    article.status = CONTENT_PUBLISHED;
    article.published_at = published_at;
    return article;
}

static void put_simple(fixture_t *fixture, int64_t id, gz_time_t published_at)
{
    content_article_t article = simple_article(id, "Simple", published_at);
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
}

static int64_t article_count(fixture_t *fixture)
{
    store_article_query_t query = {.limit = 1};
    content_article_list_t list;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    return (int64_t)list.total;
}

/* ---- opening ----------------------------------------------------------- */

/* A server that is not there: a clear message, GZ_EUNAVAILABLE, nothing
 * opened (a socket folder with no server in it fails at once). */
static void unreachable_postgres_is_unavailable(void **state)
{
    (void)state;
    store_t *store = NULL;
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(
        store_open("postgresql://nobody@/gazette?host=/nonexistent-gazette-folder", &store, &error),
        GZ_EUNAVAILABLE);
    assert_non_null(strstr(gz_buf_cstr(&error), "cannot connect to PostgreSQL"));
    assert_int_equal(store_open("postgres:///x?host=/nonexistent-gazette-folder", &store, &error),
                     GZ_EUNAVAILABLE);
    assert_null(store);
    gz_buf_free(&error);
}

static void unknown_scheme_is_refused(void **state)
{
    (void)state;
    store_t *store = NULL;
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(store_open("mysql://localhost/gazette", &store, &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error), "unknown store URL scheme");
    assert_int_equal(store_open("sqlite:", &store, &error), GZ_EINVAL);
    assert_null(store);
    gz_buf_free(&error);
}

static void bare_path_opens_sqlite_and_creates_its_folder(void **state)
{
    SQLITE_ONLY(); /* a SQLite file, whatever the store under test */
    fixture_t *fixture = *state;
    char path[192];
    snprintf(path, sizeof path, "%s/var/bare.db", fixture->folder);
    store_t *store = NULL;
    assert_int_equal(store_open(path, &store, NULL), GZ_OK);
    assert_int_equal(store_migrate(store), GZ_OK);
    store_close(store);
    assert_int_equal(access(path, F_OK), 0);
}

static void connection_uses_wal(void **state)
{
    SQLITE_ONLY(); /* a SQLite pragma */
    fixture_t *fixture = *state;
    assert_int_equal(raw_count(fixture, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
}

/* Foreign keys are per connection in SQLite: prove the store's own is on
 * by linking an article to an author that does not exist. */
static void foreign_keys_are_enforced(void **state)
{
    fixture_t *fixture = *state;
    content_article_t article = simple_article(5, "Orphan author", 100);
    content_author_t ghost = {.id = 999};
    article.authors = &ghost;
    article.author_count = 1;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_EINVAL);
    assert_error_mentions(fixture, "FOREIGN KEY", "violates foreign key constraint");
    assert_int_equal(article_count(fixture), 0);
}

static void a_file_that_is_not_a_database_fails_clearly(void **state)
{
    SQLITE_ONLY(); /* a SQLite file, whatever the store under test */
    fixture_t *fixture = *state;
    char path[192];
    snprintf(path, sizeof path, "%s/junk.db", fixture->folder);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    for (int i = 0; i < 200; i++)
        fputs("this is not a database file at all. ", file);
    fclose(file);
    store_t *store = NULL;
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(store_open(path, &store, &error), GZ_EIO);
    assert_null(store);
    assert_non_null(strstr(gz_buf_cstr(&error), "junk.db"));
    assert_non_null(strstr(gz_buf_cstr(&error), "not a database"));
    gz_buf_free(&error);
    unlink(path);
}

static void sqlite_errors_map_to_store_codes(void **state)
{
    (void)state;
    assert_int_equal(sqlite_map_error(SQLITE_BUSY), GZ_EUNAVAILABLE);
    assert_int_equal(sqlite_map_error(SQLITE_BUSY_SNAPSHOT), GZ_EUNAVAILABLE);
    assert_int_equal(sqlite_map_error(SQLITE_LOCKED), GZ_EUNAVAILABLE);
    assert_int_equal(sqlite_map_error(SQLITE_CONSTRAINT_UNIQUE), GZ_ECONFLICT);
    assert_int_equal(sqlite_map_error(SQLITE_CONSTRAINT_PRIMARYKEY), GZ_ECONFLICT);
    assert_int_equal(sqlite_map_error(SQLITE_CONSTRAINT_FOREIGNKEY), GZ_EINVAL);
    assert_int_equal(sqlite_map_error(SQLITE_CONSTRAINT_NOTNULL), GZ_EINVAL);
    assert_int_equal(sqlite_map_error(SQLITE_IOERR_WRITE), GZ_EIO);
    assert_int_equal(sqlite_map_error(SQLITE_CORRUPT), GZ_EIO);
}

/* A second process holding the write lock longer than the busy timeout
 * makes a write fail as "unavailable", not as an I/O error. */
static void a_held_write_lock_is_unavailable(void **state)
{
    /* PostgreSQL locks rows, not the database: no writer can hold every
     * other one off, so there is nothing to check there. */
    SQLITE_ONLY();
    fixture_t *fixture = *state;
    sqlite3 *other = open_raw(fixture);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_begin(fixture->store), GZ_EUNAVAILABLE);
    assert_non_null(strstr(store_last_error(fixture->store), "locked"));
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    assert_int_equal(store_rollback(fixture->store), GZ_OK);
}

/* ---- schema ------------------------------------------------------------ */

static void migrate_twice_is_a_no_op(void **state)
{
    fixture_t *fixture = *state;
    int current = -1, latest = -1;
    assert_int_equal(store_schema_version(fixture->store, &current, &latest), GZ_OK);
    assert_int_equal(current, 0);
    assert_true(latest >= 1);

    assert_int_equal(store_migrate(fixture->store), GZ_OK);
    assert_int_equal(store_schema_version(fixture->store, &current, &latest), GZ_OK);
    assert_int_equal(current, latest);
    put_simple(fixture, 1, 100);

    assert_int_equal(store_migrate(fixture->store), GZ_OK);
    assert_int_equal(store_schema_version(fixture->store, &current, &latest), GZ_OK);
    assert_int_equal(current, latest);
    assert_int_equal(raw_count(fixture, "SELECT COUNT(*) FROM schema_migrations"), latest);
    assert_int_equal(raw_count(fixture, "SELECT COUNT(*) FROM content_types"), 5);
    assert_int_equal(article_count(fixture), 1);
}

static void seed_content_type_21_is_video(void **state)
{
    fixture_t *fixture = *state;
    content_type_t type;
    assert_int_equal(store_content_type_get(fixture->store, 21, &fixture->pool, &type), GZ_OK);
    assert_string_equal(type.slug, "video");
    assert_string_equal(type.name, "Video");
    assert_string_equal(type.headline_prefix, "VIDEO");
    assert_int_equal(store_content_type_get(fixture->store, 1, &fixture->pool, &type), GZ_OK);
    assert_string_equal(type.slug, "article");
    assert_null(type.headline_prefix);
    assert_int_equal(store_content_type_get(fixture->store, 99, &fixture->pool, &type),
                     GZ_ENOTFOUND);

    content_type_t *types = NULL;
    size_t count = 0;
    assert_int_equal(store_content_type_list(fixture->store, &fixture->pool, &types, &count),
                     GZ_OK);
    assert_int_equal(count, 5);
    assert_int_equal(types[0].id, 1);
    assert_string_equal(types[2].slug, "photo");
    assert_string_equal(types[2].headline_prefix, "PHOTOS");
    assert_string_equal(types[4].slug, "opinion");
}

static void admin_change_to_a_seed_type_survives_migrate(void **state)
{
    fixture_t *fixture = *state;
    content_type_t clips = {21, "video", "Clips", "CLIP"};
    assert_int_equal(store_content_type_put(fixture->store, &clips), GZ_OK);
    assert_int_equal(store_migrate(fixture->store), GZ_OK);
    content_type_t type;
    assert_int_equal(store_content_type_get(fixture->store, 21, &fixture->pool, &type), GZ_OK);
    assert_string_equal(type.name, "Clips");
    assert_string_equal(type.headline_prefix, "CLIP");
}

static void newer_schema_and_migrate_in_a_transaction_are_refused(void **state)
{
    fixture_t *fixture = *state;
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    assert_int_equal(store_migrate(fixture->store), GZ_EINVAL);
    assert_int_equal(store_rollback(fixture->store), GZ_OK);

    assert_true(temp_store_exec(fixture, "INSERT INTO schema_migrations VALUES (99, 0)"));
    assert_int_equal(store_migrate(fixture->store), GZ_ECONFLICT);
    assert_non_null(strstr(store_last_error(fixture->store), "schema version 99"));
}

static void missing_language_is_invalid(void **state)
{
    fixture_t *fixture = *state;
    content_article_t article = simple_article(1, "No language", 100);
    article.language = NULL;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_EINVAL);
    assert_error_mentions(fixture, "articles.language",
                          "column \"language\" of relation \"articles\"");
    assert_int_equal(article_count(fixture), 0);
}

/* ---- sections, authors, tags ------------------------------------------- */

static void ensure_finds_by_slug_and_creates_once(void **state)
{
    fixture_t *fixture = *state;
    int64_t first = 0, second = 0, author = 0, tag = 0;
    assert_int_equal(store_section_ensure(fixture->store, "Middle East", &first), GZ_OK);
    assert_int_equal(store_section_ensure(fixture->store, "middle-east", &second), GZ_OK);
    assert_true(first > 0);
    assert_int_equal(first, second);
    assert_int_equal(store_author_ensure(fixture->store, "Sara Ahmadi", &author), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "\xd8\xad\xd9\x84\xd8\xa8", &tag), GZ_OK);
    assert_int_equal(store_section_ensure(fixture->store, "!!!", &second), GZ_EINVAL);

    content_section_t section;
    assert_int_equal(
        store_section_get_by_slug(fixture->store, "middle-east", &fixture->pool, &section), GZ_OK);
    assert_int_equal(section.id, first);
    assert_string_equal(section.name, "Middle East");
    assert_int_equal(store_section_get_by_slug(fixture->store, "nowhere", &fixture->pool, &section),
                     GZ_ENOTFOUND);

    int64_t asia = 0;
    assert_int_equal(store_section_ensure(fixture->store, "Asia", &asia), GZ_OK);
    content_section_t *sections = NULL;
    size_t count = 0;
    assert_int_equal(store_section_list(fixture->store, &fixture->pool, &sections, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_string_equal(sections[0].name, "Asia");
    assert_string_equal(sections[1].name, "Middle East");
}

/* ---- articles: storing and reading ------------------------------------- */

typedef struct {
    int64_t section, author_a, author_b, tag_a, tag_b;
} links_t;

static links_t make_links(fixture_t *fixture)
{
    links_t links = {0};
    assert_int_equal(store_section_ensure(fixture->store, "Syria", &links.section), GZ_OK);
    assert_int_equal(store_author_ensure(fixture->store, "Zeinab", &links.author_a), GZ_OK);
    assert_int_equal(store_author_ensure(fixture->store, "Ali", &links.author_b), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &links.tag_a), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "War", &links.tag_b), GZ_OK);
    return links;
}

static content_article_t full_article(const links_t *links, content_author_t authors[2],
                                      content_tag_t tags[2], content_related_t related[2])
{
    content_article_t article = {0};
    article.id = 71;
    article.slug = "syrian-army-advances";
    article.headline = ARABIC_HEADLINE;
    article.subtitle = "Subtitle";
    article.summary = "The lede.";
    article.body_markdown = ARABIC_BODY;
    article.body_html = "<p>" ARABIC_BODY "</p>\n";
    article.dateline = "Alalam";
    article.language = "ar";
    article.editor_code = "SA - 12";
    article.lead_image = "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg";
    article.status = CONTENT_PUBLISHED;
    article.published_at = 1481098187;
    article.created_at = 1481090000;
    article.updated_at = 1481098000;
    article.sort_key = 636167181870000000;
    article.source_ref = "alalam:1896343";
    article.section.id = links->section;
    article.content_type.id = 21;
    authors[0] = (content_author_t){.id = links->author_b};
    authors[1] = (content_author_t){.id = links->author_a};
    article.authors = authors;
    article.author_count = 2;
    tags[0] = (content_tag_t){.id = links->tag_b};
    tags[1] = (content_tag_t){.id = links->tag_a};
    article.tags = tags;
    article.tag_count = 2;
    related[0] = (content_related_t){.id = 12};
    related[1] = (content_related_t){.id = 11};
    article.related = related;
    article.related_count = 2;
    return article;
}

static void put_related_targets(fixture_t *fixture)
{
    content_article_t first = simple_article(11, "First target", 50);
    first.lead_image = "/2016/12/01/first.jpg";
    first.content_type.id = 21;
    first.sort_key = 111;
    assert_int_equal(store_article_put(fixture->store, &first), GZ_OK);
    content_article_t second = simple_article(12, "Second target", 60);
    second.is_stub = true;
    second.status = CONTENT_DRAFT;
    assert_int_equal(store_article_put(fixture->store, &second), GZ_OK);
}

static void check_full_article(const content_article_t *got, const links_t *links)
{
    assert_int_equal(got->id, 71);
    assert_string_equal(got->slug, "syrian-army-advances");
    assert_string_equal(got->headline, ARABIC_HEADLINE);
    assert_string_equal(got->subtitle, "Subtitle");
    assert_string_equal(got->summary, "The lede.");
    assert_string_equal(got->body_markdown, ARABIC_BODY);
    assert_string_equal(got->body_html, "<p>" ARABIC_BODY "</p>\n");
    assert_string_equal(got->dateline, "Alalam");
    assert_string_equal(got->language, "ar");
    assert_string_equal(got->editor_code, "SA - 12");
    assert_string_equal(got->lead_image, "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg");
    assert_int_equal(got->status, CONTENT_PUBLISHED);
    assert_false(got->is_stub);
    assert_int_equal(got->created_at, 1481090000);
    assert_int_equal(got->updated_at, 1481098000);
    assert_int_equal(got->published_at, 1481098187);
    assert_int_equal(got->sort_key, 636167181870000000);
    assert_int_equal(got->revision, 1);
    assert_string_equal(got->source_ref, "alalam:1896343");
    assert_int_equal(got->section.id, links->section);
    assert_string_equal(got->section.slug, "syria");
    assert_string_equal(got->section.name, "Syria");
    assert_int_equal(got->content_type.id, 21);
    assert_string_equal(got->content_type.slug, "video");
    assert_string_equal(got->content_type.headline_prefix, "VIDEO");
}

static void check_full_links(const content_article_t *got, const links_t *links)
{
    assert_int_equal(got->author_count, 2);
    assert_int_equal(got->authors[0].id, links->author_b);
    assert_string_equal(got->authors[0].name, "Ali");
    assert_string_equal(got->authors[1].slug, "zeinab");
    assert_int_equal(got->tag_count, 2);
    assert_string_equal(got->tags[0].name, "War");
    assert_string_equal(got->tags[1].name, "Aleppo");
    assert_int_equal(got->related_count, 2);
    assert_int_equal(got->related[0].id, 12);
    assert_string_equal(got->related[0].headline, "Second target");
    assert_null(got->related[0].lead_image);
    assert_int_equal(got->related[0].content_type_id, 0);
    assert_int_equal(got->related[1].id, 11);
    assert_int_equal(got->related[1].sort_key, 111);
    assert_int_equal(got->related[1].content_type_id, 21);
    assert_string_equal(got->related[1].slug, "simple");
    assert_string_equal(got->related[1].content_type_slug, "video");
    assert_string_equal(got->related[1].content_type_name, "Video");
    assert_null(got->related[0].content_type_name);
    assert_string_equal(got->related[1].headline, "First target");
    assert_string_equal(got->related[1].lead_image, "/2016/12/01/first.jpg");
}

static void put_and_get_round_trip_every_field(void **state)
{
    fixture_t *fixture = *state;
    links_t links = make_links(fixture);
    put_related_targets(fixture);
    content_author_t authors[2];
    content_tag_t tags[2];
    content_related_t related[2];
    content_article_t article = full_article(&links, authors, tags, related);
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    assert_int_equal(article.revision, 1);
    assert_int_equal(article.created_at, 1481090000);

    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, 71, &fixture->pool, &got), GZ_OK);
    check_full_article(got, &links);
    check_full_links(got, &links);

    assert_int_equal(store_article_get(fixture->store, 4242, &fixture->pool, &got), GZ_ENOTFOUND);
    assert_null(got);
}

static void put_without_id_chooses_one_and_fills_stamps(void **state)
{
    fixture_t *fixture = *state;
    gz_time_t before = gz_now();
    content_article_t article = simple_article(0, "New", 100);
    article.slug = NULL;
    article.body_markdown = NULL;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    assert_true(article.id > 0);
    assert_true(article.created_at >= before);
    assert_true(article.updated_at >= before);
    assert_int_equal(article.revision, 1);
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, article.id, &fixture->pool, &got), GZ_OK);
    assert_null(got->slug);
    assert_string_equal(got->body_markdown, "");
    assert_int_equal(got->section.id, 0);
    assert_null(got->section.slug);
    assert_int_equal(got->content_type.id, 0);
    assert_int_equal(got->author_count, 0);
    assert_null(got->related);
}

static void update_keeps_created_at_and_raises_revision(void **state)
{
    fixture_t *fixture = *state;
    content_article_t article = simple_article(7, "Version one", 100);
    article.created_at = 1000;
    article.updated_at = 1000;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);

    content_article_t change = simple_article(7, "Version two", 100);
    change.created_at = 5000; /* ignored: the stored one wins */
    change.updated_at = 0;    /* now */
    gz_time_t before = gz_now();
    assert_int_equal(store_article_put(fixture->store, &change), GZ_OK);
    assert_int_equal(change.created_at, 1000);
    assert_true(change.updated_at >= before);
    assert_int_equal(change.revision, 2);

    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, 7, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got->headline, "Version two");
    assert_int_equal(got->created_at, 1000);
    assert_int_equal(got->revision, 2);
    assert_int_equal(article_count(fixture), 1);
}

static void unknown_related_target_writes_nothing(void **state)
{
    fixture_t *fixture = *state;
    put_simple(fixture, 1, 100);
    content_related_t related[2] = {{.id = 1}, {.id = 9999}};
    content_article_t article = simple_article(2, "Links to nowhere", 100);
    article.related = related;
    article.related_count = 2;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_EINVAL);
    assert_string_equal(store_last_error(fixture->store), "related article 9999 does not exist");
    assert_int_equal(article.revision, 0);
    assert_int_equal(article_count(fixture), 1);
    assert_int_equal(raw_count(fixture, "SELECT COUNT(*) FROM related_links"), 0);

    /* An update that fails leaves the stored version as it was. */
    content_article_t update = simple_article(1, "Changed", 100);
    update.related = related + 1;
    update.related_count = 1;
    assert_int_equal(store_article_put(fixture->store, &update), GZ_EINVAL);
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, 1, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got->headline, "Simple");
    assert_int_equal(got->revision, 1);
}

static void article_may_not_be_related_to_itself(void **state)
{
    fixture_t *fixture = *state;
    put_simple(fixture, 3, 100);
    content_related_t self = {.id = 3};
    content_article_t article = simple_article(3, "Self", 100);
    article.related = &self;
    article.related_count = 1;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_EINVAL);
    assert_non_null(strstr(store_last_error(fixture->store), "related to itself"));
}

static void duplicate_source_ref_is_a_conflict(void **state)
{
    fixture_t *fixture = *state;
    content_article_t first = simple_article(1, "One", 100);
    first.source_ref = "feed:1";
    assert_int_equal(store_article_put(fixture->store, &first), GZ_OK);
    content_article_t second = simple_article(2, "Two", 100);
    second.source_ref = "feed:1";
    assert_int_equal(store_article_put(fixture->store, &second), GZ_ECONFLICT);
    assert_error_mentions(fixture, "UNIQUE", "violates unique constraint");
    assert_int_equal(article_count(fixture), 1);
}

static void find_by_source_ref_and_exists(void **state)
{
    fixture_t *fixture = *state;
    content_article_t article = simple_article(1896343, "Imported", 100);
    article.source_ref = "alalam:1896343";
    article.is_stub = true;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    int64_t id = 0;
    assert_int_equal(store_article_find_by_source_ref(fixture->store, "alalam:1896343", &id),
                     GZ_OK);
    assert_int_equal(id, 1896343);
    assert_int_equal(store_article_find_by_source_ref(fixture->store, "alalam:1", &id),
                     GZ_ENOTFOUND);
    bool exists = false, is_stub = false;
    assert_int_equal(store_article_exists(fixture->store, 1896343, &exists, &is_stub), GZ_OK);
    assert_true(exists);
    assert_true(is_stub);
    assert_int_equal(store_article_exists(fixture->store, 5, &exists, NULL), GZ_OK);
    assert_false(exists);
}

/* ---- lists ------------------------------------------------------------- */

/* Six articles: four live ones with ties on published_at broken by sort_key
 * and id, and three that live_only must skip (draft, future, stub). */
static void put_list_fixture(fixture_t *fixture, int64_t section, int64_t tag)
{
    struct {
        int64_t id;
        gz_time_t published_at;
        int64_t sort_key;
        content_status_t status;
        bool stub;
        bool in_section;
    } rows[] = {
        {1, 1000, 0, CONTENT_PUBLISHED, false, true}, {2, 2000, 5, CONTENT_PUBLISHED, false, false},
        {3, 2000, 9, CONTENT_PUBLISHED, false, true}, {4, 2000, 9, CONTENT_PUBLISHED, false, true},
        {5, 1500, 0, CONTENT_DRAFT, false, true},     {6, 99999, 0, CONTENT_PUBLISHED, false, true},
        {7, 1800, 0, CONTENT_PUBLISHED, true, true},
    };
    content_tag_t tags[1] = {{.id = tag}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        content_article_t article = simple_article(rows[i].id, "Listed", rows[i].published_at);
        article.sort_key = rows[i].sort_key;
        article.status = rows[i].status;
        article.is_stub = rows[i].stub;
        article.section.id = rows[i].in_section ? section : 0;
        article.content_type.id = 21;
        article.tags = tags;
        article.tag_count = rows[i].id % 2 == 0 ? 1 : 0;
        assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    }
}

static void assert_ids(const content_article_list_t *list, size_t count, const int64_t *ids)
{
    assert_int_equal(list->count, count);
    for (size_t i = 0; i < count; i++)
        assert_int_equal(list->items[i].id, ids[i]);
}

static void list_orders_newest_first_and_pages(void **state)
{
    fixture_t *fixture = *state;
    int64_t section = 0, tag = 0;
    assert_int_equal(store_section_ensure(fixture->store, "Syria", &section), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &tag), GZ_OK);
    put_list_fixture(fixture, section, tag);

    content_article_list_t list;
    store_article_query_t query = {0};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 7);
    assert_ids(&list, 7, (int64_t[]){6, 4, 3, 2, 7, 5, 1});
    assert_null(list.items[0].body_markdown);
    assert_string_equal(list.items[0].content_type.slug, "video");
    assert_string_equal(list.items[0].section.slug, "syria");
    assert_int_equal(list.items[3].section.id, 0);

    query = (store_article_query_t){.limit = 2, .offset = 2};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 7);
    assert_ids(&list, 2, (int64_t[]){3, 2});

    query.offset = 7;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 0);
    assert_int_equal(list.total, 7);
}

static void list_filters_live_section_and_tag(void **state)
{
    fixture_t *fixture = *state;
    int64_t section = 0, tag = 0;
    assert_int_equal(store_section_ensure(fixture->store, "Syria", &section), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &tag), GZ_OK);
    put_list_fixture(fixture, section, tag);
    content_article_list_t list;

    store_article_query_t query = {.live_only = true, .now = 5000};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 4);
    assert_ids(&list, 4, (int64_t[]){4, 3, 2, 1});

    query = (store_article_query_t){.section_id = section};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_ids(&list, 6, (int64_t[]){6, 4, 3, 7, 5, 1});

    query = (store_article_query_t){.section_id = section, .live_only = true, .now = 5000};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 3);
    assert_ids(&list, 3, (int64_t[]){4, 3, 1});

    query = (store_article_query_t){.tag_id = tag};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_ids(&list, 3, (int64_t[]){6, 4, 2});

    query = (store_article_query_t){.tag_id = tag, .live_only = true, .now = 5000};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_ids(&list, 2, (int64_t[]){4, 2});

    query = (store_article_query_t){
        .tag_id = tag, .section_id = section, .live_only = true, .now = 5000};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 1);
    assert_ids(&list, 1, (int64_t[]){4});
}

static void tag_list_follows_a_status_change(void **state)
{
    fixture_t *fixture = *state;
    int64_t tag = 0;
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &tag), GZ_OK);
    content_tag_t tags[1] = {{.id = tag}};
    content_article_t article = simple_article(1, "Tagged", 100);
    article.tags = tags;
    article.tag_count = 1;
    article.status = CONTENT_DRAFT;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    store_article_query_t query = {.tag_id = tag, .live_only = true, .now = 5000};
    content_article_list_t list;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 0);

    article.status = CONTENT_PUBLISHED;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
}

/* The total of a list, counted the slow way from the articles themselves,
 * to check the counters the schema keeps with triggers. */
static int64_t brute_total(const fixture_t *fixture, const store_article_query_t *query)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM articles a WHERE ($1 = 0 OR a.section_id = $1)"
        " AND ($2 = 0 OR EXISTS (SELECT 1 FROM article_tags g"
        "                        WHERE g.article_id = a.id AND g.tag_id = $2))"
        " AND ($3 = 0 OR (a.status = 3 AND a.is_stub = 0 AND a.published_at <= $4))";
    const int64_t params[] = {query->section_id, query->tag_id, query->live_only, query->now};
    int64_t count = temp_store_count(fixture, sql, 4, params);
    assert_true(count >= 0);
    return count;
}

static void assert_totals_match(fixture_t *fixture, int64_t section, int64_t tag, gz_time_t now)
{
    for (int variant = 0; variant < 8; variant++) {
        store_article_query_t query = {.section_id = variant & 1 ? section : 0,
                                       .tag_id = variant & 2 ? tag : 0,
                                       .live_only = (variant & 4) != 0,
                                       .now = now};
        content_article_list_t list;
        assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
        if ((int64_t)list.total != brute_total(fixture, &query))
            fail_msg("variant %d at %lld: total %zu, expected %lld", variant, (long long)now,
                     list.total, (long long)brute_total(fixture, &query));
    }
}

static void change_article(fixture_t *fixture, int64_t id, int64_t section, const int64_t *tag,
                           content_status_t status, bool stub, gz_time_t published_at)
{
    content_tag_t tags[1] = {{.id = tag ? *tag : 0}};
    content_article_t article = simple_article(id, "Changed", published_at);
    article.section.id = section;
    article.status = status;
    article.is_stub = stub;
    article.tags = tag ? tags : NULL;
    article.tag_count = tag ? 1 : 0;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
}

static void list_totals_follow_every_change(void **state)
{
    fixture_t *fixture = *state;
    int64_t section = 0, other = 0, tag = 0;
    assert_int_equal(store_section_ensure(fixture->store, "Syria", &section), GZ_OK);
    assert_int_equal(store_section_ensure(fixture->store, "Iraq", &other), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &tag), GZ_OK);
    put_list_fixture(fixture, section, tag);
    assert_totals_match(fixture, section, tag, 5000);

    change_article(fixture, 4, section, &tag, CONTENT_DRAFT, false, 2000);     /* unpublished */
    change_article(fixture, 3, other, NULL, CONTENT_PUBLISHED, false, 2000);   /* moved */
    change_article(fixture, 2, 0, NULL, CONTENT_PUBLISHED, false, 2000);       /* untagged */
    change_article(fixture, 1, section, &tag, CONTENT_PUBLISHED, true, 1000);  /* now a stub */
    change_article(fixture, 8, section, &tag, CONTENT_PUBLISHED, false, 7000); /* scheduled */
    change_article(fixture, 5, section, &tag, CONTENT_PUBLISHED, false, 1500); /* published */
    assert_int_equal(store_article_delete(fixture->store, 7), GZ_OK);
    assert_int_equal(store_article_delete(fixture->store, 6), GZ_OK);
    for (gz_time_t now = 250; now <= 8000; now += 500)
        assert_totals_match(fixture, section, tag, now);
    assert_totals_match(fixture, other, tag, 5000);
}

static void explain(sqlite3 *db, sqlite_statement_id_t id, gz_buf_t *plan)
{
    char sql[4096];
    snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", sqlite_statement_sql(id));
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    gz_buf_reset(plan);
    while (sqlite3_step(stmt) == SQLITE_ROW)
        gz_buf_printf(plan, "%s\n", (const char *)sqlite3_column_text(stmt, 3));
    sqlite3_finalize(stmt);
}

/* Every list statement must read an index in order (no "TEMP B-TREE" that
 * sorts all matches, no table scan), and every count must read counters or
 * a short index range, never scan: so a page costs the same with 10 or
 * 1,000,000 articles (checked by hand at 1,000,000: 0.02 ms a page). */
static void list_queries_read_an_index_in_order(void **state)
{
    SQLITE_ONLY(); /* SQLite's query plans */
    fixture_t *fixture = *state;
    sqlite3 *db = open_raw(fixture);
    gz_buf_t plan = GZ_BUF_INIT;
    for (int id = STMT_LIST_ALL; id <= STMT_LIST_TAG_LIVE; id++) {
        explain(db, id, &plan);
        const char *text = gz_buf_cstr(&plan);
        if (strstr(text, "TEMP B-TREE") || strstr(text, "SCAN a\n") || strstr(text, "SCAN g\n") ||
            !strstr(text, " INDEX "))
            fail_msg("list statement %d sorts or scans:\n%s", id, text);
    }
    for (int id = STMT_COUNT_ALL; id <= STMT_COUNT_TAG_SECTION_LIVE; id++) {
        explain(db, id, &plan);
        const char *text = gz_buf_cstr(&plan);
        bool scans = strstr(text, "TEMP B-TREE") != NULL;
        for (const char *scan = strstr(text, "SCAN "); scan; scan = strstr(scan + 1, "SCAN "))
            scans = scans || strncmp(scan, "SCAN CONSTANT ROW", 17) != 0;
        if (scans)
            fail_msg("count statement %d scans:\n%s", id, text);
    }
    gz_buf_free(&plan);
    sqlite3_close(db);
}

/* ---- feeds, sitemaps and tag pages --------------------------------------- */

static void tag_is_found_by_slug(void **state)
{
    fixture_t *fixture = *state;
    int64_t tag = 0;
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo Old City", &tag), GZ_OK);
    content_tag_t got = {0};
    assert_int_equal(store_tag_get_by_slug(fixture->store, "aleppo-old-city", &fixture->pool, &got),
                     GZ_OK);
    assert_int_equal(got.id, tag);
    assert_string_equal(got.slug, "aleppo-old-city");
    assert_string_equal(got.name, "Aleppo Old City");
    assert_int_equal(store_tag_get_by_slug(fixture->store, "aleppo", &fixture->pool, &got),
                     GZ_ENOTFOUND);
    assert_int_equal(store_tag_get_by_slug(fixture->store, NULL, &fixture->pool, &got), GZ_EINVAL);
}

static void feed_list_loads_body_authors_and_tags(void **state)
{
    fixture_t *fixture = *state;
    int64_t tag = 0, other = 0, author = 0;
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &tag), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Syria", &other), GZ_OK);
    assert_int_equal(store_author_ensure(fixture->store, "Jane Doe", &author), GZ_OK);
    content_tag_t tags[2] = {{.id = other}, {.id = tag}};
    content_author_t authors[1] = {{.id = author}};
    content_article_t article = simple_article(1, "With links", 100);
    article.body_html = "<p>" ARABIC_BODY "</p>\n";
    article.tags = tags;
    article.tag_count = 2;
    article.authors = authors;
    article.author_count = 1;
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    put_simple(fixture, 2, 200);

    store_article_query_t query = {
        .live_only = true, .now = 5000, .with_body = true, .with_authors_and_tags = true};
    content_article_list_t list;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 2);
    const content_article_t *got = &list.items[1];
    assert_string_equal(got->body_html, "<p>" ARABIC_BODY "</p>\n");
    assert_int_equal(got->author_count, 1);
    assert_string_equal(got->authors[0].name, "Jane Doe");
    assert_int_equal(got->tag_count, 2);
    assert_string_equal(got->tags[0].name, "Syria"); /* in the editor's order */
    assert_string_equal(got->tags[1].name, "Aleppo");
    assert_string_equal(list.items[0].body_html, "<p>Body.</p>\n");
    assert_int_equal(list.items[0].tag_count, 0);
    assert_null(got->body_markdown);

    /* Without the flags a list stays as narrow as before. */
    query = (store_article_query_t){.live_only = true, .now = 5000};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_null(list.items[1].body_html);
    assert_int_equal(list.items[1].author_count, 0);
}

static void news_and_sitemap_lists(void **state)
{
    fixture_t *fixture = *state;
    int64_t section = 0, tag = 0;
    assert_int_equal(store_section_ensure(fixture->store, "Syria", &section), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &tag), GZ_OK);
    put_list_fixture(fixture, section, tag);
    content_article_list_t list;

    /* Live articles published after a moment, newest first. */
    store_article_query_t query = {.live_only = true, .now = 5000, .published_after = 1500};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 3);
    assert_ids(&list, 3, (int64_t[]){4, 3, 2});
    query.published_after = 2000; /* strictly after */
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 0);
    assert_int_equal(list.count, 0);

    /* Oldest first, paged: what the article sitemaps read. */
    query = (store_article_query_t){.live_only = true, .now = 5000, .oldest_first = true};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 4);
    assert_ids(&list, 4, (int64_t[]){1, 2, 3, 4});
    assert_string_equal(list.items[0].section.slug, "syria");
    assert_string_equal(list.items[0].content_type.slug, "video");
    query.limit = 2;
    query.offset = 1;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_ids(&list, 2, (int64_t[]){2, 3});

    /* Only on the whole site's live list, one at a time. */
    store_article_query_t refused[] = {
        {.live_only = true, .section_id = section, .published_after = 1},
        {.live_only = true, .tag_id = tag, .oldest_first = true},
        {.live_only = false, .oldest_first = true},
        {.live_only = true, .oldest_first = true, .published_after = 1},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_int_equal(store_article_list(fixture->store, &refused[i], &fixture->pool, &list),
                         GZ_EINVAL);
}

/* An edition's lists: its language's articles (by primary subtag), or the
 * default edition's, every language the others do not have. */
static void edition_lists(void **state)
{
    fixture_t *fixture = *state;
    int64_t section = 0, tag = 0;
    assert_int_equal(store_section_ensure(fixture->store, "World", &section), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Floods", &tag), GZ_OK);
    static const char *const languages[] = {"en", "ar", "AR-sy", "fa", "de", "ar"};
    for (int64_t id = 1; id <= 6; id++) {
        content_article_t article = simple_article(id, "Edition", 1000 * id);
        article.language = languages[id - 1];
        article.section.id = id % 2 == 0 ? section : 0;
        assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    }
    content_article_list_t list;
    store_article_query_t query = {.live_only = true, .now = 10000, .languages = ",ar,"};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 3);
    assert_ids(&list, 3, (int64_t[]){6, 3, 2});
    query.section_id = section; /* 2, 4, 6 are in it */
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 2);
    assert_ids(&list, 2, (int64_t[]){6, 2});
    query = (store_article_query_t){
        .live_only = true, .now = 10000, .languages = ",ar,fa,", .languages_excluded = true};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 2);
    assert_ids(&list, 2, (int64_t[]){5, 1});
    query.oldest_first = true;
    query.limit = 1;
    query.offset = 1;
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 2);
    assert_ids(&list, 1, (int64_t[]){5});
    query = (store_article_query_t){
        .live_only = true, .now = 10000, .languages = ",ar,", .published_after = 2500};
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_ids(&list, 2, (int64_t[]){6, 3});
    query.now = 4000; /* 6 is not out yet */
    assert_int_equal(store_article_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
    assert_ids(&list, 1, (int64_t[]){3});
    /* Live lists without a tag only. */
    store_article_query_t refused[] = {
        {.live_only = false, .languages = ",ar,"},
        {.live_only = true, .tag_id = tag, .languages = ",ar,"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_int_equal(store_article_list(fixture->store, &refused[i], &fixture->pool, &list),
                         GZ_EINVAL);
}

/* Translations: linking joins groups, unlinking and deleting leave them. */
static void translations_link_and_merge(void **state)
{
    fixture_t *fixture = *state;
    static const char *const languages[] = {"en", "ar", "fa", "ar"};
    for (int64_t id = 1; id <= 4; id++) {
        content_article_t article = simple_article(id, "Story", 1000);
        article.language = languages[id - 1];
        assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    }
    content_article_t *others = NULL;
    size_t count = 0;
    assert_int_equal(store_translations(fixture->store, 1, &fixture->pool, &others, &count), GZ_OK);
    assert_int_equal(count, 0);
    int64_t before = 0;
    assert_int_equal(store_change_latest(fixture->store, &before), GZ_OK);
    assert_int_equal(store_translation_link(fixture->store, 2, 1), GZ_OK);
    assert_int_equal(store_translation_link(fixture->store, 3, 2), GZ_OK); /* joins the group */
    assert_int_equal(store_translations(fixture->store, 1, &fixture->pool, &others, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(others[0].id, 2); /* by language: ar, fa */
    assert_string_equal(others[0].language, "ar");
    assert_string_equal(others[0].slug, "simple");
    assert_int_equal(others[0].status, CONTENT_PUBLISHED);
    assert_int_equal(others[1].id, 3);
    /* The members' pages are refreshed. */
    store_change_t *changes = NULL;
    size_t change_count = 0;
    assert_int_equal(
        store_changes_since(fixture->store, before, 50, &fixture->pool, &changes, &change_count),
        GZ_OK);
    bool saw_first = false;
    for (size_t i = 0; i < change_count; i++)
        saw_first = saw_first || strcmp(changes[i].tags, "article:1") == 0;
    assert_true(saw_first);
    /* Two groups merge when one of each is linked. */
    assert_int_equal(store_translation_unlink(fixture->store, 3), GZ_OK);
    assert_int_equal(store_translations(fixture->store, 3, &fixture->pool, &others, &count), GZ_OK);
    assert_int_equal(count, 0);
    assert_int_equal(store_translation_link(fixture->store, 3, 4), GZ_OK);
    assert_int_equal(store_translation_link(fixture->store, 4, 1), GZ_OK);
    assert_int_equal(store_translations(fixture->store, 2, &fixture->pool, &others, &count), GZ_OK);
    assert_int_equal(count, 3);
    /* A deleted article leaves its group. */
    assert_int_equal(store_article_delete(fixture->store, 4), GZ_OK);
    assert_int_equal(store_translations(fixture->store, 1, &fixture->pool, &others, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(store_translation_link(fixture->store, 1, 99), GZ_ENOTFOUND);
    assert_int_equal(store_translation_link(fixture->store, 1, 1), GZ_EINVAL);
    assert_int_equal(store_translations(fixture->store, 1, &fixture->pool, &others, &count), GZ_OK);
    assert_int_equal(count, 2);
}

/* The news sitemap reads a short range at the top of the live index, and
 * a sitemap page skips index entries in a subquery of ids, never rows: no
 * sort, no table scan (at 1,000,000 articles a page of 50,000 takes about
 * 0.2 s whichever page it is, and the news list 10 ms). */
static void feed_and_sitemap_lists_read_the_live_index(void **state)
{
    SQLITE_ONLY(); /* SQLite's query plans */
    fixture_t *fixture = *state;
    sqlite3 *db = open_raw(fixture);
    gz_buf_t plan = GZ_BUF_INIT;
    const sqlite_statement_id_t ids[] = {STMT_LIST_LIVE_SINCE, STMT_COUNT_LIVE_SINCE,
                                         STMT_LIST_LIVE_OLDEST, STMT_ARTICLE_BODY};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        explain(db, ids[i], &plan);
        const char *text = gz_buf_cstr(&plan);
        if (strstr(text, "TEMP B-TREE") || strstr(text, "SCAN a\n") ||
            strstr(text, "SCAN articles") || strstr(text, "SCAN tags") || !strstr(text, "SEARCH "))
            fail_msg("statement %d sorts or scans:\n%s", ids[i], text);
    }
    explain(db, STMT_LIST_LIVE_OLDEST, &plan);
    assert_non_null(strstr(gz_buf_cstr(&plan), "articles_live_newest"));
    gz_buf_free(&plan);
    sqlite3_close(db);
}

/* ---- data version and transactions ------------------------------------- */

static void data_version_changes_on_any_commit(void **state)
{
    fixture_t *fixture = *state;
    int64_t before = 0, after = 0;
    assert_int_equal(store_data_version(fixture->store, &before), GZ_OK);
    assert_int_equal(store_data_version(fixture->store, &after), GZ_OK);
    assert_int_equal(before, after);

    store_t *other = NULL;
    assert_int_equal(store_open(fixture->url, &other, NULL), GZ_OK);
    content_article_t article = simple_article(1, "From elsewhere", 100);
    assert_int_equal(store_article_put(other, &article), GZ_OK);
    store_close(other);
    assert_int_equal(store_data_version(fixture->store, &after), GZ_OK);
    assert_int_not_equal(before, after);

    /* Reading does not move it; this connection's own write does. */
    before = after;
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, 1, &fixture->pool, &got), GZ_OK);
    assert_int_equal(store_data_version(fixture->store, &after), GZ_OK);
    assert_int_equal(before, after);
    put_simple(fixture, 2, 100);
    assert_int_equal(store_data_version(fixture->store, &after), GZ_OK);
    assert_int_not_equal(before, after);
}

static void rollback_leaves_nothing(void **state)
{
    fixture_t *fixture = *state;
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    assert_int_equal(store_begin(fixture->store), GZ_EINVAL);
    put_simple(fixture, 1, 100);
    put_simple(fixture, 2, 200);
    assert_int_equal(store_rollback(fixture->store), GZ_OK);
    assert_int_equal(article_count(fixture), 0);
    assert_int_equal(store_commit(fixture->store), GZ_EINVAL);
    assert_int_equal(store_rollback(fixture->store), GZ_EINVAL);
}

static void commit_keeps_both_and_a_failed_put_inside_is_undone(void **state)
{
    fixture_t *fixture = *state;
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    put_simple(fixture, 1, 100);
    content_related_t missing = {.id = 404};
    content_article_t broken = simple_article(2, "Broken", 100);
    broken.related = &missing;
    broken.related_count = 1;
    assert_int_equal(store_article_put(fixture->store, &broken), GZ_EINVAL);
    put_simple(fixture, 3, 300);
    assert_int_equal(store_commit(fixture->store), GZ_OK);
    assert_int_equal(article_count(fixture), 2);
    assert_int_equal(raw_count(fixture, "SELECT COUNT(*) FROM articles WHERE id IN (1, 3)"), 2);
}

static void delete_cascades_related_links(void **state)
{
    fixture_t *fixture = *state;
    put_simple(fixture, 1, 100);
    put_simple(fixture, 2, 100);
    content_related_t to_two = {.id = 2}, to_one = {.id = 1};
    content_article_t three = simple_article(3, "Links to two", 100);
    three.related = &to_two;
    three.related_count = 1;
    assert_int_equal(store_article_put(fixture->store, &three), GZ_OK);
    content_article_t two = simple_article(2, "Links to one", 100);
    two.related = &to_one;
    two.related_count = 1;
    assert_int_equal(store_article_put(fixture->store, &two), GZ_OK);
    assert_int_equal(raw_count(fixture, "SELECT COUNT(*) FROM related_links"), 2);

    assert_int_equal(store_article_delete(fixture->store, 2), GZ_OK);
    assert_int_equal(raw_count(fixture, "SELECT COUNT(*) FROM related_links"), 0);
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, 3, &fixture->pool, &got), GZ_OK);
    assert_int_equal(got->related_count, 0);
    assert_int_equal(store_article_delete(fixture->store, 2), GZ_ENOTFOUND);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
#define TEST_UNMIGRATED(name)                                                                      \
    cmocka_unit_test_setup_teardown(name, temp_store_open_unmigrated, temp_store_close)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unreachable_postgres_is_unavailable),
        cmocka_unit_test(unknown_scheme_is_refused),
        TEST_UNMIGRATED(bare_path_opens_sqlite_and_creates_its_folder),
        TEST(connection_uses_wal),
        TEST(foreign_keys_are_enforced),
        TEST_UNMIGRATED(a_file_that_is_not_a_database_fails_clearly),
        cmocka_unit_test(sqlite_errors_map_to_store_codes),
        TEST(a_held_write_lock_is_unavailable),
        TEST_UNMIGRATED(migrate_twice_is_a_no_op),
        TEST(newer_schema_and_migrate_in_a_transaction_are_refused),
        TEST(missing_language_is_invalid),
        TEST(seed_content_type_21_is_video),
        TEST(admin_change_to_a_seed_type_survives_migrate),
        TEST(ensure_finds_by_slug_and_creates_once),
        TEST(put_and_get_round_trip_every_field),
        TEST(put_without_id_chooses_one_and_fills_stamps),
        TEST(update_keeps_created_at_and_raises_revision),
        TEST(unknown_related_target_writes_nothing),
        TEST(article_may_not_be_related_to_itself),
        TEST(duplicate_source_ref_is_a_conflict),
        TEST(find_by_source_ref_and_exists),
        TEST(list_orders_newest_first_and_pages),
        TEST(list_filters_live_section_and_tag),
        TEST(tag_list_follows_a_status_change),
        TEST(list_totals_follow_every_change),
        TEST(list_queries_read_an_index_in_order),
        TEST(data_version_changes_on_any_commit),
        TEST(rollback_leaves_nothing),
        TEST(commit_keeps_both_and_a_failed_put_inside_is_undone),
        TEST(tag_is_found_by_slug),
        TEST(feed_list_loads_body_authors_and_tags),
        TEST(news_and_sitemap_lists),
        TEST(edition_lists),
        TEST(translations_link_and_merge),
        TEST(feed_and_sitemap_lists_read_the_live_index),
        TEST(delete_cascades_related_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
