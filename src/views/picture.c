/*
 * picture.c: a media item as readers get it. A picture becomes a
 * <picture> with one <source> per modern format (AVIF, WebP: whatever this
 * libvips can write) and a JPEG <img> fallback, each with a srcset of every
 * declared width, so the browser picks the file for its screen; width and
 * height give the box of the chosen ratio, so nothing shifts when it
 * loads. A video file is a <video> that loads nothing before play; an
 * embedded player is a poster and a link to the provider, turned into the
 * provider's frame by the theme's embed.js only on a click, so no
 * third-party frame or script reaches a reader who did not ask for it.
 *
 * The model (views_media) is what themes/default/templates/figure.mustache
 * renders; views_media_html writes the same markup from the same model in
 * C, for the places that need finished HTML (figures inside a body, which
 * is HTML already, and feeds). The unit tests hold the two to the same
 * bytes.
 *
 * Never upscaled: a width wider than the crop the original allows is left
 * out of srcset (the derivative would only be as wide as the original).
 * A picture whose file has not arrived is the neutral placeholder the
 * pages already use, in the same box, never a broken image.
 */
#include <string.h>

#include "views/views_private.h"

static const char PLACEHOLDER_PATH[] = "/static/placeholder.svg";

/* ---- sizes ----------------------------------------------------------------- */

static media_sizes_t site_sizes(const views_site_t *site)
{
    return site->media_sizes != NULL ? *site->media_sizes : media_sizes_default();
}

static bool ratio_declared(const media_sizes_t *sizes, uint32_t width, uint32_t height)
{
    for (size_t i = 0; i < sizes->ratio_count; i++) {
        if (sizes->ratio_widths[i] == width && sizes->ratio_heights[i] == height) {
            return true;
        }
    }
    return false;
}

/* The ratio asked for when the theme declares it, else its first one. */
static void choose_ratio(const media_sizes_t *sizes, uint32_t want_width, uint32_t want_height,
                         uint32_t *width, uint32_t *height)
{
    if (want_width > 0 && want_height > 0 && ratio_declared(sizes, want_width, want_height)) {
        *width = want_width;
        *height = want_height;
    } else if (sizes->ratio_count > 0) {
        *width = sizes->ratio_widths[0];
        *height = sizes->ratio_heights[0];
    } else {
        *width = 16;
        *height = 9;
    }
}

static uint32_t height_for(uint32_t width, uint32_t ratio_width, uint32_t ratio_height)
{
    return (uint32_t)(((uint64_t)width * ratio_height + ratio_width / 2) / ratio_width);
}

/* The widest crop of the ratio the displayed original allows; 0 when its
 * size is unknown. */
static uint32_t crop_width(const content_media_t *media, uint32_t ratio_width,
                           uint32_t ratio_height)
{
    if (media == NULL || media->width == 0) {
        return 0;
    }
    uint64_t by_height = media->height > 0
                             ? (uint64_t)media->height * ratio_width / ratio_height
                             : media->width;
    return by_height < media->width ? (uint32_t)by_height : media->width;
}

/* The declared widths no wider than the crop (at least the smallest). */
static size_t kept_widths(const media_sizes_t *sizes, const content_media_t *media,
                          uint32_t ratio_width, uint32_t ratio_height, uint32_t *kept)
{
    uint32_t limit = crop_width(media, ratio_width, ratio_height);
    size_t count = 0;
    for (size_t i = 0; i < sizes->width_count; i++) {
        if (limit == 0 || sizes->widths[i] <= limit) {
            kept[count++] = sizes->widths[i];
        }
    }
    if (count == 0) {
        kept[count++] = sizes->width_count > 0 ? sizes->widths[0] : 640;
    }
    return count;
}

static uint32_t middle_width(const uint32_t *widths, size_t count)
{
    return widths[(count - 1) / 2];
}

/* Declared by the theme, and written by this server's libvips (which the
 * caller found with media_format_available: the views never start libvips). */
static bool format_usable(const views_site_t *site, const media_sizes_t *sizes,
                          media_format_t format)
{
    bool writable = site->media_formats != NULL ? site->media_formats[format]
                                                : format == MEDIA_FORMAT_JPEG;
    return sizes->formats[format] && writable;
}

/* The <img>'s format: JPEG, which every browser shows, unless the theme or
 * this libvips lacks it. MEDIA_FORMAT_COUNT when none can be made. */
