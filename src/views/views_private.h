/*
 * Private to src/views: what the view files share. Nothing outside this
 * folder includes it (the views' unit tests may).
 */
#ifndef GAZETTE_VIEWS_PRIVATE_H
#define GAZETTE_VIEWS_PRIVATE_H

#include "views/views.h"

/* ---- feeds.c: text and addresses for machine-readable outputs ---------- */

/* Appends text escaped for XML content and attribute values (& < > " '),
 * dropping the characters XML 1.0 forbids (C0 controls other than tab,
 * line feed and carriage return; U+FFFE, U+FFFF). NULL appends nothing. */
void views_xml_append_text(gz_buf_t *out, const char *text);

/* Appends site->url then path, percent-encoding every byte of path outside
 * the characters a URL path may carry as they are (so non-ASCII slugs and
 * spaces in picture names become %XX): for XML and JSON outputs. */
void views_append_absolute_url(gz_buf_t *out, const views_site_t *site, const char *path);

/* Appends the absolute URL of a picture when site->image_url finds its
 * file, and returns whether it did. */
bool views_append_image_url(gz_buf_t *out, const views_site_t *site, const char *picture_path);

/* Appends the absolute URL of the publisher's logo (site->logo, a path on
 * the site or an absolute URL; /static/logo.png when NULL). */
void views_append_logo_url(gz_buf_t *out, const views_site_t *site);

/* The article's last change as readers see it: its update time, or its
 * publication time when that is later (a scheduled article). */
gz_time_t views_modified_time(const content_article_t *article);

/* The MIME type of a picture from its file name, NULL when unknown. */
const char *views_image_media_type(const char *picture_path);

/* ---- structured.c: what views.c adds to the head of its pages ---------- */

/* Discovery links for the site's feeds (page.feeds), on every page. */
void views_head_site(json_t *page, const views_site_t *site);
/* JSON-LD (NewsArticle, BreadcrumbList), Open Graph and Twitter tags, and
 * the section's feeds for an article page. */
void views_head_article(json_t *model, const views_site_t *site, const content_article_t *article);
/* For a front: WebSite JSON-LD on the home page (title NULL), a
 * BreadcrumbList and the front's own feeds on a section or tag page. */
void views_head_front(json_t *model, const views_site_t *site, const char *title, const char *path);

/* ---- picture.c, for the head, bodies and feeds ------------------------------- */

/* Whether the item is a picture whose file is there, with a usable stem. */
bool views_media_shows_picture(const content_media_t *media);
/* The picture an item shows: itself for a picture, the poster of a video
 * or an embed (through options->resolve), NULL when there is none. */
const content_media_t *views_media_poster(const content_media_t *media,
                                          const views_picture_options_t *options);
/* Appends VIEWS_MEDIA_URL_PREFIX and the derivative's path (site->url
 * first when absolute); nothing for an invalid stem. */
void views_append_derivative_url(gz_buf_t *out, const views_site_t *site, bool absolute,
                                 const content_media_t *media, uint32_t width,
                                 uint32_t ratio_width, uint32_t ratio_height,
                                 media_format_t format);

/* ---- views.c, for search.c ----------------------------------------------- */

/* A page's model: site, navigation, and page.title, lang, dir, canonical
 * (when path is not NULL), feeds. */
json_t *views_page_model(const views_site_t *site, const char *title, const char *language,
                         const char *path, int64_t current_section_id);
/* An article as a card on a front shows it (id, url, headline, kicker,
 * summary, lang, dir, section, published_iso, published_display, image). */
json_t *views_article_card(const views_site_t *site, const content_article_t *article);

#endif
