/*
 * markdown.c: article bodies are CommonMark, rendered by cmark, the
 * reference implementation. cmark's default (without CMARK_OPT_UNSAFE)
 * already replaces raw HTML by a comment and drops javascript:, vbscript:,
 * file: and non-image data: links, which is exactly the policy we want:
 * a body can never carry script to a reader's browser.
 */
#include "content/content.h"

#include <cmark.h>
#include <stdlib.h>

void content_markdown_to_html(gz_buf_t *out, const char *markdown, size_t len)
{
    if (markdown == NULL || len == 0) {
        return;
    }
    /* CMARK_OPT_SMART is left off: imported text already has its
     * typographic quotes, and editors' straight quotes are theirs to keep. */
    char *html = cmark_markdown_to_html(markdown, len, CMARK_OPT_DEFAULT);
    if (html == NULL) {
        gz_fatal("cmark: out of memory");
    }
    gz_buf_append_cstr(out, html);
    free(html);
}
