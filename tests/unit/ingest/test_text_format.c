/*
 * Tests of the text-format parser: the real sample read field by field,
 * variants of it in other encodings and layouts, a table of malformed
 * variants each derived from the sample's bytes and each expected to name
 * the right line, and every demo file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>

#include "ingest/ingest.h"
#include "ingest_test_support.h"

/* 2016-12-07T08:09:47Z */
#define SAMPLE_TIME 1481098187
/* The first related picture's ticks, 636163786258551197: 2016-12-03T16:17:05Z */
#define FIRST_STUB_TIME 1480781825
#define SECOND_STUB_TIME 1480954995

static const ingest_options_t OPTIONS = {
    .site_language = "en",
    .content_types = TEST_CONTENT_TYPES,
    .content_type_count = sizeof TEST_CONTENT_TYPES / sizeof TEST_CONTENT_TYPES[0],
};

typedef struct {
    gz_pool_t pool;
    gz_buf_t error;
    ingest_parsed_t parsed;
} fixture_t;

static int setup(void **state)
{
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    fixture_t *fixture = gz_calloc(1, sizeof *fixture);
    *state = fixture;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fixture = *state;
    gz_pool_clear(&fixture->pool);
    gz_buf_free(&fixture->error);
    free(fixture);
    return 0;
}

static int parse(fixture_t *fixture, const char *name, const gz_buf_t *text)
{
    gz_buf_reset(&fixture->error);
    return ingest_text_parse(name, text->data, text->len, &OPTIONS, &fixture->pool,
                             &fixture->parsed, &fixture->error);
}

static size_t count_occurrences(const char *text, const char *needle)
{
    size_t count = 0;
    for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
        count++;
    return count;
}

/* ---- the sample --------------------------------------------------------- */

static void check_sample_article(const content_article_t *article)
{
    assert_string_equal(article->headline, "Militant Rocket Attacks Kill 7 in Syria's Aleppo");
    assert_int_equal(article->content_type.id, 21);
    assert_string_equal(article->content_type.slug, "video");
    assert_int_equal(article->published_at, SAMPLE_TIME);
    assert_true(strncmp(article->summary, "Militant rocket fire", 20) == 0);
    assert_non_null(strstr(article->summary, "Syria\u2019s divided city of Aleppo."));
    assert_string_equal(article->dateline, "Alalam");
    assert_string_equal(article->section.name, "Syria");
    assert_string_equal(article->section.slug, "syria");
    assert_int_equal(article->section.id, 0);
    assert_string_equal(article->editor_code, "SA - 12");
    assert_string_equal(article->language, "en");
    assert_int_equal(article->status, CONTENT_PUBLISHED);
    assert_false(article->is_stub);
    assert_int_equal(article->id, 0);
    assert_null(article->lead_image);
    assert_non_null(article->slug);
    assert_true(strncmp(article->source_ref, "text:", 5) == 0);
    assert_int_equal(strlen(article->source_ref), 5 + 16);
}

static void check_sample_body(const content_article_t *article)
{
    const char *body = article->body_markdown;
    /* Nine paragraphs between the dateline and the editor code. */
    assert_int_equal(count_occurrences(body, "\n\n"), 8);
    assert_true(strncmp(body, "The victims of the Tuesday attack", 33) == 0);
    assert_non_null(strstr(body, "\u201cThe sponsors of terrorists in the US, UK and France"));
    assert_non_null(strstr(body, "you are to blame,\u201d said Russia\u2019s Defense Ministry"));
    assert_non_null(strstr(body, "Staffan de Mistura."));
    assert_null(strstr(body, "SA - 12"));
    assert_null(strstr(body, "Militant rocket fire"));
    const char *html = article->body_html;
    assert_int_equal(count_occurrences(html, "<p>"), 9);
    assert_non_null(strstr(html, "<p>\u201cThe sponsors of terrorists"));
    assert_non_null(strstr(html, "Aleppo, Syria\u2019s second largest city"));
}

