/*
 * pg_article.c: articles on PostgreSQL, the reads: one with everything it
 * links to, and pages of them. The same rows, order and errors as
 * sqlite_article.c and its SQL in sqlite_sql.c.
 *
 * On PostgreSQL every statement is a round trip to the server, and a page
 * render that misses the cache pays for each one, so reads are folded
 * into few statements:
 * - an article comes in one row with its authors, tags, editor's related
 *   links, notes and live automatic related items as JSON arrays
 *   (json_agg, ordered in SQL, read with jansson): one round trip;
 * - a page of a list carries its total in every row (the counter
 *   expression is uncorrelated, so the server computes it once) and, when
 *   a feed asks, each item's body, authors and tags, so a front or a feed
 *   is a single statement and needs no transaction. Only a page past the
 *   end (which the server finds empty without a scan, see BEFORE_END) has
 *   no row to carry the total: then it is counted again, a moment later
 *   than the page was read.
 * Lists keep SQLite's plan: one statement per access path, the live
 * filter spelled as in the schema's partial indexes, totals from the
 * counters in article_counts.
 *
 * Storing and deleting an article are in pg_article_write.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "store/pg/pg_private.h"
#include "store/related_text.h"

_Static_assert(CONTENT_PUBLISHED == 3, "the SQL below spells published as 3");

/* ---- SQL --------------------------------------------------------------- */

/* SQL laid out as SQL. */
/* clang-format off */

/* An article's links, each a JSON array of arrays (NULL when empty). */
#define AUTHORS_JSON                                                                               \
    "(SELECT json_agg(json_build_array(u.id, u.slug, u.name) ORDER BY x.position)"                 \
    " FROM article_authors x JOIN authors u ON u.id = x.author_id WHERE x.article_id = a.id)"
#define TAGS_JSON                                                                                  \
    "(SELECT json_agg(json_build_array(u.id, u.slug, u.name) ORDER BY x.position)"                 \
    " FROM article_tags x JOIN tags u ON u.id = x.tag_id WHERE x.article_id = a.id)"
#define RELATED_JSON                                                                               \
    "(SELECT json_agg(json_build_array(r.target_id, o.sort_key, o.content_type_id,"                \
    " o.slug, o.headline, o.lead_image, ot.slug, ot.name) ORDER BY r.position)"                    \
    " FROM related_links r JOIN articles o ON o.id = r.target_id"                                  \
    " LEFT JOIN content_types ot ON ot.id = o.content_type_id WHERE r.article_id = a.id)"
/* The automatic related items ($2: now), shaped as RELATED_JSON's. */
#define AUTO_RELATED_JSON                                                                          \
    "(SELECT json_agg(json_build_array(r.target_id, o.sort_key, o.content_type_id,"                \
    " o.slug, o.headline, o.lead_image, ot.slug, ot.name) ORDER BY r.position)"                    \
    " FROM related_auto r JOIN articles o ON o.id = r.target_id"                                   \
    " LEFT JOIN content_types ot ON ot.id = o.content_type_id WHERE r.article_id = a.id"           \
    " AND o.status = 3 AND o.is_stub = 0 AND o.published_at <= $2)"
#define NOTES_JSON                                                                                 \
    "(SELECT json_agg(json_build_array(n.kind, n.text, n.created_at) ORDER BY n.created_at, n.id)" \
    " FROM article_notes n WHERE n.article_id = a.id)"

static const pg_statement_t ARTICLE_GET = {
    "SELECT " PG_ARTICLE_COLUMNS ", a.body_markdown, a.body_html, " AUTHORS_JSON ", " TAGS_JSON
    ", " RELATED_JSON ", " NOTES_JSON ", " AUTO_RELATED_JSON PG_ARTICLE_FROM " WHERE a.id = $1"};
enum {
    GET_BODY_MARKDOWN = PG_ARTICLE_COLUMN_COUNT,
    GET_BODY_HTML,
    GET_AUTHORS,
    GET_TAGS,
    GET_RELATED,
    GET_NOTES,
    GET_AUTO_RELATED,
};

