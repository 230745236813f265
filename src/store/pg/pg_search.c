/*
 * pg_search.c: full-text search on PostgreSQL, answering as sqlite_search.c
 * does: the same matches, the same ranking, the same marked snippets.
 *
 * The words: PostgreSQL's own parsers and dictionaries would read text
 * differently from Gazette's tokenizer (content/text.c), so Gazette reads
 * it. pg_search_follow tokenizes an article's headline, summary and body
 * and writes search_documents.document as a tsvector literal of those
 * terms, weighted A, B and C, at the positions the tokenizer counted, with
 * one position left empty between the columns so that no phrase runs from
 * one into the next (FTS5 columns are apart too). A query's items become
 * a tsquery of the same terms, each lexeme quoted, phrases joined by <->.
 * Both are sent as parameters and cast; PostgreSQL only stores and
 * matches, with a GIN index on the document.
 *
 * Ranking is SQLite's: BM25 with the headline weighted 8, the summary 3
 * and the body 1, IDFs from counts that stop at SEARCH_FREQUENCY_CAP and
 * the store's count of published articles, the average length from
 * search_totals, times the recency boost; the newest STORE_SEARCH_RANKED
 * matches are ranked and older ones follow newest first. ts_rank cannot
 * give BM25 (it does not count occurrences), so the candidates come back
 * with the positions of the query's lexemes (PG_SEARCH_RANKED_COLUMNS, a
 * few bytes a row) and are scored here, by the same formula in
 * search_text.c that SQLite's search_rank uses.
 *
 * The search documents and the counts ranking needs are written in
 * pg_search_index.c.
 *
 * Snippets: search_text.c marks the headline, the summary and the best
 * passage of the body as FTS5's highlight() and snippet() would, and
 * escapes them once.
 *
 * Statements that look words up are planned for each query's words (see
 * pg_search_plan_per_query): a generic plan cannot tell a word in every
 * article from one in three.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_search_private.h"

enum {
    SEARCH_FREQUENCY_CAP = 5000, /* as SQLite's: see sqlite_search_index.c */
    RANKED_SET = STORE_SEARCH_RANKED + 1,
};

/* ---- SQL --------------------------------------------------------------- */

/* SQL laid out as SQL. */
/* clang-format off */
/* $1 the tsquery; $2, $3 the time range; $4 section, $5 content type
 * (0: any); $6 the primary language ('': any). */
#define MATCHING                                                                                   \
    " FROM search_documents d WHERE d.document @@ $1::tsquery"                                     \
    " AND d.published_at BETWEEN $2 AND $3"                                                        \
    " AND ($4::bigint = 0 OR d.section_id = $4) AND ($5::bigint = 0 OR d.content_type_id = $5)"   \
    " AND ($6::text = '' OR d.language = $6)"
/* The newest matches come two ways. Walking the id's index newest first
 * and testing each document stops early when matches are dense (a common
 * word), but reads the whole table when they are few or old, which the
 * planner cannot tell for a phrase or a rare word. There, fetching the
 * matches from the GIN index and sorting them ("d.id + 0" keeps the
 * planner off the id's index) is 3 to 4 times faster (measured at 100,000
 * articles). search_plan_t.walk_newest picks, from the words' counts. */
static const pg_statement_t SEARCH_CANDIDATES_NEWEST = {
    "SELECT " PG_SEARCH_RANKED_COLUMNS("$7") MATCHING " ORDER BY d.id DESC LIMIT $8"};
static const pg_statement_t SEARCH_CANDIDATES = {
    "SELECT " PG_SEARCH_RANKED_COLUMNS("$7") MATCHING " ORDER BY d.id + 0 DESC LIMIT $8"};
static const pg_statement_t SEARCH_TAIL = {
    "SELECT d.id" MATCHING " ORDER BY d.id DESC LIMIT $7 OFFSET $8"};
static const pg_statement_t SEARCH_COUNT = {
    "SELECT count(*) FROM (SELECT 1" MATCHING " LIMIT $7) c"};
static const pg_statement_t SEARCH_HITS = {
    "SELECT " PG_ARTICLE_COLUMNS PG_ARTICLE_FROM " WHERE a.id = ANY ($1::bigint[])"};
