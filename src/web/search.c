/*
 * search.c: the search page (/search?q=...) and the search API
 * (/api/v1/search?q=...). Both read the same parameters: q, page, and the
 * filters section (slug), type (content type slug), lang, from and to
 * (YYYY-MM-DD in the site's time zone, both days included).
 *
 * A reader's mistake is never an error page: a filter that names nothing
 * known matches nothing and says so, a date that is not a date is ignored
 * with a notice, and a query with no word to look for shows the help.
 * Only a store that does not answer gets a 503.
 *
 * Results depend on every article, so responses are tagged "search" and
 * "home" (every article write emits "home") and "sections" for the
 * navigation; the page is WEB_POLICY_FRONT, the JSON WEB_POLICY_API.
 */
#include <stdlib.h>
#include <string.h>

#include "web/web_private.h"

static const char HTML_TYPE[] = "text/html; charset=utf-8";
static const char JSON_TYPE[] = "application/json; charset=utf-8";

enum { MAX_NOTICES = 4, SECONDS_PER_DAY = 86400 };

typedef struct {
    const web_site_t *site;
    store_t *store;
    const web_route_t *route;
    gz_pool_t *pool;
    web_response_t *response;
    views_site_t view;
    const char *notices[MAX_NOTICES];
    size_t notice_count;
} search_context_t;

static const views_choice_t LANGUAGES[] = {
    {"en", "English"}, {"ar", "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9"}};

static void add_notice(search_context_t *context, const char *format, const char *value)
{
    if (context->notice_count < MAX_NOTICES) {
        context->notices[context->notice_count++] = gz_pool_printf(context->pool, format, value);
    }
}

static bool has_text(const char *text)
{
    return text != NULL && text[0] != '\0';
}

/* ---- filters ------------------------------------------------------------------ */

static int64_t section_filter(search_context_t *context, const content_section_t *sections,
                              size_t section_count)
{
    const char *slug = context->route->section_slug;
    if (!has_text(slug)) {
        return 0;
    }
    for (size_t i = 0; i < section_count; i++) {
        if (sections[i].slug != NULL && strcmp(sections[i].slug, slug) == 0) {
            return sections[i].id;
        }
    }
    add_notice(context, "There is no section \"%s\".", slug);
    return -1;
}

/* Fills the form's list of content types and returns the filter's id. */
static int64_t type_filter(search_context_t *context, views_choice_t **choices, size_t *count,
                           int *code)
{
    content_type_t *types = NULL;
    size_t type_count = 0;
    *code = store_content_type_list(context->store, context->pool, &types, &type_count);
    *choices = gz_pool_calloc(context->pool, type_count > 0 ? type_count : 1, sizeof **choices);
    *count = type_count;
    int64_t id = 0;
    const char *slug = context->route->search_type;
    for (size_t i = 0; i < type_count; i++) {
        (*choices)[i] = (views_choice_t){types[i].slug, types[i].name};
        if (has_text(slug) && types[i].slug != NULL && strcmp(types[i].slug, slug) == 0) {
            id = types[i].id;
        }
    }
    if (*code == GZ_OK && has_text(slug) && id == 0) {
        add_notice(context, "There is no content type \"%s\".", slug);
        id = -1;
    }
    return id;
}

/* A YYYY-MM-DD day in the site's zone: its first second, or with
 * end_of_day its last. 0 when absent or not a date (with a notice). */
static gz_time_t date_filter(search_context_t *context, const char *text, bool end_of_day)
{
    if (!has_text(text)) {
        return 0;
    }
    gz_time_t day = 0;
    if (strlen(text) != 10 ||
        gz_time_parse_local(gz_str_from_cstr(text), "%Y-%m-%d", &day) != GZ_OK) {
        add_notice(context, "The date \"%s\" is not a date like 2016-12-07, so it was ignored.",
                   text);
        return 0;
    }
    return end_of_day ? day + SECONDS_PER_DAY - 1 : day;
}

