/*
 * newsroom: the one place where articles change. The admin pages, the
 * importer and the scheduled publisher (and every later writer: APIs,
 * ingest, live coverage) call these functions; none of them calls the
 * store's write functions for articles directly.
 *
 * Each operation is one store transaction that writes the article, its
 * revision row (a JSON snapshot of every field an editor sets) and an audit
 * row together; the store's triggers add the change log entries that page
 * caches follow, in the same transaction. A step that fails rolls all of
 * it back.
 *
 * Every change a reader can see sets the article's modified time
 * (updated_at) to now: a save whose snapshot differs from the stored one
 * (status included, so publishing and unpublishing count), a note, a
 * scheduled publication. A save that changes nothing keeps it, and an
 * import keeps the source's time when the source gives one.
 *
 * The role and workflow rules are pure functions here too, so the pages
 * can ask them before showing a button and the operations enforce them.
 *
 * Thread safety: functions work only on what they are given; one store_t
 * per thread as the store requires.
 */
#ifndef GAZETTE_NEWSROOM_H
#define GAZETTE_NEWSROOM_H

#include <jansson.h>

#include "base/base.h"
#include "content/content.h"
#include "media/media.h"
#include "store/store.h"

/* ---- the site's workflow (statuses.c) ----------------------------------- */

enum {
    NEWSROOM_STATUS_MAX = 24,
    NEWSROOM_TRANSITION_MAX = 200,
    NEWSROOM_STATUS_KEY_MAX = 32,   /* bytes of a-z, 0-9 and _ */
    NEWSROOM_STATUS_LABEL_MAX = 64, /* bytes of UTF-8 */
};

/* A set of roles: bit NEWSROOM_ROLE_BIT(role) for each. */
typedef unsigned newsroom_roles_t;
#define NEWSROOM_ROLE_BIT(role) (1u << (unsigned)(role))

/* One of the site's statuses: "copy_desk", "Copy desk", at the in-review
 * stage (the stage decides what readers and the publisher see). */
typedef struct {
    const char *key;
    const char *label;
    content_status_t stage;
} newsroom_status_t;

/* A step the workflow allows, and the roles that may take it. */
typedef struct {
    const char *from; /* status keys */
    const char *to;
    newsroom_roles_t roles;
} newsroom_transition_t;

typedef struct {
    const newsroom_status_t *statuses; /* in the order the newsroom shows them */
    size_t status_count;
    const newsroom_transition_t *transitions;
    size_t transition_count;
    newsroom_roles_t delete_roles;           /* may delete an article never published */
    newsroom_roles_t delete_published_roles; /* may delete one that has been out */
} newsroom_workflow_t;

#define NEWSROOM_WORKFLOW_SETTING "workflow"

/* The built-in workflow: draft, in review, copy desk, ready, scheduled,
 * published, unpublished, spiked; every role submits its drafts, editors
 * (and chief editors and admins) move and publish, and the chief editor
 * alone unpublishes or deletes what has been published. */
const newsroom_workflow_t *newsroom_workflow_default(void);
/* Checks a workflow as JSON ({"statuses": [{key, label, stage}],
 * "transitions": [{from, to, roles: [names]}], "delete": [names],
 * "delete_published": [names]}); GZ_EINVAL with every problem in
 * problems, one a line. Strings from pool. */
int newsroom_workflow_parse(const char *text, gz_pool_t *pool, newsroom_workflow_t *out,
                            gz_buf_t *problems);
/* The workflow as that JSON (compact, in its order), from pool. */
char *newsroom_workflow_json(const newsroom_workflow_t *workflow, gz_pool_t *pool);
/* Role names as a JSON list (a new reference). */
json_t *newsroom_roles_json(newsroom_roles_t roles);
/* The site's workflow: the stored one, or the built-in one. */
int newsroom_workflow_load(store_t *store, gz_pool_t *pool, const newsroom_workflow_t **out);

/* By key; NULL when the workflow has none. */
const newsroom_status_t *newsroom_status_find(const newsroom_workflow_t *workflow,
                                              const char *key);
/* The first status at a stage (new drafts start at the first draft one). */
const newsroom_status_t *newsroom_status_first_at(const newsroom_workflow_t *workflow,
                                                  content_status_t stage);
/* The article's status: its key when the workflow has it at its stage,
 * else the first status at its stage; NULL when the workflow has none. */
const newsroom_status_t *newsroom_status_of(const newsroom_workflow_t *workflow,
                                            const content_article_t *article);
const newsroom_transition_t *newsroom_transition_find(const newsroom_workflow_t *workflow,
                                                      const char *from, const char *to);

/* Who makes a change: a signed-in account, or a command (user_id 0, a
 * name such as "gazette import" and the file it read), or the server
 * itself (the scheduled publisher: user_id 0, name NULL). */
