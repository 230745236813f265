/*
 * Private to src/web: the page cache. Rendered responses (status, headers,
 * body and its gzip and brotli variants) kept in memory by key, bounded in
 * bytes with least-recently-used eviction, and dropped by tag when a write
 * changes what they show.
 *
 * Thread safety: one cache is shared by every server thread. It is split
 * into shards, each behind its own mutex held only for a hash probe or a
 * list update, never during a render. Entries are immutable once filled and
 * reference counted, so a thread may send one while another evicts it.
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

/* A response ready to send many times. Read-only once built. */
typedef struct web_cache_entry {
    atomic_int references;
    int status;
    const char *content_type;
    const char *location;      /* NULL when none */
    const char *cache_control;
    const char *surrogate_key; /* the tags, space-separated */
    char etag[32];             /* "\"<24 hex>\"": the identity body's hash */
    char last_modified[32];    /* RFC 1123, "" when unknown */
    gz_time_t last_modified_time;
    int64_t read_article_id; /* see web_response_t */
    gz_str_t body[WEB_ENCODING_COUNT]; /* ptr NULL: no such variant */
    struct web_cache_entry_private *private_part;
} web_cache_entry_t;

typedef struct web_cache web_cache_t;

typedef struct {
    uint64_t hits, misses, renders, fills, evictions, invalidations, waits;
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
 * web_cache_abandon. When another thread is rendering the same key this
 * waits for its result instead of rendering twice (a render takes well
 * under a millisecond; after two seconds the waiter renders itself). */
web_cache_entry_t *web_cache_get(web_cache_t *cache, gz_str_t key, web_cache_claim_t *claim);

/* Builds an entry from a rendered response (compressing it once) and, when
 * the response is cacheable (a 200 or 301 with a policy and tags), stores
 * it under the claimed key, making room only among entries of its class
 * (the variety class has an eighth of the budget, readers' pages the rest).
 * Returns the entry with a reference for the caller either way. */
web_cache_entry_t *web_cache_fill(web_cache_t *cache, web_cache_claim_t *claim,
                                  const web_response_t *response, const char *cache_control,
                                  web_cache_class_t class);
/* Gives up a claim: waiters wake and render for themselves. */
void web_cache_abandon(web_cache_t *cache, web_cache_claim_t *claim);

/* Builds an entry that no cache holds (cache disabled, uncacheable). */
web_cache_entry_t *web_cache_entry_build(const web_response_t *response, const char *cache_control,
                                         bool compress);
void web_cache_release(web_cache_entry_t *entry);

/* Drops every entry carrying one of the space-separated tags; "all" drops
 * everything. Returns how many entries were dropped. */
size_t web_cache_invalidate(web_cache_t *cache, const char *tags);
void web_cache_clear(web_cache_t *cache);

web_cache_stats_t web_cache_stats(web_cache_t *cache);
/* Counts one render made outside a claim (cache bypassed). */
void web_cache_count_render(web_cache_t *cache);

/* The encoding to send for an Accept-Encoding value: brotli, then gzip,
 * honouring q=0; identity when the entry lacks the variant. */
web_encoding_t web_cache_choose_encoding(const web_cache_entry_t *entry, const char *accept,
                                         size_t accept_len);

#endif
