/*
 * text_format: the parser of the sample page's text format, bytes in,
 * content values out, with no store and no file system, so that every
 * malformed input can be tested and fuzzed cheaply.
 *
 * The main idea: split the bytes into lines, group the lines into blocks
 * separated by blank lines, and give each block its role by position
 * (headline, time, lede, dateline, body..., editor code), except the
 * related block, recognized by its "string(" start, which takes the rest of
 * the file: the legacy site printed the JSON with PHP's var_dump, quotes
 * unescaped, so its only reliable frame is the declared byte count and the
 * last quote. Every check fails with the line a person would fix.
 *
 * The body is kept as Markdown so editors can work on it later, but the
 * source text is plain: characters Markdown would interpret (a "#" or "1."
 * at a line start, "*", "_", "[", "<" anywhere, and GitHub's "~" and "|"
 * of strikethrough and tables) are backslash-escaped, so the rendered page
 * shows exactly the words of the file. So is the ":" of "://" and the "."
 * of "www.", which would otherwise become links; an e-mail address still
 * does (no escape stops it), with its words unchanged.
 *
 * Trade-off: the parser is strict about the frame (a missing time or a wrong
 * byte count is an error, not a guess) and lenient about spacing (any
 * number of blank lines between blocks, \r\n or \n).
 */
#include "ingest/ingest.h"
#include "ingest/text_format_private.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define TIME_FORMAT "%a %b %d, %Y %H:%M:%S"
#define TIME_EXAMPLE "Wed Dec 7, 2016 08:09:47"
#define MAX_DATELINE_BYTES 160

int text_fail(parser_t *parser, size_t line_number, const char *fmt, ...)
{
    if (line_number > 0)
        gz_buf_printf(parser->error, "%s:%zu: ", parser->file_name, line_number);
    else
        gz_buf_printf(parser->error, "%s: ", parser->file_name);
    va_list args;
    va_start(args, fmt);
    gz_buf_vprintf(parser->error, fmt, args);
    va_end(args);
    return GZ_EPARSE;
}

static bool is_blank(gz_str_t s)
{
    return gz_str_trim(s).len == 0;
}

bool text_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

const char *text_pool_cstr(parser_t *parser, gz_str_t s)
{
    return gz_pool_strndup(parser->pool, s.ptr, s.len);
}

/* ---- lines and blocks ------------------------------------------------- */

static void split_lines(parser_t *parser, const char *bytes, size_t len)
{
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        if (bytes[i] == '\n')
            count++;
    parser->lines = gz_pool_calloc(parser->pool, count, sizeof(text_line_t));
    size_t start = 0;
    size_t index = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && bytes[i] != '\n')
            continue;
        size_t end = i;
        if (end > start && bytes[end - 1] == '\r')
            end--;
        parser->lines[index].text = (gz_str_t){bytes + start, end - start};
        parser->lines[index].number = index + 1;
        index++;
        start = i + 1;
    }
    parser->line_count = index;
}

static int check_utf8(parser_t *parser)
{
    for (size_t i = 0; i < parser->line_count; i++) {
        gz_str_t text = parser->lines[i].text;
        if (text.len > 0 && !gz_utf8_valid(text.ptr, text.len))
            return text_fail(parser, parser->lines[i].number, "file is not valid UTF-8");
    }
    return GZ_OK;
}

static bool starts_related_block(gz_str_t line)
{
    return gz_str_starts_with(line, "string(");
}

/* Groups lines into blocks; the first block starting with "string(" after
 * the dateline (the fourth block) starts the related part, which is not
 * split further. */
static void split_blocks(parser_t *parser)
{
    parser->blocks = gz_pool_calloc(parser->pool, parser->line_count, sizeof(text_block_t));
    parser->block_count = 0;
    parser->related_line = parser->line_count;
    text_block_t *current = NULL;
    for (size_t i = 0; i < parser->line_count; i++) {
        gz_str_t text = parser->lines[i].text;
        if (is_blank(text)) {
            current = NULL;
            continue;
        }
        if (current == NULL && parser->block_count >= 4 && starts_related_block(text)) {
            parser->related_line = i;
            return;
        }
        if (current == NULL) {
            current = &parser->blocks[parser->block_count++];
            current->first = i;
        }
        current->count++;
    }
}

