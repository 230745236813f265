/*
 * Private to src/ingest: the text-format parser's state and the helpers
 * its two halves share (text_format.c: lines, blocks and the article's
 * fields; text_related.c: the related items' var_dump'ed JSON).
 */
#ifndef GAZETTE_INGEST_TEXT_FORMAT_PRIVATE_H
#define GAZETTE_INGEST_TEXT_FORMAT_PRIVATE_H

#include "ingest/ingest.h"

/* The longest run of digits a numeric field may have (fits int64). */
#define MAX_DIGIT_FIELD 18

typedef struct {
    gz_str_t text; /* without the line ending */
    size_t number; /* 1-based */
} text_line_t;

typedef struct {
    size_t first; /* index into lines */
    size_t count;
} text_block_t;

typedef struct {
    const char *file_name;
    const ingest_options_t *options;
    gz_pool_t *pool;
    gz_buf_t *error;
    const char *end; /* end of the file's bytes */
    text_line_t *lines;
    size_t line_count;
    text_block_t *blocks;
    size_t block_count;
    size_t related_line; /* index of the "string(" line, line_count when none */
} parser_t;

/* Appends "FILE:LINE: message" (or "FILE: message" for line 0) to the
 * error; returns GZ_EPARSE. */
int text_fail(parser_t *parser, size_t line_number, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An ASCII digit. */
bool text_is_digit(char c);

/* A NUL-terminated copy of s from the parser's pool. */
const char *text_pool_cstr(parser_t *parser, gz_str_t s);

/* Fills out with the known content type id (or just the id). */
void text_set_type(parser_t *parser, content_type_t *out, int64_t id);

/* The known content type with this id, or NULL. */
const content_type_t *text_find_type(const ingest_options_t *options, int64_t id);

/* The slug of a headline, from the pool. */
const char *text_make_slug(parser_t *parser, const char *headline);

/* Removes a known type prefix ("VIDEO: ") from headline; its type or NULL. */
const content_type_t *text_strip_prefix(parser_t *parser, gz_str_t *headline);

/* "ar" for text mostly in Arabic script, else the site's language. */
const char *text_detect_language(const parser_t *parser, const char *text);

/* Parses the related block (from parser->related_line to the end) into
 * out's related list and stubs; GZ_OK when there is none. */
int text_parse_related(parser_t *parser, ingest_parsed_t *out);

#endif
