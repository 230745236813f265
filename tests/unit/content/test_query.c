/* Unit tests of the reader's query parser (content/query.c). A parsed
 * query is written back as text to compare: clauses joined by " & ",
 * items of a clause by " | ", phrases in quotes, exclusions with '-'. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "content/content.h"

typedef struct {
    content_tokenizer_t *tokenizer;
    gz_pool_t pool;
    gz_buf_t text;
    content_query_t query;
} fixture_t;

static int setup(void **state)
{
    fixture_t *fixture = calloc(1, sizeof *fixture);
    fixture->tokenizer = content_tokenizer_new();
    *state = fixture;
    return fixture->tokenizer == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    fixture_t *fixture = *state;
    content_tokenizer_free(fixture->tokenizer);
    gz_pool_clear(&fixture->pool);
    gz_buf_free(&fixture->text);
    free(fixture);
    return 0;
}

static const char *parse(fixture_t *fixture, const char *input)
{
    size_t len = strlen(input);
    char *exact = malloc(len > 0 ? len : 1);
    memcpy(exact, input, len);
    content_query_parse(fixture->tokenizer, exact, len, &fixture->pool, &fixture->query);
    free(exact);
    gz_buf_reset(&fixture->text);
    const content_query_t *query = &fixture->query;
    for (size_t c = 0; c < query->count; c++) {
        if (c > 0)
            gz_buf_append_cstr(&fixture->text, " & ");
        for (size_t i = 0; i < query->clauses[c].count; i++) {
            const content_query_item_t *item = &query->clauses[c].items[i];
            if (i > 0)
                gz_buf_append_cstr(&fixture->text, " | ");
            gz_buf_printf(&fixture->text, item->phrase ? "%s\"%s\"" : "%s%s",
                          item->excluded ? "-" : "", item->text);
        }
    }
    return gz_buf_cstr(&fixture->text);
}

static void words_must_all_match(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(parse(fixture, "rocket  attack\tAleppo"), "rocket & attack & Aleppo");
    assert_int_equal(fixture->query.positive, 3);
}

static void quotes_make_a_phrase(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(parse(fixture, "\"old city\" Aleppo"), "\"old city\" & Aleppo");
    assert_string_equal(parse(fixture, "“old city”"), "\"old city\"");
    assert_string_equal(parse(fixture, "«المدينة القديمة»"), "\"المدينة القديمة\"");
}

static void a_minus_excludes(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(parse(fixture, "aleppo -football"), "aleppo & -football");
    assert_int_equal(fixture->query.positive, 1);
    assert_string_equal(parse(fixture, "aleppo -\"old city\""), "aleppo & -\"old city\"");
    /* A hyphen inside a word is part of it, and a lone '-' is nothing. */
    assert_string_equal(parse(fixture, "al-Assad - x-ray"), "al-Assad & x-ray");
}

static void or_joins_two_items(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(parse(fixture, "flood OR earthquake"), "flood | earthquake");
    assert_int_equal(fixture->query.count, 1);
    assert_string_equal(parse(fixture, "turkey flood OR earthquake OR fire"),
                        "turkey & flood | earthquake | fire");
    assert_string_equal(parse(fixture, "\"old city\" OR souk"), "\"old city\" | souk");
    /* Lower-case "or" is a (stop) word, not the operator. */
    assert_string_equal(parse(fixture, "flood or earthquake"), "flood & earthquake");
}

static void what_does_not_parse_degrades_to_words(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(parse(fixture, "\"old city"), "old & city");
    assert_string_equal(parse(fixture, "OR flood OR"), "flood");
    assert_string_equal(parse(fixture, "flood OR OR fire"), "flood | fire");
    assert_string_equal(parse(fixture, "flood OR -fire"), "flood & -fire");
    assert_string_equal(parse(fixture, "x\"y\"z"), "x & \"y\" & z");
    /* FTS syntax typed by a reader is just text to look for. */
    assert_string_equal(parse(fixture, "NEAR(a b) headline:x *"), "NEAR(a & b) & headline:x");
}

static void items_without_search_terms_are_dropped(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(parse(fixture, "the war in the north"), "war & north");
    assert_string_equal(parse(fixture, "!!! \"\" \"the\" ..."), "");
    assert_int_equal(fixture->query.count, 0);
    assert_string_equal(parse(fixture, "في حلب"), "حلب");
    assert_string_equal(parse(fixture, ""), "");
    assert_string_equal(parse(fixture, "   "), "");
}

static void only_exclusions_are_read_as_words(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(parse(fixture, "-football -tennis"), "football & tennis");
    assert_int_equal(fixture->query.positive, 2);
}

static void a_long_query_is_cut_at_the_item_limit(void **state)
{
    fixture_t *fixture = *state;
    gz_buf_t input = GZ_BUF_INIT;
    for (int i = 0; i < 100; i++)
        gz_buf_printf(&input, "word%d ", i);
    parse(fixture, gz_buf_cstr(&input));
    assert_int_equal(fixture->query.count, CONTENT_QUERY_MAX_ITEMS);
    gz_buf_free(&input);
}

static void hostile_bytes_are_only_text(void **state)
{
    fixture_t *fixture = *state;
    assert_string_equal(parse(fixture, "<script>alert(1)</script>"), "<script>alert(1)</script>");
    parse(fixture, "\xff\"\xfe\xe2\x80");
    parse(fixture, "\xe2\x80\x9c");
    assert_int_equal(fixture->query.count, 0);
    /* A NUL byte separates items, which are C strings. */
    content_query_parse(fixture->tokenizer, "a\0\xc3\xa9t\xc3\xa9", 7, &fixture->pool,
                        &fixture->query);
    assert_int_equal(fixture->query.count, 1);
    assert_string_equal(fixture->query.clauses[0].items[0].text, "\xc3\xa9t\xc3\xa9");
    content_query_t query;
    content_query_parse(NULL, "x", 1, &fixture->pool, &query);
    assert_int_equal(query.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_must_all_match),
        cmocka_unit_test(quotes_make_a_phrase),
        cmocka_unit_test(a_minus_excludes),
        cmocka_unit_test(or_joins_two_items),
        cmocka_unit_test(what_does_not_parse_degrades_to_words),
        cmocka_unit_test(items_without_search_terms_are_dropped),
        cmocka_unit_test(only_exclusions_are_read_as_words),
        cmocka_unit_test(a_long_query_is_cut_at_the_item_limit),
        cmocka_unit_test(hostile_bytes_are_only_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
