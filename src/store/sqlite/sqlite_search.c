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
 * Ranking is BM25 (search_rank, below) with the headline weighted 8, the
 * summary 3 and the body 1, times (1 + 0.5^(age / half-life)): the newest
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
 * Also registered here: search_recency(), the boost, as an SQL function,
 * and search_rank(), the FTS5 ranking function.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/search_text.h"
#include "store/sqlite/sqlite_private.h"

#define ARTICLE_JOINS                                                                              \
    " LEFT JOIN sections s ON s.id = a.section_id"                                                 \
    " LEFT JOIN content_types t ON t.id = a.content_type_id"
#define BM25 "search_rank(search_index, :idf, 8.0, 3.0, 1.0, 0.0)"
#define IN_RANGE " d.published_at BETWEEN :from AND :to"
#define MARK_OPEN "char(57344)"
#define MARK_CLOSE "char(57345)"

/* clang-format off: SQL laid out as SQL. */
static const char *const search_sql[SEARCH_STATEMENT_COUNT] = {
    [SEARCH_RANK] =
        "SELECT c.id, c.relevance * (1.0 + search_recency(:now, c.published_at, :half_life))"
        " AS score, count(*) OVER () AS candidates"
        " FROM (SELECT search_index.rowid AS id, d.published_at AS published_at,"
        "   " BM25 " AS relevance"
        "   FROM search_index JOIN search_documents d ON d.id = search_index.rowid"
        "   WHERE search_index MATCH :match AND" IN_RANGE
        "   ORDER BY search_index.rowid DESC LIMIT :candidates) c"
        " ORDER BY score, c.id DESC LIMIT :limit OFFSET :offset",
    /* The same when the word counts show there are few matches: all are
     * ranked, read forwards, which FTS5 does twice as fast. */
    [SEARCH_RANK_ALL] =
        "SELECT c.id, c.relevance * (1.0 + search_recency(:now, c.published_at, :half_life))"
        " AS score, count(*) OVER () AS candidates"
        " FROM (SELECT search_index.rowid AS id, d.published_at AS published_at,"
        "   " BM25 " AS relevance"
        "   FROM search_index JOIN search_documents d ON d.id = search_index.rowid"
        "   WHERE search_index MATCH :match AND" IN_RANGE " LIMIT :candidates) c"
        " ORDER BY score, c.id DESC LIMIT :limit OFFSET :offset",
    [SEARCH_TAIL] =
        "SELECT search_index.rowid FROM search_index"
        " JOIN search_documents d ON d.id = search_index.rowid"
        " WHERE search_index MATCH :match AND" IN_RANGE
        " ORDER BY search_index.rowid DESC LIMIT :limit OFFSET :offset",
    /* Only for a page past the ranked candidates, which then has no count. */
    [SEARCH_COUNT] =
        "SELECT count(*) FROM (SELECT 1 FROM search_index"
        " JOIN search_documents d ON d.id = search_index.rowid"
        " WHERE search_index MATCH :match AND" IN_RANGE " LIMIT :candidates)",
    [SEARCH_HIT] =
        "SELECT " SQLITE_ARTICLE_COLUMNS ","
        " highlight(search_index, 0, " MARK_OPEN ", " MARK_CLOSE "),"
        " highlight(search_index, 1, " MARK_OPEN ", " MARK_CLOSE ")"
        " FROM search_index JOIN articles a ON a.id = search_index.rowid" ARTICLE_JOINS
        " WHERE search_index MATCH :match AND search_index.rowid = :id",
    /* Asked only when the lede has no match: the body is the longest text. */
    [SEARCH_HIT_BODY] =
        "SELECT snippet(search_index, 2, " MARK_OPEN ", " MARK_CLOSE ", '\xe2\x80\xa6', 30)"
        " FROM search_index WHERE search_index MATCH :match AND search_index.rowid = :id",
    [SEARCH_LIVE_TOTAL] = "SELECT count(*) FROM articles WHERE status = 3 AND is_stub = 0",
    [SEARCH_BATCH_END] =
        "SELECT max(id), count(*) FROM (SELECT id FROM articles"
        " WHERE status = 3 AND is_stub = 0 AND id > ?1 ORDER BY id LIMIT ?2)",
    [SEARCH_CLEAR_INDEX] = "INSERT INTO search_index (search_index) VALUES ('delete-all')",
    [SEARCH_CLEAR_DOCUMENTS] = "DELETE FROM search_documents",
    [SEARCH_INDEX_BATCH] =
        "INSERT INTO search_index (rowid, headline, summary, body, facets)"
        " SELECT id, headline, summary, body, facets FROM search_source"
        " WHERE id > ?1 AND id <= ?2",
    [SEARCH_DOCUMENTS_BATCH] =
        "INSERT INTO search_documents (id, published_at, section_id)"
        " SELECT id, published_at, section_id FROM articles"
        " WHERE status = 3 AND is_stub = 0 AND id > ?1 AND id <= ?2",
    [SEARCH_OPTIMIZE] = "INSERT INTO search_index (search_index) VALUES ('optimize')",

    [RELATED_SOURCE] =
        "SELECT headline, COALESCE(summary, ''), COALESCE(section_id, 0),"
        " status = 3 AND is_stub = 0 FROM articles WHERE id = ?1",
    [SEARCH_COUNT_CAPPED] =
        "SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT ?2)",
    [RELATED_CANDIDATES] =
        "SELECT c.id, c.relevance * (CASE WHEN c.section_id = :section THEN 1.5 ELSE 1.0 END)"
        "   * (1.0 + search_recency(:now, c.published_at, :half_life)) AS score"
        " FROM (SELECT search_index.rowid AS id, d.published_at AS published_at,"
        "   d.section_id AS section_id, " BM25 " AS relevance"
        "   FROM search_index JOIN search_documents d ON d.id = search_index.rowid"
        "   WHERE search_index MATCH :match AND search_index.rowid <> :id"
        "   AND d.published_at <= :now"
        "   ORDER BY search_index.rowid DESC LIMIT :candidates) c"
        " ORDER BY score, c.id DESC LIMIT :limit",
    [RELATED_HEADLINE] = "SELECT headline FROM articles WHERE id = ?1",
    [SEARCH_PUBLISHED_TOTAL] = "SELECT COALESCE(SUM(total), 0) FROM article_counts"
                               " WHERE scope = 0 AND scope_id = 0 AND live = 1",
    [RELATED_MANUAL_TARGETS] = "SELECT target_id FROM related_links WHERE article_id = ?1",
    [RELATED_CURRENT] =
        "SELECT target_id FROM related_auto WHERE article_id = ?1 ORDER BY position",
    [RELATED_CLEAR] = "DELETE FROM related_auto WHERE article_id = ?1",
    [RELATED_ADD] =
        "INSERT INTO related_auto (article_id, position, target_id) VALUES (?1, ?2, ?3)",
    [RELATED_LOG_CHANGE] = "INSERT INTO change_log (tags) VALUES ('article:' || ?1)",
    [RELATED_READ] =
        "SELECT r.target_id, a.sort_key, a.content_type_id, a.slug, a.headline, a.lead_image,"
        " t.slug, t.name FROM related_auto r JOIN articles a ON a.id = r.target_id"
        " LEFT JOIN content_types t ON t.id = a.content_type_id"
        " WHERE r.article_id = ?1 AND a.status = 3 AND a.is_stub = 0 AND a.published_at <= ?2"
        " ORDER BY r.position",
    [RELATED_PENDING_ADD] =
        "INSERT INTO related_pending (article_id) VALUES (?1) ON CONFLICT DO NOTHING",
    [RELATED_PENDING_TAKE] =
        "SELECT article_id FROM related_pending ORDER BY article_id DESC LIMIT ?1",
    [RELATED_PENDING_DONE] = "DELETE FROM related_pending WHERE article_id = ?1",
    [RELATED_LIVE_IDS] =
        "SELECT id FROM articles WHERE status = 3 AND is_stub = 0 AND id > ?1 ORDER BY id LIMIT ?2",
};
/* clang-format on */

