/*
 * store/search_text.h: the parts of search that are plain C over text and
 * numbers, shared by both backends (sqlite_search.c, pg_search.c and
 * their related-articles files). Nothing outside src/store/ includes it.
 *
 * Both backends must answer a reader alike, so what decides the answer
 * lives here once: the BM25 formula and its IDF, the recency boost, the
 * primary language subtag of a filter, and turning marked text into
 * escaped HTML. SQLite marks matches with FTS5's highlight() and
 * snippet(); PostgreSQL has no equivalent that reads Gazette's tokens, so
 * search_highlight and search_snippet below do the same in C, token for
 * token as FTS5 3.40 does (the same windows, the same marks), over the
 * original text and the query's phrases.
 */
#ifndef GAZETTE_STORE_SEARCH_TEXT_H
#define GAZETTE_STORE_SEARCH_TEXT_H

#include "store/store.h"

/* Private-use characters that mark a match in text before it is escaped:
 * U+E000 opens, U+E001 closes. */
#define SEARCH_MARK_OPEN "\xee\x80\x80"
#define SEARCH_MARK_CLOSE "\xee\x80\x81"
#define SEARCH_ELLIPSIS "\xe2\x80\xa6"

enum {
    SEARCH_SNIPPET_TOKENS = 30, /* words in a body passage */
    SEARCH_HEADLINE_WEIGHT = 8, /* BM25 weight of a match in each column */
    SEARCH_SUMMARY_WEIGHT = 3,
    SEARCH_BODY_WEIGHT = 1,
    SEARCH_SECONDS_PER_DAY = 86400,
};

/* BM25's IDF of a term that documents of total articles hold, never below
 * 1e-6 (a term in more than half of them). */
double search_idf(int64_t total, int64_t documents);

/* The recency boost: 0.5^(age / half-life), 1 for an article published
 * now, 0 when half_life <= 0 (the boost is off). Seconds. */
double search_recency(double now, double published, double half_life);

/* BM25 (k1 1.2, b 0.75) of a document of length tokens, given each
 * phrase's IDF and weighted frequency in it; positive, higher is better.
 * Backends negate it so that lower sorts first, as FTS5's bm25() does. */
double search_bm25(const double *idf, const double *frequency, size_t count, double length,
                   double average_length);

/* The primary subtag of a language, lower case, when it is 2-8 letters
 * ("ar-SA" gives "ar"); false otherwise. */
bool search_primary_language(const char *language, char *out, size_t size);

/* True when text holds an opening mark. */
bool search_has_marker(const char *text);

/* Escapes text (NULL reads as "") for HTML once and turns the marks into
 * balanced <mark> and </mark>, whatever marks the text held. For Markdown
 * (a body), a backslash that escapes punctuation is dropped, as the page
 * shows it. Pool memory. */
const char *search_marked_html(gz_pool_t *pool, const char *text, bool markdown);

/* The phrases a matching article holds, as the index reads a query: each
 * positive item of each clause, in order, as the terms of its text (a
 * word that tokenizes to several terms is a phrase of them). Terms are
 * numbered once each (term_count distinct terms). Pool memory. */
typedef struct {
    size_t count;  /* phrases */
    size_t *first; /* phrase i is term_ids[first[i] .. first[i] + size[i]) */
    size_t *size;
    size_t *term_ids; /* indexes into terms */
    char **terms;     /* the distinct terms */
    size_t term_count;
} search_phrases_t;

void search_phrases_of_query(content_tokenizer_t *tokenizer, const content_query_t *query,
                             gz_pool_t *pool, search_phrases_t *out);

/* The number of term in phrases->terms, or -1. */
long search_phrases_term(const search_phrases_t *phrases, const char *term, size_t len);

/* text with every occurrence of a phrase between marks, as FTS5's
 * highlight() marks a column; "" for NULL. Pool memory. */
const char *search_highlight(content_tokenizer_t *tokenizer, const search_phrases_t *phrases,
                             const char *text, gz_pool_t *pool);

/* The best passage of SEARCH_SNIPPET_TOKENS words of text, marked, with
 * an ellipsis where it is cut, as FTS5's snippet() picks and marks it;
 * NULL when no phrase occurs in text. Pool memory. */
const char *search_snippet(content_tokenizer_t *tokenizer, const search_phrases_t *phrases,
                           const char *text, gz_pool_t *pool);

/* How a backend's query language writes a reader's query: the words that
 * join clauses and items, and how one item is written (context is
 * passed to it). */
typedef struct {
    const char *and_word; /* " AND " or " & " */
    const char *or_word;  /* " OR " or " | " */
    void (*append_item)(gz_buf_t *out, const content_query_item_t *item, void *context);
    void *context;
} search_syntax_t;

/* Appends "(a OR b) AND (c)" for the clauses of query whose exclusion
 * flag is excluded, or "(d) OR (e)" for the excluded ones (any of them
 * excludes an article), in syntax's words. */
void search_append_clauses(gz_buf_t *out, const content_query_t *query, bool excluded,
                           const search_syntax_t *syntax);

#endif
