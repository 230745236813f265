/*
 * Private to src/web: counting article reads for the most-read lists.
 *
 * Each server thread counts into a table of its own (no lock on the hot
 * path) and hands its counts to the shared tally every few seconds; the
 * watcher thread adds the tally to the store once a minute, and the server
 * once more on shutdown. See reads.c for what counts as a read.
 */
#ifndef GAZETTE_WEB_READS_H
#define GAZETTE_WEB_READS_H

#include "web/web_private.h"

typedef struct web_reads web_reads_t;               /* shared, behind one mutex */
typedef struct web_thread_reads web_thread_reads_t; /* one per thread, unlocked */

web_reads_t *web_reads_new(void);
void web_reads_free(web_reads_t *reads);

web_thread_reads_t *web_thread_reads_new(void);
void web_thread_reads_free(web_thread_reads_t *local);

/* Counts a read of article_id by reader (a hash of address and user agent)
 * at time now, unless the same reader read it in the last 30 minutes.
 * Only the owning thread may call it. */
void web_thread_reads_count(web_thread_reads_t *local, int64_t article_id, uint64_t reader,
                            gz_time_t now);

/* Moves a thread's counts into the shared tally (the owning thread calls
 * it every few seconds and when it stops). */
void web_reads_collect(web_reads_t *reads, web_thread_reads_t *local);

/* Adds the tally to the store and empties it; on failure the counts are
 * kept for the next try. *written says whether anything was added. */
int web_reads_persist(web_reads_t *reads, store_t *store, bool *written);

/* True for user agents of crawlers, monitors and command-line clients,
 * whose reads are not counted; an empty user agent counts as one. */
bool web_reads_is_robot(const char *user_agent, size_t len);

#endif
