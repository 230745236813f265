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
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/store.h"
#include "support/temp_store.h"

#if GAZETTE_TEST_HOOKS

#include "support/fault_walk.h"


enum { NEW_ID = 71, KEPT_ID = 40 };

typedef temp_store_t fixture_t;

/* ---- the walk (support/fault_walk.h) ------------------------------------ */

typedef int (*write_fn)(fixture_t *fixture, void *context);

/* A write that ends with more calls after its failure (a rollback) keeps
 * the failure's message here; otherwise store_last_error tells. */
static char failure_message[256];

typedef struct {
    fixture_t *fixture;
    write_fn write;
    void *context;
} attempt_t;

static int attempt(void *context, const char **message)
{
    attempt_t *attempt = context;
    failure_message[0] = '\0';
    int result = attempt->write(attempt->fixture, attempt->context);
    *message = failure_message[0] ? failure_message : NULL;
    return result;
}

/* Walks write, watching the new article and the kept one; returns how
 * many statements the clean run executed. */
static uint64_t walk(fixture_t *fixture, write_fn write, void *context)
{
    attempt_t one = {fixture, write, context};
    fault_walk_t walk = {.temp = fixture, .watched = {NEW_ID, KEPT_ID}};
    return fault_walk(&walk, attempt, &one);
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
        return store_commit(fixture->store); /* a failed commit rolls back by itself */
    /* The failure's message, before the rollback. */
    snprintf(failure_message, sizeof failure_message, "%s", store_last_error(fixture->store));
    store_rollback(fixture->store);
    return result;
}

/* A batch of page views: the counts, their change-log entry and the
 * pruning of old hours, one write. */
static int add_views(fixture_t *fixture, void *context)
{
    (void)context;
    gz_time_t hour = gz_now() / 3600;
    store_view_count_t counts[] = {{KEPT_ID, hour, 3}, {10, hour, 2}, {999, hour, 5}};
    return store_views_add(fixture->store, counts, 3);
}

/* ---- media -------------------------------------------------------------- */

enum { MEDIA_BYTES = 2 * STORE_MEDIA_PART_BYTES + 5 }; /* three parts */

typedef struct {
    int64_t item;          /* stored by media_fill, with an original of two parts */
    unsigned char *bytes;  /* MEDIA_BYTES */
} media_context_t;

static media_context_t media_fill(fixture_t *fixture)
{
    fill(fixture);
    media_context_t media = {0};
    content_media_t item = {.kind = CONTENT_MEDIA_PICTURE, .stem = "2016/12/03/alalam_1",
                            .caption = "Before"};
    assert_int_equal(store_media_put(fixture->store, &item), GZ_OK);
    media.item = item.id;
    media.bytes = malloc(MEDIA_BYTES);
    assert_non_null(media.bytes);
    for (size_t i = 0; i < MEDIA_BYTES; i++)
        media.bytes[i] = (unsigned char)(i * 13);
    assert_int_equal(store_media_file_write(fixture->store, item.id, "original", "image/jpeg", 0,
                                            0, media.bytes, STORE_MEDIA_PART_BYTES + 1),
                     GZ_OK);
    store_media_use_t use = {item.id, STORE_MEDIA_LEAD, 0};
    assert_int_equal(store_article_media_replace(fixture->store, KEPT_ID, &use, 1), GZ_OK);
    return media;
}

static int put_new_media(fixture_t *fixture, void *context)
{
    const media_context_t *media = context;
    content_media_t item = {.kind = CONTENT_MEDIA_VIDEO, .stem = "2016/12/03/alalam_2",
                            .poster_id = media->item};
    return store_media_put(fixture->store, &item);
}

static int update_media(fixture_t *fixture, void *context)
{
    const media_context_t *media = context;
    content_media_t item = {.id = media->item, .kind = CONTENT_MEDIA_PICTURE,
                            .stem = "2016/12/03/alalam_1", .caption = "After"};
    return store_media_put(fixture->store, &item);
}

static int replace_media_file(fixture_t *fixture, void *context)
{
    const media_context_t *media = context;
    return store_media_file_write(fixture->store, media->item, "original", "image/png", 1, 1,
                                  media->bytes, MEDIA_BYTES);
}

static int delete_media_file(fixture_t *fixture, void *context)
{
    const media_context_t *media = context;
    return store_media_file_delete(fixture->store, media->item, "original");
}

static int delete_media(fixture_t *fixture, void *context)
{
    const media_context_t *media = context;
    return store_media_delete(fixture->store, media->item);
}

/* The newsroom's pattern: an article's save and its media in one
 * transaction, rolled back by the caller on any failure. */
