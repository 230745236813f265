/* Unit tests of the page cache: hits, byte budget and LRU eviction, exact
 * invalidation by tag, the render race, one render for concurrent misses,
 * compressed variants that decode to the identity body, and entries that
 * end at their own expiry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <brotli/decode.h>
#include <pthread.h>
#include <unistd.h>
#include <zlib.h>

#include "web/cache.h"

static gz_pool_t pool;

static gz_str_t key(const char *text)
{
    return gz_str_from_cstr(text);
}

/* A rendered page of about size bytes, tagged. */
static web_response_t page(const char *text, size_t size, const char *tag_a, const char *tag_b)
{
    web_response_t response = {.status = 200, .content_type = "text/html; charset=utf-8",
                               .policy = WEB_POLICY_PAGE, .last_modified = 1481098187};
    while (response.body.len < size) {
        gz_buf_append_cstr(&response.body, text);
    }
    web_response_tag(&response, &pool, "%s", tag_a);
    if (tag_b != NULL) {
        web_response_tag(&response, &pool, "%s", tag_b);
    }
    return response;
}

static void fill_class(web_cache_t *cache, const char *k, web_response_t *response,
                       web_cache_class_t class)
{
    web_cache_claim_t claim;
    assert_null(web_cache_get(cache, key(k), &claim));
    web_cache_release(web_cache_fill(cache, &claim, response, "public, max-age=60", class));
    gz_buf_free(&response->body);
}

static void fill(web_cache_t *cache, const char *k, web_response_t *response)
{
    fill_class(cache, k, response, WEB_CACHE_CLASS_READER);
}

static bool cached(web_cache_t *cache, const char *k)
{
    web_cache_claim_t claim;
    web_cache_entry_t *entry = web_cache_get(cache, key(k), &claim);
    if (entry == NULL) {
        web_cache_abandon(cache, &claim);
        return false;
    }
    web_cache_release(entry);
    return true;
}

static void a_hit_returns_the_stored_bytes_and_headers(void **state)
{
    (void)state;
    web_cache_t *cache = web_cache_new(1 << 20);
    web_response_t response = page("<p>Aleppo</p>", 1000, "article:1", "sections");
    gz_buf_t copy = GZ_BUF_INIT;
    gz_buf_append(&copy, response.body.data, response.body.len);
    fill(cache, "h\n/news/1/a", &response);
    web_cache_claim_t claim;
    web_cache_entry_t *entry = web_cache_get(cache, key("h\n/news/1/a"), &claim);
    assert_non_null(entry);
    assert_int_equal(entry->body[WEB_ENCODING_IDENTITY].len, copy.len);
    assert_memory_equal(entry->body[WEB_ENCODING_IDENTITY].ptr, copy.data, copy.len);
    assert_string_equal(entry->surrogate_key.base, "article:1 sections");
    assert_string_equal(entry->cache_control.base, "public, max-age=60");
    assert_string_equal(entry->last_modified.base, "Wed, 07 Dec 2016 08:09:47 GMT");
    assert_int_equal(entry->etag[WEB_ENCODING_IDENTITY].len, 26);
    assert_int_equal(entry->etag[WEB_ENCODING_GZIP].len, 29);
    web_cache_stats_t stats = web_cache_stats(cache);
    assert_int_equal(stats.hits, 1);
    assert_int_equal(stats.misses, 1);
    assert_int_equal(stats.entries, 1);
    web_cache_release(entry);
    gz_buf_free(&copy);
    web_cache_free(cache);
}