static const text_line_t *block_line(const parser_t *parser, size_t block, size_t offset)
{
    return &parser->lines[parser->blocks[block].first + offset];
}

static size_t last_line_number(const parser_t *parser)
{
    for (size_t i = parser->line_count; i > 0; i--)
        if (!is_blank(parser->lines[i - 1].text))
            return parser->lines[i - 1].number;
    return 1;
}

/* Checks that block index exists and is a single line. */
static int expect_single_line(parser_t *parser, size_t block, const char *what)
{
    if (block >= parser->block_count)
        return text_fail(parser, last_line_number(parser), "file ends before the %s", what);
    if (parser->blocks[block].count > 1)
        return text_fail(parser, block_line(parser, block, 1)->number,
                         "expected a blank line after the %s", what);
    return GZ_OK;
}

/* ---- headline, type, language ----------------------------------------- */

/* The length of "PREFIX:" plus the spaces after it when s starts with it. */
static size_t prefix_length(gz_str_t s, const char *prefix)
{
    size_t length = strlen(prefix);
    if (length == 0 || s.len <= length || memcmp(s.ptr, prefix, length) != 0 ||
        s.ptr[length] != ':')
        return 0;
    length++;
    while (length < s.len && (s.ptr[length] == ' ' || s.ptr[length] == '\t'))
        length++;
    return length;
}

/* Finds the content type whose prefix starts the headline (the longest one
 * when several do); returns NULL when none does. */
static const content_type_t *match_prefix(const ingest_options_t *options, gz_str_t headline,
                                          size_t *length)
{
    const content_type_t *best = NULL;
    *length = 0;
    for (size_t i = 0; i < options->content_type_count; i++) {
        const content_type_t *type = &options->content_types[i];
        if (type->headline_prefix == NULL)
            continue;
        size_t found = prefix_length(headline, type->headline_prefix);
        if (found > *length) {
            *length = found;
            best = type;
        }
    }
    return best;
}

const content_type_t *text_find_type(const ingest_options_t *options, int64_t id)
{
    for (size_t i = 0; i < options->content_type_count; i++)
        if (options->content_types[i].id == id)
            return &options->content_types[i];
    return NULL;
}

void text_set_type(parser_t *parser, content_type_t *out, int64_t id)
{
    const content_type_t *type = text_find_type(parser->options, id);
    if (type == NULL) {
        *out = (content_type_t){.id = id};
        return;
    }
    out->id = type->id;
    out->slug = gz_pool_strdup(parser->pool, type->slug);
    out->name = gz_pool_strdup(parser->pool, type->name);
    out->headline_prefix = gz_pool_strdup(parser->pool, type->headline_prefix);
}

static bool is_arabic_script(utf8proc_int32_t c)
{
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF);
}

/* Letters Persian writes and Arabic does not: pe, che, zhe, gaf, and
 * Persian's own kaf and yeh (Arabic spells those two U+0643, U+064A). */
static bool is_persian_letter(utf8proc_int32_t c)
{
    return c == 0x067E || c == 0x0686 || c == 0x0698 || c == 0x06AF || c == 0x06A9 || c == 0x06CC;
}

/* "ar" when more than half of the letters are Arabic script, "fa" when
 * those are Persian's (one in fifty of its letters at least). */
const char *text_detect_language(const parser_t *parser, const char *text)
{
    size_t letters = 0;
    size_t arabic = 0;
    size_t persian = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t remaining = (utf8proc_ssize_t)strlen(text);
    while (remaining > 0) {
        utf8proc_int32_t c;
        utf8proc_ssize_t step = utf8proc_iterate(p, remaining, &c);
        if (step <= 0)
            break;
        utf8proc_category_t category = utf8proc_category(c);
        if (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) {
            letters++;
            if (is_arabic_script(c))
                arabic++;
            if (is_persian_letter(c))
                persian++;
        }
        p += step;
        remaining -= step;
    }
    if (letters > 0 && arabic * 2 > letters)
        return persian * 50 >= arabic ? "fa" : "ar";
    const char *site = parser->options->site_language;
    return site != NULL && site[0] != '\0' ? site : "en";
}

