/* Unit tests of media items in the store (store_media.c,
 * store_media_files.c): every field round-trips, files of several parts
 * come back byte for byte whole and by ranges, a replaced file leaves no
 * stale part, the library filters and pages, bad input stores nothing,
 * deletes cascade, and usage feeds the garbage collector. They run on
 * SQLite and, with GAZETTE_TEST_PG set, on PostgreSQL (temp_store.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/temp_store.h"

typedef temp_store_t fixture_t;

enum { PART = STORE_MEDIA_PART_BYTES, BIG = 3 * PART + PART / 2 };

/* ---- helpers ----------------------------------------------------------- */

static content_media_t picture(const char *stem, gz_time_t created_at)
{
    content_media_t item = {.kind = CONTENT_MEDIA_PICTURE,
                            .stem = stem,
                            .file_name = "DSC_0042.jpg",
                            .mime = "image/jpeg",
                            .created_at = created_at,
                            .updated_at = created_at};
    return item;
}

static int64_t put(fixture_t *fixture, content_media_t item)
{
    int result = store_media_put(fixture->store, &item);
    if (result != GZ_OK)
        fail_msg("store_media_put: %s", store_last_error(fixture->store));
    assert_true(item.id > 0);
    return item.id;
}

/* Bytes that no two parts share (a misplaced part shows). */
static unsigned char *random_bytes(size_t len, unsigned seed)
{
    unsigned char *bytes = malloc(len);
    assert_non_null(bytes);
    srand(seed);
    for (size_t i = 0; i < len; i++)
        bytes[i] = (unsigned char)(rand() >> 7);
    return bytes;
}

static int64_t count_rows(fixture_t *fixture, const char *sql, int64_t id)
{
    return temp_store_count(fixture, sql, 1, &id);
}

static int64_t chunks_of(fixture_t *fixture, int64_t id)
{
    return count_rows(fixture, "SELECT COUNT(*) FROM media_chunks WHERE media_id = $1", id);
}

static void write_file(fixture_t *fixture, int64_t id, const char *variant, const void *bytes,
                       size_t len)
{
    int result =
        store_media_file_write(fixture->store, id, variant, "image/jpeg", 640, 360, bytes, len);
    if (result != GZ_OK)
        fail_msg("store_media_file_write: %s", store_last_error(fixture->store));
}

/* Reads [offset, offset + length) and compares it with expected's bytes. */
static void check_range(fixture_t *fixture, int64_t id, const char *variant,
                        const unsigned char *expected, uint64_t offset, uint64_t length)
{
    gz_buf_t out = GZ_BUF_INIT;
    gz_buf_append_cstr(&out, "kept"); /* the read appends */
    int result = store_media_file_read(fixture->store, id, variant, offset, length, &out);
    if (result != GZ_OK)
        fail_msg("store_media_file_read(%llu, %llu): %s", (unsigned long long)offset,
                 (unsigned long long)length, store_last_error(fixture->store));
    assert_int_equal(out.len, 4 + length);
    assert_memory_equal(out.data, "kept", 4);
    if (length > 0 && memcmp(out.data + 4, expected + offset, (size_t)length) != 0)
        fail_msg("bytes %llu + %llu differ", (unsigned long long)offset,
                 (unsigned long long)length);
    gz_buf_free(&out);
}

/* The tags of the change log's entries after seq, joined by '|'. */
static const char *changes_after(fixture_t *fixture, int64_t seq)
{
    store_change_t *changes = NULL;
    size_t count = 0;
    assert_int_equal(
        store_changes_since(fixture->store, seq, 100, &fixture->pool, &changes, &count), GZ_OK);
    gz_buf_t joined = GZ_BUF_INIT;
    for (size_t i = 0; i < count; i++)
        gz_buf_printf(&joined, "%s%s", i > 0 ? "|" : "", changes[i].tags);
    char *text = gz_pool_strdup(&fixture->pool, gz_buf_cstr(&joined));
    gz_buf_free(&joined);
    return text;
}

static int64_t latest_change(fixture_t *fixture)
{
    int64_t seq = 0;
    assert_int_equal(store_change_latest(fixture->store, &seq), GZ_OK);
    return seq;
}

/* ---- items ------------------------------------------------------------- */

