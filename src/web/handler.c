/*
 * handler.c: every reader request outside /static and /media comes here.
 *
 * The hot path is a cache hit: check the method and header size, route the
 * target and build the key from what the route shows (so tracking
 * parameters and reordered queries hit one entry), probe the cache, and
 * hand the entry's bytes to h2o without copying them. The response holds
 * the entry until h2o is done with it, through this thread's holder of it
 * (entry_holders.c), and the header values were made when the entry was
 * filled, so a hit allocates nothing. Only a miss reads the store and
 * renders, and the cache makes sure that concurrent misses of one key
 * render once. Editors (with a session cookie) always get a fresh render,
 * marked private so no shared cache keeps it.
 */
#include <arpa/inet.h>
#include <stdatomic.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "web/cache.h"
#include "web/reads.h"
#include "web/web_private.h"

static const char PRIVATE_CACHE_CONTROL[] = "private, no-store";
static const char NO_STORE[] = "no-store";
/* A derivative's bytes never change under its name (a new crop is a new
 * file for a moved focal point: see media.c); a placeholder is asked again
 * each time, so the file shows as soon as it arrives. */
static const char MEDIA_CACHE_CONTROL[] = "public, max-age=31536000, immutable";
static const char PENDING_CACHE_CONTROL[] = "no-cache";

/* Test builds: heap allocations made by the cache hits measured. */
static atomic_uint_fast64_t hit_allocations, hits_measured;

static const char *reason_phrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "OK";
    }
}

/* ---- reading the request ---------------------------------------------------- */

static bool method_is(const h2o_req_t *req, const char *name)
{
    return h2o_memis(req->method.base, req->method.len, name, strlen(name));
}

static size_t header_bytes(const h2o_req_t *req)
{
    size_t total = 0;
    for (size_t i = 0; i < req->headers.size; i++) {
        total += req->headers.entries[i].name->len + req->headers.entries[i].value.len + 4;
    }
    return total;
}

static h2o_iovec_t header_value(const h2o_req_t *req, const h2o_token_t *token)
{
    ssize_t index = h2o_find_header(&req->headers, token, -1);
    return index < 0 ? h2o_iovec_init(NULL, 0) : req->headers.entries[index].value;
}

static bool has_session_cookie(const h2o_req_t *req)
{
    for (ssize_t i = -1; (i = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, i)) >= 0;) {
        h2o_iovec_t value = req->headers.entries[i].value;
        if (value.len >= sizeof WEB_SESSION_COOKIE &&
            memmem(value.base, value.len, WEB_SESSION_COOKIE "=", sizeof WEB_SESSION_COOKIE) !=
                NULL) {
            return true;
        }
    }
    return false;
}

static bool peer_is_loopback(h2o_req_t *req)
{
    struct sockaddr_storage address;
    socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&address);
    if (len == 0) {
        return false;
    }
    if (address.ss_family == AF_INET) {
        const struct sockaddr_in *ipv4 = (const struct sockaddr_in *)&address;
        return (ntohl(ipv4->sin_addr.s_addr) >> 24) == 127;
    }
    if (address.ss_family == AF_INET6) {
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)&address)->sin6_addr);
    }
    return false;
}

/* ---- sending ------------------------------------------------------------------- */

#define ADD_STATIC_HEADER(req, name, value)                                                        \
    h2o_add_header_by_str(&(req)->pool, &(req)->res.headers, H2O_STRLIT(name), 0, NULL,            \
                          H2O_STRLIT(value))

static void add_header(h2o_req_t *req, const h2o_token_t *token, const char *value)
{
    h2o_add_header(&req->pool, &req->res.headers, token, NULL, value, strlen(value));
}

/* The page's own policy when it embeds players, else the site's: most
 * pages frame nothing and send the short one. */
