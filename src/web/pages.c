/*
 * pages.c: one function per route that reads the store, builds the view
 * model and renders the theme's template into a response. Nothing here
 * knows about h2o, so the same code could serve a static export.
 *
 * Failures never escape as a crash or a half page: a missing article is the
 * 404 page, a store that does not answer is a 503 with Retry-After, and a
 * template error is logged and answered with the built-in error page.
 */
#include "web/web_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "views/views.h"

static const char HTML_TYPE[] = "text/html; charset=utf-8";
static const char JSON_TYPE[] = "application/json; charset=utf-8";

/* The page of last resort, used when even the theme cannot render. */
static const char FALLBACK_ERROR_PAGE[] =
    "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
    "<title>Temporarily unavailable</title><h1>Temporarily unavailable</h1>"
    "<p>Please try again in a moment.</p></html>\n";

typedef struct {
    const web_site_t *site;
    store_t *store;
    gz_pool_t *pool;
    web_response_t *response;
    content_section_t *sections;
    size_t section_count;
    web_media_lookup_t media; /* the items the page shows, tagged as found */
    size_t edition;           /* the route's */
} render_context_t;

/* Feeds and search read no media items: a picture shows when its file is
 * in the media folder (page_media.c finds stored ones for pages). */
static void media_image_url(void *context, const char *picture_path, gz_buf_t *out)
{
    if (web_media_in_folder(context, picture_path)) {
        gz_buf_printf(out, "%s%s", VIEWS_MEDIA_URL_PREFIX, picture_path);
    }
}

views_site_t web_site_view(const web_site_t *site, size_t edition,
                           const content_section_t *sections, size_t section_count)
{
    const gz_config_t *config = site->config;
    const gz_edition_t *shown = &site->editions[edition < site->edition_count ? edition : 0];
    bool site_language = gz_language_same_primary(shown->language, config->site_language);
    views_site_t view = {
        .name = shown->name[0] != '\0' ? shown->name : config->site_name,
        .url = site->edition_origins[shown - site->editions],
        .path_prefix = web_edition_prefix(site, (size_t)(shown - site->editions)),
        .language = shown->language,
        .locale = shown->locale,
        /* The site's own format is for the site's language; others' are ICU's. */
        .time_format = site_language ? config->time_format : NULL,
        .editions = site->editions,
        .edition_count = site->edition_count,
        .site_url = config->site_url,
        .sections = sections,
        .section_count = section_count,
        .image_url = media_image_url,
        .image_context = (void *)site,
        .now = gz_now(),
        .description = config->site_description,
        .logo = config->site_logo,
    };
    web_media_site_view(site, &view);
    return view;
}

/* The view of a page that reads the store: pictures are found there. */
static views_site_t site_view(render_context_t *context)
{
    views_site_t view =
        web_site_view(context->site, context->edition, context->sections, context->section_count);
    context->media = (web_media_lookup_t){.site = context->site,
                                          .store = context->store,
                                          .pool = context->pool,
                                          .response = context->response};
    view.image_url = web_media_image_url;
    view.image_context = &context->media;
    return view;
}

static void set_body_from_template(render_context_t *context, const char *template_name,
                                   json_t *model)
{
    web_response_t *response = context->response;
    response->content_type = HTML_TYPE;
    if (web_render_template(context->site, template_name, model, &response->body) != GZ_OK) {
        gz_log(GZ_LOG_ERROR, "template '%s' failed to render", template_name);
        response->status = 500;
        response->policy = WEB_POLICY_NONE;
        gz_buf_reset(&response->body);
        gz_buf_append_cstr(&response->body, FALLBACK_ERROR_PAGE);
    }
    json_decref(model);
}

static void set_json_body(web_response_t *response, json_t *value)
{
    response->content_type = JSON_TYPE;
    char *text = json_dumps(value, JSON_COMPACT);
    gz_buf_append_cstr(&response->body, text != NULL ? text : "null");
    gz_buf_append_char(&response->body, '\n');
    free(text);
    json_decref(value);
}

static void render_error(render_context_t *context, int status, const char *message)
{
    views_site_t view = site_view(context);
    context->response->status = status;
    context->response->policy = WEB_POLICY_NONE;
    set_body_from_template(context, "error", views_error_page(&view, status, message));
}