static void every_field_round_trips(void **state)
{
    fixture_t *fixture = *state;
    int64_t poster = put(fixture, picture("2016/12/03/alalam_636163786258551190", 100));
    content_media_t item = {.kind = CONTENT_MEDIA_VIDEO,
                            .stem = "2016/12/03/alalam_636163786258551197",
                            .file_name = "Clip \"one\".mp4",
                            .mime = "video/mp4",
                            .width = 4000000000u,
                            .height = 2160,
                            .byte_count = 5000000000,
                            .has_original = true,
                            .alt = "A crowd in Aleppo's old city",
                            .caption = "\xd8\xad\xd9\x84\xd8\xa8 at dawn, 50% of it",
                            .credit = "Reuters/Jane Doe",
                            .copyright = "\xc2\xa9 2016 Alalam",
                            .focus_set = true,
                            .focus_x = 10000,
                            .focus_y = 1,
                            .duration_ms = 93500,
                            .poster_id = poster,
                            .embed_provider = "youtube",
                            .embed_id = "dQw4w9WgXcQ",
                            .created_at = 1480750000,
                            .updated_at = 1480760000};
    assert_int_equal(store_media_put(fixture->store, &item), GZ_OK);
    content_media_t got;
    assert_int_equal(store_media_get(fixture->store, item.id, &fixture->pool, &got), GZ_OK);
    assert_int_equal(got.id, item.id);
    assert_int_equal(got.kind, CONTENT_MEDIA_VIDEO);
    assert_string_equal(got.stem, item.stem);
    assert_string_equal(got.file_name, item.file_name);
    assert_string_equal(got.mime, "video/mp4");
    assert_int_equal(got.width, 4000000000u);
    assert_int_equal(got.height, 2160);
    assert_int_equal(got.byte_count, 5000000000);
    assert_true(got.has_original);
    assert_string_equal(got.alt, item.alt);
    assert_string_equal(got.caption, item.caption);
    assert_string_equal(got.credit, item.credit);
    assert_string_equal(got.copyright, item.copyright);
    assert_true(got.focus_set);
    assert_int_equal(got.focus_x, 10000);
    assert_int_equal(got.focus_y, 1);
    assert_int_equal(got.duration_ms, 93500);
    assert_int_equal(got.poster_id, poster);
    assert_string_equal(got.embed_provider, "youtube");
    assert_string_equal(got.embed_id, "dQw4w9WgXcQ");
    assert_int_equal(got.created_at, 1480750000);
    assert_int_equal(got.updated_at, 1480760000);
    content_media_t by_stem;
    assert_int_equal(store_media_find_by_stem(fixture->store, item.stem, &fixture->pool, &by_stem),
                     GZ_OK);
    assert_int_equal(by_stem.id, item.id);
    /* NULL texts stay NULL; an update keeps created_at and the file facts. */
    content_media_t edit = picture(item.stem, 0);
    edit.id = item.id;
    edit.file_name = NULL;
    assert_int_equal(store_media_put(fixture->store, &edit), GZ_OK);
    assert_true(edit.updated_at >= gz_now() - 5);
    assert_int_equal(store_media_get(fixture->store, item.id, &fixture->pool, &got), GZ_OK);
    assert_int_equal(got.kind, CONTENT_MEDIA_PICTURE);
    assert_null(got.file_name);
    assert_null(got.alt);
    assert_int_equal(got.poster_id, 0);
    assert_int_equal(got.created_at, 1480750000);
    assert_true(got.has_original);
    assert_int_equal(got.byte_count, 5000000000);
}

static void a_new_item_gets_its_times_and_missing_ones_are_not_found(void **state)
{
    fixture_t *fixture = *state;
    content_media_t item = picture("2024/01/31/site-2_1", 0);
    item.updated_at = 0;
    gz_time_t before = gz_now();
    assert_int_equal(store_media_put(fixture->store, &item), GZ_OK);
    assert_true(item.created_at >= before && item.updated_at == item.created_at);
    content_media_t got;
    assert_int_equal(store_media_get(fixture->store, item.id + 1, &fixture->pool, &got),
                     GZ_ENOTFOUND);
    assert_int_equal(
        store_media_find_by_stem(fixture->store, "2024/01/31/site-2_2", &fixture->pool, &got),
        GZ_ENOTFOUND);
    content_media_t ghost = picture("2024/01/31/site_3", 0);
    ghost.id = item.id + 50;
    assert_int_equal(store_media_put(fixture->store, &ghost), GZ_ENOTFOUND);
}

