/*
 * request: what every newsroom page needs from its request and for its
 * answer: cookies, query and form fields, the session, and responses that
 * are private, never cached, and locked down (no framing, no sniffing, a
 * strict content security policy).
 *
 * A request finds its session from the cookie (see auth.c for the
 * pieces), and every POST must carry the session's CSRF token, so another
 * site cannot make an editor's browser act. An outage of the store never
 * signs anyone out: when the session cannot be read the page says "try
 * again" and nothing is ended.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "web/admin/admin_private.h"

enum { TOUCH_AFTER_SECONDS = 60 };

static const char HTML_TYPE[] = "text/html; charset=utf-8";

/* ---- reading the request --------------------------------------------------- */

bool admin_method_is(const h2o_req_t *req, const char *name)
{
    return h2o_memis(req->method.base, req->method.len, name, strlen(name));
}

/* The value of cookie name, or NULL; pool memory. */
const char *admin_cookie(admin_request_t *r, const char *name)
{
    size_t name_len = strlen(name);
    for (ssize_t i = -1; (i = h2o_find_header(&r->req->headers, H2O_TOKEN_COOKIE, i)) >= 0;) {
        h2o_iovec_t value = r->req->headers.entries[i].value;
        const char *cursor = value.base, *end = value.base + value.len;
        while (cursor < end) {
            while (cursor < end && (*cursor == ' ' || *cursor == ';'))
                cursor++;
            const char *stop = memchr(cursor, ';', (size_t)(end - cursor));
            if (stop == NULL)
                stop = end;
            if ((size_t)(stop - cursor) > name_len && memcmp(cursor, name, name_len) == 0 &&
                cursor[name_len] == '=')
                return gz_pool_strndup(r->pool, cursor + name_len + 1,
                                       (size_t)(stop - cursor) - name_len - 1);
            cursor = stop;
        }
    }
    return NULL;
}

bool admin_is_hex_token(const char *text)
{
    if (text == NULL || strlen(text) != WEB_AUTH_TOKEN_HEX)
        return false;
    for (const char *c = text; *c; c++) {
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return false;
    }
    return true;
}

const char *admin_client_address(admin_request_t *r)
{
    struct sockaddr_storage address;
    socklen_t len =
        r->req->conn->callbacks->get_peername(r->req->conn, (struct sockaddr *)&address);
    char text[INET6_ADDRSTRLEN] = "unknown";
    if (len > 0 && address.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&address)->sin_addr, text, sizeof text);
    else if (len > 0 && address.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&address)->sin6_addr, text, sizeof text);
    return gz_pool_strdup(r->pool, text);
}

static bool over_tls(admin_request_t *r)
{
    return r->req->scheme == &H2O_URL_SCHEME_HTTPS || r->thread->accept.ssl_ctx != NULL;
}

/* A query parameter, decoded; NULL when absent or malformed. */
const char *admin_query(admin_request_t *r, const char *name)
{
    if (r->query == NULL)
        return NULL;
    web_form_t params;
    const char *error;
    if (web_form_parse(r->query, strlen(r->query), r->pool, &params, &error) != GZ_OK)
        return NULL;
    return web_form_get(&params, name);
}

const char *admin_field(admin_request_t *r, const char *name)
{
    return web_form_get(&r->form, name);
}

const char *admin_optional(admin_request_t *r, const char *name)
{
    const char *value = admin_field(r, name);
    if (value == NULL)
        return NULL;
    gz_str_t trimmed = gz_str_trim(gz_str_from_cstr(value));
    return trimmed.len == 0 ? NULL : gz_pool_strndup(r->pool, trimmed.ptr, trimmed.len);
}

size_t admin_page_number(const char *text)
{
    int64_t page = 1;
    if (text == NULL || gz_parse_int64(gz_str_from_cstr(text), &page) != GZ_OK || page < 1 ||
        page > WEB_MAX_PAGE_NUMBER)
        return 1;
    return (size_t)page;
}

gz_time_t admin_typed_time(const char *text)
{
    gz_str_t value = gz_str_trim(gz_str_from_cstr(text != NULL ? text : ""));
    if (value.len == 0)
        return 0;
    gz_time_t t = 0;
    if (gz_time_parse_local(value, "%Y-%m-%dT%H:%M:%S", &t) == GZ_OK ||
        gz_time_parse_local(value, "%Y-%m-%dT%H:%M", &t) == GZ_OK)
        return t > 0 ? t : -1;
    return -1;
}

bool admin_typed_day(const char *text, gz_time_t *start, gz_time_t *end)
{
    if (text == NULL || strlen(text) != 10 ||
        gz_time_parse_local(gz_str_from_cstr(text), "%Y-%m-%d", start) != GZ_OK)
        return false;
    /* The next day's first second: a day and a half on is always within
     * the next day, and its date read back in the zone starts it. */
    gz_buf_t next = GZ_BUF_INIT;
    gz_time_append_local(&next, *start + 36 * 3600, "%Y-%m-%d");
    bool ok = gz_time_parse_local(gz_str_from_cstr(gz_buf_cstr(&next)), "%Y-%m-%d", end) == GZ_OK;
    gz_buf_free(&next);
    return ok;
}

