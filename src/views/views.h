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
#include "media/media.h"
#include "newsroom/newsroom.h"

/* Appends the URL to show for a picture path; leaves out untouched when
 * there is no file yet, so the view shows the neutral placeholder. */
typedef void (*views_image_url_fn)(void *context, const char *picture_path, gz_buf_t *out);

typedef struct {
    const char *name;        /* "Gazette": the edition's */
    const char *url;         /* "https://news.example", no trailing slash: where the
                                edition's paths are (its own host, or the site's) */
    const char *path_prefix; /* the edition's: "/ar", or "" (NULL: none) */
    const char *language;    /* the edition's language */
    const char *locale;      /* ICU's locale of its dates and numbers ("ar@numbers=latn");
                                NULL: the language */
    const char *time_format; /* strftime, in the site's zone: dates in the site's own
                                language; NULL: ICU's words in every language */
    /* The site's editions, for links between translations; NULL: one. */
    const gz_edition_t *editions;
    size_t edition_count;
    const char *site_url;    /* [site] url: the default edition's (others' on it) */
    const content_section_t *sections; /* in navigation order, hidden ones too; may be NULL */
    size_t section_count;
    views_image_url_fn image_url; /* may be NULL: always the placeholder */
    void *image_context;
    gz_time_t now;
    const char *description; /* one line about the site, for feeds; may be NULL */
    const char *logo;        /* the publisher's logo: a path on the site or a URL */
    const media_sizes_t *media_sizes;   /* the theme's declared sizes; NULL: the defaults */
    const bool *media_formats; /* MEDIA_FORMAT_COUNT flags: the formats this server's libvips
                                  writes (media_format_available); NULL: JPEG only */
    const bool *embeds; /* MEDIA_EMBED_COUNT flags: whose players may be embedded
                           (the theme's media.ini); NULL: none */
} views_site_t;

/* The paths of the site's pages, in site's edition: each starts with its
 * prefix ("/ar/news/..."); site may be NULL (no prefix). */
/* "/", or the edition's prefix alone ("/ar"). */
void views_home_path(gz_buf_t *out, const views_site_t *site);
/* Any path of the site ("/search") in the edition ("/ar/search"). */
void views_site_path(gz_buf_t *out, const views_site_t *site, const char *path);
/* "/news/1892278/russia-delivers-..." */
void views_article_path(gz_buf_t *out, const views_site_t *site, int64_t id, const char *slug);
/* "/section/syria" */
void views_section_path(gz_buf_t *out, const views_site_t *site, const char *slug);
/* "/tag/aleppo" */
void views_tag_path(gz_buf_t *out, const views_site_t *site, const char *slug);
/* "/author/jane-doe" (bylines.c). */
void views_author_path(gz_buf_t *out, const views_site_t *site, const char *slug);

/* ---- bylines (bylines.c) -------------------------------------------------- */

/* The byline as text, for feeds: the editor's override when there is one,
 * otherwise the authors' names in order ("Jane Doe and Alalam"); nothing
 * for an article without either. */
void views_byline_append(gz_buf_t *out, const content_article_t *article);
/* The byline for templates: {text (the override, when set), authors:
 * [{name, url (/author/slug), separator ("", ", " or " and ")}], shown}. */
json_t *views_byline(const views_site_t *site, const content_article_t *article);
/* "rtl" for right-to-left languages (ar, fa, he, ur, ...), else "ltr". */
const char *views_text_direction(const char *language);

/* The article page: headline, kicker, times, lede, dateline, body,
 * editor code and the related items as a widget. */
json_t *views_article_page(const views_site_t *site, const content_article_t *article);

/* What an article page shows of the media library, read by the caller. */
typedef struct {
    const content_media_t *lead;      /* its lead picture, video or embed; NULL: none */
    content_media_resolve_fn resolve; /* the body's references and posters; NULL: none */
    void *resolve_context;
} views_article_media_t;

/* As views_article_page (which is this with media NULL), and with media:
 * article.lead_media, the lead as a figure (views_media, fetchpriority
 * high); article.body_html rendered from the Markdown with each reference
 * as its figure (when media->resolve is set); page.embed_script when an
 * embed needs static/embed.js; og:image, twitter:image and JSON-LD images
 * from the lead's 1200-wide derivatives, and a VideoObject for a lead
 * video or embed. */
json_t *views_article_page_with_media(const views_site_t *site, const content_article_t *article,
                                      const views_article_media_t *media);

