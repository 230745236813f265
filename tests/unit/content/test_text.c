/* Unit tests of the search tokenizer (content/text.c): that the forms a
 * reader may type and the forms an article prints give the same terms, in
 * English and in Arabic, that offsets point at the original words, and
 * that no input, however broken, makes it crash or read out of bounds
 * (each case is copied into a buffer of exactly its length, so the address
 * sanitizer sees any over-read). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "content/content.h"

static int setup(void **state)
{
    content_tokenizer_t *tokenizer = content_tokenizer_new();
    *state = tokenizer;
    return tokenizer == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    content_tokenizer_free(*state);
    return 0;
}

/* The terms of text, space-separated, in a static buffer. */
static const char *terms(content_tokenizer_t *tokenizer, const char *text)
{
    static gz_buf_t out;
    gz_buf_reset(&out);
    size_t len = strlen(text);
    char *exact = malloc(len > 0 ? len : 1); /* no NUL after the text */
    memcpy(exact, text, len);
    content_text_terms(tokenizer, exact, len, &out);
    free(exact);
    return gz_buf_cstr(&out);
}

static void assert_same_terms(content_tokenizer_t *tokenizer, const char *a, const char *b)
{
    char first[512];
    snprintf(first, sizeof first, "%s", terms(tokenizer, a));
    const char *second = terms(tokenizer, b);
    if (strcmp(first, second) != 0 || first[0] == '\0')
        fail_msg("'%s' gives [%s] but '%s' gives [%s]", a, first, b, second);
}

/* ---- English ------------------------------------------------------------ */

static void english_words_are_folded_and_stemmed(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_string_equal(terms(tokenizer, "attack attacks Attacked ATTACKING"),
                        "attack attack attack attack");
    assert_string_equal(terms(tokenizer, "Militant Rocket Attacks Kill 7 in Syria's Aleppo"),
                        "milit rocket attack kill 7 syria aleppo");
}

static void english_possessives_and_curly_apostrophes_agree(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_same_terms(tokenizer, "Syria\xe2\x80\x99s", "syria's");
    assert_same_terms(tokenizer, "Syria's", "Syria");
    /* An apostrophe that does not join two letters separates. */
    assert_string_equal(terms(tokenizer, "'quoted' rock'"), "quot rock");
}

static void full_width_and_accented_letters_fold(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_same_terms(tokenizer, "\xef\xbc\xb3\xef\xbd\x99\xef\xbd\x92\xef\xbd\x89\xef\xbd\x81",
                      "syria"); /* Ｓｙｒｉａ */
    assert_same_terms(tokenizer, "Erdoğan", "erdogan");
    assert_same_terms(tokenizer, "CAFÉ", "cafe");
    assert_same_terms(tokenizer, "İstanbul", "istanbul");
}

static void stop_words_are_dropped(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_string_equal(terms(tokenizer, "the war in the north of the country"),
                        "war north countri");
    assert_string_equal(terms(tokenizer, "The OF and"), "");
    /* Not a stop word: the United States. */
    assert_string_equal(terms(tokenizer, "US"), "us");
}

static void numbers_and_words_with_digits_are_kept_whole(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_string_equal(terms(tokenizer, "G20 covid19 2016 400,000"), "g20 covid19 2016 400 000");
}

static void punctuation_and_hyphens_separate_words(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_string_equal(terms(tokenizer, "al-Assad, (Reuters)—today!"), "al assad reuter today");
    /* A soft hyphen or zero-width joiner inside a word does not split it. */
    assert_same_terms(tokenizer, "news\xc2\xadpaper", "newspaper");
    assert_same_terms(tokenizer, "news\xe2\x80\x8dpaper", "newspaper");
}

/* ---- Arabic ------------------------------------------------------------ */

static void arabic_diacritics_and_tatweel_are_ignored(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_same_terms(tokenizer, "الجيشُ", "الجيش");
    assert_same_terms(tokenizer, "مُسْتَشْفَى", "مستشفى");
    assert_same_terms(tokenizer, "حلـــب", "حلب");
}

