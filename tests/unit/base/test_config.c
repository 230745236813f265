/* Configuration: defaults, INI file, environment, flags, precedence and
 * the exact error messages a user sees. */
#include "test_support.h"

static const char *const ENV_NAMES[] = {
    "GAZETTE_STORE",    "GAZETTE_LISTEN",        "GAZETTE_THREADS",   "GAZETTE_SITE_NAME",
    "GAZETTE_SITE_URL", "GAZETTE_SITE_LANGUAGE", "GAZETTE_TIME_ZONE", "GAZETTE_TIME_FORMAT",
    "GAZETTE_THEME",    "GAZETTE_PAGE_SIZE",     "GAZETTE_CACHE_MB",  "GAZETTE_LOG_LEVEL",
};

static char temp_folder[64];
static char ini_path[128];

static void clear_environment(void)
{
    for (size_t i = 0; i < sizeof ENV_NAMES / sizeof ENV_NAMES[0]; i++)
        unsetenv(ENV_NAMES[i]);
}

static int set_up(void **state)
{
    (void)state;
    clear_environment();
    snprintf(temp_folder, sizeof temp_folder, "/tmp/gazette-config-XXXXXX");
    if (mkdtemp(temp_folder) == NULL)
        return -1;
    snprintf(ini_path, sizeof ini_path, "%s/gazette.ini", temp_folder);
    return 0;
}

static int tear_down(void **state)
{
    (void)state;
    clear_environment();
    unlink(ini_path);
    rmdir(temp_folder);
    return 0;
}

