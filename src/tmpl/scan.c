/*
 * scan.c: template text to tokens, the first step of compiling.
 *
 * Mustache has no grammar beyond "text, then a tag between the current
 * delimiters", so the scanner is a loop over memmem: it copies nothing and
 * records byte offsets only. Text is cut at every line end, which makes the
 * standalone rule ("a section, comment, partial... tag alone on its line
 * removes that line") a simple check over the tokens of each line, done
 * once here instead of at every render. Nesting is checked here too, with a
 * fixed stack of TMPL_MAX_NESTING open sections, so a hostile template of
 * ten thousand nested sections fails with a message rather than recursing.
 *
 * One extension to the standalone rule comes from the inheritance spec: a
 * parent tag ({{<name}}) and its closing tag do not count as content of
 * their line, so "{{<layout}}{{$body}}" alone on a line is standalone.
 */
#include "tmpl/tmpl_private.h"

#include <string.h>

typedef struct {
    const char *label;
    const char *text;
    size_t len;
    size_t pos;
    uint32_t line;
    gz_str_t open;
    gz_str_t close;
    size_t open_tokens[TMPL_MAX_NESTING]; /* indices of the open containers */
    size_t depth;
    tmpl_tokens_t *tokens;
    gz_buf_t *error;
} scanner_t;

__attribute__((format(printf, 3, 4))) static int fail(scanner_t *scanner, uint32_t line,
                                                      const char *format, ...)
{
    if (scanner->error != NULL) {
        gz_buf_printf(scanner->error, "%s:%u: ", scanner->label, (unsigned)line);
        va_list args;
        va_start(args, format);
        gz_buf_vprintf(scanner->error, format, args);
        va_end(args);
    }
    return GZ_EPARSE;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends a token; the pointer is valid until the next push. */
static tmpl_token_t *push_token(scanner_t *scanner, tmpl_token_kind_t kind, size_t start,
                                size_t end)
{
    tmpl_tokens_t *tokens = scanner->tokens;
    if (tokens->count == tokens->capacity) {
        size_t capacity = tokens->capacity == 0 ? 64 : tokens->capacity * 2;
        if (capacity > SIZE_MAX / sizeof *tokens->items)
            gz_fatal("template token list too large");
        tokens->items = gz_realloc(tokens->items, capacity * sizeof *tokens->items);
        tokens->capacity = capacity;
    }
    tmpl_token_t *token = &tokens->items[tokens->count++];
    *token = (tmpl_token_t){.kind = (uint8_t)kind, .line = scanner->line, .start = start,
                            .end = end, .name_start = start, .indent_start = start};
    return token;
}

/* Text up to end, one token per line. */
static void scan_text(scanner_t *scanner, size_t end)
{
    while (scanner->pos < end) {
        const char *newline = memchr(scanner->text + scanner->pos, '\n', end - scanner->pos);
        size_t stop = newline != NULL ? (size_t)(newline - scanner->text) + 1 : end;
        push_token(scanner, TMPL_TOKEN_TEXT, scanner->pos, stop);
        if (newline != NULL)
            scanner->line++;
        scanner->pos = stop;
    }
}

/* Offset of the closing delimiter at or after from, or of the character
 * before it when before is not NUL ("}" of "}}}", "=" of "=}}"); SIZE_MAX
 * when the tag never closes. */
static size_t find_closing(const scanner_t *scanner, size_t from, char before)
{
    size_t at = from;
    while (at < scanner->len) {
        const char *hit = memmem(scanner->text + at, scanner->len - at, scanner->close.ptr,
                                 scanner->close.len);
        if (hit == NULL)
            return SIZE_MAX;
        size_t found = (size_t)(hit - scanner->text);
        if (before == '\0')
            return found;
        if (found > from && scanner->text[found - 1] == before)
            return found - 1;
        at = found + 1;
    }
    return SIZE_MAX;
}

static tmpl_token_kind_t kind_of_sigil(char sigil)
{
    switch (sigil) {
    case '#':
        return TMPL_TOKEN_SECTION;
    case '^':
        return TMPL_TOKEN_INVERTED;
    case '/':
        return TMPL_TOKEN_CLOSE;
    case '!':
        return TMPL_TOKEN_COMMENT;
    case '=':
        return TMPL_TOKEN_DELIMITERS;
    case '>':
        return TMPL_TOKEN_PARTIAL;
    case '<':
        return TMPL_TOKEN_PARENT;
    case '$':
        return TMPL_TOKEN_BLOCK;
    case '&':
    case '{':
        return TMPL_TOKEN_RAW;
    default:
        return TMPL_TOKEN_VARIABLE;
    }
}

static void trim(const char *text, size_t *start, size_t *end)
{
    while (*start < *end && is_space(text[*start]))
        (*start)++;
    while (*end > *start && is_space(text[*end - 1]))
        (*end)--;
}

static bool has_space(const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (is_space(bytes[i]))
            return true;
    }
    return false;
}

