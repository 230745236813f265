/*
 * editions.c: the site's editions, read from [edition.KEY] sections of
 * gazette.ini, checked as a whole once the file is read, and looked up by
 * an article's language.
 *
 * An article belongs to the edition of its language (by primary subtag:
 * "ar-SY" is the "ar" edition's), so editions need no column of their own
 * in the store and cannot disagree with it; an article in a language no
 * edition has belongs to the first, the default one.
 */
#include "base/base.h"
#include "base/base_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char EDITION_SECTION[] = "edition.";

bool gz_edition_section(const char *section)
{
    return strncmp(section, EDITION_SECTION, sizeof EDITION_SECTION - 1) == 0;
}

static bool only_of(const char *text, const char *allowed)
{
    return text[0] != '\0' && strspn(text, allowed) == strlen(text);
}

static const char KEY_CHARACTERS[] = "abcdefghijklmnopqrstuvwxyz0123456789-";

/* The edition of section "edition.KEY", added when new; NULL (with the
 * complaint written) for a bad key or one too many. */
static gz_edition_t *edition_for_section(gz_config_t *config, const char *section, int line,
                                         gz_buf_t *complaint)
{
    const char *key = section + sizeof EDITION_SECTION - 1;
    for (size_t i = 0; i < config->edition_count; i++) {
        if (strcmp(config->editions[i].key, key) == 0)
            return &config->editions[i];
    }
    if (!only_of(key, KEY_CHARACTERS) || strlen(key) > 40) {
        gz_buf_printf(complaint,
                      "section '[%s]' wants a name of lower-case letters, digits "
                      "and '-' after 'edition.', such as '[edition.ar]'",
                      section);
        return NULL;
    }
    if (config->edition_count == GZ_MAX_EDITIONS) {
        gz_buf_printf(complaint, "a site has at most %d editions", GZ_MAX_EDITIONS);
        return NULL;
    }
    gz_edition_t *edition = &config->editions[config->edition_count++];
    *edition = (gz_edition_t){.key = gz_strdup(key),
                              .language = gz_strdup(""),
                              .name = gz_strdup(""),
                              .prefix = gz_strdup(""),
                              .host = gz_strdup(""),
                              .digits = gz_strdup("native"),
                              .calendar = gz_strdup("gregorian"),
                              .locale = NULL,
                              .line = line};
    return edition;
}

/* "/ar", "/fa-af": one path segment of lower-case letters, digits, '-'. */
static bool is_prefix(const char *value)
{
    return value[0] == '\0' || (value[0] == '/' && only_of(value + 1, KEY_CHARACTERS));
}

static bool is_host(const char *value)
{
    return value[0] == '\0' || only_of(value, "abcdefghijklmnopqrstuvwxyz0123456789-.");
}

static const char *check_edition_value(const char *key, const char *value)
{
    if (strcmp(key, "language") == 0)
        return gz_config_language_complaint(value);
    if (strcmp(key, "name") == 0)
        return value[0] != '\0' ? NULL : "wants a value";
    if (strcmp(key, "prefix") == 0)
        return is_prefix(value) ? NULL
                                : "wants '/' and one path segment of lower-case letters, "
                                  "digits and '-', such as '/ar', or nothing";
    if (strcmp(key, "host") == 0)
        return is_host(value) ? NULL
                              : "wants a host name in lower case, such as "
                                "'ar.example.com', or nothing";
    if (strcmp(key, "digits") == 0)
        return strcmp(value, "native") == 0 || strcmp(value, "latin") == 0
                   ? NULL
                   : "wants 'native' (the language's own) or 'latin'";
    if (strcmp(key, "calendar") == 0)
        return strcmp(value, "gregorian") == 0 || strcmp(value, "persian") == 0 ||
                       strcmp(value, "islamic-umalqura") == 0
                   ? NULL
                   : "wants 'gregorian', 'persian' (Solar Hijri) or 'islamic-umalqura'";
    return "is not an edition's option (language, name, prefix, host, digits, calendar)";
}

static char **edition_field(gz_edition_t *edition, const char *key)
{
    if (strcmp(key, "language") == 0)
        return &edition->language;
    if (strcmp(key, "name") == 0)
        return &edition->name;
    if (strcmp(key, "prefix") == 0)
        return &edition->prefix;
    if (strcmp(key, "host") == 0)
        return &edition->host;
    if (strcmp(key, "digits") == 0)
        return &edition->digits;
    return &edition->calendar;
}

int gz_edition_set(gz_config_t *config, const char *section, const char *key, const char *value,
                   int line, gz_buf_t *complaint)
{
    gz_edition_t *edition = edition_for_section(config, section, line, complaint);
    if (edition == NULL)
        return GZ_EINVAL;
    const char *wants = gz_utf8_valid(value, strlen(value)) ? check_edition_value(key, value)
                                                            : "is not valid UTF-8";
    if (wants != NULL) {
        gz_buf_printf(complaint, "option '%s.%s' %s", section, key, wants);
        return GZ_EINVAL;
    }
    char **field = edition_field(edition, key);
    free(*field);
    *field = gz_strdup(value);
    return GZ_OK;
}