static void compressed_variants_decode_to_the_identity(void **state)
{
    (void)state;
    web_response_t response = page("<p>Militant rocket fire \xe2\x80\x9c" "Aleppo\xe2\x80\x9d</p>\n",
                                   20000, "home", NULL);
    web_cache_entry_t *entry = web_cache_entry_build(&response, "x", true);
    gz_str_t identity = entry->body[WEB_ENCODING_IDENTITY];
    gz_str_t gzip = entry->body[WEB_ENCODING_GZIP];
    gz_str_t brotli = entry->body[WEB_ENCODING_BROTLI];
    assert_non_null(gzip.ptr);
    assert_non_null(brotli.ptr);
    assert_true(gzip.len < identity.len / 4);

    char *decoded = malloc(identity.len + 16);
    z_stream stream = {0};
    assert_int_equal(inflateInit2(&stream, 15 + 16), Z_OK);
    stream.next_in = (Bytef *)gzip.ptr;
    stream.avail_in = (uInt)gzip.len;
    stream.next_out = (Bytef *)decoded;
    stream.avail_out = (uInt)identity.len + 16;
    assert_int_equal(inflate(&stream, Z_FINISH), Z_STREAM_END);
    assert_int_equal(stream.total_out, identity.len);
    assert_memory_equal(decoded, identity.ptr, identity.len);
    inflateEnd(&stream);

    size_t decoded_len = identity.len + 16;
    assert_int_equal(BrotliDecoderDecompress(brotli.len, (const uint8_t *)brotli.ptr, &decoded_len,
                                             (uint8_t *)decoded),
                     BROTLI_DECODER_RESULT_SUCCESS);
    assert_int_equal(decoded_len, identity.len);
    assert_memory_equal(decoded, identity.ptr, identity.len);
    free(decoded);
    web_cache_release(entry);
    gz_buf_free(&response.body);
}

static void small_and_binary_bodies_are_not_compressed(void **state)
{
    (void)state;
    web_response_t response = page("x", 100, "home", NULL);
    web_cache_entry_t *entry = web_cache_entry_build(&response, "x", true);
    assert_null(entry->body[WEB_ENCODING_GZIP].ptr);
    web_cache_release(entry);
    gz_buf_free(&response.body);
}

static void invalidation_drops_exactly_the_tagged_entries(void **state)
{
    (void)state;
    web_cache_t *cache = web_cache_new(1 << 20);
    web_response_t a = page("a", 500, "article:1", "sections");
    web_response_t b = page("b", 500, "article:12", "sections");
    web_response_t home = page("h", 500, "home", "sections");
    fill(cache, "a", &a);
    fill(cache, "b", &b);
    fill(cache, "home", &home);
    assert_int_equal(web_cache_invalidate(cache, "article:1 feeds"), 1);
    assert_false(cached(cache, "a"));
    assert_true(cached(cache, "b"));
    assert_true(cached(cache, "home"));
    assert_int_equal(web_cache_invalidate(cache, "home"), 1);
    assert_true(cached(cache, "b"));
    assert_int_equal(web_cache_invalidate(cache, "all"), 1);
    assert_false(cached(cache, "b"));
    web_cache_free(cache);
}

static void the_byte_budget_evicts_the_least_recently_used(void **state)
{
    (void)state;
    /* 16 shards of 64 KiB: many 10 KiB pages cannot all stay. */
    web_cache_t *cache = web_cache_new(16 * 65536);
    web_cache_set_touch_interval(cache, 0);
    char name[32];
    for (int i = 0; i < 400; i++) {
        snprintf(name, sizeof name, "page-%d", i);
        web_response_t response = page("z", 10000, "home", NULL);
        fill(cache, name, &response);
        /* page-0 is read after every fill, so it stays the newest in its shard. */
        assert_true(cached(cache, "page-0"));
    }
    web_cache_stats_t stats = web_cache_stats(cache);
    assert_true(stats.bytes <= stats.capacity);
    assert_true(stats.evictions > 0);
    assert_true(stats.entries < 400);
    assert_true(cached(cache, "page-0"));
    web_cache_free(cache);
}

static void a_render_that_raced_a_write_is_not_stored(void **state)
{
    (void)state;
    web_cache_t *cache = web_cache_new(1 << 20);
    web_cache_claim_t claim;
    assert_null(web_cache_get(cache, key("a"), &claim));
    web_response_t response = page("old", 500, "article:1", NULL);
    web_cache_invalidate(cache, "article:1"); /* a write lands mid-render */
    web_cache_entry_t *entry = web_cache_fill(cache, &claim, &response, "x",
                                              WEB_CACHE_CLASS_READER);
    assert_non_null(entry); /* this reader still gets it */
    web_cache_release(entry);
    assert_false(cached(cache, "a"));
    gz_buf_free(&response.body);
    web_cache_free(cache);
}

