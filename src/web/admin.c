/*
 * admin.c: the newsroom at /admin: sign-in, the article list, the editor
 * and the workflow (draft -> in review -> scheduled or published ->
 * unpublished), as server-rendered pages that work without JavaScript.
 *
 * Every request under /admin comes here, never through the page cache.
 * A request finds its session from the cookie (see auth.c for the pieces),
 * and every POST must carry the session's CSRF token (the sign-in form a
 * token of its own, in a short-lived cookie), so another site cannot make
 * an editor's browser act. Pages are private and never stored.
 *
 * Saving an article is one store transaction: the optimistic check (the
 * form says which revision it was based on; if another save came first
 * the save is refused with a 409 page showing both versions), the article,
 * its revision row with a JSON snapshot, and audit entries for workflow
 * changes. After the commit the watcher applies the change log to the page
 * cache before the response is sent, so the next reader sees the change.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>
#include <sodium.h>

#include "newsroom/newsroom.h"
#include "web/admin.h"
#include "web/watcher.h"
#include "web/web_private.h"

#define SIGN_IN_COOKIE "gazette_signin"

enum { LIST_PAGE_SIZE = 25, TOUCH_AFTER_SECONDS = 60, MAX_RELATED = 20, MAX_TAGS = 30 };

static const char HTML_TYPE[] = "text/html; charset=utf-8";
static const char WRONG_SIGN_IN[] = "The name or the password is wrong.";

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

/* ---- the limiter, one per process ---------------------------------------- */

static web_limiter_t *limiter;
static pthread_once_t limiter_once = PTHREAD_ONCE_INIT;
static char *unknown_user_hash; /* verified against for unknown names: same time */