static void store_unavailable(render_context_t *context, int code)
{
    gz_log(GZ_LOG_ERROR, "store: %s: %s", gz_strerror(code), store_last_error(context->store));
    context->response->retry_after = 5;
    render_error(context, 503,
                 "The newsroom's archive is not answering. Please try again in a moment.");
}

/* Loads the navigation; an error here is reported by the caller's read. */
static void load_sections(render_context_t *context)
{
    if (store_section_list(context->store, context->pool, &context->sections,
                           &context->section_count) != GZ_OK) {
        context->sections = NULL;
        context->section_count = 0;
    }
}

/* ---- routes ---------------------------------------------------------------- */

enum { MOST_READ_WIDGET_ITEMS = 5, MOST_READ_API_ITEMS = 10 };

/* On a site of several editions, most read lists are counted over every
 * language and the edition's own are kept: ask for this many times more. */
enum { MOST_READ_EDITION_FACTOR = 8 };

static size_t most_read_asked(const render_context_t *context, size_t wanted)
{
    return context->site->edition_count > 1 ? wanted * MOST_READ_EDITION_FACTOR : wanted;
}

/* Keeps the first wanted items of the page's edition, in order. */
static void keep_edition(const render_context_t *context, store_most_read_t *most_read,
                         size_t wanted)
{
    size_t kept = 0;
    for (size_t i = 0; i < most_read->count && kept < wanted; i++) {
        if (context->site->edition_count > 1 &&
            web_edition_of(context->site, most_read->items[i].language) != context->edition)
            continue;
        most_read->items[kept] = most_read->items[i];
        most_read->views[kept] = most_read->views[i];
        kept++;
    }
    most_read->count = kept;
}

/* Adds the last day's most read (of a section, or of the site) to a front;
 * a list that cannot be read is left out rather than failing the page. */
static void add_most_read(render_context_t *context, int64_t section_id, json_t *model)
{
    store_most_read_t most_read;
    gz_time_t now = gz_now();
    web_response_tag(context->response, context->pool, "most-read");
    if (store_most_read(context->store, now - 86400, section_id,
                        most_read_asked(context, MOST_READ_WIDGET_ITEMS), now, context->pool,
                        &most_read) != GZ_OK) {
        return;
    }
    keep_edition(context, &most_read, MOST_READ_WIDGET_ITEMS);
    if (most_read.count == 0) {
        return;
    }
    views_site_t view = site_view(context);
    json_object_set_new(model, "most_read",
                        views_most_read(&view, most_read.items, most_read.views, most_read.count));
}

/* The tags every front carries: its own ("home" or "section:ID") and the
 * navigation's. */
static void tag_front(render_context_t *context, const content_section_t *section)
{
    web_response_t *response = context->response;
    response->status = 200;
    response->policy = WEB_POLICY_FRONT;
    if (section != NULL) {
        web_response_tag(response, context->pool, "section:%lld", (long long)section->id);
    } else {
        web_response_tag(response, context->pool, "home");
    }
    web_response_tag(response, context->pool, "sections");
}

/* The first page of a front editors arranged; false (nothing sent) when
 * none is arranged. */
static bool render_curated_front(render_context_t *context, const content_section_t *section)
{
    views_site_t view = site_view(context);
    json_t *model = NULL;
    int code = web_curated_front(context->site, context->store, &view, section, context->pool,
                                 context->response, &model);
    if (code == GZ_ENOTFOUND) {
        return false;
    }
    if (code != GZ_OK) {
        store_unavailable(context, code);
        return true;
    }
    tag_front(context, section);
    add_most_read(context, section != NULL ? section->id : 0, model);
    set_body_from_template(context, "front", model);
    return true;
}

static void render_front(render_context_t *context, const content_section_t *section, size_t page)
{
    /* Editors arrange the default edition's fronts; others' are the newest. */
    if (page <= 1 && context->edition == 0 && render_curated_front(context, section)) {
        return;
    }
    size_t page_size = (size_t)context->site->config->page_size;
    store_article_query_t query = {
        .section_id = section != NULL ? section->id : 0,
        .live_only = true,
        .now = gz_now(),
        .limit = page_size,
        .offset = (page - 1) * page_size,
    };
    web_edition_scope(context->site, context->edition, &query);
    content_article_list_t list;
    int code = store_article_list(context->store, &query, context->pool, &list);
    if (code != GZ_OK) {
        store_unavailable(context, code);
        return;
    }
    if (page > 1 && list.count == 0) {
        render_error(context, 404, "There is no such page of articles.");
        return;
    }
    views_site_t view = site_view(context);
    tag_front(context, section);
    json_t *model = views_front_page(&view, section, &list, page, page_size);
    add_most_read(context, section != NULL ? section->id : 0, model);
    set_body_from_template(context, "front", model);
}

