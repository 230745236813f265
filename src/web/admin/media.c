/*
 * media: the newsroom's media library under /admin/media.
 *
 *   GET  /admin/media               the library: search, type and date filters, pages,
 *                                   the upload zone (file picker, drag and drop)
 *   GET  /admin/media.json?q=       the same list for the editor's picker
 *   POST /admin/media/upload        one file as the raw body (no multipart parser):
 *                                   X-File-Name and X-Alt-Text (percent-encoded),
 *                                   X-CSRF-Token; JSON back
 *   POST /admin/media/embed         a video from an allowed provider, by its address
 *   GET  /admin/media/ID            the item: texts, focal point, where it is used
 *   GET  /admin/media/ID/preview.jpg  the whole picture, uncropped, to click the focus on
 *   POST /admin/media/ID            save texts, focal point, a video's poster and duration
 *   POST /admin/media/ID/delete     delete (editors and admins; refused while used)
 *
 * The newsroom checks and writes (newsroom_media_*); this file reads the
 * request, queues the derivatives of what was stored and answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/admin/admin_private.h"
#include "web/watcher.h"

enum { LIBRARY_PAGE_SIZE = 48, PREVIEW_WIDTH = 1024 };

/* ---- addresses ---------------------------------------------------------- */

/* "/admin/media/12" + suffix "" -> 12; "/admin/media/12/delete" with
 * "/delete" -> 12; 0 otherwise. */
