/*
 * views.c: content values in, jansson trees out. The trees are shaped for
 * the theme's templates (names a designer can guess: article.headline,
 * article.related[].url) and carry every string already formatted, so the
 * templates hold no logic beyond sections and loops.
 *
 * Strings are copied into the tree (json_string), so the tree outlives the
 * pool the content came from.
 */
#include "views/views.h"
#include "views/views_private.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum { SUMMARY_DESCRIPTION_MAX = 300 };

/* ---- small helpers ----------------------------------------------------- */

void views_set_text(json_t *object, const char *key, const char *value)
{
    json_object_set_new(object, key, json_string(value != NULL ? value : ""));
}

void views_set_text_if_any(json_t *object, const char *key, const char *value)
{
    if (value != NULL && value[0] != '\0')
        json_object_set_new(object, key, json_string(value));
}

static void set_buf(json_t *object, const char *key, const gz_buf_t *buf)
{
    json_object_set_new(object, key, json_string(gz_buf_cstr(buf)));
}

/* The fields of a date shown to readers in a language other than the
 * site's: ICU writes weekday, day, month, year and time as that language
 * does, in its own digits. */
#define VIEWS_LONG_DATE_SKELETON "EEEEdMMMMyHm"

/* ICU's locale for text in language: the edition's own (with its digits
 * and calendar) for the edition's language, else the language. */
const char *views_locale_of(const views_site_t *site, const char *language)
{
    if (language == NULL ||
        (site->locale != NULL && gz_language_same_primary(language, site->language)))
        return site->locale != NULL ? site->locale : site->language;
    return language;
}

/* A display date: in the site's own format for the site's language (the
 * theme reproduces the sample's "Wed Dec 7, 2016 08:09:47"), and in the
 * text's language through ICU otherwise. */
static void append_display_time(gz_buf_t *text, const views_site_t *site, const char *language,
                                gz_time_t t)
{
    bool own_words = site->time_format == NULL || (language != NULL && site->language != NULL &&
                                                   strcmp(language, site->language) != 0);
    if (!own_words || gz_time_append_in_locale(text, t, views_locale_of(site, language),
                                               VIEWS_LONG_DATE_SKELETON) != GZ_OK)
        gz_time_append_local(text, t,
                             site->time_format != NULL ? site->time_format : "%Y-%m-%d %H:%M");
}

static void set_time(json_t *object, const char *iso_key, const char *display_key,
                     const views_site_t *site, const char *language, gz_time_t t)
{
    if (t <= 0) {
        return;
    }
    gz_buf_t text = GZ_BUF_INIT;
    gz_time_append_rfc3339(&text, t);
    set_buf(object, iso_key, &text);
    if (display_key != NULL) {
        gz_buf_reset(&text);
        append_display_time(&text, site, language, t);
        set_buf(object, display_key, &text);
    }
    gz_buf_free(&text);
}

/* The edition's prefix ("/ar") that every path of its pages starts with. */
static void append_prefix(gz_buf_t *out, const views_site_t *site)
{
    if (site != NULL && site->path_prefix != NULL) {
        gz_buf_append_cstr(out, site->path_prefix);
    }
}

void views_home_path(gz_buf_t *out, const views_site_t *site)
{
    bool prefixed = site != NULL && site->path_prefix != NULL && site->path_prefix[0] != '\0';
    gz_buf_append_cstr(out, prefixed ? site->path_prefix : "/");
}

void views_site_path(gz_buf_t *out, const views_site_t *site, const char *path)
{
    if (strcmp(path, "/") == 0) {
        views_home_path(out, site);
        return;
    }
    append_prefix(out, site);
    gz_buf_append_cstr(out, path);
}

void views_article_path(gz_buf_t *out, const views_site_t *site, int64_t id, const char *slug)
{
    append_prefix(out, site);
    gz_buf_printf(out, "/news/%" PRId64 "/", id);
    if (slug != NULL) {
        gz_buf_append_cstr(out, slug);
    }
}

void views_section_path(gz_buf_t *out, const views_site_t *site, const char *slug)
{
    append_prefix(out, site);
    gz_buf_append_cstr(out, "/section/");
    gz_buf_append_cstr(out, slug);
}

void views_tag_path(gz_buf_t *out, const views_site_t *site, const char *slug)
{
    append_prefix(out, site);
    gz_buf_append_cstr(out, "/tag/");
    gz_buf_append_cstr(out, slug);
}

const char *views_text_direction(const char *language)
{
    static const char *const rtl[] = {"ar", "fa", "he", "ur", "ps", "sd", "ckb", "yi", "dv"};
    if (language == NULL) {
        return "ltr";
    }
    size_t primary = strcspn(language, "-_");
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++) {
        if (strlen(rtl[i]) == primary && strncmp(language, rtl[i], primary) == 0) {
            return "rtl";
        }
    }
    return "ltr";
}

