/*
 * Private to src/web: the newsroom (/admin). admin.c routes and renders its
 * pages; auth.c holds the security pieces they rely on (forms, session ids,
 * CSRF tokens, the sign-in rate limiter), kept apart so unit tests can
 * check each without a server.
 */
#ifndef GAZETTE_WEB_ADMIN_H
#define GAZETTE_WEB_ADMIN_H

#include <h2o.h>

#include "base/base.h"
#include "store/store.h"

/* Sessions end after 30 minutes without a request, and 12 hours after
 * sign-in whatever happens. Forms are at most 512 KiB. */
enum {
    WEB_AUTH_IDLE_SECONDS = 30 * 60,
    WEB_AUTH_ABSOLUTE_SECONDS = 12 * 3600,
    WEB_FORM_MAX_BYTES = 512 * 1024,
    WEB_FORM_MAX_FIELDS = 256,
    /* 32 random bytes, as 64 hex digits. */
    WEB_AUTH_TOKEN_HEX = 64,
};

/* ---- forms (application/x-www-form-urlencoded) ------------------------- */

typedef struct {
    const char *name;  /* decoded, NUL-terminated, pool memory */
    const char *value; /* decoded; CR LF kept as typed */
} web_form_field_t;

typedef struct {
    web_form_field_t *fields;
    size_t count;
} web_form_t;

/* Parses a form body: '&'-separated name=value pairs, '+' for a space,
 * %XX escapes. GZ_EINVAL with *error set (a static message) for a body
 * over WEB_FORM_MAX_BYTES, more than WEB_FORM_MAX_FIELDS fields, a bad
 * escape, a NUL byte or invalid UTF-8. Strings from pool. */
int web_form_parse(const char *body, size_t len, gz_pool_t *pool, web_form_t *out,
                   const char **error);
/* The first value of name, or NULL. */
const char *web_form_get(const web_form_t *form, const char *name);

/* ---- tokens and session ids ------------------------------------------- */

/* Writes WEB_AUTH_TOKEN_HEX hex digits of fresh randomness and a NUL. */
void web_auth_random_hex(char out[WEB_AUTH_TOKEN_HEX + 1]);
/* The stored form of a session id (the cookie's value): the hex of its
 * BLAKE2b hash, 64 digits and a NUL. */
void web_auth_session_hash(const char *session_id, size_t len, char out[WEB_AUTH_TOKEN_HEX + 1]);
/* Compares a CSRF token in constant time; false for NULL or a wrong
 * length. */
bool web_auth_token_equal(const char *expected, const char *given);
/* True when a session created at created_at and last seen at last_seen
 * is still valid at now. */
bool web_auth_session_fresh(gz_time_t created_at, gz_time_t last_seen, gz_time_t now);

/* ---- the sign-in limiter ----------------------------------------------- */

/* Failed sign-ins are counted per account name and per client address, in
 * this process's memory (one table shared by the threads, behind one
 * mutex; a restart forgets it, and with several processes each counts its
 * own). Within a 15-minute window: from the 3rd failure on (the 15th for
 * an address, which a newsroom behind one NAT shares), each further try
 * must wait 1, 2, 4 ... up to 30 seconds after the last failure; at 10
 * failures of an account (50 of an address) sign-in is refused until the
 * window ends. A success clears the account's count. */
typedef struct web_limiter web_limiter_t;

enum { WEB_LIMIT_WINDOW_SECONDS = 15 * 60, WEB_LIMIT_ACCOUNT = 10, WEB_LIMIT_ADDRESS = 50 };

web_limiter_t *web_limiter_new(size_t slots);
void web_limiter_free(web_limiter_t *limiter);
/* Seconds to wait before key may try again; 0 when it may try now.
 * max_failures is WEB_LIMIT_ACCOUNT or WEB_LIMIT_ADDRESS. */
int web_limiter_wait(web_limiter_t *limiter, const char *key, int max_failures, gz_time_t now);
void web_limiter_failed(web_limiter_t *limiter, const char *key, gz_time_t now);
void web_limiter_clear(web_limiter_t *limiter, const char *key, gz_time_t now);

/* ---- the newsroom's handler (admin.c) ---------------------------------- */

/* h2o's callback for every request under /admin. */
int web_admin_handle(h2o_handler_t *self, h2o_req_t *req);

#endif
