/*
 * editions.c: where each of the site's editions lives (its host or the
 * site's, and its prefix) and which edition an article is in, for pages,
 * feeds and redirects. Worked out once at start from the config.
 */
#include "web/web_private.h"

#include <stdlib.h>
#include <string.h>

/* "https://ar.example.com" for an edition on a host of its own (in the
 * site's scheme), else [site] url. */
static char *edition_origin(const char *site_url, const gz_edition_t *edition)
{
    if (edition->host[0] == '\0')
        return gz_strdup(site_url);
    const char *scheme_end = strstr(site_url, "://");
    size_t scheme_len = scheme_end != NULL ? (size_t)(scheme_end - site_url) : 4;
    gz_buf_t origin = GZ_BUF_INIT;
    gz_buf_printf(&origin, "%.*s://%s", (int)scheme_len, site_url, edition->host);
    char *copy = gz_strdup(gz_buf_cstr(&origin));
    gz_buf_free(&origin);
    return copy;
}

/* ",ar,": an edition's language as store queries name it; the default
 * edition's is every other edition's (",ar,fa,"), which it excludes. */
static char *edition_languages(const gz_edition_t *editions, size_t count, size_t edition)
{
    gz_buf_t list = GZ_BUF_INIT;
    gz_buf_append_char(&list, ',');
    for (size_t i = 0; i < count; i++) {
        if (edition == 0 ? i == 0 : i != edition)
            continue;
        const char *language = editions[i].language;
        for (size_t c = 0; language[c] != '\0' && language[c] != '-' && language[c] != '_'; c++)
            gz_buf_append_char(&list, (char)(language[c] | 0x20)); /* ASCII letters */
        gz_buf_append_char(&list, ',');
    }
    char *copy = gz_strdup(gz_buf_cstr(&list));
    gz_buf_free(&list);
    return copy;
}

void web_editions_load(web_site_t *site)
{
    site->editions = gz_config_editions(site->config, &site->site_edition, &site->edition_count);
    for (size_t i = 0; i < site->edition_count; i++) {
        site->edition_origins[i] = edition_origin(site->config->site_url, &site->editions[i]);
        site->edition_languages[i] = site->edition_count > 1
                                         ? edition_languages(site->editions, site->edition_count, i)
                                         : NULL;
    }
}

void web_edition_scope(const web_site_t *site, size_t edition, store_article_query_t *query)
{
    if (site->edition_count < 2 || edition >= site->edition_count)
        return; /* one edition shows every language */
    query->languages = site->edition_languages[edition];
    query->languages_excluded = edition == 0;
}

void web_editions_free(web_site_t *site)
{
    for (size_t i = 0; i < site->edition_count; i++) {
        free(site->edition_origins[i]);
        free(site->edition_languages[i]);
        site->edition_origins[i] = site->edition_languages[i] = NULL;
    }
}

size_t web_edition_of(const web_site_t *site, const char *language)
{
    return (size_t)(gz_edition_for_language(site->editions, site->edition_count, language) -
                    site->editions);
}

const char *web_edition_prefix(const web_site_t *site, size_t edition)
{
    const gz_edition_t *e = &site->editions[edition];
    return e->host[0] != '\0' ? "" : e->prefix; /* on its own host, paths start at the root */
}
