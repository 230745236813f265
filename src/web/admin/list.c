/*
 * list: the newsroom's article list, and the admins' audit log.
 *
 * The list finds things: words searched in the newsroom's own index
 * (headlines, ledes, bodies, authors' and tags' names of every article,
 * drafts included), filters by the site's status, desk, section, author,
 * publication dates (local days, both included) and assignee, orders by
 * any column shown both ways, and pages of 25 to 200. Every filter lives
 * in the address, so a list can be bookmarked and sent, and the paging
 * and ordering links keep the others. A filter that names nothing known
 * is not silently dropped: the page says what is wrong (400) and lists
 * nothing until it is fixed. Rows carry a checkbox for the bulk changes
 * (bulk.c), whose form sends the list's address back so the editor
 * returns to the same list.
 */
#include <stdio.h>
#include <string.h>

#include "web/admin/admin_private.h"

static const char *const filter_names[ADMIN_FILTER_COUNT] = {
    "q", "status", "desk", "section", "author", "assignee", "from", "to", "sort", "dir", "per"};

static const char *const sort_names[STORE_NEWSROOM_SORT_COUNT] = {
    "updated", "headline", "status", "section", "author", "published", "due"};

static const size_t page_sizes[] = {25, 50, 100, 200};

/* ---- reading the filters --------------------------------------------------------- */

static void problem(admin_list_filters_t *filters, gz_pool_t *pool, const char *text)
{
    const char *joined = filters->problems == NULL
                             ? text
                             : gz_pool_printf(pool, "%s\n%s", filters->problems, text);
    filters->problems = joined;
}

static const char *value_of(const admin_list_filters_t *filters, admin_filter_t filter)
{
    const char *value = filters->values[filter];
    return value != NULL && value[0] != '\0' ? value : NULL;
}

static void read_status(admin_request_t *r, admin_list_filters_t *filters)
{
    const char *key = value_of(filters, ADMIN_FILTER_STATUS);
    if (key == NULL)
        return;
    if (newsroom_status_find(newsroom_actor_workflow(&r->actor), key) == NULL)
        problem(filters, r->pool,
                gz_pool_printf(r->pool, "The workflow has no status \"%.64s\".", key));
    else
        filters->query.workflow_status = key;
}

static void read_desk(admin_request_t *r, admin_list_filters_t *filters)
{
    const char *desk = value_of(filters, ADMIN_FILTER_DESK);
    const char **desks = NULL;
    size_t count = 0;
    if (desk == NULL || store_desk_list(r->store, r->pool, &desks, &count) != GZ_OK)
        return;
    for (size_t i = 0; i < count; i++)
        if (strcmp(desks[i], desk) == 0) {
            filters->query.desk = desk;
            return;
        }
    problem(filters, r->pool,
            gz_pool_printf(r->pool, "No section belongs to a desk named \"%.64s\".", desk));
}

static void read_section(admin_request_t *r, admin_list_filters_t *filters)
{
    const char *slug = value_of(filters, ADMIN_FILTER_SECTION);
    content_section_t section;
    if (slug == NULL)
        return;
    if (store_section_get_by_slug(r->store, slug, r->pool, &section) == GZ_OK)
        filters->query.section_id = section.id;
    else
        problem(filters, r->pool,
                gz_pool_printf(r->pool, "There is no section with the address name \"%.64s\".",
                               slug));
}

/* An author by address name, or by name as typed ("Rania Haddad"). */
static void read_author(admin_request_t *r, admin_list_filters_t *filters)
{
    const char *typed = value_of(filters, ADMIN_FILTER_AUTHOR);
    if (typed == NULL)
        return;
    content_author_t author;
    gz_buf_t slug = GZ_BUF_INIT;
    content_slug_append(&slug, typed);
    if (store_author_get_by_slug(r->store, typed, r->pool, &author) == GZ_OK ||
        (slug.len > 0 &&
         store_author_get_by_slug(r->store, gz_buf_cstr(&slug), r->pool, &author) == GZ_OK))
        filters->query.author = author.slug;
    else
        problem(filters, r->pool,
                gz_pool_printf(r->pool, "There is no author named \"%.64s\".", typed));
    gz_buf_free(&slug);
}

