/*
 * router.c: turns a request target into a route. It is pure (no store, no
 * h2o) so that every odd spelling of a URL can be tested in isolation.
 *
 * The path is percent-decoded strictly: a malformed escape, an encoded NUL
 * or bytes that are not UTF-8 make a 400, because such a request never
 * comes from a link we printed. The query string is read only for the
 * parameters a route uses; unknown ones (utm_source...) are ignored.
 *
 * The page cache is keyed on the route too (web_route_cache_key), not on
 * the target: the key holds exactly what the route's renderer reads, so a
 * tracking parameter or a reordered query cannot make a second copy of a
 * page, and a flood of made-up queries cannot make any.
 */
#include "web/web_private.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decodes %XX escapes into a new pool string. NULL when an escape is
 * malformed or decodes to NUL. '+' is kept: it means space only in forms. */
static char *percent_decode(const char *text, size_t len, gz_pool_t *pool, size_t *out_len)
{
    char *decoded = gz_pool_alloc(pool, len + 1);
    if (memchr(text, '%', len) == NULL && memchr(text, '\0', len) == NULL) {
        /* Most targets have nothing to decode: every hit routes, so copy. */
        memcpy(decoded, text, len);
        decoded[len] = '\0';
        *out_len = len;
        return decoded;
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '%') {
            int high = i + 1 < len ? hex_value(text[i + 1]) : -1;
            int low = i + 2 < len ? hex_value(text[i + 2]) : -1;
            if (high < 0 || low < 0 || (high == 0 && low == 0)) {
                return NULL;
            }
            c = (char)(high * 16 + low);
            i += 2;
        } else if (c == '\0') {
            return NULL;
        }
        decoded[n++] = c;
    }
    decoded[n] = '\0';
    *out_len = n;
    return decoded;
}

static void bad_request(web_route_t *out, int status, const char *message)
{
    out->kind = WEB_ROUTE_BAD_REQUEST;
    out->status = status;
    out->error = message;
}

/* Decodes one query value ('+' is a space) into pool memory; NULL when
 * malformed or not UTF-8. */
static const char *query_value(const char *value, size_t len, gz_pool_t *pool)
{
    char *copy = gz_pool_strndup(pool, value, len);
    for (char *c = copy; *c != '\0'; c++) {
        *c = *c == '+' ? ' ' : *c;
    }
    size_t decoded_len = 0;
    char *decoded = percent_decode(copy, len, pool, &decoded_len);
    return decoded != NULL && gz_utf8_valid(decoded, decoded_len) ? decoded : NULL;
}

static bool parse_page(const char *digits_start, size_t len, web_route_t *out)
{
    int64_t page;
    if (gz_parse_int64((gz_str_t){digits_start, len}, &page) != GZ_OK || page < 1 ||
        page > WEB_MAX_PAGE_NUMBER) {
        return false;
    }
    out->page = (size_t)page;
    return true;
}

/* Cuts text to at most max bytes without splitting a UTF-8 character. */
static const char *cut_to(const char *text, size_t max)
{
    if (text == NULL || strlen(text) <= max) {
        return text;
    }
    size_t len = max;
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) {
        len--;
    }
    ((char *)text)[len] = '\0'; /* pool memory of our own */
    return text;
}

/* The search parameters (q, type, lang, from, to); false when the item is
 * none of them. */
static bool parse_search_parameter(const char *item, size_t len, gz_pool_t *pool, web_route_t *out)
{
    static const struct {
        const char *name;
        size_t offset;
        size_t max;
    } parameters[] = {
        {"q=", offsetof(web_route_t, search_text), WEB_MAX_SEARCH_BYTES},
        {"type=", offsetof(web_route_t, search_type), WEB_MAX_FILTER_BYTES},
        {"lang=", offsetof(web_route_t, search_language), WEB_MAX_FILTER_BYTES},
        {"from=", offsetof(web_route_t, search_from), WEB_MAX_FILTER_BYTES},
        {"to=", offsetof(web_route_t, search_to), WEB_MAX_FILTER_BYTES},
    };
    for (size_t i = 0; i < sizeof parameters / sizeof parameters[0]; i++) {
        size_t name_len = strlen(parameters[i].name);
        if (len >= name_len && memcmp(item, parameters[i].name, name_len) == 0) {
            const char *value = query_value(item + name_len, len - name_len, pool);
            const char **field = (const char **)(void *)((char *)out + parameters[i].offset);
            *field = cut_to(value, parameters[i].max);
            return true;
        }
    }
    return false;
}

