/*
 * entry_holders.c: keeping a cache entry alive in h2o's responses without
 * allocating on a hit.
 *
 * h2o sends a body after the handler returns, so the entry must live until
 * the request's pool is cleared; h2o's shared objects (h2o_mem_link_shared)
 * are the way to tie a lifetime to a pool, and linking one costs a slice of
 * the pool, not a malloc. But their reference count is not atomic, so one
 * such object must never be touched by two threads. Hence a holder per
 * entry and per server thread: made by that thread on its first hit of the
 * entry (one malloc, then none), stored in the entry's slot for the
 * thread, and linked into every response of that thread that sends it.
 * The holder owns one reference of the entry, and the thread owns the
 * holder's first h2o reference.
 *
 * When the cache lets go of an entry it marks it retired; each thread
 * sweeps its own holders when the cache's retirement count has moved, at
 * most once a second, dropping its reference to the retired ones: the
 * entry is freed once the last response sending it is done. So an evicted
 * entry outlives the cache's budget by at most about a second.
 */
#include "web/cache.h"

#include <stdlib.h>

enum { SWEEP_INTERVAL_MS = 1000 };

typedef struct holder {
    web_cache_entry_t *entry; /* one reference, released with the holder */
    struct holder *previous, *next;
} holder_t;

struct web_entry_holders {
    size_t index; /* the slot in every entry's holders */
    holder_t *first;
    uint64_t retirements_seen;
    uint64_t swept_ms;
};

web_entry_holders_t *web_entry_holders_new(size_t thread_index)
{
    web_entry_holders_t *holders = gz_calloc(1, sizeof *holders);
    holders->index = thread_index;
    return holders;
}

static void dispose_holder(void *object)
{
    web_cache_release(((holder_t *)object)->entry);
}

static void unlink_holder(web_entry_holders_t *holders, holder_t *holder)
{
    if (holder->previous != NULL) {
        holder->previous->next = holder->next;
    } else {
        holders->first = holder->next;
    }
    if (holder->next != NULL) {
        holder->next->previous = holder->previous;
    }
}

/* Drops the thread's reference; responses in flight keep theirs. */
static void drop_holder(web_entry_holders_t *holders, holder_t *holder)
{
    unlink_holder(holders, holder);
    holder->entry->holders[holders->index] = NULL;
    h2o_mem_release_shared(holder);
}

void web_entry_holders_free(web_entry_holders_t *holders)
{
    if (holders == NULL) {
        return;
    }
    while (holders->first != NULL) {
        drop_holder(holders, holders->first);
    }
    free(holders);
}

void web_entry_holders_sweep(web_entry_holders_t *holders, web_cache_t *cache, uint64_t now_ms)
{
    uint64_t retirements = web_cache_retirements(cache);
    if (retirements == holders->retirements_seen ||
        now_ms - holders->swept_ms < SWEEP_INTERVAL_MS) {
        return;
    }
    holders->retirements_seen = retirements;
    holders->swept_ms = now_ms;
    for (holder_t *holder = holders->first, *next; holder != NULL; holder = next) {
        next = holder->next;
        if (atomic_load(&holder->entry->retired)) {
            drop_holder(holders, holder);
        }
    }
}

/* For an entry no cache holds, or a thread without a slot: an h2o shared
 * object of this response's own (one malloc). */
static void hold_for_one_response(h2o_mem_pool_t *pool, web_cache_entry_t *entry)
{
    holder_t *holder = h2o_mem_alloc_shared(pool, sizeof *holder, dispose_holder);
    *holder = (holder_t){.entry = entry};
}

void web_entry_hold(web_entry_holders_t *holders, h2o_mem_pool_t *pool, web_cache_entry_t *entry)
{
    if (holders == NULL || holders->index >= WEB_CACHE_HOLDER_THREADS ||
        atomic_load(&entry->retired)) {
        hold_for_one_response(pool, entry);
        return;
    }
    holder_t *holder = entry->holders[holders->index];
    if (holder != NULL) {
        web_cache_release(entry); /* the holder has one already */
    } else {
        holder = h2o_mem_alloc_shared(NULL, sizeof *holder, dispose_holder);
        *holder = (holder_t){.entry = entry, .next = holders->first};
        if (holders->first != NULL) {
            holders->first->previous = holder;
        }
        holders->first = holder;
        entry->holders[holders->index] = holder;
    }
    h2o_mem_link_shared(pool, holder);
}
