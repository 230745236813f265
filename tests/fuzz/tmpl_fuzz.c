/*
 * tmpl_fuzz.c: a libFuzzer target for the Mustache compiler and renderer.
 *
 * The input is a template, optionally followed by a NUL byte and JSON data
 * (default data is used when there is none or it does not parse). The
 * template is added under the names "main", "p" and "layout", so that
 * partials and parents ({{>p}}, {{<layout}}) reach fuzzed text too,
 * including self-inclusion; then "main" is rendered twice, and the two
 * outputs must be equal. Any crash, sanitizer report, hang or difference
 * is a bug.
 *
 * Not built by meson. From the repository root:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *       tests/fuzz/tmpl_fuzz.c src/tmpl/[a-z]*.c src/base/[a-z]*.c \
 *       $(pkg-config --cflags --libs jansson libutf8proc inih) -lm -o tmpl_fuzz
 *   mkdir -p corpus && ./tmpl_fuzz -max_len=4096 -timeout=5 corpus
 *
 * Seed the corpus with the spec's templates for a faster start, e.g. with
 * jq: jq -r '.tests[].template' ../shared/conformance/mustache/sections.json
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tmpl/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size);

static const char DEFAULT_DATA[] =
    "{\"a\": {\"b\": {\"c\": \"x<y\"}}, \"list\": [1, 2.5, \"s\", null, true, [3], {\"a\": 0}],"
    " \"p\": \"p\", \"layout\": \"layout\", \"empty\": \"\", \"zero\": 0, \"t\": true}";

static json_t *fuzz_data(const char *text, size_t len)
{
    json_t *data = len > 0 ? json_loadb(text, len, JSON_DECODE_ANY, NULL) : NULL;
    return data != NULL ? data : json_loads(DEFAULT_DATA, 0, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const char *text = (const char *)bytes;
    const char *separator = memchr(text, '\0', size);
    size_t template_len = separator != NULL ? (size_t)(separator - text) : size;
    tmpl_set_t *set = tmpl_set_new();
    gz_buf_t error = GZ_BUF_INIT;
    if (tmpl_set_add(set, "main", text, template_len, &error) == GZ_OK) {
        tmpl_set_add(set, "p", text, template_len, NULL);
        tmpl_set_add(set, "layout", text, template_len, NULL);
        json_t *data = separator != NULL ? fuzz_data(separator + 1, size - template_len - 1)
                                         : fuzz_data(NULL, 0);
        gz_buf_t first = GZ_BUF_INIT;
        gz_buf_t second = GZ_BUF_INIT;
        int first_code = tmpl_render(set, "main", data, &first);
        int second_code = tmpl_render(set, "main", data, &second);
        if (first_code != second_code || first.len != second.len ||
            (first.len > 0 && memcmp(first.data, second.data, first.len) != 0))
            abort();
        gz_buf_free(&first);
        gz_buf_free(&second);
        json_decref(data);
    } else if (error.len == 0) {
        abort(); /* a syntax error always says where and why */
    }
    gz_buf_free(&error);
    tmpl_set_free(set);
    return 0;
}
