/* Unit tests of store_copy (store_copy.c, sqlite_copy.c, pg_copy.c): a
 * site with every kind of row moves to another store with its ids, its
 * text and its media files' bytes byte for byte, in pages, in one transaction that a failure or a
 * non-empty target leaves untouched; the copy list covers the schema.
 *
 * The source of most tests is a SQLite file of the test's own; the target
 * is the test store (temp_store.h), so SQLite -> SQLite always runs and,
 * with GAZETTE_TEST_PG set, SQLite -> PostgreSQL and back run too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/backend.h"
#include "support/temp_store.h"

/* Text that a careless COPY or binding would change: a tab, a backslash
 * before N (COPY's NULL), CR LF, quotes and Arabic. */
#define TRICKY_BODY                                                                                \
    "Tab\there, a backslash \\N and \\\\ two.\r\n\n\"Quoted\" "                                    \
    "\xd8\xb3\xd9\x88\xd8\xb1\xd9\x8a\xd8\xa7"
#define MANY_ARTICLES 2100 /* more than two pages of store_copy's 1,000 rows */

/* ---- a SQLite store of the test's own ---------------------------------- */

typedef struct {
    char folder[64];
    char url[128];
    store_t *store;
} sqlite_site_t;

static void sqlite_site_open(sqlite_site_t *site)
{
    snprintf(site->folder, sizeof site->folder, "/tmp/gazette-copy-XXXXXX");
    assert_non_null(mkdtemp(site->folder));
    snprintf(site->url, sizeof site->url, "sqlite:%s/site.db", site->folder);
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(store_open(site->url, &site->store, &error), GZ_OK);
    gz_buf_free(&error);
}

static void sqlite_site_close(sqlite_site_t *site)
{
    store_close(site->store);
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", site->folder);
    assert_int_equal(system(command), 0);
}

/* ---- a site with one row or more in every table ------------------------ */

typedef struct {
    int64_t section, author_a, author_b, tag_a, tag_b, user;
    int64_t media_video, media_poster;
} site_ids_t;

static content_article_t plain_article(int64_t id, const char *headline, int64_t section)
{
    content_article_t article = {0};
    article.id = id;
    article.slug = "plain";
    article.headline = headline;
    article.body_markdown = "Body.";
    article.body_html = "<p>Body.</p>\n";
    article.language = "en";
    article.status = CONTENT_PUBLISHED;
    article.published_at = 1481000000 + id;
    article.section.id = section;
    article.content_type.id = 1;
    return article;
}

static void put_full_article(store_t *store, const site_ids_t *ids)
{
    content_author_t authors[2] = {{.id = ids->author_b}, {.id = ids->author_a}};
    content_tag_t tags[2] = {{.id = ids->tag_b}, {.id = ids->tag_a}};
    content_related_t related[2] = {{.id = 12}, {.id = 11}};
    content_article_t article = plain_article(71, "Syrian army advances", ids->section);
    article.slug = "syrian-army-advances";
    article.summary = NULL;
    article.subtitle = "Sub\ttitle";
    article.body_markdown = TRICKY_BODY;
    article.body_html = "<p>" TRICKY_BODY "</p>\n";
    article.dateline = "Alalam";
    article.language = "ar";
    article.editor_code = "SA - 12";
    article.lead_image = "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg";
    article.sort_key = 636167181870000000;
    article.source_ref = "alalam:1896343";
    article.content_type.id = 21;
    article.authors = authors;
    article.author_count = 2;
    article.tags = tags;
    article.tag_count = 2;
    article.related = related;
    article.related_count = 2;
    assert_int_equal(store_article_put(store, &article), GZ_OK);
}

