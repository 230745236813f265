/*
 * response.c: what a rendered response carries besides its body. Tags
 * name what the body shows, so that a write can drop exactly the cached
 * responses that show it. A response with more dependencies than tags can
 * hold is simply not cached: correctness beats a hit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "web/web_private.h"

void web_response_tag(web_response_t *response, gz_pool_t *pool, const char *fmt, ...)
{
    char tag[128];
    va_list args;
    va_start(args, fmt);
    int len = vsnprintf(tag, sizeof tag, fmt, args);
    va_end(args);
    if (len < 0 || (size_t)len >= sizeof tag) {
        response->policy = WEB_POLICY_NONE;
        return;
    }
    for (size_t i = 0; i < response->tag_count; i++) {
        if (strcmp(response->tags[i], tag) == 0) {
            return;
        }
    }
    if (response->tag_count == WEB_MAX_TAGS) {
        response->policy = WEB_POLICY_NONE;
        return;
    }
    response->tags[response->tag_count++] = gz_pool_strdup(pool, tag);
}
