/*
 * Private to src/views: what the view files share. Nothing outside this
 * folder includes it (the views' unit tests may).
 */
#ifndef GAZETTE_VIEWS_PRIVATE_H
#define GAZETTE_VIEWS_PRIVATE_H

#include "views/views.h"

/* ---- views.c: model fields ---------------------------------------------- */

/* Sets object.key to value, "" for NULL (a template field always there). */
void views_set_text(json_t *object, const char *key, const char *value);
/* Sets object.key to value only when it has text (a section shown only
 * when set). */
void views_set_text_if_any(json_t *object, const char *key, const char *value);

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

/* Discovery links for the site's feeds (page.feeds), and the robots meta
 * (max-image-preview:large, so search engines may show large pictures), on
 * every page. */
void views_head_site(json_t *page, const views_site_t *site);
/* For a front: WebSite JSON-LD on the home page (title NULL), a
 * BreadcrumbList and the front's own feeds on a section or tag page. */
void views_head_front(json_t *model, const views_site_t *site, const char *title, const char *path);

/* ---- seo.c: an article's search and social fields in its head ------------ */

/* What each field of the head says: the editors' text when set, else the
 * next one (social: social, search, then headline and summary). */
const char *views_article_search_title(const content_article_t *article);
const char *views_article_search_description(const content_article_t *article);
const char *views_article_social_title(const content_article_t *article);
const char *views_article_social_description(const content_article_t *article);
/* Sets page.title (and title_as_is) from the search title, description,
 * the canonical override and a noindex robots meta. Call after
 * views_head_site and before views_head_article_media, which repeats the
 * canonical in og:url. */
void views_head_article_search(json_t *page, const content_article_t *article);

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

/* The width of the article's column, for pictures' sizes attribute. */
#define VIEWS_ARTICLE_PICTURE_SIZES "(min-width: 44.5rem) 42rem, 100vw"

/* The picture that stands for an article on social cards and in search
 * engines: the lead picture, or the poster of a lead video or embed. */
typedef struct {
    const content_media_t *picture;
    uint32_t width;                      /* the derivative's declared width: 1200 */
    uint32_t shown_width, shown_height;  /* of its 16x9 file (narrower originals stay so) */
    const char *alt;                     /* the lead item's alt */
} views_social_picture_t;

/* False when media has no lead with a picture whose file is there. */
bool views_social_picture(const views_site_t *site, const views_article_media_t *media,
                          views_social_picture_t *out);
/* Appends the absolute URL of its JPEG of the ratio at social->width. */
void views_append_social_url(gz_buf_t *out, const views_site_t *site,
                             const views_social_picture_t *social, uint32_t ratio_width,
                             uint32_t ratio_height);
/* [16x9, 4x3, 1x1 URLs] (the declared ratios among them), as Google asks. */
json_t *views_social_image_list(const views_site_t *site, const views_social_picture_t *social);
/* How a body is rendered: absolute addresses (feeds), and whether an
 * allowed provider's address pasted as a paragraph of its own becomes its
 * click-to-load figure (pages) or stays a link (feeds: no frames there). */
typedef struct {
    bool absolute;
    bool pasted_embeds;
} views_body_options_t;
/* Renders the article's Markdown body with its media references as figures
 * into out and returns true; false, with nothing written, when media has
 * no resolver or the article no Markdown. *has_embed (may be NULL) says
 * whether a figure is an embed. */
bool views_body_html(const views_site_t *site, const content_article_t *article,
                     const views_article_media_t *media, views_body_options_t options,
                     gz_buf_t *out, bool *has_embed);

/* ---- embeds.c, for picture.c ----------------------------------------------------- */

/* A media item's embed model (views_media's "embed"), its title the given
 * one or one saying what it is; NULL for a provider the site does not
 * allow or an id that fails the provider's check. */
json_t *views_embed_model(const views_site_t *site, const content_media_t *media,
                          const char *title);
/* The figure (views_media's model, without picture) of an address pasted
 * on a line of its own; NULL when it is no allowed provider's, or fails
 * the provider's check: then it stays a link. */
json_t *views_pasted_embed(const views_site_t *site, const char *url);
/* For an article page: JSON-LD (NewsArticle, BreadcrumbList), Open Graph
 * and Twitter tags and the section's feeds, with its media (NULL: none). */
void views_head_article_media(json_t *model, const views_site_t *site,
                              const content_article_t *article,
                              const views_article_media_t *media);

/* ---- views.c, for search.c ----------------------------------------------- */

/* A page's model: site, navigation, and page.title, lang, dir, canonical
 * (when path is not NULL), feeds. */
json_t *views_page_model(const views_site_t *site, const char *title, const char *language,
                         const char *path, int64_t current_section_id);
/* An article as a card on a front shows it (id, url, headline, kicker,
 * summary, lang, dir, section, published_iso, published_display, image). */
json_t *views_article_card(const views_site_t *site, const content_article_t *article);

/* ICU's locale for text in language on site's pages: the edition's (its
 * digits and calendar) for the edition's language, else the language. */
const char *views_locale_of(const views_site_t *site, const char *language);

#endif
