/*
 * media.c: `gazette media import DIR` and `gazette media gc`.
 *
 * import brings a folder of pictures into the store: every file whose
 * path inside DIR is in the legacy scheme (2016/12/03/alalam_636..._25f_4x3.jpg,
 * as the old site stored its crops) or names an item's stem
 * (2016/12/03/alalam_636....jpg) becomes the original of the item of that
 * stem, created when no article referred to it yet. Of several crops of
 * one picture the largest file is kept. Each file is checked like an
 * upload and stored in its own transaction, so pages that showed a
 * placeholder for it are refreshed on every node at once. Then every size
 * the theme declares is made for what was stored, on every core (the
 * newsroom's runner), so no reader waits for one; --no-derivatives leaves
 * them to be made when first asked for.
 *
 * gc removes what no one needs: derivatives of sizes the theme no longer
 * declares, and items no article uses and no item has as its poster, last
 * changed more than --unused-days days ago (default 90). --dry-run says
 * what it would remove and removes nothing.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "newsroom/newsroom.h"

static const char *const media_flags[] = {"store", "theme", "log-level", NULL};

static const cli_command_t media_command = {
    .name = "media",
    .usage = "gazette media import [--store URL] [--theme DIR] [--no-derivatives] DIR\n"
             "       gazette media gc [--store URL] [--theme DIR] [--dry-run] [--unused-days N]",
    .description =
        "import stores every picture under DIR whose path is in the legacy scheme\n"
        "(YYYY/MM/DD/site_ticks_size_ratio.ext, or YYYY/MM/DD/site_ticks.ext) as the\n"
        "original of the media item of that name, so pages that showed a placeholder\n"
        "show the picture. Files are checked as uploads are; other files are skipped.\n"
        "Then every size the theme's media.ini declares is made for them, on every\n"
        "core; --no-derivatives leaves that to the first request for each.\n"
        "\n"
        "gc deletes derivatives of sizes the theme's media.ini no longer declares, and\n"
        "media items that no article uses, unchanged for --unused-days days (90).\n"
        "--dry-run lists what it would delete and deletes nothing.",
    .flags = media_flags,
    .min_arguments = 1,
    .max_arguments = 2,
};

enum { DEFAULT_UNUSED_DAYS = 90, MAX_DEPTH = 8 };

/* ---- import ---------------------------------------------------------------- */

typedef struct {
    store_t *store;
    newsroom_media_config_t config;
    size_t imported, skipped, refused, kept;
    gz_buf_t stored_ids; /* int64_t each: the items given an original */
} import_run_t;

/* The stem a relative path names, or NULL. */
static const char *stem_of_relative(const char *relative, gz_pool_t *pool)
{
    media_legacy_path_t parsed;
    const char *path = gz_pool_printf(pool, "/%s", relative);
    if (media_legacy_path_parse(gz_str_from_cstr(path), &parsed, NULL) == GZ_OK) {
        return gz_pool_printf(pool, "%04d/%02d/%02d/%.*s_%lld", parsed.year, parsed.month,
                              parsed.day, (int)parsed.site.len, parsed.site.ptr,
                              (long long)parsed.ticks);
    }
    /* An original named by its stem: in the scheme once a size is added. */
    const char *dot = strrchr(relative, '.');
    if (dot == NULL || strchr(dot, '/') != NULL) {
        return NULL;
    }
    const char *stem = gz_pool_strndup(pool, relative, (size_t)(dot - relative));
    const char *sized = gz_pool_printf(pool, "/%s_1_1x1.jpg", stem);
    return media_legacy_path_parse(gz_str_from_cstr(sized), &parsed, NULL) == GZ_OK ? stem : NULL;
}

static int read_file(const char *path, size_t limit, gz_buf_t *out)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return GZ_EIO;
    }
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0 && out->len <= limit) {
        gz_buf_append(out, chunk, got);
    }
    int code = ferror(file) ? GZ_EIO : GZ_OK;
    fclose(file);
    return code;
}

