/*
 * UTF-8 validation and URL slugs.
 *
 * Text is UTF-8 everywhere inside Gazette and is checked once at the edge,
 * so the validator must be strict (Unicode's table 3-7: no overlong forms,
 * no surrogates, nothing past U+10FFFF, no truncated sequences) and fast on
 * the common case: it checks eight ASCII bytes at a time with word
 * arithmetic before falling back to the byte-by-byte state machine. NUL is
 * rejected too, because a NUL in a headline would cut it short in every C
 * API downstream.
 *
 * Slugs keep letters and digits of every script (Arabic headlines keep
 * Arabic slugs) after NFKC normalization and case folding by utf8proc, so
 * "Ｓｙｒｉａ" and "syria" give the same slug. Combining marks are kept when
 * they follow a kept letter, because Arabic and Indic words are not
 * readable without them. Invisible format characters (the zero-width
 * non-joiner inside Persian words, soft hyphens) are dropped without
 * splitting the word. Slugs are decoration: ids make URLs stable.
 */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const uint64_t HIGH_BITS = 0x8080808080808080ULL;
static const uint64_t LOW_BITS = 0x0101010101010101ULL;

/* True when all eight bytes are ASCII and none is NUL. */
static bool word_is_plain_ascii(const unsigned char *bytes)
{
    uint64_t word;
    memcpy(&word, bytes, sizeof word);
    uint64_t has_zero_byte = (word - LOW_BITS) & ~word & HIGH_BITS;
    return ((word & HIGH_BITS) | has_zero_byte) == 0;
}

/* Length of the well-formed sequence starting at bytes[0], or 0. */
static size_t sequence_length(const unsigned char *bytes, size_t available)
{
    unsigned char lead = bytes[0];
    if (lead >= 0x01 && lead <= 0x7F)
        return 1;
    size_t length;
    unsigned char second_min = 0x80, second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            second_min = 0xA0; /* overlong */
        else if (lead == 0xED)
            second_max = 0x9F; /* surrogates */
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            second_min = 0x90; /* overlong */
        else if (lead == 0xF4)
            second_max = 0x8F; /* past U+10FFFF */
    } else {
        return 0; /* NUL, continuation byte, C0, C1, F5..FF */
    }
    if (available < length || bytes[1] < second_min || bytes[1] > second_max)
        return 0;
    for (size_t i = 2; i < length; i++) {
        if (bytes[i] < 0x80 || bytes[i] > 0xBF)
            return 0;
    }
    return length;
}

bool gz_utf8_valid(const char *bytes, size_t len)
{
    const unsigned char *text = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8 && word_is_plain_ascii(text + i)) {
            i += 8;
            continue;
        }
        size_t length = sequence_length(text + i, len - i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

size_t gz_utf8_count(const char *bytes, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += ((unsigned char)bytes[i] & 0xC0) != 0x80; /* every byte but a continuation */
    return count;
}

static bool is_letter(utf8proc_category_t category)
{
    return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

static bool is_number(utf8proc_category_t category)
{
    return category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO;
}

static bool is_joining_mark(utf8proc_category_t category)
{
    return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC;
}

/* Writes the slug of normalized (valid UTF-8) text to buf, stopping once it
 * is longer than limit; the caller cuts it to size. */
static void append_slug_words(gz_buf_t *buf, const utf8proc_uint8_t *normalized,
                              utf8proc_ssize_t length, size_t start, size_t limit)
{
    bool pending_dash = false;
    bool after_letter = false;
    utf8proc_ssize_t at = 0;
    while (at < length && buf->len - start <= limit) {
        utf8proc_int32_t code_point;
        utf8proc_ssize_t width = utf8proc_iterate(normalized + at, length - at, &code_point);
        if (width <= 0)
            break; /* cannot happen on utf8proc's own output */
        utf8proc_category_t category = utf8proc_category(code_point);
        if (category == UTF8PROC_CATEGORY_CF) {
            at += width; /* ZWNJ inside a Persian word, soft hyphens: invisible */
            continue;
        }
        bool keep = is_letter(category) || is_number(category) ||
                    (after_letter && is_joining_mark(category));
        if (keep) {
            if (pending_dash && buf->len > start)
                gz_buf_append_char(buf, '-');
            pending_dash = false;
            gz_buf_append(buf, normalized + at, (size_t)width);
            after_letter = is_letter(category) || is_joining_mark(category);
        } else {
            pending_dash = true;
            after_letter = false;
        }
        at += width;
    }
}

void gz_slug_append(gz_buf_t *buf, const char *text, size_t len, size_t max_bytes)
{
    if (len == 0 || max_bytes == 0 || !gz_utf8_valid(text, len) || len > (size_t)INT32_MAX)
        return;
    utf8proc_uint8_t *normalized = NULL;
    utf8proc_ssize_t length =
        utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &normalized,
                     UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (length < 0) {
        if (length == UTF8PROC_ERROR_NOMEM)
            gz_fatal("out of memory normalizing %zu bytes", len);
        return;
    }
    size_t start = buf->len;
    append_slug_words(buf, normalized, length, start, max_bytes);
    free(normalized);

    size_t slug_length = buf->len - start;
    if (slug_length > max_bytes) {
        slug_length = max_bytes;
        /* Back up to the start of a character. */
        while (slug_length > 0 && ((unsigned char)buf->data[start + slug_length] & 0xC0) == 0x80)
            slug_length--;
    }
    while (slug_length > 0 && buf->data[start + slug_length - 1] == '-')
        slug_length--;
    buf->len = start + slug_length;
    if (buf->data != NULL)
        buf->data[buf->len] = '\0';
}
