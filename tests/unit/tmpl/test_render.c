/*
 * test_render.c: rendering behaviour the spec leaves to the engine (value
 * formats, what is falsy, escaping of ') or does not cover (limits, errors,
 * reuse, threads), and the theme layouts Gazette relies on.
 */
#include "tmpl_test_support.h"

#include <pthread.h>

static void escapes_html_including_apostrophe(void **state)
{
    (void)state;
    assert_renders("{{v}}", "{\"v\": \"<a href='x'>&\\\"\"}",
                   "&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
    assert_renders("{{{v}}}|{{&v}}", "{\"v\": \"<b>'&\"}", "<b>'&|<b>'&");
}

static void numbers_use_their_shortest_form(void **state)
{
    (void)state;
    assert_renders("{{a}} {{b}} {{c}} {{d}}", "{\"a\": 85, \"b\": -3, \"c\": 1.21, \"d\": 3.0}",
                   "85 -3 1.21 3");
    assert_renders("{{x}}", "{\"x\": 0.30000000000000004}", "0.30000000000000004");
    assert_renders("{{x}}", "{\"x\": 1e21}", "1e+21");
    assert_renders("{{x}}", "{\"x\": 9007199254740993}", "9007199254740993");
}

static void booleans_print_as_words_and_containers_as_nothing(void **state)
{
    (void)state;
    assert_renders("{{t}} {{f}} [{{o}}] [{{a}}] [{{n}}]",
                   "{\"t\": true, \"f\": false, \"o\": {\"x\": 1}, \"a\": [1], \"n\": null}",
                   "true false [] [] []");
}

static void empty_and_zero_values_are_falsy(void **state)
{
    (void)state;
    const char *template_text = "{{#v}}yes{{/v}}{{^v}}no{{/v}}";
    const char *falsy[] = {"{\"v\": \"\"}", "{\"v\": 0}", "{\"v\": 0.0}", "{\"v\": null}",
                           "{\"v\": false}", "{\"v\": []}", "{}"};
    for (size_t i = 0; i < sizeof falsy / sizeof *falsy; i++)
        assert_renders(template_text, falsy[i], "no");
    const char *truthy[] = {"{\"v\": \"0\"}", "{\"v\": 1}", "{\"v\": {}}", "{\"v\": true}",
                            "{\"v\": [false]}"};
    for (size_t i = 0; i < sizeof truthy / sizeof *truthy; i++)
        assert_renders(template_text, truthy[i], "yes");
}

static void dotted_names_index_arrays(void **state)
{
    (void)state;
    const char *data = "{\"items\": [{\"title\": \"first\"}, {\"title\": \"second\"}]}";
    assert_renders("{{items.1.title}}|{{items.2.title}}|{{items.x.title}}", data, "second||");
}

static void sections_push_scalars(void **state)
{
    (void)state;
    assert_renders("{{#name}}<{{.}}>{{/name}}", "{\"name\": \"Ann\"}", "<Ann>");
}

static void null_data_renders_names_as_empty(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "page", "[{{a}}{{.}}{{#a}}x{{/a}}{{^a}}y{{/a}}]");
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(tmpl_render(set, "page", NULL, &out), GZ_OK);
    assert_string_equal(gz_buf_cstr(&out), "[y]");
    gz_buf_free(&out);
    tmpl_set_free(set);
}

static void same_template_renders_twice_alike(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "list", "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n</ul>\n");
    json_t *data = parse_json("{\"items\": [{\"name\": \"a\"}, {\"name\": \"b&c\"}]}");
    gz_buf_t first = GZ_BUF_INIT;
    gz_buf_t second = GZ_BUF_INIT;
    assert_int_equal(tmpl_render(set, "list", data, &first), GZ_OK);
    assert_int_equal(tmpl_render(set, "list", data, &second), GZ_OK);
    assert_string_equal(gz_buf_cstr(&first), "<ul>\n  <li>a</li>\n  <li>b&amp;c</li>\n</ul>\n");
    assert_string_equal(gz_buf_cstr(&first), gz_buf_cstr(&second));
    assert_set_renders(set, "list", "{\"items\": []}", GZ_OK, "<ul>\n</ul>\n");
    json_decref(data);
    gz_buf_free(&first);
    gz_buf_free(&second);
    tmpl_set_free(set);
}

static void output_is_appended(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "page", "{{x}}");
    gz_buf_t out = GZ_BUF_INIT;
    gz_buf_append_cstr(&out, "before:");
    json_t *data = parse_json("{\"x\": \"after\"}");
    assert_int_equal(tmpl_render(set, "page", data, &out), GZ_OK);
    assert_string_equal(gz_buf_cstr(&out), "before:after");
    json_decref(data);
    gz_buf_free(&out);
    tmpl_set_free(set);
}