/* A larger file of the same picture is already the original. */
static bool smaller_than_stored(store_t *store, const char *stem, size_t len, gz_pool_t *pool)
{
    content_media_t item;
    return store_media_find_by_stem(store, stem, pool, &item) == GZ_OK && item.has_original &&
           item.byte_count >= (int64_t)len;
}

static void import_file(import_run_t *run, const char *path, const char *relative)
{
    gz_pool_t pool = GZ_POOL_INIT;
    const char *stem = stem_of_relative(relative, &pool);
    gz_buf_t bytes = GZ_BUF_INIT;
    newsroom_media_result_t result = {0};
    if (stem == NULL) {
        run->skipped++;
    } else if (read_file(path, run->config.limits.max_video_bytes, &bytes) != GZ_OK) {
        printf("%s: cannot be read\n", path);
        run->refused++;
    } else if (smaller_than_stored(run->store, stem, bytes.len, &pool)) {
        run->kept++;
    } else {
        newsroom_actor_t actor = {.name = "gazette media import", .role = STORE_ROLE_ADMIN,
                                  .file = path};
        newsroom_upload_t upload = {.bytes = bytes.data, .len = bytes.len,
                                    .file_name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path};
        if (newsroom_media_import_original(run->store, &actor, &run->config, stem, &upload, &pool,
                                           &result) == GZ_OK) {
            printf("%s: media %lld (%s)\n", path, (long long)result.media_id, stem);
            run->imported++;
            gz_buf_append(&run->stored_ids, &result.media_id, sizeof result.media_id);
        } else {
            printf("%s: %s\n", path, result.message ? result.message : "not stored");
            run->refused++;
        }
        fflush(stdout);
    }
    gz_buf_free(&bytes);
    gz_pool_clear(&pool);
}

static void import_folder(import_run_t *run, const char *dir, const char *relative, int depth)
{
    DIR *folder = opendir(dir);
    if (folder == NULL || depth > MAX_DEPTH) {
        if (folder != NULL) {
            closedir(folder);
        }
        return;
    }
    struct dirent *entry;
    while ((entry = readdir(folder)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue; /* ".", "..", and hidden files */
        }
        gz_buf_t path = GZ_BUF_INIT, inner = GZ_BUF_INIT;
        gz_buf_printf(&path, "%s/%s", dir, entry->d_name);
        gz_buf_printf(&inner, "%s%s%s", relative, relative[0] ? "/" : "", entry->d_name);
        struct stat info;
        if (lstat(gz_buf_cstr(&path), &info) == 0 && S_ISDIR(info.st_mode)) {
            import_folder(run, gz_buf_cstr(&path), gz_buf_cstr(&inner), depth + 1);
        } else if (S_ISREG(info.st_mode)) {
            import_file(run, gz_buf_cstr(&path), gz_buf_cstr(&inner));
        }
        gz_buf_free(&path);
        gz_buf_free(&inner);
    }
    closedir(folder);
}

/* The sizes the theme's media.ini declares; false with the message said. */
static bool load_theme_sizes(const gz_config_t *config, media_sizes_t *sizes)
{
    *sizes = media_sizes_default();
    gz_buf_t path = GZ_BUF_INIT, error = GZ_BUF_INIT;
    gz_buf_printf(&path, "%s/media.ini", config->theme_dir);
    int code = media_sizes_load_file(sizes, gz_buf_cstr(&path), &error);
    if (code != GZ_OK)
        cli_error(&media_command, "%s", gz_buf_cstr(&error));
    gz_buf_free(&path);
    gz_buf_free(&error);
    return code == GZ_OK;
}

/* How many derivatives the items the run stored have now. */
static size_t stored_derivatives(import_run_t *run)
{
    size_t total = 0;
    for (size_t i = 0; i < run->stored_ids.len / sizeof(int64_t); i++) {
        int64_t id;
        memcpy(&id, run->stored_ids.data + i * sizeof id, sizeof id);
        gz_pool_t pool = GZ_POOL_INIT;
        store_media_file_t *files = NULL;
        size_t count = 0;
        if (store_media_file_list(run->store, id, &pool, &files, &count) == GZ_OK)
            total += count > 0 ? count - 1 : 0; /* all but the original */
        gz_pool_clear(&pool);
    }
    return total;
}

