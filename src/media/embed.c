/*
 * The providers whose players may be embedded, and how a checked id
 * becomes a player's address. Pages never print a pasted address: they
 * rebuild the player's from the id, and every id is checked here against
 * the shape its provider gives (a YouTube id is 11 of A-Z a-z 0-9 _ -, a
 * Spotify one is a kind and 22 letters and digits), so nothing typed in
 * the newsroom can point a frame elsewhere or carry a quote into markup.
 *
 * An id is the smallest text that names the thing at its provider: a
 * number for a post on X, "track/ID" for Spotify, "user/track" for
 * SoundCloud, an encoded place query and zoom for Google Maps. Where the
 * player wants a whole address (Facebook's and SoundCloud's take the
 * page's address as a parameter), that address is rebuilt from the id and
 * percent-encoded, never copied from what was pasted.
 */
#include "media/embed_private.h"

#include <string.h>

#define DIGITS "0123456789"
#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" DIGITS

static const media_embed_provider_t PROVIDERS[MEDIA_EMBED_COUNT] = {
    [MEDIA_EMBED_YOUTUBE] = {"youtube", "YouTube", "https://www.youtube-nocookie.com",
                             MEDIA_EMBED_KIND_VIDEO},
    [MEDIA_EMBED_VIMEO] = {"vimeo", "Vimeo", "https://player.vimeo.com", MEDIA_EMBED_KIND_VIDEO},
    [MEDIA_EMBED_DAILYMOTION] = {"dailymotion", "Dailymotion", "https://www.dailymotion.com",
                                 MEDIA_EMBED_KIND_VIDEO},
    [MEDIA_EMBED_TWITTER] = {"twitter", "X", "https://platform.twitter.com", MEDIA_EMBED_KIND_POST},
    [MEDIA_EMBED_INSTAGRAM] = {"instagram", "Instagram", "https://www.instagram.com",
                               MEDIA_EMBED_KIND_POST},
    [MEDIA_EMBED_FACEBOOK] = {"facebook", "Facebook", "https://www.facebook.com",
                              MEDIA_EMBED_KIND_POST},
    [MEDIA_EMBED_TIKTOK] = {"tiktok", "TikTok", "https://www.tiktok.com", MEDIA_EMBED_KIND_VIDEO},
    [MEDIA_EMBED_SOUNDCLOUD] = {"soundcloud", "SoundCloud", "https://w.soundcloud.com",
                                MEDIA_EMBED_KIND_AUDIO},
    [MEDIA_EMBED_SPOTIFY] = {"spotify", "Spotify", "https://open.spotify.com",
                             MEDIA_EMBED_KIND_AUDIO},
    [MEDIA_EMBED_GOOGLEMAPS] = {"googlemaps", "Google Maps", "https://www.google.com",
                                MEDIA_EMBED_KIND_MAP},
    [MEDIA_EMBED_DATAWRAPPER] = {"datawrapper", "Datawrapper", "https://datawrapper.dwcdn.net",
                                 MEDIA_EMBED_KIND_CHART},
    [MEDIA_EMBED_FLOURISH] = {"flourish", "Flourish", "https://flo.uri.sh", MEDIA_EMBED_KIND_CHART},
};

const media_embed_provider_t *media_embed_provider(media_embed_t provider)
{
    return provider < MEDIA_EMBED_COUNT ? &PROVIDERS[provider] : NULL;
}

int media_embed_parse_name(const char *name, media_embed_t *provider)
{
    for (int i = 0; name != NULL && i < MEDIA_EMBED_COUNT; i++) {
        if (strcmp(PROVIDERS[i].name, name) == 0) {
            *provider = (media_embed_t)i;
            return GZ_OK;
        }
    }
    return GZ_EINVAL;
}

const char *media_embed_names(void)
{
    return "youtube, vimeo, dailymotion, twitter, instagram, facebook, tiktok, soundcloud, "
           "spotify, googlemaps, datawrapper, flourish";
}

const bool *media_embed_all(void)
{
    static const bool all[] = {true, true, true, true, true, true,
                               true, true, true, true, true, true};
    _Static_assert(sizeof all / sizeof all[0] == MEDIA_EMBED_COUNT, "one flag per provider");
    return all;
}

