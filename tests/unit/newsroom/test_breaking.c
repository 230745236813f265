/*
 * Tests of the breaking-news banner in the newsroom (breaking.c): the
 * checks of what an editor types (each with its sentence), who may raise
 * and lower it, and that raising and lowering are one transaction with
 * the audit row and the change log's "breaking", while a refused banner
 * changes nothing. On a real store (SQLite, or PostgreSQL with
 * GAZETTE_TEST_PG set).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "newsroom/newsroom.h"
#include "support/temp_store.h"

#define NOW 1700000000

typedef struct {
    temp_store_t *temp;
    store_t *store;
    gz_pool_t pool;
    newsroom_actor_t writer, editor;
} fixture_t;

static int64_t add_user(store_t *store, const char *name, store_role_t role)
{
    store_user_t user = {.name = name, .display_name = name, .role = role, .password_hash = "x"};
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

/* The problems the check finds in a banner raised at NOW ("" for none). */
static const char *problems_of(fixture_t *fixture, const char *text, const char *link,
                               gz_time_t expires_at)
{
    newsroom_breaking_t banner = {.text = text, .link = link, .expires_at = expires_at};
    gz_buf_t problems = GZ_BUF_INIT;
    bool fine = newsroom_breaking_check(&banner, NOW, &problems);
    assert_int_equal(fine, problems.len == 0);
    char *copy = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    return copy;
}

static void assert_problem(fixture_t *fixture, const char *text, const char *link,
                           gz_time_t expires_at, const char *expected)
{
    const char *found = problems_of(fixture, text, link, expires_at);
    if (strstr(found, expected) == NULL)
        fail_msg("expected \"%s\" for text \"%s\", link \"%s\"; got \"%s\"", expected,
                 text ? text : "(null)", link ? link : "(null)", found);
}

/* Text of count copies of a character. */
static const char *repeated(fixture_t *fixture, const char *character, size_t count)
{
    gz_buf_t text = GZ_BUF_INIT;
    for (size_t i = 0; i < count; i++)
        gz_buf_append_cstr(&text, character);
    char *copy = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&text));
    gz_buf_free(&text);
    return copy;
}

static void the_text_is_one_short_line_of_utf8(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(problems_of(fixture, "  Quake hits Aleppo  ", NULL, 0), "");
    assert_string_equal(problems_of(fixture, "<script>alert(1)</script>", NULL, 0), "");
    assert_problem(fixture, NULL, NULL, 0, "needs some text");
    assert_problem(fixture, " \t ", NULL, 0, "needs some text");
    assert_problem(fixture, "bad \xff byte", NULL, 0, "not valid UTF-8");
    assert_problem(fixture, "two\nlines", NULL, 0, "no line breaks");
    assert_problem(fixture, "a \xc2\x85 next line", NULL, 0, "control characters");
    assert_problem(fixture, "a \xe2\x80\xa8 separator", NULL, 0, "control characters");
    /* 280 characters, however many bytes each: Arabic letters are two,
     * an emoji four. */
    assert_string_equal(problems_of(fixture, repeated(fixture, "\xd8\xad", 280), NULL, 0), "");
    assert_string_equal(problems_of(fixture, repeated(fixture, "\xf0\x9f\x94\xb4", 280), NULL, 0),
                        "");
    assert_problem(fixture, repeated(fixture, "x", 281), NULL, 0,
                   "too long: at most 280 characters (it has 281)");
}

