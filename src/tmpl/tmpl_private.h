/*
 * Shared between the files of the tmpl module only; no other module
 * includes this header.
 *
 * A template goes through three steps. scan.c cuts the text into tokens
 * (text runs split at line ends, and tags), checks that sections nest, and
 * marks standalone lines. compile.c turns the tokens into a flat array of
 * nodes in document order, where a container node (section, parent, block)
 * records the index one past its last child, so the tree needs no pointers
 * and walks like an array. render.c walks that array against jansson data.
 */
#ifndef GAZETTE_TMPL_PRIVATE_H
#define GAZETTE_TMPL_PRIVATE_H

#include "tmpl/tmpl.h"

#include <stdint.h>

/* Sections, inverted sections, parents and blocks nested in one template. */
#define TMPL_MAX_NESTING 100
/* Partials, parents and block overrides expanded inside one another while
 * rendering; a self-including partial stops here with GZ_EINVAL. */
#define TMPL_MAX_EXPANSION 100
/* Values on the context stack while rendering (sections in partials). */
#define TMPL_MAX_CONTEXT 256
/* Section items plus expansions in one render: nested loops over the same
 * list, or a partial included twice in itself, grow exponentially; this
 * bounds the time a render takes. */
#define TMPL_MAX_STEPS 1000000
/* Bytes one render may append. */
#define TMPL_MAX_OUTPUT ((size_t)256 << 20)
/* Parts of one dotted name ("a.b.c" has three). */
#define TMPL_MAX_NAME_PARTS 64

/* ---- tokens (scan.c) --------------------------------------------------- */

typedef enum {
    TMPL_TOKEN_TEXT,
    TMPL_TOKEN_VARIABLE,   /* {{name}} */
    TMPL_TOKEN_RAW,        /* {{{name}}} or {{& name}} */
    TMPL_TOKEN_SECTION,    /* {{#name}} */
    TMPL_TOKEN_INVERTED,   /* {{^name}} */
    TMPL_TOKEN_CLOSE,      /* {{/name}} */
    TMPL_TOKEN_COMMENT,    /* {{! ...}} */
    TMPL_TOKEN_DELIMITERS, /* {{=<% %>=}} */
    TMPL_TOKEN_PARTIAL,    /* {{> name}} */
    TMPL_TOKEN_PARENT,     /* {{< name}} */
    TMPL_TOKEN_BLOCK       /* {{$ name}} */
} tmpl_token_kind_t;

enum {
    TMPL_TOKEN_DYNAMIC = 1,       /* {{>*name}}: the name is looked up in the data */
    TMPL_TOKEN_CLOSES_PARENT = 2, /* a CLOSE that ends a PARENT */
    TMPL_TOKEN_STANDALONE = 4     /* alone on its line, which was removed */
};

typedef struct {
    uint8_t kind;
    uint8_t flags;
    uint32_t line;      /* 1-based line of the token's first byte */
    size_t start;       /* TEXT: its bytes; tags: the whole tag */
    size_t end;         /* TEXT: a removed standalone line leaves end == start */
    size_t name_start;  /* tags with a name: the name, trimmed, without '*' */
    size_t name_len;
    size_t indent_start; /* standalone tags: white space that led the line */
    size_t indent_len;
} tmpl_token_t;

typedef struct {
    tmpl_token_t *items;
    size_t count;
    size_t capacity;
} tmpl_tokens_t;

/* Scans text into tokens (appended to tokens; the caller frees items).
 * On a syntax error returns GZ_EPARSE with "LABEL:LINE: message" appended
 * to error (when not NULL). */
int tmpl_scan(const char *label, const char *text, size_t len, tmpl_tokens_t *tokens,
              gz_buf_t *error);

/* ---- compiled templates (compile.c) ------------------------------------ */

typedef enum {
    TMPL_NODE_TEXT,
    TMPL_NODE_VARIABLE,
    TMPL_NODE_SECTION,
    TMPL_NODE_INVERTED,
    TMPL_NODE_PARTIAL,
    TMPL_NODE_PARENT,
    TMPL_NODE_BLOCK
} tmpl_node_type_t;

enum {
    TMPL_NODE_ESCAPE = 1,    /* VARIABLE: HTML-escape the value */
    TMPL_NODE_DYNAMIC = 2,   /* PARTIAL, PARENT: the name is a dotted lookup */
    TMPL_NODE_STANDALONE = 4 /* PARTIAL, PARENT, BLOCK: indent every line */
};

typedef struct {
    uint8_t type;
    uint8_t flags;
    uint16_t part_count; /* dotted name parts; 0 is the implicit iterator "." */
    uint32_t part_first; /* index of the first part in the template's parts */
    uint32_t end;        /* index one past the node's last child (or itself) */
    uint32_t hash;       /* of name */
    gz_str_t text;       /* TEXT: the bytes; PARTIAL, PARENT, BLOCK: indentation */
    const char *name;    /* static PARTIAL, PARENT, BLOCK name, NUL-terminated */
    size_t name_len;
} tmpl_node_t;

typedef struct {
    char *name;
    size_t name_len;
    uint32_t hash;
    char *source;        /* a copy of the text: nodes and parts point into it */
    tmpl_node_t *nodes;  /* in document order; the root's children are all */
    uint32_t node_count;
    const char **parts;  /* NUL-terminated name parts of every dotted name */
} tmpl_template_t;

/* Compiles text into a template called name; label names it in error
 * messages (the name, or the file it came from). NULL with GZ_EPARSE in
 * *code and the message appended to error on a syntax error. */
tmpl_template_t *tmpl_compile(const char *label, const char *name, const char *text, size_t len,
                              gz_buf_t *error, int *code);
void tmpl_template_free(tmpl_template_t *template);

/* ---- sets (set.c) ------------------------------------------------------- */

const tmpl_template_t *tmpl_set_find(const tmpl_set_t *set, const char *name, size_t len,
                                     uint32_t hash);

/* FNV-1a: names are short, so a simple hash is the fastest one. */
static inline uint32_t tmpl_hash(const char *bytes, size_t len)
{
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        hash ^= (unsigned char)bytes[i];
        hash *= 16777619u;
    }
    return hash;
}

static inline bool tmpl_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

#endif
