/*
 * authors: the profiles bylines are made of. Editors and admins keep them
 * (an agency, a guest or "Staff" needs no account); anyone signed in may
 * change the profile of the account they write as. Each change is one
 * transaction with an audit row on "author:ID", and the store's triggers
 * log the tag, so the author's page and every byline follow.
 *
 * An account that writes its first article gets a profile made from its
 * shown name, linked to it, so no byline is ever a login name.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>

enum { SLUG_MAX_BYTES = 80, SLUG_TRIES = 50 };

static const char *slug_of(gz_pool_t *pool, const char *name)
{
    gz_buf_t slug = GZ_BUF_INIT;
    gz_slug_append(&slug, name, strlen(name), SLUG_MAX_BYTES);
    const char *text = gz_pool_strdup(pool, slug.len > 0 ? gz_buf_cstr(&slug) : "author");
    gz_buf_free(&slug);
    return text;
}

static int audit_author(store_t *store, const newsroom_actor_t *actor, int64_t id,
                        const char *action, const char *detail, gz_pool_t *pool)
{
    return newsroom_audit(store, actor, action, gz_pool_printf(pool, "author:%lld", (long long)id),
                          detail);
}

/* ---- an account's own author ----------------------------------------------- */

/* Stores a new profile under the name's slug, or the first free "slug-N". */
static int add_with_free_slug(store_t *store, content_author_t *author, gz_pool_t *pool)
{
    const char *base = slug_of(pool, author->name);
    int code = GZ_ECONFLICT;
    for (int n = 1; n <= SLUG_TRIES && code == GZ_ECONFLICT; n++) {
        author->id = 0;
        author->slug = n == 1 ? base : gz_pool_printf(pool, "%s-%d", base, n);
        content_author_t taken;
        code = store_author_get_by_slug(store, author->slug, pool, &taken);
        code = code == GZ_OK ? GZ_ECONFLICT : code == GZ_ENOTFOUND ? store_author_put(store, author)
                                                                   : code;
    }
    return code;
}

int newsroom_author_of_actor(store_t *store, const newsroom_actor_t *actor, gz_pool_t *pool,
                             content_author_t *out)
{
    if (actor == NULL || actor->user_id <= 0)
        return GZ_ENOTFOUND; /* a command writes without a byline of its own */
    int code = store_author_get_by_user(store, actor->user_id, pool, out);
    if (code != GZ_ENOTFOUND)
        return code;
    *out = (content_author_t){.name = actor->name != NULL && actor->name[0] ? actor->name
                                                                            : "Staff",
                              .user_id = actor->user_id};
    code = add_with_free_slug(store, out, pool);
    if (code == GZ_OK)
        code = audit_author(store, actor, out->id, "author-create", "for the account", pool);
    return code;
}

/* ---- saving a profile --------------------------------------------------------- */

static bool may_change(const newsroom_actor_t *actor, const content_author_t *stored,
                       const content_author_t *author)
{
    if (newsroom_may_publish(actor))
        return true;
    /* One's own profile, still linked to one's own account. */
    return stored != NULL && stored->user_id > 0 && stored->user_id == actor->user_id &&
           author->user_id == stored->user_id;
}

static int refuse(newsroom_author_result_t *result, const char *message)
{
    result->not_allowed = true;
    result->message = message;
    return GZ_EINVAL;
}

static int check_profile(content_author_t *author, gz_pool_t *pool,
                         newsroom_author_result_t *result)
{
    if (author->slug == NULL || author->slug[0] == '\0')
        author->slug = author->name != NULL ? slug_of(pool, author->name) : "";
    gz_buf_t problems = GZ_BUF_INIT;
    int code = content_author_validate(author, &problems);
    if (code != GZ_OK)
        result->message = gz_pool_strdup(pool, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    return code;
}

/* The picture must be one of the library's: a missing one is the form's
 * mistake, not the store's. */
static int check_picture(store_t *store, const content_author_t *author, gz_pool_t *pool,
                         newsroom_author_result_t *result)
{
    if (author->picture_id <= 0)
        return GZ_OK;
    content_media_t item;
    int code = store_media_get(store, author->picture_id, pool, &item);
    if (code == GZ_ENOTFOUND || (code == GZ_OK && item.kind != CONTENT_MEDIA_PICTURE)) {
        result->message = "The picture must be a picture of the media library (media:ID).";
        return GZ_EINVAL;
    }
    return code;
}

static int write_profile(store_t *store, const newsroom_actor_t *actor, content_author_t *author,
                         gz_pool_t *pool, newsroom_author_result_t *result)
{
    content_author_t stored;
    bool is_new = author->id == 0;
    int code = is_new ? GZ_OK : store_author_get(store, author->id, pool, &stored);
    if (code == GZ_ENOTFOUND) {
        result->message = "There is no such author.";
        return code;
    }
    if (code == GZ_OK && !may_change(actor, is_new ? NULL : &stored, author))
        return refuse(result, "Only editors and admins change other authors' profiles.");
    if (code == GZ_OK)
        code = check_picture(store, author, pool, result);
    if (code == GZ_OK) {
        code = store_author_put(store, author);
        if (code == GZ_ECONFLICT)
            result->message = "Another author already has this address name or this account.";
    }
    if (code == GZ_OK)
        code = audit_author(store, actor, author->id, is_new ? "author-create" : "author-edit",
                            author->name, pool);
    return code;
}

int newsroom_author_save(store_t *store, const newsroom_actor_t *actor, content_author_t *author,
                         gz_pool_t *pool, newsroom_author_result_t *result)
{
    *result = (newsroom_author_result_t){0};
    if (actor == NULL || actor->role < STORE_ROLE_CONTRIBUTOR)
        return refuse(result, "Sign in to change authors.");
    if (author->id == 0 && !newsroom_may_publish(actor))
        return refuse(result, "Only editors and admins add authors.");
    int code = check_profile(author, pool, result);
    if (code != GZ_OK)
        return code;
    code = store_begin(store);
    if (code != GZ_OK) { /* nothing begun: nothing to roll back, the begin's error stands */
        result->message = gz_pool_printf(pool, "The author could not be saved: %s",
                                         store_last_error(store));
        return code;
    }
    code = write_profile(store, actor, author, pool, result);
    code = newsroom_finish(store, code);
    if (code != GZ_OK && result->message == NULL)
        result->message = gz_pool_printf(pool, "The author could not be saved: %s",
                                         store_last_error(store));
    if (code == GZ_OK)
        result->author_id = author->id;
    return code;
}

/* ---- an article's authors, as typed ------------------------------------------- */

int newsroom_find_author(store_t *store, const char *typed, gz_pool_t *pool,
                         content_author_t *out)
{
    gz_str_t name = gz_str_trim(gz_str_from_cstr(typed));
    if (name.len == 0)
        return GZ_ENOTFOUND;
    const char *text = gz_pool_strndup(pool, name.ptr, name.len);
    int code = store_author_get_by_slug(store, text, pool, out);
    if (code == GZ_ENOTFOUND)
        code = store_author_get_by_slug(store, slug_of(pool, text), pool, out);
    return code;
}