/* On a site of several editions, adds to an article page's model the
 * hreflang alternates (page.alternates: the article and each live
 * translation at its edition's address, then x-default, the default
 * edition's) and the switcher (article.translations: {url, lang, dir,
 * edition, headline}); nothing when no translation is live. */
void views_article_translations(json_t *model, const views_site_t *site,
                                const content_article_t *article,
                                const content_article_t *translations, size_t count);

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

/* ---- pictures, videos and embeds (picture.c) -----------------------------------
 *
 * A media item as a page shows it. Files are linked by the derivative
 * scheme of media_derivative_path_append under VIEWS_MEDIA_URL_PREFIX:
 * /media/2016/12/03/alalam_636163786258551197_640_16x9.webp. */

#define VIEWS_MEDIA_URL_PREFIX "/media"

typedef enum {
    VIEWS_PICTURE_LEAD, /* the page's first picture: fetchpriority="high", never lazy */
    VIEWS_PICTURE_BODY, /* loading="lazy" decoding="async" */
    VIEWS_PICTURE_LIST, /* the same, on fronts and lists */
} views_picture_role_t;

typedef struct {
    views_picture_role_t role;
    uint32_t ratio_width, ratio_height; /* 16 and 9; undeclared or 0: the theme's first */
    const char *sizes;                  /* the sizes attribute; NULL: "100vw" */
    const char *alt;                    /* overrides the item's alt when not empty */
    bool absolute;                      /* addresses with site->url in front (feeds) */
    content_media_resolve_fn resolve;   /* finds the posters of videos and embeds; may be NULL */
    void *resolve_context;
} views_picture_options_t;

/* A <picture>: {placeholder: false, sources: [{type, srcset, sizes}] (AVIF
 * then WebP, those the theme declares and site->media_formats has), src (a
 * middle width), srcset, sizes, width, height (the ratio's box at src's
 * width), alt, lazy, priority}: every declared width no wider than the
 * crop of the ratio the original allows (at least the smallest), the JPEG
 * as <img>. For an item that is not a picture with its file (has_original
 * false, a bad stem, NULL): {placeholder: true, src: the theme's
 * placeholder, the same width and height, alt ""}. */
json_t *views_picture(const views_site_t *site, const content_media_t *picture,
                      const views_picture_options_t *options);

/* A figure, as templates/figure.mustache renders it: {kind ("picture",
 * "video", "embed"), picture (the picture, or the poster, or the
 * placeholder), video {src, type, poster, width, height} for a playable
 * video file (then without picture), embed {src (the provider's player,
 * for data-embed-src), link (the thing's page), provider, kind (video,
 * post, audio, map, chart), title, action (the link's words), action_class
 * (visually-hidden under a poster), note (only where there is no poster)},
 * caption,
 * credit, has_caption}. NULL, unlike the other views, when nothing may be
 * shown: an embed whose provider the site does not allow or whose id is
 * not one the provider makes, or an unknown kind. */
json_t *views_media(const views_site_t *site, const content_media_t *media,
                    const views_picture_options_t *options);
/* Appends the figure's markup, byte for byte what figure.mustache makes
 * of views_media's model, every value escaped; nothing when views_media
 * gives NULL. */
void views_media_html(const views_site_t *site, const content_media_t *media,
                      const views_picture_options_t *options, gz_buf_t *out);
/* The same from a views_media model. */
void views_figure_html(json_t *figure, gz_buf_t *out);

/* Appends the provider's https player address for the id
 * (https://www.youtube-nocookie.com/embed/ID?autoplay=1, see
 * media_embed_player_url) and, when page is not NULL, the thing's page
 * there. GZ_EINVAL (nothing appended) when the site does not allow the
 * provider, media/ does not know it, or the id fails the provider's check
 * (media_embed_id_valid: YouTube 11 of A-Z a-z 0-9 _ -, Vimeo 1 to 12
 * digits, ...). */
int views_embed_url(const views_site_t *site, const char *provider, const char *id,
                    gz_buf_t *player, gz_buf_t *page);

/* ---- feeds, sitemaps and structured data ------------------------------------
 *
 * What feed readers, aggregators and search engines read (feeds.c,
 * sitemaps.c, structured.c). These write finished bytes (XML, JSON, text)
 * into a buffer rather than a tree, because their consumers are machines
 * with exact formats: every text is escaped once for its format, URLs are
 * absolute and percent-encoded, times are RFC 822 in RSS and RFC 3339
 * everywhere else. The article pages and fronts get their discovery links,
 * JSON-LD, Open Graph and Twitter tags from structured.c, through
 * views_article_page and the front views above. */

