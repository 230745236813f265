/*
 * pg_changes.c: reading the change log that the schema's triggers write
 * (migration 2 in pg_schema.c), as sqlite_changes.c does. Readers poll it
 * by seq, the table's key, so a poll that finds nothing costs one index
 * probe; on PostgreSQL a NOTIFY tells them when to look (pg.c).
 */
#include "store/pg_private.h"

/* clang-format off: SQL laid out as SQL. */
static const pg_statement_t CHANGES_SINCE = {
    "SELECT seq, tags FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2"};
static const pg_statement_t CHANGE_LATEST = {"SELECT COALESCE(MAX(seq), 0) FROM change_log"};
/* clang-format on */

int pg_changes_since(store_t *store, int64_t after_seq, size_t limit, gz_pool_t *pool,
                     store_change_t **out, size_t *count)
{
    pg_params_t params = {0};
    pg_param_int64(&params, after_seq);
    pg_param_int64(&params, limit > (size_t)INT64_MAX ? INT64_MAX : (int64_t)limit);
    PGresult *rows = NULL;
    int result = pg_query(store, &CHANGES_SINCE, &params, &rows, "reading the change log");
    if (result != GZ_OK)
        return result;
    int found = PQntuples(rows);
    store_change_t *changes =
        found > 0 ? gz_pool_calloc(pool, (size_t)found, sizeof *changes) : NULL;
    for (int i = 0; i < found; i++) {
        changes[i].seq = pg_number(rows, i, 0);
        changes[i].tags = pg_text(rows, i, 1, pool);
    }
    PQclear(rows);
    *out = changes;
    *count = (size_t)found;
    return GZ_OK;
}

int pg_change_latest(store_t *store, int64_t *seq)
{
    return pg_query_number(store, &CHANGE_LATEST, NULL, seq,
                           "reading the change log's newest entry");
}
