/* UTF-8 validation and slugs. */
#include "test_support.h"

/* A plain decoder written from the definition, to check the fast one. */
static bool reference_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t code_point;
        size_t need;
        if (s[i] < 0x80) {
            code_point = s[i];
            need = 0;
        } else if ((s[i] & 0xE0) == 0xC0) {
            code_point = s[i] & 0x1Fu;
            need = 1;
        } else if ((s[i] & 0xF0) == 0xE0) {
            code_point = s[i] & 0x0Fu;
            need = 2;
        } else if ((s[i] & 0xF8) == 0xF0) {
            code_point = s[i] & 0x07u;
            need = 3;
        } else {
            return false;
        }
        if (len - i - 1 < need)
            return false;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            code_point = (code_point << 6) | (s[i + k] & 0x3Fu);
        }
        static const uint32_t SMALLEST[4] = {0, 0x80, 0x800, 0x10000};
        if (code_point < SMALLEST[need] || code_point > 0x10FFFF || code_point == 0 ||
            (code_point >= 0xD800 && code_point <= 0xDFFF))
            return false;
        i += need + 1;
    }
    return true;
}

static void test_valid_cases(void **state)
{
    (void)state;
    static const char *const CASES[] = {
        "",
        "a",
        "Militant Rocket Attacks Kill 7 in Syria's Aleppo",
        "\xc3\xa9",                   /* é */
        "\xe2\x82\xac",               /* € */
        "\xe2\x80\x9cquoted\xe2\x80\x9d",
        "\xf0\x9d\x84\x9e",           /* U+1D11E */
        "\xf4\x8f\xbf\xbf",           /* U+10FFFF, the last */
        "\xed\x9f\xbf",               /* U+D7FF, just below the surrogates */
        "\xee\x80\x80",               /* U+E000, just above them */
        "\xef\xbf\xbf",               /* U+FFFF */
        "\xc2\x80",                   /* U+0080, smallest two-byte */
        "\xe0\xa0\x80",               /* U+0800, smallest three-byte */
        "\xf0\x90\x80\x80",           /* U+10000, smallest four-byte */
        "هجمات صاروخية في حلب",
        "12345678\xc3\xa9" "12345678\xe2\x82\xac" "1234567",
        "\x7f\x01\x1f",
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        if (!gz_utf8_valid(CASES[i], strlen(CASES[i])))
            fail_msg("case %zu should be valid", i);
    }
}

static void test_invalid_cases(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        const char *why;
    } CASES[] = {
        {"\0", 1, "NUL"},
        {"abc\0def", 7, "NUL inside"},
        {"1234\0" "678abcdefgh", 15, "NUL inside an ASCII word"},
        {"\xc0\x80", 2, "overlong NUL"},
        {"\xc1\xbf", 2, "overlong two-byte"},
        {"\xe0\x80\x80", 3, "overlong three-byte"},
        {"\xe0\x9f\xbf", 3, "overlong U+07FF"},
        {"\xf0\x80\x80\x80", 4, "overlong four-byte"},
        {"\xf0\x8f\xbf\xbf", 4, "overlong U+FFFF"},
        {"\xed\xa0\x80", 3, "surrogate U+D800"},
        {"\xed\xbf\xbf", 3, "surrogate U+DFFF"},
        {"\xed\xa0\xbd\xed\xb8\x80", 6, "CESU-8 pair"},
        {"\xf4\x90\x80\x80", 4, "U+110000"},
        {"\xf5\x80\x80\x80", 4, "lead F5"},
        {"\xf8\x88\x80\x80\x80", 5, "five-byte form"},
        {"\xff", 1, "FF"},
        {"\xfe", 1, "FE"},
        {"\x80", 1, "lone continuation"},
        {"a\xbf" "b", 3, "continuation after ASCII"},
        {"\xc3", 1, "truncated two-byte"},
        {"\xe2\x82", 2, "truncated three-byte"},
        {"\xf0\x9d\x84", 3, "truncated four-byte"},
        {"\xc3\x41", 2, "ASCII where a continuation should be"},
        {"\xe2\x28\xa1", 3, "bad second byte"},
        {"\xe2\x82\x28", 3, "bad third byte"},
        {"\xf0\x9d\x84\x28", 4, "bad fourth byte"},
        {"12345678\x80", 9, "bad byte after an ASCII word"},
        {"12345678abcdefg\xc3", 16, "truncated at the end of a word"},
        {"\xc3\xa9\xc3", 3, "truncated after a good one"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        if (gz_utf8_valid(CASES[i].bytes, CASES[i].len))
            fail_msg("%s should be invalid", CASES[i].why);
    }
}

/* Every one-, two- and three-byte string, each also placed after eight
 * ASCII bytes so the word-at-a-time path hands over at every offset. */
