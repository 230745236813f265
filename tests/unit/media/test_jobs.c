/* The job runner: a derivative asked for by several threads at once is
 * made once, queued jobs are waited for, stored ones looked up, errors
 * handed to every waiter, and the real libvips maker runs in a worker. */
#include "media_test_support.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

/* A fake store: one slot per key, behind a lock, counting makes. */
typedef struct {
    pthread_mutex_t lock;
    atomic_int makes, stores;
    int make_status, store_status;
    char keys[64][64];
    gz_buf_t values[64];
    size_t count;
} fake_store_t;

static void sleep_milliseconds(long milliseconds)
{
    struct timespec pause = {milliseconds / 1000, (milliseconds % 1000) * 1000000};
    nanosleep(&pause, NULL);
}

static int slow_make(void *context, const media_original_t *original, const media_size_t *size,
                     gz_buf_t *out, gz_buf_t *message)
{
    fake_store_t *store = context;
    atomic_fetch_add(&store->makes, 1);
    sleep_milliseconds(100);
    if (store->make_status) {
        gz_buf_append_cstr(message, "the picture cannot be resized");
        return store->make_status;
    }
    gz_str_t bytes = media_original_bytes(original);
    gz_buf_printf(out, "%.*s@%u", (int)bytes.len, bytes.ptr, size->width);
    return GZ_OK;
}

static int fake_lookup(void *context, gz_str_t key, gz_buf_t *out)
{
    fake_store_t *store = context;
    int status = GZ_ENOTFOUND;
    pthread_mutex_lock(&store->lock);
    for (size_t i = 0; i < store->count; i++)
        if (gz_str_eq_cstr(key, store->keys[i])) {
            gz_buf_append_str(out, gz_buf_str(&store->values[i]));
            status = GZ_OK;
        }
    pthread_mutex_unlock(&store->lock);
    return status;
}

static int fake_store(void *context, gz_str_t key, gz_str_t bytes, const media_size_t *size)
{
    (void)size;
    fake_store_t *store = context;
    atomic_fetch_add(&store->stores, 1);
    if (store->store_status)
        return store->store_status;
    pthread_mutex_lock(&store->lock);
    snprintf(store->keys[store->count], 64, "%.*s", (int)key.len, key.ptr);
    store->values[store->count] = GZ_BUF_INIT;
    gz_buf_append_str(&store->values[store->count++], bytes);
    pthread_mutex_unlock(&store->lock);
    return GZ_OK;
}

static fake_store_t *fake_store_new(void)
{
    fake_store_t *store = calloc(1, sizeof *store);
    pthread_mutex_init(&store->lock, NULL);
    return store;
}

static void fake_store_free(fake_store_t *store)
{
    for (size_t i = 0; i < store->count; i++)
        gz_buf_free(&store->values[i]);
    pthread_mutex_destroy(&store->lock);
    free(store);
}

static media_jobs_t *start_jobs(fake_store_t *store, unsigned threads)
{
    media_jobs_config_t config = {slow_make, fake_lookup, fake_store, store, threads, 4};
    media_jobs_t *jobs = media_jobs_create(&config);
    assert_non_null(jobs);
    return jobs;
}

static const media_size_t SIZE_640 = {4, 3, 640, MEDIA_FORMAT_JPEG};

/* ---- many askers at once ----------------------------------------------- */

enum { ASKERS = 8 };

typedef struct {
    media_jobs_t *jobs;
    media_original_t *original;
    pthread_barrier_t *start;
    int status;
    gz_buf_t out, message;
} asker_t;

static void *ask(void *argument)
{
    asker_t *asker = argument;
    pthread_barrier_wait(asker->start);
    asker->status = media_jobs_request(asker->jobs, GZ_STR("42/640_4x3.jpg"), asker->original,
                                       &SIZE_640, &asker->out, &asker->message);
    return NULL;
}

static void ask_together(media_jobs_t *jobs, media_original_t *original, asker_t *askers)
{
    pthread_t threads[ASKERS];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, ASKERS);
    for (int i = 0; i < ASKERS; i++) {
        askers[i] = (asker_t){jobs, original, &start, -99, GZ_BUF_INIT, GZ_BUF_INIT};
        assert_int_equal(pthread_create(&threads[i], NULL, ask, &askers[i]), 0);
    }
    for (int i = 0; i < ASKERS; i++)
        pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start);
}

