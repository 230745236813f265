/*
 * structured.c: what a page says about itself to machines, in its head:
 * schema.org JSON-LD (NewsArticle, WebSite with its SearchAction,
 * BreadcrumbList), Open Graph and Twitter card meta tags, and the
 * <link rel="alternate"> tags that let feed readers discover the feeds.
 *
 * The JSON-LD is built as a jansson tree (so each property is one line to
 * read and test) and serialized by views_json_for_script, which writes
 * < > & as \u escapes: a headline holding "</script>" stays a string and
 * cannot end the script element, and the template inserts the result
 * unescaped ({{{ }}}) because HTML entities mean nothing inside a script.
 * Meta tags go the other way: plain strings in the model, escaped once by
 * the template like every other attribute.
 *
 * Addresses in the head repeat the page's canonical URL exactly; pictures
 * are those in the media store, and a page without one points at the
 * publisher's logo so that every card and every article has an image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "views/views_private.h"

static const char SCHEMA_CONTEXT[] = "https://schema.org";

static void set_time(json_t *object, const char *key, gz_time_t t)
{
    if (t > 0) {
        gz_buf_t text = GZ_BUF_INIT;
        gz_time_append_rfc3339(&text, t);
        json_object_set_new(object, key, json_string(gz_buf_cstr(&text)));
        gz_buf_free(&text);
    }
}

static const char *article_language(const views_site_t *site, const content_article_t *article)
{
    return article->language != NULL && article->language[0] != '\0' ? article->language
                                                                     : site->language;
}

/* site->url + path, as page_model spells the canonical link. */
static void append_page_url(gz_buf_t *out, const views_site_t *site, const char *path)
{
    gz_buf_append_cstr(out, site->url);
    if (strcmp(path, "/") == 0)
        views_home_path(out, site); /* the edition's home */
    else
        gz_buf_append_cstr(out, path);
}

/* The absolute URL of a path of the site's edition ("/search"). */
static void append_edition_url(gz_buf_t *out, const views_site_t *site, const char *path)
{
    gz_buf_append_cstr(out, site->url);
    views_site_path(out, site, path);
}

/* The article's picture, or the publisher's logo when it has none. */
static bool append_article_image(gz_buf_t *out, const views_site_t *site,
                                 const content_article_t *article)
{
    if (views_append_image_url(out, site, article->lead_image)) {
        return true;
    }
    views_append_logo_url(out, site);
    return false;
}

/* ---- JSON-LD ------------------------------------------------------------------ */

static json_t *publisher(const views_site_t *site)
{
    gz_buf_t url = GZ_BUF_INIT, logo = GZ_BUF_INIT;
    append_page_url(&url, site, "/");
    views_append_logo_url(&logo, site);
    json_t *object = json_pack("{s:s,s:s,s:s,s:{s:s,s:s}}", "@type", "NewsMediaOrganization",
                               "name", site->name, "url", gz_buf_cstr(&url), "logo", "@type",
                               "ImageObject", "url", gz_buf_cstr(&logo));
    gz_buf_free(&url);
    gz_buf_free(&logo);
    return object;
}

/* People, each with their page, when the article has authors; otherwise
 * the source named in the dateline ("Alalam"), otherwise the publisher. */
static json_t *authors(const views_site_t *site, const content_article_t *article)
{
    json_t *list = json_array();
    for (size_t i = 0; i < article->author_count; i++) {
        const content_author_t *author = &article->authors[i];
        if (author->name == NULL || author->slug == NULL) {
            continue;
        }
        gz_buf_t path = GZ_BUF_INIT, url = GZ_BUF_INIT;
        views_author_path(&path, site, author->slug);
        append_page_url(&url, site, gz_buf_cstr(&path));
        json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "@type", "Person", "name",
                                              author->name, "url", gz_buf_cstr(&url)));
        gz_buf_free(&path);
        gz_buf_free(&url);
    }
    if (json_array_size(list) == 0 && article->dateline != NULL && article->dateline[0] != '\0') {
        json_array_append_new(
            list, json_pack("{s:s,s:s}", "@type", "Organization", "name", article->dateline));
    }
    if (json_array_size(list) == 0) {
        gz_buf_t url = GZ_BUF_INIT;
        append_page_url(&url, site, "/");
        json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "@type", "Organization", "name",
                                              site->name, "url", gz_buf_cstr(&url)));
        gz_buf_free(&url);
    }
    return list;
}

static bool is_video(const content_article_t *article)
{
    return article->content_type.slug != NULL && strcmp(article->content_type.slug, "video") == 0;
}