static void put_articles(store_t *store, const site_ids_t *ids)
{
    assert_int_equal(store_begin(store), GZ_OK);
    content_article_t target = plain_article(11, "First target", ids->section);
    target.lead_image = "/2016/12/01/first.jpg";
    assert_int_equal(store_article_put(store, &target), GZ_OK);
    content_article_t stub = plain_article(12, "A stub", 0);
    stub.is_stub = true;
    stub.status = CONTENT_DRAFT;
    assert_int_equal(store_article_put(store, &stub), GZ_OK);
    put_full_article(store, ids);
    for (int64_t id = 1000; id < 1000 + MANY_ARTICLES; id++) {
        content_article_t article = plain_article(id, "Many", id % 2 ? ids->section : 0);
        assert_int_equal(store_article_put(store, &article), GZ_OK);
    }
    assert_int_equal(store_commit(store), GZ_OK); /* most related lists stay queued */
    /* Two stories on one subject, each stored on its own: the commits
     * compute their automatic related lists, which are copied as they are. */
    content_article_t first = plain_article(5000, "Harbour cranes strike ends at dawn", 0);
    content_article_t second = plain_article(5001, "Harbour cranes strike talks resume", 0);
    assert_int_equal(store_article_put(store, &first), GZ_OK);
    assert_int_equal(store_article_put(store, &second), GZ_OK);
}

/* Article 5001's automatic list names 5000, on whichever backend. */
static void check_automatic_related(store_t *store, gz_pool_t *pool)
{
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(store, 5001, pool, &got), GZ_OK);
    assert_true(got->related_count >= 1);
    assert_int_equal(got->related[0].id, 5000);
    assert_true(got->related[0].automatic);
}

static void put_newsroom(store_t *store, site_ids_t *ids)
{
    store_user_t user = {.name = "alice",
                         .display_name = "Alice",
                         .role = STORE_ROLE_EDITOR,
                         .password_hash = "$argon2id$v=19$m=8,t=1,p=1$not-a-real-hash",
                         .desks = "News, Arabic desk"};
    assert_int_equal(store_user_add(store, &user), GZ_OK);
    ids->user = user.id;
    store_session_t session = {.id_hash = "ab12",
                               .user_id = user.id,
                               .created_at = 100,
                               .last_seen_at = 200,
                               .csrf_token = "cd34"};
    assert_int_equal(store_session_add(store, &session), GZ_OK);
    store_audit_entry_t entry = {.user_id = user.id,
                                 .action = "publish",
                                 .target = "article:71",
                                 .detail = "line one\nline two"};
    assert_int_equal(store_audit_add(store, &entry), GZ_OK);
    store_revision_t revision = {.article_id = 71,
                                 .revision = 1,
                                 .user_id = user.id,
                                 .at = 300,
                                 .snapshot = "{\"headline\": \"Syrian\\tarmy\"}"};
    assert_int_equal(store_revision_add(store, &revision), GZ_OK);
    assert_int_equal(
        store_article_note_add(store, 71, CONTENT_NOTE_CORRECTION, "Fixed a name.", user.id),
        GZ_OK);
    store_breaking_t banner = {.text = "Tab\there \\N",
                               .link = "/news/71/syrian-army-advances",
                               .raised_by = user.id,
                               .raised_at = 400,
                               .expires_at = 500};
    assert_int_equal(store_breaking_raise(store, &banner), GZ_OK);
    assert_int_equal(store_setting_put(store, "workflow", "{\"statuses\":\"\\t\"}", user.id),
                     GZ_OK);
    store_assignment_t assignment = {.article_id = 71,
                                     .user_id = user.id,
                                     .due_at = 600,
                                     .note = "Tab\there",
                                     .assigned_by = user.id};
    assert_int_equal(store_assignment_put(store, &assignment), GZ_OK);
    /* A front, twice (two versions), and a version scheduled for later. */
    const char *layout = "{\"top\":[{\"article\":71,\"headline\":\"Tab\\there\"}]}";
    int64_t revision_number = 0, scheduled = 0;
    assert_int_equal(store_front_put(store, "home", layout, user.id, 0, &revision_number), GZ_OK);
    assert_int_equal(store_front_put(store, "home", layout, user.id, 1, &revision_number), GZ_OK);
    assert_int_equal(revision_number, 2);
    assert_int_equal(store_front_schedule_add(store, "home", "{}", 4000000000, user.id, &scheduled),
                     GZ_OK);
}

/* ---- media: items, files of several parts, their uses ------------------- */

enum { MEDIA_BYTES = 2 * STORE_MEDIA_PART_BYTES + 77 }; /* three parts */

