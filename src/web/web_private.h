/*
 * Private to src/web: the pieces the server's files share. Nothing outside
 * this folder includes it (unit tests of this folder may).
 */
#ifndef GAZETTE_WEB_PRIVATE_H
#define GAZETTE_WEB_PRIVATE_H

#include <h2o.h>

#include "base/base.h"
#include "store/store.h"
#include "tmpl/tmpl.h"
#include "views/views.h"

/* Limits on what a client may send; past them the answer is a 4xx. */
enum {
    WEB_MAX_TARGET_BYTES = 4096,
    WEB_MAX_HEADER_BYTES = 16384,
    WEB_MAX_PAGE_NUMBER = 10000,
};

/* ---- routing (router.c): pure, no I/O --------------------------------- */

typedef enum {
    WEB_ROUTE_HOME,
    WEB_ROUTE_SECTION,
    WEB_ROUTE_ARTICLE,
    WEB_ROUTE_ARTICLE_JSON,
    WEB_ROUTE_RELATED_JSON,
    WEB_ROUTE_HEALTH,
    WEB_ROUTE_REDIRECT,  /* a non-canonical spelling: see location */
    WEB_ROUTE_NOT_FOUND,
    WEB_ROUTE_BAD_REQUEST, /* see error */
    /* Feeds, sitemaps and tag fronts (feeds.c renders them). */
    WEB_ROUTE_FEED,              /* /feed.rss, /feed.atom, /feed.json: see feed_format */
    WEB_ROUTE_SECTION_FEED,      /* /section/{slug}/feed.* */
    WEB_ROUTE_TAG,               /* /tag/{slug} */
    WEB_ROUTE_TAG_FEED,          /* /tag/{slug}/feed.* */
    WEB_ROUTE_AUTHOR,            /* /author/{slug} */
    WEB_ROUTE_AUTHOR_FEED,       /* /author/{slug}/feed.* */
    WEB_ROUTE_ROBOTS,            /* /robots.txt */
    WEB_ROUTE_SITEMAP_INDEX,     /* /sitemap.xml */
    WEB_ROUTE_SITEMAP_ARTICLES,  /* /sitemap-articles-{page}.xml */
    WEB_ROUTE_SITEMAP_SECTIONS,  /* /sitemap-sections.xml */
    WEB_ROUTE_SITEMAP_NEWS,      /* /sitemap-news.xml */
    WEB_ROUTE_MOST_READ,         /* /api/v1/most-read?period=24h|7d&section=SLUG */
    /* Search (search.c renders them): see the search_* fields and section_slug. */
    WEB_ROUTE_SEARCH,            /* /search?q=&page=&section=&type=&lang=&from=&to= */
    WEB_ROUTE_SEARCH_JSON,       /* /api/v1/search?q=... */
    /* Media (media.c renders them): see media_path. */
    WEB_ROUTE_MEDIA,             /* /media/{path}: a derivative, an original, a folder file */
    WEB_ROUTE_BREAKING,          /* /breaking.json: the banner (breaking.c renders it) */
} web_route_kind_t;

/* The format of a feed route, in the order of views_feed_format_t. */
typedef enum { WEB_FEED_RSS, WEB_FEED_ATOM, WEB_FEED_JSON } web_feed_format_t;

typedef struct {
    web_route_kind_t kind;
    int64_t id;           /* article routes */
    const char *slug;     /* decoded, NUL-terminated, pool memory; NULL if absent */
    size_t page;          /* from ?page=N, 1 when absent */
    const char *location; /* WEB_ROUTE_REDIRECT */
    const char *error;    /* WEB_ROUTE_BAD_REQUEST: a message for the client */
    int status;           /* WEB_ROUTE_BAD_REQUEST: 400 or 414 */
    web_feed_format_t feed_format; /* feed routes */
    int period_days;               /* most read: 1 (period=24h, the default), 7, or -1: bad */
    const char *section_slug;      /* most read: ?section=SLUG, decoded; NULL for all */
    /* Search parameters, decoded ('+' is a space), cut to WEB_MAX_SEARCH_BYTES
     * (q) or WEB_MAX_FILTER_BYTES (the others) at a character boundary;
     * NULL when absent. section_slug above is the section filter. */
    const char *search_text;      /* ?q= */
    const char *search_type;      /* ?type= content type slug */
    const char *search_language;  /* ?lang= */
    const char *search_from;      /* ?from=YYYY-MM-DD */
    const char *search_to;        /* ?to=YYYY-MM-DD */
    const char *media_path;       /* WEB_ROUTE_MEDIA: the decoded path after "/media" */
    size_t edition;               /* the site's edition it is in: 0, the default, unless
                                     the host or the path's prefix names another */
} web_route_t;

