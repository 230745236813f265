/*
 * search_text.c: search's plain C, shared by both backends (see
 * search_text.h): BM25 and its IDF, the recency boost, language subtags,
 * marked text to HTML, and the highlighting and passage choice that FTS5
 * does for SQLite, redone here for PostgreSQL.
 *
 * Highlighting works on tokens: the text is tokenized as the index reads
 * it (content_tokenize, positions counting only the terms it emits), each
 * position where a phrase's terms follow one another is an instance, and
 * instances that overlap are marked as one. A passage is chosen as FTS5
 * 3.40's snippet() chooses it: for each instance, a window of
 * SEARCH_SNIPPET_TOKENS tokens centred on the instances it holds, scored
 * 1000 per distinct phrase and 1 per repeat, or the window starting at
 * the sentence before the instance, with a bonus of 100 (120 for the
 * first sentence); the first best window wins. Keeping these rules
 * exactly is what makes a PostgreSQL result page read like a SQLite one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/search_text.h"

/* ---- numbers ----------------------------------------------------------- */

double search_idf(int64_t total, int64_t documents)
{
    double idf = log(((double)total - (double)documents + 0.5) / ((double)documents + 0.5));
    return idf > 1e-6 ? idf : 1e-6;
}

double search_recency(double now, double published, double half_life)
{
    if (half_life <= 0)
        return 0.0;
    double age = now > published ? now - published : 0.0;
    return exp2(-age / half_life);
}

double search_bm25(const double *idf, const double *frequency, size_t count, double length,
                   double average_length)
{
    const double k1 = 1.2, b = 0.75;
    double score = 0;
    double norm = k1 * (1 - b + b * length / average_length);
    for (size_t i = 0; i < count; i++)
        score += idf[i] * frequency[i] * (k1 + 1) / (frequency[i] + norm);
    return score;
}

bool search_primary_language(const char *language, char *out, size_t size)
{
    size_t len = 0;
    if (language == NULL)
        return false;
    for (; language[len] != '\0' && language[len] != '-' && language[len] != '_'; len++) {
        char c = language[len];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter || len + 1 >= size)
            return false;
        out[len] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[len] = '\0';
    return len >= 2 && len <= 8;
}

/* ---- marked text to HTML ------------------------------------------------ */