static void arabic_letter_variants_are_one_letter(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_same_terms(tokenizer, "أحمد", "احمد");       /* alef with hamza above */
    assert_same_terms(tokenizer, "إسرائيل", "اسرائيل"); /* alef with hamza below */
    assert_same_terms(tokenizer, "آمال", "امال");       /* alef with madda */
    assert_same_terms(tokenizer, "ٱلسلام", "السلام");   /* alef wasla */
    assert_same_terms(tokenizer, "مدرسة", "مدرسه");     /* taa marbuta / haa */
    assert_same_terms(tokenizer, "مستشفى", "مستشفي");   /* alef maqsura / yaa */
    assert_same_terms(tokenizer, "مسؤول", "مسئول");     /* hamza on waw / on yaa */
    assert_same_terms(tokenizer, "ﺍﻟﺴﻼﻡ", "السلام");    /* presentation forms */
}

static void arabic_article_and_plural_do_not_change_the_stem(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_same_terms(tokenizer, "الانتخابات", "انتخابات");
    assert_same_terms(tokenizer, "انتخابات", "الانتخاب");
    assert_same_terms(tokenizer, "والحكومة", "حكومة");
    assert_same_terms(tokenizer, "بالحكومة", "الحكومة");
    assert_same_terms(tokenizer, "للحكومة", "حكومة");
    assert_same_terms(tokenizer, "المسلحين", "مسلحين");
    assert_same_terms(tokenizer, "الهجمات", "هجمات");
}

static void arabic_stop_words_are_dropped_but_not_names(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_string_equal(terms(tokenizer, "في من على إلى عن"), "");
    /* علي (the name Ali) is not على (on). */
    assert_string_not_equal(terms(tokenizer, "علي"), "");
}

static void arabic_indic_digits_are_digits(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_string_equal(terms(tokenizer, "٢٠١٦"), "2016");
    assert_string_equal(terms(tokenizer, "۲۰۱۶"), "2016");
}

static void scripts_are_split_apart(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    const char *both = terms(tokenizer, "Aleppoحلب");
    assert_non_null(strchr(both, ' '));
    assert_same_terms(tokenizer, "Aleppoحلب", "Aleppo حلب");
}

/* ---- offsets ------------------------------------------------------------- */

typedef struct {
    size_t starts[16], ends[16];
    char terms[16][64];
    size_t count;
    size_t len;
    size_t stop_after;
} collected_t;

static int collect(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    collected_t *collected = context;
    assert_true(start < end && end <= collected->len);
    assert_true(term_len > 0);
    if (collected->count < 16) {
        collected->starts[collected->count] = start;
        collected->ends[collected->count] = end;
        snprintf(collected->terms[collected->count], 64, "%.*s", (int)term_len, term);
    }
    collected->count++;
    return collected->stop_after > 0 && collected->count >= collected->stop_after ? 7 : 0;
}

static void offsets_point_at_the_original_words(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    const char *text = "Rockets hit ALEPPO’s “old city”";
    collected_t collected = {.len = strlen(text)};
    assert_int_equal(content_tokenize(tokenizer, text, strlen(text), collect, &collected), 0);
    assert_int_equal(collected.count, 5);
    const char *words[] = {"Rockets", "hit", "ALEPPO’s", "old", "city"};
    for (size_t i = 0; i < 5; i++) {
        size_t len = collected.ends[i] - collected.starts[i];
        assert_int_equal(len, strlen(words[i]));
        assert_memory_equal(text + collected.starts[i], words[i], len);
    }
    assert_string_equal(collected.terms[2], "aleppo");
}

static void offsets_of_arabic_words_cover_their_diacritics(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    const char *text = "قال الجيشُ السوري";
    collected_t collected = {.len = strlen(text)};
    content_tokenize(tokenizer, text, strlen(text), collect, &collected);
    assert_int_equal(collected.count, 3);
    assert_memory_equal(text + collected.starts[1], "الجيشُ", strlen("الجيشُ"));
    assert_int_equal(collected.ends[1] - collected.starts[1], strlen("الجيشُ"));
}

static void a_callback_can_stop_the_tokenizer(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    const char *text = "one two three four";
    collected_t collected = {.len = strlen(text), .stop_after = 2};
    assert_int_equal(content_tokenize(tokenizer, text, strlen(text), collect, &collected), 7);
    assert_int_equal(collected.count, 2);
}

/* ---- hostile input ----------------------------------------------------------- */