static void render_section(render_context_t *context, const web_route_t *route)
{
    content_section_t section;
    int code = store_section_get_by_slug(context->store, route->slug, context->pool, &section);
    if (code == GZ_ENOTFOUND) {
        render_error(context, 404, "There is no such section.");
    } else if (code != GZ_OK) {
        store_unavailable(context, code);
    } else {
        render_front(context, &section, route->page);
    }
}

/* Loads a live article; on failure the error page is already rendered. */
static content_article_t *load_live_article(render_context_t *context, int64_t id)
{
    content_article_t *article = NULL;
    int code = store_article_get(context->store, id, context->pool, &article);
    if (code == GZ_OK && content_article_is_live(article, gz_now())) {
        return article;
    }
    if (code == GZ_OK || code == GZ_ENOTFOUND) {
        render_error(context, 404, "There is no such article, or it is no longer published.");
    } else {
        store_unavailable(context, code);
    }
    return NULL;
}

static void redirect_to(web_response_t *response, const char *location, gz_pool_t *pool)
{
    response->status = 301;
    response->location = gz_pool_strdup(pool, location);
    response->content_type = HTML_TYPE;
    gz_buf_append_cstr(&response->body, "<!doctype html><title>Moved</title><a href=\"");
    gz_buf_append_html(&response->body, location, strlen(location));
    gz_buf_append_cstr(&response->body, "\">Moved here</a>\n");
}

static void redirect(web_response_t *response, const char *location, gz_pool_t *pool)
{
    if (!web_location_is_local(location)) {
        location = "/"; /* built from our own ids and slugs, so never; but never off the site */
    }
    redirect_to(response, location, pool);
}

/* Any other slug of a live article (an old one it was published under, a
 * mistyped or made-up one, or none) answers 301 to its address: the id
 * names the article. The redirect is tagged like the page, so a new slug
 * re-targets it at once; whether the slug was one of the article's own
 * only decides which share of the cache keeps it (a failed lookup counts
 * it as made up, which is the safe side). */
static void redirect_to_article(render_context_t *context, const web_route_t *route,
                                const content_article_t *article)
{
    bool published = false;
    if (route->slug != NULL &&
        store_article_slug_known(context->store, article->id, route->slug, &published) != GZ_OK)
        published = false;
    size_t edition = web_edition_of(context->site, article->language);
    const char *origin = context->site->edition_origins[edition];
    bool same_origin = strcmp(origin, context->site->edition_origins[context->edition]) == 0;
    views_site_t home = {.path_prefix = web_edition_prefix(context->site, edition)};
    gz_buf_t location = GZ_BUF_INIT;
    if (!same_origin)
        gz_buf_append_cstr(&location, origin); /* the edition's own host, from the config */
    views_article_path(&location, &home, article->id, article->slug);
    if (same_origin)
        redirect(context->response, gz_buf_cstr(&location), context->pool);
    else
        redirect_to(context->response, gz_buf_cstr(&location), context->pool);
    context->response->published_redirect = published;
    gz_buf_free(&location);
}

/* An article page shows the article, its related items' headlines and
 * pictures, its authors' names, and the sections in the navigation. */
static void tag_article(web_response_t *response, gz_pool_t *pool, const content_article_t *article,
                        web_policy_t policy)
{
    response->policy = policy;
    web_response_tag(response, pool, "article:%lld", (long long)article->id);
    for (size_t i = 0; i < article->related_count; i++) {
        web_response_tag(response, pool, "article:%lld", (long long)article->related[i].id);
    }
    for (size_t i = 0; i < article->author_count; i++) {
        web_response_tag(response, pool, "author:%lld", (long long)article->authors[i].id);
    }
    web_response_tag(response, pool, "sections");
}

/* A translated article's page names its translations (hreflang and the
 * switcher) and shows their headlines: it is tagged with each. A list
 * that cannot be read leaves them out rather than failing the page. */
