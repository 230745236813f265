/* Time formats, parsing, the site zone and .NET ticks. */
#include "test_support.h"

#include <time.h>

/* 2016-12-07T08:09:47Z, the sample page's time read as UTC:
 * 2016-01-01 is day 46*365 + 11 leap days = 16801 after 1970-01-01;
 * Dec 7 is day 335 + 6 = 341 of the leap year 2016, so day 17142;
 * 17142 * 86400 + 8*3600 + 9*60 + 47 = 1481068800 + 29387. */
static const gz_time_t SAMPLE_TIME = 1481098187;

static char *format(void (*append)(gz_buf_t *, gz_time_t), gz_time_t t)
{
    gz_buf_t buf = GZ_BUF_INIT;
    append(&buf, t);
    return gz_buf_detach(&buf, NULL);
}

static void assert_formats(void (*append)(gz_buf_t *, gz_time_t), gz_time_t t,
                           const char *expected)
{
    char *text = format(append, t);
    assert_string_equal(text, expected);
    free(text);
}

static void test_now_is_recent(void **state)
{
    (void)state;
    gz_time_t now = gz_now();
    assert_true(now > 1700000000); /* after Nov 2023 */
    assert_true(llabs(now - (gz_time_t)time(NULL)) <= 1);
}

static void test_rfc3339_format(void **state)
{
    (void)state;
    assert_formats(gz_time_append_rfc3339, SAMPLE_TIME, "2016-12-07T08:09:47Z");
    assert_formats(gz_time_append_rfc3339, 0, "1970-01-01T00:00:00Z");
    assert_formats(gz_time_append_rfc3339, -1, "1969-12-31T23:59:59Z");
    assert_formats(gz_time_append_rfc3339, 951782400, "2000-02-29T00:00:00Z");
    assert_formats(gz_time_append_rfc3339, -62135596800, "0001-01-01T00:00:00Z");
    /* Out of the four-digit range: clamped, never garbage. */
    assert_formats(gz_time_append_rfc3339, INT64_MAX, "9999-12-31T23:59:59Z");
    assert_formats(gz_time_append_rfc3339, INT64_MIN, "0000-01-01T00:00:00Z");
}

static void test_rfc1123_format(void **state)
{
    (void)state;
    assert_formats(gz_time_append_rfc1123, SAMPLE_TIME, "Wed, 07 Dec 2016 08:09:47 GMT");
    assert_formats(gz_time_append_rfc1123, 0, "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_formats(gz_time_append_rfc1123, -1, "Wed, 31 Dec 1969 23:59:59 GMT");
    assert_formats(gz_time_append_rfc1123, 784111777, "Sun, 06 Nov 1994 08:49:37 GMT");
}

/* The calendar arithmetic against the C library's, across 600 years. */
static void test_formats_agree_with_gmtime(void **state)
{
    (void)state;
    gz_buf_t ours = GZ_BUF_INIT;
    char theirs[64];
    for (gz_time_t t = -7000000000; t < 12000000000; t += 86400 * 7 + 3607) {
        time_t seconds = (time_t)t;
        struct tm utc;
        assert_non_null(gmtime_r(&seconds, &utc));
        gz_buf_reset(&ours);
        gz_time_append_rfc3339(&ours, t);
        strftime(theirs, sizeof theirs, "%Y-%m-%dT%H:%M:%SZ", &utc);
        assert_string_equal(gz_buf_cstr(&ours), theirs);
        gz_buf_reset(&ours);
        gz_time_append_rfc1123(&ours, t);
        strftime(theirs, sizeof theirs, "%a, %d %b %Y %H:%M:%S GMT", &utc);
        assert_string_equal(gz_buf_cstr(&ours), theirs);
        gz_time_t parsed = 0;
        gz_buf_reset(&ours);
        gz_time_append_rfc3339(&ours, t);
        assert_int_equal(gz_time_parse_rfc3339(gz_buf_str(&ours), &parsed), GZ_OK);
        assert_true(parsed == t);
    }
    gz_buf_free(&ours);
}

static void test_rfc3339_parse_accepts(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        gz_time_t value;
    } CASES[] = {
        {"2016-12-07T08:09:47Z", 1481098187},
        {"2016-12-07t08:09:47z", 1481098187},
        {"2016-12-07 08:09:47Z", 1481098187},
        {"2016-12-07T11:39:47+03:30", 1481098187},
        {"2016-12-07T03:09:47-05:00", 1481098187},
        {"2016-12-07T08:09:47+00:00", 1481098187},
        {"2016-12-07T08:09:47-00:00", 1481098187},
        {"2016-12-07T08:09:47.9Z", 1481098187},
        {"2016-12-07T08:09:47.123456789+00:00", 1481098187},
        {"2016-12-03T16:17:05Z", 1480781825},
        {"1970-01-01T00:00:00Z", 0},
        {"1969-12-31T23:59:59Z", -1},
        {"2000-02-29T00:00:00Z", 951782400},
        {"2016-12-31T23:59:60Z", 1483228800}, /* a leap second reads as the next second */
        {"0001-01-01T00:00:00Z", -62135596800},
        {"9999-12-31T23:59:59Z", 253402300799},
        {"2016-12-08T00:30:00+23:59", 1481098187 - 8 * 3600 - 9 * 60 - 47 + 1800 - 86340 + 86400},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        gz_time_t value = 0;
        int result = gz_time_parse_rfc3339(gz_str_from_cstr(CASES[i].text), &value);
        if (result != GZ_OK || value != CASES[i].value)
            fail_msg("%s: result %d, value %lld", CASES[i].text, result, (long long)value);
    }
}

