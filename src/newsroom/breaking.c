/*
 * breaking: raising and lowering the breaking-news banner.
 *
 * The banner is one line on every reader page, so what an editor types is
 * held to what a line can show: a short plain text (no line breaks or
 * other control characters; markup is kept as typed and shown as text by
 * the page's script, never parsed), and a link that can only lead to a
 * web page or a page of this site (a "javascript:" or "data:" address, or
 * "//host", which a browser reads as another site, is refused). Every
 * problem is reported at once, one sentence each, so the form can show
 * them all beside what was typed; a refused banner changes nothing.
 *
 * Raising and lowering are one transaction each with the audit row; the
 * store logs "breaking" in it, which drops the small cached answer that
 * carries the banner on every node, and nothing else.
 */
#include "newsroom/newsroom_private.h"

#include <string.h>
#include <strings.h>

/* ---- checks ------------------------------------------------------------------ */

/* Characters of valid UTF-8: the bytes that do not continue one. */
static size_t character_count(gz_str_t text)
{
    size_t count = 0;
    for (size_t i = 0; i < text.len; i++)
        count += ((unsigned char)text.ptr[i] & 0xC0) != 0x80;
    return count;
}

/* C0 controls, DEL, C1 controls (U+0080 to U+009F) and the Unicode line
 * and paragraph separators, in valid UTF-8. */
static bool has_control(gz_str_t text)
{
    const unsigned char *c = (const unsigned char *)text.ptr;
    for (size_t i = 0; i < text.len; i++) {
        if (c[i] < 0x20 || c[i] == 0x7F)
            return true;
        if (c[i] == 0xC2 && i + 1 < text.len && c[i + 1] >= 0x80 && c[i + 1] <= 0x9F)
            return true;
        if (c[i] == 0xE2 && i + 2 < text.len && c[i + 1] == 0x80 &&
            (c[i + 2] == 0xA8 || c[i + 2] == 0xA9))
            return true;
    }
    return false;
}

static gz_str_t trimmed(const char *text)
{
    return gz_str_trim(gz_str_from_cstr(text));
}

static void problem(gz_buf_t *problems, const char *sentence)
{
    gz_buf_printf(problems, "%s%s", problems->len > 0 ? "\n" : "", sentence);
}

static void check_text(const char *typed, gz_buf_t *problems)
{
    gz_str_t text = trimmed(typed);
    if (text.len == 0) {
        problem(problems, "The banner needs some text.");
    } else if (!gz_utf8_valid(text.ptr, text.len)) {
        problem(problems, "The banner's text is not valid UTF-8.");
    } else if (has_control(text)) {
        problem(problems, "The banner's text is one line: no line breaks, tabs or other "
                          "control characters.");
    } else if (character_count(text) > NEWSROOM_BREAKING_TEXT_MAX) {
        gz_buf_printf(problems,
                      "%sThe banner's text is too long: at most 280 characters (it has %zu).",
                      problems->len > 0 ? "\n" : "", character_count(text));
    }
}

/* "http://" or "https://" (any case) and then a host. */
static bool is_web_address(gz_str_t link)
{
    size_t scheme = 0;
    if (link.len > 7 && strncasecmp(link.ptr, "http://", 7) == 0)
        scheme = 7;
    else if (link.len > 8 && strncasecmp(link.ptr, "https://", 8) == 0)
        scheme = 8;
    return scheme > 0 && strchr("/?#", link.ptr[scheme]) == NULL;
}

/* "/..." but not "//...": a browser reads "//host" as another site. */
static bool is_site_path(gz_str_t link)
{
    return link.len >= 1 && link.ptr[0] == '/' && (link.len == 1 || link.ptr[1] != '/');
}

static bool has_unsafe_byte(gz_str_t link)
{
    for (size_t i = 0; i < link.len; i++)
        if (strchr(" \"<>\\", link.ptr[i]) != NULL)
            return true;
    return has_control(link);
}

static void check_link(const char *typed, gz_buf_t *problems)
{
    gz_str_t link = trimmed(typed);
    if (link.len == 0)
        return; /* none */
    if (!gz_utf8_valid(link.ptr, link.len))
        problem(problems, "The link is not valid UTF-8.");
    else if (link.len > STORE_BREAKING_LINK_MAX)
        problem(problems, "The link is too long (at most 2048 bytes).");
    else if (has_unsafe_byte(link))
        problem(problems, "The link cannot hold spaces, quotes, angle brackets, backslashes or "
                          "control characters.");
    else if (!is_web_address(link) && !is_site_path(link))
        problem(problems, "The link must be an address starting with http:// or https://, or a "
                          "path on this site starting with / (not //).");
}