static media_format_t fallback_format(const views_site_t *site, const media_sizes_t *sizes)
{
    static const media_format_t order[] = {MEDIA_FORMAT_JPEG, MEDIA_FORMAT_WEBP,
                                           MEDIA_FORMAT_AVIF};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (format_usable(site, sizes, order[i])) {
            return order[i];
        }
    }
    return MEDIA_FORMAT_COUNT;
}

/* ---- addresses --------------------------------------------------------------- */

static void append_site_prefix(gz_buf_t *out, const views_site_t *site, bool absolute)
{
    if (absolute) {
        gz_buf_append_cstr(out, site->url);
    }
}

void views_append_derivative_url(gz_buf_t *out, const views_site_t *site, bool absolute,
                                 const content_media_t *media, uint32_t width,
                                 uint32_t ratio_width, uint32_t ratio_height,
                                 media_format_t format)
{
    gz_buf_t path = GZ_BUF_INIT;
    if (media_derivative_path_append(&path, gz_str_from_cstr(media->stem), width, ratio_width,
                                     ratio_height, format) == GZ_OK) {
        append_site_prefix(out, site, absolute);
        gz_buf_printf(out, "%s%s", VIEWS_MEDIA_URL_PREFIX, gz_buf_cstr(&path));
        /* Derivatives are sent immutable; a new crop (a moved focal point)
         * or a new file gets a new address. The server ignores v. */
        if (media->updated_at > 0) {
            gz_buf_printf(out, "?v=%lld", (long long)media->updated_at);
        }
    }
    gz_buf_free(&path);
}

bool views_media_shows_picture(const content_media_t *media)
{
    return media != NULL && media->kind == CONTENT_MEDIA_PICTURE && media->has_original &&
           media_stem_is_valid(gz_str_from_cstr(media->stem));
}

static void append_srcset(gz_buf_t *out, const views_site_t *site, bool absolute,
                          const content_media_t *media, const uint32_t *widths, size_t count,
                          uint32_t ratio_width, uint32_t ratio_height, media_format_t format)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0) {
            gz_buf_append_cstr(out, ", ");
        }
        views_append_derivative_url(out, site, absolute, media, widths[i], ratio_width,
                                    ratio_height, format);
        gz_buf_printf(out, " %uw", widths[i]);
    }
}

/* ---- the <picture> model ------------------------------------------------------ */

static json_t *picture_box(json_t *picture, uint32_t width, uint32_t ratio_width,
                           uint32_t ratio_height)
{
    json_object_set_new(picture, "width", json_integer(width));
    json_object_set_new(picture, "height",
                        json_integer(height_for(width, ratio_width, ratio_height)));
    return picture;
}

static json_t *placeholder_model(const views_site_t *site, const views_picture_options_t *options,
                                 uint32_t width, uint32_t ratio_width, uint32_t ratio_height)
{
    gz_buf_t src = GZ_BUF_INIT;
    append_site_prefix(&src, site, options->absolute);
    gz_buf_append_cstr(&src, PLACEHOLDER_PATH);
    json_t *picture = json_pack("{s:b,s:[],s:s,s:s,s:s,s:s,s:b,s:b}", "placeholder", true,
                                "sources", "src", gz_buf_cstr(&src), "srcset", "", "sizes", "",
                                "alt", "", "lazy", false, "priority", false);
    gz_buf_free(&src);
    return picture_box(picture, width, ratio_width, ratio_height);
}

static const char *alt_of(const content_media_t *media, const views_picture_options_t *options)
{
    if (options->alt != NULL && options->alt[0] != '\0') {
        return options->alt;
    }
    return media != NULL && media->alt != NULL ? media->alt : "";
}

