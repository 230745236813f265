/* The two backends' search, compared: loads the relevance corpus into a
 * SQLite store and a PostgreSQL store, runs the same 2,400 generated
 * queries on both (one, two and three words, phrases from headlines,
 * exclusions, OR, with section and language filters and later pages) and
 * checks that they answer alike: the same hits in the same order, the
 * same totals, and the same highlighted headline and snippet HTML.
 *
 * One query shape is left out on purpose: `a OR b -c`, where FTS5 3.40
 * drops some matches (PostgreSQL's answer is the consistent one).
 *
 * Needs GAZETTE_TEST_PG (make check's PostgreSQL half sets it); skipped
 * otherwise. Run: meson test -C build store/search-backends. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "support/temp_store.h"

enum {
    QUERIES = 2400,
    MAX_WORDS = 20000,
    PAGE_SIZE = 10,
    RECENCY_DAYS = 30,
    SHOWN_MISMATCHES = 10,
    MESON_SKIP = 77,
};

static const gz_time_t NOW = 1704067200;

typedef struct {
    char *words[MAX_WORDS];
    size_t word_count;
    char *headlines[512];
    size_t headline_count;
    char *sections[64];
    size_t section_count;
} vocabulary_t;

static uint64_t random_state = 0x9E3779B97F4A7C15u;

static size_t next_random(size_t below)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return (size_t)(random_state % below);
}

/* Adds each word of text (split at spaces and ASCII punctuation). */
static void add_words(vocabulary_t *vocabulary, const char *text)
{
    char *copy = strdup(text);
    for (char *word = strtok(copy, " \n\t.,;:!?\"'()"); word != NULL && vocabulary->word_count < MAX_WORDS;
         word = strtok(NULL, " \n\t.,;:!?\"'()"))
        vocabulary->words[vocabulary->word_count++] = strdup(word);
    free(copy);
}

static void add_unique(char **items, size_t *count, size_t capacity, const char *text)
{
    for (size_t i = 0; i < *count; i++) {
        if (strcmp(items[i], text) == 0)
            return;
    }
    if (*count < capacity)
        items[(*count)++] = strdup(text);
}

static int collect_each(void *context, json_t *row)
{
    vocabulary_t *vocabulary = context;
    add_words(vocabulary, text_of(row, "headline"));
    add_words(vocabulary, text_of(row, "summary"));
    add_words(vocabulary, text_of(row, "body"));
    add_unique(vocabulary->headlines, &vocabulary->headline_count, 512, text_of(row, "headline"));
    add_unique(vocabulary->sections, &vocabulary->section_count, 64, text_of(row, "section"));
    return 0;
}

static const char *random_word(const vocabulary_t *vocabulary)
{
    return vocabulary->words[next_random(vocabulary->word_count)];
}

/* Two neighbouring words of a headline, quoted. */
static void append_phrase(gz_buf_t *text, const vocabulary_t *vocabulary)
{
    const char *headline = vocabulary->headlines[next_random(vocabulary->headline_count)];
    vocabulary_t words = {0};
    add_words(&words, headline);
    if (words.word_count >= 2) {
        size_t first = next_random(words.word_count - 1);
        gz_buf_printf(text, "\"%s %s\"", words.words[first], words.words[first + 1]);
    }
    for (size_t i = 0; i < words.word_count; i++)
        free(words.words[i]);
}