struct sqlite_search {
    sqlite3_stmt *statements[SEARCH_STATEMENT_COUNT];
    bool pending; /* related lists were queued since the last commit */
};

/* The newest matches ranked (one more than STORE_SEARCH_RANKED, to tell
 * "exactly that many" from "more"); SEARCH_FREQUENCY_CAP: see search_rank. */
enum {
    REBUILD_BATCH = 2000,
    SECONDS_PER_DAY = 86400,
    SEARCH_FREQUENCY_CAP = 5000,
    RANKED_SET = STORE_SEARCH_RANKED + 1
};

/* ---- the FTS5 tokenizer ------------------------------------------------------ */

typedef struct {
    void *fts5_context;
    int (*token)(void *context, int flags, const char *token, int len, int start, int end);
} fts5_emit_t;

static int emit_to_fts5(void *context, const char *term, size_t term_len, size_t start, size_t end)
{
    fts5_emit_t *emit = context;
    return emit->token(emit->fts5_context, 0, term, (int)term_len, (int)start, (int)end);
}

static int tokenizer_create(void *context, const char **arguments, int argument_count,
                            Fts5Tokenizer **out)
{
    (void)context;
    (void)arguments;
    (void)argument_count;
    content_tokenizer_t *tokenizer = content_tokenizer_new();
    *out = (Fts5Tokenizer *)(void *)tokenizer;
    return tokenizer != NULL ? SQLITE_OK : SQLITE_ERROR;
}

