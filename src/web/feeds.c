/*
 * feeds.c: the routes machines read (feeds of the whole site, a section, a
 * tag or an author; the sitemaps; robots.txt) and the tag and author
 * fronts, which share their lookups with those feeds. Each reads the store, hands plain content
 * values to a view of src/views and puts the bytes in the response, like
 * pages.c does for reader pages.
 *
 * Every response says what it shows, for the page cache: feeds and
 * sitemaps are WEB_POLICY_FEED and tagged "feeds" (a write to any article
 * emits it), plus "home", "section:ID" or "tag:ID" for the front a feed
 * follows, and "sections" where section names show (feed items' categories,
 * the section sitemap); tag fronts are WEB_POLICY_FRONT with "tag:ID" and "sections"
 * (their navigation), author fronts and feeds carry "author:ID" (the
 * profile, and every change of who wrote what). A missing section or tag is the theme's 404 page
 * and a store that does not answer a 503, never a half feed.
 *
 * The store reads are chosen for size: a feed is one page of the live
 * index plus a primary-key lookup per item for its body, authors and tags;
 * the sitemap index reads the live total from the store's counters; an
 * article sitemap is one page of the live index read oldest first, so old
 * pages keep their content as news arrives; the news sitemap is the short
 * top range of the last 48 hours.
 */
#include <string.h>

#include "web/web_private.h"

_Static_assert((int)WEB_FEED_RSS == (int)VIEWS_FEED_RSS &&
                   (int)WEB_FEED_ATOM == (int)VIEWS_FEED_ATOM &&
                   (int)WEB_FEED_JSON == (int)VIEWS_FEED_JSON,
               "web_feed_format_t follows views_feed_format_t");

static const char XML_TYPE[] = "application/xml; charset=utf-8";
static const char TEXT_TYPE[] = "text/plain; charset=utf-8";

typedef struct {
    const web_site_t *site;
    store_t *store;
    const web_route_t *route;
    gz_pool_t *pool;
    web_response_t *response;
    views_site_t view;
} feeds_context_t;

/* ---- answers ------------------------------------------------------------------- */

static void store_unavailable(feeds_context_t *context, int code)
{
    gz_log(GZ_LOG_ERROR, "store: %s: %s", gz_strerror(code), store_last_error(context->store));
    web_render_error(context->site, 503,
                     "The newsroom's archive is not answering. Please try again in a moment.",
                     context->response);
    context->response->retry_after = 5;
}

static void not_found(feeds_context_t *context, const char *message)
{
    web_render_error(context->site, 404, message, context->response);
}

/* A 200 for machines: its type, cache policy and the tag every feed and
 * sitemap carries. */
static web_response_t *machine_response(feeds_context_t *context, const char *content_type)
{
    web_response_t *response = context->response;
    response->status = 200;
    response->content_type = content_type;
    response->policy = WEB_POLICY_FEED;
    web_response_tag(response, context->pool, "feeds");
    return response;
}

static int list_articles(feeds_context_t *context, const store_article_query_t *query,
                         content_article_list_t *list)
{
    store_article_query_t scoped = *query;
    if (scoped.tag_id == 0 && scoped.live_only) /* tags' lists are the whole site's */
        web_edition_scope(context->site, context->route->edition, &scoped);
    int code = store_article_list(context->store, &scoped, context->pool, list);
    if (code != GZ_OK) {
        store_unavailable(context, code);
    }
    return code;
}

/* ---- feeds ------------------------------------------------------------------------ */

static gz_time_t newest_change(const content_article_list_t *list)
{
    gz_time_t newest = 0;
    for (size_t i = 0; i < list->count; i++) {
        const content_article_t *article = &list->items[i];
        gz_time_t changed = article->updated_at > article->published_at ? article->updated_at
                                                                        : article->published_at;
        newest = changed > newest ? changed : newest;
    }
    return newest;
}

/* Each article's lead picture and body references, for media:content and
 * figures. A feed is not tagged with each item it shows (fifty articles'
 * pictures would pass the tag limit and make it uncacheable): it follows
 * its articles and its short lifetime, and picture addresses carry their
 * item's version. */
