/*
 * content: the news model, as values. An article here is what a reader and
 * an editor talk about: headline, body, dateline, section, content type,
 * related items. The structs are plain data with every string owned by a
 * gz_pool_t chosen by whoever filled them (the store, an importer), so a
 * request or an import job frees a whole graph at once.
 *
 * This module also validates articles and turns Markdown into safe HTML
 * (cmark-gfm with raw HTML suppressed), so that every path that writes an
 * article (import, admin, API) applies the same rules.
 */
#ifndef GAZETTE_CONTENT_H
#define GAZETTE_CONTENT_H

#include "base/base.h"

typedef enum {
    CONTENT_DRAFT = 0,
    CONTENT_IN_REVIEW = 1,
    CONTENT_SCHEDULED = 2,
    CONTENT_PUBLISHED = 3,
    CONTENT_UNPUBLISHED = 4,
    CONTENT_SPIKED = 5 /* killed before publication: kept, never shown */
} content_status_t;

/* The stages of the workflow: what readers and the scheduled publisher
 * see of an article. A site's own statuses ("copy desk", "ready") are
 * named in the newsroom, each at one of these stages. "draft",
 * "in_review", "scheduled", "published", "unpublished", "spiked". */
const char *content_status_name(content_status_t status);
/* GZ_EINVAL for an unknown name. */
int content_status_parse(const char *name, content_status_t *out);

/* A section. Articles carry id, slug and name; the navigation, the
 * section's page and the newsroom read the rest. */
typedef struct {
    int64_t id;
    const char *slug;        /* "syria" */
    const char *name;        /* "Syria" */
    const char *description; /* plain text shown on its page; may be NULL */
    int64_t position;        /* navigation order among its siblings, then by name */
    int64_t parent_id;       /* 0: top level; a parent is itself at the top level */
    const char *desk;        /* the desk that runs it ("News", "Sport"); may be NULL */
    bool hidden;             /* left out of the navigation and the sitemaps; its page
                                and feeds are still served (archive sections) */
} content_section_t;

/* True when the section shows in the navigation and the section sitemap:
 * neither it nor its parent (looked up in sections[0..count)) is hidden. */
bool content_section_is_listed(const content_section_t *section, const content_section_t *sections,
                               size_t count);

/* Content types are data: the demo maps id 21 to "video" as the sample's
 * source did. headline_prefix is what the source wrote before a headline of
 * this type ("VIDEO"), NULL when it writes none. */
typedef struct {
    int64_t id;
    const char *slug;            /* "video" */
    const char *name;            /* "Video" */
    const char *headline_prefix; /* "VIDEO" or NULL */
} content_type_t;

/* A byline's person or desk: a profile of its own, with or without an
 * account (an agency, a guest, "Staff"). Articles carry id, slug and name
 * (what a byline needs); the author's page reads the whole profile. */
typedef struct {
    int64_t id;
    const char *slug;      /* "jane-doe": /author/jane-doe */
    const char *name;      /* "Jane Doe" */
    const char *role_line; /* "Middle East correspondent"; may be NULL */
    const char *bio;       /* a short plain-text biography; may be NULL */
    int64_t picture_id;    /* a picture of the media library; 0: none */
    const char *links;     /* the author's pages elsewhere, one https:// URL a line */
    const char *language;  /* what they write in, BCP 47; may be NULL */
    int64_t user_id;       /* the account that writes as them; 0: none */
    gz_time_t updated_at;
} content_author_t;

typedef struct {
    int64_t id;
    const char *slug;
    const char *name;
} content_tag_t;

/* One related item as pages and the legacy feed show it: the link's target
 * article, summarized. */
typedef struct {
    int64_t id;
    int64_t sort_key;
    int64_t content_type_id;
    const char *content_type_slug; /* "video" */
    const char *content_type_name; /* "Video" */
    const char *slug;
    const char *headline;
    const char *lead_image; /* picture path, may be NULL */
    bool automatic; /* chosen by the store for similarity, not by an editor;
                       store_article_put does not store such items */
} content_related_t;

/* A media item: a picture, an uploaded video file, or a video embedded
 * from an allowed provider. Its public name is the legacy scheme's stem
 * (media/media.h): "2016/12/03/alalam_636163786258551197", from the upload
 * date and instant (or kept from an import), so every derivative's path is
 * that stem plus "_{size}_{ratio}.{ext}". */
typedef enum {
    CONTENT_MEDIA_PICTURE = 1,
    CONTENT_MEDIA_VIDEO = 2, /* a file we serve, with byte ranges */
    CONTENT_MEDIA_EMBED = 3, /* a provider's player, behind a click-to-load poster */
} content_media_kind_t;

