/*
 * cache_entry.c: the page cache's entries, built once and sent many times.
 *
 * Everything a hit needs is made here, when the entry is filled: the
 * gzip and brotli variants, a strong ETag per encoding, the Last-Modified
 * date and every header value as a {ptr, len} pair, so that sending an
 * entry formats nothing, measures no string and allocates nothing. An
 * entry is immutable once built and reference counted (atomically), so one
 * thread may send it while another evicts it.
 */
#include "web/cache.h"

#include <brotli/encode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

enum {
    COMPRESS_MIN_BYTES = 256,
    GZIP_LEVEL = 6,
    BROTLI_QUALITY = 5,
};

struct web_cache_entry_private {
    gz_pool_t pool; /* headers and tags, freed with the entry */
    uint64_t *tag_hashes;
    char **tags;
    size_t tag_count;
    size_t bytes;
    char *bodies[WEB_ENCODING_COUNT]; /* malloc'd, freed with the entry */
};

/* ---- hashing -------------------------------------------------------------- */

/* Eight bytes at a time, each mixed in by a multiplication: keys are
 * hashed on every hit, so byte-by-byte FNV cost more than the probe. */
uint64_t web_cache_hash(const char *bytes, size_t len)
{
    const uint64_t multiplier = 0x9E3779B97F4A7C15ULL;
    uint64_t hash = 1469598103934665603ULL ^ (len * multiplier);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, sizeof word);
        hash = (hash ^ word) * multiplier;
        hash ^= hash >> 29;
    }
    uint64_t tail = 0;
    if (len > i) {
        memcpy(&tail, bytes + i, len - i);
    }
    hash = (hash ^ tail) * multiplier;
    return hash ^ (hash >> 32);
}

/* ---- entries ---------------------------------------------------------------- */

/* A header value in the entry's pool, NUL-terminated; {NULL, 0} for none. */
static h2o_iovec_t entry_copy(web_cache_entry_t *entry, const char *text)
{
    if (text == NULL) {
        return h2o_iovec_init(NULL, 0);
    }
    size_t len = strlen(text);
    entry->private_part->bytes += len + 1;
    return h2o_iovec_init(gz_pool_strndup(&entry->private_part->pool, text, len), len);
}

static bool compressible(const char *content_type, size_t len)
{
    if (len < COMPRESS_MIN_BYTES || content_type == NULL) {
        return false;
    }
    return strncmp(content_type, "text/", 5) == 0 || strstr(content_type, "json") != NULL ||
           strstr(content_type, "xml") != NULL;
}

static gz_str_t compress_gzip(const gz_str_t input)
{
    z_stream stream = {0};
    if (deflateInit2(&stream, GZIP_LEVEL, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        return GZ_STR_NULL;
    }
    size_t bound = deflateBound(&stream, input.len);
    char *output = gz_malloc(bound);
    stream.next_in = (Bytef *)input.ptr;
    stream.avail_in = (uInt)input.len;
    stream.next_out = (Bytef *)output;
    stream.avail_out = (uInt)bound;
    int status = deflate(&stream, Z_FINISH);
    size_t len = stream.total_out;
    deflateEnd(&stream);
    if (status != Z_STREAM_END || len >= input.len) {
        free(output);
        return GZ_STR_NULL;
    }
    return (gz_str_t){output, len};
}

static gz_str_t compress_brotli(const gz_str_t input)
{
    size_t len = BrotliEncoderMaxCompressedSize(input.len);
    if (len == 0) {
        return GZ_STR_NULL;
    }
    char *output = gz_malloc(len);
    if (!BrotliEncoderCompress(BROTLI_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, input.len,
                               (const uint8_t *)input.ptr, &len, (uint8_t *)output) ||
        len >= input.len) {
        free(output);
        return GZ_STR_NULL;
    }
    return (gz_str_t){output, len};
}

static void entry_set_body(web_cache_entry_t *entry, web_encoding_t encoding, gz_str_t body)
{
    if (body.ptr == NULL) {
        return;
    }
    entry->body[encoding] = body;
    entry->private_part->bytes += body.len;
    entry->private_part->bodies[encoding] = (char *)body.ptr;
}

/* A strong ETag per encoding: the identity's hash, with a suffix for the
 * compressed variants, since a strong ETag must differ between encodings. */
static void entry_set_etags(web_cache_entry_t *entry)
{
    static const char *const suffix[WEB_ENCODING_COUNT] = {"", "-gz", "-br"};
    unsigned char hash[12];
    char hex[2 * sizeof hash + 1];
    gz_str_t identity = entry->body[WEB_ENCODING_IDENTITY];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)identity.ptr, identity.len, NULL,
                       0);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    for (size_t i = 0; i < WEB_ENCODING_COUNT; i++) {
        char etag[40];
        snprintf(etag, sizeof etag, "\"%s%s\"", hex, suffix[i]);
        entry->etag[i] = entry_copy(entry, etag);
    }
}

static void entry_set_validators(web_cache_entry_t *entry, const web_response_t *response)
{
    entry_set_etags(entry);
    entry->last_modified_time = response->last_modified;
    if (response->last_modified > 0) {
        gz_buf_t date = GZ_BUF_INIT;
        gz_time_append_rfc1123(&date, response->last_modified);
        entry->last_modified = entry_copy(entry, gz_buf_cstr(&date));
        gz_buf_free(&date);
    }
}