static void make_limiter(void)
{
    limiter = web_limiter_new(4096);
    char random_password[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_random_hex(random_password);
    gz_buf_t hash = GZ_BUF_INIT;
    if (store_password_hash(random_password, &hash) == GZ_OK)
        unknown_user_hash = gz_buf_detach(&hash, NULL);
    gz_buf_free(&hash);
}

/* ---- reading the request --------------------------------------------------- */

static bool method_is(const h2o_req_t *req, const char *name)
{
    return h2o_memis(req->method.base, req->method.len, name, strlen(name));
}

/* The value of cookie name, or NULL; pool memory. */
static const char *cookie_value(admin_request_t *r, const char *name)
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

static bool is_hex_token(const char *text)
{
    if (text == NULL || strlen(text) != WEB_AUTH_TOKEN_HEX)
        return false;
    for (const char *c = text; *c; c++) {
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return false;
    }
    return true;
}

static const char *client_address(admin_request_t *r)
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
static const char *query_param(admin_request_t *r, const char *name)
{
    if (r->query == NULL)
        return NULL;
    web_form_t params;
    const char *error;
    if (web_form_parse(r->query, strlen(r->query), r->pool, &params, &error) != GZ_OK)
        return NULL;
    return web_form_get(&params, name);
}

static const char *field(admin_request_t *r, const char *name)
{
    return web_form_get(&r->form, name);
}

/* ---- sending ----------------------------------------------------------------- */

static void add_header(admin_request_t *r, const h2o_token_t *token, const char *value)
{
    h2o_add_header(&r->req->pool, &r->req->res.headers, token, NULL,
                   h2o_strdup(&r->req->pool, value, SIZE_MAX).base, strlen(value));
}

static void add_named_header(admin_request_t *r, const char *name, const char *value)
{
    h2o_add_header_by_str(&r->req->pool, &r->req->res.headers, name, strlen(name), 0, NULL,
                          h2o_strdup(&r->req->pool, value, SIZE_MAX).base, strlen(value));
}

static void set_cookie(admin_request_t *r, const char *name, const char *value, int max_age,
                       const char *same_site, const char *path)
{
    char *header =
        gz_pool_printf(r->pool, "%s=%s; Path=%s; HttpOnly; SameSite=%s; Max-Age=%d%s", name, value,
                       path, same_site, max_age, over_tls(r) ? "; Secure" : "");
    add_header(r, H2O_TOKEN_SET_COOKIE, header);
}

static void send_common_headers(admin_request_t *r, int status, const char *reason)
{
    r->req->res.status = status;
    r->req->res.reason = reason;
    add_header(r, H2O_TOKEN_CACHE_CONTROL, "private, no-store");
    add_named_header(r, "x-content-type-options", "nosniff");
    add_named_header(r, "referrer-policy", "same-origin");
    add_named_header(r, "x-frame-options", "DENY");
    add_named_header(r, "content-security-policy",
                     "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                     "base-uri 'self'; frame-ancestors 'none'; form-action 'self'");
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

static void send_redirect(admin_request_t *r, const char *location)
{
    send_common_headers(r, 303, reason_for(303));
    add_header(r, H2O_TOKEN_LOCATION, location);
    h2o_send_inline(r->req, "", 0);
}

/* The model's common part: the site, the signed-in user, the CSRF token. */
static json_t *page_model(admin_request_t *r, const char *title)
{
    json_t *model = json_object();
    json_object_set_new(model, "title", json_string(title));
    json_object_set_new(model, "site_name", json_string(r->site->config->site_name));
    if (r->signed_in) {
        json_t *user = json_object();
        json_object_set_new(user, "name", json_string(r->user.name));
        const char *shown =
            r->user.display_name && r->user.display_name[0] ? r->user.display_name : r->user.name;
        json_object_set_new(user, "display_name", json_string(shown));
        json_object_set_new(user, "role", json_string(store_role_name(r->user.role)));
        json_object_set_new(user, "is_editor", json_boolean(r->user.role >= STORE_ROLE_EDITOR));
        json_object_set_new(user, "is_admin", json_boolean(r->user.role >= STORE_ROLE_ADMIN));
        json_object_set_new(model, "user", user);
        json_object_set_new(model, "csrf", json_string(r->session.csrf_token));
    }
    return model;
}

/* Renders template with model (which it releases) and sends it. */
static void send_page(admin_request_t *r, int status, const char *template_name, json_t *model)
{
    gz_buf_t body = GZ_BUF_INIT;
    int code = tmpl_render(r->site->templates, template_name, model, &body);
    json_decref(model);
    if (code != GZ_OK) {
        gz_log(GZ_LOG_ERROR, "admin: cannot render %s", template_name);
        gz_buf_reset(&body);
        gz_buf_append_cstr(&body, "<!doctype html><title>Error</title><p>The newsroom page "
                                  "cannot be shown: its template is missing or broken.</p>");
        status = 500;
    }
    send_common_headers(r, status, reason_for(status));
    add_header(r, H2O_TOKEN_CONTENT_TYPE, HTML_TYPE);
    if (status == 405)
        add_header(r, H2O_TOKEN_ALLOW, "GET, POST");
    if (status == 503)
        add_header(r, H2O_TOKEN_RETRY_AFTER, "5");
    h2o_send_inline(r->req, body.data ? body.data : "", body.len);
    gz_buf_free(&body);
}

static void send_message(admin_request_t *r, int status, const char *title, const char *message)
{
    json_t *model = page_model(r, title);
    json_object_set_new(model, "message", json_string(message));
    json_object_set_new(model, "status", json_integer(status));
    send_page(r, status, "admin_message", model);
}

/* ---- audit --------------------------------------------------------------------- */

static void audit(admin_request_t *r, int64_t user_id, const char *action, const char *target,
                  const char *detail)
{
    store_audit_entry_t entry = {
        .user_id = user_id, .action = action, .target = target, .detail = detail};
    if (store_audit_add(r->store, &entry) != GZ_OK)
        gz_log(GZ_LOG_ERROR, "admin: cannot write the audit log: %s", store_last_error(r->store));
}

/* ---- sessions ------------------------------------------------------------------ */

/* Finds the request's session; ends it (and its cookie) when it timed out
 * or its account was disabled or deleted. Returns GZ_OK, or the store's
 * error when it cannot tell (it does not answer): then nothing is ended,
 * and the caller answers 503, so an outage never signs anyone out. */
static int load_session(admin_request_t *r)
{
    const char *id = cookie_value(r, WEB_SESSION_COOKIE);
    if (!is_hex_token(id))
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
        set_cookie(r, WEB_SESSION_COOKIE, "", 0, "Lax", "/");
        return GZ_OK;
    }
    if (now - r->session.last_seen_at >= TOUCH_AFTER_SECONDS)
        store_session_touch(r->store, hash, now);
    r->signed_in = true;
    r->actor = (newsroom_actor_t){
        .user_id = r->user.id,
        .name = r->user.display_name && r->user.display_name[0] ? r->user.display_name
                                                                 : r->user.name,
        .role = r->user.role};
    return GZ_OK;
}

static bool csrf_ok(admin_request_t *r)
{
    return r->signed_in && web_auth_token_equal(r->session.csrf_token, field(r, "csrf"));
}

/* ---- sign-in and sign-out ------------------------------------------------------- */

static void send_sign_in(admin_request_t *r, int status, const char *error, const char *name)
{
    char token[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_random_hex(token);
    set_cookie(r, SIGN_IN_COOKIE, token, 3600, "Strict", "/admin");
    json_t *model = page_model(r, "Sign in");
    json_object_set_new(model, "signin_token", json_string(token));
    if (error != NULL)
        json_object_set_new(model, "error", json_string(error));
    json_object_set_new(model, "name", json_string(name ? name : ""));
    send_page(r, status, "admin_sign_in", model);
}

static void refuse_limited(admin_request_t *r, int wait, const char *name)
{
    char seconds[32];
    snprintf(seconds, sizeof seconds, "%d", wait);
    add_header(r, H2O_TOKEN_RETRY_AFTER, seconds);
    char *message = gz_pool_printf(r->pool, "Too many failed sign-ins. Try again in %d second%s.",
                                   wait, wait == 1 ? "" : "s");
    send_sign_in(r, 429, message, name);
}

static void start_session(admin_request_t *r, const store_user_t *user)
{
    char id[WEB_AUTH_TOKEN_HEX + 1], hash[WEB_AUTH_TOKEN_HEX + 1], csrf[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_random_hex(id);
    web_auth_random_hex(csrf);
    web_auth_session_hash(id, strlen(id), hash);
    gz_time_t now = gz_now();
    store_session_t session = {.id_hash = hash,
                               .user_id = user->id,
                               .created_at = now,
                               .last_seen_at = now,
                               .csrf_token = csrf};
    if (store_session_add(r->store, &session) != GZ_OK) {
        send_message(r, 503, "Try again", "The newsroom cannot sign you in right now.");
        return;
    }
    audit(r, user->id, "sign-in", gz_pool_printf(r->pool, "user:%s", user->name),
          client_address(r));
    set_cookie(r, WEB_SESSION_COOKIE, id, WEB_AUTH_ABSOLUTE_SECONDS, "Lax", "/");
    set_cookie(r, SIGN_IN_COOKIE, "", 0, "Strict", "/admin");
    sodium_memzero(id, sizeof id);
    send_redirect(r, "/admin/");
}

static void sign_in_post(admin_request_t *r)
{
    const char *name = field(r, "name");
    const char *password = field(r, "password");
    if (!web_auth_token_equal(cookie_value(r, SIGN_IN_COOKIE), field(r, "signin_token"))) {
        send_sign_in(r, 403, "The sign-in form expired. Please try again.", name);
        return;
    }
    if (name == NULL || password == NULL || strlen(name) > STORE_USER_NAME_MAX ||
        strlen(password) > STORE_PASSWORD_MAX_BYTES) {
        send_sign_in(r, 401, WRONG_SIGN_IN, NULL);
        return;
    }
    pthread_once(&limiter_once, make_limiter);
    gz_time_t now = gz_now();
    const char *address = client_address(r);
    const char *account_key = gz_pool_printf(r->pool, "account:%s", name);
    const char *address_key = gz_pool_printf(r->pool, "address:%s", address);
    int wait = web_limiter_wait(limiter, account_key, WEB_LIMIT_ACCOUNT, now);
    int address_wait = web_limiter_wait(limiter, address_key, WEB_LIMIT_ADDRESS, now);
    if (address_wait > wait)
        wait = address_wait;
    if (wait > 0) {
        refuse_limited(r, wait, name);
        return;
    }
    store_user_t user;
    bool known = store_user_get(r->store, 0, name, r->pool, &user) == GZ_OK && !user.disabled;
    /* An unknown name costs one hash check too, so timing tells nothing. */
    bool matches = store_password_verify(known ? user.password_hash : unknown_user_hash, password);
    sodium_memzero((char *)password, strlen(password));
    if (!known || !matches) {
        web_limiter_failed(limiter, account_key, now);
        web_limiter_failed(limiter, address_key, now);
        audit(r, known ? user.id : 0, "sign-in-failed", gz_pool_printf(r->pool, "user:%s", name),
              address);
        send_sign_in(r, 401, WRONG_SIGN_IN, name);
        return;
    }
    web_limiter_clear(limiter, account_key, now);
    start_session(r, &user);
}

static void sign_out_post(admin_request_t *r)
{
    if (r->signed_in && csrf_ok(r)) {
        store_session_delete(r->store, r->session.id_hash);
        audit(r, r->user.id, "sign-out", gz_pool_printf(r->pool, "user:%s", r->user.name), NULL);
    }
    set_cookie(r, WEB_SESSION_COOKIE, "", 0, "Lax", "/");
    send_redirect(r, "/admin/sign-in");
}

/* ---- the article list ------------------------------------------------------------ */

static void append_local_time(admin_request_t *r, json_t *object, const char *key, gz_time_t t,
                              const char *format)
{
    if (t <= 0)
        return;
    gz_buf_t text = GZ_BUF_INIT;
    gz_time_append_local(&text, t, format);
    json_object_set_new(object, key, json_string(gz_buf_cstr(&text)));
    gz_buf_free(&text);
    (void)r;
}

static json_t *article_row(admin_request_t *r, const content_article_t *article)
{
    json_t *row = json_object();
    json_object_set_new(row, "id", json_integer(article->id));
    json_object_set_new(row, "headline", json_string(article->headline));
    json_object_set_new(row, "status", json_string(content_status_name(article->status)));
    json_object_set_new(row, "section",
                        json_string(article->section.name ? article->section.name : ""));
    json_object_set_new(row, "revision", json_integer(article->revision));
    json_object_set_new(row, "public_url",
                        json_string(gz_pool_printf(r->pool, "/news/%lld/%s", (long long)article->id,
                                                   article->slug ? article->slug : "")));
    json_object_set_new(row, "is_live", json_boolean(content_article_is_live(article, gz_now())));
    append_local_time(r, row, "updated", article->updated_at, "%Y-%m-%d %H:%M");
    append_local_time(r, row, "published", article->published_at, "%Y-%m-%d %H:%M");
    return row;
}

static json_t *status_options(const char *selected)
{
    json_t *options = json_array();
    for (int status = CONTENT_DRAFT; status <= CONTENT_UNPUBLISHED; status++) {
        const char *name = content_status_name((content_status_t)status);
        json_array_append_new(options, json_pack("{s:s, s:b}", "name", name, "selected",
                                                 selected != NULL && strcmp(selected, name) == 0));
    }
    return options;
}

static json_t *section_options(admin_request_t *r, const char *selected_slug)
{
    json_t *options = json_array();
    content_section_t *sections = NULL;
    size_t count = 0;
    store_section_list(r->store, r->pool, &sections, &count);
    for (size_t i = 0; i < count; i++) {
        json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "slug", sections[i].slug,
                                                 "name", sections[i].name, "selected",
                                                 selected_slug != NULL &&
                                                     strcmp(selected_slug, sections[i].slug) == 0));
    }
    return options;
}

static size_t page_number(const char *text)
{
    int64_t page = 1;
    if (text == NULL || gz_parse_int64(gz_str_from_cstr(text), &page) != GZ_OK || page < 1 ||
        page > WEB_MAX_PAGE_NUMBER)
        return 1;
    return (size_t)page;
}

/* The link to another page of the list, with the same filters. */
static const char *list_link(admin_request_t *r, size_t page)
{
    gz_buf_t link = GZ_BUF_INIT;
    gz_buf_printf(&link, "/admin/?page=%zu", page);
    const char *names[] = {"status", "section", "author", "q"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *value = query_param(r, names[i]);
        if (value == NULL || value[0] == '\0')
            continue;
        gz_buf_printf(&link, "&%s=", names[i]);
        for (const unsigned char *c = (const unsigned char *)value; *c; c++) {
            bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                         (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.';
            if (plain)
                gz_buf_append_char(&link, (char)*c);
            else
                gz_buf_printf(&link, "%%%02X", *c);
        }
    }
    const char *text = gz_pool_strdup(r->pool, gz_buf_cstr(&link));
    gz_buf_free(&link);
    return text;
}

static void list_get(admin_request_t *r)
{
    const char *status_name = query_param(r, "status");
    const char *section_slug = query_param(r, "section");
    const char *author = query_param(r, "author");
    const char *text = query_param(r, "q");
    size_t page = page_number(query_param(r, "page"));
    store_newsroom_query_t query = {.status = -1,
                                    .author = author,
                                    .text = text,
                                    .limit = LIST_PAGE_SIZE,
                                    .offset = (page - 1) * LIST_PAGE_SIZE};
    content_status_t status;
    if (status_name != NULL && status_name[0] &&
        content_status_parse(status_name, &status) == GZ_OK)
        query.status = (int)status;
    content_section_t section;
    if (section_slug != NULL && section_slug[0]) {
        query.section_id =
            store_section_get_by_slug(r->store, section_slug, r->pool, &section) == GZ_OK
                ? section.id
                : -1;
    }
    content_article_list_t list;
    if (store_newsroom_list(r->store, &query, r->pool, &list) != GZ_OK) {
        send_message(r, 503, "Try again", "The article list cannot be read right now.");
        return;
    }
    json_t *model = page_model(r, "Articles");
    json_t *rows = json_array();
    for (size_t i = 0; i < list.count; i++)
        json_array_append_new(rows, article_row(r, &list.items[i]));
    json_object_set_new(model, "articles", rows);
    json_object_set_new(model, "total", json_integer((json_int_t)list.total));
    json_object_set_new(model, "statuses", status_options(status_name));
    json_object_set_new(model, "sections", section_options(r, section_slug));
    json_object_set_new(model, "author", json_string(author ? author : ""));
    json_object_set_new(model, "q", json_string(text ? text : ""));
    json_object_set_new(model, "page", json_integer((json_int_t)page));
    if (page > 1)
        json_object_set_new(model, "previous", json_string(list_link(r, page - 1)));
    if (page * LIST_PAGE_SIZE < list.total)
        json_object_set_new(model, "next", json_string(list_link(r, page + 1)));
    /* "?saved=deleted+ID" after a deletion; nothing else is shown, since
     * anyone can craft the link. */
    const char *saved = query_param(r, "saved");
    int64_t deleted = 0;
    if (saved != NULL && strncmp(saved, "deleted ", 8) == 0 &&
        gz_parse_int64(gz_str_from_cstr(saved + 8), &deleted) == GZ_OK && deleted > 0)
        json_object_set_new(
            model, "flash",
            json_string(gz_pool_printf(r->pool, "Article %lld deleted.", (long long)deleted)));
    send_page(r, 200, "admin_list", model);
}

/* ---- the editor: between articles, forms and snapshots ----------------------------- */

static void set_text(json_t *object, const char *key, const char *value)
{
    json_object_set_new(object, key, json_string(value ? value : ""));
}

/* The form's values as typed. */
static json_t *fields_of_form(admin_request_t *r)
{
    json_t *fields = json_object();
    for (size_t i = 0; i < NEWSROOM_TEXT_FIELD_COUNT; i++)
        set_text(fields, newsroom_text_fields[i], field(r, newsroom_text_fields[i]));
    return fields;
}

static const char *optional(admin_request_t *r, const char *name)
{
    const char *value = field(r, name);
    if (value == NULL)
        return NULL;
    gz_str_t trimmed = gz_str_trim(gz_str_from_cstr(value));
    return trimmed.len == 0 ? NULL : gz_pool_strndup(r->pool, trimmed.ptr, trimmed.len);
}

static void add_problem(gz_buf_t *problems, const char *message)
{
    gz_buf_printf(problems, "%s%s", problems->len ? "\n" : "", message);
}

static const char *form_field(void *context, const char *name)
{
    return field(context, name);
}

/* Applies the form to article (a copy of the stored one, or a new one);
 * problems the model's validation cannot see go to problems. */
static void apply_form(admin_request_t *r, content_article_t *article, gz_buf_t *problems)
{
    newsroom_apply_fields(r->store, article, form_field, r, r->site->config->site_language,
                          r->pool, problems);
}

/* The publication time typed in the form, in the site's zone; 0 when
 * empty, -1 when malformed. */
static gz_time_t typed_publish_time(admin_request_t *r)
{
    const char *text = optional(r, "publish_at");
    if (text == NULL)
        return 0;
    gz_time_t t = 0;
    if (gz_time_parse_local(gz_str_from_cstr(text), "%Y-%m-%dT%H:%M:%S", &t) == GZ_OK ||
        gz_time_parse_local(gz_str_from_cstr(text), "%Y-%m-%dT%H:%M", &t) == GZ_OK)
        return t;
    return -1;
}

/* ---- the editor page ------------------------------------------------------------------ */

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
} editor_view_t;

static json_t *content_type_options(admin_request_t *r, const char *selected)
{
    json_t *options = json_array();
    content_type_t *types = NULL;
    size_t count = 0;
    store_content_type_list(r->store, r->pool, &types, &count);
    for (size_t i = 0; i < count; i++) {
        const char *id = gz_pool_printf(r->pool, "%lld", (long long)types[i].id);
        json_array_append_new(options,
                              json_pack("{s:s, s:s, s:b}", "id", id, "name", types[i].name,
                                        "selected", selected != NULL && strcmp(selected, id) == 0));
    }
    return options;
}

static json_t *problem_list(const char *problems)
{
    json_t *list = json_array();
    while (problems != NULL && *problems) {
        size_t len = strcspn(problems, "\n");
        json_array_append_new(list, json_stringn(problems, len));
        problems += len + (problems[len] ? 1 : 0);
    }
    return list;
}

static json_t *revision_rows(admin_request_t *r, int64_t id)
{
    json_t *rows = json_array();
    store_revision_t *revisions = NULL;
    size_t count = 0;
    if (id > 0)
        store_revision_list(r->store, id, r->pool, &revisions, &count);
    for (size_t i = 0; i < count && i < 20; i++) {
        json_t *row = json_object();
        json_object_set_new(row, "revision", json_integer(revisions[i].revision));
        set_text(row, "by", revisions[i].user_name ? revisions[i].user_name : "the system");
        append_local_time(r, row, "at", revisions[i].at, "%Y-%m-%d %H:%M:%S");
        json_array_append_new(rows, row);
    }
    return rows;
}

/* The newest published articles, for the related-article picker. */
static json_t *recent_articles(admin_request_t *r, int64_t except_id)
{
    json_t *items = json_array();
    store_newsroom_query_t query = {.status = CONTENT_PUBLISHED, .limit = 40};
    content_article_list_t list;
    if (store_newsroom_list(r->store, &query, r->pool, &list) != GZ_OK)
        return items;
    for (size_t i = 0; i < list.count; i++) {
        if (list.items[i].id == except_id)
            continue;
        json_array_append_new(items, json_pack("{s:I, s:s}", "id", (json_int_t)list.items[i].id,
                                               "headline", list.items[i].headline));
    }
    return items;
}

/* ---- who has an article open ------------------------------------------------------------ */

/* Each time someone opens or autosaves an article, this process notes it,
 * so the next person to open it sees who else is working on it. A small
 * table in memory behind one mutex (lost on restart, per process: it is a
 * courtesy; the revision check is what protects the text). */
enum { PRESENCE_SLOTS = 256, PRESENCE_SECONDS = 10 * 60 };

typedef struct {
    int64_t article_id;
    int64_t user_id;
    char user_name[STORE_USER_NAME_MAX + 1];
    gz_time_t seen_at;
} presence_t;

static presence_t presence[PRESENCE_SLOTS];
static pthread_mutex_t presence_lock = PTHREAD_MUTEX_INITIALIZER;

/* Notes that the user has the article open, and returns (in pool memory)
 * the name of someone else seen on it recently, or NULL; *seen_at is when. */
static const char *note_presence(admin_request_t *r, int64_t article_id, gz_time_t *seen_at)
{
    gz_time_t now = gz_now();
    const char *other = NULL;
    presence_t *mine = NULL, *oldest = &presence[0];
    pthread_mutex_lock(&presence_lock);
    for (size_t i = 0; i < PRESENCE_SLOTS; i++) {
        presence_t *slot = &presence[i];
        if (slot->seen_at < oldest->seen_at)
            oldest = slot;
        if (slot->article_id != article_id || now - slot->seen_at >= PRESENCE_SECONDS)
            continue;
        if (slot->user_id == r->user.id) {
            mine = slot;
        } else if (other == NULL || slot->seen_at > *seen_at) {
            other = gz_pool_strdup(r->pool, slot->user_name);
            *seen_at = slot->seen_at;
        }
    }
    if (mine == NULL)
        mine = oldest;
    mine->article_id = article_id;
    mine->user_id = r->user.id;
    snprintf(mine->user_name, sizeof mine->user_name, "%s", r->user.name);
    mine->seen_at = now;
    pthread_mutex_unlock(&presence_lock);
    return other;
}

static void send_editor(admin_request_t *r, int status, editor_view_t *view)
{
    json_t *model = page_model(r, view->id ? "Edit article" : "New article");
    json_t *fields = view->fields;
    const char *language = json_string_value(json_object_get(fields, "language"));
    bool rtl =
        language != NULL && (strncmp(language, "ar", 2) == 0 || strncmp(language, "fa", 2) == 0 ||
                             strncmp(language, "he", 2) == 0 || strncmp(language, "ur", 2) == 0);
    json_object_set_new(fields, "dir", json_string(rtl ? "rtl" : "ltr"));
    json_object_set_new(model, "article", fields);
    json_object_set_new(model, "id", json_integer(view->id));
    json_object_set_new(model, "is_new", json_boolean(view->id == 0));
    json_object_set_new(
        model, "action_url",
        json_string(view->id ? gz_pool_printf(r->pool, "/admin/articles/%lld", (long long)view->id)
                             : "/admin/articles/new"));
    json_object_set_new(model, "revision", json_integer(view->revision));
    json_object_set_new(model, "status", json_string(content_status_name(view->status)));
    json_object_set_new(model, "can_publish", json_boolean(newsroom_may_publish(&r->actor)));
    json_object_set_new(model, "can_unpublish",
                        json_boolean(newsroom_may_publish(&r->actor) && (view->status == CONTENT_PUBLISHED ||
                                                        view->status == CONTENT_SCHEDULED)));
    json_object_set_new(
        model, "content_types",
        content_type_options(r, json_string_value(json_object_get(fields, "content_type"))));
    if (view->problems != NULL)
        json_object_set_new(model, "problems", problem_list(view->problems));
    if (view->preview) {
        const char *body = json_string_value(json_object_get(fields, "body"));
        gz_buf_t html = GZ_BUF_INIT;
        content_markdown_to_html(&html, body ? body : "", body ? strlen(body) : 0);
        json_object_set_new(model, "preview_html", json_string(gz_buf_cstr(&html)));
        gz_buf_free(&html);
    }
    if (view->conflict != NULL) {
        json_t *conflict = json_object();
        set_text(conflict, "by",
                 view->conflict->user_name ? view->conflict->user_name : "the system");
        append_local_time(r, conflict, "at", view->conflict->at, "%Y-%m-%d %H:%M:%S");
        json_object_set_new(conflict, "revision", json_integer(view->conflict->revision));
        json_t *theirs = json_loads(view->conflict->snapshot, 0, NULL);
        json_t *rows = json_array();
        for (size_t i = 0; theirs != NULL && i < NEWSROOM_TEXT_FIELD_COUNT; i++) {
            const char *their_value = json_string_value(json_object_get(theirs, newsroom_text_fields[i]));
            const char *your_value = json_string_value(json_object_get(fields, newsroom_text_fields[i]));
            bool differs = strcmp(their_value ? their_value : "", your_value ? your_value : "");
            json_array_append_new(rows,
                                  json_pack("{s:s, s:s, s:s, s:b}", "name", newsroom_text_fields[i],
                                            "theirs", their_value ? their_value : "", "yours",
                                            your_value ? your_value : "", "differs", differs));
        }
        json_decref(theirs);
        json_object_set_new(conflict, "fields", rows);
        json_object_set_new(model, "conflict", conflict);
    }
    if (view->flash != NULL)
        json_object_set_new(model, "flash", json_string(view->flash));
    json_object_set_new(model, "revisions", revision_rows(r, view->id));
    json_object_set_new(model, "autosave",
                        json_boolean(view->conflict == NULL && view->status == CONTENT_DRAFT));
    json_object_set_new(model, "recent", recent_articles(r, view->id));
    gz_time_t other_seen = 0;
    const char *other = view->id > 0 ? note_presence(r, view->id, &other_seen) : NULL;
    if (other != NULL) {
        json_t *holder = json_object();
        set_text(holder, "name", other);
        append_local_time(r, holder, "at", other_seen, "%H:%M:%S");
        json_object_set_new(model, "holder", holder);
    }
    json_object_set_new(model, "can_note", json_boolean(view->id > 0 && newsroom_may_publish(&r->actor)));
    if (view->notes != NULL)
        json_object_set_new(model, "notes", view->notes);
    /* The public page exists for readers only once published. */
    if (view->id > 0 && view->status == CONTENT_PUBLISHED)
        json_object_set_new(
            model, "public_url",
            json_string(gz_pool_printf(r->pool, "/news/%lld", (long long)view->id)));
    send_page(r, status, "admin_editor", model);
}

static bool may_edit(admin_request_t *r, const content_article_t *current)
{
    int64_t owner = 0;
    if (current != NULL && r->user.role < STORE_ROLE_EDITOR)
        newsroom_owner(r->store, current->id, r->pool, &owner);
    return newsroom_may_edit(&r->actor, current, owner);
}

static int load_article(admin_request_t *r, int64_t id, content_article_t **out)
{
    int code = store_article_get(r->store, id, r->pool, out);
    if (code == GZ_OK && (*out)->is_stub)
        code = GZ_ENOTFOUND;
    return code;
}

static const char *note_kind_label(content_note_kind_t kind)
{
    return kind == CONTENT_NOTE_UPDATE ? "Update" : "Correction";
}

static json_t *note_rows(admin_request_t *r, const content_article_t *article)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < article->note_count; i++) {
        json_t *row = json_object();
        set_text(row, "kind_label", note_kind_label(article->notes[i].kind));
        set_text(row, "text", article->notes[i].text);
        append_local_time(r, row, "at", article->notes[i].created_at, "%Y-%m-%d %H:%M");
        json_array_append_new(rows, row);
    }
    return rows;
}