static void add_security_headers(const web_site_t *site, h2o_req_t *req,
                                 const web_cache_entry_t *entry)
{
    ADD_STATIC_HEADER(req, "x-content-type-options", "nosniff");
    h2o_iovec_t csp = entry->csp.base != NULL
                          ? entry->csp
                          : h2o_iovec_init(site->reader_csp, site->reader_csp_len);
    ADD_STATIC_HEADER(req, "referrer-policy", "strict-origin-when-cross-origin");
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("content-security-policy"), 0,
                          NULL, csp.base, csp.len);
}

static void add_value(h2o_req_t *req, const h2o_token_t *token, h2o_iovec_t value)
{
    h2o_add_header(&req->pool, &req->res.headers, token, NULL, value.base, value.len);
}

static bool not_modified(h2o_req_t *req, const web_cache_entry_t *entry)
{
    h2o_iovec_t if_none_match = header_value(req, H2O_TOKEN_IF_NONE_MATCH);
    if (if_none_match.base != NULL) {
        /* Any variant of the same body: the hash without quotes. */
        h2o_iovec_t etag = entry->etag[WEB_ENCODING_IDENTITY];
        return memmem(if_none_match.base, if_none_match.len, etag.base + 1, etag.len - 2) != NULL ||
               h2o_memis(if_none_match.base, if_none_match.len, H2O_STRLIT("*"));
    }
    h2o_iovec_t since = header_value(req, H2O_TOKEN_IF_MODIFIED_SINCE);
    if (since.base == NULL || entry->last_modified_time <= 0) {
        return false;
    }
    struct tm parsed = {0};
    char text[64];
    snprintf(text, sizeof text, "%.*s", (int)since.len, since.base);
    const char *end = strptime(text, "%a, %d %b %Y %H:%M:%S GMT", &parsed);
    return end != NULL && *end == '\0' && entry->last_modified_time <= timegm(&parsed);
}

/* Counts a read for the most-read lists (see reads.c for what counts). */
static void count_read(web_thread_t *thread, h2o_req_t *req, int64_t article_id)
{
    h2o_iovec_t agent = header_value(req, H2O_TOKEN_USER_AGENT);
    if (web_reads_is_robot(agent.base, agent.len)) {
        return;
    }
    /* The reader: the client's address (not its port) and user agent. */
    struct sockaddr_storage address;
    socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&address);
    const void *host = &((struct sockaddr_in *)&address)->sin_addr;
    size_t host_len = len == 0 ? 0 : sizeof(struct in_addr);
    if (len > 0 && address.ss_family == AF_INET6) {
        host = &((struct sockaddr_in6 *)&address)->sin6_addr;
        host_len = sizeof(struct in6_addr);
    }
    uint64_t reader = 1469598103934665603ULL;
    const unsigned char *bytes[2] = {host, (const unsigned char *)agent.base};
    size_t lengths[2] = {host_len, agent.len};
    for (size_t part = 0; part < 2; part++) {
        for (size_t i = 0; i < lengths[part]; i++) {
            reader = (reader ^ bytes[part][i]) * 1099511628211ULL;
        }
    }
    web_thread_reads_count(thread->reads, article_id, reader, gz_now());
}

/* The headers a cacheable entry carries; true when the request's
 * validators match (then only a 304 is due). */
static bool add_cache_headers(h2o_req_t *req, const web_cache_entry_t *entry,
                              web_encoding_t encoding)
{
    add_header(req, H2O_TOKEN_VARY, "accept-encoding");
    add_value(req, H2O_TOKEN_ETAG, entry->etag[encoding]);
    if (entry->last_modified.base != NULL) {
        add_value(req, H2O_TOKEN_LAST_MODIFIED, entry->last_modified);
    }
    if (entry->surrogate_key.base != NULL) {
        h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("surrogate-key"), 0, NULL,
                              entry->surrogate_key.base, entry->surrogate_key.len);
    }
    return not_modified(req, entry);
}

