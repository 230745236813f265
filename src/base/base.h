/*
 * base: the few things every other module stands on.
 *
 *  - gz_str_t: a byte range {ptr, len} that points into memory owned by
 *    someone else (a pool, a buffer, a literal). Nothing is copied to pass it.
 *  - gz_buf_t: a growable byte buffer that owns its memory.
 *  - gz_pool_t: an arena freed all at once, one per request or import job.
 *  - error codes (negative GZ_E*) and the one function that names them.
 *  - logging, time formats, UTF-8 checks and slugs, configuration.
 *
 * Allocation failure is fatal (the process logs and aborts), as in h2o:
 * a news server that cannot allocate a few bytes cannot do anything useful,
 * and the callers stay free of untestable error paths.
 *
 * Thread safety: everything here is safe to use from any thread on values
 * that thread owns; the config is immutable once loaded.
 */
#ifndef GAZETTE_BASE_H
#define GAZETTE_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GZ_VERSION "0.1.0"

/* ---- errors ---------------------------------------------------------- */

enum {
    GZ_OK = 0,
    GZ_EINVAL = -1,      /* bad input: the caller's data is wrong */
    GZ_ENOTFOUND = -2,   /* no such thing */
    GZ_EIO = -3,         /* the file system or database failed */
    GZ_ECONFLICT = -4,   /* a concurrent change or a duplicate */
    GZ_EPARSE = -5,      /* malformed file or text */
    GZ_EUNAVAILABLE = -6 /* a backend is down; try again later */
};

/* A static message for a GZ_E* code. Never NULL. */
const char *gz_strerror(int code);

/* ---- byte ranges ----------------------------------------------------- */

typedef struct {
    const char *ptr;
    size_t len;
} gz_str_t;

#define GZ_STR(literal) ((gz_str_t){(literal), sizeof(literal) - 1})
#define GZ_STR_NULL ((gz_str_t){NULL, 0})

gz_str_t gz_str_from_cstr(const char *cstr); /* NULL gives an empty range */
bool gz_str_eq(gz_str_t a, gz_str_t b);
bool gz_str_eq_cstr(gz_str_t a, const char *cstr);
bool gz_str_starts_with(gz_str_t s, const char *prefix);
gz_str_t gz_str_trim(gz_str_t s); /* ASCII white space at both ends */

/* ---- buffers --------------------------------------------------------- */

typedef struct {
    char *data; /* always NUL-terminated when not NULL */
    size_t len;
    size_t cap;
} gz_buf_t;

#define GZ_BUF_INIT ((gz_buf_t){NULL, 0, 0})