/* "." alone, or parts separated by single dots. */
static bool is_dotted_name(const char *name, size_t len)
{
    if (len == 1 && name[0] == '.')
        return true;
    size_t parts = 1;
    for (size_t i = 0; i < len; i++) {
        bool at_edge = i == 0 || i == len - 1 || name[i + 1] == '.';
        if (name[i] == '.' && (at_edge || ++parts > TMPL_MAX_NAME_PARTS))
            return false;
    }
    return true;
}

static bool takes_dotted_name(const tmpl_token_t *token)
{
    return token->kind == TMPL_TOKEN_VARIABLE || token->kind == TMPL_TOKEN_RAW ||
           token->kind == TMPL_TOKEN_SECTION || token->kind == TMPL_TOKEN_INVERTED ||
           (token->flags & TMPL_TOKEN_DYNAMIC) != 0;
}

/* Sets the token's name from the tag's content [start, end). */
static int take_name(scanner_t *scanner, tmpl_token_t *token, size_t start, size_t end)
{
    const char *text = scanner->text;
    trim(text, &start, &end);
    bool may_be_dynamic = token->kind == TMPL_TOKEN_PARTIAL || token->kind == TMPL_TOKEN_PARENT ||
                          token->kind == TMPL_TOKEN_CLOSE;
    if (may_be_dynamic && start < end && text[start] == '*') {
        token->flags |= TMPL_TOKEN_DYNAMIC;
        start++;
        trim(text, &start, &end);
    }
    token->name_start = start;
    token->name_len = end - start;
    if (token->name_len == 0)
        return fail(scanner, token->line, "tag without a name");
    if (has_space(text + start, end - start) || memchr(text + start, '\0', end - start) != NULL ||
        (takes_dotted_name(token) && !is_dotted_name(text + start, end - start)))
        return fail(scanner, token->line, "invalid name '%.*s'", (int)token->name_len,
                    text + start);
    return GZ_OK;
}

/* {{=<% %>=}}: content is "<% %>", two delimiters without white space or
 * '=' inside. */
static int set_delimiters(scanner_t *scanner, uint32_t line, size_t start, size_t end)
{
    const char *text = scanner->text;
    trim(text, &start, &end);
    size_t open_end = start;
    while (open_end < end && !is_space(text[open_end]))
        open_end++;
    size_t close_start = open_end;
    while (close_start < end && is_space(text[close_start]))
        close_start++;
    gz_str_t open = {text + start, open_end - start};
    gz_str_t close = {text + close_start, end - close_start};
    if (open.len == 0 || close.len == 0 || has_space(close.ptr, close.len) ||
        memchr(open.ptr, '=', open.len) != NULL || memchr(close.ptr, '=', close.len) != NULL)
        return fail(scanner, line, "invalid set delimiters tag");
    scanner->open = open;
    scanner->close = close;
    return GZ_OK;
}

static int open_container(scanner_t *scanner, size_t index)
{
    if (scanner->depth == TMPL_MAX_NESTING)
        return fail(scanner, scanner->tokens->items[index].line,
                    "sections nested deeper than %d", TMPL_MAX_NESTING);
    scanner->open_tokens[scanner->depth++] = index;
    return GZ_OK;
}

static int close_container(scanner_t *scanner, size_t index)
{
    tmpl_token_t *close = &scanner->tokens->items[index];
    const char *name = scanner->text + close->name_start;
    if (scanner->depth == 0)
        return fail(scanner, close->line, "mismatched section close '%.*s': no section is open",
                    (int)close->name_len, name);
    const tmpl_token_t *open = &scanner->tokens->items[scanner->open_tokens[scanner->depth - 1]];
    bool same = open->name_len == close->name_len &&
                memcmp(scanner->text + open->name_start, name, close->name_len) == 0 &&
                (open->flags & TMPL_TOKEN_DYNAMIC) == (close->flags & TMPL_TOKEN_DYNAMIC);
    if (!same)
        return fail(scanner, close->line,
                    "mismatched section close '%.*s': '%.*s' (line %u) is open",
                    (int)close->name_len, name, (int)open->name_len,
                    scanner->text + open->name_start, (unsigned)open->line);
    if (open->kind == TMPL_TOKEN_PARENT)
        close->flags |= TMPL_TOKEN_CLOSES_PARENT;
    scanner->depth--;
    return GZ_OK;
}

/* Checks and records what the tag at index says, its content being
 * [start, end). */
static int finish_tag(scanner_t *scanner, size_t index, size_t start, size_t end)
{
    tmpl_token_t *token = &scanner->tokens->items[index];
    if (token->kind == TMPL_TOKEN_COMMENT)
        return GZ_OK;
    if (token->kind == TMPL_TOKEN_DELIMITERS)
        return set_delimiters(scanner, token->line, start, end);
    int code = take_name(scanner, token, start, end);
    if (code != GZ_OK)
        return code;
    switch (token->kind) {
    case TMPL_TOKEN_SECTION:
    case TMPL_TOKEN_INVERTED:
    case TMPL_TOKEN_PARENT:
    case TMPL_TOKEN_BLOCK:
        return open_container(scanner, index);
    case TMPL_TOKEN_CLOSE:
        return close_container(scanner, index);
    default:
        return GZ_OK;
    }
}

