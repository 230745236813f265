/* Unit tests of search and automatic related articles: the index follows
 * every write, the query syntax, filters, ranking (headline weight,
 * recency), pagination, highlighting with hostile text, rebuilding, and
 * the related lists chosen at publish time. Each test gets a fresh store
 * (support/temp_store.h): SQLite, or PostgreSQL with GAZETTE_TEST_PG set.
 * One test checks the FTS5 expression SQLite's backend builds; it needs no
 * store and runs either way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/sqlite/sqlite_private.h"
#include "support/temp_store.h"

typedef temp_store_t fixture_t;

enum { DAY = 86400, NOW = 1700000000 };

static int64_t section(fixture_t *fixture, const char *name)
{
    int64_t id = 0;
    assert_int_equal(store_section_ensure(fixture->store, name, &id), GZ_OK);
    return id;
}

static content_article_t article(int64_t id, const char *headline, const char *summary,
                                 const char *body)
{
    content_article_t a = {.id = id,
                           .headline = headline,
                           .summary = summary,
                           .body_markdown = body != NULL ? body : "",
                           .body_html = "",
                           .slug = "slug",
                           .language = "en",
                           .status = CONTENT_PUBLISHED,
                           .published_at = NOW - 10 * DAY};
    a.content_type.id = 1;
    return a;
}

static void put(fixture_t *fixture, content_article_t *a)
{
    int code = store_article_put(fixture->store, a);
    if (code != GZ_OK)
        fail_msg("put %lld: %s", (long long)a->id, store_last_error(fixture->store));
}

static store_search_results_t search_with(fixture_t *fixture, store_search_query_t query)
{
    store_search_results_t results;
    if (query.now == 0)
        query.now = NOW;
    int code = store_search(fixture->store, &query, &fixture->pool, &results);
    if (code != GZ_OK)
        fail_msg("search '%s': %s", query.text, store_last_error(fixture->store));
    return results;
}

static store_search_results_t search(fixture_t *fixture, const char *text)
{
    return search_with(fixture, (store_search_query_t){.text = text, .recency_days = 30});
}

/* The ids of the hits, as "1 2 3". */
static const char *ids_of(fixture_t *fixture, const store_search_results_t *results)
{
    gz_buf_t ids = GZ_BUF_INIT;
    for (size_t i = 0; i < results->count; i++)
        gz_buf_printf(&ids, "%s%lld", i > 0 ? " " : "", (long long)results->hits[i].article.id);
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&ids));
    gz_buf_free(&ids);
    return text;
}

static const char *found(fixture_t *fixture, const char *text)
{
    store_search_results_t results = search(fixture, text);
    return ids_of(fixture, &results);
}

/* ---- the index follows writes ------------------------------------------- */

static void the_index_follows_publish_edit_unpublish_and_delete(void **state)
{
    fixture_t *fixture = *state;
    content_article_t a = article(1, "Rocket attacks in Aleppo", "Militants fired rockets.", NULL);
    a.status = CONTENT_DRAFT;
    put(fixture, &a);
    assert_string_equal(found(fixture, "aleppo"), "");
    a.status = CONTENT_PUBLISHED;
    put(fixture, &a);
    assert_string_equal(found(fixture, "aleppo"), "1");
    a.headline = "Rocket attacks in Homs";
    put(fixture, &a);
    assert_string_equal(found(fixture, "aleppo"), "");
    assert_string_equal(found(fixture, "homs"), "1");
    a.status = CONTENT_UNPUBLISHED;
    put(fixture, &a);
    assert_string_equal(found(fixture, "homs"), "");
    a.status = CONTENT_PUBLISHED;
    put(fixture, &a);
    assert_string_equal(found(fixture, "homs"), "1");
    assert_int_equal(store_article_delete(fixture->store, 1), GZ_OK);
    assert_string_equal(found(fixture, "homs"), "");
}

static void stubs_and_scheduled_articles_are_not_found(void **state)
{
    fixture_t *fixture = *state;
    content_article_t stub = article(1, "Aleppo stub", NULL, NULL);
    stub.is_stub = true;
    put(fixture, &stub);
    content_article_t later = article(2, "Aleppo tomorrow", NULL, NULL);
    later.published_at = NOW + DAY;
    put(fixture, &later);
    content_article_t now = article(3, "Aleppo today", NULL, NULL);
    put(fixture, &now);
    store_search_results_t results = search(fixture, "aleppo");
    assert_string_equal(ids_of(fixture, &results), "3");
    assert_int_equal(results.total, 1);
    results = search_with(fixture, (store_search_query_t){.text = "aleppo", .now = NOW + 2 * DAY});
    assert_int_equal(results.total, 2);
}

