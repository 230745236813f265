/*
 * media: the newsroom's library of pictures and video files. An upload is
 * checked from its bytes (media_sniff: type, size and pixel limits, all
 * before any decoding), named in the legacy scheme from its upload
 * instant, and stored with its original in one transaction with an audit
 * row. The derivatives are made later, off the request path, by whoever
 * runs the jobs (the server); this file only says when they must be made
 * again (a moved focal point).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsroom/newsroom_private.h"

newsroom_media_config_t newsroom_media_config_default(void)
{
    return (newsroom_media_config_t){.site = "gazette", .limits = media_limits_default(),
                                     .embeds = NULL};
}

/* ---- naming ---------------------------------------------------------------- */

static bool site_is_valid(const char *site)
{
    if (site == NULL || site[0] == '\0' || strlen(site) > 40)
        return false;
    for (const char *c = site; *c != '\0'; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
            return false;
    }
    return true;
}

/* "2026/12/02/gazette_639002123456789012": the UTC date and the .NET
 * ticks (100 ns since 0001-01-01) of the instant, as the old site named
 * its uploads. */
static const char *stem_for(gz_pool_t *pool, const char *site, struct timespec at)
{
    struct tm day;
    time_t seconds = at.tv_sec;
    gmtime_r(&seconds, &day);
    long long ticks = 621355968000000000LL + (long long)at.tv_sec * 10000000LL +
                      (long long)(at.tv_nsec / 100);
    return gz_pool_printf(pool, "%04d/%02d/%02d/%s_%lld", day.tm_year + 1900, day.tm_mon + 1,
                          day.tm_mday, site, ticks);
}

/* The displayed size: EXIF orientations 5 to 8 turn the picture a
 * quarter, so its stored width is its displayed height. */
static void displayed_size(const media_info_t *info, uint32_t *width, uint32_t *height)
{
    bool turned = info->orientation >= 5 && info->orientation <= 8;
    *width = turned ? info->height : info->width;
    *height = turned ? info->width : info->height;
}

/* ---- checking an upload ---------------------------------------------------- */

static int media_refuse(newsroom_media_result_t *result, const char *message)
{
    result->not_allowed = true;
    result->message = message;
    return GZ_EINVAL;
}

static int media_fail(store_t *store, newsroom_media_result_t *result, gz_pool_t *pool, int code,
                      const char *text)
{
    result->message = gz_pool_printf(pool, "%s%s", text, store_last_error(store));
    return code;
}

/* Sniffs the bytes: GZ_OK with info, or GZ_EINVAL with result->refusal
 * and the reason as the message. */
static int check_file(const newsroom_media_config_t *config, const newsroom_upload_t *upload,
                      gz_pool_t *pool, media_info_t *info, newsroom_media_result_t *result)
{
    if (upload->bytes == NULL || upload->len == 0) {
        result->refusal = MEDIA_REFUSED_CORRUPT;
        result->message = "The file is empty.";
        return GZ_EINVAL;
    }
    gz_buf_t message = GZ_BUF_INIT;
    int code = media_sniff(upload->bytes, upload->len, &config->limits, info, &message);
    if (code != GZ_OK) {
        result->refusal = info->refusal;
        result->message = gz_pool_strdup(pool, gz_buf_cstr(&message));
    }
    gz_buf_free(&message);
    return code;
}

static const char *file_name_or(const newsroom_upload_t *upload, const char *fallback)
{
    return upload->file_name != NULL && upload->file_name[0] != '\0' ? upload->file_name
                                                                     : fallback;
}

static int audit_media(store_t *store, const newsroom_actor_t *actor, int64_t media_id,
                       const char *action, const char *detail, gz_pool_t *pool)
{
    return newsroom_audit(store, actor, action,
                          gz_pool_printf(pool, "media:%lld", (long long)media_id), detail);
}