static void test_agrees_with_reference_exhaustively(void **state)
{
    (void)state;
    unsigned char text[16] = "abcdefgh";
    for (uint32_t value = 0; value < (1u << 24); value++) {
        unsigned char *bytes = text + 8;
        bytes[0] = (unsigned char)(value >> 16);
        bytes[1] = (unsigned char)(value >> 8);
        bytes[2] = (unsigned char)value;
        size_t len = value < 256 ? 1 : (value < 65536 ? 2 : 3);
        /* Shift shorter ones to the start of the tail. */
        if (len < 3)
            memmove(bytes, bytes + 3 - len, len);
        bool expected = reference_valid(bytes, len);
        if (gz_utf8_valid((const char *)bytes, len) != expected)
            fail_msg("%06x (%zu bytes) should be %s", value, len, expected ? "valid" : "invalid");
        if (gz_utf8_valid((const char *)text, 8 + len) != expected)
            fail_msg("abcdefgh + %06x should be %s", value, expected ? "valid" : "invalid");
    }
}

static void test_agrees_with_reference_on_four_bytes(void **state)
{
    (void)state;
    unsigned char bytes[4];
    /* Every lead from F0 to FF with every second byte, and the corners of
     * the third and fourth. */
    static const unsigned char TAILS[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xff};
    for (unsigned lead = 0xf0; lead <= 0xff; lead++) {
        for (unsigned second = 0; second < 256; second++) {
            for (size_t third = 0; third < sizeof TAILS; third++) {
                for (size_t fourth = 0; fourth < sizeof TAILS; fourth++) {
                    bytes[0] = (unsigned char)lead;
                    bytes[1] = (unsigned char)second;
                    bytes[2] = TAILS[third];
                    bytes[3] = TAILS[fourth];
                    assert_int_equal(gz_utf8_valid((const char *)bytes, 4),
                                     reference_valid(bytes, 4));
                }
            }
        }
    }
}

static char *slug(const char *text, size_t max_bytes)
{
    gz_buf_t buf = GZ_BUF_INIT;
    gz_slug_append(&buf, text, strlen(text), max_bytes);
    return gz_buf_detach(&buf, NULL);
}

static void assert_slug(const char *text, size_t max_bytes, const char *expected)
{
    char *got = slug(text, max_bytes);
    if (strcmp(got, expected) != 0)
        fail_msg("slug of \"%s\" (max %zu) is \"%s\", wanted \"%s\"", text, max_bytes, got,
                 expected);
    free(got);
}

static void test_slug_of_the_sample_headline(void **state)
{
    (void)state;
    assert_slug("Militant Rocket Attacks Kill 7 in Syria's Aleppo", 200,
                "militant-rocket-attacks-kill-7-in-syria-s-aleppo");
    assert_slug("VIDEO: Militant Rocket Attacks Kill 7 in Syria\xe2\x80\x99s Aleppo", 200,
                "video-militant-rocket-attacks-kill-7-in-syria-s-aleppo");
}

static void test_slug_separators(void **state)
{
    (void)state;
    assert_slug("  --Hello,   World!--  ", 100, "hello-world");
    assert_slug("a_b.c/d", 100, "a-b-c-d");
    assert_slug("7 killed", 100, "7-killed");
    assert_slug("I \xe2\x9d\xa4 Aleppo \xf0\x9f\x98\x80", 100, "i-aleppo"); /* symbols go */
    assert_slug("!!!", 100, "");
    assert_slug("", 100, "");
    assert_slug("x", 100, "x");
}

static void test_slug_normalizes(void **state)
{
    (void)state;
    assert_slug("\xef\xbc\xb3\xef\xbd\x99\xef\xbd\x92\xef\xbd\x89\xef\xbd\x81", 100,
                "syria");                                 /* fullwidth Ｓｙｒｉａ */
    assert_slug("Stra\xc3\x9f" "e", 100, "strasse");      /* ß folds to ss */
    assert_slug("\xef\xac\x81re", 100, "fire");           /* the ﬁ ligature */
    assert_slug("Cafe\xcc\x81 CAF\xc3\x89", 100, "caf\xc3\xa9-caf\xc3\xa9"); /* e + U+0301 */
    assert_slug("\xc2\xbd price", 100, "1-2-price");      /* ½ is 1⁄2 */
    assert_slug("\xce\x9f\xce\xa3\xce\xa3", 100, "\xce\xbf\xcf\x83\xcf\x83"); /* ΟΣΣ */
}

