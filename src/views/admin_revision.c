/*
 * admin_revision: the view model of a revision's page: every field of
 * the revision, and for those that changed since the revision before, a
 * line-by-line difference.
 *
 * The difference is the classic longest common subsequence over lines,
 * a table of (lines before + 1) x (lines after + 1) counters: quadratic,
 * so texts over DIFF_MAX_LINES lines are shown whole, removed then added,
 * rather than letting one revision page take megabytes and seconds.
 */
#include "views/views.h"

#include <stdlib.h>
#include <string.h>

enum { DIFF_MAX_LINES = 2000 };

/* Splits text into lines, from pool. */
static size_t split_lines(gz_pool_t *pool, const char *text, const char ***out)
{
    size_t count = 1;
    for (const char *c = text; *c; c++)
        count += *c == '\n';
    const char **lines = gz_pool_calloc(pool, count, sizeof *lines);
    for (size_t n = 0; n < count; n++) {
        size_t len = strcspn(text, "\n");
        lines[n] = gz_pool_strndup(pool, text, len);
        text += len + (text[len] ? 1 : 0);
    }
    *out = lines;
    return count;
}

static void add_diff_line(json_t *lines, const char *kind, const char *text)
{
    json_array_append_new(lines, json_pack("{s:s, s:s, s:b, s:b}", "text", text, "kind", kind,
                                           "added", strcmp(kind, "added") == 0, "removed",
                                           strcmp(kind, "removed") == 0));
}

/* common[i * width + j]: the longest common run of a[i..] and b[j..]. */
static uint32_t *common_runs(const char **a, size_t n, const char **b, size_t m)
{
    size_t width = m + 1;
    uint32_t *common = gz_calloc((n + 1) * width, sizeof *common);
    for (size_t i = n; i-- > 0;) {
        for (size_t j = m; j-- > 0;) {
            uint32_t down = common[(i + 1) * width + j], right = common[i * width + j + 1];
            common[i * width + j] = strcmp(a[i], b[j]) == 0 ? common[(i + 1) * width + j + 1] + 1
                                    : down > right          ? down
                                                            : right;
        }
    }
    return common;
}

static void walk_runs(json_t *lines, const char **a, size_t n, const char **b, size_t m,
                      const uint32_t *common)
{
    size_t width = m + 1, i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && strcmp(a[i], b[j]) == 0) {
            add_diff_line(lines, "same", a[i++]);
            j++;
        } else if (j < m && (i == n || common[i * width + j + 1] >= common[(i + 1) * width + j])) {
            add_diff_line(lines, "added", b[j++]);
        } else {
            add_diff_line(lines, "removed", a[i++]);
        }
    }
}

json_t *views_admin_line_diff(const char *before, const char *after)
{
    gz_pool_t pool = GZ_POOL_INIT;
    const char **a, **b;
    size_t n = split_lines(&pool, before, &a), m = split_lines(&pool, after, &b);
    json_t *lines = json_array();
    if (n > DIFF_MAX_LINES || m > DIFF_MAX_LINES) {
        add_diff_line(lines, "removed", before);
        add_diff_line(lines, "added", after);
    } else {
        uint32_t *common = common_runs(a, n, b, m);
        walk_runs(lines, a, n, b, m, common);
        free(common);
    }
    gz_pool_clear(&pool);
    return lines;
}

static const char *snapshot_field(const json_t *snapshot, const char *name)
{
    const char *value = json_string_value(json_object_get(snapshot, name));
    return value ? value : "";
}

json_t *views_admin_revision_fields(const char *before_snapshot, const char *after_snapshot)
{
    json_t *after = json_loads(after_snapshot ? after_snapshot : "", 0, NULL);
    json_t *before = before_snapshot ? json_loads(before_snapshot, 0, NULL) : json_object();
    json_t *fields = json_array();
    for (size_t i = 0; i < NEWSROOM_TEXT_FIELD_COUNT; i++) {
        const char *name = newsroom_text_fields[i];
        const char *old_text = snapshot_field(before, name);
        const char *new_text = snapshot_field(after, name);
        bool changed = strcmp(old_text, new_text) != 0;
        json_t *row =
            json_pack("{s:s, s:s, s:b}", "name", name, "value", new_text, "changed", changed);
        if (changed)
            json_object_set_new(row, "diff", views_admin_line_diff(old_text, new_text));
        json_array_append_new(fields, row);
    }
    json_decref(before);
    json_decref(after);
    return fields;
}