static const views_article_media_t *feed_media(feeds_context_t *context,
                                               const content_article_list_t *list)
{
    web_media_lookup_t *lookup = gz_pool_calloc(context->pool, 1, sizeof *lookup);
    *lookup = (web_media_lookup_t){
        .site = context->site, .store = context->store, .pool = context->pool, .response = NULL};
    views_article_media_t *media =
        gz_pool_calloc(context->pool, list->count > 0 ? list->count : 1, sizeof *media);
    for (size_t i = 0; i < list->count; i++) {
        media[i] =
            (views_article_media_t){.lead = web_media_lead(lookup, list->items[i].lead_image),
                                    .resolve = web_media_resolve,
                                    .resolve_context = lookup};
    }
    return media;
}

/* The newest live articles of the site, a section or a tag, in full. */
static void render_feed(feeds_context_t *context, const views_feed_t *feed, int64_t section_id,
                        int64_t tag_id)
{
    store_article_query_t query = {
        .section_id = section_id,
        .tag_id = tag_id,
        .live_only = true,
        .now = context->view.now,
        .limit = (size_t)context->site->config->feed_items,
        .with_body = true,
        .with_authors_and_tags = true,
    };
    content_article_list_t list;
    if (list_articles(context, &query, &list) != GZ_OK) {
        return;
    }
    views_feed_format_t format = (views_feed_format_t)context->route->feed_format;
    web_response_t *response = machine_response(context, views_feed_content_type(format));
    web_response_tag(response, context->pool, "sections"); /* items name their section */
    if (tag_id > 0) {
        web_response_tag(response, context->pool, "tag:%lld", (long long)tag_id);
    } else if (section_id > 0) {
        web_response_tag(response, context->pool, "section:%lld", (long long)section_id);
    } else {
        web_response_tag(response, context->pool, "home");
    }
    response->last_modified = newest_change(&list);
    views_feed_t with_media = *feed;
    with_media.media = feed_media(context, &list);
    views_feed(&context->view, &with_media, format, &list, &response->body);
}

static void render_section_feed(feeds_context_t *context)
{
    content_section_t section;
    int code =
        store_section_get_by_slug(context->store, context->route->slug, context->pool, &section);
    if (code == GZ_ENOTFOUND) {
        not_found(context, "There is no such section.");
        return;
    }
    if (code != GZ_OK) {
        store_unavailable(context, code);
        return;
    }
    gz_buf_t path = GZ_BUF_INIT;
    views_section_path(&path, &context->view, section.slug);
    views_feed_t feed = {.title = section.name, .path = gz_buf_cstr(&path)};
    render_feed(context, &feed, section.id, 0);
    gz_buf_free(&path);
}

/* A renamed or merged tag's old address: 301 to the tag it leads to now,
 * the same page or feed. Not cached (WEB_POLICY_NONE): a tag made later
 * with the old slug must take the address back at once, and the two
 * reads cost less than tracking that. */
static void redirect_old_tag(feeds_context_t *context, const content_tag_t *tag)
{
    gz_buf_t location = GZ_BUF_INIT;
    views_tag_path(&location, &context->view, tag->slug);
    if (context->route->kind == WEB_ROUTE_TAG_FEED) {
        static const char *const names[] = {[WEB_FEED_RSS] = "feed.rss",
                                            [WEB_FEED_ATOM] = "feed.atom",
                                            [WEB_FEED_JSON] = "feed.json"};
        gz_buf_printf(&location, "/%s", names[context->route->feed_format]);
    } else if (context->route->page > 1) {
        gz_buf_printf(&location, "?page=%zu", context->route->page);
    }
    web_response_t *response = context->response;
    const char *target = gz_pool_strdup(context->pool, gz_buf_cstr(&location));
    gz_buf_free(&location);
    response->status = 301;
    response->policy = WEB_POLICY_NONE;
    response->location = web_location_is_local(target) ? target : "/";
    response->content_type = "text/html; charset=utf-8";
    gz_buf_append_cstr(&response->body, "<!doctype html><title>Moved</title><a href=\"");
    gz_buf_append_html(&response->body, response->location, strlen(response->location));
    gz_buf_append_cstr(&response->body, "\">Moved here</a>\n");
}

