/*
 * Tests of the newsroom's media library on a real store (SQLite, or
 * PostgreSQL with GAZETTE_TEST_PG): an upload is stored whole with its
 * audit row and a name in the legacy scheme; an SVG, a mislabelled file, a
 * decompression bomb and an oversized file are refused with a message and
 * store nothing; a moved focal point drops the derivatives made for the
 * old one; an item in use is not deleted; an imported reference names an
 * item that waits for its file, and the file's arrival fills it.
 */
#include "media/media_test_support.h"

#include <regex.h>

#include "newsroom/newsroom.h"
#include "support/temp_store.h"

typedef struct {
    temp_store_t *temp;
    store_t *store;
    gz_pool_t pool;
    newsroom_actor_t writer, editor;
    newsroom_media_config_t config;
} fixture_t;

static int64_t add_user(store_t *store, const char *name, store_role_t role)
{
    store_user_t user = {.name = name, .display_name = name, .role = role, .password_hash = "x"};
    assert_int_equal(store_user_add(store, &user), GZ_OK);
    return user.id;
}

static int setup(void **state)
{
    assert_int_equal(media_init(), GZ_OK);
    fixture_t *fixture = gz_calloc(1, sizeof *fixture);
    fixture->temp = temp_store_new(true);
    if (fixture->temp == NULL) {
        free(fixture);
        return -1;
    }
    fixture->store = fixture->temp->store;
    fixture->writer = (newsroom_actor_t){.name = "wendy", .role = STORE_ROLE_AUTHOR};
    fixture->writer.user_id = add_user(fixture->store, "wendy", STORE_ROLE_AUTHOR);
    fixture->editor = (newsroom_actor_t){.name = "eddie", .role = STORE_ROLE_EDITOR};
    fixture->editor.user_id = add_user(fixture->store, "eddie", STORE_ROLE_EDITOR);
    fixture->config = newsroom_media_config_default();
    *state = fixture;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fixture = *state;
    int status = temp_store_delete(fixture->temp);
    gz_pool_clear(&fixture->pool);
    free(fixture);
    return status;
}

static int64_t count(fixture_t *fixture, const char *sql)
{
    return temp_store_count(fixture->temp, sql, 0, NULL);
}

static void assert_nothing_stored(fixture_t *fixture)
{
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media_files"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media_chunks"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'media%'"),
                     0);
}

static int64_t upload_jpeg(fixture_t *fixture, int width, int height, const char *name)
{
    size_t len = 0;
    void *bytes = grey_file(width, height, (red_patch_t){0}, ".jpg", &len);
    newsroom_upload_t upload = {.bytes = bytes, .len = len, .file_name = name, .alt = "A field"};
    newsroom_media_result_t result;
    int code = newsroom_media_upload(fixture->store, &fixture->writer, &fixture->config, &upload,
                                     &fixture->pool, &result);
    g_free(bytes);
    assert_int_equal(code, GZ_OK);
    assert_true(result.media_id > 0);
    return result.media_id;
}

