/*
 * pg_search_index.c: the index side of full-text search on PostgreSQL:
 * writing an article's search document (pg_search_follow, after every
 * write of an article) and its newsroom document (pg_newsroom_follow:
 * every article, drafts too, with its authors' and tags' names), rebuilding them all, the tsvector and array
 * literals, and reading and folding the counts ranking needs. Split from
 * pg_search.c, which keeps the queries, ranking and snippets, so that
 * each file stays short; see there for how the two backends agree.
 *
 * The counts ranking needs are kept by a trigger on search_documents (a
 * cascade from a deleted article included): the number and total length
 * of the documents (search_totals) and how many documents hold each
 * lexeme (search_terms; counting through the GIN index visits every row
 * it names, a millisecond for a common word). The trigger appends rows of
 * differences, folded when a transaction that wrote documents commits
 * (pg_search_fold_totals): counter rows updated by every write of a bulk
 * load would each grow a chain of versions that every update walks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_search_private.h"

enum {
    REBUILD_BATCH = 500,
    MAX_POSITION = 16383, /* PostgreSQL's largest tsvector position */
};

/* ---- SQL --------------------------------------------------------------- */

/* SQL laid out as SQL. */
/* clang-format off */
static const pg_statement_t FOLLOW_SOURCE = {
    "SELECT id, headline, COALESCE(summary, ''), body_markdown, published_at,"
    " section_id, content_type_id, language, (status = 3 AND is_stub = 0)::integer"
    " FROM articles WHERE id = $1"};
static const pg_statement_t REBUILD_SOURCE = {
    "SELECT id, headline, COALESCE(summary, ''), body_markdown, published_at,"
    " section_id, content_type_id, language, 1"
    " FROM articles WHERE status = 3 AND is_stub = 0 AND id > $1 ORDER BY id LIMIT $2"};
enum { SOURCE_ID, SOURCE_HEADLINE, SOURCE_SUMMARY, SOURCE_BODY, SOURCE_PUBLISHED,
       SOURCE_SECTION, SOURCE_TYPE, SOURCE_LANGUAGE, SOURCE_LIVE };

/* An unchanged document is not written again: no dead row, no index churn. */
static const pg_statement_t DOCUMENT_PUT = {
    "INSERT INTO search_documents"
    " (id, published_at, section_id, content_type_id, language, length, headline_length,"
    "  summary_length, document)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::tsvector)"
    " ON CONFLICT (id) DO UPDATE SET published_at = EXCLUDED.published_at,"
    " section_id = EXCLUDED.section_id, content_type_id = EXCLUDED.content_type_id,"
    " language = EXCLUDED.language, length = EXCLUDED.length,"
    " headline_length = EXCLUDED.headline_length, summary_length = EXCLUDED.summary_length,"
    " document = EXCLUDED.document"
    " WHERE (search_documents.published_at, search_documents.section_id,"
    "   search_documents.content_type_id, search_documents.language, search_documents.length,"
    "   search_documents.headline_length, search_documents.summary_length,"
    "   search_documents.document)"
    " IS DISTINCT FROM (EXCLUDED.published_at, EXCLUDED.section_id, EXCLUDED.content_type_id,"
    "   EXCLUDED.language, EXCLUDED.length, EXCLUDED.headline_length, EXCLUDED.summary_length,"
    "   EXCLUDED.document)"};
static const pg_statement_t DOCUMENT_DELETE = {"DELETE FROM search_documents WHERE id = $1"};
static const pg_statement_t DOCUMENTS_CLEAR = {"DELETE FROM search_documents"};
static const pg_statement_t LIVE_TOTAL = {
    "SELECT count(*) FROM articles WHERE status = 3 AND is_stub = 0"};

static const pg_statement_t TOTALS_READ = {
    "SELECT COALESCE(sum(documents), 0), COALESCE(sum(tokens), 0) FROM search_totals"};
static const pg_statement_t TOTALS_FOLD = {
    "WITH gone AS (DELETE FROM search_totals RETURNING documents, tokens)"
    " INSERT INTO search_totals (documents, tokens)"
    " SELECT COALESCE(sum(documents), 0), COALESCE(sum(tokens), 0) FROM gone"};