typedef struct {
    int64_t user_id;
    const char *name; /* the account's shown name (the author of its new
                         articles), or the command */
    store_role_t role;
    const char *file; /* the file a command read, or NULL */
    const char *desks; /* the desks the account works for, ", " between; NULL
                          or "": every desk. Admins are never limited. */
    const newsroom_workflow_t *workflow; /* the site's; NULL: the built-in one */
} newsroom_actor_t;

/* What the editor's buttons ask for. A move names the status it goes to;
 * submit, publish, schedule and unpublish go to the first status at their
 * stage that the workflow lets the actor reach. */
typedef enum {
    NEWSROOM_SAVE,
    NEWSROOM_PREVIEW,
    NEWSROOM_SUBMIT,
    NEWSROOM_PUBLISH,
    NEWSROOM_SCHEDULE,
    NEWSROOM_UNPUBLISH,
    NEWSROOM_AUTOSAVE,
    NEWSROOM_MOVE,
    NEWSROOM_UNKNOWN
} newsroom_action_t;

/* "save", "preview", "submit", ...; NULL for NEWSROOM_UNKNOWN. */
const char *newsroom_action_name(newsroom_action_t action);
/* NULL counts as save; an unknown name is NEWSROOM_UNKNOWN. */
newsroom_action_t newsroom_action_parse(const char *name);

/* ---- the rules (pure, rules.c) ---------------------------------------------- */

/* The workflow the actor works under: theirs, or the built-in one. */
const newsroom_workflow_t *newsroom_actor_workflow(const newsroom_actor_t *actor);
/* Editors, chief editors and admins publish, add notes, arrange fronts,
 * manage the taxonomy and raise the breaking-news banner. */
bool newsroom_may_publish(const newsroom_actor_t *actor);
/* Whether the actor's desks cover the article's (its section's desk): an
 * account with no desks, an admin, or an article of no desk always. */
bool newsroom_covers_desk(const newsroom_actor_t *actor, const content_article_t *article);
/* Contributors and authors change only their own drafts (owner_id: the
 * account that created the article, see newsroom_owner); editors any
 * article of their desks. current is NULL for a new article. */
bool newsroom_may_edit(const newsroom_actor_t *actor, const content_article_t *current,
                       int64_t owner_id);
/* Why newsroom_may_edit says no, as a sentence for the one refused
 * ("You can read this article but not change it: it is published, ...");
 * NULL when it says yes. From pool when it names a desk. */
const char *newsroom_edit_refusal(const newsroom_actor_t *actor, const content_article_t *current,
                                  int64_t owner_id);
/* Why the actor may not take article from its status to status to (the
 * workflow has no such step, or not for this role); NULL when they may.
 * Editing rights are asked separately (newsroom_edit_refusal). */
const char *newsroom_move_refusal(const newsroom_actor_t *actor, const content_article_t *article,
                                  const newsroom_status_t *to, gz_pool_t *pool);
/* The statuses the actor may move article to, in the workflow's order,
 * at most max; how many. */
size_t newsroom_moves_allowed(const newsroom_actor_t *actor, const content_article_t *article,
                              const newsroom_status_t **out, size_t max);
/* Why the actor may not delete the article (published_before: it has gone
 * out under an address, store_article_slugs); NULL when they may. */
const char *newsroom_delete_refusal(const newsroom_actor_t *actor,
                                    const content_article_t *article, bool published_before,
                                    gz_pool_t *pool);
/* Moves article (status, its key, published_at) as action asks (to: the
 * status key of a move, else NULL), at now; typed_time is the publication
 * time the editor typed (0: none). Returns NULL, or a sentence saying why
 * the move is not allowed for this actor or from this state. */
const char *newsroom_apply_action(const newsroom_actor_t *actor, newsroom_action_t action,
                                  const char *to, content_article_t *article, bool is_new,
                                  gz_time_t typed_time, gz_time_t now, gz_pool_t *pool);
/* What is wrong with a note ("correction" or "update", 1 to
 * STORE_NOTE_MAX_BYTES bytes of UTF-8); NULL when nothing. Static text. */
const char *newsroom_note_problem(const char *kind, const char *text);

/* ---- fields and snapshots ------------------------------------------------ */

/* The editor's text fields, in the order the editor shows them: "headline",
 * "subtitle", "summary", "body", "section", "tags", "language", "dateline"
 * (the source or agency line), "editor_code", "lead_image", "related",
 * "publish_at", "content_type", "authors" (names or slugs, ", "
 * between), "byline" (the override), "slug" (the address; empty: made from
 * the headline), "seo_title", "seo_description", "social_title",
 * "social_description", "canonical_url" and "noindex" ("yes" or ""). */
extern const char *const newsroom_text_fields[];
enum { NEWSROOM_TEXT_FIELD_COUNT = 22 };