#define LIVE(now) " a.status = 3 AND a.is_stub = 0 AND a.published_at <= " now
#define LIVE_LATER(now) " a.status = 3 AND a.is_stub = 0 AND a.published_at > " now
#define TAG_LIVE(now) " g.live = 1 AND g.published_at <= " now
#define TAGGED_FROM                                                                                \
    " FROM article_tags g JOIN articles a ON a.id = g.article_id"                                  \
    " LEFT JOIN sections s ON s.id = a.section_id"                                                 \
    " LEFT JOIN content_types t ON t.id = a.content_type_id"
#define NEWEST " ORDER BY a.published_at DESC, a.sort_key DESC, a.id DESC"
#define TAG_NEWEST " ORDER BY g.published_at DESC, g.sort_key DESC, g.article_id DESC"
#define PAGE(limit, offset) " LIMIT " limit " OFFSET " offset
/* As on SQLite, a page is only read when its offset is below the total:
 * the condition has no column, so the server checks it once before the
 * scan, and a page far past the end costs no scan to find empty. */
#define BEFORE_END(offset, total) " AND " offset " < " total

/* Totals, as expressions: the trigger-kept counters, minus the live
 * articles scheduled after now where the list is live. */
#define COUNTER(scope, scope_id, live)                                                             \
    "(SELECT COALESCE(SUM(total), 0)::bigint FROM article_counts"                                  \
    " WHERE scope = " scope " AND scope_id = " scope_id live ")"
#define COUNT_ALL COUNTER("0", "0", "")
#define COUNT_LIVE(now)                                                                            \
    "(" COUNTER("0", "0", " AND live = 1")                                                         \
    " - (SELECT COUNT(*) FROM articles a WHERE" LIVE_LATER(now) "))"
#define COUNT_SECTION(section) COUNTER("1", section, "")
#define COUNT_SECTION_LIVE(section, now)                                                           \
    "(" COUNTER("1", section, " AND live = 1") " - (SELECT COUNT(*) FROM articles a"               \
    " WHERE a.section_id = " section " AND" LIVE_LATER(now) "))"
#define COUNT_TAG(tag) COUNTER("2", tag, "")
#define COUNT_TAG_LIVE(tag, now)                                                                   \
    "(" COUNTER("2", tag, " AND live = 1") " - (SELECT COUNT(*) FROM article_tags g"               \
    " WHERE g.tag_id = " tag " AND g.live = 1 AND g.published_at > " now "))"
#define COUNT_TAG_SECTION(tag, section)                                                            \
    "(SELECT COUNT(*) FROM article_tags g JOIN articles a ON a.id = g.article_id"                  \
    " WHERE g.tag_id = " tag " AND a.section_id = " section ")"
#define COUNT_TAG_SECTION_LIVE(tag, section, now)                                                  \
    "(SELECT COUNT(*) FROM article_tags g JOIN articles a ON a.id = g.article_id"                  \
    " WHERE g.tag_id = " tag " AND" TAG_LIVE(now) " AND a.section_id = " section ")"
#define COUNT_LIVE_SINCE(now, after)                                                               \
    "(SELECT COUNT(*) FROM articles a WHERE" LIVE(now) " AND a.published_at > " after ")"

/* A page's columns: the article's, the total, then what feeds ask for
 * (NULL unless asked: CASE evaluates only the branch it takes). */
#define PAGE_COLUMNS(total, with_body, with_people)                                                \
    "SELECT " PG_ARTICLE_COLUMNS ", " total ","                                                    \
    " CASE WHEN " with_body "::boolean THEN a.body_html END,"                                      \
    " CASE WHEN " with_people "::boolean THEN " AUTHORS_JSON " END,"                               \
    " CASE WHEN " with_people "::boolean THEN " TAGS_JSON " END"
enum {
    LIST_TOTAL = PG_ARTICLE_COLUMN_COUNT,
    LIST_BODY,
    LIST_AUTHORS,
    LIST_TAGS,
};

/* What the parameters of a list's statements are: its filters are $1,
 * $2, ... in the order given here, in both statements; the page's next
 * four are limit, offset, with_body and with_authors_and_tags. */
typedef enum {
    FILTER_END,
    FILTER_NOW,
    FILTER_SECTION,
    FILTER_TAG,
    FILTER_AFTER,
    FILTER_LANGUAGES,
    FILTER_EXCLUDED,
} list_filter_t;