static int64_t media_id_of(const char *path, const char *suffix)
{
    const char prefix[] = "/admin/media/";
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

bool admin_media_is_upload(const char *path)
{
    return strcmp(path, "/admin/media/upload") == 0;
}

/* ---- the library -------------------------------------------------------- */

/* A day "YYYY-MM-DD" in the site's zone, its first second (or, with
 * end_of_day, its last); 0 when absent or malformed. */
static gz_time_t day_of(const char *text, bool end_of_day)
{
    gz_time_t start = 0, end = 0;
    if (!admin_typed_day(text, &start, &end))
        return 0;
    return end_of_day ? end - 1 : start;
}

static int kind_of(const char *text)
{
    if (text != NULL && strcmp(text, "picture") == 0)
        return CONTENT_MEDIA_PICTURE;
    if (text != NULL && strcmp(text, "video") == 0)
        return CONTENT_MEDIA_VIDEO;
    if (text != NULL && strcmp(text, "embed") == 0)
        return CONTENT_MEDIA_EMBED;
    return 0;
}

static int read_library(admin_request_t *r, size_t page, size_t page_size, store_media_list_t *list)
{
    store_media_query_t query = {.kind = kind_of(admin_query(r, "kind")),
                                 .created_from = day_of(admin_query(r, "from"), false),
                                 .created_to = day_of(admin_query(r, "to"), true),
                                 .text = admin_query(r, "q"),
                                 .page = page,
                                 .page_size = page_size};
    return store_media_list(r->store, &query, r->pool, list);
}

static const char *library_link(admin_request_t *r, size_t page)
{
    char number[32];
    snprintf(number, sizeof number, "%zu", page);
    const char *const names[] = {"page", "q", "kind", "from", "to"};
    const char *values[] = {number, admin_query(r, "q"), admin_query(r, "kind"),
                            admin_query(r, "from"), admin_query(r, "to")};
    gz_buf_t link = GZ_BUF_INIT;
    views_query_url(&link, "/admin/media", names, values, sizeof names / sizeof names[0]);
    const char *text = gz_pool_strdup(r->pool, gz_buf_cstr(&link));
    gz_buf_free(&link);
    return text;
}

static void set_query_text(admin_request_t *r, json_t *model, const char *name)
{
    const char *value = admin_query(r, name);
    json_object_set_new(model, name, json_string(value ? value : ""));
}

/* The library; flash and status say how an embed form went (NULL, 200). */
static void library_show(admin_request_t *r, const char *flash, int status)
{
    size_t page = admin_page_number(admin_query(r, "page"));
    store_media_list_t list;
    if (read_library(r, page, LIBRARY_PAGE_SIZE, &list) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The media library cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Media");
    json_object_set_new(model, "items", views_admin_media_rows(list.items, list.count));
    json_object_set_new(model, "total", json_integer((json_int_t)list.total));
    set_query_text(r, model, "q");
    set_query_text(r, model, "from");
    set_query_text(r, model, "to");
    const char *kind = admin_query(r, "kind");
    json_object_set_new(model, "kind_picture", json_boolean(kind_of(kind) == CONTENT_MEDIA_PICTURE));
    json_object_set_new(model, "kind_video", json_boolean(kind_of(kind) == CONTENT_MEDIA_VIDEO));
    json_object_set_new(model, "kind_embed", json_boolean(kind_of(kind) == CONTENT_MEDIA_EMBED));
    if (flash != NULL) {
        json_object_set_new(model, "flash", json_string(flash));
        const char *typed = admin_field(r, "url"); /* kept, to be corrected */
        json_object_set_new(model, "embed_url", json_string(typed != NULL ? typed : ""));
    }
    if (page > 1)
        json_object_set_new(model, "previous", json_string(library_link(r, page - 1)));
    if (page * LIBRARY_PAGE_SIZE < list.total)
        json_object_set_new(model, "next", json_string(library_link(r, page + 1)));
    admin_send_page(r, status, "admin_media", model);
}

static void library_get(admin_request_t *r)
{
    library_show(r, admin_query(r, "deleted") ? "Deleted." : NULL, 200);
}

static void library_json(admin_request_t *r)
{
    store_media_list_t list;
    if (read_library(r, admin_page_number(admin_query(r, "page")), 24, &list) != GZ_OK) {
        admin_send_json(r, 503, json_pack("{s:s}", "error", "The library cannot be read now."));
        return;
    }
    admin_send_json(r, 200,
                    json_pack("{s:o,s:I}", "items", views_admin_media_rows(list.items, list.count),
                              "total", (json_int_t)list.total));
}

/* ---- upload ------------------------------------------------------------- */

static const char *request_header(admin_request_t *r, const char *name)
{
    ssize_t at = h2o_find_header_by_str(&r->req->headers, name, strlen(name), -1);
    if (at < 0)
        return NULL;
    h2o_iovec_t value = r->req->headers.entries[at].value;
    return gz_pool_strndup(r->pool, value.base, value.len);
}

/* The file name as sent (percent-encoded UTF-8), decoded; "upload" when
 * missing or not valid. */
/* A percent-encoded header's text (the browser encodes what is not
 * ASCII), checked as form fields are; NULL when absent or malformed. */
static const char *encoded_header(admin_request_t *r, const char *name, size_t longest)
{
    const char *encoded = request_header(r, name);
    web_form_t form;
    const char *error = NULL;
    const char *pair = encoded ? gz_pool_printf(r->pool, "v=%s", encoded) : NULL;
    if (pair == NULL || web_form_parse(pair, strlen(pair), r->pool, &form, &error) != GZ_OK)
        return NULL;
    const char *value = web_form_get(&form, "v");
    return value != NULL && value[0] != '\0' && strlen(value) <= longest ? value : NULL;
}

static const char *upload_file_name(admin_request_t *r)
{
    const char *name = encoded_header(r, "x-file-name", 255);
    return name != NULL ? name : "upload";
}

/* The site's naming prefix and the embed providers its theme allows. */
static newsroom_media_config_t library_config(admin_request_t *r)
{
    newsroom_media_config_t config = newsroom_media_config_default();
    config.site = r->site->media_prefix != NULL ? r->site->media_prefix : config.site;
    config.embeds = web_media_site_embeds(r->site);
    return config;
}

static int refusal_status(media_refusal_t refusal)
{
    switch (refusal) {
    case MEDIA_REFUSED_SIZE: return 413;
    case MEDIA_REFUSED_TYPE: return 415;
    default: return 422;
    }
}

static void upload_post(admin_request_t *r)
{
    const char *token = request_header(r, "x-csrf-token");
    if (!web_auth_token_equal(r->session.csrf_token, token)) {
        admin_send_json(r, 403, json_pack("{s:s}", "error",
                                          "This upload was not sent from the newsroom's own page. "
                                          "Reload the page and try again."));
        return;
    }
    newsroom_upload_t upload = {.bytes = r->req->entity.base,
                                .len = r->req->entity.len,
                                .file_name = upload_file_name(r),
                                .alt = encoded_header(r, "x-alt-text", 2000)};
    newsroom_media_config_t config = library_config(r);
    newsroom_media_result_t result;
    int code = newsroom_media_upload(r->store, &r->actor, &config, &upload, r->pool, &result);
    if (code != GZ_OK) {
        int status = result.not_allowed ? 403
                     : code == GZ_EINVAL ? refusal_status(result.refusal)
                                         : 503;
        admin_send_json(r, status, json_pack("{s:s,s:s}", "error", result.message, "file",
                                             upload.file_name));
        return;
    }
    web_media_queue_derivatives(r->site, r->store, result.media_id);
    admin_send_json(r, 201,
                    json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)result.media_id, "stem",
                              result.stem, "file", upload.file_name, "url",
                              gz_pool_printf(r->pool, "/admin/media/%lld",
                                             (long long)result.media_id)));
}