/* True when the article's slug is what its headline makes (or it has
 * none): before publication such a slug follows the headline. */
bool newsroom_slug_is_automatic(const content_article_t *article);

/* Those fields of an article, and its "status", as strings (tags joined by
 * ", ", the editor's related ids by " ", publish_at in the site's zone as
 * "%Y-%m-%dT%H:%M:%S"). A new reference. */
json_t *newsroom_fields_of_article(const content_article_t *article);
/* The revision snapshot: those fields and "published_at" (Unix seconds),
 * compact JSON with sorted keys, from pool. */
char *newsroom_snapshot(const content_article_t *article, gz_pool_t *pool);

/* Looks up a field by name; NULL when absent. */
typedef const char *(*newsroom_field_fn)(void *context, const char *name);

/* Sets article's text fields, section name, content type, tags, authors
 * (when the field is there: each must name a stored author, by name or
 * slug; an unknown one is a problem) and the editor's related ids from fields (as the editor's form or a snapshot
 * holds them; status and publication time are left alone). Texts are
 * trimmed, empty ones become NULL (the body is kept as typed); an empty
 * language becomes default_language. Problems validation cannot see (a
 * content type that is not a number or, with store given, not stored;
 * related items that are not numbers) are appended to problems, one a
 * line. Strings from pool. Returns GZ_OK, or the store's error when it
 * could not answer a lookup (problems then may be incomplete). */
int newsroom_apply_fields(store_t *store, content_article_t *article, newsroom_field_fn field,
                          void *context, const char *default_language, gz_pool_t *pool,
                          gz_buf_t *problems);

/* The account that created the article (its first revision's), 0 when
 * none (imported, or by a command). */
int newsroom_owner(store_t *store, int64_t article_id, gz_pool_t *pool, int64_t *owner_id);

/* ---- operations ------------------------------------------------------------ */

/* What an operation did, or why not. Strings from the operation's pool. */
typedef struct {
    int64_t article_id;
    int64_t revision;     /* the article's revision after the change */
    gz_time_t updated_at; /* its modified time after the change */
    /* With GZ_EINVAL: true when the actor may not do this (a 403), false
     * when the article is not valid (a 422). */
    bool not_allowed;
    /* With GZ_ECONFLICT: the newer save (who and when from its revision
     * row when it is the newest change; the snapshot always of the article
     * as it is now). */
    store_revision_t conflict;
    const char *message; /* with any error: a sentence for the user */
} newsroom_result_t;

typedef struct {
    /* The fields to store: a copy of the stored article with the edit
     * applied (newsroom_apply_fields), or a new one (id 0). Its id,
     * revision, updated_at, slug and body_html are set by the save. */
    content_article_t *article;
    int64_t based_on; /* the revision the edit started from (existing articles) */
    newsroom_action_t action;
    const char *to;       /* with NEWSROOM_MOVE: the status key it goes to */
    gz_time_t typed_time; /* the publication time typed, 0 when none */
} newsroom_edit_t;

/* Creates or updates an article and moves it as edit->action says, in one
 * transaction with its revision and, for a workflow step, a creation or a
 * save, an audit row (autosaves write only the revision). Returns GZ_OK;
 * GZ_EINVAL (not_allowed tells which) for a refused move or an invalid
 * article; GZ_ECONFLICT when another save came after based_on;
 * GZ_ENOTFOUND when the article is gone; or the store's error. */
int newsroom_save(store_t *store, const newsroom_actor_t *actor, const newsroom_edit_t *edit,
                  gz_pool_t *pool, newsroom_result_t *result);

/* A workflow step (submit, publish, schedule at typed_time, unpublish, or
 * a move to status to) for a stored article, without changing its fields;
 * like newsroom_save. */
int newsroom_move(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                  int64_t based_on, newsroom_action_t action, const char *to,
                  gz_time_t typed_time, gz_pool_t *pool, newsroom_result_t *result);

/* Stores revision number's fields again as a new revision (status and
 * publication time stay); like newsroom_save, with GZ_ENOTFOUND for no
 * such revision. */
int newsroom_restore(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                     int64_t number, int64_t based_on, gz_pool_t *pool, newsroom_result_t *result);

/* Whether the actor may delete the article: *refusal NULL, or the rule's
 * sentence. Reads whether it went out under an address (the workflow's
 * "after publication"); returns the store's error when it cannot tell. */
int newsroom_delete_check(store_t *store, const newsroom_actor_t *actor,
                          const content_article_t *article, gz_pool_t *pool,
                          const char **refusal);

/* Deletes the article (whom the workflow lets: by default editors before
 * publication, the chief editor after), with an audit row whose detail is
 * its headline; its revisions stay. GZ_ENOTFOUND, GZ_EINVAL (not
 * allowed). */
int newsroom_delete(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                    gz_pool_t *pool, newsroom_result_t *result);

