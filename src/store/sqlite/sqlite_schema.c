/*
 * sqlite_schema.c: the SQLite schema as a list of numbered migration steps,
 * and the seed data.
 *
 * A database records the steps it has had in schema_migrations; migrating
 * applies the missing ones in order, each in its own IMMEDIATE transaction
 * that first looks again at the recorded version, so two processes starting
 * at once apply each step exactly once. Steps are never edited once
 * released: a change to the schema is a new step at the end of the list.
 *
 * The indexes follow the reader's queries. Fronts list the newest live
 * articles (published_at, sort_key, id, all descending); partial indexes on
 * exactly "status = 3 AND is_stub = 0" hold only live articles, so a page
 * of a home or section front reads one page of index entries, whatever the
 * size of the archive. Tag pages would otherwise have to sort every article
 * of a tag, so article_tags carries copies of the ordering columns (written
 * by the store and kept in step by a trigger) and has its own indexes.
 *
 * A list also reports how many articles match in all (its total), and
 * counting 950,000 live index entries costs ~25 ms. So triggers keep
 * article_counts: how many articles there are, live or not, in all
 * (scope 0), per section (scope 1, scope_id the section) and per tag
 * (scope 2). A live total is then the counter minus the live articles
 * scheduled after now, a short index range at the top of the live index.
 * Only "this tag within this section" still counts rows.
 *
 * Seed content types are inserted with ON CONFLICT DO NOTHING, so an
 * editor's renaming of "Video" survives the next start.
 */
#include <stdio.h>

#include "store/sqlite/sqlite_private.h"

