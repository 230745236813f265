/*
 * fronts.c: the home page and section fronts as editors arranged them
 * (newsroom/fronts.c). The front's layout is read from the store and each
 * slot resolved: an article picked by hand shows only while it is live,
 * with its slot's headline, summary and picture for this front; a block
 * filled by a rule takes the newest live articles of its section, tag or
 * type that the front does not show already.
 *
 * What the page shows tags it: its own front ("home", "section:ID": a new
 * layout logs that tag), each article picked by hand, and the section or
 * tag each rule follows; a rule by type follows "home", which every
 * article's change logs.
 */
#include <string.h>

#include "web/web_private.h"

enum {
    SHOWN_MAX = CONTENT_FRONT_TOP_MAX + CONTENT_FRONT_BLOCKS_MAX * CONTENT_FRONT_BLOCK_ITEMS_MAX
};

typedef struct {
    const views_site_t *view; /* the edition's paths */
    store_t *store;
    gz_pool_t *pool;
    web_response_t *response;
    gz_time_t now;
    int64_t shown[SHOWN_MAX]; /* no article twice on one front */
    size_t shown_count;
} resolver_t;

static bool already_shown(const resolver_t *resolver, int64_t id)
{
    for (size_t i = 0; i < resolver->shown_count; i++) {
        if (resolver->shown[i] == id) {
            return true;
        }
    }
    return false;
}

static void mark_shown(resolver_t *resolver, int64_t id)
{
    if (resolver->shown_count < SHOWN_MAX) {
        resolver->shown[resolver->shown_count++] = id;
    }
}

/* A hand-picked slot as it shows here; false when its article is not
 * live (or gone): the slot is left out until it is. */
static int resolve_slot(resolver_t *resolver, const content_front_slot_t *slot,
                        content_article_t *out, bool *shown)
{
    *shown = false;
    web_response_tag(resolver->response, resolver->pool, "article:%lld",
                     (long long)slot->article_id);
    content_article_t *article = NULL;
    int code = store_article_get(resolver->store, slot->article_id, resolver->pool, &article);
    if (code == GZ_ENOTFOUND) {
        return GZ_OK;
    }
    if (code != GZ_OK || article->is_stub || !content_article_is_live(article, resolver->now) ||
        already_shown(resolver, article->id)) {
        return code;
    }
    *out = *article;
    out->headline = slot->headline != NULL ? slot->headline : article->headline;
    out->summary = slot->summary != NULL ? slot->summary : article->summary;
    out->lead_image = slot->picture != NULL ? slot->picture : article->lead_image;
    mark_shown(resolver, article->id);
    *shown = true;
    return GZ_OK;
}

static int resolve_slots(resolver_t *resolver, const content_front_slot_t *slots, size_t count,
                         content_article_t *out, size_t *shown_count)
{
    *shown_count = 0;
    int code = GZ_OK;
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        bool shown = false;
        code = resolve_slot(resolver, &slots[i], &out[*shown_count], &shown);
        *shown_count += shown;
    }
    return code;
}

/* ---- blocks filled by a rule ------------------------------------------------------- */

static int newest_in_section(resolver_t *resolver, const char *slug, size_t limit,
                             content_article_list_t *list, const char **url)
{
    content_section_t section;
    int code = store_section_get_by_slug(resolver->store, slug, resolver->pool, &section);
    if (code != GZ_OK) {
        return code;
    }
    web_response_tag(resolver->response, resolver->pool, "section:%lld", (long long)section.id);
    gz_buf_t path = GZ_BUF_INIT;
    views_section_path(&path, resolver->view, section.slug);
    *url = gz_pool_strdup(resolver->pool, gz_buf_cstr(&path));
    gz_buf_free(&path);
    store_article_query_t query = {
        .section_id = section.id, .live_only = true, .now = resolver->now, .limit = limit};
    return store_article_list(resolver->store, &query, resolver->pool, list);
}

static int newest_with_tag(resolver_t *resolver, const char *slug, size_t limit,
                           content_article_list_t *list, const char **url)
{
    content_tag_t tag;
    int code = store_tag_get_by_slug(resolver->store, slug, resolver->pool, &tag);
    if (code != GZ_OK) {
        return code;
    }
    web_response_tag(resolver->response, resolver->pool, "tag:%lld", (long long)tag.id);
    gz_buf_t path = GZ_BUF_INIT;
    views_tag_path(&path, resolver->view, tag.slug);
    *url = gz_pool_strdup(resolver->pool, gz_buf_cstr(&path));
    gz_buf_free(&path);
    store_article_query_t query = {
        .tag_id = tag.id, .live_only = true, .now = resolver->now, .limit = limit};
    return store_article_list(resolver->store, &query, resolver->pool, list);
}