typedef enum { VIEWS_FEED_RSS, VIEWS_FEED_ATOM, VIEWS_FEED_JSON } views_feed_format_t;

/* What a feed follows: the whole site, a section or a tag. */
typedef struct {
    const char *title; /* the section's or tag's name; NULL for the whole site */
    const char *path;  /* the front it follows: "/", "/section/syria", "/tag/aleppo" */
    const views_article_media_t *media; /* NULL, or one per article of the list: the lead
                                           (media:content, the item's image) and the body's
                                           references (figures with absolute addresses) */
} views_feed_t;

/* Appends the feed's path: "/feed.rss", "/section/syria/feed.atom". */
void views_feed_path(gz_buf_t *out, const char *front_path, views_feed_format_t format);
/* "application/rss+xml; charset=utf-8", "application/atom+xml; ...",
 * "application/feed+json; ...". */
const char *views_feed_content_type(views_feed_format_t format);

/* Appends the feed of list's articles (newest first, loaded with body,
 * authors and tags for full content) in format: RSS 2.0, Atom 1.0 or JSON
 * Feed 1.1. Lead images appear only when site->image_url finds them. */
void views_feed(const views_site_t *site, const views_feed_t *feed, views_feed_format_t format,
                const content_article_list_t *list, gz_buf_t *out);

/* The limits of the sitemap protocol and of Google News sitemaps. */
enum {
    VIEWS_SITEMAP_MAX_URLS = 50000,
    VIEWS_NEWS_SITEMAP_MAX_URLS = 1000,
    VIEWS_NEWS_SITEMAP_WINDOW = 48 * 3600, /* seconds: articles of the last 48 hours */
};
#define VIEWS_SITEMAP_MAX_BYTES ((size_t)52428800) /* 50 MiB, uncompressed */

/* How many article sitemaps live_articles need (at most
 * VIEWS_SITEMAP_MAX_URLS each); none for none, since the protocol has no
 * empty sitemap. */
size_t views_sitemap_article_pages(size_t live_articles);
/* The sitemap index: the section sitemap, article sitemaps 1..pages and
 * the news sitemap. */
void views_sitemap_index(const views_site_t *site, size_t article_pages, gz_buf_t *out);
/* False for an article its editors keep out of search engines (noindex):
 * its page says so, and no sitemap lists it. */
bool views_article_is_indexed(const content_article_t *article);
/* One article sitemap: list holds at most VIEWS_SITEMAP_MAX_URLS articles,
 * of which those not indexed are left out (the pages stay put: each is a
 * page of the live list, a few URLs short).
 * Each URL gets lastmod (the last update) and an image:image entry for a
 * lead image in the media store. The output never exceeds max_bytes: each
 * entry gets an equal share, and an entry that would not fit in its share
 * loses its image (and, were even its address too long, is left out).
 * Returns the number of URLs written. */
size_t views_sitemap_articles(const views_site_t *site, const content_article_list_t *list,
                              size_t max_bytes, gz_buf_t *out);
/* The home page and every listed section of site->sections (hidden ones
 * are left out: content_section_is_listed); modified (may be
 * NULL) holds the newest publication time of the home page first, then
 * of each section, 0 when unknown. */
void views_sitemap_sections(const views_site_t *site, const gz_time_t *modified, gz_buf_t *out);
/* The Google News sitemap: list's indexed articles published within
 * VIEWS_NEWS_SITEMAP_WINDOW of site->now, at most
 * VIEWS_NEWS_SITEMAP_MAX_URLS, with publication name and language,
 * publication date and title. */
void views_sitemap_news(const views_site_t *site, const content_article_list_t *list,
                        gz_buf_t *out);
/* robots.txt: everything readers see may be crawled; points at the
 * sitemap index. */
void views_robots_txt(const views_site_t *site, gz_buf_t *out);

/* schema.org JSON-LD, as trees: NewsArticle for an article (with a
 * VideoObject for the video content type when there is a picture),
 * WebSite with a SearchAction for the home page, and a BreadcrumbList of
 * count steps (the last one may have a NULL path: the page itself). */
