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
 * sqlite; "postgresql://user@host/db?..." or "postgres://...", read by
 * libpq). Does not create the schema: call store_migrate. On failure
 * returns GZ_EINVAL (unknown scheme), GZ_EIO or GZ_EUNAVAILABLE with a
 * message in error. */
int store_open(const char *url, store_t **out, gz_buf_t *error);
void store_close(store_t *store);

/* A one-line message about the last failure on this connection. */
const char *store_last_error(store_t *store);

/* Brings the schema to the newest version, one transaction per step, and
 * loads the seed data (content types, as in the sample: 21 is video).
 * Safe to run on every start. The same as store_migrate_to(latest). */
int store_migrate(store_t *store);
/* Applies the missing steps up to version and no further, each in its own
 * transaction as store_migrate does, so a test can make the database an
 * older release made and fill it before upgrading it. A step that fails
 * leaves the database at the step before it. The seed data is loaded only
 * at the newest version (it is written for the newest schema). GZ_EINVAL
 * for a version past the newest or below the database's own (steps are
 * never undone); version equal to the database's does nothing more. */
int store_migrate_to(store_t *store, int version);
/* The schema version the database has, and the one this binary knows. */
int store_schema_version(store_t *store, int *current, int *latest);

/* Transactions. Nested begin is an error (GZ_EINVAL), as are commit and
 * rollback with none open. A commit that fails rolls everything back
 * itself (the transaction is over either way, on every backend), so its
 * caller need not, and must not, roll back after it. */
int store_begin(store_t *store);
int store_commit(store_t *store);
int store_rollback(store_t *store);

/* A number that changes whenever any connection, in any process, commits a
 * change to the content. Cheap enough to poll every few hundred ms. */
int store_data_version(store_t *store, int64_t *version);

/* Waits up to timeout_ms for another connection to log a change (the
 * change log below). On PostgreSQL this is LISTEN/NOTIFY: *woken tells
 * a notification arrived, and *reconnected that the connection was lost
 * and replaced since the last call, so notifications may have been
 * missed and a cache of pages should be dropped. SQLite has no
 * notifications: it sleeps for timeout_ms and the caller polls. */
int store_changes_wait(store_t *store, int timeout_ms, bool *woken, bool *reconnected);

/* Inside a write transaction, takes the lock of a named job (for example
 * "publish-due") until the transaction ends, unless another connection,
 * on any node, holds it: then *acquired is false and the caller skips the
 * job. On SQLite the write transaction already excludes every other
 * writer, so the lock is always acquired. */
int store_job_try_lock(store_t *store, const char *job, bool *acquired);

/* Bounds how long this connection waits for the database's answer to one
 * statement (0, the default: no limit, for long jobs such as reindexing).
 * A database server that does not answer in time counts as unreachable:
 * the call fails with GZ_EUNAVAILABLE and the connection is replaced on
 * a later call, so a stalled server cannot hang a web server's thread.
 * SQLite answers locally and ignores it. */
int store_set_timeout(store_t *store, int timeout_ms);

/* ---- reads ------------------------------------------------------------ */

/* Fills *out with the article, its section, content type, authors, tags
 * and related items (the editor's in order, then the automatic ones: see
 * store_related_rebuild), all allocated from pool. GZ_ENOTFOUND
 * when there is no such id. Returns stubs and unpublished articles too:
 * callers decide what readers may see (content_article_is_live). */
int store_article_get(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out);

/* ---- an article's addresses (store_article_slugs.c) -------------------- */

/* Once an article is stored as published, its slug is kept for good (the
 * current one too): /news/{id}/{slug} of any of them answers a redirect to
 * the current address, and the newsroom stops making the slug from the
 * headline. Articles deleted lose theirs with them. */
typedef struct {
    const char *slug;
    gz_time_t first_published_at; /* when it first went out under this slug */
} store_article_slug_t;

/* Every slug article_id has been published under, oldest first, from
 * pool (*out NULL and *count 0 when it never was). */
int store_article_slugs(store_t *store, int64_t article_id, gz_pool_t *pool,
                        store_article_slug_t **out, size_t *count);
/* *known: whether article_id has been published under slug. */
int store_article_slug_known(store_t *store, int64_t article_id, const char *slug, bool *known);

/* ---- translations ------------------------------------------------------- */

/* Links two stored articles as telling one story (each in its edition's
 * language): they join one group, the groups they were in merge, and the
 * pages of every member are refreshed. GZ_ENOTFOUND for an article that
 * does not exist, GZ_EINVAL for one linked to itself. */
int store_translation_link(store_t *store, int64_t article_id, int64_t other_id);
/* Takes the article out of its group (the others stay linked). */
int store_translation_unlink(store_t *store, int64_t article_id);
/* The other articles of its group, live or not, by language then id, with
 * id, slug, language, headline, status, published_at and is_stub; *out is
 * pool memory, NULL with *count 0 when it has none. */
int store_translations(store_t *store, int64_t article_id, gz_pool_t *pool,
                       content_article_t **out, size_t *count);

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
    /* One edition's articles (live_only, no tag): languages lists primary
     * subtags in lower case between commas (",ar,fa,"); the articles in
     * one of them, or with languages_excluded in none of them (the default
     * edition: every language no other edition has). NULL: any language. */
    const char *languages;
    bool languages_excluded;
} store_article_query_t;

/* Lists articles newest first (published_at, then sort_key, then id) with
 * section and content type filled; authors, tags and related are left
 * empty and the body is not loaded, so fronts stay cheap (feeds ask for
 * the body, authors and tags with the query's with_ flags). */
int store_article_list(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                       content_article_list_t *out);

/* Every field of the section (strings from pool); GZ_ENOTFOUND. */
int store_section_get(store_t *store, int64_t id, gz_pool_t *pool, content_section_t *out);
int store_section_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool,
                              content_section_t *out);