const char *media_embed_kind_name(media_embed_kind_t kind)
{
    static const char *const names[] = {[MEDIA_EMBED_KIND_VIDEO] = "video",
                                        [MEDIA_EMBED_KIND_POST] = "post",
                                        [MEDIA_EMBED_KIND_AUDIO] = "audio",
                                        [MEDIA_EMBED_KIND_MAP] = "map",
                                        [MEDIA_EMBED_KIND_CHART] = "chart"};
    return kind <= MEDIA_EMBED_KIND_CHART ? names[kind] : "video";
}

/* ---- ids --------------------------------------------------------------------- */

/* Whether text is min to max bytes, each one of chars. */
static bool made_of(gz_str_t text, const char *chars, size_t min, size_t max)
{
    if (text.len < min || text.len > max)
        return false;
    for (size_t i = 0; i < text.len; i++) {
        if (text.ptr[i] == '\0' || strchr(chars, text.ptr[i]) == NULL)
            return false;
    }
    return true;
}

/* Splits text at its first '/': head before, rest after (rest.ptr NULL
 * when there is none). */
static gz_str_t split_at_slash(gz_str_t text, gz_str_t *rest)
{
    const char *slash = text.len > 0 ? memchr(text.ptr, '/', text.len) : NULL;
    if (slash == NULL) {
        *rest = GZ_STR_NULL;
        return text;
    }
    *rest = (gz_str_t){slash + 1, (size_t)(text.ptr + text.len - slash - 1)};
    return (gz_str_t){text.ptr, (size_t)(slash - text.ptr)};
}

/* A Facebook post's id: its number, or the newer "pfbid" and letters. */
static bool facebook_post_valid(gz_str_t post)
{
    if (post.len > 5 && memcmp(post.ptr, "pfbid", 5) == 0)
        return made_of((gz_str_t){post.ptr + 5, post.len - 5}, ALNUM, 10, 80);
    return made_of(post, DIGITS, 1, 20);
}

/* "PAGE/posts/POST", "PAGE/videos/N" or "watch/N". */
static bool facebook_valid(gz_str_t id)
{
    gz_str_t rest, last;
    gz_str_t page = split_at_slash(id, &rest);
    gz_str_t what = split_at_slash(rest, &last);
    if (gz_str_eq_cstr(page, "watch"))
        return last.ptr == NULL && made_of(what, DIGITS, 1, 20);
    if (!made_of(page, ALNUM ".", 1, 50) || last.ptr == NULL || memchr(last.ptr, '/', last.len))
        return false;
    if (gz_str_eq_cstr(what, "posts"))
        return facebook_post_valid(last);
    return gz_str_eq_cstr(what, "videos") && made_of(last, DIGITS, 1, 20);
}

#define SOUNDCLOUD_NAME ALNUM "_-"

/* "USER/TRACK" or "USER/sets/SET". */
static bool soundcloud_valid(gz_str_t id)
{
    gz_str_t rest, set;
    gz_str_t user = split_at_slash(id, &rest);
    if (!made_of(user, SOUNDCLOUD_NAME, 1, 100) || rest.ptr == NULL)
        return false;
    gz_str_t track = split_at_slash(rest, &set);
    if (set.ptr == NULL)
        return made_of(track, SOUNDCLOUD_NAME, 1, 200);
    return gz_str_eq_cstr(track, "sets") && made_of(set, SOUNDCLOUD_NAME, 1, 200);
}

/* "track/ID" (album, playlist, episode, show): 22 letters and digits. */
static bool spotify_valid(gz_str_t id)
{
    static const char *const kinds[] = {"track", "album", "playlist", "episode", "show"};
    gz_str_t code;
    gz_str_t kind = split_at_slash(id, &code);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (gz_str_eq_cstr(kind, kinds[i]))
            return made_of(code, ALNUM, 22, 22);
    }
    return false;
}

/* A query value as it may stand in an address: unreserved bytes, '+' and
 * ',' and well-formed %XX escapes only. */
static bool query_text_valid(gz_str_t text)
{
    if (!made_of(text, ALNUM "-._~+,%", 1, 400))
        return false;
    for (size_t i = 0; i < text.len; i++) {
        if (text.ptr[i] == '%' &&
            (i + 2 >= text.len || strchr("0123456789ABCDEFabcdef", text.ptr[i + 1]) == NULL ||
             strchr("0123456789ABCDEFabcdef", text.ptr[i + 2]) == NULL))
            return false;
    }
    return true;
}

