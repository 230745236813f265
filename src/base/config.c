/*
 * Configuration: gazette.ini, then GAZETTE_* variables, then flags.
 *
 * One table lists every option once, with its INI section and key, its
 * environment variable, its flag name, its kind (which says how the value is
 * checked) and its default, and all three loaders walk that table, so an
 * option cannot be added to one source and forgotten in another.
 *
 * Loading is all or nothing: a file or the environment is applied to a copy
 * that replaces the caller's config only when every value was good, so a
 * bad file never leaves a half-changed config behind. Errors say where the
 * value came from ("gazette.ini:3:", "GAZETTE_THREADS:", "--threads:"),
 * then what the option wants.
 *
 * The INI syntax is inih's. Lines are fed to it by a reader that counts
 * them, so the handler knows the line number of the option it rejects
 * (Debian's inih is built without line numbers in the handler).
 */
#include "base/base.h"
#include "base/base_private.h"

#include <errno.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    KIND_TEXT,      /* any non-empty UTF-8 */
    KIND_INTEGER,   /* whole number in [minimum, maximum] */
    KIND_LISTEN,    /* HOST:PORT */
    KIND_URL,       /* http:// or https:// */
    KIND_LANGUAGE,  /* BCP 47 tag characters */
    KIND_ZONE,      /* IANA zone name that exists here */
    KIND_LOG_LEVEL, /* debug, info, warn, error */
    KIND_PATH,      /* a file name, or empty for none */
    KIND_OPTIONAL,  /* any UTF-8, or empty for none */
    KIND_HEADER,    /* printable ASCII, fit for an HTTP header value */
    KIND_NAME       /* lower-case ASCII letters, digits and '-', up to 40 */
} option_kind_t;

typedef struct {
    const char *section;
    const char *key;
    const char *env_name;
    const char *flag_name;
    option_kind_t kind;
    size_t offset; /* of the field in gz_config_t */
    const char *default_text;
    int default_number;
    int minimum, maximum;
} option_t;

#define TEXT_OPTION(section, key, env, flag, kind, field, default_text)                            \
    {                                                                                              \
        section, key, env, flag, kind, offsetof(gz_config_t, field), default_text, 0, 0, 0         \
    }
#define NUMBER_OPTION(section, key, env, flag, field, default_number, minimum, maximum)            \
    {                                                                                              \
        section, key, env, flag, KIND_INTEGER, offsetof(gz_config_t, field), NULL, default_number, \
            minimum, maximum                                                                       \
    }

