/*
 * test_compile.c: what a theme author sees when a template is wrong, and
 * the limits that keep a hostile template from hurting the server. (The
 * spec files cover what correct templates mean; see test_spec.c.)
 */
#include "tmpl_test_support.h"

static void unclosed_tag_names_template_and_line(void **state)
{
    (void)state;
    assert_syntax_error("a\nb {{name\nc", "page:2: unclosed tag");
    assert_syntax_error("{{{name}}", "page:1: unclosed tag");
    assert_syntax_error("{{=<% %>=}}\n<%name", "page:2: unclosed tag");
    assert_syntax_error("{{", "page:1: unclosed tag");
}

static void unclosed_section_points_at_its_opening(void **state)
{
    (void)state;
    assert_syntax_error("x\n{{#items}}\n{{name}}\n", "page:2: unclosed section 'items'");
    assert_syntax_error("{{^empty}}", "page:1: unclosed section 'empty'");
    assert_syntax_error("{{<layout}}{{$body}}{{/body}}", "page:1: unclosed section 'layout'");
}

static void mismatched_close_names_both_sections(void **state)
{
    (void)state;
    assert_syntax_error("{{#a}}\n{{#b}}\n{{/a}}",
                        "page:3: mismatched section close 'a': 'b' (line 2) is open");
    assert_syntax_error("text\n{{/a}}", "page:2: mismatched section close 'a': no section is open");
}

static void lines_count_inside_multiline_tags(void **state)
{
    (void)state;
    assert_syntax_error("{{!\n\n}}\n{{#a}}", "page:4: unclosed section 'a'");
}

static void bad_names_are_rejected(void **state)
{
    (void)state;
    assert_syntax_error("{{}}", "page:1: tag without a name");
    assert_syntax_error("{{# }}", "page:1: tag without a name");
    assert_syntax_error("{{a b}}", "page:1: invalid name 'a b'");
    assert_syntax_error("{{a..b}}", "page:1: invalid name 'a..b'");
    assert_syntax_error("{{.a}}", "page:1: invalid name '.a'");
    assert_syntax_error("{{a.}}", "page:1: invalid name 'a.'");
    assert_syntax_error("{{>*a..b}}", "page:1: invalid name 'a..b'");
}

static void bad_set_delimiters_are_rejected(void **state)
{
    (void)state;
    assert_syntax_error("{{=<%=}}", "page:1: invalid set delimiters tag");
    assert_syntax_error("{{= a b c =}}", "page:1: invalid set delimiters tag");
    assert_syntax_error("{{= a= b =}}", "page:1: invalid set delimiters tag");
}

static void failed_compile_leaves_the_set_unchanged(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "page", "old");
    assert_int_equal(tmpl_set_add(set, "page", "{{#x}}", 6, NULL), GZ_EPARSE);
    assert_set_renders(set, "page", "{}", GZ_OK, "old");
    tmpl_set_free(set);
}

/* "{{#a}}" repeated levels times, then "x", then as many "{{/a}}". */
static char *nested_sections(size_t levels)
{
    gz_buf_t text = GZ_BUF_INIT;
    for (size_t i = 0; i < levels; i++)
        gz_buf_append_cstr(&text, "{{#a}}");
    gz_buf_append_cstr(&text, "x");
    for (size_t i = 0; i < levels; i++)
        gz_buf_append_cstr(&text, "{{/a}}");
    return gz_buf_detach(&text, NULL);
}

static void deep_nesting_fails_without_recursion(void **state)
{
    (void)state;
    char *text = nested_sections(10000);
    assert_syntax_error(text, "page:1: sections nested deeper than 100");
    free(text);
}

static void nesting_up_to_the_limit_works(void **state)
{
    (void)state;
    char *text = nested_sections(100);
    assert_renders(text, "{\"a\": true}", "x");
    free(text);
}

static void comments_may_hold_anything(void **state)
{
    (void)state;
    assert_renders("a{{! {{#x {{/y {{ \n }}b", "{}", "ab");
}

static void custom_delimiters_keep_triple_mustache(void **state)
{
    (void)state;
    assert_renders("{{=<% %>=}}<%{html}%> <%html%>", "{\"html\": \"<b>\"}", "<b> &lt;b&gt;");
}

static void empty_template_renders_nothing(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "empty", NULL, 0, NULL), GZ_OK);
    assert_set_renders(set, "empty", "{}", GZ_OK, "");
    tmpl_set_free(set);
}

static void text_with_nul_bytes_is_kept(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "bytes", "a\0b{{x}}", 8, NULL), GZ_OK);
    gz_buf_t out = GZ_BUF_INIT;
    json_t *data = parse_json("{\"x\": \"!\"}");
    assert_int_equal(tmpl_render(set, "bytes", data, &out), GZ_OK);
    assert_int_equal(out.len, 4);
    assert_memory_equal(out.data, "a\0b!", 4);
    json_decref(data);
    gz_buf_free(&out);
    tmpl_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unclosed_tag_names_template_and_line),
        cmocka_unit_test(unclosed_section_points_at_its_opening),
        cmocka_unit_test(mismatched_close_names_both_sections),
        cmocka_unit_test(lines_count_inside_multiline_tags),
        cmocka_unit_test(bad_names_are_rejected),
        cmocka_unit_test(bad_set_delimiters_are_rejected),
        cmocka_unit_test(failed_compile_leaves_the_set_unchanged),
        cmocka_unit_test(deep_nesting_fails_without_recursion),
        cmocka_unit_test(nesting_up_to_the_limit_works),
        cmocka_unit_test(comments_may_hold_anything),
        cmocka_unit_test(custom_delimiters_keep_triple_mustache),
        cmocka_unit_test(empty_template_renders_nothing),
        cmocka_unit_test(text_with_nul_bytes_is_kept),
    };
    return cmocka_run_group_tests_name("tmpl/compile", tests, NULL, NULL);
}
