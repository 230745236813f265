/*
 * Tests of the newsroom pages' view models (views/admin_*.c), built from
 * plain structs with no store: the common page part, list rows and
 * options, the audit log and accounts, the editor's pieces, a stale
 * save's comparison, and a revision's line difference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/json_path.h"
#include "views/views.h"

#define NOW ((gz_time_t)1481200000) /* 2016-12-08T12:26:40Z */

static int setup(void **state)
{
    (void)state;
    return gz_time_set_zone("UTC") == GZ_OK ? 0 : -1;
}

static void test_page_shows_the_user_only_when_signed_in(void **state)
{
    (void)state;
    json_t *signed_out = views_admin_page("Sign in", "Gazette", NULL, NULL);
    assert_string_equal(json_text_at(signed_out, "title"), "Sign in");
    assert_null(json_at(signed_out, "user"));
    assert_null(json_at(signed_out, "csrf"));
    json_decref(signed_out);
    store_user_t user = {.id = 3, .name = "eddie", .display_name = "", .role = STORE_ROLE_EDITOR};
    json_t *page = views_admin_page("Articles", "Gazette", &user, "abc123");
    assert_string_equal(json_text_at(page, "user.display_name"), "eddie");
    assert_string_equal(json_text_at(page, "user.role"), "editor");
    assert_true(json_is_true(json_at(page, "user.is_editor")));
    assert_true(json_is_false(json_at(page, "user.is_admin")));
    assert_string_equal(json_text_at(page, "csrf"), "abc123");
    json_decref(page);
}

static void test_article_row(void **state)
{
    (void)state;
    content_article_t article = {.id = 12,
                                 .slug = "bridge-closes",
                                 .headline = "Bridge closes",
                                 .status = CONTENT_PUBLISHED,
                                 .language = "en",
                                 .revision = 4,
                                 .updated_at = NOW,
                                 .published_at = NOW - 3600,
                                 .section = {.name = "City"}};
    json_t *row = views_admin_article_row(&article, NOW);
    assert_string_equal(json_text_at(row, "public_url"), "/news/12/bridge-closes");
    assert_string_equal(json_text_at(row, "status"), "published");
    assert_string_equal(json_text_at(row, "updated"), "2016-12-08 12:26");
    assert_string_equal(json_text_at(row, "published"), "2016-12-08 11:26");
    assert_true(json_is_true(json_at(row, "is_live")));
    json_decref(row);
    article.status = CONTENT_DRAFT;
    article.published_at = 0;
    row = views_admin_article_row(&article, NOW);
    assert_true(json_is_false(json_at(row, "is_live")));
    assert_null(json_at(row, "published"));
    json_decref(row);
}

static void test_options_mark_the_selected_one(void **state)
{
    (void)state;
    json_t *statuses = views_admin_status_options("scheduled");
    assert_int_equal(json_array_size(statuses), 5);
    assert_true(json_is_true(json_at(statuses, "2.selected")));
    assert_true(json_is_false(json_at(statuses, "0.selected")));
    json_decref(statuses);
    content_section_t sections[] = {{.id = 1, .slug = "city", .name = "City"}, {.id = 2, .slug = "syria", .name = "Syria"}};
    json_t *options = views_admin_section_options(sections, 2, "syria");
    assert_true(json_is_true(json_at(options, "1.selected")));
    assert_string_equal(json_text_at(options, "0.name"), "City");
    json_decref(options);
    content_type_t types[] = {{.id = 1, .name = "Article"}, {.id = 21, .name = "Video"}};
    json_t *type_options = views_admin_content_type_options(types, 2, "21");
    assert_string_equal(json_text_at(type_options, "1.id"), "21");
    assert_true(json_is_true(json_at(type_options, "1.selected")));
    json_decref(type_options);
}

static void test_audit_and_user_rows(void **state)
{
    (void)state;
    store_audit_entry_t entries[] = {
        {.at = NOW, .action = "sign-in-failed", .target = "user:nobody"},
        {.at = NOW,
         .user_name = "admin",
         .action = "publish",
         .target = "article:1",
         .detail = "revision 2"}};
    json_t *rows = views_admin_audit_rows(entries, 2);
    assert_string_equal(json_text_at(rows, "0.who"), "-");
    assert_string_equal(json_text_at(rows, "0.detail"), "");
    assert_string_equal(json_text_at(rows, "1.at"), "2016-12-08 12:26:40");
    json_decref(rows);
    store_user_t users[] = {
        {.id = 1, .name = "admin", .role = STORE_ROLE_ADMIN},
        {.id = 2, .name = "wendy", .role = STORE_ROLE_AUTHOR, .disabled = true}};
    json_t *accounts = views_admin_user_rows(users, 2, 1);
    assert_true(json_is_true(json_at(accounts, "0.is_self")));
    assert_true(json_is_true(json_at(accounts, "1.disabled")));
    assert_true(json_is_true(json_at(accounts, "1.roles.1.selected")));
    assert_string_equal(json_text_at(accounts, "1.roles.3.label"), "Chief editor");
    assert_string_equal(json_text_at(accounts, "1.roles.4.name"), "admin");
    json_decref(accounts);
}

