/*
 * cache.c: the page cache. A breaking story sends most readers to one
 * article and the home page; this is what lets those requests cost a hash
 * probe and a write to the socket instead of a store read and a render.
 *
 * The cache is split into shards by key hash, each with a mutex, a chained
 * hash table, a least-recently-used list and a byte budget. A key is first
 * claimed (a pending slot) by the thread that will render it; other
 * threads asking for that key wait on the shard's condition variable until
 * the entry is filled, so a hundred simultaneous misses cost one render.
 * Renders are short and synchronous on the server's threads, so a wait is
 * at most one render long; waiting there is cheaper than rendering twice.
 *
 * Entries are immutable once built and reference counted (atomically):
 * the sender holds a reference until the socket has the bytes, even if the
 * entry was evicted meanwhile. Compression happens once, at fill time.
 *
 * Invalidation scans the entries for matching tags (compared by hash
 * first). Writes are rare next to reads, and the scan touches no body. A
 * render that raced with an invalidation (it may have read the old data)
 * is sent to its reader but not stored: every invalidation raises a
 * generation number, and a claim remembers the one it started under.
 */
#include "web/cache.h"

#include <brotli/encode.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

enum {
    SHARD_COUNT = 16,
    INITIAL_BUCKETS = 64,
    WAIT_LIMIT_MS = 2000,
    COMPRESS_MIN_BYTES = 256,
    GZIP_LEVEL = 6,
    VARIETY_SHARE = 8, /* the variety class gets an eighth of the budget */
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

typedef struct web_cache_slot {
    struct web_cache_slot *hash_next;
    struct web_cache_slot *lru_previous, *lru_next;
    uint64_t hash;
    char *key;
    size_t key_len;
    web_cache_entry_t *entry; /* NULL while a render is pending */
    uint64_t generation;      /* when claimed */
    web_cache_class_t class;  /* the budget it is counted in, once filled */
} slot_t;

/* One least-recently-used list and byte budget per class of route. */
typedef struct {
    slot_t *newest, *oldest;
    size_t bytes;
    size_t capacity;
} lru_t;

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t filled;
    slot_t **buckets;
    size_t bucket_count;
    size_t slot_count;
    size_t entry_count;
    lru_t lru[WEB_CACHE_CLASS_COUNT];
} shard_t;

struct web_cache {
    shard_t shards[SHARD_COUNT];
    size_t capacity;
    atomic_uint_fast64_t generation;
    atomic_uint_fast64_t hits, misses, renders, fills, evictions, invalidations, waits;
};

/* ---- hashing -------------------------------------------------------------- */

static uint64_t hash_bytes(const char *bytes, size_t len)
{
    uint64_t hash = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        hash ^= (unsigned char)bytes[i];
        hash *= 1099511628211ULL;
    }
    return hash;
}

/* ---- entries ---------------------------------------------------------------- */

