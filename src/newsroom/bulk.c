/*
 * bulk: one change to many articles at once, from the newsroom's list:
 * move them to a status, put them in a section, add or remove tags, or
 * delete them.
 *
 * A bulk change is the single operations run one after another inside
 * one transaction: every article goes through the very checks and writes
 * its own save, move or deletion would (newsroom_save_in: the role, the
 * desks, the workflow's steps, validation; newsroom_delete_check), and
 * gets the revision and the audit row it would get alone. All or nothing:
 * when any article is refused, the walk goes on to name every refused
 * one, then everything is rolled back and nothing has changed. An article
 * that already is as asked (at the status, in the section, with or
 * without the tags) is left alone: no revision, no audit row.
 *
 * The input is checked first, whole, before the store is touched: the
 * number of articles (1 to NEWSROOM_BULK_MAX, none twice), a status the
 * workflow has, a section that exists, tags of valid length.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

enum { BULK_TAGS_TYPED_MAX = 10, BULK_TAGS_PER_ARTICLE_MAX = 30 };

/* What the checked input asks for. */
typedef struct {
    const newsroom_bulk_t *bulk;
    const newsroom_status_t *status; /* NEWSROOM_BULK_STATUS */
    content_section_t *section;      /* NEWSROOM_BULK_SECTION */
    const char **tags;               /* the tag kinds */
    size_t tag_count;
} bulk_plan_t;

static int bulk_fail(store_t *store, newsroom_bulk_result_t *result, gz_pool_t *pool, int code)
{
    result->message = gz_pool_printf(pool, "The articles cannot be changed right now: %s",
                                     store_last_error(store));
    return code;
}

static const char *const kind_names[] = {"status", "section", "add-tags", "remove-tags",
                                         "delete"};

const char *newsroom_bulk_kind_name(newsroom_bulk_kind_t kind)
{
    return (unsigned)kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind] : NULL;
}

int newsroom_bulk_kind_parse(const char *name, newsroom_bulk_kind_t *out)
{
    for (size_t i = 0; name != NULL && i < sizeof kind_names / sizeof kind_names[0]; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (newsroom_bulk_kind_t)i;
            return GZ_OK;
        }
    }
    return GZ_EINVAL;
}

/* ---- the input --------------------------------------------------------- */

static int invalid(newsroom_bulk_result_t *result, const char *message)
{
    result->message = message;
    return GZ_EINVAL;
}

static int check_ids(const newsroom_bulk_t *bulk, gz_pool_t *pool, newsroom_bulk_result_t *result)
{
    if (bulk->count == 0)
        return invalid(result, "Select at least one article.");
    if (bulk->count > NEWSROOM_BULK_MAX)
        return invalid(result, gz_pool_printf(pool,
                                              "%zu articles are selected: a bulk change takes at "
                                              "most %d at a time.",
                                              bulk->count, (int)NEWSROOM_BULK_MAX));
    for (size_t i = 0; i < bulk->count; i++) {
        if (bulk->ids[i] <= 0)
            return invalid(result, "An article number is not a number.");
        for (size_t k = 0; k < i; k++)
            if (bulk->ids[k] == bulk->ids[i])
                return invalid(result, gz_pool_printf(pool, "Article %lld is selected twice.",
                                                      (long long)bulk->ids[i]));
    }
    return GZ_OK;
}

/* Splits "a, b" into trimmed names, each checked as a tag's name. */
static int parse_tags(const char *text, gz_pool_t *pool, bulk_plan_t *plan,
                      newsroom_bulk_result_t *result)
{
    plan->tags = gz_pool_calloc(pool, BULK_TAGS_TYPED_MAX, sizeof *plan->tags);
    const char *c = text != NULL ? text : "";
    while (*c != '\0') {
        size_t len = strcspn(c, ",");
        gz_str_t name = gz_str_trim((gz_str_t){c, len});
        c += len + (c[len] == ',');
        if (name.len == 0)
            continue;
        if (plan->tag_count == BULK_TAGS_TYPED_MAX)
            return invalid(result, gz_pool_printf(pool, "Type at most %d tags at a time.",
                                                  (int)BULK_TAGS_TYPED_MAX));
        size_t characters = gz_utf8_count(name.ptr, name.len);
        if (characters > NEWSROOM_NAME_MAX)
            return invalid(result,
                           gz_pool_printf(pool, "The tag \"%.40s...\" is longer than %d characters.",
                                          gz_pool_strndup(pool, name.ptr, name.len),
                                          (int)NEWSROOM_NAME_MAX));
        for (size_t i = 0; i < name.len; i++)
            if ((unsigned char)name.ptr[i] < 0x20)
                return invalid(result, "A tag cannot hold a line break or a control character.");
        plan->tags[plan->tag_count++] = gz_pool_strndup(pool, name.ptr, name.len);
    }
    return plan->tag_count > 0 ? GZ_OK : invalid(result, "Type at least one tag.");
}

