/*
 * test_hooks.c: counting heap allocations, for tests that a cache hit
 * makes none. Built only with -Dtest_hooks=true (make check's builds) and
 * never under a sanitizer, which owns malloc itself.
 *
 * The program's own malloc, calloc and realloc come before glibc's for
 * every library (h2o included), count on the calling thread and hand over
 * to glibc's implementations; free is glibc's. The count is per thread, so
 * a request measured on one thread is not disturbed by the others.
 */
#include "web/web_private.h"

#if GAZETTE_TEST_HOOKS && !defined(__SANITIZE_ADDRESS__)

#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *memory, size_t size);

static _Thread_local uint64_t allocations;

void *malloc(size_t size)
{
    allocations++;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    allocations++;
    return __libc_calloc(count, size);
}

void *realloc(void *memory, size_t size)
{
    allocations++;
    return __libc_realloc(memory, size);
}

bool web_test_counts_allocations(void)
{
    return true;
}

uint64_t web_test_allocations(void)
{
    return allocations;
}

#else

bool web_test_counts_allocations(void)
{
    return false;
}

uint64_t web_test_allocations(void)
{
    return 0;
}

#endif