static void free_askers(asker_t *askers)
{
    for (int i = 0; i < ASKERS; i++) {
        gz_buf_free(&askers[i].out);
        gz_buf_free(&askers[i].message);
    }
}

static void test_many_askers_get_one_make(void **state)
{
    (void)state;
    fake_store_t *store = fake_store_new();
    media_jobs_t *jobs = start_jobs(store, 2);
    media_original_t *original = media_original_create("photo", 5, (media_focus_t){0});
    asker_t askers[ASKERS];
    ask_together(jobs, original, askers);
    assert_int_equal(atomic_load(&store->makes), 1);
    assert_int_equal(atomic_load(&store->stores), 1);
    for (int i = 0; i < ASKERS; i++) {
        assert_int_equal(askers[i].status, GZ_OK);
        assert_string_equal(gz_buf_cstr(&askers[i].out), "photo@640");
    }
    free_askers(askers);
    /* Later askers read the stored copy: still one make. */
    ask_together(jobs, original, askers);
    assert_int_equal(atomic_load(&store->makes), 1);
    assert_string_equal(gz_buf_cstr(&askers[ASKERS - 1].out), "photo@640");
    free_askers(askers);
    media_original_release(original);
    media_jobs_destroy(jobs);
    fake_store_free(store);
}

static void test_askers_wait_for_the_queued_job(void **state)
{
    (void)state;
    fake_store_t *store = fake_store_new();
    media_jobs_t *jobs = start_jobs(store, 1);
    media_original_t *original = media_original_create("upload", 6, (media_focus_t){0});
    assert_int_equal(media_jobs_submit(jobs, GZ_STR("42/640_4x3.jpg"), original, &SIZE_640), 0);
    assert_int_equal(media_jobs_submit(jobs, GZ_STR("42/640_4x3.jpg"), original, &SIZE_640), 0);
    asker_t askers[ASKERS];
    ask_together(jobs, NULL, askers); /* only wait: nothing to make from */
    assert_int_equal(atomic_load(&store->makes), 1);
    for (int i = 0; i < ASKERS; i++)
        assert_string_equal(gz_buf_cstr(&askers[i].out), "upload@640");
    free_askers(askers);
    media_original_release(original); /* the runner holds its own reference */
    media_jobs_destroy(jobs);
    fake_store_free(store);
}

/* A reader asking for a job still queued behind others makes it at once
 * on its own thread; the worker then does not make it again. */
static void test_asker_takes_a_queued_job_out_of_the_queue(void **state)
{
    (void)state;
    fake_store_t *store = fake_store_new();
    media_jobs_t *jobs = start_jobs(store, 1);
    media_original_t *first = media_original_create("first", 5, (media_focus_t){0});
    media_original_t *second = media_original_create("second", 6, (media_focus_t){0});
    assert_int_equal(media_jobs_submit(jobs, GZ_STR("1/640.jpg"), first, &SIZE_640), 0);
    assert_int_equal(media_jobs_submit(jobs, GZ_STR("2/640.jpg"), second, &SIZE_640), 0);
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(media_jobs_request(jobs, GZ_STR("2/640.jpg"), NULL, &SIZE_640, &out, NULL),
                     GZ_OK);
    assert_string_equal(gz_buf_cstr(&out), "second@640");
    media_jobs_drain(jobs);
    assert_int_equal(atomic_load(&store->makes), 2);
    assert_int_equal(atomic_load(&store->stores), 2);
    gz_buf_free(&out);
    media_original_release(first);
    media_original_release(second);
    media_jobs_destroy(jobs);
    fake_store_free(store);
}

static void test_unknown_derivative_without_original_is_not_found(void **state)
{
    (void)state;
    fake_store_t *store = fake_store_new();
    media_jobs_t *jobs = start_jobs(store, 1);
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(media_jobs_request(jobs, GZ_STR("7/320_1x1.jpg"), NULL, &SIZE_640, &out, NULL),
                     GZ_ENOTFOUND);
    assert_int_equal(media_jobs_request(jobs, GZ_STR(""), NULL, &SIZE_640, &out, NULL), GZ_EINVAL);
    assert_int_equal(atomic_load(&store->makes), 0);
    gz_buf_free(&out);
    media_jobs_destroy(jobs);
    fake_store_free(store);
}