static void tokenizer_delete(Fts5Tokenizer *tokenizer)
{
    content_tokenizer_free((content_tokenizer_t *)(void *)tokenizer);
}

static int tokenizer_tokenize(Fts5Tokenizer *tokenizer, void *fts5_context, int flags,
                              const char *text, int len,
                              int (*token)(void *, int, const char *, int, int, int))
{
    (void)flags; /* documents, queries and snippets are read alike */
    if (len <= 0)
        return SQLITE_OK;
    fts5_emit_t emit = {fts5_context, token};
    int result = content_tokenize((content_tokenizer_t *)(void *)tokenizer, text, (size_t)len,
                                  emit_to_fts5, &emit);
    return result < 0 ? SQLITE_ERROR : result;
}

/* ---- search_rank: BM25 whose document frequencies stop counting ---------- */

/* What search_rank works out once per query: each phrase's IDF and the
 * average length of a document, and room for a row's frequencies. */
typedef struct {
    int phrase_count;
    double average_length;
    double *idf;
    double *frequency;
} rank_data_t;

static int count_until_cap(const Fts5ExtensionApi *api, Fts5Context *fts, void *context)
{
    (void)api;
    (void)fts;
    int64_t *count = context;
    return ++*count >= SEARCH_FREQUENCY_CAP ? SQLITE_DONE : SQLITE_OK;
}

static void rank_data_free(void *pointer)
{
    rank_data_t *data = pointer;
    free(data->idf);
    free(data->frequency);
    free(data);
}

/* Each phrase's IDF: from the caller's weights when it passed them for
 * as many phrases, else counted here (up to SEARCH_FREQUENCY_CAP). */
static double phrase_idf(const Fts5ExtensionApi *api, Fts5Context *fts, int phrase,
                         const sqlite_search_idf_t *given, sqlite3_int64 rows)
{
    if (given != NULL && given->count == api->xPhraseCount(fts))
        return given->idf[phrase];
    int64_t documents = 0;
    api->xQueryPhrase(fts, phrase, &documents, count_until_cap);
    return search_idf(rows, documents);
}

