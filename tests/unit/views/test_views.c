/* Unit tests of the views: plain content structs in, view models out,
 * checked field by field. No store and no templates are involved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/json_path.h"

#include "views/views.h"

static content_related_t sample_related[] = {
    {.id = 1892278, .sort_key = 3677926, .content_type_id = 21, .content_type_slug = "video",
     .content_type_name = "Video", .slug = "russia-delivers",
     .headline = "Russia Delivers Over 5 Tonnes of Humanitarian Aid to Syria",
     .lead_image = "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg"},
    {.id = 1893125, .sort_key = 3677927, .content_type_id = 1, .content_type_slug = "article",
     .content_type_name = "Article", .slug = "russia-keeps",
     .headline = "Russia Keeps up Support", .lead_image = NULL},
};

static content_article_t sample_article(void)
{
    content_article_t article = {
        .id = 5,
        .slug = "militant-rocket-attacks",
        .headline = "Militant Rocket Attacks <Kill> 7",
        .summary = "Militant rocket fire has killed",
        .body_html = "<p>The victims</p>\n",
        .dateline = "Alalam",
        .language = "en",
        .editor_code = "SA - 12",
        .status = CONTENT_PUBLISHED,
        .published_at = 1481098187, /* 2016-12-07T08:09:47Z */
        .updated_at = 1481098200,
        .section = {.id = 3, .slug = "syria", .name = "Syria"},
        .content_type = {.id = 21, .slug = "video", .name = "Video", .headline_prefix = "VIDEO"},
        .related = sample_related,
        .related_count = 2,
    };
    return article;
}

/* Pretends only the first sample picture is in the media store. */
static void fake_media(void *context, const char *path, gz_buf_t *out)
{
    (void)context;
    if (strstr(path, "636163786258551197") != NULL) {
        gz_buf_printf(out, "/media%s", path);
    }
}

static views_site_t site(void)
{
    static const content_section_t sections[] = {{.id = 1, .slug = "world", .name = "World"}, {.id = 3, .slug = "syria", .name = "Syria"}};
    return (views_site_t){.name = "Gazette", .url = "https://news.example", .language = "en",
                          .time_format = "%a %b %-d, %Y %H:%M:%S", .sections = sections,
                          .section_count = 2, .image_url = fake_media, .now = 1764000000};
}

static void article_page_has_every_part(void **state)
{
    (void)state;
    gz_time_set_zone("UTC");
    views_site_t s = site();
    content_article_t article = sample_article();
    json_t *model = views_article_page(&s, &article);
    assert_string_equal(json_text_at(model, "article.headline"), "Militant Rocket Attacks <Kill> 7");
    assert_string_equal(json_text_at(model, "article.kicker"), "Video");
    assert_string_equal(json_text_at(model, "article.published_display"), "Wed Dec 7, 2016 08:09:47");
    assert_string_equal(json_text_at(model, "article.published_iso"), "2016-12-07T08:09:47Z");
    assert_string_equal(json_text_at(model, "article.dateline"), "Alalam");
    assert_string_equal(json_text_at(model, "article.section.url"), "/section/syria");
    assert_string_equal(json_text_at(model, "article.editor_code"), "SA - 12");
    assert_string_equal(json_text_at(model, "article.url"), "/news/5/militant-rocket-attacks");
    assert_string_equal(json_text_at(model, "page.canonical"),
                        "https://news.example/news/5/militant-rocket-attacks");
    assert_string_equal(json_text_at(model, "page.dir"), "ltr");
    assert_true(json_is_true(json_at(model, "article.has_related")));
    json_decref(model);
}

static void article_page_lists_notes_oldest_first(void **state)
{
    (void)state;
    gz_time_set_zone("UTC");
    views_site_t s = site();
    content_article_t article = sample_article();
    json_t *model = views_article_page(&s, &article);
    assert_true(json_is_false(json_object_get(json_object_get(model, "article"), "has_notes")));
    json_decref(model);

    content_note_t notes[] = {
        {.kind = CONTENT_NOTE_CORRECTION,
         .text = "It was <b>7</b>, not 8.",
         .created_at = 1481098187},
        {.kind = CONTENT_NOTE_UPDATE, .text = "Talks resume.", .created_at = 1481184587},
    };
    article.notes = notes;
    article.note_count = 2;
    model = views_article_page(&s, &article);
    assert_true(json_is_true(json_object_get(json_object_get(model, "article"), "has_notes")));
    assert_string_equal(json_text_at(model, "article.notes.0.kind_label"), "Correction");
    assert_string_equal(json_text_at(model, "article.notes.0.kind"), "correction");
    assert_string_equal(json_text_at(model, "article.notes.0.text"), "It was <b>7</b>, not 8.");
    assert_string_equal(json_text_at(model, "article.notes.0.date_display"),
                        "Wed Dec 7, 2016 08:09:47");
    assert_string_equal(json_text_at(model, "article.notes.0.date_iso"), "2016-12-07T08:09:47Z");
    assert_string_equal(json_text_at(model, "article.notes.1.kind_label"), "Update");
    assert_string_equal(json_text_at(model, "article.notes.1.date_iso"), "2016-12-08T08:09:47Z");
    json_decref(model);
}