/* The length of the language's primary subtag ("ar" of "ar-SY"). */
static size_t primary_length(const char *language)
{
    return strcspn(language, "-_@");
}

bool gz_language_same_primary(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return false;
    size_t length = primary_length(a);
    return length > 0 && length == primary_length(b) && strncasecmp(a, b, length) == 0;
}

/* "ar@numbers=latn", "fa@calendar=gregorian": the language with the
 * edition's digits and calendar as ICU keywords. ICU's own default for a
 * language is not always Gregorian (Persian's is Solar Hijri), so the
 * calendar is always named. */
static char *edition_locale(const gz_edition_t *edition)
{
    gz_buf_t locale = GZ_BUF_INIT;
    gz_buf_printf(&locale, "%s@calendar=%s", edition->language, edition->calendar);
    if (strcmp(edition->digits, "latin") == 0)
        gz_buf_append_cstr(&locale, ";numbers=latn");
    char *copy = gz_strdup(gz_buf_cstr(&locale));
    gz_buf_free(&locale);
    return copy;
}

/* Two editions may not share what tells them apart: a language, a prefix
 * on the same host, or a host. */
static const char *clash(const gz_edition_t *a, const gz_edition_t *b)
{
    if (gz_language_same_primary(a->language, b->language))
        return "has the language of edition '%s' (an article belongs to its language's edition)";
    if (a->host[0] != '\0' && strcmp(a->host, b->host) == 0)
        return "has the host of edition '%s'";
    if (a->host[0] == '\0' && b->host[0] == '\0' && strcmp(a->prefix, b->prefix) == 0)
        return "has the address prefix of edition '%s'";
    return NULL;
}

static int edition_error(const gz_edition_t *edition, gz_buf_t *complaint, int *line,
                         const char *what, const char *other)
{
    gz_buf_printf(complaint, "edition '%s' ", edition->key);
    gz_buf_printf(complaint, what, other);
    *line = edition->line;
    return GZ_EINVAL;
}

int gz_editions_check(gz_config_t *config, gz_buf_t *complaint, int *line)
{
    for (size_t i = 0; i < config->edition_count; i++) {
        gz_edition_t *edition = &config->editions[i];
        if (edition->language[0] == '\0')
            return edition_error(edition, complaint, line, "wants a language%s", "");
        if (i == 0 && (edition->prefix[0] != '\0' || edition->host[0] != '\0'))
            return edition_error(edition, complaint, line,
                                 "is the default (the first) and lives at the site's own "
                                 "address: it takes no prefix and no host%s",
                                 "");
        for (size_t j = 0; j < i; j++) {
            const char *what = clash(edition, &config->editions[j]);
            if (what != NULL)
                return edition_error(edition, complaint, line, what, config->editions[j].key);
        }
        free(edition->locale);
        edition->locale = edition_locale(edition);
    }
    return GZ_OK;
}

void gz_editions_copy(gz_config_t *copy, const gz_config_t *original)
{
    for (size_t i = 0; i < original->edition_count; i++) {
        const gz_edition_t *from = &original->editions[i];
        copy->editions[i] = (gz_edition_t){
            .key = gz_strdup(from->key),
            .language = gz_strdup(from->language),
            .name = gz_strdup(from->name),
            .prefix = gz_strdup(from->prefix),
            .host = gz_strdup(from->host),
            .digits = gz_strdup(from->digits),
            .calendar = gz_strdup(from->calendar),
            .locale = from->locale != NULL ? gz_strdup(from->locale) : NULL,
            .line = from->line,
        };
    }
}

void gz_editions_free(gz_config_t *config)
{
    for (size_t i = 0; i < config->edition_count; i++) {
        gz_edition_t *edition = &config->editions[i];
        free(edition->key);
        free(edition->language);
        free(edition->name);
        free(edition->prefix);
        free(edition->host);
        free(edition->digits);
        free(edition->calendar);
        free(edition->locale);
    }
    config->edition_count = 0;
}

const gz_edition_t *gz_config_editions(const gz_config_t *config, gz_edition_t *site_edition,
                                       size_t *count)
{
    if (config->edition_count > 0) {
        *count = config->edition_count;
        return config->editions;
    }
    *site_edition = (gz_edition_t){.key = config->site_language,
                                   .language = config->site_language,
                                   .name = config->site_name,
                                   .prefix = "",
                                   .host = "",
                                   .digits = "native",
                                   .calendar = "gregorian",
                                   .locale = config->site_language};
    *count = 1;
    return site_edition;
}

const gz_edition_t *gz_edition_for_language(const gz_edition_t *editions, size_t count,
                                            const char *language)
{
    for (size_t i = 0; language != NULL && i < count; i++) {
        if (gz_language_same_primary(editions[i].language, language))
            return &editions[i];
    }
    return &editions[0];
}