/* Every byte value, in an order no two parts share. */
static unsigned char *media_bytes(void)
{
    unsigned char *bytes = malloc(MEDIA_BYTES);
    assert_non_null(bytes);
    for (size_t i = 0; i < MEDIA_BYTES; i++)
        bytes[i] = (unsigned char)(i * 7 + i / 251);
    return bytes;
}

static void put_media(store_t *store, site_ids_t *ids)
{
    content_media_t poster = {.kind = CONTENT_MEDIA_PICTURE,
                              .stem = "2016/12/03/alalam_636163786258551199",
                              .alt = "Tab\there \\N",
                              .focus_set = true,
                              .focus_x = 2500,
                              .focus_y = 7500};
    assert_int_equal(store_media_put(store, &poster), GZ_OK);
    content_media_t video = {.kind = CONTENT_MEDIA_VIDEO,
                             .stem = "2016/12/03/alalam_636163786258551197",
                             .file_name = "clip.mp4",
                             .caption = TRICKY_BODY,
                             .duration_ms = 93500,
                             .poster_id = poster.id};
    assert_int_equal(store_media_put(store, &video), GZ_OK);
    content_media_t swap = poster;
    /* The poster names the later video as its own poster, so the copy
     * inserts a row before the one it refers to (the check is deferred). */
    swap.poster_id = video.id;
    assert_int_equal(store_media_put(store, &swap), GZ_OK);
    ids->media_video = video.id;
    ids->media_poster = poster.id;
    unsigned char *bytes = media_bytes();
    assert_int_equal(store_media_file_write(store, video.id, "original", "video/mp4", 1920, 1080,
                                            bytes, MEDIA_BYTES),
                     GZ_OK);
    assert_int_equal(
        store_media_file_write(store, poster.id, "640_16x9.webp", "image/webp", 640, 360, "", 0),
        GZ_OK);
    free(bytes);
    store_media_use_t uses[] = {{video.id, STORE_MEDIA_LEAD, 0}, {poster.id, STORE_MEDIA_BODY, 1}};
    assert_int_equal(store_article_media_replace(store, 71, uses, 2), GZ_OK);
}

