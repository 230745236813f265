/*
 * sqlite_related.c: the automatic related articles, chosen when an article
 * is stored so that a page hit only reads a short list (related_auto).
 *
 * Similar means: the published articles that best match the telling
 * terms of this article's headline and summary. A term tells in
 * proportion to how often it appears (a headline word counts three times)
 * and how rare it is in the archive (BM25's IDF, from a count of the
 * articles holding it that stops at RELATED_FREQUENCY_CAP); terms no other
 * article has, or that half the archive or the cap has, are left out. The
 * twelve best are looked up as one OR query, written with the words as
 * printed (so the tokenizer reads them as it read the article), and the
 * newest RELATED_CANDIDATE_CAP matches are ranked by BM25 times 1.5 for
 * the same section times the recency boost (half-life
 * RELATED_HALF_LIFE_DAYS). Candidates scoring under RELATED_MIN_SHARE of
 * the best are dropped (two stories sharing an ordinary word are not
 * related), and so are the article itself, its editor's links and
 * headlines equal to its own or to one already chosen (the same story
 * filed twice).
 *
 * When is it done: store_article_put queues the article (related_pending)
 * and the commit of its write computes the lists of up to
 * RELATED_PER_COMMIT queued articles, in the same transaction, newest
 * first. When they all fit, the RELATED_NEIGHBOURS articles each matches
 * best get their lists recomputed too (one level, no cascade): similarity
 * is mostly mutual, so yesterday's story now links to today's follow-up.
 * A bulk load (thousands of puts in one transaction) leaves the rest
 * queued for `gazette reindex related` (sqlite_related_rebuild) or later
 * commits. A list that changes adds "article:ID" to the change log, so
 * cached pages showing the old list are dropped.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/search_text.h"
#include "store/sqlite_private.h"

static const double RELATED_MIN_SHARE = 0.5;

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
};

typedef struct {
    char term[64];
    const char *surface; /* the word as printed, in the source text */
    size_t surface_len;
    int64_t documents; /* how many articles hold the term */
    int occurrences;   /* in the source, a headline one counting RELATED_HEADLINE_WEIGHT */
    double weight;
} related_term_t;

typedef struct {
    related_term_t terms[RELATED_TERMS_READ];
    size_t count;
    const char *text;
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

static int step_one_id(store_t *store, sqlite_search_statement_t id, int64_t first, int64_t second,
                       int64_t third, const char *context)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, id, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    int parameters = sqlite3_bind_parameter_count(stmt);
    if (parameters >= 1)
        sqlite_bind_int64(stmt, 1, first, &rc);
    if (parameters >= 2)
        sqlite_bind_int64(stmt, 2, second, &rc);
    if (parameters >= 3)
        sqlite_bind_int64(stmt, 3, third, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "%s", context);
    sqlite_statement_done(stmt);
    return result;
}

/* Reads the ids a statement with one id parameter returns. */
static int read_ids(store_t *store, sqlite_search_statement_t id, int64_t parameter, int64_t *ids,
                    size_t *count, size_t max)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, id, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    *count = 0;
    sqlite_bind_int64(stmt, 1, parameter, &rc);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(stmt);
        if (rc != SQLITE_ROW)
            break;
        if (*count < max)
            ids[(*count)++] = sqlite3_column_int64(stmt, 0);
    }
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "reading related articles of %lld", (long long)parameter);
    sqlite_statement_done(stmt);
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
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, RELATED_SOURCE, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    *source = (source_t){.id = id};
    sqlite_bind_int64(stmt, 1, id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        source->headline = gz_strdup((const char *)sqlite3_column_text(stmt, 0));
        source->summary = gz_strdup((const char *)sqlite3_column_text(stmt, 1));
        source->section_id = sqlite3_column_int64(stmt, 2);
        source->live = sqlite3_column_int(stmt, 3) != 0;
    } else if (rc != SQLITE_DONE) {
        result = sqlite_fail(store, "reading article %lld", (long long)id);
    }
    sqlite_statement_done(stmt);
    return result;
}

/* ---- choosing terms ------------------------------------------------------------ */

static int collect_term(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
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
    entry->surface = list->text + start;
    entry->surface_len = end - start;
    entry->occurrences = occurrences;
    return 0;
}

/* How many articles hold the term, counted up to RELATED_FREQUENCY_CAP
 * (a count of the index, cheap however common the term). */