/* Appends a correction or update note (editors and admins): the note, the
 * article's new modified time and revision, and an audit row
 * ("note-correction" or "note-update"). GZ_EINVAL for a bad note (see
 * newsroom_note_problem) or not allowed, GZ_ENOTFOUND. */
int newsroom_add_note(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                      content_note_kind_t kind, const char *text, gz_pool_t *pool,
                      newsroom_result_t *result);

/* Links other_id to article_id as its translation (store_translation_link:
 * their groups merge), with an audit row ("translation-link"), in one
 * transaction. GZ_EINVAL with the message when other_id is the article
 * itself, in the article's language, or in the language of another of
 * its translations; GZ_ENOTFOUND when either does not exist. The web
 * layer lets editors only. */
int newsroom_translation_link(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                              int64_t other_id, gz_pool_t *pool, newsroom_result_t *result);
/* Takes the article out of its translations ("translation-unlink"). */
int newsroom_translation_unlink(store_t *store, const newsroom_actor_t *actor, int64_t article_id,
                                gz_pool_t *pool, newsroom_result_t *result);

/* An assignment as an editor sets it: the account's sign-in name (NULL
 * or "": nobody), the due time (0: none) and a note (NULL: none; at most
 * STORE_ASSIGNMENT_NOTE_MAX bytes of UTF-8). Nobody, no time and no note
 * remove it. */
typedef struct {
    int64_t article_id;
    const char *assignee;
    gz_time_t due_at;
    const char *note;
} newsroom_assignment_t;

/* Assigns an article (editors, for the articles of their desks): the
 * assignment and an audit row ("assign"), no revision. GZ_EINVAL (not
 * allowed, an unknown or disabled account, a bad note), GZ_ENOTFOUND. */
int newsroom_assign(store_t *store, const newsroom_actor_t *actor,
                    const newsroom_assignment_t *edit, gz_pool_t *pool, newsroom_result_t *result);

/* ---- bulk changes from the article list (bulk.c) ------------------------ */

enum { NEWSROOM_BULK_MAX = 200 };

typedef enum {
    NEWSROOM_BULK_STATUS,      /* move each to the workflow's status value (a key) */
    NEWSROOM_BULK_SECTION,     /* put each in section value (address name or name) */
    NEWSROOM_BULK_ADD_TAGS,    /* value: tag names, ", " between (at most 10) */
    NEWSROOM_BULK_REMOVE_TAGS, /* the same, by name or address name */
    NEWSROOM_BULK_DELETE,
} newsroom_bulk_kind_t;

/* "status", "section", "add-tags", "remove-tags", "delete"; NULL for
 * another value. */
const char *newsroom_bulk_kind_name(newsroom_bulk_kind_t kind);
/* GZ_EINVAL for an unknown name. */
int newsroom_bulk_kind_parse(const char *name, newsroom_bulk_kind_t *out);

typedef struct {
    newsroom_bulk_kind_t kind;
    const int64_t *ids; /* the articles, 1 to NEWSROOM_BULK_MAX, none twice */
    size_t count;
    const char *value; /* see the kinds */
} newsroom_bulk_t;

/* An article the change may not or cannot be made to, and why. */
typedef struct {
    int64_t article_id;
    const char *headline; /* NULL when there is no such article */
    const char *reason;   /* the rule's or the validation's sentence */
} newsroom_bulk_refusal_t;

typedef struct {
    size_t changed;   /* articles written (each with its revision and audit row) */
    size_t unchanged; /* already as asked: left alone */
    newsroom_bulk_refusal_t *refused; /* with GZ_EINVAL, every one refused */
    size_t refused_count;
    bool not_allowed;    /* with GZ_EINVAL: a rule refused one (a 403) */
    const char *message; /* with any error: a sentence for the user */
} newsroom_bulk_result_t;

/* Makes one change to every article of bulk, in one transaction: each
 * goes through the checks and writes of its single operation (a move, a
 * save, a deletion: role, desks, the workflow's steps, validation), with
 * the revision and the audit row that one writes (the detail says "bulk
 * KIND of N"); an article already as asked is left alone. If any article
 * is refused, nothing is changed: GZ_EINVAL with every refused article
 * in result->refused. GZ_EINVAL without refusals for bad input (count,
 * status, section, tags; message says what); or the store's error. Pool
 * memory. */
int newsroom_bulk_apply(store_t *store, const newsroom_actor_t *actor, const newsroom_bulk_t *bulk,
                        gz_pool_t *pool, newsroom_bulk_result_t *result);
/* Before a bulk deletion's confirmation: checks the input and that the
 * actor may delete each article (nothing written); articles[i] (room for
 * bulk->count) is each article, for the confirmation page. Answers like
 * newsroom_bulk_apply. */
