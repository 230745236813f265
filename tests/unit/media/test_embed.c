/* Embedded players: every address a journalist is likely to paste gives
 * the provider and id, anything else (another host, a crafted id, a
 * player address on a lookalike host) is refused with a sentence. */
#include "media_test_support.h"

static void assert_parsed(const char *url, media_embed_t expected_provider,
                          const char *expected_id)
{
    media_embed_t provider = MEDIA_EMBED_COUNT;
    gz_buf_t id = GZ_BUF_INIT, message = GZ_BUF_INIT;
    if (media_embed_parse_url(url, &provider, &id, &message) != GZ_OK)
        fail_msg("%s: %s", url, gz_buf_cstr(&message));
    assert_int_equal(provider, expected_provider);
    assert_string_equal(gz_buf_cstr(&id), expected_id);
    gz_buf_free(&id);
    gz_buf_free(&message);
}

static void assert_refused(const char *url, const char *expected_words)
{
    media_embed_t provider = MEDIA_EMBED_COUNT;
    gz_buf_t id = GZ_BUF_INIT, message = GZ_BUF_INIT;
    assert_int_equal(media_embed_parse_url(url, &provider, &id, &message), GZ_EINVAL);
    assert_int_equal(id.len, 0);
    if (strstr(gz_buf_cstr(&message), expected_words) == NULL)
        fail_msg("%s: '%s' does not say '%s'", url ? url : "NULL", gz_buf_cstr(&message),
                 expected_words);
    gz_buf_free(&id);
    gz_buf_free(&message);
}

static void pasted_addresses_give_provider_and_id(void **state)
{
    (void)state;
    assert_parsed("https://www.youtube.com/watch?v=dQw4w9WgXcQ", MEDIA_EMBED_YOUTUBE,
                  "dQw4w9WgXcQ");
    assert_parsed("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42s",
                  MEDIA_EMBED_YOUTUBE, "dQw4w9WgXcQ");
    assert_parsed("  https://youtu.be/dQw4w9WgXcQ?si=abc  ", MEDIA_EMBED_YOUTUBE, "dQw4w9WgXcQ");
    assert_parsed("https://www.youtube.com/shorts/aB3_-x9YzQw", MEDIA_EMBED_YOUTUBE,
                  "aB3_-x9YzQw");
    assert_parsed("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
                  MEDIA_EMBED_YOUTUBE, "dQw4w9WgXcQ");
    assert_parsed("http://youtube.com/live/dQw4w9WgXcQ#chat", MEDIA_EMBED_YOUTUBE,
                  "dQw4w9WgXcQ");
    assert_parsed("https://vimeo.com/76979871", MEDIA_EMBED_VIMEO, "76979871");
    assert_parsed("https://vimeo.com/channels/staffpicks/76979871/", MEDIA_EMBED_VIMEO,
                  "76979871");
    assert_parsed("https://player.vimeo.com/video/76979871?h=abc", MEDIA_EMBED_VIMEO, "76979871");
    assert_parsed("https://www.dailymotion.com/video/x7tgad0", MEDIA_EMBED_DAILYMOTION,
                  "x7tgad0");
    assert_parsed("https://www.dailymotion.com/embed/video/x7tgad0", MEDIA_EMBED_DAILYMOTION,
                  "x7tgad0");
    assert_parsed("https://dai.ly/x7tgad0", MEDIA_EMBED_DAILYMOTION, "x7tgad0");
}

static void other_addresses_are_refused(void **state)
{
    (void)state;
    assert_refused(NULL, "https://");
    assert_refused("youtube.com/watch?v=dQw4w9WgXcQ", "https://");
    assert_refused("javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", "https://");
    assert_refused("https://example.com/watch?v=dQw4w9WgXcQ", "Only YouTube, Vimeo");
    assert_refused("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "Only YouTube");
    assert_refused("https://evil.example/youtube.com/embed/dQw4w9WgXcQ", "Only YouTube");
    assert_refused("https://user@youtube.com/watch?v=dQw4w9WgXcQ", "https://");
    assert_refused("https://youtube.com:8443/watch?v=dQw4w9WgXcQ", "https://");
    assert_refused("https://www.youtube.com/watch?v=dQw4w9WgXc", "YouTube address");
    assert_refused("https://www.youtube.com/watch?v=dQw4w9%22XcQ", "YouTube address");
    assert_refused("https://vimeo.com/staff\"picks", "Vimeo address");
    assert_refused("https://www.dailymotion.com/video/x7t<gad0", "Dailymotion address");
    assert_refused("https://www.youtube.com/", "Only YouTube");
}

static void only_provider_ids_are_valid(void **state)
{
    (void)state;
    assert_true(media_embed_id_valid(MEDIA_EMBED_YOUTUBE, "dQw4w9WgXcQ"));
    assert_false(media_embed_id_valid(MEDIA_EMBED_YOUTUBE, "dQw4w9WgXc/"));
    assert_false(media_embed_id_valid(MEDIA_EMBED_VIMEO, "7697a"));
    assert_false(media_embed_id_valid(MEDIA_EMBED_COUNT, "x7tgad0"));
    assert_false(media_embed_id_valid(MEDIA_EMBED_DAILYMOTION, NULL));
    media_embed_t provider;
    assert_int_equal(media_embed_parse_name("vimeo", &provider), GZ_OK);
    assert_int_equal(provider, MEDIA_EMBED_VIMEO);
    assert_string_equal(media_embed_provider(provider)->origin, "https://player.vimeo.com");
    assert_int_equal(media_embed_parse_name("Vimeo", &provider), GZ_EINVAL);
    assert_null(media_embed_provider(MEDIA_EMBED_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pasted_addresses_give_provider_and_id),
        cmocka_unit_test(other_addresses_are_refused),
        cmocka_unit_test(only_provider_ids_are_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