/* A VideoObject needs a thumbnail: only made when the article has a picture. */
static json_t *video_object(const content_article_t *article, json_t *thumbnails)
{
    json_t *video = json_object();
    json_object_set_new(video, "@type", json_string("VideoObject"));
    views_set_text_if_any(video, "name", article->headline);
    views_set_text_if_any(video, "description",
                          article->summary != NULL && article->summary[0] != '\0'
                              ? article->summary
                              : article->headline);
    json_object_set_new(video, "thumbnailUrl", thumbnails);
    set_time(video, "uploadDate", article->published_at);
    return video;
}

/* ISO 8601, as schema.org wants a duration: PT1M30S, PT1H2M3S. */
static void append_duration(gz_buf_t *out, int64_t milliseconds)
{
    int64_t seconds = (milliseconds + 500) / 1000;
    seconds = seconds > 0 ? seconds : 1;
    gz_buf_append_cstr(out, "PT");
    if (seconds >= 3600) {
        gz_buf_printf(out, "%lldH", (long long)(seconds / 3600));
    }
    if (seconds % 3600 >= 60) {
        gz_buf_printf(out, "%lldM", (long long)(seconds % 3600 / 60));
    }
    if (seconds % 60 > 0) {
        gz_buf_printf(out, "%lldS", (long long)(seconds % 60));
    }
}

/* The lead video or embed's own facts over what video_object takes from
 * the article: its caption, upload time, duration, and where it plays. */
static void add_media_video_facts(json_t *video, const views_site_t *site,
                                  const content_media_t *lead)
{
    views_set_text_if_any(video, "description", lead->caption);
    set_time(video, "uploadDate", lead->created_at);
    if (lead->duration_ms > 0) {
        gz_buf_t duration = GZ_BUF_INIT;
        append_duration(&duration, lead->duration_ms);
        views_set_text_if_any(video, "duration", gz_buf_cstr(&duration));
        gz_buf_free(&duration);
    }
    gz_buf_t url = GZ_BUF_INIT, path = GZ_BUF_INIT;
    media_type_t type = media_type_from_mime(lead->mime);
    if (lead->kind == CONTENT_MEDIA_VIDEO && lead->has_original && media_type_is_video(type) &&
        media_original_path_append(&path, gz_str_from_cstr(lead->stem),
                                   gz_str_from_cstr(media_type_extension(type))) == GZ_OK) {
        gz_buf_printf(&url, "%s%s%s", site->url, VIEWS_MEDIA_URL_PREFIX, gz_buf_cstr(&path));
        views_set_text_if_any(video, "contentUrl", gz_buf_cstr(&url));
    } else if (lead->kind == CONTENT_MEDIA_EMBED &&
               views_embed_url(site, lead->embed_provider, lead->embed_id, &url, NULL) == GZ_OK) {
        views_set_text_if_any(video, "embedUrl", gz_buf_cstr(&url));
    }
    gz_buf_free(&url);
    gz_buf_free(&path);
}

/* An embed that plays a video: a post, a map or a chart is no VideoObject. */
static bool embed_is_video(const content_media_t *lead)
{
    media_embed_t provider;
    return lead->kind == CONTENT_MEDIA_EMBED &&
           media_embed_parse_name(lead->embed_provider, &provider) == GZ_OK &&
           media_embed_kind(provider, lead->embed_id) == MEDIA_EMBED_KIND_VIDEO;
}

static bool lead_is_video(const views_article_media_t *media)
{
    return media != NULL && media->lead != NULL &&
           (media->lead->kind == CONTENT_MEDIA_VIDEO || embed_is_video(media->lead));
}

