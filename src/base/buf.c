/*
 * Growable byte buffers and the two escapers every page needs.
 *
 * A gz_buf_t owns its bytes and keeps them NUL-terminated, so a buffer can be
 * handed to C APIs that want a string without another copy. Capacity doubles
 * so appending n bytes costs O(n) overall; sizes are checked before they can
 * wrap, and allocation failure is fatal like everywhere in base.
 *
 * The HTML and JSON escapers copy runs of ordinary bytes in one append and
 * only stop at the few bytes that need an entity or an escape, because page
 * rendering spends most of its time here.
 */
#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BUF_MIN_CAPACITY = 64 };

void gz_buf_reserve(gz_buf_t *buf, size_t extra)
{
    if (extra > SIZE_MAX - 1 - buf->len)
        gz_fatal("buffer size overflow (%zu + %zu bytes)", buf->len, extra);
    size_t needed = buf->len + extra + 1; /* room for the NUL */
    if (needed <= buf->cap)
        return;
    size_t capacity = buf->cap < BUF_MIN_CAPACITY ? BUF_MIN_CAPACITY : buf->cap;
    while (capacity < needed)
        capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
    buf->data = gz_realloc(buf->data, capacity);
    buf->cap = capacity;
    buf->data[buf->len] = '\0';
}

void gz_buf_append(gz_buf_t *buf, const void *bytes, size_t len)
{
    if (len == 0)
        return;
    gz_buf_reserve(buf, len);
    memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void gz_buf_append_str(gz_buf_t *buf, gz_str_t s)
{
    gz_buf_append(buf, s.ptr, s.len);
}

void gz_buf_append_cstr(gz_buf_t *buf, const char *cstr)
{
    if (cstr != NULL)
        gz_buf_append(buf, cstr, strlen(cstr));
}

void gz_buf_append_char(gz_buf_t *buf, char c)
{
    gz_buf_reserve(buf, 1);
    buf->data[buf->len++] = c;
    buf->data[buf->len] = '\0';
}

void gz_buf_printf(gz_buf_t *buf, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    gz_buf_vprintf(buf, fmt, args);
    va_end(args);
}

void gz_buf_vprintf(gz_buf_t *buf, const char *fmt, va_list args)
{
    va_list retry;
    va_copy(retry, args);
    gz_buf_reserve(buf, BUF_MIN_CAPACITY);
    size_t room = buf->cap - buf->len;
    int written = vsnprintf(buf->data + buf->len, room, fmt, args);
    if (written < 0)
        gz_fatal("gz_buf_vprintf: bad format \"%s\"", fmt);
    if ((size_t)written >= room) {
        gz_buf_reserve(buf, (size_t)written);
        vsnprintf(buf->data + buf->len, (size_t)written + 1, fmt, retry);
    }
    va_end(retry);
    buf->len += (size_t)written;
}

void gz_buf_reset(gz_buf_t *buf)
{
    buf->len = 0;
    if (buf->data != NULL)
        buf->data[0] = '\0';
}

void gz_buf_free(gz_buf_t *buf)
{
    free(buf->data);
    *buf = GZ_BUF_INIT;
}

gz_str_t gz_buf_str(const gz_buf_t *buf)
{
    if (buf->data == NULL)
        return (gz_str_t){"", 0};
    return (gz_str_t){buf->data, buf->len};
}

const char *gz_buf_cstr(const gz_buf_t *buf)
{
    return buf->data == NULL ? "" : buf->data;
}

char *gz_buf_detach(gz_buf_t *buf, size_t *len)
{
    char *data = buf->data != NULL ? buf->data : gz_strdup("");
    if (len != NULL)
        *len = buf->len;
    *buf = GZ_BUF_INIT;
    return data;
}

static const char *html_entity(char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return NULL;
    }
}

void gz_buf_append_html(gz_buf_t *buf, const char *text, size_t len)
{
    size_t run_start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *entity = html_entity(text[i]);
        if (entity == NULL)
            continue;
        gz_buf_append(buf, text + run_start, i - run_start);
        gz_buf_append_cstr(buf, entity);
        run_start = i + 1;
    }
    gz_buf_append(buf, text + run_start, len - run_start);
}

/* The escape for one byte, or NULL when it is copied as it is. Control
 * characters without a short form are written as \u00XX into scratch. */
static const char *json_escape_byte(unsigned char c, char scratch[8])
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    case '<':
        return "\\u003c";
    case '>':
        return "\\u003e";
    case '&':
        return "\\u0026";
    default:
        break;
    }
    if (c < 0x20) {
        snprintf(scratch, 8, "\\u%04x", (unsigned)c);
        return scratch;
    }
    return NULL;
}

/* U+2028 and U+2029 are line terminators to JavaScript but not to JSON. */
static const char *json_escape_separator(const char *text, size_t len, size_t i)
{
    if (i + 2 >= len || (unsigned char)text[i] != 0xE2 || (unsigned char)text[i + 1] != 0x80)
        return NULL;
    if ((unsigned char)text[i + 2] == 0xA8)
        return "\\u2028";
    if ((unsigned char)text[i + 2] == 0xA9)
        return "\\u2029";
    return NULL;
}

void gz_buf_append_json(gz_buf_t *buf, const char *text, size_t len)
{
    char scratch[8];
    size_t run_start = 0;
    size_t i = 0;
    while (i < len) {
        size_t width = 1;
        const char *escape = json_escape_byte((unsigned char)text[i], scratch);
        if (escape == NULL) {
            escape = json_escape_separator(text, len, i);
            width = 3;
        }
        if (escape == NULL) {
            i++;
            continue;
        }
        gz_buf_append(buf, text + run_start, i - run_start);
        gz_buf_append_cstr(buf, escape);
        i += width;
        run_start = i;
    }
    gz_buf_append(buf, text + run_start, len - run_start);
}
