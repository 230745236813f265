/*
 * accounts: the admins' page of newsroom accounts: add one, change its
 * role, disable or enable it. Every change is audited. An admin cannot
 * disable their own account or give up their own admin role, so a
 * newsroom is never left without one. Passwords are checked and hashed
 * by the store (argon2id) and wiped from the form's memory at once.
 */
#include <string.h>

#include <sodium.h>

#include "web/admin/admin_private.h"

static void send_users(admin_request_t *r, int status, const char *problem, const char *flash)
{
    store_user_t *users = NULL;
    size_t count = 0;
    if (store_user_list(r->store, r->pool, &users, &count) != GZ_OK) {
        admin_send_message(r, 503, "Try again", "The accounts cannot be read right now.");
        return;
    }
    json_t *rows = views_admin_user_rows(users, count, r->user.id);
    json_t *model = admin_page_model(r, "Accounts");
    json_object_set_new(model, "users", rows);
    const char **desks = NULL;
    size_t desk_count = 0;
    json_t *desk_names = json_array();
    if (store_desk_list(r->store, r->pool, &desks, &desk_count) == GZ_OK) {
        for (size_t i = 0; i < desk_count; i++)
            json_array_append_new(desk_names, json_string(desks[i]));
    }
    json_object_set_new(model, "desk_names", desk_names);
    if (problem != NULL)
        admin_set_text(model, "problem", problem);
    if (flash != NULL)
        admin_set_text(model, "flash", flash);
    admin_send_page(r, status, "admin_users", model);
}

/* The desks typed ("News, Sport"), each a desk some section names, as
 * "News, Sport"; "" for every desk. NULL with a problem for a desk no
 * section has (a typo would silently lock an editor out of everything). */
static const char *desks_of_form(admin_request_t *r, gz_buf_t *problem)
{
    const char *typed = admin_optional(r, "desks");
    if (typed == NULL)
        return "";
    const char **known = NULL;
    size_t known_count = 0;
    if (store_desk_list(r->store, r->pool, &known, &known_count) != GZ_OK) {
        gz_buf_append_cstr(problem, "The desks cannot be read right now.");
        return NULL;
    }
    gz_buf_t desks = GZ_BUF_INIT;
    const char *result = NULL;
    for (const char *at = typed; at != NULL;) {
        const char *comma = strchr(at, ',');
        gz_str_t name = gz_str_trim((gz_str_t){at, comma ? (size_t)(comma - at) : strlen(at)});
        at = comma ? comma + 1 : NULL;
        if (name.len == 0)
            continue;
        bool found = false;
        for (size_t i = 0; i < known_count && !found; i++)
            found = strlen(known[i]) == name.len && memcmp(known[i], name.ptr, name.len) == 0;
        if (!found) {
            gz_buf_printf(problem, "No section belongs to a desk named \"%.*s\": give a section "
                                   "that desk first, or correct the name.",
                          (int)name.len, name.ptr);
            goto done;
        }
        if (desks.len > 0)
            gz_buf_append_cstr(&desks, ", ");
        gz_buf_append_str(&desks, name);
    }
    result = gz_pool_strdup(r->pool, gz_buf_cstr(&desks));
done:
    gz_buf_free(&desks);
    return result;
}