static void test_rfc3339_parse_rejects(void **state)
{
    (void)state;
    static const char *const CASES[] = {
        "",
        "2016-12-07",
        "2016-12-07T08:09:47",      /* no zone */
        "2016-12-07T08:09Z",        /* no seconds */
        "2016-12-7T08:09:47Z",      /* one-digit day */
        "2016-13-07T08:09:47Z",     /* month 13 */
        "2016-00-07T08:09:47Z",     /* month 0 */
        "2016-12-00T08:09:47Z",     /* day 0 */
        "2016-02-30T08:09:47Z",     /* no Feb 30 */
        "2100-02-29T00:00:00Z",     /* 2100 is not a leap year */
        "2016-04-31T00:00:00Z",     /* April has 30 days */
        "2016-12-07T24:00:00Z",     /* hour 24 */
        "2016-12-07T08:60:00Z",     /* minute 60 */
        "2016-12-07T08:09:61Z",     /* second 61 */
        "2016-12-07T08:09:47.Z",    /* empty fraction */
        "2016-12-07T08:09:47+0330", /* offset without colon */
        "2016-12-07T08:09:47+03",   /* offset without minutes */
        "2016-12-07T08:09:47+24:00",
        "2016-12-07T08:09:47+03:60",
        "2016-12-07T08:09:47Z ",   /* trailing space */
        " 2016-12-07T08:09:47Z",   /* leading space */
        "2016-12-07X08:09:47Z",    /* bad separator */
        "2016/12/07T08:09:47Z",
        "-016-12-07T08:09:47Z",
        "2016-12-07T08:09:47ZZ",
        "Wed, 07 Dec 2016 08:09:47 GMT",
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        gz_time_t value = 777;
        int result = gz_time_parse_rfc3339(gz_str_from_cstr(CASES[i]), &value);
        if (result != GZ_EPARSE)
            fail_msg("\"%s\" gave %d", CASES[i], result);
        assert_true(value == 777);
    }
    /* The range ends where its length says, even when the bytes go on. */
    gz_time_t value = 0;
    assert_int_equal(gz_time_parse_rfc3339((gz_str_t){"2016-12-07T08:09:47Zjunk", 20}, &value),
                     GZ_OK);
    assert_true(value == SAMPLE_TIME);
    assert_int_equal(gz_time_parse_rfc3339((gz_str_t){"2016-12-07T08:09:47Z", 19}, &value),
                     GZ_EPARSE);
    assert_int_equal(gz_time_parse_rfc3339((gz_str_t){"2016-12-07T08:09:4\0Z", 20}, &value),
                     GZ_EPARSE);
}

static void test_set_zone(void **state)
{
    (void)state;
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    assert_int_equal(gz_time_set_zone("Asia/Tehran"), GZ_OK);
    assert_int_equal(gz_time_set_zone("America/New_York"), GZ_OK);
    assert_int_equal(gz_time_set_zone("Mars/Olympus_Mons"), GZ_EINVAL);
    assert_int_equal(gz_time_set_zone(""), GZ_EINVAL);
    assert_int_equal(gz_time_set_zone(NULL), GZ_EINVAL);
    assert_int_equal(gz_time_set_zone("/etc/passwd"), GZ_EINVAL);
    assert_int_equal(gz_time_set_zone("../../../etc/passwd"), GZ_EINVAL);
    assert_int_equal(gz_time_set_zone("Asia"), GZ_EINVAL); /* a folder, not a zone */
    assert_int_equal(gz_time_set_zone("Asia/Tehran "), GZ_EINVAL);
    /* A failed call leaves the zone as it was. */
    assert_string_equal(getenv("TZ"), "America/New_York");
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
}

