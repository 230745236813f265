/*
 * breaking: the view models of the breaking-news banner: the small JSON
 * every reader page's script asks for, and the newsroom's history of
 * banners.
 *
 * The banner is not in any page: pages stay cached whatever happens to
 * it, and this one answer (cached too, tagged "breaking") is the only
 * thing a raise or a lowering drops. Like every view these are pure.
 */
#include "views/views_private.h"

static void set_time(json_t *object, const char *key, gz_time_t t)
{
    if (t <= 0)
        return;
    gz_buf_t text = GZ_BUF_INIT;
    gz_time_append_rfc3339(&text, t);
    json_object_set_new(object, key, json_string(gz_buf_cstr(&text)));
    gz_buf_free(&text);
}

json_t *views_breaking_json(const store_breaking_t *banner)
{
    if (banner == NULL)
        return json_pack("{s:n}", "breaking");
    json_t *shown = json_object();
    json_object_set_new(shown, "id", json_integer(banner->id));
    json_object_set_new(shown, "text", json_string(banner->text ? banner->text : ""));
    if (banner->link != NULL && banner->link[0] != '\0')
        json_object_set_new(shown, "url", json_string(banner->link));
    set_time(shown, "raised_at", banner->raised_at);
    set_time(shown, "expires_at", banner->expires_at);
    return json_pack("{s:o}", "breaking", shown);
}

static const char *state_of(const store_breaking_t *banner, gz_time_t now)
{
    if (banner->lowered_at > 0)
        return "lowered";
    if (banner->expires_at > 0 && banner->expires_at <= now)
        return "expired";
    return "up";
}

json_t *views_admin_breaking_rows(const store_breaking_t *banners, size_t count, gz_time_t now)
{
    const char *format = "%Y-%m-%d %H:%M:%S";
    json_t *rows = json_array();
    for (size_t i = 0; i < count; i++) {
        const store_breaking_t *banner = &banners[i];
        json_t *row = json_object();
        json_object_set_new(row, "id", json_integer(banner->id));
        views_set_text(row, "text", banner->text);
        views_set_text(row, "link", banner->link);
        views_set_text(row, "raised_by", banner->raised_by_name);
        views_set_text(row, "state", state_of(banner, now));
        views_admin_set_time(row, "raised_at", banner->raised_at, format);
        views_admin_set_time(row, "expires_at", banner->expires_at, format);
        views_admin_set_time(row, "lowered_at", banner->lowered_at, format);
        if (banner->lowered_at > 0)
            views_set_text(row, "lowered_by", banner->lowered_by_name);
        json_array_append_new(rows, row);
    }
    return rows;
}