static void check_media(store_t *store, gz_pool_t *pool, const site_ids_t *ids)
{
    content_media_t video;
    assert_int_equal(store_media_get(store, ids->media_video, pool, &video), GZ_OK);
    assert_string_equal(video.caption, TRICKY_BODY);
    assert_int_equal(video.poster_id, ids->media_poster);
    assert_true(video.has_original);
    assert_int_equal(video.byte_count, MEDIA_BYTES);
    content_media_t poster;
    assert_int_equal(store_media_get(store, ids->media_poster, pool, &poster), GZ_OK);
    assert_string_equal(poster.alt, "Tab\there \\N");
    assert_int_equal(poster.focus_y, 7500);
    assert_int_equal(poster.poster_id, ids->media_video);
    gz_buf_t read = GZ_BUF_INIT;
    assert_int_equal(
        store_media_file_read(store, ids->media_video, "original", 0, MEDIA_BYTES, &read), GZ_OK);
    unsigned char *bytes = media_bytes();
    assert_int_equal(read.len, MEDIA_BYTES);
    assert_memory_equal(read.data, bytes, MEDIA_BYTES);
    free(bytes);
    gz_buf_free(&read);
    store_media_file_t file;
    assert_int_equal(store_media_file_info(store, ids->media_poster, "640_16x9.webp", &file),
                     GZ_OK);
    assert_int_equal(file.byte_count, 0);
    int64_t *users = NULL;
    size_t count = 0;
    assert_int_equal(store_media_usage(store, ids->media_poster, pool, &users, &count), GZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(users[0], 71);
    /* A new item gets a new id (the identity sequence moved on). */
    content_media_t later = {.kind = CONTENT_MEDIA_PICTURE, .stem = "2024/05/01/gazette_1"};
    assert_int_equal(store_media_put(store, &later), GZ_OK);
    assert_true(later.id > ids->media_poster && later.id > ids->media_video);
}

/* Syria's parent comes after it, so the copy inserts a child before its
 * parent (the check is deferred); War is renamed and keeps its slug. */
static void put_taxonomy(store_t *store, site_ids_t *ids)
{
    content_section_t region = {
        .slug = "middle-east", .name = "Middle East", .position = 10, .desk = "News"};
    assert_int_equal(store_section_put(store, &region), GZ_OK);
    content_section_t syria = {.id = ids->section,
                               .slug = "syria",
                               .name = "Syria",
                               .description = "Tab\there \\N",
                               .position = 5,
                               .parent_id = region.id,
                               .hidden = true};
    assert_int_equal(store_section_put(store, &syria), GZ_OK);
    assert_int_equal(store_tag_rename(store, ids->tag_b, "War", "civil-war"), GZ_OK);
}

static void check_taxonomy(store_t *store, gz_pool_t *pool, const site_ids_t *ids)
{
    content_section_t syria;
    assert_int_equal(store_section_get(store, ids->section, pool, &syria), GZ_OK);
    assert_string_equal(syria.description, "Tab\there \\N");
    assert_int_equal(syria.position, 5);
    assert_true(syria.hidden);
    content_section_t region;
    assert_int_equal(store_section_get(store, syria.parent_id, pool, &region), GZ_OK);
    assert_string_equal(region.desk, "News");
    content_tag_t tag;
    assert_int_equal(store_tag_get_by_old_slug(store, "war", pool, &tag), GZ_OK);
    assert_int_equal(tag.id, ids->tag_b);
    assert_string_equal(tag.slug, "civil-war");
}

static site_ids_t fill_site(store_t *store)
{
    site_ids_t ids = {0};
    content_type_t video = {21, "video", "Videos", "VIDEO"}; /* an editor's renaming */
    assert_int_equal(store_content_type_put(store, &video), GZ_OK);
    assert_int_equal(store_section_ensure(store, "Syria", &ids.section), GZ_OK);
    assert_int_equal(store_author_ensure(store, "Zeinab", &ids.author_a), GZ_OK);
    assert_int_equal(store_author_ensure(store, "Ali", &ids.author_b), GZ_OK);
    assert_int_equal(store_tag_ensure(store, "Aleppo", &ids.tag_a), GZ_OK);
    assert_int_equal(store_tag_ensure(store, "War", &ids.tag_b), GZ_OK);
    put_taxonomy(store, &ids);
    put_articles(store, &ids);
    gz_time_t hour = gz_now() / 3600;
    store_view_count_t views[] = {{11, hour, 7}, {71, hour, 3}};
    assert_int_equal(store_views_add(store, views, 2), GZ_OK);
    put_newsroom(store, &ids);
    put_media(store, &ids);
    assert_int_equal(store_translation_link(store, 71, 11), GZ_OK);
    return ids;
}

/* ---- checking the copy ------------------------------------------------- */

static void check_full_article(store_t *store, gz_pool_t *pool, const site_ids_t *ids)
{
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(store, 71, pool, &got), GZ_OK);
    assert_string_equal(got->headline, "Syrian army advances");
    assert_null(got->summary);
    assert_string_equal(got->subtitle, "Sub\ttitle");
    assert_string_equal(got->body_markdown, TRICKY_BODY);
    assert_string_equal(got->body_html, "<p>" TRICKY_BODY "</p>\n");
    assert_string_equal(got->language, "ar");
    assert_int_equal(got->sort_key, 636167181870000000);
    assert_int_equal(got->published_at, 1481000071);
    assert_string_equal(got->source_ref, "alalam:1896343");
    assert_int_equal(got->section.id, ids->section);
    assert_string_equal(got->content_type.name, "Videos");
    assert_int_equal(got->author_count, 2);
    assert_string_equal(got->authors[0].name, "Ali");
    assert_int_equal(got->tag_count, 2);
    assert_string_equal(got->tags[0].name, "War");
    assert_true(got->related_count >= 2);
    assert_int_equal(got->related[0].id, 12);
    assert_int_equal(got->related[1].id, 11);
    assert_false(got->related[1].automatic);
    assert_int_equal(got->note_count, 1);
    assert_string_equal(got->notes[0].text, "Fixed a name.");
}