/* Reads the route's tag; on failure the error page (or the 301 of an old
 * slug) is already in the response. */
static bool load_tag(feeds_context_t *context, content_tag_t *tag)
{
    int code = store_tag_get_by_slug(context->store, context->route->slug, context->pool, tag);
    if (code == GZ_ENOTFOUND) {
        code = store_tag_get_by_old_slug(context->store, context->route->slug, context->pool, tag);
        if (code == GZ_OK) {
            redirect_old_tag(context, tag);
            return false;
        }
    }
    if (code == GZ_ENOTFOUND) {
        not_found(context, "There is no such tag.");
    } else if (code != GZ_OK) {
        store_unavailable(context, code);
    }
    return code == GZ_OK;
}

static void render_tag_feed(feeds_context_t *context)
{
    content_tag_t tag;
    if (!load_tag(context, &tag)) {
        return;
    }
    gz_buf_t path = GZ_BUF_INIT;
    views_tag_path(&path, &context->view, tag.slug);
    views_feed_t feed = {.title = tag.name, .path = gz_buf_cstr(&path)};
    render_feed(context, &feed, 0, tag.id);
    gz_buf_free(&path);
}

/* ---- tag fronts ----------------------------------------------------------------- */

/* Renders a front's model (taken) with the theme's "front" template: true
 * with the page's status, type and policy set and "sections" tagged (its
 * navigation), false with the error page sent. */
static bool send_front(feeds_context_t *context, json_t *model, const char *what)
{
    web_response_t *response = context->response;
    int code = web_render_template(context->site, "front", model, &response->body);
    json_decref(model);
    if (code != GZ_OK) {
        gz_log(GZ_LOG_ERROR, "template 'front' failed to render %s", what);
        gz_buf_reset(&response->body);
        web_render_error(context->site, 500, "This page could not be shown.", response);
        return false;
    }
    response->status = 200;
    response->content_type = "text/html; charset=utf-8";
    response->policy = WEB_POLICY_FRONT;
    web_response_tag(response, context->pool, "sections");
    return true;
}

static void render_tag_front(feeds_context_t *context)
{
    content_tag_t tag;
    if (!load_tag(context, &tag)) {
        return;
    }
    size_t page = context->route->page, page_size = (size_t)context->site->config->page_size;
    store_article_query_t query = {.tag_id = tag.id,
                                   .live_only = true,
                                   .now = context->view.now,
                                   .limit = page_size,
                                   .offset = (page - 1) * page_size};
    content_article_list_t list;
    if (list_articles(context, &query, &list) != GZ_OK) {
        return;
    }
    if (page > 1 && list.count == 0) {
        not_found(context, "There is no such page of articles.");
        return;
    }
    json_t *model = views_tag_front_page(&context->view, &tag, &list, page, page_size);
    if (send_front(context, model, "a tag page")) {
        web_response_tag(context->response, context->pool, "tag:%lld", (long long)tag.id);
    }
}

/* ---- authors ---------------------------------------------------------------------- */

/* Reads the route's author; on failure the error page is already rendered. */
static bool load_author(feeds_context_t *context, content_author_t *author)
{
    int code =
        store_author_get_by_slug(context->store, context->route->slug, context->pool, author);
    if (code == GZ_ENOTFOUND) {
        not_found(context, "There is no such author.");
    } else if (code != GZ_OK) {
        store_unavailable(context, code);
    }
    return code == GZ_OK;
}

static int author_articles(feeds_context_t *context, const content_author_t *author, size_t limit,
                           size_t offset, content_article_list_t *list)
{
    int code = store_author_articles(context->store, author->id, context->view.now, limit, offset,
                                     context->pool, list);
    if (code != GZ_OK) {
        store_unavailable(context, code);
    }
    return code;
}

