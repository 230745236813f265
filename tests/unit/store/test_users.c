/* Unit tests of the newsroom's tables: accounts and their rules, password
 * hashing, sessions (ended by a new password or disabling), the audit log
 * article revisions, and corrections and update notes. */
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

static int64_t add_user(fixture_t *fixture, const char *name, store_role_t role)
{
    gz_buf_t hash = GZ_BUF_INIT;
    assert_int_equal(store_password_hash("correct horse battery", &hash), GZ_OK);
    store_user_t user = {.name = name,
                         .display_name = "A Person",
                         .role = role,
                         .password_hash = gz_buf_cstr(&hash)};
    assert_int_equal(store_user_add(fixture->store, &user), GZ_OK);
    gz_buf_free(&hash);
    assert_true(user.id > 0);
    return user.id;
}

static void roles_have_names(void **state)
{
    (void)state;
    store_role_t role;
    assert_int_equal(store_role_parse("editor", &role), GZ_OK);
    assert_int_equal(role, STORE_ROLE_EDITOR);
    assert_int_equal(store_role_parse("chief", &role), GZ_EINVAL);
    assert_int_equal(store_role_parse(NULL, &role), GZ_EINVAL);
    assert_string_equal(store_role_name(STORE_ROLE_ADMIN), "admin");
    assert_string_equal(store_role_name(STORE_ROLE_AUTHOR), "author");
    assert_string_equal(store_role_name(STORE_ROLE_CHIEF_EDITOR), "chief_editor");
    assert_int_equal(store_role_parse("writer", &role), GZ_OK); /* the old name */
    assert_int_equal(role, STORE_ROLE_AUTHOR);
}

static void passwords_are_checked_and_hashed(void **state)
{
    (void)state;
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(store_password_check("short", &error), GZ_EINVAL);
    assert_non_null(strstr(gz_buf_cstr(&error), "at least 12"));
    assert_null(strstr(gz_buf_cstr(&error), "short\""));
    assert_int_equal(store_password_check("\xff\xfe invalid utf8 text", &error), GZ_EINVAL);
    /* Twelve characters, more bytes: counted as characters. */
    assert_int_equal(store_password_check("كلمةسرطويلةج", &error), GZ_OK);
    assert_int_equal(store_password_check("eleven char", &error), GZ_EINVAL);
    assert_int_equal(store_password_check("twelve chars", &error), GZ_OK);

    gz_buf_t hash = GZ_BUF_INIT;
    assert_int_equal(store_password_hash("twelve chars", &hash), GZ_OK);
    assert_true(strncmp(gz_buf_cstr(&hash), "$argon2id$", 10) == 0);
    assert_null(strstr(gz_buf_cstr(&hash), "twelve"));
    assert_true(store_password_verify(gz_buf_cstr(&hash), "twelve chars"));
    assert_false(store_password_verify(gz_buf_cstr(&hash), "twelve charz"));
    assert_false(store_password_verify(NULL, "twelve chars"));
    assert_false(store_password_verify("", "twelve chars"));
    assert_false(store_password_verify("$argon2id$garbage", "twelve chars"));
    /* The same password hashes differently each time (a random salt). */
    gz_buf_t again = GZ_BUF_INIT;
    assert_int_equal(store_password_hash("twelve chars", &again), GZ_OK);
    assert_string_not_equal(gz_buf_cstr(&hash), gz_buf_cstr(&again));
    gz_buf_free(&again);
    gz_buf_free(&hash);
    gz_buf_free(&error);
}

static void user_names_are_checked(void **state)
{
    (void)state;
    assert_int_equal(store_user_name_check("alice.smith-2_x", NULL), GZ_OK);
    assert_int_equal(store_user_name_check("Alice", NULL), GZ_EINVAL);
    assert_int_equal(store_user_name_check("a b", NULL), GZ_EINVAL);
    assert_int_equal(store_user_name_check("", NULL), GZ_EINVAL);
    char long_name[80];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_int_equal(store_user_name_check(long_name, NULL), GZ_EINVAL);
}

