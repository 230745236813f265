/*
 * search_bench.c: the search benchmark's tool (bench/search.sh runs it).
 *
 *   gazette-bench-search generate STORE_URL COUNT
 *       fills a migrated store with COUNT live articles through
 *       store_article_put, 50,000 per transaction (so the schema's
 *       triggers index each one as a publish would), no importer and no
 *       files. Each put also queues the article's automatic related list;
 *       a commit computes eight of them and the rest stay queued, which
 *       search does not read.
 *   gazette-bench-search query STORE_URL COUNT [MIX_STORE_URL]
 *       runs COUNT queries through store_search (page 1, 20 results, with
 *       snippets and the total), a fixed mix of one-, two- and three-word
 *       queries and two-word phrases taken from the headlines of randomly
 *       chosen articles (store_article_get of random ids up to the newest
 *       live article's, from MIX_STORE_URL when given, so that two
 *       backends answer the same queries): once to warm up, then three
 *       times, keeping each query's best time; prints p50/p95/p99 per kind
 *       and overall.
 *
 * Only the public store API is used, so the tool works on any backend;
 * the sizes of the index and of the database file, which that API does
 * not tell, are read by bench/search.sh itself.
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

#include "base/base.h"
#include "content/content.h"
#include "store/store.h"

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

/* count words, a blank line every paragraph_every words (0: none), then end. */
static void append_words(gz_buf_t *out, const vocabulary_t *vocabulary, int count,
                         int paragraph_every, const char *end)
{
    for (int i = 0; i < count; i++) {
        if (i > 0)
            gz_buf_append_cstr(out,
                               paragraph_every > 0 && i % paragraph_every == 0 ? ".\n\n" : " ");
        gz_buf_append_cstr(out, pick_word(vocabulary));
    }
    gz_buf_append_cstr(out, end);
}

/* ---- generate ----------------------------------------------------------------- */

typedef struct {
    gz_buf_t headline, summary, body;
} article_text_t;

/* The random numbers are drawn in the same order as when this tool wrote
 * rows with its own INSERT, so the archive's text, sections and types are
 * the same as in earlier results. */
static int put_article(store_t *store, int64_t id, const vocabulary_t *english,
                       const vocabulary_t *arabic, const int64_t *sections, article_text_t *text)
{
    bool is_arabic = next_random() % 10 == 0;
    const vocabulary_t *words = is_arabic ? arabic : english;
    gz_buf_reset(&text->headline);
    gz_buf_reset(&text->summary);
    gz_buf_reset(&text->body);
    append_words(&text->headline, words, HEADLINE_WORDS, 0, "");
    append_words(&text->summary, words, SUMMARY_WORDS, 0, ".");
    append_words(&text->body, words, BODY_WORDS, BODY_WORDS / 3, ".");
    gz_time_t published = FIRST_PUBLISHED + id * SECONDS_BETWEEN;
    content_article_t article = {
        .id = id,
        .slug = "article",
        .headline = text->headline.data,
        .summary = text->summary.data,
        .body_markdown = text->body.data,
        .body_html = "",
        .language = is_arabic ? "ar" : "en",
        .status = CONTENT_PUBLISHED,
        .created_at = published,
        .updated_at = published,
        .published_at = published,
    };
    article.section.id = sections[next_random() % SECTIONS];
    article.content_type.id = next_random() % 10 == 0 ? 21 : 1; /* 21: video, seeded */
    return store_article_put(store, &article);
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
        if (store_section_ensure(store, name, &sections[i]) != GZ_OK) {
            fprintf(stderr, "generate: %s\n", store_last_error(store));
            return -1;
        }
    }
    article_text_t text = {GZ_BUF_INIT, GZ_BUF_INIT, GZ_BUF_INIT};
    int code = GZ_OK;
    for (int64_t id = 1; code == GZ_OK && id <= count; id++) {
        if ((id - 1) % BATCH == 0 && (code = store_begin(store)) != GZ_OK)
            break;
        code = put_article(store, id, &english, &arabic, sections, &text);
        if (code == GZ_OK && (id % BATCH == 0 || id == count)) {
            code = store_commit(store);
            fprintf(stderr, "\rgenerated %lld/%lld", (long long)id, (long long)count);
        }
    }
    fputc('\n', stderr);
    if (code != GZ_OK) {
        fprintf(stderr, "generate: %s\n", store_last_error(store));
        store_rollback(store);
    }
    gz_buf_free(&text.headline);
    gz_buf_free(&text.summary);
    gz_buf_free(&text.body);
    return code == GZ_OK ? 0 : -1;
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

/* The newest live article: its id is the highest (ids are in publication
 * order) and its time is the "now" the queries are run at. */
static int newest_article(store_t *store, int64_t *highest, gz_time_t *now)
{
    gz_pool_t pool = GZ_POOL_INIT;
    store_article_query_t newest = {.live_only = true, .now = gz_now(), .limit = 1};
    content_article_list_t list;
    int code = store_article_list(store, &newest, &pool, &list);
    if (code == GZ_OK && list.count == 1) {
        *highest = list.items[0].id;
        *now = list.items[0].published_at + 60;
    }
    gz_pool_clear(&pool);
    return code == GZ_OK && list.count == 1 ? 0 : -1;
}

static int build_mix(store_t *store, bench_query_t *queries, size_t count, gz_time_t *now)
{
    int64_t highest = 0;
    if (newest_article(store, &highest, now) != 0)
        return -1;
    gz_pool_t pool = GZ_POOL_INIT;
    int code = GZ_OK;
    for (size_t i = 0; i < count; gz_pool_clear(&pool)) {
        int64_t id = 1 + (int64_t)(next_random() % (uint64_t)highest);
        content_article_t *article = NULL;
        code = store_article_get(store, id, &pool, &article);
        if (code == GZ_ENOTFOUND)
            continue;
        if (code != GZ_OK)
            break;
        char words[16][64];
        size_t found = headline_words(article->headline, words, 16);
        if (found < 4)
            continue;
        queries[i].kind = (int)(i % KIND_COUNT);
        queries[i].text = make_query((const char(*)[64])words, found, queries[i].kind);
        i++;
    }
    gz_pool_clear(&pool);
    return code == GZ_OK ? 0 : -1;
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

/* mix_source: the store the queries are drawn from (the store itself, or
 * the SQLite original of a PostgreSQL copy, so both backends answer the
 * very same queries). */
static int query(store_t *store, size_t count, store_t *mix_source)
{
    bench_query_t *queries = gz_calloc(count, sizeof *queries);
    gz_time_t now = 0;
    if (build_mix(mix_source, queries, count, &now) != 0) {
        fprintf(stderr, "query: the store has no live articles (%s)\n",
                store_last_error(mix_source));
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
    if (store_open(mix_url, &mix_source, &error) != GZ_OK)
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
        fprintf(stderr, "usage: %s generate|query STORE_URL COUNT [MIX_STORE_URL]\n", argv[0]);
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
    else if (strcmp(argv[1], "query") == 0 && count > 0)
        result = query_from(store, (size_t)count, argc > 4 ? argv[4] : NULL);
    else
        fprintf(stderr, "unknown command or count\n");
    store_close(store);
    gz_buf_free(&error);
    return result == 0 ? 0 : 1;
}
