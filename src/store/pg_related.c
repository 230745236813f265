/*
 * pg_related.c: the automatic related articles on PostgreSQL, chosen as
 * sqlite_related.c chooses them (read its comment for why each rule
 * exists): the telling terms of an article's headline and summary, looked
 * up as one OR query in the search documents, the newest
 * RELATED_CANDIDATE_CAP matches ranked by BM25 times 1.5 for the same
 * section times the recency boost, weak, duplicate and editor-linked
 * candidates dropped. The ranking is pg_search.c's (BM25 computed in C
 * from where the terms are in each candidate, pg_search_rank_rows).
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

#include "store/pg_search_private.h"

static const double RELATED_MIN_SHARE = 0.5;
static const double RELATED_SAME_SECTION = 1.5;

enum {
    RELATED_KEPT = STORE_RELATED_SHOWN,
    RELATED_TERMS = 12,
    RELATED_HEADLINE_WEIGHT = 3,
    RELATED_TERMS_READ = 64,
    RELATED_CANDIDATES_READ = 24,
    RELATED_NEIGHBOURS = 6,
    RELATED_FREQUENCY_CAP = 2000,
    RELATED_CANDIDATE_CAP = 1000,
    RELATED_PER_COMMIT = 8,
    RELATED_HALF_LIFE_DAYS = 30,
    RELATED_REBUILD_BATCH = 200,
    RELATED_MANUAL_READ = 64,
};

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
static const pg_statement_t RELATED_READ = {
    "SELECT r.target_id, a.sort_key, a.content_type_id, a.slug, a.headline, a.lead_image,"
    " t.slug, t.name FROM related_auto r JOIN articles a ON a.id = r.target_id"
    " LEFT JOIN content_types t ON t.id = a.content_type_id"
    " WHERE r.article_id = $1 AND a.status = 3 AND a.is_stub = 0 AND a.published_at <= $2"
    " ORDER BY r.position"};
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

typedef struct {
    char term[64];
    int64_t documents; /* how many articles hold the term */
    int occurrences;   /* in the source, a headline one counting RELATED_HEADLINE_WEIGHT */
    double weight;
} related_term_t;

typedef struct {
    related_term_t terms[RELATED_TERMS_READ];
    size_t count;
    bool in_headline;
} term_list_t;

typedef struct {
    int64_t id;
    char *headline;
    char *summary;
    int64_t section_id;
    bool live;
} source_t;

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

static bool contains(const int64_t *ids, size_t count, int64_t id)
{
    for (size_t i = 0; i < count; i++) {
        if (ids[i] == id)
            return true;
    }
    return false;
}

static void source_free(source_t *source)
{
    free(source->headline);
    free(source->summary);
}

