/*
 * routing: every request under /admin comes here, never through the page
 * cache. It checks the method, reads the form of a POST (URL-encoded
 * only, at most WEB_FORM_MAX_BYTES; an upload to the media library is its
 * file's raw bytes), finds the session, and sends the request to its page:
 * signed out only the sign-in page, signed in every POST only with the
 * session's CSRF token (an upload's in its X-CSRF-Token header).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/admin/admin_private.h"

/* ---- addresses ---------------------------------------------------------------- */

/* "/admin/articles/12" with suffix "" -> 12, "/admin/articles/12/notes"
 * with suffix "/notes" -> 12; 0 for anything else. */
static int64_t article_id_of(const char *path, const char *suffix)
{
    const char prefix[] = "/admin/articles/";
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *digits = path + sizeof prefix - 1;
    const char *end = digits + strcspn(digits, "/");
    int64_t id = 0;
    if (strcmp(end, suffix) != 0 ||
        gz_parse_int64((gz_str_t){digits, (size_t)(end - digits)}, &id) != GZ_OK || id <= 0)
        return 0;
    return id;
}

/* "/admin/articles/12/revisions/3" -> 12 and 3; restore when it ends in
 * "/restore". False for anything else. */
static bool parse_revision_path(const char *path, int64_t *id, int64_t *revision, bool *restore)
{
    long long article = 0, number = 0;
    int consumed = 0;
    if (sscanf(path, "/admin/articles/%lld/revisions/%lld%n", &article, &number, &consumed) != 2 ||
        article <= 0 || number <= 0)
        return false;
    const char *rest = path + consumed;
    *restore = strcmp(rest, "/restore") == 0;
    if (!*restore && rest[0] != '\0')
        return false;
    *id = article;
    *revision = number;
    return true;
}

/* ---- routing ------------------------------------------------------------------------ */