const char *text_make_slug(parser_t *parser, const char *headline)
{
    gz_buf_t slug = GZ_BUF_INIT;
    content_slug_append(&slug, headline);
    const char *copy = gz_pool_strdup(parser->pool, gz_buf_cstr(&slug));
    gz_buf_free(&slug);
    return copy;
}

/* Strips a known type prefix; returns the type it names, or NULL. */
const content_type_t *text_strip_prefix(parser_t *parser, gz_str_t *headline)
{
    size_t length;
    const content_type_t *type = match_prefix(parser->options, *headline, &length);
    if (type != NULL) {
        headline->ptr += length;
        headline->len -= length;
        *headline = gz_str_trim(*headline);
    }
    return type;
}

static int parse_headline(parser_t *parser, content_article_t *article)
{
    if (parser->block_count == 0)
        return text_fail(parser, 1, "file is empty");
    if (parser->blocks[0].first != 0)
        return text_fail(parser, 1, "expected the headline on the first line");
    int rc = expect_single_line(parser, 0, "headline");
    if (rc != GZ_OK)
        return rc;
    gz_str_t headline = gz_str_trim(parser->lines[0].text);
    const content_type_t *type = text_strip_prefix(parser, &headline);
    if (headline.len == 0)
        return text_fail(parser, 1, "the headline is empty after its type prefix");
    article->headline = text_pool_cstr(parser, headline);
    article->slug = text_make_slug(parser, article->headline);
    article->language = text_detect_language(parser, article->headline);
    text_set_type(parser, &article->content_type,
                  type != NULL ? type->id : INGEST_DEFAULT_CONTENT_TYPE_ID);
    return GZ_OK;
}

/* ---- time, lede, dateline --------------------------------------------- */

static int parse_time(parser_t *parser, content_article_t *article)
{
    int rc = expect_single_line(parser, 1, "publication time");
    if (rc != GZ_OK)
        return rc;
    const text_line_t *line = block_line(parser, 1, 0);
    gz_time_t published;
    if (gz_time_parse_local(gz_str_trim(line->text), TIME_FORMAT, &published) != GZ_OK)
        return text_fail(parser, line->number, "expected a publication time like '%s'",
                         TIME_EXAMPLE);
    article->published_at = published;
    return GZ_OK;
}

/* The lede may wrap over several lines: they are joined by spaces. */
static int parse_lede(parser_t *parser, content_article_t *article)
{
    if (parser->block_count < 3)
        return text_fail(parser, last_line_number(parser), "file ends before the lede paragraph");
    gz_buf_t lede = GZ_BUF_INIT;
    for (size_t i = 0; i < parser->blocks[2].count; i++) {
        if (i > 0)
            gz_buf_append_char(&lede, ' ');
        gz_buf_append_str(&lede, gz_str_trim(block_line(parser, 2, i)->text));
    }
    article->summary = gz_pool_strdup(parser->pool, gz_buf_cstr(&lede));
    gz_buf_free(&lede);
    return GZ_OK;
}

static int parse_dateline(parser_t *parser, content_article_t *article)
{
    int rc = expect_single_line(parser, 3, "dateline");
    if (rc != GZ_OK)
        return rc;
    const text_line_t *line = block_line(parser, 3, 0);
    gz_str_t text = gz_str_trim(line->text);
    const char *dash = text.len <= MAX_DATELINE_BYTES ? memmem(text.ptr, text.len, " - ", 3) : NULL;
    gz_str_t source = GZ_STR_NULL;
    gz_str_t section = GZ_STR_NULL;
    if (dash != NULL) {
        source = gz_str_trim((gz_str_t){text.ptr, (size_t)(dash - text.ptr)});
        section = gz_str_trim((gz_str_t){dash + 3, text.len - (size_t)(dash - text.ptr) - 3});
    }
    if (source.len == 0 || section.len == 0)
        return text_fail(parser, line->number,
                         "expected a dateline like 'Alalam - Syria' (source - section)");
    article->dateline = text_pool_cstr(parser, source);
    article->section.name = text_pool_cstr(parser, section);
    article->section.slug = text_make_slug(parser, article->section.name);
    return GZ_OK;
}

