/*
 * cache.c: the page cache. A breaking story sends most readers to one
 * article and the home page; this is what lets those requests cost a hash
 * probe and a write to the socket instead of a store read and a render.
 *
 * The cache is split into shards by key hash, each with a read-write lock,
 * a chained hash table, and a least-recently-used list with a byte budget
 * per class of route (readers' pages, and the variety a client can make up
 * at will, which only ever evicts its own kind). A hit takes the lock
 * shared and moves its entry to the front at most once a second, so a hot
 * story does not make every thread queue for one lock; hit and miss
 * counters are per thread. A key is first claimed (a pending slot) by the
 * thread that will render it; other threads asking for that key wait on
 * the shard's condition variable until the entry is filled, so a hundred
 * simultaneous misses cost one render. Renders are short and synchronous
 * on the server's threads, so a wait is at most one render long; waiting
 * there is cheaper than rendering twice.
 *
 * Entries (cache_entry.c) are immutable once built and reference counted
 * (atomically): the sender holds a reference until the socket has the
 * bytes, even if the entry was evicted meanwhile. Compression and header
 * values are made once, at fill time.
 *
 * Invalidation scans the entries for matching tags (compared by hash
 * first). Writes are rare next to reads, and the scan touches no body. A
 * render that raced with an invalidation (it may have read the old data)
 * is sent to its reader but not stored: every invalidation raises a
 * generation number, and a claim remembers the one it started under.
 *
 * Most entries live until a write drops them. One that shows something
 * with an end of its own (a breaking-news banner's expiry: nobody writes
 * then) carries that time, and from then on it is no hit: the next lookup
 * drops it and renders again. Only such entries read the clock on a hit.
 */
#include "web/cache.h"

#include <errno.h>
#include <stdalign.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    SHARD_COUNT = 16,
    INITIAL_BUCKETS = 64,
    WAIT_LIMIT_MS = 2000,
    VARIETY_SHARE = 8,        /* the variety class gets an eighth of the budget */
    TOUCH_INTERVAL_MS = 1000, /* a hit moves its entry to the front at most this often */
    COUNTER_SLOTS = 64,
};

typedef struct web_cache_slot {
    struct web_cache_slot *hash_next;
    struct web_cache_slot *lru_previous, *lru_next;
    uint64_t hash;
    char *key;
    size_t key_len;
    web_cache_entry_t *entry;        /* NULL while a render is pending */
    uint64_t generation;             /* when claimed */
    web_cache_class_t class;         /* the budget it is counted in, once filled */
    atomic_uint_fast64_t touched_ms; /* when last moved to the front */
} slot_t;

/* One least-recently-used list and byte budget per class of route. */
typedef struct {
    slot_t *newest, *oldest;
    size_t bytes;
    size_t capacity;
} lru_t;

/* lock guards the table and lists: hits take it shared. Waiting for a
 * pending render needs a mutex for the condition variable: waiters check
 * the table holding wait_lock, and fillers broadcast under it after their
 * change, so no wake-up is lost (lock order: wait_lock, then lock). */
typedef struct {
    pthread_rwlock_t lock;
    pthread_mutex_t wait_lock;
    pthread_cond_t filled;
    atomic_uint_fast64_t *retirements; /* the cache's, see web_cache_retirements */
    slot_t **buckets;
    size_t bucket_count;
    size_t slot_count;
    size_t entry_count;
    lru_t lru[WEB_CACHE_CLASS_COUNT];
} shard_t;

/* The counters every request bumps, one set per thread on a cache line of
 * its own, so a hot story makes no two threads write the same line. */
typedef struct {
    alignas(64) atomic_uint_fast64_t hits;
    atomic_uint_fast64_t misses, renders, waits;
} thread_counters_t;

struct web_cache {
    shard_t shards[SHARD_COUNT];
    size_t capacity;
    atomic_uint_fast64_t generation;
    atomic_uint_fast64_t fills, evictions, invalidations, retirements, expirations;
    uint64_t touch_interval_ms;
    thread_counters_t counters[COUNTER_SLOTS];
};

/* ---- per-thread counters ------------------------------------------------------ */

static atomic_uint next_counter_slot;
static _Thread_local unsigned counter_slot_plus_one; /* 0: not chosen yet */

/* Past COUNTER_SLOTS threads, some share a slot: still correct (atomic). */
static thread_counters_t *my_counters(web_cache_t *cache)
{
    if (counter_slot_plus_one == 0) {
        counter_slot_plus_one = atomic_fetch_add(&next_counter_slot, 1) % COUNTER_SLOTS + 1;
    }
    return &cache->counters[counter_slot_plus_one - 1];
}