static void a_failed_write_leaves_the_index_as_it_was(void **state)
{
    fixture_t *fixture = *state;
    content_article_t a = article(1, "Flood warning in Basra", NULL, NULL);
    put(fixture, &a);
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    a.headline = "Drought in Basra";
    put(fixture, &a);
    assert_string_equal(found(fixture, "drought"), "1"); /* the writer sees its own change */
    assert_int_equal(store_rollback(fixture->store), GZ_OK);
    assert_string_equal(found(fixture, "drought"), "");
    assert_string_equal(found(fixture, "flood"), "1");
}

/* ---- the language of the text ------------------------------------------------ */

static void stems_and_arabic_variants_match(void **state)
{
    fixture_t *fixture = *state;
    content_article_t english = article(1, "Militants attacked the hospital", NULL, NULL);
    content_article_t arabic = article(2, "الجيشُ يدخل مدرسة في حلـــب", NULL, "أعلنت الحكومة");
    arabic.language = "ar";
    put(fixture, &english);
    put(fixture, &arabic);
    assert_string_equal(found(fixture, "attack"), "1");
    assert_string_equal(found(fixture, "ATTACKS hospitals"), "1");
    assert_string_equal(found(fixture, "الجيش"), "2");
    assert_string_equal(found(fixture, "مدرسه حلب"), "2");
    assert_string_equal(found(fixture, "اعلنت حكومة"), "2");
}

/* ---- query syntax -------------------------------------------------------------- */

static void phrases_exclusions_and_or(void **state)
{
    fixture_t *fixture = *state;
    content_article_t a = article(1, "Old city of Aleppo retaken", NULL, NULL);
    content_article_t b = article(2, "City council meets in the old port", NULL, NULL);
    content_article_t c = article(3, "Football: Aleppo club wins the cup", NULL, NULL);
    put(fixture, &a);
    put(fixture, &b);
    put(fixture, &c);
    store_search_results_t results = search(fixture, "old city");
    assert_int_equal(results.total, 2);
    assert_string_equal(found(fixture, "\"old city\""), "1");
    assert_string_equal(found(fixture, "aleppo -football"), "1");
    assert_string_equal(found(fixture, "aleppo -\"old city\""), "3");
    results = search(fixture, "port OR football");
    assert_int_equal(results.total, 2);
    assert_string_equal(found(fixture, "aleppo council"), "");
}

