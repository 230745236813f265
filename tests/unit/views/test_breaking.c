/*
 * Tests of the breaking-news banner's view models (views/breaking.c): the
 * JSON readers' pages fetch, with and without a banner, and the
 * newsroom's history with each banner's state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/json_path.h"
#include "views/views.h"

#define NOW ((gz_time_t)1481200000) /* 2016-12-08T12:26:40Z */

static int setup(void **state)
{
    (void)state;
    return gz_time_set_zone("UTC") == GZ_OK ? 0 : -1;
}

static void no_banner_is_null(void **state)
{
    (void)state;
    json_t *json = views_breaking_json(NULL);
    assert_true(json_is_null(json_at(json, "breaking")));
    char *text = json_dumps(json, JSON_COMPACT);
    assert_string_equal(text, "{\"breaking\":null}");
    free(text);
    json_decref(json);
}

static void a_banner_has_its_text_link_and_times(void **state)
{
    (void)state;
    store_breaking_t banner = {.id = 7,
                               .text = "<script>alert(1)</script> & more",
                               .link = "/live",
                               .raised_at = NOW,
                               .expires_at = NOW + 60};
    json_t *json = views_breaking_json(&banner);
    assert_int_equal(json_integer_value(json_at(json, "breaking.id")), 7);
    /* Kept as typed: the page's script shows it as text. */
    assert_string_equal(json_text_at(json, "breaking.text"), "<script>alert(1)</script> & more");
    assert_string_equal(json_text_at(json, "breaking.url"), "/live");
    assert_string_equal(json_text_at(json, "breaking.raised_at"), "2016-12-08T12:26:40Z");
    assert_string_equal(json_text_at(json, "breaking.expires_at"), "2016-12-08T12:27:40Z");
    json_decref(json);
    banner.link = NULL;
    banner.expires_at = 0;
    json = views_breaking_json(&banner);
    assert_null(json_at(json, "breaking.url"));
    assert_null(json_at(json, "breaking.expires_at"));
    json_decref(json);
}

static void history_rows_tell_each_state(void **state)
{
    (void)state;
    store_breaking_t banners[] = {
        {.id = 3, .text = "Up", .raised_by_name = "eve", .raised_at = NOW - 10},
        {.id = 2, .text = "Gone", .raised_at = NOW - 100, .expires_at = NOW - 50},
        {.id = 1,
         .text = "Down",
         .raised_at = NOW - 200,
         .lowered_at = NOW - 150,
         .lowered_by_name = "ann"},
    };
    json_t *rows = views_admin_breaking_rows(banners, 3, NOW);
    assert_int_equal(json_array_size(rows), 3);
    assert_string_equal(json_text_at(rows, "0.state"), "up");
    assert_string_equal(json_text_at(rows, "0.raised_by"), "eve");
    assert_string_equal(json_text_at(rows, "0.raised_at"), "2016-12-08 12:26:30");
    assert_null(json_at(rows, "0.expires_at"));
    assert_string_equal(json_text_at(rows, "1.state"), "expired");
    assert_string_equal(json_text_at(rows, "1.expires_at"), "2016-12-08 12:25:50");
    assert_string_equal(json_text_at(rows, "2.state"), "lowered");
    assert_string_equal(json_text_at(rows, "2.lowered_by"), "ann");
    json_decref(rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_banner_is_null),
        cmocka_unit_test(a_banner_has_its_text_link_and_times),
        cmocka_unit_test(history_rows_tell_each_state),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