static void upload_is_stored_whole_with_its_audit_row(void **state)
{
    fixture_t *fixture = *state;
    size_t len = 0;
    void *bytes = grey_file(800, 600, (red_patch_t){0}, ".jpg", &len);
    newsroom_upload_t upload = {.bytes = bytes,
                                .len = len,
                                .file_name = "DSC_0042.JPG",
                                .alt = "A grey field",
                                .caption = "The field at dawn",
                                .credit = "Jane Doe/Gazette"};
    newsroom_media_result_t result;
    assert_int_equal(newsroom_media_upload(fixture->store, &fixture->writer, &fixture->config,
                                           &upload, &fixture->pool, &result),
                     GZ_OK);
    regex_t shape;
    assert_int_equal(
        regcomp(&shape, "^[0-9]{4}/[0-9]{2}/[0-9]{2}/gazette_[0-9]{18}$", REG_EXTENDED), 0);
    assert_int_equal(regexec(&shape, result.stem, 0, NULL, 0), 0);
    regfree(&shape);

    content_media_t item;
    assert_int_equal(store_media_get(fixture->store, result.media_id, &fixture->pool, &item),
                     GZ_OK);
    assert_int_equal(item.kind, CONTENT_MEDIA_PICTURE);
    assert_string_equal(item.stem, result.stem);
    assert_string_equal(item.mime, "image/jpeg");
    assert_string_equal(item.file_name, "DSC_0042.JPG");
    assert_string_equal(item.caption, "The field at dawn");
    assert_int_equal(item.width, 800);
    assert_int_equal(item.height, 600);
    assert_true(item.has_original);
    assert_int_equal(item.byte_count, (int64_t)len);

    gz_buf_t back = GZ_BUF_INIT;
    assert_int_equal(store_media_file_read(fixture->store, result.media_id, "original", 0, len,
                                           &back),
                     GZ_OK);
    assert_int_equal(back.len, len);
    assert_memory_equal(back.data, bytes, len);
    gz_buf_free(&back);
    g_free(bytes);
    assert_int_equal(
        count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'media-upload'"), 1);
}

static void uploads_in_a_row_get_their_own_names(void **state)
{
    fixture_t *fixture = *state;
    int64_t first = upload_jpeg(fixture, 64, 48, "a.jpg");
    int64_t second = upload_jpeg(fixture, 64, 48, "b.jpg");
    content_media_t a, b;
    assert_int_equal(store_media_get(fixture->store, first, &fixture->pool, &a), GZ_OK);
    assert_int_equal(store_media_get(fixture->store, second, &fixture->pool, &b), GZ_OK);
    assert_string_not_equal(a.stem, b.stem);
}

/* Each is refused from its bytes, before any decoding, and leaves nothing. */
static void refused_files_store_nothing_and_say_why(void **state)
{
    fixture_t *fixture = *state;
    static const char svg[] = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">"
                              "<script>alert(1)</script></svg>";
    static const char text[] = "this is not a picture at all, whatever its name says";
    gz_buf_t bomb = GZ_BUF_INIT;
    make_png_bomb(&bomb);
    size_t big_len = 0;
    void *big = grey_file(400, 300, (red_patch_t){0}, ".jpg", &big_len);
    struct {
        const void *bytes;
        size_t len;
        const char *name;
        media_refusal_t refusal;
        size_t max_bytes;
    } cases[] = {
        {svg, sizeof svg - 1, "logo.svg", MEDIA_REFUSED_TYPE, 0},
        {text, sizeof text - 1, "photo.jpg", MEDIA_REFUSED_TYPE, 0},
        {bomb.data, bomb.len, "bomb.png", MEDIA_REFUSED_PIXELS, 0},
        {big, big_len, "big.jpg", MEDIA_REFUSED_SIZE, 1000},
        {"", 0, "empty.jpg", MEDIA_REFUSED_CORRUPT, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        newsroom_media_config_t config = fixture->config;
        if (cases[i].max_bytes > 0)
            config.limits.max_picture_bytes = cases[i].max_bytes;
        newsroom_upload_t upload = {
            .bytes = cases[i].bytes, .len = cases[i].len, .file_name = cases[i].name};
        newsroom_media_result_t result;
        assert_int_equal(newsroom_media_upload(fixture->store, &fixture->writer, &config, &upload,
                                               &fixture->pool, &result),
                         GZ_EINVAL);
        assert_int_equal(result.refusal, cases[i].refusal);
        assert_non_null(result.message);
        assert_true(strlen(result.message) > 10);
        assert_false(result.not_allowed);
        assert_nothing_stored(fixture);
    }
    g_free(big);
    gz_buf_free(&bomb);
}

static void a_moved_focal_point_drops_the_old_derivatives(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = upload_jpeg(fixture, 320, 240, "f.jpg");
    assert_int_equal(store_media_file_write(fixture->store, id, "320_16x9.jpg", "image/jpeg", 320,
                                            180, "made", 4),
                     GZ_OK);
    bool remake = true;
    newsroom_media_result_t result;
    newsroom_media_edit_t caption = {.caption = "New caption"};
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->writer, id, &caption,
                                         &fixture->pool, &remake, &result),
                     GZ_OK);
    assert_false(remake);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media_files"), 2);

    newsroom_media_edit_t focus = {.set_focus = true, .focus = {.set = true, .x = 0.25, .y = 0.75}};
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->writer, id, &focus,
                                         &fixture->pool, &remake, &result),
                     GZ_OK);
    assert_true(remake);
    content_media_t item;
    assert_int_equal(store_media_get(fixture->store, id, &fixture->pool, &item), GZ_OK);
    assert_true(item.focus_set);
    assert_int_equal(item.focus_x, 2500);
    assert_int_equal(item.focus_y, 7500);
    assert_string_equal(item.caption, "New caption");
    assert_string_equal(item.alt, "A field");
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media_files"), 1);
    assert_int_equal(
        count(fixture, "SELECT COUNT(*) FROM media_files WHERE variant = 'original'"), 1);
    /* The same point again is no move. */
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->writer, id, &focus,
                                         &fixture->pool, &remake, &result),
                     GZ_OK);
    assert_false(remake);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'media-edit'"),
                     3);

    newsroom_media_edit_t outside = {.set_focus = true, .focus = {.set = true, .x = 1.5, .y = 0}};
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->writer, id, &outside,
                                         &fixture->pool, &remake, &result),
                     GZ_EINVAL);
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->writer, id + 100, &caption,
                                         &fixture->pool, &remake, &result),
                     GZ_ENOTFOUND);
}

