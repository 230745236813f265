/*
 * preview: the editor's form shown as readers would see the article, in
 * the site's own theme (the public article template, navigation, media
 * and fonts), without saving anything. The editor posts its form here
 * into a frame beside the fields, whose width the editor switches between
 * a phone's and a desktop's, so the page is judged where readers read it.
 *
 * The article is the stored one with the form's fields over it (or a new
 * one), as a save would make it, completed with what a save would look
 * up: the content type's kicker, the related articles' headlines and
 * pictures, the section (web_render_preview). Nothing is written, so the
 * preview needs no permission beyond being signed in with the form's
 * token: the read-only editor offers none, and a save checks the rules.
 */
#include <string.h>

#include "web/admin/admin_private.h"

static const char *form_field(void *context, const char *name)
{
    return admin_field(context, name);
}

/* The related articles as a page lists them; ids that name nothing stay
 * out, as they would on the public page. */
static void load_related(admin_request_t *r, content_article_t *article)
{
    size_t kept = 0;
    for (size_t i = 0; i < article->related_count; i++) {
        content_article_t *target = NULL;
        if (admin_load_article(r, article->related[i].id, &target) != GZ_OK)
            continue;
        article->related[kept++] = (content_related_t){
            .id = target->id,
            .content_type_id = target->content_type.id,
            .content_type_slug = target->content_type.slug,
            .content_type_name = target->content_type.name,
            .slug = target->slug,
            .headline = target->headline,
            .lead_image = target->lead_image,
        };
    }
    article->related_count = kept;
}

/* What a save would add to the form's fields before readers see them. */
static void complete(admin_request_t *r, content_article_t *article)
{
    content_type_t type;
    if (store_content_type_get(r->store, article->content_type.id, r->pool, &type) == GZ_OK)
        article->content_type = type;
    load_related(r, article);
    gz_buf_t slug = GZ_BUF_INIT;
    content_slug_append(&slug, article->headline);
    article->slug = gz_pool_strdup(r->pool, gz_buf_cstr(&slug));
    gz_buf_free(&slug);
    gz_time_t now = gz_now();
    if (article->published_at <= 0 || article->status != CONTENT_PUBLISHED)
        article->published_at = now; /* as if published now */
    article->updated_at = now;
}

void admin_preview_post(admin_request_t *r, int64_t id)
{
    content_article_t *article = gz_pool_calloc(r->pool, 1, sizeof *article);
    if (id > 0) {
        content_article_t *current = NULL;
        int code = admin_load_article(r, id, &current);
        if (code != GZ_OK) {
            admin_send_message(r, code == GZ_ENOTFOUND ? 404 : 503, "No preview",
                               code == GZ_ENOTFOUND ? "There is no article with this number."
                                                    : "The article cannot be read right now.");
            return;
        }
        *article = *current;
    }
    gz_buf_t problems = GZ_BUF_INIT; /* a preview shows what it can; the save says what is wrong */
    int code = newsroom_apply_fields(r->store, article, form_field, r,
                                     r->site->config->site_language, r->pool, &problems);
    gz_buf_free(&problems);
    if (code != GZ_OK) {
        admin_send_message(r, 503, "No preview", "The preview cannot be made right now.");
        return;
    }
    complete(r, article);
    web_response_t response = {0};
    web_render_preview(r->site, r->store, article, r->pool, &response);
    admin_send_preview_page(r, &response.body);
    gz_buf_free(&response.body);
}
