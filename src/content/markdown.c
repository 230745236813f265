/*
 * markdown.c: article bodies are GitHub-flavoured Markdown, rendered by
 * cmark-gfm, GitHub's fork of the CommonMark reference implementation,
 * with its tables, ~~strikethrough~~, bare-URL autolinks and task lists.
 * cmark-gfm's default (without CMARK_OPT_UNSAFE) replaces raw HTML by a
 * comment and drops javascript:, vbscript:, file: and non-image data:
 * links, which is exactly the policy we want: a body can never carry
 * script to a reader's browser. The tagfilter extension is attached too,
 * so the few tags GitHub never lets through stay escaped should the
 * unsafe option ever be turned on by mistake.
 *
 * Strikethrough needs two tildes: a single one is common in running text
 * ("~5 km", "~ 2,000 people"), and two such in a paragraph would strike
 * out what lies between.
 *
 * Pictures from the media library are referenced as standard Markdown
 * images with a media: address, ![alt override](media:42), so any
 * Markdown editor or preview shows them as pictures and no new syntax has
 * to be parsed. A figure is a block and an image sits in a paragraph, so
 * each reference is taken out of its paragraph and its figure placed as a
 * block right after it (a paragraph left empty goes; a table's cell cannot
 * hold a block, so there the figure follows the table). The figure's HTML
 * comes from the caller, who knows sizes and URLs, and travels as a cmark
 * custom block: cmark writes those as they are, which only code can make,
 * never a body's text, so the sanitizing above still covers every byte
 * the author typed. A reference that does not resolve (or a malformed
 * media: address) renders nothing at all rather than a broken image.
 *
 * An address pasted on a line of its own (a paragraph that is one bare
 * link) is handed to the caller's embed hook, which may answer with a
 * figure for it (an allowed provider's click-to-load player) that takes
 * the paragraph's place; content knows no providers, so the same body
 * rendered for a feed, with no such hook, keeps the link.
 */
#include "content/content.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char MEDIA_SCHEME[] = "media:";
enum { MEDIA_ID_DIGITS_MAX = 18 };

static bool is_media_reference(cmark_node *node)
{
    const char *url = cmark_node_get_type(node) == CMARK_NODE_IMAGE ? cmark_node_get_url(node)
                                                                     : NULL;
    return url != NULL && strncasecmp(url, MEDIA_SCHEME, sizeof MEDIA_SCHEME - 1) == 0;
}

/* The id of media:42: digits only, no sign, no leading zero; 0 for any
 * other shape. */
static int64_t reference_id(cmark_node *image)
{
    const char *digits = cmark_node_get_url(image) + sizeof MEDIA_SCHEME - 1;
    size_t len = strlen(digits);
    if (len == 0 || len > MEDIA_ID_DIGITS_MAX || digits[0] == '0' ||
        strspn(digits, "0123456789") != len) {
        return 0;
    }
    return strtoll(digits, NULL, 10);
}

/* CMARK_OPT_SMART is left off: imported text already has its typographic
 * quotes, and editors' straight quotes are theirs to keep. */
static const int MARKDOWN_OPTIONS = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
static const char *const EXTENSIONS[] = {"table", "strikethrough", "autolink", "tagfilter",
                                         "tasklist"};

/* A parsed body: the extensions are the parser's, and rendering needs
 * them, so the parser lives as long as the document. */
typedef struct {
    cmark_parser *parser;
    cmark_node *document;
} markdown_t;

static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