static int plan_bulk(store_t *store, const newsroom_actor_t *actor, const newsroom_bulk_t *bulk,
                     gz_pool_t *pool, bulk_plan_t *plan, newsroom_bulk_result_t *result)
{
    *plan = (bulk_plan_t){.bulk = bulk};
    *result = (newsroom_bulk_result_t){0};
    if (newsroom_bulk_kind_name(bulk->kind) == NULL)
        return invalid(result, "Choose what to do with the selected articles.");
    int code = check_ids(bulk, pool, result);
    if (code != GZ_OK)
        return code;
    if (bulk->kind == NEWSROOM_BULK_STATUS) {
        plan->status = newsroom_status_find(newsroom_actor_workflow(actor), bulk->value);
        if (plan->status == NULL)
            return invalid(result, gz_pool_printf(pool, "The workflow has no status \"%.64s\".",
                                                  bulk->value ? bulk->value : ""));
    } else if (bulk->kind == NEWSROOM_BULK_SECTION) {
        content_section_t *section = gz_pool_calloc(pool, 1, sizeof *section);
        const char *typed = bulk->value != NULL ? bulk->value : "";
        code = typed[0] ? newsroom_find_section(store, typed, pool, section) : GZ_ENOTFOUND;
        if (code == GZ_ENOTFOUND)
            return invalid(result, gz_pool_printf(pool, NEWSROOM_NO_SUCH_SECTION, typed));
        if (code != GZ_OK)
            return bulk_fail(store, result, pool, code);
        plan->section = section;
    } else if (bulk->kind == NEWSROOM_BULK_ADD_TAGS || bulk->kind == NEWSROOM_BULK_REMOVE_TAGS) {
        code = parse_tags(bulk->value, pool, plan, result);
    }
    return code;
}

/* ---- each article ------------------------------------------------------ */

static bool tag_named(const content_article_t *article, const char *name, size_t *at)
{
    gz_buf_t wanted = GZ_BUF_INIT;
    content_slug_append(&wanted, name);
    bool found = false;
    for (size_t i = 0; !found && i < article->tag_count; i++) {
        const content_tag_t *tag = &article->tags[i];
        found = (tag->name != NULL && strcmp(tag->name, name) == 0) ||
                (tag->slug != NULL && wanted.len > 0 && strcmp(tag->slug, gz_buf_cstr(&wanted)) == 0);
        if (found && at != NULL)
            *at = i;
    }
    gz_buf_free(&wanted);
    return found;
}

/* Changes the article's tags as the plan says; false when nothing changes. */
static bool change_tags(const bulk_plan_t *plan, content_article_t *article,
                        gz_pool_t *pool)
{
    size_t capacity = article->tag_count + plan->tag_count;
    content_tag_t *tags = gz_pool_calloc(pool, capacity + 1, sizeof *tags);
    if (article->tag_count > 0) /* an article without tags may have no array */
        memcpy(tags, article->tags, article->tag_count * sizeof *tags);
    content_article_t changed = *article;
    changed.tags = tags;
    for (size_t i = 0; i < plan->tag_count; i++) {
        size_t at = 0;
        bool has = tag_named(&changed, plan->tags[i], &at);
        if (plan->bulk->kind == NEWSROOM_BULK_ADD_TAGS && !has) {
            tags[changed.tag_count++] = (content_tag_t){.name = plan->tags[i]};
        } else if (plan->bulk->kind == NEWSROOM_BULK_REMOVE_TAGS && has) {
            memmove(&tags[at], &tags[at + 1], (changed.tag_count - at - 1) * sizeof *tags);
            changed.tag_count--;
        }
    }
    bool differs = changed.tag_count != article->tag_count ||
                   (article->tag_count > 0 &&
                    memcmp(tags, article->tags, article->tag_count * sizeof *tags) != 0);
    if (differs) {
        article->tags = tags;
        article->tag_count = changed.tag_count;
    }
    return differs;
}