static int document_frequency(store_t *store, related_term_t *term)
{
    gz_buf_t match = GZ_BUF_INIT;
    gz_buf_append_cstr(&match, "{headline summary body} : ");
    sqlite_search_quote(&match, term->surface, term->surface_len);
    int64_t documents = 0;
    int result = sqlite_search_count(store, gz_buf_cstr(&match), RELATED_FREQUENCY_CAP, &documents);
    term->documents = documents;
    gz_buf_free(&match);
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
    int result = GZ_OK;
    *kept = 0;
    for (size_t i = 0; result == GZ_OK && i < list->count; i++) {
        related_term_t *term = &list->terms[i];
        result = document_frequency(store, term);
        bool common = total >= 10 &&
                      (term->documents * 2 > total || term->documents >= RELATED_FREQUENCY_CAP);
        if (result != GZ_OK || term->documents < 2 || common)
            continue;
        term->weight = term->occurrences * search_idf(total, term->documents);
        list->terms[(*kept)++] = *term;
    }
    qsort(list->terms, *kept, sizeof list->terms[0], compare_terms);
    return result;
}

/* Builds the OR query of the most telling terms (empty when none) and
 * their weights for search_rank(). */
static int build_match(store_t *store, const source_t *source, gz_buf_t *match,
                       sqlite_search_idf_t *idf)
{
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    if (tokenizer == NULL)
        return store_fail(store, GZ_EIO, "the Snowball stemmers are missing");
    term_list_t list = {.text = source->headline, .in_headline = true};
    content_tokenize(tokenizer, source->headline, strlen(source->headline), collect_term, &list);
    list.text = source->summary;
    list.in_headline = false;
    content_tokenize(tokenizer, source->summary, strlen(source->summary), collect_term, &list);
    size_t kept = 0;
    int64_t total = 0;
    int result = sqlite_search_total(store, &total);
    if (result == GZ_OK)
        result = weigh_terms(store, &list, total, &kept);
    size_t used = kept < RELATED_TERMS ? kept : RELATED_TERMS;
    for (size_t i = 0; result == GZ_OK && i < used; i++) {
        gz_buf_append_cstr(match, i == 0 ? "{headline summary body} : (" : " OR ");
        sqlite_search_quote(match, list.terms[i].surface, list.terms[i].surface_len);
        idf->idf[i] = search_idf(total, list.terms[i].documents);
    }
    idf->count = (int)used;
    if (used > 0)
        gz_buf_append_char(match, ')');
    return result;
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

/* The best candidates; those scoring under RELATED_MIN_SHARE of the best
 * one are dropped. */
static int candidate_ids(store_t *store, const source_t *source, const char *match,
                         const sqlite_search_idf_t *idf, int64_t *ids, size_t *count,
                         chosen_t *chosen)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, RELATED_CANDIDATES, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    int index = sqlite3_bind_parameter_index(stmt, ":match");
    sqlite_bind_text(stmt, index, match, &rc);
    sqlite_bind_named_int64(stmt, ":id", source->id, &rc);
    sqlite_bind_named_int64(stmt, ":now", gz_now(), &rc);
    sqlite_bind_named_int64(stmt, ":section", source->section_id, &rc);
    sqlite_bind_named_int64(stmt, ":candidates", RELATED_CANDIDATE_CAP, &rc);
    index = sqlite3_bind_parameter_index(stmt, ":idf");
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_pointer(stmt, index, (void *)idf, SQLITE_SEARCH_IDF_TYPE, NULL);
    sqlite_bind_named_int64(stmt, ":limit", RELATED_CANDIDATES_READ, &rc);
    index = sqlite3_bind_parameter_index(stmt, ":half_life");
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_double(stmt, index, (double)RELATED_HALF_LIFE_DAYS * 86400.0);
    *count = 0;
    double best = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(stmt);
        if (rc != SQLITE_ROW)
            break;
        double score = sqlite3_column_double(stmt, 1); /* bm25: negative, lower is better */
        int64_t id = sqlite3_column_int64(stmt, 0);
        if (*count == 0)
            best = score;
        if (chosen->neighbour_count < RELATED_NEIGHBOURS)
            chosen->neighbours[chosen->neighbour_count++] = id;
        if (*count < RELATED_CANDIDATES_READ && score <= best * RELATED_MIN_SHARE)
            ids[(*count)++] = id;
    }
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "finding articles related to %lld", (long long)source->id);
    sqlite_statement_done(stmt);
    return result;
}