/* clang-format off: SQL laid out as SQL. */
static const char migration_1[] =
    "CREATE TABLE sections ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL);"
    "CREATE TABLE content_types ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  headline_prefix TEXT);"
    "CREATE TABLE authors ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL);"
    "CREATE TABLE tags ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL);"
    "CREATE TABLE articles ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT,"
    "  headline TEXT NOT NULL,"
    "  subtitle TEXT,"
    "  summary TEXT,"
    "  body_markdown TEXT NOT NULL DEFAULT '',"
    "  body_html TEXT NOT NULL DEFAULT '',"
    "  dateline TEXT,"
    "  language TEXT NOT NULL,"
    "  editor_code TEXT,"
    "  lead_image TEXT,"
    "  status INTEGER NOT NULL,"
    "  is_stub INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  published_at INTEGER NOT NULL DEFAULT 0,"
    "  sort_key INTEGER NOT NULL DEFAULT 0,"
    "  revision INTEGER NOT NULL DEFAULT 1,"
    "  source_ref TEXT UNIQUE,"
    "  section_id INTEGER REFERENCES sections (id) ON DELETE SET NULL,"
    "  content_type_id INTEGER REFERENCES content_types (id) ON DELETE SET NULL);"
    "CREATE INDEX articles_newest"
    "  ON articles (published_at DESC, sort_key DESC, id DESC);"
    "CREATE INDEX articles_live_newest"
    "  ON articles (published_at DESC, sort_key DESC, id DESC)"
    "  WHERE status = 3 AND is_stub = 0;"
    "CREATE INDEX articles_section_newest"
    "  ON articles (section_id, published_at DESC, sort_key DESC, id DESC);"
    "CREATE INDEX articles_section_live_newest"
    "  ON articles (section_id, published_at DESC, sort_key DESC, id DESC)"
    "  WHERE status = 3 AND is_stub = 0;"
    "CREATE INDEX articles_content_type ON articles (content_type_id);"
    "CREATE TABLE article_authors ("
    "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, author_id)) WITHOUT ROWID;"
    "CREATE INDEX article_authors_by_author ON article_authors (author_id);"
    "CREATE TABLE article_tags ("
    "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  published_at INTEGER NOT NULL,"
    "  sort_key INTEGER NOT NULL,"
    "  live INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, tag_id)) WITHOUT ROWID;"
    "CREATE INDEX article_tags_newest"
    "  ON article_tags (tag_id, published_at DESC, sort_key DESC, article_id DESC);"
    "CREATE INDEX article_tags_live_newest"
    "  ON article_tags (tag_id, published_at DESC, sort_key DESC, article_id DESC)"
    "  WHERE live = 1;"
    "CREATE TRIGGER article_tags_follow_article"
    "  AFTER UPDATE OF status, is_stub, published_at, sort_key ON articles"
    "  BEGIN"
    "    UPDATE article_tags SET published_at = NEW.published_at, sort_key = NEW.sort_key,"
    "      live = (NEW.status = 3 AND NEW.is_stub = 0)"
    "    WHERE article_id = NEW.id;"
    "  END;"
    "CREATE TABLE related_links ("
    "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  target_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (article_id, position)) WITHOUT ROWID;"
    "CREATE INDEX related_links_by_target ON related_links (target_id);"
    "CREATE TABLE article_counts ("
    "  scope INTEGER NOT NULL,"
    "  scope_id INTEGER NOT NULL,"
    "  live INTEGER NOT NULL,"
    "  total INTEGER NOT NULL,"
    "  PRIMARY KEY (scope, scope_id, live)) WITHOUT ROWID;"
    /* An article counts once in all and once in its section; a row of
     * article_tags once in its tag. "live" as in the partial indexes. */
    "CREATE TRIGGER articles_count_insert AFTER INSERT ON articles BEGIN"
    "  INSERT INTO article_counts (scope, scope_id, live, total)"
    "    SELECT 0, 0, NEW.status = 3 AND NEW.is_stub = 0, 1 WHERE true"
    "    ON CONFLICT DO UPDATE SET total = total + 1;"
    "  INSERT INTO article_counts (scope, scope_id, live, total)"
    "    SELECT 1, NEW.section_id, NEW.status = 3 AND NEW.is_stub = 0, 1"
    "    WHERE NEW.section_id IS NOT NULL"
    "    ON CONFLICT DO UPDATE SET total = total + 1;"
    "END;"
    "CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN"
    "  UPDATE article_counts SET total = total - 1"
    "    WHERE scope = 0 AND scope_id = 0 AND live = (OLD.status = 3 AND OLD.is_stub = 0);"
    "  UPDATE article_counts SET total = total - 1"
    "    WHERE scope = 1 AND scope_id = OLD.section_id"
    "    AND live = (OLD.status = 3 AND OLD.is_stub = 0);"
    "END;"
    "CREATE TRIGGER articles_count_update"
    "  AFTER UPDATE OF status, is_stub, section_id ON articles"
    "  WHEN (OLD.status = 3 AND OLD.is_stub = 0) IS NOT (NEW.status = 3 AND NEW.is_stub = 0)"
    "    OR OLD.section_id IS NOT NEW.section_id"
    " BEGIN"
    "  UPDATE article_counts SET total = total - 1"
    "    WHERE scope = 0 AND scope_id = 0 AND live = (OLD.status = 3 AND OLD.is_stub = 0);"
    "  UPDATE article_counts SET total = total - 1"
    "    WHERE scope = 1 AND scope_id = OLD.section_id"
    "    AND live = (OLD.status = 3 AND OLD.is_stub = 0);"
    "  INSERT INTO article_counts (scope, scope_id, live, total)"
    "    SELECT 0, 0, NEW.status = 3 AND NEW.is_stub = 0, 1 WHERE true"
    "    ON CONFLICT DO UPDATE SET total = total + 1;"
    "  INSERT INTO article_counts (scope, scope_id, live, total)"
    "    SELECT 1, NEW.section_id, NEW.status = 3 AND NEW.is_stub = 0, 1"
    "    WHERE NEW.section_id IS NOT NULL"
    "    ON CONFLICT DO UPDATE SET total = total + 1;"
    "END;"
    "CREATE TRIGGER article_tags_count_insert AFTER INSERT ON article_tags BEGIN"
    "  INSERT INTO article_counts (scope, scope_id, live, total)"
    "    VALUES (2, NEW.tag_id, NEW.live, 1)"
    "    ON CONFLICT DO UPDATE SET total = total + 1;"
    "END;"
    "CREATE TRIGGER article_tags_count_delete AFTER DELETE ON article_tags BEGIN"
    "  UPDATE article_counts SET total = total - 1"
    "    WHERE scope = 2 AND scope_id = OLD.tag_id AND live = OLD.live;"
    "END;"
    "CREATE TRIGGER article_tags_count_update AFTER UPDATE OF live ON article_tags"
    "  WHEN OLD.live IS NOT NEW.live "
    "BEGIN"
    "  UPDATE article_counts SET total = total - 1"
    "    WHERE scope = 2 AND scope_id = OLD.tag_id AND live = OLD.live;"
    "  INSERT INTO article_counts (scope, scope_id, live, total)"
    "    VALUES (2, NEW.tag_id, NEW.live, 1)"
    "    ON CONFLICT DO UPDATE SET total = total + 1;"
    "END;";

/* The change log: triggers record every change to what readers see as
 * cache tags, in the writer's own transaction, so no write path can forget
 * to and a page cache in any process can drop exactly what changed. The
 * newest 100,000 entries are kept; a reader further behind drops its whole
 * cache instead. */
