/* Media items the views' tests share: a large picture, a narrow one, one
 * whose file has not arrived, a video file with a poster and embeds, and
 * a resolver over them. Captions and alt text are hostile on purpose. */
#ifndef GAZETTE_VIEWS_MEDIA_FIXTURES_H
#define GAZETTE_VIEWS_MEDIA_FIXTURES_H

#include <string.h>

#include "views/views.h"

#define STEM "2016/12/03/alalam_636163786258551197"
#define HOSTILE "\"><script>alert(1)</script>"

static const content_media_t FIXTURE_MEDIA[] = {
    {.id = 42, .kind = CONTENT_MEDIA_PICTURE, .stem = STEM, .mime = "image/jpeg",
     .width = 4000, .height = 3000, .has_original = true, .alt = "Rescuers " HOSTILE,
     .caption = "The market " HOSTILE, .credit = "Reuters/Jane Doe & Co",
     .created_at = 1480781825},
    {.id = 43, .kind = CONTENT_MEDIA_PICTURE, .stem = "2016/12/04/alalam_636164000000000000",
     .mime = "image/jpeg", .width = 700, .height = 700, .has_original = true, .alt = "Narrow"},
    {.id = 44, .kind = CONTENT_MEDIA_PICTURE, .stem = "2016/12/05/alalam_636165000000000000",
     .has_original = false, .alt = "Not here yet", .caption = "Arriving"},
    {.id = 50, .kind = CONTENT_MEDIA_VIDEO, .stem = "2016/12/06/alalam_636166000000000000",
     .mime = "video/mp4", .width = 1920, .height = 1080, .has_original = true,
     .alt = "The convoy", .caption = "Convoy </script> \"leaves\"", .credit = "Alalam",
     .duration_ms = 90000, .poster_id = 42, .created_at = 1481098000},
    {.id = 60, .kind = CONTENT_MEDIA_EMBED, .stem = "2016/12/07/alalam_636167000000000000",
     .alt = "Interview", .caption = "The interview", .embed_provider = "youtube",
     .embed_id = "dQw4w9WgXcQ", .poster_id = 42, .duration_ms = 3723000,
     .created_at = 1481098000},
    {.id = 61, .kind = CONTENT_MEDIA_EMBED, .stem = "2016/12/07/alalam_636167000000000001",
     .embed_provider = "youtube", .embed_id = "dQw4w9\"><x", .poster_id = 42},
    {.id = 62, .kind = CONTENT_MEDIA_EMBED, .stem = "2016/12/07/alalam_636167000000000002",
     .embed_provider = "evil", .embed_id = "12345", .poster_id = 42},
};

static inline const content_media_t *fixture_media(int64_t id)
{
    for (size_t i = 0; i < sizeof FIXTURE_MEDIA / sizeof FIXTURE_MEDIA[0]; i++) {
        if (FIXTURE_MEDIA[i].id == id) {
            return &FIXTURE_MEDIA[i];
        }
    }
    return NULL;
}

static inline const content_media_t *fixture_resolve(void *context, int64_t id)
{
    (void)context;
    return fixture_media(id);
}

/* support_site() with the media fields set: every provider allowed, and
 * the formats this libvips writes. */
static inline views_site_t with_media(views_site_t site)
{
    static bool formats[MEDIA_FORMAT_COUNT];
    for (int format = 0; format < MEDIA_FORMAT_COUNT; format++) {
        formats[format] = media_format_available((media_format_t)format);
    }
    site.media_formats = formats;
    site.embeds = media_embed_all();
    return site;
}

#endif
