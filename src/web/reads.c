/*
 * reads.c: what a "read" is, and counting them without slowing a page.
 *
 * A read is a GET of an article page answered 200 (from the cache or not),
 * from a client whose user agent is not a known robot, and not repeated:
 * the same address and user agent reading the same article again within
 * 30 minutes counts once. Repeats are remembered per thread in a small
 * fixed table (older entries are overwritten), and the kernel spreads a
 * reader's connections over the threads, so a determined reloader counts
 * at most once per thread per half hour: it does not inflate a list much.
 *
 * Counting is an increment in the thread's own open-addressing table. The
 * table goes to the shared tally (one mutex, taken once every few seconds
 * per thread, never per request), and the tally to the store in batches.
 */
#include "web/reads.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    RECENT_SLOTS = 8192, /* power of two */
    RECENT_WAYS = 4,     /* a reader's slot is one of 4: the oldest is replaced */
    REPEAT_WINDOW_SECONDS = 30 * 60,
    INITIAL_COUNTS = 256, /* power of two */
};

typedef struct {
    int64_t article_id; /* 0: empty */
    int64_t views;
} count_slot_t;

/* An open-addressing table of article id -> views. */
typedef struct {
    count_slot_t *slots;
    size_t capacity; /* power of two */
    size_t used;
} count_table_t;

struct web_thread_reads {
    count_table_t counts;
    uint64_t recent_reader[RECENT_SLOTS];
    gz_time_t recent_time[RECENT_SLOTS];
};

struct web_reads {
    pthread_mutex_t lock;
    count_table_t counts;
    gz_time_t hour; /* the hour the tally is counted in */
};

/* ---- the count table ----------------------------------------------------- */

static void table_init(count_table_t *table)
{
    table->capacity = INITIAL_COUNTS;
    table->slots = gz_calloc(table->capacity, sizeof *table->slots);
    table->used = 0;
}

static count_slot_t *table_slot(count_table_t *table, int64_t article_id)
{
    size_t mask = table->capacity - 1;
    for (size_t i = (size_t)((uint64_t)article_id * 11400714819323198485ULL >> 40) & mask;;
         i = (i + 1) & mask) {
        if (table->slots[i].article_id == article_id || table->slots[i].article_id == 0) {
            return &table->slots[i];
        }
    }
}

static void table_add(count_table_t *table, int64_t article_id, int64_t views);

static void table_grow(count_table_t *table)
{
    count_table_t old = *table;
    table->capacity = old.capacity * 2;
    table->slots = gz_calloc(table->capacity, sizeof *table->slots);
    table->used = 0;
    for (size_t i = 0; i < old.capacity; i++) {
        if (old.slots[i].article_id != 0) {
            table_add(table, old.slots[i].article_id, old.slots[i].views);
        }
    }
    free(old.slots);
}

static void table_add(count_table_t *table, int64_t article_id, int64_t views)
{
    if ((table->used + 1) * 4 > table->capacity * 3) {
        table_grow(table);
    }
    count_slot_t *slot = table_slot(table, article_id);
    if (slot->article_id == 0) {
        slot->article_id = article_id;
        table->used++;
    }
    slot->views += views;
}

static void table_clear(count_table_t *table)
{
    memset(table->slots, 0, table->capacity * sizeof *table->slots);
    table->used = 0;
}

/* ---- per thread ------------------------------------------------------------ */

web_thread_reads_t *web_thread_reads_new(void)
{
    web_thread_reads_t *local = gz_calloc(1, sizeof *local);
    table_init(&local->counts);
    return local;
}

void web_thread_reads_free(web_thread_reads_t *local)
{
    if (local != NULL) {
        free(local->counts.slots);
        free(local);
    }
}

