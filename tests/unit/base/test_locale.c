/* Dates, times and numbers in a language's words, by ICU: the digits, the
 * calendar, the order of the fields and the zone each locale asks for. */
#include "test_support.h"

#include <pthread.h>

static const gz_time_t SAMPLE_TIME = 1481098187; /* 2016-12-07T08:09:47Z */

/* The text one of the appenders wrote, or "<error N>". */
static char *date_in(const char *locale, const char *skeleton)
{
    gz_buf_t buf = GZ_BUF_INIT;
    int result = gz_time_append_in_locale(&buf, SAMPLE_TIME, locale, skeleton);
    if (result != GZ_OK)
        gz_buf_printf(&buf, "<error %d>", result);
    return gz_buf_detach(&buf, NULL);
}

static void assert_date(const char *locale, const char *skeleton, const char *expected)
{
    char *text = date_in(locale, skeleton);
    assert_string_equal(text, expected);
    free(text);
}

static void assert_relative(gz_time_t t, gz_time_t now, const char *locale, const char *expected)
{
    gz_buf_t buf = GZ_BUF_INIT;
    assert_int_equal(gz_time_append_relative(&buf, t, now, locale), GZ_OK);
    assert_string_equal(gz_buf_cstr(&buf), expected);
    gz_buf_free(&buf);
}

static void assert_number(int64_t number, const char *locale, const char *expected)
{
    gz_buf_t buf = GZ_BUF_INIT;
    assert_int_equal(gz_number_append(&buf, number, locale), GZ_OK);
    assert_string_equal(gz_buf_cstr(&buf), expected);
    gz_buf_free(&buf);
}

static int utc(void **state)
{
    (void)state;
    return gz_time_set_zone("UTC");
}

static void english_dates_read_as_english(void **state)
{
    (void)state;
    assert_date("en", "EEEEdMMMMy", "Wednesday, December 7, 2016");
    assert_date("en-GB", "EEEEdMMMMy", "Wednesday, 7 December 2016");
    assert_date("en", "Hm", "08:09");
}

static void arabic_dates_use_arabic_digits_unless_latin_are_asked(void **state)
{
    (void)state;
    assert_date("ar", "EEEEdMMMMy",
                "\u0627\u0644\u0623\u0631\u0628\u0639\u0627\u0621\u060c \u0667 "
                "\u062f\u064a\u0633\u0645\u0628\u0631 \u0662\u0660\u0661\u0666");
    assert_date("ar@numbers=latn", "EEEEdMMMMy",
                "\u0627\u0644\u0623\u0631\u0628\u0639\u0627\u0621\u060c 7 "
                "\u062f\u064a\u0633\u0645\u0628\u0631 2016");
    assert_date("ar", "Hm", "\u0660\u0668:\u0660\u0669");
}

static void persian_dates_follow_the_solar_hijri_calendar(void **state)
{
    (void)state;
    /* 7 December 2016 is 17 Azar 1395. */
    char *text = date_in("fa@calendar=persian", "dMMMMy");
    assert_non_null(strstr(text, "\u06f1\u06f3\u06f9\u06f5")); /* 1395 */
    assert_non_null(strstr(text, "\u0622\u0630\u0631"));       /* Azar */
    assert_non_null(strstr(text, "\u06f1\u06f7"));             /* 17 */
    free(text);
    text = date_in("fa@calendar=gregorian", "dMMMMy");
    assert_non_null(strstr(text, "\u06f2\u06f0\u06f1\u06f6")); /* 2016 */
    free(text);
}

static void times_are_shown_in_the_site_zone(void **state)
{
    (void)state;
    assert_int_equal(gz_time_set_zone("Asia/Tehran"), GZ_OK); /* +03:30 in December */
    assert_date("en", "Hm", "11:39");
    assert_int_equal(gz_time_set_zone("America/New_York"), GZ_OK);
    assert_date("en", "Hm", "03:09");
    assert_date("en", "EEEEdMMMMy", "Wednesday, December 7, 2016");
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    assert_date("en", "Hm", "08:09");
}