static void a_duplicate_stem_conflicts(void **state)
{
    fixture_t *fixture = *state;
    put(fixture, picture("2016/12/03/alalam_1", 100));
    content_media_t again = picture("2016/12/03/alalam_1", 200);
    assert_int_equal(store_media_put(fixture->store, &again), GZ_ECONFLICT);
    assert_non_null(strstr(store_last_error(fixture->store), "2016/12/03/alalam_1"));
    int64_t other = put(fixture, picture("2016/12/03/alalam_2", 100));
    content_media_t rename = picture("2016/12/03/alalam_1", 100);
    rename.id = other;
    assert_int_equal(store_media_put(fixture->store, &rename), GZ_ECONFLICT);
    assert_int_equal(temp_store_count(fixture, "SELECT COUNT(*) FROM media", 0, NULL), 2);
}

/* Each bad item is refused with a message naming the problem, and
 * nothing (no row, no change-log entry) is stored. */
static void bad_input_stores_nothing(void **state)
{
    fixture_t *fixture = *state;
    static const struct {
        const char *stem, *alt;
        int kind;
        uint16_t focus_x;
        const char *message;
    } cases[] = {
        {"2016/12/03/Alalam_1", NULL, 1, 0, "shape"},
        {"2016/12/03/alalam", NULL, 1, 0, "shape"},
        {"2016/12/03/alalam_12x", NULL, 1, 0, "shape"},
        {"2016-12-03/alalam_1", NULL, 1, 0, "shape"},
        {"../../etc/passwd_1", NULL, 1, 0, "shape"},
        {"2016/13/03/alalam_1", NULL, 1, 0, "month"},
        {"", NULL, 1, 0, "needs a stem"},
        {"2016/12/03/alalam_1", "bad \xc3\x28 text", 1, 0, "alt text is not valid UTF-8"},
        {"2016/12/03/alalam_1", NULL, 1, 10001, "focus"},
        {"2016/12/03/alalam_1", NULL, 4, 0, "kind"},
    };
    int64_t seq = latest_change(fixture);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        content_media_t item = picture(cases[i].stem, 100);
        item.alt = cases[i].alt;
        item.kind = (content_media_kind_t)cases[i].kind;
        item.focus_x = cases[i].focus_x;
        if (store_media_put(fixture->store, &item) != GZ_EINVAL)
            fail_msg("case %zu was not refused", i);
        if (strstr(store_last_error(fixture->store), cases[i].message) == NULL)
            fail_msg("case %zu says \"%s\"", i, store_last_error(fixture->store));
        assert_int_equal(item.id, 0);
    }
    char long_stem[256];
    snprintf(long_stem, sizeof long_stem, "2016/12/03/%0190d_1", 7);
    content_media_t item = picture(long_stem, 100);
    assert_int_equal(store_media_put(fixture->store, &item), GZ_EINVAL);
    assert_non_null(strstr(store_last_error(fixture->store), "200 bytes"));
    item = picture("2016/12/03/alalam_1", 100);
    item.poster_id = 999;
    assert_int_equal(store_media_put(fixture->store, &item), GZ_EINVAL);
    assert_non_null(strstr(store_last_error(fixture->store), "poster 999"));
    assert_int_equal(temp_store_count(fixture, "SELECT COUNT(*) FROM media", 0, NULL), 0);
    assert_int_equal(latest_change(fixture), seq);
}

/* ---- files ------------------------------------------------------------- */

