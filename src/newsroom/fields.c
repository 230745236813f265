/*
 * fields: an article as the editor's form sees it, and back.
 *
 * The editor, the revision snapshots and a restore all speak the same
 * flat map of text fields (tags as "a, b", related ids as "1 2"), so one
 * function turns an article into that map and one turns the map back into
 * an article. A snapshot is that map with the publication time as a
 * number, so two revisions compare field by field and the revision page
 * can show a line difference of any of them.
 */
#include "newsroom/newsroom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_RELATED = 20, MAX_TAGS = 30, MAX_AUTHORS = 10 };

const char *const newsroom_text_fields[NEWSROOM_TEXT_FIELD_COUNT] = {
    "headline",   "subtitle", "summary",    "body",         "section",
    "tags",       "language", "dateline",   "editor_code",  "lead_image",
    "related",    "publish_at", "content_type", "authors",  "byline",
    "slug",       "seo_title",  "seo_description", "social_title", "social_description",
    "canonical_url", "noindex"};

static void set_text(json_t *object, const char *key, const char *value)
{
    json_object_set_new(object, key, json_string(value ? value : ""));
}

static void set_authors(json_t *fields, const content_article_t *article)
{
    gz_buf_t text = GZ_BUF_INIT;
    for (size_t i = 0; i < article->author_count; i++)
        gz_buf_printf(&text, "%s%s", i ? ", " : "", article->authors[i].name);
    set_text(fields, "authors", gz_buf_cstr(&text));
    gz_buf_free(&text);
}

static void set_tags(json_t *fields, const content_article_t *article)
{
    gz_buf_t text = GZ_BUF_INIT;
    for (size_t i = 0; i < article->tag_count; i++)
        gz_buf_printf(&text, "%s%s", i ? ", " : "", article->tags[i].name);
    set_text(fields, "tags", gz_buf_cstr(&text));
    gz_buf_free(&text);
}

/* The editor's links only: the store appends the automatic ones. */
static void set_related(json_t *fields, const content_article_t *article)
{
    gz_buf_t text = GZ_BUF_INIT;
    size_t shown = 0;
    for (size_t i = 0; i < article->related_count; i++) {
        if (!article->related[i].automatic)
            gz_buf_printf(&text, "%s%lld", shown++ ? " " : "", (long long)article->related[i].id);
    }
    set_text(fields, "related", gz_buf_cstr(&text));
    gz_buf_free(&text);
}

static void set_local_time(json_t *fields, const char *key, gz_time_t t)
{
    gz_buf_t text = GZ_BUF_INIT;
    if (t > 0)
        gz_time_append_local(&text, t, "%Y-%m-%dT%H:%M:%S");
    set_text(fields, key, gz_buf_cstr(&text));
    gz_buf_free(&text);
}

/* Before an article goes out, a slug made from its headline is shown as
 * empty, so that it keeps following the headline; a typed one, and any
 * slug once the article is out, is shown as it is. */
static void set_slug(json_t *fields, const content_article_t *article)
{
    bool out = article->status == CONTENT_PUBLISHED || article->status == CONTENT_UNPUBLISHED;
    bool automatic = !out && newsroom_slug_is_automatic(article);
    set_text(fields, "slug", automatic ? NULL : article->slug);
}

bool newsroom_slug_is_automatic(const content_article_t *article)
{
    if (article->slug == NULL)
        return true;
    gz_buf_t made = GZ_BUF_INIT;
    content_slug_append(&made, article->headline);
    bool same = strcmp(gz_buf_cstr(&made), article->slug) == 0;
    gz_buf_free(&made);
    return same;
}

json_t *newsroom_fields_of_article(const content_article_t *article)
{
    json_t *fields = json_object();
    set_text(fields, "headline", article->headline);
    set_text(fields, "subtitle", article->subtitle);
    set_text(fields, "summary", article->summary);
    set_text(fields, "body", article->body_markdown);
    set_text(fields, "section", article->section.name);
    set_tags(fields, article);
    set_text(fields, "language", article->language);
    set_text(fields, "dateline", article->dateline);
    set_text(fields, "editor_code", article->editor_code);
    set_text(fields, "lead_image", article->lead_image);
    set_related(fields, article);
    set_local_time(fields, "publish_at", article->published_at);
    char type[32];
    snprintf(type, sizeof type, "%lld",
             (long long)(article->content_type.id > 0 ? article->content_type.id : 1));
    set_text(fields, "content_type", type);
    set_authors(fields, article);
    set_text(fields, "byline", article->byline);
    set_slug(fields, article);
    set_text(fields, "seo_title", article->seo_title);
    set_text(fields, "seo_description", article->seo_description);
    set_text(fields, "social_title", article->social_title);
    set_text(fields, "social_description", article->social_description);
    set_text(fields, "canonical_url", article->canonical_url);
    set_text(fields, "noindex", article->noindex ? "yes" : "");
    set_text(fields, "status", content_status_name(article->status));
    return fields;
}