static void user_add_post(admin_request_t *r)
{
    const char *name = admin_optional(r, "name");
    const char *password = admin_field(r, "password");
    store_role_t role = STORE_ROLE_AUTHOR;
    gz_buf_t problem = GZ_BUF_INIT, hash = GZ_BUF_INIT;
    int code = store_role_parse(admin_field(r, "role"), &role);
    if (code != GZ_OK)
        gz_buf_append_cstr(&problem, "Choose a role.");
    if (code == GZ_OK)
        code = store_user_name_check(name, &problem);
    if (code == GZ_OK)
        code = store_password_check(password, &problem);
    const char *desks = code == GZ_OK ? desks_of_form(r, &problem) : NULL;
    if (code == GZ_OK && desks == NULL)
        code = GZ_EINVAL;
    if (code == GZ_OK && (code = store_password_hash(password, &hash)) != GZ_OK)
        gz_buf_append_cstr(&problem, "The password cannot be hashed right now.");
    if (password != NULL)
        sodium_memzero((char *)password, strlen(password));
    store_user_t user = {.name = name,
                         .display_name = admin_optional(r, "display_name"),
                         .role = role,
                         .password_hash = gz_buf_cstr(&hash),
                         .desks = desks};
    if (code == GZ_OK && (code = store_user_add(r->store, &user)) != GZ_OK)
        gz_buf_append_cstr(&problem, code == GZ_ECONFLICT ? "That name is taken."
                                                          : "The account cannot be added.");
    if (code == GZ_OK) {
        admin_audit(r, r->user.id, "user-add", gz_pool_printf(r->pool, "user:%s", name),
                    store_role_name(role));
        send_users(r, 200, NULL, gz_pool_printf(r->pool, "Added %s.", name));
    } else {
        send_users(r, 422, gz_pool_strdup(r->pool, gz_buf_cstr(&problem)), NULL);
    }
    gz_buf_free(&problem);
    gz_buf_free(&hash);
}

static void user_update_post(admin_request_t *r)
{
    store_user_t user;
    const char *name = admin_field(r, "name");
    store_role_t role;
    if (name == NULL || store_user_get(r->store, 0, name, r->pool, &user) != GZ_OK ||
        store_role_parse(admin_field(r, "role"), &role) != GZ_OK) {
        send_users(r, 422, "No such account or role.", NULL);
        return;
    }
    bool disabled = admin_field(r, "disabled") != NULL;
    gz_buf_t problem = GZ_BUF_INIT;
    const char *desks = desks_of_form(r, &problem);
    if (desks == NULL) {
        send_users(r, 422, gz_pool_strdup(r->pool, gz_buf_cstr(&problem)), NULL);
        gz_buf_free(&problem);
        return;
    }
    gz_buf_free(&problem);
    if (user.id == r->user.id && (disabled || role != STORE_ROLE_ADMIN)) {
        send_users(r, 422, "You cannot disable your own account or give up your own admin role.",
                   NULL);
        return;
    }
    const char *target = gz_pool_printf(r->pool, "user:%s", name);
    store_role_t old_role = user.role;
    bool was_disabled = user.disabled;
    const char *old_desks = user.desks ? user.desks : "";
    user.role = role;
    user.desks = desks;
    user.disabled = disabled;
    user.password_hash = NULL;
    if (store_user_update(r->store, &user) != GZ_OK) {
        send_users(r, 503, "The account cannot be changed right now.", NULL);
        return;
    }
    if (old_role != role)
        admin_audit(
            r, r->user.id, "role-change", target,
            gz_pool_printf(r->pool, "%s -> %s", store_role_name(old_role), store_role_name(role)));
    if (strcmp(old_desks, desks) != 0)
        admin_audit(r, r->user.id, "desks-change", target,
                    gz_pool_printf(r->pool, "%s -> %s", old_desks[0] ? old_desks : "every desk",
                                   desks[0] ? desks : "every desk"));
    if (was_disabled != disabled)
        admin_audit(r, r->user.id, disabled ? "user-disable" : "user-enable", target, NULL);
    send_users(r, 200, NULL, gz_pool_printf(r->pool, "Saved %s.", name));
}

void admin_users_route(admin_request_t *r, bool post)
{
    if (r->user.role < STORE_ROLE_ADMIN) {
        admin_send_message(r, 403, "Not allowed", "Only admins manage accounts.");
    } else if (!post) {
        send_users(r, 200, NULL, NULL);
    } else {
        const char *action = admin_field(r, "action");
        if (action != NULL && strcmp(action, "add") == 0)
            user_add_post(r);
        else
            user_update_post(r);
    }
}