static const option_t OPTIONS[] = {
    TEXT_OPTION("store", "url", "GAZETTE_STORE", "store", KIND_TEXT, store_url,
                "sqlite:var/gazette.db"),
    TEXT_OPTION("store", "replica_url", "GAZETTE_STORE_REPLICA", "store-replica", KIND_OPTIONAL,
                store_replica_url, ""),
    TEXT_OPTION("server", "listen", "GAZETTE_LISTEN", "listen", KIND_LISTEN, listen,
                "127.0.0.1:8080"),
    NUMBER_OPTION("server", "threads", "GAZETTE_THREADS", "threads", threads, 0, 0, 1024),
    TEXT_OPTION("site", "name", "GAZETTE_SITE_NAME", "site-name", KIND_TEXT, site_name, "Gazette"),
    TEXT_OPTION("site", "url", "GAZETTE_SITE_URL", "site-url", KIND_URL, site_url,
                "http://127.0.0.1:8080"),
    TEXT_OPTION("site", "language", "GAZETTE_SITE_LANGUAGE", "language", KIND_LANGUAGE,
                site_language, "en"),
    TEXT_OPTION("site", "time_zone", "GAZETTE_TIME_ZONE", "time-zone", KIND_ZONE, time_zone, "UTC"),
    TEXT_OPTION("site", "time_format", "GAZETTE_TIME_FORMAT", "time-format", KIND_TEXT, time_format,
                "%a %b %-d, %Y %H:%M:%S"),
    TEXT_OPTION("site", "theme", "GAZETTE_THEME", "theme", KIND_TEXT, theme_dir, "themes/default"),
    NUMBER_OPTION("site", "page_size", "GAZETTE_PAGE_SIZE", "page-size", page_size, 20, 1, 1000),
    TEXT_OPTION("media", "dir", "GAZETTE_MEDIA_DIR", "media-dir", KIND_TEXT, media_dir,
                "var/media"),
    TEXT_OPTION("media", "prefix", "GAZETTE_MEDIA_PREFIX", "media-prefix", KIND_NAME, media_prefix,
                "gazette"),
    NUMBER_OPTION("cache", "size_mb", "GAZETTE_CACHE_MB", "cache-mb", cache_mb, 256, 0, 1048576),
    TEXT_OPTION("cache", "article", "GAZETTE_CACHE_ARTICLE", "cache-article", KIND_HEADER,
                cache_article, "public, max-age=60, s-maxage=300, stale-while-revalidate=600"),
    TEXT_OPTION("cache", "front", "GAZETTE_CACHE_FRONT", "cache-front", KIND_HEADER, cache_front,
                "public, max-age=30, s-maxage=60, stale-while-revalidate=300"),
    TEXT_OPTION("cache", "feed", "GAZETTE_CACHE_FEED", "cache-feed", KIND_HEADER, cache_feed,
                "public, max-age=300, s-maxage=300, stale-while-revalidate=600"),
    TEXT_OPTION("cache", "api", "GAZETTE_CACHE_API", "cache-api", KIND_HEADER, cache_api,
                "public, max-age=60, s-maxage=60, stale-while-revalidate=300"),
    TEXT_OPTION("cache", "breaking", "GAZETTE_CACHE_BREAKING", "cache-breaking", KIND_HEADER,
                cache_breaking, "public, max-age=15, s-maxage=15"),
    TEXT_OPTION("server", "tls_certificate", "GAZETTE_TLS_CERTIFICATE", "tls-certificate",
                KIND_PATH, tls_certificate, ""),
    TEXT_OPTION("server", "tls_key", "GAZETTE_TLS_KEY", "tls-key", KIND_PATH, tls_key, ""),
    NUMBER_OPTION("reads", "save_seconds", "GAZETTE_READS_SAVE_SECONDS", "reads-save-seconds",
                  reads_save_seconds, 60, 1, 3600),
    TEXT_OPTION("log", "level", "GAZETTE_LOG_LEVEL", "log-level", KIND_LOG_LEVEL, log_level,
                "info"),
    NUMBER_OPTION("feeds", "items", "GAZETTE_FEED_ITEMS", "feed-items", feed_items, 50, 1, 1000),
    TEXT_OPTION("site", "logo", "GAZETTE_SITE_LOGO", "site-logo", KIND_TEXT, site_logo,
                "/static/logo.png"),
    TEXT_OPTION("site", "description", "GAZETTE_SITE_DESCRIPTION", "site-description", KIND_TEXT,
                site_description, "The latest news"),
    NUMBER_OPTION("search", "recency_days", "GAZETTE_SEARCH_RECENCY_DAYS", "search-recency-days",
                  search_recency_days, 30, 0, 3650),
};

enum { OPTION_COUNT = sizeof OPTIONS / sizeof OPTIONS[0] };

static char **text_field(gz_config_t *config, const option_t *option)
{
    return (char **)(void *)((char *)config + option->offset);
}

static int *number_field(gz_config_t *config, const option_t *option)
{
    return (int *)(void *)((char *)config + option->offset);
}

static bool is_text_kind(option_kind_t kind)
{
    return kind != KIND_INTEGER;
}

void gz_config_defaults(gz_config_t *config)
{
    memset(config, 0, sizeof *config);
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const option_t *option = &OPTIONS[i];
        if (is_text_kind(option->kind))
            *text_field(config, option) = gz_strdup(option->default_text);
        else
            *number_field(config, option) = option->default_number;
    }
}

void gz_config_free(gz_config_t *config)
{
    gz_editions_free(config);
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (is_text_kind(OPTIONS[i].kind))
            free(*text_field(config, &OPTIONS[i]));
    }
    memset(config, 0, sizeof *config);
}

static void config_copy(gz_config_t *copy, const gz_config_t *original)
{
    *copy = *original;
    gz_editions_copy(copy, original);
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (is_text_kind(OPTIONS[i].kind)) {
            char **field = text_field(copy, &OPTIONS[i]);
            *field = gz_strdup(*field);
        }
    }
}

/* ---- checking one value ----------------------------------------------- */

static bool is_port(gz_str_t text)
{
    int64_t port;
    return gz_parse_int64(text, &port) == GZ_OK && port >= 0 && port <= 65535;
}

