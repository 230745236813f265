/*
 * pg_related.c: the automatic related articles on PostgreSQL, chosen as
 * sqlite_related.c chooses them, by the rules of related_text.h: the
 * telling terms of an article's headline and summary, looked up as one OR
 * query in the search documents, the newest RELATED_CANDIDATE_CAP matches
 * ranked by BM25 times 1.5 for the same section times the recency boost,
 * weak, duplicate and editor-linked candidates dropped. The ranking is
 * pg_search.c's (BM25 computed in C from where the terms are in each
 * candidate, pg_search_rank_rows).
 *
 * store_article_put queues the article (related_pending, pg_related_mark)
 * and the commit of its write computes up to RELATED_PER_COMMIT queued
 * lists in the same transaction (pg_related_before_commit), with their
 * best matches' lists when they all fit. Every commit calls it, migrations
 * included, so it first looks at a flag in the connection's state and
 * costs nothing when this connection queued nothing. The commit also folds
 * the counts that written search documents changed (pg_search_fold_totals).
 *
 * Round trips cost here what function calls cost on SQLite, so an
 * article's terms are counted in one statement (from search_terms), the
 * candidates' headlines read in one, and an unchanged list is not written
 * again. What remains is the candidates' statement, about ten times what
 * FTS5 takes to read the same doclists: an article stored costs some
 * 70 ms of related work at its commit (its list and six neighbours') on
 * an archive of 20,000.
 */
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg_search_private.h"
#include "store/related_text.h"

static const double RELATED_SAME_SECTION = 1.5;

/* SQL laid out as SQL. */
/* clang-format off */
static const pg_statement_t RELATED_SOURCE = {
    "SELECT headline, COALESCE(summary, ''), COALESCE(section_id, 0),"
    " (status = 3 AND is_stub = 0)::integer FROM articles WHERE id = $1"};
static const pg_statement_t RELATED_CANDIDATES = {
    "SELECT " PG_SEARCH_RANKED_COLUMNS("$2") " FROM search_documents d"
    " WHERE d.document @@ $1::tsquery AND d.id <> $3 AND d.published_at <= $4"
    " ORDER BY d.id DESC LIMIT $5"};
static const pg_statement_t RELATED_HEADLINES = {
    "SELECT id, headline FROM articles WHERE id = ANY ($1::bigint[])"};
static const pg_statement_t RELATED_MANUAL_TARGETS = {
    "SELECT target_id FROM related_links WHERE article_id = $1"};
static const pg_statement_t RELATED_CURRENT = {
    "SELECT target_id FROM related_auto WHERE article_id = $1 ORDER BY position"};
static const pg_statement_t RELATED_CLEAR = {"DELETE FROM related_auto WHERE article_id = $1"};
static const pg_statement_t RELATED_ADD = {
    "INSERT INTO related_auto (article_id, position, target_id)"
    " SELECT $1, t.n - 1, t.id FROM unnest($2::bigint[]) WITH ORDINALITY AS t (id, n)"};
static const pg_statement_t RELATED_LOG_CHANGE = {
    "INSERT INTO change_log (tags) VALUES ('article:' || $1::bigint)"};
static const pg_statement_t RELATED_PENDING_ADD = {
    "INSERT INTO related_pending (article_id) VALUES ($1) ON CONFLICT DO NOTHING"};
static const pg_statement_t RELATED_PENDING_TAKE = {
    "SELECT article_id FROM related_pending ORDER BY article_id DESC LIMIT $1"};
static const pg_statement_t RELATED_PENDING_DONE = {
    "DELETE FROM related_pending WHERE article_id = $1"};
static const pg_statement_t RELATED_LIVE_IDS = {
    "SELECT id FROM articles WHERE status = 3 AND is_stub = 0 AND id > $1 ORDER BY id LIMIT $2"};
