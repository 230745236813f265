/*
 * statuses: the site's workflow, as an admin sets it: its statuses (each
 * a key, a label and the stage readers and the publisher go by), the
 * steps allowed between them and which roles may take each, and who may
 * delete an article before and after it has been published.
 *
 * It is one JSON document, the site setting "workflow", checked whole
 * here before it is stored: a workflow that cannot start a draft or
 * publish one, a step to a status that does not exist, or a status still
 * held by articles being removed is refused with every problem named.
 * With none stored, the built-in newsroom workflow below applies.
 */
#include "newsroom/newsroom_private.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ALL_ROLES                                                                                  \
    (NEWSROOM_ROLE_BIT(STORE_ROLE_CONTRIBUTOR) | NEWSROOM_ROLE_BIT(STORE_ROLE_AUTHOR) |            \
     NEWSROOM_ROLE_BIT(STORE_ROLE_EDITOR) | NEWSROOM_ROLE_BIT(STORE_ROLE_CHIEF_EDITOR) |           \
     NEWSROOM_ROLE_BIT(STORE_ROLE_ADMIN))
#define EDITORS                                                                                    \
    (NEWSROOM_ROLE_BIT(STORE_ROLE_EDITOR) | NEWSROOM_ROLE_BIT(STORE_ROLE_CHIEF_EDITOR) |           \
     NEWSROOM_ROLE_BIT(STORE_ROLE_ADMIN))
#define CHIEF NEWSROOM_ROLE_BIT(STORE_ROLE_CHIEF_EDITOR)

static const newsroom_status_t default_statuses[] = {
    {"draft", "Draft", CONTENT_DRAFT},
    {"in_review", "In review", CONTENT_IN_REVIEW},
    {"copy_desk", "Copy desk", CONTENT_IN_REVIEW},
    {"ready", "Ready", CONTENT_IN_REVIEW},
    {"scheduled", "Scheduled", CONTENT_SCHEDULED},
    {"published", "Published", CONTENT_PUBLISHED},
    {"unpublished", "Unpublished", CONTENT_UNPUBLISHED},
    {"spiked", "Spiked", CONTENT_SPIKED},
};

/* A story moves forward through review, copy desk and ready; editors may
 * also send it back, publish it from anywhere before publication, and
 * spike it. Only the chief editor takes a published story down. */
static const newsroom_transition_t default_transitions[] = {
    {"draft", "in_review", ALL_ROLES},       {"draft", "scheduled", EDITORS},
    {"draft", "published", EDITORS},         {"draft", "spiked", EDITORS},
    {"in_review", "draft", EDITORS},         {"in_review", "copy_desk", EDITORS},
    {"in_review", "ready", EDITORS},         {"in_review", "scheduled", EDITORS},
    {"in_review", "published", EDITORS},     {"in_review", "spiked", EDITORS},
    {"copy_desk", "draft", EDITORS},         {"copy_desk", "in_review", EDITORS},
    {"copy_desk", "ready", EDITORS},         {"copy_desk", "scheduled", EDITORS},
    {"copy_desk", "published", EDITORS},     {"copy_desk", "spiked", EDITORS},
    {"ready", "draft", EDITORS},             {"ready", "copy_desk", EDITORS},
    {"ready", "scheduled", EDITORS},         {"ready", "published", EDITORS},
    {"ready", "spiked", EDITORS},            {"scheduled", "published", EDITORS},
    {"scheduled", "draft", EDITORS},         {"scheduled", "unpublished", EDITORS},
    {"published", "unpublished", CHIEF},     {"unpublished", "published", EDITORS},
    {"unpublished", "draft", EDITORS},       {"unpublished", "in_review", EDITORS},
    {"spiked", "draft", EDITORS},
};

static const newsroom_workflow_t default_workflow = {
    .statuses = default_statuses,
    .status_count = sizeof default_statuses / sizeof default_statuses[0],
    .transitions = default_transitions,
    .transition_count = sizeof default_transitions / sizeof default_transitions[0],
    .delete_roles = EDITORS,
    .delete_published_roles = CHIEF,
};

const newsroom_workflow_t *newsroom_workflow_default(void)
{
    return &default_workflow;
}

/* ---- looking up ------------------------------------------------------------ */