static void check_sample_related(const ingest_parsed_t *parsed)
{
    const content_article_t *article = &parsed->article;
    assert_int_equal(article->related_count, 2);
    assert_int_equal(parsed->stub_count, 2);
    assert_int_equal(article->related[0].id, 1892278);
    assert_int_equal(article->related[0].sort_key, 3677926);
    assert_int_equal(article->related[0].content_type_id, 21);
    assert_string_equal(article->related[0].lead_image,
                        "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg");
    assert_string_equal(article->related[0].headline,
                        "Russia Delivers Over 5 Tonnes of Humanitarian Aid to Syria");
    assert_int_equal(article->related[1].id, 1893125);
    assert_int_equal(article->related[1].sort_key, 3677927);
    assert_string_equal(article->related[1].lead_image,
                        "/2016/12/05/alalam_636165517958626126_25f_4x3.jpg");
    assert_string_equal(article->related[1].headline,
                        "Russia Keeps up Support for Syria in Anti-Terror Fight: Lavrov");
}

static void check_sample_stubs(const ingest_parsed_t *parsed)
{
    const content_article_t *first = &parsed->stubs[0];
    assert_int_equal(first->id, 1892278);
    assert_int_equal(first->sort_key, 3677926);
    assert_true(first->is_stub);
    assert_int_equal(first->status, CONTENT_PUBLISHED);
    assert_int_equal(first->content_type.id, 21);
    assert_string_equal(first->headline,
                        "Russia Delivers Over 5 Tonnes of Humanitarian Aid to Syria");
    assert_string_equal(first->lead_image, "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg");
    assert_int_equal(first->published_at, gz_time_from_dotnet_ticks(636163786258551197));
    assert_int_equal(first->published_at, FIRST_STUB_TIME);
    assert_string_equal(first->language, "en");
    assert_null(first->source_ref);
    const content_article_t *second = &parsed->stubs[1];
    assert_int_equal(second->id, 1893125);
    assert_string_equal(second->headline,
                        "Russia Keeps up Support for Syria in Anti-Terror Fight: Lavrov");
    assert_int_equal(second->published_at, SECOND_STUB_TIME);
}

static void test_sample_is_parsed_field_by_field(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t sample = GZ_BUF_INIT;
    test_read_sample(&sample);
    assert_int_equal(parse(fixture, "sample.txt", &sample), GZ_OK);
    assert_int_equal(fixture->error.len, 0);
    assert_string_equal(fixture->parsed.file_name, "sample.txt");
    check_sample_article(&fixture->parsed.article);
    check_sample_body(&fixture->parsed.article);
    check_sample_related(&fixture->parsed);
    check_sample_stubs(&fixture->parsed);
    gz_buf_free(&sample);
}

/* The same text with \r\n line endings and a byte order mark. */
static void test_crlf_and_bom_give_the_same_article(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t sample = GZ_BUF_INIT;
    test_read_sample(&sample);
    gz_buf_t windows = GZ_BUF_INIT;
    gz_buf_append_cstr(&windows, "\xEF\xBB\xBF");
    for (size_t i = 0; i < sample.len; i++) {
        if (sample.data[i] == '\n')
            gz_buf_append_char(&windows, '\r');
        gz_buf_append_char(&windows, sample.data[i]);
    }
    assert_int_equal(parse(fixture, "windows.txt", &sample), GZ_OK);
    const char *unix_ref = fixture->parsed.article.source_ref;
    const char *unix_body = fixture->parsed.article.body_markdown;
    assert_int_equal(parse(fixture, "windows.txt", &windows), GZ_OK);
    check_sample_article(&fixture->parsed.article);
    check_sample_body(&fixture->parsed.article);
    check_sample_related(&fixture->parsed);
    assert_string_equal(fixture->parsed.article.source_ref, unix_ref);
    assert_string_equal(fixture->parsed.article.body_markdown, unix_body);
    gz_buf_free(&sample);
    gz_buf_free(&windows);
}

/* The identity follows the headline and time lines, not the body. */
static void test_source_ref_follows_headline_and_time(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    assert_int_equal(parse(fixture, "a.txt", &text), GZ_OK);
    const char *original = fixture->parsed.article.source_ref;
    test_replace(&text, "The latest attack", "The most recent attack");
    assert_int_equal(parse(fixture, "a.txt", &text), GZ_OK);
    assert_string_equal(fixture->parsed.article.source_ref, original);
    test_replace(&text, "08:09:47", "08:09:48");
    assert_int_equal(parse(fixture, "a.txt", &text), GZ_OK);
    assert_string_not_equal(fixture->parsed.article.source_ref, original);
    gz_buf_free(&text);
}