static const char *language_or_site(const views_site_t *site, const char *language)
{
    return language != NULL && language[0] != '\0' ? language : site->language;
}

/* The kicker shown above a headline: the content type's name, except for
 * plain articles, which need none. */
static const char *kicker_of(const content_type_t *type)
{
    if (type->id == 0 || type->slug == NULL || strcmp(type->slug, "article") == 0) {
        return NULL;
    }
    return type->name;
}

static json_t *image_object(const views_site_t *site, const char *picture_path, const char *alt)
{
    json_t *image = json_object();
    gz_buf_t url = GZ_BUF_INIT;
    if (picture_path != NULL && picture_path[0] != '\0' && site->image_url != NULL) {
        site->image_url(site->image_context, picture_path, &url);
    }
    if (url.len > 0) {
        set_buf(image, "url", &url);
    } else {
        json_object_set_new(image, "placeholder", json_true());
    }
    json_object_set_new(image, "alt", json_string(alt != NULL ? alt : ""));
    gz_buf_free(&url);
    return image;
}

static json_t *section_object(const views_site_t *site, const content_section_t *section)
{
    if (section->id == 0 || section->slug == NULL) {
        return NULL;
    }
    json_t *object = json_object();
    gz_buf_t url = GZ_BUF_INIT;
    views_section_path(&url, site, section->slug);
    views_set_text_if_any(object, "name", section->name);
    views_set_text_if_any(object, "slug", section->slug);
    set_buf(object, "url", &url);
    gz_buf_free(&url);
    return object;
}

/* ---- the parts every page has ------------------------------------------ */

/* A listed section as a navigation item (NULL when not listed). */
static json_t *navigation_item(const views_site_t *site, const content_section_t *section,
                               int64_t current_section_id)
{
    if (!content_section_is_listed(section, site->sections, site->section_count)) {
        return NULL;
    }
    json_t *item = section_object(site, section);
    if (item != NULL) {
        /* Said either way, so a child never reads its parent's in the template. */
        json_object_set_new(item, "current", json_boolean(section->id == current_section_id));
    }
    return item;
}

/* The sections in the store's navigation order (each parent followed by
 * its children), hidden ones left out, children nested under their parent
 * (one level: a parent is at the top). A child whose parent is not in the
 * list stands at the top. */
static json_t *navigation(const views_site_t *site, int64_t current_section_id)
{
    json_t *items = json_array();
    json_t *parent = NULL;
    int64_t parent_id = 0;
    for (size_t i = 0; i < site->section_count; i++) {
        const content_section_t *section = &site->sections[i];
        json_t *item = navigation_item(site, section, current_section_id);
        if (item == NULL) {
            continue;
        }
        if (section->parent_id > 0 && parent != NULL && section->parent_id == parent_id) {
            json_t *children = json_object_get(parent, "children");
            if (children == NULL) {
                children = json_array();
                json_object_set_new(parent, "children", children);
            }
            json_array_append_new(children, item);
            continue;
        }
        json_array_append_new(items, item);
        parent = item;
        parent_id = section->id;
    }
    return items;
}

/* The absolute address of an edition's home: "https://news.example/ar",
 * or its own host's root. */
static void append_edition_home(gz_buf_t *out, const views_site_t *site,
                                const gz_edition_t *edition)
{
    const char *root = site->site_url != NULL ? site->site_url : site->url;
    if (edition->host[0] != '\0') {
        const char *scheme_end = strstr(root, "://");
        int scheme_len = scheme_end != NULL ? (int)(scheme_end - root) : 4;
        gz_buf_printf(out, "%.*s://%s/", scheme_len, root, edition->host);
        return;
    }
    gz_buf_append_cstr(out, root);
    gz_buf_append_cstr(out, edition->prefix[0] != '\0' ? edition->prefix : "/");
}

/* The language switcher: every edition's home, in its own name and
 * language; nothing on a site of one edition. */
static json_t *editions_list(const views_site_t *site)
{
    json_t *list = json_array();
    for (size_t i = 0; site->editions != NULL && site->edition_count > 1 && i < site->edition_count;
         i++) {
        const gz_edition_t *edition = &site->editions[i];
        json_t *item = json_object();
        gz_buf_t url = GZ_BUF_INIT;
        append_edition_home(&url, site, edition);
        set_buf(item, "url", &url);
        views_set_text_if_any(item, "name",
                              edition->name[0] != '\0' ? edition->name : edition->language);
        views_set_text_if_any(item, "lang", edition->language);
        views_set_text_if_any(item, "dir", views_text_direction(edition->language));
        json_object_set_new(
            item, "current",
            json_boolean(gz_language_same_primary(edition->language, site->language)));
        json_array_append_new(list, item);
        gz_buf_free(&url);
    }
    return list;
}