const newsroom_status_t *newsroom_status_find(const newsroom_workflow_t *workflow,
                                              const char *key)
{
    for (size_t i = 0; key != NULL && i < workflow->status_count; i++) {
        if (strcmp(workflow->statuses[i].key, key) == 0)
            return &workflow->statuses[i];
    }
    return NULL;
}

const newsroom_status_t *newsroom_status_first_at(const newsroom_workflow_t *workflow,
                                                  content_status_t stage)
{
    for (size_t i = 0; i < workflow->status_count; i++) {
        if (workflow->statuses[i].stage == stage)
            return &workflow->statuses[i];
    }
    return NULL;
}

const newsroom_status_t *newsroom_status_of(const newsroom_workflow_t *workflow,
                                            const content_article_t *article)
{
    const newsroom_status_t *status = newsroom_status_find(workflow, article->workflow_status);
    /* A key the workflow no longer has (or none) reads as its stage. */
    if (status == NULL || status->stage != article->status)
        status = newsroom_status_first_at(workflow, article->status);
    return status;
}

const newsroom_transition_t *newsroom_transition_find(const newsroom_workflow_t *workflow,
                                                      const char *from, const char *to)
{
    for (size_t i = 0; from != NULL && to != NULL && i < workflow->transition_count; i++) {
        const newsroom_transition_t *step = &workflow->transitions[i];
        if (strcmp(step->from, from) == 0 && strcmp(step->to, to) == 0)
            return step;
    }
    return NULL;
}

/* ---- checking a workflow ---------------------------------------------------------- */

static void problem(gz_buf_t *problems, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* One problem a line. */
static void problem(gz_buf_t *problems, const char *format, ...)
{
    if (problems->len > 0)
        gz_buf_append_cstr(problems, "\n");
    va_list args;
    va_start(args, format);
    gz_buf_vprintf(problems, format, args);
    va_end(args);
}

static bool key_is_valid(const char *key)
{
    size_t length = key != NULL ? strlen(key) : 0;
    if (length == 0 || length > NEWSROOM_STATUS_KEY_MAX)
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

static bool label_is_valid(const char *label)
{
    size_t length = label != NULL ? strlen(label) : 0;
    if (length == 0 || length > NEWSROOM_STATUS_LABEL_MAX || !gz_utf8_valid(label, length))
        return false;
    for (size_t i = 0; i < length; i++) {
        if ((unsigned char)label[i] < 0x20)
            return false;
    }
    return true;
}

static const char *json_text(json_t *object, const char *name)
{
    return json_string_value(json_object_get(object, name));
}

/* A list of role names as bits; a name that is no role is a problem. */
static newsroom_roles_t roles_of(json_t *list, const char *where, gz_buf_t *problems)
{
    newsroom_roles_t roles = 0;
    if (!json_is_array(list)) {
        problem(problems, "%s needs a list of roles.", where);
        return 0;
    }
    size_t i;
    json_t *name;
    json_array_foreach(list, i, name) {
        store_role_t role;
        if (store_role_parse(json_string_value(name), &role) != GZ_OK) {
            problem(problems, "%s names a role that does not exist.", where);
            return 0;
        }
        roles |= NEWSROOM_ROLE_BIT(role);
    }
    return roles;
}

static void parse_statuses(json_t *list, gz_pool_t *pool, newsroom_workflow_t *out,
                           gz_buf_t *problems)
{
    size_t count = json_array_size(list);
    if (!json_is_array(list) || count == 0 || count > NEWSROOM_STATUS_MAX) {
        problem(problems, "A workflow has 1 to %d statuses.", NEWSROOM_STATUS_MAX);
        return;
    }
    newsroom_status_t *statuses = gz_pool_calloc(pool, count, sizeof *statuses);
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_array_get(list, i);
        newsroom_status_t *status = &statuses[i];
        status->key = gz_pool_strdup(pool, json_text(item, "key"));
        status->label = gz_pool_strdup(pool, json_text(item, "label"));
        if (!key_is_valid(status->key)) {
            problem(problems, "A status key is 1 to 32 of a-z, 0-9 and _ (\"%s\" is not).",
                    status->key != NULL ? status->key : "");
            continue;
        }
        if (!label_is_valid(status->label))
            problem(problems, "Status \"%s\" needs a label of 1 to 64 bytes of UTF-8 text.",
                    status->key);
        if (content_status_parse(json_text(item, "stage"), &status->stage) != GZ_OK)
            problem(problems, "Status \"%s\" needs a stage: draft, in_review, scheduled, "
                              "published, unpublished or spiked.",
                    status->key);
        for (size_t j = 0; j < i; j++) {
            if (statuses[j].key != NULL && strcmp(statuses[j].key, status->key) == 0)
                problem(problems, "Status \"%s\" is named twice.", status->key);
        }
    }
    out->statuses = statuses;
    out->status_count = count;
}

static void parse_transitions(json_t *list, gz_pool_t *pool, newsroom_workflow_t *out,
                              gz_buf_t *problems)
{
    size_t count = json_array_size(list);
    if (!json_is_array(list) || count > NEWSROOM_TRANSITION_MAX) {
        problem(problems, "A workflow has a list of at most %d steps.", NEWSROOM_TRANSITION_MAX);
        return;
    }
    newsroom_transition_t *steps = gz_pool_calloc(pool, count ? count : 1, sizeof *steps);
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_array_get(list, i);
        newsroom_transition_t *step = &steps[i];
        step->from = gz_pool_strdup(pool, json_text(item, "from"));
        step->to = gz_pool_strdup(pool, json_text(item, "to"));
        const char *where = gz_pool_printf(pool, "The step from \"%s\" to \"%s\"",
                                           step->from ? step->from : "",
                                           step->to ? step->to : "");
        if (newsroom_status_find(out, step->from) == NULL ||
            newsroom_status_find(out, step->to) == NULL)
            problem(problems, "%s names a status that does not exist.", where);
        else if (strcmp(step->from, step->to) == 0)
            problem(problems, "%s goes nowhere.", where);
        else if (newsroom_transition_find(&(newsroom_workflow_t){.transitions = steps,
                                                                  .transition_count = i},
                                          step->from, step->to) != NULL)
            problem(problems, "%s is given twice.", where);
        step->roles = roles_of(json_object_get(item, "roles"), where, problems);
    }
    out->transitions = steps;
    out->transition_count = count;
}

