/* PLACEHOLDER: being written. */
#include "store/pg_private.h"

int pg_related_mark(store_t *store, int64_t article_id)
{
    (void)store;
    (void)article_id;
    return GZ_OK;
}

int pg_related_before_commit(store_t *store)
{
    (void)store;
    return GZ_OK;
}

int pg_related_load(store_t *store, gz_pool_t *pool, content_article_t *article)
{
    (void)store;
    (void)pool;
    (void)article;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_related_rebuild(store_t *store, store_progress_fn progress, void *context)
{
    (void)store;
    (void)progress;
    (void)context;
    return store_fail(store, GZ_EIO, "not written yet");
}
