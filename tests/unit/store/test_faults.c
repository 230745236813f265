/* Unit tests of all-or-nothing writes, with the test builds' fault hook
 * (store_test_fail_statement in store.h): each write below runs with its
 * first statement failing, then its second, and so on, until a run
 * executes all its statements without reaching the planned fault (that
 * last run is the clean one, and its statement count is the N of the
 * walk). After every failed run the store must hold exactly what it held
 * before (every table store_copy knows, plus the change log), the article
 * must read as before, the caller must see GZ_EIO with a message naming
 * the injected statement, and the store must keep working. The same walk
 * runs on SQLite and, with GAZETTE_TEST_PG set, on PostgreSQL. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "store/store.h"
#include "support/temp_store.h"

#if GAZETTE_TEST_HOOKS

enum { WALK_LIMIT = 400, NEW_ID = 71, KEPT_ID = 40 };

typedef temp_store_t fixture_t;

/* ---- what the store holds ---------------------------------------------- */

typedef struct {
    store_copy_report_t rows; /* per table, in source_rows */
    int64_t change_log;
    bool new_exists, kept_exists;
    const char *kept_headline;
    int64_t kept_revision;
} holdings_t;

static void take_holdings(fixture_t *fixture, holdings_t *out)
{
    memset(out, 0, sizeof *out);
    assert_int_equal(store_count_rows(fixture->store, &out->rows), GZ_OK);
    out->change_log = temp_store_count(fixture, "SELECT COUNT(*) FROM change_log", 0, NULL);
    assert_true(out->change_log >= 0);
    assert_int_equal(store_article_exists(fixture->store, NEW_ID, &out->new_exists, NULL), GZ_OK);
    assert_int_equal(store_article_exists(fixture->store, KEPT_ID, &out->kept_exists, NULL), GZ_OK);
    if (out->kept_exists) {
        content_article_t *kept = NULL;
        assert_int_equal(store_article_get(fixture->store, KEPT_ID, &fixture->pool, &kept), GZ_OK);
        out->kept_headline = kept->headline;
        out->kept_revision = kept->revision;
    }
}

static void assert_same_holdings(const holdings_t *before, const holdings_t *after, uint64_t k)
{
    for (size_t i = 0; i < before->rows.table_count; i++)
        if (before->rows.tables[i].source_rows != after->rows.tables[i].source_rows)
            fail_msg("fault at statement %" PRIu64 " left %s with %lld rows (was %lld)", k,
                     before->rows.tables[i].table, (long long)after->rows.tables[i].source_rows,
                     (long long)before->rows.tables[i].source_rows);
    if (before->change_log != after->change_log)
        fail_msg("fault at statement %" PRIu64 " left a change_log row", k);
    assert_int_equal(before->new_exists, after->new_exists);
    assert_int_equal(before->kept_exists, after->kept_exists);
    if (before->kept_exists) {
        assert_string_equal(before->kept_headline, after->kept_headline);
        assert_int_equal(before->kept_revision, after->kept_revision);
    }
}

/* ---- the walk ---------------------------------------------------------- */

typedef int (*write_fn)(fixture_t *fixture, void *context);

/* A write that ends with more calls after its failure (a rollback) keeps
 * the failure's message here; otherwise store_last_error tells. */
static char failure_message[256];

/* Runs write with a fault at statement 1, 2, ... until it succeeds;
 * returns how many statements the clean run executed. */
static uint64_t walk(fixture_t *fixture, write_fn write, void *context)
{
    holdings_t before;
    take_holdings(fixture, &before);
    for (uint64_t k = 1; k <= WALK_LIMIT; k++) {
        store_test_fail_statement(k);
        failure_message[0] = '\0';
        int result = write(fixture, context);
        uint64_t executed = store_test_statement_count();
        store_test_fail_statement(0);
        if (result == GZ_OK) {
            if (executed >= k)
                fail_msg("fault %" PRIu64 " of %" PRIu64 " was swallowed: \"%s\"", k, executed,
                         store_last_error(fixture->store));
            assert_int_equal(executed, k - 1);
            return executed;
        }
        assert_int_equal(result, GZ_EIO);
        char expected[64];
        snprintf(expected, sizeof expected, "injected fault at statement %" PRIu64, k);
        const char *message =
            failure_message[0] ? failure_message : store_last_error(fixture->store);
        if (strstr(message, expected) == NULL)
            fail_msg("fault %" PRIu64 ": the error says \"%s\"", k, message);
        holdings_t after;
        take_holdings(fixture, &after);
        assert_same_holdings(&before, &after, k);
    }
    fail_msg("the write never succeeded in %d runs", WALK_LIMIT);
    return 0;
}

