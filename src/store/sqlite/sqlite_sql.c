/*
 * sqlite_sql.c: the text of every statement the SQLite backend caches, in
 * one table indexed by sqlite_statement_id_t, so the whole dialect can be
 * read (and its query plans checked) in one place. Values are always bound
 * parameters; the only pieces glued together are the fixed column list and
 * join below, by the compiler.
 *
 * Lists come in one statement per access path (everything, live, per
 * section, per tag, each with and without the live filter) because SQLite
 * picks its index when a statement is prepared: a single statement with
 * "(:section = 0 OR section_id = :section)" would scan the whole table.
 * "Live" is spelled "status = 3 AND is_stub = 0" exactly as in the partial
 * indexes of the schema, which is what lets SQLite use them. A list's total
 * is read from the counters the schema's triggers keep (article_counts),
 * not counted, so a page costs the same at ten articles or a million.
 */
#include "store/sqlite/sqlite_private.h"

_Static_assert(CONTENT_PUBLISHED == 3, "the SQL below spells published as 3");

#define ARTICLE_FROM                                                                               \
    " FROM articles a LEFT JOIN sections s ON s.id = a.section_id"                                 \
    " LEFT JOIN content_types t ON t.id = a.content_type_id"
#define TAGGED_FROM                                                                                \
    " FROM article_tags g CROSS JOIN articles a ON a.id = g.article_id"                            \
    " LEFT JOIN sections s ON s.id = a.section_id"                                                 \
    " LEFT JOIN content_types t ON t.id = a.content_type_id"
#define LIVE " a.status = 3 AND a.is_stub = 0 AND a.published_at <= :now"
#define TAG_LIVE " g.live = 1 AND g.published_at <= :now"
#define SECTION_OF_TAGGED " (:section = 0 OR a.section_id = :section)"
#define NEWEST " ORDER BY a.published_at DESC, a.sort_key DESC, a.id DESC"
#define TAG_NEWEST " ORDER BY g.published_at DESC, g.sort_key DESC, g.article_id DESC"
#define PAGE " LIMIT :limit OFFSET :offset"
#define LIVE_COUNTER(scope, scope_id)                                                              \
    "(SELECT COALESCE(SUM(total), 0) FROM article_counts WHERE scope = " scope                     \
    " AND scope_id = " scope_id " AND live = 1)"
/* An edition's articles: the language's primary subtag is in :langs
 * (",ar,fa,"), or with :exclude = 1 is not. No counter keeps these
 * totals: they are counted. */
#define IN_EDITION                                                                                 \
    " AND (:section = 0 OR a.section_id = :section) AND (:after = 0 OR a.published_at > :after)"   \
    " AND (instr(:langs, ',' || lower(substr(a.language, 1, instr(a.language || '-', '-') - 1))"   \
    " || ',') > 0) <> :exclude"
#define LIVE_LATER " a.status = 3 AND a.is_stub = 0 AND a.published_at > :now"