/* Every section, hidden ones too (flagged), in navigation order: the top
 * level by position then name, each parent followed by its children in
 * the same order. The navigation leaves out what content_section_is_listed
 * says is not listed. *out is pool memory. */
int store_section_list(store_t *store, gz_pool_t *pool, content_section_t **out, size_t *count);
int store_content_type_get(store_t *store, int64_t id, gz_pool_t *pool, content_type_t *out);
int store_content_type_list(store_t *store, gz_pool_t *pool, content_type_t **out, size_t *count);

/* ---- writes ----------------------------------------------------------- */

/* Finds the section with this name's slug, creating it when missing (the
 * importer's way; the newsroom's editor never creates one). */
int store_section_ensure(store_t *store, const char *name, int64_t *id);
int store_author_ensure(store_t *store, const char *name, int64_t *id);

/* ---- author profiles (store_authors.c) -------------------------------- */

/* Fills *out (strings from pool); GZ_ENOTFOUND when there is none. */
int store_author_get(store_t *store, int64_t id, gz_pool_t *pool, content_author_t *out);
int store_author_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool,
                             content_author_t *out);
/* The author an account writes as. */
int store_author_get_by_user(store_t *store, int64_t user_id, gz_pool_t *pool,
                             content_author_t *out);

typedef struct {
    const char *text; /* in the name, slug or role line, ASCII letters in any case; NULL: any */
    size_t page;      /* from 1; 0 means 1 */
    size_t page_size; /* 0 means 20; at most 200 */
} store_author_query_t;

typedef struct {
    content_author_t *items; /* by name */
    size_t count;
    size_t total; /* in all pages */
} store_author_list_t;

int store_author_list(store_t *store, const store_author_query_t *query, gz_pool_t *pool,
                      store_author_list_t *out);
/* Inserts (id 0: the new id is written back) or replaces every field of
 * the author with this id; updated_at is now. Does not validate (the
 * newsroom runs content_author_validate). GZ_ECONFLICT when another author
 * has the slug or the account, GZ_ENOTFOUND for an unknown id. */
int store_author_put(store_t *store, content_author_t *author);
/* The author's live articles at now, newest first, with section and
 * content type (as store_article_list fills them), total in all pages. */
int store_author_articles(store_t *store, int64_t author_id, gz_time_t now, size_t limit,
                          size_t offset, gz_pool_t *pool, content_article_list_t *out);
/* Finds the tag with this name's slug, or the tag that slug was renamed
 * or merged into (so a merged tag's old name finds the survivor),
 * creating it when neither exists. */
int store_tag_ensure(store_t *store, const char *name, int64_t *id);
/* Inserts or updates a content type by id. GZ_ECONFLICT when another type
 * has the slug. */
int store_content_type_put(store_t *store, const content_type_t *type);

/* ---- taxonomy management (store_taxonomy.c, store_tags.c) -------------
 *
 * The newsroom's writes of sections and tags; each is atomic on its own,
 * or part of the caller's transaction (store_begin). The store checks only
 * what it must to stay consistent; the rules an editor is told about
 * (lengths, UTF-8, a parent one level up) are newsroom_taxonomy_*. The
 * schema's triggers log "sections section:ID" for a section's change and
 * "tag:ID feeds" for a tag's; a tag's rename and merge also log
 * "article:ID" for every article that shows it (or "all" past
 * STORE_TAG_FANOUT_MAX articles), since article pages name their tags. */

enum { STORE_TAG_FANOUT_MAX = 2000, STORE_TAG_PAGE_MAX = 200 };

/* Inserts (id 0: the new id written back) or replaces every field of the
 * section. parent_id must be 0 or a stored section. GZ_ECONFLICT when
 * another section has the slug, GZ_ENOTFOUND for an unknown id, GZ_EINVAL
 * for an empty slug or name or a section that is its own parent. */
int store_section_put(store_t *store, content_section_t *section);

/* Fills *out; GZ_ENOTFOUND. */
int store_tag_get(store_t *store, int64_t id, gz_pool_t *pool, content_tag_t *out);
/* The tag an old slug now leads to (after a rename or a merge), for the
 * 301 of its old addresses; GZ_ENOTFOUND when the slug was never one. */
int store_tag_get_by_old_slug(store_t *store, const char *slug, gz_pool_t *pool,
                              content_tag_t *out);

typedef struct {
    const char *text; /* in the name (ASCII letters in any case) or slug; NULL: any */
    size_t page;      /* from 1; 0 means 1 */
    size_t page_size; /* 0 means 50; at most STORE_TAG_PAGE_MAX */
} store_tag_query_t;

typedef struct {
    content_tag_t *items;    /* by name */
    int64_t *article_counts; /* articles (any status) carrying items[i] */
    size_t count;
    size_t total; /* in all pages */
} store_tag_list_t;

int store_tag_list(store_t *store, const store_tag_query_t *query, gz_pool_t *pool,
                   store_tag_list_t *out);
/* Gives the tag a new name and slug; the slug it had (when it changes)
 * is kept as an old slug of the tag, so /tag/{old} answers 301.
 * GZ_ECONFLICT when another tag has the new slug, GZ_ENOTFOUND. */
int store_tag_rename(store_t *store, int64_t id, const char *name, const char *slug);
/* Merges tag from_id into into_id: every article's link to from_id
 * becomes a link to into_id (an article that had both keeps one), the
 * slugs of from_id (its own and its old ones) become old slugs of
 * into_id, and from_id is deleted. GZ_EINVAL when they are the same tag,
 * GZ_ENOTFOUND when either is missing. */
int store_tag_merge(store_t *store, int64_t from_id, int64_t into_id);