static void write_ini(const char *text)
{
    FILE *file = fopen(ini_path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

/* Loads text as an INI file over the defaults; returns the result and
 * leaves the message in error. */
static int load_ini(gz_config_t *config, const char *text, gz_buf_t *error)
{
    write_ini(text);
    return gz_config_load_file(config, ini_path, true, error);
}

/* The error message with the temporary path replaced by "gazette.ini". */
static const char *message(const gz_buf_t *error)
{
    static char text[512];
    const char *full = gz_buf_cstr(error);
    size_t path_length = strlen(ini_path);
    if (strncmp(full, ini_path, path_length) == 0)
        snprintf(text, sizeof text, "gazette.ini%s", full + path_length);
    else
        snprintf(text, sizeof text, "%s", full);
    return text;
}

static void test_defaults(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    assert_string_equal(config.store_url, "sqlite:var/gazette.db");
    assert_string_equal(config.listen, "127.0.0.1:8080");
    assert_int_equal(config.threads, 0);
    assert_string_equal(config.site_name, "Gazette");
    assert_string_equal(config.site_url, "http://127.0.0.1:8080");
    assert_string_equal(config.site_language, "en");
    assert_string_equal(config.time_zone, "UTC");
    assert_string_equal(config.time_format, "%a %b %-d, %Y %H:%M:%S");
    assert_string_equal(config.theme_dir, "themes/default");
    assert_int_equal(config.page_size, 20);
    assert_int_equal(config.cache_mb, 256);
    assert_string_equal(config.cache_breaking, "public, max-age=15, s-maxage=15");
    assert_string_equal(config.log_level, "info");
    assert_int_equal(config.feed_items, 50);
    assert_string_equal(config.site_logo, "/static/logo.png");
    assert_string_equal(config.site_description, "The latest news");
    assert_string_equal(config.media_prefix, "gazette");
    gz_config_free(&config);
    assert_null(config.store_url);
    gz_config_free(&config); /* freeing twice is harmless */
}

static void test_file_sets_every_option(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    int result = load_ini(&config,
                          "; Gazette settings\n"
                          "# comments of both kinds\n"
                          "[store]\n"
                          "url = postgresql://db.local/gazette\n"
                          "\n"
                          "[server]\n"
                          "listen = 0.0.0.0:80\n"
                          "threads = 8\n"
                          "[site]\n"
                          "name = العالم  ; inline comment\n"
                          "url = https://news.example.com/\n"
                          "language = ar-SY\n"
                          "time_zone = Asia/Tehran\n"
                          "time_format = %d/%m/%Y %H:%M\n"
                          "theme = /srv/themes/alalam\n"
                          "page_size = 30\n"
                          "[cache]\n"
                          "size_mb = 0\n"
                          "[log]\n"
                          "level = debug\n",
                          &error);
    assert_int_equal(result, GZ_OK);
    assert_string_equal(gz_buf_cstr(&error), "");
    assert_string_equal(config.store_url, "postgresql://db.local/gazette");
    assert_string_equal(config.listen, "0.0.0.0:80");
    assert_int_equal(config.threads, 8);
    assert_string_equal(config.site_name, "العالم");
    assert_string_equal(config.site_url, "https://news.example.com");
    assert_string_equal(config.site_language, "ar-SY");
    assert_string_equal(config.time_zone, "Asia/Tehran");
    assert_string_equal(config.time_format, "%d/%m/%Y %H:%M");
    assert_string_equal(config.theme_dir, "/srv/themes/alalam");
    assert_int_equal(config.page_size, 30);
    assert_int_equal(config.cache_mb, 0);
    assert_string_equal(config.log_level, "debug");
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_file_unknown_option(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(load_ini(&config, "[server]\nthreads = 2\n\n[server]\nport = 80\n", &error),
                     GZ_EINVAL);
    assert_string_equal(message(&error), "gazette.ini:5: unknown option 'server.port'");
    assert_int_equal(load_ini(&config, "[sever]\nthreads = 2\n", &error), GZ_EINVAL);
    assert_string_equal(message(&error), "gazette.ini:2: unknown option 'sever.threads'");
    assert_int_equal(load_ini(&config, "threads = 2\n", &error), GZ_EINVAL);
    assert_string_equal(message(&error), "gazette.ini:1: unknown option 'threads'");
    /* Names are case-sensitive, like the documentation shows them. */
    assert_int_equal(load_ini(&config, "[Server]\nThreads = 2\n", &error), GZ_EINVAL);
    assert_string_equal(message(&error), "gazette.ini:2: unknown option 'Server.Threads'");
    gz_config_free(&config);
    gz_buf_free(&error);
}

/* A file the loader must refuse whole, and the message it must give. */
typedef struct {
    const char *ini;
    const char *message;
} refusal_t;

static void assert_refused(const refusal_t *cases, size_t count)
{
    gz_buf_t error = GZ_BUF_INIT;
    for (size_t i = 0; i < count; i++) {
        gz_config_t config;
        gz_config_defaults(&config);
        assert_int_equal(load_ini(&config, cases[i].ini, &error), GZ_EINVAL);
        assert_string_equal(message(&error), cases[i].message);
        assert_int_equal(config.edition_count, 0); /* all or nothing */
        gz_config_free(&config);
    }
    gz_buf_free(&error);
}

static void test_file_bad_values(void **state)
{
    (void)state;
    static const refusal_t CASES[] = {
        {"[server]\nthreads = many\n",
         "gazette.ini:2: option 'server.threads' wants a whole number from 0 to 1024"},
        {"[server]\nthreads = 1025\n",
         "gazette.ini:2: option 'server.threads' wants a whole number from 0 to 1024"},
        {"[server]\nthreads = -1\n",
         "gazette.ini:2: option 'server.threads' wants a whole number from 0 to 1024"},
        {"[server]\nthreads = 99999999999999999999\n",
         "gazette.ini:2: option 'server.threads' wants a whole number from 0 to 1024"},
        {"[server]\nthreads =\n",
         "gazette.ini:2: option 'server.threads' wants a whole number from 0 to 1024"},
        {"[site]\npage_size = 0\n",
         "gazette.ini:2: option 'site.page_size' wants a whole number from 1 to 1000"},
        {"[cache]\nsize_mb = 2.5\n",
         "gazette.ini:2: option 'cache.size_mb' wants a whole number from 0 to 1048576"},
        {"[server]\nlisten = 8080\n", "gazette.ini:2: option 'server.listen' wants HOST:PORT with "
                                      "a port from 0 (any free port) to 65535"},
        {"[site]\nurl = news.example.com\n",
         "gazette.ini:2: option 'site.url' wants an absolute URL starting with http:// or "
         "https://"},
        {"[site]\nlanguage = english please\n",
         "gazette.ini:2: option 'site.language' wants a language tag such as 'en' or 'ar-SY'"},
        {"[site]\nlanguage = qq-ZZ\n",
         "gazette.ini:2: option 'site.language' wants a language ICU has dates and numbers for, "
         "such as 'en', 'ar' or 'fa'"},
        {"[site]\ntime_zone = Mars/Olympus_Mons\n",
         "gazette.ini:2: option 'site.time_zone' wants a time zone name such as 'UTC' or "
         "'Asia/Tehran'"},
        {"[log]\nlevel = verbose\n",
         "gazette.ini:2: option 'log.level' wants one of debug, info, warn, error"},
        {"[store]\nurl =\n", "gazette.ini:2: option 'store.url' wants a value"},
        {"[media]\nprefix = Al Alam\n",
         "gazette.ini:2: option 'media.prefix' wants lower-case letters, digits and '-' (up to "
         "40), such as 'alalam'"},
        {"[site]\nname = bad \xc3 byte\n", "gazette.ini:2: option 'site.name' is not valid UTF-8"},
        {"[server]\nthis line has no equals sign\n",
         "gazette.ini:2: expected '[section]' or 'key = value'"},
        {"[server\nthreads = 2\n", "gazette.ini:1: expected '[section]' or 'key = value'"},
    };
    assert_refused(CASES, sizeof CASES / sizeof CASES[0]);
}

static void test_file_reports_the_first_error(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(load_ini(&config, "[server]\nthreads = 1\nnonsense\nthreads = x\n", &error),
                     GZ_EINVAL);
    assert_string_equal(message(&error), "gazette.ini:3: expected '[section]' or 'key = value'");
    assert_int_equal(load_ini(&config, "[server]\nthreads = x\nnonsense\n", &error), GZ_EINVAL);
    assert_string_equal(message(&error),
                        "gazette.ini:2: option 'server.threads' wants a whole number from 0 to "
                        "1024");
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_file_long_line(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    gz_buf_t ini = GZ_BUF_INIT;
    gz_buf_append_cstr(&ini, "[site]\nlanguage = en\nname = ");
    for (int i = 0; i < 300; i++)
        gz_buf_append_char(&ini, 'n');
    gz_buf_append_cstr(&ini, "\nurl = http://x\n");
    assert_int_equal(load_ini(&config, gz_buf_cstr(&ini), &error), GZ_EINVAL);
    assert_string_equal(message(&error), "gazette.ini:3: line is longer than 197 bytes");
    assert_string_equal(config.site_name, "Gazette");
    gz_config_free(&config);
    gz_buf_free(&ini);
    gz_buf_free(&error);
}

static void test_file_is_all_or_nothing(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(
        load_ini(&config, "[site]\nname = Changed\n[server]\nthreads = 4\nlisten = bad\n", &error),
        GZ_EINVAL);
    assert_string_equal(message(&error),
                        "gazette.ini:5: option 'server.listen' wants HOST:PORT with a port from 0 "
                        "(any free port) to 65535");
    assert_string_equal(config.site_name, "Gazette");
    assert_int_equal(config.threads, 0);
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_missing_file(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(gz_config_load_file(&config, "/nonexistent/gazette.ini", false, &error),
                     GZ_OK);
    assert_string_equal(gz_buf_cstr(&error), "");
    assert_string_equal(config.listen, "127.0.0.1:8080");
    assert_int_equal(gz_config_load_file(&config, "/nonexistent/gazette.ini", true, &error),
                     GZ_ENOTFOUND);
    assert_string_equal(gz_buf_cstr(&error),
                        "/nonexistent/gazette.ini: cannot open: No such file or directory");
    /* A folder is not a config file, required or not. */
    assert_int_equal(gz_config_load_file(&config, temp_folder, false, &error), GZ_EIO);
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_environment(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    setenv("GAZETTE_STORE", "sqlite:/tmp/x.db", 1);
    setenv("GAZETTE_LISTEN", "[::1]:9000", 1);
    setenv("GAZETTE_THREADS", "3", 1);
    setenv("GAZETTE_SITE_NAME", "Alalam", 1);
    setenv("GAZETTE_SITE_URL", "http://alalam.example//", 1);
    setenv("GAZETTE_SITE_LANGUAGE", "fa", 1);
    setenv("GAZETTE_TIME_ZONE", "Asia/Tehran", 1);
    setenv("GAZETTE_TIME_FORMAT", "%H:%M", 1);
    setenv("GAZETTE_THEME", "themes/alalam", 1);
    setenv("GAZETTE_PAGE_SIZE", "10", 1);
    setenv("GAZETTE_CACHE_MB", "64", 1);
    setenv("GAZETTE_LOG_LEVEL", "warn", 1);
    setenv("GAZETTE_UNRELATED", "ignored", 1);
    assert_int_equal(gz_config_load_env(&config, &error), GZ_OK);
    unsetenv("GAZETTE_UNRELATED");
    assert_string_equal(config.store_url, "sqlite:/tmp/x.db");
    assert_string_equal(config.listen, "[::1]:9000");
    assert_int_equal(config.threads, 3);
    assert_string_equal(config.site_name, "Alalam");
    assert_string_equal(config.site_url, "http://alalam.example");
    assert_string_equal(config.site_language, "fa");
    assert_string_equal(config.time_zone, "Asia/Tehran");
    assert_string_equal(config.time_format, "%H:%M");
    assert_string_equal(config.theme_dir, "themes/alalam");
    assert_int_equal(config.page_size, 10);
    assert_int_equal(config.cache_mb, 64);
    assert_string_equal(config.log_level, "warn");
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_environment_errors(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    setenv("GAZETTE_SITE_NAME", "Changed", 1);
    setenv("GAZETTE_THREADS", "lots", 1);
    assert_int_equal(gz_config_load_env(&config, &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error),
                        "GAZETTE_THREADS: wants a whole number from 0 to 1024");
    assert_string_equal(config.site_name, "Gazette"); /* all or nothing */
    unsetenv("GAZETTE_THREADS");
    setenv("GAZETTE_SITE_URL", "ftp://example.com", 1);
    assert_int_equal(gz_config_load_env(&config, &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error),
                        "GAZETTE_SITE_URL: wants an absolute URL starting with http:// or "
                        "https://");
    unsetenv("GAZETTE_SITE_URL");
    setenv("GAZETTE_LOG_LEVEL", "", 1);
    assert_int_equal(gz_config_load_env(&config, &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error), "GAZETTE_LOG_LEVEL: wants a value");
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_set_by_flag_or_dotted_name(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    static const struct {
        const char *flag;
        const char *dotted;
        const char *value;
    } NAMES[] = {
        {"store", "store.url", "sqlite:a.db"},
        {"listen", "server.listen", "localhost:81"},
        {"threads", "server.threads", "5"},
        {"site-name", "site.name", "N"},
        {"site-url", "site.url", "https://a.example"},
        {"language", "site.language", "de"},
        {"time-zone", "site.time_zone", "Europe/Berlin"},
        {"time-format", "site.time_format", "%F"},
        {"theme", "site.theme", "t"},
        {"page-size", "site.page_size", "7"},
        {"cache-mb", "cache.size_mb", "1"},
        {"cache-breaking", "cache.breaking", "public, max-age=5"},
        {"log-level", "log.level", "error"},
    };
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        assert_int_equal(gz_config_set(&config, NAMES[i].flag, NAMES[i].value, &error), GZ_OK);
        assert_int_equal(gz_config_set(&config, NAMES[i].dotted, NAMES[i].value, &error), GZ_OK);
    }
    assert_string_equal(config.store_url, "sqlite:a.db");
    assert_string_equal(config.listen, "localhost:81");
    assert_int_equal(config.threads, 5);
    assert_string_equal(config.site_name, "N");
    assert_string_equal(config.site_url, "https://a.example");
    assert_string_equal(config.site_language, "de");
    assert_string_equal(config.time_zone, "Europe/Berlin");
    assert_string_equal(config.time_format, "%F");
    assert_string_equal(config.theme_dir, "t");
    assert_int_equal(config.page_size, 7);
    assert_int_equal(config.cache_mb, 1);
    assert_string_equal(config.cache_breaking, "public, max-age=5");
    assert_string_equal(config.log_level, "error");
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_set_errors(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(gz_config_set(&config, "threads", "-3", &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error), "--threads: wants a whole number from 0 to 1024");
    assert_int_equal(gz_config_set(&config, "server.threads", "x", &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error),
                        "option 'server.threads' wants a whole number from 0 to 1024");
    assert_int_equal(gz_config_set(&config, "listen", "127.0.0.1:65536", &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error),
                        "--listen: wants HOST:PORT with a port from 0 (any free port) to 65535");
    assert_int_equal(gz_config_set(&config, "time-zone", "Nowhere", &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error),
                        "--time-zone: wants a time zone name such as 'UTC' or 'Asia/Tehran'");
    assert_int_equal(gz_config_set(&config, "colour", "red", &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error), "unknown option 'colour'");
    assert_int_equal(gz_config_set(&config, "server.colour", "red", &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error), "unknown option 'server.colour'");
    assert_int_equal(gz_config_set(&config, "--threads", "2", &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error), "unknown option '--threads'");
    assert_int_equal(gz_config_set(&config, "store", NULL, &error), GZ_EINVAL);
    assert_string_equal(gz_buf_cstr(&error), "--store: wants a value");
    /* A NULL error buffer is allowed. */
    assert_int_equal(gz_config_set(&config, "threads", "x", NULL), GZ_EINVAL);
    /* Nothing changed. */
    assert_int_equal(config.threads, 0);
    assert_string_equal(config.listen, "127.0.0.1:8080");
    assert_string_equal(config.time_zone, "UTC");
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_listen_and_url_forms(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    static const char *const GOOD_LISTEN[] = {"127.0.0.1:8080",  "127.0.0.1:0", "0.0.0.0:1",
                                              "localhost:65535", "[::]:443",    "[::1]:8080",
                                              "news.example:80"};
    static const char *const BAD_LISTEN[] = {
        "127.0.0.1",     ":8080",    "127.0.0.1:", "127.0.0.1:-1", "127.0.0.1:65536",
        "127.0.0.1:80x", "::1:8080", "[::1:8080",  "a b:80",       "127.0.0.1:+80"};
    for (size_t i = 0; i < sizeof GOOD_LISTEN / sizeof GOOD_LISTEN[0]; i++) {
        assert_int_equal(gz_config_set(&config, "listen", GOOD_LISTEN[i], NULL), GZ_OK);
        assert_string_equal(config.listen, GOOD_LISTEN[i]);
    }
    for (size_t i = 0; i < sizeof BAD_LISTEN / sizeof BAD_LISTEN[0]; i++) {
        if (gz_config_set(&config, "listen", BAD_LISTEN[i], NULL) != GZ_EINVAL)
            fail_msg("listen \"%s\" should be refused", BAD_LISTEN[i]);
    }
    static const struct {
        const char *value, *stored;
    } GOOD_URL[] = {
        {"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
        {"https://news.example.com/", "https://news.example.com"},
        {"https://news.example.com/edition/", "https://news.example.com/edition"},
    };
    for (size_t i = 0; i < sizeof GOOD_URL / sizeof GOOD_URL[0]; i++) {
        assert_int_equal(gz_config_set(&config, "site-url", GOOD_URL[i].value, NULL), GZ_OK);
        assert_string_equal(config.site_url, GOOD_URL[i].stored);
    }
    static const char *const BAD_URL[] = {
        "http://",    "https:///x",         "news.example.com",   "HTTP://x",
        "http://a b", "//news.example.com", "javascript:alert(1)"};
    for (size_t i = 0; i < sizeof BAD_URL / sizeof BAD_URL[0]; i++) {
        if (gz_config_set(&config, "site-url", BAD_URL[i], NULL) != GZ_EINVAL)
            fail_msg("site url \"%s\" should be refused", BAD_URL[i]);
    }
    gz_config_free(&config);
}

/* file < environment < flags, as the design says. */
static void test_precedence(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    write_ini("[server]\nthreads = 2\nlisten = 127.0.0.1:7000\n"
              "[site]\nname = From File\npage_size = 11\n");
    setenv("GAZETTE_THREADS", "4", 1);
    setenv("GAZETTE_SITE_NAME", "From Env", 1);
    assert_int_equal(gz_config_load_file(&config, ini_path, true, &error), GZ_OK);
    assert_int_equal(gz_config_load_env(&config, &error), GZ_OK);
    assert_int_equal(gz_config_set(&config, "threads", "6", &error), GZ_OK);
    assert_int_equal(config.threads, 6);                  /* flag beats env and file */
    assert_string_equal(config.site_name, "From Env");    /* env beats file */
    assert_string_equal(config.listen, "127.0.0.1:7000"); /* file beats default */
    assert_int_equal(config.page_size, 11);
    assert_int_equal(config.cache_mb, 256); /* default stays */
    gz_config_free(&config);
    gz_buf_free(&error);
}

static const char THREE_EDITIONS[] = "[site]\nname = Gazette\n"
                                     "[edition.en]\nlanguage = en\n"
                                     "[edition.ar]\nlanguage = ar\nname = غازيت\nprefix = /ar\n"
                                     "[edition.fa]\nlanguage = fa\nprefix = /fa\n"
                                     "host = fa.example.com\ncalendar = persian\n"
                                     "digits = latin\n";

static void test_editions_from_the_file(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(load_ini(&config, THREE_EDITIONS, &error), GZ_OK);
    gz_edition_t unused;
    size_t count = 0;
    const gz_edition_t *editions = gz_config_editions(&config, &unused, &count);
    assert_int_equal(count, 3);
    assert_string_equal(editions[0].key, "en");
    assert_string_equal(editions[0].prefix, "");
    assert_string_equal(editions[0].locale, "en@calendar=gregorian");
    assert_string_equal(editions[1].name, "غازيت");
    assert_string_equal(editions[1].prefix, "/ar");
    assert_string_equal(editions[1].digits, "native");
    assert_string_equal(editions[2].host, "fa.example.com");
    assert_string_equal(editions[2].locale, "fa@calendar=persian;numbers=latn");
    /* An article goes by its language's primary subtag; others are the default's. */
    assert_ptr_equal(gz_edition_for_language(editions, count, "ar-SY"), &editions[1]);
    assert_ptr_equal(gz_edition_for_language(editions, count, "FA"), &editions[2]);
    assert_ptr_equal(gz_edition_for_language(editions, count, "de"), &editions[0]);
    assert_ptr_equal(gz_edition_for_language(editions, count, NULL), &editions[0]);
    /* A later file is read over a copy: the editions survive it whole. */
    write_ini("[site]\nname = Again\n[edition.ar]\nname = العالم\n");
    assert_int_equal(gz_config_load_file(&config, ini_path, true, &error), GZ_OK);
    editions = gz_config_editions(&config, &unused, &count);
    assert_int_equal(count, 3);
    assert_string_equal(editions[1].name, "العالم");
    assert_string_equal(editions[1].prefix, "/ar");
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_a_site_without_editions_is_one(void **state)
{
    (void)state;
    gz_config_t config;
    gz_config_defaults(&config);
    gz_buf_t error = GZ_BUF_INIT;
    assert_int_equal(load_ini(&config, "[site]\nlanguage = ar\nname = العالم\n", &error), GZ_OK);
    gz_edition_t site;
    size_t count = 0;
    const gz_edition_t *editions = gz_config_editions(&config, &site, &count);
    assert_int_equal(count, 1);
    assert_ptr_equal(editions, &site);
    assert_string_equal(editions[0].language, "ar");
    assert_string_equal(editions[0].name, "العالم");
    assert_string_equal(editions[0].prefix, "");
    assert_string_equal(editions[0].host, "");
    gz_config_free(&config);
    gz_buf_free(&error);
}

static void test_edition_errors(void **state)
{
    (void)state;
    static const refusal_t CASES[] = {
        {"[edition.en]\nlanguage = en\n[edition.Ar]\nlanguage = ar\n",
         "gazette.ini:4: section '[edition.Ar]' wants a name of lower-case letters, digits and "
         "'-' after 'edition.', such as '[edition.ar]'"},
        {"[edition.en]\nlanguage = xx-nothing\n",
         "gazette.ini:2: option 'edition.en.language' wants a language ICU has dates and numbers "
         "for, such as 'en', 'ar' or 'fa'"},
        {"[edition.en]\nlanguage = en\n[edition.ar]\nlanguage = ar\nprefix = ar\n",
         "gazette.ini:5: option 'edition.ar.prefix' wants '/' and one path segment of lower-case "
         "letters, digits and '-', such as '/ar', or nothing"},
        {"[edition.en]\nlanguage = en\n[edition.ar]\nlanguage = ar\nprefix = /ar/x\n",
         "gazette.ini:5: option 'edition.ar.prefix' wants '/' and one path segment of lower-case "
         "letters, digits and '-', such as '/ar', or nothing"},
        {"[edition.en]\nlanguage = en\n[edition.ar]\nhost = AR.example.com\n",
         "gazette.ini:4: option 'edition.ar.host' wants a host name in lower case, such as "
         "'ar.example.com', or nothing"},
        {"[edition.fa]\nlanguage = fa\ncalendar = julian\n",
         "gazette.ini:3: option 'edition.fa.calendar' wants 'gregorian', 'persian' (Solar Hijri) "
         "or 'islamic-umalqura'"},
        {"[edition.ar]\nlanguage = ar\ndigits = roman\n",
         "gazette.ini:3: option 'edition.ar.digits' wants 'native' (the language's own) or "
         "'latin'"},
        {"[edition.ar]\nlanguage = ar\ncolour = red\n",
         "gazette.ini:3: option 'edition.ar.colour' is not an edition's option (language, name, "
         "prefix, host, digits, calendar)"},
        {"[edition.en]\nlanguage = en\n[edition.ar]\nprefix = /ar\n",
         "gazette.ini:4: edition 'ar' wants a language"},
        {"[edition.en]\nlanguage = en\nprefix = /en\n",
         "gazette.ini:2: edition 'en' is the default (the first) and lives at the site's own "
         "address: it takes no prefix and no host"},
        {"[edition.en]\nlanguage = en\n[edition.us]\nlanguage = en-US\nprefix = /us\n",
         "gazette.ini:4: edition 'us' has the language of edition 'en' (an article belongs to "
         "its language's edition)"},
        {"[edition.en]\nlanguage = en\n[edition.ar]\nlanguage = ar\n",
         "gazette.ini:4: edition 'ar' has the address prefix of edition 'en'"},
        {"[edition.en]\nlanguage = en\n[edition.ar]\nlanguage = ar\nhost = x.example\n"
         "[edition.fa]\nlanguage = fa\nhost = x.example\n",
         "gazette.ini:7: edition 'fa' has the host of edition 'ar'"},
    };
    assert_refused(CASES, sizeof CASES / sizeof CASES[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_file_sets_every_option, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_file_unknown_option, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_file_bad_values, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_file_reports_the_first_error, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_file_long_line, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_file_is_all_or_nothing, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_missing_file, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_environment, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_environment_errors, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_set_by_flag_or_dotted_name, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_set_errors, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_listen_and_url_forms, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_precedence, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_editions_from_the_file, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_a_site_without_editions_is_one, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_edition_errors, set_up, tear_down),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