json_t *views_article_structured_data_with_media(const views_site_t *site,
                                                 const content_article_t *article,
                                                 const views_article_media_t *media)
{
    json_t *object = json_object();
    gz_buf_t path = GZ_BUF_INIT, url = GZ_BUF_INIT, image = GZ_BUF_INIT;
    views_article_path(&path, site, article->id, article->slug);
    append_page_url(&url, site, gz_buf_cstr(&path));
    views_social_picture_t social;
    bool has_social = views_social_picture(site, media, &social);
    bool has_picture = has_social || append_article_image(&image, site, article);
    json_t *images =
        has_social ? views_social_image_list(site, &social) : json_pack("[s]", gz_buf_cstr(&image));
    views_set_text_if_any(object, "@context", SCHEMA_CONTEXT);
    views_set_text_if_any(object, "@type", "NewsArticle");
    json_object_set_new(object, "mainEntityOfPage",
                        json_pack("{s:s,s:s}", "@type", "WebPage", "@id", gz_buf_cstr(&url)));
    views_set_text_if_any(object, "url", gz_buf_cstr(&url));
    views_set_text_if_any(object, "headline", article->headline);
    views_set_text_if_any(object, "alternativeHeadline", article->subtitle);
    views_set_text_if_any(object, "description", article->summary);
    set_time(object, "datePublished", article->published_at);
    set_time(object, "dateModified", views_modified_time(article));
    json_object_set_new(object, "author", authors(site, article));
    json_object_set_new(object, "publisher", publisher(site));
    json_object_set_new(object, "image", json_deep_copy(images));
    views_set_text_if_any(object, "articleSection", article->section.name);
    views_set_text_if_any(object, "inLanguage", article_language(site, article));
    if (article->tag_count > 0) {
        json_t *keywords = json_array();
        for (size_t i = 0; i < article->tag_count; i++) {
            json_array_append_new(keywords, json_string(article->tags[i].name));
        }
        json_object_set_new(object, "keywords", keywords);
    }
    json_object_set_new(object, "isAccessibleForFree", json_true());
    if (lead_is_video(media) && has_picture) {
        json_t *video = video_object(article, json_deep_copy(images));
        add_media_video_facts(video, site, media->lead);
        json_object_set_new(object, "video", video);
    } else if (is_video(article) && has_picture && !lead_is_video(media)) {
        json_object_set_new(object, "video", video_object(article, json_deep_copy(images)));
    }
    json_decref(images);
    gz_buf_free(&path);
    gz_buf_free(&url);
    gz_buf_free(&image);
    return object;
}

json_t *views_article_structured_data(const views_site_t *site, const content_article_t *article)
{
    return views_article_structured_data_with_media(site, article, NULL);
}

json_t *views_website_structured_data(const views_site_t *site)
{
    gz_buf_t home = GZ_BUF_INIT, search = GZ_BUF_INIT;
    append_edition_url(&home, site, "/");
    append_edition_url(&search, site, "/search?q={search_term_string}");
    json_t *object = json_object();
    views_set_text_if_any(object, "@context", SCHEMA_CONTEXT);
    views_set_text_if_any(object, "@type", "WebSite");
    views_set_text_if_any(object, "name", site->name);
    views_set_text_if_any(object, "url", gz_buf_cstr(&home));
    views_set_text_if_any(object, "description", site->description);
    views_set_text_if_any(object, "inLanguage", site->language);
    json_object_set_new(object, "publisher", publisher(site));
    json_object_set_new(object, "potentialAction",
                        json_pack("{s:s,s:{s:s,s:s},s:s}", "@type", "SearchAction", "target",
                                  "@type", "EntryPoint", "urlTemplate", gz_buf_cstr(&search),
                                  "query-input", "required name=search_term_string"));
    gz_buf_free(&home);
    gz_buf_free(&search);
    return object;
}

json_t *views_breadcrumbs(const views_site_t *site, const char *const *names,
                          const char *const *paths, size_t count)
{
    json_t *items = json_array();
    gz_buf_t url = GZ_BUF_INIT;
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_pack("{s:s,s:I}", "@type", "ListItem", "position", (json_int_t)(i + 1));
        views_set_text_if_any(item, "name", names[i]);
        if (paths[i] != NULL) {
            gz_buf_reset(&url);
            append_page_url(&url, site, paths[i]);
            views_set_text_if_any(item, "item", gz_buf_cstr(&url));
        }
        json_array_append_new(items, item);
    }
    gz_buf_free(&url);
    json_t *list = json_object();
    views_set_text_if_any(list, "@context", SCHEMA_CONTEXT);
    views_set_text_if_any(list, "@type", "BreadcrumbList");
    json_object_set_new(list, "itemListElement", items);
    return list;
}

void views_json_for_script(const json_t *value, gz_buf_t *out)
{
    char *text = json_dumps(value, JSON_COMPACT);
    if (text == NULL) {
        gz_buf_append_cstr(out, "{}");
        return;
    }
    /* < > & occur only inside strings in JSON, where \u escapes mean the
     * same characters; U+2028 and U+2029 too, for scripts that eval. */
    for (const char *c = text; *c != '\0'; c++) {
        if (*c == '<') {
            gz_buf_append_cstr(out, "\\u003c");
        } else if (*c == '>') {
            gz_buf_append_cstr(out, "\\u003e");
        } else if (*c == '&') {
            gz_buf_append_cstr(out, "\\u0026");
        } else if (c[0] == '\xE2' && c[1] == '\x80' && (c[2] == '\xA8' || c[2] == '\xA9')) {
            gz_buf_append_cstr(out, c[2] == '\xA8' ? "\\u2028" : "\\u2029");
            c += 2;
        } else {
            gz_buf_append_char(out, *c);
        }
    }
    free(text);
}

