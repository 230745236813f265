/* PLACEHOLDER: being written. */
#include "store/pg_private.h"

int pg_section_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool,
                           content_section_t *out)
{
    (void)store;
    (void)slug;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_section_list(store_t *store, gz_pool_t *pool, content_section_t **out, size_t *count)
{
    (void)store;
    (void)pool;
    (void)out;
    (void)count;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_content_type_get(store_t *store, int64_t id, gz_pool_t *pool, content_type_t *out)
{
    (void)store;
    (void)id;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_content_type_list(store_t *store, gz_pool_t *pool, content_type_t **out, size_t *count)
{
    (void)store;
    (void)pool;
    (void)out;
    (void)count;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_named_ensure(store_t *store, store_named_kind_t kind, const char *slug, const char *name,
                    int64_t *id)
{
    (void)store;
    (void)kind;
    (void)slug;
    (void)name;
    (void)id;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_content_type_put(store_t *store, const content_type_t *type)
{
    (void)store;
    (void)type;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_tag_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool, content_tag_t *out)
{
    (void)store;
    (void)slug;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}
