/*
 * feeds.c: the site's articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1,
 * plus the small text and address helpers every machine-readable output
 * of this folder shares.
 *
 * The rule that matters most is escaping: each text is escaped once for
 * the place it lands in, never twice and never not at all. XML is written
 * by hand into a buffer (views_xml_append_text escapes & < > " ' and drops
 * the control characters XML cannot carry), and JSON Feed is a jansson
 * tree dumped by jansson, so headlines with ampersands, angle brackets,
 * typographic quotes or Arabic script come out as their authors wrote
 * them. Where a format's element holds HTML (RSS description and
 * content:encoded, Atom content type="html", JSON Feed content_html), the
 * value is HTML first (the sanitized body, or the summary escaped as HTML
 * text) and then escaped for XML, which is how those formats nest.
 *
 * Identity: an item's RSS guid and JSON Feed id are its permanent link
 * /news/ID, which keeps working when the headline (and so the slug)
 * changes; Atom ids are tag URIs (tag:HOST,YEAR:article:ID) with the year
 * the article was created, so they never change either. Times are RFC 822
 * in RSS and RFC 3339 in Atom and JSON Feed, always in UTC.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "views/views_private.h"

/* ---- shared helpers ------------------------------------------------------- */

void views_xml_append_text(gz_buf_t *out, const char *text)
{
    if (text == NULL) {
        return;
    }
    const unsigned char *bytes = (const unsigned char *)text;
    size_t start = 0, i = 0;
    while (bytes[i] != '\0') {
        size_t forbidden = 0;
        if (bytes[i] < 0x20 && bytes[i] != '\t' && bytes[i] != '\n' && bytes[i] != '\r') {
            forbidden = 1;
        } else if (bytes[i] == 0xEF && bytes[i + 1] == 0xBF &&
                   (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF)) {
            forbidden = 3; /* U+FFFE, U+FFFF */
        }
        if (forbidden == 0) {
            i++;
            continue;
        }
        gz_buf_append_html(out, text + start, i - start);
        i += forbidden;
        start = i;
    }
    gz_buf_append_html(out, text + start, i - start);
}

/* RFC 3986 unreserved characters, and the sub-delimiters a path keeps. */
static bool url_path_keeps(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return c != '\0' && strchr("-._~/:@!$()*+,;=", c) != NULL;
}

static void append_percent_encoded(gz_buf_t *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)path; *c != '\0'; c++) {
        if (url_path_keeps(*c)) {
            gz_buf_append_char(out, (char)*c);
        } else {
            char escape[3] = {'%', hex[*c >> 4], hex[*c & 15]};
            gz_buf_append(out, escape, 3);
        }
    }
}

static bool is_absolute_url(const char *text)
{
    return strncmp(text, "http://", 7) == 0 || strncmp(text, "https://", 8) == 0;
}

void views_append_absolute_url(gz_buf_t *out, const views_site_t *site, const char *path)
{
    gz_buf_append_cstr(out, site->url);
    if (path == NULL || path[0] == '\0' || strcmp(path, "/") == 0) {
        gz_buf_t home = GZ_BUF_INIT; /* the edition's */
        views_home_path(&home, site);
        append_percent_encoded(out, gz_buf_cstr(&home));
        gz_buf_free(&home);
        return;
    }
    append_percent_encoded(out, path);
}

bool views_append_image_url(gz_buf_t *out, const views_site_t *site, const char *picture_path)
{
    if (picture_path == NULL || picture_path[0] == '\0' || site->image_url == NULL) {
        return false;
    }
    gz_buf_t found = GZ_BUF_INIT;
    site->image_url(site->image_context, picture_path, &found);
    bool shown = found.len > 0;
    if (shown && is_absolute_url(gz_buf_cstr(&found))) {
        gz_buf_append_str(out, gz_buf_str(&found));
    } else if (shown) {
        views_append_absolute_url(out, site, gz_buf_cstr(&found));
    }
    gz_buf_free(&found);
    return shown;
}

void views_append_logo_url(gz_buf_t *out, const views_site_t *site)
{
    const char *logo =
        site->logo != NULL && site->logo[0] != '\0' ? site->logo : "/static/logo.png";
    if (is_absolute_url(logo)) {
        gz_buf_append_cstr(out, logo);
    } else {
        views_append_absolute_url(out, site, logo);
    }
}