static void relative_times_take_the_largest_whole_unit(void **state)
{
    (void)state;
    gz_time_t now = SAMPLE_TIME;
    assert_relative(now - 3 * 3600 - 59, now, "en", "3 hours ago");
    assert_relative(now - 90, now, "en", "1 minute ago");
    assert_relative(now + 2 * 86400, now, "en", "in 2 days");
    assert_relative(now - 20, now, "en", "now");
    assert_relative(now - 400 * 86400, now, "en", "1 year ago");
    assert_relative(now - 3 * 3600, now, "ar",
                    "\u0642\u0628\u0644 \u0663 \u0633\u0627\u0639\u0627\u062a");
    assert_relative(now - 3 * 3600, now, "fa",
                    "\u06f3 \u0633\u0627\u0639\u062a \u067e\u06cc\u0634");
}

static void numbers_take_the_locale_digits_and_grouping(void **state)
{
    (void)state;
    assert_number(12345, "en", "12,345");
    assert_number(12345, "ar", "\u0661\u0662\u066c\u0663\u0664\u0665");
    assert_number(12345, "ar@numbers=latn", "12,345");
    assert_number(-7, "fa", "\u200e\u2212\u06f7");
}

static void unknown_locales_and_empty_skeletons_are_told_apart(void **state)
{
    (void)state;
    assert_true(gz_locale_known("en"));
    assert_true(gz_locale_known("ar@numbers=latn"));
    assert_true(gz_locale_known("fa@calendar=persian"));
    assert_false(gz_locale_known("xx"));
    assert_false(gz_locale_known("zz-QQ"));
    assert_false(gz_locale_known(""));
    assert_false(gz_locale_known(NULL));
    assert_date("en", "", "<error -1>");
    assert_date("qq-ZZ", "y", "<error -1>"); /* no root fallback passed off as the language */
    gz_buf_t buf = GZ_BUF_INIT;
    assert_int_equal(gz_time_append_in_locale(&buf, SAMPLE_TIME, NULL, "y"), GZ_EINVAL);
    assert_int_equal(buf.len, 0);
    gz_buf_free(&buf);
}

/* Each thread keeps its own formatter: threads formatting different
 * locales at once never see each other's. */
static void *format_many(void *arg)
{
    const char *locale = arg;
    const char *expected = strcmp(locale, "en") == 0 ? "2016" : "\u0662\u0660\u0661\u0666";
    for (int i = 0; i < 300; i++) {
        char *text = date_in(i % 2 ? locale : "en", "y");
        bool right = strcmp(text, i % 2 ? expected : "2016") == 0;
        free(text);
        if (!right)
            return (void *)1;
    }
    return NULL;
}

static void threads_format_side_by_side(void **state)
{
    (void)state;
    pthread_t threads[4];
    const char *locales[] = {"ar", "en", "ar", "en"};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, format_many, (void *)locales[i]), 0);
    for (int i = 0; i < 4; i++) {
        void *failed = NULL;
        assert_int_equal(pthread_join(threads[i], &failed), 0);
        assert_null(failed);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(english_dates_read_as_english),
        cmocka_unit_test(arabic_dates_use_arabic_digits_unless_latin_are_asked),
        cmocka_unit_test(persian_dates_follow_the_solar_hijri_calendar),
        cmocka_unit_test(times_are_shown_in_the_site_zone),
        cmocka_unit_test(relative_times_take_the_largest_whole_unit),
        cmocka_unit_test(numbers_take_the_locale_digits_and_grouping),
        cmocka_unit_test(unknown_locales_and_empty_skeletons_are_told_apart),
        cmocka_unit_test(threads_format_side_by_side),
    };
    return cmocka_run_group_tests(tests, utc, NULL);
}