/* The terms of an article's headline, to tell the same story filed twice. */
static int headline_terms(store_t *store, int64_t id, gz_buf_t *out)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, RELATED_HEADLINE, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    gz_buf_reset(out);
    sqlite_bind_int64(stmt, 1, id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        const char *headline = (const char *)sqlite3_column_text(stmt, 0);
        content_text_terms(store_tokenizer(store), headline, strlen(headline), out);
    } else if (rc != SQLITE_DONE) {
        result = sqlite_fail(store, "reading article %lld", (long long)id);
    }
    sqlite_statement_done(stmt);
    return result;
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
    int64_t manual[64];
    size_t manual_count = 0;
    int result = read_ids(store, RELATED_MANUAL_TARGETS, source->id, manual, &manual_count, 64);
    gz_buf_t terms = GZ_BUF_INIT;
    content_text_terms(store_tokenizer(store), source->headline, strlen(source->headline), &terms);
    chosen->headlines[0] = gz_strdup(gz_buf_cstr(&terms));
    for (size_t i = 0; result == GZ_OK && i < candidate_count && chosen->count < RELATED_KEPT;
         i++) {
        if (contains(manual, manual_count, candidates[i]))
            continue;
        result = headline_terms(store, candidates[i], &terms);
        if (result != GZ_OK || seen_headline(chosen, gz_buf_cstr(&terms)))
            continue;
        chosen->ids[chosen->count] = candidates[i];
        chosen->headlines[++chosen->count] = gz_strdup(gz_buf_cstr(&terms));
    }
    gz_buf_free(&terms);
    return result;
}

static int store_list(store_t *store, int64_t article_id, const chosen_t *chosen)
{
    int result = step_one_id(store, RELATED_CLEAR, article_id, 0, 0, "clearing related articles");
    for (size_t i = 0; result == GZ_OK && i < chosen->count; i++)
        result = step_one_id(store, RELATED_ADD, article_id, (int64_t)i, chosen->ids[i],
                             "storing related articles");
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
        read_ids(store, RELATED_CURRENT, article_id, before, &before_count, RELATED_KEPT + 8);
    if (result == GZ_OK)
        result = load_source(store, article_id, &source);
    if (result != GZ_OK)
        return result;
    gz_buf_t match = GZ_BUF_INIT;
    int64_t candidates[RELATED_CANDIDATES_READ];
    size_t candidate_count = 0;
    double weights[RELATED_TERMS];
    sqlite_search_idf_t idf = {0, weights};
    if (source.live)
        result = build_match(store, &source, &match, &idf);
    if (result == GZ_OK && match.len > 0)
        result = candidate_ids(store, &source, gz_buf_cstr(&match), &idf, candidates,
                               &candidate_count, chosen);
    if (result == GZ_OK && source.live)
        result = choose(store, &source, candidates, candidate_count, chosen);
    if (result == GZ_OK)
        result = store_list(store, article_id, chosen);
    *changed = before_count != chosen->count ||
               (chosen->count > 0 && memcmp(before, chosen->ids, chosen->count * sizeof *before));
    gz_buf_free(&match);
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
        result = step_one_id(store, RELATED_LOG_CHANGE, article_id, 0, 0,
                             "logging a related list change");
    for (size_t i = 0; neighbours && result == GZ_OK && i < chosen.neighbour_count; i++)
        result = refresh_logged(store, chosen.neighbours[i], false);
    chosen_free(&chosen);
    return result;
}

int sqlite_related_mark(store_t *store, int64_t article_id)
{
    int result =
        step_one_id(store, RELATED_PENDING_ADD, article_id, 0, 0, "queueing related articles");
    if (result == GZ_OK)
        sqlite_search_set_pending(store, true);
    return result;
}

/* Works through at most limit queued articles, newest first; *left is
 * true when more remain. Neighbours are refreshed too only when every
 * queued article fits in the limit: after an edit or an import of a file,
 * not after a bulk load (whose lists wait for `gazette reindex related`
 * or later commits). */