static const char migration_2[] =
    "CREATE TABLE change_log ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  tags TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER)));"
    "CREATE TRIGGER change_log_keep_recent AFTER INSERT ON change_log "
    "BEGIN DELETE FROM change_log WHERE seq <= NEW.seq - 100000; END;"
    "CREATE TRIGGER articles_changed_insert AFTER INSERT ON articles "
    "BEGIN INSERT INTO change_log (tags) VALUES ('article:' || NEW.id"
    "  || COALESCE(' section:' || NEW.section_id, '') || ' home feeds'); END;"
    "CREATE TRIGGER articles_changed_update AFTER UPDATE ON articles "
    "BEGIN INSERT INTO change_log (tags) VALUES ('article:' || NEW.id"
    "  || COALESCE(' section:' || NEW.section_id, '')"
    "  || COALESCE(' section:' || OLD.section_id, '') || ' home feeds'); END;"
    "CREATE TRIGGER articles_changed_delete AFTER DELETE ON articles "
    "BEGIN INSERT INTO change_log (tags) VALUES ('article:' || OLD.id"
    "  || COALESCE(' section:' || OLD.section_id, '') || ' home feeds'); END;"
    "CREATE TRIGGER article_tags_changed_insert AFTER INSERT ON article_tags "
    "BEGIN INSERT INTO change_log (tags) VALUES ('tag:' || NEW.tag_id); END;"
    "CREATE TRIGGER article_tags_changed_delete AFTER DELETE ON article_tags "
    "BEGIN INSERT INTO change_log (tags) VALUES ('tag:' || OLD.tag_id); END;"
    "CREATE TRIGGER sections_changed_insert AFTER INSERT ON sections "
    "BEGIN INSERT INTO change_log (tags) VALUES ('sections section:' || NEW.id); END;"
    "CREATE TRIGGER sections_changed_update AFTER UPDATE ON sections "
    "BEGIN INSERT INTO change_log (tags) VALUES ('sections section:' || NEW.id); END;"
    "CREATE TRIGGER content_types_changed AFTER UPDATE ON content_types "
    "BEGIN INSERT INTO change_log (tags) VALUES ('all'); END;";

/* Page views by article and hour, for the most-read lists. Counted in the
 * server's memory and added here in batches (see store_views_add), so a
 * row is written once a minute per article read, not once per view. */
static const char migration_3[] =
    "CREATE TABLE article_views ("
    "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  hour INTEGER NOT NULL,"
    "  views INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, hour)) WITHOUT ROWID;"
    "CREATE INDEX article_views_by_hour ON article_views (hour, article_id, views);";

/* Full-text search and automatic related articles (sqlite_search.c,
 * sqlite_related.c). search_index reads its text from search_source, the
 * live articles, through the "gazette" tokenizer; facets holds filter
 * words (zs + section id, zt + content type id, zl + language) that
 * filters match inside the index. search_documents keeps the publication
 * time and section of each indexed article in a narrow table for ranking.
 * related_auto holds the automatic related lists, related_pending the
 * articles whose list is still to be computed.
 * Triggers keep both in step with every insert, edit, status change and
 * delete, in the writer's transaction; the external-content 'delete'
 * needs the values that were indexed, which OLD holds. The update trigger
 * names its columns, so an update of other columns (a lead image) does
 * not even compile it: a connection without the "gazette" tokenizer (the
 * sqlite3 shell) can still make such changes, though not to indexed text. */
#define SEARCH_LIVE(row) "(" row ".status = 3 AND " row ".is_stub = 0)"
#define SEARCH_FACETS(row)                                                                         \
    "'zs' || COALESCE(" row ".section_id, 0) || ' zt' || COALESCE(" row ".content_type_id, 0)"     \
    " || ' zl' || lower(substr(" row ".language, 1, instr(" row ".language || '-', '-') - 1))"
#define SEARCH_VALUES(row)                                                                         \
    row ".id, " row ".headline, COALESCE(" row ".summary, ''), " row ".body_markdown, "            \
    SEARCH_FACETS(row)
#define SEARCH_CHANGED                                                                             \
    SEARCH_LIVE("OLD") " IS NOT " SEARCH_LIVE("NEW") " OR (" SEARCH_LIVE("NEW") " AND ("          \
    "OLD.headline IS NOT NEW.headline OR OLD.summary IS NOT NEW.summary"                          \
    " OR OLD.body_markdown IS NOT NEW.body_markdown OR OLD.section_id IS NOT NEW.section_id"      \
    " OR OLD.content_type_id IS NOT NEW.content_type_id OR OLD.language IS NOT NEW.language"      \
    " OR OLD.published_at IS NOT NEW.published_at))"
