/*
 * sqlite_search.c: full-text search on SQLite with FTS5.
 *
 * The index (schema step "search" in sqlite_schema.c) is an FTS5 table
 * over a view of the published, non-stub articles (headline, summary,
 * body, and a hidden "facets" column of filter words), kept in step by
 * triggers in the writer's own transaction, with search_documents beside
 * it: the publication time and section of every indexed article in a
 * narrow table, so ranking and date filters never touch the wide article
 * rows. The text goes through one tokenizer, "gazette" (content/text.c),
 * registered on every connection here, for documents and queries alike.
 *
 * A query becomes an FTS5 MATCH expression in which every reader's item
 * is a quoted string (so nothing a reader types is FTS5 syntax), the
 * filters section, content type and language are facet words matched in
 * the facets column (so a filtered count is still a count of the index),
 * and dates are a range on search_documents.
 *
 * Ranking is BM25 (search_rank, in sqlite_search_index.c) with the
 * headline weighted 8, the summary 3 and the body 1, times (1 + 0.5^(age / half-life)): the newest
 * article counts up to twice. Ranking costs about a microsecond per
 * matching article, too much for a word in a hundred thousand of them,
 * so only the newest
 * STORE_SEARCH_RANKED matches (highest ids, which news sites hand out in
 * publication order) are ranked, read backwards from the index; pages past
 * them list the older matches newest first. The same pass counts them (a
 * window function), so a search reads its matches once: the total is
 * exact up to STORE_SEARCH_RANKED and "more than that" beyond.
 *
 * Snippets: highlight() and snippet() wrap matches in U+E000 and U+E001;
 * the text is then HTML-escaped once and the markers become <mark> and
 * </mark>, balanced whatever the text holds.
 *
 * The FTS5 tokenizer, search_rank(), search_recency(), the cached
 * statements and the rebuild are in sqlite_search_index.c.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/search_text.h"
#include "store/sqlite/sqlite_private.h"

/* The newest matches ranked (one more than STORE_SEARCH_RANKED, to tell
 * "exactly that many" from "more"); SEARCH_FREQUENCY_CAP: see search_rank
 * (sqlite_search_index.c). */
enum { SECONDS_PER_DAY = 86400, RANKED_SET = STORE_SEARCH_RANKED + 1 };

/* ---- MATCH expressions --------------------------------------------------------- */

void sqlite_search_quote(gz_buf_t *out, const char *text, size_t len)
{
    gz_buf_append_char(out, '"');
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '"')
            gz_buf_append_char(out, '"');
        gz_buf_append_char(out, text[i]);
    }
    gz_buf_append_char(out, '"');
}

static void append_item(gz_buf_t *out, const content_query_item_t *item, void *context)
{
    (void)context;
    sqlite_search_quote(out, item->text, strlen(item->text));
}

static const search_syntax_t fts5_syntax = {" AND ", " OR ", append_item, NULL};

/* Filter words as the schema's view writes them (zs, zt, zl + value). */
static void append_facet(gz_buf_t *out, const char *prefix, const char *value)
{
    gz_buf_t word = GZ_BUF_INIT;
    gz_buf_printf(&word, "%s%s", prefix, value);
    gz_buf_append_cstr(out, "({facets} : ");
    sqlite_search_quote(out, word.data, word.len);
    gz_buf_append_cstr(out, ") AND ");
    gz_buf_free(&word);
}

size_t sqlite_search_match(gz_buf_t *out, const content_query_t *query, int64_t section_id,
                           int64_t content_type_id, const char *language)
{
    char number[24], primary[16];
    size_t facets = 0;
    if (section_id > 0) {
        snprintf(number, sizeof number, "%lld", (long long)section_id);
        append_facet(out, "zs", number);
        facets++;
    }
    if (content_type_id > 0) {
        snprintf(number, sizeof number, "%lld", (long long)content_type_id);
        append_facet(out, "zt", number);
        facets++;
    }
    if (search_primary_language(language, primary, sizeof primary)) {
        append_facet(out, "zl", primary);
        facets++;
    }
    bool excludes = query->positive < query->count;
    if (excludes)
        gz_buf_append_char(out, '(');
    gz_buf_append_cstr(out, "{headline summary body} : (");
    search_append_clauses(out, query, false, &fts5_syntax);
    gz_buf_append_char(out, ')');
    if (excludes) {
        gz_buf_append_cstr(out, ") NOT ({headline summary body} : (");
        search_append_clauses(out, query, true, &fts5_syntax);
        gz_buf_append_cstr(out, "))");
    }
    return facets;
}

/* The newsroom's filter: the reader's syntax over every column of
 * search_newsroom (headline, lede, body, authors, tags), so a word of the
 * body and a tag's name are found alike. */