json_t *views_picture(const views_site_t *site, const content_media_t *media,
                      const views_picture_options_t *options)
{
    media_sizes_t sizes = site_sizes(site);
    uint32_t ratio_width, ratio_height, widths[MEDIA_SIZES_MAX_WIDTHS];
    choose_ratio(&sizes, options->ratio_width, options->ratio_height, &ratio_width,
                 &ratio_height);
    size_t count = kept_widths(&sizes, views_media_shows_picture(media) ? media : NULL,
                               ratio_width, ratio_height, widths);
    uint32_t width = middle_width(widths, count);
    media_format_t fallback = fallback_format(site, &sizes);
    if (!views_media_shows_picture(media) || fallback == MEDIA_FORMAT_COUNT) {
        return placeholder_model(site, options, width, ratio_width, ratio_height);
    }
    const char *sizes_attribute = options->sizes != NULL ? options->sizes : "100vw";
    json_t *sources = json_array();
    gz_buf_t text = GZ_BUF_INIT;
    static const media_format_t modern[] = {MEDIA_FORMAT_AVIF, MEDIA_FORMAT_WEBP};
    for (size_t i = 0; i < sizeof modern / sizeof modern[0]; i++) {
        if (modern[i] == fallback || !format_usable(site, &sizes, modern[i])) {
            continue;
        }
        gz_buf_reset(&text);
        append_srcset(&text, site, options->absolute, media, widths, count, ratio_width,
                      ratio_height, modern[i]);
        json_array_append_new(sources, json_pack("{s:s,s:s,s:s}", "type",
                                                 media_type_mime(media_format_type(modern[i])),
                                                 "srcset", gz_buf_cstr(&text), "sizes",
                                                 sizes_attribute));
    }
    json_t *picture = json_pack("{s:b,s:o}", "placeholder", false, "sources", sources);
    gz_buf_reset(&text);
    views_append_derivative_url(&text, site, options->absolute, media, width, ratio_width,
                                ratio_height, fallback);
    json_object_set_new(picture, "src", json_string(gz_buf_cstr(&text)));
    gz_buf_reset(&text);
    append_srcset(&text, site, options->absolute, media, widths, count, ratio_width,
                  ratio_height, fallback);
    json_object_set_new(picture, "srcset", json_string(gz_buf_cstr(&text)));
    json_object_set_new(picture, "sizes", json_string(sizes_attribute));
    json_object_set_new(picture, "alt", json_string(alt_of(media, options)));
    json_object_set_new(picture, "lazy", json_boolean(options->role != VIEWS_PICTURE_LEAD));
    json_object_set_new(picture, "priority", json_boolean(options->role == VIEWS_PICTURE_LEAD));
    gz_buf_free(&text);
    return picture_box(picture, width, ratio_width, ratio_height);
}

/* ---- videos and embeds ----------------------------------------------------------- */

const content_media_t *views_media_poster(const content_media_t *media,
                                          const views_picture_options_t *options)
{
    if (media == NULL || media->kind == CONTENT_MEDIA_PICTURE) {
        return media;
    }
    if (media->poster_id == 0 || options->resolve == NULL) {
        return NULL;
    }
    const content_media_t *poster = options->resolve(options->resolve_context, media->poster_id);
    return poster != NULL && poster->kind == CONTENT_MEDIA_PICTURE ? poster : NULL;
}

/* The video file's address and type, or false when it cannot be played. */
static bool video_file(const views_site_t *site, const content_media_t *media, bool absolute,
                       gz_buf_t *url, const char **type)
{
    media_type_t file_type = media_type_from_mime(media->mime);
    gz_buf_t path = GZ_BUF_INIT;
    bool playable = media->has_original && media_type_is_video(file_type) &&
                    media_original_path_append(
                        &path, gz_str_from_cstr(media->stem),
                        gz_str_from_cstr(media_type_extension(file_type))) == GZ_OK;
    if (playable) {
        append_site_prefix(url, site, absolute);
        gz_buf_printf(url, "%s%s", VIEWS_MEDIA_URL_PREFIX, gz_buf_cstr(&path));
        *type = media_type_mime(file_type);
    }
    gz_buf_free(&path);
    return playable;
}

static json_t *video_model(const views_site_t *site, const content_media_t *media,
                           const views_picture_options_t *options, json_t *poster_picture)
{
    gz_buf_t url = GZ_BUF_INIT, poster = GZ_BUF_INIT;
    const char *type = NULL;
    if (!video_file(site, media, options->absolute, &url, &type)) {
        gz_buf_free(&url);
        return NULL;
    }
    const content_media_t *poster_item = views_media_poster(media, options);
    json_int_t width = json_integer_value(json_object_get(poster_picture, "width"));
    json_int_t height = json_integer_value(json_object_get(poster_picture, "height"));
    if (views_media_shows_picture(poster_item)) {
        gz_buf_append_cstr(&poster, json_string_value(json_object_get(poster_picture, "src")));
    }
    if (media->width > 0 && media->height > 0) { /* the video's own shape */
        height = (json_int_t)height_for((uint32_t)width, media->width, media->height);
    }
    json_t *video = json_pack("{s:s,s:s,s:s,s:I,s:I}", "src", gz_buf_cstr(&url), "type", type,
                              "poster", gz_buf_cstr(&poster), "width", width, "height", height);
    gz_buf_free(&url);
    gz_buf_free(&poster);
    return video;
}