int newsroom_bulk_check_delete(store_t *store, const newsroom_actor_t *actor,
                               const newsroom_bulk_t *bulk, gz_pool_t *pool,
                               content_article_t **articles, newsroom_bulk_result_t *result);

/* Stores a workflow (admins only): checked whole, and refused while an
 * article is at a status it drops; audited ("workflow-change"). GZ_EINVAL
 * with every problem in result->message. */
int newsroom_workflow_save(store_t *store, const newsroom_actor_t *actor, const char *text,
                           gz_pool_t *pool, newsroom_result_t *result);

/* Publishes the scheduled articles whose time has come (published_at <=
 * now), each in its own transaction with a revision and an audit row
 * ("publish", detail "scheduled"). Every node runs it: the "publish-due"
 * job lock lets one of them publish an article, and the status read again
 * under it makes sure it is published once. Returns how many, or a
 * negative GZ_E* code (the message in store_last_error). */
int newsroom_publish_due(store_t *store, gz_time_t now);

typedef enum {
    NEWSROOM_IMPORT_CREATED,
    NEWSROOM_IMPORT_UPDATED,
    NEWSROOM_IMPORT_UNCHANGED
} newsroom_import_outcome_t;

typedef struct {
    newsroom_import_outcome_t outcome;
    int64_t article_id;
    size_t stubs_created;
    const char *message; /* with any error: "could not store the article: ...",
                            "the article is not valid: ..." */
} newsroom_import_result_t;

/* Writes an imported article in one transaction: the section (created
 * when missing), a stub for every related item not stored yet, then the
 * article, updating the one with the same source_ref, with a revision
 * (user 0) and an audit row ("import", "article:ID", detail: the actor's
 * name and file). The source owns the fields it carries; the newsroom's
 * status, subtitle, authors, tags (and a lead image the source lacks)
 * survive an update. When the stored article already equals the source in
 * every field the source owns, nothing is written. */
int newsroom_import_article(store_t *store, const newsroom_actor_t *actor,
                            const content_article_t *article, const content_article_t *stubs,
                            size_t stub_count, gz_pool_t *pool, newsroom_import_result_t *result);

/* ---- the breaking-news banner (breaking.c) ------------------------------------ */

/* A banner shown on every reader page until it is lowered by hand or its
 * expiry comes (see store_breaking_raise). Editors and admins raise and
 * lower it; each is one transaction with an audit row ("breaking-raise",
 * "breaking-lower" on "breaking:ID"), and the store's "breaking" change
 * drops the one cache entry that shows it, on every node. */

enum {
    NEWSROOM_BREAKING_TEXT_MAX = 280,               /* characters, after trimming */
    NEWSROOM_BREAKING_EXPIRY_MAX = 7 * 24 * 3600,   /* seconds ahead */
};

typedef struct {
    const char *text;     /* as typed: trimmed here */
    const char *link;     /* as typed; NULL or blank: none */
    gz_time_t expires_at; /* 0: up until lowered */
} newsroom_breaking_t;

/* Checks a banner raised at now: text 1 to NEWSROOM_BREAKING_TEXT_MAX
 * characters of valid UTF-8 without control characters; link none, an
 * absolute http(s) address, or a path on this site ("/..." but not
 * "//..."), without spaces, quotes, angle brackets, backslashes or
 * control characters, at most STORE_BREAKING_LINK_MAX bytes; expiry none,
 * or after now and at most NEWSROOM_BREAKING_EXPIRY_MAX ahead. Appends
 * one sentence a line to problems for each thing wrong; true when none. */
bool newsroom_breaking_check(const newsroom_breaking_t *banner, gz_time_t now, gz_buf_t *problems);

/* Raises the banner (editors and admins), lowering the one that is up, in
 * one transaction with its audit row; *banner_id (may be NULL) is the new
 * one's. GZ_EINVAL (not_allowed tells which) with result->message: the
 * checks' sentences, one a line; or the store's error. */
int newsroom_breaking_raise(store_t *store, const newsroom_actor_t *actor,
                            const newsroom_breaking_t *banner, gz_pool_t *pool,
                            int64_t *banner_id, newsroom_result_t *result);
/* Lowers banner banner_id (0: whichever is up) by hand, with its audit
 * row. GZ_ENOTFOUND when it is not up (lowered, expired, or replaced),
 * GZ_EINVAL when not allowed. */
int newsroom_breaking_lower(store_t *store, const newsroom_actor_t *actor, int64_t banner_id,
                            gz_pool_t *pool, newsroom_result_t *result);

/* ---- media items ------------------------------------------------------------ */

/* What the newsroom's library does with pictures and video files. Every
 * operation is one transaction with an audit row on "media:ID"; the
 * store's change log carries the tag, so every page that shows the item
 * is refreshed on every node. The derivatives are not made here: the
 * caller queues them (a job runner off the request path) once the
 * original is stored. */

