/*
 * libFuzzer target for the router (src/web/router.c): it reads request
 * targets straight from the network, so every input must give a route,
 * never a crash or a read out of bounds, and what it hands on must keep
 * the router's promises: decoded slugs and query values are valid UTF-8,
 * a bad request carries a status and a message, a redirect a location.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *     -DH2O_USE_LIBUV=0 -Isrc tests/fuzz/router_fuzz.c src/web/router.c \
 *     src/base/[a-z]*.c $(pkg-config --cflags --libs libutf8proc inih) -lm \
 *     -o router_fuzz
 *   mkdir -p corpus && printf '/news/1/a?page=2' > corpus/seed && ./router_fuzz corpus
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *text)
{
    if (text != NULL && !gz_utf8_valid(text, strlen(text))) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gz_pool_t pool = GZ_POOL_INIT;
    web_route_t route;
    web_route_parse((const char *)data, size, &pool, &route);
    check_text(route.slug);
    check_text(route.section_slug);
    if (route.kind == WEB_ROUTE_BAD_REQUEST && (route.status < 400 || route.error == NULL)) {
        abort();
    }
    if (route.kind == WEB_ROUTE_REDIRECT && (route.location == NULL || route.location[0] != '/')) {
        abort();
    }
    gz_pool_clear(&pool);
    return 0;
}