static const char migration_search[] =
    "CREATE TABLE search_documents ("
    "  id INTEGER PRIMARY KEY,"
    "  published_at INTEGER NOT NULL,"
    "  section_id INTEGER);"
    "CREATE INDEX search_documents_by_time ON search_documents (published_at);"
    "CREATE VIEW search_source AS SELECT id, headline, COALESCE(summary, '') AS summary,"
    "  body_markdown AS body, " SEARCH_FACETS("articles") " AS facets"
    "  FROM articles WHERE " SEARCH_LIVE("articles") ";"
    "CREATE VIRTUAL TABLE search_index USING fts5(headline, summary, body, facets,"
    "  content = 'search_source', content_rowid = 'id', tokenize = 'gazette');"
    "CREATE TABLE related_auto ("
    "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  target_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (article_id, position)) WITHOUT ROWID;"
    "CREATE INDEX related_auto_by_target ON related_auto (target_id);"
    "CREATE TABLE related_pending (article_id INTEGER PRIMARY KEY);"
    "CREATE TRIGGER search_follow_insert AFTER INSERT ON articles"
    "  WHEN " SEARCH_LIVE("NEW") " BEGIN"
    "  INSERT INTO search_index (rowid, headline, summary, body, facets)"
    "    VALUES (" SEARCH_VALUES("NEW") ");"
    "  INSERT INTO search_documents (id, published_at, section_id)"
    "    VALUES (NEW.id, NEW.published_at, NEW.section_id);"
    "END;"
    "CREATE TRIGGER search_follow_delete AFTER DELETE ON articles"
    "  WHEN " SEARCH_LIVE("OLD") " BEGIN"
    "  INSERT INTO search_index (search_index, rowid, headline, summary, body, facets)"
    "    VALUES ('delete', " SEARCH_VALUES("OLD") ");"
    "  DELETE FROM search_documents WHERE id = OLD.id;"
    "END;"
    "CREATE TRIGGER search_follow_update AFTER UPDATE OF status, is_stub, headline, summary,"
    "  body_markdown, section_id, content_type_id, language, published_at ON articles"
    "  WHEN " SEARCH_CHANGED " BEGIN"
    "  INSERT INTO search_index (search_index, rowid, headline, summary, body, facets)"
    "    SELECT 'delete', " SEARCH_VALUES("OLD") " WHERE " SEARCH_LIVE("OLD") ";"
    "  DELETE FROM search_documents WHERE id = OLD.id;"
    "  INSERT INTO search_index (rowid, headline, summary, body, facets)"
    "    SELECT " SEARCH_VALUES("NEW") " WHERE " SEARCH_LIVE("NEW") ";"
    "  INSERT INTO search_documents (id, published_at, section_id)"
    "    SELECT NEW.id, NEW.published_at, NEW.section_id WHERE " SEARCH_LIVE("NEW") ";"
    "END;"
    "INSERT INTO search_documents (id, published_at, section_id)"
    "  SELECT id, published_at, section_id FROM articles WHERE " SEARCH_LIVE("articles") ";"
    "INSERT INTO search_index (search_index) VALUES ('rebuild');";
/* The newsroom: accounts with a role, signed-in sessions (only a hash of
 * each cookie's id), an append-only audit log, and every saved state of
 * every article (kept after the article is deleted: nothing is lost). */
static const char migration_newsroom[] =
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  display_name TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'writer')),"
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE sessions ("
    "  id_hash TEXT PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    "  created_at INTEGER NOT NULL,"
    "  last_seen_at INTEGER NOT NULL,"
    "  csrf_token TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX sessions_by_user ON sessions (user_id);"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  user_id INTEGER,"
    "  action TEXT NOT NULL,"
    "  target TEXT,"
    "  detail TEXT);"
    "CREATE TABLE article_revisions ("
    "  article_id INTEGER NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  user_id INTEGER,"
    "  at INTEGER NOT NULL,"
    "  snapshot TEXT NOT NULL,"
    "  PRIMARY KEY (article_id, revision)) WITHOUT ROWID;"
    "CREATE INDEX articles_scheduled ON articles (published_at) WHERE status = 2;";

/* The newsroom's list shows the most recently changed articles first: an
 * index in that order lets a page stop after 25 rows instead of sorting
 * the whole archive. */
static const char migration_newsroom_list[] =
    "CREATE INDEX articles_by_updated ON articles (updated_at, id);";

/* Corrections and update notes an editor appends under an article, read
 * oldest first with the article. */
static const char migration_article_notes[] =
    "CREATE TABLE article_notes ("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('correction', 'update')),"
    "  text TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  user_id INTEGER);"
    "CREATE INDEX article_notes_by_article ON article_notes (article_id, created_at, id);";

/* Media items and their files (store_media.c). An item's bytes live in
 * the store, so every node serves the same picture without a shared disk:
 * media_files has one row per stored file of an item (its original and
 * each derivative), media_chunks the file's bytes in parts of 1 MiB, so
 * a byte range of a long video reads only the parts it covers and no
 * statement carries more than a part. Chunks are an ordinary rowid table
 * (a WITHOUT ROWID table would keep megabyte rows in its b-tree pages).
 * The newest-first indexes serve the newsroom's library (all kinds, or
 * one), article_media_by_media the usage query and the garbage
 * collector's NOT EXISTS, media_by_poster the poster's ON DELETE. The
 * poster reference is deferred, so a copy may insert a video before its
 * poster. */