/* Reads the parameters routes use (page, period, section, and search's);
 * anything else in the query is ignored. */
static bool parse_query(const char *query, size_t len, gz_pool_t *pool, web_route_t *out)
{
    const char *end = query + len;
    for (const char *p = query; p < end;) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp != NULL ? amp : end;
        size_t item_len = (size_t)(stop - p);
        if (item_len > 5 && memcmp(p, "page=", 5) == 0 && !parse_page(p + 5, item_len - 5, out)) {
            return false;
        }
        if (item_len > 7 && memcmp(p, "period=", 7) == 0) {
            out->period_days = item_len == 10 && memcmp(p + 7, "24h", 3) == 0 ? 1
                               : item_len == 9 && memcmp(p + 7, "7d", 2) == 0 ? 7
                                                                              : -1;
        }
        if (item_len > 8 && memcmp(p, "section=", 8) == 0) {
            out->section_slug =
                cut_to(query_value(p + 8, item_len - 8, pool), WEB_MAX_FILTER_BYTES);
        }
        parse_search_parameter(p, item_len, pool, out);
        p = stop + 1;
    }
    return true;
}

/* Splits "/a/b/c" into at most max segments; returns their number, or
 * max + 1 when there are more. Empty segments (from "//") count too. */
static size_t split_path(char *path, char **segments, size_t max)
{
    size_t count = 0;
    char *p = path + 1;
    if (*p == '\0') {
        return 0;
    }
    while (p != NULL) {
        if (count == max) {
            return max + 1;
        }
        segments[count++] = p;
        char *slash = strchr(p, '/');
        if (slash != NULL) {
            *slash = '\0';
            p = slash + 1;
        } else {
            p = NULL;
        }
    }
    return count;
}

static bool parse_id(const char *text, int64_t *id)
{
    return gz_parse_int64(gz_str_from_cstr(text), id) == GZ_OK && *id > 0;
}

static void route_news(char **segments, size_t count, web_route_t *out)
{
    if (count > 3 || !parse_id(segments[1], &out->id)) {
        out->kind = WEB_ROUTE_NOT_FOUND;
        return;
    }
    out->kind = WEB_ROUTE_ARTICLE;
    out->slug = count == 3 ? segments[2] : NULL;
}

static void route_api(char **segments, size_t count, web_route_t *out)
{
    out->kind = WEB_ROUTE_NOT_FOUND;
    if (count == 3 && strcmp(segments[1], "v1") == 0 && strcmp(segments[2], "most-read") == 0) {
        out->kind = WEB_ROUTE_MOST_READ; /* a bad period is answered in JSON */
        return;
    }
    if (count == 3 && strcmp(segments[1], "v1") == 0 && strcmp(segments[2], "search") == 0) {
        out->kind = WEB_ROUTE_SEARCH_JSON;
        return;
    }
    if (count < 4 || strcmp(segments[1], "v1") != 0 || strcmp(segments[2], "articles") != 0 ||
        !parse_id(segments[3], &out->id)) {
        return;
    }
    if (count == 4) {
        out->kind = WEB_ROUTE_ARTICLE_JSON;
    } else if (count == 5 && strcmp(segments[4], "related") == 0) {
        out->kind = WEB_ROUTE_RELATED_JSON;
    }
}

/* "feed.rss", "feed.atom", "feed.json": the feed of the front before it. */
static bool parse_feed_name(const char *segment, web_route_t *out)
{
    static const char *const names[] = {"feed.rss", "feed.atom", "feed.json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(segment, names[i]) == 0) {
            out->feed_format = (web_feed_format_t)i;
            return true;
        }
    }
    return false;
}

