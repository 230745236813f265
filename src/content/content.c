/*
 * content.c: the rules every stored article obeys, whichever door it came
 * in by (import, admin form, API). Validation collects every problem at
 * once, so an editor sees all the fields to fix, not one per round trip.
 */
#include "content/content.h"

#include <string.h>

enum { HEADLINE_MAX_BYTES = 400, SHORT_FIELD_MAX_BYTES = 2000, SLUG_MAX_BYTES = CONTENT_SLUG_MAX };

static const char *const status_names[] = {"draft",     "in_review",   "scheduled",
                                           "published", "unpublished", "spiked"};

const char *content_status_name(content_status_t status)
{
    if ((unsigned)status >= sizeof status_names / sizeof status_names[0]) {
        return "unknown";
    }
    return status_names[status];
}

int content_status_parse(const char *name, content_status_t *out)
{
    for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++) {
        if (name != NULL && strcmp(name, status_names[i]) == 0) {
            *out = (content_status_t)i;
            return GZ_OK;
        }
    }
    return GZ_EINVAL;
}

static const char *const front_rule_names[] = {"hand", "section", "tag", "type"};

const char *content_front_rule_name(content_front_rule_t rule)
{
    return (unsigned)rule < sizeof front_rule_names / sizeof front_rule_names[0]
               ? front_rule_names[rule]
               : NULL;
}

int content_front_rule_parse(const char *name, content_front_rule_t *out)
{
    for (size_t i = 0; i < sizeof front_rule_names / sizeof front_rule_names[0]; i++) {
        if (name != NULL && strcmp(name, front_rule_names[i]) == 0) {
            *out = (content_front_rule_t)i;
            return GZ_OK;
        }
    }
    return GZ_EINVAL;
}

bool content_article_is_live(const content_article_t *article, gz_time_t now)
{
    return article->status == CONTENT_PUBLISHED && article->published_at <= now;
}

bool content_section_is_listed(const content_section_t *section, const content_section_t *sections,
                               size_t count)
{
    if (section->hidden)
        return false;
    for (size_t i = 0; section->parent_id > 0 && i < count; i++) {
        if (sections[i].id == section->parent_id)
            return !sections[i].hidden; /* a hidden parent takes its children along */
    }
    return true;
}

static void add_problem(gz_buf_t *error, const char *message)
{
    if (error == NULL) {
        return;
    }
    if (error->len > 0) {
        gz_buf_append_cstr(error, "; ");
    }
    gz_buf_append_cstr(error, message);
}

/* A text field is fine when absent, or valid UTF-8 within its size. */
static bool check_text(gz_buf_t *error, const char *field, const char *text, size_t max_bytes)
{
    if (text == NULL) {
        return true;
    }
    size_t len = strlen(text);
    gz_buf_t message = GZ_BUF_INIT;
    if (!gz_utf8_valid(text, len)) {
        gz_buf_printf(&message, "%s is not valid UTF-8", field);
    } else if (max_bytes > 0 && len > max_bytes) {
        gz_buf_printf(&message, "%s is longer than %zu bytes", field, max_bytes);
    }
    bool ok = message.len == 0;
    if (!ok) {
        add_problem(error, gz_buf_cstr(&message));
    }
    gz_buf_free(&message);
    return ok;
}

/* BCP 47 as news sites use it: "en", "ar", "pt-BR", "zh-Hant". */
static bool language_is_well_formed(const char *language)
{
    size_t len = language == NULL ? 0 : strlen(language);
    if (len < 2 || len > 35) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = language[i];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool digit = c >= '0' && c <= '9';
        bool dash = c == '-' && i > 0 && i + 1 < len && language[i - 1] != '-';
        if (!letter && !digit && !dash) {
            return false;
        }
    }
    return true;
}

static bool headline_is_blank(const char *headline)
{
    if (headline == NULL) {
        return true;
    }
    gz_str_t trimmed = gz_str_trim(gz_str_from_cstr(headline));
    return trimmed.len == 0;
}

static bool check_line(gz_buf_t *error, const char *field, const char *text, size_t max_bytes);

