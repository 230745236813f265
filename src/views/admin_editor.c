/*
 * admin_editor: the view models of the newsroom's editor page: the
 * choices it offers, its problem list, the revision list, the notes, the
 * related-article picker, the text's length and, after a stale save, the
 * comparison of the newer version with what the editor typed.
 *
 * The editor's fields themselves are the newsroom's (newsroom_text_fields,
 * newsroom_fields_of_article), so the form, the snapshots and these
 * comparisons always name the same fields.
 */
#include "views/views.h"

#include <stdio.h>
#include <string.h>

static const char *text_or_empty(const char *text)
{
    return text ? text : "";
}

static const char *author_of(const store_revision_t *revision)
{
    return revision->user_name ? revision->user_name : "the system";
}

json_t *views_admin_content_type_options(const content_type_t *types, size_t count,
                                         const char *selected)
{
    json_t *options = json_array();
    for (size_t i = 0; i < count; i++) {
        char id[32];
        snprintf(id, sizeof id, "%lld", (long long)types[i].id);
        json_array_append_new(options,
                              json_pack("{s:s, s:s, s:b}", "id", id, "name", types[i].name,
                                        "selected", selected != NULL && strcmp(selected, id) == 0));
    }
    return options;
}

json_t *views_admin_problem_list(const char *problems)
{
    json_t *list = json_array();
    while (problems != NULL && *problems) {
        size_t len = strcspn(problems, "\n");
        json_array_append_new(list, json_stringn(problems, len));
        problems += len + (problems[len] ? 1 : 0);
    }
    return list;
}

json_t *views_admin_revision_rows(const store_revision_t *revisions, size_t count)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < count && i < 20; i++) {
        json_t *row = json_object();
        json_object_set_new(row, "revision", json_integer(revisions[i].revision));
        json_object_set_new(row, "by", json_string(author_of(&revisions[i])));
        views_admin_set_time(row, "at", revisions[i].at, "%Y-%m-%d %H:%M:%S");
        json_array_append_new(rows, row);
    }
    return rows;
}

json_t *views_admin_note_rows(const content_article_t *article)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < article->note_count; i++) {
        const content_note_t *note = &article->notes[i];
        json_t *row = json_object();
        json_object_set_new(
            row, "kind_label",
            json_string(note->kind == CONTENT_NOTE_UPDATE ? "Update" : "Correction"));
        json_object_set_new(row, "text", json_string(text_or_empty(note->text)));
        views_admin_set_time(row, "at", note->created_at, "%Y-%m-%d %H:%M");
        json_array_append_new(rows, row);
    }
    return rows;
}

json_t *views_admin_recent_articles(const content_article_list_t *list, int64_t except_id)
{
    json_t *items = json_array();
    for (size_t i = 0; i < list->count; i++) {
        if (list->items[i].id == except_id)
            continue;
        json_array_append_new(items, json_pack("{s:I, s:s}", "id", (json_int_t)list->items[i].id,
                                               "headline", text_or_empty(list->items[i].headline)));
    }
    return items;
}

static const char *field_of(const json_t *fields, const char *name)
{
    return text_or_empty(json_string_value(json_object_get(fields, name)));
}

json_t *views_admin_conflict(const store_revision_t *newer, const json_t *yours)
{
    json_t *conflict = json_object();
    json_object_set_new(conflict, "by", json_string(author_of(newer)));
    views_admin_set_time(conflict, "at", newer->at, "%Y-%m-%d %H:%M:%S");
    json_object_set_new(conflict, "revision", json_integer(newer->revision));
    json_t *theirs = json_loads(newer->snapshot ? newer->snapshot : "", 0, NULL);
    json_t *rows = json_array();
    for (size_t i = 0; theirs != NULL && i < NEWSROOM_TEXT_FIELD_COUNT; i++) {
        const char *name = newsroom_text_fields[i];
        const char *their_value = field_of(theirs, name), *your_value = field_of(yours, name);
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:b}", "name", name, "theirs",
                                              their_value, "yours", your_value, "differs",
                                              strcmp(their_value, your_value) != 0));
    }
    json_decref(theirs);
    json_object_set_new(conflict, "fields", rows);
    return conflict;
}

/* What Google and the networks show before cutting, in characters: a
 * guide for the editor, not a limit (content.c has the limits). */
static const struct {
    const char *name, *label, *hint;
    size_t shown;
    bool multiline;
} search_fields[] = {
    {"seo_title", "Search title", "the page's <title> and search result; used as written", 60,
     false},
    {"seo_description", "Search description", "under the search result; empty: the lede", 160,
     true},
    {"social_title", "Social title", "on shared cards; empty: the search title", 70, false},
    {"social_description", "Social description", "on shared cards; empty: the search description",
     200, true},
};

json_t *views_admin_search_fields(const json_t *fields)
{
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof search_fields / sizeof search_fields[0]; i++) {
        const char *value = field_of(fields, search_fields[i].name);
        size_t count = gz_utf8_count(value, strlen(value));
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:b, s:b}", "name",
                                              search_fields[i].name, "label",
                                              search_fields[i].label, "hint", search_fields[i].hint,
                                              "value", value, "count", (json_int_t)count, "shown",
                                              (json_int_t)search_fields[i].shown, "over",
                                              count > search_fields[i].shown, "multiline",
                                              search_fields[i].multiline));
    }
    return list;
}