/* Body text that looks like Markdown stays the literal text on the page. */
static void test_markdown_characters_stay_literal(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_replace(&text, "The latest attack comes",
                 "# Not a heading *really* _no_ [link](http://x.example) <b>bold</b> `code` "
                 "&amp; \\ back\n\n1. not a list\n\n> not a quote\n\n- not an item\n\n---\n\n"
                 "~~not struck~~ at www.example.com or https://x.example/p\n\n"
                 "a | b\n:-- | --\n1 | 2\n\nThe latest attack comes");
    assert_int_equal(parse(fixture, "md.txt", &text), GZ_OK);
    const char *html = fixture->parsed.article.body_html;
    const char *forbidden[] = {"<h1", "<h2",         "<em", "<strong", "<a ",    "<b>",
                               "<code", "<ol", "<blockquote", "<hr", "<del",    "<table", "<ul"};
    for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
        assert_null(strstr(html, forbidden[i]));
    assert_non_null(strstr(html, "<p># Not a heading *really* _no_ [link](http://x.example) "
                                 "&lt;b&gt;bold&lt;/b&gt; `code` &amp;amp; \\ back</p>"));
    assert_non_null(strstr(html, "<p>1. not a list</p>"));
    assert_non_null(strstr(html, "<p>&gt; not a quote</p>"));
    assert_non_null(strstr(html, "<p>- not an item</p>"));
    assert_non_null(strstr(html, "<p>---</p>"));
    assert_non_null(strstr(html, "<p>~~not struck~~ at www.example.com or https://x.example/p</p>"));
    assert_non_null(strstr(html, "<p>a | b\n:-- | --\n1 | 2</p>"));
    gz_buf_free(&text);
}

/* Neither the editor code nor the related block is required. */
static void test_file_without_editor_code_or_related_items(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    char *code = strstr(text.data, "\n\n\nSA - 12");
    text.len = (size_t)(code - text.data) + 1;
    text.data[text.len] = '\0';
    assert_int_equal(parse(fixture, "short.txt", &text), GZ_OK);
    assert_null(fixture->parsed.article.editor_code);
    assert_int_equal(fixture->parsed.article.related_count, 0);
    assert_int_equal(fixture->parsed.stub_count, 0);
    assert_int_equal(count_occurrences(fixture->parsed.article.body_markdown, "\n\n"), 8);
    gz_buf_free(&text);
}

/* A picture without ticks in its name: the stub takes the article's time. */
static void test_stub_time_falls_back_to_article_time(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_set_related_json(&text, "[{\"id\":\"5\",\"sort\":\"0\",\"contenttypeid\":\"1\","
                                 "\"pic\":\"/images/map.jpg\",\"title\":\"A map\"},"
                                 "{\"id\":\"6\",\"sort\":\"1\",\"contenttypeid\":\"1\","
                                 "\"pic\":\"\",\"title\":\"No picture\"}]");
    assert_int_equal(parse(fixture, "t.txt", &text), GZ_OK);
    assert_int_equal(fixture->parsed.stub_count, 2);
    assert_int_equal(fixture->parsed.stubs[0].published_at, SAMPLE_TIME);
    assert_int_equal(fixture->parsed.stubs[0].content_type.id, 1);
    assert_null(fixture->parsed.stubs[1].lead_image);
    assert_null(fixture->parsed.article.related[1].lead_image);
    gz_buf_free(&text);
}

static void test_headline_without_prefix_is_an_article(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_replace(&text, "VIDEO: Militant", "Militant");
    assert_int_equal(parse(fixture, "plain.txt", &text), GZ_OK);
    assert_int_equal(fixture->parsed.article.content_type.id, INGEST_DEFAULT_CONTENT_TYPE_ID);
    assert_string_equal(fixture->parsed.article.headline,
                        "Militant Rocket Attacks Kill 7 in Syria's Aleppo");
    test_replace(&text, "Militant", "PHOTOS: Militant");
    assert_int_equal(parse(fixture, "photos.txt", &text), GZ_OK);
    assert_int_equal(fixture->parsed.article.content_type.id, 22);
    /* An unknown prefix is part of the headline. */
    test_replace(&text, "PHOTOS: Militant", "AUDIO: Militant");
    assert_int_equal(parse(fixture, "audio.txt", &text), GZ_OK);
    assert_int_equal(fixture->parsed.article.content_type.id, INGEST_DEFAULT_CONTENT_TYPE_ID);
    assert_true(strncmp(fixture->parsed.article.headline, "AUDIO: Militant", 15) == 0);
    gz_buf_free(&text);
}