/* The author's feed: their newest live articles, each read whole (body,
 * authors, tags) by its key, as the site's feed has them. */
static void render_author_feed(feeds_context_t *context)
{
    content_author_t author;
    content_article_list_t list;
    if (!load_author(context, &author) ||
        author_articles(context, &author, (size_t)context->site->config->feed_items, 0, &list) !=
            GZ_OK) {
        return;
    }
    for (size_t i = 0; i < list.count; i++) {
        content_article_t *whole = NULL;
        int code = store_article_get(context->store, list.items[i].id, context->pool, &whole);
        if (code != GZ_OK) {
            store_unavailable(context, code);
            return;
        }
        list.items[i] = *whole;
    }
    gz_buf_t path = GZ_BUF_INIT;
    views_author_path(&path, &context->view, author.slug);
    views_feed_t feed = {.title = author.name, .path = gz_buf_cstr(&path)};
    views_feed_format_t format = (views_feed_format_t)context->route->feed_format;
    web_response_t *response = machine_response(context, views_feed_content_type(format));
    web_response_tag(response, context->pool, "sections");
    web_response_tag(response, context->pool, "author:%lld", (long long)author.id);
    response->last_modified = newest_change(&list);
    feed.media = feed_media(context, &list);
    views_feed(&context->view, &feed, format, &list, &response->body);
    gz_buf_free(&path);
}

static void render_author_front(feeds_context_t *context)
{
    content_author_t author;
    if (!load_author(context, &author)) {
        return;
    }
    size_t page = context->route->page, page_size = (size_t)context->site->config->page_size;
    content_article_list_t list;
    if (author_articles(context, &author, page_size, (page - 1) * page_size, &list) != GZ_OK) {
        return;
    }
    if (page > 1 && list.count == 0) {
        not_found(context, "There is no such page of articles.");
        return;
    }
    web_media_lookup_t lookup = {.site = context->site,
                                 .store = context->store,
                                 .pool = context->pool,
                                 .response = context->response};
    const content_media_t *picture =
        author.picture_id > 0 ? web_media_resolve(&lookup, author.picture_id) : NULL;
    json_t *model = views_author_page(&context->view, &author, picture, &list, page, page_size);
    if (send_front(context, model, "an author page")) {
        web_response_tag(context->response, context->pool, "author:%lld", (long long)author.id);
    }
}

/* ---- sitemaps and robots.txt ------------------------------------------------------ */

/* How many article sitemaps the live articles fill (the total comes from
 * the store's counters, not from counting rows). */
static int article_sitemap_pages(feeds_context_t *context, size_t *pages)
{
    store_article_query_t query = {.live_only = true, .now = context->view.now, .limit = 1};
    content_article_list_t list;
    int code = list_articles(context, &query, &list);
    if (code == GZ_OK) {
        *pages = views_sitemap_article_pages(list.total);
    }
    return code;
}

static void render_sitemap_index(feeds_context_t *context)
{
    size_t pages = 0;
    if (article_sitemap_pages(context, &pages) == GZ_OK) {
        web_response_t *response = machine_response(context, XML_TYPE);
        views_sitemap_index(&context->view, pages, &response->body);
    }
}

static void render_sitemap_articles(feeds_context_t *context)
{
    size_t pages = 0, page = context->route->page;
    if (article_sitemap_pages(context, &pages) != GZ_OK) {
        return;
    }
    if (page > pages) {
        not_found(context, "There is no such sitemap.");
        return;
    }
    store_article_query_t query = {.live_only = true,
                                   .now = context->view.now,
                                   .oldest_first = true,
                                   .limit = VIEWS_SITEMAP_MAX_URLS,
                                   .offset = (page - 1) * VIEWS_SITEMAP_MAX_URLS};
    content_article_list_t list;
    if (list_articles(context, &query, &list) != GZ_OK) {
        return;
    }
    web_response_t *response = machine_response(context, XML_TYPE);
    size_t written =
        views_sitemap_articles(&context->view, &list, VIEWS_SITEMAP_MAX_BYTES, &response->body);
    size_t indexed = 0;
    for (size_t i = 0; i < list.count; i++) {
        indexed += views_article_is_indexed(&list.items[i]) ? 1 : 0;
    }
    if (written < indexed) {
        gz_log(GZ_LOG_WARN, "sitemap %zu: %zu addresses too long to list", page, indexed - written);
    }
}