static int newest_of_type(resolver_t *resolver, const char *slug, size_t limit,
                          content_article_list_t *list)
{
    content_type_t *types = NULL;
    size_t count = 0;
    int code = store_content_type_list(resolver->store, resolver->pool, &types, &count);
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        if (types[i].slug != NULL && strcmp(types[i].slug, slug) == 0) {
            web_response_tag(resolver->response, resolver->pool, "home");
            return store_articles_of_type(resolver->store, types[i].id, resolver->now, limit,
                                          resolver->pool, list);
        }
    }
    return code == GZ_OK ? GZ_ENOTFOUND : code;
}

/* The rule's newest articles, but those the front shows already; a rule
 * whose section, tag or type is gone shows nothing. */
static int resolve_rule(resolver_t *resolver, const content_front_block_t *block,
                        views_front_block_t *out)
{
    size_t limit = block->count + resolver->shown_count; /* enough after the skips */
    content_article_list_t list = {0};
    int code = GZ_ENOTFOUND;
    if (block->rule == CONTENT_FRONT_NEWEST_IN_SECTION) {
        code = newest_in_section(resolver, block->rule_slug, limit, &list, &out->url);
    } else if (block->rule == CONTENT_FRONT_NEWEST_WITH_TAG) {
        code = newest_with_tag(resolver, block->rule_slug, limit, &list, &out->url);
    } else if (block->rule == CONTENT_FRONT_NEWEST_OF_TYPE) {
        code = newest_of_type(resolver, block->rule_slug, limit, &list);
    }
    if (code == GZ_ENOTFOUND) {
        return GZ_OK;
    }
    content_article_t *kept = gz_pool_calloc(resolver->pool, block->count + 1, sizeof *kept);
    for (size_t i = 0; code == GZ_OK && i < list.count && out->count < block->count; i++) {
        if (!already_shown(resolver, list.items[i].id)) {
            kept[out->count++] = list.items[i];
            mark_shown(resolver, list.items[i].id);
        }
    }
    out->articles = kept;
    return code;
}

static int resolve_block(resolver_t *resolver, const content_front_block_t *block,
                         views_front_block_t *out)
{
    *out = (views_front_block_t){.name = block->name};
    if (block->rule != CONTENT_FRONT_BY_HAND) {
        return resolve_rule(resolver, block, out);
    }
    content_article_t *articles =
        gz_pool_calloc(resolver->pool, block->slot_count + 1, sizeof *articles);
    out->articles = articles;
    return resolve_slots(resolver, block->slots, block->slot_count, articles, &out->count);
}

/* ---- the page -------------------------------------------------------------------------- */

int web_curated_front(const web_site_t *site, store_t *store, const views_site_t *view,
                      const content_section_t *section, gz_pool_t *pool, web_response_t *response,
                      json_t **model)
{
    (void)site;
    const char *key =
        section != NULL ? gz_pool_printf(pool, "section:%lld", (long long)section->id) : "home";
    store_front_t stored;
    int code = store_front_get(store, key, pool, &stored);
    if (code != GZ_OK) {
        return code;
    }
    content_front_t front;
    gz_buf_t problems = GZ_BUF_INIT;
    if (newsroom_front_parse(stored.layout, pool, &front, &problems) != GZ_OK) {
        gz_log(GZ_LOG_ERROR, "front %s: %s", key, gz_buf_cstr(&problems));
        gz_buf_free(&problems);
        return GZ_ENOTFOUND; /* newest first rather than a broken page */
    }
    gz_buf_free(&problems);
    if (front.top_count == 0 && front.block_count == 0) {
        return GZ_ENOTFOUND; /* an arrangement cleared: newest first again */
    }
    resolver_t resolver = {
        .view = view, .store = store, .pool = pool, .response = response, .now = gz_now()};
    content_article_t top[CONTENT_FRONT_TOP_MAX];
    size_t top_count = 0;
    code = resolve_slots(&resolver, front.top, front.top_count, top, &top_count);
    views_front_block_t *blocks = gz_pool_calloc(pool, front.block_count + 1, sizeof *blocks);
    size_t block_count = 0;
    for (size_t i = 0; code == GZ_OK && i < front.block_count; i++) {
        code = resolve_block(&resolver, &front.blocks[i], &blocks[block_count]);
        block_count += blocks[block_count].count > 0; /* an empty block is left out */
    }
    if (code != GZ_OK) {
        return code;
    }
    *model = views_curated_front_page(view, section, top, top_count, blocks, block_count);
    return GZ_OK;
}