/* cmark-gfm's registration sets a plain static flag: once, for all threads. */
static void register_extensions(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

static void attach_extensions(cmark_parser *parser)
{
    pthread_once(&extensions_once, register_extensions);
    for (size_t i = 0; i < sizeof EXTENSIONS / sizeof EXTENSIONS[0]; i++) {
        cmark_syntax_extension *extension = cmark_find_syntax_extension(EXTENSIONS[i]);
        if (extension == NULL || !cmark_parser_attach_syntax_extension(parser, extension)) {
            gz_fatal("cmark-gfm: the %s extension is missing", EXTENSIONS[i]);
        }
    }
}

static markdown_t parse(const char *markdown, size_t len)
{
    markdown_t parsed = {.parser = cmark_parser_new(MARKDOWN_OPTIONS)};
    if (parsed.parser == NULL) {
        gz_fatal("cmark: out of memory");
    }
    attach_extensions(parsed.parser);
    if (markdown != NULL && len > 0) {
        cmark_parser_feed(parsed.parser, markdown, len);
    }
    parsed.document = cmark_parser_finish(parsed.parser);
    if (parsed.document == NULL) {
        gz_fatal("cmark: out of memory");
    }
    return parsed;
}

static void markdown_free(markdown_t *parsed)
{
    cmark_node_free(parsed->document);
    cmark_parser_free(parsed->parser);
}

/* The media: images of a document, in document order (the caller frees
 * the array). */
static cmark_node **collect_references(cmark_node *document, size_t *count)
{
    cmark_node **nodes = NULL;
    size_t capacity = 0;
    *count = 0;
    cmark_iter *iter = cmark_iter_new(document);
    for (cmark_event_type event; (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(iter);
        if (event != CMARK_EVENT_ENTER || !is_media_reference(node)) {
            continue;
        }
        if (*count == capacity) {
            capacity = capacity == 0 ? 8 : capacity * 2;
            nodes = realloc(nodes, capacity * sizeof *nodes);
            if (nodes == NULL) {
                gz_fatal("markdown: out of memory");
            }
        }
        nodes[(*count)++] = node;
    }
    cmark_iter_free(iter);
    return nodes;
}

size_t content_markdown_media_ids(const char *markdown, size_t len, int64_t *ids, size_t capacity)
{
    markdown_t parsed = parse(markdown, len);
    size_t count = 0, total = 0;
    cmark_node **references = collect_references(parsed.document, &count);
    for (size_t i = 0; i < count; i++) {
        int64_t id = reference_id(references[i]);
        bool seen = id == 0;
        for (size_t j = 0; !seen && j < total && j < capacity; j++) {
            seen = ids[j] == id;
        }
        if (!seen) {
            if (total < capacity) {
                ids[total] = id;
            }
            total++;
        }
    }
    free(references);
    markdown_free(&parsed);
    return total;
}

/* The image's own text (its alt), flattened. */
static void append_alt(gz_buf_t *out, cmark_node *image)
{
    cmark_iter *iter = cmark_iter_new(image);
    for (cmark_event_type event; (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(iter);
        cmark_node_type type = cmark_node_get_type(node);
        if (event != CMARK_EVENT_ENTER) {
            continue;
        }
        if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
            gz_buf_append_cstr(out, cmark_node_get_literal(node));
        } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
            gz_buf_append_char(out, ' ');
        }
    }
    cmark_iter_free(iter);
}

static cmark_node *enclosing_block(cmark_node *node)
{
    cmark_node *block = cmark_node_parent(node);
    while (block != NULL &&
           (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
        block = cmark_node_parent(block);
    }
    return block;
}

/* A paragraph with nothing left to read: only spaces and line breaks. */
static bool is_blank_paragraph(cmark_node *block)
{
    if (cmark_node_get_type(block) != CMARK_NODE_PARAGRAPH) {
        return false;
    }
    for (cmark_node *child = cmark_node_first_child(block); child != NULL;
         child = cmark_node_next(child)) {
        cmark_node_type type = cmark_node_get_type(child);
        const char *text = type == CMARK_NODE_TEXT ? cmark_node_get_literal(child) : NULL;
        bool blank = type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
                     (text != NULL && text[strspn(text, " \t")] == '\0');
        if (!blank) {
            return false;
        }
    }
    return true;
}

/* Places the figure after block or, where a block may not stand there (a
 * table's cell, its row), after the nearest enclosing block that takes it. */
static void insert_figure(cmark_node *block, const char *html)
{
    cmark_node *custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(custom, html);
    cmark_node_set_on_exit(custom, "");
    for (cmark_node *after = block; after != NULL; after = cmark_node_parent(after)) {
        if (cmark_node_insert_after(after, custom)) {
            return;
        }
    }
    cmark_node_free(custom); /* the document itself: no figure */
}

/* Replaces one reference by its figure after its block, or by nothing. */
static void replace_reference(cmark_node *image, const content_media_hooks_t *hooks,
                              gz_buf_t *figure)
{
    cmark_node *block = enclosing_block(image);
    int64_t id = reference_id(image);
    const content_media_t *media = NULL;
    if (hooks != NULL && hooks->resolve != NULL && hooks->figure != NULL && id != 0) {
        media = hooks->resolve(hooks->context, id);
    }
    gz_buf_reset(figure);
    if (media != NULL) {
        gz_buf_t alt = GZ_BUF_INIT;
        append_alt(&alt, image);
        hooks->figure(hooks->context, media, gz_buf_cstr(&alt), figure);
        gz_buf_free(&alt);
    }
    if (figure->len > 0 && block != NULL) {
        insert_figure(block, gz_buf_cstr(figure));
    }
    cmark_node_free(image); /* unlinks it too */
    if (block != NULL && is_blank_paragraph(block)) {
        cmark_node_free(block);
    }
}

/* ---- addresses pasted on a line of their own ------------------------------ */

/* A link whose only text is its own address (an autolink, <https://...>
 * or a bare one): what a pasted address becomes. "www." autolinks are
 * left alone, their address gaining an http:// the author never wrote. */
static bool is_bare_link(cmark_node *link)
{
    cmark_node *text = cmark_node_first_child(link);
    const char *url = cmark_node_get_url(link);
    return url != NULL && text != NULL && cmark_node_next(text) == NULL &&
           cmark_node_get_type(text) == CMARK_NODE_TEXT &&
           strcmp(cmark_node_get_literal(text), url) == 0;
}

/* The address of a paragraph holding one bare link and nothing else but
 * spaces; NULL for any other block. */
static const char *pasted_address(cmark_node *block)
{
    if (cmark_node_get_type(block) != CMARK_NODE_PARAGRAPH) {
        return NULL;
    }
    cmark_node *link = NULL;
    for (cmark_node *child = cmark_node_first_child(block); child != NULL;
         child = cmark_node_next(child)) {
        cmark_node_type type = cmark_node_get_type(child);
        const char *text = type == CMARK_NODE_TEXT ? cmark_node_get_literal(child) : NULL;
        if (type == CMARK_NODE_LINK && link == NULL) {
            link = child;
        } else if (text == NULL || text[strspn(text, " \t")] != '\0') {
            return NULL;
        }
    }
    return link != NULL && is_bare_link(link) ? cmark_node_get_url(link) : NULL;
}

/* Each top-level paragraph that is a pasted address becomes the figure
 * hooks->embed writes, in its place; the others stay as they are. Only
 * top-level ones: an address inside a list or a quote is part of it. */
static void replace_pasted_addresses(cmark_node *document, const content_media_hooks_t *hooks)
{
    gz_buf_t figure = GZ_BUF_INIT;
    cmark_node *next = NULL;
    for (cmark_node *block = cmark_node_first_child(document); block != NULL; block = next) {
        next = cmark_node_next(block);
        const char *url = pasted_address(block);
        if (url == NULL) {
            continue;
        }
        gz_buf_reset(&figure);
        hooks->embed(hooks->context, url, &figure);
        if (figure.len > 0) {
            insert_figure(block, gz_buf_cstr(&figure));
            cmark_node_free(block);
        }
    }
    gz_buf_free(&figure);
}

void content_markdown_to_html_with_media(gz_buf_t *out, const char *markdown, size_t len,
                                         const content_media_hooks_t *hooks)
{
    if (markdown == NULL || len == 0) {
        return;
    }
    markdown_t parsed = parse(markdown, len);
    size_t count = 0;
    cmark_node **references = collect_references(parsed.document, &count);
    gz_buf_t figure = GZ_BUF_INIT;
    /* Last first: each figure goes right after its block, so the figures of
     * one paragraph end up in the order they were written. */
    for (size_t i = count; i-- > 0;) {
        replace_reference(references[i], hooks, &figure);
    }
    gz_buf_free(&figure);
    free(references);
    if (hooks != NULL && hooks->embed != NULL) {
        replace_pasted_addresses(parsed.document, hooks);
    }
    char *html = cmark_render_html(parsed.document, MARKDOWN_OPTIONS,
                                   cmark_parser_get_syntax_extensions(parsed.parser));
    if (html == NULL) {
        gz_fatal("cmark: out of memory");
    }
    gz_buf_append_cstr(out, html);
    free(html);
    markdown_free(&parsed);
}

void content_markdown_to_html(gz_buf_t *out, const char *markdown, size_t len)
{
    content_markdown_to_html_with_media(out, markdown, len, NULL);
}
