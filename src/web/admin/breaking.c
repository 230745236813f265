/*
 * breaking: the newsroom's page of the breaking-news banner, at
 * /admin/breaking: the banner that is up (with its Lower button), the form
 * that raises a new one, and the last banners.
 *
 * The expiry is typed as a date and time in the site's zone (the browser's
 * datetime-local field, to the second), like an article's publication
 * time: one way to say "until", readable in the history. A refused banner
 * is shown again with every problem and what was typed. Raising and
 * lowering go through the newsroom (one transaction with the audit row);
 * the watcher applies the change log before the answer, so the next
 * reader's page shows the change, and only /breaking.json is dropped.
 */
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

enum { HISTORY_SHOWN = 20 };

/* What the form holds as typed. */
typedef struct {
    const char *text, *link, *expires;
} typed_banner_t;

static json_t *current_model(const store_breaking_t *up, gz_time_t now)
{
    json_t *rows = views_admin_breaking_rows(up, 1, now);
    json_t *row = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return row;
}

/* Sends the page with status, the typed form (NULL: empty), problems
 * (newline-separated, or NULL) and a flash (or NULL). */
static void send_page(admin_request_t *r, int status, const typed_banner_t *typed,
                      const char *problems, const char *flash)
{
    gz_time_t now = gz_now();
    store_breaking_t up, *banners = NULL;
    size_t count = 0;
    bool found = false;
    if (store_breaking_current(r->store, now, r->pool, &up, &found) != GZ_OK ||
        store_breaking_list(r->store, HISTORY_SHOWN, r->pool, &banners, &count) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The banner cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Breaking news");
    if (found)
        json_object_set_new(model, "current", current_model(&up, now));
    json_object_set_new(model, "banners", views_admin_breaking_rows(banners, count, now));
    admin_set_text(model, "time_zone", r->site->config->time_zone);
    admin_set_text(model, "text", typed != NULL ? typed->text : NULL);
    admin_set_text(model, "link", typed != NULL ? typed->link : NULL);
    admin_set_text(model, "expires", typed != NULL ? typed->expires : NULL);
    json_object_set_new(model, "problems", views_admin_problem_list(problems));
    if (flash != NULL)
        admin_set_text(model, "flash", flash);
    admin_send_page(r, status, "admin_breaking", model);
}

static void raise_post(admin_request_t *r)
{
    typed_banner_t typed = {.text = admin_field(r, "text"),
                            .link = admin_field(r, "link"),
                            .expires = admin_optional(r, "expires")};
    gz_time_t expires_at = admin_typed_time(typed.expires);
    if (expires_at < 0) {
        /* The other fields are checked too, so every problem shows at once. */
        newsroom_breaking_t rest = {.text = typed.text, .link = typed.link};
        gz_buf_t problems = GZ_BUF_INIT;
        newsroom_breaking_check(&rest, gz_now(), &problems);
        gz_buf_printf(&problems, "%sThe expiry is not a date and time (such as 2026-12-07 08:30).",
                      problems.len > 0 ? "\n" : "");
        send_page(r, 422, &typed, gz_pool_strdup(r->pool, gz_buf_cstr(&problems)), NULL);
        gz_buf_free(&problems);
        return;
    }
    newsroom_breaking_t banner = {.text = typed.text, .link = typed.link, .expires_at = expires_at};
    newsroom_result_t result;
    int code = newsroom_breaking_raise(r->store, &r->actor, &banner, r->pool, NULL, &result);
    if (code == GZ_EINVAL) {
        send_page(r, result.not_allowed ? 403 : 422, &typed, result.message, NULL);
        return;
    }
    if (code != GZ_OK) {
        send_page(r, 503, &typed, "The banner could not be raised right now. Try again.", NULL);
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    admin_send_redirect(r, "/admin/breaking?done=raised");
}

static void lower_post(admin_request_t *r)
{
    int64_t id = 0;
    const char *typed_id = admin_field(r, "id");
    if (typed_id == NULL || gz_parse_int64(gz_str_from_cstr(typed_id), &id) != GZ_OK || id <= 0) {
        send_page(r, 422, NULL, "Choose the banner to lower.", NULL);
        return;
    }
    newsroom_result_t result;
    int code = newsroom_breaking_lower(r->store, &r->actor, id, r->pool, &result);
    if (code == GZ_ENOTFOUND || code == GZ_EINVAL) {
        send_page(r, code == GZ_ENOTFOUND ? 409 : 403, NULL, result.message, NULL);
        return;
    }
    if (code != GZ_OK) {
        send_page(r, 503, NULL, "The banner could not be lowered right now. Try again.", NULL);
        return;
    }
    web_watcher_sync(r->site->watcher, r->store);
    admin_send_redirect(r, "/admin/breaking?done=lowered");
}

static const char *flash_of(const char *done)
{
    if (done != NULL && strcmp(done, "raised") == 0)
        return "The banner is up on every page.";
    if (done != NULL && strcmp(done, "lowered") == 0)
        return "The banner is down.";
    return NULL;
}

void admin_breaking_route(admin_request_t *r, bool post)
{
    if (!newsroom_may_publish(&r->actor)) {
        admin_send_message(r, 403, "Not allowed",
                           "Only editors and admins raise and lower the breaking-news banner.");
        return;
    }
    if (!post) {
        send_page(r, 200, NULL, NULL, flash_of(admin_query(r, "done")));
        return;
    }
    const char *action = admin_field(r, "action");
    if (action != NULL && strcmp(action, "lower") == 0)
        lower_post(r);
    else if (action != NULL && strcmp(action, "raise") == 0)
        raise_post(r);
    else
        send_page(r, 422, NULL, "Unknown action.", NULL);
}
