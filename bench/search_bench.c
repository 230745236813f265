/*
 * search_bench.c: the search benchmark's tool (bench/search.sh runs it).
 *
 *   gazette-bench-search generate STORE_URL COUNT
 *       fills a migrated store with COUNT live articles, fast: one
 *       prepared INSERT per article on the store's own connection (so the
 *       schema's triggers index each one as a publish would), 50,000 per
 *       transaction, no importer and no files.
 *   gazette-bench-search size STORE_URL
 *       prints the size of the search index and of the whole database.
 *   gazette-bench-search query STORE_URL COUNT
 *       runs COUNT queries through store_search (page 1, 20 results, with
 *       snippets and the total), a fixed mix of one-, two- and three-word
 *       queries and two-word phrases taken from the headlines of randomly
 *       chosen articles: once to warm up, then three times, keeping each
 *       query's best time; prints p50/p95/p99 per kind and overall.
 *
 * The text is made of a Zipf-distributed vocabulary (exponent 1): English
 * stop words at the top ranks, as in real text, then 40,000 made-up words;
 * one article in ten is Arabic, with Arabic stop words and 10,000 made-up
 * Arabic words. Headlines have 9 words, summaries 28, bodies 150 in three
 * paragraphs. Articles are a minute or so apart over about two years,
 * ids in publication order as a newsroom hands them out. A fixed seed makes
 * runs comparable.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_private.h"

enum {
    ENGLISH_WORDS = 40000,
    ARABIC_WORDS = 10000,
    SECTIONS = 10,
    BATCH = 50000,
    HEADLINE_WORDS = 9,
    SUMMARY_WORDS = 28,
    BODY_WORDS = 150,
};

static const gz_time_t FIRST_PUBLISHED = 1640995200; /* 2022-01-01 */
static const int64_t SECONDS_BETWEEN = 63;

static const char *const english_stop[] = {"the",  "of",   "and",   "to",  "in",   "a",   "for",
                                           "on",   "with", "at",    "by",  "from", "is",  "was",
                                           "that", "it",   "as",    "are", "be",   "has", "have",
                                           "this", "will", "their", "not", "been"};
static const char *const arabic_stop[] = {"في",   "من",   "على", "إلى", "عن", "أن",
                                          "التي", "الذي", "مع",  "كان", "قد", "هذا"};
static const char *const english_syllables[] = {
    "ka", "lo",  "mi",  "ra",  "te",  "su",  "no",  "vi",  "de",  "pa",  "ri", "zo",
    "be", "ta",  "gu",  "fe",  "lu",  "sa",  "mo",  "ne",  "hi",  "jo",  "ku", "wa",
    "ye", "bar", "tin", "mel", "son", "dor", "ash", "ick", "ven", "tor", "lan"};
static const char *const arabic_letters[] = {"ا", "ب", "ت", "ج", "ح", "د", "ر", "س", "ش", "ع",
                                             "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي", "ة"};

typedef struct {
    char **words;
    double *cumulative;
    size_t count;
} vocabulary_t;

static uint64_t random_state = 0x9E3779B97F4A7C15ULL;

static uint64_t next_random(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return random_state;
}

static double random_unit(void)
{
    return (double)(next_random() >> 11) / 9007199254740992.0;
}

static char *made_up_word(const char *const *parts, size_t part_count, int min, int max)
{
    gz_buf_t word = GZ_BUF_INIT;
    int length = min + (int)(next_random() % (uint64_t)(max - min + 1));
    for (int i = 0; i < length; i++)
        gz_buf_append_cstr(&word, parts[next_random() % part_count]);
    return gz_buf_detach(&word, NULL);
}

static void make_vocabulary(vocabulary_t *vocabulary, const char *const *stop, size_t stop_count,
                            const char *const *parts, size_t part_count, size_t made_up, int min,
                            int max)
{
    vocabulary->count = stop_count + made_up;
    vocabulary->words = gz_calloc(vocabulary->count, sizeof *vocabulary->words);
    vocabulary->cumulative = gz_calloc(vocabulary->count, sizeof *vocabulary->cumulative);
    double total = 0;
    for (size_t i = 0; i < vocabulary->count; i++) {
        vocabulary->words[i] =
            i < stop_count ? gz_strdup(stop[i]) : made_up_word(parts, part_count, min, max);
        total += 1.0 / (double)(i + 1);
        vocabulary->cumulative[i] = total;
    }
    for (size_t i = 0; i < vocabulary->count; i++)
        vocabulary->cumulative[i] /= total;
}