/* "sitemap-articles-N.xml", N from 1 without leading zeros. */
static bool parse_sitemap_page(const char *segment, web_route_t *out)
{
    static const char prefix[] = "sitemap-articles-", suffix[] = ".xml";
    size_t len = strlen(segment), digits = len - (sizeof prefix - 1) - (sizeof suffix - 1);
    int64_t page;
    if (len <= sizeof prefix - 1 + sizeof suffix - 1 ||
        strncmp(segment, prefix, sizeof prefix - 1) != 0 ||
        strcmp(segment + len - (sizeof suffix - 1), suffix) != 0 ||
        segment[sizeof prefix - 1] == '0' ||
        gz_parse_int64((gz_str_t){segment + sizeof prefix - 1, digits}, &page) != GZ_OK ||
        page < 1) {
        return false;
    }
    out->page = (size_t)page;
    return true;
}

/* The files at the root that machines read: feeds, robots.txt, sitemaps,
 * and the banner that pages' script reads. */
static void route_root_file(const char *name, web_route_t *out)
{
    if (parse_feed_name(name, out)) {
        out->kind = WEB_ROUTE_FEED;
    } else if (strcmp(name, "robots.txt") == 0) {
        out->kind = WEB_ROUTE_ROBOTS;
    } else if (strcmp(name, "sitemap.xml") == 0) {
        out->kind = WEB_ROUTE_SITEMAP_INDEX;
    } else if (strcmp(name, "sitemap-sections.xml") == 0) {
        out->kind = WEB_ROUTE_SITEMAP_SECTIONS;
    } else if (strcmp(name, "sitemap-news.xml") == 0) {
        out->kind = WEB_ROUTE_SITEMAP_NEWS;
    } else if (parse_sitemap_page(name, out)) {
        out->kind = WEB_ROUTE_SITEMAP_ARTICLES;
    } else if (strcmp(name, "breaking.json") == 0) {
        out->kind = WEB_ROUTE_BREAKING;
    }
}

/* /section/{slug}/feed.*, /tag/{slug}[/feed.*] and /author/{slug}[/feed.*]. */
static void route_front_feed(char **segments, size_t count, web_route_kind_t front,
                             web_route_kind_t feed, web_route_t *out)
{
    if (segments[1][0] == '\0') {
        return;
    }
    if (count == 2 && front != WEB_ROUTE_NOT_FOUND) {
        out->kind = front;
        out->slug = segments[1];
    } else if (count == 3 && parse_feed_name(segments[2], out)) {
        out->kind = feed;
        out->slug = segments[1];
    }
}

static void route_path(char *path, web_route_t *out)
{
    char *segments[6];
    size_t count = split_path(path, segments, 6);
    out->kind = WEB_ROUTE_NOT_FOUND;
    if (count == 0) {
        out->kind = WEB_ROUTE_HOME;
    } else if (strcmp(segments[0], "news") == 0 && count >= 2) {
        route_news(segments, count, out);
    } else if (strcmp(segments[0], "section") == 0 && count == 2 && segments[1][0] != '\0') {
        out->kind = WEB_ROUTE_SECTION;
        out->slug = segments[1];
    } else if (strcmp(segments[0], "api") == 0) {
        route_api(segments, count, out);
    } else if (strcmp(segments[0], "healthz") == 0 && count == 1) {
        out->kind = WEB_ROUTE_HEALTH;
    } else if (strcmp(segments[0], "search") == 0 && count == 1) {
        out->kind = WEB_ROUTE_SEARCH;
    } else if (strcmp(segments[0], "section") == 0 && count == 3) {
        route_front_feed(segments, count, WEB_ROUTE_NOT_FOUND, WEB_ROUTE_SECTION_FEED, out);
    } else if (strcmp(segments[0], "tag") == 0 && (count == 2 || count == 3)) {
        route_front_feed(segments, count, WEB_ROUTE_TAG, WEB_ROUTE_TAG_FEED, out);
    } else if (strcmp(segments[0], "author") == 0 && (count == 2 || count == 3)) {
        route_front_feed(segments, count, WEB_ROUTE_AUTHOR, WEB_ROUTE_AUTHOR_FEED, out);
    } else if (count == 1) {
        route_root_file(segments[0], out);
    }
}

