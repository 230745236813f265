/* Unit tests of Markdown bodies: GitHub's extensions (tables,
 * strikethrough, autolinks, task lists) with raw HTML and unsafe links
 * still removed; the media references: the ids a body references,
 * references rendered as the caller's figures (in order, out of their
 * paragraphs, after a table when in one), unknown and malformed ones
 * rendering nothing, and the sanitizer still removing everything unsafe
 * around them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "content/content.h"

static const content_media_t LIBRARY[] = {
    {.id = 42, .kind = CONTENT_MEDIA_PICTURE, .stem = "2016/12/03/alalam_636163786258551197",
     .alt = "Library alt", .has_original = true},
    {.id = 7, .kind = CONTENT_MEDIA_PICTURE, .stem = "2016/12/04/alalam_636164000000000000",
     .alt = "Seven", .has_original = true},
};

static const content_media_t *resolve(void *context, int64_t id)
{
    int *calls = context;
    (*calls)++;
    for (size_t i = 0; i < sizeof LIBRARY / sizeof LIBRARY[0]; i++) {
        if (LIBRARY[i].id == id) {
            return &LIBRARY[i];
        }
    }
    return NULL;
}

/* A stand-in for the views' figure: the id and the alt, escaped. */
static void figure(void *context, const content_media_t *media, const char *alt, gz_buf_t *out)
{
    (void)context;
    gz_buf_printf(out, "<figure data-id=\"%lld\">", (long long)media->id);
    const char *shown = alt[0] != '\0' ? alt : media->alt;
    gz_buf_append_html(out, shown, strlen(shown));
    gz_buf_append_cstr(out, "</figure>");
}

static const char *render(const char *markdown, gz_buf_t *out, int *calls)
{
    content_media_hooks_t hooks = {.resolve = resolve, .figure = figure, .context = calls};
    gz_buf_reset(out);
    content_markdown_to_html_with_media(out, markdown, strlen(markdown), &hooks);
    return gz_buf_cstr(out);
}

static void ids_are_listed_once_in_order(void **state)
{
    (void)state;
    const char *body = "Intro ![a](media:42).\n\n![b](media:7)\n\n![again](media:42) "
                       "![bad](media:0) ![bad](media:x1) ![web](https://example.com/a.jpg) "
                       "[link](media:9)\n\n- ![in a list](media:1234567)\n";
    int64_t ids[8];
    assert_int_equal(content_markdown_media_ids(body, strlen(body), ids, 8), 3);
    assert_int_equal(ids[0], 42);
    assert_int_equal(ids[1], 7);
    assert_int_equal(ids[2], 1234567);
    assert_int_equal(content_markdown_media_ids(body, strlen(body), ids, 1), 3);
    assert_int_equal(ids[0], 42);
    assert_int_equal(content_markdown_media_ids("no pictures", 11, ids, 8), 0);
    assert_int_equal(content_markdown_media_ids(NULL, 0, ids, 8), 0);
}

static void a_reference_becomes_a_figure_block(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    int calls = 0;
    assert_string_equal(render("Before.\n\n![](media:42)\n\nAfter.", &out, &calls),
                        "<p>Before.</p>\n<figure data-id=\"42\">Library alt</figure>\n"
                        "<p>After.</p>\n");
    assert_int_equal(calls, 1);
    /* Inside a paragraph: the text stays, the figures follow it in order. */
    assert_string_equal(render("See ![first](media:42) and ![second](media:7) here.", &out,
                               &calls),
                        "<p>See  and  here.</p>\n<figure data-id=\"42\">first</figure>\n"
                        "<figure data-id=\"7\">second</figure>\n");
    gz_buf_free(&out);
}

static void unknown_and_malformed_references_render_nothing(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    int calls = 0;
    const char *html = render("A.\n\n![gone](media:99)\n\n![x](media:-1) ![y](MEDIA:042)\n\nB.",
                              &out, &calls);
    assert_string_equal(html, "<p>A.</p>\n<p>B.</p>\n");
    assert_int_equal(calls, 1); /* only the well-formed id was looked up */
    /* Without hooks (what is stored as body_html), never a broken image. */
    gz_buf_reset(&out);
    content_markdown_to_html(&out, "![x](media:42) text", 19);
    assert_string_equal(gz_buf_cstr(&out), "<p> text</p>\n");
    assert_null(strstr(gz_buf_cstr(&out), "<img"));
    gz_buf_free(&out);
}