char *newsroom_snapshot(const content_article_t *article, gz_pool_t *pool)
{
    json_t *fields = newsroom_fields_of_article(article);
    json_object_set_new(fields, "published_at", json_integer(article->published_at));
    char *text = json_dumps(fields, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(fields);
    char *copy = gz_pool_strdup(pool, text ? text : "{}");
    free(text);
    return copy;
}

/* ---- from fields back to an article ---------------------------------------- */

typedef struct {
    newsroom_field_fn field;
    void *context;
    gz_pool_t *pool;
    gz_buf_t *problems;
} field_reader_t;

static const char *raw(const field_reader_t *reader, const char *name)
{
    return reader->field(reader->context, name);
}

/* The trimmed value, NULL when absent or empty. */
static const char *trimmed(const field_reader_t *reader, const char *name)
{
    const char *value = raw(reader, name);
    if (value == NULL)
        return NULL;
    gz_str_t text = gz_str_trim(gz_str_from_cstr(value));
    return text.len == 0 ? NULL : gz_pool_strndup(reader->pool, text.ptr, text.len);
}

static void add_problem(const field_reader_t *reader, const char *message)
{
    gz_buf_printf(reader->problems, "%s%s", reader->problems->len ? "\n" : "", message);
}

/* Splits a list typed as "a, b" (tags, separator ',') or "1 2,3" (related
 * ids, any of " ,"): the non-empty trimmed items, from pool. */
static size_t split_list(gz_pool_t *pool, const char *text, const char *separators,
                         const char **items, size_t max)
{
    size_t count = 0;
    while (text != NULL && *text && count < max) {
        size_t len = strcspn(text, separators);
        gz_str_t item = gz_str_trim((gz_str_t){text, len});
        if (item.len > 0)
            items[count++] = gz_pool_strndup(pool, item.ptr, item.len);
        text += len + (text[len] ? 1 : 0);
    }
    return count;
}

/* A content type that is not a number or not stored is a problem of the
 * form; a store that cannot answer is an error of its own. */
static int apply_content_type(store_t *store, const field_reader_t *reader,
                              content_article_t *article)
{
    int64_t type_id = 1;
    const char *text = trimmed(reader, "content_type");
    content_type_t type;
    int code = GZ_OK;
    if (text != NULL && gz_parse_int64(gz_str_from_cstr(text), &type_id) != GZ_OK)
        code = GZ_ENOTFOUND;
    else if (text != NULL && store != NULL)
        code = store_content_type_get(store, type_id, reader->pool, &type);
    if (code == GZ_ENOTFOUND)
        add_problem(reader, "The content type is unknown.");
    article->content_type.id = type_id;
    return code == GZ_ENOTFOUND ? GZ_OK : code;
}

/* The section must be one editors keep: a name nobody added is a problem
 * of the form, never a new section. */
static int apply_section(store_t *store, const field_reader_t *reader, content_article_t *article)
{
    article->section = (content_section_t){.name = trimmed(reader, "section")};
    if (article->section.name == NULL || store == NULL)
        return GZ_OK;
    content_section_t found;
    int code = newsroom_find_section(store, article->section.name, reader->pool, &found);
    if (code == GZ_ENOTFOUND) {
        add_problem(reader,
                    gz_pool_printf(reader->pool, NEWSROOM_NO_SUCH_SECTION, article->section.name));
        return GZ_OK;
    }
    if (code == GZ_OK)
        article->section = found;
    return code;
}

static void apply_tags(const field_reader_t *reader, content_article_t *article)
{
    const char *tags[MAX_TAGS];
    article->tag_count = split_list(reader->pool, raw(reader, "tags"), ",", tags, MAX_TAGS);
    article->tags = gz_pool_calloc(reader->pool, article->tag_count + 1, sizeof *article->tags);
    for (size_t i = 0; i < article->tag_count; i++)
        article->tags[i].name = tags[i];
}

/* Authors are never made from a typo: each name must be a stored author.
 * A snapshot from before authors were fields has none: the article keeps
 * its authors. */
static int apply_authors(store_t *store, const field_reader_t *reader, content_article_t *article)
{
    const char *text = raw(reader, "authors");
    if (text == NULL || store == NULL)
        return GZ_OK;
    const char *names[MAX_AUTHORS + 1];
    size_t count = split_list(reader->pool, text, ",", names, MAX_AUTHORS + 1);
    if (count > MAX_AUTHORS) {
        add_problem(reader, "An article has at most 10 authors.");
        return GZ_OK;
    }
    content_author_t *authors = gz_pool_calloc(reader->pool, count + 1, sizeof *authors);
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        int code = newsroom_find_author(store, names[i], reader->pool, &authors[kept]);
        if (code == GZ_ENOTFOUND) {
            add_problem(reader, gz_pool_printf(reader->pool,
                                               "There is no author named \"%s\": add them under "
                                               "Authors first, or correct the name.",
                                               names[i]));
            continue;
        }
        if (code != GZ_OK)
            return code;
        bool repeated = false;
        for (size_t j = 0; j < kept; j++)
            repeated = repeated || authors[j].id == authors[kept].id;
        kept += repeated ? 0 : 1;
    }
    article->authors = authors;
    article->author_count = kept;
    return GZ_OK;
}

