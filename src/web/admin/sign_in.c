/*
 * sign_in: signing in and out of the newsroom.
 *
 * The sign-in form carries a token of its own, in a short-lived cookie,
 * since there is no session yet to hold a CSRF token. Failed sign-ins are
 * slowed down and then refused, per account name and per client address
 * (auth.c's limiter), and an unknown name costs one password check too,
 * so neither the answer nor its timing tells whether an account exists.
 * A new session gets fresh random ids; only a hash of the cookie's is
 * stored.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "web/admin/admin_private.h"

#define SIGN_IN_COOKIE "gazette_signin"

static const char WRONG_SIGN_IN[] = "The name or the password is wrong.";

/* ---- the limiter, one per process ---------------------------------------- */

static web_limiter_t *limiter;
static pthread_once_t limiter_once = PTHREAD_ONCE_INIT;
static char *unknown_user_hash; /* verified against for unknown names: same time */

static void make_limiter(void)
{
    limiter = web_limiter_new(4096);
    char random_password[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_random_hex(random_password);
    gz_buf_t hash = GZ_BUF_INIT;
    if (store_password_hash(random_password, &hash) == GZ_OK)
        unknown_user_hash = gz_buf_detach(&hash, NULL);
    gz_buf_free(&hash);
}

/* ---- signing in and out ---------------------------------------------------------- */

void admin_send_sign_in(admin_request_t *r, int status, const char *error, const char *name)
{
    char token[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_random_hex(token);
    admin_set_cookie(r, SIGN_IN_COOKIE, token, 3600, "Strict", "/admin");
    json_t *model = admin_page_model(r, "Sign in");
    json_object_set_new(model, "signin_token", json_string(token));
    if (error != NULL)
        json_object_set_new(model, "error", json_string(error));
    json_object_set_new(model, "name", json_string(name ? name : ""));
    admin_send_page(r, status, "admin_sign_in", model);
}

static void refuse_limited(admin_request_t *r, int wait, const char *name)
{
    char seconds[32];
    snprintf(seconds, sizeof seconds, "%d", wait);
    admin_add_header(r, H2O_TOKEN_RETRY_AFTER, seconds);
    char *message = gz_pool_printf(r->pool, "Too many failed sign-ins. Try again in %d second%s.",
                                   wait, wait == 1 ? "" : "s");
    admin_send_sign_in(r, 429, message, name);
}

static void start_session(admin_request_t *r, const store_user_t *user)
{
    char id[WEB_AUTH_TOKEN_HEX + 1], hash[WEB_AUTH_TOKEN_HEX + 1], csrf[WEB_AUTH_TOKEN_HEX + 1];
    web_auth_random_hex(id);
    web_auth_random_hex(csrf);
    web_auth_session_hash(id, strlen(id), hash);
    gz_time_t now = gz_now();
    store_session_t session = {.id_hash = hash,
                               .user_id = user->id,
                               .created_at = now,
                               .last_seen_at = now,
                               .csrf_token = csrf};
    if (store_session_add(r->store, &session) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The newsroom cannot sign you in right now.");
        return;
    }
    admin_audit(r, user->id, "sign-in", gz_pool_printf(r->pool, "user:%s", user->name),
                admin_client_address(r));
    admin_set_cookie(r, WEB_SESSION_COOKIE, id, WEB_AUTH_ABSOLUTE_SECONDS, "Lax", "/");
    admin_set_cookie(r, SIGN_IN_COOKIE, "", 0, "Strict", "/admin");
    sodium_memzero(id, sizeof id);
    admin_send_redirect(r, "/admin/");
}

void admin_sign_in_post(admin_request_t *r)
{
    const char *name = admin_field(r, "name");
    const char *password = admin_field(r, "password");
    if (!web_auth_token_equal(admin_cookie(r, SIGN_IN_COOKIE), admin_field(r, "signin_token"))) {
        admin_send_sign_in(r, 403, "The sign-in form expired. Please try again.", name);
        return;
    }
    if (name == NULL || password == NULL || strlen(name) > STORE_USER_NAME_MAX ||
        strlen(password) > STORE_PASSWORD_MAX_BYTES) {
        admin_send_sign_in(r, 401, WRONG_SIGN_IN, NULL);
        return;
    }
    pthread_once(&limiter_once, make_limiter);
    gz_time_t now = gz_now();
    const char *address = admin_client_address(r);
    const char *account_key = gz_pool_printf(r->pool, "account:%s", name);
    const char *address_key = gz_pool_printf(r->pool, "address:%s", address);
    int wait = web_limiter_wait(limiter, account_key, WEB_LIMIT_ACCOUNT, now);
    int address_wait = web_limiter_wait(limiter, address_key, WEB_LIMIT_ADDRESS, now);
    if (address_wait > wait)
        wait = address_wait;
    if (wait > 0) {
        refuse_limited(r, wait, name);
        return;
    }
    store_user_t user;
    bool known = store_user_get(r->store, 0, name, r->pool, &user) == GZ_OK && !user.disabled;
    /* An unknown name costs one hash check too, so timing tells nothing. */
    bool matches = store_password_verify(known ? user.password_hash : unknown_user_hash, password);
    sodium_memzero((char *)password, strlen(password));
    if (!known || !matches) {
        web_limiter_failed(limiter, account_key, now);
        web_limiter_failed(limiter, address_key, now);
        admin_audit(r, known ? user.id : 0, "sign-in-failed",
                    gz_pool_printf(r->pool, "user:%s", name), address);
        admin_send_sign_in(r, 401, WRONG_SIGN_IN, name);
        return;
    }
    web_limiter_clear(limiter, account_key, now);
    start_session(r, &user);
}

void admin_sign_out_post(admin_request_t *r)
{
    if (r->signed_in && admin_csrf_ok(r)) {
        store_session_delete(r->store, r->session.id_hash);
        admin_audit(r, r->user.id, "sign-out", gz_pool_printf(r->pool, "user:%s", r->user.name),
                    NULL);
    }
    admin_set_cookie(r, WEB_SESSION_COOKIE, "", 0, "Lax", "/");
    admin_send_redirect(r, "/admin/sign-in");
}
