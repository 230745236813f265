/*
 * Private to src/web: the pieces the server's files share. Nothing outside
 * this folder includes it (unit tests of this folder may).
 */
#ifndef GAZETTE_WEB_PRIVATE_H
#define GAZETTE_WEB_PRIVATE_H

#include "base/base.h"
#include "store/store.h"
#include "tmpl/tmpl.h"

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
    WEB_ROUTE_BAD_REQUEST /* see error */
} web_route_kind_t;

typedef struct {
    web_route_kind_t kind;
    int64_t id;           /* article routes */
    const char *slug;     /* decoded, NUL-terminated, pool memory; NULL if absent */
    size_t page;          /* from ?page=N, 1 when absent */
    const char *location; /* WEB_ROUTE_REDIRECT */
    const char *error;    /* WEB_ROUTE_BAD_REQUEST: a message for the client */
    int status;           /* WEB_ROUTE_BAD_REQUEST: 400 or 414 */
} web_route_t;

/* Routes a request target ("/news/12/slug?page=2") for a GET or HEAD.
 * Percent-escapes are decoded; bad escapes, NUL bytes and invalid UTF-8
 * give WEB_ROUTE_BAD_REQUEST. Never fails otherwise. */
void web_route_parse(const char *target, size_t len, gz_pool_t *pool, web_route_t *out);

/* ---- responses (pages.c renders them, server.c sends them) ------------ */

enum { WEB_MAX_TAGS = 64 };

/* Which Cache-Control policy a response gets ([cache] settings). */
typedef enum {
    WEB_POLICY_NONE,    /* never stored by anyone: errors, editors' pages */
    WEB_POLICY_PAGE,    /* article pages */
    WEB_POLICY_FRONT,   /* home, section and tag fronts */
    WEB_POLICY_FEED,    /* feeds and sitemaps */
    WEB_POLICY_API,     /* JSON */
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
} web_response_t;

/* Adds a tag ("article:12", "home") unless already there; past
 * WEB_MAX_TAGS the response is made uncacheable rather than under-tagged. */
void web_response_tag(web_response_t *response, gz_pool_t *pool, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What every thread shares, immutable once the server runs. */
typedef struct {
    const gz_config_t *config;
    tmpl_set_t *templates;
    char *media_dir; /* where uploaded pictures live, by their stored path */
} web_site_t;

/* Renders the response for a route, reading from store. Errors become
 * error pages (404, 503), never a crash. pool is the request's pool. */
void web_render(const web_site_t *site, store_t *store, const web_route_t *route, gz_pool_t *pool,
                web_response_t *response);

/* Fills response with an HTML error page for status. */
void web_render_error(const web_site_t *site, int status, const char *message,
                      web_response_t *response);

#endif