static rank_data_t *rank_data(const Fts5ExtensionApi *api, Fts5Context *fts,
                              const sqlite_search_idf_t *given)
{
    rank_data_t *data = api->xGetAuxdata(fts, 0);
    if (data != NULL)
        return data;
    data = gz_calloc(1, sizeof *data);
    data->phrase_count = api->xPhraseCount(fts);
    size_t phrases = data->phrase_count > 0 ? (size_t)data->phrase_count : 1;
    data->idf = gz_calloc(phrases, sizeof *data->idf);
    data->frequency = gz_calloc(phrases, sizeof *data->frequency);
    sqlite3_int64 rows = 0, tokens = 0;
    api->xRowCount(fts, &rows);
    api->xColumnTotalSize(fts, -1, &tokens);
    data->average_length = rows > 0 ? (double)tokens / (double)rows : 1.0;
    for (int i = 0; i < data->phrase_count; i++)
        data->idf[i] = phrase_idf(api, fts, i, given, rows);
    if (api->xSetAuxdata(fts, data, rank_data_free) != SQLITE_OK)
        return NULL; /* SQLite freed it */
    return data;
}

/* search_rank(search_index, idf, weight of each column...): BM25 (k1 1.2,
 * b 0.75) like FTS5's bm25(), negative, lower is better. FTS5's own bm25
 * counts every article holding each phrase to weigh it, a scan of the
 * whole doclist that costs 10 ms and more for a word in a third of a
 * million articles, and for a phrase of common words a scan of both. Here
 * the caller passes the phrases' IDFs (idf, a sqlite_search_idf_t bound
 * with sqlite3_bind_pointer), counted per word and only up to
 * SEARCH_FREQUENCY_CAP; without them, counts stop at that cap. */
static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                          int argument_count, sqlite3_value **values)
{
    const sqlite_search_idf_t *given =
        argument_count > 0 ? sqlite3_value_pointer(values[0], SQLITE_SEARCH_IDF_TYPE) : NULL;
    rank_data_t *data = rank_data(api, fts, given);
    int instances = 0, length = 0;
    if (data == NULL || api->xInstCount(fts, &instances) != SQLITE_OK ||
        api->xColumnSize(fts, -1, &length) != SQLITE_OK) {
        sqlite3_result_error(context, "search_rank: cannot read the matches", -1);
        return;
    }
    for (int i = 0; i < data->phrase_count; i++)
        data->frequency[i] = 0;
    for (int i = 0; i < instances; i++) {
        int phrase = 0, column = 0, offset = 0;
        if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK || phrase < 0 ||
            phrase >= data->phrase_count)
            continue;
        data->frequency[phrase] +=
            column + 1 < argument_count ? sqlite3_value_double(values[column + 1]) : 1.0;
    }
    double score = search_bm25(data->idf, data->frequency, (size_t)data->phrase_count,
                               (double)length, data->average_length);
    sqlite3_result_double(context, -score);
}

static int register_tokenizer(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK || api == NULL)
        return SQLITE_ERROR;
    fts5_tokenizer methods = {tokenizer_create, tokenizer_delete, tokenizer_tokenize};
    rc = api->xCreateTokenizer(api, "gazette", NULL, &methods, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "search_rank", NULL, rank_function, NULL);
    return rc;
}

/* search_recency(now, published_at, half_life_seconds): 0.5^(age /
 * half-life), 1 for an article published now, 0 when the boost is off. */
static void recency_function(sqlite3_context *context, int argument_count, sqlite3_value **values)
{
    (void)argument_count;
    double now = sqlite3_value_double(values[0]);
    double published = sqlite3_value_double(values[1]);
    double half_life = sqlite3_value_double(values[2]);
    sqlite3_result_double(context, search_recency(now, published, half_life));
}