gz_time_t views_modified_time(const content_article_t *article)
{
    return article->updated_at > article->published_at ? article->updated_at
                                                       : article->published_at;
}

const char *views_image_media_type(const char *picture_path)
{
    static const struct {
        const char *extension;
        const char *type;
    } types[] = {{".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"},
                 {".gif", "image/gif"},  {".webp", "image/webp"}, {".avif", "image/avif"}};
    const char *dot = picture_path != NULL ? strrchr(picture_path, '.') : NULL;
    for (size_t i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++) {
        if (strcasecmp(dot, types[i].extension) == 0) {
            return types[i].type;
        }
    }
    return NULL;
}

/* ---- paths and names -------------------------------------------------------- */

static const char *const FEED_EXTENSIONS[] = {"rss", "atom", "json"};

void views_feed_path(gz_buf_t *out, const char *front_path, views_feed_format_t format)
{
    const char *path = front_path != NULL && front_path[0] != '\0' ? front_path : "/";
    gz_buf_append_cstr(out, path);
    if (path[strlen(path) - 1] != '/') {
        gz_buf_append_char(out, '/');
    }
    gz_buf_printf(out, "feed.%s", FEED_EXTENSIONS[format]);
}

const char *views_feed_content_type(views_feed_format_t format)
{
    switch (format) {
    case VIEWS_FEED_RSS: return "application/rss+xml; charset=utf-8";
    case VIEWS_FEED_ATOM: return "application/atom+xml; charset=utf-8";
    case VIEWS_FEED_JSON: break;
    }
    return "application/feed+json; charset=utf-8";
}

/* Everything an item needs that is not a field of the article. */
typedef struct {
    gz_buf_t url;           /* canonical, absolute */
    gz_buf_t permalink;     /* /news/ID, absolute */
    gz_buf_t image;         /* absolute, empty when the picture is not in the media store */
    const char *image_type; /* its MIME type, NULL when unknown */
    uint32_t image_width, image_height; /* 0 when unknown */
    gz_buf_t body;                      /* the body with its figures, when the item has media */
    bool has_body;
    const char *language;
} item_links_t;

static void item_links_init(item_links_t *links, const views_site_t *site,
                            const content_article_t *article, const views_article_media_t *media)
{
    gz_buf_t path = GZ_BUF_INIT;
    *links = (item_links_t){.url = GZ_BUF_INIT,
                            .permalink = GZ_BUF_INIT,
                            .image = GZ_BUF_INIT,
                            .body = GZ_BUF_INIT,
                            .language = site->language};
    views_article_path(&path, site, article->id, article->slug);
    views_append_absolute_url(&links->url, site, gz_buf_cstr(&path));
    gz_buf_reset(&path);
    gz_buf_printf(&path, "/news/%" PRId64, article->id);
    views_append_absolute_url(&links->permalink, site, gz_buf_cstr(&path));
    views_social_picture_t social;
    if (views_social_picture(site, media, &social)) {
        views_append_social_url(&links->image, site, &social, 16, 9);
        links->image_type = "image/jpeg";
        links->image_width = social.shown_width;
        links->image_height = social.shown_height;
    } else if (views_append_image_url(&links->image, site, article->lead_image)) {
        links->image_type = views_image_media_type(article->lead_image);
    }
    links->has_body = views_body_html(site, article, media,
                                      (views_body_options_t){.absolute = true}, &links->body, NULL);
    if (article->language != NULL && article->language[0] != '\0') {
        links->language = article->language;
    }
    gz_buf_free(&path);
}

static void item_links_free(item_links_t *links)
{
    gz_buf_free(&links->url);
    gz_buf_free(&links->permalink);
    gz_buf_free(&links->image);
    gz_buf_free(&links->body);
}

/* The body's HTML: rendered with absolute figures, or as stored. */
static const char *item_body(const item_links_t *links, const content_article_t *article)
{
    return links->has_body ? gz_buf_cstr(&links->body) : article->body_html;
}

static const views_article_media_t *item_media(const views_feed_t *feed, size_t index)
{
    return feed->media != NULL ? &feed->media[index] : NULL;
}