typedef struct {
    pg_statement_t page;
    pg_statement_t count;
    list_filter_t filters[6];
} list_path_t;

static const list_path_t LIST_ALL = {
    {PAGE_COLUMNS(COUNT_ALL, "$3", "$4") PG_ARTICLE_FROM " WHERE $2 < " COUNT_ALL NEWEST
     PAGE("$1", "$2")},
    {"SELECT " COUNT_ALL},
    {FILTER_END}};
static const list_path_t LIST_LIVE = {
    {PAGE_COLUMNS(COUNT_LIVE("$1"), "$4", "$5") PG_ARTICLE_FROM " WHERE" LIVE("$1")
     BEFORE_END("$3", COUNT_LIVE("$1")) NEWEST PAGE("$2", "$3")},
    {"SELECT " COUNT_LIVE("$1")},
    {FILTER_NOW, FILTER_END}};
static const list_path_t LIST_SECTION = {
    {PAGE_COLUMNS(COUNT_SECTION("$1"), "$4", "$5") PG_ARTICLE_FROM " WHERE a.section_id = $1"
     BEFORE_END("$3", COUNT_SECTION("$1")) NEWEST PAGE("$2", "$3")},
    {"SELECT " COUNT_SECTION("$1")},
    {FILTER_SECTION, FILTER_END}};
static const list_path_t LIST_SECTION_LIVE = {
    {PAGE_COLUMNS(COUNT_SECTION_LIVE("$1", "$2"), "$5", "$6") PG_ARTICLE_FROM
     " WHERE a.section_id = $1 AND" LIVE("$2") BEFORE_END("$4", COUNT_SECTION_LIVE("$1", "$2"))
     NEWEST PAGE("$3", "$4")},
    {"SELECT " COUNT_SECTION_LIVE("$1", "$2")},
    {FILTER_SECTION, FILTER_NOW, FILTER_END}};
static const list_path_t LIST_TAG = {
    {PAGE_COLUMNS(COUNT_TAG("$1"), "$4", "$5") TAGGED_FROM " WHERE g.tag_id = $1"
     BEFORE_END("$3", COUNT_TAG("$1")) TAG_NEWEST PAGE("$2", "$3")},
    {"SELECT " COUNT_TAG("$1")},
    {FILTER_TAG, FILTER_END}};
static const list_path_t LIST_TAG_LIVE = {
    {PAGE_COLUMNS(COUNT_TAG_LIVE("$1", "$2"), "$5", "$6") TAGGED_FROM
     " WHERE g.tag_id = $1 AND" TAG_LIVE("$2") BEFORE_END("$4", COUNT_TAG_LIVE("$1", "$2"))
     TAG_NEWEST PAGE("$3", "$4")},
    {"SELECT " COUNT_TAG_LIVE("$1", "$2")},
    {FILTER_TAG, FILTER_NOW, FILTER_END}};
static const list_path_t LIST_TAG_SECTION = {
    {PAGE_COLUMNS(COUNT_TAG_SECTION("$1", "$2"), "$5", "$6") TAGGED_FROM
     " WHERE g.tag_id = $1 AND a.section_id = $2"
     BEFORE_END("$4", COUNT_TAG_SECTION("$1", "$2")) TAG_NEWEST PAGE("$3", "$4")},
    {"SELECT " COUNT_TAG_SECTION("$1", "$2")},
    {FILTER_TAG, FILTER_SECTION, FILTER_END}};
static const list_path_t LIST_TAG_SECTION_LIVE = {
    {PAGE_COLUMNS(COUNT_TAG_SECTION_LIVE("$1", "$2", "$3"), "$6", "$7") TAGGED_FROM
     " WHERE g.tag_id = $1 AND" TAG_LIVE("$3") " AND a.section_id = $2"
     BEFORE_END("$5", COUNT_TAG_SECTION_LIVE("$1", "$2", "$3")) TAG_NEWEST PAGE("$4", "$5")},
    {"SELECT " COUNT_TAG_SECTION_LIVE("$1", "$2", "$3")},
    {FILTER_TAG, FILTER_SECTION, FILTER_NOW, FILTER_END}};
/* The news sitemap's last 48 hours: a short range at the top of the live
 * index. */