static bool has_space_or_control(const char *text)
{
    for (const char *c = text; *c != '\0'; c++) {
        if ((unsigned char)*c <= ' ' || *c == 0x7f)
            return true;
    }
    return false;
}

static bool is_listen_address(const char *value)
{
    const char *colon = strrchr(value, ':');
    if (colon == NULL || colon == value || has_space_or_control(value))
        return false;
    gz_str_t host = {value, (size_t)(colon - value)};
    if (host.ptr[0] == '[' && host.ptr[host.len - 1] != ']')
        return false;
    if (host.ptr[0] != '[' && memchr(host.ptr, ':', host.len) != NULL)
        return false; /* IPv6 hosts go in brackets */
    return is_port(gz_str_from_cstr(colon + 1));
}

/* The length of url without trailing slashes, or 0 when it is not an
 * absolute http(s) URL with a host. */
static size_t site_url_length(const char *value)
{
    gz_str_t url = gz_str_from_cstr(value);
    size_t scheme_length;
    if (gz_str_starts_with(url, "http://"))
        scheme_length = strlen("http://");
    else if (gz_str_starts_with(url, "https://"))
        scheme_length = strlen("https://");
    else
        return 0;
    if (has_space_or_control(value))
        return 0;
    size_t length = url.len;
    while (length > scheme_length && url.ptr[length - 1] == '/')
        length--;
    if (length == scheme_length || url.ptr[scheme_length] == '/')
        return 0;
    return length;
}

static bool is_language_tag(const char *value)
{
    size_t length = strlen(value);
    if (length < 2 || length > 35)
        return false;
    for (const char *c = value; *c != '\0'; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '-';
        if (!ok)
            return false;
    }
    return value[0] != '-' && value[length - 1] != '-';
}

const char *gz_config_language_complaint(const char *value)
{
    if (!is_language_tag(value))
        return "wants a language tag such as 'en' or 'ar-SY'";
    if (!gz_locale_known(value)) /* its dates and numbers come from ICU */
        return "wants a language ICU has dates and numbers for, such as 'en', 'ar' or 'fa'";
    return NULL;
}

static bool is_log_level(const char *value)
{
    return strcmp(value, "debug") == 0 || strcmp(value, "info") == 0 ||
           strcmp(value, "warn") == 0 || strcmp(value, "error") == 0;
}

static bool is_header_value(const char *value)
{
    for (const char *c = value; *c != '\0'; c++) {
        if (*c < 0x20 || *c > 0x7e)
            return false;
    }
    return true;
}

static bool is_name(const char *value)
{
    size_t length = strlen(value);
    return length <= 40 && strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789-") == length;
}

/* Checks value for option and stores it; on a bad value writes what the
 * option wants into complaint and changes nothing. */
static int option_apply(gz_config_t *config, const option_t *option, const char *value,
                        gz_buf_t *complaint)
{
    if (option->kind == KIND_INTEGER) {
        int64_t number;
        if (gz_parse_int64(gz_str_trim(gz_str_from_cstr(value)), &number) != GZ_OK ||
            number < option->minimum || number > option->maximum) {
            gz_buf_printf(complaint, "wants a whole number from %d to %d", option->minimum,
                          option->maximum);
            return GZ_EINVAL;
        }
        *number_field(config, option) = (int)number;
        return GZ_OK;
    }
    size_t length = strlen(value);
    if (!gz_utf8_valid(value, length)) {
        gz_buf_append_cstr(complaint, "is not valid UTF-8");
        return GZ_EINVAL;
    }
    if (length == 0 && option->kind != KIND_PATH && option->kind != KIND_OPTIONAL) {
        gz_buf_append_cstr(complaint, "wants a value");
        return GZ_EINVAL;
    }
    const char *wants = NULL;
    switch (option->kind) {
    case KIND_LISTEN:
        if (!is_listen_address(value))
            wants = "wants HOST:PORT with a port from 0 (any free port) to 65535";
        break;
    case KIND_URL:
        length = site_url_length(value);
        if (length == 0)
            wants = "wants an absolute URL starting with http:// or https://";
        break;
    case KIND_LANGUAGE: wants = gz_config_language_complaint(value); break;
    case KIND_ZONE:
        if (!gz_time_zone_exists(value))
            wants = "wants a time zone name such as 'UTC' or 'Asia/Tehran'";
        break;
    case KIND_LOG_LEVEL:
        if (!is_log_level(value))
            wants = "wants one of debug, info, warn, error";
        break;
    case KIND_HEADER:
        if (!is_header_value(value))
            wants = "wants printable ASCII text, such as 'public, max-age=60'";
        break;
    case KIND_NAME:
        if (!is_name(value))
            wants = "wants lower-case letters, digits and '-' (up to 40), such as 'alalam'";
        break;
    case KIND_TEXT:
    case KIND_PATH:
    case KIND_OPTIONAL:
    case KIND_INTEGER: break;
    }
    if (wants != NULL) {
        gz_buf_append_cstr(complaint, wants);
        return GZ_EINVAL;
    }
    char **field = text_field(config, option);
    free(*field);
    *field = gz_strndup(value, length);
    return GZ_OK;
}