json_t *views_admin_snapshot_fields(const char *snapshot)
{
    json_t *stored = json_loads(snapshot ? snapshot : "", 0, NULL);
    json_t *fields = json_object();
    for (size_t i = 0; i < NEWSROOM_TEXT_FIELD_COUNT; i++)
        json_object_set_new(fields, newsroom_text_fields[i],
                            json_string(field_of(stored, newsroom_text_fields[i])));
    json_decref(stored);
    return fields;
}

const char *views_admin_saved_message(const char *action)
{
    static const char *const messages[][2] = {
        {"save", "Saved."},
        {"submit", "Saved and submitted for review."},
        {"publish", "Saved and published."},
        {"schedule", "Saved and scheduled."},
        {"unpublish", "Saved and unpublished."},
        {"move", "Saved and moved to its new status."},
        {"assign", "Assignment saved."},
        {"correction added", "Correction added: it shows under the article."},
        {"update added", "Update added: it shows under the article."},
        {"translation linked", "Translation linked: each page now names the others."},
        {"translation unlinked", "Unlinked from its translations."},
    };
    for (size_t i = 0; action != NULL && i < sizeof messages / sizeof messages[0]; i++) {
        if (strcmp(action, messages[i][0]) == 0)
            return messages[i][1];
    }
    return NULL;
}

/* The lede and the body are what a reader reads; the headline is left
 * out, as reading-time estimates usually do. admin.js writes the same
 * label as the text changes. */
json_t *views_admin_length(const char *summary, const char *body)
{
    summary = text_or_empty(summary);
    body = text_or_empty(body);
    size_t words =
        content_word_count(summary, strlen(summary)) + content_word_count(body, strlen(body));
    unsigned minutes = content_reading_minutes(words);
    char label[96];
    snprintf(label, sizeof label, "%zu %s \xC2\xB7 %u min read", words,
             words == 1 ? "word" : "words", minutes);
    return json_pack("{s:I, s:i, s:s}", "words", (json_int_t)words, "minutes", (int)minutes,
                     "label", label);
}

/* The plain action of a stage's first step, its label and whether it
 * takes something from readers; NULL for a stage without one. */
static const char *plain_action(content_status_t to, content_status_t from, const char **label,
                                bool *danger)
{
    *danger = to == CONTENT_UNPUBLISHED || to == CONTENT_SPIKED;
    switch (to) {
    case CONTENT_PUBLISHED: *label = "Publish now"; return "publish";
    case CONTENT_SCHEDULED: *label = "Schedule"; return "schedule";
    case CONTENT_UNPUBLISHED: *label = "Unpublish"; return "unpublish";
    case CONTENT_IN_REVIEW:
        *label = "Submit for review";
        return from == CONTENT_DRAFT ? "submit" : NULL;
    default: return NULL;
    }
}

json_t *views_admin_move_buttons(const newsroom_status_t *const *moves, size_t count,
                                 content_status_t from)
{
    json_t *buttons = json_array();
    bool stage_taken[CONTENT_SPIKED + 1] = {false};
    for (size_t i = 0; i < count; i++) {
        const newsroom_status_t *to = moves[i];
        const char *label = NULL;
        bool danger = false;
        const char *action = plain_action(to->stage, from, &label, &danger);
        gz_buf_t value = GZ_BUF_INIT, text = GZ_BUF_INIT;
        if (action != NULL && !stage_taken[to->stage]) {
            stage_taken[to->stage] = true;
            gz_buf_append_cstr(&value, action);
            gz_buf_append_cstr(&text, label);
        } else {
            gz_buf_printf(&value, "move:%s", to->key);
            gz_buf_printf(&text, to->stage == CONTENT_DRAFT ? "Back to %s" : "Move to %s",
                          to->label);
        }
        json_array_append_new(buttons, json_pack("{s:s, s:s, s:b}", "value", gz_buf_cstr(&value),
                                                 "label", gz_buf_cstr(&text), "danger", danger));
        gz_buf_free(&value);
        gz_buf_free(&text);
    }
    return buttons;
}

void views_admin_set_assignment(json_t *model, const store_assignment_t *assignment)
{
    json_object_set_new(model, "assignee",
                        json_string(assignment->user_name ? assignment->user_name : ""));
    views_admin_set_time(model, "due", assignment->due_at, "%Y-%m-%d %H:%M");
    views_admin_set_time(model, "due_input", assignment->due_at, "%Y-%m-%dT%H:%M");
    json_object_set_new(model, "note", json_string(assignment->note ? assignment->note : ""));
}

json_t *views_admin_assignee_options(const store_user_t *users, size_t count, int64_t selected_id)
{
    json_t *options = json_array();
    for (size_t i = 0; i < count; i++) {
        if (users[i].disabled)
            continue;
        const char *shown = users[i].display_name && users[i].display_name[0]
                                ? users[i].display_name
                                : users[i].name;
        json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "name", users[i].name, "shown",
                                                 shown, "selected", users[i].id == selected_id));
    }
    return options;
}