static char *local_text(gz_time_t t, const char *strftime_format)
{
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append_cstr(&buf, "[");
    gz_time_append_local(&buf, t, strftime_format);
    gz_buf_append_cstr(&buf, "]");
    return gz_buf_detach(&buf, NULL);
}

static void assert_local(gz_time_t t, const char *strftime_format, const char *expected)
{
    char *text = local_text(t, strftime_format);
    assert_string_equal(text, expected);
    free(text);
}

static void test_local_format_as_the_sample(void **state)
{
    (void)state;
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    /* The config's default format, as the sample page prints it. */
    assert_local(SAMPLE_TIME, "%a %b %-d, %Y %H:%M:%S", "[Wed Dec 7, 2016 08:09:47]");
    assert_local(SAMPLE_TIME + 3 * 86400, "%a %b %-d, %Y %H:%M:%S", "[Sat Dec 10, 2016 08:09:47]");
    /* Tehran was UTC+03:30 in December 2016. */
    assert_int_equal(gz_time_set_zone("Asia/Tehran"), GZ_OK);
    assert_local(SAMPLE_TIME, "%a %b %-d, %Y %H:%M:%S", "[Wed Dec 7, 2016 11:39:47]");
    /* New York: EST in winter, EDT in summer. */
    assert_int_equal(gz_time_set_zone("America/New_York"), GZ_OK);
    assert_local(SAMPLE_TIME, "%Y-%m-%d %H:%M %Z", "[2016-12-07 03:09 EST]");
    assert_local(1467374400, "%Y-%m-%d %H:%M %Z", "[2016-07-01 08:00 EDT]");
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
}

static void test_local_format_edge_cases(void **state)
{
    (void)state;
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    assert_local(SAMPLE_TIME, "", "[]");
    assert_local(SAMPLE_TIME, "%p", "[AM]");
    /* Output longer than the first try. */
    char long_format[1200];
    memset(long_format, 'x', sizeof long_format - 4);
    memcpy(long_format + sizeof long_format - 4, "%Y", 3);
    char *text = local_text(SAMPLE_TIME, long_format);
    assert_int_equal(strlen(text), 1196 + 4 + 2);
    assert_string_equal(text + 1197, "2016]");
    free(text);
}

static int parse_local(const char *text, const char *strptime_format, gz_time_t *out)
{
    return gz_time_parse_local(gz_str_from_cstr(text), strptime_format, out);
}

static void test_local_parse_of_the_sample(void **state)
{
    (void)state;
    gz_time_t value = 0;
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    assert_int_equal(parse_local("Wed Dec 7, 2016 08:09:47", "%a %b %d, %Y %H:%M:%S", &value),
                     GZ_OK);
    assert_true(value == SAMPLE_TIME);
    assert_int_equal(parse_local("Wed Dec 07, 2016 08:09:47", "%a %b %d, %Y %H:%M:%S", &value),
                     GZ_OK);
    assert_true(value == SAMPLE_TIME);
    /* In the site's zone: 08:09:47 in Tehran is 04:39:47 UTC. */
    assert_int_equal(gz_time_set_zone("Asia/Tehran"), GZ_OK);
    assert_int_equal(parse_local("Wed Dec 7, 2016 08:09:47", "%a %b %d, %Y %H:%M:%S", &value),
                     GZ_OK);
    assert_true(value == SAMPLE_TIME - 12600);
    /* DST is worked out by the zone, not given. */
    assert_int_equal(gz_time_set_zone("America/New_York"), GZ_OK);
    assert_int_equal(parse_local("2016-07-01 08:00:00", "%Y-%m-%d %H:%M:%S", &value), GZ_OK);
    assert_true(value == 1467374400);
    assert_int_equal(parse_local("2016-12-07 03:09:47", "%Y-%m-%d %H:%M:%S", &value), GZ_OK);
    assert_true(value == SAMPLE_TIME);
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
}