static const char migration_media[] =
    "CREATE TABLE media ("
    "  id INTEGER PRIMARY KEY,"
    "  kind INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),"
    "  stem TEXT NOT NULL UNIQUE,"
    "  file_name TEXT,"
    "  mime TEXT,"
    "  width INTEGER NOT NULL DEFAULT 0,"
    "  height INTEGER NOT NULL DEFAULT 0,"
    "  byte_count INTEGER NOT NULL DEFAULT 0,"
    "  has_original INTEGER NOT NULL DEFAULT 0,"
    "  alt TEXT,"
    "  caption TEXT,"
    "  credit TEXT,"
    "  copyright TEXT,"
    "  focus_set INTEGER NOT NULL DEFAULT 0,"
    "  focus_x INTEGER NOT NULL DEFAULT 0,"
    "  focus_y INTEGER NOT NULL DEFAULT 0,"
    "  duration_ms INTEGER NOT NULL DEFAULT 0,"
    "  poster_id INTEGER REFERENCES media (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,"
    "  embed_provider TEXT,"
    "  embed_id TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX media_newest ON media (created_at DESC, id DESC);"
    "CREATE INDEX media_kind_newest ON media (kind, created_at DESC, id DESC);"
    "CREATE INDEX media_by_poster ON media (poster_id);"
    "CREATE TABLE media_files ("
    "  media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,"
    "  variant TEXT NOT NULL,"
    "  mime TEXT NOT NULL,"
    "  width INTEGER NOT NULL DEFAULT 0,"
    "  height INTEGER NOT NULL DEFAULT 0,"
    "  byte_count INTEGER NOT NULL,"
    "  etag TEXT NOT NULL,"
    "  made_at INTEGER NOT NULL,"
    "  PRIMARY KEY (media_id, variant)) WITHOUT ROWID;"
    "CREATE TABLE media_chunks ("
    "  media_id INTEGER NOT NULL,"
    "  variant TEXT NOT NULL,"
    "  part INTEGER NOT NULL,"
    "  bytes BLOB NOT NULL,"
    "  PRIMARY KEY (media_id, variant, part),"
    "  FOREIGN KEY (media_id, variant) REFERENCES media_files (media_id, variant)"
    "    ON DELETE CASCADE);"
    "CREATE TABLE article_media ("
    "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,"
    "  role INTEGER NOT NULL CHECK (role IN (1, 2)),"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, media_id, role)) WITHOUT ROWID;"
    "CREATE INDEX article_media_by_media ON article_media (media_id, article_id);";

/* Authors become profiles of their own (an agency or a guest has no
 * account; an account writes as at most one author), articles get a
 * byline override. Authors made from a login name before this step are
 * linked to that account and take its display name. A profile's change
 * refreshes the pages that show it (author:ID), and so does any change of
 * an article's authors. */
static const char migration_authors[] =
    "ALTER TABLE authors ADD COLUMN role_line TEXT;"
    "ALTER TABLE authors ADD COLUMN bio TEXT;"
    "ALTER TABLE authors ADD COLUMN picture_id INTEGER REFERENCES media (id) ON DELETE SET NULL"
    "  DEFERRABLE INITIALLY DEFERRED;"
    "ALTER TABLE authors ADD COLUMN links TEXT;"
    "ALTER TABLE authors ADD COLUMN language TEXT;"
    "ALTER TABLE authors ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE SET NULL"
    "  DEFERRABLE INITIALLY DEFERRED;"
    "ALTER TABLE authors ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;"
    "UPDATE authors SET user_id = (SELECT u.id FROM users u WHERE u.name = authors.name);"
    "UPDATE authors SET name = (SELECT u.display_name FROM users u WHERE u.id = authors.user_id)"
    "  WHERE user_id IS NOT NULL"
    "  AND (SELECT u.display_name FROM users u WHERE u.id = authors.user_id) <> '';"
    "CREATE UNIQUE INDEX authors_by_user ON authors (user_id) WHERE user_id IS NOT NULL;"
    "CREATE INDEX authors_by_name ON authors (name);"
    "ALTER TABLE articles ADD COLUMN byline TEXT;"
    "CREATE TRIGGER authors_changed AFTER UPDATE ON authors "
    "BEGIN INSERT INTO change_log (tags) VALUES ('author:' || NEW.id); END;"
    "CREATE TRIGGER article_authors_changed_insert AFTER INSERT ON article_authors "
    "BEGIN INSERT INTO change_log (tags) VALUES ('author:' || NEW.author_id); END;"
    "CREATE TRIGGER article_authors_changed_delete AFTER DELETE ON article_authors "
    "BEGIN INSERT INTO change_log (tags) VALUES ('author:' || OLD.author_id); END;";