/* "QUERY" or "QUERY/ZOOM" (1 to 21). */
static bool googlemaps_valid(gz_str_t id)
{
    gz_str_t zoom;
    gz_str_t query = split_at_slash(id, &zoom);
    if (!query_text_valid(query))
        return false;
    if (zoom.ptr == NULL)
        return true;
    int64_t level;
    return made_of(zoom, DIGITS, 1, 2) && gz_parse_int64(zoom, &level) == GZ_OK && level >= 1 &&
           level <= 21;
}

/* "ID" or "ID/VERSION": a chart's five letters and digits, its version. */
static bool datawrapper_valid(gz_str_t id)
{
    gz_str_t version;
    gz_str_t chart = split_at_slash(id, &version);
    return made_of(chart, ALNUM, 5, 5) && (version.ptr == NULL || made_of(version, DIGITS, 1, 4));
}

bool media_embed_id_check(media_embed_t provider, gz_str_t id)
{
    switch (provider) {
    case MEDIA_EMBED_YOUTUBE: return made_of(id, ALNUM "_-", 11, 11);
    case MEDIA_EMBED_VIMEO: return made_of(id, DIGITS, 1, 12);
    case MEDIA_EMBED_DAILYMOTION: return made_of(id, ALNUM, 5, 12);
    case MEDIA_EMBED_TWITTER: return made_of(id, DIGITS, 1, 20);
    case MEDIA_EMBED_INSTAGRAM: return made_of(id, ALNUM "_-", 5, 40);
    case MEDIA_EMBED_FACEBOOK: return facebook_valid(id);
    case MEDIA_EMBED_TIKTOK: return made_of(id, DIGITS, 1, 20);
    case MEDIA_EMBED_SOUNDCLOUD: return soundcloud_valid(id);
    case MEDIA_EMBED_SPOTIFY: return spotify_valid(id);
    case MEDIA_EMBED_GOOGLEMAPS: return googlemaps_valid(id);
    case MEDIA_EMBED_DATAWRAPPER: return datawrapper_valid(id);
    case MEDIA_EMBED_FLOURISH: return made_of(id, DIGITS, 1, 12);
    default: return false;
    }
}

bool media_embed_id_valid(media_embed_t provider, const char *id)
{
    return provider < MEDIA_EMBED_COUNT && id != NULL &&
           media_embed_id_check(provider, gz_str_from_cstr(id));
}

static bool facebook_is_video(const char *id)
{
    return strncmp(id, "watch/", 6) == 0 || strstr(id, "/videos/") != NULL;
}

media_embed_kind_t media_embed_kind(media_embed_t provider, const char *id)
{
    if (provider == MEDIA_EMBED_FACEBOOK && id != NULL && facebook_is_video(id))
        return MEDIA_EMBED_KIND_VIDEO;
    return provider < MEDIA_EMBED_COUNT ? PROVIDERS[provider].kind : MEDIA_EMBED_KIND_VIDEO;
}

/* ---- addresses ------------------------------------------------------------------ */

/* Percent-encodes all but unreserved bytes: an address as a parameter. */
static void append_encoded(gz_buf_t *out, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        if (strchr(ALNUM "-._~", *p) != NULL)
            gz_buf_append_char(out, (char)*p);
        else
            gz_buf_printf(out, "%%%02X", *p);
    }
}

/* Google Maps' "q=QUERY[&z=ZOOM]" from "QUERY[/ZOOM]". */
static void append_map_query(gz_buf_t *out, const char *id)
{
    const char *slash = strchr(id, '/');
    if (slash == NULL) {
        gz_buf_printf(out, "q=%s", id);
        return;
    }
    gz_buf_printf(out, "q=%.*s&z=%s", (int)(slash - id), id, slash + 1);
}