static const pg_statement_t RELATED_LIVE_TOTAL = {
    "SELECT count(*) FROM articles WHERE status = 3 AND is_stub = 0"};
/* clang-format on */

/* ---- small statement helpers ----------------------------------------------- */

static int run_id(store_t *store, const pg_statement_t *statement, int64_t id, const char *context)
{
    pg_params_t params = {0};
    pg_param_int64(&params, id);
    return pg_run(store, statement, &params, context);
}

/* Reads the ids a statement with one parameter returns (up to max). */
static int read_ids(store_t *store, const pg_statement_t *statement, int64_t parameter,
                    int64_t *ids, size_t *count, size_t max)
{
    pg_params_t params = {0};
    pg_param_int64(&params, parameter);
    PGresult *rows = NULL;
    *count = 0;
    int result = pg_query(store, statement, &params, &rows, "reading related articles");
    for (int i = 0; result == GZ_OK && i < PQntuples(rows) && *count < max; i++)
        ids[(*count)++] = pg_number(rows, i, 0);
    PQclear(rows);
    return result;
}

static int load_source(store_t *store, int64_t id, related_source_t *source)
{
    pg_params_t params = {0};
    pg_param_int64(&params, id);
    PGresult *rows = NULL;
    *source = (related_source_t){.id = id};
    int result = pg_query(store, &RELATED_SOURCE, &params, &rows, "reading an article");
    if (result == GZ_OK && PQntuples(rows) == 1) {
        source->headline = gz_strdup(PQgetvalue(rows, 0, 0));
        source->summary = gz_strdup(PQgetvalue(rows, 0, 1));
        source->section_id = pg_number(rows, 0, 2);
        source->live = pg_number(rows, 0, 3) != 0;
    }
    PQclear(rows);
    return result;
}

/* ---- choosing terms ------------------------------------------------------------ */

/* How many articles hold each term, counted up to RELATED_FREQUENCY_CAP. */
static int document_frequencies(store_t *store, related_terms_t *list)
{
    const char *terms[RELATED_TERMS_READ];
    int64_t counts[RELATED_TERMS_READ] = {0};
    for (size_t i = 0; i < list->count; i++)
        terms[i] = list->terms[i].term;
    int result = list->count > 0 ? pg_search_term_documents(store, terms, list->count,
                                                            RELATED_FREQUENCY_CAP, counts)
                                 : GZ_OK;
    for (size_t i = 0; i < list->count; i++)
        list->terms[i].documents = counts[i];
    return result;
}

/* The most telling terms as one-term phrases, their OR query, the text[]
 * of them and their IDFs; phrases->count is 0 when none tells. */
typedef struct {
    search_phrases_t phrases;
    size_t first[RELATED_TERMS], size[RELATED_TERMS], term_ids[RELATED_TERMS];
    char *terms[RELATED_TERMS];
    double idf[RELATED_TERMS];
    gz_buf_t tsquery, lexemes;
} related_match_t;

static void related_match_free(related_match_t *match)
{
    gz_buf_free(&match->tsquery);
    gz_buf_free(&match->lexemes);
}

static int build_match(store_t *store, const related_source_t *source, related_match_t *match)
{
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    if (tokenizer == NULL)
        return store_fail(store, GZ_EIO, "the Snowball stemmers are missing");
    related_terms_t list;
    related_collect_terms(tokenizer, source, &list);
    int64_t total = 0;
    int result = pg_search_published_total(store, &total);
    if (result == GZ_OK)
        result = document_frequencies(store, &list);
    size_t used = result == GZ_OK ? related_telling_terms(&list, total) : 0;
    search_phrases_t *phrases = &match->phrases;
    *phrases = (search_phrases_t){.first = match->first,
                                  .size = match->size,
                                  .term_ids = match->term_ids,
                                  .terms = match->terms};
    for (size_t i = 0; result == GZ_OK && i < used; i++) {
        match->terms[i] = gz_strdup(list.terms[i].term);
        match->first[i] = match->term_ids[i] = i;
        match->size[i] = 1;
        match->idf[i] = search_idf(total, list.terms[i].documents);
        if (i > 0)
            gz_buf_append_cstr(&match->tsquery, " | ");
        pg_search_quote_lexeme(&match->tsquery, list.terms[i].term, strlen(list.terms[i].term));
        phrases->count = phrases->term_count = i + 1;
    }
    pg_search_lexeme_array(&match->lexemes, phrases);
    return result;
}

