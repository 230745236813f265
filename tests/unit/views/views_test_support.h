/* What the unit tests of the machine-readable views share: a site, a
 * media store that holds one picture, and two articles whose text is
 * hard to get right in XML, JSON and HTML (ampersands, angle brackets,
 * straight and typographic quotes, "</script>", Arabic script). */
#ifndef GAZETTE_VIEWS_TEST_SUPPORT_H
#define GAZETTE_VIEWS_TEST_SUPPORT_H

#include <string.h>

#include "views/views.h"

#define HARD_HEADLINE                                                                              \
    "Q&A: \xE2\x80\x9CRates < 5%\xE2\x80\x9D say Smith & O\xE2\x80\x99Neil \"exactly\" </script>"
#define HARD_SUMMARY "Tom & Jerry <b>say</b> \xE2\x80\x98hi\xE2\x80\x99"
#define HARD_BODY "<p>Fish &amp; chips \xE2\x80\x9Cnow\xE2\x80\x9D &lt;cheap&gt;</p>\n"
#define ARABIC_HEADLINE "حلب: «السوق» يفتح أبوابه & <اليوم>"
#define ARABIC_SLUG "حلب-السوق"
#define ARABIC_SLUG_ENCODED "%D8%AD%D9%84%D8%A8-%D8%A7%D9%84%D8%B3%D9%88%D9%82"
#define PICTURE "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg"
#define NOW ((gz_time_t)1481200000) /* 2016-12-08T12:26:40Z */

static content_author_t hard_authors[] = {{.id = 1, .slug = "jane-doe", .name = "Jane Doe & Co"}};
static content_tag_t hard_tags[] = {{.id = 4, .slug = "aleppo", .name = "Aleppo <old city>"}};

static inline content_article_t hard_article(void)
{
    return (content_article_t){
        .id = 5,
        .slug = "q-a-rates",
        .headline = HARD_HEADLINE,
        .summary = HARD_SUMMARY,
        .body_html = HARD_BODY,
        .dateline = "Alalam",
        .language = "en",
        .lead_image = PICTURE,
        .status = CONTENT_PUBLISHED,
        .created_at = 1481098000,
        .published_at = 1481098187, /* 2016-12-07T08:09:47Z */
        .updated_at = 1481100000,   /* 2016-12-07T08:40:00Z */
        .section = {.id = 3, .slug = "syria", .name = "Syria"},
        .content_type = {.id = 21, .slug = "video", .name = "Video", .headline_prefix = "VIDEO"},
        .authors = hard_authors,
        .author_count = 1,
        .tags = hard_tags,
        .tag_count = 1,
    };
}

static inline content_article_t arabic_article(void)
{
    return (content_article_t){
        .id = 7,
        .slug = ARABIC_SLUG,
        .headline = ARABIC_HEADLINE,
        .body_html = "<p>نص</p>\n",
        .language = "ar",
        .status = CONTENT_PUBLISHED,
        .created_at = 1481190000,
        .published_at = 1481190000, /* 2016-12-08T09:40:00Z */
        .updated_at = 1481190000,
        .content_type = {.id = 1, .slug = "article", .name = "Article"},
    };
}

/* Only PICTURE is in the media store. */
static inline void support_media(void *context, const char *path, gz_buf_t *out)
{
    (void)context;
    if (strcmp(path, PICTURE) == 0) {
        gz_buf_printf(out, "/media%s", path);
    }
}

static inline views_site_t support_site(void)
{
    static const content_section_t sections[] = {{.id = 1, .slug = "world", .name = "World"}, {.id = 3, .slug = "syria", .name = "Syria"}};
    return (views_site_t){.name = "Gazette & Sons",
                          .url = "https://News.Example:8443",
                          .language = "en",
                          .time_format = "%a %b %-d, %Y %H:%M:%S",
                          .sections = sections,
                          .section_count = 2,
                          .image_url = support_media,
                          .now = NOW,
                          .description = "All the news <fit> to print",
                          .logo = "/static/logo.png"};
}

static inline size_t count_of(const char *haystack, const char *needle)
{
    size_t count = 0;
    for (const char *p = strstr(haystack, needle); p != NULL; p = strstr(p + 1, needle)) {
        count++;
    }
    return count;
}

#endif