static const char *pick_word(const vocabulary_t *vocabulary)
{
    double target = random_unit();
    size_t low = 0, high = vocabulary->count - 1;
    while (low < high) {
        size_t middle = (low + high) / 2;
        if (vocabulary->cumulative[middle] < target)
            low = middle + 1;
        else
            high = middle;
    }
    return vocabulary->words[low];
}

static void append_words(gz_buf_t *out, const vocabulary_t *vocabulary, int count,
                         int paragraph_every)
{
    for (int i = 0; i < count; i++) {
        if (i > 0)
            gz_buf_append_cstr(out,
                               paragraph_every > 0 && i % paragraph_every == 0 ? ".\n\n" : " ");
        gz_buf_append_cstr(out, pick_word(vocabulary));
    }
    gz_buf_append_char(out, '.');
}

/* ---- generate ----------------------------------------------------------------- */

static const char INSERT_SQL[] =
    "INSERT INTO articles (id, slug, headline, summary, body_markdown, body_html, language,"
    " status, is_stub, created_at, updated_at, published_at, sort_key, revision, section_id,"
    " content_type_id) VALUES (?1, 'article', ?2, ?3, ?4, '', ?5, 3, 0, ?6, ?6, ?6, 0, 1, ?7, ?8)";

static int insert_article(sqlite3_stmt *stmt, int64_t id, const vocabulary_t *english,
                          const vocabulary_t *arabic, const int64_t *sections, gz_buf_t *text)
{
    bool is_arabic = next_random() % 10 == 0;
    const vocabulary_t *words = is_arabic ? arabic : english;
    gz_buf_reset(text);
    append_words(text, words, HEADLINE_WORDS, 0);
    size_t headline_end = text->len;
    append_words(text, words, SUMMARY_WORDS, 0);
    size_t summary_end = text->len;
    append_words(text, words, BODY_WORDS, BODY_WORDS / 3);
    gz_time_t published = FIRST_PUBLISHED + id * SECONDS_BETWEEN;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, text->data, (int)headline_end - 1, SQLITE_STATIC); /* no '.' */
    sqlite3_bind_text(stmt, 3, text->data + headline_end, (int)(summary_end - headline_end),
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, text->data + summary_end, (int)(text->len - summary_end),
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, is_arabic ? "ar" : "en", -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 6, published);
    sqlite3_bind_int64(stmt, 7, sections[next_random() % SECTIONS]);
    sqlite3_bind_int64(stmt, 8, next_random() % 10 == 0 ? 21 : 1);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int generate(store_t *store, int64_t count)
{
    vocabulary_t english, arabic;
    make_vocabulary(&english, english_stop, sizeof english_stop / sizeof english_stop[0],
                    english_syllables, sizeof english_syllables / sizeof english_syllables[0],
                    ENGLISH_WORDS, 2, 4);
    make_vocabulary(&arabic, arabic_stop, sizeof arabic_stop / sizeof arabic_stop[0],
                    arabic_letters, sizeof arabic_letters / sizeof arabic_letters[0], ARABIC_WORDS,
                    3, 6);
    int64_t sections[SECTIONS];
    for (int i = 0; i < SECTIONS; i++) {
        char name[32];
        snprintf(name, sizeof name, "Section %d", i + 1);
        if (store_section_ensure(store, name, &sections[i]) != GZ_OK)
            return -1;
    }
    sqlite3 *db = sqlite_connection(store)->db;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, INSERT_SQL, -1, &stmt, NULL) != SQLITE_OK) {
        fprintf(stderr, "generate: %s\n", sqlite3_errmsg(db));
        return -1;
    }
    gz_buf_t text = GZ_BUF_INIT;
    int result = 0;
    for (int64_t id = 1; result == 0 && id <= count; id++) {
        if ((id - 1) % BATCH == 0)
            sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        result = insert_article(stmt, id, &english, &arabic, sections, &text);
        if (id % BATCH == 0 || id == count) {
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
            fprintf(stderr, "\rgenerated %lld/%lld", (long long)id, (long long)count);
        }
    }
    fputc('\n', stderr);
    if (result != 0)
        fprintf(stderr, "generate: %s\n", sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    gz_buf_free(&text);
    return result;
}

/* ---- size ------------------------------------------------------------------------- */