const char *sqlite_newsroom_match(store_t *store, const content_query_t *parsed, gz_pool_t *pool)
{
    (void)store;
    gz_buf_t match = GZ_BUF_INIT;
    bool excludes = parsed->positive < parsed->count;
    gz_buf_append_char(&match, '(');
    search_append_clauses(&match, parsed, false, &fts5_syntax);
    gz_buf_append_char(&match, ')');
    if (excludes) {
        gz_buf_append_cstr(&match, " NOT (");
        search_append_clauses(&match, parsed, true, &fts5_syntax);
        gz_buf_append_char(&match, ')');
    }
    const char *text = gz_pool_strdup(pool, gz_buf_cstr(&match));
    gz_buf_free(&match);
    return text;
}

/* ---- phrase weights ------------------------------------------------------- */

int sqlite_search_count(store_t *store, const char *match, int64_t cap, int64_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, SEARCH_COUNT_CAPPED, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_text(stmt, 1, match, &rc);
    sqlite_bind_int64(stmt, 2, cap, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    *count = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    if (rc != SQLITE_ROW)
        result = sqlite_fail(store, "counting matching articles");
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_search_total(store_t *store, int64_t *total)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, SEARCH_PUBLISHED_TOTAL, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = sqlite_step(stmt);
    *total = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    if (rc != SQLITE_ROW)
        result = sqlite_fail(store, "counting published articles");
    sqlite_statement_done(stmt);
    return result;
}

typedef struct {
    store_t *store;
    const char *text;
    int64_t documents; /* the fewest of any word so far, -1 before the first */
    int result;
} item_count_t;

static int count_word(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    (void)term;
    (void)term_len;
    item_count_t *item = context;
    gz_buf_t match = GZ_BUF_INIT;
    gz_buf_append_cstr(&match, "{headline summary body} : ");
    sqlite_search_quote(&match, item->text + start, end - start);
    int64_t documents = 0;
    item->result =
        sqlite_search_count(item->store, gz_buf_cstr(&match), SEARCH_FREQUENCY_CAP, &documents);
    if (item->documents < 0 || documents < item->documents)
        item->documents = documents;
    gz_buf_free(&match);
    return item->result != GZ_OK;
}

/* An item's document frequency: its word's, for a phrase its rarest
 * word's (a phrase is at most as common as that). */
static int item_frequency(store_t *store, const content_query_item_t *query_item,
                          int64_t *documents)
{
    item_count_t item = {store, query_item->text, -1, GZ_OK};
    content_tokenize(store_tokenizer(store), item.text, strlen(item.text), count_word, &item);
    *documents = item.documents > 0 ? item.documents : 0;
    return item.result;
}

/* The most articles a clause can match: the sum of its items' counts,
 * or -1 when one reached the cap (unknown, many). */
static int64_t clause_bound(int64_t bound, int64_t documents)
{
    if (bound < 0 || documents >= SEARCH_FREQUENCY_CAP)
        return -1;
    return bound + documents;
}

/* The IDF of every phrase of the MATCH expression, in its order: the
 * facets (weightless), then the positive items, then the excluded. *most
 * is how many articles the query can match at most, from its rarest
 * clause; -1 when every clause is common. */
static int query_idf(store_t *store, const content_query_t *query, size_t facets, gz_pool_t *pool,
                     sqlite_search_idf_t *out, int64_t *most)
{
    *most = -1;
    size_t items = 0;
    for (size_t c = 0; c < query->count; c++)
        items += query->clauses[c].count;
    out->count = (int)(facets + items);
    out->idf = gz_pool_calloc(pool, facets + items + 1, sizeof *out->idf);
    int64_t total = 0;
    int result = sqlite_search_total(store, &total);
    size_t next = facets;
    for (int pass = 0; pass < 2; pass++) { /* positive clauses first */
        for (size_t c = 0; result == GZ_OK && c < query->count; c++) {
            const content_query_clause_t *clause = &query->clauses[c];
            if (clause->items[0].excluded != (pass == 1))
                continue;
            int64_t bound = 0;
            for (size_t i = 0; result == GZ_OK && i < clause->count; i++) {
                int64_t documents = 0;
                result = item_frequency(store, &clause->items[i], &documents);
                out->idf[next++] = search_idf(total, documents);
                bound = clause_bound(bound, documents);
            }
            if (pass == 0 && bound >= 0 && (*most < 0 || bound < *most))
                *most = bound;
        }
    }
    return result;
}

/* ---- running a search ------------------------------------------------------------ */

typedef struct {
    const char *match;
    const sqlite_search_idf_t *idf;
    bool few; /* at most RANKED_SET matches: rank them all, read forwards */
    gz_time_t now, from, to;
    double half_life;
    size_t offset, limit;
} search_plan_t;

static void bind_named_text(sqlite3_stmt *stmt, const char *name, const char *text, int *rc)
{
    int index = sqlite3_bind_parameter_index(stmt, name);
    if (index > 0)
        sqlite_bind_text(stmt, index, text, rc);
}

static void bind_named_double(sqlite3_stmt *stmt, const char *name, double value, int *rc)
{
    int index = sqlite3_bind_parameter_index(stmt, name);
    if (index > 0 && *rc == SQLITE_OK)
        *rc = sqlite3_bind_double(stmt, index, value);
}

static void bind_plan(sqlite3_stmt *stmt, const search_plan_t *plan, int *rc)
{
    bind_named_text(stmt, ":match", plan->match, rc);
    int index = sqlite3_bind_parameter_index(stmt, ":idf");
    if (index > 0 && *rc == SQLITE_OK)
        *rc = sqlite3_bind_pointer(stmt, index, (void *)plan->idf, SQLITE_SEARCH_IDF_TYPE, NULL);
    sqlite_bind_named_int64(stmt, ":now", plan->now, rc);
    sqlite_bind_named_int64(stmt, ":from", plan->from, rc);
    sqlite_bind_named_int64(stmt, ":to", plan->to, rc);
    bind_named_double(stmt, ":half_life", plan->half_life, rc);
    sqlite_bind_named_int64(stmt, ":candidates", RANKED_SET, rc);
    sqlite_bind_named_int64(stmt, ":limit", (int64_t)plan->limit, rc);
    sqlite_bind_named_int64(stmt, ":offset", (int64_t)plan->offset, rc);
}

/* Runs a statement that returns one integer. */
static int single_count(store_t *store, sqlite_search_statement_t id, const search_plan_t *plan,
                        int64_t *count)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, id, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    bind_plan(stmt, plan, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(stmt, 0);
    else
        result = sqlite_fail(store, "counting search results");
    sqlite_statement_done(stmt);
    return result;
}

/* The total from a count of the matches, up to RANKED_SET. */
static void set_total(store_search_results_t *out, size_t count)
{
    out->total_is_lower_bound = count > STORE_SEARCH_RANKED;
    out->total = count > STORE_SEARCH_RANKED ? STORE_SEARCH_RANKED : count;
}

static int count_matches(store_t *store, const search_plan_t *plan, store_search_results_t *out)
{
    int64_t count = 0;
    int result = single_count(store, SEARCH_COUNT, plan, &count);
    if (result == GZ_OK)
        set_total(out, count > 0 ? (size_t)count : 0);
    return result;
}

/* Appends the ids a statement returns (first column) to ids. */
static int collect_ids(store_t *store, sqlite_search_statement_t id, const search_plan_t *plan,
                       int64_t *ids, size_t *count, size_t max)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, id, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    bind_plan(stmt, plan, &rc);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite_step(stmt);
        if (rc != SQLITE_ROW || *count >= max)
            break;
        ids[(*count)++] = sqlite3_column_int64(stmt, 0);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = sqlite_fail(store, "searching");
    sqlite_statement_done(stmt);
    return result;
}

