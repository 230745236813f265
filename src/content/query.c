/*
 * query.c: what a reader types into the search box, read the way a reader
 * would guess: words (all must match), "exact phrase", -word to exclude,
 * OR between two items. The parser is backend-neutral (it builds clauses
 * of items, not SQL): the SQLite backend turns them into an FTS5 MATCH
 * expression in which every item is a quoted string, and PostgreSQL will
 * turn the same clauses into a tsquery, so both read a query alike.
 *
 * It never fails and never rejects: an unclosed quote is a space, a '-'
 * or OR with nothing to apply to is ignored, and an item that has no
 * searchable term (a stop word, punctuation) is dropped here, using the
 * same tokenizer as the index, because an empty item would otherwise make
 * the whole query match nothing. Typographic quotes (“ ” „ « ») count as
 * quotes, since phones type them.
 */
#include "content/content.h"

#include <string.h>

typedef enum { LEXEME_ITEM, LEXEME_OR } lexeme_kind_t;

typedef struct {
    lexeme_kind_t kind;
    const char *start;
    size_t len;
    bool phrase;
    bool excluded;
} lexeme_t;

typedef struct {
    const char *text;
    size_t len;
    size_t at;
} lexer_t;

/* NUL counts as a space, so no item holds one (items are C strings). */
static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '\0';
}

/* The length of a quote character at p (" “ ” „ « »), or 0. */
static size_t quote_length(const char *p, size_t available)
{
    const unsigned char *u = (const unsigned char *)p;
    if (available >= 1 && u[0] == '"') {
        return 1;
    }
    if (available >= 2 && u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB)) {
        return 2; /* « » */
    }
    if (available >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] >= 0x9C && u[2] <= 0x9E)) {
        return 3; /* “ ” „ */
    }
    return 0;
}

static void skip_spaces(lexer_t *lexer)
{
    while (lexer->at < lexer->len && is_space((unsigned char)lexer->text[lexer->at])) {
        lexer->at++;
    }
}

/* The position of the next quote at or after from, or len. */
static size_t find_quote(const lexer_t *lexer, size_t from)
{
    for (size_t i = from; i < lexer->len; i++) {
        if (quote_length(lexer->text + i, lexer->len - i) > 0) {
            return i;
        }
    }
    return lexer->len;
}

/* Reads a phrase starting at a quote; false (and nothing consumed) when the
 * quote is never closed, so the caller reads on as plain words. */
static bool read_phrase(lexer_t *lexer, lexeme_t *out)
{
    size_t open = quote_length(lexer->text + lexer->at, lexer->len - lexer->at);
    size_t start = lexer->at + open;
    size_t close = find_quote(lexer, start);
    if (close >= lexer->len) {
        return false;
    }
    out->start = lexer->text + start;
    out->len = close - start;
    out->phrase = true;
    lexer->at = close + quote_length(lexer->text + close, lexer->len - close);
    return true;
}

static void read_word(lexer_t *lexer, lexeme_t *out)
{
    size_t start = lexer->at;
    while (lexer->at < lexer->len && !is_space((unsigned char)lexer->text[lexer->at]) &&
           quote_length(lexer->text + lexer->at, lexer->len - lexer->at) == 0) {
        lexer->at++;
    }
    out->start = lexer->text + start;
    out->len = lexer->at - start;
}

/* Reads the next lexeme; false at the end of the text. */
static bool next_lexeme(lexer_t *lexer, lexeme_t *out)
{
    for (;;) {
        skip_spaces(lexer);
        if (lexer->at >= lexer->len) {
            return false;
        }
        *out = (lexeme_t){.kind = LEXEME_ITEM};
        char first = lexer->text[lexer->at];
        if ((first == '-' || first == '+') && lexer->at + 1 < lexer->len &&
            !is_space((unsigned char)lexer->text[lexer->at + 1])) {
            out->excluded = first == '-';
            lexer->at++;
        }
        if (quote_length(lexer->text + lexer->at, lexer->len - lexer->at) > 0) {
            if (read_phrase(lexer, out)) {
                return true;
            }
            /* An unclosed quote reads as a space. */
            lexer->at += quote_length(lexer->text + lexer->at, lexer->len - lexer->at);
            continue;
        }
        read_word(lexer, out);
        if (!out->excluded && out->len == 2 && memcmp(out->start, "OR", 2) == 0) {
            out->kind = LEXEME_OR;
        }
        return true;
    }
}