static const list_path_t LIST_LIVE_SINCE = {
    {PAGE_COLUMNS(COUNT_LIVE_SINCE("$1", "$2"), "$5", "$6") PG_ARTICLE_FROM
     " WHERE" LIVE("$1") " AND a.published_at > $2"
     BEFORE_END("$4", COUNT_LIVE_SINCE("$1", "$2")) NEWEST PAGE("$3", "$4")},
    {"SELECT " COUNT_LIVE_SINCE("$1", "$2")},
    {FILTER_NOW, FILTER_AFTER, FILTER_END}};
/* Article sitemaps (50,000 a page), oldest first so their pages stay put.
 * The subquery reads only the live index, so the OFFSET skips index
 * entries, never rows; the outer ORDER BY then sorts the page itself
 * (page 2 of 100,000: 0.25 s, SQLite 0.17 s). */
static const list_path_t LIST_LIVE_OLDEST = {
    {PAGE_COLUMNS(COUNT_LIVE("$1"), "$4", "$5")
     " FROM (SELECT a.id, a.published_at, a.sort_key FROM articles a WHERE" LIVE("$1")
     BEFORE_END("$3", COUNT_LIVE("$1")) " ORDER BY a.published_at, a.sort_key, a.id"
     PAGE("$2", "$3") ") p"
     " JOIN articles a ON a.id = p.id"
     " LEFT JOIN sections s ON s.id = a.section_id"
     " LEFT JOIN content_types t ON t.id = a.content_type_id"
     " ORDER BY p.published_at, p.sort_key, p.id"},
    {"SELECT " COUNT_LIVE("$1")},
    {FILTER_NOW, FILTER_END}};
/* One edition's live articles: the language's primary subtag is in $4
 * (",ar,fa,"), or with $5 true is not; a section's ($2 > 0) and since $3
 * (> 0) as asked. No counter keeps these totals: they are counted. */
#define IN_EDITION(now)                                                                            \
    " WHERE" LIVE(now) " AND ($2::bigint = 0 OR a.section_id = $2)"                              \
    " AND ($3::bigint = 0 OR a.published_at > $3)"                                                 \
    " AND ((position(',' || split_part(lower(a.language), '-', 1) || ',' in $4::text) > 0)"              \
    " <> $5::boolean)"
#define COUNT_EDITION "(SELECT COUNT(*) FROM articles a" IN_EDITION("$1") ")"
static const list_path_t LIST_EDITION = {
    {PAGE_COLUMNS(COUNT_EDITION, "$8", "$9") PG_ARTICLE_FROM IN_EDITION("$1") NEWEST
     PAGE("$6", "$7")},
    {"SELECT " COUNT_EDITION},
    {FILTER_NOW, FILTER_SECTION, FILTER_AFTER, FILTER_LANGUAGES, FILTER_EXCLUDED, FILTER_END}};
static const list_path_t LIST_EDITION_OLDEST = {
    {PAGE_COLUMNS(COUNT_EDITION, "$8", "$9") PG_ARTICLE_FROM IN_EDITION("$1")
     " ORDER BY a.published_at, a.sort_key, a.id" PAGE("$6", "$7")},
    {"SELECT " COUNT_EDITION},
    {FILTER_NOW, FILTER_SECTION, FILTER_AFTER, FILTER_LANGUAGES, FILTER_EXCLUDED, FILTER_END}};
/* clang-format on */

/* ---- rows -------------------------------------------------------------- */

