/*
 * Tests of importing text-format files into a real store, fresh for each
 * test (support/temp_store.h: SQLite, or PostgreSQL with GAZETTE_TEST_PG
 * set): what one import creates, that a repeated import writes
 * nothing, that an update keeps the newsroom's fields, and that a file
 * failing anywhere (in the parser, in validation, or in the database half
 * way through its writes) leaves the store as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>

#include "ingest/ingest.h"
#include "ingest_test_support.h"
#include "support/temp_store.h"

#define SAMPLE_TIME 1481098187
#define FIRST_STUB_TIME 1480781825

typedef struct {
    temp_store_t *temp;
    store_t *store; /* temp's */
    gz_pool_t pool;
    ingest_options_t options;
    gz_buf_t error;
} fixture_t;

static int teardown(void **state)
{
    fixture_t *fixture = *state;
    int status = temp_store_delete(fixture->temp);
    gz_pool_clear(&fixture->pool);
    gz_buf_free(&fixture->error);
    free(fixture);
    return status;
}

static int setup(void **state)
{
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    fixture_t *fixture = gz_calloc(1, sizeof *fixture);
    *state = fixture;
    fixture->temp = temp_store_new(true);
    if (fixture->temp == NULL) {
        free(fixture);
        return -1;
    }
    fixture->store = fixture->temp->store;
    if (ingest_options_load(fixture->store, "en", &fixture->pool, &fixture->options,
                            &fixture->error) != GZ_OK) {
        fprintf(stderr, "ingest_options_load: %s\n", gz_buf_cstr(&fixture->error));
        teardown(state); /* cmocka tears down only what set up */
        return -1;
    }
    return 0;
}

static int import_text(fixture_t *fixture, const char *name, const gz_buf_t *text,
                       ingest_result_t *result)
{
    gz_buf_reset(&fixture->error);
    return ingest_import_text(fixture->store, name, text->data, text->len, &fixture->options,
                              result, &fixture->error);
}

static void import_sample(fixture_t *fixture, ingest_result_t *result)
{
    gz_buf_reset(&fixture->error);
    int rc = ingest_import_file(fixture->store, test_path(SAMPLE_RELATIVE_PATH), &fixture->options,
                                result, &fixture->error);
    if (rc != GZ_OK)
        fail_msg("import: %s", gz_buf_cstr(&fixture->error));
}

static size_t article_count(fixture_t *fixture)
{
    store_article_query_t query = {.limit = 100};
    content_article_list_t list;
    gz_pool_t pool = GZ_POOL_INIT;
    assert_int_equal(store_article_list(fixture->store, &query, &pool, &list), GZ_OK);
    gz_pool_clear(&pool);
    return list.total;
}

static content_article_t *get_article(fixture_t *fixture, int64_t id)
{
    content_article_t *article = NULL;
    assert_int_equal(store_article_get(fixture->store, id, &fixture->pool, &article), GZ_OK);
    return article;
}

static bool article_exists(fixture_t *fixture, int64_t id)
{
    bool exists = false;
    bool is_stub = false;
    assert_int_equal(store_article_exists(fixture->store, id, &exists, &is_stub), GZ_OK);
    return exists;
}

static bool section_exists(fixture_t *fixture, const char *slug)
{
    content_section_t section;
    return store_section_get_by_slug(fixture->store, slug, &fixture->pool, &section) == GZ_OK;
}

/* ---- creating and re-importing ------------------------------------------- */

