/* Unit tests of word counts and reading times: Latin and Arabic words,
 * Markdown's marks not counted, Unicode spaces, invalid bytes, and the
 * minutes rounded up from 230 words a minute. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "content/content.h"

static size_t count(const char *text)
{
    return content_word_count(text, strlen(text));
}

static void latin_words_are_counted_between_spaces(void **state)
{
    (void)state;
    assert_int_equal(count(""), 0);
    assert_int_equal(count("   \n\t "), 0);
    assert_int_equal(count("The harbour reopened today."), 4);
    assert_int_equal(count("A well-known port, don't you think? 2,000 ships."), 8);
    assert_int_equal(count("Café naïve résumé"), 3);
}

static void arabic_words_are_counted_too(void **state)
{
    (void)state;
    /* "The Syrian army regained control of the city" with harakat on one word. */
    assert_int_equal(count("استعاد الجيش السوري السيطرة على المدينة"), 6);
    assert_int_equal(count("قالَ المتحدث، إن ٣٠ شخصاً أصيبوا."), 6);
    /* Mixed scripts in one line. */
    assert_int_equal(count("Alalam - سوريا: 12 قتيلاً"), 4);
}

static void markdown_marks_are_not_words(void **state)
{
    (void)state;
    assert_int_equal(count("# Title\n\n- **bold** and _em_\n\n---\n\n| a | b |\n| - | - |"), 6);
    /* A link's address is glued to its text: the link is its words. */
    assert_int_equal(count("Read [the report](https://example.com/r?id=4) now"), 4);
    assert_int_equal(count("![Rescuers at work](media:42)"), 3);
}

static void unicode_spaces_separate_and_bad_bytes_are_skipped(void **state)
{
    (void)state;
    assert_int_equal(count("one\xC2\xA0" "two\xE2\x80\x89" "three\xE3\x80\x80" "four"), 4);
    assert_int_equal(content_word_count("ab\xFF\xFE cd", 7), 2);
    assert_int_equal(content_word_count("\xFF\xFE", 2), 0);
    assert_int_equal(content_word_count(NULL, 4), 0);
    /* len is respected: "two" is past it. */
    assert_int_equal(content_word_count("one two", 3), 1);
}

static void reading_time_rounds_up_and_is_at_least_a_minute(void **state)
{
    (void)state;
    assert_int_equal(content_reading_minutes(0), 1);
    assert_int_equal(content_reading_minutes(1), 1);
    assert_int_equal(content_reading_minutes(230), 1);
    assert_int_equal(content_reading_minutes(231), 2);
    assert_int_equal(content_reading_minutes(2300), 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(latin_words_are_counted_between_spaces),
        cmocka_unit_test(arabic_words_are_counted_too),
        cmocka_unit_test(markdown_marks_are_not_words),
        cmocka_unit_test(unicode_spaces_separate_and_bad_bytes_are_skipped),
        cmocka_unit_test(reading_time_rounds_up_and_is_at_least_a_minute),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