static void test_errors_reach_every_waiter(void **state)
{
    (void)state;
    fake_store_t *store = fake_store_new();
    store->make_status = GZ_EIO;
    media_jobs_t *jobs = start_jobs(store, 1);
    media_original_t *original = media_original_create("broken", 6, (media_focus_t){0});
    asker_t askers[ASKERS];
    ask_together(jobs, original, askers);
    assert_int_equal(atomic_load(&store->makes), 1);
    for (int i = 0; i < ASKERS; i++) {
        assert_int_equal(askers[i].status, GZ_EIO);
        assert_string_equal(gz_buf_cstr(&askers[i].message), "the picture cannot be resized");
        assert_int_equal(askers[i].out.len, 0);
    }
    free_askers(askers);
    store->make_status = GZ_OK;
    store->store_status = GZ_EIO;
    gz_buf_t out = GZ_BUF_INIT, message = GZ_BUF_INIT;
    assert_int_equal(media_jobs_request(jobs, GZ_STR("1/a"), original, &SIZE_640, &out, &message),
                     GZ_EIO);
    assert_non_null(strstr(gz_buf_cstr(&message), "cannot be stored"));
    gz_buf_free(&out);
    gz_buf_free(&message);
    media_original_release(original);
    media_jobs_destroy(jobs);
    fake_store_free(store);
}

static void test_queue_is_bounded(void **state)
{
    (void)state;
    fake_store_t *store = fake_store_new();
    media_jobs_t *jobs = start_jobs(store, 1); /* capacity 4 */
    media_original_t *original = media_original_create("x", 1, (media_focus_t){0});
    int refused = 0;
    for (int i = 0; i < 8; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        refused +=
            media_jobs_submit(jobs, gz_str_from_cstr(key), original, &SIZE_640) == GZ_EUNAVAILABLE;
    }
    assert_true(refused >= 3); /* at most 4 queued and 1 running */
    media_jobs_drain(jobs);
    assert_int_equal(atomic_load(&store->makes), 8 - refused);
    media_original_release(original);
    media_jobs_destroy(jobs);
    fake_store_free(store);
}

/* The real maker, in a worker: an upload's derivatives made in the
 * background and stored, then read without making them again. */
static void test_workers_make_real_derivatives(void **state)
{
    (void)state;
    fake_store_t *store = fake_store_new();
    media_jobs_config_t config = {NULL, fake_lookup, fake_store, store, 2, 16};
    media_jobs_t *jobs = media_jobs_create(&config);
    size_t len;
    void *bytes = grey_file(800, 600, (red_patch_t){10, 10, 40}, ".jpg", &len);
    media_original_t *original = media_original_create(bytes, len, (media_focus_t){true, 0, 0});
    g_free(bytes);
    media_size_t sizes[2] = {{1, 1, 320, MEDIA_FORMAT_WEBP}, {16, 9, 640, MEDIA_FORMAT_JPEG}};
    assert_int_equal(media_jobs_submit(jobs, GZ_STR("9/320_1x1.webp"), original, &sizes[0]), 0);
    assert_int_equal(media_jobs_submit(jobs, GZ_STR("9/640_16x9.jpg"), original, &sizes[1]), 0);
    media_original_release(original);
    media_jobs_drain(jobs);
    assert_int_equal(atomic_load(&store->stores), 2);
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(
        media_jobs_request(jobs, GZ_STR("9/640_16x9.jpg"), NULL, &sizes[1], &out, NULL), GZ_OK);
    VipsImage *image = decode_picture(out.data, out.len);
    assert_int_equal(image->Xsize, 640);
    assert_int_equal(image->Ysize, 360);
    assert_true(count_red_pixels(image) > 1000);
    g_object_unref(image);
    gz_buf_free(&out);
    media_jobs_destroy(jobs);
    fake_store_free(store);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_askers_get_one_make),
        cmocka_unit_test(test_askers_wait_for_the_queued_job),
        cmocka_unit_test(test_asker_takes_a_queued_job_out_of_the_queue),
        cmocka_unit_test(test_unknown_derivative_without_original_is_not_found),
        cmocka_unit_test(test_errors_reach_every_waiter),
        cmocka_unit_test(test_queue_is_bounded),
        cmocka_unit_test(test_workers_make_real_derivatives),
    };
    return cmocka_run_group_tests(tests, media_test_setup, media_test_teardown);
}