static const pg_statement_t TERMS_FOLD = {
    "WITH gone AS (DELETE FROM search_term_changes RETURNING lexeme, delta)"
    " INSERT INTO search_terms AS t (lexeme, documents)"
    " SELECT lexeme, sum(delta) FROM gone GROUP BY lexeme HAVING sum(delta) <> 0"
    " ON CONFLICT (lexeme) DO UPDATE SET documents = t.documents + EXCLUDED.documents"};
/* After a rebuild, which writes documents with the trigger off. */
static const char RECOUNT[] =
    "DELETE FROM search_totals;"
    "INSERT INTO search_totals (documents, tokens)"
    " SELECT count(*), COALESCE(sum(length), 0) FROM search_documents;"
    "DELETE FROM search_term_changes;"
    "DELETE FROM search_terms;"
    "INSERT INTO search_terms (lexeme, documents)"
    " SELECT word, ndoc FROM ts_stat('SELECT document FROM search_documents');";
static const pg_statement_t PUBLISHED_TOTAL = {
    "SELECT COALESCE(SUM(total), 0) FROM article_counts"
    " WHERE scope = 0 AND scope_id = 0 AND live = 1"};
static const pg_statement_t TERM_DOCUMENTS = {
    "SELECT COALESCE((SELECT t.documents FROM search_terms t WHERE t.lexeme = w.lexeme), 0)"
    " + COALESCE((SELECT sum(c.delta) FROM search_term_changes c WHERE c.lexeme = w.lexeme), 0)"
    " FROM unnest($1::text[]) WITH ORDINALITY AS w (lexeme, n) ORDER BY w.n"};
/* The newsroom's index: every article but stubs, with its names. */
#define NEWSROOM_NAMES(link, table, key)                                                           \
    " COALESCE((SELECT string_agg(n.name, ' ' ORDER BY x.position) FROM " link " x"                \
    " JOIN " table " n ON n.id = x." key " WHERE x.article_id = a.id), '')"
#define NEWSROOM_SOURCE_COLUMNS                                                                    \
    "SELECT a.id, a.headline, COALESCE(a.subtitle, '') || ' ' || COALESCE(a.summary, ''),"         \
    " a.body_markdown," NEWSROOM_NAMES("article_authors", "authors", "author_id") ","              \
    NEWSROOM_NAMES("article_tags", "tags", "tag_id") " FROM articles a"
static const pg_statement_t NEWSROOM_SOURCE = {
    NEWSROOM_SOURCE_COLUMNS " WHERE a.id = $1 AND a.is_stub = 0"};
static const pg_statement_t NEWSROOM_REBUILD_SOURCE = {
    NEWSROOM_SOURCE_COLUMNS " WHERE a.is_stub = 0 AND a.id > $1 ORDER BY a.id LIMIT $2"};
enum { NEWSROOM_COLUMN_COUNT = 5 }; /* after the id */
static const pg_statement_t NEWSROOM_PUT = {
    "INSERT INTO search_newsroom_documents (id, document) VALUES ($1, $2::tsvector)"
    " ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document"
    " WHERE search_newsroom_documents.document IS DISTINCT FROM EXCLUDED.document"};
static const pg_statement_t NEWSROOM_FORGET = {
    "DELETE FROM search_newsroom_documents WHERE id = $1"};
static const pg_statement_t NEWSROOM_CLEAR = {"DELETE FROM search_newsroom_documents"};
static const pg_statement_t NEWSROOM_TOTAL = {
    "SELECT count(*) FROM articles WHERE is_stub = 0"};
/* clang-format on */

/* ---- the connection's state --------------------------------------------- */

struct pg_search *pg_search_state(store_t *store)
{
    pg_connection_t *connection = pg_connection(store);
    if (connection->search == NULL)
        connection->search = gz_calloc(1, sizeof *connection->search);
    return connection->search;
}

void pg_search_disconnect(store_t *store)
{
    pg_connection_t *connection = pg_connection(store);
    if (connection == NULL)
        return;
    free(connection->search);
    connection->search = NULL;
}

content_tokenizer_t *pg_search_tokenizer_or_fail(store_t *store)
{
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    if (tokenizer == NULL)
        store_fail(store, GZ_EIO, "the Snowball stemmers are missing");
    return tokenizer;
}

/* ---- literals ----------------------------------------------------------- */

/* tsvector and tsquery text read '' as a quote and a backslash as an escape. */
void pg_search_quote_lexeme(gz_buf_t *out, const char *term, size_t len)
{
    gz_buf_append_char(out, '\'');
    for (size_t i = 0; i < len; i++) {
        if (term[i] == '\'' || term[i] == '\\')
            gz_buf_append_char(out, term[i]);
        gz_buf_append_char(out, term[i]);
    }
    gz_buf_append_char(out, '\'');
}

