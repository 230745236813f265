/*
 * test_spec.c: runs every case of one Mustache spec file against tmpl.
 *
 * The spec is read at run time from $GAZETTE_CONFORMANCE/mustache/FILE
 * (FILE is the first argument), never copied into the repository: each
 * case gives a template, data, partials and the expected output. The test
 * prints how many cases pass and fails with the names of those that do not,
 * each with what was expected and what came out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tmpl/tmpl.h"

/* A name no partial tag can reach: tag names hold no white space. */
#define CASE_TEMPLATE "spec case"

static const char *spec_file_name;

/* "text" as a JSON string, so that white space shows in the report. */
static void append_quoted(gz_buf_t *report, const char *text, size_t len)
{
    gz_buf_append_char(report, '"');
    gz_buf_append_json(report, text, len);
    gz_buf_append_char(report, '"');
}

static int add_partials(tmpl_set_t *set, json_t *partials, gz_buf_t *error)
{
    const char *name;
    json_t *text;
    json_object_foreach(partials, name, text)
    {
        int code = tmpl_set_add(set, name, json_string_value(text), json_string_length(text),
                                error);
        if (code != GZ_OK)
            return code;
    }
    return GZ_OK;
}

/* Renders one case into output; false with the reason in output when the
 * templates do not compile or the render fails. */
static bool render_case(json_t *test_case, gz_buf_t *output)
{
    json_t *template_text = json_object_get(test_case, "template");
    tmpl_set_t *set = tmpl_set_new();
    gz_buf_t error = GZ_BUF_INIT;
    int code = add_partials(set, json_object_get(test_case, "partials"), &error);
    if (code == GZ_OK)
        code = tmpl_set_add(set, CASE_TEMPLATE, json_string_value(template_text),
                            json_string_length(template_text), &error);
    if (code == GZ_OK)
        code = tmpl_render(set, CASE_TEMPLATE, json_object_get(test_case, "data"), output);
    if (code != GZ_OK) {
        gz_buf_reset(output);
        gz_buf_printf(output, "error %d: %s", code, gz_buf_cstr(&error));
    }
    gz_buf_free(&error);
    tmpl_set_free(set);
    return code == GZ_OK;
}

/* True when the case passes; otherwise its name and outputs go to report. */
static bool run_case(json_t *test_case, gz_buf_t *report)
{
    const char *name = json_string_value(json_object_get(test_case, "name"));
    json_t *expected = json_object_get(test_case, "expected");
    json_t *template_text = json_object_get(test_case, "template");
    gz_buf_t output = GZ_BUF_INIT;
    bool rendered = render_case(test_case, &output);
    bool passed = rendered && output.len == json_string_length(expected) &&
                  memcmp(gz_buf_cstr(&output), json_string_value(expected), output.len) == 0;
    if (!passed) {
        gz_buf_printf(report, "  FAIL %s\n    template: ", name);
        append_quoted(report, json_string_value(template_text), json_string_length(template_text));
        gz_buf_append_cstr(report, "\n    expected: ");
        append_quoted(report, json_string_value(expected), json_string_length(expected));
        gz_buf_append_cstr(report, "\n    got:      ");
        append_quoted(report, gz_buf_cstr(&output), output.len);
        gz_buf_append_char(report, '\n');
    }
    gz_buf_free(&output);
    return passed;
}

static json_t *load_spec(void)
{
    const char *root = getenv("GAZETTE_CONFORMANCE");
    if (root == NULL)
        fail_msg("GAZETTE_CONFORMANCE is not set");
    gz_buf_t path = GZ_BUF_INIT;
    gz_buf_printf(&path, "%s/mustache/%s", root, spec_file_name);
    json_error_t json_error;
    json_t *spec = json_load_file(gz_buf_cstr(&path), 0, &json_error);
    if (spec == NULL)
        fail_msg("%s: %s", gz_buf_cstr(&path), json_error.text);
    gz_buf_free(&path);
    return spec;
}

static void every_case_passes(void **state)
{
    (void)state;
    json_t *spec = load_spec();
    json_t *cases = json_object_get(spec, "tests");
    assert_true(json_array_size(cases) > 0);
    gz_buf_t report = GZ_BUF_INIT;
    size_t passed = 0;
    size_t index;
    json_t *test_case;
    json_array_foreach(cases, index, test_case)
    {
        passed += run_case(test_case, &report) ? 1 : 0;
    }
    size_t total = json_array_size(cases);
    print_message("%s: %zu of %zu cases pass\n", spec_file_name, passed, total);
    if (passed != total)
        print_message("%s", gz_buf_cstr(&report));
    gz_buf_free(&report);
    json_decref(spec);
    assert_int_equal(passed, total);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SPEC_FILE (e.g. sections.json)\n", argv[0]);
        return 2;
    }
    spec_file_name = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_case_passes),
    };
    return cmocka_run_group_tests_name(spec_file_name, tests, NULL, NULL);
}
