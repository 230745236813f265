/*
 * media: pictures and video files, pure of the store and the web.
 *
 *  - sniffing and limits: what a file is, told from its bytes only (never
 *    its name or a Content-Type), and whether it is small enough, checked
 *    from its header before a single pixel is decoded;
 *  - derivatives: the crops and sizes a theme declares, made with libvips
 *    around the editor's focal point (or where libvips' attention finds
 *    the interest), EXIF orientation applied, metadata stripped but the
 *    copyright, never upscaled;
 *  - the legacy path scheme /YYYY/MM/DD/{site}_{ticks}_{size}_{ratio}.{ext}
 *    read and written;
 *  - a small pool of worker threads that makes derivatives off the request
 *    path, each one once while whoever asks for it waits.
 *
 * Storing is not done here: the job runner hands each result to a callback.
 *
 * Errors are GZ_E* codes; every function that can refuse input writes a
 * one-line message fit for an upload form into a gz_buf_t the caller owns
 * (which may be NULL). Thread safety: after media_init every function is
 * safe from any thread on values that thread owns; a media_jobs_t is shared
 * and behind its own lock.
 */
#ifndef GAZETTE_MEDIA_H
#define GAZETTE_MEDIA_H

#include "base/base.h"

#include <time.h>

/* ---- the library ----------------------------------------------------- */

/* Starts libvips once per process (safe to call from several threads and
 * again): only the loaders of the types below stay enabled (SVG, PDF and
 * every other loader are blocked for the whole process), and the formats
 * this libvips can write are found by a trial save. libvips' operation
 * cache is turned off (no derivative repeats one). GZ_EUNAVAILABLE when
 * libvips cannot start. */
int media_init(void);
/* Frees libvips' caches and threads; call once, at exit. */
void media_shutdown(void);

/* ---- types and sniffing ---------------------------------------------- */

typedef enum {
    MEDIA_TYPE_UNKNOWN = 0,
    MEDIA_TYPE_JPEG,
    MEDIA_TYPE_PNG,
    MEDIA_TYPE_GIF,
    MEDIA_TYPE_WEBP,
    MEDIA_TYPE_AVIF,
    MEDIA_TYPE_HEIC,
    MEDIA_TYPE_MP4, /* video from here on */
    MEDIA_TYPE_MOV,
    MEDIA_TYPE_WEBM,
} media_type_t;

const char *media_type_mime(media_type_t type);      /* "image/jpeg"; "" for unknown */
const char *media_type_extension(media_type_t type); /* "jpg", "mp4"; "" for unknown */
bool media_type_is_video(media_type_t type);

/* Why a file was refused, for the web layer's status (413, 415, 422). */
typedef enum {
    MEDIA_ACCEPTED = 0,
    MEDIA_REFUSED_TYPE,    /* not a type we take: SVG, HTML, text, PDF ... */
    MEDIA_REFUSED_SIZE,    /* more bytes than the limit */
    MEDIA_REFUSED_PIXELS,  /* more pixels, or a longer side, than the limit */
    MEDIA_REFUSED_CORRUPT, /* a known type whose header cannot be read */
} media_refusal_t;

typedef struct {
    size_t max_picture_bytes; /* a whole picture file */
    size_t max_video_bytes;   /* a whole video file */
    uint64_t max_pixels;      /* width * height of a picture */
    uint32_t max_side;        /* the longer side of a picture */
} media_limits_t;

/* 40 MiB pictures, 2 GiB videos, 100 megapixels, 30000 pixels a side:
 * a 61-megapixel camera's file passes; a decompression bomb does not. */
media_limits_t media_limits_default(void);

typedef struct {
    media_type_t type;
    media_refusal_t refusal;
    uint32_t width, height; /* as stored, before EXIF orientation; 0 for video */
    int orientation;        /* EXIF's 1 to 8 (5 to 8 turn it a quarter); 1 when none */
} media_info_t;

/* Tells what the bytes are and checks them against the limits: the size
 * first, then the type from the leading bytes, then (for pictures) the
 * dimensions from the header alone, read by libvips' lazy loader, which
 * decodes no pixels. Returns 0, or GZ_EINVAL with info->refusal and a
 * message ("SVG files are not accepted: upload a PNG or JPEG instead")
 * appended to message. limits NULL means media_limits_default(). Starts
 * libvips (media_init) when it meets a picture. */
int media_sniff(const void *bytes, size_t len, const media_limits_t *limits, media_info_t *info,
                gz_buf_t *message);

/* ---- derivatives ------------------------------------------------------ */

typedef enum {
    MEDIA_FORMAT_AVIF,
    MEDIA_FORMAT_WEBP,
    MEDIA_FORMAT_JPEG,
    MEDIA_FORMAT_COUNT
} media_format_t;

