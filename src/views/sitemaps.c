/*
 * sitemaps.c: what search engines crawl by: the sitemap index, article
 * sitemaps, the section sitemap, the Google News sitemap and robots.txt.
 *
 * The protocol caps a sitemap at 50,000 URLs and 50 MiB. The count is the
 * caller's page size; the bytes are kept here, by construction rather than
 * by hoping: each URL of a page gets an equal share of the byte limit, and
 * an entry that would not fit in its share drops its image (or, with an
 * absurdly long address, is left out). With real addresses a share is
 * about a kilobyte and an entry a few hundred bytes, so nothing is ever
 * dropped, but no configuration can make a page the crawler refuses.
 *
 * lastmod is the article's last change (views_modified_time); the news
 * sitemap holds only the last 48 hours, at most 1,000 articles, as Google
 * News asks, with the publication's name and the article's language in
 * the ISO 639 form it accepts.
 *
 * An article kept out of search engines (noindex) is left out of both,
 * here rather than in the store's queries: the pages are pages of the live
 * index as they always were (so old sitemap pages keep their addresses),
 * and the few such articles cost nothing to skip.
 */
#include <string.h>
#include <strings.h>

#include "views/views_private.h"

static const char XML_DECLARATION[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
static const char SITEMAP_NAMESPACE[] = "http://www.sitemaps.org/schemas/sitemap/0.9";

static void append_loc(gz_buf_t *out, const char *element, const views_site_t *site,
                       const char *path)
{
    gz_buf_t url = GZ_BUF_INIT;
    views_append_absolute_url(&url, site, path);
    gz_buf_printf(out, "<%s>", element);
    views_xml_append_text(out, gz_buf_cstr(&url));
    gz_buf_printf(out, "</%s>", element);
    gz_buf_free(&url);
}

static void append_lastmod(gz_buf_t *out, gz_time_t t)
{
    if (t > 0) {
        gz_buf_append_cstr(out, "<lastmod>");
        gz_time_append_rfc3339(out, t);
        gz_buf_append_cstr(out, "</lastmod>");
    }
}

/* ---- the index -------------------------------------------------------------- */

size_t views_sitemap_article_pages(size_t live_articles)
{
    return live_articles / VIEWS_SITEMAP_MAX_URLS + (live_articles % VIEWS_SITEMAP_MAX_URLS != 0);
}

static void index_entry(gz_buf_t *out, const views_site_t *site, const char *path)
{
    gz_buf_t prefixed = GZ_BUF_INIT;
    views_site_path(&prefixed, site, path);
    gz_buf_append_cstr(out, "<sitemap>");
    append_loc(out, "loc", site, gz_buf_cstr(&prefixed));
    gz_buf_free(&prefixed);
    gz_buf_append_cstr(out, "</sitemap>\n");
}

void views_sitemap_index(const views_site_t *site, size_t article_pages, gz_buf_t *out)
{
    gz_buf_append_cstr(out, XML_DECLARATION);
    gz_buf_printf(out, "<sitemapindex xmlns=\"%s\">\n", SITEMAP_NAMESPACE);
    index_entry(out, site, "/sitemap-sections.xml");
    gz_buf_t path = GZ_BUF_INIT;
    for (size_t page = 1; page <= article_pages; page++) {
        gz_buf_reset(&path);
        gz_buf_printf(&path, "/sitemap-articles-%zu.xml", page);
        index_entry(out, site, gz_buf_cstr(&path));
    }
    index_entry(out, site, "/sitemap-news.xml");
    gz_buf_append_cstr(out, "</sitemapindex>\n");
    gz_buf_free(&path);
}

/* ---- article sitemaps ----------------------------------------------------------- */

static const char ARTICLES_HEADER[] =
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
    " xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n";
static const char URLSET_FOOTER[] = "</urlset>\n";

static void article_entry(gz_buf_t *out, const views_site_t *site, const content_article_t *article,
                          bool with_image)
{
    gz_buf_t path = GZ_BUF_INIT, image = GZ_BUF_INIT;
    views_article_path(&path, site, article->id, article->slug);
    gz_buf_append_cstr(out, "<url>");
    append_loc(out, "loc", site, gz_buf_cstr(&path));
    append_lastmod(out, views_modified_time(article));
    if (with_image && views_append_image_url(&image, site, article->lead_image)) {
        gz_buf_append_cstr(out, "<image:image><image:loc>");
        views_xml_append_text(out, gz_buf_cstr(&image));
        gz_buf_append_cstr(out, "</image:loc></image:image>");
    }
    gz_buf_append_cstr(out, "</url>\n");
    gz_buf_free(&path);
    gz_buf_free(&image);
}

size_t views_sitemap_articles(const views_site_t *site, const content_article_list_t *list,
                              size_t max_bytes, gz_buf_t *out)
{
    size_t frame = strlen(XML_DECLARATION) + strlen(ARTICLES_HEADER) + strlen(URLSET_FOOTER);
    size_t count = list->count < VIEWS_SITEMAP_MAX_URLS ? list->count : VIEWS_SITEMAP_MAX_URLS;
    size_t share = max_bytes > frame && count > 0 ? (max_bytes - frame) / count : 0;
    size_t written = 0;
    gz_buf_t entry = GZ_BUF_INIT;
    gz_buf_append_cstr(out, XML_DECLARATION);
    gz_buf_append_cstr(out, ARTICLES_HEADER);
    for (size_t i = 0; i < count; i++) {
        if (!views_article_is_indexed(&list->items[i])) {
            continue;
        }
        gz_buf_reset(&entry);
        article_entry(&entry, site, &list->items[i], true);
        if (entry.len > share) {
            gz_buf_reset(&entry);
            article_entry(&entry, site, &list->items[i], false);
        }
        if (entry.len <= share) {
            gz_buf_append_str(out, gz_buf_str(&entry));
            written++;
        }
    }
    gz_buf_append_cstr(out, URLSET_FOOTER);
    gz_buf_free(&entry);
    return written;
}

/* ---- the section sitemap ------------------------------------------------------ */

void views_sitemap_sections(const views_site_t *site, const gz_time_t *modified, gz_buf_t *out)
{
    gz_buf_t path = GZ_BUF_INIT;
    gz_buf_append_cstr(out, XML_DECLARATION);
    gz_buf_printf(out, "<urlset xmlns=\"%s\">\n<url>", SITEMAP_NAMESPACE);
    append_loc(out, "loc", site, "/");
    append_lastmod(out, modified != NULL ? modified[0] : 0);
    gz_buf_append_cstr(out, "</url>\n");
    for (size_t i = 0; i < site->section_count; i++) {
        if (site->sections[i].slug == NULL || site->sections[i].slug[0] == '\0' ||
            !content_section_is_listed(&site->sections[i], site->sections, site->section_count)) {
            continue; /* hidden sections are archives: served, not offered */
        }
        gz_buf_reset(&path);
        views_section_path(&path, site, site->sections[i].slug);
        gz_buf_append_cstr(out, "<url>");
        append_loc(out, "loc", site, gz_buf_cstr(&path));
        append_lastmod(out, modified != NULL ? modified[i + 1] : 0);
        gz_buf_append_cstr(out, "</url>\n");
    }
    gz_buf_append_cstr(out, URLSET_FOOTER);
    gz_buf_free(&path);
}

/* ---- the news sitemap ------------------------------------------------------------ */

static bool is_iso_639(const char *language, size_t primary)
{
    for (size_t i = 0; i < primary; i++) {
        char c = (char)(language[i] | 0x20);
        if (c < 'a' || c > 'z') {
            return false;
        }
    }
    return primary == 2 || primary == 3;
}

/* Google News takes ISO 639 codes ("en", "ar"), except zh-cn and zh-tw;
 * a tag it cannot take falls back to the site's language, then English. */
static void append_news_language(gz_buf_t *out, const char *language, const char *fallback)
{
    size_t primary = strcspn(language, "-_");
    if (!is_iso_639(language, primary)) {
        bool usable = fallback != NULL && is_iso_639(fallback, strcspn(fallback, "-_"));
        append_news_language(out, usable ? fallback : "en", NULL);
        return;
    }
    for (size_t i = 0; i < primary; i++) {
        char c = language[i];
        gz_buf_append_char(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
    }
    if (primary == 2 && strncasecmp(language, "zh", 2) == 0 && language[2] != '\0') {
        const char *region = language + 3;
        bool simplified = strcasecmp(region, "cn") == 0 || strcasecmp(region, "sg") == 0 ||
                          strncasecmp(region, "hans", 4) == 0;
        gz_buf_append_cstr(out, simplified ? "-cn" : "-tw");
    }
}

static void news_entry(gz_buf_t *out, const views_site_t *site, const content_article_t *article)
{
    gz_buf_t path = GZ_BUF_INIT;
    views_article_path(&path, site, article->id, article->slug);
    gz_buf_append_cstr(out, "<url>");
    append_loc(out, "loc", site, gz_buf_cstr(&path));
    gz_buf_append_cstr(out, "<news:news><news:publication><news:name>");
    views_xml_append_text(out, site->name);
    gz_buf_append_cstr(out, "</news:name><news:language>");
    const char *language = article->language != NULL && article->language[0] != '\0'
                               ? article->language
                               : site->language;
    append_news_language(out, language != NULL ? language : "en", site->language);
    gz_buf_append_cstr(out, "</news:language></news:publication><news:publication_date>");
    gz_time_append_rfc3339(out, article->published_at);
    gz_buf_append_cstr(out, "</news:publication_date><news:title>");
    views_xml_append_text(out, article->headline);
    gz_buf_append_cstr(out, "</news:title></news:news></url>\n");
    gz_buf_free(&path);
}

void views_sitemap_news(const views_site_t *site, const content_article_list_t *list, gz_buf_t *out)
{
    gz_buf_append_cstr(out, XML_DECLARATION);
    gz_buf_printf(out,
                  "<urlset xmlns=\"%s\""
                  " xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
                  SITEMAP_NAMESPACE);
    size_t written = 0;
    for (size_t i = 0; i < list->count && written < VIEWS_NEWS_SITEMAP_MAX_URLS; i++) {
        const content_article_t *article = &list->items[i];
        bool recent = article->published_at > site->now - VIEWS_NEWS_SITEMAP_WINDOW &&
                      article->published_at <= site->now;
        if (recent && views_article_is_indexed(article) && article->headline != NULL &&
            article->headline[0] != '\0') {
            news_entry(out, site, article);
            written++;
        }
    }
    gz_buf_append_cstr(out, URLSET_FOOTER);
}

/* ---- robots.txt ------------------------------------------------------------------- */

/* The prefixes of the editions robots.txt speaks for: on the site's host
 * every edition without a host of its own ("", "/ar"), on an edition's
 * own host that edition alone (""). */
static size_t robots_prefixes(const views_site_t *site, const char **prefixes, size_t max)
{
    const gz_edition_t *current =
        site->editions != NULL
            ? gz_edition_for_language(site->editions, site->edition_count, site->language)
            : NULL;
    if (current == NULL || current->host[0] != '\0') {
        prefixes[0] = "";
        return 1;
    }
    size_t count = 0;
    for (size_t i = 0; i < site->edition_count && count < max; i++) {
        if (site->editions[i].host[0] == '\0')
            prefixes[count++] = site->editions[i].prefix;
    }
    return count;
}

void views_robots_txt(const views_site_t *site, gz_buf_t *out)
{
    const char *prefixes[GZ_MAX_EDITIONS];
    size_t count = robots_prefixes(site, prefixes, GZ_MAX_EDITIONS);
    gz_buf_append_cstr(out, "# Everything readers see may be crawled; machines have their own\n"
                            "# addresses (feeds, sitemaps) and the API is for programs.\n"
                            "User-agent: *\n"
                            "Disallow: /admin/\n");
    for (size_t i = 0; i < count; i++)
        gz_buf_printf(out, "Disallow: %s/api/\nDisallow: %s/search\n", prefixes[i], prefixes[i]);
    gz_buf_append_char(out, '\n');
    for (size_t i = 0; i < count; i++) {
        gz_buf_t path = GZ_BUF_INIT;
        gz_buf_printf(&path, "%s/sitemap.xml", prefixes[i]);
        gz_buf_append_cstr(out, "Sitemap: ");
        gz_buf_append_cstr(out, site->url);
        gz_buf_append_cstr(out, gz_buf_cstr(&path));
        gz_buf_append_char(out, '\n');
        gz_buf_free(&path);
    }
}