/* clang-format off: SQL laid out as SQL. */
static const char *const statement_sql[STMT_COUNT_OF_STATEMENTS] = {
    [STMT_BEGIN_READ] = "BEGIN DEFERRED",
    [STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [STMT_COMMIT] = "COMMIT",
    [STMT_ROLLBACK] = "ROLLBACK",
    [STMT_SAVEPOINT] = "SAVEPOINT store_write",
    [STMT_RELEASE] = "RELEASE store_write",
    [STMT_ROLLBACK_TO] = "ROLLBACK TO store_write",
    [STMT_DATA_VERSION] = "PRAGMA data_version",

    [STMT_SCHEMA_TABLE_EXISTS] =
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    [STMT_SCHEMA_VERSION] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
    [STMT_SCHEMA_RECORD] = "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
    [STMT_CONTENT_TYPE_SEED] = "INSERT INTO content_types (id, slug, name, headline_prefix)"
                               " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",


    [STMT_ARTICLE_GET] = "SELECT " SQLITE_ARTICLE_COLUMNS
                         ", a.body_markdown, a.body_html" ARTICLE_FROM " WHERE a.id = ?1",
    [STMT_ARTICLE_AUTHORS] = "SELECT u.id, u.slug, u.name FROM article_authors x"
                             " JOIN authors u ON u.id = x.author_id"
                             " WHERE x.article_id = ?1 ORDER BY x.position",
    [STMT_ARTICLE_TAGS] = "SELECT u.id, u.slug, u.name FROM article_tags x"
                          " JOIN tags u ON u.id = x.tag_id"
                          " WHERE x.article_id = ?1 ORDER BY x.position",
    [STMT_ARTICLE_RELATED] =
        "SELECT r.target_id, a.sort_key, a.content_type_id, a.slug, a.headline, a.lead_image,"
        " t.slug, t.name"
        " FROM related_links r JOIN articles a ON a.id = r.target_id"
        " LEFT JOIN content_types t ON t.id = a.content_type_id"
        " WHERE r.article_id = ?1 ORDER BY r.position",
    [STMT_LIST_ALL] = "SELECT " SQLITE_ARTICLE_COLUMNS ARTICLE_FROM NEWEST PAGE,
    [STMT_LIST_LIVE] = "SELECT " SQLITE_ARTICLE_COLUMNS ARTICLE_FROM " WHERE" LIVE NEWEST PAGE,
    [STMT_LIST_SECTION] =
        "SELECT " SQLITE_ARTICLE_COLUMNS ARTICLE_FROM " WHERE a.section_id = :section" NEWEST PAGE,
    [STMT_LIST_SECTION_LIVE] = "SELECT " SQLITE_ARTICLE_COLUMNS ARTICLE_FROM
                               " WHERE a.section_id = :section AND" LIVE NEWEST PAGE,
    [STMT_LIST_TAG] = "SELECT " SQLITE_ARTICLE_COLUMNS TAGGED_FROM
                      " WHERE g.tag_id = :tag AND" SECTION_OF_TAGGED TAG_NEWEST PAGE,
    [STMT_LIST_TAG_LIVE] =
        "SELECT " SQLITE_ARTICLE_COLUMNS TAGGED_FROM " WHERE g.tag_id = :tag AND" TAG_LIVE
        " AND" SECTION_OF_TAGGED TAG_NEWEST PAGE,
    /* Totals come from the counters the schema's triggers keep, minus the
     * live articles scheduled after now (a short range of the live index). */
    [STMT_COUNT_ALL] = "SELECT COALESCE(SUM(total), 0) FROM article_counts"
                       " WHERE scope = 0 AND scope_id = 0",
    [STMT_COUNT_LIVE] = "SELECT " LIVE_COUNTER("0", "0") " - (SELECT COUNT(*) FROM articles a"
                                                         " WHERE" LIVE_LATER ")",
    [STMT_COUNT_SECTION] = "SELECT COALESCE(SUM(total), 0) FROM article_counts"
                           " WHERE scope = 1 AND scope_id = :section",
    [STMT_COUNT_SECTION_LIVE] =
        "SELECT " LIVE_COUNTER("1", ":section") " - (SELECT COUNT(*) FROM articles a"
                                                " WHERE a.section_id = :section AND" LIVE_LATER ")",
    [STMT_COUNT_TAG] = "SELECT COALESCE(SUM(total), 0) FROM article_counts"
                       " WHERE scope = 2 AND scope_id = :tag",
    [STMT_COUNT_TAG_LIVE] = "SELECT " LIVE_COUNTER(
        "2", ":tag") " - (SELECT COUNT(*) FROM article_tags g WHERE g.tag_id = :tag"
                     " AND g.live = 1 AND g.published_at > :now)",
    [STMT_COUNT_TAG_SECTION] = "SELECT COUNT(*) FROM article_tags g CROSS JOIN articles a"
                               " ON a.id = g.article_id WHERE g.tag_id = :tag"
                               " AND a.section_id = :section",
    [STMT_COUNT_TAG_SECTION_LIVE] =
        "SELECT COUNT(*) FROM article_tags g CROSS JOIN articles a"
        " ON a.id = g.article_id WHERE g.tag_id = :tag AND" TAG_LIVE " AND a.section_id = :section",

    [STMT_VIEWS_ADD] =
        "INSERT INTO article_views (article_id, hour, views)"
        " SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)"
        " ON CONFLICT (article_id, hour) DO UPDATE SET views = views + excluded.views",

    /* Feeds, sitemaps and tag pages. The last 48 hours are a short range at
     * the top of the live index. The oldest-first list (article sitemaps,
     * 50,000 a page) reads the same index backwards in a subquery that
     * selects only ids, so the OFFSET skips index entries, never rows
     * (page 20 of 1,000,000: 0.05 s instead of 0.7 s); the co-routine
     * yields the ids in order and the outer join keeps it. */
    [STMT_ARTICLE_BODY] = "SELECT body_html FROM articles WHERE id = ?1",
    [STMT_LIST_LIVE_SINCE] = "SELECT " SQLITE_ARTICLE_COLUMNS ARTICLE_FROM
                             " WHERE" LIVE " AND a.published_at > :after" NEWEST PAGE,
    [STMT_COUNT_LIVE_SINCE] =
        "SELECT COUNT(*) FROM articles a WHERE" LIVE " AND a.published_at > :after",
    [STMT_LIST_LIVE_OLDEST] =
        "SELECT " SQLITE_ARTICLE_COLUMNS " FROM (SELECT id FROM articles a WHERE" LIVE
        " ORDER BY a.published_at, a.sort_key, a.id" PAGE ") p CROSS JOIN articles a ON a.id = p.id"
        " LEFT JOIN sections s ON s.id = a.section_id"
        " LEFT JOIN content_types t ON t.id = a.content_type_id",
    [STMT_LIST_EDITION] = "SELECT " SQLITE_ARTICLE_COLUMNS ARTICLE_FROM
                          " WHERE" LIVE IN_EDITION NEWEST PAGE,
    [STMT_LIST_EDITION_OLDEST] = "SELECT " SQLITE_ARTICLE_COLUMNS ARTICLE_FROM
                                 " WHERE" LIVE IN_EDITION
                                 " ORDER BY a.published_at, a.sort_key, a.id" PAGE,
    [STMT_COUNT_EDITION] = "SELECT COUNT(*) FROM articles a WHERE" LIVE IN_EDITION,
    [STMT_ARTICLE_NOTES] = "SELECT kind, text, created_at FROM article_notes"
                           " WHERE article_id = ?1 ORDER BY created_at, id",
};
/* clang-format on */

/* The shared statements SQLite spells its own way (driver.h): the most-read
 * lists name the hour index, which the planner would not pick over the
 * live index by itself; the newsroom's list searches search_newsroom, the
 * FTS5 index of every article (schema step 15), and joins the authors'
 * names with group_concat. */
#define MOST_READ(section_filter)                                                                  \
    "SELECT " STORE_ARTICLE_COLUMNS ", v.total" STORE_ARTICLE_FROM                                 \
    " JOIN (SELECT article_id, SUM(views) AS total"                                                \
    "       FROM article_views INDEXED BY article_views_by_hour"                                   \
    "       WHERE hour >= ?1 GROUP BY article_id) v ON v.article_id = a.id"                        \
    " WHERE a.status = 3 AND a.is_stub = 0 AND a.published_at <= ?2" section_filter                \
    " ORDER BY v.total DESC, a.published_at DESC LIMIT ?3"
#define NEWSROOM_FILTER                                                                            \
    " a.is_stub = 0 AND (?1 < 0 OR a.status = ?1) AND (?2 = 0 OR a.section_id = ?2)"               \
    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM article_authors x JOIN authors u"                   \
    " ON u.id = x.author_id WHERE x.article_id = a.id AND u.slug = ?3))"                           \
    " AND (?4 IS NULL OR a.id IN (SELECT rowid FROM search_newsroom"                               \
    " WHERE search_newsroom MATCH ?4))"                                                            \
    " AND (?5 = 0 OR a.published_at <= ?5) AND (?6 IS NULL OR a.workflow_status = ?6)"            \
    " AND (?7 IS NULL OR a.section_id IN (SELECT id FROM sections WHERE desk = ?7))"               \
    " AND (?8 = 0 OR a.published_at >= ?8)"                                                        \
    " AND (?9 = 0 OR (a.published_at > 0 AND a.published_at <= ?9))"                               \
    " AND (?10 = 0 OR (?10 < 0 AND NOT EXISTS (SELECT 1 FROM article_assignments h"                \
    " WHERE h.article_id = a.id AND h.user_id IS NOT NULL)) OR EXISTS (SELECT 1"                   \
    " FROM article_assignments h WHERE h.article_id = a.id AND h.user_id = ?10))"