static void count(atomic_uint_fast64_t *counter)
{
    atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
}

static uint64_t now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
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
        shard->lru[slot->class].bytes -= web_cache_entry_bytes(slot->entry);
        shard->entry_count--;
        atomic_store(&slot->entry->retired, true);
        atomic_fetch_add(shard->retirements, 1);
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
    cache->touch_interval_ms = TOUCH_INTERVAL_MS;
    for (size_t i = 0; i < SHARD_COUNT; i++) {
        shard_t *shard = &cache->shards[i];
        pthread_rwlock_init(&shard->lock, NULL);
        pthread_mutex_init(&shard->wait_lock, NULL);
        pthread_cond_init(&shard->filled, NULL);
        shard->retirements = &cache->retirements;
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
        pthread_rwlock_destroy(&shard->lock);
        pthread_mutex_destroy(&shard->wait_lock);
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

/* True once what the entry shows has ended (see web_response_t). */
static bool entry_expired(const web_cache_entry_t *entry)
{
    return entry->expires_at > 0 && gz_now() >= entry->expires_at;
}

static bool touch_due(const web_cache_t *cache, slot_t *slot, uint64_t now)
{
    return now - atomic_load(&slot->touched_ms) >= cache->touch_interval_ms;
}

/* Moves the slot to the front of its list (the exclusive lock held). */
static void touch(shard_t *shard, slot_t *slot, uint64_t now)
{
    lru_unlink(shard, slot);
    lru_push_newest(shard, slot);
    atomic_store(&slot->touched_ms, now);
}

/* The hit path: a shared lock for the probe; the exclusive one only when
 * the entry is due to move to the front of its list, about once a second
 * per entry however many readers it has. */
static web_cache_entry_t *shard_lookup(const web_cache_t *cache, shard_t *shard, uint64_t hash,
                                       gz_str_t key)
{
    uint64_t now = now_ms();
    pthread_rwlock_rdlock(&shard->lock);
    slot_t *slot = shard_find(shard, hash, key);
    web_cache_entry_t *entry = slot != NULL ? slot->entry : NULL;
    if (entry != NULL && entry_expired(entry)) {
        entry = NULL; /* the miss path drops it under the exclusive lock */
    }
    if (entry != NULL) {
        atomic_fetch_add(&entry->references, 1);
    }
    bool due = entry != NULL && touch_due(cache, slot, now);
    pthread_rwlock_unlock(&shard->lock);
    if (due) {
        pthread_rwlock_wrlock(&shard->lock);
        slot = shard_find(shard, hash, key);
        if (slot != NULL && slot->entry == entry && touch_due(cache, slot, now)) {
            touch(shard, slot, now);
        }
        pthread_rwlock_unlock(&shard->lock);
    }
    return entry;
}

/* The miss path: claim the key, or wait for the thread rendering it. */
static web_cache_entry_t *shard_claim_or_wait(web_cache_t *cache, shard_t *shard, uint64_t hash,
                                              gz_str_t key, web_cache_claim_t *claim)
{
    struct timespec deadline = deadline_after_ms(WAIT_LIMIT_MS);
    bool waited = false, timed_out = false;
    web_cache_entry_t *entry = NULL;
    pthread_mutex_lock(&shard->wait_lock);
    for (;;) {
        pthread_rwlock_wrlock(&shard->lock);
        slot_t *slot = shard_find(shard, hash, key);
        if (slot != NULL && slot->entry != NULL && entry_expired(slot->entry)) {
            shard_remove(shard, slot);
            atomic_fetch_add(&cache->expirations, 1);
            slot = NULL;
        }
        if (slot != NULL && slot->entry != NULL) {
            entry = slot->entry;
            atomic_fetch_add(&entry->references, 1);
            touch(shard, slot, now_ms());
        } else if (slot == NULL) {
            claim->slot = shard_insert_pending(shard, hash, key, atomic_load(&cache->generation));
        }
        pthread_rwlock_unlock(&shard->lock);
        if (slot == NULL || entry != NULL || timed_out) {
            break; /* timed out: render without a claim */
        }
        waited = true;
        timed_out =
            pthread_cond_timedwait(&shard->filled, &shard->wait_lock, &deadline) == ETIMEDOUT;
    }
    pthread_mutex_unlock(&shard->wait_lock);
    if (waited) {
        count(&my_counters(cache)->waits);
    }
    return entry;
}

web_cache_entry_t *web_cache_get(web_cache_t *cache, gz_str_t key, web_cache_claim_t *claim)
{
    uint64_t hash = web_cache_hash(key.ptr, key.len);
    shard_t *shard = shard_of(cache, hash);
    claim->slot = NULL;
    claim->shard = (size_t)(shard - cache->shards);
    web_cache_entry_t *entry = shard_lookup(cache, shard, hash, key);
    if (entry == NULL) {
        entry = shard_claim_or_wait(cache, shard, hash, key, claim);
    }
    thread_counters_t *counters = my_counters(cache);
    count(entry != NULL ? &counters->hits : &counters->misses);
    if (entry == NULL) {
        count(&counters->renders);
    }
    return entry;
}

/* Wakes the threads waiting for a key of the shard (see shard_t). */
static void wake_waiters(shard_t *shard)
{
    pthread_mutex_lock(&shard->wait_lock);
    pthread_cond_broadcast(&shard->filled);
    pthread_mutex_unlock(&shard->wait_lock);
}

static bool cacheable(const web_response_t *response)
{
    return response->policy != WEB_POLICY_NONE && response->tag_count > 0 &&
           (response->status == 200 || response->status == 301) &&
           (response->expires_at == 0 || response->expires_at > gz_now());
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
    size_t bytes = web_cache_entry_bytes(entry) + slot->key_len;
    pthread_rwlock_wrlock(&shard->lock);
    bool fresh = slot->generation == atomic_load(&cache->generation);
    if (cacheable(response) && fresh && bytes <= shard->lru[class].capacity) {
        atomic_fetch_add(&entry->references, 1);
        atomic_store(&entry->retired, false);
        slot->entry = entry;
        slot->class = class;
        atomic_store(&slot->touched_ms, now_ms());
        shard->lru[class].bytes += web_cache_entry_bytes(entry);
        shard->entry_count++;
        lru_push_newest(shard, slot);
        shard_evict(cache, shard, class);
        atomic_fetch_add(&cache->fills, 1);
    } else {
        shard_remove(shard, slot);
    }
    pthread_rwlock_unlock(&shard->lock);
    wake_waiters(shard);
    claim->slot = NULL;
    return entry;
}

void web_cache_abandon(web_cache_t *cache, web_cache_claim_t *claim)
{
    if (claim->slot == NULL) {
        return;
    }
    shard_t *shard = &cache->shards[claim->shard];
    pthread_rwlock_wrlock(&shard->lock);
    shard_remove(shard, claim->slot);
    pthread_rwlock_unlock(&shard->lock);
    wake_waiters(shard);
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
        set.hashes[set.count++] = web_cache_hash(tag, strlen(tag));
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
        if (web_cache_entry_has_tag(entry, set->hashes[i], set->tags[i])) {
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
            pthread_rwlock_wrlock(&cache->shards[i].lock);
            dropped += shard_invalidate(&cache->shards[i], &set);
            pthread_rwlock_unlock(&cache->shards[i].lock);
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
        .fills = atomic_load(&cache->fills),
        .evictions = atomic_load(&cache->evictions),
        .invalidations = atomic_load(&cache->invalidations),
        .expirations = atomic_load(&cache->expirations),
        .capacity = cache->capacity,
    };
    for (size_t i = 0; i < SHARD_COUNT; i++) {
        pthread_rwlock_rdlock(&cache->shards[i].lock);
        stats.entries += cache->shards[i].entry_count;
        for (size_t class = 0; class < WEB_CACHE_CLASS_COUNT; class ++) {
            stats.bytes += cache->shards[i].lru[class].bytes;
        }
        pthread_rwlock_unlock(&cache->shards[i].lock);
    }
    for (size_t i = 0; i < COUNTER_SLOTS; i++) {
        stats.hits += atomic_load(&cache->counters[i].hits);
        stats.misses += atomic_load(&cache->counters[i].misses);
        stats.renders += atomic_load(&cache->counters[i].renders);
        stats.waits += atomic_load(&cache->counters[i].waits);
    }
    return stats;
}

uint64_t web_cache_retirements(web_cache_t *cache)
{
    return atomic_load(&cache->retirements);
}

void web_cache_count_render(web_cache_t *cache)
{
    count(&my_counters(cache)->renders);
}

void web_cache_set_touch_interval(web_cache_t *cache, uint64_t milliseconds)
{
    cache->touch_interval_ms = milliseconds;
}