json_t *views_article_structured_data(const views_site_t *site, const content_article_t *article);
/* The same with the article's media (NULL: the same as above): image is
 * the lead's three 1200-wide JPEGs (16x9, 4x3, 1x1), and a lead video or
 * embed is a VideoObject (name, description, thumbnailUrl, uploadDate,
 * duration as ISO 8601, contentUrl or embedUrl). */
json_t *views_article_structured_data_with_media(const views_site_t *site,
                                                 const content_article_t *article,
                                                 const views_article_media_t *media);
json_t *views_website_structured_data(const views_site_t *site);
json_t *views_breadcrumbs(const views_site_t *site, const char *const *names,
                          const char *const *paths, size_t count);
/* Appends value as JSON that is safe inside <script type="application/ld+json">:
 * < > & and U+2028/U+2029 are written as \u escapes, so no text can close
 * the script element. */
void views_json_for_script(const json_t *value, gz_buf_t *out);

/* A tag's front page, as views_front_page. */
/* A block of a curated front, its articles resolved by the caller. */
typedef struct {
    const char *name;                  /* "Syria" */
    const char *url;                   /* the section or tag page it follows; NULL by hand */
    const content_article_t *articles; /* as they show here (overrides applied) */
    size_t count;
} views_front_block_t;

/* The home page (section NULL) or a section front as editors arranged it
 * (the theme's "front" template): top[0] as the lead, the other top slots
 * as articles, then blocks [{name, url, index, articles}], curated: true;
 * no pages (the arrangement is one page). The caller applies each slot's
 * headline, summary and picture overrides to its copy of the article. */
/* The newsroom's form for arranging a front (admin_front.c): {top: [8 rows
 * {index, position, article, headline, summary, picture, is_lead}],
 * blocks: [the front's and two spare {index, position, name, slug, count,
 * by_hand|by_section|by_tag|by_type, items ("12 15")}], revision}. */
json_t *views_admin_front(const content_front_t *front, int64_t revision);

json_t *views_curated_front_page(const views_site_t *site, const content_section_t *section,
                                 const content_article_t *top, size_t top_count,
                                 const views_front_block_t *blocks, size_t block_count);
json_t *views_tag_front_page(const views_site_t *site, const content_tag_t *tag,
                             const content_article_list_t *list, size_t page, size_t page_size);
/* An author's page (the theme's "front" template): their profile as
 * "author" {name, slug, url, role_line, bio [{text}] (paragraphs), links
 * [{url, label (the host)}], language, picture (a square <picture>, or the
 * placeholder: picture may be NULL), feeds [{name, url}]}, then their
 * articles as a front's; a ProfilePage with the Person in JSON-LD, their
 * feeds as discovery links. */
json_t *views_author_page(const views_site_t *site, const content_author_t *author,
                          const content_media_t *picture, const content_article_list_t *list,
                          size_t page, size_t page_size);
/* The head of an author's page (structured.c): a front's, with the bio as
 * its description and a ProfilePage whose Person has the page as url, the
 * role line as jobTitle, the picture (an absolute URL, may be NULL) and
 * the links as sameAs. */
void views_head_author(json_t *model, const views_site_t *site, const content_author_t *author,
                       const char *path, const char *picture_url);

/* ---- most read ---------------------------------------------------------- */

/* The most-read list: [{id, url, headline, section, views}], in order;
 * views[i] belongs to items[i]. */
json_t *views_most_read(const views_site_t *site, const content_article_t *items,
                        const int64_t *views, size_t count);

/* ---- search (search.c) --------------------------------------------------- */

/* One result: the article (as lists load it) and its headline and snippet
 * as sanitized HTML (escaped text with <mark> around matches). */
typedef struct {
    const content_article_t *article;
    const char *headline_html;
    const char *snippet_html;
} views_search_hit_t;

typedef struct {
    const char *slug;
    const char *name;
} views_choice_t;

/* A search request and its answer, as the page and the JSON show them.
 * Filter values are what the reader sent (NULL when absent); the choices
 * list what the form offers. */
typedef struct {
    const char *text;        /* the query as typed; NULL or "" for none */
    bool searchable;         /* the text had a word to look for */
    const char *section;     /* section slug filter */
    const char *type;        /* content type slug filter */
    const char *language;    /* language filter ("ar") */
    const char *from, *to;   /* YYYY-MM-DD filters */
    const char *const *notices; /* messages about filters that were ignored */
    size_t notice_count;
    const views_choice_t *types; /* content types for the form */
    size_t type_count;
    const views_choice_t *languages;
    size_t language_count;
    const views_search_hit_t *hits;
    size_t hit_count;
    size_t total;
    bool total_is_lower_bound;
    size_t page, page_size;
} views_search_t;