/* The confirmation for ?saved=ACTION. Only known actions have one: the
 * parameter comes from a URL anyone can craft, so it is never echoed. */
static const char *saved_message(const char *action)
{
    static const char *const messages[][2] = {
        {"save", "Saved."},
        {"submit", "Saved and submitted for review."},
        {"publish", "Saved and published."},
        {"schedule", "Saved and scheduled."},
        {"unpublish", "Saved and unpublished."},
        {"correction added", "Correction added: it shows under the article."},
        {"update added", "Update added: it shows under the article."},
    };
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
        if (strcmp(action, messages[i][0]) == 0)
            return messages[i][1];
    }
    return NULL;
}

static void editor_get(admin_request_t *r, int64_t id)
{
    editor_view_t view = {.id = id, .status = CONTENT_DRAFT};
    if (id == 0) {
        content_article_t blank = {.language = r->site->config->site_language,
                                   .content_type = {.id = 1}};
        view.fields = newsroom_fields_of_article(&blank);
    } else {
        content_article_t *article = NULL;
        int code = load_article(r, id, &article);
        if (code == GZ_ENOTFOUND) {
            send_message(r, 404, "Not found", "There is no article with this number.");
            return;
        }
        if (code != GZ_OK) {
            send_message(r, 503, "Try again", "The article cannot be read right now.");
            return;
        }
        view.fields = newsroom_fields_of_article(article);
        view.revision = article->revision;
        view.status = article->status;
        view.notes = note_rows(r, article);
        if (!may_edit(r, article))
            view.flash = "You can read this article but not change it: writers edit their own "
                         "drafts only.";
    }
    const char *saved = query_param(r, "saved");
    if (saved != NULL && view.flash == NULL)
        view.flash = saved_message(saved);
    send_editor(r, 200, &view);
}