static void match_terms_free(related_match_t *match)
{
    for (size_t i = 0; i < match->phrases.count; i++)
        free(match->terms[i]);
}

/* ---- ranking and keeping ---------------------------------------------------------- */

/* Scores the candidates as SQLite's RELATED_CANDIDATES does, best first. */
static size_t score_candidates(const PGresult *rows, const related_source_t *source,
                               const related_match_t *match, double average, gz_time_t now,
                               pg_search_scored_t *scored)
{
    size_t count = (size_t)PQntuples(rows);
    pg_search_ranked_t *ranked = gz_calloc(count > 0 ? count : 1, sizeof *ranked);
    pg_search_weights_t weights = {&match->phrases, match->idf, average};
    pg_search_rank_rows(rows, &weights, ranked);
    double half_life = (double)RELATED_HALF_LIFE_DAYS * SEARCH_SECONDS_PER_DAY;
    for (size_t i = 0; i < count; i++) {
        bool same_section = ranked[i].section_id != 0 && ranked[i].section_id == source->section_id;
        double section = same_section ? RELATED_SAME_SECTION : 1.0;
        double boost = search_recency((double)now, (double)ranked[i].published_at, half_life);
        scored[i] =
            (pg_search_scored_t){ranked[i].id, -ranked[i].relevance * section * (1.0 + boost)};
    }
    pg_search_sort_scored(scored, count);
    free(ranked);
    return count < RELATED_CANDIDATES_READ ? count : RELATED_CANDIDATES_READ;
}

/* The best candidates; those scoring under RELATED_MIN_SHARE of the best
 * one are dropped. */
static int candidate_ids(store_t *store, const related_source_t *source,
                         const related_match_t *match, related_candidates_t *candidates,
                         related_chosen_t *chosen)
{
    double average = 1.0;
    gz_time_t now = gz_now();
    int result = pg_search_average_length(store, &average);
    pg_params_t params = {0};
    pg_param_text(&params, gz_buf_cstr(&match->tsquery));
    pg_param_text(&params, gz_buf_cstr(&match->lexemes));
    pg_param_int64(&params, source->id);
    pg_param_int64(&params, now);
    pg_param_int64(&params, RELATED_CANDIDATE_CAP);
    PGresult *rows = NULL;
    if (result == GZ_OK)
        result = pg_query(store, &RELATED_CANDIDATES, &params, &rows, "finding related articles");
    if (result != GZ_OK)
        return result;
    pg_search_scored_t *scored = gz_calloc((size_t)PQntuples(rows) + 1, sizeof *scored);
    size_t read = score_candidates(rows, source, match, average, now, scored);
    for (size_t i = 0; i < read; i++)
        related_candidate(candidates, chosen, scored[i].id, scored[i].score);
    free(scored);
    PQclear(rows);
    return GZ_OK;
}

/* The headlines of the candidates, to tell the same story filed twice. */
static int read_headlines(store_t *store, const int64_t *ids, size_t count, PGresult **rows)
{
    gz_buf_t array = GZ_BUF_INIT;
    const char *id_list = pg_array_of(&array, ids, count);
    pg_params_t params = {0};
    pg_param_text(&params, id_list);
    int result = pg_query(store, &RELATED_HEADLINES, &params, rows, "reading headlines");
    gz_buf_free(&array);
    return result;
}

/* The terms of the headline of article id among rows (none when it is
 * not there). */