/* The search page: the form (with filters), and either the results with
 * a count and pages, a "nothing found" message, or, with no searchable
 * text, help on what to type. Marked noindex for robots. */
json_t *views_search_page(const views_site_t *site, const views_search_t *search);

/* The search API's answer: {query, searchable, page, page_size, total,
 * total_is_lower_bound, filters, results: [{id, url, headline,
 * headline_html, snippet_html, summary, published, language, section,
 * content_type}], next}. */
json_t *views_search_json(const views_site_t *site, const views_search_t *search);

/* Appends path?name=value&... for the non-empty pairs, values
 * percent-encoded (names[i] pairs with values[i]). */
void views_query_url(gz_buf_t *out, const char *path, const char *const *names,
                     const char *const *values, size_t count);

/* ---- the breaking-news banner (breaking.c) --------------------------------- */

/* What /breaking.json answers: {"breaking": null} when no banner is up
 * (banner NULL), else {"breaking": {id, text, url (absent for none),
 * raised_at, expires_at (absent for none)}}, times in RFC 3339. Every
 * reader page's script (static/breaking.js) reads it; the text is shown
 * as text, never as markup. */
json_t *views_breaking_json(const store_breaking_t *banner);

/* The newsroom's banners, newest first: [{id, text, link, raised_by,
 * raised_at, expires_at, state ("up", "lowered", "expired"), lowered_by,
 * lowered_at}], times to the second in the site's zone; up at now. */
json_t *views_admin_breaking_rows(const store_breaking_t *banners, size_t count, gz_time_t now);

/* ---- the newsroom's pages (admin_list.c, admin_editor.c, admin_revision.c) */

/* Times in the newsroom are shown in the site's zone (gz_time_set_zone). */

/* Sets object[key] to t in the site's zone with strftime format; nothing
 * when t <= 0. */
void views_admin_set_time(json_t *object, const char *key, gz_time_t t, const char *format);

/* Every newsroom page's common part: {title, site_name} and, for a
 * signed-in user (NULL: none), user {name, display_name, role, is_editor,
 * is_admin} and csrf. */
json_t *views_admin_page(const char *title, const char *site_name, const store_user_t *user,
                         const char *csrf);

/* A row of the article list: {id, headline, status, section, revision,
 * public_url, is_live, updated, published}. */
json_t *views_admin_article_row(const content_article_t *article, gz_time_t now);
/* The list filter's statuses [{name, selected}], every status in order. */
json_t *views_admin_status_options(const char *selected);
/* A row of the newsroom's list: views_admin_article_row's fields, the
 * site's status (status_label for the article's key, status_key), desk,
 * authors, assignee and due time (to the minute, in the site's zone). */
json_t *views_admin_newsroom_row(const store_newsroom_row_t *row, const char *status_label,
                                 gz_time_t now);
/* [{slug, name, selected}] for the sections. */
json_t *views_admin_section_options(const content_section_t *sections, size_t count,
                                    const char *selected_slug);
/* The audit log's rows [{at, who, action, target, detail}]. */
json_t *views_admin_audit_rows(const store_audit_entry_t *entries, size_t count);
/* The accounts page's rows [{name, display_name, role, disabled, is_self,
 * roles: [{name, selected}]}]; self_id marks the signed-in account. */
json_t *views_admin_user_rows(const store_user_t *users, size_t count, int64_t self_id);
/* A role as the newsroom names it: "Contributor", "Chief editor". */
const char *views_role_label(store_role_t role);

/* The editor's content types [{id, name, selected}] (id as text). */
json_t *views_admin_content_type_options(const content_type_t *types, size_t count,
                                         const char *selected);
/* Newline-separated messages as a list of strings. */
json_t *views_admin_problem_list(const char *problems);
/* The newest 20 revisions [{revision, by, at}] ("the system" for user 0). */
json_t *views_admin_revision_rows(const store_revision_t *revisions, size_t count);
/* The article's notes [{kind_label, text, at}], oldest first. */
json_t *views_admin_note_rows(const content_article_t *article);
/* The related-article picker [{id, headline}], without except_id. */
json_t *views_admin_recent_articles(const content_article_list_t *list, int64_t except_id);
/* A stale save's comparison: {by, at, revision, fields: [{name, theirs,
 * yours, differs}]} between the newer revision and the form's fields. */