/* Makes every declared size of what the run stored, on every core. */
static int make_derivatives(import_run_t *run, const gz_config_t *config,
                            const media_sizes_t *sizes)
{
    size_t count = run->stored_ids.len / sizeof(int64_t);
    if (count == 0)
        return GZ_OK;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    newsroom_derivatives_t *runner =
        newsroom_derivatives_new(config->store_url, sizes, cores > 0 ? (unsigned)cores : 1);
    if (runner == NULL) {
        cli_error(&media_command, "libvips cannot start: no derivatives made");
        return GZ_EUNAVAILABLE;
    }
    gz_time_t started = gz_now();
    size_t queued = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        int64_t id;
        memcpy(&id, run->stored_ids.data + i * sizeof id, sizeof id);
        size_t made = 0;
        int code = newsroom_derivatives_queue(runner, run->store, id, &made);
        queued += made;
        if (code == GZ_EUNAVAILABLE) { /* the queue is full: let it empty, then the rest */
            newsroom_derivatives_drain(runner);
            code = newsroom_derivatives_queue(runner, run->store, id, &made);
            queued += made;
        }
        failed += code != GZ_OK && code != GZ_ENOTFOUND; /* videos have none */
    }
    newsroom_derivatives_drain(runner);
    newsroom_derivatives_free(runner);
    size_t stored = stored_derivatives(run);
    printf("media import: made %zu derivatives in %lld s (%zu stored in all)\n", queued,
           (long long)(gz_now() - started), stored);
    return failed == 0 && stored >= queued ? GZ_OK : GZ_EIO;
}

static int import_main(store_t *store, const gz_config_t *config, const char *dir,
                       bool derivatives)
{
    struct stat info;
    media_sizes_t sizes;
    if (stat(dir, &info) != 0 || !S_ISDIR(info.st_mode)) {
        cli_error(&media_command, "%s: not a folder", dir);
        return CLI_EXIT_FAILURE;
    }
    if (derivatives && !load_theme_sizes(config, &sizes))
        return CLI_EXIT_FAILURE;
    import_run_t run = {.store = store, .config = newsroom_media_config_default()};
    import_folder(&run, dir, "", 0);
    printf("media import: %zu stored, %zu kept (a larger file was there), %zu skipped, "
           "%zu refused\n",
           run.imported, run.kept, run.skipped, run.refused);
    fflush(stdout);
    int code = derivatives ? make_derivatives(&run, config, &sizes) : GZ_OK;
    gz_buf_free(&run.stored_ids);
    return run.refused > 0 || code != GZ_OK ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
}

/* ---- gc -------------------------------------------------------------------- */

typedef struct {
    store_t *store;
    media_sizes_t sizes;
    bool dry_run;
    size_t derivatives, items;
} gc_run_t;

/* Whether a stored variant ("640_16x9.webp") is a size the theme declares. */
static bool variant_declared(const media_sizes_t *sizes, const char *variant)
{
    media_size_t size;
    return newsroom_derivative_variant_parse(variant, &size) && media_size_lookup(sizes, &size);
}

static int gc_item_files(gc_run_t *run, const content_media_t *item, gz_pool_t *pool)
{
    store_media_file_t *files = NULL;
    size_t count = 0;
    int code = store_media_file_list(run->store, item->id, pool, &files, &count);
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        if (strcmp(files[i].variant, "original") == 0 ||
            variant_declared(&run->sizes, files[i].variant)) {
            continue;
        }
        printf("%s derivative %s of media %lld (%s)\n", run->dry_run ? "would delete" : "deleted",
               files[i].variant, (long long)item->id, item->stem);
        run->derivatives++;
        if (!run->dry_run) {
            code = store_media_file_delete(run->store, item->id, files[i].variant);
        }
    }
    return code;
}

