/*
 * store_users.c: the rules of the newsroom's accounts (names, roles,
 * passwords), corrections and update notes (written once over the
 * driver), and the LIKE patterns the newsroom's name searches use (the
 * article list is store_newsroom.c). The accounts,
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

/* ---- LIKE patterns ------------------------------------------------------- */

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