/* Stores bytes as the item's original, with its sniffed type and size. */
static int write_original(store_t *store, content_media_t *item, const newsroom_upload_t *upload,
                          const media_info_t *info)
{
    return store_media_file_write(store, item->id, "original", media_type_mime(info->type),
                                  item->width, item->height, upload->bytes, upload->len);
}

static void describe_file(content_media_t *item, const media_info_t *info)
{
    item->kind = media_type_is_video(info->type) ? CONTENT_MEDIA_VIDEO : CONTENT_MEDIA_PICTURE;
    item->mime = media_type_mime(info->type);
    displayed_size(info, &item->width, &item->height);
}

/* ---- upload ------------------------------------------------------------------ */

/* Inserts a new item under a fresh stem; two uploads in the same 100 ns
 * (or a stem an import already holds) take the next tick. */
static int insert_new_item(store_t *store, const char *site, content_media_t *item,
                           gz_pool_t *pool)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int code = GZ_ECONFLICT;
    for (int attempt = 0; attempt < 8 && code == GZ_ECONFLICT; attempt++) {
        item->id = 0;
        item->stem = stem_for(pool, site, now);
        code = store_media_put(store, item);
        now.tv_nsec += 100;
        if (now.tv_nsec >= 1000000000L) {
            now.tv_sec++;
            now.tv_nsec -= 1000000000L;
        }
    }
    return code;
}

/* Whether the actor may add items under the configured name: GZ_OK, or
 * GZ_EINVAL with result saying why (a 403). */
static int may_add(const newsroom_actor_t *actor, const newsroom_media_config_t *config,
                   const char *sign_in, newsroom_media_result_t *result)
{
    *result = (newsroom_media_result_t){0};
    if (actor == NULL || actor->role < STORE_ROLE_CONTRIBUTOR)
        return media_refuse(result, sign_in);
    if (actor->role < STORE_ROLE_AUTHOR)
        return media_refuse(result, "Contributors cannot add to the media library: ask an "
                                    "author or an editor.");
    if (!site_is_valid(config->site))
        return media_refuse(result, "The site prefix for media names is not valid.");
    return GZ_OK;
}

/* Stores a new item (and its original, when upload is given) in one
 * transaction with its audit row; result names it, or says why not. */
static int add_item(store_t *store, const newsroom_actor_t *actor,
                    const newsroom_media_config_t *config, content_media_t *item,
                    const newsroom_upload_t *upload, const media_info_t *info, gz_pool_t *pool,
                    newsroom_media_result_t *result)
{
    int code = store_begin(store);
    if (code != GZ_OK)
        return media_fail(store, result, pool, code, "The item could not be stored: ");
    code = insert_new_item(store, config->site, item, pool);
    if (code == GZ_OK && upload != NULL)
        code = write_original(store, item, upload, info);
    if (code == GZ_OK)
        code = audit_media(store, actor, item->id, upload != NULL ? "media-upload" : "media-embed",
                           item->file_name, pool);
    code = newsroom_finish(store, code);
    if (code != GZ_OK)
        return media_fail(store, result, pool, code, "The item could not be stored: ");
    result->media_id = item->id;
    result->stem = item->stem;
    return GZ_OK;
}

int newsroom_media_upload(store_t *store, const newsroom_actor_t *actor,
                          const newsroom_media_config_t *config, const newsroom_upload_t *upload,
                          gz_pool_t *pool, newsroom_media_result_t *result)
{
    int code = may_add(actor, config, "Sign in to upload.", result);
    media_info_t info = {0};
    if (code == GZ_OK)
        code = check_file(config, upload, pool, &info, result);
    if (code != GZ_OK)
        return code;
    content_media_t item = {.file_name = file_name_or(upload, "upload"),
                            .alt = upload->alt,
                            .caption = upload->caption,
                            .credit = upload->credit,
                            .copyright = upload->copyright};
    describe_file(&item, &info);
    return add_item(store, actor, config, &item, upload, &info, pool, result);
}

