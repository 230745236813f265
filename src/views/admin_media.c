/*
 * admin_media: the view models of the newsroom's media library: a row of
 * the library (thumbnail, name, size, type, texts, whether alt text is
 * missing), the item page's fields, and the JSON the editor's picker
 * reads. Pure, like every view: the handler reads the store.
 */
#include "views/views_private.h"

#include <string.h>

static const char *kind_name(content_media_kind_t kind)
{
    switch (kind) {
    case CONTENT_MEDIA_PICTURE: return "picture";
    case CONTENT_MEDIA_VIDEO: return "video";
    case CONTENT_MEDIA_EMBED: return "embed";
    }
    return "unknown";
}

/* A derivative's address on this site, versioned like the public pages'. */
static void set_derivative(json_t *object, const char *key, const content_media_t *item,
                           uint32_t width, uint32_t ratio_width, uint32_t ratio_height)
{
    gz_buf_t path = GZ_BUF_INIT;
    if (item->has_original && item->kind == CONTENT_MEDIA_PICTURE &&
        media_derivative_path_append(&path, gz_str_from_cstr(item->stem), width, ratio_width,
                                     ratio_height, MEDIA_FORMAT_JPEG) == GZ_OK) {
        gz_buf_t url = GZ_BUF_INIT;
        gz_buf_printf(&url, "%s%s?v=%lld", VIEWS_MEDIA_URL_PREFIX, gz_buf_cstr(&path),
                      (long long)item->updated_at);
        views_set_text(object, key, gz_buf_cstr(&url));
        gz_buf_free(&url);
    }
    gz_buf_free(&path);
}

static bool has_alt(const content_media_t *item)
{
    return item->alt != NULL && gz_str_trim(gz_str_from_cstr(item->alt)).len > 0;
}

json_t *views_admin_media_row(const content_media_t *item)
{
    json_t *row = json_object();
    json_object_set_new(row, "id", json_integer((json_int_t)item->id));
    gz_buf_t text = GZ_BUF_INIT;
    gz_buf_printf(&text, "/admin/media/%lld", (long long)item->id);
    views_set_text(row, "url", gz_buf_cstr(&text));
    gz_buf_reset(&text);
    gz_buf_printf(&text, "media:%lld", (long long)item->id);
    views_set_text(row, "reference", gz_buf_cstr(&text));
    gz_buf_free(&text);
    set_derivative(row, "thumb", item, 320, 1, 1);
    views_set_text(row, "kind", kind_name(item->kind));
    views_set_text(row, "file_name", item->file_name ? item->file_name : item->stem);
    views_set_text(row, "stem", item->stem);
    views_set_text(row, "mime", item->mime);
    views_set_text(row, "alt", item->alt);
    views_set_text(row, "caption", item->caption);
    views_set_text(row, "credit", item->credit);
    views_set_text(row, "copyright", item->copyright);
    if (item->width > 0 && item->height > 0) {
        json_object_set_new(row, "width", json_integer(item->width));
        json_object_set_new(row, "height", json_integer(item->height));
    }
    json_object_set_new(row, "has_original", json_boolean(item->has_original));
    media_embed_t provider;
    if (item->kind == CONTENT_MEDIA_EMBED &&
        media_embed_parse_name(item->embed_provider, &provider) == GZ_OK) {
        views_set_text(row, "provider", media_embed_provider(provider)->label);
        views_set_text(row, "embed_kind",
                 media_embed_kind_name(media_embed_kind(provider, item->embed_id)));
    }
    json_object_set_new(row, "missing_alt",
                        json_boolean(item->kind == CONTENT_MEDIA_PICTURE && !has_alt(item)));
    return row;
}

json_t *views_admin_media_rows(const content_media_t *items, size_t count)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < count; i++) {
        json_array_append_new(rows, views_admin_media_row(&items[i]));
    }
    return rows;
}

/* The poster as the reference typed in the form, the duration as h:mm:ss. */
static void set_video_fields(json_t *model, const content_media_t *item)
{
    json_object_set_new(model, "is_video", json_true());
    gz_buf_t text = GZ_BUF_INIT;
    if (item->poster_id > 0)
        gz_buf_printf(&text, "media:%lld", (long long)item->poster_id);
    views_set_text(model, "poster", gz_buf_cstr(&text));
    gz_buf_reset(&text);
    long long seconds = item->duration_ms / 1000;
    if (seconds >= 3600)
        gz_buf_printf(&text, "%lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60);
    else if (seconds > 0)
        gz_buf_printf(&text, "%lld:%02lld", seconds / 60, seconds % 60);
    views_set_text(model, "duration", gz_buf_cstr(&text));
    gz_buf_free(&text);
}

json_t *views_admin_media_item(const content_media_t *item, const int64_t *article_ids,
                               size_t article_count)
{
    json_t *model = views_admin_media_row(item);
    /* The whole picture, uncropped, for setting the focal point on. */
    if (item->has_original && item->kind == CONTENT_MEDIA_PICTURE) {
        gz_buf_t url = GZ_BUF_INIT;
        gz_buf_printf(&url, "/admin/media/%lld/preview.jpg?v=%lld", (long long)item->id,
                      (long long)item->updated_at);
        views_set_text(model, "preview", gz_buf_cstr(&url));
        gz_buf_free(&url);
    }
    if (item->kind == CONTENT_MEDIA_VIDEO || item->kind == CONTENT_MEDIA_EMBED)
        set_video_fields(model, item);
    if (item->focus_set) {
        json_object_set_new(model, "focus_x", json_real(item->focus_x / 10000.0));
        json_object_set_new(model, "focus_y", json_real(item->focus_y / 10000.0));
    }
    json_t *used = json_array();
    for (size_t i = 0; i < article_count; i++) {
        json_t *link = json_object();
        json_object_set_new(link, "id", json_integer((json_int_t)article_ids[i]));
        gz_buf_t url = GZ_BUF_INIT;
        gz_buf_printf(&url, "/admin/articles/%lld", (long long)article_ids[i]);
        views_set_text(link, "url", gz_buf_cstr(&url));
        gz_buf_free(&url);
        json_array_append_new(used, link);
    }
    json_object_set_new(model, "used_by", used);
    json_object_set_new(model, "in_use", json_boolean(article_count > 0));
    return model;
}