static int64_t add_embed(fixture_t *fixture, const char *url, newsroom_media_result_t *result)
{
    newsroom_embed_t embed = {.url = url, .alt = "The storm reaches the coast"};
    int code = newsroom_media_embed(fixture->store, &fixture->writer, &fixture->config, &embed,
                                    &fixture->pool, result);
    return code == GZ_OK ? result->media_id : -(int64_t)code;
}

static void an_embed_is_stored_from_its_address(void **state)
{
    fixture_t *fixture = *state;
    newsroom_media_result_t result;
    int64_t id = add_embed(fixture, "https://youtu.be/dQw4w9WgXcQ?t=42", &result);
    assert_true(id > 0);
    content_media_t item;
    assert_int_equal(store_media_get(fixture->store, id, &fixture->pool, &item), GZ_OK);
    assert_int_equal(item.kind, CONTENT_MEDIA_EMBED);
    assert_string_equal(item.embed_provider, "youtube");
    assert_string_equal(item.embed_id, "dQw4w9WgXcQ");
    assert_string_equal(item.file_name, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    assert_string_equal(item.alt, "The storm reaches the coast");
    assert_false(item.has_original);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media_files"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'media-embed'"),
                     1);

    /* Not a video, not a provider, not allowed by the theme: nothing stored. */
    assert_int_equal(add_embed(fixture, "https://example.com/v/1", &result), -GZ_EINVAL);
    assert_non_null(strstr(result.message, "Only YouTube, Vimeo, Dailymotion, X"));
    assert_int_equal(add_embed(fixture, "https://vimeo.com/12ab", &result), -GZ_EINVAL);
    assert_non_null(strstr(result.message, "Vimeo address"));
    static const bool only_vimeo[MEDIA_EMBED_COUNT] = {[MEDIA_EMBED_VIMEO] = true};
    fixture->config.embeds = only_vimeo;
    assert_int_equal(add_embed(fixture, "https://dai.ly/x7tgad0", &result), -GZ_EINVAL);
    assert_string_equal(result.message, "This site does not embed Dailymotion videos.");
    assert_true(add_embed(fixture, "https://vimeo.com/76979871", &result) > 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media"), 2);
    newsroom_embed_t anonymous = {.url = "https://vimeo.com/76979871"};
    assert_int_equal(newsroom_media_embed(fixture->store, NULL, &fixture->config, &anonymous,
                                          &fixture->pool, &result),
                     GZ_EINVAL);
    assert_true(result.not_allowed);
}

