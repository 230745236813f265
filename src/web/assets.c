/*
 * assets: the theme's static files (its static/ folder), read once at
 * start and kept in memory, each compressed once (gzip and brotli, for
 * text) and named twice:
 *
 *  - by its fingerprint, "/static/style.3fa9c1e2b04d.css": the name the
 *    templates use ({{assets.style_css}}), cached for a year as immutable,
 *    since a changed file gets a new name;
 *  - by its plain name, "/static/style.css", and under a fingerprint that
 *    is not the current one (a page cached before a deploy, a node not yet
 *    upgraded): the current file, revalidated after five minutes.
 *
 * Names are looked up exactly in a table made at start, so no request
 * path reaches the file system.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "web/cache.h"
#include "web/web_private.h"

enum {
    ASSET_MAX_FILES = 256,
    ASSET_MAX_BYTES = 4 * 1024 * 1024,
    FINGERPRINT_HEX = 12,
};

static const char IMMUTABLE[] = "public, max-age=31536000, immutable";
static const char REVALIDATED[] = "public, max-age=300";

typedef struct {
    char *name;        /* "style.css" */
    char *fingerprinted; /* "style.3fa9c1e2b04d.css" */
    web_cache_entry_t *immutable;
    web_cache_entry_t *revalidated;
} asset_t;

struct web_assets {
    asset_t *items;
    size_t count;
    json_t *urls; /* {"style_css": "/static/style.3fa9c1e2b04d.css", ...} */
};

static const struct {
    const char *extension;
    const char *type;
} TYPES[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".json", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot != NULL && i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcmp(dot, TYPES[i].extension) == 0)
            return TYPES[i].type;
    return NULL;
}

/* Text is worth compressing; pictures and fonts are compressed already. */
static bool is_text(const char *type)
{
    return strncmp(type, "text/", 5) == 0 || strcmp(type, "image/svg+xml") == 0 ||
           strcmp(type, "application/json") == 0;
}

/* "style.css" with its fingerprint before the extension. */
static char *fingerprinted_name(const char *name, const gz_buf_t *body)
{
    uint64_t hash = web_cache_hash(body->data != NULL ? body->data : "", body->len);
    const char *dot = strrchr(name, '.');
    size_t stem = dot != NULL ? (size_t)(dot - name) : strlen(name);
    gz_buf_t out = GZ_BUF_INIT;
    gz_buf_printf(&out, "%.*s.%0*llx%s", (int)stem, name, FINGERPRINT_HEX,
                  (unsigned long long)(hash >> (64 - 4 * FINGERPRINT_HEX)), dot ? dot : "");
    return gz_buf_detach(&out, NULL);
}

/* The templates' key for a name: "admin-media.js" is "admin_media_js". */
static char *url_key(const char *name)
{
    char *key = gz_strdup(name);
    for (char *c = key; *c != '\0'; c++)
        if (*c == '.' || *c == '-')
            *c = '_';
    return key;
}

static int read_file(const char *path, gz_buf_t *body, gz_buf_t *error)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        gz_buf_printf(error, "%s: cannot be read", path);
        return GZ_EIO;
    }
    char chunk[16384];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0 && body->len <= ASSET_MAX_BYTES)
        gz_buf_append(body, chunk, got);
    bool failed = ferror(file) != 0;
    fclose(file);
    if (failed || body->len > ASSET_MAX_BYTES) {
        gz_buf_printf(error, "%s: %s", path,
                      failed ? "cannot be read" : "is over 4 MB, too big for a theme file");
        return GZ_EINVAL;
    }
    return GZ_OK;
}

static web_cache_entry_t *entry_of(const gz_buf_t *body, const char *type, const char *policy)
{
    web_response_t response = {.status = 200, .content_type = type, .body = *body};
    return web_cache_entry_build(&response, policy, is_text(type));
}