typedef struct {
    const char *site;      /* the stem's site prefix: "gazette" (lower-case letters,
                              digits, '-') */
    media_limits_t limits; /* what an upload may be */
    const bool *embeds;    /* MEDIA_EMBED_COUNT flags: the providers the theme allows;
                              NULL: every one media knows */
} newsroom_media_config_t;

/* The defaults: site "gazette", media_limits_default(), every provider. */
newsroom_media_config_t newsroom_media_config_default(void);

typedef struct {
    const void *bytes;
    size_t len;
    const char *file_name; /* as the browser sent it; shown and searched */
    const char *alt, *caption, *credit, *copyright; /* may be NULL */
} newsroom_upload_t;

typedef struct {
    int64_t media_id;
    const char *stem;        /* the new item's name: "2026/12/02/gazette_6390..." */
    media_refusal_t refusal; /* why the file was refused (GZ_EINVAL) */
    bool not_allowed;        /* with GZ_EINVAL: the actor may not (a 403) */
    const char *message;     /* with any error: a sentence for the upload form */
} newsroom_media_result_t;

/* Stores an upload as a new item: the type told from the bytes, the size
 * and pixel limits checked before any decoding (a refused file stores
 * nothing and says why), the stem made from the upload instant in the
 * legacy scheme, the original's bytes, and an audit row ("media-upload").
 * Any signed-in role may upload. */
int newsroom_media_upload(store_t *store, const newsroom_actor_t *actor,
                          const newsroom_media_config_t *config, const newsroom_upload_t *upload,
                          gz_pool_t *pool, newsroom_media_result_t *result);

/* A video from an allowed provider, by the address a journalist pastes. */
typedef struct {
    const char *url;                  /* "https://youtu.be/dQw4w9WgXcQ" */
    const char *alt, *caption, *credit; /* alt: the video's title; may be NULL */
} newsroom_embed_t;

/* Stores an embed as a new item (kind CONTENT_MEDIA_EMBED): the provider
 * and id read from the address (media_embed_parse_url), refused with a
 * message when the address names no video or a provider the theme does
 * not allow; the stem made like an upload's, the provider's page address
 * as its file name (searched), an audit row ("media-embed"). */
int newsroom_media_embed(store_t *store, const newsroom_actor_t *actor,
                         const newsroom_media_config_t *config, const newsroom_embed_t *embed,
                         gz_pool_t *pool, newsroom_media_result_t *result);

/* The fields an editor changes on an item. */
typedef struct {
    const char *alt, *caption, *credit, *copyright; /* NULL keeps the stored one */
    bool set_focus;       /* true: focus below replaces the stored one */
    media_focus_t focus;  /* set false: back to libvips' attention crop */
    bool set_poster;      /* videos and embeds: poster_id replaces the stored one */
    int64_t poster_id;    /* a picture of the library; 0: none */
    bool set_duration;    /* videos and embeds: duration_ms replaces the stored one */
    int64_t duration_ms;  /* 0: unknown */
} newsroom_media_edit_t;

/* Changes an item's texts, focal point, and a video's poster and
 * duration, with an audit row ("media-edit"). When the focal point moves,
 * the derivatives made for the old one are deleted in the same
 * transaction (*remake is then true: the caller queues them again). A
 * poster must be a picture of the library. GZ_ENOTFOUND, GZ_EINVAL with a
 * message. */
int newsroom_media_edit(store_t *store, const newsroom_actor_t *actor, int64_t media_id,
                        const newsroom_media_edit_t *edit, gz_pool_t *pool, bool *remake,
                        newsroom_media_result_t *result);

/* Deletes an item and its files (editors and admins), with an audit row;
 * GZ_ECONFLICT with a message naming an article that still uses it. */
int newsroom_media_delete(store_t *store, const newsroom_actor_t *actor, int64_t media_id,
                          gz_pool_t *pool, newsroom_media_result_t *result);

/* The item named by an imported reference (a legacy path such as
 * "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg"), created without
 * its file when there is none yet, so pages can tag what they show and be
 * refreshed when the file arrives. Inside the caller's transaction when
 * one is open. GZ_EPARSE for a path not in the scheme. */
int newsroom_media_reference(store_t *store, const char *path, gz_pool_t *pool, int64_t *media_id);

/* Brings in the original of the item with this stem (gazette media
 * import): created when missing, its file checked like an upload, stored,
 * and an audit row ("media-import", detail: the actor's file). */
int newsroom_media_import_original(store_t *store, const newsroom_actor_t *actor,
                                   const newsroom_media_config_t *config, const char *stem,
                                   const newsroom_upload_t *upload, gz_pool_t *pool,
                                   newsroom_media_result_t *result);

/* ---- authors (authors.c) ---------------------------------------------------- */

