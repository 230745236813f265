/*
 * render.c: walks a compiled template against jansson data.
 *
 * A render allocates nothing but the output: the context stack is a fixed
 * array in the render state, and the two other stacks it needs (the
 * indentation of nested standalone partials, and the block overrides of
 * nested parents) are linked lists whose links live in the C frames of the
 * expansions that pushed them. Names were split at compile time, so a
 * lookup is one json_object_get per part.
 *
 * Indentation follows the spec: a standalone partial, parent or block
 * indents every line of what it expands, a partial used inline indents
 * nothing. Rather than re-scanning output, the state remembers whether the
 * output stands at the start of a line of template text, and the pending
 * indentation is written just before the next byte that is written. Text
 * coming from data never starts an indented line (its newlines are its own).
 *
 * Values: strings as they are, integers in decimal, reals in the shortest
 * form that reads back to the same double (1.21, not 1.2100000000000000),
 * true and false as words, null, objects and arrays as nothing. Falsy, for
 * sections: false, null, 0, "" and [], as JavaScript's !!value plus the
 * spec's empty list.
 */
#include "tmpl/tmpl_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct indent {
    gz_str_t text;
    const struct indent *outer;
} indent_t;

/* The blocks given by one parent tag, and those of the parents around it. */
typedef struct block_scope {
    const tmpl_template_t *template;
    const tmpl_node_t *parent;
    const struct block_scope *outer;
} block_scope_t;

typedef struct {
    const tmpl_set_t *set;
    const char *name; /* of the template rendered, for the log */
    gz_buf_t *out;
    const indent_t *indent;     /* NULL when lines are not indented */
    const block_scope_t *scope; /* NULL outside parents */
    bool line_start;            /* the next template text starts a line */
    int error;
    unsigned expansions; /* partials, parents and overrides being rendered */
    size_t steps;        /* section items and expansions so far */
    size_t output_limit; /* out->len beyond which the render stops */
    size_t context_depth;
    json_t *context[TMPL_MAX_CONTEXT];
} render_t;

static void render_range(render_t *render, const tmpl_template_t *template, uint32_t begin,
                         uint32_t end);

/* ---- output ----------------------------------------------------------------- */

static void write_indent(gz_buf_t *out, const indent_t *indent)
{
    if (indent == NULL)
        return;
    write_indent(out, indent->outer);
    gz_buf_append(out, indent->text.ptr, indent->text.len);
}

/* Writes the indentation a line start still owes. */
static void settle_line_start(render_t *render)
{
    if (render->line_start && render->indent != NULL)
        write_indent(render->out, render->indent);
    render->line_start = false;
}

static void write_text(render_t *render, gz_str_t text)
{
    if (render->indent == NULL) {
        gz_buf_append(render->out, text.ptr, text.len);
        render->line_start = text.ptr[text.len - 1] == '\n';
        return;
    }
    const char *at = text.ptr;
    const char *stop = text.ptr + text.len;
    while (at < stop) {
        const char *newline = memchr(at, '\n', (size_t)(stop - at));
        const char *line_end = newline != NULL ? newline + 1 : stop;
        settle_line_start(render);
        gz_buf_append(render->out, at, (size_t)(line_end - at));
        render->line_start = newline != NULL;
        at = line_end;
    }
}

/* The shortest of %.15g, %.16g and %.17g that reads back as value. */
static size_t format_real(double value, char *digits, size_t size)
{
    int written = 0;
    for (int precision = 15; precision <= 17; precision++) {
        written = snprintf(digits, size, "%.*g", precision, value);
        if (strtod(digits, NULL) == value)
            break;
    }
    return written > 0 ? (size_t)written : 0;
}

static void write_value(render_t *render, const json_t *value, bool escape)
{
    char digits[40];
    const char *bytes = digits;
    size_t len = 0;
    switch (json_typeof(value)) {
    case JSON_STRING:
        bytes = json_string_value(value);
        len = json_string_length(value);
        break;
    case JSON_INTEGER:
        len = (size_t)snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT,
                               json_integer_value(value));
        break;
    case JSON_REAL:
        len = format_real(json_real_value(value), digits, sizeof digits);
        break;
    case JSON_TRUE:
        bytes = "true";
        len = 4;
        break;
    case JSON_FALSE:
        bytes = "false";
        len = 5;
        break;
    default:
        return;
    }
    if (len == 0)
        return;
    settle_line_start(render);
    if (escape && json_is_string(value))
        gz_buf_append_html(render->out, bytes, len);
    else
        gz_buf_append(render->out, bytes, len);
}

/* ---- data ------------------------------------------------------------------- */

