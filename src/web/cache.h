/*
 * Private to src/web: the page cache. Rendered responses (status, headers,
 * body and its gzip and brotli variants) kept in memory by key, bounded in
 * bytes with least-recently-used eviction, and dropped by tag when a write
 * changes what they show.
 *
 * Thread safety: one cache is shared by every server thread. It is split
 * into shards, each behind its own read-write lock, held shared for a hit's
 * hash probe and exclusively for a list update (a hit moves its entry to
 * the front at most once a second), never during a render. Counters are
 * per thread. Entries are immutable once filled and reference counted, so
 * a thread may send one while another evicts it.
 */
#ifndef GAZETTE_WEB_CACHE_H
#define GAZETTE_WEB_CACHE_H

#include <stdatomic.h>

#include "web/web_private.h"

typedef enum {
    WEB_ENCODING_IDENTITY,
    WEB_ENCODING_GZIP,
    WEB_ENCODING_BROTLI,
    WEB_ENCODING_COUNT
} web_encoding_t;

enum { WEB_CACHE_HOLDER_THREADS = 64 }; /* threads that hold entries without allocating */

/* A response ready to send many times. Read-only once built, except for
 * retired (set when the cache lets go of it) and holders. */
typedef struct web_cache_entry {
    atomic_int references;
    atomic_bool retired; /* true unless a cache holds it */
    int status;
    /* Header values, made when the entry is built and NUL-terminated;
     * {NULL, 0} when absent. */
    h2o_iovec_t content_type;
    h2o_iovec_t location;
    h2o_iovec_t cache_control;
    h2o_iovec_t csp;                      /* {NULL, 0}: the site's readers' policy */
    h2o_iovec_t surrogate_key;            /* the tags, space-separated */
    h2o_iovec_t last_modified;            /* RFC 1123 */
    h2o_iovec_t etag[WEB_ENCODING_COUNT]; /* strong, one per encoding */
    gz_time_t last_modified_time;
    gz_time_t expires_at;              /* > 0: never a hit from then on (see web_response_t) */
    int64_t read_article_id;           /* see web_response_t */
    gz_str_t body[WEB_ENCODING_COUNT]; /* ptr NULL: no such variant */
    /* handler.c's per-thread holders (h2o shared objects): slot i is read
     * and written by server thread i only. */
    void *holders[WEB_CACHE_HOLDER_THREADS];
    struct web_cache_entry_private *private_part;
} web_cache_entry_t;

typedef struct web_cache web_cache_t;

typedef struct {
    uint64_t hits, misses, renders, fills, evictions, invalidations, waits, expirations;
    size_t entries, bytes, capacity;
} web_cache_stats_t;

/* A claim on a key: its holder renders, then fills or abandons it. */
typedef struct {
    struct web_cache_slot *slot;
    size_t shard;
} web_cache_claim_t;

/* capacity_bytes bounds the memory of all entries together. */
web_cache_t *web_cache_new(size_t capacity_bytes);
void web_cache_free(web_cache_t *cache);

/* Returns the entry for key with a reference (web_cache_release it), or
 * NULL with a claim: the caller renders and calls web_cache_fill or
 * web_cache_abandon. An entry past its expires_at is no hit: it is
 * dropped (counted in expirations) and the key claimed. When another thread is rendering the same
 * key this waits for its result instead of rendering twice (a render takes well under a
 * millisecond; after two seconds the waiter renders itself). */
web_cache_entry_t *web_cache_get(web_cache_t *cache, gz_str_t key, web_cache_claim_t *claim);

/* Builds an entry from a rendered response (compressing it once) and, when
 * the response is cacheable (a 200 or 301 with a policy and tags), stores
 * it under the claimed key, making room only among entries of its class
 * (the variety class has an eighth of the budget, readers' pages the rest).
 * A response whose expires_at has come already is not stored.
 * Returns the entry with a reference for the caller either way. */
web_cache_entry_t *web_cache_fill(web_cache_t *cache, web_cache_claim_t *claim,
                                  const web_response_t *response, const char *cache_control,
                                  web_cache_class_t class);
/* Gives up a claim: waiters wake and render for themselves. */
void web_cache_abandon(web_cache_t *cache, web_cache_claim_t *claim);

/* Builds an entry that no cache holds (cache disabled, uncacheable). */
web_cache_entry_t *web_cache_entry_build(const web_response_t *response, const char *cache_control,
                                         bool compress);
/* One more reference to an entry the caller holds; returns it. */
web_cache_entry_t *web_cache_entry_retain(web_cache_entry_t *entry);
void web_cache_release(web_cache_entry_t *entry);
/* The memory an entry accounts for, bodies, headers and tags included. */
size_t web_cache_entry_bytes(const web_cache_entry_t *entry);
/* True when the entry carries tag (whose web_cache_hash is hash). */
bool web_cache_entry_has_tag(const web_cache_entry_t *entry, uint64_t hash, const char *tag);
/* A 64-bit hash of the bytes (not keyed): keys and tags. */
uint64_t web_cache_hash(const char *bytes, size_t len);

/* Drops every entry carrying one of the space-separated tags; "all" drops
 * everything. Returns how many entries were dropped. */
size_t web_cache_invalidate(web_cache_t *cache, const char *tags);
void web_cache_clear(web_cache_t *cache);

web_cache_stats_t web_cache_stats(web_cache_t *cache);
/* How many entries the cache has let go of so far (evicted, invalidated):
 * a holder of entries checks their retired flags when this changes. */
uint64_t web_cache_retirements(web_cache_t *cache);
/* How long a hit leaves its entry where it is in the LRU list (1000 ms by
 * default; 0 moves it on every hit). Set before the cache is shared. */
void web_cache_set_touch_interval(web_cache_t *cache, uint64_t milliseconds);
/* Counts one render made outside a claim (cache bypassed). */
void web_cache_count_render(web_cache_t *cache);

/* The encoding to send for an Accept-Encoding value: brotli, then gzip,
 * honouring q=0; identity when the entry lacks the variant. */
web_encoding_t web_cache_choose_encoding(const web_cache_entry_t *entry, const char *accept,
                                         size_t accept_len);

/* ---- entries in h2o's responses (entry_holders.c) ----------------------- */

/* One server thread's holders of cache entries. Used by that thread only. */
typedef struct web_entry_holders web_entry_holders_t;

/* thread_index picks the slot of entries' holders; past
 * WEB_CACHE_HOLDER_THREADS a thread allocates a holder per response. */
web_entry_holders_t *web_entry_holders_new(size_t thread_index);
/* Drops the thread's holds (call on its thread, or once it has ended). */
void web_entry_holders_free(web_entry_holders_t *holders);

/* Keeps entry alive until pool is cleared, taking over the caller's
 * reference. An entry the cache holds, sent again by this thread, costs no
 * allocation; otherwise one holder is made (kept for the next time when
 * the cache holds the entry). holders may be NULL (one-off responses). */
void web_entry_hold(web_entry_holders_t *holders, h2o_mem_pool_t *pool, web_cache_entry_t *entry);

/* Lets go of the holders of entries the cache has retired; cheap when the
 * cache retired nothing (or when it swept less than a second ago). */
void web_entry_holders_sweep(web_entry_holders_t *holders, web_cache_t *cache, uint64_t now_ms);

#endif