const char *media_format_name(media_format_t format);      /* "avif", "webp", "jpeg" */
const char *media_format_extension(media_format_t format); /* "avif", "webp", "jpg" */
media_type_t media_format_type(media_format_t format);
/* GZ_OK and *format for "avif", "webp", "jpeg" or "jpg"; GZ_EINVAL else. */
int media_format_parse(gz_str_t name, media_format_t *format);
/* Whether this libvips can write the format (AVIF needs libheif with an
 * AV1 encoder; found by a trial save in media_init). */
bool media_format_available(media_format_t format);

/* A declared size: a crop ratio, a width in pixels and a format. */
typedef struct {
    uint32_t ratio_width, ratio_height; /* 16 and 9 */
    uint32_t width;
    media_format_t format;
} media_size_t;

/* Where the subject is, as fractions of the displayed picture (after EXIF
 * orientation) from its top left corner; set false for libvips' attention
 * crop. */
typedef struct {
    bool set;
    double x, y; /* 0..1 */
} media_focus_t;

typedef struct {
    uint32_t width, height; /* of the derivative made */
    media_format_t format;
} media_derivative_info_t;

/* Makes one derivative from an original's bytes: the largest crop of the
 * size's ratio that fits the displayed picture, around the focal point (or
 * libvips' attention crop), scaled down to the size's width with
 * shrink-on-load. Never upscaled: an original narrower than the crop's
 * width gives its largest crop at its own resolution, so the derivative
 * may be narrower than declared (info says how wide). The original is
 * sniffed and checked against limits (NULL: defaults) first. Appends the
 * encoded file to out. GZ_EINVAL with a message for a refused original,
 * GZ_EUNAVAILABLE for a format this libvips cannot write, GZ_EIO when
 * libvips fails. */
int media_derivative_make(const void *original, size_t len, const media_limits_t *limits,
                          const media_focus_t *focus, const media_size_t *size, gz_buf_t *out,
                          media_derivative_info_t *info, gz_buf_t *message);

/* ---- embedded players (embed.c, embed_url.c) ----------------------------- */

/* The providers whose players a page may embed, behind a click-to-load
 * placeholder; a theme's media.ini says which of them its site allows.
 * The order is the one of the names in media.ini's help and of frame-src. */
typedef enum {
    MEDIA_EMBED_YOUTUBE,
    MEDIA_EMBED_VIMEO,
    MEDIA_EMBED_DAILYMOTION,
    MEDIA_EMBED_TWITTER,
    MEDIA_EMBED_INSTAGRAM,
    MEDIA_EMBED_FACEBOOK,
    MEDIA_EMBED_TIKTOK,
    MEDIA_EMBED_SOUNDCLOUD,
    MEDIA_EMBED_SPOTIFY,
    MEDIA_EMBED_GOOGLEMAPS,
    MEDIA_EMBED_DATAWRAPPER,
    MEDIA_EMBED_FLOURISH,
    MEDIA_EMBED_COUNT
} media_embed_t;

/* What a player shows, for the placeholder's words ("Load the map"). */
typedef enum {
    MEDIA_EMBED_KIND_VIDEO,
    MEDIA_EMBED_KIND_POST,
    MEDIA_EMBED_KIND_AUDIO,
    MEDIA_EMBED_KIND_MAP,
    MEDIA_EMBED_KIND_CHART,
} media_embed_kind_t;

typedef struct {
    const char *name;   /* "youtube": stored with the item, named in media.ini */
    const char *label;  /* "YouTube", for people */
    const char *origin; /* the player's, for the Content-Security-Policy's frame-src */
    media_embed_kind_t kind; /* what most of its players show (see media_embed_kind) */
} media_embed_provider_t;

/* The provider's names and origin; NULL past MEDIA_EMBED_COUNT. */
const media_embed_provider_t *media_embed_provider(media_embed_t provider);
/* GZ_OK and *provider for a provider's name ("youtube", "twitter",
 * "googlemaps", ...); GZ_EINVAL else. */
int media_embed_parse_name(const char *name, media_embed_t *provider);
/* "youtube, vimeo, ...": every name, for messages. */
const char *media_embed_names(void);
/* MEDIA_EMBED_COUNT flags, all true: what a site allows by default. */
const bool *media_embed_all(void);
/* Whether id is one the parser below could have given for the provider
 * (shape, length and bytes): the only ids pages build players from. */
bool media_embed_id_valid(media_embed_t provider, const char *id);
/* What the player of a valid id shows (a Facebook video is a video, its
 * other posts are posts). */
