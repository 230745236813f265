/*
 * embeds.c: the players of other sites (YouTube, X, Spotify, Google Maps,
 * Datawrapper, ...) as readers get them: a placeholder and a link to the
 * provider's page, turned into the provider's frame by the theme's
 * embed.js only when the reader clicks, so no third-party request leaves a
 * reader's browser before they ask. The placeholder is all local: a poster
 * from the media library or, for an address pasted into a body, just
 * words saying what loads from whom (never the provider's thumbnail,
 * which would be a request to it).
 *
 * Every player address is rebuilt here from a provider the theme allows
 * and an id media/ has checked; the same list gives the readers'
 * Content-Security-Policy its frame-src, so a page can frame nothing else.
 */
#include <string.h>

#include "views/views_private.h"

static bool provider_allowed(const views_site_t *site, const char *name, media_embed_t *provider)
{
    return site->embeds != NULL && media_embed_parse_name(name, provider) == GZ_OK &&
           site->embeds[*provider];
}

int views_embed_url(const views_site_t *site, const char *provider, const char *id,
                    gz_buf_t *player, gz_buf_t *page)
{
    media_embed_t known;
    if (!provider_allowed(site, provider, &known) || !media_embed_id_valid(known, id)) {
        return GZ_EINVAL;
    }
    media_embed_player_url(known, id, player);
    if (page != NULL) {
        media_embed_page_url(known, id, page);
    }
    return GZ_OK;
}

/* ---- the placeholder's words ------------------------------------------------------ */

/* "Load the X post", "Load the map": what a click does. */
static void append_action(gz_buf_t *out, media_embed_kind_t kind, const char *label)
{
    switch (kind) {
    case MEDIA_EMBED_KIND_POST: gz_buf_printf(out, "Load the %s post", label); break;
    case MEDIA_EMBED_KIND_AUDIO: gz_buf_printf(out, "Load the %s player", label); break;
    case MEDIA_EMBED_KIND_MAP: gz_buf_append_cstr(out, "Load the map"); break;
    case MEDIA_EMBED_KIND_CHART: gz_buf_append_cstr(out, "Load the chart"); break;
    default: gz_buf_printf(out, "Load the %s video", label); break;
    }
}

/* The frame's title when the newsroom gave none: "X post", "Map". */
static void append_default_title(gz_buf_t *out, media_embed_kind_t kind, const char *label)
{
    switch (kind) {
    case MEDIA_EMBED_KIND_POST: gz_buf_printf(out, "%s post", label); break;
    case MEDIA_EMBED_KIND_AUDIO: gz_buf_printf(out, "%s player", label); break;
    case MEDIA_EMBED_KIND_MAP: gz_buf_printf(out, "Map from %s", label); break;
    case MEDIA_EMBED_KIND_CHART: gz_buf_printf(out, "Chart from %s", label); break;
    default: gz_buf_printf(out, "%s video", label); break;
    }
}

/* ---- the model ------------------------------------------------------------------------ */

/* {src, link, provider, kind, title}, or NULL for a provider the site does
 * not allow or an id that fails its check. */
static json_t *embed_base(const views_site_t *site, const char *provider, const char *id,
                          media_embed_t *known)
{
    gz_buf_t src = GZ_BUF_INIT, link = GZ_BUF_INIT;
    json_t *embed = NULL;
    if (views_embed_url(site, provider, id, &src, &link) == GZ_OK &&
        media_embed_parse_name(provider, known) == GZ_OK) {
        embed = json_pack("{s:s,s:s,s:s,s:s}", "src", gz_buf_cstr(&src), "link", gz_buf_cstr(&link),
                          "provider", provider, "kind",
                          media_embed_kind_name(media_embed_kind(*known, id)));
    }
    gz_buf_free(&src);
    gz_buf_free(&link);
    return embed;
}

json_t *views_embed_model(const views_site_t *site, const content_media_t *media, const char *title)
{
    media_embed_t known;
    json_t *embed = embed_base(site, media->embed_provider, media->embed_id, &known);
    if (embed == NULL) {
        return NULL;
    }
    media_embed_kind_t kind = media_embed_kind(known, media->embed_id);
    gz_buf_t text = GZ_BUF_INIT;
    if (title == NULL || title[0] == '\0') {
        append_default_title(&text, kind, media_embed_provider(known)->label);
        title = gz_buf_cstr(&text);
    }
    json_object_set_new(embed, "title", json_string(title));
    gz_buf_t action = GZ_BUF_INIT;
    /* A poster shows the item: the link's words are for screen readers. */
    if (kind == MEDIA_EMBED_KIND_VIDEO) {
        gz_buf_append_cstr(&action, "Play the video");
    } else {
        append_action(&action, kind, media_embed_provider(known)->label);
    }
    gz_buf_printf(&action, ": %s", title);
    json_object_set_new(embed, "action", json_string(gz_buf_cstr(&action)));
    json_object_set_new(embed, "action_class", json_string("visually-hidden"));
    gz_buf_free(&text);
    gz_buf_free(&action);
    return embed;
}

json_t *views_pasted_embed(const views_site_t *site, const char *url)
{
    media_embed_t provider;
    gz_buf_t id = GZ_BUF_INIT;
    json_t *figure = NULL;
    if (media_embed_parse_url(url, &provider, &id, NULL) == GZ_OK) {
        const media_embed_provider_t *known = media_embed_provider(provider);
        json_t *embed = embed_base(site, known->name, gz_buf_cstr(&id), &provider);
        if (embed != NULL) {
            media_embed_kind_t kind = media_embed_kind(provider, gz_buf_cstr(&id));
            gz_buf_t text = GZ_BUF_INIT;
            append_default_title(&text, kind, known->label);
            json_object_set_new(embed, "title", json_string(gz_buf_cstr(&text)));
            gz_buf_reset(&text);
            append_action(&text, kind, known->label);
            json_object_set_new(embed, "action", json_string(gz_buf_cstr(&text)));
            json_object_set_new(embed, "action_class", json_string("embed-label"));
            gz_buf_reset(&text);
            gz_buf_printf(&text, "From %s, loaded only if you click", known->label);
            json_object_set_new(embed, "note", json_string(gz_buf_cstr(&text)));
            gz_buf_free(&text);
            figure = json_pack("{s:s,s:o,s:s,s:s,s:b}", "kind", "embed", "embed", embed, "caption",
                               "", "credit", "", "has_caption", false);
        }
    }
    gz_buf_free(&id);
    return figure;
}