static void embed_post(admin_request_t *r)
{
    newsroom_embed_t embed = {.url = admin_field(r, "url"),
                              .alt = admin_field(r, "alt"),
                              .caption = admin_field(r, "caption"),
                              .credit = admin_field(r, "credit")};
    newsroom_media_config_t config = library_config(r);
    newsroom_media_result_t result;
    int code = newsroom_media_embed(r->store, &r->actor, &config, &embed, r->pool, &result);
    if (code != GZ_OK) {
        library_show(r, result.message, result.not_allowed ? 403 : code == GZ_EINVAL ? 422 : 503);
        return;
    }
    admin_send_redirect(r, gz_pool_printf(r->pool, "/admin/media/%lld?saved=1",
                                          (long long)result.media_id));
}

/* ---- one item ----------------------------------------------------------- */

static void item_get(admin_request_t *r, int64_t id, const char *flash, int status)
{
    content_media_t item;
    int64_t *users = NULL;
    size_t user_count = 0;
    int code = store_media_get(r->store, id, r->pool, &item);
    if (code == GZ_OK)
        code = store_media_usage(r->store, id, r->pool, &users, &user_count);
    if (code == GZ_ENOTFOUND) {
        admin_send_message(r, 404, "Not found", "There is no such item in the library.");
        return;
    }
    if (code != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The library cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, item.file_name ? item.file_name : "Media item");
    json_object_set_new(model, "item", views_admin_media_item(&item, users, user_count));
    json_object_set_new(model, "may_delete", json_boolean(newsroom_may_publish(&r->actor)));
    if (flash != NULL)
        json_object_set_new(model, "flash", json_string(flash));
    admin_send_page(r, status, "admin_media_item", model);
}

/* A fraction from 0 to 1 typed in the form, or false. */
static bool read_fraction(const char *text, double *out)
{
    char *end = NULL;
    if (text == NULL || text[0] == '\0')
        return false;
    double value = strtod(text, &end);
    if (*end != '\0' || !(value >= 0.0 && value <= 1.0))
        return false;
    *out = value;
    return true;
}

/* "205", "3:25" or "1:02:03" in milliseconds (0 for an empty field); -1
 * when malformed. */
static int64_t duration_of(const char *text)
{
    gz_str_t rest = gz_str_trim(gz_str_from_cstr(text));
    int64_t total = 0;
    int parts = 0;
    while (rest.len > 0) {
        const char *colon = memchr(rest.ptr, ':', rest.len);
        size_t len = colon != NULL ? (size_t)(colon - rest.ptr) : rest.len;
        int64_t part = 0;
        if (len == 0 || len > 6 || gz_parse_int64((gz_str_t){rest.ptr, len}, &part) != GZ_OK ||
            part < 0 || (parts > 0 && part > 59) || ++parts > 3)
            return -1;
        total = total * 60 + part;
        rest = colon != NULL ? (gz_str_t){colon + 1, rest.len - len - 1} : GZ_STR_NULL;
        if (colon != NULL && rest.len == 0)
            return -1;
    }
    return total * 1000;
}

/* The poster and duration fields, shown for videos only: false when one
 * is malformed. */
static bool read_video_fields(admin_request_t *r, newsroom_media_edit_t *edit)
{
    const char *poster = admin_field(r, "poster"), *duration = admin_field(r, "duration");
    if (poster != NULL) {
        edit->set_poster = true;
        edit->poster_id = admin_media_reference(poster);
    }
    if (duration != NULL) {
        edit->set_duration = true;
        edit->duration_ms = duration_of(duration);
    }
    return edit->poster_id >= 0 && edit->duration_ms >= 0;
}