static void headline_terms(store_t *store, const PGresult *rows, int64_t id, gz_buf_t *out)
{
    gz_buf_reset(out);
    for (int i = 0; i < PQntuples(rows); i++) {
        if (pg_number(rows, i, 0) != id)
            continue;
        const char *headline = PQgetvalue(rows, i, 1);
        content_text_terms(store_tokenizer(store), headline, strlen(headline), out);
        return;
    }
}

/* Picks up to RELATED_KEPT candidates that are neither linked by the
 * editor nor a duplicate headline. */
static int choose(store_t *store, const related_source_t *source,
                  const related_candidates_t *candidates, related_chosen_t *chosen)
{
    int64_t manual[RELATED_MANUAL_READ];
    size_t manual_count = 0;
    PGresult *headlines = NULL;
    int result = read_ids(store, &RELATED_MANUAL_TARGETS, source->id, manual, &manual_count,
                          RELATED_MANUAL_READ);
    if (result == GZ_OK && candidates->count > 0)
        result = read_headlines(store, candidates->ids, candidates->count, &headlines);
    related_chosen_start(chosen, store_tokenizer(store), source->headline);
    gz_buf_t terms = GZ_BUF_INIT;
    for (size_t i = 0; result == GZ_OK && i < candidates->count && !related_chosen_full(chosen);
         i++) {
        int64_t id = candidates->ids[i];
        if (related_contains(manual, manual_count, id))
            continue;
        headline_terms(store, headlines, id, &terms);
        related_offer(chosen, id, gz_buf_cstr(&terms));
    }
    PQclear(headlines);
    gz_buf_free(&terms);
    return result;
}

static int store_list(store_t *store, int64_t article_id, const related_chosen_t *chosen)
{
    int result = run_id(store, &RELATED_CLEAR, article_id, "clearing related articles");
    if (result != GZ_OK || chosen->count == 0)
        return result;
    gz_buf_t array = GZ_BUF_INIT;
    const char *id_list = pg_array_of(&array, chosen->ids, chosen->count);
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    pg_param_text(&params, id_list);
    result = pg_run(store, &RELATED_ADD, &params, "storing related articles");
    gz_buf_free(&array);
    return result;
}

/* The new list of a live source: candidates, then the choice. */
static int choose_for(store_t *store, const related_source_t *source, related_chosen_t *chosen)
{
    related_match_t match = {.tsquery = GZ_BUF_INIT, .lexemes = GZ_BUF_INIT};
    related_candidates_t candidates = {0};
    int result = build_match(store, source, &match);
    if (result == GZ_OK && match.phrases.count > 0)
        result = candidate_ids(store, source, &match, &candidates, chosen);
    if (result == GZ_OK)
        result = choose(store, source, &candidates, chosen);
    match_terms_free(&match);
    related_match_free(&match);
    return result;
}

/* Recomputes one article's list; *changed tells whether it differs from
 * the stored one. chosen receives the new list. */
static int refresh(store_t *store, int64_t article_id, related_chosen_t *chosen, bool *changed)
{
    int64_t before[RELATED_KEPT + 8];
    size_t before_count = 0;
    related_source_t source;
    int result =
        read_ids(store, &RELATED_CURRENT, article_id, before, &before_count, RELATED_KEPT + 8);
    if (result == GZ_OK)
        result = load_source(store, article_id, &source);
    if (result != GZ_OK)
        return result;
    if (source.live)
        result = choose_for(store, &source, chosen);
    *changed = related_changed(before, before_count, chosen);
    if (result == GZ_OK && *changed)
        result = store_list(store, article_id, chosen);
    related_source_free(&source);
    return result;
}

static int log_change(store_t *store, int64_t article_id)
{
    return run_id(store, &RELATED_LOG_CHANGE, article_id, "logging a related list change");
}