static const pg_statement_t SEARCH_BODIES = {
    "SELECT id, body_markdown FROM articles WHERE id = ANY ($1::bigint[])"};
/* clang-format on */

/* ---- ranking ------------------------------------------------------------- */

/* Where each of the query's terms is in one document, in PostgreSQL's
 * order (ascending), and where its columns end. */
typedef struct {
    int *spots;     /* term t's positions are spots[t * PG_SEARCH_MAX_POSITIONS ...] */
    size_t *counts; /* per term */
    size_t term_count;
    int headline_end, summary_end; /* the last position of each */
} term_spots_t;

/* Reads a quoted lexeme at *p into lexeme; *p moves past it. */
static void read_lexeme(const char **p, gz_buf_t *lexeme)
{
    const char *c = *p + 1;
    gz_buf_reset(lexeme);
    while (*c != '\0') {
        if (*c == '\'' && c[1] == '\'') {
            gz_buf_append_char(lexeme, '\'');
            c += 2;
        } else if (*c == '\'') {
            c++;
            break;
        } else {
            if (*c == '\\' && c[1] != '\0')
                c++;
            gz_buf_append_char(lexeme, *c++);
        }
    }
    *p = c;
}

/* Reads ":1,7C,9" after a lexeme into the term's spots (when term >= 0). */
static void read_positions(const char **p, term_spots_t *spots, long term)
{
    const char *c = *p;
    if (*c == ':')
        c++;
    while (*c >= '0' && *c <= '9') {
        int position = 0;
        while (*c >= '0' && *c <= '9')
            position = position * 10 + (*c++ - '0');
        if (*c >= 'A' && *c <= 'D')
            c++;
        if (term >= 0 && spots->counts[term] < PG_SEARCH_MAX_POSITIONS)
            spots->spots[(size_t)term * PG_SEARCH_MAX_POSITIONS + spots->counts[term]++] = position;
        if (*c == ',')
            c++;
    }
    *p = c;
}

static void read_document(const char *text, const search_phrases_t *phrases, term_spots_t *spots,
                          gz_buf_t *lexeme)
{
    memset(spots->counts, 0, spots->term_count * sizeof *spots->counts);
    const char *p = text;
    while (*p != '\0') {
        if (*p != '\'') {
            p++;
            continue;
        }
        read_lexeme(&p, lexeme);
        read_positions(&p, spots, search_phrases_term(phrases, gz_buf_cstr(lexeme), lexeme->len));
    }
}

static bool term_at(const term_spots_t *spots, size_t term, int position)
{
    const int *list = &spots->spots[term * PG_SEARCH_MAX_POSITIONS];
    for (size_t i = 0; i < spots->counts[term]; i++) {
        if (list[i] == position)
            return true;
        if (list[i] > position)
            break;
    }
    return false;
}

/* The BM25 weight of the column a position is in. */
static double column_weight(const term_spots_t *spots, int position)
{
    if (position <= spots->headline_end)
        return SEARCH_HEADLINE_WEIGHT;
    return position <= spots->summary_end ? SEARCH_SUMMARY_WEIGHT : SEARCH_BODY_WEIGHT;
}

/* A phrase's occurrences in the document, each weighted by its column. */
static double phrase_frequency(const search_phrases_t *phrases, size_t phrase,
                               const term_spots_t *spots)
{
    const size_t *terms = &phrases->term_ids[phrases->first[phrase]];
    size_t size = phrases->size[phrase];
    double frequency = 0;
    const int *first = &spots->spots[terms[0] * PG_SEARCH_MAX_POSITIONS];
    for (size_t i = 0; size > 0 && i < spots->counts[terms[0]]; i++) {
        bool whole = true;
        for (size_t k = 1; whole && k < size; k++)
            whole = term_at(spots, terms[k], first[i] + (int)k);
        if (whole)
            frequency += column_weight(spots, first[i]);
    }
    return frequency;
}