static void item_post(admin_request_t *r, int64_t id)
{
    newsroom_media_edit_t edit = {.alt = admin_field(r, "alt"),
                                  .caption = admin_field(r, "caption"),
                                  .credit = admin_field(r, "credit"),
                                  .copyright = admin_field(r, "copyright")};
    double x = 0, y = 0;
    if (read_fraction(admin_field(r, "focus_x"), &x) &&
        read_fraction(admin_field(r, "focus_y"), &y)) {
        edit.set_focus = true;
        edit.focus = (media_focus_t){.set = true, .x = x, .y = y};
    } else if (admin_field(r, "focus_clear") != NULL)
        edit.set_focus = true; /* back to libvips' attention crop */
    if (!read_video_fields(r, &edit)) {
        item_get(r, id, "The poster must be a library reference like media:12, and the "
                        "duration a time like 3:25 or 1:02:03.", 422);
        return;
    }
    bool remake = false;
    newsroom_media_result_t result;
    int code = newsroom_media_edit(r->store, &r->actor, id, &edit, r->pool, &remake, &result);
    if (code != GZ_OK) {
        item_get(r, id, result.message, code == GZ_ENOTFOUND ? 404 : 422);
        return;
    }
    if (remake)
        web_media_queue_derivatives(r->site, r->store, id);
    web_watcher_sync(r->site->watcher, r->store); /* pages showing it drop now */
    admin_send_redirect(r, gz_pool_printf(r->pool, "/admin/media/%lld?saved=1", (long long)id));
}

static void item_delete(admin_request_t *r, int64_t id)
{
    newsroom_media_result_t result;
    int code = newsroom_media_delete(r->store, &r->actor, id, r->pool, &result);
    if (code == GZ_OK) {
        web_watcher_sync(r->site->watcher, r->store);
        admin_send_redirect(r, "/admin/media?deleted=1");
        return;
    }
    int status = result.not_allowed ? 403 : code == GZ_ECONFLICT ? 409 : code == GZ_ENOTFOUND ? 404 : 503;
    if (status == 404)
        admin_send_message(r, 404, "Not found", result.message);
    else
        item_get(r, id, result.message, status);
}

static uint32_t greatest_common_divisor(uint32_t a, uint32_t b)
{
    while (b != 0) {
        uint32_t rest = a % b;
        a = b;
        b = rest;
    }
    return a > 0 ? a : 1;
}

/* The whole picture at PREVIEW_WIDTH, made now from the original: for the
 * newsroom only, never cached by anyone. */
static void item_preview(admin_request_t *r, int64_t id)
{
    content_media_t item;
    store_media_file_t file;
    gz_buf_t original = GZ_BUF_INIT, preview = GZ_BUF_INIT, message = GZ_BUF_INIT;
    int code = store_media_get(r->store, id, r->pool, &item);
    if (code == GZ_OK)
        code = store_media_file_info(r->store, id, "original", &file);
    if (code == GZ_OK)
        code = store_media_file_read(r->store, id, "original", 0, (uint64_t)file.byte_count,
                                     &original);
    if (code == GZ_OK && item.kind == CONTENT_MEDIA_PICTURE && item.width > 0 && item.height > 0) {
        uint32_t divisor = greatest_common_divisor(item.width, item.height);
        media_size_t size = {.ratio_width = item.width / divisor,
                             .ratio_height = item.height / divisor,
                             .width = PREVIEW_WIDTH,
                             .format = MEDIA_FORMAT_JPEG};
        media_focus_t centre = {.set = true, .x = 0.5, .y = 0.5};
        media_derivative_info_t info;
        code = media_derivative_make(original.data, original.len, NULL, &centre, &size, &preview,
                                     &info, &message);
    } else if (code == GZ_OK) {
        code = GZ_ENOTFOUND;
    }
    if (code == GZ_OK) {
        admin_send_common_headers(r, 200);
        admin_add_header(r, H2O_TOKEN_CONTENT_TYPE, "image/jpeg");
        h2o_send_inline(r->req, preview.data, preview.len);
    } else {
        admin_send_message(r, 404, "Not found", "This item has no picture to show.");
    }
    gz_buf_free(&original);
    gz_buf_free(&preview);
    gz_buf_free(&message);
}

/* ---- routing ------------------------------------------------------------ */

bool admin_media_route(admin_request_t *r, bool post)
{
    const char *path = r->path;
    if (strncmp(path, "/admin/media", 12) != 0)
        return false;
    int64_t id = media_id_of(path, "");
    if (strcmp(path, "/admin/media") == 0 && !post)
        library_get(r);
    else if (strcmp(path, "/admin/media.json") == 0 && !post)
        library_json(r);
    else if (admin_media_is_upload(path) && post)
        upload_post(r);
    else if (strcmp(path, "/admin/media/embed") == 0 && post)
        embed_post(r);
    else if (id > 0 && post)
        item_post(r, id);
    else if (id > 0)
        item_get(r, id, admin_query(r, "saved") ? "Saved." : NULL, 200);
    else if (media_id_of(path, "/delete") > 0 && post)
        item_delete(r, media_id_of(path, "/delete"));
    else if (media_id_of(path, "/preview.jpg") > 0 && !post)
        item_preview(r, media_id_of(path, "/preview.jpg"));
    else
        return false;
    return true;
}