/* The breaking-news banner, every one kept: the newest row is the only one
 * that can be up (raising lowers the one before), so the current banner is
 * one read of the primary key. NULL times: not set (no expiry, not
 * lowered by hand); an expired banner keeps lowered_at NULL. */
static const char migration_breaking_news[] =
    "CREATE TABLE breaking_news ("
    "  id INTEGER PRIMARY KEY,"
    "  text TEXT NOT NULL,"
    "  link TEXT,"
    "  raised_by INTEGER,"
    "  raised_at INTEGER NOT NULL,"
    "  expires_at INTEGER,"
    "  lowered_at INTEGER,"
    "  lowered_by INTEGER);";

/* Fronts arranged by editors: the layout of each (its slots and blocks, a
 * JSON document the newsroom checks), every version kept, and the
 * versions waiting for their time ("at 06:00 swap the lead"). A layout's
 * change drops the page it arranges: its key is that page's cache tag
 * ("home", "section:12"). */
static const char migration_fronts[] =
    "CREATE TABLE fronts ("
    "  key TEXT PRIMARY KEY,"
    "  layout TEXT NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  updated_by INTEGER) WITHOUT ROWID;"
    "CREATE TABLE front_revisions ("
    "  key TEXT NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  layout TEXT NOT NULL,"
    "  user_id INTEGER,"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (key, revision)) WITHOUT ROWID;"
    "CREATE TABLE front_schedules ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL,"
    "  layout TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  user_id INTEGER,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX front_schedules_by_time ON front_schedules (at, id);"
    "CREATE INDEX front_schedules_by_key ON front_schedules (key, at);";
/* Search and social fields of an article (NULL: the page uses the headline
 * and summary), and every address an article has been published under:
 * URLs are id-based, so a slug is only ever looked up beside its article's
 * id, and the table's key is that pair. Articles out now (published, or
 * unpublished after being out) keep the slug readers saw. */
static const char migration_seo_slugs[] =
    "ALTER TABLE articles ADD COLUMN seo_title TEXT;"
    "ALTER TABLE articles ADD COLUMN seo_description TEXT;"
    "ALTER TABLE articles ADD COLUMN social_title TEXT;"
    "ALTER TABLE articles ADD COLUMN social_description TEXT;"
    "ALTER TABLE articles ADD COLUMN canonical_url TEXT;"
    "ALTER TABLE articles ADD COLUMN noindex INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE article_slugs ("
    "  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    "  slug TEXT NOT NULL,"
    "  first_published_at INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, slug)) WITHOUT ROWID;"
    "INSERT INTO article_slugs (article_id, slug, first_published_at)"
    "  SELECT id, slug, published_at FROM articles"
    "  WHERE status IN (3, 4) AND is_stub = 0 AND slug IS NOT NULL;";
/* Taxonomy managed in the newsroom. Sections get a description (shown on
 * their page), a position in the navigation (ties by name, so a site that
 * never ordered them keeps its alphabetical order), a parent (one level:
 * the newsroom refuses deeper trees and cycles), a desk (plain text for
 * now) and hidden (out of the navigation and the section sitemap, page
 * and feed still served: archive sections). The parent is deferred so a
 * copy may bring a child before its parent. A tag keeps the slugs it had
 * (after a rename, or a merge into it) so their addresses answer 301; a
 * tag's change or deletion drops its fronts and the feeds that name it
 * (the store logs the pages of its articles itself). */
static const char migration_taxonomy[] =
    "ALTER TABLE sections ADD COLUMN description TEXT;"
    "ALTER TABLE sections ADD COLUMN position INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE sections ADD COLUMN parent_id INTEGER REFERENCES sections (id)"
    "  ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;"
    "ALTER TABLE sections ADD COLUMN desk TEXT;"
    "ALTER TABLE sections ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX sections_by_parent ON sections (parent_id);"
    "CREATE TABLE tag_old_slugs ("
    "  slug TEXT PRIMARY KEY,"
    "  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE"
    "    DEFERRABLE INITIALLY DEFERRED,"
    "  created_at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX tag_old_slugs_by_tag ON tag_old_slugs (tag_id);"
    "CREATE TRIGGER tags_changed_update AFTER UPDATE ON tags "
    "BEGIN INSERT INTO change_log (tags) VALUES ('tag:' || NEW.id || ' feeds'); END;"
    "CREATE TRIGGER tags_changed_delete AFTER DELETE ON tags "
    "BEGIN INSERT INTO change_log (tags) VALUES ('tag:' || OLD.id || ' feeds'); END;";
