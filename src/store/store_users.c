/*
 * store_users.c: the rules of the newsroom's accounts (names, roles,
 * passwords), corrections and update notes (written once over the
 * driver), and the newsroom's article list, which still goes through the
 * backend's table (its filter and its rows differ). The accounts,
 * sessions, audit log and revisions are in store_accounts.c and
 * store_audit.c. Passwords are hashed here, with libsodium's
 * argon2id at its interactive limits: slow enough (tens of milliseconds
 * and 64 MiB a try) that a stolen database resists guessing, fast enough
 * for a sign-in. Tests can ask for the minimum limits through an
 * environment variable; nothing else lowers them.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"

static const char *const role_names[] = {NULL,           "contributor", "author",
                                         "editor",       "chief_editor", "admin"};

const char *store_role_name(store_role_t role)
{
    if (role < STORE_ROLE_CONTRIBUTOR || role > STORE_ROLE_ADMIN)
        return "unknown";
    return role_names[role];
}

int store_role_parse(const char *name, store_role_t *out)
{
    if (name != NULL && strcmp(name, "writer") == 0) {
        *out = STORE_ROLE_AUTHOR;
        return GZ_OK;
    }
    for (int role = STORE_ROLE_CONTRIBUTOR; name != NULL && role <= STORE_ROLE_ADMIN; role++) {
        if (strcmp(name, role_names[role]) == 0) {
            *out = (store_role_t)role;
            return GZ_OK;
        }
    }
    return GZ_EINVAL;
}

/* ---- names and passwords ----------------------------------------------- */

static int fail_with(gz_buf_t *error, const char *message)
{
    if (error != NULL) {
        gz_buf_reset(error);
        gz_buf_append_cstr(error, message);
    }
    return GZ_EINVAL;
}

int store_user_name_check(const char *name, gz_buf_t *error)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0 || len > STORE_USER_NAME_MAX)
        return fail_with(error, "a user name has 1 to 64 characters");
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        bool allowed =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!allowed)
            return fail_with(error,
                             "a user name uses only lowercase letters a-z, digits, '.', '_', '-'");
    }
    return GZ_OK;
}

static size_t utf8_characters(const char *text, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += ((unsigned char)text[i] & 0xC0) != 0x80;
    return count;
}

int store_password_check(const char *password, gz_buf_t *error)
{
    size_t len = password ? strlen(password) : 0;
    if (len > STORE_PASSWORD_MAX_BYTES)
        return fail_with(error, "the password is too long (at most 1024 bytes)");
    if (!gz_utf8_valid(password ? password : "", len))
        return fail_with(error, "the password is not valid UTF-8");
    if (utf8_characters(password ? password : "", len) < STORE_PASSWORD_MIN_CHARS)
        return fail_with(error, "the password is too short (at least 12 characters)");
    return GZ_OK;
}

static bool test_limits(void)
{
    const char *limits = getenv("GAZETTE_PASSWORD_LIMITS");
    return limits != NULL && strcmp(limits, "test") == 0;
}

int store_password_hash(const char *password, gz_buf_t *out)
{
    if (sodium_init() < 0 || password == NULL)
        return GZ_EIO;
    char hash[crypto_pwhash_STRBYTES];
    unsigned long long ops =
        test_limits() ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t memory = test_limits() ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str(hash, password, strlen(password), ops, memory) != 0)
        return GZ_EIO;
    gz_buf_reset(out);
    gz_buf_append_cstr(out, hash);
    sodium_memzero(hash, sizeof hash);
    return GZ_OK;
}

bool store_password_verify(const char *hash, const char *password)
{
    if (sodium_init() < 0 || hash == NULL || password == NULL)
        return false;
    size_t hash_len = strnlen(hash, crypto_pwhash_STRBYTES);
    if (hash_len == 0 || hash_len >= crypto_pwhash_STRBYTES)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* ---- corrections and update notes -------------------------------------- */

/* The change_log row goes first: when it inserts nothing there is no such
 * article (or only a stub), and the write is undone before any note is
 * written. */
static int mark_article_changed(store_t *store, int64_t article_id)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_NOTE_CHANGED, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    int64_t changed = 0;
    result = store_sql_run(store, statement, &changed, "marking the article changed");
    if (result == GZ_OK && changed == 0)
        result = store_fail(store, GZ_ENOTFOUND, "article %lld not found", (long long)article_id);
    return result;
}

static int insert_note(store_t *store, int64_t article_id, content_note_kind_t kind,
                       const char *text, int64_t user_id)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_NOTE_ADD, &statement);
    if (result != GZ_OK)
        return result;
    store_sql_bind_int64(store, statement, 1, article_id);
    store_sql_bind_text(store, statement, 2, kind == CONTENT_NOTE_UPDATE ? "update" : "correction");
    store_sql_bind_text(store, statement, 3, text);
    store_sql_bind_int64(store, statement, 4, gz_now());
    store_sql_bind_id(store, statement, 5, user_id);
    return store_sql_run(store, statement, NULL, "adding the note");
}