/* One query text of a random shape. */
static void make_text(gz_buf_t *text, const vocabulary_t *vocabulary, size_t shape)
{
    switch (shape) {
    case 0: gz_buf_printf(text, "%s", random_word(vocabulary)); break;
    case 1: gz_buf_printf(text, "%s %s", random_word(vocabulary), random_word(vocabulary)); break;
    case 2:
        gz_buf_printf(text, "%s %s %s", random_word(vocabulary), random_word(vocabulary),
                      random_word(vocabulary));
        break;
    case 3: append_phrase(text, vocabulary); break;
    case 4: gz_buf_printf(text, "%s -%s", random_word(vocabulary), random_word(vocabulary)); break;
    default:
        gz_buf_printf(text, "%s OR %s", random_word(vocabulary), random_word(vocabulary));
        break;
    }
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Why the two answers differ, or NULL when they agree. */
static const char *difference(const store_search_results_t *a, const store_search_results_t *b)
{
    if (a->searchable != b->searchable)
        return "searchable";
    if (a->total != b->total || a->total_is_lower_bound != b->total_is_lower_bound)
        return "total";
    if (a->count != b->count)
        return "count";
    for (size_t i = 0; i < a->count; i++) {
        if (a->hits[i].article.id != b->hits[i].article.id)
            return "order";
        if (!same_text(a->hits[i].headline_html, b->hits[i].headline_html))
            return "headline html";
        if (!same_text(a->hits[i].snippet_html, b->hits[i].snippet_html))
            return "snippet html";
    }
    return NULL;
}

typedef struct {
    store_t *sqlite, *pg;
    const vocabulary_t *vocabulary;
    size_t compared, hits, mismatches;
} comparison_t;

static int section_id(store_t *store, const char *name, int64_t *id)
{
    return store_section_ensure(store, name, id);
}

/* Runs one random query on both stores and compares the answers. */
static int compare_one(comparison_t *run)
{
    gz_buf_t text = GZ_BUF_INIT;
    make_text(&text, run->vocabulary, next_random(6));
    store_search_query_t query = {.text = gz_buf_cstr(&text),
                                  .page = 1 + next_random(3) / 2,
                                  .page_size = PAGE_SIZE,
                                  .now = NOW,
                                  .recency_days = RECENCY_DAYS};
    size_t filter = next_random(6);
    if (filter == 0)
        query.language = next_random(2) ? "ar" : "en";
    store_search_query_t on_pg = query;
    int code = GZ_OK;
    if (filter == 1) {
        const char *name = run->vocabulary->sections[next_random(run->vocabulary->section_count)];
        code = section_id(run->sqlite, name, &query.section_id);
        if (code == GZ_OK)
            code = section_id(run->pg, name, &on_pg.section_id);
    }
    gz_pool_t pool = GZ_POOL_INIT;
    store_search_results_t from_sqlite, from_pg;
    if (code == GZ_OK && (code = store_search(run->sqlite, &query, &pool, &from_sqlite)) != GZ_OK)
        fprintf(stderr, "sqlite: '%s': %s\n", query.text, store_last_error(run->sqlite));
    if (code == GZ_OK && (code = store_search(run->pg, &on_pg, &pool, &from_pg)) != GZ_OK)
        fprintf(stderr, "postgresql: '%s': %s\n", query.text, store_last_error(run->pg));
    const char *why = code == GZ_OK ? difference(&from_sqlite, &from_pg) : NULL;
    if (code == GZ_OK) {
        run->compared++;
        run->hits += from_sqlite.count;
    }
    if (why != NULL && run->mismatches++ < SHOWN_MISMATCHES)
        printf("DIFFER  %s  (page %zu): %s; sqlite %zu hits of %zu, postgresql %zu of %zu\n",
               query.text, query.page, why, from_sqlite.count, from_sqlite.total, from_pg.count,
               from_pg.total);
    gz_pool_clear(&pool);
    gz_buf_free(&text);
    return code;
}

/* A SQLite store whatever GAZETTE_TEST_PG says. */
static temp_store_t *sqlite_store(void)
{
    char *pg = strdup(getenv("GAZETTE_TEST_PG"));
    unsetenv("GAZETTE_TEST_PG");
    temp_store_t *temp = temp_store_new(true);
    setenv("GAZETTE_TEST_PG", pg, 1);
    free(pg);
    return temp;
}

int main(void)
{
    if (!temp_store_is_pg()) {
        printf("search-backends: skipped (needs GAZETTE_TEST_PG)\n");
        return MESON_SKIP;
    }
    static vocabulary_t vocabulary;
    size_t articles = 0;
    if (each_line("corpus.jsonl", collect_each, &vocabulary, &articles) != 0)
        return 1;
    temp_store_t *sqlite = sqlite_store(), *pg = temp_store_new(true);
    if (sqlite == NULL || pg == NULL)
        return 1;
    comparison_t run = {.sqlite = sqlite->store, .pg = pg->store, .vocabulary = &vocabulary};
    int code = corpus_load(run.sqlite, &articles);
    if (code == GZ_OK)
        code = corpus_load(run.pg, &articles);
    for (size_t i = 0; code == GZ_OK && i < QUERIES; i++)
        code = compare_one(&run);
    temp_store_delete(sqlite);
    temp_store_delete(pg);
    printf("search-backends: %zu queries compared (%zu hits), %zu differ, over %zu articles\n",
           run.compared, run.hits, run.mismatches, articles);
    return code == GZ_OK && run.compared == QUERIES && run.mismatches == 0 ? 0 : 1;
}