/* The ids of the page's ranked part, and how many candidates there were
 * (0 when the page is past them all). */
static int ranked_ids(store_t *store, const search_plan_t *plan, int64_t *ids, size_t *count,
                      size_t *candidates)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, plan->few ? SEARCH_RANK_ALL : SEARCH_RANK, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    bind_plan(stmt, plan, &rc);
    *candidates = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite_step(stmt);
        if (rc != SQLITE_ROW || *count >= plan->limit)
            break;
        ids[(*count)++] = sqlite3_column_int64(stmt, 0);
        *candidates = (size_t)sqlite3_column_int64(stmt, 2);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = sqlite_fail(store, "searching");
    sqlite_statement_done(stmt);
    return result;
}

/* The ids of the page: ranked among the newest RANKED_SET matches, then
 * older matches newest first. The ranking counts the candidates, which
 * is the total when there are fewer than RANKED_SET. */
static int page_ids(store_t *store, const search_plan_t *plan, int64_t *ids, size_t *count,
                    store_search_results_t *out)
{
    size_t end = plan->offset + plan->limit, candidates = 0;
    int result = GZ_OK;
    if (plan->offset < RANKED_SET) {
        search_plan_t ranked = *plan;
        ranked.limit = (end < RANKED_SET ? end : RANKED_SET) - plan->offset;
        result = ranked_ids(store, &ranked, ids, count, &candidates);
    }
    if (result != GZ_OK)
        return result;
    if (candidates > 0)
        set_total(out, candidates);
    else
        result = count_matches(store, plan, out);
    if (result == GZ_OK && end > RANKED_SET && out->total_is_lower_bound) {
        search_plan_t tail = *plan;
        tail.offset = plan->offset > RANKED_SET ? plan->offset : RANKED_SET;
        tail.limit = end - tail.offset;
        result = collect_ids(store, SEARCH_TAIL, &tail, ids, count, plan->limit);
    }
    return result;
}

