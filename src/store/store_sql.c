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

_Static_assert(CONTENT_PUBLISHED == 3 && CONTENT_SCHEDULED == 2,
               "the SQL below spells published as 3 and scheduled as 2");

#define AUDIT_COLUMNS                                                                              \
    "SELECT l.id, l.at, l.user_id, u.name, l.action, l.target, l.detail"                           \
    " FROM audit_log l LEFT JOIN users u ON u.id = l.user_id"
#define REVISION_COLUMNS                                                                           \
    "SELECT r.article_id, r.revision, r.user_id, u.name, r.at, r.snapshot"                         \
    " FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id"
#define MOST_READ(section_filter)                                                                  \
    "SELECT " STORE_ARTICLE_COLUMNS ", v.total" STORE_ARTICLE_FROM                                 \
    " JOIN (SELECT article_id, CAST(SUM(views) AS BIGINT) AS total FROM article_views"             \
    "       WHERE hour >= ?1 GROUP BY article_id) v ON v.article_id = a.id"                        \
    " WHERE a.status = 3 AND a.is_stub = 0 AND a.published_at <= ?2" section_filter                \
    " ORDER BY v.total DESC, a.published_at DESC LIMIT ?3"
#define ASSIGNMENT_COLUMNS                                                                         \
    "g.article_id, g.user_id, COALESCE(NULLIF(u.display_name, ''), u.name), g.due_at, g.note,"     \
    " g.assigned_by, g.assigned_at"
#define USER_COLUMNS                                                                               \
    "SELECT id, name, display_name, role, password_hash, disabled, created_at, desks"

#define MEDIA_COLUMNS                                                                              \
    "SELECT id, kind, stem, file_name, mime, width, height, byte_count, has_original, alt,"        \
    " caption, credit, copyright, focus_set, focus_x, focus_y, duration_ms, poster_id,"            \
    " embed_provider, embed_id, created_at, updated_at FROM media"
/* The library's filters: ?1 kind (0 any), ?2 and ?3 the creation range
 * (0 open), ?4 a lower-case LIKE pattern (NULL any). lower() folds ASCII
 * letters alike on both backends (the PostgreSQL columns are COLLATE
 * "C"); the casts give PostgreSQL the parameters' types. */
#define MEDIA_FILTER                                                                               \
    " WHERE (CAST(?1 AS BIGINT) = 0 OR kind = ?1)"                                                 \
    " AND (CAST(?2 AS BIGINT) = 0 OR created_at >= CAST(?2 AS BIGINT))"                            \
    " AND (CAST(?3 AS BIGINT) = 0 OR created_at <= CAST(?3 AS BIGINT))"                            \
    " AND (CAST(?4 AS TEXT) IS NULL OR lower(caption) LIKE CAST(?4 AS TEXT) ESCAPE '\\'"           \
    " OR lower(credit) LIKE CAST(?4 AS TEXT) ESCAPE '\\'"                                          \
    " OR lower(alt) LIKE CAST(?4 AS TEXT) ESCAPE '\\'"                                             \
    " OR lower(file_name) LIKE CAST(?4 AS TEXT) ESCAPE '\\')"
#define AUTHOR_COLUMNS                                                                             \
    "SELECT id, slug, name, role_line, bio, picture_id, links, language, user_id, updated_at"      \
    " FROM authors"
#define AUTHOR_FILTER                                                                              \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR lower(name) LIKE CAST(?1 AS TEXT) ESCAPE '\\'"            \
    " OR slug LIKE CAST(?1 AS TEXT) ESCAPE '\\'"                                                   \
    " OR lower(role_line) LIKE CAST(?1 AS TEXT) ESCAPE '\\')"
/* An author's live articles, newest first, as fronts order them. */
#define AUTHOR_ARTICLES_WHERE                                                                      \
    " JOIN article_authors x ON x.article_id = a.id WHERE x.author_id = ?1"                        \
    " AND a.status = 3 AND a.is_stub = 0 AND a.published_at <= ?2"