typedef struct {
    int64_t author_id;
    bool not_allowed;    /* with GZ_EINVAL: the actor may not (a 403) */
    const char *message; /* with any error: a sentence for the form */
} newsroom_author_result_t;

/* Creates (id 0: editors and admins) or replaces an author's profile
 * (editors and admins any; anyone their own account's), validated
 * (content_author_validate; an empty slug is made from the name; a
 * picture must be a picture of the library), with an audit row
 * ("author-create", "author-edit") on "author:ID", in one transaction. */
int newsroom_author_save(store_t *store, const newsroom_actor_t *actor, content_author_t *author,
                         gz_pool_t *pool, newsroom_author_result_t *result);
/* The author the actor's account writes as, made from its shown name and
 * linked to it on first use (in the caller's transaction when one is
 * open). GZ_ENOTFOUND for an actor without an account (a command). */
int newsroom_author_of_actor(store_t *store, const newsroom_actor_t *actor, gz_pool_t *pool,
                             content_author_t *out);
/* The author typed in an article's authors field: by slug, then by the
 * slug of the typed name ("Jane Doe" finds jane-doe). */
int newsroom_find_author(store_t *store, const char *typed, gz_pool_t *pool,
                         content_author_t *out);

/* ---- curated fronts (fronts.c) ------------------------------------------------- */

/* Reads a layout document (see fronts.c) into out, strings from pool:
 * GZ_OK, or GZ_EINVAL with every problem of its shape appended to
 * problems, one a line (sizes and names are newsroom_front_check's).
 * Touches no store. */
int newsroom_front_parse(const char *layout, gz_pool_t *pool, content_front_t *out,
                         gz_buf_t *problems);
/* The layout document of front, compact JSON from pool. */
char *newsroom_front_layout(const content_front_t *front, gz_pool_t *pool);
/* Whether key names a front: "home", or "section:ID" of a stored section
 * (then *section is it). GZ_ENOTFOUND otherwise. */
int newsroom_front_key_check(store_t *store, const char *key, gz_pool_t *pool,
                             content_section_t *section);
/* Appends to problems everything wrong with front: texts over their size
 * or not one line, blocks without a name or a count out of range, more
 * than CONTENT_FRONT_HAND_MAX articles by hand, articles that do not
 * exist, rules naming a section, tag or type that is not stored. Returns
 * the store's error, or GZ_OK (problems may have grown). */
int newsroom_front_check(store_t *store, const content_front_t *front, gz_pool_t *pool,
                         gz_buf_t *problems);

typedef struct {
    newsroom_result_t base;  /* message and not_allowed, as for articles */
    int64_t revision;        /* the front's version after a save now */
    int64_t schedule_id;     /* the waiting version, for a save at a time */
} newsroom_front_result_t;

/* Stores front as the next version of the front key (editors and admins),
 * checked whole first (GZ_EINVAL with every problem), based on revision
 * based_on (0 for the first; GZ_ECONFLICT when someone saved since), with
 * an audit row ("front-save" on "front:KEY"), in one transaction. With at
 * > 0 (in the future) the version waits for its time instead
 * ("front-schedule"). */
int newsroom_front_save(store_t *store, const newsroom_actor_t *actor, const char *key,
                        const content_front_t *front, int64_t based_on, gz_time_t at,
                        gz_pool_t *pool, newsroom_front_result_t *result);
/* Drops a version waiting for its time (editors and admins), with an
 * audit row ("front-unschedule"); GZ_ENOTFOUND when it went live or was
 * dropped already. */
int newsroom_front_unschedule(store_t *store, const newsroom_actor_t *actor, const char *key,
                              int64_t schedule_id, gz_pool_t *pool, newsroom_front_result_t *result);
/* Makes every scheduled version due by now live, earliest first, each in
 * its own transaction with an audit row ("front-publish"). Returns how
 * many, or -1 on a store error (store_last_error). */
int newsroom_fronts_publish_due(store_t *store, gz_time_t now);
/* ---- sections, tags and content types (taxonomy.c) ----------------------------- */

/* Editors and admins keep the taxonomy; each operation below refuses
 * anyone else (not_allowed), checks everything first and tells every
 * problem at once (a sentence a line), then writes in one transaction
 * with an audit row on "section:ID", "tag:ID" or "content-type:ID". */

enum {
    NEWSROOM_NAME_MAX = 120,         /* characters of a name or a desk */
    NEWSROOM_SLUG_MAX = 80,          /* bytes of an address name */
    NEWSROOM_DESCRIPTION_MAX = 2000, /* characters of a section's description */
    NEWSROOM_PREFIX_MAX = 40,        /* characters of a headline prefix */
};

typedef struct {
    int64_t id;          /* what was saved (the surviving tag of a merge) */
    bool not_allowed;    /* with GZ_EINVAL: the actor may not (a 403) */
    const char *message; /* with any error: sentences for the form, one a line */
} newsroom_taxonomy_result_t;

