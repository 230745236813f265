/*
 * store/pg/pg_search_private.h: what pg_search.c and pg_search_index.c
 * share with each other and lend pg_related.c (all rank articles by BM25
 * over the same search documents). Nothing else includes it.
 */
#ifndef GAZETTE_STORE_PG_SEARCH_PRIVATE_H
#define GAZETTE_STORE_PG_SEARCH_PRIVATE_H

#include "store/pg/pg_private.h"
#include "store/search_text.h"

/* A connection's search state (pg_connection_t.search), made on first
 * use and freed by pg_search_disconnect. The flags say what the commit of
 * the open transaction has to do; both are cheap to test, so a commit
 * that queued nothing costs nothing. */
struct pg_search {
    bool related_pending; /* related lists were queued (pg_related_mark) */
    bool totals_changed;  /* search documents were written: fold the counts */
};

/* The connection's state; never NULL. */
struct pg_search *pg_search_state(store_t *store);

/* The most positions PostgreSQL keeps for one lexeme of a tsvector. */
enum { PG_SEARCH_MAX_POSITIONS = 256 };

/* The store's tokenizer, or NULL (the store's error set) when the Snowball
 * stemmers are missing. */
content_tokenizer_t *pg_search_tokenizer_or_fail(store_t *store);

/* The columns a row to be ranked has, in this order: id, publication
 * time, section (0 for none), length in tokens, the lengths of headline
 * and summary, and the positions of the lexemes of the text[] parameter
 * `lexemes` in the document, as tsvector text. Those are marked with
 * weight D (no column has it) and the rest filtered out: two linear
 * passes, where cutting the other lexemes out (ts_delete of
 * tsvector_to_array) costs twenty times as much. The weights are lost on
 * the way; the column of a position follows from the two lengths. */
#define PG_SEARCH_RANKED_COLUMNS(lexemes)                                                          \
    "d.id, d.published_at, COALESCE(d.section_id, 0), d.length, d.headline_length,"                \
    " d.summary_length, ts_filter(setweight(d.document, 'D', " lexemes "::text[]), '{d}')::text"

/* One ranked row: relevance is BM25, positive, higher is better. */
typedef struct {
    int64_t id;
    int64_t published_at;
    int64_t section_id;
    double relevance;
} pg_search_ranked_t;

/* What ranking needs besides the rows: each phrase's IDF and the average
 * length of a document. */
typedef struct {
    const search_phrases_t *phrases;
    const double *idf;
    double average_length;
} pg_search_weights_t;

/* Scores every row of a PG_SEARCH_RANKED_COLUMNS result into out (room
 * for PQntuples(rows)), in the order of the rows. */
void pg_search_rank_rows(const PGresult *rows, const pg_search_weights_t *weights,
                         pg_search_ranked_t *out);

/* A final score, negative as SQLite's (BM25 negated, times the boosts). */
typedef struct {
    int64_t id;
    double score;
} pg_search_scored_t;

/* Sorts as SQLite's ORDER BY score, id DESC: best first, ties to the
 * newer article. */
void pg_search_sort_scored(pg_search_scored_t *scored, size_t count);

/* Appends term as a tsquery lexeme, quoted ('it''s'). */
void pg_search_quote_lexeme(gz_buf_t *out, const char *term, size_t len);
/* Appends the phrases' distinct terms as a text[] literal. */
void pg_search_lexeme_array(gz_buf_t *out, const search_phrases_t *phrases);

/* How many search documents hold each term, counted up to cap, in one
 * statement: counts[i] for terms[i]. */
int pg_search_term_documents(store_t *store, const char *const *terms, size_t count, int64_t cap,
                             int64_t *counts);
/* The number of published articles (the store's counter), as IDFs use. */
int pg_search_published_total(store_t *store, int64_t *total);
/* The average length of a search document in tokens (1 when none). */
int pg_search_average_length(store_t *store, double *average);
/* Plans the rest of the transaction's statements for their parameters:
 * how selective a word is decides between the word index and reading
 * the newest documents, and a generic plan cannot know it. */
int pg_search_plan_per_query(store_t *store);
/* Folds the rows that writes added to search_totals into one. */
int pg_search_fold_totals(store_t *store);

#endif
