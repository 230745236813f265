/*
 * auth.c: the security pieces of the newsroom, small and testable alone:
 * form parsing, random tokens, session id hashing, constant-time CSRF
 * checks, session timeouts and the sign-in rate limiter.
 *
 * A session id is 256 random bits, sent to the browser as hex in the
 * cookie and stored only as its BLAKE2b hash, so reading the database (or
 * a backup) gives no working cookie. CSRF tokens are compared with
 * sodium_memcmp so the time taken says nothing of where they differ.
 *
 * The limiter keeps a fixed table of recent failures (no allocation per
 * attacker): a key hashes to a slot among a few neighbours, and when all
 * are busy the one with the oldest failure makes way. An attacker who
 * floods the table with other keys can only make it forget, which the
 * per-address limit and argon2id's cost still bound.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "web/admin.h"

/* ---- forms -------------------------------------------------------------- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes [text, text + len) into pool memory; NULL on a bad escape or a
 * NUL byte. */
static char *decode_component(const char *text, size_t len, gz_pool_t *pool)
{
    char *out = gz_pool_alloc(pool, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= len)
                return NULL;
            int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
            if (high < 0 || low < 0)
                return NULL;
            c = (char)(high * 16 + low);
            i += 2;
        }
        if (c == '\0')
            return NULL;
        out[n++] = c;
    }
    out[n] = '\0';
    return out;
}

static int form_fail(const char **error, const char *message)
{
    *error = message;
    return GZ_EINVAL;
}

int web_form_parse(const char *body, size_t len, gz_pool_t *pool, web_form_t *out,
                   const char **error)
{
    out->fields = NULL;
    out->count = 0;
    *error = NULL;
    if (len > WEB_FORM_MAX_BYTES)
        return form_fail(error, "The form is too large.");
    size_t pairs = 1;
    for (size_t i = 0; i < len; i++)
        pairs += body[i] == '&';
    if (pairs > WEB_FORM_MAX_FIELDS)
        return form_fail(error, "The form has too many fields.");
    out->fields = gz_pool_calloc(pool, pairs, sizeof *out->fields);
    size_t start = 0;
    while (start < len) {
        const char *pair = body + start;
        const char *amp = memchr(pair, '&', len - start);
        size_t pair_len = amp ? (size_t)(amp - pair) : len - start;
        start += pair_len + 1;
        if (pair_len == 0)
            continue;
        const char *equals = memchr(pair, '=', pair_len);
        size_t name_len = equals ? (size_t)(equals - pair) : pair_len;
        char *name = decode_component(pair, name_len, pool);
        char *value = equals ? decode_component(equals + 1, pair_len - name_len - 1, pool)
                             : gz_pool_strdup(pool, "");
        if (name == NULL || value == NULL)
            return form_fail(error, "The form has a malformed %-escape or a NUL byte.");
        if (!gz_utf8_valid(name, strlen(name)) || !gz_utf8_valid(value, strlen(value)))
            return form_fail(error, "The form's text is not valid UTF-8.");
        out->fields[out->count++] = (web_form_field_t){name, value};
    }
    return GZ_OK;
}

const char *web_form_get(const web_form_t *form, const char *name)
{
    for (size_t i = 0; i < form->count; i++) {
        if (strcmp(form->fields[i].name, name) == 0)
            return form->fields[i].value;
    }
    return NULL;
}

/* ---- tokens and session ids -------------------------------------------- */

void web_auth_random_hex(char out[WEB_AUTH_TOKEN_HEX + 1])
{
    unsigned char bytes[WEB_AUTH_TOKEN_HEX / 2];
    if (sodium_init() < 0)
        abort();
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2hex(out, WEB_AUTH_TOKEN_HEX + 1, bytes, sizeof bytes);
    sodium_memzero(bytes, sizeof bytes);
}

void web_auth_session_hash(const char *session_id, size_t len, char out[WEB_AUTH_TOKEN_HEX + 1])
{
    unsigned char hash[WEB_AUTH_TOKEN_HEX / 2];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)session_id, len, NULL, 0);
    sodium_bin2hex(out, WEB_AUTH_TOKEN_HEX + 1, hash, sizeof hash);
}

bool web_auth_token_equal(const char *expected, const char *given)
{
    if (expected == NULL || given == NULL)
        return false;
    size_t len = strlen(expected);
    if (len == 0 || strlen(given) != len)
        return false;
    return sodium_memcmp(expected, given, len) == 0;
}

bool web_auth_session_fresh(gz_time_t created_at, gz_time_t last_seen, gz_time_t now)
{
    return now - last_seen < WEB_AUTH_IDLE_SECONDS &&
           now - created_at < WEB_AUTH_ABSOLUTE_SECONDS && created_at <= now + 60;
}