static void a_video_takes_a_poster_and_a_duration(void **state)
{
    fixture_t *fixture = *state;
    newsroom_media_result_t result;
    int64_t video = add_embed(fixture, "https://vimeo.com/76979871", &result);
    int64_t picture = upload_jpeg(fixture, 64, 36, "poster.jpg");
    bool remake = false;
    newsroom_media_edit_t edit = {.set_poster = true, .poster_id = picture,
                                  .set_duration = true, .duration_ms = 205000};
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->editor, video, &edit,
                                         &fixture->pool, &remake, &result),
                     GZ_OK);
    content_media_t item;
    assert_int_equal(store_media_get(fixture->store, video, &fixture->pool, &item), GZ_OK);
    assert_int_equal(item.poster_id, picture);
    assert_int_equal(item.duration_ms, 205000);

    /* A poster that is not a picture, one that does not exist, a negative
     * duration, a poster on a picture: refused, and nothing changed. */
    newsroom_media_edit_t bad[] = {
        {.set_poster = true, .poster_id = video},
        {.set_poster = true, .poster_id = picture + 100},
        {.set_duration = true, .duration_ms = -1, .caption = "changed"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(newsroom_media_edit(fixture->store, &fixture->editor, video, &bad[i],
                                             &fixture->pool, &remake, &result),
                         GZ_EINVAL);
        assert_non_null(result.message);
    }
    newsroom_media_edit_t on_picture = {.set_poster = true, .poster_id = picture};
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->editor, picture, &on_picture,
                                         &fixture->pool, &remake, &result),
                     GZ_EINVAL);
    assert_string_equal(result.message, "Only videos have a poster and a duration.");
    assert_int_equal(store_media_get(fixture->store, video, &fixture->pool, &item), GZ_OK);
    assert_int_equal(item.poster_id, picture);
    assert_int_equal(item.duration_ms, 205000);
    assert_null(item.caption);

    /* An article showing the video uses its poster: it is not deleted. */
    content_article_t article = {.headline = "Shows a video", .language = "en",
                                 .status = CONTENT_DRAFT};
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    store_media_use_t use = {video, STORE_MEDIA_LEAD, 0};
    assert_int_equal(store_article_media_replace(fixture->store, article.id, &use, 1), GZ_OK);
    assert_int_equal(newsroom_media_delete(fixture->store, &fixture->editor, picture,
                                           &fixture->pool, &result),
                     GZ_ECONFLICT);
    assert_non_null(strstr(result.message, "still uses"));

    newsroom_media_edit_t clear = {.set_poster = true, .poster_id = 0};
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->editor, video, &clear,
                                         &fixture->pool, &remake, &result),
                     GZ_OK);
    assert_int_equal(store_media_get(fixture->store, video, &fixture->pool, &item), GZ_OK);
    assert_int_equal(item.poster_id, 0);
}

static void an_item_in_use_is_not_deleted(void **state)
{
    fixture_t *fixture = *state;
    int64_t id = upload_jpeg(fixture, 64, 48, "used.jpg");
    content_article_t article = {.headline = "Uses a picture", .language = "en",
                                 .status = CONTENT_DRAFT};
    assert_int_equal(store_article_put(fixture->store, &article), GZ_OK);
    store_media_use_t use = {id, STORE_MEDIA_LEAD, 0};
    assert_int_equal(store_article_media_replace(fixture->store, article.id, &use, 1), GZ_OK);

    newsroom_media_result_t result;
    assert_int_equal(
        newsroom_media_delete(fixture->store, &fixture->writer, id, &fixture->pool, &result),
        GZ_EINVAL);
    assert_true(result.not_allowed);
    assert_int_equal(
        newsroom_media_delete(fixture->store, &fixture->editor, id, &fixture->pool, &result),
        GZ_ECONFLICT);
    assert_non_null(strstr(result.message, "still uses"));
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media"), 1);

    assert_int_equal(store_article_media_replace(fixture->store, article.id, NULL, 0), GZ_OK);
    assert_int_equal(
        newsroom_media_delete(fixture->store, &fixture->editor, id, &fixture->pool, &result),
        GZ_OK);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media"), 0);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM media_chunks"), 0);
    assert_int_equal(
        count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'media-delete'"), 1);
}

/* The sample's picture: an item waits for its file, and the file fills it. */
static void an_imported_reference_waits_for_its_file(void **state)
{
    fixture_t *fixture = *state;
    const char *path = "/2016/12/03/alalam_636163786258551197_25f_4x3.jpg";
    int64_t id = 0, again = 0;
    assert_int_equal(newsroom_media_reference(fixture->store, path, &fixture->pool, &id), GZ_OK);
    assert_int_equal(newsroom_media_reference(fixture->store, path, &fixture->pool, &again),
                     GZ_OK);
    assert_int_equal(id, again);
    assert_int_equal(newsroom_media_reference(fixture->store, "/images/logo.png", &fixture->pool,
                                              &again),
                     GZ_EPARSE);
    content_media_t item;
    assert_int_equal(store_media_get(fixture->store, id, &fixture->pool, &item), GZ_OK);
    assert_string_equal(item.stem, "2016/12/03/alalam_636163786258551197");
    assert_false(item.has_original);

    size_t len = 0;
    void *bytes = grey_file(400, 300, (red_patch_t){0}, ".jpg", &len);
    newsroom_upload_t upload = {.bytes = bytes, .len = len, .file_name = "alalam.jpg"};
    newsroom_actor_t command = {.name = "gazette media import", .role = STORE_ROLE_ADMIN,
                                .file = "originals/alalam.jpg"};
    newsroom_media_result_t result;
    assert_int_equal(newsroom_media_import_original(fixture->store, &command, &fixture->config,
                                                    item.stem, &upload, &fixture->pool, &result),
                     GZ_OK);
    g_free(bytes);
    assert_int_equal(result.media_id, id);
    assert_int_equal(store_media_get(fixture->store, id, &fixture->pool, &item), GZ_OK);
    assert_true(item.has_original);
    assert_int_equal(item.width, 400);
    assert_string_equal(item.mime, "image/jpeg");
    assert_int_equal(
        count(fixture, "SELECT COUNT(*) FROM audit_log WHERE action = 'media-import'"
                       " AND detail = 'originals/alalam.jpg'"),
        1);
}

