/*
 * store/related_text.h: the parts of the automatic related articles that
 * are plain C, shared by both backends (sqlite_related.c, pg_related.c).
 * Nothing outside src/store/ includes it.
 *
 * Similar means: the published articles that best match the telling
 * terms of this article's headline and summary. A term tells in
 * proportion to how often it appears (a headline word counts
 * RELATED_HEADLINE_WEIGHT times) and how rare it is in the archive (BM25's
 * IDF, from a count of the articles holding it that stops at
 * RELATED_FREQUENCY_CAP); terms no other article has, or that half the
 * archive or the cap has, are left out. The RELATED_TERMS best are looked
 * up as one OR query, and the newest RELATED_CANDIDATE_CAP matches are
 * ranked by BM25 times 1.5 for the same section times the recency boost
 * (half-life RELATED_HALF_LIFE_DAYS). Candidates scoring under
 * RELATED_MIN_SHARE of the best are dropped (two stories sharing an
 * ordinary word are not related), and so are the article itself, its
 * editor's links and headlines equal to its own or to one already chosen
 * (the same story filed twice).
 *
 * Both backends must choose alike, so these rules live here once; the
 * backends only read and write (the counts, the candidates and their
 * ranking, the queue, the lists).
 */
#ifndef GAZETTE_STORE_RELATED_TEXT_H
#define GAZETTE_STORE_RELATED_TEXT_H

#include "store/store.h"

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

/* The article whose list is computed. */
typedef struct {
    int64_t id;
    char *headline;
    char *summary;
    int64_t section_id;
    bool live;
} related_source_t;

void related_source_free(related_source_t *source);

typedef struct {
    char term[64];
    const char *surface; /* the word as printed, in the source text */
    size_t surface_len;
    int64_t documents; /* how many articles hold the term; the backend counts */
    int occurrences;   /* in the source, a headline one counting RELATED_HEADLINE_WEIGHT */
    double weight;
} related_term_t;

typedef struct {
    related_term_t terms[RELATED_TERMS_READ];
    size_t count;
    const char *text;
    bool in_headline;
} related_terms_t;

/* The distinct terms of the source's headline and summary (up to
 * RELATED_TERMS_READ), their occurrences counted; documents left 0. */
void related_collect_terms(content_tokenizer_t *tokenizer, const related_source_t *source,
                           related_terms_t *list);

/* Once each term's documents are counted (of total published articles):
 * weighs the terms and keeps, heaviest first, those another article has
 * but neither half of the archive nor RELATED_FREQUENCY_CAP articles have.
 * Returns how many of them to query (at most RELATED_TERMS). */
size_t related_telling_terms(related_terms_t *list, int64_t total);

/* A new list: the chosen ids, the headline terms seen (to skip duplicate
 * stories), and the best matches before any was dropped, whose own lists
 * a newly stored article may now belong in. Start it zeroed. */
typedef struct {
    int64_t ids[RELATED_KEPT];
    char *headlines[RELATED_KEPT + 1]; /* terms; [0] is the source's own */
    size_t count;
    int64_t neighbours[RELATED_NEIGHBOURS];
    size_t neighbour_count;
} related_chosen_t;

void related_chosen_free(related_chosen_t *chosen);

/* The candidates that score at least RELATED_MIN_SHARE of the best. */
typedef struct {
    int64_t ids[RELATED_CANDIDATES_READ];
    size_t count;
    double best;
} related_candidates_t;

/* Offers the next candidate, best first; score is lower for better (as
 * FTS5's bm25()). It is one of chosen's neighbours while there is room,
 * and kept among candidates unless it scores under RELATED_MIN_SHARE of
 * the best. */
void related_candidate(related_candidates_t *candidates, related_chosen_t *chosen, int64_t id,
                       double score);

/* Records the terms of the source's headline, so that a candidate with the
 * same headline is not chosen. Call before related_offer. */
void related_chosen_start(related_chosen_t *chosen, content_tokenizer_t *tokenizer,
                          const char *headline);

/* True when the list holds RELATED_KEPT ids. */
bool related_chosen_full(const related_chosen_t *chosen);

/* Chooses candidate id, whose headline's terms are headline_terms, unless
 * its headline is one seen already. */
void related_offer(related_chosen_t *chosen, int64_t id, const char *headline_terms);

bool related_contains(const int64_t *ids, size_t count, int64_t id);

/* True when the new list differs from the stored one (before). */
bool related_changed(const int64_t *before, size_t before_count, const related_chosen_t *chosen);

/* Where to read automatic item id into article->related, which held
 * manual items before the automatic ones; NULL when id is the article or
 * listed already. The array moves to pool memory with room for
 * STORE_RELATED_SHOWN at the first automatic item; the caller checks that
 * there is room. */
content_related_t *related_slot(gz_pool_t *pool, content_article_t *article, size_t manual,
                                int64_t id);

/* What refreshing a list asks of a backend. refresh recomputes and stores
 * article_id's list into chosen (zeroed), *changed when it differs from
 * the stored one; log_change adds "article:ID" to the change log;
 * dequeue takes the article off related_pending. */
typedef struct {
    int (*refresh)(store_t *store, int64_t article_id, related_chosen_t *chosen, bool *changed);
    int (*log_change)(store_t *store, int64_t article_id);
    int (*dequeue)(store_t *store, int64_t article_id);
} related_ops_t;

/* Refreshes the lists of ids in order, logging those that change, and
 * dequeues each; with neighbours, also refreshes (once, no cascade) the
 * lists of the articles each one matches best. Stops at the first error. */
int related_refresh_all(store_t *store, const related_ops_t *ops, const int64_t *ids, size_t count,
                        bool neighbours);

/* Recomputes every published article's list, one batch (one write) at a
 * time: batch refreshes the lists after id *after, moves *after on,
 * counts them in *done and sets *finished when none is left. total is
 * for progress, which may be NULL. */
typedef int (*related_batch_fn)(store_t *store, int64_t *after, size_t *done, bool *finished);

int related_rebuild_batches(store_t *store, int64_t total, related_batch_fn batch,
                            store_progress_fn progress, void *context);

#endif