static void invalid_utf8_separates_words_without_failing(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    assert_string_equal(terms(tokenizer, "abc\xff\xfe"
                                         "def"),
                        "abc def");
    assert_string_equal(terms(tokenizer, "x\xe2\x80"), "x"); /* truncated at the end */
    assert_string_equal(terms(tokenizer, "\xc0\xaf"
                                         "etc"),
                        "etc");                                     /* overlong '/' */
    assert_string_equal(terms(tokenizer, "b\xed\xa0\x80z"), "b z"); /* surrogate */
    assert_string_equal(terms(tokenizer, "\xd8"), "");              /* half an Arabic letter */
    assert_string_equal(terms(tokenizer, ""), "");
    char with_nul[] = {'a', 'b', '\0', 'c', 'd'};
    gz_buf_t out = GZ_BUF_INIT;
    content_text_terms(tokenizer, with_nul, sizeof with_nul, &out);
    assert_string_equal(gz_buf_cstr(&out), "ab cd");
    gz_buf_free(&out);
}

static void overlong_tokens_are_not_terms(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    char text[1200];
    memset(text, 'a', 1000);
    memcpy(text + 1000, " short", 7);
    assert_string_equal(terms(tokenizer, text), "short");
    /* A long run of combining marks on one letter expands a lot in NFKD. */
    gz_buf_t marks = GZ_BUF_INIT;
    gz_buf_append_cstr(&marks, "e");
    for (int i = 0; i < 120; i++)
        gz_buf_append_cstr(&marks, "\xcc\x81");  /* U+0301 */
    gz_buf_append_cstr(&marks, " \xef\xb7\xba"); /* U+FDFA, eighteen letters in NFKD */
    terms(tokenizer, gz_buf_cstr(&marks));
    gz_buf_free(&marks);
}

/* Random bytes, biased towards UTF-8 lead and continuation bytes: every
 * reported range must lie inside the text and every term be non-empty. */
static void random_bytes_never_crash(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    uint32_t seed = 12345;
    static const unsigned char alphabet[] = {'a',  'Z',  '9',  ' ',  '\'', 0x80, 0xbf, 0xc2, 0xd8,
                                             0xd9, 0xe2, 0xef, 0xf0, 0xf4, 0xff, 0x00, 0xcc};
    for (int round = 0; round < 2000; round++) {
        size_t len = (size_t)(round % 97);
        unsigned char *text = malloc(len > 0 ? len : 1);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = (seed >> 16) % 3 == 0 ? (unsigned char)(seed >> 8)
                                            : alphabet[(seed >> 16) % sizeof alphabet];
        }
        collected_t collected = {.len = len};
        assert_int_equal(content_tokenize(tokenizer, (const char *)text, len, collect, &collected),
                         0);
        free(text);
    }
}

static void missing_arguments_are_refused(void **state)
{
    content_tokenizer_t *tokenizer = *state;
    collected_t collected = {0};
    assert_int_equal(content_tokenize(NULL, "a", 1, collect, &collected), GZ_EINVAL);
    assert_int_equal(content_tokenize(tokenizer, NULL, 3, collect, &collected), GZ_EINVAL);
    assert_int_equal(content_tokenize(tokenizer, "a", 1, NULL, NULL), GZ_EINVAL);
    assert_int_equal(content_tokenize(tokenizer, NULL, 0, collect, &collected), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(english_words_are_folded_and_stemmed),
        cmocka_unit_test(english_possessives_and_curly_apostrophes_agree),
        cmocka_unit_test(full_width_and_accented_letters_fold),
        cmocka_unit_test(stop_words_are_dropped),
        cmocka_unit_test(numbers_and_words_with_digits_are_kept_whole),
        cmocka_unit_test(punctuation_and_hyphens_separate_words),
        cmocka_unit_test(arabic_diacritics_and_tatweel_are_ignored),
        cmocka_unit_test(arabic_letter_variants_are_one_letter),
        cmocka_unit_test(arabic_article_and_plural_do_not_change_the_stem),
        cmocka_unit_test(arabic_stop_words_are_dropped_but_not_names),
        cmocka_unit_test(arabic_indic_digits_are_digits),
        cmocka_unit_test(scripts_are_split_apart),
        cmocka_unit_test(offsets_point_at_the_original_words),
        cmocka_unit_test(offsets_of_arabic_words_cover_their_diacritics),
        cmocka_unit_test(a_callback_can_stop_the_tokenizer),
        cmocka_unit_test(invalid_utf8_separates_words_without_failing),
        cmocka_unit_test(overlong_tokens_are_not_terms),
        cmocka_unit_test(random_bytes_never_crash),
        cmocka_unit_test(missing_arguments_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