static void read_assignee(admin_request_t *r, admin_list_filters_t *filters)
{
    const char *typed = value_of(filters, ADMIN_FILTER_ASSIGNEE);
    if (typed == NULL)
        return;
    if (strcmp(typed, "none") == 0) {
        filters->query.assignee = STORE_NEWSROOM_UNASSIGNED;
        return;
    }
    int64_t id = 0;
    store_user_t user;
    if (gz_parse_int64(gz_str_from_cstr(typed), &id) == GZ_OK && id > 0 &&
        store_user_get(r->store, id, NULL, r->pool, &user) == GZ_OK)
        filters->query.assignee = id;
    else
        problem(filters, r->pool,
                gz_pool_printf(r->pool, "There is no account number \"%.32s\".", typed));
}

/* A YYYY-MM-DD day in the site's zone: its first second, or its last. */
static gz_time_t read_day(admin_request_t *r, admin_list_filters_t *filters, admin_filter_t filter,
                          bool end_of_day)
{
    const char *text = value_of(filters, filter);
    gz_time_t day = 0;
    if (text == NULL)
        return 0;
    if (gz_time_parse_local(gz_str_from_cstr(text), "%Y-%m-%d", &day) != GZ_OK || day <= 0) {
        problem(filters, r->pool,
                gz_pool_printf(r->pool, "\"%.32s\" is not a date like 2016-12-07.", text));
        return 0;
    }
    return end_of_day ? day + 86400 - 1 : day;
}

static void read_order(admin_request_t *r, admin_list_filters_t *filters)
{
    const char *sort = value_of(filters, ADMIN_FILTER_SORT);
    const char *dir = value_of(filters, ADMIN_FILTER_DIR);
    const char *per = value_of(filters, ADMIN_FILTER_PER);
    bool known = sort == NULL;
    for (size_t i = 0; sort != NULL && i < STORE_NEWSROOM_SORT_COUNT; i++)
        if (strcmp(sort, sort_names[i]) == 0) {
            filters->query.sort = (store_newsroom_sort_t)i;
            known = true;
        }
    if (!known)
        problem(filters, r->pool,
                gz_pool_printf(r->pool, "The list cannot be ordered by \"%.32s\".", sort));
    if (dir != NULL && strcmp(dir, "asc") != 0 && strcmp(dir, "desc") != 0)
        problem(filters, r->pool, "The order is \"asc\" or \"desc\".");
    filters->query.ascending = dir != NULL && strcmp(dir, "asc") == 0;
    filters->per_page = page_sizes[0];
    known = per == NULL;
    for (size_t i = 0; per != NULL && i < sizeof page_sizes / sizeof page_sizes[0]; i++)
        if (strcmp(per, gz_pool_printf(r->pool, "%zu", page_sizes[i])) == 0) {
            filters->per_page = page_sizes[i];
            known = true;
        }
    if (!known)
        problem(filters, r->pool, "A page shows 25, 50, 100 or 200 articles.");
}