static void the_sanitizer_still_strips_around_references(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    int calls = 0;
    const char *html = render("<script>alert(1)</script>\n\n"
                              "![\"><script>alert(2)</script>](media:42)\n\n"
                              "[x](javascript:alert(3)) <b>b</b> ![pic](https://example.com/p.jpg)",
                              &out, &calls);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "javascript:"));
    assert_null(strstr(html, "<b>"));
    assert_non_null(strstr(html, "raw HTML omitted"));
    /* The alt's raw HTML is dropped like any other; what is left is text. */
    assert_non_null(strstr(html, "<figure data-id=\"42\">&quot;&gt;alert(2)</figure>"));
    assert_non_null(strstr(html, "<img src=\"https://example.com/p.jpg\" alt=\"pic\" />"));
    gz_buf_free(&out);
}

static void references_in_lists_and_quotes_stay_inside_them(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    int calls = 0;
    assert_string_equal(render("> ![q](media:7)\n", &out, &calls),
                        "<blockquote>\n<figure data-id=\"7\">q</figure>\n</blockquote>\n");
    assert_string_equal(render("# Title ![h](media:7)\n", &out, &calls),
                        "<h1>Title </h1>\n<figure data-id=\"7\">h</figure>\n");
    gz_buf_free(&out);
}

static const char *plain(const char *markdown, gz_buf_t *out)
{
    gz_buf_reset(out);
    content_markdown_to_html(out, markdown, strlen(markdown));
    return gz_buf_cstr(out);
}

static void a_table_renders_with_its_header_and_alignment(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    assert_string_equal(plain("| City | Rain |\n| :-- | --: |\n| Aden | 12 mm |\n", &out),
                        "<table>\n<thead>\n<tr>\n<th align=\"left\">City</th>\n"
                        "<th align=\"right\">Rain</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
                        "<td align=\"left\">Aden</td>\n<td align=\"right\">12 mm</td>\n"
                        "</tr>\n</tbody>\n</table>\n");
    gz_buf_free(&out);
}

static void double_tildes_strike_and_single_ones_stay(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    assert_string_equal(plain("It was ~~Tuesday~~ Wednesday, ~5 km and ~6 km away.", &out),
                        "<p>It was <del>Tuesday</del> Wednesday, ~5 km and ~6 km away.</p>\n");
    gz_buf_free(&out);
}

static void bare_addresses_become_links(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    assert_string_equal(plain("See https://example.com/report?id=4. Or www.example.org", &out),
                        "<p>See <a href=\"https://example.com/report?id=4\">"
                        "https://example.com/report?id=4</a>. Or "
                        "<a href=\"http://www.example.org\">www.example.org</a></p>\n");
    /* A bare javascript: is text, never a link. */
    assert_string_equal(plain("javascript:alert(1)", &out), "<p>javascript:alert(1)</p>\n");
    gz_buf_free(&out);
}

static void task_lists_render_disabled_boxes(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    assert_string_equal(plain("- [x] Called the ministry\n- [ ] Photos\n", &out),
                        "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> "
                        "Called the ministry</li>\n<li><input type=\"checkbox\" disabled=\"\" /> "
                        "Photos</li>\n</ul>\n");
    gz_buf_free(&out);
}

static void raw_html_and_unsafe_links_are_still_removed(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    const char *html = plain("<script>alert(1)</script>\n\n"
                             "| a | b |\n| - | - |\n| <script>x()</script> | "
                             "[y](javascript:alert(2)) |\n\n"
                             "~~<iframe src=\"https://evil.example\">~~ <b>bold</b> "
                             "[z](vbscript:msgbox) ![i](data:text/html;base64,PHNjcmlwdD4=)",
                             &out);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<iframe"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "javascript:"));
    assert_null(strstr(html, "vbscript:"));
    assert_null(strstr(html, "data:text/html"));
    assert_non_null(strstr(html, "<table>"));
    assert_non_null(strstr(html, "<del><!-- raw HTML omitted --></del>"));
    gz_buf_free(&out);
}