/* An element of an array literal: double-quoted, " and \ escaped. */
static void append_array_element(gz_buf_t *out, const char *text, size_t len)
{
    gz_buf_append_char(out, '"');
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"' || text[i] == '\\')
            gz_buf_append_char(out, '\\');
        gz_buf_append_char(out, text[i]);
    }
    gz_buf_append_char(out, '"');
}

void pg_search_lexeme_array(gz_buf_t *out, const search_phrases_t *phrases)
{
    gz_buf_append_char(out, '{');
    for (size_t i = 0; i < phrases->term_count; i++) {
        if (i > 0)
            gz_buf_append_char(out, ',');
        append_array_element(out, phrases->terms[i], strlen(phrases->terms[i]));
    }
    gz_buf_append_char(out, '}');
}

/* ---- documents ---------------------------------------------------------- */

/* One term at one position of a document. */
typedef struct {
    size_t term_offset, term_len; /* in the builder's term bytes */
    const char *term;             /* set once every term is in */
    int position;
    char weight;
} posting_t;

typedef struct {
    gz_buf_t terms;
    posting_t *items;
    size_t count, capacity;
    int column_start; /* the position before the column's first */
    int column_tokens;
    char weight;
    size_t tokens; /* in every column so far */
} document_builder_t;

static int add_posting(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    (void)start;
    (void)end;
    document_builder_t *builder = context;
    if (builder->count == builder->capacity) {
        builder->capacity = builder->capacity ? builder->capacity * 2 : 256;
        builder->items = gz_realloc(builder->items, builder->capacity * sizeof *builder->items);
    }
    int position = builder->column_start + builder->column_tokens + 1;
    builder->items[builder->count++] = (posting_t){
        .term_offset = builder->terms.len,
        .term_len = term_len,
        .position = position < MAX_POSITION ? position : MAX_POSITION,
        .weight = builder->weight,
    };
    gz_buf_append(&builder->terms, term, term_len);
    builder->column_tokens++;
    return 0;
}

/* Adds a column and returns its length; the next one starts a position
 * later than it could, so that no phrase spans the two. */
static int add_column(content_tokenizer_t *tokenizer, document_builder_t *builder, const char *text,
                      char weight)
{
    builder->weight = weight;
    builder->column_tokens = 0;
    content_tokenize(tokenizer, text, strlen(text), add_posting, builder);
    builder->column_start += builder->column_tokens + 1;
    builder->tokens += (size_t)builder->column_tokens;
    return builder->column_tokens;
}

static int compare_postings(const void *a, const void *b)
{
    const posting_t *left = a, *right = b;
    size_t len = left->term_len < right->term_len ? left->term_len : right->term_len;
    int order = memcmp(left->term, right->term, len);
    if (order == 0 && left->term_len != right->term_len)
        order = left->term_len < right->term_len ? -1 : 1;
    if (order == 0)
        order = (left->position > right->position) - (left->position < right->position);
    return order;
}

static bool same_term(const posting_t *a, const posting_t *b)
{
    return a->term_len == b->term_len && memcmp(a->term, b->term, a->term_len) == 0;
}

/* The tsvector literal: 'term':1A,7C 'other':2A ... */
static void write_document(document_builder_t *builder, gz_buf_t *out)
{
    for (size_t i = 0; i < builder->count; i++)
        builder->items[i].term = builder->terms.data + builder->items[i].term_offset;
    qsort(builder->items, builder->count, sizeof *builder->items, compare_postings);
    size_t kept = 0;
    for (size_t i = 0; i < builder->count; i++) {
        const posting_t *posting = &builder->items[i];
        bool continues = i > 0 && same_term(posting, posting - 1);
        if (continues &&
            (posting->position == posting[-1].position || kept >= PG_SEARCH_MAX_POSITIONS))
            continue;
        if (!continues) {
            if (i > 0)
                gz_buf_append_char(out, ' ');
            pg_search_quote_lexeme(out, posting->term, posting->term_len);
            gz_buf_append_char(out, ':');
            kept = 0;
        } else {
            gz_buf_append_char(out, ',');
        }
        gz_buf_printf(out, "%d%c", posting->position, posting->weight);
        kept++;
    }
}