/* holders: the thread's, for an entry the cache holds; NULL for one-off. */
static void send_entry(web_thread_t *thread, h2o_req_t *req, web_cache_entry_t *entry,
                       web_entry_holders_t *holders)
{
    static h2o_generator_t generator = {NULL, NULL};
    web_entry_hold(holders, &req->pool, entry);
    h2o_iovec_t accept = header_value(req, H2O_TOKEN_ACCEPT_ENCODING);
    web_encoding_t encoding = web_cache_choose_encoding(entry, accept.base, accept.len);
    req->res.status = entry->status;
    req->res.reason = reason_phrase(entry->status);
    add_value(req, H2O_TOKEN_CONTENT_TYPE, entry->content_type);
    add_value(req, H2O_TOKEN_CACHE_CONTROL, entry->cache_control);
    add_security_headers(thread->site, req, entry);
    if (entry->location.base != NULL) {
        add_value(req, H2O_TOKEN_LOCATION, entry->location);
    }
    if (entry->status == 405) {
        add_header(req, H2O_TOKEN_ALLOW, "GET, HEAD");
    }
    if (entry->status == 503) {
        add_header(req, H2O_TOKEN_RETRY_AFTER, "5");
    }
    if ((entry->status == 200 || entry->status == 301) && add_cache_headers(req, entry, encoding)) {
        req->res.status = 304;
        req->res.reason = reason_phrase(304);
        h2o_send_inline(req, "", 0);
        return;
    }
    if (entry->read_article_id > 0 && entry->status == 200 && method_is(req, "GET")) {
        count_read(thread, req, entry->read_article_id);
    }
    if (encoding == WEB_ENCODING_GZIP) {
        add_header(req, H2O_TOKEN_CONTENT_ENCODING, "gzip");
    } else if (encoding == WEB_ENCODING_BROTLI) {
        add_header(req, H2O_TOKEN_CONTENT_ENCODING, "br");
    }
    h2o_iovec_t body = h2o_iovec_init(entry->body[encoding].ptr, entry->body[encoding].len);
    req->res.content_length = body.len;
    h2o_start_response(req, &generator);
    /* HEAD: the same headers, Content-Length included, and no body. */
    h2o_send(req, &body, method_is(req, "HEAD") ? 0 : 1, H2O_SEND_STATE_FINAL);
}

/* ---- rendering -------------------------------------------------------------------- */

static const char *cache_control_for(const gz_config_t *config, const web_response_t *response)
{
    switch (response->policy) {
    case WEB_POLICY_PAGE: return config->cache_article;
    case WEB_POLICY_FRONT: return config->cache_front;
    case WEB_POLICY_FEED: return config->cache_feed;
    case WEB_POLICY_API: return config->cache_api;
    case WEB_POLICY_BREAKING: return config->cache_breaking;
    case WEB_POLICY_MEDIA: return MEDIA_CACHE_CONTROL;
    case WEB_POLICY_MEDIA_PENDING: return PENDING_CACHE_CONTROL;
    case WEB_POLICY_NONE: break;
    }
    return NO_STORE;
}

/* Answers problems with the request itself, or returns false. */
static bool reject_bad_request(const web_site_t *site, h2o_req_t *req, web_response_t *response)
{
    if (!method_is(req, "GET") && !method_is(req, "HEAD")) {
        web_render_error(site, 405, "This address can only be read.", response);
        return true;
    }
    if (header_bytes(req) > WEB_MAX_HEADER_BYTES) {
        web_render_error(site, 431, "The request's headers are too large.", response);
        return true;
    }
    return false;
}

/* Readers' pages read from the replica when there is one (the primary when
 * the replica does not answer); an editor's (signed in) read goes to the
 * primary, so it sees its own writes. */
static void render(web_thread_t *thread, h2o_req_t *req, const web_route_t *route,
                   web_response_t *response, bool editor)
{
    if (!reject_bad_request(thread->site, req, response)) {
        bool from_replica = thread->reader != NULL && !editor;
        web_render(thread->site, from_replica ? thread->reader : thread->store, route,
                   &thread->pool, response);
        if (from_replica && response->status == 503) {
            /* The replica does not answer: the primary can. */
            gz_buf_reset(&response->body);
            *response = (web_response_t){.body = response->body};
            web_render(thread->site, thread->store, route, &thread->pool, response);
        }
    }
    if (response->content_type != NULL && strncmp(response->content_type, "text/html", 9) == 0)
        response->csp =
            web_page_csp(thread->site, response->body.data, response->body.len, &thread->pool);
}