json_t *views_admin_conflict(const store_revision_t *newer, const json_t *yours);
/* The editor's search and social text fields, in order, for the form: each
 * {name, label, hint, value, count, shown, over, multiline}, value taken
 * from fields (the editor's field map), count its characters as the page's
 * script counts them, shown what search engines or networks display
 * (about 60 characters of a search title, 160 of a description, 70 and
 * 200 of a social card's), over whether count is past it. A new
 * reference. */
json_t *views_admin_search_fields(const json_t *fields);
/* The editor's text fields of a snapshot (for a restore's form). */
json_t *views_admin_snapshot_fields(const char *snapshot);
/* The confirmation for ?saved=ACTION, or NULL for anything unknown: the
 * parameter comes from a URL anyone can craft, so it is never echoed. */
const char *views_admin_saved_message(const char *action);
/* The editor's workflow buttons [{value, label, danger}] for the steps
 * allowed from a status at stage from: the first step to each of the
 * published, scheduled and unpublished stages (and, from a draft, to the
 * in-review one) keeps its plain action ("publish", "Publish now"); any
 * other is "move:KEY", "Move to Copy desk". */
/* An assignment's shown fields on model: assignee (name or ""), due (the
 * site's "%Y-%m-%d %H:%M"), due_input ("%Y-%m-%dT%H:%M" for the form),
 * note. */
void views_admin_set_assignment(json_t *model, const store_assignment_t *assignment);
/* [{name, shown, selected}] of the accounts that can sign in. */
json_t *views_admin_assignee_options(const store_user_t *users, size_t count, int64_t selected_id);
json_t *views_admin_move_buttons(const newsroom_status_t *const *moves, size_t count,
                                 content_status_t from);

/* ---- planning (admin_planning.c) ---------------------------------------- */

/* The budget of a day [day_start, day_end) at now: one entry per desk in
 * the budget's order [{desk, shown ("No desk" for none), count, due,
 * in_progress, planned}], each column a list of article rows (as
 * views_admin_article_row, with status_label, done, scheduled and, when
 * assigned, the assignment's fields and late). Due: an assignment due or
 * a publication scheduled within the day; planned: scheduled or due
 * later; in progress: the rest. */
json_t *views_admin_budget(const store_budget_t *budget, const newsroom_workflow_t *workflow,
                           gz_time_t day_start, gz_time_t day_end, gz_time_t now);
/* The workflow in words: {statuses [{key, label, stage, articles}], steps
 * [{from, to, roles}] (labels; roles "Editor, Chief editor" or "nobody"),
 * delete, delete_published}; counts: articles per status key. */
json_t *views_admin_workflow(const newsroom_workflow_t *workflow,
                             const store_status_count_t *counts, size_t count);

/* The editor's length of summary and body (either may be NULL): {words,
 * minutes, label: "412 words · 2 min read"}. */
json_t *views_admin_length(const char *summary, const char *body);

/* The line-by-line difference of two texts (longest common subsequence):
 * [{text, kind: "same"|"added"|"removed", added, removed}]. Very long
 * texts are shown as removed then added, whole. */
json_t *views_admin_line_diff(const char *before, const char *after);
/* A revision's fields against the one before (before_snapshot NULL for
 * the first): [{name, value, changed, diff}] in the editor's order. */
json_t *views_admin_revision_fields(const char *before_snapshot, const char *after_snapshot);

/* ---- the media library (admin_media.c) ---------------------------------- */

/* A library row: id, url (its page), reference ("media:ID"), thumb (a
 * 320-wide square derivative, when the file is there), kind, file_name,
 * stem, mime, alt, caption, credit, copyright, width and height when
 * known, has_original, missing_alt (a picture without alt text). */
json_t *views_admin_media_row(const content_media_t *item);
json_t *views_admin_media_rows(const content_media_t *items, size_t count);
/* The item page: the row, preview (the whole picture, uncropped, to set
 * the focal point on), focus_x and focus_y (0..1) when set, used_by
 * [{id, url}] and in_use. */
json_t *views_admin_media_item(const content_media_t *item, const int64_t *article_ids,
                               size_t article_count);

#endif
