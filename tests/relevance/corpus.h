/* The relevance corpus (corpus.jsonl, written by generate.py): reading its
 * JSONL files and loading its 320 English and Arabic articles into a
 * store, for the relevance test and the comparison of the two backends'
 * search. */
#ifndef GAZETTE_TEST_RELEVANCE_CORPUS_H
#define GAZETTE_TEST_RELEVANCE_CORPUS_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

enum { CORPUS_MAX_LINE = 1 << 16 };

static const char *source_root(void)
{
    const char *root = getenv("GAZETTE_SOURCE_ROOT");
    return root != NULL ? root : ".";
}

static FILE *open_data(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/relevance/%s", source_root(), name);
    FILE *file = fopen(path, "r");
    if (file == NULL)
        fprintf(stderr, "corpus: cannot open %s\n", path);
    return file;
}

static const char *text_of(json_t *object, const char *key)
{
    const char *text = json_string_value(json_object_get(object, key));
    return text != NULL ? text : "";
}

static int load_article(store_t *store, json_t *row)
{
    int64_t section_id = 0;
    int code = store_section_ensure(store, text_of(row, "section"), &section_id);
    content_article_t article = {
        .id = (int64_t)json_integer_value(json_object_get(row, "id")),
        .headline = text_of(row, "headline"),
        .summary = text_of(row, "summary"),
        .body_markdown = text_of(row, "body"),
        .body_html = "",
        .slug = "article",
        .language = text_of(row, "lang"),
        .status = CONTENT_PUBLISHED,
        .published_at = (gz_time_t)json_integer_value(json_object_get(row, "published")),
    };
    article.section.id = section_id;
    article.content_type.id = (int64_t)json_integer_value(json_object_get(row, "type"));
    if (code == GZ_OK)
        code = store_article_put(store, &article);
    if (code != GZ_OK)
        fprintf(stderr, "corpus: article %lld: %s\n", (long long)article.id,
                store_last_error(store));
    return code;
}

/* Calls each(row) for every line of a JSONL file; counts the lines. */
static int each_line(const char *name, int (*each)(void *, json_t *), void *context, size_t *count)
{
    FILE *file = open_data(name);
    if (file == NULL)
        return -1;
    char *line = malloc(CORPUS_MAX_LINE);
    int result = 0;
    *count = 0;
    while (result == 0 && fgets(line, CORPUS_MAX_LINE, file) != NULL) {
        json_error_t error;
        json_t *row = json_loads(line, 0, &error);
        if (row == NULL) {
            fprintf(stderr, "corpus: %s:%zu: %s\n", name, *count + 1, error.text);
            result = -1;
            break;
        }
        result = each(context, row);
        json_decref(row);
        (*count)++;
    }
    free(line);
    fclose(file);
    return result;
}

static int load_each(void *context, json_t *row)
{
    return load_article(context, row) == GZ_OK ? 0 : -1;
}

/* Loads every article of corpus.jsonl in one transaction; counts them. */
static int corpus_load(store_t *store, size_t *count)
{
    int result = store_begin(store);
    if (result == GZ_OK)
        result = each_line("corpus.jsonl", load_each, store, count);
    if (result == GZ_OK)
        result = store_commit(store);
    else
        store_rollback(store);
    return result;
}

#endif