#define BREAKING_COLUMNS                                                                           \
    "SELECT b.id, b.text, b.link, b.raised_by, r.name, b.raised_at, b.expires_at, b.lowered_at,"   \
    " b.lowered_by, l.name FROM breaking_news b LEFT JOIN users r ON r.id = b.raised_by"           \
    " LEFT JOIN users l ON l.id = b.lowered_by"
/* A section's every field (store_taxonomy.c reads them in this order),
 * and the navigation's order: a top-level section by position then name,
 * and each child right after its parent. */
#define SECTION_COLUMNS                                                                            \
    "SELECT s.id, s.slug, s.name, s.description, s.position, s.parent_id, s.desk, s.hidden"        \
    " FROM sections s"
#define SECTION_ORDER                                                                              \
    " LEFT JOIN sections p ON p.id = s.parent_id"                                                  \
    " ORDER BY COALESCE(p.position, s.position), COALESCE(p.name, s.name),"                        \
    " COALESCE(p.id, s.id), CASE WHEN s.parent_id IS NULL THEN 0 ELSE 1 END,"                      \
    " s.position, s.name, s.id"
/* The tag list's filter: ?1 a lower-case LIKE pattern, NULL for any. */
#define TAG_FILTER                                                                                 \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR lower(t.name) LIKE CAST(?1 AS TEXT) ESCAPE '\\'"          \
    " OR t.slug LIKE CAST(?1 AS TEXT) ESCAPE '\\')"
