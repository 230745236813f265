/*
 * search.c: the search page and the search API as view models. Like every
 * view it is pure: the web layer runs the search and hands the results in.
 *
 * Headlines and snippets arrive as sanitized HTML (the store escaped the
 * article text once and wrapped matches in <mark>), so the template shows
 * them with {{{ }}}; everything else, including the reader's own query,
 * is plain text that the template escapes. Links to other pages of results
 * and to the same search without a filter are built here with every value
 * percent-encoded.
 */
#include "views/views_private.h"

#include <stdio.h>
#include <string.h>

static const char SEARCH_PATH[] = "/search";

enum { PARAMETER_COUNT = 7 };

static bool has_text(const char *text)
{
    return text != NULL && text[0] != '\0';
}

static bool is_unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

void views_query_url(gz_buf_t *out, const char *path, const char *const *names,
                     const char *const *values, size_t count)
{
    static const char hex[] = "0123456789ABCDEF";
    gz_buf_append_cstr(out, path);
    char separator = '?';
    for (size_t i = 0; i < count; i++) {
        if (!has_text(values[i])) {
            continue;
        }
        gz_buf_append_char(out, separator);
        separator = '&';
        gz_buf_append_cstr(out, names[i]);
        gz_buf_append_char(out, '=');
        for (const unsigned char *c = (const unsigned char *)values[i]; *c != '\0'; c++) {
            if (is_unreserved(*c)) {
                gz_buf_append_char(out, (char)*c);
            } else {
                gz_buf_append_char(out, '%');
                gz_buf_append_char(out, hex[*c >> 4]);
                gz_buf_append_char(out, hex[*c & 15]);
            }
        }
    }
}

/* The URL of this search on another page (0: no page parameter). */
static void search_url(gz_buf_t *out, const views_site_t *site, const char *base,
                       const views_search_t *search, size_t page)
{
    char page_text[24] = "";
    if (page > 1) {
        snprintf(page_text, sizeof page_text, "%zu", page);
    }
    const char *names[PARAMETER_COUNT] = {"q", "section", "type", "lang", "from", "to", "page"};
    const char *values[PARAMETER_COUNT] = {search->text,     search->section, search->type,
                                           search->language, search->from,    search->to,
                                           page_text};
    gz_buf_t path = GZ_BUF_INIT;
    views_site_path(&path, site, base); /* the edition's search */
    views_query_url(out, gz_buf_cstr(&path), names, values, PARAMETER_COUNT);
    gz_buf_free(&path);
}

/* "1,234" */
static void append_count(gz_buf_t *out, size_t count)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", count);
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) {
            gz_buf_append_char(out, ',');
        }
        gz_buf_append_char(out, digits[i]);
    }
}

static json_t *count_text(const views_search_t *search)
{
    gz_buf_t text = GZ_BUF_INIT;
    if (search->total_is_lower_bound) {
        gz_buf_append_cstr(&text, "More than ");
    }
    append_count(&text, search->total);
    gz_buf_append_cstr(&text, search->total == 1 && !search->total_is_lower_bound ? " result"
                                                                                  : " results");
    json_t *value = json_string(gz_buf_cstr(&text));
    gz_buf_free(&text);
    return value;
}

/* ---- the page --------------------------------------------------------------- */

static json_t *choices(const views_choice_t *items, size_t count, const char *selected)
{
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_object();
        views_set_text_if_any(item, "slug", items[i].slug);
        views_set_text_if_any(item, "name", items[i].name);
        if (selected != NULL && items[i].slug != NULL && strcmp(selected, items[i].slug) == 0) {
            json_object_set_new(item, "selected", json_true());
        }
        json_array_append_new(list, item);
    }
    return list;
}

static json_t *section_choices(const views_site_t *site, const char *selected)
{
    views_choice_t items[256];
    size_t count = site->section_count < 256 ? site->section_count : 256;
    for (size_t i = 0; i < count; i++) {
        items[i] = (views_choice_t){site->sections[i].slug, site->sections[i].name};
    }
    return choices(items, count, selected);
}

static json_t *result_cards(const views_site_t *site, const views_search_t *search)
{
    json_t *results = json_array();
    for (size_t i = 0; i < search->hit_count; i++) {
        const views_search_hit_t *hit = &search->hits[i];
        json_t *card = views_article_card(site, hit->article);
        views_set_text_if_any(card, "headline_html", hit->headline_html);
        views_set_text_if_any(card, "snippet_html", hit->snippet_html);
        json_array_append_new(results, card);
    }
    return results;
}

static void add_pages(json_t *object, const views_site_t *site, const views_search_t *search)
{
    json_t *pagination = json_object();
    gz_buf_t url = GZ_BUF_INIT;
    if (search->page > 1) {
        search_url(&url, site, SEARCH_PATH, search, search->page - 1);
        json_object_set_new(pagination, "previous_url", json_string(gz_buf_cstr(&url)));
    }
    if (search->page * search->page_size < search->total) {
        gz_buf_reset(&url);
        search_url(&url, site, SEARCH_PATH, search, search->page + 1);
        json_object_set_new(pagination, "next_url", json_string(gz_buf_cstr(&url)));
    }
    json_object_set_new(pagination, "page", json_integer((json_int_t)search->page));
    if (json_object_size(pagination) > 1) {
        json_object_set_new(object, "pagination", pagination);
    } else {
        json_decref(pagination);
    }
    gz_buf_free(&url);
}