static void append_page(gz_buf_t *out, media_embed_t provider, const char *id)
{
    switch (provider) {
    case MEDIA_EMBED_YOUTUBE: gz_buf_printf(out, "https://www.youtube.com/watch?v=%s", id); break;
    case MEDIA_EMBED_VIMEO: gz_buf_printf(out, "https://vimeo.com/%s", id); break;
    case MEDIA_EMBED_DAILYMOTION:
        gz_buf_printf(out, "https://www.dailymotion.com/video/%s", id);
        break;
    case MEDIA_EMBED_TWITTER: gz_buf_printf(out, "https://x.com/i/status/%s", id); break;
    case MEDIA_EMBED_INSTAGRAM: gz_buf_printf(out, "https://www.instagram.com/p/%s/", id); break;
    case MEDIA_EMBED_FACEBOOK:
        if (strncmp(id, "watch/", 6) == 0)
            gz_buf_printf(out, "https://www.facebook.com/watch/?v=%s", id + 6);
        else
            gz_buf_printf(out, "https://www.facebook.com/%s", id);
        break;
    case MEDIA_EMBED_TIKTOK: gz_buf_printf(out, "https://www.tiktok.com/embed/v2/%s", id); break;
    case MEDIA_EMBED_SOUNDCLOUD: gz_buf_printf(out, "https://soundcloud.com/%s", id); break;
    case MEDIA_EMBED_SPOTIFY: gz_buf_printf(out, "https://open.spotify.com/%s", id); break;
    case MEDIA_EMBED_GOOGLEMAPS:
        gz_buf_append_cstr(out, "https://www.google.com/maps?");
        append_map_query(out, id);
        break;
    case MEDIA_EMBED_DATAWRAPPER:
        gz_buf_printf(out, "https://datawrapper.dwcdn.net/%s/", id);
        break;
    case MEDIA_EMBED_FLOURISH:
        gz_buf_printf(out, "https://public.flourish.studio/visualisation/%s/", id);
        break;
    default: break;
    }
}

int media_embed_page_url(media_embed_t provider, const char *id, gz_buf_t *out)
{
    if (!media_embed_id_valid(provider, id))
        return GZ_EINVAL;
    append_page(out, provider, id);
    return GZ_OK;
}

/* The players that take the page's address as their parameter. */
static void append_player_of_page(gz_buf_t *out, const char *player, media_embed_t provider,
                                  const char *id)
{
    gz_buf_t page = GZ_BUF_INIT;
    append_page(&page, provider, id);
    gz_buf_append_cstr(out, player);
    append_encoded(out, gz_buf_cstr(&page));
    gz_buf_free(&page);
}

static void append_player(gz_buf_t *out, media_embed_t provider, const char *id)
{
    switch (provider) {
    case MEDIA_EMBED_YOUTUBE:
        gz_buf_printf(out, "https://www.youtube-nocookie.com/embed/%s?autoplay=1", id);
        break;
    case MEDIA_EMBED_VIMEO:
        gz_buf_printf(out, "https://player.vimeo.com/video/%s?autoplay=1", id);
        break;
    case MEDIA_EMBED_DAILYMOTION:
        gz_buf_printf(out, "https://www.dailymotion.com/embed/video/%s?autoplay=1", id);
        break;
    case MEDIA_EMBED_TWITTER: /* dnt: X is asked not to use the visit for ads */
        gz_buf_printf(out, "https://platform.twitter.com/embed/Tweet.html?id=%s&dnt=true", id);
        break;
    case MEDIA_EMBED_INSTAGRAM:
        gz_buf_printf(out, "https://www.instagram.com/p/%s/embed", id);
        break;
    case MEDIA_EMBED_FACEBOOK:
        append_player_of_page(out,
                              facebook_is_video(id)
                                  ? "https://www.facebook.com/plugins/video.php?href="
                                  : "https://www.facebook.com/plugins/post.php?href=",
                              provider, id);
        break;
    case MEDIA_EMBED_TIKTOK: gz_buf_printf(out, "https://www.tiktok.com/embed/v2/%s", id); break;
    case MEDIA_EMBED_SOUNDCLOUD:
        append_player_of_page(out, "https://w.soundcloud.com/player/?url=", provider, id);
        break;
    case MEDIA_EMBED_SPOTIFY: gz_buf_printf(out, "https://open.spotify.com/embed/%s", id); break;
    case MEDIA_EMBED_GOOGLEMAPS:
        gz_buf_append_cstr(out, "https://www.google.com/maps?");
        append_map_query(out, id);
        gz_buf_append_cstr(out, "&output=embed"); /* the keyless embed */
        break;
    case MEDIA_EMBED_DATAWRAPPER:
        gz_buf_printf(out, "https://datawrapper.dwcdn.net/%s/", id);
        break;
    case MEDIA_EMBED_FLOURISH:
        gz_buf_printf(out, "https://flo.uri.sh/visualisation/%s/embed", id);
        break;
    default: break;
    }
}

int media_embed_player_url(media_embed_t provider, const char *id, gz_buf_t *out)
{
    if (!media_embed_id_valid(provider, id))
        return GZ_EINVAL;
    append_player(out, provider, id);
    return GZ_OK;
}