static void related_widget_uses_media_or_placeholder(void **state)
{
    (void)state;
    views_site_t s = site();
    content_article_t article = sample_article();
    json_t *model = views_article_page(&s, &article);
    assert_string_equal(json_text_at(model, "article.related.0.url"), "/news/1892278/russia-delivers");
    assert_string_equal(json_text_at(model, "article.related.0.image.url"),
                        "/media/2016/12/03/alalam_636163786258551197_25f_4x3.jpg");
    assert_string_equal(json_text_at(model, "article.related.0.kicker"), "Video");
    assert_null(json_text_at(model, "article.related.1.image.url"));
    assert_true(json_is_true(json_at(model, "article.related.1.image.placeholder")));
    assert_true(json_is_false(json_at(model, "article.related.1.kicker")));
    json_decref(model);
}

static void legacy_related_is_all_strings_in_order(void **state)
{
    (void)state;
    content_article_t article = sample_article();
    json_t *legacy = views_related_legacy(&article);
    char *text = json_dumps(legacy, JSON_COMPACT);
    assert_string_equal(text,
                        "[{\"id\":\"1892278\",\"sort\":\"3677926\",\"contenttypeid\":\"21\","
                        "\"pic\":\"/2016/12/03/alalam_636163786258551197_25f_4x3.jpg\","
                        "\"title\":\"Russia Delivers Over 5 Tonnes of Humanitarian Aid to Syria\"},"
                        "{\"id\":\"1893125\",\"sort\":\"3677927\",\"contenttypeid\":\"1\","
                        "\"pic\":\"\",\"title\":\"Russia Keeps up Support\"}]");
    free(text);
    json_decref(legacy);
}

static void right_to_left_languages(void **state)
{
    (void)state;
    assert_string_equal(views_text_direction("ar"), "rtl");
    assert_string_equal(views_text_direction("ar-EG"), "rtl");
    assert_string_equal(views_text_direction("fa"), "rtl");
    assert_string_equal(views_text_direction("en"), "ltr");
    assert_string_equal(views_text_direction("arn"), "ltr");
    assert_string_equal(views_text_direction(NULL), "ltr");
}

static void front_page_lead_cards_and_pagination(void **state)
{
    (void)state;
    views_site_t s = site();
    content_article_t items[3] = {sample_article(), sample_article(), sample_article()};
    items[1].id = 6;
    items[2].id = 7;
    content_article_list_t list = {.items = items, .count = 3, .total = 10};
    json_t *model = views_front_page(&s, NULL, &list, 1, 3);
    assert_string_equal(json_text_at(model, "lead.url"), "/news/5/militant-rocket-attacks");
    assert_int_equal(json_array_size(json_object_get(model, "articles")), 2);
    assert_string_equal(json_text_at(model, "pagination.next_url"), "/?page=2");
    assert_null(json_text_at(model, "pagination.previous_url"));
    json_decref(model);

    content_section_t syria = {.id = 3, .slug = "syria", .name = "Syria"};
    model = views_front_page(&s, &syria, &list, 2, 3);
    assert_null(json_object_get(model, "lead"));
    assert_string_equal(json_text_at(model, "pagination.previous_url"), "/section/syria");
    assert_string_equal(json_text_at(model, "pagination.next_url"), "/section/syria?page=3");
    assert_string_equal(json_text_at(model, "nav.1.name"), "Syria");
    assert_true(json_is_true(json_at(model, "nav.1.current")));
    json_decref(model);
}

