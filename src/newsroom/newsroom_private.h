/*
 * Private to src/newsroom: the steps every operation shares (load, record
 * the revision and the audit row, end the transaction, report a failure).
 */
#ifndef GAZETTE_NEWSROOM_PRIVATE_H
#define GAZETTE_NEWSROOM_PRIVATE_H

#include "newsroom/newsroom.h"

/* The article, GZ_ENOTFOUND for none or a stub. */
int newsroom_load(store_t *store, int64_t article_id, gz_pool_t *pool, content_article_t **out);

/* Writes the revision row of article (its revision after the put) and,
 * when audit_action is not NULL, an audit row on "article:ID". */
int newsroom_record(store_t *store, const newsroom_actor_t *actor, const content_article_t *article,
                    const char *audit_action, const char *detail, gz_pool_t *pool);

/* Records which media items the stored article shows (its lead picture:
 * "media:ID", or a legacy path whose item is made if need be), so pages
 * can be refreshed when one changes and unused items found. In the
 * caller's transaction; newsroom_record calls it. */
int newsroom_media_record_uses(store_t *store, const content_article_t *article, gz_pool_t *pool);

/* The pictures the article shows that have no alt text, as a list of
 * their file names ("a.jpg, b.jpg"), or NULL when every one has some. */
int newsroom_media_missing_alt(store_t *store, const content_article_t *article, gz_pool_t *pool,
                               const char **names);

/* Writes an audit row: who (actor NULL: the system, user 0), what, on what
 * ("media:12", "front:home"), and a detail (may be NULL). */
int newsroom_audit(store_t *store, const newsroom_actor_t *actor, const char *action,
                   const char *target, const char *detail);

/* Commits when code is GZ_OK, else (or when the commit fails) rolls back;
 * returns the outcome. */
int newsroom_finish(store_t *store, int code);

/* Sets result->message (the store's last error after text when text ends
 * in ": ") and returns code. */
int newsroom_fail(store_t *store, newsroom_result_t *result, gz_pool_t *pool, int code,
                  const char *text);

/* For a failed read of what an operation works on: missing as the
 * message when it is not there (GZ_ENOTFOUND), otherwise the store's own
 * error, so an outage is never reported as a missing article. */
int newsroom_fail_read(store_t *store, newsroom_result_t *result, gz_pool_t *pool, int code,
                       const char *missing);

/* newsroom_save's checks and writes (the same rules, revision and audit
 * row) inside the caller's transaction, which it neither begins nor ends:
 * the bulk operations' step for each article. note (may be NULL) is added
 * to the audit row's detail. */
int newsroom_save_in(store_t *store, const newsroom_actor_t *actor, const newsroom_edit_t *edit,
                     const char *note, gz_pool_t *pool, newsroom_result_t *result);

/* GZ_EINVAL with not_allowed and message set. */
int newsroom_refuse(newsroom_result_t *result, const char *message);

#endif
