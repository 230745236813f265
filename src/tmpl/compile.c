/*
 * compile.c: tokens to the node array that render.c walks.
 *
 * Everything that can be decided without data is decided here, once, so a
 * render only walks an array and looks names up: standalone lines are
 * already gone from the text, dotted names are split into NUL-terminated
 * parts (written into the template's own copy of the source, over the dots
 * of the tag, so no name is allocated), names of partials carry their hash,
 * and adjacent text runs are merged back into one node.
 *
 * The nodes sit in one array in document order. A container (section,
 * inverted section, parent, block) is followed by its children and records
 * in `end` the index one past them; every other node has end = index + 1.
 * Walking the children of a node is "i = node + 1; while i < end: i =
 * nodes[i].end", which needs no pointers and keeps the tree in one block.
 *
 * Inheritance (the spec's optional ~inheritance module) shapes two things.
 * Inside a parent tag only block tags count: text and other tags there are
 * dropped, so the children of a PARENT node are the blocks that override
 * the parent's own. And a block's lines lose the block's indentation here
 * (its "strip"), which the renderer adds back where the block is expanded,
 * as the spec's reindentation tests require.
 */
#include "tmpl/tmpl_private.h"

#include <stdlib.h>
#include <string.h>

#define NO_NODE UINT32_MAX

typedef struct {
    uint32_t node;   /* the container node, or NO_NODE when its content is dropped */
    uint8_t kind;    /* token kind that opened it */
    bool dropping;   /* content makes no nodes (inside a parent, outside blocks) */
    gz_str_t strip;  /* indentation removed from the start of its lines */
} frame_t;

typedef struct {
    tmpl_template_t *template;
    size_t source_len;
    frame_t frames[TMPL_MAX_NESTING + 1]; /* frames[0] is the template itself */
    size_t depth;
    size_t node_capacity;
    size_t part_count;
    size_t part_capacity;
    uint32_t last_text; /* the text node that contiguous text may extend */
} builder_t;

static size_t common_prefix(const char *bytes, size_t len, gz_str_t prefix)
{
    size_t k = 0;
    while (k < len && k < prefix.len && bytes[k] == prefix.ptr[k])
        k++;
    return k;
}

/* range without the part of prefix it starts with. */
static gz_str_t without_prefix(gz_str_t range, gz_str_t prefix)
{
    size_t k = common_prefix(range.ptr, range.len, prefix);
    return (gz_str_t){range.ptr + k, range.len - k};
}

static frame_t *current_frame(builder_t *builder)
{
    return &builder->frames[builder->depth];
}

static uint32_t push_node(builder_t *builder, tmpl_node_type_t type)
{
    tmpl_template_t *template = builder->template;
    if (template->node_count == builder->node_capacity) {
        size_t capacity = builder->node_capacity == 0 ? 16 : builder->node_capacity * 2;
        if (capacity > UINT32_MAX / 2 || capacity > SIZE_MAX / sizeof *template->nodes)
            gz_fatal("template has too many nodes");
        template->nodes = gz_realloc(template->nodes, capacity * sizeof *template->nodes);
        builder->node_capacity = capacity;
    }
    uint32_t index = template->node_count++;
    template->nodes[index] = (tmpl_node_t){.type = (uint8_t)type, .end = index + 1};
    return index;
}

static void push_part(builder_t *builder, const char *part)
{
    tmpl_template_t *template = builder->template;
    if (builder->part_count == builder->part_capacity) {
        size_t capacity = builder->part_capacity == 0 ? 16 : builder->part_capacity * 2;
        if (capacity > UINT32_MAX / 2)
            gz_fatal("template has too many names");
        template->parts = gz_realloc(template->parts, capacity * sizeof *template->parts);
        builder->part_capacity = capacity;
    }
    template->parts[builder->part_count++] = part;
}

/* Splits the token's dotted name in place into NUL-terminated parts. */
static void set_dotted_name(builder_t *builder, uint32_t index, const tmpl_token_t *token)
{
    char *name = builder->template->source + token->name_start;
    tmpl_node_t *node = &builder->template->nodes[index];
    node->part_first = (uint32_t)builder->part_count;
    name[token->name_len] = '\0'; /* a tag byte: white space or a delimiter */
    if (token->name_len == 1 && name[0] == '.')
        return; /* the implicit iterator: no parts */
    push_part(builder, name);
    for (size_t i = 0; i < token->name_len; i++) {
        if (name[i] == '.') {
            name[i] = '\0';
            push_part(builder, name + i + 1);
        }
    }
    node->part_count = (uint16_t)(builder->part_count - node->part_first);
}