void pg_search_rank_rows(const PGresult *rows, const pg_search_weights_t *weights,
                         pg_search_ranked_t *out)
{
    const search_phrases_t *phrases = weights->phrases;
    size_t terms = phrases->term_count > 0 ? phrases->term_count : 1;
    term_spots_t spots = {
        .spots = gz_calloc(terms * PG_SEARCH_MAX_POSITIONS, sizeof *spots.spots),
        .counts = gz_calloc(terms, sizeof *spots.counts),
        .term_count = phrases->term_count,
    };
    double *frequency = gz_calloc(phrases->count > 0 ? phrases->count : 1, sizeof *frequency);
    gz_buf_t lexeme = GZ_BUF_INIT;
    for (int row = 0; row < PQntuples(rows); row++) {
        int headline = (int)pg_number(rows, row, 4), summary = (int)pg_number(rows, row, 5);
        spots.headline_end = headline;
        spots.summary_end = headline + 1 + summary;
        read_document(PQgetvalue(rows, row, 6), phrases, &spots, &lexeme);
        for (size_t i = 0; i < phrases->count; i++)
            frequency[i] = phrase_frequency(phrases, i, &spots);
        out[row] = (pg_search_ranked_t){
            .id = pg_number(rows, row, 0),
            .published_at = pg_number(rows, row, 1),
            .section_id = pg_number(rows, row, 2),
            .relevance = search_bm25(weights->idf, frequency, phrases->count,
                                     (double)pg_number(rows, row, 3), weights->average_length),
        };
    }
    gz_buf_free(&lexeme);
    free(frequency);
    free(spots.spots);
    free(spots.counts);
}

/* ---- the query ---------------------------------------------------------------- */

typedef struct {
    gz_buf_t *out;
    size_t terms;
} item_writer_t;

static int append_item_term(void *context, const char *term, size_t term_len, size_t start,
                            size_t end)
{
    (void)start;
    (void)end;
    item_writer_t *writer = context;
    if (writer->terms++ > 0)
        gz_buf_append_cstr(writer->out, " <-> ");
    pg_search_quote_lexeme(writer->out, term, term_len);
    return 0;
}

/* An item as the index reads it: its terms in a row. */
static void append_item(gz_buf_t *out, const content_query_item_t *item, void *tokenizer)
{
    item_writer_t writer = {out, 0};
    gz_buf_append_char(out, '(');
    content_tokenize(tokenizer, item->text, strlen(item->text), append_item_term, &writer);
    gz_buf_append_char(out, ')');
}

/* "(clauses) & !(excluded clauses)", as sqlite_search_match joins them. */
static void write_tsquery(gz_buf_t *out, content_tokenizer_t *tokenizer,
                          const content_query_t *query)
{
    const search_syntax_t tsquery_syntax = {" & ", " | ", append_item, tokenizer};
    gz_buf_append_char(out, '(');
    search_append_clauses(out, query, false, &tsquery_syntax);
    gz_buf_append_char(out, ')');
    if (query->positive < query->count) {
        gz_buf_append_cstr(out, " & !(");
        search_append_clauses(out, query, true, &tsquery_syntax);
        gz_buf_append_char(out, ')');
    }
}

/* The newsroom's filter: the same tsquery, matched against every column
 * of its documents (headline, lede, body, authors, tags). */
const char *pg_newsroom_match(store_t *store, const content_query_t *parsed, gz_pool_t *pool)
{
    gz_buf_t tsquery = GZ_BUF_INIT;
    write_tsquery(&tsquery, store_tokenizer(store), parsed);
    const char *text = gz_pool_strdup(pool, gz_buf_cstr(&tsquery));
    gz_buf_free(&tsquery);
    return text;
}

/* ---- running a search ------------------------------------------------------------ */

typedef struct {
    const char *tsquery;
    const char *lexemes;  /* the phrases' terms, text[] */
    const char *language; /* primary subtag, "" for any */
    search_phrases_t phrases;
    double *idf; /* per phrase */
    double average_length;
    int64_t section_id, content_type_id;
    gz_time_t now, from, to;
    double half_life;
    size_t offset, limit;
    bool walk_newest; /* dense matches: see SEARCH_CANDIDATES_NEWEST */
} search_plan_t;

static void add_matching_params(pg_params_t *params, const search_plan_t *plan)
{
    pg_param_text(params, plan->tsquery);
    pg_param_int64(params, plan->from);
    pg_param_int64(params, plan->to);
    pg_param_int64(params, plan->section_id);
    pg_param_int64(params, plan->content_type_id);
    pg_param_text(params, plan->language);
}

