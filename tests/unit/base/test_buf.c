/* Growable buffers and the HTML/JSON escapers. */
#include "test_support.h"

static void test_empty_buffer_reads_as_empty_string(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    assert_string_equal(gz_buf_cstr(&buf), "");
    assert_int_equal(gz_buf_str(&buf).len, 0);
    assert_non_null(gz_buf_str(&buf).ptr);
    gz_buf_append(&buf, NULL, 0);
    assert_null(buf.data);
    gz_buf_reset(&buf);
    gz_buf_free(&buf);
}

static void test_append_keeps_nul_terminated(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append(&buf, "Alalam", 6);
    assert_int_equal(buf.len, 6);
    assert_int_equal(buf.data[6], '\0');
    gz_buf_append_char(&buf, ' ');
    gz_buf_append_cstr(&buf, "- ");
    gz_buf_append_cstr(&buf, NULL);
    gz_buf_append_str(&buf, GZ_STR("Syria"));
    assert_string_equal(gz_buf_cstr(&buf), "Alalam - Syria");
    assert_int_equal(buf.len, strlen("Alalam - Syria"));
    assert_true(buf.cap > buf.len);
    gz_buf_free(&buf);
    assert_null(buf.data);
    assert_int_equal(buf.len, 0);
    assert_int_equal(buf.cap, 0);
}

static void test_append_keeps_embedded_nul(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append(&buf, "a\0b", 3);
    assert_int_equal(gz_buf_str(&buf).len, 3);
    assert_memory_equal(buf.data, "a\0b\0", 4);
    gz_buf_free(&buf);
}

static void test_growth_to_a_megabyte(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    size_t reallocations = 0;
    size_t last_cap = 0;
    for (size_t i = 0; i < 1024 * 1024; i++) {
        gz_buf_append_char(&buf, (char)('a' + i % 26));
        if (buf.cap != last_cap) {
            reallocations++;
            last_cap = buf.cap;
        }
    }
    assert_int_equal(buf.len, 1024 * 1024);
    assert_int_equal(buf.data[buf.len], '\0');
    assert_int_equal(buf.data[26 * 1000 + 3], 'd');
    /* Doubling: about log2(1 MiB / 64) reallocations, not thousands. */
    assert_true(reallocations <= 20);
    gz_buf_free(&buf);
}

static void test_reserve_gives_room_without_changing_content(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append_cstr(&buf, "x");
    gz_buf_reserve(&buf, 1000);
    assert_true(buf.cap >= 1002);
    assert_string_equal(buf.data, "x");
    size_t cap = buf.cap;
    gz_buf_reserve(&buf, 10);
    assert_int_equal(buf.cap, cap);
    gz_buf_free(&buf);
}

static void test_printf_short_and_long(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_printf(&buf, "%s - %d", "SA", 12);
    assert_string_equal(gz_buf_cstr(&buf), "SA - 12");
    char long_text[3000];
    memset(long_text, 'z', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    gz_buf_printf(&buf, "[%s]", long_text);
    assert_int_equal(buf.len, 7 + 2 + 2999);
    assert_int_equal(buf.data[7], '[');
    assert_int_equal(buf.data[buf.len - 1], ']');
    assert_int_equal(buf.data[buf.len], '\0');
    gz_buf_printf(&buf, "%s", "");
    assert_int_equal(buf.len, 7 + 2 + 2999);
    gz_buf_free(&buf);
}

static void test_reset_keeps_memory(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append_cstr(&buf, "some text");
    char *memory = buf.data;
    size_t cap = buf.cap;
    gz_buf_reset(&buf);
    assert_int_equal(buf.len, 0);
    assert_string_equal(gz_buf_cstr(&buf), "");
    assert_ptr_equal(buf.data, memory);
    assert_int_equal(buf.cap, cap);
    gz_buf_free(&buf);
}

static void test_detach_hands_over_memory(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append_cstr(&buf, "owned");
    size_t len = 0;
    char *text = gz_buf_detach(&buf, &len);
    assert_string_equal(text, "owned");
    assert_int_equal(len, 5);
    assert_null(buf.data);
    assert_int_equal(buf.len, 0);
    free(text);

    char *empty = gz_buf_detach(&buf, NULL);
    assert_non_null(empty);
    assert_string_equal(empty, "");
    free(empty);
}

static void test_html_escape(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    const char *text = "<a href=\"x\">Tom & Jerry's</a>";
    gz_buf_append_html(&buf, text, strlen(text));
    assert_string_equal(gz_buf_cstr(&buf),
                        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    gz_buf_reset(&buf);
    /* UTF-8 and plain text pass through; an entity-looking text is escaped again. */
    const char *arabic = "\xe2\x80\x9cحلب\xe2\x80\x9d &amp;";
    gz_buf_append_html(&buf, arabic, strlen(arabic));
    assert_string_equal(gz_buf_cstr(&buf), "\xe2\x80\x9cحلب\xe2\x80\x9d &amp;amp;");
    gz_buf_reset(&buf);
    gz_buf_append_html(&buf, "", 0);
    assert_string_equal(gz_buf_cstr(&buf), "");
    gz_buf_append_html(&buf, "&&", 2);
    assert_string_equal(gz_buf_cstr(&buf), "&amp;&amp;");
    gz_buf_free(&buf);
}

static void test_json_escape(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    const char *text = "say \"hi\"\\ \n\t\r\b\f\x01\x1f\x7f end";
    gz_buf_append_json(&buf, text, strlen(text));
    assert_string_equal(gz_buf_cstr(&buf),
                        "say \\\"hi\\\"\\\\ \\n\\t\\r\\b\\f\\u0001\\u001f\x7f end");
    gz_buf_reset(&buf);
    gz_buf_append_json(&buf, "a\0b", 3);
    assert_string_equal(gz_buf_cstr(&buf), "a\\u0000b");
    gz_buf_free(&buf);
}

static void test_json_escape_is_safe_in_script_blocks(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    const char *text = "</script><!-- a&b -->";
    gz_buf_append_json(&buf, text, strlen(text));
    assert_string_equal(gz_buf_cstr(&buf),
                        "\\u003c/script\\u003e\\u003c!-- a\\u0026b --\\u003e");
    gz_buf_reset(&buf);
    /* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR; other
     * E2 80 xx characters (the quotes) stay as they are. */
    const char *separators = "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c\xe2\x80\x9c" "d\xe2\x80";
    gz_buf_append_json(&buf, separators, strlen(separators));
    assert_string_equal(gz_buf_cstr(&buf),
                        "a\\u2028b\\u2029c\xe2\x80\x9c" "d\xe2\x80");
    gz_buf_free(&buf);
}

static void reserve_too_much(void *argument)
{
    (void)argument;
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append_cstr(&buf, "abc");
    gz_buf_reserve(&buf, SIZE_MAX - 2);
}

static void test_reserve_overflow_is_fatal(void **state)
{
    (void)state;
    expect_fatal(reserve_too_much, NULL, "buffer size overflow");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_buffer_reads_as_empty_string),
        cmocka_unit_test(test_append_keeps_nul_terminated),
        cmocka_unit_test(test_append_keeps_embedded_nul),
        cmocka_unit_test(test_growth_to_a_megabyte),
        cmocka_unit_test(test_reserve_gives_room_without_changing_content),
        cmocka_unit_test(test_printf_short_and_long),
        cmocka_unit_test(test_reset_keeps_memory),
        cmocka_unit_test(test_detach_hands_over_memory),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_json_escape_is_safe_in_script_blocks),
        cmocka_unit_test(test_reserve_overflow_is_fatal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