static void count_lines(scanner_t *scanner, size_t start, size_t end)
{
    const char *at = scanner->text + start;
    const char *stop = scanner->text + end;
    while ((at = memchr(at, '\n', (size_t)(stop - at))) != NULL) {
        scanner->line++;
        at++;
    }
}

/* The tag whose open delimiter starts at tag_start. */
static int scan_tag(scanner_t *scanner, size_t tag_start)
{
    size_t inner = tag_start + scanner->open.len;
    char sigil = inner < scanner->len ? scanner->text[inner] : '\0';
    tmpl_token_kind_t kind = kind_of_sigil(sigil);
    bool has_sigil = kind != TMPL_TOKEN_VARIABLE;
    char before = sigil == '{' ? '}' : (sigil == '=' ? '=' : '\0');
    size_t start = inner + (has_sigil ? 1 : 0);
    size_t end = start > scanner->len ? SIZE_MAX : find_closing(scanner, start, before);
    if (end == SIZE_MAX)
        return fail(scanner, scanner->line, "unclosed tag");
    size_t tag_end = end + (before != '\0' ? 1 : 0) + scanner->close.len;
    push_token(scanner, kind, tag_start, tag_end);
    size_t index = scanner->tokens->count - 1;
    count_lines(scanner, tag_start, tag_end);
    scanner->pos = tag_end;
    return finish_tag(scanner, index, start, end);
}

/* ---- standalone lines ---------------------------------------------------- */

/* Spaces and tabs, then nothing or the line end ("\n" or "\r\n"). */
static bool is_blank_text(const char *text, const tmpl_token_t *token)
{
    for (size_t i = token->start; i < token->end; i++) {
        char c = text[i];
        bool line_end = (c == '\n' && i + 1 == token->end) ||
                        (c == '\r' && i + 2 == token->end && text[i + 1] == '\n');
        if (!tmpl_is_blank(c) && !line_end)
            return false;
    }
    return true;
}

static bool is_transparent(const tmpl_token_t *token)
{
    return token->kind == TMPL_TOKEN_PARENT ||
           (token->kind == TMPL_TOKEN_CLOSE && (token->flags & TMPL_TOKEN_CLOSES_PARENT) != 0);
}

/* Tokens [first, last] are one line: when it holds white space and one tag
 * that may stand alone (parent tags aside), the white space goes and the
 * tags remember the indentation. */
static void mark_line(tmpl_token_t *tokens, const char *text, size_t first, size_t last)
{
    size_t tags = 0;
    size_t opaque_tags = 0;
    for (size_t k = first; k <= last; k++) {
        const tmpl_token_t *token = &tokens[k];
        if (token->kind == TMPL_TOKEN_TEXT) {
            if (!is_blank_text(text, token))
                return;
        } else if (token->kind == TMPL_TOKEN_VARIABLE || token->kind == TMPL_TOKEN_RAW) {
            return;
        } else {
            tags++;
            opaque_tags += is_transparent(token) ? 0 : 1;
        }
    }
    if (tags == 0 || opaque_tags > 1)
        return;
    bool indented = tokens[first].kind == TMPL_TOKEN_TEXT;
    size_t indent_start = tokens[first].start;
    size_t indent_len = indented ? tokens[first].end - tokens[first].start : 0;
    for (size_t k = first; k <= last; k++) {
        tmpl_token_t *token = &tokens[k];
        if (token->kind == TMPL_TOKEN_TEXT) {
            token->end = token->start;
        } else {
            token->flags |= TMPL_TOKEN_STANDALONE;
            token->indent_start = indent_start;
            token->indent_len = indent_len;
        }
    }
}

static void mark_standalone_lines(tmpl_tokens_t *tokens, const char *text)
{
    size_t first = 0;
    for (size_t k = 0; k < tokens->count; k++) {
        const tmpl_token_t *token = &tokens->items[k];
        bool ends_line = token->kind == TMPL_TOKEN_TEXT && text[token->end - 1] == '\n';
        if (ends_line || k + 1 == tokens->count) {
            mark_line(tokens->items, text, first, k);
            first = k + 1;
        }
    }
}

int tmpl_scan(const char *label, const char *text, size_t len, tmpl_tokens_t *tokens,
              gz_buf_t *error)
{
    scanner_t scanner = {.label = label, .text = text, .len = len, .line = 1,
                         .open = GZ_STR("{{"), .close = GZ_STR("}}"), .tokens = tokens,
                         .error = error};
    while (scanner.pos < len) {
        const char *found = memmem(text + scanner.pos, len - scanner.pos, scanner.open.ptr,
                                   scanner.open.len);
        size_t tag_start = found != NULL ? (size_t)(found - text) : len;
        scan_text(&scanner, tag_start);
        if (found == NULL)
            break;
        int code = scan_tag(&scanner, tag_start);
        if (code != GZ_OK)
            return code;
    }
    if (scanner.depth > 0) {
        const tmpl_token_t *open = &tokens->items[scanner.open_tokens[scanner.depth - 1]];
        return fail(&scanner, open->line, "unclosed section '%.*s'", (int)open->name_len,
                    text + open->name_start);
    }
    mark_standalone_lines(tokens, text);
    return GZ_OK;
}
