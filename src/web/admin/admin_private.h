/*
 * Private to src/web/admin: the newsroom's pages share one request type
 * and the helpers that read it and answer it (request.c); each page lives
 * in its own file (sign_in.c, list.c, bulk.c, editor.c, save.c, revisions.c,
 * accounts.c, media.c, breaking.c) and routing.c sends each request to one of them.
 *
 * Every function takes the request being answered and sends exactly one
 * response, unless its comment says otherwise.
 */
#ifndef GAZETTE_WEB_ADMIN_PRIVATE_H
#define GAZETTE_WEB_ADMIN_PRIVATE_H

#include <jansson.h>

#include "newsroom/newsroom.h"
#include "web/admin.h"
#include "web/web_private.h"

enum { ADMIN_LIST_PAGE_SIZE = 25 };

typedef struct {
    web_thread_t *thread;
    h2o_req_t *req;
    const web_site_t *site;
    store_t *store;
    gz_pool_t *pool;
    const char *path; /* without the query, NUL-terminated */
    const char *query;
    bool signed_in;
    store_user_t user;
    store_session_t session;
    newsroom_actor_t actor; /* the signed-in user, as the newsroom sees them */
    web_form_t form;
} admin_request_t;

/* ---- reading the request (request.c) ----------------------------------- */

bool admin_method_is(const h2o_req_t *req, const char *name);
/* The value of cookie name, or NULL; pool memory. */
const char *admin_cookie(admin_request_t *r, const char *name);
bool admin_is_hex_token(const char *text);
const char *admin_client_address(admin_request_t *r);
/* A query parameter, decoded; NULL when absent or malformed. */
const char *admin_query(admin_request_t *r, const char *name);
/* A form field as sent, or NULL. */
const char *admin_field(admin_request_t *r, const char *name);
/* A form field trimmed; NULL when absent or empty. */
const char *admin_optional(admin_request_t *r, const char *name);
/* A page number from a query parameter: 1 unless a valid one. */
size_t admin_page_number(const char *text);
/* A date and time typed in a datetime-local field, in the site's zone,
 * with or without seconds (trimmed): 0 when NULL or empty, -1 when it is
 * not one. */
gz_time_t admin_typed_time(const char *text);
/* A day typed as YYYY-MM-DD, in the site's zone: [*start, *end) is that
 * day whatever its length (a change of clocks); false when it is not one. */
bool admin_typed_day(const char *text, gz_time_t *start, gz_time_t *end);
/* A library item typed in a form: "media:12" or "12"; 0 for an empty
 * field, -1 when it is neither. */
int64_t admin_media_reference(const char *text);
/* Finds the request's session and fills r->user and r->actor; GZ_OK, or
 * the store's error when it cannot tell (the caller answers 503). */
int admin_load_session(admin_request_t *r);
bool admin_csrf_ok(admin_request_t *r);
/* The article, GZ_ENOTFOUND for none or a stub. */
int admin_load_article(admin_request_t *r, int64_t id, content_article_t **out);
/* The newsroom's rule for this user and the stored article (NULL: new). */
bool admin_may_edit(admin_request_t *r, const content_article_t *current);
/* Why the rule says no (newsroom_edit_refusal), NULL when it says yes. */
const char *admin_edit_refusal(admin_request_t *r, const content_article_t *current);

/* ---- answering (request.c) --------------------------------------------- */

/* These add to the response without sending it. */
void admin_add_header(admin_request_t *r, const h2o_token_t *token, const char *value);
void admin_set_cookie(admin_request_t *r, const char *name, const char *value, int max_age,
                      const char *same_site, const char *path);
void admin_send_common_headers(admin_request_t *r, int status);

/* Sends body, a page of the site's theme, to be shown in the editor's
 * preview frame: framed by the newsroom only, under the readers' policy. */
void admin_send_preview_page(admin_request_t *r, const gz_buf_t *body);

void admin_send_redirect(admin_request_t *r, const char *location);
/* object[key] = value, "" for NULL. */
void admin_set_text(json_t *object, const char *key, const char *value);
/* object.preview_html = the form's body as the public page renders it. */
void admin_set_preview(json_t *object, const json_t *fields);
/* The model's common part: the site, the signed-in user, the CSRF token. */
json_t *admin_page_model(admin_request_t *r, const char *title);
/* Renders template with model (which it releases) and sends it. */
void admin_send_page(admin_request_t *r, int status, const char *template_name, json_t *model);
void admin_send_message(admin_request_t *r, int status, const char *title, const char *message);
/* Sends body (released) as JSON, for the editor's script. */
void admin_send_json(admin_request_t *r, int status, json_t *body);
/* Writes an audit row outside the newsroom's operations (sign-in,
 * accounts); a failure is logged, not answered. Sends nothing. */
void admin_audit(admin_request_t *r, int64_t user_id, const char *action, const char *target,
                 const char *detail);

/* ---- the pages --------------------------------------------------------- */