static void the_link_is_a_web_address_or_a_site_path(void **state)
{
    fixture_t *fixture = *state;
    const char *good[] = {"https://example.com/live",
                          "http://example.com",
                          "HTTPS://EXAMPLE.COM",
                          "/news/12/quake",
                          "/",
                          "  /live  ",
                          "",
                          NULL};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_string_equal(problems_of(fixture, "Text", good[i], 0), "");
    const char *form = "must be an address starting with http:// or https://";
    const char *bad[] = {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                         "//evil.example",      "ftp://example.com",   "https://",
                         "https:///path",       "example.com",         "news/12",
                         "mailto:a@example.com"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_problem(fixture, "Text", bad[i], 0, form);
    const char *unsafe = "cannot hold spaces";
    assert_problem(fixture, "Text", "/\\evil.example", 0, unsafe);
    assert_problem(fixture, "Text", "https://example.com/a b", 0, unsafe);
    assert_problem(fixture, "Text", "/a\"onmouseover=\"x", 0, unsafe);
    assert_problem(fixture, "Text", "/<script>", 0, unsafe);
    assert_problem(fixture, "Text", "/a\tb", 0, unsafe);
    assert_problem(fixture, "Text", "/\xff", 0, "The link is not valid UTF-8.");
    char too_long[STORE_BREAKING_LINK_MAX + 2] = "/";
    memset(too_long + 1, 'a', STORE_BREAKING_LINK_MAX);
    too_long[STORE_BREAKING_LINK_MAX + 1] = '\0';
    assert_problem(fixture, "Text", too_long, 0, "The link is too long");
}

static void the_expiry_is_in_the_next_seven_days(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(problems_of(fixture, "Text", NULL, NOW + 1), "");
    assert_string_equal(problems_of(fixture, "Text", NULL, NOW + 7 * 86400), "");
    assert_problem(fixture, "Text", NULL, NOW, "must be in the future");
    assert_problem(fixture, "Text", NULL, NOW - 60, "must be in the future");
    assert_problem(fixture, "Text", NULL, NOW + 7 * 86400 + 1, "within 7 days");
}

static void every_problem_is_told_at_once(void **state)
{
    fixture_t *fixture = *state;
    const char *found = problems_of(fixture, "", "javascript:x", NOW - 1);
    assert_non_null(strstr(found, "needs some text.\nThe link must be"));
    assert_non_null(strstr(found, "\nThe expiry must be in the future."));
}

static void an_editor_raises_and_lowers_it_with_audit_rows(void **state)
{
    fixture_t *fixture = *state;
    int64_t changes = count(fixture, "SELECT COUNT(*) FROM change_log WHERE tags = 'breaking'");
    newsroom_breaking_t banner = {.text = "  <b>Quake</b> hits Aleppo ", .link = " /live "};
    newsroom_result_t result;
    int64_t id = 0;
    assert_int_equal(newsroom_breaking_raise(fixture->store, &fixture->editor, &banner,
                                             &fixture->pool, &id, &result),
                     GZ_OK);
    assert_true(id > 0);
    store_breaking_t up;
    bool found = false;
    assert_int_equal(store_breaking_current(fixture->store, gz_now(), &fixture->pool, &up, &found),
                     GZ_OK);
    assert_true(found);
    assert_string_equal(up.text, "<b>Quake</b> hits Aleppo"); /* as typed, trimmed */
    assert_string_equal(up.link, "/live");
    assert_int_equal(up.raised_by, fixture->editor.user_id);
    assert_int_equal(up.expires_at, 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = "
                                    "'breaking-raise' AND detail = '<b>Quake</b> hits Aleppo'"),
                     1);
    assert_int_equal(
        newsroom_breaking_lower(fixture->store, &fixture->editor, id, &fixture->pool, &result),
        GZ_OK);
    assert_int_equal(store_breaking_current(fixture->store, gz_now(), &fixture->pool, &up, &found),
                     GZ_OK);
    assert_false(found);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = "
                                    "'breaking-lower'"),
                     1);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM change_log WHERE tags = 'breaking'"),
                     changes + 2);
    /* Lowered once: the second time there is nothing up. */
    assert_int_equal(
        newsroom_breaking_lower(fixture->store, &fixture->editor, id, &fixture->pool, &result),
        GZ_ENOTFOUND);
    assert_non_null(strstr(result.message, "not up any more"));
}

static void lowering_a_replaced_banner_is_refused(void **state)
{
    fixture_t *fixture = *state;
    newsroom_result_t result;
    int64_t first = 0, second = 0;
    newsroom_breaking_t banner = {.text = "First", .expires_at = gz_now() + 3600};
    assert_int_equal(newsroom_breaking_raise(fixture->store, &fixture->editor, &banner,
                                             &fixture->pool, &first, &result),
                     GZ_OK);
    banner.text = "Second";
    assert_int_equal(newsroom_breaking_raise(fixture->store, &fixture->editor, &banner,
                                             &fixture->pool, &second, &result),
                     GZ_OK);
    /* A Lower button on a page opened before the second was raised must
     * not take the second down. */
    assert_int_equal(
        newsroom_breaking_lower(fixture->store, &fixture->editor, first, &fixture->pool, &result),
        GZ_ENOTFOUND);
    store_breaking_t up;
    bool found = false;
    assert_int_equal(store_breaking_current(fixture->store, gz_now(), &fixture->pool, &up, &found),
                     GZ_OK);
    assert_true(found);
    assert_int_equal(up.id, second);
    assert_int_equal(
        newsroom_breaking_lower(fixture->store, &fixture->editor, 0, &fixture->pool, &result),
        GZ_OK);
}

static void refused_banners_change_nothing(void **state)
{
    fixture_t *fixture = *state;
    int64_t changes = count(fixture, "SELECT COUNT(*) FROM change_log");
    int64_t audits = count(fixture, "SELECT COUNT(*) FROM audit_log");
    newsroom_result_t result;
    newsroom_breaking_t banner = {.text = "Quake"};
    assert_int_equal(newsroom_breaking_raise(fixture->store, &fixture->writer, &banner,
                                             &fixture->pool, NULL, &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_non_null(strstr(result.message, "Only editors and admins"));
    banner.link = "javascript:alert(1)";
    assert_int_equal(newsroom_breaking_raise(fixture->store, &fixture->editor, &banner,
                                             &fixture->pool, NULL, &result),
                     GZ_EINVAL);
    assert_false(result.not_allowed);
    assert_non_null(strstr(result.message, "http:// or https://"));
    assert_int_equal(
        newsroom_breaking_lower(fixture->store, &fixture->writer, 0, &fixture->pool, &result),
        GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(
        newsroom_breaking_lower(fixture->store, &fixture->editor, 0, &fixture->pool, &result),
        GZ_ENOTFOUND);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM breaking_news"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM change_log"), changes);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log"), audits);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(the_text_is_one_short_line_of_utf8),
        TEST(the_link_is_a_web_address_or_a_site_path),
        TEST(the_expiry_is_in_the_next_seven_days),
        TEST(every_problem_is_told_at_once),
        TEST(an_editor_raises_and_lowers_it_with_audit_rows),
        TEST(lowering_a_replaced_banner_is_refused),
        TEST(refused_banners_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