static bool read_form(admin_request_t *r)
{
    h2o_iovec_t type = {NULL, 0};
    ssize_t index = h2o_find_header(&r->req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
    if (index >= 0)
        type = r->req->headers.entries[index].value;
    const char form_type[] = "application/x-www-form-urlencoded";
    if (type.len < sizeof form_type - 1 ||
        strncasecmp(type.base, form_type, sizeof form_type - 1) != 0) {
        admin_send_message(r, 415, "Not a form", "The newsroom takes only URL-encoded forms.");
        return false;
    }
    const char *error = NULL;
    if (r->req->entity.len > WEB_FORM_MAX_BYTES) {
        admin_send_message(r, 413, "Too large", "The form is too large (at most 512 KiB).");
        return false;
    }
    if (web_form_parse(r->req->entity.base, r->req->entity.len, r->pool, &r->form, &error) !=
        GZ_OK) {
        admin_send_message(r, 400, "Bad form", error);
        return false;
    }
    return true;
}

static void route_signed_in(admin_request_t *r, bool post)
{
    const char *path = r->path;
    int64_t id = article_id_of(path, "");
    bool is_list = strcmp(path, "/admin") == 0 || strcmp(path, "/admin/") == 0;
    bool is_new = strcmp(path, "/admin/articles/new") == 0;
    int64_t revision_article = 0, revision_number = 0;
    bool restore = false;
    bool upload = post && admin_media_is_upload(path); /* its token comes in a header */
    if (post && !upload && !admin_csrf_ok(r)) {
        admin_send_message(
            r, 403, "Refused",
            "This form was not sent from this newsroom's own page (its security token "
            "is missing or expired). Reload the page and try again.");
    } else if (strcmp(path, "/admin/sign-out") == 0 && post) {
        admin_sign_out_post(r);
    } else if (admin_media_route(r, post)) {
        /* the media library answered */
    } else if (admin_authors_route(r, post)) {
        /* the authors' pages answered */
    } else if (admin_fronts_route(r, post)) {
        /* the fronts' arranger answered */
    } else if (admin_sections_route(r, post) || admin_tags_route(r, post)) {
        /* the taxonomy's pages answered */
    } else if (parse_revision_path(path, &revision_article, &revision_number, &restore) &&
               restore == post) {
        if (restore)
            admin_revision_restore(r, revision_article, revision_number);
        else
            admin_revision_get(r, revision_article, revision_number);
    } else if (strcmp(path, "/admin/articles/bulk") == 0 && post) {
        admin_bulk_post(r);
    } else if (article_id_of(path, "/delete") > 0) {
        admin_delete_route(r, article_id_of(path, "/delete"), post);
    } else if (post && (article_id_of(path, "/preview") > 0 ||
                        strcmp(path, "/admin/articles/new/preview") == 0)) {
        admin_preview_post(r, article_id_of(path, "/preview"));
    } else if (article_id_of(path, "/translations") > 0 && post) {
        admin_translations_post(r, article_id_of(path, "/translations"));
    } else if (article_id_of(path, "/notes") > 0 && post) {
        admin_note_post(r, article_id_of(path, "/notes"));
    } else if (strcmp(path, "/admin/audit") == 0 && !post) {
        admin_audit_get(r);
    } else if (strcmp(path, "/admin/users") == 0) {
        admin_users_route(r, post);
    } else if (strcmp(path, "/admin/breaking") == 0) {
        admin_breaking_route(r, post);
    } else if (article_id_of(path, "/assign") > 0 && post) {
        admin_assign_post(r, article_id_of(path, "/assign"));
    } else if (strcmp(path, "/admin/budget") == 0 && !post) {
        admin_budget_get(r);
    } else if (strcmp(path, "/admin/workflow") == 0) {
        admin_workflow_route(r, post);
    } else if (is_list && !post) {
        admin_list_get(r);
    } else if (is_new || id > 0) {
        if (post)
            admin_editor_post(r, id);
        else
            admin_editor_get(r, id);
    } else if (strcmp(path, "/admin/sign-in") == 0) {
        admin_send_redirect(r, "/admin/");
    } else if (is_list) {
        admin_send_message(r, 405, "Not here", "This address only shows the list.");
    } else {
        admin_send_message(r, 404, "Not found", "There is no such page in the newsroom.");
    }
}

static void route(admin_request_t *r)
{
    bool post = admin_method_is(r->req, "POST");
    if (!post && !admin_method_is(r->req, "GET") && !admin_method_is(r->req, "HEAD")) {
        admin_send_message(r, 405, "Not allowed", "The newsroom answers GET and POST only.");
        return;
    }
    if (post && !admin_media_is_upload(r->path) && !read_form(r))
        return;
    if (admin_load_session(r) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The newsroom cannot be reached right now.");
        return;
    }
    if (strcmp(r->path, "/admin/sign-in") == 0 && !r->signed_in) {
        if (post)
            admin_sign_in_post(r);
        else
            admin_send_sign_in(r, 200, NULL, NULL);
    } else if (strcmp(r->path, "/admin/sign-out") == 0 && post && !r->signed_in) {
        admin_sign_out_post(r);
    } else if (!r->signed_in) {
        if (post)
            admin_send_message(
                r, 403, "Signed out",
                "Your session has ended. Sign in again; what you typed was not saved.");
        else
            admin_send_redirect(r, "/admin/sign-in");
    } else {
        route_signed_in(r, post);
    }
}

int web_admin_handle(h2o_handler_t *self, h2o_req_t *req)
{
    (void)self;
    web_thread_t *thread = H2O_STRUCT_FROM_MEMBER(web_thread_t, context, req->conn->ctx);
    admin_request_t r = {.thread = thread,
                         .req = req,
                         .site = thread->site,
                         .store = thread->store,
                         .pool = &thread->pool};
    size_t path_len = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
    if (path_len > WEB_MAX_TARGET_BYTES || req->path.len > WEB_MAX_TARGET_BYTES) {
        admin_send_message(&r, 400, "Bad address", "The address is too long.");
    } else {
        r.path = gz_pool_strndup(r.pool, req->path.base, path_len);
        if (req->query_at != SIZE_MAX)
            r.query = gz_pool_strndup(r.pool, req->path.base + req->query_at + 1,
                                      req->path.len - req->query_at - 1);
        route(&r);
    }
    gz_pool_clear(&thread->pool);
    return 0;
}