static void apply_related(const field_reader_t *reader, content_article_t *article)
{
    const char *related[MAX_RELATED];
    size_t count = split_list(reader->pool, raw(reader, "related"), " ,", related, MAX_RELATED);
    article->related = gz_pool_calloc(reader->pool, count + 1, sizeof *article->related);
    article->related_count = 0;
    for (size_t i = 0; i < count; i++) {
        int64_t id = 0;
        if (gz_parse_int64(gz_str_from_cstr(related[i]), &id) != GZ_OK || id <= 0) {
            add_problem(reader, "Related articles are article numbers separated by spaces.");
            break;
        }
        article->related[article->related_count++].id = id;
    }
}

/* The address when the field is there (empty: made by the save, see
 * newsroom_save), and what the head tells search engines; a snapshot from
 * before these fields has none of them, which is what they were. */
static void apply_search_fields(const field_reader_t *reader, content_article_t *article)
{
    if (raw(reader, "slug") != NULL)
        article->slug = trimmed(reader, "slug");
    article->seo_title = trimmed(reader, "seo_title");
    article->seo_description = trimmed(reader, "seo_description");
    article->social_title = trimmed(reader, "social_title");
    article->social_description = trimmed(reader, "social_description");
    article->canonical_url = trimmed(reader, "canonical_url");
    /* A checkbox is sent only when ticked. */
    article->noindex = trimmed(reader, "noindex") != NULL;
}

int newsroom_apply_fields(store_t *store, content_article_t *article, newsroom_field_fn field,
                          void *context, const char *default_language, gz_pool_t *pool,
                          gz_buf_t *problems)
{
    field_reader_t reader = {field, context, pool, problems};
    const char *headline = trimmed(&reader, "headline");
    article->headline = headline ? headline : "";
    article->subtitle = trimmed(&reader, "subtitle");
    article->summary = trimmed(&reader, "summary");
    const char *body = raw(&reader, "body");
    article->body_markdown = gz_pool_strdup(pool, body ? body : "");
    article->dateline = trimmed(&reader, "dateline");
    if (raw(&reader, "byline") != NULL)
        article->byline = trimmed(&reader, "byline");
    article->editor_code = trimmed(&reader, "editor_code");
    apply_search_fields(&reader, article);
    article->lead_image = trimmed(&reader, "lead_image");
    const char *language = trimmed(&reader, "language");
    article->language = language ? language : default_language;
    int code = apply_section(store, &reader, article);
    if (code == GZ_OK)
        code = apply_content_type(store, &reader, article);
    if (code == GZ_OK)
        code = apply_authors(store, &reader, article);
    apply_tags(&reader, article);
    apply_related(&reader, article);
    return code;
}

int newsroom_owner(store_t *store, int64_t article_id, gz_pool_t *pool, int64_t *owner_id)
{
    store_revision_t *revisions = NULL;
    size_t count = 0;
    *owner_id = 0;
    int code = store_revision_list(store, article_id, pool, &revisions, &count);
    if (code == GZ_OK && count > 0)
        *owner_id = revisions[count - 1].user_id;
    return code;
}