/* ---- the writes -------------------------------------------------------- */

typedef struct {
    int64_t section, authors[2], tags[2];
} links_t;

static links_t make_links(fixture_t *fixture)
{
    links_t links = {0};
    assert_int_equal(store_section_ensure(fixture->store, "Syria", &links.section), GZ_OK);
    assert_int_equal(store_author_ensure(fixture->store, "Zeinab", &links.authors[0]), GZ_OK);
    assert_int_equal(store_author_ensure(fixture->store, "Ali", &links.authors[1]), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "Aleppo", &links.tags[0]), GZ_OK);
    assert_int_equal(store_tag_ensure(fixture->store, "War", &links.tags[1]), GZ_OK);
    return links;
}

static content_article_t plain_article(int64_t id, const char *headline, int64_t section)
{
    content_article_t article = {0};
    article.id = id;
    article.headline = headline;
    article.slug = "plain";
    article.language = "en";
    article.body_markdown = "Aleppo body.";
    article.body_html = "<p>Aleppo body.</p>\n";
    article.status = CONTENT_PUBLISHED;
    article.published_at = 1481098187;
    article.section.id = section;
    return article;
}

/* A few articles for the new one to link to, and one to update. */
static links_t fill(fixture_t *fixture)
{
    links_t links = make_links(fixture);
    for (int64_t id = 10; id <= 12; id++) {
        content_article_t target = plain_article(id, "Aleppo target", links.section);
        assert_int_equal(store_article_put(fixture->store, &target), GZ_OK);
    }
    content_article_t kept = plain_article(KEPT_ID, "Kept headline", links.section);
    assert_int_equal(store_article_put(fixture->store, &kept), GZ_OK);
    return links;
}

static int put_new_article(fixture_t *fixture, void *context)
{
    const links_t *links = context;
    content_author_t authors[2] = {{.id = links->authors[0]}, {.id = links->authors[1]}};
    content_tag_t tags[2] = {{.id = links->tags[0]}, {.id = links->tags[1]}};
    content_related_t related[2] = {{.id = 12}, {.id = 11}};
    content_article_t article = plain_article(NEW_ID, "Aleppo: the new article", links->section);
    article.content_type.id = 21;
    article.authors = authors;
    article.author_count = 2;
    article.tags = tags;
    article.tag_count = 2;
    article.related = related;
    article.related_count = 2;
    return store_article_put(fixture->store, &article);
}

static int update_article(fixture_t *fixture, void *context)
{
    const links_t *links = context;
    content_tag_t tags[1] = {{.id = links->tags[1]}};
    content_related_t related[1] = {{.id = 10}};
    content_article_t article = plain_article(KEPT_ID, "Changed headline", links->section);
    article.tags = tags;
    article.tag_count = 1;
    article.related = related;
    article.related_count = 1;
    return store_article_put(fixture->store, &article);
}

static int delete_article(fixture_t *fixture, void *context)
{
    (void)context;
    return store_article_delete(fixture->store, KEPT_ID);
}

static int add_note(fixture_t *fixture, void *context)
{
    (void)context;
    return store_article_note_add(fixture->store, KEPT_ID, CONTENT_NOTE_CORRECTION,
                                  "The headline was wrong.", 0);
}

/* The newsroom's pattern: a revision and an audit row in one transaction,
 * rolled back by the caller on any failure. */
static int save_revision_and_audit(fixture_t *fixture, void *context)
{
    (void)context;
    store_revision_t revision = {.article_id = KEPT_ID, .revision = 2, .snapshot = "{}"};
    store_audit_entry_t entry = {.action = "save", .target = "article:40", .detail = "r2"};
    int result = store_begin(fixture->store);
    if (result != GZ_OK)
        return result;
    result = store_revision_add(fixture->store, &revision);
    if (result == GZ_OK)
        result = store_audit_add(fixture->store, &entry);
    if (result == GZ_OK)
        result = store_commit(fixture->store);
    if (result != GZ_OK) {
        /* The failure's message, before the rollback (which may say that
         * the failed commit had ended the transaction already). */
        snprintf(failure_message, sizeof failure_message, "%s",
                 store_last_error(fixture->store));
        store_rollback(fixture->store);
    }
    return result;
}