static void entry_set_tags(web_cache_entry_t *entry, const web_response_t *response)
{
    struct web_cache_entry_private *part = entry->private_part;
    part->tag_count = response->tag_count;
    part->tags = gz_pool_calloc(&part->pool, response->tag_count + 1, sizeof *part->tags);
    part->tag_hashes =
        gz_pool_calloc(&part->pool, response->tag_count + 1, sizeof *part->tag_hashes);
    part->bytes += (response->tag_count + 1) * (sizeof *part->tags + sizeof *part->tag_hashes);
    gz_buf_t joined = GZ_BUF_INIT;
    for (size_t i = 0; i < response->tag_count; i++) {
        part->tags[i] = entry_copy(entry, response->tags[i]).base;
        part->tag_hashes[i] = web_cache_hash(part->tags[i], strlen(part->tags[i]));
        gz_buf_printf(&joined, "%s%s", i > 0 ? " " : "", response->tags[i]);
    }
    if (joined.len > 0) {
        entry->surrogate_key = entry_copy(entry, gz_buf_cstr(&joined));
    }
    gz_buf_free(&joined);
}

web_cache_entry_t *web_cache_entry_build(const web_response_t *response, const char *cache_control,
                                         bool compress)
{
    web_cache_entry_t *entry = gz_calloc(1, sizeof *entry);
    entry->private_part = gz_calloc(1, sizeof *entry->private_part);
    atomic_init(&entry->references, 1);
    atomic_init(&entry->retired, true); /* until a cache keeps it */
    entry->status = response->status;
    entry->read_article_id = response->read_article_id;
    entry->expires_at = response->expires_at;
    entry->content_type = entry_copy(entry, response->content_type);
    entry->location = entry_copy(entry, response->location);
    entry->cache_control = entry_copy(entry, cache_control);
    entry->csp = entry_copy(entry, response->csp);
    size_t len = response->body.len;
    char *identity = gz_malloc(len + 1);
    memcpy(identity, response->body.data != NULL ? response->body.data : "", len);
    identity[len] = '\0';
    entry_set_body(entry, WEB_ENCODING_IDENTITY, (gz_str_t){identity, len});
    if (compress && compressible(response->content_type, len)) {
        entry_set_body(entry, WEB_ENCODING_GZIP, compress_gzip(entry->body[0]));
        entry_set_body(entry, WEB_ENCODING_BROTLI, compress_brotli(entry->body[0]));
    }
    entry_set_validators(entry, response);
    entry_set_tags(entry, response);
    entry->private_part->bytes += sizeof *entry + sizeof *entry->private_part;
    return entry;
}

web_cache_entry_t *web_cache_entry_retain(web_cache_entry_t *entry)
{
    atomic_fetch_add(&entry->references, 1);
    return entry;
}

void web_cache_release(web_cache_entry_t *entry)
{
    if (entry == NULL || atomic_fetch_sub(&entry->references, 1) != 1) {
        return;
    }
    struct web_cache_entry_private *part = entry->private_part;
    for (size_t i = 0; i < WEB_ENCODING_COUNT; i++) {
        free(part->bodies[i]);
    }
    gz_pool_clear(&part->pool);
    free(part);
    free(entry);
}

bool web_cache_entry_has_tag(const web_cache_entry_t *entry, uint64_t hash, const char *tag)
{
    const struct web_cache_entry_private *part = entry->private_part;
    for (size_t i = 0; i < part->tag_count; i++) {
        if (part->tag_hashes[i] == hash && strcmp(part->tags[i], tag) == 0) {
            return true;
        }
    }
    return false;
}

size_t web_cache_entry_bytes(const web_cache_entry_t *entry)
{
    return entry->private_part->bytes;
}

/* ---- content negotiation ---------------------------------------------------------- */

/* The q value of one Accept-Encoding item ("gzip;q=0.5"): 1 when absent. */
static double item_quality(const char *item, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++) {
        if (item[i] == ';') {
            size_t j = i + 1;
            while (j < len && item[j] == ' ') {
                j++;
            }
            if (j + 1 < len && (item[j] == 'q' || item[j] == 'Q') && item[j + 1] == '=') {
                char digits[8] = {0};
                size_t n = len - j - 2 < sizeof digits - 1 ? len - j - 2 : sizeof digits - 1;
                memcpy(digits, item + j + 2, n);
                return strtod(digits, NULL);
            }
        }
    }
    return 1.0;
}

/* True when the Accept-Encoding list names coding with a q above zero. */
static bool accepts(const char *accept, size_t len, const char *coding)
{
    size_t coding_len = strlen(coding);
    size_t start = 0;
    while (start < len) {
        while (start < len && (accept[start] == ' ' || accept[start] == ',')) {
            start++;
        }
        size_t end = start;
        while (end < len && accept[end] != ',') {
            end++;
        }
        size_t name_end = start;
        while (name_end < end && accept[name_end] != ';' && accept[name_end] != ' ') {
            name_end++;
        }
        if (name_end - start == coding_len &&
            strncasecmp(accept + start, coding, coding_len) == 0) {
            return item_quality(accept + start, end - start) > 0.0;
        }
        start = end;
    }
    return false;
}

web_encoding_t web_cache_choose_encoding(const web_cache_entry_t *entry, const char *accept,
                                         size_t accept_len)
{
    if (accept == NULL || accept_len == 0) {
        return WEB_ENCODING_IDENTITY;
    }
    if (entry->body[WEB_ENCODING_BROTLI].ptr != NULL && accepts(accept, accept_len, "br")) {
        return WEB_ENCODING_BROTLI;
    }
    if (entry->body[WEB_ENCODING_GZIP].ptr != NULL && accepts(accept, accept_len, "gzip")) {
        return WEB_ENCODING_GZIP;
    }
    return WEB_ENCODING_IDENTITY;
}
