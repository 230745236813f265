/*
 * content.c: the rules every stored article obeys, whichever door it came
 * in by (import, admin form, API). Validation collects every problem at
 * once, so an editor sees all the fields to fix, not one per round trip.
 */
#include "content/content.h"

#include <string.h>

enum { HEADLINE_MAX_BYTES = 400, SHORT_FIELD_MAX_BYTES = 2000, SLUG_MAX_BYTES = 80 };

static const char *const status_names[] = {"draft", "in_review", "scheduled", "published",
                                           "unpublished"};

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

bool content_article_is_live(const content_article_t *article, gz_time_t now)
{
    return article->status == CONTENT_PUBLISHED && article->published_at <= now;
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
    ok &= check_text(error, "dateline", article->dateline, 200);
    ok &= check_text(error, "editor code", article->editor_code, 100);
    ok &= check_text(error, "lead image", article->lead_image, 1000);
    if (!language_is_well_formed(article->language)) {
        add_problem(error, "language must be a language tag such as 'en' or 'ar'");
        ok = false;
    }
    if ((unsigned)article->status > CONTENT_UNPUBLISHED) {
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
