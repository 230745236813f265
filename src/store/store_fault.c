/*
 * store_fault.c: the fault hook of the test builds (GAZETTE_TEST_HOOKS=1):
 * the nth statement executed after store_test_fail_statement(n) fails as
 * if the database had refused it, so a test can walk every statement of a
 * write and check that a failure at any of them leaves nothing behind.
 *
 * The count and the decision live here, once, for both drivers; each
 * driver asks store_fault_next() at the one place where it hands a
 * statement to its database (sqlite_step, and pg.c's send path), so
 * nothing that runs SQL can slip past. The counter is process-wide and
 * atomic (any connection, any thread counts); which statement fired is
 * remembered per thread, because the driver that failed reads it back on
 * the same thread when it writes its error message. Undoing after an
 * error (ROLLBACK of a failed write) is not counted and never fails:
 * otherwise a test could not tell a leak from its own fault.
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "store/backend.h"

#if GAZETTE_TEST_HOOKS

static _Atomic uint64_t fail_at;      /* 0: no fault planned */
static _Atomic uint64_t executed;     /* statements since the last plan */
static _Atomic int read_environment;  /* GAZETTE_TEST_FAIL_STATEMENT read once */
static _Thread_local uint64_t injected; /* the fault this thread just raised */

void store_test_fail_statement(uint64_t n)
{
    atomic_store(&executed, 0);
    atomic_store(&fail_at, n);
}

uint64_t store_test_statement_count(void)
{
    return atomic_load(&executed);
}

void store_fault_read_environment(void)
{
    if (atomic_exchange(&read_environment, 1) != 0)
        return;
    const char *text = getenv("GAZETTE_TEST_FAIL_STATEMENT");
    if (text != NULL && text[0] != '\0')
        store_test_fail_statement(strtoull(text, NULL, 10));
}

uint64_t store_fault_next(void)
{
    uint64_t n = atomic_fetch_add(&executed, 1) + 1;
    uint64_t planned = atomic_load(&fail_at);
    injected = planned != 0 && n == planned ? n : 0;
    return injected;
}

uint64_t store_fault_take(void)
{
    uint64_t n = injected;
    injected = 0;
    return n;
}

int store_fault_fail(store_t *store, uint64_t n, const char *context)
{
    injected = 0;
    return store_fail(store, GZ_EIO, "%s: injected fault at statement %" PRIu64, context, n);
}

#endif