static void accounts_are_added_read_and_updated(void **state)
{
    fixture_t *fixture = *state;
    int64_t alice = add_user(fixture, "alice", STORE_ROLE_EDITOR);
    add_user(fixture, "bob", STORE_ROLE_AUTHOR);

    store_user_t taken = {.name = "alice", .role = STORE_ROLE_AUTHOR, .password_hash = "x"};
    assert_int_equal(store_user_add(fixture->store, &taken), GZ_ECONFLICT);
    assert_non_null(strstr(store_last_error(fixture->store), "alice"));
    store_user_t bad = {.name = "Bad Name", .role = STORE_ROLE_AUTHOR, .password_hash = "x"};
    assert_int_equal(store_user_add(fixture->store, &bad), GZ_EINVAL);

    store_user_t read;
    assert_int_equal(store_user_get(fixture->store, 0, "alice", &fixture->pool, &read), GZ_OK);
    assert_int_equal(read.id, alice);
    assert_int_equal(read.role, STORE_ROLE_EDITOR);
    assert_string_equal(read.display_name, "A Person");
    assert_false(read.disabled);
    assert_true(store_password_verify(read.password_hash, "correct horse battery"));
    assert_int_equal(store_user_get(fixture->store, 0, "carol", &fixture->pool, &read),
                     GZ_ENOTFOUND);

    store_user_t *users;
    size_t count;
    assert_int_equal(store_user_list(fixture->store, &fixture->pool, &users, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_string_equal(users[0].name, "alice");
    assert_string_equal(users[1].name, "bob");

    assert_int_equal(store_user_get(fixture->store, alice, NULL, &fixture->pool, &read), GZ_OK);
    read.role = STORE_ROLE_ADMIN;
    read.password_hash = NULL; /* kept */
    assert_int_equal(store_user_update(fixture->store, &read), GZ_OK);
    assert_int_equal(store_user_get(fixture->store, alice, NULL, &fixture->pool, &read), GZ_OK);
    assert_int_equal(read.role, STORE_ROLE_ADMIN);
    assert_true(store_password_verify(read.password_hash, "correct horse battery"));
    read.id = 999;
    assert_int_equal(store_user_update(fixture->store, &read), GZ_ENOTFOUND);
}

static void start_session(fixture_t *fixture, const char *hash, int64_t user_id)
{
    store_session_t session = {.id_hash = hash,
                               .user_id = user_id,
                               .created_at = gz_now(),
                               .last_seen_at = gz_now(),
                               .csrf_token = "token"};
    assert_int_equal(store_session_add(fixture->store, &session), GZ_OK);
}

static void sessions_live_until_ended(void **state)
{
    fixture_t *fixture = *state;
    int64_t alice = add_user(fixture, "alice", STORE_ROLE_EDITOR);
    start_session(fixture, "aa01", alice);
    store_session_t session;
    assert_int_equal(store_session_get(fixture->store, "aa01", &fixture->pool, &session), GZ_OK);
    assert_int_equal(session.user_id, alice);
    assert_string_equal(session.csrf_token, "token");
    assert_int_equal(store_session_touch(fixture->store, "aa01", session.last_seen_at + 60), GZ_OK);
    assert_int_equal(store_session_get(fixture->store, "aa01", &fixture->pool, &session), GZ_OK);
    assert_int_equal(session.last_seen_at, session.created_at + 60);
    assert_int_equal(store_session_delete(fixture->store, "aa01"), GZ_OK);
    assert_int_equal(store_session_get(fixture->store, "aa01", &fixture->pool, &session),
                     GZ_ENOTFOUND);
    assert_int_equal(store_session_delete(fixture->store, "aa01"), GZ_OK);

    /* A new password or disabling ends every session of the account. */
    start_session(fixture, "bb02", alice);
    store_user_t user;
    assert_int_equal(store_user_get(fixture->store, alice, NULL, &fixture->pool, &user), GZ_OK);
    user.password_hash = "$argon2id$new";
    assert_int_equal(store_user_update(fixture->store, &user), GZ_OK);
    assert_int_equal(store_session_get(fixture->store, "bb02", &fixture->pool, &session),
                     GZ_ENOTFOUND);
    start_session(fixture, "cc03", alice);
    user.password_hash = NULL;
    user.disabled = true;
    assert_int_equal(store_user_update(fixture->store, &user), GZ_OK);
    assert_int_equal(store_session_get(fixture->store, "cc03", &fixture->pool, &session),
                     GZ_ENOTFOUND);
}

static void the_audit_log_lists_newest_first(void **state)
{
    fixture_t *fixture = *state;
    int64_t alice = add_user(fixture, "alice", STORE_ROLE_EDITOR);
    store_audit_entry_t first = {.user_id = alice, .action = "sign-in", .detail = "127.0.0.1"};
    store_audit_entry_t second = {.action = "user-add", .target = "user:bob"};
    assert_int_equal(store_audit_add(fixture->store, &first), GZ_OK);
    assert_int_equal(store_audit_add(fixture->store, &second), GZ_OK);
    store_audit_entry_t empty = {.action = ""};
    assert_int_equal(store_audit_add(fixture->store, &empty), GZ_EINVAL);
    store_audit_entry_t *entries;
    size_t count;
    assert_int_equal(store_audit_list(fixture->store, 10, 0, &fixture->pool, &entries, &count),
                     GZ_OK);
    assert_int_equal(count, 2);
    assert_string_equal(entries[0].action, "user-add");
    assert_null(entries[0].user_name);
    assert_string_equal(entries[0].target, "user:bob");
    assert_string_equal(entries[1].action, "sign-in");
    assert_string_equal(entries[1].user_name, "alice");
    assert_true(entries[1].at > 0);
    assert_int_equal(store_audit_list(fixture->store, 10, 1, &fixture->pool, &entries, &count),
                     GZ_OK);
    assert_int_equal(count, 1);
}

static void the_audit_log_lists_one_targets_entries(void **state)
{
    fixture_t *fixture = *state;
    const char *targets[] = {"article:12", "article:7", "article:12", "article:120", "article:12"};
    for (size_t i = 0; i < 5; i++) {
        store_audit_entry_t entry = {.action = "save", .target = targets[i],
                                     .detail = gz_pool_printf(&fixture->pool, "step %zu", i)};
        assert_int_equal(store_audit_add(fixture->store, &entry), GZ_OK);
    }
    store_audit_entry_t *entries;
    size_t count;
    assert_int_equal(store_audit_list_for_target(fixture->store, "article:12", 10, &fixture->pool,
                                                 &entries, &count),
                     GZ_OK);
    assert_int_equal(count, 3);
    assert_string_equal(entries[0].detail, "step 4");
    assert_string_equal(entries[1].detail, "step 2");
    assert_string_equal(entries[2].detail, "step 0");
    assert_int_equal(store_audit_list_for_target(fixture->store, "article:12", 2, &fixture->pool,
                                                 &entries, &count),
                     GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(store_audit_list_for_target(fixture->store, "article:99", 10, &fixture->pool,
                                                 &entries, &count),
                     GZ_OK);
    assert_int_equal(count, 0);
    assert_null(entries);
    assert_int_equal(store_audit_list_for_target(fixture->store, NULL, 10, &fixture->pool,
                                                 &entries, &count),
                     GZ_EINVAL);
}

/* A deleted article's revisions are kept, so a new article must not reuse
 * its id and inherit its history. */
static void new_articles_never_reuse_an_id_with_history(void **state)
{
    fixture_t *fixture = *state;
    content_article_t first = {.headline = "First", .slug = "first", .language = "en",
                               .status = CONTENT_DRAFT};
    assert_int_equal(store_article_put(fixture->store, &first), GZ_OK);
    store_revision_t kept = {.article_id = first.id, .revision = 1, .snapshot = "{}"};
    assert_int_equal(store_revision_add(fixture->store, &kept), GZ_OK);
    assert_int_equal(store_article_delete(fixture->store, first.id), GZ_OK);
    content_article_t second = {.headline = "Second", .slug = "second", .language = "en",
                                .status = CONTENT_DRAFT};
    assert_int_equal(store_article_put(fixture->store, &second), GZ_OK);
    assert_true(second.id > first.id);
    store_revision_t again = {.article_id = second.id, .revision = 1, .snapshot = "{}"};
    assert_int_equal(store_revision_add(fixture->store, &again), GZ_OK);
}

static void revisions_are_kept_in_order(void **state)
{
    fixture_t *fixture = *state;
    int64_t alice = add_user(fixture, "alice", STORE_ROLE_EDITOR);
    store_revision_t one = {
        .article_id = 5, .revision = 1, .user_id = alice, .snapshot = "{\"headline\":\"One\"}"};
    store_revision_t two = {.article_id = 5, .revision = 2, .snapshot = "{\"headline\":\"Two\"}"};
    assert_int_equal(store_revision_add(fixture->store, &one), GZ_OK);
    assert_int_equal(store_revision_add(fixture->store, &two), GZ_OK);
    assert_int_equal(store_revision_add(fixture->store, &two), GZ_ECONFLICT);

    store_revision_t *list;
    size_t count;
    assert_int_equal(store_revision_list(fixture->store, 5, &fixture->pool, &list, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(list[0].revision, 2);
    assert_int_equal(list[1].revision, 1);
    assert_string_equal(list[1].user_name, "alice");

    store_revision_t read;
    assert_int_equal(store_revision_get(fixture->store, 5, 0, &fixture->pool, &read), GZ_OK);
    assert_int_equal(read.revision, 2);
    assert_int_equal(store_revision_get(fixture->store, 5, 1, &fixture->pool, &read), GZ_OK);
    assert_string_equal(read.snapshot, "{\"headline\":\"One\"}");
    assert_int_equal(store_revision_get(fixture->store, 6, 0, &fixture->pool, &read), GZ_ENOTFOUND);
}

static void put_article(fixture_t *fixture, int64_t id, const char *headline,
                        content_status_t status, gz_time_t published_at, int64_t section)
{
    content_article_t a = {.id = id,
                           .headline = headline,
                           .slug = "s",
                           .language = "en",
                           .status = status,
                           .published_at = published_at};
    a.section.id = section;
    assert_int_equal(store_article_put(fixture->store, &a), GZ_OK);
}

static void the_newsroom_list_filters(void **state)
{
    fixture_t *fixture = *state;
    int64_t world, sport;
    assert_int_equal(store_section_ensure(fixture->store, "World", &world), GZ_OK);
    assert_int_equal(store_section_ensure(fixture->store, "Sport", &sport), GZ_OK);
    put_article(fixture, 1, "Budget 100% agreed", CONTENT_DRAFT, 0, world);
    put_article(fixture, 2, "Match report", CONTENT_PUBLISHED, 1000, sport);
    put_article(fixture, 3, "Embargoed budget", CONTENT_SCHEDULED, 5000, world);
    put_article(fixture, 4, "Later embargo", CONTENT_SCHEDULED, 9000, world);

    content_article_list_t list;
    store_newsroom_query_t all = {.status = -1};
    assert_int_equal(store_newsroom_list(fixture->store, &all, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 4);
    store_newsroom_query_t drafts = {.status = CONTENT_DRAFT};
    assert_int_equal(store_newsroom_list(fixture->store, &drafts, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.items[0].id, 1);
    store_newsroom_query_t text = {.status = -1, .text = "BUDGET", .section_id = world};
    assert_int_equal(store_newsroom_list(fixture->store, &text, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 2);
    /* The text is searched as readers' search reads it: any form of a
     * word; punctuation alone finds nothing. */
    store_newsroom_query_t stemmed = {.status = -1, .text = "budgets"};
    assert_int_equal(store_newsroom_list(fixture->store, &stemmed, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 2);
    store_newsroom_query_t wildcard = {.status = -1, .text = "_"};
    assert_int_equal(store_newsroom_list(fixture->store, &wildcard, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 0);
    /* What falls due: scheduled and published_at <= the time asked. */
    store_newsroom_query_t due = {.status = CONTENT_SCHEDULED, .due_before = 6000};
    assert_int_equal(store_newsroom_list(fixture->store, &due, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.items[0].id, 3);
    store_newsroom_query_t paged = {.status = -1, .limit = 3, .offset = 3};
    assert_int_equal(store_newsroom_list(fixture->store, &paged, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.total, 4);
    store_newsroom_query_t bad = {.status = 9};
    assert_int_equal(store_newsroom_list(fixture->store, &bad, &fixture->pool, &list), GZ_EINVAL);
}

static void notes_are_added_in_order_and_mark_the_article_changed(void **state)
{
    fixture_t *fixture = *state;
    put_article(fixture, 7, "Budget passed", CONTENT_PUBLISHED, 1000, 0);
    int64_t editor = add_user(fixture, "edna", STORE_ROLE_EDITOR);
    int64_t before = 0;
    assert_int_equal(store_change_latest(fixture->store, &before), GZ_OK);
    assert_int_equal(store_article_note_add(fixture->store, 7, CONTENT_NOTE_CORRECTION,
                                            "The vote was 51-49, not 52-48.", editor),
                     GZ_OK);
    assert_int_equal(store_article_note_add(fixture->store, 7, CONTENT_NOTE_UPDATE,
                                            "The law takes effect in May.", 0),
                     GZ_OK);
    /* Each note leaves a change_log row naming the article, so cached pages go. */
    store_change_t *changes = NULL;
    size_t count = 0;
    assert_int_equal(
        store_changes_since(fixture->store, before, 10, &fixture->pool, &changes, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_non_null(strstr(changes[0].tags, "article:7"));

    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, 7, &fixture->pool, &article), GZ_OK);
    assert_int_equal(article->note_count, 2);
    assert_int_equal(article->notes[0].kind, CONTENT_NOTE_CORRECTION);
    assert_string_equal(article->notes[0].text, "The vote was 51-49, not 52-48.");
    assert_true(article->notes[0].created_at > 0);
    assert_int_equal(article->notes[1].kind, CONTENT_NOTE_UPDATE);
    /* Saving the article again keeps its notes. */
    article->headline = "Budget passed narrowly";
    assert_int_equal(store_article_put(fixture->store, article), GZ_OK);
    assert_int_equal(store_article_get(fixture->store, 7, &fixture->pool, &article), GZ_OK);
    assert_int_equal(article->note_count, 2);

    assert_int_equal(store_article_note_add(fixture->store, 99, CONTENT_NOTE_UPDATE, "x", 0),
                     GZ_ENOTFOUND);
    assert_int_equal(store_article_note_add(fixture->store, 7, CONTENT_NOTE_UPDATE, "", 0),
                     GZ_EINVAL);
    assert_int_equal(store_article_note_add(fixture->store, 7, CONTENT_NOTE_UPDATE, "\xff", 0),
                     GZ_EINVAL);
    char long_text[STORE_NOTE_MAX_BYTES + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_int_equal(store_article_note_add(fixture->store, 7, CONTENT_NOTE_UPDATE, long_text, 0),
                     GZ_EINVAL);
    long_text[STORE_NOTE_MAX_BYTES] = '\0';
    assert_int_equal(store_article_note_add(fixture->store, 7, CONTENT_NOTE_UPDATE, long_text, 0),
                     GZ_OK);
    assert_int_equal(store_article_note_add(fixture->store, 7, 9, "x", 0), GZ_EINVAL);

    /* Deleting the article deletes its notes. */
    assert_int_equal(store_article_delete(fixture->store, 7), GZ_OK);
    put_article(fixture, 7, "Budget passed", CONTENT_PUBLISHED, 1000, 0);
    assert_int_equal(store_article_get(fixture->store, 7, &fixture->pool, &article), GZ_OK);
    assert_int_equal(article->note_count, 0);
}

int main(void)
{
    setenv("GAZETTE_PASSWORD_LIMITS", "test", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roles_have_names),
        cmocka_unit_test(passwords_are_checked_and_hashed),
        cmocka_unit_test(user_names_are_checked),
        cmocka_unit_test_setup_teardown(accounts_are_added_read_and_updated, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(sessions_live_until_ended, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(the_audit_log_lists_one_targets_entries, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(the_audit_log_lists_newest_first, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(new_articles_never_reuse_an_id_with_history,
                                        temp_store_open, temp_store_close),
        cmocka_unit_test_setup_teardown(revisions_are_kept_in_order, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(the_newsroom_list_filters, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(notes_are_added_in_order_and_mark_the_article_changed,
                                        temp_store_open, temp_store_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
