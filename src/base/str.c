/*
 * Byte ranges and number parsing.
 *
 * A gz_str_t points at bytes someone else owns, so comparing and trimming
 * never copy. gz_parse_int64 lives here rather than using strtoll because
 * strtoll accepts leading space, a '+' sign and trailing junk, and reports
 * overflow through errno; config values and URL ids want all-or-nothing.
 */
#include "base/base.h"

#include <string.h>

gz_str_t gz_str_from_cstr(const char *cstr)
{
    if (cstr == NULL)
        return (gz_str_t){"", 0};
    return (gz_str_t){cstr, strlen(cstr)};
}

bool gz_str_eq(gz_str_t a, gz_str_t b)
{
    if (a.len != b.len)
        return false;
    return a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0;
}

bool gz_str_eq_cstr(gz_str_t a, const char *cstr)
{
    return gz_str_eq(a, gz_str_from_cstr(cstr));
}

bool gz_str_starts_with(gz_str_t s, const char *prefix)
{
    size_t prefix_len = prefix == NULL ? 0 : strlen(prefix);
    if (prefix_len > s.len)
        return false;
    return prefix_len == 0 || memcmp(s.ptr, prefix, prefix_len) == 0;
}

static bool is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

gz_str_t gz_str_trim(gz_str_t s)
{
    while (s.len > 0 && is_ascii_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len > 0 && is_ascii_space(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

int gz_parse_int64(gz_str_t text, int64_t *out)
{
    size_t i = 0;
    bool negative = false;
    if (text.len > 0 && text.ptr[0] == '-') {
        negative = true;
        i = 1;
    }
    if (i == text.len)
        return GZ_EINVAL;
    /* Accumulate as a negative number so INT64_MIN fits. */
    int64_t value = 0;
    for (; i < text.len; i++) {
        char c = text.ptr[i];
        if (c < '0' || c > '9')
            return GZ_EINVAL;
        int digit = c - '0';
        if (value < (INT64_MIN + digit) / 10)
            return GZ_EINVAL;
        value = value * 10 - digit;
    }
    if (!negative) {
        if (value == INT64_MIN)
            return GZ_EINVAL;
        value = -value;
    }
    *out = value;
    return GZ_OK;
}