static const char *language_filter(search_context_t *context)
{
    const char *language = context->route->search_language;
    if (!has_text(language) && context->route->edition > 0) {
        /* An edition searches its own language; the default one, every language. */
        return context->site->editions[context->route->edition].language;
    }
    if (!has_text(language)) {
        return NULL;
    }
    size_t len = strlen(language);
    bool letters = len >= 2 && len <= 8;
    for (size_t i = 0; letters && i < len; i++) {
        char c = language[i];
        letters = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    if (!letters) {
        add_notice(context,
                   "The language \"%s\" is not a language code like en or ar, so it was "
                   "ignored.",
                   language);
        return NULL;
    }
    return language;
}

/* ---- answers ----------------------------------------------------------------------- */

static void store_unavailable(search_context_t *context, int code, bool json)
{
    gz_log(GZ_LOG_ERROR, "store: %s: %s", gz_strerror(code), store_last_error(context->store));
    web_response_t *response = context->response;
    if (json) {
        response->status = 503;
        response->content_type = JSON_TYPE;
        gz_buf_append_cstr(&response->body, "{\"status\":503,\"error\":\"unavailable\"}\n");
    } else {
        web_render_error(context->site, 503,
                         "The newsroom's archive is not answering. Please try again in a moment.",
                         context->response);
    }
    response->policy = WEB_POLICY_NONE;
    response->retry_after = 5;
}

static void set_json(web_response_t *response, json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT);
    gz_buf_append_cstr(&response->body, text != NULL ? text : "null");
    gz_buf_append_char(&response->body, '\n');
    free(text);
    json_decref(value);
}

static void set_html(search_context_t *context, json_t *model)
{
    web_response_t *response = context->response;
    if (web_render_template(context->site, "search", model, &response->body) != GZ_OK) {
        gz_log(GZ_LOG_ERROR, "template 'search' failed to render");
        gz_buf_reset(&response->body);
        json_decref(model);
        web_render_error(context->site, 500, "This page could not be shown.", response);
        response->policy = WEB_POLICY_NONE;
        return;
    }
    json_decref(model);
}

static void respond(search_context_t *context, const views_search_t *search, bool json)
{
    web_response_t *response = context->response;
    response->status = 200;
    response->content_type = json ? JSON_TYPE : HTML_TYPE;
    response->policy = json ? WEB_POLICY_API : WEB_POLICY_FRONT;
    web_response_tag(response, context->pool, "search");
    web_response_tag(response, context->pool, "home");
    if (json) {
        set_json(response, views_search_json(&context->view, search));
    } else {
        web_response_tag(response, context->pool, "sections");
        set_html(context, views_search_page(&context->view, search));
    }
}

static void hits_for_view(search_context_t *context, const store_search_results_t *results,
                          views_search_t *search)
{
    views_search_hit_t *hits =
        gz_pool_calloc(context->pool, results->count > 0 ? results->count : 1, sizeof *hits);
    for (size_t i = 0; i < results->count; i++) {
        hits[i] = (views_search_hit_t){&results->hits[i].article, results->hits[i].headline_html,
                                       results->hits[i].snippet_html};
    }
    search->hits = hits;
    search->hit_count = results->count;
    search->total = results->total;
    search->total_is_lower_bound = results->total_is_lower_bound;
    search->searchable = results->searchable;
}

void web_render_search(const web_site_t *site, store_t *store, const web_route_t *route,
                       gz_pool_t *pool, web_response_t *response, const content_section_t *sections,
                       size_t section_count)
{
    bool json = route->kind == WEB_ROUTE_SEARCH_JSON;
    search_context_t context = {.site = site,
                                .store = store,
                                .route = route,
                                .pool = pool,
                                .response = response,
                                .view =
                                    web_site_view(site, route->edition, sections, section_count)};
    const gz_config_t *config = site->config;
    views_search_t search = {.text = route->search_text,
                             .section = route->section_slug,
                             .type = route->search_type,
                             .language = route->search_language,
                             .from = route->search_from,
                             .to = route->search_to,
                             .languages = LANGUAGES,
                             .language_count = sizeof LANGUAGES / sizeof LANGUAGES[0],
                             .page = route->page,
                             .page_size =
                                 config->page_size < 100 ? (size_t)config->page_size : 100};
    int code = GZ_OK;
    views_choice_t *types = NULL;
    store_search_query_t query = {
        .text = route->search_text,
        .section_id = section_filter(&context, sections, section_count),
        .content_type_id = type_filter(&context, &types, &search.type_count, &code),
        .language = language_filter(&context),
        .from = date_filter(&context, route->search_from, false),
        .to = date_filter(&context, route->search_to, true),
        .page = route->page,
        .page_size = search.page_size,
        .now = gz_now(),
        .recency_days = config->search_recency_days,
    };
    search.types = types;
    store_search_results_t results = {0};
    if (code == GZ_OK) {
        code = store_search(store, &query, pool, &results);
    }
    if (code != GZ_OK) {
        store_unavailable(&context, code, json);
        return;
    }
    hits_for_view(&context, &results, &search);
    search.notices = context.notices;
    search.notice_count = context.notice_count;
    respond(&context, &search, json);
}