static int count_term(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    (void)term;
    (void)term_len;
    (void)start;
    (void)end;
    (*(size_t *)context)++;
    return 0;
}

/* The tokens of SQLite's hidden filter column ("zs3 zt1 zlen"), which
 * count in its document lengths, so here too. */
static size_t facet_tokens(content_tokenizer_t *tokenizer, const PGresult *source, int row)
{
    gz_buf_t facets = GZ_BUF_INIT;
    const char *language = PQgetvalue(source, row, SOURCE_LANGUAGE);
    size_t primary = strcspn(language, "-");
    gz_buf_printf(&facets, "zs%lld zt%lld zl%.*s",
                  (long long)pg_number(source, row, SOURCE_SECTION),
                  (long long)pg_number(source, row, SOURCE_TYPE), (int)primary, language);
    size_t count = 0;
    content_tokenize(tokenizer, facets.data, facets.len, count_term, &count);
    gz_buf_free(&facets);
    return count;
}

/* Runs a write of search documents; when it changed a row, the counts
 * have rows of differences for the commit to fold. */
static int write_documents(store_t *store, const pg_statement_t *statement,
                           const pg_params_t *params, const char *context)
{
    PGresult *rows = NULL;
    int result = pg_query(store, statement, params, &rows, context);
    if (result == GZ_OK && strcmp(PQcmdTuples(rows), "0") != 0)
        pg_search_state(store)->totals_changed = true;
    PQclear(rows);
    return result;
}

/* The primary subtag as filters compare it: lower case, up to - or _. */
static void document_language(const char *language, gz_buf_t *out)
{
    for (const char *c = language; *c != '\0' && *c != '-' && *c != '_'; c++)
        gz_buf_append_char(out, (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c));
}

/* Writes the search document of the article in row `row` of source. */
static int put_document(store_t *store, content_tokenizer_t *tokenizer, const PGresult *source,
                        int row)
{
    document_builder_t builder = {.terms = GZ_BUF_INIT};
    int headline = add_column(tokenizer, &builder, PQgetvalue(source, row, SOURCE_HEADLINE), 'A');
    int summary = add_column(tokenizer, &builder, PQgetvalue(source, row, SOURCE_SUMMARY), 'B');
    add_column(tokenizer, &builder, PQgetvalue(source, row, SOURCE_BODY), 'C');
    gz_buf_t document = GZ_BUF_INIT, language = GZ_BUF_INIT;
    write_document(&builder, &document);
    document_language(PQgetvalue(source, row, SOURCE_LANGUAGE), &language);
    pg_params_t params = {0};
    pg_param_int64(&params, pg_number(source, row, SOURCE_ID));
    pg_param_int64(&params, pg_number(source, row, SOURCE_PUBLISHED));
    pg_param_id_or_null(&params, pg_number(source, row, SOURCE_SECTION));
    pg_param_id_or_null(&params, pg_number(source, row, SOURCE_TYPE));
    pg_param_text(&params, gz_buf_cstr(&language));
    pg_param_int64(&params, (int64_t)(builder.tokens + facet_tokens(tokenizer, source, row)));
    pg_param_int64(&params, headline);
    pg_param_int64(&params, summary);
    pg_param_text(&params, gz_buf_cstr(&document));
    int result = write_documents(store, &DOCUMENT_PUT, &params, "indexing an article");
    gz_buf_free(&document);
    gz_buf_free(&language);
    gz_buf_free(&builder.terms);
    free(builder.items);
    return result;
}

int pg_search_follow(store_t *store, int64_t article_id)
{
    content_tokenizer_t *tokenizer = pg_search_tokenizer_or_fail(store);
    if (tokenizer == NULL)
        return GZ_EIO;
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    PGresult *source = NULL;
    int result = pg_query(store, &FOLLOW_SOURCE, &params, &source, "reading an article to index");
    if (result != GZ_OK)
        return result;
    if (PQntuples(source) == 1 && pg_number(source, 0, SOURCE_LIVE))
        result = put_document(store, tokenizer, source, 0);
    else
        result =
            write_documents(store, &DOCUMENT_DELETE, &params, "removing an article from the index");
    PQclear(source);
    return result;
}

/* ---- the newsroom's index ------------------------------------------------- */

/* Writes the newsroom's document of the article in row `row` of source
 * (NEWSROOM_SOURCE's columns): each column's terms apart from the next. */