/* The body's best passage, marked; NULL when it has no match. */
static int body_snippet(store_t *store, const search_plan_t *plan, int64_t id, gz_pool_t *pool,
                        const char **html)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, SEARCH_HIT_BODY, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    bind_named_text(stmt, ":match", plan->match, &rc);
    sqlite_bind_named_int64(stmt, ":id", id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    *html = NULL;
    if (rc == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(stmt, 0);
        if (search_has_marker(text))
            *html = search_marked_html(pool, text, true);
    } else if (rc != SQLITE_DONE) {
        result = sqlite_fail(store, "reading search result %lld", (long long)id);
    }
    sqlite_statement_done(stmt);
    return result;
}

/* The snippet: the lede when it matches, else the body passage when it
 * does, else the lede. */
static int choose_snippet(store_t *store, const search_plan_t *plan, int64_t id, gz_pool_t *pool,
                          const char *summary, store_search_hit_t *hit)
{
    int result = GZ_OK;
    hit->snippet_html = NULL;
    if (!search_has_marker(summary))
        result = body_snippet(store, plan, id, pool, &hit->snippet_html);
    if (hit->snippet_html == NULL)
        hit->snippet_html = search_marked_html(pool, summary, false);
    return result;
}

static int load_hit(store_t *store, const search_plan_t *plan, int64_t id, gz_pool_t *pool,
                    store_search_hit_t *hit)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, SEARCH_HIT, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    bind_named_text(stmt, ":match", plan->match, &rc);
    sqlite_bind_named_int64(stmt, ":id", id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    const char *summary = NULL;
    if (rc == SQLITE_ROW) {
        sqlite_article_from_row(stmt, pool, &hit->article);
        int column = STORE_ARTICLE_COLUMN_COUNT; /* the marked headline and summary follow */
        hit->headline_html =
            search_marked_html(pool, (const char *)sqlite3_column_text(stmt, column), false);
        summary = sqlite_column_text(stmt, column + 1, pool);
    } else if (rc == SQLITE_DONE) {
        result = GZ_ENOTFOUND; /* deleted since the ranking: skip it */
    } else {
        result = sqlite_fail(store, "reading search result %lld", (long long)id);
    }
    sqlite_statement_done(stmt);
    if (result == GZ_OK)
        result = choose_snippet(store, plan, id, pool, summary, hit);
    return result;
}

static void plan_search(const store_search_query_t *query, const char *match, search_plan_t *plan)
{
    gz_time_t to = query->to > 0 && query->to < query->now ? query->to : query->now;
    *plan = (search_plan_t){
        .match = match,
        .now = query->now,
        .from = query->from > 0 ? query->from : INT64_MIN,
        .to = to,
        .half_life = (double)query->recency_days * SECONDS_PER_DAY,
        .offset = (query->page - 1) * query->page_size,
        .limit = query->page_size,
    };
}

static int run_search(store_t *store, const search_plan_t *plan, gz_pool_t *pool,
                      store_search_results_t *out)
{
    int64_t *ids = gz_pool_calloc(pool, plan->limit, sizeof *ids);
    size_t count = 0;
    int result = page_ids(store, plan, ids, &count, out);
    out->hits = gz_pool_calloc(pool, count > 0 ? count : 1, sizeof *out->hits);
    for (size_t i = 0; result == GZ_OK && i < count; i++) {
        int loaded = load_hit(store, plan, ids[i], pool, &out->hits[out->count]);
        if (loaded == GZ_OK)
            out->count++;
        else if (loaded != GZ_ENOTFOUND)
            result = loaded;
    }
    return result;
}

int sqlite_search(store_t *store, const store_search_query_t *query, const content_query_t *parsed,
                  gz_pool_t *pool, store_search_results_t *out)
{
    gz_buf_t match = GZ_BUF_INIT;
    size_t facets = sqlite_search_match(&match, parsed, query->section_id, query->content_type_id,
                                        query->language);
    search_plan_t plan;
    sqlite_search_idf_t idf = {0};
    plan_search(query, gz_buf_cstr(&match), &plan);
    plan.idf = &idf;
    sqlite_read_t read;
    int result = sqlite_read_start(store, &read);
    int64_t most = -1;
    if (result == GZ_OK)
        result = query_idf(store, parsed, facets, pool, &idf, &most);
    plan.few = most >= 0 && most < RANKED_SET;
    if (result == GZ_OK)
        result = run_search(store, &plan, pool, out);
    result = sqlite_read_finish(store, &read, result);
    gz_buf_free(&match);
    return result;
}