bool newsroom_breaking_check(const newsroom_breaking_t *banner, gz_time_t now, gz_buf_t *problems)
{
    size_t before = problems->len;
    check_text(banner->text, problems);
    check_link(banner->link, problems);
    if (banner->expires_at != 0 && banner->expires_at <= now)
        problem(problems, "The expiry must be in the future.");
    else if (banner->expires_at > now + NEWSROOM_BREAKING_EXPIRY_MAX)
        problem(problems, "The expiry must be within 7 days.");
    return problems->len == before;
}

/* ---- operations ----------------------------------------------------------------- */

static const char *pool_trimmed(gz_pool_t *pool, const char *text)
{
    gz_str_t value = trimmed(text);
    return value.len > 0 ? gz_pool_strndup(pool, value.ptr, value.len) : NULL;
}

static int audit(store_t *store, const newsroom_actor_t *actor, const char *action, int64_t id,
                 const char *detail, gz_pool_t *pool)
{
    return newsroom_audit(store, actor, action,
                          gz_pool_printf(pool, "breaking:%lld", (long long)id), detail);
}

int newsroom_breaking_raise(store_t *store, const newsroom_actor_t *actor,
                            const newsroom_breaking_t *banner, gz_pool_t *pool, int64_t *banner_id,
                            newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    if (!newsroom_may_publish(actor))
        return newsroom_refuse(result, "Only editors and admins raise the breaking-news banner.");
    gz_time_t now = gz_now();
    gz_buf_t problems = GZ_BUF_INIT;
    bool fine = newsroom_breaking_check(banner, now, &problems);
    result->message = fine ? NULL : gz_pool_strdup(pool, gz_buf_cstr(&problems));
    gz_buf_free(&problems);
    if (!fine)
        return GZ_EINVAL;
    store_breaking_t row = {.text = pool_trimmed(pool, banner->text),
                            .link = pool_trimmed(pool, banner->link),
                            .raised_by = actor->user_id,
                            .raised_at = now,
                            .expires_at = banner->expires_at};
    int code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The store is busy: ");
    code = store_breaking_raise(store, &row);
    if (code == GZ_OK)
        code = audit(store, actor, "breaking-raise", row.id, row.text, pool);
    if (code != GZ_OK)
        newsroom_fail(store, result, pool, code, "The banner cannot be raised: ");
    code = newsroom_finish(store, code);
    if (code == GZ_OK && banner_id != NULL)
        *banner_id = row.id;
    return code;
}

/* Under the transaction: the banner that is up must be the one asked for. */
static int lower_current(store_t *store, const newsroom_actor_t *actor, int64_t banner_id,
                         gz_pool_t *pool, newsroom_result_t *result)
{
    gz_time_t now = gz_now();
    store_breaking_t up;
    bool found = false;
    int code = store_breaking_current(store, now, pool, &up, &found);
    if (code == GZ_OK && (!found || (banner_id > 0 && up.id != banner_id)))
        return newsroom_fail(store, result, pool, GZ_ENOTFOUND,
                             "This banner is not up any more: it expired, or was lowered or "
                             "replaced.");
    if (code == GZ_OK)
        code = store_breaking_lower(store, up.id, actor->user_id, now);
    if (code == GZ_OK)
        code = audit(store, actor, "breaking-lower", up.id, up.text, pool);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The banner cannot be lowered: ");
    return GZ_OK;
}

int newsroom_breaking_lower(store_t *store, const newsroom_actor_t *actor, int64_t banner_id,
                            gz_pool_t *pool, newsroom_result_t *result)
{
    *result = (newsroom_result_t){0};
    if (!newsroom_may_publish(actor))
        return newsroom_refuse(result, "Only editors and admins lower the breaking-news banner.");
    int code = store_begin(store);
    if (code != GZ_OK)
        return newsroom_fail(store, result, pool, code, "The store is busy: ");
    code = lower_current(store, actor, banner_id, pool, result);
    return newsroom_finish(store, code);
}