static int save_with_media(fixture_t *fixture, void *context)
{
    const media_context_t *media = context;
    store_media_use_t uses[] = {{media->item, STORE_MEDIA_BODY, 0},
                                {media->item, STORE_MEDIA_LEAD, 1}};
    int result = store_begin(fixture->store);
    if (result != GZ_OK)
        return result;
    result = store_article_media_replace(fixture->store, 10, uses, 2);
    if (result == GZ_OK)
        result = store_article_media_replace(fixture->store, KEPT_ID, NULL, 0);
    if (result == GZ_OK)
        return store_commit(fixture->store);
    snprintf(failure_message, sizeof failure_message, "%s", store_last_error(fixture->store));
    store_rollback(fixture->store);
    return result;
}

/* What the counts of the walk do not see: the item's own fields and the
 * bytes of its original, as they read now. */
static void media_state(fixture_t *fixture, const media_context_t *media, char *out, size_t size)
{
    gz_pool_t pool = GZ_POOL_INIT;
    content_media_t item;
    store_media_file_t file;
    int found = store_media_get(fixture->store, media->item, &pool, &item);
    int has_file = store_media_file_info(fixture->store, media->item, "original", &file);
    bool item_read = found == GZ_OK, file_read = has_file == GZ_OK;
    snprintf(out, size, "%d %s %d %d %lld %s %s", found, item_read ? item.caption : "-",
             item_read && item.has_original, has_file, item_read ? (long long)item.byte_count : -1LL,
             file_read ? file.etag : "-", file_read ? file.mime : "-");
    gz_pool_clear(&pool);
}

typedef struct {
    write_fn write;
    media_context_t *media;
    char before[256];
} media_attempt_t;

/* Runs the write and, when it failed, checks the item reads as before. */
static int media_write_checked(fixture_t *fixture, void *context)
{
    media_attempt_t *attempt = context;
    int result = attempt->write(fixture, attempt->media);
    if (result != GZ_OK) {
        if (failure_message[0] == '\0') /* the reads below replace the store's message */
            snprintf(failure_message, sizeof failure_message, "%s",
                     store_last_error(fixture->store));
        char now[256];
        media_state(fixture, attempt->media, now, sizeof now);
        if (strcmp(now, attempt->before) != 0)
            fail_msg("a failed media write changed the item: '%s' became '%s'", attempt->before,
                     now);
    }
    return result;
}

static uint64_t media_walk(fixture_t *fixture, write_fn write, media_context_t *media)
{
    media_attempt_t attempt = {write, media, {0}};
    media_state(fixture, media, attempt.before, sizeof attempt.before);
    return walk(fixture, media_write_checked, &attempt);
}

static void failed_media_writes_leave_nothing(void **state)
{
    fixture_t *fixture = *state;
    media_context_t media = media_fill(fixture);
    assert_true(media_walk(fixture, put_new_media, &media) >= 3); /* poster, insert, log */
    assert_true(media_walk(fixture, update_media, &media) >= 3);
    /* mark, clear, the row, three parts, the log */
    assert_true(media_walk(fixture, replace_media_file, &media) >= 7);
    gz_buf_t read = GZ_BUF_INIT;
    assert_int_equal(store_media_file_read(fixture->store, media.item, "original", 0, MEDIA_BYTES,
                                           &read),
                     GZ_OK);
    assert_memory_equal(read.data, media.bytes, MEDIA_BYTES);
    gz_buf_free(&read);
    assert_true(media_walk(fixture, save_with_media, &media) >= 5);
    assert_true(media_walk(fixture, delete_media_file, &media) >= 3);
    assert_true(media_walk(fixture, delete_media, &media) >= 3); /* posters, delete, log */
    content_media_t gone;
    assert_int_equal(store_media_get(fixture->store, media.item, &fixture->pool, &gone),
                     GZ_ENOTFOUND);
    free(media.bytes);
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

static void a_failed_batch_of_views_adds_nothing(void **state)
{
    fixture_t *fixture = *state;
    fill(fixture);
    assert_true(walk(fixture, add_views, NULL) >= 4); /* begin, counts, log, prune, commit */
    assert_int_equal(temp_store_count(fixture, "SELECT COALESCE(SUM(views), 0) FROM article_views",
                                      0, NULL),
                     5);
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
        cmocka_unit_test_setup_teardown(a_failed_batch_of_views_adds_nothing, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(a_failed_copy_leaves_the_target_empty, temp_store_open,
                                        temp_store_close),
        cmocka_unit_test_setup_teardown(failed_media_writes_leave_nothing, temp_store_open,
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