/* ---- the head of a page -------------------------------------------------------- */

static json_t *page_of(json_t *model)
{
    json_t *page = json_object_get(model, "page");
    if (page == NULL) {
        page = json_object();
        json_object_set_new(model, "page", page);
    }
    return page;
}

static json_t *page_list(json_t *page, const char *key)
{
    json_t *list = json_object_get(page, key);
    if (list == NULL) {
        list = json_array();
        json_object_set_new(page, key, list);
    }
    return list;
}

static void add_json_ld(json_t *page, json_t *value)
{
    gz_buf_t text = GZ_BUF_INIT;
    views_json_for_script(value, &text);
    json_array_append_new(page_list(page, "structured_data"),
                          json_pack("{s:s}", "json", gz_buf_cstr(&text)));
    gz_buf_free(&text);
    json_decref(value);
}

static void add_meta(json_t *page, const char *attribute, const char *name, const char *content)
{
    if (content == NULL || content[0] == '\0') {
        return;
    }
    const char *list = strcmp(attribute, "property") == 0 ? "meta" : "meta_names";
    json_array_append_new(page_list(page, list),
                          json_pack("{s:s,s:s}", attribute, name, "content", content));
}

/* The three feeds of a front, as discovery links. */
static void add_feeds(json_t *page, const views_site_t *site, const char *title,
                      const char *front_path)
{
    static const char *const names[] = {"RSS", "Atom", "JSON Feed"};
    static const char *const types[] = {"application/rss+xml", "application/atom+xml",
                                        "application/feed+json"};
    gz_buf_t path = GZ_BUF_INIT, href = GZ_BUF_INIT, name = GZ_BUF_INIT;
    for (int format = VIEWS_FEED_RSS; format <= VIEWS_FEED_JSON; format++) {
        gz_buf_reset(&path);
        gz_buf_reset(&href);
        gz_buf_reset(&name);
        views_feed_path(&path, front_path, (views_feed_format_t)format);
        views_append_absolute_url(&href, site, gz_buf_cstr(&path));
        if (title != NULL) {
            gz_buf_printf(&name, "%s \xC2\xB7 ", title);
        }
        gz_buf_printf(&name, "%s (%s)", site->name, names[format]);
        json_array_append_new(page_list(page, "feeds"),
                              json_pack("{s:s,s:s,s:s}", "type", types[format], "title",
                                        gz_buf_cstr(&name), "href", gz_buf_cstr(&href)));
    }
    gz_buf_free(&path);
    gz_buf_free(&href);
    gz_buf_free(&name);
}

void views_head_site(json_t *page, const views_site_t *site)
{
    gz_buf_t home = GZ_BUF_INIT;
    views_home_path(&home, site);
    add_feeds(page, site, NULL, gz_buf_cstr(&home));
    gz_buf_free(&home);
    add_meta(page, "name", "robots", "max-image-preview:large");
}

/* The picture of a card: its absolute URL, and (for a media item) its
 * size and alt text. */
typedef struct {
    const char *url;
    uint32_t width, height; /* 0: unknown */
    const char *alt;
    bool large; /* a picture of the article, not the logo */
} card_image_t;

static void add_number_meta(json_t *page, const char *property, uint32_t value)
{
    if (value > 0) {
        char digits[16];
        snprintf(digits, sizeof digits, "%u", value);
        add_meta(page, "property", property, digits);
    }
}

/* Open Graph and Twitter tags every page shares. */
static void add_cards(json_t *page, const views_site_t *site, const char *type, const char *title,
                      const char *description, const card_image_t *image)
{
    const char *canonical = json_string_value(json_object_get(page, "canonical"));
    add_meta(page, "property", "og:type", type);
    add_meta(page, "property", "og:site_name", site->name);
    add_meta(page, "property", "og:title", title);
    add_meta(page, "property", "og:description", description);
    add_meta(page, "property", "og:url", canonical);
    add_meta(page, "property", "og:image", image->url);
    add_number_meta(page, "og:image:width", image->width);
    add_number_meta(page, "og:image:height", image->height);
    add_meta(page, "property", "og:image:alt", image->alt);
    add_meta(page, "name", "twitter:card", image->large ? "summary_large_image" : "summary");
    add_meta(page, "name", "twitter:title", title);
    add_meta(page, "name", "twitter:description", description);
    add_meta(page, "name", "twitter:image", image->url);
    add_meta(page, "name", "twitter:image:alt", image->alt);
}

