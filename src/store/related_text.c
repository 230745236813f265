/*
 * related_text.c: the automatic related articles' plain C, shared by both
 * backends (see related_text.h for the rules): collecting and weighing
 * the telling terms, keeping the candidates that score near the best,
 * skipping editor-linked and duplicate-headline ones, and the batches of
 * a rebuild. The backends count terms, rank candidates and store lists,
 * each in its own SQL; what is decided from those numbers is decided
 * here, so both choose the same lists.
 */
#include <stdlib.h>
#include <string.h>

#include "store/related_text.h"
#include "store/search_text.h"

static const double RELATED_MIN_SHARE = 0.5;

void related_source_free(related_source_t *source)
{
    free(source->headline);
    free(source->summary);
}

/* ---- choosing terms ------------------------------------------------------------ */

static int collect_term(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    related_terms_t *list = context;
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

void related_collect_terms(content_tokenizer_t *tokenizer, const related_source_t *source,
                           related_terms_t *list)
{
    *list = (related_terms_t){.text = source->headline, .in_headline = true};
    content_tokenize(tokenizer, source->headline, strlen(source->headline), collect_term, list);
    list->text = source->summary;
    list->in_headline = false;
    content_tokenize(tokenizer, source->summary, strlen(source->summary), collect_term, list);
}

/* Heavier first. */
static int compare_terms(const void *a, const void *b)
{
    const related_term_t *left = a, *right = b;
    return left->weight > right->weight ? -1 : left->weight < right->weight ? 1 : 0;
}

size_t related_telling_terms(related_terms_t *list, int64_t total)
{
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++) {
        related_term_t *term = &list->terms[i];
        bool common = total >= 10 &&
                      (term->documents * 2 > total || term->documents >= RELATED_FREQUENCY_CAP);
        if (term->documents < 2 || common)
            continue;
        term->weight = term->occurrences * search_idf(total, term->documents);
        list->terms[kept++] = *term;
    }
    qsort(list->terms, kept, sizeof list->terms[0], compare_terms);
    return kept < RELATED_TERMS ? kept : RELATED_TERMS;
}

/* ---- ranking and keeping ---------------------------------------------------------- */

void related_candidate(related_candidates_t *candidates, related_chosen_t *chosen, int64_t id,
                       double score)
{
    if (candidates->count == 0)
        candidates->best = score;
    if (chosen->neighbour_count < RELATED_NEIGHBOURS)
        chosen->neighbours[chosen->neighbour_count++] = id;
    if (candidates->count < RELATED_CANDIDATES_READ &&
        score <= candidates->best * RELATED_MIN_SHARE)
        candidates->ids[candidates->count++] = id;
}

void related_chosen_free(related_chosen_t *chosen)
{
    for (size_t i = 0; i <= RELATED_KEPT; i++)
        free(chosen->headlines[i]);
}

void related_chosen_start(related_chosen_t *chosen, content_tokenizer_t *tokenizer,
                          const char *headline)
{
    gz_buf_t terms = GZ_BUF_INIT;
    content_text_terms(tokenizer, headline, strlen(headline), &terms);
    chosen->headlines[0] = gz_strdup(gz_buf_cstr(&terms));
    gz_buf_free(&terms);
}

bool related_chosen_full(const related_chosen_t *chosen)
{
    return chosen->count >= RELATED_KEPT;
}

static bool seen_headline(const related_chosen_t *chosen, const char *terms)
{
    for (size_t i = 0; i <= chosen->count; i++) {
        if (chosen->headlines[i] != NULL && strcmp(chosen->headlines[i], terms) == 0)
            return true;
    }
    return false;
}

void related_offer(related_chosen_t *chosen, int64_t id, const char *headline_terms)
{
    if (related_chosen_full(chosen) || seen_headline(chosen, headline_terms))
        return;
    chosen->ids[chosen->count] = id;
    chosen->headlines[++chosen->count] = gz_strdup(headline_terms);
}

bool related_contains(const int64_t *ids, size_t count, int64_t id)
{
    for (size_t i = 0; i < count; i++) {
        if (ids[i] == id)
            return true;
    }
    return false;
}

bool related_changed(const int64_t *before, size_t before_count, const related_chosen_t *chosen)
{
    return before_count != chosen->count ||
           (chosen->count > 0 && memcmp(before, chosen->ids, chosen->count * sizeof *before));
}

/* ---- refreshing lists ------------------------------------------------------------- */

static int refresh_logged(store_t *store, const related_ops_t *ops, int64_t article_id,
                          bool neighbours)
{
    related_chosen_t chosen = {0};
    bool changed = false;
    int result = ops->refresh(store, article_id, &chosen, &changed);
    if (result == GZ_OK && changed)
        result = ops->log_change(store, article_id);
    for (size_t i = 0; neighbours && result == GZ_OK && i < chosen.neighbour_count; i++)
        result = refresh_logged(store, ops, chosen.neighbours[i], false);
    related_chosen_free(&chosen);
    return result;
}

int related_refresh_all(store_t *store, const related_ops_t *ops, const int64_t *ids, size_t count,
                        bool neighbours)
{
    int result = GZ_OK;
    for (size_t i = 0; result == GZ_OK && i < count; i++) {
        result = refresh_logged(store, ops, ids[i], neighbours);
        if (result == GZ_OK)
            result = ops->dequeue(store, ids[i]);
    }
    return result;
}

/* ---- reading ---------------------------------------------------------------------- */

static bool already_listed(const content_article_t *article, int64_t id)
{
    for (size_t i = 0; i < article->related_count; i++) {
        if (article->related[i].id == id)
            return true;
    }
    return false;
}

/* Makes article->related a pool array with room for STORE_RELATED_SHOWN. */
static void make_room(gz_pool_t *pool, content_article_t *article)
{
    content_related_t *all = gz_pool_calloc(pool, STORE_RELATED_SHOWN, sizeof *all);
    if (article->related_count > 0)
        memcpy(all, article->related, article->related_count * sizeof *all);
    article->related = all;
}

content_related_t *related_slot(gz_pool_t *pool, content_article_t *article, size_t manual,
                                int64_t id)
{
    if (id == article->id || already_listed(article, id))
        return NULL;
    if (article->related_count == manual)
        make_room(pool, article);
    return &article->related[article->related_count++];
}

/* ---- recomputing every list ----------------------------------------------------------- */

int related_rebuild_batches(store_t *store, int64_t total, related_batch_fn batch,
                            store_progress_fn progress, void *context)
{
    int64_t after = 0;
    size_t done = 0;
    bool finished = false;
    int result = GZ_OK;
    while (result == GZ_OK && !finished) {
        result = batch(store, &after, &done, &finished);
        if (result == GZ_OK && progress != NULL && !finished)
            progress(context, done, (size_t)total);
    }
    return result;
}
