/*
 * tmpl: a Mustache template engine (https://mustache.github.io/mustache.5.html).
 *
 * Templates are compiled once into a tree of nodes and rendered many times
 * against a jansson value. A set holds the templates of a theme by name, so
 * that partials ({{> name}}) resolve within the set. Values are HTML-escaped
 * unless the template says otherwise ({{{name}}} or {{& name}}), which only
 * sanitized HTML may use; escaping turns & < > " ' into entities.
 *
 * Beyond the spec's required modules, parents and blocks ({{<layout}}
 * {{$body}}...{{/body}}{{/layout}}, the optional inheritance module) and
 * dynamic names ({{>*name}}, {{<*name}}) work; lambdas do not (data is JSON).
 *
 * Thread safety: a set is immutable once loaded; any number of threads may
 * render from it at once.
 */
#ifndef GAZETTE_TMPL_H
#define GAZETTE_TMPL_H

#include <jansson.h>

#include "base/base.h"

typedef struct tmpl_set tmpl_set_t;

tmpl_set_t *tmpl_set_new(void);
void tmpl_set_free(tmpl_set_t *set);

/* Compiles text as the template called name (replacing one of that name).
 * On a syntax error returns GZ_EPARSE with "NAME:LINE: message" in error and
 * leaves the set unchanged. */
int tmpl_set_add(tmpl_set_t *set, const char *name, const char *text, size_t len, gz_buf_t *error);

/* Adds every "*.mustache" file of dir, named by the file name without the
 * extension ("article.mustache" is "article"); hidden files are skipped.
 * All or nothing: on an error the set is unchanged, and error gets
 * "DIR/FILE.mustache:LINE: message" (GZ_EPARSE) or "PATH: reason"
 * (GZ_ENOTFOUND for a missing folder, GZ_EIO). */
int tmpl_set_load_dir(tmpl_set_t *set, const char *dir, gz_buf_t *error);

bool tmpl_set_has(const tmpl_set_t *set, const char *name);

/* Renders the template called name with data as the context stack's root,
 * appending to out. A partial that is not in the set renders as empty text,
 * as the spec says. GZ_ENOTFOUND when name itself is not in the set.
 * GZ_EINVAL when the render runs away (partials nested deeper than 100,
 * more than 256 values on the context stack, more than a million section
 * items and partials, or more than 256 MiB of output): out is then left as
 * it was, and a warning is logged.
 * Sections skip false, null, 0, "" and [] (JavaScript's falsy values and
 * the spec's empty list); values print as text, numbers in their shortest
 * exact form, true and false as words, objects and arrays as nothing. */
int tmpl_render(const tmpl_set_t *set, const char *name, json_t *data, gz_buf_t *out);

#endif