static void reader_text_is_never_fts_syntax(void **state)
{
    fixture_t *fixture = *state;
    content_article_t a = article(1, "NEAR the border: \"quotes\" and * stars", NULL, NULL);
    put(fixture, &a);
    const char *hostile[] = {"NEAR(border", "\"\"\"",     "border*",  "headline:border", "{body}:x",
                             "border AND",  "NOT border", "^border",  "border\" OR \"x", "-",
                             "OR",          "(",          "\xff\xfe", "border)"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
        search(fixture, hostile[i]); /* fails the test on any store error */
    assert_string_equal(found(fixture, "border*"), "1");
    assert_string_equal(found(fixture, "headline:border"), "");
}

static void text_without_words_is_not_searchable(void **state)
{
    fixture_t *fixture = *state;
    store_search_results_t results = search(fixture, "");
    assert_false(results.searchable);
    results = search(fixture, "the of !!!");
    assert_false(results.searchable);
    assert_int_equal(results.count, 0);
    results = search(fixture, "aleppo");
    assert_true(results.searchable);
}

static void the_match_expression_quotes_every_item(void **state)
{
    (void)state;
    content_tokenizer_t *tokenizer = content_tokenizer_new();
    gz_pool_t pool = GZ_POOL_INIT;
    content_query_t query;
    const char *text = "flood OR fire storm -\"x y\" -z";
    content_query_parse(tokenizer, text, strlen(text), &pool, &query);
    gz_buf_t match = GZ_BUF_INIT;
    sqlite_search_match(&match, &query, 12, 21, "ar-SA");
    assert_string_equal(gz_buf_cstr(&match),
                        "({facets} : \"zs12\") AND ({facets} : \"zt21\") AND ({facets} : \"zlar\")"
                        " AND ({headline summary body} : ((\"flood\" OR \"fire\") AND"
                        " (\"storm\"))) NOT ({headline summary body} : ((\"x y\") OR (\"z\")))");
    gz_buf_reset(&match);
    sqlite_search_quote(&match, "say \"hi\"", 8);
    assert_string_equal(gz_buf_cstr(&match), "\"say \"\"hi\"\"\"");
    gz_buf_free(&match);
    gz_pool_clear(&pool);
    content_tokenizer_free(tokenizer);
}

/* ---- filters and pages ------------------------------------------------------------ */

static void filters_narrow_the_results(void **state)
{
    fixture_t *fixture = *state;
    int64_t world = section(fixture, "World"), sport = section(fixture, "Sport");
    content_article_t a = article(1, "Storm hits the coast", NULL, NULL);
    a.section.id = world;
    a.published_at = NOW - 40 * DAY;
    content_article_t b = article(2, "Storm delays the match", NULL, NULL);
    b.section.id = sport;
    b.content_type.id = 21;
    b.published_at = NOW - 5 * DAY;
    content_article_t c = article(3, "عاصفة Storm", NULL, NULL);
    c.language = "ar";
    c.published_at = NOW - 2 * DAY;
    put(fixture, &a);
    put(fixture, &b);
    put(fixture, &c);
    store_search_query_t query = {.text = "storm"};
    assert_int_equal(search_with(fixture, query).total, 3);
    query.section_id = sport;
    store_search_results_t results = search_with(fixture, query);
    assert_string_equal(ids_of(fixture, &results), "2");
    query = (store_search_query_t){.text = "storm", .content_type_id = 21};
    results = search_with(fixture, query);
    assert_string_equal(ids_of(fixture, &results), "2");
    query = (store_search_query_t){.text = "storm", .language = "AR"};
    results = search_with(fixture, query);
    assert_string_equal(ids_of(fixture, &results), "3");
    query = (store_search_query_t){.text = "storm", .from = NOW - 10 * DAY, .to = NOW - 3 * DAY};
    results = search_with(fixture, query);
    assert_string_equal(ids_of(fixture, &results), "2");
    assert_int_equal(results.total, 1);
    query = (store_search_query_t){.text = "storm", .to = NOW - 30 * DAY};
    results = search_with(fixture, query);
    assert_string_equal(ids_of(fixture, &results), "1");
    query = (store_search_query_t){.text = "storm", .section_id = -1};
    results = search_with(fixture, query);
    assert_int_equal(results.total, 0);
    assert_true(results.searchable);
}

static void pages_and_totals(void **state)
{
    fixture_t *fixture = *state;
    char headlines[25][64];
    for (int i = 0; i < 25; i++) {
        snprintf(headlines[i], sizeof headlines[i], "Harvest report number %d", i + 1);
        content_article_t a = article(i + 1, headlines[i], NULL, NULL);
        a.published_at = NOW - (25 - i) * DAY;
        put(fixture, &a);
    }
    store_search_query_t query = {.text = "harvest", .page_size = 10, .recency_days = 30};
    store_search_results_t results = search_with(fixture, query);
    assert_int_equal(results.total, 25);
    assert_int_equal(results.count, 10);
    assert_int_equal(results.hits[0].article.id, 25); /* all alike: the newest first */
    query.page = 3;
    results = search_with(fixture, query);
    assert_int_equal(results.count, 5);
    assert_int_equal(results.hits[4].article.id, 1);
    query.page = 4;
    results = search_with(fixture, query);
    assert_int_equal(results.count, 0);
    assert_int_equal(results.total, 25);
}

/* ---- ranking ------------------------------------------------------------------------ */

static void the_headline_weighs_more_than_the_body(void **state)
{
    fixture_t *fixture = *state;
    content_article_t body =
        article(1, "Ministers meet", NULL, "The talks covered the earthquake and other matters.");
    content_article_t headline =
        article(2, "Earthquake shakes the capital", NULL, "Buildings swayed for a minute.");
    body.published_at = headline.published_at;
    put(fixture, &body);
    put(fixture, &headline);
    assert_string_equal(found(fixture, "earthquake"), "2 1");
}

static void the_newest_story_leads_on_a_breaking_topic(void **state)
{
    fixture_t *fixture = *state;
    content_article_t old = article(1, "Wildfire spreads near Athens", NULL, NULL);
    old.published_at = NOW - 200 * DAY;
    content_article_t fresh = article(2, "Wildfire spreads near Athens", NULL, NULL);
    fresh.published_at = NOW - DAY;
    put(fixture, &fresh);
    put(fixture, &old);
    assert_string_equal(found(fixture, "wildfire athens"), "2 1");
    /* Without the boost, equal relevance falls back to the newer id. */
    store_search_query_t query = {.text = "wildfire", .recency_days = 0};
    store_search_results_t results = search_with(fixture, query);
    assert_int_equal(results.count, 2);
}

/* ---- snippets ------------------------------------------------------------------------- */

static void snippets_mark_matches_and_escape_everything_else(void **state)
{
    fixture_t *fixture = *state;
    content_article_t a = article(
        1, "<script>alert(1)</script> Aleppo & Homs", "Fighting in \"Aleppo\" <b>today</b>.",
        "A long body about Aleppo.\xee\x80\x81 Stray markers \xee\x80\x80");
    put(fixture, &a);
    store_search_results_t results = search(fixture, "aleppo <script>");
    assert_int_equal(results.count, 1);
    const store_search_hit_t *hit = &results.hits[0];
    assert_string_equal(hit->headline_html,
                        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; "
                        "<mark>Aleppo</mark> &amp; Homs");
    assert_string_equal(hit->snippet_html,
                        "Fighting in &quot;<mark>Aleppo</mark>&quot; &lt;b&gt;today&lt;/b&gt;.");
    assert_string_equal(hit->article.headline, "<script>alert(1)</script> Aleppo & Homs");
    results = search(fixture, "markers");
    assert_int_equal(results.count, 1);
    const char *snippet = results.hits[0].snippet_html;
    assert_null(strstr(snippet, "\xee\x80"));
    assert_non_null(strstr(snippet, "<mark>markers</mark>"));
    /* A body passage reads as the page shows it: Markdown escapes dropped. */
    content_article_t escaped =
        article(2, "Quarry news", NULL, "The \\*old\\* quarry \\<reopens\\>.");
    put(fixture, &escaped);
    results = search(fixture, "quarry reopens");
    assert_int_equal(results.count, 1);
    assert_string_equal(results.hits[0].snippet_html,
                        "The *old* <mark>quarry</mark> &lt;<mark>reopens</mark>&gt;.");
    /* Every <mark> is closed. */
    size_t opened = 0, closed = 0;
    for (const char *p = snippet; (p = strstr(p, "<mark>")) != NULL; p++)
        opened++;
    for (const char *p = snippet; (p = strstr(p, "</mark>")) != NULL; p++)
        closed++;
    assert_int_equal(opened, closed);
}

/* The passage of a long body and the marks of a phrase are the same on
 * both backends: SQLite's FTS5 chooses them, PostgreSQL's search_text.c
 * chooses them as FTS5 does (a window of 30 words, from the start of the
 * sentence when that scores, an ellipsis where the text is cut). */
static void passages_and_phrases_are_marked_alike(void **state)
{
    fixture_t *fixture = *state;
    content_article_t a = article(
        1, "War in Syria ends, says the envoy", NULL,
        "The council met on Monday. Members discussed the budget, the roads and the new library "
        "for an hour before the vote. Residents asked about parking: the answer was vague. "
        "Later the mayor spoke about the harbour, where the old crane will be replaced next "
        "spring after years of delays, and about the ferry timetable. The meeting closed at nine.");
    put(fixture, &a);
    store_search_results_t results = search(fixture, "\"war in syria\" crane");
    assert_int_equal(results.count, 1);
    assert_string_equal(results.hits[0].headline_html,
                        "<mark>War in Syria</mark> ends, says the envoy");
    assert_string_equal(results.hits[0].snippet_html,
                        "\xe2\x80\xa6Later the mayor spoke about the harbour, where the old "
                        "<mark>crane</mark> will be replaced next spring after years of delays, "
                        "and about the ferry timetable. The meeting closed at nine.");
    results = search(fixture, "council");
    assert_string_equal(results.hits[0].snippet_html,
                        "The <mark>council</mark> met on Monday. Members discussed the budget, "
                        "the roads and the new library for an hour before the vote. Residents "
                        "asked about parking: the answer was vague. Later the mayor spoke about "
                        "the harbour, where the old crane will be replaced next spring "
                        "after\xe2\x80\xa6");
    results = search(fixture, "ferry timetable");
    assert_non_null(strstr(results.hits[0].snippet_html,
                           "about the <mark>ferry</mark> <mark>timetable</mark>."));
}

/* ---- rebuilding --------------------------------------------------------------------------- */

typedef struct {
    size_t calls, last_done, last_total;
} progress_t;

static void count_progress(void *context, size_t done, size_t total)
{
    progress_t *progress = context;
    progress->calls++;
    progress->last_done = done;
    progress->last_total = total;
}

static void rebuild_restores_the_same_index(void **state)
{
    fixture_t *fixture = *state;
    for (int i = 1; i <= 30; i++) {
        content_article_t a = article(i, i % 2 ? "Bridge opens" : "Tunnel closes", NULL, NULL);
        a.status = i % 5 == 0 ? CONTENT_DRAFT : CONTENT_PUBLISHED;
        put(fixture, &a);
    }
    store_search_results_t before = search(fixture, "bridge OR tunnel");
    progress_t progress = {0};
    assert_int_equal(store_search_rebuild(fixture->store, count_progress, &progress), GZ_OK);
    store_search_results_t after = search(fixture, "bridge OR tunnel");
    assert_int_equal(before.total, 24);
    assert_int_equal(after.total, 24);
    /* The readers' 24 live articles, then the newsroom's index of all 30. */
    assert_true(progress.calls >= 1);
    assert_int_equal(progress.last_done, 24 + 30);
    assert_int_equal(progress.last_total, 24 + 30);
    assert_int_equal(store_search_rebuild(fixture->store, NULL, NULL), GZ_OK);
    assert_int_equal(search(fixture, "bridge").total, 12);
}

/* ---- related articles ------------------------------------------------------------------------ */

static content_article_t *get(fixture_t *fixture, int64_t id)
{
    content_article_t *got = NULL;
    assert_int_equal(store_article_get(fixture->store, id, &fixture->pool, &got), GZ_OK);
    return got;
}

static const char *related_ids(fixture_t *fixture, int64_t id)
{
    content_article_t *got = get(fixture, id);
    gz_buf_t ids = GZ_BUF_INIT;
    for (size_t i = 0; i < got->related_count; i++)
        gz_buf_printf(&ids, "%s%s%lld", i > 0 ? " " : "", got->related[i].automatic ? "a" : "m",
                      (long long)got->related[i].id);
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&ids));
    gz_buf_free(&ids);
    return text;
}