/* The stages the engine needs: a new article starts at a draft status,
 * and the publisher moves scheduled ones to a published one. */
static void check_stages(const newsroom_workflow_t *workflow, gz_buf_t *problems)
{
    if (newsroom_status_first_at(workflow, CONTENT_DRAFT) == NULL)
        problem(problems, "A workflow needs a status at the %s stage: new articles start there.",
                "draft");
    if (newsroom_status_first_at(workflow, CONTENT_PUBLISHED) == NULL)
        problem(problems, "A workflow needs a status at the %s stage.", "published");
}

int newsroom_workflow_parse(const char *text, gz_pool_t *pool, newsroom_workflow_t *out,
                            gz_buf_t *problems)
{
    *out = (newsroom_workflow_t){0};
    gz_buf_reset(problems);
    size_t length = text != NULL ? strlen(text) : 0;
    json_t *root = length > 0 && length <= STORE_SETTING_MAX_BYTES && gz_utf8_valid(text, length)
                       ? json_loadb(text, length, JSON_REJECT_DUPLICATES, NULL)
                       : NULL;
    if (!json_is_object(root)) {
        json_decref(root);
        problem(problems, "The workflow is not a JSON object of at most %s.", "64 KiB");
        return GZ_EINVAL;
    }
    parse_statuses(json_object_get(root, "statuses"), pool, out, problems);
    if (problems->len == 0) {
        parse_transitions(json_object_get(root, "transitions"), pool, out, problems);
        check_stages(out, problems);
        out->delete_roles = roles_of(json_object_get(root, "delete"), "Deleting", problems);
        out->delete_published_roles =
            roles_of(json_object_get(root, "delete_published"), "Deleting after publication",
                     problems);
    }
    json_decref(root);
    return problems->len == 0 ? GZ_OK : GZ_EINVAL;
}

/* ---- writing one out ----------------------------------------------------------- */

json_t *newsroom_roles_json(newsroom_roles_t roles)
{
    json_t *names = json_array();
    for (int role = STORE_ROLE_CONTRIBUTOR; role <= STORE_ROLE_ADMIN; role++) {
        if (roles & NEWSROOM_ROLE_BIT(role))
            json_array_append_new(names, json_string(store_role_name((store_role_t)role)));
    }
    return names;
}