/* MurmurHash3's finalizer: every input bit moves every output bit, so
 * readers whose hashes differ in a few low bits land in different slots. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

void web_thread_reads_count(web_thread_reads_t *local, int64_t article_id, uint64_t reader,
                            gz_time_t now)
{
    uint64_t key = mix(reader ^ mix((uint64_t)article_id));
    key = key != 0 ? key : 1; /* 0 marks an empty slot */
    size_t first = (size_t)key & (RECENT_SLOTS - RECENT_WAYS);
    size_t oldest = first;
    for (size_t i = first; i < first + RECENT_WAYS; i++) {
        if (local->recent_reader[i] == key) {
            if (now - local->recent_time[i] < REPEAT_WINDOW_SECONDS) {
                return;
            }
            oldest = i;
            break;
        }
        if (local->recent_time[i] < local->recent_time[oldest]) {
            oldest = i;
        }
    }
    local->recent_reader[oldest] = key;
    local->recent_time[oldest] = now;
    table_add(&local->counts, article_id, 1);
}

/* ---- the shared tally -------------------------------------------------------- */

web_reads_t *web_reads_new(void)
{
    web_reads_t *reads = gz_calloc(1, sizeof *reads);
    pthread_mutex_init(&reads->lock, NULL);
    table_init(&reads->counts);
    reads->hour = gz_now() / 3600;
    return reads;
}

void web_reads_free(web_reads_t *reads)
{
    if (reads != NULL) {
        pthread_mutex_destroy(&reads->lock);
        free(reads->counts.slots);
        free(reads);
    }
}

void web_reads_collect(web_reads_t *reads, web_thread_reads_t *local)
{
    if (local->counts.used == 0) {
        return;
    }
    pthread_mutex_lock(&reads->lock);
    for (size_t i = 0; i < local->counts.capacity; i++) {
        if (local->counts.slots[i].article_id != 0) {
            table_add(&reads->counts, local->counts.slots[i].article_id,
                      local->counts.slots[i].views);
        }
    }
    pthread_mutex_unlock(&reads->lock);
    table_clear(&local->counts);
}

int web_reads_persist(web_reads_t *reads, store_t *store, bool *written)
{
    *written = false;
    pthread_mutex_lock(&reads->lock);
    size_t count = 0;
    store_view_count_t *batch = gz_calloc(reads->counts.used + 1, sizeof *batch);
    for (size_t i = 0; i < reads->counts.capacity; i++) {
        const count_slot_t *slot = &reads->counts.slots[i];
        if (slot->article_id != 0) {
            batch[count++] = (store_view_count_t){slot->article_id, reads->hour, slot->views};
        }
    }
    table_clear(&reads->counts);
    reads->hour = gz_now() / 3600;
    pthread_mutex_unlock(&reads->lock);
    int code = store_views_add(store, batch, count);
    if (code != GZ_OK) {
        /* Keep them for the next try rather than lose a minute of reads. */
        pthread_mutex_lock(&reads->lock);
        for (size_t i = 0; i < count; i++) {
            table_add(&reads->counts, batch[i].article_id, batch[i].views);
        }
        pthread_mutex_unlock(&reads->lock);
    }
    *written = code == GZ_OK && count > 0;
    free(batch);
    return code;
}

bool web_reads_is_robot(const char *user_agent, size_t len)
{
    static const char *const robots[] = {
        "bot",     "crawl",       "spider",     "slurp",    "curl/",       "wget",
        "python",  "go-http",     "java/",      "headless", "monitor",     "facebookexternalhit",
        "preview", "lighthouse",  "httpclient", "okhttp",   "feedfetcher", "scrapy",
        "wrk",     "apachebench", "node-fetch", "undici",   "axios",       "libwww",
    };
    if (user_agent == NULL || len == 0) {
        return true;
    }
    char lowered[256];
    size_t n = len < sizeof lowered - 1 ? len : sizeof lowered - 1;
    for (size_t i = 0; i < n; i++) {
        char c = user_agent[i];
        lowered[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    lowered[n] = '\0';
    for (size_t i = 0; i < sizeof robots / sizeof robots[0]; i++) {
        if (strstr(lowered, robots[i]) != NULL) {
            return true;
        }
    }
    return false;
}