/* ---- saving and the workflow ------------------------------------------------------------ */

static int64_t form_revision(admin_request_t *r)
{
    int64_t revision = -1;
    const char *text = field(r, "revision");
    if (text == NULL || gz_parse_int64(gz_str_from_cstr(text), &revision) != GZ_OK)
        return -1;
    return revision;
}

/* The editor's script (admin.js) posts with format=json for autosave and
 * live preview, and reads these answers instead of pages. */
static void send_json(admin_request_t *r, int status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    send_common_headers(r, status, reason_for(status));
    add_header(r, H2O_TOKEN_CONTENT_TYPE, "application/json; charset=utf-8");
    h2o_send_inline(r->req, text ? text : "{}", text ? strlen(text) : 2);
    free(text);
}

static void send_editor_json(admin_request_t *r, int status, const editor_view_t *view, int64_t id,
                             int64_t revision)
{
    json_t *body = json_object();
    if (view->problems != NULL)
        json_object_set_new(body, "problems", problem_list(view->problems));
    if (view->conflict != NULL) {
        set_text(body, "by", view->conflict->user_name ? view->conflict->user_name : "the system");
        append_local_time(r, body, "at", view->conflict->at, "%Y-%m-%d %H:%M:%S");
    }
    if (view->preview) {
        const char *text = json_string_value(json_object_get(view->fields, "body"));
        gz_buf_t html = GZ_BUF_INIT;
        content_markdown_to_html(&html, text ? text : "", text ? strlen(text) : 0);
        set_text(body, "preview_html", gz_buf_cstr(&html));
        gz_buf_free(&html);
    }
    gz_time_t other_seen = 0;
    const char *other = id > 0 ? note_presence(r, id, &other_seen) : NULL;
    if (other != NULL)
        set_text(body, "holder", other);
    if (id > 0) {
        json_object_set_new(body, "id", json_integer(id));
        set_text(body, "url", gz_pool_printf(r->pool, "/admin/articles/%lld", (long long)id));
    }
    json_object_set_new(body, "revision", json_integer(revision));
    append_local_time(r, body, "saved_at", status == 200 && !view->preview ? gz_now() : 0,
                      "%H:%M:%S");
    json_decref(view->fields);
    send_json(r, status, body);
}