static void missing_template_is_not_found(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "page", "[{{>nothing}}{{>*name}}]");
    assert_set_renders(set, "absent", "{}", GZ_ENOTFOUND, NULL);
    assert_set_renders(set, "page", "{\"name\": 42}", GZ_OK, "[]");
    tmpl_set_free(set);
}

static void self_including_partial_stops_with_an_error(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "self", "x{{>self}}");
    gz_buf_t out = GZ_BUF_INIT;
    gz_buf_append_cstr(&out, "kept");
    json_t *data = parse_json("{}");
    assert_int_equal(tmpl_render(set, "self", data, &out), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&out), "kept"); /* no half page */
    json_decref(data);
    gz_buf_free(&out);
    tmpl_set_free(set);
}

/* {"child": {"child": ... {"name": "leaf", "child": null}}}, depth levels
 * of "child" above the leaf. (Without "child": null the leaf would find its
 * parent's "child" on the context stack and recurse until the limit.) */
static json_t *nested_data(size_t depth)
{
    json_t *data = json_pack("{s:s, s:n}", "name", "leaf", "child");
    for (size_t i = 0; i < depth; i++)
        data = json_pack("{s:o}", "child", data);
    return data;
}

static void recursive_partial_follows_data_up_to_the_limit(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "node", "({{name}}{{#child}}{{>node}}{{/child}})");
    json_t *shallow = nested_data(3);
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(tmpl_render(set, "node", shallow, &out), GZ_OK);
    assert_string_equal(gz_buf_cstr(&out), "((((leaf))))");
    json_t *deep = nested_data(1000);
    gz_buf_reset(&out);
    assert_int_equal(tmpl_render(set, "node", deep, &out), GZ_EINVAL);
    assert_int_equal(out.len, 0);
    json_decref(shallow);
    json_decref(deep);
    gz_buf_free(&out);
    tmpl_set_free(set);
}

static void context_stack_has_a_limit(void **state)
{
    (void)state;
    gz_buf_t text = GZ_BUF_INIT;
    for (int i = 0; i < 100; i++)
        gz_buf_append_cstr(&text, "{{#a}}");
    gz_buf_append_cstr(&text, "{{>deep}}");
    for (int i = 0; i < 100; i++)
        gz_buf_append_cstr(&text, "{{/a}}");
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "deep", gz_buf_cstr(&text));
    assert_set_renders(set, "deep", "{\"a\": true}", GZ_EINVAL, NULL);
    gz_buf_free(&text);
    tmpl_set_free(set);
}

static void exponential_partials_stop_with_an_error(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "twice", "{{>twice}}{{>twice}}");
    assert_set_renders(set, "twice", "{}", GZ_EINVAL, NULL);
    tmpl_set_free(set);
}

static void nested_loops_over_one_list_stop_with_an_error(void **state)
{
    (void)state;
    gz_buf_t text = GZ_BUF_INIT;
    for (int i = 0; i < 50; i++)
        gz_buf_append_cstr(&text, "{{#list}}");
    for (int i = 0; i < 50; i++)
        gz_buf_append_cstr(&text, "{{/list}}");
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "loops", gz_buf_cstr(&text));
    assert_set_renders(set, "loops", "{\"list\": [1, 2, 3, 4, 5, 6, 7, 8]}", GZ_EINVAL, NULL);
    assert_set_renders(set, "loops", "{\"list\": [1]}", GZ_OK, "");
    gz_buf_free(&text);
    tmpl_set_free(set);
}

static void standalone_partials_indent_nested_lines(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "page", "<body>\n  {{>list}}\n</body>\n");
    add_template(set, "list", "<ul>\n  {{#items}}\n  {{>item}}\n  {{/items}}\n</ul>\n");
    add_template(set, "item", "<li>\n  {{.}}\n</li>\n");
    assert_set_renders(set, "page", "{\"items\": [1, 2]}", GZ_OK,
                       "<body>\n  <ul>\n    <li>\n      1\n    </li>\n    <li>\n      2\n"
                       "    </li>\n  </ul>\n</body>\n");
    tmpl_set_free(set);
}