/* ---- body and editor code --------------------------------------------- */

/* "SA - 12": 1 to 10 ASCII letters, a dash between spaces, 1 to 6 digits. */
static bool is_editor_code(gz_str_t text)
{
    size_t i = 0;
    while (i < text.len && is_ascii_letter(text.ptr[i]))
        i++;
    if (i == 0 || i > 10 || text.len - i < 4 || memcmp(text.ptr + i, " - ", 3) != 0)
        return false;
    size_t digits = text.len - i - 3;
    if (digits > 6)
        return false;
    for (size_t j = i + 3; j < text.len; j++)
        if (!text_is_digit(text.ptr[j]))
            return false;
    return true;
}

/* True when s[at] starts something like "&amp;" or "&#39;" that Markdown
 * would turn into another character. */
static bool starts_entity(gz_str_t s, size_t at)
{
    size_t i = at + 1;
    if (i < s.len && s.ptr[i] == '#')
        i++;
    size_t start = i;
    while (i < s.len && i - start < 32 && (is_ascii_letter(s.ptr[i]) || text_is_digit(s.ptr[i])))
        i++;
    return i > start && i < s.len && s.ptr[i] == ';';
}

/* Escapes what would start a heading, list, quote, thematic break, setext
 * underline or code fence at a line start; returns where to go on. */
static size_t append_line_start(gz_buf_t *out, gz_str_t line)
{
    if (line.len == 0)
        return 0;
    if (strchr("#>-+=", line.ptr[0]) != NULL) { /* "~" is escaped everywhere */
        gz_buf_append_char(out, '\\');
        return 0;
    }
    size_t digits = 0;
    while (digits < line.len && digits < 10 && text_is_digit(line.ptr[digits]))
        digits++;
    if (digits > 0 && digits < line.len && (line.ptr[digits] == '.' || line.ptr[digits] == ')')) {
        gz_buf_append(out, line.ptr, digits);
        gz_buf_append_char(out, '\\');
        return digits;
    }
    return 0;
}

/* Whether the byte at i starts what the autolink extension links: the
 * ":" of "http://", the "." of "www.". */
static bool starts_autolink(gz_str_t line, size_t i)
{
    if (line.ptr[i] == ':')
        return i + 2 < line.len && line.ptr[i + 1] == '/' && line.ptr[i + 2] == '/';
    return line.ptr[i] == '.' && i >= 3 && strncasecmp(line.ptr + i - 3, "www", 3) == 0;
}

static void append_markdown_line(gz_buf_t *out, gz_str_t line)
{
    for (size_t i = append_line_start(out, line); i < line.len; i++) {
        char c = line.ptr[i];
        if (strchr("\\`*_<[]~|", c) != NULL || (c == '&' && starts_entity(line, i)) ||
            starts_autolink(line, i))
            gz_buf_append_char(out, '\\');
        gz_buf_append_char(out, c);
    }
}

static void append_paragraph(parser_t *parser, gz_buf_t *markdown, size_t block)
{
    if (markdown->len > 0)
        gz_buf_append_cstr(markdown, "\n\n");
    for (size_t i = 0; i < parser->blocks[block].count; i++) {
        if (i > 0)
            gz_buf_append_char(markdown, '\n');
        append_markdown_line(markdown, gz_str_trim(block_line(parser, block, i)->text));
    }
}

/* Blocks from the fifth on are the body; the last one is the editor code
 * when it is a single line that looks like one. */
static int parse_body(parser_t *parser, content_article_t *article)
{
    size_t end = parser->block_count;
    size_t last = end - 1;
    if (end > 4 && parser->blocks[last].count == 1 &&
        is_editor_code(gz_str_trim(block_line(parser, last, 0)->text))) {
        article->editor_code =
            text_pool_cstr(parser, gz_str_trim(block_line(parser, last, 0)->text));
        end = last;
    }
    if (end <= 4)
        return text_fail(parser, block_line(parser, 3, 0)->number,
                         "expected at least one body paragraph after the dateline");
    gz_buf_t markdown = GZ_BUF_INIT;
    for (size_t block = 4; block < end; block++)
        append_paragraph(parser, &markdown, block);
    gz_buf_t html = GZ_BUF_INIT;
    content_markdown_to_html(&html, markdown.data, markdown.len);
    article->body_markdown = gz_pool_strdup(parser->pool, gz_buf_cstr(&markdown));
    article->body_html = gz_pool_strdup(parser->pool, gz_buf_cstr(&html));
    gz_buf_free(&markdown);
    gz_buf_free(&html);
    return GZ_OK;
}