int admin_list_filters_read(admin_request_t *r, const char *query_string,
                            admin_list_filters_t *filters)
{
    *filters = (admin_list_filters_t){.query = {.status = -1}, .page = 1};
    web_form_t params = {0};
    const char *error = NULL;
    if (query_string != NULL &&
        web_form_parse(query_string, strlen(query_string), r->pool, &params, &error) != GZ_OK) {
        problem(filters, r->pool, gz_pool_printf(r->pool, "The address is not valid: %s", error));
        return GZ_EINVAL;
    }
    for (size_t i = 0; i < ADMIN_FILTER_COUNT; i++)
        filters->values[i] = web_form_get(&params, filter_names[i]);
    filters->page = admin_page_number(web_form_get(&params, "page"));
    const char *text = value_of(filters, ADMIN_FILTER_Q);
    if (text != NULL && strlen(text) > STORE_NEWSROOM_TEXT_MAX)
        problem(filters, r->pool,
                gz_pool_printf(r->pool, "The search text is longer than %d bytes.",
                               (int)STORE_NEWSROOM_TEXT_MAX));
    else
        filters->query.text = text;
    read_status(r, filters);
    read_desk(r, filters);
    read_section(r, filters);
    read_author(r, filters);
    read_assignee(r, filters);
    filters->query.from = read_day(r, filters, ADMIN_FILTER_FROM, false);
    filters->query.to = read_day(r, filters, ADMIN_FILTER_TO, true);
    if (filters->query.from > 0 && filters->query.to > 0 && filters->query.from > filters->query.to)
        problem(filters, r->pool, "The first day comes after the last.");
    read_order(r, filters);
    filters->query.limit = filters->per_page;
    filters->query.offset = (filters->page - 1) * filters->per_page;
    return filters->problems == NULL ? GZ_OK : GZ_EINVAL;
}

/* ---- links -------------------------------------------------------------------------- */

const char *admin_list_link(admin_request_t *r, const admin_list_filters_t *filters, size_t page,
                            const char *sort, const char *dir, const char *flash)
{
    const char *names[ADMIN_FILTER_COUNT + 2];
    const char *values[ADMIN_FILTER_COUNT + 2];
    for (size_t i = 0; i < ADMIN_FILTER_COUNT; i++) {
        names[i] = filter_names[i];
        values[i] = value_of(filters, (admin_filter_t)i);
    }
    if (sort != NULL) {
        values[ADMIN_FILTER_SORT] = sort;
        values[ADMIN_FILTER_DIR] = dir;
    }
    names[ADMIN_FILTER_COUNT] = "page";
    values[ADMIN_FILTER_COUNT] = page > 1 ? gz_pool_printf(r->pool, "%zu", page) : NULL;
    names[ADMIN_FILTER_COUNT + 1] = "done";
    values[ADMIN_FILTER_COUNT + 1] = flash;
    gz_buf_t link = GZ_BUF_INIT;
    views_query_url(&link, "/admin/", names, values, ADMIN_FILTER_COUNT + 2);
    const char *text = gz_pool_strdup(r->pool, gz_buf_cstr(&link));
    gz_buf_free(&link);
    return text;
}

/* ---- the page ------------------------------------------------------------------------ */

static json_t *option(const char *value, const char *label, const char *selected)
{
    return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
                     selected != NULL && strcmp(selected, value) == 0);
}

static json_t *status_options(admin_request_t *r, const char *selected)
{
    const newsroom_workflow_t *workflow = newsroom_actor_workflow(&r->actor);
    json_t *options = json_array();
    for (size_t i = 0; i < workflow->status_count; i++)
        json_array_append_new(options, option(workflow->statuses[i].key,
                                              workflow->statuses[i].label, selected));
    return options;
}

static json_t *desk_options(admin_request_t *r, const char *selected)
{
    const char **desks = NULL;
    size_t count = 0;
    json_t *options = json_array();
    if (store_desk_list(r->store, r->pool, &desks, &count) == GZ_OK)
        for (size_t i = 0; i < count; i++)
            json_array_append_new(options, option(desks[i], desks[i], selected));
    return options;
}

static json_t *section_options(admin_request_t *r, const char *selected_slug)
{
    content_section_t *sections = NULL;
    size_t count = 0;
    store_section_list(r->store, r->pool, &sections, &count);
    return views_admin_section_options(sections, count, selected_slug);
}

static json_t *assignee_options(admin_request_t *r, const char *selected)
{
    store_user_t *users = NULL;
    size_t count = 0;
    json_t *options = json_array();
    json_array_append_new(options, option("none", "Nobody", selected));
    if (store_user_list(r->store, r->pool, &users, &count) == GZ_OK)
        for (size_t i = 0; i < count; i++)
            if (!users[i].disabled)
                json_array_append_new(
                    options,
                    option(gz_pool_printf(r->pool, "%lld", (long long)users[i].id),
                           users[i].display_name && users[i].display_name[0] ? users[i].display_name
                                                                            : users[i].name,
                           selected));
    return options;
}