typedef struct {
    int64_t id;            /* 0 until stored */
    content_media_kind_t kind;
    const char *stem;      /* "2016/12/03/alalam_636163786258551197", unique */
    const char *file_name; /* as uploaded ("DSC_0042.jpg"), shown and searched */
    const char *mime;      /* the original's type, sniffed from its bytes; NULL for embeds */
    uint32_t width, height; /* as displayed (EXIF orientation applied); 0 when unknown */
    int64_t byte_count;    /* the original's size; 0 for embeds and stubs */
    bool has_original;     /* false for an imported reference whose file has not arrived */
    const char *alt;       /* what the picture shows, for readers who cannot see it */
    const char *caption;
    const char *credit;    /* "Reuters/Jane Doe" */
    const char *copyright; /* kept in derivatives' metadata too */
    bool focus_set;        /* false: libvips' attention crop */
    uint16_t focus_x, focus_y; /* the subject, in 1/10000 of the width and height */
    int64_t duration_ms;   /* video and embeds; 0 when unknown */
    int64_t poster_id;     /* video and embeds: the picture shown before play; 0 none */
    const char *embed_provider; /* "youtube", "vimeo", "dailymotion"; NULL else */
    const char *embed_id;       /* the provider's id of the video */
    gz_time_t created_at;
    gz_time_t updated_at;
} content_media_t;

/* A dated note an editor appends under a published article. */
typedef enum { CONTENT_NOTE_CORRECTION = 1, CONTENT_NOTE_UPDATE = 2 } content_note_kind_t;

typedef struct {
    content_note_kind_t kind;
    const char *text; /* plain text, escaped when shown */
    gz_time_t created_at;
} content_note_t;

typedef struct {
    int64_t id;        /* 0 until stored; imported articles keep the source id */
    const char *slug;  /* the address: /news/{id}/{slug}; typed by an editor or made
                          from the headline (content_slug_append) */
    const char *headline;
    const char *subtitle;      /* may be NULL */
    const char *summary;       /* the lede; may be NULL */
    const char *body_markdown; /* paragraphs separated by blank lines */
    const char *body_html;     /* rendered from body_markdown, sanitized */
    const char *dateline;      /* the source or agency line as printed: "Alalam"; may be NULL */
    const char *byline;        /* replaces the authors' names in the byline ("By our
                                  correspondent in Aleppo"); may be NULL */
    const char *language;      /* BCP 47: "en", "ar" */
    const char *editor_code;   /* "SA - 12"; may be NULL */
    const char *lead_image;    /* picture path kept as imported; may be NULL */
    content_status_t status;
    bool is_stub;              /* known only from another article's related list */
    gz_time_t created_at;
    gz_time_t updated_at;
    gz_time_t published_at;    /* 0 when never published */
    int64_t sort_key;          /* the source's ordering key; 0 when none */
    int64_t revision;          /* grows by one with every stored change */
    const char *source_ref;    /* importer's identity of the source item, unique;
                                  NULL for articles written in Gazette */
    /* What the page's head tells search engines and social networks
     * instead of the headline and summary; NULL: not set. */
    const char *seo_title;          /* <title>, as written (no site name added) */
    const char *seo_description;    /* <meta name="description"> */
    const char *social_title;       /* og:title, twitter:title */
    const char *social_description; /* og:description, twitter:description */
    const char *canonical_url;      /* an absolute http(s) URL replacing the page's own */
    bool noindex;                   /* kept out of search engines and the sitemaps */

    /* The site's own status at the article's stage ("copy_desk"; NULL:
     * the stage's own name). Readers go by the stage alone. */
    const char *workflow_status;

    content_section_t section;    /* id 0 when the article has none */
    content_type_t content_type;  /* 1 ("article") for a plain article */

    content_author_t *authors;
    size_t author_count;
    content_tag_t *tags;
    size_t tag_count;
    content_related_t *related; /* in the editor's order */
    size_t related_count;
    content_note_t *notes; /* corrections and updates, oldest first; read-only:
                              store_article_put leaves them alone */
    size_t note_count;
} content_article_t;

/* ---- curated fronts ----------------------------------------------------- */

/* A front arranged by editors: the home page ("home") or a section's
 * ("section:ID"). Its top slots come first (the first is the lead), then
 * named blocks, each filled by hand or by a rule (the newest of a
 * section, a tag or a content type). A slot may override, for this front
 * only, the headline, summary and picture of its article. */
enum {
    CONTENT_FRONT_TOP_MAX = 8,
    CONTENT_FRONT_BLOCKS_MAX = 12,
    CONTENT_FRONT_BLOCK_ITEMS_MAX = 12,
    CONTENT_FRONT_HAND_MAX = 40, /* articles picked by hand in all: each tags the page */
};