static int dequeue(store_t *store, int64_t article_id)
{
    return run_id(store, &RELATED_PENDING_DONE, article_id, "dequeueing related articles");
}

static const related_ops_t REFRESH_OPS = {refresh, log_change, dequeue};

int pg_related_mark(store_t *store, int64_t article_id)
{
    int result = run_id(store, &RELATED_PENDING_ADD, article_id, "queueing related articles");
    if (result == GZ_OK)
        pg_search_state(store)->related_pending = true;
    return result;
}

/* Works through at most limit queued articles, newest first; *left is
 * true when more remain. Neighbours are refreshed too only when every
 * queued article fits in the limit (see sqlite_related.c). */
static int process_pending(store_t *store, size_t limit, bool *left)
{
    int64_t ids[RELATED_REBUILD_BATCH + 1];
    size_t count = 0;
    size_t wanted = limit < RELATED_REBUILD_BATCH ? limit : RELATED_REBUILD_BATCH;
    int result = pg_search_plan_per_query(store);
    if (result == GZ_OK)
        result =
            read_ids(store, &RELATED_PENDING_TAKE, (int64_t)wanted + 1, ids, &count, wanted + 1);
    *left = count > wanted;
    bool neighbours = !*left && limit <= RELATED_PER_COMMIT;
    if (result == GZ_OK)
        result = related_refresh_all(store, &REFRESH_OPS, ids, *left ? wanted : count, neighbours);
    return result;
}

int pg_related_before_commit(store_t *store)
{
    struct pg_search *state = pg_connection(store)->search;
    if (state == NULL || !(state->related_pending || state->totals_changed))
        return GZ_OK;
    int result = GZ_OK;
    if (state->totals_changed)
        result = pg_search_fold_totals(store);
    state->totals_changed = false;
    bool left = false;
    if (result == GZ_OK && state->related_pending)
        result = process_pending(store, RELATED_PER_COMMIT, &left);
    state->related_pending = false;
    return result;
}

/* ---- recomputing every list ----------------------------------------------------------- */

static int rebuild_batch(store_t *store, int64_t *after, size_t *done, bool *finished)
{
    int64_t ids[RELATED_REBUILD_BATCH];
    size_t count = 0;
    pg_params_t params = {0};
    pg_param_int64(&params, *after);
    pg_param_int64(&params, RELATED_REBUILD_BATCH);
    PGresult *rows = NULL;
    int result = pg_query(store, &RELATED_LIVE_IDS, &params, &rows, "listing articles");
    for (int i = 0; result == GZ_OK && i < PQntuples(rows); i++)
        ids[count++] = pg_number(rows, i, 0);
    PQclear(rows);
    *finished = count == 0;
    pg_write_t write;
    if (result != GZ_OK || count == 0 || (result = pg_write_start(store, &write)) != GZ_OK)
        return result;
    result = pg_search_plan_per_query(store);
    if (result == GZ_OK)
        result = related_refresh_all(store, &REFRESH_OPS, ids, count, false);
    *after = ids[count - 1];
    *done += count;
    return pg_write_finish(store, &write, result);
}

/* What is still queued (unpublished articles, whose lists are cleared). */
static int drain_queue(store_t *store)
{
    bool left = true;
    int result = GZ_OK;
    while (result == GZ_OK && left) {
        pg_write_t write;
        result = pg_write_start(store, &write);
        if (result == GZ_OK)
            result = pg_write_finish(store, &write,
                                     process_pending(store, RELATED_REBUILD_BATCH, &left));
    }
    return result;
}

int pg_related_rebuild(store_t *store, store_progress_fn progress, void *context)
{
    int64_t total = 0;
    int result =
        pg_query_number(store, &RELATED_LIVE_TOTAL, NULL, &total, "counting published articles");
    if (result == GZ_OK)
        result = related_rebuild_batches(store, total, rebuild_batch, progress, context);
    if (result == GZ_OK)
        result = drain_queue(store);
    return result;
}
