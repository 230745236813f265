/*
 * text.c: the words of a text as search sees them. Every store backend
 * indexes and queries through this one tokenizer (SQLite registers it as an
 * FTS5 tokenizer; PostgreSQL will normalize with it before handing text
 * over), so a word typed by a reader and the same word in an article always
 * become the same term, whatever the backend.
 *
 * A token is a run of letters, digits and combining marks, with an
 * apostrophe kept between two letters ("Syria's", handled by the English
 * stemmer) and invisible format characters (zero-width joiners, soft
 * hyphens) skipped without splitting the word. A run is split where its
 * letters change between Latin and Arabic script. Bytes that are not UTF-8
 * separate tokens and are otherwise ignored: the tokenizer never reads past
 * the length it is given and never fails on bad input.
 *
 * Each token is then normalized:
 *  - NFKD with case folding by utf8proc (full-width "Ｓｙｒｉａ" is "syria"),
 *  - combining marks dropped after Latin, Greek, Cyrillic, Hebrew and Arabic
 *    letters: accents ("Erdoğan" finds "Erdogan"), Arabic harakat and the
 *    hamza and madda that make أ إ آ, so those become ا; hamza on waw or yaa
 *    (ؤ ئ) becomes the bare hamza ء, since writers alternate them freely
 *    ("مسؤول" and "مسئول" are one word); tatweel (ـ) is dropped;
 *  - ٱ becomes ا, and Arabic-Indic digits become 0-9;
 *  - stop words (the, of, في, من, ...) are dropped: they would be in every
 *    article, cost the most to look up, and tell nothing about relevance;
 *  - ة becomes ه, ى and the Persian ی become ي, ک becomes ك (after the stop
 *    word check, so that على stays a stop word while the name علي does not);
 *  - the Arabic definite article (ال, وال, بال, كال, فال, لل) and the plural
 *    ending ات are removed, so the stemmer sees one form of the word;
 *  - Snowball stems the word, English for Latin tokens and Arabic for
 *    Arabic ones ("attacks" and "attacked" become "attack"); tokens with a
 *    digit are not stemmed; the Arabic letter mapping runs again on the stem.
 *
 * The mapping happens before stemming, so that spelling variants reach the
 * stemmer as one string and are guaranteed to give one term.
 *
 * A tokenizer owns its stemmers and buffers and is not thread safe: each
 * thread (each SQLite connection) makes its own.
 */
#include "content/content.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum {
    TOKEN_MAX_BYTES = 256, /* longer runs (URLs, encoded data) are not words */
    TERM_MAX_BYTES = 1024, /* a normalized token grows at most fourfold */
    CODEPOINTS_INITIAL = 512,
};

typedef enum { SCRIPT_NONE, SCRIPT_LATIN, SCRIPT_ARABIC, SCRIPT_OTHER } script_t;

struct content_tokenizer {
    struct sb_stemmer *english;
    struct sb_stemmer *arabic;
    utf8proc_int32_t *codepoints;
    size_t capacity;
    char term[TERM_MAX_BYTES];
};

/* One token being read: where it is and what it holds. */
typedef struct {
    size_t start, end; /* bytes of the original text */
    script_t script;   /* of its letters */
    bool ascii;        /* every byte is ASCII */
    bool has_digit;
    bool last_is_letter;
} token_t;

/* ---- stop words, in the form they have after marks are dropped --------- */

static const char *const english_stop_words[] = {
    "a",    "an",    "and",   "are",  "as",   "at", "be",   "been", "but",  "by",
    "for",  "from",  "had",   "has",  "have", "if", "in",   "into", "is",   "it",
    "its",  "no",    "not",   "of",   "on",   "or", "such", "that", "the",  "their",
    "then", "there", "these", "they", "this", "to", "was",  "were", "will", "with",
};

/* في من على الى إلى عن ان أن إن ما لا هذا هذه التي الذي التى كان قد مع ثم او أو
 * بين كل بعد عند حتى ذلك تلك هو هي لم لن كما انه إنه الا إلا وقد وفي ومن */