static void test_slug_keeps_arabic_and_indic(void **state)
{
    (void)state;
    /* Rocket attacks in Aleppo. */
    assert_slug("هجمات صاروخية في حلب", 200, "هجمات-صاروخية-في-حلب");
    /* With its dateline and Arabic-Indic digits, which are kept. */
    assert_slug("العالم - سوريا: ٧ قتلى", 200, "العالم-سوريا-٧-قتلى");
    /* Harakat (combining marks) stay on their letters: مُحَمَّد. */
    assert_slug("\xd9\x85\xd9\x8f\xd8\xad\xd9\x8e\xd9\x85\xd9\x8e\xd9\x91\xd8\xaf", 200,
                "\xd9\x85\xd9\x8f\xd8\xad\xd9\x8e\xd9\x85\xd9\x8e\xd9\x91\xd8\xaf");
    /* Devanagari vowel signs and virama (Mn and Mc): नमस्ते दुनिया. */
    assert_slug("नमस्ते दुनिया", 200, "नमस्ते-दुनिया");
    /* Zero-width non-joiner inside a Persian word and a soft hyphen do not
     * split words: می‌خواهم, news­paper. */
    assert_slug("\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87\xd9\x85", 200,
                "\xd9\x85\xdb\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87\xd9\x85");
    assert_slug("news\xc2\xadpaper \xe2\x80\x8b", 200, "newspaper");
    /* A mark with no letter before it is dropped. */
    assert_slug("\xcc\x81" "a \xcc\x81", 200, "a");
    /* Arabic presentation forms fold to the plain letters. */
    assert_slug("\xef\xbb\xb7", 200, "\xd9\x84\xd8\xa3"); /* ligature U+FEF7 -> لأ */
}

static void test_slug_length_limit(void **state)
{
    (void)state;
    assert_slug("hello world", 5, "hello");
    assert_slug("hello world", 6, "hello"); /* no trailing dash */
    assert_slug("hello world", 8, "hello-wo");
    assert_slug("hello world", 11, "hello-world");
    assert_slug("hello world", 0, "");
    /* Never half a character: حلب is six bytes. */
    assert_slug("حلب", 5, "حل");
    assert_slug("حلب", 4, "حل");
    assert_slug("حلب", 3, "ح");
    assert_slug("حلب", 1, "");
    assert_slug("a \xf0\x9d\x90\x80", 3, "a-a"); /* 𝐀 is a plain "A" after NFKC */
    char *long_slug = slug("Militant Rocket Attacks Kill 7 in Syria's Aleppo", 20);
    assert_string_equal(long_slug, "militant-rocket-atta");
    free(long_slug);
    long_slug = slug("Militant Rocket Attacks Kill 7 in Syria's Aleppo", 24);
    assert_string_equal(long_slug, "militant-rocket-attacks");
    free(long_slug);
}

static void test_slug_appends_and_rejects_invalid(void **state)
{
    (void)state;
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append_cstr(&buf, "/news/42/");
    gz_slug_append(&buf, "Hello World", 11, 100);
    assert_string_equal(gz_buf_cstr(&buf), "/news/42/hello-world");
    gz_slug_append(&buf, "bad \xc3 text", 10, 100);
    assert_string_equal(gz_buf_cstr(&buf), "/news/42/hello-world");
    gz_slug_append(&buf, "nul\0inside", 10, 100);
    assert_string_equal(gz_buf_cstr(&buf), "/news/42/hello-world");
    gz_slug_append(&buf, "!!", 2, 100);
    assert_string_equal(gz_buf_cstr(&buf), "/news/42/hello-world");
    assert_int_equal(buf.len, strlen("/news/42/hello-world"));
    gz_buf_free(&buf);
    /* Only the given length is read. */
    gz_buf_t part = GZ_BUF_INIT;
    gz_slug_append(&part, "Aleppo Syria", 6, 100);
    assert_string_equal(gz_buf_cstr(&part), "aleppo");
    gz_buf_free(&part);
}

/* Counts are characters, as the editor's counters show them. */
static void test_count_is_characters(void **state)
{
    (void)state;
    assert_int_equal(gz_utf8_count("", 0), 0);
    assert_int_equal(gz_utf8_count("abc", 3), 3);
    const char *arabic = "\xD8\xB3\xD9\x88\xD8\xB1\xD9\x8A\xD8\xA7"; /* five letters */
    assert_int_equal(gz_utf8_count(arabic, strlen(arabic)), 5);
    assert_int_equal(gz_utf8_count("\xF0\x9F\x93\xB0 news", 9), 6); /* one emoji, a space, four */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_cases),
        cmocka_unit_test(test_count_is_characters),
        cmocka_unit_test(test_invalid_cases),
        cmocka_unit_test(test_agrees_with_reference_exhaustively),
        cmocka_unit_test(test_agrees_with_reference_on_four_bytes),
        cmocka_unit_test(test_slug_of_the_sample_headline),
        cmocka_unit_test(test_slug_separators),
        cmocka_unit_test(test_slug_normalizes),
        cmocka_unit_test(test_slug_keeps_arabic_and_indic),
        cmocka_unit_test(test_slug_length_limit),
        cmocka_unit_test(test_slug_appends_and_rejects_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
