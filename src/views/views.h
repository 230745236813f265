/*
 * views: view models built from content values, as jansson trees that a
 * Mustache template (or the JSON API) consumes. Views are pure: no store,
 * no network, no file system. The caller hands in everything a view needs,
 * including a function that turns a stored picture path into a URL (the
 * web layer knows whether the file is in the media store yet), so every
 * view is testable with plain structs.
 *
 * Every function returns a new reference (json_decref it) and never NULL.
 */
#ifndef GAZETTE_VIEWS_H
#define GAZETTE_VIEWS_H

#include <jansson.h>

#include "base/base.h"
#include "content/content.h"

/* Appends the URL to show for a picture path; leaves out untouched when
 * there is no file yet, so the view shows the neutral placeholder. */
typedef void (*views_image_url_fn)(void *context, const char *picture_path, gz_buf_t *out);

typedef struct {
    const char *name;        /* "Gazette" */
    const char *url;         /* "https://news.example", no trailing slash */
    const char *language;    /* default language of the site */
    const char *time_format; /* strftime, in the site's zone */
    const content_section_t *sections; /* for navigation, may be NULL */
    size_t section_count;
    views_image_url_fn image_url; /* may be NULL: always the placeholder */
    void *image_context;
    gz_time_t now;
} views_site_t;

/* "/news/1892278/russia-delivers-..." */
void views_article_path(gz_buf_t *out, int64_t id, const char *slug);
/* "/section/syria" */
void views_section_path(gz_buf_t *out, const char *slug);
/* "rtl" for right-to-left languages (ar, fa, he, ur, ...), else "ltr". */
const char *views_text_direction(const char *language);

/* The article page: headline, kicker, times, lede, dateline, body,
 * editor code and the related items as a widget. */
json_t *views_article_page(const views_site_t *site, const content_article_t *article);

/* A front: the home page (section NULL) or a section's page. list holds
 * the page's articles; page counts from 1. */
json_t *views_front_page(const views_site_t *site, const content_section_t *section,
                         const content_article_list_t *list, size_t page, size_t page_size);

/* The error page for a status (404, 400, ...) with a message for readers. */
json_t *views_error_page(const views_site_t *site, int status, const char *message);

/* The article as the JSON API serves it. */
json_t *views_article_json(const views_site_t *site, const content_article_t *article);

/* The legacy related feed: an array of objects with the fields id, sort,
 * contenttypeid, pic, title, every value a string, as the source site
 * served them. */
json_t *views_related_legacy(const content_article_t *article);

#endif