json_t *views_media(const views_site_t *site, const content_media_t *media,
                    const views_picture_options_t *options)
{
    if (media == NULL) {
        return NULL;
    }
    static const char *const kinds[] = {[CONTENT_MEDIA_PICTURE] = "picture",
                                        [CONTENT_MEDIA_VIDEO] = "video",
                                        [CONTENT_MEDIA_EMBED] = "embed"};
    if (media->kind < CONTENT_MEDIA_PICTURE || media->kind > CONTENT_MEDIA_EMBED) {
        return NULL;
    }
    /* A poster shows the item's own alt text: it stands for the video. */
    views_picture_options_t poster_options = *options;
    poster_options.alt = alt_of(media, options);
    json_t *picture = views_picture(site, views_media_poster(media, options), &poster_options);
    json_t *figure = json_pack("{s:s}", "kind", kinds[media->kind]);
    if (media->kind == CONTENT_MEDIA_VIDEO) {
        json_t *video = video_model(site, media, options, picture);
        if (video != NULL) {
            json_object_set_new(figure, "video", video);
            json_decref(picture);
            picture = NULL;
        }
    } else if (media->kind == CONTENT_MEDIA_EMBED) {
        const char *title = alt_of(media, options);
        json_t *embed = views_embed_model(site, media, title);
        if (embed == NULL) {
            json_decref(picture);
            json_decref(figure);
            return NULL; /* a provider or id we do not trust: nothing at all */
        }
        json_object_set_new(figure, "embed", embed);
    }
    if (picture != NULL) {
        json_object_set_new(figure, "picture", picture);
    }
    const char *caption = media->caption != NULL ? media->caption : "";
    const char *credit = media->credit != NULL ? media->credit : "";
    json_object_set_new(figure, "caption", json_string(caption));
    json_object_set_new(figure, "credit", json_string(credit));
    json_object_set_new(figure, "has_caption", json_boolean(caption[0] != '\0' || credit[0] != '\0'));
    return figure;
}

/* ---- the same markup, in C ---------------------------------------------------- */

static const char *text_of(json_t *object, const char *key)
{
    const char *text = json_string_value(json_object_get(object, key));
    return text != NULL ? text : "";
}

static void attribute(gz_buf_t *out, const char *name, const char *value)
{
    gz_buf_printf(out, " %s=\"", name);
    gz_buf_append_html(out, value, strlen(value));
    gz_buf_append_char(out, '"');
}

static void number_attribute(gz_buf_t *out, const char *name, json_t *object)
{
    gz_buf_printf(out, " %s=\"%" JSON_INTEGER_FORMAT "\"", name,
                  json_integer_value(json_object_get(object, name)));
}

static void escaped(gz_buf_t *out, const char *text)
{
    gz_buf_append_html(out, text, strlen(text));
}

static void picture_html(gz_buf_t *out, json_t *picture)
{
    if (json_is_true(json_object_get(picture, "placeholder"))) {
        gz_buf_append_cstr(out, "<img class=\"placeholder\"");
        attribute(out, "src", text_of(picture, "src"));
        gz_buf_append_cstr(out, " alt=\"\"");
        number_attribute(out, "width", picture);
        number_attribute(out, "height", picture);
        gz_buf_append_cstr(out, ">");
        return;
    }
    gz_buf_append_cstr(out, "<picture>");
    json_t *sources = json_object_get(picture, "sources");
    for (size_t i = 0; i < json_array_size(sources); i++) {
        json_t *source = json_array_get(sources, i);
        gz_buf_append_cstr(out, "<source");
        attribute(out, "type", text_of(source, "type"));
        attribute(out, "srcset", text_of(source, "srcset"));
        attribute(out, "sizes", text_of(source, "sizes"));
        gz_buf_append_cstr(out, ">");
    }
    gz_buf_append_cstr(out, "<img");
    attribute(out, "src", text_of(picture, "src"));
    attribute(out, "srcset", text_of(picture, "srcset"));
    attribute(out, "sizes", text_of(picture, "sizes"));
    number_attribute(out, "width", picture);
    number_attribute(out, "height", picture);
    attribute(out, "alt", text_of(picture, "alt"));
    if (json_is_true(json_object_get(picture, "lazy"))) {
        gz_buf_append_cstr(out, " loading=\"lazy\" decoding=\"async\"");
    }
    if (json_is_true(json_object_get(picture, "priority"))) {
        gz_buf_append_cstr(out, " fetchpriority=\"high\"");
    }
    gz_buf_append_cstr(out, "></picture>");
}