static void check_stored_sample(fixture_t *fixture, int64_t id)
{
    content_article_t *article = get_article(fixture, id);
    assert_string_equal(article->headline, "Militant Rocket Attacks Kill 7 in Syria's Aleppo");
    assert_int_equal(article->content_type.id, 21);
    assert_string_equal(article->section.name, "Syria");
    assert_string_equal(article->dateline, "Alalam");
    assert_string_equal(article->editor_code, "SA - 12");
    assert_int_equal(article->published_at, SAMPLE_TIME);
    assert_int_equal(article->status, CONTENT_PUBLISHED);
    assert_false(article->is_stub);
    assert_int_equal(article->revision, 1);
    assert_true(strncmp(article->summary, "Militant rocket fire", 20) == 0);
    assert_non_null(strstr(article->body_html, "<p>\u201cThe sponsors of terrorists"));
    assert_int_equal(article->related_count, 2);
    assert_int_equal(article->related[0].id, 1892278);
    assert_int_equal(article->related[1].id, 1893125);
    assert_string_equal(article->related[1].headline,
                        "Russia Keeps up Support for Syria in Anti-Terror Fight: Lavrov");
}

static void check_stored_stub(fixture_t *fixture)
{
    bool exists = false;
    bool is_stub = false;
    assert_int_equal(store_article_exists(fixture->store, 1892278, &exists, &is_stub), GZ_OK);
    assert_true(exists);
    assert_true(is_stub);
    content_article_t *stub = get_article(fixture, 1892278);
    assert_string_equal(stub->headline,
                        "Russia Delivers Over 5 Tonnes of Humanitarian Aid to Syria");
    assert_string_equal(stub->lead_image, "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg");
    assert_int_equal(stub->sort_key, 3677926);
    assert_int_equal(stub->content_type.id, 21);
    assert_int_equal(stub->published_at, FIRST_STUB_TIME);
}

static void test_import_creates_article_and_stubs(void **state)
{
    fixture_t *fixture = *state;
    ingest_result_t result;
    import_sample(fixture, &result);
    assert_int_equal(result.outcome, INGEST_CREATED);
    assert_int_equal(result.stubs_created, 2);
    assert_true(result.article_id > 0);
    assert_int_equal(article_count(fixture), 3);
    check_stored_sample(fixture, result.article_id);
    check_stored_stub(fixture);
}

static void test_second_import_changes_nothing(void **state)
{
    fixture_t *fixture = *state;
    ingest_result_t first, second;
    import_sample(fixture, &first);
    content_article_t *before = get_article(fixture, first.article_id);
    int64_t version_before, version_after;
    assert_int_equal(store_data_version(fixture->store, &version_before), GZ_OK);
    import_sample(fixture, &second);
    assert_int_equal(store_data_version(fixture->store, &version_after), GZ_OK);
    assert_int_equal(second.outcome, INGEST_UNCHANGED);
    assert_string_equal(ingest_outcome_name(second.outcome), "unchanged");
    assert_int_equal(second.article_id, first.article_id);
    assert_int_equal(second.stubs_created, 0);
    content_article_t *after = get_article(fixture, first.article_id);
    assert_int_equal(after->revision, 1);
    assert_int_equal(after->updated_at, before->updated_at);
    assert_int_equal(version_after, version_before);
    assert_int_equal(article_count(fixture), 3);
}

static void test_changed_file_updates_the_same_article(void **state)
{
    fixture_t *fixture = *state;
    ingest_result_t first, second;
    import_sample(fixture, &first);
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_replace(&text, "The latest attack comes", "The most recent attack came");
    assert_int_equal(import_text(fixture, "changed.txt", &text, &second), GZ_OK);
    assert_int_equal(second.outcome, INGEST_UPDATED);
    assert_int_equal(second.article_id, first.article_id);
    assert_int_equal(second.stubs_created, 0);
    content_article_t *article = get_article(fixture, first.article_id);
    assert_int_equal(article->revision, 2);
    assert_non_null(strstr(article->body_markdown, "The most recent attack came"));
    assert_int_equal(article_count(fixture), 3);
    gz_buf_free(&text);
}

/* An editor unpublished the article and gave it a subtitle: a later import
 * of a corrected file updates the text but not those decisions. */
