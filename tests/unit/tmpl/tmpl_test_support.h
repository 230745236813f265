/*
 * Shared by the tmpl unit tests: the cmocka includes in the order cmocka
 * needs them, and helpers that compile and render a template in one call so
 * that each test reads as "this template with this data gives this text".
 */
#ifndef GAZETTE_TEST_TMPL_SUPPORT_H
#define GAZETTE_TEST_TMPL_SUPPORT_H

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

static inline json_t *parse_json(const char *json_text)
{
    json_error_t error;
    json_t *data = json_loads(json_text, JSON_DECODE_ANY, &error);
    if (data == NULL)
        fail_msg("bad test JSON %s: %s", json_text, error.text);
    return data;
}

static inline void add_template(tmpl_set_t *set, const char *name, const char *text)
{
    gz_buf_t error = GZ_BUF_INIT;
    int code = tmpl_set_add(set, name, text, strlen(text), &error);
    if (code != GZ_OK)
        fail_msg("template %s does not compile: %s", name, gz_buf_cstr(&error));
    gz_buf_free(&error);
}

/* Renders name of set with data given as JSON text, asserts the code is
 * expected_code and, when it is GZ_OK, that the output is expected. */
static inline void assert_set_renders(const tmpl_set_t *set, const char *name,
                                      const char *json_text, int expected_code,
                                      const char *expected)
{
    json_t *data = parse_json(json_text);
    gz_buf_t out = GZ_BUF_INIT;
    int code = tmpl_render(set, name, data, &out);
    assert_int_equal(code, expected_code);
    if (expected_code == GZ_OK)
        assert_string_equal(gz_buf_cstr(&out), expected);
    gz_buf_free(&out);
    json_decref(data);
}

/* The same for a single template with no partials. */
static inline void assert_renders(const char *template_text, const char *json_text,
                                  const char *expected)
{
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "test", template_text);
    assert_set_renders(set, "test", json_text, GZ_OK, expected);
    tmpl_set_free(set);
}

/* Compiles text as "page", asserts GZ_EPARSE and that error is expected. */
static inline void assert_syntax_error(const char *text, const char *expected)
{
    tmpl_set_t *set = tmpl_set_new();
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(tmpl_set_add(set, "page", text, strlen(text), &error), GZ_EPARSE);
    assert_string_equal(gz_buf_cstr(&error), expected);
    assert_false(tmpl_set_has(set, "page"));
    gz_buf_free(&error);
    tmpl_set_free(set);
}

#endif