/* Inserts the article, or replaces every stored field of the one with the
 * same id; with id 0 a new id is chosen and written back. Uses
 * article->section.id, content_type.id, authors[].id and tags[].id (which
 * must exist) and related[].id (the ordered link targets, which must
 * exist; items marked automatic are skipped). Sets created_at (kept on update), updated_at and revision.
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

/* ---- page views and most read ----------------------------------------- */

typedef struct {
    int64_t article_id;
    gz_time_t hour; /* the hour the views were counted in, as Unix seconds / 3600 */
    int64_t views;
} store_view_count_t;

/* Adds the counts in one transaction, with a "most-read" entry in the
 * change log. Counts for articles that no longer exist are dropped, not an
 * error. */
int store_views_add(store_t *store, const store_view_count_t *counts, size_t count);

typedef struct {
    content_article_t *items; /* live articles, most read first, no body */
    int64_t *views;           /* views[i] belongs to items[i] */
    size_t count;
} store_most_read_t;

/* The live articles most read since since (Unix seconds), in one section
 * (section_id) or all (0), at most limit, from pool. */
int store_most_read(store_t *store, gz_time_t since, int64_t section_id, size_t limit,
                    gz_time_t now, gz_pool_t *pool, store_most_read_t *out);

/* ---- feeds, sitemaps and tag pages ------------------------------------ */

/* Fills *out with the tag whose slug is slug, strings from pool;
 * GZ_ENOTFOUND when there is none. */
int store_tag_get_by_slug(store_t *store, const char *slug, gz_pool_t *pool, content_tag_t *out);

/* ---- search and related articles -------------------------------------- */

/* What a reader asked the search page. The text is parsed as
 * content_query_parse reads it; filters narrow the published articles
 * searched. Results are ranked by BM25 over headline, summary and body
 * (headline weighted most), times a recency boost: an article published
 * now counts up to twice as much as an old one, the boost halving every
 * recency_days, so the newest story leads on a breaking topic. For very
 * broad queries only the newest STORE_SEARCH_RANKED matching articles
 * (by id) are ranked and counted; older matches follow them, newest
 * first, and the total says "more than STORE_SEARCH_RANKED". */
typedef struct {
    const char *text;         /* what the reader typed, UTF-8 */
    int64_t section_id;       /* 0: any section; negative: an unknown one (no results) */
    int64_t content_type_id;  /* 0: any type; negative: an unknown one (no results) */
    const char *language;     /* "ar": primary subtag compared; NULL or "" for any */
    gz_time_t from, to;       /* published in [from, to]; 0 leaves that end open */
    size_t page;              /* from 1; 0 counts as 1 */
    size_t page_size;         /* 0 means 20; at most 100 */
    gz_time_t now;            /* 0 means gz_now(); later articles are not shown */
    int recency_days;         /* half-life of the recency boost; 0 turns it off */
} store_search_query_t;

enum { STORE_SEARCH_RANKED = 2000, STORE_RELATED_SHOWN = 6 };

typedef struct {
    content_article_t article; /* as store_article_list fills it (no body) */
    const char *headline_html; /* the headline, HTML-escaped, matched words in <mark> */
    const char *snippet_html;  /* the lede or a passage of the body, the same way */
} store_search_hit_t;

typedef struct {
    store_search_hit_t *hits; /* pool memory */
    size_t count;
    size_t total;             /* matching articles, counted up to STORE_SEARCH_RANKED */
    bool total_is_lower_bound; /* there are more than total (STORE_SEARCH_RANKED) */
    bool searchable;          /* false: the text had no word to look for */
} store_search_results_t;

/* Runs a search; strings from pool. A text with nothing to search for
 * (empty, only stop words or punctuation) is not an error: searchable is
 * false and there are no hits. */
int store_search(store_t *store, const store_search_query_t *query, gz_pool_t *pool,
                 store_search_results_t *out);

/* Called during long work with what is done out of how much. */
typedef void (*store_progress_fn)(void *context, size_t done, size_t total);

/* Rebuilds the full-text indexes from the articles, the readers' and the
 * newsroom's (store_newsroom_find), in one transaction (readers keep the
 * old index until it commits). progress may be NULL; it counts the
 * articles of both. */
int store_search_rebuild(store_t *store, store_progress_fn progress, void *context);

/* Recomputes every published article's automatic related list, a few
 * hundred articles per transaction, then those still queued. progress
 * may be NULL.
 *
 * Automatic related articles are chosen when an article is stored: the
 * published articles most similar to its headline and summary, boosted
 * for the same section and for recency, never itself, its editor's links
 * or a duplicate headline. store_article_put queues the article, and the
 * commit of that write computes its list, in the same transaction, along
 * with the lists of the articles it is most similar to (so an older story
 * links to its follow-up). A commit does this for at most eight queued
 * articles: after a bulk load (thousands of puts in one transaction) the
 * rest wait for this function (`gazette reindex related`) or later
 * commits. store_article_get appends the lists after the editor's links
 * (automatic = true), up to STORE_RELATED_SHOWN in all; a page hit never
 * computes one. */
int store_related_rebuild(store_t *store, store_progress_fn progress, void *context);

/* ---- the newsroom: accounts, sessions, audit log, revisions ----------- */

/* What a newsroom account may do. A contributor writes drafts and submits
 * them, and cannot upload; an author also uploads pictures; an editor
 * edits and moves any article (of their desks, when they have some); a
 * chief editor also deletes and unpublishes what has been published; an
 * admin manages accounts and the workflow. Ordered: a higher role can do
 * what a lower one can, except where the site's workflow grants a step to
 * named roles only (the newsroom's rules). */
typedef enum {
    STORE_ROLE_CONTRIBUTOR = 1,
    STORE_ROLE_AUTHOR = 2,
    STORE_ROLE_EDITOR = 3,
    STORE_ROLE_CHIEF_EDITOR = 4,
    STORE_ROLE_ADMIN = 5
} store_role_t;
enum { STORE_ROLE_COUNT = 5 };