char *newsroom_workflow_json(const newsroom_workflow_t *workflow, gz_pool_t *pool)
{
    json_t *statuses = json_array(), *steps = json_array();
    for (size_t i = 0; i < workflow->status_count; i++) {
        const newsroom_status_t *status = &workflow->statuses[i];
        json_array_append_new(statuses, json_pack("{s:s, s:s, s:s}", "key", status->key, "label",
                                                  status->label, "stage",
                                                  content_status_name(status->stage)));
    }
    for (size_t i = 0; i < workflow->transition_count; i++) {
        const newsroom_transition_t *step = &workflow->transitions[i];
        json_array_append_new(steps, json_pack("{s:s, s:s, s:o}", "from", step->from, "to",
                                               step->to, "roles", newsroom_roles_json(step->roles)));
    }
    json_t *root = json_pack("{s:o, s:o, s:o, s:o}", "statuses", statuses, "transitions", steps,
                             "delete", newsroom_roles_json(workflow->delete_roles),
                             "delete_published",
                             newsroom_roles_json(workflow->delete_published_roles));
    char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *copy = gz_pool_strdup(pool, text);
    free(text);
    json_decref(root);
    return copy;
}

/* ---- the stored one ---------------------------------------------------------- */

int newsroom_workflow_load(store_t *store, gz_pool_t *pool, const newsroom_workflow_t **out)
{
    *out = &default_workflow;
    const char *text = NULL;
    bool found = false;
    int code = store_setting_get(store, NEWSROOM_WORKFLOW_SETTING, pool, &text, &found);
    if (code != GZ_OK || !found)
        return code;
    newsroom_workflow_t *stored = gz_pool_calloc(pool, 1, sizeof *stored);
    gz_buf_t problems = GZ_BUF_INIT;
    /* Checked before it was stored: a stored one that fails now (a newer
     * build's rules) falls back to the built-in one, said in the log. */
    if (newsroom_workflow_parse(text, pool, stored, &problems) == GZ_OK)
        *out = stored;
    else
        gz_log(GZ_LOG_WARN, "the stored workflow is not valid, using the built-in one: %s",
               gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    return GZ_OK;
}

/* Statuses articles hold that the new workflow drops, as a sentence. */
static int statuses_in_use(store_t *store, const newsroom_workflow_t *workflow, gz_pool_t *pool,
                           gz_buf_t *problems)
{
    store_status_count_t *counts = NULL;
    size_t count = 0;
    int code = store_status_counts(store, pool, &counts, &count);
    for (size_t i = 0; code == GZ_OK && i < count; i++) {
        if (newsroom_status_find(workflow, counts[i].status) != NULL)
            continue;
        problem(problems, "%lld article%s at status \"%s\": move %s before removing it.",
                (long long)counts[i].count, counts[i].count == 1 ? " is" : "s are",
                counts[i].status ? counts[i].status : "", counts[i].count == 1 ? "it" : "them");
    }
    return code;
}

int newsroom_workflow_save(store_t *store, const newsroom_actor_t *actor, const char *text,
                           gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    if (actor == NULL || actor->role < STORE_ROLE_ADMIN)
        return newsroom_refuse(result, "Only admins change the workflow.");
    newsroom_workflow_t workflow;
    gz_buf_t problems = GZ_BUF_INIT;
    int code = newsroom_workflow_parse(text, pool, &workflow, &problems);
    if (code == GZ_OK && (code = store_begin(store)) != GZ_OK) {
        gz_buf_free(&problems);
        return newsroom_fail(store, result, pool, code, "The store is busy: ");
    }
    bool begun = code == GZ_OK;
    if (code == GZ_OK && (code = statuses_in_use(store, &workflow, pool, &problems)) == GZ_OK &&
        problems.len > 0)
        code = GZ_EINVAL;
    const char *canonical = code == GZ_OK ? newsroom_workflow_json(&workflow, pool) : NULL;
    if (code == GZ_OK)
        code = store_setting_put(store, NEWSROOM_WORKFLOW_SETTING, canonical, actor->user_id);
    if (code == GZ_OK)
        code = newsroom_audit(store, actor, "workflow-change", "setting:workflow",
                              gz_pool_printf(pool, "%zu statuses, %zu steps",
                                             workflow.status_count, workflow.transition_count));
    if (code == GZ_EINVAL && problems.len > 0)
        result->message = gz_pool_strdup(pool, gz_buf_cstr(&problems));
    else if (code != GZ_OK)
        newsroom_fail(store, result, pool, code, "The workflow cannot be stored: ");
    gz_buf_free(&problems);
    return begun ? newsroom_finish(store, code) : code;
}