/* hreflang alternates of the home pages: each edition's, then x-default
 * (the default edition's). */
static json_t *home_alternates(const views_site_t *site)
{
    json_t *list = json_array();
    for (size_t i = 0;
         site->editions != NULL && site->edition_count > 1 && i <= site->edition_count; i++) {
        const gz_edition_t *edition = &site->editions[i < site->edition_count ? i : 0];
        gz_buf_t url = GZ_BUF_INIT;
        append_edition_home(&url, site, edition);
        json_t *item = json_object();
        views_set_text_if_any(item, "hreflang",
                              i < site->edition_count ? edition->language : "x-default");
        set_buf(item, "href", &url);
        json_array_append_new(list, item);
        gz_buf_free(&url);
    }
    return list;
}

static json_t *site_object(const views_site_t *site)
{
    json_t *object = json_object();
    views_set_text_if_any(object, "name", site->name);
    views_set_text_if_any(object, "url", site->url);
    views_set_text_if_any(object, "language", site->language);
    gz_buf_t path = GZ_BUF_INIT;
    views_home_path(&path, site);
    set_buf(object, "home", &path);
    gz_buf_reset(&path);
    views_site_path(&path, site, "/search");
    set_buf(object, "search", &path);
    gz_buf_free(&path);
    json_t *editions = editions_list(site);
    if (json_array_size(editions) > 0)
        json_object_set_new(object, "editions", editions);
    else
        json_decref(editions);
    gz_buf_t year = GZ_BUF_INIT;
    gz_time_append_local(&year, site->now, "%Y");
    set_buf(object, "year", &year);
    gz_buf_free(&year);
    return object;
}

/* A page: site, navigation and the head's title, language and canonical. */
static json_t *page_model(const views_site_t *site, const char *title, const char *language,
                          const char *path, int64_t current_section_id)
{
    json_t *model = json_object();
    json_t *page = json_object();
    json_object_set_new(model, "site", site_object(site));
    json_object_set_new(model, "nav", navigation(site, current_section_id));
    language = language_or_site(site, language);
    views_set_text_if_any(page, "title", title);
    views_set_text_if_any(page, "lang", language);
    views_set_text_if_any(page, "dir", views_text_direction(language));
    if (path != NULL) {
        gz_buf_t canonical = GZ_BUF_INIT;
        gz_buf_append_cstr(&canonical, site->url);
        gz_buf_append_cstr(&canonical, path);
        set_buf(page, "canonical", &canonical);
        gz_buf_free(&canonical);
    }
    views_head_site(page, site);
    json_object_set_new(model, "page", page);
    return model;
}

/* ---- articles ------------------------------------------------------------ */

static json_t *related_item(const views_site_t *site, const content_related_t *related)
{
    json_t *item = json_object();
    gz_buf_t url = GZ_BUF_INIT;
    views_article_path(&url, site, related->id, related->slug);
    set_buf(item, "url", &url);
    views_set_text_if_any(item, "headline", related->headline);
    json_object_set_new(item, "image", image_object(site, related->lead_image, related->headline));
    content_type_t type = {.id = related->content_type_id,
                           .slug = related->content_type_slug,
                           .name = related->content_type_name};
    /* Always set, false when the item has none: Mustache would otherwise
     * find the article's own label ("Video") further up the context. */
    const char *kicker = kicker_of(&type);
    json_object_set_new(item, "kicker", kicker ? json_string(kicker) : json_false());
    gz_buf_free(&url);
    return item;
}

static json_t *related_list(const views_site_t *site, const content_article_t *article)
{
    json_t *items = json_array();
    for (size_t i = 0; i < article->related_count; i++) {
        json_array_append_new(items, related_item(site, &article->related[i]));
    }
    return items;
}

static json_t *named_list(const char *const *names, size_t count)
{
    json_t *items = json_array();
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_object();
        views_set_text_if_any(item, "name", names[i]);
        json_array_append_new(items, item);
    }
    return items;
}

static json_t *authors_list(const content_article_t *article)
{
    const char *names[64];
    size_t count = article->author_count < 64 ? article->author_count : 64;
    for (size_t i = 0; i < count; i++) {
        names[i] = article->authors[i].name;
    }
    return named_list(names, count);
}

/* The article's authors for machines: name, slug and their page. */
static json_t *author_objects(const views_site_t *site, const content_article_t *article)
{
    json_t *list = json_array();
    for (size_t i = 0; i < article->author_count; i++) {
        const content_author_t *author = &article->authors[i];
        if (author->name == NULL || author->slug == NULL)
            continue;
        gz_buf_t url = GZ_BUF_INIT;
        gz_buf_append_cstr(&url, site->url);
        views_author_path(&url, site, author->slug);
        json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "name", author->name, "slug",
                                              author->slug, "url", gz_buf_cstr(&url)));
        gz_buf_free(&url);
    }
    return list;
}