/* ---- embeds ------------------------------------------------------------------ */

static bool embed_allowed(const newsroom_media_config_t *config, media_embed_t provider)
{
    return config->embeds == NULL || config->embeds[provider];
}

int newsroom_media_embed(store_t *store, const newsroom_actor_t *actor,
                         const newsroom_media_config_t *config, const newsroom_embed_t *embed,
                         gz_pool_t *pool, newsroom_media_result_t *result)
{
    int code = may_add(actor, config, "Sign in to add videos.", result);
    if (code != GZ_OK)
        return code;
    media_embed_t provider;
    gz_buf_t id = GZ_BUF_INIT, message = GZ_BUF_INIT;
    code = media_embed_parse_url(embed->url, &provider, &id, &message);
    if (code == GZ_OK && !embed_allowed(config, provider)) {
        const media_embed_provider_t *refused = media_embed_provider(provider);
        gz_buf_printf(&message,
                      refused->kind == MEDIA_EMBED_KIND_VIDEO ? "This site does not embed %s videos."
                                                              : "This site does not embed from %s.",
                      refused->label);
        code = GZ_EINVAL;
    }
    if (code != GZ_OK) {
        result->refusal = MEDIA_REFUSED_TYPE;
        result->message = gz_pool_strdup(pool, gz_buf_cstr(&message));
        gz_buf_free(&id);
        gz_buf_free(&message);
        return GZ_EINVAL;
    }
    const media_embed_provider_t *known = media_embed_provider(provider);
    gz_buf_t page = GZ_BUF_INIT;
    media_embed_page_url(provider, gz_buf_cstr(&id), &page);
    content_media_t item = {.kind = CONTENT_MEDIA_EMBED,
                            .embed_provider = known->name,
                            .embed_id = gz_pool_strdup(pool, gz_buf_cstr(&id)),
                            .file_name = gz_pool_strdup(pool, gz_buf_cstr(&page)),
                            .alt = embed->alt,
                            .caption = embed->caption,
                            .credit = embed->credit};
    gz_buf_free(&id);
    gz_buf_free(&page);
    gz_buf_free(&message);
    return add_item(store, actor, config, &item, NULL, NULL, pool, result);
}

/* ---- edit and delete ------------------------------------------------------- */

static bool focus_differs(const content_media_t *item, const media_focus_t *focus)
{
    if (!focus->set)
        return item->focus_set;
    uint16_t x = (uint16_t)(focus->x * 10000.0 + 0.5), y = (uint16_t)(focus->y * 10000.0 + 0.5);
    return !item->focus_set || item->focus_x != x || item->focus_y != y;
}

static void apply_focus(content_media_t *item, const media_focus_t *focus)
{
    item->focus_set = focus->set;
    item->focus_x = focus->set ? (uint16_t)(focus->x * 10000.0 + 0.5) : 0;
    item->focus_y = focus->set ? (uint16_t)(focus->y * 10000.0 + 0.5) : 0;
}

/* Deletes every file of the item but its original. */
static int delete_derivatives(store_t *store, int64_t media_id, gz_pool_t *pool)
{
    store_media_file_t *files = NULL;
    size_t count = 0;
    int code = store_media_file_list(store, media_id, pool, &files, &count);
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        if (strcmp(files[i].variant, "original") != 0)
            code = store_media_file_delete(store, media_id, files[i].variant);
    }
    return code;
}

static bool focus_in_range(const media_focus_t *focus)
{
    return !focus->set || (focus->x >= 0.0 && focus->x <= 1.0 && focus->y >= 0.0 &&
                           focus->y <= 1.0);
}

enum { LONGEST_VIDEO_MS = 100LL * 3600 * 1000 }; /* a day's live stream, four times over */

