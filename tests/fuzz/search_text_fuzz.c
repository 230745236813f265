/*
 * libFuzzer target for the search tokenizer and the reader's query parser
 * (src/content/text.c, query.c).
 *
 * Any bytes are fed to both. The tokenizer must report terms in order,
 * each non-empty and valid UTF-8, with byte ranges inside the input that
 * do not overlap and start and end on character boundaries of valid
 * stretches; the parser must return at most CONTENT_QUERY_MAX_ITEMS items,
 * each with text that has a search term, no empty clause, and a positive
 * clause whenever there is any clause.
 *
 * Build (not part of the meson build):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     tests/fuzz/search_text_fuzz.c src/content/text.c src/content/query.c \
 *     src/base/[a-z]*.c -linih -lutf8proc -lstemmer -o search_text_fuzz
 */
#include "content/content.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t last_end;
} check_t;

static int check_term(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    check_t *check = context;
    if (term_len == 0 || !gz_utf8_valid(term, term_len))
        abort();
    if (start >= end || end > check->size || start < check->last_end)
        abort();
    if (!gz_utf8_valid((const char *)check->data + start, end - start))
        abort();
    check->last_end = end;
    return 0;
}

static int any_term(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    (void)context;
    (void)term;
    (void)term_len;
    (void)start;
    (void)end;
    return 1;
}

static void check_query(content_tokenizer_t *tokenizer, const content_query_t *query)
{
    size_t items = 0;
    for (size_t c = 0; c < query->count; c++) {
        const content_query_clause_t *clause = &query->clauses[c];
        if (clause->count == 0)
            abort();
        for (size_t i = 0; i < clause->count; i++) {
            const char *text = clause->items[i].text;
            if (content_tokenize(tokenizer, text, strlen(text), any_term, NULL) != 1)
                abort();
            items++;
        }
    }
    if (items > CONTENT_QUERY_MAX_ITEMS || (query->count > 0 && query->positive == 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static content_tokenizer_t *tokenizer;
    if (tokenizer == NULL)
        tokenizer = content_tokenizer_new();
    check_t check = {data, size, 0};
    content_tokenize(tokenizer, (const char *)data, size, check_term, &check);
    gz_pool_t pool = GZ_POOL_INIT;
    content_query_t query;
    content_query_parse(tokenizer, (const char *)data, size, &pool, &query);
    check_query(tokenizer, &query);
    gz_pool_clear(&pool);
    return 0;
}