static int load_source(store_t *store, int64_t id, source_t *source)
{
    pg_params_t params = {0};
    pg_param_int64(&params, id);
    PGresult *rows = NULL;
    *source = (source_t){.id = id};
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

static int collect_term(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    (void)start;
    (void)end;
    term_list_t *list = context;
    if (term_len >= sizeof list->terms[0].term || list->count >= RELATED_TERMS_READ)
        return 0;
    int occurrences = list->in_headline ? RELATED_HEADLINE_WEIGHT : 1;
    for (size_t i = 0; i < list->count; i++) {
        if (strlen(list->terms[i].term) == term_len &&
            memcmp(list->terms[i].term, term, term_len) == 0) {
            list->terms[i].occurrences += occurrences;
            return 0;
        }
    }
    related_term_t *entry = &list->terms[list->count++];
    memcpy(entry->term, term, term_len);
    entry->term[term_len] = '\0';
    entry->occurrences = occurrences;
    return 0;
}

/* How many articles hold each term, counted up to RELATED_FREQUENCY_CAP. */
static int document_frequencies(store_t *store, term_list_t *list)
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

/* Heavier first. */
static int compare_terms(const void *a, const void *b)
{
    const related_term_t *left = a, *right = b;
    return left->weight > right->weight ? -1 : left->weight < right->weight ? 1 : 0;
}

/* Weighs the terms and keeps, heaviest first, those another article has
 * but neither half of the archive nor RELATED_FREQUENCY_CAP articles have;
 * *kept is how many. */
static int weigh_terms(store_t *store, term_list_t *list, int64_t total, size_t *kept)
{
    int result = document_frequencies(store, list);
    *kept = 0;
    for (size_t i = 0; result == GZ_OK && i < list->count; i++) {
        related_term_t *term = &list->terms[i];
        bool common = total >= 10 &&
                      (term->documents * 2 > total || term->documents >= RELATED_FREQUENCY_CAP);
        if (term->documents < 2 || common)
            continue;
        term->weight = term->occurrences * search_idf(total, term->documents);
        list->terms[(*kept)++] = *term;
    }
    qsort(list->terms, *kept, sizeof list->terms[0], compare_terms);
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

static int build_match(store_t *store, const source_t *source, related_match_t *match)
{
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    if (tokenizer == NULL)
        return store_fail(store, GZ_EIO, "the Snowball stemmers are missing");
    term_list_t list = {.in_headline = true};
    content_tokenize(tokenizer, source->headline, strlen(source->headline), collect_term, &list);
    list.in_headline = false;
    content_tokenize(tokenizer, source->summary, strlen(source->summary), collect_term, &list);
    size_t kept = 0;
    int64_t total = 0;
    int result = pg_search_published_total(store, &total);
    if (result == GZ_OK)
        result = weigh_terms(store, &list, total, &kept);
    size_t used = kept < RELATED_TERMS ? kept : RELATED_TERMS;
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

/* A new list: the chosen ids, the headline terms seen (to skip duplicate
 * stories), and the best matches before any was dropped, whose own lists
 * a newly stored article may now belong in. */
typedef struct {
    int64_t ids[RELATED_KEPT];
    char *headlines[RELATED_KEPT + 1]; /* terms; [0] is the source's own */
    size_t count;
    int64_t neighbours[RELATED_NEIGHBOURS];
    size_t neighbour_count;
} chosen_t;

/* Scores the candidates as SQLite's RELATED_CANDIDATES does, best first. */
static size_t score_candidates(const PGresult *rows, const source_t *source,
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
static int candidate_ids(store_t *store, const source_t *source, const related_match_t *match,
                         int64_t *ids, size_t *count, chosen_t *chosen)
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
    *count = 0;
    if (result != GZ_OK)
        return result;
    pg_search_scored_t *scored = gz_calloc((size_t)PQntuples(rows) + 1, sizeof *scored);
    size_t read = score_candidates(rows, source, match, average, now, scored);
    for (size_t i = 0; i < read; i++) {
        if (chosen->neighbour_count < RELATED_NEIGHBOURS)
            chosen->neighbours[chosen->neighbour_count++] = scored[i].id;
        if (scored[i].score <= scored[0].score * RELATED_MIN_SHARE)
            ids[(*count)++] = scored[i].id;
    }
    free(scored);
    PQclear(rows);
    return GZ_OK;
}

static void append_id_array(gz_buf_t *out, const int64_t *ids, size_t count)
{
    gz_buf_append_char(out, '{');
    for (size_t i = 0; i < count; i++)
        gz_buf_printf(out, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
    gz_buf_append_char(out, '}');
}

/* The headlines of the candidates, to tell the same story filed twice. */
static int read_headlines(store_t *store, const int64_t *ids, size_t count, PGresult **rows)
{
    gz_buf_t array = GZ_BUF_INIT;
    append_id_array(&array, ids, count);
    pg_params_t params = {0};
    pg_param_text(&params, gz_buf_cstr(&array));
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

static bool seen_headline(const chosen_t *chosen, const char *terms)
{
    for (size_t i = 0; i <= chosen->count; i++) {
        if (chosen->headlines[i] != NULL && strcmp(chosen->headlines[i], terms) == 0)
            return true;
    }
    return false;
}

static void chosen_free(chosen_t *chosen)
{
    for (size_t i = 0; i <= RELATED_KEPT; i++)
        free(chosen->headlines[i]);
}

/* Picks up to RELATED_KEPT candidates that are neither linked by the
 * editor nor a duplicate headline. */
static int choose(store_t *store, const source_t *source, const int64_t *candidates,
                  size_t candidate_count, chosen_t *chosen)
{
    int64_t manual[RELATED_MANUAL_READ];
    size_t manual_count = 0;
    PGresult *headlines = NULL;
    int result = read_ids(store, &RELATED_MANUAL_TARGETS, source->id, manual, &manual_count,
                          RELATED_MANUAL_READ);
    if (result == GZ_OK && candidate_count > 0)
        result = read_headlines(store, candidates, candidate_count, &headlines);
    gz_buf_t terms = GZ_BUF_INIT;
    content_text_terms(store_tokenizer(store), source->headline, strlen(source->headline), &terms);
    chosen->headlines[0] = gz_strdup(gz_buf_cstr(&terms));
    for (size_t i = 0; result == GZ_OK && i < candidate_count && chosen->count < RELATED_KEPT;
         i++) {
        if (contains(manual, manual_count, candidates[i]))
            continue;
        headline_terms(store, headlines, candidates[i], &terms);
        if (seen_headline(chosen, gz_buf_cstr(&terms)))
            continue;
        chosen->ids[chosen->count] = candidates[i];
        chosen->headlines[++chosen->count] = gz_strdup(gz_buf_cstr(&terms));
    }
    PQclear(headlines);
    gz_buf_free(&terms);
    return result;
}

static int store_list(store_t *store, int64_t article_id, const chosen_t *chosen)
{
    int result = run_id(store, &RELATED_CLEAR, article_id, "clearing related articles");
    if (result != GZ_OK || chosen->count == 0)
        return result;
    gz_buf_t array = GZ_BUF_INIT;
    append_id_array(&array, chosen->ids, chosen->count);
    pg_params_t params = {0};
    pg_param_int64(&params, article_id);
    pg_param_text(&params, gz_buf_cstr(&array));
    result = pg_run(store, &RELATED_ADD, &params, "storing related articles");
    gz_buf_free(&array);
    return result;
}

/* The new list of a live source: candidates, then the choice. */
static int choose_for(store_t *store, const source_t *source, chosen_t *chosen)
{
    related_match_t match = {.tsquery = GZ_BUF_INIT, .lexemes = GZ_BUF_INIT};
    int64_t candidates[RELATED_CANDIDATES_READ];
    size_t candidate_count = 0;
    int result = build_match(store, source, &match);
    if (result == GZ_OK && match.phrases.count > 0)
        result = candidate_ids(store, source, &match, candidates, &candidate_count, chosen);
    if (result == GZ_OK)
        result = choose(store, source, candidates, candidate_count, chosen);
    match_terms_free(&match);
    related_match_free(&match);
    return result;
}

/* Recomputes one article's list; *changed tells whether it differs from
 * the stored one. chosen receives the new list. */
static int refresh(store_t *store, int64_t article_id, chosen_t *chosen, bool *changed)
{
    int64_t before[RELATED_KEPT + 8];
    size_t before_count = 0;
    source_t source;
    int result =
        read_ids(store, &RELATED_CURRENT, article_id, before, &before_count, RELATED_KEPT + 8);
    if (result == GZ_OK)
        result = load_source(store, article_id, &source);
    if (result != GZ_OK)
        return result;
    if (source.live)
        result = choose_for(store, &source, chosen);
    *changed = before_count != chosen->count ||
               (chosen->count > 0 && memcmp(before, chosen->ids, chosen->count * sizeof *before));
    if (result == GZ_OK && *changed)
        result = store_list(store, article_id, chosen);
    source_free(&source);
    return result;
}

/* Recomputes an article's list and logs a change; with neighbours, also
 * the lists of the articles it matches best. */
static int refresh_logged(store_t *store, int64_t article_id, bool neighbours)
{
    chosen_t chosen = {0};
    bool changed = false;
    int result = refresh(store, article_id, &chosen, &changed);
    if (result == GZ_OK && changed)
        result = run_id(store, &RELATED_LOG_CHANGE, article_id, "logging a related list change");
    for (size_t i = 0; neighbours && result == GZ_OK && i < chosen.neighbour_count; i++)
        result = refresh_logged(store, chosen.neighbours[i], false);
    chosen_free(&chosen);
    return result;
}

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
    for (size_t i = 0; result == GZ_OK && i < count && i < wanted; i++) {
        result = refresh_logged(store, ids[i], neighbours);
        if (result == GZ_OK)
            result = run_id(store, &RELATED_PENDING_DONE, ids[i], "dequeueing related articles");
    }
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

/* ---- reading ---------------------------------------------------------------------- */

static bool already_listed(const content_article_t *article, size_t count, int64_t id)
{
    for (size_t i = 0; i < count; i++) {
        if (article->related[i].id == id)
            return true;
    }
    return false;
}

static void related_from_row(const PGresult *rows, int row, gz_pool_t *pool,
                             content_related_t *related)
{
    related->id = pg_number(rows, row, 0);
    related->sort_key = pg_number(rows, row, 1);
    related->content_type_id = pg_number(rows, row, 2);
    related->slug = pg_text(rows, row, 3, pool);
    related->headline = pg_text(rows, row, 4, pool);
    related->lead_image = pg_text(rows, row, 5, pool);
    related->content_type_slug = pg_text(rows, row, 6, pool);
    related->content_type_name = pg_text(rows, row, 7, pool);
    related->automatic = true;
}

/* Makes article->related a pool array with room for STORE_RELATED_SHOWN. */
static void make_room(gz_pool_t *pool, content_article_t *article)
{
    content_related_t *all = gz_pool_calloc(pool, STORE_RELATED_SHOWN, sizeof *all);
    if (article->related_count > 0)
        memcpy(all, article->related, article->related_count * sizeof *all);
    article->related = all;
}

int pg_related_load(store_t *store, gz_pool_t *pool, content_article_t *article)
{
    size_t manual = article->related_count;
    if (manual >= STORE_RELATED_SHOWN)
        return GZ_OK;
    pg_params_t params = {0};
    pg_param_int64(&params, article->id);
    pg_param_int64(&params, gz_now());
    PGresult *rows = NULL;
    int result = pg_query(store, &RELATED_READ, &params, &rows, "reading related articles");
    for (int i = 0; result == GZ_OK && i < PQntuples(rows); i++) {
        if (article->related_count >= STORE_RELATED_SHOWN)
            break;
        int64_t id = pg_number(rows, i, 0);
        if (id == article->id || already_listed(article, article->related_count, id))
            continue;
        if (article->related_count == manual)
            make_room(pool, article);
        related_from_row(rows, i, pool, &article->related[article->related_count++]);
    }
    PQclear(rows);
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
    for (size_t i = 0; result == GZ_OK && i < count; i++) {
        result = refresh_logged(store, ids[i], false);
        if (result == GZ_OK)
            result = run_id(store, &RELATED_PENDING_DONE, ids[i], "dequeueing related articles");
    }
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
    int64_t after = 0;
    size_t done = 0;
    bool finished = false;
    while (result == GZ_OK && !finished) {
        result = rebuild_batch(store, &after, &done, &finished);
        if (result == GZ_OK && progress != NULL && !finished)
            progress(context, done, (size_t)total);
    }
    if (result == GZ_OK)
        result = drain_queue(store);
    return result;
}