/* Sets up the edit of one article; false when it is already as asked. */
static bool edit_of(const bulk_plan_t *plan, content_article_t *article, gz_pool_t *pool,
                    newsroom_edit_t *edit)
{
    *edit = (newsroom_edit_t){.article = article,
                              .based_on = article->revision,
                              .action = NEWSROOM_SAVE};
    switch (plan->bulk->kind) {
    case NEWSROOM_BULK_STATUS:
        if (article->workflow_status != NULL && strcmp(article->workflow_status, plan->status->key) == 0)
            return false;
        edit->action = NEWSROOM_MOVE;
        edit->to = plan->status->key;
        /* A status at the scheduled stage keeps the time the article has. */
        edit->typed_time = article->published_at;
        return true;
    case NEWSROOM_BULK_SECTION:
        if (article->section.id == plan->section->id)
            return false;
        article->section = *plan->section;
        return true;
    case NEWSROOM_BULK_ADD_TAGS:
    case NEWSROOM_BULK_REMOVE_TAGS:
        return change_tags(plan, article, pool);
    case NEWSROOM_BULK_DELETE:
        return true;
    }
    return false;
}

/* Records that article (or its number, when it is missing) was refused. */
static void refuse(newsroom_bulk_result_t *result, gz_pool_t *pool, int64_t id,
                   const char *headline, const char *reason, bool not_allowed)
{
    if (result->refused == NULL)
        result->refused = gz_pool_calloc(pool, NEWSROOM_BULK_MAX, sizeof *result->refused);
    result->refused[result->refused_count++] =
        (newsroom_bulk_refusal_t){.article_id = id, .headline = headline, .reason = reason};
    result->not_allowed = result->not_allowed || not_allowed;
}

static int delete_one(store_t *store, const newsroom_actor_t *actor, content_article_t *article,
                      const char *note, gz_pool_t *pool, newsroom_bulk_result_t *result)
{
    const char *refusal = NULL;
    int code = newsroom_delete_check(store, actor, article, pool, &refusal);
    if (code != GZ_OK)
        return code;
    if (refusal != NULL) {
        refuse(result, pool, article->id, article->headline, refusal, true);
        return GZ_OK;
    }
    if (result->refused_count > 0)
        return GZ_OK; /* rolled back anyway: only the checks go on */
    code = store_article_delete(store, article->id);
    if (code == GZ_OK)
        code = newsroom_audit(store, actor, "delete",
                              gz_pool_printf(pool, "article:%lld", (long long)article->id),
                              gz_pool_printf(pool, "%s (%s)", article->headline, note));
    return code;
}

/* One article under the transaction: GZ_OK when done, left alone or
 * refused (recorded); a store error stops the walk. */
static int apply_one(store_t *store, const newsroom_actor_t *actor, const bulk_plan_t *plan,
                     int64_t id, const char *note, gz_pool_t *pool, newsroom_bulk_result_t *result)
{
    content_article_t *article = NULL;
    int code = newsroom_load(store, id, pool, &article);
    if (code == GZ_ENOTFOUND) {
        refuse(result, pool, id, NULL, "There is no article with this number.", false);
        return GZ_OK;
    }
    if (code != GZ_OK)
        return code;
    if (plan->bulk->kind == NEWSROOM_BULK_DELETE) {
        code = delete_one(store, actor, article, note, pool, result);
        if (code == GZ_OK && result->refused_count == 0)
            result->changed++;
        return code;
    }
    const char *headline = article->headline;
    newsroom_edit_t edit;
    if (!edit_of(plan, article, pool, &edit)) {
        result->unchanged++;
        return GZ_OK;
    }
    if (article->tag_count > BULK_TAGS_PER_ARTICLE_MAX) {
        refuse(result, pool, id, headline,
               gz_pool_printf(pool, "It would have more than %d tags.",
                              (int)BULK_TAGS_PER_ARTICLE_MAX),
               false);
        return GZ_OK;
    }
    newsroom_result_t one;
    code = newsroom_save_in(store, actor, &edit, note, pool, &one);
    if (code == GZ_EINVAL) {
        /* Refused or not valid; what was written of it is undone, and the
         * transaction goes on to check the others. */
        refuse(result, pool, id, headline, one.message ? one.message : "It cannot be saved.",
               one.not_allowed);
        return GZ_OK;
    }
    if (code == GZ_OK)
        result->changed++;
    else if (one.message != NULL)
        result->message = one.message;
    return code;
}