/* Creates (id 0) or replaces a section as typed: a name of 1 to
 * NEWSROOM_NAME_MAX characters; an address name made from the name when
 * empty, else a slug already (lower-case letters, digits, '-'), unique; a
 * description and desk of valid UTF-8; a parent that exists, is not the
 * section itself and is at the top level, for a section without children
 * (one level deep, so no cycle). A new section with position 0 goes after
 * its last sibling. Texts are trimmed in place (pool memory). GZ_EINVAL,
 * GZ_ENOTFOUND (no such section), or the store's error. */
int newsroom_section_save(store_t *store, const newsroom_actor_t *actor,
                          content_section_t *section, gz_pool_t *pool,
                          newsroom_taxonomy_result_t *result);
/* Moves a section before (direction < 0) or after the sibling next to it
 * (no-op at either end), numbering its siblings 10, 20, 30 ... */
int newsroom_section_move(store_t *store, const newsroom_actor_t *actor, int64_t id,
                          int direction, gz_pool_t *pool, newsroom_taxonomy_result_t *result);
/* What the editor says of a section nobody added (a format for the name). */
#define NEWSROOM_NO_SUCH_SECTION                                                                   \
    "There is no section named \"%s\": ask an editor to add it under Sections, or pick one."
/* The section an article's section field names: its address name, its
 * exact name, or the address of the typed name. GZ_ENOTFOUND when none:
 * the editor never creates one. */
int newsroom_find_section(store_t *store, const char *typed, gz_pool_t *pool,
                          content_section_t *out);

/* Renames a tag (name checked like a section's; address name made from it
 * when empty), keeping its old address for a 301 (store_tag_rename).
 * GZ_ECONFLICT when another tag has the address: merge them instead. */
int newsroom_tag_rename(store_t *store, const newsroom_actor_t *actor, int64_t id,
                        const char *name, const char *slug, gz_pool_t *pool,
                        newsroom_taxonomy_result_t *result);
/* Merges tag from_id into into_id (store_tag_merge); the audit row is on
 * the survivor. GZ_EINVAL for one tag twice, GZ_ENOTFOUND. */
int newsroom_tag_merge(store_t *store, const newsroom_actor_t *actor, int64_t from_id,
                       int64_t into_id, gz_pool_t *pool, newsroom_taxonomy_result_t *result);

/* Adds (is_new; id 0 takes the next number, or the legacy number typed)
 * or changes a content type: name and address name as a section's, a
 * headline prefix of at most NEWSROOM_PREFIX_MAX characters or none.
 * GZ_ECONFLICT for a number or address name taken, GZ_ENOTFOUND. */
int newsroom_content_type_save(store_t *store, const newsroom_actor_t *actor,
                               content_type_t *type, bool is_new, gz_pool_t *pool,
                               newsroom_taxonomy_result_t *result);

/* ---- derivatives (derivatives.c) ---------------------------------------------- */

/* The declared sizes of pictures, made by media's job runner off the
 * readers' path and kept in the store for every node. Safe to share
 * between threads; each thread that touches it keeps its own connection
 * to store_url (the primary), closed when the thread ends. */
typedef struct newsroom_derivatives newsroom_derivatives_t;

/* threads: workers, 1 to 16. NULL when libvips or a thread cannot start. */
newsroom_derivatives_t *newsroom_derivatives_new(const char *store_url, const media_sizes_t *sizes,
                                                 unsigned threads);
/* Makes what is queued, then stops. NULL is fine. */
void newsroom_derivatives_free(newsroom_derivatives_t *runner);
const media_sizes_t *newsroom_derivatives_sizes(const newsroom_derivatives_t *runner);
/* Queues every declared size of a picture that is not stored yet and
 * returns at once (*queued: how many; may be NULL). GZ_ENOTFOUND when the
 * item is not a picture with its original; GZ_EUNAVAILABLE when the queue
 * is full. */
int newsroom_derivatives_queue(newsroom_derivatives_t *runner, store_t *store, int64_t media_id,
                               size_t *queued);
/* Waits until nothing is queued or being made. */
void newsroom_derivatives_drain(newsroom_derivatives_t *runner);
/* One derivative's bytes, appended to out: stored already, being made
 * (waits for it), or made now on this thread while other askers wait.
 * GZ_ENOTFOUND when the item's original is not stored. */
int newsroom_derivative_get(newsroom_derivatives_t *runner, store_t *store,
                            const content_media_t *item, const media_size_t *size, gz_buf_t *out);
/* A stored variant's name, "640_16x9.webp", and back (false when it is
 * not one; whether the theme declares it is media_size_lookup's). */
void newsroom_derivative_variant_append(gz_buf_t *out, const media_size_t *size);
bool newsroom_derivative_variant_parse(const char *variant, media_size_t *size);

#endif