/* A video's poster and duration, checked: GZ_EINVAL with the message. */
static int apply_video_fields(store_t *store, content_media_t *item,
                              const newsroom_media_edit_t *edit, gz_pool_t *pool,
                              const char **message)
{
    bool is_video = item->kind == CONTENT_MEDIA_VIDEO || item->kind == CONTENT_MEDIA_EMBED;
    if ((edit->set_poster || edit->set_duration) && !is_video) {
        *message = "Only videos have a poster and a duration.";
        return GZ_EINVAL;
    }
    if (edit->set_duration && (edit->duration_ms < 0 || edit->duration_ms > LONGEST_VIDEO_MS)) {
        *message = "The duration must be a time like 3:25 or 1:02:03.";
        return GZ_EINVAL;
    }
    if (edit->set_poster && edit->poster_id != 0) {
        content_media_t poster;
        int code = store_media_get(store, edit->poster_id, pool, &poster);
        if (code == GZ_ENOTFOUND || (code == GZ_OK && poster.kind != CONTENT_MEDIA_PICTURE)) {
            *message = "The poster must be a picture of the library.";
            return GZ_EINVAL;
        }
        if (code != GZ_OK)
            return code;
    }
    if (edit->set_poster)
        item->poster_id = edit->poster_id;
    if (edit->set_duration)
        item->duration_ms = edit->duration_ms;
    return GZ_OK;
}

int newsroom_media_edit(store_t *store, const newsroom_actor_t *actor, int64_t media_id,
                        const newsroom_media_edit_t *edit, gz_pool_t *pool, bool *remake,
                        newsroom_media_result_t *result)
{
    *result = (newsroom_media_result_t){.media_id = media_id};
    *remake = false;
    if (actor == NULL || actor->role < STORE_ROLE_CONTRIBUTOR)
        return media_refuse(result, "Sign in to edit pictures.");
    if (actor->role < STORE_ROLE_AUTHOR)
        return media_refuse(result, "Contributors cannot change the media library.");
    if (edit->set_focus && !focus_in_range(&edit->focus)) {
        result->message = "The focal point must lie inside the picture.";
        return GZ_EINVAL;
    }
    int code = store_begin(store);
    if (code != GZ_OK)
        return media_fail(store, result, pool, code, "The picture could not be saved: ");
    content_media_t item;
    code = store_media_get(store, media_id, pool, &item);
    bool moved = code == GZ_OK && edit->set_focus && focus_differs(&item, &edit->focus);
    if (code == GZ_OK) {
        item.alt = edit->alt ? edit->alt : item.alt;
        item.caption = edit->caption ? edit->caption : item.caption;
        item.credit = edit->credit ? edit->credit : item.credit;
        item.copyright = edit->copyright ? edit->copyright : item.copyright;
        if (moved)
            apply_focus(&item, &edit->focus);
        item.updated_at = 0; /* now */
        code = apply_video_fields(store, &item, edit, pool, &result->message);
    }
    if (code == GZ_OK)
        code = store_media_put(store, &item);
    if (code == GZ_OK && moved)
        code = delete_derivatives(store, media_id, pool);
    if (code == GZ_OK)
        code = audit_media(store, actor, media_id, "media-edit", moved ? "focal point" : NULL,
                           pool);
    code = newsroom_finish(store, code);
    if (code == GZ_ENOTFOUND) {
        result->message = "There is no such picture.";
        return code;
    }
    if (code == GZ_EINVAL && result->message != NULL)
        return code;
    if (code != GZ_OK)
        return media_fail(store, result, pool, code, "The picture could not be saved: ");
    *remake = moved;
    return GZ_OK;
}