/* A one-line field counted in characters, as the editor's counters count. */
static bool check_search_line(gz_buf_t *error, const char *field, const char *text,
                              size_t max_characters)
{
    if (!check_line(error, field, text, 0))
        return false;
    if (text != NULL && gz_utf8_count(text, strlen(text)) > max_characters) {
        gz_buf_t message = GZ_BUF_INIT;
        gz_buf_printf(&message, "the %s is longer than %zu characters", field, max_characters);
        add_problem(error, gz_buf_cstr(&message));
        gz_buf_free(&message);
        return false;
    }
    return true;
}

/* The address and what the head tells search engines and networks. */
static bool check_search_fields(const content_article_t *article, gz_buf_t *error)
{
    bool ok = true;
    if (article->slug != NULL && !check_text(error, "address (slug)", article->slug, 0)) {
        ok = false;
    } else if (article->slug != NULL && !content_slug_is_well_formed(article->slug)) {
        gz_buf_t message = GZ_BUF_INIT, suggestion = GZ_BUF_INIT;
        content_slug_append(&suggestion, article->slug);
        gz_buf_printf(&message,
                      "the address (slug) must be at most %d bytes of lower-case letters, digits "
                      "and dashes, such as \"%s\"",
                      SLUG_MAX_BYTES, gz_buf_cstr(&suggestion));
        add_problem(error, gz_buf_cstr(&message));
        gz_buf_free(&message);
        gz_buf_free(&suggestion);
        ok = false;
    }
    ok &= check_search_line(error, "search title", article->seo_title, CONTENT_SEO_TITLE_MAX);
    ok &= check_search_line(error, "search description", article->seo_description,
                            CONTENT_SEO_DESCRIPTION_MAX);
    ok &= check_search_line(error, "social title", article->social_title, CONTENT_SEO_TITLE_MAX);
    ok &= check_search_line(error, "social description", article->social_description,
                            CONTENT_SEO_DESCRIPTION_MAX);
    if (article->canonical_url == NULL)
        return ok;
    if (!check_text(error, "canonical address", article->canonical_url, 0))
        return false;
    if (!content_url_is_absolute_http(gz_str_from_cstr(article->canonical_url),
                                      CONTENT_CANONICAL_URL_MAX)) {
        add_problem(error, "the canonical address must be an absolute http:// or https:// URL "
                           "(at most 2000 bytes, no spaces)");
        return false;
    }
    return ok;
}

int content_article_validate(const content_article_t *article, gz_buf_t *error)
{
    bool ok = true;
    if (headline_is_blank(article->headline)) {
        add_problem(error, "headline is required");
        ok = false;
    }
    ok &= check_text(error, "headline", article->headline, HEADLINE_MAX_BYTES);
    ok &= check_text(error, "subtitle", article->subtitle, SHORT_FIELD_MAX_BYTES);
    ok &= check_text(error, "summary", article->summary, SHORT_FIELD_MAX_BYTES * 4);
    ok &= check_text(error, "body", article->body_markdown, 0);
    ok &= check_text(error, "source", article->dateline, 200);
    ok &= check_text(error, "byline", article->byline, 200);
    ok &= check_text(error, "editor code", article->editor_code, 100);
    ok &= check_text(error, "lead image", article->lead_image, 1000);
    if (!language_is_well_formed(article->language)) {
        add_problem(error, "language must be a language tag such as 'en' or 'ar'");
        ok = false;
    }
    ok &= check_search_fields(article, error);
    if ((unsigned)article->status > CONTENT_SPIKED) {
        add_problem(error, "status is unknown");
        ok = false;
    }
    if (article->id < 0) {
        add_problem(error, "id must be positive");
        ok = false;
    }
    for (size_t i = 0; i < article->related_count; i++) {
        if (article->related[i].id <= 0 || article->related[i].id == article->id) {
            add_problem(error, "a related item must be another article");
            ok = false;
            break;
        }
    }
    return ok ? GZ_OK : GZ_EINVAL;
}

/* ---- authors ------------------------------------------------------------ */

enum { AUTHOR_NAME_MAX = 120, ROLE_LINE_MAX = 120, BIO_MAX = 2000, LINK_MAX = 500, LINKS_MAX = 10 };