static void video_html(gz_buf_t *out, json_t *video)
{
    gz_buf_append_cstr(out, "<video controls preload=\"none\"");
    if (text_of(video, "poster")[0] != '\0') {
        attribute(out, "poster", text_of(video, "poster"));
    }
    number_attribute(out, "width", video);
    number_attribute(out, "height", video);
    gz_buf_append_cstr(out, "><source");
    attribute(out, "src", text_of(video, "src"));
    attribute(out, "type", text_of(video, "type"));
    gz_buf_append_cstr(out, "></video>");
}

void views_figure_html(json_t *figure, gz_buf_t *out)
{
    json_t *embed = json_object_get(figure, "embed");
    json_t *picture = json_object_get(figure, "picture");
    json_t *video = json_object_get(figure, "video");
    gz_buf_append_cstr(out, "<figure class=\"media media-");
    escaped(out, text_of(figure, "kind"));
    gz_buf_append_cstr(out, "\">\n");
    if (embed != NULL) {
        gz_buf_append_cstr(out, "<a class=\"embed-poster\"");
        attribute(out, "href", text_of(embed, "link"));
        attribute(out, "data-embed-src", text_of(embed, "src"));
        attribute(out, "data-embed-title", text_of(embed, "title"));
        attribute(out, "data-embed-kind", text_of(embed, "kind"));
        attribute(out, "data-embed-provider", text_of(embed, "provider"));
        gz_buf_append_cstr(out, ">");
    }
    if (picture != NULL) {
        picture_html(out, picture);
    }
    if (embed != NULL) {
        /* The link's name: for screen readers under a poster, shown where
         * there is none (a pasted address). */
        gz_buf_append_cstr(out, "<span class=\"embed-play\" aria-hidden=\"true\"></span><span");
        attribute(out, "class", text_of(embed, "action_class"));
        gz_buf_append_cstr(out, ">");
        escaped(out, text_of(embed, "action"));
        gz_buf_append_cstr(out, "</span>");
        if (text_of(embed, "note")[0] != '\0') {
            gz_buf_append_cstr(out, "<span class=\"embed-note\">");
            escaped(out, text_of(embed, "note"));
            gz_buf_append_cstr(out, "</span>");
        }
        gz_buf_append_cstr(out, "</a>");
    }
    if (video != NULL) {
        video_html(out, video);
    }
    gz_buf_append_char(out, '\n');
    if (json_is_true(json_object_get(figure, "has_caption"))) {
        gz_buf_append_cstr(out, "<figcaption>");
        escaped(out, text_of(figure, "caption"));
        if (text_of(figure, "credit")[0] != '\0') {
            gz_buf_append_cstr(out, " <span class=\"credit\">");
            escaped(out, text_of(figure, "credit"));
            gz_buf_append_cstr(out, "</span>");
        }
        gz_buf_append_cstr(out, "</figcaption>");
    }
    gz_buf_append_cstr(out, "\n</figure>\n");
}

void views_media_html(const views_site_t *site, const content_media_t *media,
                      const views_picture_options_t *options, gz_buf_t *out)
{
    json_t *figure = views_media(site, media, options);
    if (figure != NULL) {
        views_figure_html(figure, out);
        json_decref(figure);
    }
}

/* ---- the picture search engines and social cards show ------------------------- */

enum { SOCIAL_WIDTH = 1200 };

/* 1200 when the theme declares it, else the widest declared below it. */
static uint32_t social_width(const media_sizes_t *sizes)
{
    uint32_t width = sizes->width_count > 0 ? sizes->widths[0] : SOCIAL_WIDTH;
    for (size_t i = 0; i < sizes->width_count; i++) {
        if (sizes->widths[i] <= SOCIAL_WIDTH) {
            width = sizes->widths[i];
        }
    }
    return width;
}