static void test_update_keeps_the_newsroom_fields(void **state)
{
    fixture_t *fixture = *state;
    ingest_result_t result;
    import_sample(fixture, &result);
    content_article_t *edited = get_article(fixture, result.article_id);
    edited->status = CONTENT_UNPUBLISHED;
    edited->subtitle = "Added in the newsroom";
    assert_int_equal(store_article_put(fixture->store, edited), GZ_OK);
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_replace(&text, "at least seven civilians", "at least eight civilians");
    assert_int_equal(import_text(fixture, "corrected.txt", &text, &result), GZ_OK);
    assert_int_equal(result.outcome, INGEST_UPDATED);
    content_article_t *article = get_article(fixture, result.article_id);
    assert_int_equal(article->status, CONTENT_UNPUBLISHED);
    assert_string_equal(article->subtitle, "Added in the newsroom");
    assert_non_null(strstr(article->summary, "at least eight civilians"));
    assert_int_equal(import_text(fixture, "corrected.txt", &text, &result), GZ_OK);
    assert_int_equal(result.outcome, INGEST_UNCHANGED);
    gz_buf_free(&text);
}

/* ---- failures leave the store as it was ----------------------------------- */

static void test_malformed_file_writes_nothing(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_replace(&text, "string(378)", "string(379)");
    ingest_result_t result;
    assert_int_equal(import_text(fixture, "bad.txt", &text, &result), GZ_EPARSE);
    assert_string_equal(gz_buf_cstr(&fixture->error),
                        "bad.txt:30: string(379) declares 379 bytes but the JSON has 378");
    assert_int_equal(article_count(fixture), 0);
    assert_false(section_exists(fixture, "syria"));
    assert_false(article_exists(fixture, 1892278));
    gz_buf_free(&text);
}

/* Makes the database refuse the main article's insert, as a full disk or a
 * constraint would, after the section and the stubs were written: a
 * trigger on the headline "Injected failure", in each backend's dialect. */
static void inject_insert_failure(fixture_t *fixture)
{
    static const char sqlite_trigger[] =
        "CREATE TRIGGER ingest_test_failure BEFORE INSERT ON articles"
        " WHEN NEW.headline = 'Injected failure' BEGIN"
        " SELECT RAISE(ABORT, 'injected failure'); END";
    static const char pg_trigger[] =
        "CREATE FUNCTION ingest_test_failure() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN RAISE EXCEPTION 'injected failure'; END $$;"
        "CREATE TRIGGER ingest_test_failure BEFORE INSERT ON articles FOR EACH ROW"
        " WHEN (NEW.headline = 'Injected failure') EXECUTE FUNCTION ingest_test_failure()";
    assert_true(temp_store_exec(fixture->temp, temp_store_is_pg() ? pg_trigger : sqlite_trigger));
}

static void test_failure_during_writes_rolls_back_everything(void **state)
{
    fixture_t *fixture = *state;
    inject_insert_failure(fixture);
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_replace(&text, "Militant Rocket Attacks Kill 7 in Syria's Aleppo", "Injected failure");
    ingest_result_t result;
    int rc = import_text(fixture, "fail.txt", &text, &result);
    assert_true(rc < 0);
    assert_true(
        strncmp(gz_buf_cstr(&fixture->error), "fail.txt: could not store the article", 37) == 0);
    assert_int_equal(result.stubs_created, 0);
    assert_int_equal(article_count(fixture), 0);
    assert_false(article_exists(fixture, 1892278));
    assert_false(article_exists(fixture, 1893125));
    assert_false(section_exists(fixture, "syria"));
    /* The store is usable afterwards: the real sample imports. */
    import_sample(fixture, &result);
    assert_int_equal(result.outcome, INGEST_CREATED);
    assert_int_equal(article_count(fixture), 3);
    gz_buf_free(&text);
}