/* Each phrase's IDF: from its rarest term's count (a phrase is at most as
 * common as that), as SQLite weighs them. *dense: every phrase is one word
 * held by SEARCH_FREQUENCY_CAP documents or more. */
static int phrase_idf(store_t *store, const search_phrases_t *phrases, gz_pool_t *pool, double *idf,
                      bool *dense)
{
    *dense = phrases->count > 0;
    int64_t *counts = gz_pool_calloc(pool, phrases->term_count + 1, sizeof *counts);
    int64_t total = 0;
    int result = pg_search_published_total(store, &total);
    if (result == GZ_OK)
        result = pg_search_term_documents(store, (const char *const *)phrases->terms,
                                          phrases->term_count, SEARCH_FREQUENCY_CAP, counts);
    for (size_t i = 0; result == GZ_OK && i < phrases->count; i++) {
        int64_t fewest = -1;
        for (size_t k = 0; k < phrases->size[i]; k++) {
            int64_t documents = counts[phrases->term_ids[phrases->first[i] + k]];
            if (fewest < 0 || documents < fewest)
                fewest = documents;
        }
        idf[i] = search_idf(total, fewest > 0 ? fewest : 0);
        *dense = *dense && phrases->size[i] == 1 && fewest >= SEARCH_FREQUENCY_CAP;
    }
    return result;
}

static int compare_scored(const void *a, const void *b)
{
    const pg_search_scored_t *left = a, *right = b;
    if (left->score != right->score)
        return left->score < right->score ? -1 : 1;
    return (left->id < right->id) - (left->id > right->id);
}

void pg_search_sort_scored(pg_search_scored_t *scored, size_t count)
{
    qsort(scored, count, sizeof *scored, compare_scored);
}

static void set_total(store_search_results_t *out, size_t count)
{
    out->total_is_lower_bound = count > STORE_SEARCH_RANKED;
    out->total = count > STORE_SEARCH_RANKED ? STORE_SEARCH_RANKED : count;
}

/* Ranks the newest RANKED_SET matches; their number is the total. */
static int ranked_ids(store_t *store, const search_plan_t *plan, int64_t *ids, size_t *count,
                      store_search_results_t *out)
{
    pg_params_t params = {0};
    add_matching_params(&params, plan);
    pg_param_text(&params, plan->lexemes);
    pg_param_int64(&params, RANKED_SET);
    PGresult *rows = NULL;
    const pg_statement_t *statement =
        plan->walk_newest ? &SEARCH_CANDIDATES_NEWEST : &SEARCH_CANDIDATES;
    int result = pg_query(store, statement, &params, &rows, "searching");
    if (result != GZ_OK)
        return result;
    size_t candidates = (size_t)PQntuples(rows);
    pg_search_ranked_t *ranked = gz_calloc(candidates > 0 ? candidates : 1, sizeof *ranked);
    pg_search_scored_t *scored = gz_calloc(candidates > 0 ? candidates : 1, sizeof *scored);
    pg_search_weights_t weights = {&plan->phrases, plan->idf, plan->average_length};
    pg_search_rank_rows(rows, &weights, ranked);
    for (size_t i = 0; i < candidates; i++) {
        double boost =
            search_recency((double)plan->now, (double)ranked[i].published_at, plan->half_life);
        scored[i] = (pg_search_scored_t){ranked[i].id, -ranked[i].relevance * (1.0 + boost)};
    }
    pg_search_sort_scored(scored, candidates);
    size_t end = plan->offset + plan->limit;
    for (size_t i = plan->offset; i < candidates && i < end && i < RANKED_SET; i++)
        ids[(*count)++] = scored[i].id;
    set_total(out, candidates);
    free(ranked);
    free(scored);
    PQclear(rows);
    return GZ_OK;
}

static int count_matches(store_t *store, const search_plan_t *plan, store_search_results_t *out)
{
    pg_params_t params = {0};
    add_matching_params(&params, plan);
    pg_param_int64(&params, RANKED_SET);
    int64_t count = 0;
    int result = pg_query_number(store, &SEARCH_COUNT, &params, &count, "counting search results");
    if (result == GZ_OK)
        set_total(out, count > 0 ? (size_t)count : 0);
    return result;
}