static void set_static_name(builder_t *builder, uint32_t index, const tmpl_token_t *token)
{
    char *name = builder->template->source + token->name_start;
    name[token->name_len] = '\0';
    tmpl_node_t *node = &builder->template->nodes[index];
    node->name = name;
    node->name_len = token->name_len;
    node->hash = tmpl_hash(name, token->name_len);
}

/* Name of a partial or parent: a fixed name, or a dotted one for "*name". */
static void set_target_name(builder_t *builder, uint32_t index, const tmpl_token_t *token)
{
    if (token->flags & TMPL_TOKEN_DYNAMIC) {
        builder->template->nodes[index].flags |= TMPL_NODE_DYNAMIC;
        set_dotted_name(builder, index, token);
    } else {
        set_static_name(builder, index, token);
    }
}

/* A standalone tag indents what it expands by the white space that led its
 * line, less what the enclosing block strips. */
static void set_indentation(builder_t *builder, uint32_t index, const tmpl_token_t *token)
{
    if (!(token->flags & TMPL_TOKEN_STANDALONE))
        return;
    tmpl_node_t *node = &builder->template->nodes[index];
    gz_str_t indent = {builder->template->source + token->indent_start, token->indent_len};
    node->flags |= TMPL_NODE_STANDALONE;
    node->text = without_prefix(indent, current_frame(builder)->strip);
}

static void push_frame(builder_t *builder, uint32_t node, uint8_t kind, bool dropping,
                       gz_str_t strip)
{
    builder->frames[++builder->depth] = (frame_t){node, kind, dropping, strip};
}

static bool at_line_start(const char *source, size_t offset)
{
    return offset == 0 || source[offset - 1] == '\n';
}

static void add_text(builder_t *builder, const tmpl_token_t *token)
{
    const frame_t *frame = current_frame(builder);
    if (frame->dropping)
        return;
    tmpl_template_t *template = builder->template;
    const char *start = template->source + token->start;
    size_t len = token->end - token->start;
    if (at_line_start(template->source, token->start)) {
        size_t stripped = common_prefix(start, len, frame->strip);
        start += stripped;
        len -= stripped;
    }
    if (len == 0)
        return;
    if (builder->last_text != NO_NODE) {
        tmpl_node_t *last = &template->nodes[builder->last_text];
        if (last->text.ptr + last->text.len == start) {
            last->text.len += len;
            return;
        }
    }
    builder->last_text = push_node(builder, TMPL_NODE_TEXT);
    template->nodes[builder->last_text].text = (gz_str_t){start, len};
}

static void add_variable(builder_t *builder, const tmpl_token_t *token)
{
    if (current_frame(builder)->dropping)
        return;
    uint32_t index = push_node(builder, TMPL_NODE_VARIABLE);
    if (token->kind == TMPL_TOKEN_VARIABLE)
        builder->template->nodes[index].flags |= TMPL_NODE_ESCAPE;
    set_dotted_name(builder, index, token);
}

static void add_partial(builder_t *builder, const tmpl_token_t *token)
{
    if (current_frame(builder)->dropping)
        return;
    uint32_t index = push_node(builder, TMPL_NODE_PARTIAL);
    set_target_name(builder, index, token);
    set_indentation(builder, index, token);
}

static void open_section(builder_t *builder, const tmpl_token_t *token)
{
    const frame_t *frame = current_frame(builder);
    if (frame->dropping) {
        push_frame(builder, NO_NODE, token->kind, true, frame->strip);
        return;
    }
    bool inverted = token->kind == TMPL_TOKEN_INVERTED;
    uint32_t index = push_node(builder, inverted ? TMPL_NODE_INVERTED : TMPL_NODE_SECTION);
    set_dotted_name(builder, index, token);
    push_frame(builder, index, token->kind, false, frame->strip);
}

static void open_parent(builder_t *builder, const tmpl_token_t *token)
{
    const frame_t *frame = current_frame(builder);
    if (frame->dropping) {
        push_frame(builder, NO_NODE, token->kind, true, frame->strip);
        return;
    }
    uint32_t index = push_node(builder, TMPL_NODE_PARENT);
    set_target_name(builder, index, token);
    set_indentation(builder, index, token);
    push_frame(builder, index, token->kind, true, frame->strip);
}

/* The indentation of a block's lines: when the block tag stands alone, that
 * of the line after it ("intrinsic indentation"); otherwise that of the
 * tag's own line. */