static void send_metrics(web_thread_t *thread, h2o_req_t *req)
{
    web_response_t response = {.body = GZ_BUF_INIT,
                               .status = 200,
                               .content_type = "text/plain; version=0.0.4; charset=utf-8"};
    if (!peer_is_loopback(req)) {
        web_render_error(thread->site, 403, "Metrics are served to this machine only.", &response);
    } else if (thread->site->cache != NULL) {
        web_cache_stats_t stats = web_cache_stats(thread->site->cache);
        gz_buf_printf(&response.body,
                      "gazette_cache_hits_total %llu\ngazette_cache_misses_total %llu\n"
                      "gazette_renders_total %llu\ngazette_cache_fills_total %llu\n"
                      "gazette_cache_evictions_total %llu\ngazette_cache_invalidations_total %llu\n"
                      "gazette_cache_waits_total %llu\ngazette_cache_expirations_total %llu\n"
                      "gazette_cache_entries %zu\n"
                      "gazette_cache_bytes %zu\ngazette_cache_capacity_bytes %zu\n",
                      (unsigned long long)stats.hits, (unsigned long long)stats.misses,
                      (unsigned long long)stats.renders, (unsigned long long)stats.fills,
                      (unsigned long long)stats.evictions, (unsigned long long)stats.invalidations,
                      (unsigned long long)stats.waits, (unsigned long long)stats.expirations,
                      stats.entries, stats.bytes, stats.capacity);
    }
    if (web_test_counts_allocations() && response.status == 200) {
        gz_buf_printf(
            &response.body,
            "gazette_test_hit_allocations_total %llu\ngazette_test_hits_measured_total %llu\n",
            (unsigned long long)atomic_load(&hit_allocations),
            (unsigned long long)atomic_load(&hits_measured));
    }
    send_entry(thread, req, web_cache_entry_build(&response, NO_STORE, false), NULL);
    gz_buf_free(&response.body);
}

/* A render whose result goes to this reader only. */
static void respond_uncached(web_thread_t *thread, h2o_req_t *req, const web_route_t *route,
                             bool private_response)
{
    web_response_t response = {.body = GZ_BUF_INIT};
    render(thread, req, route, &response, private_response);
    if (thread->site->cache != NULL) {
        web_cache_count_render(thread->site->cache);
    }
    const char *cache_control = private_response
                                    ? PRIVATE_CACHE_CONTROL
                                    : cache_control_for(thread->site->config, &response);
    bool compress = header_value(req, H2O_TOKEN_ACCEPT_ENCODING).len > 0;
    send_entry(thread, req, web_cache_entry_build(&response, cache_control, compress), NULL);
    gz_buf_free(&response.body);
}

/* Anything but a readers' page counts as variety, so made-up addresses
 * (/news/12/anything: a redirect to the right slug) cannot push readers'
 * pages out. An article's old published address is a readers' page: links
 * to it live on elsewhere, and only editors can add one. */
static web_cache_class_t class_for(const web_route_t *route, const web_response_t *response)
{
    bool reader = response->status == 200 || response->published_redirect;
    return reader ? web_route_cache_class(route) : WEB_CACHE_CLASS_VARIETY;
}

/* Returns true for a hit. A miss's entry is held for its response alone:
 * the thread's holders are for the entries it sends again and again. */