/* ---- tests ------------------------------------------------------------- */

static void a_failed_new_article_leaves_nothing(void **state)
{
    fixture_t *fixture = *state;
    links_t links = fill(fixture);
    uint64_t statements = walk(fixture, put_new_article, &links);
    assert_true(statements > 5);
    bool exists = false;
    assert_int_equal(store_article_exists(fixture->store, NEW_ID, &exists, NULL), GZ_OK);
    assert_true(exists);
}

static void a_failed_update_leaves_the_article_as_it_was(void **state)
{
    fixture_t *fixture = *state;
    links_t links = fill(fixture);
    assert_true(walk(fixture, update_article, &links) > 3);
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, KEPT_ID, &fixture->pool, &got), GZ_OK);
    assert_string_equal(got->headline, "Changed headline");
}

static void a_failed_delete_keeps_the_article(void **state)
{
    fixture_t *fixture = *state;
    fill(fixture);
    assert_true(walk(fixture, delete_article, NULL) >= 1);
    bool exists = true;
    assert_int_equal(store_article_exists(fixture->store, KEPT_ID, &exists, NULL), GZ_OK);
    assert_false(exists);
}

static void a_failed_note_adds_nothing(void **state)
{
    fixture_t *fixture = *state;
    fill(fixture);
    assert_true(walk(fixture, add_note, NULL) >= 1);
}

static void a_failed_revision_and_audit_transaction_adds_nothing(void **state)
{
    fixture_t *fixture = *state;
    fill(fixture);
    assert_true(walk(fixture, save_revision_and_audit, NULL) >= 4); /* begin, 2 writes, commit */
    store_revision_t got;
    assert_int_equal(store_revision_get(fixture->store, KEPT_ID, 2, &fixture->pool, &got), GZ_OK);
}

/* ---- copying ----------------------------------------------------------- */

typedef struct {
    temp_store_t *source;
} copy_context_t;

static int copy_site(fixture_t *fixture, void *context)
{
    copy_context_t *copy = context;
    store_copy_report_t report;
    return store_copy(copy->source->store, fixture->store, NULL, NULL, &report);
}

static void a_failed_copy_leaves_the_target_empty(void **state)
{
    fixture_t *fixture = *state;
    copy_context_t copy = {temp_store_new(true)};
    assert_non_null(copy.source);
    fill(copy.source);
    store_audit_entry_t entry = {.action = "save", .target = "article:40"};
    assert_int_equal(store_audit_add(copy.source->store, &entry), GZ_OK);
    assert_true(walk(fixture, copy_site, &copy) > 10);
    bool exists = false;
    assert_int_equal(store_article_exists(fixture->store, KEPT_ID, &exists, NULL), GZ_OK);
    assert_true(exists);
    assert_int_equal(temp_store_delete(copy.source), 0);
}

/* The count restarts with every plan, and 0 turns the hook off. */
static void the_count_restarts_and_zero_turns_the_hook_off(void **state)
{
    fixture_t *fixture = *state;
    store_test_fail_statement(0);
    bool exists = false;
    assert_int_equal(store_article_exists(fixture->store, 1, &exists, NULL), GZ_OK);
    assert_true(store_test_statement_count() >= 1);
    store_test_fail_statement(0);
    assert_int_equal(store_test_statement_count(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_failed_new_article_leaves_nothing, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(a_failed_update_leaves_the_article_as_it_was,
                                        temp_store_open, temp_store_close),
        cmocka_unit_test_setup_teardown(a_failed_delete_keeps_the_article, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(a_failed_note_adds_nothing, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(a_failed_revision_and_audit_transaction_adds_nothing,
                                        temp_store_open, temp_store_close),
        cmocka_unit_test_setup_teardown(a_failed_copy_leaves_the_target_empty, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(the_count_restarts_and_zero_turns_the_hook_off,
                                        temp_store_open, temp_store_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

int main(void)
{
    return 77; /* skipped: the build has no test hooks */
}

#endif