static int64_t single_integer(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    int64_t value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

static int size(store_t *store)
{
    sqlite3 *db = sqlite_connection(store)->db;
    int64_t index =
        single_integer(db, "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_index%'"
                           " OR name LIKE 'search_documents%'");
    int64_t text = single_integer(db, "SELECT SUM(pgsize) FROM dbstat WHERE name = 'articles'");
    int64_t total = single_integer(db, "SELECT page_count * page_size FROM pragma_page_count,"
                                       " pragma_page_size");
    int64_t articles = single_integer(db, "SELECT count(*) FROM search_documents");
    printf("indexed_articles=%lld\nindex_bytes=%lld\narticles_table_bytes=%lld\n"
           "database_bytes=%lld\n",
           (long long)articles, (long long)index, (long long)text, (long long)total);
    return index < 0 ? -1 : 0;
}

/* ---- query ------------------------------------------------------------------------ */

enum { KIND_ONE, KIND_TWO, KIND_THREE, KIND_PHRASE, KIND_COUNT };
static const char *const kind_names[KIND_COUNT] = {"1 word", "2 words", "3 words", "phrase"};

typedef struct {
    char *text;
    int kind;
    double milliseconds;
    size_t total;
    bool more; /* the total is a lower bound */
} bench_query_t;

static bool is_stop(const char *word)
{
    for (size_t i = 0; i < sizeof english_stop / sizeof english_stop[0]; i++)
        if (strcmp(word, english_stop[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof arabic_stop / sizeof arabic_stop[0]; i++)
        if (strcmp(word, arabic_stop[i]) == 0)
            return true;
    return false;
}

/* The headline's words that are not stop words, in order. */
static size_t headline_words(const char *headline, char words[][64], size_t max)
{
    size_t count = 0;
    const char *p = headline;
    while (*p != '\0' && count < max) {
        size_t len = strcspn(p, " .");
        if (len > 0 && len < 64) {
            memcpy(words[count], p, len);
            words[count][len] = '\0';
            if (!is_stop(words[count]))
                count++;
        }
        p += len;
        p += strspn(p, " .");
    }
    return count;
}

static char *make_query(const char words[][64], size_t count, int kind)
{
    gz_buf_t text = GZ_BUF_INIT;
    if (kind == KIND_PHRASE) {
        size_t start = next_random() % (count - 1);
        gz_buf_printf(&text, "\"%s %s\"", words[start], words[start + 1]);
    } else {
        size_t wanted = (size_t)kind + 1, first = next_random() % count;
        for (size_t i = 0; i < wanted; i++) /* distinct words: count >= 4 */
            gz_buf_printf(&text, "%s%s", i > 0 ? " " : "", words[(first + i) % count]);
    }
    return gz_buf_detach(&text, NULL);
}

static int build_mix(sqlite3 *db, bench_query_t *queries, size_t count, gz_time_t *now)
{
    int64_t highest = single_integer(db, "SELECT max(id) FROM search_documents");
    *now = single_integer(db, "SELECT max(published_at) FROM search_documents") + 60;
    sqlite3_stmt *stmt = NULL;
    if (highest <= 0 ||
        sqlite3_prepare_v2(db, "SELECT headline FROM articles WHERE id >= ?1 ORDER BY id LIMIT 1",
                           -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    for (size_t i = 0; i < count;) {
        sqlite3_bind_int64(stmt, 1, 1 + (int64_t)(next_random() % (uint64_t)highest));
        char words[16][64];
        size_t found = 0;
        if (sqlite3_step(stmt) == SQLITE_ROW)
            found = headline_words((const char *)sqlite3_column_text(stmt, 0), words, 16);
        sqlite3_reset(stmt);
        if (found < 4)
            continue;
        queries[i].kind = (int)(i % KIND_COUNT);
        queries[i].text = make_query((const char(*)[64])words, found, queries[i].kind);
        i++;
    }
    sqlite3_finalize(stmt);
    return 0;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static int run_one(store_t *store, bench_query_t *query, gz_time_t now)
{
    gz_pool_t pool = GZ_POOL_INIT;
    store_search_query_t search = {
        .text = query->text, .page_size = 20, .now = now, .recency_days = 30};
    store_search_results_t results;
    double started = now_ms();
    int code = store_search(store, &search, &pool, &results);
    query->milliseconds = now_ms() - started;
    query->total = results.total;
    query->more = results.total_is_lower_bound;
    if (code != GZ_OK)
        fprintf(stderr, "query '%s': %s\n", query->text, store_last_error(store));
    gz_pool_clear(&pool);
    return code;
}

static int compare_doubles(const void *a, const void *b)
{
    double left = *(const double *)a, right = *(const double *)b;
    return left < right ? -1 : left > right ? 1 : 0;
}

static double percentile(const double *sorted, size_t count, double share)
{
    size_t index = (size_t)ceil(share * (double)count);
    return sorted[index > 0 ? index - 1 : 0];
}

static void report(const char *name, const bench_query_t *queries, size_t count, int kind)
{
    double *times = gz_calloc(count, sizeof *times);
    size_t n = 0;
    double hits = 0;
    for (size_t i = 0; i < count; i++) {
        if (kind >= 0 && queries[i].kind != kind)
            continue;
        times[n++] = queries[i].milliseconds;
        hits += (double)queries[i].total;
    }
    qsort(times, n, sizeof *times, compare_doubles);
    printf("latency %s: n=%zu p50=%.2f p95=%.2f p99=%.2f max=%.2f mean_total=%.0f\n", name, n,
           percentile(times, n, 0.50), percentile(times, n, 0.95), percentile(times, n, 0.99),
           times[n - 1], hits / (double)n);
    free(times);
}

/* mix_source: the SQLite store the queries are drawn from (the store
 * itself, or a SQLite copy of a PostgreSQL one, so both backends answer
 * the very same queries). */
static int query(store_t *store, size_t count, store_t *mix_source)
{
    bench_query_t *queries = gz_calloc(count, sizeof *queries);
    gz_time_t now = 0;
    if (build_mix(sqlite_connection(mix_source)->db, queries, count, &now) != 0) {
        fprintf(stderr, "query: the store has no indexed articles\n");
        return -1;
    }
    /* A pass to warm the caches, then each query's best of three runs, so
     * that another process on the machine does not decide the tail. */
    double *best = gz_calloc(count, sizeof *best);
    for (int pass = 0; pass < 4; pass++) {
        for (size_t i = 0; i < count; i++) {
            if (run_one(store, &queries[i], now) != GZ_OK)
                return -1;
            if (pass == 1 || (pass > 1 && queries[i].milliseconds < best[i]))
                best[i] = queries[i].milliseconds;
        }
    }
    for (size_t i = 0; i < count; i++)
        queries[i].milliseconds = best[i];
    free(best);
    for (int kind = 0; kind < KIND_COUNT; kind++)
        report(kind_names[kind], queries, count, kind);
    report("all", queries, count, -1);
    for (size_t i = 0; i < 8 && i < count; i++)
        printf("example: %s (%zu%s matches, %.2f ms)\n", queries[i].text, queries[i].total,
               queries[i].more ? "+" : "", queries[i].milliseconds);
    for (int slowest = 0; slowest < 5; slowest++) {
        size_t worst = 0;
        for (size_t i = 1; i < count; i++)
            worst = queries[i].milliseconds > queries[worst].milliseconds ? i : worst;
        printf("slowest: %s (%zu%s matches, %.2f ms)\n", queries[worst].text, queries[worst].total,
               queries[worst].more ? "+" : "", queries[worst].milliseconds);
        queries[worst].milliseconds = -1;
    }
    for (size_t i = 0; i < count; i++)
        free(queries[i].text);
    free(queries);
    return 0;
}

static int query_from(store_t *store, size_t count, const char *mix_url)
{
    if (mix_url == NULL)
        return query(store, count, store);
    gz_buf_t error = GZ_BUF_INIT;
    store_t *mix_source = NULL;
    int result = -1;
    if (strncmp(mix_url, "sqlite:", 7) != 0)
        fprintf(stderr, "the query mix comes from a sqlite: store\n");
    else if (store_open(mix_url, &mix_source, &error) != GZ_OK)
        fprintf(stderr, "%s\n", gz_buf_cstr(&error));
    else
        result = query(store, count, mix_source);
    store_close(mix_source);
    gz_buf_free(&error);
    return result;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s generate|size|query STORE_URL [COUNT [MIX_SQLITE_URL]]\n",
                argv[0]);
        return 2;
    }
    gz_buf_t error = GZ_BUF_INIT;
    store_t *store = NULL;
    if (store_open(argv[2], &store, &error) != GZ_OK || store_migrate(store) != GZ_OK) {
        fprintf(stderr, "%s%s\n", gz_buf_cstr(&error), store_last_error(store));
        return 1;
    }
    int64_t count = argc > 3 ? strtoll(argv[3], NULL, 10) : 0;
    int result = -1;
    if (strcmp(argv[1], "generate") == 0 && count > 0)
        result = generate(store, count);
    else if (strcmp(argv[1], "size") == 0)
        result = size(store);
    else if (strcmp(argv[1], "query") == 0 && count > 0)
        result = query_from(store, (size_t)count, argc > 4 ? argv[4] : NULL);
    else
        fprintf(stderr, "unknown command or count\n");
    store_close(store);
    gz_buf_free(&error);
    return result == 0 ? 0 : 1;
}