/* "Syria · Gazette", or the site's name for the whole site. */
static void append_feed_title(gz_buf_t *out, const views_site_t *site, const views_feed_t *feed)
{
    if (feed->title != NULL) {
        gz_buf_printf(out, "%s \xC2\xB7 ", feed->title);
    }
    gz_buf_append_cstr(out, site->name);
}

static const char *site_description(const views_site_t *site)
{
    return site->description != NULL && site->description[0] != '\0' ? site->description
                                                                     : site->name;
}

static gz_time_t newest_change(const content_article_list_t *list)
{
    gz_time_t newest = 0;
    for (size_t i = 0; i < list->count; i++) {
        gz_time_t modified = views_modified_time(&list->items[i]);
        newest = modified > newest ? modified : newest;
    }
    return newest;
}

/* The host of the site's URL, for tag URIs: "news.example". */
static void append_site_host(gz_buf_t *out, const views_site_t *site)
{
    const char *host = strstr(site->url, "://");
    host = host != NULL ? host + 3 : site->url;
    size_t len = strcspn(host, ":/?#");
    for (size_t i = 0; i < len; i++) {
        char c = host[i];
        gz_buf_append_char(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
    }
}

static void append_tag_uri(gz_buf_t *out, const views_site_t *site,
                           const content_article_t *article)
{
    gz_time_t born = article->created_at > 0 ? article->created_at : article->published_at;
    gz_buf_t stamp = GZ_BUF_INIT;
    gz_time_append_rfc3339(&stamp, born > 0 ? born : 0);
    gz_buf_append_cstr(out, "tag:");
    append_site_host(out, site);
    gz_buf_printf(out, ",%.4s:article:%" PRId64, gz_buf_cstr(&stamp), article->id);
    gz_buf_free(&stamp);
}

/* Appends <name>text</name> with text escaped; nothing when text is NULL
 * or empty. */
static void xml_element(gz_buf_t *out, const char *name, const char *text)
{
    if (text == NULL || text[0] == '\0') {
        return;
    }
    gz_buf_printf(out, "<%s>", name);
    views_xml_append_text(out, text);
    gz_buf_printf(out, "</%s>\n", name);
}

static void xml_time_element(gz_buf_t *out, const char *name, gz_time_t t, bool rfc822)
{
    gz_buf_printf(out, "<%s>", name);
    if (rfc822) {
        gz_time_append_rfc1123(out, t);
    } else {
        gz_time_append_rfc3339(out, t);
    }
    gz_buf_printf(out, "</%s>\n", name);
}

/* ---- RSS 2.0 ---------------------------------------------------------------- */

static void rss_item(gz_buf_t *out, const views_site_t *site, const content_article_t *article,
                     const views_article_media_t *media)
{
    item_links_t links;
    item_links_init(&links, site, article, media);
    gz_buf_append_cstr(out, "<item>\n");
    xml_element(out, "title", article->headline);
    xml_element(out, "link", gz_buf_cstr(&links.url));
    gz_buf_append_cstr(out, "<guid isPermaLink=\"true\">");
    views_xml_append_text(out, gz_buf_cstr(&links.permalink));
    gz_buf_append_cstr(out, "</guid>\n");
    xml_time_element(out, "pubDate", article->published_at, true);
    gz_buf_t byline = GZ_BUF_INIT; /* the byline as readers see it */
    views_byline_append(&byline, article);
    if (byline.len > 0) {
        xml_element(out, "dc:creator", gz_buf_cstr(&byline));
    }
    gz_buf_free(&byline);
    xml_element(out, "category", article->section.name);
    for (size_t i = 0; i < article->tag_count; i++) {
        xml_element(out, "category", article->tags[i].name);
    }
    if (article->summary != NULL && article->summary[0] != '\0') {
        gz_buf_t html = GZ_BUF_INIT; /* the description holds HTML */
        gz_buf_append_html(&html, article->summary, strlen(article->summary));
        xml_element(out, "description", gz_buf_cstr(&html));
        gz_buf_free(&html);
    }
    xml_element(out, "content:encoded", item_body(&links, article));
    if (links.image.len > 0) {
        gz_buf_append_cstr(out, "<media:content medium=\"image\" url=\"");
        views_xml_append_text(out, gz_buf_cstr(&links.image));
        if (links.image_type != NULL) {
            gz_buf_printf(out, "\" type=\"%s", links.image_type);
        }
        if (links.image_width > 0) {
            gz_buf_printf(out, "\" width=\"%u\" height=\"%u", links.image_width,
                          links.image_height);
        }
        gz_buf_append_cstr(out, "\"/>\n");
    }
    gz_buf_append_cstr(out, "</item>\n");
    item_links_free(&links);
}

static void feed_rss(const views_site_t *site, const views_feed_t *feed,
                     const content_article_list_t *list, gz_buf_t *out)
{
    gz_buf_t text = GZ_BUF_INIT;
    gz_buf_append_cstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\""
                            " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
                            " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                            " xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n");
    append_feed_title(&text, site, feed);
    xml_element(out, "title", gz_buf_cstr(&text));
    gz_buf_reset(&text);
    views_append_absolute_url(&text, site, feed->path);
    xml_element(out, "link", gz_buf_cstr(&text));
    xml_element(out, "description", site_description(site));
    xml_element(out, "language", site->language);
    gz_time_t newest = newest_change(list);
    if (newest > 0) {
        xml_time_element(out, "lastBuildDate", newest, true);
    }
    xml_element(out, "generator", "Gazette " GZ_VERSION);
    gz_buf_reset(&text);
    views_feed_path(&text, feed->path, VIEWS_FEED_RSS);
    gz_buf_t self = GZ_BUF_INIT;
    views_append_absolute_url(&self, site, gz_buf_cstr(&text));
    gz_buf_append_cstr(out, "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
    views_xml_append_text(out, gz_buf_cstr(&self));
    gz_buf_append_cstr(out, "\"/>\n");
    for (size_t i = 0; i < list->count; i++) {
        rss_item(out, site, &list->items[i], item_media(feed, i));
    }
    gz_buf_append_cstr(out, "</channel>\n</rss>\n");
    gz_buf_free(&self);
    gz_buf_free(&text);
}

/* ---- Atom 1.0 ---------------------------------------------------------------- */

/* An author element for each author, with their page; the byline's
 * override alone when the article names no author. */
static void atom_authors(gz_buf_t *out, const views_site_t *site, const content_article_t *article)
{
    size_t shown = 0;
    for (size_t i = 0; i < article->author_count; i++) {
        const content_author_t *author = &article->authors[i];
        if (author->name == NULL || author->slug == NULL) {
            continue;
        }
        gz_buf_t url = GZ_BUF_INIT;
        gz_buf_append_cstr(&url, site->url);
        views_author_path(&url, site, author->slug);
        gz_buf_append_cstr(out, "<author>");
        xml_element(out, "name", author->name);
        xml_element(out, "uri", gz_buf_cstr(&url));
        gz_buf_append_cstr(out, "</author>\n");
        gz_buf_free(&url);
        shown++;
    }
    if (shown == 0 && article->byline != NULL && article->byline[0] != '\0') {
        gz_buf_append_cstr(out, "<author>");
        xml_element(out, "name", article->byline);
        gz_buf_append_cstr(out, "</author>\n");
    }
}

static void atom_link(gz_buf_t *out, const char *rel, const char *type, const char *href)
{
    gz_buf_printf(out, "<link rel=\"%s\"", rel);
    if (type != NULL) {
        gz_buf_printf(out, " type=\"%s\"", type);
    }
    gz_buf_append_cstr(out, " href=\"");
    views_xml_append_text(out, href);
    gz_buf_append_cstr(out, "\"/>\n");
}

static void atom_category(gz_buf_t *out, const char *name)
{
    if (name == NULL || name[0] == '\0') {
        return;
    }
    gz_buf_append_cstr(out, "<category term=\"");
    views_xml_append_text(out, name);
    gz_buf_append_cstr(out, "\"/>\n");
}

static void atom_entry(gz_buf_t *out, const views_site_t *site, const content_article_t *article,
                       const views_article_media_t *media)
{
    item_links_t links;
    item_links_init(&links, site, article, media);
    gz_buf_append_cstr(out, "<entry xml:lang=\"");
    views_xml_append_text(out, links.language);
    gz_buf_append_cstr(out, "\">\n<id>");
    append_tag_uri(out, site, article);
    gz_buf_append_cstr(out, "</id>\n<title type=\"text\">");
    views_xml_append_text(out, article->headline);
    gz_buf_append_cstr(out, "</title>\n");
    atom_link(out, "alternate", "text/html", gz_buf_cstr(&links.url));
    xml_time_element(out, "published", article->published_at, false);
    xml_time_element(out, "updated", views_modified_time(article), false);
    atom_authors(out, site, article);
    atom_category(out, article->section.name);
    for (size_t i = 0; i < article->tag_count; i++) {
        atom_category(out, article->tags[i].name);
    }
    if (article->summary != NULL && article->summary[0] != '\0') {
        gz_buf_append_cstr(out, "<summary type=\"text\">");
        views_xml_append_text(out, article->summary);
        gz_buf_append_cstr(out, "</summary>\n");
    }
    const char *body = item_body(&links, article);
    if (body != NULL && body[0] != '\0') {
        gz_buf_append_cstr(out, "<content type=\"html\">");
        views_xml_append_text(out, body);
        gz_buf_append_cstr(out, "</content>\n");
    }
    if (links.image.len > 0) {
        atom_link(out, "enclosure", links.image_type, gz_buf_cstr(&links.image));
    }
    gz_buf_append_cstr(out, "</entry>\n");
    item_links_free(&links);
}

static void feed_atom(const views_site_t *site, const views_feed_t *feed,
                      const content_article_list_t *list, gz_buf_t *out)
{
    gz_buf_t text = GZ_BUF_INIT, self = GZ_BUF_INIT;
    views_feed_path(&text, feed->path, VIEWS_FEED_ATOM);
    views_append_absolute_url(&self, site, gz_buf_cstr(&text));
    gz_buf_append_cstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    views_xml_append_text(out, site->language);
    gz_buf_append_cstr(out, "\">\n");
    xml_element(out, "id", gz_buf_cstr(&self));
    gz_buf_reset(&text);
    append_feed_title(&text, site, feed);
    gz_buf_append_cstr(out, "<title type=\"text\">");
    views_xml_append_text(out, gz_buf_cstr(&text));
    gz_buf_append_cstr(out, "</title>\n<subtitle type=\"text\">");
    views_xml_append_text(out, site_description(site));
    gz_buf_append_cstr(out, "</subtitle>\n");
    gz_time_t newest = newest_change(list);
    xml_time_element(out, "updated", newest > 0 ? newest : site->now, false);
    atom_link(out, "self", "application/atom+xml", gz_buf_cstr(&self));
    gz_buf_reset(&text);
    views_append_absolute_url(&text, site, feed->path);
    atom_link(out, "alternate", "text/html", gz_buf_cstr(&text));
    gz_buf_append_cstr(out, "<author>\n");
    xml_element(out, "name", site->name);
    gz_buf_reset(&text);
    views_append_absolute_url(&text, site, "/");
    xml_element(out, "uri", gz_buf_cstr(&text));
    gz_buf_append_cstr(out,
                       "</author>\n<generator version=\"" GZ_VERSION "\">Gazette</generator>\n");
    gz_buf_reset(&text);
    views_append_logo_url(&text, site);
    xml_element(out, "logo", gz_buf_cstr(&text));
    for (size_t i = 0; i < list->count; i++) {
        atom_entry(out, site, &list->items[i], item_media(feed, i));
    }
    gz_buf_append_cstr(out, "</feed>\n");
    gz_buf_free(&text);
    gz_buf_free(&self);
}

/* ---- JSON Feed 1.1 ---------------------------------------------------------- */

static void json_set_time(json_t *object, const char *key, gz_time_t t)
{
    gz_buf_t text = GZ_BUF_INIT;
    gz_time_append_rfc3339(&text, t);
    json_object_set_new(object, key, json_string(gz_buf_cstr(&text)));
    gz_buf_free(&text);
}

/* Each author with their page; the override alone when there is none. */
static json_t *json_authors(const views_site_t *site, const content_article_t *article)
{
    json_t *list = json_array();
    for (size_t i = 0; i < article->author_count; i++) {
        const content_author_t *author = &article->authors[i];
        if (author->name == NULL || author->slug == NULL) {
            continue;
        }
        gz_buf_t url = GZ_BUF_INIT;
        gz_buf_append_cstr(&url, site->url);
        views_author_path(&url, site, author->slug);
        json_array_append_new(
            list, json_pack("{s:s,s:s}", "name", author->name, "url", gz_buf_cstr(&url)));
        gz_buf_free(&url);
    }
    if (json_array_size(list) == 0 && article->byline != NULL && article->byline[0] != '\0') {
        json_array_append_new(list, json_pack("{s:s}", "name", article->byline));
    }
    return list;
}

static json_t *json_item(const views_site_t *site, const content_article_t *article,
                         const views_article_media_t *media)
{
    item_links_t links;
    item_links_init(&links, site, article, media);
    json_t *item = json_object();
    views_set_text_if_any(item, "id", gz_buf_cstr(&links.permalink));
    views_set_text_if_any(item, "url", gz_buf_cstr(&links.url));
    views_set_text_if_any(item, "title", article->headline);
    const char *body = item_body(&links, article);
    if (body != NULL && body[0] != '\0') {
        views_set_text_if_any(item, "content_html", body);
    } else {
        views_set_text_if_any(item, "content_text",
                              article->summary != NULL ? article->summary : article->headline);
    }
    views_set_text_if_any(item, "summary", article->summary);
    views_set_text_if_any(item, "image", gz_buf_cstr(&links.image));
    json_set_time(item, "date_published", article->published_at);
    json_set_time(item, "date_modified", views_modified_time(article));
    json_t *authors = json_authors(site, article);
    if (json_array_size(authors) > 0) {
        json_object_set_new(item, "authors", authors);
    } else {
        json_decref(authors);
    }
    json_t *tags = json_array();
    if (article->section.name != NULL) {
        json_array_append_new(tags, json_string(article->section.name));
    }
    for (size_t i = 0; i < article->tag_count; i++) {
        json_array_append_new(tags, json_string(article->tags[i].name));
    }
    json_object_set_new(item, "tags", tags);
    views_set_text_if_any(item, "language", links.language);
    item_links_free(&links);
    return item;
}

static void feed_json(const views_site_t *site, const views_feed_t *feed,
                      const content_article_list_t *list, gz_buf_t *out)
{
    json_t *root = json_object();
    gz_buf_t text = GZ_BUF_INIT, url = GZ_BUF_INIT;
    views_set_text_if_any(root, "version", "https://jsonfeed.org/version/1.1");
    append_feed_title(&text, site, feed);
    views_set_text_if_any(root, "title", gz_buf_cstr(&text));
    views_append_absolute_url(&url, site, feed->path);
    views_set_text_if_any(root, "home_page_url", gz_buf_cstr(&url));
    gz_buf_reset(&text);
    gz_buf_reset(&url);
    views_feed_path(&text, feed->path, VIEWS_FEED_JSON);
    views_append_absolute_url(&url, site, gz_buf_cstr(&text));
    views_set_text_if_any(root, "feed_url", gz_buf_cstr(&url));
    views_set_text_if_any(root, "description", site_description(site));
    views_set_text_if_any(root, "language", site->language);
    gz_buf_reset(&url);
    views_append_absolute_url(&url, site, "/");
    json_object_set_new(root, "authors",
                        json_pack("[{s:s,s:s}]", "name", site->name, "url", gz_buf_cstr(&url)));
    json_t *items = json_array();
    for (size_t i = 0; i < list->count; i++) {
        json_array_append_new(items, json_item(site, &list->items[i], item_media(feed, i)));
    }
    json_object_set_new(root, "items", items);
    char *dumped = json_dumps(root, JSON_COMPACT);
    gz_buf_append_cstr(out, dumped != NULL ? dumped : "{}");
    gz_buf_append_char(out, '\n');
    free(dumped);
    json_decref(root);
    gz_buf_free(&text);
    gz_buf_free(&url);
}

void views_feed(const views_site_t *site, const views_feed_t *feed, views_feed_format_t format,
                const content_article_list_t *list, gz_buf_t *out)
{
    switch (format) {
    case VIEWS_FEED_RSS: feed_rss(site, feed, list, out); break;
    case VIEWS_FEED_ATOM: feed_atom(site, feed, list, out); break;
    case VIEWS_FEED_JSON: feed_json(site, feed, list, out); break;
    }
}
