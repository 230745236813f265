/* The relevance test: loads tests/relevance/corpus.jsonl (320 English and
 * Arabic articles written by generate.py) into a fresh store, runs every
 * query of queries.jsonl through store_search, and checks that each
 * query's expected articles are among the first five results. It prints
 * the share of queries that pass and every miss with the five it got, and
 * fails below 100%.
 *
 * The store is fresh (tests/unit/support/temp_store.h): SQLite, or a
 * PostgreSQL schema of its own when GAZETTE_TEST_PG is set.
 *
 * Run: meson test -C build store/relevance (or the binary with
 * GAZETTE_SOURCE_ROOT set to the repository). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "corpus.h"
#include "support/temp_store.h"

enum { TOP = 5, RECENCY_DAYS = 30 };

typedef struct {
    store_t *store;
    size_t passed;
    size_t arabic;
    size_t arabic_passed;
} run_t;

static bool in_top(const store_search_results_t *results, int64_t id)
{
    for (size_t i = 0; i < results->count; i++) {
        if (results->hits[i].article.id == id)
            return true;
    }
    return false;
}

static bool is_arabic(const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
        if (*c == 0xD8 || *c == 0xD9)
            return true;
    }
    return false;
}

static void report_miss(const char *text, json_t *expected, const store_search_results_t *results)
{
    printf("MISS  %s  (expected", text);
    size_t index;
    json_t *id;
    json_array_foreach(expected, index, id) printf(" %lld", (long long)json_integer_value(id));
    printf("; got");
    for (size_t i = 0; i < results->count; i++)
        printf(" %lld", (long long)results->hits[i].article.id);
    printf(")\n");
    for (size_t i = 0; i < results->count; i++)
        printf("      %lld %s\n", (long long)results->hits[i].article.id,
               results->hits[i].article.headline);
}

static int query_each(void *context, json_t *row)
{
    run_t *run = context;
    const char *text = text_of(row, "query");
    gz_pool_t pool = GZ_POOL_INIT;
    store_search_query_t query = {
        .text = text,
        .page_size = TOP,
        .now = (gz_time_t)json_integer_value(json_object_get(row, "now")),
        .recency_days = RECENCY_DAYS,
    };
    store_search_results_t results;
    if (store_search(run->store, &query, &pool, &results) != GZ_OK) {
        fprintf(stderr, "relevance: '%s': %s\n", text, store_last_error(run->store));
        gz_pool_clear(&pool);
        return -1;
    }
    json_t *expected = json_object_get(row, "expected");
    bool all = json_array_size(expected) > 0;
    size_t index;
    json_t *id;
    json_array_foreach(expected, index, id) all = all && in_top(&results, json_integer_value(id));
    bool arabic = is_arabic(text);
    run->arabic += arabic;
    if (all) {
        run->passed++;
        run->arabic_passed += arabic;
    } else {
        report_miss(text, expected, &results);
    }
    gz_pool_clear(&pool);
    return 0;
}

int main(void)
{
    temp_store_t *temp = temp_store_new(true);
    if (temp == NULL)
        return 1;
    store_t *store = temp->store;
    size_t articles = 0, queries = 0;
    run_t run = {.store = store};
    int result = corpus_load(store, &articles);
    if (result == GZ_OK)
        result = each_line("queries.jsonl", query_each, &run, &queries);
    if (temp_store_delete(temp) != 0)
        fprintf(stderr, "relevance: could not remove the store\n");
    if (result != 0)
        return 1;
    printf("relevance: %zu/%zu queries (%.1f%%) have every expected article in the top %d "
           "(Arabic %zu/%zu), over %zu articles\n",
           run.passed, queries, queries ? 100.0 * (double)run.passed / (double)queries : 0.0, TOP,
           run.arabic_passed, run.arabic, articles);
    return queries >= 40 && run.passed == queries ? 0 : 1;
}