/* The fields a card on a front and the full article page share. */
static json_t *article_summary(const views_site_t *site, const content_article_t *article)
{
    json_t *object = json_object();
    gz_buf_t url = GZ_BUF_INIT;
    views_article_path(&url, site, article->id, article->slug);
    json_object_set_new(object, "id", json_integer(article->id));
    set_buf(object, "url", &url);
    views_set_text_if_any(object, "headline", article->headline);
    views_set_text_if_any(object, "kicker", kicker_of(&article->content_type));
    views_set_text_if_any(object, "content_type", article->content_type.slug);
    views_set_text_if_any(object, "summary", article->summary);
    const char *language = language_or_site(site, article->language);
    views_set_text_if_any(object, "lang", language);
    views_set_text_if_any(object, "dir", views_text_direction(language));
    json_t *section = section_object(site, &article->section);
    if (section != NULL) {
        json_object_set_new(object, "section", section);
    }
    set_time(object, "published_iso", "published_display", site, language, article->published_at);
    json_object_set_new(object, "image",
                        image_object(site, article->lead_image, article->headline));
    gz_buf_free(&url);
    return object;
}

/* Corrections and updates, oldest first, each dated in the site's format. */
static json_t *notes_list(const views_site_t *site, const content_article_t *article)
{
    json_t *notes = json_array();
    for (size_t i = 0; i < article->note_count; i++) {
        const content_note_t *note = &article->notes[i];
        bool is_update = note->kind == CONTENT_NOTE_UPDATE;
        json_t *object = json_object();
        views_set_text_if_any(object, "kind", is_update ? "update" : "correction");
        views_set_text_if_any(object, "kind_label", is_update ? "Update" : "Correction");
        views_set_text_if_any(object, "text", note->text);
        set_time(object, "date_iso", "date_display", site,
                 language_or_site(site, article->language), note->created_at);
        json_array_append_new(notes, object);
    }
    return notes;
}

/* The lead as a figure, and the body with its figures; whether either
 * holds an embed, which needs the theme's embed.js. */
static bool add_article_media(json_t *object, const views_site_t *site,
                              const content_article_t *article, const views_article_media_t *media)
{
    bool has_embed = false;
    if (media == NULL) {
        return false;
    }
    views_picture_options_t lead = {.role = VIEWS_PICTURE_LEAD,
                                    .ratio_width = 16,
                                    .ratio_height = 9,
                                    .sizes = VIEWS_ARTICLE_PICTURE_SIZES,
                                    .resolve = media->resolve,
                                    .resolve_context = media->resolve_context};
    json_t *figure = media->lead != NULL ? views_media(site, media->lead, &lead) : NULL;
    if (figure != NULL) {
        has_embed = json_object_get(figure, "embed") != NULL;
        json_object_set_new(object, "lead_media", figure);
    }
    gz_buf_t body = GZ_BUF_INIT;
    bool body_has_embed = false;
    if (views_body_html(site, article, media, (views_body_options_t){.pasted_embeds = true}, &body,
                        &body_has_embed)) {
        set_buf(object, "body_html", &body);
    }
    gz_buf_free(&body);
    return has_embed || body_has_embed;
}

/* A change a minute or more after publication is shown as an update:
 * "Updated 14:05 GMT" the same day, with the date on a later one, in the
 * article's language and the site's zone. */
static void set_updated_display(json_t *object, const views_site_t *site,
                                const content_article_t *article)
{
    if (article->published_at <= 0 || article->updated_at < article->published_at + 60)
        return;
    const char *language = language_or_site(site, article->language);
    if (language == NULL)
        return;
    gz_buf_t published_day = GZ_BUF_INIT, updated_day = GZ_BUF_INIT, text = GZ_BUF_INIT;
    gz_time_append_local(&published_day, article->published_at, "%Y-%m-%d");
    gz_time_append_local(&updated_day, article->updated_at, "%Y-%m-%d");
    bool same_day = strcmp(gz_buf_cstr(&published_day), gz_buf_cstr(&updated_day)) == 0;
    if (gz_time_append_in_locale(&text, article->updated_at, views_locale_of(site, language),
                                 same_day ? "Hmz" : "dMMMMyHmz") == GZ_OK)
        set_buf(object, "updated_display", &text);
    gz_buf_free(&published_day);
    gz_buf_free(&updated_day);
    gz_buf_free(&text);
}