static int process_pending(store_t *store, size_t limit, bool *left)
{
    int64_t ids[RELATED_REBUILD_BATCH + 1];
    size_t count = 0;
    size_t wanted = limit < RELATED_REBUILD_BATCH ? limit : RELATED_REBUILD_BATCH;
    int result =
        read_ids(store, RELATED_PENDING_TAKE, (int64_t)wanted + 1, ids, &count, wanted + 1);
    *left = count > wanted;
    bool neighbours = !*left && limit <= RELATED_PER_COMMIT;
    for (size_t i = 0; result == GZ_OK && i < count && i < wanted; i++) {
        result = refresh_logged(store, ids[i], neighbours);
        if (result == GZ_OK)
            result = step_one_id(store, RELATED_PENDING_DONE, ids[i], 0, 0,
                                 "dequeueing related articles");
    }
    return result;
}

int sqlite_related_before_commit(store_t *store)
{
    if (!sqlite_search_pending(store))
        return GZ_OK;
    bool left = false;
    int result = process_pending(store, RELATED_PER_COMMIT, &left);
    sqlite_search_set_pending(store, false);
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

static void related_from_row(sqlite3_stmt *stmt, gz_pool_t *pool, content_related_t *related)
{
    related->id = sqlite3_column_int64(stmt, 0);
    related->sort_key = sqlite3_column_int64(stmt, 1);
    related->content_type_id = sqlite3_column_int64(stmt, 2);
    related->slug = sqlite_column_text(stmt, 3, pool);
    related->headline = sqlite_column_text(stmt, 4, pool);
    related->lead_image = sqlite_column_text(stmt, 5, pool);
    related->content_type_slug = sqlite_column_text(stmt, 6, pool);
    related->content_type_name = sqlite_column_text(stmt, 7, pool);
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

int sqlite_related_load(store_t *store, gz_pool_t *pool, content_article_t *article)
{
    size_t manual = article->related_count;
    if (manual >= STORE_RELATED_SHOWN)
        return GZ_OK;
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, RELATED_READ, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, article->id, &rc);
    sqlite_bind_int64(stmt, 2, gz_now(), &rc);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(stmt);
        if (rc != SQLITE_ROW || article->related_count >= STORE_RELATED_SHOWN)
            break;
        int64_t id = sqlite3_column_int64(stmt, 0);
        if (id == article->id || already_listed(article, article->related_count, id))
            continue;
        if (article->related_count == manual)
            make_room(pool, article);
        related_from_row(stmt, pool, &article->related[article->related_count++]);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = sqlite_fail(store, "reading related articles of %lld", (long long)article->id);
    sqlite_statement_done(stmt);
    return result;
}

/* ---- recomputing every list ----------------------------------------------------------- */

static int rebuild_batch(store_t *store, int64_t *after, size_t *done, bool *finished)
{
    int64_t ids[RELATED_REBUILD_BATCH];
    size_t count = 0;
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, RELATED_LIVE_IDS, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, *after, &rc);
    sqlite_bind_int64(stmt, 2, RELATED_REBUILD_BATCH, &rc);
    while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ids[count++] = sqlite3_column_int64(stmt, 0);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "listing articles");
    sqlite_statement_done(stmt);
    *finished = count == 0;
    sqlite_write_t write;
    if (result != GZ_OK || count == 0 || (result = sqlite_write_start(store, &write)) != GZ_OK)
        return result;
    for (size_t i = 0; result == GZ_OK && i < count; i++) {
        result = refresh_logged(store, ids[i], false);
        if (result == GZ_OK)
            result = step_one_id(store, RELATED_PENDING_DONE, ids[i], 0, 0,
                                 "dequeueing related articles");
    }
    *after = ids[count - 1];
    *done += count;
    return sqlite_write_finish(store, &write, result);
}

/* What is still queued (unpublished articles, whose lists are cleared). */
static int drain_queue(store_t *store)
{
    bool left = true;
    int result = GZ_OK;
    while (result == GZ_OK && left) {
        sqlite_write_t write;
        result = sqlite_write_start(store, &write);
        if (result == GZ_OK)
            result = sqlite_write_finish(store, &write,
                                         process_pending(store, RELATED_REBUILD_BATCH, &left));
    }
    return result;
}

int sqlite_related_rebuild(store_t *store, store_progress_fn progress, void *context)
{
    int64_t total = 0;
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, SEARCH_LIVE_TOTAL, &stmt);
    if (result != GZ_OK)
        return result;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        total = sqlite3_column_int64(stmt, 0);
    sqlite_statement_done(stmt);
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
