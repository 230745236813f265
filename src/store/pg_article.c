/* PLACEHOLDER: being written. */
#include "store/pg_private.h"

int pg_article_get(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out)
{
    (void)store;
    (void)id;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_article_list(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                    content_article_list_t *out)
{
    (void)store;
    (void)query;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_article_put(store_t *store, content_article_t *article)
{
    (void)store;
    (void)article;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_article_exists(store_t *store, int64_t id, bool *exists, bool *is_stub)
{
    (void)store;
    (void)id;
    (void)exists;
    (void)is_stub;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_article_find_by_source_ref(store_t *store, const char *source_ref, int64_t *id)
{
    (void)store;
    (void)source_ref;
    (void)id;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_article_delete(store_t *store, int64_t id)
{
    (void)store;
    (void)id;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_changes_since(store_t *store, int64_t after_seq, size_t limit, gz_pool_t *pool,
                     store_change_t **out, size_t *count)
{
    (void)store;
    (void)after_seq;
    (void)limit;
    (void)pool;
    (void)out;
    (void)count;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_change_latest(store_t *store, int64_t *seq)
{
    (void)store;
    (void)seq;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_views_add(store_t *store, const store_view_count_t *counts, size_t count)
{
    (void)store;
    (void)counts;
    (void)count;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_most_read(store_t *store, gz_time_t since, int64_t section_id, size_t limit, gz_time_t now,
                 gz_pool_t *pool, store_most_read_t *out)
{
    (void)store;
    (void)since;
    (void)section_id;
    (void)limit;
    (void)now;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

void pg_article_from_row(const PGresult *result, int row, int first, gz_pool_t *pool,
                         content_article_t *out)
{
    (void)result;
    (void)row;
    (void)first;
    (void)pool;
    (void)out;
}