bool web_location_is_local(const char *location)
{
    if (location == NULL || location[0] != '/' || location[1] == '/' || location[1] == '\\') {
        return false;
    }
    for (const unsigned char *c = (const unsigned char *)location; *c != '\0'; c++) {
        if (*c < 0x20 || *c == 0x7f || *c == '\\') {
            return false;
        }
    }
    return true;
}

/* "/section/world/" is spelt without the trailing slash: redirect to the
 * target as the client encoded it, minus the slash. Never off the site:
 * "//evil.example/" would become "//evil.example", which a browser reads
 * as another host, so such a path is routed (to a 404) instead. */
static bool redirect_trailing_slash(const char *target, size_t path_len, gz_pool_t *pool,
                                    web_route_t *out)
{
    if (path_len < 2 || target[path_len - 1] != '/') {
        return false;
    }
    while (path_len > 1 && target[path_len - 1] == '/') {
        path_len--;
    }
    char *location = gz_pool_strndup(pool, target, path_len);
    if (!web_location_is_local(location)) {
        return false;
    }
    out->kind = WEB_ROUTE_REDIRECT;
    out->location = location;
    return true;
}

/* Routes target with its first skip bytes (an edition's prefix) left out
 * of the path; a redirect still answers the target as the client spelt it. */
static void parse_target(const char *target, size_t len, size_t skip, gz_pool_t *pool,
                         web_route_t *out)
{
    const char *question = memchr(target, '?', len);
    size_t path_len = question != NULL ? (size_t)(question - target) : len;
    size_t decoded_len = 0;
    char *path = skip == path_len
                     ? gz_pool_strdup(pool, "/")
                     : percent_decode(target + skip, path_len - skip, pool, &decoded_len);
    if (path == NULL || !gz_utf8_valid(path, skip == path_len ? 1 : decoded_len)) {
        bad_request(out, 400, "The address is not correctly encoded.");
        return;
    }
    size_t query_len = question != NULL ? len - path_len - 1 : 0;
    char *query =
        question != NULL ? percent_decode(question + 1, query_len, pool, &decoded_len) : NULL;
    if (question != NULL && (query == NULL || !gz_utf8_valid(query, decoded_len))) {
        bad_request(out, 400, "The query is not correctly encoded.");
        return;
    }
    out->period_days = 1;
    if (question != NULL && !parse_query(question + 1, query_len, pool, out)) {
        bad_request(out, 400, "The page number must be a whole number from 1 to 10000.");
        return;
    }
    if (redirect_trailing_slash(target, path_len, pool, out)) {
        return;
    }
    if (strncmp(path, "/media/", 7) == 0) {
        out->kind = WEB_ROUTE_MEDIA;
        out->media_path = path + 6; /* "/2016/12/03/..." */
        return;
    }
    route_path(path, out);
}

/* Whether target's path is prefix ("/ar") or under it ("/ar/...", "/ar?..."). */
static bool under_prefix(const char *target, size_t len, const char *prefix)
{
    size_t prefix_len = strlen(prefix);
    return prefix_len > 0 && len >= prefix_len && memcmp(target, prefix, prefix_len) == 0 &&
           (len == prefix_len || target[prefix_len] == '/' || target[prefix_len] == '?');
}

/* The host without its port, compared without case. */
static bool host_is(gz_str_t authority, const char *host)
{
    size_t host_len = strlen(host);
    size_t len = authority.len;
    const char *colon = memchr(authority.ptr, ':', authority.len);
    if (colon != NULL && authority.ptr[0] != '[') {
        len = (size_t)(colon - authority.ptr);
    }
    return host_len > 0 && len == host_len && strncasecmp(authority.ptr, host, len) == 0;
}

