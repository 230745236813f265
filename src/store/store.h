/*
 * store: the one interface to where articles live. Callers never see which
 * backend answers: store_open picks it from the URL ("sqlite:PATH" today,
 * "postgresql://..." later) and every function below dispatches through the
 * backend's table of operations (store/backend.h, private to this folder).
 *
 * A store_t is one connection. It is not thread safe: the web server opens
 * one per thread, an import job one for itself. Reads fill caller-provided
 * pools; writes take content values and never keep pointers into them.
 *
 * Writes are all or nothing: either wrap several in store_begin/commit, or
 * each write is its own transaction. Every write that changes an article
 * raises the store's data version (see store_data_version), which is how
 * page caches, in this process or another one, learn of a change.
 */
#ifndef GAZETTE_STORE_H
#define GAZETTE_STORE_H

#include "base/base.h"
#include "content/content.h"

typedef struct store store_t;

/* Opens the store at url ("sqlite:var/gazette.db", a bare path counts as
 * sqlite). Does not create the schema: call store_migrate. On failure
 * returns GZ_EINVAL (unknown scheme), GZ_EIO or GZ_EUNAVAILABLE with a
 * message in error. */
int store_open(const char *url, store_t **out, gz_buf_t *error);
void store_close(store_t *store);

/* A one-line message about the last failure on this connection. */
const char *store_last_error(store_t *store);

/* Brings the schema to the newest version, one transaction per step, and
 * loads the seed data (content types, as in the sample: 21 is video).
 * Safe to run on every start. */
int store_migrate(store_t *store);
/* The schema version the database has, and the one this binary knows. */
int store_schema_version(store_t *store, int *current, int *latest);

/* Transactions. Nested begin is an error (GZ_EINVAL). */
int store_begin(store_t *store);
int store_commit(store_t *store);
int store_rollback(store_t *store);

/* A number that changes whenever any connection, in any process, commits a
 * change to the content. Cheap enough to poll every few hundred ms. */
int store_data_version(store_t *store, int64_t *version);

/* ---- reads ------------------------------------------------------------ */

/* Fills *out with the article, its section, content type, authors, tags
 * and related items (in order), all allocated from pool. GZ_ENOTFOUND
 * when there is no such id. Returns stubs and unpublished articles too:
 * callers decide what readers may see (content_article_is_live). */
int store_article_get(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out);

typedef struct {
    int64_t section_id;    /* 0: any */
    int64_t tag_id;        /* 0: any */
    bool live_only;        /* published, publish time <= now, not stubs */
    gz_time_t now;         /* for live_only */
    size_t limit;          /* 0 means 20 */
    size_t offset;
    /* For feeds and sitemaps. The last two apply only to the whole site's
     * live list (no section, no tag, live_only) and not together; other
     * combinations are GZ_EINVAL. */
    bool with_body;             /* also load body_html */
    bool with_authors_and_tags; /* also load authors and tags, in order */
    gz_time_t published_after;  /* > 0: only articles published after it */
    bool oldest_first;          /* oldest first instead of newest first */
} store_article_query_t;

/* Lists articles newest first (published_at, then sort_key, then id) with
 * section and content type filled; authors, tags and related are left
 * empty and the body is not loaded, so fronts stay cheap (feeds ask for
 * the body, authors and tags with the query's with_ flags). */
int store_article_list(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                       content_article_list_t *out);

int store_section_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool,
                              content_section_t *out);
/* All sections by name; *out is pool memory. */
int store_section_list(store_t *store, gz_pool_t *pool, content_section_t **out, size_t *count);
int store_content_type_get(store_t *store, int64_t id, gz_pool_t *pool, content_type_t *out);
int store_content_type_list(store_t *store, gz_pool_t *pool, content_type_t **out, size_t *count);

/* ---- writes ----------------------------------------------------------- */

/* Finds the section with this name's slug, creating it when missing. */
int store_section_ensure(store_t *store, const char *name, int64_t *id);
int store_author_ensure(store_t *store, const char *name, int64_t *id);
int store_tag_ensure(store_t *store, const char *name, int64_t *id);
/* Inserts or updates a content type by id. */
int store_content_type_put(store_t *store, const content_type_t *type);

/* Inserts the article, or replaces every stored field of the one with the
 * same id; with id 0 a new id is chosen and written back. Uses
 * article->section.id, content_type.id, authors[].id and tags[].id (which
 * must exist) and related[].id (the ordered link targets, which must
 * exist). Sets created_at (kept on update), updated_at and revision.
 * Does not validate: callers run content_article_validate first. */
int store_article_put(store_t *store, content_article_t *article);

/* True in *exists when an article with this id is stored. */
int store_article_exists(store_t *store, int64_t id, bool *exists, bool *is_stub);

/* The id of the article imported from source_ref, or GZ_ENOTFOUND. */
int store_article_find_by_source_ref(store_t *store, const char *source_ref, int64_t *id);

int store_article_delete(store_t *store, int64_t id);

/* ---- the change log --------------------------------------------------- */

/* Every write records, in its own transaction, what it changed as cache
 * tags: "article:ID", "section:ID", "tag:ID", "home", "feeds", "sections",
 * or "all" (drop everything). A page cache in any process reads the log
 * to drop exactly the responses that show what changed. Only the newest
 * 100,000 entries are kept. */
typedef struct {
    int64_t seq;      /* grows with every entry */
    const char *tags; /* space-separated */
} store_change_t;

/* Reads at most limit entries after seq after_seq, oldest first, into
 * pool memory. */
int store_changes_since(store_t *store, int64_t after_seq, size_t limit, gz_pool_t *pool,
                        store_change_t **out, size_t *count);
/* The newest entry's seq, 0 when the log is empty. */
int store_change_latest(store_t *store, int64_t *seq);

/* ---- feeds, sitemaps and tag pages ------------------------------------ */

/* Fills *out with the tag whose slug is slug, strings from pool;
 * GZ_ENOTFOUND when there is none. */
int store_tag_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool, content_tag_t *out);

#endif