void gz_buf_reserve(gz_buf_t *buf, size_t extra);
void gz_buf_append(gz_buf_t *buf, const void *bytes, size_t len);
void gz_buf_append_str(gz_buf_t *buf, gz_str_t s);
void gz_buf_append_cstr(gz_buf_t *buf, const char *cstr);
void gz_buf_append_char(gz_buf_t *buf, char c);
void gz_buf_printf(gz_buf_t *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gz_buf_vprintf(gz_buf_t *buf, const char *fmt, va_list args);
/* Empties the buffer, keeping its memory. */
void gz_buf_reset(gz_buf_t *buf);
void gz_buf_free(gz_buf_t *buf);
/* The contents as a range, or as a C string ("" when empty). */
gz_str_t gz_buf_str(const gz_buf_t *buf);
const char *gz_buf_cstr(const gz_buf_t *buf);
/* Hands the memory to the caller (free() it); the buffer is left empty. */
char *gz_buf_detach(gz_buf_t *buf, size_t *len);

/* Appends text escaped for HTML element content and attribute values:
 * & < > " ' are replaced by entities. */
void gz_buf_append_html(gz_buf_t *buf, const char *text, size_t len);
/* Appends text as the inside of a JSON string (no quotes added): " and \
 * escaped, control characters as \n \t \r \b \f or \u00XX, and also
 * < > & as \u003c \u003e \u0026 and U+2028/U+2029 as \u2028/\u2029, so the
 * result is plain JSON that is also safe inside a
 * <script type="application/ld+json"> block. Other bytes are copied as they
 * are (validate UTF-8 first). */
void gz_buf_append_json(gz_buf_t *buf, const char *text, size_t len);

/* ---- memory pools ---------------------------------------------------- */

typedef struct gz_pool_chunk gz_pool_chunk_t;

typedef struct {
    gz_pool_chunk_t *chunks;
} gz_pool_t;

#define GZ_POOL_INIT ((gz_pool_t){NULL})

void *gz_pool_alloc(gz_pool_t *pool, size_t size);                 /* aligned, uninitialized */
void *gz_pool_calloc(gz_pool_t *pool, size_t count, size_t size);  /* zeroed; checks overflow */
char *gz_pool_strndup(gz_pool_t *pool, const char *s, size_t len); /* NUL-terminated */
char *gz_pool_strdup(gz_pool_t *pool, const char *s);              /* NULL stays NULL */
gz_str_t gz_pool_str(gz_pool_t *pool, gz_str_t s);                 /* copy of a range */
char *gz_pool_printf(gz_pool_t *pool, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees everything allocated from the pool; the pool can be used again. */
void gz_pool_clear(gz_pool_t *pool);
/* Frees everything but one chunk, kept empty for the next use; a pool
 * recycled this way must still be cleared at the end. */
void gz_pool_recycle(gz_pool_t *pool);

/* malloc family that aborts on failure. */
void *gz_malloc(size_t size);
void *gz_calloc(size_t count, size_t size);
void *gz_realloc(void *ptr, size_t size);
char *gz_strdup(const char *s);
char *gz_strndup(const char *s, size_t len);

/* ---- logging --------------------------------------------------------- */

typedef enum { GZ_LOG_DEBUG, GZ_LOG_INFO, GZ_LOG_WARN, GZ_LOG_ERROR } gz_log_level_t;

/* Logs go to stderr, one line each, with level and time; lines below the
 * threshold (default INFO) are dropped. */
void gz_log_set_level(gz_log_level_t level);
void gz_log(gz_log_level_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void gz_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- time ------------------------------------------------------------ */

/* Times are Unix seconds in UTC everywhere inside Gazette. */
typedef int64_t gz_time_t;

gz_time_t gz_now(void);

/* Sets the site's time zone (an IANA name such as "Asia/Tehran", or "UTC")
 * for gz_time_format_local. Call once at start, before threads. Returns
 * GZ_EINVAL for an unknown zone. */
int gz_time_set_zone(const char *zone);

/* Appends "2016-12-07T08:09:47Z". */
void gz_time_append_rfc3339(gz_buf_t *buf, gz_time_t t);
/* Appends "Wed, 07 Dec 2016 08:09:47 GMT". */
void gz_time_append_rfc1123(gz_buf_t *buf, gz_time_t t);
/* Appends t formatted by strftime(3) in the site's zone; a format that
 * yields nothing appends nothing. */
void gz_time_append_local(gz_buf_t *buf, gz_time_t t, const char *strftime_format);
/* Parses "2016-12-07T08:09:47Z" or with a numeric offset ("+03:30");
 * GZ_EPARSE when malformed. */
int gz_time_parse_rfc3339(gz_str_t text, gz_time_t *out);
/* Parses strptime(3) text in the site's zone, the whole text must match. */
int gz_time_parse_local(gz_str_t text, const char *strptime_format, gz_time_t *out);

/* .NET ticks: 100 ns units since 0001-01-01T00:00:00 UTC. */
gz_time_t gz_time_from_dotnet_ticks(int64_t ticks);
int64_t gz_time_to_dotnet_ticks(gz_time_t t);

/* ---- dates, times and numbers in a language's words (ICU) ------------- */

/* A locale is an ICU locale id: "en", "ar", "ar@numbers=latn" (Latin
 * digits), "fa@calendar=persian" (Solar Hijri). True when ICU has data for
 * its language (config checks use it). */
bool gz_locale_known(const char *locale);
/* Appends t in the site's zone with the fields an ICU skeleton names
 * ("EEEEdMMMMy": weekday, day, month, year; "Hm": hours and minutes),
 * ordered and written as the locale does. GZ_EINVAL for no skeleton or a
 * locale ICU has no data for (see gz_locale_known), appending nothing. */
int gz_time_append_in_locale(gz_buf_t *buf, gz_time_t t, const char *locale, const char *skeleton);
/* Appends how far t is from now in the locale's words ("3 hours ago",
 * "in 2 days", "now"), in the largest whole unit up to years. */
int gz_time_append_relative(gz_buf_t *buf, gz_time_t t, gz_time_t now, const char *locale);
/* Appends number with the locale's digits and grouping ("١٢٬٣٤٥"). */
int gz_number_append(gz_buf_t *buf, int64_t number, const char *locale);

/* ---- UTF-8 and slugs ------------------------------------------------- */

/* True when bytes are well-formed UTF-8 (no overlongs, no surrogates, no
 * NUL). */
bool gz_utf8_valid(const char *bytes, size_t len);
/* The characters (code points) of UTF-8 text, as a person counts them and
 * as a browser's Array.from(text).length does; for valid text only. */
size_t gz_utf8_count(const char *bytes, size_t len);
/* Appends a URL slug: NFKC, case folded, letters and digits of any script
 * kept, every other run of characters turned into one '-', at most
 * max_bytes long without cutting a character. Invalid UTF-8 gives "". */
void gz_slug_append(gz_buf_t *buf, const char *text, size_t len, size_t max_bytes);

/* Parses a decimal int64 that must fill the whole range: an optional '-'
 * then digits only (no space, no '+'). GZ_EINVAL when malformed or out of
 * range; *out is untouched then. */
int gz_parse_int64(gz_str_t text, int64_t *out);

/* ---- editions -------------------------------------------------------- */

enum { GZ_MAX_EDITIONS = 16 };

/* One edition of the site: the home page, sections, feeds, sitemaps and
 * search of one language, under a path prefix ("/ar") or on a host name
 * of its own. Configured as [edition.KEY] sections of gazette.ini, in
 * order; the first is the default edition, at the site's own address. An
 * article belongs to the edition of its language (editions.c). */
typedef struct {
    char *key;      /* "ar", of [edition.ar] */
    char *language; /* BCP 47; no two editions share a primary subtag */
    char *name;     /* the masthead ("العالم"); "" for [site] name */
    char *prefix;   /* "/ar"; "" for none (the default, or one on its own host) */
    char *host;     /* "ar.example.com"; "" for the site's host */
    char *digits;   /* "native" (the language's own) or "latin" */
    char *calendar; /* "gregorian", "persian" (Solar Hijri), "islamic-umalqura" */
    char *locale;   /* ICU's locale id of its dates and numbers ("ar@calendar=gregorian;
                       numbers=latn"), worked out when the file is read */
    int line;       /* the line of its first option, for messages */
} gz_edition_t;

/* ---- configuration --------------------------------------------------- */

/* Everything configurable, loaded from gazette.ini, then GAZETTE_*
 * variables, then command-line flags, each overriding the one before.
 * Strings are owned by the config (freed by gz_config_free). */
typedef struct {
    char *store_url;         /* [store] url / GAZETTE_STORE / --store */
    char *store_replica_url; /* [store] replica_url: readers' pages read here; "" for none */
    char *listen;            /* [server] listen / GAZETTE_LISTEN / --listen */
    int threads;             /* [server] threads, 0 = number of cores */
    char *site_name;         /* [site] name */
    char *site_url;          /* [site] url, absolute, no trailing slash */
    char *site_language;     /* [site] language, BCP 47 */
    char *time_zone;         /* [site] time_zone, IANA name */
    char *time_format;       /* [site] time_format, strftime, as the sample */
    char *theme_dir;         /* [site] theme, folder with templates/ static/ */
    int page_size;           /* [site] page_size: articles on fronts */
    char *media_dir;         /* [media] dir: pictures by their stored path */
    char *media_prefix;      /* [media] prefix: the site part of new uploads' names */
    int cache_mb;            /* [cache] size_mb, 0 disables the page cache */
    char *cache_article;     /* [cache] article: Cache-Control of article pages */
    char *cache_front;       /* [cache] front: of home, section and tag fronts */
    char *cache_feed;        /* [cache] feed: of feeds and sitemaps */
    char *cache_api;         /* [cache] api: of the JSON API */
    char *cache_breaking;    /* [cache] breaking: of /breaking.json, the banner */
    char *tls_certificate;   /* [server] tls_certificate: PEM file, "" for plain HTTP */
    char *tls_key;           /* [server] tls_key: PEM file */
    int reads_save_seconds;  /* [reads] save_seconds: how often counted reads are saved */
    char *log_level;         /* [log] level */
    int feed_items;          /* [feeds] items: newest articles in each feed */
    char *site_logo;         /* [site] logo: the publisher's logo, a path or URL */
    char *site_description;  /* [site] description: one line, for feeds and search */
    int search_recency_days; /* [search] recency_days: half-life of the recency boost, 0 off */
    gz_edition_t editions[GZ_MAX_EDITIONS]; /* [edition.KEY] sections, from the file only */
    size_t edition_count;                   /* 0: the site is one edition */
} gz_config_t;

/* Sets every field to its default (overwrites without freeing). */
void gz_config_defaults(gz_config_t *config);
/* Reads an INI file over the current values. A missing file is fine when
 * required is false. On a bad line or value returns GZ_EINVAL and writes
 * "FILE:LINE: message" into error. */
int gz_config_load_file(gz_config_t *config, const char *path, bool required, gz_buf_t *error);
/* Reads GAZETTE_* variables from the environment over the current values.
 * On a bad value returns GZ_EINVAL and writes "GAZETTE_THREADS: message".
 * Loading a file or the environment is all or nothing: on error the config
 * is unchanged. A missing required file gives GZ_ENOTFOUND, an unreadable
 * one GZ_EIO, both with "FILE: cannot open: reason". error may be NULL; it
 * is reset before a message is written. */
int gz_config_load_env(gz_config_t *config, gz_buf_t *error);
/* Sets one option by its "section.key" name ("server.threads") or by its
 * flag name ("threads", "store", "listen", "site-name", "site-url",
 * "language", "time-zone", "time-format", "theme", "page-size", "cache-mb",
 * "log-level", "feed-items", "site-logo", "site-description",
 * "search-recency-days"); used by flags
 * too. Errors: "--threads: message" for a flag
 * name, "option 'server.threads' message" otherwise, "unknown option 'x'". */
int gz_config_set(gz_config_t *config, const char *name, const char *value, gz_buf_t *error);
void gz_config_free(gz_config_t *config);

/* The site's editions and their number. A site that configures none is
 * one edition of [site] language and name, written into *site_edition
 * (which borrows the config's strings and must outlive the answer). */
const gz_edition_t *gz_config_editions(const gz_config_t *config, gz_edition_t *site_edition,
                                       size_t *count);
/* The edition an article in language belongs to: the one whose language
 * has the same primary subtag, else the first (the default). */
const gz_edition_t *gz_edition_for_language(const gz_edition_t *editions, size_t count,
                                            const char *language);
/* Whether two language tags share their primary subtag ("ar", "ar-SY"),
 * case aside; false when either is NULL. */
bool gz_language_same_primary(const char *a, const char *b);


#endif
