/*
 * words.c: how long a text is, for the editor's "412 words · 2 min read".
 *
 * A word is what lies between spaces and holds at least one letter or
 * digit, in any script: "well-known", "don't", "2,000" and "والصحفيين" are
 * one word each, and Markdown's own marks ("**", "#", "-", "|") are none.
 * A link's address stays glued to its text ("report](https://...)"), so
 * Markdown is counted as typed without being parsed. The rule is this
 * plain on purpose: the editor's script counts the same way as the text
 * changes (admin.js), and the two must agree on every keystroke.
 */
#include "content/content.h"

#include <limits.h>
#include <utf8proc.h>

enum { WORDS_PER_MINUTE = 230 };

/* Spaces as JavaScript's \s sees them: ASCII's, Unicode's separators and
 * the byte order mark. */
static bool is_space(utf8proc_int32_t cp)
{
    if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xFEFF)
        return true;
    utf8proc_category_t category = utf8proc_category(cp);
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
           category == UTF8PROC_CATEGORY_ZP;
}

static bool is_letter_or_digit(utf8proc_int32_t cp)
{
    utf8proc_category_t category = utf8proc_category(cp);
    return (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
           (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO);
}

size_t content_word_count(const char *text, size_t len)
{
    size_t words = 0;
    bool in_word = false; /* the current run of non-spaces already counted */
    for (size_t at = 0; text != NULL && at < len;) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t size = utf8proc_iterate((const utf8proc_uint8_t *)text + at,
                                                 (utf8proc_ssize_t)(len - at), &cp);
        at += size > 0 ? (size_t)size : 1; /* an invalid byte is neither space nor letter */
        if (size > 0 && is_space(cp)) {
            in_word = false;
        } else if (!in_word && size > 0 && is_letter_or_digit(cp)) {
            in_word = true;
            words++;
        }
    }
    return words;
}

unsigned content_reading_minutes(size_t words)
{
    size_t minutes = (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE;
    return minutes < 1 ? 1 : minutes > UINT_MAX ? UINT_MAX : (unsigned)minutes;
}
