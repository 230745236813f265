/*
 * Test support: the fault walk. With the test builds' hook
 * (store_test_fail_statement in store.h), fault_walk runs a write with its
 * first statement failing, then its second, and so on, until a run
 * executes all its statements without reaching the planned fault; that
 * last run is the clean one, and its statement count is what fault_walk
 * returns. After every failed run the store must hold exactly what it held
 * before: the rows of every table store_copy knows, the change log, and
 * each watched article as it read (revision, status, modified time,
 * headline, or its absence); the write must have answered GZ_EIO with a
 * message naming the injected statement.
 *
 * Include after cmocka.h and support/temp_store.h, in files built with
 * GAZETTE_TEST_HOOKS.
 */
#ifndef GAZETTE_TEST_FAULT_WALK_H
#define GAZETTE_TEST_FAULT_WALK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"

enum { FAULT_WALK_LIMIT = 400, FAULT_WALK_WATCHED = 8 };

/* One attempt at the write: GZ_OK or its error. *message points at what
 * the caller would show (NULL: store_last_error tells). */
typedef int (*fault_write_fn)(void *context, const char **message);

typedef struct {
    temp_store_t *temp;
    int64_t watched[FAULT_WALK_WATCHED]; /* articles to read before and after; 0 ends */
} fault_walk_t;

typedef struct {
    store_copy_report_t rows;
    int64_t change_log;
    char articles[FAULT_WALK_WATCHED][256];
} fault_holdings_t;

static inline void fault_take_holdings(const fault_walk_t *walk, fault_holdings_t *out)
{
    memset(out, 0, sizeof *out);
    store_t *store = walk->temp->store;
    assert_int_equal(store_count_rows(store, &out->rows), GZ_OK);
    out->change_log = temp_store_count(walk->temp, "SELECT COUNT(*) FROM change_log", 0, NULL);
    assert_true(out->change_log >= 0);
    for (size_t i = 0; i < FAULT_WALK_WATCHED && walk->watched[i] != 0; i++) {
        gz_pool_t pool = GZ_POOL_INIT;
        content_article_t *article = NULL;
        int code = store_article_get(store, walk->watched[i], &pool, &article);
        if (code == GZ_ENOTFOUND)
            snprintf(out->articles[i], sizeof out->articles[i], "absent");
        else if (code == GZ_OK)
            snprintf(out->articles[i], sizeof out->articles[i], "r%lld s%d u%lld %s",
                     (long long)article->revision, (int)article->status,
                     (long long)article->updated_at, article->headline);
        else
            fail_msg("cannot read article %lld: %s", (long long)walk->watched[i],
                     store_last_error(store));
        gz_pool_clear(&pool);
    }
}

static inline void fault_assert_same(const fault_holdings_t *before, const fault_holdings_t *after,
                                     uint64_t k)
{
    for (size_t i = 0; i < before->rows.table_count; i++)
        if (before->rows.tables[i].source_rows != after->rows.tables[i].source_rows)
            fail_msg("fault at statement %" PRIu64 " left %s with %lld rows (was %lld)", k,
                     before->rows.tables[i].table, (long long)after->rows.tables[i].source_rows,
                     (long long)before->rows.tables[i].source_rows);
    if (before->change_log != after->change_log)
        fail_msg("fault at statement %" PRIu64 " left a change_log row", k);
    for (size_t i = 0; i < FAULT_WALK_WATCHED; i++)
        if (strcmp(before->articles[i], after->articles[i]) != 0)
            fail_msg("fault at statement %" PRIu64 " changed an article: '%s' became '%s'", k,
                     before->articles[i], after->articles[i]);
}

/* Walks write as the header says; returns the clean run's statements. */
static inline uint64_t fault_walk(const fault_walk_t *walk, fault_write_fn write, void *context)
{
    fault_holdings_t before;
    fault_take_holdings(walk, &before);
    for (uint64_t k = 1; k <= FAULT_WALK_LIMIT; k++) {
        const char *message = NULL;
        store_test_fail_statement(k);
        int result = write(context, &message);
        uint64_t executed = store_test_statement_count();
        store_test_fail_statement(0);
        if (message == NULL)
            message = store_last_error(walk->temp->store);
        if (result == GZ_OK) {
            if (executed >= k)
                fail_msg("fault %" PRIu64 " of %" PRIu64 " was swallowed: \"%s\"", k, executed,
                         message);
            assert_int_equal(executed, k - 1);
            return executed;
        }
        if (result != GZ_EIO)
            fail_msg("fault %" PRIu64 ": the write answered %d (%s), not GZ_EIO", k, result,
                     message);
        char expected[64];
        snprintf(expected, sizeof expected, "injected fault at statement %" PRIu64, k);
        if (strstr(message, expected) == NULL)
            fail_msg("fault %" PRIu64 ": the error says \"%s\"", k, message);
        fault_holdings_t after;
        fault_take_holdings(walk, &after);
        fault_assert_same(&before, &after, k);
    }
    fail_msg("the write never succeeded in %d runs", FAULT_WALK_LIMIT);
    return 0;
}

#endif
