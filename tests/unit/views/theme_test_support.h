/* What the unit tests that render the default theme share: its templates
 * loaded once (from GAZETTE_SOURCE_ROOT), an article page rendered with
 * them, and checks of the page's text. */
#ifndef GAZETTE_THEME_TEST_SUPPORT_H
#define GAZETTE_THEME_TEST_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl/tmpl.h"
#include "views_test_support.h"

static tmpl_set_t *theme_templates;

/* The article page as the theme renders it; the caller frees it. */
static inline char *theme_article_page(const content_article_t *article)
{
    views_site_t site = support_site();
    json_t *model = views_article_page(&site, article);
    gz_buf_t html = GZ_BUF_INIT;
    assert_int_equal(tmpl_render(theme_templates, "article", model, &html), GZ_OK);
    json_decref(model);
    char *text = strdup(gz_buf_cstr(&html));
    gz_buf_free(&html);
    return text;
}

static inline void theme_has(const char *page, const char *text)
{
    if (strstr(page, text) == NULL)
        fail_msg("missing %s", text);
}

static inline void theme_lacks(const char *page, const char *text)
{
    if (strstr(page, text) != NULL)
        fail_msg("unexpected %s", text);
}

/* Group setup and teardown: the site zone UTC and the theme loaded. */
static inline int theme_setup(void **state)
{
    (void)state;
    if (gz_time_set_zone("UTC") != GZ_OK)
        return -1;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/themes/default/templates", getenv("GAZETTE_SOURCE_ROOT"));
    theme_templates = tmpl_set_new();
    return tmpl_set_load_dir(theme_templates, dir, NULL) == GZ_OK ? 0 : -1;
}

static inline int theme_teardown(void **state)
{
    (void)state;
    tmpl_set_free(theme_templates);
    return 0;
}

#endif