static json_t *notices(const views_search_t *search)
{
    json_t *list = json_array();
    for (size_t i = 0; i < search->notice_count; i++) {
        json_t *item = json_object();
        views_set_text_if_any(item, "text", search->notices[i]);
        json_array_append_new(list, item);
    }
    return list;
}

static json_t *search_object(const views_site_t *site, const views_search_t *search)
{
    json_t *object = json_object();
    views_set_text_if_any(object, "query", search->text);
    json_object_set_new(object, "has_query", json_boolean(has_text(search->text)));
    json_object_set_new(object, "searchable", json_boolean(search->searchable));
    json_object_set_new(object, "help", json_boolean(!search->searchable));
    json_object_set_new(object, "sections", section_choices(site, search->section));
    json_object_set_new(object, "types", choices(search->types, search->type_count, search->type));
    json_object_set_new(object, "languages",
                        choices(search->languages, search->language_count, search->language));
    views_set_text_if_any(object, "from", search->from);
    views_set_text_if_any(object, "to", search->to);
    json_object_set_new(object, "notices", notices(search));
    if (search->searchable) {
        json_object_set_new(object, "count_text", count_text(search));
        json_object_set_new(object, "results", result_cards(site, search));
        json_object_set_new(object, "none_found", json_boolean(search->hit_count == 0));
        add_pages(object, site, search);
    }
    return object;
}

json_t *views_search_page(const views_site_t *site, const views_search_t *search)
{
    gz_buf_t title = GZ_BUF_INIT;
    if (has_text(search->text)) {
        gz_buf_printf(&title, "%s: search", search->text);
    } else {
        gz_buf_append_cstr(&title, "Search");
    }
    json_t *model = views_page_model(site, gz_buf_cstr(&title), NULL, NULL, 0);
    gz_buf_free(&title);
    json_t *robots = json_pack("[{s:s,s:s}]", "name", "robots", "content", "noindex, follow");
    json_object_set_new(json_object_get(model, "page"), "meta_names", robots);
    json_object_set_new(model, "search", search_object(site, search));
    return model;
}

/* ---- the API ------------------------------------------------------------------- */

static json_t *text_or_null(const char *text)
{
    return has_text(text) ? json_string(text) : json_null();
}

static json_t *result_json(const views_site_t *site, const views_search_hit_t *hit)
{
    const content_article_t *article = hit->article;
    json_t *object = json_object();
    gz_buf_t text = GZ_BUF_INIT;
    gz_buf_append_cstr(&text, site->url);
    views_article_path(&text, site, article->id, article->slug);
    json_object_set_new(object, "id", json_integer(article->id));
    json_object_set_new(object, "url", json_string(gz_buf_cstr(&text)));
    json_object_set_new(object, "headline", json_string(article->headline));
    json_object_set_new(object, "headline_html", json_string(hit->headline_html));
    json_object_set_new(object, "snippet_html", json_string(hit->snippet_html));
    json_object_set_new(object, "summary", text_or_null(article->summary));
    gz_buf_reset(&text);
    gz_time_append_rfc3339(&text, article->published_at);
    json_object_set_new(object, "published", json_string(gz_buf_cstr(&text)));
    json_object_set_new(
        object, "language",
        json_string(has_text(article->language) ? article->language : site->language));
    if (article->section.id != 0) {
        json_object_set_new(
            object, "section",
            json_pack("{s:s?,s:s?}", "slug", article->section.slug, "name", article->section.name));
    }
    json_object_set_new(object, "content_type", text_or_null(article->content_type.slug));
    gz_buf_free(&text);
    return object;
}

json_t *views_search_json(const views_site_t *site, const views_search_t *search)
{
    json_t *object = json_object();
    json_object_set_new(object, "query", json_string(search->text != NULL ? search->text : ""));
    json_object_set_new(object, "searchable", json_boolean(search->searchable));
    json_object_set_new(object, "page", json_integer((json_int_t)search->page));
    json_object_set_new(object, "page_size", json_integer((json_int_t)search->page_size));
    json_object_set_new(object, "total", json_integer((json_int_t)search->total));
    json_object_set_new(object, "total_is_lower_bound", json_boolean(search->total_is_lower_bound));
    json_t *filters = json_object();
    json_object_set_new(filters, "section", text_or_null(search->section));
    json_object_set_new(filters, "type", text_or_null(search->type));
    json_object_set_new(filters, "lang", text_or_null(search->language));
    json_object_set_new(filters, "from", text_or_null(search->from));
    json_object_set_new(filters, "to", text_or_null(search->to));
    json_object_set_new(object, "filters", filters);
    json_t *results = json_array();
    for (size_t i = 0; i < search->hit_count; i++) {
        json_array_append_new(results, result_json(site, &search->hits[i]));
    }
    json_object_set_new(object, "results", results);
    json_t *notes = json_array();
    for (size_t i = 0; i < search->notice_count; i++) {
        json_array_append_new(notes, json_string(search->notices[i]));
    }
    json_object_set_new(object, "notices", notes);
    if (search->searchable && search->page * search->page_size < search->total) {
        gz_buf_t url = GZ_BUF_INIT;
        gz_buf_append_cstr(&url, site->url);
        gz_buf_t path = GZ_BUF_INIT;
        search_url(&path, site, "/api/v1/search", search, search->page + 1);
        gz_buf_append_cstr(&url, gz_buf_cstr(&path));
        json_object_set_new(object, "next", json_string(gz_buf_cstr(&url)));
        gz_buf_free(&path);
        gz_buf_free(&url);
    }
    return object;
}
