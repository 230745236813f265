/* PLACEHOLDER: being written. */
#include "store/pg_private.h"

int pg_search_follow(store_t *store, int64_t article_id)
{
    (void)store;
    (void)article_id;
    return GZ_OK;
}

void pg_search_disconnect(store_t *store)
{
    (void)store;
}

int pg_search(store_t *store, const store_search_query_t *query, const content_query_t *parsed,
              gz_pool_t *pool, store_search_results_t *out)
{
    (void)store;
    (void)query;
    (void)parsed;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_search_rebuild(store_t *store, store_progress_fn progress, void *context)
{
    (void)store;
    (void)progress;
    (void)context;
    return store_fail(store, GZ_EIO, "not written yet");
}