static json_t *per_page_options(admin_request_t *r, size_t per_page)
{
    json_t *options = json_array();
    for (size_t i = 0; i < sizeof page_sizes / sizeof page_sizes[0]; i++) {
        const char *value = gz_pool_printf(r->pool, "%zu", page_sizes[i]);
        json_array_append_new(options, json_pack("{s:s, s:b}", "value", value, "selected",
                                                 page_sizes[i] == per_page));
    }
    return options;
}

/* The column headings: each a link that orders by it, the other way when
 * it is the order already. */
static json_t *headings(admin_request_t *r, const admin_list_filters_t *filters)
{
    static const char *const labels[STORE_NEWSROOM_SORT_COUNT] = {
        "Changed", "Headline", "Status", "Section", "Authors", "Published", "Due"};
    json_t *columns = json_object();
    for (size_t i = 0; i < STORE_NEWSROOM_SORT_COUNT; i++) {
        bool current = (size_t)filters->query.sort == i;
        bool ascending = current ? !filters->query.ascending : false;
        json_t *column = json_pack(
            "{s:s, s:s, s:s}", "label", labels[i], "url",
            admin_list_link(r, filters, 1, sort_names[i], ascending ? "asc" : "desc", NULL), "sort",
            current ? (filters->query.ascending ? "ascending" : "descending") : "none");
        json_object_set_new(columns, sort_names[i], column);
    }
    return columns;
}

static void set_filters(admin_request_t *r, json_t *model, const admin_list_filters_t *filters)
{
    json_object_set_new(model, "statuses",
                        status_options(r, value_of(filters, ADMIN_FILTER_STATUS)));
    json_object_set_new(model, "desks", desk_options(r, value_of(filters, ADMIN_FILTER_DESK)));
    json_object_set_new(model, "sections",
                        section_options(r, value_of(filters, ADMIN_FILTER_SECTION)));
    json_object_set_new(model, "assignees",
                        assignee_options(r, value_of(filters, ADMIN_FILTER_ASSIGNEE)));
    json_object_set_new(model, "per_page", per_page_options(r, filters->per_page));
    static const admin_filter_t typed[] = {ADMIN_FILTER_Q, ADMIN_FILTER_AUTHOR, ADMIN_FILTER_FROM,
                                           ADMIN_FILTER_TO, ADMIN_FILTER_SORT, ADMIN_FILTER_DIR};
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++)
        admin_set_text(model, filter_names[typed[i]], filters->values[typed[i]]);
    json_object_set_new(model, "columns", headings(r, filters));
    /* The bulk form sends the list back, to return to it. */
    const char *link = admin_list_link(r, filters, filters->page, NULL, NULL, NULL);
    admin_set_text(model, "list", strchr(link, '?') ? strchr(link, '?') + 1 : "");
    json_object_set_new(model, "bulk_max", json_integer(NEWSROOM_BULK_MAX));
}

static json_t *rows_of(admin_request_t *r, const store_newsroom_page_t *page)
{
    const newsroom_workflow_t *workflow = newsroom_actor_workflow(&r->actor);
    json_t *rows = json_array();
    gz_time_t now = gz_now();
    for (size_t i = 0; i < page->count; i++) {
        const newsroom_status_t *status = newsroom_status_of(workflow, &page->items[i].article);
        json_array_append_new(rows, views_admin_newsroom_row(&page->items[i],
                                                             status ? status->label : NULL, now));
    }
    return rows;
}

/* "?done=status+3" after a bulk change, "?saved=deleted+ID" after a
 * deletion; only fixed sentences with a number are shown, since anyone
 * can craft the link. */