static void add_translations(render_context_t *context, const views_site_t *view,
                             const content_article_t *article, json_t *model)
{
    if (context->site->edition_count < 2)
        return;
    content_article_t *others = NULL;
    size_t count = 0;
    if (store_translations(context->store, article->id, context->pool, &others, &count) != GZ_OK)
        return;
    for (size_t i = 0; i < count; i++)
        web_response_tag(context->response, context->pool, "article:%lld", (long long)others[i].id);
    views_article_translations(model, view, article, others, count);
}

static void render_article(render_context_t *context, const web_route_t *route)
{
    content_article_t *article = load_live_article(context, route->id);
    if (article == NULL) {
        return;
    }
    tag_article(context->response, context->pool, article, WEB_POLICY_PAGE);
    if (route->slug == NULL || article->slug == NULL || strcmp(route->slug, article->slug) != 0 ||
        web_edition_of(context->site, article->language) != route->edition) {
        redirect_to_article(context, route, article); /* its slug, in its edition */
        return;
    }
    views_site_t view = site_view(context);
    context->response->status = 200;
    context->response->last_modified = article->updated_at;
    context->response->read_article_id = article->id;
    views_article_media_t media = {.lead = web_media_lead(&context->media, article->lead_image),
                                   .resolve = web_media_resolve,
                                   .resolve_context = &context->media};
    json_t *model = views_article_page_with_media(&view, article, &media);
    add_translations(context, &view, article, model);
    set_body_from_template(context, "article", model);
}

static void render_article_json(render_context_t *context, const web_route_t *route, bool legacy)
{
    content_article_t *article = load_live_article(context, route->id);
    if (article == NULL) {
        /* Machines asked for JSON: answer in JSON. */
        int status = context->response->status;
        gz_buf_reset(&context->response->body);
        json_t *error = json_pack("{s:i,s:s}", "status", status, "error",
                                  status == 404 ? "not found" : "unavailable");
        set_json_body(context->response, error);
        return;
    }
    views_site_t view = site_view(context);
    context->response->status = 200;
    context->response->last_modified = article->updated_at;
    tag_article(context->response, context->pool, article, WEB_POLICY_API);
    set_json_body(context->response,
                  legacy ? views_related_legacy(article) : views_article_json(&view, article));
}

static void render_most_read(render_context_t *context, const web_route_t *route)
{
    content_section_t section = {0};
    int code = route->section_slug == NULL
                   ? GZ_OK
                   : store_section_get_by_slug(context->store, route->section_slug, context->pool,
                                               &section);
    store_most_read_t most_read = {0};
    gz_time_t now = gz_now();
    if (route->period_days < 0) {
        context->response->status = 400;
        set_json_body(context->response,
                      json_pack("{s:i,s:s}", "status", 400, "error", "period must be 24h or 7d"));
        return;
    }
    if (code == GZ_OK) {
        code = store_most_read(context->store, now - (gz_time_t)route->period_days * 86400,
                               section.id, most_read_asked(context, MOST_READ_API_ITEMS), now,
                               context->pool, &most_read);
    }
    if (code == GZ_OK) {
        keep_edition(context, &most_read, MOST_READ_API_ITEMS);
    }
    web_response_t *response = context->response;
    if (code != GZ_OK) {
        response->status = code == GZ_ENOTFOUND ? 404 : 503;
        response->retry_after = code == GZ_ENOTFOUND ? 0 : 5;
        set_json_body(response,
                      json_pack("{s:i,s:s}", "status", response->status, "error",
                                code == GZ_ENOTFOUND ? "no such section" : "unavailable"));
        return;
    }
    views_site_t view = site_view(context);
    response->status = 200;
    response->policy = WEB_POLICY_API;
    web_response_tag(response, context->pool, "most-read");
    json_t *body = json_object();
    json_object_set_new(body, "period", json_string(route->period_days == 7 ? "7d" : "24h"));
    if (section.id != 0) {
        json_object_set_new(body, "section", json_string(section.slug));
    }
    json_object_set_new(body, "items",
                        views_most_read(&view, most_read.items, most_read.views, most_read.count));
    set_json_body(response, body);
}

static void render_health(render_context_t *context)
{
    int64_t version;
    int code = store_data_version(context->store, &version);
    web_response_t *response = context->response;
    response->content_type = "text/plain; charset=utf-8";
    response->status = code == GZ_OK ? 200 : 503;
    gz_buf_append_cstr(&response->body, code == GZ_OK ? "ok\n" : "store unavailable\n");
}