#define MEDIA_FILE_COLUMNS                                                                         \
    "SELECT variant, mime, width, height, byte_count, etag, made_at FROM media_files"

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
                     " created_at, desks) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    [SQL_USER_BY_ID] = USER_COLUMNS " FROM users WHERE id = ?1",
    [SQL_USER_BY_NAME] = USER_COLUMNS " FROM users WHERE name = ?1",
    [SQL_USER_LIST] = USER_COLUMNS " FROM users ORDER BY name",
    [SQL_USER_UPDATE] = "UPDATE users SET display_name = ?2, role = ?3,"
                        " password_hash = COALESCE(?4, password_hash), disabled = ?5,"
                        " desks = ?6 WHERE id = ?1",
    [SQL_USER_SESSIONS_END] = "DELETE FROM sessions WHERE user_id = ?1",
    [SQL_SESSION_PRUNE] = "DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?1",
    [SQL_SESSION_ADD] = "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at,"
                        " csrf_token) VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQL_SESSION_GET] = "SELECT id_hash, user_id, created_at, last_seen_at, csrf_token"
                        " FROM sessions WHERE id_hash = ?1",
    [SQL_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = ?2 WHERE id_hash = ?1",
    [SQL_SESSION_DELETE] = "DELETE FROM sessions WHERE id_hash = ?1",

    [SQL_SECTION_BY_SLUG] = SECTION_COLUMNS " WHERE s.slug = ?1",
    [SQL_SECTION_LIST] = SECTION_COLUMNS SECTION_ORDER,
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
    /* An imported section goes last in a navigation editors have ordered,
     * and stays in the alphabetical order of one nobody has (all 0). */
    [SQL_SECTION_INSERT] = "INSERT INTO sections (slug, name, position) VALUES (?1, ?2,"
                           " (SELECT CASE WHEN MAX(position) > 0 THEN MAX(position) + 10 ELSE 0"
                           " END FROM sections WHERE parent_id IS NULL))"
                           " ON CONFLICT (slug) DO NOTHING",
    [SQL_AUTHOR_FIND] = "SELECT id FROM authors WHERE slug = ?1",
    [SQL_AUTHOR_INSERT] = "INSERT INTO authors (slug, name) VALUES (?1, ?2)"
                          " ON CONFLICT (slug) DO NOTHING",
    /* A live slug first, then one the tag had before a rename or merge. */
    [SQL_TAG_FIND] = "SELECT f.id FROM (SELECT id, 0 AS is_old FROM tags WHERE slug = ?1"
                     " UNION ALL SELECT tag_id, 1 FROM tag_old_slugs WHERE slug = ?1) f"
                     " ORDER BY f.is_old LIMIT 1",
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
    /* Live articles by the views since hour ?1, at time ?2, at most ?3;
     * SQLite spells it with its index hint. */
    [SQL_MOST_READ] = MOST_READ(""),
    [SQL_MOST_READ_SECTION] = MOST_READ(" AND a.section_id = ?4"),

    /* The newsroom's list filters (store_newsroom.c binds them: ?1 stage
     * or -1, ?2 section or 0, ?3 author slug or NULL, ?4 the search
     * index's match or NULL, ?5 due time or 0, ?6 status key or NULL, ?7
     * desk or NULL, ?8 and ?9 the time range or 0, ?10 the assignee, 0 or
     * -1 for nobody) search the index each dialect has, so each driver
     * spells the lists (?11 limit, ?12 offset) and their count. The
     * scheduled articles due by ?1 (at most ?2) read the partial index
     * of scheduled ones: the status is in the text. */
    [SQL_NEWSROOM_COUNT] = NULL,
    [SQL_NEWSROOM_DUE] = "SELECT " STORE_ARTICLE_COLUMNS STORE_ARTICLE_FROM
                         " WHERE a.status = 2 AND a.published_at <= ?1"
                         " ORDER BY a.published_at LIMIT ?2",

    /* The articles whose newsroom index row names a tag or an author. */
    [SQL_NEWSROOM_TAGGED] = "SELECT article_id FROM article_tags WHERE tag_id = ?1",
    [SQL_NEWSROOM_AUTHORED] = "SELECT article_id FROM article_authors WHERE author_id = ?1",

    [SQL_ARTICLE_EXISTS] = "SELECT is_stub FROM articles WHERE id = ?1",
    [SQL_ARTICLE_BY_SOURCE_REF] = "SELECT id FROM articles WHERE source_ref = ?1",
    [SQL_ARTICLE_DELETE] = "DELETE FROM articles WHERE id = ?1",
    /* A new id (?1 NULL) is above any id ever used, deleted articles' kept
     * revisions included: a new article must never inherit an old one's
     * history. On update created_at is kept and the revision goes up by
     * one. An UPDATE in place, never a delete and insert, which would
     * cascade away other articles' links to this one. */
    [SQL_ARTICLE_UPSERT] =
        "INSERT INTO articles (id, slug, headline, subtitle, summary, body_markdown,"
        " body_html, dateline, language, editor_code, lead_image, status, is_stub,"
        " created_at, updated_at, published_at, sort_key, revision, source_ref, section_id,"
        " content_type_id, byline, seo_title, seo_description, social_title,"
        " social_description, canonical_url, noindex, workflow_status)"
        " VALUES (COALESCE(CAST(?1 AS BIGINT),"
        "   (SELECT COALESCE(MAX(ids.id), 0) + 1 FROM (SELECT MAX(id) AS id FROM articles"
        "    UNION ALL SELECT MAX(article_id) FROM article_revisions) ids)),"
        " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, ?18, ?19, ?20,"
        " ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)"
        " ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, headline = excluded.headline,"
        " subtitle = excluded.subtitle, summary = excluded.summary,"
        " body_markdown = excluded.body_markdown, body_html = excluded.body_html,"
        " dateline = excluded.dateline, language = excluded.language,"
        " editor_code = excluded.editor_code, lead_image = excluded.lead_image,"
        " status = excluded.status, is_stub = excluded.is_stub,"
        " updated_at = excluded.updated_at, published_at = excluded.published_at,"
        " sort_key = excluded.sort_key, revision = articles.revision + 1,"
        " source_ref = excluded.source_ref, section_id = excluded.section_id,"
        " content_type_id = excluded.content_type_id, byline = excluded.byline,"
        " seo_title = excluded.seo_title, seo_description = excluded.seo_description,"
        " social_title = excluded.social_title,"
        " social_description = excluded.social_description,"
        " canonical_url = excluded.canonical_url, noindex = excluded.noindex,"
        " workflow_status = excluded.workflow_status"
        " RETURNING id, created_at, revision",
    /* Links: (?1 article, ?2 the linked id, ?3 its position), row by row in
     * the editor's order (the triggers log them in that order); a repeated
     * author or tag keeps its first position. */
    [SQL_ARTICLE_AUTHORS_CLEAR] = "DELETE FROM article_authors WHERE article_id = ?1",
    [SQL_ARTICLE_AUTHOR_ADD] = "INSERT INTO article_authors (article_id, author_id, position)"
                               " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    [SQL_ARTICLE_TAGS_CLEAR] = "DELETE FROM article_tags WHERE article_id = ?1",
    /* The ordering columns are copied from the article (and kept in step by
     * a trigger) so that tag pages read one index in order. */
    [SQL_ARTICLE_TAG_ADD] =
        "INSERT INTO article_tags (article_id, tag_id, position, published_at, sort_key, live)"
        " SELECT a.id, CAST(?2 AS BIGINT), CAST(?3 AS INTEGER), a.published_at, a.sort_key,"
        " CASE WHEN a.status = 3 AND a.is_stub = 0 THEN 1 ELSE 0 END"
        " FROM articles a WHERE a.id = ?1 ON CONFLICT DO NOTHING",
    [SQL_ARTICLE_RELATED_CLEAR] = "DELETE FROM related_links WHERE article_id = ?1",
    [SQL_ARTICLE_RELATED_ADD] =
        "INSERT INTO related_links (article_id, target_id, position) VALUES (?1, ?2, ?3)",

    /* Media items: the metadata columns ?1 to ?17 in one order for both
     * writes (store_media.c binds them once). */
    [SQL_MEDIA_INSERT] = "INSERT INTO media (kind, stem, file_name, mime, width, height, alt,"
                         " caption, credit, copyright, focus_set, focus_x, focus_y, duration_ms,"
                         " poster_id, embed_provider, embed_id, byte_count, has_original,"
                         " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                         " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"
                         " RETURNING id",
    [SQL_MEDIA_UPDATE] = "UPDATE media SET kind = ?1, stem = ?2, file_name = ?3, mime = ?4,"
                         " width = ?5, height = ?6, alt = ?7, caption = ?8, credit = ?9,"
                         " copyright = ?10, focus_set = ?11, focus_x = ?12, focus_y = ?13,"
                         " duration_ms = ?14, poster_id = ?15, embed_provider = ?16,"
                         " embed_id = ?17, updated_at = ?18 WHERE id = ?19",
    [SQL_MEDIA_GET] = MEDIA_COLUMNS " WHERE id = ?1",
    [SQL_MEDIA_BY_STEM] = MEDIA_COLUMNS " WHERE stem = ?1",
    [SQL_MEDIA_EXISTS] = "SELECT id FROM media WHERE id = ?1",
    [SQL_MEDIA_LIST] =
        MEDIA_COLUMNS MEDIA_FILTER " ORDER BY created_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQL_MEDIA_COUNT] = "SELECT COUNT(*) FROM media" MEDIA_FILTER,
    [SQL_MEDIA_DELETE] = "DELETE FROM media WHERE id = ?1",
    /* The items that show ?1 as their poster, which its deletion changes. */
    [SQL_MEDIA_POSTER_CHANGED] = "INSERT INTO change_log (tags)"
                                 " SELECT 'media:' || CAST(id AS TEXT) FROM media"
                                 " WHERE poster_id = ?1",
    [SQL_MEDIA_CHANGED] = "INSERT INTO change_log (tags) VALUES ('media:' || CAST(?1 AS TEXT))",
    [SQL_MEDIA_TOUCH] = "UPDATE media SET updated_at = ?2 WHERE id = ?1",
    [SQL_MEDIA_ORIGINAL_SET] = "UPDATE media SET has_original = 1, byte_count = ?2, mime = ?3,"
                               " updated_at = ?4 WHERE id = ?1",
    [SQL_MEDIA_ORIGINAL_CLEAR] = "UPDATE media SET has_original = 0, updated_at = ?2"
                                 " WHERE id = ?1",
    [SQL_MEDIA_FILE_PUT] = "INSERT INTO media_files (media_id, variant, mime, width, height,"
                           " byte_count, etag, made_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                           " ON CONFLICT (media_id, variant) DO UPDATE SET mime = excluded.mime,"
                           " width = excluded.width, height = excluded.height,"
                           " byte_count = excluded.byte_count, etag = excluded.etag,"
                           " made_at = excluded.made_at",
    [SQL_MEDIA_FILE_INFO] = MEDIA_FILE_COLUMNS " WHERE media_id = ?1 AND variant = ?2",
    [SQL_MEDIA_FILE_LIST] = MEDIA_FILE_COLUMNS " WHERE media_id = ?1 ORDER BY variant",
    [SQL_MEDIA_FILE_DELETE] = "DELETE FROM media_files WHERE media_id = ?1 AND variant = ?2",
    [SQL_MEDIA_CHUNKS_CLEAR] = "DELETE FROM media_chunks WHERE media_id = ?1 AND variant = ?2",
    [SQL_MEDIA_CHUNK_ADD] = "INSERT INTO media_chunks (media_id, variant, part, bytes)"
                            " VALUES (?1, ?2, ?3, ?4)",
    [SQL_MEDIA_CHUNKS_READ] = "SELECT part, bytes FROM media_chunks WHERE media_id = ?1"
                              " AND variant = ?2 AND part >= ?3 AND part <= ?4 ORDER BY part",
    [SQL_ARTICLE_MEDIA_CLEAR] = "DELETE FROM article_media WHERE article_id = ?1",
    [SQL_ARTICLE_MEDIA_ADD] = "INSERT INTO article_media (article_id, media_id, role, position)"
                              " VALUES (?1, ?2, ?3, ?4)",
    /* An article uses a picture too when it shows a video with that poster. */
    [SQL_MEDIA_USAGE] = "SELECT DISTINCT article_id FROM article_media WHERE media_id = ?1"
                        " OR media_id IN (SELECT id FROM media WHERE poster_id = ?1)"
                        " ORDER BY article_id",
    /* Neither used by an article nor another item's poster. */
    [SQL_AUTHOR_GET] = AUTHOR_COLUMNS " WHERE id = ?1",
    [SQL_AUTHOR_BY_SLUG] = AUTHOR_COLUMNS " WHERE slug = ?1",
    [SQL_AUTHOR_BY_USER] = AUTHOR_COLUMNS " WHERE user_id = ?1",
    [SQL_AUTHOR_LIST] = AUTHOR_COLUMNS AUTHOR_FILTER " ORDER BY name, id LIMIT ?2 OFFSET ?3",
    [SQL_AUTHOR_COUNT] = "SELECT COUNT(*) FROM authors" AUTHOR_FILTER,
    [SQL_AUTHOR_ADD] = "INSERT INTO authors (slug, name, role_line, bio, picture_id, links,"
                       " language, user_id, updated_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
    [SQL_AUTHOR_UPDATE] = "UPDATE authors SET slug = ?1, name = ?2, role_line = ?3, bio = ?4,"
                          " picture_id = ?5, links = ?6, language = ?7, user_id = ?8,"
                          " updated_at = ?9 WHERE id = ?10",
    [SQL_AUTHOR_ARTICLES] = "SELECT " STORE_ARTICLE_COLUMNS STORE_ARTICLE_FROM AUTHOR_ARTICLES_WHERE
                            " ORDER BY a.published_at DESC, a.sort_key DESC, a.id DESC"
                            " LIMIT ?3 OFFSET ?4",
    [SQL_AUTHOR_ARTICLES_COUNT] = "SELECT COUNT(*) FROM articles a" AUTHOR_ARTICLES_WHERE,
    [SQL_ARTICLES_OF_TYPE] = "SELECT " STORE_ARTICLE_COLUMNS STORE_ARTICLE_FROM
                             " WHERE a.content_type_id = ?1 AND a.status = 3 AND a.is_stub = 0"
                             " AND a.published_at <= ?2"
                             " ORDER BY a.published_at DESC, a.sort_key DESC, a.id DESC LIMIT ?3",
    [SQL_FRONT_GET] = "SELECT key, layout, revision, updated_at, updated_by FROM fronts"
                      " WHERE key = ?1",
    [SQL_FRONT_INSERT] = "INSERT INTO fronts (key, layout, revision, updated_at, updated_by)"
                         " VALUES (?1, ?2, 1, ?3, ?4)",
    [SQL_FRONT_UPDATE] = "UPDATE fronts SET layout = ?2, revision = revision + 1, updated_at = ?3,"
                         " updated_by = ?4 WHERE key = ?1 AND revision = ?5",
    [SQL_FRONT_REVISION_ADD] = "INSERT INTO front_revisions (key, revision, layout, user_id, at)"
                               " SELECT key, revision, layout, updated_by, updated_at FROM fronts"
                               " WHERE key = ?1",
    /* The key is the tag of the page it arranges. */
    [SQL_FRONT_CHANGED] = "INSERT INTO change_log (tags) VALUES (?1)",
    [SQL_FRONT_REVISIONS] = "SELECT revision, user_id, at, layout FROM front_revisions"
                            " WHERE key = ?1 ORDER BY revision DESC LIMIT ?2",
    [SQL_FRONT_SCHEDULE_ADD] = "INSERT INTO front_schedules (key, layout, at, user_id, created_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
    [SQL_FRONT_SCHEDULES_OF] = "SELECT id, key, layout, at, user_id, created_at"
                               " FROM front_schedules WHERE key = ?1 ORDER BY at, id",
    [SQL_FRONT_SCHEDULES_DUE] = "SELECT id, key, layout, at, user_id, created_at"
                                " FROM front_schedules WHERE at <= ?1 ORDER BY at, id LIMIT ?2",
    [SQL_FRONT_SCHEDULE_DELETE] = "DELETE FROM front_schedules WHERE id = ?1",
    [SQL_MEDIA_UNUSED] = "SELECT m.id FROM media m WHERE m.updated_at < ?1"
                         " AND NOT EXISTS (SELECT 1 FROM article_media u WHERE u.media_id = m.id)"
                         " AND NOT EXISTS (SELECT 1 FROM media p WHERE p.poster_id = m.id)"
                         " ORDER BY m.id",

    /* The breaking-news banner. Only the newest row can be up (a raise
     * lowers the one before it), so lowering "the current one" (?1 NULL)
     * or a given one reads the primary key; an expired banner (expires_at
     * <= ?2, the time now) is not lowered: it is already down. */
    [SQL_BREAKING_LOWER] = "UPDATE breaking_news SET lowered_at = ?2, lowered_by = ?3"
                           " WHERE id = COALESCE(CAST(?1 AS BIGINT),"
                           " (SELECT MAX(id) FROM breaking_news))"
                           " AND lowered_at IS NULL AND (expires_at IS NULL OR expires_at > ?2)",
    [SQL_BREAKING_INSERT] = "INSERT INTO breaking_news (text, link, raised_by, raised_at,"
                            " expires_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
    [SQL_BREAKING_CHANGED] = "INSERT INTO change_log (tags) VALUES ('breaking')",
    [SQL_BREAKING_NEWEST] = BREAKING_COLUMNS " ORDER BY b.id DESC LIMIT 1",
    [SQL_BREAKING_LIST] = BREAKING_COLUMNS " ORDER BY b.id DESC LIMIT ?1",
    /* Site settings and the newsroom's planning (store_settings.c). */
    [SQL_SETTING_GET] = "SELECT value FROM site_settings WHERE name = ?1",
    [SQL_SETTING_PUT] = "INSERT INTO site_settings (name, value, updated_at, updated_by)"
                        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET"
                        " value = excluded.value, updated_at = excluded.updated_at,"
                        " updated_by = excluded.updated_by",
    [SQL_DESK_LIST] = "SELECT DISTINCT desk FROM sections WHERE desk IS NOT NULL AND desk <> ''"
                      " ORDER BY desk",
    [SQL_STATUS_COUNTS] = "SELECT workflow_status, COUNT(*) FROM articles WHERE is_stub = 0"
                          " GROUP BY workflow_status ORDER BY workflow_status",
    /* What is open (drafts, in review, scheduled) and what is due in the
     * day, by desk; due first, by time. */
    [SQL_BUDGET] = "SELECT " STORE_ARTICLE_COLUMNS ", " ASSIGNMENT_COLUMNS STORE_ARTICLE_FROM
                   " LEFT JOIN article_assignments g ON g.article_id = a.id"
                   " LEFT JOIN users u ON u.id = g.user_id"
                   " WHERE a.is_stub = 0 AND (a.status IN (0, 1, 2)"
                   "   OR (g.due_at >= ?1 AND g.due_at < ?2))"
                   " ORDER BY COALESCE(s.desk, ''), g.due_at IS NULL, g.due_at,"
                   " a.updated_at DESC, a.id LIMIT ?3",
    [SQL_ASSIGNMENT_GET] = "SELECT " ASSIGNMENT_COLUMNS " FROM article_assignments g"
                           " LEFT JOIN users u ON u.id = g.user_id WHERE g.article_id = ?1",
    [SQL_ASSIGNMENT_PUT] =
        "INSERT INTO article_assignments (article_id, user_id, due_at, note, assigned_by,"
        " assigned_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (article_id) DO UPDATE SET"
        " user_id = excluded.user_id, due_at = excluded.due_at, note = excluded.note,"
        " assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at",
    [SQL_ASSIGNMENT_DELETE] = "DELETE FROM article_assignments WHERE article_id = ?1",
    /* The addresses articles were published under (store_article_slugs.c):
     * kept once, with the time it first went out under each. */
    [SQL_ARTICLE_SLUG_KEEP] = "INSERT INTO article_slugs (article_id, slug, first_published_at)"
                              " VALUES (?1, ?2, ?3) ON CONFLICT (article_id, slug) DO NOTHING",
    [SQL_ARTICLE_SLUG_LIST] = "SELECT slug, first_published_at FROM article_slugs"
                              " WHERE article_id = ?1 ORDER BY first_published_at, slug",
    [SQL_ARTICLE_SLUG_KNOWN] = "SELECT 1 FROM article_slugs WHERE article_id = ?1 AND slug = ?2",
    /* Translations (store_translations.c): the articles of one group tell
     * one story, each in its language. */
    [SQL_TRANSLATION_GROUP] = "SELECT group_id FROM article_translations WHERE article_id = ?1",
    [SQL_TRANSLATION_JOIN] = "INSERT INTO article_translations (article_id, group_id)"
                             " VALUES (?1, ?2) ON CONFLICT (article_id)"
                             " DO UPDATE SET group_id = excluded.group_id",
    [SQL_TRANSLATION_MERGE] = "UPDATE article_translations SET group_id = ?2 WHERE group_id = ?1",
    [SQL_TRANSLATION_LEAVE] = "DELETE FROM article_translations WHERE article_id = ?1",
    [SQL_TRANSLATION_CHANGED] = "INSERT INTO change_log (tags)"
                                " SELECT 'article:' || CAST(article_id AS TEXT)"
                                " FROM article_translations WHERE group_id = ?1",
    [SQL_TRANSLATION_LIST] =
        "SELECT a.id, a.slug, a.language, a.headline, a.status, a.published_at, a.is_stub"
        " FROM article_translations mine"
        " JOIN article_translations t ON t.group_id = mine.group_id AND t.article_id <> ?1"
        " JOIN articles a ON a.id = t.article_id WHERE mine.article_id = ?1"
        " ORDER BY a.language, a.id",

    /* Taxonomy management: sections (?1 to ?7 the fields, ?8 the id). */
    [SQL_SECTION_GET] = SECTION_COLUMNS " WHERE s.id = ?1",
    [SQL_SECTION_ADD] = "INSERT INTO sections (slug, name, description, position, parent_id,"
                        " desk, hidden) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    [SQL_SECTION_UPDATE] = "UPDATE sections SET slug = ?1, name = ?2, description = ?3,"
                           " position = ?4, parent_id = ?5, desk = ?6, hidden = ?7"
                           " WHERE id = ?8",
    /* Tags: renamed and merged, keeping their old slugs for 301s. */
    [SQL_TAG_GET] = "SELECT id, slug, name FROM tags WHERE id = ?1",
    [SQL_TAG_BY_OLD_SLUG] = "SELECT t.id, t.slug, t.name FROM tag_old_slugs o"
                            " JOIN tags t ON t.id = o.tag_id WHERE o.slug = ?1",
    [SQL_TAG_LIST] = "SELECT t.id, t.slug, t.name,"
                     " (SELECT COUNT(*) FROM article_tags x WHERE x.tag_id = t.id)"
                     " FROM tags t" TAG_FILTER " ORDER BY t.name, t.id LIMIT ?2 OFFSET ?3",
    [SQL_TAG_COUNT] = "SELECT COUNT(*) FROM tags t" TAG_FILTER,
    [SQL_TAG_RENAME] = "UPDATE tags SET name = ?2, slug = ?3 WHERE id = ?1",
    [SQL_TAG_OLD_SLUG_ADD] = "INSERT INTO tag_old_slugs (slug, tag_id, created_at)"
                             " VALUES (?1, ?2, ?3) ON CONFLICT (slug) DO UPDATE SET"
                             " tag_id = excluded.tag_id, created_at = excluded.created_at",
    [SQL_TAG_OLD_SLUG_DROP] = "DELETE FROM tag_old_slugs WHERE slug = ?1",
    [SQL_TAG_OLD_SLUGS_MOVE] = "UPDATE tag_old_slugs SET tag_id = ?2 WHERE tag_id = ?1",
    /* The pages of the articles that show tag ?1, or everything when
     * there are more than ?2 of them (a page each would flood the log). */
    [SQL_TAG_ARTICLES_CHANGED] =
        "INSERT INTO change_log (tags)"
        " SELECT 'article:' || CAST(article_id AS TEXT) FROM article_tags WHERE tag_id = ?1"
        " AND (SELECT COUNT(*) FROM article_tags WHERE tag_id = ?1) <= ?2"
        " UNION ALL SELECT 'all' FROM tags WHERE id = ?1"
        " AND (SELECT COUNT(*) FROM article_tags WHERE tag_id = ?1) > ?2",
    /* An article that has both tags keeps the one it had of ?2. */
    [SQL_TAG_LINKS_MOVE] = "INSERT INTO article_tags (article_id, tag_id, position,"
                           " published_at, sort_key, live)"
                           " SELECT article_id, ?2, position, published_at, sort_key, live"
                           " FROM article_tags WHERE tag_id = ?1"
                           " ON CONFLICT (article_id, tag_id) DO NOTHING",
    [SQL_TAG_LINKS_CLEAR] = "DELETE FROM article_tags WHERE tag_id = ?1",
    [SQL_TAG_DELETE] = "DELETE FROM tags WHERE id = ?1",
};
/* clang-format on */

const char *store_sql_text(store_sql_id_t id)
{
    return shared_sql[id];
}