static void test_arabic_headline_sets_arabic_language(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_replace(&text, "Militant Rocket Attacks Kill 7 in Syria's Aleppo",
                 "\u0647\u062c\u0648\u0645 \u0635\u0627\u0631\u0648\u062e\u064a \u0641\u064a "
                 "\u062d\u0644\u0628 Aleppo");
    assert_int_equal(parse(fixture, "ar.txt", &text), GZ_OK);
    assert_string_equal(fixture->parsed.article.language, "ar");
    assert_int_equal(fixture->parsed.article.content_type.id, 21);
    gz_buf_free(&text);
}

/* Persian is Arabic script with letters of its own (gaf, pe, Persian yeh). */
static void test_persian_headline_sets_persian_language(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t text = GZ_BUF_INIT;
    test_read_sample(&text);
    test_replace(&text, "Militant Rocket Attacks Kill 7 in Syria's Aleppo",
                 "حمله موشکی در "
                 "حلب گزارش پایان");
    assert_int_equal(parse(fixture, "fa.txt", &text), GZ_OK);
    assert_string_equal(fixture->parsed.article.language, "fa");
    gz_buf_free(&text);
}

/* ---- malformed variants -------------------------------------------------- */

typedef void (*variant_edit_t)(gz_buf_t *text);

typedef struct {
    const char *name;
    variant_edit_t edit;
    const char *expected; /* the whole "FILE:LINE: " start and some of the message */
} malformed_case_t;

static void wrong_byte_count(gz_buf_t *t)
{
    test_replace(t, "string(378)", "string(377)");
}

static void truncated_json(gz_buf_t *t)
{
    gz_str_t json = test_sample_json(t);
    char *cut = gz_strndup(json.ptr, json.len - 5);
    test_set_related_json(t, cut);
    free(cut);
}

static void missing_time(gz_buf_t *t)
{
    test_replace(t, "Wed Dec 7, 2016 08:09:47\n\n", "");
}
static void bad_time(gz_buf_t *t)
{
    test_replace(t, "Dec 7, 2016", "Dec 32, 2016");
}
static void time_in_other_format(gz_buf_t *t)
{
    test_replace(t, "Wed Dec 7, 2016 08:09:47", "2016-12-07T08:09:47Z");
}
static void invalid_utf8(gz_buf_t *t)
{
    test_replace(t, "The latest attack",
                 "The l\xFF"
                 "test attack");
}
static void nul_byte(gz_buf_t *t)
{
    t->data[t->len - 3] = '\0';
}
static void empty_file(gz_buf_t *t)
{
    gz_buf_reset(t);
}
static void only_blank_lines(gz_buf_t *t)
{
    gz_buf_reset(t);
    gz_buf_append_cstr(t, "\n \n\r\n");
}
static void blank_first_line(gz_buf_t *t)
{
    test_replace(t, "VIDEO:", "\nVIDEO:");
}
static void two_line_headline(gz_buf_t *t)
{
    test_replace(t, "Aleppo\n", "Aleppo\nmore\n");
}
static void prefix_only_headline(gz_buf_t *t)
{
    test_replace(t, "VIDEO: Militant Rocket Attacks Kill 7 in Syria's Aleppo", "VIDEO: ");
}
static void ends_after_lede(gz_buf_t *t)
{
    char *dateline = strstr(t->data, "\nAlalam - Syria");
    t->len = (size_t)(dateline - t->data);
    t->data[t->len] = '\0';
}
static void dateline_without_section(gz_buf_t *t)
{
    test_replace(t, "Alalam - Syria", "Alalam Syria");
}
static void dateline_without_source(gz_buf_t *t)
{
    test_replace(t, "Alalam - Syria", " - Syria");
}
static void no_body(gz_buf_t *t)
{
    char *body = strstr(t->data, "The victims");
    char *code = strstr(t->data, "SA - 12");
    memmove(body, code, strlen(code) + 1);
    t->len = strlen(t->data);
}
static void text_after_json(gz_buf_t *t)
{
    gz_buf_append_cstr(t, " trailing");
}
static void no_count(gz_buf_t *t)
{
    test_replace(t, "string(378)", "string()");
}
static void no_quotes(gz_buf_t *t)
{
    test_set_related_json(t, "x");
    t->data[t->len - 1] = ' ';
}
static void json_object(gz_buf_t *t)
{
    test_set_related_json(t, "{\"id\":\"1\"}");
}
static void json_item_not_object(gz_buf_t *t)
{
    test_set_related_json(t, "[\"1892278\"]");
}
static void non_string_id(gz_buf_t *t)
{
    gz_str_t json = test_sample_json(t);
    gz_buf_t edited = GZ_BUF_INIT;
    gz_buf_append_str(&edited, json);
    test_replace(&edited, "\"id\":\"1892278\"", "\"id\":1892278");
    test_set_related_json(t, edited.data);
    gz_buf_free(&edited);
}
static void zero_id(gz_buf_t *t)
{
    test_replace(t, "\"id\":\"1893125\"", "\"id\":\"0000000\"");
}
static void negative_sort(gz_buf_t *t)
{
    test_replace(t, "\"sort\":\"3677926\"", "\"sort\":\"-677926\"");
}
static void repeated_id(gz_buf_t *t)
{
    test_replace(t, "\"id\":\"1893125\"", "\"id\":\"1892278\"");
}
static void unknown_type(gz_buf_t *t)
{
    test_replace(t, "\"contenttypeid\":\"21\"", "\"contenttypeid\":\"99\"");
}
static void missing_title(gz_buf_t *t)
{
    test_replace(t, "\"title\":\"Russia", "\"titel\":\"Russia");
}
static void script_picture(gz_buf_t *t)
{
    test_replace(t, "\"pic\":\"/2016/12/03/", "\"pic\":\"javascript:/");
}
static void blank_title(gz_buf_t *t)
{
    test_set_related_json(t, "[{\"id\":\"1\",\"sort\":\"1\",\"contenttypeid\":\"21\",\"pic\":\"\","
                             "\"title\":\"VIDEO: \"}]");
}
static void multi_line_json_error(gz_buf_t *t)
{
    test_set_related_json(t, "[\n{\"id\":\"1\",\n\"sort\" \"1\"}]");
}
static void duplicate_key(gz_buf_t *t)
{
    test_replace(t, "\"sort\":\"3677926\"", "\"id\":  \"3677926\"");
}