static void article_json_for_the_api(void **state)
{
    (void)state;
    views_site_t s = site();
    content_article_t article = sample_article();
    json_t *json = views_article_json(&s, &article);
    assert_string_equal(json_text_at(json, "url"), "https://news.example/news/5/militant-rocket-attacks");
    assert_string_equal(json_text_at(json, "content_type.slug"), "video");
    assert_string_equal(json_text_at(json, "published"), "2016-12-07T08:09:47Z");
    assert_int_equal(json_integer_value(json_at(json, "related.1")), 1893125);
    json_decref(json);
}

/* Navigation: in the given order, hidden sections (and the children of
 * hidden ones) left out, children under their parent; a section's front
 * shows its description; the section sitemap skips hidden ones. */
static void navigation_nests_children_and_hides_archives(void **state)
{
    (void)state;
    static const content_section_t sections[] = {
        {.id = 4, .slug = "sport", .name = "Sport"},
        {.id = 5, .slug = "football", .name = "Football", .parent_id = 4},
        {.id = 1, .slug = "world", .name = "World"},
        {.id = 6, .slug = "archive", .name = "Archive", .hidden = true},
        {.id = 7, .slug = "old", .name = "Old", .parent_id = 6},
        {.id = 8, .slug = "quiet", .name = "Quiet", .parent_id = 4, .hidden = true},
    };
    views_site_t s = site();
    s.sections = sections;
    s.section_count = 6;
    content_article_list_t list = {0};
    content_section_t football = sections[1];
    football.description = "Every <match>.";
    json_t *model = views_front_page(&s, &football, &list, 1, 3);
    assert_int_equal(json_array_size(json_object_get(model, "nav")), 2);
    assert_string_equal(json_text_at(model, "nav.0.name"), "Sport");
    assert_true(json_is_false(json_at(model, "nav.0.current")));
    assert_int_equal(json_array_size(json_at(model, "nav.0.children")), 1);
    assert_string_equal(json_text_at(model, "nav.0.children.0.url"), "/section/football");
    assert_true(json_is_true(json_at(model, "nav.0.children.0.current")));
    assert_string_equal(json_text_at(model, "nav.1.name"), "World");
    assert_null(json_at(model, "nav.1.children"));
    assert_string_equal(json_text_at(model, "section.description"), "Every <match>.");
    json_decref(model);

    gz_buf_t xml = GZ_BUF_INIT;
    views_sitemap_sections(&s, NULL, &xml);
    assert_non_null(strstr(gz_buf_cstr(&xml), "/section/football</loc>"));
    assert_null(strstr(gz_buf_cstr(&xml), "/section/archive"));
    assert_null(strstr(gz_buf_cstr(&xml), "/section/old"));
    assert_null(strstr(gz_buf_cstr(&xml), "/section/quiet"));
    gz_buf_free(&xml);
}

/* The last separator is " and " over the authors actually named, even
 * when one in the list cannot be shown (no name) or linked (no slug). */
static void bylines_join_the_authors_shown(void **state)
{
    (void)state;
    content_author_t authors[] = {{.id = 1, .slug = "jane", .name = "Jane"},
                                  {.id = 2, .slug = "nameless"},
                                  {.id = 3, .name = "Omar"},
                                  {.id = 4, .slug = "alalam", .name = "Alalam"}};
    content_article_t article = {.authors = authors, .author_count = 4};
    gz_buf_t text = GZ_BUF_INIT;
    views_byline_append(&text, &article);
    assert_string_equal(gz_buf_cstr(&text), "Jane, Omar and Alalam");
    json_t *byline = views_byline(NULL, &article);
    json_t *linked = json_object_get(byline, "authors");
    assert_int_equal(json_array_size(linked), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(linked, 1), "separator")),
                        " and ");
    assert_string_equal(json_string_value(json_object_get(json_array_get(linked, 1), "url")),
                        "/author/alalam");
    json_decref(byline);
    article.byline = "By our correspondent";
    gz_buf_reset(&text);
    views_byline_append(&text, &article);
    assert_string_equal(gz_buf_cstr(&text), "By our correspondent");
    gz_buf_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(article_page_has_every_part),
        cmocka_unit_test(related_widget_uses_media_or_placeholder),
        cmocka_unit_test(legacy_related_is_all_strings_in_order),
        cmocka_unit_test(right_to_left_languages),
        cmocka_unit_test(front_page_lead_cards_and_pagination),
        cmocka_unit_test(navigation_nests_children_and_hides_archives),
        cmocka_unit_test(article_json_for_the_api),
        cmocka_unit_test(article_page_lists_notes_oldest_first),
        cmocka_unit_test(bylines_join_the_authors_shown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