void views_head_article_media(json_t *model, const views_site_t *site,
                              const content_article_t *article, const views_article_media_t *media)
{
    json_t *page = page_of(model);
    gz_buf_t image = GZ_BUF_INIT, time = GZ_BUF_INIT, section_path = GZ_BUF_INIT;
    views_social_picture_t social;
    card_image_t card = {0};
    if (views_social_picture(site, media, &social)) {
        views_append_social_url(&image, site, &social, 16, 9);
        card = (card_image_t){NULL, social.shown_width, social.shown_height, social.alt, true};
    } else {
        card.large = append_article_image(&image, site, article);
    }
    card.url = gz_buf_cstr(&image);
    add_cards(page, site, "article", views_article_social_title(article),
              views_article_social_description(article), &card);
    gz_time_append_rfc3339(&time, article->published_at);
    add_meta(page, "property", "article:published_time", gz_buf_cstr(&time));
    gz_buf_reset(&time);
    gz_time_append_rfc3339(&time, views_modified_time(article));
    add_meta(page, "property", "article:modified_time", gz_buf_cstr(&time));
    add_meta(page, "property", "article:section", article->section.name);
    for (size_t i = 0; i < article->tag_count; i++) {
        add_meta(page, "property", "article:tag", article->tags[i].name);
    }
    add_json_ld(page, views_article_structured_data_with_media(site, article, media));
    const char *names[3] = {site->name, NULL, NULL};
    const char *paths[3] = {"/", NULL, NULL};
    size_t steps = 1;
    if (article->section.id != 0 && article->section.slug != NULL) {
        views_section_path(&section_path, site, article->section.slug);
        names[steps] = article->section.name;
        paths[steps++] = gz_buf_cstr(&section_path);
        add_feeds(page, site, article->section.name, gz_buf_cstr(&section_path));
    }
    names[steps++] = article->headline;
    add_json_ld(page, views_breadcrumbs(site, names, paths, steps));
    gz_buf_free(&image);
    gz_buf_free(&time);
    gz_buf_free(&section_path);
}

void views_head_front(json_t *model, const views_site_t *site, const char *title, const char *path)
{
    json_t *page = page_of(model);
    gz_buf_t logo = GZ_BUF_INIT;
    views_append_logo_url(&logo, site);
    if (json_object_get(page, "description") == NULL) {
        views_set_text_if_any(page, "description", site->description);
    }
    card_image_t card = {.url = gz_buf_cstr(&logo)};
    add_cards(page, site, "website", title != NULL ? title : site->name, site->description, &card);
    if (title == NULL) {
        add_json_ld(page, views_website_structured_data(site));
    } else {
        const char *names[2] = {site->name, title};
        const char *paths[2] = {"/", path};
        add_json_ld(page, views_breadcrumbs(site, names, paths, 2));
        add_feeds(page, site, title, path);
    }
    gz_buf_free(&logo);
}

void views_head_author(json_t *model, const views_site_t *site, const content_author_t *author,
                       const char *path, const char *picture_url)
{
    views_head_front(model, site, author->name, path);
    json_t *page = page_of(model);
    if (author->bio != NULL && author->bio[0] != '\0') {
        json_object_set_new(page, "description", json_string(author->bio));
    }
    gz_buf_t url = GZ_BUF_INIT;
    append_page_url(&url, site, path);
    json_t *person = json_pack("{s:s,s:s,s:s}", "@type", "Person", "name", author->name, "url",
                               gz_buf_cstr(&url));
    if (author->role_line != NULL && author->role_line[0] != '\0') {
        json_object_set_new(person, "jobTitle", json_string(author->role_line));
    }
    if (author->bio != NULL && author->bio[0] != '\0') {
        json_object_set_new(person, "description", json_string(author->bio));
    }
    if (picture_url != NULL) {
        json_object_set_new(person, "image", json_string(picture_url));
    }
    json_t *same_as = json_array();
    gz_str_t rest = gz_str_from_cstr(author->links), link;
    while (content_author_next_link(&rest, &link)) {
        json_array_append_new(same_as, json_stringn(link.ptr, link.len));
    }
    json_object_set_new(person, "sameAs", same_as);
    add_json_ld(page, json_pack("{s:s,s:s,s:o}", "@context", "https://schema.org", "@type",
                                "ProfilePage", "mainEntity", person));
    gz_buf_free(&url);
}
