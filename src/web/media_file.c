/*
 * media_file.c: an item's original file (a video), /media/{stem}.{ext},
 * streamed from the store with byte ranges. A video can be gigabytes, so
 * it never passes through the page cache nor sits whole in memory: the
 * response is sent one stored part at a time, the next read when h2o asks
 * for more (a slow reader holds one part, not the file). One range per
 * request ("bytes=a-b", "bytes=a-", "bytes=-n"), 206 with Content-Range;
 * several ranges get the whole file (200), as RFC 9110 allows; a range
 * past the end gets 416. Only videos: a picture's original keeps metadata
 * (places, cameras) that its derivatives strip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_private.h"

enum { SEND_CHUNK = STORE_MEDIA_PART_BYTES };

typedef struct {
    h2o_generator_t generator; /* first: h2o hands it back */
    store_t *store;
    int64_t media_id;
    uint64_t next, end; /* bytes [next, end) are still to send */
    gz_buf_t chunk;     /* what h2o is sending now */
} file_stream_t;

/* ---- the Range header ------------------------------------------------------ */

typedef enum { RANGE_NONE, RANGE_ONE, RANGE_UNSATISFIABLE } range_kind_t;

static bool read_number(const char **at, const char *end, uint64_t *out)
{
    const char *c = *at;
    uint64_t value = 0;
    while (c < end && *c >= '0' && *c <= '9') {
        if (value > (UINT64_MAX - 9) / 10) {
            return false;
        }
        value = value * 10 + (uint64_t)(*c - '0');
        c++;
    }
    if (c == *at) {
        return false;
    }
    *at = c;
    *out = value;
    return true;
}

/* [*first, *last] of a file of size bytes; RANGE_NONE for a header we do
 * not read (several ranges, another unit, malformed: the whole file). */
static range_kind_t parse_range(h2o_iovec_t header, uint64_t size, uint64_t *first,
                                uint64_t *last)
{
    const char *c = header.base, *end = header.base + header.len;
    if (header.len < 7 || memcmp(c, "bytes=", 6) != 0 || memchr(c, ',', header.len) != NULL) {
        return RANGE_NONE;
    }
    c += 6;
    uint64_t a = 0, b = 0;
    if (c < end && *c == '-') { /* the last n bytes */
        c++;
        if (!read_number(&c, end, &b) || c != end) {
            return RANGE_NONE;
        }
        if (b == 0 || size == 0) {
            return RANGE_UNSATISFIABLE;
        }
        *first = b >= size ? 0 : size - b;
        *last = size - 1;
        return RANGE_ONE;
    }
    if (!read_number(&c, end, &a) || c == end || *c != '-') {
        return RANGE_NONE;
    }
    c++;
    bool open_ended = c == end;
    if (!open_ended && (!read_number(&c, end, &b) || c != end || b < a)) {
        return RANGE_NONE;
    }
    if (a >= size) {
        return RANGE_UNSATISFIABLE;
    }
    *first = a;
    *last = open_ended || b >= size ? size - 1 : b;
    return RANGE_ONE;
}

/* ---- streaming ------------------------------------------------------------- */

static void stream_dispose(void *self)
{
    gz_buf_free(&((file_stream_t *)self)->chunk);
}

/* Reads and sends the next piece, aligned to the stored parts. */
static void stream_proceed(h2o_generator_t *generator, h2o_req_t *req)
{
    file_stream_t *stream = (file_stream_t *)generator;
    gz_buf_reset(&stream->chunk);
    uint64_t part_end = (stream->next / SEND_CHUNK + 1) * SEND_CHUNK;
    uint64_t until = part_end < stream->end ? part_end : stream->end;
    if (store_media_file_read(stream->store, stream->media_id, "original", stream->next,
                              until - stream->next, &stream->chunk) != GZ_OK) {
        gz_log(GZ_LOG_WARN, "media %lld: the original cannot be read: %s",
               (long long)stream->media_id, store_last_error(stream->store));
        h2o_send(req, NULL, 0, H2O_SEND_STATE_ERROR);
        return;
    }
    stream->next = until;
    h2o_iovec_t body = h2o_iovec_init(stream->chunk.data, stream->chunk.len);
    h2o_send(req, &body, 1,
             stream->next >= stream->end ? H2O_SEND_STATE_FINAL : H2O_SEND_STATE_IN_PROGRESS);
}

static void stream_stop(h2o_generator_t *generator, h2o_req_t *req)
{
    (void)generator;
    (void)req;
}

/* ---- answering ------------------------------------------------------------- */

static void add_text(h2o_req_t *req, const h2o_token_t *token, const char *text)
{
    size_t len = strlen(text);
    char *copy = h2o_mem_alloc_pool(&req->pool, len);
    memcpy(copy, text, len);
    h2o_add_header(&req->pool, &req->res.headers, token, NULL, copy, len);
}