int store_article_note_add(store_t *store, int64_t article_id, content_note_kind_t kind,
                           const char *text, int64_t user_id)
{
    if (article_id <= 0 || (kind != CONTENT_NOTE_CORRECTION && kind != CONTENT_NOTE_UPDATE))
        return store_fail(store, GZ_EINVAL, "a note needs an article and a kind");
    size_t length = text == NULL ? 0 : strlen(text);
    if (length == 0 || length > STORE_NOTE_MAX_BYTES || !gz_utf8_valid(text, length))
        return store_fail(store, GZ_EINVAL, "a note needs 1 to %d bytes of UTF-8 text",
                          (int)STORE_NOTE_MAX_BYTES);
    store_write_t write;
    int result = store_write_start(store, &write);
    if (result != GZ_OK)
        return result;
    result = mark_article_changed(store, article_id);
    if (result == GZ_OK)
        result = insert_note(store, article_id, kind, text, user_id);
    return store_write_finish(store, &write, result);
}

const char *store_like_contains(gz_pool_t *pool, const char *text)
{
    const char *escaped = store_like_escape(pool, text);
    if (escaped == NULL)
        return NULL;
    char *pattern = gz_pool_printf(pool, "%%%s%%", escaped);
    for (char *c = pattern; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return pattern;
}

/* ---- the newsroom's article list --------------------------------------- */

const char *store_like_escape(gz_pool_t *pool, const char *text)
{
    if (text == NULL || text[0] == '\0')
        return NULL;
    size_t len = strlen(text);
    char *escaped = gz_pool_calloc(pool, len + 1, 2); /* every byte may double */
    char *end = escaped;
    for (const char *c = text; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            *end++ = '\\';
        *end++ = *c;
    }
    return escaped;
}

/* ---- the newsroom's article list --------------------------------------- */

/* Binds ?1 to ?5, the filters shared by the list and its count (see
 * store_sql.c); like_text has LIKE's wildcards escaped (or is NULL). */
static void bind_newsroom_filters(store_t *store, store_statement_t *statement,
                                  const store_newsroom_query_t *query, const char *like_text)
{
    store_sql_bind_int64(store, statement, 1, query->status);
    store_sql_bind_int64(store, statement, 2, query->section_id);
    store_sql_bind_text(store, statement, 3,
                        query->author && query->author[0] ? query->author : NULL);
    store_sql_bind_text(store, statement, 4, like_text);
    store_sql_bind_int64(store, statement, 5, query->due_before);
}

static int newsroom_count(store_t *store, const store_newsroom_query_t *query,
                          const char *like_text, size_t *total)
{
    store_statement_t *statement;
    int result = store_sql_prepare(store, SQL_NEWSROOM_COUNT, &statement);
    if (result != GZ_OK)
        return result;
    bind_newsroom_filters(store, statement, query, like_text);
    int64_t counted = 0;
    result = store_sql_read_one(store, statement, store_sql_int64_row, NULL, &counted,
                                "counting the newsroom's articles: no count",
                                "counting the newsroom's articles");
    *total = (size_t)counted;
    return result;
}

static int newsroom_rows(store_t *store, const store_newsroom_query_t *query, const char *like_text,
                         bool due_only, gz_pool_t *pool, content_article_list_t *out)
{
    store_statement_t *statement;
    int result =
        store_sql_prepare(store, due_only ? SQL_NEWSROOM_DUE : SQL_NEWSROOM_LIST, &statement);
    if (result != GZ_OK)
        return result;
    if (due_only) {
        store_sql_bind_int64(store, statement, 1, query->due_before);
        store_sql_bind_size(store, statement, 2, query->limit);
    } else {
        bind_newsroom_filters(store, statement, query, like_text);
        store_sql_bind_size(store, statement, 6, query->limit);
        store_sql_bind_size(store, statement, 7, query->offset);
    }
    void *items = NULL;
    result = store_sql_read_all(store, statement, store_article_from_row, sizeof *out->items, pool,
                                &items, &out->count, "listing the newsroom's articles");
    out->items = items;
    return result;
}

static int newsroom_list(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                         content_article_list_t *out)
{
    const char *like_text = store_like_escape(pool, query->text);
    /* The server's every-second look for due articles reads the partial
     * index of scheduled ones and needs no count. */
    bool due_only = query->status == CONTENT_SCHEDULED && query->due_before > 0 &&
                    query->section_id == 0 && like_text == NULL &&
                    (query->author == NULL || query->author[0] == '\0') && query->offset == 0;
    store_read_t read;
    int result = store_read_start(store, &read);
    if (result != GZ_OK)
        return result;
    if (!due_only)
        result = newsroom_count(store, query, like_text, &out->total);
    if (result == GZ_OK)
        result = newsroom_rows(store, query, like_text, due_only, pool, out);
    if (result == GZ_OK && due_only)
        out->total = out->count;
    return store_read_finish(store, &read, result);
}

int store_newsroom_list(store_t *store, const store_newsroom_query_t *query, gz_pool_t *pool,
                        content_article_list_t *out)
{
    if (query == NULL || pool == NULL || out == NULL)
        return store_fail(store, GZ_EINVAL, "store_newsroom_list needs a query, pool and out");
    if (query->status > CONTENT_SPIKED)
        return store_fail(store, GZ_EINVAL, "unknown status");
    store_newsroom_query_t normalized = *query;
    if (normalized.limit == 0)
        normalized.limit = 20;
    if (normalized.limit > 1000)
        normalized.limit = 1000;
    memset(out, 0, sizeof *out);
    return newsroom_list(store, &normalized, pool, out);
}
