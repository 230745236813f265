/*
 * Helpers shared by the ingest unit tests: the sample's bytes, the content
 * types as the demo store seeds them, and text edits that derive malformed
 * variants from the sample, so no test re-types the sample.
 */
#ifndef GAZETTE_INGEST_TEST_SUPPORT_H
#define GAZETTE_INGEST_TEST_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "content/content.h"

#define SAMPLE_RELATIVE_PATH "/../shared/samples/000_71a9bc3c562dee5d.txt"

static inline const char *test_source_root(void)
{
    const char *root = getenv("GAZETTE_SOURCE_ROOT");
    return root != NULL ? root : ".";
}

/* The full path of a file under the source root, in a static buffer. */
static inline const char *test_path(const char *relative)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s%s", test_source_root(), relative);
    return path;
}

/* Reads a whole file into out; aborts the test run when it cannot. */
static inline void test_read_file(const char *path, gz_buf_t *out)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        abort();
    }
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
        gz_buf_append(out, chunk, got);
    fclose(file);
}

static inline void test_read_sample(gz_buf_t *out)
{
    test_read_file(test_path(SAMPLE_RELATIVE_PATH), out);
}

/* Replaces the first occurrence of old in text; aborts when it is absent,
 * so a variant never silently equals the sample. */
static inline void test_replace(gz_buf_t *text, const char *old, const char *replacement)
{
    const char *found = text->data != NULL ? strstr(text->data, old) : NULL;
    if (found == NULL) {
        fprintf(stderr, "test_replace: '%s' not found\n", old);
        abort();
    }
    gz_buf_t result = GZ_BUF_INIT;
    gz_buf_append(&result, text->data, (size_t)(found - text->data));
    gz_buf_append_cstr(&result, replacement);
    gz_buf_append_cstr(&result, found + strlen(old));
    gz_buf_free(text);
    *text = result;
}

/* The sample's related JSON (between the quotes after string(378)). */
static inline gz_str_t test_sample_json(const gz_buf_t *sample)
{
    const char *start = strstr(sample->data, "string(378) \"") + strlen("string(378) \"");
    const char *end = strrchr(sample->data, '"');
    return (gz_str_t){start, (size_t)(end - start)};
}

/* Replaces the related line by 'string(N) "json"' with the right N. */
static inline void test_set_related_json(gz_buf_t *text, const char *json)
{
    char *related = strstr(text->data, "string(");
    if (related == NULL)
        abort();
    text->len = (size_t)(related - text->data);
    text->data[text->len] = '\0';
    gz_buf_printf(text, "string(%zu) \"%s\"", strlen(json), json);
}

/* Content types as the store seeds them for the demo. */
static const content_type_t TEST_CONTENT_TYPES[] = {
    {1, "article", "Article", NULL},
    {21, "video", "Video", "VIDEO"},
    {22, "photo", "Photos", "PHOTOS"},
};

#endif