static void check_newsroom(store_t *store, gz_pool_t *pool, const site_ids_t *ids)
{
    store_user_t user;
    assert_int_equal(store_user_get(store, 0, "alice", pool, &user), GZ_OK);
    assert_int_equal(user.id, ids->user);
    assert_int_equal(user.role, STORE_ROLE_EDITOR);
    assert_string_equal(user.desks, "News, Arabic desk");
    const char *setting = NULL;
    bool found = false;
    assert_int_equal(store_setting_get(store, "workflow", pool, &setting, &found), GZ_OK);
    assert_true(found);
    assert_string_equal(setting, "{\"statuses\":\"\\t\"}");
    store_assignment_t assignment;
    assert_int_equal(store_assignment_get(store, 71, pool, &assignment, &found), GZ_OK);
    assert_true(found);
    assert_string_equal(assignment.note, "Tab\there");
    assert_int_equal(assignment.due_at, 600);
    assert_string_equal(user.password_hash, "$argon2id$v=19$m=8,t=1,p=1$not-a-real-hash");
    store_session_t session;
    assert_int_equal(store_session_get(store, "ab12", pool, &session), GZ_OK);
    assert_string_equal(session.csrf_token, "cd34");
    store_audit_entry_t *entries = NULL;
    size_t count = 0;
    assert_int_equal(store_audit_list(store, 10, 0, pool, &entries, &count), GZ_OK);
    assert_int_equal(count, 1);
    assert_string_equal(entries[0].detail, "line one\nline two");
    store_revision_t revision;
    assert_int_equal(store_revision_get(store, 71, 1, pool, &revision), GZ_OK);
    assert_string_equal(revision.snapshot, "{\"headline\": \"Syrian\\tarmy\"}");
    store_breaking_t banner;
    bool up = false;
    assert_int_equal(store_breaking_current(store, 450, pool, &banner, &up), GZ_OK);
    assert_true(up);
    assert_string_equal(banner.text, "Tab\there \\N");
    assert_int_equal(banner.raised_by, ids->user);
    assert_int_equal(banner.expires_at, 500);
    store_front_t front;
    assert_int_equal(store_front_get(store, "home", pool, &front), GZ_OK);
    assert_int_equal(front.revision, 2);
    assert_string_equal(front.layout, "{\"top\":[{\"article\":71,\"headline\":\"Tab\\there\"}]}");
    store_front_schedule_t *schedules = NULL;
    assert_int_equal(store_front_schedules(store, "home", 0, pool, &schedules, &count), GZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(schedules[0].at, 4000000000);
}

/* New rows on the target get new ids: its id generators are past the
 * copied ones (PostgreSQL's identity sequences especially). */
static void check_new_ids(store_t *store, const site_ids_t *ids)
{
    int64_t section = 0, tag = 0;
    assert_int_equal(store_section_ensure(store, "Brand New", &section), GZ_OK);
    assert_true(section > ids->section);
    assert_int_equal(store_tag_ensure(store, "Brand New", &tag), GZ_OK);
    assert_true(tag > ids->tag_b);
    store_user_t user = {.name = "bob", .role = STORE_ROLE_AUTHOR, .password_hash = "x"};
    assert_int_equal(store_user_add(store, &user), GZ_OK);
    assert_true(user.id > ids->user);
    store_audit_entry_t entry = {.action = "user-add", .target = "user:bob"};
    assert_int_equal(store_audit_add(store, &entry), GZ_OK);
    assert_int_equal(store_article_note_add(store, 71, CONTENT_NOTE_UPDATE, "Later.", 0), GZ_OK);
    store_breaking_t banner = {.text = "Later.", .raised_at = 600};
    assert_int_equal(store_breaking_raise(store, &banner), GZ_OK);
    assert_true(banner.id > 1);
}

static int64_t rows_of(const store_copy_report_t *report, const char *table)
{
    for (size_t i = 0; i < report->table_count; i++)
        if (strcmp(report->tables[i].table, table) == 0)
            return report->tables[i].source_rows;
    fail_msg("no table %s in the report", table);
    return -1;
}

static void check_report(const store_copy_report_t *report, store_t *target)
{
    int64_t total = 0;
    for (size_t i = 0; i < report->table_count; i++) {
        assert_int_equal(report->tables[i].source_rows, report->tables[i].target_rows);
        if (report->tables[i].source_rows == 0) /* every table had rows */
            fail_msg("no rows of %s copied", report->tables[i].table);
        total += report->tables[i].source_rows;
    }
    assert_int_equal(report->rows, total);
    assert_int_equal(rows_of(report, "articles"), 5 + MANY_ARTICLES);
    assert_int_equal(rows_of(report, "content_types"), 5);
    store_copy_report_t recount;
    assert_int_equal(store_count_rows(target, &recount), GZ_OK);
    for (size_t i = 0; i < report->table_count; i++)
        assert_int_equal(recount.tables[i].source_rows, report->tables[i].source_rows);
}

/* The live total comes from the target's counters, which the copy must
 * have filled as inserts through the store would have. */
static void check_counters(store_t *store, gz_pool_t *pool)
{
    store_article_query_t query = {.live_only = true, .now = gz_now(), .limit = 1};
    content_article_list_t list;
    assert_int_equal(store_article_list(store, &query, pool, &list), GZ_OK);
    assert_int_equal(list.total, 4 + MANY_ARTICLES); /* not the stub */
    assert_int_equal(list.items[0].id, 5001);
}

static void copy_and_check(store_t *source, store_t *target, gz_pool_t *pool)
{
    site_ids_t ids = fill_site(source);
    store_copy_report_t report;
    if (store_copy(source, target, NULL, NULL, &report) != GZ_OK)
        fail_msg("store_copy: %s", store_last_error(target));
    assert_false(report.source_changed);
    check_report(&report, target);
    check_full_article(target, pool, &ids);
    check_automatic_related(target, pool);
    check_newsroom(target, pool, &ids);
    check_taxonomy(target, pool, &ids);
    check_media(target, pool, &ids);
    check_counters(target, pool);
    check_new_ids(target, &ids);
    content_article_t *translations = NULL;
    size_t count = 0;
    assert_int_equal(store_translations(target, 71, pool, &translations, &count), GZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(translations[0].id, 11);
}

/* ---- the tests --------------------------------------------------------- */

static void copies_a_site_between_sqlite_stores(void **state)
{
    (void)state;
    sqlite_site_t source, target;
    sqlite_site_open(&source);
    sqlite_site_open(&target);
    assert_int_equal(store_migrate(source.store), GZ_OK);
    assert_int_equal(store_migrate(target.store), GZ_OK);
    gz_pool_t pool = GZ_POOL_INIT;
    copy_and_check(source.store, target.store, &pool);
    gz_pool_clear(&pool);
    sqlite_site_close(&source);
    sqlite_site_close(&target);
}

static void copies_a_site_from_sqlite_to_postgresql(void **state)
{
    if (!temp_store_is_pg())
        skip(); /* GAZETTE_TEST_PG is not set */
    temp_store_t *target = *state;
    sqlite_site_t source;
    sqlite_site_open(&source);
    assert_int_equal(store_migrate(source.store), GZ_OK);
    copy_and_check(source.store, target->store, &target->pool);
    sqlite_site_close(&source);
}

static void copies_a_site_from_postgresql_to_sqlite(void **state)
{
    if (!temp_store_is_pg())
        skip();
    temp_store_t *source = *state;
    sqlite_site_t target;
    sqlite_site_open(&target);
    assert_int_equal(store_migrate(target.store), GZ_OK);
    copy_and_check(source->store, target.store, &source->pool);
    sqlite_site_close(&target);
}

static void refuses_a_target_that_is_not_empty(void **state)
{
    temp_store_t *target = *state;
    store_user_t user = {.name = "admin", .role = STORE_ROLE_ADMIN, .password_hash = "x"};
    assert_int_equal(store_user_add(target->store, &user), GZ_OK);
    sqlite_site_t source;
    sqlite_site_open(&source);
    assert_int_equal(store_migrate(source.store), GZ_OK);
    int64_t section = 0;
    assert_int_equal(store_section_ensure(source.store, "World", &section), GZ_OK);
    store_copy_report_t report;
    assert_int_equal(store_copy(source.store, target->store, NULL, NULL, &report), GZ_ECONFLICT);
    assert_non_null(strstr(store_last_error(target->store), "users has 1 rows"));
    store_copy_report_t counts;
    assert_int_equal(store_count_rows(target->store, &counts), GZ_OK);
    assert_int_equal(rows_of(&counts, "sections"), 0);
    assert_int_equal(rows_of(&counts, "users"), 1);
    sqlite_site_close(&source);
}

static void refuses_a_source_with_another_schema_version(void **state)
{
    temp_store_t *target = *state;
    sqlite_site_t source;
    sqlite_site_open(&source); /* never migrated: version 0 */
    store_copy_report_t report;
    assert_int_equal(store_copy(source.store, target->store, NULL, NULL, &report), GZ_EINVAL);
    assert_non_null(strstr(store_last_error(target->store), "the source has schema version 0"));
    sqlite_site_close(&source);
}

/* A failure on the last table rolls back every table before it. */
static void a_failure_leaves_the_target_empty(void **state)
{
    temp_store_t *target = *state;
    const char *trigger = temp_store_is_pg()
                              ? "CREATE FUNCTION planted() RETURNS trigger LANGUAGE plpgsql AS"
                                " $$ BEGIN RAISE EXCEPTION 'planted failure'; END $$;"
                                "CREATE TRIGGER planted BEFORE INSERT ON article_notes"
                                " FOR EACH ROW EXECUTE FUNCTION planted();"
                              : "CREATE TRIGGER planted BEFORE INSERT ON article_notes"
                                " BEGIN SELECT RAISE(ABORT, 'planted failure'); END;";
    assert_true(temp_store_exec(target, trigger));
    sqlite_site_t source;
    sqlite_site_open(&source);
    assert_int_equal(store_migrate(source.store), GZ_OK);
    fill_site(source.store);
    store_copy_report_t report;
    assert_int_not_equal(store_copy(source.store, target->store, NULL, NULL, &report), GZ_OK);
    assert_non_null(strstr(store_last_error(target->store), "planted failure"));
    store_copy_report_t counts;
    assert_int_equal(store_count_rows(target->store, &counts), GZ_OK);
    for (size_t i = 0; i < counts.table_count; i++)
        if (strcmp(counts.tables[i].table, "content_types") != 0 && counts.tables[i].source_rows)
            fail_msg("%s kept rows of the failed copy", counts.tables[i].table);
    content_type_t video;
    assert_int_equal(store_content_type_get(target->store, 21, &target->pool, &video), GZ_OK);
    assert_string_equal(video.name, "Video"); /* the seed, not the source's "Videos" */
    /* The store still works: the transaction is over, triggers are back. */
    int64_t section = 0;
    assert_int_equal(store_section_ensure(target->store, "After", &section), GZ_OK);
    sqlite_site_close(&source);
}

/* The source is read in one snapshot: a change made by another connection
 * during the copy is not copied (the counts still agree) and is reported. */
typedef struct {
    const char *url;
    bool written;
} meddler_t;

static void write_during_copy(void *context, const char *table, size_t done, size_t total)
{
    (void)done;
    (void)total;
    meddler_t *meddler = context;
    if (meddler->written || strcmp(table, "articles") != 0)
        return;
    store_t *other = NULL;
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(store_open(meddler->url, &other, &error), GZ_OK);
    int64_t section = 0;
    assert_int_equal(store_section_ensure(other, "Late News", &section), GZ_OK);
    store_close(other);
    gz_buf_free(&error);
    meddler->written = true;
}

static void changes_during_the_copy_are_reported_not_copied(void **state)
{
    temp_store_t *target = *state;
    sqlite_site_t source;
    sqlite_site_open(&source);
    assert_int_equal(store_migrate(source.store), GZ_OK);
    fill_site(source.store);
    meddler_t meddler = {.url = source.url};
    store_copy_report_t report;
    if (store_copy(source.store, target->store, write_during_copy, &meddler, &report) != GZ_OK)
        fail_msg("store_copy: %s", store_last_error(target->store));
    assert_true(meddler.written);
    assert_true(report.source_changed);
    assert_int_equal(rows_of(&report, "sections"), 2);
    content_section_t section;
    assert_int_equal(store_section_get_by_slug(target->store, "late-news", &target->pool, &section),
                     GZ_ENOTFOUND);
    sqlite_site_close(&source);
}

/* ---- the copy list against the schema ---------------------------------- */

/* Tables the store derives from the copied ones (or keeps for itself):
 * the search index in all its tables (search_*), the counters, the change log and the migrations'
 * bookkeeping. */
static bool derived_table(const char *name)
{
    static const char *const derived[] = {"change_log", "article_counts", "schema_migrations",
                                          "sqlite_sequence"};
    for (size_t i = 0; i < sizeof derived / sizeof derived[0]; i++)
        if (strcmp(name, derived[i]) == 0)
            return true;
    return strncmp(name, "search_", 7) == 0 || strncmp(name, "sqlite_stat", 11) == 0;
}

static const store_copy_table_t *copied_table(const char *name)
{
    size_t count = 0;
    const store_copy_table_t *tables = store_copy_tables(&count);
    for (size_t i = 0; i < count; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

static bool lists_column(const store_copy_table_t *table, const char *column)
{
    for (size_t i = 0; i < table->column_count; i++)
        if (strcmp(table->columns[i], column) == 0)
            return true;
    return false;
}

/* One (table, column) of the schema, from the database's own catalog:
 * either derived or in the copy list; seen counts the copied ones. */
static void check_column(const char *table, const char *column, size_t *seen)
{
    if (derived_table(table))
        return;
    const store_copy_table_t *copied = copied_table(table);
    if (copied == NULL)
        fail_msg("table %s is neither copied nor derived: add it to store_copy.c", table);
    if (!lists_column(copied, column))
        fail_msg("store_copy would drop the column %s.%s", table, column);
    (*seen)++;
}

static size_t walk_sqlite_columns(const temp_store_t *temp)
{
    sqlite3 *db = temp_store_sqlite_connect(temp);
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT m.name, c.name FROM sqlite_master m,"
                                        " pragma_table_info(m.name) c WHERE m.type = 'table'"
                                        " AND m.sql NOT LIKE 'CREATE VIRTUAL%'",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    size_t seen = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        check_column((const char *)sqlite3_column_text(stmt, 0),
                     (const char *)sqlite3_column_text(stmt, 1), &seen);
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return seen;
}

static size_t walk_pg_columns(const temp_store_t *temp)
{
    PGconn *conn = temp_store_pg_connect(temp->url);
    PGresult *rows = PQexec(conn, "SELECT table_name, column_name FROM information_schema.columns"
                                  " WHERE table_schema = current_schema()");
    assert_int_equal(PQresultStatus(rows), PGRES_TUPLES_OK);
    size_t seen = 0;
    for (int row = 0; row < PQntuples(rows); row++)
        check_column(PQgetvalue(rows, row, 0), PQgetvalue(rows, row, 1), &seen);
    PQclear(rows);
    PQfinish(conn);
    return seen;
}

static void the_copy_list_covers_the_schema(void **state)
{
    temp_store_t *temp = *state;
    size_t seen = temp_store_is_pg() ? walk_pg_columns(temp) : walk_sqlite_columns(temp);
    size_t count = 0, listed = 0;
    const store_copy_table_t *tables = store_copy_tables(&count);
    for (size_t i = 0; i < count; i++) {
        listed += tables[i].column_count;
        assert_true(tables[i].key_count >= 1 && tables[i].key_count <= tables[i].column_count);
    }
    assert_int_equal(seen, listed); /* and no listed column is missing from the schema */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copies_a_site_between_sqlite_stores),
        cmocka_unit_test_setup_teardown(copies_a_site_from_sqlite_to_postgresql, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(copies_a_site_from_postgresql_to_sqlite, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(refuses_a_target_that_is_not_empty, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(refuses_a_source_with_another_schema_version,
                                        temp_store_open, temp_store_close),
        cmocka_unit_test_setup_teardown(a_failure_leaves_the_target_empty, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(changes_during_the_copy_are_reported_not_copied,
                                        temp_store_open, temp_store_close),
        cmocka_unit_test_setup_teardown(the_copy_list_covers_the_schema, temp_store_open,
                                        temp_store_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
