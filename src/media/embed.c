/*
 * The video providers whose players may be embedded, and the one way an
 * address a journalist pastes ("https://youtu.be/dQw4w9WgXcQ?t=42") becomes
 * a provider and an id. Pages never print a pasted address: they rebuild
 * the player's from the id, which holds only the provider's id bytes, so
 * nothing typed in the newsroom can point a frame elsewhere.
 */
#include "media/media.h"

#include <string.h>
#include <strings.h>

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

typedef struct {
    media_embed_provider_t public;
    const char *id_chars; /* every byte of an id is one of these */
    size_t id_min, id_max;
} provider_t;

static const provider_t PROVIDERS[MEDIA_EMBED_COUNT] = {
    [MEDIA_EMBED_YOUTUBE] = {{"youtube", "YouTube", "https://www.youtube-nocookie.com/embed/",
                              "https://www.youtube.com/watch?v=",
                              "https://www.youtube-nocookie.com"},
                             ALNUM "_-", 11, 11},
    [MEDIA_EMBED_VIMEO] = {{"vimeo", "Vimeo", "https://player.vimeo.com/video/",
                            "https://vimeo.com/", "https://player.vimeo.com"},
                           "0123456789", 1, 12},
    [MEDIA_EMBED_DAILYMOTION] = {{"dailymotion", "Dailymotion",
                                  "https://www.dailymotion.com/embed/video/",
                                  "https://www.dailymotion.com/video/",
                                  "https://www.dailymotion.com"},
                                 ALNUM, 5, 12},
};

const media_embed_provider_t *media_embed_provider(media_embed_t provider)
{
    return provider < MEDIA_EMBED_COUNT ? &PROVIDERS[provider].public : NULL;
}

int media_embed_parse_name(const char *name, media_embed_t *provider)
{
    for (int i = 0; name != NULL && i < MEDIA_EMBED_COUNT; i++) {
        if (strcmp(PROVIDERS[i].public.name, name) == 0) {
            *provider = (media_embed_t)i;
            return GZ_OK;
        }
    }
    return GZ_EINVAL;
}

static bool id_valid(media_embed_t provider, gz_str_t id)
{
    const provider_t *known = &PROVIDERS[provider];
    if (id.len < known->id_min || id.len > known->id_max)
        return false;
    for (size_t i = 0; i < id.len; i++) {
        if (id.ptr[i] == '\0' || strchr(known->id_chars, id.ptr[i]) == NULL)
            return false;
    }
    return true;
}

bool media_embed_id_valid(media_embed_t provider, const char *id)
{
    return provider < MEDIA_EMBED_COUNT && id != NULL && id_valid(provider, gz_str_from_cstr(id));
}

/* ---- pasted addresses ------------------------------------------------------ */

/* The parts of an http(s) address; ranges point into it. */
typedef struct {
    gz_str_t host, path, query;
} address_t;

static bool split_address(gz_str_t url, address_t *address)
{
    url = gz_str_trim(url);
    size_t skip = gz_str_starts_with(url, "https://") ? 8
                  : gz_str_starts_with(url, "http://") ? 7
                                                                           : 0;
    if (skip == 0)
        return false;
    const char *p = url.ptr + skip, *end = url.ptr + url.len;
    const char *host_end = p;
    while (host_end < end && *host_end != '/' && *host_end != '?' && *host_end != '#')
        host_end++;
    address->host = (gz_str_t){p, (size_t)(host_end - p)};
    if (address->host.len == 0 || memchr(p, '@', address->host.len) != NULL ||
        memchr(p, ':', address->host.len) != NULL)
        return false; /* no user, no port: a provider's page has neither */
    const char *path_end = host_end;
    while (path_end < end && *path_end != '?' && *path_end != '#')
        path_end++;
    address->path = (gz_str_t){host_end, (size_t)(path_end - host_end)};
    const char *query_end = path_end;
    while (query_end < end && *query_end != '#')
        query_end++;
    address->query = path_end < end && *path_end == '?'
                         ? (gz_str_t){path_end + 1, (size_t)(query_end - path_end - 1)}
                         : GZ_STR_NULL;
    return true;
}

static bool host_is(gz_str_t host, const char *name)
{
    gz_str_t bare = host;
    if (bare.len > 4 && strncasecmp(bare.ptr, "www.", 4) == 0)
        bare = (gz_str_t){bare.ptr + 4, bare.len - 4};
    else if (bare.len > 2 && strncasecmp(bare.ptr, "m.", 2) == 0)
        bare = (gz_str_t){bare.ptr + 2, bare.len - 2};
    return bare.len == strlen(name) && strncasecmp(bare.ptr, name, bare.len) == 0;
}