void pg_article_from_row(const PGresult *result, int row, int first, gz_pool_t *pool,
                         content_article_t *out)
{
    int column = first;
    *out = (content_article_t){0};
    out->id = pg_number(result, row, column++);
    out->slug = pg_text(result, row, column++, pool);
    out->headline = pg_text(result, row, column++, pool);
    out->subtitle = pg_text(result, row, column++, pool);
    out->summary = pg_text(result, row, column++, pool);
    out->dateline = pg_text(result, row, column++, pool);
    out->language = pg_text(result, row, column++, pool);
    out->editor_code = pg_text(result, row, column++, pool);
    out->lead_image = pg_text(result, row, column++, pool);
    out->status = (content_status_t)pg_number(result, row, column++);
    out->is_stub = pg_number(result, row, column++) != 0;
    out->created_at = pg_number(result, row, column++);
    out->updated_at = pg_number(result, row, column++);
    out->published_at = pg_number(result, row, column++);
    out->sort_key = pg_number(result, row, column++);
    out->revision = pg_number(result, row, column++);
    out->source_ref = pg_text(result, row, column++, pool);
    if (!pg_is_null(result, row, column)) {
        out->section.id = pg_number(result, row, column);
        out->section.slug = pg_text(result, row, column + 1, pool);
        out->section.name = pg_text(result, row, column + 2, pool);
    }
    column += 3;
    if (!pg_is_null(result, row, column)) {
        out->content_type.id = pg_number(result, row, column);
        out->content_type.slug = pg_text(result, row, column + 1, pool);
        out->content_type.name = pg_text(result, row, column + 2, pool);
        out->content_type.headline_prefix = pg_text(result, row, column + 3, pool);
    }
    column += 4;
    out->byline = pg_text(result, row, column++, pool);
    out->seo_title = pg_text(result, row, column++, pool);
    out->seo_description = pg_text(result, row, column++, pool);
    out->social_title = pg_text(result, row, column++, pool);
    out->social_description = pg_text(result, row, column++, pool);
    out->canonical_url = pg_text(result, row, column++, pool);
    out->noindex = pg_number(result, row, column++) != 0;
    out->workflow_status = pg_text(result, row, column++, pool);
    if (out->section.id > 0)
        out->section.desk = pg_text(result, row, column, pool);
}

/* ---- links as JSON ----------------------------------------------------- */

/* Each link is a JSON array of its fields, in the order the SQL lists. */
static const char *json_text_at(const json_t *link, size_t index, gz_pool_t *pool)
{
    const json_t *value = json_array_get(link, index);
    if (!json_is_string(value))
        return NULL;
    return gz_pool_strndup(pool, json_string_value(value), json_string_length(value));
}

static int64_t json_number_at(const json_t *link, size_t index)
{
    return (int64_t)json_integer_value(json_array_get(link, index)); /* null reads as 0 */
}

static void author_from_json(const json_t *link, gz_pool_t *pool, void *element)
{
    content_author_t *author = element;
    author->id = json_number_at(link, 0);
    author->slug = json_text_at(link, 1, pool);
    author->name = json_text_at(link, 2, pool);
}

static void tag_from_json(const json_t *link, gz_pool_t *pool, void *element)
{
    content_tag_t *tag = element;
    tag->id = json_number_at(link, 0);
    tag->slug = json_text_at(link, 1, pool);
    tag->name = json_text_at(link, 2, pool);
}

static void related_from_json(const json_t *link, gz_pool_t *pool, void *element)
{
    content_related_t *related = element;
    related->id = json_number_at(link, 0);
    related->sort_key = json_number_at(link, 1);
    related->content_type_id = json_number_at(link, 2);
    related->slug = json_text_at(link, 3, pool);
    related->headline = json_text_at(link, 4, pool);
    related->lead_image = json_text_at(link, 5, pool);
    related->content_type_slug = json_text_at(link, 6, pool);
    related->content_type_name = json_text_at(link, 7, pool);
}

static void note_from_json(const json_t *link, gz_pool_t *pool, void *element)
{
    content_note_t *note = element;
    const char *kind = json_string_value(json_array_get(link, 0));
    note->kind =
        kind != NULL && strcmp(kind, "update") == 0 ? CONTENT_NOTE_UPDATE : CONTENT_NOTE_CORRECTION;
    note->text = json_text_at(link, 1, pool);
    note->created_at = json_number_at(link, 2);
}

typedef void (*json_link_reader_t)(const json_t *link, gz_pool_t *pool, void *element);

/* Reads a cell made by json_agg (NULL when there were no links) into a
 * pool array of elements made by read_link; *items stays NULL when empty. */
static int links_from_cell(store_t *store, const PGresult *rows, int row, int column,
                           gz_pool_t *pool, size_t element_size, json_link_reader_t read_link,
                           void **items, size_t *count)
{
    *items = NULL;
    *count = 0;
    if (pg_is_null(rows, row, column))
        return GZ_OK;
    json_error_t error;
    json_t *links = json_loadb(PQgetvalue(rows, row, column),
                               (size_t)PQgetlength(rows, row, column), 0, &error);
    if (!json_is_array(links)) {
        json_decref(links);
        return store_fail(store, GZ_EIO, "reading the links of article %lld: malformed list",
                          (long long)pg_number(rows, row, 0));
    }
    size_t found = json_array_size(links);
    char *elements = found > 0 ? gz_pool_calloc(pool, found, element_size) : NULL;
    for (size_t i = 0; i < found; i++)
        read_link(json_array_get(links, i), pool, elements + i * element_size);
    json_decref(links);
    *items = elements;
    *count = found;
    return GZ_OK;
}