/* "contributor", "author", "editor", "chief_editor", "admin". */
const char *store_role_name(store_role_t role);
/* GZ_EINVAL for an unknown name; "writer", the old name of author, is
 * still read as author. */
int store_role_parse(const char *name, store_role_t *out);

enum { STORE_PASSWORD_MIN_CHARS = 12, STORE_PASSWORD_MAX_BYTES = 1024, STORE_USER_NAME_MAX = 64 };

typedef struct {
    int64_t id;
    const char *name;          /* the sign-in name: 1-64 of [a-z0-9._-] */
    const char *display_name;  /* shown in the newsroom; the name when empty */
    store_role_t role;
    const char *password_hash; /* crypto_pwhash_str (argon2id) text */
    bool disabled;             /* cannot sign in; sessions are dropped */
    gz_time_t created_at;
    const char *desks;         /* the desks this account works for, ", " between
                                  ("News, Sport"); "" or NULL: every desk */
} store_user_t;

/* Checks a sign-in name; GZ_EINVAL with a message in error. */
int store_user_name_check(const char *name, gz_buf_t *error);
/* Checks a new password (at least STORE_PASSWORD_MIN_CHARS characters of
 * valid UTF-8, at most STORE_PASSWORD_MAX_BYTES bytes); GZ_EINVAL with a
 * message in error that never repeats the password. */
int store_password_check(const char *password, gz_buf_t *error);
/* Hashes password with argon2id (libsodium's crypto_pwhash_str) at the
 * interactive limits; with GAZETTE_PASSWORD_LIMITS=test in the
 * environment (tests only) at the minimum ones. Replaces out's content.
 * GZ_EIO when the memory for hashing is lacking. */
int store_password_hash(const char *password, gz_buf_t *out);
/* True when password matches hash; takes the same time for any wrong
 * password. A NULL or malformed hash never matches. */
bool store_password_verify(const char *hash, const char *password);

/* Adds an account (created_at set here); id written back. GZ_ECONFLICT
 * when the name is taken, GZ_EINVAL for a bad name or role. Audited by the
 * caller. */
int store_user_add(store_t *store, store_user_t *user);
/* By name (id 0) or by id (name NULL); strings from pool. GZ_ENOTFOUND. */
int store_user_get(store_t *store, int64_t id, const char *name, gz_pool_t *pool,
                   store_user_t *out);
/* Every account by name, from pool. */
int store_user_list(store_t *store, gz_pool_t *pool, store_user_t **out, size_t *count);
/* Writes role, display_name, desks, disabled and, when not NULL, password_hash of
 * the account user->id. Changing the password or disabling the account
 * ends all its sessions. GZ_ENOTFOUND when there is no such account. */
int store_user_update(store_t *store, const store_user_t *user);

/* A signed-in browser. Only a hash of the cookie's id is stored, so a copy
 * of the database does not let anyone in. */
typedef struct {
    const char *id_hash;    /* hex of the hashed session id */
    int64_t user_id;
    gz_time_t created_at;   /* for the absolute timeout */
    gz_time_t last_seen_at; /* for the idle timeout */
    const char *csrf_token; /* hex, sent back in every form */
} store_session_t;

int store_session_add(store_t *store, const store_session_t *session);
/* GZ_ENOTFOUND when there is no session with this hash. */
int store_session_get(store_t *store, const char *id_hash, gz_pool_t *pool, store_session_t *out);
int store_session_touch(store_t *store, const char *id_hash, gz_time_t last_seen_at);
/* Deleting a session that is not there is not an error. */
int store_session_delete(store_t *store, const char *id_hash);

/* One line of the audit log: who (0: nobody signed in, or the command
 * line), what ("sign-in", "sign-in-failed", "publish", "user-add", ...),
 * on what ("article:12", "user:alice") and details. */
typedef struct {
    int64_t id;
    gz_time_t at;
    int64_t user_id;
    const char *user_name; /* filled by store_audit_list; NULL for nobody */
    const char *action;
    const char *target;
    const char *detail;
} store_audit_entry_t;

/* Appends an entry (id and at set here; user_name ignored). */
int store_audit_add(store_t *store, const store_audit_entry_t *entry);
/* Newest first, at most limit after skipping offset; from pool. */
int store_audit_list(store_t *store, size_t limit, size_t offset, gz_pool_t *pool,
                     store_audit_entry_t **out, size_t *count);
/* The entries about one target ("article:12"), newest first, at most
 * limit; from pool. */
int store_audit_list_for_target(store_t *store, const char *target, size_t limit, gz_pool_t *pool,
                                store_audit_entry_t **out, size_t *count);

/* One saved state of an article, kept forever: who saved it, when, and
 * every field as a JSON object. */
typedef struct {
    int64_t article_id;
    int64_t revision; /* the article's revision after that save */
    int64_t user_id;  /* 0: the command line or the server itself */
    const char *user_name; /* filled by reads; NULL for nobody */
    gz_time_t at;
    const char *snapshot; /* JSON */
} store_revision_t;

/* GZ_ECONFLICT when that revision of the article is already recorded. */
int store_revision_add(store_t *store, const store_revision_t *revision);
/* An article's revisions, newest first, from pool. */
int store_revision_list(store_t *store, int64_t article_id, gz_pool_t *pool,
                        store_revision_t **out, size_t *count);
/* revision 0: the newest. GZ_ENOTFOUND when there is none. */
int store_revision_get(store_t *store, int64_t article_id, int64_t revision, gz_pool_t *pool,
                       store_revision_t *out);

enum { STORE_NOTE_MAX_BYTES = 2000 };

/* Appends a correction or update note (created_at now) under an article,
 * and marks the article's pages changed, in one transaction. text: 1 to
 * STORE_NOTE_MAX_BYTES bytes of valid UTF-8. GZ_ENOTFOUND when there is
 * no such article, GZ_EINVAL for bad arguments. */