/* The way a theme uses inheritance: pages extend one layout. */
static void pages_extend_a_layout(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "layout",
                 "<html>\n"
                 "  <title>{{$title}}Gazette{{/title}}</title>\n"
                 "  <body>\n"
                 "    {{$body}}\n"
                 "    <p>nothing here</p>\n"
                 "    {{/body}}\n"
                 "    {{>footer}}\n"
                 "  </body>\n"
                 "</html>\n");
    add_template(set, "footer", "<footer>{{$footer}}(c){{/footer}}</footer>\n");
    add_template(set, "article",
                 "{{<layout}}\n"
                 "{{$title}}{{headline}} - Gazette{{/title}}\n"
                 "{{$body}}\n"
                 "<h1>{{headline}}</h1>\n"
                 "<p>{{lede}}</p>\n"
                 "{{/body}}\n"
                 "{{$footer}}(c) {{year}}{{/footer}}\n"
                 "{{/layout}}\n");
    assert_set_renders(set, "article",
                       "{\"headline\": \"Rain & wind\", \"lede\": \"Storm.\", \"year\": 2016}",
                       GZ_OK,
                       "<html>\n"
                       "  <title>Rain &amp; wind - Gazette</title>\n"
                       "  <body>\n"
                       "    <h1>Rain &amp; wind</h1>\n"
                       "    <p>Storm.</p>\n"
                       "    <footer>(c) 2016</footer>\n"
                       "  </body>\n"
                       "</html>\n");
    assert_set_renders(set, "layout", "{}", GZ_OK,
                       "<html>\n  <title>Gazette</title>\n  <body>\n    <p>nothing here</p>\n"
                       "    <footer>(c)</footer>\n  </body>\n</html>\n");
    tmpl_set_free(set);
}

static void dynamic_parent_picks_layout_from_data(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "wide", "[wide {{$x}}{{/x}}]");
    add_template(set, "narrow", "[narrow {{$x}}{{/x}}]");
    add_template(set, "page", "{{<*layout}}{{$x}}body{{/x}}{{/*layout}}");
    assert_set_renders(set, "page", "{\"layout\": \"narrow\"}", GZ_OK, "[narrow body]");
    assert_set_renders(set, "page", "{\"layout\": \"wide\"}", GZ_OK, "[wide body]");
    tmpl_set_free(set);
}

typedef struct {
    const tmpl_set_t *set;
    json_t *data;
    const char *expected;
    int mismatches;
} thread_job_t;

static void *render_many(void *argument)
{
    thread_job_t *job = argument;
    gz_buf_t out = GZ_BUF_INIT;
    for (int i = 0; i < 2000; i++) {
        gz_buf_reset(&out);
        if (tmpl_render(job->set, "page", job->data, &out) != GZ_OK ||
            strcmp(gz_buf_cstr(&out), job->expected) != 0)
            job->mismatches++;
    }
    gz_buf_free(&out);
    return NULL;
}

static void threads_render_one_set_at_once(void **state)
{
    (void)state;
    tmpl_set_t *set = tmpl_set_new();
    add_template(set, "page", "{{#items}}  {{>item}}\n{{/items}}");
    add_template(set, "item", "<{{.}}>\n");
    json_t *data = parse_json("{\"items\": [\"a\", \"b\", \"c\"]}");
    thread_job_t jobs[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job_t){set, data, "  <a>\n\n  <b>\n\n  <c>\n\n", 0};
        assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(jobs[i].mismatches, 0);
    }
    json_decref(data);
    tmpl_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_html_including_apostrophe),
        cmocka_unit_test(numbers_use_their_shortest_form),
        cmocka_unit_test(booleans_print_as_words_and_containers_as_nothing),
        cmocka_unit_test(empty_and_zero_values_are_falsy),
        cmocka_unit_test(dotted_names_index_arrays),
        cmocka_unit_test(sections_push_scalars),
        cmocka_unit_test(null_data_renders_names_as_empty),
        cmocka_unit_test(same_template_renders_twice_alike),
        cmocka_unit_test(output_is_appended),
        cmocka_unit_test(missing_template_is_not_found),
        cmocka_unit_test(self_including_partial_stops_with_an_error),
        cmocka_unit_test(recursive_partial_follows_data_up_to_the_limit),
        cmocka_unit_test(context_stack_has_a_limit),
        cmocka_unit_test(exponential_partials_stop_with_an_error),
        cmocka_unit_test(nested_loops_over_one_list_stop_with_an_error),
        cmocka_unit_test(standalone_partials_indent_nested_lines),
        cmocka_unit_test(pages_extend_a_layout),
        cmocka_unit_test(dynamic_parent_picks_layout_from_data),
        cmocka_unit_test(threads_render_one_set_at_once),
    };
    return cmocka_run_group_tests_name("tmpl/render", tests, NULL, NULL);
}
