/*
 * breaking.c: /breaking.json, the breaking-news banner for readers.
 *
 * No page holds the banner: each one has an empty slot that its script
 * (static/breaking.js) fills from this answer. So raising or lowering a
 * banner changes the store's "breaking" tag alone and drops this one small
 * cache entry, never the site's pages. The entry ends at the banner's
 * expiry (web_response_t.expires_at): nobody writes when a banner expires,
 * and the next reader after that instant gets the answer without it.
 */
#include <stdlib.h>

#include "web/web_private.h"

static const char JSON_TYPE[] = "application/json; charset=utf-8";

static void set_json(web_response_t *response, json_t *value)
{
    response->content_type = JSON_TYPE;
    char *text = json_dumps(value, JSON_COMPACT);
    gz_buf_append_cstr(&response->body, text != NULL ? text : "null");
    gz_buf_append_char(&response->body, '\n');
    free(text);
    json_decref(value);
}

void web_render_breaking(const web_site_t *site, store_t *store, gz_pool_t *pool,
                         web_response_t *response)
{
    (void)site;
    store_breaking_t banner;
    bool up = false;
    int code = store_breaking_current(store, gz_now(), pool, &banner, &up);
    if (code != GZ_OK) {
        gz_log(GZ_LOG_ERROR, "store: %s: %s", gz_strerror(code), store_last_error(store));
        response->status = 503;
        response->retry_after = 5;
        set_json(response, json_pack("{s:i,s:s}", "status", 503, "error", "unavailable"));
        return;
    }
    response->status = 200;
    response->policy = WEB_POLICY_BREAKING;
    web_response_tag(response, pool, "breaking");
    if (up) {
        response->last_modified = banner.raised_at;
        response->expires_at = banner.expires_at;
    }
    set_json(response, views_breaking_json(up ? &banner : NULL));
}