static void write_error(gz_buf_t *error, const char *prefix, const gz_buf_t *complaint)
{
    if (error == NULL)
        return;
    gz_buf_reset(error);
    gz_buf_append_cstr(error, prefix);
    gz_buf_append_str(error, gz_buf_str(complaint));
}

/* ---- flags and gz_config_set ------------------------------------------ */

static const option_t *find_by_section_key(const char *section, const char *key)
{
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (strcmp(OPTIONS[i].section, section) == 0 && strcmp(OPTIONS[i].key, key) == 0)
            return &OPTIONS[i];
    }
    return NULL;
}

static const option_t *find_by_dotted_name(const char *name)
{
    const char *dot = strchr(name, '.');
    if (dot == NULL)
        return NULL;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        size_t section_length = strlen(OPTIONS[i].section);
        if ((size_t)(dot - name) == section_length &&
            strncmp(name, OPTIONS[i].section, section_length) == 0 &&
            strcmp(dot + 1, OPTIONS[i].key) == 0)
            return &OPTIONS[i];
    }
    return NULL;
}

static const option_t *find_by_flag(const char *name)
{
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (strcmp(OPTIONS[i].flag_name, name) == 0)
            return &OPTIONS[i];
    }
    return NULL;
}

int gz_config_set(gz_config_t *config, const char *name, const char *value, gz_buf_t *error)
{
    gz_buf_t prefix = GZ_BUF_INIT;
    gz_buf_t complaint = GZ_BUF_INIT;
    int result = GZ_EINVAL;
    const option_t *option = find_by_flag(name);
    if (option != NULL) {
        gz_buf_printf(&prefix, "--%s: ", name);
    } else {
        option = find_by_dotted_name(name);
        if (option == NULL) {
            gz_buf_printf(&complaint, "unknown option '%s'", name);
            write_error(error, "", &complaint);
            goto done;
        }
        gz_buf_printf(&prefix, "option '%s' ", name);
    }
    result = option_apply(config, option, value == NULL ? "" : value, &complaint);
    if (result != GZ_OK)
        write_error(error, gz_buf_cstr(&prefix), &complaint);
done:
    gz_buf_free(&prefix);
    gz_buf_free(&complaint);
    return result;
}

/* ---- environment ------------------------------------------------------ */

int gz_config_load_env(gz_config_t *config, gz_buf_t *error)
{
    gz_config_t updated;
    config_copy(&updated, config);
    gz_buf_t complaint = GZ_BUF_INIT;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const char *value = getenv(OPTIONS[i].env_name);
        if (value == NULL)
            continue;
        if (option_apply(&updated, &OPTIONS[i], value, &complaint) != GZ_OK) {
            gz_buf_t prefix = GZ_BUF_INIT;
            gz_buf_printf(&prefix, "%s: ", OPTIONS[i].env_name);
            write_error(error, gz_buf_cstr(&prefix), &complaint);
            gz_buf_free(&prefix);
            gz_buf_free(&complaint);
            gz_config_free(&updated);
            return GZ_EINVAL;
        }
    }
    gz_buf_free(&complaint);
    gz_config_free(config);
    *config = updated;
    return GZ_OK;
}

/* ---- INI file --------------------------------------------------------- */

typedef struct {
    gz_config_t *config;
    FILE *file;
    int line;          /* number of the line inih is working on */
    char *line_buffer; /* getline's */
    size_t line_capacity;
    int error_line; /* 0 while there is no error */
    gz_buf_t complaint;
} ini_context_t;