static const char *entry_copy(web_cache_entry_t *entry, const char *text)
{
    if (text == NULL) {
        return NULL;
    }
    size_t len = strlen(text);
    entry->private_part->bytes += len + 1;
    return gz_pool_strndup(&entry->private_part->pool, text, len);
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

static void entry_set_validators(web_cache_entry_t *entry, const web_response_t *response)
{
    unsigned char hash[12];
    gz_str_t identity = entry->body[WEB_ENCODING_IDENTITY];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)identity.ptr, identity.len, NULL,
                       0);
    entry->etag[0] = '"';
    sodium_bin2hex(entry->etag + 1, sizeof entry->etag - 2, hash, sizeof hash);
    size_t len = strlen(entry->etag);
    entry->etag[len] = '"';
    entry->etag[len + 1] = '\0';
    entry->last_modified_time = response->last_modified;
    if (response->last_modified > 0) {
        gz_buf_t date = GZ_BUF_INIT;
        gz_time_append_rfc1123(&date, response->last_modified);
        snprintf(entry->last_modified, sizeof entry->last_modified, "%s", gz_buf_cstr(&date));
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
        part->tags[i] = (char *)entry_copy(entry, response->tags[i]);
        part->tag_hashes[i] = hash_bytes(part->tags[i], strlen(part->tags[i]));
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
    entry->status = response->status;
    entry->read_article_id = response->read_article_id;
    entry->content_type = entry_copy(entry, response->content_type);
    entry->location = entry_copy(entry, response->location);
    entry->cache_control = entry_copy(entry, cache_control);
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

static bool entry_has_tag(const web_cache_entry_t *entry, uint64_t hash, const char *tag)
{
    const struct web_cache_entry_private *part = entry->private_part;
    for (size_t i = 0; i < part->tag_count; i++) {
        if (part->tag_hashes[i] == hash && strcmp(part->tags[i], tag) == 0) {
            return true;
        }
    }
    return false;
}

/* ---- shards: hash table and LRU list (callers hold the lock) ----------------- */

static shard_t *shard_of(web_cache_t *cache, uint64_t hash)
{
    return &cache->shards[hash % SHARD_COUNT];
}

static slot_t **bucket_of(shard_t *shard, uint64_t hash)
{
    return &shard->buckets[(hash / SHARD_COUNT) & (shard->bucket_count - 1)];
}

static slot_t *shard_find(shard_t *shard, uint64_t hash, gz_str_t key)
{
    for (slot_t *slot = *bucket_of(shard, hash); slot != NULL; slot = slot->hash_next) {
        if (slot->hash == hash && slot->key_len == key.len &&
            memcmp(slot->key, key.ptr, key.len) == 0) {
            return slot;
        }
    }
    return NULL;
}

static void shard_grow(shard_t *shard)
{
    size_t old_count = shard->bucket_count;
    slot_t **old = shard->buckets;
    shard->bucket_count = old_count * 2;
    shard->buckets = gz_calloc(shard->bucket_count, sizeof *shard->buckets);
    for (size_t i = 0; i < old_count; i++) {
        for (slot_t *slot = old[i], *next; slot != NULL; slot = next) {
            next = slot->hash_next;
            slot_t **bucket = bucket_of(shard, slot->hash);
            slot->hash_next = *bucket;
            *bucket = slot;
        }
    }
    free(old);
}

static void lru_unlink(shard_t *shard, slot_t *slot)
{
    lru_t *lru = &shard->lru[slot->class];
    if (slot->lru_previous != NULL) {
        slot->lru_previous->lru_next = slot->lru_next;
    } else if (lru->newest == slot) {
        lru->newest = slot->lru_next;
    }
    if (slot->lru_next != NULL) {
        slot->lru_next->lru_previous = slot->lru_previous;
    } else if (lru->oldest == slot) {
        lru->oldest = slot->lru_previous;
    }
    slot->lru_previous = slot->lru_next = NULL;
}

static void lru_push_newest(shard_t *shard, slot_t *slot)
{
    lru_t *lru = &shard->lru[slot->class];
    slot->lru_next = lru->newest;
    slot->lru_previous = NULL;
    if (lru->newest != NULL) {
        lru->newest->lru_previous = slot;
    }
    lru->newest = slot;
    if (lru->oldest == NULL) {
        lru->oldest = slot;
    }
}

static slot_t *shard_insert_pending(shard_t *shard, uint64_t hash, gz_str_t key,
                                    uint64_t generation)
{
    if (shard->slot_count >= shard->bucket_count) {
        shard_grow(shard);
    }
    slot_t *slot = gz_calloc(1, sizeof *slot);
    slot->hash = hash;
    slot->key = gz_strndup(key.ptr, key.len);
    slot->key_len = key.len;
    slot->generation = generation;
    slot_t **bucket = bucket_of(shard, hash);
    slot->hash_next = *bucket;
    *bucket = slot;
    shard->slot_count++;
    return slot;
}

/* Unlinks a slot from the table (and the LRU list when filled), frees it. */
static void shard_remove(shard_t *shard, slot_t *slot)
{
    for (slot_t **link = bucket_of(shard, slot->hash); *link != NULL; link = &(*link)->hash_next) {
        if (*link == slot) {
            *link = slot->hash_next;
            break;
        }
    }
    shard->slot_count--;
    if (slot->entry != NULL) {
        lru_unlink(shard, slot);
        shard->lru[slot->class].bytes -= slot->entry->private_part->bytes;
        shard->entry_count--;
        web_cache_release(slot->entry);
    }
    free(slot->key);
    free(slot);
}

/* Makes room in one class only: variety never evicts readers' pages. */
static size_t shard_evict(web_cache_t *cache, shard_t *shard, web_cache_class_t class)
{
    lru_t *lru = &shard->lru[class];
    size_t evicted = 0;
    while (lru->bytes > lru->capacity && lru->oldest != NULL) {
        shard_remove(shard, lru->oldest);
        evicted++;
    }
    atomic_fetch_add(&cache->evictions, evicted);
    return evicted;
}

/* ---- the cache --------------------------------------------------------------- */

web_cache_t *web_cache_new(size_t capacity_bytes)
{
    web_cache_t *cache = gz_calloc(1, sizeof *cache);
    cache->capacity = capacity_bytes;
    for (size_t i = 0; i < SHARD_COUNT; i++) {
        shard_t *shard = &cache->shards[i];
        pthread_mutex_init(&shard->lock, NULL);
        pthread_cond_init(&shard->filled, NULL);
        shard->bucket_count = INITIAL_BUCKETS;
        shard->buckets = gz_calloc(INITIAL_BUCKETS, sizeof *shard->buckets);
        size_t capacity = capacity_bytes / SHARD_COUNT;
        shard->lru[WEB_CACHE_CLASS_VARIETY].capacity = capacity / VARIETY_SHARE;
        shard->lru[WEB_CACHE_CLASS_READER].capacity = capacity - capacity / VARIETY_SHARE;
    }
    return cache;
}

static void shard_remove_all(shard_t *shard, bool keep_pending)
{
    for (size_t i = 0; i < shard->bucket_count; i++) {
        for (slot_t *slot = shard->buckets[i], *next; slot != NULL; slot = next) {
            next = slot->hash_next;
            if (slot->entry != NULL || !keep_pending) {
                shard_remove(shard, slot);
            }
        }
    }
}

void web_cache_free(web_cache_t *cache)
{
    if (cache == NULL) {
        return;
    }
    for (size_t i = 0; i < SHARD_COUNT; i++) {
        shard_t *shard = &cache->shards[i];
        shard_remove_all(shard, false);
        free(shard->buckets);
        pthread_mutex_destroy(&shard->lock);
        pthread_cond_destroy(&shard->filled);
    }
    free(cache);
}

static struct timespec deadline_after_ms(long ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += ms / 1000;
    deadline.tv_nsec += (ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    return deadline;
}

web_cache_entry_t *web_cache_get(web_cache_t *cache, gz_str_t key, web_cache_claim_t *claim)
{
    uint64_t hash = hash_bytes(key.ptr, key.len);
    shard_t *shard = shard_of(cache, hash);
    struct timespec deadline = deadline_after_ms(WAIT_LIMIT_MS);
    bool waited = false, timed_out = false;
    claim->slot = NULL;
    claim->shard = (size_t)(shard - cache->shards);
    pthread_mutex_lock(&shard->lock);
    slot_t *slot;
    while ((slot = shard_find(shard, hash, key)) != NULL && slot->entry == NULL && !timed_out) {
        waited = true;
        timed_out = pthread_cond_timedwait(&shard->filled, &shard->lock, &deadline) == ETIMEDOUT;
    }
    web_cache_entry_t *entry = NULL;
    if (slot != NULL && slot->entry != NULL) {
        entry = slot->entry;
        atomic_fetch_add(&entry->references, 1);
        lru_unlink(shard, slot);
        lru_push_newest(shard, slot);
    } else if (slot == NULL) {
        claim->slot = shard_insert_pending(shard, hash, key, atomic_load(&cache->generation));
    }
    pthread_mutex_unlock(&shard->lock);
    atomic_fetch_add(entry != NULL ? &cache->hits : &cache->misses, 1);
    if (waited) {
        atomic_fetch_add(&cache->waits, 1);
    }
    if (entry == NULL) {
        atomic_fetch_add(&cache->renders, 1);
    }
    return entry;
}

static bool cacheable(const web_response_t *response)
{
    return response->policy != WEB_POLICY_NONE && response->tag_count > 0 &&
           (response->status == 200 || response->status == 301);
}

web_cache_entry_t *web_cache_fill(web_cache_t *cache, web_cache_claim_t *claim,
                                  const web_response_t *response, const char *cache_control,
                                  web_cache_class_t class)
{
    web_cache_entry_t *entry = web_cache_entry_build(response, cache_control, true);
    slot_t *slot = claim->slot;
    if (slot == NULL) {
        return entry;
    }
    shard_t *shard = &cache->shards[claim->shard];
    size_t bytes = entry->private_part->bytes + slot->key_len;
    pthread_mutex_lock(&shard->lock);
    bool fresh = slot->generation == atomic_load(&cache->generation);
    if (cacheable(response) && fresh && bytes <= shard->lru[class].capacity) {
        atomic_fetch_add(&entry->references, 1);
        slot->entry = entry;
        slot->class = class;
        shard->lru[class].bytes += entry->private_part->bytes;
        shard->entry_count++;
        lru_push_newest(shard, slot);
        shard_evict(cache, shard, class);
        atomic_fetch_add(&cache->fills, 1);
    } else {
        shard_remove(shard, slot);
    }
    pthread_cond_broadcast(&shard->filled);
    pthread_mutex_unlock(&shard->lock);
    claim->slot = NULL;
    return entry;
}

void web_cache_abandon(web_cache_t *cache, web_cache_claim_t *claim)
{
    if (claim->slot == NULL) {
        return;
    }
    shard_t *shard = &cache->shards[claim->shard];
    pthread_mutex_lock(&shard->lock);
    shard_remove(shard, claim->slot);
    pthread_cond_broadcast(&shard->filled);
    pthread_mutex_unlock(&shard->lock);
    claim->slot = NULL;
}

/* ---- invalidation -------------------------------------------------------------- */

typedef struct {
    char **tags;
    uint64_t *hashes;
    size_t count;
    bool all;
} tag_set_t;

static tag_set_t parse_tags(const char *tags)
{
    tag_set_t set = {0};
    char *copy = gz_strdup(tags != NULL ? tags : "");
    size_t capacity = 1;
    for (const char *p = copy; *p != '\0'; p++) {
        capacity += *p == ' ';
    }
    set.tags = gz_calloc(capacity, sizeof *set.tags);
    set.hashes = gz_calloc(capacity, sizeof *set.hashes);
    char *saved = NULL;
    for (char *tag = strtok_r(copy, " ", &saved); tag != NULL; tag = strtok_r(NULL, " ", &saved)) {
        set.all |= strcmp(tag, "all") == 0;
        set.tags[set.count] = tag;
        set.hashes[set.count++] = hash_bytes(tag, strlen(tag));
    }
    if (set.count == 0) {
        free(copy);
    }
    return set;
}

static void free_tags(tag_set_t *set)
{
    if (set->count > 0) {
        free(set->tags[0]);
    }
    free(set->tags);
    free(set->hashes);
}

static bool entry_matches(const web_cache_entry_t *entry, const tag_set_t *set)
{
    for (size_t i = 0; i < set->count; i++) {
        if (entry_has_tag(entry, set->hashes[i], set->tags[i])) {
            return true;
        }
    }
    return false;
}

static size_t shard_invalidate(shard_t *shard, const tag_set_t *set)
{
    size_t dropped = 0;
    for (size_t class = 0; class < WEB_CACHE_CLASS_COUNT; class ++) {
        for (slot_t *slot = shard->lru[class].newest, *next; slot != NULL; slot = next) {
            next = slot->lru_next;
            if (set->all || entry_matches(slot->entry, set)) {
                shard_remove(shard, slot);
                dropped++;
            }
        }
    }
    return dropped;
}

size_t web_cache_invalidate(web_cache_t *cache, const char *tags)
{
    tag_set_t set = parse_tags(tags);
    size_t dropped = 0;
    if (set.count > 0) {
        /* Renders in flight may have read what just changed: see fill. */
        atomic_fetch_add(&cache->generation, 1);
        for (size_t i = 0; i < SHARD_COUNT; i++) {
            pthread_mutex_lock(&cache->shards[i].lock);
            dropped += shard_invalidate(&cache->shards[i], &set);
            pthread_mutex_unlock(&cache->shards[i].lock);
        }
        atomic_fetch_add(&cache->invalidations, dropped);
    }
    free_tags(&set);
    return dropped;
}

void web_cache_clear(web_cache_t *cache)
{
    web_cache_invalidate(cache, "all");
}

web_cache_stats_t web_cache_stats(web_cache_t *cache)
{
    web_cache_stats_t stats = {
        .hits = atomic_load(&cache->hits),
        .misses = atomic_load(&cache->misses),
        .renders = atomic_load(&cache->renders),
        .fills = atomic_load(&cache->fills),
        .evictions = atomic_load(&cache->evictions),
        .invalidations = atomic_load(&cache->invalidations),
        .waits = atomic_load(&cache->waits),
        .capacity = cache->capacity,
    };
    for (size_t i = 0; i < SHARD_COUNT; i++) {
        pthread_mutex_lock(&cache->shards[i].lock);
        stats.entries += cache->shards[i].entry_count;
        for (size_t class = 0; class < WEB_CACHE_CLASS_COUNT; class ++) {
            stats.bytes += cache->shards[i].lru[class].bytes;
        }
        pthread_mutex_unlock(&cache->shards[i].lock);
    }
    return stats;
}

void web_cache_count_render(web_cache_t *cache)
{
    atomic_fetch_add(&cache->renders, 1);
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
