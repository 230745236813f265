/*
 * sqlite_search_index.c: the index side of full-text search on SQLite:
 * what every connection registers with SQLite (the "gazette" FTS5
 * tokenizer that reads documents and queries alike, the search_rank()
 * ranking function and the search_recency() boost), the cached search
 * statements, and the rebuild of the index. Split from sqlite_search.c,
 * which keeps the MATCH expressions, the phrase weights and running a
 * search, so that each file stays short; see there for the design.
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

/* SQL laid out as SQL. */
/* clang-format off */
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

    /* The newsroom's index: every article but stubs (see schema step 15).
     * A table with its own copy of the text deletes by rowid. */
    [NEWSROOM_FORGET] = "DELETE FROM search_newsroom WHERE rowid = ?1",
    [NEWSROOM_INDEX] =
        "INSERT INTO search_newsroom (rowid, headline, summary, body, authors, tags)"
        " SELECT id, headline, summary, body, authors, tags FROM search_newsroom_source"
        " WHERE id = ?1",
    [NEWSROOM_TOTAL] = "SELECT count(*) FROM articles WHERE is_stub = 0",
    [NEWSROOM_BATCH_END] =
        "SELECT max(id), count(*) FROM (SELECT id FROM articles"
        " WHERE is_stub = 0 AND id > ?1 ORDER BY id LIMIT ?2)",
    [NEWSROOM_CLEAR] = "DELETE FROM search_newsroom",
    [NEWSROOM_INDEX_BATCH] =
        "INSERT INTO search_newsroom (rowid, headline, summary, body, authors, tags)"
        " SELECT id, headline, summary, body, authors, tags FROM search_newsroom_source"
        " WHERE id > ?1 AND id <= ?2",
    [NEWSROOM_OPTIMIZE] = "INSERT INTO search_newsroom (search_newsroom) VALUES ('optimize')",
};
/* clang-format on */

struct sqlite_search {
    sqlite3_stmt *statements[SEARCH_STATEMENT_COUNT];
    bool pending; /* related lists were queued since the last commit */
};

enum { REBUILD_BATCH = 2000 };

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

/* Rebuilds one index in batches of ids: the articles it holds are those
 * its batch statement reads; done counts on from where the last one was. */
typedef struct {
    sqlite_search_statement_t batch_end;
    sqlite_search_statement_t batches[2]; /* the second may be SEARCH_STATEMENT_COUNT: none */
    sqlite_search_statement_t optimize;
} rebuild_plan_t;

static const rebuild_plan_t READERS_INDEX = {
    SEARCH_BATCH_END, {SEARCH_INDEX_BATCH, SEARCH_DOCUMENTS_BATCH}, SEARCH_OPTIMIZE};
static const rebuild_plan_t NEWSROOM_INDEX_PLAN = {
    NEWSROOM_BATCH_END, {NEWSROOM_INDEX_BATCH, SEARCH_STATEMENT_COUNT}, NEWSROOM_OPTIMIZE};

static int index_batches(store_t *store, const rebuild_plan_t *plan, size_t *done, size_t total,
                         store_progress_fn progress, void *context)
{
    int result = GZ_OK;
    int64_t after = 0;
    while (result == GZ_OK) {
        int64_t last = 0, count = 0;
        result = read_pair(store, plan->batch_end, after, REBUILD_BATCH, &last, &count);
        if (result != GZ_OK || count == 0)
            break;
        for (size_t i = 0; result == GZ_OK && i < 2; i++)
            if (plan->batches[i] != SEARCH_STATEMENT_COUNT)
                result = run_search_statement(store, plan->batches[i], after, last, "indexing");
        after = last;
        *done += (size_t)count;
        if (progress != NULL)
            progress(context, *done, total);
    }
    if (result == GZ_OK)
        result = run_search_statement(store, plan->optimize, 0, 0, "optimizing the index");
    return result;
}

/* Both indexes, the readers' and the newsroom's; progress counts the
 * articles of both passes. */
static int index_all(store_t *store, store_progress_fn progress, void *context)
{
    int64_t live = 0, every = 0, unused = 0;
    int result = read_pair(store, SEARCH_LIVE_TOTAL, 0, 0, &live, &unused);
    if (result == GZ_OK)
        result = read_pair(store, NEWSROOM_TOTAL, 0, 0, &every, &unused);
    if (result == GZ_OK)
        result = run_search_statement(store, SEARCH_CLEAR_INDEX, 0, 0, "clearing the index");
    if (result == GZ_OK)
        result = run_search_statement(store, SEARCH_CLEAR_DOCUMENTS, 0, 0, "clearing the index");
    if (result == GZ_OK)
        result = run_search_statement(store, NEWSROOM_CLEAR, 0, 0, "clearing the newsroom's index");
    size_t done = 0, total = (size_t)(live + every);
    if (result == GZ_OK)
        result = index_batches(store, &READERS_INDEX, &done, total, progress, context);
    if (result == GZ_OK)
        result = index_batches(store, &NEWSROOM_INDEX_PLAN, &done, total, progress, context);
    return result;
}

/* ---- the newsroom's index, after each write ------------------------------------------------ */

int sqlite_newsroom_follow(store_t *store, int64_t article_id)
{
    int result = run_search_statement(store, NEWSROOM_FORGET, article_id, 0,
                                      "updating the newsroom's index");
    if (result == GZ_OK)
        result = run_search_statement(store, NEWSROOM_INDEX, article_id, 0,
                                      "updating the newsroom's index");
    return result;
}

int sqlite_article_stored(store_t *store, int64_t article_id)
{
    int result = sqlite_newsroom_follow(store, article_id);
    return result == GZ_OK ? sqlite_related_mark(store, article_id) : result;
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