json_t *views_article_page_with_media(const views_site_t *site, const content_article_t *article,
                                      const views_article_media_t *media)
{
    gz_buf_t path = GZ_BUF_INIT;
    views_article_path(&path, site, article->id, article->slug);
    json_t *model = page_model(site, article->headline, article->language, gz_buf_cstr(&path),
                               article->section.id);
    json_t *object = article_summary(site, article);
    views_set_text_if_any(object, "subtitle", article->subtitle);
    views_set_text_if_any(object, "dateline", article->dateline);
    views_set_text_if_any(object, "body_html", article->body_html);
    views_set_text_if_any(object, "editor_code", article->editor_code);
    set_time(object, "updated_iso", NULL, site, NULL, article->updated_at);
    set_updated_display(object, site, article);
    if (article->is_stub) {
        json_object_set_new(object, "is_stub", json_true());
    }
    json_object_set_new(object, "authors", authors_list(article));
    json_object_set_new(object, "byline", views_byline(site, article));
    json_object_set_new(object, "related", related_list(site, article));
    json_object_set_new(object, "has_related", json_boolean(article->related_count > 0));
    json_object_set_new(object, "notes", notes_list(site, article));
    json_object_set_new(object, "has_notes", json_boolean(article->note_count > 0));
    json_object_set_new(object, "has_dateline",
                        json_boolean(article->dateline != NULL || article->section.id != 0));
    bool has_embed = add_article_media(object, site, article, media);
    json_object_set_new(model, "article", object);
    json_t *page = json_object_get(model, "page");
    views_head_article_search(page, article);
    if (has_embed) {
        json_object_set_new(page, "embed_script", json_true());
    }
    views_head_article_media(model, site, article, media);
    gz_buf_free(&path);
    return model;
}

/* An article's absolute address in its own edition. */
static void append_article_url(gz_buf_t *out, const views_site_t *site,
                               const content_article_t *article)
{
    const gz_edition_t *edition =
        gz_edition_for_language(site->editions, site->edition_count, article->language);
    gz_buf_t home = GZ_BUF_INIT;
    append_edition_home(&home, site, edition);
    size_t len = home.len;
    while (len > 0 && gz_buf_cstr(&home)[len - 1] == '/')
        len--; /* "https://host/" and "https://site/ar" alike */
    gz_buf_append(out, gz_buf_cstr(&home), len);
    views_site_t bare = {.path_prefix = ""};
    views_article_path(out, &bare, article->id, article->slug);
    gz_buf_free(&home);
}

static json_t *alternate(const char *hreflang, const char *href)
{
    json_t *item = json_object();
    views_set_text_if_any(item, "hreflang", hreflang);
    views_set_text_if_any(item, "href", href);
    return item;
}

void views_article_translations(json_t *model, const views_site_t *site,
                                const content_article_t *article,
                                const content_article_t *translations, size_t count)
{
    if (site->editions == NULL || site->edition_count < 2)
        return;
    json_t *alternates = json_array(), *switcher = json_array();
    gz_buf_t url = GZ_BUF_INIT, fallback = GZ_BUF_INIT;
    append_article_url(&url, site, article);
    json_array_append_new(alternates, alternate(article->language, gz_buf_cstr(&url)));
    gz_buf_append_cstr(&fallback, gz_buf_cstr(&url)); /* x-default: the default edition's */
    for (size_t i = 0; i < count; i++) {
        const content_article_t *other = &translations[i];
        if (!content_article_is_live(other, site->now))
            continue;
        gz_buf_reset(&url);
        append_article_url(&url, site, other);
        json_array_append_new(alternates, alternate(other->language, gz_buf_cstr(&url)));
        const gz_edition_t *edition =
            gz_edition_for_language(site->editions, site->edition_count, other->language);
        if (edition == &site->editions[0]) {
            gz_buf_reset(&fallback);
            gz_buf_append_cstr(&fallback, gz_buf_cstr(&url));
        }
        json_t *item = json_object();
        set_buf(item, "url", &url);
        views_set_text_if_any(item, "lang", other->language);
        views_set_text_if_any(item, "dir", views_text_direction(other->language));
        views_set_text_if_any(item, "edition",
                              edition->name[0] != '\0' ? edition->name : edition->language);
        views_set_text_if_any(item, "headline", other->headline);
        json_array_append_new(switcher, item);
    }
    if (json_array_size(switcher) == 0) {
        json_decref(alternates); /* no live translation: nothing to tell apart */
        json_decref(switcher);
    } else {
        json_array_append_new(alternates, alternate("x-default", gz_buf_cstr(&fallback)));
        json_object_set_new(json_object_get(model, "page"), "alternates", alternates);
        json_object_set_new(json_object_get(model, "article"), "translations", switcher);
    }
    gz_buf_free(&url);
    gz_buf_free(&fallback);
}