static void test_editor_pieces(void **state)
{
    (void)state;
    json_t *problems = views_admin_problem_list("First.\nSecond.");
    assert_int_equal(json_array_size(problems), 2);
    assert_string_equal(json_text_at(problems, "1"), "Second.");
    json_decref(problems);
    store_revision_t revisions[] = {{.revision = 2, .user_name = "eddie", .at = NOW},
                                    {.revision = 1, .at = NOW}};
    json_t *rows = views_admin_revision_rows(revisions, 2);
    assert_string_equal(json_text_at(rows, "1.by"), "the system");
    json_decref(rows);
    content_note_t notes[] = {{CONTENT_NOTE_CORRECTION, "7-5, not 8-4.", NOW},
                              {CONTENT_NOTE_UPDATE, "Work starts in May.", NOW}};
    content_article_t article = {.notes = notes, .note_count = 2};
    json_t *note_rows = views_admin_note_rows(&article);
    assert_string_equal(json_text_at(note_rows, "0.kind_label"), "Correction");
    assert_string_equal(json_text_at(note_rows, "1.kind_label"), "Update");
    json_decref(note_rows);
    content_article_t items[] = {{.id = 1, .headline = "One"}, {.id = 2, .headline = "Two"}};
    content_article_list_t list = {.items = items, .count = 2};
    json_t *recent = views_admin_recent_articles(&list, 1);
    assert_int_equal(json_array_size(recent), 1);
    assert_string_equal(json_text_at(recent, "0.headline"), "Two");
    json_decref(recent);
    assert_string_equal(views_admin_saved_message("publish"), "Saved and published.");
    assert_null(views_admin_saved_message("<script>"));
}

static void test_length_counts_summary_and_body(void **state)
{
    (void)state;
    json_t *length = views_admin_length("Ships are back.", "The harbour **reopened** today.");
    assert_int_equal(json_integer_value(json_object_get(length, "words")), 7);
    assert_int_equal(json_integer_value(json_object_get(length, "minutes")), 1);
    assert_string_equal(json_text_at(length, "label"), "7 words \xC2\xB7 1 min read");
    json_decref(length);
    length = views_admin_length(NULL, "كلمة");
    assert_string_equal(json_text_at(length, "label"), "1 word \xC2\xB7 1 min read");
    json_decref(length);
}

static void test_conflict_compares_theirs_with_yours(void **state)
{
    (void)state;
    store_revision_t newer = {.revision = 3,
                              .user_name = "alice",
                              .at = NOW,
                              .snapshot = "{\"headline\":\"Alice headline\",\"body\":\"Same\"}"};
    json_t *yours = json_pack("{s:s, s:s}", "headline", "Bob headline", "body", "Same");
    json_t *conflict = views_admin_conflict(&newer, yours);
    assert_string_equal(json_text_at(conflict, "by"), "alice");
    assert_int_equal(json_array_size(json_at(conflict, "fields")), NEWSROOM_TEXT_FIELD_COUNT);
    assert_string_equal(json_text_at(conflict, "fields.0.theirs"), "Alice headline");
    assert_string_equal(json_text_at(conflict, "fields.0.yours"), "Bob headline");
    assert_true(json_is_true(json_at(conflict, "fields.0.differs")));
    assert_true(json_is_false(json_at(conflict, "fields.3.differs"))); /* body */
    json_decref(conflict);
    json_decref(yours);
    json_t *fields = views_admin_snapshot_fields(newer.snapshot);
    assert_string_equal(json_text_at(fields, "headline"), "Alice headline");
    assert_string_equal(json_text_at(fields, "tags"), "");
    json_decref(fields);
}