int store_article_note_add(store_t *store, int64_t article_id, content_note_kind_t kind,
                           const char *text, int64_t user_id);

/* ---- the newsroom's article list (store_newsroom.c) ----------------------
 *
 * What the newsroom's article list asks: every filter optional. Drafts,
 * scheduled, unpublished and spiked articles are listed too (stubs are
 * not). The text is searched in the newsroom's own index, which holds
 * every article (the readers' index holds only live ones) with its
 * headline, lede, body, authors' names and tags' names, read by the same
 * tokenizer as the readers' search and with the same syntax (every word,
 * "a phrase", -word, a OR b); the index follows every write of an article
 * in its own transaction, and a rename of a tag or an author. The other
 * filters scan the articles table: fine for a newsroom, not for readers.
 * The order is one of a fixed set of columns, each a statement of its
 * own; ties go to the most recently changed. */
typedef enum {
    STORE_NEWSROOM_SORT_UPDATED,   /* last changed (the default, newest first) */
    STORE_NEWSROOM_SORT_HEADLINE,  /* ASCII letters in any case */
    STORE_NEWSROOM_SORT_STATUS,    /* stage, then the site's status key */
    STORE_NEWSROOM_SORT_SECTION,   /* by name; none last */
    STORE_NEWSROOM_SORT_AUTHOR,    /* the first author's name; none last */
    STORE_NEWSROOM_SORT_PUBLISHED, /* publication (or scheduled) time; none last */
    STORE_NEWSROOM_SORT_DUE,       /* the assignment's due time; none last */
    STORE_NEWSROOM_SORT_COUNT
} store_newsroom_sort_t;

enum {
    STORE_NEWSROOM_UNASSIGNED = -1, /* assignee: articles assigned to nobody */
    STORE_NEWSROOM_TEXT_MAX = 500,  /* bytes of the text filter */
    STORE_NEWSROOM_PAGE_MAX = 1000,
};

typedef struct {
    int status;                  /* -1: any; otherwise a content_status_t (the stage) */
    const char *workflow_status; /* the site's status key ("copy_desk"); NULL or "": any */
    int64_t section_id;          /* 0: any */
    const char *desk;            /* articles in the sections of this desk; NULL or "": any */
    const char *author;          /* an author's slug; NULL or "": any */
    const char *text;            /* searched (see above); NULL or "": any */
    gz_time_t from, to;          /* published_at in [from, to]; 0 leaves that end open */
    int64_t assignee;            /* 0: any; an account; STORE_NEWSROOM_UNASSIGNED */
    gz_time_t due_before;        /* > 0: only published_at <= due_before */
    store_newsroom_sort_t sort;
    bool ascending;              /* else descending */
    size_t limit;                /* 0 means 20; at most STORE_NEWSROOM_PAGE_MAX */
    size_t offset;
} store_newsroom_query_t;

/* One row of the list: the article as store_article_list fills it, with
 * what the newsroom shows beside it. */
typedef struct {
    content_article_t article;
    const char *authors;       /* the authors' names in order, ", " between; NULL: none */
    int64_t assignee_id;       /* 0: nobody */
    const char *assignee_name; /* shown name (or sign-in name); NULL for nobody */
    gz_time_t due_at;          /* 0: none */
} store_newsroom_row_t;

typedef struct {
    store_newsroom_row_t *items; /* pool memory */
    size_t count;
    size_t total;    /* matching articles in all pages */
    bool searchable; /* false: the text had no word to look for (nothing found) */
} store_newsroom_page_t;

/* Fills out, strings from pool. GZ_EINVAL for an unknown status or sort,
 * or a text past STORE_NEWSROOM_TEXT_MAX bytes or not UTF-8. */
int store_newsroom_find(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                        store_newsroom_page_t *out);
/* The same as a plain list of articles (items and total), from pool; the
 * scheduled publisher's question (scheduled, due_before, nothing else)
 * reads only the index of scheduled articles and counts nothing. */
int store_newsroom_list(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                        content_article_list_t *out);

/* ---- site settings, desks and the newsroom's budget (store_settings.c) ---- */

enum { STORE_SETTING_MAX_BYTES = 64 * 1024, STORE_BUDGET_MAX = 500 };

/* A setting: a JSON document by name ("workflow") that the newsroom
 * checks before storing. *found false (value untouched) when never set. */
int store_setting_get(store_t *store, const char *name, gz_pool_t *pool, const char **value,
                      bool *found);
/* Stores it (at most STORE_SETTING_MAX_BYTES of UTF-8), who and when
 * kept beside it; audited by the caller. */
int store_setting_put(store_t *store, const char *name, const char *value, int64_t user_id);

/* The desks named by sections, each once, by name; from pool. */
int store_desk_list(store_t *store, gz_pool_t *pool, const char ***names, size_t *count);

/* How many articles are at each of the site's statuses. */
typedef struct {
    const char *status; /* the article's workflow_status */
    int64_t count;
} store_status_count_t;

int store_status_counts(store_t *store, gz_pool_t *pool, store_status_count_t **out,
                        size_t *count);

/* Who an article is assigned to, by when, and what is wanted: planning,
 * kept beside the article (no revision, no page dropped). */
enum { STORE_ASSIGNMENT_NOTE_MAX = 500 };

typedef struct {
    int64_t article_id;
    int64_t user_id;       /* 0: nobody */
    const char *user_name; /* shown name (or sign-in name) when read; NULL for nobody */
    gz_time_t due_at;      /* 0: no time */
    const char *note;      /* "600 words and a picture"; NULL: none */
    int64_t assigned_by;
    gz_time_t assigned_at;
} store_assignment_t;

