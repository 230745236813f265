/*
 * The one way an address a journalist pastes ("https://youtu.be/dQw4w9WgXcQ?t=42",
 * "https://x.com/user/status/20") becomes a provider and an id. Each
 * provider's reader knows its hosts exactly (a lookalike such as
 * youtube.com.evil.example is another host) and the few path shapes its
 * pages have; whatever it finds is then held to the id's strict shape
 * (embed.c), so a crafted address is refused rather than half-read.
 * Addresses that only the provider could resolve (short links such as
 * vm.tiktok.com or goo.gl/maps, which need a request to follow) are
 * refused with the rest: pages make no request to learn what to show.
 */
#include "media/embed_private.h"

#include <string.h>
#include <strings.h>

/* The parts of an http(s) address; ranges point into it. */
typedef struct {
    gz_str_t host, path, query;
} address_t;

static bool split_address(gz_str_t url, address_t *address)
{
    url = gz_str_trim(url);
    size_t skip = gz_str_starts_with(url, "https://")  ? 8
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

/* The host is name, or name behind www. or m. (the mobile pages). */
static bool host_is(gz_str_t host, const char *name)
{
    gz_str_t bare = host;
    if (bare.len > 4 && strncasecmp(bare.ptr, "www.", 4) == 0)
        bare = (gz_str_t){bare.ptr + 4, bare.len - 4};
    else if (bare.len > 2 && strncasecmp(bare.ptr, "m.", 2) == 0)
        bare = (gz_str_t){bare.ptr + 2, bare.len - 2};
    return bare.len == strlen(name) && strncasecmp(bare.ptr, name, bare.len) == 0;
}

enum { MAX_SEGMENTS = 6 };

/* The path's non-empty segments ("/a//b/" gives a, b); MAX_SEGMENTS + 1
 * when there are more than fit, which no provider's page has. */
static size_t segments_of(gz_str_t path, gz_str_t *segments)
{
    size_t count = 0;
    const char *p = path.ptr, *end = path.ptr + path.len;
    while (p < end) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *stop = slash != NULL ? slash : end;
        if (stop > p) {
            if (count == MAX_SEGMENTS)
                return MAX_SEGMENTS + 1;
            segments[count++] = (gz_str_t){p, (size_t)(stop - p)};
        }
        p = stop + 1;
    }
    return count;
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

static bool is(gz_str_t segment, const char *text)
{
    return gz_str_eq_cstr(segment, text);
}

/* Each reader returns false for an address not of its provider, true (and
 * what it found in id, maybe nothing) for one that is. */
typedef bool (*reader_fn)(const address_t *a, gz_buf_t *id);

/* ---- videos ---------------------------------------------------------------------- */

static bool youtube(const address_t *a, gz_buf_t *id)
{
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    if (host_is(a->host, "youtu.be")) {
        if (n == 1)
            gz_buf_append_str(id, s[0]);
        return true;
    }
    if (!host_is(a->host, "youtube.com") && !host_is(a->host, "youtube-nocookie.com"))
        return false;
    if (n == 1 && is(s[0], "watch"))
        gz_buf_append_str(id, query_value(a->query, "v"));
    else if (n >= 2 &&
             (is(s[0], "embed") || is(s[0], "shorts") || is(s[0], "live") || is(s[0], "v")))
        gz_buf_append_str(id, s[1]);
    return true;
}

/* vimeo.com/76979871, vimeo.com/channels/staffpicks/76979871,
 * player.vimeo.com/video/76979871: the last segment, all digits. */
static bool vimeo(const address_t *a, gz_buf_t *id)
{
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    if (host_is(a->host, "player.vimeo.com")) {
        if (n >= 2 && is(s[0], "video"))
            gz_buf_append_str(id, s[1]);
        return true;
    }
    if (!host_is(a->host, "vimeo.com"))
        return false;
    if (n >= 1 && n <= MAX_SEGMENTS)
        gz_buf_append_str(id, s[n - 1]);
    return true;
}

/* dailymotion.com/video/x7tgad0, dailymotion.com/embed/video/x7tgad0,
 * dai.ly/x7tgad0. */
static bool dailymotion(const address_t *a, gz_buf_t *id)
{
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    if (host_is(a->host, "dai.ly")) {
        if (n == 1)
            gz_buf_append_str(id, s[0]);
        return true;
    }
    if (!host_is(a->host, "dailymotion.com"))
        return false;
    if (n >= 2 && is(s[0], "video"))
        gz_buf_append_str(id, s[1]);
    else if (n >= 3 && is(s[0], "embed") && is(s[1], "video"))
        gz_buf_append_str(id, s[2]);
    return true;
}

/* tiktok.com/@user/video/ID, tiktok.com/embed/v2/ID, tiktok.com/embed/ID,
 * m.tiktok.com/v/ID.html. */
static bool tiktok(const address_t *a, gz_buf_t *id)
{
    if (!host_is(a->host, "tiktok.com"))
        return false;
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    if (n >= 3 && s[0].len > 1 && s[0].ptr[0] == '@' && is(s[1], "video"))
        gz_buf_append_str(id, s[2]);
    else if (n == 3 && is(s[0], "embed") && is(s[1], "v2"))
        gz_buf_append_str(id, s[2]);
    else if (n == 2 && is(s[0], "embed"))
        gz_buf_append_str(id, s[1]);
    else if (n == 2 && is(s[0], "v") && s[1].len > 5 &&
             memcmp(s[1].ptr + s[1].len - 5, ".html", 5) == 0)
        gz_buf_append(id, s[1].ptr, s[1].len - 5);
    return true;
}

/* ---- posts --------------------------------------------------------------------------- */

/* x.com/user/status/ID[/photo/1], twitter.com/i/web/status/ID,
 * platform.twitter.com/embed/Tweet.html?id=ID. */
static bool twitter(const address_t *a, gz_buf_t *id)
{
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    if (host_is(a->host, "platform.twitter.com")) {
        if (n == 2 && is(s[0], "embed") && is(s[1], "Tweet.html"))
            gz_buf_append_str(id, query_value(a->query, "id"));
        return true;
    }
    if (!host_is(a->host, "x.com") && !host_is(a->host, "twitter.com") &&
        !host_is(a->host, "mobile.twitter.com") && !host_is(a->host, "mobile.x.com"))
        return false;
    if (n >= 4 && is(s[0], "i") && is(s[1], "web") && is(s[2], "status"))
        gz_buf_append_str(id, s[3]);
    else if (n >= 3 && (is(s[1], "status") || is(s[1], "statuses")))
        gz_buf_append_str(id, s[2]);
    return true;
}

/* instagram.com/p/CODE/, /reel/CODE/, /reels/CODE/, /tv/CODE/, and the
 * same behind the account's name (instagram.com/user/p/CODE/). */
static bool instagram(const address_t *a, gz_buf_t *id)
{
    if (!host_is(a->host, "instagram.com") && !host_is(a->host, "instagr.am"))
        return false;
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    for (size_t i = 0; i + 1 < n && i < 2; i++) {
        if (is(s[i], "p") || is(s[i], "reel") || is(s[i], "reels") || is(s[i], "tv")) {
            gz_buf_append_str(id, s[i + 1]);
            break;
        }
    }
    return true;
}

/* facebook.com/PAGE/posts/POST, facebook.com/PAGE/videos/[title/]N,
 * facebook.com/watch/?v=N, facebook.com/reel/N. */
static bool facebook(const address_t *a, gz_buf_t *id)
{
    if (!host_is(a->host, "facebook.com") && !host_is(a->host, "web.facebook.com"))
        return false;
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    if (n == 1 && is(s[0], "watch"))
        gz_buf_printf(id, "watch/%.*s", (int)query_value(a->query, "v").len,
                      query_value(a->query, "v").ptr);
    else if (n == 2 && is(s[0], "reel"))
        gz_buf_printf(id, "watch/%.*s", (int)s[1].len, s[1].ptr);
    else if (n == 3 && is(s[1], "posts"))
        gz_buf_printf(id, "%.*s/posts/%.*s", (int)s[0].len, s[0].ptr, (int)s[2].len, s[2].ptr);
    else if ((n == 3 || n == 4) && is(s[1], "videos"))
        gz_buf_printf(id, "%.*s/videos/%.*s", (int)s[0].len, s[0].ptr, (int)s[n - 1].len,
                      s[n - 1].ptr);
    return true;
}

/* ---- audio ------------------------------------------------------------------------------ */

/* soundcloud.com/USER/TRACK, soundcloud.com/USER/sets/SET. The first
 * segment of the site's own pages is no account. */
static bool soundcloud(const address_t *a, gz_buf_t *id)
{
    if (!host_is(a->host, "soundcloud.com"))
        return false;
    static const char *const pages[] = {"discover", "search", "stream",   "you",  "upload",
                                        "charts",   "pages",  "settings", "tags", "people"};
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    for (size_t i = 0; n >= 1 && i < sizeof pages / sizeof pages[0]; i++) {
        if (is(s[0], pages[i]))
            return true;
    }
    if (n == 2 && !is(s[1], "sets"))
        gz_buf_printf(id, "%.*s/%.*s", (int)s[0].len, s[0].ptr, (int)s[1].len, s[1].ptr);
    else if (n == 3 && is(s[1], "sets"))
        gz_buf_printf(id, "%.*s/sets/%.*s", (int)s[0].len, s[0].ptr, (int)s[2].len, s[2].ptr);
    return true;
}

/* open.spotify.com/KIND/ID, with intl-xx/ or embed/ before it. */
static bool spotify(const address_t *a, gz_buf_t *id)
{
    if (!host_is(a->host, "open.spotify.com"))
        return false;
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    size_t first = n == 3 && (is(s[0], "embed") || gz_str_starts_with(s[0], "intl-")) ? 1 : 0;
    if (n == first + 2)
        gz_buf_printf(id, "%.*s/%.*s", (int)s[first].len, s[first].ptr, (int)s[first + 1].len,
                      s[first + 1].ptr);
    return true;
}

/* ---- maps and charts ---------------------------------------------------------------------- */

static bool hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* A place query as it may stand in an address: safe bytes as they are,
 * every other byte (a quote, a letter beyond ASCII, a stray %) encoded. */
static void append_query_text(gz_buf_t *id, gz_str_t text)
{
    static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                               "-._~+,";
    for (size_t i = 0; i < text.len; i++) {
        char c = text.ptr[i];
        bool escape = c == '%' && i + 2 < text.len && hex_digit(text.ptr[i + 1]) &&
                      hex_digit(text.ptr[i + 2]);
        if ((c != '\0' && strchr(safe, c) != NULL) || escape)
            gz_buf_append_char(id, c);
        else
            gz_buf_printf(id, "%%%02X", (unsigned char)c);
    }
}

/* The zoom of "15z", "15.5z" or "15": its whole number, or 0. */
static unsigned zoom_of(gz_str_t text)
{
    unsigned zoom = 0;
    for (size_t i = 0; i < text.len && text.ptr[i] >= '0' && text.ptr[i] <= '9' && zoom < 100; i++)
        zoom = zoom * 10 + (unsigned)(text.ptr[i] - '0');
    return zoom;
}

/* "@48.85,2.29,15z": the coordinates as the query, the zoom after. */
static void append_coordinates(gz_buf_t *id, gz_str_t at, bool with_query)
{
    gz_str_t rest = {at.ptr + 1, at.len - 1};
    const char *first = memchr(rest.ptr, ',', rest.len);
    const char *second =
        first != NULL ? memchr(first + 1, ',', (size_t)(rest.ptr + rest.len - first - 1)) : NULL;
    gz_str_t where = {rest.ptr, second != NULL ? (size_t)(second - rest.ptr) : rest.len};
    if (with_query)
        append_query_text(id, where);
    unsigned zoom =
        second != NULL ? zoom_of((gz_str_t){second + 1, (size_t)(rest.ptr + rest.len - second - 1)})
                       : 0;
    if (zoom > 0)
        gz_buf_printf(id, "/%u", zoom);
}

/* google.com/maps?q=..., maps.google.com/?q=...&z=..., google.com/maps/place/NAME[/@...],
 * google.com/maps/search/QUERY[/@...], google.com/maps/@LAT,LNG,ZOOMz. */
static bool googlemaps(const address_t *a, gz_buf_t *id)
{
    bool maps_host = host_is(a->host, "maps.google.com");
    if (!maps_host && !host_is(a->host, "google.com"))
        return false;
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    size_t first = n >= 1 && is(s[0], "maps") ? 1 : 0;
    if (first == 0 && !maps_host)
        return false; /* google.com's other pages are not maps */
    gz_str_t query = query_value(a->query, "q");
    if (n == first && query.len > 0) {
        append_query_text(id, query);
        unsigned zoom = zoom_of(query_value(a->query, "z"));
        if (zoom > 0)
            gz_buf_printf(id, "/%u", zoom);
    } else if (n >= first + 2 && (is(s[first], "place") || is(s[first], "search"))) {
        append_query_text(id, s[first + 1]);
        if (n >= first + 3 && s[first + 2].len > 1 && s[first + 2].ptr[0] == '@')
            append_coordinates(id, s[first + 2], false);
    } else if (n >= first + 1 && s[first].len > 1 && s[first].ptr[0] == '@') {
        append_coordinates(id, s[first], true);
    }
    return true;
}

/* datawrapper.dwcdn.net/ID/[VERSION/], datawrapper.de/_/ID/. */
static bool datawrapper(const address_t *a, gz_buf_t *id)
{
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    if (host_is(a->host, "datawrapper.de")) {
        if (n == 2 && is(s[0], "_"))
            gz_buf_append_str(id, s[1]);
        return true;
    }
    if (!host_is(a->host, "datawrapper.dwcdn.net"))
        return false;
    if (n == 1)
        gz_buf_append_str(id, s[0]);
    else if (n == 2)
        gz_buf_printf(id, "%.*s/%.*s", (int)s[0].len, s[0].ptr, (int)s[1].len, s[1].ptr);
    return true;
}

/* public.flourish.studio/visualisation/ID/, flo.uri.sh/visualisation/ID/embed. */
static bool flourish(const address_t *a, gz_buf_t *id)
{
    bool player = host_is(a->host, "flo.uri.sh");
    if (!player && !host_is(a->host, "public.flourish.studio"))
        return false;
    gz_str_t s[MAX_SEGMENTS];
    size_t n = segments_of(a->path, s);
    if (n == (player ? 3u : 2u) && is(s[0], "visualisation") && (!player || is(s[2], "embed")))
        gz_buf_append_str(id, s[1]);
    return true;
}

/* ---- the one entry ------------------------------------------------------------------------- */

static const char *kind_noun(media_embed_kind_t kind)
{
    static const char *const nouns[] = {[MEDIA_EMBED_KIND_VIDEO] = "a video",
                                        [MEDIA_EMBED_KIND_POST] = "a post",
                                        [MEDIA_EMBED_KIND_AUDIO] = "a recording",
                                        [MEDIA_EMBED_KIND_MAP] = "a place",
                                        [MEDIA_EMBED_KIND_CHART] = "a chart"};
    return nouns[kind];
}

static const reader_fn READERS[MEDIA_EMBED_COUNT] = {
    [MEDIA_EMBED_YOUTUBE] = youtube,         [MEDIA_EMBED_VIMEO] = vimeo,
    [MEDIA_EMBED_DAILYMOTION] = dailymotion, [MEDIA_EMBED_TWITTER] = twitter,
    [MEDIA_EMBED_INSTAGRAM] = instagram,     [MEDIA_EMBED_FACEBOOK] = facebook,
    [MEDIA_EMBED_TIKTOK] = tiktok,           [MEDIA_EMBED_SOUNDCLOUD] = soundcloud,
    [MEDIA_EMBED_SPOTIFY] = spotify,         [MEDIA_EMBED_GOOGLEMAPS] = googlemaps,
    [MEDIA_EMBED_DATAWRAPPER] = datawrapper, [MEDIA_EMBED_FLOURISH] = flourish,
};

int media_embed_parse_url(const char *url, media_embed_t *provider, gz_buf_t *id, gz_buf_t *message)
{
    address_t address;
    if (url == NULL || !split_address(gz_str_from_cstr(url), &address)) {
        if (message)
            gz_buf_append_cstr(message, "Paste the page's address, starting with https://.");
        return GZ_EINVAL;
    }
    gz_buf_t found = GZ_BUF_INIT;
    for (int i = 0; i < MEDIA_EMBED_COUNT; i++) {
        gz_buf_reset(&found);
        if (!READERS[i](&address, &found))
            continue;
        media_embed_t known = (media_embed_t)i;
        int code = media_embed_id_check(known, gz_buf_str(&found)) ? GZ_OK : GZ_EINVAL;
        if (code == GZ_OK) {
            *provider = known;
            gz_buf_append_str(id, gz_buf_str(&found));
        } else if (message) {
            gz_buf_printf(message, "This %s address does not name %s.",
                          media_embed_provider(known)->label,
                          kind_noun(media_embed_provider(known)->kind));
        }
        gz_buf_free(&found);
        return code;
    }
    gz_buf_free(&found);
    if (message)
        gz_buf_append_cstr(message,
                           "Only YouTube, Vimeo, Dailymotion, X, Instagram, Facebook, TikTok, "
                           "SoundCloud, Spotify, Google Maps, Datawrapper and Flourish addresses "
                           "can be embedded: paste the address of the page.");
    return GZ_EINVAL;
}