/* Saved by the editor with action, lead and body; the result's code. */
static int save_article(fixture_t *fixture, newsroom_action_t action, const char *lead,
                        const char *body, newsroom_result_t *result)
{
    content_article_t *article = gz_pool_calloc(&fixture->pool, 1, sizeof *article);
    article->headline = "Pictures of the flood";
    article->body_markdown = body;
    article->language = "en";
    article->lead_image = lead;
    article->content_type.id = 1;
    newsroom_edit_t edit = {.article = article, .action = action};
    return newsroom_save(fixture->store, &fixture->editor, &edit, &fixture->pool, result);
}

static void publishing_needs_alt_text_on_every_picture(void **state)
{
    fixture_t *fixture = *state;
    size_t len = 0;
    void *bytes = grey_file(64, 48, (red_patch_t){0}, ".jpg", &len);
    newsroom_upload_t bare = {.bytes = bytes, .len = len, .file_name = "no-alt.jpg"};
    newsroom_media_result_t uploaded;
    assert_int_equal(newsroom_media_upload(fixture->store, &fixture->writer, &fixture->config,
                                           &bare, &fixture->pool, &uploaded),
                     GZ_OK);
    g_free(bytes);
    int64_t described = upload_jpeg(fixture, 64, 48, "with-alt.jpg");
    const char *lead = gz_pool_printf(&fixture->pool, "media:%lld", (long long)described);
    const char *body = gz_pool_printf(&fixture->pool, "Water rose.\n\n![](media:%lld)\n",
                                      (long long)uploaded.media_id);
    newsroom_result_t result;
    assert_int_equal(save_article(fixture, NEWSROOM_PUBLISH, lead, body, &result), GZ_EINVAL);
    assert_false(result.not_allowed);
    assert_string_equal(result.message,
                        "Add alt text to these pictures before publishing: no-alt.jpg.");
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM articles"), 0);

    /* A draft may lack it; its uses are recorded, lead and body. */
    assert_int_equal(save_article(fixture, NEWSROOM_SAVE, lead, body, &result), GZ_OK);
    int64_t *users = NULL;
    size_t user_count = 0;
    assert_int_equal(store_media_usage(fixture->store, uploaded.media_id, &fixture->pool, &users,
                                       &user_count),
                     GZ_OK);
    assert_int_equal(user_count, 1);
    assert_int_equal(users[0], result.article_id);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM article_media WHERE role = 1"), 1);
    assert_int_equal(count(fixture, "SELECT COUNT(*) FROM article_media WHERE role = 2"), 1);

    bool remake = false;
    newsroom_media_result_t edited;
    newsroom_media_edit_t alt = {.alt = "Cars under water on Main Street"};
    assert_int_equal(newsroom_media_edit(fixture->store, &fixture->writer, uploaded.media_id,
                                         &alt, &fixture->pool, &remake, &edited),
                     GZ_OK);
    int64_t id = result.article_id;
    assert_int_equal(newsroom_move(fixture->store, &fixture->editor, id, 1, NEWSROOM_PUBLISH, NULL, 0,
                                   &fixture->pool, &result),
                     GZ_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(upload_is_stored_whole_with_its_audit_row, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(uploads_in_a_row_get_their_own_names, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_files_store_nothing_and_say_why, setup, teardown),
        cmocka_unit_test_setup_teardown(a_moved_focal_point_drops_the_old_derivatives, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_item_in_use_is_not_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(an_embed_is_stored_from_its_address, setup, teardown),
        cmocka_unit_test_setup_teardown(a_video_takes_a_poster_and_a_duration, setup, teardown),
        cmocka_unit_test_setup_teardown(an_imported_reference_waits_for_its_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(publishing_needs_alt_text_on_every_picture, setup,
                                        teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    media_shutdown();
    return failed;
}