typedef struct {
    int64_t article_id;
    const char *headline; /* NULL: the article's own */
    const char *summary;
    const char *picture;  /* "media:ID" or a path; NULL: the article's lead */
} content_front_slot_t;

typedef enum {
    CONTENT_FRONT_BY_HAND = 0,
    CONTENT_FRONT_NEWEST_IN_SECTION,
    CONTENT_FRONT_NEWEST_WITH_TAG,
    CONTENT_FRONT_NEWEST_OF_TYPE,
} content_front_rule_t;

typedef struct {
    const char *name; /* "Syria", "Analysis" */
    content_front_rule_t rule;
    const char *rule_slug; /* the section, tag or content type, by slug */
    size_t count;          /* how many a rule fills: 1 to CONTENT_FRONT_BLOCK_ITEMS_MAX */
    content_front_slot_t *slots; /* by hand */
    size_t slot_count;
} content_front_block_t;

typedef struct {
    const char *key; /* "home", "section:12" */
    content_front_slot_t top[CONTENT_FRONT_TOP_MAX];
    size_t top_count;
    content_front_block_t *blocks;
    size_t block_count;
} content_front_t;

/* "hand", "section", "tag", "type"; NULL for an unknown rule. */
const char *content_front_rule_name(content_front_rule_t rule);
int content_front_rule_parse(const char *name, content_front_rule_t *out);

/* A page of articles, newest first, as fronts and feeds list them. */
typedef struct {
    content_article_t *items;
    size_t count;
    size_t total; /* matching articles in all pages */
} content_article_list_t;

/* True when the article is visible to readers at time now. */
bool content_article_is_live(const content_article_t *article, gz_time_t now);

/* Checks an article before it is stored: headline present and short
 * enough, every text valid UTF-8, language well-formed, status known, a
 * slug (when set) well-formed, the search and social fields one line
 * within their limits, a canonical override an absolute http(s) URL.
 * Returns GZ_OK or GZ_EINVAL with one message per problem in error. */
int content_article_validate(const content_article_t *article, gz_buf_t *error);

/* Limits of the search and social fields, in characters (code points):
 * far above what search engines and networks show (see the editor's
 * counters), they only keep out what no one would write. */
enum {
    CONTENT_SEO_TITLE_MAX = 200,
    CONTENT_SEO_DESCRIPTION_MAX = 600,
    CONTENT_CANONICAL_URL_MAX = 2000, /* bytes */
    CONTENT_SLUG_MAX = 80              /* bytes */
};

/* True when slug is what content_slug_append makes of it (lower-case
 * letters, digits and dashes; at most 80 bytes, not empty). */
bool content_slug_is_well_formed(const char *slug);

/* True for an absolute http:// or https:// URL with a host, no spaces,
 * control characters, quotes or angle brackets, at most max_bytes long. */
bool content_url_is_absolute_http(gz_str_t url, size_t max_bytes);

/* Checks an author's profile: a name (at most 120 bytes), a slug (as
 * content_slug_append makes them), a role line and bio within their sizes,
 * at most 10 links of http(s) URLs without spaces, a language tag, every
 * text valid UTF-8 without control characters. GZ_OK, or GZ_EINVAL with
 * every problem in error. */
int content_author_validate(const content_author_t *author, gz_buf_t *error);
/* The next link of an author's links (one a line, blank lines skipped):
 * true and *url set, advancing *rest; false at the end. */
bool content_author_next_link(gz_str_t *rest, gz_str_t *url);

/* Appends the slug of a headline (at most 80 bytes; "article" when the
 * headline has no letter or digit). */
void content_slug_append(gz_buf_t *buf, const char *headline);

/* Renders GitHub-flavoured Markdown (CommonMark with tables, ~~strike~~,
 * bare-URL autolinks and task lists) to HTML with raw HTML and unsafe
 * links (javascript:, vbscript:, file:, data: other than images) removed.
 * Appends to out. Safe to call from any thread.
 * References to the media library (below) render nothing. */
void content_markdown_to_html(gz_buf_t *out, const char *markdown, size_t len);

/* A body references a picture (or video) of the media library as a plain
 * Markdown image with a media: address, its text overriding the item's
 * alt: ![Rescuers at the market](media:42). Ids are digits, no leading
 * zero. */

/* The item with this id, or NULL when there is none (the memory stays the
 * caller's for the whole render). */
typedef const content_media_t *(*content_media_resolve_fn)(void *context, int64_t id);
/* Appends the finished, safe HTML of a reference's figure; alt is the
 * reference's own text, "" when it has none. */
typedef void (*content_media_figure_fn)(void *context, const content_media_t *media,
                                        const char *alt, gz_buf_t *out);
/* Appends the finished, safe HTML of the figure for url, an address that
 * stood alone in a paragraph of the body (pasted on a line of its own);
 * appends nothing to leave it a link. */