/* No control characters (newlines included): a one-line field. */
static bool check_line(gz_buf_t *error, const char *field, const char *text, size_t max_bytes)
{
    if (!check_text(error, field, text, max_bytes))
        return false;
    for (const char *c = text; c != NULL && *c != '\0'; c++) {
        if ((unsigned char)*c < 0x20 || *c == 0x7f) {
            gz_buf_t message = GZ_BUF_INIT;
            gz_buf_printf(&message, "%s must be one line of text", field);
            add_problem(error, gz_buf_cstr(&message));
            gz_buf_free(&message);
            return false;
        }
    }
    return true;
}

bool content_author_next_link(gz_str_t *rest, gz_str_t *url)
{
    while (rest->len > 0) {
        const char *newline = memchr(rest->ptr, '\n', rest->len);
        size_t len = newline != NULL ? (size_t)(newline - rest->ptr) : rest->len;
        *url = gz_str_trim((gz_str_t){rest->ptr, len});
        *rest = newline != NULL ? (gz_str_t){newline + 1, rest->len - len - 1} : GZ_STR_NULL;
        if (url->len > 0)
            return true;
    }
    return false;
}

bool content_url_is_absolute_http(gz_str_t url, size_t max_bytes)
{
    if (url.len > max_bytes ||
        !(gz_str_starts_with(url, "https://") || gz_str_starts_with(url, "http://")))
        return false;
    size_t scheme = gz_str_starts_with(url, "https://") ? 8 : 7;
    if (url.len <= scheme)
        return false;
    for (size_t i = 0; i < url.len; i++) {
        unsigned char c = (unsigned char)url.ptr[i];
        if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>')
            return false;
    }
    return true;
}

static bool check_links(gz_buf_t *error, const char *links)
{
    if (links == NULL)
        return true;
    if (!check_text(error, "links", links, (LINK_MAX + 1) * LINKS_MAX))
        return false;
    gz_str_t rest = gz_str_from_cstr(links), url;
    size_t count = 0;
    while (content_author_next_link(&rest, &url)) {
        if (++count > LINKS_MAX || !content_url_is_absolute_http(url, LINK_MAX)) {
            add_problem(error, count > LINKS_MAX ? "an author has at most 10 links"
                                                 : "each link must be an http:// or https:// "
                                                   "address, one a line");
            return false;
        }
    }
    return true;
}

bool content_slug_is_well_formed(const char *slug)
{
    if (slug == NULL || slug[0] == '\0' || strlen(slug) > SLUG_MAX_BYTES)
        return false;
    gz_buf_t again = GZ_BUF_INIT;
    gz_slug_append(&again, slug, strlen(slug), SLUG_MAX_BYTES);
    bool same = strcmp(gz_buf_cstr(&again), slug) == 0;
    gz_buf_free(&again);
    return same;
}

int content_author_validate(const content_author_t *author, gz_buf_t *error)
{
    bool ok = true;
    if (headline_is_blank(author->name)) {
        add_problem(error, "an author needs a name");
        ok = false;
    }
    ok &= check_line(error, "name", author->name, AUTHOR_NAME_MAX);
    if (!content_slug_is_well_formed(author->slug)) {
        add_problem(error, "the address name (slug) must be lower-case letters, digits and "
                           "dashes, as made from the name");
        ok = false;
    }
    ok &= check_line(error, "role line", author->role_line, ROLE_LINE_MAX);
    ok &= check_text(error, "bio", author->bio, BIO_MAX);
    ok &= check_links(error, author->links);
    if (author->language != NULL && author->language[0] != '\0' &&
        !language_is_well_formed(author->language)) {
        add_problem(error, "language must be a language tag such as 'en' or 'ar'");
        ok = false;
    }
    if (author->picture_id < 0 || author->user_id < 0) {
        add_problem(error, "picture and account must be stored items");
        ok = false;
    }
    return ok ? GZ_OK : GZ_EINVAL;
}

void content_slug_append(gz_buf_t *buf, const char *headline)
{
    size_t before = buf->len;
    if (headline != NULL) {
        gz_slug_append(buf, headline, strlen(headline), SLUG_MAX_BYTES);
    }
    if (buf->len == before) {
        gz_buf_append_cstr(buf, "article");
    }
}