json_t *views_article_page(const views_site_t *site, const content_article_t *article)
{
    return views_article_page_with_media(site, article, NULL);
}

/* ---- fronts ---------------------------------------------------------------- */

static void add_pagination(json_t *model, const char *base_path, size_t page, size_t page_size,
                           size_t total)
{
    json_t *pagination = json_object();
    gz_buf_t url = GZ_BUF_INIT;
    if (page > 1) {
        gz_buf_printf(&url, "%s?page=%zu", base_path, page - 1);
        if (page == 2) {
            gz_buf_reset(&url);
            gz_buf_append_cstr(&url, base_path);
        }
        set_buf(pagination, "previous_url", &url);
    }
    if (page_size > 0 && page * page_size < total) {
        gz_buf_reset(&url);
        gz_buf_printf(&url, "%s?page=%zu", base_path, page + 1);
        set_buf(pagination, "next_url", &url);
    }
    json_object_set_new(pagination, "page", json_integer((json_int_t)page));
    if (json_object_size(pagination) > 1) {
        json_object_set_new(model, "pagination", pagination);
    } else {
        json_decref(pagination);
    }
    gz_buf_free(&url);
}

/* A list of cards under a title: the home page (heading NULL), a section
 * or a tag, whose path is the base of the pages' addresses. */
static json_t *front_model(const views_site_t *site, const char *heading, const char *path,
                           int64_t current_section_id, const content_article_list_t *list,
                           size_t page, size_t page_size)
{
    json_t *model =
        page_model(site, heading != NULL ? heading : site->name, NULL, path, current_section_id);
    json_t *articles = json_array();
    for (size_t i = 0; i < list->count; i++) {
        json_t *card = article_summary(site, &list->items[i]);
        if (i == 0 && page <= 1) {
            json_object_set_new(model, "lead", card);
        } else {
            json_array_append_new(articles, card);
        }
    }
    json_object_set_new(model, "articles", articles);
    if (list->count == 0) {
        json_object_set_new(model, "empty", json_true());
    }
    add_pagination(model, path, page, page_size, list->total);
    views_head_front(model, site, heading, path);
    return model;
}

json_t *views_front_page(const views_site_t *site, const content_section_t *section,
                         const content_article_list_t *list, size_t page, size_t page_size)
{
    gz_buf_t path = GZ_BUF_INIT;
    if (section != NULL) {
        views_section_path(&path, site, section->slug);
    } else {
        views_home_path(&path, site);
    }
    json_t *model = front_model(site, section != NULL ? section->name : NULL, gz_buf_cstr(&path),
                                section != NULL ? section->id : 0, list, page, page_size);
    if (section != NULL) {
        json_t *object = section_object(site, section);
        if (object != NULL && section->description != NULL && section->description[0] != '\0') {
            views_set_text_if_any(object, "description", section->description);
        }
        json_object_set_new(model, "section", object);
    } else {
        json_object_set_new(model, "is_home", json_true());
        if (page <= 1)
            json_object_set_new(json_object_get(model, "page"), "alternates",
                                home_alternates(site));
    }
    gz_buf_free(&path);
    return model;
}

json_t *views_curated_front_page(const views_site_t *site, const content_section_t *section,
                                 const content_article_t *top, size_t top_count,
                                 const views_front_block_t *blocks, size_t block_count)
{
    gz_buf_t path = GZ_BUF_INIT;
    if (section != NULL)
        views_section_path(&path, site, section->slug);
    else
        views_home_path(&path, site);
    const char *heading = section != NULL ? section->name : NULL;
    json_t *model = page_model(site, heading != NULL ? heading : site->name, NULL,
                               gz_buf_cstr(&path), section != NULL ? section->id : 0);
    json_t *articles = json_array();
    for (size_t i = 0; i < top_count; i++) {
        json_t *card = article_summary(site, &top[i]);
        if (i == 0)
            json_object_set_new(model, "lead", card);
        else
            json_array_append_new(articles, card);
    }
    json_object_set_new(model, "articles", articles);
    json_t *list = json_array();
    for (size_t b = 0; b < block_count; b++) {
        json_t *cards = json_array();
        for (size_t i = 0; i < blocks[b].count; i++)
            json_array_append_new(cards, article_summary(site, &blocks[b].articles[i]));
        json_t *block = json_pack("{s:s,s:o,s:I}", "name", blocks[b].name, "articles", cards,
                                  "index", (json_int_t)(b + 1));
        views_set_text_if_any(block, "url", blocks[b].url);
        json_array_append_new(list, block);
    }
    json_object_set_new(model, "blocks", list);
    json_object_set_new(model, "curated", json_true());
    if (top_count == 0 && block_count == 0)
        json_object_set_new(model, "empty", json_true());
    if (section != NULL)
        json_object_set_new(model, "section", section_object(site, section));
    else
        json_object_set_new(model, "is_home", json_true());
    views_head_front(model, site, heading, gz_buf_cstr(&path));
    gz_buf_free(&path);
    return model;
}

