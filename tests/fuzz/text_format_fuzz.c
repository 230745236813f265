/*
 * libFuzzer target for the text-format parser (src/ingest/text_format.c).
 *
 * The parser reads files from other systems, so every input must give
 * either a parsed article or GZ_EPARSE with a "FILE:..." message: never a
 * crash, a leak, or a result that breaks the guarantees the importer relies
 * on (valid UTF-8 everywhere, a headline, as many stubs as related items).
 * Seed it with the sample and the demo folder:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     tests/fuzz/text_format_fuzz.c src/ingest/text_format.c src/content/[a-z]*.c \
 *     src/base/[a-z]*.c $(pkg-config --cflags --libs jansson libsodium libutf8proc \
 *     libcmark-gfm inih) -lm -o text_format_fuzz
 *   mkdir -p corpus && cp ../shared/samples/[0-9]*.txt demo/[0-9]*.txt corpus/
 *   ./text_format_fuzz corpus
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const content_type_t FUZZ_CONTENT_TYPES[] = {
    {1, "article", "Article", NULL},
    {21, "video", "Video", "VIDEO"},
    {22, "photo", "Photos", "PHOTOS"},
};

static const ingest_options_t FUZZ_OPTIONS = {
    .site_language = "en",
    .content_types = FUZZ_CONTENT_TYPES,
    .content_type_count = sizeof FUZZ_CONTENT_TYPES / sizeof FUZZ_CONTENT_TYPES[0],
};

static void require(bool condition)
{
    if (!condition)
        abort();
}

static bool valid_text(const char *text)
{
    return text == NULL || gz_utf8_valid(text, strlen(text));
}

static void check_article(const content_article_t *article)
{
    require(article->headline != NULL && article->headline[0] != '\0');
    require(valid_text(article->headline) && valid_text(article->summary) &&
            valid_text(article->body_markdown) && valid_text(article->body_html) &&
            valid_text(article->dateline) && valid_text(article->section.name) &&
            valid_text(article->editor_code) && valid_text(article->lead_image));
    require(article->language != NULL);
}

static void check_parsed(const ingest_parsed_t *parsed)
{
    check_article(&parsed->article);
    require(parsed->article.source_ref != NULL);
    require(parsed->article.section.name != NULL);
    require(parsed->stub_count == parsed->article.related_count);
    for (size_t i = 0; i < parsed->stub_count; i++) {
        check_article(&parsed->stubs[i]);
        require(parsed->stubs[i].is_stub && parsed->stubs[i].id > 0);
        require(parsed->article.related[i].id == parsed->stubs[i].id);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool started = false;
    if (!started) {
        gz_time_set_zone("UTC");
        started = true;
    }
    gz_pool_t pool = GZ_POOL_INIT;
    gz_buf_t error = GZ_BUF_INIT;
    ingest_parsed_t parsed;
    int rc = ingest_text_parse("fuzz.txt", (const char *)data, size, &FUZZ_OPTIONS, &pool, &parsed,
                               &error);
    if (rc == GZ_OK) {
        require(error.len == 0);
        check_parsed(&parsed);
    } else {
        require(rc == GZ_EPARSE);
        require(strncmp(gz_buf_cstr(&error), "fuzz.txt:", 9) == 0);
    }
    gz_pool_clear(&pool);
    gz_buf_free(&error);
    return 0;
}
