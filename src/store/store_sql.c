/*
 * store_sql.c: the text of every statement the two drivers share, in one
 * table indexed by store_sql_id_t (driver.h), written once in the SQL both
 * SQLite and PostgreSQL read alike. Placeholders are ?1, ?2 ...: SQLite
 * reads them as they are, and the PostgreSQL driver rewrites them to $1,
 * $2 when it first prepares a statement (store_sql_dollar_placeholders).
 * What the dialects do differently is not here: a driver names its own
 * text for such a statement, or its own whole operation, in its folder.
 *
 * Values are always bound parameters; the only pieces glued together are
 * fixed column lists, by the compiler.
 */
#include "store/driver.h"

#define AUDIT_COLUMNS                                                                              \
    "SELECT l.id, l.at, l.user_id, u.name, l.action, l.target, l.detail"                           \
    " FROM audit_log l LEFT JOIN users u ON u.id = l.user_id"
#define REVISION_COLUMNS                                                                           \
    "SELECT r.article_id, r.revision, r.user_id, u.name, r.at, r.snapshot"                         \
    " FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id"
#define USER_COLUMNS "SELECT id, name, display_name, role, password_hash, disabled, created_at"

/* clang-format off: SQL laid out as SQL. */
static const char *const shared_sql[SQL_STATEMENT_COUNT] = {
    [SQL_AUDIT_ADD] = "INSERT INTO audit_log (at, user_id, action, target, detail)"
                      " VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_AUDIT_LIST] = AUDIT_COLUMNS " ORDER BY l.id DESC LIMIT ?1 OFFSET ?2",
    [SQL_AUDIT_LIST_FOR_TARGET] = AUDIT_COLUMNS " WHERE l.target = ?1 ORDER BY l.id DESC LIMIT ?2",

    [SQL_REVISION_ADD] = "INSERT INTO article_revisions (article_id, revision, user_id, at,"
                         " snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_REVISION_LIST] = REVISION_COLUMNS " WHERE r.article_id = ?1 ORDER BY r.revision DESC",
    [SQL_REVISION_GET] = REVISION_COLUMNS " WHERE r.article_id = ?1 AND r.revision = ?2",
    [SQL_REVISION_LATEST] =
        REVISION_COLUMNS " WHERE r.article_id = ?1 ORDER BY r.revision DESC LIMIT 1",

    [SQL_USER_ADD] = "INSERT INTO users (name, display_name, role, password_hash, disabled,"
                     " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    [SQL_USER_BY_ID] = USER_COLUMNS " FROM users WHERE id = ?1",
    [SQL_USER_BY_NAME] = USER_COLUMNS " FROM users WHERE name = ?1",
    [SQL_USER_LIST] = USER_COLUMNS " FROM users ORDER BY name",
    [SQL_USER_UPDATE] = "UPDATE users SET display_name = ?2, role = ?3,"
                        " password_hash = COALESCE(?4, password_hash), disabled = ?5"
                        " WHERE id = ?1",
    [SQL_USER_SESSIONS_END] = "DELETE FROM sessions WHERE user_id = ?1",
    [SQL_SESSION_PRUNE] = "DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?1",
    [SQL_SESSION_ADD] = "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at,"
                        " csrf_token) VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_SESSION_GET] = "SELECT id_hash, user_id, created_at, last_seen_at, csrf_token"
                        " FROM sessions WHERE id_hash = ?1",
    [SQL_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = ?2 WHERE id_hash = ?1",
    [SQL_SESSION_DELETE] = "DELETE FROM sessions WHERE id_hash = ?1",

    [SQL_SECTION_BY_SLUG] = "SELECT id, slug, name FROM sections WHERE slug = ?1",
    [SQL_SECTION_LIST] = "SELECT id, slug, name FROM sections ORDER BY name, id",
    [SQL_TAG_BY_SLUG] = "SELECT id, slug, name FROM tags WHERE slug = ?1",
    [SQL_CONTENT_TYPE_GET] = "SELECT id, slug, name, headline_prefix FROM content_types"
                             " WHERE id = ?1",
    [SQL_CONTENT_TYPE_LIST] = "SELECT id, slug, name, headline_prefix FROM content_types"
                              " ORDER BY id",
    [SQL_CONTENT_TYPE_PUT] = "INSERT INTO content_types (id, slug, name, headline_prefix)"
                             " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET"
                             " slug = excluded.slug, name = excluded.name,"
                             " headline_prefix = excluded.headline_prefix",
    [SQL_SECTION_FIND] = "SELECT id FROM sections WHERE slug = ?1",
    [SQL_SECTION_INSERT] = "INSERT INTO sections (slug, name) VALUES (?1, ?2)"
                           " ON CONFLICT (slug) DO NOTHING",
    [SQL_AUTHOR_FIND] = "SELECT id FROM authors WHERE slug = ?1",
    [SQL_AUTHOR_INSERT] = "INSERT INTO authors (slug, name) VALUES (?1, ?2)"
                          " ON CONFLICT (slug) DO NOTHING",
    [SQL_TAG_FIND] = "SELECT id FROM tags WHERE slug = ?1",
    [SQL_TAG_INSERT] = "INSERT INTO tags (slug, name) VALUES (?1, ?2)"
                       " ON CONFLICT (slug) DO NOTHING",

    [SQL_CHANGES_SINCE] = "SELECT seq, tags FROM change_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    [SQL_CHANGE_LATEST] = "SELECT COALESCE(MAX(seq), 0) FROM change_log",

    /* The change_log row that refreshes a note's article pages. */
    [SQL_NOTE_CHANGED] = "INSERT INTO change_log (tags) SELECT 'article:' || id"
                         " FROM articles WHERE id = ?1 AND is_stub = 0",
    [SQL_NOTE_ADD] = "INSERT INTO article_notes (article_id, kind, text, created_at, user_id)"
                     " VALUES (?1, ?2, ?3, ?4, ?5)",

    /* One change-log entry per batch of page views. */
    [SQL_VIEWS_LOGGED] = "INSERT INTO change_log (tags) VALUES ('most-read')",
    [SQL_VIEWS_PRUNE] = "DELETE FROM article_views WHERE hour < ?1",
};
/* clang-format on */

const char *store_sql_text(store_sql_id_t id)
{
    return shared_sql[id];
}