/* The authors' names in order: group_concat keeps the order of the
 * subquery it reads. */
#define NEWSROOM_AUTHORS                                                                           \
    ", (SELECT group_concat(n, ', ') FROM (SELECT u.name AS n FROM article_authors x"              \
    " JOIN authors u ON u.id = x.author_id WHERE x.article_id = a.id ORDER BY x.position))"
#define NEWSROOM_LIST(order)                                                                       \
    "SELECT " STORE_ARTICLE_COLUMNS NEWSROOM_AUTHORS STORE_NEWSROOM_ASSIGNEE_COLUMNS               \
        STORE_NEWSROOM_FROM " WHERE" NEWSROOM_FILTER order " LIMIT ?11 OFFSET ?12"

/* clang-format off: SQL laid out as SQL. */
static const char *const dialect_sql[SQL_STATEMENT_COUNT] = {
    [SQL_MOST_READ] = MOST_READ(""),
    [SQL_MOST_READ_SECTION] = MOST_READ(" AND a.section_id = ?4"),
    STORE_NEWSROOM_LISTS(NEWSROOM_LIST),
    [SQL_NEWSROOM_COUNT] = "SELECT COUNT(*) FROM articles a WHERE" NEWSROOM_FILTER,
};
/* clang-format on */

const char *store_sqlite_dialect_text(store_sql_id_t id)
{
    return dialect_sql[id];
}

const char *sqlite_statement_sql(sqlite_statement_id_t id)
{
    if ((int)id < 0 || id >= STMT_COUNT_OF_STATEMENTS)
        return NULL;
    return statement_sql[id];
}