/* Whatever a browser makes of the bytes, they never run as a page. */
static void add_file_headers(h2o_req_t *req, const store_media_file_t *file, const char *etag)
{
    add_text(req, H2O_TOKEN_CONTENT_TYPE, file->mime);
    add_text(req, H2O_TOKEN_ETAG, etag);
    add_text(req, H2O_TOKEN_ACCEPT_RANGES, "bytes");
    add_text(req, H2O_TOKEN_CACHE_CONTROL, "public, max-age=86400");
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0,
                          NULL, H2O_STRLIT("nosniff"));
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("content-security-policy"), 0,
                          NULL, H2O_STRLIT("default-src 'none'; sandbox"));
}

static h2o_iovec_t request_header(h2o_req_t *req, const h2o_token_t *token)
{
    ssize_t at = h2o_find_header(&req->headers, token, -1);
    return at < 0 ? h2o_iovec_init(NULL, 0) : req->headers.entries[at].value;
}

static void send_status(h2o_req_t *req, int status, const char *reason)
{
    req->res.status = status;
    req->res.reason = reason;
    req->res.content_length = 0;
    h2o_send_inline(req, "", 0);
}

/* The stem and extension of "/{stem}.{ext}"; false for any other shape. */
static bool split_original_path(const char *path, gz_pool_t *pool, const char **stem)
{
    const char *dot = strrchr(path, '.');
    if (path[0] != '/' || dot == NULL || dot == path + 1 || strlen(dot + 1) > 5 ||
        memchr(path, '_', (size_t)(dot - path)) == NULL) {
        return false;
    }
    *stem = gz_pool_strndup(pool, path + 1, (size_t)(dot - path - 1));
    return true;
}

static void start_stream(web_thread_t *thread, h2o_req_t *req, store_t *store, int64_t media_id,
                         uint64_t first, uint64_t end)
{
    file_stream_t *stream = h2o_mem_alloc_shared(&req->pool, sizeof *stream, stream_dispose);
    *stream = (file_stream_t){.generator = {stream_proceed, stream_stop},
                              .store = store,
                              .media_id = media_id,
                              .next = first,
                              .end = end,
                              .chunk = GZ_BUF_INIT};
    (void)thread;
    req->res.content_length = end - first;
    h2o_start_response(req, &stream->generator);
    if (first == end || h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD"))) {
        h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
    } else {
        stream_proceed(&stream->generator, req);
    }
}

bool web_media_send_original(web_thread_t *thread, h2o_req_t *req, const web_route_t *route)
{
    store_t *store = thread->reader != NULL ? thread->reader : thread->store;
    const char *stem = NULL;
    content_media_t item;
    store_media_file_t file;
    media_legacy_path_t derivative;
    if (route->kind != WEB_ROUTE_MEDIA ||
        media_legacy_path_parse(gz_str_from_cstr(route->media_path), &derivative, NULL) == GZ_OK ||
        !split_original_path(route->media_path, &thread->pool, &stem) ||
        store_media_find_by_stem(store, stem, &thread->pool, &item) != GZ_OK ||
        item.kind != CONTENT_MEDIA_VIDEO ||
        store_media_file_info(store, item.id, "original", &file) != GZ_OK) {
        return false;
    }
    uint64_t size = (uint64_t)file.byte_count, first = 0, last = size ? size - 1 : 0;
    const char *etag = gz_pool_printf(&thread->pool, "\"%s\"", file.etag);
    add_file_headers(req, &file, etag);
    h2o_iovec_t match = request_header(req, H2O_TOKEN_IF_NONE_MATCH);
    if (match.len == strlen(etag) && memcmp(match.base, etag, match.len) == 0) {
        send_status(req, 304, "Not Modified");
        return true;
    }
    h2o_iovec_t if_range = request_header(req, H2O_TOKEN_IF_RANGE);
    bool range_applies = if_range.base == NULL ||
                         (if_range.len == strlen(etag) && memcmp(if_range.base, etag, if_range.len) == 0);
    range_kind_t range = range_applies
                             ? parse_range(request_header(req, H2O_TOKEN_RANGE), size, &first, &last)
                             : RANGE_NONE;
    if (range == RANGE_UNSATISFIABLE) {
        add_text(req, H2O_TOKEN_CONTENT_RANGE,
                 gz_pool_printf(&thread->pool, "bytes */%llu", (unsigned long long)size));
        send_status(req, 416, "Range Not Satisfiable");
        return true;
    }
    if (range == RANGE_ONE) {
        add_text(req, H2O_TOKEN_CONTENT_RANGE,
                 gz_pool_printf(&thread->pool, "bytes %llu-%llu/%llu", (unsigned long long)first,
                                (unsigned long long)last, (unsigned long long)size));
        req->res.status = 206;
        req->res.reason = "Partial Content";
    } else {
        first = 0;
        req->res.status = 200;
        req->res.reason = "OK";
    }
    start_stream(thread, req, store, item.id, first, size == 0 ? 0 : last + 1);
    return true;
}