static bool is_ascii_punctuation(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

/* Appends text escaped for HTML; for Markdown (the body) a backslash that
 * escapes punctuation is dropped, as a rendered page would show it. */
static void append_text(gz_buf_t *html, const char *text, size_t len, bool markdown)
{
    size_t start = 0;
    for (size_t i = 0; markdown && i + 1 < len; i++) {
        if (text[i] == '\\' && is_ascii_punctuation(text[i + 1])) {
            gz_buf_append_html(html, text + start, i - start);
            start = i + 1;
            i++;
        }
    }
    gz_buf_append_html(html, text + start, len - start);
}

bool search_has_marker(const char *text)
{
    return text != NULL && strstr(text, SEARCH_MARK_OPEN) != NULL;
}

const char *search_marked_html(gz_pool_t *pool, const char *text, bool markdown)
{
    static const char open[] = SEARCH_MARK_OPEN, close[] = SEARCH_MARK_CLOSE;
    gz_buf_t html = GZ_BUF_INIT;
    bool marking = false;
    const char *p = text != NULL ? text : "";
    while (*p != '\0') {
        const char *marker = strstr(p, "\xee\x80");
        while (marker != NULL && marker[2] != open[2] && marker[2] != close[2])
            marker = strstr(marker + 1, "\xee\x80");
        size_t plain = marker != NULL ? (size_t)(marker - p) : strlen(p);
        append_text(&html, p, plain, markdown);
        if (marker == NULL)
            break;
        bool opening = marker[2] == open[2];
        if (opening && !marking)
            gz_buf_append_cstr(&html, "<mark>");
        else if (!opening && marking)
            gz_buf_append_cstr(&html, "</mark>");
        marking = opening;
        p = marker + 3;
    }
    if (marking)
        gz_buf_append_cstr(&html, "</mark>");
    const char *copy = gz_pool_strndup(pool, html.data != NULL ? html.data : "", html.len);
    gz_buf_free(&html);
    return copy;
}

/* ---- a query's phrases ------------------------------------------------- */

typedef struct {
    search_phrases_t *phrases;
    gz_pool_t *pool;
    size_t terms; /* counted, or filled so far */
    bool filling;
} phrase_builder_t;

long search_phrases_term(const search_phrases_t *phrases, const char *term, size_t len)
{
    for (size_t i = 0; i < phrases->term_count; i++) {
        if (strncmp(phrases->terms[i], term, len) == 0 && phrases->terms[i][len] == '\0')
            return (long)i;
    }
    return -1;
}

static int add_phrase_term(void *context, const char *term, size_t term_len, size_t start,
                           size_t end)
{
    (void)start;
    (void)end;
    phrase_builder_t *builder = context;
    search_phrases_t *phrases = builder->phrases;
    if (builder->filling) {
        long id = search_phrases_term(phrases, term, term_len);
        if (id < 0) {
            id = (long)phrases->term_count;
            phrases->terms[phrases->term_count++] = gz_pool_strndup(builder->pool, term, term_len);
        }
        phrases->term_ids[builder->terms] = (size_t)id;
    }
    builder->terms++;
    return 0;
}

/* Calls each phrase's text through the tokenizer: counting, or filling. */
static void walk_phrases(content_tokenizer_t *tokenizer, const content_query_t *query,
                         phrase_builder_t *builder)
{
    search_phrases_t *phrases = builder->phrases;
    size_t phrase = 0;
    for (size_t c = 0; c < query->count; c++) {
        const content_query_clause_t *clause = &query->clauses[c];
        for (size_t i = 0; i < clause->count && !clause->items[0].excluded; i++) {
            size_t before = builder->terms;
            const char *text = clause->items[i].text;
            content_tokenize(tokenizer, text, strlen(text), add_phrase_term, builder);
            if (builder->filling) {
                phrases->first[phrase] = before;
                phrases->size[phrase] = builder->terms - before;
            }
            phrase++;
        }
    }
    phrases->count = phrase;
}

void search_phrases_of_query(content_tokenizer_t *tokenizer, const content_query_t *query,
                             gz_pool_t *pool, search_phrases_t *out)
{
    *out = (search_phrases_t){0};
    phrase_builder_t builder = {.phrases = out, .pool = pool};
    walk_phrases(tokenizer, query, &builder);
    size_t phrases = out->count > 0 ? out->count : 1, terms = builder.terms > 0 ? builder.terms : 1;
    out->first = gz_pool_calloc(pool, phrases, sizeof *out->first);
    out->size = gz_pool_calloc(pool, phrases, sizeof *out->size);
    out->term_ids = gz_pool_calloc(pool, terms, sizeof *out->term_ids);
    out->terms = gz_pool_calloc(pool, terms, sizeof *out->terms);
    builder = (phrase_builder_t){.phrases = out, .pool = pool, .filling = true};
    walk_phrases(tokenizer, query, &builder);
}

/* ---- a text's tokens and the instances of phrases in it ----------------- */

typedef struct {
    size_t start, end; /* bytes of the text */
    long term;         /* in the phrases' terms, -1 for another word */
} token_t;

typedef struct {
    const search_phrases_t *phrases;
    token_t *items;
    size_t count, capacity;
} token_list_t;

static int collect_token(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    token_list_t *list = context;
    if (list->count == list->capacity) {
        list->capacity = list->capacity ? list->capacity * 2 : 64;
        list->items = gz_realloc(list->items, list->capacity * sizeof *list->items);
    }
    list->items[list->count++] =
        (token_t){start, end, search_phrases_term(list->phrases, term, term_len)};
    return 0;
}

static void tokenize_text(content_tokenizer_t *tokenizer, const search_phrases_t *phrases,
                          const char *text, token_list_t *out)
{
    *out = (token_list_t){.phrases = phrases};
    content_tokenize(tokenizer, text, strlen(text), collect_token, out);
}

/* One occurrence of a phrase: its first token and how many it spans. */
typedef struct {
    long position;
    size_t phrase;
    long size;
} instance_t;

typedef struct {
    instance_t *items;
    size_t count;
} instance_list_t;

static bool phrase_at(const search_phrases_t *phrases, size_t phrase, const token_list_t *tokens,
                      size_t position)
{
    size_t size = phrases->size[phrase];
    if (size == 0 || position + size > tokens->count)
        return false;
    for (size_t k = 0; k < size; k++) {
        long wanted = (long)phrases->term_ids[phrases->first[phrase] + k];
        if (tokens->items[position + k].term != wanted)
            return false;
    }
    return true;
}

/* Every instance, by position, then by phrase (the order FTS5 reports). */
static void find_instances(const search_phrases_t *phrases, const token_list_t *tokens,
                           instance_list_t *out)
{
    size_t capacity = 0;
    *out = (instance_list_t){0};
    for (size_t position = 0; position < tokens->count; position++) {
        if (tokens->items[position].term < 0)
            continue;
        for (size_t phrase = 0; phrase < phrases->count; phrase++) {
            if (!phrase_at(phrases, phrase, tokens, position))
                continue;
            if (out->count == capacity) {
                capacity = capacity ? capacity * 2 : 16;
                out->items = gz_realloc(out->items, capacity * sizeof *out->items);
            }
            out->items[out->count++] =
                (instance_t){(long)position, phrase, (long)phrases->size[phrase]};
        }
    }
}

/* ---- marking ------------------------------------------------------------ */

/* Walks the tokens of a text, copying it to out with marks around each
 * run of overlapping instances (a "match"); with range_end > 0, only the
 * tokens from range_start to range_end, as a passage. */
typedef struct {
    const char *text;
    gz_buf_t *out;
    const instance_list_t *instances;
    size_t next_instance;
    long match_start, match_end; /* tokens of the current match; -1 after the last */
    long range_start, range_end;
    size_t copied; /* bytes of text handled so far */
} marker_t;

/* Moves to the next match: instances merged while they overlap. */
static void next_match(marker_t *marker)
{
    marker->match_start = marker->match_end = -1;
    const instance_list_t *instances = marker->instances;
    for (; marker->next_instance < instances->count; marker->next_instance++) {
        const instance_t *instance = &instances->items[marker->next_instance];
        long end = instance->position + instance->size - 1;
        if (marker->match_start < 0) {
            marker->match_start = instance->position;
            marker->match_end = end;
        } else if (instance->position <= marker->match_end) {
            if (end > marker->match_end)
                marker->match_end = end;
        } else {
            break;
        }
    }
}

static void copy_until(marker_t *marker, size_t offset)
{
    if (offset > marker->copied)
        gz_buf_append(marker->out, marker->text + marker->copied, offset - marker->copied);
    marker->copied = offset;
}

static void mark_token(marker_t *marker, long position, const token_t *token)
{
    bool ranged = marker->range_end > 0;
    if (ranged && (position < marker->range_start || position > marker->range_end))
        return;
    if (ranged && marker->range_start != 0 && position == marker->range_start)
        marker->copied = token->start;
    if (position == marker->match_start) {
        copy_until(marker, token->start);
        gz_buf_append_cstr(marker->out, SEARCH_MARK_OPEN);
    }
    if (position == marker->match_end) {
        if (ranged && marker->match_start < marker->range_start)
            gz_buf_append_cstr(marker->out, SEARCH_MARK_OPEN);
        copy_until(marker, token->end);
        gz_buf_append_cstr(marker->out, SEARCH_MARK_CLOSE);
        next_match(marker);
    }
    if (ranged && position == marker->range_end) {
        copy_until(marker, token->end);
        if (position >= marker->match_start && position < marker->match_end)
            gz_buf_append_cstr(marker->out, SEARCH_MARK_CLOSE);
    }
}

static void mark_tokens(marker_t *marker, const token_list_t *tokens)
{
    for (size_t i = 0; i < tokens->count; i++)
        mark_token(marker, (long)i, &tokens->items[i]);
}

const char *search_highlight(content_tokenizer_t *tokenizer, const search_phrases_t *phrases,
                             const char *text, gz_pool_t *pool)
{
    if (text == NULL)
        return "";
    token_list_t tokens;
    instance_list_t instances;
    tokenize_text(tokenizer, phrases, text, &tokens);
    find_instances(phrases, &tokens, &instances);
    gz_buf_t out = GZ_BUF_INIT;
    marker_t marker = {.text = text, .out = &out, .instances = &instances};
    next_match(&marker);
    mark_tokens(&marker, &tokens);
    gz_buf_append_cstr(&out, text + marker.copied);
    const char *marked = gz_pool_strndup(pool, out.data != NULL ? out.data : "", out.len);
    gz_buf_free(&out);
    free(tokens.items);
    free(instances.items);
    return marked;
}

/* ---- choosing a passage -------------------------------------------------- */

/* The positions of tokens that start a sentence: the first, and each one
 * after white space that follows '.' or ':'. */
static long *sentence_starts(const char *text, const token_list_t *tokens, size_t *count)
{
    long *starts = gz_calloc(tokens->count > 0 ? tokens->count : 1, sizeof *starts);
    *count = 0;
    for (size_t i = 0; i < tokens->count; i++) {
        if (i == 0) {
            starts[(*count)++] = 0;
            continue;
        }
        size_t at = tokens->items[i].start;
        char c = 0;
        bool spaced = false;
        while (at > 0) {
            c = text[at - 1];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            spaced = true;
            at--;
        }
        if (spaced && at > 0 && (c == '.' || c == ':'))
            starts[(*count)++] = (long)i;
    }
    return starts;
}

typedef struct {
    const instance_list_t *instances;
    unsigned char *seen; /* one flag per phrase */
    size_t phrase_count;
    long size; /* tokens in the text */
} window_scorer_t;

/* The score of the window of SEARCH_SNIPPET_TOKENS tokens from start, and
 * (when adjusted is not NULL) where a window centred on its instances
 * would start. */
static long window_score(const window_scorer_t *scorer, long start, long *adjusted)
{
    const long tokens = SEARCH_SNIPPET_TOKENS;
    long score = 0, first = -1, last = 0;
    memset(scorer->seen, 0, scorer->phrase_count);
    for (size_t i = 0; i < scorer->instances->count; i++) {
        const instance_t *instance = &scorer->instances->items[i];
        if (instance->position < start || instance->position >= start + tokens)
            continue;
        score += scorer->seen[instance->phrase] ? 1 : 1000;
        scorer->seen[instance->phrase] = 1;
        if (first < 0)
            first = instance->position;
        last = instance->position + instance->size;
    }
    if (adjusted != NULL) {
        long at = first - (tokens - (last - first)) / 2;
        if (at + tokens > scorer->size)
            at = scorer->size - tokens;
        *adjusted = at > 0 ? at : 0;
    }
    return score;
}

/* The sentence start at or before position: the last one not after it. */
static long sentence_before(const long *starts, size_t count, long position)
{
    size_t i = 0;
    while (i + 1 < count && starts[i + 1] <= position)
        i++;
    return starts[i];
}

static long best_window(const char *text, const token_list_t *tokens, const window_scorer_t *scorer)
{
    size_t start_count = 0;
    long *starts = sentence_starts(text, tokens, &start_count);
    long best_score = 0, best_start = 0;
    for (size_t i = 0; i < scorer->instances->count; i++) {
        long position = scorer->instances->items[i].position, adjusted = 0;
        long score = window_score(scorer, position, &adjusted);
        if (score > best_score) {
            best_score = score;
            best_start = adjusted;
        }
        if (start_count == 0 || scorer->size <= SEARCH_SNIPPET_TOKENS)
            continue;
        long sentence = sentence_before(starts, start_count, position);
        if (sentence >= position)
            continue;
        score = window_score(scorer, sentence, NULL) + (sentence == 0 ? 120 : 100);
        if (score > best_score) {
            best_score = score;
            best_start = sentence;
        }
    }
    free(starts);
    return best_start;
}

static const char *mark_passage(const char *text, const token_list_t *tokens,
                                const instance_list_t *instances, long start, gz_pool_t *pool)
{
    gz_buf_t out = GZ_BUF_INIT;
    marker_t marker = {.text = text,
                       .out = &out,
                       .instances = instances,
                       .range_start = start,
                       .range_end = start + SEARCH_SNIPPET_TOKENS - 1};
    if (start > 0)
        gz_buf_append_cstr(&out, SEARCH_ELLIPSIS);
    next_match(&marker);
    while (marker.match_start >= 0 && marker.match_start < start)
        next_match(&marker);
    mark_tokens(&marker, tokens);
    if (marker.range_end >= (long)tokens->count - 1)
        gz_buf_append_cstr(&out, text + marker.copied);
    else
        gz_buf_append_cstr(&out, SEARCH_ELLIPSIS);
    const char *marked = gz_pool_strndup(pool, out.data != NULL ? out.data : "", out.len);
    gz_buf_free(&out);
    return marked;
}

const char *search_snippet(content_tokenizer_t *tokenizer, const search_phrases_t *phrases,
                           const char *text, gz_pool_t *pool)
{
    if (text == NULL)
        return NULL;
    token_list_t tokens;
    instance_list_t instances;
    tokenize_text(tokenizer, phrases, text, &tokens);
    find_instances(phrases, &tokens, &instances);
    const char *marked = NULL;
    if (instances.count > 0) {
        window_scorer_t scorer = {
            .instances = &instances,
            .seen = gz_calloc(phrases->count, 1),
            .phrase_count = phrases->count,
            .size = (long)tokens.count,
        };
        long start = best_window(text, &tokens, &scorer);
        marked = mark_passage(text, &tokens, &instances, start, pool);
        free(scorer.seen);
    }
    free(tokens.items);
    free(instances.items);
    return marked;
}

void search_append_clauses(gz_buf_t *out, const content_query_t *query, bool excluded,
                           const search_syntax_t *syntax)
{
    bool first = true;
    for (size_t c = 0; c < query->count; c++) {
        const content_query_clause_t *clause = &query->clauses[c];
        if (clause->items[0].excluded != excluded)
            continue;
        if (!first)
            gz_buf_append_cstr(out, excluded ? syntax->or_word : syntax->and_word);
        first = false;
        gz_buf_append_char(out, '(');
        for (size_t i = 0; i < clause->count; i++) {
            if (i > 0)
                gz_buf_append_cstr(out, syntax->or_word);
            syntax->append_item(out, &clause->items[i], syntax->context);
        }
        gz_buf_append_char(out, ')');
    }
}