int newsroom_media_delete(store_t *store, const newsroom_actor_t *actor, int64_t media_id,
                          gz_pool_t *pool, newsroom_media_result_t *result)
{
    *result = (newsroom_media_result_t){.media_id = media_id};
    if (actor == NULL || !newsroom_may_publish(actor))
        return media_refuse(result, "Only editors and admins may delete pictures.");
    int code = store_begin(store);
    if (code != GZ_OK)
        return media_fail(store, result, pool, code, "The picture could not be deleted: ");
    int64_t *users = NULL;
    size_t user_count = 0;
    content_media_t item;
    code = store_media_get(store, media_id, pool, &item);
    if (code == GZ_OK)
        code = store_media_usage(store, media_id, pool, &users, &user_count);
    if (code == GZ_OK && user_count > 0) {
        store_rollback(store);
        result->message = gz_pool_printf(pool, "Article %lld still uses this picture.",
                                         (long long)users[0]);
        return GZ_ECONFLICT;
    }
    if (code == GZ_OK)
        code = store_media_delete(store, media_id);
    if (code == GZ_OK)
        code = audit_media(store, actor, media_id, "media-delete", item.file_name, pool);
    code = newsroom_finish(store, code);
    if (code == GZ_ENOTFOUND) {
        result->message = "There is no such picture.";
        return code;
    }
    return code == GZ_OK ? GZ_OK
                         : media_fail(store, result, pool, code, "The picture could not be deleted: ");
}

/* ---- imported references ----------------------------------------------------- */

static const char *stem_of_path(const media_legacy_path_t *parsed, gz_pool_t *pool)
{
    return gz_pool_printf(pool, "%04d/%02d/%02d/%.*s_%lld", parsed->year, parsed->month,
                          parsed->day, (int)parsed->site.len, parsed->site.ptr,
                          (long long)parsed->ticks);
}

/* The item with the stem, created without a file when missing. */
static int ensure_item(store_t *store, const char *stem, gz_pool_t *pool, content_media_t *item)
{
    int code = store_media_find_by_stem(store, stem, pool, item);
    if (code != GZ_ENOTFOUND)
        return code;
    *item = (content_media_t){.kind = CONTENT_MEDIA_PICTURE, .stem = stem};
    code = store_media_put(store, item);
    if (code == GZ_ECONFLICT) /* another writer made it meanwhile */
        code = store_media_find_by_stem(store, stem, pool, item);
    return code;
}

int newsroom_media_reference(store_t *store, const char *path, gz_pool_t *pool, int64_t *media_id)
{
    media_legacy_path_t parsed;
    if (path == NULL || media_legacy_path_parse(gz_str_from_cstr(path), &parsed, NULL) != GZ_OK)
        return GZ_EPARSE;
    content_media_t item;
    int code = ensure_item(store, stem_of_path(&parsed, pool), pool, &item);
    if (code == GZ_OK)
        *media_id = item.id;
    return code;
}

int newsroom_media_import_original(store_t *store, const newsroom_actor_t *actor,
                                   const newsroom_media_config_t *config, const char *stem,
                                   const newsroom_upload_t *upload, gz_pool_t *pool,
                                   newsroom_media_result_t *result)
{
    *result = (newsroom_media_result_t){.stem = stem};
    media_info_t info = {0};
    int code = check_file(config, upload, pool, &info, result);
    if (code != GZ_OK)
        return code;
    content_media_t item;
    code = store_begin(store);
    if (code != GZ_OK)
        return media_fail(store, result, pool, code, "The file could not be stored: ");
    code = ensure_item(store, stem, pool, &item);
    if (code == GZ_OK) {
        describe_file(&item, &info);
        item.file_name = item.file_name ? item.file_name : file_name_or(upload, stem);
        item.updated_at = 0;
        code = store_media_put(store, &item);
    }
    if (code == GZ_OK)
        code = write_original(store, &item, upload, &info);
    if (code == GZ_OK)
        code = delete_derivatives(store, item.id, pool);
    if (code == GZ_OK)
        code = audit_media(store, actor, item.id, "media-import", actor->file, pool);
    code = newsroom_finish(store, code);
    if (code != GZ_OK)
        return media_fail(store, result, pool, code, "The file could not be stored: ");
    result->media_id = item.id;
    return GZ_OK;
}