/* Matches past the ranked ones, newest first. */
static int tail_ids(store_t *store, const search_plan_t *plan, size_t offset, size_t limit,
                    int64_t *ids, size_t *count)
{
    pg_params_t params = {0};
    add_matching_params(&params, plan);
    pg_param_int64(&params, (int64_t)limit);
    pg_param_int64(&params, (int64_t)offset);
    PGresult *rows = NULL;
    int result = pg_query(store, &SEARCH_TAIL, &params, &rows, "searching");
    for (int i = 0; result == GZ_OK && i < PQntuples(rows) && *count < plan->limit; i++)
        ids[(*count)++] = pg_number(rows, i, 0);
    PQclear(rows);
    return result;
}

/* The ids of the page: ranked among the newest RANKED_SET matches, then
 * older matches newest first. */
static int page_ids(store_t *store, const search_plan_t *plan, int64_t *ids, size_t *count,
                    store_search_results_t *out)
{
    size_t end = plan->offset + plan->limit;
    int result = plan->offset < RANKED_SET ? ranked_ids(store, plan, ids, count, out)
                                           : count_matches(store, plan, out);
    if (result == GZ_OK && end > RANKED_SET && out->total_is_lower_bound) {
        size_t offset = plan->offset > RANKED_SET ? plan->offset : RANKED_SET;
        result = tail_ids(store, plan, offset, end - offset, ids, count);
    }
    return result;
}

/* ---- hits ------------------------------------------------------------------------ */

static int find_row(const PGresult *rows, int64_t id)
{
    for (int i = 0; i < PQntuples(rows); i++) {
        if (pg_number(rows, i, 0) == id)
            return i;
    }
    return -1;
}

/* The body passages of the hits whose summary has no match. */
static int add_body_snippets(store_t *store, const search_plan_t *plan, gz_pool_t *pool,
                             store_search_results_t *out, const int64_t *ids, size_t count)
{
    if (count == 0)
        return GZ_OK;
    gz_buf_t array = GZ_BUF_INIT;
    const char *id_list = pg_array_of(&array, ids, count);
    pg_params_t params = {0};
    pg_param_text(&params, id_list);
    PGresult *rows = NULL;
    int result = pg_query(store, &SEARCH_BODIES, &params, &rows, "reading search results");
    gz_buf_free(&array);
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    for (size_t i = 0; result == GZ_OK && i < out->count; i++) {
        store_search_hit_t *hit = &out->hits[i];
        int row = hit->snippet_html == NULL ? find_row(rows, hit->article.id) : -1;
        if (row < 0)
            continue;
        const char *passage =
            search_snippet(tokenizer, &plan->phrases, PQgetvalue(rows, row, 1), pool);
        if (search_has_marker(passage))
            hit->snippet_html = search_marked_html(pool, passage, true);
    }
    PQclear(rows);
    return result;
}

/* The summary marked when it holds a match (the snippet), else NULL. */
static void mark_hit(content_tokenizer_t *tokenizer, const search_plan_t *plan, gz_pool_t *pool,
                     store_search_hit_t *hit)
{
    const char *headline = search_highlight(tokenizer, &plan->phrases, hit->article.headline, pool);
    hit->headline_html = search_marked_html(pool, headline, false);
    const char *summary = search_highlight(tokenizer, &plan->phrases,
                                           hit->article.summary ? hit->article.summary : "", pool);
    hit->snippet_html =
        search_has_marker(summary) ? search_marked_html(pool, summary, false) : NULL;
}

/* The snippet: the lede when it matches, else the body passage when it
 * does, else the lede. */