void web_render(const web_site_t *site, store_t *store, const web_route_t *route, gz_pool_t *pool,
                web_response_t *response)
{
    render_context_t context = {.site = site,
                                .store = store,
                                .pool = pool,
                                .response = response,
                                .edition = route->edition};
    if (route->kind == WEB_ROUTE_MEDIA) {
        web_render_media(site, store, route, pool, response);
        return;
    }
    if (route->kind == WEB_ROUTE_BREAKING) {
        web_render_breaking(site, store, pool, response); /* no navigation: no sections */
        return;
    }
    if (route->kind != WEB_ROUTE_HEALTH && route->kind != WEB_ROUTE_REDIRECT) {
        load_sections(&context);
    }
    switch (route->kind) {
    case WEB_ROUTE_HOME: render_front(&context, NULL, route->page); break;
    case WEB_ROUTE_SECTION: render_section(&context, route); break;
    case WEB_ROUTE_ARTICLE: render_article(&context, route); break;
    case WEB_ROUTE_ARTICLE_JSON: render_article_json(&context, route, false); break;
    case WEB_ROUTE_RELATED_JSON: render_article_json(&context, route, true); break;
    case WEB_ROUTE_HEALTH: render_health(&context); break;
    case WEB_ROUTE_MOST_READ: render_most_read(&context, route); break;
    case WEB_ROUTE_REDIRECT: redirect(response, route->location, pool); break;
    case WEB_ROUTE_BAD_REQUEST: render_error(&context, route->status, route->error); break;
    case WEB_ROUTE_NOT_FOUND:
        render_error(&context, 404, "There is nothing at this address.");
        break;
    case WEB_ROUTE_FEED:
    case WEB_ROUTE_SECTION_FEED:
    case WEB_ROUTE_TAG:
    case WEB_ROUTE_TAG_FEED:
    case WEB_ROUTE_AUTHOR:
    case WEB_ROUTE_AUTHOR_FEED:
    case WEB_ROUTE_ROBOTS:
    case WEB_ROUTE_SITEMAP_INDEX:
    case WEB_ROUTE_SITEMAP_ARTICLES:
    case WEB_ROUTE_SITEMAP_SECTIONS:
    case WEB_ROUTE_SITEMAP_NEWS:
        web_render_feeds(site, store, route, pool, response, context.sections,
                         context.section_count);
        break;
    case WEB_ROUTE_SEARCH:
    case WEB_ROUTE_SEARCH_JSON:
        web_render_search(site, store, route, pool, response, context.sections,
                          context.section_count);
        break;
    case WEB_ROUTE_BREAKING: break; /* above */
    case WEB_ROUTE_MEDIA: break;    /* above */
    }
}

/* The section the preview's article names, from the navigation's list;
 * a section not made yet gets the slug its first save will give it, so the
 * dateline shows it as it will be. */
static void find_preview_section(render_context_t *context, content_section_t *section)
{
    if (section->name == NULL || section->id != 0)
        return;
    for (size_t i = 0; i < context->section_count; i++) {
        if (strcasecmp(context->sections[i].name, section->name) == 0) {
            *section = context->sections[i];
            return;
        }
    }
    gz_buf_t slug = GZ_BUF_INIT;
    content_slug_append(&slug, section->name);
    section->slug = gz_pool_strdup(context->pool, gz_buf_cstr(&slug));
    section->id = -1; /* shown, but never the navigation's current one */
    gz_buf_free(&slug);
}

void web_render_preview(const web_site_t *site, store_t *store, content_article_t *article,
                        gz_pool_t *pool, web_response_t *response)
{
    render_context_t context = {.site = site, .store = store, .pool = pool, .response = response};
    load_sections(&context);
    find_preview_section(&context, &article->section);
    views_site_t view = site_view(&context);
    views_article_media_t media = {.lead = web_media_lead(&context.media, article->lead_image),
                                   .resolve = web_media_resolve,
                                   .resolve_context = &context.media};
    response->status = 200;
    response->policy = WEB_POLICY_NONE;
    set_body_from_template(&context, "article",
                           views_article_page_with_media(&view, article, &media));
}

void web_render_error(const web_site_t *site, int status, const char *message,
                      web_response_t *response)
{
    render_context_t context = {.site = site, .response = response};
    render_error(&context, status, message);
}
