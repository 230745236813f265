/*
 * Test support: a migrated SQLite store in a fresh mkdtemp folder, removed
 * with everything in it afterwards. Tests of any module that need a real
 * store include this (and link core_dep).
 */
#ifndef GAZETTE_TEST_TEMP_STORE_H
#define GAZETTE_TEST_TEMP_STORE_H

#include <stdio.h>
#include <stdlib.h>

#include "store/store.h"

typedef struct {
    char folder[64];
    store_t *store;
    gz_pool_t pool;
} temp_store_t;

/* A cmocka setup: *state becomes a temp_store_t with a migrated store. */
static inline int temp_store_open(void **state)
{
    temp_store_t *temp = calloc(1, sizeof *temp);
    *state = temp;
    snprintf(temp->folder, sizeof temp->folder, "/tmp/gazette-test-XXXXXX");
    if (mkdtemp(temp->folder) == NULL)
        return -1;
    char url[128];
    snprintf(url, sizeof url, "sqlite:%s/test.db", temp->folder);
    gz_buf_t error = GZ_BUF_INIT;
    int code = store_open(url, &temp->store, &error);
    if (code != GZ_OK)
        fprintf(stderr, "store_open: %s\n", gz_buf_cstr(&error));
    gz_buf_free(&error);
    if (code == GZ_OK && (code = store_migrate(temp->store)) != GZ_OK)
        fprintf(stderr, "store_migrate: %s\n", store_last_error(temp->store));
    return code == GZ_OK ? 0 : -1;
}

/* The matching cmocka teardown. */
static inline int temp_store_close(void **state)
{
    temp_store_t *temp = *state;
    store_close(temp->store);
    gz_pool_clear(&temp->pool);
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", temp->folder);
    int status = system(command);
    free(temp);
    return status == 0 ? 0 : -1;
}

#endif