/* Known only once the article has an id: a related list naming itself. */
static void test_article_listing_itself_as_related_is_refused(void **state)
{
    fixture_t *fixture = *state;
    ingest_result_t result;
    import_sample(fixture, &result);
    int64_t id = result.article_id;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    char json[512];
    snprintf(json, sizeof json,
             "[{\"id\":\"777\",\"sort\":\"1\",\"contenttypeid\":\"1\",\"pic\":\"\","
             "\"title\":\"Another story\"},{\"id\":\"%lld\",\"sort\":\"2\",\"contenttypeid\":"
             "\"1\",\"pic\":\"\",\"title\":\"Itself\"}]",
             (long long)id);
    test_set_related_json(&text, json);
    assert_int_equal(import_text(fixture, "self.txt", &text, &result), GZ_EINVAL);
    assert_non_null(strstr(gz_buf_cstr(&fixture->error), "a related item must be another article"));
    assert_false(article_exists(fixture, 777));
    assert_int_equal(get_article(fixture, id)->revision, 1);
    assert_int_equal(article_count(fixture), 3);
    gz_buf_free(&text);
}

static void test_missing_file_is_an_io_error(void **state)
{
    fixture_t *fixture = *state;
    ingest_result_t result;
    const char *path = "/nonexistent/gazette/article.txt";
    assert_int_equal(
        ingest_import_file(fixture->store, path, &fixture->options, &result, &fixture->error),
        GZ_EIO);
    assert_true(strncmp(gz_buf_cstr(&fixture->error), path, strlen(path)) == 0);
}

/* ---- demo content -------------------------------------------------------- */

static size_t import_demo_folder(fixture_t *fixture, ingest_outcome_t expected)
{
    char folder[4096];
    snprintf(folder, sizeof folder, "%s", test_path("/demo"));
    DIR *dir = opendir(folder);
    assert_non_null(dir);
    size_t files = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        size_t length = strlen(entry->d_name);
        if (length < 4 || strcmp(entry->d_name + length - 4, ".txt") != 0)
            continue;
        char path[4600];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        ingest_result_t result;
        gz_buf_reset(&fixture->error);
        if (ingest_import_file(fixture->store, path, &fixture->options, &result, &fixture->error) !=
            GZ_OK)
            fail_msg("%s", gz_buf_cstr(&fixture->error));
        assert_int_equal(result.outcome, expected);
        files++;
    }
    closedir(dir);
    return files;
}

/* The store's seeded prefixes are recognized: the sample, its two stubs
 * and two demo files are videos, one demo file is photos, one is Arabic. */
static void count_types_and_languages(fixture_t *fixture)
{
    store_article_query_t query = {.limit = 100};
    content_article_list_t list;
    gz_pool_t pool = GZ_POOL_INIT;
    assert_int_equal(store_article_list(fixture->store, &query, &pool, &list), GZ_OK);
    size_t videos = 0, photos = 0, arabic = 0;
    for (size_t i = 0; i < list.count; i++) {
        const content_article_t *article = &list.items[i];
        videos += article->content_type.id == 21;
        photos += article->content_type.id == 22;
        arabic += article->language != NULL && strcmp(article->language, "ar") == 0;
        assert_null(strstr(article->headline, "VIDEO:"));
        assert_null(strstr(article->headline, "PHOTOS:"));
    }
    gz_pool_clear(&pool);
    assert_int_equal(videos, 5);
    assert_int_equal(photos, 1);
    assert_int_equal(arabic, 1);
}

static void test_demo_content_imports_beside_the_sample(void **state)
{
    fixture_t *fixture = *state;
    ingest_result_t result;
    import_sample(fixture, &result);
    assert_int_equal(import_demo_folder(fixture, INGEST_CREATED), 12);
    /* The demo's related blocks point at the sample's stubs: none is added. */
    assert_int_equal(article_count(fixture), 3 + 12);
    assert_int_equal(import_demo_folder(fixture, INGEST_UNCHANGED), 12);
    assert_int_equal(article_count(fixture), 3 + 12);
    count_types_and_languages(fixture);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import_creates_article_and_stubs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_import_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_file_updates_the_same_article, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update_keeps_the_newsroom_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_file_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failure_during_writes_rolls_back_everything, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_article_listing_itself_as_related_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_file_is_an_io_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_content_imports_beside_the_sample, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