json_t *views_tag_front_page(const views_site_t *site, const content_tag_t *tag,
                             const content_article_list_t *list, size_t page, size_t page_size)
{
    gz_buf_t path = GZ_BUF_INIT;
    gz_buf_append_cstr(&path, "/tag/");
    gz_buf_append_cstr(&path, tag->slug);
    json_t *model = front_model(site, tag->name, gz_buf_cstr(&path), 0, list, page, page_size);
    json_t *object = json_object();
    views_set_text_if_any(object, "name", tag->name);
    views_set_text_if_any(object, "slug", tag->slug);
    set_buf(object, "url", &path);
    json_object_set_new(model, "tag", object);
    gz_buf_free(&path);
    return model;
}

/* The host of a link, as its label ("social.example"). */
static json_t *author_links(const char *links)
{
    json_t *list = json_array();
    gz_str_t rest = gz_str_from_cstr(links), link;
    while (content_author_next_link(&rest, &link)) {
        const char *host = memchr(link.ptr, '/', link.len);
        host = host != NULL && (size_t)(host - link.ptr) + 2 <= link.len ? host + 2 : link.ptr;
        size_t host_len = strcspn(host, "/?#\n");
        if (host + host_len > link.ptr + link.len)
            host_len = (size_t)(link.ptr + link.len - host);
        if (host_len > 4 && strncmp(host, "www.", 4) == 0) {
            host += 4;
            host_len -= 4;
        }
        json_t *item = json_object();
        json_object_set_new(item, "url", json_stringn(link.ptr, link.len));
        json_object_set_new(item, "label", json_stringn(host, host_len));
        json_array_append_new(list, item);
    }
    return list;
}

/* The bio as paragraphs, split at blank lines. */
static json_t *paragraphs(const char *text)
{
    json_t *list = json_array();
    const char *p = text;
    while (p != NULL && *p != '\0') {
        const char *end = strstr(p, "\n\n");
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        gz_str_t para = gz_str_trim((gz_str_t){p, len});
        if (para.len > 0)
            json_array_append_new(list, json_pack("{s:s%}", "text", para.ptr, para.len));
        p = end != NULL ? end + 2 : NULL;
    }
    return list;
}

json_t *views_author_page(const views_site_t *site, const content_author_t *author,
                          const content_media_t *picture, const content_article_list_t *list,
                          size_t page, size_t page_size)
{
    gz_buf_t path = GZ_BUF_INIT;
    views_author_path(&path, site, author->slug);
    json_t *model = front_model(site, author->name, gz_buf_cstr(&path), 0, list, page, page_size);
    json_t *object = json_object();
    views_set_text_if_any(object, "name", author->name);
    views_set_text_if_any(object, "slug", author->slug);
    set_buf(object, "url", &path);
    views_set_text_if_any(object, "role_line", author->role_line);
    json_object_set_new(object, "bio", paragraphs(author->bio));
    json_object_set_new(object, "links", author_links(author->links));
    views_set_text_if_any(object, "language", author->language);
    /* A square portrait, or the neutral placeholder until there is one. */
    views_picture_options_t options = {.role = VIEWS_PICTURE_LEAD,
                                       .ratio_width = 1,
                                       .ratio_height = 1,
                                       .sizes = "160px",
                                       .alt = author->name};
    json_object_set_new(object, "picture", views_picture(site, picture, &options));
    json_t *feeds = json_array();
    static const char *const names[] = {"RSS", "Atom", "JSON Feed"};
    for (int format = VIEWS_FEED_RSS; format <= VIEWS_FEED_JSON; format++) {
        gz_buf_t feed = GZ_BUF_INIT;
        views_feed_path(&feed, gz_buf_cstr(&path), (views_feed_format_t)format);
        json_array_append_new(
            feeds, json_pack("{s:s,s:s}", "name", names[format], "url", gz_buf_cstr(&feed)));
        gz_buf_free(&feed);
    }
    json_object_set_new(object, "feeds", feeds);
    json_object_set_new(model, "author", object);
    gz_buf_t image = GZ_BUF_INIT;
    views_article_media_t portrait = {.lead = picture};
    views_social_picture_t social;
    bool has_image = views_social_picture(site, &portrait, &social);
    if (has_image)
        views_append_social_url(&image, site, &social, 1, 1);
    views_head_author(model, site, author, gz_buf_cstr(&path),
                      has_image ? gz_buf_cstr(&image) : NULL);
    gz_buf_free(&image);
    gz_buf_free(&path);
    return model;
}

