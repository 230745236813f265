/* PLACEHOLDER: being written. */
#include "store/pg_private.h"

int pg_user_add(store_t *store, store_user_t *user)
{
    (void)store;
    (void)user;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_user_get(store_t *store, int64_t id, const char *name, gz_pool_t *pool, store_user_t *out)
{
    (void)store;
    (void)id;
    (void)name;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_user_list(store_t *store, gz_pool_t *pool, store_user_t **out, size_t *count)
{
    (void)store;
    (void)pool;
    (void)out;
    (void)count;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_user_update(store_t *store, const store_user_t *user)
{
    (void)store;
    (void)user;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_session_add(store_t *store, const store_session_t *session)
{
    (void)store;
    (void)session;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_session_get(store_t *store, const char *id_hash, gz_pool_t *pool, store_session_t *out)
{
    (void)store;
    (void)id_hash;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_session_touch(store_t *store, const char *id_hash, gz_time_t last_seen_at)
{
    (void)store;
    (void)id_hash;
    (void)last_seen_at;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_session_delete(store_t *store, const char *id_hash)
{
    (void)store;
    (void)id_hash;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_audit_add(store_t *store, const store_audit_entry_t *entry)
{
    (void)store;
    (void)entry;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_audit_list(store_t *store, size_t limit, size_t offset, gz_pool_t *pool,
                  store_audit_entry_t **out, size_t *count)
{
    (void)store;
    (void)limit;
    (void)offset;
    (void)pool;
    (void)out;
    (void)count;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_revision_add(store_t *store, const store_revision_t *revision)
{
    (void)store;
    (void)revision;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_revision_list(store_t *store, int64_t article_id, gz_pool_t *pool, store_revision_t **out,
                     size_t *count)
{
    (void)store;
    (void)article_id;
    (void)pool;
    (void)out;
    (void)count;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_revision_get(store_t *store, int64_t article_id, int64_t revision, gz_pool_t *pool,
                    store_revision_t *out)
{
    (void)store;
    (void)article_id;
    (void)revision;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_article_note_add(store_t *store, int64_t article_id, content_note_kind_t kind,
                        const char *text, int64_t user_id)
{
    (void)store;
    (void)article_id;
    (void)kind;
    (void)text;
    (void)user_id;
    return store_fail(store, GZ_EIO, "not written yet");
}

int pg_newsroom_list(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                     content_article_list_t *out)
{
    (void)store;
    (void)query;
    (void)pool;
    (void)out;
    return store_fail(store, GZ_EIO, "not written yet");
}