/* Desks, statuses and roles. Roles grow to five (a writer becomes an
 * author); SQLite cannot change a CHECK in place, so the accounts table is
 * made anew and filled, with foreign keys off for the step (see
 * sqlite_migrate_step) so sessions and author links survive the swap. An
 * account lists the desks it works for. An article keeps the site's own
 * status (its key: "copy_desk") beside its stage. Who an article is
 * assigned to and when it is due are planning, not content: a table of
 * their own, so assigning a reporter neither makes a revision nor drops a
 * page from any cache (articles' update trigger would). Site settings are
 * JSON documents by name (the workflow). */
static const char migration_workflow[] =
    "CREATE TABLE users_new ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  display_name TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL"
    "    CHECK (role IN ('contributor', 'author', 'editor', 'chief_editor', 'admin')),"
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL,"
    "  desks TEXT NOT NULL DEFAULT '');"
    "INSERT INTO users_new (id, name, display_name, role, password_hash, disabled, created_at)"
    "  SELECT id, name, display_name, CASE role WHEN 'writer' THEN 'author' ELSE role END,"
    "  password_hash, disabled, created_at FROM users;"
    "DROP TABLE users;"
    "ALTER TABLE users_new RENAME TO users;"
    "ALTER TABLE articles ADD COLUMN workflow_status TEXT;"
    "UPDATE articles SET workflow_status = CASE status WHEN 0 THEN 'draft' WHEN 1 THEN"
    "  'in_review' WHEN 2 THEN 'scheduled' WHEN 3 THEN 'published' ELSE 'unpublished' END;"
    "CREATE TABLE article_assignments ("
    "  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE"
    "    DEFERRABLE INITIALLY DEFERRED,"
    "  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,"
    "  due_at INTEGER,"
    "  note TEXT,"
    "  assigned_by INTEGER,"
    "  assigned_at INTEGER NOT NULL);"
    "CREATE INDEX article_assignments_by_user ON article_assignments (user_id);"
    "CREATE INDEX article_assignments_by_due ON article_assignments (due_at);"
    "CREATE TABLE site_settings ("
    "  name TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  updated_by INTEGER) WITHOUT ROWID;";
/* The newsroom's own index (step 15): every article an editor can open,
 * whatever its status (drafts, scheduled, spiked), with its headline, lede
 * (subtitle and summary), body, authors' names and tags' names, read by
 * the same "gazette" tokenizer as the readers' index. Readers' search
 * stays on search_index, which holds the live articles only. An FTS5 table
 * with its own copy of the text: the names live in other tables, so an
 * external-content 'delete' could not be given the values that were
 * indexed. The store writes an article's row after each write of it
 * (sqlite_newsroom_follow, the driver's article_stored) and after a
 * rename of one of its tags or authors; a deletion drops it here. The
 * step indexes the articles stored before it. */
#define NEWSROOM_NAMES(link, table, key)                                                           \
    "COALESCE((SELECT group_concat(n.name, ' ') FROM " link " x JOIN " table " n"                  \
    " ON n.id = x." key " WHERE x.article_id = a.id), '')"
static const char migration_newsroom_search[] =
    "CREATE VIRTUAL TABLE search_newsroom USING fts5(headline, summary, body, authors, tags,"
    "  tokenize = 'gazette');"
    "CREATE VIEW search_newsroom_source AS SELECT a.id AS id, a.headline AS headline,"
    "  COALESCE(a.subtitle, '') || ' ' || COALESCE(a.summary, '') AS summary,"
    "  a.body_markdown AS body,"
    "  " NEWSROOM_NAMES("article_authors", "authors", "author_id") " AS authors,"
    "  " NEWSROOM_NAMES("article_tags", "tags", "tag_id") " AS tags"
    "  FROM articles a WHERE a.is_stub = 0;"
    "CREATE TRIGGER search_newsroom_forget AFTER DELETE ON articles BEGIN"
    "  DELETE FROM search_newsroom WHERE rowid = OLD.id;"
    "END;"
    "INSERT INTO search_newsroom (rowid, headline, summary, body, authors, tags)"
    "  SELECT id, headline, summary, body, authors, tags FROM search_newsroom_source;";
/* Translations (step 16): articles that tell one story in several
 * editions' languages share a group (any member's id); an article is in
 * one group at most, and leaves it when deleted. */
static const char migration_translations[] =
    "CREATE TABLE article_translations ("
    "  article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
    "  group_id INTEGER NOT NULL);"
    "CREATE INDEX article_translations_by_group ON article_translations (group_id);";
/* clang-format on */

/* Step N of the schema is migrations[N - 1]. */
static const char *const migrations[] = {
    migration_1,      migration_2,        migration_3,
    migration_search, migration_newsroom, migration_newsroom_list,
    migration_article_notes, migration_media,   migration_authors,
    migration_breaking_news, migration_fronts,         migration_seo_slugs,
    migration_taxonomy, migration_workflow, migration_newsroom_search,
    migration_translations,
};
enum { LATEST_VERSION = (int)(sizeof migrations / sizeof migrations[0]) };