static int apply_all(store_t *store, const newsroom_actor_t *actor,
                     const bulk_plan_t *plan, gz_pool_t *pool,
                     newsroom_bulk_result_t *result)
{
    const char *note = gz_pool_printf(pool, "bulk %s of %zu", newsroom_bulk_kind_name(plan->bulk->kind),
                                      plan->bulk->count);
    int code = GZ_OK;
    for (size_t i = 0; code == GZ_OK && i < plan->bulk->count; i++)
        code = apply_one(store, actor, plan, plan->bulk->ids[i], note, pool, result);
    if (code == GZ_OK && result->refused_count > 0) {
        result->message = gz_pool_printf(
            pool, "Nothing was changed: %zu of the %zu selected articles cannot be changed so.",
            result->refused_count, plan->bulk->count);
        return GZ_EINVAL;
    }
    if (code != GZ_OK && result->message == NULL)
        bulk_fail(store, result, pool, code);
    return code;
}

int newsroom_bulk_apply(store_t *store, const newsroom_actor_t *actor, const newsroom_bulk_t *bulk,
                        gz_pool_t *pool, newsroom_bulk_result_t *result)
{
    bulk_plan_t plan;
    int code = plan_bulk(store, actor, bulk, pool, &plan, result);
    if (code != GZ_OK)
        return code;
    if (bulk->kind == NEWSROOM_BULK_DELETE && !newsroom_may_publish(actor)) {
        result->not_allowed = true;
        return invalid(result, "Only editors delete articles.");
    }
    code = store_begin(store);
    if (code != GZ_OK)
        return bulk_fail(store, result, pool, code);
    code = apply_all(store, actor, &plan, pool, result);
    code = newsroom_finish(store, code);
    if (code != GZ_OK) {
        result->changed = 0;
        if (result->message == NULL)
            bulk_fail(store, result, pool, code);
    }
    return code;
}

int newsroom_bulk_check_delete(store_t *store, const newsroom_actor_t *actor,
                               const newsroom_bulk_t *bulk, gz_pool_t *pool,
                               content_article_t **articles, newsroom_bulk_result_t *result)
{
    bulk_plan_t plan;
    int code = plan_bulk(store, actor, bulk, pool, &plan, result);
    if (code != GZ_OK)
        return code;
    if (!newsroom_may_publish(actor)) {
        result->not_allowed = true;
        return invalid(result, "Only editors delete articles.");
    }
    for (size_t i = 0; code == GZ_OK && i < bulk->count; i++) {
        code = newsroom_load(store, bulk->ids[i], pool, &articles[i]);
        if (code == GZ_ENOTFOUND) {
            articles[i] = NULL;
            refuse(result, pool, bulk->ids[i], NULL, "There is no article with this number.",
                   false);
            code = GZ_OK;
            continue;
        }
        const char *refusal = NULL;
        if (code == GZ_OK)
            code = newsroom_delete_check(store, actor, articles[i], pool, &refusal);
        if (code == GZ_OK && refusal != NULL)
            refuse(result, pool, bulk->ids[i], articles[i]->headline, refusal, true);
    }
    if (code != GZ_OK)
        return bulk_fail(store, result, pool, code);
    if (result->refused_count > 0) {
        result->message = gz_pool_printf(
            pool, "Nothing was deleted: %zu of the %zu selected articles cannot be deleted.",
            result->refused_count, bulk->count);
        return GZ_EINVAL;
    }
    return GZ_OK;
}