/* ---- identity --------------------------------------------------------- */

static void set_source_ref(parser_t *parser, content_article_t *article)
{
    gz_buf_t input = GZ_BUF_INIT;
    gz_buf_append_str(&input, gz_str_trim(parser->lines[0].text));
    gz_buf_append_char(&input, '\n');
    gz_buf_append_str(&input, gz_str_trim(block_line(parser, 1, 0)->text));
    unsigned char hash[crypto_generichash_BYTES];
    if (sodium_init() < 0)
        gz_fatal("libsodium cannot start");
    crypto_generichash(hash, sizeof hash, (const unsigned char *)input.data, input.len, NULL, 0);
    gz_buf_free(&input);
    char hex[2 * 8 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, 8);
    article->source_ref = gz_pool_printf(parser->pool, "text:%s", hex);
}

/* ---- validation and entry point --------------------------------------- */

static int validate(parser_t *parser, const content_article_t *article, size_t line,
                    const char *what)
{
    gz_buf_t problems = GZ_BUF_INIT;
    int rc = content_article_validate(article, &problems);
    if (rc != GZ_OK) {
        gz_str_t text = gz_str_trim(gz_buf_str(&problems));
        text_fail(parser, line, "%s is not valid: %.*s", what, (int)text.len, text.ptr);
        rc = GZ_EPARSE;
    }
    gz_buf_free(&problems);
    return rc;
}

static int validate_all(parser_t *parser, const ingest_parsed_t *out)
{
    int rc = validate(parser, &out->article, 1, "the article");
    for (size_t i = 0; rc == GZ_OK && i < out->stub_count; i++) {
        char what[48];
        snprintf(what, sizeof what, "related item %zu", i + 1);
        rc = validate(parser, &out->stubs[i], parser->lines[parser->related_line].number, what);
    }
    return rc;
}

static int parse_article(parser_t *parser, ingest_parsed_t *out)
{
    content_article_t *article = &out->article;
    article->status = CONTENT_PUBLISHED;
    int rc = parse_headline(parser, article);
    if (rc == GZ_OK)
        rc = parse_time(parser, article);
    if (rc == GZ_OK)
        rc = parse_lede(parser, article);
    if (rc == GZ_OK)
        rc = parse_dateline(parser, article);
    if (rc == GZ_OK)
        rc = parse_body(parser, article);
    if (rc == GZ_OK)
        rc = text_parse_related(parser, out);
    if (rc != GZ_OK)
        return rc;
    set_source_ref(parser, article);
    return validate_all(parser, out);
}

int ingest_text_parse(const char *file_name, const char *bytes, size_t len,
                      const ingest_options_t *options, gz_pool_t *pool, ingest_parsed_t *out,
                      gz_buf_t *error)
{
    static const ingest_options_t no_options = {0};
    parser_t parser = {
        .file_name = file_name != NULL ? file_name : "-",
        .options = options != NULL ? options : &no_options,
        .pool = pool,
        .error = error,
    };
    *out = (ingest_parsed_t){0};
    out->file_name = gz_pool_strdup(pool, parser.file_name);
    if (len > INGEST_MAX_FILE_BYTES)
        return text_fail(&parser, 0, "file is larger than %zu MiB", INGEST_MAX_FILE_BYTES >> 20);
    if (bytes == NULL) {
        bytes = "";
        len = 0;
    }
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
    }
    parser.end = bytes + len;
    split_lines(&parser, bytes, len);
    int rc = check_utf8(&parser);
    if (rc != GZ_OK)
        return rc;
    split_blocks(&parser);
    return parse_article(&parser, out);
}