static void related_lists_are_chosen_at_publish_time(void **state)
{
    fixture_t *fixture = *state;
    int64_t world = section(fixture, "World");
    content_article_t unrelated = article(1, "Cricket season opens", "Bowlers are ready.", NULL);
    content_article_t first =
        article(2, "Volcano erupts on Iceland peninsula", "Lava flows towards Grindavik.", NULL);
    content_article_t editor_pick =
        article(3, "Grindavik evacuated", "Residents leave town.", NULL);
    put(fixture, &unrelated);
    put(fixture, &first);
    put(fixture, &editor_pick);
    content_article_t follow_up =
        article(4, "Iceland volcano erupts again", "Lava reaches Grindavik defences.", NULL);
    follow_up.section.id = world;
    content_related_t links[1] = {{.id = 3}};
    follow_up.related = links;
    follow_up.related_count = 1;
    put(fixture, &follow_up);
    /* Manual first, then automatic; never itself, never the pick twice. */
    assert_string_equal(related_ids(fixture, 4), "m3 a2");
    /* The older story now links to its follow-up, not to the pick, which
     * shares one word with it. */
    assert_string_equal(related_ids(fixture, 2), "a4");
    assert_string_equal(related_ids(fixture, 1), "");
}

static void duplicates_and_hidden_targets_are_left_out(void **state)
{
    fixture_t *fixture = *state;
    content_article_t original = article(1, "Dam bursts after heavy rain", NULL, NULL);
    content_article_t copy = article(2, "Dam bursts after heavy rain", NULL, NULL);
    content_article_t other =
        article(3, "Heavy rain floods the valley after dam damage", NULL, NULL);
    put(fixture, &original);
    put(fixture, &copy);
    put(fixture, &other);
    const char *ids = related_ids(fixture, 3);
    assert_true(strcmp(ids, "a2") == 0 || strcmp(ids, "a1") == 0);
    /* An unpublished target disappears from the list at once. */
    content_article_t *target = get(fixture, 3);
    int64_t shown = target->related[0].id;
    content_article_t hidden = article(shown, "Dam bursts after heavy rain", NULL, NULL);
    hidden.status = CONTENT_UNPUBLISHED;
    put(fixture, &hidden);
    assert_string_equal(related_ids(fixture, 3), "");
}