static const malformed_case_t MALFORMED[] = {
    {"wrong byte count", wrong_byte_count,
     "bad.txt:30: string(377) declares 377 bytes but the JSON has 378"},
    {"truncated JSON", truncated_json, "bad.txt:30: the related JSON is malformed"},
    {"missing time", missing_time,
     "bad.txt:3: expected a publication time like 'Wed Dec 7, 2016 08:09:47'"},
    {"bad time", bad_time, "bad.txt:3: expected a publication time like"},
    {"time in another format", time_in_other_format, "bad.txt:3: expected a publication time"},
    {"invalid UTF-8", invalid_utf8, "bad.txt:13: file is not valid UTF-8"},
    {"NUL byte", nul_byte, "bad.txt:30: file is not valid UTF-8"},
    {"empty file", empty_file, "bad.txt:1: file is empty"},
    {"only blank lines", only_blank_lines, "bad.txt:1: file is empty"},
    {"blank first line", blank_first_line, "bad.txt:1: expected the headline on the first line"},
    {"two-line headline", two_line_headline, "bad.txt:2: expected a blank line after the headline"},
    {"prefix-only headline", prefix_only_headline, "bad.txt:1: the headline is empty"},
    {"ends after the lede", ends_after_lede, "bad.txt:5: file ends before the dateline"},
    {"dateline without section", dateline_without_section,
     "bad.txt:7: expected a dateline like 'Alalam - Syria'"},
    {"dateline without source", dateline_without_source, "bad.txt:7: expected a dateline"},
    {"no body", no_body, "bad.txt:7: expected at least one body paragraph after the dateline"},
    {"text after the JSON", text_after_json,
     "bad.txt:30: expected the related JSON between double quotes"},
    {"no byte count", no_count, "bad.txt:30: expected the related items as string(N)"},
    {"no quotes", no_quotes, "bad.txt:30: expected the related JSON between double quotes"},
    {"JSON not an array", json_object, "bad.txt:30: the related JSON must be an array of objects"},
    {"item not an object", json_item_not_object,
     "bad.txt:30: related item 1 must be a JSON object"},
    {"id not a string", non_string_id,
     "bad.txt:30: related item 1: \"id\" must be a string of digits"},
    {"id zero", zero_id, "bad.txt:30: related item 2: \"id\" must be at least 1"},
    {"negative sort", negative_sort,
     "bad.txt:30: related item 1: \"sort\" must be a string of digits"},
    {"repeated id", repeated_id, "bad.txt:30: related item 2 repeats the id 1892278 of item 1"},
    {"unknown type", unknown_type, "bad.txt:30: related item 1: unknown content type 99"},
    {"missing title", missing_title, "bad.txt:30: related item 1: \"title\" must be a string"},
    {"script picture", script_picture, "bad.txt:30: related item 1: \"pic\" must be a path"},
    {"blank title", blank_title, "bad.txt:30: related item 1: \"title\" is empty"},
    {"JSON error on its second line", multi_line_json_error,
     "bad.txt:32: the related JSON is malformed"},
    {"duplicate key", duplicate_key, "bad.txt:30: the related JSON is malformed"},
};