static const char *const arabic_stop_words[] = {
    "\xd9\x81\xd9\x8a",                 /* في */
    "\xd9\x85\xd9\x86",                 /* من */
    "\xd8\xb9\xd9\x84\xd9\x89",         /* على */
    "\xd8\xa7\xd9\x84\xd9\x89",         /* الى */
    "\xd8\xb9\xd9\x86",                 /* عن */
    "\xd8\xa7\xd9\x86",                 /* ان */
    "\xd9\x85\xd8\xa7",                 /* ما */
    "\xd9\x84\xd8\xa7",                 /* لا */
    "\xd9\x87\xd8\xb0\xd8\xa7",         /* هذا */
    "\xd9\x87\xd8\xb0\xd9\x87",         /* هذه */
    "\xd8\xa7\xd9\x84\xd8\xaa\xd9\x8a", /* التي */
    "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a", /* الذي */
    "\xd8\xa7\xd9\x84\xd8\xaa\xd9\x89", /* التى */
    "\xd9\x83\xd8\xa7\xd9\x86",         /* كان */
    "\xd9\x82\xd8\xaf",                 /* قد */
    "\xd9\x85\xd8\xb9",                 /* مع */
    "\xd8\xab\xd9\x85",                 /* ثم */
    "\xd8\xa7\xd9\x88",                 /* او */
    "\xd8\xa8\xd9\x8a\xd9\x86",         /* بين */
    "\xd9\x83\xd9\x84",                 /* كل */
    "\xd8\xa8\xd8\xb9\xd8\xaf",         /* بعد */
    "\xd8\xb9\xd9\x86\xd8\xaf",         /* عند */
    "\xd8\xad\xd8\xaa\xd9\x89",         /* حتى */
    "\xd8\xb0\xd9\x84\xd9\x83",         /* ذلك */
    "\xd8\xaa\xd9\x84\xd9\x83",         /* تلك */
    "\xd9\x87\xd9\x88",                 /* هو */
    "\xd9\x87\xd9\x8a",                 /* هي */
    "\xd9\x84\xd9\x85",                 /* لم */
    "\xd9\x84\xd9\x86",                 /* لن */
    "\xd9\x83\xd9\x85\xd8\xa7",         /* كما */
    "\xd8\xa7\xd9\x86\xd9\x87",         /* انه */
    "\xd8\xa7\xd9\x84\xd8\xa7",         /* الا */
    "\xd9\x88\xd9\x82\xd8\xaf",         /* وقد */
    "\xd9\x88\xd9\x81\xd9\x8a",         /* وفي */
    "\xd9\x88\xd9\x85\xd9\x86",         /* ومن */
};

static bool in_list(const char *const *list, size_t count, const char *term, size_t len)
{
    for (size_t i = 0; i < count; i++) {
        if (strlen(list[i]) == len && memcmp(list[i], term, len) == 0) {
            return true;
        }
    }
    return false;
}

static bool is_stop_word(script_t script, const char *term, size_t len)
{
    if (script == SCRIPT_LATIN) {
        return len <= 5 &&
               in_list(english_stop_words, sizeof english_stop_words / sizeof english_stop_words[0],
                       term, len);
    }
    if (script == SCRIPT_ARABIC) {
        return len <= 10 &&
               in_list(arabic_stop_words, sizeof arabic_stop_words / sizeof arabic_stop_words[0],
                       term, len);
    }
    return false;
}

/* ---- characters ---------------------------------------------------------- */

static bool is_arabic_letter(utf8proc_int32_t cp)
{
    return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
           (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF);
}

static bool is_latin_letter(utf8proc_int32_t cp)
{
    return cp <= 0x024F || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2C60 && cp <= 0x2C7F) ||
           (cp >= 0xA720 && cp <= 0xA7FF) || (cp >= 0xFF21 && cp <= 0xFF5A);
}

static script_t script_of_letter(utf8proc_int32_t cp)
{
    if (is_latin_letter(cp)) {
        return SCRIPT_LATIN;
    }
    return is_arabic_letter(cp) ? SCRIPT_ARABIC : SCRIPT_OTHER;
}

/* Scripts whose marks are decoration for search: accents, harakat, niqqud. */
static bool drops_marks_after(utf8proc_int32_t base)
{
    return base <= 0x052F || (base >= 0x0590 && base <= 0x05FF) || is_arabic_letter(base) ||
           (base >= 0x1E00 && base <= 0x1FFF);
}