static void test_local_parse_rejects(void **state)
{
    (void)state;
    assert_int_equal(gz_time_set_zone("UTC"), GZ_OK);
    static const char *const CASES[] = {
        "Wed Dec 7, 2016 08:09:47 extra",
        "Wed Dec 7, 2016 08:09",
        "Wed Dec 7 2016 08:09:47",
        "Wed Foo 7, 2016 08:09:47",
        "Wed Feb 30, 2016 08:09:47",
        "Wed Dec 32, 2016 08:09:47",
        "Wed Dec 7, 2016 25:09:47",
        "",
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        gz_time_t value = 777;
        int result = parse_local(CASES[i], "%a %b %d, %Y %H:%M:%S", &value);
        if (result != GZ_EPARSE)
            fail_msg("\"%s\" gave %d", CASES[i], result);
        assert_true(value == 777);
    }
    gz_time_t value = 777;
    assert_int_equal(gz_time_parse_local((gz_str_t){"2016\0", 5}, "%Y", &value), GZ_EPARSE);
    assert_int_equal(gz_time_parse_local(GZ_STR("2016"), NULL, &value), GZ_EPARSE);
    /* Only the range is parsed. */
    assert_int_equal(gz_time_parse_local((gz_str_t){"2016-12-07 junk", 10}, "%Y-%m-%d", &value),
                     GZ_OK);
    assert_true(value == SAMPLE_TIME - 29387);
}

static void test_dotnet_ticks(void **state)
{
    (void)state;
    /* The sample's picture name alalam_636163786258551197_25f_4x3.jpg:
     * 636163786258551197 / 10^7 = 63616378625 s (floor) since 0001-01-01;
     * minus 62135596800 s (0001-01-01 to 1970-01-01) = 1480781825;
     * 1480781825 = 17138 days * 86400 + 58625 s; day 17138 is
     * 2016-01-01 (day 16801) + 337 = Dec 3 (Jan..Nov of 2016 are 335 days);
     * 58625 s = 16 h 17 min 5 s. So 2016-12-03T16:17:05Z, matching the
     * /2016/12/03/ folder of the picture. */
    gz_time_t t = gz_time_from_dotnet_ticks(636163786258551197);
    assert_true(t == 1480781825);
    char *text = format(gz_time_append_rfc3339, t);
    assert_string_equal(text, "2016-12-03T16:17:05Z");
    free(text);

    assert_true(gz_time_from_dotnet_ticks(621355968000000000) == 0);
    assert_true(gz_time_from_dotnet_ticks(621355968000000000 + 9999999) == 0);
    assert_true(gz_time_from_dotnet_ticks(621355968000000000 - 1) == -1); /* floor */
    assert_true(gz_time_from_dotnet_ticks(0) == -62135596800);
    assert_true(gz_time_from_dotnet_ticks(-1) == -62135596801);
    assert_true(gz_time_from_dotnet_ticks(INT64_MAX) == 922337203685 - 62135596800);
    assert_true(gz_time_from_dotnet_ticks(INT64_MIN) == -922337203686 - 62135596800);

    assert_true(gz_time_to_dotnet_ticks(1480781825) == 636163786250000000);
    assert_true(gz_time_to_dotnet_ticks(0) == 621355968000000000);
    assert_true(gz_time_to_dotnet_ticks(-62135596800) == 0);
    assert_true(gz_time_from_dotnet_ticks(gz_time_to_dotnet_ticks(SAMPLE_TIME)) == SAMPLE_TIME);
    /* Out of range saturates instead of wrapping. */
    assert_true(gz_time_to_dotnet_ticks(INT64_MAX) == INT64_MAX);
    assert_true(gz_time_to_dotnet_ticks(INT64_MIN) == INT64_MIN);
    assert_true(gz_time_to_dotnet_ticks(922337203685 - 62135596800 + 1) == INT64_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_now_is_recent),
        cmocka_unit_test(test_rfc3339_format),
        cmocka_unit_test(test_rfc1123_format),
        cmocka_unit_test(test_formats_agree_with_gmtime),
        cmocka_unit_test(test_rfc3339_parse_accepts),
        cmocka_unit_test(test_rfc3339_parse_rejects),
        cmocka_unit_test(test_set_zone),
        cmocka_unit_test(test_local_format_as_the_sample),
        cmocka_unit_test(test_local_format_edge_cases),
        cmocka_unit_test(test_local_parse_of_the_sample),
        cmocka_unit_test(test_local_parse_rejects),
        cmocka_unit_test(test_dotnet_ticks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