static int authors_and_tags_from_row(store_t *store, const PGresult *rows, int row,
                                     int authors_column, int tags_column, gz_pool_t *pool,
                                     content_article_t *article)
{
    void *authors = NULL, *tags = NULL;
    int result = links_from_cell(store, rows, row, authors_column, pool, sizeof(content_author_t),
                                 author_from_json, &authors, &article->author_count);
    if (result == GZ_OK)
        result = links_from_cell(store, rows, row, tags_column, pool, sizeof(content_tag_t),
                                 tag_from_json, &tags, &article->tag_count);
    article->authors = authors;
    article->tags = tags;
    return result;
}

/* ---- reading one article ----------------------------------------------- */

/* Appends the live automatic related items after the editor's links, up
 * to STORE_RELATED_SHOWN, as sqlite_related.c's load does. */
static int automatic_related_from_row(store_t *store, const PGresult *rows, gz_pool_t *pool,
                                      content_article_t *article)
{
    void *found = NULL;
    size_t count = 0;
    int result = links_from_cell(store, rows, 0, GET_AUTO_RELATED, pool, sizeof(content_related_t),
                                 related_from_json, &found, &count);
    const content_related_t *items = found;
    size_t manual = article->related_count;
    for (size_t i = 0; i < count && article->related_count < STORE_RELATED_SHOWN; i++) {
        content_related_t *slot = related_slot(pool, article, manual, items[i].id);
        if (slot != NULL) {
            *slot = items[i];
            slot->automatic = true;
        }
    }
    return result;
}

static int article_from_get_row(store_t *store, const PGresult *rows, gz_pool_t *pool,
                                content_article_t *article)
{
    pg_article_from_row(rows, 0, 0, pool, article);
    article->body_markdown = pg_text(rows, 0, GET_BODY_MARKDOWN, pool);
    article->body_html = pg_text(rows, 0, GET_BODY_HTML, pool);
    void *related = NULL, *notes = NULL;
    int result = authors_and_tags_from_row(store, rows, 0, GET_AUTHORS, GET_TAGS, pool, article);
    if (result == GZ_OK)
        result = links_from_cell(store, rows, 0, GET_RELATED, pool, sizeof(content_related_t),
                                 related_from_json, &related, &article->related_count);
    if (result == GZ_OK)
        result = links_from_cell(store, rows, 0, GET_NOTES, pool, sizeof(content_note_t),
                                 note_from_json, &notes, &article->note_count);
    article->related = related;
    article->notes = notes;
    if (result == GZ_OK)
        result = automatic_related_from_row(store, rows, pool, article);
    return result;
}

static int load_article(store_t *store, int64_t id, gz_pool_t *pool, content_article_t *article)
{
    pg_params_t params = {0};
    pg_param_int64(&params, id);
    pg_param_int64(&params, gz_now());
    char context[64];
    snprintf(context, sizeof context, "reading article %lld", (long long)id);
    PGresult *rows = NULL;
    int result = pg_query(store, &ARTICLE_GET, &params, &rows, context);
    if (result == GZ_OK && PQntuples(rows) == 0)
        result = store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)id);
    else if (result == GZ_OK)
        result = article_from_get_row(store, rows, pool, article);
    PQclear(rows);
    return result;
}

/* One statement: the article, everything it owns and its automatic
 * related items come in one snapshot and one round trip. */
int pg_article_get(store_t *store, int64_t id, gz_pool_t *pool, content_article_t **out)
{
    content_article_t *article = gz_pool_calloc(pool, 1, sizeof *article);
    int result = load_article(store, id, pool, article);
    if (result == GZ_OK)
        *out = article;
    return result;
}

/* ---- listing ----------------------------------------------------------- */