void admin_send_sign_in(admin_request_t *r, int status, const char *error, const char *name);
void admin_sign_in_post(admin_request_t *r);
void admin_sign_out_post(admin_request_t *r);

void admin_list_get(admin_request_t *r);
void admin_audit_get(admin_request_t *r);

/* The article list's filters (list.c), as the address carries them. */
typedef enum {
    ADMIN_FILTER_Q,
    ADMIN_FILTER_STATUS,
    ADMIN_FILTER_DESK,
    ADMIN_FILTER_SECTION,
    ADMIN_FILTER_AUTHOR,
    ADMIN_FILTER_ASSIGNEE,
    ADMIN_FILTER_FROM,
    ADMIN_FILTER_TO,
    ADMIN_FILTER_SORT,
    ADMIN_FILTER_DIR,
    ADMIN_FILTER_PER,
    ADMIN_FILTER_COUNT
} admin_filter_t;

typedef struct {
    const char *values[ADMIN_FILTER_COUNT]; /* as typed; NULL when absent */
    store_newsroom_query_t query;           /* what they ask the store */
    size_t page, per_page;
    const char *problems; /* what is wrong with them, a sentence a line; NULL */
} admin_list_filters_t;

/* Reads the filters of a query string (NULL: none) and checks each
 * against the store (a status the workflow has, a desk, section, author
 * and account that exist, dates, an order); GZ_EINVAL with
 * filters->problems when any is wrong. Sends nothing. */
int admin_list_filters_read(admin_request_t *r, const char *query_string,
                            admin_list_filters_t *filters);
/* "/admin/?..." with the filters, page, the order (sort NULL: theirs) and
 * a bulk change's flash ("status 3"; NULL: none). Pool memory. */
const char *admin_list_link(admin_request_t *r, const admin_list_filters_t *filters, size_t page,
                            const char *sort, const char *dir, const char *flash);
/* POST /admin/articles/bulk (bulk.c): a change to the selected articles;
 * a deletion first shows a confirmation page. */
void admin_bulk_post(admin_request_t *r);

typedef struct {
    int64_t id;       /* 0 for a new article */
    int64_t revision; /* the revision the form is based on */
    content_status_t status;
    json_t *fields;       /* what the form shows (taken) */
    const char *problems; /* newline-separated messages, or NULL */
    bool preview;
    const store_revision_t *conflict; /* the newer save, for a 409 */
    const char *flash;
    json_t *notes; /* the article's corrections and updates (taken), or NULL */
    const char *read_only; /* why the user may not change it (no buttons), or NULL */
    const content_article_t *current; /* the stored article; NULL for a new one */
} admin_editor_view_t;

/* Sends the editor page (takes view->fields and view->notes). */
void admin_send_editor(admin_request_t *r, int status, admin_editor_view_t *view);
/* Notes that the user has the article open; the name of someone else seen
 * on it recently (pool memory) or NULL, and when. Sends nothing. */
const char *admin_note_presence(admin_request_t *r, int64_t article_id, gz_time_t *seen_at);
void admin_editor_get(admin_request_t *r, int64_t id);
void admin_editor_post(admin_request_t *r, int64_t id);
/* The editor's form as the public page would show it, unsaved (preview.c). */
void admin_preview_post(admin_request_t *r, int64_t id);

void admin_revision_get(admin_request_t *r, int64_t id, int64_t number);
void admin_revision_restore(admin_request_t *r, int64_t id, int64_t number);
void admin_delete_route(admin_request_t *r, int64_t id, bool post);
void admin_note_post(admin_request_t *r, int64_t id);
/* POST /admin/articles/ID/translations: link (other=N) or unlink (action=unlink). */
void admin_translations_post(admin_request_t *r, int64_t id);

void admin_users_route(admin_request_t *r, bool post);

/* The breaking-news banner's page, /admin/breaking (breaking.c): editors
 * and admins only. */
void admin_breaking_route(admin_request_t *r, bool post);
/* planning.c: assignments, the budget and the workflow page. */
void admin_assign_post(admin_request_t *r, int64_t id);
void admin_budget_get(admin_request_t *r);
void admin_workflow_route(admin_request_t *r, bool post);

/* The media library (media.c): answers a request under /admin/media and
 * returns true, or returns false (nothing sent) for another address. */
bool admin_media_route(admin_request_t *r, bool post);
/* authors.c: /admin/authors and below; false for other paths. */
bool admin_authors_route(admin_request_t *r, bool post);
/* fronts.c: /admin/fronts and below; false for other paths. */
bool admin_fronts_route(admin_request_t *r, bool post);
/* sections.c: /admin/sections and /admin/content-types; tags.c:
 * /admin/tags. Editors and admins only; false for other paths. */
bool admin_sections_route(admin_request_t *r, bool post);
bool admin_tags_route(admin_request_t *r, bool post);
/* Whether path is the upload address, whose POST body is a file. */
bool admin_media_is_upload(const char *path);

#endif