static void automatic_items_are_not_stored_as_links(void **state)
{
    fixture_t *fixture = *state;
    content_article_t a = article(1, "Glacier retreat measured", NULL, NULL);
    content_article_t b = article(2, "Glacier retreat speeds up", NULL, NULL);
    put(fixture, &a);
    put(fixture, &b);
    content_article_t *got = get(fixture, 2);
    assert_int_equal(got->related_count, 1);
    assert_true(got->related[0].automatic);
    put(fixture, got); /* an editor saves the article as loaded */
    assert_string_equal(related_ids(fixture, 2), "a1");
}

static void related_rebuild_recomputes_every_list(void **state)
{
    fixture_t *fixture = *state;
    content_article_t a = article(1, "Comet visible tonight", NULL, NULL);
    content_article_t b = article(2, "Comet photographed over Cairo", NULL, NULL);
    put(fixture, &a);
    put(fixture, &b);
    progress_t progress = {0};
    assert_int_equal(store_related_rebuild(fixture->store, count_progress, &progress), GZ_OK);
    assert_string_equal(related_ids(fixture, 1), "a2");
    assert_string_equal(related_ids(fixture, 2), "a1");
    assert_int_equal(progress.last_total, 2);
}

static void a_bulk_load_leaves_most_lists_to_the_rebuild(void **state)
{
    fixture_t *fixture = *state;
    static const char *const places[] = {"comet",   "glacier", "harbour", "vineyard", "bridge",
                                         "orchard", "tunnel",  "desert",  "island",   "canyon"};
    char headlines[20][64];
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    for (int i = 0; i < 20; i++) {
        snprintf(headlines[i], sizeof headlines[i], "Survey of the %s, part %d", places[i % 10],
                 i / 10 + 1);
        content_article_t a = article(i + 1, headlines[i], "Surveyors wrote a report.", NULL);
        put(fixture, &a);
    }
    assert_int_equal(store_commit(fixture->store), GZ_OK);
    /* The newest got their lists at the commit, the oldest wait. */
    assert_string_not_equal(related_ids(fixture, 20), "");
    assert_string_equal(related_ids(fixture, 1), "");
    assert_int_equal(store_related_rebuild(fixture->store, NULL, NULL), GZ_OK);
    assert_string_not_equal(related_ids(fixture, 1), "");
    assert_int_equal(temp_store_count(fixture, "SELECT count(*) FROM related_pending", 0, NULL), 0);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
    const struct CMUnitTest tests[] = {
        TEST(the_index_follows_publish_edit_unpublish_and_delete),
        TEST(stubs_and_scheduled_articles_are_not_found),
        TEST(a_failed_write_leaves_the_index_as_it_was),
        TEST(stems_and_arabic_variants_match),
        TEST(phrases_exclusions_and_or),
        TEST(reader_text_is_never_fts_syntax),
        TEST(text_without_words_is_not_searchable),
        cmocka_unit_test(the_match_expression_quotes_every_item),
        TEST(filters_narrow_the_results),
        TEST(pages_and_totals),
        TEST(the_headline_weighs_more_than_the_body),
        TEST(the_newest_story_leads_on_a_breaking_topic),
        TEST(snippets_mark_matches_and_escape_everything_else),
        TEST(passages_and_phrases_are_marked_alike),
        TEST(rebuild_restores_the_same_index),
        TEST(related_lists_are_chosen_at_publish_time),
        TEST(duplicates_and_hidden_targets_are_left_out),
        TEST(automatic_items_are_not_stored_as_links),
        TEST(related_rebuild_recomputes_every_list),
        TEST(a_bulk_load_leaves_most_lists_to_the_rebuild),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