/* The statements for the query's access path, as sqlite_article.c picks. */
static const list_path_t *list_path(const store_article_query_t *query)
{
    if (query->languages != NULL)
        return query->oldest_first ? &LIST_EDITION_OLDEST : &LIST_EDITION;
    static const list_path_t *const paths[4][2] = {
        {&LIST_ALL, &LIST_LIVE},
        {&LIST_SECTION, &LIST_SECTION_LIVE},
        {&LIST_TAG, &LIST_TAG_LIVE},
        {&LIST_TAG_SECTION, &LIST_TAG_SECTION_LIVE},
    };
    /* store.c allows these two only on the whole site's live list. */
    if (query->published_after > 0)
        return &LIST_LIVE_SINCE;
    if (query->oldest_first)
        return &LIST_LIVE_OLDEST;
    int path = query->tag_id > 0 ? (query->section_id > 0 ? 3 : 2) : query->section_id > 0 ? 1 : 0;
    return paths[path][query->live_only ? 1 : 0];
}

static int64_t clamp_to_int64(size_t value)
{
    return value > (size_t)INT64_MAX ? INT64_MAX : (int64_t)value;
}

static void add_filters(pg_params_t *params, const list_path_t *path,
                        const store_article_query_t *query)
{
    for (const list_filter_t *filter = path->filters; *filter != FILTER_END; filter++) {
        switch (*filter) {
        case FILTER_NOW: pg_param_int64(params, query->now); break;
        case FILTER_SECTION: pg_param_int64(params, query->section_id); break;
        case FILTER_TAG: pg_param_int64(params, query->tag_id); break;
        case FILTER_AFTER: pg_param_int64(params, query->published_after); break;
        case FILTER_LANGUAGES: pg_param_text(params, query->languages); break;
        case FILTER_EXCLUDED: pg_param_int64(params, query->languages_excluded ? 1 : 0); break;
        case FILTER_END: break;
        }
    }
}

static size_t total_from_cell(const PGresult *rows, int row, int column)
{
    int64_t total = pg_number(rows, row, column);
    return total > 0 ? (size_t)total : 0;
}

static int count_matching(store_t *store, const list_path_t *path,
                          const store_article_query_t *query, size_t *total)
{
    pg_params_t params = {0};
    add_filters(&params, path, query);
    PGresult *rows = NULL;
    int result = pg_query(store, &path->count, &params, &rows, "counting articles");
    if (result == GZ_OK)
        *total = total_from_cell(rows, 0, 0);
    PQclear(rows);
    return result;
}

static int items_from_page(store_t *store, const PGresult *rows, gz_pool_t *pool,
                           content_article_list_t *out)
{
    int found = PQntuples(rows);
    out->items = gz_pool_calloc(pool, (size_t)found, sizeof *out->items);
    out->total = total_from_cell(rows, 0, LIST_TOTAL);
    int result = GZ_OK;
    for (int i = 0; result == GZ_OK && i < found; i++) {
        content_article_t *article = &out->items[out->count++];
        pg_article_from_row(rows, i, 0, pool, article);
        article->body_html = pg_text(rows, i, LIST_BODY, pool);
        result = authors_and_tags_from_row(store, rows, i, LIST_AUTHORS, LIST_TAGS, pool, article);
    }
    return result;
}

int pg_article_list(store_t *store, const store_article_query_t *query, gz_pool_t *pool,
                    content_article_list_t *out)
{
    const list_path_t *path = list_path(query);
    pg_params_t params = {0};
    add_filters(&params, path, query);
    pg_param_int64(&params, clamp_to_int64(query->limit));
    pg_param_int64(&params, clamp_to_int64(query->offset));
    pg_param_int64(&params, query->with_body ? 1 : 0);
    pg_param_int64(&params, query->with_authors_and_tags ? 1 : 0);
    PGresult *rows = NULL;
    int result = pg_query(store, &path->page, &params, &rows, "listing articles");
    if (result != GZ_OK)
        return result;
    bool empty = PQntuples(rows) == 0;
    if (!empty)
        result = items_from_page(store, rows, pool, out);
    PQclear(rows);
    /* An empty first page means none match; past the end, count them. */
    if (result == GZ_OK && empty && query->offset > 0)
        result = count_matching(store, path, query, &out->total);
    return result;
}