static int put_newsroom_document(store_t *store, content_tokenizer_t *tokenizer,
                                 const PGresult *source, int row)
{
    static const char weights[NEWSROOM_COLUMN_COUNT] = {'A', 'B', 'C', 'D', 'D'};
    document_builder_t builder = {.terms = GZ_BUF_INIT};
    for (int column = 0; column < NEWSROOM_COLUMN_COUNT; column++)
        add_column(tokenizer, &builder, PQgetvalue(source, row, column + 1), weights[column]);
    gz_buf_t document = GZ_BUF_INIT;
    write_document(&builder, &document);
    pg_params_t params = {0};
    pg_param_int64(&params, pg_number(source, row, 0));
    pg_param_text(&params, gz_buf_cstr(&document));
    int result = pg_run(store, &NEWSROOM_PUT, &params, "updating the newsroom's index");
    gz_buf_free(&document);
    gz_buf_free(&builder.terms);
    free(builder.items);
    return result;
}

int pg_newsroom_follow(store_t *store, int64_t article_id)
{
    content_tokenizer_t *tokenizer = pg_search_tokenizer_or_fail(store);
    if (tokenizer == NULL)
        return GZ_EIO;
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    PGresult *source = NULL;
    int result =
        pg_query(store, &NEWSROOM_SOURCE, &params, &source, "reading an article to index");
    if (result != GZ_OK)
        return result;
    if (PQntuples(source) == 1)
        result = put_newsroom_document(store, tokenizer, source, 0);
    else
        result = pg_run(store, &NEWSROOM_FORGET, &params, "updating the newsroom's index");
    PQclear(source);
    return result;
}

/* The documents of the articles after *after, a batch; *indexed of them. */
static int newsroom_batch(store_t *store, content_tokenizer_t *tokenizer, int64_t *after,
                          size_t *indexed)
{
    pg_params_t params = {0};
    pg_param_int64(&params, *after);
    pg_param_int64(&params, REBUILD_BATCH);
    PGresult *rows = NULL;
    int result =
        pg_query(store, &NEWSROOM_REBUILD_SOURCE, &params, &rows, "reading articles to index");
    int count = result == GZ_OK ? PQntuples(rows) : 0;
    for (int i = 0; result == GZ_OK && i < count; i++)
        result = put_newsroom_document(store, tokenizer, rows, i);
    if (result == GZ_OK && count > 0)
        *after = pg_number(rows, count - 1, 0);
    *indexed = (size_t)count;
    PQclear(rows);
    return result;
}

/* Progress counts on from done, out of total (both passes of a rebuild). */
static int newsroom_index_from(store_t *store, content_tokenizer_t *tokenizer, size_t *done,
                               size_t total, store_progress_fn progress, void *context)
{
    int result = pg_run(store, &NEWSROOM_CLEAR, NULL, "clearing the newsroom's index");
    int64_t after = 0;
    size_t indexed = 0;
    while (result == GZ_OK) {
        result = newsroom_batch(store, tokenizer, &after, &indexed);
        if (result != GZ_OK || indexed == 0)
            break;
        *done += indexed;
        if (progress != NULL)
            progress(context, *done, total);
    }
    return result;
}

int pg_newsroom_index_all(store_t *store, store_progress_fn progress, void *context)
{
    content_tokenizer_t *tokenizer = pg_search_tokenizer_or_fail(store);
    if (tokenizer == NULL)
        return GZ_EIO;
    int64_t total = 0;
    int result = pg_query_number(store, &NEWSROOM_TOTAL, NULL, &total, "counting articles");
    size_t done = 0;
    if (result == GZ_OK)
        result = newsroom_index_from(store, tokenizer, &done, (size_t)total, progress, context);
    return result;
}

/* ---- counts ---------------------------------------------------------------- */

/* The counts are search_terms' (as of the last commit that wrote
 * documents) plus the changes since: what counting the documents up to
 * cap would give, without visiting them. */
int pg_search_term_documents(store_t *store, const char *const *terms, size_t count, int64_t cap,
                             int64_t *counts)
{
    gz_buf_t lexemes = GZ_BUF_INIT;
    gz_buf_append_char(&lexemes, '{');
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            gz_buf_append_char(&lexemes, ',');
        append_array_element(&lexemes, terms[i], strlen(terms[i]));
    }
    gz_buf_append_char(&lexemes, '}');
    pg_params_t params = {0};
    pg_param_text(&params, gz_buf_cstr(&lexemes));
    PGresult *rows = NULL;
    int result = pg_query(store, &TERM_DOCUMENTS, &params, &rows, "counting matching articles");
    for (size_t i = 0; result == GZ_OK && i < count; i++) {
        int64_t documents = (int)i < PQntuples(rows) ? pg_number(rows, (int)i, 0) : 0;
        counts[i] = documents < cap ? documents : cap;
    }
    PQclear(rows);
    gz_buf_free(&lexemes);
    return result;
}