static bool is_truthy(const json_t *value)
{
    if (value == NULL)
        return false;
    switch (json_typeof(value)) {
    case JSON_NULL:
    case JSON_FALSE:
        return false;
    case JSON_ARRAY:
        return json_array_size(value) > 0;
    case JSON_STRING:
        return json_string_length(value) > 0;
    case JSON_INTEGER:
        return json_integer_value(value) != 0;
    case JSON_REAL:
        return json_real_value(value) != 0.0;
    default:
        return true;
    }
}

/* A member of an object, or an element of an array for a decimal part
 * ("items.0.title"). */
static json_t *child_of(const json_t *value, const char *part)
{
    if (json_is_object(value))
        return json_object_get(value, part);
    if (!json_is_array(value) || part[0] < '0' || part[0] > '9')
        return NULL;
    char *end = NULL;
    unsigned long index = strtoul(part, &end, 10);
    return *end == '\0' ? json_array_get(value, index) : NULL;
}

/* The spec's name resolution: the first part in the innermost context that
 * has it, the other parts in what the first one found. NULL on a miss. */
static json_t *look_up(const render_t *render, const tmpl_template_t *template,
                       const tmpl_node_t *node)
{
    if (node->part_count == 0)
        return render->context[render->context_depth - 1];
    const char *const *parts = template->parts + node->part_first;
    json_t *value = NULL;
    for (size_t i = render->context_depth; i-- > 0 && value == NULL;) {
        if (json_is_object(render->context[i]))
            value = json_object_get(render->context[i], parts[0]);
    }
    for (uint16_t k = 1; k < node->part_count && value != NULL; k++)
        value = child_of(value, parts[k]);
    return value;
}

/* ---- limits ------------------------------------------------------------------ */

static bool stop(render_t *render, const char *why)
{
    if (render->error == GZ_OK)
        gz_log(GZ_LOG_WARN, "template '%s' stopped: %s", render->name, why);
    render->error = GZ_EINVAL;
    return false;
}

static bool take_step(render_t *render)
{
    if (++render->steps > TMPL_MAX_STEPS)
        return stop(render, "too many section items and partials");
    return true;
}

/* ---- sections ---------------------------------------------------------------- */

static bool push_context(render_t *render, json_t *value)
{
    if (render->context_depth == TMPL_MAX_CONTEXT)
        return stop(render, "sections nested too deep");
    if (!take_step(render))
        return false;
    render->context[render->context_depth++] = value;
    return true;
}

static void render_children_with(render_t *render, const tmpl_template_t *template,
                                  uint32_t index, json_t *value)
{
    if (!push_context(render, value))
        return;
    render_range(render, template, index + 1, template->nodes[index].end);
    render->context_depth--;
}

static void render_section(render_t *render, const tmpl_template_t *template, uint32_t index)
{
    json_t *value = look_up(render, template, &template->nodes[index]);
    if (!is_truthy(value))
        return;
    if (!json_is_array(value)) {
        render_children_with(render, template, index, value);
        return;
    }
    size_t count = json_array_size(value);
    for (size_t i = 0; i < count && render->error == GZ_OK; i++)
        render_children_with(render, template, index, json_array_get(value, i));
}

static void render_inverted(render_t *render, const tmpl_template_t *template, uint32_t index)
{
    const tmpl_node_t *node = &template->nodes[index];
    if (!is_truthy(look_up(render, template, node)))
        render_range(render, template, index + 1, node->end);
}

/* ---- expansions: partials, parents, blocks ------------------------------------- */

static bool enter_expansion(render_t *render)
{
    if (render->expansions == TMPL_MAX_EXPANSION)
        return stop(render, "partials nested too deep");
    if (!take_step(render))
        return false;
    render->expansions++;
    return true;
}

/* Sets the indentation for what node expands; link lives in the caller's
 * frame. A standalone tag adds its own to the current one, an inline
 * partial or parent drops it, an inline block keeps it and adds its line's. */
static void indent_expansion(render_t *render, const tmpl_node_t *node, indent_t *link)
{
    bool standalone = (node->flags & TMPL_NODE_STANDALONE) != 0;
    if (standalone && !render->line_start) {
        gz_buf_append(render->out, node->text.ptr, node->text.len);
    } else if (!standalone) {
        settle_line_start(render);
        if (node->type != TMPL_NODE_BLOCK)
            render->indent = NULL;
    }
    if (node->text.len > 0) {
        *link = (indent_t){node->text, render->indent};
        render->indent = link;
    }
}

static const tmpl_template_t *find_target(const render_t *render,
                                          const tmpl_template_t *template,
                                          const tmpl_node_t *node)
{
    if (!(node->flags & TMPL_NODE_DYNAMIC))
        return tmpl_set_find(render->set, node->name, node->name_len, node->hash);
    const json_t *name = look_up(render, template, node);
    if (!json_is_string(name))
        return NULL;
    size_t len = json_string_length(name);
    const char *bytes = json_string_value(name);
    return tmpl_set_find(render->set, bytes, len, tmpl_hash(bytes, len));
}