static void a_big_file_reads_back_whole_and_by_ranges(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = put(fixture, picture("2016/12/03/alalam_5", 100));
    unsigned char *bytes = random_bytes(BIG, 5);
    write_file(fixture, id, "original", bytes, BIG);
    assert_int_equal(chunks_of(fixture, id), 4);
    check_range(fixture, id, "original", bytes, 0, BIG);
    check_range(fixture, id, "original", bytes, PART - 10, 20);      /* across one boundary */
    check_range(fixture, id, "original", bytes, PART / 2, 2 * PART); /* across two */
    check_range(fixture, id, "original", bytes, 3 * PART, PART / 2); /* the short last part */
    check_range(fixture, id, "original", bytes, BIG - 1, 1);         /* the last byte */
    check_range(fixture, id, "original", bytes, 2 * PART, PART);     /* one whole part */
    check_range(fixture, id, "original", bytes, BIG, 0);             /* nothing, at the end */
    gz_buf_t out = GZ_BUF_INIT;
    assert_int_equal(store_media_file_read(fixture->store, id, "original", BIG - 1, 2, &out),
                     GZ_EINVAL);
    assert_int_equal(store_media_file_read(fixture->store, id, "original", UINT64_MAX, 2, &out),
                     GZ_EINVAL);
    assert_int_equal(store_media_file_read(fixture->store, id, "640.webp", 0, 1, &out),
                     GZ_ENOTFOUND);
    assert_int_equal(out.len, 0);
    gz_buf_free(&out);
    store_media_file_t info;
    assert_int_equal(store_media_file_info(fixture->store, id, "original", &info), GZ_OK);
    assert_string_equal(info.variant, "original");
    assert_string_equal(info.mime, "image/jpeg");
    assert_int_equal(info.width, 640);
    assert_int_equal(info.height, 360);
    assert_int_equal(info.byte_count, BIG);
    assert_int_equal(strlen(info.etag), 32);
    assert_true(info.made_at >= gz_now() - 5);
    content_media_t item;
    assert_int_equal(store_media_get(fixture->store, id, &fixture->pool, &item), GZ_OK);
    assert_true(item.has_original);
    assert_int_equal(item.byte_count, BIG);
    free(bytes);
}

static void replacing_a_file_leaves_no_stale_parts(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = put(fixture, picture("2016/12/03/alalam_6", 100));
    unsigned char *big = random_bytes(BIG, 6), *small = random_bytes(PART + 3, 7);
    write_file(fixture, id, "original", big, BIG);
    store_media_file_t before;
    assert_int_equal(store_media_file_info(fixture->store, id, "original", &before), GZ_OK);
    write_file(fixture, id, "original", small, PART + 3);
    assert_int_equal(chunks_of(fixture, id), 2);
    check_range(fixture, id, "original", small, 0, PART + 3);
    store_media_file_t after;
    assert_int_equal(store_media_file_info(fixture->store, id, "original", &after), GZ_OK);
    assert_int_equal(after.byte_count, PART + 3);
    assert_string_not_equal(before.etag, after.etag); /* the etag follows the bytes */
    write_file(fixture, id, "original", small, PART + 3);
    store_media_file_t same;
    assert_int_equal(store_media_file_info(fixture->store, id, "original", &same), GZ_OK);
    assert_string_equal(same.etag, after.etag);
    small[PART] ^= 1; /* one bit in the second part */
    write_file(fixture, id, "original", small, PART + 3);
    assert_int_equal(store_media_file_info(fixture->store, id, "original", &same), GZ_OK);
    assert_string_not_equal(same.etag, after.etag);
    write_file(fixture, id, "original", "", 0); /* an empty file has no part */
    assert_int_equal(chunks_of(fixture, id), 0);
    check_range(fixture, id, "original", (const unsigned char *)"", 0, 0);
    free(big);
    free(small);
}

static void variants_are_listed_and_deleted(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = put(fixture, picture("2016/12/03/alalam_7", 100));
    write_file(fixture, id, "original", "orig", 4);
    write_file(fixture, id, "640_16x9.webp", "webp!", 5);
    write_file(fixture, id, "320_4x3.avif", "avif", 4);
    store_media_file_t *files = NULL;
    size_t count = 0;
    assert_int_equal(store_media_file_list(fixture->store, id, &fixture->pool, &files, &count),
                     GZ_OK);
    assert_int_equal(count, 3);
    assert_string_equal(files[0].variant, "320_4x3.avif");
    assert_string_equal(files[1].variant, "640_16x9.webp");
    assert_int_equal(files[1].byte_count, 5);
    assert_string_equal(files[2].variant, "original");
    assert_int_equal(store_media_file_delete(fixture->store, id, "640_16x9.webp"), GZ_OK);
    assert_int_equal(store_media_file_delete(fixture->store, id, "640_16x9.webp"), GZ_ENOTFOUND);
    assert_int_equal(store_media_file_delete(fixture->store, id, "original"), GZ_OK);
    content_media_t item;
    assert_int_equal(store_media_get(fixture->store, id, &fixture->pool, &item), GZ_OK);
    assert_false(item.has_original);
    assert_int_equal(chunks_of(fixture, id), 1);
    assert_int_equal(store_media_file_list(fixture->store, id, &fixture->pool, &files, &count),
                     GZ_OK);
    assert_int_equal(count, 1);
    /* Bad arguments and a missing item. */
    assert_int_equal(store_media_file_write(fixture->store, id, "../x", "image/png", 0, 0, "x", 1),
                     GZ_EINVAL);
    assert_int_equal(
        store_media_file_write(fixture->store, id, "Big.png", "image/png", 0, 0, "x", 1),
        GZ_EINVAL);
    assert_int_equal(store_media_file_write(fixture->store, id, "a.png", "png", 0, 0, "x", 1),
                     GZ_EINVAL);
    assert_int_equal(
        store_media_file_write(fixture->store, id + 9, "a.png", "image/png", 0, 0, "x", 1),
        GZ_ENOTFOUND);
    assert_int_equal(temp_store_count(fixture, "SELECT COUNT(*) FROM media_files", 0, NULL), 1);
}