static int load_hits(store_t *store, const search_plan_t *plan, const int64_t *ids, size_t count,
                     gz_pool_t *pool, store_search_results_t *out)
{
    out->hits = gz_pool_calloc(pool, count > 0 ? count : 1, sizeof *out->hits);
    if (count == 0)
        return GZ_OK;
    gz_buf_t array = GZ_BUF_INIT;
    const char *id_list = pg_array_of(&array, ids, count);
    pg_params_t params = {0};
    pg_param_text(&params, id_list);
    PGresult *rows = NULL;
    int result = pg_query(store, &SEARCH_HITS, &params, &rows, "reading search results");
    gz_buf_free(&array);
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    int64_t *without = gz_pool_calloc(pool, count, sizeof *without);
    size_t without_count = 0;
    for (size_t i = 0; result == GZ_OK && i < count; i++) {
        int row = find_row(rows, ids[i]);
        if (row < 0)
            continue; /* deleted since the ranking: skip it */
        store_search_hit_t *hit = &out->hits[out->count++];
        pg_article_from_row(rows, row, 0, pool, &hit->article);
        mark_hit(tokenizer, plan, pool, hit);
        if (hit->snippet_html == NULL)
            without[without_count++] = ids[i];
    }
    PQclear(rows);
    if (result == GZ_OK)
        result = add_body_snippets(store, plan, pool, out, without, without_count);
    for (size_t i = 0; i < out->count; i++) {
        store_search_hit_t *hit = &out->hits[i];
        if (hit->snippet_html == NULL)
            hit->snippet_html = search_marked_html(pool, hit->article.summary, false);
    }
    return result;
}

static void plan_search(store_t *store, const store_search_query_t *query,
                        const content_query_t *parsed, gz_pool_t *pool, search_plan_t *plan)
{
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    gz_buf_t tsquery = GZ_BUF_INIT, lexemes = GZ_BUF_INIT;
    char primary[16];
    gz_time_t to = query->to > 0 && query->to < query->now ? query->to : query->now;
    *plan = (search_plan_t){
        .language = search_primary_language(query->language, primary, sizeof primary)
                        ? gz_pool_strdup(pool, primary)
                        : "",
        .section_id = query->section_id,
        .content_type_id = query->content_type_id,
        .now = query->now,
        .from = query->from > 0 ? query->from : INT64_MIN,
        .to = to,
        .half_life = (double)query->recency_days * SEARCH_SECONDS_PER_DAY,
        .offset = (query->page - 1) * query->page_size,
        .limit = query->page_size,
    };
    search_phrases_of_query(tokenizer, parsed, pool, &plan->phrases);
    write_tsquery(&tsquery, tokenizer, parsed);
    pg_search_lexeme_array(&lexemes, &plan->phrases);
    plan->tsquery = gz_pool_strdup(pool, gz_buf_cstr(&tsquery));
    plan->lexemes = gz_pool_strdup(pool, gz_buf_cstr(&lexemes));
    plan->idf = gz_pool_calloc(pool, plan->phrases.count + 1, sizeof *plan->idf);
    gz_buf_free(&tsquery);
    gz_buf_free(&lexemes);
}

static int run_search(store_t *store, search_plan_t *plan, gz_pool_t *pool,
                      store_search_results_t *out)
{
    bool dense = false;
    int result = pg_search_plan_per_query(store);
    if (result == GZ_OK)
        result = phrase_idf(store, &plan->phrases, pool, plan->idf, &dense);
    /* Filters thin the matches out: then the walk could read far. */
    plan->walk_newest = dense && plan->section_id == 0 && plan->content_type_id == 0 &&
                        plan->language[0] == '\0' && plan->from == INT64_MIN;
    if (result == GZ_OK)
        result = pg_search_average_length(store, &plan->average_length);
    int64_t *ids = gz_pool_calloc(pool, plan->limit, sizeof *ids);
    size_t count = 0;
    if (result == GZ_OK)
        result = page_ids(store, plan, ids, &count, out);
    if (result == GZ_OK)
        result = load_hits(store, plan, ids, count, pool, out);
    return result;
}

int pg_search(store_t *store, const store_search_query_t *query, const content_query_t *parsed,
              gz_pool_t *pool, store_search_results_t *out)
{
    if (pg_search_tokenizer_or_fail(store) == NULL)
        return GZ_EIO;
    search_plan_t plan;
    plan_search(store, query, parsed, pool, &plan);
    pg_read_t read;
    int result = pg_read_start(store, &read);
    if (result == GZ_OK)
        result = run_search(store, &plan, pool, out);
    return pg_read_finish(store, &read, result);
}