static int add_asset(web_assets_t *assets, const char *dir, const char *name, gz_buf_t *error)
{
    const char *type = type_of(name);
    if (type == NULL || name[0] == '.')
        return GZ_OK; /* not a kind of file a page asks for */
    if (assets->count == ASSET_MAX_FILES) {
        gz_buf_printf(error, "%s: more than %d theme files", dir, ASSET_MAX_FILES);
        return GZ_EINVAL;
    }
    gz_buf_t path = GZ_BUF_INIT, body = GZ_BUF_INIT;
    gz_buf_printf(&path, "%s/%s", dir, name);
    struct stat info;
    int code = GZ_OK;
    if (stat(gz_buf_cstr(&path), &info) == 0 && S_ISREG(info.st_mode))
        code = read_file(gz_buf_cstr(&path), &body, error);
    else
        name = NULL; /* a folder or a broken link: skipped */
    if (code == GZ_OK && name != NULL) {
        asset_t *asset = &assets->items[assets->count++];
        asset->name = gz_strdup(name);
        asset->fingerprinted = fingerprinted_name(name, &body);
        asset->immutable = entry_of(&body, type, IMMUTABLE);
        asset->revalidated = entry_of(&body, type, REVALIDATED);
        gz_buf_t url = GZ_BUF_INIT;
        gz_buf_printf(&url, "/static/%s", asset->fingerprinted);
        char *key = url_key(name);
        json_object_set_new(assets->urls, key, json_string(gz_buf_cstr(&url)));
        free(key);
        gz_buf_free(&url);
    }
    gz_buf_free(&body);
    gz_buf_free(&path);
    return code;
}

web_assets_t *web_assets_load(const char *dir, gz_buf_t *error)
{
    web_assets_t *assets = gz_calloc(1, sizeof *assets);
    assets->items = gz_calloc(ASSET_MAX_FILES, sizeof *assets->items);
    assets->urls = json_object();
    DIR *folder = opendir(dir);
    if (folder == NULL)
        return assets; /* a theme may have no static files */
    int code = GZ_OK;
    struct dirent *item;
    while (code == GZ_OK && (item = readdir(folder)) != NULL)
        code = add_asset(assets, dir, item->d_name, error);
    closedir(folder);
    if (code != GZ_OK) {
        web_assets_free(assets);
        return NULL;
    }
    return assets;
}

void web_assets_free(web_assets_t *assets)
{
    if (assets == NULL)
        return;
    for (size_t i = 0; i < assets->count; i++) {
        free(assets->items[i].name);
        free(assets->items[i].fingerprinted);
        web_cache_release(assets->items[i].immutable);
        web_cache_release(assets->items[i].revalidated);
    }
    free(assets->items);
    json_decref(assets->urls);
    free(assets);
}

const json_t *web_assets_urls(const web_assets_t *assets)
{
    return assets->urls;
}

/* "style.0123456789ab.css" read as "style.css"; false when name has no
 * fingerprint's shape. */
static bool strip_fingerprint(const char *name, size_t len, char *plain, size_t cap)
{
    const char *last = memrchr(name, '.', len);
    if (last == NULL || last == name)
        return false;
    const char *first = memrchr(name, '.', (size_t)(last - name));
    if (first == NULL || last - first - 1 != FINGERPRINT_HEX)
        return false;
    for (const char *c = first + 1; c < last; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return false;
    int written = snprintf(plain, cap, "%.*s%.*s", (int)(first - name), name,
                           (int)(name + len - last), last);
    return written > 0 && (size_t)written < cap;
}

static bool name_is(const char *name, const char *path, size_t len)
{
    return strlen(name) == len && memcmp(name, path, len) == 0;
}

web_cache_entry_t *web_assets_find(const web_assets_t *assets, const char *name, size_t len)
{
    char plain[256];
    bool stripped = strip_fingerprint(name, len, plain, sizeof plain);
    for (size_t i = 0; i < assets->count; i++) {
        const asset_t *asset = &assets->items[i];
        if (name_is(asset->fingerprinted, name, len))
            return asset->immutable;
        if (name_is(asset->name, name, len) || (stripped && strcmp(asset->name, plain) == 0))
            return asset->revalidated;
    }
    return NULL;
}

int web_render_template(const web_site_t *site, const char *template_name, json_t *model,
                        gz_buf_t *out)
{
    /* A copy: the shared object's reference count is not touched by
     * threads rendering at once. */
    if (site->assets != NULL)
        json_object_set_new(model, "assets", json_deep_copy(web_assets_urls(site->assets)));
    return tmpl_render(site->templates, template_name, model, out);
}