int pg_search_published_total(store_t *store, int64_t *total)
{
    return pg_query_number(store, &PUBLISHED_TOTAL, NULL, total, "counting published articles");
}

int pg_search_average_length(store_t *store, double *average)
{
    PGresult *rows = NULL;
    int result = pg_query(store, &TOTALS_READ, NULL, &rows, "reading the search totals");
    *average = 1.0;
    if (result == GZ_OK && PQntuples(rows) == 1) {
        int64_t documents = pg_number(rows, 0, 0), tokens = pg_number(rows, 0, 1);
        if (documents > 0)
            *average = (double)tokens / (double)documents;
    }
    PQclear(rows);
    return result;
}

int pg_search_plan_per_query(store_t *store)
{
    return pg_run_script(store, "SET LOCAL plan_cache_mode = force_custom_plan",
                         "planning a search");
}

int pg_search_fold_totals(store_t *store)
{
    int result = pg_run(store, &TOTALS_FOLD, NULL, "folding the search totals");
    if (result == GZ_OK)
        result = pg_run(store, &TERMS_FOLD, NULL, "folding the search terms");
    return result;
}

/* ---- rebuilding the index -------------------------------------------------------- */

static int index_batch(store_t *store, content_tokenizer_t *tokenizer, int64_t *after,
                       size_t *indexed)
{
    pg_params_t params = {0};
    pg_param_int64(&params, *after);
    pg_param_int64(&params, REBUILD_BATCH);
    PGresult *rows = NULL;
    int result = pg_query(store, &REBUILD_SOURCE, &params, &rows, "reading articles to index");
    int count = result == GZ_OK ? PQntuples(rows) : 0;
    for (int i = 0; result == GZ_OK && i < count; i++)
        result = put_document(store, tokenizer, rows, i);
    if (result == GZ_OK && count > 0)
        *after = pg_number(rows, count - 1, SOURCE_ID);
    *indexed = (size_t)count;
    PQclear(rows);
    return result;
}

/* Both indexes, the readers' and the newsroom's; progress counts the
 * articles of both passes. */
static int index_all(store_t *store, content_tokenizer_t *tokenizer, store_progress_fn progress,
                     void *context)
{
    int64_t live = 0, every = 0, after = 0;
    int result = pg_query_number(store, &LIVE_TOTAL, NULL, &live, "counting articles to index");
    if (result == GZ_OK)
        result = pg_query_number(store, &NEWSROOM_TOTAL, NULL, &every, "counting articles");
    size_t total = (size_t)(live + every);
    if (result == GZ_OK)
        result =
            pg_run_script(store, "SET LOCAL gazette.search_rebuild = 'on'", "starting a rebuild");
    if (result == GZ_OK)
        result = pg_run(store, &DOCUMENTS_CLEAR, NULL, "clearing the index");
    size_t done = 0, indexed = 0;
    while (result == GZ_OK) {
        result = index_batch(store, tokenizer, &after, &indexed);
        if (result != GZ_OK || indexed == 0)
            break;
        done += indexed;
        if (progress != NULL)
            progress(context, done, total);
    }
    /* Counted again from the documents: a rebuild also repairs the counts. */
    if (result == GZ_OK)
        result = pg_run_script(store, RECOUNT, "counting the index");
    if (result == GZ_OK)
        result =
            pg_run_script(store, "SET LOCAL gazette.search_rebuild = 'off'", "ending a rebuild");
    if (result == GZ_OK)
        result = newsroom_index_from(store, tokenizer, &done, total, progress, context);
    return result;
}

int pg_search_rebuild(store_t *store, store_progress_fn progress, void *context)
{
    content_tokenizer_t *tokenizer = pg_search_tokenizer_or_fail(store);
    if (tokenizer == NULL)
        return GZ_EIO;
    pg_write_t write;
    int result = pg_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = index_all(store, tokenizer, progress, context);
    return pg_write_finish(store, &write, result);
}