size_t web_route_edition(const gz_edition_t *editions, size_t count, gz_str_t host,
                         const char *target, size_t len, size_t *prefix_len)
{
    *prefix_len = 0;
    for (size_t i = 0; host.len > 0 && i < count; i++) {
        if (host_is(host, editions[i].host)) {
            return i;
        }
    }
    for (size_t i = 1; i < count; i++) {
        if (under_prefix(target, len, editions[i].prefix)) {
            *prefix_len = strlen(editions[i].prefix);
            return i;
        }
    }
    return 0;
}

void web_route_parse_for(const gz_edition_t *editions, size_t edition_count, gz_str_t host,
                         const char *target, size_t len, gz_pool_t *pool, web_route_t *out)
{
    memset(out, 0, sizeof *out);
    out->page = 1;
    if (len > WEB_MAX_TARGET_BYTES) {
        bad_request(out, 414, "The address is too long.");
        return;
    }
    if (len == 0 || target[0] != '/') {
        bad_request(out, 400, "The address must start with '/'.");
        return;
    }
    size_t skip = 0;
    out->edition =
        editions != NULL ? web_route_edition(editions, edition_count, host, target, len, &skip) : 0;
    parse_target(target, len, skip, pool, out);
}

void web_route_parse(const char *target, size_t len, gz_pool_t *pool, web_route_t *out)
{
    web_route_parse_for(NULL, 0, GZ_STR_NULL, target, len, pool, out);
}

/* ---- the cache key: what the route shows ---------------------------------- */

/* The fields a route's renderer reads, in key order. */
enum {
    KEY_ID = 1 << 0,
    KEY_SLUG = 1 << 1,
    KEY_PAGE = 1 << 2,
    KEY_FEED_FORMAT = 1 << 3,
    KEY_PERIOD = 1 << 4,
    KEY_SECTION = 1 << 5,
    KEY_SEARCH = 1 << 6, /* q, type, lang, from, to */
    KEY_MEDIA_PATH = 1 << 7,
};

/* 0 for routes that are never cached. */
static unsigned key_fields(web_route_kind_t kind)
{
    switch (kind) {
    case WEB_ROUTE_HOME: return KEY_PAGE;
    case WEB_ROUTE_SECTION:
    case WEB_ROUTE_TAG:
    case WEB_ROUTE_AUTHOR: return KEY_SLUG | KEY_PAGE;
    case WEB_ROUTE_ARTICLE: return KEY_ID | KEY_SLUG;
    case WEB_ROUTE_ARTICLE_JSON:
    case WEB_ROUTE_RELATED_JSON: return KEY_ID;
    case WEB_ROUTE_FEED: return KEY_FEED_FORMAT;
    case WEB_ROUTE_SECTION_FEED:
    case WEB_ROUTE_TAG_FEED:
    case WEB_ROUTE_AUTHOR_FEED: return KEY_SLUG | KEY_FEED_FORMAT;
    case WEB_ROUTE_SITEMAP_ARTICLES: return KEY_PAGE;
    case WEB_ROUTE_MOST_READ: return KEY_PERIOD | KEY_SECTION;
    case WEB_ROUTE_SEARCH:
    case WEB_ROUTE_SEARCH_JSON: return KEY_SEARCH | KEY_SECTION | KEY_PAGE;
    case WEB_ROUTE_MEDIA: return KEY_MEDIA_PATH;
    case WEB_ROUTE_ROBOTS:
    case WEB_ROUTE_SITEMAP_INDEX:
    case WEB_ROUTE_SITEMAP_SECTIONS:
    case WEB_ROUTE_SITEMAP_NEWS:
    case WEB_ROUTE_BREAKING: return 1u << 31; /* the kind alone */
    case WEB_ROUTE_HEALTH:
    case WEB_ROUTE_REDIRECT:
    case WEB_ROUTE_NOT_FOUND:
    case WEB_ROUTE_BAD_REQUEST: break;
    }
    return 0;
}