typedef void (*content_embed_figure_fn)(void *context, const char *url, gz_buf_t *out);
typedef struct {
    content_media_resolve_fn resolve;
    content_media_figure_fn figure;
    content_embed_figure_fn embed; /* may be NULL: such addresses stay links */
    void *context;                 /* handed to all three */
} content_media_hooks_t;

/* The distinct media ids a body references, in order of first appearance
 * (malformed media: addresses left out): writes at most capacity into ids
 * and returns how many there are. */
size_t content_markdown_media_ids(const char *markdown, size_t len, int64_t *ids,
                                  size_t capacity);
/* As content_markdown_to_html, and each reference that hooks resolve
 * becomes the figure hooks->figure writes, as a block after the paragraph
 * it was in (a paragraph holding nothing else goes). A reference that does
 * not resolve, a malformed one, or any with hooks NULL renders nothing:
 * never a broken image. A top-level paragraph that is only a bare address
 * (an autolink whose text is its address) is replaced by what hooks->embed
 * writes for it, when it writes something. Everything the author wrote is
 * sanitized as above; only the figures' HTML is taken as it is. */
void content_markdown_to_html_with_media(gz_buf_t *out, const char *markdown, size_t len,
                                         const content_media_hooks_t *hooks);

/* ---- length (words.c) ------------------------------------------------------ */

/* The words of text[0, len): runs between spaces (Unicode's too) that hold
 * a letter or a digit of any script, so Markdown's marks are not words.
 * Invalid UTF-8 bytes count as neither. The editor's script counts the
 * same way. */
size_t content_word_count(const char *text, size_t len);
/* Minutes to read words at 230 a minute, rounded up; at least 1. */
unsigned content_reading_minutes(size_t words);

/* ---- search text (text.c) and reader queries (query.c) ----------------- */

/* The words of a text as search sees them: NFKC with case folding, accents
 * and Arabic diacritics dropped, Arabic letter variants unified (alef
 * forms, taa marbuta / haa, alef maqsura / yaa, hamza seats, tatweel),
 * stop words dropped, then a Snowball stem (English for Latin script,
 * Arabic for Arabic script). Every store backend indexes and queries with
 * it. A tokenizer is not thread safe: make one per thread or connection. */
typedef struct content_tokenizer content_tokenizer_t;

/* NULL when a Snowball stemmer is missing. */
content_tokenizer_t *content_tokenizer_new(void);
void content_tokenizer_free(content_tokenizer_t *tokenizer);

/* Called once per term, in order. term (term_len bytes, not NUL-terminated)
 * is valid until the call returns; [start, end) are the bytes of the word
 * in the original text. Return 0 to go on; anything else stops. */
typedef int (*content_token_fn)(void *context, const char *term, size_t term_len, size_t start,
                                size_t end);

/* Feeds the terms of text[0, len) to emit. Invalid UTF-8 is skipped, never
 * read past len. Returns 0, what emit returned to stop, or GZ_EINVAL for a
 * missing argument. */
int content_tokenize(content_tokenizer_t *tokenizer, const char *text, size_t len,
                     content_token_fn emit, void *context);

/* Appends the terms of text separated by single spaces (tests, tools). */
void content_text_terms(content_tokenizer_t *tokenizer, const char *text, size_t len,
                        gz_buf_t *out);

/* A reader's query, parsed: every clause must match; a clause matches when
 * any of its items does (OR). An excluded item (-word) is a clause of its
 * own. Item text is what the reader typed (a word, or the words of a
 * phrase), to be tokenized by the backend exactly as articles are. */
typedef struct {
    const char *text; /* NUL-terminated, pool memory */
    bool phrase;      /* "exact phrase" */
    bool excluded;    /* -word or -"phrase" */
} content_query_item_t;

typedef struct {
    content_query_item_t *items;
    size_t count;
} content_query_clause_t;

typedef struct {
    content_query_clause_t *clauses;
    size_t count;
    size_t positive; /* clauses that are not exclusions */
} content_query_t;

enum { CONTENT_QUERY_MAX_ITEMS = 32 };

/* Parses what a reader types: words (all must match), "exact phrase",
 * -word or -"phrase" to exclude, OR between two items. It never fails:
 * what does not parse is read as plain words (an unclosed quote, a stray
 * OR or '-'); items without a searchable term (stop words, punctuation)
 * are dropped; past CONTENT_QUERY_MAX_ITEMS the rest is ignored. When no
 * positive item is left, exclusions are read as plain words. out->count
 * is 0 when nothing is searchable. Strings come from pool. */
void content_query_parse(content_tokenizer_t *tokenizer, const char *text, size_t len,
                         gz_pool_t *pool, content_query_t *out);

#endif