/* ---- the sign-in limiter ------------------------------------------------ */

/* Slowing starts at 3 tenths of the limit: the 3rd failure of an account,
 * the 15th of an address (where several people may share one). */
enum { PROBE = 8, KEY_BYTES = 16, SLOW_AFTER = 3, MAX_DELAY_SECONDS = 30 };

typedef struct {
    unsigned char key[KEY_BYTES]; /* a hash of the key text */
    int failures;
    gz_time_t first_failure;
    gz_time_t last_failure;
} limiter_slot_t;

struct web_limiter {
    pthread_mutex_t lock;
    limiter_slot_t *slots;
    size_t count;
    unsigned char secret[crypto_shorthash_KEYBYTES]; /* so nobody can aim at a slot */
};

web_limiter_t *web_limiter_new(size_t slots)
{
    if (sodium_init() < 0)
        abort();
    web_limiter_t *limiter = gz_calloc(1, sizeof *limiter);
    pthread_mutex_init(&limiter->lock, NULL);
    limiter->count = slots < PROBE ? PROBE : slots;
    limiter->slots = gz_calloc(limiter->count, sizeof *limiter->slots);
    randombytes_buf(limiter->secret, sizeof limiter->secret);
    return limiter;
}

void web_limiter_free(web_limiter_t *limiter)
{
    if (limiter == NULL)
        return;
    pthread_mutex_destroy(&limiter->lock);
    free(limiter->slots);
    free(limiter);
}

static bool slot_live(const limiter_slot_t *slot, gz_time_t now)
{
    return slot->failures > 0 && now - slot->first_failure < WEB_LIMIT_WINDOW_SECONDS;
}

/* The live slot of key; or, with create, a fresh one in a free neighbour
 * (else the one whose last failure is oldest). */
static limiter_slot_t *find_slot(web_limiter_t *limiter, const char *key, bool create,
                                 gz_time_t now)
{
    unsigned char digest[KEY_BYTES];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)key, strlen(key),
                       limiter->secret, sizeof limiter->secret);
    uint64_t start = 0;
    memcpy(&start, digest, sizeof start);
    limiter_slot_t *victim = NULL;
    for (size_t i = 0; i < PROBE; i++) {
        limiter_slot_t *slot = &limiter->slots[(start + i) % limiter->count];
        bool live = slot_live(slot, now);
        if (live && memcmp(slot->key, digest, KEY_BYTES) == 0)
            return slot;
        if (victim == NULL || (!live && slot_live(victim, now)) ||
            (live && slot_live(victim, now) && slot->last_failure < victim->last_failure))
            victim = slot;
    }
    if (!create)
        return NULL;
    memset(victim, 0, sizeof *victim);
    memcpy(victim->key, digest, KEY_BYTES);
    return victim;
}

int web_limiter_wait(web_limiter_t *limiter, const char *key, int max_failures, gz_time_t now)
{
    pthread_mutex_lock(&limiter->lock);
    limiter_slot_t *slot = find_slot(limiter, key, false, now);
    int wait = 0;
    if (slot != NULL && slot->failures >= max_failures) {
        wait = (int)(slot->first_failure + WEB_LIMIT_WINDOW_SECONDS - now);
    } else if (slot != NULL && slot->failures >= max_failures * SLOW_AFTER / 10) {
        int shift = slot->failures - max_failures * SLOW_AFTER / 10;
        int delay = shift >= 5 ? MAX_DELAY_SECONDS : 1 << shift;
        delay = delay > MAX_DELAY_SECONDS ? MAX_DELAY_SECONDS : delay;
        wait = (int)(slot->last_failure + delay - now);
    }
    pthread_mutex_unlock(&limiter->lock);
    return wait > 0 ? wait : 0;
}

void web_limiter_failed(web_limiter_t *limiter, const char *key, gz_time_t now)
{
    pthread_mutex_lock(&limiter->lock);
    limiter_slot_t *slot = find_slot(limiter, key, true, now);
    if (slot->failures == 0)
        slot->first_failure = now;
    slot->failures++;
    slot->last_failure = now;
    pthread_mutex_unlock(&limiter->lock);
}

void web_limiter_clear(web_limiter_t *limiter, const char *key, gz_time_t now)
{
    pthread_mutex_lock(&limiter->lock);
    limiter_slot_t *slot = find_slot(limiter, key, false, now);
    if (slot != NULL)
        memset(slot, 0, sizeof *slot);
    pthread_mutex_unlock(&limiter->lock);
}