static const char *flash_of(admin_request_t *r)
{
    static const char *const done_texts[] = {"moved to a new status", "moved to a new section",
                                             "tagged", "untagged", "deleted"};
    const char *saved = admin_query(r, "saved");
    const char *done = admin_query(r, "done");
    int64_t number = 0;
    if (saved != NULL && strncmp(saved, "deleted ", 8) == 0 &&
        gz_parse_int64(gz_str_from_cstr(saved + 8), &number) == GZ_OK && number > 0)
        return gz_pool_printf(r->pool, "Article %lld deleted.", (long long)number);
    const char *space = done != NULL ? strchr(done, ' ') : NULL;
    newsroom_bulk_kind_t kind;
    if (space == NULL || gz_parse_int64(gz_str_from_cstr(space + 1), &number) != GZ_OK ||
        number < 0 || number > NEWSROOM_BULK_MAX ||
        newsroom_bulk_kind_parse(gz_pool_strndup(r->pool, done, (size_t)(space - done)), &kind) !=
            GZ_OK)
        return NULL;
    return gz_pool_printf(r->pool, "%lld article%s %s.", (long long)number, number == 1 ? "" : "s",
                          done_texts[kind]);
}

void admin_list_get(admin_request_t *r)
{
    admin_list_filters_t filters;
    int code = admin_list_filters_read(r, r->query, &filters);
    store_newsroom_page_t page = {.searchable = true};
    if (code == GZ_OK && store_newsroom_find(r->store, &filters.query, r->pool, &page) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The article list cannot be read right now.");
        return;
    }
    json_t *model = admin_page_model(r, "Articles");
    json_object_set_new(model, "articles", rows_of(r, &page));
    json_object_set_new(model, "total", json_integer((json_int_t)page.total));
    set_filters(r, model, &filters);
    json_t *problems = json_array();
    for (const char *line = filters.problems; line != NULL && *line != '\0';) {
        size_t len = strcspn(line, "\n");
        json_array_append_new(problems, json_stringn(line, len));
        line += len + (line[len] == '\n');
    }
    json_object_set_new(model, "problems", problems);
    if (!page.searchable)
        admin_set_text(model, "notice",
                       "The search text has no word to look for (only short common words or "
                       "punctuation): type a word of the headline, the text, a tag or an author.");
    json_object_set_new(model, "page", json_integer((json_int_t)filters.page));
    if (filters.page > 1)
        json_object_set_new(model, "previous",
                            json_string(admin_list_link(r, &filters, filters.page - 1, NULL, NULL,
                                                        NULL)));
    if (filters.page * filters.per_page < page.total)
        json_object_set_new(model, "next",
                            json_string(admin_list_link(r, &filters, filters.page + 1, NULL, NULL,
                                                        NULL)));
    const char *flash = flash_of(r);
    if (flash != NULL)
        admin_set_text(model, "flash", flash);
    admin_send_page(r, code == GZ_OK ? 200 : 400, "admin_list", model);
}

void admin_audit_get(admin_request_t *r)
{
    if (r->user.role < STORE_ROLE_ADMIN) {
        admin_send_message(r, 403, "Not allowed", "Only admins read the audit log.");
        return;
    }
    size_t page = admin_page_number(admin_query(r, "page"));
    store_audit_entry_t *entries = NULL;
    size_t count = 0;
    if (store_audit_list(r->store, ADMIN_LIST_PAGE_SIZE + 1, (page - 1) * ADMIN_LIST_PAGE_SIZE,
                         r->pool, &entries, &count) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The audit log cannot be read right now.");
        return;
    }
    json_t *rows = views_admin_audit_rows(
        entries, count < ADMIN_LIST_PAGE_SIZE ? count : ADMIN_LIST_PAGE_SIZE);
    json_t *model = admin_page_model(r, "Audit log");
    json_object_set_new(model, "entries", rows);
    json_object_set_new(model, "page", json_integer((json_int_t)page));
    if (page > 1)
        json_object_set_new(
            model, "previous",
            json_string(gz_pool_printf(r->pool, "/admin/audit?page=%zu", page - 1)));
    if (count > ADMIN_LIST_PAGE_SIZE)
        json_object_set_new(
            model, "next", json_string(gz_pool_printf(r->pool, "/admin/audit?page=%zu", page + 1)));
    admin_send_page(r, 200, "admin_audit", model);
}
