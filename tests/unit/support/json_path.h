/*
 * Test support: reads a value out of a view model by a dotted path
 * ("article.related.0.url": object keys, and array indexes as numbers),
 * so view tests can check one field per line.
 */
#ifndef GAZETTE_TEST_JSON_PATH_H
#define GAZETTE_TEST_JSON_PATH_H

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* The value at path, or NULL when any step is missing. */
static inline json_t *json_at(json_t *root, const char *path)
{
    json_t *value = root;
    char key[64];
    for (const char *p = path; value != NULL && *p != '\0';) {
        size_t len = strcspn(p, ".");
        if (len >= sizeof key)
            return NULL;
        memcpy(key, p, len);
        key[len] = '\0';
        value = json_is_array(value) ? json_array_get(value, (size_t)atoi(key))
                                     : json_object_get(value, key);
        p += len + (p[len] == '.');
    }
    return value;
}

/* The string at path, or NULL when it is missing or not a string. */
static inline const char *json_text_at(json_t *root, const char *path)
{
    return json_string_value(json_at(root, path));
}

#endif