/* The newest publication time of the site (section_id 0) or a section. */
static int newest_publication(feeds_context_t *context, int64_t section_id, gz_time_t *newest)
{
    store_article_query_t query = {
        .section_id = section_id, .live_only = true, .now = context->view.now, .limit = 1};
    content_article_list_t list;
    int code = list_articles(context, &query, &list);
    *newest = code == GZ_OK && list.count > 0 ? list.items[0].published_at : 0;
    return code;
}

static void render_sitemap_sections(feeds_context_t *context)
{
    size_t count = context->view.section_count;
    gz_time_t *modified = gz_pool_calloc(context->pool, count + 1, sizeof *modified);
    int code = newest_publication(context, 0, &modified[0]);
    const content_section_t *sections = context->view.sections;
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        if (content_section_is_listed(&sections[i], sections, count)) /* the others are not shown */
            code = newest_publication(context, sections[i].id, &modified[i + 1]);
    }
    if (code != GZ_OK) {
        return;
    }
    web_response_t *response = machine_response(context, XML_TYPE);
    web_response_tag(response, context->pool, "sections");
    web_response_tag(response, context->pool, "home");
    views_sitemap_sections(&context->view, modified, &response->body);
}

static void render_sitemap_news(feeds_context_t *context)
{
    store_article_query_t query = {.live_only = true,
                                   .now = context->view.now,
                                   .published_after = context->view.now - VIEWS_NEWS_SITEMAP_WINDOW,
                                   .limit = VIEWS_NEWS_SITEMAP_MAX_URLS};
    content_article_list_t list;
    if (list_articles(context, &query, &list) == GZ_OK) {
        web_response_t *response = machine_response(context, XML_TYPE);
        web_response_tag(response, context->pool, "home");
        views_sitemap_news(&context->view, &list, &response->body);
    }
}

static void render_robots(feeds_context_t *context)
{
    web_response_t *response = machine_response(context, TEXT_TYPE);
    views_robots_txt(&context->view, &response->body);
}

void web_render_feeds(const web_site_t *site, store_t *store, const web_route_t *route,
                      gz_pool_t *pool, web_response_t *response, const content_section_t *sections,
                      size_t section_count)
{
    feeds_context_t context = {.site = site,
                               .store = store,
                               .route = route,
                               .pool = pool,
                               .response = response,
                               .view =
                                   web_site_view(site, route->edition, sections, section_count)};
    gz_buf_t home = GZ_BUF_INIT;
    views_home_path(&home, &context.view);
    views_feed_t site_feed = {.title = NULL, .path = gz_pool_strdup(pool, gz_buf_cstr(&home))};
    gz_buf_free(&home);
    switch (route->kind) {
    case WEB_ROUTE_FEED: render_feed(&context, &site_feed, 0, 0); break;
    case WEB_ROUTE_SECTION_FEED: render_section_feed(&context); break;
    case WEB_ROUTE_TAG: render_tag_front(&context); break;
    case WEB_ROUTE_TAG_FEED: render_tag_feed(&context); break;
    case WEB_ROUTE_AUTHOR: render_author_front(&context); break;
    case WEB_ROUTE_AUTHOR_FEED: render_author_feed(&context); break;
    case WEB_ROUTE_ROBOTS: render_robots(&context); break;
    case WEB_ROUTE_SITEMAP_INDEX: render_sitemap_index(&context); break;
    case WEB_ROUTE_SITEMAP_ARTICLES: render_sitemap_articles(&context); break;
    case WEB_ROUTE_SITEMAP_SECTIONS: render_sitemap_sections(&context); break;
    case WEB_ROUTE_SITEMAP_NEWS: render_sitemap_news(&context); break;
    default: not_found(&context, "There is nothing at this address."); break;
    }
}