bool views_social_picture(const views_site_t *site, const views_article_media_t *media,
                          views_social_picture_t *out)
{
    if (media == NULL || media->lead == NULL) {
        return false;
    }
    views_picture_options_t options = {.resolve = media->resolve,
                                       .resolve_context = media->resolve_context};
    const content_media_t *picture = views_media_poster(media->lead, &options);
    if (!views_media_shows_picture(picture)) {
        return false;
    }
    media_sizes_t sizes = site_sizes(site);
    uint32_t width = social_width(&sizes);
    uint32_t crop = crop_width(picture, 16, 9);
    uint32_t shown = crop > 0 && crop < width ? crop : width; /* never upscaled */
    *out = (views_social_picture_t){
        .picture = picture,
        .width = width,
        .shown_width = shown,
        .shown_height = height_for(shown, 16, 9),
        .alt = alt_of(media->lead, &options),
    };
    return true;
}

void views_append_social_url(gz_buf_t *out, const views_site_t *site,
                             const views_social_picture_t *social, uint32_t ratio_width,
                             uint32_t ratio_height)
{
    views_append_derivative_url(out, site, true, social->picture, social->width, ratio_width,
                                ratio_height, MEDIA_FORMAT_JPEG);
}

json_t *views_social_image_list(const views_site_t *site, const views_social_picture_t *social)
{
    static const uint32_t ratios[][2] = {{16, 9}, {4, 3}, {1, 1}};
    media_sizes_t sizes = site_sizes(site);
    json_t *list = json_array();
    gz_buf_t url = GZ_BUF_INIT;
    for (size_t i = 0; i < sizeof ratios / sizeof ratios[0]; i++) {
        if (!ratio_declared(&sizes, ratios[i][0], ratios[i][1])) {
            continue;
        }
        gz_buf_reset(&url);
        views_append_social_url(&url, site, social, ratios[i][0], ratios[i][1]);
        json_array_append_new(list, json_string(gz_buf_cstr(&url)));
    }
    gz_buf_free(&url);
    return list;
}

/* ---- bodies with their figures --------------------------------------------------- */

typedef struct {
    const views_site_t *site;
    views_picture_options_t options;
    bool has_embed;
} body_context_t;

static const content_media_t *body_resolve(void *context, int64_t id)
{
    body_context_t *body = context;
    return body->options.resolve(body->options.resolve_context, id);
}

static void body_figure(void *context, const content_media_t *media, const char *alt,
                        gz_buf_t *out)
{
    body_context_t *body = context;
    views_picture_options_t options = body->options;
    options.alt = alt;
    json_t *figure = views_media(body->site, media, &options);
    if (figure != NULL) {
        body->has_embed = body->has_embed || json_object_get(figure, "embed") != NULL;
        views_figure_html(figure, out);
        json_decref(figure);
    }
}

static void body_embed(void *context, const char *url, gz_buf_t *out)
{
    body_context_t *body = context;
    json_t *figure = views_pasted_embed(body->site, url);
    if (figure != NULL) {
        body->has_embed = true;
        views_figure_html(figure, out);
        json_decref(figure);
    }
}

bool views_body_html(const views_site_t *site, const content_article_t *article,
                     const views_article_media_t *media, views_body_options_t body_options,
                     gz_buf_t *out, bool *has_embed)
{
    if (media == NULL || media->resolve == NULL || article->body_markdown == NULL) {
        return false;
    }
    body_context_t body = {
        .site = site,
        .options = {.role = VIEWS_PICTURE_BODY, .ratio_width = 16, .ratio_height = 9,
                    .sizes = VIEWS_ARTICLE_PICTURE_SIZES, .absolute = body_options.absolute,
                    .resolve = media->resolve, .resolve_context = media->resolve_context},
    };
    content_media_hooks_t hooks = {.resolve = body_resolve, .figure = body_figure,
                                   .embed = body_options.pasted_embeds ? body_embed : NULL,
                                   .context = &body};
    content_markdown_to_html_with_media(out, article->body_markdown,
                                        strlen(article->body_markdown), &hooks);
    if (has_embed != NULL) {
        *has_embed = body.has_embed;
    }
    return true;
}