static void ini_record_error(ini_context_t *context)
{
    if (context->error_line == 0)
        context->error_line = context->line;
}

/* fgets for inih that counts lines and refuses any longer than inih takes,
 * so that inih's line numbers and ours agree. */
static char *ini_read_line(char *destination, int room, void *stream)
{
    ini_context_t *context = stream;
    ssize_t length = getline(&context->line_buffer, &context->line_capacity, context->file);
    if (length < 0)
        return NULL;
    context->line++;
    ssize_t content = length;
    while (content > 0 &&
           (context->line_buffer[content - 1] == '\n' || context->line_buffer[content - 1] == '\r'))
        content--;
    if (room < 4 || content > room - 3 || length > room - 1) {
        if (context->error_line == 0) {
            gz_buf_printf(&context->complaint, "line is longer than %d bytes", room - 3);
            ini_record_error(context);
        }
        memcpy(destination, "\n", 2);
        return destination;
    }
    memcpy(destination, context->line_buffer, (size_t)length + 1);
    return destination;
}

static int ini_handle_value(void *user, const char *section, const char *key, const char *value)
{
    ini_context_t *context = user;
    if (context->error_line != 0)
        return 1; /* keep the first error */
    if (gz_edition_section(section)) {
        if (gz_edition_set(context->config, section, key, value, context->line,
                           &context->complaint) != GZ_OK)
            ini_record_error(context);
        return context->error_line == 0;
    }
    const option_t *option = find_by_section_key(section, key);
    if (option == NULL) {
        if (section[0] == '\0')
            gz_buf_printf(&context->complaint, "unknown option '%s'", key);
        else
            gz_buf_printf(&context->complaint, "unknown option '%s.%s'", section, key);
        ini_record_error(context);
        return 0;
    }
    gz_buf_t wants = GZ_BUF_INIT;
    if (option_apply(context->config, option, value, &wants) != GZ_OK) {
        gz_buf_printf(&context->complaint, "option '%s.%s' %s", section, key, gz_buf_cstr(&wants));
        ini_record_error(context);
    }
    gz_buf_free(&wants);
    return context->error_line == 0;
}

static int open_config_file(const char *path, bool required, FILE **file, gz_buf_t *error)
{
    *file = fopen(path, "r");
    if (*file != NULL)
        return GZ_OK;
    int cause = errno;
    if (cause == ENOENT && !required)
        return GZ_OK;
    if (error != NULL) {
        gz_buf_reset(error);
        gz_buf_printf(error, "%s: cannot open: %s", path, strerror(cause));
    }
    return cause == ENOENT ? GZ_ENOTFOUND : GZ_EIO;
}

int gz_config_load_file(gz_config_t *config, const char *path, bool required, gz_buf_t *error)
{
    FILE *file;
    int result = open_config_file(path, required, &file, error);
    if (result != GZ_OK || file == NULL)
        return result;

    gz_config_t updated;
    config_copy(&updated, config);
    ini_context_t context = {.config = &updated, .file = file, .complaint = GZ_BUF_INIT};
    int first_error_line = ini_parse_stream(ini_read_line, &context, ini_handle_value, &context);
    bool read_failed = ferror(file) != 0;
    fclose(file);
    free(context.line_buffer);

    if (first_error_line > 0 &&
        (context.error_line == 0 || first_error_line < context.error_line)) {
        /* inih itself rejected the line before any value of ours did. */
        gz_buf_reset(&context.complaint);
        gz_buf_append_cstr(&context.complaint, "expected '[section]' or 'key = value'");
        context.error_line = first_error_line;
    }
    if (context.error_line == 0 && !read_failed && first_error_line == 0)
        gz_editions_check(&updated, &context.complaint, &context.error_line);
    if (context.error_line != 0 || read_failed || first_error_line < 0) {
        if (error != NULL) {
            gz_buf_reset(error);
            if (context.error_line != 0)
                gz_buf_printf(error, "%s:%d: %s", path, context.error_line,
                              gz_buf_cstr(&context.complaint));
            else
                gz_buf_printf(error, "%s: cannot read", path);
        }
        result = context.error_line != 0 ? GZ_EINVAL : GZ_EIO;
        gz_config_free(&updated);
    } else {
        gz_config_free(config);
        *config = updated;
    }
    gz_buf_free(&context.complaint);
    return result;
}
