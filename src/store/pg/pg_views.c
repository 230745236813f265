/*
 * pg_views.c: page views by article and hour, as sqlite_views.c keeps
 * them (the most-read lists made from them are shared code,
 * store_views.c). The server counts views in
 * memory and adds them in batches; on PostgreSQL a batch is one statement
 * whatever its size: the counts travel as three arrays, summed by article
 * and hour first (an upsert may touch a row only once per statement), and
 * counts for articles that no longer exist are dropped (the driver's
 * override; store_views.c holds the write, logs it and prunes).
 */
#include <inttypes.h>

#include "store/pg/pg_private.h"


/* clang-format off: SQL laid out as SQL. */
static const pg_statement_t VIEWS_ADD = {
    "INSERT INTO article_views (article_id, hour, views)"
    " SELECT v.article_id, v.hour, SUM(v.views)::bigint"
    " FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) v(article_id, hour, views)"
    " WHERE EXISTS (SELECT 1 FROM articles a WHERE a.id = v.article_id)"
    " GROUP BY v.article_id, v.hour"
    " ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + excluded.views"};

/* clang-format on */

/* The counts as three PostgreSQL array literals, element i of each from
 * counts[i]. */
typedef struct {
    gz_buf_t articles;
    gz_buf_t hours;
    gz_buf_t views;
} view_arrays_t;

static void view_arrays_make(const store_view_count_t *counts, size_t count, view_arrays_t *arrays)
{
    *arrays = (view_arrays_t){GZ_BUF_INIT, GZ_BUF_INIT, GZ_BUF_INIT};
    for (size_t i = 0; i < count; i++) {
        pg_array_add(&arrays->articles, counts[i].article_id);
        pg_array_add(&arrays->hours, counts[i].hour);
        pg_array_add(&arrays->views, counts[i].views);
    }
    pg_array_close(&arrays->articles);
    pg_array_close(&arrays->hours);
    pg_array_close(&arrays->views);
}

static void view_arrays_free(view_arrays_t *arrays)
{
    gz_buf_free(&arrays->articles);
    gz_buf_free(&arrays->hours);
    gz_buf_free(&arrays->views);
}

static int add_counts(store_t *store, const store_view_count_t *counts, size_t count)
{
    view_arrays_t arrays;
    view_arrays_make(counts, count, &arrays);
    pg_params_t params = {0};
    pg_param_text(&params, gz_buf_cstr(&arrays.articles));
    pg_param_text(&params, gz_buf_cstr(&arrays.hours));
    pg_param_text(&params, gz_buf_cstr(&arrays.views));
    int result = pg_run(store, &VIEWS_ADD, &params, "adding views");
    view_arrays_free(&arrays);
    return result;
}

/* The driver's override (store_views.c holds the write open). */
int pg_views_add_counts(store_t *store, const store_view_count_t *counts, size_t count)
{
    return add_counts(store, counts, count);
}
