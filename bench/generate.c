/*
 * generate.c: fills a store with N synthetic articles for the benchmarks,
 * through the public store API (so the schema's triggers, indexes and
 * counters are exercised as in production), in transactions of 5,000.
 *
 * The articles look like a news archive: eight sections, headlines and
 * bodies of realistic length, two related links each, a picture path in
 * the sample's form, and publication times spread over ten years. The
 * words are drawn from a fixed seed so runs are comparable.
 *
 * usage: gazette-bench-generate STORE_URL COUNT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/content.h"
#include "store/store.h"

enum { BATCH = 5000, SECTION_COUNT = 8, PARAGRAPHS = 6 };

static const char *const words[] = {
    "government", "minister",  "city",   "council",  "election", "market",   "price",
    "energy",     "water",     "school", "hospital", "court",    "report",   "border",
    "talks",      "agreement", "storm",  "flood",    "harvest",  "festival", "museum",
    "league",     "final",     "record", "science",  "study",    "climate",  "ocean",
    "railway",    "airport",   "budget", "tax",      "workers",  "union",    "protest",
    "peace",      "aid",       "convoy", "refugees", "doctors",  "vaccine",  "research",
    "satellite",  "launch",    "bank",   "currency", "exports",  "factory",  "village",
};
static const char *const sections[SECTION_COUNT] = {"World",   "Business", "Science", "Sports",
                                                    "Culture", "Syria",    "Health",  "Technology"};

static uint64_t random_state = 88172645463325252ULL;

static uint64_t next_random(void)
{
    random_state ^= random_state << 13; /* xorshift64: fast and repeatable */
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return random_state;
}

static const char *random_word(void)
{
    return words[next_random() % (sizeof words / sizeof words[0])];
}

static void append_sentence(gz_buf_t *buf, size_t word_count, bool capitalize)
{
    for (size_t i = 0; i < word_count; i++) {
        const char *word = random_word();
        if (i == 0 && capitalize) {
            gz_buf_printf(buf, "%c%s", word[0] - 32, word + 1);
        } else {
            gz_buf_printf(buf, " %s", word);
        }
    }
}

/* Publication times end at the archive's newest article, 2025-11-24, and
 * step back evenly over at most ten years, so every article is live. */
static gz_time_t published_at(int64_t id, int64_t count)
{
    const gz_time_t newest = 1764000000, span = 10 * 365 * 86400;
    gz_time_t step = span / count < 3000 ? span / count : 3000;
    return newest - (count - id) * (step > 0 ? step : 1);
}

static void make_article(content_article_t *article, int64_t id, int64_t count,
                         const int64_t *section_ids, gz_buf_t texts[4])
{
    for (size_t i = 0; i < 4; i++) {
        gz_buf_reset(&texts[i]);
    }
    append_sentence(&texts[0], 8, true);
    gz_buf_printf(&texts[0], " %lld", (long long)id);
    append_sentence(&texts[1], 30, true);
    gz_buf_append_char(&texts[1], '.');
    for (size_t p = 0; p < PARAGRAPHS; p++) {
        append_sentence(&texts[2], 60, true);
        gz_buf_append_cstr(&texts[2], ".\n\n");
    }
    content_markdown_to_html(&texts[3], texts[2].data, texts[2].len);
    gz_buf_t slug = GZ_BUF_INIT;
    content_slug_append(&slug, texts[0].data);
    gz_time_t published = published_at(id, count);
    *article = (content_article_t){
        .id = id,
        .slug = gz_buf_detach(&slug, NULL),
        .headline = texts[0].data,
        .summary = texts[1].data,
        .body_markdown = texts[2].data,
        .body_html = texts[3].data,
        .dateline = "Gazette",
        .language = "en",
        .editor_code = "GZ - 1",
        .lead_image = "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg",
        .status = CONTENT_PUBLISHED,
        .published_at = published,
        .updated_at = published,
        .created_at = published,
        .sort_key = id,
    };
    article->section.id = section_ids[next_random() % SECTION_COUNT];
    article->content_type.id = id % 10 == 0 ? 21 : 1;
}

static int generate(store_t *store, int64_t count)
{
    int64_t section_ids[SECTION_COUNT];
    for (size_t i = 0; i < SECTION_COUNT; i++) {
        if (store_section_ensure(store, sections[i], &section_ids[i]) != GZ_OK) {
            return GZ_EIO;
        }
    }
    gz_buf_t texts[4] = {GZ_BUF_INIT, GZ_BUF_INIT, GZ_BUF_INIT, GZ_BUF_INIT};
    content_related_t related[2];
    int code = GZ_OK;
    for (int64_t id = 1; code == GZ_OK && id <= count; id++) {
        if ((id - 1) % BATCH == 0 && (code = store_begin(store)) != GZ_OK) {
            break;
        }
        content_article_t article;
        make_article(&article, id, count, section_ids, texts);
        if (id > 2) {
            related[0] = (content_related_t){.id = id - 1};
            related[1] =
                (content_related_t){.id = 1 + (int64_t)(next_random() % (uint64_t)(id - 2))};
            article.related = related;
            article.related_count = 2;
        }
        code = store_article_put(store, &article);
        free((char *)article.slug);
        if (code == GZ_OK && (id % BATCH == 0 || id == count)) {
            code = store_commit(store);
            if (isatty(STDERR_FILENO)) {
                fprintf(stderr, "\rgenerated %lld of %lld articles", (long long)id,
                        (long long)count);
            }
        }
    }
    fprintf(stderr, "%sgenerated %lld articles\n", isatty(STDERR_FILENO) ? "\n" : "",
            (long long)count);
    for (size_t i = 0; i < 4; i++) {
        gz_buf_free(&texts[i]);
    }
    return code;
}

int main(int argc, char **argv)
{
    int64_t count = 0;
    if (argc != 3 || gz_parse_int64(gz_str_from_cstr(argv[2]), &count) != GZ_OK || count < 1) {
        fprintf(stderr, "usage: gazette-bench-generate STORE_URL COUNT\n");
        return 2;
    }
    gz_buf_t error = GZ_BUF_INIT;
    store_t *store = NULL;
    int code = store_open(argv[1], &store, &error);
    if (code == GZ_OK) {
        code = store_migrate(store);
    }
    if (code == GZ_OK) {
        code = generate(store, count);
    }
    if (code != GZ_OK) {
        fprintf(stderr, "gazette-bench-generate: %s%s\n", gz_buf_cstr(&error),
                store != NULL ? store_last_error(store) : "");
    }
    store_close(store);
    gz_buf_free(&error);
    return code == GZ_OK ? 0 : 1;
}
