/*
 * Memory pools (arenas) and the malloc family that never returns NULL.
 *
 * A request or an import job allocates many small pieces that all die
 * together, so a pool hands out slices of large chunks by bumping an offset
 * and frees every chunk at once in gz_pool_clear; nothing is freed one by
 * one. Slices are aligned for any type (max_align_t). An allocation bigger
 * than a quarter of a chunk gets a chunk of its own, linked behind the
 * current one, so a single large string does not waste the rest of the
 * chunk being filled. A pool used again and again (a server thread's, one
 * request after another) is recycled instead of cleared: it keeps one
 * chunk, so a request that fits in it allocates nothing.
 *
 * Running out of memory aborts with a log line (see base.h for why).
 */
#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gz_pool_chunk {
    gz_pool_chunk_t *next;
    size_t used;
    size_t size;
    max_align_t data[]; /* aligns the slices that follow */
};

enum {
    POOL_CHUNK_SIZE = 16 * 1024 - 64, /* leaves room for malloc's own header */
    POOL_ALIGN = _Alignof(max_align_t)
};

void *gz_malloc(size_t size)
{
    void *memory = malloc(size == 0 ? 1 : size);
    if (memory == NULL)
        gz_fatal("out of memory allocating %zu bytes", size);
    return memory;
}

void *gz_calloc(size_t count, size_t size)
{
    if (count == 0 || size == 0)
        return gz_malloc(1);
    if (count > SIZE_MAX / size)
        gz_fatal("allocation size overflow (%zu x %zu bytes)", count, size);
    void *memory = calloc(count, size);
    if (memory == NULL)
        gz_fatal("out of memory allocating %zu x %zu bytes", count, size);
    return memory;
}

void *gz_realloc(void *ptr, size_t size)
{
    void *memory = realloc(ptr, size == 0 ? 1 : size);
    if (memory == NULL)
        gz_fatal("out of memory reallocating to %zu bytes", size);
    return memory;
}

char *gz_strdup(const char *s)
{
    return s == NULL ? NULL : gz_strndup(s, strlen(s));
}

char *gz_strndup(const char *s, size_t len)
{
    size_t actual = strnlen(s, len);
    char *copy = gz_malloc(actual + 1);
    memcpy(copy, s, actual);
    copy[actual] = '\0';
    return copy;
}

static size_t round_up_to_alignment(size_t size)
{
    if (size > SIZE_MAX - (POOL_ALIGN - 1))
        gz_fatal("pool allocation size overflow (%zu bytes)", size);
    return (size + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);
}

static gz_pool_chunk_t *chunk_new(size_t data_size)
{
    if (data_size > SIZE_MAX - sizeof(gz_pool_chunk_t))
        gz_fatal("pool allocation size overflow (%zu bytes)", data_size);
    gz_pool_chunk_t *chunk = gz_malloc(sizeof(gz_pool_chunk_t) + data_size);
    chunk->next = NULL;
    chunk->used = 0;
    chunk->size = data_size;
    return chunk;
}

void *gz_pool_alloc(gz_pool_t *pool, size_t size)
{
    size_t rounded = round_up_to_alignment(size == 0 ? 1 : size);
    gz_pool_chunk_t *head = pool->chunks;
    if (head != NULL && head->size - head->used >= rounded) {
        void *slice = (char *)head->data + head->used;
        head->used += rounded;
        return slice;
    }
    size_t chunk_data = POOL_CHUNK_SIZE - sizeof(gz_pool_chunk_t);
    if (rounded > chunk_data / 4) {
        /* Its own chunk, behind the head so the head keeps filling. */
        gz_pool_chunk_t *own = chunk_new(rounded);
        own->used = rounded;
        if (head != NULL) {
            own->next = head->next;
            head->next = own;
        } else {
            pool->chunks = own;
        }
        return own->data;
    }
    gz_pool_chunk_t *fresh = chunk_new(chunk_data);
    fresh->next = head;
    pool->chunks = fresh;
    fresh->used = rounded;
    return fresh->data;
}

void *gz_pool_calloc(gz_pool_t *pool, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        gz_fatal("pool allocation size overflow (%zu x %zu bytes)", count, size);
    void *memory = gz_pool_alloc(pool, count * size);
    memset(memory, 0, count * size);
    return memory;
}

/* Copies exactly len bytes, NUL bytes included, and adds a NUL. */
static char *pool_copy_bytes(gz_pool_t *pool, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        gz_fatal("pool allocation size overflow (%zu bytes)", len);
    char *copy = gz_pool_alloc(pool, len + 1);
    if (len > 0)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *gz_pool_strndup(gz_pool_t *pool, const char *s, size_t len)
{
    return pool_copy_bytes(pool, s, strnlen(s, len));
}

char *gz_pool_strdup(gz_pool_t *pool, const char *s)
{
    return s == NULL ? NULL : gz_pool_strndup(pool, s, strlen(s));
}

gz_str_t gz_pool_str(gz_pool_t *pool, gz_str_t s)
{
    return (gz_str_t){pool_copy_bytes(pool, s.ptr, s.len), s.len};
}

char *gz_pool_printf(gz_pool_t *pool, const char *fmt, ...)
{
    /* Most results are short: format once on the stack, copy once. */
    char first_try[256];
    va_list args, retry;
    va_start(args, fmt);
    va_copy(retry, args);
    int needed = vsnprintf(first_try, sizeof first_try, fmt, args);
    va_end(args);
    if (needed < 0)
        gz_fatal("gz_pool_printf: bad format \"%s\"", fmt);
    char *text = gz_pool_alloc(pool, (size_t)needed + 1);
    if ((size_t)needed < sizeof first_try)
        memcpy(text, first_try, (size_t)needed + 1);
    else
        vsnprintf(text, (size_t)needed + 1, fmt, retry);
    va_end(retry);
    return text;
}

void gz_pool_clear(gz_pool_t *pool)
{
    gz_pool_chunk_t *chunk = pool->chunks;
    while (chunk != NULL) {
        gz_pool_chunk_t *next = chunk->next;
        free(chunk);
        chunk = next;
    }
    pool->chunks = NULL;
}

void gz_pool_recycle(gz_pool_t *pool)
{
    size_t standard = POOL_CHUNK_SIZE - sizeof(gz_pool_chunk_t);
    gz_pool_chunk_t *kept = NULL;
    for (gz_pool_chunk_t *chunk = pool->chunks, *next; chunk != NULL; chunk = next) {
        next = chunk->next;
        if (kept == NULL && chunk->size == standard) {
            kept = chunk;
        } else {
            free(chunk);
        }
    }
    if (kept != NULL) {
        kept->next = NULL;
        kept->used = 0;
    }
    pool->chunks = kept;
}