static bool respond_through_cache(web_thread_t *thread, h2o_req_t *req, const web_route_t *route,
                                  gz_str_t key)
{
    web_cache_t *cache = thread->site->cache;
    web_cache_claim_t claim;
    web_cache_entry_t *entry = web_cache_get(cache, key, &claim);
    if (entry != NULL) {
        send_entry(thread, req, entry, thread->holders);
        return true;
    }
    web_response_t response = {.body = GZ_BUF_INIT};
    render(thread, req, route, &response, false);
    entry =
        web_cache_fill(cache, &claim, &response, cache_control_for(thread->site->config, &response),
                       class_for(route, &response));
    gz_buf_free(&response.body);
    send_entry(thread, req, entry, NULL);
    return false;
}

/* The request's route in the site's edition it asks for. */
static void route_request(web_thread_t *thread, h2o_req_t *req, web_route_t *route)
{
    const web_site_t *site = thread->site;
    web_route_parse_for(site->editions, site->edition_count,
                        (gz_str_t){req->authority.base, req->authority.len}, req->path.base,
                        req->path.len, &thread->pool, route);
}

/* Keyed on the route, not the target: see web_route_cache_key. Returns
 * true for a cache hit. */
static bool respond_to_reader(web_thread_t *thread, h2o_req_t *req)
{
    web_entry_holders_sweep(thread->holders, thread->site->cache, h2o_now(thread->context.loop));
    web_route_t route;
    gz_str_t host = {req->authority.base, req->authority.len};
    route_request(thread, req, &route);
    gz_str_t key = web_route_cache_key(&route, host, &thread->pool);
    if (key.ptr != NULL) {
        return respond_through_cache(thread, req, &route, key);
    }
    respond_uncached(thread, req, &route, false);
    return false;
}

/* An item's original file under /media (a video, with byte ranges). */
static bool sent_media_original(web_thread_t *thread, h2o_req_t *req)
{
    if (req->path.len < 8 || memcmp(req->path.base, "/media/", 7) != 0 ||
        req->path.len > WEB_MAX_TARGET_BYTES) {
        return false;
    }
    web_route_t route;
    web_route_parse(req->path.base, req->path.len, &thread->pool, &route);
    return web_media_send_original(thread, req, &route);
}

/* A theme file, from memory (assets.c); false when the path is not one. */
static bool sent_asset(web_thread_t *thread, h2o_req_t *req)
{
    static const char prefix[] = "/static/";
    size_t len = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
    if (len <= sizeof prefix - 1 || memcmp(req->path.base, prefix, sizeof prefix - 1) != 0)
        return false;
    web_cache_entry_t *entry = web_assets_find(
        thread->site->assets, req->path.base + sizeof prefix - 1, len - (sizeof prefix - 1));
    if (entry == NULL)
        return false;
    /* The site keeps its reference; web_entry_hold takes over this one. */
    send_entry(thread, req, web_cache_entry_retain(entry), NULL);
    return true;
}

int web_handle_request(h2o_handler_t *self, h2o_req_t *req)
{
    (void)self;
    web_thread_t *thread = H2O_STRUCT_FROM_MEMBER(web_thread_t, context, req->conn->ctx);
    bool readable = method_is(req, "GET") || method_is(req, "HEAD");
    bool editor = has_session_cookie(req), hit = false;
    uint64_t allocations = web_test_allocations();
    if (h2o_memis(req->path.base, req->path.len, H2O_STRLIT("/metrics"))) {
        send_metrics(thread, req);
    } else if (readable && sent_asset(thread, req)) {
        /* the theme's files: built once at start */
    } else if (readable && sent_media_original(thread, req)) {
        /* streamed from the store, never through the cache */
    } else if (thread->site->cache != NULL && readable && !editor &&
               req->path.len <= WEB_MAX_TARGET_BYTES && header_bytes(req) <= WEB_MAX_HEADER_BYTES) {
        hit = respond_to_reader(thread, req);
    } else {
        web_route_t route;
        route_request(thread, req, &route);
        respond_uncached(thread, req, &route, editor);
    }
    gz_pool_recycle(&thread->pool);
    if (hit && web_test_counts_allocations()) {
        atomic_fetch_add(&hit_allocations, web_test_allocations() - allocations);
        atomic_fetch_add(&hits_measured, 1);
    }
    return 0;
}