int sqlite_search_connect(store_t *store)
{
    sqlite_connection_t *connection = sqlite_connection(store);
    if (register_tokenizer(connection->db) != SQLITE_OK)
        return sqlite_fail(store, "registering the search tokenizer");
    int rc = sqlite3_create_function_v2(connection->db, "search_recency", 3,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                        recency_function, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return sqlite_fail(store, "registering search_recency");
    connection->search = gz_calloc(1, sizeof *connection->search);
    return GZ_OK;
}

void sqlite_search_disconnect(store_t *store)
{
    sqlite_connection_t *connection = sqlite_connection(store);
    if (connection == NULL || connection->search == NULL)
        return;
    for (size_t i = 0; i < SEARCH_STATEMENT_COUNT; i++)
        sqlite3_finalize(connection->search->statements[i]);
    free(connection->search);
    connection->search = NULL;
}

int sqlite_search_prepared(store_t *store, sqlite_search_statement_t id, sqlite3_stmt **stmt)
{
    sqlite_connection_t *connection = sqlite_connection(store);
    if (connection->search == NULL)
        return store_fail(store, GZ_EIO, "search is not set up on this connection");
    sqlite3_stmt **slot = &connection->search->statements[id];
    if (*slot == NULL && sqlite3_prepare_v3(connection->db, search_sql[id], -1,
                                            SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK)
        return sqlite_fail(store, "preparing search statement %d", (int)id);
    *stmt = *slot;
    return GZ_OK;
}

bool sqlite_search_pending(store_t *store)
{
    sqlite_connection_t *connection = sqlite_connection(store);
    return connection->search != NULL && connection->search->pending;
}

void sqlite_search_set_pending(store_t *store, bool pending)
{
    sqlite_connection_t *connection = sqlite_connection(store);
    if (connection->search != NULL)
        connection->search->pending = pending;
}

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
        int column = COLUMN_TYPE_PREFIX + 1;
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

/* ---- rebuilding the index ------------------------------------------------------------ */

static int run_search_statement(store_t *store, sqlite_search_statement_t id, int64_t first,
                                int64_t second, const char *context)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, id, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    if (sqlite3_bind_parameter_count(stmt) >= 1)
        sqlite_bind_int64(stmt, 1, first, &rc);
    if (sqlite3_bind_parameter_count(stmt) >= 2)
        sqlite_bind_int64(stmt, 2, second, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "%s", context);
    sqlite_statement_done(stmt);
    return result;
}

/* Reads two integers from a one-row statement with up to two parameters. */
static int read_pair(store_t *store, sqlite_search_statement_t id, int64_t first, int64_t second,
                     int64_t *a, int64_t *b)
{
    sqlite3_stmt *stmt;
    int result = sqlite_search_prepared(store, id, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    if (sqlite3_bind_parameter_count(stmt) >= 1)
        sqlite_bind_int64(stmt, 1, first, &rc);
    if (sqlite3_bind_parameter_count(stmt) >= 2)
        sqlite_bind_int64(stmt, 2, second, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc == SQLITE_ROW) {
        *a = sqlite3_column_int64(stmt, 0);
        *b = sqlite3_column_count(stmt) > 1 ? sqlite3_column_int64(stmt, 1) : 0;
    } else {
        result = sqlite_fail(store, "reading articles to index");
    }
    sqlite_statement_done(stmt);
    return result;
}

static int index_all(store_t *store, store_progress_fn progress, void *context)
{
    int64_t total = 0, unused = 0;
    int result = read_pair(store, SEARCH_LIVE_TOTAL, 0, 0, &total, &unused);
    if (result == GZ_OK)
        result = run_search_statement(store, SEARCH_CLEAR_INDEX, 0, 0, "clearing the index");
    if (result == GZ_OK)
        result = run_search_statement(store, SEARCH_CLEAR_DOCUMENTS, 0, 0, "clearing the index");
    int64_t after = 0;
    size_t done = 0;
    while (result == GZ_OK) {
        int64_t last = 0, count = 0;
        result = read_pair(store, SEARCH_BATCH_END, after, REBUILD_BATCH, &last, &count);
        if (result != GZ_OK || count == 0)
            break;
        result = run_search_statement(store, SEARCH_INDEX_BATCH, after, last, "indexing");
        if (result == GZ_OK)
            result = run_search_statement(store, SEARCH_DOCUMENTS_BATCH, after, last, "indexing");
        after = last;
        done += (size_t)count;
        if (progress != NULL)
            progress(context, done, (size_t)total);
    }
    if (result == GZ_OK)
        result = run_search_statement(store, SEARCH_OPTIMIZE, 0, 0, "optimizing the index");
    return result;
}

int sqlite_search_rebuild(store_t *store, store_progress_fn progress, void *context)
{
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = index_all(store, progress, context);
    return sqlite_write_finish(store, &write, result);
}