static gz_str_t block_strip(const builder_t *builder, const tmpl_token_t *token)
{
    const char *source = builder->template->source;
    size_t line_start = token->start;
    if (token->flags & TMPL_TOKEN_STANDALONE) {
        const char *newline =
            memchr(source + token->end, '\n', builder->source_len - token->end);
        if (newline == NULL)
            return (gz_str_t){source + builder->source_len, 0};
        line_start = (size_t)(newline - source) + 1;
    } else {
        while (line_start > 0 && source[line_start - 1] != '\n')
            line_start--;
    }
    size_t end = line_start;
    while (end < builder->source_len && tmpl_is_blank(source[end]))
        end++;
    return (gz_str_t){source + line_start, end - line_start};
}

/* A block is a site to fill (outside parents) or, directly inside a parent
 * tag, the content that fills the parent's block of that name. */
static void open_block(builder_t *builder, const tmpl_token_t *token)
{
    const frame_t *frame = current_frame(builder);
    bool overrides = frame->kind == TMPL_TOKEN_PARENT && frame->node != NO_NODE;
    if (frame->dropping && !overrides) {
        push_frame(builder, NO_NODE, token->kind, true, frame->strip);
        return;
    }
    uint32_t index = push_node(builder, TMPL_NODE_BLOCK);
    set_static_name(builder, index, token);
    gz_str_t strip = block_strip(builder, token);
    tmpl_node_t *node = &builder->template->nodes[index];
    node->text = without_prefix(strip, frame->strip);
    if (token->flags & TMPL_TOKEN_STANDALONE)
        node->flags |= TMPL_NODE_STANDALONE;
    push_frame(builder, index, token->kind, false, strip);
}

static void close_frame(builder_t *builder)
{
    const frame_t *frame = current_frame(builder);
    if (frame->node != NO_NODE)
        builder->template->nodes[frame->node].end = builder->template->node_count;
    builder->depth--;
}

static void add_token(builder_t *builder, const tmpl_token_t *token)
{
    if (token->kind == TMPL_TOKEN_TEXT) {
        add_text(builder, token);
        return;
    }
    builder->last_text = NO_NODE;
    switch (token->kind) {
    case TMPL_TOKEN_VARIABLE:
    case TMPL_TOKEN_RAW:
        add_variable(builder, token);
        break;
    case TMPL_TOKEN_SECTION:
    case TMPL_TOKEN_INVERTED:
        open_section(builder, token);
        break;
    case TMPL_TOKEN_PARENT:
        open_parent(builder, token);
        break;
    case TMPL_TOKEN_BLOCK:
        open_block(builder, token);
        break;
    case TMPL_TOKEN_CLOSE:
        close_frame(builder);
        break;
    case TMPL_TOKEN_PARTIAL:
        add_partial(builder, token);
        break;
    default: /* comments and set delimiters leave nothing */
        break;
    }
}

static tmpl_template_t *new_template(const char *name, const char *text, size_t len)
{
    tmpl_template_t *template = gz_calloc(1, sizeof *template);
    template->name_len = strlen(name);
    template->name = gz_strndup(name, template->name_len);
    template->hash = tmpl_hash(name, template->name_len);
    template->source = gz_malloc(len + 1);
    if (len > 0)
        memcpy(template->source, text, len);
    template->source[len] = '\0';
    return template;
}

tmpl_template_t *tmpl_compile(const char *label, const char *name, const char *text, size_t len,
                              gz_buf_t *error, int *code)
{
    if (len >= UINT32_MAX) {
        if (error != NULL)
            gz_buf_printf(error, "%s:1: template too large", label);
        *code = GZ_EINVAL;
        return NULL;
    }
    tmpl_tokens_t tokens = {NULL, 0, 0};
    *code = tmpl_scan(label, text, len, &tokens, error);
    if (*code != GZ_OK) {
        free(tokens.items);
        return NULL;
    }
    builder_t builder = {.template = new_template(name, text, len), .source_len = len,
                         .last_text = NO_NODE};
    builder.frames[0] = (frame_t){NO_NODE, TMPL_TOKEN_TEXT, false, GZ_STR("")};
    for (size_t i = 0; i < tokens.count; i++)
        add_token(&builder, &tokens.items[i]);
    free(tokens.items);
    return builder.template;
}

void tmpl_template_free(tmpl_template_t *template)
{
    if (template == NULL)
        return;
    free(template->name);
    free(template->source);
    free(template->nodes);
    free(template->parts);
    free(template);
}