static void failures_and_untagged_pages_are_not_stored(void **state)
{
    (void)state;
    web_cache_t *cache = web_cache_new(1 << 20);
    web_response_t failed = page("oops", 100, "home", NULL);
    failed.status = 503;
    fill(cache, "failed", &failed);
    assert_false(cached(cache, "failed"));
    web_response_t untagged = {.status = 200, .content_type = "text/html", .policy = WEB_POLICY_PAGE};
    gz_buf_append_cstr(&untagged.body, "x");
    fill(cache, "untagged", &untagged);
    assert_false(cached(cache, "untagged"));
    web_cache_free(cache);
}

typedef struct {
    web_cache_t *cache;
    int rendered;
    int served;
    pthread_mutex_t lock;
} herd_t;

static void *reader(void *argument)
{
    herd_t *herd = argument;
    web_cache_claim_t claim;
    web_cache_entry_t *entry = web_cache_get(herd->cache, key("breaking"), &claim);
    if (entry == NULL) {
        usleep(50000); /* a slow render, so the others arrive while it runs */
        web_response_t response = page("news", 1000, "article:9", NULL);
        entry = web_cache_fill(herd->cache, &claim, &response, "x",
                                   WEB_CACHE_CLASS_READER);
        gz_buf_free(&response.body);
        pthread_mutex_lock(&herd->lock);
        herd->rendered++;
        pthread_mutex_unlock(&herd->lock);
    }
    pthread_mutex_lock(&herd->lock);
    herd->served += entry->body[0].len == 1000;
    pthread_mutex_unlock(&herd->lock);
    web_cache_release(entry);
    return NULL;
}

static void concurrent_misses_render_once(void **state)
{
    (void)state;
    herd_t herd = {.cache = web_cache_new(1 << 20)};
    pthread_mutex_init(&herd.lock, NULL);
    pthread_t threads[32];
    for (size_t i = 0; i < 32; i++) {
        pthread_create(&threads[i], NULL, reader, &herd);
    }
    for (size_t i = 0; i < 32; i++) {
        pthread_join(threads[i], NULL);
    }
    assert_int_equal(herd.rendered, 1);
    assert_int_equal(herd.served, 32);
    assert_int_equal(web_cache_stats(herd.cache).renders, 1);
    pthread_mutex_destroy(&herd.lock);
    web_cache_free(herd.cache);
}

static void encoding_follows_accept_encoding(void **state)
{
    (void)state;
    web_response_t response = page("<p>x</p>", 5000, "home", NULL);
    web_cache_entry_t *entry = web_cache_entry_build(&response, "x", true);
    const struct {
        const char *accept;
        web_encoding_t expected;
    } cases[] = {
        {"", WEB_ENCODING_IDENTITY},
        {"gzip, deflate, br", WEB_ENCODING_BROTLI},
        {"gzip", WEB_ENCODING_GZIP},
        {"br;q=0, gzip", WEB_ENCODING_GZIP},
        {"BR;q=0.5", WEB_ENCODING_BROTLI},
        {"gzip;q=0", WEB_ENCODING_IDENTITY},
        {"identity", WEB_ENCODING_IDENTITY},
        {"xgzip, brotli", WEB_ENCODING_IDENTITY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        web_encoding_t got = web_cache_choose_encoding(entry, cases[i].accept,
                                                       strlen(cases[i].accept));
        if (got != cases[i].expected) {
            fail_msg("'%s' chose %d", cases[i].accept, got);
        }
    }
    web_cache_release(entry);
    gz_buf_free(&response.body);
}

/* A flood of made-up searches churns its own eighth of the budget and
 * never evicts the readers' pages, however many there are. */
static void variety_never_evicts_readers_pages(void **state)
{
    (void)state;
    web_cache_t *cache = web_cache_new(16 * 1024 * 1024);
    web_response_t article = page("<p>story</p>", 20000, "article:1", NULL);
    fill(cache, "article", &article);
    char name[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "search %d", i);
        web_response_t result = page("<li>result</li>", 20000, "search", NULL);
        fill_class(cache, name, &result, WEB_CACHE_CLASS_VARIETY);
    }
    web_cache_stats_t stats = web_cache_stats(cache);
    assert_true(stats.evictions > 4000);
    assert_true(stats.bytes <= 16 * 1024 * 1024 / 8 + 64 * 1024);
    assert_true(stats.entries < 200);
    assert_true(cached(cache, "article"));
    web_cache_free(cache);
}