/* *found false (out zeroed, article_id set) when the article has none. */
int store_assignment_get(store_t *store, int64_t article_id, gz_pool_t *pool,
                         store_assignment_t *out, bool *found);
/* Stores it (assigned_at set here); nobody, no time and no note remove
 * it. GZ_EINVAL for an article or account that does not exist (checked
 * at commit: in the caller's transaction, at its end). */
int store_assignment_put(store_t *store, const store_assignment_t *assignment);

typedef struct {
    content_article_t article; /* as store_article_list fills it (no body) */
    store_assignment_t assignment; /* article_id 0 when unassigned */
} store_budget_item_t;

typedef struct {
    store_budget_item_t *items;
    size_t count;
} store_budget_t;

/* The newsroom's budget: every article still open (draft, in review,
 * scheduled) and every one due in [from, to), by desk (sections' desk;
 * none first), then due time, then newest change; at most
 * STORE_BUDGET_MAX. */
int store_newsroom_budget(store_t *store, gz_time_t from, gz_time_t to, gz_pool_t *pool,
                          store_budget_t *out);

/* ---- curated fronts (store_fronts.c) ------------------------------------- */

/* The newest live articles of a content type at now (a front's block "the
 * newest videos"), as store_article_list fills them; no total. */
int store_articles_of_type(store_t *store, int64_t type_id, gz_time_t now, size_t limit,
                           gz_pool_t *pool, content_article_list_t *out);

/* A front's layout (JSON text the newsroom checks) under the key of the
 * page it arranges: "home", "section:12". */
typedef struct {
    const char *key;
    const char *layout;
    int64_t revision; /* 1 for the first version */
    gz_time_t updated_at;
    int64_t updated_by; /* 0: the system (a scheduled version) */
} store_front_t;

int store_front_get(store_t *store, const char *key, gz_pool_t *pool, store_front_t *out);
/* Stores a new version: inserted when based_on is 0, else only over
 * revision based_on (GZ_ECONFLICT when another came first, or the front
 * exists already for based_on 0); keeps the version in front_revisions
 * and logs the key as the page's cache tag, in one write. *revision (may
 * be NULL) is the new one. */
int store_front_put(store_t *store, const char *key, const char *layout, int64_t user_id,
                    int64_t based_on, int64_t *revision);

typedef struct {
    int64_t revision;
    int64_t user_id;
    gz_time_t at;
    const char *layout;
} store_front_revision_t;

/* The newest 50 versions of a front, newest first. */
int store_front_revisions(store_t *store, const char *key, gz_pool_t *pool,
                          store_front_revision_t **out, size_t *count);

typedef struct {
    int64_t id;
    const char *key;
    const char *layout;
    gz_time_t at; /* when it goes live */
    int64_t user_id;
    gz_time_t created_at;
} store_front_schedule_t;

int store_front_schedule_add(store_t *store, const char *key, const char *layout, gz_time_t at,
                             int64_t user_id, int64_t *id);
/* The versions waiting for their time: of one front (key, due_by 0), or
 * of every front due by due_by (key NULL), earliest first (at most 100). */
int store_front_schedules(store_t *store, const char *key, gz_time_t due_by, gz_pool_t *pool,
                          store_front_schedule_t **out, size_t *count);
/* GZ_ENOTFOUND when there is no such scheduled version (any more). */
int store_front_schedule_delete(store_t *store, int64_t id);

/* ---- media items and their files --------------------------------------
 *
 * Pictures, video files and embeds (content_media_t) live in the store
 * with their bytes, so every node on one PostgreSQL database serves the
 * same picture without a shared disk. An item has metadata (one row) and
 * any number of files: its "original" and its derivatives, named by
 * variant ("640_16x9.webp"). A file's bytes are stored in parts of
 * STORE_MEDIA_PART_BYTES, so a byte range reads only the parts it covers.
 * Every write records "media:ID" in the change log, in its own
 * transaction, so page caches on every node drop what shows the item.
 * Writes are atomic on their own, or part of the caller's transaction
 * (store_begin) when one is open. */

enum {
    STORE_MEDIA_STEM_MAX = 200,              /* bytes */
    STORE_MEDIA_VARIANT_MAX = 64,            /* bytes of [a-z0-9._-] */
    STORE_MEDIA_MIME_MAX = 127,              /* bytes, as RFC 6838 bounds a type */
    STORE_MEDIA_FOCUS_MAX = 10000,           /* focus_x and focus_y, in 1/10000 */
    STORE_MEDIA_PART_BYTES = 1024 * 1024,    /* one stored part of a file */
    STORE_MEDIA_PAGE_MAX = 100,              /* items in one page of the library */
};

/* Inserts the item (id 0: a new id is chosen and written back, with
 * created_at and updated_at set to now when 0) or updates the metadata of
 * item->id (updated_at set to now when 0; created_at, has_original and
 * byte_count stay as stored: the file writes below keep them). Checks
 * the item first: a known kind; a stem of the shape YYYY/MM/DD/site_ticks
 * (lower-case letters, digits and '-' in the site, digits in the ticks,
 * a real month and day, at most STORE_MEDIA_STEM_MAX bytes); every text
 * valid UTF-8; focus_x and focus_y at most STORE_MEDIA_FOCUS_MAX; no
 * negative size or duration; a poster other than itself. GZ_EINVAL with
 * a message naming the problem (nothing stored), GZ_ECONFLICT when
 * another item has the stem, GZ_ENOTFOUND when there is no item id to
 * update, GZ_EINVAL when the poster does not exist. */
int store_media_put(store_t *store, content_media_t *item);
/* Fills *out, strings from pool; GZ_ENOTFOUND when there is none. */
int store_media_get(store_t *store, int64_t id, gz_pool_t *pool, content_media_t *out);
int store_media_find_by_stem(store_t *store, const char *stem, gz_pool_t *pool,
                             content_media_t *out);