media_embed_kind_t media_embed_kind(media_embed_t provider, const char *id);
/* "video", "post", "audio", "map", "chart". */
const char *media_embed_kind_name(media_embed_kind_t kind);
/* Append the https address of the provider's player for a valid id (what a
 * frame loads; video players start playing, since a click asked for it),
 * and of the page a reader without script is sent to. GZ_EINVAL with
 * nothing appended for an id media_embed_id_valid refuses. */
int media_embed_player_url(media_embed_t provider, const char *id, gz_buf_t *out);
int media_embed_page_url(media_embed_t provider, const char *id, gz_buf_t *out);
/* The provider and id of an address as a journalist pastes it, http or
 * https, www. or m. (see embed_url.c for every form): YouTube, Vimeo,
 * Dailymotion videos, X/Twitter statuses, Instagram posts and reels,
 * Facebook posts and videos, TikTok videos, SoundCloud tracks and sets,
 * Spotify tracks, albums, playlists, episodes and shows, Google Maps
 * places, searches and coordinates, Datawrapper charts, Flourish
 * visualisations. Appends the id to id; GZ_EINVAL with a sentence for the
 * form appended to message (may be NULL). */
int media_embed_parse_url(const char *url, media_embed_t *provider, gz_buf_t *id,
                          gz_buf_t *message);

/* ---- the sizes a theme declares -------------------------------------- */

enum { MEDIA_SIZES_MAX_RATIOS = 8, MEDIA_SIZES_MAX_WIDTHS = 16 };

/* Every combination of ratio x width x format is declared; nothing else. */
typedef struct {
    size_t ratio_count;
    uint32_t ratio_widths[MEDIA_SIZES_MAX_RATIOS], ratio_heights[MEDIA_SIZES_MAX_RATIOS];
    size_t width_count;
    uint32_t widths[MEDIA_SIZES_MAX_WIDTHS]; /* ascending */
    bool formats[MEDIA_FORMAT_COUNT];
    bool embeds[MEDIA_EMBED_COUNT]; /* the providers whose players pages may embed */
} media_sizes_t;

/* 16x9, 4x3, 1x1 at 320, 640, 1024, 1200, 1600, 2048 in AVIF, WebP and JPEG
 * (1200: the width social cards and search engines ask for); embeds from
 * every provider. */
media_sizes_t media_sizes_default(void);
/* Reads the [media] section of a theme's media.ini over the defaults:
 *   ratios = 16x9, 4x3, 1x1
 *   widths = 320, 640, 1024, 1200, 1600, 2048
 *   formats = avif, webp, jpeg
 *   embeds = youtube, vimeo, dailymotion, twitter, ...   (or "none")
 * A missing file keeps the defaults. GZ_EPARSE with "FILE: key: what is
 * wrong" for a bad value, GZ_EIO for an unreadable file. */
int media_sizes_load_file(media_sizes_t *sizes, const char *path, gz_buf_t *message);
int media_sizes_parse(media_sizes_t *sizes, const char *text, gz_buf_t *message);
/* Whether the size is declared (its format need not be available). */
bool media_size_lookup(const media_sizes_t *sizes, const media_size_t *size);
/* The declared sizes whose format this libvips can write, in ratio, width,
 * format order: writes at most capacity and returns how many there are. */
size_t media_sizes_list(const media_sizes_t *sizes, media_size_t *list, size_t capacity);

/* ---- the legacy path scheme ------------------------------------------ */

/* /2016/12/03/alalam_636163786258551197_25f_4x3.jpg. Ranges point into
 * the parsed path. */
typedef struct {
    int year, month, day;
    gz_str_t site;        /* "alalam" */
    int64_t ticks;        /* .NET ticks of the upload instant */
    gz_time_t instant;    /* the same instant in Unix seconds (floored) */
    uint32_t nanoseconds; /* and the part of a second */
    gz_str_t size_code;   /* "25f" */
    uint32_t ratio_width, ratio_height;
    gz_str_t extension; /* "jpg" */
} media_legacy_path_t;

enum { MEDIA_LEGACY_PATH_MAX = 200 };

/* Parses a legacy path. The date must be a real day and agree with the
 * ticks (the old site wrote its local date, so the instant may fall from
 * 14 hours before that UTC day to 12 hours after it). GZ_EPARSE with a
 * message for anything else: another shape, traversal, an overlong path,
 * a bad date. */
int media_legacy_path_parse(gz_str_t path, media_legacy_path_t *parsed, gz_buf_t *message);
/* Appends the path of a new upload in the same scheme: the UTC date and
 * the ticks of uploaded_at. GZ_EINVAL (nothing appended) when site, the
 * size code or the extension is not lower-case letters, digits (and '-'
 * in the site), or the ratio is 0. */