/* A hit moves its entry to the front at most once a second: a hot entry
 * read within the interval is left where it is, and still found. */
static void a_hot_entry_is_found_on_every_hit(void **state)
{
    (void)state;
    web_cache_t *cache = web_cache_new(16 * 65536);
    web_response_t first = page("a", 10000, "home", NULL);
    fill(cache, "first", &first);
    for (int i = 0; i < 1000; i++) {
        assert_true(cached(cache, "first"));
    }
    web_cache_stats_t stats = web_cache_stats(cache);
    assert_int_equal(stats.hits, 1000);
    assert_int_equal(stats.misses, 1);
    web_cache_free(cache);
}

static int clear_pool(void **state)
{
    (void)state;
    gz_pool_clear(&pool);
    return 0;
}

/* A banner's answer ends at its expiry with nobody writing: from then on
 * it is no hit, and entries without an expiry stay. */
static void an_entry_is_no_hit_past_its_expiry(void **state)
{
    (void)state;
    web_cache_t *cache = web_cache_new(1 << 20);
    gz_time_t until = gz_now() + 1;
    web_response_t banner = page("{\"breaking\":{}}", 10, "breaking", NULL);
    banner.expires_at = until;
    fill(cache, "h\nbreaking", &banner);
    web_response_t article = page("<p>Aleppo</p>", 100, "article:1", NULL);
    fill(cache, "h\nnews/1", &article);
    assert_true(cached(cache, "h\nbreaking"));
    while (gz_now() < until) {
        usleep(20 * 1000);
    }
    assert_false(cached(cache, "h\nbreaking"));
    assert_true(cached(cache, "h\nnews/1"));
    web_cache_stats_t stats = web_cache_stats(cache);
    assert_int_equal(stats.expirations, 1);
    assert_int_equal(stats.invalidations, 0);
    assert_int_equal(stats.entries, 1);
    /* An answer that has ended already is sent, never kept. */
    web_response_t late = page("{\"breaking\":{}}", 10, "breaking", NULL);
    late.expires_at = gz_now();
    fill(cache, "h\nbreaking", &late);
    assert_false(cached(cache, "h\nbreaking"));
    /* Filled again without an expiry (the banner is down), it stays. */
    web_response_t down = page("{\"breaking\":null}", 10, "breaking", NULL);
    fill(cache, "h\nbreaking", &down);
    assert_true(cached(cache, "h\nbreaking"));
    assert_int_equal(web_cache_stats(cache).expirations, 1);
    web_cache_free(cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(a_hit_returns_the_stored_bytes_and_headers, clear_pool),
        cmocka_unit_test_teardown(compressed_variants_decode_to_the_identity, clear_pool),
        cmocka_unit_test_teardown(small_and_binary_bodies_are_not_compressed, clear_pool),
        cmocka_unit_test_teardown(invalidation_drops_exactly_the_tagged_entries, clear_pool),
        cmocka_unit_test_teardown(the_byte_budget_evicts_the_least_recently_used, clear_pool),
        cmocka_unit_test_teardown(a_render_that_raced_a_write_is_not_stored, clear_pool),
        cmocka_unit_test_teardown(failures_and_untagged_pages_are_not_stored, clear_pool),
        cmocka_unit_test_teardown(concurrent_misses_render_once, clear_pool),
        cmocka_unit_test_teardown(encoding_follows_accept_encoding, clear_pool),
        cmocka_unit_test_teardown(variety_never_evicts_readers_pages, clear_pool),
        cmocka_unit_test_teardown(a_hot_entry_is_found_on_every_hit, clear_pool),
        cmocka_unit_test_teardown(an_entry_is_no_hit_past_its_expiry, clear_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
