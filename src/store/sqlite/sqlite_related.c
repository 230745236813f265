/*
 * sqlite_related.c: the automatic related articles, chosen when an article
 * is stored so that a page hit only reads a short list (related_auto).
 *
 * The rules are in related_text.h, shared with pg_related.c. Here the
 * twelve most telling terms are looked up as one OR query written with
 * the words as printed (so the tokenizer reads them as it read the
 * article), and FTS5 ranks the matches (RELATED_CANDIDATES, with
 * search_rank and search_recency).
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
#include <string.h>

#include "store/related_text.h"
#include "store/search_text.h"
#include "store/sqlite/sqlite_private.h"

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
        rc = sqlite_step(stmt);
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
        rc = sqlite_step(stmt);
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

static int load_source(store_t *store, int64_t id, related_source_t *source)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, RELATED_SOURCE, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    *source = (related_source_t){.id = id};
    sqlite_bind_int64(stmt, 1, id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
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

/* Builds the OR query of the most telling terms (empty when none) and
 * their weights for search_rank(). */
static int build_match(store_t *store, const related_source_t *source, gz_buf_t *match,
                       sqlite_search_idf_t *idf)
{
    content_tokenizer_t *tokenizer = store_tokenizer(store);
    if (tokenizer == NULL)
        return store_fail(store, GZ_EIO, "the Snowball stemmers are missing");
    related_terms_t list;
    related_collect_terms(tokenizer, source, &list);
    int64_t total = 0;
    int result = sqlite_search_total(store, &total);
    for (size_t i = 0; result == GZ_OK && i < list.count; i++)
        result = document_frequency(store, &list.terms[i]);
    size_t used = result == GZ_OK ? related_telling_terms(&list, total) : 0;
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

/* The best candidates; those scoring under RELATED_MIN_SHARE of the best
 * one are dropped. */
static int candidate_ids(store_t *store, const related_source_t *source, const char *match,
                         const sqlite_search_idf_t *idf, related_candidates_t *candidates,
                         related_chosen_t *chosen)
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
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite_step(stmt);
        if (rc != SQLITE_ROW)
            break;
        /* bm25: negative, lower is better */
        related_candidate(candidates, chosen, sqlite3_column_int64(stmt, 0),
                          sqlite3_column_double(stmt, 1));
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
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW) {
        const char *headline = (const char *)sqlite3_column_text(stmt, 0);
        content_text_terms(store_tokenizer(store), headline, strlen(headline), out);
    } else if (rc != SQLITE_DONE) {
        result = sqlite_fail(store, "reading article %lld", (long long)id);
    }
    sqlite_statement_done(stmt);
    return result;
}

/* Picks up to RELATED_KEPT candidates that are neither linked by the
 * editor nor a duplicate headline. */
static int choose(store_t *store, const related_source_t *source,
                  const related_candidates_t *candidates, related_chosen_t *chosen)
{
    int64_t manual[RELATED_MANUAL_READ];
    size_t manual_count = 0;
    int result = read_ids(store, RELATED_MANUAL_TARGETS, source->id, manual, &manual_count,
                          RELATED_MANUAL_READ);
    related_chosen_start(chosen, store_tokenizer(store), source->headline);
    gz_buf_t terms = GZ_BUF_INIT;
    for (size_t i = 0; result == GZ_OK && i < candidates->count && !related_chosen_full(chosen);
         i++) {
        int64_t id = candidates->ids[i];
        if (related_contains(manual, manual_count, id))
            continue;
        result = headline_terms(store, id, &terms);
        if (result == GZ_OK)
            related_offer(chosen, id, gz_buf_cstr(&terms));
    }
    gz_buf_free(&terms);
    return result;
}

static int store_list(store_t *store, int64_t article_id, const related_chosen_t *chosen)
{
    int result = step_one_id(store, RELATED_CLEAR, article_id, 0, 0, "clearing related articles");
    for (size_t i = 0; result == GZ_OK && i < chosen->count; i++)
        result = step_one_id(store, RELATED_ADD, article_id, (int64_t)i, chosen->ids[i],
                             "storing related articles");
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
        read_ids(store, RELATED_CURRENT, article_id, before, &before_count, RELATED_KEPT + 8);
    if (result == GZ_OK)
        result = load_source(store, article_id, &source);
    if (result != GZ_OK)
        return result;
    gz_buf_t match = GZ_BUF_INIT;
    related_candidates_t candidates = {0};
    double weights[RELATED_TERMS];
    sqlite_search_idf_t idf = {0, weights};
    if (source.live)
        result = build_match(store, &source, &match, &idf);
    if (result == GZ_OK && match.len > 0)
        result = candidate_ids(store, &source, gz_buf_cstr(&match), &idf, &candidates, chosen);
    if (result == GZ_OK && source.live)
        result = choose(store, &source, &candidates, chosen);
    if (result == GZ_OK)
        result = store_list(store, article_id, chosen);
    *changed = related_changed(before, before_count, chosen);
    gz_buf_free(&match);
    related_source_free(&source);
    return result;
}

static int log_change(store_t *store, int64_t article_id)
{
    return step_one_id(store, RELATED_LOG_CHANGE, article_id, 0, 0,
                       "logging a related list change");
}

static int dequeue(store_t *store, int64_t article_id)
{
    return step_one_id(store, RELATED_PENDING_DONE, article_id, 0, 0,
                       "dequeueing related articles");
}

static const related_ops_t REFRESH_OPS = {refresh, log_change, dequeue};

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
    if (result == GZ_OK)
        result = related_refresh_all(store, &REFRESH_OPS, ids, *left ? wanted : count, neighbours);
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
        rc = sqlite_step(stmt);
        if (rc != SQLITE_ROW || article->related_count >= STORE_RELATED_SHOWN)
            break;
        content_related_t *slot =
            related_slot(pool, article, manual, sqlite3_column_int64(stmt, 0));
        if (slot != NULL)
            related_from_row(stmt, pool, slot);
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
    while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite_step(stmt)) == SQLITE_ROW)
        ids[count++] = sqlite3_column_int64(stmt, 0);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "listing articles");
    sqlite_statement_done(stmt);
    *finished = count == 0;
    sqlite_write_t write;
    if (result != GZ_OK || count == 0 || (result = sqlite_write_start(store, &write)) != GZ_OK)
        return result;
    result = related_refresh_all(store, &REFRESH_OPS, ids, count, false);
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
    if (sqlite_step(stmt) == SQLITE_ROW)
        total = sqlite3_column_int64(stmt, 0);
    sqlite_statement_done(stmt);
    result = related_rebuild_batches(store, total, rebuild_batch, progress, context);
    if (result == GZ_OK)
        result = drain_queue(store);
    return result;
}