static void a_reference_in_a_table_follows_the_table(void **state)
{
    (void)state;
    gz_buf_t out = GZ_BUF_INIT;
    int calls = 0;
    assert_string_equal(render("| a |\n| - |\n| ![cell](media:7) x |\n\nAfter.", &out, &calls),
                        "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n"
                        "<tr>\n<td> x</td>\n</tr>\n</tbody>\n</table>\n"
                        "<figure data-id=\"7\">cell</figure>\n<p>After.</p>\n");
    int64_t ids[2];
    const char *body = "| a |\n| - |\n| ~~![s](media:42)~~ |\n";
    assert_int_equal(content_markdown_media_ids(body, strlen(body), ids, 2), 1);
    assert_int_equal(ids[0], 42);
    gz_buf_free(&out);
}

/* A stand-in for the views' embed hook: youtu.be addresses only. */
static void embed(void *context, const char *url, gz_buf_t *out)
{
    (void)context;
    if (strncmp(url, "https://youtu.be/", 17) == 0) {
        gz_buf_append_cstr(out, "<figure>");
        gz_buf_append_html(out, url, strlen(url));
        gz_buf_append_cstr(out, "</figure>");
    }
}

static void a_pasted_address_goes_through_the_embed_hook(void **state)
{
    (void)state;
    content_media_hooks_t hooks = {.resolve = resolve, .figure = figure, .embed = embed};
    gz_buf_t out = GZ_BUF_INIT;
    const char *body = "A.\n\nhttps://youtu.be/x1\n\n<https://youtu.be/x2>\n\n"
                       "  https://youtu.be/x3  \n\nSee https://youtu.be/x4\n\n"
                       "[words](https://youtu.be/x5)\n\nhttps://example.com/x6\n\n"
                       "> https://youtu.be/x7\n\nwww.youtube.com/x8";
    content_markdown_to_html_with_media(&out, body, strlen(body), &hooks);
    assert_string_equal(gz_buf_cstr(&out),
                        "<p>A.</p>\n<figure>https://youtu.be/x1</figure>\n"
                        "<figure>https://youtu.be/x2</figure>\n"
                        "<figure>https://youtu.be/x3</figure>\n"
                        "<p>See <a href=\"https://youtu.be/x4\">https://youtu.be/x4</a></p>\n"
                        "<p><a href=\"https://youtu.be/x5\">words</a></p>\n"
                        "<p><a href=\"https://example.com/x6\">https://example.com/x6</a></p>\n"
                        "<blockquote>\n<p><a href=\"https://youtu.be/x7\">https://youtu.be/x7</a>"
                        "</p>\n</blockquote>\n"
                        "<p><a href=\"http://www.youtube.com/x8\">www.youtube.com/x8</a></p>\n");
    /* Without the hook (feeds, the stored body) every address stays a link. */
    gz_buf_reset(&out);
    content_markdown_to_html(&out, "https://youtu.be/x1", 19);
    assert_string_equal(gz_buf_cstr(&out),
                        "<p><a href=\"https://youtu.be/x1\">https://youtu.be/x1</a></p>\n");
    gz_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ids_are_listed_once_in_order),
        cmocka_unit_test(a_reference_becomes_a_figure_block),
        cmocka_unit_test(unknown_and_malformed_references_render_nothing),
        cmocka_unit_test(the_sanitizer_still_strips_around_references),
        cmocka_unit_test(references_in_lists_and_quotes_stay_inside_them),
        cmocka_unit_test(a_table_renders_with_its_header_and_alignment),
        cmocka_unit_test(double_tildes_strike_and_single_ones_stay),
        cmocka_unit_test(bare_addresses_become_links),
        cmocka_unit_test(task_lists_render_disabled_boxes),
        cmocka_unit_test(raw_html_and_unsafe_links_are_still_removed),
        cmocka_unit_test(a_reference_in_a_table_follows_the_table),
        cmocka_unit_test(a_pasted_address_goes_through_the_embed_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