/* ---- sending ----------------------------------------------------------------- */

void admin_add_header(admin_request_t *r, const h2o_token_t *token, const char *value)
{
    h2o_add_header(&r->req->pool, &r->req->res.headers, token, NULL,
                   h2o_strdup(&r->req->pool, value, SIZE_MAX).base, strlen(value));
}

static void add_named_header(admin_request_t *r, const char *name, const char *value)
{
    h2o_add_header_by_str(&r->req->pool, &r->req->res.headers, name, strlen(name), 0, NULL,
                          h2o_strdup(&r->req->pool, value, SIZE_MAX).base, strlen(value));
}

void admin_set_cookie(admin_request_t *r, const char *name, const char *value, int max_age,
                      const char *same_site, const char *path)
{
    char *header =
        gz_pool_printf(r->pool, "%s=%s; Path=%s; HttpOnly; SameSite=%s; Max-Age=%d%s", name, value,
                       path, same_site, max_age, over_tls(r) ? "; Secure" : "");
    admin_add_header(r, H2O_TOKEN_SET_COOKIE, header);
}

static const char *reason_for(int status)
{
    switch (status) {
    case 200: return "OK";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

/* Private, never stored, never sniffed; the caller adds the framing rules. */
static void send_private_headers(admin_request_t *r, int status)
{
    r->req->res.status = status;
    r->req->res.reason = reason_for(status);
    admin_add_header(r, H2O_TOKEN_CACHE_CONTROL, "private, no-store");
    add_named_header(r, "x-content-type-options", "nosniff");
    add_named_header(r, "referrer-policy", "same-origin");
}

void admin_send_common_headers(admin_request_t *r, int status)
{
    send_private_headers(r, status);
    add_named_header(r, "x-frame-options", "DENY");
    add_named_header(r, "content-security-policy",
                     "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                     "base-uri 'self'; frame-ancestors 'none'; form-action 'self'");
}

/* A preview is a reader's page: the readers' policy (no inline script,
 * the players of the embeds it shows), framed only by the newsroom's own
 * editor. */
void admin_send_preview_page(admin_request_t *r, const gz_buf_t *body)
{
    send_private_headers(r, 200);
    add_named_header(r, "x-frame-options", "SAMEORIGIN");
    const char *csp = web_page_csp(r->site, body->data, body->len, r->pool);
    add_named_header(r, "content-security-policy", csp != NULL ? csp : r->site->reader_csp);
    admin_add_header(r, H2O_TOKEN_CONTENT_TYPE, HTML_TYPE);
    h2o_send_inline(r->req, body->data ? body->data : "", body->len);
}

void admin_send_redirect(admin_request_t *r, const char *location)
{
    if (!web_location_is_local(location)) {
        location = "/admin/";
    }
    admin_send_common_headers(r, 303);
    admin_add_header(r, H2O_TOKEN_LOCATION, location);
    h2o_send_inline(r->req, "", 0);
}

void admin_set_text(json_t *object, const char *key, const char *value)
{
    json_object_set_new(object, key, json_string(value ? value : ""));
}

void admin_set_preview(json_t *object, const json_t *fields)
{
    const char *body = json_string_value(json_object_get(fields, "body"));
    gz_buf_t html = GZ_BUF_INIT;
    content_markdown_to_html(&html, body ? body : "", body ? strlen(body) : 0);
    admin_set_text(object, "preview_html", gz_buf_cstr(&html));
    gz_buf_free(&html);
}

json_t *admin_page_model(admin_request_t *r, const char *title)
{
    return views_admin_page(title, r->site->config->site_name, r->signed_in ? &r->user : NULL,
                            r->session.csrf_token);
}

/* Renders template with model (which it releases) and sends it. */
void admin_send_page(admin_request_t *r, int status, const char *template_name, json_t *model)
{
    gz_buf_t body = GZ_BUF_INIT;
    int code = web_render_template(r->site, template_name, model, &body);
    json_decref(model);
    if (code != GZ_OK) {
        gz_log(GZ_LOG_ERROR, "admin: cannot render %s", template_name);
        gz_buf_reset(&body);
        gz_buf_append_cstr(&body, "<!doctype html><title>Error</title><p>The newsroom page "
                                  "cannot be shown: its template is missing or broken.</p>");
        status = 500;
    }
    admin_send_common_headers(r, status);
    admin_add_header(r, H2O_TOKEN_CONTENT_TYPE, HTML_TYPE);
    if (status == 405)
        admin_add_header(r, H2O_TOKEN_ALLOW, "GET, POST");
    if (status == 503)
        admin_add_header(r, H2O_TOKEN_RETRY_AFTER, "5");
    h2o_send_inline(r->req, body.data ? body.data : "", body.len);
    gz_buf_free(&body);
}

void admin_send_message(admin_request_t *r, int status, const char *title, const char *message)
{
    json_t *model = admin_page_model(r, title);
    json_object_set_new(model, "message", json_string(message));
    json_object_set_new(model, "status", json_integer(status));
    admin_send_page(r, status, "admin_message", model);
}

/* The editor's script (admin.js) posts with format=json for autosave and
 * live preview, and reads these answers instead of pages. */
void admin_send_json(admin_request_t *r, int status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    admin_send_common_headers(r, status);
    admin_add_header(r, H2O_TOKEN_CONTENT_TYPE, "application/json; charset=utf-8");
    h2o_send_inline(r->req, text ? text : "{}", text ? strlen(text) : 2);
    free(text);
}

/* ---- audit and sessions -------------------------------------------------------- */

void admin_audit(admin_request_t *r, int64_t user_id, const char *action, const char *target,
                 const char *detail)
{
    store_audit_entry_t entry = {
        .user_id = user_id, .action = action, .target = target, .detail = detail};
    if (store_audit_add(r->store, &entry) != GZ_OK)
        gz_log(GZ_LOG_ERROR, "admin: cannot write the audit log: %s", store_last_error(r->store));
}

/* Finds the request's session; ends it (and its cookie) when it timed out
 * or its account was disabled or deleted. Returns GZ_OK, or the store's
 * error when it cannot tell (it does not answer): then nothing is ended,
 * and the caller answers 503, so an outage never signs anyone out. */
int admin_load_session(admin_request_t *r)
{
    const char *id = admin_cookie(r, WEB_SESSION_COOKIE);
    if (!admin_is_hex_token(id))
        return GZ_OK;
    char hash[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_session_hash(id, strlen(id), hash);
    int code = store_session_get(r->store, hash, r->pool, &r->session);
    if (code != GZ_OK)
        return code == GZ_ENOTFOUND ? GZ_OK : code;
    gz_time_t now = gz_now();
    bool valid = web_auth_session_fresh(r->session.created_at, r->session.last_seen_at, now);
    if (valid) {
        code = store_user_get(r->store, r->session.user_id, NULL, r->pool, &r->user);
        if (code != GZ_OK && code != GZ_ENOTFOUND)
            return code;
        valid = code == GZ_OK && !r->user.disabled;
    }
    if (!valid) {
        store_session_delete(r->store, hash);
        admin_set_cookie(r, WEB_SESSION_COOKIE, "", 0, "Lax", "/");
        return GZ_OK;
    }
    if (now - r->session.last_seen_at >= TOUCH_AFTER_SECONDS)
        store_session_touch(r->store, hash, now);
    /* The site's workflow rules every decision this request makes; a
     * store that cannot read it answers like one that cannot read the
     * session. */
    const newsroom_workflow_t *workflow = NULL;
    code = newsroom_workflow_load(r->store, r->pool, &workflow);
    if (code != GZ_OK)
        return code;
    r->actor = (newsroom_actor_t){.user_id = r->user.id,
                                  .name = r->user.display_name && r->user.display_name[0]
                                              ? r->user.display_name
                                              : r->user.name,
                                  .role = r->user.role,
                                  .desks = r->user.desks,
                                  .workflow = workflow};
    r->signed_in = true;
    return GZ_OK;
}

bool admin_csrf_ok(admin_request_t *r)
{
    return r->signed_in && web_auth_token_equal(r->session.csrf_token, admin_field(r, "csrf"));
}

int admin_load_article(admin_request_t *r, int64_t id, content_article_t **out)
{
    int code = store_article_get(r->store, id, r->pool, out);
    if (code == GZ_OK && (*out)->is_stub)
        code = GZ_ENOTFOUND;
    return code;
}

const char *admin_edit_refusal(admin_request_t *r, const content_article_t *current)
{
    int64_t owner = 0;
    if (current != NULL && r->user.role < STORE_ROLE_EDITOR)
        newsroom_owner(r->store, current->id, r->pool, &owner);
    return newsroom_edit_refusal(&r->actor, current, owner);
}

bool admin_may_edit(admin_request_t *r, const content_article_t *current)
{
    return admin_edit_refusal(r, current) == NULL;
}

int64_t admin_media_reference(const char *text)
{
    gz_str_t value = gz_str_trim(gz_str_from_cstr(text));
    if (value.len == 0)
        return 0;
    if (gz_str_starts_with(value, "media:"))
        value = (gz_str_t){value.ptr + 6, value.len - 6};
    int64_t id = 0;
    return gz_parse_int64(value, &id) == GZ_OK && id > 0 ? id : -1;
}