/* What the newsroom's library asks; every filter optional. text is found
 * in the caption, credit, alt text or file name, as it is (LIKE's
 * wildcards are plain characters), ASCII letters in any case (other
 * letters as typed, on both backends). The text filter scans the items:
 * fine for a newsroom's library, not for readers. */
typedef struct {
    int kind;                          /* 0: any; otherwise a content_media_kind_t */
    gz_time_t created_from, created_to; /* created in [from, to]; 0 leaves that end open */
    const char *text;                  /* NULL or "": any */
    size_t page;                       /* from 1; 0 counts as 1 */
    size_t page_size;                  /* 0 means 20; at most STORE_MEDIA_PAGE_MAX */
} store_media_query_t;

typedef struct {
    content_media_t *items; /* newest first (created_at, then id), pool memory */
    size_t count;
    size_t total;           /* matching items in all pages */
} store_media_list_t;

/* GZ_EINVAL for an unknown kind or a page_size past STORE_MEDIA_PAGE_MAX. */
int store_media_list(store_t *store, const store_media_query_t *query, gz_pool_t *pool,
                     store_media_list_t *out);

/* Deletes the item with its files, their bytes and the articles' links to
 * it; items that had it as their poster keep none (and are logged as
 * changed too). GZ_ENOTFOUND. */
int store_media_delete(store_t *store, int64_t id);

/* One stored file of an item. */
typedef struct {
    char variant[STORE_MEDIA_VARIANT_MAX + 1]; /* "original", "640_16x9.webp" */
    char mime[STORE_MEDIA_MIME_MAX + 1];
    uint32_t width, height;                    /* 0 when unknown */
    int64_t byte_count;
    char etag[33]; /* hex of a 16-byte BLAKE2b of the bytes (crypto_generichash) */
    gz_time_t made_at;
} store_media_file_t;

/* Stores len bytes as the item's variant, replacing the file it had (no
 * part of the old one is left), in one write. Writing "original" also
 * sets the item's has_original, byte_count and mime. variant: 1 to
 * STORE_MEDIA_VARIANT_MAX bytes of lower-case letters, digits, '.', '_',
 * '-', not starting with '.'; mime: "type/subtype", printable ASCII, at
 * most STORE_MEDIA_MIME_MAX bytes. GZ_EINVAL for bad arguments,
 * GZ_ENOTFOUND when there is no such item. */
int store_media_file_write(store_t *store, int64_t media_id, const char *variant, const char *mime,
                           uint32_t width, uint32_t height, const void *bytes, size_t len);
/* What is stored of a file, without its bytes; GZ_ENOTFOUND. */
int store_media_file_info(store_t *store, int64_t media_id, const char *variant,
                          store_media_file_t *out);
/* Appends bytes [offset, offset + length) of the file to out, reading
 * only the parts they fall in, from one snapshot. GZ_ENOTFOUND when there
 * is no such file, GZ_EINVAL when the range ends past the file's end,
 * GZ_EIO when a part is missing or has the wrong size. */
int store_media_file_read(store_t *store, int64_t media_id, const char *variant, uint64_t offset,
                          uint64_t length, gz_buf_t *out);
/* The item's files by variant, from pool (none: *out NULL, *count 0). */
int store_media_file_list(store_t *store, int64_t media_id, gz_pool_t *pool,
                          store_media_file_t **out, size_t *count);
/* Deletes a file and its bytes ("original": has_original becomes false).
 * GZ_ENOTFOUND when there is no such file. */
int store_media_file_delete(store_t *store, int64_t media_id, const char *variant);

/* Where an article uses an item. */
typedef enum { STORE_MEDIA_LEAD = 1, STORE_MEDIA_BODY = 2 } store_media_role_t;

typedef struct {
    int64_t media_id;
    store_media_role_t role;
    int64_t position; /* order within the role */
} store_media_use_t;

/* Replaces the items article_id uses with uses[0..count), in one write;
 * the newsroom calls it in the transaction of the article's save.
 * GZ_EINVAL for an unknown role, a repeated (item, role), or an article
 * or item that does not exist. */
int store_article_media_replace(store_t *store, int64_t article_id, const store_media_use_t *uses,
                                size_t count);
/* The ids of the articles that use the item (directly, or as the poster of
 * a video they show), ascending, from pool. */
int store_media_usage(store_t *store, int64_t media_id, gz_pool_t *pool, int64_t **out,
                      size_t *count);
/* For garbage collection: the ids (ascending, from pool) of the items no
 * article uses, that are no other item's poster, and that were last
 * updated before unused_since. */
int store_media_list_unused(store_t *store, gz_time_t unused_since, gz_pool_t *pool,
                            int64_t **out, size_t *count);

/* ---- the breaking-news banner (store_breaking.c) ------------------------
 *
 * One banner at a time for the whole site, every one kept as history: its
 * text, an optional link, who raised it and when, an optional expiry, and
 * who lowered it by hand and when. A banner is up from its raising until
 * it is lowered or its expiry comes, whichever is first; an expired one
 * keeps lowered_at 0. Every write logs "breaking" in the change log in the
 * same write, so the page caches of every node drop the one small entry
 * that shows the banner (pages never show it themselves). Writes are
 * atomic on their own, or part of the caller's transaction (store_begin).
 * The store checks only what it stores; the newsroom's rules (length in
 * characters, the link's form, the expiry's range) are newsroom_breaking_*. */

enum {
    STORE_BREAKING_TEXT_MAX = 1120, /* bytes: 280 characters of up to 4 bytes */
    STORE_BREAKING_LINK_MAX = 2048, /* bytes */
    STORE_BREAKING_HISTORY_MAX = 100,
};