/* ---- what an article shows ----------------------------------------------------- */

/* The item a lead picture field names: "media:ID" (chosen from the
 * library; 0 when it is gone), or a path in the legacy scheme (kept from an import, its item
 * made if need be); 0 for anything else (a picture outside the store). */
static int lead_media_id(store_t *store, const char *lead, gz_pool_t *pool, int64_t *media_id)
{
    *media_id = 0;
    if (lead == NULL || lead[0] == '\0')
        return GZ_OK;
    if (strncmp(lead, "media:", 6) == 0) {
        char *end = NULL;
        long long id = strtoll(lead + 6, &end, 10);
        content_media_t item;
        if (*end != '\0' || id <= 0)
            return GZ_OK;
        int code = store_media_get(store, id, pool, &item);
        if (code == GZ_OK)
            *media_id = id;
        return code == GZ_ENOTFOUND ? GZ_OK : code; /* a deleted item: nothing to record */
    }
    int code = newsroom_media_reference(store, lead, pool, media_id);
    return code == GZ_EPARSE ? GZ_OK : code;
}

enum { MAX_BODY_MEDIA = 64 };

/* The items an article shows, lead first, then the body's references in
 * order (those that name no stored item left out). */
static int shown_items(store_t *store, const content_article_t *article, gz_pool_t *pool,
                       store_media_use_t *uses, size_t *count)
{
    int64_t lead = 0;
    int code = lead_media_id(store, article->lead_image, pool, &lead);
    *count = 0;
    if (code != GZ_OK)
        return code;
    if (lead > 0)
        uses[(*count)++] = (store_media_use_t){.media_id = lead, .role = STORE_MEDIA_LEAD};
    const char *body = article->body_markdown ? article->body_markdown : "";
    int64_t ids[MAX_BODY_MEDIA];
    size_t found = content_markdown_media_ids(body, strlen(body), ids, MAX_BODY_MEDIA);
    for (size_t i = 0; i < found && i < MAX_BODY_MEDIA && code == GZ_OK; i++) {
        content_media_t item;
        code = store_media_get(store, ids[i], pool, &item);
        if (code == GZ_OK)
            uses[(*count)++] = (store_media_use_t){
                .media_id = ids[i], .role = STORE_MEDIA_BODY, .position = (int64_t)i};
        else if (code == GZ_ENOTFOUND)
            code = GZ_OK; /* renders nothing; nothing to record */
    }
    return code;
}

int newsroom_media_record_uses(store_t *store, const content_article_t *article, gz_pool_t *pool)
{
    store_media_use_t uses[1 + MAX_BODY_MEDIA];
    size_t count = 0;
    int code = shown_items(store, article, pool, uses, &count);
    return code == GZ_OK ? store_article_media_replace(store, article->id, uses, count) : code;
}

int newsroom_media_missing_alt(store_t *store, const content_article_t *article, gz_pool_t *pool,
                               const char **names)
{
    store_media_use_t uses[1 + MAX_BODY_MEDIA];
    size_t count = 0;
    *names = NULL;
    int code = shown_items(store, article, pool, uses, &count);
    gz_buf_t list = GZ_BUF_INIT;
    for (size_t i = 0; i < count && code == GZ_OK; i++) {
        content_media_t item;
        code = store_media_get(store, uses[i].media_id, pool, &item);
        bool described = item.alt != NULL && gz_str_trim(gz_str_from_cstr(item.alt)).len > 0;
        /* A video's alt text is its title, and its poster's alt text too. */
        if (code == GZ_OK && !described)
            gz_buf_printf(&list, "%s%s", list.len > 0 ? ", " : "",
                          item.file_name ? item.file_name : item.stem);
    }
    if (code == GZ_OK && list.len > 0)
        *names = gz_pool_strdup(pool, gz_buf_cstr(&list));
    gz_buf_free(&list);
    return code;
}