enum { WEB_MAX_SEARCH_BYTES = 500, WEB_MAX_FILTER_BYTES = 64 };

/* Routes a request target ("/news/12/slug?page=2") for a GET or HEAD.
 * Percent-escapes are decoded; bad escapes, NUL bytes and invalid UTF-8
 * give WEB_ROUTE_BAD_REQUEST. Never fails otherwise. */
void web_route_parse(const char *target, size_t len, gz_pool_t *pool, web_route_t *out);
/* As web_route_parse, on a site of editions: the request is in the
 * edition whose host is host (its port aside), else the one whose prefix
 * starts the path ("/ar", "/ar/news/12/slug"), which is left out of the
 * route; else in the first. */
void web_route_parse_for(const gz_edition_t *editions, size_t edition_count, gz_str_t host,
                         const char *target, size_t len, gz_pool_t *pool, web_route_t *out);
/* The index of target's edition, as web_route_parse_for finds it, and the
 * length of the prefix that put it there (0 when none did). */
size_t web_route_edition(const gz_edition_t *editions, size_t count, gz_str_t host,
                         const char *target, size_t len, size_t *prefix_len);
/* Whether a redirect may go to location: a path on this site, which no
 * browser can read as another host ("//host", "/\\host", or with a tab or
 * newline, which browsers drop before they read it). Every redirect Gazette
 * makes is checked with it. */
bool web_location_is_local(const char *location);

/* The page cache's key for a route: the host, lowercased, then the route's
 * kind and the parameters its renderer reads, in a fixed order, numbers in
 * decimal and strings length-prefixed (so no two routes share a key).
 * Spellings that show the same page share one entry: tracking and unknown
 * parameters, their order, and parameters the route does not read change
 * nothing. Pool memory; GZ_STR_NULL for routes never cached (bad requests,
 * not found, trailing-slash redirects, health). */
gz_str_t web_route_cache_key(const web_route_t *route, gz_str_t host, gz_pool_t *pool);

/* The share of the cache a route's entries compete for. Readers' pages
 * (articles, fronts' first pages, feeds, sitemaps, JSON) never make room
 * for the variety a client can make up at will (searches, deep pages,
 * redirects of wrong slugs), which has a small budget of its own. */
typedef enum {
    WEB_CACHE_CLASS_READER,
    WEB_CACHE_CLASS_VARIETY,
    WEB_CACHE_CLASS_COUNT
} web_cache_class_t;

enum { WEB_READER_PAGES = 3 }; /* fronts' pages past this are variety */

web_cache_class_t web_route_cache_class(const web_route_t *route);

/* ---- responses (pages.c renders them, server.c sends them) ------------ */

enum { WEB_MAX_TAGS = 64 };

/* Which Cache-Control policy a response gets ([cache] settings). */
typedef enum {
    WEB_POLICY_NONE,    /* never stored by anyone: errors, editors' pages */
    WEB_POLICY_PAGE,    /* article pages */
    WEB_POLICY_FRONT,   /* home, section and tag fronts */
    WEB_POLICY_FEED,    /* feeds and sitemaps */
    WEB_POLICY_API,     /* JSON */
    WEB_POLICY_MEDIA,   /* a derivative: public, a year, immutable */
    WEB_POLICY_MEDIA_PENDING, /* a placeholder until the file arrives: revalidated */
    WEB_POLICY_BREAKING, /* /breaking.json: a short life, so a lowering shows soon */
} web_policy_t;