static void writes_log_the_item_tag(void **state)
{
    fixture_t *fixture = *state;
    int64_t seq = latest_change(fixture);
    int64_t id = put(fixture, picture("2016/12/03/alalam_8", 100));
    write_file(fixture, id, "original", "abc", 3);
    write_file(fixture, id, "640_16x9.jpg", "d", 1); /* a derivative: pages do not change */
    assert_int_equal(store_media_file_delete(fixture->store, id, "original"), GZ_OK);
    assert_int_equal(store_media_delete(fixture->store, id), GZ_OK);
    char expected[128];
    snprintf(expected, sizeof expected, "media:%lld|media:%lld|media:%lld|media:%lld",
             (long long)id, (long long)id, (long long)id, (long long)id);
    assert_string_equal(changes_after(fixture, seq), expected);
}

/* ---- the library ------------------------------------------------------- */

static void the_library_filters_and_pages(void **state)
{
    fixture_t *fixture = *state;
    content_media_t items[] = {
        picture("2020/01/01/a_1", 1000), picture("2020/01/02/a_2", 2000),
        picture("2020/01/03/a_3", 3000), picture("2020/01/04/a_4", 4000),
        picture("2020/01/05/a_5", 5000),
    };
    items[0].caption = "Floods in Aleppo";
    items[1].credit = "REUTERS/Jane";
    items[2].alt = "50% off_sale";
    items[2].kind = CONTENT_MEDIA_VIDEO;
    items[3].file_name = "5000 sales.JPG";
    items[4].kind = CONTENT_MEDIA_VIDEO;
    for (size_t i = 0; i < 5; i++) {
        if (i != 3)
            items[i].file_name = NULL;
        put(fixture, items[i]);
    }
    store_media_list_t list;
    store_media_query_t all = {0};
    assert_int_equal(store_media_list(fixture->store, &all, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 5);
    assert_int_equal(list.count, 5);
    assert_string_equal(list.items[0].stem, "2020/01/05/a_5"); /* newest first */
    assert_string_equal(list.items[4].stem, "2020/01/01/a_1");
    store_media_query_t paged = {.page = 2, .page_size = 2};
    assert_int_equal(store_media_list(fixture->store, &paged, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 5);
    assert_int_equal(list.count, 2);
    assert_string_equal(list.items[0].stem, "2020/01/03/a_3");
    paged.page = 3;
    assert_int_equal(store_media_list(fixture->store, &paged, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.count, 1);
    store_media_query_t videos = {.kind = CONTENT_MEDIA_VIDEO};
    assert_int_equal(store_media_list(fixture->store, &videos, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 2);
    store_media_query_t dates = {.created_from = 2000, .created_to = 4000};
    assert_int_equal(store_media_list(fixture->store, &dates, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 3);
    assert_string_equal(list.items[0].stem, "2020/01/04/a_4");
    static const struct {
        const char *text;
        size_t total;
    } texts[] = {
        {"aleppo", 1}, {"reuters/jane", 1}, {"JANE", 1}, {"50%", 1},  {"%", 1},
        {"_", 1},      {"0_s", 0},          {"sale", 2}, {".jpg", 1}, {"nothing", 0},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        store_media_query_t query = {.text = texts[i].text};
        assert_int_equal(store_media_list(fixture->store, &query, &fixture->pool, &list), GZ_OK);
        if (list.total != texts[i].total || list.count != texts[i].total)
            fail_msg("\"%s\" found %zu, not %zu", texts[i].text, list.total, texts[i].total);
    }
    store_media_query_t both = {.text = "sale", .kind = CONTENT_MEDIA_VIDEO, .created_to = 3000};
    assert_int_equal(store_media_list(fixture->store, &both, &fixture->pool, &list), GZ_OK);
    assert_int_equal(list.total, 1);
    assert_string_equal(list.items[0].stem, "2020/01/03/a_3");
    store_media_query_t too_big = {.page_size = 101};
    assert_int_equal(store_media_list(fixture->store, &too_big, &fixture->pool, &list), GZ_EINVAL);
    store_media_query_t bad_kind = {.kind = 9};
    assert_int_equal(store_media_list(fixture->store, &bad_kind, &fixture->pool, &list), GZ_EINVAL);
}

/* ---- deleting and usage ------------------------------------------------ */

static void put_article(fixture_t *fixture, int64_t id)
{
    content_article_t article = {.id = id,
                                 .headline = "Headline",
                                 .slug = "headline",
                                 .language = "en",
                                 .status = CONTENT_PUBLISHED,
                                 .published_at = 1000};
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
}

static void deleting_an_item_cascades(void **state)
{
    fixture_t *fixture = *state;
    int64_t poster = put(fixture, picture("2016/12/03/alalam_10", 100));
    content_media_t video = picture("2016/12/03/alalam_11", 100);
    video.kind = CONTENT_MEDIA_VIDEO;
    video.poster_id = poster;
    int64_t id = put(fixture, video);
    unsigned char *bytes = random_bytes(PART * 2 + 1, 11);
    write_file(fixture, id, "original", bytes, PART * 2 + 1);
    write_file(fixture, id, "640.webp", "w", 1);
    write_file(fixture, poster, "original", "p", 1);
    put_article(fixture, 1);
    store_media_use_t uses[] = {{id, STORE_MEDIA_LEAD, 0}, {poster, STORE_MEDIA_BODY, 1}};
    assert_int_equal(store_article_media_replace(fixture->store, 1, uses, 2), GZ_OK);
    int64_t seq = latest_change(fixture);
    assert_int_equal(store_media_delete(fixture->store, poster), GZ_OK);
    char expected[64]; /* the video, which showed the poster, and the poster */
    snprintf(expected, sizeof expected, "media:%lld|media:%lld", (long long)id, (long long)poster);
    assert_string_equal(changes_after(fixture, seq), expected);
    content_media_t got;
    assert_int_equal(store_media_get(fixture->store, id, &fixture->pool, &got), GZ_OK);
    assert_int_equal(got.poster_id, 0); /* the video keeps no poster */
    assert_int_equal(store_media_delete(fixture->store, id), GZ_OK);
    assert_int_equal(store_media_delete(fixture->store, id), GZ_ENOTFOUND);
    assert_int_equal(temp_store_count(fixture, "SELECT COUNT(*) FROM media_files", 0, NULL), 0);
    assert_int_equal(temp_store_count(fixture, "SELECT COUNT(*) FROM media_chunks", 0, NULL), 0);
    assert_int_equal(temp_store_count(fixture, "SELECT COUNT(*) FROM article_media", 0, NULL), 0);
    /* An article's deletion drops its links too. */
    int64_t kept = put(fixture, picture("2016/12/03/alalam_12", 100));
    store_media_use_t use = {kept, STORE_MEDIA_LEAD, 0};
    assert_int_equal(store_article_media_replace(fixture->store, 1, &use, 1), GZ_OK);
    assert_int_equal(store_article_delete(fixture->store, 1), GZ_OK);
    assert_int_equal(temp_store_count(fixture, "SELECT COUNT(*) FROM article_media", 0, NULL), 0);
    assert_int_equal(store_media_get(fixture->store, kept, &fixture->pool, &got), GZ_OK);
    free(bytes);
}

static void usage_and_unused_since(void **state)
{
    fixture_t *fixture = *state;
    int64_t a = put(fixture, picture("2016/12/03/alalam_20", 100));
    int64_t b = put(fixture, picture("2016/12/03/alalam_21", 100));
    int64_t c = put(fixture, picture("2016/12/03/alalam_22", 100));
    content_media_t fresh_item = picture("2016/12/03/alalam_23", 100);
    fresh_item.updated_at = 5000;
    int64_t fresh = put(fixture, fresh_item);
    content_media_t video = picture("2016/12/03/alalam_24", 100);
    video.kind = CONTENT_MEDIA_VIDEO;
    video.poster_id = c; /* c is used as a poster */
    int64_t v = put(fixture, video);
    put_article(fixture, 7);
    put_article(fixture, 3);
    store_media_use_t seven[] = {
        {a, STORE_MEDIA_LEAD, 0}, {a, STORE_MEDIA_BODY, 2}, {v, STORE_MEDIA_BODY, 1}};
    assert_int_equal(store_article_media_replace(fixture->store, 7, seven, 3), GZ_OK);
    store_media_use_t three = {a, STORE_MEDIA_BODY, 0};
    assert_int_equal(store_article_media_replace(fixture->store, 3, &three, 1), GZ_OK);
    int64_t *ids = NULL;
    size_t count = 0;
    assert_int_equal(store_media_usage(fixture->store, a, &fixture->pool, &ids, &count), GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(ids[0], 3);
    assert_int_equal(ids[1], 7);
    assert_int_equal(store_media_usage(fixture->store, b, &fixture->pool, &ids, &count), GZ_OK);
    assert_int_equal(count, 0);
    assert_int_equal(store_media_list_unused(fixture->store, 1000, &fixture->pool, &ids, &count),
                     GZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(ids[0], b); /* not a or v (used), c (a poster), fresh (updated later) */
    assert_int_equal(store_media_list_unused(fixture->store, 6000, &fixture->pool, &ids, &count),
                     GZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(ids[1], fresh);
    /* Replacing drops the old uses; bad uses change nothing. */
    assert_int_equal(store_article_media_replace(fixture->store, 7, NULL, 0), GZ_OK);
    store_media_use_t twice[] = {{b, STORE_MEDIA_LEAD, 0}, {b, STORE_MEDIA_LEAD, 1}};
    assert_int_equal(store_article_media_replace(fixture->store, 3, twice, 2), GZ_EINVAL);
    store_media_use_t bad_role = {b, 3, 0};
    assert_int_equal(store_article_media_replace(fixture->store, 3, &bad_role, 1), GZ_EINVAL);
    store_media_use_t missing = {b + 100, STORE_MEDIA_LEAD, 0};
    assert_int_equal(store_article_media_replace(fixture->store, 3, &missing, 1), GZ_EINVAL);
    assert_non_null(strstr(store_last_error(fixture->store), "not stored"));
    store_media_use_t no_article = {b, STORE_MEDIA_LEAD, 0};
    assert_int_equal(store_article_media_replace(fixture->store, 99, &no_article, 1), GZ_EINVAL);
    assert_int_equal(store_media_usage(fixture->store, a, &fixture->pool, &ids, &count), GZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(ids[0], 3);
    /* Inside the caller's transaction, as the newsroom saves. */
    assert_int_equal(store_begin(fixture->store), GZ_OK);
    store_media_use_t lead = {b, STORE_MEDIA_LEAD, 0};
    assert_int_equal(store_article_media_replace(fixture->store, 3, &lead, 1), GZ_OK);
    assert_int_equal(store_rollback(fixture->store), GZ_OK);
    assert_int_equal(store_media_usage(fixture->store, b, &fixture->pool, &ids, &count), GZ_OK);
    assert_int_equal(count, 0);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, temp_store_open, temp_store_close)
    const struct CMUnitTest tests[] = {
        TEST(every_field_round_trips),
        TEST(a_new_item_gets_its_times_and_missing_ones_are_not_found),
        TEST(a_duplicate_stem_conflicts),
        TEST(bad_input_stores_nothing),
        TEST(a_big_file_reads_back_whole_and_by_ranges),
        TEST(replacing_a_file_leaves_no_stale_parts),
        TEST(variants_are_listed_and_deleted),
        TEST(writes_log_the_item_tag),
        TEST(the_library_filters_and_pages),
        TEST(deleting_an_item_cascades),
        TEST(usage_and_unused_since),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