static bool is_letter_category(utf8proc_category_t category)
{
    return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

static bool is_mark_category(utf8proc_category_t category)
{
    return category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME;
}

static bool is_number_category(utf8proc_category_t category)
{
    return category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO;
}

static bool is_apostrophe(utf8proc_int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static bool is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Reads the code point at text[at]; *size is its length in bytes, 1 for a
 * byte that does not start a well-formed sequence (then *cp is -1). */
static utf8proc_int32_t decode_at(const char *text, size_t len, size_t at, size_t *size)
{
    unsigned char byte = (unsigned char)text[at];
    if (byte < 0x80) {
        *size = 1;
        return byte;
    }
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t read =
        utf8proc_iterate((const utf8proc_uint8_t *)text + at, (utf8proc_ssize_t)(len - at), &cp);
    if (read <= 0) {
        *size = 1;
        return -1;
    }
    *size = (size_t)read;
    return cp;
}

/* ---- normalizing one token ------------------------------------------------ */

/* The Arabic letter variants that become one letter, applied in place to
 * UTF-8 (each pair is two bytes to two bytes). */
static void map_arabic_variants(char *term, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char lead = (unsigned char)term[i], next = (unsigned char)term[i + 1];
        if (lead == 0xD8 && next == 0xA9) { /* ة -> ه */
            term[i] = (char)0xD9;
            term[i + 1] = (char)0x87;
        } else if (lead == 0xD9 && next == 0x89) { /* ى -> ي */
            term[i + 1] = (char)0x8A;
        } else if (lead == 0xDB && next == 0x8C) { /* ی -> ي */
            term[i] = (char)0xD9;
            term[i + 1] = (char)0x8A;
        } else if (lead == 0xDA && next == 0xA9) { /* ک -> ك */
            term[i] = (char)0xD9;
            term[i + 1] = (char)0x83;
        }
    }
}

static bool grow_codepoints(content_tokenizer_t *tokenizer, size_t needed)
{
    if (needed <= tokenizer->capacity) {
        return true;
    }
    if (needed > SIZE_MAX / sizeof *tokenizer->codepoints) {
        return false;
    }
    tokenizer->codepoints =
        gz_realloc(tokenizer->codepoints, needed * sizeof *tokenizer->codepoints);
    tokenizer->capacity = needed;
    return true;
}

/* NFKD with case folding; the code points land in tokenizer->codepoints.
 * Returns their number, or -1 when utf8proc refuses the text. */
static utf8proc_ssize_t decompose(content_tokenizer_t *tokenizer, const char *bytes, size_t len)
{
    const utf8proc_option_t options = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                      UTF8PROC_IGNORE | UTF8PROC_STABLE;
    for (int attempt = 0; attempt < 2; attempt++) {
        utf8proc_ssize_t count = utf8proc_decompose((const utf8proc_uint8_t *)bytes,
                                                    (utf8proc_ssize_t)len, tokenizer->codepoints,
                                                    (utf8proc_ssize_t)tokenizer->capacity, options);
        if (count < 0) {
            return -1;
        }
        if ((size_t)count <= tokenizer->capacity) {
            return count;
        }
        if (!grow_codepoints(tokenizer, (size_t)count)) {
            return -1;
        }
    }
    return -1;
}

/* Maps one decomposed code point; -1 drops it. */
static utf8proc_int32_t map_codepoint(utf8proc_int32_t cp)
{
    if (cp == 0x0640) {
        return -1; /* tatweel */
    }
    if (cp == 0x0671) {
        return 0x0627; /* alef wasla */
    }
    if (cp >= 0x0660 && cp <= 0x0669) {
        return '0' + (cp - 0x0660);
    }
    if (cp >= 0x06F0 && cp <= 0x06F9) {
        return '0' + (cp - 0x06F0);
    }
    if (cp == 0x2019 || cp == 0x02BC) {
        return '\'';
    }
    return cp;
}

/* Drops marks after the scripts that treat them as decoration and maps the
 * letters above; works in place and returns the new count. */
static size_t strip_and_map(utf8proc_int32_t *codepoints, size_t count)
{
    size_t kept = 0;
    utf8proc_int32_t base = 0;
    for (size_t i = 0; i < count; i++) {
        utf8proc_int32_t cp = codepoints[i];
        if (is_mark_category(utf8proc_category(cp))) {
            if (!drops_marks_after(base)) {
                codepoints[kept++] = cp;
            } else if (cp == 0x0654 && kept > 0 &&
                       (codepoints[kept - 1] == 0x0648 || codepoints[kept - 1] == 0x064A)) {
                codepoints[kept - 1] = 0x0621; /* ؤ ئ -> ء */
            }
            continue;
        }
        cp = map_codepoint(cp);
        if (cp >= 0) {
            codepoints[kept++] = cp;
            base = cp;
        }
    }
    return kept;
}

/* Writes the code points as UTF-8 into term; returns the byte length, or 0
 * when they do not fit. */
static size_t encode(const utf8proc_int32_t *codepoints, size_t count, char *term, size_t size)
{
    size_t len = 0;
    for (size_t i = 0; i < count; i++) {
        if (len + 4 > size) {
            return 0;
        }
        utf8proc_ssize_t written =
            utf8proc_encode_char(codepoints[i], (utf8proc_uint8_t *)term + len);
        if (written <= 0) {
            return 0;
        }
        len += (size_t)written;
    }
    return len;
}

/* Normalizes a token that is not plain ASCII into tokenizer->term. */
static size_t normalize_unicode(content_tokenizer_t *tokenizer, const char *bytes, size_t len)
{
    utf8proc_ssize_t count = decompose(tokenizer, bytes, len);
    if (count <= 0) {
        return 0;
    }
    size_t kept = strip_and_map(tokenizer->codepoints, (size_t)count);
    if (kept == 0) {
        return 0;
    }
    utf8proc_ssize_t composed = utf8proc_normalize_utf32(
        tokenizer->codepoints, (utf8proc_ssize_t)kept, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (composed <= 0) {
        return 0;
    }
    return encode(tokenizer->codepoints, (size_t)composed, tokenizer->term, sizeof tokenizer->term);
}

static size_t normalize_ascii(content_tokenizer_t *tokenizer, const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = bytes[i];
        tokenizer->term[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return len;
}

/* The definite article and the particles written onto it (وال بال كال فال
 * لل ال), removed before the Snowball stemmer runs: the stemmer reads a
 * word after "ال" as a noun and one without as a possible verb, so
 * "الانتخابات" and "انتخابات" would get different stems, and readers type
 * words without the article that articles print with it. */
static size_t strip_arabic_affixes(char *term, size_t len)
{
    static const char *const prefixes[] = {
        "\xd9\x88\xd8\xa7\xd9\x84", /* وال */
        "\xd8\xa8\xd8\xa7\xd9\x84", /* بال */
        "\xd9\x83\xd8\xa7\xd9\x84", /* كال */
        "\xd9\x81\xd8\xa7\xd9\x84", /* فال */
        "\xd9\x84\xd9\x84",         /* لل */
        "\xd8\xa7\xd9\x84",         /* ال */
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t prefix_len = strlen(prefixes[i]);
        /* keep at least two letters (four bytes) */
        if (len >= prefix_len + 4 && memcmp(term, prefixes[i], prefix_len) == 0) {
            memmove(term, term + prefix_len, len - prefix_len);
            len -= prefix_len;
            break;
        }
    }
    /* The plural "ات" too, which the stemmer keeps half of when it takes
     * the word for a verb ("انتخابات" would stem apart from "انتخاب"). */
    if (len >= 10 && memcmp(term + len - 4, "\xd8\xa7\xd8\xaa", 4) == 0) {
        len -= 4;
    }
    return len;
}

/* Stems term in place (by the token's script) and returns its new length. */
static size_t stem(content_tokenizer_t *tokenizer, const token_t *token, size_t len)
{
    struct sb_stemmer *stemmer = NULL;
    if (!token->has_digit) {
        stemmer = token->script == SCRIPT_LATIN    ? tokenizer->english
                  : token->script == SCRIPT_ARABIC ? tokenizer->arabic
                                                   : NULL;
    }
    if (stemmer == NULL) {
        return len;
    }
    const sb_symbol *stemmed =
        sb_stemmer_stem(stemmer, (const sb_symbol *)tokenizer->term, (int)len);
    int stemmed_len = sb_stemmer_length(stemmer);
    if (stemmed == NULL || stemmed_len <= 0 || (size_t)stemmed_len > sizeof tokenizer->term) {
        return len;
    }
    memmove(tokenizer->term, stemmed, (size_t)stemmed_len);
    return (size_t)stemmed_len;
}

/* The term of a token, or 0 when it has none (a stop word, only marks). */
static size_t token_term(content_tokenizer_t *tokenizer, const char *text, const token_t *token)
{
    const char *bytes = text + token->start;
    size_t len = token->end - token->start;
    if (len > TOKEN_MAX_BYTES) {
        return 0;
    }
    size_t term_len = token->ascii ? normalize_ascii(tokenizer, bytes, len)
                                   : normalize_unicode(tokenizer, bytes, len);
    if (term_len == 0 || is_stop_word(token->script, tokenizer->term, term_len)) {
        return 0;
    }
    if (token->script == SCRIPT_ARABIC) {
        map_arabic_variants(tokenizer->term, term_len);
        term_len = strip_arabic_affixes(tokenizer->term, term_len);
    }
    term_len = stem(tokenizer, token, term_len);
    if (token->script == SCRIPT_ARABIC) {
        map_arabic_variants(tokenizer->term, term_len);
    }
    return term_len;
}

/* ---- splitting text into tokens --------------------------------------------- */

typedef enum {
    CHAR_SEPARATOR,
    CHAR_LETTER,
    CHAR_DIGIT,
    CHAR_MARK,
    CHAR_INVISIBLE,
    CHAR_APOSTROPHE
} char_kind_t;

static char_kind_t kind_of(utf8proc_int32_t cp)
{
    if (cp < 0) {
        return CHAR_SEPARATOR;
    }
    if (cp < 0x80) {
        if (is_ascii_letter((unsigned char)cp)) {
            return CHAR_LETTER;
        }
        if (is_ascii_digit((unsigned char)cp)) {
            return CHAR_DIGIT;
        }
        return cp == '\'' ? CHAR_APOSTROPHE : CHAR_SEPARATOR;
    }
    if (is_apostrophe(cp)) {
        return CHAR_APOSTROPHE;
    }
    utf8proc_category_t category = utf8proc_category(cp);
    if (is_letter_category(category)) {
        return CHAR_LETTER;
    }
    if (is_number_category(category)) {
        return CHAR_DIGIT;
    }
    if (is_mark_category(category)) {
        return CHAR_MARK;
    }
    return category == UTF8PROC_CATEGORY_CF ? CHAR_INVISIBLE : CHAR_SEPARATOR;
}

/* True when the character at `at` is a letter, so an apostrophe before it
 * joins two letters. */
static bool letter_at(const char *text, size_t len, size_t at)
{
    if (at >= len) {
        return false;
    }
    size_t size;
    return kind_of(decode_at(text, len, at, &size)) == CHAR_LETTER;
}

typedef struct {
    content_tokenizer_t *tokenizer;
    const char *text;
    size_t len;
    content_token_fn emit;
    void *context;
} tokenizing_t;

static int finish_token(tokenizing_t *run, token_t *token)
{
    if (token->end <= token->start) {
        return 0;
    }
    size_t term_len = token_term(run->tokenizer, run->text, token);
    int result = 0;
    if (term_len > 0) {
        result = run->emit(run->context, run->tokenizer->term, term_len, token->start, token->end);
    }
    *token = (token_t){0};
    return result;
}

static void start_token(token_t *token, size_t at)
{
    *token = (token_t){.start = at, .end = at, .ascii = true};
}

/* Adds the character [at, at + size) of the given kind to the token. */
static void extend_token(token_t *token, utf8proc_int32_t cp, char_kind_t kind, size_t at,
                         size_t size)
{
    token->end = at + size;
    token->ascii = token->ascii && cp < 0x80;
    if (kind == CHAR_DIGIT) {
        token->has_digit = true;
    }
    if (kind == CHAR_LETTER && token->script == SCRIPT_NONE) {
        token->script = script_of_letter(cp);
    }
    token->last_is_letter = kind == CHAR_LETTER;
}

static bool in_token(const token_t *token)
{
    return token->end > token->start;
}

/* Whether the character continues the current token rather than ending it
 * (and perhaps starting the next one). */
static bool continues(const tokenizing_t *run, const token_t *token, utf8proc_int32_t cp,
                      char_kind_t kind, size_t at, size_t size)
{
    switch (kind) {
    case CHAR_LETTER: {
        script_t script = script_of_letter(cp);
        return token->script == SCRIPT_NONE || script == token->script ||
               (script != SCRIPT_LATIN && script != SCRIPT_ARABIC &&
                token->script != SCRIPT_LATIN && token->script != SCRIPT_ARABIC);
    }
    case CHAR_DIGIT:
    case CHAR_MARK: return true;
    case CHAR_INVISIBLE: return true;
    case CHAR_APOSTROPHE: return token->last_is_letter && letter_at(run->text, run->len, at + size);
    case CHAR_SEPARATOR: return false;
    }
    return false;
}

static int tokenize_all(tokenizing_t *run)
{
    token_t token = {0};
    size_t at = 0;
    while (at < run->len) {
        size_t size;
        utf8proc_int32_t cp = decode_at(run->text, run->len, at, &size);
        char_kind_t kind = kind_of(cp);
        if (in_token(&token) && continues(run, &token, cp, kind, at, size)) {
            if (kind != CHAR_INVISIBLE) {
                extend_token(&token, cp, kind, at, size);
            } else {
                token.ascii = false; /* utf8proc drops it when normalizing */
            }
        } else {
            int result = finish_token(run, &token);
            if (result != 0) {
                return result;
            }
            if (kind == CHAR_LETTER || kind == CHAR_DIGIT) {
                start_token(&token, at);
                extend_token(&token, cp, kind, at, size);
            }
        }
        at += size;
    }
    return finish_token(run, &token);
}

/* ---- public ----------------------------------------------------------------- */

content_tokenizer_t *content_tokenizer_new(void)
{
    content_tokenizer_t *tokenizer = gz_calloc(1, sizeof *tokenizer);
    tokenizer->english = sb_stemmer_new("english", "UTF_8");
    tokenizer->arabic = sb_stemmer_new("arabic", "UTF_8");
    if (tokenizer->english == NULL || tokenizer->arabic == NULL) {
        content_tokenizer_free(tokenizer);
        return NULL;
    }
    tokenizer->codepoints = gz_calloc(CODEPOINTS_INITIAL, sizeof *tokenizer->codepoints);
    tokenizer->capacity = CODEPOINTS_INITIAL;
    return tokenizer;
}

void content_tokenizer_free(content_tokenizer_t *tokenizer)
{
    if (tokenizer == NULL) {
        return;
    }
    if (tokenizer->english != NULL) {
        sb_stemmer_delete(tokenizer->english);
    }
    if (tokenizer->arabic != NULL) {
        sb_stemmer_delete(tokenizer->arabic);
    }
    free(tokenizer->codepoints);
    free(tokenizer);
}

int content_tokenize(content_tokenizer_t *tokenizer, const char *text, size_t len,
                     content_token_fn emit, void *context)
{
    if (tokenizer == NULL || emit == NULL || (text == NULL && len > 0)) {
        return GZ_EINVAL;
    }
    tokenizing_t run = {tokenizer, text, len, emit, context};
    return tokenize_all(&run);
}

typedef struct {
    gz_buf_t *out;
    size_t start;
} terms_t;

static int append_term(void *context, const char *term, size_t len, size_t start, size_t end)
{
    (void)start;
    (void)end;
    terms_t *terms = context;
    if (terms->out->len > terms->start) {
        gz_buf_append_char(terms->out, ' ');
    }
    gz_buf_append(terms->out, term, len);
    return 0;
}

void content_text_terms(content_tokenizer_t *tokenizer, const char *text, size_t len, gz_buf_t *out)
{
    terms_t terms = {out, out->len};
    content_tokenize(tokenizer, text, len, append_term, &terms);
}