/* The path's segment after prefix ("/embed/" in "/embed/ID/x"): up to the
 * next '/'; GZ_STR_NULL when the path does not start with prefix. */
static gz_str_t segment_after(gz_str_t path, const char *prefix)
{
    size_t len = strlen(prefix);
    if (path.len <= len || strncmp(path.ptr, prefix, len) != 0)
        return GZ_STR_NULL;
    const char *start = path.ptr + len, *end = path.ptr + path.len, *slash = start;
    while (slash < end && *slash != '/')
        slash++;
    return (gz_str_t){start, (size_t)(slash - start)};
}

/* The value of name in a query string ("v" in "feature=share&v=ID"). */
static gz_str_t query_value(gz_str_t query, const char *name)
{
    size_t len = strlen(name);
    const char *p = query.ptr, *end = query.ptr + query.len;
    while (p != NULL && p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp != NULL ? amp : end;
        if ((size_t)(stop - p) > len && strncmp(p, name, len) == 0 && p[len] == '=')
            return (gz_str_t){p + len + 1, (size_t)(stop - p - len - 1)};
        p = amp != NULL ? amp + 1 : NULL;
    }
    return GZ_STR_NULL;
}

static gz_str_t youtube_id(const address_t *a)
{
    if (host_is(a->host, "youtu.be"))
        return segment_after(a->path, "/");
    if (!host_is(a->host, "youtube.com") && !host_is(a->host, "youtube-nocookie.com"))
        return GZ_STR_NULL;
    if (gz_str_eq_cstr(a->path, "/watch"))
        return query_value(a->query, "v");
    static const char *const prefixes[] = {"/embed/", "/shorts/", "/live/", "/v/"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        gz_str_t id = segment_after(a->path, prefixes[i]);
        if (id.len > 0)
            return id;
    }
    return GZ_STR_NULL;
}

/* vimeo.com/76979871, vimeo.com/channels/staffpicks/76979871,
 * player.vimeo.com/video/76979871: the last segment, all digits. */
static gz_str_t vimeo_id(const address_t *a)
{
    if (host_is(a->host, "player.vimeo.com"))
        return segment_after(a->path, "/video/");
    if (!host_is(a->host, "vimeo.com") || a->path.len < 2)
        return GZ_STR_NULL;
    gz_str_t path = a->path;
    while (path.len > 1 && path.ptr[path.len - 1] == '/')
        path.len--;
    const char *last = path.ptr + path.len;
    while (last > path.ptr && last[-1] != '/')
        last--;
    return (gz_str_t){last, (size_t)(path.ptr + path.len - last)};
}

/* dailymotion.com/video/x7tgad0, dailymotion.com/embed/video/x7tgad0,
 * dai.ly/x7tgad0. */
static gz_str_t dailymotion_id(const address_t *a)
{
    if (host_is(a->host, "dai.ly"))
        return segment_after(a->path, "/");
    if (!host_is(a->host, "dailymotion.com"))
        return GZ_STR_NULL;
    gz_str_t id = segment_after(a->path, "/video/");
    return id.len > 0 ? id : segment_after(a->path, "/embed/video/");
}

int media_embed_parse_url(const char *url, media_embed_t *provider, gz_buf_t *id,
                          gz_buf_t *message)
{
    address_t address;
    if (url == NULL || !split_address(gz_str_from_cstr(url), &address)) {
        if (message)
            gz_buf_append_cstr(message, "Paste the video's address, starting with https://.");
        return GZ_EINVAL;
    }
    gz_str_t (*const finders[MEDIA_EMBED_COUNT])(const address_t *) = {
        [MEDIA_EMBED_YOUTUBE] = youtube_id,
        [MEDIA_EMBED_VIMEO] = vimeo_id,
        [MEDIA_EMBED_DAILYMOTION] = dailymotion_id,
    };
    for (int i = 0; i < MEDIA_EMBED_COUNT; i++) {
        gz_str_t found = finders[i](&address);
        if (found.len == 0)
            continue;
        if (!id_valid((media_embed_t)i, found)) {
            if (message)
                gz_buf_printf(message, "This %s address does not name a video.",
                              PROVIDERS[i].public.label);
            return GZ_EINVAL;
        }
        *provider = (media_embed_t)i;
        gz_buf_append(id, found.ptr, found.len);
        return GZ_OK;
    }
    if (message)
        gz_buf_append_cstr(message,
                           "Only YouTube, Vimeo and Dailymotion videos can be embedded: "
                           "paste the address of the video's page.");
    return GZ_EINVAL;
}
