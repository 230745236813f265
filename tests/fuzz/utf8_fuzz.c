/*
 * libFuzzer target for gz_utf8_valid and gz_slug_append.
 *
 * The validator is checked against a plain decoder written from the
 * definition, so the word-at-a-time fast path cannot drift from it. The
 * slugger is checked for the promises its callers build URLs on: valid
 * UTF-8 out, never longer than asked, no leading, trailing or doubled '-',
 * nothing appended for invalid input, and what was in the buffer before is
 * left alone.
 *
 * Build (not part of the meson build):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     tests/fuzz/utf8_fuzz.c src/base/[a-z]*.c -linih -lutf8proc -o utf8_fuzz
 */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool reference_valid(const uint8_t *s, size_t len)
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

static void check_slug(const char *text, size_t len, size_t max_bytes, bool text_valid)
{
    static const char PREFIX[] = "/news/1/";
    gz_buf_t buf = GZ_BUF_INIT;
    gz_buf_append_cstr(&buf, PREFIX);
    gz_slug_append(&buf, text, len, max_bytes);
    if (memcmp(buf.data, PREFIX, sizeof PREFIX - 1) != 0)
        abort();
    const char *slug = buf.data + sizeof PREFIX - 1;
    size_t slug_len = buf.len - (sizeof PREFIX - 1);
    if (slug[slug_len] != '\0' || strlen(buf.data) != buf.len)
        abort();
    if (slug_len > max_bytes || (!text_valid && slug_len != 0))
        abort();
    if (!gz_utf8_valid(slug, slug_len))
        abort();
    if (slug_len > 0 && (slug[0] == '-' || slug[slug_len - 1] == '-'))
        abort();
    if (strstr(slug, "--") != NULL)
        abort();
    for (size_t i = 0; i < slug_len; i++) {
        unsigned char c = (unsigned char)slug[i];
        /* ASCII survivors are lower-case letters, digits and '-'. */
        if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            abort();
    }
    gz_buf_free(&buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    bool valid = gz_utf8_valid(text, size);
    if (valid != reference_valid(data, size))
        abort();
    /* Every suffix exercises the fast path at another alignment. */
    for (size_t skip = 1; skip < 8 && skip <= size; skip++) {
        if (gz_utf8_valid(text + skip, size - skip) != reference_valid(data + skip, size - skip))
            abort();
    }
    size_t max_bytes = size > 0 ? data[0] : 0;
    check_slug(text, size, max_bytes, valid);
    check_slug(text, size, SIZE_MAX, valid);
    return 0;
}