typedef struct {
    int64_t id;
    const char *text;
    const char *link;           /* NULL: none */
    int64_t raised_by;          /* the account; 0: none */
    const char *raised_by_name; /* filled by reads; NULL for nobody */
    gz_time_t raised_at;
    gz_time_t expires_at;       /* 0: up until lowered */
    gz_time_t lowered_at;       /* 0: not lowered by hand */
    int64_t lowered_by;
    const char *lowered_by_name; /* filled by reads */
} store_breaking_t;

/* Lowers the banner that is up at banner->raised_at (by raised_by), then
 * stores banner as the new one, in one write; sets banner->id. text: 1 to
 * STORE_BREAKING_TEXT_MAX bytes of valid UTF-8; link NULL or up to
 * STORE_BREAKING_LINK_MAX bytes of UTF-8; raised_at set (> 0); expires_at
 * 0 or after raised_at. GZ_EINVAL with a message otherwise. */
int store_breaking_raise(store_t *store, store_breaking_t *banner);
/* Lowers banner id (0: whichever is up) at now, by user_id. GZ_ENOTFOUND
 * when it is not up (lowered already, expired, or never raised). */
int store_breaking_lower(store_t *store, int64_t id, int64_t user_id, gz_time_t now);
/* The banner up at now: *found false when none is (the newest one was
 * lowered or has expired). Strings from pool. */
int store_breaking_current(store_t *store, gz_time_t now, gz_pool_t *pool, store_breaking_t *out,
                           bool *found);
/* The newest limit banners (1 to STORE_BREAKING_HISTORY_MAX), newest
 * first, from pool. */
int store_breaking_list(store_t *store, size_t limit, gz_pool_t *pool, store_breaking_t **out,
                        size_t *count);

/* ---- moving a site to another store (gazette db copy) ----------------- */

enum { STORE_COPY_MAX_TABLES = 40 };

typedef struct {
    const char *table;   /* static text */
    int64_t source_rows; /* in the source's snapshot */
    int64_t target_rows; /* in the target, counted before the copy commits */
} store_copy_count_t;

typedef struct {
    store_copy_count_t tables[STORE_COPY_MAX_TABLES]; /* in the order they are copied */
    size_t table_count;
    int64_t rows;        /* copied in all */
    bool source_changed; /* the source logged changes while it was read */
} store_copy_report_t;

/* Called during a copy with the table being copied and how many rows of
 * all tables are done out of how many. */
typedef void (*store_copy_progress_fn)(void *context, const char *table, size_t done,
                                       size_t total);

/* Copies every row of the site (sections, content types, authors, tags,
 * articles and their links, page views, accounts, sessions, the audit log,
 * revisions and notes, media items with their files' bytes, the breaking
 * news banners) from one store to another, whatever their backends,
 * keeping every id. What the store derives from those rows is not copied:
 * the target's triggers keep their counters and change log, and the
 * caller rebuilds the search index and the related lists
 * (store_search_rebuild, store_related_rebuild) afterwards.
 *
 * Both stores must have this program's schema version (migrate the
 * target first; the source is only read). The source is read in one
 * snapshot, a page of rows at a time; report->source_changed tells that
 * other connections changed it meanwhile (those changes are not in the
 * copy). The target must hold no rows yet except the seeded content
 * types, which the source's replace: GZ_ECONFLICT otherwise. Everything
 * is written in one transaction of the target, and before it commits the
 * rows of every table are counted on both sides: any difference, like any
 * other failure, rolls it all back and leaves the target empty.
 *
 * progress may be NULL. report is filled as far as the copy got. Errors
 * (from either store) are in store_last_error(to): GZ_EINVAL for a
 * schema version that differs from this program's, GZ_EIO for a count
 * that does not match, or the failing call's code. */
int store_copy(store_t *from, store_t *to, store_copy_progress_fn progress, void *context,
               store_copy_report_t *report);

/* Counts the rows store_copy would copy, table by table, into
 * out->tables[].source_rows (for `gazette db status`). The schema must be
 * up to date. */
int store_count_rows(store_t *store, store_copy_report_t *out);

/* ---- fault injection (test builds only) ---------------------------------
 *
 * Built when GAZETTE_TEST_HOOKS is 1 (meson -Dtest_hooks=true; every build
 * of make check). It proves that writes are all or nothing: a test runs a
 * write once cleanly to learn how many statements it executes (N, from
 * store_test_statement_count), then again for each k in 1..N with
 * store_test_fail_statement(k), and checks after each failure that nothing
 * of the write is left.
 *
 * What counts as a statement: every SQL statement either driver hands to
 * its database, on any connection of this process (counted atomically, so
 * threads may share the plan): reads, writes, and the transaction control
 * statements BEGIN, SAVEPOINT, RELEASE and COMMIT (a failed COMMIT must
 * leave nothing either). Not counted: preparing a statement, and the
 * ROLLBACK or ROLLBACK TO that undoes a failed write (that one never
 * fails, so a test's own fault cannot leave a transaction open).
 *
 * The failing statement is not run. Its caller sees GZ_EIO, with
 * store_last_error "CONTEXT: injected fault at statement K" (CONTEXT: what
 * the store was doing), and handles it like any refusal by the database:
 * a write of its own rolls back; inside store_begin the caller's
 * store_rollback does. The fault fires once; later statements run.
 *
 * A command line process can be made to fail too: GAZETTE_TEST_FAIL_STATEMENT=K
 * in the environment is read at the first store_open of the process, as if
 * store_test_fail_statement(K) were called then (so statements of opening
 * and migrating count). Without GAZETTE_TEST_HOOKS neither the functions
 * nor the variable exist. */
#if GAZETTE_TEST_HOOKS
/* The kth statement executed after this call fails (k counts from 1);
 * 0 turns the hook off. Also restarts store_test_statement_count. */
void store_test_fail_statement(uint64_t k);
/* Statements executed (in this process) since the last
 * store_test_fail_statement call, including a failed one. */
uint64_t store_test_statement_count(void);
#endif

#endif