static void test_malformed_variants_name_their_line(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t sample = GZ_BUF_INIT;
    test_read_sample(&sample);
    for (size_t i = 0; i < sizeof MALFORMED / sizeof MALFORMED[0]; i++) {
        gz_buf_t text = GZ_BUF_INIT;
        gz_buf_append(&text, sample.data, sample.len);
        MALFORMED[i].edit(&text);
        int rc = parse(fixture, "bad.txt", &text);
        const char *message = gz_buf_cstr(&fixture->error);
        if (rc != GZ_EPARSE ||
            strncmp(message, MALFORMED[i].expected, strlen(MALFORMED[i].expected)) != 0)
            fail_msg("%s: got %d '%s', expected '%s'", MALFORMED[i].name, rc, message,
                     MALFORMED[i].expected);
        gz_buf_free(&text);
    }
    gz_buf_free(&sample);
}

static void test_file_over_the_size_cap_is_refused(void **state)
{
    fixture_t *fixture = *state;
    size_t size = INGEST_MAX_FILE_BYTES + 1;
    char *big = gz_malloc(size);
    memset(big, 'a', size);
    gz_buf_reset(&fixture->error);
    int rc = ingest_text_parse("big.txt", big, size, &OPTIONS, &fixture->pool, &fixture->parsed,
                               &fixture->error);
    assert_int_equal(rc, GZ_EPARSE);
    assert_string_equal(gz_buf_cstr(&fixture->error), "big.txt: file is larger than 16 MiB");
    free(big);
}

/* ---- demo content -------------------------------------------------------- */

static void test_every_demo_file_parses(void **state)
{
    fixture_t *fixture = *state;
    const char *folder = test_path("/demo");
    char folder_copy[4096];
    snprintf(folder_copy, sizeof folder_copy, "%s", folder);
    DIR *dir = opendir(folder_copy);
    assert_non_null(dir);
    size_t files = 0, arabic = 0, with_related = 0, videos = 0, photos = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        size_t length = strlen(entry->d_name);
        if (length < 4 || strcmp(entry->d_name + length - 4, ".txt") != 0)
            continue;
        char path[4600];
        snprintf(path, sizeof path, "%s/%s", folder_copy, entry->d_name);
        gz_buf_t text = GZ_BUF_INIT;
        test_read_file(path, &text);
        int rc = parse(fixture, entry->d_name, &text);
        if (rc != GZ_OK)
            fail_msg("%s", gz_buf_cstr(&fixture->error));
        const content_article_t *article = &fixture->parsed.article;
        assert_non_null(article->editor_code);
        assert_non_null(article->section.name);
        files++;
        arabic += strcmp(article->language, "ar") == 0;
        with_related += article->related_count > 0;
        videos += article->content_type.id == 21;
        photos += article->content_type.id == 22;
        gz_buf_free(&text);
    }
    closedir(dir);
    assert_int_equal(files, 12);
    assert_int_equal(arabic, 1);
    assert_int_equal(with_related, 2);
    assert_int_equal(videos, 2);
    assert_int_equal(photos, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sample_is_parsed_field_by_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_and_bom_give_the_same_article, setup, teardown),
        cmocka_unit_test_setup_teardown(test_source_ref_follows_headline_and_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown_characters_stay_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_without_editor_code_or_related_items, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stub_time_falls_back_to_article_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_headline_without_prefix_is_an_article, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_arabic_headline_sets_arabic_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_persian_headline_sets_persian_language, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_variants_name_their_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_over_the_size_cap_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_demo_file_parses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