/* Answers a save the newsroom refused or could not do. */
static void send_save_failure(admin_request_t *r, int code, const newsroom_result_t *saved,
                              editor_view_t *view, bool json_mode)
{
    int status = code == GZ_ECONFLICT                          ? 409
                 : code == GZ_EINVAL && saved->not_allowed     ? 403
                 : code == GZ_EINVAL                           ? 422
                 : code == GZ_ENOTFOUND                        ? 404
                                                               : 503;
    if (status == 409) {
        view->conflict = &saved->conflict;
        view->revision = saved->conflict.revision;
        view->problems = "Someone else saved this article after you opened it. Your text is "
                         "kept below: compare, merge, then save again.";
    } else {
        view->problems = saved->message;
        view->revision = form_revision(r);
    }
    if (json_mode && status != 503 && status != 404) {
        send_editor_json(r, status, view, view->id, view->revision);
        return;
    }
    if (status == 409 || status == 422) {
        send_editor(r, status, view);
        return;
    }
    json_decref(view->fields);
    if (status == 403)
        send_message(r, 403, "Not allowed", saved->message);
    else
        send_message(r, status, "Not saved",
                     "The article could not be saved right now; try again.");
}

static void editor_post(admin_request_t *r, int64_t id)
{
    const char *format = field(r, "format");
    bool json_mode = format != NULL && strcmp(format, "json") == 0;
    newsroom_action_t action = newsroom_action_parse(field(r, "action"));
    content_article_t *current = NULL;
    if (id > 0) {
        int code = load_article(r, id, &current);
        if (code != GZ_OK) {
            send_message(r, code == GZ_ENOTFOUND ? 404 : 503, "Not saved",
                         "There is no article with this number.");
            return;
        }
    }
    if (!may_edit(r, current)) {
        send_message(r, 403, "Not allowed",
                     "Writers can change only their own drafts. Ask an editor.");
        return;
    }
    content_article_t *article = gz_pool_calloc(r->pool, 1, sizeof *article);
    if (current != NULL)
        *article = *current;
    else
        article->status = CONTENT_DRAFT;
    gz_buf_t problems = GZ_BUF_INIT;
    apply_form(r, article, &problems);
    gz_time_t typed_time = typed_publish_time(r);
    if (typed_time < 0)
        add_problem(&problems, "The publication time is not a date and time.");
    editor_view_t view = {.id = id,
                          .revision = current ? current->revision : 0,
                          .status = article->status,
                          .fields = fields_of_form(r),
                          .preview = action == NEWSROOM_PREVIEW};
    if (action == NEWSROOM_UNKNOWN) {
        add_problem(&problems, "Unknown action.");
    } else if (action != NEWSROOM_PREVIEW) {
        gz_buf_t invalid = GZ_BUF_INIT;
        if (content_article_validate(article, &invalid) != GZ_OK)
            add_problem(&problems, gz_buf_cstr(&invalid));
        gz_buf_free(&invalid);
    }
    int status = problems.len > 0 ? 422 : 200;
    if (problems.len > 0)
        view.problems = gz_pool_strdup(r->pool, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    if (status != 200 || action == NEWSROOM_PREVIEW) {
        if (id > 0 && form_revision(r) >= 0)
            view.revision = form_revision(r);
        if (json_mode)
            send_editor_json(r, status, &view, id, view.revision);
        else
            send_editor(r, status, &view);
        return;
    }
    newsroom_edit_t edit = {.article = article,
                            .based_on = form_revision(r),
                            .action = action,
                            .typed_time = typed_time > 0 ? typed_time : 0};
    newsroom_result_t saved;
    int code = newsroom_save(r->store, &r->actor, &edit, r->pool, &saved);
    if (code != GZ_OK) {
        if (code != GZ_EINVAL && code != GZ_ECONFLICT)
            gz_log(GZ_LOG_ERROR, "admin: cannot save article: %s", saved.message);
        send_save_failure(r, code, &saved, &view, json_mode);
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    if (json_mode) {
        send_editor_json(r, 200, &view, saved.article_id, saved.revision);
        return;
    }
    json_decref(view.fields);
    send_redirect(r, gz_pool_printf(r->pool, "/admin/articles/%lld?saved=%s",
                                    (long long)saved.article_id, newsroom_action_name(action)));
}

/* ---- revisions: view, difference, restore; the audit log ------------------------------ */

enum { DIFF_MAX_LINES = 2000 };

/* Splits text into lines (pool memory). */
static size_t split_lines(admin_request_t *r, const char *text, const char ***out)
{
    size_t count = 1;
    for (const char *c = text; *c; c++)
        count += *c == '\n';
    const char **lines = gz_pool_calloc(r->pool, count, sizeof *lines);
    size_t n = 0;
    while (n < count) {
        size_t len = strcspn(text, "\n");
        lines[n++] = gz_pool_strndup(r->pool, text, len);
        text += len + (text[len] ? 1 : 0);
    }
    *out = lines;
    return count;
}

static void add_diff_line(json_t *lines, const char *kind, const char *text)
{
    json_array_append_new(lines, json_pack("{s:s, s:s, s:b, s:b}", "text", text, "kind", kind,
                                           "added", strcmp(kind, "added") == 0, "removed",
                                           strcmp(kind, "removed") == 0));
}

/* The line-by-line difference of two texts (longest common subsequence);
 * very long texts are shown as removed then added, whole. */
static json_t *line_diff(admin_request_t *r, const char *before, const char *after)
{
    const char **a, **b;
    size_t n = split_lines(r, before, &a), m = split_lines(r, after, &b);
    json_t *lines = json_array();
    if (n > DIFF_MAX_LINES || m > DIFF_MAX_LINES) {
        add_diff_line(lines, "removed", before);
        add_diff_line(lines, "added", after);
        return lines;
    }
    /* common[i][j]: the longest common run of a[i..] and b[j..]. */
    size_t width = m + 1;
    uint32_t *common = gz_calloc((n + 1) * width, sizeof *common);
    for (size_t i = n; i-- > 0;) {
        for (size_t j = m; j-- > 0;) {
            common[i * width + j] = strcmp(a[i], b[j]) == 0
                                        ? common[(i + 1) * width + j + 1] + 1
                                        : (common[(i + 1) * width + j] > common[i * width + j + 1]
                                               ? common[(i + 1) * width + j]
                                               : common[i * width + j + 1]);
        }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && strcmp(a[i], b[j]) == 0) {
            add_diff_line(lines, "same", a[i++]);
            j++;
        } else if (j < m && (i == n || common[i * width + j + 1] >= common[(i + 1) * width + j])) {
            add_diff_line(lines, "added", b[j++]);
        } else {
            add_diff_line(lines, "removed", a[i++]);
        }
    }
    free(common);
    return lines;
}

static const char *snapshot_field(json_t *snapshot, const char *name)
{
    const char *value = json_string_value(json_object_get(snapshot, name));
    return value ? value : "";
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

static void revision_get(admin_request_t *r, int64_t id, int64_t number)
{
    store_revision_t revision, previous = {0};
    if (store_revision_get(r->store, id, number, r->pool, &revision) != GZ_OK) {
        send_message(r, 404, "Not found", "This article has no such revision.");
        return;
    }
    bool has_previous = false;
    store_revision_t *all = NULL;
    size_t count = 0;
    store_revision_list(r->store, id, r->pool, &all, &count);
    for (size_t i = 0; i < count && !has_previous; i++) {
        if (all[i].revision < number) {
            previous = all[i];
            has_previous = true;
        }
    }
    json_t *after = json_loads(revision.snapshot, 0, NULL);
    json_t *before = has_previous ? json_loads(previous.snapshot, 0, NULL) : json_object();
    json_t *fields = json_array();
    for (size_t i = 0; i < NEWSROOM_TEXT_FIELD_COUNT; i++) {
        const char *old_text = snapshot_field(before, newsroom_text_fields[i]);
        const char *new_text = snapshot_field(after, newsroom_text_fields[i]);
        bool changed = strcmp(old_text, new_text) != 0;
        json_t *row = json_pack("{s:s, s:s, s:b}", "name", newsroom_text_fields[i], "value", new_text,
                                "changed", changed);
        if (changed)
            json_object_set_new(row, "diff", line_diff(r, old_text, new_text));
        json_array_append_new(fields, row);
    }
    json_decref(before);
    json_decref(after);
    json_t *model = page_model(r, "Revision");
    json_object_set_new(model, "id", json_integer(id));
    json_object_set_new(model, "revision", json_integer(number));
    if (has_previous)
        json_object_set_new(model, "previous", json_integer(previous.revision));
    set_text(model, "by", revision.user_name ? revision.user_name : "the system");
    append_local_time(r, model, "at", revision.at, "%Y-%m-%d %H:%M:%S");
    json_object_set_new(model, "fields", fields);
    send_page(r, 200, "admin_revision", model);
}

/* Restoring fills the editor with the old fields, based on the current
 * revision; nothing is stored until the editor saves. */
static void revision_restore(admin_request_t *r, int64_t id, int64_t number)
{
    content_article_t *current = NULL;
    store_revision_t revision;
    if (load_article(r, id, &current) != GZ_OK ||
        store_revision_get(r->store, id, number, r->pool, &revision) != GZ_OK) {
        send_message(r, 404, "Not found", "This article has no such revision.");
        return;
    }
    if (!may_edit(r, current)) {
        send_message(r, 403, "Not allowed",
                     "Writers can change only their own drafts. Ask an editor.");
        return;
    }
    json_t *snapshot = json_loads(revision.snapshot, 0, NULL);
    json_t *fields = json_object();
    for (size_t i = 0; i < NEWSROOM_TEXT_FIELD_COUNT; i++)
        set_text(fields, newsroom_text_fields[i], snapshot_field(snapshot, newsroom_text_fields[i]));
    json_decref(snapshot);
    editor_view_t view = {.id = id,
                          .revision = current->revision,
                          .status = current->status,
                          .fields = fields,
                          .flash = gz_pool_printf(r->pool,
                                                  "Revision %lld is loaded in the form: check it "
                                                  "and save to restore it.",
                                                  (long long)number)};
    send_editor(r, 200, &view);
}

static void audit_get(admin_request_t *r)
{
    if (r->user.role < STORE_ROLE_ADMIN) {
        send_message(r, 403, "Not allowed", "Only admins read the audit log.");
        return;
    }
    size_t page = page_number(query_param(r, "page"));
    store_audit_entry_t *entries = NULL;
    size_t count = 0;
    if (store_audit_list(r->store, LIST_PAGE_SIZE + 1, (page - 1) * LIST_PAGE_SIZE, r->pool,
                         &entries, &count) != GZ_OK) {
        send_message(r, 503, "Try again", "The audit log cannot be read right now.");
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < count && i < LIST_PAGE_SIZE; i++) {
        json_t *row = json_object();
        append_local_time(r, row, "at", entries[i].at, "%Y-%m-%d %H:%M:%S");
        set_text(row, "who", entries[i].user_name ? entries[i].user_name : "-");
        set_text(row, "action", entries[i].action);
        set_text(row, "target", entries[i].target);
        set_text(row, "detail", entries[i].detail);
        json_array_append_new(rows, row);
    }
    json_t *model = page_model(r, "Audit log");
    json_object_set_new(model, "entries", rows);
    json_object_set_new(model, "page", json_integer((json_int_t)page));
    if (page > 1)
        json_object_set_new(
            model, "previous",
            json_string(gz_pool_printf(r->pool, "/admin/audit?page=%zu", page - 1)));
    if (count > LIST_PAGE_SIZE)
        json_object_set_new(
            model, "next", json_string(gz_pool_printf(r->pool, "/admin/audit?page=%zu", page + 1)));
    send_page(r, 200, "admin_audit", model);
}

/* ---- accounts (admins only) --------------------------------------------------------------- */

static void send_users(admin_request_t *r, int status, const char *problem, const char *flash)
{
    store_user_t *users = NULL;
    size_t count = 0;
    if (store_user_list(r->store, r->pool, &users, &count) != GZ_OK) {
        send_message(r, 503, "Try again", "The accounts cannot be read right now.");
        return;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < count; i++) {
        json_t *row = json_object();
        set_text(row, "name", users[i].name);
        set_text(row, "display_name", users[i].display_name);
        set_text(row, "role", store_role_name(users[i].role));
        json_object_set_new(row, "disabled", json_boolean(users[i].disabled));
        json_object_set_new(row, "is_self", json_boolean(users[i].id == r->user.id));
        json_t *roles = json_array();
        for (int role = STORE_ROLE_WRITER; role <= STORE_ROLE_ADMIN; role++)
            json_array_append_new(roles, json_pack("{s:s, s:b}", "name",
                                                   store_role_name((store_role_t)role), "selected",
                                                   users[i].role == (store_role_t)role));
        json_object_set_new(row, "roles", roles);
        json_array_append_new(rows, row);
    }
    json_t *model = page_model(r, "Accounts");
    json_object_set_new(model, "users", rows);
    if (problem != NULL)
        set_text(model, "problem", problem);
    if (flash != NULL)
        set_text(model, "flash", flash);
    send_page(r, status, "admin_users", model);
}

static void user_add_post(admin_request_t *r)
{
    const char *name = optional(r, "name");
    const char *password = field(r, "password");
    store_role_t role = STORE_ROLE_WRITER;
    gz_buf_t problem = GZ_BUF_INIT, hash = GZ_BUF_INIT;
    int code = store_role_parse(field(r, "role"), &role);
    if (code != GZ_OK)
        gz_buf_append_cstr(&problem, "Choose a role.");
    if (code == GZ_OK)
        code = store_user_name_check(name, &problem);
    if (code == GZ_OK)
        code = store_password_check(password, &problem);
    if (code == GZ_OK && (code = store_password_hash(password, &hash)) != GZ_OK)
        gz_buf_append_cstr(&problem, "The password cannot be hashed right now.");
    if (password != NULL)
        sodium_memzero((char *)password, strlen(password));
    store_user_t user = {.name = name,
                         .display_name = optional(r, "display_name"),
                         .role = role,
                         .password_hash = gz_buf_cstr(&hash)};
    if (code == GZ_OK && (code = store_user_add(r->store, &user)) != GZ_OK)
        gz_buf_append_cstr(&problem, code == GZ_ECONFLICT ? "That name is taken."
                                                          : "The account cannot be added.");
    if (code == GZ_OK) {
        audit(r, r->user.id, "user-add", gz_pool_printf(r->pool, "user:%s", name),
              store_role_name(role));
        send_users(r, 200, NULL, gz_pool_printf(r->pool, "Added %s.", name));
    } else {
        send_users(r, 422, gz_pool_strdup(r->pool, gz_buf_cstr(&problem)), NULL);
    }
    gz_buf_free(&problem);
    gz_buf_free(&hash);
}

static void user_update_post(admin_request_t *r)
{
    store_user_t user;
    const char *name = field(r, "name");
    store_role_t role;
    if (name == NULL || store_user_get(r->store, 0, name, r->pool, &user) != GZ_OK ||
        store_role_parse(field(r, "role"), &role) != GZ_OK) {
        send_users(r, 422, "No such account or role.", NULL);
        return;
    }
    bool disabled = field(r, "disabled") != NULL;
    if (user.id == r->user.id && (disabled || role != STORE_ROLE_ADMIN)) {
        send_users(r, 422, "You cannot disable your own account or give up your own admin role.",
                   NULL);
        return;
    }
    const char *target = gz_pool_printf(r->pool, "user:%s", name);
    store_role_t old_role = user.role;
    bool was_disabled = user.disabled;
    user.role = role;
    user.disabled = disabled;
    user.password_hash = NULL;
    if (store_user_update(r->store, &user) != GZ_OK) {
        send_users(r, 503, "The account cannot be changed right now.", NULL);
        return;
    }
    if (old_role != role)
        audit(
            r, r->user.id, "role-change", target,
            gz_pool_printf(r->pool, "%s -> %s", store_role_name(old_role), store_role_name(role)));
    if (was_disabled != disabled)
        audit(r, r->user.id, disabled ? "user-disable" : "user-enable", target, NULL);
    send_users(r, 200, NULL, gz_pool_printf(r->pool, "Saved %s.", name));
}

static void users_route(admin_request_t *r, bool post)
{
    if (r->user.role < STORE_ROLE_ADMIN) {
        send_message(r, 403, "Not allowed", "Only admins manage accounts.");
    } else if (!post) {
        send_users(r, 200, NULL, NULL);
    } else {
        const char *action = field(r, "action");
        if (action != NULL && strcmp(action, "add") == 0)
            user_add_post(r);
        else
            user_update_post(r);
    }
}

/* ---- deleting (editors and admins) ------------------------------------------------------- */

/* "/admin/articles/12/delete" -> 12; 0 for anything else. */
static int64_t delete_id_of(const char *path)
{
    long long id = 0;
    int consumed = 0;
    if (sscanf(path, "/admin/articles/%lld/delete%n", &id, &consumed) != 1 || consumed == 0 ||
        path[consumed] != '\0' || id <= 0)
        return 0;
    return id;
}

static void delete_route(admin_request_t *r, int64_t id, bool post)
{
    content_article_t *article = NULL;
    if (!newsroom_may_publish(&r->actor)) {
        send_message(r, 403, "Not allowed", "Only editors and admins delete articles.");
        return;
    }
    if (load_article(r, id, &article) != GZ_OK) {
        send_message(r, 404, "Not found", "There is no article with this number.");
        return;
    }
    if (!post) {
        json_t *model = page_model(r, "Delete article");
        json_object_set_new(model, "id", json_integer(id));
        set_text(model, "headline", article->headline);
        send_page(r, 200, "admin_delete", model);
        return;
    }
    newsroom_result_t deleted;
    if (newsroom_delete(r->store, &r->actor, id, r->pool, &deleted) != GZ_OK) {
        send_message(r, 503, "Not deleted", "The article could not be deleted right now.");
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    send_redirect(r, gz_pool_printf(r->pool, "/admin/?saved=deleted+%lld", (long long)id));
}

/* ---- corrections and update notes ------------------------------------------------------ */

/* "/admin/articles/12/notes" -> 12; 0 for anything else. */
static int64_t note_id_of(const char *path)
{
    long long id = 0;
    int consumed = 0;
    if (sscanf(path, "/admin/articles/%lld/notes%n", &id, &consumed) != 1 || consumed == 0 ||
        path[consumed] != '\0' || id <= 0)
        return 0;
    return id;
}

/* An editor appends a dated correction or update; the public page shows
 * it on the next request. Notes cannot be changed afterwards: a wrong one
 * is corrected by another. */
static void note_post(admin_request_t *r, int64_t id)
{
    content_article_t *article = NULL;
    if (!newsroom_may_publish(&r->actor)) {
        send_message(r, 403, "Not allowed", "Only editors and admins add corrections.");
        return;
    }
    if (load_article(r, id, &article) != GZ_OK) {
        send_message(r, 404, "Not found", "There is no article with this number.");
        return;
    }
    const char *kind = field(r, "kind");
    const char *text = optional(r, "text");
    const char *problem = newsroom_note_problem(kind, text);
    if (problem != NULL) {
        send_message(r, 400, "Note not added", problem);
        return;
    }
    content_note_kind_t note_kind =
        strcmp(kind, "update") == 0 ? CONTENT_NOTE_UPDATE : CONTENT_NOTE_CORRECTION;
    newsroom_result_t added;
    if (newsroom_add_note(r->store, &r->actor, id, note_kind, text, r->pool, &added) != GZ_OK) {
        send_message(r, 503, "Note not added", "The note could not be added right now.");
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    send_redirect(
        r, gz_pool_printf(r->pool, "/admin/articles/%lld?saved=%s", (long long)id,
                          note_kind == CONTENT_NOTE_UPDATE ? "update+added" : "correction+added"));
}

/* ---- routing ------------------------------------------------------------------------ */

/* "/admin/articles/123" -> 123; 0 for anything else. */
static int64_t article_id_of(const char *path)
{
    const char prefix[] = "/admin/articles/";
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return 0;
    int64_t id = 0;
    if (gz_parse_int64(gz_str_from_cstr(path + sizeof prefix - 1), &id) != GZ_OK || id <= 0)
        return 0;
    return id;
}

static bool read_form(admin_request_t *r)
{
    h2o_iovec_t type = {NULL, 0};
    ssize_t index = h2o_find_header(&r->req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
    if (index >= 0)
        type = r->req->headers.entries[index].value;
    const char form_type[] = "application/x-www-form-urlencoded";
    if (type.len < sizeof form_type - 1 ||
        strncasecmp(type.base, form_type, sizeof form_type - 1) != 0) {
        send_message(r, 415, "Not a form", "The newsroom takes only URL-encoded forms.");
        return false;
    }
    const char *error = NULL;
    if (r->req->entity.len > WEB_FORM_MAX_BYTES) {
        send_message(r, 413, "Too large", "The form is too large (at most 512 KiB).");
        return false;
    }
    if (web_form_parse(r->req->entity.base, r->req->entity.len, r->pool, &r->form, &error) !=
        GZ_OK) {
        send_message(r, 400, "Bad form", error);
        return false;
    }
    return true;
}

static void route_signed_in(admin_request_t *r, bool post)
{
    const char *path = r->path;
    int64_t id = article_id_of(path);
    bool is_list = strcmp(path, "/admin") == 0 || strcmp(path, "/admin/") == 0;
    bool is_new = strcmp(path, "/admin/articles/new") == 0;
    int64_t revision_article = 0, revision_number = 0;
    bool restore = false;
    if (post && !csrf_ok(r)) {
        send_message(r, 403, "Refused",
                     "This form was not sent from this newsroom's own page (its security token "
                     "is missing or expired). Reload the page and try again.");
    } else if (strcmp(path, "/admin/sign-out") == 0 && post) {
        sign_out_post(r);
    } else if (parse_revision_path(path, &revision_article, &revision_number, &restore) &&
               restore == post) {
        if (restore)
            revision_restore(r, revision_article, revision_number);
        else
            revision_get(r, revision_article, revision_number);
    } else if (delete_id_of(path) > 0) {
        delete_route(r, delete_id_of(path), post);
    } else if (note_id_of(path) > 0 && post) {
        note_post(r, note_id_of(path));
    } else if (strcmp(path, "/admin/audit") == 0 && !post) {
        audit_get(r);
    } else if (strcmp(path, "/admin/users") == 0) {
        users_route(r, post);
    } else if (is_list && !post) {
        list_get(r);
    } else if (is_new || id > 0) {
        if (post)
            editor_post(r, id);
        else
            editor_get(r, id);
    } else if (strcmp(path, "/admin/sign-in") == 0) {
        send_redirect(r, "/admin/");
    } else if (is_list) {
        send_message(r, 405, "Not here", "This address only shows the list.");
    } else {
        send_message(r, 404, "Not found", "There is no such page in the newsroom.");
    }
}

static void route(admin_request_t *r)
{
    bool post = method_is(r->req, "POST");
    if (!post && !method_is(r->req, "GET") && !method_is(r->req, "HEAD")) {
        send_message(r, 405, "Not allowed", "The newsroom answers GET and POST only.");
        return;
    }
    if (post && !read_form(r))
        return;
    if (load_session(r) != GZ_OK) {
        send_message(r, 503, "Try again", "The newsroom cannot be reached right now.");
        return;
    }
    if (strcmp(r->path, "/admin/sign-in") == 0 && !r->signed_in) {
        if (post)
            sign_in_post(r);
        else
            send_sign_in(r, 200, NULL, NULL);
    } else if (strcmp(r->path, "/admin/sign-out") == 0 && post && !r->signed_in) {
        sign_out_post(r);
    } else if (!r->signed_in) {
        if (post)
            send_message(r, 403, "Signed out",
                         "Your session has ended. Sign in again; what you typed was not saved.");
        else
            send_redirect(r, "/admin/sign-in");
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
        send_message(&r, 400, "Bad address", "The address is too long.");
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