static const char bookkeeping_table[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                        "  version INTEGER PRIMARY KEY,"
                                        "  applied_at INTEGER NOT NULL)";


/* ---- versions ---------------------------------------------------------- */

static int bookkeeping_exists(store_t *store, bool *exists)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_SCHEMA_TABLE_EXISTS, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = sqlite_step(stmt);
    *exists = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        result = sqlite_fail(store, "reading the schema");
    sqlite_statement_done(stmt);
    return result;
}

/* The highest step recorded, 0 for a database that has none. */
static int recorded_version(store_t *store, int *version)
{
    bool exists = false;
    int result = bookkeeping_exists(store, &exists);
    *version = 0;
    if (result != GZ_OK || !exists)
        return result;
    sqlite3_stmt *stmt;
    result = sqlite_prepared(store, STMT_SCHEMA_VERSION, &stmt);
    if (result != GZ_OK)
        return result;
    if (sqlite_step(stmt) == SQLITE_ROW)
        *version = sqlite3_column_int(stmt, 0);
    else
        result = sqlite_fail(store, "reading the schema version");
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_schema_version(store_t *store, int *current, int *latest)
{
    *latest = LATEST_VERSION;
    return recorded_version(store, current);
}

/* ---- migrating --------------------------------------------------------- */

static int record_step(store_t *store, int version)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_SCHEMA_RECORD, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, version, &rc);
    sqlite_bind_int64(stmt, 2, gz_now(), &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "recording schema step %d", version);
    sqlite_statement_done(stmt);
    return result;
}

/* After a step, before its commit: a step that made a table anew must
 * leave every reference to it whole. */
static int foreign_keys_hold(store_t *store, int version)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(sqlite_connection(store)->db, "PRAGMA foreign_key_check", -1,
                                &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc == SQLITE_DONE)
        return GZ_OK;
    if (rc == SQLITE_ROW)
        return store_fail(store, GZ_EIO, "schema step %d would break a foreign key", version);
    return sqlite_fail(store, "checking foreign keys after schema step %d", version);
}

static int apply_step(store_t *store, int version)
{
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    int current = 0;
    result = recorded_version(store, &current);
    if (result == GZ_OK && current < version) {
        char context[64];
        snprintf(context, sizeof context, "applying schema step %d", version);
        result = sqlite_run_script(store, migrations[version - 1], context);
        if (result == GZ_OK)
            result = foreign_keys_hold(store, version);
        if (result == GZ_OK)
            result = record_step(store, version);
    }
    return sqlite_write_finish(store, &write, result);
}

/* Applies step version unless another process did so while we waited for
 * the write lock. Foreign keys are off for the step (SQLite's own recipe
 * for making a table anew: dropping the old one must not cascade into the
 * tables that point at it) and checked before it commits. */
int sqlite_migrate_step(store_t *store, int version)
{
    int result = sqlite_run_script(store, "PRAGMA foreign_keys = OFF", "before a schema step");
    if (result != GZ_OK)
        return result;
    result = apply_step(store, version);
    int on = sqlite_run_script(store, "PRAGMA foreign_keys = ON", "after a schema step");
    return result != GZ_OK ? result : on;
}

static int seed_content_type(store_t *store, const content_type_t *type)
{
    sqlite3_stmt *stmt;
    int result = sqlite_prepared(store, STMT_CONTENT_TYPE_SEED, &stmt);
    if (result != GZ_OK)
        return result;
    int rc = SQLITE_OK;
    sqlite_bind_int64(stmt, 1, type->id, &rc);
    sqlite_bind_text(stmt, 2, type->slug, &rc);
    sqlite_bind_text(stmt, 3, type->name, &rc);
    sqlite_bind_text(stmt, 4, type->headline_prefix, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite_step(stmt);
    if (rc != SQLITE_DONE)
        result = sqlite_fail(store, "seeding content type %lld", (long long)type->id);
    sqlite_statement_done(stmt);
    return result;
}

int sqlite_migrate_seed(store_t *store)
{
    sqlite_write_t write;
    int result = sqlite_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    for (size_t i = 0; result == GZ_OK && i < store_seed_content_type_count; i++)
        result = seed_content_type(store, &store_seed_content_types[i]);
    return sqlite_write_finish(store, &write, result);
}

int sqlite_migrate_prepare(store_t *store)
{
    if (!sqlite3_get_autocommit(sqlite_connection(store)->db))
        return store_fail(store, GZ_EINVAL, "cannot migrate inside a transaction");
    return sqlite_run_script(store, bookkeeping_table, "creating schema_migrations");
}