typedef struct {
    char *bytes;
    size_t len;
} key_writer_t;

static void key_write(key_writer_t *key, const char *bytes, size_t len)
{
    memcpy(key->bytes + key->len, bytes, len);
    key->len += len;
}

/* A number, then ';'. */
static void key_write_number(key_writer_t *key, int64_t number)
{
    char digits[24];
    size_t n = sizeof digits;
    uint64_t value = number < 0 ? (uint64_t)0 - (uint64_t)number : (uint64_t)number;
    digits[--n] = ';';
    do {
        digits[--n] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    if (number < 0) {
        digits[--n] = '-';
    }
    key_write(key, digits + n, sizeof digits - n);
}

/* "-" when absent, else its length, ':' and its bytes. */
static void key_write_text(key_writer_t *key, const char *text)
{
    if (text == NULL) {
        key_write(key, "-", 1);
        return;
    }
    size_t len = strlen(text);
    key_write_number(key, (int64_t)len);
    key_write(key, text, len);
}

static const char *const *search_fields(const web_route_t *route, const char *fields[5])
{
    fields[0] = route->search_text;
    fields[1] = route->search_type;
    fields[2] = route->search_language;
    fields[3] = route->search_from;
    fields[4] = route->search_to;
    return fields;
}

/* An upper bound of the key's length: numbers take at most 21 bytes. */
static size_t key_bound(const web_route_t *route, size_t host_len)
{
    const char *texts[8];
    search_fields(route, texts);
    texts[5] = route->slug;
    texts[6] = route->section_slug;
    texts[7] = route->media_path;
    size_t bound = host_len + 1 + 7 * 21;
    for (size_t i = 0; i < 8; i++) {
        bound += 21 + (texts[i] != NULL ? strlen(texts[i]) : 0);
    }
    return bound;
}

static void key_write_fields(key_writer_t *key, const web_route_t *route, unsigned fields)
{
    key_write_number(key, route->kind);
    key_write_number(key, (int64_t)route->edition); /* one host may serve several */
    if (fields & KEY_ID) {
        key_write_number(key, route->id);
    }
    if (fields & KEY_SLUG) {
        key_write_text(key, route->slug);
    }
    if (fields & KEY_PAGE) {
        key_write_number(key, (int64_t)route->page);
    }
    if (fields & KEY_FEED_FORMAT) {
        key_write_number(key, route->feed_format);
    }
    if (fields & KEY_PERIOD) {
        key_write_number(key, route->period_days);
    }
    if (fields & KEY_SECTION) {
        key_write_text(key, route->section_slug);
    }
    if (fields & KEY_SEARCH) {
        const char *texts[5];
        search_fields(route, texts);
        for (size_t i = 0; i < 5; i++) {
            key_write_text(key, texts[i]);
        }
    }
    if (fields & KEY_MEDIA_PATH) {
        key_write_text(key, route->media_path);
    }
}

gz_str_t web_route_cache_key(const web_route_t *route, gz_str_t host, gz_pool_t *pool)
{
    unsigned fields = key_fields(route->kind);
    if (fields == 0) {
        return GZ_STR_NULL;
    }
    key_writer_t key = {gz_pool_alloc(pool, key_bound(route, host.len)), 0};
    for (size_t i = 0; i < host.len; i++) {
        char c = host.ptr[i];
        key.bytes[key.len++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    key_write(&key, "\n", 1);
    key_write_fields(&key, route, fields);
    return (gz_str_t){key.bytes, key.len};
}

web_cache_class_t web_route_cache_class(const web_route_t *route)
{
    bool paged = (key_fields(route->kind) & KEY_PAGE) != 0;
    if (route->kind == WEB_ROUTE_SEARCH || route->kind == WEB_ROUTE_SEARCH_JSON ||
        (paged && route->kind != WEB_ROUTE_SITEMAP_ARTICLES && route->page > WEB_READER_PAGES)) {
        return WEB_CACHE_CLASS_VARIETY;
    }
    return WEB_CACHE_CLASS_READER;
}