static void test_line_diff(void **state)
{
    (void)state;
    json_t *lines = views_admin_line_diff("one\ntwo\nthree", "one\n2\nthree\nfour");
    assert_int_equal(json_array_size(lines), 5);
    assert_string_equal(json_text_at(lines, "0.kind"), "same");
    assert_string_equal(json_text_at(lines, "1.kind"), "added");
    assert_string_equal(json_text_at(lines, "1.text"), "2");
    assert_string_equal(json_text_at(lines, "2.kind"), "removed");
    assert_string_equal(json_text_at(lines, "2.text"), "two");
    assert_string_equal(json_text_at(lines, "4.text"), "four");
    assert_true(json_is_true(json_at(lines, "4.added")));
    json_decref(lines);
}

static void test_revision_fields_mark_what_changed(void **state)
{
    (void)state;
    json_t *first = views_admin_revision_fields(NULL, "{\"headline\":\"Bridge closes\"}");
    assert_true(json_is_true(json_at(first, "0.changed")));
    assert_true(json_is_false(json_at(first, "1.changed")));
    json_decref(first);
    json_t *fields =
        views_admin_revision_fields("{\"headline\":\"Bridge closes\",\"body\":\"a\\nb\"}",
                                    "{\"headline\":\"Bridge closes\",\"body\":\"a\\nc\"}");
    assert_true(json_is_false(json_at(fields, "0.changed")));
    assert_string_equal(json_text_at(fields, "3.name"), "body");
    assert_true(json_is_true(json_at(fields, "3.changed")));
    assert_string_equal(json_text_at(fields, "3.diff.1.kind"), "added");
    json_decref(fields);
}

static void test_media_rows_and_item(void **state)
{
    (void)state;
    content_media_t picture = {.id = 7,
                               .kind = CONTENT_MEDIA_PICTURE,
                               .stem = "2026/12/02/gazette_639003456789012345",
                               .file_name = "harbour.jpg",
                               .mime = "image/jpeg",
                               .width = 900,
                               .height = 600,
                               .has_original = true,
                               .caption = "Ships",
                               .focus_set = true,
                               .focus_x = 2500,
                               .focus_y = 7500,
                               .updated_at = NOW};
    json_t *row = views_admin_media_row(&picture);
    assert_string_equal(json_string_value(json_object_get(row, "url")), "/admin/media/7");
    assert_string_equal(json_string_value(json_object_get(row, "reference")), "media:7");
    assert_string_equal(json_string_value(json_object_get(row, "thumb")),
                        "/media/2026/12/02/gazette_639003456789012345_320_1x1.jpg?v=1481200000");
    assert_int_equal(json_integer_value(json_object_get(row, "width")), 900);
    assert_true(json_is_true(json_object_get(row, "missing_alt")));
    json_decref(row);

    picture.alt = "  ";
    int64_t users[] = {3, 12};
    json_t *item = views_admin_media_item(&picture, users, 2);
    assert_true(json_is_true(json_object_get(item, "missing_alt"))); /* blank alt is no alt */
    assert_string_equal(json_string_value(json_object_get(item, "preview")),
                        "/admin/media/7/preview.jpg?v=1481200000");
    assert_float_equal(json_real_value(json_object_get(item, "focus_x")), 0.25, 1e-9);
    json_t *used = json_object_get(item, "used_by");
    assert_int_equal(json_array_size(used), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(used, 1), "url")),
                        "/admin/articles/12");
    assert_true(json_is_true(json_object_get(item, "in_use")));
    json_decref(item);

    /* An imported reference whose file has not arrived: no thumbnail,
     * no preview. */
    content_media_t waiting = {.id = 8, .kind = CONTENT_MEDIA_PICTURE,
                               .stem = "2016/12/03/alalam_636163786258551197"};
    json_t *bare = views_admin_media_item(&waiting, NULL, 0);
    assert_null(json_object_get(bare, "thumb"));
    assert_null(json_object_get(bare, "preview"));
    assert_string_equal(json_string_value(json_object_get(bare, "file_name")),
                        "2016/12/03/alalam_636163786258551197");
    assert_false(json_is_true(json_object_get(bare, "in_use")));
    json_decref(bare);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_shows_the_user_only_when_signed_in),
        cmocka_unit_test(test_article_row),
        cmocka_unit_test(test_options_mark_the_selected_one),
        cmocka_unit_test(test_audit_and_user_rows),
        cmocka_unit_test(test_editor_pieces),
        cmocka_unit_test(test_length_counts_summary_and_body),
        cmocka_unit_test(test_conflict_compares_theirs_with_yours),
        cmocka_unit_test(test_line_diff),
        cmocka_unit_test(test_revision_fields_mark_what_changed),
        cmocka_unit_test(test_media_rows_and_item),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
