/*
 * bulk: the article list's bulk changes (POST /admin/articles/bulk): the
 * checked rows' numbers, what to do (a status, a section, tags to add or
 * remove, or deletion) and the list's address to come back to.
 *
 * Everything is the newsroom's (newsroom_bulk_apply): one transaction,
 * every article checked by its single operation's rules, nothing changed
 * when any is refused. This page only reads the form and answers: a
 * deletion first shows the articles it would delete and asks again (the
 * same form with confirm=yes); a refusal lists every refused article with
 * the rule's words (403, or 422 when an article is not valid); bad input
 * says what is wrong (400). After a change the change log is applied
 * before the answer, so readers' pages are fresh at once, and the editor
 * returns to the same list with a line saying what was done.
 */
#include <stdio.h>
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

/* The numbers of the checked rows; -1 when one is not a number. */
static ssize_t read_ids(admin_request_t *r, int64_t **out)
{
    size_t count = 0;
    for (size_t i = 0; i < r->form.count; i++)
        count += strcmp(r->form.fields[i].name, "id") == 0;
    int64_t *ids = gz_pool_calloc(r->pool, count + 1, sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < r->form.count; i++) {
        if (strcmp(r->form.fields[i].name, "id") != 0)
            continue;
        if (gz_parse_int64(gz_str_from_cstr(r->form.fields[i].value), &ids[n]) != GZ_OK ||
            ids[n] <= 0)
            return -1;
        n++;
    }
    *out = ids;
    return (ssize_t)n;
}

/* The value the chosen change takes: each has its own field. */
static const char *value_for(admin_request_t *r, newsroom_bulk_kind_t kind)
{
    switch (kind) {
    case NEWSROOM_BULK_STATUS:
        return admin_optional(r, "to_status");
    case NEWSROOM_BULK_SECTION:
        return admin_optional(r, "to_section");
    case NEWSROOM_BULK_ADD_TAGS:
    case NEWSROOM_BULK_REMOVE_TAGS:
        return admin_optional(r, "tags");
    case NEWSROOM_BULK_DELETE:
        break;
    }
    return NULL;
}

static const char *back_link(admin_request_t *r, const char *flash)
{
    admin_list_filters_t filters;
    admin_list_filters_read(r, admin_field(r, "list"), &filters);
    return admin_list_link(r, &filters, filters.page, NULL, NULL, flash);
}

static json_t *refused_rows(const newsroom_bulk_result_t *result)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < result->refused_count; i++)
        json_array_append_new(
            rows, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)result->refused[i].article_id,
                            "headline",
                            result->refused[i].headline ? result->refused[i].headline : "",
                            "reason", result->refused[i].reason));
    return rows;
}

static void send_result_page(admin_request_t *r, int status, const char *title,
                             const newsroom_bulk_result_t *result)
{
    json_t *model = admin_page_model(r, title);
    admin_set_text(model, "message", result->message);
    json_object_set_new(model, "refused", refused_rows(result));
    admin_set_text(model, "back", back_link(r, NULL));
    admin_send_page(r, status, "admin_bulk", model);
}

static void send_confirmation(admin_request_t *r, const newsroom_bulk_t *bulk,
                              content_article_t **articles)
{
    json_t *model = admin_page_model(r, "Delete articles");
    json_t *rows = json_array();
    for (size_t i = 0; i < bulk->count; i++)
        json_array_append_new(rows, json_pack("{s:I, s:s}", "id", (json_int_t)articles[i]->id,
                                              "headline", articles[i]->headline));
    json_object_set_new(model, "confirm", rows);
    json_object_set_new(model, "count", json_integer((json_int_t)bulk->count));
    admin_set_text(model, "list", admin_field(r, "list"));
    admin_set_text(model, "back", back_link(r, NULL));
    admin_send_page(r, 200, "admin_bulk", model);
}

static void apply(admin_request_t *r, const newsroom_bulk_t *bulk)
{
    newsroom_bulk_result_t result;
    int code = newsroom_bulk_apply(r->store, &r->actor, bulk, r->pool, &result);
    if (code == GZ_OK) {
        web_watcher_sync(r->site->watcher, r->store);
        const char *flash =
            gz_pool_printf(r->pool, "%s %zu", newsroom_bulk_kind_name(bulk->kind), result.changed);
        admin_send_redirect(r, back_link(r, flash));
        return;
    }
    if (code != GZ_EINVAL) {
        gz_log(GZ_LOG_ERROR, "admin: bulk change failed: %s", result.message);
        admin_send_message(r, 503, "Not changed", "The articles could not be changed right now.");
        return;
    }
    int status = result.not_allowed ? 403 : result.refused_count > 0 ? 422 : 400;
    send_result_page(r, status, "Nothing changed", &result);
}

void admin_bulk_post(admin_request_t *r)
{
    int64_t *ids = NULL;
    ssize_t count = read_ids(r, &ids);
    newsroom_bulk_kind_t kind;
    newsroom_bulk_result_t bad = {0};
    if (count < 0)
        bad.message = "An article number is not a number.";
    else if (newsroom_bulk_kind_parse(admin_field(r, "action"), &kind) != GZ_OK)
        bad.message = "Choose what to do with the selected articles.";
    if (bad.message != NULL) {
        send_result_page(r, 400, "Nothing changed", &bad);
        return;
    }
    newsroom_bulk_t bulk = {
        .kind = kind, .ids = ids, .count = (size_t)count, .value = value_for(r, kind)};
    const char *confirm = admin_field(r, "confirm");
    if (kind != NEWSROOM_BULK_DELETE || (confirm != NULL && strcmp(confirm, "yes") == 0)) {
        apply(r, &bulk);
        return;
    }
    content_article_t **articles = gz_pool_calloc(r->pool, bulk.count + 1, sizeof *articles);
    newsroom_bulk_result_t checked;
    int code = newsroom_bulk_check_delete(r->store, &r->actor, &bulk, r->pool, articles, &checked);
    if (code == GZ_OK)
        send_confirmation(r, &bulk, articles);
    else if (code == GZ_EINVAL)
        send_result_page(r, checked.not_allowed ? 403 : checked.refused_count > 0 ? 422 : 400,
                         "Nothing deleted", &checked);
    else
        admin_send_message(r, 503, "Try again", "The articles cannot be read right now.");
}