/* {{>name}} and {{<name}}...{{/name}}: a partial is a parent that
 * overrides no block, so both keep the block scope of the caller. */
static void render_include(render_t *render, const tmpl_template_t *template, uint32_t index)
{
    const tmpl_node_t *node = &template->nodes[index];
    const tmpl_template_t *target = find_target(render, template, node);
    if (target == NULL || !enter_expansion(render))
        return;
    const indent_t *saved_indent = render->indent;
    const block_scope_t *saved_scope = render->scope;
    indent_t link;
    block_scope_t scope = {template, node, render->scope};
    indent_expansion(render, node, &link);
    if (node->type == TMPL_NODE_PARENT)
        render->scope = &scope;
    render_range(render, target, 0, target->node_count);
    render->indent = saved_indent;
    render->scope = saved_scope;
    render->expansions--;
}

/* The outermost override of block among the scopes: the top template has
 * the last word over the parents it extends. */
static void find_override(const block_scope_t *scope, const tmpl_node_t *block,
                          const tmpl_template_t **template, const tmpl_node_t **found)
{
    for (; scope != NULL; scope = scope->outer) {
        const tmpl_node_t *nodes = scope->template->nodes;
        uint32_t i = (uint32_t)(scope->parent - nodes) + 1;
        while (i < scope->parent->end) {
            const tmpl_node_t *candidate = &nodes[i];
            if (candidate->hash == block->hash && candidate->name_len == block->name_len &&
                memcmp(candidate->name, block->name, block->name_len) == 0) {
                *template = scope->template;
                *found = candidate;
            }
            i = candidate->end;
        }
    }
}

static void render_block(render_t *render, const tmpl_template_t *template, uint32_t index)
{
    const tmpl_node_t *node = &template->nodes[index];
    const tmpl_template_t *content_template = template;
    const tmpl_node_t *content = node;
    find_override(render->scope, node, &content_template, &content);
    if (!enter_expansion(render))
        return;
    const indent_t *saved_indent = render->indent;
    indent_t link;
    indent_expansion(render, node, &link);
    uint32_t first = (uint32_t)(content - content_template->nodes) + 1;
    render_range(render, content_template, first, content->end);
    render->indent = saved_indent;
    render->expansions--;
}

/* ---- the walk ------------------------------------------------------------------ */

static void render_node(render_t *render, const tmpl_template_t *template, uint32_t index)
{
    const tmpl_node_t *node = &template->nodes[index];
    switch (node->type) {
    case TMPL_NODE_TEXT:
        write_text(render, node->text);
        break;
    case TMPL_NODE_VARIABLE: {
        const json_t *value = look_up(render, template, node);
        if (value != NULL)
            write_value(render, value, (node->flags & TMPL_NODE_ESCAPE) != 0);
        break;
    }
    case TMPL_NODE_SECTION:
        render_section(render, template, index);
        break;
    case TMPL_NODE_INVERTED:
        render_inverted(render, template, index);
        break;
    case TMPL_NODE_PARTIAL:
    case TMPL_NODE_PARENT:
        render_include(render, template, index);
        break;
    case TMPL_NODE_BLOCK:
        render_block(render, template, index);
        break;
    default:
        break;
    }
}

static void render_range(render_t *render, const tmpl_template_t *template, uint32_t begin,
                         uint32_t end)
{
    uint32_t index = begin;
    while (index < end && render->error == GZ_OK) {
        render_node(render, template, index);
        index = template->nodes[index].end;
        if (render->out->len > render->output_limit)
            stop(render, "output too large");
    }
}

int tmpl_render(const tmpl_set_t *set, const char *name, json_t *data, gz_buf_t *out)
{
    if (set == NULL || name == NULL || out == NULL)
        return GZ_EINVAL;
    size_t name_len = strlen(name);
    const tmpl_template_t *template = tmpl_set_find(set, name, name_len, tmpl_hash(name, name_len));
    if (template == NULL)
        return GZ_ENOTFOUND;
    render_t render;
    render.set = set;
    render.name = name;
    render.out = out;
    render.indent = NULL;
    render.scope = NULL;
    render.line_start = true;
    render.error = GZ_OK;
    render.expansions = 0;
    render.steps = 0;
    render.context_depth = 1;
    render.context[0] = data;
    size_t start_len = out->len;
    render.output_limit = start_len + TMPL_MAX_OUTPUT;
    render_range(&render, template, 0, template->node_count);
    if (render.error != GZ_OK && out->data != NULL) {
        out->len = start_len; /* no half page */
        out->data[start_len] = '\0';
    }
    return render.error;
}