json_t *views_error_page(const views_site_t *site, int status, const char *message)
{
    const char *title = status == 404 ? "Page not found" : "This request could not be served";
    json_t *model = page_model(site, title, NULL, NULL, 0);
    json_t *error = json_object();
    json_object_set_new(error, "status", json_integer(status));
    views_set_text_if_any(error, "title", title);
    views_set_text_if_any(error, "message", message);
    json_object_set_new(model, "error", error);
    return model;
}

/* ---- JSON for machines ------------------------------------------------------- */

json_t *views_article_json(const views_site_t *site, const content_article_t *article)
{
    json_t *object = json_object();
    gz_buf_t url = GZ_BUF_INIT;
    gz_buf_append_cstr(&url, site->url);
    views_article_path(&url, site, article->id, article->slug);
    json_object_set_new(object, "id", json_integer(article->id));
    set_buf(object, "url", &url);
    views_set_text_if_any(object, "headline", article->headline);
    views_set_text_if_any(object, "subtitle", article->subtitle);
    views_set_text_if_any(object, "summary", article->summary);
    views_set_text_if_any(object, "body_html", article->body_html);
    views_set_text_if_any(object, "dateline", article->dateline);
    views_set_text_if_any(object, "language", language_or_site(site, article->language));
    views_set_text_if_any(object, "editor_code", article->editor_code);
    views_set_text_if_any(object, "lead_image", article->lead_image);
    gz_buf_t byline = GZ_BUF_INIT;
    views_byline_append(&byline, article);
    views_set_text_if_any(object, "byline", byline.len > 0 ? gz_buf_cstr(&byline) : NULL);
    gz_buf_free(&byline);
    if (article->content_type.id != 0) {
        json_t *type = json_object();
        json_object_set_new(type, "id", json_integer(article->content_type.id));
        views_set_text_if_any(type, "slug", article->content_type.slug);
        views_set_text_if_any(type, "name", article->content_type.name);
        json_object_set_new(object, "content_type", type);
    }
    json_t *section = section_object(site, &article->section);
    if (section != NULL) {
        json_object_set_new(object, "section", section);
    }
    set_time(object, "published", NULL, site, NULL, article->published_at);
    set_time(object, "updated", NULL, site, NULL, article->updated_at);
    json_object_set_new(object, "sort", json_integer(article->sort_key));
    json_object_set_new(object, "authors", author_objects(site, article));
    json_t *related = json_array();
    for (size_t i = 0; i < article->related_count; i++) {
        json_array_append_new(related, json_integer(article->related[i].id));
    }
    json_object_set_new(object, "related", related);
    gz_buf_free(&url);
    return object;
}

static json_t *int64_string(int64_t value)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%" PRId64, value);
    return json_stringn(digits, (size_t)len);
}

json_t *views_related_legacy(const content_article_t *article)
{
    json_t *items = json_array();
    for (size_t i = 0; i < article->related_count; i++) {
        const content_related_t *related = &article->related[i];
        json_t *item = json_object();
        json_object_set_new(item, "id", int64_string(related->id));
        json_object_set_new(item, "sort", int64_string(related->sort_key));
        json_object_set_new(item, "contenttypeid", int64_string(related->content_type_id));
        json_object_set_new(item, "pic",
                            json_string(related->lead_image ? related->lead_image : ""));
        json_object_set_new(item, "title", json_string(related->headline ? related->headline : ""));
        json_array_append_new(items, item);
    }
    return items;
}

json_t *views_most_read(const views_site_t *site, const content_article_t *items,
                        const int64_t *views, size_t count)
{
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_object();
        gz_buf_t url = GZ_BUF_INIT;
        views_article_path(&url, site, items[i].id, items[i].slug);
        json_object_set_new(item, "id", json_integer(items[i].id));
        set_buf(item, "url", &url);
        views_set_text_if_any(item, "headline", items[i].headline);
        json_t *section = section_object(site, &items[i].section);
        if (section != NULL) {
            json_object_set_new(item, "section", section);
        }
        json_object_set_new(item, "views", json_integer(views[i]));
        json_object_set_new(item, "rank", json_integer((json_int_t)i + 1));
        json_array_append_new(list, item);
        gz_buf_free(&url);
    }
    (void)site;
    return list;
}

/* ---- shared with search.c (views_private.h) --------------------------------- */

json_t *views_page_model(const views_site_t *site, const char *title, const char *language,
                         const char *path, int64_t current_section_id)
{
    return page_model(site, title, language, path, current_section_id);
}

json_t *views_article_card(const views_site_t *site, const content_article_t *article)
{
    return article_summary(site, article);
}