typedef struct {
    int status;
    const char *content_type;
    gz_buf_t body;
    const char *location;     /* redirects */
    gz_time_t last_modified;  /* 0 when unknown */
    int retry_after;          /* seconds, for 503; 0 for none */
    web_policy_t policy;      /* WEB_POLICY_NONE unless the renderer says */
    /* What the body shows, as cache tags: a write that emits one of them
     * (see store.h) drops the cached response. Pool strings. */
    const char *tags[WEB_MAX_TAGS];
    size_t tag_count;
    int64_t read_article_id; /* an article page: counts as a read of it */
    /* The page's Content-Security-Policy when it is not the site's
     * (a page with embeds lets their players be framed); NULL: the site's. */
    const char *csp;
    /* A redirect from an address the site itself published (an article's
     * old slug): cached with the readers' pages, since only editors make
     * them; other redirects count as variety (see web_cache_class_t). */
    bool published_redirect;
    /* > 0: what the response shows ends then (Unix seconds), with no write
     * to drop it: the cache keeps it until then at most. */
    gz_time_t expires_at;
} web_response_t;

/* Adds a tag ("article:12", "home") unless already there; past
 * WEB_MAX_TAGS the response is made uncacheable rather than under-tagged. */
void web_response_tag(web_response_t *response, gz_pool_t *pool, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

struct web_cache;
struct web_watcher;
typedef struct web_media web_media_t;
typedef struct web_assets web_assets_t;
struct web_reads;
struct web_thread_reads;

/* What every thread shares, immutable once the server runs (the cache is
 * shared too, and thread safe). */
typedef struct {
    const gz_config_t *config;
    const gz_edition_t *editions; /* gz_config_editions: at least one, the default first */
    size_t edition_count;
    gz_edition_t site_edition;    /* the one edition of a site that configures none */
    char *edition_origins[GZ_MAX_EDITIONS]; /* each one's "https://host" (editions.c) */
    char *edition_languages[GZ_MAX_EDITIONS]; /* each one's store filter; NULL: one edition */
    tmpl_set_t *templates;
    char *media_dir;           /* where uploaded pictures live, by their stored path */
    char *media_prefix;        /* the site part of new uploads' names ("gazette") */
    struct web_cache *cache;   /* NULL when [cache] size_mb is 0 */
    struct web_watcher *watcher;
    struct web_publisher *publisher; /* publishes scheduled articles when due */
    const char *replica_url;   /* the read replica in use; NULL: readers read the primary */
    struct web_reads *reads;   /* the shared tally of article reads */
    web_media_t *media;        /* derivatives, their jobs and the placeholder (media.c) */
    web_assets_t *assets;      /* the theme's static files, in memory (assets.c) */
    size_t reader_csp_len;     /* its length, not measured on every hit */
    char *reader_csp;          /* readers' Content-Security-Policy for a page that frames
                                  nothing (frame-src 'none'); a page with click-to-load
                                  embeds carries its own (web_page_csp) */
} web_site_t;

/* One server thread: its event loop, listener, store connections and
 * request pool. Nothing here is touched by another thread. */
typedef struct {
    h2o_context_t context;
    h2o_accept_ctx_t accept;
    h2o_socket_t *listener;
    int listen_fd;
    store_t *store;  /* the primary: writes and editors' reads */
    store_t *reader; /* the read replica for readers' pages; NULL without one */
    gz_pool_t pool;
    const web_site_t *site;
    pthread_t thread;
    struct web_thread_reads *reads; /* this thread's uncollected reads */
    struct web_entry_holders *holders;     /* the cache entries it holds (cache.h) */
} web_thread_t;

/* The name of the editors' session cookie: requests carrying it are never
 * answered from the cache nor cached by anyone. */
#define WEB_SESSION_COOKIE "gazette_session"

/* test_hooks.c: heap allocations made by the calling thread so far, when
 * the build counts them (-Dtest_hooks=true, no sanitizer); else 0. */
bool web_test_counts_allocations(void);
uint64_t web_test_allocations(void);

/* handler.c: h2o's callback for every request outside /static and /media. */
int web_handle_request(h2o_handler_t *self, h2o_req_t *req);

/* Renders the response for a route, reading from store. Errors become
 * error pages (404, 503), never a crash. pool is the request's pool. */
void web_render(const web_site_t *site, store_t *store, const web_route_t *route, gz_pool_t *pool,
                web_response_t *response);

/* Fills response with article as its public page would show it (the
 * theme's article template, the site's navigation and media), for the
 * newsroom's preview of an unsaved article: the section is looked up by
 * name (article's is set from the list). Never cached. */
void web_render_preview(const web_site_t *site, store_t *store, content_article_t *article,
                        gz_pool_t *pool, web_response_t *response);

/* Fills response with an HTML error page for status. */
void web_render_error(const web_site_t *site, int status, const char *message,
                      web_response_t *response);

/* ---- the theme's static files (assets.c) -------------------------------- */

/* Reads every file of a known type in dir (the theme's static/ folder)
 * into memory, compressed and fingerprinted. NULL with error set when a
 * file cannot be read or is too big; a missing folder is no files. */
web_assets_t *web_assets_load(const char *dir, gz_buf_t *error);
void web_assets_free(web_assets_t *assets);
/* The fingerprinted URL of each file for the templates, by name with '.'
 * and '-' as '_': {{assets.style_css}}. */
const json_t *web_assets_urls(const web_assets_t *assets);
/* The response for a name under /static/ (no reference taken: it lives as
 * long as the site), or NULL for no such file. */
struct web_cache_entry *web_assets_find(const web_assets_t *assets, const char *name, size_t len);
/* Renders template with model, the theme's asset URLs added as "assets". */
int web_render_template(const web_site_t *site, const char *template_name, json_t *model,
                        gz_buf_t *out);

/* ---- media (media.c): derivatives and stored files under /media -------- */

/* Queues the making of every derivative the theme declares for the item
 * (its original must be stored), on the site's job runner, off the request
 * path; returns at once. GZ_EUNAVAILABLE when the queue is full (what is
 * not queued is made on a reader's first request instead), GZ_ENOTFOUND
 * when the item has no original. store: the calling thread's. */
int web_media_queue_derivatives(const web_site_t *site, store_t *store, int64_t media_id);

/* The theme's sizes (media.ini), its placeholder and a job runner whose
 * threads store derivatives on config's primary; NULL with a message. */
web_media_t *web_media_new(const gz_config_t *config, gz_buf_t *error);
/* Makes what is queued, then stops the runner. NULL is fine. */
void web_media_free(web_media_t *media);

/* Renders WEB_ROUTE_MEDIA for a derivative or a file of the media folder,
 * like web_render: the bytes tagged "media:ID" with WEB_POLICY_MEDIA, a
 * placeholder (WEB_POLICY_MEDIA_PENDING) when the file is not stored yet,
 * 404 for a size the theme does not declare. */
void web_render_media(const web_site_t *site, store_t *store, const web_route_t *route,
                      gz_pool_t *pool, web_response_t *response);

/* The theme's declared sizes (media.ini). */
const media_sizes_t *web_media_sizes(const web_media_t *media);

/* ---- what pages show of the media library (page_media.c) --------------- */

/* A render's way to the items it shows: each one found tags response
 * "media:ID" (unless response is NULL). */
typedef struct {
    const web_site_t *site;
    store_t *store;
    gz_pool_t *pool;
    web_response_t *response;
} web_media_lookup_t;

/* Fills the view's media fields: the theme's sizes, the formats this
 * libvips writes, the embed providers allowed. */
/* The front of section (NULL: the home page) as editors arranged it
 * (fronts.c): GZ_OK with *model for the "front" template and response
 * tagged with what it shows, GZ_ENOTFOUND when nothing is arranged (the
 * caller shows the newest first), or the store's error. */
int web_curated_front(const web_site_t *site, store_t *store, const views_site_t *view,
                      const content_section_t *section, gz_pool_t *pool, web_response_t *response,
                      json_t **model);

void web_media_site_view(const web_site_t *site, views_site_t *view);
/* The readers' CSP of a rendered HTML page (server.c): NULL when it
 * embeds no player (the site's default, frame-src 'none', applies);
 * otherwise the policy whose frame-src lists the origins of the allowed
 * providers the page's click-to-load embeds name (data-embed-provider),
 * and nothing else: a reader can load only what the page offers. */
const char *web_page_csp(const web_site_t *site, const char *body, size_t len, gz_pool_t *pool);
/* MEDIA_EMBED_COUNT flags: the providers the theme's media.ini allows. */
const bool *web_media_site_embeds(const web_site_t *site);
/* A content_media_resolve_fn over a web_media_lookup_t. */
const content_media_t *web_media_resolve(void *context, int64_t id);
/* The item a lead picture field names ("media:ID" or a legacy path), or
 * NULL. */
const content_media_t *web_media_lead(web_media_lookup_t *lookup, const char *lead_image);
/* Whether path names a file of the media folder (no traversal). */
bool web_media_in_folder(const web_site_t *site, const char *path);
/* A views_image_url_fn over a web_media_lookup_t: a stored item's
 * derivative, a file of the media folder, or nothing (the placeholder). */
void web_media_image_url(void *context, const char *picture_path, gz_buf_t *out);

/* Sends /media/{stem}.{ext}, an item's original (a video), from the store
 * with byte ranges, and returns true; false (nothing sent) when route
 * names no stored original, for web_render_media to answer. */
bool web_media_send_original(web_thread_t *thread, h2o_req_t *req, const web_route_t *route);

/* ---- feeds, sitemaps and tag fronts (feeds.c) -------------------------- */

/* The site as views see it in one of its editions (pages.c): names,
 * addresses, language, the sections of the navigation, pictures found in
 * the media store, and the time now. */
views_site_t web_site_view(const web_site_t *site, size_t edition,
                           const content_section_t *sections, size_t section_count);

/* ---- editions (editions.c) ----------------------------------------------- */

/* Fills the site's editions and their origins from its config. */
void web_editions_load(web_site_t *site);
void web_editions_free(web_site_t *site);
/* The index of the edition an article in language belongs to. */
size_t web_edition_of(const web_site_t *site, const char *language);
/* The prefix its pages' paths start with: "/ar", or "" (the default, or
 * an edition on its own host). */
const char *web_edition_prefix(const web_site_t *site, size_t edition);
/* Narrows a live list to the edition's articles (on a site of several). */
void web_edition_scope(const web_site_t *site, size_t edition, store_article_query_t *query);

/* Renders the feed, sitemap, robots.txt and tag front routes, like
 * web_render (whose sections it is given for the navigation). Feeds and
 * sitemaps get WEB_POLICY_FEED and the tag "feeds" (plus "home",
 * "section:ID" or "tag:ID" for what they follow, "sections" where section
 * names show); tag fronts WEB_POLICY_FRONT, "tag:ID" and "sections". */
void web_render_feeds(const web_site_t *site, store_t *store, const web_route_t *route,
                      gz_pool_t *pool, web_response_t *response,
                      const content_section_t *sections, size_t section_count);

/* ---- the breaking-news banner (breaking.c) ------------------------------ */

/* Renders WEB_ROUTE_BREAKING: the banner up now as JSON (views_breaking_json),
 * tagged "breaking" with WEB_POLICY_BREAKING, its entry ending at the
 * banner's expiry (expires_at), so an expired banner goes with nobody
 * writing; 503 in JSON when the store does not answer. Pages never show
 * the banner: their script fetches this, so a raise or a lowering drops
 * this one entry and no page. */
void web_render_breaking(const web_site_t *site, store_t *store, gz_pool_t *pool,
                         web_response_t *response);

/* ---- search (search.c) -------------------------------------------------- */

/* Renders WEB_ROUTE_SEARCH (the theme's "search" template) and
 * WEB_ROUTE_SEARCH_JSON, like web_render (whose sections it is given for
 * the navigation and the section filter). Tagged "search", "home" and, for
 * the page, "sections"; WEB_POLICY_FRONT for the page, WEB_POLICY_API for
 * the JSON. */
void web_render_search(const web_site_t *site, store_t *store, const web_route_t *route,
                       gz_pool_t *pool, web_response_t *response,
                       const content_section_t *sections, size_t section_count);

#endif