static int gc_derivatives(gc_run_t *run)
{
    int code = GZ_OK;
    for (size_t page = 1; code == GZ_OK; page++) {
        gz_pool_t pool = GZ_POOL_INIT;
        store_media_list_t list;
        store_media_query_t query = {.page = page, .page_size = STORE_MEDIA_PAGE_MAX};
        code = store_media_list(run->store, &query, &pool, &list);
        for (size_t i = 0; code == GZ_OK && i < list.count; i++) {
            code = gc_item_files(run, &list.items[i], &pool);
        }
        bool more = code == GZ_OK && page * STORE_MEDIA_PAGE_MAX < list.total;
        gz_pool_clear(&pool);
        if (!more) {
            break;
        }
    }
    return code;
}

static int gc_unused(gc_run_t *run, int days)
{
    gz_pool_t pool = GZ_POOL_INIT;
    int64_t *ids = NULL;
    size_t count = 0;
    int code = store_media_list_unused(run->store, gz_now() - (gz_time_t)days * 86400, &pool,
                                       &ids, &count);
    newsroom_actor_t actor = {.name = "gazette media gc", .role = STORE_ROLE_ADMIN};
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        printf("%s unused media %lld\n", run->dry_run ? "would delete" : "deleted",
               (long long)ids[i]);
        run->items++;
        newsroom_media_result_t result;
        if (!run->dry_run) {
            code = newsroom_media_delete(run->store, &actor, ids[i], &pool, &result);
        }
    }
    gz_pool_clear(&pool);
    return code;
}

static int gc_main(store_t *store, const gz_config_t *config, bool dry_run, int days)
{
    gc_run_t run = {.store = store, .dry_run = dry_run};
    if (!load_theme_sizes(config, &run.sizes))
        return CLI_EXIT_FAILURE;
    int code = gc_derivatives(&run);
    if (code == GZ_OK)
        code = gc_unused(&run, days);
    if (code == GZ_OK)
        printf("media gc: %s %zu derivatives and %zu items\n",
               dry_run ? "would delete" : "deleted", run.derivatives, run.items);
    else
        cli_error(&media_command, "%s", store_last_error(store));
    return code == GZ_OK ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

/* ---- the command ----------------------------------------------------------- */

/* Takes the subcommands' own switches out of argv (cli_parse knows the
 * config flags only); false with a message for a bad --unused-days. */
static bool take_switches(int *argc, char **argv, bool *dry_run, int *days, bool *derivatives)
{
    int kept = 0;
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--no-derivatives") == 0) {
            *derivatives = false;
        } else if (strcmp(argv[i], "--dry-run") == 0) {
            *dry_run = true;
        } else if (strcmp(argv[i], "--unused-days") == 0 && i + 1 < *argc) {
            char *end = NULL;
            long value = strtol(argv[++i], &end, 10);
            if (*end != '\0' || value < 0 || value > 36500) {
                cli_error(&media_command, "--unused-days takes a number of days from 0 to 36500");
                return false;
            }
            *days = (int)value;
        } else {
            argv[kept++] = argv[i];
        }
    }
    *argc = kept;
    return true;
}

int cli_media_main(int argc, char **argv)
{
    bool dry_run = false, derivatives = true;
    int days = DEFAULT_UNUSED_DAYS;
    if (!take_switches(&argc, argv, &dry_run, &days, &derivatives)) {
        return CLI_EXIT_USAGE;
    }
    cli_invocation_t invocation;
    int status = cli_start(&media_command, argc, argv, &invocation);
    if (status >= 0) {
        return status;
    }
    const char *action = invocation.arguments[0];
    bool import = strcmp(action, "import") == 0 && invocation.argument_count == 2;
    bool gc = strcmp(action, "gc") == 0 && invocation.argument_count == 1;
    store_t *store = NULL;
    if (!import && !gc) {
        cli_error(&media_command, "say 'import DIR' or 'gc' (see 'gazette media --help')");
        status = CLI_EXIT_USAGE;
    } else if ((store = cli_open_store(&media_command, &invocation.config)) == NULL) {
        status = CLI_EXIT_FAILURE;
    } else if (import) {
        status = import_main(store, &invocation.config, invocation.arguments[1], derivatives);
    } else {
        status = gc_main(store, &invocation.config, dry_run, days);
    }
    store_close(store);
    cli_invocation_free(&invocation);
    return status;
}