/* ---- building clauses ----------------------------------------------------- */

static int stop_at_first_term(void *context, const char *term, size_t term_len, size_t start,
                              size_t end)
{
    (void)context;
    (void)term;
    (void)term_len;
    (void)start;
    (void)end;
    return 1;
}

static bool has_terms(content_tokenizer_t *tokenizer, const lexeme_t *lexeme)
{
    return content_tokenize(tokenizer, lexeme->start, lexeme->len, stop_at_first_term, NULL) == 1;
}

typedef struct {
    gz_pool_t *pool;
    content_query_t *query;
    content_query_item_t items[CONTENT_QUERY_MAX_ITEMS];
    size_t clause_of[CONTENT_QUERY_MAX_ITEMS]; /* the clause each item belongs to */
    size_t item_count;
    size_t clause_count;
} builder_t;

static void add_item(builder_t *builder, const lexeme_t *lexeme, bool new_clause)
{
    content_query_item_t *item = &builder->items[builder->item_count];
    char *text = gz_pool_alloc(builder->pool, lexeme->len + 1);
    for (size_t i = 0; i < lexeme->len; i++) {
        /* A NUL inside a phrase separates words, as the tokenizer reads it. */
        text[i] = lexeme->start[i] != '\0' ? lexeme->start[i] : ' ';
    }
    text[lexeme->len] = '\0';
    item->text = text;
    item->phrase = lexeme->phrase;
    item->excluded = lexeme->excluded;
    if (new_clause) {
        builder->clause_count++;
    }
    builder->clause_of[builder->item_count++] = builder->clause_count - 1;
}

static bool last_clause_is_positive(const builder_t *builder)
{
    return builder->item_count > 0 && !builder->items[builder->item_count - 1].excluded;
}

/* Turns the flat list of items into clauses in pool memory. A clause's
 * items are contiguous: OR only ever joins the newest clause. */
static void finish(builder_t *builder)
{
    content_query_t *query = builder->query;
    if (builder->item_count == 0) {
        return;
    }
    content_query_item_t *items = gz_pool_calloc(builder->pool, builder->item_count, sizeof *items);
    memcpy(items, builder->items, builder->item_count * sizeof *items);
    query->clauses = gz_pool_calloc(builder->pool, builder->clause_count, sizeof *query->clauses);
    query->count = builder->clause_count;
    for (size_t i = 0; i < builder->item_count; i++) {
        content_query_clause_t *clause = &query->clauses[builder->clause_of[i]];
        if (clause->count == 0) {
            clause->items = &items[i];
        }
        clause->count++;
    }
    for (size_t c = 0; c < query->count; c++) {
        if (!query->clauses[c].items[0].excluded) {
            query->positive++;
        }
    }
}

void content_query_parse(content_tokenizer_t *tokenizer, const char *text, size_t len,
                         gz_pool_t *pool, content_query_t *out)
{
    *out = (content_query_t){0};
    if (tokenizer == NULL || text == NULL || pool == NULL) {
        return;
    }
    builder_t builder = {.pool = pool, .query = out};
    lexer_t lexer = {text, len, 0};
    lexeme_t lexeme;
    bool pending_or = false;
    while (builder.item_count < CONTENT_QUERY_MAX_ITEMS && next_lexeme(&lexer, &lexeme)) {
        if (lexeme.kind == LEXEME_OR) {
            pending_or = last_clause_is_positive(&builder);
            continue;
        }
        if (!has_terms(tokenizer, &lexeme)) {
            continue;
        }
        bool joins = pending_or && !lexeme.excluded && last_clause_is_positive(&builder);
        add_item(&builder, &lexeme, !joins);
        pending_or = false;
    }
    bool any_positive = false;
    for (size_t i = 0; i < builder.item_count; i++) {
        any_positive = any_positive || !builder.items[i].excluded;
    }
    for (size_t i = 0; !any_positive && i < builder.item_count; i++) {
        builder.items[i].excluded = false; /* only exclusions: read them as words */
    }
    finish(&builder);
}