int media_legacy_path_append(gz_buf_t *buf, gz_str_t site, struct timespec uploaded_at,
                             gz_str_t size_code, uint32_t ratio_width, uint32_t ratio_height,
                             gz_str_t extension);

/* ---- what pages link to ------------------------------------------------ */

enum { MEDIA_STEM_MAX = 160 };

/* Whether stem (a content_media_t's: "2016/12/03/alalam_636163786258551197")
 * can name files: '/'-separated parts of lower-case letters, digits, '-' and
 * '_', none empty, no leading '/', at most MEDIA_STEM_MAX bytes. So no '.',
 * no traversal, nothing to escape in a URL or an attribute. */
bool media_stem_is_valid(gz_str_t stem);
/* Appends the path of an item's derivative of width, ratio and format:
 * "/" stem "_" width "_" ratio "." extension, which for a legacy stem is
 * the legacy scheme with the width as size code:
 * "/2016/12/03/alalam_636163786258551197_640_16x9.webp". The web layer
 * serves exactly these (under /media, like every stored picture path).
 * GZ_EINVAL (nothing appended) for an invalid stem, a width of 0 or more
 * than 8192, or a ratio term of 0 or more than 999. */
int media_derivative_path_append(gz_buf_t *buf, gz_str_t stem, uint32_t width,
                                 uint32_t ratio_width, uint32_t ratio_height,
                                 media_format_t format);
/* Appends "/" stem "." extension: the original file itself (a video's).
 * GZ_EINVAL (nothing appended) for an invalid stem or an extension that is
 * not 1 to 5 lower-case letters and digits. */
int media_original_path_append(gz_buf_t *buf, gz_str_t stem, gz_str_t extension);
/* The type whose MIME type is mime ("video/mp4"); MEDIA_TYPE_UNKNOWN for
 * NULL or any other. */
media_type_t media_type_from_mime(const char *mime);

/* ---- the job runner --------------------------------------------------- */

/* An original's bytes, shared by the jobs that read it (reference counted,
 * safe to pass between threads). */
typedef struct media_original media_original_t;

/* Copies the bytes; with the focal point the derivatives will use. */
media_original_t *media_original_create(const void *bytes, size_t len, media_focus_t focus);
void media_original_release(media_original_t *original); /* NULL is fine */
gz_str_t media_original_bytes(const media_original_t *original);
media_focus_t media_original_focus(const media_original_t *original);

/* What the runner is given by its user; called from worker threads and
 * from the threads in media_jobs_request, never under the runner's lock.
 *  - make: makes the derivative (NULL: media_derivative_make);
 *  - lookup: appends an already stored derivative to out and returns 0,
 *    or GZ_ENOTFOUND (NULL: nothing is ever stored);
 *  - store: keeps what was made; its error is handed to the waiters. */
typedef struct {
    int (*make)(void *context, const media_original_t *original, const media_size_t *size,
                gz_buf_t *out, gz_buf_t *message);
    int (*lookup)(void *context, gz_str_t key, gz_buf_t *out);
    int (*store)(void *context, gz_str_t key, gz_str_t bytes, const media_size_t *size);
    void *context;
    unsigned threads;      /* workers, 1 to 16 */
    size_t queue_capacity; /* queued jobs beyond which submit says GZ_EUNAVAILABLE */
} media_jobs_config_t;

typedef struct media_jobs media_jobs_t;

/* Starts the workers. NULL when a thread cannot start. */
media_jobs_t *media_jobs_create(const media_jobs_config_t *config);
/* Queues the making of one derivative, named key (the web layer's name for
 * it, up to 255 bytes), and returns at once. A key already queued or being
 * made is not queued again (0). GZ_EUNAVAILABLE when the queue is full. */
int media_jobs_submit(media_jobs_t *jobs, gz_str_t key, media_original_t *original,
                      const media_size_t *size);
/* Gives the derivative's bytes: stored already (lookup), or being made (waits
 * for that one job), or else made now on this thread while any other asker
 * waits (a job still queued is taken from the queue and made here). original may be NULL to only
 * wait or look up (GZ_ENOTFOUND when nothing is stored or under way). Appends to out; the make or
 * store error otherwise, with its message. */
int media_jobs_request(media_jobs_t *jobs, gz_str_t key, media_original_t *original,
                       const media_size_t *size, gz_buf_t *out, gz_buf_t *message);
/* Waits until no job is queued or running. */
void media_jobs_drain(media_jobs_t *jobs);
/* Makes what is queued, stops the workers and frees the runner. */
void media_jobs_destroy(media_jobs_t *jobs);

#endif
